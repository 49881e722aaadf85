//! Fuzz target: bytes → one filled reporting workbook read back (`report collect`).
//!
//! The reports are read against the programme merged from the Ruse 2025 samples, as
//! `zakrila report new` makes it: the samples are read, merged, written as a programme
//! workbook and its `Данни` sheet read back, once per process. Then every input is read as
//! a filled report of that programme. Invariants:
//!
//! - the reader never panics;
//! - a rejected file reports no rows; an accepted row is one of the programme's rows, led
//!   by the reporting institution;
//! - every finding has a one-line, non-empty message in both languages;
//! - whatever the reader accepted, the implementation report writer accepts too.
#![no_main]

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use zakrila::config::Programme;
use zakrila::catalogue::Lang;
use zakrila::model::programme_rows::DataRow;
use zakrila::read::Limits;
use zakrila::model::reporting::{Collected, Expected};

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../samples/ruse-2025");

static PROGRAMME: LazyLock<Programme> = LazyLock::new(|| {
    Programme::load(Path::new(SAMPLES).join("programme.toml").as_ref())
        .expect("the Ruse 2025 sample programme loads")
});

/// The `Данни` rows of the programme merged from the Ruse 2025 sample contributions.
static DATA: LazyLock<Vec<DataRow>> = LazyLock::new(|| {
    let mut paths: Vec<_> = std::fs::read_dir(SAMPLES)
        .expect("samples/ruse-2025 is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| {
            path.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "xlsx" | "xls" | "ods" | "xlsb"))
        })
        .collect();
    paths.sort();
    let submissions = paths
        .iter()
        .map(|path| {
            let display = path.display().to_string();
            zakrila::validate::contribution::read(path, &display, &PROGRAMME, Limits::default())
        })
        .collect();
    let merged = zakrila::model::merge::merge(submissions, &PROGRAMME);
    let bytes = zakrila::write::programme::build(merged, &PROGRAMME, Lang::Bg)
        .expect("the samples make a programme workbook");
    // read_data reads a path: write the workbook where no other process writes.
    let path = std::env::temp_dir().join(format!(
        "zakrila-fuzz-report-programme-{}.xlsx",
        std::process::id()
    ));
    std::fs::write(&path, bytes).expect("the temporary programme workbook is written");
    let data = zakrila::validate::programme_data::read_data(&path, Limits::default());
    let _ = std::fs::remove_file(&path);
    let data = data.expect("the programme workbook reads back");
    assert!(!data.is_empty(), "the samples give programme rows");
    data
});

static KEYS: LazyLock<Vec<String>> = LazyLock::new(|| zakrila::model::reporting::row_keys(&DATA));

static EXPECTED: LazyLock<Expected> = LazyLock::new(|| Expected::new(&DATA));

fuzz_target!(|data: &[u8]| {
    let report = zakrila::validate::report::read_report_bytes(
        data.to_vec(),
        "fuzz.xlsx",
        &PROGRAMME,
        &EXPECTED,
        Limits::default(),
    );

    if report.rejected {
        assert!(report.rows.is_empty(), "a rejected report with rows");
    }
    if !report.rows.is_empty() {
        let institution = report
            .institution
            .as_deref()
            .expect("a report with rows has an institution");
        for key in report.rows.keys() {
            let lead = EXPECTED
                .lead_of
                .get(key)
                .unwrap_or_else(|| panic!("a reported row that is not the programme's: {key:?}"));
            assert_eq!(lead, institution, "a row of another institution: {key:?}");
        }
    }

    for finding in &report.findings {
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

    // The implementation report must accept whatever the reader let through. (Built as
    // `report_collect::collect` builds it for a round of one report.)
    if !report.rows.is_empty() {
        let reported: HashMap<_, _> = report
            .rows
            .iter()
            .map(|(key, row)| (key.clone(), row.clone()))
            .collect();
        let collected = Collected {
            rows: KEYS.iter().cloned().zip(DATA.iter().cloned()).collect(),
            reported,
            files: vec![report],
        };
        if let Err(err) = zakrila::write::implementation::build(&collected, &PROGRAMME, Lang::Bg) {
            panic!("the implementation report writer refused what the reader accepted: {err}");
        }
    }
});
