//! `zakrila merge`: one programme workbook from all contributions, nothing lost.

use crate::catalogue::{Lang, Msg, Output};
use crate::cli::MergeArgs;
use crate::model::contribution::Keep;

use super::output::{check_target, write_atomically};
use super::validate::read_all;
use super::{CommandError, CommandResult, Done, say};

pub fn run(args: &MergeArgs, lang: Lang) -> CommandResult {
    let programme = super::load_programme(&args.config.config)?;
    let inputs = super::expand_inputs(&args.files)?;
    let mut protected: Vec<std::path::PathBuf> = inputs.iter().map(|i| i.path.clone()).collect();
    protected.push(args.config.config.clone());
    check_target(&args.output, &protected, Output::Programme)?;

    let submissions = read_all(&inputs, &programme, args.limits.limits(), Keep::Model);
    let (merged, summary) = crate::api::merge(&programme, submissions);
    say(
        &Msg::MergeSummary {
            files: summary.files,
            rows: summary.rows,
            accepted: summary.accepted,
            rejected: summary.rejected,
            skipped: summary.skipped,
        },
        lang,
    );
    if summary.anything_rejected() && args.strict {
        return Err(CommandError::StrictNothingWritten);
    }
    let writing = super::spinner(
        summary.files,
        Msg::Writing { path: &args.output }.render(lang),
    );
    let bytes = crate::api::programme_workbook(merged, &programme, lang).map_err(|err| {
        CommandError::Write {
            path: args.output.clone(),
            output: Output::Programme,
            err,
        }
    })?;
    writing.finish_and_clear();
    write_atomically(&args.output, &bytes, Output::Programme)?;
    say(&Msg::MergeWritten { path: &args.output }, lang);
    Ok(Done::with_errors(summary.anything_rejected()))
}
