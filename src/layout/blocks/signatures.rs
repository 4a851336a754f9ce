//! Signature blocks, two to a row, each kept whole on a page. Organisation names,
//! signatories and job titles have length limits (validation::limits), so a
//! block is never taller than a page.

use super::*;

/// Space between the two columns.
const GUTTER: f32 = 24.0;
const ORGANISATION: TextStyle = TextStyle::bold(BODY, TEXT);
const ORGANISATION_LINE: f32 = 14.0;
/// Each field: its label, the line to sign or write on, and the value typed.
const FIELD_LABEL: TextStyle = TextStyle::plain(10.0, SECONDARY);
const FIELD_GAP: f32 = 26.0;
const VALUE: TextStyle = TextStyle::plain(11.0, TEXT);
const VALUE_INDENT: f32 = 58.0;
const VALUE_LINE: f32 = 12.0;
/// The value sits just above the line it is written on.
const VALUE_RAISE: f32 = 1.0;
const WRITING_LINE_DROP: f32 = 4.0;
const WRITING_LINE: f32 = 0.5;
const SPACE_BELOW: f32 = 10.0;
/// Space above the first row of blocks, and between rows.
const FIRST_GAP: f32 = 12.0;
const ROW_GAP: f32 = 22.0;

impl Builder<'_> {
    pub(super) fn signatures(&mut self, signatures: &[Signature]) {
        let g = self.g;
        let col = (g.body_width() - GUTTER) / 2.0;
        let value_width = col - VALUE_INDENT;
        for (pair_index, pair) in signatures.chunks(2).enumerate() {
            let mut items = Vec::new();
            let mut height: f32 = 0.0;
            for (i, s) in pair.iter().enumerate() {
                let x = g.left + i as f32 * (col + GUTTER);
                let mut y = 0.0;
                // A signature block reads as its organisation, then one
                // paragraph a field: label and value.
                let block = self.node(ROOT, Role::Div);
                let organisation = Tag::Node(self.node(block, Role::P));
                for line in self.lines(&run(&s.organisation, true), ORGANISATION.size, col) {
                    y += ORGANISATION_LINE;
                    let item = self.line_item(line, x, y, col, &ORGANISATION);
                    items.push(item.tagged(organisation));
                }
                for (label, value) in [
                    ("Signature", ""),
                    ("Name", s.name.as_str()),
                    ("Job title", s.role.as_str()),
                    ("Date", ""),
                ] {
                    y += FIELD_GAP;
                    let field = Tag::Node(self.node(block, Role::P));
                    items.push(self.label(label, x, y, &FIELD_LABEL).tagged(field));
                    let vx = x + VALUE_INDENT;
                    // Long job titles wrap above the line rather than being cut short.
                    let lines = if value.is_empty() {
                        Vec::new()
                    } else {
                        self.lines(&run(value, false), VALUE.size, value_width)
                    };
                    let extra = lines.len().saturating_sub(1) as f32 * VALUE_LINE;
                    for (i, line) in lines.into_iter().enumerate() {
                        let ly = y - VALUE_RAISE + i as f32 * VALUE_LINE;
                        let item = self.line_item(line, vx, ly, value_width, &VALUE);
                        items.push(item.tagged(field));
                    }
                    y += extra;
                    items.push(Item::Rule {
                        x1: vx,
                        y1: y + WRITING_LINE_DROP,
                        x2: x + col,
                        y2: y + WRITING_LINE_DROP,
                        colour: SECONDARY,
                        width: WRITING_LINE,
                        tag: Tag::Artifact,
                    });
                }
                height = height.max(y + SPACE_BELOW);
            }
            self.push(Unit {
                height,
                space_before: if pair_index == 0 { FIRST_GAP } else { ROW_GAP },
                items,
                ..Unit::default()
            });
        }
    }
}
