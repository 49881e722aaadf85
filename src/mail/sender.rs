//! The outbox's worker, written against two traits so that its logic is tested without a
//! database or a network: [`MailStore`] (the outbox table) and [`Transport`] (SMTP).
//!
//! One pass ([`send_due`]) takes the messages that are due, oldest first, sends each and
//! records how it went before taking the next, so a crash between two messages loses
//! nothing and repeats nothing already recorded. A failure that is the server's (down,
//! busy, a broken secure connection) ends the pass: every other message would fail the same
//! way, and the server is not hammered. The loop ([`run`]) then waits for the next message
//! that is due, for the server's pause, or for a new message, whichever comes first.

use std::future::Future;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};

use super::outbox::{Delivery, Outcome};

/// One message as the worker sends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingMail {
    /// Its number in the outbox.
    pub id: i64,
    /// The recipient's address.
    pub to: String,
    /// The subject.
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part.
    pub html: String,
    /// The `Message-ID`, the same on every try, so a mail program that got it twice after a
    /// crash (see RELIABILITY.md) shows it once.
    pub message_id: String,
    /// Where it stands.
    pub delivery: Delivery,
}

/// The outbox table, as the worker needs it.
pub trait MailStore {
    /// Why the store could not answer.
    type Error: std::fmt::Display + Send;

