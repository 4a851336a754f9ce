//! Writes the example agreement as a Typst document with the same content and
//! the same page design, for the side-by-side measurements of issue 10 (speed
//! and word spacing against Typst 0.15, the `typst` package on PyPI).
//!
//!     cargo run --release --example typst_fixture -- [TIMES] > example.typ
//!
//! TIMES (default 1) scales the agreement as the render benchmark does (17 gives
//! "ten times the document"). The text comes from the same template and markup
//! as our PDF, block by block, so both typesetters set the same words: headings
//! with their numbers, clauses, lists, tables with their fills, the contents, the
//! heat map, signatures and glossary, a running footer and the DRAFT watermark.

use mou_core::document::{Align, Block, Inline, Rgb, Table};
use mou_core::templates::Registry;
use std::fmt::Write;
use std::path::Path;

#[path = "../../tests/common/scale.rs"]
mod scale;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let times: usize = std::env::args()
        .nth(1)
        .map(|t| t.parse())
        .transpose()?
        .unwrap_or(1);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/integrated-care-mou.json");
    let agreement = scale::times(&mou_core::exchange::read_file(&path)?, times);
    let registry = Registry::load(None)?;
    let template = registry.get("integrated-care-pooled-budget")?;
    let markup = template.render_markup(&agreement, false, &[])?;
    let document = mou_core::document::parse(&markup)?;
    let mut out = String::new();
    preamble(&mut out, &document.meta.title, &document.meta.version);
    let mut numbers = Numbers::default();
    for block in &document.blocks {
        block_to_typst(&mut out, block, &mut numbers);
    }
    print!("{out}");
    Ok(())
}

/// A Typst string literal.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn inline(runs: &[Inline]) -> String {
    let mut out = String::new();
    for r in runs {
        let s = string(&r.text);
        match (r.bold, r.italic) {
            (true, true) => write!(out, "#strong(emph({s}))"),
            (true, false) => write!(out, "#strong({s})"),
            (false, true) => write!(out, "#emph({s})"),
            (false, false) => write!(out, "#{s}"),
        }
        .ok();
    }
    out
}

fn plain(s: &str) -> String {
    format!("#{}", string(s))
}

fn rgb(c: Rgb) -> String {
    format!("rgb(\"#{:02x}{:02x}{:02x}\")", c.0, c.1, c.2)
}

fn preamble(out: &mut String, title: &str, version: &str) {
    // Our geometry: A4, 25 mm margins, footer 17 mm above the edge; Liberation Sans
    // 12 pt on 16.8 pt lines, aligned left, 6 pt between paragraphs; headings
    // 20/15.5/13.5 pt.
    writeln!(
        out,
        r##"#set document(title: {title})
#set page(paper: "a4", margin: 25mm,
  footer-descent: 30%,
  footer: context [
    #set text(8pt, fill: rgb("#4c6272"))
    #line(length: 100%, stroke: 0.5pt + rgb("#d8dde0"))
    {title_short} #h(1fr) {version} · Page #counter(page).display() of #counter(page).final().first()
  ],
  background: rotate(-45deg, text(96pt, weight: "bold", fill: rgb("#e8edee"))[DRAFT]))
#set text(font: "Liberation Sans", size: 12pt, lang: "en", region: "gb", fill: rgb("#212b32"))
#set par(justify: false, leading: 0.67em, spacing: 6pt)
#show heading: set text(fill: rgb("#212b32"))
#show heading.where(level: 1): it => {{ v(12pt); text(20pt, fill: rgb("#005eb8"), it.body); line(length: 100%, stroke: 0.5pt + rgb("#d8dde0")) }}
#show heading.where(level: 2): set text(15.5pt)
#show heading.where(level: 3): set text(13.5pt)
#set table(stroke: 0.5pt + rgb("#d8dde0"), inset: (x: 4pt, y: 3.5pt))
"##,
        title = string(title),
        title_short = plain(&title.chars().take(60).collect::<String>()),
        version = plain(version),
    )
    .ok();
}

/// Heading and clause numbers, as our layout counts them.
#[derive(Default)]
struct Numbers {
    counters: [usize; 4],
    depth: usize,
    /// The last heading's level as tagged: like ours, a heading never skips a
    /// level (PDF/UA, which Typst enforces).
    last_heading: u8,
}

impl Numbers {
    fn next(&mut self, level: usize) -> String {
        let level = level.clamp(1, 4);
        self.counters[level - 1] += 1;
        for c in &mut self.counters[level..] {
            *c = 0;
        }
        self.counters[..level]
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(".")
    }
}

