//! The strange-file collection (tests/strange/, spec: limits.md): hostile, damaged and odd
//! files made by other programs. Each one gives its finding and nothing worse, costs a
//! bounded amount of memory, and a merge of all of them beside the Ruse samples still
//! writes the programme from the good rows.

mod common;

use common::tools::Tool;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{root, ruse_config, zakrila};
use serde_json::Value;
use zakrila::config::Programme;
use zakrila::read::Limits;

/// Every file of the collection: data rows read, and the distinct finding codes.
const EXPECTED: &[(&str, usize, &[&str])] = &[
    ("autofilter.xlsx", 29, &[]),
    (
        "charts-only.xlsx",
        0,
        &[
            "missing-institution",
            "missing-institution-sheet",
            "missing-meta",
            "no-activities-table",
        ],
    ),
    ("clean.xlsb", 6, &[]),
    ("deep-nesting-cell.xlsx", 29, &[]),
    ("deep-nesting.xlsx", 29, &[]),
    ("dimension-lie.xls", 29, &[]),
    ("docx-renamed.xlsx", 0, &["not-a-spreadsheet"]),
    ("empty-styled-rows.xlsx", 29, &[]),
    ("empty.xlsx", 0, &["empty-file"]),
    ("entity-bomb.xlsx", 0, &["damaged-file"]),
    (
        "far-cell-tiny-a1.xlsx",
        0,
        &[
            "missing-institution",
            "missing-institution-sheet",
            "missing-meta",
            "no-activities-table",
        ],
    ),
    (
        "far-cell-tiny.xlsx",
        0,
        &[
            "missing-institution",
            "missing-institution-sheet",
            "missing-meta",
            "no-activities-table",
        ],
    ),
    ("far-cell.ods", 29, &["cell-outside-table"]),
    ("far-cell.xls", 29, &["cell-outside-table"]),
    ("far-cell.xlsx", 29, &["cell-outside-table"]),
    ("garbage.xlsx", 0, &["not-a-spreadsheet"]),
    ("hidden-rows-cols.xlsx", 29, &[]),
    ("huge-row-overflow.xlsx", 29, &["cell-outside-table"]),
    ("huge-row.xlsx", 29, &["cell-outside-table"]),
    ("huge-unique-count.xlsx", 0, &["damaged-file"]),
    ("line-breaks.ods", 29, &[]),
    ("line-breaks.xlsx", 29, &[]),
    ("long-cell.xlsx", 29, &["cell-too-long"]),
    ("no-entry-for-key.xlsb", 0, &["damaged-file"]),
    ("password.ods", 0, &["password-protected"]),
    ("password.xlsx", 0, &["password-protected"]),
    ("pdf-renamed.xlsx", 0, &["not-a-spreadsheet"]),
    ("repeat-bomb.ods", 0, &["file-too-large"]),
    ("resaved-by-libreoffice.ods", 29, &[]),
    ("resaved-by-libreoffice.xls", 29, &[]),
    ("resaved-by-libreoffice.xlsx", 29, &[]),
    ("strict.xlsx", 29, &[]),
    ("truncated-eocd.xlsx", 0, &["damaged-file"]),
    ("truncated-half.ods", 0, &["damaged-file"]),
    ("truncated-half.xls", 0, &["damaged-file"]),
    ("truncated-half.xlsb", 0, &["damaged-file"]),
    ("truncated-half.xlsx", 0, &["damaged-file"]),
    ("zip-bomb-space.xlsx", 0, &["file-too-large"]),
    ("zip-bomb.xlsx", 0, &["file-too-large"]),
    ("zip-not-xlsx.xlsx", 0, &["not-a-spreadsheet"]),
];

/// The memory one file may cost (limits.md), in kilobytes.
const PEAK_KB: u64 = 512 * 1024;

fn strange_dir() -> PathBuf {
    root().join("tests/strange/files")
}

fn programme() -> Programme {
    Programme::load(&ruse_config()).unwrap()
}

fn codes(submission: &zakrila::model::contribution::Submission) -> BTreeSet<&'static str> {
    submission
        .findings
        .iter()
        .map(|f| f.problem.code())
        .collect()
}

#[test]
fn the_collection_is_the_table() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(strange_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let listed: BTreeSet<String> = EXPECTED.iter().map(|(f, _, _)| f.to_string()).collect();
    assert_eq!(
        on_disk, listed,
        "every strange file has an expectation here"
    );
}

#[test]
fn every_strange_file_gives_its_finding() {
    let programme = programme();
    for (file, rows, expected) in EXPECTED {
        let path = strange_dir().join(file);
        let submission =
            zakrila::validate::contribution::read(&path, file, &programme, Limits::default());
        let found = codes(&submission);
        let expected: BTreeSet<&str> = expected.iter().copied().collect();
        assert_eq!(found, expected, "{file}: {:#?}", submission.findings);
        assert_eq!(submission.rows_read, *rows, "{file}");
        assert!(
            submission.rejected_rows.len() <= submission.rows_read,
            "{file}"
        );
    }
}

