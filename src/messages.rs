//! The message catalogue: every sentence zakrila says to a user, in Bulgarian and English.
//!
//! Code elsewhere builds a [`Msg`] value that says *what* happened; only this module knows
//! how to say it. Keeping both languages side by side in one `match` makes a missing
//! translation a compile error rather than a surprise in front of a user.

use std::path::Path;

use crate::config::{ConfigError, ConfigProblem, ValueKind};
use crate::findings::Problem;

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
    /// A directory argument cannot be listed.
    DirUnreadable { path: &'a Path, reason: String },
    /// A directory argument holds no spreadsheet.
    DirEmpty { path: &'a Path },
    /// The heading of one file in `validate`'s text report.
    FileSummary {
        file: &'a str,
        institution: Option<&'a str>,
        rows: usize,
        errors: usize,
        warnings: usize,
    },
    /// The last line of `validate`'s text report.
    RunSummary {
        files: usize,
        rows: usize,
        errors: usize,
        warnings: usize,
    },
    /// The account printed at the end of `merge`.
    MergeSummary {
        files: usize,
        rows: usize,
        accepted: usize,
        rejected: usize,
    },
    /// `merge --strict` found rejected rows and wrote nothing.
    MergeStrictNothingWritten,
    /// `merge` wrote the programme workbook.
    MergeWritten { path: &'a Path },
    /// The first line of the reasons of a row whose activity's own row has errors.
    RowOfRejectedActivity { activity_row: u32 },
    /// The programme workbook given to `report` or `export` cannot be read back.
    ProgrammeUnreadable {
        path: &'a Path,
        problem: &'a crate::programme_workbook::DataError,
    },
    /// `report new` wrote one reporting workbook.
    ReportWritten { path: &'a Path, indicators: usize },
    /// The account printed by `report collect`.
    CollectSummary {
        files: usize,
        indicators: usize,
        reported: usize,
        errors: usize,
    },
    /// `report collect` wrote the implementation report.
    ReportCollected { path: &'a Path },
    /// `export --report` got a file that is no implementation report.
    ReportUnreadable {
        path: &'a Path,
        problem: &'a crate::programme_workbook::DataError,
    },
    /// `export --encoding windows-1251` met a character the encoding cannot hold.
    Unencodable {
        line: usize,
        column: &'static str,
        character: char,
    },
    /// `export` wrote the CSV.
    ExportWritten { path: &'a Path, rows: usize },
    /// A long output is being written (shown beside a spinner).
    Writing { path: &'a Path },
    /// A checked file has nothing to fix.
    NoFindings,
    /// `validate --annotate` wrote a marked-up copy.
    AnnotatedWritten { path: &'a Path },
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
            (Msg::DirUnreadable { path, reason }, Bg) => format!(
                "Папката „{}“ не може да бъде прочетена: {reason}.",
                path.display()
            ),
            (Msg::DirUnreadable { path, reason }, En) => {
                format!("Cannot list the folder \"{}\": {reason}.", path.display())
            }
            (Msg::DirEmpty { path }, Bg) => format!(
                "В папката „{}“ няма електронни таблици (.xlsx, .xlsm, .xls, .ods); посочете файловете или друга папка.",
                path.display()
            ),
            (Msg::DirEmpty { path }, En) => format!(
                "The folder \"{}\" holds no spreadsheets (.xlsx, .xlsm, .xls, .ods); name the files or another folder.",
                path.display()
            ),
            (
                Msg::FileSummary {
                    file,
                    institution,
                    rows,
                    errors,
                    warnings,
                },
                _,
            ) => {
                let who = match (institution, lang) {
                    (Some(name), _) => format!(" — {name}"),
                    (None, Bg) => " — институцията не е известна".to_string(),
                    (None, En) => " — institution unknown".to_string(),
                };
                format!(
                    "{file}{who}: {}, {}, {}",
                    count(*rows, Noun::Row, lang),
                    count(*errors, Noun::Error, lang),
                    count(*warnings, Noun::Warning, lang)
                )
            }
            (
                Msg::RunSummary {
                    files,
                    rows,
                    errors,
                    warnings,
                },
                _,
            ) => {
                let total = match lang {
                    Bg => "Общо",
                    En => "Total",
                };
                format!(
                    "{total}: {}, {}, {}, {}.",
                    count(*files, Noun::File, lang),
                    count(*rows, Noun::Row, lang),
                    count(*errors, Noun::Error, lang),
                    count(*warnings, Noun::Warning, lang)
                )
            }
            (
                Msg::MergeSummary {
                    files,
                    rows,
                    accepted,
                    rejected,
                },
                Bg,
            ) => format!(
                "{}, {}: {accepted} приети, {rejected} отхвърлени",
                count(*files, Noun::File, lang),
                count(*rows, Noun::Row, lang)
            ),
            (
                Msg::MergeSummary {
                    files,
                    rows,
                    accepted,
                    rejected,
                },
                En,
            ) => format!(
                "{}, {}: {accepted} accepted, {rejected} rejected",
                count(*files, Noun::File, lang),
                count(*rows, Noun::Row, lang)
            ),
            (Msg::MergeStrictNothingWritten, Bg) => "С --strict нищо не е записано, защото има отхвърлени редове; поправете ги (вижте zakrila validate) или пуснете без --strict.".into(),
            (Msg::MergeStrictNothingWritten, En) => "With --strict nothing was written because rows were rejected; fix them (see zakrila validate) or run without --strict.".into(),
            (Msg::MergeWritten { path }, Bg) => format!("Програмата е записана в „{}“.", path.display()),
            (Msg::MergeWritten { path }, En) => format!("The programme is written to \"{}\".", path.display()),
            (Msg::RowOfRejectedActivity { activity_row }, Bg) => {
                format!("Редът е индикатор на дейността от ред {activity_row}, която има грешки:")
            }
            (Msg::RowOfRejectedActivity { activity_row }, En) => format!(
                "The row is an indicator of the activity on row {activity_row}, which has errors:"
            ),
            (Msg::ProgrammeUnreadable { path, problem }, Bg) => format!(
                "„{}“ не може да се използва като програма: {}; посочете файла, който zakrila merge е записал.",
                path.display(),
                data_problem(problem, "Данни", lang)
            ),
            (Msg::ProgrammeUnreadable { path, problem }, En) => format!(
                "\"{}\" cannot be used as a programme: {}; give the file zakrila merge wrote.",
                path.display(),
                data_problem(problem, "Данни", lang)
            ),
            (Msg::ReportWritten { path, indicators }, Bg) => format!(
                "„{}“: {} за отчитане.",
                path.display(),
                count(*indicators, Noun::Indicator, lang)
            ),
            (Msg::ReportWritten { path, indicators }, En) => format!(
                "\"{}\": {} to report.",
                path.display(),
                count(*indicators, Noun::Indicator, lang)
            ),
            (
                Msg::CollectSummary {
                    files,
                    indicators,
                    reported,
                    errors,
                },
                _,
            ) => match lang {
                Bg => format!(
                    "{}: отчетени {reported} от {indicators} индикатора, {}.",
                    count(*files, Noun::File, lang),
                    count(*errors, Noun::Error, lang)
                ),
                En => format!(
                    "{}: {reported} of {indicators} indicators reported, {}.",
                    count(*files, Noun::File, lang),
                    count(*errors, Noun::Error, lang)
                ),
            },
            (Msg::ReportCollected { path }, Bg) => {
                format!("Отчетът за изпълнението е записан в „{}“.", path.display())
            }
            (Msg::ReportCollected { path }, En) => {
                format!("The implementation report is written to \"{}\".", path.display())
            }
            (Msg::ReportUnreadable { path, problem }, Bg) => format!(
                "„{}“ не може да се използва като отчет за изпълнението: {}; посочете след --report файла, който zakrila report collect е записал.",
                path.display(),
                data_problem(problem, "Изпълнение", lang)
            ),
            (Msg::ReportUnreadable { path, problem }, En) => format!(
                "\"{}\" cannot be used as an implementation report: {}; give after --report the file zakrila report collect wrote.",
                path.display(),
                data_problem(problem, "Изпълнение", lang)
            ),
            (
                Msg::Unencodable {
                    line,
                    column,
                    character,
                },
                Bg,
            ) => format!(
                "Ред {line}, колона {column}: знакът „{character}“ (U+{:04X}) не може да се запише в windows-1251; нищо не е записано — махнете го от приноса или изнесете в UTF-8 (без --encoding).",
                *character as u32
            ),
            (
                Msg::Unencodable {
                    line,
                    column,
                    character,
                },
                En,
            ) => format!(
                "Line {line}, column {column}: the character \"{character}\" (U+{:04X}) cannot be written in windows-1251; nothing was written — remove it from the contribution or export in UTF-8 (no --encoding).",
                *character as u32
            ),
            (Msg::ExportWritten { path, rows }, Bg) => format!(
                "CSV файлът е записан в „{}“: {}.",
                path.display(),
                count(*rows, Noun::Row, lang)
            ),
            (Msg::ExportWritten { path, rows }, En) => format!(
                "The CSV is written to \"{}\": {}.",
                path.display(),
                count(*rows, Noun::Row, lang)
            ),
            (Msg::Writing { path }, Bg) => format!("Записване на „{}“…", path.display()),
            (Msg::Writing { path }, En) => format!("Writing \"{}\"…", path.display()),
            (Msg::NoFindings, Bg) => "Няма забележки: файлът е готов за обединяване.".into(),
            (Msg::NoFindings, En) => "No findings: the file is ready to be merged.".into(),
            (Msg::AnnotatedWritten { path }, Bg) => {
                format!(
                    "Копието с отбелязаните клетки е записано в „{}“.",
                    path.display()
                )
            }
            (Msg::AnnotatedWritten { path }, En) => {
                format!("The marked-up copy is written to \"{}\".", path.display())
            }
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

/// Things that are counted in messages.
#[derive(Clone, Copy, Debug)]
pub enum Noun {
    /// A spreadsheet file.
    File,
    /// A data row.
    Row,
    /// An error finding.
    Error,
    /// A warning finding.
    Warning,
    /// An indicator.
    Indicator,
}

/// "3 реда", "1 грешка", "2 warnings": a number with its noun in the right form.
///
/// # Examples
///
/// ```
/// use zakrila::messages::{Lang, Noun, count};
/// assert_eq!(count(1, Noun::Row, Lang::Bg), "1 ред");
/// assert_eq!(count(12, Noun::Error, Lang::Bg), "12 грешки");
/// assert_eq!(count(1, Noun::Warning, Lang::En), "1 warning");
/// ```
pub fn count(n: usize, noun: Noun, lang: Lang) -> String {
    let (one, many) = match (noun, lang) {
        (Noun::File, Lang::Bg) => ("файл", "файла"),
        (Noun::File, Lang::En) => ("file", "files"),
        (Noun::Row, Lang::Bg) => ("ред", "реда"),
        (Noun::Row, Lang::En) => ("row", "rows"),
        (Noun::Error, Lang::Bg) => ("грешка", "грешки"),
        (Noun::Error, Lang::En) => ("error", "errors"),
        (Noun::Warning, Lang::Bg) => ("предупреждение", "предупреждения"),
        (Noun::Warning, Lang::En) => ("warning", "warnings"),
        (Noun::Indicator, Lang::Bg) => ("индикатор", "индикатора"),
        (Noun::Indicator, Lang::En) => ("indicator", "indicators"),
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "грешка" / "error": the word for a severity.
pub fn severity_word(severity: crate::findings::Severity, lang: Lang) -> &'static str {
    use crate::findings::Severity;
    match (severity, lang) {
        (Severity::Error, Lang::Bg) => "грешка",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::Bg) => "предупреждение",
        (Severity::Warning, Lang::En) => "warning",
    }
}

/// "(целия файл)" / "(whole file)": the place of a finding without a sheet.
pub fn whole_file(lang: Lang) -> &'static str {
    match lang {
        Lang::Bg => "(целия файл)",
        Lang::En => "(whole file)",
    }
}

/// Why a workbook zakrila wrote cannot be read back, as part of a sentence.
fn data_problem(problem: &crate::programme_workbook::DataError, sheet: &str, lang: Lang) -> String {
    use crate::programme_workbook::DataError;
    use crate::read::ReadError;
    match (problem, lang) {
        (DataError::Read(ReadError::Unreadable { reason }), Lang::Bg) => {
            format!("файлът не може да бъде отворен ({reason})")
        }
        (DataError::Read(ReadError::Unreadable { reason }), Lang::En) => {
            format!("the file cannot be opened ({reason})")
        }
        (DataError::Read(ReadError::Empty), Lang::Bg) => "файлът е празен (0 байта)".into(),
        (DataError::Read(ReadError::Empty), Lang::En) => "the file is empty (0 bytes)".into(),
        (DataError::Read(ReadError::NotASpreadsheet), Lang::Bg) => {
            "файлът не е електронна таблица".into()
        }
        (DataError::Read(ReadError::NotASpreadsheet), Lang::En) => {
            "the file is not a spreadsheet".into()
        }
        (DataError::Read(ReadError::PasswordProtected), Lang::Bg) => {
            "файлът е защитен с парола".into()
        }
        (DataError::Read(ReadError::PasswordProtected), Lang::En) => {
            "the file is protected with a password".into()
        }
        (DataError::Read(ReadError::Damaged { detail }), Lang::Bg) => {
            format!("файлът е повреден ({detail})")
        }
        (DataError::Read(ReadError::Damaged { detail }), Lang::En) => {
            format!("the file is damaged ({detail})")
        }
        (DataError::Read(ReadError::TooLarge(what)), _) => too_large(what, lang),
        (DataError::Read(ReadError::TooManyRows { limit, .. }), Lang::Bg) => {
            format!(
                "лист има повече от {} попълнени реда",
                group(u64::from(*limit), lang)
            )
        }
        (DataError::Read(ReadError::TooManyRows { limit, .. }), Lang::En) => {
            format!(
                "a sheet has more than {} filled rows",
                group(u64::from(*limit), lang)
            )
        }
        (DataError::NotAProgramme, Lang::Bg) => {
            format!("няма лист „{sheet}“ със заглавията, които zakrila записва")
        }
        (DataError::NotAProgramme, Lang::En) => {
            format!("there is no \"{sheet}\" sheet with the headers zakrila writes")
        }
        (DataError::BadCell { row, header }, Lang::Bg) => format!(
            "клетката „{header}“ на ред {row} на лист „{sheet}“ е променена и не може да бъде прочетена"
        ),
        (DataError::BadCell { row, header }, Lang::En) => format!(
            "the \"{header}\" cell of row {row} on the \"{sheet}\" sheet was changed and cannot be read"
        ),
    }
}

/// Which size limit a file is over, as a clause ("the file is 31.5 MB and at most 20 MB
/// are taken").
fn too_large(what: &crate::read::TooLarge, lang: Lang) -> String {
    use crate::read::TooLarge as T;
    let mb = |bytes: u64| megabytes(bytes, lang);
    match (what, lang) {
        (T::File { bytes, limit }, Lang::Bg) => {
            format!(
                "файлът е {} МБ, а се приемат най-много {} МБ",
                mb(*bytes),
                mb(*limit)
            )
        }
        (T::File { bytes, limit }, Lang::En) => {
            format!(
                "the file is {} MB and at most {} MB are taken",
                mb(*bytes),
                mb(*limit)
            )
        }
        (T::Part { part, bytes, limit }, Lang::Bg) => format!(
            "частта „{part}“ на файла се разархивира до {} МБ, а се приемат най-много {} МБ",
            mb(*bytes),
            mb(*limit)
        ),
        (T::Part { part, bytes, limit }, Lang::En) => format!(
            "the part \"{part}\" of the file unpacks to {} MB and at most {} MB are taken",
            mb(*bytes),
            mb(*limit)
        ),
        (T::Unpacked { limit }, Lang::Bg) => {
            format!("файлът се разархивира до повече от {} МБ", mb(*limit))
        }
        (T::Unpacked { limit }, Lang::En) => {
            format!("the file unpacks to more than {} MB", mb(*limit))
        }
        (T::Cells { limit }, Lang::Bg) => {
            format!(
                "файлът има повече от {} попълнени клетки",
                group(*limit as u64, lang)
            )
        }
        (T::Cells { limit }, Lang::En) => {
            format!(
                "the file has more than {} filled cells",
                group(*limit as u64, lang)
            )
        }
        (T::Text { limit }, Lang::Bg) => format!(
            "текстът в клетките на файла е повече от {} МБ",
            mb(*limit as u64)
        ),
        (T::Text { limit }, Lang::En) => {
            format!(
                "the text in the file's cells is more than {} MB",
                mb(*limit as u64)
            )
        }
    }
}

/// Bytes as megabytes with at most one decimal, as people read file sizes.
fn megabytes(bytes: u64, lang: Lang) -> String {
    let tenths = (bytes as f64 / (1024.0 * 1024.0) * 10.0).round() / 10.0;
    match lang {
        Lang::Bg => crate::number::format_bg(tenths),
        Lang::En => format!("{tenths}"),
    }
}

/// A whole number grouped by thousands: "1 048 576" in Bulgarian, "1,048,576" in English.
fn group(n: u64, lang: Lang) -> String {
    match lang {
        Lang::Bg => crate::number::format_bg(n as f64),
        Lang::En => crate::number::format_bg(n as f64).replace(' ', ","),
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
        (P::TooLong { key, max }, Bg) => format!(
            "„{key}“ е по-дълго от {max} знака; съкратете го — дългото описание не се побира в падащ списък."
        ),
        (P::TooLong { key, max }, En) => format!(
            "\"{key}\" is longer than {max} characters; shorten it — a long text does not fit a dropdown."
        ),
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

/// The sentence for a finding's problem: what is wrong and what to write instead.
///
/// # Examples
///
/// ```
/// use zakrila::{findings::Problem, messages::{Lang, problem_message}};
/// let msg = problem_message(&Problem::MissingTarget, Lang::En);
/// assert!(msg.contains("target"));
/// ```
pub fn problem_message(problem: &Problem, lang: Lang) -> String {
    use Lang::{Bg, En};
    use Problem as P;
    match (problem, lang) {
        (P::FileUnreadable { reason }, Bg) => format!("Файлът не може да бъде отворен ({reason}); проверете пътя и правата за четене."),
        (P::FileUnreadable { reason }, En) => format!("The file cannot be opened ({reason}); check the path and read permission."),
        (P::EmptyFile, Bg) => "Файлът е празен (0 байта) — вероятно не е записан или изпратен докрай; запишете го отново и го изпратете пак.".into(),
        (P::EmptyFile, En) => "The file is empty (0 bytes) — probably not saved or sent completely; save it again and send it again.".into(),
        (P::NotASpreadsheet, Bg) => "Файлът не е електронна таблица (.xlsx, .xls или .ods); запишете приноса от Excel или LibreOffice като .xlsx.".into(),
        (P::NotASpreadsheet, En) => "The file is not a spreadsheet (.xlsx, .xls or .ods); save the contribution from Excel or LibreOffice as .xlsx.".into(),
        (P::PasswordProtected, Bg) => "Файлът е защитен с парола; махнете паролата (Файл → Информация → Защита) и го изпратете отново.".into(),
        (P::PasswordProtected, En) => "The workbook is protected with a password; remove the password and send it again.".into(),
        (P::DamagedFile { detail }, Bg) => format!("Файлът е повреден и не може да бъде прочетен ({detail}); отворете го и го запишете отново като .xlsx."),
        (P::DamagedFile { detail }, En) => format!("The file is damaged and cannot be read ({detail}); open it and save it again as .xlsx."),
        (P::FileTooLarge { what }, Bg) => format!("Файлът не е прочетен: {}; запишете таблицата без картинки и без излишни листове или я разделете на няколко файла.", too_large(what, lang)),
        (P::FileTooLarge { what }, En) => format!("The file was not read: {}; save the table without pictures and extra sheets, or split it into several files.", too_large(what, lang)),
        (P::TooManyRows { limit }, Bg) => format!("Листът има повече от {} попълнени реда и не е прочетен; разделете таблицата на няколко файла.", group(u64::from(*limit), lang)),
        (P::TooManyRows { limit }, En) => format!("The sheet has more than {} filled rows and was not read; split the table into several files.", group(u64::from(*limit), lang)),
        (P::InternalError { detail }, Bg) => format!("zakrila не успя да прочете този файл поради грешка в самата програма ({detail}); останалите файлове са прочетени. Изпратете файла на екипа на zakrila."),
        (P::InternalError { detail }, En) => format!("zakrila failed on this file because of a bug in zakrila itself ({detail}); the other files were read. Please send the file to the zakrila team."),
        (P::CellOutsideTable { at, text }, Bg) if text.is_empty() => format!("Клетка {at} е извън таблицата (вдясно от последната колона със заглавие или под последния ред на листа) и не се чете; преместете стойността ѝ в таблицата или я изтрийте."),
        (P::CellOutsideTable { at, text }, En) if text.is_empty() => format!("Cell {at} is outside the table (right of its last headed column, or below the sheet's last row) and is not read; move its value into the table or delete it."),
        (P::CellOutsideTable { at, text }, Bg) => format!("Стойността „{text}“ в клетка {at} е извън таблицата (вдясно от последната колона със заглавие или под последния ред на листа) и не се чете; преместете я в таблицата или я изтрийте."),
        (P::CellOutsideTable { at, text }, En) => format!("The value \"{text}\" in cell {at} is outside the table (right of its last headed column, or below the sheet's last row) and is not read; move it into the table or delete it."),
        (P::TooManyFindings { listed, unlisted }, Bg) => format!("Файлът има още {} проблема освен изброените {}; поправете изброените и проверете файла отново.", group(*unlisted as u64, lang), group(*listed as u64, lang)),
        (P::TooManyFindings { listed, unlisted }, En) => format!("The file has {} more problems besides the {} listed; fix the listed ones and check the file again.", group(*unlisted as u64, lang), group(*listed as u64, lang)),
        (P::MoreCellsOutsideTable { count }, Bg) => format!("Още {} клетки извън таблицата (вдясно от последната колона със заглавие или под последния ред на листа) не се четат; преместете стойностите им в таблицата или ги изтрийте.", group(*count, lang)),
        (P::MoreCellsOutsideTable { count }, En) => format!("{} more cells outside the table (right of its last headed column, or below the sheet's last row) are not read; move their values into the table or delete them.", group(*count, lang)),
        (P::CellTooLong { chars }, Bg) => format!("Текстът в клетката е {} знака, а една клетка побира най-много 32 767; прочетени са първите 32 767 знака — съкратете текста.", group(*chars as u64, lang)),
        (P::CellTooLong { chars }, En) => format!("The cell holds {} characters and a cell can hold at most 32,767; the first 32,767 were read — shorten the text.", group(*chars as u64, lang)),
        (P::NoActivitiesTable, Bg) => "Няма лист с таблицата на дейностите (заглавен ред с „Приоритет“, „Цел“, „Дейност“…); попълнете шаблона на програмата.".into(),
        (P::NoActivitiesTable, En) => "No sheet holds the activity table (a header row with \"Приоритет\", \"Цел\", \"Дейност\"…); fill in the programme's template.".into(),
        (P::ActivitiesSheetRenamed { expected }, Bg) => format!("Таблицата е прочетена от този лист, но в шаблона листът се казва „{expected}“; върнете името му."),
        (P::ActivitiesSheetRenamed { expected }, En) => format!("The table was read from this sheet, but in the template the sheet is called \"{expected}\"; rename it back."),
        (P::HeaderNotInFirstRow, Bg) => "Заглавният ред не е на ред 1 (има вмъкнати редове над него); файлът е прочетен, но изтрийте редовете над заглавието.".into(),
        (P::HeaderNotInFirstRow, En) => "The header row is not row 1 (rows were inserted above it); the file was read, but delete the rows above the header.".into(),
        (P::MissingColumn { header }, Bg) => format!("Липсва задължителната колона „{header}“, затова редовете не могат да бъдат прочетени; добавете колоната със заглавие „{header}“."),
        (P::MissingColumn { header }, En) => format!("The required column \"{header}\" is missing, so no row can be read; add a column headed \"{header}\"."),
        (P::MissingOptionalColumn { header }, Bg) => format!("Липсва колоната „{header}“; стойностите ѝ се приемат за празни — добавете я, ако имате какво да впишете."),
        (P::MissingOptionalColumn { header }, En) => format!("The column \"{header}\" is missing; its values are taken as blank — add it if you have something to enter."),
        (P::ColumnMoved { header, expected }, Bg) => format!("Колоната „{header}“ е преместена (в шаблона е колона {expected}); прочетена е по заглавието, но не разменяйте колоните."),
        (P::ColumnMoved { header, expected }, En) => format!("The column \"{header}\" has moved (it is column {expected} in the template); it was read by its header, but keep the template's order."),
        (P::UnknownColumn { header }, Bg) => format!("Колоната „{header}“ не е от шаблона и не се чете; преместете съдържанието ѝ в „Бележка“."),
        (P::UnknownColumn { header }, En) => format!("The column \"{header}\" is not in the template and is not read; move its content to \"Бележка\"."),
        (P::DuplicateColumn { header }, Bg) => format!("Колоната „{header}“ се среща втори път и не се чете; оставете само една."),
        (P::DuplicateColumn { header }, En) => format!("The column \"{header}\" appears a second time and is not read; keep only one."),
        (P::MissingMeta, Bg) => "Файлът не е направен от шаблона на програмата (няма скрит лист „_meta“); прочетен е, но за следващия път използвайте изпратения шаблон.".into(),
        (P::MissingMeta, En) => "The file was not made from the programme's template (no hidden \"_meta\" sheet); it was read, but use the template you were sent next time.".into(),
        (P::NotATemplate { template_id }, Bg) => format!("Файлът е шаблон от друг вид („{template_id}“), а не принос към програмата; изпратете попълнения шаблон на програмата."),
        (P::NotATemplate { template_id }, En) => format!("The file is another kind of template (\"{template_id}\"), not a programme contribution; send the filled programme template."),
        (P::UnknownTemplateVersion { version }, Bg) => format!("Шаблонът е версия „{version}“, а zakrila познава версия 1; файлът е прочетен, но поискайте актуалния шаблон."),
        (P::UnknownTemplateVersion { version }, En) => format!("The template is version \"{version}\" and zakrila knows version 1; the file was read, but ask for the current template."),
        (P::OtherProgramme { key, found, expected }, Bg) => format!("Файлът е направен от шаблона на друга програма ({key} е „{found}“, а трябва да е „{expected}“); попълнете шаблона на тази програма."),
        (P::OtherProgramme { key, found, expected }, En) => format!("The file was made from another programme's template ({key} is \"{found}\", expected \"{expected}\"); fill in this programme's template."),
        (P::ConfigChanged, Bg) => "Шаблонът е направен от по-стара версия на програмата (списъците може да са променени); файлът е прочетен, но за следващия път вземете новия шаблон.".into(),
        (P::ConfigChanged, En) => "The template was made from an earlier version of the programme (its lists may have changed); the file was read, but take the new template next time.".into(),
        (P::MissingInstitutionSheet, Bg) => "Липсва листът „Институция“; добавете го от шаблона и попълнете институцията и лицето за контакт.".into(),
        (P::MissingInstitutionSheet, En) => "The \"Институция\" sheet is missing; add it from the template and fill in the institution and the contact person.".into(),
        (P::NoRows, Bg) => "Таблицата няма нито един попълнен ред; попълнете по един ред за всеки индикатор на всяка дейност.".into(),
        (P::NoRows, En) => "The table has no filled row; fill in one row for each indicator of each activity.".into(),
        (P::MissingInstitution, Bg) => "Не е посочена институцията, която подава файла, и той не може да бъде обединен; изберете я от списъка на лист „Институция“.".into(),
        (P::MissingInstitution, En) => "The submitting institution is not given, so the file cannot be merged; choose it from the list on the \"Институция\" sheet.".into(),
        (P::UnknownInstitution { name }, Bg) => format!("Институцията „{name}“ не е от списъка на програмата и файлът не може да бъде обединен; изберете я от падащия списък."),
        (P::UnknownInstitution { name }, En) => format!("The institution \"{name}\" is not in the programme's list, so the file cannot be merged; choose it from the dropdown."),
        (P::MissingField { label }, Bg) => format!("Полето „{label}“ е задължително; попълнете го."),
        (P::MissingField { label }, En) => format!("\"{label}\" is required; fill it in."),
        (P::InvalidEmail { value }, Bg) => format!("„{value}“ не е валиден имейл адрес; напишете го във вида ime@institucia.bg."),
        (P::InvalidEmail { value }, En) => format!("\"{value}\" is not a valid e-mail address; write it as name@institution.bg."),
        (P::InvalidPhone { value }, Bg) => format!("„{value}“ не е български телефонен номер; напишете напр. 082 123 456 или +359 88 812 3456."),
        (P::InvalidPhone { value }, En) => format!("\"{value}\" is not a Bulgarian phone number; write e.g. 082 123 456 or +359 88 812 3456."),
        (P::InvalidDate { value }, Bg) => format!("„{value}“ не е дата; напишете датата във вида 15.03.2025."),
        (P::InvalidDate { value }, En) => format!("\"{value}\" is not a date; write the date as 15.03.2025."),
        (P::MissingValue { header }, Bg) => format!("Клетката „{header}“ е задължителна, а е празна; {}", missing_advice(header, lang)),
        (P::MissingValue { header }, En) => format!("\"{header}\" is required but blank; {}", missing_advice(header, lang)),
        (P::UnknownPriority { value }, Bg) => format!("„{value}“ не е приоритет на програмата; изберете приоритета от падащия списък или напишете само номера му."),
        (P::UnknownPriority { value }, En) => format!("\"{value}\" is not a priority of the programme; choose it from the dropdown or write only its number."),
        (P::UnknownGoal { value }, Bg) => format!("„{value}“ не е цел на програмата; изберете целта от падащия списък или напишете само кода ѝ, напр. 1.2."),
        (P::UnknownGoal { value }, En) => format!("\"{value}\" is not a goal of the programme; choose it from the dropdown or write only its code, e.g. 1.2."),
        (P::GoalNotInPriority { goal, priority }, Bg) => format!("Целта {goal} не е от приоритет {priority}; изберете цел с код, започващ с „{priority}.“, или поправете приоритета."),
        (P::GoalNotInPriority { goal, priority }, En) => format!("Goal {goal} is not under priority {priority}; choose a goal whose code starts with \"{priority}.\", or correct the priority."),
        (P::ActivityCodeMismatch { code, goal }, Bg) => format!("Номерът на дейност „{code}“ не започва с кода на целта {goal}; напишете {goal}.1, {goal}.2… или оставете клетката празна."),
        (P::ActivityCodeMismatch { code, goal }, En) => format!("The activity number \"{code}\" does not start with the goal code {goal}; write {goal}.1, {goal}.2… or leave the cell blank."),
        (P::DuplicateActivityCode { code, first_row }, Bg) => format!("Номерът „{code}“ вече е използван за друга дейност на ред {first_row}; дайте на тази дейност следващия свободен номер."),
        (P::DuplicateActivityCode { code, first_row }, En) => format!("The number \"{code}\" is already used by another activity on row {first_row}; give this activity the next free number."),
        (P::DeadlineNotUnderstood { text }, Bg) => format!("Срокът „{text}“ не е разпознат и се приема за целия период на програмата; напишете напр. „2025 г.“, „м. март 2025 г.“ или „до 30.06.2026 г.“."),
        (P::DeadlineNotUnderstood { text }, En) => format!("The deadline \"{text}\" is not understood and counts as the whole programme period; write e.g. \"2025 г.\", \"м. март 2025 г.\" or \"до 30.06.2026 г.\"."),
        (P::DeadlineVague { text }, Bg) => format!("„{text}“ не е истински срок и се приема за целия период; ако може, посочете месец или година."),
        (P::DeadlineVague { text }, En) => format!("\"{text}\" is no real deadline and counts as the whole period; give a month or a year if you can."),
        (P::DeadlineOutsidePeriod { text, period }, Bg) => format!("Срокът „{text}“ е извън периода на програмата ({period}); напишете срок в този период."),
        (P::DeadlineOutsidePeriod { text, period }, En) => format!("The deadline \"{text}\" lies outside the programme period ({period}); write a deadline within it."),
        (P::DeadlinePartlyOutsidePeriod { text, period }, Bg) => format!("Срокът „{text}“ излиза отчасти извън периода на програмата ({period}); съкратете го до периода."),
        (P::DeadlinePartlyOutsidePeriod { text, period }, En) => format!("The deadline \"{text}\" runs partly outside the programme period ({period}); shorten it to the period."),
        (P::NumberAsText { text, value }, Bg) => format!("„{text}“ е записано като текст и е прочетено като {value}; пишете само числото, а валутата — в колона „Валута“."),
        (P::NumberAsText { text, value }, En) => format!("\"{text}\" is stored as text and was read as {value}; write only the number, and the currency in the \"Валута\" column."),
        (P::NotANumber { text }, Bg) => format!("„{text}“ не е число; напишете само числото (напр. 60997,40), а обясненията — в „Пояснение за финансирането“ или „Бележка“."),
        (P::NotANumber { text }, En) => format!("\"{text}\" is not a number; write only the number (e.g. 60997.40), and explanations in \"Пояснение за финансирането\" or \"Бележка\"."),
        (P::NegativeBudget { value }, Bg) => format!("Бюджетът {value} е отрицателен; напишете сума, не по-малка от 0."),
        (P::NegativeBudget { value }, En) => format!("The budget {value} is negative; write an amount of at least 0."),
        (P::FormulaError { value }, Bg) => format!("Клетката съдържа грешка от формула ({value}); поправете формулата или напишете стойността."),
        (P::FormulaError { value }, En) => format!("The cell holds a formula error ({value}); fix the formula or type the value."),
        (P::MissingTarget, Bg) => "Няма целева стойност; напишете числото, което дейността трябва да постигне — по него се отчита изпълнението.".into(),
        (P::MissingTarget, En) => "There is no target value; write the number the activity should reach — it is what the implementation is measured against.".into(),
        (P::MissingFundingSource, Bg) => "Не е посочен източник на финансиране; изберете го от списъка (напр. „Бюджет на отговорната институция“).".into(),
        (P::MissingFundingSource, En) => "No funding source is given; choose one from the list (e.g. \"Бюджет на отговорната институция\").".into(),
        (P::UnknownFundingSource { value }, Bg) => format!("„{value}“ не е от списъка на източниците на финансиране; изберете от списъка, а подробностите напишете в „Пояснение за финансирането“."),
        (P::UnknownFundingSource { value }, En) => format!("\"{value}\" is not in the list of funding sources; choose from the list and put details in \"Пояснение за финансирането\"."),
        (P::UnknownUnit { value }, Bg) => format!("„{value}“ не е мерна единица от списъка; изберете брой, %, EUR, BGN, часа, дни или друго."),
        (P::UnknownUnit { value }, En) => format!("\"{value}\" is not a unit from the list; choose брой, %, EUR, BGN, часа, дни or друго."),
        (P::UnknownCurrency { value }, Bg) => format!("„{value}“ не е валута; напишете EUR или BGN."),
        (P::UnknownCurrency { value }, En) => format!("\"{value}\" is not a currency; write EUR or BGN."),
        (P::CurrencyConflict { written, column }, Bg) => format!("Сумата е в {written}, а в колона „Валута“ пише {column}; оставете само числото в „Бюджет“ и вярната валута в „Валута“."),
        (P::CurrencyConflict { written, column }, En) => format!("The amount says {written} but the \"Валута\" column says {column}; keep only the number in \"Бюджет\" and the right currency in \"Валута\"."),
        (P::UnknownLead { name }, Bg) => format!("„{name}“ не е институция от списъка на програмата; изберете водещата институция от падащия списък."),
        (P::UnknownLead { name }, En) => format!("\"{name}\" is not an institution of the programme; choose the lead institution from the dropdown."),
        (P::SeveralLeads { count }, Bg) => format!("Посочени са {count} водещи институции; оставете една водеща, а останалите преместете в „Партньори“."),
        (P::SeveralLeads { count }, En) => format!("{count} lead institutions are given; keep one lead and move the others to \"Партньори\"."),
        (P::UnknownPartner { name }, Bg) => format!("Партньорът „{name}“ не е в списъка на институциите и е запазен както е написан; проверете изписването или го разделете с „;“ от съседните имена."),
        (P::UnknownPartner { name }, En) => format!("The partner \"{name}\" is not in the list of institutions and is kept as written; check the spelling or separate it from neighbouring names with \";\"."),
        (P::IndicatorsSplit { count }, Bg) => format!("В клетката има {count} индикатора и те са разделени; пишете всеки индикатор на отделен ред със свои стойности."),
        (P::IndicatorsSplit { count }, En) => format!("The cell holds {count} indicators and they were split; put each indicator on its own row with its own values."),
        (P::CodeAsDate { read_as }, Bg) => format!("Електронната таблица е превърнала кода в дата; прочетен е като „{read_as}“ — форматирайте колоната като текст (Формат на клетки → Текст) и го напишете отново."),
        (P::CodeAsDate { read_as }, En) => format!("The spreadsheet turned the code into a date; it was read as \"{read_as}\" — format the column as text and type it again."),
        (P::ContinuationDiffers { header }, Bg) => format!("Този ред е още един индикатор на дейността отгоре, а „{header}“ се различава от нейния и не се използва; за отделна дейност попълнете „Дейност“."),
        (P::ContinuationDiffers { header }, En) => format!("This row is one more indicator of the activity above, and its \"{header}\" differs from the activity's and is not used; fill in \"Дейност\" for a separate activity."),
        (P::NoReportTable, Bg) => "Няма лист „Отчет“ с таблицата на индикаторите; попълнете отчета, изпратен от комисията.".into(),
        (P::NoReportTable, En) => "No \"Отчет\" sheet with the indicator table; fill in the report the commission sent.".into(),
        (P::ProgrammeChanged, Bg) => "Отчетът е направен от друга версия на програмата; редовете са свързани по номер на дейност, но проверете, че отчитате актуалната програма.".into(),
        (P::ProgrammeChanged, En) => "The report was made from another version of the programme; rows were matched by activity number, but check that you report on the current programme.".into(),
        (P::DuplicateReport { first_file }, Bg) => format!("Тази институция вече е изпратила отчет „{first_file}“; използван е той, а този е пропуснат — изпратете един отчет с всички индикатори."),
        (P::DuplicateReport { first_file }, En) => format!("This institution already sent the report \"{first_file}\"; that one is used and this one skipped — send one report with all indicators."),
        (P::UnknownReportRow { activity, indicator }, Bg) => format!("Редът ({activity}, „{indicator}“) не е индикатор на вашата институция в програмата; не добавяйте редове — отчитайте само изпратените."),
        (P::UnknownReportRow { activity, indicator }, En) => format!("The row ({activity}, \"{indicator}\") is not one of your institution's indicators in the programme; do not add rows — report only those sent."),
        (P::UnknownStatus { value }, Bg) => format!("„{value}“ не е статус от списъка; изберете Изпълнена, Частично изпълнена, Неизпълнена, В процес или Отпада."),
        (P::UnknownStatus { value }, En) => format!("\"{value}\" is not a status from the list; choose Изпълнена, Частично изпълнена, Неизпълнена, В процес or Отпада."),
        (P::DuplicateActivity { other_file, other_row }, Bg) => format!("Същата дейност е подадена и в „{other_file}“, ред {other_row}; двете са обединени в една дейност с всички индикатори и водещи институции."),
        (P::DuplicateActivity { other_file, other_row }, En) => format!("The same activity also comes from \"{other_file}\", row {other_row}; the two are united into one activity with all indicators and leads."),
    }
}

/// What to write in a blank required cell.
fn missing_advice(header: &str, lang: Lang) -> &'static str {
    match (header, lang) {
        ("Приоритет", Lang::Bg) => "изберете приоритета от падащия списък.",
        ("Приоритет", Lang::En) => "choose the priority from the dropdown.",
        ("Цел", Lang::Bg) => "изберете целта от падащия списък.",
        ("Цел", Lang::En) => "choose the goal from the dropdown.",
        ("Дейност", Lang::Bg) => {
            "опишете дейността; за още един индикатор на дейността отгоре оставете празни и „№ на дейност“."
        }
        ("Дейност", Lang::En) => {
            "describe the activity; for one more indicator of the activity above leave \"№ на дейност\" blank too."
        }
        ("Срок", Lang::Bg) => "напишете срок, напр. „2025 г.“ или „до 30.06.2026 г.“.",
        ("Срок", Lang::En) => "write a deadline, e.g. \"2025 г.\" or \"до 30.06.2026 г.\".",
        ("Индикатор", Lang::Bg) => {
            "напишете как ще се измери дейността, напр. „Брой обхванати деца“."
        }
        ("Индикатор", Lang::En) => {
            "write how the activity is measured, e.g. \"Брой обхванати деца\"."
        }
        ("Водеща институция", Lang::Bg) => {
            "изберете водещата институция от падащия списък."
        }
        ("Водеща институция", Lang::En) => {
            "choose the lead institution from the dropdown."
        }
        (_, Lang::Bg) => "попълнете я.",
        (_, Lang::En) => "fill it in.",
    }
}
