use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The template a new agreement uses until the user picks another.
pub const DEFAULT_TEMPLATE: &str = "health-and-care-partnership";

/// Step 1: what the agreement is called and when it runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct Details {
    /// Title on the cover and in the footer, e.g. "Memorandum of Understanding: Riverside Integrated Care Partnership".
    pub title: String,
    /// The partnership's own reference, e.g. "RICP-MOU-2027-01".
    pub reference: String,
    /// Name of the partnership the agreement sets up.
    pub partnership_name: String,
    /// Version label shown on every page, e.g. "0.3" or "1.0".
    pub version: String,
    /// When the agreement takes effect.
    pub start_date: Option<NaiveDate>,
    /// When the agreement ends, if it has a fixed term.
    pub end_date: Option<NaiveDate>,
    /// When the partners will next review the agreement.
    pub review_date: Option<NaiveDate>,
    /// Name of the document template used to produce the PDF.
    pub template: String,
}
