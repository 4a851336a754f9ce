//! The document a template produces: a small tree of blocks, parsed from the
//! template's markup (see `docs/templates.md`). The program decides how blocks look;
//! the template decides what they say and in which order.

mod parse;

pub use parse::{MarkupError, parse};

/// An RGB colour, 0–255 per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses "#rrggbb".
    pub fn from_hex(s: &str) -> Option<Rgb> {
        let hex = s.strip_prefix('#')?;
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgb(channel(0)?, channel(2)?, channel(4)?))
    }

    /// Relative luminance, as WCAG 2.1 defines it (sRGB made linear).
    pub fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let Rgb(r, g, b) = self;
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    /// WCAG 2.1 contrast ratio of this colour against `other`: 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// A run of text in one style. A `\n` in `text` is a forced line break.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Inline {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub mark: Mark,
}

/// Text marked as changed: inserted text is underlined, deleted text struck
/// through (drawn as lines, so the marking is not colour alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Mark {
    #[default]
    None,
    Inserted,
    Deleted,
    /// A use of the glossary's n-th term: set in bold, linked to its definition.
    Defined(u16),
    /// The glossary's n-th term where it is defined: where its links lead.
    Definition(u16),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Centre,
    Right,
    Justify,
}

/// Everything the PDF's metadata and running footer need.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// Shown in the footer, e.g. "Version 0.4".
    pub version: String,
    /// Shown in the footer, e.g. "K7QF-2MXA": set by the program, not the template.
    pub fingerprint: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub meta: Meta,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    TitlePage(TitlePage),
    /// The table of contents: every numbered heading up to `depth` levels, with its page.
    Contents {
        title: String,
        depth: u8,
    },
    /// Level 1–3. Numbered headings get "1", "1.2", "1.2.3" automatically.
    Heading {
        level: u8,
        numbered: bool,
        text: Vec<Inline>,
        /// What the section covers, from the markup's `key` attribute (steps of the
        /// agreement such as `risks`), so the program can refer to the section.
        keys: Vec<String>,
    },
    Paragraph {
        text: Vec<Inline>,
        align: Option<Align>,
        small: bool,
    },
    /// A numbered paragraph: one level below the last numbered heading, sharing the
    /// counter with headings of that level ("6.1", "6.2", then an h2 "6.3").
    Clause(Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
    Table(Table),
    PageBreak,
    /// Blocks that must stay on one page.
    Keep(Vec<Block>),
    HeatMap(HeatMap),
    /// Each signature block stays whole on one page.
    Signatures(Vec<Signature>),
    /// Terms and meanings, set as a two-column list.
    Glossary(Vec<(String, Vec<Inline>)>),
    /// Vertical space in points.
    Space(f32),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TitlePage {
    pub title: String,
    pub subtitle: String,
    /// Label and value pairs: reference, version, dates…
    pub facts: Vec<(String, String)>,
    /// The parties, one per line.
    pub parties: Vec<String>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Relative column widths; equal when not given.
    pub widths: Vec<f32>,
    /// How many leading rows are header rows, repeated on every page the table spans.
    pub header_rows: usize,
    pub rows: Vec<Vec<Cell>>,
    /// Smaller type for wide tables.
    pub small: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    pub text: Vec<Inline>,
    pub fill: Option<Rgb>,
    pub align: Align,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct HeatMap {
    pub title: String,
    /// Risks placed on the grid: likelihood, consequence (1–5) and a label.
    pub risks: Vec<(u8, u8, String)>,
    /// Fill colour of each score 1–25 (index 0 unused).
    pub colours: Vec<Option<Rgb>>,
    /// The name of each score's band ("High"), empty when the band has none.
    pub band_names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Signature {
    pub organisation: String,
    pub name: String,
    pub role: String,
}
