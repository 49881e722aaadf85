//! The portal's storage: one SQLite database in the data folder, holding every record and
//! every uploaded file's bytes (addressed by SHA-256).
//!
//! Keeping the bytes in the database is what makes an upload durable in one step: the file
//! and its record are committed in one transaction (WAL, `synchronous = FULL`) before the
//! server answers, so a `kill -9` after the answer loses nothing, and `zakrila backup` can
//! copy everything consistently with SQLite's online backup while the server runs. Nothing
//! here deletes a row of `blobs`, `submissions`, `reviews`, `merges` or `audit`.
//!
//! The store is synchronous (rusqlite); the server calls it from blocking tasks.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

/// The database file inside the data folder.
pub const DATABASE_FILE: &str = "zakrila.sqlite";

/// How long a connection waits for another process's write lock before it gives up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The settings key prefix of a known device (a browser the secretary has signed in from):
/// `device:` and the SHA-256 of its cookie's token.
const DEVICE_PREFIX: &str = "device:";

/// The schema, one migration per entry; `PRAGMA user_version` counts those applied. A
/// migration is never edited once released: a change is a new entry.
const MIGRATIONS: &[&str] = &[
    // 1: the contributions round, and the tables the reporting round will use.
    "
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        bytes BLOB NOT NULL
    );
    CREATE TABLE links (
        id INTEGER PRIMARY KEY,
        institution TEXT NOT NULL,
        token TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        replaced_at TEXT
    );
    CREATE UNIQUE INDEX links_current ON links (institution) WHERE replaced_at IS NULL;
    -- round: 'contribution' now, 'report' in the reporting round.
    CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        round TEXT NOT NULL,
        institution TEXT NOT NULL,
        version INTEGER NOT NULL,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL REFERENCES blobs (sha256),
        size INTEGER NOT NULL,
        uploaded_at TEXT NOT NULL,
        rows INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        warnings INTEGER NOT NULL,
        named_institution TEXT,
        contact_email TEXT,
        report_bg TEXT NOT NULL,
        report_en TEXT NOT NULL,
        review TEXT,
        comment TEXT,
        reviewed_at TEXT,
        UNIQUE (round, institution, version)
    );
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        submission_id INTEGER NOT NULL REFERENCES submissions (id),
        decision TEXT NOT NULL,
        comment TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TABLE merges (
        id INTEGER PRIMARY KEY,
        made_at TEXT NOT NULL,
        sha256 TEXT NOT NULL REFERENCES blobs (sha256),
        submission_ids TEXT NOT NULL,
        summary TEXT NOT NULL
    );
    -- The reporting round (next issue): started from an adopted programme workbook.
    CREATE TABLE rounds (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        started_at TEXT NOT NULL,
        programme_sha256 TEXT REFERENCES blobs (sha256)
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT,
        sha256 TEXT,
        detail TEXT
    );
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        csrf TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
    );
    ",
    // 2: what the portal makes from the kept files (the implementation report).
    "
    CREATE TABLE outputs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        made_at TEXT NOT NULL,
        round_id INTEGER REFERENCES rounds (id),
        sha256 TEXT NOT NULL REFERENCES blobs (sha256),
        submission_ids TEXT NOT NULL,
        summary TEXT NOT NULL
    );
    ",
    // 3: a report belongs to the reporting round it was sent in, so a new round starts with
    // no reports (versions keep counting per institution).
    "
    ALTER TABLE submissions ADD COLUMN round_id INTEGER REFERENCES rounds (id);
    ",
    // 4: what the merge takes (portal.md, "What a merge takes"): what each file is, who
    // sent it, and the secretary's decision on a held one. Files kept before this migration
    // are classified from their stored check, as the reader classifies a new one.
    "
    ALTER TABLE submissions ADD COLUMN kind TEXT NOT NULL DEFAULT 'readable';
    ALTER TABLE submissions ADD COLUMN sent_by TEXT NOT NULL DEFAULT 'link';
    ALTER TABLE submissions ADD COLUMN decision TEXT;
    ALTER TABLE submissions ADD COLUMN moved_to INTEGER REFERENCES submissions (id);
    ALTER TABLE submissions ADD COLUMN moved_from INTEGER REFERENCES submissions (id);
    -- Who else sent the same bytes (a held file's note), and a move's two ends.
    CREATE INDEX submissions_sha256 ON submissions (sha256);
    UPDATE submissions SET kind = CASE
        WHEN report_bg LIKE '%\"code\":\"not-a-spreadsheet\"%' THEN
            CASE WHEN file_name LIKE '%.pdf' THEN 'pdf' ELSE 'not-a-spreadsheet' END
        WHEN report_bg LIKE '%\"code\":\"not-a-template\"%' THEN
            CASE
                WHEN round = 'contribution' AND report_bg LIKE '%zakrila-report%' THEN 'report-workbook'
                WHEN round = 'report' AND report_bg LIKE '%zakrila-programme%' THEN 'contribution-workbook'
                ELSE 'other-workbook'
            END
        WHEN report_bg LIKE '%\"code\":\"import-report\"%' THEN 'other-workbook'
        WHEN rows = 0 THEN 'no-rows'
        ELSE 'readable'
    END;
    ",
    // 5: the programme's own words (programme.md), every version the secretary saved kept;
    // the text itself is a blob like every file.
    "
    CREATE TABLE programme_texts (
        id INTEGER PRIMARY KEY,
        version INTEGER NOT NULL UNIQUE,
        saved_at TEXT NOT NULL,
        sha256 TEXT NOT NULL REFERENCES blobs (sha256),
        size INTEGER NOT NULL
    );
    ",
    // 6: the outbox (portal.md, "E-mail"): every message the portal sends, written in the
    // transaction of the event that causes it, then sent by the worker (src/mail/outbox.rs
    // is its state machine). `stage` names an automatic reminder's stage, `manual` for one
    // by hand, and `day` the local day a reminder was written for (never two in one day);
    // `institution` is none for the secretary's daily line.
    "
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        kind TEXT NOT NULL,
        institution TEXT,
        round TEXT,
        stage TEXT,
        day TEXT,
        to_address TEXT NOT NULL,
        lang TEXT NOT NULL,
        subject TEXT NOT NULL,
        body_text TEXT NOT NULL,
        body_html TEXT NOT NULL,
        message_id TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        error_kind TEXT,
        error_detail TEXT,
        next_attempt TEXT,
        sent_at TEXT
    );
    CREATE INDEX outbox_unsent ON outbox (next_attempt) WHERE state != 'sent';
    CREATE INDEX outbox_reminders ON outbox (institution, kind, created_at);
    ",
];

