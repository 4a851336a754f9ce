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

/// Where a library clause belongs, for finding it in the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ClauseGroup {
    /// How the memorandum itself works: its status, review, change, ending, notices.
    Memorandum,
    /// Confidentiality, freedom of information, data, publicity.
    Information,
    /// The public duties and standards every partner keeps.
    Duties,
    /// Who answers for what goes wrong, and the cover each partner holds.
    Liability,
    /// The boilerplate of a legally binding agreement (alliance, section 75).
    Binding,
}

impl ClauseGroup {
    pub const ALL: [ClauseGroup; 5] = [
        ClauseGroup::Memorandum,
        ClauseGroup::Information,
        ClauseGroup::Duties,
        ClauseGroup::Liability,
        ClauseGroup::Binding,
    ];

    pub fn title(self) -> &'static str {
        match self {
            ClauseGroup::Memorandum => "How the memorandum works",
            ClauseGroup::Information => "Information and communications",
            ClauseGroup::Duties => "Public duties and standards",
            ClauseGroup::Liability => "Liability and insurance",
            ClauseGroup::Binding => "For legally binding agreements only",
        }
    }
}

/// A clause of the library: its wording, and when agreements usually need it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LibraryClause {
    pub key: String,
    pub title: String,
    /// Binding even in a memorandum that as a whole is not.
    pub binding: bool,
    pub text: String,
    pub group: ClauseGroup,
    /// The group's heading, as the app shows it.
    pub group_title: String,
    /// When it is usually needed, for the drafter (never printed).
    pub usually: String,
    /// In every new agreement, switched on.
    pub in_new_agreements: bool,
}

impl LibraryClause {
    /// The clause as an agreement carries it, switched on.
    pub fn to_clause(&self) -> Clause {
        Clause {
            key: self.key.clone(),
            title: self.title.clone(),
            enabled: true,
            binding: self.binding,
            text: self.text.clone(),
        }
    }
}

/// Agreements that are legally binding only: leave these out of a memorandum.
const BINDING_ONLY: &str = "Legally binding agreements only (an alliance or section 75 agreement); leave it out of a memorandum that is not binding.";

