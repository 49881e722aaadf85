//! What the `contribution` and `contribution_xml` targets check of one contribution's
//! bytes: read against the Ruse 2025 programme, the result must keep the promises of
//! `zakrila::submission`:
//!
//! - every data row is in an accepted activity, in `rejected_rows` or in `skipped_rows`
//!   (a row that holds no activity), in exactly one;
//! - every accepted activity has at least one lead and at least one indicator;
//! - every finding has a one-line, non-empty message in both languages;
//! - whatever the reader accepted, `merge` and the programme workbook writer accept too,
//!   and the `Данни` sheet written reads back (as `zakrila report new` reads it).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::LazyLock;

use zakrila::config::Programme;
use zakrila::catalogue::Lang;
use zakrila::read::Limits;

pub static PROGRAMME: LazyLock<Programme> = LazyLock::new(|| {
    Programme::load(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../samples/ruse-2025/programme.toml"
        )
        .as_ref(),
    )
    .expect("the Ruse 2025 sample programme loads")
});

/// Where the programme workbook is written to be read back: `read_data` reads a path.
/// One file per process, so that parallel fuzzers never share it.
static READ_BACK: LazyLock<PathBuf> = LazyLock::new(|| {
    std::env::temp_dir().join(format!(
        "zakrila-fuzz-programme-{}.xlsx",
        std::process::id()
    ))
});

pub fn check_contribution(bytes: Vec<u8>) {
    let submission =
        zakrila::validate::contribution::read_bytes(bytes, "fuzz.xlsx", &PROGRAMME, Limits::default());

    // Row accounting: `rows_accepted()` is `rows_read - rejected - skipped`, so a rejected
    // or skipped row that was never counted as read would underflow it.
    assert!(
        submission.rejected_rows.len() + submission.skipped_rows.len() <= submission.rows_read,
        "{} rejected and {} skipped rows of {} read",
        submission.rejected_rows.len(),
        submission.skipped_rows.len(),
        submission.rows_read
    );
    // Every row read ends up in an accepted activity (as the row of one or more of its
    // indicators) or in `rejected_rows`, never in both.
    let accepted_rows: BTreeSet<u32> = submission
        .activities
        .iter()
        .flat_map(|a| a.indicators.iter().map(|i| i.row))
        .collect();
    for row in &accepted_rows {
        assert!(
            !submission.rejected_rows.contains_key(row) && !submission.skipped_rows.contains_key(row),
            "row {row} is both accepted and rejected or skipped"
        );
    }
    for row in submission.skipped_rows.keys() {
        assert!(
            !submission.rejected_rows.contains_key(row),
            "row {row} is both rejected and skipped"
        );
    }
    assert_eq!(
        accepted_rows.len() + submission.rejected_rows.len() + submission.skipped_rows.len(),
        submission.rows_read,
        "rows read = rows with an accepted indicator + rejected rows + skipped rows"
    );
    for activity in &submission.activities {
        assert!(!activity.leads.is_empty(), "an activity without a lead");
        assert!(
            !activity.indicators.is_empty(),
            "an activity without indicators"
        );
        assert!(
            activity.deadline.start <= activity.deadline.end,
            "a backwards deadline: {:?}",
            activity.deadline
        );
    }

    // Every finding is one non-empty line in both languages.
    for finding in &submission.findings {
        for lang in [Lang::Bg, Lang::En] {
            let message = finding.message(lang);
            assert!(
                !message.is_empty(),
                "empty message for {:?}",
                finding.problem
            );
            assert!(
                !message.contains('\n'),
                "a message with a line break: {message:?}"
            );
        }
    }

    // The writer must accept whatever the reader let through.
    if submission.activities.is_empty() {
        return;
    }
    let merged = zakrila::model::merge::merge(vec![submission], &PROGRAMME);
    assert_eq!(
        merged.rows_read(),
        merged.rows_accepted() + merged.rows_rejected() + merged.rows_skipped(),
        "merge row accounting"
    );
    // The writer takes the merge by value: count the rows it must give back first.
    let data_rows = zakrila::model::programme_rows::data_rows(&merged, &PROGRAMME).len();
    let workbook = match zakrila::write::programme::build(merged, &PROGRAMME, Lang::Bg) {
        Ok(workbook) => workbook,
        Err(err) => {
            panic!("the programme workbook writer refused what the reader accepted: {err}")
        }
    };
    // ... and what it wrote must read back, as `report new` reads it (with the limits of
    // a programme workbook: ten times those of a contribution).
    std::fs::write(&*READ_BACK, workbook).expect("the programme workbook is written");
    let data = zakrila::validate::programme_data::read_data(&READ_BACK, Limits::for_file_mb(200));
    let _ = std::fs::remove_file(&*READ_BACK);
    match data {
        Ok(rows) => assert_eq!(
            rows.len(),
            data_rows,
            "the Данни sheet reads back with another number of rows"
        ),
        Err(err) => panic!("the programme workbook zakrila wrote does not read back: {err:?}"),
    }
}
