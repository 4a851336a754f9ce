//! The agreement model: one serde type per step of the guided path (see DESIGN.md).
//!
//! Everything a user enters lives here; nothing is derived and stored twice
//! (a risk's score and band are computed, not saved). Partners are referred to by
//! their stable [`PartnerId`], never by name, so renaming a partner breaks nothing.
//! Every struct accepts missing fields (an unfinished draft is normal) but rejects
//! unknown ones, so a misspelt field in an imported file is reported, not dropped.

mod clauses;
mod details;
mod finance;
mod glossary;
mod governance;
mod partners;
mod performance;
mod principles;
mod risks;
mod roles;
mod sign_off;
mod step;
mod version;
mod vision;

pub use clauses::{
    Clause, ClauseGroup, LibraryClause, default_clauses, keys as clause_keys,
    library as clause_library,
};
pub use details::{DEFAULT_TEMPLATE, Details, Extension};
pub use finance::{Contribution, Finance, InKind, InKindKind, RiskShare};
pub use glossary::GlossaryTerm;
pub use governance::{BoardMember, EscalationLevel, Governance};
pub use partners::{Contact, Partner, PartnerId, PartnerType, Signatory};
pub use performance::{Measure, Performance};
pub use principles::{Principle, Principles};
pub use risks::{Rating, Risk, RiskBand, RiskBands, RiskBandsError, RiskCategory};
pub use roles::{PartnerResponsibilities, RaciActivity, RaciRole, Roles};
pub use sign_off::{PartnerReview, ReviewStatus, SignOff};
pub use step::Step;
pub use version::{BadVersionNumber, VersionNumber};
pub use vision::{Objective, Vision};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A memorandum of understanding, as the user has drafted it so far.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct Agreement {
    /// Step 1: title, reference, dates, template.
    pub details: Details,
    /// Step 2: the organisations that sign the agreement, in display order.
    pub partners: Vec<Partner>,
    /// Step 2: the host or lead partner, if there is one.
    pub host_partner: Option<PartnerId>,
    /// Step 3: background, shared vision and population served.
    pub vision: Vision,
    /// Step 4: goals with a measure of success.
    pub objectives: Vec<Objective>,
    /// Step 4: the performance measures the partners report on, and how they review them.
    pub performance: Performance,
    /// Step 5: values and behaviours.
    pub principles: Principles,
    /// Step 6: responsibilities per partner and the RACI matrix.
    pub roles: Roles,
    /// Step 7: the partnership board and how decisions are made.
    pub governance: Governance,
    /// Step 8: money, pooled budget and risk share.
    pub finance: Finance,
    /// Step 9: the risk register, in display order.
    pub risks: Vec<Risk>,
    /// Step 10: clauses from the library, switched on or off and possibly edited.
    pub clauses: Vec<Clause>,
    /// Step 11: the shared glossary.
    pub glossary: Vec<GlossaryTerm>,
    /// Step 12: reviews, comments and approvals.
    pub sign_off: SignOff,
}

impl Agreement {
    /// A new, empty agreement with the standard clause library switched on.
    pub fn new(title: &str) -> Self {
        Agreement {
            details: Details {
                title: title.trim().to_string(),
                version: "0.1".to_string(),
                template: details::DEFAULT_TEMPLATE.to_string(),
                ..Details::default()
            },
            clauses: default_clauses(),
            ..Agreement::default()
        }
    }

    /// Gives each objective and RACI activity that has none (or shares one with an
    /// earlier item) a new stable id; returns whether any was given.
    pub fn give_ids(&mut self) -> bool {
        let mut seen = std::collections::HashSet::new();
        let mut given = false;
        let ids = self
            .objectives
            .iter_mut()
            .map(|o| &mut o.id)
            .chain(self.roles.raci.iter_mut().map(|r| &mut r.id));
        for id in ids {
            if id.trim().is_empty() || !seen.insert(id.clone()) {
                *id = uuid::Uuid::new_v4().simple().to_string();
                seen.insert(id.clone());
                given = true;
            }
        }
        given
    }

    /// The partner with this id, if any.
    pub fn partner(&self, id: &PartnerId) -> Option<&Partner> {
        self.partners.iter().find(|p| &p.id == id)
    }

    /// Partner names in display order (blank names skipped), used for search and lists.
    pub fn partner_names(&self) -> Vec<String> {
        self.partners
            .iter()
            .map(|p| p.name.trim())
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .collect()
    }
}
