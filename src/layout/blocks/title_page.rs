//! The title page: the kind of document, title, subtitle, key facts, the parties
//! and a note at the foot. It is one unit, never taller than the page: the title
//! has a length limit (validation::limits), and parties that do not fit above the
//! note are counted instead of drawn.

use super::*;

/// The blue bar at the top of the page.
const BAR_WIDTH: f32 = 60.0;
const BAR_HEIGHT: f32 = 6.0;
/// "MEMORANDUM OF UNDERSTANDING": its baseline and size.
const KIND_Y: f32 = 70.0;
const KIND: TextStyle = TextStyle::bold(11.0, BLUE);
const KIND_GAP: f32 = 20.0;
/// The title and subtitle: style and line spacing.
const TITLE: TextStyle = TextStyle::bold(24.0, TEXT);
const TITLE_LINE: f32 = 30.0;
const TITLE_GAP: f32 = 10.0;
const SUBTITLE: TextStyle = TextStyle::plain(14.0, SECONDARY);
const SUBTITLE_LINE: f32 = 19.0;
const SUBTITLE_GAP: f32 = 22.0;
/// The rule under them.
const RULE_WEIGHT: f32 = 2.0;
const RULE_GAP: f32 = 10.0;
/// Key facts: a label column and values beside it.
const FACT_LABEL: TextStyle = TextStyle::bold(11.0, SECONDARY);
const FACT_VALUE: TextStyle = TextStyle::plain(11.0, TEXT);
const FACT_LABEL_WIDTH: f32 = 120.0;
const FACT_LABEL_ROOM: f32 = 8.0;
const FACT_ROW: f32 = 17.0;
const FACT_LINE: f32 = 14.0;
/// "Between" and the parties.
const PARTIES_GAP: f32 = 34.0;
const BETWEEN: TextStyle = TextStyle::bold(11.0, SECONDARY);
const BETWEEN_GAP: f32 = 4.0;
const PARTY: TextStyle = TextStyle::plain(12.0, TEXT);
const PARTY_LINE: f32 = 16.0;
/// "and 3 more partners, listed in full inside".
const MORE: TextStyle = TextStyle::plain(12.0, SECONDARY).italic();
/// The note at the foot of the page.
const NOTE: TextStyle = TextStyle::plain(SMALL, SECONDARY);
const NOTE_LINE: f32 = 12.6;
const NOTE_GAP: f32 = 12.0;
const NOTE_RAISE: f32 = 3.0;
/// Space kept under the last thing drawn.
const FOOT_ROOM: f32 = 10.0;

impl Builder<'_> {
    pub(super) fn title_page(&mut self, t: &TitlePage) {
        let g = self.g;
        let width = g.body_width();
        let mut items = Vec::new();
        let mut y = KIND_Y;
        items.push(Item::Rect {
            x: g.left,
            y: 0.0,
            w: BAR_WIDTH,
            h: BAR_HEIGHT,
            fill: Some(BLUE),
            stroke: None,
            tag: Tag::Artifact,
        });
        let kind = Tag::Node(self.node(ROOT, Role::P));
        items.push(
            self.label("MEMORANDUM OF UNDERSTANDING", g.left, y, &KIND)
                .tagged(kind),
        );
        y += KIND_GAP;
        // The agreement's title is the document's first heading.
        let title = Tag::Node(self.structure.heading(1));
        for line in self.lines(&run(&t.title, true), TITLE.size, width) {
            y += TITLE_LINE;
            items.push(self.line_item(line, g.left, y, width, &TITLE).tagged(title));
        }
        y += TITLE_GAP;
        let subtitle = Tag::Node(self.node(ROOT, Role::P));
        for line in self.lines(&run(&t.subtitle, false), SUBTITLE.size, width) {
            y += SUBTITLE_LINE;
            items.push(
                self.line_item(line, g.left, y, width, &SUBTITLE)
                    .tagged(subtitle),
            );
        }
        y += SUBTITLE_GAP;
        items.push(Item::Rule {
            x1: g.left,
            y1: y,
            x2: g.right,
            y2: y,
            colour: BLUE,
            width: RULE_WEIGHT,
            tag: Tag::Artifact,
        });
        y += RULE_GAP;
        let value_width = width - FACT_LABEL_WIDTH;
        for (label, value) in &t.facts {
            y += FACT_ROW;
            let bold = self.fonts.main(Style::BOLD);
            let room = FACT_LABEL_WIDTH - FACT_LABEL_ROOM;
            let label = fit(self.fonts, bold, label, FACT_LABEL.size, room);
            // Each fact a paragraph: its label, then its value.
            let fact = Tag::Node(self.node(ROOT, Role::P));
            items.push(self.label(&label, g.left, y, &FACT_LABEL).tagged(fact));
            let lines = self.lines(&run(value, false), FACT_VALUE.size, value_width);
            let n = lines.len();
            for (i, line) in lines.into_iter().enumerate() {
                let line_y = y + i as f32 * FACT_LINE;
                let x = g.left + FACT_LABEL_WIDTH;
                items.push(
                    self.line_item(line, x, line_y, value_width, &FACT_VALUE)
                        .tagged(fact),
                );
            }
            y += n.saturating_sub(1) as f32 * FACT_LINE;
        }
        // The note sits at the foot of the page; the parties fill the space above it,
        // and any that do not fit are counted rather than drawn over the note.
        let note = if t.note.is_empty() {
            Vec::new()
        } else {
            self.lines(&run(&t.note, false), NOTE.size, width)
        };
        let note_top = g.body_height() - note.len() as f32 * NOTE_LINE - NOTE_GAP;
        if !t.parties.is_empty() {
            y += PARTIES_GAP;
            let between = Tag::Node(self.node(ROOT, Role::P));
            items.push(self.label("Between", g.left, y, &BETWEEN).tagged(between));
            y += BETWEEN_GAP;
            let mut drawn = 0;
            'parties: for party in &t.parties {
                let lines = self.lines(&run(party, false), PARTY.size, width);
                if y + PARTY_LINE * (lines.len() + 1) as f32 > note_top {
                    break 'parties;
                }
                let tag = Tag::Node(self.node(ROOT, Role::P));
                for line in lines {
                    y += PARTY_LINE;
                    items.push(self.line_item(line, g.left, y, width, &PARTY).tagged(tag));
                }
                drawn += 1;
            }
            if drawn < t.parties.len() {
                y += PARTY_LINE;
                let more = format!(
                    "and {} more partners, listed in full inside",
                    t.parties.len() - drawn
                );
                let tag = Tag::Node(self.node(ROOT, Role::P));
                items.push(self.label(&more, g.left, y, &MORE).tagged(tag));
            }
        }
        let mut note_y = note_top + NOTE_GAP;
        let note_tag = if note.is_empty() {
            Tag::Artifact
        } else {
            Tag::Node(self.node(ROOT, Role::P))
        };
        for line in note {
            note_y += NOTE_LINE;
            let item = self.line_item(line, g.left, note_y - NOTE_RAISE, width, &NOTE);
            items.push(item.tagged(note_tag));
        }
        let height = g.body_height().min(y.max(0.0) + FOOT_ROOM).max(y);
        self.push(Unit {
            height: height.min(g.body_height()),
            items,
            ..Unit::default()
        });
        self.break_next = true;
    }
}
