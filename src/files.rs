//! Writing files so that a failure never leaves half a file behind.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file in the same folder, synced
/// and then renamed over the target. The result has the permissions of the file
/// it replaces, or those of an ordinary new file (a temporary file is private).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode());
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A file that could not be written, as the user should hear it.
#[derive(Debug, thiserror::Error)]
#[error(
    "Could not write {}: {source}. Check that the folder exists, that you may write to it and that the disk is not full; nothing was written.",
    path.display()
)]
pub struct WriteError {
    pub path: std::path::PathBuf,
    pub source: std::io::Error,
}

impl crate::ErrorCode for WriteError {
    fn code(&self) -> &'static str {
        "files.write_failed"
    }
}

/// [`write_atomically`], with an error that names the file and says what to check.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomically(path, bytes).map_err(|source| WriteError {
        path: path.to_path_buf(),
        source,
    })
}
