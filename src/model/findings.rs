//! Findings: every problem in a submitted workbook, with the place that has it (spec:
//! template.md, "Findings").
//!
//! A [`Finding`] says *where* (file, sheet, cell, row, column) and *what* (a [`Problem`]);
//! its code and severity follow from the problem, and its sentence comes from the message
//! catalogue in the language the user chose.

use serde::Serialize;

use crate::catalogue::Lang;
pub use crate::catalogue::{Problem, QUOTE_LIMIT, Severity};

/// The most characters of a finding's message.
const MESSAGE_LIMIT: usize = 2_000;

/// A place in a workbook: sheet, and optionally a cell (0-based row and column inside).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The sheet name.
    pub sheet: String,
    /// 0-based (row, column) of the cell, when the problem is in one cell.
    pub cell: Option<(u32, u16)>,
    /// 0-based row, when the problem is in a row but no one cell.
    pub row: Option<u32>,
    /// The header of the column, when known.
    pub column: Option<String>,
}

/// One problem at one place.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The input path as given on the command line.
    pub file: String,
    /// Where in the file; `None` for the whole file.
    pub place: Option<Place>,
    /// What is wrong.
    pub problem: Problem,
}

impl Finding {
    /// The A1 reference of the finding's cell ("B7"), if it has one.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::model::findings::{Finding, Place, Problem};
    /// let finding = Finding {
    ///     file: "руо.xlsx".into(),
    ///     place: Some(Place { sheet: "Дейности".into(), cell: Some((6, 1)), row: Some(6), column: None }),
    ///     problem: Problem::MissingTarget,
    /// };
    /// assert_eq!(finding.cell_ref().as_deref(), Some("B7"));
    /// assert_eq!(finding.row(), Some(7));
    /// ```
    pub fn cell_ref(&self) -> Option<String> {
        let (row, col) = self.place.as_ref()?.cell?;
        Some(a1(row, col))
    }

    /// Where the finding is, as people write it: "Дейности!E7", a sheet's name, or
    /// "(целия файл)" for the whole file. Every report of findings says it this way.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::catalogue::Lang;
    /// use zakrila::model::findings::{Finding, Place, Problem};
    /// let mut finding = Finding {
    ///     file: "руо.xlsx".into(),
    ///     place: Some(Place { sheet: "Дейности".into(), cell: Some((6, 4)), row: Some(6), column: None }),
    ///     problem: Problem::MissingTarget,
    /// };
    /// assert_eq!(finding.location(Lang::Bg), "Дейности!E7");
    /// finding.place = None;
    /// assert_eq!(finding.location(Lang::En), "(whole file)");
    /// ```
    pub fn location(&self, lang: Lang) -> String {
        match (&self.place, self.cell_ref()) {
            (Some(place), Some(cell)) => format!("{}!{cell}", place.sheet),
            (Some(place), None) => place.sheet.clone(),
            (None, _) => crate::catalogue::whole_file(lang).to_string(),
        }
    }

    /// The 1-based row of the finding, if it has one.
    pub fn row(&self) -> Option<u32> {
        let place = self.place.as_ref()?;
        place.row.or(place.cell.map(|(row, _)| row)).map(|r| r + 1)
    }

    /// The finding's severity.
    pub fn severity(&self) -> Severity {
        self.problem.severity()
    }

    /// The sentence for the user, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        // A message quotes the cell it is about; a very long cell makes no readable message.
        // A value with line breaks is quoted on one line: a finding is one line of a report.
        let message = crate::normalise::text::one_line(&self.problem.message(lang));
        match message.char_indices().nth(MESSAGE_LIMIT) {
            None => message,
            Some((cut, _)) => format!("{}…", &message[..cut]),
        }
    }

    /// The JSON shape of template.md: every field, the message in `lang`.
    pub fn to_json(&self, lang: Lang) -> FindingJson<'_> {
        FindingJson {
            file: &self.file,
            sheet: self.place.as_ref().map(|p| p.sheet.as_str()),
            cell: self.cell_ref(),
            row: self.row(),
            column: self.place.as_ref().and_then(|p| p.column.as_deref()),
            severity: self.severity(),
            code: self.problem.code(),
            message: self.message(lang),
        }
    }
}

/// A finding as `validate --format json` prints it.
#[derive(Debug, Serialize)]
pub struct FindingJson<'a> {
    /// The input path as given.
    pub file: &'a str,
    /// Sheet name, or null for the whole file.
    pub sheet: Option<&'a str>,
    /// A1 reference, or null.
    pub cell: Option<String>,
    /// 1-based row, or null.
    pub row: Option<u32>,
    /// Column header, or null.
    pub column: Option<&'a str>,
    /// `error` or `warning`.
    pub severity: Severity,
    /// Stable kebab-case code.
    pub code: &'static str,
    /// One sentence in the chosen language.
    pub message: String,
}

/// The A1 reference of any 0-based position, beyond the grid included ("XFE1",
/// "A4000000001"): for cells that are reported but never stored.
///
/// # Examples
///
/// ```
/// assert_eq!(zakrila::model::findings::a1_wide(0, 16_384), "XFE1");
/// assert_eq!(zakrila::model::findings::a1_wide(4_000_000_000, 0), "A4000000001");
/// ```
pub fn a1_wide(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(col) + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    let letters: String = letters.into_iter().rev().collect();
    format!("{letters}{}", u64::from(row) + 1)
}

/// The A1 reference of a 0-based cell.
///
/// # Examples
///
/// ```
/// assert_eq!(zakrila::model::findings::a1(0, 0), "A1");
/// assert_eq!(zakrila::model::findings::a1(99, 27), "AB100");
/// ```
pub fn a1(row: u32, col: u16) -> String {
    format!(
        "{}{}",
        crate::contract::template::column_letters(col),
        row + 1
    )
}

/// Findings in reading order of the workbook: file-level first, then by sheet as found,
/// row and column; errors before warnings at one cell.
pub fn in_reading_order(findings: &[Finding]) -> Vec<&Finding> {
    let mut sheets: Vec<&str> = Vec::new();
    for finding in findings {
        if let Some(place) = &finding.place
            && !sheets.contains(&place.sheet.as_str())
        {
            sheets.push(&place.sheet);
        }
    }
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| {
        let sheet = f
            .place
            .as_ref()
            .map(|p| sheets.iter().position(|s| *s == p.sheet).unwrap_or(0) + 1)
            .unwrap_or(0);
        let (row, col) = f
            .place
            .as_ref()
            .and_then(|p| p.cell)
            .map_or((0, 0), |(r, c)| (r + 1, u32::from(c) + 1));
        (sheet, row, col, f.severity() != Severity::Error)
    });
    sorted
}
