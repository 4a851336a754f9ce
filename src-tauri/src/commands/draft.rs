use crate::error::CommandError;
use crate::state::AppState;
use mou_core::model::Agreement;
use mou_core::overview::{Overview, overview};
use mou_core::store::{DraftId, DraftSummary};
use serde::Serialize;
use tauri::State;

/// How long one revision may gather a sitting's autosaves before a new one starts.
pub const AUTOSAVE_SITTING: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// A draft opened in the workspace: its newest revision and what the task list shows.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct OpenedDraft {
    pub summary: DraftSummary,
    pub agreement: Agreement,
    pub overview: Overview,
}

/// What an (auto)save returns: the library line and the fresh overview.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Saved {
    pub summary: DraftSummary,
    pub overview: Overview,
}

#[tauri::command]
#[specta::specta]
pub async fn open_draft(
    state: State<'_, AppState>,
    id: DraftId,
) -> Result<OpenedDraft, CommandError> {
    let draft = state.with_store(move |s| s.open_draft(id)).await?;
    Ok(opened(&state, draft.summary, draft.agreement))
}

/// Saves the agreement (an autosave: the edits of one sitting, up to
/// [`AUTOSAVE_SITTING`], share one revision; nothing is saved when it is unchanged)
/// and checks it.
#[tauri::command]
#[specta::specta]
pub async fn save_draft(
    state: State<'_, AppState>,
    id: DraftId,
    agreement: Agreement,
) -> Result<Saved, CommandError> {
    let config = state.validation_config(&agreement.details.template);
    let overview = overview(&agreement, &config);
    let summary = state
        .with_store(move |s| s.autosave(id, &agreement, AUTOSAVE_SITTING))
        .await?;
    Ok(Saved { summary, overview })
}

pub fn opened(state: &AppState, summary: DraftSummary, agreement: Agreement) -> OpenedDraft {
    let config = state.validation_config(&agreement.details.template);
    OpenedDraft {
        overview: overview(&agreement, &config),
        summary,
        agreement,
    }
}
