//! The portal's upload promise (portal.md, "Promises"): an upload answered 201 is durable —
//! its bytes and its record are committed before the answer — and nothing is half kept.
//!
//! Four institutions upload at once (one thread each) to the debug server. After every 201
//! the uploading thread reads the database beside the server (a new read, as `zakrila backup`
//! makes) and the record must be there: a server that answered before its commit fails here.
//! Mid-burst the server is killed with SIGKILL (`Child::kill`), while other uploads are being
//! read, validated or committed; then the database is opened as the crash left it and the
//! server restarted on it, and the test asserts that every upload answered 201 is there, under
//! its institution and version, with the bytes that were sent; that anything else found
//! (uploads cut off before their answer) is whole; that versions run on without a gap; that
//! `PRAGMA integrity_check` is "ok"; and that the restarted server serves the kept files and
//! takes new uploads. Two crashes on the same data folder: one as soon as a client has its
//! 20th answer, one as soon as the server's log shows its 25th 201.
//!
//! What it cannot show: a process kill leaves the operating system's page cache alone, so
//! what SQLite wrote but did not fsync survives it too, and the test passes with
//! `synchronous = OFF` (tried). It proves the order (commit before the answer) and the
//! absence of half-kept uploads, not durability across a power loss; RELIABILITY.md says so.

mod common;

#[path = "../benches/support/synthetic.rs"]
#[allow(dead_code)]
mod synthetic;

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::ruse_config;
use reqwest::StatusCode;
use reqwest::blocking::{Client, multipart};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use zakrila::serve::store::Store;

const PASSWORD: &str = "парола за теста при срив";
/// Institutions uploading at once (one thread each) and uploads each sends.
const THREADS: usize = 4;
const PER_THREAD: usize = 15;

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A running server and everything it printed on stderr.
struct Server {
    /// None once the burst has taken it to kill it.
    child: Option<Child>,
    url: String,
    log: Arc<Mutex<String>>,
    /// One message per upload the server has logged as 201 (it logs after the commit, as
    /// the answer leaves); taken by a burst that kills on the server's side.
    created: Option<Receiver<()>>,
}

