//! Text to lines, in stages:
//!
//! 1. `itemize`   each character gets a face (the main family, else the first
//!    fallback that has it), its change mark and, where right-to-left text is
//!    present, its bidi level (`bidi`);
//! 2. `shape`     runs of one face, mark and direction become glyphs with the
//!    font's kerning and joining forms;
//! 3. `elements`  words, spaces and the places a word may be hyphenated
//!    (`hyphenate`, British patterns) become boxes, glue and penalties;
//! 4. `knuth_plass` chooses the breaks for the paragraph as a whole;
//! 5. `build`     the chosen lines become pieces, drawn in visual order.
//!
//! Break opportunities come from the Unicode line-breaking algorithm
//! (unicode-linebreak); a forced break ends a paragraph for the breaker.

mod bidi;
mod hyphenate;
pub mod knuth_plass;
pub mod memo;
pub mod shape;

use super::fonts::{FaceId, FontSet, Style};
use crate::document::{Inline, Mark};
use knuth_plass::{Element, Measure};
pub use shape::Glyph;
use std::ops::Range;
use std::sync::Arc;
use unicode_linebreak::{BreakOpportunity, linebreaks};

/// A stretch of a line in one face and direction: a word (or part of one), or
/// spaces. Its characters and glyphs are kept by its line, in one buffer each, so
/// that a page of text costs a few allocations, not a few per word.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub face: FaceId,
    /// Bytes of the line's text: the characters, in logical (reading) order.
    text: Range<u32>,
    /// The line's glyphs that draw them, in the order they are drawn.
    glyphs: Range<u32>,
    pub width: f32,
    /// An inter-word space, which justification may stretch.
    pub is_space: bool,
    /// Inserted or deleted text, drawn underlined or struck through.
    pub mark: Mark,
    /// The bidi embedding level: odd is right to left, and then the glyphs are in
    /// visual order, the reverse of the text. 0 for all left-to-right text.
    pub level: u8,
    /// Where the piece starts in the text that was set (bytes), to put a line's
    /// right-to-left stretches back in reading order.
    pub at: usize,
}

impl Piece {
    pub fn rtl(&self) -> bool {
        self.level % 2 == 1
    }
}

/// A piece with its characters and glyphs, as a line lends it out.
#[derive(Debug, Clone, Copy)]
pub struct PieceRef<'l> {
    pub piece: &'l Piece,
    pub text: &'l str,
    pub glyphs: &'l [Glyph],
}

impl std::ops::Deref for PieceRef<'_> {
    type Target = Piece;
    fn deref(&self) -> &Piece {
        self.piece
    }
}

/// One set line. Its buffers are shared, not copied, when it is cloned: a
/// paragraph's lines are handed out again from the memo (`memo`) on every render.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// In visual order: right-to-left runs are already reversed.
    pieces: Arc<[Piece]>,
    /// The pieces' characters, one after another in reading order.
    text: Arc<str>,
    /// The pieces' glyphs, one after another in reading order.
    glyphs: Arc<[Glyph]>,
    /// Natural width, without trailing spaces.
    pub width: f32,
    /// The last line of a paragraph, or one ended by a forced break: never justified.
    pub last: bool,
    /// Ends with a hyphen the breaker added.
    pub hyphenated: bool,
    /// Broke at a space (not drawn): the text goes on after a space, which a
    /// reader of the text, not of the page, needs (`pdf::content`).
    pub space_after: bool,
}

/// A line being built: as `Line`, its buffers still growing.
#[derive(Default)]
struct Building {
    pieces: Vec<Piece>,
    text: String,
    glyphs: Vec<Glyph>,
    width: f32,
    last: bool,
    hyphenated: bool,
    space_after: bool,
}

impl Building {
    fn finish(self) -> Line {
        Line {
            width: self.width,
            pieces: self.pieces.into(),
            text: self.text.into(),
            glyphs: self.glyphs.into(),
            last: self.last,
            hyphenated: self.hyphenated,
            space_after: self.space_after,
        }
    }
}

