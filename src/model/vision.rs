use super::PartnerId;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Step 3: why the partnership exists and what it is for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct Vision {
    /// Why the partnership exists: the problem, the history, the context.
    pub background: String,
    /// One or two sentences the partners all sign up to.
    pub vision_statement: String,
    /// The people the partnership serves (place, population size, groups).
    pub population: String,
    /// Services and functions the agreement covers, one per line.
    pub in_scope: Vec<String>,
    /// Services and functions it does not cover, so nobody assumes they are in.
    pub out_of_scope: Vec<String>,
    /// Who is eligible for the services: by population, age and need.
    pub eligibility: String,
}

/// Step 4: a goal with a measure of success.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct Objective {
    /// A stable id, so comments stay attached when the objective is renamed or
    /// moved; given by the program (empty in files written before ids existed).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub title: String,
    pub description: String,
    /// How the partners will know the objective is met.
    pub measure: String,
    pub target_date: Option<NaiveDate>,
    pub lead_partner: Option<PartnerId>,
}