    /// Up to `limit` messages due at `now`, oldest first.
    fn due(
        &self,
        now: DateTime<Utc>,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<OutgoingMail>, Self::Error>> + Send;

    /// Records a message's delivery after a try (committed before it returns).
    fn record(
        &self,
        id: i64,
        delivery: &Delivery,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send;

    /// When the next message not yet sent is due, if any.
    fn next_due(&self) -> impl Future<Output = Result<Option<DateTime<Utc>>, Self::Error>> + Send;
}

/// Sends one message and says how it went.
pub trait Transport {
    /// One try.
    fn send(&self, mail: &OutgoingMail) -> impl Future<Output = Outcome> + Send;
}

/// What one pass did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SendReport {
    /// Messages the server took.
    pub sent: usize,
    /// Messages that failed this pass.
    pub failed: usize,
    /// The pass ended on a server's failure: try nothing before this time.
    pub pause_until: Option<DateTime<Utc>>,
    /// The pass took as many messages as it could: more may be due.
    pub full: bool,
}

/// How many messages one pass takes.
pub const BATCH: usize = 20;

/// The longest the worker waits after the server failed before it tries it again, however
/// far the failed message's own schedule has grown: a server back up is noticed within
/// five minutes.
pub const SERVER_PAUSE_CAP: i64 = 300;

/// One pass over the messages that are due.
///
/// # Errors
///
/// The store's error, when it cannot list or record; a message whose try was not recorded
/// is tried again by the next pass.
pub async fn send_due<S: MailStore, T: Transport>(
    store: &S,
    transport: &T,
    now: impl Fn() -> DateTime<Utc>,
) -> Result<SendReport, S::Error> {
    let batch = store.due(now(), BATCH).await?;
    let mut report = SendReport {
        full: batch.len() == BATCH,
        ..SendReport::default()
    };
    for mail in batch {
        let outcome = transport.send(&mail).await;
        let at = now();
        let delivery = mail.delivery.after(&outcome, at);
        store.record(mail.id, &delivery).await?;
        match &outcome {
            Outcome::Sent => report.sent += 1,
            Outcome::Failed(failure) => {
                report.failed += 1;
                if !failure.trouble.is_permanent() {
                    let cap = at + Duration::seconds(SERVER_PAUSE_CAP);
                    report.pause_until = Some(delivery.next_attempt.map_or(cap, |t| t.min(cap)));
                    report.full = false;
                    break;
                }
            }
        }
    }
    Ok(report)
}

/// How long the worker sleeps when nothing is due: it also wakes for every new message.
pub const IDLE: StdDuration = StdDuration::from_secs(600);

/// What wakes the worker before its time.
#[derive(Debug, Default)]
pub struct Wake {
    /// Notified when a message is written: sent at once, unless the server is in its pause.
    pub written: tokio::sync::Notify,
    /// Notified when the secretary asks to try again now (the server is back, she was
    /// told): it ends a server's pause too.
    pub retry: tokio::sync::Notify,
}

/// The worker: passes for as long as the portal runs. `wake` says when to look before its
/// time; `log` gets one line per pass that did something (numbers and counts only).
pub async fn run<S: MailStore, T: Transport>(
    store: S,
    transport: T,
    wake: &Wake,
    log: impl Fn(&str),
) {
    loop {
        let report = match send_due(&store, &transport, Utc::now).await {
            Ok(report) => report,
            Err(err) => {
                log(&format!("mail: the outbox could not be read: {err}"));
                SendReport {
                    pause_until: Some(Utc::now() + Duration::seconds(60)),
                    ..SendReport::default()
                }
            }
        };
        if report.sent + report.failed > 0 {
            log(&format!(
                "mail: {} sent, {} failed{}",
                report.sent,
                report.failed,
                if report.pause_until.is_some() {
                    "; the server will be tried again later"
                } else {
                    ""
                }
            ));
        }
        if report.full {
            continue;
        }
        let now = Utc::now();
        let until = match report.pause_until {
            Some(pause) => Some(pause),
            None => store.next_due().await.ok().flatten(),
        };
        let wait = until
            .map(|at| (at - now).to_std().unwrap_or(StdDuration::ZERO))
            .unwrap_or(IDLE)
            .min(IDLE);
        if report.pause_until.is_some() {
            // During a server's pause a new message waits too: it would only fail. Only
            // the secretary's "try again now" ends it.
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = wake.retry.notified() => {}
            }
        } else {
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = wake.written.notified() => {}
                _ = wake.retry.notified() => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::outbox::{MailState, MailTrouble};
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    /// An outbox in memory.
    #[derive(Default)]
    struct Memory {
        mails: Mutex<BTreeMap<i64, OutgoingMail>>,
        records: Mutex<usize>,
    }

    impl Memory {
        fn with(count: i64, now: DateTime<Utc>) -> Memory {
            let memory = Memory::default();
            for id in 1..=count {
                memory.mails.lock().unwrap().insert(
                    id,
                    OutgoingMail {
                        id,
                        to: format!("i{id}@ruse.bg"),
                        subject: format!("писмо {id}"),
                        text: String::new(),
                        html: String::new(),
                        message_id: format!("<{id}@zakrila>"),
                        delivery: Delivery::new(now),
                    },
                );
            }
            memory
        }

        fn state(&self, id: i64) -> Delivery {
            self.mails.lock().unwrap()[&id].delivery.clone()
        }
    }

    impl MailStore for Memory {
        type Error = String;
        async fn due(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<OutgoingMail>, String> {
            Ok(self
                .mails
                .lock()
                .unwrap()
                .values()
                .filter(|mail| mail.delivery.is_due(now))
                .take(limit)
                .cloned()
                .collect())
        }
        async fn record(&self, id: i64, delivery: &Delivery) -> Result<(), String> {
            *self.records.lock().unwrap() += 1;
            self.mails.lock().unwrap().get_mut(&id).unwrap().delivery = delivery.clone();
            Ok(())
        }
        async fn next_due(&self) -> Result<Option<DateTime<Utc>>, String> {
            Ok(self
                .mails
                .lock()
                .unwrap()
                .values()
                .filter_map(|mail| mail.delivery.next_attempt)
                .min())
        }
    }

    /// A transport that answers from a script and remembers what it was given.
    struct Scripted {
        answers: Mutex<Vec<Outcome>>,
        sent: Mutex<Vec<i64>>,
    }

    impl Scripted {
        fn new(answers: Vec<Outcome>) -> Scripted {
            Scripted {
                answers: Mutex::new(answers.into_iter().rev().collect()),
                sent: Mutex::new(Vec::new()),
            }
        }
    }

    impl Transport for Scripted {
        async fn send(&self, mail: &OutgoingMail) -> Outcome {
            let outcome = self.answers.lock().unwrap().pop().unwrap_or(Outcome::Sent);
            if outcome == Outcome::Sent {
                self.sent.lock().unwrap().push(mail.id);
            }
            outcome
        }
    }

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_740_000_000 + seconds, 0).unwrap()
    }

    #[tokio::test]
    async fn a_server_down_then_up_sends_each_message_once() {
        let store = Memory::with(3, at(0));
        let down = || Outcome::failed(MailTrouble::Unreachable, "connection refused");
        let transport = Scripted::new(vec![down(), down()]);

        let first = send_due(&store, &transport, || at(0)).await.unwrap();
        assert_eq!((first.sent, first.failed), (0, 1));
        assert_eq!(first.pause_until, Some(at(60)));
        assert_eq!(store.state(1).state, MailState::Failed);
        // The pass stopped at the server's failure: the others were not tried.
        assert_eq!(store.state(2).attempts, 0);

        let second = send_due(&store, &transport, || at(60)).await.unwrap();
        assert_eq!((second.sent, second.failed), (0, 1));

        let third = send_due(&store, &transport, || at(400)).await.unwrap();
        assert_eq!((third.sent, third.failed, third.pause_until), (3, 0, None));
        let fourth = send_due(&store, &transport, || at(100_000)).await.unwrap();
        assert_eq!((fourth.sent, fourth.failed), (0, 0));
        assert_eq!(*transport.sent.lock().unwrap(), [1, 2, 3]);
        for id in 1..=3 {
            assert_eq!(store.state(id).state, MailState::Sent);
        }
    }

    #[tokio::test]
    async fn a_refused_message_does_not_hold_up_the_others() {
        let store = Memory::with(3, at(0));
        let transport = Scripted::new(vec![
            Outcome::Sent,
            Outcome::failed(MailTrouble::Refused, "550 5.1.1 no such mailbox"),
        ]);
        let report = send_due(&store, &transport, || at(0)).await.unwrap();
        assert_eq!(
            (report.sent, report.failed, report.pause_until),
            (2, 1, None)
        );
        let refused = store.state(2);
        assert_eq!(refused.state, MailState::Failed);
        assert_eq!(
            refused.last_error.unwrap().detail,
            "550 5.1.1 no such mailbox"
        );
        assert_eq!(*store.records.lock().unwrap(), 3);
    }

    #[tokio::test]
    async fn the_pause_after_a_long_outage_is_capped() {
        let store = Memory::with(1, at(0));
        let mut delivery = store.state(1);
        for _ in 0..8 {
            delivery = delivery.after(
                &Outcome::failed(MailTrouble::Unreachable, "timed out"),
                at(0),
            );
        }
        store.record(1, &delivery).await.unwrap();
        let transport = Scripted::new(vec![Outcome::failed(MailTrouble::Busy, "421 try later")]);
        let report = send_due(&store, &transport, || at(3600)).await.unwrap();
        assert_eq!(report.pause_until, Some(at(3600 + SERVER_PAUSE_CAP)));
    }
}
