//! The library over bytes: every step of the yearly round as a function from bytes in
//! memory to bytes and findings, shared by the command line and the portal. Nothing here
//! touches a path: the caller reads the files and writes the results, so the same files
//! give the same bytes whichever of them runs the step.
//!
//! The round, in order: [`import`] last year's document; [`template`] for the institutions;
//! [`validate`] each contribution (and [`annotate`] it for its sender); [`merge`] them into
//! the programme, and [`document`] it for the council; a year later [`report_workbooks`]
//! from the adopted programme, [`read_report`] the filled ones and [`join_reports`] them
//! into the [`implementation_report`] (and [`document`] that too); and [`export`] for the
//! national agency.

use std::collections::HashMap;

use crate::catalogue::Lang;
use crate::config::Programme;
use crate::contract::programme::DataError;
use crate::model::contribution::{Keep, Submission};
use crate::model::merge::Merged;
use crate::model::programme_rows::DataRow;
use crate::model::reporting::{Collected, Expected, Outcome, ReportFile, by_institution};
use crate::read::Limits;
use crate::validate::contribution;
use crate::write::WriteError;
use crate::write::csv::{Dialect, Unencodable};

/// The template workbook of a programme.
///
/// # Errors
///
/// A [`WriteError`] when the workbook cannot be made.
///
/// # Examples
///
/// ```
/// let programme = zakrila::config::Programme::load("samples/ruse-2025/programme.toml".as_ref()).unwrap();
/// let bytes = zakrila::api::template(&programme).unwrap();
/// assert_eq!(&bytes[..2], b"PK");
/// ```
pub fn template(programme: &Programme) -> Result<Vec<u8>, WriteError> {
    crate::write::template::build(programme).map_err(WriteError::from)
}

/// The template with `institution` already chosen on `Институция` (the portal's download).
///
/// # Errors
///
/// As [`template`].
pub fn template_for(programme: &Programme, institution: &str) -> Result<Vec<u8>, WriteError> {
    crate::write::template::build_for(programme, institution).map_err(WriteError::from)
}

/// Reads one contribution (`name` is how findings name the file) and gives every finding by
/// cell. Never fails and never panics: a file that cannot be read gives one file-level
/// finding, and a failure in zakrila's own code gives `internal-error` for this file.
///
/// # Examples
///
/// ```
/// use zakrila::read::Limits;
/// let programme = zakrila::config::Programme::load("samples/ruse-2025/programme.toml".as_ref()).unwrap();
/// let bytes = std::fs::read("samples/ruse-2025/02-ruo-ruse.xlsx").unwrap();
/// let submission = zakrila::api::validate(&programme, "руо.xlsx", bytes, Limits::default());
/// assert_eq!(submission.rows_read, 29);
/// assert_eq!(submission.errors(), 0);
/// ```
pub fn validate(programme: &Programme, name: &str, bytes: Vec<u8>, limits: Limits) -> Submission {
    validate_keeping(programme, name, bytes, limits, Keep::Model)
}

/// As [`validate`], keeping the table's rows as read, for [`annotate`].
pub fn validate_for_copy(
    programme: &Programme,
    name: &str,
    bytes: Vec<u8>,
    limits: Limits,
) -> Submission {
    validate_keeping(programme, name, bytes, limits, Keep::Table)
}

fn validate_keeping(
    programme: &Programme,
    name: &str,
    bytes: Vec<u8>,
    limits: Limits,
    keep: Keep,
) -> Submission {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        contribution::read_bytes_keeping(bytes, name, programme, limits, keep)
    }))
    .unwrap_or_else(|payload| contribution::failed(name, crate::read::panic_text(payload.as_ref())))
}

/// A contribution's check as `zakrila validate --format json` gives one file, in this
/// field order.
#[derive(Debug, serde::Serialize)]
pub struct FileReport<'a> {
    /// The file's name as given.
    pub file: &'a str,
    /// The institution the file names, when it is one of the programme's.
    pub institution: Option<&'a str>,
    /// Data rows read.
    pub rows: usize,
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
    /// Every finding, in reading order.
    pub findings: Vec<crate::model::findings::FindingJson<'a>>,
}

