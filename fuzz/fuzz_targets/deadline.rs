//! Fuzz target: text → `deadline::parse` with the Ruse 2025 period, and `text::clean`.
//!
//! The first input byte chooses the path, the rest is the text (UTF-8; other inputs are
//! skipped): an even byte parses the text as it is, an odd byte first checks `clean` on it
//! and then parses the cleaned text, as the contribution reader does with a cell.
//!
//! Invariants:
//! - `parse` never panics, keeps the trimmed text, and gives `start <= end`;
//! - the forms with no date of their own (not understood, no real deadline, the whole
//!   programme) stand for the programme period; every other form for a real range, whose
//!   years are those the grammar accepts (1990–2100), give or take the one year a span
//!   wrapping around New Year moves;
//! - `clean` is idempotent, never changes the comparison key (`fold_key`), and never
//!   changes how a deadline reads (the tokenizer ignores whitespace).
#![no_main]

use chrono::{Datelike, NaiveDate};
use libfuzzer_sys::fuzz_target;
use zakrila::normalise::deadline::{DeadlineKind, Period, parse};
use zakrila::normalise::text::{clean, fold_key};

fn period() -> Period {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a valid date");
    Period {
        start: date(2025, 1, 1),
        end: date(2026, 12, 31),
    }
}

/// Years a dated deadline may have: the grammar's 1990–2100, and one more on each side
/// for a span that wraps around the year boundary ("септември – юни 1990").
const YEARS: std::ops::RangeInclusive<i32> = 1989..=2101;

fn check_parse(text: &str, period: Period) {
    let deadline = parse(text, period);
    assert_eq!(deadline.text, text.trim(), "the text as written, trimmed");
    assert!(
        deadline.start <= deadline.end,
        "a backwards range: {deadline:?}"
    );
    match deadline.kind {
        DeadlineKind::NotUnderstood
        | DeadlineKind::NoRealDeadline
        | DeadlineKind::WholeProgramme => {
            assert_eq!(
                (deadline.start, deadline.end),
                (period.start, period.end),
                "a deadline without a date of its own is the programme period: {deadline:?}"
            );
        }
        _ => {
            assert!(
                YEARS.contains(&deadline.start.year()) && YEARS.contains(&deadline.end.year()),
                "a dated deadline outside the years the grammar accepts: {deadline:?}"
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let period = period();
    if mode & 1 == 0 {
        check_parse(text, period);
        return;
    }
    let cleaned = clean(text);
    assert_eq!(clean(&cleaned), cleaned, "clean is idempotent on {text:?}");
    assert_eq!(
        fold_key(&cleaned),
        fold_key(text),
        "clean changed the comparison key of {text:?}"
    );
    check_parse(&cleaned, period);
    let (raw, tidy) = (parse(text, period), parse(&cleaned, period));
    assert_eq!(
        (raw.kind, raw.start, raw.end),
        (tidy.kind, tidy.start, tidy.end),
        "clean changed how {text:?} reads as a deadline"
    );
});
