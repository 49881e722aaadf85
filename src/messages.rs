//! The message catalogue: every sentence zakrila says to a user, in Bulgarian and English.
//!
//! Code elsewhere builds a [`Msg`] value that says *what* happened; only this module knows
//! how to say it. Keeping both languages side by side in one `match` makes a missing
//! translation a compile error rather than a surprise in front of a user.

use std::path::Path;

use crate::config::{ConfigError, ConfigProblem, ValueKind};

/// The language of messages, chosen with `--lang`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Bulgarian, the default.
    #[default]
    Bg,
    /// English.
    En,
}

/// Something to tell the user.
#[derive(Debug)]
pub enum Msg<'a> {
    /// A config that cannot be used.
    ConfigError(&'a ConfigError),
    /// An input file or directory that does not exist or cannot be read.
    InputUnreadable { path: &'a Path, reason: String },
    /// The output's directory does not exist.
    OutputDirMissing { path: &'a Path },
    /// The output cannot be written (permissions, full disk, …).
    OutputNotWritable { path: &'a Path, reason: String },
    /// The output path names one of the inputs.
    OutputIsInput { path: &'a Path },
    /// The output path is a directory.
    OutputIsDirectory { path: &'a Path },
    /// A subcommand whose issue has not landed yet.
    NotYetAvailable { command: &'a str, issue: u32 },
    /// `template` finished.
    TemplateWritten {
        path: &'a Path,
        priorities: usize,
        goals: usize,
        institutions: usize,
    },
}

impl Msg<'_> {
    /// The message in the chosen language.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::messages::{Lang, Msg};
    /// let msg = Msg::OutputIsInput { path: "програма.xlsx".as_ref() };
    /// assert!(msg.render(Lang::En).contains("програма.xlsx"));
    /// assert!(msg.render(Lang::Bg).contains("програма.xlsx"));
    /// ```
    pub fn render(&self, lang: Lang) -> String {
        use Lang::{Bg, En};
        match (self, lang) {
            (Msg::ConfigError(err), _) => render_config_error(err, lang),
            (Msg::InputUnreadable { path, reason }, Bg) => {
                format!(
                    "Файлът „{}“ не може да бъде прочетен: {reason}.",
                    path.display()
                )
            }
            (Msg::InputUnreadable { path, reason }, En) => {
                format!("Cannot read \"{}\": {reason}.", path.display())
            }
            (Msg::OutputDirMissing { path }, Bg) => format!(
                "Папката „{}“ не съществува: създайте я или посочете друг път след -o.",
                path.display()
            ),
            (Msg::OutputDirMissing { path }, En) => format!(
                "The folder \"{}\" does not exist: create it or give another path after -o.",
                path.display()
            ),
            (Msg::OutputNotWritable { path, reason }, Bg) => format!(
                "Не може да се запише „{}“: {reason}; посочете друг път след -o.",
                path.display()
            ),
            (Msg::OutputNotWritable { path, reason }, En) => format!(
                "Cannot write \"{}\": {reason}; give another path after -o.",
                path.display()
            ),
            (Msg::OutputIsInput { path }, Bg) => format!(
                "Изходният файл „{}“ е и входен файл: zakrila не презаписва входни файлове, посочете друго име след -o.",
                path.display()
            ),
            (Msg::OutputIsInput { path }, En) => format!(
                "The output \"{}\" is also an input: zakrila never overwrites an input, give another name after -o.",
                path.display()
            ),
            (Msg::OutputIsDirectory { path }, Bg) => format!(
                "„{}“ е папка: след -o посочете име на файл, напр. шаблон.xlsx.",
                path.display()
            ),
            (Msg::OutputIsDirectory { path }, En) => format!(
                "\"{}\" is a folder: give a file name after -o, e.g. template.xlsx.",
                path.display()
            ),
            (Msg::NotYetAvailable { command, issue }, Bg) => format!(
                "Командата „zakrila {command}“ още не е налична: тя предстои с задача #{issue}."
            ),
            (Msg::NotYetAvailable { command, issue }, En) => format!(
                "\"zakrila {command}\" is not available yet: it arrives with issue #{issue}."
            ),
            (
                Msg::TemplateWritten {
                    path,
                    priorities,
                    goals,
                    institutions,
                },
                Bg,
            ) => format!(
                "Шаблонът е записан в „{}“: {priorities} приоритета, {goals} цели, {institutions} институции.",
                path.display()
            ),
            (
                Msg::TemplateWritten {
                    path,
                    priorities,
                    goals,
                    institutions,
                },
                En,
            ) => format!(
                "Template written to \"{}\": {priorities} priorities, {goals} goals, {institutions} institutions.",
                path.display()
            ),
        }
    }
}

fn render_config_error(err: &ConfigError, lang: Lang) -> String {
    let place = match (err.position, lang) {
        (Some(pos), Lang::Bg) => format!(
            "{}, ред {}, колона {}",
            err.path.display(),
            pos.line,
            pos.column
        ),
        (Some(pos), Lang::En) => format!(
            "{}, line {}, column {}",
            err.path.display(),
            pos.line,
            pos.column
        ),
        (None, _) => err.path.display().to_string(),
    };
    format!("{place}: {}", config_problem(&err.problem, lang))
}

fn config_problem(problem: &ConfigProblem, lang: Lang) -> String {
    use ConfigProblem as P;
    use Lang::{Bg, En};
    match (problem, lang) {
        (P::Unreadable { reason }, Bg) => format!(
            "конфигурацията не може да бъде прочетена ({reason}); проверете пътя след --config."
        ),
        (P::Unreadable { reason }, En) => {
            format!("cannot read the config ({reason}); check the path after --config.")
        }
        (P::NotUtf8, Bg) => "файлът не е текст в UTF-8; запишете го с кодировка UTF-8.".into(),
        (P::NotUtf8, En) => "the file is not UTF-8 text; save it with UTF-8 encoding.".into(),
        (P::Syntax { detail }, Bg) => format!(
            "грешка в синтаксиса на TOML ({detail}); текстът се пише в кавички, датите като 2025-01-01."
        ),
        (P::Syntax { detail }, En) => format!(
            "TOML syntax error ({detail}); text goes in quotes, dates as 2025-01-01."
        ),
        (P::MissingKey { table, key }, Bg) if table.is_empty() => {
            format!("липсва раздел [{key}]; добавете го, както е в примера на template.md.")
        }
        (P::MissingKey { table, key }, En) if table.is_empty() => {
            format!("the [{key}] section is missing; add it as in template.md's example.")
        }
        (P::MissingKey { table, key }, Bg) => format!(
            "в [{table}] липсва ключът „{key}“; добавете ред {key} = {}.",
            example_value(key)
        ),
        (P::MissingKey { table, key }, En) => format!(
            "[{table}] has no \"{key}\"; add a line {key} = {}.",
            example_value(key)
        ),
        (P::UnknownKey {
            table,
            key,
            allowed,
        }, Bg) => format!(
            "непознат ключ „{key}“{}; позволени са: {}.",
            if table.is_empty() { String::new() } else { format!(" в [{table}]") },
            allowed.join(", ")
        ),
        (P::UnknownKey {
            table,
            key,
            allowed,
        }, En) => format!(
            "unknown key \"{key}\"{}; allowed: {}.",
            if table.is_empty() { String::new() } else { format!(" in [{table}]") },
            allowed.join(", ")
        ),
        (P::WrongType { key, expected }, Bg) => format!(
            "„{key}“ трябва да е {}, напр. {key} = {}.",
            kind_name(*expected, lang),
            example_value(key)
        ),
        (P::WrongType { key, expected }, En) => format!(
            "\"{key}\" must be {}, e.g. {key} = {}.",
            kind_name(*expected, lang),
            example_value(key)
        ),
        (P::EmptyText { key }, Bg) => {
            format!("„{key}“ е празно; напишете текст, напр. {key} = {}.", example_value(key))
        }
        (P::EmptyText { key }, En) => {
            format!("\"{key}\" is empty; write a text, e.g. {key} = {}.", example_value(key))
        }
        (P::NotADate { key }, Bg) => format!(
            "„{key}“ трябва да е дата без час, във вида {key} = {}.",
            example_value(key)
        ),
        (P::NotADate { key }, En) => format!(
            "\"{key}\" must be a date without a time, as {key} = {}.",
            example_value(key)
        ),
        (P::PeriodOrder { start, end }, Bg) => format!(
            "period_end ({end}) е преди period_start ({start}); краят на периода трябва да е след началото."
        ),
        (P::PeriodOrder { start, end }, En) => format!(
            "period_end ({end}) is before period_start ({start}); the period must end after it starts."
        ),
        (P::MunicipalityCode { value }, Bg) => format!(
            "„{value}“ не е код по ЕКАТТЕ на община; пишат се три главни латински букви и две цифри, напр. \"RSE27\"."
        ),
        (P::MunicipalityCode { value }, En) => format!(
            "\"{value}\" is not an EKATTE municipality code; write three capital Latin letters and two digits, e.g. \"RSE27\"."
        ),
        (P::Currency { value }, Bg) => {
            format!("непозната валута „{value}“; напишете currency = \"EUR\" или \"BGN\".")
        }
        (P::Currency { value }, En) => {
            format!("unknown currency \"{value}\"; write currency = \"EUR\" or \"BGN\".")
        }
        (P::PriorityNumber { value }, Bg) => format!(
            "номерът на приоритет „{value}“ не е цяло положително число; напишете напр. number = 1 (без кавички)."
        ),
        (P::PriorityNumber { value }, En) => format!(
            "priority number \"{value}\" is not a positive whole number; write e.g. number = 1 (no quotes)."
        ),
        (P::DuplicatePriority { number, first_line }, Bg) => format!(
            "приоритет {number} вече е описан на ред {first_line}; всеки приоритет има свой номер."
        ),
        (P::DuplicatePriority { number, first_line }, En) => format!(
            "priority {number} is already defined on line {first_line}; each priority needs its own number."
        ),
        (P::GoalCodeForm { code }, Bg) => format!(
            "кодът на цел „{code}“ не е във вида „номер на приоритет.номер на цел“; напишете напр. code = \"1.2\"."
        ),
        (P::GoalCodeForm { code }, En) => format!(
            "goal code \"{code}\" is not of the form \"priority number.goal number\"; write e.g. code = \"1.2\"."
        ),
        (P::GoalOutsidePriority { code, priority }, Bg) => format!(
            "целта „{code}“ е под приоритет {priority}, а кодът ѝ трябва да започва с „{priority}.“; напишете напр. code = \"{priority}.1\"."
        ),
        (P::GoalOutsidePriority { code, priority }, En) => format!(
            "goal \"{code}\" is under priority {priority}, so its code must start with \"{priority}.\"; write e.g. code = \"{priority}.1\"."
        ),
        (P::DuplicateGoal { code, first_line }, Bg) => format!(
            "цел „{code}“ вече е описана на ред {first_line}; дайте на тази цел следващия свободен код."
        ),
        (P::DuplicateGoal { code, first_line }, En) => format!(
            "goal \"{code}\" is already defined on line {first_line}; give this goal the next free code."
        ),
        (P::DuplicateInstitution { name, first_line }, Bg) => format!(
            "„{name}“ съвпада с име или съкращение на институция от ред {first_line} (главни/малки букви, тирета и кавички не се различават); всяко изписване трябва да сочи една институция."
        ),
        (P::DuplicateInstitution { name, first_line }, En) => format!(
            "\"{name}\" is the same as a name or alias on line {first_line} (case, dashes and quotes do not count); each spelling must point at one institution."
        ),
        (P::DuplicateFundingSource { name, first_line }, Bg) => format!(
            "източникът на финансиране „{name}“ вече е посочен на ред {first_line}; премахнете повторението."
        ),
        (P::DuplicateFundingSource { name, first_line }, En) => format!(
            "funding source \"{name}\" is already listed on line {first_line}; remove the repetition."
        ),
        (P::SeparatorInName { name }, Bg) => format!(
            "„{name}“ съдържа „;“ или „,“, с които се разделят партньорите; запишете името без тях."
        ),
        (P::SeparatorInName { name }, En) => format!(
            "\"{name}\" contains \";\" or \",\", which separate partners; write the name without them."
        ),
        (P::NoPriorities, Bg) => {
            "няма нито един приоритет; добавете [[priority]] с number, title и поне една [[priority.goal]].".into()
        }
        (P::NoPriorities, En) => {
            "there is no priority; add a [[priority]] with number, title and at least one [[priority.goal]].".into()
        }
        (P::PriorityWithoutGoals { number }, Bg) => format!(
            "приоритет {number} няма цели; добавете под него [[priority.goal]] с code = \"{number}.1\" и title."
        ),
        (P::PriorityWithoutGoals { number }, En) => format!(
            "priority {number} has no goals; add a [[priority.goal]] under it with code = \"{number}.1\" and a title."
        ),
        (P::NoInstitutions, Bg) => {
            "няма нито една институция; добавете [[institution]] с name = \"…\".".into()
        }
        (P::NoInstitutions, En) => "there is no institution; add an [[institution]] with name = \"…\".".into(),
    }
}

fn kind_name(kind: ValueKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (ValueKind::Text, Lang::Bg) => "текст в кавички",
        (ValueKind::Text, Lang::En) => "a text in quotes",
        (ValueKind::Integer, Lang::Bg) => "цяло число без кавички",
        (ValueKind::Integer, Lang::En) => "a whole number without quotes",
        (ValueKind::Date, Lang::Bg) => "дата без кавички",
        (ValueKind::Date, Lang::En) => "a date without quotes",
        (ValueKind::TextList, Lang::Bg) => "списък от текстове",
        (ValueKind::TextList, Lang::En) => "a list of texts",
        (ValueKind::Table, Lang::Bg) => "раздел [таблица]",
        (ValueKind::Table, Lang::En) => "a [table] section",
        (ValueKind::TableList, Lang::Bg) => "поредица от раздели [[…]]",
        (ValueKind::TableList, Lang::En) => "a series of [[…]] sections",
    }
}

/// A sample value for a config key, shown in "write … instead" advice.
fn example_value(key: &str) -> &'static str {
    match key {
        "title" => "\"Общинска програма за закрила на детето\"",
        "municipality" => "\"Русе\"",
        "municipality_code" => "\"RSE27\"",
        "period_start" => "2025-01-01",
        "period_end" => "2026-12-31",
        "currency" => "\"EUR\"",
        "number" => "1",
        "code" => "\"1.1\"",
        "name" => "\"РУО – Русе\"",
        "aliases" => "[\"РУО-Русе\", \"РУО\"]",
        _ => "…",
    }
}