/// The clause library, in document order: plain-English wording in the style of
/// published NHS and council agreements, each with when it is usually needed.
pub fn library() -> Vec<LibraryClause> {
    use ClauseGroup as G;
    let clause =
        |key: &str, title: &str, group: G, binding: bool, new: bool, usually: &str, text: &str| {
            LibraryClause {
                key: key.to_string(),
                title: title.to_string(),
                binding,
                text: text.to_string(),
                group,
                group_title: group.title().to_string(),
                usually: usually.to_string(),
                in_new_agreements: new,
            }
        };
    vec![
        clause(
            keys::NON_BINDING,
            "Status of this memorandum",
            G::Memorandum,
            false,
            true,
            "Every memorandum that is not meant to be a contract. Leave it out of a binding alliance or section 75 agreement.",
            "This memorandum records the partners' shared intentions. It is not a contract and is not legally binding, except for the clauses marked as binding. No partner intends to create legal relations by signing it.",
        ),
        clause(
            keys::CONFIDENTIALITY,
            "Confidentiality",
            G::Information,
            true,
            true,
            "Almost every agreement: partners share plans, figures and papers that are not public.",
            "Each partner will keep confidential any information another partner gives it in confidence under this memorandum, and will use it only for the purposes of the partnership, unless the law requires disclosure. This clause is legally binding and survives the end of the memorandum.",
        ),
        clause(
            keys::FREEDOM_OF_INFORMATION,
            "Freedom of Information",
            G::Information,
            false,
            true,
            "Any agreement with a public authority (every NHS body and council) among the partners.",
            "The partners that are public authorities are subject to the Freedom of Information Act 2000 and the Environmental Information Regulations 2004. Each partner will help the others to meet their duties, and will consult the others before disclosing information about them where it is reasonable to do so. The decision to disclose rests with the partner that received the request.",
        ),
        clause(
            keys::DATA_PROTECTION,
            "Data protection and information sharing",
            G::Information,
            false,
            true,
            "Almost every health and care partnership: the partners share personal data.",
            "The partners will process personal data only in line with the UK General Data Protection Regulation, the Data Protection Act 2018 and the Caldicott principles. Personal data will be shared only under a separate information sharing agreement that sets out the lawful basis, the data, the purposes and the safeguards. This memorandum does not itself authorise any sharing of personal data.",
        ),
        clause(
            "publicity",
            "Publicity and communications",
            G::Information,
            false,
            false,
            "Partnerships with a public profile: alliances, joint programmes, anything announced to the public.",
            "The partners will agree between them any press release, publication or public statement about the partnership, and will acknowledge each partner's part in it. No partner will use another's name or logo without its agreement. This does not stop a partner from meeting its own duties to publish information or to answer its governing body.",
        ),
        clause(
            "equality",
            "Equality duties",
            G::Duties,
            false,
            false,
            "Every agreement between public bodies; NHS and council agreements almost always include it.",
            "Each partner will meet its duties under the Equality Act 2010 in everything it does under this memorandum, including, for the public bodies, the Public Sector Equality Duty. The partners will assess the equality impact of significant changes they make together to services, and will share what they learn about reducing health inequalities.",
        ),
        clause(
            "safeguarding",
            "Safeguarding",
            G::Duties,
            false,
            false,
            "Any partnership whose services reach children or adults at risk.",
            "Each partner will keep its own safeguarding policies for children and for adults at risk, in line with the Care Act 2014, the Children Acts 1989 and 2004 and the local safeguarding partnerships' procedures, and will make sure that its staff working under this memorandum know them. A partner that becomes aware of a safeguarding concern will act on it at once under its own procedures and tell the partners concerned.",
        ),
        clause(
            "health_and_safety",
            "Health and safety",
            G::Duties,
            false,
            false,
            "Shared premises, co-located teams, or staff working across organisations.",
            "Each partner remains responsible for the health and safety of its own staff and for the premises it controls, and will tell the others of any risk it knows of that may affect their staff or the people they serve in shared settings.",
        ),
        clause(
            "complaints",
            "Complaints and investigations",
            G::Duties,
            false,
            false,
            "Joint or integrated services, and every section 75 agreement.",
            "A complaint about a service provided under this memorandum will be handled under the complaints procedure of the partner that provides the service, in line with the Local Authority Social Services and National Health Service Complaints (England) Regulations 2009. Where a complaint concerns more than one partner, they will agree which of them leads and will give one coordinated response. The partners will cooperate with any investigation by an ombudsman, a regulator or a coroner.",
        ),
        clause(
            "healthwatch",
            "Healthwatch",
            G::Duties,
            false,
            false,
            "Services the public uses; the local Healthwatch may itself be a partner.",
            "The partners will cooperate with the local Healthwatch in carrying out its statutory functions, including its requests for information and its visits to services provided under this memorandum, and will consider and answer its reports and recommendations.",
        ),
        clause(
            "conflicts_of_interest",
            "Conflicts of interest",
            G::Duties,
            false,
            false,
            "Any partnership that makes joint decisions, above all about commissioning or money.",
            "Each partner will declare any conflict of interest that arises for it, or for anyone acting for it, in matters under this memorandum, and will manage it under its own policy and, for NHS bodies, NHS England's guidance on managing conflicts of interest. A person with a conflict will take no part in the decision concerned.",
        ),
        clause(
            "audit",
            "Audit and inspection",
            G::Duties,
            false,
            false,
            "Arrangements with pooled or aligned budgets, and every section 75 agreement.",
            "Each partner will give the others' internal and external auditors, and any regulator such as the Care Quality Commission, the access to records, premises and staff they reasonably need to audit or inspect the arrangements under this memorandum. The host partner's auditors will audit any pooled budget each year.",
        ),
        clause(
            "liabilities",
            "Liabilities, indemnities and insurance",
            G::Liability,
            true,
            false,
            "Alliance and section 75 agreements, and any arrangement in which one partner provides services for another.",
            "Each partner remains responsible for its own acts and omissions, and for those of its staff and contractors, in carrying out this memorandum. Where a claim arises from the joint arrangements, the partners will share its cost in proportion to their responsibility for it or, if that cannot be established, in proportion to their financial contributions. Each partner will keep in place the insurance, or NHS Resolution indemnity cover, appropriate to its part in the partnership, including employer's liability, public liability and professional negligence cover. This clause is legally binding.",
        ),
        clause(
            keys::DISPUTE_RESOLUTION,
            "Dispute resolution",
            G::Memorandum,
            false,
            true,
            "Every agreement: say how disagreements are settled before one arises.",
            "The partners will try to resolve any disagreement informally and in good faith, at the lowest level possible, following the escalation route in the governance section. If a disagreement cannot be resolved there, the partners may agree to refer it to an independent mediator, sharing the cost equally.",
        ),
        clause(
            keys::REVIEW,
            "Review",
            G::Memorandum,
            false,
            true,
            "Every agreement.",
            "The partners will review this memorandum at least once a year and by the review date, to check that it still reflects how they work together.",
        ),
        clause(
            keys::VARIATION,
            "Variation",
            G::Memorandum,
            false,
            true,
            "Every agreement.",
            "This memorandum may be changed only by a written variation agreed by every partner and recorded as a new version.",
        ),
        clause(
            "new_partners",
            "New partners",
            G::Memorandum,
            false,
            false,
            "Partnerships expected to grow, such as alliances and place-based partnerships.",
            "Another organisation may join this memorandum with the written agreement of every partner. It joins by signing the memorandum as it then stands, and the partners will record the change as a new version.",
        ),
        clause(
            keys::TERMINATION,
            "Termination and withdrawal",
            G::Memorandum,
            false,
            true,
            "Every agreement.",
            "A partner may withdraw from this memorandum by giving the other partners at least six months' written notice. Before withdrawing, the partner will agree with the others how its commitments, including any share of a pooled budget, will be handed over or settled.",
        ),
        clause(
            "exit",
            "Consequences of termination and exit",
            G::Memorandum,
            false,
            false,
            "Any arrangement with pooled money, shared staff or shared assets; a section 75 agreement must say how it ends.",
            "When this memorandum ends, or a partner withdraws, the partners will agree an exit plan within three months. It will cover staff working in the joint arrangements (including any transfer of employment); equipment and other assets bought jointly, and who keeps them; records and data, and who holds them; and money, with any underspend or overspend of a pooled budget shared in proportion to the partners' contributions unless they agree otherwise. Services to the people who use them will continue without interruption while the plan is carried out.",
        ),
        clause(
            "notices",
            "Notices",
            G::Memorandum,
            false,
            false,
            "Any agreement whose clauses ask for written notice (withdrawal, termination, variation).",
            "Any notice under this memorandum must be in writing and sent by email or by post to the partner's lead contact named in this memorandum, or to another address the partner has given in writing. A notice sent by email counts as received on the next working day.",
        ),
        clause(
            "entire_agreement",
            "Entire agreement",
            G::Binding,
            true,
            false,
            BINDING_ONLY,
            "This agreement, with its schedules, is the whole agreement between the partners about its subject, and replaces any earlier agreement or understanding about it.",
        ),
        clause(
            "no_partnership",
            "No partnership or agency",
            G::Binding,
            true,
            false,
            BINDING_ONLY,
            "Nothing in this agreement creates a legal partnership or joint venture between the partners, or makes one partner the agent of another. No partner may commit another to anything without that partner's written agreement.",
        ),
        clause(
            "third_party_rights",
            "Third-party rights",
            G::Binding,
            true,
            false,
            BINDING_ONLY,
            "No one other than the partners has any right under the Contracts (Rights of Third Parties) Act 1999 to enforce any term of this agreement.",
        ),
        clause(
            "assignment",
            "Assignment",
            G::Binding,
            true,
            false,
            BINDING_ONLY,
            "No partner may assign or transfer its rights or duties under this agreement without the written agreement of the others, except to a body that takes over its statutory functions by law.",
        ),
        clause(
            "severability",
            "Severability",
            G::Binding,
            true,
            false,
            BINDING_ONLY,
            "If a court finds any part of this agreement invalid or unenforceable, the rest of it continues in force, and the partners will agree a valid replacement as close as possible to what they intended.",
        ),
        clause(
            "waiver",
            "Waiver",
            G::Binding,
            true,
            false,
            BINDING_ONLY,
            "A partner that does not enforce, or delays enforcing, any right under this agreement does not give that right up.",
        ),
        clause(
            "counterparts",
            "Counterparts",
            G::Binding,
            true,
            false,
            BINDING_ONLY,
            "This agreement may be signed in any number of copies, including electronically, each of which is an original and which together make one agreement.",
        ),
        clause(
            "governing_law",
            "Governing law and jurisdiction",
            G::Binding,
            true,
            false,
            BINDING_ONLY,
            "This agreement and any dispute about it are governed by the law of England and Wales, and the courts of England and Wales alone have jurisdiction.",
        ),
    ]
}

