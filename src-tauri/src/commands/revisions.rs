use super::draft::{OpenedDraft, opened};
use crate::error::CommandError;
use crate::state::AppState;
use mou_core::store::{DraftId, RevisionSummary};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_revisions(
    state: State<'_, AppState>,
    id: DraftId,
) -> Result<Vec<RevisionSummary>, CommandError> {
    state.with_store(move |s| s.revisions(id)).await
}

/// Makes an old revision the newest again (as a new revision: nothing is lost).
#[tauri::command]
#[specta::specta]
pub async fn restore_revision(
    state: State<'_, AppState>,
    id: DraftId,
    number: u32,
) -> Result<OpenedDraft, CommandError> {
    let draft = state
        .with_store(move |s| {
            s.restore(id, number)?;
            s.open_draft(id)
        })
        .await?;
    Ok(opened(&state, draft.summary, draft.agreement))
}
