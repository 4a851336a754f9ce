//! Steps 3 to 5: background and vision, objectives, principles.

use super::wording::{date, numbered};
use super::{Ctx, FindingCode as C, blank};
use crate::model::Step;

pub(super) fn check(ctx: &mut Ctx) {
    vision(ctx);
    objectives(ctx);
    measures(ctx);
    principles(ctx);
}

/// The performance measures: each says what is measured, towards which objective
/// (if any, one that exists) and to what target.
fn measures(ctx: &mut Ctx) {
    let s = Step::Objectives;
    let a = ctx.agreement;
    for (i, m) in a.performance.measures.iter().enumerate() {
        let who = numbered("Measure", i, &m.indicator);
        let path = |field: &str| format!("performance.measures[{i}].{field}");
        if blank(&m.indicator) {
            ctx.error(s, path("indicator"), C::MeasureIndicatorMissing, format!(
                "{who} does not say what is measured. Name the indicator, such as \"Delayed discharge days per month\"."));
        }
        let objective = m.objective.trim();
        if !objective.is_empty() && !a.objectives.iter().any(|o| o.id == objective) {
            ctx.error(s, path("objective"), C::MeasureObjectiveUnknown, format!(
                "{who} is tied to an objective that is no longer in the list, perhaps because it was removed. Choose one of the current objectives, or none."));
        }
        if blank(&m.target) {
            ctx.warning(
                s,
                path("target"),
                C::MeasureTargetMissing,
                format!("{who} has no target. Say where the partners aim to get it, and by when."),
            );
        }
    }
}

fn vision(ctx: &mut Ctx) {
    let v = &ctx.agreement.vision;
    let s = Step::Vision;
    if blank(&v.background) {
        ctx.warning(s, "vision.background", C::BackgroundMissing,
            "The background is empty. Say why the partnership exists, so a reader new to it understands the context.".into());
    }
    if blank(&v.vision_statement) {
        ctx.warning(s, "vision.vision_statement", C::VisionStatementMissing,
            "There is no shared vision statement. Agree one or two sentences that every partner signs up to.".into());
    }
    if blank(&v.population) {
        ctx.warning(s, "vision.population", C::PopulationMissing,
            "The population served is not described. Say who the partnership is for (the place, how many people, which groups).".into());
    }
}

fn objectives(ctx: &mut Ctx) {
    let s = Step::Objectives;
    let a = ctx.agreement;
    if a.objectives.is_empty() {
        ctx.warning(s, "objectives", C::NoObjectives,
            "No objectives are listed. Add the goals the partnership will work towards, each with a measure of success.".into());
    }
    let (start, end) = (a.details.start_date, a.details.end_date);
    for (i, o) in a.objectives.iter().enumerate() {
        let who = numbered("Objective", i, &o.title);
        let path = |field: &str| format!("objectives[{i}].{field}");
        if blank(&o.title) {
            ctx.error(
                s,
                path("title"),
                C::ObjectiveTitleMissing,
                format!(
                    "{who} has no title. Give it a short title that says what will be achieved."
                ),
            );
        }
        if blank(&o.measure) {
            ctx.warning(s, path("measure"), C::ObjectiveMeasureMissing, format!(
                "{who} has no measure of success. Say how the partners will know it has been met."));
        }
        match o.target_date {
            None => ctx.warning(
                s,
                path("target_date"),
                C::ObjectiveTargetDateMissing,
                format!("{who} has no target date. Add the date by which it should be met."),
            ),
            Some(t) => {
                let before = start.filter(|st| t < *st);
                let after = end.filter(|e| t > *e);
                if let Some(st) = before {
                    ctx.error(s, path("target_date"), C::ObjectiveTargetOutsideTerm, format!(
                        "{who} has a target date ({}) before the agreement starts ({}). Move the target date into the term of the agreement.", date(t), date(st)));
                } else if let Some(e) = after {
                    ctx.error(s, path("target_date"), C::ObjectiveTargetOutsideTerm, format!(
                        "{who} has a target date ({}) after the agreement ends ({}). Move the target date into the term, or extend the end date.", date(t), date(e)));
                }
            }
        }
        match &o.lead_partner {
            None => ctx.warning(
                s,
                path("lead_partner"),
                C::ObjectiveLeadMissing,
                format!("{who} has no lead partner. Choose the partner that will lead on it."),
            ),
            Some(id) => {
                ctx.check_partner_ref(
                    s,
                    &path("lead_partner"),
                    id,
                    &format!("{who}'s lead partner"),
                );
            }
        }
    }
}

fn principles(ctx: &mut Ctx) {
    let s = Step::Principles;
    let p = &ctx.agreement.principles;
    if p.values.is_empty() {
        ctx.warning(s, "principles.values", C::NoPrinciples,
            "No principles are listed. Add the values the partners commit to, such as trust, transparency and a shared language.".into());
    }
    for (i, v) in p.values.iter().enumerate() {
        if blank(&v.title) {
            ctx.error(s, format!("principles.values[{i}].title"), C::PrincipleTitleMissing, format!(
                "Principle {} has no title. Give it a name such as \"Transparency\", or remove it.", i + 1));
        }
    }
}
