//! When the portal writes by itself: reminders before and after a due date, and the
//! secretary's daily line. Pure functions over dates and states; the portal calls them from
//! its worker and writes what they return to the outbox.
//!
//! A reminder goes to an institution that is missing (has sent no file in the round) and
//! has an address, in three stages around the due date: a week before, the day before and
//! the day after. A stage that fell on a day the portal was not running is caught up within
//! its window (`week` until two days before, `day before` until the due date, `day after`
//! until three days after), and said with the real distance ("in 4 days"). Any reminder —
//! automatic or by hand — sent on or after a stage's first day counts for that stage, so no
//! institution gets two reminders in one day, nor a second one for a stage a hand reminder
//! already covered.

use chrono::{Duration, NaiveDate, NaiveDateTime, Timelike};

/// A stage of the automatic reminders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReminderStage {
    /// Seven days before the due date (caught up until two days before).
    WeekBefore,
    /// The day before (caught up until the due date itself).
    DayBefore,
    /// The day after (caught up until three days after).
    DayAfter,
}

impl ReminderStage {
    /// Every stage, in time order.
    pub const ALL: [ReminderStage; 3] = [
        ReminderStage::WeekBefore,
        ReminderStage::DayBefore,
        ReminderStage::DayAfter,
    ];

    /// The stage's first and last day for a due date.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::mail::ReminderStage;
    /// let due: chrono::NaiveDate = "2025-03-31".parse().unwrap();
    /// let (first, last) = ReminderStage::WeekBefore.window(due);
    /// assert_eq!((first.to_string(), last.to_string()), ("2025-03-24".into(), "2025-03-29".into()));
    /// ```
    pub fn window(self, due: NaiveDate) -> (NaiveDate, NaiveDate) {
        let (first, last) = match self {
            ReminderStage::WeekBefore => (-7, -2),
            ReminderStage::DayBefore => (-1, 0),
            ReminderStage::DayAfter => (1, 3),
        };
        (due + Duration::days(first), due + Duration::days(last))
    }

    /// The word kept in the outbox.
    pub fn as_str(self) -> &'static str {
        match self {
            ReminderStage::WeekBefore => "week-before",
            ReminderStage::DayBefore => "day-before",
            ReminderStage::DayAfter => "day-after",
        }
    }

    /// The stage whose window holds `today`, if any.
    pub fn of(today: NaiveDate, due: NaiveDate) -> Option<ReminderStage> {
        ReminderStage::ALL.into_iter().find(|stage| {
            let (first, last) = stage.window(due);
            (first..=last).contains(&today)
        })
    }
}

/// An institution as the reminder rule sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReminderCandidate<'a> {
    /// The institution.
    pub institution: &'a str,
    /// It has sent no file in this round.
    pub missing: bool,
    /// The portal knows an address to write to.
    pub has_address: bool,
    /// The last day it was sent a reminder in this round, by hand or automatically.
    pub last_reminded: Option<NaiveDate>,
}

/// The reminders to write today: each institution that is missing, has an address and has
/// had no reminder since the current stage began, with the stage.
///
/// # Examples
///
/// ```
/// use zakrila::mail::{ReminderCandidate, ReminderStage, reminders_due};
/// let day = |text: &str| text.parse::<chrono::NaiveDate>().unwrap();
/// let ruo = ReminderCandidate { institution: "РУО", missing: true, has_address: true, last_reminded: None };
/// let due = day("2025-03-31");
/// assert_eq!(reminders_due(day("2025-03-24"), due, &[ruo.clone()]), [("РУО", ReminderStage::WeekBefore)]);
/// assert!(reminders_due(day("2025-03-20"), due, &[ruo.clone()]).is_empty());
/// let reminded = ReminderCandidate { last_reminded: Some(day("2025-03-24")), ..ruo };
/// assert!(reminders_due(day("2025-03-24"), due, &[reminded.clone()]).is_empty());
/// assert_eq!(reminders_due(day("2025-03-30"), due, &[reminded]), [("РУО", ReminderStage::DayBefore)]);
/// ```
pub fn reminders_due<'a>(
    today: NaiveDate,
    due: NaiveDate,
    candidates: &[ReminderCandidate<'a>],
) -> Vec<(&'a str, ReminderStage)> {
    let Some(stage) = ReminderStage::of(today, due) else {
        return Vec::new();
    };
    let (first, _) = stage.window(due);
    candidates
        .iter()
        .filter(|candidate| candidate.missing && candidate.has_address)
        .filter(|candidate| candidate.last_reminded.is_none_or(|day| day < first))
        .map(|candidate| (candidate.institution, stage))
        .collect()
}

/// The hour (local time) from which automatic reminders go out: nobody is reminded at
/// midnight.
pub const REMINDER_HOUR: u32 = 9;

/// The hour (local time) from which the secretary's daily line goes out, covering what
/// arrived since the last one.
pub const DAILY_LINE_HOUR: u32 = 17;

