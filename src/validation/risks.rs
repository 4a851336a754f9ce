//! Step 9: the risk register.

use super::wording::date;
use super::{Ctx, FindingCode as C, blank};
use crate::model::{Risk, Step};
use std::collections::HashMap;

pub(super) fn check(ctx: &mut Ctx) {
    let s = Step::Risks;
    let a = ctx.agreement;
    if a.risks.is_empty() {
        ctx.warning(s, "risks", C::NoRisks,
            "The risk register is empty. Add the risks the partnership faces, with who owns each and how it will be managed.".into());
    }
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (i, r) in a.risks.iter().enumerate() {
        let who = label(i, r);
        let path = |field: &str| format!("risks[{i}].{field}");
        if blank(&r.id) {
            ctx.warning(s, path("id"), C::RiskIdMissing, format!(
                "{who} has no reference. Give it one (e.g. \"R{:02}\") so partners can refer to it in meetings.", i + 1));
        } else if let Some(first) = ids.insert(r.id.trim(), i) {
            ctx.error(s, path("id"), C::RiskIdDuplicate, format!(
                "{who} has the same reference as risk {} in the list. Give each risk its own reference.", first + 1));
        }
        if blank(&r.description) {
            ctx.error(s, path("description"), C::RiskDescriptionMissing, format!(
                "{who} has no description. Describe the risk: what might happen, and what it would cause."));
        }
        if r.category.is_none() {
            ctx.warning(
                s,
                path("category"),
                C::RiskCategoryMissing,
                format!(
                    "{who} has no category. Choose one so the register can be grouped and reported."
                ),
            );
        }
        match &r.owner {
            None => ctx.error(
                s,
                path("owner"),
                C::RiskOwnerMissing,
                format!("{who} has no owner. Choose the partner that will manage it."),
            ),
            Some(id) => {
                ctx.check_partner_ref(s, &path("owner"), id, &format!("{who}'s owner"));
            }
        }
        ratings(ctx, i, r, &who);
    }
}

fn ratings(ctx: &mut Ctx, i: usize, r: &Risk, who: &str) {
    let s = Step::Risks;
    let path = |field: &str| format!("risks[{i}].{field}");
    let fields = [
        ("likelihood", r.likelihood),
        ("consequence", r.consequence),
        ("residual_likelihood", r.residual_likelihood),
        ("residual_consequence", r.residual_consequence),
    ];
    let mut in_range = true;
    for (field, value) in fields {
        if let Some(v) = value.filter(|v| !(1..=5).contains(v)) {
            in_range = false;
            ctx.error(
                s,
                path(field),
                C::RatingOutOfRange,
                format!(
                    "{who} has a {} of {v}. Ratings run from 1 to 5.",
                    field.replace('_', " ")
                ),
            );
        }
    }
    if !in_range {
        return;
    }
    let Some(score) = r.score() else {
        ctx.error(s, path(if r.likelihood.is_none() { "likelihood" } else { "consequence" }), C::RiskNotRated, format!(
            "{who} is not fully rated. Give it a likelihood and a consequence from 1 to 5, so its score and rating can be worked out."));
        return;
    };
    let bands = &ctx.config.bands;
    let band = bands
        .band(score)
        .map(|b| b.name.clone())
        .unwrap_or_default();
    let high = bands.is_high(score);
    if high && blank(&r.mitigation) {
        ctx.error(s, path("mitigation"), C::MitigationMissing, format!(
            "{who} is rated {band} (score {score}) but has no mitigation. Say what the partners will do to reduce it."));
    }
    match r.residual_score() {
        None if !blank(&r.mitigation) => ctx.warning(s, path("residual_likelihood"), C::ResidualNotRated, format!(
            "{who} has a mitigation but no residual rating. Rate the likelihood and consequence once the mitigation is in place.")),
        Some(residual) if residual > score => ctx.error(s, path("residual_likelihood"), C::ResidualHigher, format!(
            "{who} has a residual score ({residual}) higher than its initial score ({score}). A mitigation should not make a risk worse: check both ratings.")),
        _ => {}
    }
    let details = &ctx.agreement.details;
    match r.review_date {
        None if high => ctx.warning(s, path("review_date"), C::RiskReviewDateMissing, format!(
            "{who} is rated {band} but has no review date. Set the date by which its owner will review it.")),
        Some(d) if details.start_date.is_some_and(|st| d < st) || details.end_date.is_some_and(|e| d > e) => {
            ctx.warning(s, path("review_date"), C::RiskReviewOutsideTerm, format!(
                "{who} has a review date ({}) outside the term of the agreement. Choose a date while the agreement runs.", date(d)));
        }
        _ => {}
    }
}

/// "Risk R07" or "Risk 7" when it has no reference.
fn label(i: usize, r: &Risk) -> String {
    if blank(&r.id) {
        format!("Risk {}", i + 1)
    } else {
        format!("Risk {}", r.id.trim())
    }
}
