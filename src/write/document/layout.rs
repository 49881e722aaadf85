//! What the documents' tables share: the header row, a row across the table, and whether a
//! row fits on one page (so that it may be kept from splitting).

use crate::config::Priority;
use crate::contract::document;

use super::ooxml::{Cell, Paragraph, Row, SHADE_HEADER, SHADE_PRIORITY, Section, Style};

/// The header row of a table of these columns: bold, shaded, repeated on every page.
pub fn header_row(columns: &[(&str, u32)]) -> Row {
    Row {
        cells: columns
            .iter()
            .map(|(label, _)| Cell {
                shade: Some(SHADE_HEADER),
                ..Cell::of(vec![Paragraph::new(Style::TableHeading, *label)])
            })
            .collect(),
        header: true,
        keep_together: true,
    }
}

/// A priority's row: "Приоритет 1: …" in one cell across the table's `columns`, bold and
/// shaded, kept with the row after it (a priority's row never stands alone at the foot of a
/// page).
pub fn priority_row(priority: &Priority, columns: usize) -> Row {
    let text = format!(
        "{} {}: {}",
        document::PRIORITY,
        priority.number,
        priority.title
    );
    Row {
        cells: vec![Cell {
            span: columns as u32,
            shade: Some(SHADE_PRIORITY),
            ..Cell::of(vec![
                Paragraph::new(Style::TableText, text)
                    .bold()
                    .kept_with_next(),
            ])
        }],
        header: false,
        keep_together: true,
    }
}

/// Twentieths of a point an average character of the table's 9-point Times New Roman takes
/// (Cyrillic letters run a little wider than Latin ones).
const CHAR_WIDTH: u32 = 90;
/// The height of one line of table text at the documents' line spacing.
const LINE_HEIGHT: u32 = 230;
/// The cell margins left and right, and top and bottom.
const CELL_MARGINS: u32 = 114;
const CELL_MARGINS_VERTICAL: u32 = 56;
/// Room the repeated header and a priority's row take at the top of a page.
const PAGE_TOP: u32 = 1_500;

/// Twentieths of a point a bold character of a header takes, for [`header_words_fit`]:
/// measured on LibreOffice's pages, where „Изпълнени“ broke in a column of 1,020.
const HEADER_CHAR_WIDTH: u32 = 110;

/// Whether every word of every header fits its column on one line: a header broken inside
/// a word („Приорит/ет“) is what made the report workbook unreadable on paper.
///
/// # Examples
///
/// ```
/// use zakrila::write::document::layout::header_words_fit;
/// assert!(header_words_fit(&[("Неизпълнени", 1_400)]));
/// assert!(!header_words_fit(&[("Неизпълнени", 800)]));
/// ```
pub fn header_words_fit(columns: &[(&str, u32)]) -> bool {
    columns.iter().all(|(header, width)| {
        header
            .split_whitespace()
            .all(|word| word.chars().count() as u32 * HEADER_CHAR_WIDTH + CELL_MARGINS <= *width)
    })
}

/// Whether a row of these cells (in a table of these column widths) fits on one page of the
/// section, by an estimate of its lines that errs on the long side: Word cuts off a row that
/// may not split and is taller than a page, so only rows that surely fit are kept whole.
///
/// # Examples
///
/// ```
/// use zakrila::write::document::layout::fits_on_page;
/// use zakrila::write::document::ooxml::{Cell, Paragraph, Section, Style};
/// let short = vec![Cell::of(vec![Paragraph::new(Style::TableText, "Кратка дейност")])];
/// assert!(fits_on_page(&short, &[3000], Section::Landscape));
/// let long = vec![Cell::of(vec![Paragraph::new(Style::TableText, "дума ".repeat(2_000))])];
/// assert!(!fits_on_page(&long, &[3000], Section::Landscape));
/// ```
pub fn fits_on_page(cells: &[Cell], widths: &[u32], section: Section) -> bool {
    let mut col = 0usize;
    let mut tallest = 0u32;
    for cell in cells {
        let span = cell.span.max(1) as usize;
        let width: u32 = widths.iter().skip(col).take(span).sum();
        col += span;
        let per_line = (width.saturating_sub(CELL_MARGINS) / CHAR_WIDTH).max(1) as usize;
        let lines: usize = cell
            .paragraphs
            .iter()
            .map(|p| {
                let chars: usize = p.runs.iter().map(|r| r.text.chars().count()).sum();
                chars.div_ceil(per_line).max(1)
            })
            .sum();
        tallest = tallest.max(lines as u32 * LINE_HEIGHT + CELL_MARGINS_VERTICAL);
    }
    tallest + PAGE_TOP <= section.text_height()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::document::{PROGRAMME_COLUMNS, report};

    #[test]
    fn no_header_breaks_inside_a_word_and_tables_are_as_wide_as_their_page() {
        for (columns, section) in [
            (&PROGRAMME_COLUMNS[..], Section::Landscape),
            (&report::ACTIVITY_COLUMNS[..], Section::Landscape),
            (&report::SUMMARY_COLUMNS[..], Section::Portrait),
        ] {
            assert!(header_words_fit(columns), "{columns:?}");
            let width: u32 = columns.iter().map(|(_, w)| w).sum();
            assert_eq!(width, section.text_width(), "{columns:?}");
        }
    }
}
