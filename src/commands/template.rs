//! `zakrila template`: the agreed template workbook from a programme config.

use crate::catalogue::{Lang, Msg};
use crate::cli::TemplateArgs;
use crate::output::{check_target, write_atomically};

use super::{EXIT_CANNOT_RUN, EXIT_OK, say};

pub fn run(args: &TemplateArgs, lang: Lang) -> u8 {
    let programme = match super::load_programme(&args.config.config, lang) {
        Ok(programme) => programme,
        Err(status) => return status,
    };
    if let Err(err) = check_target(&args.output, std::slice::from_ref(&args.config.config)) {
        say(&err.msg(), lang);
        return EXIT_CANNOT_RUN;
    }
    let bytes = match crate::write::template::build(&programme) {
        Ok(bytes) => bytes,
        Err(err) => {
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
    if let Err(err) = write_atomically(&args.output, &bytes) {
        say(&err.msg(), lang);
        return EXIT_CANNOT_RUN;
    }
    say(
        &Msg::TemplateWritten {
            path: &args.output,
            priorities: programme.priorities.len(),
            goals: programme.priorities.iter().map(|p| p.goals.len()).sum(),
            institutions: programme.institutions.len(),
        },
        lang,
    );
    EXIT_OK
}
