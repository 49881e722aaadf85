//! Files laid out the way other municipalities lay them out (issue 27; fixtures made by
//! tests/fixtures/municipalities/generate.py from the seeds' words): documents whose priority
//! headings stand over paragraphs, tables without an indicator column, responsible cells
//! written by hand, deadlines of deadlines.md's newer classes, and a contribution pasted from
//! a Word table (title rows, the header repeated, subtotals). Every expectation below is
//! counted from the generator's tables, not from what zakrila says.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use zakrila::api::{ImportOptions, Imported};
use zakrila::catalogue::Lang;
use zakrila::config::Programme;
use zakrila::model::findings::Severity;
use zakrila::model::programme_rows::DataRow;
use zakrila::read::{Data, Limits, Workbook};

fn fixture(name: &str) -> PathBuf {
    common::root()
        .join("tests/fixtures/municipalities")
        .join(name)
}

/// What a document holds, counted from generate.py's tables.
struct Expected {
    name: &'static str,
    municipality: &'static str,
    period: (&'static str, &'static str),
    priorities: &'static [&'static str],
    /// (new code, title, activities).
    goals: &'static [(&'static str, &'static str, usize)],
    indicators: usize,
    table_rows: usize,
    institutions: &'static [&'static str],
    contributions: usize,
    /// (activity code, deadline as the contribution writes it, start, end of its range).
    deadlines: &'static [(&'static str, &'static str, &'static str, &'static str)],
    /// (activity code, lead, partners as merged: names of the config, or words as written).
    responsible: &'static [(&'static str, &'static str, &'static [&'static str])],
    /// Warnings `indicator-to-fill` and `deadline-to-fill` over all contributions.
    to_fill: (usize, usize),
}

