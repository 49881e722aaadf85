//! The sentences of commands and workbooks, in Bulgarian and English.
//!
//! Code elsewhere builds a [`Msg`] value that says *what* happened; only this module knows
//! how to say it. Keeping both languages side by side in one `match` makes a missing
//! translation a compile error rather than a surprise in front of a user.

use std::path::Path;

use super::{Lang, group, too_large};
use crate::config::{ConfigError, ConfigProblem, TomlMistake, ValueKind};
use crate::system::Trouble;

/// Something to tell the user.
#[derive(Debug)]
pub enum Msg<'a> {
    /// A config that cannot be used.
    ConfigError(&'a ConfigError),
    /// An input file that does not exist or cannot be read.
    InputUnreadable {
        /// The file.
        path: &'a Path,
        /// Why.
        trouble: Trouble,
    },
    /// The output cannot be written (permissions, full disk, open in Excel, …).
    OutputNotWritable {
        /// The file or folder.
        path: &'a Path,
        /// Which output it is.
        output: Output,
        /// Why.
        trouble: Trouble,
    },
    /// The output path names one of the inputs.
    OutputIsInput {
        /// The file.
        path: &'a Path,
        /// Which output it is.
        output: Output,
    },
    /// A file output's path is a folder.
    OutputIsDirectory {
        /// The folder.
        path: &'a Path,
        /// Which output it is.
        output: Output,
    },
    /// A folder output's path is a file.
    OutputNotAFolder {
        /// The file.
        path: &'a Path,
        /// Which output it is.
        output: Output,
    },
    /// Files the output would replace are there, and may have been filled: nothing written.
    OutputsExist {
        /// The folder.
        folder: &'a Path,
        /// The files' names.
        names: Vec<String>,
        /// Which output it is.
        output: Output,
    },
    /// A directory argument cannot be listed.
    DirUnreadable {
        /// The folder.
        path: &'a Path,
        /// Why.
        trouble: Trouble,
    },
    /// A directory argument holds no spreadsheet.
    DirEmpty {
        /// The file or folder.
        path: &'a Path,
    },
    /// The heading of one file in `validate`'s text report.
    FileSummary {
        /// The input as given.
        file: &'a str,
        /// The submitting institution, when known.
        institution: Option<&'a str>,
        /// Data rows.
        rows: usize,
        /// Error findings.
        errors: usize,
        /// Warning findings.
        warnings: usize,
    },
    /// The last line of `validate`'s text report.
    RunSummary {
        /// Files.
        files: usize,
        /// Data rows.
        rows: usize,
        /// Error findings.
        errors: usize,
        /// Warning findings.
        warnings: usize,
    },
    /// The account printed at the end of `merge`.
    MergeSummary {
        /// Files.
        files: usize,
        /// Data rows.
        rows: usize,
        /// Rows accepted.
        accepted: usize,
        /// Rows rejected.
        rejected: usize,
        /// Rows skipped as no activity.
        skipped: usize,
    },
    /// `merge --strict` found rejected rows and wrote nothing.
    MergeStrictNothingWritten,
    /// Standard output cannot be written (a full disk behind a redirection).
    StdoutNotWritable {
        /// Why.
        trouble: Trouble,
    },
    /// A line made elsewhere of catalogue parts (a finding's line), said as it is.
    Line(String),
    /// The last line of a sheet that cannot hold all its rows.
    RowsNotListed {
        /// How many.
        count: usize,
    },
    /// `merge` wrote the programme workbook.
    MergeWritten {
        /// The file or folder.
        path: &'a Path,
    },
    /// The first line of the reasons of a row whose activity's own row has errors.
    RowOfRejectedActivity {
        /// The activity's own row (0-based).
        activity_row: u32,
    },
    /// The programme workbook given to `report` or `export` cannot be read back.
    ProgrammeUnreadable {
        /// The file or folder.
        path: &'a Path,
        /// Why it cannot be read back.
        problem: &'a crate::contract::programme::DataError,
    },
    /// `report new` wrote one reporting workbook.
    ReportWritten {
        /// The file or folder.
        path: &'a Path,
        /// Indicators.
        indicators: usize,
    },
    /// The account printed by `report collect`.
    CollectSummary {
        /// Files.
        files: usize,
        /// Indicators.
        indicators: usize,
        /// Indicators reported.
        reported: usize,
        /// Error findings.
        errors: usize,
    },
    /// `report collect` wrote the implementation report.
    ReportCollected {
        /// The file or folder.
        path: &'a Path,
    },
    /// `export --report` got a file that is no implementation report.
    ReportUnreadable {
        /// The file or folder.
        path: &'a Path,
        /// Why it cannot be read back.
        problem: &'a crate::contract::programme::DataError,
    },
    /// `export --encoding windows-1251` met a character the encoding cannot hold.
    Unencodable {
        /// 1-based line of the CSV.
        line: usize,
        /// The column.
        column: &'static str,
        /// The character.
        character: char,
    },
    /// `export` wrote the CSV.
    ExportWritten {
        /// The file or folder.
        path: &'a Path,
        /// Data rows.
        rows: usize,
    },
    /// `export` wrote the workbook.
    ExportWorkbookWritten {
        /// The file.
        path: &'a Path,
        /// Data rows.
        rows: usize,
    },
    /// `export -o FILE.xlsx` was given an option only a CSV has.
    CsvOptionForWorkbook {
        /// The workbook asked for.
        path: &'a Path,
        /// The option, as typed.
        option: &'a str,
    },
    /// A long output is being written (shown beside a spinner).
    Writing {
        /// The file or folder.
        path: &'a Path,
    },
    /// A checked file has nothing to fix.
    NoFindings,
    /// `validate --annotate` wrote a marked-up copy.
    AnnotatedWritten {
        /// The file or folder.
        path: &'a Path,
    },
    /// The portal cannot start or stopped with an error.
    PortalFailed {
        /// Why.
        trouble: PortalTrouble<'a>,
        /// How it was started: what to do differs.
        started: Started,
    },
    /// `ZAKRILA_ADMIN_PASSWORD` is shorter than a password may be: the portal does not start.
    AdminPasswordTooShort {
        /// The fewest characters a password may have.
        min: usize,
        /// How many it has.
        chars: usize,
    },
    /// `backup` finished.
    BackupWritten {
        /// The copy.
        path: &'a Path,
    },
    /// `links` without `--base-url`: the links start with what the portal last served with.
    LinksLastServed {
        /// The base URL.
        base_url: &'a str,
    },
    /// `links` without `--base-url` on a data folder no portal has served yet.
    LinksNeverServed {
        /// The base URL used.
        base_url: &'a str,
    },
    /// `links` gives links that open only on this computer.
    LinksOnlyHere,
    /// `password` asks for the new password.
    PasswordPrompt {
        /// The fewest characters.
        min: usize,
    },
    /// `password` asks for it again.
    PasswordPromptAgain,
    /// `password` finished.
    PasswordSet {
        /// The portal's data folder.
        data: &'a Path,
    },
    /// The data folder holds no portal database.
    NoPortalData {
        /// The folder.
        path: &'a Path,
    },
    /// The new password is too short.
    PasswordTooShort {
        /// The fewest characters.
        min: usize,
    },
    /// The two passwords typed differ.
    PasswordMismatch,
    /// No `ZAKRILA_ADMIN_PASSWORD` and no terminal to ask on.
    /// (The system's words on why stay for `--verbose`.)
    PasswordNoTerminal,
    /// `template` finished.
    TemplateWritten {
        /// The file or folder.
        path: &'a Path,
        /// Priorities.
        priorities: usize,
        /// Goals.
        goals: usize,
        /// Institutions.
        institutions: usize,
    },
    /// A sentence of `zakrila import`.
    Import(ImportMsg<'a>),
    /// A sentence of `zakrila document`.
    Document(super::DocumentMsg<'a>),
}

impl Msg<'_> {
    /// The message in the chosen language.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::catalogue::{Lang, Msg, Output};
    /// let msg = Msg::OutputIsInput { path: "програма.xlsx".as_ref(), output: Output::Programme };
    /// assert!(msg.render(Lang::En).contains("програма.xlsx"));
    /// assert!(msg.render(Lang::Bg).contains("програма.xlsx"));
    /// ```
    pub fn render(&self, lang: Lang) -> String {
        use Lang::{Bg, En};
        match (self, lang) {
            (Msg::ConfigError(err), _) => render_config_error(err, lang),
            (Msg::Document(msg), _) => msg.render(lang),
            (Msg::PortalFailed { trouble, started }, _) => portal_failed(trouble, *started, lang),
            (Msg::AdminPasswordTooShort { min, chars }, Bg) => format!(
                "Порталът не е пуснат: паролата в ZAKRILA_ADMIN_PASSWORD има {chars} {}, а трябва да е поне {min}. Задайте по-дълга парола (напр. няколко думи) или пуснете портала без променливата, за да изберете паролата от еднократната връзка.",
                if *chars == 1 { "знак" } else { "знака" }
            ),
            (Msg::AdminPasswordTooShort { min, chars }, En) => format!(
                "The portal was not started: the password in ZAKRILA_ADMIN_PASSWORD has {chars} {} and must have at least {min}. Set a longer one (a few words, say), or start the portal without the variable to choose the password from the one-time link.",
                if *chars == 1 { "character" } else { "characters" }
            ),
            (Msg::BackupWritten { path }, Bg) => format!(
                "Копието е записано в „{}“. За да работите с него, поставете го като zakrila.sqlite в празна папка и я дайте на --data.",
                path.display()
            ),
            (Msg::BackupWritten { path }, En) => format!(
                "The copy was written to \"{}\". To use it, put it as zakrila.sqlite in an empty folder and give that folder to --data.",
                path.display()
            ),
            (Msg::LinksLastServed { base_url }, Bg) => format!(
                "Връзките започват с {base_url}: адресът, с който порталът работи последно. Друг адрес: --base-url."
            ),
            (Msg::LinksLastServed { base_url }, En) => format!(
                "The links start with {base_url}: the address the portal last served with. Another one: --base-url."
            ),
            (Msg::LinksNeverServed { base_url }, Bg) => format!(
                "Порталът още не е пускан с тези данни, затова връзките започват с {base_url}. Дайте --base-url с адреса, на който институциите ще го отварят."
            ),
            (Msg::LinksNeverServed { base_url }, En) => format!(
                "The portal has not run on this data yet, so the links start with {base_url}. Give --base-url with the address institutions will open it at."
            ),
            (Msg::LinksOnlyHere, Bg) => "Внимание: тези връзки се отварят само на този компютър; институциите не могат да ги използват. Пуснете портала в мрежата (--listen 0.0.0.0:8080) или дайте --base-url с адреса на сървъра.".into(),
            (Msg::LinksOnlyHere, En) => "Note: these links open on this computer only; institutions cannot use them. Run the portal on the network (--listen 0.0.0.0:8080) or give --base-url with the server's address.".into(),
            (Msg::PasswordPrompt { min }, Bg) => {
                format!("Нова парола на секретаря (поне {min} знака): ")
            }
            (Msg::PasswordPrompt { min }, En) => {
                format!("New secretary's password (at least {min} characters): ")
            }
            (Msg::PasswordPromptAgain, Bg) => "Още веднъж: ".into(),
            (Msg::PasswordPromptAgain, En) => "Once more: ".into(),
            (Msg::PasswordSet { data }, Bg) => format!(
                "Паролата на секретаря на портала в „{}“ е сменена; всички влизания са прекратени и смяната е в дневника.",
                data.display()
            ),
            (Msg::PasswordSet { data }, En) => format!(
                "The secretary's password of the portal in \"{}\" was changed; every session has ended and the change is in the audit log.",
                data.display()
            ),
            (Msg::NoPortalData { path }, Bg) => format!(
                "В „{}“ няма данни на портал (zakrila.sqlite); дайте на --data папката, с която работи zakrila serve.",
                path.display()
            ),
            (Msg::NoPortalData { path }, En) => format!(
                "There is no portal data (zakrila.sqlite) in \"{}\"; give --data the folder zakrila serve runs with.",
                path.display()
            ),
            (Msg::PasswordTooShort { min }, Bg) => {
                format!("Паролата трябва да е поне {min} знака; нищо не е сменено.")
            }
            (Msg::PasswordTooShort { min }, En) => {
                format!("The password must have at least {min} characters; nothing was changed.")
            }
            (Msg::PasswordMismatch, Bg) => "Двете пароли не са еднакви; нищо не е сменено.".into(),
            (Msg::PasswordMismatch, En) => "The two passwords differ; nothing was changed.".into(),
            (Msg::PasswordNoTerminal, Bg) => "Няма терминал, от който да се прочете паролата; задайте я в променливата ZAKRILA_ADMIN_PASSWORD.".into(),
            (Msg::PasswordNoTerminal, En) => "There is no terminal to read the password from; set it in the variable ZAKRILA_ADMIN_PASSWORD.".into(),
            (Msg::InputUnreadable { path, trouble }, Bg) => format!(
                "Файлът „{}“ не може да бъде прочетен: {}.",
                path.display(),
                super::reading(*trouble, lang)
            ),
            (Msg::InputUnreadable { path, trouble }, En) => format!(
                "Cannot read \"{}\": {}.",
                path.display(),
                super::reading(*trouble, lang)
            ),
            (
                Msg::OutputNotWritable {
                    path,
                    output,
                    trouble,
                },
                Bg,
            ) => format!(
                "„{}“ не може да бъде записан: {}.",
                path.display(),
                super::writing(*trouble, output.option(), lang)
            ),
            (
                Msg::OutputNotWritable {
                    path,
                    output,
                    trouble,
                },
                En,
            ) => format!(
                "Cannot write \"{}\": {}.",
                path.display(),
                super::writing(*trouble, output.option(), lang)
            ),
            (Msg::OutputIsInput { path, output }, Bg) => format!(
                "„{}“ е и входен файл: zakrila не презаписва входни файлове, посочете друго име след {}.",
                path.display(),
                output.option()
            ),
            (Msg::OutputIsInput { path, output }, En) => format!(
                "\"{}\" is also an input: zakrila never overwrites an input, give another name after {}.",
                path.display(),
                output.option()
            ),
            (Msg::OutputIsDirectory { path, output }, Bg) => format!(
                "„{}“ е папка: след {} посочете име на файл, напр. {}.",
                path.display(),
                output.option(),
                output.example(lang)
            ),
            (Msg::OutputIsDirectory { path, output }, En) => format!(
                "\"{}\" is a folder: give a file name after {}, e.g. {}.",
                path.display(),
                output.option(),
                output.example(lang)
            ),
            (Msg::OutputNotAFolder { path, output }, Bg) if !output.is_folder() => format!(
                "„{}“ е файл, а пътят след {} минава през него като през папка; посочете друг път, напр. {}.",
                path.display(),
                output.option(),
                output.example(lang)
            ),
            (Msg::OutputNotAFolder { path, output }, En) if !output.is_folder() => format!(
                "\"{}\" is a file, and the path after {} goes through it as through a folder; give another path, e.g. {}.",
                path.display(),
                output.option(),
                output.example(lang)
            ),
            (Msg::OutputNotAFolder { path, output }, Bg) => format!(
                "„{}“ е файл, а след {} се посочва папка: посочете папка, напр. {} (ако я няма, zakrila ще я създаде).",
                path.display(),
                output.option(),
                output.example(lang)
            ),
            (Msg::OutputNotAFolder { path, output }, En) => format!(
                "\"{}\" is a file, and {} takes a folder: give a folder, e.g. {} (zakrila makes it when it is missing).",
                path.display(),
                output.option(),
                output.example(lang)
            ),
            (
                Msg::OutputsExist {
                    folder,
                    names,
                    output,
                },
                Bg,
            ) => format!(
                "В „{}“ вече има {}, които може да са попълнени: {}. Нищо не е записано. Посочете друга папка след {} или добавете --force, за да ги замените.",
                folder.display(),
                count(names.len(), Noun::File, lang),
                listed(names, lang),
                output.option()
            ),
            (
                Msg::OutputsExist {
                    folder,
                    names,
                    output,
                },
                En,
            ) => format!(
                "\"{}\" already holds {} that may have been filled in: {}. Nothing was written. Give another folder after {} or add --force to replace them.",
                folder.display(),
                count(names.len(), Noun::File, lang),
                listed(names, lang),
                output.option()
            ),
            (Msg::DirUnreadable { path, trouble }, Bg) => format!(
                "Папката „{}“ не може да бъде прочетена: {}.",
                path.display(),
                super::reading(*trouble, lang)
            ),
            (Msg::DirUnreadable { path, trouble }, En) => format!(
                "Cannot list the folder \"{}\": {}.",
                path.display(),
                super::reading(*trouble, lang)
            ),
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
                    skipped,
                },
                Bg,
            ) => format!(
                "{}, {}: {accepted} приети, {rejected} отхвърлени{}",
                count(*files, Noun::File, lang),
                count(*rows, Noun::Row, lang),
                if *skipped > 0 {
                    format!(", {skipped} пропуснати (не са дейности)")
                } else {
                    String::new()
                }
            ),
            (
                Msg::MergeSummary {
                    files,
                    rows,
                    accepted,
                    rejected,
                    skipped,
                },
                En,
            ) => format!(
                "{}, {}: {accepted} accepted, {rejected} rejected{}",
                count(*files, Noun::File, lang),
                count(*rows, Noun::Row, lang),
                if *skipped > 0 {
                    format!(", {skipped} skipped (no activities)")
                } else {
                    String::new()
                }
            ),
            (Msg::StdoutNotWritable { trouble: Trouble::DiskFull }, Bg) => "Отчетът не може да бъде записан на стандартния изход: дискът, където го пренасочвате, е пълен; освободете място или го пренасочете другаде.".into(),
            (Msg::StdoutNotWritable { trouble: Trouble::DiskFull }, En) => "The report cannot be written to standard output: the disk it is redirected to is full; make room or redirect it elsewhere.".into(),
            (Msg::StdoutNotWritable { .. }, Bg) => "Отчетът не може да бъде записан на стандартния изход; проверете файла или програмата, към които го пренасочвате.".into(),
            (Msg::StdoutNotWritable { .. }, En) => "The report cannot be written to standard output; check the file or program it is redirected to.".into(),
            (Msg::Line(line), _) => line.clone(),
            (Msg::RowsNotListed { count }, Bg) => format!("Още {} реда не се побират в листа (той побира 1 048 576 реда); вижте ги с „zakrila validate“ за всеки файл.", group(*count as u64, lang)),
            (Msg::RowsNotListed { count }, En) => format!("{} more rows do not fit on the sheet (it holds 1,048,576 rows); see them with \"zakrila validate\" for each file.", group(*count as u64, lang)),
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
            (Msg::ExportWorkbookWritten { path, rows }, Bg) => format!(
                "Работната книга е записана в „{}“: {}.",
                path.display(),
                count(*rows, Noun::Row, lang)
            ),
            (Msg::ExportWorkbookWritten { path, rows }, En) => format!(
                "The workbook is written to \"{}\": {}.",
                path.display(),
                count(*rows, Noun::Row, lang)
            ),
            (Msg::CsvOptionForWorkbook { path, option }, Bg) => format!(
                "„{}“ е работна книга (.xlsx), а {option} се отнася само за CSV: махнете {option} или посочете след -o файл с окончание .csv.",
                path.display()
            ),
            (Msg::CsvOptionForWorkbook { path, option }, En) => format!(
                "\"{}\" is a workbook (.xlsx), and {option} is for a CSV only: leave out {option} or give a file ending in .csv after -o.",
                path.display()
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
            (Msg::Import(msg), _) => msg.render(lang),
        }
    }
}

