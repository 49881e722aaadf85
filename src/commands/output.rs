//! Writing outputs safely: never over an input, never half-written, never over a file the
//! user may have filled unless told so, and into a folder made when it is missing.
//!
//! Every output goes to a temporary file in the target's own folder and is renamed into
//! place only when complete, so an interrupted run leaves the old file (or none), never a
//! truncated workbook. Every error says which output it is about ([`Output`]), so that its
//! message names the option the command has.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::catalogue::{Msg, Output};
use crate::system::SystemError;

/// Why an output could not be written. Rendered through the message catalogue; its
/// `Display` is an English line for a developer.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output path is one of the inputs.
    #[error("{} is one of the inputs", path.display())]
    IsInput {
        /// The path.
        path: PathBuf,
        /// Which output.
        output: Output,
    },
    /// A file output's path is an existing folder.
    #[error("{} is a folder", path.display())]
    IsDirectory {
        /// The path.
        path: PathBuf,
        /// Which output.
        output: Output,
    },
    /// A folder output's path (or the folder of a file output) is a file.
    #[error("{} is a file, not a folder", path.display())]
    NotAFolder {
        /// The path.
        path: PathBuf,
        /// Which output.
        output: Output,
    },
    /// Creating, writing or renaming failed.
    #[error("{} cannot be written", path.display())]
    NotWritable {
        /// The file or folder.
        path: PathBuf,
        /// Which output.
        output: Output,
        /// Why, as the system said.
        #[source]
        reason: SystemError,
    },
    /// Files the output would replace are there, and may have been filled.
    #[error("{} already holds {}", folder.display(), names.join(", "))]
    Exist {
        /// The folder.
        folder: PathBuf,
        /// The files' names.
        names: Vec<String>,
        /// Which output.
        output: Output,
    },
}

impl OutputError {
    /// The catalogue message for this error.
    pub fn msg(&self) -> Msg<'_> {
        match self {
            OutputError::IsInput { path, output } => Msg::OutputIsInput {
                path,
                output: *output,
            },
            OutputError::IsDirectory { path, output } => Msg::OutputIsDirectory {
                path,
                output: *output,
            },
            OutputError::NotAFolder { path, output } => Msg::OutputNotAFolder {
                path,
                output: *output,
            },
            OutputError::NotWritable {
                path,
                output,
                reason,
            } => Msg::OutputNotWritable {
                path,
                output: *output,
                trouble: reason.trouble,
            },
            OutputError::Exist {
                folder,
                names,
                output,
            } => Msg::OutputsExist {
                folder,
                names: names.clone(),
                output: *output,
            },
        }
    }

    /// The system's own words, for `--verbose`.
    pub fn detail(&self) -> Option<&str> {
        match self {
            OutputError::NotWritable { reason, .. } if !reason.detail.is_empty() => {
                Some(&reason.detail)
            }
            _ => None,
        }
    }
}

/// Checks that `path` may be written as `output`: it is not one of `inputs` (compared after
/// resolving links and relative paths) and not a folder; its folder is made when missing.
///
/// # Errors
///
/// The first reason the output cannot be written.
///
/// # Examples
///
/// ```
/// use zakrila::catalogue::Output;
/// use zakrila::commands::output::check_target;
/// let dir = tempfile::tempdir().unwrap();
/// let input = dir.path().join("programme.toml");
/// std::fs::write(&input, "x").unwrap();
/// assert!(check_target(&input, &[input.clone()], Output::Template).is_err());
/// let output = dir.path().join("нова папка").join("шаблон.xlsx");
/// assert!(check_target(&output, &[input.clone()], Output::Template).is_ok());
/// assert!(dir.path().join("нова папка").is_dir());
/// ```
pub fn check_target(path: &Path, inputs: &[PathBuf], output: Output) -> Result<(), OutputError> {
    if path.is_dir() {
        return Err(OutputError::IsDirectory {
            path: path.to_path_buf(),
            output,
        });
    }
    make_folder(parent_folder(path), output)?;
    let resolved = resolve(path);
    if inputs.iter().any(|input| resolve(input) == resolved) {
        return Err(OutputError::IsInput {
            path: path.to_path_buf(),
            output,
        });
    }
    Ok(())
}

