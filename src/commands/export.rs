//! `zakrila export`: the CSV (and its schema) for the national agency.

use std::path::{Path, PathBuf};

use crate::catalogue::{Lang, Msg, Output};
use crate::cli::{Encoding, ExportArgs};
use crate::contract::programme::DataError;
use crate::write::csv::Dialect;

use super::output::{check_target, write_atomically};
use super::{CommandError, CommandResult, Done, say};

pub fn run(args: &ExportArgs, lang: Lang) -> CommandResult {
    let programme = super::load_programme(&args.config.config)?;
    let limits = args.limits.programme_limits();
    let programme_unreadable = |problem| CommandError::ProgrammeUnreadable {
        path: args.programme.clone(),
        problem,
    };
    let bytes = crate::read::read_file(&args.programme, limits)
        .map_err(|err| programme_unreadable(DataError::Read(err)))?;
    let rows = crate::api::programme_rows(bytes, limits).map_err(programme_unreadable)?;
    let outcomes = match &args.report {
        None => None,
        Some(path) => {
            let report_unreadable = |problem| CommandError::ReportUnreadable {
                path: path.clone(),
                problem,
            };
            let bytes = crate::read::read_file(path, limits)
                .map_err(|err| report_unreadable(DataError::Read(err)))?;
            Some(crate::api::outcomes(bytes, limits).map_err(report_unreadable)?)
        }
    };
    let mut inputs: Vec<PathBuf> = vec![args.programme.clone(), args.config.config.clone()];
    inputs.extend(args.report.clone());
    if is_workbook(&args.output) {
        return export_workbook(args, &programme, &rows, outcomes.as_ref(), &inputs, lang);
    }
    let package_path = args.output.parent().map_or_else(
        || PathBuf::from("datapackage.json"),
        |p| p.join("datapackage.json"),
    );
    for target in std::iter::once(&args.output).chain(args.datapackage.then_some(&package_path)) {
        check_target(target, &inputs, Output::Export)?;
    }

    let dialect = Dialect {
        excel: args.excel,
        windows_1251: args.encoding == Encoding::Windows1251,
    };
    let csv_name = args
        .output
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let export = crate::api::export(&programme, &rows, outcomes.as_ref(), dialect, &csv_name)
        .map_err(CommandError::Unencodable)?;
    write_atomically(&args.output, &export.csv, Output::Export)?;
    if args.datapackage {
        write_atomically(&package_path, &export.datapackage, Output::Export)?;
    }
    say(
        &Msg::ExportWritten {
            path: &args.output,
            rows: export.records - 1,
        },
        lang,
    );
    Ok(Done::Clean)
}

/// Whether the output is to be a workbook: its name ends in .xlsx.
fn is_workbook(output: &Path) -> bool {
    output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// `export -o FILE.xlsx`: the same columns and rows as a workbook. The CSV's options have
/// nothing to do there; one given is refused rather than silently ignored.
fn export_workbook(
    args: &ExportArgs,
    programme: &crate::config::Programme,
    rows: &[crate::model::programme_rows::DataRow],
    outcomes: Option<&std::collections::HashMap<String, crate::model::reporting::Outcome>>,
    inputs: &[PathBuf],
    lang: Lang,
) -> CommandResult {
    let csv_only = [
        (args.excel, "--excel"),
        (args.encoding == Encoding::Windows1251, "--encoding"),
        (args.datapackage, "--datapackage"),
    ];
    if let Some((_, option)) = csv_only.iter().find(|(given, _)| *given) {
        return Err(CommandError::CsvOptionForWorkbook {
            path: args.output.clone(),
            option,
        });
    }
    check_target(&args.output, inputs, Output::Export)?;
    let (bytes, written) =
        crate::api::export_workbook(programme, rows, outcomes).map_err(|err| {
            CommandError::Write {
                path: args.output.clone(),
                output: Output::Export,
                err,
            }
        })?;
    write_atomically(&args.output, &bytes, Output::Export)?;
    say(
        &Msg::ExportWorkbookWritten {
            path: &args.output,
            rows: written,
        },
        lang,
    );
    Ok(Done::Clean)
}
