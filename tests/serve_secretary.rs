//! `zakrila serve` over HTTP, the secretary's side: the merge gives `zakrila merge`'s bytes,
//! no route of hers answers without a login, logins and their spacing, the first start's
//! setup link, `links` and `backup` beside the server, and the dashboard's late institutions.

mod common;

use std::time::{Duration, Instant};

use common::round_portal::{PASSWORD, Portal, Reach, SAMPLES, sample, token_of, upload_sample};
use common::{ruse_config, zakrila};
use reqwest::StatusCode;
use reqwest::blocking::Client;
use reqwest::header::{ACCEPT, LOCATION, SET_COOKIE};
use serde_json::{Value, json};

#[test]
fn merge_from_the_portal_gives_the_same_bytes_as_zakrila_merge() {
    let portal = Portal::start(Reach::Network);
    let (secretary, csrf) = portal.secretary();
    let mut ids = Vec::new();
    for (file, institution) in SAMPLES {
        let link = portal.link(&secretary, institution);
        ids.push(upload_sample(&link, file)["id"].as_i64().unwrap());
    }
    // Accepted versions are merged; a returned one never is, even when it is the latest.
    let review = |id: i64, decision: &str| {
        secretary
            .post(portal.at(&format!("/api/v1/submissions/{id}/review")))
            .header(ACCEPT, "application/json")
            .json(&json!({ "decision": decision, "comment": "Поправете срока в E2." }))
            .send()
            .unwrap()
    };
    let returned = review(ids[3], "return");
    assert_eq!(returned.status(), StatusCode::OK);
    assert_eq!(returned.json::<Value>().unwrap()["review"], "returned");
    for &id in &ids[..3] {
        assert_eq!(review(id, "accept").status(), StatusCode::OK);
    }
    assert_eq!(review(ids[0], "maybe").status(), StatusCode::BAD_REQUEST);
    assert_eq!(review(999_999, "accept").status(), StatusCode::NOT_FOUND);

    let merged = secretary
        .post(portal.at("/api/v1/merge"))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap();
    assert_eq!(merged.status(), StatusCode::OK);
    let summary: Value =
        serde_json::from_str(merged.headers()["x-zakrila-summary"].to_str().unwrap()).unwrap();
    let bytes = merged.bytes().unwrap();

    // The same files but the returned one, merged by the command line.
    let folder = tempfile::tempdir().unwrap();
    let taken = folder.path().join("взети");
    std::fs::create_dir(&taken).unwrap();
    for (file, _) in SAMPLES.iter().filter(|(_, name)| *name != "ОД на МВР") {
        std::fs::copy(sample(file), taken.join(file)).unwrap();
    }
    let out = folder.path().join("програма.xlsx");
    let cli = zakrila([
        "merge".as_ref(),
        "--config".as_ref(),
        ruse_config().as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        taken.as_os_str(),
    ]);
    assert_eq!(cli.status.code(), Some(0), "{}", common::stderr(&cli));
    assert!(
        bytes.as_ref() == std::fs::read(&out).unwrap().as_slice(),
        "the portal's programme differs from zakrila merge's"
    );
    assert_eq!(summary["files"], 6);
    let returned = summary["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .find(|left| left["institution"] == "ОД на МВР – Русе")
        .unwrap();
    assert_eq!(
        (&returned["state"], &returned["version"]),
        (&json!("returned"), &json!(1))
    );
    assert_eq!(
        summary["rows"].as_u64(),
        Some(summary["accepted"].as_u64().unwrap() + summary["rejected"].as_u64().unwrap())
    );

    // The form merge goes back to the dashboard with the counts in words and the workbook.
    let answer = secretary
        .post(portal.at("/merge"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let location = answer.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(location.starts_with("/?merged="), "{location}");
    let dashboard = secretary
        .get(portal.at(&location))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(dashboard.contains("6 файла"), "{dashboard}");
    assert!(
        dashboard.contains("„ОД на МВР – Русе“ (върнат)"),
        "{dashboard}"
    );
    assert!(dashboard.contains("7 от 46 институции са подали файл"));
    let id = location.trim_start_matches("/?merged=");
    let again = secretary
        .get(portal.at(&format!("/merges/{id}")))
        .send()
        .unwrap();
    assert_eq!(again.bytes().unwrap(), bytes);
}

#[test]
fn no_route_of_the_secretary_answers_without_a_login() {
    let portal = Portal::start(Reach::Network);
    let client = Portal::client();
    // Pages send a person to the login page.
    for path in [
        "/",
        "/submissions/1",
        "/letters/0",
        "/merges/1",
        "/api/v1/submissions/1/original",
    ] {
        let answer = client.get(portal.at(path)).send().unwrap();
        assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(answer.headers()[LOCATION], "/login", "{path}");
    }
    // Scripts get 401 with a reason.
    for path in ["/api/v1/institutions", "/api/v1/submissions/1/annotated"] {
        let answer = client
            .get(portal.at(path))
            .header(ACCEPT, "application/json")
            .send()
            .unwrap();
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(answer.json::<Value>().unwrap()["error"], "login-required");
    }
    for path in ["/api/v1/merge", "/api/v1/collect", "/api/v1/reporting"] {
        let answer = client
            .post(portal.at(path))
            .header(ACCEPT, "application/json")
            .send()
            .unwrap();
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
    let review = client
        .post(portal.at("/api/v1/submissions/1/review"))
        .header(ACCEPT, "application/json")
        .json(&json!({"decision": "accept"}))
        .send()
        .unwrap();
    assert_eq!(review.status(), StatusCode::UNAUTHORIZED);
    // Forms without a session go to the login; with a session but without the CSRF token
    // they are refused.
    for path in [
        "/merge",
        "/links/0/replace",
        "/submissions/1/review",
        "/password",
        "/logout",
    ] {
        let answer = client
            .post(portal.at(path))
            .form(&[("csrf", "x"), ("decision", "accept"), ("password", "x")])
            .send()
            .unwrap();
        assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{path}");
    }
    let (secretary, csrf) = portal.secretary();
    for path in ["/merge", "/links/0/replace", "/logout"] {
        let answer = secretary
            .post(portal.at(path))
            .form(&[("csrf", "0".repeat(40))])
            .send()
            .unwrap();
        assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{path}");
        let page = answer.text().unwrap();
        assert!(page.contains("Формулярът е остарял"), "{page}");
    }
    // With the token, logout ends the session.
    let out = secretary
        .post(portal.at("/logout"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let after = secretary.get(portal.at("/")).send().unwrap();
    assert_eq!(after.status(), StatusCode::SEE_OTHER);
}

#[test]
fn logins_set_a_strict_cookie_and_failures_are_slowed() {
    let portal = Portal::start(Reach::Network);
    let client = Portal::client();
    let wrong = |client: &Client| {
        client
            .post(portal.at("/login"))
            .form(&[("password", "не е тази")])
            .send()
            .unwrap()
    };
    let first = wrong(&client);
    assert_eq!(first.status(), StatusCode::UNAUTHORIZED);
    assert!(first.text().unwrap().contains("Грешна парола."));
    for _ in 0..3 {
        wrong(&client);
    }
    // The fifth failure in a row waits before it is answered.
    let started = Instant::now();
    assert_eq!(wrong(&client).status(), StatusCode::UNAUTHORIZED);
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "{:?}",
        started.elapsed()
    );

    let right = client
        .post(portal.at("/login"))
        .form(&[("password", PASSWORD)])
        .send()
        .unwrap();
    assert_eq!(right.status(), StatusCode::SEE_OTHER);
    let cookie = right.headers()[SET_COOKIE].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let dashboard = client.get(portal.at("/")).send().unwrap();
    assert_eq!(dashboard.status(), StatusCode::OK);
    let html = dashboard.text().unwrap();
    assert!(html.contains("0 от 46 институции са подали файл"), "{html}");
    let rows = portal.institutions(&client);
    let token = token_of(rows[0]["link"].as_str().unwrap());
    assert!(html.contains(token), "the links are on the dashboard");

    // The password is changed on the dashboard: too short is refused and said; a good one
    // ends every other session and the old password stops working.
    let csrf = {
        let marker = "name=\"csrf\" value=\"";
        let at = html.find(marker).unwrap() + marker.len();
        html[at..at + 40].to_string()
    };
    let (other, _) = portal.secretary();
    let short = client
        .post(portal.at("/password"))
        .form(&[("csrf", csrf.as_str()), ("password", "къса")])
        .send()
        .unwrap();
    assert!(short.text().unwrap().contains("поне 10 знака"));
    let new_password = "нова дълга парола 2027";
    let changed = client
        .post(portal.at("/password"))
        .form(&[("csrf", csrf.as_str()), ("password", new_password)])
        .send()
        .unwrap();
    assert_eq!(changed.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        client.get(portal.at("/")).send().unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        other.get(portal.at("/")).send().unwrap().status(),
        StatusCode::SEE_OTHER,
        "the other session ended"
    );
    let old = Portal::client()
        .post(portal.at("/api/v1/login"))
        .header(ACCEPT, "application/json")
        .json(&json!({ "password": PASSWORD }))
        .send()
        .unwrap();
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);

    // The static files are embedded and cached.
    let css = Portal::client()
        .get(portal.at("/static/style.css"))
        .send()
        .unwrap();
    assert_eq!(css.status(), StatusCode::OK);
    assert!(
        css.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert_eq!(
        Portal::client()
            .get(portal.at("/static/nothing.js"))
            .send()
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[test]
fn the_first_start_without_a_password_prints_a_one_time_setup_link() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let portal = Portal::start_with(&data, None, &ruse_config(), Reach::Network, &[]);
    let log = portal.log();
    let at = log.find("/setup/").expect("a setup link on stderr");
    let token: String = log[at + 7..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    assert_eq!(token.len(), 40);
    let client = Portal::client();
    let setup = portal.at(&format!("/setup/{token}"));
    assert_eq!(client.get(&setup).send().unwrap().status(), StatusCode::OK);
    let short = client
        .post(&setup)
        .form(&[("password", "къса")])
        .send()
        .unwrap();
    assert_eq!(short.status(), StatusCode::BAD_REQUEST);
    let set = client
        .post(&setup)
        .form(&[("password", PASSWORD)])
        .send()
        .unwrap();
    assert_eq!(set.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        client.get(portal.at("/")).send().unwrap().status(),
        StatusCode::OK
    );
    // Used once: gone.
    assert_eq!(
        Portal::client().get(&setup).send().unwrap().status(),
        StatusCode::NOT_FOUND
    );
    // The password works after a restart, and no new setup link is printed.
    drop(portal);
    let portal = Portal::start_with(&data, None, &ruse_config(), Reach::Network, &[]);
    assert!(!portal.log().contains("/setup/"));
    portal.secretary();
}

#[test]
fn links_and_backup_work_beside_the_running_server() {
    let portal = Portal::start(Reach::Network);
    let (secretary, _) = portal.secretary();
    let link = portal.link(&secretary, "РУО");
    upload_sample(&link, "02-ruo-ruse.xlsx");

    let output = zakrila([
        "links".as_ref(),
        "--config".as_ref(),
        ruse_config().as_os_str(),
        "--data".as_ref(),
        portal.data.as_os_str(),
        "--base-url".as_ref(),
        "https://zakrila.ruse.bg/".as_ref(),
    ]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout.lines().count(),
        46,
        "one line per configured institution"
    );
    let ruo_line = stdout.lines().find(|line| line.starts_with("РУО")).unwrap();
    assert_eq!(
        ruo_line,
        format!("РУО – Русе\thttps://zakrila.ruse.bg/i/{}", token_of(&link))
    );

    let folder = tempfile::tempdir().unwrap();
    let copy = folder.path().join("копие.sqlite");
    let output = zakrila([
        "backup".as_ref(),
        "--data".as_ref(),
        portal.data.as_os_str(),
        "-o".as_ref(),
        copy.as_os_str(),
    ]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let restored = folder.path().join("restored");
    std::fs::create_dir(&restored).unwrap();
    std::fs::copy(&copy, restored.join("zakrila.sqlite")).unwrap();
    let store = zakrila::serve::store::Store::open(&restored).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let kept = store.submissions("contribution").unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        store.blob(&kept[0].sha256).unwrap().unwrap(),
        std::fs::read(sample("02-ruo-ruse.xlsx")).unwrap()
    );
    // A backup never overwrites the database it copies.
    let output = zakrila([
        "backup".as_ref(),
        "--data".as_ref(),
        portal.data.as_os_str(),
        "-o".as_ref(),
        portal.data.join("zakrila.sqlite").as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_dashboard_marks_late_institutions_and_offers_reminders_and_letters() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("programme.toml");
    let mut text = std::fs::read_to_string(ruse_config()).unwrap();
    text.push_str("\n[portal]\ncontributions_due = 2025-03-31\nreports_due = 2027-02-28\n");
    std::fs::write(&config, text).unwrap();
    let portal = Portal::start_with(
        &dir.path().join("data"),
        Some(PASSWORD),
        &config,
        Reach::Network,
        &[],
    );
    let (secretary, _) = portal.secretary();
    let rows = portal.institutions(&secretary);
    assert!(
        rows.iter().all(|row| row["late"] == true),
        "nobody sent by 31.03.2025"
    );
    let html = secretary
        .get(portal.at("/"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(html.contains("31.03.2025"));
    assert!(html.contains("закъснял"));
    assert!(
        html.contains("mailto:?subject="),
        "a reminder for those without a file"
    );
    let letter = secretary
        .get(portal.at("/letters/2"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        letter.contains("РУО – Русе") && letter.contains("31.03.2025"),
        "{letter}"
    );
    assert!(letter.contains(token_of(rows[2]["link"].as_str().unwrap())));
    let page = Portal::client()
        .get(rows[2]["link"].as_str().unwrap())
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(page.contains("31.03.2025") && page.contains("закъснял"));
}

#[test]
fn a_failure_of_the_server_is_a_500_that_says_nothing_and_is_logged_once_with_its_cause() {
    let portal = Portal::start(Reach::Network);
    let (secretary, _) = portal.secretary();
    let link = portal.link(&secretary, "РУО");
    upload_sample(&link, "02-ruo-ruse.xlsx");
    // A kept file's bytes gone from under the portal (a damaged database): the record
    // still names them.
    let database = rusqlite::Connection::open(portal.data.join("zakrila.sqlite")).unwrap();
    database.busy_timeout(Duration::from_secs(30)).unwrap();
    let sha256: String = database
        .query_row("SELECT sha256 FROM submissions", [], |row| row.get(0))
        .unwrap();
    database.pragma_update(None, "foreign_keys", "OFF").unwrap();
    let removed = database.execute("DELETE FROM blobs", []).unwrap();
    assert!(removed >= 1);
    drop(database);

    let answer = secretary
        .get(portal.at("/api/v1/files.zip"))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap();
    assert_eq!(answer.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body: Value = answer.json().unwrap();
    assert_eq!(body["error"], "internal-error");
    // The user is told it failed, not why: no SHA-256, no English cause.
    let message = body["message"].as_str().unwrap();
    assert!(
        !message.contains("missing") && !message.contains("blob"),
        "{message}"
    );

    // The log says why, once.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !portal.log().contains("internal error:") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let log = portal.log();
    let said: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("internal error:"))
        .collect();
    assert_eq!(said.len(), 1, "{log}");
    assert!(said[0].contains("is missing"), "{log}");
    assert!(said[0].contains(&sha256), "{log}");
}

#[test]
fn an_address_or_a_body_the_route_does_not_take_is_refused_in_the_portals_words() {
    let portal = Portal::start(Reach::Network);
    let (secretary, _) = portal.secretary();
    let get = |path: &str| secretary.get(portal.at(path)).send().unwrap();

    // A number altered by hand in a query: 400, a page in Bulgarian saying what to do.
    for path in ["/?merged=abc", "/?round=1x", "/text?saved=%"] {
        let answer = get(path);
        assert_eq!(answer.status(), StatusCode::BAD_REQUEST, "{path}");
        let page = answer.text().unwrap();
        assert!(
            page.contains("Адресът на страницата е променен или непълен"),
            "{path}: {page}"
        );
        assert!(!page.contains("deserialize"), "{path}: {page}");
    }
    // A path whose number is no number names nothing: the portal's 404 page.
    for path in [
        "/submissions/abc",
        "/submissions/abc/done",
        "/merges/1.5",
        "/links/-1/done",
    ] {
        let answer = get(path);
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "{path}");
        let page = answer.text().unwrap();
        assert!(page.contains("Няма такава страница"), "{path}: {page}");
    }
    // The JSON API says it as JSON, with axum's reason for whoever wrote the script.
    let answer = secretary
        .post(portal.at("/api/v1/submissions/1/review"))
        .header(ACCEPT, "application/json")
        .header("content-type", "application/json")
        .body("{\"decision\": ")
        .send()
        .unwrap();
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    let body: Value = answer.json().unwrap();
    assert_eq!(body["error"], "bad-request", "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("Заявката не може да бъде изпълнена: "),
        "{body}"
    );
    // A "file" sent as plain text, not as a form with a file: the sentence of a form sent
    // without one, as a page for a browser and as JSON for a script.
    let link = portal.link(&secretary, "РУО");
    let sent = Portal::client()
        .post(format!("{link}/submissions"))
        .header("content-type", "text/plain")
        .body("не е файл")
        .send()
        .unwrap();
    assert_eq!(sent.status(), StatusCode::BAD_REQUEST);
    assert!(sent.text().unwrap().contains("Не е избран файл"));
    let sent = Portal::client()
        .post(format!("{link}/submissions"))
        .header(ACCEPT, "application/json")
        .body("не е файл")
        .send()
        .unwrap();
    assert_eq!(sent.status(), StatusCode::BAD_REQUEST);
    assert_eq!(sent.json::<Value>().unwrap()["error"], "no-file");
    let english = get("/?merged=abc&lang=en").text().unwrap();
    assert!(
        english.contains("address is altered or incomplete"),
        "{english}"
    );
}
