//! Text folding: how zakrila compares what people type.
//!
//! Institutions write "РУО - Русе", "РУО-Русе" and "РУО – Русе" for the same office, paste
//! no-break spaces from Word, and sometimes type a Latin "O" inside a Cyrillic word. Values
//! are always kept as written; only comparisons go through [`fold_key`].

/// Trims a value and folds every run of whitespace (no-break and narrow no-break spaces,
/// tabs and line breaks included) into one ordinary space.
///
/// # Examples
///
/// ```
/// assert_eq!(zakrila::text::clean("  Община\u{a0} Русе \n"), "Община Русе");
/// ```
pub fn clean(value: &str) -> String {
    if is_clean(value) {
        return value.to_string();
    }
    let mut cleaned = String::with_capacity(value.len());
    for word in value.split_whitespace() {
        if !cleaned.is_empty() {
            cleaned.push(' ');
        }
        cleaned.push_str(word);
    }
    cleaned
}

/// Whether a value is already trimmed with single ordinary spaces (most cells are).
fn is_clean(value: &str) -> bool {
    let mut previous_space = true; // a leading space is not clean
    for ch in value.chars() {
        if ch == ' ' {
            if previous_space {
                return false;
            }
            previous_space = true;
        } else if ch.is_whitespace() {
            return false;
        } else {
            previous_space = false;
        }
    }
    !previous_space || value.is_empty()
}

/// The most characters zakrila writes into one spreadsheet cell (the format allows 32,767).
pub const CELL_LIMIT: usize = 32_000;

/// A text cut to what one spreadsheet cell holds, marked with "…" when cut.
///
/// # Examples
///
/// ```
/// use zakrila::text::{CELL_LIMIT, cell_limit};
/// assert_eq!(cell_limit("кратко"), "кратко");
/// assert_eq!(cell_limit(&"я".repeat(40_000)).chars().count(), CELL_LIMIT + 1);
/// ```
pub fn cell_limit(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(CELL_LIMIT) {
        None => std::borrow::Cow::Borrowed(text),
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..cut])),
    }
}

/// The comparison key of a name: case, spaces, dash kinds, quote kinds and Latin letters
/// that look Cyrillic do not matter.
///
/// Two names with the same key are the same name to zakrila.
///
/// # Examples
///
/// ```
/// use zakrila::text::fold_key;
///
/// assert_eq!(fold_key("РУО - Русе"), fold_key("руо – русе"));
/// assert_eq!(fold_key("Дирекция „Социално подпомагане“"), fold_key("дирекция \"социално подпомагане\""));
/// // A Latin "O" typed inside a Cyrillic abbreviation.
/// assert_eq!(fold_key("OД на МВР"), fold_key("ОД на МВР"));
/// assert_ne!(fold_key("РУО"), fold_key("РЗИ"));
/// ```
pub fn fold_key(value: &str) -> String {
    let mut key = String::with_capacity(value.len());
    key.extend(Folded::new(value));
    key
}

/// Whether `value` folds to `key` (a result of [`fold_key`]), without building its key:
/// the comparison stops at the first difference.
///
/// # Examples
///
/// ```
/// use zakrila::text::{fold_eq, fold_key};
/// let key = fold_key("РУО – Русе");
/// assert!(fold_eq("руо-русе", &key));
/// assert!(!fold_eq("РЗИ – Русе", &key));
/// ```
pub fn fold_eq(value: &str, key: &str) -> bool {
    Folded::new(value).eq(key.chars())
}

/// Whether two values are the same under [`fold_key`], comparing as they fold and stopping
/// at the first difference.
///
/// # Examples
///
/// ```
/// assert!(zakrila::text::fold_same("РУО – Русе", "руо-русе"));
/// assert!(!zakrila::text::fold_same("РУО", "РЗИ"));
/// ```
pub fn fold_same(a: &str, b: &str) -> bool {
    a == b || Folded::new(a).eq(Folded::new(b))
}

/// The characters of a value's comparison key, produced one by one.
struct Folded<'a> {
    chars: std::str::Chars<'a>,
    /// A space seen and not yet written (written only before a non-dash character).
    pending_space: bool,
    /// The last character written.
    last: Option<char>,
    /// A character read while resolving a pending space, to be written next.
    held: Option<char>,
}

