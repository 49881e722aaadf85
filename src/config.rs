//! The programme config, `programme.toml` (spec: template.md, "The programme config").
//!
//! Loading walks the parsed TOML document by hand rather than through `serde` derive, so
//! that every problem (a missing key, a duplicate goal code, a bad date) is reported with
//! the line and column of the value at fault and a sentence, in the user's language, that
//! says what to write instead. Once [`Programme::load`] returns, the programme is known to
//! be good: codes are unique, goals belong to their priority, the period is ordered.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use toml::Spanned;
use toml::de::{DeTable, DeValue};
use validator::ValidateLength;

mod mail;

pub use crate::normalise::number::Currency;
use crate::normalise::text::{clean, fold_key};
use crate::system::SystemError;
pub use mail::{MailAddress, MailSecurity, MailSettings, is_email};

/// The funding sources offered when the config lists none (template.md).
pub const DEFAULT_FUNDING_SOURCES: [&str; 8] = [
    "Общински бюджет",
    "Държавен бюджет (делегирани дейности)",
    "Бюджет на отговорната институция",
    "Европейски програми и проекти",
    "Национални програми",
    "Донори и НПО",
    "Не е необходимо финансиране",
    "Друго",
];

/// The longest title or name a config may give, in characters.
pub const MAX_TEXT_CHARS: u64 = 1000;

/// The units of measure offered in the template (template.md).
pub const UNITS: [&str; 7] = ["брой", "%", "EUR", "BGN", "часа", "дни", "друго"];

/// One priority of the programme, with its goals in config order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Priority {
    /// The priority's number, 1 for "Приоритет 1".
    pub number: u32,
    /// The title, folded to single spaces.
    pub title: String,
    /// The goals, in config order.
    pub goals: Vec<Goal>,
}

impl Priority {
    /// The dropdown label "N. title".
    ///
    /// # Examples
    ///
    /// ```
    /// let p = zakrila::config::Priority { number: 4, title: "Правосъдие".into(), goals: vec![] };
    /// assert_eq!(p.label(), "4. Правосъдие");
    /// ```
    pub fn label(&self) -> String {
        format!("{}. {}", self.number, self.title)
    }
}

/// One goal of a priority.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Goal {
    /// The goal code, "1.2": the priority number, a dot, the goal number.
    pub code: String,
    /// The title, folded to single spaces.
    pub title: String,
}

impl Goal {
    /// The dropdown label "code. title".
    ///
    /// # Examples
    ///
    /// ```
    /// let g = zakrila::config::Goal { code: "4.2".into(), title: "Подкрепа".into() };
    /// assert_eq!(g.label(), "4.2. Подкрепа");
    /// ```
    pub fn label(&self) -> String {
        format!("{}. {}", self.code, self.title)
    }
}

/// An institution the programme knows, with the other spellings people use for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Institution {
    /// The canonical name, used in every output.
    pub name: String,
    /// Other spellings accepted in submitted files.
    pub aliases: Vec<String>,
    /// The address the portal writes to (`email = "…"`), when the config gives one.
    pub email: Option<String>,
}

/// A loaded, checked programme config.
#[derive(Clone, Debug)]
pub struct Programme {
    /// Where the config was read from.
    pub path: PathBuf,
    /// SHA-256 of the config file's bytes, lower-case hex; recorded in `_meta`.
    pub sha256: String,
    /// "Общинска програма за закрила на детето".
    pub title: String,
    /// The municipality's name, "Русе".
    pub municipality: String,
    /// The EKATTE municipality code, "RSE27".
    pub municipality_code: String,
    /// First day of the programme period.
    pub period_start: NaiveDate,
    /// Last day of the programme period (inclusive).
    pub period_end: NaiveDate,
    /// Currency of amounts written without one.
    pub currency: Currency,
    /// Priorities in config order.
    pub priorities: Vec<Priority>,
    /// Institutions in config order.
    pub institutions: Vec<Institution>,
    /// Funding sources in config order (the default list when the config gives none).
    pub funding_sources: Vec<String>,
    /// The portal's due dates (`[portal]`), none when the config has no such table.
    pub portal: PortalSettings,
    /// The SMTP server the portal sends through (`[mail]`), none when the config has no
    /// such table.
    pub mail: Option<MailSettings>,
    /// What the mayor's proposal to the council says (`[council]`); without it the council's
    /// document is the programme alone.
    pub council: Option<Council>,
    /// The folded keys of the titles, names and sources above. Every file's validation looks
    /// cells up in them, so they are built once, when the config is read, not for each file
    /// (a `Programme` is not changed after it is read: nothing in zakrila writes to one).
    pub(crate) keys: Arc<Keys>,
}

/// A programme's titles, institution names and funding sources by their folded keys
/// ([`fold_key`]): what a cell's text is looked up in.
#[derive(Debug, Default)]
pub(crate) struct Keys {
    /// Every institution name and alias exactly as configured (most cells come from the
    /// dropdown) → the institution's index.
    pub institution_by_spelling: HashMap<String, usize>,
    /// Every institution name and alias, folded → the institution's index.
    pub institution_by_key: HashMap<String, usize>,
    /// Folded priority titles → number.
    pub priority_by_title: HashMap<String, u32>,
    /// Folded goal titles → code.
    pub goal_by_title: HashMap<String, String>,
    /// Folded funding sources → as configured.
    pub funding_by_key: HashMap<String, String>,
}

