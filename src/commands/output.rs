//! Writing outputs safely: never over an input, never half-written.
//!
//! Every output goes to a temporary file in the target's own folder and is renamed into
//! place only when complete, so an interrupted run leaves the old file (or none), never a
//! truncated workbook.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::catalogue::Msg;

/// Why an output could not be written. Rendered through the message catalogue.
#[derive(Debug)]
pub enum OutputError {
    /// The output path is one of the inputs.
    IsInput(PathBuf),
    /// The output path is an existing folder.
    IsDirectory(PathBuf),
    /// The folder the output should go in does not exist.
    DirMissing(PathBuf),
    /// Creating, writing or renaming failed.
    NotWritable {
        /// The file or folder.
        path: PathBuf,
        /// The system's word for why.
        reason: String,
    },
}

impl OutputError {
    /// The catalogue message for this error.
    pub fn msg(&self) -> Msg<'_> {
        match self {
            OutputError::IsInput(path) => Msg::OutputIsInput { path },
            OutputError::IsDirectory(path) => Msg::OutputIsDirectory { path },
            OutputError::DirMissing(path) => Msg::OutputDirMissing { path },
            OutputError::NotWritable { path, reason } => Msg::OutputNotWritable {
                path,
                reason: reason.clone(),
            },
        }
    }
}

/// Checks that `output` may be written: it is not one of `inputs` (compared after resolving
/// links and relative paths), not a folder, and its folder exists.
///
/// # Errors
///
/// The first reason the output cannot be written.
///
/// # Examples
///
/// ```
/// use zakrila::commands::output::check_target;
/// let dir = std::env::temp_dir();
/// let input = dir.join("zakrila-doc-input.toml");
/// std::fs::write(&input, "x").unwrap();
/// assert!(check_target(&input, &[input.clone()]).is_err());
/// assert!(check_target(&dir.join("zakrila-doc-out.xlsx"), &[input.clone()]).is_ok());
/// ```
pub fn check_target(output: &Path, inputs: &[PathBuf]) -> Result<(), OutputError> {
    if output.is_dir() {
        return Err(OutputError::IsDirectory(output.to_path_buf()));
    }
    let folder = parent_folder(output);
    if !folder.is_dir() {
        return Err(OutputError::DirMissing(folder.to_path_buf()));
    }
    let resolved = resolve(output);
    if inputs.iter().any(|input| resolve(input) == resolved) {
        return Err(OutputError::IsInput(output.to_path_buf()));
    }
    Ok(())
}

/// Writes `bytes` to `output` through a temporary file in the same folder and a rename.
///
/// # Errors
///
/// [`OutputError::NotWritable`] with the system's reason when any step fails; the temporary
/// file is removed then.
///
/// # Examples
///
/// ```
/// let path = std::env::temp_dir().join("zakrila-doc-atomic.txt");
/// zakrila::commands::output::write_atomically(&path, b"hello").unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"hello");
/// ```
pub fn write_atomically(output: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let not_writable = |err: std::io::Error| OutputError::NotWritable {
        path: output.to_path_buf(),
        reason: err.kind().to_string(),
    };
    let folder = parent_folder(output);
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
    temp.persist(output)
        .map_err(|err| not_writable(err.error))?;
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
            check_target(&other, &[input]),
            Err(OutputError::IsInput(_))
        ));
    }

    #[test]
    fn refuses_missing_folder_and_folder_target() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            check_target(&dir.path().join("няма").join("x.xlsx"), &[]),
            Err(OutputError::DirMissing(_))
        ));
        assert!(matches!(
            check_target(dir.path(), &[]),
            Err(OutputError::IsDirectory(_))
        ));
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.xlsx");
        write_atomically(&target, b"one").unwrap();
        write_atomically(&target, b"two").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