/// Which output of which command a message is about: the option that names it on the
/// command line, and an example of a name for it, so that a message names the option the
/// command has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// `template -o`.
    Template,
    /// `merge -o`.
    Programme,
    /// `report new -o DIR`.
    ReportingWorkbooks,
    /// `report collect -o`.
    ImplementationReport,
    /// `export -o`, and `datapackage.json` beside it.
    Export,
    /// `validate --annotate DIR`.
    MarkedUpCopies,
    /// `import -o DIR`.
    ImportFolder,
    /// `backup -o`.
    Backup,
    /// `document -o`.
    Document,
}

impl Output {
    /// The option that names this output.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::catalogue::Output;
    /// assert_eq!(Output::MarkedUpCopies.option(), "--annotate");
    /// assert_eq!(Output::Programme.option(), "-o");
    /// ```
    pub fn option(self) -> &'static str {
        match self {
            Output::MarkedUpCopies => "--annotate",
            _ => "-o",
        }
    }

    /// Whether the output is a folder of files (its option names a folder).
    pub fn is_folder(self) -> bool {
        matches!(
            self,
            Output::ReportingWorkbooks | Output::MarkedUpCopies | Output::ImportFolder
        )
    }

    /// A name such an output could have.
    pub fn example(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Output::Template, Lang::Bg) => "шаблон.xlsx",
            (Output::Template, Lang::En) => "template.xlsx",
            (Output::Programme, Lang::Bg) => "програма.xlsx",
            (Output::Programme, Lang::En) => "programme.xlsx",
            (Output::ReportingWorkbooks, Lang::Bg) => "отчети/",
            (Output::ReportingWorkbooks, Lang::En) => "reports/",
            (Output::ImplementationReport, Lang::Bg) => "отчет-за-изпълнението.xlsx",
            (Output::ImplementationReport, Lang::En) => "implementation.xlsx",
            (Output::Export, Lang::Bg) => "за-агенцията.csv",
            (Output::Export, Lang::En) => "national.csv",
            (Output::MarkedUpCopies, Lang::Bg) => "проверка/",
            (Output::MarkedUpCopies, Lang::En) => "checked/",
            (Output::ImportFolder, Lang::Bg) => "кръг-2027/",
            (Output::ImportFolder, Lang::En) => "round-2027/",
            (Output::Backup, Lang::Bg) => "копие.sqlite",
            (Output::Backup, Lang::En) => "backup.sqlite",
            (Output::Document, Lang::Bg) => "програма.docx",
            (Output::Document, Lang::En) => "programme.docx",
        }
    }
}

