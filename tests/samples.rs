//! The samples: committed workbooks are what the generator makes from their sources; clean
//! samples validate without a single finding; the faulty one gives exactly the findings
//! samples/README.md lists.

mod common;
#[path = "../samples/generator.rs"]
mod generator;

use std::path::{Path, PathBuf};

use calamine::{Reader, open_workbook_auto};
use common::root;
use generator::SampleProgramme;
use zakrila::validate::contribution::cell_text;

/// Every sample folder with transcribed sources.
fn sample_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("source/files.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// The cells of a workbook's Институция and Дейности sheets as text, by (sheet, row, col).
fn cells(path: &Path) -> Vec<(String, u32, u32, String)> {
    let mut book = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut all = Vec::new();
    for sheet in ["Институция", "Дейности"] {
        let range = book.worksheet_range(sheet).unwrap();
        for (row, col, data) in range.used_cells() {
            if let Some(text) = cell_text(data) {
                let (r0, c0) = range.start().unwrap();
                all.push((sheet.to_string(), r0 + row as u32, c0 + col as u32, text));
            }
        }
    }
    all.sort();
    all
}

#[test]
fn there_are_the_three_sample_programmes() {
    let names: Vec<String> = sample_dirs()
        .iter()
        .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["haskovo-2019", "ruse-2018", "ruse-2025"]);
}

#[test]
fn committed_samples_are_what_the_generator_makes() {
    for dir in sample_dirs() {
        let sample = SampleProgramme::load(&dir).unwrap();
        for file in &sample.files.file {
            let committed = dir.join(&file.name);
            assert!(committed.is_file(), "{} is missing", committed.display());
            let generated = sample.xlsx(file).unwrap();
            let stale = format!(
                "{} is stale: run cargo run --example make_samples -- {}",
                committed.display(),
                dir.display()
            );
            if file.format == "xlsx" {
                assert!(std::fs::read(&committed).unwrap() == generated, "{stale}");
            } else {
                // LibreOffice's output carries its own timestamps: compare what it holds.
                let work = tempfile::tempdir().unwrap();
                let xlsx = work.path().join("generated.xlsx");
                std::fs::write(&xlsx, &generated).unwrap();
                assert_eq!(cells(&committed), cells(&xlsx), "{stale}");
            }
        }
    }
}

#[test]
fn clean_samples_have_no_findings_and_the_faulty_one_has_errors() {
    for dir in sample_dirs() {
        let sample = SampleProgramme::load(&dir).unwrap();
        for file in &sample.files.file {
            let path = dir.join(&file.name);
            let submission = zakrila::validate::contribution::read(
                &path,
                &file.name,
                &sample.programme,
                zakrila::read::Limits::default(),
            );
            if file.faulty {
                assert!(submission.errors() > 0, "{}", file.name);
                continue;
            }
            let listed: Vec<String> = submission
                .findings
                .iter()
                .map(|f| format!("{:?} {}", f.cell_ref(), f.problem.code()))
                .collect();
            assert!(listed.is_empty(), "{}: {listed:?}", path.display());
            assert!(submission.rows_read > 0, "{}", file.name);
            assert_eq!(submission.rows_accepted(), submission.rows_read);
            let lead = &sample.programme.institutions[submission.institution.unwrap()].name;
            assert_eq!(lead, &file.institution);
        }
    }
}

/// The findings samples/README.md lists for a file: rows `| Sheet!A1 | severity | code | … |`
/// of the table under the heading that names the file.
fn listed_findings(file: &str) -> Vec<(String, String, String)> {
    let readme = std::fs::read_to_string(root().join("samples/README.md")).unwrap();
    let mut lines = readme
        .lines()
        .skip_while(|l| !(l.starts_with('#') && l.contains(file)));
    assert!(
        lines.next().is_some(),
        "samples/README.md has no section for {file}"
    );
    lines
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2) // header and separator
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            (
                cells[0].trim_matches('`').to_string(),
                cells[1].to_string(),
                cells[2].trim_matches('`').to_string(),
            )
        })
        .collect()
}

#[test]
fn the_faulty_sample_gives_exactly_the_findings_the_readme_lists() {
    let mut checked = 0;
    for dir in sample_dirs() {
        let sample = SampleProgramme::load(&dir).unwrap();
        for file in sample.files.file.iter().filter(|f| f.faulty) {
            let path = dir.join(&file.name);
            let submission = zakrila::validate::contribution::read(
                &path,
                &file.name,
                &sample.programme,
                zakrila::read::Limits::default(),
            );
            let mut found: Vec<(String, String, String)> = submission
                .findings
                .iter()
                .map(|f| {
                    let place = match (&f.place, f.cell_ref()) {
                        (Some(p), Some(cell)) => format!("{}!{cell}", p.sheet),
                        (Some(p), None) => p.sheet.clone(),
                        (None, _) => "(file)".to_string(),
                    };
                    let severity = match f.severity() {
                        zakrila::model::findings::Severity::Error => "error",
                        zakrila::model::findings::Severity::Warning => "warning",
                    };
                    (place, severity.to_string(), f.problem.code().to_string())
                })
                .collect();
            let mut listed = listed_findings(&file.name);
            found.sort();
            listed.sort();
            assert_eq!(found, listed, "{}", file.name);
            checked += 1;
        }
    }
    assert_eq!(checked, 1, "exactly one faulty sample");
}

#[test]
fn every_sample_row_is_accepted_or_rejected() {
    for dir in sample_dirs() {
        let sample = SampleProgramme::load(&dir).unwrap();
        for file in &sample.files.file {
            let rows = sample.rows(file).unwrap();
            let nonblank = rows
                .iter()
                .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
                .count();
            let submission = zakrila::validate::contribution::read(
                &dir.join(&file.name),
                &file.name,
                &sample.programme,
                zakrila::read::Limits::default(),
            );
            assert_eq!(submission.rows_read, nonblank, "{}", file.name);
            let accepted: usize = submission
                .activities
                .iter()
                .map(|a| {
                    a.indicators
                        .iter()
                        .map(|i| i.row)
                        .collect::<std::collections::BTreeSet<_>>()
                        .len()
                })
                .sum();
            assert_eq!(
                accepted + submission.rejected_rows.len(),
                nonblank,
                "{}",
                file.name
            );
        }
    }
}