impl Keys {
    fn of(
        priorities: &[Priority],
        institutions: &[Institution],
        funding_sources: &[String],
    ) -> Keys {
        let mut keys = Keys::default();
        for (index, institution) in institutions.iter().enumerate() {
            for spelling in std::iter::once(&institution.name).chain(&institution.aliases) {
                keys.institution_by_key.insert(fold_key(spelling), index);
                keys.institution_by_spelling.insert(spelling.clone(), index);
            }
        }
        for priority in priorities {
            keys.priority_by_title
                .insert(fold_key(&priority.title), priority.number);
            for goal in &priority.goals {
                keys.goal_by_title
                    .insert(fold_key(&goal.title), goal.code.clone());
            }
        }
        for source in funding_sources {
            keys.funding_by_key.insert(fold_key(source), source.clone());
        }
        keys
    }
}

/// The optional `[portal]` table of programme.toml: due dates, and how much one personal
/// link may send in a day.
///
/// # Examples
///
/// ```
/// let toml = "[programme]\ntitle = \"П\"\nmunicipality = \"Русе\"\nmunicipality_code = \"RSE27\"\n\
///     period_start = 2025-01-01\nperiod_end = 2026-12-31\n\
///     [portal]\ncontributions_due = 2025-03-31\n\
///     [[priority]]\nnumber = 1\ntitle = \"О\"\n[[priority.goal]]\ncode = \"1.1\"\ntitle = \"Ц\"\n\
///     [[institution]]\nname = \"Община Русе\"\n";
/// let programme = zakrila::config::Programme::from_bytes("p.toml".as_ref(), toml.as_bytes())?;
/// assert_eq!(programme.portal.contributions_due.unwrap().to_string(), "2025-03-31");
/// assert!(programme.portal.reports_due.is_none());
/// assert_eq!(programme.portal.uploads_per_day, 100);
/// assert_eq!(programme.portal.upload_mb_per_day, None);
/// # Ok::<(), zakrila::config::ConfigError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortalSettings {
    /// When contributions are due.
    pub contributions_due: Option<NaiveDate>,
    /// When implementation reports are due.
    pub reports_due: Option<NaiveDate>,
    /// The most files one personal link may send within 24 hours (contributions and
    /// reports together); 100 unless set.
    pub uploads_per_day: u32,
    /// The most megabytes one personal link may send within 24 hours; unless set, 50 files
    /// at the portal's size limit (`--max-file-mb`).
    pub upload_mb_per_day: Option<u32>,
}

impl PortalSettings {
    /// Files per link per day when `uploads_per_day` is not set: twice the 50 versions an
    /// honest institution might send while it corrects its file.
    pub const DEFAULT_UPLOADS_PER_DAY: u32 = 100;
    /// Files at the size limit per link per day when `upload_mb_per_day` is not set.
    pub const DEFAULT_LARGEST_FILES_PER_DAY: u32 = 50;
    /// The largest value either count may take.
    pub const MAX_PER_DAY: u32 = 1_000_000;

    /// The megabytes one link may send in a day, for a portal whose size limit is
    /// `max_file_mb`.
    ///
    /// # Examples
    ///
    /// ```
    /// let settings = zakrila::config::PortalSettings::default();
    /// assert_eq!(settings.mb_per_day(20), 1000);
    /// ```
    pub fn mb_per_day(&self, max_file_mb: u32) -> u64 {
        self.upload_mb_per_day.map_or_else(
            || u64::from(max_file_mb) * u64::from(Self::DEFAULT_LARGEST_FILES_PER_DAY),
            u64::from,
        )
    }
}

impl Default for PortalSettings {
    fn default() -> PortalSettings {
        PortalSettings {
            contributions_due: None,
            reports_due: None,
            uploads_per_day: PortalSettings::DEFAULT_UPLOADS_PER_DAY,
            upload_mb_per_day: None,
        }
    }
}

/// The optional `[council]` table of programme.toml: the mayor's proposal to the council
/// that `zakrila document` puts before the programme (spec: documents.md).
///
/// # Examples
///
/// ```
/// let toml = "[programme]\ntitle = \"П\"\nmunicipality = \"Русе\"\nmunicipality_code = \"RSE27\"\n\
///     period_start = 2025-01-01\nperiod_end = 2026-12-31\n\
///     [council]\nmayor = \"Пенчо Милков\"\ncommission_meeting = 2025-04-07\n\
///     [[priority]]\nnumber = 1\ntitle = \"О\"\n[[priority.goal]]\ncode = \"1.1\"\ntitle = \"Ц\"\n\
///     [[institution]]\nname = \"Община Русе\"\n";
/// let programme = zakrila::config::Programme::from_bytes("p.toml".as_ref(), toml.as_bytes())?;
/// let council = programme.council.unwrap();
/// assert_eq!(council.mayor_title, "Кмет на Община Русе");
/// assert_eq!(council.commission_meeting.unwrap().to_string(), "2025-04-07");
/// # Ok::<(), zakrila::config::ConfigError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Council {
    /// The mayor's name, as the proposal is signed.
    pub mayor: String,
    /// The mayor's title; „Кмет на Община …“ when the config gives none.
    pub mayor_title: String,
    /// The day the Commission for the Child approved the programme, when given.
    pub commission_meeting: Option<NaiveDate>,
    /// A paragraph of the proposal's own, after the usual reasons.
    pub proposal_basis: Option<String>,
}

