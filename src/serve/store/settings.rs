//! The portal's settings (the password's hash, the setup token, the base URL), the
//! personal links, the secretary's sessions and known devices, and the audit log.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::round::AuditAction;

use super::{Store, StoreResult, audit_in, now};

/// The settings key prefix of a known device (a browser the secretary has signed in from):
/// `device:` and the SHA-256 of its cookie's token.
const DEVICE_PREFIX: &str = "device:";

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

impl Store {
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
            AuditAction::LinkReplaced,
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

    /// Adds a line to the audit log.
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn audit(
        &self,
        actor: &str,
        action: AuditAction,
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
        action: AuditAction,
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
            AuditAction::PasswordSet,
            None,
            None,
            change.detail,
        )?;
        if let Some((token_hash, csrf, hours)) = change.session {
            insert_session(&transaction, token_hash, csrf, hours)?;
            audit_in(
                &transaction,
                change.actor,
                AuditAction::Login,
                None,
                None,
                None,
            )?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::store::submissions::tests::upload;

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
}