#[test]
fn far_cells_are_named_by_their_cell() {
    let programme = programme();
    let cell_of = |file: &str| {
        let path = strange_dir().join(file);
        let submission =
            zakrila::validate::contribution::read(&path, file, &programme, Limits::default());
        let finding = submission
            .findings
            .iter()
            .find(|f| f.problem.code() == "cell-outside-table")
            .unwrap_or_else(|| panic!("{file}: no cell-outside-table"))
            .clone();
        (
            finding.cell_ref(),
            finding.message(zakrila::catalogue::Lang::En),
        )
    };
    let (cell, message) = cell_of("far-cell.xlsx");
    assert_eq!(cell.as_deref(), Some("XFD1048576"));
    assert!(message.contains("далечна клетка"), "{message}");
    assert_eq!(cell_of("far-cell.ods").0.as_deref(), Some("XFD1048576"));
    assert_eq!(cell_of("far-cell.xls").0.as_deref(), Some("IV65536"));
    // Beyond the grid there is no cell to point at: the message names the reference.
    let (cell, message) = cell_of("huge-row.xlsx");
    assert_eq!(cell, None);
    assert!(message.contains("A4000000000"), "{message}");
}

#[test]
fn a_too_long_cell_is_cut_where_a_cell_ends() {
    let programme = programme();
    let path = strange_dir().join("long-cell.xlsx");
    let submission = zakrila::validate::contribution::read(
        &path,
        "long-cell.xlsx",
        &programme,
        Limits::default(),
    );
    let finding = &submission.findings[0];
    assert_eq!(finding.cell_ref().as_deref(), Some("D2"));
    assert!(
        finding
            .message(zakrila::catalogue::Lang::En)
            .contains("15,000,000")
    );
    let longest = submission
        .activities
        .iter()
        .map(|a| a.text.chars().count())
        .max()
        .unwrap();
    assert_eq!(longest, zakrila::read::CELL_CHARS);
}

#[test]
fn no_strange_file_takes_more_than_its_share_of_memory() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let config = ruse_config();
    let mut peaks = Vec::new();
    for (file, _, _) in EXPECTED {
        let path = strange_dir().join(file);
        let output = std::process::Command::new("python3")
            .arg(root().join("tests/py/peak_memory.py"))
            .arg("300")
            .arg(env!("CARGO_BIN_EXE_zakrila"))
            .args(["validate", "--config"])
            .arg(&config)
            .arg(&path)
            .output()
            .expect("python3 runs");
        let run: Value = serde_json::from_slice(&output.stdout).unwrap();
        let status = &run["status"];
        assert!(
            status == 0 || status == 1,
            "{file}: exit status {status}, stderr: {}",
            run["stderr"]
        );
        let peak = run["peak_kb"].as_u64().unwrap();
        assert!(peak <= PEAK_KB, "{file}: peak memory {peak} KB");
        peaks.push((peak, *file));
    }
    peaks.sort();
    eprintln!(
        "peak memory (KB), largest last: {:?}",
        &peaks[peaks.len() - 5..]
    );
}

/// Cuts and damages the samples of every format at many places: each copy gives a finding
/// (or reads what is left), never a panic.
#[test]
fn cut_and_damaged_files_of_every_format_fail_alone() {
    let programme = programme();
    let sources = [
        root().join("samples/ruse-2025/02-ruo-ruse.xlsx"),
        root().join("samples/ruse-2025/03-rzi-ruse.ods"),
        root().join("samples/ruse-2025/06-mkbppmn.xls"),
        strange_dir().join("clean.xlsb"),
    ];
    for source in &sources {
        let bytes = std::fs::read(source).unwrap();
        let name = source.file_name().unwrap().to_string_lossy().into_owned();
        let mut copies: Vec<(String, Vec<u8>)> = Vec::new();
        for step in 1..40 {
            let cut = bytes.len() * step / 40;
            copies.push((format!("{name} cut at {cut}"), bytes[..cut].to_vec()));
            let mut flipped = bytes.clone();
            for byte in &mut flipped[cut..(cut + 64).min(bytes.len())] {
                *byte ^= 0xA5;
            }
            copies.push((format!("{name} damaged at {cut}"), flipped));
        }
        for (label, copy) in copies {
            let submission = zakrila::validate::contribution::read_bytes(
                copy,
                &label,
                &programme,
                Limits::default(),
            );
            let found = codes(&submission);
            assert!(!found.contains("internal-error"), "{label}: {found:?}");
            if submission.rows_read == 0 {
                assert!(!found.is_empty(), "{label}: no rows and no finding");
            }
        }
    }
}

