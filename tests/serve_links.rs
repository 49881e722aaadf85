//! `zakrila links` and `zakrila password` beside the running portal (portal.md, "When the
//! portal runs on the secretary's own computer"): links without a base URL start as the
//! portal last served them, a portal on every interface gives the machine's address, and a
//! new password ends every session.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::round_portal::{HOST, PASSWORD, Portal, Reach, zakrila_command};
use common::ruse_config;
use reqwest::StatusCode;
use reqwest::header::ACCEPT;
use serde_json::{Value, json};

const RUO: &str = "РУО – Русе";

#[test]
fn links_without_a_base_url_start_as_the_portal_last_served_them() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("данни");
    let links = |data: &Path| {
        let output = zakrila_command()
            .args(["links", "--config"])
            .arg(ruse_config())
            .arg("--data")
            .arg(data)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", common::stderr(&output));
        (
            String::from_utf8(output.stdout.clone()).unwrap(),
            common::stderr(&output),
        )
    };
    // Never served: the fallback, said.
    let (stdout, stderr) = links(&dir.path().join("нов"));
    assert!(
        stdout
            .lines()
            .next()
            .unwrap()
            .contains("\thttp://127.0.0.1:8080/i/"),
        "{stdout}"
    );
    assert!(stderr.contains("още не е пускан"), "{stderr}");

    let mut portal = Portal::start_in(&data, Reach::Network, &[]);
    let (secretary, _) = portal.secretary();
    let ruo = portal.link(&secretary, RUO);
    portal.stop();
    let (stdout, stderr) = links(&data);
    assert!(ruo.starts_with(&format!("http://{HOST}:")));
    assert!(
        stdout.lines().any(|line| line == format!("{RUO}\t{ruo}")),
        "{stdout}"
    );
    assert!(!stderr.contains("само на този компютър"), "{stderr}");
}

#[test]
fn listening_on_every_interface_gives_links_with_the_machines_network_address() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("данни");
    let mut command = zakrila_command();
    command
        .args(["serve", "--config"])
        .arg(ruse_config())
        .arg("--data")
        .arg(&data)
        .args(["--listen", "0.0.0.0:0"])
        .env("ZAKRILA_ADMIN_PASSWORD", PASSWORD)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let portal = Portal::spawn(command, &data, String::new());
    let host = portal
        .base_url
        .trim_start_matches("http://")
        .rsplit_once(':')
        .unwrap()
        .0
        .to_string();
    let ip: std::net::IpAddr = host.parse().unwrap();
    assert!(!ip.is_unspecified(), "{}", portal.base_url);
    // This machine's address on its network, as the operating system routes outwards; a
    // machine with no network at all gets its own loopback.
    let routed = std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|socket| socket.connect("192.0.2.1:9").map(|()| socket))
        .and_then(|socket| socket.local_addr())
        .map(|address| address.ip())
        .ok()
        .filter(|ip| !ip.is_loopback() && !ip.is_unspecified());
    match routed {
        Some(routed) => assert_eq!(ip, routed, "{}", portal.base_url),
        None => assert!(ip.is_loopback(), "{}", portal.base_url),
    }
    // The links start with it, and it answers.
    let (secretary, _) = portal.secretary();
    assert!(portal.link(&secretary, RUO).starts_with(&portal.base_url));
    let login = Portal::client().get(portal.at("/login")).send().unwrap();
    assert_eq!(login.status(), StatusCode::OK);
}

