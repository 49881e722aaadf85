//! Fuzz target: `number::parse_number` and `number::format_bg`.
//!
//! The whole input, when it is UTF-8, is parsed as a number typed in a cell; the first 8
//! bytes, when there are 8, are also an f64 that is formatted the Bulgarian way and read
//! back.
//!
//! Invariants:
//! - `parse_number` never panics and never gives an infinite or NaN value;
//! - `format_bg` of any finite value reads back, with `parse_number`, as the same value
//!   and no currency or percent (`format!("{}")` writes the shortest text that reads back
//!   exactly, in plain digits at every magnitude, and `format_bg` only groups them).
#![no_main]

use libfuzzer_sys::fuzz_target;
use zakrila::normalise::number::{format_bg, parse_number};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Some(number) = parse_number(text)
    {
        assert!(
            number.value.is_finite(),
            "{text:?} parsed as {}",
            number.value
        );
    }

    if let Some(bytes) = data.first_chunk::<8>() {
        let value = f64::from_le_bytes(*bytes);
        if value.is_finite() {
            let text = format_bg(value);
            let back = parse_number(&text)
                .unwrap_or_else(|| panic!("format_bg({value:?}) = {text:?} does not parse"));
            assert_eq!(back.value, value, "format_bg({value:?}) = {text:?}");
            assert_eq!((back.currency, back.percent), (None, false), "{text:?}");
        }
    }
});