/// Makes `folder` (and the folders above it) when it is missing.
///
/// # Errors
///
/// [`OutputError::NotAFolder`] when a file stands there, [`OutputError::NotWritable`] when
/// the system does not let it be made.
pub fn make_folder(folder: &Path, output: Output) -> Result<(), OutputError> {
    if folder.is_dir() {
        return Ok(());
    }
    if folder.exists() {
        return Err(OutputError::NotAFolder {
            path: folder.to_path_buf(),
            output,
        });
    }
    std::fs::create_dir_all(folder).map_err(|err| OutputError::NotWritable {
        path: folder.to_path_buf(),
        output,
        reason: SystemError::from(&err),
    })
}

/// Refuses to write `names` into `folder` when any of them is there already — a workbook an
/// institution may have filled — unless `force`.
///
/// # Errors
///
/// [`OutputError::Exist`] naming every file that is there.
///
/// # Examples
///
/// ```
/// use zakrila::catalogue::Output;
/// use zakrila::commands::output::refuse_existing;
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("РУО.xlsx"), "попълнен").unwrap();
/// let names = ["РУО.xlsx".to_string(), "РЗИ.xlsx".to_string()];
/// assert!(refuse_existing(dir.path(), &names, false, Output::ReportingWorkbooks).is_err());
/// assert!(refuse_existing(dir.path(), &names, true, Output::ReportingWorkbooks).is_ok());
/// ```
pub fn refuse_existing(
    folder: &Path,
    names: &[String],
    force: bool,
    output: Output,
) -> Result<(), OutputError> {
    if force {
        return Ok(());
    }
    let there: Vec<String> = names
        .iter()
        .filter(|name| folder.join(name).exists())
        .cloned()
        .collect();
    if there.is_empty() {
        return Ok(());
    }
    Err(OutputError::Exist {
        folder: folder.to_path_buf(),
        names: there,
        output,
    })
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
///
/// # Errors
///
/// [`OutputError::NotWritable`] with the system's error when any step fails; the temporary
/// file is removed then.
///
/// # Examples
///
/// ```
/// use zakrila::catalogue::Output;
/// let path = std::env::temp_dir().join("zakrila-doc-atomic.txt");
/// zakrila::commands::output::write_atomically(&path, b"hello", Output::Export).unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"hello");
/// ```
pub fn write_atomically(path: &Path, bytes: &[u8], output: Output) -> Result<(), OutputError> {
    let not_writable = |err: std::io::Error| OutputError::NotWritable {
        path: path.to_path_buf(),
        output,
        reason: SystemError::from(&err),
    };
    let folder = parent_folder(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".zakrila-").suffix(".tmp");
    // Temporary files are private (0600) by default; an output is an ordinary file that
    // the user's umask should shape, like any file their spreadsheet program saves.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(folder).map_err(not_writable)?;
    temp.write_all(bytes).map_err(not_writable)?;
    temp.as_file().sync_all().map_err(not_writable)?;
    temp.persist(path).map_err(|err| not_writable(err.error))?;
    Ok(())
}

/// The folder a path lives in; "" (a bare file name) means the current folder.
fn parent_folder(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// The path with links and "..", resolved as far as the file system allows: a file that
/// does not exist yet is resolved through its folder.
fn resolve(path: &Path) -> PathBuf {
    if let Ok(resolved) = path.canonicalize() {
        return resolved;
    }
    match (parent_folder(path).canonicalize(), path.file_name()) {
        (Ok(folder), Some(name)) => folder.join(name),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_an_input_reached_by_another_path() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("вход.xlsx");
        std::fs::write(&input, "x").unwrap();
        let other = dir.path().join(".").join("вход.xlsx");
        assert!(matches!(
            check_target(&other, &[input], Output::Programme),
            Err(OutputError::IsInput { .. })
        ));
    }

    #[test]
    fn makes_a_missing_folder_and_refuses_a_folder_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("няма").join("още").join("x.xlsx");
        check_target(&target, &[], Output::Programme).unwrap();
        assert!(dir.path().join("няма").join("още").is_dir());
        assert!(matches!(
            check_target(dir.path(), &[], Output::Programme),
            Err(OutputError::IsDirectory { .. })
        ));
        let file = dir.path().join("файл");
        std::fs::write(&file, "x").unwrap();
        assert!(matches!(
            check_target(&file.join("x.xlsx"), &[], Output::Programme),
            Err(OutputError::NotAFolder { .. })
        ));
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.xlsx");
        write_atomically(&target, b"one", Output::Programme).unwrap();
        write_atomically(&target, b"two", Output::Programme).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
