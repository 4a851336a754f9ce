use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Step 10: a clause from the library. The user switches it on or off and may edit its text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct Clause {
    /// Stable key of the library clause ("non_binding", "confidentiality", …) or a
    /// user-chosen key for a clause the user wrote.
    pub key: String,
    pub title: String,
    pub enabled: bool,
    /// Whether this clause is legally binding even though the MoU as a whole is not.
    pub binding: bool,
    pub text: String,
}

/// Keys of library clauses that the validation rules know about.
pub mod keys {
    pub const NON_BINDING: &str = "non_binding";
    pub const CONFIDENTIALITY: &str = "confidentiality";
    pub const FREEDOM_OF_INFORMATION: &str = "freedom_of_information";
    pub const DATA_PROTECTION: &str = "data_protection";
    pub const DISPUTE_RESOLUTION: &str = "dispute_resolution";
    pub const REVIEW: &str = "review";
    pub const VARIATION: &str = "variation";
    pub const TERMINATION: &str = "termination";
}

/// The standard clause library, switched on, in document order. Templates may
/// later bring their own wording; these are plain-English defaults.
pub fn default_clauses() -> Vec<Clause> {
    let clause = |key: &str, title: &str, binding: bool, text: &str| Clause {
        key: key.to_string(),
        title: title.to_string(),
        enabled: true,
        binding,
        text: text.to_string(),
    };
    vec![
        clause(
            keys::NON_BINDING,
            "Status of this memorandum",
            false,
            "This memorandum records the partners' shared intentions. It is not a contract and is not legally binding, except for the clauses marked as binding. No partner intends to create legal relations by signing it.",
        ),
        clause(
            keys::CONFIDENTIALITY,
            "Confidentiality",
            true,
            "Each partner will keep confidential any information another partner gives it in confidence under this memorandum, and will use it only for the purposes of the partnership, unless the law requires disclosure. This clause is legally binding and survives the end of the memorandum.",
        ),
        clause(
            keys::FREEDOM_OF_INFORMATION,
            "Freedom of Information",
            false,
            "The partners that are public authorities are subject to the Freedom of Information Act 2000 and the Environmental Information Regulations 2004. Each partner will help the others to meet their duties, and will consult the others before disclosing information about them where it is reasonable to do so. The decision to disclose rests with the partner that received the request.",
        ),
        clause(
            keys::DATA_PROTECTION,
            "Data protection and information sharing",
            false,
            "The partners will process personal data only in line with the UK General Data Protection Regulation, the Data Protection Act 2018 and the Caldicott principles. Personal data will be shared only under a separate information sharing agreement that sets out the lawful basis, the data, the purposes and the safeguards. This memorandum does not itself authorise any sharing of personal data.",
        ),
        clause(
            keys::DISPUTE_RESOLUTION,
            "Dispute resolution",
            false,
            "The partners will try to resolve any disagreement informally and in good faith, at the lowest level possible, following the escalation route in the governance section. If a disagreement cannot be resolved there, the partners may agree to refer it to an independent mediator, sharing the cost equally.",
        ),
        clause(
            keys::REVIEW,
            "Review",
            false,
            "The partners will review this memorandum at least once a year and by the review date, to check that it still reflects how they work together.",
        ),
        clause(
            keys::VARIATION,
            "Variation",
            false,
            "This memorandum may be changed only by a written variation agreed by every partner and recorded as a new version.",
        ),
        clause(
            keys::TERMINATION,
            "Termination and withdrawal",
            false,
            "A partner may withdraw from this memorandum by giving the other partners at least six months' written notice. Before withdrawing, the partner will agree with the others how its commitments, including any share of a pooled budget, will be handed over or settled.",
        ),
    ]
}
