//! A running portal for the tests that talk to it over HTTP: the real binary on a free port
//! with its own data folder (as `zakrila serve` runs), or — when a test needs time limits
//! shorter than the shipped ones — the same server started in this process through
//! [`zakrila::serve::run_with`] with its own [`ServerLimits`].

#![allow(dead_code)] // each test crate uses a different part of this module

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::blocking::Client;
use reqwest::header::ACCEPT;
use serde_json::{Value, json};
use zakrila::serve::listen::ServerLimits;

use crate::common::ruse_config;
// What both harnesses share: the password, the binary, the samples, a link's token, an
// upload's answer (the round harness's client reaches 127.0.0.1 as well as zakrila.test).
#[allow(unused_imports)] // each test crate uses a different part
pub use crate::common::round_portal::{
    PASSWORD, sample, token_of, upload_response as upload, zakrila_command,
};

/// A running portal: its address, its data folder and everything it printed on stderr.
pub struct Portal {
    child: Option<Child>,
    pub url: String,
    pub data: PathBuf,
    log: Arc<Mutex<String>>,
    _dir: Option<tempfile::TempDir>,
}

/// `zakrila serve` on the Ruse config with a data folder `data`, listening on a free port,
/// with `password` (or none) in `ZAKRILA_ADMIN_PASSWORD` and `extra` arguments.
pub fn serve_command(
    data: &Path,
    password: Option<&str>,
    config: &Path,
    extra: &[&str],
) -> Command {
    serve_on(data, password, config, "127.0.0.1:0", extra)
}

fn serve_on(
    data: &Path,
    password: Option<&str>,
    config: &Path,
    listen: &str,
    extra: &[&str],
) -> Command {
    let mut command = zakrila_command();
    command
        .args(["serve", "--config"])
        .arg(config)
        .arg("--data")
        .arg(data)
        .args(["--listen", listen, "--max-file-mb", "20"])
        .args(extra)
        .env_remove("ZAKRILA_ADMIN_PASSWORD")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(password) = password {
        command.env("ZAKRILA_ADMIN_PASSWORD", password);
    }
    command
}

impl Portal {
    /// The binary on the Ruse config, with the password, in a folder of its own.
    pub fn start() -> Portal {
        Portal::start_with(Some(PASSWORD), &ruse_config(), &[])
    }

    /// The binary in a folder of its own.
    pub fn start_with(password: Option<&str>, config: &Path, extra: &[&str]) -> Portal {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("портал");
        let mut portal = Portal::start_in(&data, password, config, extra);
        portal._dir = Some(dir);
        portal
    }

    /// The binary on a given data folder. With `--base-url` among `extra` the portal says
    /// that address, not where it listens: it is then given a free port to listen on.
    pub fn start_in(data: &Path, password: Option<&str>, config: &Path, extra: &[&str]) -> Portal {
        let port = if extra.contains(&"--base-url") {
            std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port()
        } else {
            0
        };
        let listen = format!("127.0.0.1:{port}");
        let mut child = serve_on(data, password, config, &listen, extra)
            .spawn()
            .expect("the zakrila binary starts");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (sender, receiver) = std::sync::mpsc::channel();
        {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    // "Порталът работи на http://127.0.0.1:PORT (данни в …)".
                    if let Some(at) = line.find("http")
                        && line.contains(" (")
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
        let said = receiver
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| {
                panic!("the portal says where it listens: {}", log.lock().unwrap())
            });
        let url = if port == 0 {
            said
        } else {
            format!("http://{listen}")
        };
        Portal {
            child: Some(child),
            url,
            data: data.to_path_buf(),
            log,
            _dir: None,
        }
    }

    /// The server of `zakrila serve`, started in this process with `limits` (no password
    /// set: nobody signs in). It runs until the test process ends.
    pub fn in_process(limits: ServerLimits) -> Portal {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("портал");
        let programme = zakrila::config::Programme::load(&ruse_config()).unwrap();
        let options = zakrila::serve::Options {
            data: data.clone(),
            listen: "127.0.0.1:0".parse().unwrap(),
            base_url: None,
            max_file_mb: 20,
            lang: zakrila::catalogue::Lang::Bg,
            limits,
        };
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let result = zakrila::serve::run_with(programme, &options, |ready| {
                let _ = sender.send(ready.url.clone());
            });
            result.expect("the portal runs");
        });
        let url = receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("the portal says where it listens");
        Portal {
            child: None,
            url,
            data,
            log: Arc::new(Mutex::new(String::new())),
            _dir: Some(dir),
        }
    }

    /// The full address of a path.
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// `host:port`.
    pub fn address(&self) -> String {
        self.url.trim_start_matches("http://").to_string()
    }

    /// Everything the binary has printed on stderr so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// A client that keeps cookies and does not follow redirects (so they can be checked).
    pub fn client() -> Client {
        crate::common::round_portal::Portal::client()
    }

    /// A client signed in as the secretary through the JSON login; gives its CSRF token.
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

    /// The personal link of the institution whose name starts with `prefix`.
    pub fn link(&self, secretary: &Client, prefix: &str) -> String {
        let answer = secretary
            .get(self.at("/api/v1/institutions"))
            .header(ACCEPT, "application/json")
            .send()
            .unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
        answer
            .json::<Vec<Value>>()
            .unwrap()
            .into_iter()
            .find(|row| row["institution"].as_str().unwrap().starts_with(prefix))
            .map(|row| row["link"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("no institution {prefix}"))
    }

    /// The audit log's actions, oldest first.
    pub fn audit_actions(&self, secretary: &Client) -> Vec<String> {
        let answer = secretary
            .get(self.at("/api/v1/audit"))
            .header(ACCEPT, "application/json")
            .send()
            .unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
        answer
            .json::<Vec<Value>>()
            .unwrap()
            .into_iter()
            .map(|entry| entry["action"].as_str().unwrap().to_string())
            .collect()
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
