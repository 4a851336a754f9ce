use super::PartnerId;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Step 6: who does what.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct Roles {
    /// Free-text responsibilities, grouped by partner.
    pub responsibilities: Vec<PartnerResponsibilities>,
    /// The RACI matrix: one row per activity.
    pub raci: Vec<RaciActivity>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct PartnerResponsibilities {
    pub partner: PartnerId,
    pub items: Vec<String>,
}

/// One row of the RACI matrix. A partner may hold more than one letter
/// (for example Accountable and Responsible for the same activity).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct RaciActivity {
    /// A stable id, so comments stay attached when the activity is renamed or
    /// moved; given by the program (empty in files written before ids existed).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub activity: String,
    /// Letters held by each partner; a partner with no entry plays no part.
    pub roles: BTreeMap<PartnerId, Vec<RaciRole>>,
}

impl RaciActivity {
    /// Partners holding `role`, in id order.
    pub fn holders(&self, role: RaciRole) -> impl Iterator<Item = &PartnerId> {
        self.roles
            .iter()
            .filter(move |(_, roles)| roles.contains(&role))
            .map(|(id, _)| id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum RaciRole {
    /// Responsible: does the work.
    R,
    /// Accountable: answers for the outcome; exactly one per activity.
    A,
    /// Consulted before decisions.
    C,
    /// Informed after decisions.
    I,
}
