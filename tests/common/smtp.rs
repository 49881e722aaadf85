//! A real SMTP server on loopback for the mail tests: tests/py/smtp_server.py (aiosmtpd,
//! installed by scripts/test), started and stopped by the test, counting at the server.

#![allow(dead_code)] // each test crate uses a different part of this module

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running (or stopped) SMTP server and the folder its messages are kept in.
pub struct SmtpServer {
    child: Option<Child>,
    /// Where the messages are kept (and the CA's certificate, `ca.pem`).
    pub dir: PathBuf,
    /// The port it listens on (kept across a stop and a start).
    pub port: u16,
    args: Vec<String>,
}

/// A port free at the moment of asking.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl SmtpServer {
    /// Starts a server keeping its messages in `dir`, with the options of smtp_server.py
    /// (`--starttls`, `--tls`, `--auth U:P`, `--reject A`, `--delay S`).
    pub fn start(dir: &Path, args: &[&str]) -> SmtpServer {
        let mut server = SmtpServer {
            child: None,
            dir: dir.to_path_buf(),
            port: free_port(),
            args: args.iter().map(|arg| arg.to_string()).collect(),
        };
        server.up();
        server
    }

    /// A server that is not running yet: its port is chosen, nothing listens there; its
    /// certificates are made already, so a client can be set up to trust them.
    pub fn down(dir: &Path, args: &[&str]) -> SmtpServer {
        let status = Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/py/smtp_server.py"))
            .arg("--dir")
            .arg(dir)
            .args(["--port", "0", "--certificates-only"])
            .status()
            .expect("python3 runs tests/py/smtp_server.py");
        assert!(status.success());
        SmtpServer {
            child: None,
            dir: dir.to_path_buf(),
            port: free_port(),
            args: args.iter().map(|arg| arg.to_string()).collect(),
        }
    }

    /// Starts it (again) on its port; returns once it listens.
    pub fn up(&mut self) {
        assert!(self.child.is_none(), "the SMTP server is already up");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/py/smtp_server.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg("--dir")
            .arg(&self.dir)
            .arg("--port")
            .arg(self.port.to_string())
            .args(&self.args)
            .stdout(Stdio::piped())
            .stderr(
                std::fs::File::create(self.dir.join("server.log"))
                    .map(Stdio::from)
                    .unwrap_or(Stdio::null()),
            )
            .spawn()
            .expect("python3 runs tests/py/smtp_server.py (scripts/test installs aiosmtpd)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(
            line.trim(),
            self.port.to_string(),
            "the SMTP server did not start (is aiosmtpd installed? scripts/test installs it)"
        );
        self.child = Some(child);
    }

    /// Stops it; nothing listens on its port afterwards.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            // SIGTERM lets it close its sockets; the wait makes the port free again.
            unsafe_kill_term(child.id());
            let _ = child.wait();
        }
    }

    /// The address for `[mail] smtp`.
    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// The CA certificate to trust (`--starttls`, `--tls`).
    pub fn ca_file(&self) -> PathBuf {
        self.dir.join("ca.pem")
    }

    /// Every message kept so far, in arrival order, as text (headers and body).
    pub fn messages(&self) -> Vec<String> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .map(|entries| {
                entries
                    .filter_map(|entry| entry.ok().map(|e| e.path()))
                    .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
            .iter()
            .map(|path| String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned())
            .collect()
    }

    /// Waits until at least `count` messages are kept, for at most `limit`; returns them.
    pub fn wait_for(&self, count: usize, limit: Duration) -> Vec<String> {
        let start = Instant::now();
        loop {
            let messages = self.messages();
            if messages.len() >= count || start.elapsed() > limit {
                return messages;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn unsafe_kill_term(pid: u32) {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(pid.to_string())
        .status();
}

/// A header's value in a kept message, with RFC 2047 encoded words decoded by Python's
/// email package (an independent reader of what lettre wrote), or with `what` = `text` or
/// `html`, that part's content. Headers go through `decode_header`: the newer address parser
/// puts a space between two adjacent encoded words of a name, which RFC 2047 says to drop.
pub fn decoded(message: &str, what: &str) -> String {
    let output = Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, email, email.policy\n\
             m = email.message_from_string(sys.stdin.read(), policy=email.policy.default)\n\
             what = sys.argv[1]\n\
             if what == 'text': print(m.get_body(('plain',)).get_content(), end='')\n\
             elif what == 'html': print(m.get_body(('html',)).get_content(), end='')\n\
             else:\n                 from email.header import decode_header, make_header\n                 raw = email.message_from_string(m.as_string(), policy=email.policy.compat32)[what]\n                 print(str(make_header(decode_header(raw))), end='')",
        )
        .arg(what)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(message.as_bytes())?;
            child.wait_with_output()
        })
        .expect("python3 reads the message");
    String::from_utf8(output.stdout)
        .unwrap()
        .replace("\r\n", "\n")
}