#[test]
fn zakrila_password_works_beside_the_running_portal_and_ends_every_session() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("данни");
    let mut portal = Portal::start_in(&data, Reach::Network, &[]);
    let (secretary, _) = portal.secretary();
    let password = |value: Option<&str>| {
        let mut command = zakrila_command();
        command
            .args(["password", "--data"])
            .arg(&data)
            .stdin(Stdio::null());
        if let Some(value) = value {
            command.env("ZAKRILA_ADMIN_PASSWORD", value);
        }
        command.output().unwrap()
    };
    // Too short: refused, nothing changed.
    let short = password(Some("къса"));
    assert_eq!(short.status.code(), Some(2));
    assert!(common::stderr(&short).contains("поне 10 знака; нищо не е сменено"));
    assert_eq!(
        secretary
            .get(portal.at("/api/v1/institutions"))
            .header(ACCEPT, "application/json")
            .send()
            .unwrap()
            .status(),
        StatusCode::OK
    );
    // From the variable, while the portal runs: every session ends.
    let new = "нова парола на секретаря";
    let changed = password(Some(new));
    assert!(changed.status.success(), "{}", common::stderr(&changed));
    assert!(common::stderr(&changed).contains("всички влизания са прекратени"));
    assert_eq!(
        secretary
            .get(portal.at("/api/v1/institutions"))
            .header(ACCEPT, "application/json")
            .send()
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let login = |password: &str| {
        Portal::client()
            .post(portal.at("/api/v1/login"))
            .header(ACCEPT, "application/json")
            .json(&json!({ "password": password }))
            .send()
            .unwrap()
            .status()
    };
    assert_eq!(login(PASSWORD), StatusCode::UNAUTHORIZED);
    assert_eq!(login(new), StatusCode::OK);

    // Asked twice on a terminal (a pseudo-terminal from `script`): two that differ change
    // nothing; the same twice changes it.
    let typed = |lines: &str| {
        let mut command = Command::new("script");
        command
            .args(["-qec"])
            .arg(format!(
                "'{}' password --data '{}'",
                env!("CARGO_BIN_EXE_zakrila"),
                data.display()
            ))
            .arg("/dev/null")
            .env_remove("ZAKRILA_ADMIN_PASSWORD")
            .env_remove("LC_ALL")
            .env_remove("LANG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("script (util-linux) runs");
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(lines.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let third = "трета парола на секретаря";
    let differ = typed(&format!("{third}\nдруга парола на секретаря\n"));
    assert!(
        differ.contains("Още веднъж:") && differ.contains("не са еднакви"),
        "{differ}"
    );
    assert_eq!(login(new), StatusCode::OK);
    let same = typed(&format!("{third}\n{third}\n"));
    assert!(same.contains("е сменена"), "{same}");
    assert_eq!(login(third), StatusCode::OK);

    // Without the variable and without a terminal: said, not asked.
    let mut command = Command::new("setsid");
    command
        .arg("-w")
        .arg(env!("CARGO_BIN_EXE_zakrila"))
        .args(["password", "--data"])
        .arg(&data)
        .env_remove("ZAKRILA_ADMIN_PASSWORD")
        .env_remove("LC_ALL")
        .env_remove("LANG")
        .stdin(Stdio::null());
    let no_terminal = command.output().unwrap();
    assert_eq!(no_terminal.status.code(), Some(2));
    assert!(common::stderr(&no_terminal).contains("ZAKRILA_ADMIN_PASSWORD"));

    // A folder with no portal is named, and nothing is made there.
    let nowhere = dir.path().join("няма");
    let mut command = zakrila_command();
    let missing = command
        .args(["password", "--data"])
        .arg(&nowhere)
        .env("ZAKRILA_ADMIN_PASSWORD", new)
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(common::stderr(&missing).contains("няма данни на портал"));
    assert!(!nowhere.exists());

    // The audit log has each change, by the command.
    let (secretary, _) = {
        let client = Portal::client();
        let answer = client
            .post(portal.at("/api/v1/login"))
            .header(ACCEPT, "application/json")
            .json(&json!({ "password": third }))
            .send()
            .unwrap();
        let body: Value = answer.json().unwrap();
        (client, body)
    };
    let audit: Vec<Value> = secretary
        .get(portal.at("/api/v1/audit"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let set: Vec<&Value> = audit
        .iter()
        .filter(|entry| entry["action"] == "password-set" && entry["detail"] == "zakrila password")
        .collect();
    assert_eq!(set.len(), 2, "{audit:?}");

    // A portal started again with the variable set says it is ignored, and how to change it.
    portal.stop();
    let portal = Portal::start_in(&data, Reach::Network, &[]);
    let log = portal.log();
    assert!(
        log.contains("Променливата ZAKRILA_ADMIN_PASSWORD не се използва")
            && log.contains("zakrila password --data"),
        "{log}"
    );
    assert_eq!(login_at(&portal, PASSWORD), StatusCode::UNAUTHORIZED);
    assert_eq!(login_at(&portal, third), StatusCode::OK);
}

fn login_at(portal: &Portal, password: &str) -> StatusCode {
    Portal::client()
        .post(portal.at("/api/v1/login"))
        .header(ACCEPT, "application/json")
        .json(&json!({ "password": password }))
        .send()
        .unwrap()
        .status()
}
