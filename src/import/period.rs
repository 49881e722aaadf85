//! The document's title, municipality and years, and deadlines moved to the new period.

use chrono::{Datelike, NaiveDate};

use crate::normalise::deadline::{self, DeadlineKind, Fit, Period};
use crate::normalise::text::{clean, fold_key};
use crate::read::document::{Block, Document};

/// The years written in a text (four digits, 1990–2100, standing alone).
///
/// # Examples
///
/// ```
/// assert_eq!(zakrila::import::period::years_in("2025 г./2026 г."), [2025, 2026]);
/// assert_eq!(zakrila::import::period::years_in("тел. 082 123456"), Vec::<i32>::new());
/// ```
pub fn years_in(text: &str) -> Vec<i32> {
    spans_of_years(text)
        .into_iter()
        .map(|(_, _, y)| y)
        .collect()
}

/// (start byte, end byte, year) of each year in the text.
fn spans_of_years(text: &str) -> Vec<(usize, usize, i32)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let standalone_after =
                i >= bytes.len() || !bytes[i].is_ascii_alphanumeric() || bytes[i] >= 0x80;
            if i - start == 4
                && standalone_after
                && let Ok(year) = text[start..i].parse::<i32>()
                && (1990..=2100).contains(&year)
            {
                found.push((start, i, year));
            }
        } else {
            i += 1;
        }
    }
    found
}

/// Moves every year named in a deadline by `offset` years.
///
/// # Examples
///
/// ```
/// use zakrila::import::period::shift_years;
/// assert_eq!(shift_years("2025 г.-2026 г.", 2), "2027 г.-2028 г.");
/// assert_eq!(shift_years("м. март 2018 г.", 1), "м. март 2019 г.");
/// assert_eq!(shift_years("целогодишно", 1), "целогодишно");
/// ```
pub fn shift_years(text: &str, offset: i32) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (start, end, year) in spans_of_years(text) {
        out.push_str(&text[last..start]);
        out.push_str(&(year + offset).to_string());
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// The period written as a deadline: "2027 г.", "2027 г.-2028 г." or "01.03.2027 – 30.06.2027".
pub fn period_text(start: NaiveDate, end: NaiveDate) -> String {
    let whole_years =
        start.month() == 1 && start.day() == 1 && end.month() == 12 && end.day() == 31;
    match (whole_years, start.year() == end.year()) {
        (true, true) => format!("{} г.", start.year()),
        (true, false) => format!("{} г.-{} г.", start.year(), end.year()),
        _ => format!("{} – {}", start.format("%d.%m.%Y"), end.format("%d.%m.%Y")),
    }
}

/// A deadline for the new period: (text, the old text when changed, whether it was
/// missing). A missing deadline stays empty: the institution writes this year's (a made-up
/// one would be merged as true).
pub fn move_deadline(
    old: &str,
    offset: i32,
    period: (NaiveDate, NaiveDate),
) -> (String, Option<String>, bool) {
    let old = clean(old).replace('\n', " ");
    let span = Period {
        start: period.0,
        end: period.1,
    };
    if old.trim().is_empty() {
        return (String::new(), None, true);
    }
    let moved = shift_years(&old, offset);
    let parsed = deadline::parse(&moved, span);
    let outside = !matches!(
        parsed.kind,
        DeadlineKind::NotUnderstood | DeadlineKind::NoRealDeadline
    ) && parsed.fit(span) == Fit::Outside;
    let new = if outside {
        period_text(period.0, period.1)
    } else {
        moved
    };
    let changed = (new != old).then_some(old);
    (new, changed, false)
}

/// The title paragraph: the first paragraph before the first table that starts with
/// "Общинска програма за закрила на детето" (or names such a programme, failing that).
pub fn title(document: &Document) -> Option<(usize, String)> {
    let before: Vec<(usize, &str)> = document
        .blocks
        .iter()
        .enumerate()
        .take_while(|(_, b)| !matches!(b, Block::Table(_)))
        .filter_map(|(i, b)| match b {
            Block::Paragraph(p) => Some((i, p.text.as_str())),
            Block::Table(_) => None,
        })
        .collect();
    let starts = |t: &str| fold_key(t).starts_with("общинска програма за закрила на детето");
    let names = |t: &str| fold_key(t).contains("програма за закрила на детето");
    before
        .iter()
        .find(|(_, t)| starts(t))
        .or_else(|| before.iter().find(|(_, t)| names(t)))
        .map(|(i, t)| (*i, clean(t)))
}

/// The years of the document's own period: those of its title, or of the paragraph right
/// after it when that is only years ("2025 г./2026 г.").
pub fn document_years(document: &Document) -> Option<(i32, i32)> {
    let (index, text) = title(document)?;
    let mut years = years_in(&text);
    if years.is_empty()
        && let Some(Block::Paragraph(next)) = document.blocks.get(index + 1)
    {
        years = years_in(&next.text);
    }
    Some((*years.iter().min()?, *years.iter().max()?))
}

/// The municipality: "Община X" / "на община X" in the title (or in the paragraph before
/// it), else the "Община X" the document names most.
pub fn municipality(document: &Document) -> Option<String> {
    if let Some((index, text)) = title(document) {
        let mut candidates = vec![text];
        if index > 0
            && let Some(Block::Paragraph(before)) = document.blocks.get(index - 1)
        {
            candidates.push(unspaced(&before.text));
        }
        for text in candidates {
            if let Some(name) = after_obshtina(&text).into_iter().next() {
                return Some(name);
            }
        }
    }
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut count = |text: &str| {
        for name in after_obshtina(text) {
            match counts.iter_mut().find(|(n, _)| *n == name) {
                Some((_, c)) => *c += 1,
                None => counts.push((name, 1)),
            }
        }
    };
    for block in &document.blocks {
        match block {
            Block::Paragraph(p) => count(&p.text),
            Block::Table(t) => t.rows.iter().flatten().for_each(|c| count(&c.text)),
        }
    }
    counts
        .into_iter()
        .enumerate()
        .max_by(|(ia, (_, a)), (ib, (_, b))| a.cmp(b).then(ib.cmp(ia)))
        .map(|(_, (name, _))| name)
}

/// "О Б Щ И Н А   Р У С Е" → "ОБЩИНА РУСЕ".
fn unspaced(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 3 && words.iter().all(|w| w.chars().count() == 1) {
        text.split("  ")
            .map(|w| w.split_whitespace().collect::<String>())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        text.to_string()
    }
}

/// The names after the word "община" in a text, in title case: "Русе", "Хасково".
fn after_obshtina(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut found = Vec::new();
    for pair in words.windows(2) {
        if fold_key(pair[0]) != "община" {
            continue;
        }
        let word = pair[1].trim_matches(|c: char| !c.is_alphabetic() && c != '-');
        let mut chars = word.chars();
        let Some(first) = chars.next() else { continue };
        if !first.is_uppercase()
            || word.chars().count() < 3
            || !word.chars().all(|c| c.is_alphabetic() || c == '-')
        {
            continue;
        }
        let rest: String = chars.collect::<String>().to_lowercase();
        found.push(format!("{first}{rest}"));
    }
    found
}
