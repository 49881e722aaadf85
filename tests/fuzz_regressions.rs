//! Every input the fuzzers broke zakrila with (fuzz/findings/, see its README) is read
//! again here, through the same library calls, and must now give findings, not a panic or
//! a workbook zakrila cannot read back.

mod common;

use common::{root, ruse_config, zakrila};
use zakrila::catalogue::Lang;
use zakrila::config::Programme;
use zakrila::read::Limits;

fn findings_dir() -> std::path::PathBuf {
    root().join("fuzz/findings")
}

fn files(prefix: &str, extension: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(findings_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(prefix) && name.ends_with(extension)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn crashing_contributions_now_read_merge_and_read_back() {
    let programme = Programme::load(&ruse_config()).unwrap();
    let contributions = files("contribution-", ".xlsx");
    assert!(contributions.len() >= 3, "the findings are there");
    for path in contributions {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let submission = zakrila::validate::contribution::read_bytes(
            bytes,
            &name,
            &programme,
            Limits::default(),
        );
        assert!(
            submission
                .findings
                .iter()
                .all(|f| f.problem.code() != "internal-error"),
            "{name}: {:#?}",
            submission.findings
        );
        // Each of these files has one bad cell, and it is reported at that cell.
        assert!(
            submission.findings.iter().any(|f| f
                .cell_ref()
                .is_some_and(|c| ["E2", "K2"].contains(&c.as_str()))),
            "{name}: the bad cell is reported: {:#?}",
            submission.findings
        );
        let merged = zakrila::model::merge::merge(vec![submission], &programme);
        let workbook =
            zakrila::write::programme::build(merged.clone(), &programme, Lang::Bg).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("програма.xlsx");
        std::fs::write(&out, workbook).unwrap();
        let rows = zakrila::validate::programme_data::read_data(&out, Limits::default())
            .unwrap_or_else(|err| panic!("{name}: zakrila cannot read its own workbook: {err:?}"));
        assert_eq!(rows.len(), merged.rows_accepted(), "{name}");
        assert!(
            rows.iter().all(|r| r.budget.is_none_or(f64::is_finite)),
            "{name}"
        );
    }
}

#[test]
fn numbers_beyond_f64_are_not_numbers() {
    let texts = files("number-", ".txt");
    assert!(!texts.is_empty());
    for path in texts {
        let text = std::fs::read_to_string(&path).unwrap();
        if let Some(number) = zakrila::normalise::number::parse_number(&text) {
            assert!(number.value.is_finite(), "{}", path.display());
        }
    }
}

#[test]
fn xls_files_the_fuzzers_made_are_read_without_aborting() {
    // In a child process: the bug this guards against aborted the whole process (calamine
    // asked for 137 GB for a cell in the last column of a sheet).
    let books = files("report-", ".xls");
    assert!(!books.is_empty(), "the findings are there");
    for path in books {
        let output = zakrila([
            "validate".as_ref(),
            "--config".as_ref(),
            ruse_config().as_os_str(),
            path.as_os_str(),
        ]);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            matches!(output.status.code(), Some(0..=2)),
            "{}: {:?}\n{stdout}{}",
            path.display(),
            output.status,
            common::stderr(&output)
        );
        assert!(
            stdout.contains(&*path.file_name().unwrap().to_string_lossy()),
            "{stdout}"
        );
    }
}
