use super::PartnerId;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Step 12: which version each partner reviewed, what they said, and whether they approved.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct SignOff {
    pub reviews: Vec<PartnerReview>,
}

impl SignOff {
    /// The review recorded for `partner`, if any.
    pub fn review_for(&self, partner: &PartnerId) -> Option<&PartnerReview> {
        self.reviews.iter().find(|r| &r.partner == partner)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct PartnerReview {
    pub partner: PartnerId,
    /// The version label of the document the partner reviewed, e.g. "0.4".
    pub reviewed_version: String,
    pub reviewed_on: Option<NaiveDate>,
    pub status: ReviewStatus,
    pub comments: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// Sent, no response yet.
    #[default]
    Pending,
    /// The partner asked for changes.
    ChangesRequested,
    /// The partner approved the version named in `reviewed_version`.
    Approved,
}