/// Copies the Ruse samples and every strange file into one folder.
fn mixed_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for folder in [root().join("samples/ruse-2025"), strange_dir()] {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let spreadsheet = path
                .extension()
                .is_some_and(|e| ["xlsx", "xls", "ods", "xlsb"].contains(&e.to_str().unwrap()));
            if spreadsheet {
                std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    dir
}

fn dump(path: &Path, sheet: &str) -> Vec<Vec<Value>> {
    let output = std::process::Command::new("python3")
        .arg(root().join("tests/py/dump_sheet.py"))
        .arg(path)
        .arg(sheet)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice::<Vec<Vec<Value>>>(&output.stdout).unwrap()
}

#[test]
fn a_merge_beside_strange_files_writes_the_good_rows() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let inputs = mixed_folder();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("програма.xlsx");
    let run = zakrila([
        "merge".as_ref(),
        "--config".as_ref(),
        ruse_config().as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        inputs.path().as_os_str(),
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", common::stderr(&run));
    assert!(out.is_file(), "the programme is written");

    let sources = dump(&out, "Източници");
    let rejected = dump(&out, "Отхвърлени");
    let data = dump(&out, "Данни");
    let text = |v: &Value| v.as_str().map(str::to_string).unwrap_or_default();
    for (file, rows, expected) in EXPECTED {
        let source = sources
            .iter()
            .find(|row| text(&row[0]) == *file)
            .unwrap_or_else(|| panic!("{file} is on Източници"));
        let file_rejected = *rows == 0 && !expected.is_empty();
        if file_rejected {
            assert!(
                source[10].as_u64().unwrap() >= 1,
                "{file} counts its errors"
            );
            let reason = rejected
                .iter()
                .find(|row| text(&row[0]) == *file)
                .map(|row| text(&row[3]))
                .unwrap_or_else(|| panic!("{file} is on Отхвърлени"));
            assert!(reason.len() > 20, "{file} gives its reason: {reason}");
        } else {
            assert_eq!(source[6].as_u64(), Some(*rows as u64), "{file} rows read");
        }
    }
    // Every accepted row of every good file is a row of Данни.
    let accepted: u64 = sources
        .iter()
        .skip(1)
        .filter(|row| !text(&row[0]).is_empty() && text(&row[0]) != "Общо")
        .map(|row| row[7].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(data.len() as u64 - 1, accepted);
    assert!(
        accepted > 121,
        "the samples' 121 rows and the good strange files' rows"
    );
}

#[test]
fn line_breaks_survive_merge_report_and_export() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let inputs = tempfile::tempdir().unwrap();
    for file in ["line-breaks.xlsx", "line-breaks.ods"] {
        std::fs::copy(strange_dir().join(file), inputs.path().join(file)).unwrap();
    }
    let out_dir = tempfile::tempdir().unwrap();
    let programme = out_dir.path().join("програма.xlsx");
    let config = ruse_config();
    let run = zakrila([
        "merge".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        programme.as_os_str(),
        inputs.path().as_os_str(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", common::stderr(&run));
    let bullets = "• първо\n• второ\n• трето";
    let data = dump(&programme, "Данни");
    assert!(
        data.iter().any(|row| row[3].as_str() == Some(bullets)),
        "Дейност keeps its lines in Данни"
    );
    assert!(
        data.iter().any(|row| row[5].as_str() == Some(bullets)),
        "Очакван резултат keeps its lines in Данни"
    );
    let table = dump(&programme, "Програма");
    assert!(
        table
            .iter()
            .flatten()
            .any(|cell| cell.as_str().is_some_and(|t| t.ends_with(bullets))),
        "the council's table keeps the lines"
    );

    // The reporting workbook and the CSV carry them on.
    let reports = out_dir.path().join("отчети");
    let run = zakrila([
        "report".as_ref(),
        "new".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        reports.as_os_str(),
        programme.as_os_str(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", common::stderr(&run));
    // One workbook per lead institution: the activity is in one of them.
    let in_a_report = std::fs::read_dir(&reports).unwrap().any(|entry| {
        dump(&entry.unwrap().path(), "Отчет")
            .iter()
            .flatten()
            .any(|cell| cell.as_str() == Some(bullets))
    });
    assert!(in_a_report, "a reporting workbook keeps the lines");
    let csv = out_dir.path().join("програма.csv");
    let run = zakrila([
        "export".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        csv.as_os_str(),
        programme.as_os_str(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", common::stderr(&run));
    let output = std::process::Command::new("python3")
        .args([
            "-c",
            "import csv, json, sys; print(json.dumps([r['activity'] for r in csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline=''))], ensure_ascii=False))",
        ])
        .arg(&csv)
        .output()
        .unwrap();
    let activities: Vec<String> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        activities.iter().any(|a| a == bullets),
        "Python's csv module reads the quoted line breaks back"
    );
}
