//! Each partner's decision on each issued version: sent, commented, approved (by
//! whom) or declined (why). Issuing a version records it as sent to its partners.

use super::drafts::DraftId;
use super::{Store, StoreError, now};
use crate::model::{PartnerId, VersionNumber};
use chrono::NaiveDate;
use rusqlite::params;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a partner is with one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DecisionStatus {
    Sent,
    Commented,
    Approved,
    Declined,
}

impl DecisionStatus {
    fn as_str(self) -> &'static str {
        match self {
            DecisionStatus::Sent => "sent",
            DecisionStatus::Commented => "commented",
            DecisionStatus::Approved => "approved",
            DecisionStatus::Declined => "declined",
        }
    }

    fn parse(s: &str) -> Option<DecisionStatus> {
        [
            DecisionStatus::Sent,
            DecisionStatus::Commented,
            DecisionStatus::Approved,
            DecisionStatus::Declined,
        ]
        .into_iter()
        .find(|d| d.as_str() == s)
    }
}

/// One partner's decision on one version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Decision {
    pub version: VersionNumber,
    pub partner: PartnerId,
    pub status: DecisionStatus,
    /// When it was sent, or decided.
    pub decided_on: NaiveDate,
    /// Who approved, and their job title (an approval only).
    #[serde(default)]
    pub by_name: String,
    #[serde(default)]
    pub by_job_title: String,
    /// Why the partner declined (a refusal only).
    #[serde(default)]
    pub reason: String,
}

impl Store {
    /// Records (or replaces) a partner's decision on an issued version.
    pub fn record_decision(&mut self, id: DraftId, d: &Decision) -> Result<(), StoreError> {
        self.issued_version(id, d.version)?; // "no such version" in words, not a key error
        self.conn
            .execute(
                "INSERT OR REPLACE INTO decisions
                 (draft_id, major, minor, partner, status, decided_on, by_name, by_job_title, reason, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    id.0,
                    d.version.major,
                    d.version.minor,
                    d.partner.as_str(),
                    d.status.as_str(),
                    d.decided_on.to_string(),
                    d.by_name.trim(),
                    d.by_job_title.trim(),
                    d.reason.trim(),
                    now()
                ],
            )
            .map_err(self.err())?;
        Ok(())
    }

    /// Every decision on a draft's versions, oldest version first.
    pub fn decisions(&self, id: DraftId) -> Result<Vec<Decision>, StoreError> {
        self.summary(id)?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT major, minor, partner, status, decided_on, by_name, by_job_title, reason
                 FROM decisions WHERE draft_id = ?1 ORDER BY major, minor, partner",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([id.0], |r| {
                let text = |i: usize| r.get::<_, String>(i);
                let bad = |i: usize, what: String| {
                    rusqlite::Error::FromSqlConversionFailure(
                        i,
                        rusqlite::types::Type::Text,
                        what.into(),
                    )
                };
                Ok(Decision {
                    version: VersionNumber {
                        major: r.get(0)?,
                        minor: r.get(1)?,
                    },
                    partner: PartnerId::from(text(2)?.as_str()),
                    status: DecisionStatus::parse(&text(3)?)
                        .ok_or_else(|| bad(3, "unknown decision".into()))?,
                    decided_on: text(4)?
                        .parse()
                        .map_err(|e: chrono::ParseError| bad(4, e.to_string()))?,
                    by_name: text(5)?,
                    by_job_title: text(6)?,
                    reason: text(7)?,
                })
            })
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }
}
