//! What the commands share: the open draft library, the data folder, and how
//! native dialogs are answered. The library is opened once, at launch; if it
//! cannot be opened, every command reports why instead of the app failing to start.

use crate::close::CloseGuard;
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
    /// The templates as last read, shared with the library's step counts.
    templates: Arc<Templates>,
    /// Closing the window waits for the page to save what is pending.
    pub close: CloseGuard,
}

impl AppState {
    pub fn open(data_dir: &Path, native: Native) -> Self {
        let templates = Arc::new(Templates {
            user_dir: data_dir.join(paths::TEMPLATES_DIR),
            kept: Mutex::new(None),
        });
        let checks = templates.clone();
        let store = Store::open(data_dir).map(|s| {
            let mut s = s.with_checks(Arc::new(move |name: &str| checks.config(name)));
            // Drafts from before the library kept step counts get them now, once.
            let _ = s.count_uncounted();
            s
        });
        AppState {
            data_dir: data_dir.to_path_buf(),
            store: store
                .map(|s| Arc::new(Mutex::new(s)))
                .map_err(CommandError::from),
            native,
            last_pdf: Mutex::new(None),
            templates,
            close: CloseGuard::default(),
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

    /// The built-in templates and the user's, read afresh so a fixed template is
    /// picked up (listing templates, making a draft or a PDF), and kept for checks.
    pub fn templates(&self) -> Result<Arc<Registry>, CommandError> {
        self.templates.fresh()
    }

    /// Validation settings for a template by name (the NHS default bands if it is
    /// unknown), from the templates as last read.
    pub fn validation_config(&self, template: &str) -> validation::Config {
        self.templates.config(template)
    }
}

/// The templates as last read, for the risk bands every autosave checks with
/// (reading them costs about 9 ms; an autosave comes at every pause in typing).
struct Templates {
    user_dir: PathBuf,
    kept: Mutex<Option<Arc<Registry>>>,
}

impl Templates {
    fn fresh(&self) -> Result<Arc<Registry>, CommandError> {
        let fresh = Arc::new(Registry::load(Some(&self.user_dir))?);
        if let Ok(mut kept) = self.kept.lock() {
            *kept = Some(fresh.clone());
        }
        Ok(fresh)
    }

    fn config(&self, template: &str) -> validation::Config {
        let kept = self.kept.lock().ok().and_then(|k| k.clone());
        kept.map_or_else(|| self.fresh().ok(), Some)
            .map(|r| r.validation_config(template))
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
