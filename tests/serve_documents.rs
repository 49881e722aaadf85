//! The council's documents and `programme.md` in the portal, through its JSON API and its
//! form: every saved version of the text kept and in the audit log, the document beside the
//! merge's workbook and the report document beside the implementation report — each the
//! bytes `zakrila document` writes from the same files.

mod common;
#[path = "common/portal.rs"]
mod portal;

use std::path::Path;

use common::ruse_config;
use portal::{Portal, sample, upload, zakrila_command};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION};
use serde_json::{Value, json};

/// `zakrila document` on files: the bytes it writes.
fn document_cli(text: &str, workbook: &[u8], dir: &Path, name: &str) -> Vec<u8> {
    let text_path = dir.join(format!("{name}.md"));
    std::fs::write(&text_path, text).unwrap();
    let workbook_path = dir.join(format!("{name}.xlsx"));
    std::fs::write(&workbook_path, workbook).unwrap();
    let out = dir.join(format!("{name}.docx"));
    let run = zakrila_command()
        .args(["document", "--config"])
        .arg(ruse_config())
        .arg("--text")
        .arg(&text_path)
        .arg("-o")
        .arg(&out)
        .arg(&workbook_path)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read(out).unwrap()
}

#[test]
fn the_programme_text_is_kept_by_version_and_the_documents_are_the_commands() {
    let work = tempfile::tempdir().unwrap();
    let portal = Portal::start();
    let (secretary, csrf) = portal.secretary();
    let get = |path: &str| {
        secretary
            .get(portal.at(path))
            .header(ACCEPT, "application/json")
            .send()
            .unwrap()
    };
    let save = |text: &str| {
        secretary
            .post(portal.at("/api/v1/text"))
            .json(&json!({ "text": text }))
            .send()
            .unwrap()
    };

    // No text yet (the sample has no programme.md): the skeleton, and what it lacks.
    let current: Value = get("/api/v1/text").json().unwrap();
    assert_eq!(current["source"], "skeleton");
    assert!(current["text"].as_str().unwrap().contains("[таблица]"));
    assert!(
        current["notes"][0].as_str().unwrap().contains("[Тук"),
        "{current}"
    );

    // Every saved version is kept; the same text twice is not a new version.
    let first = "# I. ВЪВЕДЕНИЕ\n\nПрограмата на {община} за {период}.\n\n[таблица]\n";
    let answer = save(first);
    assert_eq!(answer.status(), StatusCode::CREATED);
    assert_eq!(answer.json::<Value>().unwrap()["version"], 1);
    let again = save(first);
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.json::<Value>().unwrap()["saved"], false);
    let second = "# I. ВЪВЕДЕНИЕ\n\nПрограмата на {община}.\n\n# II. ПРИОРИТЕТИ\n\n[таблица]\n\n# IV. МОНИТОРИНГ\n\nВсяка година.\n";
    assert_eq!(save(second).status(), StatusCode::CREATED);
    let current: Value = get("/api/v1/text").json().unwrap();
    assert_eq!(
        (&current["source"], &current["version"]),
        (&json!("saved"), &json!(2))
    );
    assert_eq!(current["text"], second);
    let versions = current["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    let oldest = versions[1]["id"].as_i64().unwrap();
    let kept = get(&format!("/text/versions/{oldest}"));
    assert_eq!(kept.status(), StatusCode::OK);
    assert_eq!(kept.text().unwrap(), first);
    // Too large a text is refused, and nothing is saved.
    let huge = "а".repeat(1_100_000);
    let refused = save(&huge);
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert_eq!(refused.json::<Value>().unwrap()["error"], "text-too-large");

    // The page edits it section by section, as a plain form.
    let page = secretary
        .get(portal.at("/text"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        page.contains("name=\"heading_1\" value=\"II. ПРИОРИТЕТИ\""),
        "{page}"
    );
    assert!(page.contains("name=\"kind_2\" value=\"table\""), "{page}");
    let form = [
        ("csrf", csrf.as_str()),
        ("kind_0", "1"),
        ("heading_0", "I. ВЪВЕДЕНИЕ"),
        ("body_0", "Програмата на {община}.\r\nВтори абзац."),
        ("kind_1", "1"),
        ("heading_1", ""),
        ("body_1", ""),
        ("kind_2", "table"),
        // II. ПРИОРИТЕТИ emptied: the section goes.
        ("kind_3", "1"),
        ("heading_3", "IV. МОНИТОРИНГ"),
        ("body_3", "Всяка година."),
        ("new_heading", "V. ФИНАНСИРАНЕ"),
        ("new_body", "Общински бюджет."),
    ];
    let posted = secretary
        .post(portal.at("/text"))
        .form(&form)
        .send()
        .unwrap();
    assert_eq!(posted.status(), StatusCode::SEE_OTHER);
    assert_eq!(posted.headers()[LOCATION], "/text?saved=3");
    let third = "# I. ВЪВЕДЕНИЕ\n\nПрограмата на {община}.\n\nВтори абзац.\n\n[таблица]\n\n# IV. МОНИТОРИНГ\n\nВсяка година.\n\n# V. ФИНАНСИРАНЕ\n\nОбщински бюджет.\n";
    let current: Value = get("/api/v1/text").json().unwrap();
    assert_eq!(current["text"], third);
    // Without the CSRF token the form saves nothing.
    let forged = secretary
        .post(portal.at("/text"))
        .form(&[("kind_0", "1"), ("heading_0", "Подменено")])
        .send()
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);

    // A merge: the document beside its workbook is `zakrila document`'s on the same files.
    for (file, institution) in [
        ("02-ruo-ruse.xlsx", "РУО"),
        ("05-dsp-ruse.xlsx", "Дирекция"),
    ] {
        let link = portal.link(&secretary, institution);
        let answer = upload(&link, file, std::fs::read(sample(file)).unwrap());
        assert_eq!(answer.status(), StatusCode::CREATED);
    }
    let merged = secretary
        .post(portal.at("/api/v1/merge"))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap()
        .bytes()
        .unwrap();
    let dashboard = secretary
        .get(portal.at("/"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        dashboard.contains("href=\"/merges/1/document\""),
        "the dashboard offers the document beside the merge's workbook"
    );
    let document = get("/merges/1/document");
    assert_eq!(document.status(), StatusCode::OK);
    assert_eq!(
        document.headers()[CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    let document = document.bytes().unwrap();
    assert_eq!(
        document.as_ref(),
        document_cli(third, &merged, work.path(), "програма").as_slice()
    );

    // The reporting round with nobody reporting: the report document beside the report.
    let started = secretary
        .post(portal.at("/api/v1/reporting"))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap();
    assert_eq!(started.status(), StatusCode::CREATED);
    let collected = secretary
        .post(portal.at("/api/v1/collect"))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap();
    assert_eq!(collected.status(), StatusCode::OK);
    let implementation = collected.bytes().unwrap();
    let report = get("/outputs/1/document");
    assert_eq!(report.status(), StatusCode::OK);
    assert_eq!(
        report.bytes().unwrap().as_ref(),
        document_cli(third, &implementation, work.path(), "отчет").as_slice()
    );
    let dashboard = secretary
        .get(portal.at("/"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        dashboard.contains("href=\"/outputs/1/document\""),
        "{dashboard}"
    );

    // Each save and each document is in the audit log.
    let actions = portal.audit_actions(&secretary);
    assert_eq!(actions.iter().filter(|a| *a == "text-saved").count(), 3);
    assert_eq!(actions.iter().filter(|a| *a == "document").count(), 2);

    // None of it without the secretary.
    let stranger = Portal::client();
    for path in ["/api/v1/text", "/merges/1/document", "/outputs/1/document"] {
        let answer = stranger
            .get(portal.at(path))
            .header(ACCEPT, "application/json")
            .send()
            .unwrap();
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
    let answer = stranger
        .post(portal.at("/api/v1/text"))
        .json(&json!({ "text": "x" }))
        .send()
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(get("/merges/9/document").status(), StatusCode::NOT_FOUND);
}
