//! Blocks → units. Each block becomes strips the paginator can place: one per line
//! of a paragraph, one per table row, one per signature pair, one for a heat map.
//! The typographic decisions (sizes, spacing, colours) all live here.

use super::Options;
use super::flow::{Heading, Unit};
use super::fonts::{FontSet, Style};
use super::page::{BLUE, BORDER, Geometry, Item, SECONDARY, TEXT, WHITE, fit, single_line};
use super::text::{Line, Setting, break_lines};
use crate::document::{
    Align, Block, Cell, Document, HeatMap, Inline, Mark, Rgb, Signature, Table, TitlePage,
};
use std::rc::Rc;

const BODY: f32 = 10.5;
const SMALL: f32 = 9.0;
const LEADING: f32 = 1.4;
const PARA_GAP: f32 = 6.0;
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.5;
/// How far a justified space may shrink, in ems: a third of Liberation Sans's
/// 0.28 em space, with room for rounding.
const MAX_SPACE_SHRINK: f32 = 0.1;

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
struct Numbering {
    headings: Vec<Heading>,
    clauses: Vec<String>,
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
    fn walk(&mut self, blocks: &[Block]) {
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
        }
    }

    pub fn finish(self) -> (Vec<Unit>, Vec<Heading>, Vec<(char, String)>) {
        (self.units, self.headings, self.missing)
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

    /// A line as a text item at (x, baseline), aligned within `width`.
    ///
    /// A shrunk space loses at most `MAX_SPACE_SHRINK` of an em (a third of a space).
    #[allow(clippy::too_many_arguments)] // a drawing primitive: position, box and type
    fn line_item(
        &self,
        line: Line,
        x: f32,
        y: f32,
        width: f32,
        size: f32,
        colour: Rgb,
        align: Align,
    ) -> Item {
        let slack = width - line.width;
        let spaces = line.spaces();
        // Each space's share of the slack: stretched to fill a justified line, or
        // shrunk where the breaker chose to shrink spaces (a last line too).
        let share = slack / spaces.max(1) as f32;
        let (dx, gap) = match align {
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
            colour,
            line,
            word_gap: gap,
        }
    }

    /// Units for a paragraph's lines: the first two and the last two lines stay
    /// together (no orphans or widows), and a hyphenated line with the next.
    #[allow(clippy::too_many_arguments)]
    fn text_units(
        &mut self,
        text: &[Inline],
        size: f32,
        x: f32,
        width: f32,
        align: Align,
        colour: Rgb,
        space_before: f32,
    ) -> Vec<Unit> {
        let leading = size * LEADING;
        let baseline = self.baseline(size, leading);
        let setting = match align {
            Align::Justify => Setting::Justified,
            _ => Setting::Ragged,
        };
        let lines = self.set(text, size, width, setting);
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
                items: vec![self.line_item(line, x, baseline, width, size, colour, align)],
                ..Unit::default()
            })
            .collect()
    }

    /// A one-line label centred in the box from `x`, `width` wide.
    #[allow(clippy::too_many_arguments)] // a drawing primitive: position, box and type
    fn centred(
        &mut self,
        text: &str,
        style: Style,
        size: f32,
        x: f32,
        width: f32,
        y: f32,
        colour: Rgb,
    ) -> Item {
        let w = self.fonts.face(self.fonts.main(style)).width(text, size);
        self.label(text, style, size, x + (width - w) / 2.0, y, colour)
    }

    /// A one-line label (no wrapping), noting any character no font can draw.
    fn label(&mut self, text: &str, style: Style, size: f32, x: f32, y: f32, colour: Rgb) -> Item {
        let mut missing = Vec::new();
        let line = single_line(self.fonts, text, style, size, &mut missing);
        for c in missing {
            self.missing.push((c, text.chars().take(60).collect()));
        }
        Item::Text {
            x,
            y,
            size,
            colour,
            line,
            word_gap: 0.0,
        }
    }

    pub fn block(&mut self, block: &Block) {
        match block {
            Block::TitlePage(t) => self.title_page(t),
            Block::Contents { title, depth } => self.contents(title, *depth),
            Block::Heading { level, text, .. } => self.heading(*level, text),
            Block::Paragraph { text, align, small } => {
                let size = if *small { SMALL } else { BODY };
                let colour = if *small { SECONDARY } else { TEXT };
                let align = align.unwrap_or(if self.options.justify {
                    Align::Justify
                } else {
                    Align::Left
                });
                let units = self.text_units(
                    text,
                    size,
                    self.g.left,
                    self.g.body_width(),
                    align,
                    colour,
                    PARA_GAP,
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

    fn heading(&mut self, level: u8, text: &[Inline]) {
        let index = self.next_heading;
        self.next_heading += 1;
        let title = self
            .headings
            .get(index)
            .map_or_else(|| plain(text), |h| h.title.clone());
        let (size, space_before, colour) = match level {
            1 => (16.0, 20.0, BLUE),
            2 => (12.5, 14.0, TEXT),
            _ => (11.0, 10.0, TEXT),
        };
        let lines = self.lines(&run(&title, true), size, self.g.body_width());
        let leading = size * 1.25;
        let baseline = self.baseline(size, leading);
        let n = lines.len();
        let mut items: Vec<Item> = lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| {
                let y = baseline + i as f32 * leading;
                self.line_item(
                    line,
                    self.g.left,
                    y,
                    self.g.body_width(),
                    size,
                    colour,
                    Align::Left,
                )
            })
            .collect();
        let mut height = n as f32 * leading + 4.0;
        if level == 1 {
            items.push(Item::Rule {
                x1: self.g.left,
                y1: height,
                x2: self.g.right,
                y2: height,
                colour: BORDER,
                width: 0.75,
            });
            height += 6.0;
        }
        self.push(Unit {
            height,
            space_before,
            keep_with_next: true,
            items,
            heading: Some(index),
            ..Unit::default()
        });
    }

    /// A paragraph indented by `indent`, with `marker` (a clause number, a bullet)
    /// hanging in the margin of its first line.
    #[allow(clippy::too_many_arguments)]
    fn hanging(
        &mut self,
        marker: &str,
        marker_style: Style,
        marker_x: f32,
        text: &[Inline],
        indent: f32,
        align: Align,
        space_before: f32,
    ) {
        let x = self.g.left + indent;
        let width = self.g.body_width() - indent;
        let mut units = self.text_units(text, BODY, x, width, align, TEXT, space_before);
        if let Some(first) = units.first_mut() {
            let baseline = self.baseline(BODY, BODY * LEADING);
            let item = self.label(marker, marker_style, BODY, marker_x, baseline, TEXT);
            first.items.push(item);
        }
        units.into_iter().for_each(|u| self.push(u));
    }

    fn clause(&mut self, text: &[Inline]) {
        let number = self
            .clause_numbers
            .get(self.next_clause)
            .cloned()
            .unwrap_or_default();
        self.next_clause += 1;
        let align = if self.options.justify {
            Align::Justify
        } else {
            Align::Left
        };
        self.hanging(
            &number,
            Style::BOLD,
            self.g.left,
            text,
            34.0,
            align,
            PARA_GAP,
        );
    }

    fn list(&mut self, ordered: bool, items: &[Vec<Inline>]) {
        let indent = if ordered { 22.0 } else { 16.0 };
        for (i, item) in items.iter().enumerate() {
            let marker = if ordered {
                format!("{}.", i + 1)
            } else {
                "•".to_string()
            };
            let gap = if i == 0 { PARA_GAP } else { 2.5 };
            let x = self.g.left + 4.0;
            self.hanging(&marker, Style::REGULAR, x, item, indent, Align::Left, gap);
        }
    }

    /// A table row as one unit: cell fills, wrapped text, a rule underneath.
    /// A table row: cell fills, wrapped text, a rule underneath. A row too tall to
    /// sit comfortably on a page is cut into bands of lines, so it can continue on
    /// the next page (under the repeated header) instead of running off the foot.
    fn row(&mut self, cells: &[Cell], widths: &[f32], size: f32, header: bool) -> Vec<Unit> {
        let leading = size * 1.3;
        let baseline = self.baseline(size, leading);
        let band_lines =
            (((self.g.body_height() * 0.45) - 2.0 * CELL_PAD_Y) / leading).max(1.0) as usize;
        let mut x = self.g.left;
        let mut laid = Vec::new();
        let mut most = 1;
        for (c, w) in widths.iter().enumerate() {
            let cell = cells.get(c).cloned().unwrap_or_default();
            let fill = cell.fill.or(if header { Some(BLUE) } else { None });
            let colour = match fill {
                Some(f) if !f.is_light() => WHITE,
                _ => TEXT,
            };
            let lines = self.lines(&cell.text, size, w - 2.0 * CELL_PAD_X);
            most = most.max(lines.len());
            laid.push((x, *w, fill, colour, cell.align, lines));
            x += w;
        }
        let bands = most.div_ceil(band_lines);
        let mut units = Vec::with_capacity(bands);
        for band in 0..bands {
            let range = band * band_lines..((band + 1) * band_lines).min(most);
            let last = band + 1 == bands;
            let height =
                range.len() as f32 * leading + if last { 2.0 * CELL_PAD_Y } else { CELL_PAD_Y };
            let top = if band == 0 { CELL_PAD_Y } else { 0.0 };
            let mut items = Vec::new();
            for (x, w, fill, colour, align, lines) in &laid {
                if let Some(fill) = fill {
                    items.push(Item::Rect {
                        x: *x,
                        y: 0.0,
                        w: *w,
                        h: height,
                        fill: Some(*fill),
                        stroke: None,
                    });
                }
                let band_lines = lines.iter().skip(range.start).take(range.len());
                for (i, line) in band_lines.enumerate() {
                    let y = top + baseline + i as f32 * leading;
                    items.push(self.line_item(
                        line.clone(),
                        x + CELL_PAD_X,
                        y,
                        w - 2.0 * CELL_PAD_X,
                        size,
                        *colour,
                        *align,
                    ));
                }
            }
            if last {
                items.push(Item::Rule {
                    x1: self.g.left,
                    y1: height,
                    x2: self.g.right,
                    y2: height,
                    colour: if header { BLUE } else { BORDER },
                    width: if header { 1.0 } else { 0.5 },
                });
            }
            units.push(Unit {
                height,
                items,
                ..Unit::default()
            });
        }
        units
    }

    fn table(&mut self, t: &Table) {
        let columns = t.rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        let relative = if t.widths.len() == columns {
            t.widths.clone()
        } else {
            vec![1.0; columns]
        };
        let total: f32 = relative.iter().sum();
        let widths: Vec<f32> = relative
            .iter()
            .map(|w| w / total * self.g.body_width())
            .collect();
        let size = if t.small { 8.0 } else { SMALL };
        let header_count = t.header_rows.min(t.rows.len());
        let header: Vec<Unit> = t.rows[..header_count]
            .iter()
            .flat_map(|r| self.row(r, &widths, size, true))
            .map(|mut u| {
                u.keep_with_next = true;
                u
            })
            .collect();
        let header = Rc::new(header);
        for (i, u) in header.iter().enumerate() {
            let mut u = u.clone();
            u.space_before = if i == 0 { PARA_GAP + 2.0 } else { 0.0 };
            self.push(u);
        }
        for (i, r) in t.rows[header_count..].iter().enumerate() {
            for (band, mut u) in self.row(r, &widths, size, false).into_iter().enumerate() {
                if header_count == 0 && i == 0 && band == 0 {
                    u.space_before = PARA_GAP + 2.0;
                }
                if header_count > 0 {
                    u.repeat = Some(header.clone());
                }
                self.push(u);
            }
        }
    }

    fn title_page(&mut self, t: &TitlePage) {
        let g = self.g;
        let width = g.body_width();
        let mut items = Vec::new();
        let mut y = 70.0;
        items.push(Item::Rect {
            x: g.left,
            y: 0.0,
            w: 60.0,
            h: 6.0,
            fill: Some(BLUE),
            stroke: None,
        });
        items.push(self.label(
            "MEMORANDUM OF UNDERSTANDING",
            Style::BOLD,
            11.0,
            g.left,
            y,
            BLUE,
        ));
        y += 20.0;
        for line in self.lines(&run(&t.title, true), 24.0, width) {
            y += 30.0;
            items.push(self.line_item(line, g.left, y, width, 24.0, TEXT, Align::Left));
        }
        y += 10.0;
        for line in self.lines(&run(&t.subtitle, false), 14.0, width) {
            y += 19.0;
            items.push(self.line_item(line, g.left, y, width, 14.0, SECONDARY, Align::Left));
        }
        y += 22.0;
        items.push(Item::Rule {
            x1: g.left,
            y1: y,
            x2: g.right,
            y2: y,
            colour: BLUE,
            width: 2.0,
        });
        y += 10.0;
        let label_width = 120.0;
        for (label, value) in &t.facts {
            y += 17.0;
            let bold = self.fonts.main(Style::BOLD);
            let label = fit(self.fonts, bold, label, 10.0, label_width - 8.0);
            items.push(self.label(&label, Style::BOLD, 10.0, g.left, y, SECONDARY));
            let lines = self.lines(&run(value, false), 10.0, width - label_width);
            let n = lines.len();
            for (i, line) in lines.into_iter().enumerate() {
                items.push(self.line_item(
                    line,
                    g.left + label_width,
                    y + i as f32 * 14.0,
                    width - label_width,
                    10.0,
                    TEXT,
                    Align::Left,
                ));
            }
            y += n.saturating_sub(1) as f32 * 14.0;
        }
        // The note sits at the foot of the page; the parties fill the space above it,
        // and any that do not fit are counted rather than drawn over the note.
        let note = if t.note.is_empty() {
            Vec::new()
        } else {
            self.lines(&run(&t.note, false), SMALL, width)
        };
        let note_top = g.body_height() - note.len() as f32 * 12.6 - 12.0;
        if !t.parties.is_empty() {
            y += 34.0;
            items.push(self.label("Between", Style::BOLD, 10.0, g.left, y, SECONDARY));
            y += 4.0;
            let mut drawn = 0;
            'parties: for party in &t.parties {
                let lines = self.lines(&run(party, false), 11.0, width);
                if y + 16.0 * (lines.len() + 1) as f32 > note_top {
                    break 'parties;
                }
                for line in lines {
                    y += 16.0;
                    items.push(self.line_item(line, g.left, y, width, 11.0, TEXT, Align::Left));
                }
                drawn += 1;
            }
            if drawn < t.parties.len() {
                y += 16.0;
                let more = format!(
                    "and {} more partners, listed in full inside",
                    t.parties.len() - drawn
                );
                items.push(self.label(
                    &more,
                    Style {
                        bold: false,
                        italic: true,
                    },
                    11.0,
                    g.left,
                    y,
                    SECONDARY,
                ));
            }
        }
        let mut ny = note_top + 12.0;
        for line in note {
            ny += 12.6;
            items.push(self.line_item(
                line,
                g.left,
                ny - 3.0,
                width,
                SMALL,
                SECONDARY,
                Align::Left,
            ));
        }
        let height = g.body_height().min(y.max(0.0) + 10.0).max(y);
        self.push(Unit {
            height: height.min(g.body_height()),
            items,
            ..Unit::default()
        });
        self.break_next = true;
    }

    fn contents(&mut self, title: &str, depth: u8) {
        let g = self.g;
        let size = 16.0;
        let leading = size * 1.25;
        let items = vec![self.label(
            title,
            Style::BOLD,
            size,
            g.left,
            self.baseline(size, leading),
            BLUE,
        )];
        self.push(Unit {
            height: leading + 10.0,
            keep_with_next: true,
            items,
            ..Unit::default()
        });
        let entries: Vec<(usize, Heading)> = self
            .headings
            .iter()
            .cloned()
            .enumerate()
            .filter(|(_, h)| h.level <= depth)
            .collect();
        let page_col = 28.0;
        for (index, h) in entries {
            let (size, style, gap) = if h.level == 1 {
                (10.5, Style::BOLD, 7.0)
            } else {
                (10.0, Style::REGULAR, 1.5)
            };
            let indent = f32::from(h.level - 1) * 18.0;
            let leading = size * LEADING;
            let baseline = self.baseline(size, leading);
            let face = self.fonts.main(style);
            let room = g.body_width() - indent - page_col - 10.0;
            let label = fit(self.fonts, face, &h.title, size, room);
            let label_width = self.fonts.face(face).width(&label, size);
            let mut items = vec![self.label(&label, style, size, g.left + indent, baseline, TEXT)];
            // Dotted leader from the title to the page number.
            let dot = self
                .fonts
                .face(self.fonts.main(Style::REGULAR))
                .width(". ", size);
            let start = g.left + indent + label_width + 6.0;
            let end = g.right - page_col;
            if end > start && dot > 0.0 {
                let count = ((end - start) / dot) as usize;
                let leader = ". ".repeat(count);
                items.push(self.label(
                    leader.trim_end(),
                    Style::REGULAR,
                    size,
                    end - dot * count as f32,
                    baseline,
                    SECONDARY,
                ));
            }
            items.push(Item::PageOf {
                heading: index,
                right: g.right,
                y: baseline,
                size,
                face,
                colour: TEXT,
            });
            self.push(Unit {
                height: leading,
                space_before: gap,
                items,
                ..Unit::default()
            });
        }
        self.break_next = true;
    }

    fn heat_map(&mut self, map: &HeatMap) {
        const LIKELIHOOD: [&str; 5] = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"];
        const CONSEQUENCE: [&str; 5] = ["Negligible", "Minor", "Moderate", "Major", "Catastrophic"];
        let g = self.g;
        let label_w = 96.0;
        let cell_w = ((g.body_width() - label_w) / 5.0).min(70.0);
        let cell_h = 40.0;
        let mut items = Vec::new();
        let mut y = 0.0;
        if !map.title.is_empty() {
            items.push(self.label(&map.title, Style::BOLD, 11.0, g.left, 11.0, TEXT));
            y += 20.0;
        }
        items.push(self.label(
            "Likelihood ↓ / Consequence →",
            Style::BOLD,
            8.0,
            g.left,
            y + 10.0,
            SECONDARY,
        ));
        y += 16.0;
        for row in 0..5u8 {
            let l = 5 - row; // most likely at the top
            let top = y + f32::from(row) * cell_h;
            let label = format!("{l} {}", LIKELIHOOD[usize::from(l - 1)]);
            items.push(self.label(
                &label,
                Style::REGULAR,
                8.5,
                g.left,
                top + cell_h / 2.0 + 3.0,
                TEXT,
            ));
            for c in 1..=5u8 {
                let x = g.left + label_w + f32::from(c - 1) * cell_w;
                let score = usize::from(l * c);
                let fill = map.colours.get(score).copied().flatten();
                items.push(Item::Rect {
                    x,
                    y: top,
                    w: cell_w,
                    h: cell_h,
                    fill,
                    stroke: Some((WHITE, 1.5)),
                });
                let here: Vec<&str> = map
                    .risks
                    .iter()
                    .filter(|(rl, rc, _)| *rl == l && *rc == c)
                    .map(|(_, _, s)| s.as_str())
                    .collect();
                let colour = match fill {
                    Some(f) if !f.is_light() => WHITE,
                    _ => TEXT,
                };
                let count = if here.is_empty() {
                    String::new()
                } else {
                    here.len().to_string()
                };
                items.push(self.centred(&count, Style::BOLD, 12.0, x, cell_w, top + 16.0, colour));
                let regular = self.fonts.main(Style::REGULAR);
                let ids = fit(self.fonts, regular, &here.join(" "), 6.5, cell_w - 6.0);
                items.push(self.centred(&ids, Style::REGULAR, 6.5, x, cell_w, top + 31.0, colour));
            }
        }
        y += 5.0 * cell_h + 12.0;
        for c in 1..=5u8 {
            let x = g.left + label_w + f32::from(c - 1) * cell_w;
            let label = format!("{c} {}", CONSEQUENCE[usize::from(c - 1)]);
            let face = self.fonts.main(Style::REGULAR);
            let label = fit(self.fonts, face, &label, 8.0, cell_w - 2.0);
            items.push(self.centred(&label, Style::REGULAR, 8.0, x, cell_w, y, TEXT));
        }
        self.push(Unit {
            height: y + 8.0,
            space_before: 10.0,
            items,
            ..Unit::default()
        });
    }

    fn signatures(&mut self, signatures: &[Signature]) {
        let g = self.g;
        let gutter = 24.0;
        let col = (g.body_width() - gutter) / 2.0;
        for (pair_index, pair) in signatures.chunks(2).enumerate() {
            let mut items = Vec::new();
            let mut height: f32 = 0.0;
            for (i, s) in pair.iter().enumerate() {
                let x = g.left + i as f32 * (col + gutter);
                let mut y = 0.0;
                for line in self.lines(&run(&s.organisation, true), 10.5, col) {
                    y += 14.0;
                    items.push(self.line_item(line, x, y, col, 10.5, TEXT, Align::Left));
                }
                for (label, value) in [
                    ("Signature", ""),
                    ("Name", s.name.as_str()),
                    ("Job title", s.role.as_str()),
                    ("Date", ""),
                ] {
                    y += 26.0;
                    items.push(self.label(label, Style::REGULAR, 8.5, x, y, SECONDARY));
                    let vx = x + 58.0;
                    // Long job titles wrap above the line rather than being cut short.
                    let lines = if value.is_empty() {
                        Vec::new()
                    } else {
                        self.lines(&run(value, false), 10.0, col - 58.0)
                    };
                    let extra = lines.len().saturating_sub(1) as f32 * 12.0;
                    for (i, line) in lines.into_iter().enumerate() {
                        let ly = y - 1.0 + i as f32 * 12.0;
                        items.push(self.line_item(
                            line,
                            vx,
                            ly,
                            col - 58.0,
                            10.0,
                            TEXT,
                            Align::Left,
                        ));
                    }
                    y += extra;
                    items.push(Item::Rule {
                        x1: vx,
                        y1: y + 4.0,
                        x2: x + col,
                        y2: y + 4.0,
                        colour: SECONDARY,
                        width: 0.5,
                    });
                }
                height = height.max(y + 10.0);
            }
            self.push(Unit {
                height,
                space_before: if pair_index == 0 { 12.0 } else { 22.0 },
                items,
                ..Unit::default()
            });
        }
    }

    /// Terms and meanings as a borderless two-column table: a long meaning breaks
    /// across pages like any table row.
    fn glossary(&mut self, terms: &[(String, Vec<Inline>)]) {
        let widths = [self.g.body_width() * 0.3, self.g.body_width() * 0.7];
        for (i, (term, meaning)) in terms.iter().enumerate() {
            // Where the term's uses link to (`defined_terms`).
            let mut text = run(term, true);
            if let Ok(n) = u16::try_from(i) {
                text.iter_mut().for_each(|r| r.mark = Mark::Definition(n));
            }
            let cells = [
                Cell {
                    text,
                    ..Cell::default()
                },
                Cell {
                    text: meaning.clone(),
                    ..Cell::default()
                },
            ];
            for (band, mut u) in self
                .row(&cells, &widths, SMALL + 0.5, false)
                .into_iter()
                .enumerate()
            {
                if i == 0 && band == 0 {
                    u.space_before = PARA_GAP;
                }
                self.push(u);
            }
        }
    }
}
