//! `zakrila validate`: every reading rule and check of template.md, each driven through a
//! workbook written by openpyxl (an independent writer) and asserted on the exact sheet,
//! cell, severity and code of what the JSON report says.

mod common;

use common::tools::Tool;
use std::path::Path;

use common::{clean_spec, root, ruse_config, soffice_convert, stderr, validate, workbook, zakrila};
use serde_json::{Value, json};

/// A finding as the assertions compare it: (sheet, cell, severity, code).
type Seen = (Option<String>, Option<String>, String, String);

fn seen(file: &Value) -> Vec<Seen> {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["sheet"].as_str().map(String::from),
                f["cell"].as_str().map(String::from),
                f["severity"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn at(sheet: &str, cell: &str, severity: &str, code: &str) -> Seen {
    (
        Some(sheet.to_string()),
        Some(cell.to_string()),
        severity.to_string(),
        code.to_string(),
    )
}

fn on_sheet(sheet: &str, severity: &str, code: &str) -> Seen {
    (
        Some(sheet.to_string()),
        None,
        severity.to_string(),
        code.to_string(),
    )
}

fn whole(severity: &str, code: &str) -> Seen {
    (None, None, severity.to_string(), code.to_string())
}

/// Validates `spec` and asserts exactly `expected` findings (order-free) and the exit code.
fn check(spec: &Value, expected: &[Seen]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "принос.xlsx", spec);
    check_file(&path, expected)
}

fn check_file(path: &Path, expected: &[Seen]) -> Value {
    let (code, report) = validate(&[path], &[]);
    let file = report["files"][0].clone();
    let mut got = seen(&file);
    let mut want = expected.to_vec();
    got.sort();
    want.sort();
    assert_eq!(got, want, "findings of {}:\n{file:#}", path.display());
    let errors = expected.iter().filter(|s| s.2 == "error").count();
    assert_eq!(code, if errors > 0 { 1 } else { 0 }, "exit code");
    assert_eq!(file["errors"], json!(errors));
    assert_eq!(file["warnings"], json!(expected.len() - errors));
    file
}

/// Sets the cell of data row `row` (0-based in "rows") and contract column `col` (0 = A).
fn set(spec: &mut Value, row: usize, col: usize, value: Value) {
    spec["rows"][row][col] = value;
}

#[test]
fn a_clean_realistic_file_has_no_findings() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let file = check(&clean_spec(), &[]);
    assert_eq!(file["rows"], json!(10));
    assert_eq!(file["institution"], json!("РУО – Русе"));
    assert!(file["file"].as_str().unwrap().ends_with("принос.xlsx"));
}

#[test]
fn the_real_template_filled_by_openpyxl_has_no_findings() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    // The institution's path: the template zakrila made, filled in a spreadsheet program.
    // Optional Институция fields stay blank, so the template's hints in column C are next
    // to empty values.
    let mut spec = clean_spec();
    spec["template"] = json!(root().join("templates-xlsx/ruse-2025.xlsx"));
    spec["institution"]["Длъжност"] = Value::Null;
    spec["institution"]["Дата"] = Value::Null;
    let file = check(&spec, &[]);
    assert_eq!(file["rows"], json!(10));
}

#[test]
fn json_report_has_every_field_of_template_md() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    set(&mut spec, 0, 4, json!("2027 г."));
    let file = check(
        &spec,
        &[at("Дейности", "E2", "error", "deadline-outside-period")],
    );
    let finding = &file["findings"][0];
    let keys: Vec<&str> = finding
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "file", "sheet", "cell", "row", "column", "severity", "code", "message",
    ] {
        assert!(keys.contains(&key), "{key} missing in {finding}");
    }
    assert_eq!(finding["row"], json!(2));
    assert_eq!(finding["column"], json!("Срок"));
    assert!(finding["message"].as_str().unwrap().contains("2027 г."));
}

