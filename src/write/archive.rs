//! Zip archives the portal hands out: the national export as one file, and every file ever
//! uploaded with a manifest. Deterministic: entries in the order given, a fixed time stamp,
//! so the same files give the same bytes.

use std::io::Write;

use super::WriteError;

/// One file of an archive: its path inside the zip and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The path inside the archive ("/"-separated).
    pub path: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A zip of `entries`, deflated, every entry dated 1980-01-01 (zip's own epoch).
///
/// # Errors
///
/// A [`WriteError`] when the archive cannot be written (two entries with one path).
///
/// # Examples
///
/// ```
/// use zakrila::write::archive::{Entry, zip};
/// let entries = vec![Entry { path: "а/б.txt".into(), bytes: b"x".to_vec() }];
/// let bytes = zip(&entries).unwrap();
/// assert_eq!(&bytes[..2], b"PK");
/// assert_eq!(bytes, zip(&entries).unwrap());
/// ```
pub fn zip(entries: &[Entry]) -> Result<Vec<u8>, WriteError> {
    let failed = |err: &dyn std::fmt::Display| WriteError::other(err);
    let mut writer = ::zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = ::zip::write::SimpleFileOptions::default()
        .compression_method(::zip::CompressionMethod::Deflated)
        .last_modified_time(::zip::DateTime::default())
        .unix_permissions(0o644);
    for entry in entries {
        writer
            .start_file(entry.path.as_str(), options)
            .map_err(|err| failed(&err))?;
        writer.write_all(&entry.bytes).map_err(|err| failed(&err))?;
    }
    let cursor = writer.finish().map_err(|err| failed(&err))?;
    Ok(cursor.into_inner())
}

/// A CSV (UTF-8, comma, CRLF, RFC 4180 quoting) of a header and rows: the manifest of an
/// archive. Every field goes through [`neutralise`](super::csv::neutralise), as in every CSV
/// zakrila writes: a file named `=cmd|' -C calc'!A0.xlsx` is listed as
/// `'=cmd|' -C calc'!A0.xlsx`, text to a spreadsheet program, its every character kept.
///
/// # Errors
///
/// A [`WriteError`] when a row cannot be written.
///
/// # Examples
///
/// ```
/// let csv = zakrila::write::archive::manifest(&["файл", "sha256"], &[vec!["а, б".into(), "00".into()]]).unwrap();
/// assert_eq!(String::from_utf8(csv).unwrap(), "файл,sha256\r\n\"а, б\",00\r\n");
/// let csv = zakrila::write::archive::manifest(&["файл"], &[vec!["=1+1.xlsx".into()]]).unwrap();
/// assert_eq!(String::from_utf8(csv).unwrap(), "файл\r\n'=1+1.xlsx\r\n");
/// ```
pub fn manifest(header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, WriteError> {
    let failed = |err: ::csv::Error| WriteError::other(err);
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let safe = |fields: &mut dyn Iterator<Item = &str>| -> Vec<String> {
        fields
            .map(|f| super::csv::neutralise(f).into_owned())
            .collect()
    };
    writer
        .write_record(safe(&mut header.iter().copied()))
        .map_err(failed)?;
    for row in rows {
        writer
            .write_record(safe(&mut row.iter().map(String::as_str)))
            .map_err(failed)?;
    }
    writer.into_inner().map_err(WriteError::other)
}
