//! `zakrila import` on Word documents of the three seed programmes (tests/fixtures/import,
//! made by generate.py there): what it reads, what it writes, and that the written
//! contributions validate and merge back into the seed's programme.
//!
//! The expected counts below are the seeds' own, counted from the seed tables (and checked
//! against the transcription `<name>.json` the fixtures are built from), not from what the
//! importer says.

mod common;

use common::tools::Tool;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use zakrila::api::{ImportOptions, Imported};
use zakrila::catalogue::Lang;
use zakrila::config::Programme;
use zakrila::import::responsible::is_phrase;
use zakrila::model::findings::Severity;
use zakrila::model::programme_rows::DataRow;
use zakrila::normalise::text::fold_key;
use zakrila::read::{Data, Limits, Workbook};
use zakrila::validate::institutions::Matcher;

/// A seed programme: its fixtures and what its table holds.
struct Seed {
    name: &'static str,
    priorities: usize,
    goals: usize,
    activities: usize,
    indicators: usize,
    municipality: &'static str,
    period: (&'static str, &'static str),
    /// Spellings the seed writes for one institution.
    same_institution: &'static [&'static [&'static str]],
}

const SEEDS: [Seed; 3] = [
    // 000_576891708a67e73e.txt: priorities 1–7, goals 1.1–7.3, activities 1.1.1–7.3.1
    // (3.1.1–3.1.3 in one cell), indicators one per line of the Индикатори cells.
    Seed {
        name: "ruse-2025",
        priorities: 7,
        goals: 26,
        activities: 80,
        indicators: 124,
        municipality: "Русе",
        period: ("2027-01-01", "2028-12-31"),
        same_institution: &[
            &["РУО - Русе", "РУО-Русе", "РУО – Русе"],
            &["ОД на МВР", "OД на МВР"],
            &[
                "Дирекция “Социално подпомагане”",
                "дирекция „Социално подпомагане“",
            ],
        ],
    },
    // 001_2627caff0b4591ad.txt: priorities I–VIII, 23 operational goals, 75 actions, the
    // indicators of the Текущи / Целеви стойности columns.
    Seed {
        name: "ruse-2018",
        priorities: 8,
        goals: 23,
        activities: 75,
        indicators: 135,
        municipality: "Русе",
        period: ("2019-01-01", "2019-12-31"),
        same_institution: &[&["ДСП", "ДСП – Русе"], &["РУО - Русе", "РУО – Русе"]],
    },
    // 002_8a11437cc1b3b469.txt: ПРИОРИТЕТ І–V, 25 goal rows, 79 activities, no indicator
    // column.
    Seed {
        name: "haskovo-2019",
        priorities: 5,
        goals: 25,
        activities: 79,
        indicators: 0,
        municipality: "Хасково",
        period: ("2020-01-01", "2020-12-31"),
        same_institution: &[&["РУО", "РУО – Хасково", "РУО-Хасково"]],
    },
];

/// The kinds of file each programme is given as.
const SAVED_AS: [&str; 3] = ["docx", "lo.docx", "odt"];

#[derive(Debug, Deserialize)]
struct Table {
    municipality: String,
    priorities: Vec<TablePriority>,
}

#[derive(Debug, Deserialize)]
struct TablePriority {
    title: String,
    goals: Vec<TableGoal>,
}

#[derive(Debug, Deserialize)]
struct TableGoal {
    title: String,
    activities: Vec<TableActivity>,
}

#[derive(Debug, Deserialize)]
struct TableActivity {
    text: String,
    deadline: String,
    result: Option<String>,
    indicators: Vec<TableIndicator>,
    amount: Option<f64>,
    lead_as_written: String,
    partners: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct TableIndicator {
    text: String,
    baseline: Option<f64>,
    target: Option<f64>,
}

fn fixtures() -> PathBuf {
    common::root().join("tests/fixtures/import")
}

fn table(seed: &Seed) -> Table {
    let text = std::fs::read_to_string(fixtures().join(format!("{}.json", seed.name))).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn import(path: &Path) -> Imported {
    let bytes = std::fs::read(path).unwrap();
    let options = ImportOptions {
        period: None,
        municipality_code: Some("RSE27".into()),
        source_name: path.file_name().unwrap().to_string_lossy().into_owned(),
        limits: Limits::default(),
    };
    zakrila::api::import(&bytes, &options, Lang::Bg).unwrap()
}

/// Text compared as people read it: bullets, spacing and case do not count.
fn same_text(text: &str) -> String {
    text.lines()
        .map(|line| {
            line.trim()
                .trim_start_matches(['•', '-', '–', '·'])
                .trim()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .map(fold_key)
        .collect::<Vec<_>>()
        .join(" ")
}

fn title(text: &str) -> String {
    same_text(text).trim_end_matches(['.', ';']).to_string()
}

#[test]
fn the_table_transcriptions_hold_the_seeds_counts() {
    for seed in &SEEDS {
        let table = table(seed);
        let activities: Vec<&TableActivity> = table
            .priorities
            .iter()
            .flat_map(|p| &p.goals)
            .flat_map(|g| &g.activities)
            .collect();
        assert_eq!(table.municipality, seed.municipality);
        assert_eq!(table.priorities.len(), seed.priorities, "{}", seed.name);
        let goals: usize = table.priorities.iter().map(|p| p.goals.len()).sum();
        assert_eq!(goals, seed.goals, "{}", seed.name);
        assert_eq!(activities.len(), seed.activities, "{}", seed.name);
        let indicators: usize = activities.iter().map(|a| a.indicators.len()).sum();
        assert_eq!(indicators, seed.indicators, "{}", seed.name);
    }
}

#[test]
fn each_fixture_gives_the_seeds_programme_back() {
    for seed in &SEEDS {
        let table = table(seed);
        for kind in SAVED_AS {
            let file = fixtures().join(format!("{}.{kind}", seed.name));
            let what = format!("{}.{kind}", seed.name);
            let imported = import(&file);
            check_counts(seed, &table, &imported, &what);
            let programme = Programme::from_bytes("programme.toml".as_ref(), &imported.config_toml)
                .unwrap_or_else(|err| panic!("{what}: the config does not load: {err:?}"));
            check_institutions(seed, &table, &programme, &what);
            let rows = check_contributions_and_merge(&programme, &imported, &what);
            check_data(&table, &programme, &rows, &what);
            check_report(&imported, &what);
        }
    }
}

fn check_counts(seed: &Seed, table: &Table, imported: &Imported, what: &str) {
    let programme = &imported.programme;
    assert_eq!(
        programme.priorities.len(),
        seed.priorities,
        "{what}: priorities"
    );
    assert_eq!(programme.goal_count(), seed.goals, "{what}: goals");
    assert_eq!(
        programme.activities.len(),
        seed.activities,
        "{what}: activities"
    );
    assert_eq!(
        programme.indicators_read, seed.indicators,
        "{what}: indicators"
    );
    assert_eq!(
        programme.municipality.as_deref(),
        Some(seed.municipality),
        "{what}"
    );
    let (start, end) = programme.period;
    assert_eq!(
        (start.to_string().as_str(), end.to_string().as_str()),
        seed.period,
        "{what}"
    );
    // Titles as the document writes them.
    for (p, (got, expected)) in programme
        .priorities
        .iter()
        .zip(&table.priorities)
        .enumerate()
    {
        assert_eq!(
            title(&got.title),
            title(&expected.title),
            "{what}: priority {}",
            p + 1
        );
        for (got, expected) in got.goals.iter().zip(&expected.goals) {
            assert_eq!(
                title(&got.title),
                title(&expected.title),
                "{what}: goal {}",
                got.code
            );
        }
    }
}

/// Every name the table writes is an institution of the config (by name or alias), but
/// words that name no institution („Образователни институции“ as a class), which stay on
/// the partners as written; the seed's spellings of one institution are one; and no two
/// institutions the sample config keeps apart are made one.
fn check_institutions(seed: &Seed, table: &Table, programme: &Programme, what: &str) {
    let matcher = Matcher::new(programme);
    let mut written = BTreeSet::new();
    for activity in table
        .priorities
        .iter()
        .flat_map(|p| &p.goals)
        .flat_map(|g| &g.activities)
    {
        written.insert(activity.lead_as_written.clone());
        written.extend(activity.partners.iter().cloned());
    }
    let (phrases, written): (BTreeSet<String>, BTreeSet<String>) =
        written.into_iter().partition(|name| is_phrase(name));
    for name in &written {
        assert!(
            matcher.find(name).is_some(),
            "{what}: {name:?} is not an institution of the config"
        );
    }
    for words in &phrases {
        assert!(
            matcher.find(words).is_none(),
            "{what}: {words:?} names no institution, yet it is one of the config"
        );
    }
    for group in seed.same_institution {
        let found: BTreeSet<usize> = group.iter().map(|n| matcher.find(n).unwrap()).collect();
        assert_eq!(
            found.len(),
            1,
            "{what}: {group:?} should be one institution"
        );
    }
    let sample =
        Programme::load(&common::root().join(format!("samples/{}/programme.toml", seed.name)))
            .unwrap();
    let apart = Matcher::new(&sample);
    let names: Vec<&String> = written.iter().collect();
    for (i, a) in names.iter().enumerate() {
        for b in &names[i + 1..] {
            if let (Some(x), Some(y)) = (apart.find(a), apart.find(b))
                && x != y
            {
                assert_ne!(
                    matcher.find(a),
                    matcher.find(b),
                    "{what}: {a:?} and {b:?} are two institutions"
                );
            }
        }
    }
    assert!(programme.institutions.len() <= written.len(), "{what}");
}

/// Every contribution validates with no error (the contact person and e-mail, which no
/// programme document names, are the institution's to fill: a warning each), and the merge
/// of them all accepts every row.
fn check_contributions_and_merge(
    programme: &Programme,
    imported: &Imported,
    what: &str,
) -> Vec<DataRow> {
    let mut submissions = Vec::new();
    let mut indicators_to_fill = 0;
    for (name, bytes) in &imported.contributions {
        let submission = zakrila::api::validate(programme, name, bytes.clone(), Limits::default());
        indicators_to_fill += submission
            .findings
            .iter()
            .filter(|f| f.problem.code() == "indicator-to-fill")
            .inspect(|f| assert_eq!(f.severity(), Severity::Warning))
            .count();
        let errors: Vec<String> = submission
            .findings
            .iter()
            .filter(|f| f.severity() == Severity::Error)
            .map(|f| format!("{:?} {}", f.cell_ref(), f.problem.code()))
            .collect();
        assert_eq!(errors, Vec::<String>::new(), "{what}: {name}");
        // The contact person and e-mail are the institution's to fill: a reminder each.
        let to_fill: Vec<String> = submission
            .findings
            .iter()
            .filter(|f| f.problem.code() == "contact-to-fill")
            .map(|f| format!("{:?} {:?}", f.severity(), f.cell_ref()))
            .collect();
        assert_eq!(
            to_fill,
            ["Warning Some(\"B2\")", "Warning Some(\"B5\")"],
            "{what}: {name}"
        );
        assert!(submission.institution.is_some(), "{what}: {name}");
        assert!(submission.rejected_rows.is_empty(), "{what}: {name}");
        submissions.push(submission);
    }
    // An activity without an indicator in the document has it left to fill: a reminder each.
    let without: usize = imported
        .programme
        .activities
        .iter()
        .filter(|a| a.indicators.is_empty())
        .count();
    assert_eq!(indicators_to_fill, without, "{what}: indicator-to-fill");
    // The import report beside them is recognised, not read as a broken contribution, so
    // `validate DIR/` and `merge DIR/` of the folder import wrote work.
    let report = zakrila::api::validate(
        programme,
        "import-report.xlsx",
        imported.report_xlsx.clone(),
        Limits::default(),
    );
    let found: Vec<_> = report
        .findings
        .iter()
        .map(|f| (f.problem.code(), f.severity()))
        .collect();
    assert_eq!(found, [("import-report", Severity::Warning)], "{what}");
    assert_eq!((report.rows_read, report.errors()), (0, 0), "{what}");
    submissions.push(report);
    let (merged, summary) = zakrila::api::merge(programme, submissions);
    assert!(!summary.anything_rejected(), "{what}");
    assert_eq!(summary.rejected, 0, "{what}");
    assert_eq!(summary.accepted, summary.rows, "{what}");
    let workbook = zakrila::api::programme_workbook(merged, programme, Lang::Bg).unwrap();
    zakrila::api::programme_rows(workbook, Limits::for_file_mb(200)).unwrap()
}

/// `Данни` of the merged programme holds the seed's table, activity by activity.
fn check_data(table: &Table, programme: &Programme, rows: &[DataRow], what: &str) {
    let matcher = Matcher::new(programme);
    // Words that name no institution stay as written.
    let name_of = |written: &str| {
        if is_phrase(written) {
            return written.to_string();
        }
        programme.institutions[matcher.find(written).unwrap()]
            .name
            .clone()
    };
    let mut seen = 0;
    for (p, priority) in table.priorities.iter().enumerate() {
        for (g, goal) in priority.goals.iter().enumerate() {
            let code = format!("{}.{}", p + 1, g + 1);
            for activity in &goal.activities {
                let mine: Vec<&DataRow> = rows
                    .iter()
                    .filter(|r| {
                        r.goal == code && same_text(&r.activity) == same_text(&activity.text)
                    })
                    .collect();
                assert!(
                    !mine.is_empty(),
                    "{what}: goal {code}: no activity {:?}",
                    activity.text
                );
                // Packed activities with the same text would share rows; none in the seeds.
                let codes: BTreeSet<&str> = mine.iter().map(|r| r.activity_code.as_str()).collect();
                assert_eq!(codes.len(), 1, "{what}: {:?}", activity.text);
                seen += 1;
                let first = mine[0];
                assert_eq!(first.priority as usize, p + 1, "{what}");
                assert_eq!(
                    first.leads,
                    [name_of(&activity.lead_as_written)],
                    "{what}: {:?}",
                    activity.text
                );
                let partners: BTreeSet<String> = activity
                    .partners
                    .iter()
                    .map(|n| name_of(n))
                    .filter(|n| *n != first.leads[0])
                    .collect();
                let got: BTreeSet<String> = first.partners.iter().cloned().collect();
                assert_eq!(got, partners, "{what}: partners of {:?}", activity.text);
                // The deadline moved to the new period, the old one kept in the note.
                let note = first.note.clone().unwrap_or_default();
                assert!(
                    note.contains(&activity.deadline),
                    "{what}: note {note:?} lacks {:?}",
                    activity.deadline
                );
                assert_eq!(
                    first.expected_result.as_deref().map(same_text),
                    activity.result.as_deref().map(same_text),
                    "{what}"
                );
                assert_eq!(
                    first.budget, activity.amount,
                    "{what}: budget of {:?}",
                    activity.text
                );
                if activity.indicators.is_empty() {
                    // No indicator in the document: one row, its indicator left for the
                    // institution to fill (import.md), merged blank until it is.
                    let blank: Vec<&str> = mine.iter().map(|r| r.indicator.as_str()).collect();
                    assert_eq!(blank, [""], "{what}: {:?}", activity.text);
                } else {
                    let got: Vec<(String, Option<f64>, Option<f64>)> = mine
                        .iter()
                        .map(|r| (same_text(&r.indicator), r.baseline, r.target))
                        .collect();
                    let expected: Vec<(String, Option<f64>, Option<f64>)> = activity
                        .indicators
                        .iter()
                        .map(|i| (same_text(&i.text), i.baseline, i.target))
                        .collect();
                    assert_eq!(got, expected, "{what}: indicators of {:?}", activity.text);
                }
            }
        }
    }
    let activities: BTreeSet<&str> = rows.iter().map(|r| r.activity_code.as_str()).collect();
    assert_eq!(activities.len(), seen, "{what}: activities in Данни");
}

fn cell_text(data: &Data) -> String {
    match data {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        _ => String::new(),
    }
}

/// The report's accounting adds up: every table row is listed, placed or not.
fn check_report(imported: &Imported, what: &str) {
    let mut book = Workbook::from_bytes(imported.report_xlsx.clone(), Limits::default()).unwrap();
    let names = book.sheet_names();
    assert_eq!(
        names,
        ["Обобщение", "Редове", "За преглед", "_meta"],
        "{what}"
    );
    let summary = book.sheet("Обобщение").unwrap();
    let value = |label: &str| -> f64 {
        let row = summary
            .rows()
            .find(|r| cell_text(summary.get(*r, 0)) == label)
            .unwrap_or_else(|| panic!("{what}: no {label}"));
        match summary.get(row, 1) {
            Data::Float(f) => *f,
            other => panic!("{what}: {label} is {other:?}"),
        }
    };
    let (rows, placed, not_placed) = (
        value("Редове в таблиците"),
        value("Поставени"),
        value("Непоставени"),
    );
    assert_eq!(rows, placed + not_placed, "{what}");
    assert_eq!(not_placed, 0.0, "{what}");
    assert_eq!(
        value("Дейности") as usize,
        imported.programme.activities.len(),
        "{what}"
    );
    let listed = book.sheet("Редове").unwrap();
    let data_rows: Vec<u32> = listed.rows().filter(|r| *r > 0).collect();
    assert_eq!(
        data_rows.len() as f64,
        rows,
        "{what}: every table row listed"
    );
    let placed_listed = data_rows
        .iter()
        .filter(|r| cell_text(listed.get(**r, 2)) != "не е поставен")
        .count();
    assert_eq!(placed_listed as f64, placed, "{what}");
    // Every activity row says where it went.
    for r in &data_rows {
        if cell_text(listed.get(*r, 2)) == "дейност" {
            assert!(
                cell_text(listed.get(*r, 3)).contains(".xlsx, ред"),
                "{what}: row {r}"
            );
        }
    }
}

#[test]
fn the_same_document_gives_the_same_bytes() {
    let file = fixtures().join("ruse-2018.odt");
    let first = import(&file);
    let second = import(&file);
    assert_eq!(first.config_toml, second.config_toml);
    assert_eq!(first.report_xlsx, second.report_xlsx);
    assert_eq!(first.contributions, second.contributions);
}

#[test]
fn the_command_writes_the_folder_and_says_what_it_did() {
    if !common::tools::have(&[Tool::Python]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("кръг");
    let document = fixtures().join("haskovo-2019.docx");
    let output = common::zakrila([
        "import".as_ref(),
        document.as_os_str(),
        "--municipality-code".as_ref(),
        "HKV34".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
    let stderr = common::stderr(&output);
    assert!(
        stderr.contains("5 приоритета, 25 цели, 79 дейности"),
        "{stderr}"
    );
    let config = Programme::load(&out.join("programme.toml")).unwrap();
    assert_eq!(config.municipality_code, "HKV34");
    assert!(out.join("import-report.xlsx").is_file());
    let files = std::fs::read_dir(&out).unwrap().count();
    assert!(files > 3, "{files}");
    // Every workbook written (the report and the pre-filled contributions) keeps the row and
    // cell order Excel requires.
    let workbooks: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    assert!(workbooks.len() >= 2, "{workbooks:?}");
    let workbooks: Vec<&Path> = workbooks.iter().map(PathBuf::as_path).collect();
    common::python_check("excel_rules.py", &workbooks);
    // Twice (over its own files, which --force allows): the same bytes.
    let before = std::fs::read(out.join("programme.toml")).unwrap();
    let again = common::zakrila([
        "import".as_ref(),
        document.as_os_str(),
        "--municipality-code".as_ref(),
        "HKV34".as_ref(),
        "--force".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(std::fs::read(out.join("programme.toml")).unwrap(), before);

    // Without a code: a placeholder, said so; with --period: that period.
    let other = dir.path().join("друг");
    let output = common::zakrila([
        "import".as_ref(),
        document.as_os_str(),
        "--period".as_ref(),
        "2026-01-01..2026-12-31".as_ref(),
        "-o".as_ref(),
        other.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
    assert!(common::stderr(&output).contains("--municipality-code"));
    let config = Programme::load(&other.join("programme.toml")).unwrap();
    assert_eq!(config.municipality_code, "XXX00");
    assert_eq!(config.period_start.to_string(), "2026-01-01");
    assert_eq!(config.currency.code(), "EUR");
}

/// A document that is not a programme: one sentence, exit 2, nothing written.
#[test]
fn documents_that_are_no_programme_get_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, &str); 5] = [
        ("old-word.doc", ".doc", "is in Word's old .doc format"),
        ("damaged.docx", "повреден", "is damaged"),
        (
            "not-a-programme.docx",
            "няма таблица на програмата",
            "has no programme table",
        ),
        (
            "../../../samples/ruse-2025/02-ruo-ruse.xlsx",
            "електронна таблица",
            "is a spreadsheet",
        ),
        ("липсва.docx", "не може да бъде прочетен", "Cannot read"),
    ];
    for (file, bg, en) in cases {
        let path = fixtures().join(file);
        for (lang, words) in [("bg", bg), ("en", en)] {
            let out = dir.path().join(format!("{file}-{lang}").replace('/', "_"));
            let output = common::zakrila([
                "--lang".as_ref(),
                lang.as_ref(),
                "import".as_ref(),
                path.as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
            ]);
            let stderr = common::stderr(&output);
            assert_eq!(output.status.code(), Some(2), "{file}: {stderr}");
            assert_eq!(stderr.trim().lines().count(), 1, "{file}: {stderr}");
            assert!(stderr.contains(words), "{file} ({lang}): {stderr}");
            assert!(!stderr.contains("panicked"), "{file}: {stderr}");
            assert!(!out.exists(), "{file}: nothing is written");
        }
    }
    // Bad arguments.
    let document = fixtures().join("ruse-2025.docx");
    for (option, value) in [("--period", "2026"), ("--municipality-code", "RSE2")] {
        let output = common::zakrila([
            "import".as_ref(),
            document.as_os_str(),
            option.as_ref(),
            value.as_ref(),
            "-o".as_ref(),
            dir.path().join("x").as_os_str(),
        ]);
        assert_eq!(output.status.code(), Some(2), "{option}");
        assert!(common::stderr(&output).contains(value), "{option}");
    }
}

/// Hostile documents (limits.md): a zip bomb and cut or shuffled bytes end in one error,
/// never a panic.
#[test]
fn hostile_documents_are_refused_without_a_panic() {
    let bytes = std::fs::read(fixtures().join("ruse-2025.docx")).unwrap();
    let options = |mb| ImportOptions {
        period: None,
        municipality_code: None,
        source_name: "x.docx".into(),
        limits: Limits::for_file_mb(mb),
    };
    // Cut at many places.
    for cut in (0..bytes.len()).step_by(bytes.len() / 40) {
        let _ = zakrila::api::import(&bytes[..cut], &options(20), Lang::Bg);
    }
    // Bytes changed in the middle of the compressed document.
    for at in (bytes.len() / 4..bytes.len() * 3 / 4).step_by(bytes.len() / 30) {
        let mut broken = bytes.clone();
        broken[at] ^= 0x55;
        let _ = zakrila::api::import(&broken, &options(20), Lang::Bg);
    }
    // A document.xml that unpacks past the part limit of a 1 MB file.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflate = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", deflate).unwrap();
    std::io::Write::write_all(&mut zip, b"<Types/>").unwrap();
    zip.start_file("word/document.xml", deflate).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..8 {
        std::io::Write::write_all(&mut zip, &zeros).unwrap();
    }
    let bomb = zip.finish().unwrap().into_inner();
    let result = zakrila::api::import(&bomb, &options(1), Lang::Bg);
    assert!(
        matches!(
            result,
            Err(zakrila::import::ImportError::Document(
                zakrila::read::document::DocumentError::TooLarge(_)
            ))
        ),
        "{result:?}"
    );
}
