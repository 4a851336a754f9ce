//! The one error type every command returns: the core's stable code and its
//! plain-English message, which the UI shows as it is.

use mou_core::ErrorCode;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    /// Stable, e.g. `store.draft_not_found`; the UI and tests may rely on it.
    pub code: String,
    /// What happened and what to do, for the user.
    pub message: String,
}

impl CommandError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        CommandError {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

impl<E: ErrorCode + std::fmt::Display> From<E> for CommandError {
    fn from(e: E) -> Self {
        CommandError::new(e.code(), e.to_string())
    }
}
