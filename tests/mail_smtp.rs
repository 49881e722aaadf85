//! The mail transport against a real SMTP server on loopback (aiosmtpd, tests/py/smtp_server.py):
//! STARTTLS with a certificate from a CA made by the test, implicit TLS, a plain relay, the
//! troubles named, and a server down then up with each message sent exactly once (counted
//! at the server).

#[path = "common/smtp.rs"]
mod smtp;
#[path = "common/tools.rs"]
mod tools;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use smtp::{SmtpServer, decoded};
use tools::Tool;
use zakrila::catalogue::{Lang, Letter, MailContext, MailRound};
use zakrila::config::{MailAddress, MailSecurity, MailSettings};
use zakrila::mail::{
    Delivery, MailState, MailStore, MailTrouble, Outcome, OutgoingMail, SmtpTransport, Transport,
    compose, send_due,
};

const LINK: &str = "https://portal.ruse.bg/i/Zk3x9QvTb1yJm2Lw8RcA";

fn settings(server: &SmtpServer, security: MailSecurity, user: Option<&str>) -> MailSettings {
    MailSettings {
        host: "127.0.0.1".into(),
        port: server.port,
        security,
        user: user.map(String::from),
        from: MailAddress::parse("Комисия за закрила на детето – Русе <komisia@ruse.bg>").unwrap(),
        secretary: None,
        ca_file: (security != MailSecurity::None).then(|| server.ca_file()),
    }
}

