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
    value.split_whitespace().collect::<Vec<_>>().join(" ")
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
    let mut pending_space = false;
    for ch in value.chars().flat_map(char::to_lowercase) {
        let ch = fold_char(ch);
        if ch.is_whitespace() {
            pending_space = !key.is_empty();
            continue;
        }
        // Spaces around a dash never matter: "РУО-Русе" and "РУО - Русе" are one name.
        if ch == '-' {
            pending_space = false;
            key.push('-');
            continue;
        }
        if pending_space && !key.ends_with('-') {
            key.push(' ');
        }
        pending_space = false;
        key.push(ch);
    }
    key
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
        ];
        for (a, b) in same {
            assert_eq!(fold_key(a), fold_key(b), "{a} vs {b}");
        }
    }

    #[test]
    fn fold_key_keeps_what_matters() {
        assert_ne!(fold_key("ДГ"), fold_key("ДЯ"));
        assert_ne!(fold_key("РУО Русе"), fold_key("РУОРусе"));
        assert_eq!(fold_key("  "), "");
    }
}
