//! `zakrila merge`: the programme workbook from contributions written by openpyxl, read back
//! with openpyxl (tests/py/check_programme.py) and by zakrila itself (the Данни round trip).

mod common;

use common::tools::Tool;
use std::path::{Path, PathBuf};

use common::{clean_spec, python_check, ruse_config, soffice_convert, stderr, workbook, zakrila};
use serde_json::{Value, json};
use zakrila::config::Programme;

fn run_merge(output: &Path, inputs: &[&Path], extra: &[&str]) -> std::process::Output {
    let config = ruse_config();
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "merge".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        output.as_os_str(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    zakrila(args)
}

/// A second institution (Община Русе) sending one activity РУО also sent, one of its own with
/// a BGN budget and two indicators, and a row with an error.
fn municipality_spec() -> Value {
    let mut spec = clean_spec();
    spec["institution"]["Институция"] = json!("Община Русе");
    spec["institution"]["Имейл"] = json!("deca@ruse-bg.eu");
    let ruo_first = spec["rows"][0].clone();
    let mut shared = ruo_first.clone();
    // The same activity, written with other spaces and punctuation.
    shared[3] = json!(format!(
        "{}.",
        ruo_first[3].as_str().unwrap().replace(' ', "  ")
    ));
    shared[2] = json!("1.4.7");
    shared[14] = json!("Община Русе");
    shared[6] = json!("Брой осигурени места в общежития");
    shared[8] = json!(40);
    shared[9] = json!(60);
    spec["rows"] = json!([
        shared,
        [
            "1",
            "1.2",
            "1.2.1",
            "Поетапно обновяване на материалната база на училища, детски градини и детски ясли",
            "2025 г.-2026 г.",
            null,
            "Брой реновирани сгради",
            null,
            3,
            8,
            195583,
            "BGN",
            "Общински бюджет",
            "проект „Красива България“",
            "Община Русе",
            "Детски градини; Детски ясли",
            null
        ],
        [
            null,
            null,
            null,
            null,
            null,
            null,
            "Брой обновени дворни пространства",
            null,
            2,
            5,
            null,
            null,
            null,
            null,
            null,
            null,
            null
        ],
        [
            null,
            "1.2",
            "1.2.2",
            "Осигуряване на развиващи играчки и дидактически материали",
            "2028 г.",
            null,
            "Брой осигурени материали",
            null,
            100,
            300,
            null,
            null,
            "Общински бюджет",
            null,
            "Община Русе",
            "Детски ясли",
            null
        ]
    ]);
    spec
}

struct Setup {
    _dir: tempfile::TempDir,
    ruo: PathBuf,
    municipality: PathBuf,
    damaged: PathBuf,
    empty: PathBuf,
    out: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let ruo = workbook(dir.path(), "руо.xlsx", &clean_spec());
    let municipality = workbook(dir.path(), "община.xlsx", &municipality_spec());
    let damaged = dir.path().join("повреден.xlsx");
    std::fs::write(&damaged, &std::fs::read(&ruo).unwrap()[..3000]).unwrap();
    let mut empty_spec = clean_spec();
    empty_spec["rows"] = json!([]);
    empty_spec["institution"]["Институция"] = json!("РЗИ – Русе");
    let empty = workbook(dir.path(), "празен.xlsx", &empty_spec);
    let out = dir.path().join("програма.xlsx");
    Setup {
        ruo,
        municipality,
        damaged,
        empty,
        out,
        _dir: dir,
    }
}

#[test]
fn merge_accounts_for_every_row_and_writes_the_six_sheets() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let s = setup();
    let run = run_merge(
        &s.out,
        &[&s.ruo, &s.municipality, &s.damaged, &s.empty],
        &[],
    );
    let said = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{said}");
    // РУО 10 rows, Община 4 rows (1 rejected: deadline outside the period), empty 0, damaged 0.
    assert!(
        said.contains("4 файла, 14 реда: 13 приети, 1 отхвърлени"),
        "{said}"
    );

    let expected = json!({
        "sources": [
            ["повреден.xlsx", 0, 0, 0],
            ["община.xlsx", 4, 3, 1],
            ["празен.xlsx", 0, 0, 0],
            ["руо.xlsx", 10, 10, 0]
        ],
        "data_rows": 13,
        "rejected": [
            ["повреден.xlsx", null, "Файлът е повреден"],
            ["община.xlsx", 5, "2028 г."]
        ],
        "note_codes": ["duplicate-activity", "deadline-outside-period", "no-rows", "damaged-file"],
        "activities": ["1.2.1", "1.4.1", "1.5.1", "1.5.2", "1.6.1", "1.8.1", "1.9.1", "2.4.1", "7.1.1"],
        "goal_ranges": 1,
        "budget_eur_total": 100000.0 + 250000.0 + 60997.4 / 1.95583
    });
    let expected_path = s.out.with_extension("json");
    std::fs::write(&expected_path, expected.to_string()).unwrap();
    python_check("check_programme.py", &[&s.out, &expected_path]);
}

