//! The reading floor for benchmarks: calamine reading every cell of every sheet of the
//! given workbooks, and nothing else. Prints the cells read, their unpacked size (the UTF-8
//! bytes of every value written as text) and the time.
//! `cargo run --release --example floor_read -- FILE-or-DIR...`

use std::time::Instant;

#[path = "../benches/support/files.rs"]
mod files;
use files::spreadsheets;

use calamine::{Data, Reader, open_workbook_auto};

fn main() {
    let files = spreadsheets(std::env::args().skip(1));
    let start = Instant::now();
    let (mut cells, mut bytes) = (0usize, 0usize);
    for file in &files {
        let mut book = open_workbook_auto(file).expect("a readable workbook");
        for name in book.sheet_names() {
            let range = book.worksheet_range(&name).expect("a readable sheet");
            for (_, _, data) in range.used_cells() {
                cells += 1;
                bytes += match data {
                    Data::String(s) => s.len(),
                    other => other.to_string().len(),
                };
            }
        }
    }
    println!(
        "files={} cells={cells} unpacked_bytes={bytes} seconds={:.3}",
        files.len(),
        start.elapsed().as_secs_f64()
    );
}
