//! `--help` and the command line's own complaints: Bulgarian by default, English with
//! `--lang en` anywhere on the line or an English locale, from the catalogue's words.

mod common;

use std::process::{Command, Output};

/// Runs zakrila with `args` and the locale variables given (every other one removed).
fn run_with_locale(args: &[&str], locale: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_zakrila"));
    command
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    for (name, value) in locale {
        command.env(name, value);
    }
    command.output().expect("the zakrila binary runs")
}

fn run(args: &[&str]) -> Output {
    run_with_locale(args, &[])
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 on stdout")
}

const SUBCOMMANDS: [&[&str]; 12] = [
    &[],
    &["template"],
    &["validate"],
    &["merge"],
    &["report"],
    &["report", "new"],
    &["report", "collect"],
    &["export"],
    &["serve"],
    &["links"],
    &["backup"],
    &["import"],
];

#[test]
fn help_is_bulgarian_by_default_with_examples() {
    for command in SUBCOMMANDS {
        for flag in ["--help", "-h"] {
            let args: Vec<&str> = command.iter().copied().chain([flag]).collect();
            let output = run(&args);
            assert_eq!(output.status.code(), Some(0), "{args:?}");
            let help = stdout(&output);
            let usage = format!("Употреба: zakrila {}", command.join(" "));
            for part in [
                usage.trim_end(),
                "Настройки:",
                "--lang <ЕЗИК>",
                "Показва тази помощ.",
            ] {
                assert!(help.contains(part), "{args:?}: no {part:?} in\n{help}");
            }
            assert!(
                help.contains("\nПример:\n  zakrila ") || help.contains("\nПримери:\n  zakrila "),
                "{args:?}: no example in\n{help}"
            );
            for english in [
                "Usage",
                "Options",
                "Arguments",
                "Commands",
                "[default",
                "Print help",
            ] {
                assert!(!help.contains(english), "{args:?}: {english:?} in\n{help}");
            }
        }
    }
}

#[test]
fn help_is_english_with_lang_en_anywhere_on_the_line() {
    for command in SUBCOMMANDS {
        // --lang en before the subcommand, after it, and after --help.
        for args in [
            ["--lang", "en"]
                .iter()
                .chain(command.iter())
                .copied()
                .chain(["--help"])
                .collect::<Vec<_>>(),
            command
                .iter()
                .copied()
                .chain(["--help", "--lang", "en"])
                .collect(),
        ] {
            let output = run(&args);
            assert_eq!(output.status.code(), Some(0), "{args:?}");
            let help = stdout(&output);
            for part in [
                "Usage: zakrila",
                "Options:",
                "--lang <LANG>",
                "Print this help.",
            ] {
                assert!(help.contains(part), "{args:?}: no {part:?} in\n{help}");
            }
            assert!(
                help.contains("\nExample:\n  zakrila ") || help.contains("\nExamples:\n  zakrila "),
                "{args:?}: no example in\n{help}"
            );
            assert!(!help.contains("Употреба"), "{args:?}: {help}");
        }
    }
}

#[test]
fn an_english_locale_gives_english_unless_lang_says_otherwise() {
    let english = run_with_locale(&["merge", "--help"], &[("LANG", "en_US.UTF-8")]);
    assert!(stdout(&english).contains("Usage: zakrila merge [OPTIONS] --config"));
    assert!(stdout(&english).contains("[default: en]"));
    let english = run_with_locale(
        &["--help"],
        &[("LC_ALL", "en_GB.UTF-8"), ("LANG", "bg_BG.UTF-8")],
    );
    assert!(stdout(&english).contains("Usage: zakrila"));
    let bulgarian = run_with_locale(&["--help", "--lang", "bg"], &[("LANG", "en_US.UTF-8")]);
    assert!(stdout(&bulgarian).contains("Употреба: zakrila"));
    let bulgarian = run_with_locale(&["--help"], &[("LANG", "C.UTF-8")]);
    assert!(stdout(&bulgarian).contains("Употреба: zakrila"));
    // The locale decides the commands' own messages too.
    let missing = run_with_locale(
        &["template", "--config", "няма.toml", "-o", "t.xlsx"],
        &[("LANG", "en_US.UTF-8")],
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        common::stderr(&missing).contains("the config is not found"),
        "{}",
        common::stderr(&missing)
    );
}

