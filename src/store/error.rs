use crate::error::ErrorCode;
use rusqlite::ErrorCode as Sqlite;
use std::path::{Path, PathBuf};

/// Everything that can go wrong with the draft library, in words a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "Could not use the data folder {dir}: {source}. Choose a folder you can write to with --data-dir or the MOU_DATA_DIR environment variable."
    )]
    DataDir {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path} is not a MoU Builder draft library (it is not an SQLite database). Move the file out of the way, or point MoU Builder at another data folder with --data-dir; the file was left as it was."
    )]
    NotSqlite { path: PathBuf },
    #[error(
        "{path} is an SQLite database but not a MoU Builder draft library. Point MoU Builder at another data folder with --data-dir; the file was left as it was."
    )]
    NotOurs { path: PathBuf },
    #[error(
        "The draft library {path} was written by a newer version of MoU Builder (schema {found}; this program knows up to {supported}). Update MoU Builder to open it; nothing was changed."
    )]
    TooNew {
        path: PathBuf,
        found: usize,
        supported: usize,
    },
    #[error(
        "The draft library {path} is busy: another MoU Builder window or command has been writing to it for too long. Close the other one or try again in a moment; nothing was lost."
    )]
    Busy { path: PathBuf },
    #[error(
        "The disk holding the draft library {path} is full. Free some space and save again; your earlier saves are intact."
    )]
    DiskFull { path: PathBuf },
    #[error(
        "Could not read or write the draft library {path} ({detail}). The disk may be full or failing, or the drive may have gone away. Free some space or check the drive, then save again; earlier saves are intact."
    )]
    Io { path: PathBuf, detail: String },
    #[error(
        "The draft library {path} could not switch to write-ahead logging (it stayed in \"{mode}\" mode), which MoU Builder needs to save safely. The folder may be read-only or on a network drive; choose a local folder with --data-dir."
    )]
    NoWal { path: PathBuf, mode: String },
    #[error(
        "The draft library {path} cannot be written (read-only file or folder). Make it writable, or use another data folder with --data-dir."
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "The draft library {path} is damaged ({detail}). Restore it from a backup, or move it aside so MoU Builder starts a new one."
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "There is no draft {id} in the library. It may have been deleted; list the drafts to find the one you want."
    )]
    DraftNotFound { id: i64 },
    #[error("Draft {id} has no revision {number}. List its revisions to see which exist.")]
    RevisionNotFound { id: i64, number: u32 },
    #[error(
        "Revision {number} of draft {id} cannot be read: {detail}. It may have been saved by a newer MoU Builder; restore an earlier revision or update the program."
    )]
    BadContent {
        id: i64,
        number: u32,
        detail: String,
    },
    #[error(
        "Could not turn the agreement into JSON for saving ({detail}). This is a bug in MoU Builder; please report it. Nothing was saved."
    )]
    Serialize { detail: String },
    #[error(
        "Before upgrading the draft library, MoU Builder keeps a copy of it as {path}, but could not write it ({detail}). Free some space in that folder and open MoU Builder again; nothing was changed."
    )]
    Backup { path: PathBuf, detail: String },
    #[error(
        "Version {version} of draft {id} has already been issued. An issued version never changes; issue the next version ({next}) instead."
    )]
    VersionTaken {
        id: i64,
        version: String,
        next: String,
    },
    #[error(
        "Version {version} is not after the last version issued ({last}). Versions go up: issue {next} or a later one."
    )]
    VersionNotAfter {
        version: String,
        last: String,
        next: String,
    },
    #[error("Draft {id} has no comment {number}. List its comments to see which exist.")]
    CommentNotFound { id: i64, number: i64 },
    #[error("Draft {id} has no issued version {version}. List its versions to see which exist.")]
    VersionNotFound { id: i64, version: String },
    #[error("The draft library {path} could not be read or written: {source}.")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

impl ErrorCode for StoreError {
    fn code(&self) -> &'static str {
        match self {
            StoreError::DataDir { .. } => "store.data_dir_unusable",
            StoreError::NotSqlite { .. } => "store.not_sqlite",
            StoreError::NotOurs { .. } => "store.not_a_library",
            StoreError::TooNew { .. } => "store.schema_too_new",
            StoreError::Busy { .. } => "store.busy",
            StoreError::DiskFull { .. } => "store.disk_full",
            StoreError::Io { .. } => "store.io_error",
            StoreError::ReadOnly { .. } => "store.read_only",
            StoreError::NoWal { .. } => "store.no_wal",
            StoreError::Corrupt { .. } => "store.corrupt",
            StoreError::DraftNotFound { .. } => "store.draft_not_found",
            StoreError::RevisionNotFound { .. } => "store.revision_not_found",
            StoreError::BadContent { .. } => "store.bad_content",
            StoreError::Serialize { .. } => "store.serialize_failed",
            StoreError::Backup { .. } => "store.backup_failed",
            StoreError::VersionTaken { .. } => "store.version_taken",
            StoreError::VersionNotAfter { .. } => "store.version_not_after",
            StoreError::VersionNotFound { .. } => "store.version_not_found",
            StoreError::CommentNotFound { .. } => "store.comment_not_found",
            StoreError::Sqlite { .. } => "store.sqlite",
        }
    }
}

impl StoreError {
    /// Sorts SQLite's error codes into the cases a user can do something about.
    pub(super) fn from_sqlite(path: &Path, e: rusqlite::Error) -> StoreError {
        let path = path.to_path_buf();
        match e.sqlite_error_code() {
            Some(Sqlite::DatabaseBusy | Sqlite::DatabaseLocked) => StoreError::Busy { path },
            Some(Sqlite::DiskFull) => StoreError::DiskFull { path },
            Some(Sqlite::ReadOnly) => StoreError::ReadOnly { path },
            Some(Sqlite::SystemIoFailure) => StoreError::Io {
                path,
                detail: e.to_string(),
            },
            Some(Sqlite::NotADatabase) => StoreError::NotSqlite { path },
            Some(Sqlite::DatabaseCorrupt) => StoreError::Corrupt {
                path,
                detail: e.to_string(),
            },
            _ => StoreError::Sqlite { path, source: e },
        }
    }
}
