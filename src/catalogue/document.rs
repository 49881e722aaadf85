//! The sentences of `zakrila document` and of `programme.md` (which `zakrila import` writes
//! and `document` reads), in Bulgarian and English.

use std::path::Path;

use super::Lang;
use crate::contract::programme_text::{TABLE_MARK, TextNote};

/// A sentence of `zakrila document`, or of `import` about the `programme.md` it wrote.
#[derive(Debug)]
pub enum DocumentMsg<'a> {
    /// The workbook is neither a programme workbook nor an implementation report.
    NotProgrammeOrReport {
        /// The workbook.
        path: &'a Path,
        /// Why, when it is one of them but cannot be read back.
        problem: &'a crate::contract::programme::DataError,
    },
    /// `programme.md` exists but cannot be read.
    TextUnreadable {
        /// The file.
        path: &'a Path,
        /// The system's word for why.
        reason: String,
    },
    /// `programme.md` is not UTF-8 text.
    TextNotUtf8 {
        /// The file.
        path: &'a Path,
    },
    /// `programme.md` is larger than a programme's text can be.
    TextTooLarge {
        /// The file.
        path: &'a Path,
        /// Its size.
        bytes: u64,
    },
    /// The workbook names a goal the config lacks.
    OtherProgramme {
        /// The workbook.
        path: &'a Path,
        /// The goal's code.
        goal: &'a str,
    },
    /// The output is not named .docx.
    NotDocx {
        /// As given.
        path: &'a Path,
    },
    /// Something `programme.md` lacks or still holds.
    Note {
        /// The file, as looked for.
        path: &'a Path,
        /// What.
        note: &'a TextNote,
    },
    /// The programme document was written.
    ProgrammeWritten {
        /// The document.
        path: &'a Path,
        /// Priorities in its table.
        priorities: usize,
        /// Activities in its table.
        activities: usize,
        /// Whether it starts with the mayor's proposal.
        proposal: bool,
    },
    /// The report document was written.
    ReportWritten {
        /// The document.
        path: &'a Path,
        /// Activities.
        activities: usize,
        /// Done, partly, not done, not reported.
        reached: [usize; 4],
    },
    /// The config's comment block: `programme.md` is last year's text.
    LookText,
    /// The config's comment block: `[council]` gives the mayor's proposal.
    LookCouncil,
    /// `import` wrote `programme.md`.
    TextWritten {
        /// The file.
        path: &'a Path,
        /// Headings and paragraphs in it.
        blocks: usize,
    },
}

