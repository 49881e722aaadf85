//! Writes the agreed template workbook for a programme (spec: template.md, "The workbook").
//!
//! The output is a pure function of the config: same config, same bytes. That is what lets
//! `templates-xlsx/` be checked against the code byte for byte.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook,
    Worksheet, XlsxError,
};

use crate::config::{Currency, Programme, UNITS};
use crate::contract::template::{
    COLUMNS, Column, Entry, FILL_DOWN_RULES, INSTITUTION_FIELDS, ListKind, META_KEYS,
    META_PREFILLED, PREFILLED_BY, SHEET_ACTIVITIES, SHEET_GUIDE, SHEET_INSTITUTION, SHEET_LISTS,
    SHEET_META, TEMPLATE_ID, TEMPLATE_VERSION, column_letters,
};
use crate::write::print::{self, LAST_ROW, Page};

/// How many data rows of `Дейности` carry dropdowns and number checks (the contract asks
/// for at least 500; real contributions stay well under this).
pub const VALIDATED_ROWS: u32 = 1000;

/// Builds the template workbook and returns the .xlsx bytes.
///
/// # Errors
///
/// Only when rust_xlsxwriter rejects something, which for a checked [`Programme`] would be
/// a bug (for example an input message over Excel's limit).
///
/// # Examples
///
/// ```
/// let toml = "[programme]\ntitle = \"Програма\"\nmunicipality = \"Русе\"\n\
///     municipality_code = \"RSE27\"\nperiod_start = 2025-01-01\nperiod_end = 2026-12-31\n\
///     [[priority]]\nnumber = 1\ntitle = \"Образование\"\n\
///     [[priority.goal]]\ncode = \"1.1\"\ntitle = \"Ранно детско развитие\"\n\
///     [[institution]]\nname = \"Община Русе\"\n";
/// let programme = zakrila::config::Programme::from_bytes("p.toml".as_ref(), toml.as_bytes())?;
/// let bytes = zakrila::write::template::build(&programme)?;
/// assert_eq!(&bytes[..2], b"PK");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn build(programme: &Programme) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = new_workbook(programme)?;
    add_sheets(&mut workbook, programme)?;
    workbook.save_to_buffer()
}

/// The template with `institution` already chosen on `Институция` (the portal gives each
/// institution its own copy this way), otherwise the same as [`build`].
///
/// # Errors
///
/// As [`build`].
///
/// # Examples
///
/// ```
/// let programme = zakrila::config::Programme::load("samples/ruse-2025/programme.toml".as_ref())?;
/// let name = &programme.institutions[0].name;
/// let bytes = zakrila::write::template::build_for(&programme, name)?;
/// assert_ne!(bytes, zakrila::write::template::build(&programme)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn build_for(programme: &Programme, institution: &str) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = new_workbook(programme)?;
    add_sheets(&mut workbook, programme)?;
    workbook
        .worksheet_from_name(SHEET_INSTITUTION)?
        .write_with_format(0, 1, institution, &institution_value_format())?;
    workbook.save_to_buffer()
}

/// One value of a pre-filled `Дейности` cell: text, or a number in a number column.
#[derive(Clone, Debug, PartialEq)]
pub enum Prefilled {
    /// Text, as it is to be shown (line breaks kept).
    Text(String),
    /// A number.
    Number(f64),
}

/// One pre-filled row of `Дейности`, columns A–Q in contract order; `None` leaves a cell
/// blank.
pub type PrefilledRow = [Option<Prefilled>; 17];

