//! Layout: document blocks → pages of positioned text, rules and boxes.
//!
//! - `fonts`  finds and measures fonts
//! - `text`   styled text into lines: itemize, shape (rustybuzz), hyphenate
//!   (en-GB), break the paragraph as a whole (Knuth–Plass), reorder right-to-left runs
//! - `blocks` turns each block into units (lines, rows, boxes) with keep rules
//! - `flow`   places units on pages: keep-with-next, repeated table headers
//! - `page`   the page, its geometry and what is drawn on it
//! - `structure` what each drawn thing is (heading, list label, table cell), for
//!   the tagged PDF
//! - `theme`  colours, type sizes and spacing shared by the stages
//!
//! All coordinates here are in points from the top-left corner of the page; the
//! PDF writer flips them.

mod blocks;
mod flow;
pub mod fonts;
pub mod page;
pub mod structure;
pub mod text;
pub mod theme;

pub use blocks::sections;
pub use page::{Geometry, Item, OutlineEntry, Page};

use crate::document::Document;
use fonts::FontSet;

/// Layout choices a template makes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Options {
    /// Justify body paragraphs (the last line of each stays ragged). Off by
    /// default: GOV.UK's and the NHS's guidance for accessible documents asks
    /// for text aligned left, whose even word spacing is easier to read.
    pub justify: bool,
}

/// A laid-out document: its pages and the outline (bookmarks) of its headings.
#[derive(Debug, Clone)]
pub struct Laid {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    pub geometry: Geometry,
    /// Each contents entry linked to its heading, then each use of a defined
    /// term linked to where it is defined.
    pub links: Vec<page::Link>,
    /// What each item on the pages is (`Item::tag`), in reading order.
    pub structure: structure::Structure,
}

/// Characters no installed font can draw, with where they were found.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", describe_missing(.fonts, .missing))]
pub struct MissingGlyphs {
    pub fonts: Vec<String>,
    /// Each character with a snippet of the text it appears in.
    pub missing: Vec<(char, String)>,
}

fn describe_missing(fonts: &[String], missing: &[(char, String)]) -> String {
    let list: Vec<String> = missing
        .iter()
        .map(|(c, at)| format!("'{c}' (U+{:04X}) in \"{at}\"", u32::from(*c)))
        .collect();
    format!(
        "No installed font can draw {}: the fonts tried were {}. Replace the character in the agreement, or install a font that has it and name it as a fallback in the template's manifest.",
        list.join("; "),
        fonts.join(", ")
    )
}

/// Lays out a whole document.
pub fn layout(doc: &Document, fonts: &FontSet, options: &Options) -> Result<Laid, MissingGlyphs> {
    let geometry = Geometry::a4();
    // A new generation of the memo of broken paragraphs: what the last layout
    // used and this one does not is let go.
    fonts.memo(text::memo::Memo::begin);
    let mut builder = blocks::Builder::new(fonts, options, geometry, doc);
    for block in &doc.blocks {
        builder.block(block);
    }
    let built = builder.finish();
    if !built.missing.is_empty() {
        return Err(MissingGlyphs {
            fonts: fonts.family_names().iter().map(|s| s.to_string()).collect(),
            missing: built.missing,
        });
    }
    let (mut pages, outline) = flow::paginate(built.units, &built.headings, &geometry);
    page::finish(&mut pages, &outline, doc, fonts, &geometry);
    for page in &mut pages {
        page::mark_changes(page);
    }
    let mut links = page::contents_links(&pages, &built.contents_links, &outline);
    links.extend(page::term_links(&pages));
    Ok(Laid {
        pages,
        outline,
        geometry,
        links,
        structure: built.structure,
    })
}
