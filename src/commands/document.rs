//! `zakrila document`: the Word document the council adopts (from a programme workbook) or
//! hears (from an implementation report), with `programme.md` beside the config.

use std::path::{Path, PathBuf};

use crate::api::{DocumentFailure, DocumentKind};
use crate::catalogue::{DocumentMsg, Lang, Msg, Output};
use crate::cli::DocumentArgs;
use crate::contract::programme::DataError;
use crate::contract::programme_text::MAX_TEXT_BYTES;

use super::output::{check_target, write_atomically};
use super::{CommandError, CommandResult, Done, say};

/// Why `document` stopped.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The workbook is neither a programme nor an implementation report.
    #[error("{} is neither a programme nor an implementation report", path.display())]
    Workbook {
        /// The workbook.
        path: PathBuf,
        /// Why.
        #[source]
        problem: DataError,
    },
    /// `programme.md` exists but cannot be read.
    #[error("{} cannot be read: {reason}", path.display())]
    TextUnreadable {
        /// The file.
        path: PathBuf,
        /// The system's word for why.
        reason: String,
    },
    /// `programme.md` is not UTF-8.
    #[error("{} is not UTF-8", .0.display())]
    TextNotUtf8(PathBuf),
    /// `programme.md` is larger than a programme's text can be.
    #[error("{} is too large ({bytes} bytes)", path.display())]
    TextTooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
    },
    /// The workbook was made with another programme.toml.
    #[error("{} was made with another programme.toml (goal {goal})", path.display())]
    OtherProgramme {
        /// The workbook.
        path: PathBuf,
        /// A goal of it the config does not have.
        goal: String,
    },
    /// The output is not named .docx.
    #[error("{} is not named .docx", .0.display())]
    NotDocx(PathBuf),
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
            DocumentError::TextTooLarge { path, bytes } => DocumentMsg::TextTooLarge {
                path,
                bytes: *bytes,
            },
            DocumentError::OtherProgramme { path, goal } => {
                DocumentMsg::OtherProgramme { path, goal }
            }
            DocumentError::NotDocx(path) => DocumentMsg::NotDocx { path },
        })
    }
}

/// `programme.md`'s text; none when the default one is missing (a `--text` that names no
/// file is an error).
fn read_text(path: &Path, named: bool) -> Result<Option<String>, CommandError> {
    let fail = |err: DocumentError| CommandError::Document(err);
    let too_large = |bytes: u64| {
        fail(DocumentError::TextTooLarge {
            path: path.to_path_buf(),
            bytes,
        })
    };
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() > MAX_TEXT_BYTES as u64
    {
        return Err(too_large(meta.len()));
    }
    match std::fs::read(path) {
        Ok(bytes) if bytes.len() > MAX_TEXT_BYTES => Err(too_large(bytes.len() as u64)),
        Ok(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| fail(DocumentError::TextNotUtf8(path.to_path_buf()))),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound && !named => Ok(None),
        Err(err) => Err(fail(DocumentError::TextUnreadable {
            path: path.to_path_buf(),
            reason: err.kind().to_string(),
        })),
    }
}

pub fn run(args: &DocumentArgs, lang: Lang) -> CommandResult {
    // Word opens a .docx by its name: a document written as „програма.xlsx“ opens nowhere.
    let is_docx = args
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    if !is_docx {
        return Err(CommandError::Document(DocumentError::NotDocx(
            args.output.clone(),
        )));
    }
    let programme = super::load_programme(&args.config.config)?;
    let limits = args.limits.programme_limits();
    let text_path = args
        .text
        .clone()
        .unwrap_or_else(|| crate::contract::programme_text::beside(&args.config.config));
    let text = read_text(&text_path, args.text.is_some())?;
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
        Output::Document,
    )?;
    let made =
        crate::api::document(&programme, text.as_deref(), bytes, limits).map_err(|failure| {
            match failure {
                DocumentFailure::Workbook(problem) => unreadable(problem),
                DocumentFailure::OtherProgramme { goal } => {
                    CommandError::Document(DocumentError::OtherProgramme {
                        path: args.workbook.clone(),
                        goal,
                    })
                }
                DocumentFailure::Write(err) => CommandError::Write {
                    path: args.output.clone(),
                    output: Output::Document,
                    err,
                },
            }
        })?;
    write_atomically(&args.output, &made.bytes, Output::Document)?;
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
