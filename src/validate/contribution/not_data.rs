//! Rows of the activity table that hold no activity (template.md's reading rules, as a
//! careful reader takes them): the header repeated further down (a table pasted from a
//! document that repeats it on every page, or the row of column numbers under it), a
//! subtotal („Общо за приоритета …“, „Всичко“) with no indicator or lead of its own, and a
//! title row across the table (one text in cells merged over three or more of its columns,
//! „Приоритет 2: …“). Such a row is skipped with a warning at its first cell and counted as
//! skipped, never read as an activity with errors.

use super::*;

/// A row that is not data, and the text it holds (for the warning).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct NotData {
    /// What the row is.
    pub skip: Skip,
    /// The sheet column of its first filled cell.
    pub col: u16,
    /// The text of that cell.
    pub text: String,
}

/// What row `row` is, when it holds no activity.
pub(super) fn not_data(
    sheet: &Sheet,
    map: &TableLayout,
    merges: &MergeIndex,
    row: u32,
) -> Option<NotData> {
    // The row's own filled cells inside the table, in column order: gathered only for the
    // few rows that start like a header or a subtotal.
    let filled = || {
        sheet
            .row(row)
            .filter(|(col, data)| *col <= map.last_col && !is_blank(data))
    };
    let (first_col, first) = filled().next()?;
    let found = |skip| {
        Some(NotData {
            skip,
            col: first_col,
            text: cell_text(first).unwrap_or_default(),
        })
    };
    // Most rows start with a priority, a goal or an activity: a header row starts with a
    // label or with 1, a subtotal with „Общ…“ or „Всичко“; the rest of the row is looked at
    // only then.
    if starts_like_header(first) && is_repeated_header(&filled().collect::<Vec<_>>()) {
        return found(Skip::RepeatedHeader);
    }
    let own = |c: usize| map.at[c].is_some_and(|col| filled().any(|(at, _)| at == col));
    if let Data::String(text) = first
        && is_subtotal(text)
        && !own(col::INDICATOR)
        && !own(col::LEAD)
    {
        return found(Skip::Subtotal);
    }
    if matches!(first, Data::String(_)) && filled().nth(1).is_none() {
        // One text across the table: the merged range it starts covers three or more of
        // the table's columns on this row.
        let covered = map
            .at
            .iter()
            .flatten()
            .filter(|col| merges.origin(row, **col) == Some((row, first_col)))
            .count();
        if covered + 1 >= 3 {
            return found(Skip::Title);
        }
    }
    None
}

/// Whether a row's first filled cell could start a header: a label, or the number 1.
fn starts_like_header(first: &Data) -> bool {
    match first {
        Data::String(text) => {
            text.trim() == "1" || (text.len() <= LABEL_BYTES && table::column_index(text).is_some())
        }
        Data::Float(v) => *v == 1.0,
        Data::Int(v) => *v == 1,
        _ => false,
    }
}

/// The header's labels again (at least three, and most of the row), or the row of column
/// numbers 1, 2, 3 … some tables carry under their header.
fn is_repeated_header(filled: &[(u16, &Data)]) -> bool {
    // A label is a few words: longer cells (an activity's text) are not folded to see.
    let labels = filled
        .iter()
        .filter(|(_, data)| match data {
            Data::String(text) => text.len() <= LABEL_BYTES && table::column_index(text).is_some(),
            _ => false,
        })
        .count();
    if labels >= 3 && labels * 2 >= filled.len() {
        return true;
    }
    let numbers: Option<Vec<f64>> = filled
        .iter()
        .map(|(_, data)| match data {
            Data::Float(v) => Some(*v),
            Data::Int(v) => Some(*v as f64),
            Data::String(text) => text.trim().trim_end_matches('.').parse().ok(),
            _ => None,
        })
        .collect();
    numbers.is_some_and(|numbers| {
        numbers.len() >= 3
            && numbers
                .iter()
                .enumerate()
                .all(|(i, n)| *n == (i + 1) as f64)
    })
}

/// The longest header label in bytes, with room for a "*", ":" and spaces.
const LABEL_BYTES: usize = 80;

/// „Общо“, „Общо:“, „Общо за приоритета …“, „Общо по цел 1.1“, „Всичко“, „Общ бюджет“,
/// „Обща сума“ — not „Общо събрание …“ or „Общообразователни …“.
fn is_subtotal(text: &str) -> bool {
    // Most rows start with a priority or a goal: told apart without folding them.
    if !["общ", "всичко", "total"]
        .iter()
        .any(|start| crate::normalise::text::fold_starts_with(text, start))
    {
        return false;
    }
    let key = fold_key(text);
    let key = key.trim_end_matches(['.', ':', ' ']);
    let words: Vec<&str> = key.split(' ').collect();
    let first = words.first().copied().unwrap_or_default();
    let first = first.trim_end_matches(':');
    let second = words.get(1).copied().unwrap_or_default();
    match first {
        "общо" | "всичко" | "total" => {
            words.len() == 1
                || words[0].ends_with(':')
                || matches!(second, "за" | "по" | "на" | "бюджет" | "сума" | "стойност")
                || second.starts_with(|c: char| c.is_ascii_digit())
        }
        "общ" | "обща" => matches!(second, "бюджет" | "сума" | "стойност"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtotal_words() {
        for text in [
            "Общо",
            "ОБЩО:",
            "Общо за приоритета",
            "Общо за приоритет 1: Здраве",
            "Общо по цел 1.1",
            "Всичко",
            "Общ бюджет",
            "Общо: 12 000 лв.",
        ] {
            assert!(is_subtotal(text), "{text}");
        }
        for text in [
            "Общо събрание на родителите",
            "Общообразователни училища",
            "Обучение",
            "",
        ] {
            assert!(!is_subtotal(text), "{text}");
        }
    }
}
