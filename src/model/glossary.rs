use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Step 11: a term and the meaning all partners agree to give it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct GlossaryTerm {
    pub term: String,
    pub meaning: String,
}
