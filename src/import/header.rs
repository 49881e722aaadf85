//! Finding a programme table's header by its labels, in any column order, over one or two
//! rows (Индикатори over Текущи / Целеви; Отговорни институции over Водеща / Партньори).

use std::collections::BTreeMap;

use crate::normalise::text::fold_key;
use crate::read::document::Table;

/// What a column of a programme table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// Приоритет.
    Priority,
    /// Цел / Цели / Оперативни цели.
    Goal,
    /// Дейност / Дейности / Действия / Мерки.
    Activity,
    /// Срок / Срок за изпълнение / Времеви период.
    Deadline,
    /// Индикатори.
    Indicator,
    /// Текущи стойности.
    Baseline,
    /// Целеви стойности.
    Target,
    /// Бюджет / Финансиране / Предвидени финансови средства.
    Budget,
    /// Отговорни институции / Изпълнител.
    Responsible,
    /// Водеща.
    Lead,
    /// Партньори.
    Partners,
    /// Очаквани резултати.
    Result,
}

/// The label a header cell gives its column, if it is one of the programme's.
///
/// # Examples
///
/// ```
/// use zakrila::import::header::{field_of, Field};
/// assert_eq!(field_of("Оперативни цели"), Some(Field::Goal));
/// assert_eq!(field_of("Целеви стойности"), Some(Field::Target));
/// assert_eq!(field_of("Предвидени финансови средства"), Some(Field::Budget));
/// assert_eq!(field_of("Съкращение"), None);
/// assert_eq!(field_of("Отговорни институции*"), Some(Field::Responsible));
/// ```
pub fn field_of(label: &str) -> Option<Field> {
    let key = fold_key(label.trim_end_matches(['*', ':', ' ', '\n']));
    let key = key.trim_start_matches(['№', ' ']);
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| key.starts_with(p));
    if key.is_empty() || key.len() > 200 {
        return None;
    }
    if starts(&["целев"]) {
        return Some(Field::Target);
    }
    if starts(&["текущ"]) {
        return Some(Field::Baseline);
    }
    if starts(&["водещ"]) {
        return Some(Field::Lead);
    }
    if starts(&["партньор"]) {
        return Some(Field::Partners);
    }
    if starts(&["приоритет"]) {
        return Some(Field::Priority);
    }
    if starts(&["цел", "оперативн", "специфичн", "стратегическ"]) {
        return Some(Field::Goal);
    }
    if starts(&["дейност", "действи", "мерки", "мярка"]) {
        return Some(Field::Activity);
    }
    if starts(&["срок", "времеви", "период"]) {
        return Some(Field::Deadline);
    }
    if starts(&["индикатор", "показател"]) {
        return Some(Field::Indicator);
    }
    if starts(&[
        "бюджет",
        "финансиран",
        "предвидени",
        "финансов",
        "източни",
        "средства",
    ]) {
        return Some(Field::Budget);
    }
    if starts(&["отговорн", "изпълнител", "институци", "отговорни"])
    {
        return Some(Field::Responsible);
    }
    if starts(&["очакван", "резултат"]) {
        return Some(Field::Result);
    }
    None
}

/// A programme table's header: the rows it takes and each grid column's field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The header's first row (0-based).
    pub first_row: usize,
    /// The row after the header (0-based): the first row of data.
    pub data_row: usize,
    /// Each mapped grid column's field.
    pub columns: BTreeMap<u32, Field>,
}

impl Header {
    /// The grid column of a field, if the table has it.
    pub fn column(&self, field: Field) -> Option<u32> {
        self.columns
            .iter()
            .find(|(_, f)| **f == field)
            .map(|(col, _)| *col)
    }

    /// Whether the table has the field.
    pub fn has(&self, field: Field) -> bool {
        self.column(field).is_some()
    }
}

/// How many rows from the top the header is looked for in.
const HEADER_ROWS: usize = 6;

/// Finds the header of a programme table: a row naming an activity column and a
/// responsible-institution column (or a lead column), with the row under it when that row
/// names the sub-columns of a two-row header.
pub fn find(table: &Table) -> Option<Header> {
    for (index, row) in table.rows.iter().enumerate().take(HEADER_ROWS) {
        let mut columns = BTreeMap::new();
        let mut spans = Vec::new();
        for cell in row.iter().filter(|c| !c.continues_above) {
            if let Some(field) = field_of(&cell.text) {
                columns.entry(cell.col).or_insert(field);
                spans.push((cell.col, cell.span, field));
            }
        }
        let has = |f: Field| columns.values().any(|v| *v == f);
        if !(has(Field::Activity) && (has(Field::Responsible) || has(Field::Lead))) {
            continue;
        }
        let mut data_row = index + 1;
        if let Some(next) = table.rows.get(index + 1) {
            let mut sub = BTreeMap::new();
            for cell in next.iter().filter(|c| !c.continues_above) {
                if let Some(
                    field @ (Field::Baseline | Field::Target | Field::Lead | Field::Partners),
                ) = field_of(&cell.text)
                {
                    sub.insert(cell.col, field);
                }
            }
            if !sub.is_empty() {
                // The labels of the upper row stand over the sub-columns: the sub-labels
                // replace them.
                for (col, span, field) in &spans {
                    if matches!(field, Field::Indicator | Field::Responsible)
                        && sub.keys().any(|c| *c >= *col && *c < col + span)
                    {
                        columns.remove(col);
                    }
                }
                columns.extend(sub);
                data_row = index + 2;
            }
        }
        return Some(Header {
            first_row: index,
            data_row,
            columns,
        });
    }
    None
}
