//! What the commands share: the draft library (mou-core's use-case layer), the
//! data folder, and how native dialogs are answered. The library is opened once,
//! at launch; if it cannot be opened, every command reports why instead of the
//! app failing to start.

use crate::close::CloseGuard;
use crate::commands::review::DroppedFile;
use crate::error::CommandError;
use crate::native::Native;
use mou_core::api::{Library, Templates};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tauri::ipc::Channel;

pub struct AppState {
    data_dir: PathBuf,
    library: Result<Arc<Mutex<Library>>, CommandError>,
    /// The library's templates, for work that needs no library (rendering a PDF
    /// without holding the library, listing templates).
    templates: Templates,
    pub native: Native,
    /// The last PDF this window generated: the only file "open PDF" will open.
    pub last_pdf: Mutex<Option<PathBuf>>,
    /// Closing the window waits for the page to save what is pending.
    pub close: CloseGuard,
    /// Where the answer for a file dropped on the window goes (the page's channel).
    drops: Mutex<Option<Channel<DroppedFile>>>,
}

impl AppState {
    pub fn open(data_dir: &Path, native: Native) -> Self {
        let library = Library::open(data_dir).map(|mut l| {
            // Drafts from before the library kept step counts get them now, once.
            let _ = l.count_uncounted();
            l
        });
        let templates = match &library {
            Ok(l) => l.templates().clone(),
            Err(_) => Templates::in_data_dir(data_dir),
        };
        AppState {
            data_dir: data_dir.to_path_buf(),
            library: library
                .map(|l| Arc::new(Mutex::new(l)))
                .map_err(CommandError::from),
            templates,
            native,
            last_pdf: Mutex::new(None),
            close: CloseGuard::default(),
            drops: Mutex::new(None),
        }
    }

    /// The page hears of dropped files through `channel` from now on.
    pub fn watch_drops(&self, channel: Channel<DroppedFile>) {
        if let Ok(mut d) = self.drops.lock() {
            *d = Some(channel);
        }
    }

    /// Tells the page what a dropped file is, if it is listening.
    pub fn tell_dropped(&self, dropped: DroppedFile) {
        if let Ok(d) = self.drops.lock()
            && let Some(channel) = d.as_ref()
        {
            let _ = channel.send(dropped);
        }
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Why the library could not be opened, if it could not.
    pub fn library_problem(&self) -> Option<&CommandError> {
        self.library.as_ref().err()
    }

    /// Runs `f` on the library on a blocking thread, so the window never waits on the disk.
    pub async fn with_library<T, E>(
        &self,
        f: impl FnOnce(&mut Library) -> Result<T, E> + Send + 'static,
    ) -> Result<T, CommandError>
    where
        T: Send + 'static,
        E: Into<CommandError>,
    {
        let library = self.library.clone()?;
        blocking(move || {
            let mut guard = library
                .lock()
                .map_err(|_| CommandError::new("app.library_lock", LOCK_POISONED))?;
            f(&mut guard).map_err(Into::into)
        })
        .await
    }

    /// The built-in templates and the user's (the library's own, shared with it).
    pub fn templates(&self) -> &Templates {
        &self.templates
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
