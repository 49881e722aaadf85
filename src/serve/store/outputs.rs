//! What the portal makes from the kept files and starts rounds from: every merge, every
//! reporting round with its programme, every implementation report.

use rusqlite::{OptionalExtension, params};

use crate::round::{AuditAction, KeptMerge, KeptOutput, KeptRound};

use super::{Store, StoreResult, audit_in, now, put_blob};

fn kept_merge(row: &rusqlite::Row<'_>) -> rusqlite::Result<KeptMerge> {
    Ok(KeptMerge {
        id: row.get(0)?,
        sha256: row.get(1)?,
        summary: row.get(2)?,
    })
}

impl Store {
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
            AuditAction::Merge,
            Some(&format!("merge #{id}: {ids}")),
            Some(sha256),
            Some(summary),
        )?;
        transaction.commit()?;
        Ok(id)
    }

    /// A kept merge.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn merge_record(&self, id: i64) -> StoreResult<Option<KeptMerge>> {
        Ok(self
            .connection
            .query_row(
                "SELECT id, sha256, summary FROM merges WHERE id = ?1",
                [id],
                kept_merge,
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

    /// The newest merge, when there is one.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn latest_merge(&self) -> StoreResult<Option<KeptMerge>> {
        Ok(self
            .connection
            .query_row(
                "SELECT id, sha256, summary FROM merges ORDER BY id DESC LIMIT 1",
                [],
                kept_merge,
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
            AuditAction::RoundStarted,
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
    pub fn current_round(&self, kind: &str) -> StoreResult<Option<KeptRound>> {
        Ok(self
            .connection
            .query_row(
                "SELECT id, started_at, programme_sha256 FROM rounds WHERE kind = ?1
                 ORDER BY id DESC LIMIT 1",
                [kind],
                |row| {
                    Ok(KeptRound {
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
        kind: AuditAction,
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
            params![kind.code(), now(), round_id, sha256, ids, summary],
        )?;
        let id = transaction.last_insert_rowid();
        audit_in(
            &transaction,
            "secretary",
            kind,
            Some(&format!("{} #{id}: {ids}", kind.code())),
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
    pub fn output(&self, kind: &str, id: Option<i64>) -> StoreResult<Option<KeptOutput>> {
        let map = |row: &rusqlite::Row<'_>| {
            Ok(KeptOutput {
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
}