/// Called inside an event's transaction, before it commits, with the connection and the
/// event's record id and version: what the portal writes with the event (its e-mail, in
/// the outbox) commits with it or not at all.
pub type Hook<'h> = &'h mut dyn FnMut(&Connection, i64, i64) -> StoreResult<()>;

/// What went wrong in the store: the database said no, or the data folder cannot be used.
#[derive(Debug)]
pub enum StoreError {
    /// SQLite refused (a full disk, a damaged database, a locked file …).
    Sqlite(rusqlite::Error),
    /// The data folder cannot be created or used.
    Folder {
        /// The folder.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Sqlite(err) => write!(f, "{err}"),
            StoreError::Folder { path, reason } => write!(f, "{}: {reason}", path.display()),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> StoreError {
        StoreError::Sqlite(err)
    }
}

/// A reporting round, as started.
#[derive(Clone, Debug, Serialize)]
pub struct RoundRecord {
    /// Its id.
    pub id: i64,
    /// When it was started.
    pub started_at: String,
    /// The SHA-256 of the adopted programme workbook it was started from.
    pub programme_sha256: String,
}

/// A kept output (a merge or an implementation report): id, SHA-256 of its bytes, and its
/// counts as JSON.
#[derive(Clone, Debug)]
pub struct OutputRecord {
    /// Its id.
    pub id: i64,
    /// The SHA-256 of its bytes.
    pub sha256: String,
    /// Its counts, as JSON.
    pub summary: String,
    /// The round it was made in, for an implementation report.
    pub round_id: Option<i64>,
}

/// A saved version of the programme's text (`programme.md`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextRecord {
    /// Its id.
    pub id: i64,
    /// 1, 2, … in the order saved.
    pub version: i64,
    /// When (UTC, RFC 3339).
    pub saved_at: String,
    /// The SHA-256 of the text's bytes.
    pub sha256: String,
    /// Its size in bytes.
    pub size: i64,
}

/// What [`Store::decide`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decided {
    /// There is no such version.
    NotFound,
    /// The version was decided on before (by another window, a moment ago).
    AlreadyDecided,
    /// Done; for a move, the new version's id and number.
    Done {
        /// The new version at the institution the file names, for a move.
        moved: Option<(i64, i64)>,
    },
}

/// A result of the store.
pub type StoreResult<T> = Result<T, StoreError>;

/// The open database.
pub struct Store {
    connection: Connection,
}

/// A new upload, validated, to be kept.
pub struct NewSubmission<'a> {
    /// `contribution` or `report`.
    pub round: &'a str,
    /// The configured institution whose link sent it.
    pub institution: &'a str,
    /// The file name as sent.
    pub file_name: &'a str,
    /// The bytes as sent.
    pub bytes: &'a [u8],
    /// Their SHA-256.
    pub sha256: &'a str,
    /// Data rows read.
    pub rows: usize,
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
    /// The institution the file itself names, when it names a configured one.
    pub named_institution: Option<&'a str>,
    /// The contact e-mail the file gives.
    pub contact_email: Option<&'a str>,
    /// The reporting round a report was sent in (none for a contribution).
    pub round_id: Option<i64>,
    /// The `validate --format json` file object, in Bulgarian and in English.
    pub report_bg: &'a str,
    /// As `report_bg`, in English.
    pub report_en: &'a str,
    /// What the file is: `readable`, or why it is not a readable contribution (report)
    /// ([`crate::round::Kind::code`]).
    pub kind: &'a str,
    /// Who sent it: [`SENT_BY_LINK`] (the institution, through its link) or
    /// [`SENT_BY_SECRETARY`] (a file the secretary received by e-mail and added).
    pub sent_by: &'a str,
}

/// A version sent through the institution's personal link.
pub const SENT_BY_LINK: &str = "link";
/// A version the secretary added (a file received by e-mail).
pub const SENT_BY_SECRETARY: &str = "secretary";
/// A version the secretary moved here from the link that sent it.
pub const SENT_BY_MOVE: &str = "move";

/// A kept version, as the pages and the API show it.
#[derive(Clone, Debug, Serialize)]
pub struct SubmissionRecord {
    /// Its id.
    pub id: i64,
    /// `contribution` or `report`.
    pub round: String,
    /// The institution whose link sent it.
    pub institution: String,
    /// 1 for the institution's first file of the round.
    pub version: i64,
    /// The file name as sent.
    pub file_name: String,
    /// SHA-256 of the bytes.
    pub sha256: String,
    /// Size in bytes.
    pub size: i64,
    /// When it was received (UTC, RFC 3339).
    pub uploaded_at: String,
    /// Data rows read.
    pub rows: i64,
    /// Errors found.
    pub errors: i64,
    /// Warnings found.
    pub warnings: i64,
    /// The institution the file names (when configured), for the "another institution" note.
    pub named_institution: Option<String>,
    /// The contact e-mail the file gives.
    pub contact_email: Option<String>,
    /// `accepted`, `returned`, or none yet.
    pub review: Option<String>,
    /// The secretary's comment with the latest review.
    pub comment: Option<String>,
    /// When it was last reviewed.
    pub reviewed_at: Option<String>,
    /// What the file is: `readable`, or why it is not ([`crate::round::Kind::code`]).
    pub kind: String,
    /// Who sent it: `link`, `secretary` or `move` ([`SENT_BY_LINK`] …).
    pub sent_by: String,
    /// The secretary's decision on it when it was held: `kept`, `moved`, `returned`.
    pub decision: Option<String>,
    /// The version it was moved to, when moved.
    pub moved_to: Option<i64>,
    /// The version it is a move of, when it was moved here.
    pub moved_from: Option<i64>,
}

/// A new secretary's password and what goes with it, for [`Store::set_password`].
pub struct PasswordChange<'a> {
    /// The settings key of the password's hash.
    pub password_key: &'a str,
    /// The Argon2id hash.
    pub hash: &'a str,
    /// The settings key of the one-time setup token.
    pub setup_key: &'a str,
    /// The SHA-256 of the setup token the request carries, when set through the setup link.
    pub setup: Option<&'a str>,
    /// Whether every session ends (a changed password).
    pub end_sessions: bool,
    /// The session that starts with it: its token's SHA-256, its CSRF token, its hours.
    pub session: Option<(&'a str, &'a str, i64)>,
    /// Who set it, for the audit log (`secretary`, `system`).
    pub actor: &'a str,
    /// How, for the audit log (`ZAKRILA_ADMIN_PASSWORD`, …).
    pub detail: Option<&'a str>,
}

