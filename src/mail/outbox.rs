//! One outbox message's delivery, as a pure state machine.
//!
//! ```text
//!            ┌──── sent ────▶ Sent (final)
//! Pending ───┤
//!            └── an error ──▶ Failed ── retried on the schedule ──▶ Sent | Failed
//! ```
//!
//! A message is written `Pending` in the same transaction as the event that causes it. The
//! worker tries it when it is due; a failure keeps it `Failed` with the last error and the
//! time of the next try ([`BACKOFF_SECONDS`], then every hour). A server that is down or
//! answers "try later" (4xx) is retried for as long as it takes. A server that refuses the
//! message itself (5xx: no such mailbox, a bad password) is tried [`PERMANENT_TRIES`] times
//! and then left `Failed` with no next try, for the secretary to see; a restart of the
//! portal tries it once more (the secretary may have fixed the password).

use chrono::{DateTime, Duration, Utc};

pub use crate::catalogue::MailTrouble;

/// Where a message stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MailState {
    /// Written, not yet tried.
    Pending,
    /// The SMTP server took it.
    Sent,
    /// The last try failed; see the last error and the next try.
    Failed,
}

impl MailState {
    /// The word stored in the database and shown by the JSON API.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::mail::MailState;
    /// assert_eq!(MailState::Failed.as_str(), "failed");
    /// assert_eq!(MailState::parse("sent"), Some(MailState::Sent));
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            MailState::Pending => "pending",
            MailState::Sent => "sent",
            MailState::Failed => "failed",
        }
    }

    /// The state a stored word names.
    pub fn parse(word: &str) -> Option<MailState> {
        match word {
            "pending" => Some(MailState::Pending),
            "sent" => Some(MailState::Sent),
            "failed" => Some(MailState::Failed),
            _ => None,
        }
    }
}

/// Why a try failed: the kind of trouble, and the server's or the system's own words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailFailure {
    /// What kind of trouble (the catalogue says it).
    pub trouble: MailTrouble,
    /// The server's or the system's words, never the message's body.
    pub detail: String,
}

/// How one try ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The server took the message.
    Sent,
    /// It did not.
    Failed(MailFailure),
}

impl Outcome {
    /// A failed try.
    pub fn failed(trouble: MailTrouble, detail: impl Into<String>) -> Outcome {
        Outcome::Failed(MailFailure {
            trouble,
            detail: detail.into(),
        })
    }
}

/// The waits after the 1st, 2nd, … failed try, in seconds; after the last, every hour.
pub const BACKOFF_SECONDS: [i64; 6] = [60, 120, 300, 900, 1800, 3600];

/// How many tries a message refused by the server gets before it waits for a restart.
pub const PERMANENT_TRIES: u32 = 3;

/// A message's delivery: its state, its tries and when the next one is due.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// Where it stands.
    pub state: MailState,
    /// Tries so far.
    pub attempts: u32,
    /// The last try's error, while it is not sent.
    pub last_error: Option<MailFailure>,
    /// When the worker tries next; None once sent, or when it waits for a restart.
    pub next_attempt: Option<DateTime<Utc>>,
    /// When the server took it.
    pub sent_at: Option<DateTime<Utc>>,
}

impl Delivery {
    /// A message just written: pending, due at once.
    pub fn new(now: DateTime<Utc>) -> Delivery {
        Delivery {
            state: MailState::Pending,
            attempts: 0,
            last_error: None,
            next_attempt: Some(now),
            sent_at: None,
        }
    }