fn block_to_typst(out: &mut String, block: &Block, numbers: &mut Numbers) {
    match block {
        Block::TitlePage(t) => {
            writeln!(
                out,
                "#block(text(24pt, weight: \"bold\", {})))",
                string(&t.title)
            )
            .ok();
            writeln!(
                out,
                "#block(text(14pt, fill: rgb(\"#4c6272\"), {}))",
                string(&t.subtitle)
            )
            .ok();
            out.push_str("#grid(columns: (40%, 60%), row-gutter: 8pt,\n");
            for (label, value) in &t.facts {
                writeln!(
                    out,
                    "  text(11pt, weight: \"bold\", {}), text(11pt, {}),",
                    string(label),
                    string(value)
                )
                .ok();
            }
            out.push_str(")\n");
            for party in &t.parties {
                writeln!(out, "#text(12pt, {})\n", string(party)).ok();
            }
            writeln!(out, "#text(10.5pt, {})\n#pagebreak()", string(&t.note)).ok();
        }
        Block::Contents { title, depth } => {
            writeln!(
                out,
                "#outline(title: {}, depth: {depth})\n#pagebreak()",
                string(title)
            )
            .ok();
        }
        Block::Heading {
            level,
            numbered,
            text,
            ..
        } => {
            let number = if *numbered {
                numbers.depth = usize::from(*level);
                format!("{} ", numbers.next(usize::from(*level)))
            } else {
                String::new()
            };
            let tagged = (*level).min(numbers.last_heading + 1);
            numbers.last_heading = tagged;
            writeln!(
                out,
                "\n#heading(level: {tagged})[{}{}]\n",
                plain(&number),
                inline(text)
            )
            .ok();
        }
        Block::Paragraph { text, align, small } => {
            let size = if *small { "10.5pt" } else { "12pt" };
            let justify = matches!(align, Some(Align::Justify));
            writeln!(
                out,
                "#par(justify: {justify})[#text({size})[{}]]\n",
                inline(text)
            )
            .ok();
        }
        Block::Clause(text) => {
            let number = numbers.next(numbers.depth.max(1) + 1);
            writeln!(
                out,
                "#grid(columns: (44pt, 1fr), strong({}), par[{}])\n",
                string(&number),
                inline(text)
            )
            .ok();
        }
        Block::List { ordered, items } => {
            let marker = if *ordered { "+" } else { "-" };
            for item in items {
                writeln!(out, "{marker} {}", inline(item)).ok();
            }
            out.push('\n');
        }
        Block::Table(t) => table(out, t),
        Block::PageBreak => out.push_str("#pagebreak()\n"),
        Block::Keep(blocks) => {
            out.push_str("#block(breakable: false)[\n");
            for b in blocks {
                block_to_typst(out, b, numbers);
            }
            out.push_str("]\n");
        }
        Block::HeatMap(map) => {
            writeln!(out, "#text(weight: \"bold\", {})\n", string(&map.title)).ok();
            out.push_str("#table(columns: (32pt,) * 6, rows: 32pt, align: center + horizon,\n");
            for likelihood in (1..=5u8).rev() {
                writeln!(out, "  [{likelihood}],").ok();
                for impact in 1..=5u8 {
                    let here: Vec<&str> = map
                        .risks
                        .iter()
                        .filter(|(l, i, _)| *l == likelihood && *i == impact)
                        .map(|(_, _, r)| r.as_str())
                        .collect();
                    let fill = map
                        .colours
                        .get(usize::from(likelihood * impact).saturating_sub(1))
                        .copied()
                        .flatten()
                        .map_or("none".into(), rgb);
                    writeln!(
                        out,
                        "  table.cell(fill: {fill}, text(7pt, {})),",
                        string(&here.join(" "))
                    )
                    .ok();
                }
            }
            out.push_str("  [], [1], [2], [3], [4], [5])\n");
        }
        Block::Signatures(signatures) => {
            out.push_str("#grid(columns: (1fr, 1fr), gutter: 18pt,\n");
            for s in signatures {
                writeln!(
                    out,
                    "  block(breakable: false)[#text(12pt, weight: \"bold\", {}) \\ #v(24pt) #line(length: 100%) Signature \\ Name: {} \\ Role: {} \\ Date:],",
                    string(&s.organisation),
                    plain(&s.name),
                    plain(&s.role)
                )
                .ok();
            }
            out.push_str(")\n");
        }
        Block::Glossary(terms) => {
            for (term, definition) in terms {
                writeln!(
                    out,
                    "#block(breakable: false)[#strong({}) \\ {}]\n",
                    string(term),
                    inline(definition)
                )
                .ok();
            }
        }
        Block::Space(points) => {
            writeln!(out, "#v({points}pt)").ok();
        }
    }
}

fn table(out: &mut String, t: &Table) {
    let columns: Vec<String> = t.widths.iter().map(|w| format!("{w}fr")).collect();
    let size = if t.small { "9pt" } else { "10.5pt" };
    writeln!(
        out,
        "#text({size})[#table(columns: ({},),",
        columns.join(", ")
    )
    .ok();
    for (n, row) in t.rows.iter().enumerate() {
        if n == 0 && t.header_rows > 0 {
            out.push_str("  table.header(");
        }
        for cell in row {
            let fill = cell.fill.map_or("none".into(), rgb);
            let align = match cell.align {
                Align::Centre => "center",
                Align::Right => "right",
                _ => "left",
            };
            write!(
                out,
                "table.cell(fill: {fill}, align: {align})[{}], ",
                inline(&cell.text)
            )
            .ok();
        }
        if n + 1 == t.header_rows {
            out.push_str("),");
        }
        out.push('\n');
    }
    out.push_str(")]\n");
}
