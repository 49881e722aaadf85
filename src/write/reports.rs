//! The reporting round (spec: reporting.md): one reporting workbook per lead institution
//! (`report new`), with only its own indicators, to be filled a year later.
//!
//! Each indicator row carries a hidden key (`Ключ`: merged activity code and the indicator's
//! place in it) so that `report collect` finds it again even when rows are sorted or
//! deleted; `_meta` ties the workbook to the exact programme it was made from.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use crate::config::Programme;
use crate::contract::reporting::{
    REPORT_HEADERS, REPORT_ID, REPORT_VERSION, SHEET_REPORT, Status, report_col,
};
use crate::contract::template::{INSTITUTION_FIELDS, SHEET_INSTITUTION, SHEET_META};
use crate::model::programme_rows::DataRow;
use crate::write::print::{self, Page};

/// A file name made safe for Windows, macOS and Linux: Cyrillic kept, the characters
/// forbidden somewhere (`< > : " / \ | ? *` and control characters) replaced with "-",
/// no trailing dot or space, and Windows' reserved names avoided.
///
/// # Examples
///
/// ```
/// use zakrila::write::reports::safe_file_name;
/// assert_eq!(safe_file_name("Дирекция „Социално подпомагане“ – Русе"), "Дирекция „Социално подпомагане“ – Русе");
/// assert_eq!(safe_file_name("ЦПЛР: ЦСОП / Русе?"), "ЦПЛР- ЦСОП - Русе-");
/// assert_eq!(safe_file_name("CON"), "CON-");
/// assert_eq!(safe_file_name("  . "), "отчет");
/// ```
pub fn safe_file_name(name: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '-',
            c if c.is_control() => '-',
            c => c,
        })
        .collect();
    let trimmed = replaced.trim().trim_end_matches(['.', ' ']).to_string();
    if trimmed.is_empty() {
        return "отчет".to_string();
    }
    const RESERVED: [&str; 22] = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
        "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    let stem = trimmed.split('.').next().unwrap_or("").to_ascii_uppercase();
    if RESERVED.contains(&stem.as_str()) {
        return format!("{trimmed}-");
    }
    // Keep well under every file system's 255-byte limit, on a character boundary.
    let mut cut = trimmed;
    while cut.len() > 180 {
        cut.pop();
    }
    cut
}

/// Builds one institution's reporting workbook.
///
/// # Errors
///
/// Only when rust_xlsxwriter rejects something, which would be a bug.
pub fn build(
    programme: &Programme,
    institution: &str,
    rows: &[(String, &DataRow)],
    digest: &str,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("Отчет – {institution}"))
            .set_author("zakrila")
            .set_creation_datetime(&created),
    );
    write_report(workbook.add_worksheet(), rows)?;
    write_institution(workbook.add_worksheet(), institution)?;
    let meta = workbook.add_worksheet();
    meta.set_name(SHEET_META)?;
    meta.set_very_hidden(true);
    let values = [
        ("template_id", REPORT_ID.to_string()),
        ("template_version", REPORT_VERSION.to_string()),
        ("municipality_code", programme.municipality_code.clone()),
        ("period_start", programme.period_start.to_string()),
        ("period_end", programme.period_end.to_string()),
        ("programme_sha256", digest.to_string()),
        ("institution", institution.to_string()),
    ];
    for (row, (key, value)) in values.iter().enumerate() {
        meta.write(row as u32, 0, *key)?;
        meta.write(row as u32, 1, value.as_str())?;
    }
    workbook.save_to_buffer()
}

const REPORT_WIDTHS: [f64; 12] = [
    10.0, 45.0, 40.0, 10.0, 11.0, 11.0, 12.0, 12.0, 18.0, 13.0, 35.0, 10.0,
];

