use crate::error::CommandError;
use crate::state::AppState;
use mou_core::api::{OpenedDraft, Saved};
use mou_core::model::Agreement;
use mou_core::store::DraftId;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn open_draft(
    state: State<'_, AppState>,
    id: DraftId,
) -> Result<OpenedDraft, CommandError> {
    state.with_library(move |l| l.open_draft(id, None)).await
}

/// Saves the agreement (an autosave: the edits of one sitting share one revision;
/// nothing is saved when it is unchanged) and checks it with its template.
#[tauri::command]
#[specta::specta]
pub async fn save_draft(
    state: State<'_, AppState>,
    id: DraftId,
    agreement: Agreement,
) -> Result<Saved, CommandError> {
    state
        .with_library(move |l| l.autosave(id, &agreement))
        .await
}
