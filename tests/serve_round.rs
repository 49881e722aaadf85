//! What the portal's merge takes (portal.md, "What a merge takes" and "When the portal runs
//! on the secretary's own computer"), through the JSON API of the real binary: a file sent
//! through the wrong link is held, a returned version, a PDF or a reporting workbook never
//! change what is merged, the secretary decides on held files and adds files received by
//! e-mail, and `zakrila links` and `zakrila password` work beside the running portal.

mod common;

use common::tools::Tool;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::round_portal::{
    Portal, Reach, sample, token_of, upload, upload_sample, zakrila_command,
};
use common::ruse_config;
use reqwest::StatusCode;
use reqwest::blocking::multipart;
use reqwest::header::{ACCEPT, LOCATION};
use serde_json::{Value, json};

const RUO: &str = "РУО – Русе";
const PIC: &str = "ПИЦ";
const RUO_FILE: &str = "02-ruo-ruse.xlsx";

/// `zakrila merge` of the given Ruse samples alone: the workbook's bytes.
fn cli_merge(files: &[&str], folder: &Path) -> Vec<u8> {
    let inputs = folder.join("взети");
    std::fs::create_dir_all(&inputs).unwrap();
    for file in files {
        std::fs::copy(sample(file), inputs.join(file)).unwrap();
    }
    let out = folder.join("програма-cli.xlsx");
    let output = zakrila_command()
        .args(["merge", "--config"])
        .arg(ruse_config())
        .arg("-o")
        .arg(&out)
        .arg(&inputs)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr(&output));
    std::fs::read(out).unwrap()
}

/// A file written by a program into `folder`: `zakrila` with `args`, giving `name`.
fn made_by_zakrila(folder: &Path, args: &[&str], name: &str) -> PathBuf {
    let output = zakrila_command()
        .args(args)
        .current_dir(folder)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr(&output));
    folder.join(name)
}

/// РУО's sample with cell B1 of `Институция` (the institution) emptied by openpyxl, as a
/// school that cleared the wrong cell would send it.
fn naming_nobody(folder: &Path) -> PathBuf {
    let out = folder.join("без-институция.xlsx");
    let output = Command::new("python3")
        .args([
            "-c",
            "import sys, openpyxl\nbook = openpyxl.load_workbook(sys.argv[1])\nbook['Институция']['B1'] = None\nbook.save(sys.argv[2])",
        ])
        .arg(sample(RUO_FILE))
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr(&output));
    out
}

