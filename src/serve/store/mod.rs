//! The portal's storage: one SQLite database in the data folder, holding every record and
//! every uploaded file's bytes (addressed by SHA-256).
//!
//! Keeping the bytes in the database is what makes an upload durable in one step: the file
//! and its record are committed in one transaction (WAL, `synchronous = FULL`) before the
//! server answers, so a `kill -9` after the answer loses nothing, and `zakrila backup` can
//! copy everything consistently with SQLite's online backup while the server runs. Nothing
//! here deletes a row of `blobs`, `submissions`, `reviews`, `merges` or `audit`.
//!
//! The store is synchronous (rusqlite); the server calls it from blocking tasks. It is kept
//! in four rooms, by what they keep: [`schema`] (the migrations, embedded), [`submissions`]
//! (every version sent, its review and the secretary's decision), [`outputs`] (merges,
//! reporting rounds and implementation reports), [`settings`] (settings, links, sessions,
//! devices and the audit log); this file opens the database and keeps the files' bytes.

mod outputs;
mod schema;
mod settings;
mod submissions;
mod texts;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::round::AuditAction;

pub use settings::{AuditEntry, PasswordChange};
pub use submissions::{Decided, NewSubmission, UploadsSince};
pub use texts::TextRecord;

/// The database file inside the data folder.
pub const DATABASE_FILE: &str = "zakrila.sqlite";

/// How long a connection waits for another process's write lock before it gives up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Called inside an event's transaction, before it commits, with the connection and the
/// event's record id and version: what the portal writes with the event (its e-mail, in
/// the outbox) commits with it or not at all.
pub type Hook<'h> = &'h mut dyn FnMut(&Connection, i64, i64) -> StoreResult<()>;

/// What went wrong in the store: the database said no, or the data folder cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused (a full disk, a damaged database, a locked file …).
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// The data folder cannot be created or used.
    #[error("the data folder {} cannot be used", path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// Why, as the system said.
        #[source]
        reason: crate::system::SystemError,
    },
    /// The data folder holds no portal database (`backup` and `password` need one).
    #[error("{} holds no {DATABASE_FILE}", path.display())]
    NoDatabase {
        /// The folder.
        path: PathBuf,
    },
}

/// A result of the store.
pub type StoreResult<T> = Result<T, StoreError>;

/// The open database.
pub struct Store {
    connection: Connection,
}

/// The time now, as stored: UTC, RFC 3339 to the millisecond.
pub fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

impl Store {
    /// Opens (and on first use creates) the database in `folder`, applying the migrations
    /// it lacks.
    ///
    /// # Errors
    ///
    /// When the folder cannot be created or the database opened.
    ///
    /// # Examples
    ///
    /// ```
    /// let folder = tempfile::tempdir().unwrap();
    /// let store = zakrila::serve::store::Store::open(folder.path()).unwrap();
    /// assert_eq!(store.integrity_check().unwrap(), "ok");
    /// ```
    pub fn open(folder: &Path) -> StoreResult<Store> {
        std::fs::create_dir_all(folder).map_err(|err| StoreError::Folder {
            path: folder.to_path_buf(),
            reason: (&err).into(),
        })?;
        let mut connection = Connection::open(folder.join(DATABASE_FILE))?;
        // Another process (`serve`, `links`, `backup`, `password`) may hold the write lock:
        // wait for it rather than fail.
        connection.busy_timeout(BUSY_TIMEOUT)?;
        // Every transaction takes the write lock when it begins. A transaction that began
        // as a read and then writes cannot wait for a lock in WAL mode: SQLite answers
        // "database is locked" at once when another connection has written meanwhile.
        connection.set_transaction_behavior(TransactionBehavior::Immediate);
        write_ahead_log(&connection)?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store { connection };
        store.migrate()?;
        Ok(store)
    }

    /// The connection, for the outbox's queries (`serve/mail/`), which keep their SQL
    /// beside the rules they serve.
    pub(in crate::serve) fn connection(&mut self) -> &mut Connection {
        &mut self.connection
    }

    /// Applies the migrations the database lacks, all in one transaction that holds the
    /// write lock from its start: two processes opening a new data folder at once (`serve`
    /// starting while `links` runs) see the schema either not begun or whole, and the second
    /// applies nothing.
    fn migrate(&mut self) -> StoreResult<()> {
        let transaction = self.connection.transaction()?;
        let applied: i64 =
            transaction.pragma_query_value(None, "user_version", |row| row.get(0))?;
        let applied = usize::try_from(applied).unwrap_or(0);
        if applied < schema::MIGRATIONS.len() {
            for migration in &schema::MIGRATIONS[applied..] {
                transaction.execute_batch(migration)?;
            }
            transaction.pragma_update(None, "user_version", schema::MIGRATIONS.len() as i64)?;
        }
        transaction.commit()?;
        Ok(())
    }

