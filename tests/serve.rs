//! `zakrila serve` over HTTP: every route, who may use it, and what bad input gets. Each test
//! starts the real binary on a free port with its own data folder and talks to it as a
//! browser or a script would.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{root, ruse_config, zakrila};
use reqwest::StatusCode;
use reqwest::blocking::{Client, multipart};
use reqwest::header::{ACCEPT, CONTENT_DISPOSITION, LOCATION, SET_COOKIE};
use serde_json::{Value, json};

const PASSWORD: &str = "парола на секретаря 2026";
/// The host name the personal links start with; the clients resolve it to this machine.
const HOST: &str = "zakrila.test";

/// A running portal: its address, its data folder and everything it printed on stderr.
struct Portal {
    child: Child,
    url: String,
    data: PathBuf,
    log: Arc<Mutex<String>>,
    _dir: Option<tempfile::TempDir>,
}

impl Portal {
    fn start() -> Portal {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("портал");
        let mut portal = Portal::start_in(&data, Some(PASSWORD), &ruse_config());
        portal._dir = Some(dir);
        portal
    }

    /// A portal whose links start with a name institutions could open ([`HOST`], which the
    /// clients resolve to this machine): a portal whose links start with 127.0.0.1 works
    /// on its own computer only and offers no links or letters (`tests/serve_round.rs`).
    fn start_in(data: &Path, password: Option<&str>, config: &Path) -> Portal {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut command = zakrila_command();
        command
            .args(["serve", "--config"])
            .arg(config)
            .arg("--data")
            .arg(data)
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .args(["--base-url", &format!("http://{HOST}:{port}")])
            .args(["--max-file-mb", "20"])
            .env_remove("ZAKRILA_ADMIN_PASSWORD")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(password) = password {
            command.env("ZAKRILA_ADMIN_PASSWORD", password);
        }
        let mut child = command.spawn().expect("the zakrila binary starts");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (sender, receiver) = std::sync::mpsc::channel();
        {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    if let Some(at) = line.find("http://")
                        && line.contains("(")
                    {
                        let url: String = line[at..]
                            .chars()
                            .take_while(|c| !c.is_whitespace())
                            .collect();
                        let _ = sender.send(url);
                    }
                    let mut log = log.lock().unwrap();
                    log.push_str(&line);
                    log.push('\n');
                }
            });
        }
        receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("the portal says where it listens");
        let url = format!("http://127.0.0.1:{port}");
        Portal {
            child,
            url,
            data: data.to_path_buf(),
            log,
            _dir: None,
        }
    }

    fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// A client that keeps cookies and does not follow redirects (so they can be checked).
    fn client() -> Client {
        Client::builder()
            .resolve(HOST, std::net::SocketAddr::from(([127, 0, 0, 1], 0)))
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(120))
            .build()
            .unwrap()
    }

    /// A client signed in as the secretary through the JSON login; gives its CSRF token.
    fn secretary(&self) -> (Client, String) {
        let client = Portal::client();
        let answer = client
            .post(self.at("/api/v1/login"))
            .header(ACCEPT, "application/json")
            .json(&json!({ "password": PASSWORD }))
            .send()
            .unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
        let body: Value = answer.json().unwrap();
        (client, body["csrf"].as_str().unwrap().to_string())
    }

    /// Every institution's row of `GET /api/v1/institutions`.
    fn institutions(&self, secretary: &Client) -> Vec<Value> {
        let answer = secretary
            .get(self.at("/api/v1/institutions"))
            .header(ACCEPT, "application/json")
            .send()
            .unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
        answer.json::<Vec<Value>>().unwrap()
    }

    /// The personal link of the institution whose name starts with `prefix`.
    fn link(&self, secretary: &Client, prefix: &str) -> String {
        self.institutions(secretary)
            .into_iter()
            .find(|row| row["institution"].as_str().unwrap().starts_with(prefix))
            .map(|row| row["link"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("no institution {prefix}"))
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The binary, with no locale variables: the tests expect Bulgarian unless they say
/// `--lang en` (an English locale would make English the default).
fn zakrila_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_zakrila"));
    command
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    command
}

fn sample(name: &str) -> PathBuf {
    root().join("samples/ruse-2025").join(name)
}

fn token_of(link: &str) -> &str {
    link.rsplit('/').next().unwrap()
}

/// Uploads bytes under a file name through a personal link, as a script does.
fn upload(link: &str, name: &str, bytes: Vec<u8>) -> reqwest::blocking::Response {
    let form = multipart::Form::new().part(
        "file",
        multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    Portal::client()
        .post(format!("{link}/submissions"))
        .header(ACCEPT, "application/json")
        .multipart(form)
        .send()
        .unwrap()
}

fn upload_sample(link: &str, name: &str) -> Value {
    let answer = upload(link, name, std::fs::read(sample(name)).unwrap());
    assert_eq!(answer.status(), StatusCode::CREATED, "{name}");
    answer.json().unwrap()
}

/// The Ruse sample institutions by file.
const SAMPLES: [(&str, &str); 7] = [
    ("01-obshtina-ruse.xlsx", "Община Русе"),
    ("02-ruo-ruse.xlsx", "РУО"),
    ("03-rzi-ruse.ods", "РЗИ"),
    ("04-od-mvr-ruse-s-greshki.xlsx", "ОД на МВР"),
    ("05-dsp-ruse.xlsx", "Дирекция „Социално подпомагане“"),
    ("06-mkbppmn.xls", "МКБППМН"),
    ("07-obsnv.xlsx", "ОбСНВ"),
];

#[test]
fn an_upload_gets_the_same_report_as_validate_and_is_kept_as_a_new_version() {
    let portal = Portal::start();
    let (secretary, _) = portal.secretary();
    let link = portal.link(&secretary, "ОД на МВР");

    let first = upload_sample(&link, "04-od-mvr-ruse-s-greshki.xlsx");
    let second = upload_sample(&link, "04-od-mvr-ruse-s-greshki.xlsx");
    assert_eq!(
        (first["version"].as_i64(), second["version"].as_i64()),
        (Some(1), Some(2))
    );
    assert_ne!(first["id"], second["id"]);

    // The report is the file object of `zakrila validate --format json` on the same file.
    let output = zakrila_command()
        .current_dir(root().join("samples/ruse-2025"))
        .args(["validate", "--format", "json", "--config", "programme.toml"])
        .arg("04-od-mvr-ruse-s-greshki.xlsx")
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(first["report"], cli["files"][0]);
    assert_eq!(first["report"]["errors"], 3);

    // Both versions are listed, newest first, and the state follows the latest one.
    let row = portal
        .institutions(&secretary)
        .into_iter()
        .find(|row| row["link"] == link.as_str())
        .unwrap();
    assert_eq!(row["versions"], 2);
    assert_eq!(row["state"], "errors");
    assert_eq!(row["latest"]["id"], second["id"]);
    assert_eq!(row["latest"]["file"], "04-od-mvr-ruse-s-greshki.xlsx");
    assert_eq!(row["latest"]["errors"], 3);
    assert_eq!(row["latest"]["sha256"].as_str().unwrap().len(), 64);

    // The page shows the check of the newest version, grouped by sheet, and both versions.
    let page = Portal::client().get(&link).send().unwrap().text().unwrap();
    assert!(
        page.contains("Файлът има 5 реда, 3 грешки и 8 предупреждения."),
        "{page}"
    );
    assert!(page.contains("Лист „Дейности“"));
    assert!(page.contains("deadline-not-understood"));
    assert_eq!(
        page.matches("<tr><td><a href=").count(),
        2,
        "two versions listed"
    );

    // The marked-up copy is `validate --annotate`'s workbook.
    let id = second["id"].as_i64().unwrap();
    let token = token_of(&link);
    let copy = Portal::client()
        .get(portal.at(&format!("/api/v1/submissions/{id}/annotated?token={token}")))
        .send()
        .unwrap();
    assert_eq!(copy.status(), StatusCode::OK);
    let disposition = copy.headers()[CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
    let copy = copy.bytes().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let annotated = zakrila([
        "validate".as_ref(),
        "--config".as_ref(),
        ruse_config().as_os_str(),
        "--annotate".as_ref(),
        folder.path().as_os_str(),
        sample("04-od-mvr-ruse-s-greshki.xlsx").as_os_str(),
    ]);
    assert_eq!(annotated.status.code(), Some(1));
    let from_cli = std::fs::read_dir(folder.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert_eq!(copy.as_ref(), std::fs::read(from_cli).unwrap().as_slice());
}

#[test]
fn merge_from_the_portal_gives_the_same_bytes_as_zakrila_merge() {
    let portal = Portal::start();
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
fn an_institution_sees_only_its_own_files_and_a_wrong_link_is_404() {
    let portal = Portal::start();
    let (secretary, csrf) = portal.secretary();
    let ruo = portal.link(&secretary, "РУО");
    let rzi = portal.link(&secretary, "РЗИ");
    let id = upload_sample(&ruo, "02-ruo-ruse.xlsx")["id"]
        .as_i64()
        .unwrap();
    let get = |path: String| Portal::client().get(portal.at(&path)).send().unwrap();

    let own = get(format!(
        "/api/v1/submissions/{id}/original?token={}",
        token_of(&ruo)
    ));
    assert_eq!(own.status(), StatusCode::OK);
    assert_eq!(
        own.bytes().unwrap(),
        std::fs::read(sample("02-ruo-ruse.xlsx")).unwrap()
    );
    for path in ["original", "annotated"] {
        let other = get(format!(
            "/api/v1/submissions/{id}/{path}?token={}",
            token_of(&rzi)
        ));
        assert_eq!(other.status(), StatusCode::NOT_FOUND, "{path}");
        let wrong = get(format!(
            "/api/v1/submissions/{id}/{path}?token={}",
            "0".repeat(40)
        ));
        assert_eq!(wrong.status(), StatusCode::NOT_FOUND, "{path}");
    }
    // Another institution's page does not list the file.
    let page = Portal::client().get(&rzi).send().unwrap().text().unwrap();
    assert!(!page.contains("02-ruo-ruse.xlsx"));
    // The link decides whose version a file is: РУО's file sent with РЗИ's link is kept
    // as РЗИ's, with a warning saying so.
    let other = upload_sample(&rzi, "02-ruo-ruse.xlsx");
    assert!(
        other["notes"][0]
            .as_str()
            .unwrap()
            .contains("файлът посочва „РУО – Русе“"),
        "{other}"
    );
    let page = Portal::client().get(&rzi).send().unwrap().text().unwrap();
    assert!(
        page.contains("файлът посочва „РУО – Русе“, а е изпратен с връзката на „РЗИ – Русе“"),
        "{page}"
    );

    // A wrong or shortened token is 404, as JSON and as a page, and says what to do.
    let wrong = Portal::client()
        .get(portal.at(&format!("/i/{}", "f".repeat(40))))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::NOT_FOUND);
    let body: Value = wrong.json().unwrap();
    assert_eq!(body["error"], "not-found");
    assert!(body["message"].as_str().unwrap().contains("секретаря"));
    let short = &ruo[..ruo.len() - 1];
    assert_eq!(
        Portal::client().get(short).send().unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        upload(short, "x.xlsx", b"x".to_vec()).status(),
        StatusCode::NOT_FOUND
    );
    // A large file sent through a wrong link still gets the 404 and its advice, not a
    // connection reset: the server reads what it is sent before it answers.
    for _ in 0..3 {
        assert_eq!(
            upload(short, "голям.xlsx", vec![b'x'; 4_000_000]).status(),
            StatusCode::NOT_FOUND
        );
        let report = Portal::client()
            .post(format!("{short}/reports"))
            .header(ACCEPT, "application/json")
            .multipart(multipart::Form::new().part(
                "file",
                multipart::Part::bytes(vec![b'x'; 4_000_000]).file_name("отчет.xlsx"),
            ))
            .send()
            .unwrap();
        assert_eq!(report.status(), StatusCode::NOT_FOUND);
    }

    // A replaced link stops working at once; the new one works and keeps the versions.
    let index = portal
        .institutions(&secretary)
        .iter()
        .position(|row| row["link"] == ruo.as_str())
        .unwrap();
    let replaced = secretary
        .post(portal.at(&format!("/links/{index}/replace")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .unwrap();
    assert_eq!(replaced.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        Portal::client().get(&ruo).send().unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let new_link = portal.link(&secretary, "РУО");
    assert_ne!(new_link, ruo);
    let page = Portal::client()
        .get(&new_link)
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(page.contains("02-ruo-ruse.xlsx"));

    // The token never reaches the log.
    let log = portal.log();
    assert!(log.contains("GET /i/… 404"), "{log}");
    for token in [token_of(&ruo), token_of(&rzi), token_of(&new_link)] {
        assert!(!log.contains(token), "a token in the log:\n{log}");
    }
}

#[test]
fn no_route_of_the_secretary_answers_without_a_login() {
    let portal = Portal::start();
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
    let portal = Portal::start();
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
fn bad_uploads_get_a_clear_answer_and_the_server_keeps_answering() {
    let portal = Portal::start();
    let (secretary, _) = portal.secretary();
    let link = portal.link(&secretary, "РУО");

    // No file at all.
    let none = Portal::client()
        .post(format!("{link}/submissions"))
        .header(ACCEPT, "application/json")
        .multipart(multipart::Form::new().text("other", "x"))
        .send()
        .unwrap();
    assert_eq!(none.status(), StatusCode::BAD_REQUEST);
    assert_eq!(none.json::<Value>().unwrap()["error"], "no-file");

    // An empty file and a PDF are kept as versions, each with its file-level error.
    let empty: Value = upload(&link, "празен.xlsx", Vec::new()).json().unwrap();
    assert_eq!(empty["report"]["findings"][0]["code"], "empty-file");
    let pdf = upload(
        &link,
        "отчет.xlsx",
        std::fs::read(root().join("tests/strange/files/pdf-renamed.xlsx")).unwrap(),
    );
    assert_eq!(pdf.status(), StatusCode::CREATED);
    let pdf: Value = pdf.json().unwrap();
    assert_eq!(pdf["report"]["errors"], 1);

    // 25 MB is refused with 413 and a Bulgarian sentence, before the body is read: the
    // answer comes while only the first 64 KB of the declared 25 MB have been sent.
    let path = format!("/i/{}/submissions", token_of(&link));
    let (status, body) = raw_upload(&portal, &path, Some(25 << 20), 64 << 10, true);
    assert_eq!(status, 413, "{body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["error"], "file-too-large");
    assert!(
        body["message"].as_str().unwrap().contains("20 МБ"),
        "{body}"
    );
    // Sent without a declared length (chunked), it is cut off at the limit; as a page it
    // is a page in Bulgarian.
    let (status, page) = raw_upload(&portal, &path, None, 21 << 20, false);
    assert_eq!(status, 413);
    assert!(page.contains("по-голям от 20 МБ"), "{page}");

    // Hostile files from the strange-file collection are each refused in their own
    // report while a good upload beside them goes through.
    let hostile = [
        "zip-bomb.xlsx",
        "far-cell.xlsx",
        "entity-bomb.xlsx",
        "no-entry-for-key.xlsb",
        "far-cell.xls",
    ];
    let good = std::thread::scope(|scope| {
        let handles: Vec<_> = hostile
            .iter()
            .map(|name| {
                let link = link.clone();
                scope.spawn(move || {
                    let bytes =
                        std::fs::read(root().join("tests/strange/files").join(name)).unwrap();
                    let answer = upload(&link, name, bytes);
                    assert_eq!(answer.status(), StatusCode::CREATED, "{name}");
                    answer.json::<Value>().unwrap()
                })
            })
            .collect();
        let good = upload_sample(&link, "02-ruo-ruse.xlsx");
        for handle in handles {
            let report = handle.join().unwrap();
            assert!(
                report["report"]["findings"]
                    .as_array()
                    .is_some_and(|f| !f.is_empty()),
                "{report}"
            );
        }
        good
    });
    assert_eq!(good["report"]["errors"], 0);
    let rows = portal.institutions(&secretary);
    let ruo = rows
        .iter()
        .find(|row| row["link"] == link.as_str())
        .unwrap();
    assert_eq!(
        ruo["versions"],
        2 + hostile.len() + 1,
        "every file sent is kept"
    );
}

/// Sends a multipart upload by hand: the headers (with `declared` as Content-Length, or
/// chunked when none), then `sent` bytes of the file, then reads the answer (the server may
/// close the connection before taking the rest). Gives the status and the body.
fn raw_upload(
    portal: &Portal,
    path: &str,
    declared: Option<usize>,
    sent: usize,
    json: bool,
) -> (u16, String) {
    use std::io::{Read, Write};
    let address = portal.url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let boundary = "zakrila-test-boundary";
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.xlsx\"\r\n\r\n"
    );
    let length = match declared {
        Some(length) => format!("Content-Length: {}\r\n", head.len() + length),
        None => "Transfer-Encoding: chunked\r\n".into(),
    };
    let accept = if json {
        "application/json"
    } else {
        "text/html"
    };
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nAccept: {accept}\r\n{length}\
         Content-Type: multipart/form-data; boundary={boundary}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).unwrap();
    let chunk = vec![b'x'; 64 << 10];
    let mut first = head.into_bytes();
    let mut written = 0;
    // Write errors are expected once the server has answered and closed.
    while written < sent {
        let mut piece = std::mem::take(&mut first);
        piece.extend_from_slice(&chunk[..chunk.len().min(sent - written)]);
        written += piece.len().min(sent - written);
        let framed = if declared.is_some() {
            piece
        } else {
            let mut framed = format!("{:x}\r\n", piece.len()).into_bytes();
            framed.extend_from_slice(&piece);
            framed.extend_from_slice(b"\r\n");
            framed
        };
        if stream.write_all(&framed).is_err() {
            break;
        }
    }
    let _ = stream.flush();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP answer: {answer:?}"));
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn pages_escape_what_they_show_and_send_security_headers() {
    let portal = Portal::start();
    let (secretary, _) = portal.secretary();
    let link = portal.link(&secretary, "РУО");
    let evil = "<img src=x onerror=alert(1)>.xlsx";
    let answer: Value = upload(
        &link,
        evil,
        std::fs::read(sample("02-ruo-ruse.xlsx")).unwrap(),
    )
    .json()
    .unwrap();
    let id = answer["id"].as_i64().unwrap();

    for (client, path) in [
        (Portal::client(), link.clone()),
        (secretary.clone(), portal.at(&format!("/submissions/{id}"))),
    ] {
        let page = client.get(&path).send().unwrap();
        let headers = page.headers().clone();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
            "{csp}"
        );
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "same-origin");
        let html = page.text().unwrap();
        assert!(!html.contains("<img src=x"), "{path}");
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;.xlsx"),
            "{path}: {html}"
        );
    }
    // The download keeps the Cyrillic name.
    let template = Portal::client()
        .get(format!("{link}/template"))
        .send()
        .unwrap();
    let disposition = template.headers()[CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.contains("filename*=UTF-8''%D1%88%D0%B0%D0%B1%D0%BB%D0%BE%D0%BD"),
        "{disposition}"
    );
    let bytes = template.bytes().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("шаблон.xlsx");
    std::fs::write(&path, &bytes).unwrap();
    common::python_check("dump_sheet.py", &[&path, Path::new("Институция")]);
    let dumped = Command::new("python3")
        .arg(root().join("tests/py/dump_sheet.py"))
        .arg(&path)
        .arg("Институция")
        .output()
        .unwrap();
    let dumped = String::from_utf8_lossy(&dumped.stdout);
    assert!(
        dumped.contains("РУО – Русе"),
        "the institution is chosen: {dumped}"
    );
}

#[test]
fn english_on_request() {
    let portal = Portal::start();
    let (secretary, _) = portal.secretary();
    let link = portal.link(&secretary, "РУО");
    let page = Portal::client()
        .get(format!("{link}?lang=en"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        page.contains("Send the file") && page.contains("lang=\"en\""),
        "{page}"
    );
    let wrong = Portal::client()
        .get(portal.at("/i/nothing?lang=en"))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap();
    assert!(
        wrong.json::<Value>().unwrap()["message"]
            .as_str()
            .unwrap()
            .starts_with("There is no such page")
    );
    let answer = Portal::client()
        .post(format!("{link}/submissions?lang=en"))
        .header(ACCEPT, "application/json")
        .multipart(
            multipart::Form::new().part(
                "file",
                multipart::Part::bytes(
                    std::fs::read(sample("04-od-mvr-ruse-s-greshki.xlsx")).unwrap(),
                )
                .file_name("04.xlsx"),
            ),
        )
        .send()
        .unwrap();
    let report: Value = answer.json().unwrap();
    let message = report["report"]["findings"][0]["message"].as_str().unwrap();
    assert!(message.starts_with("The deadline"), "{message}");
}

#[test]
fn the_first_start_without_a_password_prints_a_one_time_setup_link() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let portal = Portal::start_in(&data, None, &ruse_config());
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
    let portal = Portal::start_in(&data, None, &ruse_config());
    assert!(!portal.log().contains("/setup/"));
    portal.secretary();
}

#[test]
fn links_and_backup_work_beside_the_running_server() {
    let portal = Portal::start();
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
    let portal = Portal::start_in(&dir.path().join("data"), Some(PASSWORD), &config);
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
    let portal = Portal::start();
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

/// The server runs without transparent huge pages (src/main.rs): with them, each upload
/// faulted in whole 2 MiB pages, and the burst of `scripts/bench-serve` took 18 % more CPU
/// and twice the memory. Linux reports the process's setting in `/proc/PID/status`.
#[cfg(target_os = "linux")]
#[test]
fn the_server_runs_without_transparent_huge_pages() {
    if !Path::new("/sys/kernel/mm/transparent_hugepage").is_dir() {
        eprintln!("this kernel has no transparent huge pages: nothing to check");
        return;
    }
    let portal = Portal::start();
    let status = std::fs::read_to_string(format!("/proc/{}/status", portal.child.id())).unwrap();
    let setting = status
        .lines()
        .find_map(|line| line.strip_prefix("THP_enabled:"))
        .unwrap_or_else(|| panic!("no THP_enabled line in:\n{status}"));
    assert_eq!(setting.trim(), "0", "{status}");
}
