//! Every rule of programme.toml (template.md, "The programme config"), each with a broken
//! config: the error must name the file, the line and column, and say what to write.

use zakrila::catalogue::Lang;
use zakrila::config::{ConfigProblem, Currency, Programme};

const GOOD: &str = r#"[programme]
title = "Общинска програма за закрила на детето"
municipality = "Русе"
municipality_code = "RSE27"
period_start = 2025-01-01
period_end = 2026-12-31
currency = "EUR"

[[priority]]
number = 1
title = "Качествено образование"

[[priority.goal]]
code = "1.1"
title = "Ранно детско развитие"

[[priority.goal]]
code = "1.2"
title = "Материална база"

[[priority]]
number = 2
title = "Здравеопазване"

[[priority.goal]]
code = "2.1"
title = "Детско здравеопазване"

[[institution]]
name = "РУО – Русе"
aliases = ["РУО-Русе", "РУО"]

[[institution]]
name = "Община Русе"
"#;

/// Loads `text` as "programme.toml" and returns the error.
fn error_of(text: &str) -> zakrila::config::ConfigError {
    Programme::from_bytes("programme.toml".as_ref(), text.as_bytes())
        .expect_err("the config should be refused")
}

/// Replaces exactly one occurrence of `from` in the good config.
fn broken(from: &str, to: &str) -> String {
    assert_eq!(GOOD.matches(from).count(), 1, "ambiguous edit {from:?}");
    GOOD.replacen(from, to, 1)
}

/// Asserts the error's position and that both languages name the place and the advice.
fn assert_error(
    text: &str,
    line: usize,
    column: usize,
    english: &[&str],
    bulgarian: &[&str],
) -> ConfigProblem {
    let err = error_of(text);
    let position = err.position.expect("the error has a place");
    assert_eq!((position.line, position.column), (line, column), "{err}");
    let en = err.render(Lang::En);
    assert!(
        en.starts_with(&format!("programme.toml, line {line}, column {column}: ")),
        "{en}"
    );
    for part in english {
        assert!(en.contains(part), "{en:?} lacks {part:?}");
    }
    let bg = err.render(Lang::Bg);
    assert!(
        bg.starts_with(&format!("programme.toml, ред {line}, колона {column}: ")),
        "{bg}"
    );
    for part in bulgarian {
        assert!(bg.contains(part), "{bg:?} lacks {part:?}");
    }
    err.problem
}

#[test]
fn the_good_config_loads() {
    let programme = Programme::from_bytes("programme.toml".as_ref(), GOOD.as_bytes()).unwrap();
    assert_eq!(programme.priorities.len(), 2);
    assert_eq!(
        programme.priorities[0].goals[1].label(),
        "1.2. Материална база"
    );
    // "РУО-Русе" is the name itself under loose comparison, so it adds nothing.
    assert_eq!(programme.institutions[0].aliases, ["РУО"]);
    assert_eq!(programme.currency, Currency::Eur);
    assert_eq!(
        programme.funding_sources.len(),
        8,
        "default funding sources"
    );
    assert_eq!(programme.sha256.len(), 64);
}

#[test]
fn the_ruse_sample_loads() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/ruse-2025/programme.toml");
    let programme = Programme::load(&path).unwrap();
    assert_eq!(programme.priorities.len(), 7);
    let goals: usize = programme.priorities.iter().map(|p| p.goals.len()).sum();
    assert_eq!(goals, 26);
    assert_eq!(programme.municipality_code, "RSE27");
    assert_eq!(programme.period_start.to_string(), "2025-01-01");
    assert_eq!(programme.period_end.to_string(), "2026-12-31");
    assert_eq!(programme.currency, Currency::Eur);
    for name in [
        "Община Русе",
        "РУО – Русе",
        "РЗИ – Русе",
        "ОД на МВР – Русе",
        "МКБППМН",
    ] {
        assert!(
            programme.institutions.iter().any(|i| i.name == name),
            "{name} missing"
        );
    }
}

#[test]
fn missing_key() {
    let text = broken("municipality = \"Русе\"\n", "");
    let problem = assert_error(
        &text,
        1,
        1,
        &[
            "[programme] has no \"municipality\"",
            "municipality = \"Русе\"",
        ],
        &["липсва ключът „municipality“"],
    );
    assert!(matches!(problem, ConfigProblem::MissingKey { .. }));
}

