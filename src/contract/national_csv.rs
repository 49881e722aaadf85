//! The CSV for the national agency (spec: national-csv.md): its columns, their types and
//! their Bulgarian titles, as the CSV writer and its Data Package both use them.

/// A column's type in the Table Schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    String,
    /// Text that spreadsheet programs would read as a date or a number: a goal code "1.2"
    /// or an activity code "1.2.3" (the Table Schema's "string").
    Code,
    /// ISO 8601 date.
    Date,
    /// Whole number.
    Integer,
    /// Decimal number.
    Number,
}

impl Kind {
    /// The type's name in the Table Schema.
    pub fn name(self) -> &'static str {
        match self {
            Kind::String | Kind::Code => "string",
            Kind::Date => "date",
            Kind::Integer => "integer",
            Kind::Number => "number",
        }
    }
}

/// One column of the national CSV: name, type, Bulgarian title and description.
pub struct Field {
    /// The header, exactly as national-csv.md gives it.
    pub name: &'static str,
    /// Its type.
    pub kind: Kind,
    /// Bulgarian title, for the Table Schema.
    pub title: &'static str,
    /// Bulgarian description, for the Table Schema.
    pub description: &'static str,
}

const fn field(
    name: &'static str,
    kind: Kind,
    title: &'static str,
    description: &'static str,
) -> Field {
    Field {
        name,
        kind,
        title,
        description,
    }
}

/// The columns, in order.
pub const FIELDS: [Field; 31] = [
    field(
        "municipality_code",
        Kind::String,
        "Код на общината",
        "Код на общината по ЕКАТТЕ: три латински букви и две цифри, напр. RSE27.",
    ),
    field("municipality", Kind::String, "Община", "Име на общината."),
    field(
        "period_start",
        Kind::Date,
        "Начало на програмата",
        "Първият ден от периода на програмата.",
    ),
    field(
        "period_end",
        Kind::Date,
        "Край на програмата",
        "Последният ден от периода на програмата.",
    ),
    field(
        "priority_no",
        Kind::Integer,
        "№ на приоритет",
        "Номер на приоритета в програмата.",
    ),
    field(
        "priority",
        Kind::String,
        "Приоритет",
        "Заглавие на приоритета.",
    ),
    field(
        "goal_code",
        Kind::Code,
        "Код на цел",
        "Код на целта, напр. 1.2.",
    ),
    field("goal", Kind::String, "Цел", "Заглавие на целта."),
    field(
        "activity_code",
        Kind::Code,
        "№ на дейност",
        "Номер на дейността в обединената програма (цел.пореден номер), напр. 1.2.3.",
    ),
    field(
        "activity",
        Kind::String,
        "Дейност",
        "Описание на дейността.",
    ),
    field(
        "deadline_text",
        Kind::String,
        "Срок (текст)",
        "Срокът, както е написан от институцията.",
    ),
    field(
        "deadline_start",
        Kind::Date,
        "Начало на срока",
        "Първият ден на срока според разчитането му (за неразпознат срок – началото на програмата).",
    ),
    field(
        "deadline_end",
        Kind::Date,
        "Край на срока",
        "Последният ден на срока според разчитането му (за неразпознат срок – краят на програмата).",
    ),
    field(
        "expected_result",
        Kind::String,
        "Очакван резултат",
        "Очакваният резултат от дейността.",
    ),
    field(
        "indicator",
        Kind::String,
        "Индикатор",
        "Индикаторът, по който се измерва дейността; по един на ред.",
    ),
    field(
        "unit",
        Kind::String,
        "Мерна единица",
        "Мерната единица на индикатора.",
    ),
    field(
        "baseline",
        Kind::Number,
        "Текуща стойност",
        "Стойността на индикатора в началото на програмата; празно, когато не е известна.",
    ),
    field(
        "target",
        Kind::Number,
        "Целева стойност",
        "Стойността, която дейността трябва да постигне; празно, когато не е посочена.",
    ),
    field(
        "actual",
        Kind::Number,
        "Отчетена стойност",
        "Стойността от отчета за изпълнението; празно без отчет или когато индикаторът не е отчетен.",
    ),
    field(
        "achievement_pct",
        Kind::Number,
        "Изпълнение %",
        "Отчетена ÷ целева стойност × 100, с един знак след десетичната точка; празно, когато някоя от двете липсва.",
    ),
    field(
        "status",
        Kind::String,
        "Статус",
        "Статусът от отчета за изпълнението (Изпълнена, Частично изпълнена, Неизпълнена, В процес, Отпада или „няма отчет“).",
    ),
    field(
        "budget",
        Kind::Number,
        "Бюджет",
        "Бюджетът на дейността, както е написан, във валутата от budget_currency; стои само на първия ред на всяка подадена дейност, така че сборът по колоната е бюджетът на програмата.",
    ),
    field(
        "budget_currency",
        Kind::String,
        "Валута",
        "Валутата на бюджета: EUR или BGN.",
    ),
    field(
        "budget_eur",
        Kind::Number,
        "Бюджет в евро",
        "Бюджетът в евро по курс 1,95583 лв. за евро, с два знака след десетичната точка.",
    ),
    field(
        "funding_source",
        Kind::String,
        "Източник на финансиране",
        "Източникът на финансиране от списъка на програмата.",
    ),
    field(
        "funding_note",
        Kind::String,
        "Пояснение за финансирането",
        "Проект, програма или дарител.",
    ),
    field(
        "lead_institution",
        Kind::String,
        "Водеща институция",
        "Водещата институция (каноничното име); няколко, разделени с „; “.",
    ),
    field(
        "partners",
        Kind::String,
        "Партньори",
        "Партньорите, разделени с „; “.",
    ),
    field(
        "submitted_by",
        Kind::String,
        "Подадено от",
        "Институцията, изпратила реда.",
    ),
    field(
        "source_file",
        Kind::String,
        "Файл",
        "Името на файла, от който идва редът (без папки).",
    ),
    field(
        "source_row",
        Kind::Integer,
        "Ред във файла",
        "Номерът на реда в този файл.",
    ),
];
