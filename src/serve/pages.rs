//! The portal's pages: minijinja templates embedded in the binary (auto-escaped, so a cell
//! holding `<script>` shows as text), the words from the catalogue, and the view of one
//! file's check that the institution's page and the secretary's share.

use minijinja::{Environment, Value, context};
use serde::Serialize;

use crate::catalogue::{Lang, Phrase, page_texts};
use crate::config::Programme;

use crate::round::KeptVersion;

/// The templates, by name, as embedded.
const TEMPLATES: [(&str, &str); 17] = [
    ("base.html", include_str!("templates/base.html")),
    ("findings.html", include_str!("templates/findings.html")),
    (
        "institution.html",
        include_str!("templates/institution.html"),
    ),
    ("login.html", include_str!("templates/login.html")),
    ("setup.html", include_str!("templates/setup.html")),
    ("dashboard.html", include_str!("templates/dashboard.html")),
    ("submission.html", include_str!("templates/submission.html")),
    ("letter.html", include_str!("templates/letter.html")),
    ("message.html", include_str!("templates/message.html")),
    ("audit.html", include_str!("templates/audit.html")),
    (
        "report_section.html",
        include_str!("templates/report_section.html"),
    ),
    (
        "reporting_dashboard.html",
        include_str!("templates/reporting_dashboard.html"),
    ),
    ("merge_plan.html", include_str!("templates/merge_plan.html")),
    (
        "mail_dashboard.html",
        include_str!("templates/mail_dashboard.html"),
    ),
    (
        "reporting_plan.html",
        include_str!("templates/reporting_plan.html"),
    ),
    ("text.html", include_str!("templates/text.html")),
    (
        "confirmation.html",
        include_str!("templates/confirmation.html"),
    ),
];

/// The static files, by name: (bytes, content type).
pub const STATIC_FILES: [(&str, &str, &str); 3] = [
    (
        "style.css",
        include_str!("static/style.css"),
        "text/css; charset=utf-8",
    ),
    (
        "portal.js",
        include_str!("static/portal.js"),
        "text/javascript; charset=utf-8",
    ),
    // The pages carry it inline; a browser showing a download or a JSON answer asks for
    // /favicon.ico, which gives this.
    (
        "favicon.svg",
        include_str!("static/favicon.svg"),
        "image/svg+xml",
    ),
];

/// The template environment with every page.
///
/// # Panics
///
/// Never at run time: the templates are part of the binary, and a syntax error in one is
/// caught by the unit test below before it ships.
pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    for (name, source) in TEMPLATES {
        if let Err(err) = env.add_template(name, source) {
            // Checked by `every_template_compiles`; a broken one renders as an error page.
            eprintln!("template {name}: {err}");
        }
    }
    env
}

/// What every page shows in its frame.
#[derive(Serialize)]
pub struct Frame {
    /// `bg` or `en`.
    pub lang: &'static str,
    /// The other language's code, for the switch.
    pub other_lang: &'static str,
    /// The current path with the other language.
    pub other_lang_href: String,
    /// "" or "?lang=en", appended to links.
    pub lang_query: &'static str,
    /// "" or "&lang=en", appended to links that already have a query.
    pub lang_amp: &'static str,
    /// The page's title.
    pub page_title: String,
    /// The programme's title, municipality and period.
    pub programme: ProgrammeView,
    /// Whether the secretary is signed in (shows the sign-out button).
    pub signed_in: bool,
    /// The session's CSRF token, for forms.
    pub csrf: String,
}

/// The programme as the frame shows it.
#[derive(Serialize)]
pub struct ProgrammeView {
    /// The title.
    pub title: String,
    /// The municipality.
    pub municipality: String,
    /// "01.01.2025 – 31.12.2026".
    pub period: String,
}

impl Frame {
    /// The frame of a page at `path` (without query) in `lang`.
    pub fn new(programme: &Programme, lang: Lang, path: &str, title: String) -> Frame {
        let (code, other, lang_query, lang_amp) = match lang {
            Lang::Bg => ("bg", "en", "", ""),
            Lang::En => ("en", "bg", "?lang=en", "&lang=en"),
        };
        let other_lang_href = match lang {
            Lang::Bg => format!("{path}?lang=en"),
            Lang::En => path.to_string(),
        };
        Frame {
            lang: code,
            other_lang: other,
            other_lang_href,
            lang_query,
            lang_amp,
            page_title: title,
            programme: ProgrammeView {
                title: programme.title.clone(),
                municipality: programme.municipality.clone(),
                period: format!(
                    "{} – {}",
                    programme.period_start.format("%d.%m.%Y"),
                    programme.period_end.format("%d.%m.%Y")
                ),
            },
            signed_in: false,
            csrf: String::new(),
        }
    }

    /// The same frame for the signed-in secretary.
    pub fn signed_in(mut self, csrf: &str) -> Frame {
        self.signed_in = true;
        self.csrf = csrf.to_string();
        self
    }
}

