//! Blocks → units. Each block becomes strips the paginator can place: one per line
//! of a paragraph, one per table row, one per signature pair, one for a heat map.
//!
//! The stages, one file each: `numbering` (heading and clause numbers, for the
//! whole document first), `prose` (headings, paragraphs, clauses, lists),
//! `tables` (rows in bands, repeated headers, the glossary), `title_page`,
//! `contents`, `heat_map` and `signatures`. This file holds the builder and the
//! drawing primitives they share; the look is `super::theme`.

use super::Options;
use super::flow::{Heading, Unit};
use super::fonts::{FontSet, Style};
use super::page::{Geometry, Item, fit, single_line};
use super::structure::{ListMarks, NodeId, ROOT, Role, Scope, Structure, Tag};
use super::text::{Line, Setting, break_lines};
use super::theme::*;
use crate::document::{
    Align, Block, Cell, Document, HeatMap, Inline, Mark, Signature, Table, TitlePage,
};
use std::rc::Rc;

pub struct Builder<'a> {
    fonts: &'a FontSet,
    options: &'a Options,
    g: Geometry,
    units: Vec<Unit>,
    headings: Vec<Heading>,
    next_heading: usize,
    /// Clause numbers in document order, and how many have been used.
    clause_numbers: Vec<String>,
    next_clause: usize,
    break_next: bool,
    missing: Vec<(char, String)>,
    /// What each item drawn is, in the document's structure (`Tag`).
    structure: Structure,
    /// Each contents entry's link node, with the heading it leads to.
    contents_links: Vec<(NodeId, usize)>,
}

/// What the builder made: units to place, headings, the structure they are
/// tagged with, the contents' links, and characters no font can draw.
pub struct Built {
    pub units: Vec<Unit>,
    pub headings: Vec<Heading>,
    pub structure: Structure,
    pub contents_links: Vec<(NodeId, usize)>,
    pub missing: Vec<(char, String)>,
}

fn plain(text: &[Inline]) -> String {
    text.iter()
        .map(|i| i.text.as_str())
        .collect::<String>()
        .replace('\n', " ")
}

fn run(text: &str, bold: bool) -> Vec<Inline> {
    vec![Inline {
        text: text.to_string(),
        bold,
        ..Inline::default()
    }]
}

mod contents;
mod heat_map;
mod numbering;
mod prose;
mod signatures;
mod tables;
mod title_page;

use numbering::Numbering;
pub use numbering::sections;

impl<'a> Builder<'a> {
    pub fn new(fonts: &'a FontSet, options: &'a Options, g: Geometry, doc: &Document) -> Self {
        let mut numbering = Numbering::default();
        numbering.walk(&doc.blocks);
        let headings = std::mem::take(&mut numbering.headings);
        Builder {
            fonts,
            options,
            g,
            units: Vec::new(),
            headings,
            next_heading: 0,
            clause_numbers: numbering.clauses,
            next_clause: 0,
            break_next: false,
            missing: Vec::new(),
            structure: Structure::default(),
            contents_links: Vec::new(),
        }
    }

    pub fn finish(self) -> Built {
        Built {
            units: self.units,
            headings: self.headings,
            structure: self.structure,
            contents_links: self.contents_links,
            missing: self.missing,
        }
    }

    /// A new structure node of `role`, the last child of `parent`.
    fn node(&mut self, parent: NodeId, role: Role) -> NodeId {
        self.structure.add(parent, role)
    }

    fn push(&mut self, mut unit: Unit) {
        if self.break_next {
            unit.page_break_before = true;
            self.break_next = false;
        }
        self.units.push(unit);
    }

    /// Breaks ragged text into lines, noting characters no font has with where they were.
    fn lines(&mut self, text: &[Inline], size: f32, width: f32) -> Vec<Line> {
        self.set(text, size, width, Setting::Ragged)
    }

    /// Breaks text into lines set as `setting` asks.
    fn set(&mut self, text: &[Inline], size: f32, width: f32, setting: Setting) -> Vec<Line> {
        let mut missing = Vec::new();
        let lines = break_lines(text, self.fonts, size, width, setting, &mut missing);
        if !missing.is_empty() {
            let context: String = plain(text).chars().take(60).collect();
            for c in missing {
                self.missing.push((c, context.clone()));
            }
        }
        lines
    }

    /// Baseline of a line of `size` type within a strip of height `leading`.
    fn baseline(&self, size: f32, leading: f32) -> f32 {
        let face = self.fonts.face(self.fonts.main(Style::REGULAR));
        let ink = (face.ascender + face.descender) / 1000.0 * size;
        (leading + ink) / 2.0
    }

