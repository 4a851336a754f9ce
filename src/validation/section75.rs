//! A section 75 pooled arrangement: everything regulation 7(3) of the NHS Bodies
//! and Local Authorities Partnership Arrangements Regulations 2000 (SI 2000/617)
//! says the agreement must specify, each requirement checked where the field that
//! meets it lives, and named in plain English.

use super::{Ctx, FindingCode as C, blank};
use crate::model::{PartnerType, Step, clause_keys};

/// The template written for section 75 pooled funds.
pub const POOLED_TEMPLATE: &str = "integrated-care-pooled-budget";

/// The regulations, as each finding names them.
const REGULATION: &str = "regulation 7(3) of the NHS Bodies and Local Authorities Partnership Arrangements Regulations 2000";

pub(super) fn check(ctx: &mut Ctx) {
    let a = ctx.agreement;
    if !(a.finance.pooled_budget || a.details.template.trim() == POOLED_TEMPLATE) {
        return;
    }
    let says = |part: &str, what: &str, fix: &str| {
        format!(
            "A section 75 pooled arrangement must set out {what} ({REGULATION}, paragraph {part}). {fix}"
        )
    };
    // (a) the aims and outcomes.
    if a.objectives.is_empty() {
        ctx.warning(
            Step::Objectives,
            "objectives",
            C::Section75Aims,
            says(
                "(a)",
                "the aims and outcomes of the arrangements",
                "Add the objectives, each with its measure of success.",
            ),
        );
    }
    // (b) each partner's contribution to the pooled fund.
    if a.finance.contributions.is_empty() {
        ctx.warning(
            Step::Finance,
            "finance.contributions",
            C::Section75Contributions,
            says(
                "(b)",
                "each partner's contribution to the pooled fund and how it may vary",
                "Add each partner's contribution.",
            ),
        );
    }
    // (c) the NHS functions and the council's health-related functions.
    for (kinds, whose) in [
        (
            &[PartnerType::CommissionerIcb, PartnerType::NhsProvider][..],
            "the NHS functions",
        ),
        (
            &[PartnerType::LocalAuthority][..],
            "the local authority's health-related functions",
        ),
    ] {
        let bodies: Vec<usize> = a
            .partners
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind.is_some_and(|k| kinds.contains(&k)))
            .map(|(i, _)| i)
            .collect();
        let listed = bodies
            .iter()
            .any(|&i| a.partners[i].functions.iter().any(|f| !blank(f)));
        if !listed {
            let path = bodies.first().map_or("partners".to_string(), |i| {
                format!("partners[{i}].functions")
            });
            ctx.warning(
                Step::Partners,
                path,
                C::Section75Functions,
                says(
                    "(c)",
                    &format!("{whose} the arrangements cover"),
                    "List them under the partner that exercises them.",
                ),
            );
        }
    }
    // (d) the people in respect of whom the functions are exercised.
    if blank(&a.vision.eligibility) {
        ctx.warning(
            Step::Vision,
            "vision.eligibility",
            C::Section75Eligibility,
            says(
                "(d)",
                "the people the functions are exercised for",
                "Say who is eligible: by population, age and need.",
            ),
        );
    }
    // (e) staff, goods, services or accommodation provided.
    if a.finance.in_kind.is_empty() {
        ctx.warning(
            Step::Finance,
            "finance.in_kind",
            C::Section75InKind,
            says(
                "(e)",
                "the staff, goods, services or accommodation the partners provide",
                "Add them as contributions in kind.",
            ),
        );
    }
    // (f) the duration, and provision for review, variation and termination.
    if a.details.end_date.is_none() {
        ctx.warning(
            Step::Details,
            "details.end_date",
            C::Section75Term,
            says(
                "(f)",
                "how long the arrangements last",
                "Give the end date.",
            ),
        );
    }
    let on = |key: &str| a.clauses.iter().any(|c| c.key == key && c.enabled);
    let missing: Vec<&str> = [
        (clause_keys::REVIEW, "review"),
        (clause_keys::VARIATION, "variation"),
        (clause_keys::TERMINATION, "termination"),
    ]
    .into_iter()
    .filter(|(key, _)| !on(key))
    .map(|(_, name)| name)
    .collect();
    if !missing.is_empty() {
        ctx.warning(
            Step::Clauses,
            "clauses",
            C::Section75ReviewVariationTermination,
            says(
                "(f)",
                "how the arrangements are reviewed, varied and ended",
                &format!(
                    "Switch on the {} clause{}.",
                    missing.join(", "),
                    if missing.len() == 1 { "" } else { "s" }
                ),
            ),
        );
    }
    // (g) how the pooled fund is managed and monitored, and who the pool manager is
    // (its host is already required of any pooled budget).
    if !a.finance.pooled_budget {
        ctx.warning(Step::Finance, "finance.pooled_budget", C::Section75PoolManagement,
            says("(g)", "how the pooled fund is managed and who the pool manager is", "Say that the contributions form a pooled budget, then choose its host and name the pool manager."));
    } else if blank(&a.finance.pool_manager) {
        ctx.warning(
            Step::Finance,
            "finance.pool_manager",
            C::Section75PoolManagement,
            says(
                "(g)",
                "who the pool manager is",
                "Name the officer who manages the pooled fund for the host.",
            ),
        );
    }
    if blank(&a.governance.reporting) {
        ctx.warning(
            Step::Governance,
            "governance.reporting",
            C::Section75PoolManagement,
            says(
                "(g)",
                "how the pooled fund is monitored",
                "Say how and to whom the pooled fund is reported.",
            ),
        );
    }
}
