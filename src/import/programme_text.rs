//! `programme.md` from last year's document (spec: documents.md, "The programme's own
//! words"): every heading and paragraph outside the programme tables, in order, with
//! `[таблица]` where the tables stood.
//!
//! Left out, because `zakrila document` writes them anew from programme.toml: what stands
//! before the title block (the mayor's proposal, „Приложение № 1“, „ОДОБРЯВАМ“), the title
//! block itself (ОБЩИНА …, the title, its years — the old period's years thus move to the
//! new one — and „Приета с Решение …“), and a paragraph that names a priority right above
//! its table (the table has the priority's row). A priority's heading over paragraphs that
//! describe it is kept with them. Everything else is kept as written, the years in it
//! included: it is the secretary's to bring up to date. A document with one table per
//! priority gets its one `[таблица]` where the last of them stood, so that no paragraph
//! changes its place.
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
    // One table goes where the last programme table stood: the text between a document's
    // tables (a priority's heading over the paragraphs that describe it) keeps its order
    // before it, and the council's document has the whole table after the priorities.
    let last_table = programme_tables.last().copied();
    let mut blocks = Vec::new();
    for (index, block) in document.blocks.iter().enumerate().skip(start) {
        match block {
            Block::Table(_) if programme_tables.contains(&index) => {
                if Some(index) == last_table {
                    blocks.push(TextBlock::Table);
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
        if !is_only_years(&p.text) && !is_municipality_line(&p.text) {
            break;
        }
        start += 1;
    }
    start
}

/// „Община Хасково“, „О Б Щ И Н А   Р У С Е“: the municipality's line of a title block.
fn is_municipality_line(text: &str) -> bool {
    let squeezed: String = text.split_whitespace().collect();
    let words = text.split_whitespace().count();
    fold_key(&squeezed).starts_with("община") && (words <= 4 || squeezed.chars().count() <= 30)
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

/// The paragraphs right above a programme table that name one of the programme's
/// priorities: the priority is the table's, and its row says it. A heading with paragraphs
/// between it and its table stays, with them.
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
    tables
        .iter()
        .filter_map(|&table| {
            let index = table.checked_sub(1)?;
            let Block::Paragraph(p) = &document.blocks[index] else {
                return None;
            };
            priority_title(&p.text)
                .is_some_and(|t| !t.title.is_empty() && titles.contains(&fold_key(&t.title)))
                .then_some(index)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_municipality_line_is_part_of_the_title_block() {
        assert!(is_municipality_line("Община Хасково"));
        assert!(is_municipality_line("О Б Щ И Н А   Р У С Е"));
        assert!(!is_municipality_line(
            "Общината осигурява условия за развитие на децата в цялата община."
        ));
    }

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
