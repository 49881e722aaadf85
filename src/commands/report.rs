//! `zakrila report new` and `zakrila report collect`: the reporting round.

use std::path::{Path, PathBuf};

use crate::catalogue::{Lang, Msg, Output, system_said};
use crate::cli::{ReportCollectArgs, ReportNewArgs};
use crate::config::Programme;
use crate::model::programme_rows::DataRow;
use crate::model::reporting::Expected;
use crate::read::Limits;
use crate::write::reports::safe_file_name;

use super::output::{check_target, make_folder, refuse_existing, write_atomically};
use super::{CommandError, CommandResult, Done, say};

/// The config and the programme workbook's `Данни` rows.
fn load(
    config: &Path,
    programme_path: &Path,
    limits: Limits,
) -> Result<(Programme, Vec<DataRow>), CommandError> {
    let programme = super::load_programme(config)?;
    let unreadable = |problem| CommandError::ProgrammeUnreadable {
        path: programme_path.to_path_buf(),
        problem,
    };
    let bytes = crate::read::read_file(programme_path, limits)
        .map_err(|err| unreadable(crate::contract::programme::DataError::Read(err)))?;
    let rows = crate::api::programme_rows(bytes, limits).map_err(unreadable)?;
    Ok((programme, rows))
}

pub fn run_new(args: &ReportNewArgs, lang: Lang) -> CommandResult {
    let limits = args.limits.programme_limits();
    let (programme, rows) = load(&args.config.config, &args.programme, limits)?;
    let output = Output::ReportingWorkbooks;
    make_folder(&args.output, output)?;
    let workbooks =
        crate::api::report_workbooks(&programme, &rows).map_err(|err| CommandError::Write {
            path: args.output.clone(),
            output,
            err,
        })?;
    let inputs = [args.programme.clone(), args.config.config.clone()];
    let mut used: Vec<String> = Vec::new();
    let mut named = Vec::new();
    for (institution, indicators, bytes) in workbooks {
        let mut name = safe_file_name(&institution);
        // Two names that become the same safe name must not overwrite each other.
        let mut n = 2;
        while used
            .iter()
            .any(|u| u.eq_ignore_ascii_case(&name) || u.to_lowercase() == name.to_lowercase())
        {
            name = format!("{} ({n})", safe_file_name(&institution));
            n += 1;
        }
        used.push(name.clone());
        named.push((format!("{name}.xlsx"), indicators, bytes));
    }
    // A reporting workbook already there may be one an institution filled: nothing is
    // written over it unless --force says so.
    let names: Vec<String> = named.iter().map(|(name, _, _)| name.clone()).collect();
    refuse_existing(&args.output, &names, args.force, output)?;
    for (name, _, _) in &named {
        check_target(&args.output.join(name), &inputs, output)?;
    }
    for (name, indicators, bytes) in named {
        let path: PathBuf = args.output.join(name);
        write_atomically(&path, &bytes, output)?;
        say(
            &Msg::ReportWritten {
                path: &path,
                indicators,
            },
            lang,
        );
    }
    Ok(Done::Clean)
}

pub fn run_collect(args: &ReportCollectArgs, lang: Lang, verbose: bool) -> CommandResult {
    let (programme, rows) = load(
        &args.config.config,
        &args.programme,
        args.limits.programme_limits(),
    )?;
    let inputs = super::expand_inputs(&args.reports)?;
    let mut protected: Vec<PathBuf> = inputs.iter().map(|i| i.path.clone()).collect();
    protected.push(args.programme.clone());
    protected.push(args.config.config.clone());
    check_target(&args.output, &protected, Output::ImplementationReport)?;

    let limits = args.limits.limits();
    let expected = Expected::new(&rows);
    let files = inputs
        .iter()
        .map(|input| match crate::read::read_file(&input.path, limits) {
            Ok(bytes) => {
                crate::api::read_report(&programme, &expected, &input.display, bytes, limits)
            }
            Err(err) => crate::validate::report::unreadable(&input.display, err),
        })
        .collect();
    let collected = crate::api::join_reports(rows, files);
    let counts = crate::round::CollectCounts::of(&collected);
    let bytes = crate::api::implementation_report(&collected, &programme, lang).map_err(|err| {
        CommandError::Write {
            path: args.output.clone(),
            output: Output::ImplementationReport,
            err,
        }
    })?;
    write_atomically(&args.output, &bytes, Output::ImplementationReport)?;
    for finding in collected.findings() {
        say(
            &Msg::Line(super::validate::finding_line_with_file(finding, lang)),
            lang,
        );
        if let Some(detail) = finding.problem.detail().filter(|_| verbose) {
            say(&Msg::Line(system_said(detail, lang)), lang);
        }
    }
    say(
        &Msg::CollectSummary {
            files: counts.files,
            indicators: counts.indicators,
            reported: counts.reported,
            errors: counts.errors,
        },
        lang,
    );
    say(&Msg::ReportCollected { path: &args.output }, lang);
    Ok(Done::with_errors(counts.errors > 0))
}
