//! The command line: exit codes, one clear sentence per failure naming the path, and
//! nothing written when a command cannot run.

mod common;

use std::path::Path;

use common::{ruse_config, stderr, zakrila};

fn template(config: &Path, output: &Path, lang: &str) -> std::process::Output {
    zakrila([
        "--lang".as_ref(),
        lang.as_ref(),
        "template".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        output.as_os_str(),
    ])
}

/// Asserts exit status 2 and a single line on stderr containing every part.
fn assert_cannot_run(output: &std::process::Output, parts: &[&str]) {
    let said = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert_eq!(
        said.trim_end().lines().count(),
        1,
        "one sentence expected: {said}"
    );
    for part in parts {
        assert!(said.contains(part), "{said:?} lacks {part:?}");
    }
}

#[test]
fn template_succeeds_with_cyrillic_and_spaces_in_paths() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("комисия за детето");
    std::fs::create_dir(&folder).unwrap();
    let config = folder.join("програма 2025.toml");
    std::fs::copy(ruse_config(), &config).unwrap();
    let out = folder.join("шаблон.xlsx");
    let run = template(&config, &out, "bg");
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(stderr(&run).contains("7 приоритета, 26 цели"));
    assert!(out.is_file());
    // Only the config and the template: no temporary file left behind.
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 2);
}

#[test]
fn missing_config_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("няма.toml");
    let run = template(&missing, &dir.path().join("t.xlsx"), "en");
    assert_cannot_run(&run, &["няма.toml", "config is not found", "--config"]);
    assert!(!dir.path().join("t.xlsx").exists());
}

#[test]
fn config_syntax_error_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("programme.toml");
    std::fs::write(&config, "[programme]\ntitle = Програма\n").unwrap();
    let run = template(&config, &dir.path().join("t.xlsx"), "bg");
    assert_cannot_run(
        &run,
        &["programme.toml, ред 2, колона 9", "в прави кавички"],
    );
}

#[test]
fn a_missing_output_folder_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir
        .path()
        .join("няма-такава")
        .join("още една")
        .join("t.xlsx");
    let run = template(&ruse_config(), &out, "en");
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(out.is_file());
}

#[test]
fn output_not_writable() {
    // /proc refuses new files even to root, unlike a read-only folder.
    let run = template(
        &ruse_config(),
        Path::new("/proc/zakrila-template.xlsx"),
        "en",
    );
    assert_cannot_run(&run, &["/proc/zakrila-template.xlsx", "Cannot write"]);
}

#[test]
fn output_equal_to_the_config_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("programme.toml");
    std::fs::copy(ruse_config(), &config).unwrap();
    let before = std::fs::read(&config).unwrap();
    // The same file reached through "./" is still the same file.
    let same = dir.path().join(".").join("programme.toml");
    let run = template(&config, &same, "bg");
    assert_cannot_run(&run, &["не презаписва входни файлове"]);
    assert_eq!(std::fs::read(&config).unwrap(), before);
}

#[test]
fn output_that_is_a_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let run = template(&ruse_config(), dir.path(), "en");
    assert_cannot_run(&run, &["is a folder"]);
}

#[test]
fn every_command_has_help_with_an_example() {
    let commands: [&[&str]; 6] = [
        &["template"],
        &["validate"],
        &["merge"],
        &["report", "new"],
        &["report", "collect"],
        &["export"],
    ];
    for command in commands {
        let run = zakrila(command.iter().chain(&["--help"]));
        assert!(run.status.success());
        let help = String::from_utf8_lossy(&run.stdout);
        assert!(help.contains("Пример"), "{command:?}: {help}");
        assert!(help.contains("--config"), "{command:?}: {help}");
        assert!(help.contains("--lang"), "{command:?}: {help}");
    }
}

#[test]
fn bad_arguments_exit_2() {
    let run = zakrila(["template", "--config"]);
    assert_eq!(run.status.code(), Some(2));
    let run = zakrila(["--lang", "de", "template"]);
    assert_eq!(run.status.code(), Some(2));
}

/// A report long enough to fill a pipe: the Ruse samples (errors included) named 40 times.
fn long_validate() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_zakrila"));
    command
        .args(["--lang", "en", "validate", "--format", "json", "--config"])
        .arg(common::ruse_config());
    for _ in 0..40 {
        command.arg(common::root().join("samples/ruse-2025"));
    }
    command
}

#[test]
fn a_reader_that_stops_early_ends_the_run_quietly() {
    use std::io::BufRead;
    use std::process::Stdio;
    // As `zakrila validate … | head -1`: the reader takes one line and closes the pipe.
    let mut child = long_validate()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first.trim(), "{");
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
    assert!(output.stderr.is_empty(), "{}", common::stderr(&output));
}

#[test]
fn a_full_disk_behind_stdout_is_said() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not on this system
    };
    let output = long_validate().stdout(full).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        common::stderr(&output).contains("standard output"),
        "{}",
        common::stderr(&output)
    );
}
