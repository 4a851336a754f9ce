//! Every PDF the library produced, so a file can be recognised later: by its
//! bytes (exactly this file), or by its fingerprint (a copy changed since).

use super::drafts::DraftId;
use super::{Store, StoreError, now};
use rusqlite::{OptionalExtension, params};
use schemars::JsonSchema;
use serde::Serialize;

/// One PDF the library made.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MadeDocument {
    /// SHA-256 of the file, as hex.
    pub sha256: String,
    /// Of what it shows, as hex (see `fingerprint`).
    pub fingerprint: String,
    /// The draft it was made from, unless that draft was deleted since.
    pub draft: Option<DraftId>,
    pub revision: Option<u32>,
    pub version: String,
    #[serde(rename = "final")]
    pub final_: bool,
    pub template: String,
    pub pages: u32,
    pub bytes: u64,
    /// When it was made (UTC, RFC 3339).
    pub made_at: String,
}

impl Store {
    /// Records a PDF made from revision `revision` of `draft`. The same bytes made
    /// again keep their first record.
    pub fn record_document(&mut self, doc: &MadeDocument) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO documents
                 (sha256, fingerprint, draft_id, revision, version, final, template, pages, bytes, made_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    doc.sha256,
                    doc.fingerprint,
                    doc.draft.map(|d| d.0),
                    doc.revision,
                    doc.version,
                    doc.final_,
                    doc.template,
                    doc.pages,
                    doc.bytes as i64,
                    if doc.made_at.is_empty() { now() } else { doc.made_at.clone() },
                ],
            )
            .map_err(self.err())?;
        Ok(())
    }

    /// The PDF with exactly these bytes, if this library made it.
    pub fn document_by_sha256(&self, sha256: &str) -> Result<Option<MadeDocument>, StoreError> {
        self.find_document("sha256 = ?1", sha256)
    }

    /// The first PDF made showing exactly this content, if this library made one.
    pub fn document_by_fingerprint(
        &self,
        fingerprint: &str,
    ) -> Result<Option<MadeDocument>, StoreError> {
        self.find_document("fingerprint = ?1", fingerprint)
    }

    fn find_document(
        &self,
        condition: &str,
        value: &str,
    ) -> Result<Option<MadeDocument>, StoreError> {
        self.conn
            .query_row(
                &format!(
                    "SELECT sha256, fingerprint, draft_id, revision, version, final, template, pages, bytes, made_at
                     FROM documents WHERE {condition} ORDER BY made_at LIMIT 1"
                ),
                [value],
                |r| {
                    Ok(MadeDocument {
                        sha256: r.get(0)?,
                        fingerprint: r.get(1)?,
                        draft: r.get::<_, Option<i64>>(2)?.map(DraftId),
                        revision: r.get(3)?,
                        version: r.get(4)?,
                        final_: r.get(5)?,
                        template: r.get(6)?,
                        pages: r.get(7)?,
                        bytes: r.get::<_, i64>(8)? as u64,
                        made_at: r.get(9)?,
                    })
                },
            )
            .optional()
            .map_err(self.err())
    }
}
