use crate::error::CommandError;
use crate::native::{AGREEMENT, AGREEMENT_OR_PDF};
use crate::state::{AppState, blocking};
use mou_core::api::{NewDraft, file_name};
use mou_core::exchange;
use mou_core::store::{DraftId, DraftSummary, ListQuery};
use mou_core::templates::TemplateInfo;
use serde::Serialize;
use tauri::State;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppStatus {
    pub version: String,
    /// Where the library and user templates live.
    pub data_dir: String,
    /// Why the library could not be opened, if it could not.
    pub library_problem: Option<CommandError>,
}

#[tauri::command]
#[specta::specta]
pub fn app_status(state: State<'_, AppState>) -> AppStatus {
    AppStatus {
        version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: state.data_dir().display().to_string(),
        library_problem: state.library_problem().cloned(),
    }
}

#[tauri::command]
#[specta::specta]
pub async fn list_drafts(
    state: State<'_, AppState>,
    query: ListQuery,
) -> Result<Vec<DraftSummary>, CommandError> {
    state.with_library(move |l| l.list(&query)).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_templates(state: State<'_, AppState>) -> Result<Vec<TemplateInfo>, CommandError> {
    Ok(state.templates().fresh()?.list())
}

/// The clause library, for the clauses step: every clause a draft can include,
/// in document order, with when it is usually needed.
#[tauri::command]
#[specta::specta]
pub fn clause_library() -> Vec<mou_core::model::LibraryClause> {
    mou_core::api::clause_library()
}

#[tauri::command]
#[specta::specta]
pub async fn new_draft(
    state: State<'_, AppState>,
    title: String,
    template: String,
) -> Result<DraftSummary, CommandError> {
    let new = NewDraft {
        title,
        template,
        ..NewDraft::default()
    };
    state.with_library(move |l| l.new_draft(&new)).await
}

#[tauri::command]
#[specta::specta]
pub async fn duplicate_draft(
    state: State<'_, AppState>,
    id: DraftId,
) -> Result<DraftSummary, CommandError> {
    state.with_library(move |l| l.duplicate(id, None)).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_archived(
    state: State<'_, AppState>,
    id: DraftId,
    archived: bool,
) -> Result<DraftSummary, CommandError> {
    state
        .with_library(move |l| l.set_archived(id, archived))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_draft(state: State<'_, AppState>, id: DraftId) -> Result<(), CommandError> {
    state.with_library(move |l| l.delete(id)).await
}

/// Asks for an agreement file and adds it to the library; `None` if cancelled.
#[tauri::command]
#[specta::specta]
pub async fn import_draft(
    state: State<'_, AppState>,
) -> Result<Option<DraftSummary>, CommandError> {
    let native = state.native.clone();
    let picked =
        blocking(move || native.open_path("Import an agreement", &AGREEMENT_OR_PDF)).await?;
    let Some(path) = picked else { return Ok(None) };
    let file = blocking(move || Ok(exchange::read_whole_file(&path)?)).await?;
    state
        .with_library(move |l| l.import_file(&file, None, None))
        .await
        .map(Some)
}

/// Asks where to save the draft's agreement file and writes it; the path, or `None` if cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_draft(
    state: State<'_, AppState>,
    id: DraftId,
) -> Result<Option<String>, CommandError> {
    let (agreement, review) = state.with_library(move |l| l.export(id, None)).await?;
    let name = file_name(&agreement, "json", false);
    let native = state.native.clone();
    blocking(move || {
        let Some(path) = native.save_path("Export the agreement", &name, &AGREEMENT)? else {
            return Ok(None);
        };
        exchange::write_file_with_review(&path, &agreement, &review)?;
        Ok(Some(path.display().to_string()))
    })
    .await
}
