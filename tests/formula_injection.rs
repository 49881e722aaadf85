//! Formula injection (CSV injection): a text that a spreadsheet program would run as a formula
//! reaches a CSV zakrila writes. Every CSV zakrila writes — the national CSV in both dialects,
//! the portal's `manifest.csv` — marks such a field as text with one apostrophe in front,
//! every character kept. Here the attack of issue 25 is replayed through the real portal,
//! and the manifest opened in LibreOffice with formulas evaluated.

mod common;

use common::tools::Tool;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{root, ruse_config};
use reqwest::StatusCode;
use reqwest::blocking::{Client, multipart};
use reqwest::header::ACCEPT;
use serde_json::{Value, json};

const PASSWORD: &str = "парола на секретаря 2026";

/// The file name of the attack: Excel's DDE runs `cmd` from a cell starting with "=".
const ATTACK: &str = "=cmd|' -C calc'!A0.xlsx";

/// The portal, started on a free port with its own data folder; stopped when dropped.
struct Portal {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Portal {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_zakrila"))
        .args(["serve", "--config"])
        .arg(ruse_config())
        .arg("--data")
        .arg(dir.path().join("портал"))
        .args(["--listen", "127.0.0.1:0"])
        .env("ZAKRILA_ADMIN_PASSWORD", PASSWORD)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the zakrila binary starts");
    let stderr = child.stderr.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if let Some(at) = line.find("http://") {
                let url: String = line[at..]
                    .chars()
                    .take_while(|c| !c.is_whitespace())
                    .collect();
                let _ = sender.send(url);
            }
        }
    });
    let url = receiver
        .recv_timeout(Duration::from_secs(30))
        .expect("the portal says where it listens");
    Portal {
        child,
        url,
        _dir: dir,
    }
}

fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap()
}

#[test]
fn a_file_named_cmd_calc_is_text_in_the_manifest_of_every_file() {
    if !common::tools::have(&[Tool::LibreOffice, Tool::Python]) {
        return;
    }
    let portal = start();
    let secretary = client();
    let login = secretary
        .post(format!("{}/api/v1/login", portal.url))
        .header(ACCEPT, "application/json")
        .json(&json!({ "password": PASSWORD }))
        .send()
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    let institutions: Vec<Value> = secretary
        .get(format!("{}/api/v1/institutions", portal.url))
        .header(ACCEPT, "application/json")
        .send()
        .unwrap()
        .json()
        .unwrap();
    let link = institutions
        .iter()
        .find(|row| row["institution"].as_str().unwrap().starts_with("РУО"))
        .and_then(|row| row["link"].as_str())
        .expect("РУО has a link")
        .to_string();

    // The institution sends a real contribution under the attack's name.
    let bytes = std::fs::read(root().join("samples/ruse-2025/02-ruo-ruse.xlsx")).unwrap();
    let form = multipart::Form::new().part(
        "file",
        multipart::Part::bytes(bytes).file_name(ATTACK.to_string()),
    );
    let sent = client()
        .post(format!("{link}/submissions"))
        .header(ACCEPT, "application/json")
        .multipart(form)
        .send()
        .unwrap();
    assert_eq!(sent.status(), StatusCode::CREATED);

    // The secretary takes every file with its manifest.
    let mut archive = Vec::new();
    secretary
        .get(format!("{}/api/v1/files.zip", portal.url))
        .send()
        .unwrap()
        .read_to_end(&mut archive)
        .unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(archive)).unwrap();
    let mut manifest = String::new();
    zip.by_name("manifest.csv")
        .unwrap()
        .read_to_string(&mut manifest)
        .unwrap();
    let mut reader = csv::Reader::from_reader(manifest.as_bytes());
    let header = reader.headers().unwrap().clone();
    let file = header.iter().position(|h| h == "file").unwrap();
    let names: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[file].to_string())
        .collect();
    // Marked as text, not one character dropped.
    assert_eq!(names, [format!("'{ATTACK}")], "{manifest}");
    assert!(!manifest.lines().any(|line| line.starts_with('=')));

    // LibreOffice, told to evaluate formulas, reads the field as the text it is.
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("manifest.csv");
    std::fs::write(&csv_path, &manifest).unwrap();
    let cells = libreoffice_cells(&csv_path, dir.path());
    assert!(
        cells.iter().all(|(kind, _)| kind != "f"),
        "a formula cell: {cells:?}"
    );
    assert!(
        cells
            .iter()
            .any(|(_, value)| *value == format!("'{ATTACK}")),
        "{cells:?}"
    );
}

/// Every cell of a comma-separated UTF-8 CSV as LibreOffice opens it with the Bulgarian
/// locale, formulas evaluated: (openpyxl's data type, value as text).
fn libreoffice_cells(csv_path: &Path, dir: &Path) -> Vec<(String, String)> {
    let profile = tempfile::tempdir().unwrap();
    let out = dir.join("lo");
    let run = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            // Comma, quote, UTF-8, from line 1, Bulgarian; quoted fields not forced to
            // text, special numbers detected, formulas evaluated (token 13).
            "--infilter=Text - txt - csv (StarCalc):44,34,76,1,,1026,false,true,false,false,false,false,true",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(&out)
        .arg(csv_path)
        .output()
        .expect("LibreOffice (soffice) is installed: scripts/test installs it");
    let xlsx = out.join("manifest.xlsx");
    assert!(xlsx.is_file(), "{}", String::from_utf8_lossy(&run.stderr));
    let script = r#"
import sys, json, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
print(json.dumps([[c.data_type, str(c.value)] for row in ws.iter_rows() for c in row if c.value is not None]))
"#;
    let run = Command::new("python3")
        .args(["-c", script])
        .arg(&xlsx)
        .output()
        .expect("python3 runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let cells: Vec<(String, String)> = serde_json::from_slice(&run.stdout).unwrap();
    cells
}
