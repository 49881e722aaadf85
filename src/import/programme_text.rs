//! `programme.md` from last year's document (spec: documents.md, "The programme's own
//! words"): every heading and paragraph outside the programme tables, in order, with
//! `[таблица]` where the tables stood.
//!
//! Left out, because `zakrila document` writes them anew from programme.toml: what stands
//! before the title block (the mayor's proposal, „Приложение № 1“, „ОДОБРЯВАМ“), the title
//! block itself (ОБЩИНА …, the title, its years — the old period's years thus move to the
//! new one — and „Приета с Решение …“), and the paragraphs that name a priority right above
//! its table (the table has the priority's row). Everything else is kept as written, the
//! years in it included: it is the secretary's to bring up to date.
//!
//! Headings are the paragraphs Word styles as headings (or gives an outline level), and
//! short paragraphs that are bold all through, as most councils' documents mark theirs. A
//! table that is no programme table (a list of abbreviations) is kept as lines, its cells
//! joined by " – ".

use crate::contract::programme_text::{ProgrammeText, TextBlock};
use crate::model::import::ImportedProgramme;
use crate::normalise::text::{clean, fold_key, one_line};
use crate::read::document::{Block, Document, Paragraph};

use super::period;
use super::text::priority_title;

/// The longest paragraph taken for a heading when it is bold all through.
const HEADING_CHARS: usize = 150;
/// How far above a programme table a paragraph naming its priority is looked for.
const PRIORITY_LOOKBACK: usize = 6;

/// The programme's own words in a document `programme` was read from.
///
/// # Examples
///
/// ```
/// use zakrila::{api::{import, ImportOptions}, catalogue::Lang, read::Limits};
/// use zakrila::contract::programme_text::TextBlock;
/// let bytes = std::fs::read("tests/fixtures/import/ruse-2025.docx").unwrap();
/// let options = ImportOptions {
///     period: None,
///     municipality_code: None,
///     source_name: "ruse-2025.docx".into(),
///     limits: Limits::default(),
/// };
/// let imported = import(&bytes, &options, Lang::Bg).unwrap();
/// let text = String::from_utf8(imported.programme_md).unwrap();
/// assert!(text.starts_with("# I. ВЪВЕДЕНИЕ\n"));
/// assert!(text.contains("\n[таблица]\n"));
/// assert!(!text.contains("ПРЕДЛОЖЕНИЕ"));
/// ```
pub fn programme_text(document: &Document, programme: &ImportedProgramme) -> ProgrammeText {
    let programme_tables = programme_table_blocks(document, programme);
    let first_table = document
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Table(_)))
        .unwrap_or(document.blocks.len());
    let start = text_start(document, first_table);
    let dropped = priority_paragraphs(document, programme, &programme_tables);
    let mut blocks = Vec::new();
    let mut marked = false;
    for (index, block) in document.blocks.iter().enumerate().skip(start) {
        match block {
            Block::Table(_) if programme_tables.contains(&index) => {
                if !marked {
                    blocks.push(TextBlock::Table);
                    marked = true;
                }
            }
            Block::Table(table) => {
                for row in &table.rows {
                    let line = row
                        .iter()
                        .filter(|c| !c.continues_above)
                        .map(|c| one_line(&c.text))
                        .filter(|t| !t.is_empty())
                        .collect::<Vec<_>>()
                        .join(" – ");
                    if !line.is_empty() {
                        blocks.push(TextBlock::Paragraph(line));
                    }
                }
            }
            Block::Paragraph(_) if dropped.contains(&index) => {}
            Block::Paragraph(paragraph) => blocks.extend(paragraph_blocks(paragraph)),
        }
    }
    ProgrammeText { blocks }
}

/// The blocks of a paragraph: a heading, or one paragraph per line of it.
fn paragraph_blocks(paragraph: &Paragraph) -> Vec<TextBlock> {
    let text = clean(&paragraph.text);
    let heading_level = if paragraph.level > 0 {
        Some(paragraph.level)
    } else if paragraph.bold
        && text.chars().count() <= HEADING_CHARS
        && !text.contains('\n')
        && !text.ends_with([',', ';'])
    {
        Some(1)
    } else {
        None
    };
    match heading_level {
        Some(level) => vec![TextBlock::Heading {
            level: level.min(2),
            text: one_line(&text),
        }],
        None => text
            .lines()
            .map(one_line)
            .filter(|line| !line.is_empty())
            .map(TextBlock::Paragraph)
            .collect(),
    }
}