impl Programme {
    /// Reads and checks a `programme.toml`.
    ///
    /// # Errors
    ///
    /// The first problem found, with the file, line and column where it can be pointed at.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let programme = zakrila::config::Programme::load("samples/ruse-2025/programme.toml".as_ref())?;
    /// assert_eq!(programme.municipality_code, "RSE27");
    /// # Ok::<(), zakrila::config::ConfigError>(())
    /// ```
    pub fn load(path: &Path) -> Result<Programme, ConfigError> {
        let bytes = std::fs::read(path).map_err(|err| ConfigError {
            path: path.to_path_buf(),
            position: None,
            problem: ConfigProblem::Unreadable {
                reason: SystemError::from(&err),
            },
        })?;
        Programme::from_bytes(path, &bytes)
    }

    /// Checks a config given as bytes; `path` is used in messages and kept in the result.
    ///
    /// # Errors
    ///
    /// As [`Programme::load`].
    ///
    /// # Examples
    ///
    /// ```
    /// let toml = "[programme]\ntitle = \"Програма\"\nmunicipality = \"Русе\"\n\
    ///     municipality_code = \"RSE27\"\nperiod_start = 2025-01-01\nperiod_end = 2026-12-31\n\
    ///     [[priority]]\nnumber = 1\ntitle = \"Образование\"\n\
    ///     [[priority.goal]]\ncode = \"1.1\"\ntitle = \"Ранно детско развитие\"\n\
    ///     [[institution]]\nname = \"Община Русе\"\n";
    /// let programme = zakrila::config::Programme::from_bytes("p.toml".as_ref(), toml.as_bytes())?;
    /// assert_eq!(programme.priorities[0].goals[0].label(), "1.1. Ранно детско развитие");
    /// # Ok::<(), zakrila::config::ConfigError>(())
    /// ```
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Programme, ConfigError> {
        let sha256 = Sha256::digest(bytes)
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        let source = std::str::from_utf8(bytes).map_err(|err| ConfigError {
            path: path.to_path_buf(),
            position: Some(Position::of(bytes, err.valid_up_to())),
            problem: ConfigProblem::NotUtf8,
        })?;
        let reader = Reader { path, source };
        let document = DeTable::parse(source).map_err(|err| {
            let detail = clean(err.message());
            reader.error(
                err.span().unwrap_or(0..0),
                ConfigProblem::Syntax {
                    mistake: TomlMistake::of(&detail),
                    detail,
                },
            )
        })?;
        reader.programme(document.get_ref(), sha256)
    }

    /// The goal with this code, with its priority.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # let programme = zakrila::config::Programme::load("samples/ruse-2025/programme.toml".as_ref()).unwrap();
    /// let (priority, goal) = programme.goal("1.2").unwrap();
    /// assert_eq!(priority.number, 1);
    /// assert_eq!(goal.code, "1.2");
    /// ```
    pub fn goal(&self, code: &str) -> Option<(&Priority, &Goal)> {
        self.priorities.iter().find_map(|priority| {
            priority
                .goals
                .iter()
                .find(|goal| goal.code == code)
                .map(|goal| (priority, goal))
        })
    }
}

/// Line and column (both 1-based, column in characters) of a place in the config.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl Position {
    fn of(source: &[u8], offset: usize) -> Position {
        let before = &source[..offset.min(source.len())];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        Position { line, column }
    }
}

/// A config that cannot be used, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The config file as given on the command line.
    pub path: PathBuf,
    /// Where in the file, when the problem has a place.
    pub position: Option<Position>,
    /// What is wrong.
    pub problem: ConfigProblem,
}

impl ConfigError {
    /// The system's or the TOML parser's own words about the problem, for `--verbose`.
    pub fn detail(&self) -> Option<&str> {
        match &self.problem {
            ConfigProblem::Unreadable { reason } => Some(reason.detail.as_str()),
            ConfigProblem::Syntax { detail, .. } => Some(detail.as_str()),
            _ => None,
        }
    }
}

/// The kinds of TOML value a key can need, for "wrong type" messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// A quoted string.
    Text,
    /// A whole number.
    Integer,
    /// A TOML local date, 2025-01-01.
    Date,
    /// An array of quoted strings.
    TextList,
    /// A `[table]`.
    Table,
    /// `[[table]]` entries.
    TableList,
}

