//! `zakrila serve` over HTTP, the reporting round: started from the merge, each lead's
//! workbook and report, the collect, the export and every file kept give the commands'
//! bytes, and the audit log says each step in words.

mod common;

use common::tools::Tool;
use std::path::Path;
use std::process::Command;

use common::round_portal::{Portal, Reach, SAMPLES, sample, upload_sample, zakrila_command};
use common::{root, ruse_config, zakrila};
use reqwest::StatusCode;
use reqwest::blocking::{Client, multipart};
use reqwest::header::{ACCEPT, CONTENT_DISPOSITION, LOCATION};
use serde_json::Value;

/// Unzips an archive with Python's zipfile into `folder`; gives the names inside.
fn unzip(bytes: &[u8], folder: &Path) -> Vec<String> {
    let archive = folder.join("archive.zip");
    std::fs::write(&archive, bytes).unwrap();
    let output = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); z.extractall(sys.argv[2]); print('\\n'.join(z.namelist()))",
        ])
        .arg(&archive)
        .arg(folder)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr(&output));
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_reporting_round_collect_and_export_give_the_commands_bytes() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let portal = Portal::start(Reach::Network);
    let (secretary, csrf) = portal.secretary();
    let work = tempfile::tempdir().unwrap();
    let cli = |args: &[&std::ffi::OsStr]| {
        let output = zakrila_command()
            .current_dir(work.path())
            .args(args)
            .output()
            .unwrap();
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            common::stderr(&output)
        );
    };
    let start = |client: &Client| {
        client
            .post(portal.at("/api/v1/reporting"))
            .header(ACCEPT, "application/json")
            .send()
            .unwrap()
    };
    // Before a merge there is nothing to start from; an institution has nothing to report.
    let early = start(&secretary);
    assert_eq!(early.status(), StatusCode::CONFLICT);
    assert_eq!(early.json::<Value>().unwrap()["error"], "no-programme");
    let ruo = portal.link(&secretary, "РУО");
    let report = Portal::client()
        .get(format!("{ruo}/report"))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap();
    assert_eq!(report.status(), StatusCode::CONFLICT);
    assert_eq!(start(&Portal::client()).status(), StatusCode::UNAUTHORIZED);

    for (file, institution) in SAMPLES {
        upload_sample(&portal.link(&secretary, institution), file);
    }
    let merged = secretary
        .post(portal.at("/api/v1/merge"))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap()
        .bytes()
        .unwrap();
    let programme = work.path().join("програма.xlsx");
    std::fs::write(&programme, &merged).unwrap();

    // A file that is no programme cannot start the round.
    let wrong = secretary
        .post(portal.at("/api/v1/reporting"))
        .header(ACCEPT, "application/json")
        .multipart(
            multipart::Form::new().part(
                "programme",
                multipart::Part::bytes(std::fs::read(sample("02-ruo-ruse.xlsx")).unwrap())
                    .file_name("02-ruo-ruse.xlsx"),
            ),
        )
        .send()
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        wrong.json::<Value>().unwrap()["error"],
        "programme-unreadable"
    );
    // The adopted programme, uploaded.
    let started = secretary
        .post(portal.at("/api/v1/reporting"))
        .header(ACCEPT, "application/json")
        .multipart(multipart::Form::new().part(
            "programme",
            multipart::Part::bytes(merged.to_vec()).file_name("програма.xlsx"),
        ))
        .send()
        .unwrap();
    assert_eq!(started.status(), StatusCode::CREATED);
    let started: Value = started.json().unwrap();
    let leads = started["institutions"].as_array().unwrap();
    assert!(leads.len() >= 5, "{started}");

    // Each lead institution's workbook is `report new`'s.
    let reports = work.path().join("отчети");
    cli(&[
        "report".as_ref(),
        "new".as_ref(),
        "--config".as_ref(),
        ruse_config().as_os_str(),
        "-o".as_ref(),
        reports.as_os_str(),
        programme.as_os_str(),
    ]);
    let filled = work.path().join("попълнени");
    std::fs::create_dir(&filled).unwrap();
    let mut sent = 0;
    let mut report_ids = Vec::new();
    for (prefix, file) in [("РУО", "РУО – Русе.xlsx"), ("РЗИ", "РЗИ – Русе.xlsx")]
    {
        let link = portal.link(&secretary, prefix);
        let workbook = Portal::client()
            .get(format!("{link}/report"))
            .send()
            .unwrap();
        assert_eq!(workbook.status(), StatusCode::OK, "{prefix}");
        let workbook = workbook.bytes().unwrap();
        assert_eq!(
            workbook.as_ref(),
            std::fs::read(reports.join(file)).unwrap().as_slice(),
            "{prefix}: the portal's reporting workbook differs from report new's"
        );
        let path = filled.join(file);
        let output = Command::new("python3")
            .arg(root().join("tests/py/fill_report_all.py"))
            .arg(reports.join(file))
            .arg(&path)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", common::stderr(&output));
        let form = multipart::Form::new().part(
            "file",
            multipart::Part::bytes(std::fs::read(&path).unwrap()).file_name(file.to_string()),
        );
        let answer = Portal::client()
            .post(format!("{link}/reports"))
            .header(ACCEPT, "application/json")
            .multipart(form)
            .send()
            .unwrap();
        assert_eq!(answer.status(), StatusCode::CREATED, "{prefix}");
        let answer: Value = answer.json().unwrap();
        assert_eq!(answer["report"]["errors"], 0, "{answer}");
        assert!(answer["report"]["rows"].as_u64().unwrap() > 0);
        report_ids.push(answer["id"].as_i64().unwrap());
        sent += 1;
        // The page shows the report and its counts.
        let page = Portal::client().get(&link).send().unwrap().text().unwrap();
        assert!(
            page.contains("id=\"report\"") && page.contains("отчетени "),
            "{page}"
        );
    }

    // The dashboard shows who has reported, of how many indicators, and reminders.
    let dashboard = secretary
        .get(portal.at("/"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        dashboard.contains(&format!(
            "{sent} от {} водещи институции са изпратили отчет",
            leads.len()
        )),
        "{dashboard}"
    );
    assert!(dashboard.contains("няма отчет"));

    // A lead institution's letter is now about its report.
    let index = portal
        .institutions(&secretary)
        .iter()
        .position(|row| row["institution"] == "РУО – Русе")
        .unwrap();
    let letter = secretary
        .get(portal.at(&format!("/letters/{index}")))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        letter.contains("събира отчетите за изпълнението"),
        "{letter}"
    );

    // Collect gives `report collect`'s bytes on the same files.
    let collected = secretary
        .post(portal.at("/api/v1/collect"))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap();
    assert_eq!(collected.status(), StatusCode::OK);
    let summary: Value =
        serde_json::from_str(collected.headers()["x-zakrila-summary"].to_str().unwrap()).unwrap();
    assert_eq!(summary["files"], 2);
    let implementation = collected.bytes().unwrap();
    let report_path = work.path().join("отчет.xlsx");
    let output = zakrila_command()
        .current_dir(&filled)
        .args(["report", "collect", "--config"])
        .arg(ruse_config())
        .arg("-o")
        .arg(&report_path)
        .arg(&programme)
        .args(["РУО – Русе.xlsx", "РЗИ – Русе.xlsx"])
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        common::stderr(&output)
    );
    assert!(
        implementation.as_ref() == std::fs::read(&report_path).unwrap().as_slice(),
        "the portal's implementation report differs from report collect's"
    );
    // The form collect goes back to the dashboard with the counts and the workbook.
    let answer = secretary
        .post(portal.at("/collect"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .unwrap();
    let location = answer.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(location.starts_with("/?collected="), "{location}");
    let page = secretary
        .get(portal.at(&location))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(page.contains("2 отчета"), "{page}");

    // The export zip holds `zakrila export`'s files, with the reported values.
    for (query, encoding) in [("", "utf-8"), ("?encoding=windows-1251", "windows-1251")] {
        let export = secretary
            .get(portal.at(&format!("/api/v1/export.zip{query}")))
            .send()
            .unwrap();
        assert_eq!(export.status(), StatusCode::OK);
        let disposition = export.headers()[CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .to_string();
        assert!(disposition.contains("RSE27-2025-2026.zip"), "{disposition}");
        let folder = tempfile::tempdir().unwrap();
        let names = unzip(&export.bytes().unwrap(), folder.path());
        assert_eq!(
            names,
            [
                "RSE27-2025-2026.csv",
                "RSE27-2025-2026-excel.csv",
                "datapackage.json"
            ]
        );
        let expected = tempfile::tempdir().unwrap();
        for (excel, name) in [
            (false, "RSE27-2025-2026.csv"),
            (true, "RSE27-2025-2026-excel.csv"),
        ] {
            let out = expected.path().join(name);
            let config = ruse_config();
            let mut args: Vec<&std::ffi::OsStr> = vec![
                "export".as_ref(),
                "--config".as_ref(),
                config.as_os_str(),
                "--report".as_ref(),
                report_path.as_os_str(),
                "--encoding".as_ref(),
                encoding.as_ref(),
                "--datapackage".as_ref(),
                "-o".as_ref(),
                out.as_os_str(),
            ];
            if excel {
                args.push("--excel".as_ref());
            }
            args.push(programme.as_os_str());
            let output = zakrila(&args);
            assert!(output.status.success(), "{}", common::stderr(&output));
            assert_eq!(
                std::fs::read(folder.path().join(name)).unwrap(),
                std::fs::read(&out).unwrap(),
                "{name} ({encoding})"
            );
            if !excel {
                assert_eq!(
                    std::fs::read(folder.path().join("datapackage.json")).unwrap(),
                    std::fs::read(expected.path().join("datapackage.json")).unwrap()
                );
            }
        }
    }

    // Every file sent, with its manifest; the audit log holds every step.
    let files = secretary
        .get(portal.at("/api/v1/files.zip"))
        .send()
        .unwrap();
    assert_eq!(files.status(), StatusCode::OK);
    let folder = tempfile::tempdir().unwrap();
    let names = unzip(&files.bytes().unwrap(), folder.path());
    assert_eq!(names[0], "manifest.csv");
    assert_eq!(names.len(), 1 + SAMPLES.len() + sent + 1, "{names:?}");
    let manifest = std::fs::read_to_string(folder.path().join("manifest.csv")).unwrap();
    assert!(manifest.starts_with("path,round,institution,version,uploaded_at,file,sha256"));
    assert!(manifest.contains("РУО – Русе.xlsx"));
    let audit: Vec<Value> = secretary
        .get(portal.at("/api/v1/audit"))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap()
        .json()
        .unwrap();
    let actions: Vec<&str> = audit
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for action in [
        "password-set",
        "login",
        "upload",
        "merge",
        "round-started",
        "implementation",
        "export",
        "files-zip",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    let page = secretary
        .get(portal.at("/audit"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(page.contains("начало на отчетния кръг"), "{page}");
    assert!(page.contains("секретарят") && !page.contains("round-started"));
    // Every line in words (issue 29): no code of the log on the page.
    assert!(page.contains("обединяване №1: 7 файла"), "{page}");
    assert!(page.contains("отчетен кръг №1"), "{page}");
    assert!(page.contains("отчет за изпълнението №1: "), "{page}");
    for code in ["merge #1", "report #1", "implementation #1", " files"] {
        assert!(!page.contains(code), "{code} on the audit page");
    }
    // None of it without a login.
    for path in ["/api/v1/export.zip", "/api/v1/files.zip", "/api/v1/audit"] {
        let answer = Portal::client()
            .get(portal.at(path))
            .header(ACCEPT, "application/json")
            .send()
            .unwrap();
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
    for path in ["/audit", "/outputs/1"] {
        let answer = Portal::client().get(portal.at(path)).send().unwrap();
        assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{path}");
    }
    // A report has no marked-up copy (its findings are on its page).
    for id in &report_ids {
        let copy = secretary
            .get(portal.at(&format!("/api/v1/submissions/{id}/annotated")))
            .send()
            .unwrap();
        assert_eq!(copy.status(), StatusCode::NOT_FOUND);
    }
    // A new round starts with no reports.
    let again = start(&secretary);
    assert_eq!(again.status(), StatusCode::CREATED);
    let dashboard = secretary
        .get(portal.at("/"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        dashboard.contains(&format!(
            "0 от {} водещи институции са изпратили отчет",
            leads.len()
        )),
        "{dashboard}"
    );
    let answer = Portal::client()
        .post(portal.at("/api/v1/collect"))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
}