const HASKOVO: Expected = Expected {
    name: "headings-no-indicators",
    municipality: "Хасково",
    period: ("2027-01-01", "2027-12-31"),
    priorities: &[
        "ГАРАНТИРАНЕ НА МАЙЧИНОТО И ДЕТСКО ЗДРАВЕ И НАСЪРЧАВАНЕ НА ЗДРАВОСЛОВНИЯ НАЧИН НА ЖИВОТ",
        "ГАРАНТИРАНЕ НА ДОСТЪПА НА ВСЯКО ДЕТЕ ДО КАЧЕСТВЕНО ОБРАЗОВАНИЕ И ГРИЖИ",
        "ПОДОБРЯВАНЕ НА СТАНДАРТА НА ЖИВОТ НА ВСЯКО ДЕТЕ И ПОДКРЕПА НА СЕМЕЙСТВОТО",
        "ГАРАНТИРАНЕ НА ПРАВОТО НА ВСЯКО ДЕТЕ ДА ЖИВЕЕ В СИГУРНА СРЕДА",
        "ОСИГУРЯВАНЕ НА ВЪЗМОЖНОСТИ ЗА УЧАСТИЕ НА ДЕТЕТО И ДОСТЪП ДО ИГРА, СПОРТ И КУЛТУРА",
    ],
    goals: &[
        (
            "1.1",
            "Подобряване на координацията между здравната, образователната и социалната системи по отношение на осигуряването на здравето на децата",
            2,
        ),
        (
            "1.2",
            "Повишаване на информираността на родителите и децата",
            2,
        ),
        (
            "2.1",
            "Увеличаване на дела на децата във възрастовата група 0-7 г., които посещават детска градина",
            2,
        ),
        (
            "2.2",
            "Образование достъпно за всички деца. Превенция на отпадането от училище",
            1,
        ),
        (
            "3.1",
            "Развиване на мерки в подкрепа на родителите при наличие на риск за детето",
            2,
        ),
        ("4.1", "Превенция на насилието над деца", 2),
        // The same words as 1.2, under another priority: another goal.
        (
            "4.2",
            "Повишаване на информираността на родителите и децата",
            2,
        ),
        (
            "5.1",
            "Насърчаване на участието на децата в културния и спортния живот",
            2,
        ),
    ],
    indicators: 0,
    // Five tables: a header and the activities each.
    table_rows: 20,
    institutions: &[
        "РЗИ",
        "РУО",
        "Община",
        "дирекция „Социални дейности“",
        "ДСП",
        "НПО",
        "училища",
        "медицински специалисти",
        "ЦПЛР",
        "дирекция „Образование“",
        "Читалищата",
        "ОЗД",
        "Сдружение „Дете и пространство“",
        "РУ на МВР",
        "Министерство на труда и социалната политика",
        "ДПС",
        "ОП „Младежки център“",
    ],
    contributions: 9,
    deadlines: &[
        ("1.1.1", "2027 г.", "2027-01-01", "2027-12-31"),
        ("1.1.2", "01.09. 2027 г.", "2027-09-01", "2027-09-01"),
        (
            "1.2.1",
            "март/април и ноември/декември 2027 г.",
            "2027-03-01",
            "2027-12-31",
        ),
        ("1.2.2", "м. 09 – 12.2027", "2027-09-01", "2027-12-31"),
        ("2.1.1", "1 . 09 . 2027", "2027-09-01", "2027-09-01"),
        (
            "2.1.2",
            "януари – март; октомври – декември 2027 г.",
            "2027-01-01",
            "2027-12-31",
        ),
        // No deadline in the document: left to fill, the programme period meanwhile.
        ("2.2.1", "", "2027-01-01", "2027-12-31"),
        ("3.1.1", "2027 г.", "2027-01-01", "2027-12-31"),
        ("3.1.2", "м. 12 .2027 г.", "2027-12-01", "2027-12-31"),
        ("4.1.1", "целогодишно", "2027-01-01", "2027-12-31"),
        (
            "4.1.2",
            "II-ро тримесечие на 2027 г.",
            "2027-04-01",
            "2027-06-30",
        ),
        ("4.2.1", "2027 г.", "2027-01-01", "2027-12-31"),
        (
            "4.2.2",
            "01.10. 2027 г. – 30. 11. 2027 г.",
            "2027-10-01",
            "2027-11-30",
        ),
        ("5.1.1", "юли – август 2027 г.", "2027-07-01", "2027-08-31"),
        (
            "5.1.2",
            "Юни – септември 2027 г.",
            "2027-06-01",
            "2027-09-30",
        ),
    ],
    responsible: &[
        ("1.1.1", "РЗИ", &["РУО"]),
        (
            "1.1.2",
            "Община",
            &["дирекция „Социални дейности“", "ДСП", "НПО"],
        ),
        ("1.2.1", "РЗИ", &["училища", "медицински специалисти", "др"]),
        ("1.2.2", "ЦПЛР", &["партньори"]),
        (
            "2.1.1",
            "Община",
            &["дирекция „Образование“", "НПО", "училища"],
        ),
        ("2.1.2", "РУО", &["Читалищата"]),
        ("2.2.1", "РУО", &["образователни институции"]),
        ("3.1.1", "ДСП", &["ОЗД", "Сдружение „Дете и пространство“"]),
        ("3.1.2", "Община", &["ДСП"]),
        ("4.1.1", "ДСП", &["РУ на МВР", "Община"]),
        (
            "4.1.2",
            "Министерство на труда и социалната политика",
            &["ДСП"],
        ),
        ("4.2.1", "РУ на МВР", &["ДПС"]),
        ("4.2.2", "ДПС", &["училища"]),
        ("5.1.1", "Община", &["ОП „Младежки център“", "Читалищата"]),
        ("5.1.2", "Читалищата", &["ОП „Младежки център“"]),
    ],
    to_fill: (15, 1),
};

