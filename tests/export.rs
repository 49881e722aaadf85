//! `zakrila export`: the national CSV read back with Python's csv module and checked row by
//! row against the programme workbook (tests/py/check_export.py), validated by the
//! frictionless library, and opened by LibreOffice the way Bulgarian-locale Excel users will.

mod common;

use common::tools::Tool;
use std::path::{Path, PathBuf};

use common::{clean_spec, root, ruse_config, stderr, workbook, zakrila};
use serde_json::json;

/// A merged programme from two contributions: BGN and EUR amounts, a funding note and a
/// partner that a spreadsheet would run as formulas, a Greek letter in a note.
fn programme(dir: &Path, greek: bool) -> PathBuf {
    let mut ruo = clean_spec();
    ruo["rows"][0][13] = json!({"text": "=HYPERLINK(\"http://example.org\")"});
    ruo["rows"][2][15] = json!("@Клуб „Млад приятел“; Училища");
    if greek {
        ruo["rows"][3][6] = json!("Брой обхванати деца (Ω-група)");
    }
    let mut other = clean_spec();
    other["institution"]["Институция"] = json!("Община Русе");
    other["rows"] = json!([[
        "1",
        "1.2",
        "1.2.1",
        "Поетапно обновяване на материалната база на детски градини",
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
        "Детски градини",
        null
    ]]);
    let a = workbook(dir, "руо.xlsx", &ruo);
    let b = workbook(dir, "община.xlsx", &other);
    let out = dir.join("програма.xlsx");
    let config = ruse_config();
    let run = zakrila([
        "merge".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        a.as_os_str(),
        b.as_os_str(),
    ]);
    assert!(out.is_file(), "{}", stderr(&run));
    out
}

fn export(programme: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let config = ruse_config();
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "export".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    args.push(programme.as_os_str());
    zakrila(args)
}

fn python(script_and_args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new("python3")
        .args(script_and_args)
        .output()
        .expect("python3 runs")
}

