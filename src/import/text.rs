//! The text rules of import: numbers and numerals in front of titles, activities and
//! indicators packed in one cell, values written inside indicator text, amounts inside
//! budget text.

use crate::normalise::number::{Currency, parse_number};
use crate::normalise::text::{clean, fold_key};

/// Bullet characters people start list lines with.
const BULLETS: [char; 9] = ['•', '·', '-', '–', '—', '*', '▪', '◦', '\u{f0b7}'];

/// Splits a leading code "1.2.3." or "2.1 " off a text: (code without the final dot,
/// rest). A code needs two numbers joined by a dot, so "116 000" is no code.
///
/// # Examples
///
/// ```
/// use zakrila::import::text::split_code;
/// assert_eq!(split_code("1.1.1.  Дейности"), (Some("1.1.1".into()), "Дейности".into()));
/// assert_eq!(split_code("4.1 Развитие"), (Some("4.1".into()), "Развитие".into()));
/// assert_eq!(split_code("3.1.1.Реализиране"), (Some("3.1.1".into()), "Реализиране".into()));
/// assert_eq!(split_code("116 000 линия"), (None, "116 000 линия".into()));
/// ```
pub fn split_code(text: &str) -> (Option<String>, String) {
    let trimmed = text.trim_start();
    let mut end = 0;
    let mut dots = 0;
    let mut last_digit = false;
    for (i, c) in trimmed.char_indices() {
        if c.is_ascii_digit() {
            last_digit = true;
            end = i + 1;
        } else if c == '.' && last_digit {
            last_digit = false;
            dots += 1;
            end = i + 1;
        } else {
            break;
        }
    }
    let code = trimmed[..end].trim_end_matches('.');
    let digit_groups = code.split('.').filter(|p| !p.is_empty()).count();
    if dots == 0 || digit_groups < 2 || code.split('.').any(|p| p.is_empty() || p.len() > 3) {
        return (None, text.trim().to_string());
    }
    let rest = &trimmed[end..];
    // "1.2.3" must be followed by a space or a letter, never by more digits.
    if rest.starts_with(|c: char| c.is_ascii_digit() || c == ',') {
        return (None, text.trim().to_string());
    }
    (Some(code.to_string()), rest.trim().to_string())
}

/// Reads a Roman numeral (Latin or Cyrillic look-alike letters: І, Х, У not) up to 39.
fn roman(text: &str) -> Option<u32> {
    let mut value = 0;
    let mut previous = 0;
    let mut total = 0u32;
    for c in text.chars().rev() {
        let digit = match c {
            'I' | 'І' | 'i' => 1,
            'V' | 'v' => 5,
            'X' | 'Х' | 'x' => 10,
            _ => return None,
        };
        if digit < previous {
            total = total.checked_sub(digit)?;
        } else {
            total += digit;
            previous = digit;
        }
        value += 1;
    }
    (value > 0 && total > 0 && total < 40).then_some(total)
}

/// A priority title: the numeral or number and the word "Приоритет" taken off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriorityTitle {
    /// The number or numeral as written.
    pub old_number: Option<String>,
    /// The title.
    pub title: String,
    /// Whether the word "Приоритет" (or "Приоритетна област") is written.
    pub named: bool,
}

