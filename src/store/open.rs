use super::schema::{self, APPLICATION_ID};
use super::{Store, StoreError};
use crate::paths::LIBRARY_FILE;
use rusqlite::Connection;
use rusqlite_migration::SchemaVersion;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a write waits for another process's write to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

impl Store {
    /// Opens (creating if needed) the library in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            dir: data_dir.to_path_buf(),
            source,
        })?;
        Store::open_file(&data_dir.join(LIBRARY_FILE))
    }

    /// Opens (creating if needed) the library file at `path`. A file that is not
    /// ours, or is from a newer program, is refused before anything is written to it.
    pub fn open_file(path: &Path) -> Result<Store, StoreError> {
        check_header(path)?;
        let sqlite_err = |e| StoreError::from_sqlite(path, e);
        let mut conn = Connection::open(path).map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::CannotOpen) => StoreError::DataDir {
                dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
                source: std::io::Error::other(e.to_string()),
            },
            _ => sqlite_err(e),
        })?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite_err)?;
        check_ownership(&conn, path)?;

        let migrations = schema::migrations();
        if let SchemaVersion::Outside(found) =
            migrations
                .current_version(&conn)
                .map_err(|e| StoreError::Corrupt {
                    path: path.to_path_buf(),
                    detail: e.to_string(),
                })?
        {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: found.get(),
                supported: schema::latest_version(),
            });
        }

        // Two first launches at once contend for the locks the setup takes; SQLite
        // answers "busy" at once (not after the timeout) when waiting could deadlock,
        // so the setup is retried until the busy timeout has passed.
        let started = std::time::Instant::now();
        loop {
            match set_up(&mut conn, path) {
                Err(StoreError::Busy { .. }) if started.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(Duration::from_millis(15));
                }
                other => break other?,
            }
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            checks: std::sync::Arc::new(|_| crate::validation::Config::default()),
        })
    }
}

/// Pragmas and migrations, once the file is known to be ours and not too new.
fn set_up(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let sqlite_err = |e| StoreError::from_sqlite(path, e);
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(sqlite_err)?;
    // WAL lets readers go on while one process writes, and makes each commit a
    // small append. synchronous=FULL syncs the log at every commit, so a save
    // that returned survives a crash or a power cut, not only a killed process.
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
        .map_err(sqlite_err)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::NoWal {
            path: path.to_path_buf(),
            mode,
        });
    }
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(sqlite_err)?;
    let migrations = schema::migrations();
    back_up_before_upgrade(conn, path, &migrations)?;
    if let Err(e) = migrations.to_latest(conn) {
        // Another process may have created or upgraded the library between our
        // version check and our write; that is fine.
        let now_latest = matches!(migrations.current_version(conn),
            Ok(SchemaVersion::Inside(v)) if v.get() == schema::latest_version());
        if !now_latest {
            return Err(match e {
                rusqlite_migration::Error::RusqliteError { err, .. } => sqlite_err(err),
                other => StoreError::Corrupt {
                    path: path.to_path_buf(),
                    detail: other.to_string(),
                },
            });
        }
    }
    Ok(())
}

/// Refuses a non-empty file that does not start with SQLite's magic string,
/// before SQLite is allowed anywhere near it.
fn check_header(path: &Path) -> Result<(), StoreError> {
    const MAGIC: &[u8; 16] = b"SQLite format 3\0";
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(StoreError::DataDir {
                dir: parent(path),
                source,
            });
        }
    };
    let mut head = Vec::with_capacity(16);
    file.by_ref()
        .take(16)
        .read_to_end(&mut head)
        .map_err(|source| StoreError::DataDir {
            dir: parent(path),
            source,
        })?;
    if head.is_empty() || head == MAGIC {
        Ok(())
    } else {
        Err(StoreError::NotSqlite {
            path: path.to_path_buf(),
        })
    }
}

/// Refuses an SQLite file that belongs to another program: a foreign
/// application id, or tables but no MoU Builder schema version.
fn check_ownership(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let sqlite_err = |e| StoreError::from_sqlite(path, e);
    // One statement, so all three come from the same snapshot even while another
    // process is creating the library.
    let (app_id, version, tables): (i32, i64, i64) = conn
        .query_row(
            "SELECT a.application_id, v.user_version, (SELECT count(*) FROM sqlite_schema)
             FROM pragma_application_id AS a, pragma_user_version AS v",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .map_err(sqlite_err)?;
    let foreign = (app_id != 0 && app_id != APPLICATION_ID) || (app_id == 0 && tables > 0);
    if foreign || (app_id == 0 && version != 0) {
        return Err(StoreError::NotOurs {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// Before an existing library is upgraded to a newer schema, a consistent copy of
/// it goes beside it as `library.sqlite3.before-v4-2026-11-29` (schema version it
/// is upgraded to, and the date), so an upgrade can always be undone by hand.
fn back_up_before_upgrade(
    conn: &Connection,
    path: &Path,
    migrations: &rusqlite_migration::Migrations,
) -> Result<(), StoreError> {
    let current = match migrations.current_version(conn) {
        Ok(SchemaVersion::Inside(v)) => v.get(),
        _ => return Ok(()), // new (nothing to keep) or too new (refused elsewhere)
    };
    let latest = schema::latest_version();
    if current >= latest {
        return Ok(());
    }
    let name = format!(
        "{}.before-v{latest}-{}",
        path.file_name()
            .map_or("library".into(), |n| n.to_string_lossy()),
        chrono::Local::now().format("%Y-%m-%d")
    );
    let backup = parent(path).join(name);
    if backup.exists() {
        return Ok(()); // made earlier today by an upgrade that did not finish
    }
    // VACUUM INTO writes a consistent copy, WAL contents included.
    conn.execute("VACUUM INTO ?1", [backup.to_string_lossy()])
        .map_err(|e| StoreError::Backup {
            path: backup.clone(),
            detail: e.to_string(),
        })?;
    Ok(())
}

fn parent(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}
