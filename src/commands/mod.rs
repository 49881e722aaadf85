//! The command line over the library: each subcommand reads its files, calls the library
//! over bytes ([`crate::api`]), writes the results atomically and prints. Whatever stops a
//! command travels out as a [`CommandError`] and becomes a sentence and an exit status here,
//! in one place.

mod document;
mod error;
mod export;
mod import;
pub mod inputs;
mod merge;
pub mod output;
mod report;
mod serve;
mod template;
mod validate;

use std::io::Write;
use std::process::ExitCode;

use crate::catalogue::{Lang, Msg, system_said};
use crate::cli::{Cli, Command, ReportCommand};

pub(crate) use error::portal_trouble;
pub use error::{CommandError, CommandResult, Done};

/// Exit status: the command did its work and the inputs had no errors.
pub const EXIT_OK: u8 = 0;
/// Exit status: the inputs have errors (what could be made was made, unless `--strict`).
pub const EXIT_INPUT_ERRORS: u8 = 1;
/// Exit status: the command could not run (bad arguments, config or output).
pub const EXIT_CANNOT_RUN: u8 = 2;

/// Runs the parsed command line and gives the process exit status.
pub fn run(cli: Cli) -> ExitCode {
    let lang = cli.lang;
    let verbose = cli.verbose;
    let result = match cli.command {
        Command::Template(args) => template::run(&args, lang),
        Command::Validate(args) => validate::run(&args, lang, verbose),
        Command::Merge(args) => merge::run(&args, lang),
        Command::Report(ReportCommand::New(args)) => report::run_new(&args, lang),
        Command::Report(ReportCommand::Collect(args)) => report::run_collect(&args, lang, verbose),
        Command::Export(args) => export::run(&args, lang),
        Command::Serve(args) => serve::run(&args, lang),
        Command::Links(args) => serve::links(&args, lang),
        Command::Backup(args) => serve::backup(&args, lang),
        Command::Password(args) => serve::password(&args, lang),
        Command::Import(args) => import::run(&args, lang),
        Command::Document(args) => document::run(&args, lang),
    };
    ExitCode::from(status(result, lang, verbose))
}

/// The exit status of a command's result, saying why when it stopped; with `--verbose`, the
/// system's own words under the sentence.
fn status(result: CommandResult, lang: Lang, verbose: bool) -> u8 {
    match result {
        Ok(Done::Clean) => EXIT_OK,
        Ok(Done::InputErrors) => EXIT_INPUT_ERRORS,
        // `zakrila validate … | head`: the reader has what it wanted.
        Err(err) if err.is_closed_output() => EXIT_OK,
        Err(err) => {
            say(&err.msg(), lang);
            if let Some(detail) = err.detail().filter(|_| verbose) {
                let _ = writeln!(std::io::stderr(), "{}", system_said(&detail, lang));
            }
            err.status()
        }
    }
}

/// Prints a message for the user on stderr. A closed stderr is not worth a panic.
fn say(msg: &Msg<'_>, lang: Lang) {
    let _ = writeln!(std::io::stderr(), "{}", msg.render(lang));
}

/// Loads the config.
fn load_programme(path: &std::path::Path) -> Result<crate::config::Programme, CommandError> {
    Ok(crate::config::Programme::load(path)?)
}

/// Expands FILE arguments.
fn expand_inputs(arguments: &[std::path::PathBuf]) -> Result<Vec<inputs::Input>, CommandError> {
    Ok(inputs::expand(arguments)?)
}

/// A progress bar for `total` files on stderr; hidden when stderr is not a terminal or
/// there are too few files to be worth one.
fn progress(total: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if total < 5 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

/// A spinner on stderr while a long output is written, for `files` inputs; hidden when stderr
/// is not a terminal or the job is small.
fn spinner(files: usize, message: String) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if files < 5 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let spinner = indicatif::ProgressBar::new_spinner().with_message(message);
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    spinner
}