impl Server {
    fn start(data: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_zakrila"))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .args(["serve", "--config"])
            .arg(ruse_config())
            .arg("--data")
            .arg(data)
            .args(["--listen", "127.0.0.1:0"])
            .env("ZAKRILA_ADMIN_PASSWORD", PASSWORD)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the zakrila binary starts");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (sender, receiver) = std::sync::mpsc::channel();
        let (created_sender, created) = std::sync::mpsc::channel();
        {
            let log = Arc::clone(&log);
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
                    if line.contains("/submissions 201 ") {
                        let _ = created_sender.send(());
                    }
                    let mut log = log.lock().unwrap();
                    log.push_str(&line);
                    log.push('\n');
                }
            });
        }
        let url = match receiver.recv_timeout(Duration::from_secs(60)) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "the server did not say where it listens:\n{}",
                    log.lock().unwrap()
                );
            }
        };
        Server {
            child: Some(child),
            url,
            log,
            created: Some(created),
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Every institution's personal link (in config order), through the secretary's API.
    fn links(&self) -> Vec<(String, String)> {
        let client = Client::builder()
            .cookie_store(true)
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let login = client
            .post(format!("{}/api/v1/login", self.url))
            .header("Accept", "application/json")
            .json(&json!({ "password": PASSWORD }))
            .send()
            .unwrap();
        assert_eq!(login.status(), StatusCode::OK, "login: {}", self.log());
        let rows: Vec<Value> = client
            .get(format!("{}/api/v1/institutions", self.url))
            .header("Accept", "application/json")
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
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// One upload to be sent: distinct bytes naming the institution whose link sends it.
struct Upload {
    institution: String,
    token: String,
    name: String,
    bytes: Vec<u8>,
    sha256: String,
}

/// What became of an upload.
#[derive(Debug)]
enum Outcome {
    /// 201: its id and version.
    Created { id: i64, version: i64 },
    /// Sent before the kill, but no whole answer came: in flight at the kill.
    Cut,
    /// Not sent: the server had been killed.
    NotSent,
}

/// The uploads of one burst: `THREADS` institutions (from `first`), `PER_THREAD` each, every
/// file different. A workbook of 5 to 60 rows naming the institution (three per institution)
/// carries an unreferenced part of 128 to 646 KiB (the reader never opens it; the file checks
/// clean), which makes each file distinct and as large as a real upload with a picture in it:
/// each commit then writes and fsyncs that much, and a kill is likelier to land in one.
fn burst_files(links: &[(String, String)], first: usize, seed: u64) -> Vec<Vec<Upload>> {
    let programme = zakrila::config::Programme::load(&ruse_config()).expect("the Ruse config");
    (0..THREADS)
        .map(|thread| {
            let index = first + thread;
            let (institution, link) = &links[index];
            let token = link.rsplit('/').next().unwrap().to_string();
            let workbooks: Vec<Vec<u8>> = (0..3)
                .map(|k| {
                    let rows = 5 + (k * 17 + thread * 7) % 56;
                    synthetic::contribution(&programme, rows, seed + k as u64, index)
                        .expect("a synthetic contribution")
                })
                .collect();
            (0..PER_THREAD)
                .map(|k| {
                    let seed = seed + (thread * PER_THREAD + k) as u64;
                    let bytes = padded(&workbooks[k % 3], (128 + 37 * k) << 10, seed);
                    Upload {
                        institution: institution.clone(),
                        token: token.clone(),
                        name: format!("принос-{index}-{k}.xlsx"),
                        sha256: sha256_hex(&bytes),
                        bytes,
                    }
                })
                .collect()
        })
        .collect()
}

/// The workbook with one more zip entry, `docProps/padding.bin`, of `size` bytes (the seed,
/// then zeros), stored uncompressed.
fn padded(workbook: &[u8], size: usize, seed: u64) -> Vec<u8> {
    let mut padding = vec![0u8; size];
    padding[..8].copy_from_slice(&seed.to_le_bytes());
    let mut zip = zip::ZipWriter::new_append(std::io::Cursor::new(workbook.to_vec())).unwrap();
    zip.start_file(
        "docProps/padding.bin",
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored),
    )
    .unwrap();
    zip.write_all(&padding).unwrap();
    zip.finish().unwrap().into_inner()
}

fn upload(
    client: &Client,
    url: &str,
    upload: &Upload,
) -> Result<reqwest::blocking::Response, reqwest::Error> {
    let form = multipart::Form::new().part(
        "file",
        multipart::Part::bytes(upload.bytes.clone()).file_name(upload.name.clone()),
    );
    client
        .post(format!("{url}/i/{}/submissions", upload.token))
        .header("Accept", "application/json")
        .multipart(form)
        .send()
}

/// Kills the server it holds when dropped (a failed assertion must not leave it running).
struct KillOnDrop(Mutex<Option<Child>>);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.lock().unwrap().take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// When a burst kills the server.
#[derive(Clone, Copy, Debug)]
enum Kill {
    /// As soon as a client has received the Nth 201 of the burst: the promise's edge.
    OnAnswer(usize),
    /// As soon as the server's log shows its Nth 201 of the burst (it logs after the commit,
    /// as the answer leaves; by the time the line is read the answer has mostly arrived too):
    /// a kill timed by the server rather than by one client.
    OnServerLog(usize),
}

/// Sends the uploads, one thread per institution, and kills the server (SIGKILL) at `kill`.
/// Returns each upload with its outcome.
fn burst_and_kill(
    server: &mut Server,
    data: &Path,
    lanes: Vec<Vec<Upload>>,
    kill: Kill,
) -> Vec<(Upload, Outcome)> {
    let child = KillOnDrop(Mutex::new(server.child.take()));
    let killed = AtomicBool::new(false);
    let answered = AtomicUsize::new(0);
    let created = server.created.take().expect("a server not yet killed");
    // Forget the uploads logged before the burst (the probe after a restart).
    while created.try_recv().is_ok() {}
    let kill_now = || {
        if let Some(mut server) = child.0.lock().unwrap().take() {
            // Set first: an upload not yet started when the kill comes is not sent.
            killed.store(true, Ordering::SeqCst);
            server.kill().unwrap();
            server.wait().unwrap();
        }
    };
    let (url, log) = (server.url.as_str(), &server.log);
    let outcomes: Vec<(Upload, Outcome)> = std::thread::scope(|scope| {
        if let Kill::OnServerLog(n) = kill {
            let kill_now = &kill_now;
            scope.spawn(move || {
                for _ in 0..n {
                    if created.recv_timeout(Duration::from_secs(120)).is_err() {
                        return;
                    }
                }
                kill_now();
            });
        }
        let handles: Vec<_> = lanes
            .into_iter()
            .map(|lane| {
                let (kill_now, killed, answered) = (&kill_now, &killed, &answered);
                scope.spawn(move || {
                    let client = Client::builder()
                        .timeout(Duration::from_secs(120))
                        .build()
                        .unwrap();
                    // A reader of the database beside the server, as `zakrila backup` is.
                    let store = Store::open(data).unwrap();
                    let mut outcomes = Vec::new();
                    for item in lane {
                        if killed.load(Ordering::SeqCst) {
                            outcomes.push((item, Outcome::NotSent));
                            continue;
                        }
                        let outcome = match upload(&client, url, &item) {
                            // The body may be cut off by the kill: then it was not an answer.
                            Ok(answer) => match (answer.status(), answer.text()) {
                                (StatusCode::CREATED, Ok(body)) => {
                                    let created: Value = serde_json::from_str(&body).unwrap();
                                    let count = answered.fetch_add(1, Ordering::SeqCst) + 1;
                                    if matches!(kill, Kill::OnAnswer(n) if n == count) {
                                        kill_now();
                                    }
                                    let id = created["id"].as_i64().unwrap();
                                    // Committed before the answer: a read begun after the
                                    // answer sees it (WAL shows every finished commit).
                                    let record = store.submission(id).unwrap();
                                    assert!(
                                        record.is_some_and(|r| r.sha256 == item.sha256),
                                        "upload #{id} ({}) was answered 201 before its record \
                                         was committed: a read right after the answer does not \
                                         see it",
                                        item.name
                                    );
                                    Outcome::Created {
                                        id,
                                        version: created["version"].as_i64().unwrap(),
                                    }
                                }
                                (status, Ok(body)) => panic!(
                                    "{} answered {status}, not 201: {body}\n{}",
                                    item.name,
                                    log.lock().unwrap()
                                ),
                                (_, Err(_)) => Outcome::Cut,
                            },
                            Err(_) => Outcome::Cut,
                        };
                        outcomes.push((item, outcome));
                    }
                    outcomes
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("an upload thread"))
            .collect()
    });
    assert!(
        killed.load(Ordering::SeqCst),
        "the burst ended before the kill ({kill:?}):\n{}",
        server.log()
    );
    outcomes
}

/// Checks the data folder as the crash left it: every answered upload kept whole under its
/// institution and version, anything else kept whole or not at all, integrity "ok". Returns
/// the number of versions kept per institution.
fn check_kept(data: &Path, sent: &[&(Upload, Outcome)]) -> BTreeMap<String, i64> {
    let store = Store::open(data).expect("the database opens after the crash");
    assert_eq!(
        store.integrity_check().unwrap(),
        "ok",
        "PRAGMA integrity_check after kill -9"
    );
    let records = store.submissions("contribution").unwrap();
    let by_id: HashMap<i64, _> = records.iter().map(|record| (record.id, record)).collect();
    let sent_hashes: HashMap<&str, &Upload> = sent
        .iter()
        .map(|(upload, _)| (upload.sha256.as_str(), upload))
        .collect();
    for (upload, outcome) in sent {
        if let Outcome::Created { id, version } = outcome {
            let record = by_id.get(id).unwrap_or_else(|| {
                panic!(
                    "upload #{id} ({}) was answered 201 but is not in the database after kill -9",
                    upload.name
                )
            });
            assert_eq!(
                (&record.institution, record.version, &record.sha256),
                (&upload.institution, *version, &upload.sha256),
                "#{id} is not kept as answered"
            );
            assert_eq!(record.file_name, upload.name);
        }
    }
    // Every record there, answered or not, is whole: a file that was sent, all its bytes.
    for record in &records {
        let upload = sent_hashes.get(record.sha256.as_str()).unwrap_or_else(|| {
            panic!(
                "#{} holds a SHA-256 that no upload had: {}",
                record.id, record.sha256
            )
        });
        assert_eq!(record.institution, upload.institution);
        let bytes = store
            .blob(&record.sha256)
            .unwrap()
            .unwrap_or_else(|| panic!("#{}: its bytes are missing", record.id));
        assert_eq!(bytes.len() as i64, record.size, "#{}: size", record.id);
        assert!(
            bytes == upload.bytes,
            "#{}: the kept bytes are not those sent",
            record.id
        );
    }
    // Versions run 1, 2, … with no gap and no repeat.
    let mut versions: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for record in &records {
        versions
            .entry(record.institution.clone())
            .or_default()
            .push(record.version);
    }
    versions
        .into_iter()
        .map(|(institution, mut numbers)| {
            numbers.sort_unstable();
            let count = numbers.len() as i64;
            assert_eq!(
                numbers,
                (1..=count).collect::<Vec<_>>(),
                "{institution}: versions"
            );
            (institution, count)
        })
        .collect()
}

/// After a restart: every answered upload can be downloaded as sent, through its own link.
fn check_served(server: &Server, answered: &[&(Upload, Outcome)]) {
    let client = Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    for (upload, outcome) in answered {
        let Outcome::Created { id, .. } = outcome else {
            continue;
        };
        let original = client
            .get(format!("{}/api/v1/submissions/{id}/original", server.url))
            .query(&[("token", upload.token.as_str())])
            .send()
            .unwrap();
        assert_eq!(original.status(), StatusCode::OK, "#{id} after the restart");
        assert!(
            original.bytes().unwrap().as_ref() == upload.bytes.as_slice(),
            "#{id}: the original served after the restart is not what was sent"
        );
    }
}

#[test]
fn uploads_answered_201_survive_kill_9() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("данни");
    let mut server = Server::start(&data);
    let links = server.links();
    // The server put the database in WAL mode (bytes 18 and 19 of the header are 2), before
    // this test opens it itself.
    let header = std::fs::read(data.join(zakrila::serve::store::DATABASE_FILE)).unwrap();
    assert_eq!(header[18..20], [2, 2], "the database is in WAL mode");
    assert!(
        links.len() >= 2 * THREADS,
        "the Ruse config has enough institutions"
    );

    let mut all: Vec<(Upload, Outcome)> = Vec::new();
    let mut figures = Vec::new();
    // Two crashes on the same folder: when a client has its 20th answer of the first burst
    // (four institutions), and when the server has logged its 25th 201 of the second (two of
    // them again and two new ones).
    for (round, (first, kill, seed)) in [
        (0, Kill::OnAnswer(20), 1_000),
        (2, Kill::OnServerLog(25), 2_000),
    ]
    .into_iter()
    .enumerate()
    {
        let lanes = burst_files(&links, first, seed);
        let outcomes = burst_and_kill(&mut server, &data, lanes, kill);
        let created = outcomes
            .iter()
            .filter(|(_, outcome)| matches!(outcome, Outcome::Created { .. }))
            .count();
        all.extend(outcomes);
        let sent: Vec<&(Upload, Outcome)> = all.iter().collect();
        let kept = check_kept(&data, &sent);
        let total_kept: i64 = kept.values().sum();
        let answered: usize = sent
            .iter()
            .filter(|(_, outcome)| matches!(outcome, Outcome::Created { .. }))
            .count();
        assert!(total_kept as usize >= answered);
        let cut: Vec<&str> = all[all.len() - THREADS * PER_THREAD..]
            .iter()
            .filter(|(_, outcome)| matches!(outcome, Outcome::Cut))
            .map(|(upload, _)| upload.sha256.as_str())
            .collect();
        let cut_kept = Store::open(&data)
            .unwrap()
            .submissions("contribution")
            .unwrap()
            .iter()
            .filter(|record| cut.contains(&record.sha256.as_str()))
            .count();
        figures.push(format!(
            "crash {} ({kill:?}): {created} of {} uploads answered 201 before the kill, {} \
             in flight (sent, no answer; {cut_kept} of them found kept, whole), the rest not \
             sent; {total_kept} versions in the database, all {answered} answered so far among \
             them, bytes as sent; integrity ok",
            round + 1,
            THREADS * PER_THREAD,
            cut.len(),
        ));

        // Restart on the same folder: what was kept is served, and new uploads are taken.
        server = Server::start(&data);
        check_served(&server, &sent);
        let links_now = server.links();
        assert_eq!(
            links_now
                .iter()
                .map(|(_, link)| link.rsplit('/').next())
                .collect::<Vec<_>>(),
            links
                .iter()
                .map(|(_, link)| link.rsplit('/').next())
                .collect::<Vec<_>>(),
            "the personal links survive the crash"
        );
        let (institution, link) = &links_now[first];
        let programme = zakrila::config::Programme::load(&ruse_config()).unwrap();
        let bytes = synthetic::contribution(&programme, 12, seed + 999, first).unwrap();
        let token = link.rsplit('/').next().unwrap().to_string();
        let probe = Upload {
            institution: institution.clone(),
            token,
            name: format!("след-срива-{round}.xlsx"),
            sha256: sha256_hex(&bytes),
            bytes,
        };
        let client = Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .unwrap();
        let answer = upload(&client, &server.url, &probe).unwrap();
        assert_eq!(answer.status(), StatusCode::CREATED, "{}", server.log());
        let created: Value = answer.json().unwrap();
        assert_eq!(
            created["version"].as_i64().unwrap(),
            kept.get(institution).copied().unwrap_or(0) + 1,
            "the version after the restart follows those kept"
        );
        all.push((
            probe,
            Outcome::Created {
                id: created["id"].as_i64().unwrap(),
                version: created["version"].as_i64().unwrap(),
            },
        ));
    }
    // The server's log after the restarts has no failed request.
    let log = server.log();
    assert!(
        !log.lines().any(|line| line.contains(" 500 ")),
        "a request failed after the restart:\n{log}"
    );
    for line in &figures {
        eprintln!("{line}");
    }
    eprintln!("serve_crash: {:.1} s", started.elapsed().as_secs_f64());
}
