//! `validate --annotate`: the marked-up copy in the template layout, checked with openpyxl,
//! and validated again: every cell finding comes back at the cell the copy shows.

mod common;

use common::tools::Tool;
use std::path::{Path, PathBuf};

use common::{clean_spec, python_check, ruse_config, stderr, validate, workbook, zakrila};
use serde_json::{Value, json};

/// (sheet, cell, severity, code, message) of every finding of the first file.
type Full = (Option<String>, Option<String>, String, String, String);

fn findings(report: &Value) -> Vec<Full> {
    let mut all: Vec<Full> = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["sheet"].as_str().map(String::from),
                f["cell"].as_str().map(String::from),
                f["severity"].as_str().unwrap().into(),
                f["code"].as_str().unwrap().into(),
                f["message"].as_str().unwrap().into(),
            )
        })
        .collect();
    all.sort();
    all
}

/// Runs validate --annotate into `out` and returns the copy's path.
fn annotate(input: &Path, out: &Path) -> PathBuf {
    let config = ruse_config();
    let run = zakrila([
        "--lang".as_ref(),
        "en".as_ref(),
        "validate".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "--annotate".as_ref(),
        out.as_os_str(),
        input.as_os_str(),
    ]);
    assert!(run.status.code().is_some_and(|c| c < 2), "{}", stderr(&run));
    let name = format!(
        "{} (проверка).xlsx",
        input.file_stem().unwrap().to_string_lossy()
    );
    let copy = out.join(name);
    assert!(copy.is_file(), "no copy: {}", stderr(&run));
    copy
}

/// A contribution with errors and warnings on both sheets.
fn faulty_spec() -> Value {
    let mut spec = clean_spec();
    let rows = spec["rows"].as_array_mut().unwrap();
    rows[0][4] = json!("2027 г.");
    rows[2][10] = json!("588 567 лв.");
    rows[3][9] = json!("сто");
    rows[4][14] = json!("РУО Русе Отдел");
    rows[6][12] = Value::Null;
    rows[7][6] = json!("Брой проведени мероприятия;\nброй участвали специалисти");
    rows[9][3] = Value::Null;
    rows[9][2] = Value::Null;
    spec["institution"]["Имейл"] = json!("m.petrova@");
    spec
}

#[test]
fn the_copy_of_a_template_file_validates_with_the_same_findings() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = workbook(dir.path(), "руо.xlsx", &faulty_spec());
    let out = dir.path().join("проверени");
    std::fs::create_dir(&out).unwrap();
    let before = std::fs::read(&input).unwrap();
    let copy = annotate(&input, &out);
    assert_eq!(
        std::fs::read(&input).unwrap(),
        before,
        "the input is untouched"
    );

    let (code, original) = validate(&[&input], &[]);
    let (copy_code, again) = validate(&[&copy], &[]);
    assert_eq!(code, 1);
    assert_eq!(copy_code, 1);
    let original = findings(&original);
    assert_eq!(original.len(), 8, "{original:?}");
    assert_eq!(findings(&again), original);

    let expected: Vec<Value> = original
        .iter()
        .map(|(sheet, cell, severity, _, message)| {
            json!({"sheet": sheet, "cell": cell, "severity": severity, "message": message})
        })
        .collect();
    let expected_path = dir.path().join("expected.json");
    std::fs::write(&expected_path, serde_json::to_string(&expected).unwrap()).unwrap();
    python_check("check_annotated.py", &[&copy, &expected_path]);
}

#[test]
fn the_copy_puts_a_drifted_file_back_into_the_template_layout() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = faulty_spec();
    // Two title rows above the header, Срок and Дейност swapped, an extra column, no _meta.
    spec["header_row"] = json!(3);
    spec["above"] = json!([["Принос на РУО – Русе"]]);
    spec["meta"] = json!(false);
    let mut headers: Vec<Value> = zakrila::contract::template::COLUMNS
        .iter()
        .map(|c| json!(c.header))
        .collect();
    headers.swap(3, 4);
    headers.push(json!("Отговорник"));
    spec["headers"] = json!(headers);
    for row in spec["rows"].as_array_mut().unwrap() {
        let row = row.as_array_mut().unwrap();
        row.swap(3, 4);
        row.push(json!("Иван Иванов"));
    }
    let dir = tempfile::tempdir().unwrap();
    let input = workbook(dir.path(), "разместен.xlsx", &spec);
    let copy = annotate(&input, dir.path());

    let (_, original) = validate(&[&input], &[]);
    let (_, again) = validate(&[&copy], &[]);
    let structural = [
        "header-not-in-first-row",
        "column-moved",
        "unknown-column",
        "missing-meta",
    ];
    // The copy's rows are two higher and Срок/Дейност are back in E/D.
    let moved: Vec<Full> = findings(&original)
        .into_iter()
        .filter(|f| !structural.contains(&f.3.as_str()))
        .map(|(sheet, cell, severity, code, message)| {
            let cell = cell.map(|c| {
                if sheet.as_deref() != Some("Дейности") {
                    return c;
                }
                let (letters, digits) = c.split_at(c.find(|ch: char| ch.is_ascii_digit()).unwrap());
                let letters = match letters {
                    "D" => "E",
                    "E" => "D",
                    other => other,
                };
                format!("{letters}{}", digits.parse::<u32>().unwrap() - 2)
            });
            (sheet, cell, severity, code, message)
        })
        .collect();
    let mut moved = moved;
    moved.sort();
    assert!(findings(&original).iter().any(|f| f.3 == "column-moved"));
    assert_eq!(findings(&again), moved);
}

#[test]
fn a_clean_file_gets_a_copy_that_says_there_is_nothing_to_fix() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = workbook(dir.path(), "чист.xlsx", &clean_spec());
    let copy = annotate(&input, dir.path());
    let (code, again) = validate(&[&copy], &[]);
    assert_eq!(code, 0);
    assert_eq!(findings(&again), []);
    let expected_path = dir.path().join("expected.json");
    std::fs::write(&expected_path, "[]").unwrap();
    python_check("check_annotated.py", &[&copy, &expected_path]);
}

#[test]
fn annotate_into_a_missing_folder_makes_it() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = workbook(dir.path(), "x.xlsx", &clean_spec());
    let config = ruse_config();
    let run = zakrila([
        "validate".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "--annotate".as_ref(),
        dir.path().join("няма").join("проверка").as_os_str(),
        input.as_os_str(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        dir.path()
            .join("няма")
            .join("проверка")
            .join("x (проверка).xlsx")
            .is_file()
    );
    // A file where the folder should be: the message names --annotate, not -o.
    let run = zakrila([
        "validate".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "--annotate".as_ref(),
        input.as_os_str(),
        input.as_os_str(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    let said = stderr(&run);
    assert!(
        said.contains("--annotate") && !said.contains("-o "),
        "{said}"
    );
}
