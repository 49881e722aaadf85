//! Numbers typed as text, in Bulgarian or English notation, with currency words.
//!
//! A Bulgarian-locale spreadsheet writes "60 997,40"; people paste "1 000 400", "1.234,56",
//! "1,234.56", "12,5 %" and "588 567 лв.". [`parse_number`] reads all of them and tells
//! which currency, if any, the text named.

/// A currency an amount is in: a programme's default, or one named in typed text. Only
/// the two Bulgaria has used are known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Currency {
    /// The euro, Bulgaria's currency since 2026-01-01.
    Eur,
    /// The lev, fixed at 1.95583 per euro.
    Bgn,
}

impl Currency {
    /// The ISO 4217 code, as written in workbooks and CSV files.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(zakrila::normalise::number::Currency::Bgn.code(), "BGN");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Currency::Eur => "EUR",
            Currency::Bgn => "BGN",
        }
    }
}

/// A number read from text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextNumber {
    /// The value.
    pub value: f64,
    /// The currency the text named ("лв.", "евро", "€", "BGN" …), if any.
    pub currency: Option<Currency>,
    /// Whether the text ended in "%".
    pub percent: bool,
}

/// Reads a number written as text; `None` when the text is no number.
///
/// Spaces (ordinary, no-break, narrow no-break) group thousands. With both "." and ","
/// present, the later one is the decimal mark. A lone "," is the Bulgarian decimal comma
/// ("12,5"); several commas group thousands ("1,234,567"). A lone "." is a decimal point;
/// several dots group thousands ("1.234.567").
///
/// # Examples
///
/// ```
/// use zakrila::{config::Currency, normalise::number::parse_number};
/// assert_eq!(parse_number("60 997,40").unwrap().value, 60997.40);
/// assert_eq!(parse_number("1.234,56").unwrap().value, 1234.56);
/// assert_eq!(parse_number("1,234.56").unwrap().value, 1234.56);
/// let amount = parse_number("588 567 лв.").unwrap();
/// assert_eq!((amount.value, amount.currency), (588567.0, Some(Currency::Bgn)));
/// assert!(parse_number("12,5 %").unwrap().percent);
/// assert_eq!(parse_number("В рамките на бюджета"), None);
/// ```
pub fn parse_number(text: &str) -> Option<TextNumber> {
    let text = text.trim();
    let (rest, currency, percent) = strip_unit(text);
    let mut digits = String::with_capacity(rest.len());
    let mut chars = rest.chars().peekable();
    let mut negative = false;
    match chars.peek() {
        Some('-' | '−' | '–') => {
            negative = true;
            chars.next();
        }
        Some('+') => {
            chars.next();
        }
        _ => {}
    }
    for ch in chars {
        match ch {
            '0'..='9' | '.' | ',' => digits.push(ch),
            // Every kind of space groups thousands; keep one so the grouping can be checked.
            ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' => {
                if !digits.ends_with(' ') {
                    digits.push(' ');
                }
            }
            _ => return None,
        }
    }
    if !digits.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let normalised = normalise_separators(digits.trim())?;
    // Rust reads a decimal beyond f64's range as infinity; that is no amount anyone typed.
    let value: f64 = normalised.parse().ok().filter(|v: &f64| v.is_finite())?;
    Some(TextNumber {
        value: if negative { -value } else { value },
        currency,
        percent,
    })
}

/// Removes a trailing or leading currency or percent sign; returns what is left.
fn strip_unit(text: &str) -> (&str, Option<Currency>, bool) {
    const BGN: [&str; 6] = ["лева", "лв.", "лв", "bgn", "lv.", "lv"];
    const EUR: [&str; 4] = ["евро", "eur", "€", "euro"];
    let lower = text.to_lowercase();
    for (words, currency) in [(&BGN[..], Currency::Bgn), (&EUR[..], Currency::Eur)] {
        for word in words {
            if lower.ends_with(word) {
                let cut = text.len() - trailing_len(text, word.chars().count());
                return (text[..cut].trim_end(), Some(currency), false);
            }
            if lower.starts_with(word) {
                let start = text.len() - trailing_len_from_start(text, word.chars().count());
                return (text[start..].trim_start(), Some(currency), false);
            }
        }
    }
    if let Some(rest) = text.strip_suffix('%') {
        return (rest.trim_end(), None, true);
    }
    (text, None, false)
}

/// Byte length of the last `chars` characters of `text`.
fn trailing_len(text: &str, chars: usize) -> usize {
    text.chars().rev().take(chars).map(char::len_utf8).sum()
}

/// Byte length of `text` after its first `chars` characters.
fn trailing_len_from_start(text: &str, chars: usize) -> usize {
    text.chars().skip(chars).map(char::len_utf8).sum()
}

