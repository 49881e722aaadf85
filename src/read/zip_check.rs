//! The parts of a zipped workbook (.xlsx, .xlsb, .ods), checked before any reader unpacks
//! them: a zip bomb is refused by its declared sizes, which the zip reader then enforces
//! (it stops with an error at the first byte past a part's declared size).

use std::io::{Cursor, Read};

use super::limits::Limits;
use super::{ReadError, TooLarge, damaged};

/// Bytes of the shared-strings part read to find its declared string count.
const SST_HEAD: u64 = 4_096;

/// The smallest a shared string can be in the XML (`<si/>`).
const SST_ITEM_BYTES: u64 = 5;

/// Checks every part's unpacked size, their total, and the shared-strings count.
///
/// # Errors
///
/// [`ReadError::TooLarge`] for a part or a total over the limits, [`ReadError::Damaged`]
/// for a zip that cannot be listed or a count that the part cannot hold.
pub(crate) fn check(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut total: u64 = 0;
    let mut shared_strings = Vec::new();
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(damaged)?;
        let size = entry.size();
        let name = entry.name().map_err(damaged)?.into_owned();
        if size > limits.part_bytes {
            return Err(ReadError::TooLarge(TooLarge::Part {
                part: name,
                bytes: size,
                limit: limits.part_bytes,
            }));
        }
        total = total.saturating_add(size);
        if total > limits.unpacked_bytes {
            return Err(ReadError::TooLarge(TooLarge::Unpacked {
                limit: limits.unpacked_bytes,
            }));
        }
        if name.ends_with("sharedStrings.xml") {
            shared_strings.push((index, size));
        }
    }
    for (index, size) in shared_strings {
        check_string_count(&mut archive, index, size)?;
    }
    Ok(())
}

/// The shared-strings part declares how many strings it holds, and a reader reserves room
/// for that many before reading one: a count the part cannot possibly hold is a lie.
fn check_string_count(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    size: u64,
) -> Result<(), ReadError> {
    let mut head = Vec::new();
    archive
        .by_index(index)
        .map_err(damaged)?
        .take(SST_HEAD)
        .read_to_end(&mut head)
        .map_err(damaged)?;
    let Some(count) = declared_count(&head) else {
        return Ok(());
    };
    if count.saturating_mul(SST_ITEM_BYTES) > size {
        return Err(ReadError::Damaged {
            detail: format!(
                "the shared strings declare {count} strings in {size} bytes, which cannot hold them"
            ),
        });
    }
    Ok(())
}

/// The `uniqueCount` attribute's value, when the head of the part has one.
fn declared_count(head: &[u8]) -> Option<u64> {
    const ATTRIBUTE: &[u8] = b"uniqueCount=";
    let at = head
        .windows(ATTRIBUTE.len())
        .position(|window| window == ATTRIBUTE)?;
    let rest = head.get(at + ATTRIBUTE.len() + 1..)?; // after the opening quote
    let digits: Vec<u8> = rest
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    if digits.is_empty() {
        return None;
    }
    // A number too long for u64 is certainly more than the part holds.
    Some(
        std::str::from_utf8(&digits)
            .ok()?
            .parse()
            .unwrap_or(u64::MAX),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_count_is_found() {
        assert_eq!(
            declared_count(br#"<sst xmlns="x" count="3" uniqueCount="2">"#),
            Some(2)
        );
        assert_eq!(
            declared_count(br#"<sst uniqueCount='99999999999999999999999'>"#),
            Some(u64::MAX)
        );
        assert_eq!(declared_count(b"<sst>"), None);
    }
}
