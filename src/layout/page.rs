//! Pages and what is drawn on them.

use super::fonts::{FaceId, FontSet, Style};
use super::structure::{NodeId, Tag};
use super::text::{Line, PieceRef, Setting, break_lines};
use super::theme::{BORDER, SECONDARY};
use crate::document::Mark;
use crate::document::{Document, Rgb};

/// Page size and margins, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    pub top: f32,
    /// Bottom of the body area, from the top of the page.
    pub bottom: f32,
    /// Baseline of the running footer, from the top of the page.
    pub footer: f32,
}

impl Geometry {
    /// A4 with 25 mm margins; the footer sits in the bottom margin, 17 mm above the edge,
    /// well inside the 12.7 mm most office printers cannot reach.
    pub fn a4() -> Geometry {
        let mm = 72.0 / 25.4;
        let height = 297.0 * mm;
        Geometry {
            width: 210.0 * mm,
            height,
            left: 25.0 * mm,
            right: 210.0 * mm - 25.0 * mm,
            top: 25.0 * mm,
            bottom: height - 25.0 * mm,
            footer: height - 17.0 * mm,
        }
    }

    pub fn body_width(&self) -> f32 {
        self.right - self.left
    }

    pub fn body_height(&self) -> f32 {
        self.bottom - self.top
    }
}

/// One thing drawn on a page. `y` is from the top of the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A line of text with its baseline at `y`; `word_gap` is added after each space.
    Text {
        x: f32,
        y: f32,
        size: f32,
        colour: Rgb,
        line: Line,
        word_gap: f32,
        tag: Tag,
    },
    /// A rectangle with its top-left corner at (x, y).
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
        tag: Tag,
    },
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        colour: Rgb,
        width: f32,
        tag: Tag,
    },
    /// The page number of heading `heading`, right-aligned at `right`; filled in once
    /// every page is known (the table of contents).
    PageOf {
        heading: usize,
        right: f32,
        y: f32,
        size: f32,
        face: FaceId,
        colour: Rgb,
        tag: Tag,
    },
}

impl Item {
    /// What the item belongs to in the document's structure.
    pub fn tag(&self) -> Tag {
        match self {
            Item::Text { tag, .. }
            | Item::Rect { tag, .. }
            | Item::Rule { tag, .. }
            | Item::PageOf { tag, .. } => *tag,
        }
    }

    /// The box the item covers: left, top, right, bottom (from the page's top).
    /// Text reaches a type size above its baseline and a quarter below.
    pub fn bounds(&self) -> Option<[f32; 4]> {
        match self {
            Item::Text {
                x, y, size, line, ..
            } if !line.is_empty() => Some([*x, y - size, x + line.width, y + size / 4.0]),
            Item::Rect { x, y, w, h, .. } => Some([*x, *y, x + w, y + h]),
            Item::Rule { x1, y1, x2, y2, .. } => {
                Some([x1.min(*x2), y1.min(*y2), x1.max(*x2), y1.max(*y2)])
            }
            _ => None,
        }
    }

    /// The same item, as part of `to` in the document's structure.
    pub fn tagged(mut self, to: Tag) -> Item {
        match &mut self {
            Item::Text { tag, .. }
            | Item::Rect { tag, .. }
            | Item::Rule { tag, .. }
            | Item::PageOf { tag, .. } => *tag = to,
        }
        self
    }

