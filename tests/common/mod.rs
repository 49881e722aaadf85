//! Helpers shared by the integration tests: the binary, Python checkers and LibreOffice.

#![allow(dead_code)] // each test crate uses a different part of this module

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Ruse 2025–2026 sample config.
pub fn ruse_config() -> PathBuf {
    root().join("samples/ruse-2025/programme.toml")
}

/// Runs the zakrila binary with `args`.
pub fn zakrila<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_zakrila"))
        .args(args)
        .output()
        .expect("the zakrila binary runs")
}

/// stderr of a run, as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs a checker script from tests/py with python3 and fails the test with its output
/// when the script fails. openpyxl is installed by scripts/test.
pub fn python_check(script: &str, args: &[&Path]) {
    let output = Command::new("python3")
        .arg(root().join("tests/py").join(script))
        .args(args)
        .output()
        .expect("python3 runs (scripts/test installs what the tests need)");
    assert!(
        output.status.success(),
        "{script} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Converts `input` with LibreOffice to `format` ("pdf", "xlsx", "ods", …) into `out_dir`
/// and returns the converted file. Each call gets its own LibreOffice profile so tests can
/// run in parallel.
pub fn soffice_convert(input: &Path, format: &str, out_dir: &Path) -> PathBuf {
    let profile = tempfile::tempdir().expect("a temp dir");
    let output = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(out_dir)
        .arg(input)
        .output()
        .expect("LibreOffice (soffice) is installed: scripts/test installs it");
    let converted = out_dir
        .join(input.file_stem().expect("a file name"))
        .with_extension(format.split(':').next().expect("a format"));
    assert!(
        output.status.success() && converted.is_file(),
        "LibreOffice could not convert {}:\n{}{}",
        input.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    converted
}
