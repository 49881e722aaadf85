//! The portal's e-mail end to end (portal.md, "E-mail"): the real binary with `[mail]`
//! pointing at a real SMTP server on loopback (aiosmtpd with STARTTLS and a certificate from
//! a CA made here), driven through the JSON API, counted at the server.

mod common;
#[path = "common/portal.rs"]
mod portal;
#[path = "common/smtp.rs"]
mod smtp;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::tools::Tool;
use portal::{Portal, sample, token_of, upload};
use reqwest::StatusCode;
use reqwest::blocking::Client;
use reqwest::header::ACCEPT;
use serde_json::{Value, json};
use smtp::{SmtpServer, decoded};

/// What the links start with: an address institutions could reach (not loopback), so the
/// portal sends mail; the tests talk to it where it listens.
const BASE_URL: &str = "http://zakrila.ruse.test";

/// The Ruse sample's config with `[mail]` for `server` and an address for the РУО.
fn config_with_mail(dir: &Path, server: &SmtpServer) -> PathBuf {
    let sample = std::fs::read_to_string(common::ruse_config()).unwrap();
    let with_address = sample.replacen(
        "name = \"РЗИ – Русе\"",
        "name = \"РЗИ – Русе\"\nemail = \"rzi@rzi-ruse.bg\"",
        1,
    );
    assert_ne!(with_address, sample);
    let config = format!(
        "{with_address}\n[mail]\nsmtp = \"{}\"\nsecurity = \"starttls\"\n\
         from = \"Комисия за детето – Русе <komisia@ruse.bg>\"\nca_file = \"{}\"\n",
        server.address(),
        server.ca_file().display()
    );
    let path = dir.join("programme.toml");
    std::fs::write(&path, config).unwrap();
    path
}

fn start(data: &Path, config: &Path, base_url: &str) -> Portal {
    Portal::start_in(
        data,
        Some(portal::PASSWORD),
        config,
        &["--base-url", base_url],
    )
}

fn post_json(client: &Client, url: String, body: Value) -> (StatusCode, Value) {
    let answer = client
        .post(url)
        .header(ACCEPT, "application/json")
        .json(&body)
        .send()
        .unwrap();
    let status = answer.status();
    (status, answer.json().unwrap_or(Value::Null))
}

fn outbox(portal: &Portal, client: &Client) -> Vec<Value> {
    let answer = client
        .get(portal.at("/api/v1/mail/outbox"))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    answer.json().unwrap()
}

/// Waits until `check` holds of the outbox, for at most 30 seconds.
fn wait_outbox(portal: &Portal, client: &Client, what: &str, check: impl Fn(&[Value]) -> bool) {
    let start = Instant::now();
    loop {
        let rows = outbox(portal, client);
        if check(&rows) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{what}: {rows:#?}\n{}",
            portal.log()
        );
        std::thread::sleep(Duration::from_millis(150));
    }
}

