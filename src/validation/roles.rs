//! Step 6: responsibilities per partner and the RACI matrix.

use super::wording::numbered;
use super::{Ctx, FindingCode as C, blank};
use crate::model::{RaciRole, Step};
use std::collections::{HashMap, HashSet};

pub(super) fn check(ctx: &mut Ctx) {
    responsibilities(ctx);
    raci(ctx);
}

fn responsibilities(ctx: &mut Ctx) {
    let s = Step::Roles;
    let a = ctx.agreement;
    let mut listed = HashSet::new();
    for (i, r) in a.roles.responsibilities.iter().enumerate() {
        let path = format!("roles.responsibilities[{i}].partner");
        if !ctx.check_partner_ref(s, &path, &r.partner, "A list of responsibilities") {
            continue;
        }
        if !listed.insert(&r.partner) {
            ctx.warning(s, path, C::ResponsibilitiesRepeated, format!(
                "{} has two lists of responsibilities. Merge them into one so nothing is missed.", ctx.partner_name(&r.partner)));
        }
    }
    for (i, p) in a.partners.iter().enumerate() {
        let has_items = a
            .roles
            .responsibilities
            .iter()
            .any(|r| r.partner == p.id && r.items.iter().any(|item| !blank(item)));
        if !has_items && !blank(p.id.as_str()) {
            ctx.warning(s, "roles.responsibilities", C::ResponsibilitiesMissing, format!(
                "{} has no responsibilities listed. Say what this organisation will do for the partnership.", numbered("Partner", i, &p.name)));
        }
    }
}

fn raci(ctx: &mut Ctx) {
    let s = Step::Roles;
    let a = ctx.agreement;
    if a.roles.raci.is_empty() {
        ctx.warning(s, "roles.raci", C::NoRaci,
            "The RACI matrix is empty. Add the main activities of the partnership and who is Responsible, Accountable, Consulted and Informed for each.".into());
    }
    let mut names: HashMap<String, usize> = HashMap::new();
    for (i, act) in a.roles.raci.iter().enumerate() {
        let who = numbered("Activity", i, &act.activity);
        let path = format!("roles.raci[{i}]");
        if blank(&act.activity) {
            ctx.error(s, format!("{path}.activity"), C::RaciActivityMissing, format!(
                "{who} in the RACI matrix has no name. Describe the activity, or remove the row."));
        } else if let Some(first) = names.insert(act.activity.trim().to_lowercase(), i) {
            ctx.warning(
                s,
                format!("{path}.activity"),
                C::RaciActivityDuplicate,
                format!(
                    "{who} appears twice in the RACI matrix (rows {} and {}). Merge the two rows.",
                    first + 1,
                    i + 1
                ),
            );
        }
        for (id, letters) in &act.roles {
            if !ctx.check_partner_ref(
                s,
                &format!("{path}.roles.{id}"),
                id,
                &format!("{who} in the RACI matrix"),
            ) {
                continue;
            }
            let unique: HashSet<_> = letters.iter().collect();
            if unique.len() != letters.len() {
                ctx.warning(
                    s,
                    format!("{path}.roles.{id}"),
                    C::RaciLetterRepeated,
                    format!(
                        "{who}: {} has the same letter twice. Keep each letter once.",
                        ctx.partner_name(id)
                    ),
                );
            }
        }
        let accountable: Vec<_> = act.holders(RaciRole::A).cloned().collect();
        match accountable.len() {
            0 => ctx.error(s, format!("{path}.roles"), C::RaciNoAccountable, format!(
                "{who} has no Accountable partner. Mark exactly one partner A: the one that answers for the outcome.")),
            1 => {}
            _ => {
                let names: Vec<_> = accountable.iter().map(|id| ctx.partner_name(id)).collect();
                ctx.error(s, format!("{path}.roles"), C::RaciSeveralAccountable, format!(
                    "{who} has {} Accountable partners ({}). Keep A for exactly one of them; mark the others R or C.", names.len(), names.join(", ")));
            }
        }
        if act.holders(RaciRole::R).next().is_none() {
            ctx.error(s, format!("{path}.roles"), C::RaciNoResponsible, format!(
                "{who} has no Responsible partner. Mark at least one partner R: the one that does the work (it may also be the Accountable one)."));
        }
    }
}