impl Line {
    /// The pieces, left to right.
    pub fn pieces(&self) -> impl Iterator<Item = PieceRef<'_>> {
        self.pieces.iter().map(|piece| PieceRef {
            piece,
            text: self
                .text
                .get(piece.text.start as usize..piece.text.end as usize)
                .unwrap_or(""),
            glyphs: self
                .glyphs
                .get(piece.glyphs.start as usize..piece.glyphs.end as usize)
                .unwrap_or(&[]),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// Bytes its buffers hold.
    pub fn heap_bytes(&self) -> usize {
        self.text.len() + size_of_val(&*self.glyphs) + size_of_val(&*self.pieces)
    }

    pub fn spaces(&self) -> usize {
        self.pieces.iter().filter(|p| p.is_space).count()
    }

    /// The line's characters as drawn, piece by piece from the left.
    pub fn text(&self) -> String {
        self.pieces().map(|p| p.text).collect()
    }
}

/// A position in a line's buffers as u32 (a line is far shorter than 4 GB).
fn at32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// `len` items from `start`, as a range of u32.
fn span32(start: usize, len: usize) -> Range<u32> {
    at32(start)..at32(start).saturating_add(at32(len))
}

/// How a paragraph's lines are filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Setting {
    /// Spaces stretch and shrink so every line but the last fills the measure;
    /// words may be hyphenated.
    Justified,
    /// Natural spaces and an uneven right edge, kept as even as the words allow;
    /// no hyphenation (as Typst, and as guidance on readable documents, have it).
    Ragged,
}

/// How far a space may stretch and shrink when justifying, as a share of its width
/// (TeX's and Typst's defaults).
const SPACE_STRETCH: f32 = 0.5;
const SPACE_SHRINK: f32 = 1.0 / 3.0;
/// How short a ragged line may be, in ems, before it counts as badly set.
const RAGGED_STRETCH_EMS: f32 = 4.0;
/// The cost of breaking at a hyphen the breaker adds (TeX's \\hyphenpenalty).
const HYPHEN_COST: f32 = 50.0;
/// The cost of breaking after a hyphen in the text ("joined-|up"): higher than
/// TeX's, because text extractors (pdftotext, screen readers' copy) join a line
/// ending in a hyphen to the next and would read "joinedup".
const EXPLICIT_HYPHEN_COST: f32 = 300.0;
/// The cost of breaking inside a word no hyphenation fits (a long address):
/// taken only when nothing else will do.
const EMERGENCY_COST: f32 = 5_000.0;
/// A width tolerance for lines that fill the measure exactly.
const EXACT: f32 = 0.01;

/// One character as itemized.
#[derive(Clone, Copy)]
struct Char {
    byte: usize,
    c: char,
    face: FaceId,
    mark: Mark,
    level: u8,
}

/// A run of characters in one face, mark and direction, shaped.
struct Run {
    face: FaceId,
    mark: Mark,
    level: u8,
    /// Bytes of the paragraph's text.
    range: Range<usize>,
    glyphs: Arc<[Glyph]>,
}

/// Where each element came from, to rebuild the line from the breaks.
#[derive(Clone)]
enum Source {
    /// Part of a run: bytes of the paragraph's text.
    Glyphs { run: usize, range: Range<usize> },
    /// Spaces after a word, in the face, bidi level and mark of the first.
    Space {
        face: FaceId,
        level: u8,
        mark: Mark,
        range: Range<usize>,
    },
    /// A place to break: a hyphen is drawn when `hyphen` is the face to draw it in.
    Break { hyphen: Option<FaceId> },
}

/// Breaks styled text into lines no wider than `width` points at `size` points.
/// Characters no installed face can draw are pushed to `missing`. A paragraph
/// broken in this render or the last is taken from the font set's memo.
pub fn break_lines(
    runs: &[Inline],
    fonts: &FontSet,
    size: f32,
    width: f32,
    setting: Setting,
    missing: &mut Vec<char>,
) -> Vec<Line> {
    let found = fonts.memo(|m| m.find(runs, size, width, setting)).flatten();
    let broken = found.unwrap_or_else(|| {
        let mut lacking = Vec::new();
        let lines = break_paragraph(runs, fonts, size, width, setting, &mut lacking);
        let broken = Arc::new(memo::Broken {
            lines,
            missing: lacking,
        });
        fonts.memo(|m| m.insert(runs, size, width, setting, broken.clone()));
        broken
    });
    missing.extend_from_slice(&broken.missing);
    broken.lines.clone()
}

/// As `break_lines`, always breaking the text anew.
fn break_paragraph(
    runs: &[Inline],
    fonts: &FontSet,
    size: f32,
    width: f32,
    setting: Setting,
    missing: &mut Vec<char>,
) -> Vec<Line> {
    let (text, chars) = itemize(runs, fonts, missing);
    if chars.is_empty() {
        return Vec::new();
    }
    let paragraph = Paragraph {
        fonts,
        text: &text,
        size,
        width,
        setting,
    };
    // Forced breaks (the Unicode classes BK, CR, LF and NL) end paragraphs for the
    // breaker; a CR LF pair is one break.
    let mut lines = Vec::new();
    let mut first = 0;
    for (i, ch) in chars.iter().enumerate() {
        let crlf = ch.c == '\r' && chars.get(i + 1).is_some_and(|next| next.c == '\n');
        if is_newline(ch.c) && !crlf {
            lines.extend(paragraph.lines(&chars[first..=i]));
            first = i + 1;
        }
    }
    if first < chars.len() {
        lines.extend(paragraph.lines(&chars[first..]));
    }
    lines
}

/// Stage 1: the text as one string, each character with its face, mark and level.
fn itemize(runs: &[Inline], fonts: &FontSet, missing: &mut Vec<char>) -> (String, Vec<Char>) {
    let total: usize = runs.iter().map(|r| r.text.len()).sum();
    let mut text = String::with_capacity(total);
    let mut chars: Vec<Char> = Vec::with_capacity(total);
    for run in runs {
        let style = Style {
            bold: run.bold,
            italic: run.italic,
        };
        for c in run.text.chars() {
            let previous = chars.last().map(|p| p.face);
            let face = if c == '\n' {
                fonts.main(style)
            } else if let Some(face) = previous.filter(|f| clings(c) && fonts.face(*f).has(c)) {
                // A combining mark or joiner stays in its letter's face, to be shaped with it.
                face
            } else if let Some(face) = fonts.face_for(style, c) {
                face
            } else if invisible(c) {
                previous.unwrap_or_else(|| fonts.main(style))
            } else {
                if !missing.contains(&c) {
                    missing.push(c);
                }
                fonts.main(style)
            };
            chars.push(Char {
                byte: text.len(),
                c,
                face,
                mark: run.mark,
                level: 0,
            });
            text.push(c);
        }
    }
    if bidi::has_rtl(&text) {
        let levels = bidi::levels(&text);
        for ch in &mut chars {
            ch.level = levels.get(ch.byte).copied().unwrap_or(0);
        }
    }
    (text, chars)
}

/// Marks and joiners that belong with the letter before them.
fn clings(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' // combining diacritics
        | '\u{0591}'..='\u{05C7}' // Hebrew points
        | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}' // Arabic marks
        | '\u{200C}' | '\u{200D}') // zero-width (non-)joiner
}

