//! Layout at its own boundary: small named documents, in the markup templates
//! write, through `document::parse` → `layout::layout`, checking pages, lines and
//! positions (in the spirit of Typst's `tests/suite/layout/flow/*.typ`). The
//! written PDF is checked with poppler in tests/render.rs.

use mou_core::document::parse;
use mou_core::layout::fonts::FontRequest;
use mou_core::layout::{Item, Laid, Options, layout};

fn laid(markup: &str, justify: bool) -> Laid {
    let doc = parse(markup).expect("the markup parses");
    let fonts = mou_core::render::fonts(&FontRequest {
        family: "Liberation Sans".into(),
        fallbacks: vec!["DejaVu Sans".into()],
    })
    .expect("fonts");
    layout(&doc, &fonts, &Options { justify }).expect("lays out")
}

fn document(body: &str) -> String {
    format!(r#"<document title="Layout test" version="Version 0.1 draft">{body}</document>"#)
}

/// Each text line of the body (the footer left out): page, baseline, left edge,
/// drawn width, and its text.
fn lines(l: &Laid) -> Vec<(usize, f32, f32, f32, String)> {
    let mut out = Vec::new();
    for (n, page) in l.pages.iter().enumerate() {
        for item in &page.items {
            if let Item::Text {
                x,
                y,
                line,
                word_gap,
                ..
            } = item
                && *y < l.geometry.bottom
            {
                let width = line.width + word_gap * line.spaces() as f32;
                out.push((n, *y, *x, width, line.text()));
            }
        }
    }
    out
}

/// A paragraph of `n` sentences of ordinary words.
fn sentences(n: usize) -> String {
    "The partners agree to share information about people leaving hospital, so that care at home starts on the day they return. "
        .repeat(n)
}

#[test]
fn justified_lines_fill_the_measure_and_the_last_line_does_not() {
    let l = laid(&document(&format!("<p>{}</p>", sentences(6))), true);
    let body = lines(&l);
    assert!(body.len() > 4);
    let right = l.geometry.right;
    for (i, (_, _, x, width, text)) in body.iter().enumerate() {
        let end = x + width;
        if i + 1 < body.len() {
            assert!(
                (end - right).abs() < 0.05,
                "line {i} ends at {end}: {text:?}"
            );
        } else {
            assert!(end < right - 20.0, "the last line is set at natural width");
        }
    }
}

#[test]
fn ragged_text_never_passes_the_margin_and_is_not_hyphenated() {
    let l = laid(&document(&format!("<p>{}</p>", sentences(6))), false);
    for (_, _, x, width, text) in lines(&l) {
        assert!(x + width <= l.geometry.right + 0.01, "{text:?}");
        assert!(!text.ends_with('-'), "{text:?}");
    }
}

#[test]
fn a_paragraph_across_a_page_leaves_no_single_line_behind_or_ahead() {
    // Enough paragraphs that one must cross a page boundary.
    let body: String = (0..12)
        .map(|_| format!("<p>{}</p>", sentences(4)))
        .collect();
    let l = laid(&document(&body), true);
    assert!(l.pages.len() >= 2);
    let all = lines(&l);
    // Lines are in order; a page's first line that continues a paragraph has at
    // least one more line of it after, and the previous page kept at least two.
    let per_page = |p: usize| all.iter().filter(|line| line.0 == p).count();
    assert!(per_page(0) >= 2 && per_page(1) >= 2);
    let first_next = all
        .iter()
        .position(|line| line.0 == 1)
        .expect("a second page");
    let last_on_first = &all[first_next - 1];
    assert!(
        !last_on_first.4.ends_with('-'),
        "a page ends mid-word: {last_on_first:?}"
    );
}

#[test]
fn a_heading_is_never_the_last_thing_on_a_page() {
    let mut body = String::new();
    for i in 0..20 {
        body.push_str(&format!("<h2>Section {i}</h2><p>{}</p>", sentences(2)));
    }
    let l = laid(&document(&body), true);
    for (n, entry) in l.outline.iter().enumerate() {
        let text_after = lines(&l)
            .into_iter()
            .any(|(page, y, ..)| page == entry.page && y > entry.y + 20.0);
        assert!(text_after, "heading {n} ({}) ends its page", entry.title);
    }
}

#[test]
fn clauses_are_numbered_under_their_heading_with_the_text_indented() {
    let l = laid(
        &document(
            "<h1>Governance</h1><clause>The board meets monthly.</clause><clause>Decisions are by consensus.</clause>",
        ),
        true,
    );
    let body = lines(&l);
    let numbers: Vec<&(usize, f32, f32, f32, String)> =
        body.iter().filter(|l| l.4.starts_with("1.")).collect();
    assert_eq!(numbers.len(), 2, "{body:?}");
    assert_eq!(numbers[0].4, "1.1");
    assert_eq!(numbers[1].4, "1.2");
    let text = body
        .iter()
        .find(|l| l.4.starts_with("The board"))
        .expect("clause text");
    assert_eq!(
        text.1, numbers[0].1,
        "the number hangs on the text's first line"
    );
    assert!(
        text.2 > numbers[0].2 + 20.0,
        "the text is indented past the number"
    );
}

#[test]
fn a_table_taller_than_a_page_repeats_its_header_on_every_page() {
    let rows: String = (0..120)
        .map(|i| format!("<tr><td>R{i}</td><td>{}</td></tr>", sentences(1)))
        .collect();
    let l = laid(
        &document(&format!(
            r#"<table widths="1 5" header="1"><tr><th>Ref</th><th>Risk</th></tr>{rows}</table>"#
        )),
        true,
    );
    assert!(l.pages.len() >= 3);
    for p in 0..l.pages.len() {
        let first = lines(&l)
            .into_iter()
            .find(|line| line.0 == p)
            .expect("text on every page");
        assert_eq!(first.4, "Ref", "page {} starts with {first:?}", p + 1);
    }
}

#[test]
fn a_table_cell_longer_than_a_page_continues_on_the_next() {
    let l = laid(
        &document(&format!(
            r#"<table widths="1 5" header="1"><tr><th>Ref</th><th>Risk</th></tr><tr><td>R1</td><td>{}</td></tr></table>"#,
            sentences(80)
        )),
        true,
    );
    assert!(l.pages.len() >= 2, "{} pages", l.pages.len());
    for (_, y, ..) in lines(&l) {
        assert!(y <= l.geometry.bottom, "a line below the body: {y}");
    }
}

#[test]
fn arabic_inside_english_is_drawn_right_to_left_on_its_line() {
    let l = laid(&document("<p>Partner مؤسسة الرعاية signs today.</p>"), true);
    let Some(Item::Text { line, .. }) = l.pages[0]
        .items
        .iter()
        .find(|i| matches!(i, Item::Text { line, .. } if line.text().contains("Partner")))
    else {
        panic!("no line");
    };
    let order: Vec<&str> = line.pieces().map(|p| p.text).collect();
    assert_eq!(
        order,
        [
            "Partner",
            " ",
            "الرعاية",
            " ",
            "مؤسسة",
            " ",
            "signs",
            " ",
            "today."
        ]
    );
}
