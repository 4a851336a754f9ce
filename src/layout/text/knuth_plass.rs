//! Breaking a paragraph as a whole: Knuth and Plass's total-fit algorithm
//! ("Breaking paragraphs into lines", 1981), as TeX and Typst use it.
//!
//! The paragraph is a row of boxes (words and parts of words), glue (spaces that
//! may stretch or shrink) and penalties (places to break at a cost, such as a
//! hyphen). Every way of breaking it gets demerits from how far each line's
//! spaces stretch or shrink, the penalties taken and how neighbouring lines
//! differ; the breaks with the fewest demerits win. A line can never be overfull
//! unless nothing else fits (a word wider than the line is broken before this).

/// One element of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Element {
    Box {
        width: f32,
    },
    /// A space: a break may replace it.
    Glue {
        width: f32,
        stretch: f32,
        shrink: f32,
    },
    /// A place to break. `width` is drawn only if the line breaks here (a hyphen);
    /// `flagged` marks hyphens, which should not end many lines in a row.
    Penalty {
        width: f32,
        cost: f32,
        flagged: bool,
    },
}

/// How a paragraph is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    pub width: f32,
    /// Extra stretch every line has at its end: zero for justified text; for
    /// ragged text, the raggedness allowed before a line counts as bad.
    pub line_end_stretch: f32,
}

/// A penalty this high forbids a break (TeX's 10000): a space that must not break.
pub const FORBIDDEN: f32 = f32::INFINITY;

/// Demerits added to every line, so that fewer lines are preferred.
const LINE_PENALTY: f32 = 10.0;
/// A line whose spaces stretch by their full stretchability has badness 100.
const BADNESS_SCALE: f32 = 100.0;
/// Badness is capped here: anything worse is equally bad.
const MAX_BADNESS: f32 = 10_000.0;
/// Two hyphenated lines in a row.
const CONSECUTIVE_HYPHEN_DEMERITS: f32 = 3_000.0;
/// At most this many hyphenated lines in a row.
pub const MAX_CONSECUTIVE_HYPHENS: u8 = 2;
/// A third hyphenated line in a row: worse than any line's badness, better
/// than a line sticking out of the column.
const EXCESS_HYPHEN_DEMERITS: f32 = 1.0e8;
/// Demerits per point an overfull line sticks out, when nothing else fits.
const OVERFULL_DEMERITS: f32 = 1.0e9;

/// A way the paragraph could have been broken up to a breakpoint.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// The element the line ended at (or 0 for the paragraph's start).
    at: usize,
    /// Where the next line starts: its first box.
    start: usize,
    /// Hyphenated lines in a row ending here.
    hyphens: u8,
    /// In f64: a paragraph's demerits can pass 10^12, and small differences decide.
    demerits: f64,
    previous: Option<usize>,
}

/// Sums of widths, stretch and shrink of every element before each index.
struct Sums {
    width: Vec<f32>,
    stretch: Vec<f32>,
    shrink: Vec<f32>,
}

impl Sums {
    fn new(elements: &[Element]) -> Sums {
        let n = elements.len() + 1;
        let mut sums = Sums {
            width: Vec::with_capacity(n),
            stretch: Vec::with_capacity(n),
            shrink: Vec::with_capacity(n),
        };
        let (mut w, mut y, mut z) = (0.0_f64, 0.0_f64, 0.0_f64);
        for element in elements {
            sums.width.push(w as f32);
            sums.stretch.push(y as f32);
            sums.shrink.push(z as f32);
            match *element {
                Element::Box { width } => w += f64::from(width),
                Element::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    w += f64::from(width);
                    y += f64::from(stretch);
                    z += f64::from(shrink);
                }
                Element::Penalty { .. } => {}
            }
        }
        sums.width.push(w as f32);
        sums.stretch.push(y as f32);
        sums.shrink.push(z as f32);
        sums
    }
}

/// Where a line that follows a break at `at` begins: after the break, and after
/// any glue or penalties that would otherwise start it.
fn line_start(elements: &[Element], at: usize, first: bool) -> usize {
    let mut i = if first { 0 } else { at + 1 };
    while i < elements.len() && !matches!(elements[i], Element::Box { .. }) {
        i += 1;
    }
    i
}

