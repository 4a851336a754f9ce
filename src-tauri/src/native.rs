//! Native dialogs and the system PDF viewer, opened from Rust so the web page
//! never gets file-system or shell permissions. The main end-to-end journey starts
//! the app with `--e2e-answers FILE` so it need not type into GTK: a JSON file
//! `{"open": PATH, "save": PATH}` read at each dialog (a missing key = cancel), and
//! files "opened in the viewer" are appended to `FILE.opened` instead. The real
//! dialogs are driven through the X keyboard in tests/native_dialogs.rs.

use crate::error::CommandError;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

#[derive(Clone)]
pub enum Native {
    /// Real dialogs and the system viewer, through the app once it has started.
    System(Arc<System>),
    /// Answers from a file, for end-to-end tests.
    Scripted(PathBuf),
}

pub struct System {
    app: OnceLock<AppHandle>,
    /// The folder of the last file chosen, where the next dialog starts.
    last_folder: Mutex<Option<PathBuf>>,
}

/// A file type offered in a dialog.
pub struct Filter {
    pub name: &'static str,
    pub extensions: &'static [&'static str],
}

pub const PDF: Filter = Filter {
    name: "PDF document",
    extensions: &["pdf"],
};
pub const AGREEMENT: Filter = Filter {
    name: "Agreement file (JSON)",
    extensions: &["json"],
};
/// What an agreement can be imported from: its file, or a PDF MoU Builder made
/// (which carries its agreement).
pub const AGREEMENT_OR_PDF: Filter = Filter {
    name: "Agreement file (JSON) or a MoU Builder PDF",
    extensions: &["json", "pdf"],
};

impl Native {
    /// Real dialogs; `attach` the app handle when the app has started.
    pub fn system() -> Native {
        Native::System(Arc::new(System {
            app: OnceLock::new(),
            last_folder: Mutex::new(None),
        }))
    }

    pub fn attach(&self, app: AppHandle) {
        if let Native::System(system) = self {
            let _ = system.app.set(app);
        }
    }

    fn app(system: &System) -> Result<&AppHandle, CommandError> {
        system.app.get().ok_or_else(|| {
            CommandError::new(
                "app.not_ready",
                "MoU Builder is still starting. Wait a moment and try again.",
            )
        })
    }

    /// Asks where to save; `None` when the user cancels. Call off the main thread.
    pub fn save_path(
        &self,
        title: &str,
        file_name: &str,
        filter: &Filter,
    ) -> Result<Option<PathBuf>, CommandError> {
        match self {
            Native::Scripted(answers) => scripted(answers, "save"),
            Native::System(system) => system.remember(
                system
                    .dialog()?
                    .set_title(title)
                    .set_file_name(file_name)
                    .add_filter(filter.name, filter.extensions)
                    .blocking_save_file(),
            ),
        }
    }

    /// Asks for a file to open; `None` when the user cancels. Call off the main thread.
    pub fn open_path(&self, title: &str, filter: &Filter) -> Result<Option<PathBuf>, CommandError> {
        match self {
            Native::Scripted(answers) => scripted(answers, "open"),
            Native::System(system) => system.remember(
                system
                    .dialog()?
                    .set_title(title)
                    .add_filter(filter.name, filter.extensions)
                    .blocking_pick_file(),
            ),
        }
    }

    /// Shows a file in the system's viewer for its type.
    pub fn show_file(&self, path: &Path) -> Result<(), CommandError> {
        match self {
            Native::Scripted(answers) => {
                let log = answers.with_extension("opened");
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&log)
                    .and_then(|mut f| writeln!(f, "{}", path.display()))
                    .map_err(|e| CommandError::new("app.viewer_failed", e.to_string()))
            }
            Native::System(system) => Native::app(system)?
                .opener()
                .open_path(path.to_string_lossy(), None::<&str>)
                .map_err(|e| {
                    CommandError::new(
                        "app.viewer_failed",
                        format!(
                            "The PDF was saved as {} but could not be opened ({e}). Open it from your file manager, or install a PDF viewer.",
                            path.display()
                        ),
                    )
                }),
        }
    }
}

impl System {
    /// A file dialog starting where the user last chose a file, else in their
    /// documents or home folder (GTK would start in the app's working directory).
    fn dialog(&self) -> Result<tauri_plugin_dialog::FileDialogBuilder<tauri::Wry>, CommandError> {
        let app = Native::app(self)?;
        let remembered = self.last_folder.lock().ok().and_then(|f| f.clone());
        let start = remembered
            .into_iter()
            .chain(app.path().document_dir())
            .chain(app.path().home_dir())
            .find(|d| d.is_dir());
        let dialog = app.dialog().file();
        Ok(match start {
            Some(folder) => dialog.set_directory(folder),
            None => dialog,
        })
    }

    /// The chosen path (None if cancelled), its folder kept for the next dialog.
    fn remember(
        &self,
        chosen: Option<tauri_plugin_dialog::FilePath>,
    ) -> Result<Option<PathBuf>, CommandError> {
        let path = chosen
            .map(|p| p.into_path().map_err(not_a_local_file))
            .transpose()?;
        if let Some(folder) = path.as_deref().and_then(Path::parent)
            && let Ok(mut last) = self.last_folder.lock()
        {
            *last = Some(folder.to_path_buf());
        }
        Ok(path)
    }
}

fn not_a_local_file(e: impl std::fmt::Display) -> CommandError {
    CommandError::new(
        "app.not_a_local_file",
        format!(
            "That location is not a file on this computer ({e}). Choose a folder on this computer."
        ),
    )
}

fn scripted(answers: &Path, key: &str) -> Result<Option<PathBuf>, CommandError> {
    let text = std::fs::read_to_string(answers)
        .map_err(|e| CommandError::new("app.e2e_answers", format!("{}: {e}", answers.display())))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| CommandError::new("app.e2e_answers", format!("{}: {e}", answers.display())))?;
    Ok(value.get(key).and_then(|v| v.as_str()).map(PathBuf::from))
}
