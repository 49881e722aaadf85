//! The slowing of password guesses: every login attempt takes a turn in a schedule before its
//! password is checked, so that guesses sent in parallel get no more checks than guesses sent
//! one after another.
//!
//! Each attempt books its turn, under one lock, in two schedules — its client address's and
//! the global one of every anonymous attempt — and waits for the later of the two. A booking
//! counts as a failure until its password turns out right, so fifty attempts sent at once are
//! spaced exactly as fifty sent one by one: the first few go at once, then each waits longer
//! than the one before (up to [`Policy::max_spacing`]). An attempt whose turn would come
//! later than [`Policy::max_wait`] is not queued at all: it is answered 429 with the time to
//! come back, and books nothing. A guesser therefore gets one check per `max_spacing` in
//! all, whether from one address, from many, or in parallel.
//!
//! What keeps a guesser from locking the secretary out: a browser in which the secretary
//! has signed in before carries a device cookie (a random token whose SHA-256 the store
//! keeps), and its attempts take turns in that device's own schedule only — never behind the
//! anonymous crowd. A new browser during an ongoing attack waits in the global schedule (at
//! most `max_wait`, or is told when to come back); once the attack stops, the longest wait
//! is one `max_spacing`, and every count is forgotten after [`Policy::forget_after`].

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How attempts are spaced. [`Policy::default`] is what the portal uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Attempts from one address (or one device) that go at once.
    pub free_per_client: u32,
    /// Anonymous attempts from everywhere together that go at once.
    pub free_global: u32,
    /// The spacing after the first attempt past the free ones; it doubles with each
    /// attempt after that.
    pub first_spacing: Duration,
    /// The longest spacing between two checks of one schedule.
    pub max_spacing: Duration,
    /// The longest an attempt waits for its turn; one that would wait longer is refused
    /// at once (429) and told when to come back.
    pub max_wait: Duration,
    /// A schedule with no attempt for this long starts again from nothing.
    pub forget_after: Duration,
}

impl Default for Policy {
    /// Three attempts per client and ten in all go at once; then 0.25 s, 0.5 s, 1 s … up to
    /// 8 s between checks; no attempt waits more than 10 s; 15 quiet minutes forget
    /// everything. A guesser gets at most one check per 8 s — 450 an hour, about 10,800 a
    /// day — against a password of at least 10 characters.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let policy = zakrila::serve::throttle::Policy::default();
    /// assert_eq!(policy.max_spacing, Duration::from_secs(8));
    /// assert!(policy.max_wait >= policy.max_spacing);
    /// ```
    fn default() -> Policy {
        Policy {
            free_per_client: 3,
            free_global: 10,
            first_spacing: Duration::from_millis(250),
            max_spacing: Duration::from_secs(8),
            max_wait: Duration::from_secs(10),
            forget_after: Duration::from_secs(15 * 60),
        }
    }
}

impl Policy {
    /// The spacing a schedule asks after its `attempts`-th attempt, `free` of which go at
    /// once.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let policy = zakrila::serve::throttle::Policy::default();
    /// assert_eq!(policy.spacing(2, 3), Duration::ZERO);
    /// assert_eq!(policy.spacing(3, 3), Duration::from_millis(250));
    /// assert_eq!(policy.spacing(4, 3), Duration::from_millis(500));
    /// assert_eq!(policy.spacing(40, 3), Duration::from_secs(8));
    /// ```
    pub fn spacing(&self, attempts: u32, free: u32) -> Duration {
        if attempts < free {
            return Duration::ZERO;
        }
        let doublings = (attempts - free).min(20);
        (self.first_spacing * 2u32.pow(doublings)).min(self.max_spacing)
    }
}

/// Who is attempting, as the throttle tells attempts apart.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Client {
    /// A browser that carries a valid device cookie: the SHA-256 of its token.
    Device(String),
    /// Anyone else, by address (an IPv6 address by its /64 network, which one machine
    /// usually holds whole); `None` when the address is unknown.
    Anonymous(Option<IpAddr>),
}

/// One schedule's bookkeeping.
#[derive(Clone, Copy, Debug)]
struct Schedule {
    /// Attempts booked and not found right.
    attempts: u32,
    /// When the last attempt was booked.
    last: Instant,
    /// The earliest turn of the next attempt.
    next: Instant,
}

/// A schedule's key: the global one, an address (or network), or a device.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Global,
    Address(Option<IpAddr>),
    Device(String),
}

/// An attempt's place, or its refusal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Turn {
    /// Check the password after this wait.
    After(Duration),
    /// Refused: nothing is checked; come back after this long.
    Refused(Duration),
}

/// The login schedules of a running portal.
pub struct Throttle {
    policy: Policy,
    schedules: Mutex<Schedules>,
}

/// Every schedule, and the count above which the forgotten ones are swept out next.
struct Schedules {
    by_key: HashMap<Key, Schedule>,
    sweep_above: usize,
}