/// (institution, link) of every institution.
fn links(portal: &Portal, client: &Client) -> Vec<(String, String)> {
    let rows: Vec<Value> = client
        .get(portal.at("/api/v1/institutions"))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap()
        .json()
        .unwrap();
    rows.iter()
        .map(|row| {
            (
                row["institution"].as_str().unwrap().to_string(),
                row["link"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The secretary's daily line goes out after 17:00 once something has arrived, so whether
/// a test sees one depends on the hour it runs: the tests count the other messages.
const SECRETARY: &str = "komisia@ruse.bg";

fn to_institutions(server: &SmtpServer) -> Vec<String> {
    server
        .messages()
        .into_iter()
        .filter(|message| recipient(message) != SECRETARY)
        .collect()
}

fn wait_institutions(server: &SmtpServer, count: usize) -> Vec<String> {
    let start = Instant::now();
    loop {
        let messages = to_institutions(server);
        if messages.len() >= count || start.elapsed() > Duration::from_secs(30) {
            return messages;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn not_daily(rows: &[Value]) -> Vec<&Value> {
    rows.iter().filter(|row| row["kind"] != "daily").collect()
}

fn recipient(message: &str) -> &str {
    message
        .lines()
        .next()
        .unwrap()
        .trim_start_matches("X-Envelope-To: ")
}

#[test]
fn letters_receipts_and_returns_go_to_the_right_addresses_with_the_right_links() {
    if !common::tools::have(&[Tool::Smtpd]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = SmtpServer::start(&dir.path().join("smtp"), &["--starttls"]);
    let config = config_with_mail(dir.path(), &server);
    let portal = start(&dir.path().join("data"), &config, BASE_URL);
    let (secretary, _) = portal.secretary();
    let links = links(&portal, &secretary);
    let link_of = |name: &str| {
        links
            .iter()
            .find(|(institution, _)| institution == name)
            .map(|(_, link)| link.clone())
            .unwrap()
    };

    // An address set on the dashboard (through its API), beside the config's.
    let (status, _) = post_json(
        &secretary,
        portal.at("/api/v1/mail/addresses"),
        json!({"institution": "Община Русе", "address": "ne-e-adres"}),
    );
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = post_json(
        &secretary,
        portal.at("/api/v1/mail/addresses"),
        json!({"institution": "Община Русе", "address": "detsa@ruse.bg"}),
    );
    assert_eq!(status, StatusCode::OK);

    // All letters: the two institutions with an address; the others are named.
    let (status, body) = post_json(&secretary, portal.at("/api/v1/mail/links"), json!({}));
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["queued"], 2);
    assert_eq!(
        body["without_address"].as_array().unwrap().len(),
        links.len() - 2
    );
    let letters = wait_institutions(&server, 2);
    assert_eq!(letters.len(), 2, "{}", portal.log());
    for (name, address) in [
        ("Община Русе", "detsa@ruse.bg"),
        ("РЗИ – Русе", "rzi@rzi-ruse.bg"),
    ] {
        let letter = letters
            .iter()
            .find(|m| recipient(m) == address)
            .unwrap_or_else(|| panic!("no letter to {address}"));
        let text = decoded(letter, "text");
        assert!(text.contains(&format!("\n{}\n", link_of(name))), "{text}");
        assert!(text.contains(&format!("Уважаеми колеги от {name},")));
        for (other, link) in &links {
            if other != name {
                assert!(
                    !text.contains(link.as_str()),
                    "{name}'s letter holds {other}'s link"
                );
            }
        }
    }

    // An upload from the English page: its receipt, in English, to the file's contact.
    let ruo = link_of("РУО – Русе");
    let local = portal.at(&format!("/i/{}", token_of(&ruo)));
    let form = reqwest::blocking::multipart::Form::new().part(
        "file",
        reqwest::blocking::multipart::Part::bytes(
            std::fs::read(sample("02-ruo-ruse.xlsx")).unwrap(),
        )
        .file_name("02-ruo-ruse.xlsx"),
    );
    let answer = Portal::client()
        .post(format!("{local}/submissions?lang=en"))
        .header(ACCEPT, "application/json")
        .multipart(form)
        .send()
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    let id = answer.json::<Value>().unwrap()["id"].as_i64().unwrap();
    let messages = wait_institutions(&server, 3);
    assert_eq!(
        messages.len(),
        3,
        "{:#?}\n{}",
        outbox(&portal, &secretary),
        portal.log()
    );
    let receipt = &messages[2];
    assert_eq!(recipient(receipt), "d.marinova@ruo-ruse.bg");
    let subject = decoded(receipt, "Subject");
    assert!(
        subject.starts_with("Received: РУО – Русе, version 1 ("),
        "{subject}"
    );
    let text = decoded(receipt, "text");
    assert!(text.contains("Version: 1"), "{text}");
    assert!(text.contains("File: 02-ruo-ruse.xlsx"));
    assert!(text.contains(&format!("\n{ruo}?lang=en\n")), "{text}");

    // Returned with a comment: the comment, quoted, to the same address.
    let (status, _) = post_json(
        &secretary,
        portal.at(&format!("/api/v1/submissions/{id}/review")),
        json!({"decision": "return", "comment": "Попълнете бюджета на ред 7 <моля>"}),
    );
    assert_eq!(status, StatusCode::OK);
    let messages = wait_institutions(&server, 4);
    let returned = &messages[3];
    assert_eq!(recipient(returned), "d.marinova@ruo-ruse.bg");
    let text = decoded(returned, "text");
    assert!(
        text.contains("returned version 1 of your contribution"),
        "{text}"
    );
    assert!(text.contains("> Попълнете бюджета на ред 7 <моля>"));
    assert!(decoded(returned, "html").contains("Попълнете бюджета на ред 7 &lt;моля&gt;"));

    // Reminders by hand: to those without a file that have an address, once a day.
    let (status, body) = post_json(&secretary, portal.at("/api/v1/mail/reminders"), json!({}));
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(
        body["queued"], 2,
        "Община Русе and РЗИ have no file and an address"
    );
    let (_, again) = post_json(&secretary, portal.at("/api/v1/mail/reminders"), json!({}));
    assert_eq!(again["queued"], 0, "never twice in one day");

    wait_outbox(&portal, &secretary, "every message sent", |rows| {
        not_daily(rows).len() == 6 && rows.iter().all(|row| row["state"] == "sent")
    });
    let rows = outbox(&portal, &secretary);
    let kinds: Vec<&str> = not_daily(&rows)
        .iter()
        .rev()
        .map(|row| row["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "link", "link", "receipt", "returned", "reminder", "reminder"
        ]
    );
    assert_eq!(to_institutions(&server).len(), 6);

    // The dashboard shows the mail section with the outbox.
    let page = secretary
        .get(portal.at("/"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(page.contains("Изпрати връзките по имейл"), "{page}");
    assert!(page.contains("d.marinova@ruo-ruse.bg"));
    assert!(page.contains("чакат 0, неуспешни 0"), "{page}");

    // No token in any log line.
    let log = portal.log();
    for (_, link) in &links {
        assert!(!log.contains(token_of(link)), "a token in the log:\n{log}");
    }
}

#[test]
fn an_smtp_outage_and_a_kill_9_lose_nothing_and_send_nothing_twice() {
    if !common::tools::have(&[Tool::Smtpd]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut server = SmtpServer::down(&dir.path().join("smtp"), &["--starttls"]);
    let config = config_with_mail(dir.path(), &server);
    let data = dir.path().join("data");
    let portal = start(&data, &config, BASE_URL);
    let (secretary, _) = portal.secretary();
    for (institution, address) in [
        ("Община Русе", "detsa@ruse.bg"),
        ("МКБППМН", "mkbppmn@ruse.bg"),
    ] {
        let (status, _) = post_json(
            &secretary,
            portal.at("/api/v1/mail/addresses"),
            json!({"institution": institution, "address": address}),
        );
        assert_eq!(status, StatusCode::OK);
    }
    let (status, body) = post_json(&secretary, portal.at("/api/v1/mail/links"), json!({}));
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(body["queued"], 3);
    // Two uploads of РУО's: a receipt for each, versions 1 and 2.
    let ruo = portal.link(&secretary, "РУО");
    for _ in 0..2 {
        let answer = upload(
            &portal.at(&format!("/i/{}", token_of(&ruo))),
            "02-ruo-ruse.xlsx",
            std::fs::read(sample("02-ruo-ruse.xlsx")).unwrap(),
        );
        assert_eq!(answer.status(), StatusCode::CREATED);
    }

    // The server is down: the first try failed and says why; the rest wait.
    wait_outbox(&portal, &secretary, "a failed try", |rows| {
        not_daily(rows).len() == 5 && rows.iter().any(|row| row["state"] == "failed")
    });
    let rows = outbox(&portal, &secretary);
    let failed = rows.iter().find(|row| row["state"] == "failed").unwrap();
    assert!(
        failed["last_error"]
            .as_str()
            .unwrap()
            .contains("пощенският сървър не отговаря"),
        "{failed}"
    );
    assert!(rows.iter().all(|row| row["state"] != "sent"));

    // kill -9 with every message pending or failed; the server comes up; the portal again.
    let first_log = portal.log();
    drop(portal);
    server.up();
    let portal = start(&data, &config, BASE_URL);
    let (secretary, _) = portal.secretary();
    wait_outbox(&portal, &secretary, "all sent after the restart", |rows| {
        not_daily(rows).len() == 5 && rows.iter().all(|row| row["state"] == "sent")
    });
    // A little longer: nothing more arrives.
    std::thread::sleep(Duration::from_secs(2));
    let daily = server.messages().len() - to_institutions(&server).len();
    assert!(daily <= 1, "at most one daily line");
    let messages = to_institutions(&server);
    assert_eq!(messages.len(), 5, "each message exactly once");
    let mut ids: Vec<String> = messages.iter().map(|m| decoded(m, "Message-ID")).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5, "five different messages");
    let mut to: Vec<&str> = messages.iter().map(|m| recipient(m)).collect();
    to.sort();
    assert_eq!(
        to,
        [
            "d.marinova@ruo-ruse.bg",
            "d.marinova@ruo-ruse.bg",
            "detsa@ruse.bg",
            "mkbppmn@ruse.bg",
            "rzi@rzi-ruse.bg"
        ]
    );
    let mut receipts: Vec<String> = messages
        .iter()
        .map(|m| decoded(m, "Subject"))
        .filter(|subject| subject.starts_with("Получен: "))
        .collect();
    receipts.sort();
    assert_eq!(receipts.len(), 2, "{receipts:?}");
    assert!(receipts[0].starts_with("Получен: РУО – Русе, версия 1 ("));
    assert!(receipts[1].starts_with("Получен: РУО – Русе, версия 2 ("));
    let log = first_log + &portal.log();
    assert!(!log.contains(token_of(&ruo)), "a token in the log:\n{log}");
}

#[test]
fn the_server_back_up_try_again_now_sends_the_waiting_messages_once() {
    if !common::tools::have(&[Tool::Smtpd]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut server = SmtpServer::down(&dir.path().join("smtp"), &["--starttls"]);
    let config = config_with_mail(dir.path(), &server);
    let portal = start(&dir.path().join("data"), &config, BASE_URL);
    let (secretary, _) = portal.secretary();
    let (status, _) = post_json(
        &secretary,
        portal.at("/api/v1/mail/addresses"),
        json!({"institution": "Община Русе", "address": "detsa@ruse.bg"}),
    );
    assert_eq!(status, StatusCode::OK);
    let (status, body) = post_json(&secretary, portal.at("/api/v1/mail/links"), json!({}));
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(body["queued"], 2);
    wait_outbox(&portal, &secretary, "a failed try", |rows| {
        rows.iter().any(|row| row["state"] == "failed")
    });
    // The dashboard offers to try again; the server's pause (a minute and more) would
    // otherwise hold the letters back.
    let page = secretary
        .get(portal.at("/"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(page.contains("Опитай отново сега"), "{page}");

    server.up();
    let (status, body) = post_json(&secretary, portal.at("/api/v1/mail/retry"), json!({}));
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["queued"], 2);
    wait_outbox(
        &portal,
        &secretary,
        "both sent once the server is up",
        |rows| {
            not_daily(rows).len() == 2 && not_daily(rows).iter().all(|row| row["state"] == "sent")
        },
    );
    // Asked again with nothing waiting: nothing is sent twice.
    let (_, again) = post_json(&secretary, portal.at("/api/v1/mail/retry"), json!({}));
    assert_eq!(again["queued"], 0);
    std::thread::sleep(Duration::from_secs(1));
    let mut to: Vec<String> = to_institutions(&server)
        .iter()
        .map(|m| recipient(m).to_string())
        .collect();
    to.sort();
    assert_eq!(to, ["detsa@ruse.bg", "rzi@rzi-ruse.bg"], "each letter once");
    let page = secretary
        .get(portal.at("/"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        !page.contains("Опитай отново сега"),
        "nothing waits: no button"
    );
}

#[test]
fn a_portal_on_this_computer_only_writes_no_mail() {
    if !common::tools::have(&[Tool::Smtpd]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = SmtpServer::start(&dir.path().join("smtp"), &["--starttls"]);
    let config = config_with_mail(dir.path(), &server);
    let portal = Portal::start_in(
        &dir.path().join("data"),
        Some(portal::PASSWORD),
        &config,
        &[],
    );
    let (secretary, _) = portal.secretary();
    let (status, body) = post_json(&secretary, portal.at("/api/v1/mail/links"), json!({}));
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"], "mail-loopback");
    let ruo = portal.link(&secretary, "РУО");
    let answer = upload(
        &ruo,
        "02-ruo-ruse.xlsx",
        std::fs::read(sample("02-ruo-ruse.xlsx")).unwrap(),
    );
    assert_eq!(answer.status(), StatusCode::CREATED);
    assert!(outbox(&portal, &secretary).is_empty());
    std::thread::sleep(Duration::from_millis(500));
    assert!(server.messages().is_empty());
}

#[test]
fn in_the_reporting_round_only_lead_institutions_get_the_letter_and_it_asks_for_a_report() {
    if !common::tools::have(&[Tool::Smtpd]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = SmtpServer::start(&dir.path().join("smtp"), &["--starttls"]);
    let config = config_with_mail(dir.path(), &server);
    let portal = start(&dir.path().join("data"), &config, BASE_URL);
    let (secretary, _) = portal.secretary();
    // Every institution gets an address, so only the round decides who gets a letter.
    let names: Vec<String> = links(&portal, &secretary)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    for (i, name) in names.iter().enumerate() {
        let (status, _) = post_json(
            &secretary,
            portal.at("/api/v1/mail/addresses"),
            json!({"institution": name, "address": format!("i{i}@ruse.bg")}),
        );
        assert_eq!(status, StatusCode::OK);
    }
    let rzi = portal.link(&secretary, "РЗИ");
    let answer = upload(
        &portal.at(&format!("/i/{}", token_of(&rzi))),
        "03-rzi-ruse.ods",
        std::fs::read(sample("03-rzi-ruse.ods")).unwrap(),
    );
    assert_eq!(answer.status(), StatusCode::CREATED);
    let merged = secretary
        .post(portal.at("/api/v1/merge"))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap();
    assert_eq!(merged.status(), StatusCode::OK);
    let started = secretary
        .post(portal.at("/api/v1/reporting"))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap();
    assert_eq!(started.status(), StatusCode::CREATED, "{}", portal.log());
    let leads: Vec<String> = started.json::<Value>().unwrap()["institutions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|lead| lead["institution"].as_str().unwrap().to_string())
        .collect();
    assert!(!leads.is_empty() && leads.len() < names.len(), "{leads:?}");

    let (status, body) = post_json(&secretary, portal.at("/api/v1/mail/links"), json!({}));
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(body["queued"], leads.len(), "{body}");
    // The receipt of РЗИ's file, then one letter per lead institution.
    let messages = wait_institutions(&server, 1 + leads.len());
    assert_eq!(messages.len(), 1 + leads.len());
    // A lead institution sends its reporting workbook back: a receipt of its report.
    let lead = &leads[0];
    let link = portal.link(&secretary, lead);
    let local = portal.at(&format!("/i/{}", token_of(&link)));
    let workbook = Portal::client()
        .get(format!("{local}/report"))
        .send()
        .unwrap()
        .bytes()
        .unwrap();
    let form = reqwest::blocking::multipart::Form::new().part(
        "file",
        reqwest::blocking::multipart::Part::bytes(workbook.to_vec()).file_name("отчет.xlsx"),
    );
    let answer = Portal::client()
        .post(format!("{local}/reports"))
        .header(ACCEPT, "application/json")
        .multipart(form)
        .send()
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    let all = wait_institutions(&server, 2 + leads.len());
    let receipt = all.last().unwrap();
    let subject = decoded(receipt, "Subject");
    assert!(
        subject.starts_with(&format!("Получен: {lead}, версия 1 (")),
        "{subject}"
    );
    let text = decoded(receipt, "text");
    assert!(text.contains("вашия отчет за изпълнението"), "{text}");
    assert!(text.contains("Файл: отчет.xlsx"), "{text}");
    assert!(text.contains(&format!("\n{link}\n")), "{text}");

    for letter in &messages[1..] {
        let subject = decoded(letter, "Subject");
        assert!(
            subject.starts_with("Покана за отчет за изпълнението на „"),
            "{subject}"
        );
        let text = decoded(letter, "text");
        assert!(
            leads
                .iter()
                .any(|lead| text.contains(&format!("Уважаеми колеги от {lead},"))),
            "a letter to an institution that leads nothing:\n{text}"
        );
    }
}