#[test]
fn header_below_inserted_rows_is_found_by_its_labels() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    spec["header_row"] = json!(4);
    spec["above"] = json!([
        ["Община Русе — принос на РУО"],
        [null],
        ["Попълнено на 14.03.2025"]
    ]);
    // Headers written as people retype them: case, stars, colons, line breaks.
    let mut headers: Vec<Value> = spec_headers();
    headers[3] = json!("ДЕЙНОСТ *");
    headers[4] = json!("Срок:");
    headers[14] = json!("Водеща\nинституция");
    spec["headers"] = json!(headers);
    let file = check(
        &spec,
        &[on_sheet("Дейности", "warning", "header-not-in-first-row")],
    );
    assert_eq!(file["rows"], json!(10));
}

fn spec_headers() -> Vec<Value> {
    zakrila::contract::template::COLUMNS
        .iter()
        .map(|c| json!(c.header))
        .collect()
}

/// Reorders every row (headers included) by `order`, a permutation of 0..17.
fn reorder(spec: &mut Value, order: &[usize]) {
    let headers = spec_headers();
    spec["headers"] = json!(
        order
            .iter()
            .map(|&i| headers[i].clone())
            .collect::<Vec<_>>()
    );
    let rows: Vec<Value> = spec["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| json!(order.iter().map(|&i| row[i].clone()).collect::<Vec<_>>()))
        .collect();
    spec["rows"] = json!(rows);
}

#[test]
fn moved_columns_are_read_by_header_with_a_warning() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    let mut order: Vec<usize> = (0..17).collect();
    order.swap(3, 4); // Срок before Дейност
    reorder(&mut spec, &order);
    check(
        &spec,
        &[
            at("Дейности", "D1", "warning", "column-moved"),
            at("Дейности", "E1", "warning", "column-moved"),
        ],
    );
}

#[test]
fn an_extra_column_is_ignored_with_a_warning() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    let mut headers = spec_headers();
    headers.push(json!("Отговорник"));
    spec["headers"] = json!(headers);
    spec["rows"][0]
        .as_array_mut()
        .unwrap()
        .push(json!("Иван Иванов"));
    check(&spec, &[at("Дейности", "R1", "warning", "unknown-column")]);
}

#[test]
fn a_column_given_twice_is_read_once_with_a_warning() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    let mut headers = spec_headers();
    headers.push(json!("Бележка"));
    spec["headers"] = json!(headers);
    spec["rows"][0]
        .as_array_mut()
        .unwrap()
        .push(json!("втора бележка"));
    check(
        &spec,
        &[at("Дейности", "R1", "warning", "duplicate-column")],
    );
}

#[test]
fn a_missing_required_column_rejects_the_file() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    let order: Vec<usize> = (0..17).filter(|&i| i != 4).collect(); // no Срок
    reorder(&mut spec, &order);
    let mut expected = vec![on_sheet("Дейности", "error", "missing-column")];
    // Every column after the missing one has moved one place left.
    for letter in ["E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P"] {
        expected.push(at(
            "Дейности",
            &format!("{letter}1"),
            "warning",
            "column-moved",
        ));
    }
    let file = check(&spec, &expected);
    assert_eq!(file["rows"], json!(10));
}

#[test]
fn a_missing_optional_column_is_a_warning() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    let order: Vec<usize> = (0..16).collect(); // no Бележка (Q)
    reorder(&mut spec, &order);
    check(
        &spec,
        &[on_sheet("Дейности", "warning", "missing-optional-column")],
    );
}

#[test]
fn fill_down_reads_merged_cells_and_blank_cells_as_the_row_above() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    // Priority 1 written once and merged down over its rows; goal 1.5 merged over two rows.
    set(&mut spec, 3, 1, Value::Null);
    spec["merges"] = json!(["A2:A8", "B4:B5"]);
    check(&spec, &[]);
}

#[test]
fn merged_lead_cells_cover_several_activities() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    for row in 3..7 {
        set(&mut spec, row, 14, Value::Null);
    }
    spec["merges"] = json!(["O4:O8"]);
    check(&spec, &[]);
}

#[test]
fn repeating_the_activity_on_each_indicator_row_is_one_activity() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    let first = spec["rows"][0].clone();
    for col in [0, 1, 2, 3, 4, 5, 12, 14, 15] {
        set(&mut spec, 1, col, first[col].clone());
    }
    check(&spec, &[]);
}