#[test]
fn missing_programme_section_has_no_line_but_names_the_file() {
    let text = GOOD.replacen("[programme]", "[programm]", 1);
    // The misspelt section is an unknown key at its own place.
    assert_error(
        &text,
        1,
        2,
        &["unknown key \"programm\"", "allowed: programme, priority"],
        &["непознат ключ „programm“"],
    );
    let without = GOOD
        .split("[[priority]]")
        .skip(1)
        .collect::<Vec<_>>()
        .join("[[priority]]");
    let err = error_of(&format!("[[priority]]{without}"));
    assert_eq!(err.position, None);
    assert_eq!(
        err.render(Lang::En),
        "programme.toml: the [programme] section is missing; add it as in template.md's example."
    );
}

#[test]
fn unknown_key_is_a_typo_not_silence() {
    let text = broken(
        "title = \"Качествено образование\"",
        "titel = \"Качествено образование\"",
    );
    assert_error(
        &text,
        11,
        1,
        &[
            "unknown key \"titel\" in [priority]",
            "allowed: number, title, goal",
        ],
        &["непознат ключ „titel“ в [priority]"],
    );
}

#[test]
fn wrong_type() {
    let text = broken("municipality = \"Русе\"", "municipality = 27");
    assert_error(
        &text,
        3,
        16,
        &["\"municipality\" must be a text in quotes"],
        &["„municipality“ трябва да е текст в кавички"],
    );
}

#[test]
fn empty_text() {
    let text = broken("title = \"Ранно детско развитие\"", "title = \"   \"");
    assert_error(&text, 15, 9, &["\"title\" is empty"], &["„title“ е празно"]);
}

#[test]
fn too_long_text() {
    let long = "а".repeat(1001);
    let text = broken(
        "title = \"Ранно детско развитие\"",
        &format!("title = \"{long}\""),
    );
    assert_error(
        &text,
        15,
        9,
        &["longer than 1000 characters"],
        &["по-дълго от 1000 знака"],
    );
}

#[test]
fn date_as_text_and_date_with_time() {
    let text = broken("period_start = 2025-01-01", "period_start = \"01.01.2025\"");
    assert_error(
        &text,
        5,
        16,
        &["must be a date without quotes", "period_start = 2025-01-01"],
        &["дата без кавички"],
    );
    let text = broken(
        "period_start = 2025-01-01",
        "period_start = 2025-01-01T10:00:00",
    );
    assert_error(
        &text,
        5,
        16,
        &["must be a date without a time"],
        &["дата без час"],
    );
}

#[test]
fn impossible_date_is_a_syntax_error_with_a_place() {
    let text = broken("period_end = 2026-12-31", "period_end = 2026-02-30");
    let problem = assert_error(
        &text,
        6,
        14,
        &["the date is wrong"],
        &["датата не е правилна"],
    );
    assert!(matches!(problem, ConfigProblem::Syntax { .. }));
}

#[test]
fn period_end_before_start() {
    let text = broken("period_end = 2026-12-31", "period_end = 2024-12-31");
    assert_error(
        &text,
        6,
        14,
        &["period_end (2024-12-31) is before period_start (2025-01-01)"],
        &["period_end (2024-12-31) е преди period_start (2025-01-01)"],
    );
}

#[test]
fn bad_municipality_code() {
    for bad in ["\"RSE2\"", "\"rse27\"", "\"РСЕ27\""] {
        let text = broken("\"RSE27\"", bad);
        assert_error(
            &text,
            4,
            21,
            &["is not an EKATTE municipality code", "\"RSE27\""],
            &["не е код по ЕКАТТЕ"],
        );
    }
}

#[test]
fn bad_currency() {
    let text = broken("currency = \"EUR\"", "currency = \"лв.\"");
    assert_error(
        &text,
        7,
        12,
        &["unknown currency \"лв.\"", "\"EUR\" or \"BGN\""],
        &["непозната валута „лв.“"],
    );
}

#[test]
fn bad_priority_number() {
    let text = broken("number = 2", "number = \"2\"");
    assert_error(
        &text,
        22,
        10,
        &["not a positive whole number"],
        &["цяло положително число"],
    );
    let text = broken("number = 2", "number = 0");
    assert_error(
        &text,
        22,
        10,
        &["not a positive whole number"],
        &["number = 1"],
    );
}

