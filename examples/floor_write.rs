//! The writing floor for benchmarks: the activity cells of the given workbooks (read with
//! calamine, not timed) written into one workbook with rust_xlsxwriter, and nothing else.
//! Prints the cells written and the time of the writing alone.
//! `cargo run --release --example floor_write -- OUT.xlsx FILE-or-DIR...`

use std::time::Instant;

#[path = "../benches/support/files.rs"]
mod files;
use files::spreadsheets;

use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::Workbook;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args
        .next()
        .expect("usage: floor_write OUT.xlsx FILE-or-DIR...");
    let mut rows: Vec<Vec<Data>> = Vec::new();
    for file in spreadsheets(args) {
        let mut book = open_workbook_auto(&file).expect("a readable workbook");
        let range = book.worksheet_range("Дейности").expect("a Дейности sheet");
        rows.extend(range.rows().skip(1).map(<[Data]>::to_vec));
    }
    let start = Instant::now();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let mut cells = 0usize;
    for (r, row) in rows.iter().enumerate() {
        for (c, data) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            let written = match data {
                Data::String(s) => sheet.write_string(r, c, s).map(|_| ()),
                Data::Float(v) => sheet.write_number(r, c, *v).map(|_| ()),
                Data::Int(v) => sheet.write_number(r, c, *v as f64).map(|_| ()),
                Data::Empty => continue,
                other => sheet.write_string(r, c, other.to_string()).map(|_| ()),
            };
            written.expect("a written cell");
            cells += 1;
        }
    }
    workbook.save(&out).expect("a saved workbook");
    println!("cells={cells} seconds={:.3}", start.elapsed().as_secs_f64());
}