    /// Whether the worker should try it at `now`.
    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.state != MailState::Sent && self.next_attempt.is_some_and(|at| at <= now)
    }

    /// The delivery after a try that ended with `outcome` at `now`.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::mail::{Delivery, MailState, MailTrouble, Outcome};
    /// let start = chrono::Utc::now();
    /// let down = Outcome::failed(MailTrouble::Unreachable, "connection refused");
    /// let first = Delivery::new(start).after(&down, start);
    /// assert_eq!((first.state, first.attempts), (MailState::Failed, 1));
    /// assert_eq!(first.next_attempt, Some(start + chrono::Duration::seconds(60)));
    /// let sent = first.after(&Outcome::Sent, start + chrono::Duration::seconds(60));
    /// assert_eq!((sent.state, sent.attempts, sent.next_attempt), (MailState::Sent, 2, None));
    /// assert_eq!(sent.last_error, None);
    /// ```
    pub fn after(&self, outcome: &Outcome, now: DateTime<Utc>) -> Delivery {
        if self.state == MailState::Sent {
            // Sent is final: a late answer about an earlier try changes nothing.
            return self.clone();
        }
        let attempts = self.attempts.saturating_add(1);
        match outcome {
            Outcome::Sent => Delivery {
                state: MailState::Sent,
                attempts,
                last_error: None,
                next_attempt: None,
                sent_at: Some(now),
            },
            Outcome::Failed(failure) => {
                let gives_up = failure.trouble.is_permanent() && attempts >= PERMANENT_TRIES;
                Delivery {
                    state: MailState::Failed,
                    attempts,
                    last_error: Some(failure.clone()),
                    next_attempt: (!gives_up).then(|| now + backoff(attempts)),
                    sent_at: None,
                }
            }
        }
    }

    /// The delivery when the portal starts again: anything not sent is due at once, so an
    /// outage that ended while the portal was down, or a password fixed before the restart,
    /// does not wait for the schedule.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::mail::{Delivery, MailTrouble, Outcome};
    /// let now = chrono::Utc::now();
    /// let refused = Outcome::failed(MailTrouble::Refused, "550 no such mailbox");
    /// let mut delivery = Delivery::new(now);
    /// for _ in 0..3 {
    ///     delivery = delivery.after(&refused, now);
    /// }
    /// assert!(!delivery.is_due(now + chrono::Duration::days(30)));
    /// assert!(delivery.resumed(now).is_due(now));
    /// ```
    pub fn resumed(&self, now: DateTime<Utc>) -> Delivery {
        let mut resumed = self.clone();
        if self.state != MailState::Sent {
            resumed.next_attempt = Some(now);
        }
        resumed
    }
}

/// The wait after the `attempts`-th failed try.
fn backoff(attempts: u32) -> Duration {
    let index = (attempts.max(1) as usize - 1).min(BACKOFF_SECONDS.len() - 1);
    Duration::seconds(BACKOFF_SECONDS[index])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_740_000_000 + seconds, 0).unwrap()
    }

    fn down() -> Outcome {
        Outcome::failed(MailTrouble::Unreachable, "connection refused")
    }

    #[test]
    fn a_server_that_is_down_is_retried_on_the_schedule_then_hourly_forever() {
        let mut delivery = Delivery::new(at(0));
        assert!(delivery.is_due(at(0)));
        let mut now = 0;
        let mut waits = Vec::new();
        for _ in 0..9 {
            delivery = delivery.after(&down(), at(now));
            let next = delivery
                .next_attempt
                .expect("a transient failure is retried");
            waits.push((next - at(now)).num_seconds());
            assert!(!delivery.is_due(at(now)));
            now = (next - at(0)).num_seconds();
            assert!(delivery.is_due(at(now)));
        }
        assert_eq!(waits, [60, 120, 300, 900, 1800, 3600, 3600, 3600, 3600]);
        assert_eq!(delivery.state, MailState::Failed);
        assert_eq!(delivery.attempts, 9);
        let error = delivery.last_error.as_ref().unwrap();
        assert_eq!(error.trouble, MailTrouble::Unreachable);
        assert_eq!(error.detail, "connection refused");
        let sent = delivery.after(&Outcome::Sent, at(now));
        assert_eq!(sent.state, MailState::Sent);
        assert_eq!(sent.sent_at, Some(at(now)));
        assert!(!sent.is_due(at(now + 10_000_000)));
    }

    #[test]
    fn a_refused_message_stops_after_its_tries_and_sent_is_final() {
        let refused = Outcome::failed(MailTrouble::Refused, "550 no such mailbox");
        let once = Delivery::new(at(0)).after(&refused, at(0));
        assert!(once.next_attempt.is_some());
        let thrice = once.after(&refused, at(60)).after(&refused, at(200));
        assert_eq!(thrice.attempts, PERMANENT_TRIES);
        assert_eq!(thrice.next_attempt, None);
        assert_eq!(thrice.state, MailState::Failed);

        let sent = Delivery::new(at(0)).after(&Outcome::Sent, at(1));
        assert_eq!(sent.after(&down(), at(2)), sent);
        assert_eq!(sent.resumed(at(3)), sent);
    }

    #[test]
    fn states_round_trip_through_their_words() {
        for state in [MailState::Pending, MailState::Sent, MailState::Failed] {
            assert_eq!(MailState::parse(state.as_str()), Some(state));
        }
        assert_eq!(MailState::parse("sending"), None);
    }
}