impl Default for Throttle {
    fn default() -> Throttle {
        Throttle::new(Policy::default())
    }
}

/// Schedules kept before the forgotten ones are swept out.
const SWEEP_ABOVE: usize = 1024;

impl Throttle {
    /// A throttle with its policy.
    pub fn new(policy: Policy) -> Throttle {
        Throttle {
            policy,
            schedules: Mutex::new(Schedules {
                by_key: HashMap::new(),
                sweep_above: SWEEP_ABOVE,
            }),
        }
    }

    /// The policy in force.
    pub fn policy(&self) -> Policy {
        self.policy
    }

    fn keys(client: &Client) -> Vec<(Key, bool)> {
        match client {
            Client::Device(hash) => vec![(Key::Device(hash.clone()), false)],
            Client::Anonymous(address) => vec![
                (Key::Address(address.map(network)), false),
                (Key::Global, true),
            ],
        }
    }

    /// Books `client`'s next attempt at `now`: its wait, or its refusal.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    /// use zakrila::serve::throttle::{Client, Throttle, Turn};
    /// let throttle = Throttle::default();
    /// let guesser = Client::Anonymous(Some([10, 0, 0, 9].into()));
    /// let now = Instant::now();
    /// // Four guesses sent at once: three go at once, the fourth waits its turn.
    /// let turns: Vec<Turn> = (0..4).map(|_| throttle.book(&guesser, now)).collect();
    /// assert_eq!(turns[2], Turn::After(Duration::ZERO));
    /// assert_eq!(turns[3], Turn::After(Duration::from_millis(250)));
    /// ```
    pub fn book(&self, client: &Client, now: Instant) -> Turn {
        let policy = self.policy;
        let mut schedules = self
            .schedules
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let schedules = &mut *schedules;
        if schedules.by_key.len() > schedules.sweep_above {
            schedules.by_key.retain(|_, schedule| {
                now.saturating_duration_since(schedule.last) < policy.forget_after
            });
            // Many addresses active at once: sweep again only when they have doubled.
            schedules.sweep_above = SWEEP_ABOVE.max(schedules.by_key.len() * 2);
        }
        let schedules = &mut schedules.by_key;
        let keys = Throttle::keys(client);
        let fresh = Schedule {
            attempts: 0,
            last: now,
            next: now,
        };
        let mut turn = now;
        for (key, _) in &keys {
            let schedule = schedules.entry(key.clone()).or_insert(fresh);
            if now.saturating_duration_since(schedule.last) >= policy.forget_after {
                *schedule = fresh;
            }
            turn = turn.max(schedule.next);
        }
        let wait = turn - now;
        if wait > policy.max_wait {
            // Come back when the wait would be within bounds again.
            return Turn::Refused((wait - policy.max_wait).max(Duration::from_secs(1)));
        }
        for (key, global) in &keys {
            let free = if *global {
                policy.free_global
            } else {
                policy.free_per_client
            };
            if let Some(schedule) = schedules.get_mut(key) {
                schedule.attempts = schedule.attempts.saturating_add(1);
                schedule.last = now;
                schedule.next = turn + policy.spacing(schedule.attempts, free);
            }
        }
        Turn::After(wait)
    }

    /// The password of `client`'s attempt was right: its own schedule starts again from
    /// nothing, and the global one no longer counts that attempt.
    pub fn succeeded(&self, client: &Client) {
        let mut schedules = self
            .schedules
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let schedules = &mut schedules.by_key;
        for (key, global) in Throttle::keys(client) {
            if global {
                if let Some(schedule) = schedules.get_mut(&key) {
                    schedule.attempts = schedule.attempts.saturating_sub(1);
                }
            } else {
                schedules.remove(&key);
            }
        }
    }
}

