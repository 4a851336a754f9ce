//! Defined terms woven into the text: the glossary is the agreement's defined
//! terms, and each term's first use in each section (between level-1 headings)
//! is set in bold and linked to its definition. Terms match whole words,
//! ignoring case, longest first, never inside another word. A term written with
//! a part in brackets, "Better Care Fund (BCF)", is also found as "Better Care
//! Fund" and as "BCF".

use crate::document::{Block, Inline, Mark};
use std::collections::HashMap;

/// The ways a term may be written in the text, longest first.
pub fn forms(term: &str) -> Vec<String> {
    let term = term.trim();
    let mut forms = vec![term.to_string()];
    let mut outside = String::new();
    let mut rest = term;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        outside.push_str(&rest[..open]);
        let inside = rest[open + 1..close].trim();
        if !inside.is_empty() {
            forms.push(inside.to_string());
        }
        rest = &rest[close + 1..];
    }
    if outside.is_empty() && rest.len() == term.len() {
        return forms; // no brackets
    }
    outside.push_str(rest);
    let outside = outside.split_whitespace().collect::<Vec<_>>().join(" ");
    let outside = outside.replace(" ,", ",");
    if !outside.is_empty() {
        forms.push(outside);
    }
    forms.retain(|f| f.chars().any(char::is_alphanumeric));
    forms.sort_by_key(|f| std::cmp::Reverse(f.chars().count()));
    forms.dedup();
    forms
}

/// Marks the first use of each term of the document's glossary in each section.
/// The glossary itself is left as it is (it is where the links lead).
pub fn mark(blocks: &mut [Block]) {
    let Some(terms) = blocks.iter().find_map(|b| match b {
        Block::Glossary(terms) => Some(terms.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>()),
        _ => None,
    }) else {
        return;
    };
    let mut forms: Vec<(Vec<char>, u16)> = terms
        .iter()
        .enumerate()
        .filter_map(|(i, t)| u16::try_from(i).ok().map(|i| (t, i)))
        .flat_map(|(t, i)| forms(t).into_iter().map(move |f| (lower(&f), i)))
        .collect();
    forms.sort_by_key(|(f, _)| std::cmp::Reverse(f.len()));
    // By their first two letters, so each word is tried only against the forms it
    // could start (a glossary of hundreds of terms shares first letters widely).
    let mut by_start: Forms = HashMap::new();
    for (form, term) in forms {
        if let Some(first) = form.first() {
            by_start
                .entry((*first, form.get(1).copied()))
                .or_default()
                .push((form, term));
        }
    }
    let forms = by_start;
    let mut used = Vec::new();
    for block in blocks {
        if let Block::Heading { level: 1, .. } = block {
            used.clear();
        }
        mark_block(block, &forms, &mut used);
    }
}

/// Each term's forms, lower-cased, by their first two characters (the second
/// absent for a one-letter form), longest first.
type Forms = HashMap<(char, Option<char>), Vec<(Vec<char>, u16)>>;

fn mark_block(block: &mut Block, forms: &Forms, used: &mut Vec<u16>) {
    match block {
        Block::Paragraph { text, .. } | Block::Clause(text) => mark_runs(text, forms, used),
        Block::List { items, .. } => items.iter_mut().for_each(|i| mark_runs(i, forms, used)),
        Block::Table(t) => t
            .rows
            .iter_mut()
            .skip(t.header_rows)
            .flatten()
            .for_each(|c| mark_runs(&mut c.text, forms, used)),
        Block::Keep(inner) => inner.iter_mut().for_each(|b| mark_block(b, forms, used)),
        _ => {}
    }
}