fn link_letter(id: i64, to: &str) -> OutgoingMail {
    let context = MailContext {
        programme: "Общинска програма за закрила на детето 2025–2026",
        municipality: "Русе",
        signature: None,
    };
    let letter = Letter::Link {
        institution: "РУО – Русе",
        round: MailRound::Contributions,
        due: "2025-03-31".parse().ok(),
        link: LINK,
    };
    let message = compose(&letter, &context, Lang::Bg);
    OutgoingMail {
        id,
        to: to.into(),
        subject: message.subject,
        text: message.text,
        html: message.html,
        message_id: format!("<zakrila.{id}.test@ruse.bg>"),
        delivery: Delivery::new(Utc::now()),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn starttls_with_the_municipalitys_own_ca_and_a_password_delivers_both_parts() {
    if !tools::have(&[Tool::Smtpd]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = SmtpServer::start(
        dir.path(),
        &["--starttls", "--auth", "komisia@ruse.bg:парола-123"],
    );
    let transport = SmtpTransport::new(
        &settings(&server, MailSecurity::StartTls, Some("komisia@ruse.bg")),
        Some("парола-123".into()),
        "неизползвано",
    )
    .unwrap();
    let mail = link_letter(7, "ruo-ruse@mon.bg");
    let outcome = runtime().block_on(transport.send(&mail));
    assert_eq!(outcome, Outcome::Sent);

    let messages = server.wait_for(1, Duration::from_secs(5));
    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    assert!(message.starts_with("X-Envelope-To: ruo-ruse@mon.bg\r\n"));
    assert_eq!(
        decoded(message, "Subject"),
        "Покана за принос към „Общинска програма за закрила на детето 2025–2026“"
    );
    assert_eq!(
        decoded(message, "From"),
        "Комисия за закрила на детето – Русе <komisia@ruse.bg>"
    );
    assert_eq!(decoded(message, "Message-ID"), "<zakrila.7.test@ruse.bg>");
    // Headers travel as ASCII: the Cyrillic subject is encoded, not sent raw.
    let headers = message.split("\r\n\r\n").next().unwrap();
    assert!(headers.is_ascii(), "{headers}");
    let text = decoded(message, "text");
    assert!(text.contains(&format!("\n{LINK}\n")), "{text}");
    assert!(text.contains("Уважаеми колеги от РУО – Русе,"));
    assert!(text.contains("в срок до 31.03.2025"));
    let html = decoded(message, "html");
    assert!(html.contains(LINK), "{html}");
    assert!(html.contains("<html lang=\"bg\">"));
}

#[test]
fn implicit_tls_and_a_plain_relay_deliver_too() {
    if !tools::have(&[Tool::Smtpd]) {
        return;
    }
    let rt = runtime();
    for (security, flag) in [(MailSecurity::Tls, "--tls"), (MailSecurity::None, "")] {
        let dir = tempfile::tempdir().unwrap();
        let args: Vec<&str> = [flag].into_iter().filter(|a| !a.is_empty()).collect();
        let server = SmtpServer::start(dir.path(), &args);
        let transport =
            SmtpTransport::new(&settings(&server, security, None), None, "Комисия").unwrap();
        assert_eq!(
            rt.block_on(transport.send(&link_letter(1, "a@ruse.bg"))),
            Outcome::Sent,
            "{security:?}"
        );
        assert_eq!(server.wait_for(1, Duration::from_secs(5)).len(), 1);
    }
}

fn trouble(outcome: Outcome) -> MailTrouble {
    match outcome {
        Outcome::Failed(failure) => failure.trouble,
        Outcome::Sent => panic!("sent"),
    }
}

#[test]
fn each_trouble_is_named_and_nothing_is_kept() {
    if !tools::have(&[Tool::Smtpd]) {
        return;
    }
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let server = SmtpServer::start(
        dir.path(),
        &[
            "--starttls",
            "--auth",
            "u@ruse.bg:right-password",
            "--reject",
            "gone@ruse.bg",
        ],
    );
    let with = |password: &str, ca: bool| {
        let mut settings = settings(&server, MailSecurity::StartTls, Some("u@ruse.bg"));
        if !ca {
            settings.ca_file = None;
        }
        SmtpTransport::new(&settings, Some(password.into()), "К").unwrap()
    };
    let mail = link_letter(1, "ruo@ruse.bg");
    assert_eq!(
        trouble(rt.block_on(with("wrong-password", true).send(&mail))),
        MailTrouble::SignIn
    );
    // The test CA is not among the public ones: without ca_file the certificate is refused.
    assert_eq!(
        trouble(rt.block_on(with("right-password", false).send(&mail))),
        MailTrouble::Tls
    );
    assert_eq!(
        trouble(rt.block_on(with("right-password", true).send(&link_letter(2, "gone@ruse.bg")))),
        MailTrouble::Refused
    );
    let nobody = SmtpServer::down(dir.path(), &[]);
    let transport =
        SmtpTransport::new(&settings(&nobody, MailSecurity::None, None), None, "К").unwrap();
    assert_eq!(
        trouble(rt.block_on(transport.send(&mail))),
        MailTrouble::Unreachable
    );
    assert!(server.messages().is_empty());
}

/// An outbox in memory, for the worker's pass over a real transport.
#[derive(Default)]
struct Memory(Mutex<BTreeMap<i64, OutgoingMail>>);

impl MailStore for Memory {
    type Error = String;
    async fn due(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<OutgoingMail>, String> {
        let mails = self.0.lock().unwrap();
        Ok(mails
            .values()
            .filter(|m| m.delivery.is_due(now))
            .take(limit)
            .cloned()
            .collect())
    }
    async fn record(&self, id: i64, delivery: &Delivery) -> Result<(), String> {
        self.0.lock().unwrap().get_mut(&id).unwrap().delivery = delivery.clone();
        Ok(())
    }
    async fn next_due(&self) -> Result<Option<DateTime<Utc>>, String> {
        let mails = self.0.lock().unwrap();
        Ok(mails.values().filter_map(|m| m.delivery.next_attempt).min())
    }
}

#[test]
fn a_server_down_then_up_gets_each_message_exactly_once() {
    if !tools::have(&[Tool::Smtpd]) {
        return;
    }
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let mut server = SmtpServer::down(dir.path(), &["--starttls"]);
    let transport =
        SmtpTransport::new(&settings(&server, MailSecurity::StartTls, None), None, "К").unwrap();
    let store = Memory::default();
    for id in 1..=3 {
        store
            .0
            .lock()
            .unwrap()
            .insert(id, link_letter(id, &format!("i{id}@ruse.bg")));
    }

    let start = Utc::now();
    let down = rt.block_on(send_due(&store, &transport, || start)).unwrap();
    assert_eq!((down.sent, down.failed), (0, 1));
    assert!(down.pause_until.is_some());
    let first = store.0.lock().unwrap()[&1].delivery.clone();
    assert_eq!(first.state, MailState::Failed);
    assert_eq!(first.last_error.unwrap().trouble, MailTrouble::Unreachable);

    server.up();
    // Before the failed message's next try only the two untried ones are due.
    let later = start + chrono::Duration::seconds(1);
    let partly = rt.block_on(send_due(&store, &transport, || later)).unwrap();
    assert_eq!((partly.sent, partly.failed), (2, 0));
    let after_backoff = start + chrono::Duration::seconds(61);
    let rest = rt
        .block_on(send_due(&store, &transport, || after_backoff))
        .unwrap();
    assert_eq!((rest.sent, rest.failed), (1, 0));
    let much_later = start + chrono::Duration::days(2);
    let nothing = rt
        .block_on(send_due(&store, &transport, || much_later))
        .unwrap();
    assert_eq!((nothing.sent, nothing.failed), (0, 0));

    let messages = server.wait_for(3, Duration::from_secs(5));
    let mut ids: Vec<String> = messages.iter().map(|m| decoded(m, "Message-ID")).collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "<zakrila.1.test@ruse.bg>",
            "<zakrila.2.test@ruse.bg>",
            "<zakrila.3.test@ruse.bg>"
        ]
    );
}