/// The clauses every new agreement starts with, switched on, in document order.
pub fn default_clauses() -> Vec<Clause> {
    library()
        .iter()
        .filter(|c| c.in_new_agreements)
        .map(LibraryClause::to_clause)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_library_clause_has_its_own_key_wording_and_note() {
        let library = library();
        let keys: HashSet<&str> = library.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys.len(), library.len(), "keys repeat");
        for c in &library {
            for (what, text) in [("title", &c.title), ("text", &c.text), ("note", &c.usually)] {
                assert!(!text.trim().is_empty(), "{} has no {what}", c.key);
            }
            assert!(c.text.ends_with('.'), "{}: {}", c.key, c.text);
            // Binding boilerplate is binding, and never in a new (non-binding) memorandum.
            if c.group == ClauseGroup::Binding {
                assert!(c.binding && !c.in_new_agreements, "{}", c.key);
            }
        }
        for group in ClauseGroup::ALL {
            assert!(
                library.iter().any(|c| c.group == group),
                "{group:?} is empty"
            );
        }
    }

    #[test]
    fn new_agreements_start_with_the_eight_clauses_they_always_had() {
        let keys: Vec<String> = default_clauses().into_iter().map(|c| c.key).collect();
        assert_eq!(
            keys,
            [
                keys::NON_BINDING,
                keys::CONFIDENTIALITY,
                keys::FREEDOM_OF_INFORMATION,
                keys::DATA_PROTECTION,
                keys::DISPUTE_RESOLUTION,
                keys::REVIEW,
                keys::VARIATION,
                keys::TERMINATION,
            ]
        );
        assert!(default_clauses().iter().all(|c| c.enabled));
    }
}
