//! The CSV for the national agency, and its Frictionless Data Package (spec: national-csv.md).
//!
//! One row per indicator in programme order, from the programme workbook's `Данни` sheet
//! (and, with `--report`, the implementation report's `Изпълнение`). The output is a pure
//! function of those inputs and the config: the same inputs give the same bytes.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::{Value, json};

use crate::config::Programme;
use crate::contract::national_csv::{FIELDS, Kind};
use crate::model::programme_rows::DataRow;
use crate::model::reporting::{Outcome, achievement, row_keys};

/// How the CSV is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dialect {
    /// Bulgarian-locale Excel: BOM, ";", decimal comma and codes kept as text.
    pub excel: bool,
    /// Windows-1251 instead of UTF-8.
    pub windows_1251: bool,
}

/// A character the chosen encoding cannot hold.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: Windows-1251 has no {character:?}")]
pub struct Unencodable {
    /// 1-based CSV line (the header is line 1).
    pub line: usize,
    /// The column's name.
    pub column: &'static str,
    /// The character.
    pub character: char,
}

/// The characters that make a spreadsheet program run a cell as a formula when a text starts
/// with one of them (OWASP, "CSV Injection"): `=`, `+`, `-` and `@`, tab and carriage
/// return, and their full-width forms, which some Excel locales take for the same.
pub const FORMULA_STARTS: [char; 10] = [
    '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// The mark before a goal or activity code in the Excel dialect: U+200B ZERO WIDTH SPACE.
/// Bulgarian-locale Excel and LibreOffice read "1.2.3" as a date and Excel "1.1" too;
/// with a character before it that no number or date starts with, the code stays text,
/// and this one is invisible in both (an apostrophe, the formula guard, shows in both).
pub const CODE_MARK: char = '\u{200B}';

/// A text as a CSV field that no spreadsheet program runs as a formula, in every CSV zakrila
/// writes (the national CSV in both dialects, the portal's `manifest.csv`): a text starting
/// with one of [`FORMULA_STARTS`] — or with an apostrophe, so that the rule can be undone
/// exactly — gets an apostrophe in front. Nothing is dropped: removing one leading
/// apostrophe gives the text back.
///
/// # Examples
///
/// ```
/// use zakrila::write::csv::neutralise;
/// assert_eq!(neutralise("=cmd|' -C calc'!A0.xlsx"), "'=cmd|' -C calc'!A0.xlsx");
/// assert_eq!(neutralise("- обучения"), "'- обучения");
/// assert_eq!(neutralise("'цитат'"), "''цитат'");
/// assert_eq!(neutralise("Община Русе"), "Община Русе");
/// ```
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) || text.starts_with('\'') {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The CSV's records as text, before a dialect is applied: header first, then one record
/// per indicator; numbers with a decimal point, dates in ISO 8601, texts as written.
pub fn records(
    programme: &Programme,
    rows: &[DataRow],
    outcomes: Option<&HashMap<String, Outcome>>,
) -> Vec<Vec<String>> {
    let keys = row_keys(rows);
    let number = |v: Option<f64>, decimals: Option<usize>| -> String {
        match (v, decimals) {
            (None, _) => String::new(),
            (Some(v), Some(d)) => format!("{v:.d$}"),
            (Some(v), None) => format!("{v}"),
        }
    };
    let text = |s: &str| s.to_string();
    let mut records = vec![FIELDS.iter().map(|f| f.name.to_string()).collect()];
    for (row, key) in rows.iter().zip(&keys) {
        let priority = programme
            .priorities
            .iter()
            .find(|p| p.number == row.priority);
        let goal = programme.goal(&row.goal).map(|(_, g)| g);
        let outcome = outcomes.and_then(|o| o.get(key));
        let actual = outcome.and_then(|o| o.actual);
        let pct = achievement(actual, row.target).map(|f| f * 100.0);
        records.push(vec![
            text(&programme.municipality_code),
            text(&programme.municipality),
            programme.period_start.to_string(),
            programme.period_end.to_string(),
            row.priority.to_string(),
            text(priority.map_or("", |p| p.title.as_str())),
            text(&row.goal),
            text(goal.map_or("", |g| g.title.as_str())),
            text(&row.activity_code),
            text(&row.activity),
            text(&row.deadline),
            row.start.to_string(),
            row.end.to_string(),
            text(row.expected_result.as_deref().unwrap_or("")),
            text(&row.indicator),
            text(row.unit.as_deref().unwrap_or("")),
            number(row.baseline, None),
            number(row.target, None),
            number(actual, None),
            number(pct, Some(1)),
            text(outcome.and_then(|o| o.status.as_deref()).unwrap_or("")),
            number(row.budget, None),
            row.currency.code().to_string(),
            number(row.budget_eur, Some(2)),
            text(row.funding_source.as_deref().unwrap_or("")),
            text(row.funding_note.as_deref().unwrap_or("")),
            text(&row.leads.join("; ")),
            text(&row.partners.join("; ")),
            text(&row.submitted_by),
            text(&row.file),
            row.row.to_string(),
        ]);
    }
    records
}

/// One field of a data record as the dialect writes it: every text through [`neutralise`];
/// in the Excel dialect numbers with a decimal comma and codes behind [`CODE_MARK`] (an
/// apostrophe in Windows-1251, which has no invisible character).
fn field_text(value: &str, kind: Kind, dialect: Dialect) -> Cow<'_, str> {
    match kind {
        Kind::Number if dialect.excel => Cow::Owned(value.replace('.', ",")),
        Kind::Number | Kind::Date | Kind::Integer => Cow::Borrowed(value),
        Kind::Code if dialect.excel && !value.is_empty() => {
            let mark = if dialect.windows_1251 {
                '\''
            } else {
                CODE_MARK
            };
            Cow::Owned(format!("{mark}{value}"))
        }
        Kind::Code | Kind::String => neutralise(value),
    }
}

