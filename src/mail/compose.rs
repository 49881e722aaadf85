//! A letter in words → a message: its subject, a plain-text part and an HTML part.
//!
//! Both parts come from the same blocks ([`LetterWords`]), so they never say different
//! things. The HTML part is rendered by minijinja with auto-escaping, so an institution's
//! name, a file name or a secretary's comment holding `<script>` arrives as text.

use std::sync::LazyLock;

use minijinja::Environment;
use serde::Serialize;

use crate::catalogue::{Block, Lang, Letter, LetterWords, MailContext};

/// A message ready for the outbox: what the recipient reads, in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Composed {
    /// The subject line (one line).
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part, every text in it escaped.
    pub html: String,
}

/// The HTML part's template. Inline styles only: mail programs drop `<style>` sheets.
const HTML: &str = r#"<!DOCTYPE html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><title>{{ subject }}</title></head>
<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a">
<div style="max-width:42em">
{%- for block in blocks %}
{%- if block.kind == "paragraph" %}
<p style="margin:0 0 1em">{{ block.text }}</p>
{%- elif block.kind == "link" %}
<p style="margin:0 0 1em">{{ block.label }}:<br><a href="{{ block.url|safe }}" style="color:#0b57d0;font-weight:bold;word-break:break-all">{{ block.url|safe }}</a></p>
{%- elif block.kind == "facts" %}
<table style="border-collapse:collapse;margin:0 0 1em">
{%- for fact in block.facts %}
<tr><th style="text-align:left;font-weight:normal;color:#555;padding:2px 16px 2px 0">{{ fact[0] }}</th><td style="padding:2px 0">{{ fact[1] }}</td></tr>
{%- endfor %}
</table>
{%- elif block.kind == "quote" %}
<blockquote style="margin:0 0 1em;padding:8px 12px;border-left:4px solid #c77700;background:#fff6e5">
{%- for line in block.lines %}{{ line }}{% if not loop.last %}<br>{% endif %}{% endfor -%}
</blockquote>
{%- elif block.kind == "list" %}
<ul style="margin:0 0 1em;padding-left:1.4em">
{%- for item in block.lines %}
<li>{{ item }}</li>
{%- endfor %}
</ul>
{%- elif block.kind == "closing" %}
<p style="margin:1.5em 0 0;color:#333">
{%- for line in block.lines %}{{ line }}{% if not loop.last %}<br>{% endif %}{% endfor -%}
</p>
{%- endif %}
{%- endfor %}
</div>
</body>
</html>
"#;

static ENVIRONMENT: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    // The name ends in .html, so minijinja escapes every value.
    env.add_template("mail.html", HTML)
        .expect("the mail template is valid");
    env
});

/// One block as the template reads it.
#[derive(Serialize)]
struct View<'a> {
    kind: &'static str,
    text: &'a str,
    label: &'a str,
    /// Escaped here, not by the template: minijinja also escapes `/` as `&#x2f;`, and a
    /// link spelled that way looks like a disguised one to spam filters.
    url: String,
    lines: Vec<&'a str>,
    facts: Vec<(&'a str, &'a str)>,
}

