//! Placing units on pages. A unit is an unbreakable strip (a line, a table row, a
//! signature block). Units chained by `keep_with_next` move to a new page together
//! when they do not fit, which keeps headings with what follows and stops single
//! lines being stranded at the foot or head of a page.

use super::page::{Geometry, Item, OutlineEntry, Page};
use super::structure::Tag;
use std::rc::Rc;

#[derive(Debug, Clone, Default)]
pub struct Unit {
    pub height: f32,
    /// Space above the unit, dropped at the top of a page.
    pub space_before: f32,
    pub keep_with_next: bool,
    pub page_break_before: bool,
    /// Items with `y` measured from the unit's top.
    pub items: Vec<Item>,
    /// The heading this unit starts, if any (index into the heading list).
    pub heading: Option<usize>,
    /// Header rows to repeat above this unit when it starts a new page.
    pub repeat: Option<Rc<Vec<Unit>>>,
}

/// A heading known before layout: level and full title (with its number).
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub title: String,
}

struct Cursor<'g> {
    pages: Vec<Page>,
    y: f32,
    empty: bool,
    g: &'g Geometry,
}

impl Cursor<'_> {
    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.g.top;
        self.empty = true;
    }

    fn room(&self) -> f32 {
        self.g.bottom - self.y
    }

    /// Places a unit whose items are given separately, so they can be moved, not copied.
    fn place(
        &mut self,
        unit: &Unit,
        items: impl IntoIterator<Item = Item>,
        outline: &mut [Option<OutlineEntry>],
        headings: &[Heading],
    ) {
        if !self.empty {
            self.y += unit.space_before;
        }
        let page_index = self.pages.len() - 1;
        if let Some(h) = unit.heading
            && let Some(meta) = headings.get(h)
        {
            outline[h] = Some(OutlineEntry {
                level: meta.level,
                title: meta.title.clone(),
                page: page_index,
                y: self.y,
            });
        }
        let y = self.y;
        if let Some(page) = self.pages.last_mut() {
            page.items
                .extend(items.into_iter().map(|item| item.shifted(y)));
        }
        self.y += unit.height;
        self.empty = false;
    }

    fn height_of(&self, units: &[Unit]) -> f32 {
        units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                u.height
                    + if i == 0 && self.empty {
                        0.0
                    } else {
                        u.space_before
                    }
            })
            .sum()
    }

    /// Starts a new page, repeating table header rows when `next` asks for them.
    fn break_before(
        &mut self,
        next: &Unit,
        outline: &mut [Option<OutlineEntry>],
        headings: &[Heading],
    ) {
        self.new_page();
        if let Some(header) = &next.repeat {
            // Repeated for the eye: the header was read once, where the table starts.
            for h in header.iter() {
                let items = h.items.iter().map(|i| i.clone().tagged(Tag::Artifact));
                self.place(h, items, outline, headings);
            }
        }
    }
}

/// Places every unit; returns the pages and, for each heading, where it landed.
pub fn paginate(
    mut units: Vec<Unit>,
    headings: &[Heading],
    g: &Geometry,
) -> (Vec<Page>, Vec<OutlineEntry>) {
    let mut outline: Vec<Option<OutlineEntry>> = vec![None; headings.len()];
    let mut cursor = Cursor {
        pages: Vec::new(),
        y: g.top,
        empty: true,
        g,
    };
    cursor.new_page();
    let mut i = 0;
    while i < units.len() {
        if units[i].page_break_before && !cursor.empty {
            cursor.new_page();
        }
        // The chain of units that must stay together.
        let mut j = i;
        while j + 1 < units.len() && units[j].keep_with_next && !units[j + 1].page_break_before {
            j += 1;
        }
        let chain = &units[i..=j];
        let height = cursor.height_of(chain);
        if height > cursor.room() && !cursor.empty {
            let header_height = chain[0]
                .repeat
                .as_ref()
                .map_or(0.0, |h| h.iter().map(|u| u.height).sum());
            if height - chain[0].space_before + header_height <= g.body_height() {
                cursor.break_before(&chain[0], &mut outline, headings);
            }
        }
        for unit in &mut units[i..=j] {
            // Only a chain taller than a page gets here without room: break inside it.
            if !cursor.empty && unit.space_before + unit.height > cursor.room() {
                cursor.break_before(unit, &mut outline, headings);
            }
            let items = std::mem::take(&mut unit.items);
            cursor.place(unit, items, &mut outline, headings);
        }
        i = j + 1;
    }
    let outline = outline
        .into_iter()
        .map(|o| {
            o.unwrap_or(OutlineEntry {
                level: 1,
                title: String::new(),
                page: 0,
                y: g.top,
            })
        })
        .collect();
    (cursor.pages, outline)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(height: f32, keep: bool) -> Unit {
        Unit {
            height,
            keep_with_next: keep,
            items: vec![Item::Rule {
                x1: 0.0,
                y1: 0.0,
                x2: 1.0,
                y2: height,
                colour: crate::document::Rgb(0, 0, 0),
                width: 1.0,
                tag: Tag::Node(1),
            }],
            ..Unit::default()
        }
    }

    fn page_of_each(pages: &[Page]) -> Vec<usize> {
        pages.iter().map(|p| p.items.len()).collect()
    }

    #[test]
    fn a_chain_that_does_not_fit_moves_to_the_next_page_whole() {
        let g = Geometry::a4();
        let body = g.body_height();
        // Fill most of the page, then a heading chained to two lines that do not fit.
        let units = vec![
            unit(body - 30.0, false),
            unit(20.0, true),
            unit(14.0, true),
            unit(14.0, false),
        ];
        let (pages, _) = paginate(units, &[], &g);
        assert_eq!(page_of_each(&pages), vec![1, 3]);
    }

    #[test]
    fn nothing_is_placed_below_the_body() {
        let g = Geometry::a4();
        let units: Vec<Unit> = (0..200)
            .map(|i| unit(13.0 + (i % 7) as f32, i % 3 == 0))
            .collect();
        let (pages, _) = paginate(units, &[], &g);
        assert!(pages.len() > 3);
        for p in &pages {
            for item in &p.items {
                if let Item::Rule { y2, .. } = item {
                    assert!(
                        *y2 <= g.bottom + 0.01,
                        "item ends at {y2}, below {}",
                        g.bottom
                    );
                }
            }
        }
    }

    #[test]
    fn table_headers_repeat_on_each_new_page() {
        let g = Geometry::a4();
        let header = Rc::new(vec![unit(20.0, true)]);
        let mut units = vec![header[0].clone()];
        for _ in 0..120 {
            let mut row = unit(18.0, false);
            row.repeat = Some(header.clone());
            units.push(row);
        }
        let (pages, _) = paginate(units, &[], &g);
        assert!(pages.len() >= 3);
        for (n, p) in pages.iter().enumerate() {
            // The first item on every page is a header (height 20).
            let Item::Rule { y1, y2, tag, .. } = &p.items[0] else {
                panic!("rule")
            };
            assert!(
                (y2 - y1 - 20.0).abs() < 0.01,
                "page starts with a header row"
            );
            // Content where the table starts, an artifact where it is repeated.
            let expected = if n == 0 { Tag::Node(1) } else { Tag::Artifact };
            assert_eq!(*tag, expected, "page {}", n + 1);
        }
    }
}