/// The template with `institution` chosen on `Институция` and `rows` already on
/// `Дейности` from row 2 (spec: import.md, the pre-filled contributions), otherwise the same
/// as [`build`]: the institution edits what it promised last year instead of starting from
/// an empty sheet.
///
/// # Errors
///
/// As [`build`].
///
/// # Examples
///
/// ```
/// use zakrila::write::template::{Prefilled, PrefilledRow, build_prefilled};
/// let programme = zakrila::config::Programme::load("samples/ruse-2025/programme.toml".as_ref())?;
/// let mut row: PrefilledRow = Default::default();
/// row[0] = Some(Prefilled::Text("1".into()));
/// row[9] = Some(Prefilled::Number(10.0));
/// let bytes = build_prefilled(&programme, "РУО – Русе", &[row])?;
/// assert_eq!(&bytes[..2], b"PK");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn build_prefilled(
    programme: &Programme,
    institution: &str,
    rows: &[PrefilledRow],
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = new_workbook(programme)?;
    add_sheets(&mut workbook, programme)?;
    workbook
        .worksheet_from_name(SHEET_INSTITUTION)?
        .write_with_format(0, 1, institution, &institution_value_format())?;
    // Marks the file as pre-filled, so its still blank contact fields are a reminder to the
    // institution rather than errors when the secretary checks the files before sending them.
    let meta = workbook.worksheet_from_name(SHEET_META)?;
    let row = META_KEYS.len() as u32;
    meta.write(row, 0, META_PREFILLED)?;
    meta.write(row, 1, PREFILLED_BY)?;
    let sheet = workbook.worksheet_from_name(SHEET_ACTIVITIES)?;
    let data = data_format();
    let text = data.clone().set_num_format("@");
    for (index, row) in rows.iter().enumerate() {
        let r = index as u32 + 1;
        let mut heights = Vec::new();
        for (c, (value, column)) in row.iter().zip(COLUMNS.iter()).enumerate() {
            let col = c as u16;
            match value {
                Some(Prefilled::Text(value)) => {
                    let value = crate::normalise::text::cell_limit(value);
                    let format = if matches!(column.key, "goal" | "activity_code") {
                        &text
                    } else {
                        &data
                    };
                    sheet.write_string_with_format(r, col, value.as_ref(), format)?;
                    heights.push((value.into_owned(), column.width));
                }
                Some(Prefilled::Number(value)) => {
                    sheet.write_number_with_format(r, col, *value, &data)?;
                }
                None => {}
            }
        }
        let cells: Vec<(&str, f64)> = heights.iter().map(|(t, w)| (t.as_str(), *w)).collect();
        if let Some(height) = wrapped_row_height(&cells) {
            sheet.set_row_height(r, height.min(409.0))?;
        }
    }
    workbook.save_to_buffer()
}

/// A workbook with the template's document properties and no sheets yet.
///
/// # Errors
///
/// As [`build`].
pub fn new_workbook(programme: &Programme) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation time: the file must not change with the clock.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} – {}", programme.title, programme.municipality))
            .set_subject("Шаблон за принос към общинската програма за закрила на детето")
            .set_author("zakrila")
            .set_creation_datetime(&created),
    );
    Ok(workbook)
}

/// Adds the five template sheets, in contract order, to `workbook`; `Дейности` is active.
///
/// `validate --annotate` builds on this to give back a submission in the template layout.
///
/// # Errors
///
/// As [`build`].
pub fn add_sheets(workbook: &mut Workbook, programme: &Programme) -> Result<(), XlsxError> {
    let lists = Lists::new(programme);
    write_guide(workbook.add_worksheet(), programme)?;
    write_institution(workbook.add_worksheet(), &lists)?;
    write_activities(workbook.add_worksheet(), &lists)?;
    write_lists(workbook.add_worksheet(), &lists)?;
    write_meta(workbook.add_worksheet(), programme)?;
    Ok(())
}

/// The format of a value cell (column B) of `Институция`.
pub fn institution_value_format() -> Format {
    data_format().set_border(FormatBorder::Thin)
}

/// The format of an editable data cell of `Дейности` and `Институция`: unlocked, wrapping,
/// aligned to the top. Cells written with another fill must start from this one.
pub fn data_format() -> Format {
    Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
}

/// The values of the dropdown lists, in `Списъци` column order.
struct Lists {
    columns: Vec<Vec<String>>,
}

