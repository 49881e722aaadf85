//! A running `zakrila serve` for the portal's tests: the real binary on a free port with
//! its own data folder, talked to as a browser or a script would.
//!
//! Two kinds of portal: one whose links start with a name institutions could open
//! ([`HOST`], which the clients here resolve to this machine), as on a municipal server,
//! and one on loopback only, as the double-click start runs it (no links, letters or
//! reminders; files added by the secretary).
//!
//! (`portal.rs` beside it is the security tests' portal, which can also run in-process with
//! short time limits.)

#![allow(dead_code)] // each test crate uses a different part of this module

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::blocking::{Client, multipart};
use reqwest::header::ACCEPT;
use serde_json::{Value, json};

/// The secretary's password of every test portal.
pub const PASSWORD: &str = "парола на секретаря 2026";
/// The host name a network portal's links start with; the clients resolve it here.
pub const HOST: &str = "zakrila.test";

/// How a test portal is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Links start with `http://zakrila.test:PORT`, as institutions on a network open them.
    Network,
    /// No `--base-url`: links start with `http://127.0.0.1:PORT`, this computer only.
    Loopback,
}

/// A running portal.
pub struct Portal {
    child: Child,
    /// Where the tests reach it: `http://127.0.0.1:PORT`.
    pub url: String,
    /// What its links start with.
    pub base_url: String,
    /// Its data folder.
    pub data: PathBuf,
    log: Arc<Mutex<String>>,
    _dir: Option<tempfile::TempDir>,
}

/// The binary, without locale variables (the tests read Bulgarian).
pub fn zakrila_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_zakrila"));
    command
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("ZAKRILA_ADMIN_PASSWORD");
    command
}