/// The best breaks for `elements`: indices of the glue or penalty each line ends
/// at, the last always `elements.len()` (the paragraph's end, which is never
/// stretched: its last line is set at natural width).
pub fn breaks(elements: &[Element], measure: Measure) -> Vec<usize> {
    let end = elements.len();
    if end == 0 {
        return Vec::new();
    }
    let sums = Sums::new(elements);
    let mut nodes = vec![Node {
        at: 0,
        start: line_start(elements, 0, true),
        hyphens: 0,
        demerits: 0.0,
        previous: None,
    }];
    let mut active: Vec<usize> = vec![0];
    let mut still_active: Vec<usize> = Vec::new();
    let mut best_here: Vec<Option<usize>> = Vec::new();

    for b in 1..=end {
        let (penalty_width, cost, flagged) = match elements.get(b) {
            None => (0.0, 0.0, false),
            Some(Element::Penalty { cost, .. }) if *cost >= FORBIDDEN => continue,
            Some(Element::Penalty {
                width,
                cost,
                flagged,
            }) => (*width, *cost, *flagged),
            // Glue is a breakpoint only after a box.
            Some(Element::Glue { .. }) if matches!(elements[b - 1], Element::Box { .. }) => {
                (0.0, 0.0, false)
            }
            Some(_) => continue,
        };
        let last = b == end;
        // Best new node for each count of hyphens in a row.
        best_here.clear();
        best_here.resize(usize::from(MAX_CONSECUTIVE_HYPHENS) + 1, None);
        still_active.clear();
        for &a in &active {
            let node = nodes[a];
            let start = node.start;
            if start > b {
                still_active.push(a);
                continue;
            }
            let natural = sums.width[b] - sums.width[start] + penalty_width;
            let stretch = sums.stretch[b] - sums.stretch[start] + measure.line_end_stretch;
            let shrink = sums.shrink[b] - sums.shrink[start];
            let (badness, over): (f32, f32) = if natural > measure.width + f32::EPSILON {
                let excess = natural - measure.width;
                if shrink >= excess {
                    still_active.push(a);
                    let ratio = excess / shrink;
                    (BADNESS_SCALE * ratio.powi(3), 0.0)
                } else {
                    (MAX_BADNESS, excess - shrink)
                }
            } else if last {
                still_active.push(a);
                (0.0, 0.0)
            } else {
                still_active.push(a);
                let short = measure.width - natural;
                let ratio = if stretch > 0.0 {
                    short / stretch
                } else if short <= 0.01 {
                    0.0
                } else {
                    f32::INFINITY
                };
                ((BADNESS_SCALE * ratio.powi(3)).min(MAX_BADNESS), 0.0)
            };
            let hyphens = if flagged { node.hyphens + 1 } else { 0 };
            let mut demerits = (LINE_PENALTY + badness).powi(2);
            if hyphens > MAX_CONSECUTIVE_HYPHENS {
                // Only where nothing else fits (a column a word or two wide).
                demerits += EXCESS_HYPHEN_DEMERITS;
            }
            let hyphens = hyphens.min(MAX_CONSECUTIVE_HYPHENS);
            if cost > 0.0 {
                demerits += cost * cost;
            } else if cost < 0.0 {
                demerits -= cost * cost;
            }
            if flagged && node.hyphens > 0 {
                demerits += CONSECUTIVE_HYPHEN_DEMERITS;
            }
            demerits += over * OVERFULL_DEMERITS;
            let total = node.demerits + f64::from(demerits);
            let state = usize::from(hyphens);
            let better = best_here[state].is_none_or(|n: usize| total < nodes[n].demerits);
            if better {
                let candidate = Node {
                    at: b,
                    start: line_start(elements, b, false),
                    hyphens,
                    demerits: total,
                    previous: Some(a),
                };
                match best_here[state] {
                    Some(n) => nodes[n] = candidate,
                    None => {
                        best_here[state] = Some(nodes.len());
                        nodes.push(candidate);
                    }
                }
            }
        }
        // A line from an active node that is already too wide only gets wider:
        // drop it, unless every node is, when the newest stays so that some
        // (overfull) way through remains.
        if still_active.is_empty() {
            still_active.extend(active.iter().copied().max());
        }
        std::mem::swap(&mut active, &mut still_active);
        active.extend(best_here.iter().flatten());
    }

    // The cheapest way to the paragraph's end.
    let Some(mut n) = nodes
        .iter()
        .enumerate()
        .filter(|(_, node)| node.at == end)
        .min_by(|a, b| a.1.demerits.total_cmp(&b.1.demerits))
        .map(|(i, _)| i)
    else {
        return vec![end];
    };
    let mut out = Vec::new();
    while let Some(previous) = nodes[n].previous {
        out.push(nodes[n].at);
        n = previous;
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPACE: Element = Element::Glue {
        width: 3.0,
        stretch: 1.5,
        shrink: 1.0,
    };

    fn words(widths: &[f32]) -> Vec<Element> {
        let mut out = Vec::new();
        for (i, w) in widths.iter().enumerate() {
            if i > 0 {
                out.push(SPACE);
            }
            out.push(Element::Box { width: *w });
        }
        out
    }

    fn justified(width: f32) -> Measure {
        Measure {
            width,
            line_end_stretch: 0.0,
        }
    }

    #[test]
    fn a_paragraph_that_fits_is_one_line() {
        let elements = words(&[10.0, 10.0, 10.0]);
        assert_eq!(breaks(&elements, justified(100.0)), vec![elements.len()]);
    }

    /// Demerits of breaking `elements` at `lines`, computed the long way, line by
    /// line, as the module's documentation defines them.
    fn demerits_of(elements: &[Element], lines: &[usize], width: f32) -> Option<f64> {
        let mut total = 0.0;
        let mut start = 0;
        let mut hyphens = 0;
        for (n, &end) in lines.iter().enumerate() {
            let (mut w, mut y, mut z) = (0.0, 0.0, 0.0);
            for e in &elements[start..end] {
                match e {
                    Element::Box { width } => w += width,
                    Element::Glue {
                        width,
                        stretch,
                        shrink,
                    } => {
                        w += width;
                        y += stretch;
                        z += shrink;
                    }
                    Element::Penalty { .. } => {}
                }
            }
            let (mut cost, mut flagged) = (0.0, false);
            if let Some(Element::Penalty {
                width: hyphen,
                cost: c,
                flagged: f,
            }) = elements.get(end)
            {
                w += hyphen;
                (cost, flagged) = (*c, *f);
            }
            let last = n + 1 == lines.len();
            let badness = if w > width {
                if z < w - width {
                    return None; // overfull
                }
                100.0 * ((w - width) / z).powi(3)
            } else if last {
                0.0
            } else if y > 0.0 {
                (100.0 * ((width - w) / y).powi(3)).min(10_000.0)
            } else if width - w <= 0.01 {
                0.0 // exactly full
            } else {
                10_000.0
            };
            let mut line = (10.0 + badness).powi(2) + cost * cost;
            hyphens = if flagged { hyphens + 1 } else { 0 };
            if flagged && hyphens > 1 {
                line += 3_000.0;
            }
            if hyphens > 2 {
                line += 1.0e8;
            }
            total += f64::from(line);
            start = end + 1;
        }
        Some(total)
    }

    #[test]
    fn total_fit_finds_the_cheapest_breaks_an_exhaustive_search_finds() {
        // Pseudo-random paragraphs of up to seven words, some of which may be
        // hyphenated, broken every possible way.
        let mut seed = 0x2545_f491_u32;
        let mut next = |range: u32| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed % range
        };
        let (mut differs_from_greedy, mut hyphenated) = (0, 0);
        for _ in 0..300 {
            let n = 3 + next(5) as usize;
            let mut elements = Vec::new();
            let mut widths = Vec::new();
            for i in 0..n {
                if i > 0 {
                    elements.push(SPACE);
                }
                let w = 8.0 + next(40) as f32;
                widths.push(w);
                if w > 20.0 && next(2) == 0 {
                    elements.push(Element::Box { width: w / 2.0 });
                    elements.push(Element::Penalty {
                        width: 2.0,
                        cost: 50.0,
                        flagged: true,
                    });
                    elements.push(Element::Box { width: w / 2.0 });
                } else {
                    elements.push(Element::Box { width: w });
                }
            }
            let width = 40.0 + next(50) as f32;
            let candidates: Vec<usize> = (1..elements.len())
                .filter(|i| !matches!(elements[*i], Element::Box { .. }))
                .collect();
            let mut best: Option<f64> = None;
            for mask in 0..(1u32 << candidates.len()) {
                let mut lines: Vec<usize> = candidates
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| mask & (1 << i) != 0)
                    .map(|(_, g)| *g)
                    .collect();
                lines.push(elements.len());
                if let Some(d) = demerits_of(&elements, &lines, width) {
                    best = Some(best.map_or(d, |b: f64| b.min(d)));
                }
            }
            let Some(best) = best else { continue }; // some part is wider than the line
            let chosen = breaks(&elements, justified(width));
            let found = demerits_of(&elements, &chosen, width).expect("never overfull");
            assert!(
                found <= best * 1.0001,
                "{elements:?} at {width}: {found} > {best}"
            );
            if chosen
                .iter()
                .any(|at| matches!(elements.get(*at), Some(Element::Penalty { .. })))
            {
                hyphenated += 1;
            }
            // Greedy filling: as many words as fit at natural width, no hyphens.
            let mut greedy = Vec::new();
            let mut used = 0.0;
            let mut glue = 0;
            for (i, w) in widths.iter().enumerate() {
                if i > 0 && used + 3.0 + w > width {
                    greedy.push(glue);
                    used = *w;
                } else {
                    used += if i > 0 { 3.0 + w } else { *w };
                }
                glue = elements
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| matches!(e, Element::Glue { .. }))
                    .nth(i)
                    .map_or(0, |(at, _)| at);
            }
            greedy.push(elements.len());
            if greedy != chosen {
                differs_from_greedy += 1;
            }
        }
        // Only worth something if total fit often breaks differently, and hyphenates.
        assert!(differs_from_greedy > 30, "{differs_from_greedy}");
        assert!(hyphenated > 30, "{hyphenated}");
    }

    #[test]
    fn a_third_hyphen_in_a_row_is_avoided_when_a_shorter_line_will_do() {
        // Twelve parts, each 10 wide; three fill a line exactly. Breaks after parts
        // 4 and 8 need no hyphen, every other one does. Full lines would end in a
        // hyphen three times in a row (after parts 3, 6 and 9); the rule takes a
        // shorter line instead.
        let mut elements = vec![Element::Box { width: 10.0 }];
        for part in 1..12 {
            elements.push(Element::Penalty {
                width: 0.0,
                cost: 0.0,
                flagged: part % 4 != 0,
            });
            elements.push(Element::Box { width: 10.0 });
        }
        let lines = breaks(
            &elements,
            Measure {
                width: 30.0,
                line_end_stretch: 10.0,
            },
        );
        let flagged: Vec<bool> = lines
            .iter()
            .map(|at| {
                matches!(
                    elements.get(*at),
                    Some(Element::Penalty { flagged: true, .. })
                )
            })
            .collect();
        let longest = flagged.split(|f| !f).map(<[bool]>::len).max().unwrap_or(0);
        assert!(longest <= usize::from(MAX_CONSECUTIVE_HYPHENS), "{lines:?}");
    }

    #[test]
    fn a_box_wider_than_the_line_is_set_alone_rather_than_lost() {
        let elements = words(&[10.0, 500.0, 10.0]);
        let lines = breaks(&elements, justified(100.0));
        assert_eq!(lines, vec![1, 3, 5]);
    }

    #[test]
    fn ragged_lines_prefer_even_ends() {
        let elements = words(&[40.0, 40.0, 40.0, 10.0]);
        let lines = breaks(
            &elements,
            Measure {
                width: 90.0,
                line_end_stretch: 30.0,
            },
        );
        assert_eq!(lines.len(), 2);
    }
}
