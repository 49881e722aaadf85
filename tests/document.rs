//! `zakrila document`: the council's Word documents, and the yearly cycle closed — the
//! programme document of a merge, read back by `zakrila import`, gives the same programme
//! and the same `programme.md` (spec: documents.md, "Promises").

mod common;

use common::tools::Tool;
use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use common::{python_check, soffice_convert, stderr, zakrila};
use serde_json::{Value, json};
use zakrila::api::{DocumentKind, ImportOptions};
use zakrila::catalogue::Lang;
use zakrila::config::Programme;
use zakrila::model::import::ImportedProgramme;
use zakrila::model::programme_rows::DataRow;
use zakrila::normalise::text::{clean, fold_key};
use zakrila::read::Limits;

const SAMPLES: [&str; 3] = ["ruse-2025", "ruse-2018", "haskovo-2019"];

/// The sample's contributions merged, as the workbook `merge` writes: (config, workbook).
fn merged(sample: &str) -> (Programme, Vec<u8>) {
    let dir = common::root().join("samples").join(sample);
    let programme = Programme::load(&dir.join("programme.toml")).expect("the sample config");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("the sample folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| ["xlsx", "xls", "ods"].contains(&e.to_str().unwrap_or("")))
        })
        .collect();
    names.sort();
    let submissions = names
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).expect("a sample");
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            zakrila::api::validate(&programme, &name, bytes, Limits::default())
        })
        .collect();
    let (merged, _) = zakrila::api::merge(&programme, submissions);
    let workbook =
        zakrila::api::programme_workbook(merged, &programme, Lang::Bg).expect("the workbook");
    (programme, workbook)
}

/// An indicator: wording, current and target values, unit.
type Indicator = (String, Option<f64>, Option<f64>, Option<String>);

