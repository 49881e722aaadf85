//! What a file sent in the round is: a readable contribution (or report), or something the
//! merge (or the collect) must never take — a PDF, a reporting workbook sent through the
//! contribution form, a contribution sent through the report form, a file with no rows.
//!
//! Decided from what the library read in the file (its findings, its rows), so the portal
//! says the same thing about a file as `zakrila validate` does.

use crate::contract::reporting::REPORT_ID;
use crate::contract::template::TEMPLATE_ID;
use crate::model::contribution::Submission;
use crate::model::findings::{Finding, Problem, Severity};
use crate::model::reporting::ReportFile;

/// Whether a file is a readable contribution (or report).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// It can be merged (or collected).
    Readable,
    /// It cannot, and why.
    Unreadable(Unreadable),
}

/// What a file that is not a readable contribution (or report) is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unreadable {
    /// A PDF document.
    Pdf,
    /// Some other file that is no spreadsheet (a Word document, a picture…).
    NotASpreadsheet,
    /// A spreadsheet that cannot be opened (damaged, protected with a password, empty).
    Damaged,
    /// A reporting workbook, sent through the contribution form.
    ReportWorkbook,
    /// A filled programme template, sent through the report form.
    ContributionWorkbook,
    /// Another of zakrila's workbooks (an import report, a programme…), or another
    /// program's.
    OtherWorkbook,
    /// A readable workbook with no rows (no activities; in a report, nothing reported).
    NoRows,
}

impl Unreadable {
    /// Every kind, for tests and tables.
    pub const ALL: [Unreadable; 7] = [
        Unreadable::Pdf,
        Unreadable::NotASpreadsheet,
        Unreadable::Damaged,
        Unreadable::ReportWorkbook,
        Unreadable::ContributionWorkbook,
        Unreadable::OtherWorkbook,
        Unreadable::NoRows,
    ];

    /// The stable code, as stored and as the catalogue's sentences are keyed.
    pub fn code(self) -> &'static str {
        match self {
            Unreadable::Pdf => "pdf",
            Unreadable::NotASpreadsheet => "not-a-spreadsheet",
            Unreadable::Damaged => "damaged",
            Unreadable::ReportWorkbook => "report-workbook",
            Unreadable::ContributionWorkbook => "contribution-workbook",
            Unreadable::OtherWorkbook => "other-workbook",
            Unreadable::NoRows => "no-rows",
        }
    }
}

impl Kind {
    /// The stable code, as stored: `readable` or the [`Unreadable`] code.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::round::{Kind, Unreadable};
    /// let kind = Kind::Unreadable(Unreadable::Pdf);
    /// assert_eq!(Kind::from_code(kind.code()), kind);
    /// assert_eq!(Kind::from_code("readable"), Kind::Readable);
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Kind::Readable => "readable",
            Kind::Unreadable(what) => what.code(),
        }
    }

    /// The kind of a stored code; an unknown code (a newer zakrila's) is read as
    /// [`Unreadable::OtherWorkbook`], so a file nobody understands is never merged.
    pub fn from_code(code: &str) -> Kind {
        if code == "readable" {
            return Kind::Readable;
        }
        Unreadable::ALL
            .into_iter()
            .find(|what| what.code() == code)
            .map_or(
                Kind::Unreadable(Unreadable::OtherWorkbook),
                Kind::Unreadable,
            )
    }
}

/// Whether bytes are a PDF document (`%PDF-` at the start, as every PDF begins).
fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
}

/// Whether a finding says the bytes are no spreadsheet at all.
fn not_a_spreadsheet(findings: &[Finding]) -> bool {
    findings
        .iter()
        .any(|finding| matches!(finding.problem, Problem::NotASpreadsheet))
}

/// The template id that a `not-a-template` finding names, when there is one.
fn other_template(findings: &[Finding]) -> Option<&str> {
    findings.iter().find_map(|finding| match &finding.problem {
        Problem::NotATemplate { template_id } => Some(template_id.as_str()),
        _ => None,
    })
}

