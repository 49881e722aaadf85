//! Every version sent in a round: kept with its bytes and check in one transaction, its
//! reviews, the secretary's decision on a held one, and what a link sent within a day.

use rusqlite::{OptionalExtension, params};

use crate::round::{KeptVersion, Kind, Sender};

use crate::round::AuditAction;

use super::{Hook, Store, StoreResult, audit_in, now, put_blob};

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
    /// What the file is: readable, or why it is not a readable contribution (report).
    pub kind: Kind,
    /// Who sent it: the institution, through its link, or the secretary (a file received by
    /// e-mail and added).
    pub sent_by: Sender,
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

const SUBMISSION_COLUMNS: &str = "id, round, institution, version, file_name, sha256, size, \
    uploaded_at, rows, errors, warnings, named_institution, contact_email, review, comment, \
    reviewed_at, kind, sent_by, decision, moved_to, moved_from";

fn submission_record(row: &rusqlite::Row<'_>) -> rusqlite::Result<KeptVersion> {
    Ok(KeptVersion {
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

impl Store {
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
                new.kind.code(),
                new.sent_by.code(),
            ],
        )?;
        let id = transaction.last_insert_rowid();
        let actor = if new.sent_by == Sender::Secretary {
            "secretary".to_string()
        } else {
            format!("institution:{}", new.institution)
        };
        audit_in(
            &transaction,
            &actor,
            AuditAction::Upload,
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
    pub fn submission(&self, id: i64) -> StoreResult<Option<KeptVersion>> {
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
    pub fn submissions(&self, round: &str) -> StoreResult<Vec<KeptVersion>> {
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
    ) -> StoreResult<Vec<KeptVersion>> {
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
    pub fn reports_of_round(&self, round_id: i64) -> StoreResult<Vec<KeptVersion>> {
        let mut statement = self.connection.prepare(&format!(
            "SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE round = 'report' AND round_id = ?1
             ORDER BY id DESC"
        ))?;
        let records = statement
            .query_map([round_id], submission_record)?
            .collect::<Result<_, _>>()?;
        Ok(records)
    }

    /// Every kept version of every round, oldest first.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn all_submissions(&self) -> StoreResult<Vec<KeptVersion>> {
        let mut statement = self.connection.prepare(&format!(
            "SELECT {SUBMISSION_COLUMNS} FROM submissions ORDER BY id"
        ))?;
        let records = statement
            .query_map([], submission_record)?
            .collect::<Result<_, _>>()?;
        Ok(records)
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
        let version: Option<(String, String)> = transaction
            .query_row(
                "SELECT sha256, institution FROM submissions WHERE id = ?1",
                [id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let Some((sha256, institution)) = version else {
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
            AuditAction::Review,
            // As a decision's: the log then says whose version it was (`№5 (РУО): приет`).
            Some(&format!("#{id} {decision} ({institution})")),
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
                    params![id, to, version, Sender::Move.code()],
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
            AuditAction::Decide,
            Some(&subject),
            Some(&sha256),
            (!comment.is_empty()).then_some(comment),
        )?;
        hook(&transaction, id, 0)?;
        transaction.commit()?;
        Ok(Decided::Done { moved })
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
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(in crate::serve::store) fn upload<'a>(
        institution: &'a str,
        bytes: &'a [u8],
        sha: &'a str,
    ) -> NewSubmission<'a> {
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
            kind: Kind::Readable,
            sent_by: Sender::Link,
        }
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
            ("РУО", "move")
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
