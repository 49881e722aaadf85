//! The schema of the portal's database, one migration per entry, embedded in the binary;
//! `PRAGMA user_version` counts those applied ([`super::Store::open`] applies the rest).

/// The schema, one migration per entry; `PRAGMA user_version` counts those applied. A
/// migration is never edited once released: a change is a new entry.
pub(super) const MIGRATIONS: &[&str] = &[
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
