//! Headings, clauses and lists: running text with a number or marker.

use super::*;

/// Each heading level: type size, space above, colour.
/// Each a step above the one below and above bold body text, so headings
/// stand out by size as well as weight.
const HEADINGS: [(f32, f32, crate::document::Rgb); 3] =
    [(20.0, 22.0, BLUE), (15.5, 16.0, TEXT), (13.5, 12.0, TEXT)];
/// Headings are set tighter than running text.
const HEADING_LEADING: f32 = 1.25;
/// Space between a heading and what follows it.
const HEADING_GAP_BELOW: f32 = 4.0;
/// The rule under a level-one heading: its weight and the space after it.
const SECTION_RULE: f32 = 0.75;
const SECTION_RULE_GAP: f32 = 6.0;
/// Where a clause's text starts, right of its number: at least this far in, and
/// far enough for the widest number in the document ("10.12.3") and a gap.
const CLAUSE_INDENT: f32 = 38.0;
const CLAUSE_NUMBER_GAP: f32 = 8.0;
/// Where a list item's text starts: room for "12." or a bullet.
const NUMBERED_INDENT: f32 = 22.0;
const BULLET_INDENT: f32 = 16.0;
/// How far a list's marker sits in from the margin.
const MARKER_INSET: f32 = 4.0;
/// Space between list items.
const ITEM_GAP: f32 = 2.5;

/// A number or bullet hung in the margin of a paragraph's first line.
struct Marker<'m> {
    text: &'m str,
    font: Style,
    x: f32,
}

impl Builder<'_> {
    pub(super) fn heading(&mut self, level: u8, text: &[Inline]) {
        let index = self.next_heading;
        self.next_heading += 1;
        let title = self
            .headings
            .get(index)
            .map_or_else(|| plain(text), |h| h.title.clone());
        let (size, space_before, colour) = HEADINGS[usize::from(level.clamp(1, 3)) - 1];
        let tag = Tag::Node(self.structure.heading(level));
        let style = TextStyle::bold(size, colour);
        let lines = self.lines(&run(&title, true), size, self.g.body_width());
        let leading = size * HEADING_LEADING;
        let baseline = self.baseline(size, leading);
        let n = lines.len();
        let mut items: Vec<Item> = lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| {
                let y = baseline + i as f32 * leading;
                self.line_item(line, self.g.left, y, self.g.body_width(), &style)
                    .tagged(tag)
            })
            .collect();
        let mut height = n as f32 * leading + HEADING_GAP_BELOW;
        if level == 1 {
            items.push(Item::Rule {
                x1: self.g.left,
                y1: height,
                x2: self.g.right,
                y2: height,
                colour: BORDER,
                width: SECTION_RULE,
                tag: Tag::Artifact,
            });
            height += SECTION_RULE_GAP;
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

    /// Body text indented by `indent`, with `marker` hanging in the margin of its
    /// first line; the marker tagged `marker_tag`, the text `text_tag`.
    #[allow(clippy::too_many_arguments)]
    fn hanging(
        &mut self,
        marker: Marker,
        text: &[Inline],
        indent: f32,
        align: Align,
        space_before: f32,
        marker_tag: Tag,
        text_tag: Tag,
    ) {
        let x = self.g.left + indent;
        let width = self.g.body_width() - indent;
        let style = TextStyle::plain(BODY, TEXT).aligned(align);
        let mut units = self.text_units(text, x, width, &style, space_before, text_tag);
        if let Some(first) = units.first_mut() {
            let baseline = self.baseline(BODY, BODY * LEADING);
            let marker_style = TextStyle {
                font: marker.font,
                ..TextStyle::plain(BODY, TEXT)
            };
            let item = self.label(marker.text, marker.x, baseline, &marker_style);
            // First, so it is read first.
            first.items.insert(0, item.tagged(marker_tag));
        }
        units.into_iter().for_each(|u| self.push(u));
    }

    pub(super) fn clause(&mut self, text: &[Inline]) {
        let number = self
            .clause_numbers
            .get(self.next_clause)
            .cloned()
            .unwrap_or_default();
        self.next_clause += 1;
        let marker = Marker {
            text: &number,
            font: Style::BOLD,
            x: self.g.left,
        };
        let align = self.body_align();
        // A clause is a paragraph that starts with its number.
        let p = Tag::Node(self.node(ROOT, Role::P));
        let indent = self.clause_indent();
        self.hanging(marker, text, indent, align, PARAGRAPH_GAP, p, p);
    }

    /// How far every clause's text is indented: the same for all of them, so
    /// their text lines up down the page.
    fn clause_indent(&self) -> f32 {
        let bold = self.fonts.face(self.fonts.main(Style::BOLD));
        let widest = self
            .clause_numbers
            .iter()
            .map(|n| bold.width(n, BODY))
            .fold(0.0, f32::max);
        CLAUSE_INDENT.max(widest + CLAUSE_NUMBER_GAP)
    }

    pub(super) fn list(&mut self, ordered: bool, items: &[Vec<Inline>]) {
        let indent = if ordered {
            NUMBERED_INDENT
        } else {
            BULLET_INDENT
        };
        let marks = if ordered {
            ListMarks::Decimal
        } else {
            ListMarks::Disc
        };
        let list = self.node(ROOT, Role::List(marks));
        for (i, item) in items.iter().enumerate() {
            let li = self.node(list, Role::ListItem);
            let label = Tag::Node(self.node(li, Role::Label));
            let body = Tag::Node(self.node(li, Role::ListBody));
            let text = if ordered {
                format!("{}.", i + 1)
            } else {
                "•".to_string()
            };
            let marker = Marker {
                text: &text,
                font: Style::REGULAR,
                x: self.g.left + MARKER_INSET,
            };
            let gap = if i == 0 { PARAGRAPH_GAP } else { ITEM_GAP };
            self.hanging(marker, item, indent, Align::Left, gap, label, body);
        }
    }
}