impl<'a> Folded<'a> {
    fn new(value: &'a str) -> Folded<'a> {
        Folded {
            chars: value.chars(),
            pending_space: false,
            last: None,
            held: None,
        }
    }
}

impl Iterator for Folded<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if let Some(ch) = self.held.take() {
            self.last = Some(ch);
            return Some(ch);
        }
        loop {
            let ch = fold_char(lower(self.chars.next()?));
            if ch.is_whitespace() {
                self.pending_space = self.last.is_some();
                continue;
            }
            // Spaces around a dash or a quote never matter: "РУО-Русе" and "РУО - Русе" are
            // one name, and so are "Отдел „Закрила…“" and "Отдел“Закрила…“".
            if ch == '-' || ch == '"' {
                self.pending_space = false;
                self.last = Some(ch);
                return Some(ch);
            }
            if std::mem::take(&mut self.pending_space) && !matches!(self.last, Some('-' | '"')) {
                self.held = Some(ch);
                self.last = Some(' ');
                return Some(' ');
            }
            self.last = Some(ch);
            return Some(ch);
        }
    }
}

/// Lower case of one character. Cyrillic and ASCII letters, nearly all of what is compared,
/// take a fast path; the rest goes through the standard library's full mapping.
fn lower(ch: char) -> char {
    match ch {
        'A'..='Z' => ch.to_ascii_lowercase(),
        'a'..='z' | 'а'..='я' => ch,
        'А'..='Я' => char::from_u32(ch as u32 + 32).unwrap_or(ch),
        'Ѐ'..='Џ' => char::from_u32(ch as u32 + 80).unwrap_or(ch),
        _ if ch.is_ascii() => ch,
        _ => {
            // A character whose lower case is several characters (rare: "İ") keeps its
            // first, which is enough for comparing names.
            ch.to_lowercase().next().unwrap_or(ch)
        }
    }
}

/// Maps one lower-case character onto its comparison form.
fn fold_char(ch: char) -> char {
    match ch {
        // Hyphens, dashes and the minus sign.
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}' => '-',
        // Double and single quotes of every kind, guillemets included.
        '„' | '“' | '”' | '‟' | '«' | '»' | '″' | '\'' | '‘' | '’' | '‚' | '‛' | '`' | '´' => {
            '"'
        }
        // Latin letters that look like Cyrillic ones, as typed by mistake in real files.
        'a' => 'а',
        'b' => 'в',
        'c' => 'с',
        'e' => 'е',
        'h' => 'н',
        'k' => 'к',
        'm' => 'м',
        'o' => 'о',
        'p' => 'р',
        't' => 'т',
        'x' => 'х',
        'y' => 'у',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_folds_every_kind_of_space() {
        assert_eq!(clean("\u{202f}a\u{a0}\u{a0}b\r\n c\t"), "a b c");
        assert_eq!(clean("   "), "");
        assert_eq!(clean(""), "");
        assert_eq!(clean("a b"), "a b");
        assert_eq!(clean("a  b"), "a b");
        assert_eq!(clean(" a"), "a");
        assert_eq!(clean("a "), "a");
        assert_eq!(clean("Община\u{a0}Русе"), "Община Русе");
    }

    #[test]
    fn fold_key_ignores_what_people_vary() {
        let same = [
            ("РУО – Русе", "РУО-Русе"),
            ("РУО — Русе", "руо -  русе"),
            ("Община  Русе", "община русе"),
            ("„Социално подпомагане“", "\"Социално подпомагане\""),
            ("ЦПЛР-ЦСОП", "ЦПЛР – ЦСОП"),
            ("OД на MВP", "ОД на МВР"),
            ("Отдел „Закрила на детето“", "Отдел“Закрила на детето“"),
            ("ОУ “Васил Априлов”", "ОУ„Васил Априлов“"),
        ];
        for (a, b) in same {
            assert_eq!(fold_key(a), fold_key(b), "{a} vs {b}");
        }
    }

    #[test]
    fn fast_lower_case_agrees_with_the_standard_library() {
        for ch in ('\u{0}'..='\u{52f}').chain(['€', '„', 'İ', 'Ω']) {
            let expected = ch.to_lowercase().next().unwrap();
            assert_eq!(lower(ch), expected, "{ch:?}");
        }
    }

    #[test]
    fn fold_eq_agrees_with_fold_key() {
        let values = [
            "РУО – Русе",
            "руо-русе",
            " a  -  b ",
            "a -b",
            "x",
            "",
            "ОД на МВР",
            "OД на MВP ",
        ];
        for a in values {
            for b in values {
                assert_eq!(
                    fold_eq(a, &fold_key(b)),
                    fold_key(a) == fold_key(b),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn fold_key_keeps_what_matters() {
        assert_ne!(fold_key("ДГ"), fold_key("ДЯ"));
        assert_ne!(fold_key("РУО Русе"), fold_key("РУОРусе"));
        assert_eq!(fold_key("  "), "");
    }
}