fn check_export(csv: &Path, programme: &Path, extra: &[&str]) {
    let script = root().join("tests/py/check_export.py");
    let mut args = vec![script.as_os_str(), csv.as_os_str(), programme.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    let run = python(&args);
    assert!(
        run.status.success(),
        "check_export: {}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

fn frictionless_validates(package: &Path) {
    let run = std::process::Command::new("frictionless")
        .arg("validate")
        .arg(package)
        .output()
        .expect("frictionless is installed (scripts/test installs it)");
    let said = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success() && said.contains("VALID"),
        "frictionless: {said}"
    );
    assert!(!said.contains("INVALID"), "frictionless: {said}");
}

#[test]
fn the_default_csv_matches_the_programme_row_by_row_and_frictionless_validates_it() {
    if !common::tools::have(&[Tool::Frictionless, Tool::Python]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let programme = programme(dir.path(), false);
    let out = dir.path().join("национален.csv");
    let run = export(&programme, &out, &["--datapackage"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    check_export(&out, &programme, &[]);
    let package = dir.path().join("datapackage.json");
    let schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&package).unwrap()).unwrap();
    let fields = schema["resources"][0]["schema"]["fields"]
        .as_array()
        .unwrap();
    assert_eq!(fields.len(), 31);
    for field in fields {
        for key in ["name", "type", "title", "description"] {
            assert!(
                field[key].as_str().is_some_and(|s| !s.is_empty()),
                "{field}"
            );
        }
    }
    frictionless_validates(&package);
    // The text a spreadsheet would run as a formula is marked as text in the default
    // dialect too (every CSV zakrila writes), every character kept.
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://example.org\"\")\""),
        "{text}"
    );
    assert!(text.contains("'@Клуб „Млад приятел“; Училища"), "{text}");
    assert!(text.contains(",195583,BGN,100000.00,"), "{text}");
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let programme = programme(dir.path(), false);
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.csv");
    export(&programme, &a, &["--excel"]);
    export(&programme, &b, &["--excel"]);
    assert!(std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap());
}

#[test]
fn the_excel_csv_opens_in_libreoffice_with_numbers_dates_and_no_formula() {
    if !common::tools::have(&[Tool::Frictionless, Tool::LibreOffice, Tool::Python]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let programme = programme(dir.path(), false);
    let out = dir.path().join("excel.csv");
    let run = export(&programme, &out, &["--excel", "--datapackage"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    check_export(&out, &programme, &["--excel"]);
    frictionless_validates(&dir.path().join("datapackage.json"));

    // Open it as a Bulgarian user would: ";" separated, UTF-8, Bulgarian locale, dates
    // and numbers recognised.
    let converted_dir = dir.path().join("lo");
    std::fs::create_dir(&converted_dir).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let run = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--infilter=Text - txt - csv (StarCalc):59,34,76,1,,1026,false,true",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(&converted_dir)
        .arg(&out)
        .output()
        .expect("LibreOffice runs");
    let xlsx = converted_dir.join("excel.xlsx");
    assert!(xlsx.is_file(), "{}", String::from_utf8_lossy(&run.stderr));
    let script = r#"
import sys, openpyxl, datetime, re
ws = openpyxl.load_workbook(sys.argv[1]).active
header = [c.value for c in ws[1]]
col = {name: i for i, name in enumerate(header)}
failures = []
for row in ws.iter_rows(min_row=2):
    for cell in row:
        if cell.data_type == "f":
            failures.append(f"{cell.coordinate} is a formula: {cell.value}")
    for name in ["period_start", "deadline_start", "deadline_end"]:
        if not isinstance(row[col[name]].value, datetime.datetime):
            failures.append(f"{name} {row[col[name]].value!r} is no date")
    for name in ["priority_no", "target", "source_row"]:
        if not isinstance(row[col[name]].value, (int, float)):
            failures.append(f"{name} {row[col[name]].value!r} is no number")
    for name in ["goal_code", "activity_code"]:
        value = row[col[name]].value
        if isinstance(value, (datetime.datetime, int, float)):
            failures.append(f"{name} {value!r} became a date or number")
        # Shown as the code: the mark before it is invisible, no apostrophe.
        elif not re.fullmatch("\u200b\\d+(\\.\\d+)+", value):
            failures.append(f"{name} shows as {value!r}")
notes = [r[col["funding_note"]].value for r in ws.iter_rows(min_row=2)]
if "'=HYPERLINK(\"http://example.org\")" not in notes:
    failures.append(f"formula guard: {notes}")
budgets = [r[col["budget"]].value for r in ws.iter_rows(min_row=2) if r[col["budget"]].value is not None]
if 195583 not in budgets:
    failures.append(f"budgets {budgets}")
eur = [r[col["budget_eur"]].value for r in ws.iter_rows(min_row=2) if r[col["budget_eur"]].value is not None]
if 100000 not in eur:
    failures.append(f"budget_eur {eur} (decimal comma not read as a number?)")
print("\n".join(failures[:20]))
sys.exit(1 if failures else 0)
"#;
    let run = python(&["-c".as_ref(), script.as_ref(), xlsx.as_os_str()]);
    assert!(
        run.status.success(),
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn windows_1251_holds_the_programme_and_refuses_what_it_cannot_hold() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let programme = programme(dir.path(), false);
    let out = dir.path().join("cp1251.csv");
    let run = export(&programme, &out, &["--encoding", "windows-1251"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    check_export(&out, &programme, &["--encoding", "windows-1251"]);

    let greek_dir = dir.path().join("greek");
    std::fs::create_dir(&greek_dir).unwrap();
    let greek = programme_with_greek(&greek_dir);
    let out = greek_dir.join("cp1251.csv");
    let run = export(
        &greek,
        &out,
        &["--encoding", "windows-1251", "--lang", "en"],
    );
    assert_eq!(run.status.code(), Some(1));
    let said = stderr(&run);
    assert!(
        said.contains("column indicator") && said.contains("Ω") && said.contains("Line "),
        "{said}"
    );
    assert!(!out.exists(), "nothing is written, not even with a \"?\"");
}

fn programme_with_greek(dir: &Path) -> PathBuf {
    programme(dir, true)
}

#[test]
fn the_report_fills_actual_achievement_and_status() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let programme = programme(dir.path(), false);
    let config = ruse_config();
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
    let spec = dir.path().join("fill.json");
    std::fs::write(
        &spec,
        json!({"values": {"1.4.1#1": {"value": 3, "status": "Изпълнена"}}}).to_string(),
    )
    .unwrap();
    let filled = dir.path().join("руо.xlsx.filled.xlsx");
    let script = root().join("tests/py/fill_report.py");
    let ruo = reports.join("РУО – Русе.xlsx");
    let run = python(&[
        script.as_os_str(),
        ruo.as_os_str(),
        spec.as_os_str(),
        filled.as_os_str(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report = dir.path().join("отчет.xlsx");
    let run = zakrila([
        "report".as_ref(),
        "collect".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        report.as_os_str(),
        programme.as_os_str(),
        filled.as_os_str(),
    ]);
    assert!(report.is_file(), "{}", stderr(&run));
    let out = dir.path().join("с-отчет.csv");
    let run = export(&programme, &out, &["--report", report.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    check_export(&out, &programme, &[]);
    let text = std::fs::read_to_string(&out).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains(",1.4.1,") && l.contains("Видове дейности"))
        .unwrap();
    // target 6, actual 3 → 50.0 %.
    assert!(line.contains(",4,6,3,50.0,Изпълнена,"), "{line}");
    let unreported = text
        .lines()
        .find(|l| l.contains("Брой обхванати деца,"))
        .unwrap();
    assert!(unreported.contains(",няма отчет,"), "{unreported}");
}

#[test]
fn the_national_export_as_a_workbook_keeps_codes_dates_numbers_and_formulas_as_they_are() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let programme = programme(dir.path(), false);
    let out = dir.path().join("за агенцията.xlsx");
    let run = export(&programme, &out, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("Работната книга е записана"),
        "{}",
        stderr(&run)
    );
    let script = r#"
import sys, openpyxl, datetime, re
ws = openpyxl.load_workbook(sys.argv[1]).active
header = [c.value for c in ws[1]]
col = {name: i for i, name in enumerate(header)}
failures = []
if ws.title != "ДАЗД" or len(header) != 31 or header[0] != "municipality_code":
    failures.append(f"sheet {ws.title} header {header}")
rows = list(ws.iter_rows(min_row=2))
if len(rows) != 11:
    failures.append(f"{len(rows)} rows")
for row in rows:
    for cell in row:
        if cell.data_type == "f":
            failures.append(f"{cell.coordinate} is a formula: {cell.value}")
    for name in ["goal_code", "activity_code"]:
        if not (isinstance(row[col[name]].value, str) and re.fullmatch(r"\d+(\.\d+)+", row[col[name]].value)):
            failures.append(f"{name} {row[col[name]].value!r}")
    for name in ["period_start", "deadline_start", "deadline_end"]:
        if not isinstance(row[col[name]].value, datetime.datetime):
            failures.append(f"{name} {row[col[name]].value!r} is no date")
    for name in ["priority_no", "target", "source_row"]:
        if not isinstance(row[col[name]].value, (int, float)):
            failures.append(f"{name} {row[col[name]].value!r} is no number")
notes = [r[col["funding_note"]].value for r in rows]
if '=HYPERLINK("http://example.org")' not in notes:
    failures.append(f"the text that looks like a formula is not kept as written: {notes}")
eur = [r[col["budget_eur"]].value for r in rows if r[col["budget_eur"]].value is not None]
if 100000 not in eur:
    failures.append(f"budget_eur {eur}")
print("\n".join(failures[:20]))
sys.exit(1 if failures else 0)
"#;
    let run = python(&["-c".as_ref(), script.as_ref(), out.as_os_str()]);
    assert!(
        run.status.success(),
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );

    // A CSV's options have nothing to do in a workbook: refused, nothing written.
    let refused = dir.path().join("с опция.xlsx");
    let run = export(&programme, &refused, &["--excel"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("--excel"), "{}", stderr(&run));
    assert!(!refused.exists());
}
