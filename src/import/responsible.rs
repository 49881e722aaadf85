//! Responsible-institution cells as people write them by hand (spec: import.md, "What it
//! reads"): „Община/ дирекция „Образование“/ НПО/ училища“, „ЦПЛР и партньори“, „РУО в
//! партньорство с читалищата“, „РУО\nПартньори: училища, НПО“.
//!
//! A cell is taken apart at line breaks, ",", ";", "/", bullets, „в партньорство с“,
//! „Партньори:“ and „съвместно с“ — never inside quotes („Образование“ stays whole) — and
//! at " и " only where both sides are institutions found elsewhere ([`Known`]: a glossary
//! abbreviation or its full form, the municipality, or a name that stands alone in another
//! cell), so that „Министерство на труда и социалната политика“ stays one name. Words that
//! name no institution („и партньори“, „и др.“, „образователни институции“ as a class) are
//! [`Piece::Phrase`]s: kept as written on the partners, never made institutions.

use std::collections::HashSet;

use crate::normalise::text::{clean, fold_key};

use super::names::GLOSSARY;
use super::text::strip_bullet;

/// One piece of a responsible cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// A name that stands for an institution.
    Institution(String),
    /// Words that name no institution, kept as written.
    Phrase(String),
}

/// The names an institution cell may be split at " и " into: those of the glossary, the
/// municipality, and every name the document writes alone in a cell.
#[derive(Clone, Debug, Default)]
pub struct Known {
    keys: HashSet<String>,
    municipality: Option<String>,
}

impl Known {
    /// The glossary's names, and "Община <municipality>".
    pub fn new(municipality: Option<&str>) -> Known {
        let mut keys = HashSet::new();
        for (short, full) in GLOSSARY {
            keys.insert(fold_key(short));
            keys.insert(fold_key(full));
        }
        keys.insert("община".to_string());
        if let Some(town) = municipality {
            keys.insert(fold_key(&format!("Община {town}")));
        }
        Known {
            keys,
            municipality: municipality.map(fold_key),
        }
    }

    /// Learns the names a cell writes alone (its pieces before any " и " is looked at).
    pub fn learn(&mut self, cell: &str) {
        for piece in strong_pieces(cell) {
            let piece = without_trailing_phrase(&piece).0;
            if !is_phrase(&piece) {
                self.keys.insert(self.key(&piece));
            }
        }
    }

    /// Whether a name is known: written alone somewhere, or the glossary's (also with the
    /// municipality after a dash: "РУО – Хасково").
    pub fn contains(&self, name: &str) -> bool {
        self.keys.contains(&self.key(name)) || self.keys.contains(&fold_key(name))
    }

    /// A name's key without the municipality after it.
    fn key(&self, name: &str) -> String {
        let key = fold_key(name.trim_end_matches(['.', ' ', ':']));
        if let Some(town) = &self.municipality {
            for suffix in [format!(" - {town}"), format!("-{town}"), format!(" {town}")] {
                if let Some(base) = key.strip_suffix(suffix.as_str())
                    && !base.trim().is_empty()
                    && base.trim() != "община"
                {
                    return base.trim().to_string();
                }
            }
        }
        key
    }
}

/// Takes a responsible cell apart into institutions and phrases, in the order written.
///
/// # Examples
///
/// ```
/// use zakrila::import::responsible::{split, Known, Piece};
/// let known = Known::new(Some("Хасково"));
/// let names = |cell| split(cell, &known);
/// assert_eq!(
///     names("Община/ дирекция „Образование“/ НПО/ училища"),
///     [
///         Piece::Institution("Община".into()),
///         Piece::Institution("дирекция „Образование“".into()),
///         Piece::Institution("НПО".into()),
///         Piece::Institution("училища".into()),
///     ]
/// );
/// assert_eq!(
///     names("ЦПЛР и партньори"),
///     [Piece::Institution("ЦПЛР".into()), Piece::Phrase("партньори".into())]
/// );
/// assert_eq!(
///     names("РУО в партньорство с читалищата"),
///     [Piece::Institution("РУО".into()), Piece::Institution("читалищата".into())]
/// );
/// assert_eq!(names("РЗИ и РУО").len(), 2);
/// assert_eq!(names("Министерство на труда и социалната политика").len(), 1);
/// ```
pub fn split(cell: &str, known: &Known) -> Vec<Piece> {
    let mut out = Vec::new();
    for piece in strong_pieces(cell) {
        let (name, trailing) = without_trailing_phrase(&piece);
        if !name.is_empty() {
            if is_phrase(&name) {
                out.push(Piece::Phrase(name));
            } else {
                for part in split_and(name.trim_end_matches(['.', ' ']), known) {
                    out.push(Piece::Institution(part));
                }
            }
        }
        if let Some(phrase) = trailing {
            out.push(Piece::Phrase(phrase));
        }
    }
    out
}

