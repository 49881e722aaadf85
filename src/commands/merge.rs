//! `zakrila merge`: one programme workbook from all contributions, nothing lost.

use crate::catalogue::{Lang, Msg};
use crate::cli::MergeArgs;
use crate::output::{check_target, write_atomically};

use super::validate::read_all;
use super::{EXIT_CANNOT_RUN, EXIT_INPUT_ERRORS, EXIT_OK, say};

pub fn run(args: &MergeArgs, lang: Lang) -> u8 {
    let programme = match super::load_programme(&args.config.config, lang) {
        Ok(programme) => programme,
        Err(status) => return status,
    };
    let inputs = match super::expand_inputs(&args.files, lang) {
        Ok(inputs) => inputs,
        Err(status) => return status,
    };
    let mut protected: Vec<std::path::PathBuf> = inputs.iter().map(|i| i.path.clone()).collect();
    protected.push(args.config.config.clone());
    if let Err(err) = check_target(&args.output, &protected) {
        say(&err.msg(), lang);
        return EXIT_CANNOT_RUN;
    }

    let submissions = read_all(&inputs, &programme, args.limits.limits());
    let merged = crate::model::merge::merge(submissions, &programme);
    let rejected = merged.rows_rejected() > 0 || merged.has_file_errors();
    say(
        &Msg::MergeSummary {
            files: merged.sources.len(),
            rows: merged.rows_read(),
            accepted: merged.rows_accepted(),
            rejected: merged.rows_rejected(),
        },
        lang,
    );
    if rejected && args.strict {
        say(&Msg::MergeStrictNothingWritten, lang);
        return EXIT_INPUT_ERRORS;
    }
    let writing = super::spinner(
        merged.sources.len(),
        Msg::Writing { path: &args.output }.render(lang),
    );
    let bytes = match crate::write::programme::build(&merged, &programme, lang) {
        Ok(bytes) => bytes,
        Err(err) => {
            // A programme larger than a sheet can hold, or a temporary file that cannot
            // be written: say so instead of stopping mid-way.
            say(
                &Msg::OutputNotWritable {
                    path: &args.output,
                    reason: err.to_string(),
                },
                lang,
            );
            return EXIT_CANNOT_RUN;
        }
    };
    writing.finish_and_clear();
    if let Err(err) = write_atomically(&args.output, &bytes) {
        say(&err.msg(), lang);
        return EXIT_CANNOT_RUN;
    }
    say(&Msg::MergeWritten { path: &args.output }, lang);
    if rejected { EXIT_INPUT_ERRORS } else { EXIT_OK }
}