impl<'a> View<'a> {
    fn of(block: &'a Block) -> View<'a> {
        let mut view = View {
            kind: "",
            text: "",
            label: "",
            url: String::new(),
            lines: Vec::new(),
            facts: Vec::new(),
        };
        match block {
            Block::Paragraph(text) => {
                view.kind = "paragraph";
                view.text = text;
            }
            Block::Link { label, url } => {
                view.kind = "link";
                view.label = label;
                view.url = escape_url(url);
            }
            Block::Facts(facts) => {
                view.kind = "facts";
                view.facts = facts
                    .iter()
                    .map(|(l, v)| (l.as_str(), v.as_str()))
                    .collect();
            }
            Block::Quote(text) => {
                view.kind = "quote";
                view.lines = text.lines().collect();
            }
            Block::List(items) => {
                view.kind = "list";
                view.lines = items.iter().map(String::as_str).collect();
            }
            Block::Closing(lines) => {
                view.kind = "closing";
                view.lines = lines.iter().map(String::as_str).collect();
            }
        }
        view
    }
}

/// A URL for an HTML attribute and text: the five characters HTML gives meaning to, and
/// nothing else.
fn escape_url(url: &str) -> String {
    let mut escaped = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// The letter in `lang`, as a message with both parts.
///
/// # Examples
///
/// ```
/// use zakrila::catalogue::{Lang, Letter, MailContext, MailRound};
/// let context = MailContext { programme: "Програма <2025>", municipality: "Русе", signature: None };
/// let letter = Letter::Returned {
///     institution: "РУО – Русе",
///     round: MailRound::Contributions,
///     version: 3,
///     comment: "Попълнете <бюджета>",
///     page: "https://portal.ruse.bg/i/abc",
/// };
/// let message = zakrila::mail::compose(&letter, &context, Lang::Bg);
/// assert!(message.text.contains("> Попълнете <бюджета>"));
/// assert!(message.html.contains("Попълнете &lt;бюджета&gt;"));
/// assert!(!message.html.contains("<бюджета>"));
/// assert!(message.html.contains(r#"<a href="https://portal.ruse.bg/i/abc""#));
/// ```
pub fn compose(letter: &Letter<'_>, context: &MailContext<'_>, lang: Lang) -> Composed {
    let words = letter.words(context, lang);
    Composed {
        text: text_part(&words),
        html: html_part(&words, lang),
        subject: words.subject,
    }
}

/// The plain-text part: paragraphs apart by a blank line, a link on a line of its own.
fn text_part(words: &LetterWords) -> String {
    let mut parts = Vec::with_capacity(words.blocks.len());
    for block in &words.blocks {
        parts.push(match block {
            Block::Paragraph(text) => text.clone(),
            Block::Link { label, url } => format!("{label}:\n{url}"),
            Block::Facts(facts) => facts
                .iter()
                .map(|(label, value)| format!("{label}: {value}"))
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Quote(text) => text
                .lines()
                .map(|line| format!("> {line}"))
                .collect::<Vec<_>>()
                .join("\n"),
            Block::List(items) => items
                .iter()
                .map(|item| format!("- {item}"))
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Closing(lines) => lines.join("\n"),
        });
    }
    let mut text = parts.join("\n\n");
    text.push('\n');
    text
}

fn html_part(words: &LetterWords, lang: Lang) -> String {
    let blocks: Vec<View<'_>> = words.blocks.iter().map(View::of).collect();
    let template = ENVIRONMENT
        .get_template("mail.html")
        .expect("the mail template is added");
    template
        .render(minijinja::context! {
            lang => match lang { Lang::Bg => "bg", Lang::En => "en" },
            subject => &words.subject,
            blocks => blocks,
        })
        .expect("the mail template renders plain data")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{MailRound, ReceiptNote};

    #[test]
    fn a_receipt_holds_its_counts_and_link_in_both_parts() {
        let context = MailContext {
            programme: "Програма",
            municipality: "Русе",
            signature: None,
        };
        let letter = Letter::Receipt {
            institution: "ОДМВР <Русе>",
            round: MailRound::Contributions,
            version: 4,
            file: "принос & бюджет.xlsx",
            received: "01.03.2025 10:00",
            rows: 17,
            errors: 0,
            warnings: 2,
            note: ReceiptNote::Warnings,
            page: "https://portal.ruse.bg/i/tok?lang=en&x=1",
        };
        let message = compose(&letter, &context, Lang::Bg);
        assert_eq!(
            message.subject,
            "Получен: ОДМВР <Русе>, версия 4 (0 грешки, 2 предупреждения)"
        );
        for needle in [
            "Версия: 4",
            "Редове: 17",
            "Предупреждения: 2",
            "принос & бюджет.xlsx",
        ] {
            assert!(message.text.contains(needle), "{needle}\n{}", message.text);
        }
        assert!(
            message
                .text
                .contains("\nhttps://portal.ruse.bg/i/tok?lang=en&x=1\n")
        );
        assert!(
            message.html.contains("ОДМВР &lt;Русе&gt;"),
            "{}",
            message.html
        );
        assert!(message.html.contains("принос &amp; бюджет.xlsx"));
        assert!(!message.html.contains("<Русе>"));
        assert!(message.html.contains("<td style=\"padding:2px 0\">17</td>"));
        assert!(
            message
                .html
                .contains(r#"href="https://portal.ruse.bg/i/tok?lang=en&amp;x=1""#)
        );
        assert_eq!(
            escape_url(r#"https://x/"><script>'"#),
            "https://x/&quot;&gt;&lt;script&gt;&#39;"
        );
        assert!(
            message
                .html
                .starts_with("<!DOCTYPE html>\n<html lang=\"bg\">")
        );
    }
}
