//! Heading and clause numbers, worked out for the whole document before layout.

use super::*;

/// Each section key of `blocks` (a heading's `key`) with its heading as the
/// document numbers it, e.g. `risks` → "8 Risk assessment".
pub fn sections(blocks: &[Block]) -> Vec<(String, String)> {
    let mut numbering = Numbering::default();
    numbering.walk(blocks);
    numbering.keyed
}

/// Numbers for headings and clauses, worked out before layout so the table of
/// contents can list headings that come after it.
#[derive(Default)]
pub(super) struct Numbering {
    pub(super) headings: Vec<Heading>,
    pub(super) clauses: Vec<String>,
    /// Each key a heading carries, with the heading as numbered ("8 Risk assessment").
    keyed: Vec<(String, String)>,
    counters: [usize; 4],
    /// Level of the last numbered heading (0 before the first).
    depth: usize,
}

impl Numbering {
    /// Headings are numbered "1", "1.2", "1.2.3". A clause takes the next number one
    /// level below the heading it sits under, sharing the counter with headings of
    /// that level, so "6.1 Board" (a clause) is followed by "6.2 Membership" (a
    /// heading), never by a second "6.1".
    pub(super) fn walk(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Heading {
                    level,
                    numbered,
                    text,
                    keys,
                } => {
                    let level = usize::from((*level).clamp(1, 3));
                    let title = plain(text);
                    let title = if *numbered {
                        self.depth = level;
                        format!("{} {title}", self.next(level))
                    } else {
                        title
                    };
                    self.keyed
                        .extend(keys.iter().map(|k| (k.clone(), title.clone())));
                    self.headings.push(Heading {
                        level: level as u8,
                        title,
                    });
                }
                Block::Clause(_) => {
                    let number = self.next(self.depth + 1);
                    self.clauses.push(number);
                }
                Block::Keep(inner) => self.walk(inner),
                _ => {}
            }
        }
    }

    /// Advances the counter of `level` (1-based), resets deeper ones, returns "a.b.c".
    fn next(&mut self, level: usize) -> String {
        let level = level.clamp(1, 4);
        // A level skipped (an h3 straight under an h1) counts as 1, never 0.
        self.counters[..level - 1]
            .iter_mut()
            .filter(|c| **c == 0)
            .for_each(|c| *c = 1);
        self.counters[level - 1] += 1;
        self.counters[level..].iter_mut().for_each(|c| *c = 0);
        let parts: Vec<String> = self.counters[..level]
            .iter()
            .map(usize::to_string)
            .collect();
        parts.join(".")
    }
}