/// A port free a moment ago.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Portal {
    /// A portal on the Ruse sample in a folder of its own, with the secretary's password.
    pub fn start(reach: Reach) -> Portal {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("портал");
        let mut portal = Portal::start_in(&data, reach, &[]);
        portal._dir = Some(dir);
        portal
    }

    /// A portal on the Ruse sample with `data`, the secretary's password in
    /// `ZAKRILA_ADMIN_PASSWORD`, and `extra` arguments.
    pub fn start_in(data: &Path, reach: Reach, extra: &[&str]) -> Portal {
        Portal::start_with(data, Some(PASSWORD), &super::ruse_config(), reach, extra)
    }

    /// A portal on `config` with `data`, `password` in `ZAKRILA_ADMIN_PASSWORD` (none: the
    /// first start, which prints a one-time setup link), and `extra` arguments.
    pub fn start_with(
        data: &Path,
        password: Option<&str>,
        config: &Path,
        reach: Reach,
        extra: &[&str],
    ) -> Portal {
        let port = free_port();
        let mut command = zakrila_command();
        command
            .args(["serve", "--config"])
            .arg(config)
            .arg("--data")
            .arg(data)
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .args(["--max-file-mb", "20"])
            .args(extra)
            .env_remove("ZAKRILA_ADMIN_PASSWORD")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(password) = password {
            command.env("ZAKRILA_ADMIN_PASSWORD", password);
        }
        if reach == Reach::Network {
            command.args(["--base-url", &format!("http://{HOST}:{port}")]);
        }
        Portal::spawn(command, data, format!("http://127.0.0.1:{port}"))
    }

    /// Starts `command` (a `zakrila serve`) and waits until it says where it listens; the
    /// tests reach it at `url`, or at the address it says when `url` is empty.
    pub fn spawn(mut command: Command, data: &Path, url: String) -> Portal {
        let mut child = command.spawn().expect("the zakrila binary starts");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (sender, receiver) = std::sync::mpsc::channel();
        {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    if line.contains("работи на ")
                        && let Some(at) = line.find("http://")
                    {
                        let said: String = line[at..]
                            .chars()
                            .take_while(|c| !c.is_whitespace())
                            .collect();
                        let _ = sender.send(said);
                    }
                    let mut log = log.lock().unwrap();
                    log.push_str(&line);
                    log.push('\n');
                }
            });
        }
        let base_url = receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("the portal says where it listens");
        let url = if url.is_empty() {
            base_url.clone()
        } else {
            url
        };
        Portal {
            child,
            url,
            base_url,
            data: data.to_path_buf(),
            log,
            _dir: None,
        }
    }

    /// A path on the portal.
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Everything it printed on stderr so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Stops it (as Ctrl+C would) and waits.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// A client that keeps cookies, does not follow redirects, and finds [`HOST`] here.
    pub fn client() -> Client {
        Client::builder()
            .resolve(HOST, std::net::SocketAddr::from(([127, 0, 0, 1], 0)))
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(120))
            .build()
            .unwrap()
    }

    /// A client signed in as the secretary; gives its CSRF token.
    pub fn secretary(&self) -> (Client, String) {
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
    pub fn institutions(&self, secretary: &Client) -> Vec<Value> {
        let answer = secretary
            .get(self.at("/api/v1/institutions"))
            .header(ACCEPT, "application/json")
            .send()
            .unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
        answer.json::<Vec<Value>>().unwrap()
    }

    /// The row of the institution named `name`, or else the first whose name starts with it.
    pub fn institution(&self, secretary: &Client, name: &str) -> Value {
        let rows = self.institutions(secretary);
        let starts = |row: &&Value| row["institution"].as_str().unwrap().starts_with(name);
        rows.iter()
            .find(|row| row["institution"] == name)
            .or_else(|| rows.iter().find(starts))
            .cloned()
            .unwrap_or_else(|| panic!("no institution {name}"))
    }

    /// The personal link of the institution named `name` (or whose name starts with it).
    pub fn link(&self, secretary: &Client, name: &str) -> String {
        self.institution(secretary, name)["link"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// A JSON request of the secretary: the status and the body (JSON, or null).
    pub fn post_json(&self, secretary: &Client, path: &str, body: Value) -> (StatusCode, Value) {
        let answer = secretary
            .post(self.at(path))
            .header(ACCEPT, "application/json")
            .json(&body)
            .send()
            .unwrap();
        let status = answer.status();
        (status, answer.json().unwrap_or(Value::Null))
    }

    /// `POST /api/v1/merge`: the workbook's bytes and the summary of its header.
    pub fn merge(&self, secretary: &Client) -> (Vec<u8>, Value) {
        let answer = secretary
            .post(self.at("/api/v1/merge"))
            .header(ACCEPT, "application/json")
            .send()
            .unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
        let header = answer.headers()["x-zakrila-summary"]
            .to_str()
            .expect("the summary header is ASCII")
            .to_string();
        let summary = serde_json::from_str(&header).unwrap();
        (answer.bytes().unwrap().to_vec(), summary)
    }

    /// A page as the secretary sees it.
    pub fn page(&self, secretary: &Client, path: &str) -> String {
        let answer = secretary.get(self.at(path)).send().unwrap();
        assert_eq!(answer.status(), StatusCode::OK, "{path}");
        answer.text().unwrap()
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Uploads bytes under a file name through a personal link (or to any upload URL), as a
/// script does: status and JSON body.
pub fn upload(link: &str, name: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
    let form = multipart::Form::new().part(
        "file",
        multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    let answer = Portal::client()
        .post(format!("{link}/submissions"))
        .header(ACCEPT, "application/json")
        .multipart(form)
        .send()
        .unwrap();
    let status = answer.status();
    (status, answer.json().unwrap_or(Value::Null))
}

/// A Ruse sample file's path.
pub fn sample(name: &str) -> PathBuf {
    super::root().join("samples/ruse-2025").join(name)
}

/// Uploads a Ruse sample through a link; 201 expected.
pub fn upload_sample(link: &str, name: &str) -> Value {
    let (status, body) = upload(link, name, std::fs::read(sample(name)).unwrap());
    assert_eq!(status, StatusCode::CREATED, "{name}: {body}");
    body
}

/// The token at the end of a personal link.
pub fn token_of(link: &str) -> &str {
    link.rsplit('/').next().unwrap()
}

/// Uploads bytes under a file name through a personal link, as a script does: the answer
/// itself, for its headers.
pub fn upload_response(link: &str, name: &str, bytes: Vec<u8>) -> reqwest::blocking::Response {
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

/// The Ruse sample institutions by file.
pub const SAMPLES: [(&str, &str); 7] = [
    ("01-obshtina-ruse.xlsx", "Община Русе"),
    ("02-ruo-ruse.xlsx", "РУО"),
    ("03-rzi-ruse.ods", "РЗИ"),
    ("04-od-mvr-ruse-s-greshki.xlsx", "ОД на МВР"),
    ("05-dsp-ruse.xlsx", "Дирекция „Социално подпомагане“"),
    ("06-mkbppmn.xls", "МКБППМН"),
    ("07-obsnv.xlsx", "ОбСНВ"),
];
