//! Helpers shared by the integration tests: the binary, Python checkers and LibreOffice.

#![allow(dead_code)] // each test crate uses a different part of this module

pub mod round_portal;
pub mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Ruse 2025–2026 sample config.
pub fn ruse_config() -> PathBuf {
    root().join("samples/ruse-2025/programme.toml")
}

/// Runs the zakrila binary with `args`. Without the locale variables: an English one
/// would make English the default language, and the tests expect Bulgarian unless they say
/// `--lang en`.
pub fn zakrila<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_zakrila"))
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
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

/// The clean РУО contribution of tests/fixtures/ruo-clean.json, as a make_workbook.py spec.
pub fn clean_spec() -> Value {
    let text = std::fs::read_to_string(root().join("tests/fixtures/ruo-clean.json")).unwrap();
    let mut spec: Value = serde_json::from_str(&text).unwrap();
    spec["config"] = json!(ruse_config());
    spec
}

/// Writes the workbook of `spec` with openpyxl into `dir` as `name`.
pub fn workbook(dir: &Path, name: &str, spec: &Value) -> PathBuf {
    let spec_path = dir.join(format!("{name}.json"));
    std::fs::write(&spec_path, serde_json::to_string(spec).unwrap()).unwrap();
    let out = dir.join(name);
    let run = std::process::Command::new("python3")
        .arg(root().join("tests/py/make_workbook.py"))
        .arg(&spec_path)
        .arg(&out)
        .output()
        .expect("python3 runs");
    assert!(
        run.status.success(),
        "make_workbook failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

/// Runs `validate --format json --lang en` and returns (exit code, report).
pub fn validate(paths: &[&Path], extra: &[&str]) -> (i32, Value) {
    let config = ruse_config();
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "--lang".as_ref(),
        "en".as_ref(),
        "validate".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    args.extend(paths.iter().map(|p| p.as_os_str()));
    let run = zakrila(args);
    let report: Value = serde_json::from_slice(&run.stdout)
        .unwrap_or_else(|err| panic!("not JSON ({err}): {}", stderr(&run)));
    (run.status.code().unwrap(), report)
}