impl DocumentMsg<'_> {
    /// The sentence in the chosen language.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::catalogue::{DocumentMsg, Lang};
    /// use zakrila::contract::programme_text::TextNote;
    /// let note = TextNote::NoTableMark;
    /// let msg = DocumentMsg::Note { path: "programme.md".as_ref(), note: &note };
    /// assert!(msg.render(Lang::Bg).contains("[таблица]"));
    /// assert!(msg.render(Lang::En).contains("[таблица]"));
    /// ```
    pub fn render(&self, lang: Lang) -> String {
        use DocumentMsg as M;
        use Lang::{Bg, En};
        match (self, lang) {
            (M::NotProgrammeOrReport { path, problem }, _) => {
                use crate::contract::programme::DataError;
                use crate::read::ReadError;
                let path = path.display();
                let neither = matches!(
                    problem,
                    DataError::NotAProgramme | DataError::Read(ReadError::NotASpreadsheet)
                );
                match (problem, lang) {
                    (_, Bg) if neither => format!(
                        "„{path}“ не е нито програма, записана от zakrila merge (лист „Данни“), нито отчет за изпълнението, записан от zakrila report collect (лист „Изпълнение“); посочете един от тези два файла."
                    ),
                    (_, En) if neither => format!(
                        "\"{path}\" is neither a programme written by zakrila merge (sheet \"Данни\") nor an implementation report written by zakrila report collect (sheet \"Изпълнение\"); give one of those two files."
                    ),
                    (problem, Bg) => format!(
                        "„{path}“ не може да се използва за документа: {}; посочете програмата от zakrila merge или отчета от zakrila report collect, както са записани.",
                        super::messages::data_problem(problem, "Данни / Изпълнение", lang)
                    ),
                    (problem, En) => format!(
                        "\"{path}\" cannot be used for the document: {}; give the programme from zakrila merge or the report from zakrila report collect as they were written.",
                        super::messages::data_problem(problem, "Данни / Изпълнение", lang)
                    ),
                }
            }
            (M::TextUnreadable { path, reason }, Bg) => format!(
                "Текстът „{}“ не може да бъде прочетен: {reason}.",
                path.display()
            ),
            (M::TextUnreadable { path, reason }, En) => {
                format!("Cannot read the text \"{}\": {reason}.", path.display())
            }
            (M::TextNotUtf8 { path }, Bg) => format!(
                "„{}“ не е текст в UTF-8; в Notepad го запишете с „Запиши като“ и кодиране UTF-8.",
                path.display()
            ),
            (M::TextNotUtf8 { path }, En) => format!(
                "\"{}\" is not UTF-8 text; in Notepad save it with \"Save As\" and the encoding UTF-8.",
                path.display()
            ),
            (M::TextTooLarge { path, bytes }, Bg) => format!(
                "„{}“ е {} МБ, а текстът на програмата е най-много {} МБ; посочете с --text файла с текста на програмата.",
                path.display(),
                super::megabytes(*bytes, lang),
                super::megabytes(crate::contract::programme_text::MAX_TEXT_BYTES as u64, lang)
            ),
            (M::TextTooLarge { path, bytes }, En) => format!(
                "\"{}\" is {} MB, and a programme's text is at most {} MB; name the file with the programme's text with --text.",
                path.display(),
                super::megabytes(*bytes, lang),
                super::megabytes(crate::contract::programme_text::MAX_TEXT_BYTES as u64, lang)
            ),
            (M::OtherProgramme { path, goal }, Bg) => format!(
                "„{}“ има цел {goal}, каквато programme.toml няма: таблицата е направена с друга конфигурация; посочете с --config programme.toml, с който е обединена.",
                path.display()
            ),
            (M::OtherProgramme { path, goal }, En) => format!(
                "\"{}\" has a goal {goal} that programme.toml lacks: the workbook was made with another config; give with --config the programme.toml it was merged with.",
                path.display()
            ),
            (M::NotDocx { path }, Bg) => format!(
                "„{}“: документът е на Word, затова името след -o завършва на .docx, напр. програма.docx.",
                path.display()
            ),
            (M::NotDocx { path }, En) => format!(
                "\"{}\": the document is a Word file, so the name after -o ends in .docx, e.g. programme.docx.",
                path.display()
            ),
            (M::Note { path, note }, _) => note_sentence(path, note, lang),
            (
                M::ProgrammeWritten {
                    path,
                    priorities,
                    activities,
                    proposal,
                },
                Bg,
            ) => format!(
                "Документът за общинския съвет е записан в „{}“: {}{priorities} приоритета и {activities} дейности в таблицата.",
                path.display(),
                if *proposal {
                    "предложението на кмета, програмата, "
                } else {
                    "програмата (без предложение на кмета: в programme.toml няма [council]), "
                }
            ),
            (
                M::ProgrammeWritten {
                    path,
                    priorities,
                    activities,
                    proposal,
                },
                En,
            ) => format!(
                "The document for the council is written to \"{}\": {}{priorities} priorities and {activities} activities in the table.",
                path.display(),
                if *proposal {
                    "the mayor's proposal, the programme, "
                } else {
                    "the programme (no mayor's proposal: programme.toml has no [council]), "
                }
            ),
            (
                M::ReportWritten {
                    path,
                    activities,
                    reached,
                },
                Bg,
            ) => format!(
                "Отчетът за общинския съвет е записан в „{}“: {activities} дейности — {} изпълнени, {} частично, {} неизпълнени, {} без отчет.",
                path.display(),
                reached[0],
                reached[1],
                reached[2],
                reached[3]
            ),
            (
                M::ReportWritten {
                    path,
                    activities,
                    reached,
                },
                En,
            ) => format!(
                "The report for the council is written to \"{}\": {activities} activities — {} done, {} partly, {} not done, {} not reported.",
                path.display(),
                reached[0],
                reached[1],
                reached[2],
                reached[3]
            ),
            (M::LookText, Bg) => "programme.md: текстът на миналогодишния документ извън таблиците, от който zakrila document прави документа за общинския съвет; заглавието на документа се пише от programme.toml с новия период, а годините, числата и имената в текста обновете сами.".into(),
            (M::LookText, En) => "programme.md: last year's text outside the tables, from which zakrila document makes the council's document; the document's title is written from programme.toml with the new period; update the years, figures and names in the text yourself.".into(),
            (M::LookCouncil, Bg) => "за предложението на кмета пред документа добавете таблица [council] с mayor = \"Име Фамилия\" и commission_meeting = дата на заседанието на комисията (напр. 2027-04-07).".into(),
            (M::LookCouncil, En) => "for the mayor's proposal before the document add a table [council] with mayor = \"Name Surname\" and commission_meeting = the date the commission met (e.g. 2027-04-07).".into(),
            (M::TextWritten { path, blocks }, Bg) => format!(
                "„{}“: {blocks} заглавия и абзаца от текста на документа извън таблиците — от него zakrila document прави документа за общинския съвет; прегледайте го и обновете годините и данните в него.",
                path.display()
            ),
            (M::TextWritten { path, blocks }, En) => format!(
                "\"{}\": {blocks} headings and paragraphs of the document's text outside the tables — zakrila document makes the council's document from it; review it and bring its years and figures up to date.",
                path.display()
            ),
        }
    }
}