/// "„а.xlsx“, „б.xlsx“ и още 3": the first names of a list, quoted, and how many more.
fn listed(names: &[String], lang: Lang) -> String {
    const SHOWN: usize = 5;
    let quoted: Vec<String> = names
        .iter()
        .take(SHOWN)
        .map(|name| match lang {
            Lang::Bg => format!("„{name}“"),
            Lang::En => format!("\"{name}\""),
        })
        .collect();
    let mut text = quoted.join(", ");
    if names.len() > SHOWN {
        let more = names.len() - SHOWN;
        text.push_str(&match lang {
            Lang::Bg => format!(" и още {more}"),
            Lang::En => format!(" and {more} more"),
        });
    }
    text
}

/// How the portal was started: from the command line (`zakrila serve`, with its options) or
/// with a double-click (no options: the program's folder decides).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Started {
    /// `zakrila serve`.
    CommandLine,
    /// `zakrila.exe` double-clicked.
    DoubleClick,
}

/// Why the portal cannot run.
#[derive(Debug)]
pub enum PortalTrouble<'a> {
    /// Another program listens at the address.
    AddressInUse {
        /// The address.
        address: String,
    },
    /// The system does not let the portal listen at the address.
    AddressRefused {
        /// The address.
        address: String,
    },
    /// The data folder cannot be made or used.
    DataFolder {
        /// The folder.
        path: &'a Path,
        /// Why.
        trouble: Trouble,
    },
    /// Another zakrila holds the database.
    DatabaseBusy,
    /// The database is damaged, or no database of zakrila.
    DatabaseDamaged,
    /// The disk of the data folder is full.
    DiskFull,
    /// The data folder can only be read.
    ReadOnly,

    /// Anything else (`--verbose` shows the system's words).
    Other,
}

