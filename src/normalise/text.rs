//! Text folding: how zakrila compares what people type.
//!
//! Institutions write "РУО - Русе", "РУО-Русе" and "РУО – Русе" for the same office, paste
//! no-break spaces from Word, and sometimes type a Latin "O" inside a Cyrillic word. Values
//! are always kept as written; only comparisons go through [`fold_key`].

/// Cleans a cell's text the way it is kept: leading and trailing spaces and blank lines
/// go, each line is trimmed and its runs of spaces (no-break, narrow no-break and tabs
/// included) become one ordinary space, and line breaks typed inside the cell (Alt+Enter)
/// stay, written as `\n` whatever the file used.
///
/// # Examples
///
/// ```
/// use zakrila::normalise::text::clean;
/// assert_eq!(clean("  Община\u{a0} Русе \n"), "Община Русе");
/// assert_eq!(clean("• първо \r\n• второ\n\n• трето"), "• първо\n• второ\n\n• трето");
/// ```
pub fn clean(value: &str) -> String {
    if is_clean(value) {
        return value.to_string();
    }
    let normalised;
    let value = if value.contains('\r') {
        normalised = value.replace("\r\n", "\n");
        normalised.as_str()
    } else {
        value
    };
    let mut cleaned = String::with_capacity(value.len());
    let mut blank_lines = 0usize;
    for line in value.split(is_line_break_char).map(fold_spaces) {
        if line.is_empty() {
            if !cleaned.is_empty() {
                blank_lines += 1;
            }
            continue;
        }
        if !cleaned.is_empty() {
            cleaned.push('\n');
            cleaned.extend(std::iter::repeat_n('\n', blank_lines));
        }
        blank_lines = 0;
        cleaned.push_str(&line);
    }
    cleaned
}

/// As [`clean`], with line breaks folded into spaces too: for what must fit on one line
/// (messages, names in a list).
///
/// # Examples
///
/// ```
/// assert_eq!(zakrila::normalise::text::one_line("• първо\n• второ "), "• първо • второ");
/// ```
pub fn one_line(value: &str) -> String {
    fold_spaces(value)
}

/// Trims a value and folds every run of whitespace, line breaks included, into one space.
fn fold_spaces(value: &str) -> String {
    let mut folded = String::with_capacity(value.len());
    for word in value.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(word);
    }
    folded
}

fn is_line_break_char(ch: char) -> bool {
    matches!(ch, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// Whether a value is already as [`clean`] makes it (most cells are): trimmed, single
/// ordinary spaces, and line breaks only as `\n` with no space beside them.
fn is_clean(value: &str) -> bool {
    // A long text (an activity of several sentences) is searched for what would make it
    // unclean with memchr's vector searches, a few bytes per instruction; a short one is
    // looked at byte by byte, which costs less than setting up the searches.
    if value.len() < 64 {
        is_clean_bytewise(value)
    } else {
        is_clean_searching(value)
    }
}

/// [`is_clean`], byte by byte. Every space that matters is ASCII or starts with one of four
/// lead bytes (U+0085, U+00A0: C2; U+1680: E1; U+2000–U+205F: E2; U+3000: E3); only a
/// character with one of those leads is decoded (Cyrillic letters lead with D0 and D1).
fn is_clean_bytewise(value: &str) -> bool {
    let mut previous: Option<u8> = None;
    for (at, &b) in value.as_bytes().iter().enumerate() {
        match b {
            b' ' if matches!(previous, None | Some(b' ' | b'\n')) => return false,
            b'\n' if matches!(previous, None | Some(b' ')) => return false,
            b'\t' | b'\r' | 0x0B | 0x0C => return false,
            // A lead byte starts a character, so `at` is on a character boundary.
            0xC2 | 0xE1 | 0xE2 | 0xE3 if starts_with_space(&value[at..]) => return false,
            _ => {}
        }
        previous = Some(b);
    }
    !matches!(previous, Some(b' ' | b'\n'))
}

/// [`is_clean`], by searching for each thing that makes a text unclean: a space or line
/// break at either end, two spaces, a space beside a line break, a tab, carriage return or
/// form feed, or a space that is not ASCII.
fn is_clean_searching(value: &str) -> bool {
    use memchr::memmem;
    use std::sync::LazyLock;
    static PAIRS: LazyLock<[memmem::Finder<'static>; 3]> = LazyLock::new(|| {
        [
            memmem::Finder::new("  "),
            memmem::Finder::new(" \n"),
            memmem::Finder::new("\n "),
        ]
    });
    let bytes = value.as_bytes();
    let at_an_end = |b: Option<&u8>| matches!(b, Some(b' ' | b'\n'));
    if at_an_end(bytes.first()) || at_an_end(bytes.last()) {
        return false;
    }
    if memchr::memchr3(b'\t', b'\r', 0x0B, bytes).is_some() || memchr::memchr(0x0C, bytes).is_some()
    {
        return false;
    }
    if PAIRS.iter().any(|pair| pair.find(bytes).is_some()) {
        return false;
    }
    let space_at = |at: usize| starts_with_space(&value[at..]);
    !(memchr::memchr3_iter(0xC2, 0xE2, 0xE3, bytes).any(space_at)
        || memchr::memchr_iter(0xE1, bytes).any(space_at))
}

/// Whether a text starts with a whitespace character.
fn starts_with_space(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_whitespace)
}

/// The most characters a spreadsheet cell holds (Excel's limit, and rust_xlsxwriter's).
pub const CELL_LIMIT: usize = 32_767;