const RUSE: Expected = Expected {
    name: "headings-with-indicators",
    municipality: "Русе",
    period: ("2027-01-01", "2028-12-31"),
    priorities: &[
        "КАЧЕСТВЕНО ОБРАЗОВАНИЕ И ГРИЖИ В РАННА ДЕТСКА ВЪЗРАСТ",
        "ДОСТЪП ДО ЗДРАВЕОПАЗВАНЕ",
        "СОЦИАЛНО ВКЛЮЧВАНЕ И ПОДКРЕПА НА СЕМЕЙСТВОТО",
        "СИГУРНА СРЕДА И ПРАВОСЪДИЕ",
    ],
    goals: &[
        ("1.1", "Насърчаване на ранното детско развитие", 2),
        ("1.2", "Подкрепа за приобщаващо образование", 1),
        ("2.1", "Информиране и превенция", 2),
        ("3.1", "Подкрепа на семействата", 2),
        ("4.1", "Информиране и превенция", 2),
    ],
    indicators: 11,
    table_rows: 13,
    institutions: &[
        "Община Русе",
        "ДСП – Русе",
        "НПО",
        "РЗИ – Русе",
        "детски градини",
        "РУО – Русе",
        "РЦПППО",
        "ПИЦ",
        "училищата",
        "доставчици на социални услуги",
        "ОЗД",
        "ОД на МВР – Русе",
        "ДПС",
        "МКБППМН",
    ],
    contributions: 7,
    deadlines: &[
        ("1.1.1", "2027 г.-2028 г.", "2027-01-01", "2028-12-31"),
        (
            "1.1.2",
            "м. 10 – м. 12 .2027 г.",
            "2027-10-01",
            "2027-12-31",
        ),
        (
            "1.2.1",
            "2027/2028 учебна година",
            "2027-09-15",
            "2028-06-30",
        ),
        (
            "2.1.1",
            "февруари – март, 2027 г.; октомври – ноември, 2028 г.",
            "2027-02-01",
            "2028-11-30",
        ),
        (
            "2.1.2",
            "01.03. 2027 г. – 30.06. 2027 г.",
            "2027-03-01",
            "2027-06-30",
        ),
        ("3.1.1", "целогодишно", "2027-01-01", "2028-12-31"),
        ("3.1.2", "2027 г.", "2027-01-01", "2027-12-31"),
        ("4.1.1", "м. 09 – 11.2028", "2028-09-01", "2028-11-30"),
        (
            "4.1.2",
            "I и II тримесечие на 2028 г.",
            "2028-01-01",
            "2028-06-30",
        ),
    ],
    responsible: &[
        ("1.1.1", "Община Русе", &["ДСП – Русе", "НПО"]),
        ("1.1.2", "РЗИ – Русе", &["детски градини"]),
        ("1.2.1", "РУО – Русе", &["РЦПППО"]),
        ("2.1.1", "ПИЦ", &["партньори"]),
        ("2.1.2", "РЗИ – Русе", &["училищата"]),
        (
            "3.1.1",
            "ДСП – Русе",
            &["доставчици на социални услуги", "други институции"],
        ),
        ("3.1.2", "ДСП – Русе", &["ОЗД"]),
        ("4.1.1", "ОД на МВР – Русе", &["ДПС"]),
        ("4.1.2", "МКБППМН", &["училищата"]),
    ],
    to_fill: (0, 0),
};

fn import(file: &str) -> Imported {
    let bytes = std::fs::read(fixture(file)).unwrap();
    let options = ImportOptions {
        period: None,
        municipality_code: Some("HKV34".into()),
        source_name: file.into(),
        limits: Limits::default(),
    };
    zakrila::api::import(&bytes, &options, Lang::Bg).unwrap()
}

#[test]
fn documents_with_headings_over_paragraphs_are_read_as_written() {
    for expected in [&HASKOVO, &RUSE] {
        for kind in ["docx", "odt"] {
            let file = format!("{}.{kind}", expected.name);
            check_document(expected, &import(&file), &file);
        }
    }
}