#[test]
fn help_as_a_word_is_help() {
    assert_eq!(
        stdout(&run(&["help", "report", "new"])),
        stdout(&run(&["report", "new", "--help"]))
    );
    assert_eq!(stdout(&run(&["help"])), stdout(&run(&["--help"])));
}

#[test]
fn version() {
    let output = run(&["--version"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        format!("zakrila {}\n", env!("CARGO_PKG_VERSION"))
    );
}

/// A complaint: status 2, nothing on stdout, and the sentence, the usage line and where to
/// read more on stderr.
fn complaint(args: &[&str], locale: &[(&str, &str)]) -> String {
    let output = run_with_locale(args, locale);
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    assert!(output.stdout.is_empty(), "{args:?}");
    common::stderr(&output)
}

#[test]
fn clap_s_complaints_are_bulgarian_by_default() {
    let said = complaint(
        &["validate", "--config", "p.toml", "--strikt", "приноси/"],
        &[],
    );
    assert_eq!(
        said,
        "Няма настройка „--strikt“. Може би „--strict“?\n\n\
         Употреба: zakrila validate [НАСТРОЙКИ] --config <programme.toml> <ФАЙЛ>...\n\
         Помощ: zakrila validate --help\n"
    );
    let said = complaint(&["merge", "-o", "програма.xlsx"], &[]);
    assert!(
        said.starts_with("Липсва задължителното: „--config <programme.toml>“, „<ФАЙЛ>...“."),
        "{said}"
    );
    let said = complaint(
        &[
            "export",
            "--config",
            "p.toml",
            "-o",
            "a.csv",
            "--encoding",
            "cp1251",
            "p.xlsx",
        ],
        &[],
    );
    assert!(
        said.starts_with("„cp1251“ не е възможна стойност на „--encoding <КОДИРАНЕ>“; възможни са: utf-8, windows-1251."),
        "{said}"
    );
    let said = complaint(
        &[
            "validate",
            "--config",
            "p.toml",
            "--max-file-mb",
            "0",
            "x.xlsx",
        ],
        &[],
    );
    assert!(
        said.starts_with("„0“ не става за „--max-file-mb <МБ>“. Най-големият файл"),
        "{said}"
    );
    let said = complaint(&["mrege"], &[]);
    assert!(
        said.starts_with("Няма команда „mrege“. Може би „merge“?"),
        "{said}"
    );
    for english in [
        "error:",
        "Usage",
        "unexpected",
        "required",
        "invalid",
        "tip:",
        "For more",
    ] {
        assert!(!said.contains(english), "{english:?} in {said}");
    }
}

#[test]
fn clap_s_complaints_are_english_with_lang_en_or_an_english_locale() {
    let said = complaint(&["validate", "--strikt", "--lang", "en"], &[]);
    assert!(
        said.starts_with("There is no option \"--strikt\". Did you mean \"--strict\"?"),
        "{said}"
    );
    assert!(
        said.contains("\nUsage: zakrila validate [OPTIONS] --config <programme.toml> <FILE>...\n"),
        "{said}"
    );
    let said = complaint(
        &["serve", "--listen", "localhost"],
        &[("LANG", "en_US.UTF-8")],
    );
    assert!(
        said.starts_with(
            "\"localhost\" will not do for \"--listen <ADDRESS:PORT>\". Where to listen"
        ),
        "{said}"
    );
}

#[test]
fn a_command_that_needs_a_subcommand_shows_its_help() {
    let output = run(&["report"]);
    assert_eq!(output.status.code(), Some(2));
    let help = common::stderr(&output);
    assert!(help.contains("Команди:\n  new "), "{help}");
}
