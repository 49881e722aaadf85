//! `zakrila import`: last year's programme document → this year's `programme.toml`, one
//! pre-filled contribution per lead institution and `import-report.xlsx`, in one folder.

use chrono::NaiveDate;

use crate::api::ImportOptions;
use crate::catalogue::{ImportMsg, Lang, Msg, Output};
use crate::cli::ImportArgs;
use crate::import::ImportError;

use super::output::{check_target, make_folder, refuse_existing, write_atomically};
use super::{CommandError, CommandResult, Done, say};

/// The output folder's files.
const CONFIG: &str = "programme.toml";
const REPORT: &str = "import-report.xlsx";
const TEXT: &str = "programme.md";

pub fn run(args: &ImportArgs, lang: Lang) -> CommandResult {
    let failed = |source: ImportError| CommandError::Import {
        path: args.document.clone(),
        source,
    };
    let period = match &args.period {
        Some(text) => {
            Some(parse_period(text).ok_or_else(|| failed(ImportError::BadPeriod(text.clone())))?)
        }
        None => None,
    };
    if let Some(code) = &args.municipality_code
        && !is_ekatte(code)
    {
        return Err(failed(ImportError::BadCode(code.clone())));
    }
    let limits = args.limits.limits();
    let bytes = crate::read::read_file(&args.document, limits)
        .map_err(|err| failed(ImportError::from(err)))?;
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
    // A config that does not load and a workbook that cannot be made are said as every
    // command says them, naming the output folder.
    let imported = crate::api::import(&bytes, &options, lang).map_err(|err| match err {
        ImportError::Config(err) => CommandError::Config(*err),
        ImportError::Write(err) => CommandError::Write {
            path: args.output.clone(),
            output: Output::ImportFolder,
            err,
        },
        other => failed(other),
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

/// The sentence for an import that made nothing, naming the document at `path`.
pub(super) fn msg<'a>(path: &'a std::path::Path, err: &'a ImportError) -> Msg<'a> {
    let msg = match err {
        ImportError::Unreadable(reason) => {
            return Msg::InputUnreadable {
                path,
                trouble: reason.trouble,
            };
        }
        ImportError::Config(err) => return Msg::ConfigError(err),
        ImportError::Write(err) => {
            return Msg::OutputNotWritable {
                path,
                output: Output::ImportFolder,
                trouble: err.trouble(),
            };
        }
        ImportError::Document(problem) => ImportMsg::Unreadable { path, problem },
        ImportError::NoProgrammeTable { tables } => ImportMsg::NoProgrammeTable {
            path,
            tables: *tables,
        },
        ImportError::NoActivities => ImportMsg::NoActivities { path },
        ImportError::NoPeriod => ImportMsg::NoPeriod { path },
        ImportError::BadPeriod(value) => ImportMsg::BadPeriod { value },
        ImportError::BadCode(value) => ImportMsg::BadCode { value },
    };
    Msg::Import(msg)
}

/// The system's or the reader's own words about an import that made nothing, for
/// `--verbose`.
pub(super) fn detail(err: &ImportError) -> Option<String> {
    match err {
        ImportError::Unreadable(reason) => Some(reason.detail.clone()),
        ImportError::Document(crate::read::document::DocumentError::Damaged { detail }) => {
            Some(detail.clone())
        }
        ImportError::Config(err) => err.detail().map(str::to_string),
        ImportError::Write(err) => Some(err.detail().to_string()),
        _ => None,
    }
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