/// Words between names that part them like a comma does (lowercase, with the spaces around
/// them).
const JOINING_WORDS: [&str; 8] = [
    "партньори:",
    "партньор:",
    " в партньорство със ",
    " в партньорство с ",
    " съвместно със ",
    " съвместно с ",
    " в сътрудничество със ",
    " в сътрудничество с ",
];

/// The cell split at line breaks, ",", ";", "/", bullets, „Партньори:“ and the joining
/// words, outside quotes; each piece cleaned, its bullet and a trailing ":" taken off.
fn strong_pieces(cell: &str) -> Vec<String> {
    let cell = clean(cell);
    let mut pieces = Vec::new();
    for part in split_outside_quotes(&cell, |c| matches!(c, '\n' | ',' | ';' | '/')) {
        let rest = part.as_str();
        let quoted = quoted_bytes(rest);
        let lower = rest.to_lowercase();
        let mut from = 0;
        // Byte offsets agree only when lowercasing keeps every letter's length (Cyrillic
        // and Latin letters do).
        while lower.len() == rest.len() {
            let found = JOINING_WORDS
                .iter()
                .flat_map(|w| {
                    lower[from..]
                        .match_indices(w)
                        .map(move |(at, _)| (from + at, w.len()))
                })
                .filter(|(at, _)| !quoted.get(*at).copied().unwrap_or(false))
                .min();
            let Some((at, len)) = found else { break };
            pieces.push(rest[from..at].to_string());
            from = at + len;
        }
        pieces.push(rest[from..].to_string());
    }
    pieces
        .into_iter()
        .map(|p| {
            strip_bullet(p.trim())
                .trim()
                .trim_end_matches([':', ' '])
                .trim()
                .to_string()
        })
        .filter(|p| p.chars().any(char::is_alphabetic))
        .collect()
}

/// "медицински специалисти и др." → ("медицински специалисти", Some("др.")): a phrase
/// that names no institution after the last " и " comes off.
fn without_trailing_phrase(piece: &str) -> (String, Option<String>) {
    if let Some(at) = last_and(piece) {
        let (name, phrase) = (&piece[..at], &piece[at + " и ".len()..]);
        if is_phrase(phrase) {
            return (name.trim().to_string(), Some(phrase.trim().to_string()));
        }
    }
    (piece.to_string(), None)
}

/// The byte offset of the last " и " outside quotes.
fn last_and(text: &str) -> Option<usize> {
    let quoted = quoted_bytes(text);
    text.rmatch_indices(" и ")
        .map(|(at, _)| at)
        .find(|at| !quoted[*at])
}

/// "РЗИ и РУО" → ["РЗИ", "РУО"] when every side is known; otherwise the name whole.
fn split_and(name: &str, known: &Known) -> Vec<String> {
    let quoted = quoted_bytes(name);
    let mut sides = Vec::new();
    let mut from = 0;
    for (at, _) in name.match_indices(" и ") {
        if !quoted[at] {
            sides.push(name[from..at].trim().to_string());
            from = at + " и ".len();
        }
    }
    sides.push(name[from..].trim().to_string());
    if sides.len() > 1 && sides.iter().all(|side| known.contains(side)) {
        sides
    } else {
        vec![name.to_string()]
    }
}

/// Whether words name no institution: partners or others unnamed, or institutions as a
/// class („и партньори“, „и др.“, „други“, „образователни институции“).
///
/// # Examples
///
/// ```
/// use zakrila::import::responsible::is_phrase;
/// assert!(is_phrase("и партньори"));
/// assert!(is_phrase("др."));
/// assert!(is_phrase("Образователни институции"));
/// assert!(is_phrase("всички заинтересовани страни"));
/// assert!(!is_phrase("училища"));
/// assert!(!is_phrase("Неправителствени организации"));
/// ```
pub fn is_phrase(words: &str) -> bool {
    let key = fold_key(words);
    let key = key.trim_end_matches(['.', ' ']);
    let key = key.strip_prefix("и ").unwrap_or(key);
    const PHRASES: [&str; 10] = [
        "партньори",
        "партньорите",
        "др",
        "други",
        "и др",
        "т.н",
        "други партньори",
        "заинтересовани страни",
        "заинтересованите страни",
        "всички заинтересовани",
    ];
    if PHRASES.contains(&key) {
        return true;
    }
    let words: Vec<&str> = key.split(' ').collect();
    let first = words.first().copied().unwrap_or_default();
    let last = words.last().copied().unwrap_or_default();
    // "други институции", "всички заинтересовани страни", "образователни институции".
    words.len() <= 4
        && (matches!(first, "други" | "всички")
            || last.starts_with("институци")
            || (last.starts_with("страни") && words.contains(&"заинтересовани")))
}