#[test]
fn duplicate_priority() {
    let text = broken("number = 2", "number = 1");
    assert_error(
        &text,
        22,
        10,
        &["priority 1 is already defined on line 10"],
        &["приоритет 1 вече е описан на ред 10"],
    );
}

#[test]
fn goal_code_form() {
    let text = broken("code = \"1.2\"", "code = \"1-2\"");
    assert_error(
        &text,
        18,
        8,
        &["goal code \"1-2\" is not of the form", "code = \"1.2\""],
        &["кодът на цел „1-2“"],
    );
}

#[test]
fn goal_code_must_start_with_its_priority_number() {
    let text = broken("code = \"2.1\"", "code = \"1.3\"");
    assert_error(
        &text,
        26,
        8,
        &["goal \"1.3\" is under priority 2", "must start with \"2.\""],
        &["трябва да започва с „2.“"],
    );
}

#[test]
fn duplicate_goal() {
    let text = broken("code = \"1.2\"", "code = \"1.1\"");
    assert_error(
        &text,
        18,
        8,
        &["goal \"1.1\" is already defined on line 14"],
        &["цел „1.1“ вече е описана на ред 14"],
    );
}

#[test]
fn duplicate_institution_names_and_aliases_compare_loosely() {
    // An alias of the second institution that is the first one's name with another dash.
    let text = broken(
        "name = \"Община Русе\"",
        "name = \"Община Русе\"\naliases = [\"руо - русе\"]",
    );
    assert_error(
        &text,
        35,
        12,
        &["\"руо - русе\" is the same as a name or alias on line 30"],
        &["съвпада с име или съкращение на институция от ред 30"],
    );
    let text = broken("name = \"Община Русе\"", "name = \"РУО\"");
    assert_error(&text, 34, 8, &["\"РУО\" is the same"], &["„РУО“ съвпада"]);
}

#[test]
fn duplicate_funding_source() {
    let text = format!(
        "{GOOD}\n[[funding_source]]\nname = \"Общински бюджет\"\n\n[[funding_source]]\nname = \"общински  бюджет\"\n"
    );
    assert_error(
        &text,
        40,
        8,
        &["funding source \"общински бюджет\" is already listed on line 37"],
        &["вече е посочен на ред 37"],
    );
}

#[test]
fn configured_funding_sources_replace_the_default_list() {
    let text = format!("{GOOD}\n[[funding_source]]\nname = \"Проект „Детство“\"\n");
    let programme = Programme::from_bytes("programme.toml".as_ref(), text.as_bytes()).unwrap();
    assert_eq!(programme.funding_sources, ["Проект „Детство“"]);
}

#[test]
fn separators_in_names_are_refused() {
    let text = broken("\"РУО-Русе\", \"РУО\"", "\"РУО-Русе\", \"РУО, Русе\"");
    assert_error(
        &text,
        31,
        24,
        &["contains \";\" or \",\""],
        &["съдържа „;“ или „,“"],
    );
}

#[test]
fn priority_without_goals() {
    let cut_start = GOOD.find("[[priority.goal]]\ncode = \"2.1\"").unwrap();
    let cut_end = GOOD.find("[[institution]]").unwrap();
    let text = format!("{}{}", &GOOD[..cut_start], &GOOD[cut_end..]);
    assert_error(
        &text,
        21,
        1,
        &["priority 2 has no goals", "code = \"2.1\""],
        &["приоритет 2 няма цели"],
    );
}

#[test]
fn no_priorities_and_no_institutions() {
    let head = &GOOD[..GOOD.find("[[priority]]").unwrap()];
    let institutions = &GOOD[GOOD.find("[[institution]]").unwrap()..];
    let err = error_of(&format!("{head}{institutions}"));
    assert_eq!(err.position, None);
    assert!(err.render(Lang::En).contains("there is no priority"));
    let err = error_of(&GOOD[..GOOD.find("[[institution]]").unwrap()]);
    assert!(err.render(Lang::Bg).contains("няма нито една институция"));
}

#[test]
fn syntax_error_has_line_and_column() {
    let text = broken("title = \"Здравеопазване\"", "title = Здравеопазване");
    let err = error_of(&text);
    let position = err.position.unwrap();
    assert_eq!((position.line, position.column), (23, 9));
    assert!(err.render(Lang::En).contains("must be in straight quotes"));
    assert!(!err.render(Lang::Bg).contains("expected"));
}