/// The [`FileReport`] of a read contribution.
///
/// # Examples
///
/// ```
/// use zakrila::{catalogue::Lang, read::Limits};
/// let programme = zakrila::config::Programme::load("samples/ruse-2025/programme.toml".as_ref()).unwrap();
/// let bytes = std::fs::read("samples/ruse-2025/02-ruo-ruse.xlsx").unwrap();
/// let submission = zakrila::api::validate(&programme, "руо.xlsx", bytes, Limits::default());
/// let report = zakrila::api::file_report(&submission, &programme, Lang::Bg);
/// assert_eq!((report.file, report.rows, report.errors), ("руо.xlsx", 29, 0));
/// ```
pub fn file_report<'a>(
    submission: &'a Submission,
    programme: &'a Programme,
    lang: Lang,
) -> FileReport<'a> {
    FileReport {
        file: &submission.file,
        institution: submission
            .institution
            .map(|i| programme.institutions[i].name.as_str()),
        rows: submission.rows_read,
        errors: submission.errors(),
        warnings: submission.warnings(),
        findings: crate::model::findings::in_reading_order(&submission.findings)
            .into_iter()
            .map(|f| f.to_json(lang))
            .collect(),
    }
}

/// The [`FileReport`] of a read reporting workbook: `rows` counts the indicators it reports
/// (a value or a status).
///
/// # Examples
///
/// ```
/// use zakrila::catalogue::Lang;
/// let report = zakrila::model::reporting::ReportFile::empty("отчет.xlsx");
/// let json = zakrila::api::report_file_report(&report, Lang::Bg);
/// assert_eq!((json.file, json.rows, json.errors), ("отчет.xlsx", 0, 0));
/// ```
pub fn report_file_report(report: &ReportFile, lang: Lang) -> FileReport<'_> {
    use crate::model::findings::Severity;
    let count = |severity| {
        report
            .findings
            .iter()
            .filter(|f| f.severity() == severity)
            .count()
    };
    FileReport {
        file: &report.file,
        institution: report.institution.as_deref(),
        rows: report.rows.values().filter(|r| r.counts()).count(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        findings: crate::model::findings::in_reading_order(&report.findings)
            .into_iter()
            .map(|f| f.to_json(lang))
            .collect(),
    }
}

/// The marked-up copy of a contribution read by [`validate_for_copy`]: the values in a
/// fresh template, every problem cell coloured with a note, and a `Проверка` sheet listing
/// every finding.
///
/// # Errors
///
/// A [`WriteError`] when the workbook cannot be made.
pub fn annotate(
    submission: &Submission,
    programme: &Programme,
    lang: Lang,
) -> Result<Vec<u8>, WriteError> {
    crate::write::annotated::build(submission, programme, lang).map_err(WriteError::from)
}

/// What a merge made of its inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MergeSummary {
    /// Input files.
    pub files: usize,
    /// Data rows read.
    pub rows: usize,
    /// Rows merged into the programme.
    pub accepted: usize,
    /// Rows rejected (listed on `Отхвърлени`).
    pub rejected: usize,
    /// Rows that hold no activity, skipped (each a warning on `Бележки`, counted on
    /// `Източници`).
    pub skipped: usize,
    /// Whether some file has an error of its own (even with no row rejected).
    pub file_errors: bool,
}

impl MergeSummary {
    /// Whether anything was rejected: a row, or a file.
    pub fn anything_rejected(&self) -> bool {
        self.rejected > 0 || self.file_errors
    }
}

/// Merges read contributions: the merged programme (for its summary) and its accounting,
/// without writing the workbook yet (see [`programme_workbook`]).
pub fn merge(programme: &Programme, submissions: Vec<Submission>) -> (Merged, MergeSummary) {
    let merged = crate::model::merge::merge(submissions, programme);
    let summary = MergeSummary {
        files: merged.sources.len(),
        rows: merged.rows_read(),
        accepted: merged.rows_accepted(),
        rejected: merged.rows_rejected(),
        skipped: merged.rows_skipped(),
        file_errors: merged.has_file_errors(),
    };
    (merged, summary)
}