/// The TOML mistakes people make in a config, told apart by the parser's words so that the
/// catalogue can say each one in Bulgarian (the words themselves only under `--verbose`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TomlMistake {
    /// A text without quotes, or in „…“ typographic quotes: `title = Програма`.
    UnquotedText,
    /// A key without `=`: `title "Програма"`.
    KeyWithoutValue,
    /// A text whose closing quote is missing.
    UnclosedText,
    /// A `[section` without its `]`.
    UnclosedSection,
    /// A `[list` without its `]`.
    UnclosedList,
    /// A key, or a `[section]`, given twice.
    DuplicateKey,
    /// A date that is no date: `2025-13-01`.
    BadDate,
    /// Anything else.
    Other,
}

impl TomlMistake {
    /// The mistake the parser's words describe (toml 0.9's messages).
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::config::TomlMistake;
    /// assert_eq!(TomlMistake::of("key with no value, expected `=`"), TomlMistake::KeyWithoutValue);
    /// assert_eq!(TomlMistake::of("something new"), TomlMistake::Other);
    /// ```
    pub fn of(words: &str) -> TomlMistake {
        const MISTAKES: [(&str, TomlMistake); 8] = [
            ("string values must be quoted", TomlMistake::UnquotedText),
            ("key with no value", TomlMistake::KeyWithoutValue),
            ("invalid basic string", TomlMistake::UnclosedText),
            ("invalid literal string", TomlMistake::UnclosedText),
            ("unclosed table", TomlMistake::UnclosedSection),
            ("unclosed array", TomlMistake::UnclosedList),
            ("duplicate key", TomlMistake::DuplicateKey),
            ("invalid date", TomlMistake::BadDate),
        ];
        MISTAKES
            .iter()
            .find(|(start, _)| words.starts_with(start))
            .map_or(TomlMistake::Other, |(_, mistake)| *mistake)
    }
}

/// What can be wrong with a config. Rendered by the message catalogue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    /// The file cannot be read.
    Unreadable {
        /// Why, as the system said.
        reason: SystemError,
    },
    /// The file is not UTF-8 text.
    NotUtf8,
    /// TOML syntax error: the mistake, and the TOML parser's own words (for `--verbose`).
    Syntax {
        /// What kind of mistake.
        mistake: TomlMistake,
        /// The parser's words.
        detail: String,
    },
    /// A required key is absent from `table`.
    MissingKey {
        /// The table, as written in the config.
        table: String,
        /// The key, as written in the config.
        key: String,
    },
    /// A key zakrila does not know (often a typo).
    UnknownKey {
        /// The table, as written in the config.
        table: String,
        /// The key, as written in the config.
        key: String,
        /// The keys allowed there.
        allowed: &'static [&'static str],
    },
    /// A value of the wrong TOML type.
    WrongType {
        /// The key, as written in the config.
        key: String,
        /// The kind of value expected.
        expected: ValueKind,
    },
    /// A text value that is empty or only spaces.
    EmptyText {
        /// The key, as written in the config.
        key: String,
    },
    /// A text value longer than `max` characters.
    TooLong {
        /// The key, as written in the config.
        key: String,
        /// The most characters allowed.
        max: u64,
    },
    /// A date with a time or offset, or a time alone.
    NotADate {
        /// The key, as written in the config.
        key: String,
    },
    /// `period_end` before `period_start`.
    PeriodOrder {
        /// Its start.
        start: NaiveDate,
        /// Its end.
        end: NaiveDate,
    },
    /// A municipality code that is not three Latin capitals and two digits.
    MunicipalityCode {
        /// The value as written.
        value: String,
    },
    /// A currency other than EUR or BGN.
    Currency {
        /// The value as written.
        value: String,
    },
    /// A priority number that is not a positive whole number.
    PriorityNumber {
        /// The value as written.
        value: String,
    },
    /// An e-mail address that is not one (`email` of an institution, `from` or `secretary`
    /// of `[mail]`).
    Email {
        /// The key, as written in the config.
        key: String,
        /// The value as written.
        value: String,
    },
    /// `smtp` of `[mail]` that is not `host:port`.
    SmtpServer {
        /// The value as written.
        value: String,
    },
    /// `security` of `[mail]` other than starttls, tls or none.
    MailSecurity {
        /// The value as written.
        value: String,
    },
    /// `security = "none"` with a `user`: the password would cross the network in clear.
    PasswordInClear,
    /// `password` in `[mail]`: it belongs in `ZAKRILA_SMTP_PASSWORD`.
    PasswordInFile,
    /// A daily quota of `[portal]` that is not a whole number from 1 to 1,000,000.
    PerDay {
        /// The key, as written in the config.
        key: String,
        /// The value as written.
        value: String,
    },
    /// The same priority number twice.
    DuplicatePriority {
        /// The number.
        number: u32,
        /// The line where it first appears.
        first_line: usize,
    },
    /// A goal code not of the form "N.M".
    GoalCodeForm {
        /// The code as written.
        code: String,
    },
    /// A goal code whose first number is not its priority's.
    GoalOutsidePriority {
        /// The code as written.
        code: String,
        /// The priority number.
        priority: u32,
    },
    /// The same goal code twice.
    DuplicateGoal {
        /// The code as written.
        code: String,
        /// The line where it first appears.
        first_line: usize,
    },
    /// An institution name or alias that is already another one's (after loose folding).
    DuplicateInstitution {
        /// The name as written.
        name: String,
        /// The line where it first appears.
        first_line: usize,
    },
    /// A funding source listed twice.
    DuplicateFundingSource {
        /// The name as written.
        name: String,
        /// The line where it first appears.
        first_line: usize,
    },
    /// A name containing ";" or ",", which separate partners in the template.
    SeparatorInName {
        /// The name as written.
        name: String,
    },
    /// No `[[priority]]` at all.
    NoPriorities,
    /// A priority with no `[[priority.goal]]`.
    PriorityWithoutGoals {
        /// The number.
        number: u32,
    },
    /// No `[[institution]]` at all.
    NoInstitutions,
}