#[test]
fn not_utf8() {
    let mut bytes = GOOD.as_bytes().to_vec();
    let at = GOOD.find("Русе").unwrap();
    bytes[at] = 0xC0; // Windows-1251 "А", not UTF-8
    let err = Programme::from_bytes("programme.toml".as_ref(), &bytes).unwrap_err();
    assert_eq!(err.problem, ConfigProblem::NotUtf8);
    assert!(err.render(Lang::En).contains("save it with UTF-8 encoding"));
}

/// Line and column (1-based, in characters) of the first `needle` in `text`.
fn place_of(text: &str, needle: &str) -> (usize, usize) {
    let offset = text.find(needle).expect("the needle is in the text");
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

const MAIL: &str = "\n[mail]\nsmtp = \"smtp.office365.com:587\"\nsecurity = \"starttls\"\n\
user = \"komisia@ruse.bg\"\nfrom = \"Комисия за закрила на детето <komisia@ruse.bg>\"\n";

#[test]
fn mail_settings_and_institution_addresses_load() {
    let text = broken(
        "name = \"Община Русе\"",
        "name = \"Община Русе\"\nemail = \"obshtina@ruse.bg\"",
    ) + MAIL;
    let programme = Programme::from_bytes("programme.toml".as_ref(), text.as_bytes()).unwrap();
    let mail = programme.mail.expect("[mail] is read");
    assert_eq!((mail.host.as_str(), mail.port), ("smtp.office365.com", 587));
    assert_eq!(mail.user.as_deref(), Some("komisia@ruse.bg"));
    assert_eq!(
        mail.from.name.as_deref(),
        Some("Комисия за закрила на детето")
    );
    assert_eq!(programme.institutions[0].email, None);
    assert_eq!(
        programme.institutions[1].email.as_deref(),
        Some("obshtina@ruse.bg")
    );
    // Without [mail] the portal sends nothing, and says so nowhere: it is optional.
    let plain = Programme::from_bytes("programme.toml".as_ref(), GOOD.as_bytes()).unwrap();
    assert!(plain.mail.is_none());
}

#[test]
fn a_bad_address_is_named_where_it_is_written() {
    for bad in ["obshtina@ruse", "obshtina ruse.bg", "Община Русе"] {
        let text = broken(
            "name = \"Община Русе\"",
            &format!("name = \"Община Русе\"\nemail = \"{bad}\""),
        );
        let (line, column) = place_of(&text, "email = ");
        let problem = assert_error(
            &text,
            line,
            column + "email = ".len(),
            &[
                &format!("\"{bad}\" is not an e-mail address"),
                "email = \"obshtina@ruse.bg\"",
            ],
            &[&format!("„{bad}“ не е имейл адрес")],
        );
        assert!(matches!(problem, ConfigProblem::Email { .. }));
    }
    let text = GOOD.to_string()
        + &MAIL.replace("Комисия за закрила на детето <komisia@ruse.bg>", "komisia@");
    let (line, column) = place_of(&text, "from = ");
    assert_error(
        &text,
        line,
        column + "from = ".len(),
        &["\"komisia@\" is not an e-mail address", "from = \"Комисия"],
        &["не е имейл адрес"],
    );
}

#[test]
fn mail_server_security_and_password_mistakes_say_what_to_write() {
    let cases: [(&str, &str, &str, &str); 4] = [
        (
            "smtp = \"smtp.office365.com:587\"",
            "smtp = \"smtp://smtp.office365.com\"",
            "smtp = ",
            "is not a mail server's address",
        ),
        (
            "security = \"starttls\"",
            "security = \"ssl/tls\"",
            "security = ",
            "unknown security \"ssl/tls\"",
        ),
        (
            "security = \"starttls\"",
            "security = \"none\"",
            "user = ",
            "would cross the network unencrypted",
        ),
        (
            "security = \"starttls\"",
            "security = \"starttls\"\npassword = \"таен\"",
            "password = ",
            "ZAKRILA_SMTP_PASSWORD",
        ),
    ];
    for (from, to, at, english) in cases {
        let text = GOOD.to_string() + &MAIL.replacen(from, to, 1);
        let (line, column) = place_of(&text, at);
        let column = if at == "password = " {
            column
        } else {
            column + at.len()
        };
        assert_error(&text, line, column, &[english], &[]);
    }
}
