//! The draft library: every agreement the user is working on, with every saved
//! revision, in one SQLite file inside the data folder.
//!
//! - `open`       opening, pragmas, migrations, and the checks on a file that is not ours
//! - `schema`     the versioned migrations
//! - `drafts`     create, list/search, open, save, duplicate, archive, delete
//! - `revisions`  list, open and restore saved revisions
//! - `versions`   versions issued for review, which never change
//! - `decisions`  each partner's decision on each version
//! - `comments`   what partners said about a version, and how each was resolved
//! - `documents`  every PDF made, to recognise a file later
//! - `error`      the one error type of this module, mapped from SQLite's codes

mod comments;
mod decisions;
mod documents;
mod drafts;
mod error;
mod open;
mod revisions;
mod schema;
mod versions;

pub use comments::{Comment, NewComment, Resolution};
pub use decisions::{Decision, DecisionStatus};
pub use documents::MadeDocument;
pub use drafts::{Archived, Draft, DraftId, DraftSummary, ListQuery, ReviewState};
pub use error::StoreError;
pub use revisions::RevisionSummary;
pub use versions::{IssuedVersion, NewVersion};

use crate::validation;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The checks a draft is counted with for the library list ("9 of 12 steps
/// complete"), chosen by its template's name: a template's own risk bands change
/// which risks need a mitigation. The store knows nothing of templates, so the
/// caller that does supplies this.
pub type ChecksFor = Arc<dyn Fn(&str) -> validation::Config + Send + Sync>;

/// An open draft library. One per window or command; SQLite's locking and the
/// busy timeout let several processes share the file safely.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    checks: ChecksFor,
}

impl Store {
    /// Counts each draft's steps with `checks` (by default the NHS default bands).
    pub fn with_checks(mut self, checks: ChecksFor) -> Store {
        self.checks = checks;
        self
    }

    /// Where the library file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs SQLite's own consistency check; "ok" means the file is sound.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(self.err())
    }

    /// The durability settings this connection runs with, read back from SQLite
    /// itself (not from what was asked for), so a check can see what a save relies on.
    pub fn durability(&self) -> Result<Durability, StoreError> {
        let read = |pragma: &str| -> Result<i64, StoreError> {
            self.conn
                .query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))
                .map_err(self.err())
        };
        let journal_mode: String = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .map_err(self.err())?;
        Ok(Durability {
            journal_mode,
            synchronous_full: read("synchronous")? == SYNCHRONOUS_FULL,
            foreign_keys: read("foreign_keys")? == 1,
            busy_timeout_ms: read("busy_timeout")?,
        })
    }

    /// Maps a SQLite error from this store to a [`StoreError`] naming the file.
    fn err(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |e| StoreError::from_sqlite(&self.path, e)
    }
}

/// SQLite's number for `synchronous=FULL` (0 off, 1 normal, 2 full, 3 extra).
const SYNCHRONOUS_FULL: i64 = 2;

/// What a connection to the library relies on for durability and sharing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Durability {
    /// "wal" for every library this program opens.
    pub journal_mode: String,
    /// Whether every commit is synced to disk before the save returns.
    pub synchronous_full: bool,
    pub foreign_keys: bool,
    /// How long a write waits for another process's lock.
    pub busy_timeout_ms: i64,
}

/// The time of a save, as stored: UTC, millisecond precision, sortable as text.
fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