/// Renders a page: the frame, the words of `lang`, and the page's own values.
///
/// # Errors
///
/// A template error (a bug): the caller answers 500.
pub fn render(
    env: &Environment<'static>,
    name: &str,
    lang: Lang,
    frame: &Frame,
    values: Value,
) -> Result<String, minijinja::Error> {
    env.get_template(name)?
        .render(minijinja::value::merge_maps([
            context! { t => page_texts(lang) },
            values,
            Value::from_serialize(frame),
        ]))
}

/// One finding as a page shows it.
#[derive(Clone, Debug, Serialize)]
pub struct FindingView {
    /// "E7", or none for the whole file or sheet.
    pub cell: Option<String>,
    /// The column's header.
    pub column: Option<String>,
    /// `error` or `warning` (the CSS class).
    pub severity: String,
    /// "грешка" / "error".
    pub severity_word: String,
    /// The stable code.
    pub code: String,
    /// The sentence.
    pub message: String,
}

/// The findings of one sheet (or of the whole file, when `sheet` is none).
#[derive(Clone, Debug, Serialize)]
pub struct FindingGroup {
    /// The sheet's name.
    pub sheet: Option<String>,
    /// Its findings, in reading order.
    pub findings: Vec<FindingView>,
}

/// One file's check as the pages show it.
#[derive(Clone, Debug, Serialize)]
pub struct ReportView {
    /// Errors.
    pub errors: i64,
    /// Warnings.
    pub warnings: i64,
    /// "Файлът има 29 реда, 2 грешки и 1 предупреждение."
    pub counts: String,
    /// Portal notes (the file names another institution …), set by the page that shows
    /// them ([`super::words::notes`]).
    pub notes: Vec<String>,
    /// For a file that is no readable contribution (or report): the one sentence that says
    /// what it is and where it should go; the page then shows no findings.
    pub unreadable: Option<String>,
    /// The findings by sheet, in reading order.
    pub groups: Vec<FindingGroup>,
}

/// The view of a kept version's check, from its stored `validate --format json` object
/// (without the portal's notes: see [`super::words::notes`]).
pub fn report_view(record: &KeptVersion, report_json: &str, lang: Lang) -> ReportView {
    let report: serde_json::Value = serde_json::from_str(report_json).unwrap_or_default();
    let mut groups: Vec<FindingGroup> = Vec::new();
    for finding in report["findings"].as_array().into_iter().flatten() {
        let text = |key: &str| finding[key].as_str().map(str::to_string);
        let sheet = text("sheet");
        let severity = text("severity").unwrap_or_default();
        let view = FindingView {
            cell: text("cell"),
            column: text("column"),
            severity_word: match (severity.as_str(), lang) {
                ("error", Lang::Bg) => "грешка",
                ("error", Lang::En) => "error",
                (_, Lang::Bg) => "предупреждение",
                (_, Lang::En) => "warning",
            }
            .to_string(),
            severity,
            code: text("code").unwrap_or_default(),
            message: text("message").unwrap_or_default(),
        };
        match groups.iter_mut().find(|group| group.sheet == sheet) {
            Some(group) => group.findings.push(view),
            None => groups.push(FindingGroup {
                sheet,
                findings: vec![view],
            }),
        }
    }
    ReportView {
        errors: record.errors,
        warnings: record.warnings,
        counts: Phrase::FileCounts {
            rows: usize::try_from(record.rows).unwrap_or(0),
            errors: usize::try_from(record.errors).unwrap_or(0),
            warnings: usize::try_from(record.warnings).unwrap_or(0),
        }
        .render(lang),
        notes: Vec::new(),
        unreadable: super::words::unreadable_sentence(
            record,
            crate::round::first_error(report_json),
            lang,
        ),
        groups,
    }
}

/// A stored UTC time as the pages show it, in the server's local time: "30.11.2026 21:45".
pub fn local_time(stored: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stored).map_or_else(
        |_| stored.to_string(),
        |time| {
            time.with_timezone(&chrono::Local)
                .format("%d.%m.%Y %H:%M")
                .to_string()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles_and_escapes() {
        let env = environment();
        for (name, _) in TEMPLATES {
            assert!(env.get_template(name).is_ok(), "{name}");
        }
        let programme = crate::config::Programme::load(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/samples/ruse-2025/programme.toml"
            )
            .as_ref(),
        )
        .unwrap();
        let frame = Frame::new(&programme, Lang::Bg, "/x", "<b>заглавие</b>".into());
        let html = render(
            &env,
            "message.html",
            Lang::Bg,
            &frame,
            context! { heading => "<script>alert(1)</script>", message => "a & b" },
        )
        .unwrap();
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
            "{html}"
        );
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("a &amp; b"));
    }

    #[test]
    fn every_label_a_template_names_is_in_the_catalogue() {
        // The code names a label by a field of PageTexts (a typo fails the build); a
        // template names it as `t.<key>`, which minijinja would render as nothing.
        let known = page_texts(Lang::Bg);
        let mut missing = Vec::new();
        for (name, source) in TEMPLATES {
            for (at, _) in source.match_indices("t.") {
                let before = source[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let key: String = source[at + 2..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !key.is_empty() && !known.contains_key(key.as_str()) {
                    missing.push(format!("{name}: t.{key}"));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "labels not in the catalogue: {missing:?}"
        );
    }
}