/// Reads "Приоритет 4: …", "ПРИОРИТЕТ ІI.\n…", "2. Приоритет: …", "Приоритетна област I: …",
/// "I. …" and "1. …"; `None` when the text has no priority form (a goal's code "1.1" is no
/// priority).
///
/// # Examples
///
/// ```
/// use zakrila::import::text::priority_title;
/// let p = priority_title("Приоритет 4:  Правосъдие").unwrap();
/// assert_eq!((p.old_number.as_deref(), p.title.as_str()), (Some("4"), "Правосъдие"));
/// let p = priority_title("2. Приоритет:   Достъп до здравеопазване").unwrap();
/// assert_eq!((p.old_number.as_deref(), p.title.as_str()), (Some("2"), "Достъп до здравеопазване"));
/// let p = priority_title("ПРИОРИТЕТ ІI. \nГАРАНТИРАНЕ НА ДОСТЪПА").unwrap();
/// assert_eq!((p.old_number.as_deref(), p.title.as_str()), (Some("ІI"), "ГАРАНТИРАНЕ НА ДОСТЪПА"));
/// let p = priority_title("VIII. СПОРТ, КУЛТУРА").unwrap();
/// assert_eq!(p.old_number.as_deref(), Some("VIII"));
/// assert!(priority_title("1.1. Насърчаване").is_none());
/// // A chapter about the priorities is no priority's heading.
/// assert!(!priority_title("II. ПРИОРИТЕТИ, ЦЕЛИ И ДЕЙНОСТИ").unwrap().named);
/// assert!(priority_title("Насърчаване").is_none());
/// ```
pub fn priority_title(text: &str) -> Option<PriorityTitle> {
    let text = clean(text);
    let one_line = text.replace('\n', " ");
    let mut rest = one_line.trim();
    let mut old_number = None;
    let mut named = false;
    // "2. Приоритет: …": a number before the word.
    if let Some((number, after)) = leading_number(rest)
        && starts_with_word(&fold_key(after), "приоритет")
    {
        old_number = Some(number);
        rest = after;
    }
    let folded = fold_key(rest);
    for word in ["приоритетна област", "приоритетно направление", "приоритет"]
    {
        if starts_with_word(&folded, word) {
            named = true;
            rest = skip_chars(rest, word.chars().count());
            rest = rest.trim_start_matches([' ', ':', '.', '-', '–', '№']);
            if old_number.is_none()
                && let Some((number, after)) = leading_number(rest)
            {
                old_number = Some(number);
                rest = after;
            }
            break;
        }
    }
    if !named {
        let (number, after) = leading_number(rest)?;
        // "1.1." is a goal's code, not a priority's number.
        if after.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        old_number = Some(number);
        rest = after;
    }
    let title = rest
        .trim_start_matches([' ', ':', '.', '-', '–', ')'])
        .trim_end_matches([' ', ';', ':'])
        .trim_end_matches('.')
        .trim()
        .to_string();
    Some(PriorityTitle {
        old_number,
        title,
        named,
    })
}

/// Whether `text` starts with `word` as a whole word: "Приоритет 2" and "Приоритет:" do,
/// the chapter "ПРИОРИТЕТИ, ЦЕЛИ И ДЕЙНОСТИ" does not.
fn starts_with_word(text: &str, word: &str) -> bool {
    text.strip_prefix(word)
        .is_some_and(|rest| !rest.starts_with(char::is_alphabetic))
}

/// A leading "4", "4.", "IV." or "ІI." followed by a separator: (number, rest).
fn leading_number(text: &str) -> Option<(String, &str)> {
    let word: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, 'I' | 'І' | 'V' | 'X' | 'Х'))
        .collect();
    if word.is_empty() {
        return None;
    }
    let is_number = word.chars().all(|c| c.is_ascii_digit());
    if !is_number && roman(&word).is_none() {
        return None;
    }
    if is_number && word.len() > 2 {
        return None;
    }
    let after = skip_chars(text, word.chars().count());
    // A separator must follow: "4." "4:" "4 " "IV."; "ІI." too.
    if !after.starts_with(['.', ':', ' ', ')', '\u{a0}']) {
        return None;
    }
    let after = after.trim_start_matches(['.', ':', ')']);
    // "1.1": the dot was a code's.
    if is_number && after.starts_with(|c: char| c.is_ascii_digit()) {
        return Some((word, after));
    }
    Some((word, after.trim_start()))
}

fn skip_chars(text: &str, count: usize) -> &str {
    match text.char_indices().nth(count) {
        Some((i, _)) => &text[i..],
        None => "",
    }
}

