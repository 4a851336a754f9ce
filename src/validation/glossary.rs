//! Step 11: the shared glossary.

use super::{Ctx, FindingCode as C, blank};
use crate::model::Step;
use std::collections::HashMap;

pub(super) fn check(ctx: &mut Ctx) {
    let s = Step::Glossary;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, g) in ctx.agreement.glossary.iter().enumerate() {
        let n = i + 1;
        if blank(&g.term) {
            ctx.error(s, format!("glossary[{i}].term"), C::GlossaryTermMissing, format!(
                "Glossary entry {n} has no term. Enter the word or abbreviation, or remove the entry."));
            continue;
        }
        let term = g.term.trim();
        if blank(&g.meaning) {
            ctx.error(s, format!("glossary[{i}].meaning"), C::GlossaryMeaningMissing, format!(
                "\"{term}\" has no meaning in the glossary. Write the meaning all partners agree on."));
        }
        if let Some(first) = seen.insert(term.to_lowercase(), i) {
            ctx.error(s, format!("glossary[{i}].term"), C::GlossaryTermDuplicate, format!(
                "\"{term}\" is in the glossary twice (entries {} and {n}). Keep one meaning so everyone reads the word the same way.", first + 1));
        }
    }
}
