//! Versions issued to the partners for review. An issued version is the content
//! of one revision, saved with a label when it was issued; the database refuses
//! any change to either (see the triggers in `schema`).

use super::drafts::{DraftId, DraftSummary};
use super::{Store, StoreError, now};
use crate::model::{Agreement, PartnerId, VersionNumber};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use schemars::JsonSchema;
use serde::Serialize;

/// One version issued for review.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IssuedVersion {
    pub version: VersionNumber,
    /// The revision saved as this version.
    pub revision: u32,
    /// When it was recorded (UTC, RFC 3339).
    pub issued_at: String,
    /// The date it carries.
    pub issued_on: NaiveDate,
    /// The partners it was sent to.
    pub sent_to: Vec<PartnerId>,
    pub note: String,
}

/// What issuing a version records besides the content.
#[derive(Debug, Clone)]
pub struct NewVersion {
    pub version: VersionNumber,
    pub issued_on: NaiveDate,
    pub sent_to: Vec<PartnerId>,
    pub note: String,
}

impl Store {
    /// Saves `agreement` as a new revision labelled "Issued as version X" and
    /// records it as issued version X, in one transaction. X must come after every
    /// version issued before.
    pub fn issue(
        &mut self,
        id: DraftId,
        agreement: &Agreement,
        new: &NewVersion,
    ) -> Result<(DraftSummary, IssuedVersion), StoreError> {
        let last = self.issued_versions(id)?.last().map(|v| v.version);
        if let Some(last) = last.filter(|last| new.version <= *last) {
            let next = last.next_minor().to_string();
            return Err(if new.version == last {
                StoreError::VersionTaken {
                    id: id.0,
                    version: new.version.to_string(),
                    next,
                }
            } else {
                StoreError::VersionNotAfter {
                    version: new.version.to_string(),
                    last: last.to_string(),
                    next,
                }
            });
        }
        let path = self.path.clone();
        let sent_to = serde_json::to_string(&new.sent_to).map_err(|e| StoreError::Serialize {
            detail: e.to_string(),
        })?;
        let at = now();
        let label = format!("Issued as version {}", new.version);
        let summary = self.save_with(id, agreement, Some(&label), None, |tx, revision| {
            tx.execute(
                "INSERT INTO issued_versions (draft_id, major, minor, revision, issued_at, issued_on, sent_to, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![id.0, new.version.major, new.version.minor, revision, at, new.issued_on.to_string(), sent_to, new.note.trim()],
            )
            .and_then(|_| {
                // Sent to each of its partners, on the date it carries.
                for partner in &new.sent_to {
                    tx.execute(
                        "INSERT INTO decisions (draft_id, major, minor, partner, status, decided_on,
                                                by_name, by_job_title, reason, recorded_at)
                         VALUES (?1, ?2, ?3, ?4, 'sent', ?5, '', '', '', ?6)",
                        params![id.0, new.version.major, new.version.minor, partner.as_str(), new.issued_on.to_string(), at],
                    )?;
                }
                Ok(())
            })
            .map_err(|e| match e.sqlite_error_code() {
                // Issued by another window or process a moment ago.
                Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::VersionTaken {
                    id: id.0,
                    version: new.version.to_string(),
                    next: new.version.next_minor().to_string(),
                },
                _ => StoreError::from_sqlite(&path, e),
            })
        })?;
        let issued = self.issued_version(id, new.version)?.0;
        Ok((summary, issued))
    }

    /// A draft's issued versions, oldest first.
    pub fn issued_versions(&self, id: DraftId) -> Result<Vec<IssuedVersion>, StoreError> {
        self.summary(id)?; // a clear "no such draft" rather than an empty list
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT major, minor, revision, issued_at, issued_on, sent_to, note
                 FROM issued_versions WHERE draft_id = ?1 ORDER BY major, minor",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([id.0], issued_from_row)
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// Issued version `version` of a draft, with its content.
    pub fn issued_version(
        &self,
        id: DraftId,
        version: VersionNumber,
    ) -> Result<(IssuedVersion, Agreement), StoreError> {
        let issued = self
            .conn
            .query_row(
                "SELECT major, minor, revision, issued_at, issued_on, sent_to, note
                 FROM issued_versions WHERE draft_id = ?1 AND major = ?2 AND minor = ?3",
                params![id.0, version.major, version.minor],
                issued_from_row,
            )
            .optional()
            .map_err(self.err())?;
        let Some(issued) = issued else {
            self.summary(id)?;
            return Err(StoreError::VersionNotFound {
                id: id.0,
                version: version.to_string(),
            });
        };
        let content = self.revision(id, issued.revision)?;
        Ok((issued, content))
    }
}

fn issued_from_row(r: &rusqlite::Row) -> rusqlite::Result<IssuedVersion> {
    let sent_to: String = r.get(5)?;
    Ok(IssuedVersion {
        version: VersionNumber {
            major: r.get(0)?,
            minor: r.get(1)?,
        },
        revision: r.get(2)?,
        issued_at: r.get(3)?,
        issued_on: {
            let text: String = r.get(4)?;
            text.parse().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    4,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?
        },
        sent_to: serde_json::from_str(&sent_to).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, Box::new(e))
        })?,
        note: r.get(6)?,
    })
}