/// Turns digits with "." and "," into a plain decimal with "." (or None when malformed).
fn normalise_separators(digits: &str) -> Option<String> {
    if digits.contains(' ')
        && digits
            .rsplit_once(' ')
            .is_some_and(|(_, last)| last.starts_with([',', '.']))
    {
        return None;
    }
    let dots = digits.matches('.').count();
    let commas = digits.matches(',').count();
    let (group, decimal) = match (dots, commas) {
        (0, 0) => (' ', None),
        (_, 0) if dots > 1 => ('.', None),
        (0, _) if commas > 1 => (',', None),
        (1, 0) => (',', Some('.')),
        (0, 1) => ('.', Some(',')),
        _ => {
            let last_dot = digits.rfind('.')?;
            let last_comma = digits.rfind(',')?;
            if last_dot > last_comma {
                (',', Some('.'))
            } else {
                ('.', Some(','))
            }
        }
    };
    // Grouped digits come in threes; anything else is not a number we can trust.
    let (whole, fraction) = match decimal {
        Some(mark) => {
            let (whole, fraction) = digits.rsplit_once(mark)?;
            if whole.contains(mark) || fraction.contains([',', '.']) {
                return None;
            }
            (whole, Some(fraction))
        }
        None => (digits, None),
    };
    let groups: Vec<&str> = whole.split([group, ' ']).collect();
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return None;
    }
    let mut plain: String = groups.concat();
    if plain.is_empty() {
        plain.push('0');
    }
    if let Some(fraction) = fraction {
        if fraction.is_empty() || fraction.contains(' ') {
            return None;
        }
        plain.push('.');
        plain.push_str(fraction);
    }
    Some(plain)
}

/// Formats a number the way a Bulgarian reader expects it in a message: decimal comma,
/// thousands grouped with spaces, no trailing zeros.
///
/// # Examples
///
/// ```
/// assert_eq!(zakrila::normalise::number::format_bg(60997.4), "60 997,4");
/// assert_eq!(zakrila::normalise::number::format_bg(120.0), "120");
/// assert_eq!(zakrila::normalise::number::format_bg(-1234567.5), "-1 234 567,5");
/// ```
pub fn format_bg(value: f64) -> String {
    let text = format!("{}", value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::with_capacity(text.len() + whole.len() / 3 + 1);
    if value < 0.0 {
        grouped.push('-');
    }
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(digit);
    }
    if !fraction.is_empty() {
        grouped.push(',');
        grouped.push_str(fraction);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_beyond_f64_is_no_number() {
        // Found by the `number` fuzz target: "1" and 309 zeros parsed as infinity.
        assert_eq!(parse_number(&format!("1{}", "0".repeat(309))), None);
        assert_eq!(parse_number(&format!("{} евро", "9".repeat(376))), None);
        assert!(parse_number(&format!("1{}", "0".repeat(300))).is_some());
    }

    #[test]
    fn notations() {
        let cases: [(&str, f64); 16] = [
            ("60 997,40", 60997.40),
            ("1 000 400", 1_000_400.0),
            ("1\u{a0}000\u{a0}400", 1_000_400.0),
            ("1.234,56", 1234.56),
            ("1,234.56", 1234.56),
            ("1,234,567", 1_234_567.0),
            ("1.234.567", 1_234_567.0),
            ("12,5", 12.5),
            ("12.5", 12.5),
            ("0,5", 0.5),
            (",5", 0.5),
            ("-3", -3.0),
            ("−3,5", -3.5),
            ("4996,00", 4996.0),
            ("150", 150.0),
            ("+7", 7.0),
        ];
        for (text, value) in cases {
            assert_eq!(parse_number(text).map(|n| n.value), Some(value), "{text}");
        }
    }

    #[test]
    fn currencies_and_percent() {
        let bgn = [
            "588 567 лв.",
            "588 567 лв",
            "588 567 лева",
            "588567 BGN",
            "лв. 588 567",
        ];
        for text in bgn {
            let n = parse_number(text).unwrap();
            assert_eq!(
                (n.value, n.currency),
                (588_567.0, Some(Currency::Bgn)),
                "{text}"
            );
        }
        for text in ["1500 евро", "1500 EUR", "1500€", "€ 1500", "1 500 Евро"] {
            let n = parse_number(text).unwrap();
            assert_eq!(
                (n.value, n.currency),
                (1500.0, Some(Currency::Eur)),
                "{text}"
            );
        }
        let n = parse_number("12,5 %").unwrap();
        assert_eq!((n.value, n.percent), (12.5, true));
    }

    #[test]
    fn not_numbers() {
        for text in [
            "",
            "лв.",
            "В рамките на бюджета на отговорните институции",
            "Общински бюджет 4996,00 лв.",
            "1,2,3.4",
            "12 34,5",
            "1.23.4",
            "5,",
            "--5",
            "няма",
            "1 000 400 деца",
        ] {
            assert_eq!(parse_number(text), None, "{text}");
        }
    }
}