    /// SQLite's own check of the whole database: "ok" when sound.
    ///
    /// # Errors
    ///
    /// When the check cannot run.
    pub fn integrity_check(&self) -> StoreResult<String> {
        Ok(self
            .connection
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))?)
    }

    /// The bytes of a kept file.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn blob(&self, sha256: &str) -> StoreResult<Option<Vec<u8>>> {
        Ok(self
            .connection
            .query_row(
                "SELECT bytes FROM blobs WHERE sha256 = ?1",
                [sha256],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Keeps bytes under their SHA-256 (once per content), before anything refers to them:
    /// a programme checked on the page before the reporting round, which the start then
    /// takes by its SHA-256.
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn keep_blob(&self, sha256: &str, bytes: &[u8]) -> StoreResult<()> {
        put_blob(&self.connection, sha256, bytes)
    }

    /// Copies the whole database, consistently, to `target` with SQLite's online backup
    /// (the server may go on writing meanwhile).
    ///
    /// # Errors
    ///
    /// When the copy cannot be made.
    pub fn backup_to(&self, target: &Path) -> StoreResult<()> {
        let mut copy = Connection::open(target)?;
        {
            let backup = rusqlite::backup::Backup::new(&self.connection, &mut copy)?;
            backup.run_to_completion(256, Duration::from_millis(5), None)?;
        }
        // The copy is one self-contained file: no -wal beside it.
        copy.pragma_update(None, "journal_mode", "DELETE")?;
        Ok(())
    }
}

/// Keeps bytes under their SHA-256, once per content.
pub(super) fn put_blob(connection: &Connection, sha256: &str, bytes: &[u8]) -> StoreResult<()> {
    connection.execute(
        "INSERT INTO blobs (sha256, size, bytes) VALUES (?1, ?2, ?3)
         ON CONFLICT (sha256) DO NOTHING",
        params![sha256, bytes.len() as i64, bytes],
    )?;
    Ok(())
}

pub(in crate::serve) fn audit_in(
    connection: &Connection,
    actor: &str,
    action: AuditAction,
    subject: Option<&str>,
    sha256: Option<&str>,
    detail: Option<&str>,
) -> StoreResult<()> {
    connection.execute(
        "INSERT INTO audit (at, actor, action, subject, sha256, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![now(), actor, action.code(), subject, sha256, detail],
    )?;
    Ok(())
}

/// Puts the database in WAL mode when it is not yet. WAL lets `backup` and `links` read while
/// the server writes (and FULL synchronous, set after, makes every commit durable before it
/// returns, which is the upload promise). WAL is a property of the file, so it is asked for
/// only when the file is not in it yet.
///
/// Switching needs the database to itself, and SQLite may answer "busy" at once instead of
/// calling the busy handler when another process opens the same new folder at that moment
/// (`serve` starting while `links` runs: seen once in a loaded CI run). The switch is then
/// tried again, for as long as any other wait of the store.
fn write_ahead_log(connection: &Connection) -> rusqlite::Result<()> {
    let started = std::time::Instant::now();
    loop {
        let switched = connection
            .pragma_query_value(None, "journal_mode", |row| row.get::<_, String>(0))
            .and_then(|journal| {
                if journal.eq_ignore_ascii_case("wal") {
                    Ok(())
                } else {
                    connection.pragma_update(None, "journal_mode", "WAL")
                }
            });
        match switched {
            Err(rusqlite::Error::SqliteFailure(failure, _))
                if matches!(
                    failure.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(25));
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_commit_is_durable_and_the_journal_is_wal() {
        // The upload promise rests on these two settings: a commit is on disk (FULL) before
        // it returns, and readers (backup, links) never block the writer (WAL).
        let folder = tempfile::tempdir().unwrap();
        let store = Store::open(folder.path()).unwrap();
        let synchronous: i64 = store
            .connection
            .pragma_query_value(None, "synchronous", |row| row.get(0))
            .unwrap();
        assert_eq!(synchronous, 2, "FULL");
        let journal: String = store
            .connection
            .pragma_query_value(None, "journal_mode", |row| row.get(0))
            .unwrap();
        assert_eq!(journal, "wal");
    }

    #[test]
    fn the_switch_to_wal_waits_for_another_process_that_holds_the_new_file() {
        // Another process has the new file open in its first transaction (`links` creating
        // the schema while `serve` starts): SQLite refuses the change of journal mode at
        // once, without the busy handler, so the store must try again until it is free.
        let folder = tempfile::tempdir().unwrap();
        let other = Connection::open(folder.path().join(DATABASE_FILE)).unwrap();
        other
            .execute_batch("BEGIN IMMEDIATE; CREATE TABLE held (x);")
            .unwrap();
        let opening = {
            let folder = folder.path().to_path_buf();
            std::thread::spawn(move || Store::open(&folder).map(|_| ()))
        };
        std::thread::sleep(Duration::from_millis(300));
        other.execute_batch("COMMIT").unwrap();
        drop(other);
        opening
            .join()
            .unwrap()
            .expect("the store opens once the other lets go");
        let store = Store::open(folder.path()).unwrap();
        let journal: String = store
            .connection
            .pragma_query_value(None, "journal_mode", |row| row.get(0))
            .unwrap();
        assert_eq!(journal, "wal");
    }
}