fn portal_failed(trouble: &PortalTrouble<'_>, started: Started, lang: Lang) -> String {
    use Lang::{Bg, En};
    use PortalTrouble as T;
    let why = match (trouble, lang) {
        // Started with a double-click there are no options to change: the program's folder
        // decides where the data goes, so the program is moved.
        (T::DataFolder { path, .. }, Bg)
            if started == Started::DoubleClick =>
        {
            format!(
                "папката с данни „{}“ не може да бъде създадена или използвана; преместете папката на zakrila там, където можете да записвате (напр. в Документи), и я пуснете отново",
                path.display()
            )
        }
        (T::DataFolder { path, .. }, En)
            if started == Started::DoubleClick =>
        {
            format!(
                "the data folder \"{}\" cannot be made or used; move zakrila's folder where you can write (Documents, say) and start it again",
                path.display()
            )
        }
        (T::AddressInUse { .. } | T::AddressRefused { .. }, Bg)
            if started == Started::DoubleClick =>
        {
            "никой адрес на този компютър не може да бъде зает; затворете програмите, които може да пречат (напр. друг zakrila), и опитайте отново".into()
        }
        (T::AddressInUse { .. } | T::AddressRefused { .. }, En)
            if started == Started::DoubleClick =>
        {
            "no address on this computer could be taken; close the programs that may be in the way (another zakrila, say) and try again".into()
        }
        (T::DatabaseDamaged, Bg) if started == Started::DoubleClick => "файлът zakrila.sqlite в папката с данни е повреден или не е база данни на zakrila; сложете на негово място копие, направено със zakrila backup".into(),
        (T::DatabaseDamaged, En) if started == Started::DoubleClick => "zakrila.sqlite in the data folder is damaged or no database of zakrila; put a copy made with zakrila backup in its place".into(),

        (T::AddressInUse { address }, Bg) => format!(
            "адресът {address} вече се използва — вероятно zakrila или друга програма вече работи там; спрете я или посочете друг порт с --listen, напр. --listen 127.0.0.1:8081"
        ),
        (T::AddressInUse { address }, En) => format!(
            "the address {address} is in use — zakrila or another program is probably running there already; stop it or give another port with --listen, e.g. --listen 127.0.0.1:8081"
        ),
        (T::AddressRefused { address }, Bg) => format!(
            "системата не позволява да се слуша на {address}; посочете адрес на този компютър и порт над 1024 с --listen, напр. --listen 127.0.0.1:8080"
        ),
        (T::AddressRefused { address }, En) => format!(
            "the system does not allow listening at {address}; give an address of this computer and a port above 1024 with --listen, e.g. --listen 127.0.0.1:8080"
        ),
        (T::DataFolder { path, trouble }, _) => {
            let why = super::writing(*trouble, "--data", lang);
            match lang {
                Bg => format!(
                    "папката с данни „{}“ не може да бъде създадена или използвана — {why}",
                    path.display()
                ),
                En => format!(
                    "the data folder \"{}\" cannot be made or used — {why}",
                    path.display()
                ),
            }
        }
        (T::DatabaseBusy, Bg) => "базата данни в папката с данни е заета от друго копие на zakrila; изчакайте го или го спрете и опитайте отново".into(),
        (T::DatabaseBusy, En) => "the database in the data folder is held by another zakrila; wait for it or stop it and try again".into(),
        (T::DatabaseDamaged, Bg) => "файлът zakrila.sqlite в папката с данни е повреден или не е база данни на zakrila; сложете на негово място копие, направено със zakrila backup, или посочете друга папка с --data".into(),
        (T::DatabaseDamaged, En) => "zakrila.sqlite in the data folder is damaged or no database of zakrila; put a copy made with zakrila backup in its place, or give another folder with --data".into(),
        (T::DiskFull, Bg) => "дискът на папката с данни е пълен; освободете място и пуснете портала отново".into(),
        (T::DiskFull, En) => "the disk of the data folder is full; make room and start the portal again".into(),
        (T::ReadOnly, Bg) if started == Started::DoubleClick => "папката с данни е само за четене; преместете папката на zakrila там, където можете да записвате (напр. в Документи)".into(),
        (T::ReadOnly, En) if started == Started::DoubleClick => "the data folder can only be read; move zakrila's folder where you can write (Documents, say)".into(),
        (T::ReadOnly, Bg) => "папката с данни е само за четене; посочете друга с --data".into(),
        (T::ReadOnly, En) => "the data folder can only be read; give another one with --data".into(),
        (T::Other, Bg) => "системата върна грешка; пуснете командата отново с --verbose, за да видите подробностите".into(),
        (T::Other, En) => "the system returned an error; run the command again with --verbose to see the detail".into(),
    };
    match lang {
        Bg => format!("Порталът не може да работи: {why}."),
        En => format!("The portal cannot run: {why}."),
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
    /// A priority of the programme.
    Priority,
    /// A goal of the programme.
    Goal,
    /// An activity of the programme.
    Activity,
    /// An institution.
    Institution,
    /// A report (of an institution).
    Report,
    /// A byte.
    Byte,
    /// A letter (an e-mail the portal sends).
    Letter,
}

/// "3 реда", "1 грешка", "2 warnings": a number with its noun in the right form.
///
/// # Examples
///
/// ```
/// use zakrila::catalogue::{Lang, Noun, count};
/// assert_eq!(count(1, Noun::Row, Lang::Bg), "1 ред");
/// assert_eq!(count(12, Noun::Error, Lang::Bg), "12 грешки");
/// assert_eq!(count(1, Noun::Warning, Lang::En), "1 warning");
/// assert_eq!(count(1, Noun::Activity, Lang::Bg), "1 дейност");
/// assert_eq!(count(2, Noun::Priority, Lang::Bg), "2 приоритета");
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
        (Noun::Priority, Lang::Bg) => ("приоритет", "приоритета"),
        (Noun::Priority, Lang::En) => ("priority", "priorities"),
        (Noun::Goal, Lang::Bg) => ("цел", "цели"),
        (Noun::Goal, Lang::En) => ("goal", "goals"),
        (Noun::Activity, Lang::Bg) => ("дейност", "дейности"),
        (Noun::Activity, Lang::En) => ("activity", "activities"),
        (Noun::Institution, Lang::Bg) => ("институция", "институции"),
        (Noun::Institution, Lang::En) => ("institution", "institutions"),
        (Noun::Report, Lang::Bg) => ("отчет", "отчета"),
        (Noun::Report, Lang::En) => ("report", "reports"),
        (Noun::Byte, Lang::Bg) => ("байт", "байта"),
        (Noun::Byte, Lang::En) => ("byte", "bytes"),
        (Noun::Letter, Lang::Bg) => ("писмо", "писма"),
        (Noun::Letter, Lang::En) => ("letter", "letters"),
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "грешка" / "error": the word for a severity.
pub fn severity_word(severity: super::Severity, lang: Lang) -> &'static str {
    use super::Severity;
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
pub(super) fn data_problem(
    problem: &crate::contract::programme::DataError,
    sheet: &str,
    lang: Lang,
) -> String {
    use crate::contract::programme::DataError;
    use crate::read::ReadError;
    match (problem, lang) {
        (DataError::Read(ReadError::Unreadable { reason }), Lang::Bg) => {
            format!(
                "файлът не може да бъде отворен — {}",
                super::reading(reason.trouble, lang)
            )
        }
        (DataError::Read(ReadError::Unreadable { reason }), Lang::En) => {
            format!(
                "the file cannot be opened — {}",
                super::reading(reason.trouble, lang)
            )
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
        (DataError::Read(ReadError::Damaged { .. }), Lang::Bg) => {
            "файлът е повреден или непълен (например изпратен или изтеглен наполовина)".into()
        }
        (DataError::Read(ReadError::Damaged { .. }), Lang::En) => {
            "the file is damaged or incomplete (sent or downloaded only in part, for example)"
                .into()
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

impl ConfigError {
    /// The message for the user: file, line, column, what is wrong and what to write.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::{catalogue::Lang, config::Programme};
    /// let err = Programme::from_bytes("p.toml".as_ref(), b"[programme]\ntitle = 5\n").unwrap_err();
    /// assert!(err.render(Lang::En).starts_with("p.toml, line 2, column 9:"));
    /// ```
    pub fn render(&self, lang: Lang) -> String {
        Msg::ConfigError(self).render(lang)
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.problem {
            crate::config::ConfigProblem::Unreadable { reason } => Some(reason),
            _ => None,
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
        (P::Unreadable { reason }, Bg) => match reason.trouble {
            Trouble::NotFound => {
                "конфигурацията не е намерена — няма такъв файл; проверете пътя след --config.".into()
            }
            trouble => format!(
                "конфигурацията не може да бъде прочетена — {}.",
                super::reading(trouble, lang)
            ),
        },
        (P::Unreadable { reason }, En) => match reason.trouble {
            Trouble::NotFound => {
                "the config is not found — there is no such file; check the path after --config.".into()
            }
            trouble => format!(
                "cannot read the config — {}.",
                super::reading(trouble, lang)
            ),
        },
        (P::NotUtf8, Bg) => "файлът не е текст в UTF-8; запишете го с кодировка UTF-8.".into(),
        (P::NotUtf8, En) => "the file is not UTF-8 text; save it with UTF-8 encoding.".into(),
        (P::Syntax { mistake, .. }, _) => toml_mistake(*mistake, lang).into(),
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
        (P::Email { key, value }, Bg) => format!(
            "„{value}“ не е имейл адрес; напишете го във вида {key} = {}.",
            example_value(key)
        ),
        (P::Email { key, value }, En) => format!(
            "\"{value}\" is not an e-mail address; write it as {key} = {}.",
            example_value(key)
        ),
        (P::SmtpServer { value }, Bg) => format!(
            "„{value}“ не е адрес на пощенски сървър; напишете името му и порта, напр. smtp = \"smtp.office365.com:587\"."
        ),
        (P::SmtpServer { value }, En) => format!(
            "\"{value}\" is not a mail server's address; write its name and port, e.g. smtp = \"smtp.office365.com:587\"."
        ),
        (P::MailSecurity { value }, Bg) => format!(
            "непозната защита „{value}“; напишете security = \"starttls\" (порт 587), \"tls\" (порт 465) или \"none\" (само за сървър без парола в собствената мрежа)."
        ),
        (P::MailSecurity { value }, En) => format!(
            "unknown security \"{value}\"; write security = \"starttls\" (port 587), \"tls\" (port 465) or \"none\" (only for a server in your own network that takes no password)."
        ),
        (P::PasswordInClear, Bg) => "при security = \"none\" паролата би минала по мрежата некриптирана; напишете security = \"starttls\" или \"tls\", или махнете user, ако сървърът приема писма без парола.".into(),
        (P::PasswordInClear, En) => "with security = \"none\" the password would cross the network unencrypted; write security = \"starttls\" or \"tls\", or remove user if the server takes mail without a password.".into(),
        (P::PasswordInFile, Bg) => "паролата за пощенския сървър не се пише във файла (той се копира и изпраща); махнете реда password и задайте паролата в променливата на средата ZAKRILA_SMTP_PASSWORD преди стартиране на портала.".into(),
        (P::PasswordInFile, En) => "the mail server's password is not written in the file (it gets copied and sent around); remove the password line and set the password in the environment variable ZAKRILA_SMTP_PASSWORD before starting the portal.".into(),
        (P::PerDay { key, value }, Bg) => format!(
            "„{key}“ = {value} не е цяло число от 1 до 1 000 000; напишете напр. {key} = {} (без кавички) или изтрийте реда, за да важи подразбирането.",
            example_value(key)
        ),
        (P::PerDay { key, value }, En) => format!(
            "\"{key}\" = {value} is not a whole number from 1 to 1,000,000; write e.g. {key} = {} (no quotes), or delete the line to keep the default.",
            example_value(key)
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

/// A TOML mistake in words: what is wrong on the line the message names, and how to write it.
fn toml_mistake(mistake: TomlMistake, lang: Lang) -> &'static str {
    use Lang::{Bg, En};
    use TomlMistake as M;
    match (mistake, lang) {
        (M::UnquotedText, Bg) => {
            "текстът трябва да е в прави кавички, напр. title = \"Общинска програма\" (кавичките „…“ от Word не вършат работа)."
        }
        (M::UnquotedText, En) => {
            "a text must be in straight quotes, e.g. title = \"Общинска програма\" (Word's „…“ quotes do not do)."
        }
        (M::KeyWithoutValue, Bg) => {
            "след името на ключа трябва да има „=“ и стойност, напр. title = \"Общинска програма\"."
        }
        (M::KeyWithoutValue, En) => {
            "a key's name must be followed by \"=\" and a value, e.g. title = \"Общинска програма\"."
        }
        (M::UnclosedText, Bg) => {
            "текстът не е затворен: добавете прави кавички \" в края му, на същия ред."
        }
        (M::UnclosedText, En) => {
            "the text is not closed: add a straight quote \" at its end, on the same line."
        }
        (M::UnclosedSection, Bg) => {
            "заглавието на раздела не е затворено: пишете го като [programme] или [[priority]]."
        }
        (M::UnclosedSection, En) => {
            "the section's heading is not closed: write it as [programme] or [[priority]]."
        }
        (M::UnclosedList, Bg) => {
            "списъкът не е затворен: добавете „]“ след последния му елемент, напр. aliases = [\"РУО\", \"РУО-Русе\"]."
        }
        (M::UnclosedList, En) => {
            "the list is not closed: add \"]\" after its last item, e.g. aliases = [\"РУО\", \"РУО-Русе\"]."
        }
        (M::DuplicateKey, Bg) => {
            "този ключ или раздел вече е даден по-горе; оставете само едното (за още един приоритет, цел или институция пишете [[priority]], [[priority.goal]] или [[institution]])."
        }
        (M::DuplicateKey, En) => {
            "this key or section is already given above; keep one of them (another priority, goal or institution is written [[priority]], [[priority.goal]] or [[institution]])."
        }
        (M::BadDate, Bg) => {
            "датата не е правилна: пишете я като година-месец-ден без кавички, напр. 2025-01-01."
        }
        (M::BadDate, En) => {
            "the date is wrong: write it as year-month-day without quotes, e.g. 2025-01-01."
        }
        (M::Other, Bg) => {
            "редът не е правилен TOML: всеки ред е име = стойност, текстът се пише в прави кавички, датите като 2025-01-01; сравнете го с samples/ruse-2025/programme.toml."
        }
        (M::Other, En) => {
            "the line is not valid TOML: each line is name = value, text goes in straight quotes, dates as 2025-01-01; compare it with samples/ruse-2025/programme.toml."
        }
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
        "uploads_per_day" => "100",
        "upload_mb_per_day" => "1000",
        "email" | "secretary" => "\"obshtina@ruse.bg\"",
        "from" => "\"Комисия за закрила на детето <komisia@ruse.bg>\"",
        "smtp" => "\"smtp.office365.com:587\"",
        "security" => "\"starttls\"",
        "user" => "\"komisia@ruse.bg\"",
        "ca_file" => "\"relay-ca.pem\"",
        _ => "…",
    }
}

/// The sentences of `zakrila import`: what the command says, the comments of the
/// `programme.toml` it writes, the words of `import-report.xlsx` and the notes it leaves in
/// the pre-filled contributions.
#[derive(Debug)]
pub enum ImportMsg<'a> {
    /// The document cannot be read.
    Unreadable {
        /// The document.
        path: &'a Path,
        /// Why.
        problem: &'a crate::read::document::DocumentError,
    },
    /// No table of the document is a programme table.
    NoProgrammeTable {
        /// The document.
        path: &'a Path,
        /// How many tables it has.
        tables: usize,
    },
    /// Programme tables without a single activity.
    NoActivities {
        /// The document.
        path: &'a Path,
    },
    /// No year in the document and no `--period`.
    NoPeriod {
        /// The document.
        path: &'a Path,
    },
    /// `--period` is not two dates.
    BadPeriod {
        /// As given.
        value: &'a str,
    },
    /// `--municipality-code` is not an EKATTE code.
    BadCode {
        /// As given.
        value: &'a str,
    },
    /// What was read.
    Read {
        /// The document.
        path: &'a Path,
        /// Priorities.
        priorities: usize,
        /// Goals.
        goals: usize,
        /// Activities.
        activities: usize,
        /// Indicators.
        indicators: usize,
        /// Institutions.
        institutions: usize,
    },
    /// Table rows placed and not.
    Rows {
        /// All table rows.
        rows: usize,
        /// Placed.
        placed: usize,
        /// Not placed.
        not_placed: usize,
    },
    /// What was written.
    Written {
        /// The folder.
        dir: &'a Path,
        /// Contributions written.
        files: usize,
    },
    /// The municipality code is a placeholder.
    CodePlaceholder,
    /// The first line of the config's comment block.
    ConfigHead {
        /// The document's file name.
        source: &'a str,
    },
    /// The line before the list of what to look at.
    ConfigReview,
    /// Nothing to look at in particular.
    ConfigNothing,
    /// Look: the municipality code is a placeholder.
    LookCode,
    /// Look: the municipality was not found.
    LookMunicipality,
    /// Look: the period.
    LookPeriod {
        /// First day.
        start: String,
        /// Last day.
        end: String,
        /// Whether it was given with `--period`.
        given: bool,
    },
    /// Look: the institutions and their grouping.
    LookInstitutions {
        /// How many.
        count: usize,
    },
    /// Look: a priority zakrila had to make up.
    LookMadeUpPriority {
        /// Its number.
        number: u32,
    },
    /// Look: a goal zakrila had to make up.
    LookMadeUpGoal {
        /// Its code.
        code: &'a str,
    },
    /// Look: activities without an indicator.
    LookNoIndicator {
        /// How many.
        count: usize,
    },
    /// Look: activities without a deadline.
    LookNoDeadline {
        /// How many.
        count: usize,
    },
    /// Look: rows not placed.
    LookNotPlaced {
        /// How many.
        count: usize,
    },
    /// A contribution's note: the deadline as last year's programme wrote it.
    NoteOldDeadline {
        /// The old text.
        text: &'a str,
    },
    /// A contribution's note: the activity's number in last year's programme.
    NoteOldCode {
        /// The old number.
        code: &'a str,
    },
    /// The import report's words.
    Report(ReportWord),
    /// A config line, in the report's "where" column.
    AtConfigLine {
        /// 1-based line.
        line: usize,
    },
    /// Contribution rows, in the report's "where" column.
    AtRows {
        /// The file.
        file: &'a str,
        /// First row (1-based).
        first: u32,
        /// Last row.
        last: u32,
    },
}

/// The fixed words of `import-report.xlsx`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportWord {
    /// Sheet: every row.
    SheetRows,
    /// Sheet: the summary.
    SheetSummary,
    /// Sheet: what to look at.
    SheetLook,
    /// Header: table number.
    Table,
    /// Header: row number.
    Row,
    /// Header: the row's text.
    Text,
    /// Header: what the row is.
    Kind,
    /// Header: where it went.
    Where,
    /// Header: why it was not placed.
    Reason,
    /// Kind: a header row.
    KindHeader,
    /// Kind: an empty row.
    KindEmpty,
    /// Kind: a priority.
    KindPriority,
    /// Kind: a goal.
    KindGoal,
    /// Kind: activities.
    KindActivities,
    /// Kind: more of the activity above.
    KindContinuation,
    /// Kind: not placed.
    KindNotPlaced,
    /// Reason: no activity.
    ReasonNoActivity,
    /// Reason: no institution.
    ReasonNoInstitution,
    /// Reason: not a programme table.
    ReasonNotProgrammeTable,
    /// Where: nowhere (nothing to place).
    WhereNothing,
    /// Summary label: the document.
    Document,
    /// Summary label: table rows.
    Rows,
    /// Summary label: placed.
    Placed,
    /// Summary label: not placed.
    NotPlaced,
    /// Summary label: priorities.
    Priorities,
    /// Summary label: goals.
    Goals,
    /// Summary label: activities.
    Activities,
    /// Summary label: indicators.
    Indicators,
    /// Summary label: institutions.
    Institutions,
    /// Summary label: contributions.
    Contributions,
    /// Summary label: the period.
    Period,
}

impl ReportWord {
    fn render(self, lang: Lang) -> &'static str {
        use ReportWord as W;
        let (bg, en) = match self {
            W::SheetRows => ("Редове", "Rows"),
            W::SheetSummary => ("Обобщение", "Summary"),
            W::SheetLook => ("За преглед", "To look at"),
            W::Table => ("Таблица", "Table"),
            W::Row => ("Ред", "Row"),
            W::Text => ("Текст", "Text"),
            W::Kind => ("Вид", "Kind"),
            W::Where => ("Къде е", "Where it went"),
            W::Reason => ("Защо не е поставен", "Why not placed"),
            W::KindHeader => ("заглавие на таблицата", "table header"),
            W::KindEmpty => ("празен ред", "empty row"),
            W::KindPriority => ("приоритет", "priority"),
            W::KindGoal => ("цел", "goal"),
            W::KindActivities => ("дейност", "activity"),
            W::KindContinuation => (
                "продължение на дейността отгоре",
                "more of the activity above",
            ),
            W::KindNotPlaced => ("не е поставен", "not placed"),
            W::ReasonNoActivity => (
                "редът няма дейност, а над него няма дейност, към която да се добави; впишете го в приноса на отговорната институция",
                "the row has no activity and there is no activity above it to add it to; enter it in the responsible institution's contribution",
            ),
            W::ReasonNoInstitution => (
                "дейността няма отговорна институция, затова не е в ничий принос; добавете я в приноса на институцията, която ще я изпълнява",
                "the activity names no responsible institution, so it is in no contribution; add it to the contribution of the institution that will carry it out",
            ),
            W::ReasonNotProgrammeTable => (
                "таблицата не е таблица на програмата (няма колони „Дейност“ и „Отговорни институции“)",
                "the table is not a programme table (it has no \"Дейност\" and \"Отговорни институции\" columns)",
            ),
            W::WhereNothing => ("— (няма какво да се пренесе)", "— (nothing to carry over)"),
            W::Document => ("Документ", "Document"),
            W::Rows => ("Редове в таблиците", "Table rows"),
            W::Placed => ("Поставени", "Placed"),
            W::NotPlaced => ("Непоставени", "Not placed"),
            W::Priorities => ("Приоритети", "Priorities"),
            W::Goals => ("Цели", "Goals"),
            W::Activities => ("Дейности", "Activities"),
            W::Indicators => ("Индикатори", "Indicators"),
            W::Institutions => ("Институции", "Institutions"),
            W::Contributions => ("Приноси (файлове)", "Contributions (files)"),
            W::Period => ("Период на новата програма", "The new programme's period"),
        };
        match lang {
            Lang::Bg => bg,
            Lang::En => en,
        }
    }
}

impl ImportMsg<'_> {
    /// The sentence in the chosen language.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::catalogue::{ImportMsg, Lang};
    /// let msg = ImportMsg::NoActivities { path: "програма.docx".as_ref() };
    /// assert!(msg.render(Lang::Bg).contains("програма.docx"));
    /// ```
    pub fn render(&self, lang: Lang) -> String {
        use crate::read::document::DocumentError as D;
        use ImportMsg as M;
        use Lang::{Bg, En};
        match (self, lang) {
            (M::Unreadable { path, problem }, _) => {
                let path = path.display();
                match (problem, lang) {
                    (D::Empty, Bg) => format!("„{path}“ е празен файл (0 байта); изпратете отново документа с програмата."),
                    (D::Empty, En) => format!("\"{path}\" is empty (0 bytes); get the programme document again."),
                    (D::OldWord, Bg) => format!("„{path}“ е в стария формат .doc на Word, който zakrila не чете; отворете го в Word или LibreOffice, запишете го като .docx („Запиши като“ → „Документ на Word“) и пуснете import с новия файл."),
                    (D::OldWord, En) => format!("\"{path}\" is in Word's old .doc format, which zakrila does not read; open it in Word or LibreOffice, save it as .docx (\"Save As\" → \"Word Document\") and run import on the new file."),
                    (D::Spreadsheet, Bg) => format!("„{path}“ е електронна таблица, а import чете документ на Word (.docx) или OpenDocument (.odt); за проверка на принос използвайте zakrila validate."),
                    (D::Spreadsheet, En) => format!("\"{path}\" is a spreadsheet, and import reads a Word (.docx) or OpenDocument (.odt) document; to check a contribution use zakrila validate."),
                    (D::NotADocument, Bg) => format!("„{path}“ не е документ на Word (.docx) или OpenDocument (.odt); запишете програмата в един от тези формати."),
                    (D::NotADocument, En) => format!("\"{path}\" is not a Word (.docx) or OpenDocument (.odt) document; save the programme in one of those formats."),
                    (D::PasswordProtected, Bg) => format!("„{path}“ е защитен с парола; запишете го без парола и пуснете import отново."),
                    (D::PasswordProtected, En) => format!("\"{path}\" is protected with a password; save it without one and run import again."),
                    (D::Damaged { .. }, Bg) => format!("„{path}“ е повреден или непълен и не може да бъде прочетен; вземете го отново, а ако и той е такъв — отворете го в Word или LibreOffice, запишете го отново като .docx и опитайте пак."),
                    (D::Damaged { .. }, En) => format!("\"{path}\" is damaged or incomplete and cannot be read; get it again, and if that one is the same, open it in Word or LibreOffice, save it again as .docx and try again."),
                    (D::TooLarge(what), Bg) => format!("„{path}“ не може да бъде прочетен: {}.", super::too_large(what, lang)),
                    (D::TooLarge(what), En) => format!("\"{path}\" cannot be read: {}.", super::too_large(what, lang)),
                }
            }
            (M::NoProgrammeTable { path, tables }, Bg) => format!("В „{}“ няма таблица на програмата ({tables} таблици, но в никоя няма колони „Дейност“ и „Отговорни институции“); посочете документа с таблицата „Цели, дейности, отговорни институции“.", path.display()),
            (M::NoProgrammeTable { path, tables }, En) => format!("\"{}\" has no programme table ({tables} tables, none with \"Дейност\" and \"Отговорни институции\" columns); give the document with the table of goals, activities and responsible institutions.", path.display()),
            (M::NoActivities { path }, Bg) => format!("Таблиците на програмата в „{}“ нямат нито една дейност; проверете дали това е приетата програма.", path.display()),
            (M::NoActivities { path }, En) => format!("The programme tables of \"{}\" hold no activity; check that this is the adopted programme.", path.display()),
            (M::NoPeriod { path }, Bg) => format!("В „{}“ няма година, от която да се определи новият период; посочете го с --period, напр. --period 2026-01-01..2026-12-31.", path.display()),
            (M::NoPeriod { path }, En) => format!("\"{}\" names no year to tell the new period from; give it with --period, e.g. --period 2026-01-01..2026-12-31.", path.display()),
            (M::BadPeriod { value }, Bg) => format!("--period „{value}“ не е период; напишете две дати с „..“ между тях, напр. 2026-01-01..2026-12-31."),
            (M::BadPeriod { value }, En) => format!("--period \"{value}\" is not a period; write two dates with \"..\" between them, e.g. 2026-01-01..2026-12-31."),
            (M::BadCode { value }, Bg) => format!("--municipality-code „{value}“ не е код по ЕКАТТЕ на община; пишат се три главни латински букви и две цифри, напр. RSE27."),
            (M::BadCode { value }, En) => format!("--municipality-code \"{value}\" is not an EKATTE municipality code; write three capital Latin letters and two digits, e.g. RSE27."),
            (M::Read { path, priorities, goals, activities, indicators, institutions }, lang) => format!(
                "{}: {}, {}, {}, {}, {}.",
                path.display(),
                count(*priorities, Noun::Priority, lang),
                count(*goals, Noun::Goal, lang),
                count(*activities, Noun::Activity, lang),
                count(*indicators, Noun::Indicator, lang),
                count(*institutions, Noun::Institution, lang),
            ),
            (M::Rows { rows, placed, not_placed }, Bg) => format!("Редове в таблиците: {rows}; поставени {placed}, непоставени {not_placed} (вижте import-report.xlsx)."),
            (M::Rows { rows, placed, not_placed }, En) => format!("Table rows: {rows}; {placed} placed, {not_placed} not placed (see import-report.xlsx)."),
            (M::Written { dir, files }, Bg) => format!("В „{}“ са записани programme.toml, {files} приноса и import-report.xlsx; прегледайте programme.toml (коментарите в началото му казват какво) и изпратете приносите на институциите.", dir.display()),
            (M::Written { dir, files }, En) => format!("Written to \"{}\": programme.toml, {files} contributions and import-report.xlsx; review programme.toml (its opening comments say what to look at) and send the contributions to the institutions.", dir.display()),
            (M::CodePlaceholder, Bg) => "Кодът по ЕКАТТЕ на общината не е даден: в programme.toml и в приносите е записан заместителят XXX00; пуснете import отново с --municipality-code (напр. RSE27), преди да изпратите приносите.".into(),
            (M::CodePlaceholder, En) => "The municipality's EKATTE code was not given: programme.toml and the contributions carry the placeholder XXX00; run import again with --municipality-code (e.g. RSE27) before sending the contributions out.".into(),
            (M::ConfigHead { source }, Bg) => format!("Конфигурация на програмата, направена със zakrila import от „{source}“."),
            (M::ConfigHead { source }, En) => format!("Programme config made by zakrila import from \"{source}\"."),
            (M::ConfigReview, Bg) => "Преди да изпратите приносите, прегледайте:".into(),
            (M::ConfigReview, En) => "Before sending the contributions out, look at:".into(),
            (M::ConfigNothing, Bg) => "заглавията на приоритетите и целите и имената на институциите (import ги е взел от документа както са написани).".into(),
            (M::ConfigNothing, En) => "the titles of the priorities and goals and the institutions' names (import took them from the document as written).".into(),
            (M::LookCode, Bg) => "municipality_code е заместител (XXX00): пуснете import отново с --municipality-code, за да го получат и приносите.".into(),
            (M::LookCode, En) => "municipality_code is a placeholder (XXX00): run import again with --municipality-code so that the contributions get it too.".into(),
            (M::LookMunicipality, Bg) => "municipality: общината не е намерена в заглавието на документа; напишете името ѝ.".into(),
            (M::LookMunicipality, En) => "municipality: the municipality was not found in the document's title; write its name.".into(),
            (M::LookPeriod { start, end, given: true }, Bg) => format!("периодът {start} – {end} е даден с --period; годините в сроковете са преместени в него."),
            (M::LookPeriod { start, end, given: true }, En) => format!("the period {start} – {end} was given with --period; the years of the deadlines are moved into it."),
            (M::LookPeriod { start, end, given: false }, Bg) => format!("периодът {start} – {end} е следващият след този на документа; ако не е такъв, пуснете import с --period. Годините в сроковете са преместени в него, а старият срок е в „Бележка“."),
            (M::LookPeriod { start, end, given: false }, En) => format!("the period {start} – {end} follows the document's; if that is wrong, run import with --period. The years of the deadlines are moved into it, and the old deadline is in \"Бележка\"."),
            (M::LookInstitutions { count }, Bg) => format!("институциите ({count}): изписванията, които zakrila смята за едно име, са събрани в aliases; ако две записвания са една институция, преместете едното в aliases на другото."),
            (M::LookInstitutions { count }, En) => format!("the institutions ({count}): spellings zakrila takes for one name are grouped in aliases; where two entries are one institution, move one into the other's aliases."),
            (M::LookMadeUpPriority { number }, Bg) => format!("приоритет {number} не е назован в документа; напишете заглавието му."),
            (M::LookMadeUpPriority { number }, En) => format!("priority {number} is not named in the document; write its title."),
            (M::LookMadeUpGoal { code }, Bg) => format!("цел {code} не е назована в документа (дейностите ѝ са без цел); напишете заглавието ѝ."),
            (M::LookMadeUpGoal { code }, En) => format!("goal {code} is not named in the document (its activities have none); write its title."),
            (M::LookNoIndicator { count: 1 }, Bg) => "1 дейност няма индикатор в документа; в приноса индикаторът е оставен празен, за да го попълни институцията (предупреждение indicator-to-fill при проверката, не грешка).".into(),
            (M::LookNoIndicator { count: 1 }, En) => "1 activity has no indicator in the document; the contribution leaves the indicator blank for the institution to fill (an indicator-to-fill warning when checked, not an error).".into(),
            (M::LookNoIndicator { count }, Bg) => format!("{count} дейности нямат индикатор в документа; в приносите индикаторът е оставен празен, за да го попълни институцията (предупреждение indicator-to-fill при проверката, не грешка)."),
            (M::LookNoIndicator { count }, En) => format!("{count} activities have no indicator in the document; the contributions leave the indicator blank for the institution to fill (an indicator-to-fill warning when checked, not an error)."),
            (M::LookNoDeadline { count: 1 }, Bg) => "1 дейност няма срок в документа; в приноса срокът е оставен празен, за да го попълни институцията (предупреждение deadline-to-fill при проверката, не грешка).".into(),
            (M::LookNoDeadline { count: 1 }, En) => "1 activity has no deadline in the document; the contribution leaves the deadline blank for the institution to fill (a deadline-to-fill warning when checked, not an error).".into(),
            (M::LookNoDeadline { count }, Bg) => format!("{count} дейности нямат срок в документа; в приносите срокът е оставен празен, за да го попълни институцията (предупреждение deadline-to-fill при проверката, не грешка)."),
            (M::LookNoDeadline { count }, En) => format!("{count} activities have no deadline in the document; the contributions leave the deadline blank for the institution to fill (a deadline-to-fill warning when checked, not an error)."),
            (M::LookNotPlaced { count }, Bg) => format!("{count} реда от таблиците не са поставени никъде; вижте листа „Редове“ на import-report.xlsx."),
            (M::LookNotPlaced { count }, En) => format!("{count} table rows are not placed anywhere; see the sheet \"Rows\" of import-report.xlsx."),
            // The deadline's own final dot ("2026 г.") ends the sentence too.
            (M::NoteOldDeadline { text }, Bg) => format!("Срок в предишната програма: {}.", text.trim_end_matches('.')),
            (M::NoteOldDeadline { text }, En) => format!("Deadline in the previous programme: {}.", text.trim_end_matches('.')),
            (M::NoteOldCode { code }, Bg) => format!("№ в предишната програма: {code}."),
            (M::NoteOldCode { code }, En) => format!("Number in the previous programme: {code}."),
            (M::Report(word), _) => word.render(lang).to_string(),
            (M::AtConfigLine { line }, Bg) => format!("programme.toml, ред {line}"),
            (M::AtConfigLine { line }, En) => format!("programme.toml, line {line}"),
            (M::AtRows { file, first, last }, Bg) if first == last => format!("{file}, ред {first}"),
            (M::AtRows { file, first, last }, En) if first == last => format!("{file}, row {first}"),
            (M::AtRows { file, first, last }, Bg) => format!("{file}, редове {first}–{last}"),
            (M::AtRows { file, first, last }, En) => format!("{file}, rows {first}–{last}"),
        }
    }
}
