//! Step 8: contributions, pooled budget and risk share.

use super::{Ctx, FindingCode as C, blank};
use crate::model::Step;
use rust_decimal::Decimal;
use std::collections::HashSet;

pub(super) fn check(ctx: &mut Ctx) {
    in_kind(ctx);
    let s = Step::Finance;
    let a = ctx.agreement;
    let f = &a.finance;
    if !f.money_involved {
        if !f.contributions.is_empty() {
            ctx.warning(s, "finance.money_involved", C::ContributionsWithoutMoney,
                "Contributions are listed but the agreement says no money is involved. Say that money is involved, or remove the contributions.".into());
        }
        if f.pooled_budget {
            ctx.error(s, "finance.pooled_budget", C::PooledWithoutMoney,
                "A pooled budget is set but the agreement says no money is involved. Say that money is involved, or switch off the pooled budget.".into());
        }
    } else if f.contributions.is_empty() {
        ctx.warning(
            s,
            "finance.contributions",
            C::NoContributions,
            "Money is involved but no contributions are listed. Add what each partner contributes."
                .into(),
        );
    }

    for (i, c) in f.contributions.iter().enumerate() {
        let path = format!("finance.contributions[{i}]");
        let n = i + 1;
        match &c.partner {
            None => ctx.error(
                s,
                format!("{path}.partner"),
                C::ContributionPartnerMissing,
                format!(
                    "Contribution {n} does not say which partner makes it. Choose the partner."
                ),
            ),
            Some(id) => {
                ctx.check_partner_ref(
                    s,
                    &format!("{path}.partner"),
                    id,
                    &format!("Contribution {n}"),
                );
            }
        }
        if c.amount_gbp.is_sign_negative() && !c.amount_gbp.is_zero() {
            ctx.error(s, format!("{path}.amount_gbp"), C::ContributionNegative, format!(
                "Contribution {n} is negative (£{}). Contributions cannot be negative; record money flowing the other way as the other partner's contribution.", c.amount_gbp));
        }
        if c.amount_gbp.normalize().scale() > 2 {
            ctx.error(
                s,
                format!("{path}.amount_gbp"),
                C::ContributionFractionOfPenny,
                format!(
                    "Contribution {n} (£{}) has fractions of a penny. Round it to whole pence.",
                    c.amount_gbp
                ),
            );
        }
    }

    if !f.pooled_budget {
        return;
    }
    match &f.pooled_budget_host {
        None => ctx.error(s, "finance.pooled_budget_host", C::PooledHostMissing,
            "The pooled budget has no host. Choose the partner that holds the pooled budget on behalf of the others.".into()),
        Some(host) => {
            if ctx.check_partner_ref(s, "finance.pooled_budget_host", host, "The pooled budget host")
                && !f.contributions.iter().any(|c| c.partner.as_ref() == Some(host))
            {
                ctx.warning(s, "finance.pooled_budget_host", C::PooledHostNotContributing, format!(
                    "{} hosts the pooled budget but makes no contribution to it. Check that this is intended.", ctx.partner_name(host)));
            }
        }
    }
    risk_share(ctx);
    if blank(&f.overspend_arrangements) {
        ctx.warning(s, "finance.overspend_arrangements", C::OverspendMissing,
            "The pooled budget has no overspend arrangement. Say how an overspend will be shared or managed.".into());
    }
    if blank(&f.underspend_arrangements) {
        ctx.warning(s, "finance.underspend_arrangements", C::UnderspendMissing,
            "The pooled budget has no underspend arrangement. Say what happens to money left at the year end.".into());
    }
}

fn risk_share(ctx: &mut Ctx) {
    let s = Step::Finance;
    let f = &ctx.agreement.finance;
    if f.risk_shares.is_empty() {
        ctx.error(s, "finance.risk_shares", C::RiskShareMissing,
            "The pooled budget has no risk share. Give each contributing partner's share of any overspend or underspend, in percent, totalling 100%.".into());
        return;
    }
    let hundred = Decimal::ONE_HUNDRED;
    let mut seen = HashSet::new();
    for (i, share) in f.risk_shares.iter().enumerate() {
        let path = format!("finance.risk_shares[{i}]");
        let n = i + 1;
        match &share.partner {
            None => ctx.error(
                s,
                format!("{path}.partner"),
                C::RiskSharePartnerMissing,
                format!(
                    "Risk share {n} does not say which partner it belongs to. Choose the partner."
                ),
            ),
            Some(id) => {
                if ctx.check_partner_ref(
                    s,
                    &format!("{path}.partner"),
                    id,
                    &format!("Risk share {n}"),
                ) && !seen.insert(id)
                {
                    ctx.error(
                        s,
                        format!("{path}.partner"),
                        C::RiskShareRepeated,
                        format!(
                            "{} has more than one risk share. Combine them into one percentage.",
                            ctx.partner_name(id)
                        ),
                    );
                }
            }
        }
        if share.percent < Decimal::ZERO || share.percent > hundred {
            ctx.error(
                s,
                format!("{path}.percent"),
                C::RiskShareOutOfRange,
                format!(
                    "Risk share {n} is {}%. A share must be between 0% and 100%.",
                    share.percent.normalize()
                ),
            );
        }
    }
    // An overflowing total means some share is absurd; that share is reported above.
    if let Some(total) = f.total_risk_share().filter(|t| *t != hundred) {
        ctx.error(s, "finance.risk_shares", C::RiskShareTotal, format!(
            "The risk shares add up to {}%, not 100%. Adjust them so the whole of any overspend or underspend is shared.", total.normalize()));
    }
}

/// Contributions in kind: whose, what kind, what exactly, and a value that is not negative.
fn in_kind(ctx: &mut Ctx) {
    let s = Step::Finance;
    let a = ctx.agreement;
    for (i, k) in a.finance.in_kind.iter().enumerate() {
        let path = |field: &str| format!("finance.in_kind[{i}].{field}");
        let n = i + 1;
        match &k.partner {
            None => ctx.error(s, path("partner"), C::InKindPartnerMissing, format!(
                "Contribution in kind {n} does not say which partner provides it. Choose the partner.")),
            Some(id) => {
                ctx.check_partner_ref(s, &path("partner"), id, &format!("Contribution in kind {n}"));
            }
        }
        if k.kind.is_none() {
            ctx.error(s, path("kind"), C::InKindKindMissing, format!(
                "Contribution in kind {n} does not say what kind it is. Choose staff, goods, services or accommodation."));
        }
        if blank(&k.description) {
            ctx.error(s, path("description"), C::InKindDescriptionMissing, format!(
                "Contribution in kind {n} does not say what is provided. Describe it, such as \"Two occupational therapists (2.0 WTE)\"."));
        }
        if k.value_gbp
            .is_some_and(|v| v.is_sign_negative() && !v.is_zero())
        {
            ctx.error(s, path("value_gbp"), C::InKindValueNegative, format!(
                "Contribution in kind {n} has a negative value. Give what it is worth a year, or leave the value empty."));
        }
    }
}
