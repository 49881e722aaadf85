//! One error type for every command (as xsv's `CliResult`): whatever stops a command travels
//! out as a [`CommandError`] and becomes one sentence and one exit status in
//! [`super::run`], in one place.

use std::path::PathBuf;

use crate::catalogue::{Msg, Output, PortalTrouble, Started};
use crate::config::ConfigError;
use crate::contract::programme::DataError;
use crate::system::{SystemError, Trouble};
use crate::write::WriteError;
use crate::write::csv::Unencodable;

use super::inputs::InputsError;
use super::output::OutputError;
use super::{EXIT_CANNOT_RUN, EXIT_INPUT_ERRORS};

/// How a command that did its work ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Done {
    /// Everything was read and written; the inputs have no errors (exit 0).
    Clean,
    /// What could be made was made, but the inputs have errors (exit 1).
    InputErrors,
}

impl Done {
    /// [`Done::InputErrors`] when `errors` is true.
    pub fn with_errors(errors: bool) -> Done {
        if errors {
            Done::InputErrors
        } else {
            Done::Clean
        }
    }
}

/// What a command returns.
pub type CommandResult = Result<Done, CommandError>;

/// Why a command stopped before doing its work. Its `Display` and `source` chain are
/// English lines for a developer; the user reads [`CommandError::msg`].
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// The config cannot be used.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The FILE arguments give nothing to read.
    #[error(transparent)]
    Inputs(#[from] InputsError),
    /// An output cannot be written where asked.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The programme workbook given to `report` or `export` cannot be read back.
    #[error("the programme workbook {} cannot be read back", path.display())]
    ProgrammeUnreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        problem: DataError,
    },
    /// The implementation report given to `export --report` cannot be read back.
    #[error("the implementation report {} cannot be read back", path.display())]
    ReportUnreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        problem: DataError,
    },
    /// A workbook could not be made.
    #[error("{} could not be made", path.display())]
    Write {
        /// Where it was to be written.
        path: PathBuf,
        /// Which output it is.
        output: Output,
        /// Why.
        #[source]
        err: WriteError,
    },
    /// The chosen encoding cannot hold a character: nothing was written (an input
    /// problem, exit 1).
    #[error("the chosen encoding cannot hold a character: nothing was written")]
    Unencodable(#[source] Unencodable),
    /// `merge --strict` found rejected rows: nothing was written (exit 1).
    #[error("merge --strict found rejected rows: nothing was written")]
    StrictNothingWritten,
    /// The portal cannot start, or its data cannot be used.
    #[error(transparent)]
    Portal(#[from] crate::serve::ServeError),
    /// Standard output cannot be written (a full disk). A pipe closed by its reader, as
    /// `zakrila validate … | head` does, is no error. Made only where standard output is
    /// written ([`CommandError::stdout`]): no other I/O error can pass for it.
    #[error("standard output cannot be written")]
    Stdout(#[source] std::io::Error),
    /// `import` cannot make a programme of its document or arguments.
    #[error("import made nothing of {}", path.display())]
    Import {
        /// The document.
        path: PathBuf,
        /// Why.
        #[source]
        source: crate::import::ImportError,
    },
    /// `document` cannot make a document of its workbook or text.
    #[error(transparent)]
    Document(#[from] super::document::DocumentError),
    /// `export -o FILE.xlsx` with an option that only a CSV has.
    #[error("{option} is for a CSV, not for the workbook {}", path.display())]
    CsvOptionForWorkbook {
        /// The workbook asked for.
        path: PathBuf,
        /// The option, as typed.
        option: &'static str,
    },
    /// `password` set no password.
    #[error(transparent)]
    Password(#[from] super::serve::PasswordError),
}

impl CommandError {
    /// A failed write to standard output.
    pub fn stdout(err: std::io::Error) -> CommandError {
        CommandError::Stdout(err)
    }

    /// The exit status: 1 for what the inputs caused, 2 when the command could not run.
    pub fn status(&self) -> u8 {
        match self {
            CommandError::Unencodable(_) | CommandError::StrictNothingWritten => EXIT_INPUT_ERRORS,
            _ => EXIT_CANNOT_RUN,
        }
    }

    /// Whether this is standard output closed by its reader: the command ends quietly.
    pub fn is_closed_output(&self) -> bool {
        matches!(self, CommandError::Stdout(err) if err.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// The sentence for the user.
    pub fn msg(&self) -> Msg<'_> {
        match self {
            CommandError::Config(err) => Msg::ConfigError(err),
            CommandError::Inputs(InputsError::DirUnreadable { path, reason }) => {
                Msg::DirUnreadable {
                    path,
                    trouble: reason.trouble,
                }
            }
            CommandError::Inputs(InputsError::EmptyDir { path }) => Msg::DirEmpty { path },
            CommandError::Output(err) => err.msg(),
            CommandError::ProgrammeUnreadable { path, problem } => {
                Msg::ProgrammeUnreadable { path, problem }
            }
            CommandError::ReportUnreadable { path, problem } => {
                Msg::ReportUnreadable { path, problem }
            }
            CommandError::Write { path, output, err } => Msg::OutputNotWritable {
                path,
                output: *output,
                trouble: err.trouble(),
            },
            CommandError::Unencodable(err) => Msg::Unencodable {
                line: err.line,
                column: err.column,
                character: err.character,
            },
            CommandError::StrictNothingWritten => Msg::MergeStrictNothingWritten,
            CommandError::Portal(crate::serve::ServeError::PasswordTooShort { chars }) => {
                Msg::AdminPasswordTooShort {
                    min: crate::serve::auth::MIN_PASSWORD_CHARS,
                    chars: *chars,
                }
            }
            CommandError::Portal(err) => Msg::PortalFailed {
                trouble: portal_trouble(err),
                started: Started::CommandLine,
            },
            CommandError::Stdout(err) => Msg::StdoutNotWritable {
                trouble: SystemError::from(err).trouble,
            },
            CommandError::Import { path, source } => super::import::msg(path, source),
            CommandError::Document(err) => err.msg(),
            CommandError::CsvOptionForWorkbook { path, option } => {
                Msg::CsvOptionForWorkbook { path, option }
            }
            CommandError::Password(err) => match err {
                super::serve::PasswordError::NoPortal(path) => Msg::NoPortalData { path },
                super::serve::PasswordError::TooShort => Msg::PasswordTooShort {
                    min: crate::serve::auth::MIN_PASSWORD_CHARS,
                },
                super::serve::PasswordError::Mismatch => Msg::PasswordMismatch,
                super::serve::PasswordError::NoTerminal(_) => Msg::PasswordNoTerminal,
            },
        }
    }

    /// The system's (or a library's) own words about the error, for `--verbose`: never part
    /// of the sentence [`CommandError::msg`] gives.
    pub fn detail(&self) -> Option<String> {
        match self {
            CommandError::Config(err) => err.detail().map(str::to_string),
            CommandError::Inputs(InputsError::DirUnreadable { reason, .. }) => {
                Some(reason.detail.clone())
            }
            CommandError::Output(err) => err.detail().map(str::to_string),
            CommandError::ProgrammeUnreadable { problem, .. }
            | CommandError::ReportUnreadable { problem, .. } => match problem {
                DataError::Read(err) => err.detail().map(str::to_string),
                _ => None,
            },
            CommandError::Write { err, .. } => Some(err.detail().to_string()),
            CommandError::Portal(err) => Some(crate::system::chain(err)),
            CommandError::Stdout(err) => Some(err.to_string()),
            CommandError::Import { source, .. } => super::import::detail(source),
            CommandError::Password(super::serve::PasswordError::NoTerminal(err)) => {
                Some(err.to_string())
            }
            _ => None,
        }
        .filter(|detail| !detail.is_empty())
    }
}

/// The portal's failure as a kind of trouble the catalogue can say: the listening address
/// taken or refused, the data folder, the database busy, damaged, on a full or read-only
/// disk. The system's words stay for `--verbose`.
pub(crate) fn portal_trouble(err: &crate::serve::ServeError) -> PortalTrouble<'_> {
    use crate::serve::ServeError;
    use crate::serve::store::StoreError;
    use rusqlite::ErrorCode;
    match err {
        // The listener kept the error kind's words only; they are std's own, compared
        // with std's own.
        ServeError::Listen { address, source }
            if source.kind() == std::io::ErrorKind::AddrInUse =>
        {
            PortalTrouble::AddressInUse {
                address: address.to_string(),
            }
        }
        ServeError::Listen { address, .. } => PortalTrouble::AddressRefused {
            address: address.to_string(),
        },
        ServeError::Store(StoreError::Folder { path, reason }) => PortalTrouble::DataFolder {
            path,
            trouble: reason.trouble,
        },
        ServeError::Store(StoreError::NoDatabase { path }) => PortalTrouble::DataFolder {
            path,
            // As the data folder's own trouble was said before this variant had a name.
            trouble: crate::system::Trouble::Other,
        },
        ServeError::Store(StoreError::Sqlite(rusqlite::Error::SqliteFailure(failure, _))) => {
            match failure.code {
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => PortalTrouble::DatabaseBusy,
                ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => {
                    PortalTrouble::DatabaseDamaged
                }
                ErrorCode::DiskFull => PortalTrouble::DiskFull,
                ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::CannotOpen => {
                    PortalTrouble::ReadOnly
                }
                _ => PortalTrouble::Other,
            }
        }
        ServeError::Io { source, .. } => match SystemError::from(source).trouble {
            Trouble::DiskFull => PortalTrouble::DiskFull,
            Trouble::ReadOnly => PortalTrouble::ReadOnly,
            _ => PortalTrouble::Other,
        },
        _ => PortalTrouble::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_pipe_is_quiet_and_a_full_disk_is_not() {
        let closed = CommandError::Stdout(std::io::ErrorKind::BrokenPipe.into());
        assert!(closed.is_closed_output());
        let full = CommandError::Stdout(std::io::ErrorKind::StorageFull.into());
        assert!(!full.is_closed_output());
        assert_eq!(full.status(), EXIT_CANNOT_RUN);
        assert_eq!(
            CommandError::StrictNothingWritten.status(),
            EXIT_INPUT_ERRORS
        );
    }
}