/// One activity as the comparison sees it.
#[derive(Debug, PartialEq)]
struct Activity {
    priority: String,
    goal: String,
    text: String,
    deadline: String,
    indicators: Vec<Indicator>,
    amount: Option<(f64, &'static str)>,
    funding_source: Option<String>,
    lead: String,
    partners: Vec<String>,
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

fn unit(unit: Option<&str>) -> Option<String> {
    unit.filter(|u| fold_key(u) != "брой").map(str::to_string)
}

/// The merged programme's activities, from its `Данни` rows and the config's titles.
fn expected(programme: &Programme, rows: &[DataRow]) -> Vec<Activity> {
    let mut out: Vec<(String, Activity)> = Vec::new();
    for row in rows {
        let (priority, goal) = programme.goal(&row.goal).expect("a configured goal");
        if out
            .last()
            .is_none_or(|(code, _)| *code != row.activity_code)
        {
            let mut names = row.leads.clone();
            names.extend(row.partners.iter().cloned());
            let mut partners: Vec<String> = Vec::new();
            for name in &names[1..] {
                if *name != names[0] && !partners.contains(name) {
                    partners.push(name.clone());
                }
            }
            out.push((
                row.activity_code.clone(),
                Activity {
                    priority: priority.title.clone(),
                    goal: goal.title.clone(),
                    text: clean(&row.activity),
                    deadline: clean(&row.deadline).replace('\n', " "),
                    indicators: Vec::new(),
                    amount: row.budget.map(|b| (b, row.currency.code())),
                    funding_source: row.funding_source.clone(),
                    lead: names[0].clone(),
                    partners: sorted(partners),
                },
            ));
        }
        let activity = &mut out.last_mut().unwrap().1;
        if row.indicator.trim().is_empty() {
            // Left for the institution to fill: the document has no line for it.
            continue;
        }
        activity.indicators.push((
            clean(&row.indicator).replace('\n', " "),
            row.baseline,
            row.target,
            unit(row.unit.as_deref()),
        ));
    }
    out.into_iter().map(|(_, a)| a).collect()
}

/// The activities `import` read.
fn read_back(imported: &ImportedProgramme) -> Vec<Activity> {
    let name = |i: usize| imported.institutions[i].name.clone();
    imported
        .activities
        .iter()
        .map(|a| {
            let priority = &imported.priorities[a.priority];
            Activity {
                priority: priority.title.clone(),
                goal: priority.goals[a.goal].title.clone(),
                text: clean(&a.text),
                deadline: a.old_deadline.clone().unwrap_or_else(|| a.deadline.clone()),
                indicators: a
                    .indicators
                    .iter()
                    .map(|i| {
                        (
                            i.text.clone(),
                            i.baseline,
                            i.target,
                            unit(i.unit.as_deref()),
                        )
                    })
                    .collect(),
                amount: a.amount.map(|(v, c)| (v, c.map_or("?", |c| c.code()))),
                funding_source: a.funding_source.clone(),
                lead: a.lead.map(name).unwrap_or_default(),
                // Words that name no institution („образователни институции“ as a class)
                // are kept beside the partners, not made into institutions; the comparison
                // takes the partners as a set.
                partners: sorted(
                    a.partners
                        .iter()
                        .map(|p| name(*p))
                        .chain(a.partner_words.iter().cloned())
                        .collect(),
                ),
            }
        })
        .collect()
}

/// import(document(merge(sample))) gives back the merged programme: priorities, goals,
/// activities, indicators with their values and units, deadlines, amounts, funding sources,
/// lead and partners — and `programme.md` comes back as it went in.
#[test]
fn the_cycle_closes_on_the_three_samples() {
    for sample in SAMPLES {
        let (programme, workbook) = merged(sample);
        let rows = zakrila::api::programme_rows(workbook.clone(), Limits::default()).unwrap();
        // programme.md as import makes it from last year's document.
        let fixture = common::root()
            .join("tests/fixtures/import")
            .join(format!("{sample}.docx"));
        let options = |name: &str| ImportOptions {
            period: Some((programme.period_start, programme.period_end)),
            municipality_code: Some(programme.municipality_code.clone()),
            source_name: name.into(),
            limits: Limits::default(),
        };
        let last_year = zakrila::api::import(
            &std::fs::read(&fixture).unwrap(),
            &options("last.docx"),
            Lang::Bg,
        )
        .expect("the fixture imports");
        let text = String::from_utf8(last_year.programme_md).unwrap();

        let made = zakrila::api::document(&programme, Some(&text), workbook, Limits::default())
            .expect("the document is made");
        assert_eq!(made.kind, DocumentKind::Programme);
        let back = zakrila::api::import(&made.bytes, &options("this.docx"), Lang::Bg)
            .unwrap_or_else(|e| panic!("{sample}: the document imports: {e:?}"));

        let want = expected(&programme, &rows);
        let got = read_back(&back.programme);
        assert_eq!(got.len(), want.len(), "{sample}: activities");
        for (got, want) in got.iter().zip(&want) {
            assert_eq!(got, want, "{sample}");
        }
        let (_, not_placed) = back.programme.accounting();
        assert_eq!(not_placed, 0, "{sample}: every row placed");
        assert_eq!(
            String::from_utf8(back.programme_md).unwrap(),
            text,
            "{sample}: programme.md"
        );
    }
}

/// The cycle on documents laid out as other municipalities lay theirs out (issue 27's
/// fixtures: priority headings over paragraphs, one table each, one without indicators):
/// last year's document imported, its contributions merged as they are, the document
/// written with the imported programme.md, and imported again.
#[test]
fn the_cycle_closes_on_other_municipalities_layouts() {
    for name in ["headings-no-indicators", "headings-with-indicators"] {
        let fixture = common::root()
            .join("tests/fixtures/municipalities")
            .join(format!("{name}.docx"));
        let options = |period| ImportOptions {
            period,
            municipality_code: Some("HKV34".into()),
            source_name: format!("{name}.docx"),
            limits: Limits::default(),
        };
        let last_year =
            zakrila::api::import(&std::fs::read(&fixture).unwrap(), &options(None), Lang::Bg)
                .unwrap();
        let programme =
            Programme::from_bytes("programme.toml".as_ref(), &last_year.config_toml).unwrap();
        let submissions = last_year
            .contributions
            .iter()
            .map(|(file, bytes)| {
                zakrila::api::validate(&programme, file, bytes.clone(), Limits::default())
            })
            .collect();
        let (merged, summary) = zakrila::api::merge(&programme, submissions);
        assert_eq!(summary.rejected, 0, "{name}");
        let workbook = zakrila::api::programme_workbook(merged, &programme, Lang::Bg).unwrap();
        let rows = zakrila::api::programme_rows(workbook.clone(), Limits::default()).unwrap();
        let text = String::from_utf8(last_year.programme_md).unwrap();
        // The priorities' headings stand over their descriptions: kept with them.
        assert!(fold_key(&text).contains("приоритет"), "{name}: {text}");
        let made =
            zakrila::api::document(&programme, Some(&text), workbook, Limits::default()).unwrap();
        let period = Some((programme.period_start, programme.period_end));
        let back = zakrila::api::import(&made.bytes, &options(period), Lang::Bg).unwrap();
        assert_eq!(
            read_back(&back.programme),
            expected(&programme, &rows),
            "{name}"
        );
        assert_eq!(
            String::from_utf8(back.programme_md).unwrap(),
            text,
            "{name}"
        );
    }
}

/// The same inputs give the same bytes, made twice in one process (docx-rs numbered its
/// paragraphs from a per-thread counter: one reason it is not used).
#[test]
fn the_same_inputs_give_the_same_bytes() {
    let (programme, workbook) = merged("haskovo-2019");
    let first = zakrila::api::document(&programme, None, workbook.clone(), Limits::default())
        .unwrap()
        .bytes;
    let second = zakrila::api::document(&programme, None, workbook, Limits::default())
        .unwrap()
        .bytes;
    assert_eq!(first, second);
}

/// The Ruse sample's config with a `[council]` table, in `dir`.
fn council_config(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(common::ruse_config()).unwrap();
    let text = text.replacen(
        "[[priority]]",
        "[council]\nmayor = \"Пенчо Милков\"\ncommission_meeting = 2025-04-07\n\n[[priority]]",
        1,
    );
    let config = dir.join("programme.toml");
    std::fs::write(&config, text).unwrap();
    config
}

fn run_ok(args: &[&OsStr]) -> String {
    let run = zakrila(args);
    let said = stderr(&run);
    assert!(run.status.code().is_some_and(|c| c <= 1), "{said}");
    said
}

/// An activity as check_document.py expects it.
fn activity_json(code: &str, text: &str, word: Option<&str>) -> Value {
    let text: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut activity = json!({"code": code, "text": text.join("\n")});
    if let Some(word) = word {
        activity["word"] = json!(word);
    }
    activity
}

/// Converts the document with LibreOffice and checks both with check_document.py.
fn check_document(docx: &Path, expected: &Value) {
    let dir = docx.parent().unwrap();
    let pdf = soffice_convert(docx, "pdf", dir);
    let expected_path = docx.with_extension("json");
    std::fs::write(&expected_path, expected.to_string()).unwrap();
    python_check("check_document.py", &[docx, &expected_path, &pdf]);
}

/// The Ruse round as the secretary runs it: last year's document imported (its
/// programme.md beside the config), the contributions merged, the document written with the
/// mayor's proposal — checked by python-docx, by the schemas, and printed by LibreOffice.
#[test]
fn the_programme_document_prints_as_the_council_reads_it() {
    if !common::tools::have(&[Tool::LibreOffice, Tool::Python, Tool::PythonDocx]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let config = council_config(dir);
    let last_year = dir.join("миналата");
    run_ok(&[
        "import".as_ref(),
        common::root()
            .join("tests/fixtures/import/ruse-2025.docx")
            .as_os_str(),
        "-o".as_ref(),
        last_year.as_os_str(),
    ]);
    std::fs::copy(last_year.join("programme.md"), dir.join("programme.md")).unwrap();
    let programme = dir.join("програма.xlsx");
    run_ok(&[
        "merge".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        programme.as_os_str(),
        common::root().join("samples/ruse-2025").as_os_str(),
    ]);
    let docx = dir.join("програма за съвета.docx");
    let run = zakrila([
        "document".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        docx.as_os_str(),
        programme.as_os_str(),
    ]);
    let said = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{said}");
    assert!(said.contains("предложението на кмета"), "{said}");
    // The fixture's text has no strategic goal or financing section: document says so.
    assert!(
        said.contains("II. СТРАТЕГИЧЕСКА ЦЕЛ И ПРИОРИТЕТИ"),
        "{said}"
    );

    let rows = zakrila::api::programme_rows(std::fs::read(&programme).unwrap(), Limits::default())
        .unwrap();
    let mut activities: Vec<Value> = Vec::new();
    for row in &rows {
        if activities
            .last()
            .is_none_or(|a| a["code"] != row.activity_code.as_str())
        {
            activities.push(activity_json(&row.activity_code, &row.activity, None));
        }
    }
    let expected = json!({
        "kind": "programme",
        "activities": activities,
        "priorities": 7,
        "proposal": "ПЕНЧО МИЛКОВ",
        "sections": ["portrait", "portrait", "landscape", "portrait"],
        "paragraphs": [
            "ОБЩИНА РУСЕ",
            "ОБЩИНСКА ПРОГРАМА ЗА ЗАКРИЛА НА ДЕТЕТО",
            "2025 г. – 2026 г.",
            "I. ВЪВЕДЕНИЕ",
            "I. ЦЕЛИ, ДЕЙНОСТИ, ОТГОВОРНИ ИНСТИТУЦИ",
            "МОНИТОРИНГ, ОЦЕНЯВАНЕ И ОТЧИТАНЕ",
        ],
    });
    check_document(&docx, &expected);

    // The secretary opens it in LibreOffice and saves it as OpenDocument: import reads the
    // same programme and the same programme.md from that file.
    let saved = dir.join("записан");
    std::fs::create_dir(&saved).unwrap();
    let odt = soffice_convert(&docx, "odt", &saved);
    let programme = Programme::load(&config).unwrap();
    let options = ImportOptions {
        period: Some((programme.period_start, programme.period_end)),
        municipality_code: Some("RSE27".into()),
        source_name: "програма".into(),
        limits: Limits::default(),
    };
    let ours = zakrila::api::import(&std::fs::read(&docx).unwrap(), &options, Lang::Bg).unwrap();
    let resaved = zakrila::api::import(&std::fs::read(&odt).unwrap(), &options, Lang::Bg).unwrap();
    assert_eq!(read_back(&resaved.programme), read_back(&ours.programme));
    assert_eq!(resaved.programme_md, ours.programme_md);
    assert_eq!(
        String::from_utf8(ours.programme_md).unwrap(),
        std::fs::read_to_string(dir.join("programme.md")).unwrap()
    );
}

/// The reporting round: two institutions report, the others do not; the report document
/// says per activity what was reached and names who did not report.
#[test]
fn the_report_document_says_what_each_activity_reached() {
    if !common::tools::have(&[Tool::LibreOffice, Tool::Python, Tool::PythonDocx]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let config = common::ruse_config();
    let programme = dir.join("програма.xlsx");
    run_ok(&[
        "merge".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        programme.as_os_str(),
        common::root().join("samples/ruse-2025").as_os_str(),
    ]);
    let reports = dir.join("отчети");
    run_ok(&[
        "report".as_ref(),
        "new".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        reports.as_os_str(),
        programme.as_os_str(),
    ]);
    let rows = zakrila::api::programme_rows(std::fs::read(&programme).unwrap(), Limits::default())
        .unwrap();
    let keys = zakrila::model::reporting::row_keys(&rows);
    // РУО – Русе reaches every target; ДСП reaches half of its first indicator's target,
    // reports its second activity not done and leaves the rest.
    let mut state: HashMap<String, &str> = HashMap::new();
    let mut filled = Vec::new();
    for (institution, file) in [
        ("РУО – Русе", "руо"),
        ("Дирекция „Социално подпомагане“ – Русе", "дсп"),
    ] {
        let mut values = serde_json::Map::new();
        let mine: Vec<(&String, &DataRow)> = keys
            .iter()
            .zip(&rows)
            .filter(|(_, r)| r.leads.first().map(String::as_str) == Some(institution))
            .collect();
        let first_activity = &mine[0].1.activity_code;
        let second_activity = mine
            .iter()
            .map(|(_, r)| &r.activity_code)
            .find(|c| *c != first_activity)
            .unwrap()
            .clone();
        for (i, (key, row)) in mine.iter().enumerate() {
            let target = row.target.unwrap_or(2.0);
            let (value, reached) = if file == "руо" {
                (
                    json!({"value": target, "comment": "Изпълнено по план"}),
                    "done",
                )
            } else if i == 0 {
                (json!({"value": target / 2.0}), "partly")
            } else if row.activity_code == second_activity {
                (json!({"status": "Неизпълнена"}), "not done")
            } else {
                continue;
            };
            values.insert((*key).clone(), value);
            state.insert((*key).clone(), reached);
        }
        let source = reports.join(format!("{institution}.xlsx"));
        let out = dir.join(format!("{file}-попълнен.xlsx"));
        let spec = dir.join(format!("{file}.json"));
        std::fs::write(&spec, json!({"values": values}).to_string()).unwrap();
        let run = std::process::Command::new("python3")
            .arg(common::root().join("tests/py/fill_report.py"))
            .args([&source, &spec, &out])
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        filled.push(out);
    }
    let report = dir.join("отчет.xlsx");
    let mut args: Vec<&OsStr> = vec![
        "report".as_ref(),
        "collect".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        report.as_os_str(),
        programme.as_os_str(),
    ];
    args.extend(filled.iter().map(|p| p.as_os_str()));
    run_ok(&args);
    let docx = dir.join("отчет.docx");
    let run = zakrila([
        "document".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "-o".as_ref(),
        docx.as_os_str(),
        report.as_os_str(),
    ]);
    let said = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{said}");
    assert!(said.contains("Отчетът за общинския съвет"), "{said}");

    // The words the spec gives: done when every indicator is, not done when none is even
    // partly, not reported when none was, partly otherwise.
    let mut activities: Vec<Value> = Vec::new();
    let mut states: Vec<Vec<&str>> = Vec::new();
    for (key, row) in keys.iter().zip(&rows) {
        if activities
            .last()
            .is_none_or(|a| a["code"] != row.activity_code.as_str())
        {
            activities.push(activity_json(&row.activity_code, &row.activity, None));
            states.push(Vec::new());
        }
        states
            .last_mut()
            .unwrap()
            .push(state.get(key).copied().unwrap_or("none"));
    }
    for (activity, states) in activities.iter_mut().zip(&states) {
        let word = if states.iter().all(|s| *s == "none") {
            "няма отчет"
        } else if states.iter().all(|s| *s == "done") {
            "изпълнено"
        } else if states.iter().all(|s| matches!(*s, "not done" | "none")) {
            "неизпълнено"
        } else {
            "частично"
        };
        activity["word"] = json!(word);
    }
    for word in ["изпълнено", "частично", "неизпълнено", "няма отчет"]
    {
        assert!(
            activities.iter().any(|a| a["word"] == word),
            "a case of {word}"
        );
    }
    let mut silent: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.leads.first().map(String::as_str))
        .filter(|l| !["РУО – Русе", "Дирекция „Социално подпомагане“ – Русе"].contains(l))
        .collect();
    silent.sort();
    silent.dedup();
    let expected = json!({
        "kind": "report",
        "activities": activities,
        "priorities": 7,
        "proposal": null,
        "sections": ["portrait", "landscape"],
        "paragraphs": [
            "ОБЩИНА РУСЕ",
            "ОТЧЕТ ЗА ИЗПЪЛНЕНИЕТО НА ОБЩИНСКА ПРОГРАМА ЗА ЗАКРИЛА НА ДЕТЕТО",
            "I. ОБОБЩЕНИЕ ПО ПРИОРИТЕТИ",
            "II. ИНСТИТУЦИИ, КОИТО НЕ СА ОТЧЕЛИ ДЕЙНОСТИТЕ СИ",
            "Не са подали отчет:",
            "III. ИЗПЪЛНЕНИЕ ПО ДЕЙНОСТИ",
        ],
        "missing": silent,
    });
    check_document(&docx, &expected);
}

/// Anything but a programme workbook or an implementation report, a workbook of another
/// config, a text that is no text, an output not named .docx: one sentence, exit status 2,
/// nothing written.
#[test]
fn wrong_inputs_are_one_sentence_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let out = dir.join("x.docx");
    let (_, workbook) = merged("haskovo-2019");
    let haskovo = dir.join("хасково.xlsx");
    std::fs::write(&haskovo, workbook).unwrap();
    let latin1 = dir.join("latin1.md");
    std::fs::write(&latin1, b"# \xc2\xe2\xe5\xe4\xe5\xed\xe8\xe5\n").unwrap();
    let ruse = common::ruse_config();
    let haskovo_config = common::root().join("samples/haskovo-2019/programme.toml");
    let contribution = common::root().join("samples/ruse-2025/02-ruo-ruse.xlsx");
    let word = common::root().join("tests/fixtures/import/ruse-2025.docx");
    let missing = dir.join("няма.md");
    let xlsx_out = dir.join("програма.xlsx");
    // (config, workbook, --text, -o, language, words of the sentence)
    type Case<'a> = (
        &'a Path,
        &'a Path,
        Option<&'a Path>,
        &'a Path,
        &'a str,
        &'a str,
    );
    let cases: [Case; 6] = [
        (&ruse, &contribution, None, &out, "bg", "не е нито програма"),
        (&ruse, &word, None, &out, "en", "is neither a programme"),
        (&ruse, &haskovo, None, &out, "en", "another config"),
        (
            &haskovo_config,
            &haskovo,
            Some(&latin1),
            &out,
            "en",
            "not UTF-8",
        ),
        (
            &haskovo_config,
            &haskovo,
            Some(&missing),
            &out,
            "bg",
            "не може да бъде прочетен",
        ),
        (
            &haskovo_config,
            &haskovo,
            None,
            &xlsx_out,
            "en",
            "ends in .docx",
        ),
    ];
    for (config, input, text, output, lang, words) in cases {
        let mut args: Vec<&OsStr> = vec![
            "--lang".as_ref(),
            lang.as_ref(),
            "document".as_ref(),
            "--config".as_ref(),
            config.as_os_str(),
            "-o".as_ref(),
            output.as_os_str(),
        ];
        if let Some(text) = text {
            args.extend(["--text".as_ref(), text.as_os_str()]);
        }
        args.push(input.as_os_str());
        let run = zakrila(args);
        let said = stderr(&run);
        assert_eq!(run.status.code(), Some(2), "{said}");
        assert_eq!(said.trim().lines().count(), 1, "{said}");
        assert!(said.contains(words), "{words}: {said}");
        assert!(!output.exists());
    }
}
