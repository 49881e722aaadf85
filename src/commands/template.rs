//! `zakrila template`: the agreed template workbook from a programme config.

use crate::catalogue::{Lang, Msg, Output};
use crate::cli::TemplateArgs;

use super::output::{check_target, write_atomically};
use super::{CommandError, CommandResult, Done, say};

pub fn run(args: &TemplateArgs, lang: Lang) -> CommandResult {
    let programme = super::load_programme(&args.config.config)?;
    check_target(
        &args.output,
        std::slice::from_ref(&args.config.config),
        Output::Template,
    )?;
    let bytes = crate::api::template(&programme).map_err(|err| CommandError::Write {
        path: args.output.clone(),
        output: Output::Template,
        err,
    })?;
    write_atomically(&args.output, &bytes, Output::Template)?;
    say(
        &Msg::TemplateWritten {
            path: &args.output,
            priorities: programme.priorities.len(),
            goals: programme.priorities.iter().map(|p| p.goals.len()).sum(),
            institutions: programme.institutions.len(),
        },
        lang,
    );
    Ok(Done::Clean)
}
