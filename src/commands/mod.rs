//! One module per subcommand; each returns the process exit status.

mod export;
mod merge;
mod report;
mod template;
mod validate;

use std::process::ExitCode;

use crate::catalogue::{Lang, Msg};
use crate::cli::{Cli, Command, ReportCommand};

/// Exit status: the command did its work and the inputs had no errors.
pub const EXIT_OK: u8 = 0;
/// Exit status: the inputs have errors (what could be made was made, unless `--strict`).
pub const EXIT_INPUT_ERRORS: u8 = 1;
/// Exit status: the command could not run (bad arguments, config or output).
pub const EXIT_CANNOT_RUN: u8 = 2;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let lang = cli.lang;
    let status = match cli.command {
        Command::Template(args) => template::run(&args, lang),
        Command::Validate(args) => validate::run(&args, lang),
        Command::Merge(args) => merge::run(&args, lang),
        Command::Report(ReportCommand::New(args)) => report::run_new(&args, lang),
        Command::Report(ReportCommand::Collect(args)) => report::run_collect(&args, lang),
        Command::Export(args) => export::run(&args, lang),
    };
    ExitCode::from(status)
}

/// Prints a message for the user on stderr.
fn say(msg: &Msg<'_>, lang: Lang) {
    eprintln!("{}", msg.render(lang));
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

/// Loads the config, or says why not and gives the exit status to return.
fn load_programme(path: &std::path::Path, lang: Lang) -> Result<crate::config::Programme, u8> {
    crate::config::Programme::load(path).map_err(|err| {
        say(&Msg::ConfigError(&err), lang);
        EXIT_CANNOT_RUN
    })
}

/// Expands FILE arguments, or says why not and gives the exit status to return.
fn expand_inputs(
    arguments: &[std::path::PathBuf],
    lang: Lang,
) -> Result<Vec<crate::inputs::Input>, u8> {
    crate::inputs::expand(arguments).map_err(|err| {
        say(&validate::inputs_msg(&err), lang);
        EXIT_CANNOT_RUN
    })
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
