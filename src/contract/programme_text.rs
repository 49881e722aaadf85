//! `programme.md`: the programme's own words, everything of the council's document that is
//! not the table (spec: documents.md, "The programme's own words"). `zakrila import` writes
//! it from last year's document and `zakrila document` reads it, so both take the format
//! from here.
//!
//! The format is what a secretary can keep in Notepad: UTF-8 text, one paragraph a line
//! (blank lines between them are only for the eye), `# ` before a heading and `## ` before a
//! subheading, and the line `[таблица]` where the programme's table goes. `{община}`,
//! `{период}` and `{година}` stand for the municipality, the period and its first year.

use crate::normalise::text::{fold_key, one_line};

/// The largest `programme.md` read: a programme's text is some tens of kilobytes (the seeds'
/// are 30–50 KB), so anything near this is not one.
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;

/// The line that marks where the programme table goes.
pub const TABLE_MARK: &str = "[таблица]";

/// The placeholders `document` fills in.
pub const PLACEHOLDERS: [&str; 3] = ["{община}", "{период}", "{година}"];

/// What the skeleton's instruction lines start with: a document still holding one was not
/// written yet.
pub const INSTRUCTION_START: &str = "[Тук ";

/// One block of `programme.md`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextBlock {
    /// A heading; level 1 (`# `) or 2 (`## `).
    Heading {
        /// 1 or 2.
        level: u8,
        /// Its text.
        text: String,
    },
    /// A paragraph (one line of the file).
    Paragraph(String),
    /// `[таблица]`: the programme table.
    Table,
}

/// The parsed `programme.md`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProgrammeText {
    /// Its blocks, in order.
    pub blocks: Vec<TextBlock>,
}

/// What `document` says about the `programme.md` it was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextNote {
    /// There is no `programme.md`: the skeleton was used.
    NoText,
    /// A section the seeds all have is missing (its skeleton heading).
    MissingSection(&'static str),
    /// Lines of the skeleton saying what to write are still there.
    InstructionsLeft(usize),
    /// No `[таблица]`: the table went after the priorities' section.
    NoTableMark,
    /// `[таблица]` more than once: the table went at the first.
    ExtraTableMarks(usize),
    /// A word in braces that is no placeholder, left as written.
    UnknownPlaceholder(String),
}

/// `programme.md` beside a `programme.toml`, where `import` writes it and `document` and the
/// portal look for it.
///
/// # Examples
///
/// ```
/// use std::path::Path;
/// use zakrila::contract::programme_text::beside;
/// assert_eq!(beside(Path::new("кръг/programme.toml")), Path::new("кръг/programme.md"));
/// assert_eq!(beside(Path::new("programme.toml")), Path::new("programme.md"));
/// ```
pub fn beside(config: &std::path::Path) -> std::path::PathBuf {
    config.parent().map_or_else(
        || std::path::PathBuf::from("programme.md"),
        |dir| dir.join("programme.md"),
    )
}

/// A section of the text as the portal's form edits it: a heading and the paragraphs under
/// it, or the table's place.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct TextSection {
    /// The heading's level: 1, 2, or 0 for the paragraphs before the first heading.
    pub level: u8,
    /// The heading.
    pub heading: String,
    /// The paragraphs, one a line.
    pub body: String,
    /// The table's place (no heading, no text).
    pub table: bool,
}

/// The sections every programme of the seeds has, each with the words that name its heading
/// (folded) and the heading the skeleton gives it.
pub const SECTIONS: [Section; 4] = [
    Section {
        words: &["въведение"],
        heading: "I. ВЪВЕДЕНИЕ",
        instruction: "[Тук опишете защо е приета програмата, от кого е разработена и на какво основание: Законът за закрила на детето и Правилникът за прилагането му.]",
    },
    Section {
        words: &["стратегическа цел", "приоритет"],
        heading: "II. СТРАТЕГИЧЕСКА ЦЕЛ И ПРИОРИТЕТИ",
        instruction: "[Тук напишете стратегическата цел на програмата за {период} и защо са избрани приоритетите по-долу.]",
    },
    Section {
        words: &["мониторинг", "отчитане"],
        heading: "IV. МОНИТОРИНГ, ОЦЕНЯВАНЕ И ОТЧИТАНЕ",
        instruction: "[Тук опишете кой следи изпълнението на програмата, как и кога институциите отчитат дейностите си и кога отчетът се внася в общинския съвет.]",
    },
    Section {
        words: &["финансиране"],
        heading: "V. ФИНАНСИРАНЕ",
        instruction: "[Тук опишете откъде се финансират дейностите: общинският бюджет, бюджетите на институциите, национални програми и проекти.]",
    },
];