fn note_sentence(path: &Path, note: &TextNote, lang: Lang) -> String {
    use Lang::{Bg, En};
    let path = path.display();
    match (note, lang) {
        (TextNote::NoText, Bg) => format!(
            "Няма „{path}“: документът е записан със скелет — заглавията на разделите и под всяко ред какво да се напише там. Напишете текста в programme.md до programme.toml (zakrila import го създава от миналогодишния документ) или го посочете с --text."
        ),
        (TextNote::NoText, En) => format!(
            "There is no \"{path}\": the document was written with a skeleton — the sections' headings, each with a line saying what to write there. Write the text in programme.md beside programme.toml (zakrila import makes one from last year's document) or name it with --text."
        ),
        (TextNote::MissingSection(heading), Bg) => format!(
            "В „{path}“ няма раздел „{heading}“, какъвто имат програмите на другите общини; добавете го, ако е нужен."
        ),
        (TextNote::MissingSection(heading), En) => format!(
            "\"{path}\" has no section \"{heading}\", which other municipalities' programmes have; add it if it is needed."
        ),
        (TextNote::InstructionsLeft(count), Bg) => format!(
            "В „{path}“ има още {count} реда на скелета, започващи с „[Тук“, които казват какво да се напише; заменете ги с текста на програмата, преди документът да отиде в общинския съвет."
        ),
        (TextNote::InstructionsLeft(count), En) => format!(
            "\"{path}\" still has {count} of the skeleton's lines starting with \"[Тук\" that say what to write; replace them with the programme's text before the document goes to the council."
        ),
        (TextNote::NoTableMark, Bg) => format!(
            "В „{path}“ няма ред {TABLE_MARK}: таблицата е сложена след раздела за приоритетите; напишете ред {TABLE_MARK} там, където искате да бъде."
        ),
        (TextNote::NoTableMark, En) => format!(
            "\"{path}\" has no line {TABLE_MARK}: the table is put after the priorities' section; write a line {TABLE_MARK} where you want it."
        ),
        (TextNote::ExtraTableMarks(count), Bg) => format!(
            "В „{path}“ редът {TABLE_MARK} е {count} пъти; таблицата е сложена на първото място, а другите редове са пропуснати."
        ),
        (TextNote::ExtraTableMarks(count), En) => format!(
            "\"{path}\" has the line {TABLE_MARK} {count} times; the table is put at the first, the other lines are left out."
        ),
        (TextNote::UnknownPlaceholder(word), Bg) => format!(
            "В „{path}“ „{word}“ не е от {{община}}, {{период}} и {{година}} и е оставено както е написано; поправете го, ако е грешка при писането."
        ),
        (TextNote::UnknownPlaceholder(word), En) => format!(
            "In \"{path}\", \"{word}\" is none of {{община}}, {{период}} and {{година}} and is left as written; correct it if it is a typo."
        ),
    }
}