fn check_document(expected: &Expected, imported: &Imported, what: &str) {
    let programme = &imported.programme;
    assert_eq!(
        programme.municipality.as_deref(),
        Some(expected.municipality),
        "{what}"
    );
    let period = (
        programme.period.0.to_string(),
        programme.period.1.to_string(),
    );
    assert_eq!(
        (period.0.as_str(), period.1.as_str()),
        expected.period,
        "{what}"
    );
    // One priority per heading, whatever paragraphs stand between it and its table.
    let titles: Vec<&str> = programme
        .priorities
        .iter()
        .map(|p| p.title.as_str())
        .collect();
    assert_eq!(titles, expected.priorities, "{what}: priorities");
    assert!(programme.priorities.iter().all(|p| !p.made_up), "{what}");
    // Goals apart per priority, the same words under two priorities included.
    let goals: Vec<(String, String, usize)> = programme
        .priorities
        .iter()
        .enumerate()
        .flat_map(|(p, priority)| {
            priority.goals.iter().enumerate().map(move |(g, goal)| {
                let activities = programme
                    .activities
                    .iter()
                    .filter(|a| (a.priority, a.goal) == (p, g))
                    .count();
                (goal.code.clone(), goal.title.clone(), activities)
            })
        })
        .collect();
    let want: Vec<(String, String, usize)> = expected
        .goals
        .iter()
        .map(|(c, t, n)| (c.to_string(), t.to_string(), *n))
        .collect();
    assert_eq!(goals, want, "{what}: goals");
    let activities: usize = expected.goals.iter().map(|g| g.2).sum();
    assert_eq!(programme.activities.len(), activities, "{what}");
    assert_eq!(programme.indicators_read, expected.indicators, "{what}");
    // Every table row placed.
    assert_eq!(programme.rows.len(), expected.table_rows, "{what}: rows");
    assert_eq!(
        programme.accounting(),
        (expected.table_rows, 0),
        "{what}: rows placed"
    );
    // The institutions: each hand-written cell taken apart, nothing odd made one.
    let names: Vec<&str> = programme
        .institutions
        .iter()
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(names, expected.institutions, "{what}: institutions");
    assert_eq!(
        imported.contributions.len(),
        expected.contributions,
        "{what}"
    );

    // The config loads; every contribution validates with no error; the merge takes every
    // row; Данни holds each activity with its lead, partners and deadline range.
    let config = Programme::from_bytes("programme.toml".as_ref(), &imported.config_toml)
        .unwrap_or_else(|err| panic!("{what}: the config does not load: {err:?}"));
    let mut submissions = Vec::new();
    let mut to_fill = (0, 0);
    for (name, bytes) in &imported.contributions {
        let submission = zakrila::api::validate(&config, name, bytes.clone(), Limits::default());
        let errors: Vec<String> = submission
            .findings
            .iter()
            .filter(|f| f.severity() == Severity::Error)
            .map(|f| format!("{:?} {}", f.cell_ref(), f.problem.code()))
            .collect();
        assert_eq!(errors, Vec::<String>::new(), "{what}: {name}");
        for finding in &submission.findings {
            match finding.problem.code() {
                "indicator-to-fill" => to_fill.0 += 1,
                "deadline-to-fill" => to_fill.1 += 1,
                _ => {}
            }
        }
        assert!(submission.skipped_rows.is_empty(), "{what}: {name}");
        submissions.push(submission);
    }
    assert_eq!(to_fill, expected.to_fill, "{what}: …-to-fill warnings");
    let (merged, summary) = zakrila::api::merge(&config, submissions);
    assert_eq!(
        (summary.rejected, summary.skipped, summary.accepted),
        (0, 0, summary.rows),
        "{what}"
    );
    let workbook = zakrila::api::programme_workbook(merged, &config, Lang::Bg).unwrap();
    let rows = zakrila::api::programme_rows(workbook, Limits::default()).unwrap();
    let row_count = expected.indicators.max(activities);
    assert_eq!(rows.len(), row_count, "{what}: rows of Данни");
    let codes: BTreeSet<&str> = rows.iter().map(|r| r.activity_code.as_str()).collect();
    assert_eq!(codes.len(), activities, "{what}: activities of Данни");
    for (code, deadline, start, end) in expected.deadlines {
        let row = first_of(&rows, code, what);
        assert_eq!(
            (
                row.deadline.as_str(),
                row.start.to_string(),
                row.end.to_string()
            ),
            (*deadline, start.to_string(), end.to_string()),
            "{what}: deadline of {code}"
        );
    }
    for (code, lead, partners) in expected.responsible {
        let row = first_of(&rows, code, what);
        assert_eq!(row.leads, [*lead], "{what}: lead of {code}");
        assert_eq!(row.partners, *partners, "{what}: partners of {code}");
    }
}

fn first_of<'r>(rows: &'r [DataRow], code: &str, what: &str) -> &'r DataRow {
    rows.iter()
        .find(|r| r.activity_code == code)
        .unwrap_or_else(|| panic!("{what}: no activity {code} in Данни"))
}

#[test]
fn the_same_activity_under_two_priorities_reaches_both() {
    let imported = import("headings-no-indicators.docx");
    let same: Vec<&str> = imported
        .programme
        .activities
        .iter()
        .filter(|a| a.text == "Провеждане на информационни кампании в училищата")
        .map(|a| a.code.as_str())
        .collect();
    assert_eq!(same, ["1.2.1", "4.2.1"]);
}