/// The heading the skeleton puts over the table.
pub const TABLE_HEADING: &str = "III. ЦЕЛИ, ДЕЙНОСТИ, ОТГОВОРНИ ИНСТИТУЦИИ";

/// A section the seeds share.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Section {
    /// Folded words, any of which in a heading names the section.
    pub words: &'static [&'static str],
    /// The skeleton's heading.
    pub heading: &'static str,
    /// The skeleton's line under it: what to write there.
    pub instruction: &'static str,
}

impl ProgrammeText {
    /// Reads `programme.md`. Never fails: every line is a heading, the table's mark or a
    /// paragraph.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::contract::programme_text::{ProgrammeText, TextBlock};
    /// let text = ProgrammeText::parse("\u{feff}# I. ВЪВЕДЕНИЕ\r\n\r\nПървият абзац.\n[таблица]\n## 1. Цел\n");
    /// assert_eq!(text.blocks, [
    ///     TextBlock::Heading { level: 1, text: "I. ВЪВЕДЕНИЕ".into() },
    ///     TextBlock::Paragraph("Първият абзац.".into()),
    ///     TextBlock::Table,
    ///     TextBlock::Heading { level: 2, text: "1. Цел".into() },
    /// ]);
    /// ```
    pub fn parse(text: &str) -> ProgrammeText {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let blocks = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(|line| {
                if fold_key(line) == fold_key(TABLE_MARK) {
                    return TextBlock::Table;
                }
                let hashes = line.chars().take_while(|c| *c == '#').count();
                let rest = &line[hashes..];
                if hashes > 0 && rest.starts_with([' ', '\t']) && !rest.trim().is_empty() {
                    TextBlock::Heading {
                        level: if hashes == 1 { 1 } else { 2 },
                        text: one_line(rest),
                    }
                } else {
                    TextBlock::Paragraph(one_line(line))
                }
            })
            .collect();
        ProgrammeText { blocks }
    }

    /// The file's text: one block a line, a blank line between blocks, ending in a line
    /// break. [`ProgrammeText::parse`] of it gives the same blocks.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::contract::programme_text::{ProgrammeText, TextBlock};
    /// let text = ProgrammeText { blocks: vec![
    ///     TextBlock::Heading { level: 1, text: "I. ВЪВЕДЕНИЕ".into() },
    ///     TextBlock::Paragraph("Абзац.".into()),
    ///     TextBlock::Table,
    /// ] };
    /// assert_eq!(text.render(), "# I. ВЪВЕДЕНИЕ\n\nАбзац.\n\n[таблица]\n");
    /// assert_eq!(ProgrammeText::parse(&text.render()), text);
    /// ```
    pub fn render(&self) -> String {
        let lines: Vec<String> = self
            .blocks
            .iter()
            .map(|block| match block {
                TextBlock::Heading { level, text } => {
                    format!("{} {}", "#".repeat(usize::from((*level).clamp(1, 2))), text)
                }
                TextBlock::Paragraph(text) => text.clone(),
                TextBlock::Table => TABLE_MARK.to_string(),
            })
            .collect();
        let mut out = lines.join("\n\n");
        out.push('\n');
        out
    }

    /// The skeleton used when there is no `programme.md`: the headings the seeds share, a
    /// line under each saying what to write there, the priorities (their labels given) under
    /// the strategic goal, and the table after them.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::contract::programme_text::{ProgrammeText, TextBlock};
    /// let text = ProgrammeText::skeleton(&["1. Образование".to_string()]);
    /// assert!(text.blocks.contains(&TextBlock::Table));
    /// assert!(text.blocks.contains(&TextBlock::Paragraph("• 1. Образование".into())));
    /// assert_eq!(text.missing_sections(), Vec::<&str>::new());
    /// ```
    pub fn skeleton(priorities: &[String]) -> ProgrammeText {
        let mut blocks = Vec::new();
        for (index, section) in SECTIONS.iter().enumerate() {
            blocks.push(TextBlock::Heading {
                level: 1,
                text: section.heading.to_string(),
            });
            blocks.push(TextBlock::Paragraph(section.instruction.to_string()));
            if index == 1 {
                blocks.extend(
                    priorities
                        .iter()
                        .map(|label| TextBlock::Paragraph(format!("• {label}"))),
                );
                blocks.push(TextBlock::Heading {
                    level: 1,
                    text: TABLE_HEADING.to_string(),
                });
                blocks.push(TextBlock::Table);
            }
        }
        ProgrammeText { blocks }
    }

