//! Where MoU Builder keeps its data.
//!
//! The default is the platform's app-data folder joined with the app identifier,
//! exactly the folder Tauri's `app_data_dir()` gives the desktop app, so a draft
//! made with the CLI shows in the desktop app and the other way round.

use crate::error::ErrorCode;
use std::path::PathBuf;

/// The desktop app's bundle identifier (also in `src-tauri/tauri.conf.json`).
pub const APP_IDENTIFIER: &str = "org.moubuilder.desktop";

/// Environment variable that points MoU Builder at another data folder.
pub const DATA_DIR_ENV: &str = "MOU_DATA_DIR";

/// Folder of the user's own templates inside the data folder.
pub const TEMPLATES_DIR: &str = "templates";

/// File name of the draft library inside the data folder.
pub const LIBRARY_FILE: &str = "library.sqlite3";

#[derive(Debug, thiserror::Error)]
pub enum PathsError {
    #[error(
        "Could not work out this computer's application data folder (is HOME set?). Set {DATA_DIR_ENV} or pass --data-dir to say where MoU Builder should keep its drafts."
    )]
    NoDataDir,
}

impl ErrorCode for PathsError {
    fn code(&self) -> &'static str {
        "paths.no_data_dir"
    }
}

/// The data folder: `$MOU_DATA_DIR` when set and not empty, else the platform's app-data folder.
pub fn default_data_dir() -> Result<PathBuf, PathsError> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::data_dir()
        .map(|d| d.join(APP_IDENTIFIER))
        .ok_or(PathsError::NoDataDir)
}
