//! What the commands share: the open draft library, the data folder, and how
//! native dialogs are answered. The library is opened once, at launch; if it
//! cannot be opened, every command reports why instead of the app failing to start.

use crate::error::CommandError;
use crate::native::Native;
use mou_core::store::Store;
use mou_core::templates::Registry;
use mou_core::{paths, validation};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub struct AppState {
    data_dir: PathBuf,
    store: Result<Arc<Mutex<Store>>, CommandError>,
    pub native: Native,
    /// The last PDF this window generated: the only file "open PDF" will open.
    pub last_pdf: Mutex<Option<PathBuf>>,
}

impl AppState {
    pub fn open(data_dir: &Path, native: Native) -> Self {
        AppState {
            data_dir: data_dir.to_path_buf(),
            store: Store::open(data_dir)
                .map(|s| Arc::new(Mutex::new(s)))
                .map_err(CommandError::from),
            native,
            last_pdf: Mutex::new(None),
        }
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Why the library could not be opened, if it could not.
    pub fn store_problem(&self) -> Option<&CommandError> {
        self.store.as_ref().err()
    }

    /// Runs `f` on the library on a blocking thread, so the window never waits on the disk.
    pub async fn with_store<T, E>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, E> + Send + 'static,
    ) -> Result<T, CommandError>
    where
        T: Send + 'static,
        E: Into<CommandError>,
    {
        let store = self.store.clone()?;
        blocking(move || {
            let mut guard = store
                .lock()
                .map_err(|_| CommandError::new("app.library_lock", LOCK_POISONED))?;
            f(&mut guard).map_err(Into::into)
        })
        .await
    }

    /// The built-in templates and the user's, read afresh so a fixed template is picked up.
    pub fn templates(&self) -> Result<Registry, CommandError> {
        Ok(Registry::load(Some(
            &self.data_dir.join(paths::TEMPLATES_DIR),
        ))?)
    }

    /// Validation settings for a template by name (the NHS default bands if it is unknown).
    pub fn validation_config(&self, template: &str) -> validation::Config {
        self.templates()
            .ok()
            .and_then(|r| r.get(template).ok().map(|t| t.validation_config()))
            .unwrap_or_default()
    }
}

const LOCK_POISONED: &str = "An earlier action on the library failed part-way. Close MoU Builder and open it again; everything saved so far is kept.";

/// Runs blocking work (SQLite, rendering, dialogs) off the async and UI threads.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(f).await.map_err(|e| {
        CommandError::new(
            "app.task_failed",
            format!("The action stopped unexpectedly ({e}). Nothing was lost: try again."),
        )
    })?
}