    /// The text as sections: one per heading with the paragraphs under it, one for the
    /// table's place, and one for paragraphs before the first heading.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::contract::programme_text::ProgrammeText;
    /// let text = ProgrammeText::parse("Увод.\n# I. ВЪВЕДЕНИЕ\nА.\nБ.\n[таблица]\n## Край\n");
    /// let sections = text.sections();
    /// assert_eq!(sections.len(), 4);
    /// assert_eq!((sections[1].heading.as_str(), sections[1].body.as_str()), ("I. ВЪВЕДЕНИЕ", "А.\nБ."));
    /// assert!(sections[2].table);
    /// assert_eq!(ProgrammeText::from_sections(&sections), text);
    /// ```
    pub fn sections(&self) -> Vec<TextSection> {
        let mut sections: Vec<TextSection> = Vec::new();
        for block in &self.blocks {
            match block {
                TextBlock::Heading { level, text } => sections.push(TextSection {
                    level: *level,
                    heading: text.clone(),
                    ..TextSection::default()
                }),
                TextBlock::Table => sections.push(TextSection {
                    table: true,
                    ..TextSection::default()
                }),
                TextBlock::Paragraph(text) => {
                    let open = sections.last().is_some_and(|s| !s.table);
                    if !open {
                        sections.push(TextSection::default());
                    }
                    if let Some(section) = sections.last_mut() {
                        if !section.body.is_empty() {
                            section.body.push('\n');
                        }
                        section.body.push_str(text);
                    }
                }
            }
        }
        sections
    }

    /// The text of edited sections, read as the file is: a section with neither heading nor
    /// text is left out; a line of a section's text written as a heading or as `[таблица]`
    /// becomes one, as it would in Notepad.
    pub fn from_sections(sections: &[TextSection]) -> ProgrammeText {
        let mut lines: Vec<String> = Vec::new();
        for section in sections {
            if section.table {
                lines.push(TABLE_MARK.to_string());
                continue;
            }
            let heading = one_line(&section.heading);
            if !heading.is_empty() {
                let hashes = if section.level >= 2 { "##" } else { "#" };
                lines.push(format!("{hashes} {heading}"));
            }
            lines.extend(section.body.lines().map(str::to_string));
        }
        ProgrammeText::parse(&lines.join("\n"))
    }

    /// What is missing from the text, or left in it, for the council's document.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::contract::programme_text::{ProgrammeText, TextNote};
    /// let notes = ProgrammeText::parse("# Въведение\nТекст {обшина}.").notes();
    /// assert!(notes.contains(&TextNote::NoTableMark));
    /// assert!(notes.contains(&TextNote::UnknownPlaceholder("{обшина}".into())));
    /// assert!(notes.contains(&TextNote::MissingSection("V. ФИНАНСИРАНЕ")));
    /// ```
    pub fn notes(&self) -> Vec<TextNote> {
        let mut notes: Vec<TextNote> = self
            .missing_sections()
            .into_iter()
            .map(TextNote::MissingSection)
            .collect();
        let marks = self
            .blocks
            .iter()
            .filter(|b| **b == TextBlock::Table)
            .count();
        match marks {
            0 => notes.push(TextNote::NoTableMark),
            1 => {}
            n => notes.push(TextNote::ExtraTableMarks(n)),
        }
        let left = self.instructions_left().len();
        if left > 0 {
            notes.push(TextNote::InstructionsLeft(left));
        }
        notes.extend(
            self.unknown_placeholders()
                .into_iter()
                .map(TextNote::UnknownPlaceholder),
        );
        notes
    }

