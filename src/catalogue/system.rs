//! The operating system's errors in words: each [`Trouble`] once for a file being read and
//! once for one being written, with what to do about it. The system's own words are never
//! part of these sentences; `--verbose` prints them on a line of their own.

use super::Lang;
use crate::system::Trouble;

/// What is wrong with a file that cannot be read, and what to do: a clause to follow
/// "„файл.xlsx“ не може да бъде прочетен: ".
///
/// # Examples
///
/// ```
/// use zakrila::catalogue::{Lang, reading};
/// use zakrila::system::Trouble;
/// assert!(reading(Trouble::NotFound, Lang::Bg).starts_with("няма такъв файл"));
/// ```
pub fn reading(trouble: Trouble, lang: Lang) -> &'static str {
    use Lang::{Bg, En};
    use Trouble as T;
    match (trouble, lang) {
        (T::NotFound, Bg) => "няма такъв файл; проверете името и папката",
        (T::NotFound, En) => "there is no such file; check the name and the folder",
        (T::PermissionDenied, Bg) => {
            "нямате права да го четете; копирайте го в своя папка или поискайте достъп от администратора на компютъра"
        }
        (T::PermissionDenied, En) => {
            "you may not read it; copy it into a folder of yours or ask the computer's administrator for access"
        }
        (T::InUse, Bg) => {
            "друга програма го държи отворен и не позволява да бъде прочетен; затворете го там и опитайте отново"
        }
        (T::InUse, En) => {
            "another program holds it open and does not let it be read; close it there and try again"
        }
        (T::IsAFolder, Bg) => "това е папка, а не файл; посочете файла в нея",
        (T::IsAFolder, En) => "it is a folder, not a file; name the file in it",
        (T::NotAFolder, Bg) => "част от пътя е файл, а не папка; проверете пътя",
        (T::NotAFolder, En) => "part of the path is a file, not a folder; check the path",
        (T::BadName, Bg) => {
            "името не е допустимо (твърде дълго или със забранен знак); проверете пътя"
        }
        (T::BadName, En) => {
            "the name is not allowed (too long, or a forbidden character); check the path"
        }
        (T::DiskFull | T::ReadOnly | T::Other, Bg) => {
            "системата не позволи да бъде прочетен; опитайте отново, а ако грешката се повтори, копирайте файла на диска на компютъра"
        }
        (T::DiskFull | T::ReadOnly | T::Other, En) => {
            "the system did not let it be read; try again, and if it happens again, copy the file onto the computer's own disk"
        }
    }
}

/// What is wrong with a file or folder that cannot be written, and what to do: a clause to
/// follow "„програма.xlsx“ не може да бъде записан: "; `option` is the option that named it
/// (`-o`, `--annotate`, `--data`).
///
/// # Examples
///
/// ```
/// use zakrila::catalogue::{Lang, writing};
/// use zakrila::system::Trouble;
/// assert!(writing(Trouble::DiskFull, "-o", Lang::Bg).contains("след -o"));
/// ```
pub fn writing(trouble: Trouble, option: &str, lang: Lang) -> String {
    use Lang::{Bg, En};
    use Trouble as T;
    match (trouble, lang) {
        (T::NotFound, Bg) => format!("част от пътя не съществува; проверете пътя след {option}"),
        (T::NotFound, En) => {
            format!("part of the path does not exist; check the path after {option}")
        }
        (T::PermissionDenied, Bg) => format!(
            "нямате права да записвате там или файлът е отворен в друга програма (напр. Excel); затворете го или посочете друг път след {option}"
        ),
        (T::PermissionDenied, En) => format!(
            "you may not write there, or the file is open in another program (e.g. Excel); close it or give another path after {option}"
        ),
        (T::InUse, Bg) => format!(
            "файлът е отворен в друга програма (напр. Excel); затворете го и пуснете командата отново или посочете друг път след {option}"
        ),
        (T::InUse, En) => format!(
            "the file is open in another program (e.g. Excel); close it and run the command again, or give another path after {option}"
        ),
        (T::DiskFull, Bg) => {
            format!("дискът е пълен; освободете място или посочете път на друг диск след {option}")
        }
        (T::DiskFull, En) => {
            format!("the disk is full; make room or give a path on another disk after {option}")
        }
        (T::ReadOnly, Bg) => {
            format!("дискът или папката са само за четене; посочете друг път след {option}")
        }
        (T::ReadOnly, En) => {
            format!("the disk or the folder can only be read; give another path after {option}")
        }
        (T::IsAFolder, Bg) => {
            format!("на това място има папка със същото име; посочете друго име след {option}")
        }
        (T::IsAFolder, En) => {
            format!("a folder of that name is there; give another name after {option}")
        }
        (T::NotAFolder, Bg) => {
            format!("част от пътя е файл, а не папка; посочете друг път след {option}")
        }
        (T::NotAFolder, En) => {
            format!("part of the path is a file, not a folder; give another path after {option}")
        }
        (T::BadName, Bg) => format!(
            "името не е допустимо (твърде дълго или със забранен знак); посочете друго след {option}"
        ),
        (T::BadName, En) => format!(
            "the name is not allowed (too long, or a forbidden character); give another after {option}"
        ),
        (T::Other, Bg) => format!(
            "системата не позволи записа; опитайте отново или посочете друг път след {option}"
        ),
        (T::Other, En) => format!(
            "the system did not allow the writing; try again or give another path after {option}"
        ),
    }
}

/// The line `--verbose` adds under a message: the system's own words.
///
/// # Examples
///
/// ```
/// use zakrila::catalogue::{Lang, system_said};
/// assert_eq!(system_said("os error 2", Lang::Bg), "  (системата казва: os error 2)");
/// ```
pub fn system_said(detail: &str, lang: Lang) -> String {
    match lang {
        Lang::Bg => format!("  (системата казва: {detail})"),
        Lang::En => format!("  (the system says: {detail})"),
    }
}
