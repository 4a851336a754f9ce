use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The twelve guided steps, in the order the user walks them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Details,
    Partners,
    Vision,
    Objectives,
    Principles,
    Roles,
    Governance,
    Finance,
    Risks,
    Clauses,
    Glossary,
    SignOff,
}

impl Step {
    pub const ALL: [Step; 12] = [
        Step::Details,
        Step::Partners,
        Step::Vision,
        Step::Objectives,
        Step::Principles,
        Step::Roles,
        Step::Governance,
        Step::Finance,
        Step::Risks,
        Step::Clauses,
        Step::Glossary,
        Step::SignOff,
    ];

    /// 1-based position in the task list.
    pub fn number(self) -> usize {
        self as usize + 1
    }

    /// The step's name as the task list shows it.
    pub fn title(self) -> &'static str {
        match self {
            Step::Details => "Agreement details",
            Step::Partners => "Partners",
            Step::Vision => "Background and shared vision",
            Step::Objectives => "Objectives",
            Step::Principles => "Principles and behaviours",
            Step::Roles => "Roles and responsibilities",
            Step::Governance => "Governance and decision-making",
            Step::Finance => "Financial arrangements",
            Step::Risks => "Risk assessment",
            Step::Clauses => "Information sharing and legal clauses",
            Step::Glossary => "Shared language (glossary)",
            Step::SignOff => "Review and sign-off",
        }
    }
}
