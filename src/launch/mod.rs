//! How the program starts, before any command runs: the language, the command line parsed
//! with Bulgarian (or English) help and complaints, the Windows console, and the start with
//! no arguments — a double-click on `zakrila.exe` — which runs the portal from the
//! program's folder.
//!
//! - [`language`]: `--lang` anywhere on the line, else `LC_ALL`/`LC_MESSAGES`/`LANG`, else
//!   Bulgarian; decided before clap parses, so that its help and errors are in that
//!   language too;
//! - [`command`]: clap's `Command` for [`Cli`] with every text taken from
//!   [`crate::catalogue::help`];
//! - `desktop`: the double-click start; `console`: UTF-8 on the Windows console, the
//!   window that stays open to be read.

mod console;
mod desktop;
mod help;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::FromArgMatches;
use clap::error::ErrorKind;

use crate::catalogue::{Lang, StartMsg};
use crate::cli::Cli;

pub use help::{command, find_subcommand_path, usage_error};

/// Runs zakrila with the process's arguments: the binary's `main`.
pub fn main() -> ExitCode {
    let _console = console::Utf8Output::set();
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = language(&args, |name| std::env::var_os(name));
    let double_click = args.len() <= 1;
    let status = run(args, lang);
    // A window opened for zakrila alone closes when it ends: keep it until the words in it
    // have been read, unless the portal was stopped on purpose.
    if console::window_is_ours() && (status != 0 || !double_click) {
        eprintln!("\n{}", StartMsg::PressEnter.render(lang));
        let _ = std::io::stdin().read_line(&mut String::new());
    }
    ExitCode::from(status)
}

/// Runs zakrila with a command line (the program's name first) and gives the exit status.
pub fn run(args: Vec<OsString>, lang: Lang) -> u8 {
    if args.len() <= 1 {
        return desktop::start(lang);
    }
    let args = help_subcommand(console::repair_arguments(args));
    let mut cli = command(lang);
    let matches = match cli.try_get_matches_from_mut(&args) {
        Ok(matches) => matches,
        Err(err) => return complain(&err, &mut cli, &args, lang),
    };
    match Cli::from_arg_matches(&matches) {
        Ok(parsed) => exit_status(crate::commands::run(parsed)),
        Err(err) => complain(&err, &mut cli, &args, lang),
    }
}

/// Prints what clap stopped for — the help, the version, or a sentence of the catalogue —
/// and gives the exit status.
fn complain(err: &clap::Error, cli: &mut clap::Command, args: &[OsString], lang: Lang) -> u8 {
    match err.kind() {
        // The help and version are made of the catalogue's words already.
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            0
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            crate::commands::EXIT_CANNOT_RUN
        }
        _ => {
            eprintln!("{}", usage_error(err, cli, args, lang));
            crate::commands::EXIT_CANNOT_RUN
        }
    }
}

/// The exit status of a finished command as a number.
fn exit_status(code: ExitCode) -> u8 {
    use crate::commands::{EXIT_CANNOT_RUN, EXIT_INPUT_ERRORS, EXIT_OK};
    [EXIT_OK, EXIT_INPUT_ERRORS, EXIT_CANNOT_RUN]
        .into_iter()
        .find(|status| ExitCode::from(*status) == code)
        .unwrap_or(EXIT_CANNOT_RUN)
}

/// The language of the run: the last `--lang bg|en` on the command line (before `--`),
/// else English when the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set starts with
/// `en`, else Bulgarian. `env` reads a variable (the process's environment, or a test's).
pub fn language(args: &[OsString], env: impl Fn(&str) -> Option<OsString>) -> Lang {
    let mut chosen = None;
    let mut rest = args.iter().skip(1);
    while let Some(arg) = rest.next() {
        let Some(arg) = arg.to_str() else { continue };
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--lang") {
            Some("") => rest.next().and_then(|value| value.to_str()),
            Some(value) => value.strip_prefix('='),
            None => None,
        };
        match value {
            Some("bg") => chosen = Some(Lang::Bg),
            Some("en") => chosen = Some(Lang::En),
            _ => {}
        }
    }
    chosen.unwrap_or_else(|| {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(env)
            .find(|value| !value.is_empty());
        match locale {
            Some(locale) if locale.to_string_lossy().starts_with("en") => Lang::En,
            _ => Lang::Bg,
        }
    })
}

/// `zakrila help [COMMAND…]`, as people type it, is `zakrila [COMMAND…] --help`.
fn help_subcommand(mut args: Vec<OsString>) -> Vec<OsString> {
    let mut index = 1;
    while index < args.len() {
        match args[index].to_str() {
            Some("--lang") => index += 2,
            Some(arg) if arg.starts_with('-') => index += 1,
            Some("help") => {
                args.remove(index);
                args.push("--help".into());
                break;
            }
            _ => break,
        }
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<OsString> {
        line.split(' ').map(OsString::from).collect()
    }

    fn no_env(_: &str) -> Option<OsString> {
        None
    }

    #[test]
    fn lang_anywhere_on_the_line_wins() {
        assert_eq!(
            language(&args("zakrila merge --lang en -o x"), no_env),
            Lang::En
        );
        assert_eq!(language(&args("zakrila --lang=en merge"), no_env), Lang::En);
        assert_eq!(language(&args("zakrila merge"), no_env), Lang::Bg);
        let english = |name: &str| (name == "LANG").then(|| OsString::from("en_GB.UTF-8"));
        assert_eq!(language(&args("zakrila merge"), english), Lang::En);
        assert_eq!(
            language(&args("zakrila --lang bg merge"), english),
            Lang::Bg
        );
        // After "--" a word is a file name, not an option.
        assert_eq!(
            language(&args("zakrila validate -- --lang en"), no_env),
            Lang::Bg
        );
    }

    #[test]
    fn lc_all_comes_before_lang() {
        let env = |name: &str| match name {
            "LC_ALL" => Some(OsString::from("bg_BG.UTF-8")),
            "LANG" => Some(OsString::from("en_US.UTF-8")),
            _ => None,
        };
        assert_eq!(language(&args("zakrila"), env), Lang::Bg);
        let empty_lc_all = |name: &str| match name {
            "LC_ALL" => Some(OsString::new()),
            "LANG" => Some(OsString::from("en_US.UTF-8")),
            _ => None,
        };
        assert_eq!(language(&args("zakrila"), empty_lc_all), Lang::En);
        let c = |name: &str| (name == "LANG").then(|| OsString::from("C.UTF-8"));
        assert_eq!(language(&args("zakrila"), c), Lang::Bg);
    }

    #[test]
    fn help_as_a_word_is_the_help_option() {
        assert_eq!(
            help_subcommand(args("zakrila help report new")),
            args("zakrila report new --help")
        );
        assert_eq!(
            help_subcommand(args("zakrila --lang en help")),
            args("zakrila --lang en --help")
        );
        assert_eq!(
            help_subcommand(args("zakrila validate help")),
            args("zakrila validate help")
        );
    }
}
