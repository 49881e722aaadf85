//! The values a programme table writes with an arrow, and budget cells written line by line —
//! as the `Програма` sheet and the council's document zakrila writes lay them out, and as a
//! careful secretary types them: an indicator „Брой деца: 10 → 20 %“ (current → target,
//! then its unit), a budget cell with the amount on a line of its own („1 200 лв.“) and the
//! funding source on another, as the list names it. So `zakrila import` of a document
//! `zakrila document` wrote gives the same values back.

use crate::config::{DEFAULT_FUNDING_SOURCES, UNITS};
use crate::normalise::number::{Currency, parse_number};
use crate::normalise::text::{clean, fold_key};

use super::text::strip_bullet;

/// An indicator read from „wording: current → target unit“.
#[derive(Clone, Debug, PartialEq)]
pub struct ArrowValues {
    /// The wording before the colon.
    pub text: String,
    /// The current value, when written before the arrow.
    pub baseline: Option<f64>,
    /// The target value, when written after it.
    pub target: Option<f64>,
    /// The unit after the values, when it is one of the template's.
    pub unit: Option<String>,
}

/// Reads „Брой деца: 10 → 20 %“, „Дял: → 12,5“ and „Брой: 3 →“; none when the item has no
/// arrow after a colon, or a side of it is not a number.
///
/// # Examples
///
/// ```
/// use zakrila::import::values::arrow_values;
/// let v = arrow_values("• Брой деца: 1 500 → 2 000").unwrap();
/// assert_eq!((v.text.as_str(), v.baseline, v.target, v.unit), ("Брой деца", Some(1500.0), Some(2000.0), None));
/// let v = arrow_values("Дял на обхванатите: → 12,5 %").unwrap();
/// assert_eq!((v.baseline, v.target, v.unit.as_deref()), (None, Some(12.5), Some("%")));
/// let v = arrow_values("Часове: 4 часа →").unwrap();
/// assert_eq!((v.baseline, v.target, v.unit.as_deref()), (Some(4.0), None, Some("часа")));
/// assert_eq!(arrow_values("Брой деца"), None);
/// assert_eq!(arrow_values("Брой: много → повече"), None);
/// ```
pub fn arrow_values(item: &str) -> Option<ArrowValues> {
    let item = strip_bullet(item.trim());
    let (text, values) = item.rsplit_once(": ")?;
    let (before, after) = values.split_once('→')?;
    let (baseline, unit_before) = value_and_unit(before)?;
    let (target, unit_after) = value_and_unit(after)?;
    if baseline.is_none() && target.is_none() {
        return None;
    }
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    Some(ArrowValues {
        text: text.to_string(),
        baseline,
        target,
        unit: unit_after.or(unit_before),
    })
}

/// „1 500 %“ → (1500, "%"); an empty side is (None, None); anything else is not a value.
fn value_and_unit(side: &str) -> Option<(Option<f64>, Option<String>)> {
    let side = side.trim();
    if side.is_empty() {
        return Some((None, None));
    }
    if let Some(number) = parse_number(side) {
        // "%", "EUR" and "BGN" are units of the template too.
        let unit = match (number.percent, number.currency) {
            (true, _) => Some("%".to_string()),
            (false, Some(currency)) => Some(currency.code().to_string()),
            (false, None) => None,
        };
        return Some((Some(number.value), unit));
    }
    let (number, unit) = side.rsplit_once(' ')?;
    let unit = UNITS.iter().find(|u| fold_key(u) == fold_key(unit))?;
    let number = parse_number(number)?;
    Some((Some(number.value), Some(unit.to_string())))
}

/// The amount of a budget cell that has one on a line of its own („1 200 лв.“, „500 евро“):
/// that line's, whatever else the other lines name.
///
/// # Examples
///
/// ```
/// use zakrila::{config::Currency, import::values::amount_line};
/// assert_eq!(amount_line("1 200 лв.\nОбщински бюджет\nот 2 проекта по 300 лв."), Some((1200.0, Some(Currency::Bgn))));
/// assert_eq!(amount_line("В рамките на бюджета"), None);
/// ```
pub fn amount_line(cell: &str) -> Option<(f64, Option<Currency>)> {
    let mut found = clean(cell)
        .lines()
        .filter_map(|line| {
            let number = parse_number(line)?;
            Some((number.value, Some(number.currency?)))
        })
        .collect::<Vec<_>>();
    (found.len() == 1).then(|| found.remove(0))
}

/// The funding source of a budget cell that has a line naming one of the default list
/// exactly.
///
/// # Examples
///
/// ```
/// use zakrila::import::values::source_line;
/// assert_eq!(source_line("1 200 лв.\nЕвропейски програми и проекти\n(проект „Детство“)"), Some("Европейски програми и проекти"));
/// assert_eq!(source_line("Проекти по европейски програми"), None);
/// ```
pub fn source_line(cell: &str) -> Option<&'static str> {
    let lines: Vec<String> = clean(cell).lines().map(fold_key).collect();
    DEFAULT_FUNDING_SOURCES
        .iter()
        .copied()
        .find(|source| lines.iter().any(|line| *line == fold_key(source)))
}
