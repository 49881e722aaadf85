//! Nothing a user may have filled is overwritten: `report new` and `import` refuse a folder
//! that already holds their files (exit 2, every file named, `--force` to replace them); and
//! every command that writes into a folder makes it when it is missing.

mod common;

use common::tools::Tool;
use std::path::{Path, PathBuf};

use common::{python_check, root, ruse_config, stderr, zakrila};

fn run(args: &[&std::ffi::OsStr]) -> std::process::Output {
    zakrila(args)
}

/// The Ruse samples merged into `dir`.
fn programme(dir: &Path) -> PathBuf {
    let out = dir.join("програма.xlsx");
    let config = ruse_config();
    let samples = root().join("samples/ruse-2025");
    let merged = run(&[
        "merge".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        samples.as_os_str(),
    ]);
    assert!(out.is_file(), "{}", stderr(&merged));
    out
}

fn report_new(programme: &Path, folder: &Path, extra: &[&str]) -> std::process::Output {
    let config = ruse_config();
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "report".as_ref(),
        "new".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        folder.as_os_str(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    args.push(programme.as_os_str());
    run(&args)
}

#[test]
fn report_new_refuses_to_write_over_reports_an_institution_may_have_filled() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let programme = programme(dir.path());
    // A folder that does not exist yet, two levels deep.
    let folder = dir.path().join("кръг 2026").join("отчети");
    let first = report_new(&programme, &folder, &[]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let ruo = folder.join("РУО – Русе.xlsx");
    python_check("fill_report_all.py", &[&ruo, &ruo]);
    let filled = std::fs::read(&ruo).unwrap();

    let again = report_new(&programme, &folder, &[]);
    assert_eq!(again.status.code(), Some(2));
    let said = stderr(&again);
    assert!(
        said.contains("вече има 15 файла")
            && said.contains("„БАБХ.xlsx“")
            && said.contains("--force")
            && said.contains("след -o"),
        "{said}"
    );
    assert_eq!(
        std::fs::read(&ruo).unwrap(),
        filled,
        "the filled report is kept"
    );

    let forced = report_new(&programme, &folder, &["--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert_ne!(std::fs::read(&ruo).unwrap(), filled, "--force replaces it");
}

#[test]
fn import_refuses_to_write_over_a_reviewed_config() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("нов кръг");
    let document = root().join("tests/fixtures/import/haskovo-2019.docx");
    let import = |extra: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "import".as_ref(),
            "-o".as_ref(),
            folder.as_os_str(),
            "--municipality-code".as_ref(),
            "HKV34".as_ref(),
        ];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        args.push(document.as_os_str());
        run(&args)
    };
    let first = import(&[]);
    assert!(
        matches!(first.status.code(), Some(0 | 1)),
        "{}",
        stderr(&first)
    );
    let config = folder.join("programme.toml");
    let reviewed = std::fs::read_to_string(&config).unwrap() + "\n# прегледано от секретаря\n";
    std::fs::write(&config, &reviewed).unwrap();

    let again = import(&[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("„programme.toml“"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read_to_string(&config).unwrap(), reviewed);

    let forced = import(&["--force"]);
    assert!(
        matches!(forced.status.code(), Some(0 | 1)),
        "{}",
        stderr(&forced)
    );
    assert_ne!(std::fs::read_to_string(&config).unwrap(), reviewed);
}

#[test]
fn every_command_that_writes_into_a_folder_makes_it() {
    let dir = tempfile::tempdir().unwrap();
    let new = |name: &str| dir.path().join("нова").join(name);
    let config = ruse_config();
    let c = config.as_os_str();
    let samples = root().join("samples/ruse-2025");
    let faulty = samples.join("04-od-mvr-ruse-s-greshki.xlsx");

    let template = new("шаблон").join("шаблон.xlsx");
    let programme = new("програма").join("програма.xlsx");
    let reports = new("отчети");
    let collected = new("изпълнение").join("отчет.xlsx");
    let csv = new("износ").join("за-агенцията.csv");
    let copies = new("проверка");
    let imported = new("внос");
    let document = root().join("tests/fixtures/import/haskovo-2019.docx");
    let runs: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec![
            "template".as_ref(),
            "--config".as_ref(),
            c,
            "-o".as_ref(),
            template.as_os_str(),
        ],
        vec![
            "merge".as_ref(),
            "--config".as_ref(),
            c,
            "-o".as_ref(),
            programme.as_os_str(),
            samples.as_os_str(),
        ],
        vec![
            "report".as_ref(),
            "new".as_ref(),
            "--config".as_ref(),
            c,
            "-o".as_ref(),
            reports.as_os_str(),
            programme.as_os_str(),
        ],
        vec![
            "report".as_ref(),
            "collect".as_ref(),
            "--config".as_ref(),
            c,
            "-o".as_ref(),
            collected.as_os_str(),
            programme.as_os_str(),
            reports.as_os_str(),
        ],
        vec![
            "export".as_ref(),
            "--config".as_ref(),
            c,
            "--datapackage".as_ref(),
            "-o".as_ref(),
            csv.as_os_str(),
            programme.as_os_str(),
        ],
        vec![
            "validate".as_ref(),
            "--config".as_ref(),
            c,
            "--annotate".as_ref(),
            copies.as_os_str(),
            faulty.as_os_str(),
        ],
        vec![
            "import".as_ref(),
            "-o".as_ref(),
            imported.as_os_str(),
            document.as_os_str(),
        ],
    ];
    for args in runs {
        let output = run(&args);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    for made in [
        &template,
        &programme,
        &reports.join("РУО – Русе.xlsx"),
        &collected,
        &csv,
        &csv.with_file_name("datapackage.json"),
        &copies.join("04-od-mvr-ruse-s-greshki (проверка).xlsx"),
        &imported.join("programme.toml"),
    ] {
        assert!(made.is_file(), "{} was not written", made.display());
    }
}
