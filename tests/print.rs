//! Every visible sheet of every workbook zakrila writes, on paper: A4, fitted to the page
//! width, landscape where wide, header rows repeated, a print area, the page number in the
//! footer, charts whole on their page and wrapped texts in rows tall enough — read back with
//! openpyxl (tests/py/check_print.py); and the pages LibreOffice prints for the Ruse sample
//! programme, counted.

mod common;

use common::tools::Tool;
use std::path::{Path, PathBuf};

use common::{python_check, root, ruse_config, soffice_convert, stderr, zakrila};

/// Runs zakrila with `args`, asserting it did its work (0, or 1 for inputs with errors).
fn run(args: &[&std::ffi::OsStr]) {
    let output = zakrila(args);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "zakrila {args:?}: {}",
        stderr(&output)
    );
}

/// Every workbook zakrila writes, made from the Ruse samples in `dir`.
fn every_workbook(dir: &Path) -> Vec<PathBuf> {
    let config = ruse_config();
    let samples = root().join("samples/ruse-2025");
    let template = dir.join("шаблон.xlsx");
    let programme = dir.join("програма.xlsx");
    let reports = dir.join("отчети");
    let filled = dir.join("попълнени");
    let implementation = dir.join("изпълнение.xlsx");
    let annotated = dir.join("проверка");
    let imported = dir.join("внос");
    let national = dir.join("за агенцията.xlsx");
    let c = config.as_os_str();
    run(&[
        "template".as_ref(),
        "--config".as_ref(),
        c,
        "-o".as_ref(),
        template.as_os_str(),
    ]);
    run(&[
        "merge".as_ref(),
        "--config".as_ref(),
        c,
        "-o".as_ref(),
        programme.as_os_str(),
        samples.as_os_str(),
    ]);
    run(&[
        "report".as_ref(),
        "new".as_ref(),
        "--config".as_ref(),
        c,
        "-o".as_ref(),
        reports.as_os_str(),
        programme.as_os_str(),
    ]);
    std::fs::create_dir(&filled).unwrap();
    for entry in std::fs::read_dir(&reports).unwrap() {
        let report = entry.unwrap().path();
        let out = filled.join(report.file_name().unwrap());
        python_check("fill_report_all.py", &[&report, &out]);
    }
    run(&[
        "report".as_ref(),
        "collect".as_ref(),
        "--config".as_ref(),
        c,
        "-o".as_ref(),
        implementation.as_os_str(),
        programme.as_os_str(),
        filled.as_os_str(),
    ]);
    let faulty = samples.join("04-od-mvr-ruse-s-greshki.xlsx");
    run(&[
        "validate".as_ref(),
        "--config".as_ref(),
        c,
        "--annotate".as_ref(),
        annotated.as_os_str(),
        faulty.as_os_str(),
    ]);
    let document = root().join("tests/fixtures/import/haskovo-2019.docx");
    run(&[
        "import".as_ref(),
        "-o".as_ref(),
        imported.as_os_str(),
        document.as_os_str(),
    ]);
    run(&[
        "export".as_ref(),
        "--config".as_ref(),
        c,
        "-o".as_ref(),
        national.as_os_str(),
        programme.as_os_str(),
    ]);

    let mut workbooks = vec![template, programme, implementation, national];
    for folder in [&reports, &annotated, &imported] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
            .collect();
        found.sort();
        assert!(!found.is_empty(), "no workbook in {}", folder.display());
        workbooks.extend(found);
    }
    workbooks
}

#[test]
fn every_visible_sheet_zakrila_writes_prints_on_a4_as_wide_as_the_page() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let workbooks = every_workbook(dir.path());
    let paths: Vec<&Path> = workbooks.iter().map(PathBuf::as_path).collect();
    python_check("check_print.py", &paths);
    // Excel's own rules and the Office Open XML schemas, for the workbooks no other test
    // checks against them: the implementation report and the export as .xlsx.
    python_check("excel_rules.py", &[&workbooks[2], &workbooks[3]]);
}

#[test]
fn the_sample_programme_prints_on_a_dozen_pages_not_forty() {
    if !common::tools::have(&[Tool::LibreOffice]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let programme = dir.path().join("програма.xlsx");
    let samples = root().join("samples/ruse-2025");
    let config = ruse_config();
    run(&[
        "merge".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        programme.as_os_str(),
        samples.as_os_str(),
    ]);
    let pdf = soffice_convert(&programme, "pdf", dir.path());
    let pages = page_count(&std::fs::read(pdf).unwrap());
    // 41 pages before every sheet was fitted to the page width (issue 29): `Данни` on 24
    // narrow portrait pages, the charts cut in half. Now `Програма` takes 5, every other
    // sheet one or two.
    assert!((6..=12).contains(&pages), "{pages} pages");
}

/// The pages of a PDF LibreOffice wrote: its page objects (`/Type /Page`, not `/Pages`).
fn page_count(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type")
        .filter(|(at, _)| {
            let rest = text[at + 5..].trim_start();
            rest.starts_with("/Page") && !rest.starts_with("/Pages")
        })
        .count()
}
