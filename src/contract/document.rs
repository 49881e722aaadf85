//! The fixed words of the Word documents `zakrila document` writes (spec: documents.md): the
//! title block, the programme table's headers, the proposal to the council, and the report
//! document's headings. The documents are the council's, so they are Bulgarian whatever
//! language the command speaks (as the workbooks' sheets are). `zakrila import` reads a
//! programme document back by these headers, so a header here must stay one that
//! [`crate::import::header::field_of`] knows.

use chrono::{Datelike, NaiveDate};

/// The programme table's columns, left to right: (header, width in twentieths of a point).
/// The widths add up to the text width of a landscape A4 page (25.7 cm). A programme whose
/// activities have no expected result leaves that column out and gives its width to the
/// activity's.
pub const PROGRAMME_COLUMNS: [(&str, u32); 8] = [
    ("Цел", 1_800),
    (ACTIVITY_HEADER, 3_300),
    ("Срок", 1_000),
    (RESULT_HEADER, 1_800),
    ("Индикатори (текуща → целева стойност)", 2_500),
    ("Бюджет и източник на финансиране", 1_450),
    ("Водеща институция", 1_300),
    ("Партньори", 1_420),
];
/// The activity's column.
pub const ACTIVITY_HEADER: &str = "Дейност";
/// The expected results' column.
pub const RESULT_HEADER: &str = "Очаквани резултати";

/// The word before a priority's number on its row: „Приоритет 1: …“.
pub const PRIORITY: &str = "Приоритет";

/// The line the council fills in under the title.
pub fn adopted_line(municipality: &str) -> String {
    format!("Приета с Решение № ........ от Протокол № ........ на Общински съвет – {municipality}")
}

/// The municipality's line over the title: „ОБЩИНА РУСЕ“.
pub fn municipality_line(municipality: &str) -> String {
    format!("ОБЩИНА {}", municipality.to_uppercase())
}

/// A programme's period as the documents write it: „2025 г.“, „2025 г. – 2026 г.“, or the
/// dates when it is not whole years.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use zakrila::contract::document::period_text;
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// assert_eq!(period_text(d(2025, 1, 1), d(2026, 12, 31)), "2025 г. – 2026 г.");
/// assert_eq!(period_text(d(2019, 1, 1), d(2019, 12, 31)), "2019 г.");
/// assert_eq!(period_text(d(2025, 3, 1), d(2026, 2, 28)), "01.03.2025 г. – 28.02.2026 г.");
/// ```
pub fn period_text(start: NaiveDate, end: NaiveDate) -> String {
    let whole = start.month() == 1 && start.day() == 1 && end.month() == 12 && end.day() == 31;
    match (whole, start.year() == end.year()) {
        (true, true) => format!("{} г.", start.year()),
        (true, false) => format!("{} г. – {} г.", start.year(), end.year()),
        _ => format!(
            "{} г. – {} г.",
            start.format("%d.%m.%Y"),
            end.format("%d.%m.%Y")
        ),
    }
}

/// An amount's currency as the documents write it.
pub fn currency_word(currency: crate::normalise::number::Currency) -> &'static str {
    match currency {
        crate::normalise::number::Currency::Eur => "евро",
        crate::normalise::number::Currency::Bgn => "лв.",
    }
}

/// The proposal to the council (spec: documents.md, "The proposal to the council"), as seed
/// 000 writes it; what differs between municipalities comes from `[council]`.
pub mod proposal {
    /// The addressee, line by line.
    pub fn addressee(municipality: &str) -> [String; 3] {
        [
            "ДО".into(),
            "ОБЩИНСКИ СЪВЕТ".into(),
            municipality.to_uppercase(),
        ]
    }

    /// The heading.
    pub const HEADING: &str = "ПРЕДЛОЖЕНИЕ";

    /// „от …“.
    pub fn from(mayor: &str) -> String {
        format!("от {}", mayor.to_uppercase())
    }

    /// The mayor's title when `[council]` gives none.
    pub fn default_mayor_title(municipality: &str) -> String {
        format!("Кмет на Община {municipality}")
    }

    /// „ОТНОСНО: …“: the label and the subject.
    pub fn subject(title: &str, period: &str) -> (&'static str, String) {
        ("ОТНОСНО: ", format!("Приемане на {title} за {period}"))
    }

    /// The salutation.
    pub const SALUTATION: &str = "УВАЖАЕМИ ОБЩИНСКИ СЪВЕТНИЦИ,";