/// Format characters that draw nothing: a font need not have them.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// One paragraph (text between forced breaks) being broken.
struct Paragraph<'a> {
    fonts: &'a FontSet,
    text: &'a str,
    size: f32,
    width: f32,
    setting: Setting,
}

impl Paragraph<'_> {
    fn lines(&self, chars: &[Char]) -> Vec<Line> {
        // Trailing spaces and the forced break itself are not set.
        let end = chars.len()
            - chars
                .iter()
                .rev()
                .take_while(|c| c.c == ' ' || is_newline(c.c))
                .count();
        let chars = &chars[..end];
        if chars.is_empty() {
            return vec![Line {
                last: true,
                ..Line::default()
            }];
        }
        let runs = self.shape(chars);
        let (elements, sources) = self.elements(chars, &runs);
        let measure = Measure {
            width: self.width + EXACT,
            line_end_stretch: match self.setting {
                Setting::Justified => 0.0,
                Setting::Ragged => RAGGED_STRETCH_EMS * self.size,
            },
        };
        let breaks = if self.fits_on_one_line(&elements) {
            vec![elements.len()]
        } else {
            knuth_plass::breaks(&elements, measure)
        };
        self.build(&breaks, &elements, &sources, &runs)
    }

    fn fits_on_one_line(&self, elements: &[Element]) -> bool {
        let natural: f32 = elements
            .iter()
            .map(|e| match e {
                Element::Box { width } | Element::Glue { width, .. } => *width,
                Element::Penalty { .. } => 0.0,
            })
            .sum();
        natural <= self.width + EXACT
    }

    /// Stage 2: maximal runs of one face, mark and level between spaces, shaped.
    fn shape(&self, chars: &[Char]) -> Vec<Run> {
        let mut runs: Vec<Run> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].c == ' ' {
                i += 1;
                continue;
            }
            let first = chars[i];
            let mut j = i + 1;
            while j < chars.len()
                && chars[j].c != ' '
                && chars[j].face == first.face
                && chars[j].mark == first.mark
                && chars[j].level == first.level
            {
                j += 1;
            }
            let end = chars.get(j).map_or(self.text.len(), |c| c.byte);
            let range = first.byte..end;
            let glyphs = self.fonts.shaper().shape(
                first.face,
                first.level % 2 == 1,
                &self.text[range.clone()],
            );
            runs.push(Run {
                face: first.face,
                mark: first.mark,
                level: first.level,
                range,
                glyphs,
            });
            i = j;
        }
        runs
    }

    /// Width in points of the part of `run` from `range` (bytes of the text).
    fn width_of(&self, run: &Run, range: &Range<usize>) -> f32 {
        span(run, range).iter().map(|g| g.advance).sum::<f32>() * self.size / 1000.0
    }

    /// Stage 3: boxes, glue and penalties, with where each came from.
    fn elements(&self, chars: &[Char], runs: &[Run]) -> (Vec<Element>, Vec<Source>) {
        let mut elements = Vec::with_capacity(runs.len() * 3);
        let mut sources = Vec::with_capacity(runs.len() * 3);
        let end_byte = chars.last().map_or(0, |c| c.byte + c.c.len_utf8());
        let paragraph = &self.text[chars[0].byte..end_byte];
        let base = chars[0].byte;
        let mut run = 0;
        let mut at = base;
        for (offset, opportunity) in linebreaks(paragraph) {
            let segment_end = base + offset;
            // The segment `at..segment_end`: a word, then any spaces.
            let word_end = at + self.text[at..segment_end].trim_end_matches(' ').len();
            let word = &self.text[at..word_end];
            let last_word = segment_end >= end_byte;
            let hyphenate = self.setting == Setting::Justified && !last_word;
            // The runs of the word; a run can go on into the next segment ("co-|operation").
            let mut previous_end = at;
            while run < runs.len() && runs[run].range.start < word_end {
                let r = &runs[run];
                if r.range.start > previous_end {
                    // Spaces the line-breaking rules do not let a line break at
                    // (“quoted” (2026), before a closing bracket): they stay, unbroken.
                    elements.push(Element::Penalty {
                        width: 0.0,
                        cost: knuth_plass::FORBIDDEN,
                        flagged: false,
                    });
                    sources.push(Source::Break { hyphen: None });
                    let (glue, source) = self.glue(chars, previous_end..r.range.start);
                    elements.push(glue);
                    sources.push(source);
                }
                let range = r.range.start.max(at)..r.range.end.min(word_end);
                let breaks = if hyphenate && r.level == 0 && r.range == (at..word_end) {
                    hyphenate::opportunities(word)
                } else {
                    Vec::new()
                };
                self.word_parts(run, r, range, &breaks, &mut elements, &mut sources);
                previous_end = r.range.end;
                if r.range.end > word_end {
                    break;
                }
                run += 1;
            }
            if word_end < segment_end {
                let (glue, source) = self.glue(chars, word_end..segment_end);
                elements.push(glue);
                sources.push(source);
            } else if !last_word && opportunity == BreakOpportunity::Allowed {
                let explicit = word.ends_with(['-', '\u{2010}', '\u{2013}']);
                elements.push(Element::Penalty {
                    width: 0.0,
                    cost: if explicit { EXPLICIT_HYPHEN_COST } else { 0.0 },
                    flagged: explicit,
                });
                sources.push(Source::Break { hyphen: None });
            }
            at = segment_end;
        }
        (elements, sources)
    }

    /// Glue for the spaces at `range` (bytes of the text), in the face, level and
    /// mark of the first.
    fn glue(&self, chars: &[Char], range: Range<usize>) -> (Element, Source) {
        let space = &chars[chars.partition_point(|c| c.byte < range.start)..];
        let (face, level, mark) = space
            .first()
            .map_or((self.fonts.main(Style::REGULAR), 0, Mark::None), |c| {
                (c.face, c.level, c.mark)
            });
        let spaces = &self.text[range.clone()];
        let width = self
            .fonts
            .shaper()
            .shape(face, false, spaces)
            .iter()
            .map(|g| g.advance)
            .sum::<f32>()
            * self.size
            / 1000.0;
        let (stretch, shrink) = match self.setting {
            Setting::Justified => (width * SPACE_STRETCH, width * SPACE_SHRINK),
            Setting::Ragged => (0.0, 0.0),
        };
        (
            Element::Glue {
                width,
                stretch,
                shrink,
            },
            Source::Space {
                face,
                level,
                mark,
                range,
            },
        )
    }

    /// Boxes for the part `range` of run `r`, with a hyphenation penalty at each of
    /// `breaks` (offsets in the word, which is the whole run when there are any).
    /// A part wider than the line may break between any two characters.
    fn word_parts(
        &self,
        index: usize,
        r: &Run,
        range: Range<usize>,
        breaks: &[usize],
        elements: &mut Vec<Element>,
        sources: &mut Vec<Source>,
    ) {
        let hyphen_width = self.fonts.face(r.face).advance('-', self.size);
        let mut cuts: Vec<usize> = breaks.iter().map(|b| range.start + b).collect();
        cuts.push(range.end);
        let parts = cuts.len();
        let mut from = range.start;
        for (n, to) in cuts.into_iter().enumerate() {
            let part = from..to;
            if n > 0 {
                elements.push(Element::Penalty {
                    width: hyphen_width,
                    cost: HYPHEN_COST,
                    flagged: true,
                });
                sources.push(Source::Break {
                    hyphen: Some(r.face),
                });
            }
            let width = self.width_of(r, &part);
            // A part followed by a hyphen must leave room for it.
            let hyphen = if n + 1 < parts { hyphen_width } else { 0.0 };
            if width + hyphen > self.width + EXACT {
                self.emergency_parts(index, r, part, elements, sources);
            } else {
                elements.push(Element::Box { width });
                sources.push(Source::Glyphs {
                    run: index,
                    range: part,
                });
            }
            from = to;
        }
    }

    /// A part too wide for any line, as one box per character with costly breaks between.
    fn emergency_parts(
        &self,
        index: usize,
        r: &Run,
        range: Range<usize>,
        elements: &mut Vec<Element>,
        sources: &mut Vec<Source>,
    ) {
        // Each glyph cluster (a letter and its marks) stays whole.
        let mut bounds: Vec<usize> = span(r, &range)
            .iter()
            .map(|g| g.cluster as usize + r.range.start)
            .collect();
        bounds.sort_unstable();
        bounds.dedup();
        if bounds.first() != Some(&range.start) {
            bounds.insert(0, range.start);
        }
        bounds.push(range.end);
        for (n, pair) in bounds.windows(2).enumerate() {
            if n > 0 {
                elements.push(Element::Penalty {
                    width: 0.0,
                    cost: EMERGENCY_COST,
                    flagged: false,
                });
                sources.push(Source::Break { hyphen: None });
            }
            let part = pair[0]..pair[1];
            elements.push(Element::Box {
                width: self.width_of(r, &part),
            });
            sources.push(Source::Glyphs {
                run: index,
                range: part,
            });
        }
    }

    /// Stage 5: the lines the breaks make, each in visual order.
    fn build(
        &self,
        breaks: &[usize],
        elements: &[Element],
        sources: &[Source],
        runs: &[Run],
    ) -> Vec<Line> {
        let mut lines = Vec::with_capacity(breaks.len());
        let mut start = 0;
        for (n, &end) in breaks.iter().enumerate() {
            // Spaces (and breaks) at the ends of a line are not set.
            let drawn = |s: &Source| matches!(s, Source::Glyphs { .. });
            let line_sources = &sources[start..end];
            let first = line_sources
                .iter()
                .position(drawn)
                .unwrap_or(line_sources.len());
            let last = line_sources
                .iter()
                .rposition(drawn)
                .map_or(first, |i| i + 1);
            let ends_in_space = |s: &Source| matches!(s, Source::Space { .. });
            let mut line = Building {
                last: n + 1 == breaks.len(),
                space_after: line_sources[last..].iter().any(ends_in_space)
                    || sources.get(end).is_some_and(ends_in_space),
                ..Building::default()
            };
            // The run and the end (in the text) of the last piece, while a part
            // of the same run that follows it can join it.
            let mut open: Option<(usize, usize)> = None;
            for source in &line_sources[first..last] {
                match source {
                    Source::Glyphs { run, range } => {
                        let r = &runs[*run];
                        if open == Some((*run, range.start)) {
                            self.extend_last(&mut line, r, range.end);
                        } else {
                            self.push_part(&mut line, r, range.clone());
                        }
                        open = Some((*run, range.end));
                    }
                    Source::Space {
                        face,
                        level,
                        mark,
                        range,
                    } => {
                        let text = &self.text[range.clone()];
                        let glyphs = self.fonts.shaper().shape(*face, false, text);
                        self.push_plain(&mut line, *face, text, &glyphs, true);
                        if let Some(piece) = line.pieces.last_mut() {
                            (piece.mark, piece.level, piece.at) = (*mark, *level, range.start);
                        }
                        open = None;
                    }
                    Source::Break { .. } => open = None,
                }
            }
            if let Some(Source::Break { hyphen: Some(face) }) = sources.get(end) {
                let (level, at) = line.pieces.last().map_or((0, 0), |p| {
                    (p.level, p.at + (p.text.end - p.text.start) as usize)
                });
                let glyphs = self.fonts.shaper().shape(*face, false, "-");
                self.push_plain(&mut line, *face, "-", &glyphs, false);
                if let Some(piece) = line.pieces.last_mut() {
                    (piece.level, piece.at) = (level, at);
                }
                line.hyphenated = true;
            }
            line.width = line.pieces.iter().map(|p| p.width).sum();
            visual(&mut line.pieces);
            // Lines live until the file is written: made exactly as long as they are.
            lines.push(line.finish());
            // The next line starts after the break (glue or penalty) it follows.
            start = (end + 1).min(elements.len());
        }
        lines
    }

    /// Adds the part `range` (bytes of the text) of run `r` to `line` as a piece.
    fn push_part(&self, line: &mut Building, r: &Run, range: Range<usize>) {
        line.pieces.push(Piece {
            face: r.face,
            text: span32(line.text.len(), 0),
            glyphs: span32(line.glyphs.len(), 0),
            width: 0.0,
            is_space: false,
            mark: r.mark,
            level: r.level,
            at: range.start,
        });
        self.extend_last(line, r, range.end);
    }

    /// Takes the line's last piece, a part of run `r`, on to byte `to` of the
    /// text: its text and glyphs are the last in the line's buffers, so they are
    /// written again from where the piece starts.
    fn extend_last(&self, line: &mut Building, r: &Run, to: usize) {
        let Some(piece) = line.pieces.last_mut() else {
            return;
        };
        let from = piece.at;
        line.text.truncate(piece.text.start as usize);
        line.glyphs.truncate(piece.glyphs.start as usize);
        line.text.push_str(&self.text[from..to]);
        let rebase = (from - r.range.start) as u32;
        line.glyphs
            .extend(span(r, &(from..to)).iter().map(|g| Glyph {
                cluster: g.cluster - rebase,
                ..*g
            }));
        piece.text.end = at32(line.text.len());
        piece.glyphs.end = at32(line.glyphs.len());
        let glyphs = &line.glyphs[piece.glyphs.start as usize..];
        piece.width = glyphs.iter().map(|g| g.advance).sum::<f32>() * self.size / 1000.0;
    }

    /// Adds spaces or a hyphen, shaped on their own, to `line` as a piece.
    fn push_plain(
        &self,
        line: &mut Building,
        face: FaceId,
        text: &str,
        glyphs: &[Glyph],
        is_space: bool,
    ) {
        line.pieces.push(Piece {
            face,
            text: span32(line.text.len(), text.len()),
            glyphs: span32(line.glyphs.len(), glyphs.len()),
            width: glyphs.iter().map(|g| g.advance).sum::<f32>() * self.size / 1000.0,
            is_space,
            mark: Mark::None,
            level: 0,
            at: 0,
        });
        line.text.push_str(text);
        line.glyphs.extend_from_slice(glyphs);
    }
}

