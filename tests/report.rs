//! `zakrila report new` and `report collect`: reporting workbooks checked with openpyxl,
//! filled by openpyxl as institutions fill them (and recalculated by LibreOffice), collected,
//! and the implementation report read back with openpyxl cell by cell.

mod common;

use common::tools::Tool;
use std::path::{Path, PathBuf};

use common::{python_check, root, ruse_config, soffice_convert, stderr, zakrila};
use serde_json::{Value, json};

struct Round {
    dir: tempfile::TempDir,
    programme: PathBuf,
    reports: PathBuf,
}

/// Merges the Ruse 2025 samples and makes the reporting workbooks.
fn round() -> Round {
    let dir = tempfile::tempdir().unwrap();
    let programme = dir.path().join("програма.xlsx");
    let config = ruse_config();
    let run = zakrila([
        "merge".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        programme.as_os_str(),
        root().join("samples/ruse-2025").as_os_str(),
    ]);
    assert!(programme.is_file(), "{}", stderr(&run));
    let reports = dir.path().join("отчети");
    let run = zakrila([
        "report".as_ref(),
        "new".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        reports.as_os_str(),
        programme.as_os_str(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    Round {
        dir,
        programme,
        reports,
    }
}

fn dump(path: &Path, sheet: &str, data_only: bool) -> Vec<Vec<Value>> {
    let mut command = std::process::Command::new("python3");
    command
        .arg(root().join("tests/py/dump_sheet.py"))
        .arg(path)
        .arg(sheet);
    if data_only {
        command.arg("--data-only");
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Fills `report` with openpyxl per `spec` into `out`.
fn fill(report: &Path, spec: &Value, out: &Path) {
    let spec_path = out.with_extension("json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    let run = std::process::Command::new("python3")
        .arg(root().join("tests/py/fill_report.py"))
        .arg(report)
        .arg(&spec_path)
        .arg(out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// The (key, target) of a report's indicator rows.
fn keys(report: &Path) -> Vec<(String, Option<f64>)> {
    dump(report, "Отчет", false)
        .into_iter()
        .skip(1)
        .filter_map(|row| Some((row[11].as_str()?.to_string(), row[5].as_f64())))
        .collect()
}

#[test]
fn one_protected_workbook_per_lead_with_only_its_indicators() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let round = round();
    let data = zakrila::validate::programme_data::read_data(
        &round.programme,
        zakrila::read::Limits::default(),
    )
    .unwrap();
    let mut total = 0;
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&round.reports).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let ours = data
            .iter()
            .filter(|r| r.leads.first() == Some(&name))
            .count();
        assert_eq!(keys(&path).len(), ours, "{name}");
        total += ours;
        python_check(
            "check_report_workbook.py",
            &[&path, Path::new(&name), Path::new("RSE27")],
        );
        names.push(name);
    }
    assert_eq!(
        total,
        data.len(),
        "every indicator goes to exactly one report"
    );
    for expected in [
        "РУО – Русе",
        "Дирекция „Социално подпомагане“ – Русе",
        "Община Русе",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
}

#[test]
fn collect_reads_what_institutions_typed_and_lists_what_is_missing() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let round = round();
    let dir = round.dir.path();
    let ruo = round.reports.join("РУО – Русе.xlsx");
    let rows = keys(&ruo);
    let (k1, t1) = rows[0].clone();
    let (k2, _) = rows[1].clone();
    let (k3, _) = rows[2].clone();
    let (k4, _) = rows[3].clone();
    let filled = dir.join("руо-1-попълнен.xlsx");
    fill(
        &ruo,
        &json!({
            "values": {
                k1.clone(): {"value": "5,5", "status": "изпълнена ", "spent": 1200, "comment": "Закупен автобус"},
                k2.clone(): {"status": "В процес"},
                k3.clone(): {"status": "готово"}
            },
            "delete": [k4.clone()],
            "add": [["9.9.9", "Добавена дейност", "Добавен индикатор"]]
        }),
        &filled,
    );
    // The same institution again, and a report from another programme.
    let again = dir.join("руо-2-втори.xlsx");
    fill(&ruo, &json!({"values": {k1.clone(): {"value": 1}}}), &again);
    let other = dir.join("община-друга-програма.xlsx");
    fill(
        &round.reports.join("Община Русе.xlsx"),
        &json!({"meta": {"municipality_code": "HKV34"}}),
        &other,
    );

    let report = dir.join("отчет.xlsx");
    let config = ruse_config();
    let run = zakrila([
        "--lang".as_ref(),
        "en".as_ref(),
        "report".as_ref(),
        "collect".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        report.as_os_str(),
        round.programme.as_os_str(),
        filled.as_os_str(),
        again.as_os_str(),
        other.as_os_str(),
    ]);
    let said = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{said}");
    for code in [
        "number-as-text",
        "unknown-status",
        "unknown-report-row",
        "duplicate-report",
        "other-programme",
    ] {
        assert!(said.contains(code), "{code} missing in {said}");
    }

    let sheet = dump(&report, "Изпълнение", false);
    let data = zakrila::validate::programme_data::read_data(
        &round.programme,
        zakrila::read::Limits::default(),
    )
    .unwrap();
    assert_eq!(
        sheet.len(),
        data.len() + 1,
        "every indicator of the programme is listed"
    );
    let keys_in_order = zakrila::model::reporting::row_keys(&data);
    let row_of = |key: &str| -> &Vec<Value> {
        let i = keys_in_order.iter().position(|k| k == key).unwrap();
        &sheet[i + 1]
    };
    let r1 = row_of(&k1);
    assert_eq!(r1[7], json!(5.5));
    let expected = 5.5 / t1.unwrap();
    assert!((r1[8].as_f64().unwrap() - expected).abs() < 1e-9, "{r1:?}");
    assert_eq!(r1[9], json!("Изпълнена"));
    assert_eq!(r1[10], json!(1200));
    assert_eq!(r1[12], json!("Закупен автобус"));
    assert_eq!(r1[13], json!("РУО – Русе"));
    // A status without a value: reported, achievement blank (not zero).
    let r2 = row_of(&k2);
    assert_eq!(r2[9], json!("В процес"));
    assert_eq!(r2[7], Value::Null);
    assert_eq!(r2[8], Value::Null);
    // The row with an unknown status and the deleted row are not reported.
    assert_eq!(row_of(&k3)[9], json!("няма отчет"));
    assert_eq!(row_of(&k4)[9], json!("няма отчет"));
    // The municipality's report (another programme) is refused: its rows are missing.
    let municipality_missing = sheet
        .iter()
        .skip(1)
        .filter(|r| r[14] == json!("Община Русе") && r[9] == json!("няма отчет"))
        .count();
    let municipality_rows = data
        .iter()
        .filter(|r| r.leads.first().map(String::as_str) == Some("Община Русе"))
        .count();
    assert_eq!(municipality_missing, municipality_rows);

    let missing = dump(&report, "Липсващи", false);
    let deleted = data
        .iter()
        .zip(&keys_in_order)
        .find(|(_, k)| **k == k4)
        .unwrap()
        .0;
    assert!(
        missing
            .iter()
            .any(|r| r[0] == json!("РУО – Русе") && r[3] == json!(deleted.indicator)),
        "the deleted row is listed as missing"
    );
    assert_eq!(
        missing.len() - 1,
        data.len() - 2,
        "all but the two reported rows"
    );

    let notes = dump(&report, "Бележки", false);
    assert!(notes.iter().any(|r| r[3] == json!("duplicate-report")));
    let summary = dump(&report, "Обобщение", false);
    // The chart comes first, above the tables (it prints whole there).
    let header = summary
        .iter()
        .position(|r| r[0] == json!("Приоритет"))
        .expect("the table by priority");
    assert_eq!(summary[header][1], json!("Индикатори"));
}

#[test]
fn libreoffice_recalculates_the_achievement_formula() {
    if !common::tools::have(&[Tool::LibreOffice, Tool::Python]) {
        return;
    }
    let round = round();
    let ruo = round.reports.join("РУО – Русе.xlsx");
    let rows = keys(&ruo);
    let (k1, t1) = rows[0].clone();
    let (k2, t2) = rows[1].clone();
    let filled = round.dir.path().join("filled.xlsx");
    fill(
        &ruo,
        &json!({"values": {k1: {"value": 3}, k2: {"value": 17.5}}}),
        &filled,
    );
    let out = round.dir.path().join("calc");
    std::fs::create_dir(&out).unwrap();
    let calculated = soffice_convert(&filled, "xlsx", &out);
    let sheet = dump(&calculated, "Отчет", true);
    let h = |r: usize| sheet[r][7].as_f64();
    assert!(
        (h(1).unwrap() - 3.0 / t1.unwrap()).abs() < 1e-9,
        "{:?}",
        sheet[1]
    );
    assert!(
        (h(2).unwrap() - 17.5 / t2.unwrap()).abs() < 1e-9,
        "{:?}",
        sheet[2]
    );
    // A row without a reported value stays blank.
    assert!(
        matches!(&sheet[3][7], Value::Null) || sheet[3][7] == json!(""),
        "{:?}",
        sheet[3]
    );
}

#[test]
fn a_file_that_is_no_programme_cannot_run() {
    let round = round();
    let config = ruse_config();
    let not_programme = root().join("samples/ruse-2025/02-ruo-ruse.xlsx");
    let run = zakrila([
        "report".as_ref(),
        "new".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        round.dir.path().join("x").as_os_str(),
        not_programme.as_os_str(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("не може да се използва като програма: няма лист „Данни“"),
        "{}",
        stderr(&run)
    );
}
