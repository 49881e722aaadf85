//! What `zakrila import` made of last year's document (spec: import.md): the programme's
//! priorities, goals, activities and institutions with their new codes, and where every
//! table row of the document went. Plain data; the rules are in [`crate::import`], the
//! files are written by [`crate::write`].

use chrono::NaiveDate;

use crate::normalise::number::Currency;

/// A programme read from a document.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedProgramme {
    /// The municipality, from the document's title (or the institution "Община …" it names
    /// most), when found.
    pub municipality: Option<String>,
    /// The document's own period (first and last year named in its title), when found.
    pub old_years: Option<(i32, i32)>,
    /// The new programme's period.
    pub period: (NaiveDate, NaiveDate),
    /// Priorities in document order, numbered 1, 2, … .
    pub priorities: Vec<ImportedPriority>,
    /// Every distinct responsible institution, in order of first mention.
    pub institutions: Vec<ImportedInstitution>,
    /// Activities in document order.
    pub activities: Vec<ImportedActivity>,
    /// Every table row of the document, and where it went.
    pub rows: Vec<RowAccount>,
    /// Tables of the document that are not programme tables: (table number, rows).
    pub other_tables: Vec<(usize, usize)>,
    /// Indicators the document names (packed ones counted one by one).
    pub indicators_read: usize,
}

/// A priority.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedPriority {
    /// The new number, 1, 2, … in document order.
    pub number: u32,
    /// The title as the document writes it (number and "Приоритет" taken off).
    pub title: String,
    /// The number or numeral the document gave it ("4", "IV"), if any.
    pub old_number: Option<String>,
    /// Whether zakrila had to make the priority up (the document names none).
    pub made_up: bool,
    /// Its goals.
    pub goals: Vec<ImportedGoal>,
}

/// A goal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedGoal {
    /// The new code "N.M".
    pub code: String,
    /// The title (its old number taken off).
    pub title: String,
    /// The document's number ("1.1"), if any.
    pub old_code: Option<String>,
    /// Whether zakrila had to make the goal up (the table has no goals).
    pub made_up: bool,
}

/// A responsible institution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedInstitution {
    /// The name: the spelling the document uses most.
    pub name: String,
    /// The other spellings, and full forms of abbreviations where certain.
    pub aliases: Vec<String>,
    /// Activities it leads.
    pub leads: usize,
}

/// An activity.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedActivity {
    /// Index into `priorities`.
    pub priority: usize,
    /// Index into that priority's goals.
    pub goal: usize,
    /// The new code "N.M.K".
    pub code: String,
    /// The document's number, if any.
    pub old_code: Option<String>,
    /// The text, line breaks kept.
    pub text: String,
    /// The deadline for the new period; empty when the document gives none.
    pub deadline: String,
    /// The deadline as the document wrote it, when it was changed.
    pub old_deadline: Option<String>,
    /// Whether the document gave no deadline (the contribution leaves it for the
    /// institution to fill).
    pub deadline_missing: bool,
    /// The expected result.
    pub expected_result: Option<String>,
    /// Indicators; none when the document has none for it (the contribution then leaves
    /// the indicator for the institution to fill).
    pub indicators: Vec<ImportedIndicator>,
    /// The budget cell as written.
    pub budget_text: Option<String>,
    /// The one amount the budget cell names, with its currency when named.
    pub amount: Option<(f64, Option<Currency>)>,
    /// A funding source from the default list, when the budget text names one certainly.
    pub funding_source: Option<String>,
    /// Index into `institutions`: the lead.
    pub lead: Option<usize>,
    /// Indices into `institutions`: the partners.
    pub partners: Vec<usize>,
    /// Words of the responsible cell that name no institution („партньори“, „др.“,
    /// „образователни институции“), kept as written after the partners.
    pub partner_words: Vec<String>,
    /// Where it came from: (table number, row number), both 1-based.
    pub source: (usize, usize),
}

/// An indicator with its values.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedIndicator {
    /// The wording.
    pub text: String,
    /// The current value, when the table gives one.
    pub baseline: Option<f64>,
    /// The target value, when the table gives one.
    pub target: Option<f64>,
    /// The unit written after the values, when it is one of the template's.
    pub unit: Option<String>,
}

/// One table row of the document and where it went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowAccount {
    /// Table number, 1-based, in document order.
    pub table: usize,
    /// Row number within the table, 1-based.
    pub row: usize,
    /// The row's text, its cells joined.
    pub text: String,
    /// Where it went.
    pub place: Place,
}

/// Where a table row went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A header row of a programme table.
    Header,
    /// A row with nothing in it.
    Empty,
    /// A priority (index into `priorities`).
    Priority(usize),
    /// A goal (indices into `priorities` and its goals).
    Goal(usize, usize),
    /// Activities (indices into `activities`).
    Activities(Vec<usize>),
    /// More of the activity above (indices into `activities`): a row split by a page break.
    Continuation(Vec<usize>),
    /// Not placed, and why.
    NotPlaced(NotPlaced),
}

impl Place {
    /// Whether the row was placed (headers and empty rows count as placed: nothing of
    /// them is lost).
    pub fn is_placed(&self) -> bool {
        !matches!(self, Place::NotPlaced(_))
    }
}

/// Why a row could not be placed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotPlaced {
    /// The row has text but no activity, and there is no activity above to add it to.
    NoActivity,
    /// The activity names no responsible institution.
    NoInstitution,
    /// The row is in a table that is not a programme table.
    NotProgrammeTable,
}

impl ImportedProgramme {
    /// The number of goals.
    pub fn goal_count(&self) -> usize {
        self.priorities.iter().map(|p| p.goals.len()).sum()
    }

    /// Rows placed and rows not placed.
    pub fn accounting(&self) -> (usize, usize) {
        let placed = self.rows.iter().filter(|r| r.place.is_placed()).count();
        (placed, self.rows.len() - placed)
    }
}
