//! Defined terms woven into the text: the glossary is the agreement's defined
//! terms, and each term's first use in each section (between level-1 headings)
//! is set in bold and linked to its definition. Terms match whole words,
//! ignoring case, longest first, never inside another word. A term written with
//! a part in brackets, "Better Care Fund (BCF)", is also found as "Better Care
//! Fund" and as "BCF".

use crate::document::{Block, Inline, Mark};
use aho_corasick::{AhoCorasick, AhoCorasickKind};
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
    let Some(forms) = Forms::new(&terms) else {
        return;
    };
    let mut used = Vec::new();
    for block in blocks {
        if let Block::Heading { level: 1, .. } = block {
            used.clear();
        }
        mark_block(block, &forms, &mut used);
    }
}

/// Every term's forms, lower-cased, found all at once by one automaton.
struct Forms {
    finder: AhoCorasick,
    /// For each distinct form (the automaton's pattern), its (rank, term): rank
    /// orders the forms of all terms longest first, the order they are tried in.
    terms: Vec<Vec<(usize, u16)>>,
}

impl Forms {
    fn new(terms: &[String]) -> Option<Forms> {
        let mut forms: Vec<(String, u16)> = terms
            .iter()
            .enumerate()
            .filter_map(|(i, t)| u16::try_from(i).ok().map(|i| (t, i)))
            .flat_map(|(t, i)| forms(t).into_iter().map(move |f| (lower(&f), i)))
            .collect();
        forms.sort_by_key(|(f, _)| std::cmp::Reverse(f.chars().count()));
        let mut patterns: Vec<String> = Vec::new();
        let mut by_pattern: HashMap<String, usize> = HashMap::new();
        let mut found: Vec<Vec<(usize, u16)>> = Vec::new();
        for (rank, (form, term)) in forms.into_iter().enumerate() {
            let id = *by_pattern.entry(form.clone()).or_insert_with(|| {
                patterns.push(form);
                found.push(Vec::new());
                patterns.len() - 1
            });
            found[id].push((rank, term));
        }
        // ASCII letters of the text match either case; other text is lowered first.
        // A contiguous NFA: a glossary is searched once a render, and a DFA takes
        // longer to build than that search.
        let finder = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&patterns)
            .ok()?;
        Some(Forms {
            finder,
            terms: found,
        })
    }
}

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

fn lower(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// A use of a form in a run: `len` characters from character `at`.
struct Found {
    at: usize,
    len: usize,
    rank: usize,
    term: u16,
}

/// Every whole-word use of any form in the text, by position, then longest first.
fn uses(text: &str, chars: &[char], forms: &Forms) -> Vec<Found> {
    // The text as searched, and for text that is not ASCII (lowered first) the
    // character of `chars` each of its bytes came from (None after the first byte
    // of a character's lowering: no match may begin or end inside one
    // character). In ASCII text a byte is a character.
    let lowered;
    let (searched, origin): (&str, Option<Vec<Option<u32>>>) = if text.is_ascii() {
        (text, None)
    } else {
        let mut s = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        for (i, c) in chars.iter().enumerate() {
            s.extend(c.to_lowercase());
            origin.push(u32::try_from(i).ok());
            origin.resize(s.len(), None);
        }
        lowered = s;
        (lowered.as_str(), Some(origin))
    };
    let char_at = |byte: usize| -> Option<usize> {
        match &origin {
            _ if byte == searched.len() => Some(chars.len()),
            None => Some(byte),
            Some(origin) => origin.get(byte).copied().flatten().map(|i| i as usize),
        }
    };
    let mut uses = Vec::new();
    for m in forms.finder.find_overlapping_iter(searched) {
        let (Some(at), Some(end)) = (char_at(m.start()), char_at(m.end())) else {
            continue;
        };
        let starts_word = at == 0 || !chars[at - 1].is_alphanumeric();
        let ends_word = chars.get(end).is_none_or(|c| !c.is_alphanumeric());
        if !(starts_word && ends_word) {
            continue;
        }
        let found = &forms.terms[m.pattern().as_usize()];
        uses.extend(found.iter().map(|&(rank, term)| Found {
            at,
            len: end - at,
            rank,
            term,
        }));
    }
    uses.sort_by_key(|u| (u.at, u.rank));
    uses
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
        for found in uses(&run.text, &chars, forms) {
            // Not inside a use already marked; the first form (longest) of a term
            // not yet used in this section wins at each position.
            if found.at < start || used.contains(&found.term) {
                continue;
            }
            let (i, n, term) = (found.at, found.len, found.term);
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
            start = i + n;
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
    fn a_used_term_gives_way_to_a_shorter_one_inside_it() {
        let mut blocks = vec![
            para("The Better Care Fund, then the Better Care Fund again."),
            glossary(&["Care Fund", "Better Care Fund"]),
        ];
        mark(&mut blocks);
        assert_eq!(
            marked(&blocks[0]),
            [
                ("Better Care Fund".to_string(), 1),
                ("Care Fund".to_string(), 0)
            ]
        );
    }

    #[test]
    fn without_a_glossary_nothing_changes() {
        let mut blocks = vec![para("The pooled budget.")];
        let before = blocks.clone();
        mark(&mut blocks);
        assert_eq!(blocks, before);
    }
}
