//! `zakrila validate`: every problem in filled workbooks, by cell.

use std::io::Write;

use crate::catalogue::{Lang, Msg, Output, severity_word, system_said};
use crate::cli::{Format, ValidateArgs};
use crate::config::Programme;
use crate::model::contribution::{Keep, Submission};
use crate::model::findings::{Finding, in_reading_order};
use crate::read::Limits;
use crate::validate::contribution;

use super::inputs::Input;
use super::output::{check_target, make_folder, write_atomically};
use super::{CommandError, CommandResult, Done, progress, say};

pub fn run(args: &ValidateArgs, lang: Lang, verbose: bool) -> CommandResult {
    let programme = super::load_programme(&args.config.config)?;
    let inputs = super::expand_inputs(&args.files)?;
    // The folder for the marked-up copies is made when it is missing, before the reading.
    if let Some(dir) = &args.annotate {
        make_folder(dir, Output::MarkedUpCopies)?;
    }
    let keep = if args.annotate.is_some() {
        Keep::Table
    } else {
        Keep::Model
    };
    // The report names files, counts and findings; the activities matter only to the
    // marked-up copies.
    let report_only = args.annotate.is_none();
    let submissions = read_all_then(&inputs, &programme, args.limits.limits(), keep, |s| {
        if report_only {
            s.activities = Vec::new();
        }
    });

    if let Some(dir) = &args.annotate {
        for (input, submission) in inputs.iter().zip(&submissions) {
            let path = dir.join(crate::write::annotated::copy_name(&input.path));
            check_target(
                &path,
                std::slice::from_ref(&input.path),
                Output::MarkedUpCopies,
            )?;
            let bytes = crate::api::annotate(submission, &programme, lang).map_err(|err| {
                CommandError::Write {
                    path: path.clone(),
                    output: Output::MarkedUpCopies,
                    err,
                }
            })?;
            write_atomically(&path, &bytes, Output::MarkedUpCopies)?;
            say(&Msg::AnnotatedWritten { path: &path }, lang);
        }
    }

    // Buffered: the standard output flushes at every line, and a national report has
    // hundreds of thousands of lines, each a system call.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match args.format {
        Format::Text => write_text(&mut out, &submissions, &programme, lang, verbose),
        Format::Json => write_json(&mut out, &submissions, &programme, lang),
    }
    // A full disk behind a redirected stdout shows only when the last bytes are flushed.
    .and_then(|()| out.flush())
    .map_err(CommandError::stdout)?;

    let errors: usize = submissions.iter().map(Submission::errors).sum();
    let warnings: usize = submissions.iter().map(Submission::warnings).sum();
    Ok(Done::with_errors(
        errors > 0 || (args.strict && warnings > 0),
    ))
}

/// Reads every input, on every core, with a progress bar on a terminal. The result is in
/// input order whatever order the reads finish in; every input gives a submission.
pub fn read_all(
    inputs: &[Input],
    programme: &Programme,
    limits: Limits,
    keep: Keep,
) -> Vec<Submission> {
    read_all_then(inputs, programme, limits, keep, |_| {})
}

/// As [`read_all`], with `then` applied to each submission as soon as it is read: `validate`
/// drops the activities it does not report, so a national run holds only the findings.
pub fn read_all_then(
    inputs: &[Input],
    programme: &Programme,
    limits: Limits,
    keep: Keep,
    then: impl Fn(&mut Submission) + Sync,
) -> Vec<Submission> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let bar = progress(inputs.len());
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Submission>>> = Mutex::new(vec![None; inputs.len()]);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(inputs.len())
        .max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(index) else {
                        break;
                    };
                    let mut submission = read_one(input, programme, limits, keep);
                    then(&mut submission);
                    bar.set_message(input.display.clone());
                    bar.inc(1);
                    if let Ok(mut results) = results.lock() {
                        results[index] = Some(submission);
                    }
                }
            });
        }
    });
    bar.finish_and_clear();
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .zip(inputs)
        .map(|(submission, input)| {
            // Every slot is filled (a read never panics past `api::validate`); an empty one
            // would be a bug, and it still names its file instead of losing it.
            submission.unwrap_or_else(|| {
                contribution::failed(&input.display, "the reading thread stopped".into())
            })
        })
        .collect()
}

/// Reads one input's bytes and validates them.
fn read_one(input: &Input, programme: &Programme, limits: Limits, keep: Keep) -> Submission {
    match crate::read::read_file(&input.path, limits) {
        Ok(bytes) => match keep {
            Keep::Model => crate::api::validate(programme, &input.display, bytes, limits),
            Keep::Table => crate::api::validate_for_copy(programme, &input.display, bytes, limits),
        },
        Err(err) => contribution::unreadable(&input.display, err),
    }
}

fn institution_name<'p>(submission: &Submission, programme: &'p Programme) -> Option<&'p str> {
    submission
        .institution
        .map(|i| programme.institutions[i].name.as_str())
}

fn write_text(
    out: &mut impl Write,
    submissions: &[Submission],
    programme: &Programme,
    lang: Lang,
    verbose: bool,
) -> std::io::Result<()> {
    for submission in submissions {
        writeln!(
            out,
            "{}",
            Msg::FileSummary {
                file: &submission.file,
                institution: institution_name(submission, programme),
                rows: submission.rows_read,
                errors: submission.errors(),
                warnings: submission.warnings(),
            }
            .render(lang)
        )?;
        for finding in in_reading_order(&submission.findings) {
            writeln!(out, "  {}", finding_line(finding, lang))?;
            if let Some(detail) = finding.problem.detail().filter(|_| verbose) {
                writeln!(out, "  {}", system_said(detail, lang))?;
            }
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "{}",
        Msg::RunSummary {
            files: submissions.len(),
            rows: submissions.iter().map(|s| s.rows_read).sum(),
            errors: submissions.iter().map(Submission::errors).sum(),
            warnings: submissions.iter().map(Submission::warnings).sum(),
        }
        .render(lang)
    )
}

/// "Дейности!E7 [Срок] грешка deadline-outside-period: Срокът …"
pub fn finding_line(finding: &Finding, lang: Lang) -> String {
    let column = finding
        .place
        .as_ref()
        .and_then(|p| p.column.as_deref())
        .map(|c| format!(" [{c}]"))
        .unwrap_or_default();
    format!(
        "{}{column} {} {}: {}",
        finding.location(lang),
        severity_word(finding.severity(), lang),
        finding.problem.code(),
        finding.message(lang)
    )
}

/// A finding line prefixed with its file's name, for commands that report many files at once.
pub fn finding_line_with_file(finding: &Finding, lang: Lang) -> String {
    format!(
        "{}: {}",
        crate::model::merge::file_name(&finding.file),
        finding_line(finding, lang)
    )
}

fn write_json(
    out: &mut impl Write,
    submissions: &[Submission],
    programme: &Programme,
    lang: Lang,
) -> std::io::Result<()> {
    #[derive(serde::Serialize)]
    struct JsonReport<'a> {
        files: Vec<crate::api::FileReport<'a>>,
    }
    let report = JsonReport {
        files: submissions
            .iter()
            .map(|s| crate::api::file_report(s, programme, lang))
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}
