//! Every problem a finding can report, defined once: its variant, stable code, severity,
//! whether it rejects the whole file, and its sentence in Bulgarian and in English (spec:
//! template.md, "Findings"). The [`problems!`] table below generates [`Problem`] and its
//! methods from one entry per problem, so a new problem cannot compile without all five.

use serde::Serialize;

use super::{Lang, group, reading, too_large};
use crate::read::TooLarge;
use crate::system::SystemError;

/// The most characters of a text a finding quotes from the file.
pub const QUOTE_LIMIT: usize = 300;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The row, or the file, cannot be used.
    Error,
    /// Used, but worth fixing.
    Warning,
}

/// What a problem makes unusable when it is an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    /// The whole file: nothing of it is merged.
    File,
    /// A part: a cell, a row or a field (an error rejects its row).
    Part,
}

/// Writes [`Problem`] and its `code`, `severity`, `rejects_file` and `message` from one
/// table: `Variant { fields } => "code", Severity, Scope, bg: sentence, en: sentence;`.
/// A sentence is an expression over the variant's fields (bound by reference).
macro_rules! problems {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident $({ $($field:ident : $ty:ty),* $(,)? })?
            => $code:literal, $severity:ident, $scope:ident,
            bg: $bg:expr,
            en: $en:expr;
    )*) => {
        /// What is wrong. Each variant has a stable kebab-case [`Problem::code`].
        #[derive(Clone, Debug, PartialEq)]
        pub enum Problem {
            $( $(#[doc = $doc])* $name $({ $(#[allow(missing_docs)] $field: $ty),* })?, )*
        }

        impl Problem {
            /// The stable identifier of the problem, kebab-case English.
            ///
            /// # Examples
            ///
            /// ```
            /// use zakrila::catalogue::Problem;
            /// assert_eq!(Problem::MissingTarget.code(), "missing-target");
            /// ```
            pub fn code(&self) -> &'static str {
                match self {
                    $( Problem::$name { .. } => $code, )*
                }
            }

            /// How bad the problem is.
            ///
            /// # Examples
            ///
            /// ```
            /// use zakrila::catalogue::{Problem, Severity};
            /// assert_eq!(Problem::MissingTarget.severity(), Severity::Warning);
            /// assert_eq!(Problem::NotASpreadsheet.severity(), Severity::Error);
            /// ```
            pub fn severity(&self) -> Severity {
                match self {
                    $( Problem::$name { .. } => Severity::$severity, )*
                }
            }

            /// Whether the problem makes the whole file unusable (as opposed to one row or
            /// cell).
            pub fn rejects_file(&self) -> bool {
                match self {
                    $( Problem::$name { .. } => Scope::$scope == Scope::File, )*
                }
            }

            /// The sentence for the user in `lang`: what is wrong and what to write instead.
            ///
            /// # Examples
            ///
            /// ```
            /// use zakrila::catalogue::{Lang, Problem};
            /// let problem = Problem::InvalidEmail { value: "m.petrova@".into() };
            /// assert!(problem.message(Lang::En).starts_with("\"m.petrova@\" is not a valid e-mail"));
            /// ```
            #[allow(unused_variables)]
            pub fn message(&self, lang: Lang) -> String {
                match lang {
                    Lang::Bg => match self {
                        $( Problem::$name $({ $($field),* })? => String::from($bg), )*
                    },
                    Lang::En => match self {
                        $( Problem::$name $({ $($field),* })? => String::from($en), )*
                    },
                }
            }
        }
    };
}