/// Whether automatic reminders may be written at `now` (local time).
pub fn is_reminder_time(now: NaiveDateTime) -> bool {
    now.hour() >= REMINDER_HOUR
}

/// Whether the secretary's daily line is due at `now` (local time): something arrived
/// since the last line, it is late enough in the day, and no line went today.
///
/// # Examples
///
/// ```
/// use zakrila::mail::reminders::daily_line_due;
/// let now: chrono::NaiveDateTime = "2025-03-03T17:30:00".parse().unwrap();
/// assert!(daily_line_due(now, None, 2));
/// assert!(!daily_line_due(now, None, 0));
/// assert!(!daily_line_due(now, Some(now.date()), 2));
/// assert!(!daily_line_due("2025-03-03T09:00:00".parse().unwrap(), None, 2));
/// ```
pub fn daily_line_due(now: NaiveDateTime, last_sent_on: Option<NaiveDate>, arrived: usize) -> bool {
    // Before today, not just "not today": a clock set back must not send a second line for
    // a day already covered.
    arrived > 0 && now.hour() >= DAILY_LINE_HOUR && last_sent_on.is_none_or(|day| day < now.date())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn candidate<'a>(name: &'a str, missing: bool, last: Option<&str>) -> ReminderCandidate<'a> {
        ReminderCandidate {
            institution: name,
            missing,
            has_address: true,
            last_reminded: last.map(day),
        }
    }

    /// Every day from three weeks before to a week after, with reminders recorded as they
    /// go out: each missing institution gets exactly the three stages, on their first days.
    #[test]
    fn a_whole_round_sends_each_stage_once_on_its_day() {
        let due = day("2025-03-31");
        let mut last: Option<NaiveDate> = None;
        let mut sent = Vec::new();
        let mut today = due - Duration::days(21);
        while today <= due + Duration::days(7) {
            let institutions = [ReminderCandidate {
                last_reminded: last,
                ..candidate("РУО", true, None)
            }];
            for (_, stage) in reminders_due(today, due, &institutions) {
                sent.push((today.to_string(), stage));
                last = Some(today);
            }
            today += Duration::days(1);
        }
        assert_eq!(
            sent,
            [
                ("2025-03-24".to_string(), ReminderStage::WeekBefore),
                ("2025-03-30".to_string(), ReminderStage::DayBefore),
                ("2025-04-01".to_string(), ReminderStage::DayAfter),
            ]
        );
    }

    #[test]
    fn only_the_missing_with_an_address_are_reminded() {
        let due = day("2025-03-31");
        let mut no_address = candidate("ОДМВР", true, None);
        no_address.has_address = false;
        let list = [
            candidate("РУО", true, None),
            candidate("РЗИ", false, None),
            no_address,
        ];
        assert_eq!(
            reminders_due(day("2025-03-30"), due, &list),
            [("РУО", ReminderStage::DayBefore)]
        );
    }

    #[test]
    fn a_missed_stage_is_caught_up_within_its_window_only() {
        let due = day("2025-03-31");
        let ruo = [candidate("РУО", true, None)];
        assert_eq!(
            reminders_due(day("2025-03-27"), due, &ruo),
            [("РУО", ReminderStage::WeekBefore)]
        );
        assert_eq!(
            reminders_due(day("2025-03-31"), due, &ruo),
            [("РУО", ReminderStage::DayBefore)]
        );
        assert_eq!(
            reminders_due(day("2025-04-03"), due, &ruo),
            [("РУО", ReminderStage::DayAfter)]
        );
        assert!(reminders_due(day("2025-04-04"), due, &ruo).is_empty());
        assert!(reminders_due(day("2025-03-23"), due, &ruo).is_empty());
    }

    #[test]
    fn a_reminder_by_hand_counts_for_the_stage_it_falls_in() {
        let due = day("2025-03-31");
        // Reminded by hand on the 26th: the week's stage is covered, the day before is not.
        let ruo = [candidate("РУО", true, Some("2025-03-26"))];
        assert!(reminders_due(day("2025-03-27"), due, &ruo).is_empty());
        assert_eq!(
            reminders_due(day("2025-03-30"), due, &ruo),
            [("РУО", ReminderStage::DayBefore)]
        );
        // Reminded by hand on the due date: the day before's stage is covered.
        let late = [candidate("РУО", true, Some("2025-03-31"))];
        assert!(reminders_due(day("2025-03-31"), due, &late).is_empty());
    }

    #[test]
    fn the_daily_line_once_a_day_after_its_hour() {
        let evening: NaiveDateTime = "2025-03-03T18:00:00".parse().unwrap();
        assert!(daily_line_due(evening, Some(day("2025-03-02")), 1));
        assert!(!daily_line_due(evening, Some(day("2025-03-04")), 1));
        assert!(is_reminder_time("2025-03-03T09:00:00".parse().unwrap()));
        assert!(!is_reminder_time("2025-03-03T08:59:00".parse().unwrap()));
    }
}