fn write_report(sheet: &mut Worksheet, rows: &[(String, &DataRow)]) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_REPORT)?;
    sheet.set_active(true);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xD9E2F3))
        .set_border(FormatBorder::Thin);
    let editable_header = header.clone().set_background_color(Color::RGB(0xFFF2CC));
    let locked = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xF2F2F2));
    let editable = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let percent = locked.clone().set_num_format("0.0%");
    for (col, (title, width)) in REPORT_HEADERS.iter().zip(REPORT_WIDTHS).enumerate() {
        let col = col as u16;
        let format = if matches!(
            col,
            report_col::VALUE | report_col::STATUS | report_col::SPENT | report_col::COMMENT
        ) {
            &editable_header
        } else {
            &header
        };
        sheet.write_with_format(0, col, *title, format)?;
        sheet.set_column_width(col, width)?;
    }
    sheet.set_column_hidden(report_col::KEY)?;
    let headers: Vec<(&str, f64)> = REPORT_HEADERS.iter().copied().zip(REPORT_WIDTHS).collect();
    sheet.set_row_height(0, crate::write::template::header_height(&headers))?;

    for (index, (key, row)) in rows.iter().enumerate() {
        let r = index as u32 + 1;
        sheet.write_with_format(r, 0, row.activity_code.as_str(), &locked)?;
        sheet.write_with_format(r, 1, row.activity.as_str(), &locked)?;
        sheet.write_with_format(r, 2, row.indicator.as_str(), &locked)?;
        sheet.write_with_format(r, 3, row.unit.as_deref().unwrap_or(""), &locked)?;
        match row.baseline {
            Some(v) => sheet.write_number_with_format(r, 4, v, &locked)?,
            None => sheet.write_blank(r, 4, &locked)?,
        };
        match row.target {
            Some(v) => sheet.write_number_with_format(r, 5, v, &locked)?,
            None => sheet.write_blank(r, 5, &locked)?,
        };
        for col in [
            report_col::VALUE,
            report_col::STATUS,
            report_col::SPENT,
            report_col::COMMENT,
        ] {
            sheet.write_blank(r, col, &editable)?;
        }
        let excel_row = r + 1;
        // Blank, not zero, when the value or the target is missing (or the target is 0).
        let formula = Formula::new(format!(
            "=IF(OR(G{excel_row}=\"\",F{excel_row}=\"\",F{excel_row}=0),\"\",G{excel_row}/F{excel_row})"
        ))
        .set_result("");
        sheet.write_formula_with_format(r, report_col::ACHIEVEMENT, formula, &percent)?;
        sheet.write_with_format(r, report_col::KEY, key.as_str(), &locked)?;
        let texts = [
            (row.activity.as_str(), REPORT_WIDTHS[1]),
            (row.indicator.as_str(), REPORT_WIDTHS[2]),
        ];
        if let Some(height) = crate::write::template::wrapped_row_height(&texts) {
            sheet.set_row_height(r, height.min(409.0))?;
        }
    }
    let last = rows.len().max(1) as u32;
    let labels: Vec<&str> = Status::ALL.iter().map(|s| s.label()).collect();
    let status = DataValidation::new()
        .allow_list_strings(&labels)?
        .set_input_title("Статус")?
        .set_input_message(
            "Изберете от списъка: Изпълнена, Частично изпълнена, Неизпълнена, В процес или Отпада.",
        )?
        .set_error_title("Непознат статус")?
        .set_error_message("Изберете статус от падащия списък.")?;
    sheet.add_data_validation(1, report_col::STATUS, last, report_col::STATUS, &status)?;
    let number = |title: &str, message: &str| -> Result<DataValidation, XlsxError> {
        DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_input_title(title)?
            .set_input_message(message)?
            .set_error_title("Очаква се число")?
            .set_error_message("Въведете число, не по-малко от 0, без мерни единици.")
    };
    sheet.add_data_validation(
        1,
        report_col::VALUE,
        last,
        report_col::VALUE,
        &number(
            "Отчетена стойност",
            "Числото, постигнато за индикатора, напр. 120 или 12,5.",
        )?,
    )?;
    sheet.add_data_validation(
        1,
        report_col::SPENT,
        last,
        report_col::SPENT,
        &number(
            "Изразходван бюджет",
            "Изразходваната сума във валутата на дейността, само число.",
        )?,
    )?;
    sheet.set_freeze_panes(1, 3)?;
    // The hidden key column (L) is not printed.
    print::set_up(
        sheet,
        Page {
            gridlines: false,
            ..Page::table(last, report_col::KEY - 1)
        },
    )?;
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    Ok(())
}

fn write_institution(sheet: &mut Worksheet, institution: &str) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_INSTITUTION)?;
    let label = Format::new().set_bold();
    let value = crate::write::template::institution_value_format();
    sheet.set_column_width(0, 20)?;
    sheet.set_column_width(1, 60)?;
    for (row, field) in INSTITUTION_FIELDS.iter().enumerate() {
        let row = row as u32;
        sheet.write_with_format(row, 0, field.label, &label)?;
        if field.label == "Институция" {
            // Pre-filled and locked: the report belongs to this institution.
            sheet.write_with_format(
                row,
                1,
                institution,
                &label.clone().set_border(FormatBorder::Thin),
            )?;
        } else {
            sheet.write_blank(row, 1, &value)?;
        }
    }
    print::set_up(
        sheet,
        Page {
            landscape: false,
            repeat: None,
            last: (INSTITUTION_FIELDS.len() as u32 - 1, 1),
            gridlines: false,
        },
    )?;
    sheet.protect();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_everywhere() {
        for name in [
            "a/b", "a\\b", "a:b", "a*b", "a?b", "a\"b", "a<b>", "a|b", "x\u{1}y",
        ] {
            let safe = safe_file_name(name);
            assert!(
                !safe.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|']),
                "{safe}"
            );
            assert!(!safe.chars().any(char::is_control));
        }
        assert_eq!(safe_file_name("Училища."), "Училища");
        assert_eq!(safe_file_name("lpt1.txt"), "lpt1.txt-");
        assert!(safe_file_name(&"Дълго име ".repeat(40)).len() <= 180);
    }
}
