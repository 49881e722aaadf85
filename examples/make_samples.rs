//! Writes the sample workbooks from their transcribed sources:
//! `cargo run --example make_samples -- samples/ruse-2025 samples/ruse-2018 samples/haskovo-2019`.
//!
//! .xlsx samples are written directly; .ods and .xls ones are the .xlsx saved by LibreOffice
//! (soffice must be installed). See samples/README.md.

#[path = "../samples/generator.rs"]
mod generator;

use std::path::PathBuf;

fn main() {
    let dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if dirs.is_empty() {
        eprintln!("usage: make_samples SAMPLE-DIR...");
        std::process::exit(2);
    }
    for dir in dirs {
        if let Err(err) = make(&dir) {
            eprintln!("{}: {err}", dir.display());
            std::process::exit(1);
        }
    }
}

fn make(dir: &std::path::Path) -> Result<(), String> {
    let sample = generator::SampleProgramme::load(dir)?;
    for file in &sample.files.file {
        let xlsx = sample.xlsx(file)?;
        let target = dir.join(&file.name);
        match file.format.as_str() {
            "xlsx" => std::fs::write(&target, &xlsx).map_err(|e| e.to_string())?,
            other => generator::convert_with_libreoffice(&xlsx, other, &target)?,
        }
        eprintln!("{}", target.display());
    }
    Ok(())
}