/// The portal's sentences about the programme's text and the council's documents.
#[derive(Debug)]
pub enum TextPhrase<'a> {
    /// The page shows a saved version.
    ShowsSaved {
        /// Its number.
        version: i64,
        /// When, as the page shows times.
        at: &'a str,
    },
    /// The page shows the file beside the config.
    ShowsFile {
        /// The file.
        path: &'a Path,
    },
    /// The page shows the skeleton.
    ShowsSkeleton,
    /// A new version was saved.
    Saved {
        /// Its number.
        version: i64,
    },
    /// The text was the same as the latest version.
    Unchanged {
        /// The latest version's number.
        version: i64,
    },
    /// The text sent is over the limit.
    TooLarge {
        /// Its size.
        bytes: u64,
    },
    /// The text sent is not UTF-8 (the API).
    NotText,
    /// A merge's name on the dashboard.
    Merge {
        /// Its number.
        id: i64,
    },
}

impl TextPhrase<'_> {
    /// The sentence in the chosen language.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::catalogue::{Lang, TextPhrase};
    /// assert_eq!(TextPhrase::Saved { version: 3 }.render(Lang::Bg), "Запазена е версия 3 на текста.");
    /// ```
    pub fn render(&self, lang: Lang) -> String {
        use Lang::{Bg, En};
        use TextPhrase as P;
        let limit = super::megabytes(crate::contract::programme_text::MAX_TEXT_BYTES as u64, lang);
        match (self, lang) {
            (P::ShowsSaved { version, at }, Bg) => format!("Показана е запазената версия {version} ({at})."),
            (P::ShowsSaved { version, at }, En) => format!("Showing saved version {version} ({at})."),
            (P::ShowsFile { path }, Bg) => format!("Показан е файлът „{}“ до programme.toml; запазен тук, той става версия 1 в портала (файлът не се променя).", path.display()),
            (P::ShowsFile { path }, En) => format!("Showing the file \"{}\" beside programme.toml; saved here it becomes version 1 in the portal (the file is not changed).", path.display()),
            (P::ShowsSkeleton, Bg) => "Още няма текст (нито запазена версия, нито programme.md до programme.toml): показан е скелетът — заглавията на разделите и под всяко какво да се напише там.".into(),
            (P::ShowsSkeleton, En) => "There is no text yet (no saved version, no programme.md beside programme.toml): the skeleton is shown — the sections' headings, each with what to write there.".into(),
            (P::Saved { version }, Bg) => format!("Запазена е версия {version} на текста."),
            (P::Saved { version }, En) => format!("Version {version} of the text is saved."),
            (P::Unchanged { version }, Bg) => format!("Текстът е същият като във версия {version}; не е записана нова версия."),
            (P::Unchanged { version }, En) => format!("The text is the same as version {version}; no new version was saved."),
            (P::TooLarge { bytes }, Bg) => format!("Текстът е {} МБ, а текстът на програмата е най-много {limit} МБ.", super::megabytes(*bytes, lang)),
            (P::TooLarge { bytes }, En) => format!("The text is {} MB, and a programme's text is at most {limit} MB.", super::megabytes(*bytes, lang)),
            (P::NotText, Bg) => "Изпратете текста като JSON {\"text\": \"…\"} в UTF-8.".into(),
            (P::NotText, En) => "Send the text as JSON {\"text\": \"…\"} in UTF-8.".into(),
            (P::Merge { id }, Bg) => format!("обединение № {id}"),
            (P::Merge { id }, En) => format!("merge #{id}"),
        }
    }
}