impl Lists {
    fn new(programme: &Programme) -> Lists {
        let columns = ListKind::ALL
            .iter()
            .map(|kind| match kind {
                ListKind::Priorities => programme.priorities.iter().map(|p| p.label()).collect(),
                ListKind::Goals => programme
                    .priorities
                    .iter()
                    .flat_map(|p| p.goals.iter().map(|g| g.label()))
                    .collect(),
                ListKind::Institutions => programme
                    .institutions
                    .iter()
                    .map(|i| i.name.clone())
                    .collect(),
                ListKind::FundingSources => programme.funding_sources.clone(),
                ListKind::Units => UNITS.map(String::from).to_vec(),
                ListKind::Currencies => [Currency::Eur, Currency::Bgn]
                    .map(|c| c.code().to_string())
                    .to_vec(),
            })
            .collect();
        Lists { columns }
    }

    fn values(&self, kind: ListKind) -> &[String] {
        &self.columns[usize::from(kind.column())]
    }

    /// The absolute reference of a list's cells on `Списъци`, for a validation formula.
    fn range_formula(&self, kind: ListKind) -> Formula {
        let letters = column_letters(kind.column());
        let last_row = self.values(kind).len() + 1;
        Formula::new(format!(
            "='{SHEET_LISTS}'!${letters}$2:${letters}${last_row}"
        ))
    }
}

/// The format of a header cell in every workbook zakrila writes: bold, wrapped, on a light
/// blue background, with a thin border.
pub fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xD9E2F3))
        .set_border(FormatBorder::Thin)
        .set_locked()
}

fn write_guide(sheet: &mut Worksheet, programme: &Programme) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_GUIDE)?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let bold = wrap.clone().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let section = Format::new().set_bold().set_font_size(12);
    sheet.set_column_width(0, GUIDE_LABEL_WIDTH)?;
    sheet.set_column_width(1, GUIDE_TEXT_WIDTH)?;

    sheet.write_with_format(0, 0, "Указания за попълване на шаблона", &title)?;
    sheet.merge_range(
        1,
        0,
        1,
        1,
        &format!(
            "{} — община {} ({}), период {} – {}",
            programme.title,
            programme.municipality,
            programme.municipality_code,
            programme.period_start.format("%d.%m.%Y"),
            programme.period_end.format("%d.%m.%Y")
        ),
        &wrap,
    )?;
    let intro = [
        "1. На лист „Институция“ изберете вашата институция и попълнете лицето за контакт и имейла.",
        "2. На лист „Дейности“ попълнете по един ред за всеки индикатор на всяка ваша дейност. Заглавният ред е заключен; всички останали клетки се попълват свободно.",
        "3. Проверете файла с „zakrila validate“ (или го изпратете на секретаря на комисията): ще получите списък с всяка клетка, която трябва да се поправи.",
    ];
    let mut row = 3;
    for line in intro {
        sheet.merge_range(row, 0, row, 1, line, &wrap)?;
        fit_row(sheet, row, line, GUIDE_LABEL_WIDTH + GUIDE_TEXT_WIDTH)?;
        row += 1;
    }

    row += 1;
    sheet.write_with_format(row, 0, "Колоните на лист „Дейности“", &section)?;
    row += 1;
    for (index, column) in COLUMNS.iter().enumerate() {
        let need = if column.required {
            "задължително"
        } else {
            "по желание"
        };
        sheet.write_with_format(
            row,
            0,
            format!(
                "{} · {} ({need})",
                column_letters(index as u16),
                column.header
            ),
            &bold,
        )?;
        sheet.write_with_format(row, 1, column.guide, &wrap)?;
        fit_row(sheet, row, column.guide, GUIDE_TEXT_WIDTH)?;
        row += 1;
    }

    row += 1;
    sheet.write_with_format(row, 0, "Празни клетки и попълване надолу", &section)?;
    row += 1;
    for rule in FILL_DOWN_RULES {
        sheet.merge_range(row, 0, row, 1, rule, &wrap)?;
        fit_row(sheet, row, rule, GUIDE_LABEL_WIDTH + GUIDE_TEXT_WIDTH)?;
        row += 1;
    }

    row += 1;
    sheet.write_with_format(row, 0, "Примерен ред", &section)?;
    row += 1;
    let example_intro = "Така изглежда един попълнен ред на лист „Дейности“ (заглавие на колоната → стойност). Вторият индикатор на същата дейност е на следващия ред, с празни „№ на дейност“ и „Дейност“.";
    sheet.merge_range(row, 0, row, 1, example_intro, &wrap)?;
    fit_row(
        sheet,
        row,
        example_intro,
        GUIDE_LABEL_WIDTH + GUIDE_TEXT_WIDTH,
    )?;
    row += 1;
    for (column, value) in COLUMNS.iter().zip(example_row(programme)) {
        sheet.write_with_format(row, 0, column.header, &bold)?;
        sheet.write_with_format(row, 1, value.as_str(), &wrap)?;
        fit_row(sheet, row, &value, GUIDE_TEXT_WIDTH)?;
        row += 1;
    }
    print::set_up(
        sheet,
        Page {
            landscape: true,
            repeat: None,
            last: (row - 1, 1),
            gridlines: false,
        },
    )
}

