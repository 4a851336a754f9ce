//! The 5 × 5 risk heat map: likelihood against consequence, each cell coloured by
//! its band, with how many risks sit in it and which.

use super::*;

const LIKELIHOOD: [&str; 5] = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"];
const CONSEQUENCE: [&str; 5] = ["Negligible", "Minor", "Moderate", "Major", "Catastrophic"];
/// The likelihood labels' column, and the largest a cell may be.
const LABEL_COLUMN: f32 = 96.0;
const MAX_CELL_WIDTH: f32 = 70.0;
const CELL_HEIGHT: f32 = 40.0;
/// White lines between the cells.
const CELL_STROKE: f32 = 1.5;
const TITLE: TextStyle = TextStyle::bold(11.0, TEXT);
const TITLE_GAP: f32 = 20.0;
const AXES: TextStyle = TextStyle::bold(8.0, SECONDARY);
const AXES_BASELINE: f32 = 10.0;
const AXES_GAP: f32 = 16.0;
const ROW_LABEL: TextStyle = TextStyle::plain(8.5, TEXT);
/// How far below a cell's middle its row label's baseline sits.
const ROW_LABEL_DROP: f32 = 3.0;
/// In each cell: the count of risks, and their references under it.
const COUNT_SIZE: f32 = 12.0;
const COUNT_BASELINE: f32 = 16.0;
const REFERENCE_SIZE: f32 = 6.5;
const REFERENCE_BASELINE: f32 = 31.0;
const REFERENCE_ROOM: f32 = 6.0;
const COLUMN_LABEL: TextStyle = TextStyle::plain(8.0, TEXT);
const COLUMN_LABEL_GAP: f32 = 12.0;
const COLUMN_LABEL_ROOM: f32 = 2.0;
const SPACE_ABOVE: f32 = 10.0;
const SPACE_BELOW: f32 = 8.0;

impl Builder<'_> {
    pub(super) fn heat_map(&mut self, map: &HeatMap) {
        let g = self.g;
        let cell_w = ((g.body_width() - LABEL_COLUMN) / 5.0).min(MAX_CELL_WIDTH);
        // A figure, read out as the words of `describe` instead of its cells.
        let figure = self.node(ROOT, Role::Figure);
        self.structure.set_alt(figure, describe(map));
        let mut items = Vec::new();
        let mut y = 0.0;
        if !map.title.is_empty() {
            items.push(self.label(&map.title, g.left, TITLE.size, &TITLE));
            y += TITLE_GAP;
        }
        let axes = "Likelihood ↓ / Consequence →";
        items.push(self.label(axes, g.left, y + AXES_BASELINE, &AXES));
        y += AXES_GAP;
        for row in 0..5u8 {
            let l = 5 - row; // most likely at the top
            let top = y + f32::from(row) * CELL_HEIGHT;
            let label = format!("{l} {}", LIKELIHOOD[usize::from(l - 1)]);
            let label_y = top + CELL_HEIGHT / 2.0 + ROW_LABEL_DROP;
            items.push(self.label(&label, g.left, label_y, &ROW_LABEL));
            for c in 1..=5u8 {
                let x = g.left + LABEL_COLUMN + f32::from(c - 1) * cell_w;
                let score = usize::from(l * c);
                let fill = map.colours.get(score).copied().flatten();
                items.push(Item::Rect {
                    x,
                    y: top,
                    w: cell_w,
                    h: CELL_HEIGHT,
                    fill,
                    stroke: Some((WHITE, CELL_STROKE)),
                    tag: Tag::Artifact,
                });
                let here: Vec<&str> = map
                    .risks
                    .iter()
                    .filter(|(rl, rc, _)| *rl == l && *rc == c)
                    .map(|(_, _, s)| s.as_str())
                    .collect();
                // Text on a band has contrast enough to read (`ink_on`); the band's
                // name, not its colour, is what the register says.
                let colour = fill.map_or(TEXT, ink_on);
                let count = if here.is_empty() {
                    String::new()
                } else {
                    here.len().to_string()
                };
                let count_style = TextStyle::bold(COUNT_SIZE, colour);
                items.push(self.centred(&count, x, cell_w, top + COUNT_BASELINE, &count_style));
                let regular = self.fonts.main(Style::REGULAR);
                let room = cell_w - REFERENCE_ROOM;
                let ids = fit(self.fonts, regular, &here.join(" "), REFERENCE_SIZE, room);
                let ids_style = TextStyle::plain(REFERENCE_SIZE, colour);
                let ids_y = top + REFERENCE_BASELINE;
                items.push(self.centred(&ids, x, cell_w, ids_y, &ids_style));
            }
        }
        y += 5.0 * CELL_HEIGHT + COLUMN_LABEL_GAP;
        for c in 1..=5u8 {
            let x = g.left + LABEL_COLUMN + f32::from(c - 1) * cell_w;
            let label = format!("{c} {}", CONSEQUENCE[usize::from(c - 1)]);
            let face = self.fonts.main(Style::REGULAR);
            let room = cell_w - COLUMN_LABEL_ROOM;
            let label = fit(self.fonts, face, &label, COLUMN_LABEL.size, room);
            items.push(self.centred(&label, x, cell_w, y, &COLUMN_LABEL));
        }
        let items = items
            .into_iter()
            .map(|i| i.tagged(Tag::Node(figure)))
            .collect();
        self.push(Unit {
            height: y + SPACE_BELOW,
            space_before: SPACE_ABOVE,
            items,
            ..Unit::default()
        });
    }
}