#[test]
fn a_continuation_row_that_differs_is_told() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    set(&mut spec, 1, 4, json!("2026 г."));
    check(
        &spec,
        &[at("Дейности", "E3", "warning", "continuation-differs")],
    );
}

#[test]
fn several_indicators_in_one_cell_are_split() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    set(
        &mut spec,
        7,
        6,
        json!(
            "Брой проведени мероприятия;\n\nброй участвали специалисти от институции;\n\nброй обхванати ученици"
        ),
    );
    check(
        &spec,
        &[at("Дейности", "G9", "warning", "indicators-split")],
    );
}

#[test]
fn text_is_folded_and_names_compared_loosely() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    set(&mut spec, 0, 14, json!("  руо\u{a0}-\u{a0}русе "));
    set(&mut spec, 2, 14, json!("РУО — Русе"));
    set(&mut spec, 3, 15, json!("училища,\nдетски   градини"));
    set(&mut spec, 4, 15, json!("OД на МВР – Русе")); // Latin O
    set(&mut spec, 5, 12, json!("национални  програми"));
    set(
        &mut spec,
        6,
        3,
        json!("Развитие на дуалното обучение\u{202f}чрез сътрудничество"),
    );
    spec["institution"]["Институция"] = json!("РУО-Русе");
    check(&spec, &[]);
}

#[test]
fn numbers_as_text_in_every_notation() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    set(&mut spec, 0, 8, json!("1 200"));
    set(&mut spec, 0, 9, json!("1.350,0"));
    set(&mut spec, 3, 10, json!("60 997,40 лв."));
    set(&mut spec, 3, 11, Value::Null);
    set(&mut spec, 5, 10, json!("250,000.00"));
    set(&mut spec, 6, 9, json!("12,5 %"));
    let file = check(
        &spec,
        &[
            at("Дейности", "I2", "warning", "number-as-text"),
            at("Дейности", "J2", "warning", "number-as-text"),
            at("Дейности", "K5", "warning", "number-as-text"),
            at("Дейности", "K7", "warning", "number-as-text"),
            at("Дейности", "J8", "warning", "number-as-text"),
        ],
    );
    let messages: Vec<&str> = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("read as 60 997,4")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("read as 250 000")),
        "{messages:?}"
    );
}

#[test]
fn text_that_is_no_number_is_an_error() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    set(
        &mut spec,
        0,
        10,
        json!("В рамките на бюджета на отговорните институции"),
    );
    set(&mut spec, 6, 9, json!("сто"));
    check(
        &spec,
        &[
            at("Дейности", "K2", "error", "not-a-number"),
            at("Дейности", "J8", "error", "not-a-number"),
        ],
    );
}

#[test]
fn blank_rows_are_skipped_and_rows_below_them_still_read() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    let rows = spec["rows"].as_array().unwrap().clone();
    let blank = json!([null]);
    let mut with_gap: Vec<Value> = rows[..7].to_vec();
    with_gap.extend([blank.clone(), blank.clone(), blank.clone(), blank]);
    with_gap.extend(rows[7..].iter().cloned());
    spec["rows"] = json!(with_gap);
    let file = check(&spec, &[]);
    assert_eq!(file["rows"], json!(10));
}

#[test]
fn deadlines_against_the_programme_period() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    set(&mut spec, 0, 4, json!("2027 г."));
    set(&mut spec, 2, 4, json!("2024 г.-2025 г."));
    set(&mut spec, 3, 4, json!("виж приложението"));
    set(&mut spec, 4, 4, json!("съгласно графика"));
    set(&mut spec, 5, 4, json!({"date": "2024-06-01"}));
    set(&mut spec, 6, 4, Value::Null);
    check(
        &spec,
        &[
            at("Дейности", "E2", "error", "deadline-outside-period"),
            at(
                "Дейности",
                "E4",
                "warning",
                "deadline-partly-outside-period",
            ),
            at("Дейности", "E5", "warning", "deadline-not-understood"),
            at("Дейности", "E6", "warning", "deadline-vague"),
            at("Дейности", "E7", "error", "deadline-outside-period"),
            at("Дейности", "E8", "error", "missing-value"),
        ],
    );
}

