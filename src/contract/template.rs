//! The agreed template layout (spec: template.md, "The workbook"): sheet names, the columns
//! of `Дейности`, the labels of `Институция` and the keys of `_meta`.
//!
//! Both the template writer and the readers take their names from here, so the contract is
//! written down once.

/// The first sheet of a marked-up copy (`validate --annotate`): every finding, linked to
/// its cell.
pub const SHEET_CHECK: &str = "Проверка";

/// Sheet with the instructions.
pub const SHEET_GUIDE: &str = "Указания";
/// Sheet with the submitting institution's details.
pub const SHEET_INSTITUTION: &str = "Институция";
/// Sheet with the activity table.
pub const SHEET_ACTIVITIES: &str = "Дейности";
/// Hidden sheet holding the dropdown lists.
pub const SHEET_LISTS: &str = "Списъци";
/// Very hidden sheet with machine-readable facts about the template.
pub const SHEET_META: &str = "_meta";

/// `_meta` value of `template_id` for a programme template.
pub const TEMPLATE_ID: &str = "zakrila-programme";
/// `_meta` value of `template_version`: the version of this contract.
pub const TEMPLATE_VERSION: &str = "1";

/// The `_meta` keys, in the order they are written.
pub const META_KEYS: [&str; 6] = [
    "template_id",
    "template_version",
    "municipality_code",
    "period_start",
    "period_end",
    "config_sha256",
];

/// `_meta` key that marks a contribution `zakrila import` pre-filled from last year's programme
/// document; its value is [`PREFILLED_BY`]. The contact person and e-mail on `Институция` of
/// such a file are the institution's to fill, so their absence is a warning, not an error.
pub const META_PREFILLED: &str = "prefilled_by";
/// `_meta` value of [`META_PREFILLED`].
pub const PREFILLED_BY: &str = "zakrila import";

/// `_meta` value of `template_id` in the `import-report.xlsx` that `zakrila import` writes
/// beside the contributions: `validate DIR/` recognises it instead of calling it broken.
pub const IMPORT_REPORT_ID: &str = "zakrila-import-report";

/// What a column's cells are checked against in the template.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Entry {
    /// Free text; only an input message.
    Text,
    /// A dropdown from one of the lists on `Списъци`.
    List(ListKind),
    /// A number, with the smallest allowed value when there is one.
    Number {
        /// The smallest value allowed.
        min: Option<f64>,
    },
}

/// The dropdown lists kept on the hidden `Списъци` sheet, in column order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListKind {
    /// "N. title" of every priority.
    Priorities,
    /// "code. title" of every goal.
    Goals,
    /// Canonical institution names.
    Institutions,
    /// Funding sources.
    FundingSources,
    /// Units of measure.
    Units,
    /// EUR and BGN.
    Currencies,
}

impl ListKind {
    /// All lists, in their column order on `Списъци` (A, B, …).
    pub const ALL: [ListKind; 6] = [
        ListKind::Priorities,
        ListKind::Goals,
        ListKind::Institutions,
        ListKind::FundingSources,
        ListKind::Units,
        ListKind::Currencies,
    ];

    /// The header of the list's column on `Списъци`.
    pub fn header(self) -> &'static str {
        match self {
            ListKind::Priorities => "Приоритети",
            ListKind::Goals => "Цели",
            ListKind::Institutions => "Институции",
            ListKind::FundingSources => "Източници на финансиране",
            ListKind::Units => "Мерни единици",
            ListKind::Currencies => "Валути",
        }
    }

    /// The 0-based column of the list on `Списъци`: its place in [`ListKind::ALL`].
    pub fn column(self) -> u16 {
        match self {
            ListKind::Priorities => 0,
            ListKind::Goals => 1,
            ListKind::Institutions => 2,
            ListKind::FundingSources => 3,
            ListKind::Units => 4,
            ListKind::Currencies => 5,
        }
    }
}

/// One column of the `Дейности` table.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// The header, exactly as the contract gives it.
    pub header: &'static str,
    /// The stable English key of the field (template.md "key").
    pub key: &'static str,
    /// Whether a row needs a value here.
    pub required: bool,
    /// What the template checks the cells against.
    pub entry: Entry,
    /// Column width in Excel character units.
    pub width: f64,
    /// Title of the input message (Excel allows 32 characters).
    pub input_title: &'static str,
    /// The input message shown when a cell is selected (Excel allows 255 characters).
    pub input_message: &'static str,
    /// The paragraph about the column on `Указания`.
    pub guide: &'static str,
}