/// The glyphs of `run` that draw the characters at `range` (bytes of the text):
/// clusters rise along a left-to-right run and fall along a right-to-left one.
fn span<'r>(run: &'r Run, range: &Range<usize>) -> &'r [Glyph] {
    let from = (range.start - run.range.start) as u32;
    let to = (range.end - run.range.start) as u32;
    let g = &run.glyphs[..];
    let (start, end) = if run.level % 2 == 1 {
        (
            g.partition_point(|x| x.cluster >= to),
            g.partition_point(|x| x.cluster >= from),
        )
    } else {
        (
            g.partition_point(|x| x.cluster < from),
            g.partition_point(|x| x.cluster < to),
        )
    };
    g.get(start..end.max(start)).unwrap_or(&[])
}

/// A line's pieces put in visual order: right-to-left runs reversed (bidi
/// rule L2). Their text and glyphs stay where they are in the line's buffers.
fn visual(pieces: &mut Vec<Piece>) {
    if pieces.iter().all(|p| p.level == 0) {
        return;
    }
    let levels: Vec<u8> = pieces.iter().map(|p| p.level).collect();
    let mut slots: Vec<Option<Piece>> = pieces.drain(..).map(Some).collect();
    pieces.extend(
        bidi::visual_order(&levels)
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take)),
    );
}