fn cell(data: &Data) -> String {
    match data {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        _ => String::new(),
    }
}

/// РУО – Хасково's contribution pasted from a Word table: the rows that are not activities
/// are skipped with a warning naming each, counted as skipped, and never lost.
#[test]
fn rows_that_are_not_data_are_skipped_and_accounted_for() {
    let config =
        Programme::load(&common::root().join("samples/haskovo-2019/programme.toml")).unwrap();
    let expected_findings = [
        ("A2", "title-row"),
        ("A5", "repeated-header-row"),
        ("A8", "subtotal-row"),
        ("A9", "title-row"),
        ("A12", "repeated-header-row"),
        ("A14", "subtotal-row"),
        ("A15", "subtotal-row"),
    ];
    let mut submissions = Vec::new();
    for file in ["pasted-rows.xlsx", "pasted-rows.ods"] {
        let bytes = std::fs::read(fixture(file)).unwrap();
        let submission = zakrila::api::validate(&config, file, bytes, Limits::default());
        let found: Vec<(String, &str, Severity)> = submission
            .findings
            .iter()
            .map(|f| {
                (
                    f.cell_ref().unwrap_or_default(),
                    f.problem.code(),
                    f.severity(),
                )
            })
            .collect();
        let want: Vec<(String, &str, Severity)> = expected_findings
            .iter()
            .map(|(c, code)| (c.to_string(), *code, Severity::Warning))
            .collect();
        assert_eq!(found, want, "{file}");
        // The marked-up copy keeps the rows as they were (a title merged across the copy),
        // so that it reads as the original did.
        let bytes = std::fs::read(fixture(file)).unwrap();
        let kept = zakrila::api::validate_for_copy(&config, file, bytes, Limits::default());
        let copy = zakrila::api::annotate(&kept, &config, Lang::Bg).unwrap();
        let again = zakrila::api::validate(&config, "copy.xlsx", copy, Limits::default());
        let found_again: Vec<(String, &str, Severity)> = again
            .findings
            .iter()
            .map(|f| {
                (
                    f.cell_ref().unwrap_or_default(),
                    f.problem.code(),
                    f.severity(),
                )
            })
            .collect();
        assert_eq!(found_again, want, "{file}: its marked-up copy");
        // Each warning names its row, in both languages.
        for finding in &submission.findings {
            let row = finding.row().unwrap();
            assert!(
                finding
                    .message(Lang::Bg)
                    .starts_with(&format!("Ред {row} ")),
                "{file}: {}",
                finding.message(Lang::Bg)
            );
            assert!(
                finding
                    .message(Lang::En)
                    .starts_with(&format!("Row {row} ")),
                "{file}: {}",
                finding.message(Lang::En)
            );
        }
        // 14 rows under the header: 7 skipped, 7 indicators of 5 activities accepted —
        // 1.1.1's third indicator comes after the header repeated at a page break.
        let skipped: Vec<u32> = submission.skipped_rows.keys().map(|r| r + 1).collect();
        assert_eq!(skipped, [2, 5, 8, 9, 12, 14, 15], "{file}");
        assert_eq!(
            (
                submission.rows_read,
                submission.rows_accepted(),
                submission.rejected_rows.len()
            ),
            (14, 7, 0),
            "{file}"
        );
        let activities: Vec<(String, Vec<u32>)> = submission
            .activities
            .iter()
            .map(|a| {
                (
                    a.code.clone().unwrap_or_default(),
                    a.indicators.iter().map(|i| i.row + 1).collect(),
                )
            })
            .collect();
        let want: Vec<(String, Vec<u32>)> = [
            ("1.1.1", vec![3, 4, 6]),
            ("1.3.2", vec![7]),
            ("2.1.2", vec![10]),
            ("2.2.2", vec![11]),
            ("2.3.6", vec![13]),
        ]
        .into_iter()
        .map(|(c, r)| (c.to_string(), r))
        .collect();
        assert_eq!(activities, want, "{file}");
        // The title „Приоритет 1: …“ (worded otherwise than the config) fills its priority
        // down to the rows under it, which leave it blank.
        assert!(
            submission
                .activities
                .iter()
                .all(|a| a.priority == a.goal.split('.').next().unwrap().parse::<u32>().unwrap()),
            "{file}"
        );
        submissions.push(submission);
    }

    // The merge: every row merged, rejected or skipped, on Източници and in its summary.
    let (merged, summary) = zakrila::api::merge(&config, submissions);
    assert_eq!(
        (
            summary.rows,
            summary.accepted,
            summary.rejected,
            summary.skipped
        ),
        (28, 14, 0, 14)
    );
    assert!(!summary.anything_rejected());
    let workbook = zakrila::api::programme_workbook(merged, &config, Lang::Bg).unwrap();
    let mut book = Workbook::from_bytes(workbook.clone(), Limits::default()).unwrap();
    let sources = book.sheet("Източници").unwrap();
    assert_eq!(cell(sources.get(0, 11)), "Пропуснати (не са дейности)");
    for r in 1..=3 {
        let numbers: Vec<String> = (6..=11).map(|c| cell(sources.get(r, c))).collect();
        let want = if r == 3 {
            ["28", "14", "0", "14", "0", "14"]
        } else {
            ["14", "7", "0", "7", "0", "7"]
        };
        assert_eq!(numbers, want, "Източници row {}", r + 1);
    }
    assert_eq!(cell(sources.get(3, 0)), "Общо");
    let rejected = book.sheet("Отхвърлени").unwrap();
    assert_eq!(rejected.rows().count(), 1, "only the header on Отхвърлени");
    let notes = book.sheet("Бележки").unwrap();
    let skipped_notes = notes
        .rows()
        .filter(|r| {
            (0..8).any(|c| {
                matches!(
                    cell(notes.get(*r, c)).as_str(),
                    "title-row" | "repeated-header-row" | "subtotal-row"
                )
            })
        })
        .count();
    assert_eq!(skipped_notes, 14, "every skipped row on Бележки");

    // Данни: the deadlines of deadlines.md's newer classes, as ranges.
    let rows = zakrila::api::programme_rows(workbook, Limits::default()).unwrap();
    assert_eq!(rows.len(), 14);
    let ranges: BTreeSet<(String, String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r.original_code.clone().unwrap_or_default(),
                r.deadline.clone(),
                r.start.to_string(),
                r.end.to_string(),
            )
        })
        .collect();
    let want: BTreeSet<(String, String, String, String)> = [
        ("1.1.1", "01.09. 2019 г.", "2019-09-01", "2019-09-01"),
        (
            "1.3.2",
            "март/април и ноември/декември 2019 г.",
            "2019-03-01",
            "2019-12-31",
        ),
        ("2.1.2", "м. 09 – 12.2019", "2019-09-01", "2019-12-31"),
        (
            "2.2.2",
            "януари – март; октомври – декември 2019 г.",
            "2019-01-01",
            "2019-12-31",
        ),
        ("2.3.6", "1 . 10 . 2019", "2019-10-01", "2019-10-01"),
    ]
    .into_iter()
    .map(|(a, b, c, d)| (a.into(), b.into(), c.into(), d.into()))
    .collect();
    assert_eq!(ranges, want);
}

/// The command says the skipped rows in its summary line, in both languages.
#[test]
fn merge_says_how_many_rows_it_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let config = common::root().join("samples/haskovo-2019/programme.toml");
    let input = fixture("pasted-rows.xlsx");
    for (lang, line) in [
        (
            "bg",
            "1 файл, 14 реда: 7 приети, 0 отхвърлени, 7 пропуснати (не са дейности)",
        ),
        (
            "en",
            "1 file, 14 rows: 7 accepted, 0 rejected, 7 skipped (no activities)",
        ),
    ] {
        let out = dir.path().join(format!("програма-{lang}.xlsx"));
        let run = common::zakrila([
            "--lang".as_ref(),
            lang.as_ref(),
            "merge".as_ref(),
            "--config".as_ref(),
            config.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            input.as_os_str(),
        ]);
        let stderr = common::stderr(&run);
        assert_eq!(run.status.code(), Some(0), "{stderr}");
        assert!(stderr.contains(line), "{stderr}");
    }
}