/// Splits an activity cell into its activities: numbered items ("2.1 …", "2.2. …") each
/// start one; with no numbers, a cell made only of bullets gives one per bullet. A cell
/// with an introduction and bullets under it ("Дейности …:\n• …\n• …") is one activity.
/// Each item is (old code, text with its line breaks).
///
/// # Examples
///
/// ```
/// use zakrila::import::text::split_activities;
/// let items = split_activities("3.1.1.Реализиране\n3.1.2. Превантивни\nдейности\n3.1.3. Лятна академия");
/// assert_eq!(items.len(), 3);
/// assert_eq!(items[1], (Some("3.1.2".into()), "Превантивни\nдейности".into()));
/// let one = split_activities("1.1.1. Дейности:\n• с децата\n• в градините");
/// assert_eq!(one, [(Some("1.1.1".into()), "Дейности:\n• с децата\n• в градините".into())]);
/// assert_eq!(split_activities("• първа\n• втора").len(), 2);
/// ```
pub fn split_activities(cell: &str) -> Vec<(Option<String>, String)> {
    let cell = clean(cell);
    let lines: Vec<&str> = cell.lines().filter(|l| !l.trim().is_empty()).collect();
    let coded: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, line)| split_code(strip_bullet(line)).0.is_some())
        .map(|(i, _)| i)
        .collect();
    let mut items: Vec<(Option<String>, Vec<String>)> = Vec::new();
    if coded.len() >= 2 || (coded.len() == 1 && coded[0] == 0) {
        for (i, line) in lines.iter().enumerate() {
            if coded.contains(&i) {
                let (code, rest) = split_code(strip_bullet(line));
                items.push((code, vec![rest]));
            } else if let Some(last) = items.last_mut() {
                last.1.push(line.to_string());
            } else {
                items.push((None, vec![line.to_string()]));
            }
        }
    } else if lines.len() >= 2 && lines.iter().all(|l| is_bullet(l)) {
        for line in &lines {
            items.push((None, vec![strip_bullet(line).to_string()]));
        }
    } else if !lines.is_empty() {
        items.push((None, lines.iter().map(|l| l.to_string()).collect()));
    }
    items
        .into_iter()
        .map(|(code, lines)| (code, lines.join("\n").trim().to_string()))
        .filter(|(_, text)| !text.is_empty())
        .collect()
}

/// Whether a line starts with a bullet.
fn is_bullet(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with(BULLETS) && line.chars().nth(1).is_some_and(char::is_whitespace)
        || line.starts_with('•')
}

/// The line without its bullet.
pub fn strip_bullet(line: &str) -> &str {
    let trimmed = line.trim_start();
    if is_bullet(trimmed) {
        trimmed.trim_start_matches(BULLETS).trim_start()
    } else {
        trimmed
    }
}

/// Splits an indicator cell into its indicators: line breaks, ";" and bullets.
///
/// # Examples
///
/// ```
/// use zakrila::import::text::split_items;
/// assert_eq!(split_items("Брой събития;\nБрой деца"), ["Брой събития", "Брой деца"]);
/// assert_eq!(split_items("• Брой програми • Брой деца"), ["Брой програми", "Брой деца"]);
/// assert_eq!(split_items("Брой специалисти, подкрепени и обучени"), ["Брой специалисти, подкрепени и обучени"]);
/// ```
pub fn split_items(cell: &str) -> Vec<String> {
    clean(cell)
        .split(['\n', ';'])
        .flat_map(|part| part.split(" • "))
        .map(|part| {
            strip_bullet(part)
                .trim()
                .trim_end_matches([';', ','])
                .trim()
                .to_string()
        })
        .filter(|part| !part.is_empty() && part.chars().any(char::is_alphanumeric))
        .collect()
}

/// A value written at the end of an indicator's text, after a dash: ("wording", value).
///
/// # Examples
///
/// ```
/// use zakrila::import::text::trailing_value;
/// assert_eq!(trailing_value("Брой сключени договори – 150"), ("Брой сключени договори".into(), Some(150.0)));
/// assert_eq!(trailing_value("Брой деца -300 сключени договора"), ("Брой деца".into(), Some(300.0)));
/// assert_eq!(trailing_value("Брой деца от 0 до 7 г."), ("Брой деца от 0 до 7 г.".into(), None));
/// assert_eq!(trailing_value("Дял – 12,5"), ("Дял".into(), Some(12.5)));
/// ```
pub fn trailing_value(item: &str) -> (String, Option<f64>) {
    let item = item.trim();
    for (at, dash) in item
        .char_indices()
        .rev()
        .filter(|(_, c)| matches!(c, '-' | '–' | '—'))
    {
        let before = item[..at].trim_end();
        let after = item[at + dash.len_utf8()..].trim();
        if before.is_empty() {
            continue;
        }
        let number: String = after
            .chars()
            .take_while(|c| c.is_ascii_digit() || matches!(c, ' ' | ',' | '.' | '\u{a0}'))
            .collect();
        let number = number.trim().trim_end_matches(['.', ',']);
        if number.is_empty() {
            continue;
        }
        let words = after[number.len()..].split_whitespace().count();
        if words > 3 {
            continue;
        }
        if let Some(value) = parse_number(number) {
            return (before.to_string(), Some(value.value));
        }
    }
    (item.to_string(), None)
}

