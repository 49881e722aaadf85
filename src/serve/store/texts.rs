//! The programme's own words (`programme.md`): every version the secretary saved.

use rusqlite::{Connection, OptionalExtension, params};

use crate::round::AuditAction;

use super::{Store, StoreResult, audit_in, now, put_blob};

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

impl Store {
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
            AuditAction::TextSaved,
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