/// The programme workbook of a merge: the six sheets of programme-workbook.md. The merge
/// is taken, not borrowed: its memory is given back as soon as every sheet is written, before
/// the file is put together.
///
/// # Errors
///
/// A [`WriteError`] when the workbook cannot be made (a programme larger than a sheet, a
/// temporary file that cannot be written).
///
/// # Examples
///
/// ```
/// use zakrila::catalogue::Lang;
/// let programme = zakrila::config::Programme::load("samples/ruse-2025/programme.toml".as_ref())?;
/// let bytes = std::fs::read("samples/ruse-2025/02-ruo-ruse.xlsx")?;
/// let submission = zakrila::api::validate(&programme, "02-ruo-ruse.xlsx", bytes, Default::default());
/// let (merged, summary) = zakrila::api::merge(&programme, vec![submission]);
/// let workbook = zakrila::api::programme_workbook(merged, &programme, Lang::Bg)?;
/// let rows = zakrila::api::programme_rows(workbook, Default::default())?;
/// assert_eq!(rows.len(), summary.accepted);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn programme_workbook(
    merged: Merged,
    programme: &Programme,
    lang: Lang,
) -> Result<Vec<u8>, WriteError> {
    crate::write::programme::build(merged, programme, lang).map_err(WriteError::from)
}

/// The `Данни` rows of a programme workbook held in memory.
///
/// # Errors
///
/// A [`DataError`] when the bytes are not a programme workbook zakrila wrote, or a cell was
/// changed into what zakrila cannot read back.
pub fn programme_rows(bytes: Vec<u8>, limits: Limits) -> Result<Vec<DataRow>, DataError> {
    crate::validate::programme_data::read_data_bytes(bytes, limits)
}

/// One reporting workbook per lead institution of the programme: (institution, number of
/// its indicators, workbook), in institution order.
///
/// # Errors
///
/// A [`WriteError`] when a workbook cannot be made.
pub fn report_workbooks(
    programme: &Programme,
    rows: &[DataRow],
) -> Result<Vec<(String, usize, Vec<u8>)>, WriteError> {
    let digest = crate::model::reporting::programme_digest(rows);
    by_institution(rows)
        .into_iter()
        .map(|(institution, group)| {
            let bytes = crate::write::reports::build(programme, &institution, &group, &digest)
                .map_err(WriteError::from)?;
            Ok((institution, group.len(), bytes))
        })
        .collect()
}

/// The reporting workbook of one lead institution, the same bytes [`report_workbooks`]
/// makes for it; none when it leads no row.
///
/// # Errors
///
/// A [`WriteError`] when the workbook cannot be made.
pub fn report_workbook_for(
    programme: &Programme,
    rows: &[DataRow],
    institution: &str,
) -> Option<Result<Vec<u8>, WriteError>> {
    let digest = crate::model::reporting::programme_digest(rows);
    let groups = by_institution(rows);
    let group = groups.get(institution)?;
    Some(
        crate::write::reports::build(programme, institution, group, &digest)
            .map_err(WriteError::from),
    )
}

/// Reads one filled reporting workbook (`name` is how findings name the file) against what
/// the programme's reports are expected to hold ([`Expected::new`] of its rows).
pub fn read_report(
    programme: &Programme,
    expected: &Expected,
    name: &str,
    bytes: Vec<u8>,
    limits: Limits,
) -> ReportFile {
    crate::validate::report::read_report_bytes(bytes, name, programme, expected, limits)
}

/// Joins read reports to the programme's rows: one report per institution, and what each
/// indicator was reported as.
pub fn join_reports(rows: Vec<DataRow>, files: Vec<ReportFile>) -> Collected {
    crate::validate::report::join(rows, files)
}

/// The implementation report of a collected round.
///
/// # Errors
///
/// A [`WriteError`] when the workbook cannot be made.
pub fn implementation_report(
    collected: &Collected,
    programme: &Programme,
    lang: Lang,
) -> Result<Vec<u8>, WriteError> {
    crate::write::implementation::build(collected, programme, lang).map_err(WriteError::from)
}