/// The one amount a budget text names with a currency ("… 588 567 лв.", "60 997,40 лв.",
/// "30 000 лв. от фондация"), or a text that is only a number.
///
/// # Examples
///
/// ```
/// use zakrila::{config::Currency, import::text::amount_in};
/// assert_eq!(amount_in("Проект „Социално включване“ 588 567 лв."), Some((588567.0, Some(Currency::Bgn))));
/// assert_eq!(amount_in("Общински бюджет 4996,00 лв."), Some((4996.0, Some(Currency::Bgn))));
/// assert_eq!(amount_in("12 000"), Some((12000.0, None)));
/// assert_eq!(amount_in("В рамките на бюджета"), None);
/// assert_eq!(amount_in("1 000 лв. и 2 000 лв."), None);
/// assert_eq!(amount_in("при дейности 1.2.1 и 4.2.1 588 567 лв."), Some((588567.0, Some(Currency::Bgn))));
/// ```
pub fn amount_in(text: &str) -> Option<(f64, Option<Currency>)> {
    let text = clean(text).replace('\n', " ");
    if let Some(number) = parse_number(&text) {
        return Some((number.value, number.currency));
    }
    let words: Vec<&str> = text.split(' ').collect();
    let mut found = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let currency = currency_word(word);
        if currency.is_none() || i == 0 {
            continue;
        }
        // The digits before the currency word, in groups of three ("1 000 400",
        // "60 997,40"): the longest run that is one number.
        let mut best = None;
        let mut start = i;
        while start > 0 && i - start < 6 && is_number_group(words[start - 1]) {
            start -= 1;
            if !grouped(&words[start..i]) {
                break;
            }
            if let Some(value) = parse_number(&words[start..i].join(" ")) {
                best = Some(value.value);
            }
        }
        if let Some(value) = best {
            found.push((value, currency));
        }
    }
    if found.len() == 1 { found.pop() } else { None }
}

/// Whether words are one number written in groups of three: "1 000 400", "60 997,40", "588".
fn grouped(words: &[&str]) -> bool {
    let last = words.len() - 1;
    words.iter().enumerate().all(|(k, word)| {
        let whole = if k == last {
            word.split([',', '.']).next().unwrap_or("")
        } else {
            word
        };
        let digits = whole.chars().all(|c| c.is_ascii_digit()) && !whole.is_empty();
        let length_ok = if words.len() == 1 {
            true
        } else if k == 0 {
            (1..=3).contains(&whole.len())
        } else {
            whole.len() == 3
        };
        let decimals_ok = k == last || !word.contains([',', '.']);
        digits && length_ok && decimals_ok
    })
}

fn is_number_group(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        && word.chars().next().is_some_and(|c| c.is_ascii_digit())
}

fn currency_word(word: &str) -> Option<Currency> {
    match fold_key(word.trim_end_matches([',', ';', ')'])).as_str() {
        "лв." | "лв" | "лева" | "bgn" => Some(Currency::Bgn),
        "евро" | "eur" | "€" => Some(Currency::Eur),
        _ => None,
    }
}

/// A funding source of the default list that a budget text names beyond doubt.
///
/// # Examples
///
/// ```
/// use zakrila::import::text::funding_source;
/// assert_eq!(funding_source("В рамките на бюджета на отговорните институции"), Some("Бюджет на отговорната институция"));
/// assert_eq!(funding_source("Не е необходимо"), Some("Не е необходимо финансиране"));
/// assert_eq!(funding_source("Проекти „Топъл обяд“ и „Детска кухня“"), None);
/// ```
pub fn funding_source(text: &str) -> Option<&'static str> {
    let key = fold_key(text);
    let mut found = Vec::new();
    if key.contains("не е необходим") {
        found.push("Не е необходимо финансиране");
    }
    if key == "общински бюджет" || key.starts_with("общински бюджет ") {
        found.push("Общински бюджет");
    }
    if [
        "бюджета на отговорн",
        "бюджет на отговорн",
        "бюджета на институци",
        "бюджет на институци",
        "бюджета на организаци",
        "бюджет на организаци",
    ]
    .iter()
    .any(|p| key.contains(p))
        || key == "в рамките на утвърдения бюджет"
        || key == "в рамките на бюджета"
    {
        found.push("Бюджет на отговорната институция");
    }
    if key.contains("държавно-делегиран") || key.contains("държавно делегиран")
    {
        found.push("Държавен бюджет (делегирани дейности)");
    }
    if key.contains("проект") || key.contains("програм") {
        // A project or programme named too: the source is not certain.
        return None;
    }
    if found.len() == 1 { found.pop() } else { None }
}