#[test]
fn duplicates_are_united_with_both_leads_and_all_indicators() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let s = setup();
    let programme = Programme::load(&ruse_config()).unwrap();
    let submissions = vec![
        zakrila::validate::contribution::read(
            &s.municipality,
            "община.xlsx",
            &programme,
            zakrila::read::Limits::default(),
        ),
        zakrila::validate::contribution::read(
            &s.ruo,
            "руо.xlsx",
            &programme,
            zakrila::read::Limits::default(),
        ),
    ];
    let merged = zakrila::model::merge::merge(submissions, &programme);
    let goal = merged.goals.iter().find(|g| g.code == "1.4").unwrap();
    assert_eq!(goal.activities.len(), 1);
    let activity = &goal.activities[0];
    assert_eq!(activity.code, "1.4.1");
    assert_eq!(activity.parts.len(), 2);
    let leads: Vec<&str> = activity
        .leads()
        .iter()
        .map(|&l| programme.institutions[l].name.as_str())
        .collect();
    // РУО's code 1.4.1 sorts before Община's 1.4.7: РУО's part comes first.
    assert_eq!(leads, ["РУО – Русе", "Община Русе"]);
    assert_eq!(activity.indicator_count(), 3);
    let notes: Vec<&str> = merged.notes.iter().map(|f| f.problem.code()).collect();
    assert_eq!(
        notes.iter().filter(|c| **c == "duplicate-activity").count(),
        1
    );
}

#[test]
fn the_data_sheet_reads_back_to_the_same_rows() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let s = setup();
    let programme = Programme::load(&ruse_config()).unwrap();
    let submissions = vec![
        zakrila::validate::contribution::read(
            &s.ruo,
            "руо.xlsx",
            &programme,
            zakrila::read::Limits::default(),
        ),
        zakrila::validate::contribution::read(
            &s.municipality,
            "община.xlsx",
            &programme,
            zakrila::read::Limits::default(),
        ),
    ];
    let merged = zakrila::model::merge::merge(submissions, &programme);
    let written = zakrila::model::programme_rows::data_rows(&merged, &programme);
    let bytes =
        zakrila::write::programme::build(merged, &programme, zakrila::catalogue::Lang::Bg).unwrap();
    std::fs::write(&s.out, bytes).unwrap();
    let read =
        zakrila::validate::programme_data::read_data(&s.out, zakrila::read::Limits::default())
            .unwrap();
    assert_eq!(read.len(), 13);
    assert_eq!(read, written);
    // BGN amounts keep their currency; the euro column converts at 1.95583.
    let bgn = read.iter().find(|r| r.budget == Some(195583.0)).unwrap();
    assert_eq!(bgn.currency, zakrila::config::Currency::Bgn);
    assert_eq!(bgn.budget_eur, Some(100000.0));
    assert_eq!(bgn.file, "община.xlsx");
    assert_eq!(bgn.row, 3);
    assert_eq!(bgn.original_code.as_deref(), Some("1.2.1"));
    // The continuation row carries its activity, without repeating the budget.
    let second = read
        .iter()
        .find(|r| r.indicator == "Брой обновени дворни пространства")
        .unwrap();
    assert_eq!(second.activity_code, "1.2.1");
    assert_eq!(second.budget, None);
    assert_eq!(second.leads, ["Община Русе"]);
}

#[test]
fn the_same_inputs_in_any_order_give_identical_bytes() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let s = setup();
    let other = s.out.with_file_name("друга.xlsx");
    assert_eq!(
        run_merge(&s.out, &[&s.ruo, &s.municipality, &s.empty], &[])
            .status
            .code(),
        Some(1)
    );
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(
        run_merge(&other, &[&s.empty, &s.municipality, &s.ruo], &[])
            .status
            .code(),
        Some(1)
    );
    assert!(std::fs::read(&s.out).unwrap() == std::fs::read(&other).unwrap());
}

#[test]
fn strict_writes_nothing_when_a_row_is_rejected() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let s = setup();
    let run = run_merge(&s.out, &[&s.ruo, &s.municipality], &["--strict"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("--strict"), "{}", stderr(&run));
    assert!(!s.out.exists());
    let run = run_merge(&s.out, &[&s.ruo], &["--strict"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(s.out.is_file());
}

#[test]
fn zero_valid_rows_still_give_a_workbook_that_says_so() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let s = setup();
    let run = run_merge(&s.out, &[&s.empty, &s.damaged], &[]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(stderr(&run).contains("2 файла, 0 реда: 0 приети, 0 отхвърлени"));
    let read =
        zakrila::validate::programme_data::read_data(&s.out, zakrila::read::Limits::default())
            .unwrap();
    assert!(read.is_empty());
    // With no data row, `Данни` ends at its header, which has a height: its rows must still
    // be written once each, in order (Excel offers to repair the file otherwise).
    python_check("excel_rules.py", &[&s.out]);
}

#[test]
fn the_output_never_overwrites_an_input() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let s = setup();
    let before = std::fs::read(&s.ruo).unwrap();
    let run = run_merge(&s.ruo, &[&s.ruo, &s.municipality], &[]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(std::fs::read(&s.ruo).unwrap(), before);
}

#[test]
fn libreoffice_prints_the_programme() {
    if !common::tools::have(&[Tool::LibreOffice, Tool::Python]) {
        return;
    }
    let s = setup();
    assert!(
        run_merge(&s.out, &[&s.ruo, &s.municipality], &[])
            .status
            .code()
            == Some(1)
    );
    let dir = tempfile::tempdir().unwrap();
    let pdf = soffice_convert(&s.out, "pdf", dir.path());
    assert!(std::fs::read(pdf).unwrap().starts_with(b"%PDF"));
}

#[test]
fn the_ruse_samples_merge_as_the_readme_says() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("програма.xlsx");
    let samples = common::root().join("samples/ruse-2025");
    let run = run_merge(&out, &[&samples], &[]);
    let said = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{said}");
    assert!(
        said.contains("7 файла, 123 реда: 121 приети, 2 отхвърлени"),
        "{said}"
    );
    let rows = zakrila::validate::programme_data::read_data(&out, zakrila::read::Limits::default())
        .unwrap();
    assert_eq!(rows.len(), 121);
}