#[test]
fn priorities_goals_and_activity_codes() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    set(&mut spec, 0, 0, json!("9. Несъществуващ приоритет"));
    set(&mut spec, 2, 0, json!("1"));
    set(&mut spec, 2, 1, json!("1.42"));
    set(&mut spec, 4, 1, json!("2.1"));
    set(&mut spec, 5, 2, json!("1.5.1"));
    set(&mut spec, 6, 2, json!("1.4.1"));
    check(
        &spec,
        &[
            at("Дейности", "A2", "error", "unknown-priority"),
            at("Дейности", "B4", "error", "unknown-goal"),
            at("Дейности", "B6", "error", "goal-not-in-priority"),
            at("Дейности", "C7", "warning", "activity-code-mismatch"),
            at("Дейности", "C8", "warning", "activity-code-mismatch"),
            at("Дейности", "C8", "warning", "duplicate-activity-code"),
        ],
    );
}

#[test]
fn codes_a_spreadsheet_turned_into_dates_are_read_as_typed() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    // Typed in Bulgarian-locale Excel into a column not formatted as text: "1.5" becomes
    // 1 May, "1.5.1" becomes 1 May 2001.
    let mut spec = clean_spec();
    set(&mut spec, 2, 1, json!({"date": "2026-05-01"}));
    set(&mut spec, 2, 2, json!({"date": "2001-05-01"}));
    check(
        &spec,
        &[
            at("Дейности", "B4", "warning", "code-read-as-date"),
            at("Дейности", "C4", "warning", "code-read-as-date"),
        ],
    );
}

#[test]
fn a_goal_alone_names_its_priority() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    set(&mut spec, 0, 0, Value::Null);
    check(&spec, &[]);
}

#[test]
fn required_cells() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    set(&mut spec, 2, 3, Value::Null); // Дейност (with a code: not a continuation)
    set(&mut spec, 3, 6, Value::Null); // Индикатор
    set(&mut spec, 4, 14, Value::Null); // Водеща институция
    let mut first = clean_spec()["rows"][0].clone();
    first[0] = Value::Null;
    first[1] = Value::Null;
    spec["rows"][0] = first; // nothing to fill priority and goal from
    check(
        &spec,
        &[
            at("Дейности", "A2", "error", "missing-value"),
            at("Дейности", "B2", "error", "missing-value"),
            at("Дейности", "D4", "error", "missing-value"),
            at("Дейности", "G5", "error", "missing-value"),
            at("Дейности", "O6", "error", "missing-value"),
        ],
    );
}

#[test]
fn units_currencies_funding_and_institutions() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    set(&mut spec, 0, 7, json!("бр."));
    set(&mut spec, 2, 7, json!("километри"));
    set(&mut spec, 3, 11, json!("USD"));
    set(&mut spec, 5, 10, json!("250 000 лв."));
    set(&mut spec, 5, 11, json!("EUR"));
    set(&mut spec, 6, 10, json!(-5));
    set(&mut spec, 6, 12, json!("Спонсори"));
    set(&mut spec, 7, 12, Value::Null);
    set(&mut spec, 7, 9, Value::Null);
    set(&mut spec, 4, 14, json!("РУО – Русе; Община Русе"));
    set(&mut spec, 4, 15, json!("Училища; Фондация „Нов път“"));
    set(&mut spec, 9, 14, json!("Министерство на образованието"));
    check(
        &spec,
        &[
            at("Дейности", "H4", "warning", "unknown-unit"),
            at("Дейности", "L5", "error", "unknown-currency"),
            at("Дейности", "K7", "warning", "number-as-text"),
            at("Дейности", "L7", "error", "currency-conflict"),
            at("Дейности", "K8", "error", "negative-budget"),
            at("Дейности", "M8", "warning", "unknown-funding-source"),
            at("Дейности", "M9", "warning", "missing-funding-source"),
            at("Дейности", "J9", "warning", "missing-target"),
            at("Дейности", "O6", "warning", "several-leads"),
            at("Дейности", "P6", "warning", "unknown-partner"),
            at("Дейности", "O11", "error", "unknown-lead"),
        ],
    );
}