/// Width of the label column of `Указания`, in character units.
const GUIDE_LABEL_WIDTH: f64 = 36.0;
/// Width of the text column of `Указания`, in character units.
const GUIDE_TEXT_WIDTH: f64 = 90.0;

/// Sets a row tall enough for `text` wrapped in `width` character units.
fn fit_row(sheet: &mut Worksheet, row: u32, text: &str, width: f64) -> Result<(), XlsxError> {
    if let Some(height) = wrapped_row_height(&[(text, width)]) {
        sheet.set_row_height(row, height)?;
    }
    Ok(())
}

/// The height (in points) a row needs for the tallest of its wrapped cells, each given as
/// (text, column width in character units); None when one line is enough.
///
/// Spreadsheet programs do not reliably grow rows for wrapped text on opening (LibreOffice
/// keeps the default height), so zakrila sets heights itself. Cyrillic text in the default
/// font runs about 1.1 characters per width unit; the lines are counted as a spreadsheet
/// wraps them, at spaces, and a little slack keeps the last line visible.
///
/// # Examples
///
/// ```
/// use zakrila::write::template::wrapped_row_height;
/// assert_eq!(wrapped_row_height(&[("кратко", 30.0)]), None);
/// assert!(wrapped_row_height(&[(&"дълъг текст ".repeat(20), 30.0)]).unwrap() > 60.0);
/// // Seven characters a line, wrapped at spaces: "аааа", "ббббб", "ввв" — three lines,
/// // not the two that 14 characters would fill.
/// assert_eq!(wrapped_row_height(&[("аааа ббббб ввв", 7.0)]), Some(47.0));
/// ```
pub fn wrapped_row_height(cells: &[(&str, f64)]) -> Option<f64> {
    let lines = cells
        .iter()
        .map(|(text, width)| {
            let per_line = (width * 1.1).floor().max(1.0) as usize;
            text.split('\n')
                .map(|line| wrapped_lines(line, per_line))
                .sum::<usize>()
        })
        .max()
        .unwrap_or(1);
    (lines > 1).then_some(15.0 * lines as f64 + 2.0)
}

/// The lines one paragraph takes in a cell `per_line` characters wide, wrapped at spaces as
/// a spreadsheet wraps it (a word longer than a line is cut).
fn wrapped_lines(paragraph: &str, per_line: usize) -> usize {
    let mut lines = 1;
    let mut used = 0;
    for word in paragraph.split(' ') {
        let length = word.chars().count();
        let needed = if used == 0 { length } else { used + 1 + length };
        if needed <= per_line {
            used = needed;
        } else if used == 0 {
            // A word longer than the line, alone on its lines.
            lines += (length - 1) / per_line;
            used = (length - 1) % per_line + 1;
        } else {
            lines += 1 + length.saturating_sub(1) / per_line;
            used = if length == 0 {
                0
            } else {
                (length - 1) % per_line + 1
            };
        }
    }
    lines
}

