//! Widening an Excel table's range in a saved .xlsx.
//!
//! rust_xlsxwriter's `Worksheet::add_table` records every cell of the table's range in a hash
//! map, to refuse a second table that overlaps it. For the `Данни` table of a national merge
//! that is 2.5 million entries: 107 MB at the peak and a third of a second, for a check a
//! workbook with one table does not need. So the programme workbook adds `Данни` over its
//! header and one row, writes every row under it as usual, and [`widen_table`] then sets the
//! table's range in the saved bytes. Only the table's part (a few hundred bytes of XML) is
//! written anew; every other part is copied still compressed.

use std::borrow::Cow;
use std::io::{Cursor, Read, Write};

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};
use rust_xlsxwriter::XlsxError;
use zip::write::SimpleFileOptions;
use zip::{ZipArchive, ZipWriter};

/// Returns `xlsx` with the range of the table named `name` (and of its filter) set to
/// `range`, an A1 range such as `A1:X106001`. Every other part of the file is kept as it was.
///
/// # Errors
///
/// When `xlsx` is not a readable .xlsx or has no table named `name`: for a workbook
/// rust_xlsxwriter has just saved with that table, that would be a bug.
pub(crate) fn widen_table(xlsx: &[u8], name: &str, range: &str) -> Result<Vec<u8>, XlsxError> {
    let mut archive = ZipArchive::new(Cursor::new(xlsx))?;
    let mut widened = ZipWriter::new(Cursor::new(Vec::with_capacity(xlsx.len())));
    let mut found = false;
    for index in 0..archive.len() {
        let is_table_part = {
            let entry = archive.by_index_raw(index)?;
            let entry_name = entry.name()?;
            entry_name.starts_with("xl/tables/") && entry_name.ends_with(".xml")
        };
        if is_table_part && !found {
            let mut entry = archive.by_index(index)?;
            let mut xml = Vec::with_capacity(entry.size() as usize);
            entry.read_to_end(&mut xml)?;
            if let Some(rewritten) = with_range(&xml, name, range)? {
                let options = SimpleFileOptions::default()
                    .compression_method(entry.compression())
                    .last_modified_time(entry.last_modified().unwrap_or_default())
                    .unix_permissions(entry.unix_mode().unwrap_or(0o600));
                widened.start_file(entry.name()?.into_owned(), options)?;
                widened.write_all(&rewritten)?;
                found = true;
                continue;
            }
        }
        widened.raw_copy_file(archive.by_index_raw(index)?)?;
    }
    if !found {
        return Err(XlsxError::TableError(format!(
            "no table named {name} in the saved workbook"
        )));
    }
    Ok(widened.finish()?.into_inner())
}

/// The table part `xml` with `range` in the `ref` of its `table` and `autoFilter` elements,
/// or `None` when the part is another table's.
fn with_range(xml: &[u8], name: &str, range: &str) -> Result<Option<Vec<u8>>, XlsxError> {
    let xml_error = |error: quick_xml::Error| XlsxError::CustomError(error.to_string());
    let mut reader = Reader::from_reader(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len() + 8));
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Eof => break,
            Event::Start(element) if element.local_name().as_ref() == "table" => {
                let named = element
                    .try_get_attribute("name")
                    .map_err(|e| XlsxError::CustomError(e.to_string()))?
                    .is_some_and(|a| *a.value == *name);
                if !named {
                    return Ok(None);
                }
                writer.write_event(Event::Start(with_ref(&element, range)?))?;
            }
            Event::Empty(element) if element.local_name().as_ref() == "autoFilter" => {
                writer.write_event(Event::Empty(with_ref(&element, range)?))?;
            }
            Event::Start(element) if element.local_name().as_ref() == "autoFilter" => {
                writer.write_event(Event::Start(with_ref(&element, range)?))?;
            }
            event => writer.write_event(event)?,
        }
    }
    Ok(Some(writer.into_inner()))
}

/// `element` with its `ref` attribute set to `range`, every other attribute kept in order.
fn with_ref(element: &BytesStart<'_>, range: &str) -> Result<BytesStart<'static>, XlsxError> {
    let mut rewritten = BytesStart::new(element.name().as_ref().to_string());
    for attribute in element.attributes() {
        let attribute = attribute.map_err(|e| XlsxError::CustomError(e.to_string()))?;
        if attribute.key.as_ref() == "ref" {
            rewritten.push_attribute(Attribute {
                key: attribute.key,
                value: Cow::Borrowed(range),
            });
        } else {
            rewritten.push_attribute(attribute);
        }
    }
    Ok(rewritten)
}

#[cfg(test)]
mod tests {
    use rust_xlsxwriter::{Table, Workbook};

    use super::*;

    fn part(xlsx: &[u8], name: &str) -> String {
        let mut zip = ZipArchive::new(Cursor::new(xlsx)).unwrap();
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    fn names(xlsx: &[u8]) -> Vec<String> {
        let zip = ZipArchive::new(Cursor::new(xlsx)).unwrap();
        zip.file_names()
            .map(|name| name.unwrap().into_owned())
            .collect()
    }

    fn saved_with_tables() -> Vec<u8> {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        for row in 1..=3 {
            sheet.write(row, 0, f64::from(row)).unwrap();
            sheet.write(row, 3, f64::from(row)).unwrap();
        }
        sheet
            .add_table(0, 0, 1, 1, &Table::new().set_name("Числа"))
            .unwrap();
        sheet
            .add_table(0, 3, 1, 3, &Table::new().set_name("Други"))
            .unwrap();
        workbook.save_to_buffer().unwrap()
    }

    #[test]
    fn only_the_named_tables_range_changes() {
        let saved = saved_with_tables();
        let widened = widen_table(&saved, "Числа", "A1:B4").unwrap();
        let table = part(&widened, "xl/tables/table1.xml");
        assert_eq!(table.matches(r#"ref="A1:B4""#).count(), 2, "{table}");
        assert!(!table.contains(r#"ref="A1:B2""#));
        assert_eq!(
            table.replace("A1:B4", "A1:B2"),
            part(&saved, "xl/tables/table1.xml")
        );
        // The other table, and every other part, as saved, in the same order.
        assert_eq!(names(&widened), names(&saved));
        for name in names(&saved) {
            if name != "xl/tables/table1.xml" {
                let (a, b) = (part(&saved, &name), part(&widened, &name));
                assert_eq!(a, b, "{name}");
            }
        }
    }

    #[test]
    fn a_table_that_is_not_there_is_an_error() {
        let saved = saved_with_tables();
        assert!(matches!(
            widen_table(&saved, "Данни", "A1:B4"),
            Err(XlsxError::TableError(_))
        ));
        assert!(widen_table(b"not a zip", "Числа", "A1:B4").is_err());
    }
}