const PROGRAMME_KEYS: &[&str] = &[
    "title",
    "municipality",
    "municipality_code",
    "period_start",
    "period_end",
    "currency",
];
const TOP_KEYS: &[&str] = &[
    "programme",
    "priority",
    "institution",
    "funding_source",
    "portal",
    "mail",
    "council",
];
const PORTAL_KEYS: &[&str] = &[
    "contributions_due",
    "reports_due",
    "uploads_per_day",
    "upload_mb_per_day",
];
const COUNCIL_KEYS: &[&str] = &[
    "mayor",
    "mayor_title",
    "commission_meeting",
    "proposal_basis",
];
const PRIORITY_KEYS: &[&str] = &["number", "title", "goal"];
const GOAL_KEYS: &[&str] = &["code", "title"];
const INSTITUTION_KEYS: &[&str] = &["name", "aliases", "email"];
const FUNDING_KEYS: &[&str] = &["name"];

/// Walks the parsed document, turning each problem into a positioned [`ConfigError`].
struct Reader<'a> {
    path: &'a Path,
    source: &'a str,
}

type Table<'i> = DeTable<'i>;
type Value<'i> = Spanned<DeValue<'i>>;

impl Reader<'_> {
    fn error(&self, span: Range<usize>, problem: ConfigProblem) -> ConfigError {
        ConfigError {
            path: self.path.to_path_buf(),
            position: Some(Position::of(self.source.as_bytes(), span.start)),
            problem,
        }
    }

    fn unplaced(&self, problem: ConfigProblem) -> ConfigError {
        ConfigError {
            path: self.path.to_path_buf(),
            position: None,
            problem,
        }
    }

    fn line_of(&self, span: &Range<usize>) -> usize {
        Position::of(self.source.as_bytes(), span.start).line
    }

    fn programme(&self, document: &Table<'_>, sha256: String) -> Result<Programme, ConfigError> {
        self.known_keys(document, "", TOP_KEYS)?;
        let head = document
            .get("programme")
            .ok_or_else(|| self.missing(0..0, "", "programme"))?;
        let head_span = head.span();
        let head = self.table(head, "programme")?;
        self.known_keys(head, "programme", PROGRAMME_KEYS)?;

        let title = self.text(head, &head_span, "programme", "title")?;
        let municipality = self.text(head, &head_span, "programme", "municipality")?;
        let code_value = self.required(head, &head_span, "programme", "municipality_code")?;
        let municipality_code = self.text_value(code_value, "municipality_code")?;
        if !is_municipality_code(&municipality_code) {
            return Err(self.error(
                code_value.span(),
                ConfigProblem::MunicipalityCode {
                    value: municipality_code,
                },
            ));
        }
        let period_start = self.date(head, &head_span, "period_start")?;
        let end_value = self.required(head, &head_span, "programme", "period_end")?;
        let period_end = self.date_value(end_value, "period_end")?;
        if period_end < period_start {
            return Err(self.error(
                end_value.span(),
                ConfigProblem::PeriodOrder {
                    start: period_start,
                    end: period_end,
                },
            ));
        }
        let currency = match head.get("currency") {
            None => Currency::Eur,
            Some(value) => match self.text_value(value, "currency")?.as_str() {
                "EUR" => Currency::Eur,
                "BGN" => Currency::Bgn,
                other => {
                    return Err(self.error(
                        value.span(),
                        ConfigProblem::Currency {
                            value: other.to_string(),
                        },
                    ));
                }
            },
        };

        let priorities = self.priorities(document)?;
        let institutions = self.institutions(document)?;
        let funding_sources = self.funding_sources(document)?;
        let portal = self.portal(document)?;
        let mail = self.mail(document)?;
        let council = self.council(document, &municipality)?;
        let keys = Arc::new(Keys::of(&priorities, &institutions, &funding_sources));
        Ok(Programme {
            path: self.path.to_path_buf(),
            sha256,
            title,
            municipality,
            municipality_code,
            period_start,
            period_end,
            currency,
            priorities,
            institutions,
            funding_sources,
            portal,
            mail,
            council,
            keys,
        })
    }

    /// The optional `[council]` table: the mayor, their title, the commission's meeting and
    /// a paragraph of the proposal's own.
    fn council(
        &self,
        document: &Table<'_>,
        municipality: &str,
    ) -> Result<Option<Council>, ConfigError> {
        let Some(value) = document.get("council") else {
            return Ok(None);
        };
        let span = value.span();
        let table = self.table(value, "council")?;
        self.known_keys(table, "council", COUNCIL_KEYS)?;
        let mayor = self.text(table, &span, "council", "mayor")?;
        let text = |key: &str| {
            table
                .get(key)
                .map(|value| self.text_value(value, key))
                .transpose()
        };
        let mayor_title = text("mayor_title")?.unwrap_or_else(|| {
            crate::contract::document::proposal::default_mayor_title(municipality)
        });
        let commission_meeting = table
            .get("commission_meeting")
            .map(|value| self.date_value(value, "commission_meeting"))
            .transpose()?;
        Ok(Some(Council {
            mayor,
            mayor_title,
            commission_meeting,
            proposal_basis: text("proposal_basis")?,
        }))
    }

    /// The optional `[portal]` table: the due dates the portal shows and marks lateness by,
    /// and the daily quota of a personal link.
    fn portal(&self, document: &Table<'_>) -> Result<PortalSettings, ConfigError> {
        let Some(value) = document.get("portal") else {
            return Ok(PortalSettings::default());
        };
        let table = self.table(value, "portal")?;
        self.known_keys(table, "portal", PORTAL_KEYS)?;
        let date = |key: &str| {
            table
                .get(key)
                .map(|value| self.date_value(value, key))
                .transpose()
        };
        let count = |key: &str| {
            table
                .get(key)
                .map(|value| self.per_day_value(value, key))
                .transpose()
        };
        Ok(PortalSettings {
            contributions_due: date("contributions_due")?,
            reports_due: date("reports_due")?,
            uploads_per_day: count("uploads_per_day")?
                .unwrap_or(PortalSettings::DEFAULT_UPLOADS_PER_DAY),
            upload_mb_per_day: count("upload_mb_per_day")?,
        })
    }

    /// A daily quota: a whole number from 1 to [`PortalSettings::MAX_PER_DAY`].
    fn per_day_value(&self, value: &Value<'_>, key: &str) -> Result<u32, ConfigError> {
        let bad = |text: &str| {
            self.error(
                value.span(),
                ConfigProblem::PerDay {
                    key: key.to_string(),
                    value: text.to_string(),
                },
            )
        };
        match value.get_ref() {
            DeValue::Integer(integer) => {
                match i64::from_str_radix(integer.as_str(), integer.radix()) {
                    Ok(n) if (1..=i64::from(PortalSettings::MAX_PER_DAY)).contains(&n) => {
                        Ok(n as u32)
                    }
                    _ => Err(bad(integer.as_str())),
                }
            }
            DeValue::String(text) => Err(bad(text)),
            _ => Err(self.wrong_type(value, key, ValueKind::Integer)),
        }
    }

    fn priorities(&self, document: &Table<'_>) -> Result<Vec<Priority>, ConfigError> {
        let entries = self.table_list(document, "priority")?;
        if entries.is_empty() {
            return Err(self.unplaced(ConfigProblem::NoPriorities));
        }
        let mut numbers: HashMap<u32, usize> = HashMap::new();
        let mut goal_codes: HashMap<String, usize> = HashMap::new();
        let mut priorities = Vec::with_capacity(entries.len());
        for (span, entry) in entries {
            self.known_keys(entry, "priority", PRIORITY_KEYS)?;
            let number_value = self.required(entry, &span, "priority", "number")?;
            let number = self.priority_number(number_value)?;
            if let Some(&first_line) = numbers.get(&number) {
                return Err(self.error(
                    number_value.span(),
                    ConfigProblem::DuplicatePriority { number, first_line },
                ));
            }
            numbers.insert(number, self.line_of(&number_value.span()));
            let title = self.text(entry, &span, "priority", "title")?;

            let goal_entries = self.table_list(entry, "goal")?;
            if goal_entries.is_empty() {
                return Err(self.error(span, ConfigProblem::PriorityWithoutGoals { number }));
            }
            let mut goals = Vec::with_capacity(goal_entries.len());
            for (goal_span, goal) in goal_entries {
                self.known_keys(goal, "priority.goal", GOAL_KEYS)?;
                let code_value = self.required(goal, &goal_span, "priority.goal", "code")?;
                let code = self.text_value(code_value, "code")?;
                let Some(goal_priority) = goal_code_priority(&code) else {
                    return Err(self.error(code_value.span(), ConfigProblem::GoalCodeForm { code }));
                };
                if goal_priority != number {
                    return Err(self.error(
                        code_value.span(),
                        ConfigProblem::GoalOutsidePriority {
                            code,
                            priority: number,
                        },
                    ));
                }
                if let Some(&first_line) = goal_codes.get(&code) {
                    return Err(self.error(
                        code_value.span(),
                        ConfigProblem::DuplicateGoal { code, first_line },
                    ));
                }
                goal_codes.insert(code.clone(), self.line_of(&code_value.span()));
                let title = self.text(goal, &goal_span, "priority.goal", "title")?;
                goals.push(Goal { code, title });
            }
            priorities.push(Priority {
                number,
                title,
                goals,
            });
        }
        Ok(priorities)
    }

    fn institutions(&self, document: &Table<'_>) -> Result<Vec<Institution>, ConfigError> {
        let entries = self.table_list(document, "institution")?;
        if entries.is_empty() {
            return Err(self.unplaced(ConfigProblem::NoInstitutions));
        }
        // Every name and alias, folded, must point at one institution only: otherwise a
        // submitted "РУО" could mean two things.
        let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
        let mut institutions = Vec::with_capacity(entries.len());
        for (index, (span, entry)) in entries.into_iter().enumerate() {
            self.known_keys(entry, "institution", INSTITUTION_KEYS)?;
            let name_value = self.required(entry, &span, "institution", "name")?;
            let name = self.text_value(name_value, "name")?;
            let mut spellings = vec![(name.clone(), name_value.span())];
            if let Some(list) = entry.get("aliases") {
                let Some(items) = list.get_ref().as_array() else {
                    return Err(self.wrong_type(list, "aliases", ValueKind::TextList));
                };
                for item in items.iter() {
                    spellings.push((self.text_value(item, "aliases")?, item.span()));
                }
            }
            let mut aliases = Vec::new();
            for (position, (spelling, spelling_span)) in spellings.into_iter().enumerate() {
                if spelling.contains([';', ',']) {
                    return Err(self.error(
                        spelling_span,
                        ConfigProblem::SeparatorInName { name: spelling },
                    ));
                }
                let key = fold_key(&spelling);
                match seen.get(&key) {
                    Some(&(owner, first_line)) if owner != index => {
                        return Err(self.error(
                            spelling_span,
                            ConfigProblem::DuplicateInstitution {
                                name: spelling,
                                first_line,
                            },
                        ));
                    }
                    // The same spelling twice for one institution adds nothing.
                    Some(_) => {}
                    None => {
                        seen.insert(key, (index, self.line_of(&spelling_span)));
                        if position > 0 {
                            aliases.push(spelling);
                        }
                    }
                }
            }
            let email = entry
                .get("email")
                .map(|value| self.email_value(value, "email"))
                .transpose()?;
            institutions.push(Institution {
                name,
                aliases,
                email,
            });
        }
        Ok(institutions)
    }

    fn funding_sources(&self, document: &Table<'_>) -> Result<Vec<String>, ConfigError> {
        let entries = self.table_list(document, "funding_source")?;
        if entries.is_empty() {
            return Ok(DEFAULT_FUNDING_SOURCES.map(String::from).to_vec());
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut sources = Vec::with_capacity(entries.len());
        for (span, entry) in entries {
            self.known_keys(entry, "funding_source", FUNDING_KEYS)?;
            let value = self.required(entry, &span, "funding_source", "name")?;
            let name = self.text_value(value, "name")?;
            let key = fold_key(&name);
            if let Some(&first_line) = seen.get(&key) {
                return Err(self.error(
                    value.span(),
                    ConfigProblem::DuplicateFundingSource { name, first_line },
                ));
            }
            seen.insert(key, self.line_of(&value.span()));
            sources.push(name);
        }
        Ok(sources)
    }

    fn known_keys(
        &self,
        table: &Table<'_>,
        name: &str,
        allowed: &'static [&'static str],
    ) -> Result<(), ConfigError> {
        match table
            .keys()
            .find(|key| !allowed.contains(&key.get_ref().as_ref()))
        {
            Some(key) => Err(self.error(
                key.span(),
                ConfigProblem::UnknownKey {
                    table: name.to_string(),
                    key: key.get_ref().to_string(),
                    allowed,
                },
            )),
            None => Ok(()),
        }
    }

    fn missing(&self, span: Range<usize>, table: &str, key: &str) -> ConfigError {
        let problem = ConfigProblem::MissingKey {
            table: table.to_string(),
            key: key.to_string(),
        };
        if span.is_empty() && span.start == 0 {
            self.unplaced(problem)
        } else {
            self.error(span, problem)
        }
    }

    fn required<'t, 'i>(
        &self,
        table: &'t Table<'i>,
        table_span: &Range<usize>,
        table_name: &str,
        key: &str,
    ) -> Result<&'t Value<'i>, ConfigError> {
        table
            .get(key)
            .ok_or_else(|| self.missing(table_span.clone(), table_name, key))
    }

    fn wrong_type(&self, value: &Value<'_>, key: &str, expected: ValueKind) -> ConfigError {
        self.error(
            value.span(),
            ConfigProblem::WrongType {
                key: key.to_string(),
                expected,
            },
        )
    }

    fn table<'t, 'i>(&self, value: &'t Value<'i>, key: &str) -> Result<&'t Table<'i>, ConfigError> {
        value
            .get_ref()
            .as_table()
            .ok_or_else(|| self.wrong_type(value, key, ValueKind::Table))
    }

    /// The entries of a `[[key]]` array of tables, each with its span; absent means none.
    fn table_list<'t, 'i>(
        &self,
        table: &'t Table<'i>,
        key: &str,
    ) -> Result<Vec<(Range<usize>, &'t Table<'i>)>, ConfigError> {
        let Some(value) = table.get(key) else {
            return Ok(Vec::new());
        };
        let Some(items) = value.get_ref().as_array() else {
            return Err(self.wrong_type(value, key, ValueKind::TableList));
        };
        items
            .iter()
            .map(|item| match item.get_ref().as_table() {
                Some(entry) => Ok((item.span(), entry)),
                None => Err(self.wrong_type(item, key, ValueKind::TableList)),
            })
            .collect()
    }

    fn text(
        &self,
        table: &Table<'_>,
        table_span: &Range<usize>,
        table_name: &str,
        key: &str,
    ) -> Result<String, ConfigError> {
        let value = self.required(table, table_span, table_name, key)?;
        self.text_value(value, key)
    }

    /// A text value, with whitespace folded; empty text is an error.
    fn text_value(&self, value: &Value<'_>, key: &str) -> Result<String, ConfigError> {
        let Some(text) = value.get_ref().as_str() else {
            return Err(self.wrong_type(value, key, ValueKind::Text));
        };
        let text = clean(text);
        if text.is_empty() {
            return Err(self.error(
                value.span(),
                ConfigProblem::EmptyText {
                    key: key.to_string(),
                },
            ));
        }
        // Names and titles end up in dropdowns, cells and headings; a spreadsheet cell holds
        // at most 32,767 characters, and a dropdown entry is unusable long before that.
        if !text.validate_length(None, Some(MAX_TEXT_CHARS), None) {
            return Err(self.error(
                value.span(),
                ConfigProblem::TooLong {
                    key: key.to_string(),
                    max: MAX_TEXT_CHARS,
                },
            ));
        }
        Ok(text)
    }

    fn date(
        &self,
        table: &Table<'_>,
        table_span: &Range<usize>,
        key: &str,
    ) -> Result<NaiveDate, ConfigError> {
        let value = self.required(table, table_span, "programme", key)?;
        self.date_value(value, key)
    }

    fn date_value(&self, value: &Value<'_>, key: &str) -> Result<NaiveDate, ConfigError> {
        let Some(datetime) = value.get_ref().as_datetime() else {
            return Err(self.wrong_type(value, key, ValueKind::Date));
        };
        let not_a_date = || {
            self.error(
                value.span(),
                ConfigProblem::NotADate {
                    key: key.to_string(),
                },
            )
        };
        match (datetime.date, datetime.time, datetime.offset) {
            (Some(date), None, None) => {
                NaiveDate::from_ymd_opt(i32::from(date.year), date.month.into(), date.day.into())
                    .ok_or_else(not_a_date)
            }
            _ => Err(not_a_date()),
        }
    }

    fn priority_number(&self, value: &Value<'_>) -> Result<u32, ConfigError> {
        let bad = |text: &str| {
            self.error(
                value.span(),
                ConfigProblem::PriorityNumber {
                    value: text.to_string(),
                },
            )
        };
        match value.get_ref() {
            DeValue::Integer(integer) => {
                match i64::from_str_radix(integer.as_str(), integer.radix()) {
                    Ok(n) if (1..=999).contains(&n) => Ok(n as u32),
                    _ => Err(bad(integer.as_str())),
                }
            }
            DeValue::String(text) => Err(bad(text)),
            _ => Err(self.wrong_type(value, "number", ValueKind::Integer)),
        }
    }
}

