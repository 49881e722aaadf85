//! `zakrila import`: last year's programme document → this year's `programme.toml`, one
//! pre-filled contribution per lead institution and `import-report.xlsx`, in one folder.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::api::{ImportFailure, ImportOptions};
use crate::catalogue::{ImportMsg, Lang, Msg};
use crate::cli::ImportArgs;
use crate::read::document::DocumentError;

use super::output::{OutputError, check_target, write_atomically};
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
        /// The system's word for why.
        reason: String,
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
                    reason: reason.clone(),
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

    make_folder(&args.output)?;
    let protected = [args.document.clone()];
    let mut outputs: Vec<(PathBuf, &[u8])> = vec![
        (args.output.join(CONFIG), &imported.config_toml),
        (args.output.join(REPORT), &imported.report_xlsx),
        (args.output.join(TEXT), &imported.programme_md),
    ];
    for (name, bytes) in &imported.contributions {
        outputs.push((args.output.join(name), bytes));
    }
    for (path, _) in &outputs {
        check_target(path, &protected)?;
    }
    for (path, bytes) in &outputs {
        write_atomically(path, bytes)?;
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

/// Makes the output folder when it is missing.
fn make_folder(dir: &Path) -> Result<(), CommandError> {
    if dir.is_dir() {
        return Ok(());
    }
    if dir.exists() {
        return Err(CommandError::Output(OutputError::NotWritable {
            path: dir.to_path_buf(),
            reason: std::io::ErrorKind::NotADirectory.to_string(),
        }));
    }
    std::fs::create_dir_all(dir).map_err(|err| {
        CommandError::Output(OutputError::NotWritable {
            path: dir.to_path_buf(),
            reason: err.kind().to_string(),
        })
    })
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