/// An address as the throttle counts it: IPv4 whole, IPv6 by its /64 network.
fn network(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut octets = v6.octets();
                octets[8..].fill(0);
                IpAddr::from(octets)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    const SECOND: Duration = Duration::from_secs(1);

    /// The checks an attacker gets within `horizon` when it keeps `in_flight` attempts
    /// going from `addresses` (round robin), each new one sent the moment one is answered
    /// or refused — a refused attempt comes back after the time it was told. The schedule
    /// is replayed on a clock of its own.
    fn checks_within(policy: Policy, in_flight: usize, addresses: u32, horizon: Duration) -> usize {
        let throttle = Throttle::new(policy);
        let start = Instant::now();
        // When each in-flight attempt is sent next, soonest first.
        let mut sends: BinaryHeap<Reverse<Instant>> =
            (0..in_flight).map(|_| Reverse(start)).collect();
        let mut checks = 0;
        let mut n = 0u32;
        while let Some(Reverse(at)) = sends.pop() {
            if at - start > horizon {
                break;
            }
            n += 1;
            let address = IpAddr::from((n % addresses.max(1)).to_be_bytes());
            let next = match throttle.book(&Client::Anonymous(Some(address)), at) {
                Turn::After(wait) => {
                    if (at + wait) - start <= horizon {
                        checks += 1;
                    }
                    // The check itself takes a moment; the next guess follows its answer.
                    at + wait + Duration::from_millis(1)
                }
                Turn::Refused(retry) => at + retry,
            };
            sends.push(Reverse(next));
        }
        checks
    }

    #[test]
    fn guesses_in_parallel_get_no_more_checks_than_guesses_one_by_one() {
        let policy = Policy::default();
        for horizon in [10 * SECOND, 60 * SECOND, 3600 * SECOND] {
            let one_by_one = checks_within(policy, 1, 1, horizon);
            for in_flight in [2, 50, 500] {
                let parallel = checks_within(policy, in_flight, 1, horizon);
                assert!(
                    parallel <= one_by_one,
                    "{in_flight} at once: {parallel} checks in {horizon:?}, one by one {one_by_one}"
                );
            }
        }
        // One by one, an hour gives about 3600 / 8 checks.
        let hour = checks_within(policy, 1, 1, 3600 * SECOND);
        assert!((440..=470).contains(&hour), "{hour}");
    }

    #[test]
    fn many_addresses_share_the_global_schedule() {
        let policy = Policy::default();
        let hour = 3600 * SECOND;
        let one_by_one = checks_within(policy, 1, 1, hour);
        for addresses in [10, 1000] {
            let botnet = checks_within(policy, 200, addresses, hour);
            // Each new address may go through its own free attempts, but never past the
            // global schedule: the global free ones are the only extra.
            assert!(
                botnet <= one_by_one + policy.free_global as usize,
                "{addresses} addresses: {botnet} checks, one address one by one {one_by_one}"
            );
        }
    }

    #[test]
    fn a_flood_never_keeps_the_secretarys_browser_waiting() {
        let throttle = Throttle::default();
        let now = Instant::now();
        for n in 0..10_000u32 {
            throttle.book(&Client::Anonymous(Some(IpAddr::from(n.to_be_bytes()))), now);
        }
        let anonymous = throttle.book(&Client::Anonymous(Some([10, 1, 1, 1].into())), now);
        assert!(matches!(anonymous, Turn::Refused(_)), "{anonymous:?}");
        // The secretary's browser, known by its device cookie, goes at once.
        let device = Client::Device("ab".repeat(32));
        assert_eq!(throttle.book(&device, now), Turn::After(Duration::ZERO));
        // Its own mistakes still slow it down, as any client's.
        for _ in 0..3 {
            throttle.book(&device, now);
        }
        assert!(matches!(throttle.book(&device, now), Turn::After(wait) if wait > Duration::ZERO));
    }

    #[test]
    fn after_an_attack_stops_a_new_browser_waits_at_most_one_spacing() {
        let policy = Policy::default();
        let throttle = Throttle::new(policy);
        let start = Instant::now();
        // An hour of guessing from many addresses, 50 at a time, every second.
        for second in 0..3600u64 {
            let at = start + Duration::from_secs(second);
            for n in 0..50u32 {
                throttle.book(
                    &Client::Anonymous(Some(IpAddr::from((n * 7919 + 1).to_be_bytes()))),
                    at,
                );
            }
        }
        // The attack stops; the secretary tries from a new browser a moment later.
        let after = start + Duration::from_secs(3601);
        let secretary = Client::Anonymous(Some([192, 168, 1, 20].into()));
        match throttle.book(&secretary, after) {
            Turn::After(wait) => assert!(wait <= policy.max_spacing + SECOND, "{wait:?}"),
            Turn::Refused(retry) => {
                assert!(retry <= policy.max_spacing, "{retry:?}");
                assert!(matches!(
                    throttle.book(&secretary, after + retry),
                    Turn::After(wait) if wait <= policy.max_wait
                ));
            }
        }
        // Fifteen quiet minutes later everything is forgotten.
        let later = after + policy.forget_after + SECOND;
        let other = Client::Anonymous(Some([192, 168, 1, 21].into()));
        assert_eq!(throttle.book(&other, later), Turn::After(Duration::ZERO));
    }

    #[test]
    fn a_right_password_forgets_the_clients_attempts() {
        let throttle = Throttle::default();
        let here = Client::Anonymous(Some([127, 0, 0, 1].into()));
        let now = Instant::now();
        for _ in 0..3 {
            assert_eq!(throttle.book(&here, now), Turn::After(Duration::ZERO));
        }
        assert!(matches!(throttle.book(&here, now), Turn::After(wait) if wait > Duration::ZERO));
        throttle.succeeded(&here);
        let later = now + 20 * SECOND;
        assert_eq!(throttle.book(&here, later), Turn::After(Duration::ZERO));
    }

    #[test]
    fn one_ipv6_machine_is_one_client() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(network(a), network(b));
        assert_ne!(network(a), network(c));
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().unwrap();
        assert_eq!(network(mapped), IpAddr::from([10, 0, 0, 1]));
    }
}