/// The "Done when" of issue 24: РУО's file, sent a second time through ПИЦ's link (a school
/// forwarding the wrong e-mail), leaves the programme with РУО's 29 rows and ПИЦ held.
#[test]
fn ruos_file_through_pics_link_leaves_the_programme_with_ruos_29_rows_and_pic_held() {
    let portal = Portal::start(Reach::Network);
    let (secretary, _) = portal.secretary();
    let ruo = portal.link(&secretary, RUO);
    let pic = portal.link(&secretary, PIC);

    let own = upload_sample(&ruo, RUO_FILE);
    assert_eq!(own["state"], "submitted");
    assert!(own.get("notes").is_none(), "{own}");
    let wrong = upload_sample(&pic, RUO_FILE);
    assert_eq!(
        (&wrong["state"], &wrong["institution"]),
        (&json!("held"), &json!(PIC))
    );
    let notes = wrong["notes"].as_array().unwrap();
    assert!(
        notes[0].as_str().unwrap().contains(&format!(
            "файлът посочва „{RUO}“, а е изпратен с връзката на „{PIC}“"
        )) && notes[0].as_str().unwrap().contains("задържана"),
        "{wrong}"
    );
    assert_eq!(
        notes[1],
        format!("Същият файл (байт по байт) е изпратен и от „{RUO}“.")
    );
    // ПИЦ's page says so too.
    let page = Portal::client().get(&pic).send().unwrap().text().unwrap();
    assert!(
        page.contains("задържан") && page.contains("Същият файл"),
        "{page}"
    );

    // The dashboard and the API: ПИЦ held, nothing of it taken; РУО's file taken.
    let row = portal.institution(&secretary, PIC);
    assert_eq!(
        (&row["state"], &row["taken"]),
        (&json!("held"), &Value::Null)
    );
    assert_eq!(
        portal.institution(&secretary, RUO)["taken"]["id"],
        own["id"]
    );
    let dashboard = portal.page(&secretary, "/");
    assert!(
        dashboard.contains(
            "1 от 46 институции е подала файл · <span class=\"badge held\">1 задържан</span>"
        ),
        "{dashboard}"
    );
    assert!(dashboard.contains("<tr class=\"held\">"));

    // A held version cannot be accepted before the secretary decides whose it is.
    let id = wrong["id"].as_i64().unwrap();
    let (status, refused) = portal.post_json(
        &secretary,
        &format!("/api/v1/submissions/{id}/review"),
        json!({ "decision": "accept" }),
    );
    assert_eq!(
        (status, &refused["error"]),
        (StatusCode::CONFLICT, &json!("held"))
    );

    // The page before the merge says what is taken and what not, and why.
    let plan = portal.page(&secretary, "/merge");
    assert!(
        plan.contains("Ще бъде обединен 1 файл с 29 реда; 45 институции остават извън програмата."),
        "{plan}"
    );
    assert!(
        plan.contains("файлът посочва друга институция или никоя"),
        "{plan}"
    );
    assert!(
        plan.contains(&format!("/submissions/{id}#decide")),
        "{plan}"
    );
    let english = portal.page(&secretary, "/merge?lang=en");
    assert!(
        english.contains(
            "1 file with 29 rows will be merged; 45 institutions are left out of the programme."
        ) && english.contains("the file names another institution, or none"),
        "{english}"
    );

    // The merge: РУО's 29 rows once, the same bytes as `zakrila merge` of РУО's file alone.
    let (bytes, summary) = portal.merge(&secretary);
    assert_eq!(
        (&summary["files"], &summary["rows"]),
        (&json!(1), &json!(29))
    );
    let left: Vec<&Value> = summary["left_out"].as_array().unwrap().iter().collect();
    assert_eq!(left.len(), 45);
    let held = left.iter().find(|left| left["institution"] == PIC).unwrap();
    assert_eq!(
        (&held["state"], &held["version"], &held["id"]),
        (&json!("held"), &json!(1), &json!(id))
    );
    assert!(
        left.iter()
            .filter(|left| left["institution"] != PIC)
            .all(|left| left["state"] == "none")
    );
    let folder = tempfile::tempdir().unwrap();
    assert!(
        bytes == cli_merge(&[RUO_FILE], folder.path()),
        "the programme differs from zakrila merge of РУО's file"
    );

    // The reporting round from this merge asks РУО for its 11 indicators, not 22.
    let answer = secretary
        .post(portal.at("/api/v1/reporting"))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    let round: Value = answer.json().unwrap();
    let ruo_leads = round["institutions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|lead| lead["institution"] == RUO)
        .unwrap();
    assert_eq!(ruo_leads["indicators"], 11);
}

#[test]
fn the_secretary_keeps_moves_or_returns_a_held_file_and_each_decision_is_audited() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let portal = Portal::start(Reach::Network);
    let (secretary, csrf) = portal.secretary();
    let pic = portal.link(&secretary, PIC);
    let decide = |id: &Value, decision: &str, comment: &str| {
        portal.post_json(
            &secretary,
            &format!("/api/v1/submissions/{id}/decide"),
            json!({ "decision": decision, "comment": comment }),
        )
    };

    // Moved to the institution it names: РУО's next version, sent by a move; ПИЦ has nothing.
    let first = upload_sample(&pic, RUO_FILE);
    let (status, moved) = decide(&first["id"], "move", "");
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(
        (&moved["state"], &moved["decision"]),
        (&json!("moved"), &json!("moved"))
    );
    let ruo = portal.institution(&secretary, RUO);
    assert_eq!(
        (&ruo["state"], &ruo["versions"]),
        (&json!("submitted"), &json!(1))
    );
    assert_eq!(ruo["taken"]["id"], moved["moved_to"]);
    let pic_row = portal.institution(&secretary, PIC);
    assert_eq!(
        (&pic_row["state"], &pic_row["versions"]),
        (&json!("none"), &json!(0))
    );
    // Decided once: a second decision, or one on a version that is not held, is refused.
    let (status, again) = decide(&first["id"], "keep", "");
    assert_eq!(
        (status, &again["error"]),
        (StatusCode::CONFLICT, &json!("not-held"))
    );
    let (status, _) = decide(&moved["moved_to"], "keep", "");
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = decide(&first["id"], "maybe", "");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(decide(&json!(999_999), "keep", "").0, StatusCode::NOT_FOUND);
    // The version moved shows where it went, on the secretary's page.
    let moved_page = portal.page(&secretary, &format!("/submissions/{}", first["id"]));
    assert!(
        moved_page.contains(&format!("премести файла при „{RUO}“ (нейна версия 1)")),
        "{moved_page}"
    );

    // Kept as ПИЦ's: then it is ПИЦ's file and is merged as such (the form, as a browser).
    let second = upload_sample(&pic, RUO_FILE);
    let answer = secretary
        .post(portal.at(&format!("/submissions/{}/decide", second["id"])))
        .form(&[
            ("csrf", csrf.as_str()),
            ("decision", "keep"),
            ("comment", ""),
        ])
        .send()
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let pic_row = portal.institution(&secretary, PIC);
    assert_eq!(
        (&pic_row["state"], &pic_row["taken"]["id"]),
        (&json!("submitted"), &second["id"])
    );

    // A file naming no institution: it cannot be moved; returned with a comment, it is
    // never merged, and ПИЦ sees the comment.
    let folder = tempfile::tempdir().unwrap();
    let nobody = naming_nobody(folder.path());
    let (status, third) = upload(&pic, "без-институция.xlsx", std::fs::read(&nobody).unwrap());
    assert_eq!(
        (status, &third["state"]),
        (StatusCode::CREATED, &json!("held"))
    );
    assert!(
        third["notes"][0]
            .as_str()
            .unwrap()
            .contains("не посочва институция от списъка"),
        "{third}"
    );
    let (status, refused) = decide(&third["id"], "move", "");
    assert_eq!(
        (status, &refused["error"]),
        (StatusCode::CONFLICT, &json!("names-no-institution"))
    );
    let comment = "Изберете институцията в B1 и изпратете файла отново.";
    let (status, returned) = decide(&third["id"], "return", comment);
    assert_eq!(
        (status, &returned["state"]),
        (StatusCode::OK, &json!("returned"))
    );
    assert_eq!(returned["comment"], comment);
    let page = Portal::client().get(&pic).send().unwrap().text().unwrap();
    assert!(page.contains(comment), "{page}");
    // ПИЦ's latest is returned; the merge takes its kept version 2.
    let pic_row = portal.institution(&secretary, PIC);
    assert_eq!(
        (&pic_row["state"], &pic_row["taken"]["version"]),
        (&json!("returned"), &json!(2))
    );

    // Every decision in the audit log, with the file's SHA-256.
    let audit: Vec<Value> = secretary
        .get(portal.at("/api/v1/audit"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let decisions: Vec<&str> = audit
        .iter()
        .filter(|entry| entry["action"] == "decide")
        .map(|entry| entry["subject"].as_str().unwrap())
        .collect();
    assert_eq!(decisions.len(), 3, "{audit:?}");
    assert!(
        decisions[0].contains(&format!("moved → {RUO} v1")),
        "{decisions:?}"
    );
    assert!(
        decisions[1].contains("kept") && decisions[2].contains("returned"),
        "{decisions:?}"
    );
    assert!(
        audit
            .iter()
            .filter(|entry| entry["action"] == "decide")
            .all(|entry| entry["sha256"].as_str().is_some_and(|sha| sha.len() == 64))
    );
}

#[test]
fn a_returned_version_a_pdf_a_reporting_workbook_and_an_empty_template_never_change_what_is_merged()
{
    if !common::tools::have(&[Tool::LibreOffice]) {
        return;
    }
    let portal = Portal::start(Reach::Network);
    let (secretary, _) = portal.secretary();
    let ruo = portal.link(&secretary, RUO);
    let folder = tempfile::tempdir().unwrap();
    let good = upload_sample(&ruo, RUO_FILE);

    // A PDF of the contribution (LibreOffice's): one sentence, no marked-up copy, not taken.
    let pdf = common::soffice_convert(&sample(RUO_FILE), "pdf", folder.path());
    let (status, sent) = upload(&ruo, "принос.pdf", std::fs::read(&pdf).unwrap());
    assert_eq!(
        (status, &sent["state"]),
        (StatusCode::CREATED, &json!("unreadable"))
    );
    assert_eq!(
        sent["notes"][0],
        "Файлът е PDF документ, а не таблица, затова не влиза в програмата; изпратете попълнения шаблон (.xlsx, .xls или .ods) с формуляра „Изпрати файла“."
    );
    let id = sent["id"].as_i64().unwrap();
    let copy = Portal::client()
        .get(portal.at(&format!(
            "/api/v1/submissions/{id}/annotated?token={}",
            token_of(&ruo)
        )))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap();
    assert_eq!(copy.status(), StatusCode::CONFLICT);
    let (status, refused) = portal.post_json(
        &secretary,
        &format!("/api/v1/submissions/{id}/review"),
        json!({ "decision": "accept" }),
    );
    assert_eq!(
        (status, &refused["error"]),
        (StatusCode::CONFLICT, &json!("unreadable"))
    );
    let page = Portal::client()
        .get(format!("{ruo}?v={id}"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        page.contains("Файлът е PDF документ") && !page.contains("Проблеми по клетки"),
        "{page}"
    );
    assert!(
        !page.contains("annotated?token"),
        "a marked-up copy offered for a PDF"
    );

    // A reporting workbook, sent through the contribution form.
    made_by_zakrila(
        folder.path(),
        &[
            "merge",
            "--config",
            ruse_config().to_str().unwrap(),
            "-o",
            "п.xlsx",
            sample(RUO_FILE).to_str().unwrap(),
        ],
        "п.xlsx",
    );
    let report = made_by_zakrila(
        folder.path(),
        &[
            "report",
            "new",
            "--config",
            ruse_config().to_str().unwrap(),
            "-o",
            "отчети",
            "п.xlsx",
        ],
        &format!("отчети/{RUO}.xlsx"),
    );
    let (_, sent) = upload(&ruo, "отчет.xlsx", std::fs::read(&report).unwrap());
    assert_eq!(sent["state"], "unreadable");
    assert!(
        sent["notes"][0]
            .as_str()
            .unwrap()
            .starts_with("Файлът е работна книга за отчета, а не принос"),
        "{sent}"
    );
    assert!(
        sent["notes"][0]
            .as_str()
            .unwrap()
            .contains("„Изпрати отчета“")
    );

    // The template, sent empty.
    let template = made_by_zakrila(
        folder.path(),
        &[
            "template",
            "--config",
            ruse_config().to_str().unwrap(),
            "-o",
            "шаблон.xlsx",
        ],
        "шаблон.xlsx",
    );
    let (_, sent) = upload(&ruo, "шаблон.xlsx", std::fs::read(&template).unwrap());
    assert_eq!(sent["state"], "unreadable");
    assert!(
        sent["notes"][0]
            .as_str()
            .unwrap()
            .contains("няма нито един попълнен ред"),
        "{sent}"
    );

    // Its own file again, returned for correction.
    let again = upload_sample(&ruo, RUO_FILE);
    let (status, _) = portal.post_json(
        &secretary,
        &format!("/api/v1/submissions/{}/review", again["id"]),
        json!({ "decision": "return", "comment": "Липсва бюджет." }),
    );
    assert_eq!(status, StatusCode::OK);

    // РУО's state is its latest version's (returned); the merge still takes version 1.
    let row = portal.institution(&secretary, RUO);
    assert_eq!(
        (&row["state"], &row["versions"]),
        (&json!("returned"), &json!(5))
    );
    assert_eq!(row["taken"]["id"], good["id"]);
    let plan = portal.page(&secretary, "/merge");
    for word in ["нечетим", "върнат"] {
        assert!(
            plan.contains(&format!(
                "class=\"badge {}\">{word}",
                if word == "върнат" {
                    "returned"
                } else {
                    "unreadable"
                }
            )),
            "{word}: {plan}"
        );
    }
    let (bytes, summary) = portal.merge(&secretary);
    assert_eq!(
        (&summary["files"], &summary["rows"]),
        (&json!(1), &json!(29))
    );
    assert!(bytes == cli_merge(&[RUO_FILE], folder.path()));

    // An institution whose only file is a PDF is left out as unreadable.
    let rzi = portal.link(&secretary, "РЗИ – Русе");
    let (_, sent) = upload(&rzi, "принос.pdf", std::fs::read(&pdf).unwrap());
    let (_, summary) = portal.merge(&secretary);
    let left = summary["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .find(|left| left["institution"] == "РЗИ – Русе")
        .unwrap()
        .clone();
    assert_eq!(
        left,
        json!({ "institution": "РЗИ – Русе", "state": "unreadable", "version": 1, "id": sent["id"] })
    );
    assert_eq!(summary["files"], 1);
}

#[test]
fn in_the_reporting_round_a_contribution_or_a_pdf_never_replaces_a_report() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let portal = Portal::start(Reach::Network);
    let (secretary, csrf) = portal.secretary();
    let ruo = portal.link(&secretary, RUO);
    upload_sample(&ruo, RUO_FILE);
    portal.merge(&secretary);

    // The page before the round: the latest merge, its lead institutions and indicators.
    let plan = portal.page(&secretary, "/reporting");
    assert!(plan.contains("обединяване № 1 от"), "{plan}");
    assert!(
        plan.contains("2 водещи институции, 29 индикатора"),
        "{plan}"
    );
    assert!(
        plan.contains(&format!(
            "<th scope=\"row\">{RUO}</th><td class=\"num\">11</td>"
        )),
        "{plan}"
    );
    // Started from the checked file: its bytes, named in the audit log.
    let folder = tempfile::tempdir().unwrap();
    let adopted = made_by_zakrila(
        folder.path(),
        &[
            "merge",
            "--config",
            ruse_config().to_str().unwrap(),
            "-o",
            "приета.xlsx",
            sample(RUO_FILE).to_str().unwrap(),
        ],
        "приета.xlsx",
    );
    let form = multipart::Form::new().text("csrf", csrf.clone()).part(
        "programme",
        multipart::Part::bytes(std::fs::read(&adopted).unwrap()).file_name("приета.xlsx"),
    );
    let checked = secretary
        .post(portal.at("/reporting/check"))
        .multipart(form)
        .send()
        .unwrap();
    assert_eq!(checked.status(), StatusCode::OK);
    let checked = checked.text().unwrap();
    assert!(
        checked.contains("приета.xlsx") && checked.contains("2 водещи институции, 29 индикатора"),
        "{checked}"
    );
    let sha = zakrila::serve::auth::sha256_hex(&std::fs::read(&adopted).unwrap());
    assert!(
        checked.contains(&format!("name=\"programme_sha256\" value=\"{sha}\"")),
        "{checked}"
    );
    let form = multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("programme_sha256", sha.clone())
        .text("source", "приета.xlsx");
    let started = secretary
        .post(portal.at("/reporting"))
        .multipart(form)
        .send()
        .unwrap();
    assert_eq!(started.status(), StatusCode::SEE_OTHER);
    let audit: Vec<Value> = secretary
        .get(portal.at("/api/v1/audit"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let round = audit
        .iter()
        .find(|entry| entry["action"] == "round-started")
        .unwrap();
    assert_eq!(
        (&round["sha256"], &round["detail"]),
        (&json!(sha), &json!("приета.xlsx"))
    );

    // РУО's report, filled, then its contribution and a PDF through the report form.
    let blank = Portal::client()
        .get(format!("{ruo}/report"))
        .send()
        .unwrap()
        .bytes()
        .unwrap();
    let blank_path = folder.path().join("отчет-празен.xlsx");
    std::fs::write(&blank_path, &blank).unwrap();
    let filled = folder.path().join("отчет.xlsx");
    common::python_check("fill_report_all.py", &[&blank_path, &filled]);
    let send_report = |name: &str, bytes: Vec<u8>| {
        let answer = Portal::client()
            .post(format!("{ruo}/reports"))
            .header(ACCEPT, "application/json")
            .multipart(multipart::Form::new().part(
                "file",
                multipart::Part::bytes(bytes).file_name(name.to_string()),
            ))
            .send()
            .unwrap();
        assert_eq!(answer.status(), StatusCode::CREATED);
        answer.json::<Value>().unwrap()
    };
    let good = send_report("отчет.xlsx", std::fs::read(&filled).unwrap());
    assert_eq!(good["state"], "submitted", "{good}");
    let wrong = send_report(RUO_FILE, std::fs::read(sample(RUO_FILE)).unwrap());
    assert_eq!(wrong["state"], "unreadable");
    assert!(
        wrong["notes"][0].as_str().unwrap().starts_with(
            "Файлът е принос към програмата (попълненият шаблон), а не работна книга за отчета"
        ),
        "{wrong}"
    );
    let empty = send_report("празен.xlsx", blank.to_vec());
    assert_eq!(empty["state"], "unreadable");
    assert!(
        empty["notes"][0]
            .as_str()
            .unwrap()
            .contains("няма нито една отчетена стойност"),
        "{empty}"
    );

    // The collect takes the filled report: 11 indicators reported by 1 file.
    let collected = secretary
        .post(portal.at("/api/v1/collect"))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap();
    assert_eq!(collected.status(), StatusCode::OK);
    let summary: Value =
        serde_json::from_str(collected.headers()["x-zakrila-summary"].to_str().unwrap()).unwrap();
    assert_eq!(
        (&summary["files"], &summary["reported"]),
        (&json!(1), &json!(11)),
        "{summary}"
    );
    // The dashboard shows the latest report's state, and counts what the collect takes.
    let dashboard = portal.page(&secretary, "/");
    assert!(
        dashboard.contains("отчетени 11 от 11 индикатора"),
        "{dashboard}"
    );
}

#[test]
fn a_portal_on_loopback_offers_no_links_and_takes_files_from_the_secretary() {
    let mut portal = Portal::start(Reach::Loopback);
    assert!(
        portal.base_url.starts_with("http://127.0.0.1:"),
        "{}",
        portal.base_url
    );
    let (secretary, csrf) = portal.secretary();
    let dashboard = portal.page(&secretary, "/");
    assert!(
        dashboard.contains(&format!(
            "Порталът работи само на този компютър ({})",
            portal.base_url.replace('/', "&#x2f;")
        )),
        "{dashboard}"
    );
    for offered in ["/letters/", "mailto:", "class=\"link-text\"", "/replace"] {
        assert!(
            !dashboard.contains(offered),
            "{offered} offered on loopback"
        );
    }
    assert_eq!(
        dashboard.matches("<tr class=\"none\" data-drop>").count(),
        46
    );
    let letter = secretary
        .get(portal.at("/letters/0"))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap();
    assert_eq!(letter.status(), StatusCode::CONFLICT);

    // A file received by e-mail, added through the API: the institution's version, sent by
    // the secretary.
    let add = |institution: &str, name: &str, bytes: Vec<u8>| {
        secretary
            .post(portal.at("/api/v1/submissions"))
            .header(ACCEPT, "application/json")
            .multipart(
                multipart::Form::new()
                    .part(
                        "file",
                        multipart::Part::bytes(bytes).file_name(name.to_string()),
                    )
                    .text("institution", institution.to_string()),
            )
            .send()
            .unwrap()
    };
    let answer = add(RUO, RUO_FILE, std::fs::read(sample(RUO_FILE)).unwrap());
    assert_eq!(answer.status(), StatusCode::CREATED);
    let created: Value = answer.json().unwrap();
    assert_eq!(
        (
            &created["state"],
            &created["institution"],
            &created["version"]
        ),
        (&json!("submitted"), &json!(RUO), &json!(1))
    );
    assert_eq!(created["report"]["rows"], 29);
    assert_eq!(
        created["notes"][0],
        "Файлът е получен по имейл и добавен от секретаря."
    );
    let unknown = add(
        "Министерство на нещата",
        RUO_FILE,
        std::fs::read(sample(RUO_FILE)).unwrap(),
    );
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        unknown.json::<Value>().unwrap()["error"],
        "unknown-institution"
    );
    let anonymous = Portal::client()
        .post(portal.at("/api/v1/submissions"))
        .header(ACCEPT, "application/json")
        .multipart(
            multipart::Form::new()
                .part(
                    "file",
                    multipart::Part::bytes(b"x".to_vec()).file_name("x.xlsx"),
                )
                .text("institution", RUO),
        )
        .send()
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    // Dropped on a row: the dashboard's form, with the row's index.
    let index = portal
        .institutions(&secretary)
        .iter()
        .position(|row| row["institution"] == "РЗИ – Русе")
        .unwrap();
    let form = multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("institution", index.to_string())
        .part(
            "file",
            multipart::Part::bytes(std::fs::read(sample("03-rzi-ruse.ods")).unwrap())
                .file_name("03-rzi-ruse.ods"),
        );
    let answer = secretary
        .post(portal.at("/submissions"))
        .multipart(form)
        .send()
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let location = answer.headers()[LOCATION].to_str().unwrap().to_string();
    let page = portal.page(&secretary, &location);
    assert!(page.contains("секретаря (получен по имейл)"), "{page}");
    // Without the form's token, nothing is kept.
    let form = multipart::Form::new()
        .text("institution", index.to_string())
        .part(
            "file",
            multipart::Part::bytes(b"x".to_vec()).file_name("x.xlsx"),
        );
    let refused = secretary
        .post(portal.at("/submissions"))
        .multipart(form)
        .send()
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(portal.institution(&secretary, "РЗИ – Русе")["versions"], 1);

    // The audit log says the secretary sent them.
    let audit: Vec<Value> = secretary
        .get(portal.at("/api/v1/audit"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let uploads: Vec<&Value> = audit
        .iter()
        .filter(|entry| entry["action"] == "upload")
        .collect();
    assert_eq!(uploads.len(), 2);
    assert!(
        uploads.iter().all(|entry| entry["actor"] == "secretary"),
        "{uploads:?}"
    );

    // The round runs: the merge takes both.
    let (_, summary) = portal.merge(&secretary);
    assert_eq!(summary["files"], 2);

    // `zakrila links` without --base-url gives the links this portal hands out, and says
    // they open on this computer only.
    let links = zakrila_command()
        .args(["links", "--config"])
        .arg(ruse_config())
        .arg("--data")
        .arg(&portal.data)
        .output()
        .unwrap();
    assert!(links.status.success(), "{}", common::stderr(&links));
    let stdout = String::from_utf8(links.stdout.clone()).unwrap();
    assert!(
        stdout
            .lines()
            .all(|line| line.contains(&format!("\t{}/i/", portal.base_url))),
        "{stdout}"
    );
    let stderr = common::stderr(&links);
    assert!(
        stderr.contains(&format!("Връзките започват с {}", portal.base_url)),
        "{stderr}"
    );
    assert!(
        stderr.contains("се отварят само на този компютър"),
        "{stderr}"
    );
    portal.stop();
}
