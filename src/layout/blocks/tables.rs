//! Tables: rows that break into bands across pages under a repeated header,
//! and the glossary set as a borderless two-column table.

use super::*;

/// Table text, and the smaller text of a table that asks for it.
const TABLE_TEXT: f32 = SMALL;
const TABLE_SMALL_TEXT: f32 = 9.0;
/// Table lines are set tighter than running text.
const CELL_LEADING: f32 = 1.3;
/// Space inside a cell, left and right, and above and below.
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.5;
/// A row taller than this share of the page is cut into bands that may go to
/// the next page, so no row is ever taller than a page.
const ROW_BAND_SHARE: f32 = 0.45;
/// The rule under a header row, and under any other row.
const HEADER_RULE: f32 = 1.0;
const ROW_RULE: f32 = 0.5;
/// Space above a table: a paragraph's gap and a little more.
const TABLE_GAP: f32 = PARAGRAPH_GAP + 2.0;
/// The glossary: term and meaning columns, as shares of the body width, and its type.
const GLOSSARY_COLUMNS: [f32; 2] = [0.3, 0.7];
const GLOSSARY_TEXT: f32 = BODY;

impl Builder<'_> {
    /// A table row: cell fills, wrapped text, a rule underneath. A row too tall to
    /// sit comfortably on a page is cut into bands of lines, so it can continue on
    /// the next page (under the repeated header) instead of running off the foot.
    /// Each cell's text is tagged with its tag in `tags` (fills and rules are
    /// artifacts).
    fn row(
        &mut self,
        cells: &[Cell],
        widths: &[f32],
        size: f32,
        header: bool,
        tags: &[Tag],
    ) -> Vec<Unit> {
        let leading = size * CELL_LEADING;
        let baseline = self.baseline(size, leading);
        let band_lines = (((self.g.body_height() * ROW_BAND_SHARE) - 2.0 * CELL_PAD_Y) / leading)
            .max(1.0) as usize;
        let mut x = self.g.left;
        let mut laid = Vec::new();
        let mut most = 1;
        for (c, w) in widths.iter().enumerate() {
            let cell = cells.get(c).cloned().unwrap_or_default();
            let fill = cell.fill.or(if header { Some(BLUE) } else { None });
            let colour = fill.map_or(TEXT, ink_on);
            let lines = self.lines(&cell.text, size, w - 2.0 * CELL_PAD_X);
            most = most.max(lines.len());
            let style = TextStyle::plain(size, colour).aligned(cell.align);
            let tag = tags.get(c).copied().unwrap_or_default();
            laid.push((x, *w, fill, style, lines, tag));
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
            for (x, w, fill, style, lines, tag) in &laid {
                if let Some(fill) = fill {
                    items.push(Item::Rect {
                        x: *x,
                        y: 0.0,
                        w: *w,
                        h: height,
                        fill: Some(*fill),
                        stroke: None,
                        tag: Tag::Artifact,
                    });
                }
                let band_lines = lines.iter().skip(range.start).take(range.len());
                for (i, line) in band_lines.enumerate() {
                    let y = top + baseline + i as f32 * leading;
                    let inner = w - 2.0 * CELL_PAD_X;
                    let item = self.line_item(line.clone(), x + CELL_PAD_X, y, inner, style);
                    items.push(item.tagged(*tag));
                }
            }
            if last {
                items.push(Item::Rule {
                    x1: self.g.left,
                    y1: height,
                    x2: self.g.right,
                    y2: height,
                    colour: if header { BLUE } else { BORDER },
                    width: if header { HEADER_RULE } else { ROW_RULE },
                    tag: Tag::Artifact,
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

    pub(super) fn table(&mut self, t: &Table) {
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
        let size = if t.small {
            TABLE_SMALL_TEXT
        } else {
            TABLE_TEXT
        };
        let header_count = t.header_rows.min(t.rows.len());
        let table = self.node(ROOT, Role::Table);
        let head = (header_count > 0).then(|| self.node(table, Role::TableHead));
        let mut header: Vec<Unit> = Vec::new();
        for r in &t.rows[..header_count] {
            let tags = self.cell_tags(head, columns, Role::HeaderCell(Scope::Column));
            for mut u in self.row(r, &widths, size, true, &tags) {
                u.keep_with_next = true;
                header.push(u);
            }
        }
        let header = Rc::new(header);
        for (i, u) in header.iter().enumerate() {
            let mut u = u.clone();
            u.space_before = if i == 0 { TABLE_GAP } else { 0.0 };
            self.push(u);
        }
        let body = (t.rows.len() > header_count).then(|| self.node(table, Role::TableBody));
        for (i, r) in t.rows[header_count..].iter().enumerate() {
            let tags = self.cell_tags(body, columns, Role::Cell);
            let units = self.row(r, &widths, size, false, &tags);
            for (band, mut u) in units.into_iter().enumerate() {
                if header_count == 0 && i == 0 && band == 0 {
                    u.space_before = TABLE_GAP;
                }
                if header_count > 0 {
                    u.repeat = Some(header.clone());
                }
                self.push(u);
            }
        }
    }

    /// A row (`TR`) of `columns` cells of `role` in `group` (a table's head or
    /// body), and the tag of each cell.
    fn cell_tags(&mut self, group: Option<NodeId>, columns: usize, role: Role) -> Vec<Tag> {
        let Some(group) = group else {
            return Vec::new();
        };
        let row = self.node(group, Role::Row);
        (0..columns)
            .map(|_| Tag::Node(self.node(row, role)))
            .collect()
    }

    /// Terms and meanings as a borderless two-column table: a long meaning breaks
    /// across pages like any table row. It reads as a list: each term the label
    /// of its meaning.
    pub(super) fn glossary(&mut self, terms: &[(String, Vec<Inline>)]) {
        let widths = GLOSSARY_COLUMNS.map(|share| self.g.body_width() * share);
        let list = (!terms.is_empty()).then(|| self.node(ROOT, Role::List(ListMarks::None)));
        for (i, (term, meaning)) in terms.iter().enumerate() {
            let tags = match list {
                Some(list) => {
                    let item = self.node(list, Role::ListItem);
                    let label = self.node(item, Role::Label);
                    let body = self.node(item, Role::ListBody);
                    vec![Tag::Node(label), Tag::Node(body)]
                }
                None => Vec::new(),
            };
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
                .row(&cells, &widths, GLOSSARY_TEXT, false, &tags)
                .into_iter()
                .enumerate()
            {
                if i == 0 && band == 0 {
                    u.space_before = PARAGRAPH_GAP;
                }
                self.push(u);
            }
        }
    }
}
