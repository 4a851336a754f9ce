//! The document-control table: each version issued to the partners, as the
//! document lists it near the front (number, date, what changed, who approved,
//! who it went to). The review round supplies it (`api::Library::document_job`); the
//! template decides whether and where to show it.

use chrono::NaiveDate;
use serde::Serialize;

/// One issued version, in the words the document prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionRecord {
    /// "0.4", "1.0".
    pub version: String,
    pub issued_on: NaiveDate,
    /// What changed: "First version issued", "3 changes since 0.3", and the note.
    pub summary: String,
    /// The partners who approved this version, by name, in the agreement's order.
    pub approved_by: Vec<String>,
    /// The partners it was sent to, by name.
    pub sent_to: Vec<String>,
}

/// What the history adds to a document's fingerprint: it is part of what the
/// document shows.
pub fn fingerprint_bytes(history: &[VersionRecord]) -> Vec<u8> {
    serde_json::to_vec(history).unwrap_or_default()
}