fn is_newline(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::fonts::FontRequest;

    fn fonts() -> Arc<FontSet> {
        crate::render::fonts(&FontRequest {
            family: "Liberation Sans".into(),
            fallbacks: vec!["DejaVu Sans".into()],
        })
        .expect("Liberation Sans and DejaVu Sans are installed")
    }

    fn set(text: &str, width: f32, setting: Setting) -> Vec<Line> {
        let run = [Inline {
            text: text.into(),
            ..Inline::default()
        }];
        let mut missing = Vec::new();
        let lines = break_lines(&run, &fonts(), 10.0, width, setting, &mut missing);
        assert!(missing.is_empty(), "{missing:?}");
        lines
    }

    #[test]
    fn arabic_is_shaped_into_joining_forms_and_drawn_right_to_left() {
        let fonts = fonts();
        let lines = set("مؤسسة", 500.0, Setting::Ragged);
        let piece = lines[0].pieces().next().expect("a piece");
        assert!(piece.rtl());
        assert_eq!(piece.text, "مؤسسة", "text stays in reading order");
        let face = fonts.face(piece.face);
        assert!(face.family.contains("DejaVu"), "{}", face.family);
        // Visual order: the first letter's glyph is drawn last (rightmost).
        let clusters: Vec<u32> = piece.glyphs.iter().map(|g| g.cluster).collect();
        assert!(clusters.windows(2).all(|w| w[0] > w[1]), "{clusters:?}");
        // Joined: the middle letters are drawn with other glyphs than their
        // isolated forms from the character map.
        let joined = piece
            .glyphs
            .iter()
            .zip(piece.text.chars().rev())
            .filter(|(g, c)| face.glyph_id(*c) != Some(g.id))
            .count();
        assert!(joined >= 3, "{joined} of 5 letters joined");
    }

    #[test]
    fn right_to_left_words_inside_english_are_reordered_as_a_group() {
        let lines = set("Partner مؤسسة الرعاية signs", 500.0, Setting::Ragged);
        let order: Vec<&str> = lines[0].pieces().map(|p| p.text).collect();
        assert_eq!(
            order,
            ["Partner", " ", "الرعاية", " ", "مؤسسة", " ", "signs"]
        );
    }

    #[test]
    fn kerned_pairs_set_tighter_than_their_advances() {
        let fonts = fonts();
        let lines = set("AVAWAY To", 500.0, Setting::Ragged);
        let word = lines[0].pieces().next().expect("a piece");
        let face = fonts.face(word.face);
        let nominal: f32 = word.glyphs.iter().map(|g| face.nominal_advance(g.id)).sum();
        let kerned: f32 = word.glyphs.iter().map(|g| g.advance).sum();
        assert!(kerned < nominal - 50.0, "{kerned} against {nominal}");
        // Kerning is whole thousandths, as the PDF writes it.
        assert!(word.glyphs.iter().all(|g| g.advance.fract() == 0.0));
    }

    const PARAGRAPH: &str = "The partners agree that commissioning responsibilities \
        for intermediate care, reablement and hospital discharge are shared between \
        the organisations, and that the partnership board oversees their performance.";

    #[test]
    fn justified_text_is_hyphenated_and_ragged_text_is_not() {
        let justified = set(PARAGRAPH, 120.0, Setting::Justified);
        assert!(
            justified.iter().any(|l| l.hyphenated),
            "no hyphen at 120 pt"
        );
        for line in &justified {
            assert_eq!(line.text().ends_with('-'), line.hyphenated);
        }
        // Joining each hyphenated line to the next gives the text back.
        let mut joined = String::new();
        for line in &justified {
            let text = line.text();
            match text.strip_suffix('-').filter(|_| line.hyphenated) {
                Some(head) => joined.push_str(head),
                None => {
                    joined.push_str(&text);
                    joined.push(' ');
                }
            }
        }
        let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(words(&joined), words(PARAGRAPH));
        let ragged = set(PARAGRAPH, 120.0, Setting::Ragged);
        assert!(ragged.iter().all(|l| !l.hyphenated));
    }

    #[test]
    fn no_line_is_wider_than_the_measure_whatever_the_words() {
        let long = "x".repeat(500);
        for text in [
            PARAGRAPH,
            long.as_str(),
            "https://example.org/a/very/long/address/that/goes/on",
        ] {
            for width in [20.0, 60.0, 120.0, 300.0] {
                for setting in [Setting::Justified, Setting::Ragged] {
                    for line in set(text, width, setting) {
                        // Justified spaces may shrink by a third.
                        let shrink = match setting {
                            Setting::Justified => line
                                .pieces
                                .iter()
                                .filter(|p| p.is_space)
                                .map(|p| p.width * SPACE_SHRINK)
                                .sum(),
                            Setting::Ragged => 0.0,
                        };
                        assert!(
                            line.width - shrink <= width + EXACT,
                            "{:?}: {} > {width}",
                            line.text(),
                            line.width
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_space_the_rules_do_not_break_at_is_kept() {
        // No break between a closing quotation mark and an opening bracket (UAX #14,
        // LB15), even with a space between: the space stays, on whatever line.
        for width in [90.0, 500.0] {
            let text: String = set("the “quoted” (2026/27) text", width, Setting::Justified)
                .iter()
                .map(|l| l.text() + " ")
                .collect();
            assert!(text.contains("“quoted” (2026/27)"), "{text:?} at {width}");
        }
    }

    #[test]
    fn forced_breaks_end_lines_and_blank_lines_stay() {
        let lines = set("one\n\ntwo", 300.0, Setting::Justified);
        let texts: Vec<String> = lines.iter().map(Line::text).collect();
        assert_eq!(texts, ["one", "", "two"]);
        assert!(lines.iter().all(|l| l.last));
    }
}