#[test]
fn institution_sheet_checks() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    spec["institution"]["Лице за контакт"] = Value::Null;
    spec["institution"]["Имейл"] = json!("m.petrova@ruo-ruse");
    spec["institution"]["Телефон"] = json!("12-34");
    spec["institution"]["Дата"] = json!("някога");
    check(
        &spec,
        &[
            at("Институция", "B2", "error", "missing-field"),
            at("Институция", "B4", "error", "invalid-phone"),
            at("Институция", "B5", "error", "invalid-email"),
            at("Институция", "B6", "warning", "invalid-date"),
        ],
    );
}

#[test]
fn a_phone_typed_as_a_number_is_read_with_its_zero() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    spec["institution"]["Телефон"] = json!(888123456);
    check(&spec, &[]);
}

#[test]
fn unknown_or_missing_institution_makes_the_file_unusable() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    spec["institution"]["Институция"] = json!("Министерство на културата");
    check(
        &spec,
        &[at("Институция", "B1", "error", "unknown-institution")],
    );
    spec["institution"]["Институция"] = Value::Null;
    check(
        &spec,
        &[at("Институция", "B1", "error", "missing-institution")],
    );
    spec["institution"] = Value::Null;
    check(
        &spec,
        &[
            whole("error", "missing-institution-sheet"),
            whole("error", "missing-institution"),
        ],
    );
}

#[test]
fn meta_checks() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    spec["meta"] = json!(false);
    check(&spec, &[whole("warning", "missing-meta")]);
    spec["meta"] = json!({"municipality_code": "HKV34"});
    check(&spec, &[at("_meta", "B3", "error", "other-programme")]);
    spec["meta"] = json!({"period_end": "2025-12-31"});
    check(&spec, &[at("_meta", "B5", "error", "other-programme")]);
    spec["meta"] = json!({"config_sha256": "0".repeat(64)});
    check(&spec, &[at("_meta", "B6", "warning", "config-changed")]);
    spec["meta"] = json!({"template_version": "2"});
    check(
        &spec,
        &[at("_meta", "B2", "warning", "unknown-template-version")],
    );
    spec["meta"] = json!({"template_id": "zakrila-report"});
    check(&spec, &[at("_meta", "B1", "error", "not-a-template")]);
}

#[test]
fn a_renamed_activity_sheet_is_found_by_its_header() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    spec["activities_sheet"] = json!("Лист1");
    check(
        &spec,
        &[on_sheet("Лист1", "warning", "activities-sheet-renamed")],
    );
}

#[test]
fn a_file_without_any_table() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    spec["headers"] = json!(["Име", "Адрес"]);
    spec["rows"] = json!([]);
    check(&spec, &[whole("error", "no-activities-table")]);
}

#[test]
fn an_empty_template_says_so() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    spec["rows"] = json!([]);
    let file = check(&spec, &[on_sheet("Дейности", "warning", "no-rows")]);
    assert_eq!(file["rows"], json!(0));
}

#[test]
fn damaged_renamed_and_non_spreadsheet_files_are_one_finding_each() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let good = workbook(dir.path(), "добър.xlsx", &clean_spec());
    let bytes = std::fs::read(&good).unwrap();
    let damaged = dir.path().join("повреден.xlsx");
    std::fs::write(&damaged, &bytes[..bytes.len() / 2]).unwrap();
    let text = dir.path().join("таблица.xlsx");
    std::fs::write(&text, "Приоритет;Цел\n1;1.1\n").unwrap();
    let missing = dir.path().join("няма.xlsx");

    let (code, report) = validate(&[&damaged, &text, &missing, &good], &[]);
    assert_eq!(code, 1);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 4, "every file reported, none stops the others");
    assert_eq!(seen(&files[0]), [whole("error", "damaged-file")]);
    assert_eq!(seen(&files[1]), [whole("error", "not-a-spreadsheet")]);
    assert_eq!(seen(&files[2]), [whole("error", "file-unreadable")]);
    assert_eq!(seen(&files[3]), []);
}