/// The columns of `Дейности`, A to Q, in contract order.
pub const COLUMNS: [Column; 17] = [
    Column {
        header: "Приоритет",
        key: "priority",
        required: true,
        entry: Entry::List(ListKind::Priorities),
        width: 32.0,
        input_title: "Приоритет",
        input_message: "Изберете приоритета от списъка. Може да напишете и само номера му, напр. 1. Празна клетка приема стойността от реда отгоре.",
        guide: "Изберете приоритета от падащия списък (във вида „1. Заглавие“) или напишете само номера му. Ако клетката е празна, важи приоритетът от реда отгоре, затова не е нужно да го повтаряте за всяка дейност.",
    },
    Column {
        header: "Цел",
        key: "goal",
        required: true,
        entry: Entry::List(ListKind::Goals),
        width: 40.0,
        input_title: "Цел",
        input_message: "Изберете целта от списъка (тя трябва да е от избрания приоритет). Може да напишете и само кода ѝ, напр. 1.2. Празна клетка приема стойността от реда отгоре.",
        guide: "Изберете целта от падащия списък (във вида „1.2. Заглавие“) или напишете само кода ѝ. Целта трябва да принадлежи на приоритета от колона A. Празна клетка приема целта от реда отгоре.",
    },
    Column {
        header: "№ на дейност",
        key: "activity_code",
        required: false,
        entry: Entry::Text,
        width: 12.0,
        input_title: "№ на дейност",
        input_message: "По желание: кодът на целта, точка и пореден номер, напр. 1.2.3. Може да остане празно: при обединяването дейностите се номерират наново.",
        guide: "По желание. Кодът на целта, точка и пореден номер, напр. „1.2.3“ за третата дейност по цел 1.2. Може да остане празно — при обединяването на програмата всички дейности се номерират наново, а вашият номер се пази за справка.",
    },
    Column {
        header: "Дейност",
        key: "activity",
        required: true,
        entry: Entry::Text,
        width: 50.0,
        input_title: "Дейност",
        input_message: "Задължително. Опишете дейността с едно-две изречения. За второ, трето… измерение на същата дейност оставете тази клетка празна и попълнете само Индикатор на следващия ред.",
        guide: "Задължително. Кратко описание на дейността. Една дейност може да има няколко индикатора: попълнете първия на реда на дейността, а всеки следващ — на нов ред, като оставите „№ на дейност“ и „Дейност“ празни.",
    },
    Column {
        header: "Срок",
        key: "deadline",
        required: true,
        entry: Entry::Text,
        width: 18.0,
        input_title: "Срок",
        input_message: "Задължително. Напр.: 2025 г.; 2025 г.-2026 г.; м. март 2025 г.; I тримесечие 2026 г.; учебната 2025/2026 г.; до 30.06.2026 г.; 15.09.2025; целогодишно.",
        guide: "Задължително. Срокът може да е дата или текст: година („2025 г.“), период от години („2025 г.-2026 г.“), месец („м. март 2025 г.“), период от месеци („юни – ноември 2025 г.“), ден („15.09.2025“), тримесечие или полугодие („I тримесечие 2026 г.“), учебна година („учебната 2025/2026 г.“), „до 30.06.2026 г.“ или „целогодишно“. Срокът трябва да е в периода на програмата. „При необходимост“ и „съгласно графика“ се приемат, но с предупреждение, защото не са истински срок.",
    },
    Column {
        header: "Очакван резултат",
        key: "expected_result",
        required: false,
        entry: Entry::Text,
        width: 35.0,
        input_title: "Очакван резултат",
        input_message: "По желание: какво ще се промени за децата след дейността.",
        guide: "По желание. Какъв ефект очаквате от дейността, напр. „Повишена информираност на родителите“.",
    },
    Column {
        header: "Индикатор",
        key: "indicator",
        required: true,
        entry: Entry::Text,
        width: 45.0,
        input_title: "Индикатор",
        input_message: "Задължително. Един индикатор на ред, напр. „Брой обхванати деца“. За още индикатори на същата дейност използвайте следващите редове.",
        guide: "Задължително. Един индикатор на ред, напр. „Брой обхванати деца“. Не пишете няколко индикатора в една клетка: всеки следващ индикатор на същата дейност е на нов ред с празни „№ на дейност“ и „Дейност“. Числата пишете в колоните за стойности, а не в текста на индикатора.",
    },
    Column {
        header: "Мерна единица",
        key: "unit",
        required: false,
        entry: Entry::List(ListKind::Units),
        width: 12.0,
        input_title: "Мерна единица",
        input_message: "Изберете от списъка. Ако е празно и индикаторът започва с „Брой“, единицата е „брой“.",
        guide: "По желание. Изберете от списъка (брой, %, EUR, BGN, часа, дни, друго). Ако е празно и индикаторът започва с „Брой“, се приема „брой“.",
    },
    Column {
        header: "Текуща стойност",
        key: "baseline",
        required: false,
        entry: Entry::Number { min: None },
        width: 12.0,
        input_title: "Текуща стойност",
        input_message: "По желание: число — стойността на индикатора сега, напр. 120 или 12,5. Без текст и мерни единици.",
        guide: "По желание. Стойността на индикатора в началото на програмата — само число, напр. 120 или 12,5.",
    },
    Column {
        header: "Целева стойност",
        key: "target",
        required: false,
        entry: Entry::Number { min: None },
        width: 12.0,
        input_title: "Целева стойност",
        input_message: "Препоръчително: число — стойността, която искате да постигнете, напр. 150. Без текст и мерни единици.",
        guide: "Препоръчително (празната клетка дава предупреждение). Стойността, която дейността трябва да постигне до края на срока — само число. По нея се отчита изпълнението след година.",
    },
    Column {
        header: "Бюджет",
        key: "budget",
        required: false,
        entry: Entry::Number { min: Some(0.0) },
        width: 14.0,
        input_title: "Бюджет",
        input_message: "По желание: сума без валута, напр. 60997,40. Валутата се избира в колона „Валута“. Ако няма сума, оставете празно и попълнете източника на финансиране.",
        guide: "По желание. Сумата, предвидена за дейността — само число, напр. 60997,40, без „лв.“ или „евро“. Ако финансирането е „в рамките на бюджета на институцията“, оставете сумата празна и изберете източник на финансиране.",
    },
    Column {
        header: "Валута",
        key: "currency",
        required: false,
        entry: Entry::List(ListKind::Currencies),
        width: 9.0,
        input_title: "Валута",
        input_message: "EUR или BGN. Празно означава валутата на програмата.",
        guide: "По желание. EUR или BGN (приемат се и „лв.“, „лева“, „евро“, „€“). Празна клетка означава валутата на програмата. Всяка сума пази своята валута; сборовете се показват в евро по курс 1,95583 лв. за евро.",
    },
    Column {
        header: "Източник на финансиране",
        key: "funding_source",
        required: false,
        entry: Entry::List(ListKind::FundingSources),
        width: 28.0,
        input_title: "Източник на финансиране",
        input_message: "Препоръчително: изберете източника от списъка. Подробности (проект, програма, дарител) пишете в следващата колона.",
        guide: "Препоръчително (празната клетка дава предупреждение). Изберете от списъка, напр. „Общински бюджет“ или „Бюджет на отговорната институция“.",
    },
    Column {
        header: "Пояснение за финансирането",
        key: "funding_note",
        required: false,
        entry: Entry::Text,
        width: 30.0,
        input_title: "Пояснение",
        input_message: "По желание: име на проекта, програмата или дарителя, напр. проект „Красива България“.",
        guide: "По желание. Името на проекта, националната програма или дарителя, напр. „Национална програма на МОН“ или проект „Красива България“.",
    },
    Column {
        header: "Водеща институция",
        key: "lead",
        required: true,
        entry: Entry::List(ListKind::Institutions),
        width: 30.0,
        input_title: "Водеща институция",
        input_message: "Задължително. Изберете от списъка институцията, която отговаря за дейността и ще отчита изпълнението ѝ.",
        guide: "Задължително. Институцията, която отговаря за дейността и ще я отчита. Изберете я от списъка; приемат се и познатите съкращения, напр. „РУО-Русе“.",
    },
    Column {
        header: "Партньори",
        key: "partners",
        required: false,
        entry: Entry::Text,
        width: 35.0,
        input_title: "Партньори",
        input_message: "По желание: другите участващи институции, разделени с „;“ — напр. РЗИ – Русе; НПО.",
        guide: "По желание. Другите институции, които участват, разделени с „;“, „,“ или нов ред. Пишете ги както в списъка на институциите; непознатите имена се запазват, но дават предупреждение.",
    },
    Column {
        header: "Бележка",
        key: "note",
        required: false,
        entry: Entry::Text,
        width: 30.0,
        input_title: "Бележка",
        input_message: "По желание: всичко, което комисията трябва да знае за реда.",
        guide: "По желание. Всичко, което комисията трябва да знае за този ред.",
    },
];

