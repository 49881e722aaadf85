//! The sample generator: filled templates from transcribed CSV files.
//!
//! Each sample programme folder holds `programme.toml`, `source/files.toml` (one entry per
//! workbook: its name, format, source CSV and the `Институция` values) and the CSV files
//! (UTF-8, the 17 template headers, one row per indicator). The generator fills the
//! programme's template with them, exactly as an institution fills it in a spreadsheet
//! program; `.ods` and `.xls` samples are the generated .xlsx saved by LibreOffice.
//!
//! Shared by `examples/make_samples.rs` (writes the samples) and `tests/samples.rs` (checks
//! that the committed samples are what the generator makes).

#![allow(dead_code)] // the example and the test each use part of it

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde::Deserialize;
use zakrila::config::Programme;
use zakrila::contract::template::{
    COLUMNS, INSTITUTION_FIELDS, SHEET_ACTIVITIES, SHEET_INSTITUTION,
};

/// `source/files.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Files {
    /// The workbooks of the programme, in order.
    pub file: Vec<SampleFile>,
}

/// One sample workbook.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleFile {
    /// Output file name in the programme folder.
    pub name: String,
    /// "xlsx", "ods" or "xls".
    pub format: String,
    /// The CSV with the rows, relative to `source/`.
    pub source: String,
    /// Институция.
    pub institution: String,
    /// Лице за контакт.
    pub contact: String,
    /// Длъжност.
    #[serde(default)]
    pub position: Option<String>,
    /// Телефон.
    #[serde(default)]
    pub phone: Option<String>,
    /// Имейл.
    pub email: String,
    /// Дата.
    #[serde(default)]
    pub date: Option<toml::value::Datetime>,
    /// The file carries deliberate mistakes (see samples/README.md).
    #[serde(default)]
    pub faulty: bool,
}

/// A sample programme folder.
pub struct SampleProgramme {
    /// The folder, e.g. samples/ruse-2025.
    pub dir: PathBuf,
    /// Its config.
    pub programme: Programme,
    /// Its files.
    pub files: Files,
}

impl SampleProgramme {
    /// Loads a sample folder's config and file list.
    pub fn load(dir: &Path) -> Result<SampleProgramme, String> {
        let programme = Programme::load(&dir.join("programme.toml")).map_err(|e| e.to_string())?;
        let list = dir.join("source/files.toml");
        let text =
            std::fs::read_to_string(&list).map_err(|e| format!("{}: {e}", list.display()))?;
        let files: Files = toml::from_str(&text).map_err(|e| format!("{}: {e}", list.display()))?;
        Ok(SampleProgramme {
            dir: dir.to_path_buf(),
            programme,
            files,
        })
    }

    /// The rows of a file's CSV: 17 cells each, as text.
    pub fn rows(&self, file: &SampleFile) -> Result<Vec<Vec<String>>, String> {
        let path = self.dir.join("source").join(&file.source);
        let mut reader =
            csv::Reader::from_path(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| format!("{}: {e}", path.display()))?
            .iter()
            .map(str::to_string)
            .collect();
        let expected: Vec<&str> = COLUMNS.iter().map(|c| c.header).collect();
        if headers != expected {
            return Err(format!(
                "{}: the header must be the 17 template headers",
                path.display()
            ));
        }
        let mut rows = Vec::new();
        for (line, record) in reader.records().enumerate() {
            let record = record.map_err(|e| format!("{}: {e}", path.display()))?;
            if record.len() != 17 {
                return Err(format!(
                    "{}: row {} has {} cells",
                    path.display(),
                    line + 2,
                    record.len()
                ));
            }
            rows.push(record.iter().map(str::to_string).collect());
        }
        Ok(rows)
    }

    /// The filled template of one file, as .xlsx bytes.
    pub fn xlsx(&self, file: &SampleFile) -> Result<Vec<u8>, String> {
        let rows = self.rows(file)?;
        build(&self.programme, file, &rows).map_err(|e| format!("{}: {e}", file.name))
    }
}

