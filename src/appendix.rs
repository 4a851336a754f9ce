//! The "Changes since version X" appendix: a comparison (see `compare`) set as
//! document blocks after the template's own, grouped by the document's own
//! section numbers, deleted words struck through and inserted ones underlined,
//! so a partner who approved X reads only what is new.

use crate::compare::{ChangeKind, Comparison, WordsTag};
use crate::document::{Block, Inline, Mark};
use crate::model::Step;

/// The section a step's changes are listed under: the heading the template keyed
/// with the step's name ("8 Risk assessment"), else the step's own title.
fn section(step: Step, sections: &[(String, String)]) -> String {
    let key = serde_json::to_value(step)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    sections
        .iter()
        .find(|(k, _)| *k == key)
        .map_or_else(|| step.title().to_string(), |(_, title)| title.clone())
}

fn run(text: &str, bold: bool, mark: Mark) -> Inline {
    Inline {
        text: text.to_string(),
        bold,
        mark,
        ..Inline::default()
    }
}

/// The appendix's blocks, to follow the document's `blocks`.
pub fn blocks(comparison: &Comparison, blocks: &[Block]) -> Vec<Block> {
    let sections = crate::layout::sections(blocks);
    let mut out = vec![
        Block::PageBreak,
        Block::Heading {
            level: 1,
            numbered: false,
            text: vec![run(
                &format!("Changes since {}", comparison.from),
                false,
                Mark::None,
            )],
            keys: Vec::new(),
        },
    ];
    let intro = if comparison.steps.is_empty() {
        format!("Nothing has changed since {}.", comparison.from)
    } else {
        format!(
            "What changed from {} to this version ({} change{}), section by section. Deleted text is struck through; inserted text is underlined.",
            comparison.from,
            comparison.count(),
            if comparison.count() == 1 { "" } else { "s" }
        )
    };
    out.push(Block::Paragraph {
        text: vec![run(&intro, false, Mark::None)],
        align: None,
        small: false,
    });
    for step in &comparison.steps {
        out.push(Block::Heading {
            level: 2,
            numbered: false,
            text: vec![run(&section(step.step, &sections), false, Mark::None)],
            keys: Vec::new(),
        });
        for change in &step.changes {
            let mut text = Vec::new();
            match change.kind {
                ChangeKind::Added => {
                    text.push(run(
                        &format!("Added: {}. ", change.entity),
                        true,
                        Mark::None,
                    ));
                    text.push(run(&change.after, false, Mark::Inserted));
                }
                ChangeKind::Removed => {
                    text.push(run(
                        &format!("Removed: {}. ", change.entity),
                        true,
                        Mark::None,
                    ));
                    text.push(run(&change.before, false, Mark::Deleted));
                }
                ChangeKind::Changed => {
                    text.push(run(
                        &format!("{}, {}: ", change.entity, change.field),
                        true,
                        Mark::None,
                    ));
                    for (i, w) in change.words.iter().enumerate() {
                        let mark = match w.tag {
                            WordsTag::Same => Mark::None,
                            WordsTag::Inserted => Mark::Inserted,
                            WordsTag::Deleted => Mark::Deleted,
                        };
                        // A replaced word reads "£14,850,000 £4,300,000", not run together.
                        let replaced = w.tag == WordsTag::Inserted
                            && i > 0
                            && change.words[i - 1].tag == WordsTag::Deleted;
                        if replaced {
                            text.push(run(" ", false, Mark::None));
                        }
                        text.push(run(&w.text, false, mark));
                    }
                }
            }
            out.push(Block::Paragraph {
                text,
                align: None,
                small: false,
            });
        }
    }
    out
}

/// Bytes that stand for the appendix in a document's fingerprint (serialising
/// plain data cannot fail).
pub fn fingerprint_bytes(comparison: &Comparison) -> Vec<u8> {
    serde_json::to_vec(comparison).unwrap_or_default()
}
