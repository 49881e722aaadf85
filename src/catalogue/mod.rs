//! The catalogue: every sentence zakrila says to a user, in Bulgarian and English, and
//! nowhere else.
//!
//! Code elsewhere builds a value that says *what* happened — a [`Problem`] in a file, a
//! [`Msg`] of a command — and only this folder knows how to say it. Both languages stand
//! side by side in one `match`, so a missing translation is a compile error rather than a
//! surprise in front of a user. The catalogue depends on the data it describes (read
//! errors, config errors) and nothing depends on it but the stages that speak.

mod messages;
mod problems;

pub use messages::*;
pub use problems::{Problem, QUOTE_LIMIT, Severity};

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
                "файлът е {} МБ, а се приемат най-много {} МБ",
                mb(*bytes),
                mb(*limit)
            )
        }
        (T::File { bytes, limit }, Lang::En) => {
            format!(
                "the file is {} MB and at most {} MB are taken",
                mb(*bytes),
                mb(*limit)
            )
        }
        (T::Part { part, bytes, limit }, Lang::Bg) => format!(
            "частта „{part}“ на файла се разархивира до {} МБ, а се приемат най-много {} МБ",
            mb(*bytes),
            mb(*limit)
        ),
        (T::Part { part, bytes, limit }, Lang::En) => format!(
            "the part \"{part}\" of the file unpacks to {} MB and at most {} MB are taken",
            mb(*bytes),
            mb(*limit)
        ),
        (T::Unpacked { limit }, Lang::Bg) => {
            format!("файлът се разархивира до повече от {} МБ", mb(*limit))
        }
        (T::Unpacked { limit }, Lang::En) => {
            format!("the file unpacks to more than {} MB", mb(*limit))
        }
        (T::Cells { limit }, Lang::Bg) => {
            format!(
                "файлът има повече от {} попълнени клетки",
                group(*limit as u64, lang)
            )
        }
        (T::Cells { limit }, Lang::En) => {
            format!(
                "the file has more than {} filled cells",
                group(*limit as u64, lang)
            )
        }
        (T::Text { limit }, Lang::Bg) => format!(
            "текстът в клетките на файла е повече от {} МБ",
            mb(*limit as u64)
        ),
        (T::Text { limit }, Lang::En) => {
            format!(
                "the text in the file's cells is more than {} MB",
                mb(*limit as u64)
            )
        }
    }
}

/// Bytes as megabytes with at most one decimal, as people read file sizes.
fn megabytes(bytes: u64, lang: Lang) -> String {
    let tenths = (bytes as f64 / (1024.0 * 1024.0) * 10.0).round() / 10.0;
    match lang {
        Lang::Bg => crate::number::format_bg(tenths),
        Lang::En => format!("{tenths}"),
    }
}

/// A whole number grouped by thousands: "1 048 576" in Bulgarian, "1,048,576" in English.
pub(crate) fn group(n: u64, lang: Lang) -> String {
    match lang {
        Lang::Bg => crate::number::format_bg(n as f64),
        Lang::En => crate::number::format_bg(n as f64).replace(' ', ","),
    }
}
