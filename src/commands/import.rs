//! `zakrila import`: last year's programme document → this year's `programme.toml`, one
//! pre-filled contribution per lead institution and `import-report.xlsx`, in one folder.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::api::{ImportFailure, ImportOptions};
use crate::catalogue::{ImportMsg, Lang, Msg, Output};
use crate::cli::ImportArgs;
use crate::read::document::DocumentError;

use super::output::{check_target, make_folder, refuse_existing, write_atomically};
use super::{CommandError, CommandResult, Done, say};

/// Why `import` stopped.
#[derive(Debug)]
pub enum ImportError {
    /// The document cannot be read.
    Document {
        /// The document.
        path: PathBuf,
        /// Why.
        problem: DocumentError,
    },
    /// The document holds no programme.
    Programme {
        /// The document.
        path: PathBuf,
        /// Why.
        problem: crate::import::ImportError,
    },
    /// `--period` is no period.
    BadPeriod(String),
    /// `--municipality-code` is no EKATTE code.
    BadCode(String),
    /// The document cannot be opened.
    Unreadable {
        /// The document.
        path: PathBuf,
        /// Why, as the system said.
        reason: crate::system::SystemError,
    },
}

impl ImportError {
    /// The sentence for the user.
    pub fn msg(&self) -> Msg<'_> {
        use crate::import::ImportError as P;
        let msg = match self {
            ImportError::Unreadable { path, reason } => {
                return Msg::InputUnreadable {
                    path,
                    trouble: reason.trouble,
                };
            }
            ImportError::Document { path, problem } => ImportMsg::Unreadable { path, problem },
            ImportError::Programme { path, problem } => match problem {
                P::NoProgrammeTable { tables } => ImportMsg::NoProgrammeTable {
                    path,
                    tables: *tables,
                },
                P::NoActivities => ImportMsg::NoActivities { path },
                P::NoPeriod => ImportMsg::NoPeriod { path },
            },
            ImportError::BadPeriod(value) => ImportMsg::BadPeriod { value },
            ImportError::BadCode(value) => ImportMsg::BadCode { value },
        };
        Msg::Import(msg)
    }

    /// The system's or the reader's own words, for `--verbose`.
    pub fn detail(&self) -> Option<String> {
        match self {
            ImportError::Unreadable { reason, .. } => Some(reason.detail.clone()),
            ImportError::Document {
                problem: crate::read::document::DocumentError::Damaged { detail },
                ..
            } => Some(detail.clone()),
            _ => None,
        }
    }
}

/// The output folder's files.
const CONFIG: &str = "programme.toml";
const REPORT: &str = "import-report.xlsx";
const TEXT: &str = "programme.md";

pub fn run(args: &ImportArgs, lang: Lang) -> CommandResult {
    let period = match &args.period {
        Some(text) => Some(
            parse_period(text)
                .ok_or_else(|| CommandError::Import(ImportError::BadPeriod(text.clone())))?,
        ),
        None => None,
    };
    if let Some(code) = &args.municipality_code
        && !is_ekatte(code)
    {
        return Err(CommandError::Import(ImportError::BadCode(code.clone())));
    }
    let limits = args.limits.limits();
    let bytes = crate::read::read_file(&args.document, limits).map_err(|err| match err {
        crate::read::ReadError::Unreadable { reason } => {
            CommandError::Import(ImportError::Unreadable {
                path: args.document.clone(),
                reason,
            })
        }
        other => CommandError::Import(ImportError::Document {
            path: args.document.clone(),
            problem: other.into(),
        }),
    })?;
    let options = ImportOptions {
        period,
        municipality_code: args.municipality_code.clone(),
        source_name: args
            .document
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        limits,
    };
    let imported = crate::api::import(&bytes, &options, lang).map_err(|failure| match failure {
        ImportFailure::Document(problem) => CommandError::Import(ImportError::Document {
            path: args.document.clone(),
            problem,
        }),
        ImportFailure::Programme(problem) => CommandError::Import(ImportError::Programme {
            path: args.document.clone(),
            problem,
        }),
        ImportFailure::Config(err) => CommandError::Config(*err),
        ImportFailure::Write(err) => CommandError::Write {
            path: args.output.clone(),
            output: Output::ImportFolder,
            err,
        },
    })?;

    let programme = &imported.programme;
    say(
        &Msg::Import(ImportMsg::Read {
            path: &args.document,
            priorities: programme.priorities.len(),
            goals: programme.goal_count(),
            activities: programme.activities.len(),
            indicators: programme.indicators_read,
            institutions: programme.institutions.len(),
        }),
        lang,
    );
    let (placed, not_placed) = programme.accounting();
    say(
        &Msg::Import(ImportMsg::Rows {
            rows: programme.rows.len(),
            placed,
            not_placed,
        }),
        lang,
    );

    make_folder(&args.output, Output::ImportFolder)?;
    let protected = [args.document.clone()];
    let mut outputs: Vec<(String, &[u8])> = vec![
        (CONFIG.to_string(), &imported.config_toml),
        (REPORT.to_string(), &imported.report_xlsx),
        (TEXT.to_string(), &imported.programme_md),
    ];
    for (name, bytes) in &imported.contributions {
        outputs.push((name.clone(), bytes));
    }
    // The programme.toml a person reviewed, or a contribution an institution filled, is
    // not replaced unless asked.
    let names: Vec<String> = outputs.iter().map(|(name, _)| name.clone()).collect();
    refuse_existing(&args.output, &names, args.force, Output::ImportFolder)?;
    for (name, _) in &outputs {
        check_target(&args.output.join(name), &protected, Output::ImportFolder)?;
    }
    for (name, bytes) in &outputs {
        write_atomically(&args.output.join(name), bytes, Output::ImportFolder)?;
    }
    say(
        &Msg::Import(ImportMsg::Written {
            dir: &args.output,
            files: imported.contributions.len(),
        }),
        lang,
    );
    say(
        &Msg::Document(crate::catalogue::DocumentMsg::TextWritten {
            path: &args.output.join(TEXT),
            blocks: imported.programme_md_blocks,
        }),
        lang,
    );
    if args.municipality_code.is_none() {
        say(&Msg::Import(ImportMsg::CodePlaceholder), lang);
    }
    Ok(Done::with_errors(not_placed > 0))
}

/// "2026-01-01..2026-12-31", the end not before the start.
fn parse_period(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let (start, end) = text.trim().split_once("..")?;
    let start = NaiveDate::parse_from_str(start.trim(), "%Y-%m-%d").ok()?;
    let end = NaiveDate::parse_from_str(end.trim(), "%Y-%m-%d").ok()?;
    (end >= start).then_some((start, end))
}

/// Three capital Latin letters and two digits.
fn is_ekatte(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() == 5
        && bytes[..3].iter().all(u8::is_ascii_uppercase)
        && bytes[3..].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_and_codes() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            parse_period("2026-01-01..2026-12-31"),
            Some((date(2026, 1, 1), date(2026, 12, 31)))
        );
        assert_eq!(parse_period("2026-12-31..2026-01-01"), None);
        assert_eq!(parse_period("2026"), None);
        assert!(is_ekatte("RSE27"));
        assert!(!is_ekatte("RSE2"));
        assert!(!is_ekatte("рсе27"));
    }
}
