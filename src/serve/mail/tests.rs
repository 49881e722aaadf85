//! The rules of the portal's e-mail through the real store.

use chrono::NaiveDate;

use crate::config::Programme;
use crate::round::CONTRIBUTIONS as ROUND;
use crate::serve::AppState;
use crate::serve::store::{NewSubmission, Store};

use super::{queue_daily_line, queue_reminders};

/// A portal on the Ruse sample with `[mail]`, a due date and two addresses, its store
/// in `folder`.
fn portal(folder: &std::path::Path) -> AppState {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/ruse-2025/programme.toml"
    );
    let text = std::fs::read_to_string(path)
        .unwrap()
        .replacen(
            "name = \"РУО – Русе\"",
            "name = \"РУО – Русе\"\nemail = \"ruo@ruse.bg\"",
            1,
        )
        .replacen(
            "name = \"РЗИ – Русе\"",
            "name = \"РЗИ – Русе\"\nemail = \"rzi@ruse.bg\"",
            1,
        )
        + "\n[portal]\ncontributions_due = 2025-03-31\n\
           [mail]\nsmtp = \"127.0.0.1:9\"\nsecurity = \"none\"\nfrom = \"k@ruse.bg\"\n";
    let programme = Programme::from_bytes(path.as_ref(), text.as_bytes()).unwrap();
    let store = Store::open(folder).unwrap();
    crate::serve::state(
        programme,
        store,
        20,
        "https://zakrila.ruse.bg".into(),
        crate::serve::throttle::Policy::default(),
    )
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn reminders(state: &AppState) -> Vec<(String, String, String)> {
    let mut store = state.store();
    let connection = store.connection();
    let mut statement = connection
        .prepare("SELECT institution, stage, day FROM outbox WHERE kind = 'reminder' ORDER BY id")
        .unwrap();
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn link_upload(state: &AppState, institution: &str) {
    state
        .store()
        .add_submission(&NewSubmission {
            round: ROUND,
            institution,
            file_name: "f.xlsx",
            bytes: b"x",
            sha256: "s",
            rows: 1,
            errors: 0,
            warnings: 0,
            named_institution: Some(institution),
            contact_email: None,
            round_id: None,
            report_bg: "{}",
            report_en: "{}",
            kind: crate::round::Kind::Readable,
            sent_by: crate::round::Sender::Link,
        })
        .unwrap();
}

fn daily_lines(state: &AppState) -> Vec<(String, String)> {
    let mut store = state.store();
    let mut statement = store
        .connection()
        .prepare("SELECT to_address, body_text FROM outbox WHERE kind = 'daily' ORDER BY id")
        .unwrap();
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn the_daily_line_goes_after_its_hour_once_a_day_and_only_when_something_arrived() {
    let folder = tempfile::tempdir().unwrap();
    let state = portal(folder.path());
    let today = chrono::Local::now().date_naive();
    let at = |day: NaiveDate, hour: u32| day.and_hms_opt(hour, 0, 0).unwrap();
    let tomorrow = today.succ_opt().unwrap();
    // Nothing arrived: no line, even in the evening.
    assert!(!queue_daily_line(&state, at(today, 18)).unwrap());
    link_upload(&state, "РЗИ – Русе");
    link_upload(&state, "РЗИ – Русе");
    assert!(
        !queue_daily_line(&state, at(today, 12)).unwrap(),
        "before 17:00"
    );
    assert!(queue_daily_line(&state, at(today, 18)).unwrap());
    assert!(
        !queue_daily_line(&state, at(today, 19)).unwrap(),
        "once a day"
    );
    assert!(
        !queue_daily_line(&state, at(tomorrow, 18)).unwrap(),
        "nothing new since the last line"
    );
    std::thread::sleep(std::time::Duration::from_millis(5));
    link_upload(&state, "РУО – Русе");
    assert!(queue_daily_line(&state, at(tomorrow, 18)).unwrap());
    let lines = daily_lines(&state);
    assert_eq!(lines.len(), 2);
    // To the sender's address (no `secretary` set); the first counts РЗИ's two files, the
    // second only РУО's new one.
    assert!(lines.iter().all(|(to, _)| to == "k@ruse.bg"), "{lines:?}");
    assert!(lines[0].1.contains("РЗИ – Русе"), "{}", lines[0].1);
    assert!(!lines[0].1.contains("РУО – Русе"));
    assert!(lines[1].1.contains("РУО – Русе"), "{}", lines[1].1);
    assert!(!lines[1].1.contains("РЗИ – Русе"));
}

#[test]
fn automatic_reminders_go_to_the_missing_on_their_days_and_never_twice_a_day() {
    let folder = tempfile::tempdir().unwrap();
    let state = portal(folder.path());
    let mut i = 0;
    state
        .store()
        .links(&state.institution_names(), || {
            i += 1;
            format!("token-{i}")
        })
        .unwrap();
    // The РЗИ has sent a file: it is not missing.
    state
        .store()
        .add_submission(&NewSubmission {
            round: ROUND,
            institution: "РЗИ – Русе",
            file_name: "rzi.xlsx",
            bytes: b"x",
            sha256: "s",
            rows: 1,
            errors: 0,
            warnings: 0,
            named_institution: Some("РЗИ – Русе"),
            contact_email: None,
            round_id: None,
            report_bg: "{}",
            report_en: "{}",
            kind: crate::round::Kind::Readable,
            sent_by: crate::round::Sender::Link,
        })
        .unwrap();

    assert_eq!(queue_reminders(&state, None, day("2025-03-20")).unwrap(), 0);
    assert_eq!(queue_reminders(&state, None, day("2025-03-24")).unwrap(), 1);
    assert_eq!(queue_reminders(&state, None, day("2025-03-24")).unwrap(), 0);
    assert_eq!(queue_reminders(&state, None, day("2025-03-26")).unwrap(), 0);
    // By hand on the 30th, then the day before's stage finds it reminded that day.
    let manual = queue_reminders(&state, Some(&[]), day("2025-03-30")).unwrap();
    assert_eq!(manual, 1);
    assert_eq!(queue_reminders(&state, None, day("2025-03-30")).unwrap(), 0);
    assert_eq!(queue_reminders(&state, None, day("2025-04-01")).unwrap(), 1);
    assert_eq!(queue_reminders(&state, None, day("2025-04-02")).unwrap(), 0);
    assert_eq!(
        reminders(&state),
        [
            (
                "РУО – Русе".to_string(),
                "contribution:2025-03-31:week-before".to_string(),
                "2025-03-24".to_string()
            ),
            (
                "РУО – Русе".to_string(),
                "manual".to_string(),
                "2025-03-30".to_string()
            ),
            (
                "РУО – Русе".to_string(),
                "contribution:2025-03-31:day-after".to_string(),
                "2025-04-01".to_string()
            ),
        ]
    );
    // A file kept without the portal's hook (as `add_submission` alone) has no receipt:
    // the receipt is written by the upload route's hook, in its transaction.
    let receipts: i64 = state
        .store()
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM outbox WHERE kind = 'receipt'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(
        receipts, 0,
        "add_submission without the hook writes no receipt"
    );
}
