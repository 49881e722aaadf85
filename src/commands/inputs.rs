//! Turning FILE arguments into the list of spreadsheets to read (spec: cli.md).
//!
//! A directory stands for every spreadsheet directly inside it, in name order; hidden files
//! and Office lock files (`~$…`, `.~lock…`) are skipped. A file named explicitly is always
//! taken, whatever its extension: the reader trusts bytes, not names.

use std::path::{Path, PathBuf};

/// Extensions taken from a directory (compared without case).
const SPREADSHEET_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// One input: its path, and how to show it in findings (the path as the user gave it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// Where to read it.
    pub path: PathBuf,
    /// The path as given (or as found inside a given directory).
    pub display: String,
}

/// Why the arguments give nothing to read.
#[derive(Debug, thiserror::Error)]
pub enum InputsError {
    /// A directory argument cannot be listed.
    #[error("the folder {} cannot be listed", path.display())]
    DirUnreadable {
        /// The folder.
        path: PathBuf,
        /// Why, as the system said.
        #[source]
        reason: crate::system::SystemError,
    },
    /// A directory holds no spreadsheet.
    #[error("the folder {} holds no spreadsheet", path.display())]
    EmptyDir {
        /// The file or folder.
        path: PathBuf,
    },
}

/// Expands FILE arguments; files that do not exist are kept (they become a file-level
/// finding when read, so one bad name does not stop the others).
///
/// # Errors
///
/// A directory that cannot be listed or holds no spreadsheet.
///
/// # Examples
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// for name in ["б.xlsx", "а.ods", "~$а.ods", ".~lock.б.xlsx#", "бележки.txt"] {
///     std::fs::write(dir.path().join(name), "").unwrap();
/// }
/// let inputs = zakrila::commands::inputs::expand(&[dir.path().to_path_buf()]).unwrap();
/// let names: Vec<_> = inputs.iter().map(|i| i.path.file_name().unwrap().to_str().unwrap()).collect();
/// assert_eq!(names, ["а.ods", "б.xlsx"]);
/// ```
pub fn expand(arguments: &[PathBuf]) -> Result<Vec<Input>, InputsError> {
    let mut inputs = Vec::new();
    for argument in arguments {
        if argument.is_dir() {
            let listed = list_dir(argument)?;
            if listed.is_empty() {
                return Err(InputsError::EmptyDir {
                    path: argument.clone(),
                });
            }
            inputs.extend(listed);
        } else {
            inputs.push(Input {
                path: argument.clone(),
                display: argument.display().to_string(),
            });
        }
    }
    Ok(inputs)
}

fn list_dir(dir: &Path) -> Result<Vec<Input>, InputsError> {
    let unreadable = |err: std::io::Error| InputsError::DirUnreadable {
        path: dir.to_path_buf(),
        reason: crate::system::SystemError::from(&err),
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        if path.is_file() && is_spreadsheet_name(&path) {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths
        .into_iter()
        .map(|path| Input {
            display: path.display().to_string(),
            path,
        })
        .collect())
}

fn is_spreadsheet_name(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if name.starts_with('.') || name.starts_with("~$") {
        return false;
    }
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SPREADSHEET_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}
