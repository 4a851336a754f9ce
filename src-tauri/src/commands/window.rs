use super::review::DroppedFile;
use crate::state::AppState;
use tauri::State;
use tauri::ipc::Channel;

/// The page asks to hear of close requests, so it can save pending edits first; it
/// answers each with `answer_close`. See `close.rs`.
#[tauri::command]
#[specta::specta]
pub fn watch_close(state: State<'_, AppState>, on_request: Channel<()>) {
    state
        .close
        .watch(Box::new(move || on_request.send(()).is_ok()));
}

/// The page's answer to a close request: `true` closes the window now.
#[tauri::command]
#[specta::specta]
pub fn answer_close(state: State<'_, AppState>, close: bool) {
    state.close.answer(close);
}

/// The page asks to hear of files dropped on the window: each drop is checked in
/// Rust (see `review::check_dropped`) and only the answer is sent.
#[tauri::command]
#[specta::specta]
pub fn watch_drops(state: State<'_, AppState>, on_drop: Channel<DroppedFile>) {
    state.watch_drops(on_drop);
}
