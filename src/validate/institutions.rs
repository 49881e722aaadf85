//! Matching what people write in institution cells against the configured institutions.
//!
//! Names match loosely ([`crate::normalise::text::fold_key`]): "РУО - Русе", "руо-русе" and
//! "РУО – Русе" are one institution. A cell may name several institutions separated by ";",
//! ",", line breaks or bullets; [`split_names`] takes them apart.

use crate::config::{Keys, Programme};
use crate::normalise::text::{clean, fold_key};

/// Looks institutions up by any configured name or alias.
#[derive(Clone, Debug)]
pub struct Matcher<'p> {
    /// The programme's names and aliases, as configured and folded.
    keys: &'p Keys,
}

impl Matcher<'_> {
    /// The lookup for a programme's institutions, over the keys built with the programme.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # let programme = zakrila::config::Programme::load("samples/ruse-2025/programme.toml".as_ref()).unwrap();
    /// let matcher = zakrila::validate::institutions::Matcher::new(&programme);
    /// let index = matcher.find("руо - русе").unwrap();
    /// assert_eq!(programme.institutions[index].name, "РУО – Русе");
    /// ```
    pub fn new(programme: &Programme) -> Matcher<'_> {
        Matcher {
            keys: &programme.keys,
        }
    }

    /// The index of the institution a name stands for, if any. Trailing punctuation that
    /// people leave in cells ("РУО - Русе ,", "училища и ДГ.") does not matter.
    pub fn find(&self, name: &str) -> Option<usize> {
        if let Some(&index) = self.keys.institution_by_spelling.get(name) {
            return Some(index);
        }
        let key = fold_key(name.trim_end_matches(['.', ',', ';', ':', ' ']));
        self.keys.institution_by_key.get(&key).copied()
    }
}

/// Splits a cell naming several institutions into the names, cleaned.
///
/// # Examples
///
/// ```
/// use zakrila::validate::institutions::split_names;
/// assert_eq!(split_names("РЗИ – Русе; НПО,\nДГ"), ["РЗИ – Русе", "НПО", "ДГ"]);
/// assert_eq!(split_names("• Училища\n• ДГ"), ["Училища", "ДГ"]);
/// ```
pub fn split_names(cell: &str) -> Vec<String> {
    cell.split([';', ',', '\n', '\r'])
        .map(|part| {
            clean(part.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '•' | '·' | '-' | '–' | '*' | '▪')
            }))
        })
        .map(|part| part.trim_end_matches(['.', ' ']).to_string())
        .filter(|part| !part.is_empty())
        .collect()
}
