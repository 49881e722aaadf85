//! `zakrila template`: the committed template, determinism, and the workbook as independent
//! readers (calamine, openpyxl) and LibreOffice see it.

mod common;

use common::tools::Tool;
use std::path::Path;

use calamine::{Data, Reader, SheetVisible, Xlsx, open_workbook};
use common::{python_check, root, ruse_config, soffice_convert, stderr, zakrila};
use zakrila::config::Programme;

const COMMITTED: &str = "templates-xlsx/ruse-2025.xlsx";

fn generate(dir: &Path) -> std::path::PathBuf {
    let out = dir.join("шаблон Русе.xlsx");
    let run = zakrila([
        "template".as_ref(),
        "--config".as_ref(),
        ruse_config().as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(run.status.success(), "template failed: {}", stderr(&run));
    out
}

#[test]
fn committed_template_matches_what_the_code_generates() {
    let dir = tempfile::tempdir().unwrap();
    let generated = std::fs::read(generate(dir.path())).unwrap();
    let committed = std::fs::read(root().join(COMMITTED)).unwrap();
    assert!(
        generated == committed,
        "{COMMITTED} is stale: regenerate it with\n  cargo run -- template --config samples/ruse-2025/programme.toml -o {COMMITTED}"
    );
}

#[test]
fn same_config_gives_identical_bytes() {
    let programme = Programme::load(&ruse_config()).unwrap();
    let first = zakrila::write::template::build(&programme).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = zakrila::write::template::build(&programme).unwrap();
    assert_eq!(first, second);
}

#[test]
fn calamine_reads_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let path = generate(dir.path());
    let programme = Programme::load(&ruse_config()).unwrap();
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();

    let sheets: Vec<(String, SheetVisible)> = workbook
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible))
        .collect();
    assert_eq!(
        sheets,
        [
            ("Указания".to_string(), SheetVisible::Visible),
            ("Институция".to_string(), SheetVisible::Visible),
            ("Дейности".to_string(), SheetVisible::Visible),
            ("Списъци".to_string(), SheetVisible::Hidden),
            ("_meta".to_string(), SheetVisible::VeryHidden),
        ]
    );

    let activities = workbook.worksheet_range("Дейности").unwrap();
    let headers: Vec<String> = (0..17)
        .map(|c| activities.get_value((0, c)).unwrap().to_string())
        .collect();
    let expected: Vec<&str> = zakrila::contract::template::COLUMNS
        .iter()
        .map(|c| c.header)
        .collect();
    assert_eq!(headers, expected);
    assert_eq!(headers[0], "Приоритет");
    assert_eq!(headers[16], "Бележка");

    let institution = workbook.worksheet_range("Институция").unwrap();
    let labels: Vec<String> = (0..6)
        .map(|r| institution.get_value((r, 0)).unwrap().to_string())
        .collect();
    assert_eq!(
        labels,
        [
            "Институция",
            "Лице за контакт",
            "Длъжност",
            "Телефон",
            "Имейл",
            "Дата"
        ]
    );

    let lists = workbook.worksheet_range("Списъци").unwrap();
    let column = |c: u32| -> Vec<String> {
        (1..)
            .map_while(|r| match lists.get_value((r, c)) {
                Some(Data::String(s)) => Some(s.clone()),
                _ => None,
            })
            .collect()
    };
    let goals: Vec<String> = programme
        .priorities
        .iter()
        .flat_map(|p| p.goals.iter().map(|g| g.label()))
        .collect();
    assert_eq!(column(1), goals);
    assert_eq!(column(1).len(), 26);
    assert_eq!(column(0).len(), 7);
    assert_eq!(column(5), ["EUR", "BGN"]);

    let meta = workbook.worksheet_range("_meta").unwrap();
    let pairs: Vec<(String, String)> = (0..6)
        .map(|r| {
            (
                meta.get_value((r, 0)).unwrap().to_string(),
                meta.get_value((r, 1)).unwrap().to_string(),
            )
        })
        .collect();
    let config_bytes = std::fs::read(ruse_config()).unwrap();
    let sha: String = sha2::Digest::finalize(<sha2::Sha256 as sha2::Digest>::new_with_prefix(
        &config_bytes,
    ))
    .iter()
    .map(|b| format!("{b:02x}"))
    .collect();
    assert_eq!(
        pairs,
        [
            ("template_id".into(), "zakrila-programme".into()),
            ("template_version".into(), "1".into()),
            ("municipality_code".into(), "RSE27".into()),
            ("period_start".into(), "2025-01-01".into()),
            ("period_end".into(), "2026-12-31".into()),
            ("config_sha256".into(), sha),
        ]
    );
}

#[test]
fn openpyxl_sees_dropdowns_protection_and_frozen_header() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = generate(dir.path());
    python_check("check_template.py", &[&path, &ruse_config()]);
}

#[test]
fn openpyxl_check_catches_a_wrong_dropdown() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    // The checker must be able to fail: give it a config whose institutions differ.
    let dir = tempfile::tempdir().unwrap();
    let path = generate(dir.path());
    let config = std::fs::read_to_string(ruse_config()).unwrap();
    let altered = dir.path().join("altered.toml");
    std::fs::write(
        &altered,
        config.replacen("name = \"Община Русе\"", "name = \"Община Бяла\"", 1),
    )
    .unwrap();
    let output = std::process::Command::new("python3")
        .arg(root().join("tests/py/check_template.py"))
        .arg(&path)
        .arg(&altered)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("dropdown O"), "{said}");
    assert!(said.contains("config_sha256"), "{said}");
}

#[test]
fn libreoffice_opens_the_template_and_keeps_its_dropdowns() {
    if !common::tools::have(&[Tool::LibreOffice, Tool::Python]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = generate(dir.path());
    let pdf = soffice_convert(&path, "pdf", dir.path());
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    assert!(
        bytes.len() > 10_000,
        "PDF suspiciously small: {}",
        bytes.len()
    );

    // Saved again by LibreOffice, the dropdowns must still offer the configured values.
    let resaved_dir = dir.path().join("resaved");
    std::fs::create_dir(&resaved_dir).unwrap();
    let resaved = soffice_convert(&path, "xlsx", &resaved_dir);
    python_check(
        "check_template.py",
        &[&resaved, &ruse_config(), Path::new("--resaved")],
    );
}