/// What a file sent through the contribution form is: `submission` is what
/// [`crate::api::validate`] read in `bytes`.
///
/// # Examples
///
/// ```
/// use zakrila::read::Limits;
/// use zakrila::round::{Kind, Unreadable, kind::of_contribution};
/// let programme = zakrila::config::Programme::load("samples/ruse-2025/programme.toml".as_ref()).unwrap();
/// let bytes = std::fs::read("samples/ruse-2025/02-ruo-ruse.xlsx").unwrap();
/// let read = zakrila::api::validate(&programme, "руо.xlsx", bytes.clone(), Limits::default());
/// assert_eq!(of_contribution(&read, &bytes), Kind::Readable);
/// let pdf = b"%PDF-1.7\n".to_vec();
/// let read = zakrila::api::validate(&programme, "писмо.pdf", pdf.clone(), Limits::default());
/// assert_eq!(of_contribution(&read, &pdf), Kind::Unreadable(Unreadable::Pdf));
/// ```
pub fn of_contribution(submission: &Submission, bytes: &[u8]) -> Kind {
    let unreadable = if not_a_spreadsheet(&submission.findings) {
        Some(if is_pdf(bytes) {
            Unreadable::Pdf
        } else {
            Unreadable::NotASpreadsheet
        })
    } else if submission.format.is_none() {
        // Sniffed as a spreadsheet, but it could not be opened.
        Some(Unreadable::Damaged)
    } else if let Some(id) = other_template(&submission.findings) {
        Some(if id == REPORT_ID {
            Unreadable::ReportWorkbook
        } else {
            Unreadable::OtherWorkbook
        })
    } else if submission
        .findings
        .iter()
        .any(|finding| matches!(finding.problem, Problem::ImportReport))
    {
        Some(Unreadable::OtherWorkbook)
    } else if submission.rows_read == 0 {
        Some(Unreadable::NoRows)
    } else {
        None
    };
    unreadable.map_or(Kind::Readable, Kind::Unreadable)
}

/// What a file sent through the report form is: `report` is what
/// [`crate::api::read_report`] read in `bytes`.
pub fn of_report(report: &ReportFile, bytes: &[u8]) -> Kind {
    let counted = report.rows.values().filter(|row| row.counts()).count();
    let unreadable = if not_a_spreadsheet(&report.findings) {
        Some(if is_pdf(bytes) {
            Unreadable::Pdf
        } else {
            Unreadable::NotASpreadsheet
        })
    } else if let Some(id) = other_template(&report.findings) {
        Some(if id == TEMPLATE_ID {
            Unreadable::ContributionWorkbook
        } else {
            Unreadable::OtherWorkbook
        })
    } else if report.rejected && report.rows.is_empty() && whole_file_error(&report.findings) {
        Some(Unreadable::Damaged)
    } else if counted == 0 {
        Some(Unreadable::NoRows)
    } else {
        None
    };
    unreadable.map_or(Kind::Readable, Kind::Unreadable)
}

/// Whether an error is about the whole file (it could not be opened or used at all).
fn whole_file_error(findings: &[Finding]) -> bool {
    findings
        .iter()
        .any(|finding| finding.place.is_none() && finding.severity() == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_and_an_unknown_one_is_never_readable() {
        for what in Unreadable::ALL {
            assert_eq!(
                Kind::from_code(Kind::Unreadable(what).code()),
                Kind::Unreadable(what)
            );
        }
        assert_eq!(
            Kind::from_code("something-new"),
            Kind::Unreadable(Unreadable::OtherWorkbook)
        );
    }

    #[test]
    fn a_pdf_is_told_from_other_files_by_its_first_bytes() {
        assert!(is_pdf(b"%PDF-1.4\n%\xe2\xe3"));
        assert!(!is_pdf(b"PK\x03\x04"));
        assert!(!is_pdf(b""));
    }
}