    /// The same item moved down by `dy`.
    pub fn shifted(mut self, dy: f32) -> Item {
        match &mut self {
            Item::Text { y, .. } | Item::Rect { y, .. } | Item::PageOf { y, .. } => *y += dy,
            Item::Rule { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
        }
        self
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

/// A heading as the bookmarks and the table of contents show it.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    /// "3.2 Membership", number included when numbered.
    pub title: String,
    /// 0-based page index, and the heading's top on that page.
    pub page: usize,
    pub y: f32,
}

/// A single line of text in one style, as an item.
pub fn text_item(
    fonts: &FontSet,
    s: &str,
    style: Style,
    size: f32,
    x: f32,
    y: f32,
    colour: Rgb,
) -> Item {
    let line = single_line(fonts, s, style, size, &mut Vec::new());
    Item::Text {
        x,
        y,
        size,
        colour,
        line,
        word_gap: 0.0,
        tag: Tag::Artifact,
    }
}

/// Where the marking lines of changed text go, as fractions of the font size from
/// the baseline (positive is down): under the letters, and through their middle.
const UNDERLINE_BELOW: f32 = 0.15;
const STRIKE_ABOVE: f32 = 0.3;
const MARK_THICKNESS: f32 = 0.06;

/// Underlines inserted text and strikes through deleted text on `page`: a line
/// under (or through) each marked piece, spaces between marked words included.
pub fn mark_changes(page: &mut Page) {
    let mut marks = Vec::new();
    for item in &page.items {
        let Item::Text {
            x,
            y,
            size,
            colour,
            line,
            word_gap,
            ..
        } = item
        else {
            continue;
        };
        for (piece, at, width) in placed(*x, line, *word_gap) {
            let offset = match piece.mark {
                Mark::None | Mark::Defined(_) | Mark::Definition(_) => None,
                Mark::Inserted => Some(UNDERLINE_BELOW),
                Mark::Deleted => Some(-STRIKE_ABOVE),
            };
            if let Some(offset) = offset {
                let line_y = y + offset * size;
                marks.push(Item::Rule {
                    x1: at,
                    y1: line_y,
                    x2: at + width,
                    y2: line_y,
                    colour: *colour,
                    width: MARK_THICKNESS * size,
                    // The marked text is read out; the line only shows it.
                    tag: Tag::Artifact,
                });
            }
        }
    }
    page.items.extend(marks);
}

/// Each piece of a line set from `x`, with where it starts and how wide it is
/// (a space as justification stretched it).
fn placed(x: f32, line: &Line, word_gap: f32) -> impl Iterator<Item = (PieceRef<'_>, f32, f32)> {
    line.pieces().scan(x, move |at, piece| {
        let width = piece.width + if piece.is_space { word_gap } else { 0.0 };
        let start = *at;
        *at += width;
        Some((piece, start, width))
    })
}

/// A link on a page to another place in the document: a defined term's use
/// leading to its definition, or a contents entry to its heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// 0-based page index, and the box: left, top, right, bottom (from the page's top).
    pub page: usize,
    pub rect: [f32; 4],
    /// The page and top of the place it leads to.
    pub to_page: usize,
    pub to_y: f32,
    /// What on the page the link is.
    pub on: LinkOn,
    /// Where it leads, in words (what a screen reader says for the link).
    pub description: String,
}

/// What on a page a link is.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkOn {
    /// Pieces of a text item (its index on the page): a term's use inside a line,
    /// tagged as a link of its own inside the paragraph when the page is written.
    Pieces {
        item: usize,
        pieces: std::ops::Range<usize>,
    },
    /// All the content of a structure node (`Role::Link`): a contents entry.
    Node(NodeId),
}

/// How far above and below the baseline a link's box reaches, in ems.
const LINK_ABOVE: f32 = 0.85;
const LINK_BELOW: f32 = 0.25;

/// Every use of a defined term (`Mark::Defined`) as a box leading to its
/// definition (`Mark::Definition`); a use whose definition is not laid out
/// (no glossary) leads nowhere and gets no link.
pub fn term_links(pages: &[Page]) -> Vec<Link> {
    /// A use: page, item, pieces, term, box and words.
    struct Use {
        page: usize,
        item: usize,
        pieces: std::ops::Range<usize>,
        term: u16,
        rect: [f32; 4],
        words: String,
    }
    let mut definitions = std::collections::HashMap::new();
    let mut uses: Vec<Use> = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        for (item_index, item) in page.items.iter().enumerate() {
            let Item::Text {
                x,
                y,
                size,
                line,
                word_gap,
                tag,
                ..
            } = item
            else {
                continue;
            };
            // A use drawn as an artifact (a table header repeated on a new page)
            // is not read, and gets no link: every link is part of the structure.
            let linkable = *tag != Tag::Artifact;
            // Consecutive pieces of one term on a line make one box.
            let mut open: Option<Use> = None;
            let mut close = |open: &mut Option<Use>, end: f32, piece: usize| {
                if let Some(mut done) = open.take() {
                    done.rect[2] = end;
                    done.pieces.end = piece;
                    uses.push(done);
                }
            };
            let mut end = *x;
            let mut count = 0;
            for (i, (piece, at, width)) in placed(*x, line, *word_gap).enumerate() {
                match piece.mark {
                    Mark::Definition(term) => {
                        definitions
                            .entry(term)
                            .or_insert((n, y - LINK_ABOVE * size));
                    }
                    Mark::Defined(term) if open.as_ref().is_some_and(|u| u.term == term) => {}
                    Mark::Defined(term) if linkable => {
                        close(&mut open, at, i);
                        open = Some(Use {
                            page: n,
                            item: item_index,
                            pieces: i..i,
                            term,
                            rect: [at, y - LINK_ABOVE * size, at, y + LINK_BELOW * size],
                            words: String::new(),
                        });
                    }
                    _ => close(&mut open, at, i),
                }
                if let Some(u) = &mut open {
                    u.words.push_str(piece.text);
                }
                end = at + width;
                count = i + 1;
            }
            close(&mut open, end, count);
        }
    }
    uses.into_iter()
        .filter_map(|u| {
            let (to_page, to_y) = *definitions.get(&u.term)?;
            Some(Link {
                page: u.page,
                rect: u.rect,
                to_page,
                to_y,
                on: LinkOn::Pieces {
                    item: u.item,
                    pieces: u.pieces,
                },
                description: format!("Definition of \u{201c}{}\u{201d}", u.words.trim()),
            })
        })
        .collect()
}