    /// A line as a text item at (x, baseline), set in `style` within `width`.
    ///
    /// A shrunk space loses at most `MAX_SPACE_SHRINK` of an em (a third of a space).
    fn line_item(&self, line: Line, x: f32, y: f32, width: f32, style: &TextStyle) -> Item {
        let size = style.size;
        let slack = width - line.width;
        let spaces = line.spaces();
        // Each space's share of the slack: stretched to fill a justified line, or
        // shrunk where the breaker chose to shrink spaces (a last line too).
        let share = slack / spaces.max(1) as f32;
        let (dx, gap) = match style.align {
            Align::Centre => (slack.max(0.0) / 2.0, 0.0),
            Align::Right => (slack.max(0.0), 0.0),
            Align::Justify
                if spaces > 0
                    && (!line.last || share < 0.0)
                    && share < size
                    && share >= -MAX_SPACE_SHRINK * size =>
            {
                (0.0, share)
            }
            _ => (0.0, 0.0),
        };
        // A line can only be wider than its box when one character is (a column a
        // few points wide): set it smaller rather than let it cross the margin.
        let drawn = line.width + gap * spaces as f32;
        let size = if drawn > width + 0.01 && drawn > 0.0 {
            size * (width / drawn).max(0.0)
        } else {
            size
        };
        Item::Text {
            x: x + dx,
            y,
            size,
            colour: style.colour,
            line,
            word_gap: gap,
            tag: Tag::Artifact,
        }
    }

    /// Units for a paragraph's lines, tagged `tag`: the first two and the last two
    /// lines stay together (no orphans or widows), and a hyphenated line with the next.
    fn text_units(
        &mut self,
        text: &[Inline],
        x: f32,
        width: f32,
        style: &TextStyle,
        space_before: f32,
        tag: Tag,
    ) -> Vec<Unit> {
        let leading = style.size * LEADING;
        let baseline = self.baseline(style.size, leading);
        let setting = match style.align {
            Align::Justify => Setting::Justified,
            _ => Setting::Ragged,
        };
        let lines = self.set(text, style.size, width, setting);
        let n = lines.len();
        lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| Unit {
                height: leading,
                space_before: if i == 0 { space_before } else { 0.0 },
                // A line ending in a hyphen never ends a page: the word it breaks
                // would be split between pages.
                keep_with_next: n > 1 && (i == 0 || i + 2 == n) || line.hyphenated,
                items: vec![self.line_item(line, x, baseline, width, style).tagged(tag)],
                ..Unit::default()
            })
            .collect()
    }

    /// A one-line label centred in the box from `x`, `width` wide.
    fn centred(&mut self, text: &str, x: f32, width: f32, y: f32, style: &TextStyle) -> Item {
        let mut item = self.label(text, x, y, style);
        if let Item::Text { x, line, .. } = &mut item {
            *x += (width - line.width) / 2.0;
        }
        item
    }

    /// A one-line label (no wrapping), noting any character no font can draw.
    fn label(&mut self, text: &str, x: f32, y: f32, style: &TextStyle) -> Item {
        let mut missing = Vec::new();
        let line = single_line(self.fonts, text, style.font, style.size, &mut missing);
        for c in missing {
            self.missing.push((c, text.chars().take(60).collect()));
        }
        Item::Text {
            x,
            y,
            size: style.size,
            colour: style.colour,
            line,
            word_gap: 0.0,
            tag: Tag::Artifact,
        }
    }

    /// How body text is aligned: justified unless the template asks for ragged.
    fn body_align(&self) -> Align {
        if self.options.justify {
            Align::Justify
        } else {
            Align::Left
        }
    }

    pub fn block(&mut self, block: &Block) {
        match block {
            Block::TitlePage(t) => self.title_page(t),
            Block::Contents { title, depth } => self.contents(title, *depth),
            Block::Heading { level, text, .. } => self.heading(*level, text),
            Block::Paragraph { text, align, small } => {
                let style = if *small {
                    TextStyle::plain(SMALL, SECONDARY)
                } else {
                    TextStyle::plain(BODY, TEXT)
                };
                let style = style.aligned(align.unwrap_or(self.body_align()));
                let p = self.node(ROOT, Role::P);
                let units = self.text_units(
                    text,
                    self.g.left,
                    self.g.body_width(),
                    &style,
                    PARAGRAPH_GAP,
                    Tag::Node(p),
                );
                units.into_iter().for_each(|u| self.push(u));
            }
            Block::Clause(text) => self.clause(text),
            Block::List { ordered, items } => self.list(*ordered, items),
            Block::Table(t) => self.table(t),
            Block::PageBreak => self.break_next = true,
            Block::Keep(inner) => {
                let start = self.units.len();
                inner.iter().for_each(|b| self.block(b));
                let end = self.units.len();
                if end > start {
                    self.units[start..end - 1]
                        .iter_mut()
                        .for_each(|u| u.keep_with_next = true);
                }
            }
            Block::HeatMap(map) => self.heat_map(map),
            Block::Signatures(s) => self.signatures(s),
            Block::Glossary(terms) => self.glossary(terms),
            Block::Space(h) => self.push(Unit {
                height: *h,
                ..Unit::default()
            }),
        }
    }
}
