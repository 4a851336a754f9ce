use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Step 5: values the partners commit to and how they will behave.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct Principles {
    /// Values such as trust, integrity, transparency, shared language.
    pub values: Vec<Principle>,
    /// Behaviours the partners agree to show.
    pub behaviours_expected: Vec<String>,
    /// Behaviours the partners agree to avoid.
    pub behaviours_avoided: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct Principle {
    pub title: String,
    pub description: String,
}
