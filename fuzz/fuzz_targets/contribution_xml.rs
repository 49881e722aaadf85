//! Fuzz target: XML → one part of a contribution .xlsx → the checks of `contribution`.
//!
//! Byte mutations of a zipped workbook rarely get past its compression and checksums, so
//! this target fuzzes the XML inside instead: the first input byte chooses what of the
//! clean sample `samples/ruse-2025/02-ruo-ruse.xlsx` the rest of the input replaces, and
//! the workbook is zipped again (the new part stored, the others copied compressed as they
//! were, every checksum right) and read as a contribution. The invariants are in
//! `common/contribution.rs`.
//!
//! Selector byte (its distance from "0", modulo 5; the seeds use the digits "0"–"4"):
//! - 0–3: a whole part (`PARTS`): the `Дейности` sheet, the shared strings, the
//!   `Институция` sheet, the `_meta` sheet;
//! - 4: the data rows of `Дейности`: the `<row>` elements after its header row. The seeds
//!   of this mode write their texts as inline strings, so the cell texts themselves
//!   (deadlines, numbers, names) are in the input for the fuzzer to change.
//!
//! Seeds (scripts/fuzz): each part of the sample contributions behind its selector byte,
//! and their data rows (all of a sheet, and each row alone) behind "4".
#![no_main]

#[path = "common/contribution.rs"]
mod common;

use std::io::{Cursor, Read, Write};
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use zip::write::SimpleFileOptions;

/// The parts an input can replace, by selector byte. scripts/fuzz writes the seeds in the
/// same order: keep the two lists the same.
const PARTS: [&str; 4] = [
    "xl/worksheets/sheet3.xml", // Дейности
    "xl/sharedStrings.xml",
    "xl/worksheets/sheet2.xml", // Институция
    "xl/worksheets/sheet5.xml", // _meta
];

/// The selector of the rows mode.
const ROWS: usize = PARTS.len();

/// The `Дейности` sheet of the template cut around its data rows: up to the end of the
/// header row, and from `</sheetData>` on.
static AROUND_ROWS: LazyLock<(Vec<u8>, Vec<u8>)> = LazyLock::new(|| {
    let sheet = &TEMPLATE
        .iter()
        .find(|(name, _)| name == PARTS[0])
        .expect("the template has its Дейности sheet")
        .1;
    let find = |needle: &[u8]| {
        sheet
            .windows(needle.len())
            .position(|w| w == needle)
            .expect("the Дейности sheet has a header row and sheetData")
    };
    let header_end = find(b"</row>") + b"</row>".len();
    let data_end = find(b"</sheetData>");
    (sheet[..header_end].to_vec(), sheet[data_end..].to_vec())
});

/// The template workbook's bytes.
static TEMPLATE_BYTES: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../samples/ruse-2025/02-ruo-ruse.xlsx"
    );
    std::fs::read(path).expect("the template sample is readable")
});

/// Every part of the template workbook, unpacked, in zip order.
static TEMPLATE: LazyLock<Vec<(String, Vec<u8>)>> = LazyLock::new(|| {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(TEMPLATE_BYTES.as_slice())).expect("the sample is a zip");
    let parts: Vec<(String, Vec<u8>)> = (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).expect("a zip entry");
            let mut data = Vec::new();
            file.read_to_end(&mut data).expect("a zip entry unpacks");
            let name = file.name().expect("a zip entry name").to_string();
            (name, data)
        })
        .collect();
    for part in PARTS {
        assert!(
            parts.iter().any(|(name, _)| name == part),
            "the template has no {part}"
        );
    }
    parts
});

fuzz_target!(|data: &[u8]| {
    let Some((&selector, xml)) = data.split_first() else {
        return;
    };
    // The digit "0" is mode 0, "1" mode 1 …; any other byte is some mode too.
    let mode = usize::from(selector.wrapping_sub(b'0')) % (PARTS.len() + 1);
    let (replaced, content) = if mode == ROWS {
        let (before, after) = &*AROUND_ROWS;
        (
            PARTS[0],
            [before.as_slice(), xml, after.as_slice()].concat(),
        )
    } else {
        (PARTS[mode], xml.to_vec())
    };
    // The other parts are copied as they are, still compressed: a smaller workbook is
    // faster to build and to read, and the fuzzer's time goes to the part it changes.
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut template =
        zip::ZipArchive::new(Cursor::new(TEMPLATE_BYTES.as_slice())).expect("the sample is a zip");
    for i in 0..template.len() {
        let part = template.by_index_raw(i).expect("a zip entry");
        if part.name().expect("a zip entry name") == replaced {
            drop(part);
            zip.start_file(replaced, stored)
                .expect("a zip entry starts");
            zip.write_all(&content).expect("a zip entry is written");
        } else {
            zip.raw_copy_file(part).expect("a zip entry is copied");
        }
    }
    let workbook = zip.finish().expect("the zip is finished").into_inner();
    // To see the workbook an input stands for (open it, or run zakrila validate on it):
    // ZAKRILA_FUZZ_WORKBOOK=out.xlsx cargo +nightly fuzz run … contribution_xml INPUT
    if let Some(path) = std::env::var_os("ZAKRILA_FUZZ_WORKBOOK") {
        std::fs::write(path, &workbook).expect("the workbook is written");
    }
    common::check_contribution(workbook);
});
