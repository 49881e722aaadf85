//! `zakrila document`: the Word document the council adopts (from a programme workbook) or
//! hears (from an implementation report), with `programme.md` beside the config.

use std::path::{Path, PathBuf};

use crate::api::{DocumentFailure, DocumentKind};
use crate::catalogue::{DocumentMsg, Lang, Msg};
use crate::cli::DocumentArgs;
use crate::contract::programme::DataError;

use super::output::{check_target, write_atomically};
use super::{CommandError, CommandResult, Done, say};

/// Why `document` stopped.
#[derive(Debug)]
pub enum DocumentError {
    /// The workbook is neither a programme nor an implementation report.
    Workbook {
        /// The workbook.
        path: PathBuf,
        /// Why.
        problem: DataError,
    },
    /// `programme.md` exists but cannot be read.
    TextUnreadable {
        /// The file.
        path: PathBuf,
        /// The system's word for why.
        reason: String,
    },
    /// `programme.md` is not UTF-8.
    TextNotUtf8(PathBuf),
}

impl DocumentError {
    /// The sentence for the user.
    pub fn msg(&self) -> Msg<'_> {
        Msg::Document(match self {
            DocumentError::Workbook { path, problem } => {
                DocumentMsg::NotProgrammeOrReport { path, problem }
            }
            DocumentError::TextUnreadable { path, reason } => DocumentMsg::TextUnreadable {
                path,
                reason: reason.clone(),
            },
            DocumentError::TextNotUtf8(path) => DocumentMsg::TextNotUtf8 { path },
        })
    }
}

/// `programme.md` beside the config, where `import` writes it.
pub fn text_beside(config: &Path) -> PathBuf {
    config.parent().map_or_else(
        || PathBuf::from("programme.md"),
        |dir| dir.join("programme.md"),
    )
}

pub fn run(args: &DocumentArgs, lang: Lang) -> CommandResult {
    let programme = super::load_programme(&args.config.config)?;
    let limits = args.limits.programme_limits();
    let text_path = args
        .text
        .clone()
        .unwrap_or_else(|| text_beside(&args.config.config));
    // A --text that names no file is an error; the default one may be missing.
    let text =
        match std::fs::read(&text_path) {
            Ok(bytes) => Some(String::from_utf8(bytes).map_err(|_| {
                CommandError::Document(DocumentError::TextNotUtf8(text_path.clone()))
            })?),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound && args.text.is_none() => None,
            Err(err) => {
                return Err(CommandError::Document(DocumentError::TextUnreadable {
                    path: text_path.clone(),
                    reason: err.kind().to_string(),
                }));
            }
        };
    let unreadable = |problem| {
        CommandError::Document(DocumentError::Workbook {
            path: args.workbook.clone(),
            problem,
        })
    };
    let bytes = crate::read::read_file(&args.workbook, limits)
        .map_err(|err| unreadable(DataError::Read(err)))?;
    check_target(
        &args.output,
        &[
            args.workbook.clone(),
            args.config.config.clone(),
            text_path.clone(),
        ],
    )?;
    let made =
        crate::api::document(&programme, text.as_deref(), bytes, limits).map_err(|failure| {
            match failure {
                DocumentFailure::Workbook(problem) => unreadable(problem),
                DocumentFailure::Write(err) => CommandError::Write {
                    path: args.output.clone(),
                    err,
                },
            }
        })?;
    write_atomically(&args.output, &made.bytes)?;
    for note in &made.notes {
        say(
            &Msg::Document(DocumentMsg::Note {
                path: &text_path,
                note,
            }),
            lang,
        );
    }
    let written = match made.kind {
        DocumentKind::Programme => DocumentMsg::ProgrammeWritten {
            path: &args.output,
            priorities: made.priorities,
            activities: made.activities,
            proposal: programme.council.is_some(),
        },
        DocumentKind::Report => DocumentMsg::ReportWritten {
            path: &args.output,
            activities: made.activities,
            reached: made.reached,
        },
    };
    say(&Msg::Document(written), lang);
    Ok(Done::Clean)
}