/// The rules for blank cells, shown on `Указания`.
pub const FILL_DOWN_RULES: [&str; 4] = [
    "Празна клетка в „Приоритет“ или „Цел“ приема стойността от реда отгоре — както при обединени клетки. Достатъчно е да ги попълните на първия ред на всяка цел.",
    "Ред, на който „№ на дейност“ и „Дейност“ са празни, а „Индикатор“ е попълнен, е още един индикатор на дейността отгоре.",
    "Напълно празните редове се пропускат. Не изтривайте и не разменяйте заглавния ред; може да добавяте редове където пожелаете.",
    "Числата може да пишете с десетична запетая (12,5) и интервал между хилядите (60 997,40). Ако в клетка с число има текст, напр. „588 567 лв.“, той се разчита с предупреждение.",
];

/// One row of the `Институция` sheet.
#[derive(Clone, Copy, Debug)]
pub struct InstitutionField {
    /// The label in column A, by which the row is found.
    pub label: &'static str,
    /// Whether the value is required.
    pub required: bool,
    /// The input message on the value cell.
    pub input_message: &'static str,
}

/// The rows of `Институция`, in order.
pub const INSTITUTION_FIELDS: [InstitutionField; 6] = [
    InstitutionField {
        label: "Институция",
        required: true,
        input_message: "Изберете вашата институция от списъка. Без нея файлът не може да бъде обединен.",
    },
    InstitutionField {
        label: "Лице за контакт",
        required: true,
        input_message: "Име и фамилия на човека, който отговаря на въпроси за този файл.",
    },
    InstitutionField {
        label: "Длъжност",
        required: false,
        input_message: "Длъжността на лицето за контакт.",
    },
    InstitutionField {
        label: "Телефон",
        required: false,
        input_message: "Напр. 082 123 456, 0888 123 456 или +359 88 812 3456.",
    },
    InstitutionField {
        label: "Имейл",
        required: true,
        input_message: "Служебен имейл за обратна връзка, напр. ime@ruo-ruse.bg.",
    },
    InstitutionField {
        label: "Дата",
        required: false,
        input_message: "Датата на изпращане, напр. 15.03.2025.",
    },
];

/// The spreadsheet column letters of a 0-based index ("A", …, "Z", "AA", …).
///
/// # Examples
///
/// ```
/// use zakrila::contract::template::column_letters;
/// assert_eq!(column_letters(0), "A");
/// assert_eq!(column_letters(16), "Q");
/// assert_eq!(column_letters(27), "AB");
/// ```
pub fn column_letters(index: u16) -> String {
    let mut n = u32::from(index) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_messages_fit_excel_limits() {
        for column in COLUMNS {
            assert!(
                column.input_title.chars().count() <= 32,
                "{}",
                column.header
            );
            assert!(
                column.input_message.chars().count() <= 255,
                "{}",
                column.header
            );
        }
        for field in INSTITUTION_FIELDS {
            assert!(
                field.input_message.chars().count() <= 255,
                "{}",
                field.label
            );
        }
    }

    #[test]
    fn keys_and_headers_are_unique() {
        for (i, a) in COLUMNS.iter().enumerate() {
            for b in &COLUMNS[i + 1..] {
                assert_ne!(a.header, b.header);
                assert_ne!(a.key, b.key);
            }
        }
    }
}