/// Splits at the characters `at` says are separators, outside quotes.
fn split_outside_quotes(text: &str, at: impl Fn(char) -> bool) -> Vec<String> {
    let quoted = quoted_bytes(text);
    let mut parts = Vec::new();
    let mut current = String::new();
    for (i, c) in text.char_indices() {
        if at(c) && !quoted[i] {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    parts.push(current);
    parts
}

/// For each byte offset of `text` (and one past its end), whether it is inside quotes.
/// When the text's quotes do not close, nothing counts as quoted: one stray „ must not
/// glue a whole cell together.
fn quoted_bytes(text: &str) -> Vec<bool> {
    let mut quoted = vec![false; text.len() + 1];
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        depth = next_depth(depth, c);
        let end = i + c.len_utf8();
        for slot in &mut quoted[i..end] {
            *slot = depth > 0;
        }
    }
    if depth > 0 {
        quoted.iter_mut().for_each(|q| *q = false);
    }
    quoted
}

/// The quote depth after `c`: „ and « open, ” and » close, “ closes an open quote or opens
/// one (Bulgarian „…“ and English “…”), " toggles.
fn next_depth(depth: usize, c: char) -> usize {
    match c {
        '„' | '«' => depth + 1,
        '”' | '»' => depth.saturating_sub(1),
        '“' | '"' if depth > 0 => depth - 1,
        '“' | '"' => 1,
        _ => depth,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn institutions(pieces: &[Piece]) -> Vec<&str> {
        pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Institution(name) => Some(name.as_str()),
                Piece::Phrase(_) => None,
            })
            .collect()
    }

    #[test]
    fn separators_and_phrases() {
        let mut known = Known::new(Some("Хасково"));
        known.learn("Община Хасково");
        known.learn("Читалища");
        let cases: [(&str, &[&str], &[&str]); 9] = [
            (
                "Община/ дирекция „Образование“/ НПО/ училища",
                &["Община", "дирекция „Образование“", "НПО", "училища"],
                &[],
            ),
            ("ЦПЛР и партньори", &["ЦПЛР"], &["партньори"]),
            (
                "РУО в партньорство с читалищата",
                &["РУО", "читалищата"],
                &[],
            ),
            (
                "РУО – Хасково\nПартньори: училища, НПО",
                &["РУО – Хасково", "училища", "НПО"],
                &[],
            ),
            (
                "Училища, детски градини, медицински специалисти и др.",
                &["Училища", "детски градини", "медицински специалисти"],
                &["др."],
            ),
            (
                "Община Хасково и Читалища",
                &["Община Хасково", "Читалища"],
                &[],
            ),
            (
                "Министерство на труда и социалната политика",
                &["Министерство на труда и социалната политика"],
                &[],
            ),
            (
                "Сдружение „Дете и пространство“ съвместно с ДСП",
                &["Сдружение „Дете и пространство“", "ДСП"],
                &[],
            ),
            (
                "РЗИ, образователни институции",
                &["РЗИ"],
                &["образователни институции"],
            ),
        ];
        for (cell, names, phrases) in cases {
            let pieces = split(cell, &known);
            assert_eq!(institutions(&pieces), names, "{cell}");
            let got: Vec<&str> = pieces
                .iter()
                .filter_map(|p| match p {
                    Piece::Phrase(text) => Some(text.as_str()),
                    Piece::Institution(_) => None,
                })
                .collect();
            assert_eq!(got, phrases, "{cell}");
        }
    }

    #[test]
    fn unbalanced_quotes_do_not_stop_splitting() {
        let known = Known::new(None);
        let pieces = split("Фондация „Искра, РУО", &known);
        assert_eq!(institutions(&pieces), ["Фондация „Искра", "РУО"]);
    }
}