fn lower(s: &str) -> Vec<char> {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// Splits plain runs where a term not yet used in this section appears.
fn mark_runs(runs: &mut Vec<Inline>, forms: &Forms, used: &mut Vec<u16>) {
    let mut out = Vec::with_capacity(runs.len());
    for run in runs.drain(..) {
        if run.mark != Mark::None {
            out.push(run);
            continue;
        }
        let chars: Vec<char> = run.text.chars().collect();
        let mut start = 0; // of the text not yet emitted
        let mut i = 0;
        while i < chars.len() {
            let word_start = i == 0 || !chars[i - 1].is_alphanumeric();
            let found = if word_start {
                // The text's first two letters here, lower-cased as forms are.
                let mut lowered = chars[i..].iter().flat_map(|c| c.to_lowercase());
                let first = lowered.next().unwrap_or(chars[i]);
                let second = lowered.next();
                // Two-letter keys first: their forms are the longer ones.
                let keys = [(first, second), (first, None)];
                keys[..if second.is_some() { 2 } else { 1 }]
                    .iter()
                    .filter_map(|key| forms.get(key))
                    .flatten()
                    .find_map(|(form, term)| {
                        if used.contains(term) {
                            return None;
                        }
                        let n = matches_at(&chars, i, form)?;
                        let ends_word = chars.get(i + n).is_none_or(|c| !c.is_alphanumeric());
                        ends_word.then_some((n, *term))
                    })
            } else {
                None
            };
            let Some((n, term)) = found else {
                i += 1;
                continue;
            };
            used.push(term);
            let piece = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
            if i > start {
                out.push(Inline {
                    text: piece(start, i),
                    ..run.clone()
                });
            }
            out.push(Inline {
                text: piece(i, i + n),
                bold: true,
                mark: Mark::Defined(term),
                ..run.clone()
            });
            i += n;
            start = i;
        }
        if start == 0 {
            out.push(run);
        } else if start < chars.len() {
            out.push(Inline {
                text: chars[start..].iter().collect(),
                ..run.clone()
            });
        }
    }
    *runs = out;
}

/// How many characters of the text from `at` match `form` (compared lower-cased,
/// character by character), if they all do.
fn matches_at(text: &[char], at: usize, form: &[char]) -> Option<usize> {
    let mut k = 0; // position in form
    let mut n = 0; // characters of the text used
    while k < form.len() {
        for c in text.get(at + n)?.to_lowercase() {
            if form.get(k) != Some(&c) {
                return None;
            }
            k += 1;
        }
        n += 1;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Block {
        Block::Paragraph {
            text: vec![Inline {
                text: text.into(),
                ..Inline::default()
            }],
            align: None,
            small: false,
        }
    }

    fn glossary(terms: &[&str]) -> Block {
        Block::Glossary(terms.iter().map(|t| (t.to_string(), Vec::new())).collect())
    }

    fn h1(title: &str) -> Block {
        Block::Heading {
            level: 1,
            numbered: true,
            text: vec![Inline {
                text: title.into(),
                ..Inline::default()
            }],
            keys: Vec::new(),
        }
    }

    /// The marked words of a paragraph, with the term each links to.
    fn marked(b: &Block) -> Vec<(String, u16)> {
        let Block::Paragraph { text, .. } = b else {
            return Vec::new();
        };
        text.iter()
            .filter_map(|r| match r.mark {
                Mark::Defined(t) => Some((r.text.clone(), t)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_bracketed_part_is_a_form_of_its_own() {
        assert_eq!(
            forms("Better Care Fund (BCF)"),
            ["Better Care Fund (BCF)", "Better Care Fund", "BCF"]
        );
        assert_eq!(
            forms("Voluntary, community and social enterprise (VCSE) sector"),
            [
                "Voluntary, community and social enterprise (VCSE) sector",
                "Voluntary, community and social enterprise sector",
                "VCSE"
            ]
        );
        assert_eq!(forms("Place"), ["Place"]);
        assert_eq!(forms("Odd (unclosed"), ["Odd (unclosed"]);
    }

    #[test]
    fn first_use_per_section_whole_words_any_case_longest_first() {
        let mut blocks = vec![
            h1("Money"),
            para(
                "The pooled budget and the Pooled Budget host; budgets and a sub-pooled budgeting.",
            ),
            para("Integrated care boards: the integrated care board (ICB) and the ICB again."),
            h1("Risks"),
            para("POOLED BUDGET risks, the Better Care Fund and BCF."),
            glossary(&[
                "Pooled budget",
                "Pooled budget host",
                "Integrated care board (ICB)",
                "Better Care Fund (BCF)",
            ]),
        ];
        mark(&mut blocks);
        // Longest first: "Pooled Budget host" is its own term; "budgets" is not "budget".
        assert_eq!(
            marked(&blocks[1]),
            [
                ("pooled budget".to_string(), 0),
                ("Pooled Budget host".to_string(), 1)
            ]
        );
        // "Integrated care boards" is not the term (a longer word); the first whole use is.
        assert_eq!(
            marked(&blocks[2]),
            [("integrated care board (ICB)".to_string(), 2)]
        );
        // A new section: marked again; one term's two forms count as one use.
        assert_eq!(
            marked(&blocks[4]),
            [
                ("POOLED BUDGET".to_string(), 0),
                ("Better Care Fund".to_string(), 3)
            ]
        );
        // Nothing is lost: the paragraph reads as before.
        let Block::Paragraph { text, .. } = &blocks[4] else {
            panic!()
        };
        assert_eq!(
            text.iter().map(|r| r.text.as_str()).collect::<String>(),
            "POOLED BUDGET risks, the Better Care Fund and BCF."
        );
        assert!(text.iter().filter(|r| r.mark != Mark::None).all(|r| r.bold));
    }

    #[test]
    fn text_in_other_scripts_and_case_changes_that_lengthen_are_safe() {
        let mut blocks = vec![
            para("İstanbul ﬁnance and Straße: the Pooled budget."),
            h1("Next"),
            para("مؤسسة الرعاية الصحية pooled budget"),
            glossary(&["Pooled budget", "STRASSE"]),
        ];
        mark(&mut blocks);
        assert_eq!(marked(&blocks[0]), [("Pooled budget".to_string(), 0)]);
        assert_eq!(marked(&blocks[2]), [("pooled budget".to_string(), 0)]);
    }

    #[test]
    fn without_a_glossary_nothing_changes() {
        let mut blocks = vec![para("The pooled budget.")];
        let before = blocks.clone();
        mark(&mut blocks);
        assert_eq!(blocks, before);
    }
}