problems! {

    // The file as a whole.
    /// The file cannot be opened at all (missing, no permission, open in another program).
    FileUnreadable { reason: SystemError }
        => "file-unreadable", Error, File,
        bg: format!("Файлът не може да бъде отворен: {}.", reading(reason.trouble, Lang::Bg)),
        en: format!("The file cannot be opened: {}.", reading(reason.trouble, Lang::En));
    /// The file is empty (0 bytes).
    EmptyFile
        => "empty-file", Error, File,
        bg: "Файлът е празен (0 байта) — вероятно не е записан или изпратен докрай; запишете го отново и го изпратете пак.",
        en: "The file is empty (0 bytes) — probably not saved or sent completely; save it again and send it again.";
    /// The bytes are not a spreadsheet of any kind zakrila reads.
    NotASpreadsheet
        => "not-a-spreadsheet", Error, File,
        bg: "Файлът не е електронна таблица (.xlsx, .xls или .ods); запишете приноса от Excel или LibreOffice като .xlsx.",
        en: "The file is not a spreadsheet (.xlsx, .xls or .ods); save the contribution from Excel or LibreOffice as .xlsx.";
    /// The workbook is encrypted with a password.
    PasswordProtected
        => "password-protected", Error, File,
        bg: "Файлът е защитен с парола; махнете паролата (Файл → Информация → Защита) и го изпратете отново.",
        en: "The workbook is protected with a password; remove the password and send it again.";
    /// The spreadsheet is damaged or cut off; `detail` is the reader's description, for
    /// `--verbose`.
    DamagedFile { detail: String }
        => "damaged-file", Error, File,
        bg: "Файлът е повреден или непълен (например изпратен или изтеглен наполовина) и не може да бъде прочетен; вземете го отново, а ако и той е такъв — отворете го в Excel или LibreOffice и го запишете отново като .xlsx.",
        en: "The file is damaged or incomplete (sent or downloaded only in part, for example) and cannot be read; get it again, and if that one is the same, open it in Excel or LibreOffice and save it again as .xlsx.";
    /// The file, or what it unpacks to, is over a size limit (limits.md).
    FileTooLarge { what: TooLarge }
        => "file-too-large", Error, File,
        bg: format!("Файлът не е прочетен: {}.", too_large(what, Lang::Bg)),
        en: format!("The file was not read: {}.", too_large(what, Lang::En));
    /// A sheet has more filled rows than the limit.
    TooManyRows { limit: u32 }
        => "too-many-rows", Error, File,
        bg: format!("Листът има повече от {} попълнени реда и не е прочетен; разделете таблицата на няколко файла.", group(u64::from(*limit), Lang::Bg)),
        en: format!("The sheet has more than {} filled rows and was not read; split the table into several files.", group(u64::from(*limit), Lang::En));
    /// zakrila itself failed on this file (a bug); the other files are read as usual.
    /// `detail` is what failed, in the program's words, for `--verbose`.
    InternalError { detail: String }
        => "internal-error", Error, File,
        bg: "zakrila не успя да прочете този файл поради грешка в самата програма; останалите файлове са прочетени. Изпратете файла на екипа на zakrila заедно с това, което показва „zakrila validate --verbose“ за него.",
        en: "zakrila failed on this file because of a bug in zakrila itself; the other files were read. Please send the file to the zakrila team with what \"zakrila validate --verbose\" shows for it.";
    /// A filled cell outside the table (right of its last header column, or beyond the
    /// grid): not read. `at` is its A1 reference, `text` the start of its value.
    CellOutsideTable { at: String, text: String }
        => "cell-outside-table", Warning, Part,
        bg: if text.is_empty() { format!("Клетка {at} е извън таблицата (вдясно от последната колона със заглавие или под последния ред на листа) и не се чете; преместете стойността ѝ в таблицата или я изтрийте.") } else { format!("Стойността „{text}“ в клетка {at} е извън таблицата (вдясно от последната колона със заглавие или под последния ред на листа) и не се чете; преместете я в таблицата или я изтрийте.") },
        en: if text.is_empty() { format!("Cell {at} is outside the table (right of its last headed column, or below the sheet's last row) and is not read; move its value into the table or delete it.") } else { format!("The value \"{text}\" in cell {at} is outside the table (right of its last headed column, or below the sheet's last row) and is not read; move it into the table or delete it.") };
    /// More findings than are listed for one file; the rest are counted.
    TooManyFindings { listed: usize, unlisted: usize }
        => "too-many-findings", Warning, Part,
        bg: format!("Файлът има още {} проблема освен изброените {}; поправете изброените и проверете файла отново.", group(*unlisted as u64, Lang::Bg), group(*listed as u64, Lang::Bg)),
        en: format!("The file has {} more problems besides the {} listed; fix the listed ones and check the file again.", group(*unlisted as u64, Lang::En), group(*listed as u64, Lang::En));
    /// More cells outside the table than are reported one by one.
    MoreCellsOutsideTable { count: u64 }
        => "cell-outside-table", Warning, Part,
        bg: format!("Още {} клетки извън таблицата (вдясно от последната колона със заглавие или под последния ред на листа) не се четат; преместете стойностите им в таблицата или ги изтрийте.", group(*count, Lang::Bg)),
        en: format!("{} more cells outside the table (right of its last headed column, or below the sheet's last row) are not read; move their values into the table or delete them.", group(*count, Lang::En));
    /// A cell longer than a spreadsheet cell can hold; read cut to 32,767 characters.
    CellTooLong { chars: usize }
        => "cell-too-long", Warning, Part,
        bg: format!("Текстът в клетката е {} знака, а една клетка побира най-много 32 767; прочетени са първите 32 767 знака — съкратете текста.", group(*chars as u64, Lang::Bg)),
        en: format!("The cell holds {} characters and a cell can hold at most 32,767; the first 32,767 were read — shorten the text.", group(*chars as u64, Lang::En));
    /// No sheet holds the activity table.
    NoActivitiesTable
        => "no-activities-table", Error, File,
        bg: "Няма лист с таблицата на дейностите (заглавен ред с „Приоритет“, „Цел“, „Дейност“…); попълнете шаблона на програмата.",
        en: "No sheet holds the activity table (a header row with \"Приоритет\", \"Цел\", \"Дейност\"…); fill in the programme's template.";
    /// The activity table is on a sheet with another name.
    ActivitiesSheetRenamed { expected: &'static str }
        => "activities-sheet-renamed", Warning, Part,
        bg: format!("Таблицата е прочетена от този лист, но в шаблона листът се казва „{expected}“; върнете името му."),
        en: format!("The table was read from this sheet, but in the template the sheet is called \"{expected}\"; rename it back.");
    /// The header row is not in row 1 (rows were inserted above it).
    HeaderNotInFirstRow
        => "header-not-in-first-row", Warning, Part,
        bg: "Заглавният ред не е на ред 1 (има вмъкнати редове над него); файлът е прочетен, но изтрийте редовете над заглавието.",
        en: "The header row is not row 1 (rows were inserted above it); the file was read, but delete the rows above the header.";
    /// A required column is missing; its rows cannot be read.
    MissingColumn { header: &'static str }
        => "missing-column", Error, File,
        bg: format!("Липсва задължителната колона „{header}“, затова редовете не могат да бъдат прочетени; добавете колоната със заглавие „{header}“."),
        en: format!("The required column \"{header}\" is missing, so no row can be read; add a column headed \"{header}\".");
    /// An optional column is missing; its values are taken as blank.
    MissingOptionalColumn { header: &'static str }
        => "missing-optional-column", Warning, Part,
        bg: format!("Липсва колоната „{header}“; стойностите ѝ се приемат за празни — добавете я, ако имате какво да впишете."),
        en: format!("The column \"{header}\" is missing; its values are taken as blank — add it if you have something to enter.");
    /// A column stands at another place than in the template.
    ColumnMoved { header: &'static str, expected: String }
        => "column-moved", Warning, Part,
        bg: format!("Колоната „{header}“ е преместена (в шаблона е колона {expected}); прочетена е по заглавието, но не разменяйте колоните."),
        en: format!("The column \"{header}\" has moved (it is column {expected} in the template); it was read by its header, but keep the template's order.");
    /// A column the template does not have; ignored.
    UnknownColumn { header: String }
        => "unknown-column", Warning, Part,
        bg: format!("Колоната „{header}“ не е от шаблона и не се чете; преместете съдържанието ѝ в „Бележка“."),
        en: format!("The column \"{header}\" is not in the template and is not read; move its content to \"Бележка\".");
    /// The same column twice; the first is read.
    DuplicateColumn { header: &'static str }
        => "duplicate-column", Warning, Part,
        bg: format!("Колоната „{header}“ се среща втори път и не се чете; оставете само една."),
        en: format!("The column \"{header}\" appears a second time and is not read; keep only one.");
    /// The file has no `_meta` sheet (made by hand or re-saved without it).
    MissingMeta
        => "missing-meta", Warning, Part,
        bg: "Файлът не е направен от шаблона на програмата (няма скрит лист „_meta“); прочетен е, но за следващия път използвайте изпратения шаблон.",
        en: "The file was not made from the programme's template (no hidden \"_meta\" sheet); it was read, but use the template you were sent next time.";
    /// `_meta` names another template.
    NotATemplate { template_id: String }
        => "not-a-template", Error, File,
        bg: format!("Файлът е шаблон от друг вид („{template_id}“), а не принос към програмата; изпратете попълнения шаблон на програмата."),
        en: format!("The file is another kind of template (\"{template_id}\"), not a programme contribution; send the filled programme template.");
    /// The file is the `import-report.xlsx` of `zakrila import`, not a contribution.
    ImportReport
        => "import-report", Warning, File,
        bg: "Това е отчетът на zakrila import (къде е отишъл всеки ред на документа), а не принос; не се чете и не се обединява.",
        en: "This is zakrila import's report (where each row of the document went), not a contribution; it is neither read nor merged.";
    /// `_meta` gives a template version zakrila does not know.
    UnknownTemplateVersion { version: String }
        => "unknown-template-version", Warning, Part,
        bg: format!("Шаблонът е версия „{version}“, а zakrila познава версия 1; файлът е прочетен, но поискайте актуалния шаблон."),
        en: format!("The template is version \"{version}\" and zakrila knows version 1; the file was read, but ask for the current template.");
    /// `_meta` belongs to another programme (municipality code or period).
    OtherProgramme { key: &'static str, found: String, expected: String }
        => "other-programme", Error, File,
        bg: format!("Файлът е направен от шаблона на друга програма ({key} е „{found}“, а трябва да е „{expected}“); попълнете шаблона на тази програма."),
        en: format!("The file was made from another programme's template ({key} is \"{found}\", expected \"{expected}\"); fill in this programme's template.");
    /// The template was made from an earlier version of the config.
    ConfigChanged
        => "config-changed", Warning, Part,
        bg: "Шаблонът е направен от по-стара версия на програмата (списъците може да са променени); файлът е прочетен, но за следващия път вземете новия шаблон.",
        en: "The template was made from an earlier version of the programme (its lists may have changed); the file was read, but take the new template next time.";
    /// The `Институция` sheet is missing.
    MissingInstitutionSheet
        => "missing-institution-sheet", Error, Part,
        bg: "Липсва листът „Институция“; добавете го от шаблона и попълнете институцията и лицето за контакт.",
        en: "The \"Институция\" sheet is missing; add it from the template and fill in the institution and the contact person.";
    /// The activity table has no data rows.
    NoRows
        => "no-rows", Warning, Part,
        bg: "Таблицата няма нито един попълнен ред; попълнете по един ред за всеки индикатор на всяка дейност.",
        en: "The table has no filled row; fill in one row for each indicator of each activity.";

    // The `Институция` sheet.
    /// No submitting institution: the file cannot be attributed.
    MissingInstitution
        => "missing-institution", Error, File,
        bg: "Не е посочена институцията, която подава файла, и той не може да бъде обединен; изберете я от списъка на лист „Институция“.",
        en: "The submitting institution is not given, so the file cannot be merged; choose it from the list on the \"Институция\" sheet.";
    /// The submitting institution is not configured.
    UnknownInstitution { name: String }
        => "unknown-institution", Error, File,
        bg: format!("Институцията „{name}“ не е от списъка на програмата и файлът не може да бъде обединен; изберете я от падащия списък."),
        en: format!("The institution \"{name}\" is not in the programme's list, so the file cannot be merged; choose it from the dropdown.");
    /// A required field of `Институция` is blank.
    MissingField { label: &'static str }
        => "missing-field", Error, Part,
        bg: format!("Полето „{label}“ е задължително; попълнете го."),
        en: format!("\"{label}\" is required; fill it in.");
    /// A required contact field of a contribution `zakrila import` pre-filled is still blank.
    ContactToFill { label: &'static str }
        => "contact-to-fill", Warning, Part,
        bg: format!("Полето „{label}“ е празно, защото файлът е попълнен от миналогодишната програма; институцията го попълва, преди да изпрати файла."),
        en: format!("\"{label}\" is blank because the file was pre-filled from last year's programme; the institution fills it in before sending the file.");
    /// The indicator of a contribution `zakrila import` pre-filled is blank: last year's
    /// programme has none for the activity.
    IndicatorToFill
        => "indicator-to-fill", Warning, Part,
        bg: "Индикаторът е празен, защото миналогодишната програма няма индикатор за тази дейност; институцията попълва измерим индикатор (напр. „Брой проведени кампании“) и целевата му стойност, преди да изпрати файла.",
        en: "The indicator is blank because last year's programme has none for this activity; the institution fills in a measurable indicator (e.g. \"Брой проведени кампании\") and its target value before sending the file.";
    /// The deadline of a contribution `zakrila import` pre-filled is blank: last year's
    /// programme has none for the activity.
    DeadlineToFill
        => "deadline-to-fill", Warning, Part,
        bg: "Срокът е празен, защото миналогодишната програма няма срок за тази дейност; институцията го попълва (напр. „2027 г.“ или „м. март 2027 г.“), преди да изпрати файла.",
        en: "The deadline is blank because last year's programme has none for this activity; the institution fills it in (e.g. \"2027 г.\" or \"м. март 2027 г.\") before sending the file.";
    /// The e-mail address is not valid.
    InvalidEmail { value: String }
        => "invalid-email", Error, Part,
        bg: format!("„{value}“ не е валиден имейл адрес; напишете го във вида ime@institucia.bg."),
        en: format!("\"{value}\" is not a valid e-mail address; write it as name@institution.bg.");
    /// The phone number is not a Bulgarian phone number.
    InvalidPhone { value: String }
        => "invalid-phone", Error, Part,
        bg: format!("„{value}“ не е български телефонен номер; напишете напр. 082 123 456 или +359 88 812 3456."),
        en: format!("\"{value}\" is not a Bulgarian phone number; write e.g. 082 123 456 or +359 88 812 3456.");
    /// The date of submission is not a date.
    InvalidDate { value: String }
        => "invalid-date", Warning, Part,
        bg: format!("„{value}“ не е дата; напишете датата във вида 15.03.2025."),
        en: format!("\"{value}\" is not a date; write the date as 15.03.2025.");

    // Cells of the activity table.
    /// A required cell is blank.
    MissingValue { header: &'static str }
        => "missing-value", Error, Part,
        bg: format!("Клетката „{header}“ е задължителна, а е празна; {}", missing_advice(header, Lang::Bg)),
        en: format!("\"{header}\" is required but blank; {}", missing_advice(header, Lang::En));
    /// The priority is not one of the programme's.
    UnknownPriority { value: String }
        => "unknown-priority", Error, Part,
        bg: format!("„{value}“ не е приоритет на програмата; изберете приоритета от падащия списък или напишете само номера му."),
        en: format!("\"{value}\" is not a priority of the programme; choose it from the dropdown or write only its number.");
    /// The goal is not one of the programme's.
    UnknownGoal { value: String }
        => "unknown-goal", Error, Part,
        bg: format!("„{value}“ не е цел на програмата; изберете целта от падащия списък или напишете само кода ѝ, напр. 1.2."),
        en: format!("\"{value}\" is not a goal of the programme; choose it from the dropdown or write only its code, e.g. 1.2.");
    /// The goal belongs to another priority than the row's.
    GoalNotInPriority { goal: String, priority: u32 }
        => "goal-not-in-priority", Error, Part,
        bg: format!("Целта {goal} не е от приоритет {priority}; изберете цел с код, започващ с „{priority}.“, или поправете приоритета."),
        en: format!("Goal {goal} is not under priority {priority}; choose a goal whose code starts with \"{priority}.\", or correct the priority.");
    /// The activity code does not start with the row's goal code.
    ActivityCodeMismatch { code: String, goal: String }
        => "activity-code-mismatch", Warning, Part,
        bg: format!("Номерът на дейност „{code}“ не започва с кода на целта {goal}; напишете {goal}.1, {goal}.2… или оставете клетката празна."),
        en: format!("The activity number \"{code}\" does not start with the goal code {goal}; write {goal}.1, {goal}.2… or leave the cell blank.");
    /// The same activity code is used by another activity of the file.
    DuplicateActivityCode { code: String, first_row: u32 }
        => "duplicate-activity-code", Warning, Part,
        bg: format!("Номерът „{code}“ вече е използван за друга дейност на ред {first_row}; дайте на тази дейност следващия свободен номер."),
        en: format!("The number \"{code}\" is already used by another activity on row {first_row}; give this activity the next free number.");
    /// The deadline text is not in any known form.
    DeadlineNotUnderstood { text: String }
        => "deadline-not-understood", Warning, Part,
        bg: format!("Срокът „{text}“ не е разпознат и се приема за целия период на програмата; напишете напр. „2025 г.“, „м. март 2025 г.“ или „до 30.06.2026 г.“."),
        en: format!("The deadline \"{text}\" is not understood and counts as the whole programme period; write e.g. \"2025 г.\", \"м. март 2025 г.\" or \"до 30.06.2026 г.\".");
    /// "при необходимост", "съгласно графика": no real deadline.
    DeadlineVague { text: String }
        => "deadline-vague", Warning, Part,
        bg: format!("„{text}“ не е истински срок и се приема за целия период; ако може, посочете месец или година."),
        en: format!("\"{text}\" is no real deadline and counts as the whole period; give a month or a year if you can.");
    /// The deadline lies wholly outside the programme period.
    DeadlineOutsidePeriod { text: String, period: String }
        => "deadline-outside-period", Error, Part,
        bg: format!("Срокът „{text}“ е извън периода на програмата ({period}); напишете срок в този период."),
        en: format!("The deadline \"{text}\" lies outside the programme period ({period}); write a deadline within it.");
    /// The deadline starts before or ends after the programme period.
    DeadlinePartlyOutsidePeriod { text: String, period: String }
        => "deadline-partly-outside-period", Warning, Part,
        bg: format!("Срокът „{text}“ излиза отчасти извън периода на програмата ({period}); съкратете го до периода."),
        en: format!("The deadline \"{text}\" runs partly outside the programme period ({period}); shorten it to the period.");
    /// A number written as text; read as `value`.
    NumberAsText { text: String, value: String }
        => "number-as-text", Warning, Part,
        bg: format!("„{text}“ е записано като текст и е прочетено като {value}; пишете само числото, а валутата — в колона „Валута“."),
        en: format!("\"{text}\" is stored as text and was read as {value}; write only the number, and the currency in the \"Валута\" column.");
    /// A reported value or spent budget written as text; read as `value`.
    ValueAsText { text: String, value: String }
        => "number-as-text", Warning, Part,
        bg: format!("„{text}“ е записано като текст и е прочетено като {value}; пишете само числото."),
        en: format!("\"{text}\" is stored as text and was read as {value}; write only the number.");
    /// Text that is no number in a reported value or spent budget.
    ValueNotANumber { text: String }
        => "not-a-number", Error, Part,
        bg: format!("„{text}“ не е число; напишете само числото (напр. 12,5), а обясненията — в „Коментар“."),
        en: format!("\"{text}\" is not a number; write only the number (e.g. 12.5), and explanations in \"Коментар\".");
    /// Text that is no number in a number column.
    NotANumber { text: String }
        => "not-a-number", Error, Part,
        bg: format!("„{text}“ не е число; напишете само числото (напр. 60997,40), а обясненията — в „Пояснение за финансирането“ или „Бележка“."),
        en: format!("\"{text}\" is not a number; write only the number (e.g. 60997.40), and explanations in \"Пояснение за финансирането\" or \"Бележка\".");
    /// A negative budget.
    NegativeBudget { value: String }
        => "negative-budget", Error, Part,
        bg: format!("Бюджетът {value} е отрицателен; напишете сума, не по-малка от 0."),
        en: format!("The budget {value} is negative; write an amount of at least 0.");
    /// A formula error value (#REF!, #DIV/0! …).
    FormulaError { value: String }
        => "formula-error", Error, Part,
        bg: format!("Клетката съдържа грешка от формула ({value}); поправете формулата или напишете стойността."),
        en: format!("The cell holds a formula error ({value}); fix the formula or type the value.");
    /// No target value.
    MissingTarget
        => "missing-target", Warning, Part,
        bg: "Няма целева стойност; напишете числото, което дейността трябва да постигне — по него се отчита изпълнението.",
        en: "There is no target value; write the number the activity should reach — it is what the implementation is measured against.";
    /// No funding source.
    MissingFundingSource
        => "missing-funding-source", Warning, Part,
        bg: "Не е посочен източник на финансиране; изберете го от списъка (напр. „Бюджет на отговорната институция“).",
        en: "No funding source is given; choose one from the list (e.g. \"Бюджет на отговорната институция\").";
    /// A funding source not in the programme's list; kept as written.
    UnknownFundingSource { value: String }
        => "unknown-funding-source", Warning, Part,
        bg: format!("„{value}“ не е от списъка на източниците на финансиране; изберете от списъка, а подробностите напишете в „Пояснение за финансирането“."),
        en: format!("\"{value}\" is not in the list of funding sources; choose from the list and put details in \"Пояснение за финансирането\".");
    /// A unit not in the template's list; kept as written.
    UnknownUnit { value: String }
        => "unknown-unit", Warning, Part,
        bg: format!("„{value}“ не е мерна единица от списъка; изберете брой, %, EUR, BGN, часа, дни или друго."),
        en: format!("\"{value}\" is not a unit from the list; choose брой, %, EUR, BGN, часа, дни or друго.");
    /// A currency other than EUR or BGN.
    UnknownCurrency { value: String }
        => "unknown-currency", Error, Part,
        bg: format!("„{value}“ не е валута; напишете EUR или BGN."),
        en: format!("\"{value}\" is not a currency; write EUR or BGN.");
    /// The amount's own currency word disagrees with the currency column.
    CurrencyConflict { written: String, column: String }
        => "currency-conflict", Error, Part,
        bg: format!("Сумата е в {written}, а в колона „Валута“ пише {column}; оставете само числото в „Бюджет“ и вярната валута в „Валута“."),
        en: format!("The amount says {written} but the \"Валута\" column says {column}; keep only the number in \"Бюджет\" and the right currency in \"Валута\".");
    /// The lead institution is not configured.
    UnknownLead { name: String }
        => "unknown-lead", Error, Part,
        bg: format!("„{name}“ не е институция от списъка на програмата; изберете водещата институция от падащия списък."),
        en: format!("\"{name}\" is not an institution of the programme; choose the lead institution from the dropdown.");
    /// Several institutions in the lead cell.
    SeveralLeads { count: usize }
        => "several-leads", Warning, Part,
        bg: format!("Посочени са {count} водещи институции; оставете една водеща, а останалите преместете в „Партньори“."),
        en: format!("{count} lead institutions are given; keep one lead and move the others to \"Партньори\".");
    /// A partner that is not configured; kept as written.
    UnknownPartner { name: String }
        => "unknown-partner", Warning, Part,
        bg: format!("Партньорът „{name}“ не е в списъка на институциите и е запазен както е написан; проверете изписването или го разделете с „;“ от съседните имена."),
        en: format!("The partner \"{name}\" is not in the list of institutions and is kept as written; check the spelling or separate it from neighbouring names with \";\".");
    /// Several indicators in one cell, split into `count` indicators.
    IndicatorsSplit { count: usize }
        => "indicators-split", Warning, Part,
        bg: format!("В клетката има {count} индикатора и те са разделени; пишете всеки индикатор на отделен ред със свои стойности."),
        en: format!("The cell holds {count} indicators and they were split; put each indicator on its own row with its own values.");
    /// A code the spreadsheet turned into a date ("1.2.3" → 01.02.2003); read as `read_as`.
    CodeAsDate { read_as: String }
        => "code-read-as-date", Warning, Part,
        bg: format!("Електронната таблица е превърнала кода в дата; прочетен е като „{read_as}“ — форматирайте колоната като текст (Формат на клетки → Текст) и го напишете отново."),
        en: format!("The spreadsheet turned the code into a date; it was read as \"{read_as}\" — format the column as text and type it again.");
    /// The header again below it (a table pasted from a document that repeats its header
    /// on every page), or the row of column numbers: skipped.
    RepeatedHeaderRow { row: u32 }
        => "repeated-header-row", Warning, Part,
        bg: format!("Ред {row} повтаря заглавния ред на таблицата (надписите на колоните или номерата им) и не е дейност; пропуснат е — изтрийте го, ако искате."),
        en: format!("Row {row} repeats the table's header (the column labels or their numbers) and is no activity; it was skipped — delete it if you like.");
    /// A subtotal row („Общо за приоритета …“): skipped.
    SubtotalRow { row: u32, text: String }
        => "subtotal-row", Warning, Part,
        bg: format!("Ред {row} („{text}“) е междинен сбор, а не дейност; пропуснат е — zakrila сама сумира бюджетите в обобщението на програмата."),
        en: format!("Row {row} (\"{text}\") is a subtotal, not an activity; it was skipped — zakrila adds up the budgets itself in the programme's summary.");
    /// A title across the table („Приоритет 2: …“ in merged cells): skipped; a priority or
    /// goal it names is filled down to the rows under it.
    TitleRow { row: u32, text: String }
        => "title-row", Warning, Part,
        bg: format!("Ред {row} („{text}“) е заглавие през цялата таблица, а не дейност; пропуснат е — приоритетът и целта се пишат в колоните им на всеки ред."),
        en: format!("Row {row} (\"{text}\") is a title across the table, not an activity; it was skipped — write the priority and goal in their columns on each row.");
    /// A cell of a continuation row that differs from its activity and is not used.
    ContinuationDiffers { header: &'static str }
        => "continuation-differs", Warning, Part,
        bg: format!("Този ред е още един индикатор на дейността отгоре, а „{header}“ се различава от нейния и не се използва; за отделна дейност попълнете „Дейност“."),
        en: format!("This row is one more indicator of the activity above, and its \"{header}\" differs from the activity's and is not used; fill in \"Дейност\" for a separate activity.");
    /// `merge`: the same activity (same goal and text) came from another file too; united.
    DuplicateActivity { other_file: String, other_row: u32 }
        => "duplicate-activity", Warning, Part,
        bg: format!("Същата дейност е подадена и в „{other_file}“, ред {other_row}; двете са обединени в една дейност с всички индикатори и водещи институции."),
        en: format!("The same activity also comes from \"{other_file}\", row {other_row}; the two are united into one activity with all indicators and leads.");

    // Reporting workbooks (`report collect`).
    /// No sheet holds the report table.
    NoReportTable
        => "no-report-table", Error, File,
        bg: "Няма лист „Отчет“ с таблицата на индикаторите; попълнете отчета, изпратен от комисията.",
        en: "No \"Отчет\" sheet with the indicator table; fill in the report the commission sent.";
    /// The report was made from another version of the programme workbook.
    ProgrammeChanged
        => "programme-changed", Warning, Part,
        bg: "Отчетът е направен от друга версия на програмата; редовете са свързани по номер на дейност, но проверете, че отчитате актуалната програма.",
        en: "The report was made from another version of the programme; rows were matched by activity number, but check that you report on the current programme.";
    /// A second report from the same institution; the first one is used.
    DuplicateReport { first_file: String }
        => "duplicate-report", Error, File,
        bg: format!("Тази институция вече е изпратила отчет „{first_file}“; използван е той, а този е пропуснат — изпратете един отчет с всички индикатори."),
        en: format!("This institution already sent the report \"{first_file}\"; that one is used and this one skipped — send one report with all indicators.");
    /// A row whose indicator is not among the institution's indicators of the programme.
    UnknownReportRow { activity: String, indicator: String }
        => "unknown-report-row", Error, Part,
        bg: format!("Редът ({activity}, „{indicator}“) не е индикатор на вашата институция в програмата; не добавяйте редове — отчитайте само изпратените."),
        en: format!("The row ({activity}, \"{indicator}\") is not one of your institution's indicators in the programme; do not add rows — report only those sent.");
    /// A status that is not one of the list.
    UnknownStatus { value: String }
        => "unknown-status", Error, Part,
        bg: format!("„{value}“ не е статус от списъка; изберете Изпълнена, Частично изпълнена, Неизпълнена, В процес или Отпада."),
        en: format!("\"{value}\" is not a status from the list; choose Изпълнена, Частично изпълнена, Неизпълнена, В процес or Отпада.");
}

impl Problem {
    /// The texts the problem quotes from the file (cell values, names, details), to be
    /// kept short: a finding quotes, it does not copy. Every variant is listed, so a new
    /// one cannot forget its texts.
    fn quotes_mut(&mut self) -> Vec<&mut String> {
        use Problem as P;
        match self {
            P::FileUnreadable { reason } => vec![&mut reason.detail],
            P::EmptyFile => Vec::new(),
            P::NotASpreadsheet => Vec::new(),
            P::PasswordProtected => Vec::new(),
            P::DamagedFile { detail } => vec![detail],
            P::FileTooLarge { .. } => Vec::new(),
            P::TooManyRows { .. } => Vec::new(),
            P::InternalError { detail } => vec![detail],
            P::CellOutsideTable { at, text } => vec![at, text],
            P::MoreCellsOutsideTable { .. } => Vec::new(),
            P::TooManyFindings { .. } => Vec::new(),
            P::CellTooLong { .. } => Vec::new(),
            P::NoActivitiesTable => Vec::new(),
            P::ActivitiesSheetRenamed { .. } => Vec::new(),
            P::HeaderNotInFirstRow => Vec::new(),
            P::MissingColumn { .. } => Vec::new(),
            P::MissingOptionalColumn { .. } => Vec::new(),
            P::ColumnMoved { expected, .. } => vec![expected],
            P::UnknownColumn { header } => vec![header],
            P::DuplicateColumn { .. } => Vec::new(),
            P::MissingMeta => Vec::new(),
            P::ImportReport => Vec::new(),
            P::NotATemplate { template_id } => vec![template_id],
            P::UnknownTemplateVersion { version } => vec![version],
            P::OtherProgramme {
                found, expected, ..
            } => vec![found, expected],
            P::ConfigChanged => Vec::new(),
            P::MissingInstitutionSheet => Vec::new(),
            P::NoRows => Vec::new(),
            P::MissingInstitution => Vec::new(),
            P::UnknownInstitution { name } => vec![name],
            P::MissingField { .. } => Vec::new(),
            P::ContactToFill { .. } => Vec::new(),
            P::IndicatorToFill => Vec::new(),
            P::DeadlineToFill => Vec::new(),
            P::InvalidEmail { value } => vec![value],
            P::InvalidPhone { value } => vec![value],
            P::InvalidDate { value } => vec![value],
            P::MissingValue { .. } => Vec::new(),
            P::UnknownPriority { value } => vec![value],
            P::UnknownGoal { value } => vec![value],
            P::GoalNotInPriority { goal, .. } => vec![goal],
            P::ActivityCodeMismatch { code, goal } => vec![code, goal],
            P::DuplicateActivityCode { code, .. } => vec![code],
            P::DeadlineNotUnderstood { text } => vec![text],
            P::DeadlineVague { text } => vec![text],
            P::DeadlineOutsidePeriod { text, period } => vec![text, period],
            P::DeadlinePartlyOutsidePeriod { text, period } => vec![text, period],
            P::NumberAsText { text, value } | P::ValueAsText { text, value } => vec![text, value],
            P::NotANumber { text } | P::ValueNotANumber { text } => vec![text],
            P::NegativeBudget { value } => vec![value],
            P::FormulaError { value } => vec![value],
            P::MissingTarget => Vec::new(),
            P::MissingFundingSource => Vec::new(),
            P::UnknownFundingSource { value } => vec![value],
            P::UnknownUnit { value } => vec![value],
            P::UnknownCurrency { value } => vec![value],
            P::CurrencyConflict { written, column } => vec![written, column],
            P::UnknownLead { name } => vec![name],
            P::SeveralLeads { .. } => Vec::new(),
            P::UnknownPartner { name } => vec![name],
            P::IndicatorsSplit { .. } => Vec::new(),
            P::CodeAsDate { read_as } => vec![read_as],
            P::ContinuationDiffers { .. } => Vec::new(),
            P::RepeatedHeaderRow { .. } => Vec::new(),
            P::SubtotalRow { text, .. } | P::TitleRow { text, .. } => vec![text],
            P::DuplicateActivity { other_file, .. } => vec![other_file],
            P::NoReportTable => Vec::new(),
            P::ProgrammeChanged => Vec::new(),
            P::DuplicateReport { first_file } => vec![first_file],
            P::UnknownReportRow {
                activity,
                indicator,
            } => vec![activity, indicator],
            P::UnknownStatus { value } => vec![value],
        }
    }

    /// The system's or the reader's own words about a file that could not be read (English,
    /// mostly), for `--verbose`: never part of [`Problem::message`].
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::catalogue::{Lang, Problem};
    /// let problem = Problem::DamagedFile { detail: "invalid Zip archive".into() };
    /// assert_eq!(problem.detail(), Some("invalid Zip archive"));
    /// assert!(!problem.message(Lang::Bg).contains("Zip"));
    /// ```
    pub fn detail(&self) -> Option<&str> {
        match self {
            Problem::FileUnreadable { reason } => Some(reason.detail.as_str()),
            Problem::DamagedFile { detail } | Problem::InternalError { detail } => {
                Some(detail.as_str())
            }
            _ => None,
        }
    }

    /// The problem with every quoted text cut to [`QUOTE_LIMIT`] characters.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::model::findings::{Problem, QUOTE_LIMIT};
    /// let problem = Problem::UnknownPriority { value: "я".repeat(10_000) };
    /// let Problem::UnknownPriority { value } = problem.with_short_quotes() else { unreachable!() };
    /// assert_eq!(value.chars().count(), QUOTE_LIMIT + 1); // and "…"
    /// ```
    pub fn with_short_quotes(mut self) -> Problem {
        for text in self.quotes_mut() {
            if let Some((cut, _)) = text.char_indices().nth(QUOTE_LIMIT) {
                text.truncate(cut);
                text.push('…');
            }
        }
        self
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
