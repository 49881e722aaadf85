//! Fuzz target: bytes → one contribution read against the Ruse 2025 programme.
//!
//! Any bytes may come in: a real workbook (.xlsx, .xls, .ods, .xlsb), a damaged one, or
//! noise. The reader must never panic (a dependency's panic is caught and becomes a
//! `damaged-file` finding); the invariants checked on what it returns are in
//! `common/contribution.rs`.
//!
//! Byte mutations of a zipped workbook mostly break its compressed parts, so this target
//! mostly exercises the container and .xls paths; `contribution_xml` fuzzes the XML inside.
#![no_main]

#[path = "common/contribution.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::check_contribution(data.to_vec());
});
