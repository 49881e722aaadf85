//! The catalogue: every sentence zakrila says to a user, in Bulgarian and English, and
//! nowhere else.
//!
//! Code elsewhere builds a value that says *what* happened — a [`Problem`] in a file, a
//! [`Msg`] of a command — and only this folder knows how to say it. Both languages stand
//! side by side in one `match`, so a missing translation is a compile error rather than a
//! surprise in front of a user. The catalogue depends on the data it describes (read
//! errors, config errors) and nothing depends on it but the stages that speak.

mod audit;
mod document;
pub mod help;
mod mail;
mod messages;
mod pages;
mod problems;
mod start;
mod system;

pub use audit::{audit_action, audit_actor, audit_detail, audit_subject};
pub use document::{DocumentMsg, TextPhrase};
pub use mail::{
    Arrival, Block, Letter, LetterWords, MailContext, MailPhrase, MailRound, MailSetupProblem,
    MailTrouble, ReceiptNote, mail_texts,
};
pub use messages::*;
pub use pages::{PageTexts, Phrase, PortalProblem, page_texts};
pub use problems::{Problem, QUOTE_LIMIT, Severity};
pub use start::StartMsg;
pub use system::{reading, system_said, writing};

/// The language of messages, chosen with `--lang`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Bulgarian, the default.
    #[default]
    Bg,
    /// English.
    En,
}

/// Which size limit a file is over, as a clause ("the file is 31.5 MB and at most 20 MB
/// are taken").
pub(crate) fn too_large(what: &crate::read::TooLarge, lang: Lang) -> String {
    use crate::read::TooLarge as T;
    let mb = |bytes: u64| megabytes(bytes, lang);
    match (what, lang) {
        (T::File { bytes, limit }, Lang::Bg) => {
            format!(
                "файлът е {} МБ, а се приемат най-много {} МБ; запишете го без картинки и без излишни листове или разделете таблицата на няколко файла",
                mb(*bytes),
                mb(*limit)
            )
        }
        (T::File { bytes, limit }, Lang::En) => {
            format!(
                "the file is {} MB and at most {} MB are taken; save it without pictures and extra sheets, or split the table into several files",
                mb(*bytes),
                mb(*limit)
            )
        }
        (T::Part { part, bytes, limit }, Lang::Bg) => format!(
            "частта „{part}“ на файла се разархивира до {} МБ, а се приемат най-много {} МБ; такъв файл не е обикновена таблица — копирайте таблицата в нов файл от шаблона",
            mb(*bytes),
            mb(*limit)
        ),
        (T::Part { part, bytes, limit }, Lang::En) => format!(
            "the part \"{part}\" of the file unpacks to {} MB and at most {} MB are taken; such a file is no ordinary table — copy the table into a new file made from the template",
            mb(*bytes),
            mb(*limit)
        ),
        (T::Unpacked { limit }, Lang::Bg) => {
            format!(
                "файлът се разархивира до повече от {} МБ; такъв файл не е обикновена таблица — копирайте таблицата в нов файл от шаблона",
                mb(*limit)
            )
        }
        (T::Unpacked { limit }, Lang::En) => {
            format!(
                "the file unpacks to more than {} MB; such a file is no ordinary table — copy the table into a new file made from the template",
                mb(*limit)
            )
        }
        (T::Cells { limit }, Lang::Bg) => {
            format!(
                "файлът има повече от {} попълнени клетки; оставете само таблицата на програмата или я разделете на няколко файла",
                group(*limit as u64, lang)
            )
        }
        (T::Cells { limit }, Lang::En) => {
            format!(
                "the file has more than {} filled cells; keep only the programme's table, or split it into several files",
                group(*limit as u64, lang)
            )
        }
        (T::Grid { limit }, Lang::Bg) => format!(
            "листовете на файла обхващат повече от {} клетки от първата до последната попълнена (старият формат .xls се чете цял); изтрийте стойностите далеч от таблицата или запишете файла като .xlsx",
            group(*limit, lang)
        ),
        (T::Grid { limit }, Lang::En) => format!(
            "the file's sheets span more than {} cells from the first filled cell to the last (the old .xls format is read whole); delete the values far from the table or save the file as .xlsx",
            group(*limit, lang)
        ),
        (T::Text { limit }, Lang::Bg) => format!(
            "текстът в клетките на файла е повече от {} МБ; оставете само таблицата на програмата или я разделете на няколко файла",
            mb(*limit as u64)
        ),
        (T::Text { limit }, Lang::En) => {
            format!(
                "the text in the file's cells is more than {} MB; keep only the programme's table, or split it into several files",
                mb(*limit as u64)
            )
        }
    }
}

/// Bytes as megabytes with at most one decimal, as people read file sizes.
pub(crate) fn megabytes(bytes: u64, lang: Lang) -> String {
    let tenths = (bytes as f64 / (1024.0 * 1024.0) * 10.0).round() / 10.0;
    match lang {
        Lang::Bg => crate::normalise::number::format_bg(tenths),
        Lang::En => format!("{tenths}"),
    }
}

/// A whole number grouped by thousands: "1 048 576" in Bulgarian, "1,048,576" in English.
pub(crate) fn group(n: u64, lang: Lang) -> String {
    match lang {
        Lang::Bg => crate::normalise::number::format_bg(n as f64),
        Lang::En => crate::normalise::number::format_bg(n as f64).replace(' ', ","),
    }
}
