//! How every visible sheet zakrila writes goes on paper: A4, as wide as the page and as many
//! pages long as it takes, its header rows repeated on every page, only its table printed,
//! the sheet's name and the page number in the footer. Each writer says what its sheet is
//! ([`Page`]); the settings are made here, once.
//!
//! Every sheet is fitted to the page width (Excel's and LibreOffice's "fit to 1 page wide,
//! any number tall"), so no column is cut onto a page of its own. Excel ignores manual page
//! breaks on such a sheet, so charts are placed where a page cannot cut them instead: at the
//! top of their sheet, on its first page, each lower than a page (see [`CHART_MAX_HEIGHT`]).

use rust_xlsxwriter::{Chart, ChartAxisCrossing, ChartFont, Worksheet, XlsxError};

/// Paper size 9 of the Office Open XML list: A4.
const A4: u8 = 9;

/// The footer of every sheet: the sheet's name on the left, "3 / 12" in the middle. Words
/// of no language, so the same in a Bulgarian and an English run.
pub(crate) const FOOTER: &str = "&L&A&C&P / &N";

/// The tallest a chart may be, in pixels, so that it prints whole on the first page: a
/// landscape A4 page with [`set_up`]'s margins holds about 680 pixels of sheet at 100 %, and
/// fitting to the width only ever makes a sheet smaller.
pub(crate) const CHART_MAX_HEIGHT: u32 = 640;

/// The last row of a sheet (0-based): a print area down to it takes whole columns, for a
/// sheet the user fills, whose last row zakrila does not know (blank rows are not printed).
pub(crate) const LAST_ROW: u32 = 1_048_575;

/// What a sheet is, for printing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Page {
    /// Landscape for a wide table, portrait for a narrow one.
    pub(crate) landscape: bool,
    /// The rows printed at the top of every page (0-based, first and last), when the sheet
    /// is a table with a header.
    pub(crate) repeat: Option<(u32, u32)>,
    /// The last row and column printed (0-based): the print area starts at A1.
    pub(crate) last: (u32, u16),
    /// Grid lines on paper, for a table whose cells have no borders.
    pub(crate) gridlines: bool,
}

impl Page {
    /// A wide table with its header in the first row and no borders of its own: landscape,
    /// row 1 repeated, grid lines printed.
    pub(crate) fn table(last_row: u32, last_col: u16) -> Page {
        Page {
            landscape: true,
            repeat: Some((0, 0)),
            last: (last_row, last_col),
            gridlines: true,
        }
    }
}

/// Sets up `sheet` for printing as `page` says: A4, fitted to the page width, margins of
/// about a centimetre, the print area, the repeated rows and the footer.
///
/// # Errors
///
/// When a row or column is past a sheet's limits, which would be a bug.
pub(crate) fn set_up(sheet: &mut Worksheet, page: Page) -> Result<(), XlsxError> {
    sheet.set_paper_size(A4);
    if page.landscape {
        sheet.set_landscape();
    } else {
        sheet.set_portrait();
    }
    sheet.set_print_fit_to_pages(1, 0);
    // Inches: left, right, top, bottom, header, footer.
    sheet.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    sheet.set_print_area(0, 0, page.last.0, page.last.1)?;
    if let Some((first, last)) = page.repeat {
        sheet.set_repeat_rows(first, last)?;
    }
    sheet.set_print_gridlines(page.gridlines);
    sheet.set_footer(FOOTER);
    Ok(())
}

/// A bar chart's bars in the order of their table, the first at the top (a bar chart starts
/// at the bottom), the value axis below them, and the labels a size smaller than the
/// default, so that LibreOffice shows every one of them. (In rust_xlsxwriter a bar chart's
/// categories are on its y axis.)
pub(crate) fn bars_in_table_order(chart: &mut Chart) {
    chart
        .y_axis()
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max)
        .set_font(ChartFont::new().set_size(8));
}
