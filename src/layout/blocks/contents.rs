//! The table of contents: each heading to the depth asked, a dotted leader and
//! its page number, filled in once every page is known.

use super::*;

/// The contents' own title, set as a level-one heading is.
const TITLE: TextStyle = TextStyle::bold(20.0, BLUE);
const TITLE_LEADING: f32 = 1.25;
const TITLE_GAP: f32 = 10.0;
/// Entries: top-level headings bold with space above, the rest regular and indented.
const SECTION: TextStyle = TextStyle::bold(BODY, TEXT);
const SECTION_GAP: f32 = 7.0;
const SUBSECTION: TextStyle = TextStyle::plain(11.0, TEXT);
const SUBSECTION_GAP: f32 = 1.5;
const INDENT_PER_LEVEL: f32 = 18.0;
/// Room kept on the right for the page number, and between the title and its leader.
const PAGE_COLUMN: f32 = 28.0;
const LEADER_GAP: f32 = 6.0;
const TITLE_ROOM: f32 = 10.0;
const LEADER: TextStyle = TextStyle::plain(11.0, SECONDARY);

impl Builder<'_> {
    pub(super) fn contents(&mut self, title: &str, depth: u8) {
        let g = self.g;
        let leading = TITLE.size * TITLE_LEADING;
        let baseline = self.baseline(TITLE.size, leading);
        let heading = Tag::Node(self.structure.heading(1));
        let items = vec![self.label(title, g.left, baseline, &TITLE).tagged(heading)];
        self.push(Unit {
            height: leading + TITLE_GAP,
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
        let toc = self.node(ROOT, Role::Contents);
        for (index, h) in entries {
            // Each entry a link to its heading: title and page number its text.
            let entry_node = self.node(toc, Role::ContentsItem);
            let link = self.node(entry_node, Role::Link);
            self.contents_links.push((link, index));
            let tag = Tag::Node(link);
            let (style, gap) = if h.level == 1 {
                (SECTION, SECTION_GAP)
            } else {
                (SUBSECTION, SUBSECTION_GAP)
            };
            let size = style.size;
            let indent = f32::from(h.level - 1) * INDENT_PER_LEVEL;
            let leading = size * LEADING;
            let baseline = self.baseline(size, leading);
            let face = self.fonts.main(style.font);
            let room = g.body_width() - indent - PAGE_COLUMN - TITLE_ROOM;
            let label = fit(self.fonts, face, &h.title, size, room);
            let entry = self.label(&label, g.left + indent, baseline, &style);
            let label_width = match &entry {
                Item::Text { line, .. } => line.width,
                _ => 0.0,
            };
            let mut items = vec![entry.tagged(tag)];
            // Dotted leader from the title to the page number.
            let dot = self
                .fonts
                .face(self.fonts.main(Style::REGULAR))
                .width(". ", size);
            let start = g.left + indent + label_width + LEADER_GAP;
            let end = g.right - PAGE_COLUMN;
            if end > start && dot > 0.0 {
                let count = ((end - start) / dot) as usize;
                let leader = ". ".repeat(count);
                let x = end - dot * count as f32;
                let leader_style = TextStyle { size, ..LEADER };
                // Dots for the eye only: an artifact, as `label` tags it.
                items.push(self.label(leader.trim_end(), x, baseline, &leader_style));
            }
            items.push(Item::PageOf {
                heading: index,
                right: g.right,
                y: baseline,
                size,
                face,
                colour: TEXT,
                tag,
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
}