    /// The headings of [`SECTIONS`] the text has no heading (or short line) for.
    pub fn missing_sections(&self) -> Vec<&'static str> {
        SECTIONS
            .iter()
            .filter(|section| !self.blocks.iter().any(|b| names_section(b, section)))
            .map(|section| section.heading)
            .collect()
    }

    /// The skeleton's instruction lines still in the text.
    pub fn instructions_left(&self) -> Vec<&str> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                TextBlock::Paragraph(text) if text.starts_with(INSTRUCTION_START) => {
                    Some(text.as_str())
                }
                _ => None,
            })
            .collect()
    }

    /// Whether the text marks where the table goes.
    pub fn has_table(&self) -> bool {
        self.blocks.contains(&TextBlock::Table)
    }

    /// The text with the table's mark where it goes: as written, or after the priorities'
    /// section when absent (before the next heading of the first level after it; before the
    /// monitoring section, or at the end, when there is no priorities' section).
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::contract::programme_text::{ProgrammeText, TextBlock};
    /// let text = ProgrammeText::parse("# Въведение\nА.\n# Приоритети\nБ.\n# Мониторинг\nВ.");
    /// let placed = text.with_table();
    /// assert_eq!(placed.blocks[4], TextBlock::Table);
    /// ```
    pub fn with_table(&self) -> ProgrammeText {
        if self.has_table() {
            return self.clone();
        }
        let first_level = |b: &TextBlock| matches!(b, TextBlock::Heading { level: 1, .. });
        let priorities = self
            .blocks
            .iter()
            .position(|b| first_level(b) && names_section(b, &SECTIONS[1]));
        let at = match priorities {
            Some(start) => self.blocks[start + 1..]
                .iter()
                .position(first_level)
                .map_or(self.blocks.len(), |i| start + 1 + i),
            None => self
                .blocks
                .iter()
                .position(|b| first_level(b) && names_section(b, &SECTIONS[2]))
                .unwrap_or(self.blocks.len()),
        };
        let mut blocks = self.blocks.clone();
        blocks.insert(at, TextBlock::Table);
        ProgrammeText { blocks }
    }

    /// The placeholders written in braces that `document` does not know (`{обшина}`).
    pub fn unknown_placeholders(&self) -> Vec<String> {
        let mut found = Vec::new();
        for text in self.texts() {
            let mut rest = text;
            while let Some(open) = rest.find('{') {
                let Some(close) = rest[open..].find('}') else {
                    break;
                };
                let word = &rest[open..open + close + 1];
                if !PLACEHOLDERS.contains(&word)
                    && word.chars().count() <= 30
                    && !found.iter().any(|f| f == word)
                {
                    found.push(word.to_string());
                }
                rest = &rest[open + close + 1..];
            }
        }
        found
    }

    /// The text with the placeholders replaced by `values` (in the order of [`PLACEHOLDERS`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::contract::programme_text::{ProgrammeText, TextBlock};
    /// let text = ProgrammeText::parse("Община {община}, {период}, от {година}.");
    /// let filled = text.filled(["Русе", "2025 г. – 2026 г.", "2025"]);
    /// assert_eq!(filled.blocks[0], TextBlock::Paragraph("Община Русе, 2025 г. – 2026 г., от 2025.".into()));
    /// ```
    pub fn filled(&self, values: [&str; 3]) -> ProgrammeText {
        let fill = |text: &str| {
            PLACEHOLDERS
                .iter()
                .zip(values)
                .fold(text.to_string(), |text, (mark, value)| {
                    text.replace(mark, value)
                })
        };
        let blocks = self
            .blocks
            .iter()
            .map(|b| match b {
                TextBlock::Heading { level, text } => TextBlock::Heading {
                    level: *level,
                    text: fill(text),
                },
                TextBlock::Paragraph(text) => TextBlock::Paragraph(fill(text)),
                TextBlock::Table => TextBlock::Table,
            })
            .collect();
        ProgrammeText { blocks }
    }

    fn texts(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().filter_map(|b| match b {
            TextBlock::Heading { text, .. } | TextBlock::Paragraph(text) => Some(text.as_str()),
            TextBlock::Table => None,
        })
    }
}

/// Whether a block is a heading (or a short line standing as one) naming the section.
fn names_section(block: &TextBlock, section: &Section) -> bool {
    let text = match block {
        TextBlock::Heading { text, .. } => text,
        TextBlock::Paragraph(text) if text.chars().count() <= 80 => text,
        _ => return false,
    };
    let key = fold_key(text);
    section.words.iter().any(|word| key.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_without_a_space_is_text_and_empty_lines_go() {
        let text = ProgrammeText::parse("#хаштаг\n\n   \n#\n###  Трето ниво");
        assert_eq!(
            text.blocks,
            [
                TextBlock::Paragraph("#хаштаг".into()),
                TextBlock::Paragraph("#".into()),
                TextBlock::Heading {
                    level: 2,
                    text: "Трето ниво".into()
                },
            ]
        );
    }

    #[test]
    fn without_a_priorities_section_the_table_goes_before_monitoring() {
        let text = ProgrammeText::parse("# Въведение\nА.\n# Мониторинг\nБ.");
        assert_eq!(text.with_table().blocks[2], TextBlock::Table);
        let bare = ProgrammeText::parse("Само текст.");
        assert_eq!(bare.with_table().blocks[1], TextBlock::Table);
    }

    #[test]
    fn the_skeleton_says_what_is_left_to_write() {
        let skeleton = ProgrammeText::skeleton(&[]);
        assert_eq!(skeleton.instructions_left().len(), SECTIONS.len());
        assert!(skeleton.unknown_placeholders().is_empty());
        let typo = ProgrammeText::parse("Община {обшина} и {община}, {x}");
        assert_eq!(typo.unknown_placeholders(), ["{обшина}", "{x}"]);
    }
}