#[test]
fn a_password_protected_workbook_is_a_file_error() {
    if !common::tools::have(&[Tool::Msoffcrypto, Tool::Python]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plain = workbook(dir.path(), "отворен.xlsx", &clean_spec());
    let locked = dir.path().join("заключен.xlsx");
    let run = std::process::Command::new("python3")
        .args(["-m", "msoffcrypto.method.ecma376_agile"])
        .output();
    drop(run);
    let encrypt = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import msoffcrypto,sys\n\
             f=msoffcrypto.OfficeFile(open(sys.argv[1],'rb'))\n\
             f.encrypt('парола', open(sys.argv[2],'wb'))",
        )
        .arg(&plain)
        .arg(&locked)
        .output()
        .expect("python3 runs");
    if !encrypt.status.success() {
        // Older msoffcrypto has the encrypting file type under another name.
        let encrypt = std::process::Command::new("python3")
            .arg("-c")
            .arg(
                "import sys\nfrom msoffcrypto.format.ooxml import OOXMLFile\n\
                 f=OOXMLFile(open(sys.argv[1],'rb'))\n\
                 f.encrypt('parola', open(sys.argv[2],'wb'))",
            )
            .arg(&plain)
            .arg(&locked)
            .output()
            .unwrap();
        assert!(
            encrypt.status.success(),
            "{}",
            String::from_utf8_lossy(&encrypt.stderr)
        );
    }
    check_file(&locked, &[whole("error", "password-protected")]);
}

#[test]
fn formulas_are_read_by_their_cached_values_and_errors_are_errors() {
    if !common::tools::have(&[Tool::LibreOffice, Tool::Python]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut spec = clean_spec();
    set(&mut spec, 0, 9, json!({"formula": "=1000+350"}));
    set(&mut spec, 2, 10, json!({"formula": "=1/0"}));
    set(&mut spec, 3, 9, json!({"formula": "=#REF!"}));
    let written = workbook(dir.path(), "формули.xlsx", &spec);
    // openpyxl writes no cached values; LibreOffice calculates and saves them.
    let out = dir.path().join("calculated");
    std::fs::create_dir(&out).unwrap();
    let calculated = soffice_convert(&written, "xlsx", &out);
    check_file(
        &calculated,
        &[
            at("Дейности", "K4", "error", "formula-error"),
            at("Дейности", "J5", "error", "formula-error"),
        ],
    );
    let programme = zakrila::config::Programme::load(&ruse_config()).unwrap();
    let submission = zakrila::validate::contribution::read(
        &calculated,
        "f",
        &programme,
        zakrila::read::Limits::default(),
    );
    assert_eq!(submission.activities[0].indicators[0].target, Some(1350.0));
}

#[test]
fn ods_and_xls_saved_by_libreoffice_read_like_xlsx_whatever_their_extension() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let fixtures = root().join("tests/fixtures");
    let mut spec = clean_spec();
    set(&mut spec, 0, 4, json!("2027 г."));
    let dir = tempfile::tempdir().unwrap();
    let xlsx = workbook(dir.path(), "ruo-faulty.xlsx", &spec);
    let expected = [at("Дейности", "E2", "error", "deadline-outside-period")];
    check_file(&xlsx, &expected);
    // Committed fixtures, saved by LibreOffice from the same spec (see tests/fixtures/README.md).
    check_file(&fixtures.join("ruo-faulty.ods"), &expected);
    check_file(&fixtures.join("ruo-faulty.xls"), &expected);
    // A macro-enabled name changes nothing.
    let xlsm = dir.path().join("с-макроси.xlsm");
    std::fs::copy(&xlsx, &xlsm).unwrap();
    check_file(&xlsm, &expected);
    // An .xls renamed to .xlsx is read as .xls.
    let renamed = dir.path().join("всъщност-xls.xlsx");
    std::fs::copy(fixtures.join("ruo-faulty.xls"), &renamed).unwrap();
    check_file(&renamed, &expected);
}