/// Writes the records (as [`records`] gives them) as CSV bytes in the dialect.
///
/// # Errors
///
/// [`Unencodable`] when Windows-1251 cannot hold a character, with its line and column.
pub fn write(records: &[Vec<String>], dialect: Dialect) -> Result<Vec<u8>, Unencodable> {
    let written: Vec<Vec<Cow<'_, str>>> = records
        .iter()
        .enumerate()
        .map(|(line, record)| {
            record
                .iter()
                .zip(&FIELDS)
                .map(|(value, field)| match line {
                    0 => Cow::Borrowed(value.as_str()),
                    _ => field_text(value, field.kind, dialect),
                })
                .collect()
        })
        .collect();
    if dialect.windows_1251 {
        for (line, record) in written.iter().enumerate() {
            for (column, value) in record.iter().enumerate() {
                if let Some(character) = unencodable_char(value) {
                    return Err(Unencodable {
                        line: line + 1,
                        column: FIELDS[column].name,
                        character,
                    });
                }
            }
        }
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(if dialect.excel { b';' } else { b',' })
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    for record in &written {
        // Writing into memory cannot fail.
        let _ = writer.write_record(record.iter().map(|v| v.as_bytes()));
    }
    let utf8 = writer.into_inner().unwrap_or_default();
    let mut bytes = Vec::with_capacity(utf8.len() + 3);
    if dialect.windows_1251 {
        let text = String::from_utf8_lossy(&utf8);
        let (encoded, _, _) = encoding_rs::WINDOWS_1251.encode(&text);
        bytes.extend_from_slice(&encoded);
    } else {
        if dialect.excel {
            bytes.extend_from_slice(b"\xEF\xBB\xBF");
        }
        bytes.extend_from_slice(&utf8);
    }
    Ok(bytes)
}

/// The first character of `value` that Windows-1251 cannot hold.
fn unencodable_char(value: &str) -> Option<char> {
    if value.is_ascii() {
        return None;
    }
    value.chars().find(|c| {
        let mut buffer = [0u8; 4];
        let (_, _, had_errors) = encoding_rs::WINDOWS_1251.encode(c.encode_utf8(&mut buffer));
        had_errors
    })
}

/// The Frictionless Data Package describing the CSV at `csv_name`.
pub fn datapackage(programme: &Programme, csv_name: &str, dialect: Dialect) -> Value {
    let fields: Vec<Value> = FIELDS
        .iter()
        .map(|f| {
            let mut field = json!({
                "name": f.name,
                "type": f.kind.name(),
                "title": f.title,
                "description": f.description,
            });
            if dialect.excel && f.kind == Kind::Number {
                field["decimalChar"] = json!(",");
            }
            field
        })
        .collect();
    let encoding = if dialect.windows_1251 {
        "windows-1251"
    } else if dialect.excel {
        "utf-8-sig"
    } else {
        "utf-8"
    };
    let name = format!(
        "zakrila-{}-{}-{}",
        programme.municipality_code.to_lowercase(),
        programme.period_start,
        programme.period_end
    );
    json!({
        "profile": "tabular-data-package",
        "name": name,
        "title": format!("{} — община {}, {} – {}", programme.title, programme.municipality, programme.period_start, programme.period_end),
        "description": "Общинската програма за закрила на детето, по един ред на индикатор, за Държавната агенция за закрила на детето. Създадено със zakrila export.",
        "resources": [{
            "name": "programme",
            "path": csv_name,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": encoding,
            "dialect": {
                "delimiter": if dialect.excel { ";" } else { "," },
                "lineTerminator": "\r\n",
                "quoteChar": "\"",
                "doubleQuote": true,
                "header": true
            },
            "schema": {
                "fields": fields,
                "missingValues": [""]
            }
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1251_holds_bulgarian_typography() {
        assert_eq!(
            unencodable_char("„Социално подпомагане“ – Русе № 5 €"),
            None
        );
        assert_eq!(unencodable_char("Ω"), Some('Ω'));
        assert_eq!(unencodable_char("деца 😀"), Some('😀'));
    }
}
