use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Options to extend the agreement's term, as published agreements set them out:
/// how many times, by how long each time, and how the partners agree it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct Extension {
    /// How many times the term may be extended; 0 for none.
    pub times: u32,
    /// By how many months each time.
    pub months: u32,
    /// How an extension is agreed, e.g. "by the written agreement of every partner, at least six months before the end date".
    pub how_agreed: String,
}

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
    /// How the term may be extended beyond the end date.
    pub extension: Extension,
    /// Name of the document template used to produce the PDF.
    pub template: String,
}
