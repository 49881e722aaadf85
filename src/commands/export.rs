//! `zakrila export`: the CSV (and its schema) for the national agency.

use std::path::PathBuf;

use crate::catalogue::{Lang, Msg};
use crate::cli::{Encoding, ExportArgs};
use crate::output::{check_target, write_atomically};
use crate::validate::programme_data::{read_data, read_outcomes};
use crate::write::csv::{Dialect, datapackage, records, write};

use super::{EXIT_CANNOT_RUN, EXIT_INPUT_ERRORS, EXIT_OK, say};

pub fn run(args: &ExportArgs, lang: Lang) -> u8 {
    let programme = match super::load_programme(&args.config.config, lang) {
        Ok(programme) => programme,
        Err(status) => return status,
    };
    let rows = match read_data(&args.programme, args.limits.programme_limits()) {
        Ok(rows) => rows,
        Err(err) => {
            say(
                &Msg::ProgrammeUnreadable {
                    path: &args.programme,
                    problem: &err,
                },
                lang,
            );
            return EXIT_CANNOT_RUN;
        }
    };
    let outcomes = match &args.report {
        None => None,
        Some(path) => match read_outcomes(path, args.limits.programme_limits()) {
            Ok(outcomes) => Some(outcomes),
            Err(err) => {
                say(
                    &Msg::ReportUnreadable {
                        path,
                        problem: &err,
                    },
                    lang,
                );
                return EXIT_CANNOT_RUN;
            }
        },
    };
    let mut inputs: Vec<PathBuf> = vec![args.programme.clone(), args.config.config.clone()];
    inputs.extend(args.report.clone());
    let package_path = args.output.parent().map_or_else(
        || PathBuf::from("datapackage.json"),
        |p| p.join("datapackage.json"),
    );
    for target in std::iter::once(&args.output).chain(args.datapackage.then_some(&package_path)) {
        if let Err(err) = check_target(target, &inputs) {
            say(&err.msg(), lang);
            return EXIT_CANNOT_RUN;
        }
    }

    let dialect = Dialect {
        excel: args.excel,
        windows_1251: args.encoding == Encoding::Windows1251,
    };
    let records = records(&programme, &rows, outcomes.as_ref(), dialect.excel);
    let bytes = match write(&records, dialect) {
        Ok(bytes) => bytes,
        Err(err) => {
            say(
                &Msg::Unencodable {
                    line: err.line,
                    column: err.column,
                    character: err.character,
                },
                lang,
            );
            return EXIT_INPUT_ERRORS;
        }
    };
    if let Err(err) = write_atomically(&args.output, &bytes) {
        say(&err.msg(), lang);
        return EXIT_CANNOT_RUN;
    }
    if args.datapackage {
        let csv_name = args
            .output
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let package = datapackage(&programme, &csv_name, dialect);
        let mut text = serde_json::to_string_pretty(&package).unwrap_or_default();
        text.push('\n');
        if let Err(err) = write_atomically(&package_path, text.as_bytes()) {
            say(&err.msg(), lang);
            return EXIT_CANNOT_RUN;
        }
    }
    say(
        &Msg::ExportWritten {
            path: &args.output,
            rows: records.len() - 1,
        },
        lang,
    );
    EXIT_OK
}