/// What the heat map shows, in words: how many risks in each band, and which
/// risks in each cell, row by row from the top as the grid is drawn.
pub fn describe(map: &HeatMap) -> String {
    let count = |n: usize| match n {
        1 => "1 risk".to_string(),
        n => format!("{n} risks"),
    };
    let mut out = String::from("Risk heat map");
    if !map.title.is_empty() {
        out.push_str(&format!(", {}", map.title));
    }
    out.push_str(&format!(
        ": {} placed by likelihood (1 {} to 5 {}) and consequence (1 {} to 5 {}).",
        count(map.risks.len()),
        LIKELIHOOD[0],
        LIKELIHOOD[4],
        CONSEQUENCE[0],
        CONSEQUENCE[4]
    ));
    let band_of = |l: u8, c: u8| {
        map.band_names
            .get(usize::from(l * c))
            .filter(|n| !n.is_empty())
            .cloned()
    };
    // Bands in the order their first risk comes, from the top of the grid.
    let mut bands: Vec<(String, usize)> = Vec::new();
    let mut cells = Vec::new();
    for l in (1..=5u8).rev() {
        for c in 1..=5u8 {
            let here: Vec<&str> = map
                .risks
                .iter()
                .filter(|(rl, rc, _)| (*rl, *rc) == (l, c))
                .map(|(_, _, label)| label.as_str())
                .collect();
            if here.is_empty() {
                continue;
            }
            let band = band_of(l, c);
            if let Some(name) = &band {
                match bands.iter_mut().find(|(b, _)| b == name) {
                    Some((_, n)) => *n += here.len(),
                    None => bands.push((name.clone(), here.len())),
                }
            }
            let labels: Vec<&str> = here.iter().copied().filter(|s| !s.is_empty()).collect();
            cells.push(format!(
                "likelihood {l} {}, consequence {c} {} (score {}{}): {}{}",
                LIKELIHOOD[usize::from(l - 1)],
                CONSEQUENCE[usize::from(c - 1)],
                l * c,
                band.map_or(String::new(), |b| format!(", {b}")),
                count(here.len()),
                if labels.is_empty() {
                    String::new()
                } else {
                    format!(", {}", labels.join(", "))
                }
            ));
        }
    }
    if !bands.is_empty() {
        let parts: Vec<String> = bands
            .iter()
            .map(|(b, n)| format!("{b}: {}", count(*n)))
            .collect();
        out.push_str(&format!(" By band: {}.", parts.join("; ")));
    }
    if !cells.is_empty() {
        out.push_str(&format!(" By cell: {}.", cells.join("; ")));
    }
    out
}