fn build(
    programme: &Programme,
    file: &SampleFile,
    rows: &[Vec<String>],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook: Workbook = zakrila::write::template::new_workbook(programme)?;
    zakrila::write::template::add_sheets(&mut workbook, programme)?;
    let value_format = zakrila::write::template::institution_value_format();
    let date_format = value_format.clone().set_num_format("dd.mm.yyyy");

    let sheet = workbook.worksheet_from_name(SHEET_INSTITUTION)?;
    for (row, field) in INSTITUTION_FIELDS.iter().enumerate() {
        let row = row as u32;
        let text = match field.label {
            "Институция" => Some(file.institution.clone()),
            "Лице за контакт" => Some(file.contact.clone()),
            "Длъжност" => file.position.clone(),
            "Телефон" => file.phone.clone(),
            "Имейл" => Some(file.email.clone()),
            "Дата" => {
                if let Some(date) = file.date.as_ref().and_then(|d| d.date) {
                    let date = ExcelDateTime::from_ymd(date.year, date.month, date.day)?;
                    sheet.write_datetime_with_format(row, 1, &date, &date_format)?;
                }
                None
            }
            _ => None,
        };
        if let Some(text) = text {
            sheet.write_string_with_format(row, 1, &text, &value_format)?;
        }
    }

    let data = zakrila::write::template::data_format();
    let date = data.clone().set_num_format("dd.mm.yyyy");
    let sheet = workbook.worksheet_from_name(SHEET_ACTIVITIES)?;
    for (index, values) in rows.iter().enumerate() {
        let row = index as u32 + 1;
        for (col, text) in values.iter().enumerate() {
            write_cell(sheet, row, col as u16, text, &data, &date)?;
        }
    }
    workbook.save_to_buffer()
}

/// Writes one CSV cell the way a person would have typed it: plain numbers in number columns
/// as numbers, an ISO date in Срок as a date cell, everything else as text.
fn write_cell(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    text: &str,
    data: &Format,
    date: &Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    if text.is_empty() {
        return Ok(());
    }
    let is_number_column = matches!(
        COLUMNS[usize::from(col)].key,
        "baseline" | "target" | "budget"
    );
    if is_number_column && let Ok(number) = text.parse::<f64>() {
        sheet.write_number_with_format(row, col, number, data)?;
        return Ok(());
    }
    if COLUMNS[usize::from(col)].key == "deadline"
        && text.len() == 10
        && let Ok(parsed) = ExcelDateTime::parse_from_str(text)
    {
        sheet.write_datetime_with_format(row, col, &parsed, date)?;
        return Ok(());
    }
    sheet.write_string_with_format(row, col, text, data)?;
    Ok(())
}

/// Saves `xlsx` with LibreOffice as `format` ("ods" or "xls") into `target`.
pub fn convert_with_libreoffice(xlsx: &[u8], format: &str, target: &Path) -> Result<(), String> {
    let work = tempfile::tempdir().map_err(|e| e.to_string())?;
    let input = work.path().join("sample.xlsx");
    std::fs::write(&input, xlsx).map_err(|e| e.to_string())?;
    let filter = match format {
        "ods" => "ods",
        "xls" => "xls:MS Excel 97",
        other => return Err(format!("unknown sample format {other}")),
    };
    let output = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            work.path().display()
        ))
        .args(["--headless", "--convert-to", filter, "--outdir"])
        .arg(work.path())
        .arg(&input)
        .output()
        .map_err(|e| format!("LibreOffice (soffice) is needed for .{format} samples: {e}"))?;
    let converted = work.path().join(format!("sample.{format}"));
    if !output.status.success() || !converted.is_file() {
        return Err(format!(
            "LibreOffice could not save {}: {}",
            target.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    std::fs::copy(&converted, target).map_err(|e| e.to_string())?;
    Ok(())
}
