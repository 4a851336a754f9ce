//! Step 10: the clause library as the user has set it.

use super::wording::numbered;
use super::{Ctx, FindingCode as C, blank};
use crate::model::Step;
use crate::model::clause_keys as keys;
use crate::model::{ClauseGroup, clause_library};
use std::collections::HashMap;

pub(super) fn check(ctx: &mut Ctx) {
    let s = Step::Clauses;
    let clauses = &ctx.agreement.clauses;
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, c) in clauses.iter().enumerate() {
        let who = numbered("Clause", i, &c.title);
        if let Some(first) = seen.insert(c.key.as_str(), i).filter(|_| !blank(&c.key)) {
            ctx.error(
                s,
                format!("clauses[{i}].key"),
                C::ClauseKeyDuplicate,
                format!(
                    "{who} has the same key (\"{}\") as clause {}. Give each clause its own key.",
                    c.key,
                    first + 1
                ),
            );
        }
        if !c.enabled {
            continue;
        }
        if blank(&c.title) {
            ctx.error(
                s,
                format!("clauses[{i}].title"),
                C::ClauseTitleMissing,
                format!(
                    "{who} is switched on but has no heading. Give it a heading or switch it off."
                ),
            );
        }
        if blank(&c.text) {
            ctx.error(s, format!("clauses[{i}].text"), C::ClauseTextMissing, format!(
                "{who} is switched on but has no text. Write the clause, restore the library wording, or switch it off."));
        }
    }
    let enabled = |key: &str| clauses.iter().any(|c| c.key == key && c.enabled);
    if !enabled(keys::NON_BINDING) {
        ctx.warning(s, "clauses", C::NonBindingClauseOff,
            "No clause says the memorandum is not legally binding. Switch on \"Status of this memorandum\" unless the partners mean to make a contract, in which case take legal advice.".into());
    }
    // Boilerplate written for binding agreements contradicts "not legally binding".
    if enabled(keys::NON_BINDING) {
        let binding_only: Vec<String> = clause_library()
            .into_iter()
            .filter(|l| l.group == ClauseGroup::Binding)
            .map(|l| l.key)
            .collect();
        for (i, c) in clauses.iter().enumerate() {
            if c.enabled && binding_only.contains(&c.key) {
                ctx.warning(s, format!("clauses[{i}].enabled"), C::BindingOnlyClauseInMemorandum, format!(
                    "\"{}\" is written for legally binding agreements, but \"Status of this memorandum\" says this one is not binding. Switch one of them off, and take legal advice if the partners mean to make a contract.",
                    c.title.trim()));
            }
        }
    }
    if !enabled(keys::DATA_PROTECTION) {
        ctx.warning(s, "clauses", C::DataProtectionClauseOff,
            "The data protection clause is switched off. Health and care partnerships almost always share personal data; switch it on and point to the information sharing agreement.".into());
    }
}