/// The reported values and statuses of an implementation report held in memory, by row key.
///
/// # Errors
///
/// A [`DataError`] when the bytes are not an implementation report zakrila wrote.
pub fn outcomes(bytes: Vec<u8>, limits: Limits) -> Result<HashMap<String, Outcome>, DataError> {
    crate::validate::programme_data::read_outcomes_bytes(bytes, limits)
}

/// The files of an export.
#[derive(Clone, Debug, PartialEq)]
pub struct Export {
    /// The CSV.
    pub csv: Vec<u8>,
    /// Its records, the header included.
    pub records: usize,
    /// `datapackage.json`, naming the CSV as `csv_name`.
    pub datapackage: Vec<u8>,
}

/// The national CSV of the programme's rows (with the reported values when `outcomes` are
/// given), in `dialect`, and its Data Package naming the CSV `csv_name`.
///
/// # Errors
///
/// [`Unencodable`] when Windows-1251 is asked for and a text holds a character it lacks.
pub fn export(
    programme: &Programme,
    rows: &[DataRow],
    outcomes: Option<&HashMap<String, Outcome>>,
    dialect: Dialect,
    csv_name: &str,
) -> Result<Export, Unencodable> {
    let records = crate::write::csv::records(programme, rows, outcomes);
    let csv = crate::write::csv::write(&records, dialect)?;
    let package = crate::write::csv::datapackage(programme, csv_name, dialect);
    let mut datapackage = serde_json::to_string_pretty(&package).unwrap_or_default();
    datapackage.push('\n');
    Ok(Export {
        csv,
        records: records.len(),
        datapackage: datapackage.into_bytes(),
    })
}

/// Which council document [`document`] wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    /// The programme, from a programme workbook.
    Programme,
    /// The implementation report, from an implementation report workbook.
    Report,
}

/// A council document and what was said about its making.
#[derive(Clone, Debug, PartialEq)]
pub struct CouncilDocument {
    /// The .docx bytes.
    pub bytes: Vec<u8>,
    /// Which document it is.
    pub kind: DocumentKind,
    /// Priorities in the table.
    pub priorities: usize,
    /// Activities in the table.
    pub activities: usize,
    /// For a report: activities done, partly, not done, not reported.
    pub reached: [usize; 4],
    /// What `programme.md` lacks or still holds (programme document only).
    pub notes: Vec<crate::contract::programme_text::TextNote>,
}