/// The indices (into the document's blocks) of the programme tables: the tables the import
/// did not list as other tables.
fn programme_table_blocks(document: &Document, programme: &ImportedProgramme) -> Vec<usize> {
    let others: Vec<usize> = programme.other_tables.iter().map(|(n, _)| *n).collect();
    let mut number = 0;
    let mut found = Vec::new();
    for (index, block) in document.blocks.iter().enumerate() {
        if matches!(block, Block::Table(_)) {
            number += 1;
            if !others.contains(&number) {
                found.push(index);
            }
        }
    }
    found
}

/// The first block after the title block: after „Приета с Решение …“ when the document has
/// it before its first table, otherwise after the title and the lines of years under it.
fn text_start(document: &Document, first_table: usize) -> usize {
    let adopted = document.blocks[..first_table]
        .iter()
        .enumerate()
        .rfind(|(_, b)| {
            matches!(b, Block::Paragraph(p) if fold_key(&p.text).starts_with("приета с решение"))
        });
    if let Some((index, _)) = adopted {
        return index + 1;
    }
    let Some((title, _)) = period::title(document) else {
        return 0;
    };
    let mut start = title + 1;
    while let Some(Block::Paragraph(p)) = document.blocks.get(start) {
        if !is_only_years(&p.text) {
            break;
        }
        start += 1;
    }
    start
}

/// „2025 г./2026 г.“, „2019 година“: years and nothing else that says something.
fn is_only_years(text: &str) -> bool {
    if period::years_in(text).is_empty() {
        return false;
    }
    let key = fold_key(text);
    let rest: String = key
        .replace("година", "")
        .replace("год.", "")
        .replace("г.", "")
        .chars()
        .filter(|c| !c.is_ascii_digit() && !matches!(c, ' ' | '/' | '-' | '–' | '—' | '.' | ','))
        .collect();
    rest.is_empty()
}

/// The paragraphs right above programme tables that name one of the programme's priorities:
/// the priority is the table's, and its row says it.
fn priority_paragraphs(
    document: &Document,
    programme: &ImportedProgramme,
    tables: &[usize],
) -> Vec<usize> {
    let titles: Vec<String> = programme
        .priorities
        .iter()
        .map(|p| fold_key(&p.title))
        .collect();
    let mut dropped = Vec::new();
    for &table in tables {
        let above = document.blocks[..table]
            .iter()
            .enumerate()
            .rev()
            .take(PRIORITY_LOOKBACK)
            .take_while(|(_, b)| matches!(b, Block::Paragraph(_)));
        for (index, block) in above {
            let Block::Paragraph(p) = block else { break };
            let names_priority = priority_title(&p.text)
                .is_some_and(|t| !t.title.is_empty() && titles.contains(&fold_key(&t.title)));
            if names_priority {
                dropped.push(index);
                break;
            }
        }
    }
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_alone_are_told_from_text_with_years() {
        assert!(is_only_years("2025 г./2026 г."));
        assert!(is_only_years("2019 година"));
        assert!(!is_only_years("Приета през 2025 г."));
        assert!(!is_only_years("ОБЩИНСКА ПРОГРАМА"));
    }

    #[test]
    fn a_bold_short_paragraph_is_a_heading_and_lines_are_paragraphs() {
        let bold = Paragraph {
            text: "МОНИТОРИНГ И ОЦЕНКА".into(),
            heading: false,
            level: 0,
            bold: true,
        };
        assert_eq!(
            paragraph_blocks(&bold),
            [TextBlock::Heading {
                level: 1,
                text: "МОНИТОРИНГ И ОЦЕНКА".into()
            }]
        );
        let lines = Paragraph {
            text: "Първи ред\nвтори ред".into(),
            heading: false,
            level: 0,
            bold: false,
        };
        assert_eq!(paragraph_blocks(&lines).len(), 2);
    }
}
