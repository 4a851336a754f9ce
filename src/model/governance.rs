use super::PartnerId;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Step 7: how the partnership is run and how decisions are made.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct Governance {
    /// Name of the board or group, e.g. "Riverside Partnership Board".
    pub board_name: String,
    /// What the board is for and what it may decide.
    pub purpose: String,
    pub membership: Vec<BoardMember>,
    /// Who chairs the board (a role, or a named person).
    pub chair: String,
    /// E.g. "Monthly", "Every two months".
    pub meeting_frequency: String,
    /// E.g. "One voting member from each partner, including the chair".
    pub quorum: String,
    /// How decisions are made (consensus, voting, delegated authority).
    pub decision_making: String,
    /// Escalation route for disagreements, lowest level first.
    pub escalation_levels: Vec<EscalationLevel>,
    /// What the board reports, to whom and how often.
    pub reporting: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct BoardMember {
    /// Role on the board, e.g. "Director of Adult Social Services".
    pub role: String,
    pub partner: Option<PartnerId>,
    pub voting: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct EscalationLevel {
    /// Who deals with the matter at this level.
    pub who: String,
    /// How long they have before it moves up, e.g. "10 working days".
    pub timescale: String,
}
