//! The context a template receives: the agreement as it is, plus values worked
//! out once here so every template says them the same way (scores, bands, names,
//! totals, the RACI grid). `docs/templates.md` lists every field.

use crate::document_control::VersionRecord;
use crate::model::{Agreement, PartnerId, RaciRole, ReviewStatus, RiskBands};
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// The name of a partner, or a placeholder that shows what is missing.
fn name_of(a: &Agreement, id: Option<&PartnerId>) -> String {
    match id {
        None => "not assigned".into(),
        Some(id) => a
            .partner(id)
            .map_or_else(|| format!("unknown partner ({id})"), |p| p.name.clone()),
    }
}

fn short_of(a: &Agreement, id: &PartnerId) -> String {
    a.partner(id)
        .map_or_else(|| id.to_string(), |p| p.short_or_name().to_string())
}

fn percent(part: Decimal, whole: Decimal) -> String {
    if whole.is_zero() {
        return "0".into();
    }
    (part * Decimal::ONE_HUNDRED / whole)
        .round_dp(1)
        .normalize()
        .to_string()
}

pub fn build(
    a: &Agreement,
    bands: &RiskBands,
    template: &super::Manifest,
    final_: bool,
    history: &[VersionRecord],
) -> tera::Context {
    let band_of = |score: Option<u8>| {
        score.and_then(|s| bands.band(s)).map_or(
            json!({"name": "", "colour": ""}),
            |b| json!({"name": b.name, "colour": b.colour}),
        )
    };

    let partners: Vec<Value> = a
        .partners
        .iter()
        .map(|p| {
            json!({
                "id": p.id,
                "name": p.name,
                "short_name": short_of(a, &p.id),
                "type": p.kind,
                "type_label": p.kind.map_or("Type not set", |k| k.label()),
                "address_lines": p.address.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>(),
                "lead_contact": p.lead_contact,
                "signatory": p.signatory,
                "is_host": a.host_partner.as_ref() == Some(&p.id),
                "functions": p.functions.iter().map(|f| f.trim()).filter(|f| !f.is_empty()).collect::<Vec<_>>(),
                "has_functions": p.functions.iter().any(|f| !f.trim().is_empty()),
            })
        })
        .collect();

    let objectives: Vec<Value> = a
        .objectives
        .iter()
        .map(|o| {
            let mut v = json!(o);
            v["lead_name"] = json!(name_of(a, o.lead_partner.as_ref()));
            v
        })
        .collect();

    let raci_rows: Vec<Value> = a
        .roles
        .raci
        .iter()
        .map(|act| {
            let cells: Vec<String> = a
                .partners
                .iter()
                .map(|p| {
                    let letters = act.roles.get(&p.id).cloned().unwrap_or_default();
                    // Always in R, A, C, I order so a cell reads the same everywhere.
                    [RaciRole::R, RaciRole::A, RaciRole::C, RaciRole::I]
                        .iter()
                        .filter(|r| letters.contains(r))
                        .map(|r| format!("{r:?}"))
                        .collect::<Vec<_>>()
                        .join("/")
                })
                .collect();
            json!({"activity": act.activity, "cells": cells})
        })
        .collect();

    let responsibilities: Vec<Value> = a
        .roles
        .responsibilities
        .iter()
        .map(|r| json!({"partner": r.partner, "partner_name": name_of(a, Some(&r.partner)), "items": r.items}))
        .collect();

    let f = &a.finance;
    let total = f.total_contributions().unwrap_or_default();
    let contributions: Vec<Value> = f
        .contributions
        .iter()
        .map(|c| {
            json!({
                "partner": c.partner,
                "partner_name": name_of(a, c.partner.as_ref()),
                "amount_gbp": c.amount_gbp,
                "description": c.description,
                "percent_of_total": percent(c.amount_gbp, total),
            })
        })
        .collect();
    // Each partner's total contribution, in partner order.
    let by_partner: Vec<Value> = a
        .partners
        .iter()
        .filter_map(|p| {
            let sum: Decimal = f
                .contributions
                .iter()
                .filter(|c| c.partner.as_ref() == Some(&p.id))
                .map(|c| c.amount_gbp)
                .fold(Decimal::ZERO, |acc, v| acc.checked_add(v).unwrap_or(acc));
            (!sum.is_zero()).then(|| json!({"partner_name": p.name, "amount_gbp": sum, "percent_of_total": percent(sum, total)}))
        })
        .collect();
    let risk_shares: Vec<Value> = f
        .risk_shares
        .iter()
        .map(|s| json!({"partner_name": name_of(a, s.partner.as_ref()), "percent": s.percent.normalize()}))
        .collect();
    let finance = json!({
        "money_involved": f.money_involved,
        "pooled_budget": f.pooled_budget,
        "host_name": f.pooled_budget_host.as_ref().map(|h| name_of(a, Some(h))),
        "total_gbp": total,
        "contributions": contributions,
        "by_partner": by_partner,
        "risk_shares": risk_shares,
        "overspend_arrangements": f.overspend_arrangements,
        "underspend_arrangements": f.underspend_arrangements,
        "incentives": f.incentives,
        "in_kind": f.in_kind.iter().map(|k| json!({
            "partner_name": name_of(a, k.partner.as_ref()),
            "kind_label": k.kind.map_or("Not set", |k| k.label()),
            "description": k.description,
            "value_gbp": k.value_gbp,
        })).collect::<Vec<_>>(),
    });
    // Each measure with the objective it shows progress on, by number and title.
    let measures: Vec<Value> = a
        .performance
        .measures
        .iter()
        .map(|m| {
            let objective = a
                .objectives
                .iter()
                .position(|o| !m.objective.is_empty() && o.id == m.objective);
            let mut v = json!(m);
            v["objective_number"] = json!(objective.map(|i| i + 1));
            v["objective_title"] = json!(objective.map(|i| a.objectives[i].title.trim()));
            v
        })
        .collect();

    let risks: Vec<Value> = a
        .risks
        .iter()
        .map(|r| {
            let mut v = json!(r);
            v["category_label"] = json!(r.category.map_or("Not set", |c| c.label()));
            v["owner_name"] = json!(name_of(a, r.owner.as_ref()));
            v["owner_short"] = json!(r.owner.as_ref().map_or("—".to_string(), |o| short_of(a, o)));
            v["score"] = json!(r.score());
            v["band"] = band_of(r.score());
            v["residual_score"] = json!(r.residual_score());
            v["residual_band"] = band_of(r.residual_score());
            v
        })
        .collect();
    let risk_summary: Vec<Value> = bands
        .bands
        .iter()
        .map(|b| {
            let count = a
                .risks
                .iter()
                .filter(|r| {
                    r.score()
                        .is_some_and(|s| (b.min_score..=b.max_score).contains(&s))
                })
                .count();
            json!({"name": b.name, "colour": b.colour, "count": count})
        })
        .collect();

    let governance = {
        let g = &a.governance;
        let mut v = json!(g);
        v["membership"] = json!(g
            .membership
            .iter()
            .map(|m| json!({"role": m.role, "voting": m.voting, "partner_name": m.partner.as_ref().map(|p| name_of(a, Some(p)))}))
            .collect::<Vec<_>>());
        v
    };

    let reviews: Vec<Value> = a
        .partners
        .iter()
        .map(|p| {
            let r = a.sign_off.review_for(&p.id);
            json!({
                "partner_name": p.name,
                "status": r.map_or(ReviewStatus::Pending, |r| r.status),
                "status_label": match r.map(|r| r.status) {
                    Some(ReviewStatus::Approved) => "Approved",
                    Some(ReviewStatus::ChangesRequested) => "Changes requested",
                    _ => "Awaiting review",
                },
                "reviewed_version": r.map_or("", |r| r.reviewed_version.as_str()),
                "reviewed_on": r.and_then(|r| r.reviewed_on),
                "comments": r.map_or("", |r| r.comments.as_str()),
            })
        })
        .collect();

    let mut ctx = tera::Context::new();
    ctx.insert("agreement", a);
    ctx.insert(
        "document",
        &json!({
            "final": final_,
            "status": if final_ { "Final" } else { "Draft" },
            "template": {"name": template.name, "title": template.title},
        }),
    );
    ctx.insert("partners", &partners);
    ctx.insert(
        "host_name",
        &a.host_partner.as_ref().map(|h| name_of(a, Some(h))),
    );
    ctx.insert("objectives", &objectives);
    ctx.insert("responsibilities", &responsibilities);
    ctx.insert(
        "raci",
        &json!({
            "columns": a.partners.iter().map(|p| short_of(a, &p.id)).collect::<Vec<_>>(),
            "rows": raci_rows,
        }),
    );
    ctx.insert("governance", &governance);
    ctx.insert("finance", &finance);
    ctx.insert(
        "performance",
        &json!({
            "measures": measures,
            "review_arrangements": a.performance.review_arrangements,
        }),
    );
    ctx.insert("risks", &risks);
    ctx.insert("risk_summary", &risk_summary);
    ctx.insert("bands", &bands.bands);
    ctx.insert(
        "clauses",
        &a.clauses.iter().filter(|c| c.enabled).collect::<Vec<_>>(),
    );
    ctx.insert("glossary", &a.glossary);
    ctx.insert("reviews", &reviews);
    ctx.insert("history", history);
    // Who the document goes to: each partner's lead contact.
    let distribution: Vec<_> = a
        .partners
        .iter()
        .map(|p| {
            json!({
                "partner_name": p.name,
                "name": p.lead_contact.name,
                "job_title": p.lead_contact.job_title,
            })
        })
        .collect();
    ctx.insert("distribution", &distribution);
    ctx
}