/// The height of a header row of (title, column width) cells: as tall as its longest title
/// wraps, at least one line.
pub(crate) fn header_height(headers: &[(&str, f64)]) -> f64 {
    wrapped_row_height(headers).unwrap_or(15.0)
}

/// An example row built from the programme itself, so every value in it is valid here.
fn example_row(programme: &Programme) -> [String; 17] {
    let priority = &programme.priorities[0];
    let goal = &priority.goals[0];
    let lead = &programme.institutions[0].name;
    let partner = programme
        .institutions
        .get(1)
        .map_or_else(String::new, |i| i.name.clone());
    let first_year = programme.period_start.format("%Y");
    let last_year = programme.period_end.format("%Y");
    let deadline = if first_year.to_string() == last_year.to_string() {
        format!("{first_year} г.")
    } else {
        format!("{first_year} г.-{last_year} г.")
    };
    [
        priority.label(),
        goal.label(),
        format!("{}.1", goal.code),
        "Информационни срещи с родители по въпроси за здравето и развитието на детето в ранна възраст".into(),
        deadline,
        "Повишена информираност на родителите".into(),
        "Брой проведени срещи".into(),
        "брой".into(),
        "4".into(),
        "12".into(),
        "1500".into(),
        programme.currency.code().into(),
        programme.funding_sources[0].clone(),
        "Собствени средства".into(),
        lead.clone(),
        partner,
        String::new(),
    ]
}

fn write_institution(sheet: &mut Worksheet, lists: &Lists) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_INSTITUTION)?;
    let label = Format::new().set_bold().set_locked();
    let value = institution_value_format();
    let date_value = value.clone().set_num_format("dd.mm.yyyy");
    let hint = Format::new()
        .set_italic()
        .set_font_color(Color::Gray)
        .set_locked();
    sheet.set_column_width(0, 20)?;
    sheet.set_column_width(1, 60)?;
    sheet.set_column_width(2, 16)?;
    for (row, field) in INSTITUTION_FIELDS.iter().enumerate() {
        let row = row as u32;
        sheet.write_with_format(row, 0, field.label, &label)?;
        let format = if field.label == "Дата" {
            &date_value
        } else {
            &value
        };
        sheet.write_blank(row, 1, format)?;
        let need = if field.required {
            "задължително"
        } else {
            "по желание"
        };
        sheet.write_with_format(row, 2, need, &hint)?;
        let validation = match field.label {
            "Институция" => DataValidation::new()
                .allow_list_formula(lists.range_formula(ListKind::Institutions))
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_title("Непозната институция")?
                .set_error_message(
                    "Тази институция не е в списъка на програмата. Изберете я от падащия списък.",
                )?,
            "Дата" => DataValidation::new()
                .allow_date(DataValidationRule::GreaterThan(ExcelDateTime::from_ymd(
                    2000, 1, 1,
                )?))
                .set_error_title("Невалидна дата")?
                .set_error_message("Въведете дата, напр. 15.03.2025.")?,
            _ => DataValidation::new().allow_any_value(),
        };
        let validation = validation
            .set_input_title(field.label)?
            .set_input_message(field.input_message)?;
        sheet.add_data_validation(row, 1, row, 1, &validation)?;
    }
    print::set_up(
        sheet,
        Page {
            landscape: false,
            repeat: None,
            last: (INSTITUTION_FIELDS.len() as u32 - 1, 2),
            gridlines: false,
        },
    )?;
    protect(sheet);
    Ok(())
}

