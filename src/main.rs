use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    zakrila::commands::run(zakrila::cli::Cli::parse())
}
