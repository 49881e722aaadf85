//! How much one personal link may send in a day: at most `uploads_per_day` files and
//! `upload_mb_per_day` megabytes within any 24 hours (`[portal]` in programme.toml;
//! [`crate::config::PortalSettings`]), contributions and reports together.
//!
//! An upload is weighed twice: before its body is read (a link already at its limit is
//! refused without reading a byte), and with its size under the same store lock as its
//! commit, so uploads sent in parallel cannot pass the limit together.

use chrono::{DateTime, Duration, SecondsFormat, Utc};

use crate::catalogue::PortalProblem;
use crate::config::PortalSettings;

use super::pages::local_time;
use super::store::{Store, StoreResult};

/// The window a quota counts in.
const WINDOW_HOURS: i64 = 24;

/// A link's quota, as its portal applies it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quota {
    /// Files per 24 hours.
    pub files: u32,
    /// Megabytes per 24 hours.
    pub megabytes: u64,
}

impl Quota {
    /// The quota of a config's `[portal]` for a portal whose size limit is `max_file_mb`.
    pub fn of(settings: &PortalSettings, max_file_mb: u32) -> Quota {
        Quota {
            files: settings.uploads_per_day,
            megabytes: settings.mb_per_day(max_file_mb),
        }
    }

    /// Whether `institution` may send `incoming` more bytes now (0 before the body is
    /// read), or the refusal.
    ///
    /// # Errors
    ///
    /// When the store cannot be read.
    pub fn check(
        &self,
        store: &Store,
        institution: &str,
        incoming: u64,
        now: DateTime<Utc>,
    ) -> StoreResult<Result<(), Refused>> {
        let since =
            (now - Duration::hours(WINDOW_HOURS)).to_rfc3339_opts(SecondsFormat::Millis, true);
        let sent = store.uploads_since(institution, &since)?;
        let count = u64::try_from(sent.count).unwrap_or(0);
        let bytes = u64::try_from(sent.bytes).unwrap_or(0);
        let within_files = count < u64::from(self.files);
        let within_bytes = if incoming == 0 {
            bytes < self.megabytes << 20
        } else {
            bytes + incoming <= self.megabytes << 20
        };
        if within_files && within_bytes {
            return Ok(Ok(()));
        }
        // The window frees room when its oldest upload leaves it.
        let again = sent
            .oldest
            .as_deref()
            .and_then(|oldest| DateTime::parse_from_rfc3339(oldest).ok())
            .map_or(now, |oldest| oldest.with_timezone(&Utc))
            + Duration::hours(WINDOW_HOURS);
        Ok(Err(Refused {
            quota: *self,
            again,
            retry_seconds: u64::try_from((again - now).num_seconds())
                .unwrap_or(0)
                .max(1),
        }))
    }
}

/// An upload refused by its link's quota.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "the link's quota of {} files and {} MB a day is taken until {again}",
    quota.files,
    quota.megabytes
)]
pub struct Refused {
    quota: Quota,
    again: DateTime<Utc>,
    retry_seconds: u64,
}

impl Refused {
    /// The refusal as the portal answers it (429, with `Retry-After`).
    pub fn problem(&self) -> PortalProblem {
        PortalProblem::QuotaReached {
            files: self.quota.files,
            megabytes: self.quota.megabytes,
            again_at: local_time(&self.again.to_rfc3339_opts(SecondsFormat::Millis, true)),
            retry_seconds: self.retry_seconds,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::store::NewSubmission;

    fn send(store: &mut Store, institution: &str, bytes: &[u8]) {
        let sha = crate::serve::auth::sha256_hex(bytes);
        store
            .add_submission(&NewSubmission {
                round: "contribution",
                institution,
                file_name: "f.xlsx",
                bytes,
                sha256: &sha,
                rows: 1,
                errors: 0,
                warnings: 0,
                named_institution: None,
                contact_email: None,
                round_id: None,
                report_bg: "{}",
                report_en: "{}",
                kind: crate::round::Kind::Readable,
                sent_by: crate::round::Sender::Link,
            })
            .unwrap();
    }

    #[test]
    fn the_default_takes_fifty_versions_of_the_largest_file() {
        let quota = Quota::of(&PortalSettings::default(), 20);
        assert_eq!(quota.files, 100);
        assert_eq!(quota.megabytes, 1000);
        assert!(u64::from(quota.files) >= 50);
        assert!(quota.megabytes >= 50 * 20);
    }

    #[test]
    fn files_and_bytes_are_counted_per_link_within_a_day() {
        let folder = tempfile::tempdir().unwrap();
        let mut store = Store::open(folder.path()).unwrap();
        let quota = Quota {
            files: 3,
            megabytes: 1,
        };
        let now = Utc::now();
        for n in 0..3u8 {
            assert_eq!(quota.check(&store, "А", 10, now).unwrap(), Ok(()));
            send(&mut store, "А", &[n; 10]);
        }
        let refused = quota.check(&store, "А", 10, now).unwrap().unwrap_err();
        assert!(refused.retry_seconds > 23 * 3600, "{refused:?}");
        assert!(matches!(
            refused.problem(),
            PortalProblem::QuotaReached { files: 3, .. }
        ));
        // Before the body is read, too.
        assert!(quota.check(&store, "А", 0, now).unwrap().is_err());
        // Another link is not touched; a day later the first may send again.
        assert_eq!(quota.check(&store, "Б", 10, now).unwrap(), Ok(()));
        let tomorrow = now + Duration::hours(24) + Duration::seconds(1);
        assert_eq!(quota.check(&store, "А", 10, tomorrow).unwrap(), Ok(()));
        // Bytes: a file that would pass the megabyte is refused, one that fits is not.
        assert!(
            quota
                .check(&store, "Б", (1 << 20) + 1, now)
                .unwrap()
                .is_err()
        );
        assert_eq!(quota.check(&store, "Б", 1 << 20, now).unwrap(), Ok(()));
    }
}