#[test]
fn directories_are_read_in_name_order_skipping_lock_and_hidden_files() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    workbook(dir.path(), "б-руо.xlsx", &clean_spec());
    workbook(dir.path(), "а-руо.xlsx", &clean_spec());
    for junk in [
        "~$а-руо.xlsx",
        ".~lock.б-руо.xlsx#",
        ".скрит.xlsx",
        "бележки.txt",
    ] {
        std::fs::write(dir.path().join(junk), "x").unwrap();
    }
    let (code, report) = validate(&[dir.path()], &[]);
    assert_eq!(code, 0);
    let names: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(names, ["а-руо.xlsx", "б-руо.xlsx"]);
}

#[test]
fn strict_turns_warnings_into_a_failing_exit() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut spec = clean_spec();
    set(&mut spec, 0, 9, Value::Null);
    let path = workbook(dir.path(), "w.xlsx", &spec);
    assert_eq!(validate(&[&path], &[]).0, 0);
    assert_eq!(validate(&[&path], &["--strict"]).0, 1);
}

#[test]
fn text_report_is_grouped_by_file_with_counts_in_bulgarian_and_english() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut spec = clean_spec();
    set(&mut spec, 0, 4, json!("2027 г."));
    set(&mut spec, 0, 9, Value::Null);
    let path = workbook(dir.path(), "руо.xlsx", &spec);
    let config = ruse_config();
    let run = zakrila([
        "validate".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        path.as_os_str(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    let out = String::from_utf8(run.stdout).unwrap();
    assert!(
        out.contains("руо.xlsx — РУО – Русе: 10 реда, 1 грешка, 1 предупреждение"),
        "{out}"
    );
    assert!(
        out.contains("Дейности!E2 [Срок] грешка deadline-outside-period: Срокът „2027 г.“"),
        "{out}"
    );
    assert!(
        out.contains("Общо: 1 файл, 10 реда, 1 грешка, 1 предупреждение."),
        "{out}"
    );
    let run = zakrila([
        "--lang".as_ref(),
        "en".as_ref(),
        "validate".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        path.as_os_str(),
    ]);
    let out = String::from_utf8(run.stdout).unwrap();
    assert!(out.contains("10 rows, 1 error, 1 warning"), "{out}");
    assert!(
        out.contains("Total: 1 file, 10 rows, 1 error, 1 warning."),
        "{out}"
    );
}

#[test]
fn an_empty_directory_cannot_run() {
    let dir = tempfile::tempdir().unwrap();
    let config = ruse_config();
    let run = zakrila([
        "validate".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        dir.path().as_os_str(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("няма електронни таблици"));
}

#[test]
fn every_row_is_accepted_or_rejected() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let mut spec = clean_spec();
    set(&mut spec, 0, 4, json!("2027 г.")); // rejects the activity: rows 2 and 3
    set(&mut spec, 8, 9, json!("много")); // rejects one continuation row
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "r.xlsx", &spec);
    let programme = zakrila::config::Programme::load(&ruse_config()).unwrap();
    let submission = zakrila::validate::contribution::read(
        &path,
        "r.xlsx",
        &programme,
        zakrila::read::Limits::default(),
    );
    assert_eq!(submission.rows_read, 10);
    let rejected: Vec<u32> = submission.rejected_rows.keys().map(|r| r + 1).collect();
    assert_eq!(rejected, [2, 3, 10]);
    use zakrila::model::contribution::Rejection;
    let why: Vec<Rejection> = submission.rejected_rows.values().copied().collect();
    assert_eq!(
        why,
        [
            Rejection::OwnErrors,
            Rejection::ActivityRejected { activity_row: 1 },
            Rejection::OwnErrors
        ]
    );
    let accepted: usize = submission
        .activities
        .iter()
        .map(|a| a.indicators.len())
        .sum();
    assert_eq!(accepted, 7);
    assert_eq!(
        submission.rows_accepted() + rejected.len(),
        submission.rows_read
    );
}
