//! An operating-system error as zakrila tells it: what kind of trouble it is, for the
//! Bulgarian (or English) sentence a user reads, and what the system itself said, shown only
//! under `--verbose` (its words are English, or the system's language, and mean little to a
//! secretary: "entity not found", "os error 32").
//!
//! Every stage that touches the file system keeps a [`SystemError`] instead of the system's
//! words; the catalogue says each [`Trouble`] once, for reading and for writing.

use std::io::ErrorKind;

/// What kind of trouble the system reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Trouble {
    /// The file or folder does not exist.
    NotFound,
    /// The user may not read or write there.
    PermissionDenied,
    /// Another program holds the file (on Windows: a workbook open in Excel).
    InUse,
    /// The disk, or the user's share of it, is full.
    DiskFull,
    /// The disk or the folder can only be read.
    ReadOnly,
    /// A folder stands where a file was meant.
    IsAFolder,
    /// A file stands where a folder of the path was meant.
    NotAFolder,
    /// The file system does not take the name (too long, a character it forbids).
    BadName,
    /// Anything else: a device error, a network drive that went away.
    Other,
}

/// An operating-system error: its [`Trouble`] and the system's own words (its `Display`,
/// for logs and `--verbose`; the user reads the catalogue's sentence for the trouble).
///
/// # Examples
///
/// ```
/// use zakrila::system::{SystemError, Trouble};
/// let err = std::fs::read("няма-такъв-файл.xlsx").unwrap_err();
/// let said = SystemError::from(&err);
/// assert_eq!(said.trouble, Trouble::NotFound);
/// assert!(!said.detail.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemError {
    /// What kind of trouble it is.
    pub trouble: Trouble,
    /// The system's words (`std::io::Error`'s text), for `--verbose`.
    pub detail: String,
}

impl Trouble {
    /// The trouble in a few English words, for a log line when the system said nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::system::{SystemError, Trouble};
    /// assert_eq!(SystemError::of(Trouble::DiskFull).to_string(), "the disk is full");
    /// ```
    pub fn words(self) -> &'static str {
        match self {
            Trouble::NotFound => "not found",
            Trouble::PermissionDenied => "permission denied",
            Trouble::InUse => "in use by another program",
            Trouble::DiskFull => "the disk is full",
            Trouble::ReadOnly => "read-only",
            Trouble::IsAFolder => "a folder, not a file",
            Trouble::NotAFolder => "a file, not a folder",
            Trouble::BadName => "a name the file system refuses",
            Trouble::Other => "a system error",
        }
    }
}

impl SystemError {
    /// A trouble the system's words do not come with (a check zakrila made itself).
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::system::{SystemError, Trouble};
    /// assert_eq!(SystemError::of(Trouble::IsAFolder).detail, "");
    /// ```
    pub fn of(trouble: Trouble) -> SystemError {
        SystemError {
            trouble,
            detail: String::new(),
        }
    }
}

impl std::fmt::Display for SystemError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.detail.is_empty() {
            f.write_str(self.trouble.words())
        } else {
            f.write_str(&self.detail)
        }
    }
}

impl std::error::Error for SystemError {}

/// An error and every source under it, one after another ("the data folder … cannot be
/// used: permission denied"), for a log line or `--verbose`. A source whose words its error
/// already ends with is not said twice.
///
/// # Examples
///
/// ```
/// use zakrila::system::{SystemError, Trouble, chain};
/// let err = zakrila::read::ReadError::Unreadable { reason: SystemError::of(Trouble::NotFound) };
/// assert_eq!(chain(&err), "the file cannot be opened: not found");
/// ```
pub fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut said = err.to_string();
    let mut source = err.source();
    while let Some(err) = source {
        let words = err.to_string();
        if !said.ends_with(&words) {
            said.push_str(": ");
            said.push_str(&words);
        }
        source = err.source();
    }
    said
}

fn trouble_of_kind(kind: ErrorKind) -> Trouble {
    match kind {
        ErrorKind::NotFound => Trouble::NotFound,
        ErrorKind::PermissionDenied => Trouble::PermissionDenied,
        ErrorKind::ResourceBusy | ErrorKind::ExecutableFileBusy => Trouble::InUse,
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge => {
            Trouble::DiskFull
        }
        ErrorKind::ReadOnlyFilesystem => Trouble::ReadOnly,
        ErrorKind::IsADirectory => Trouble::IsAFolder,
        ErrorKind::NotADirectory => Trouble::NotAFolder,
        ErrorKind::InvalidFilename => Trouble::BadName,
        _ => Trouble::Other,
    }
}

/// Windows' ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION: another program has the file
/// open (Excel keeps a workbook it shows locked). std calls them "uncategorized".
const WINDOWS_IN_USE: [i32; 2] = [32, 33];
/// Windows' ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL.
const WINDOWS_DISK_FULL: [i32; 2] = [112, 39];

impl From<&std::io::Error> for SystemError {
    fn from(err: &std::io::Error) -> SystemError {
        let raw = err.raw_os_error();
        let trouble = match raw {
            Some(code) if cfg!(windows) && WINDOWS_IN_USE.contains(&code) => Trouble::InUse,
            Some(code) if cfg!(windows) && WINDOWS_DISK_FULL.contains(&code) => Trouble::DiskFull,
            _ => trouble_of_kind(err.kind()),
        };
        SystemError {
            trouble,
            detail: err.to_string(),
        }
    }
}

impl From<std::io::Error> for SystemError {
    fn from(err: std::io::Error) -> SystemError {
        SystemError::from(&err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_trouble_is_told_apart() {
        for (kind, trouble) in [
            (ErrorKind::NotFound, Trouble::NotFound),
            (ErrorKind::PermissionDenied, Trouble::PermissionDenied),
            (ErrorKind::StorageFull, Trouble::DiskFull),
            (ErrorKind::QuotaExceeded, Trouble::DiskFull),
            (ErrorKind::ReadOnlyFilesystem, Trouble::ReadOnly),
            (ErrorKind::IsADirectory, Trouble::IsAFolder),
            (ErrorKind::NotADirectory, Trouble::NotAFolder),
            (ErrorKind::InvalidFilename, Trouble::BadName),
            (ErrorKind::ResourceBusy, Trouble::InUse),
            (ErrorKind::TimedOut, Trouble::Other),
        ] {
            let err = std::io::Error::from(kind);
            assert_eq!(SystemError::from(&err).trouble, trouble, "{kind:?}");
        }
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_full_disk_is_a_full_disk() {
        // ENOSPC, as writing to /dev/full gives it.
        let err = std::fs::write("/dev/full", b"x").unwrap_err();
        assert_eq!(SystemError::from(&err).trouble, Trouble::DiskFull);
    }
}
