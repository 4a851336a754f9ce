use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A partner's stable identifier. Every other part of the agreement refers to a
/// partner through this id, so a partner can be renamed freely.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(transparent)]
pub struct PartnerId(pub String);

impl PartnerId {
    /// A fresh, globally unique id for a partner the user has just added.
    pub fn generate() -> Self {
        PartnerId(uuid::Uuid::new_v4().simple().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PartnerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for PartnerId {
    fn from(s: &str) -> Self {
        PartnerId(s.to_string())
    }
}

/// The kinds of organisation that take part in health and social care partnerships.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PartnerType {
    NhsProvider,
    CommissionerIcb,
    LocalAuthority,
    VoluntaryCommunitySocialEnterprise,
    PrimaryCare,
    PatientCarerRepresentatives,
    Other,
}

impl PartnerType {
    pub fn label(self) -> &'static str {
        match self {
            PartnerType::NhsProvider => "NHS provider",
            PartnerType::CommissionerIcb => "Commissioner / Integrated Care Board",
            PartnerType::LocalAuthority => "Local authority",
            PartnerType::VoluntaryCommunitySocialEnterprise => {
                "Voluntary, community or social enterprise"
            }
            PartnerType::PrimaryCare => "Primary care",
            PartnerType::PatientCarerRepresentatives => "Patient and carer representatives",
            PartnerType::Other => "Other",
        }
    }
}

/// Step 2: one organisation that is party to the agreement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct Partner {
    pub id: PartnerId,
    /// The organisation's legal or usual name.
    pub name: String,
    /// A short name for narrow places such as RACI column headings, e.g. "ICB" or "HTH FT".
    pub short_name: String,
    /// Not yet chosen while the draft is young.
    #[serde(rename = "type")]
    pub kind: Option<PartnerType>,
    /// Postal address, one line per line.
    pub address: String,
    pub lead_contact: Contact,
    pub signatory: Signatory,
    /// The NHS or council functions this partner exercises under the agreement
    /// (for a pooled arrangement), one per line.
    pub functions: Vec<String>,
}

impl Partner {
    /// The short name, or the full name where none is given.
    pub fn short_or_name(&self) -> &str {
        if self.short_name.trim().is_empty() {
            &self.name
        } else {
            &self.short_name
        }
    }
}

/// The person the partnership talks to day to day.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    pub job_title: String,
    pub email: String,
    pub phone: String,
}

/// The person who signs for the organisation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct Signatory {
    pub name: String,
    pub job_title: String,
}
