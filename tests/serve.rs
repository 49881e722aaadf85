//! `zakrila serve` over HTTP, an institution's side: uploads and their checks, what each
//! link sees, bad uploads, escaping and security headers, English on request. Each test
//! starts the real binary on a free port with its own data folder and talks to it as a
//! browser or a script would (tests/common/round_portal.rs).

mod common;

use common::tools::Tool;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::round_portal::{
    Portal, Reach, sample, token_of, upload_response as upload, upload_sample, zakrila_command,
};
use common::{root, ruse_config, zakrila};
use reqwest::StatusCode;
use reqwest::blocking::multipart;
use reqwest::header::{ACCEPT, CONTENT_DISPOSITION};
use serde_json::Value;

#[test]
fn an_upload_gets_the_same_report_as_validate_and_is_kept_as_a_new_version() {
    let portal = Portal::start(Reach::Network);
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
fn an_institution_sees_only_its_own_files_and_a_wrong_link_is_404() {
    let portal = Portal::start(Reach::Network);
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
fn bad_uploads_get_a_clear_answer_and_the_server_keeps_answering() {
    let portal = Portal::start(Reach::Network);
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
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let portal = Portal::start(Reach::Network);
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
    let portal = Portal::start(Reach::Network);
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
    let portal = Portal::start(Reach::Network);
    let status = std::fs::read_to_string(format!("/proc/{}/status", portal.pid())).unwrap();
    let setting = status
        .lines()
        .find_map(|line| line.strip_prefix("THP_enabled:"))
        .unwrap_or_else(|| panic!("no THP_enabled line in:\n{status}"));
    assert_eq!(setting.trim(), "0", "{status}");
}