/// Why [`document`] made nothing.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum DocumentFailure {
    /// The workbook is neither a programme workbook nor an implementation report, or one
    /// changed into what zakrila cannot read back.
    #[error("the workbook is neither a programme nor an implementation report")]
    Workbook(#[source] DataError),
    /// The workbook names a goal the config does not have: it was made with another
    /// programme.toml.
    #[error("the workbook names goal {goal}, which the config does not have")]
    OtherProgramme {
        /// The goal's code.
        goal: String,
    },
    /// The document could not be written.
    #[error("the document could not be written")]
    Write(#[source] WriteError),
}

/// The Word document the council adopts or hears (spec: documents.md), from the bytes of a
/// programme workbook (`merge`) or an implementation report (`report collect`), told apart
/// by their sheets. `text` is `programme.md`; without it the skeleton is used, and the
/// document's notes say so.
///
/// # Errors
///
/// A [`DocumentFailure`] saying why nothing was made.
///
/// # Examples
///
/// ```
/// use zakrila::api::{document, DocumentKind};
/// use zakrila::catalogue::Lang;
/// use zakrila::contract::programme_text::TextNote;
/// let programme = zakrila::config::Programme::load("samples/ruse-2025/programme.toml".as_ref())?;
/// let bytes = std::fs::read("samples/ruse-2025/05-dsp-ruse.xlsx")?;
/// let submission = zakrila::api::validate(&programme, "05-dsp-ruse.xlsx", bytes, Default::default());
/// let (merged, _) = zakrila::api::merge(&programme, vec![submission]);
/// let workbook = zakrila::api::programme_workbook(merged, &programme, Lang::Bg).expect("written");
/// let made = document(&programme, None, workbook, Default::default()).expect("made");
/// assert_eq!(made.kind, DocumentKind::Programme);
/// assert_eq!(&made.bytes[..2], b"PK");
/// assert!(made.notes.contains(&TextNote::NoText));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn document(
    programme: &Programme,
    text: Option<&str>,
    workbook: Vec<u8>,
    limits: Limits,
) -> Result<CouncilDocument, DocumentFailure> {
    use crate::contract::document::period_text;
    use crate::contract::programme_text::{ProgrammeText, TextNote};
    use crate::validate::programme_data::{ZakrilaWorkbook, read_programme_or_report};
    use crate::write::document;
    let read = read_programme_or_report(workbook, limits).map_err(DocumentFailure::Workbook)?;
    let goals: Vec<&str> = match &read {
        ZakrilaWorkbook::Programme(rows) => rows.iter().map(|r| r.goal.as_str()).collect(),
        ZakrilaWorkbook::Report(rows) => rows.iter().map(|r| r.goal.as_str()).collect(),
    };
    if let Some(goal) = goals.into_iter().find(|g| programme.goal(g).is_none()) {
        return Err(DocumentFailure::OtherProgramme {
            goal: goal.to_string(),
        });
    }
    match read {
        ZakrilaWorkbook::Programme(rows) => {
            let (text, mut notes) = match text {
                Some(text) => {
                    let text = ProgrammeText::parse(text);
                    let notes = text.notes();
                    (text, notes)
                }
                None => {
                    let labels: Vec<String> =
                        programme.priorities.iter().map(|p| p.label()).collect();
                    (ProgrammeText::skeleton(&labels), vec![TextNote::NoText])
                }
            };
            let period = period_text(programme.period_start, programme.period_end);
            let year = programme.period_start.format("%Y").to_string();
            let text = text
                .filled([programme.municipality.as_str(), &period, &year])
                .with_table();
            notes.dedup();
            let docx = document::programme::build(programme, &rows, &text);
            let mut codes: Vec<(&str, &str)> = rows
                .iter()
                .map(|r| (r.goal.as_str(), r.activity_code.as_str()))
                .collect();
            codes.dedup();
            let mut priorities: Vec<u32> = rows.iter().map(|r| r.priority).collect();
            priorities.dedup();
            Ok(CouncilDocument {
                bytes: docx.to_bytes().map_err(DocumentFailure::Write)?,
                kind: DocumentKind::Programme,
                priorities: priorities.len(),
                activities: codes.len(),
                reached: [0; 4],
                notes,
            })
        }
        ZakrilaWorkbook::Report(rows) => {
            let activities = document::report::activities(&rows);
            let mut reached = [0; 4];
            for activity in &activities {
                reached[activity.reached as usize] += 1;
            }
            let mut priorities: Vec<u32> = rows.iter().map(|r| r.priority).collect();
            priorities.dedup();
            let docx = document::report::build(programme, &rows);
            Ok(CouncilDocument {
                bytes: docx.to_bytes().map_err(DocumentFailure::Write)?,
                kind: DocumentKind::Report,
                priorities: priorities.len(),
                activities: activities.len(),
                reached,
                notes: Vec::new(),
            })
        }
    }
}

/// The national export as a workbook (`export -o FILE.xlsx`): the CSV's columns and rows,
/// each cell of its column's type, so that codes stay codes in every spreadsheet program.
/// Returns the bytes and the rows written (the header not counted).
///
/// # Errors
///
/// A [`WriteError`] when the workbook cannot be made.
pub fn export_workbook(
    programme: &Programme,
    rows: &[DataRow],
    outcomes: Option<&HashMap<String, Outcome>>,
) -> Result<(Vec<u8>, usize), WriteError> {
    let records = crate::write::csv::records(programme, rows, outcomes);
    let title = format!(
        "{} – {}, {} – {}",
        programme.title, programme.municipality, programme.period_start, programme.period_end
    );
    let bytes = crate::write::national_xlsx::workbook(&records, &title)?;
    Ok((bytes, records.len() - 1))
}

