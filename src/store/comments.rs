//! What partners said about an issued version, each remark tied to the step (and
//! optionally the item) it concerns, and how it was resolved.

use super::drafts::DraftId;
use super::{Store, StoreError, now};
use crate::model::{PartnerId, Step, VersionNumber};
use rusqlite::{OptionalExtension, params};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A partner's comment on a version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Comment {
    /// The comment's number in the library (a new one is given on import).
    #[serde(default)]
    pub id: i64,
    pub version: VersionNumber,
    pub partner: PartnerId,
    pub step: Step,
    /// What it concerns within the step, by stable id: "risk:R07", "clause:review",
    /// "objective:<id>", "raci:<id>", "partner:<id>", "term:<term>"; empty for the step.
    #[serde(default)]
    pub item: String,
    pub text: String,
    pub resolution: Resolution,
    /// When it was recorded (UTC, RFC 3339).
    #[serde(default)]
    pub created_at: String,
}

/// How a comment was dealt with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Resolution {
    Open,
    /// Taken into the agreement, in this revision.
    Accepted {
        revision: u32,
    },
    /// Not taken, for this reason.
    NotAccepted {
        reason: String,
    },
}

/// A new comment.
#[derive(Debug, Clone)]
pub struct NewComment {
    pub version: VersionNumber,
    pub partner: PartnerId,
    pub step: Step,
    pub item: String,
    pub text: String,
    /// When it was first recorded (kept when a file is imported); by default now.
    pub created_at: Option<String>,
}

impl Store {
    /// Records a comment, open; returns it.
    pub fn add_comment(&mut self, id: DraftId, c: &NewComment) -> Result<Comment, StoreError> {
        self.issued_version(id, c.version)?;
        self.conn
            .execute(
                "INSERT INTO comments (draft_id, major, minor, partner, step, item, text, state, reason, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', '', ?8)",
                params![id.0, c.version.major, c.version.minor, c.partner.as_str(), step_key(c.step), c.item.trim(), c.text.trim(), c.created_at.clone().unwrap_or_else(now)],
            )
            .map_err(self.err())?;
        let number = self.conn.last_insert_rowid();
        self.comment(id, number)
    }

    /// Resolves (or reopens) comment `number` of draft `id`.
    pub fn resolve_comment(
        &mut self,
        id: DraftId,
        number: i64,
        resolution: &Resolution,
    ) -> Result<Comment, StoreError> {
        let (state, revision, reason) = match resolution {
            Resolution::Open => ("open", None, ""),
            Resolution::Accepted { revision } => ("accepted", Some(*revision), ""),
            Resolution::NotAccepted { reason } => ("not_accepted", None, reason.trim()),
        };
        let resolved_at = (state != "open").then(now);
        let changed = self
            .conn
            .execute(
                "UPDATE comments SET state = ?3, revision = ?4, reason = ?5, resolved_at = ?6
                 WHERE draft_id = ?1 AND id = ?2",
                params![id.0, number, state, revision, reason, resolved_at],
            )
            .map_err(self.err())?;
        if changed == 0 {
            self.summary(id)?;
            return Err(StoreError::CommentNotFound { id: id.0, number });
        }
        self.comment(id, number)
    }

    /// Every comment on a draft, oldest first.
    pub fn comments(&self, id: DraftId) -> Result<Vec<Comment>, StoreError> {
        self.summary(id)?;
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{SELECT} WHERE draft_id = ?1 ORDER BY id"))
            .map_err(self.err())?;
        let rows = stmt.query_map([id.0], from_row).map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    fn comment(&self, id: DraftId, number: i64) -> Result<Comment, StoreError> {
        self.conn
            .query_row(
                &format!("{SELECT} WHERE draft_id = ?1 AND id = ?2"),
                params![id.0, number],
                from_row,
            )
            .optional()
            .map_err(self.err())?
            .ok_or(StoreError::CommentNotFound { id: id.0, number })
    }
}

const SELECT: &str = "SELECT id, major, minor, partner, step, item, text, state, revision, reason, created_at FROM comments";

/// A step as stored: its serde name ("risks", "sign_off").
fn step_key(step: Step) -> String {
    serde_json::to_value(step)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Comment> {
    let bad = |i: usize, what: &str| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            what.to_string().into(),
        )
    };
    let step: String = r.get(4)?;
    let state: String = r.get(7)?;
    let resolution = match state.as_str() {
        "open" => Resolution::Open,
        "accepted" => Resolution::Accepted {
            revision: r.get::<_, Option<u32>>(8)?.unwrap_or_default(),
        },
        "not_accepted" => Resolution::NotAccepted { reason: r.get(9)? },
        _ => return Err(bad(7, "unknown state")),
    };
    Ok(Comment {
        id: r.get(0)?,
        version: VersionNumber {
            major: r.get(1)?,
            minor: r.get(2)?,
        },
        partner: PartnerId::from(r.get::<_, String>(3)?.as_str()),
        step: serde_json::from_value(serde_json::Value::String(step))
            .map_err(|_| bad(4, "unknown step"))?,
        item: r.get(5)?,
        text: r.get(6)?,
        resolution,
        created_at: r.get(10)?,
    })
}
