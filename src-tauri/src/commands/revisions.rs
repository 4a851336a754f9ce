use crate::error::CommandError;
use crate::state::AppState;
use mou_core::api::OpenedDraft;
use mou_core::store::{DraftId, RevisionSummary};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_revisions(
    state: State<'_, AppState>,
    id: DraftId,
) -> Result<Vec<RevisionSummary>, CommandError> {
    state.with_library(move |l| l.revisions(id)).await
}

/// Makes an old revision the newest again (as a new revision: nothing is lost).
#[tauri::command]
#[specta::specta]
pub async fn restore_revision(
    state: State<'_, AppState>,
    id: DraftId,
    number: u32,
) -> Result<OpenedDraft, CommandError> {
    state
        .with_library(move |l| {
            l.restore(id, number)?;
            l.open_draft(id, None)
        })
        .await
}