/// What `import` is told besides the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportOptions {
    /// The new programme's period; the years after the document's when none.
    pub period: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    /// The municipality's EKATTE code; a placeholder is written when none.
    pub municipality_code: Option<String>,
    /// The document's file name, as the config's comment and the report name it.
    pub source_name: String,
    /// The limits the document is read under.
    pub limits: Limits,
}

/// The outputs of `import` (spec: import.md, "What it writes").
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// `programme.toml`.
    pub config_toml: Vec<u8>,
    /// One pre-filled contribution per lead institution: (file name, bytes).
    pub contributions: Vec<(String, Vec<u8>)>,
    /// `import-report.xlsx`.
    pub report_xlsx: Vec<u8>,
    /// `programme.md`: the document's own words outside the programme tables.
    pub programme_md: Vec<u8>,
    /// How many headings and paragraphs `programme.md` holds.
    pub programme_md_blocks: usize,
    /// What was read.
    pub programme: crate::model::import::ImportedProgramme,
}

pub use crate::import::ImportError;

/// Last year's programme document → this year's config, pre-filled contributions and the
/// import report. Never panics on what the document holds: a failure inside is a
/// [`ImportError::Document`].
///
/// # Errors
///
/// An [`ImportError`] saying why nothing was made.
///
/// # Examples
///
/// ```
/// use zakrila::{api::{import, ImportOptions}, catalogue::Lang, read::Limits};
/// let bytes = std::fs::read("tests/fixtures/import/ruse-2025.docx").unwrap();
/// let options = ImportOptions {
///     period: None,
///     municipality_code: Some("RSE27".into()),
///     source_name: "ruse-2025.docx".into(),
///     limits: Limits::default(),
/// };
/// let imported = import(&bytes, &options, Lang::Bg).unwrap();
/// assert_eq!(imported.programme.activities.len(), 80);
/// let config = std::str::from_utf8(&imported.config_toml).unwrap();
/// assert!(config.contains("period_start = 2027-01-01"));
/// ```
pub fn import(bytes: &[u8], options: &ImportOptions, lang: Lang) -> Result<Imported, ImportError> {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        import_inner(bytes, options, lang)
    }));
    outcome.unwrap_or_else(|payload| {
        Err(ImportError::Document(
            crate::read::document::DocumentError::Damaged {
                detail: crate::read::panic_text(payload.as_ref()),
            },
        ))
    })
}

fn import_inner(
    bytes: &[u8],
    options: &ImportOptions,
    lang: Lang,
) -> Result<Imported, ImportError> {
    use crate::write::imported;
    let document = crate::read::document::read_document(bytes, options.limits)
        .map_err(ImportError::Document)?;
    let programme = crate::import::read_programme(&document, options.period)?;
    let look = imported::look_at(
        &programme,
        options.municipality_code.is_some(),
        options.period.is_some(),
        lang,
    );
    let config = imported::config_toml(
        &programme,
        options.municipality_code.as_deref(),
        &options.source_name,
        &look,
        lang,
    );
    let config_toml = config.text.clone().into_bytes();
    let loaded = Programme::from_bytes("programme.toml".as_ref(), &config_toml)
        .map_err(|err| ImportError::Config(Box::new(err)))?;
    let (files, placed) = imported::contributions(&programme, lang);
    let mut contributions = Vec::with_capacity(files.len());
    for file in &files {
        let workbook =
            crate::write::template::build_prefilled(&loaded, &file.institution, &file.rows)
                .map_err(|err| ImportError::Write(WriteError::from(err)))?;
        contributions.push((file.file.clone(), workbook));
    }
    let report_xlsx = imported::report(
        &programme,
        &options.source_name,
        &config,
        &files,
        &placed,
        &look,
        lang,
    )
    .map_err(|err| ImportError::Write(WriteError::from(err)))?;
    let text = crate::import::programme_text::programme_text(&document, &programme);
    Ok(Imported {
        config_toml,
        contributions,
        report_xlsx,
        programme_md: text.render().into_bytes(),
        programme_md_blocks: text
            .blocks
            .iter()
            .filter(|b| **b != crate::contract::programme_text::TextBlock::Table)
            .count(),
        programme,
    })
}