/// A text cut to what one spreadsheet cell holds, ending in "…" when cut.
///
/// # Examples
///
/// ```
/// use zakrila::normalise::text::{CELL_LIMIT, cell_limit};
/// assert_eq!(cell_limit("кратко"), "кратко");
/// let long = "я".repeat(40_000);
/// let cut = cell_limit(&long);
/// assert_eq!(cut.chars().count(), CELL_LIMIT);
/// assert!(cut.ends_with('…'));
/// ```
pub fn cell_limit(text: &str) -> std::borrow::Cow<'_, str> {
    // No more bytes than the limit means no more characters: nearly every cell, at no cost.
    if text.len() <= CELL_LIMIT {
        return std::borrow::Cow::Borrowed(text);
    }
    match text.char_indices().nth(CELL_LIMIT) {
        None => std::borrow::Cow::Borrowed(text),
        Some(_) => {
            let (cut, _) = text.char_indices().nth(CELL_LIMIT - 1).unwrap_or((0, ' '));
            std::borrow::Cow::Owned(format!("{}…", &text[..cut]))
        }
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
/// use zakrila::normalise::text::fold_key;
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
/// use zakrila::normalise::text::{fold_eq, fold_key};
/// let key = fold_key("РУО – Русе");
/// assert!(fold_eq("руо-русе", &key));
/// assert!(!fold_eq("РЗИ – Русе", &key));
/// ```
pub fn fold_eq(value: &str, key: &str) -> bool {
    Folded::new(value).eq(key.chars())
}

/// Whether `value`'s key (see [`fold_key`]) starts with `prefix`, a folded text, without
/// folding more of `value` than `prefix` is long.
///
/// # Examples
///
/// ```
/// use zakrila::normalise::text::fold_starts_with;
/// assert!(fold_starts_with("Брой деца, обхванати от програмата", "брой"));
/// assert!(!fold_starts_with("Процент деца", "брой"));
/// assert!(!fold_starts_with("Бро", "брой"));
/// ```
pub fn fold_starts_with(value: &str, prefix: &str) -> bool {
    let mut folded = Folded::new(value);
    prefix.chars().all(|wanted| folded.next() == Some(wanted))
}

/// Whether two values are the same under [`fold_key`], comparing as they fold and stopping
/// at the first difference.
///
/// # Examples
///
/// ```
/// assert!(zakrila::normalise::text::fold_same("РУО – Русе", "руо-русе"));
/// assert!(!zakrila::normalise::text::fold_same("РУО", "РЗИ"));
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

    /// The byte-wise `is_clean` says what the character-wise rule says, on every
    /// arrangement of the characters that matter.
    #[test]
    fn is_clean_agrees_with_the_character_rule() {
        fn by_chars(value: &str) -> bool {
            let mut previous: Option<char> = None;
            for ch in value.chars() {
                match ch {
                    ' ' if matches!(previous, None | Some(' ' | '\n')) => return false,
                    '\n' if matches!(previous, None | Some(' ')) => return false,
                    ' ' | '\n' => {}
                    _ if ch.is_whitespace() => return false,
                    _ => {}
                }
                previous = Some(ch);
            }
            !matches!(previous, Some(' ' | '\n'))
        }
        // Every whitespace character beside ' ' and '\n', and characters that share their
        // first byte without being spaces ('©' C2, 'ἀ' E1, '—' and '„' E2, '、' E3).
        let alphabet = [
            'а', 'b', ' ', '\n', '\t', '\r', '\u{b}', '\u{c}', '\u{85}', '\u{a0}', '©', '\u{1680}',
            'ἀ', '\u{2003}', '\u{2028}', '\u{202f}', '\u{205f}', '—', '„', 'Я', '\u{3000}', '、',
        ];
        const LONG: &str = "Клубове за неформално образование – „Детска кухня“ и спорт";
        assert!(LONG.len() >= 64 && by_chars(LONG));
        let mut checked = 0;
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    for d in ['x', ' ', '\n'] {
                        let text: String = [a, b, c, d].iter().collect();
                        let rule = by_chars(&text);
                        assert_eq!(is_clean_bytewise(&text), rule, "{text:?}");
                        assert_eq!(is_clean_searching(&text), rule, "{text:?}");
                        // The same inside a long text, which `is_clean` searches.
                        let long = format!("{LONG}{text}{LONG}");
                        assert_eq!(is_clean(&long), by_chars(&long), "{long:?}");
                        let (starting, ending) = (format!("{text}{LONG}"), format!("{LONG}{text}"));
                        assert_eq!(is_clean(&starting), by_chars(&starting), "{starting:?}");
                        assert_eq!(is_clean(&ending), by_chars(&ending), "{ending:?}");
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 22 * 22 * 22 * 3);
    }

    #[test]
    fn clean_folds_every_kind_of_space_and_keeps_line_breaks() {
        assert_eq!(clean("\u{202f}a\u{a0}\u{a0}b\r\n c\t"), "a b\nc");
        assert_eq!(one_line("\u{202f}a\u{a0}\u{a0}b\r\n c\t"), "a b c");
        assert_eq!(clean("\n\n a \n\n\n b\n"), "a\n\n\nb");
        assert_eq!(clean("a\r\n\r\nb"), "a\n\nb");
        assert_eq!(clean("a\rb"), "a\nb");
        assert_eq!(clean("a\n"), "a");
        assert_eq!(clean("a\nb"), "a\nb");
        assert_eq!(clean("a \nb"), "a\nb");
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
