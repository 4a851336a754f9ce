//! Comparing two states of an agreement, step by step, down to the words.
//!
//! Each step is flattened into *facts* (`facts.rs`): an entity known by a stable
//! key (a partner by its id, a risk by its reference, a clause by its key, a RACI
//! activity by its name), a field of it, and the field's text. Two lists of facts
//! are then compared: an entity present on one side only was added or removed; a
//! field whose text differs changed, with its words marked inserted or deleted.

mod facts;

use crate::model::{Agreement, RiskBands, Step};
use facts::Fact;
use schemars::JsonSchema;
use serde::Serialize;
use similar::{ChangeTag, TextDiff};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Every change between two states of an agreement, grouped by step.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Comparison {
    /// What was compared, as the user named it: "0.2", "revision 14".
    pub from: String,
    pub to: String,
    /// Only the steps with changes, in step order.
    pub steps: Vec<StepChanges>,
}

impl Comparison {
    /// How many changes there are in all.
    pub fn count(&self) -> usize {
        self.steps.iter().map(|s| s.changes.len()).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StepChanges {
    pub step: Step,
    pub changes: Vec<Change>,
}

/// One change: a whole entity added or removed, or one field of it changed.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Change {
    pub kind: ChangeKind,
    /// What changed, in words: "Risk R07", "Partner \"Hollinsmoor Council\"".
    pub entity: String,
    /// The field, for a change within an entity: "mitigation"; empty otherwise.
    pub field: String,
    /// The text before and after (a removed entity has only `before`).
    pub before: String,
    pub after: String,
    /// The words of a changed text, each kept, inserted or deleted.
    pub words: Vec<Words>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// A run of words that were kept, inserted or deleted.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Words {
    pub tag: WordsTag,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum WordsTag {
    Same,
    Inserted,
    Deleted,
}

/// Compares `before` with `after`; risk scores are banded with `bands`.
pub fn compare(
    before: &Agreement,
    after: &Agreement,
    bands: &RiskBands,
    from: &str,
    to: &str,
) -> Comparison {
    let names = facts::names(before, after);
    let old = facts::of(before, bands, &names);
    let new = facts::of(after, bands, &names);
    let mut by_step: BTreeMap<Step, Vec<Change>> = BTreeMap::new();
    let entities = |facts: &[Fact]| -> HashSet<(Step, String)> {
        facts.iter().map(|f| (f.step, f.key.clone())).collect()
    };
    let (old_entities, new_entities) = (entities(&old), entities(&new));
    let fields = |facts: &[Fact]| -> HashMap<(Step, String, String), String> {
        facts
            .iter()
            .map(|f| ((f.step, f.key.clone(), f.field.clone()), f.text.clone()))
            .collect()
    };
    let (old_fields, new_fields) = (fields(&old), fields(&new));

    // Removed entities, in their old order; then each fact of the new state.
    let mut reported = HashSet::new();
    for f in &old {
        let id = (f.step, f.key.clone());
        if !new_entities.contains(&id) && reported.insert(id) {
            by_step.entry(f.step).or_default().push(Change {
                kind: ChangeKind::Removed,
                entity: f.entity.clone(),
                field: String::new(),
                before: summary(&old, f.step, &f.key),
                after: String::new(),
                words: Vec::new(),
            });
        }
    }
    for f in &new {
        let id = (f.step, f.key.clone());
        if !old_entities.contains(&id) {
            if reported.insert(id) {
                by_step.entry(f.step).or_default().push(Change {
                    kind: ChangeKind::Added,
                    entity: f.entity.clone(),
                    field: String::new(),
                    before: String::new(),
                    after: summary(&new, f.step, &f.key),
                    words: Vec::new(),
                });
            }
            continue;
        }
        let was = old_fields
            .get(&(f.step, f.key.clone(), f.field.clone()))
            .map_or("", String::as_str);
        if was != f.text {
            by_step.entry(f.step).or_default().push(Change {
                kind: ChangeKind::Changed,
                entity: f.entity.clone(),
                field: f.field.clone(),
                before: was.to_string(),
                after: f.text.clone(),
                words: words(was, &f.text),
            });
        }
    }
    // A field that disappeared from an entity still present (emptied lists).
    for o in &old {
        let id = (o.step, o.key.clone());
        if new_entities.contains(&id)
            && !new_fields.contains_key(&(o.step, o.key.clone(), o.field.clone()))
        {
            by_step.entry(o.step).or_default().push(Change {
                kind: ChangeKind::Changed,
                entity: o.entity.clone(),
                field: o.field.clone(),
                before: o.text.clone(),
                after: String::new(),
                words: words(&o.text, ""),
            });
        }
    }
    Comparison {
        from: from.to_string(),
        to: to.to_string(),
        steps: by_step
            .into_iter()
            .map(|(step, changes)| StepChanges { step, changes })
            .collect(),
    }
}

/// An entity in one line, for an addition or a removal: its fields joined.
fn summary(facts: &[Fact], step: Step, key: &str) -> String {
    facts
        .iter()
        .filter(|f| f.step == step && f.key == key && !f.text.is_empty())
        .map(|f| {
            if f.field.is_empty() {
                f.text.clone()
            } else {
                format!("{}: {}", f.field, f.text)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Word-level differences between two texts, runs of the same tag merged.
pub fn words(before: &str, after: &str) -> Vec<Words> {
    let diff = TextDiff::from_words(before, after);
    let mut out: Vec<Words> = Vec::new();
    for change in diff.iter_all_changes() {
        let tag = match change.tag() {
            ChangeTag::Equal => WordsTag::Same,
            ChangeTag::Insert => WordsTag::Inserted,
            ChangeTag::Delete => WordsTag::Deleted,
        };
        match out.last_mut() {
            Some(last) if last.tag == tag => last.text.push_str(change.value()),
            _ => out.push(Words {
                tag,
                text: change.value().to_string(),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_mark_what_was_inserted_and_deleted() {
        let w = words(
            "Monthly finance monitoring",
            "Weekly finance monitoring by the board",
        );
        let tagged: Vec<(WordsTag, &str)> = w.iter().map(|w| (w.tag, w.text.as_str())).collect();
        assert_eq!(
            tagged,
            [
                (WordsTag::Deleted, "Monthly"),
                (WordsTag::Inserted, "Weekly"),
                (WordsTag::Same, " finance monitoring"),
                (WordsTag::Inserted, " by the board"),
            ]
        );
    }
}
