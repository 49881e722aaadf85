//! The programs some tests need besides cargo: Python 3 with openpyxl (the independent
//! writer and reader of workbooks), python-docx (of documents), msoffcrypto-tool, aiosmtpd
//! (the mail tests' SMTP server), the frictionless CLI and LibreOffice.
//!
//! A plain `cargo test` on a machine without one of them skips each test that needs it,
//! with a loud line on stderr naming the test and what to install. `scripts/test` installs
//! them all and sets `ZAKRILA_REQUIRE_TOOLS=1`, under which a missing program fails the
//! test instead: CI never passes by skipping.

#![allow(dead_code)] // each test crate uses a different part of this module

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// A program a test needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// `python3` with openpyxl.
    Python,
    /// `soffice` (LibreOffice), headless.
    LibreOffice,
    /// The `frictionless` command.
    Frictionless,
    /// Python's msoffcrypto (msoffcrypto-tool), to make a password-protected workbook.
    Msoffcrypto,
    /// Python's aiosmtpd, the mail tests' SMTP server (tests/py/smtp_server.py).
    Smtpd,
    /// Python's python-docx, the independent reader of the council's documents
    /// (tests/py/check_document.py).
    PythonDocx,
}

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::Python => "python3 with openpyxl",
            Tool::LibreOffice => "LibreOffice (soffice)",
            Tool::Frictionless => "frictionless",
            Tool::Msoffcrypto => "python3 with msoffcrypto-tool",
            Tool::Smtpd => "python3 with aiosmtpd",
            Tool::PythonDocx => "python3 with python-docx",
        }
    }

    fn runs(self) -> bool {
        let (program, args): (&str, &[&str]) = match self {
            Tool::Python => ("python3", &["-c", "import openpyxl"]),
            Tool::LibreOffice => ("soffice", &["--version"]),
            Tool::Frictionless => ("frictionless", &["--version"]),
            Tool::Msoffcrypto => ("python3", &["-c", "import msoffcrypto"]),
            Tool::Smtpd => ("python3", &["-c", "import aiosmtpd"]),
            Tool::PythonDocx => ("python3", &["-c", "import docx"]),
        };
        Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    }

    fn present(self) -> bool {
        static FOUND: [OnceLock<bool>; 6] = [const { OnceLock::new() }; 6];
        *FOUND[self as usize].get_or_init(|| self.runs())
    }
}

/// Whether every tool of `tools` is here. When one is not: under `ZAKRILA_REQUIRE_TOOLS`
/// (scripts/test) the test fails; otherwise it says loudly that it is skipped, and the test
/// returns at once.
pub fn have(tools: &[Tool]) -> bool {
    let missing: Vec<&str> = tools
        .iter()
        .filter(|tool| !tool.present())
        .map(|tool| tool.name())
        .collect();
    if missing.is_empty() {
        return true;
    }
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    let said = format!(
        "{test} needs {} (scripts/test installs what the tests need)",
        missing.join(" and ")
    );
    assert!(
        std::env::var_os("ZAKRILA_REQUIRE_TOOLS").is_none(),
        "ZAKRILA_REQUIRE_TOOLS is set and {said}"
    );
    // Straight to the standard error, past the test harness's capture: a skip is said
    // even when the test passes.
    let line = format!("\n!!! SKIPPED: {said}\n\n");
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
    false
}
