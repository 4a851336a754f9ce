//! The library's schema, as an append-only list of migrations. Never edit a
//! released migration: add a new one. `user_version` records how far a file has come.

use rusqlite_migration::{M, Migrations};

/// Marks a SQLite file as a MoU Builder library ("MoUB").
pub const APPLICATION_ID: i32 = 0x4D6F_5542;

const STEPS: &[M<'static>] = &[
    M::up(
        r#"
    PRAGMA application_id = 1299141954;

    CREATE TABLE drafts (
        id               INTEGER PRIMARY KEY,
        -- Copied from the newest revision so the library can be listed and
        -- searched without parsing every agreement.
        title            TEXT    NOT NULL,
        reference        TEXT    NOT NULL,
        partnership_name TEXT    NOT NULL,
        partner_names    TEXT    NOT NULL,  -- one name per line
        archived         INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
        created_at       TEXT    NOT NULL,
        updated_at       TEXT    NOT NULL,
        head_number      INTEGER NOT NULL   -- number of the newest revision
    );
    CREATE INDEX drafts_by_update ON drafts (archived, updated_at DESC, id DESC);

    -- Every save is a full snapshot; nothing is ever overwritten.
    CREATE TABLE revisions (
        draft_id       INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
        number         INTEGER NOT NULL,    -- 1, 2, 3… within a draft
        saved_at       TEXT    NOT NULL,
        label          TEXT,
        format_version INTEGER NOT NULL,   -- of the agreement JSON in `content`
        content        TEXT    NOT NULL,
        PRIMARY KEY (draft_id, number)
    ) WITHOUT ROWID;
    "#,
    ),
    // Autosave folds a burst of edits into one revision: when that revision was
    // first saved, so a burst never spans more than the autosave window.
    M::up("ALTER TABLE revisions ADD COLUMN first_saved_at TEXT;"),
    // The library list shows how far each draft has got without opening it:
    // copied from the checks at each save (NULL until a draft is next saved).
    M::up(
        "ALTER TABLE drafts ADD COLUMN steps_complete INTEGER;
         ALTER TABLE drafts ADD COLUMN steps_with_problems INTEGER;",
    ),
    // The review round: versions issued to the partners, and every PDF made.
    M::up(
        r#"
    -- An issued version is the content partners were sent; it never changes. The
    -- triggers make the database itself refuse, whatever program writes to it.
    CREATE TABLE issued_versions (
        draft_id  INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
        major     INTEGER NOT NULL CHECK (major >= 0),
        minor     INTEGER NOT NULL CHECK (minor >= 0),
        revision  INTEGER NOT NULL,   -- the revision saved as this version
        issued_at TEXT    NOT NULL,   -- when it was recorded (UTC)
        issued_on TEXT    NOT NULL,   -- the date it carries, YYYY-MM-DD
        sent_to   TEXT    NOT NULL,   -- JSON array of partner ids
        note      TEXT    NOT NULL,
        PRIMARY KEY (draft_id, major, minor),
        FOREIGN KEY (draft_id, revision) REFERENCES revisions (draft_id, number)
    ) WITHOUT ROWID;
    CREATE TRIGGER issued_versions_never_change BEFORE UPDATE ON issued_versions
    BEGIN
        SELECT RAISE(ABORT, 'an issued version never changes');
    END;
    CREATE TRIGGER issued_versions_go_only_with_their_draft BEFORE DELETE ON issued_versions
    WHEN EXISTS (SELECT 1 FROM drafts WHERE id = OLD.draft_id)
    BEGIN
        SELECT RAISE(ABORT, 'an issued version is removed only with its draft');
    END;
    -- Nor does the revision it was issued from (autosave would otherwise fold
    -- later edits into it).
    CREATE TRIGGER issued_revisions_never_change BEFORE UPDATE ON revisions
    WHEN EXISTS (SELECT 1 FROM issued_versions
                 WHERE draft_id = OLD.draft_id AND revision = OLD.number)
    BEGIN
        SELECT RAISE(ABORT, 'a revision issued as a version never changes');
    END;

    -- Each partner's decision on each issued version (no row: not sent to them).
    CREATE TABLE decisions (
        draft_id     INTEGER NOT NULL,
        major        INTEGER NOT NULL,
        minor        INTEGER NOT NULL,
        partner      TEXT    NOT NULL,   -- the partner's id
        status       TEXT    NOT NULL
                     CHECK (status IN ('sent', 'commented', 'approved', 'declined')),
        decided_on   TEXT    NOT NULL,   -- YYYY-MM-DD
        by_name      TEXT    NOT NULL,   -- who approved, for an approval
        by_job_title TEXT    NOT NULL,
        reason       TEXT    NOT NULL,   -- why, for a refusal
        recorded_at  TEXT    NOT NULL,
        PRIMARY KEY (draft_id, major, minor, partner),
        FOREIGN KEY (draft_id, major, minor)
            REFERENCES issued_versions (draft_id, major, minor) ON DELETE CASCADE
    ) WITHOUT ROWID;

    -- What partners said about a version, and how each remark was dealt with.
    CREATE TABLE comments (
        id         INTEGER PRIMARY KEY,
        draft_id   INTEGER NOT NULL,
        major      INTEGER NOT NULL,   -- the version commented on
        minor      INTEGER NOT NULL,
        partner    TEXT    NOT NULL,   -- the partner's id
        step       TEXT    NOT NULL,   -- the step it concerns
        item       TEXT    NOT NULL,   -- e.g. "risk:R07", "objective:<id>"; '' for the step
        text       TEXT    NOT NULL,
        state      TEXT    NOT NULL CHECK (state IN ('open', 'accepted', 'not_accepted')),
        revision   INTEGER,            -- the revision that dealt with an accepted comment
        reason     TEXT    NOT NULL,   -- why a comment was not accepted
        created_at TEXT    NOT NULL,
        resolved_at TEXT,
        FOREIGN KEY (draft_id, major, minor)
            REFERENCES issued_versions (draft_id, major, minor) ON DELETE CASCADE
    );
    CREATE INDEX comments_by_draft ON comments (draft_id, id);

    -- Every PDF this library produced, to recognise a file later.
    CREATE TABLE documents (
        sha256      TEXT    NOT NULL PRIMARY KEY,  -- of the file, hex
        fingerprint TEXT    NOT NULL,              -- of what it shows, hex
        draft_id    INTEGER REFERENCES drafts (id) ON DELETE SET NULL,
        revision    INTEGER,
        version     TEXT    NOT NULL,
        final       INTEGER NOT NULL CHECK (final IN (0, 1)),
        template    TEXT    NOT NULL,
        pages       INTEGER NOT NULL,
        bytes       INTEGER NOT NULL,
        made_at     TEXT    NOT NULL
    );
    CREATE INDEX documents_by_fingerprint ON documents (fingerprint);
    "#,
    ),
];

pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(STEPS)
}

/// How many migrations this program knows; a file at a higher version came from a newer program.
pub fn latest_version() -> usize {
    STEPS.len()
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations()
            .validate()
            .expect("migrations apply cleanly");
    }

    #[test]
    fn the_first_migration_stamps_our_application_id() {
        let mut conn = rusqlite::Connection::open_in_memory().expect("in-memory db");
        super::migrations().to_latest(&mut conn).expect("migrates");
        let id: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .expect("pragma");
        assert_eq!(id, super::APPLICATION_ID);
        assert_eq!(&id.to_be_bytes(), b"MoUB");
    }
}