fn write_activities(sheet: &mut Worksheet, lists: &Lists) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_ACTIVITIES)?;
    sheet.set_active(true);
    let header = header_format();
    let data = data_format();
    for (index, column) in COLUMNS.iter().enumerate() {
        let col = index as u16;
        sheet.write_with_format(0, col, column.header, &header)?;
        sheet.set_column_width(col, column.width)?;
        // Codes typed as "1.2" or "1.2.3" would become dates in the Bulgarian locale:
        // the code columns are text.
        if matches!(column.key, "goal" | "activity_code") {
            sheet.set_column_format(col, &data.clone().set_num_format("@"))?;
        } else {
            sheet.set_column_format(col, &data)?;
        }
        let validation = validation_for(column, lists)?;
        sheet.add_data_validation(1, col, VALIDATED_ROWS, col, &validation)?;
    }
    let headers: Vec<(&str, f64)> = COLUMNS.iter().map(|c| (c.header, c.width)).collect();
    sheet.set_row_height(0, header_height(&headers))?;
    sheet.set_freeze_panes(1, 0)?;
    // The institution adds the rows: the print area is the columns, down to the last row
    // filled.
    print::set_up(sheet, Page::table(LAST_ROW, COLUMNS.len() as u16 - 1))?;
    protect(sheet);
    Ok(())
}

fn validation_for(column: &Column, lists: &Lists) -> Result<DataValidation, XlsxError> {
    let validation = match column.entry {
        Entry::Text => DataValidation::new().allow_any_value(),
        // A warning, not a stop: the contract also accepts a bare priority number, a bare
        // goal code and institution aliases, which are not in the lists.
        Entry::List(kind) => DataValidation::new()
            .allow_list_formula(lists.range_formula(kind))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title("Стойност извън списъка")?
            .set_error_message(
                "Стойността не е от списъка. Изберете от падащия списък, освен ако не сте сигурни, че е правилна.",
            )?,
        Entry::Number { min } => {
            let rule = match min {
                Some(min) => DataValidationRule::GreaterThanOrEqualTo(min),
                None => DataValidationRule::Between(-1e15, 1e15),
            };
            let message = match min {
                Some(_) => {
                    "Въведете число, не по-малко от 0, напр. 60997,40 — без „лв.“ или „евро“; валутата се избира в колона „Валута“."
                }
                None => "Въведете число, напр. 120 или 12,5 — без текст и мерни единици.",
            };
            DataValidation::new()
                .allow_decimal_number(rule)
                .set_error_title("Очаква се число")?
                .set_error_message(message)?
        }
    };
    validation
        .set_input_title(column.input_title)?
        .set_input_message(column.input_message)
}

fn write_lists(sheet: &mut Worksheet, lists: &Lists) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_LISTS)?;
    sheet.set_hidden(true);
    let header = header_format();
    for kind in ListKind::ALL {
        let col = kind.column();
        sheet.write_with_format(0, col, kind.header(), &header)?;
        sheet.set_column_width(col, 40)?;
        for (row, value) in lists.values(kind).iter().enumerate() {
            sheet.write(row as u32 + 1, col, value)?;
        }
    }
    protect(sheet);
    Ok(())
}

fn write_meta(sheet: &mut Worksheet, programme: &Programme) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_META)?;
    sheet.set_very_hidden(true);
    let values = [
        TEMPLATE_ID.to_string(),
        TEMPLATE_VERSION.to_string(),
        programme.municipality_code.clone(),
        programme.period_start.format("%Y-%m-%d").to_string(),
        programme.period_end.format("%Y-%m-%d").to_string(),
        programme.sha256.clone(),
    ];
    for (row, (key, value)) in META_KEYS.iter().zip(values).enumerate() {
        sheet.write(row as u32, 0, *key)?;
        sheet.write(row as u32, 1, value)?;
    }
    Ok(())
}

/// Protects a sheet without a password, leaving people free to size, insert and delete rows.
fn protect(sheet: &mut Worksheet) {
    let options = ProtectionOptions {
        format_cells: true,
        format_columns: true,
        format_rows: true,
        insert_rows: true,
        delete_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    };
    sheet.protect_with_options(&options);
}