/// Each contents entry (`Role::Link` nodes under the contents) as a link to its
/// heading: the box around what the entry draws on its page (both pages, if
/// it is split between two). One pass over the pages, whatever their number.
pub fn contents_links(
    pages: &[Page],
    entries: &[(NodeId, usize)],
    outline: &[OutlineEntry],
) -> Vec<Link> {
    let wanted: std::collections::HashMap<NodeId, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, (node, _))| (*node, i))
        .collect();
    // The box of each entry on each page it is on, by entry then page.
    let mut boxes: std::collections::BTreeMap<(usize, usize), [f32; 4]> = Default::default();
    for (n, page) in pages.iter().enumerate() {
        for item in &page.items {
            let Tag::Node(node) = item.tag() else {
                continue;
            };
            let (Some(entry), Some(b)) = (wanted.get(&node), item.bounds()) else {
                continue;
            };
            boxes
                .entry((*entry, n))
                .and_modify(|a| {
                    *a = [
                        a[0].min(b[0]),
                        a[1].min(b[1]),
                        a[2].max(b[2]),
                        a[3].max(b[3]),
                    ]
                })
                .or_insert(b);
        }
    }
    boxes
        .into_iter()
        .filter_map(|((entry, page), rect)| {
            let (node, heading) = entries[entry];
            let to = outline.get(heading)?;
            Some(Link {
                page,
                rect,
                to_page: to.page,
                to_y: to.y,
                on: LinkOn::Node(node),
                description: format!("Go to {}", to.title),
            })
        })
        .collect()
}

/// `s` set as one unbroken line; characters no font can draw go to `missing`.
pub fn single_line(
    fonts: &FontSet,
    s: &str,
    style: Style,
    size: f32,
    missing: &mut Vec<char>,
) -> Line {
    let run = [crate::document::Inline {
        text: s.to_string(),
        bold: style.bold,
        italic: style.italic,
        ..Default::default()
    }];
    break_lines(&run, fonts, size, f32::MAX, Setting::Ragged, missing)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// Fills in table-of-contents page numbers and draws the running footer on every page.
pub fn finish(
    pages: &mut [Page],
    outline: &[OutlineEntry],
    doc: &Document,
    fonts: &FontSet,
    g: &Geometry,
) {
    let total = pages.len();
    for (n, page) in pages.iter_mut().enumerate() {
        for item in &mut page.items {
            if let Item::PageOf {
                heading,
                right,
                y,
                size,
                face,
                colour,
                tag,
            } = item
            {
                let number = outline.get(*heading).map_or(0, |h| h.page + 1).to_string();
                let width = fonts.face(*face).width(&number, *size);
                let style = fonts.face(*face).style;
                let tag = *tag;
                *item = text_item(fonts, &number, style, *size, *right - width, *y, *colour)
                    .tagged(tag);
            }
        }
        // Footer: a hairline, the title on the left, version and page on the right.
        let size = 8.0;
        // What the page shows, in a form to read aloud on the phone, beside its version.
        let fingerprint = (!doc.meta.fingerprint.is_empty())
            .then(|| format!("Fingerprint {}", doc.meta.fingerprint));
        let page_of = format!("Page {} of {total}", n + 1);
        let right_text = [
            Some(doc.meta.version.as_str()),
            fingerprint.as_deref(),
            Some(&page_of),
        ]
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
        let regular = fonts.main(Style::REGULAR);
        let right_width = fonts.face(regular).width(&right_text, size);
        let room = g.body_width() - right_width - 18.0;
        let title = fit(fonts, regular, &doc.meta.title, size, room);
        page.items.push(Item::Rule {
            x1: g.left,
            y1: g.footer - 11.0,
            x2: g.right,
            y2: g.footer - 11.0,
            colour: BORDER,
            width: 0.5,
            tag: Tag::Artifact,
        });
        // The running footer is an artifact: `text_item` tags it so.
        page.items.push(text_item(
            fonts,
            &title,
            Style::REGULAR,
            size,
            g.left,
            g.footer,
            SECONDARY,
        ));
        page.items.push(text_item(
            fonts,
            &right_text,
            Style::REGULAR,
            size,
            g.right - right_width,
            g.footer,
            SECONDARY,
        ));
    }
}

/// `s` cut with an ellipsis to fit `width` points.
pub fn fit(fonts: &FontSet, face: FaceId, s: &str, size: f32, width: f32) -> String {
    let f = fonts.face(face);
    if f.width(s, size) <= width {
        return s.to_string();
    }
    let budget = width - f.width("…", size);
    let mut out = String::new();
    let mut used = 0.0;
    for c in s.chars() {
        used += f.advance(c, size);
        if used > budget {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}
