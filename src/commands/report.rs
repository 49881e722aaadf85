//! `zakrila report new` and `zakrila report collect`: the reporting round.

use std::path::{Path, PathBuf};

use crate::catalogue::{Lang, Msg};
use crate::cli::{ReportCollectArgs, ReportNewArgs};
use crate::config::Programme;
use crate::model::programme_rows::DataRow;
use crate::model::reporting::{by_institution, programme_digest};
use crate::output::{check_target, write_atomically};
use crate::validate::programme_data::read_data;
use crate::validate::report::collect;
use crate::write::reports::{build, safe_file_name};

use super::{EXIT_CANNOT_RUN, EXIT_INPUT_ERRORS, EXIT_OK, say};

/// The config and the programme's Данни rows, or the exit status after saying why not.
fn load(
    config: &Path,
    programme_path: &Path,
    limits: crate::read::Limits,
    lang: Lang,
) -> Result<(Programme, Vec<DataRow>), u8> {
    let programme = super::load_programme(config, lang)?;
    let rows = read_data(programme_path, limits).map_err(|err| {
        say(
            &Msg::ProgrammeUnreadable {
                path: programme_path,
                problem: &err,
            },
            lang,
        );
        EXIT_CANNOT_RUN
    })?;
    Ok((programme, rows))
}

pub fn run_new(args: &ReportNewArgs, lang: Lang) -> u8 {
    let limits = args.limits.programme_limits();
    let (programme, rows) = match load(&args.config.config, &args.programme, limits, lang) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    if !args.output.is_dir()
        && let Err(err) = std::fs::create_dir(&args.output)
    {
        say(
            &Msg::OutputNotWritable {
                path: &args.output,
                reason: err.kind().to_string(),
            },
            lang,
        );
        return EXIT_CANNOT_RUN;
    }
    let digest = programme_digest(&rows);
    let inputs = [args.programme.clone(), args.config.config.clone()];
    let mut used: Vec<String> = Vec::new();
    for (institution, group) in by_institution(&rows) {
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
        let path: PathBuf = args.output.join(format!("{name}.xlsx"));
        if let Err(err) = check_target(&path, &inputs) {
            say(&err.msg(), lang);
            return EXIT_CANNOT_RUN;
        }
        let bytes = match build(&programme, &institution, &group, &digest) {
            Ok(bytes) => bytes,
            Err(err) => {
                say(
                    &Msg::OutputNotWritable {
                        path: &path,
                        reason: err.to_string(),
                    },
                    lang,
                );
                return EXIT_CANNOT_RUN;
            }
        };
        if let Err(err) = write_atomically(&path, &bytes) {
            say(&err.msg(), lang);
            return EXIT_CANNOT_RUN;
        }
        say(
            &Msg::ReportWritten {
                path: &path,
                indicators: group.len(),
            },
            lang,
        );
    }
    EXIT_OK
}

pub fn run_collect(args: &ReportCollectArgs, lang: Lang) -> u8 {
    let limits = args.limits.programme_limits();
    let (programme, rows) = match load(&args.config.config, &args.programme, limits, lang) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    let inputs = match super::expand_inputs(&args.reports, lang) {
        Ok(inputs) => inputs,
        Err(status) => return status,
    };
    let mut protected: Vec<PathBuf> = inputs.iter().map(|i| i.path.clone()).collect();
    protected.push(args.programme.clone());
    protected.push(args.config.config.clone());
    if let Err(err) = check_target(&args.output, &protected) {
        say(&err.msg(), lang);
        return EXIT_CANNOT_RUN;
    }
    let digest = programme_digest(&rows);
    let collected = collect(&programme, rows, &digest, &inputs, args.limits.limits());
    let errors = collected
        .findings()
        .filter(|f| f.severity() == crate::model::findings::Severity::Error)
        .count();
    let reported = collected
        .rows
        .iter()
        .filter(|(key, _)| collected.reported.get(key).is_some_and(|r| r.counts()))
        .count();
    let bytes = match crate::write::implementation::build(&collected, &programme, lang) {
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
    for finding in collected.findings() {
        eprintln!("{}", super::validate::finding_line_with_file(finding, lang));
    }
    say(
        &Msg::CollectSummary {
            files: collected.files.len(),
            indicators: collected.rows.len(),
            reported,
            errors,
        },
        lang,
    );
    say(&Msg::ReportCollected { path: &args.output }, lang);
    if errors > 0 {
        EXIT_INPUT_ERRORS
    } else {
        EXIT_OK
    }
}
