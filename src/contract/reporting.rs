//! The reporting round's workbooks (spec: reporting.md): the reporting workbook `report
//! new` writes and `report collect` reads back, its statuses, and the implementation report
//! that `export --report` reads. Writers and readers take their names and positions here.

use crate::normalise::text::fold_key;

/// `_meta` value of `template_id` for a reporting workbook.
pub const REPORT_ID: &str = "zakrila-report";
/// `_meta` value of `template_version` for a reporting workbook.
pub const REPORT_VERSION: &str = "1";
/// The sheet with the indicators.
pub const SHEET_REPORT: &str = "Отчет";

/// The columns of `Отчет`, A–L (L, the key, is hidden).
pub const REPORT_HEADERS: [&str; 12] = [
    "№ на дейност",
    "Дейност",
    "Индикатор",
    "Мерна единица",
    "Текуща стойност",
    "Целева стойност",
    "Отчетена стойност",
    "Изпълнение %",
    "Статус",
    "Изразходван бюджет",
    "Коментар",
    "Ключ",
];

/// Column indices of `Отчет`.
pub mod report_col {
    /// Активност code.
    pub const CODE: u16 = 0;
    /// Target value.
    pub const TARGET: u16 = 5;
    /// Reported value (editable).
    pub const VALUE: u16 = 6;
    /// Achievement % (formula).
    pub const ACHIEVEMENT: u16 = 7;
    /// Status (editable).
    pub const STATUS: u16 = 8;
    /// Spent budget (editable).
    pub const SPENT: u16 = 9;
    /// Comment (editable).
    pub const COMMENT: u16 = 10;
    /// The hidden key.
    pub const KEY: u16 = 11;
}

/// The status of an indicator at reporting time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Изпълнена.
    Done,
    /// Частично изпълнена.
    Partly,
    /// Неизпълнена.
    NotDone,
    /// В процес.
    InProgress,
    /// Отпада.
    Dropped,
}

impl Status {
    /// Every status, in dropdown order.
    pub const ALL: [Status; 5] = [
        Status::Done,
        Status::Partly,
        Status::NotDone,
        Status::InProgress,
        Status::Dropped,
    ];

    /// The Bulgarian label, as in the dropdown.
    pub fn label(self) -> &'static str {
        match self {
            Status::Done => "Изпълнена",
            Status::Partly => "Частично изпълнена",
            Status::NotDone => "Неизпълнена",
            Status::InProgress => "В процес",
            Status::Dropped => "Отпада",
        }
    }

    /// The status a typed text names (case, spaces and dashes do not matter).
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::contract::reporting::Status;
    /// assert_eq!(Status::from_text(" частично  изпълнена"), Some(Status::Partly));
    /// assert_eq!(Status::from_text("готово"), None);
    /// ```
    pub fn from_text(text: &str) -> Option<Status> {
        let key = fold_key(text);
        Status::ALL.into_iter().find(|s| fold_key(s.label()) == key)
    }
}

/// The text in the Статус column of an indicator nobody reported.
pub const NOT_REPORTED: &str = "няма отчет";

/// The sheet of the implementation report with one row per indicator.
pub const SHEET_IMPLEMENTATION: &str = "Изпълнение";

/// The headers of `Изпълнение` (the last, the row's key, is hidden).
pub const IMPLEMENTATION_HEADERS: [&str; 16] = [
    "Приоритет",
    "Цел",
    "№ на дейност",
    "Дейност",
    "Индикатор",
    "Мерна единица",
    "Целева стойност",
    "Отчетена стойност",
    "Изпълнение %",
    "Статус",
    "Изразходван бюджет",
    "Валута",
    "Коментар",
    "Отчетено от",
    "Водеща институция",
    "Ключ",
];

/// Column indices of `Изпълнение`, which `export --report` and `document` read back.
pub mod impl_col {
    /// Приоритет (its number).
    pub const PRIORITY: u16 = 0;
    /// Цел (its code).
    pub const GOAL: u16 = 1;
    /// № на дейност.
    pub const CODE: u16 = 2;
    /// Дейност.
    pub const ACTIVITY: u16 = 3;
    /// Индикатор.
    pub const INDICATOR: u16 = 4;
    /// Мерна единица.
    pub const UNIT: u16 = 5;
    /// Целева стойност.
    pub const TARGET: u16 = 6;
    /// Отчетена стойност.
    pub const ACTUAL: u16 = 7;
    /// Статус.
    pub const STATUS: u16 = 9;
    /// Изразходван бюджет.
    pub const SPENT: u16 = 10;
    /// Валута.
    pub const CURRENCY: u16 = 11;
    /// Коментар.
    pub const COMMENT: u16 = 12;
    /// Отчетено от.
    pub const REPORTED_BY: u16 = 13;
    /// Водеща институция ("; "-separated).
    pub const LEADS: u16 = 14;
    /// Ключ (hidden).
    pub const KEY: u16 = 15;
}
