use super::drafts::{DraftId, DraftSummary};
use super::{Store, StoreError};
use crate::exchange::FORMAT_VERSION;
use crate::model::Agreement;
use rusqlite::{OptionalExtension, params};
use schemars::JsonSchema;
use serde::Serialize;

/// One saved revision of a draft, without its content.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RevisionSummary {
    pub number: u32,
    pub saved_at: String,
    pub label: Option<String>,
    /// The agreement's title at that revision.
    pub title: String,
    /// The agreement's version label at that revision.
    pub version: String,
}

impl Store {
    /// A draft's revisions, newest first.
    pub fn revisions(&self, id: DraftId) -> Result<Vec<RevisionSummary>, StoreError> {
        self.summary(id)?; // a clear "no such draft" rather than an empty list
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT number, saved_at, label,
                        coalesce(json_extract(content, '$.details.title'), ''),
                        coalesce(json_extract(content, '$.details.version'), '')
                 FROM revisions WHERE draft_id = ?1 ORDER BY number DESC",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([id.0], |r| {
                Ok(RevisionSummary {
                    number: r.get(0)?,
                    saved_at: r.get(1)?,
                    label: r.get(2)?,
                    title: r.get(3)?,
                    version: r.get(4)?,
                })
            })
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// The agreement as it was saved in revision `number`.
    pub fn revision(&self, id: DraftId, number: u32) -> Result<Agreement, StoreError> {
        let row: Option<(u32, String)> = self
            .conn
            .query_row(
                "SELECT format_version, content FROM revisions WHERE draft_id = ?1 AND number = ?2",
                params![id.0, number],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(self.err())?;
        let Some((format, content)) = row else {
            self.summary(id)?;
            return Err(StoreError::RevisionNotFound { id: id.0, number });
        };
        let bad = |detail: String| StoreError::BadContent {
            id: id.0,
            number,
            detail,
        };
        if format > FORMAT_VERSION {
            return Err(bad(format!(
                "it uses agreement format {format}, newer than this program's {FORMAT_VERSION}"
            )));
        }
        serde_json::from_str(&content).map_err(|e| bad(e.to_string()))
    }

    /// Makes revision `number` the newest again by saving a copy of it as a new
    /// revision. Everything saved in between stays in the history.
    pub fn restore(&mut self, id: DraftId, number: u32) -> Result<DraftSummary, StoreError> {
        let agreement = self.revision(id, number)?;
        // A labelled save always adds a revision, so the history shows the restore
        // even when the content equals the newest revision.
        let label = format!("Restored revision {number}");
        self.save(id, &agreement, Some(&label))
    }
}