/// Three Latin capitals and two digits: the EKATTE municipality code ("RSE27").
fn is_municipality_code(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() == 5
        && bytes[..3].iter().all(u8::is_ascii_uppercase)
        && bytes[3..].iter().all(u8::is_ascii_digit)
}

/// The priority number of a well-formed goal code "N.M", or None when the form is wrong.
fn goal_code_priority(code: &str) -> Option<u32> {
    let (priority, goal) = code.split_once('.')?;
    let is_number =
        |s: &str| !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
    if !is_number(priority)
        || !is_number(goal)
        || goal.starts_with('0')
        || priority.starts_with('0')
    {
        return None;
    }
    priority.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_characters_not_bytes() {
        let source = "а = 1\nбв = \"x\"".as_bytes();
        let offset = "а = 1\nбв = ".len();
        assert_eq!(
            Position::of(source, offset),
            Position { line: 2, column: 6 }
        );
    }

    #[test]
    fn municipality_codes() {
        assert!(is_municipality_code("RSE27"));
        assert!(is_municipality_code("SOF46"));
        for bad in ["rse27", "RSE2", "RSE275", "РСЕ27", "RS327", ""] {
            assert!(!is_municipality_code(bad), "{bad}");
        }
    }

    #[test]
    fn goal_codes() {
        assert_eq!(goal_code_priority("1.2"), Some(1));
        assert_eq!(goal_code_priority("12.10"), Some(12));
        for bad in ["1", "1.", ".2", "1.2.3", "a.1", "01.1", "1.02", "1 .2"] {
            assert_eq!(goal_code_priority(bad), None, "{bad}");
        }
    }
}