/// What an institution has sent within a time: see [`Store::uploads_since`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UploadsSince {
    /// Versions sent.
    pub count: i64,
    /// Their bytes together.
    pub bytes: i64,
    /// When the oldest of them was received (UTC, RFC 3339), none when there are none.
    pub oldest: Option<String>,
}

/// One line of the audit log.
#[derive(Clone, Debug, Serialize)]
pub struct AuditEntry {
    /// When (UTC, RFC 3339).
    pub at: String,
    /// `secretary`, `institution:<name>` or `system`.
    pub actor: String,
    /// What was done: `upload`, `review`, `merge`, `login`, `login-failed`, `link` …
    pub action: String,
    /// What it was done to (an institution, a submission id).
    pub subject: Option<String>,
    /// The SHA-256 of the file concerned.
    pub sha256: Option<String>,
    /// More, as text.
    pub detail: Option<String>,
}

const SUBMISSION_COLUMNS: &str = "id, round, institution, version, file_name, sha256, size, \
    uploaded_at, rows, errors, warnings, named_institution, contact_email, review, comment, \
    reviewed_at, kind, sent_by, decision, moved_to, moved_from";

fn submission_record(row: &rusqlite::Row<'_>) -> rusqlite::Result<SubmissionRecord> {
    Ok(SubmissionRecord {
        id: row.get(0)?,
        round: row.get(1)?,
        institution: row.get(2)?,
        version: row.get(3)?,
        file_name: row.get(4)?,
        sha256: row.get(5)?,
        size: row.get(6)?,
        uploaded_at: row.get(7)?,
        rows: row.get(8)?,
        errors: row.get(9)?,
        warnings: row.get(10)?,
        named_institution: row.get(11)?,
        contact_email: row.get(12)?,
        review: row.get(13)?,
        comment: row.get(14)?,
        reviewed_at: row.get(15)?,
        kind: row.get(16)?,
        sent_by: row.get(17)?,
        decision: row.get(18)?,
        moved_to: row.get(19)?,
        moved_from: row.get(20)?,
    })
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
            reason: err.kind().to_string(),
        })?;
        let mut connection = Connection::open(folder.join(DATABASE_FILE))?;
        // Another process (`serve`, `links`, `backup`, `password`) may hold the write lock:
        // wait for it rather than fail.
        connection.busy_timeout(BUSY_TIMEOUT)?;
        // Every transaction takes the write lock when it begins. A transaction that began
        // as a read and then writes cannot wait for a lock in WAL mode: SQLite answers
        // "database is locked" at once when another connection has written meanwhile.
        connection.set_transaction_behavior(TransactionBehavior::Immediate);
        // WAL lets `backup` and `links` read while the server writes; FULL makes every
        // commit durable before it returns, which is the upload promise. WAL is a property
        // of the file: it is asked for only when the file is not in it yet.
        let journal: String =
            connection.pragma_query_value(None, "journal_mode", |row| row.get(0))?;
        if !journal.eq_ignore_ascii_case("wal") {
            connection.pragma_update(None, "journal_mode", "WAL")?;
        }
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store { connection };
        store.migrate()?;
        Ok(store)
    }

    /// The connection, for the outbox's queries (`serve/mail/`), which keep their SQL
    /// beside the rules they serve.
    pub(super) fn connection(&mut self) -> &mut Connection {
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
        if applied < MIGRATIONS.len() {
            for migration in &MIGRATIONS[applied..] {
                transaction.execute_batch(migration)?;
            }
            transaction.pragma_update(None, "user_version", MIGRATIONS.len() as i64)?;
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

    /// A setting, when set.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        Ok(self
            .connection
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Sets a setting.
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn set_setting(&self, key: &str, value: &str) -> StoreResult<()> {
        self.connection.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Removes a setting (a used one-time setup token).
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn clear_setting(&self, key: &str) -> StoreResult<()> {
        self.connection
            .execute("DELETE FROM settings WHERE key = ?1", [key])?;
        Ok(())
    }

    /// The current link token of each institution named, created (with `new_token`) for
    /// those that have none yet. In the order given.
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn links(
        &mut self,
        institutions: &[&str],
        mut new_token: impl FnMut() -> String,
    ) -> StoreResult<Vec<(String, String)>> {
        let transaction = self.connection.transaction()?;
        let mut links = Vec::with_capacity(institutions.len());
        for &institution in institutions {
            let token: Option<String> = transaction
                .query_row(
                    "SELECT token FROM links WHERE institution = ?1 AND replaced_at IS NULL",
                    [institution],
                    |row| row.get(0),
                )
                .optional()?;
            let token = match token {
                Some(token) => token,
                None => {
                    let token = new_token();
                    transaction.execute(
                        "INSERT INTO links (institution, token, created_at) VALUES (?1, ?2, ?3)",
                        params![institution, token, now()],
                    )?;
                    token
                }
            };
            links.push((institution.to_string(), token));
        }
        transaction.commit()?;
        Ok(links)
    }

    /// Replaces an institution's link: the old token stops working at once.
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn replace_link(&mut self, institution: &str, token: &str) -> StoreResult<()> {
        let transaction = self.connection.transaction()?;
        let at = now();
        transaction.execute(
            "UPDATE links SET replaced_at = ?2 WHERE institution = ?1 AND replaced_at IS NULL",
            params![institution, at],
        )?;
        transaction.execute(
            "INSERT INTO links (institution, token, created_at) VALUES (?1, ?2, ?3)",
            params![institution, token, at],
        )?;
        audit_in(
            &transaction,
            "secretary",
            "link-replaced",
            Some(institution),
            None,
            None,
        )?;
        transaction.commit()?;
        Ok(())
    }

    /// Every current link: (institution, token).
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn current_links(&self) -> StoreResult<Vec<(String, String)>> {
        let mut statement = self
            .connection
            .prepare("SELECT institution, token FROM links WHERE replaced_at IS NULL")?;
        let links = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(links)
    }

    /// Keeps an upload: its bytes (once per content) and its record as the institution's
    /// next version, in one transaction. Returns (id, version).
    ///
    /// # Errors
    ///
    /// When the database cannot be written; then nothing of the upload is kept.
    pub fn add_submission(&mut self, new: &NewSubmission<'_>) -> StoreResult<(i64, i64)> {
        self.add_submission_with(new, &mut |_, _, _| Ok(()))
    }

    /// [`Store::add_submission`], with `hook` called in the same transaction with the new
    /// version's id and number.
    ///
    /// # Errors
    ///
    /// When the database cannot be written or the hook fails; then nothing is kept.
    pub fn add_submission_with(
        &mut self,
        new: &NewSubmission<'_>,
        hook: Hook<'_>,
    ) -> StoreResult<(i64, i64)> {
        let transaction = self.connection.transaction()?;
        put_blob(&transaction, new.sha256, new.bytes)?;
        let version: i64 = transaction.query_row(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM submissions
             WHERE round = ?1 AND institution = ?2",
            params![new.round, new.institution],
            |row| row.get(0),
        )?;
        transaction.execute(
            "INSERT INTO submissions (round, institution, version, file_name, sha256, size,
                 uploaded_at, rows, errors, warnings, named_institution, contact_email,
                 report_bg, report_en, round_id, kind, sent_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            params![
                new.round,
                new.institution,
                version,
                new.file_name,
                new.sha256,
                new.bytes.len() as i64,
                now(),
                new.rows as i64,
                new.errors as i64,
                new.warnings as i64,
                new.named_institution,
                new.contact_email,
                new.report_bg,
                new.report_en,
                new.round_id,
                new.kind,
                new.sent_by,
            ],
        )?;
        let id = transaction.last_insert_rowid();
        let actor = if new.sent_by == SENT_BY_SECRETARY {
            "secretary".to_string()
        } else {
            format!("institution:{}", new.institution)
        };
        audit_in(
            &transaction,
            &actor,
            "upload",
            Some(&format!("{} v{version} #{id}", new.institution)),
            Some(new.sha256),
            Some(new.file_name),
        )?;
        hook(&transaction, id, version)?;
        transaction.commit()?;
        Ok((id, version))
    }

    /// One version, when it exists.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn submission(&self, id: i64) -> StoreResult<Option<SubmissionRecord>> {
        Ok(self
            .connection
            .query_row(
                &format!("SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE id = ?1"),
                [id],
                submission_record,
            )
            .optional()?)
    }

    /// A version's `validate --format json` file object in the language asked.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn submission_report(&self, id: i64, english: bool) -> StoreResult<Option<String>> {
        let column = if english { "report_en" } else { "report_bg" };
        Ok(self
            .connection
            .query_row(
                &format!("SELECT {column} FROM submissions WHERE id = ?1"),
                [id],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Every version of a round, newest first.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn submissions(&self, round: &str) -> StoreResult<Vec<SubmissionRecord>> {
        let mut statement = self.connection.prepare(&format!(
            "SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE round = ?1 ORDER BY id DESC"
        ))?;
        let records = statement
            .query_map([round], submission_record)?
            .collect::<Result<_, _>>()?;
        Ok(records)
    }

    /// Every version of a round with these bytes (the same file sent through several
    /// links, a move's two ends), newest first.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn submissions_with_bytes(
        &self,
        round: &str,
        sha256: &str,
    ) -> StoreResult<Vec<SubmissionRecord>> {
        let mut statement = self.connection.prepare(&format!(
            "SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE round = ?1 AND sha256 = ?2
             ORDER BY id DESC"
        ))?;
        let records = statement
            .query_map(params![round, sha256], submission_record)?
            .collect::<Result<_, _>>()?;
        Ok(records)
    }

    /// Every report sent in one reporting round, newest first.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn reports_of_round(&self, round_id: i64) -> StoreResult<Vec<SubmissionRecord>> {
        let mut statement = self.connection.prepare(&format!(
            "SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE round = 'report' AND round_id = ?1
             ORDER BY id DESC"
        ))?;
        let records = statement
            .query_map([round_id], submission_record)?
            .collect::<Result<_, _>>()?;
        Ok(records)
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

    /// Records the secretary's decision on a version (kept in `reviews` too, so earlier
    /// decisions are not lost). False when there is no such version.
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn review(&mut self, id: i64, decision: &str, comment: &str) -> StoreResult<bool> {
        self.review_with(id, decision, comment, &mut |_, _, _| Ok(()))
    }

    /// [`Store::review`], with `hook` called in the same transaction with the version's id.
    ///
    /// # Errors
    ///
    /// When the database cannot be written or the hook fails; then nothing is recorded.
    pub fn review_with(
        &mut self,
        id: i64,
        decision: &str,
        comment: &str,
        hook: Hook<'_>,
    ) -> StoreResult<bool> {
        let transaction = self.connection.transaction()?;
        let at = now();
        let sha256: Option<String> = transaction
            .query_row(
                "SELECT sha256 FROM submissions WHERE id = ?1",
                [id],
                |row| row.get(0),
            )
            .optional()?;
        let Some(sha256) = sha256 else {
            return Ok(false);
        };
        transaction.execute(
            "UPDATE submissions SET review = ?2, comment = ?3, reviewed_at = ?4 WHERE id = ?1",
            params![id, decision, comment, at],
        )?;
        transaction.execute(
            "INSERT INTO reviews (submission_id, decision, comment, at) VALUES (?1, ?2, ?3, ?4)",
            params![id, decision, comment, at],
        )?;
        audit_in(
            &transaction,
            "secretary",
            "review",
            Some(&format!("#{id} {decision}")),
            Some(&sha256),
            (!comment.is_empty()).then_some(comment),
        )?;
        hook(&transaction, id, 0)?;
        transaction.commit()?;
        Ok(true)
    }

    /// Records the secretary's decision on a held version, in one transaction with its
    /// line in the audit log: `kept` (it stays the version of the institution whose link
    /// sent it), `returned` (with the comment, as a review that returns it) or `moved` to
    /// the institution `to` (the file becomes that institution's next version, sent by a
    /// move; this version stays in the sender's history as moved). A version already
    /// decided is left as it is.
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn decide(
        &mut self,
        id: i64,
        decision: &str,
        comment: &str,
        to: Option<&str>,
    ) -> StoreResult<Decided> {
        self.decide_with(id, decision, comment, to, &mut |_, _, _| Ok(()))
    }

    /// [`Store::decide`], with `hook` called in the same transaction with the version's id
    /// once the decision is recorded.
    ///
    /// # Errors
    ///
    /// When the database cannot be written or the hook fails; then nothing is recorded.
    pub fn decide_with(
        &mut self,
        id: i64,
        decision: &str,
        comment: &str,
        to: Option<&str>,
        hook: Hook<'_>,
    ) -> StoreResult<Decided> {
        let transaction = self.connection.transaction()?;
        let at = now();
        let found: Option<(String, String, String, Option<String>)> = transaction
            .query_row(
                "SELECT sha256, round, institution, decision FROM submissions WHERE id = ?1",
                [id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()?;
        let Some((sha256, round, institution, None)) = found else {
            return Ok(if found.is_some() {
                Decided::AlreadyDecided
            } else {
                Decided::NotFound
            });
        };
        let moved = match to {
            Some(to) => {
                let version: i64 = transaction.query_row(
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM submissions
                     WHERE round = ?1 AND institution = ?2",
                    params![round, to],
                    |row| row.get(0),
                )?;
                transaction.execute(
                    "INSERT INTO submissions (round, institution, version, file_name, sha256,
                         size, uploaded_at, rows, errors, warnings, named_institution,
                         contact_email, report_bg, report_en, round_id, kind, sent_by,
                         moved_from)
                     SELECT round, ?2, ?3, file_name, sha256, size, uploaded_at, rows, errors,
                         warnings, named_institution, contact_email, report_bg, report_en,
                         round_id, kind, ?4, id
                     FROM submissions WHERE id = ?1",
                    params![id, to, version, SENT_BY_MOVE],
                )?;
                Some((transaction.last_insert_rowid(), version))
            }
            None => None,
        };
        transaction.execute(
            "UPDATE submissions SET decision = ?2, moved_to = ?3 WHERE id = ?1",
            params![id, decision, moved.map(|(new, _)| new)],
        )?;
        if decision == "returned" {
            transaction.execute(
                "UPDATE submissions SET review = 'returned', comment = ?2, reviewed_at = ?3
                 WHERE id = ?1",
                params![id, comment, at],
            )?;
        }
        transaction.execute(
            "INSERT INTO reviews (submission_id, decision, comment, at) VALUES (?1, ?2, ?3, ?4)",
            params![id, decision, comment, at],
        )?;
        let subject = match (to, moved) {
            (Some(to), Some((new, version))) => {
                format!("#{id} {decision} → {to} v{version} #{new} ({institution})")
            }
            _ => format!("#{id} {decision} ({institution})"),
        };
        audit_in(
            &transaction,
            "secretary",
            "decide",
            Some(&subject),
            Some(&sha256),
            (!comment.is_empty()).then_some(comment),
        )?;
        hook(&transaction, id, 0)?;
        transaction.commit()?;
        Ok(Decided::Done { moved })
    }

    /// Keeps a merged programme workbook and what it was made from. Returns its id.
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn add_merge(
        &mut self,
        bytes: &[u8],
        sha256: &str,
        submission_ids: &[i64],
        summary: &str,
    ) -> StoreResult<i64> {
        let transaction = self.connection.transaction()?;
        put_blob(&transaction, sha256, bytes)?;
        let ids = submission_ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        transaction.execute(
            "INSERT INTO merges (made_at, sha256, submission_ids, summary) VALUES (?1, ?2, ?3, ?4)",
            params![now(), sha256, ids, summary],
        )?;
        let id = transaction.last_insert_rowid();
        audit_in(
            &transaction,
            "secretary",
            "merge",
            Some(&format!("merge #{id}: {ids}")),
            Some(sha256),
            Some(summary),
        )?;
        transaction.commit()?;
        Ok(id)
    }

    /// A kept merge: the SHA-256 of its workbook and its counts as JSON.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn merge_record(&self, id: i64) -> StoreResult<Option<(String, String)>> {
        Ok(self
            .connection
            .query_row(
                "SELECT sha256, summary FROM merges WHERE id = ?1",
                [id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?)
    }

    /// When a kept merge was made (UTC, RFC 3339).
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn merge_made_at(&self, id: i64) -> StoreResult<Option<String>> {
        Ok(self
            .connection
            .query_row("SELECT made_at FROM merges WHERE id = ?1", [id], |row| {
                row.get(0)
            })
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

    /// Saves a new version of the programme's text, with its audit line, in one
    /// transaction; gives its record. A text the same as the latest version is not saved
    /// again (its record is given back).
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn save_text(&mut self, text: &str, sha256: &str) -> StoreResult<(TextRecord, bool)> {
        let transaction = self.connection.transaction()?;
        let latest = latest_text_in(&transaction)?;
        if let Some(latest) = latest.filter(|l| l.sha256 == sha256) {
            return Ok((latest, false));
        }
        put_blob(&transaction, sha256, text.as_bytes())?;
        let version: i64 = transaction.query_row(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM programme_texts",
            [],
            |row| row.get(0),
        )?;
        let saved_at = now();
        transaction.execute(
            "INSERT INTO programme_texts (version, saved_at, sha256, size) VALUES (?1, ?2, ?3, ?4)",
            params![version, saved_at, sha256, text.len() as i64],
        )?;
        let id = transaction.last_insert_rowid();
        audit_in(
            &transaction,
            "secretary",
            "text-saved",
            Some(&format!("programme.md #{version}")),
            Some(sha256),
            Some(&format!("{} bytes", text.len())),
        )?;
        transaction.commit()?;
        Ok((
            TextRecord {
                id,
                version,
                saved_at,
                sha256: sha256.to_string(),
                size: text.len() as i64,
            },
            true,
        ))
    }

    /// Every saved version of the programme's text, newest first.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn texts(&self) -> StoreResult<Vec<TextRecord>> {
        let mut statement = self.connection.prepare(
            "SELECT id, version, saved_at, sha256, size FROM programme_texts ORDER BY version DESC",
        )?;
        let rows = statement.query_map([], text_record)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The saved version of the programme's text with this id, and the text.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn text(&self, id: i64) -> StoreResult<Option<(TextRecord, String)>> {
        let record = self
            .connection
            .query_row(
                "SELECT id, version, saved_at, sha256, size FROM programme_texts WHERE id = ?1",
                [id],
                text_record,
            )
            .optional()?;
        self.with_text(record)
    }

    /// The newest saved version of the programme's text, and the text.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn latest_text(&self) -> StoreResult<Option<(TextRecord, String)>> {
        let record = latest_text_in(&self.connection)?;
        self.with_text(record)
    }

    fn with_text(&self, record: Option<TextRecord>) -> StoreResult<Option<(TextRecord, String)>> {
        let Some(record) = record else {
            return Ok(None);
        };
        let Some(bytes) = self.blob(&record.sha256)? else {
            return Ok(None);
        };
        // Only UTF-8 text is ever saved.
        Ok(Some((record, String::from_utf8_lossy(&bytes).into_owned())))
    }

    /// The newest merge, when there is one.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn latest_merge(&self) -> StoreResult<Option<OutputRecord>> {
        Ok(self
            .connection
            .query_row(
                "SELECT id, sha256, summary FROM merges ORDER BY id DESC LIMIT 1",
                [],
                |row| {
                    Ok(OutputRecord {
                        id: row.get(0)?,
                        sha256: row.get(1)?,
                        summary: row.get(2)?,
                        round_id: None,
                    })
                },
            )
            .optional()?)
    }

    /// Starts a round of `kind` from a programme workbook (kept like an upload; `source`
    /// says where it came from: a file name, or `merge #N`). Returns the round's id.
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn start_round(
        &mut self,
        kind: &str,
        bytes: &[u8],
        sha256: &str,
        source: &str,
    ) -> StoreResult<i64> {
        let transaction = self.connection.transaction()?;
        put_blob(&transaction, sha256, bytes)?;
        transaction.execute(
            "INSERT INTO rounds (kind, started_at, programme_sha256) VALUES (?1, ?2, ?3)",
            params![kind, now(), sha256],
        )?;
        let id = transaction.last_insert_rowid();
        audit_in(
            &transaction,
            "secretary",
            "round-started",
            Some(&format!("{kind} #{id}")),
            Some(sha256),
            Some(source),
        )?;
        transaction.commit()?;
        Ok(id)
    }

    /// The newest round of `kind`, when one was started.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn current_round(&self, kind: &str) -> StoreResult<Option<RoundRecord>> {
        Ok(self
            .connection
            .query_row(
                "SELECT id, started_at, programme_sha256 FROM rounds WHERE kind = ?1
                 ORDER BY id DESC LIMIT 1",
                [kind],
                |row| {
                    Ok(RoundRecord {
                        id: row.get(0)?,
                        started_at: row.get(1)?,
                        programme_sha256: row.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// Keeps an output of `kind` (an implementation report) and what it was made from.
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn add_output(
        &mut self,
        kind: &str,
        round_id: Option<i64>,
        bytes: &[u8],
        sha256: &str,
        submission_ids: &[i64],
        summary: &str,
    ) -> StoreResult<i64> {
        let transaction = self.connection.transaction()?;
        put_blob(&transaction, sha256, bytes)?;
        let ids = submission_ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        transaction.execute(
            "INSERT INTO outputs (kind, made_at, round_id, sha256, submission_ids, summary)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![kind, now(), round_id, sha256, ids, summary],
        )?;
        let id = transaction.last_insert_rowid();
        audit_in(
            &transaction,
            "secretary",
            kind,
            Some(&format!("{kind} #{id}: {ids}")),
            Some(sha256),
            Some(summary),
        )?;
        transaction.commit()?;
        Ok(id)
    }

    /// An output by id and kind.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn output(&self, kind: &str, id: Option<i64>) -> StoreResult<Option<OutputRecord>> {
        let map = |row: &rusqlite::Row<'_>| {
            Ok(OutputRecord {
                id: row.get(0)?,
                sha256: row.get(1)?,
                summary: row.get(2)?,
                round_id: row.get(3)?,
            })
        };
        let found = match id {
            Some(id) => self.connection.query_row(
                "SELECT id, sha256, summary, round_id FROM outputs WHERE kind = ?1 AND id = ?2",
                params![kind, id],
                map,
            ),
            None => self.connection.query_row(
                "SELECT id, sha256, summary, round_id FROM outputs WHERE kind = ?1
                 ORDER BY id DESC LIMIT 1",
                [kind],
                map,
            ),
        };
        Ok(found.optional()?)
    }

    /// Every round's programme workbook, oldest first: (round id, kind, started_at, sha256).
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn rounds(&self) -> StoreResult<Vec<(i64, String, String, String)>> {
        let mut statement = self
            .connection
            .prepare("SELECT id, kind, started_at, programme_sha256 FROM rounds ORDER BY id")?;
        let rounds = statement
            .query_map([], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?
            .collect::<Result<_, _>>()?;
        Ok(rounds)
    }

    /// Every kept version of every round, oldest first.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn all_submissions(&self) -> StoreResult<Vec<SubmissionRecord>> {
        let mut statement = self.connection.prepare(&format!(
            "SELECT {SUBMISSION_COLUMNS} FROM submissions ORDER BY id"
        ))?;
        let records = statement
            .query_map([], submission_record)?
            .collect::<Result<_, _>>()?;
        Ok(records)
    }

    /// Adds a line to the audit log.
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn audit(
        &self,
        actor: &str,
        action: &str,
        subject: Option<&str>,
        detail: Option<&str>,
    ) -> StoreResult<()> {
        audit_in(&self.connection, actor, action, subject, None, detail)
    }

    /// Adds a line to the audit log about a file.
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn audit_file(
        &self,
        actor: &str,
        action: &str,
        subject: Option<&str>,
        sha256: &str,
        detail: Option<&str>,
    ) -> StoreResult<()> {
        audit_in(
            &self.connection,
            actor,
            action,
            subject,
            Some(sha256),
            detail,
        )
    }

    /// The audit log, oldest first.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn audit_log(&self) -> StoreResult<Vec<AuditEntry>> {
        let mut statement = self
            .connection
            .prepare("SELECT at, actor, action, subject, sha256, detail FROM audit ORDER BY id")?;
        let entries = statement
            .query_map([], |row| {
                Ok(AuditEntry {
                    at: row.get(0)?,
                    actor: row.get(1)?,
                    action: row.get(2)?,
                    subject: row.get(3)?,
                    sha256: row.get(4)?,
                    detail: row.get(5)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(entries)
    }

    /// Starts a secretary's session: stores the hash of its token and its CSRF token.
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn add_session(&self, token_hash: &str, csrf: &str, hours: i64) -> StoreResult<()> {
        insert_session(&self.connection, token_hash, csrf, hours)
    }

    /// The CSRF token of a session that has not expired.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn session_csrf(&self, token_hash: &str) -> StoreResult<Option<String>> {
        Ok(self
            .connection
            .query_row(
                "SELECT csrf FROM sessions WHERE token_hash = ?1 AND expires_at > ?2",
                params![token_hash, now()],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Sets the secretary's password hash, as one transaction with everything that goes
    /// with it: with `setup`, the one-time setup token (its SHA-256) is checked and used up;
    /// with `end_sessions`, every session ends; the audit log says who (`actor`) set it and
    /// how (`detail`); and with `session` (token hash, CSRF token, hours), the new session
    /// starts. Returns false, having changed nothing, when `setup` is not the stored token
    /// (used already, or never valid) — so one setup token sets one password and starts one
    /// session, however many requests carry it at once.
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn set_password(&mut self, change: &PasswordChange<'_>) -> StoreResult<bool> {
        let transaction = self.connection.transaction()?;
        if let Some(setup) = change.setup {
            let stored: Option<String> = transaction
                .query_row(
                    "SELECT value FROM settings WHERE key = ?1",
                    [change.setup_key],
                    |row| row.get(0),
                )
                .optional()?;
            let matches = stored.is_some_and(|stored| {
                subtle::ConstantTimeEq::ct_eq(stored.as_bytes(), setup.as_bytes()).into()
            });
            if !matches {
                return Ok(false);
            }
        }
        // A password set any way ends a pending setup link: it must not set another.
        transaction.execute("DELETE FROM settings WHERE key = ?1", [change.setup_key])?;
        transaction.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![change.password_key, change.hash],
        )?;
        if change.end_sessions {
            transaction.execute("DELETE FROM sessions", [])?;
        }
        audit_in(
            &transaction,
            change.actor,
            "password-set",
            None,
            None,
            change.detail,
        )?;
        if let Some((token_hash, csrf, hours)) = change.session {
            insert_session(&transaction, token_hash, csrf, hours)?;
            audit_in(&transaction, change.actor, "login", None, None, None)?;
        }
        transaction.commit()?;
        Ok(true)
    }

    /// Remembers a browser the secretary signed in from, by the SHA-256 of its device
    /// cookie's token.
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn add_device(&self, token_hash: &str) -> StoreResult<()> {
        self.set_setting(&format!("{DEVICE_PREFIX}{token_hash}"), &now())
    }

    /// Whether a device cookie's token (its SHA-256) is one the secretary signed in with.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn is_device(&self, token_hash: &str) -> StoreResult<bool> {
        Ok(self
            .setting(&format!("{DEVICE_PREFIX}{token_hash}"))?
            .is_some())
    }

    /// The versions an institution has sent (contributions and reports together) since a
    /// time (UTC, RFC 3339 as stored), their total size in bytes, and when the oldest of
    /// them was received.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn uploads_since(&self, institution: &str, since: &str) -> StoreResult<UploadsSince> {
        Ok(self.connection.query_row(
            "SELECT COUNT(*), COALESCE(SUM(size), 0), MIN(uploaded_at) FROM submissions
             WHERE institution = ?1 AND uploaded_at > ?2",
            params![institution, since],
            |row| {
                Ok(UploadsSince {
                    count: row.get(0)?,
                    bytes: row.get(1)?,
                    oldest: row.get(2)?,
                })
            },
        )?)
    }

    /// Ends a session (logout), and every session after a password change.
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn end_sessions(&self, token_hash: Option<&str>) -> StoreResult<()> {
        match token_hash {
            Some(hash) => self
                .connection
                .execute("DELETE FROM sessions WHERE token_hash = ?1", [hash])?,
            None => self.connection.execute("DELETE FROM sessions", [])?,
        };
        Ok(())
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

fn insert_session(
    connection: &Connection,
    token_hash: &str,
    csrf: &str,
    hours: i64,
) -> StoreResult<()> {
    let now = chrono::Utc::now();
    let expires = now + chrono::Duration::hours(hours);
    connection.execute(
        "INSERT INTO sessions (token_hash, csrf, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![
            token_hash,
            csrf,
            now.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            expires.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
        ],
    )?;
    Ok(())
}

/// Keeps bytes under their SHA-256, once per content.
fn put_blob(connection: &Connection, sha256: &str, bytes: &[u8]) -> StoreResult<()> {
    connection.execute(
        "INSERT INTO blobs (sha256, size, bytes) VALUES (?1, ?2, ?3)
         ON CONFLICT (sha256) DO NOTHING",
        params![sha256, bytes.len() as i64, bytes],
    )?;
    Ok(())
}

fn text_record(row: &rusqlite::Row<'_>) -> rusqlite::Result<TextRecord> {
    Ok(TextRecord {
        id: row.get(0)?,
        version: row.get(1)?,
        saved_at: row.get(2)?,
        sha256: row.get(3)?,
        size: row.get(4)?,
    })
}

fn latest_text_in(connection: &Connection) -> StoreResult<Option<TextRecord>> {
    Ok(connection
        .query_row(
            "SELECT id, version, saved_at, sha256, size FROM programme_texts
             ORDER BY version DESC LIMIT 1",
            [],
            text_record,
        )
        .optional()?)
}

pub(super) fn audit_in(
    connection: &Connection,
    actor: &str,
    action: &str,
    subject: Option<&str>,
    sha256: Option<&str>,
    detail: Option<&str>,
) -> StoreResult<()> {
    connection.execute(
        "INSERT INTO audit (at, actor, action, subject, sha256, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![now(), actor, action, subject, sha256, detail],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload<'a>(institution: &'a str, bytes: &'a [u8], sha: &'a str) -> NewSubmission<'a> {
        NewSubmission {
            round: "contribution",
            institution,
            file_name: "f.xlsx",
            bytes,
            sha256: sha,
            rows: 3,
            errors: 1,
            warnings: 0,
            named_institution: None,
            contact_email: None,
            round_id: None,
            report_bg: "{}",
            report_en: "{}",
            kind: "readable",
            sent_by: SENT_BY_LINK,
        }
    }

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
    fn versions_count_per_institution_and_bytes_are_kept_once() {
        let folder = tempfile::tempdir().unwrap();
        let mut store = Store::open(folder.path()).unwrap();
        assert_eq!(store.add_submission(&upload("А", b"x", "1")).unwrap().1, 1);
        assert_eq!(store.add_submission(&upload("А", b"x", "1")).unwrap().1, 2);
        assert_eq!(store.add_submission(&upload("Б", b"y", "2")).unwrap().1, 1);
        assert_eq!(store.submissions("contribution").unwrap().len(), 3);
        let blobs: i64 = store
            .connection
            .query_row("SELECT COUNT(*) FROM blobs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(blobs, 2);
        // Reopening applies no migration twice and keeps everything.
        drop(store);
        let store = Store::open(folder.path()).unwrap();
        assert_eq!(store.submissions("contribution").unwrap().len(), 3);
        assert_eq!(store.blob("1").unwrap().unwrap(), b"x");
    }

    #[test]
    fn a_replaced_link_is_gone_and_reviews_are_all_kept() {
        let folder = tempfile::tempdir().unwrap();
        let mut store = Store::open(folder.path()).unwrap();
        let mut n = 0;
        let first = store
            .links(&["А"], || {
                n += 1;
                format!("t{n}")
            })
            .unwrap();
        assert_eq!(first, [("А".to_string(), "t1".to_string())]);
        store.replace_link("А", "t9").unwrap();
        assert_eq!(
            store.current_links().unwrap(),
            [("А".to_string(), "t9".to_string())]
        );
        let (id, _) = store.add_submission(&upload("А", b"x", "1")).unwrap();
        assert!(store.review(id, "returned", "поправете").unwrap());
        assert!(store.review(id, "accepted", "").unwrap());
        assert!(!store.review(id + 1, "accepted", "").unwrap());
        let record = store.submission(id).unwrap().unwrap();
        assert_eq!(record.review.as_deref(), Some("accepted"));
        let reviews: i64 = store
            .connection
            .query_row("SELECT COUNT(*) FROM reviews", [], |r| r.get(0))
            .unwrap();
        assert_eq!(reviews, 2);
    }

    #[test]
    fn a_move_makes_the_next_version_of_the_named_institution_and_decides_once() {
        let folder = tempfile::tempdir().unwrap();
        let mut store = Store::open(folder.path()).unwrap();
        store.add_submission(&upload("РУО", b"x", "1")).unwrap();
        let (held, _) = store.add_submission(&upload("ПИЦ", b"x", "1")).unwrap();
        let Decided::Done {
            moved: Some((copy, version)),
        } = store.decide(held, "moved", "", Some("РУО")).unwrap()
        else {
            panic!("not moved");
        };
        assert_eq!(version, 2);
        let original = store.submission(held).unwrap().unwrap();
        assert_eq!(
            (original.institution.as_str(), original.decision.as_deref()),
            ("ПИЦ", Some("moved"))
        );
        assert_eq!(original.moved_to, Some(copy));
        let copy = store.submission(copy).unwrap().unwrap();
        assert_eq!(
            (copy.institution.as_str(), copy.sent_by.as_str()),
            ("РУО", SENT_BY_MOVE)
        );
        assert_eq!((copy.moved_from, copy.sha256.as_str()), (Some(held), "1"));
        // Decided once: a second decision changes nothing.
        assert_eq!(
            store.decide(held, "kept", "", None).unwrap(),
            Decided::AlreadyDecided
        );
        assert_eq!(
            store.decide(9999, "kept", "", None).unwrap(),
            Decided::NotFound
        );
        let log = store.audit_log().unwrap();
        let decide = log.iter().find(|entry| entry.action == "decide").unwrap();
        assert!(
            decide.subject.as_deref().unwrap().contains("→ РУО v2"),
            "{decide:?}"
        );
    }

    #[test]
    fn every_saved_text_is_kept_and_the_same_text_is_no_new_version() {
        let folder = tempfile::tempdir().unwrap();
        let mut store = Store::open(folder.path()).unwrap();
        assert_eq!(store.latest_text().unwrap(), None);
        let (first, saved) = store.save_text("# А\n", "a").unwrap();
        assert!(saved);
        let (again, saved) = store.save_text("# А\n", "a").unwrap();
        assert!(!saved);
        assert_eq!(again, first);
        let (second, _) = store.save_text("# Б\n", "b").unwrap();
        assert_eq!((first.version, second.version), (1, 2));
        assert_eq!(store.latest_text().unwrap().unwrap().1, "# Б\n");
        assert_eq!(store.text(first.id).unwrap().unwrap().1, "# А\n");
        assert_eq!(store.texts().unwrap().len(), 2);
        let saves = store
            .audit_log()
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "text-saved")
            .count();
        assert_eq!(saves, 2);
    }

    #[test]
    fn files_kept_before_the_rule_are_classified_from_their_check() {
        let folder = tempfile::tempdir().unwrap();
        {
            let store = Store::open(folder.path()).unwrap();
            // Back to the schema before migration 4, as an older zakrila left it.
            store
                .connection
                .execute_batch(
                    "DROP TABLE outbox;
                     DROP TABLE programme_texts;
                     DROP INDEX submissions_sha256;
                     ALTER TABLE submissions DROP COLUMN kind;
                     ALTER TABLE submissions DROP COLUMN sent_by;
                     ALTER TABLE submissions DROP COLUMN decision;
                     ALTER TABLE submissions DROP COLUMN moved_to;
                     ALTER TABLE submissions DROP COLUMN moved_from;
                     PRAGMA user_version = 3;
                     INSERT INTO blobs VALUES ('s', 1, x'00');",
                )
                .unwrap();
            let old = |file: &str, rows: i64, report: &str| {
                store
                    .connection
                    .execute(
                        "INSERT INTO submissions (round, institution, version, file_name, sha256,
                             size, uploaded_at, rows, errors, warnings, report_bg, report_en)
                         VALUES ('contribution', ?1, 1, ?1, 's', 1, '', ?2, 0, 0, ?3, '{}')",
                        params![file, rows, report],
                    )
                    .unwrap();
            };
            old("a.pdf", 0, r#"{"findings":[{"code":"not-a-spreadsheet"}]}"#);
            old(
                "b.xlsx",
                3,
                r#"{"findings":[{"code":"not-a-template","message":"„zakrila-report“"}]}"#,
            );
            old("c.xlsx", 0, r#"{"findings":[]}"#);
            old("d.xlsx", 29, r#"{"findings":[]}"#);
        }
        let store = Store::open(folder.path()).unwrap();
        let mut kinds: Vec<(String, String)> = store
            .submissions("contribution")
            .unwrap()
            .into_iter()
            .map(|record| (record.file_name, record.kind))
            .collect();
        kinds.sort();
        assert_eq!(
            kinds,
            [
                ("a.pdf".into(), "pdf".into()),
                ("b.xlsx".into(), "report-workbook".into()),
                ("c.xlsx".into(), "no-rows".into()),
                ("d.xlsx".into(), "readable".into()),
            ]
        );
    }
}