    /// The paragraphs of the reasons: the law, the commission that wrote it, what it does.
    pub fn reasons(municipality: &str, meeting: Option<&str>) -> Vec<String> {
        let mut written = String::from(
            "Общинската програма е разработена от Комисията за детето по чл. 6, ал. 2, т. 1 от Правилника за прилагане на Закона за закрила на детето.",
        );
        if let Some(date) = meeting {
            written.push_str(&format!(
                " Същата е приета на заседание на Комисията за детето към Община {municipality}, проведено на {date} г."
            ));
        }
        vec![
            "Съгласно чл. 3, ал. 1 от Правилника за прилагане на Закона за закрила на детето, Общинският съвет приема всяка година по предложение на кмета на общината или оправомощено от него лице изготвената от комисията по чл. 20а от Закона за закрила на детето общинска програма за закрила на детето, съобразно потребностите на децата и техните семейства в общината.".into(),
            written,
            "В програмата е изразена готовността на всички институции, работещи по проблеми, свързани със закрила на детето, да положат общи усилия за повишаване качеството на живот и развитие на децата. Посочени са актуалните задачи и ангажименти на всички институции, компетентни по въпросите на децата.".into(),
            format!("Предвидените в програмата мерки ще допринесат за гарантиране на спазването на правата и интересите на децата в Община {municipality}."),
        ]
    }

    /// The sentence before the draft decision.
    pub fn therefore(municipality: &str) -> String {
        format!(
            "Във връзка с гореизложеното предлагам на Общински съвет – {municipality} да вземе следното"
        )
    }

    /// The decision's heading.
    pub const DECISION: &str = "РЕШЕНИЕ:";

    /// The decision's legal basis.
    pub fn decision_basis(municipality: &str) -> String {
        format!(
            "На основание чл. 21, ал. 2, във връзка с ал. 1, т. 12 от Закона за местното самоуправление и местната администрация и чл. 3, ал. 1 от Правилника за прилагане на Закона за закрила на детето, Общински съвет – {municipality} реши:"
        )
    }

    /// What the council decides.
    pub fn decision(title: &str, period: &str, municipality: &str) -> String {
        format!("Приема {title} за {period} на Община {municipality}.")
    }

    /// The signature's label.
    pub const SUBMITTED_BY: &str = "ВНОСИТЕЛ:";
}

/// The report document's words (spec: documents.md, "The report document").
pub mod report {
    /// The title over the programme's title: „ОТЧЕТ ЗА ИЗПЪЛНЕНИЕТО НА …“.
    pub fn title(programme_title: &str) -> String {
        format!(
            "ОТЧЕТ ЗА ИЗПЪЛНЕНИЕТО НА {}",
            programme_title.to_uppercase()
        )
    }

    /// The first section's heading.
    pub const SUMMARY: &str = "I. ОБОБЩЕНИЕ ПО ПРИОРИТЕТИ";
    /// The summary's columns: (header, width).
    pub const SUMMARY_COLUMNS: [(&str, u32); 8] = [
        ("Приоритет", 2_034),
        ("Дейности", 994),
        ("Изпълнени", 1_104),
        ("Частично", 994),
        ("Неизпълнени", 1_324),
        ("Без отчет", 760),
        ("Отчетени индикатори", 1_214),
        ("Средно изпълнение", 1_214),
    ];
    /// The summary's last row.
    pub const TOTAL: &str = "Общо";
    /// The third section's heading.
    pub const ACTIVITIES: &str = "III. ИЗПЪЛНЕНИЕ ПО ДЕЙНОСТИ";
    /// The activities' table: (header, width), as wide as a landscape page.
    pub const ACTIVITY_COLUMNS: [(&str, u32); 6] = [
        ("Цел", 2_000),
        ("Дейност", 3_600),
        ("Водеща институция", 1_500),
        ("Индикатори: целева → отчетена стойност", 3_470),
        ("Изпълнение", 1_300),
        ("Бележки на институцията", 2_700),
    ];
    /// The second section's heading.
    pub const MISSING: &str = "II. ИНСТИТУЦИИ, КОИТО НЕ СА ОТЧЕЛИ ДЕЙНОСТИТЕ СИ";
    /// When every institution reported everything.
    pub const NONE_MISSING: &str = "Всички институции са отчели всички свои индикатори.";
    /// The sentence before the list of institutions that sent no report.
    pub const NO_REPORT: &str = "Не са подали отчет:";
    /// The sentence before the list of institutions that reported part of their indicators.
    pub const PART_REPORTED: &str = "Отчели са част от индикаторите си:";
    /// „N от M индикатора без отчет“.
    pub fn unreported(missing: usize, total: usize) -> String {
        format!("{missing} от {total} индикатора без отчет")
    }
    /// The words for what an activity reached.
    pub const DONE: &str = "изпълнено";
    /// Some of it.
    pub const PARTLY: &str = "частично";
    /// None of it.
    pub const NOT_DONE: &str = "неизпълнено";
    /// Nobody reported it.
    pub const NOT_REPORTED: &str = "няма отчет";
    /// What an indicator's line says when its value was not reported.
    pub const NO_VALUE: &str = "не е отчетено";
    /// The line with the period and the date nobody fills: the report is made from data.
    pub fn period_line(period: &str) -> String {
        format!("за периода {period}")
    }
}
