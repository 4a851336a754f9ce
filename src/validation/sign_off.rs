//! Step 12: reviews and approvals.

use super::wording::numbered;
use super::{Ctx, Finding, FindingCode as C, Severity, blank};
use crate::model::{Agreement, ReviewStatus, Step};
use std::collections::HashSet;

pub(super) fn check(ctx: &mut Ctx) {
    let s = Step::SignOff;
    let a = ctx.agreement;
    let mut seen = HashSet::new();
    for (i, r) in a.sign_off.reviews.iter().enumerate() {
        let path = format!("sign_off.reviews[{i}]");
        if !ctx.check_partner_ref(
            s,
            &format!("{path}.partner"),
            &r.partner,
            &format!("Review {}", i + 1),
        ) {
            continue;
        }
        let name = ctx.partner_name(&r.partner);
        if !seen.insert(&r.partner) {
            ctx.error(s, format!("{path}.partner"), C::ReviewRepeated, format!(
                "{name} has more than one review record. Keep one per partner, with the latest version it reviewed."));
        }
        if r.status != ReviewStatus::Approved {
            continue;
        }
        if blank(&r.reviewed_version) {
            ctx.error(s, format!("{path}.reviewed_version"), C::ApprovedWithoutVersion, format!(
                "{name} is recorded as approving, but not which version. Enter the version label of the document they approved."));
        } else if r.reviewed_version.trim() != a.details.version.trim() {
            ctx.warning(s, format!("{path}.reviewed_version"), C::ApprovedOlderVersion, format!(
                "{name} approved version {}, but the current version is {}. Ask them to review the current version.", r.reviewed_version.trim(), a.details.version.trim()));
        }
    }
}

/// One error for each partner that has not approved the current version; only a final document needs these.
pub(super) fn approvals_missing(a: &Agreement) -> Vec<Finding> {
    let current = a.details.version.trim();
    a.partners
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            !a.sign_off.review_for(&p.id).is_some_and(|r| {
                r.status == ReviewStatus::Approved && r.reviewed_version.trim() == current
            })
        })
        .map(|(i, p)| Finding {
            severity: Severity::Error,
            step: Step::SignOff,
            path: "sign_off.reviews".into(),
            code: C::NotApproved,
            message: format!(
                "{} has not approved version {current}. A final document needs every partner's approval of the current version; record their approval or produce a draft.",
                numbered("Partner", i, &p.name)
            ),
        })
        .collect()
}
