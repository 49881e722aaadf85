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

/// Why a command stopped before doing its work.
#[derive(Debug)]
pub enum CommandError {
    /// The config cannot be used.
    Config(ConfigError),
    /// The FILE arguments give nothing to read.
    Inputs(InputsError),
    /// An output cannot be written where asked.
    Output(OutputError),
    /// The programme workbook given to `report` or `export` cannot be read back.
    ProgrammeUnreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        problem: DataError,
    },
    /// The implementation report given to `export --report` cannot be read back.
    ReportUnreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        problem: DataError,
    },
    /// A workbook could not be made.
    Write {
        /// Where it was to be written.
        path: PathBuf,
        /// Which output it is.
        output: Output,
        /// Why.
        err: WriteError,
    },
    /// The chosen encoding cannot hold a character: nothing was written (an input
    /// problem, exit 1).
    Unencodable(Unencodable),
    /// `merge --strict` found rejected rows: nothing was written (exit 1).
    StrictNothingWritten,
    /// The portal cannot start, or its data cannot be used.
    Portal(crate::serve::ServeError),
    /// Standard output cannot be written (a full disk). A pipe closed by its reader, as
    /// `zakrila validate … | head` does, is no error.
    Stdout(std::io::Error),
    /// `import` cannot make a programme of its document or arguments.
    Import(super::import::ImportError),
    /// `document` cannot make a document of its workbook or text.
    Document(super::document::DocumentError),
    /// `export -o FILE.xlsx` with an option that only a CSV has.
    CsvOptionForWorkbook {
        /// The workbook asked for.
        path: PathBuf,
        /// The option, as typed.
        option: &'static str,
    },
    /// `password` set no password.
    Password(super::serve::PasswordError),
}

impl CommandError {
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
            CommandError::Import(err) => err.msg(),
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
            CommandError::Portal(err) => Some(err.to_string()),
            CommandError::Stdout(err) => Some(err.to_string()),
            CommandError::Import(err) => err.detail(),
            CommandError::Password(super::serve::PasswordError::NoTerminal(reason)) => {
                Some(reason.clone())
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
        ServeError::Listen { address, reason }
            if *reason == std::io::ErrorKind::AddrInUse.to_string() =>
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
            trouble: SystemError::from_kind_words(reason).trouble,
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
        ServeError::Io(io) => match SystemError::from(io).trouble {
            Trouble::DiskFull => PortalTrouble::DiskFull,
            Trouble::ReadOnly => PortalTrouble::ReadOnly,
            _ => PortalTrouble::Other,
        },
        _ => PortalTrouble::Other,
    }
}

impl From<crate::serve::ServeError> for CommandError {
    fn from(err: crate::serve::ServeError) -> CommandError {
        CommandError::Portal(err)
    }
}

impl From<ConfigError> for CommandError {
    fn from(err: ConfigError) -> CommandError {
        CommandError::Config(err)
    }
}

impl From<InputsError> for CommandError {
    fn from(err: InputsError) -> CommandError {
        CommandError::Inputs(err)
    }
}

impl From<OutputError> for CommandError {
    fn from(err: OutputError) -> CommandError {
        CommandError::Output(err)
    }
}

impl From<std::io::Error> for CommandError {
    fn from(err: std::io::Error) -> CommandError {
        CommandError::Stdout(err)
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
