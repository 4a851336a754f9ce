use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Step 4: how the partners will know they are getting there — the measures they
/// report on (a schedule in published agreements) and how they review them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct Performance {
    pub measures: Vec<Measure>,
    /// The quarterly and annual review arrangements, e.g. "The board reviews the measures every quarter …".
    pub review_arrangements: String,
}

/// One performance measure.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct Measure {
    /// The id of the objective it shows progress on; empty for none.
    pub objective: String,
    /// What is counted, e.g. "Delayed discharge days per month".
    pub indicator: String,
    /// Where it stands at the start, e.g. "1,240 (2025/26 average)".
    pub baseline: String,
    /// Where the partners aim to get it, e.g. "620 by March 2029".
    pub target: String,
    /// How often it is reported, e.g. "Monthly".
    pub frequency: String,
    /// Who it is reported to, e.g. "Partnership board".
    pub reported_to: String,
}
