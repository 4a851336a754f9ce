//! The PDF as partners read it: text, pages, footer, bookmarks, determinism,
//! margins, fonts, and every way a template or a character can go wrong.

mod common;

use common::{approved_example, example, render, tool, words_outside_the_page_body};
use mou_core::ErrorCode;
use mou_core::render::RenderError;
use std::collections::HashMap;

const TEMPLATES: [&str; 3] = [
    "health-and-care-partnership",
    "integrated-care-pooled-budget",
    "voluntary-sector-mou",
];

fn pages(pdf: &[u8]) -> usize {
    let info = tool("pdfinfo", &[], pdf);
    let line = info
        .lines()
        .find(|l| l.starts_with("Pages:"))
        .expect("Pages line");
    line[6..].trim().parse().expect("number")
}

#[test]
fn the_full_example_renders_with_every_built_in_template() {
    for name in TEMPLATES {
        let r = render(&example(), name, false).expect("renders");
        assert!(r.pages >= 20, "{name}: {} pages", r.pages);
        assert_eq!(pages(&r.pdf), r.pages);
        assert!(r.pdf.len() < 200 * 1024, "{name}: {} bytes", r.pdf.len());
        common::assert_sound_pdf(&r.pdf);

        // Words as read, whatever line they fall on (the title page sets the title in three).
        let text = tool("pdftotext", &[], &r.pdf)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for expected in [
            "Memorandum of Understanding: Hollinsmoor Place Integrated Care Partnership",
            "Contents",
            "Risk register",
            "Who does what: the RACI matrix",
            "£31,680,000",
            "Zoë Hargreaves",
            "Łukasz Nowak",
            "Ingrid Ångström",
            "Llŷr",
            "Marguerite O’Connell",
            "“the last to know”",
            "Signature",
        ] {
            assert!(text.contains(expected), "{name}: missing {expected:?}");
        }
    }
}

#[test]
fn every_page_has_the_footer_and_page_x_of_y() {
    let r = render(&example(), "health-and-care-partnership", false).expect("renders");
    let text = tool("pdftotext", &["-layout"], &r.pdf);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages.len(), r.pages);
    for (i, page) in pages.iter().enumerate() {
        let footer = format!(
            "Version 0.4 draft · Fingerprint {} · Page {} of {}",
            r.fingerprint,
            i + 1,
            r.pages
        );
        assert!(page.contains(&footer), "page {} lacks {footer:?}", i + 1);
        assert!(
            page.contains("Memorandum of Understanding: Hollinsmoor"),
            "page {} lacks the title",
            i + 1
        );
    }
}

#[test]
fn metadata_is_set_and_no_standard_is_claimed() {
    let r = render(&example(), "health-and-care-partnership", false).expect("renders");
    let info = tool("pdfinfo", &[], &r.pdf);
    assert!(info.contains("Title:           Memorandum of Understanding: Hollinsmoor Place Integrated Care Partnership"), "{info}");
    assert!(
        info.contains("Author:          Hollinsmoor Place Integrated Care Partnership"),
        "{info}"
    );
    assert!(
        info.contains("Subject:         Memorandum of understanding HPICP-MOU-2027-01"),
        "{info}"
    );
    assert!(info.contains("Keywords:"), "{info}");
    assert!(
        info.contains("Page size:       595.276 x 841.89 pts (A4)"),
        "{info}"
    );
    assert!(
        !info.contains("PDF subtype"),
        "a PDF/X claim the file does not meet: {info}"
    );
    assert!(
        !info.contains("CreationDate"),
        "dates make every file different: {info}"
    );
}

#[test]
fn bookmarks_follow_the_headings_nested_and_in_order() {
    let r = render(&example(), "health-and-care-partnership", false).expect("renders");
    let json: serde_json::Value =
        serde_json::from_str(&tool("qpdf", &["--json", "--json-key=outlines"], &r.pdf))
            .expect("json");
    let top: Vec<String> = json["outlines"]
        .as_array()
        .expect("outlines")
        .iter()
        .map(|o| o["title"].as_str().expect("title").to_string())
        .collect();
    assert_eq!(
        top,
        [
            "1 Introduction",
            "2 The partners",
            "3 Objectives",
            "4 Principles and behaviours",
            "5 Roles and responsibilities",
            "6 Governance and decision-making",
            "7 Financial arrangements",
            "8 Risk assessment",
            "9 Information sharing and legal clauses",
            "10 Shared language",
            "11 Review and sign-off",
        ]
    );
    let risk = &json["outlines"][7];
    assert_eq!(risk["kids"][0]["title"], "8.1 Risk register");
    // Each bookmark, nested ones included, goes to the page its heading is on: a
    // line that is the heading itself, not its entry in the contents.
    let text = tool("pdftotext", &["-layout"], &r.pdf);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let entries = bookmarks(&json);
    assert!(entries.len() > 30, "{} bookmarks", entries.len());
    for b in &entries {
        let heading_here = pages[b.page - 1].lines().any(|l| l.trim() == b.title);
        assert!(
            heading_here,
            "{:?} is not a heading on page {}",
            b.title, b.page
        );
    }
    let levels = heading_levels(&example(), "health-and-care-partnership");
    contents_list_every_heading(&pages, &entries, &levels);
}

/// The depth of headings the built-in templates' contents list (`<contents depth="2">`).
const CONTENTS_DEPTH: u8 = 2;

/// One bookmark: its title and the page it goes to.
struct Bookmark {
    title: String,
    page: usize,
}

/// Each heading's level (1 for `h1`), from the layout stage: a bookmark's nesting
/// is not its level (a partner's `h3` sits directly under an `h1`).
fn heading_levels(agreement: &mou_core::model::Agreement, template: &str) -> HashMap<String, u8> {
    let registry = mou_core::templates::Registry::load(None).expect("templates");
    let template = registry.get(template).expect("template");
    let markup = template
        .render_markup(agreement, false, &[])
        .expect("markup");
    let document = mou_core::document::parse(&markup).expect("parses");
    let fonts = mou_core::render::fonts(&template.manifest.fonts.request()).expect("fonts");
    let laid = mou_core::layout::layout(&document, &fonts, &mou_core::layout::Options::default())
        .expect("lays out");
    laid.outline
        .into_iter()
        .map(|h| (h.title, h.level))
        .collect()
}

/// Every bookmark of a document, nested ones included, from `qpdf --json` outlines.
fn bookmarks(json: &serde_json::Value) -> Vec<Bookmark> {
    let mut out = Vec::new();
    let mut stack: Vec<&serde_json::Value> = json["outlines"]
        .as_array()
        .expect("outlines")
        .iter()
        .collect();
    while let Some(o) = stack.pop() {
        out.push(Bookmark {
            title: o["title"].as_str().expect("title").to_string(),
            page: o["destpageposfrom1"].as_u64().expect("page") as usize,
        });
        stack.extend(o["kids"].as_array().expect("kids").iter());
    }
    out
}

/// The contents run from page 2 up to the page before the first heading; every
/// heading down to the contents' depth is listed there, once, with its page.
fn contents_list_every_heading(pages: &[&str], entries: &[Bookmark], levels: &HashMap<String, u8>) {
    let first_heading = entries.iter().map(|b| b.page).min().expect("headings");
    assert!(
        first_heading > 2,
        "no room for the contents before page {first_heading}"
    );
    let contents: Vec<&str> = pages[1..first_heading - 1]
        .iter()
        .flat_map(|p| p.lines())
        .collect();
    let listed = entries.iter().filter(|b| {
        let level = levels
            .get(&b.title)
            .unwrap_or_else(|| panic!("{:?}: no such heading", b.title));
        *level <= CONTENTS_DEPTH
    });
    let mut checked = 0;
    for b in listed {
        let lines: Vec<&&str> = contents
            .iter()
            .filter(|l| l.trim_start().starts_with(&format!("{} ", b.title)))
            .collect();
        assert_eq!(
            lines.len(),
            1,
            "{:?} should be listed once in the contents (pages 2 to {}): {lines:?}",
            b.title,
            first_heading - 1
        );
        let number: usize = lines[0]
            .split_whitespace()
            .last()
            .expect("number")
            .parse()
            .unwrap_or_else(|_| panic!("no page number: {:?}", lines[0]));
        assert_eq!(
            number, b.page,
            "contents gives page {number} for {:?}, the heading is on {}",
            b.title, b.page
        );
        checked += 1;
    }
    assert!(checked > 20, "only {checked} headings checked");
}

#[test]
fn contents_that_take_several_pages_list_every_heading() {
    // Ten times the example: the contents no longer fit on one page.
    let big = common::scale::times(&example(), 10);
    let r = render(&big, "health-and-care-partnership", false).expect("renders");
    let json: serde_json::Value =
        serde_json::from_str(&tool("qpdf", &["--json", "--json-key=outlines"], &r.pdf))
            .expect("json");
    let text = tool("pdftotext", &["-layout"], &r.pdf);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let entries = bookmarks(&json);
    let first_heading = entries.iter().map(|b| b.page).min().expect("headings");
    assert!(first_heading > 3, "the contents took one page only");
    let levels = heading_levels(&big, "health-and-care-partnership");
    contents_list_every_heading(&pages, &entries, &levels);
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let a = render(&example(), "integrated-care-pooled-budget", false).expect("renders");
    let b = render(&example(), "integrated-care-pooled-budget", false).expect("renders");
    assert!(a.pdf == b.pdf, "two renders in one process differ");
    // And a different agreement gives a different file id.
    let mut changed = example();
    changed.details.version = "0.5".into();
    let c = render(&changed, "integrated-care-pooled-budget", false).expect("renders");
    assert!(a.pdf != c.pdf);
}

#[test]
fn the_same_input_gives_the_same_bytes_across_processes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut outputs = Vec::new();
    for n in 0..2 {
        let out = dir.path().join(format!("{n}.pdf"));
        let status = common::mou(dir.path())
            .args([
                "render",
                common::example_path().to_str().expect("p"),
                "-o",
                out.to_str().expect("p"),
            ])
            .status()
            .expect("runs");
        assert!(status.success());
        outputs.push(std::fs::read(&out).expect("read"));
    }
    assert!(
        outputs[0] == outputs[1],
        "two processes wrote different PDFs"
    );
    let in_process = render(&example(), "integrated-care-pooled-budget", false).expect("renders");
    assert!(
        outputs[0] == in_process.pdf,
        "the CLI and the library differ"
    );
}

#[test]
fn no_glyph_is_drawn_outside_the_printable_area() {
    // A final document (no watermark): every word of body text lies inside the
    // margins; the footer lies in the bottom margin; nothing within 15 mm of an edge.
    let r = render(&approved_example(), "integrated-care-pooled-budget", true).expect("renders");
    let (outside, words) = words_outside_the_page_body(&r.pdf);
    assert!(words > 5000, "only {words} words checked");
    assert!(
        outside.is_empty(),
        "words outside the body or footer: {outside:?}"
    );
}

#[test]
fn a_final_document_has_no_watermark_and_needs_every_approval() {
    let err =
        render(&example(), "health-and-care-partnership", true).expect_err("not everyone approved");
    assert_eq!(err.code(), "render.not_ready_for_final");
    assert!(
        err.to_string().contains("has not approved version 0.4"),
        "{err}"
    );

    let draft = render(&approved_example(), "health-and-care-partnership", false).expect("draft");
    let final_ = render(&approved_example(), "health-and-care-partnership", true).expect("final");
    // The watermark is drawn, not written: it shows on the page but not in the text.
    let (with, without) = (watermark_pixels(&draft.pdf), watermark_pixels(&final_.pdf));
    assert!(
        with > without + 1000,
        "the draft shows its watermark ({with} pale pixels against {without})"
    );
    assert!(
        !tool("pdftotext", &[], &draft.pdf).contains("DRAFT"),
        "the watermark is not text"
    );
    let text = tool("pdftotext", &[], &final_.pdf);
    assert!(
        text.contains(&format!(
            "Version 0.4 · Fingerprint {} · Page 1 of",
            final_.fingerprint
        )),
        "footer without 'draft'"
    );
}

#[test]
fn the_stamp_has_the_digest_of_each_page_as_read_back_draft_and_final() {
    for final_ in [false, true] {
        let pdf = render(&approved_example(), "health-and-care-partnership", final_)
            .expect("renders")
            .pdf;
        let stamp = mou_core::pdf::read_stamp(&pdf).expect("stamped");
        let doc = lopdf::Document::load_mem(&pdf).expect("reads");
        let read = mou_core::pdf::page_digests(&doc);
        assert_eq!(stamp.page_digests, read, "final: {final_}");
        assert_eq!(stamp.pages, pages(&pdf));
        // A page's digest is its own: no two pages of the document share one.
        let distinct: std::collections::HashSet<_> = read.iter().collect();
        assert_eq!(distinct.len(), read.len());
    }
}

#[test]
fn a_character_the_main_font_lacks_comes_from_the_fallback() {
    let mut a = example();
    a.vision.vision_statement = "Every partner ✓ signs up ⇒ one team.".into();
    let r = render(&a, "health-and-care-partnership", false)
        .expect("renders with DejaVu Sans as fallback");
    let text = tool("pdftotext", &[], &r.pdf);
    assert!(
        text.contains("Every partner ✓ signs up ⇒ one team."),
        "fallback glyphs extract as text"
    );
}

#[test]
fn arabic_and_hebrew_read_in_logical_order_with_joined_letters() {
    let arabic = "مؤسسة الرعاية الصحية";
    let hebrew = "עמותת בריאות";
    let mut a = example();
    a.partners[0].name = format!("Partner {arabic}");
    a.vision.vision_statement = format!("We work with {hebrew} and {arabic} across Hollinsmoor.");
    let r = render(&a, "health-and-care-partnership", false).expect("renders");
    // pdftotext marks right-to-left runs with embedding characters (and puts the
    // space after a run inside them): compare words only.
    let text: String = tool("pdftotext", &[], &r.pdf)
        .chars()
        .map(|c| {
            if ('\u{202a}'..='\u{202e}').contains(&c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        format!("Partner {arabic}"),
        format!("We work with {hebrew} and {arabic} across Hollinsmoor."),
    ] {
        assert!(
            words.contains(&expected),
            "{expected:?} not read back in order"
        );
    }
    // Joining forms are checked at the layout boundary (layout::text tests);
    // here, that the font that has them is the one embedded.
    let fonts = tool("pdffonts", &[], &r.pdf);
    assert!(fonts.contains("DejaVuSans"), "{fonts}");
    common::assert_sound_pdf(&r.pdf);
}

#[test]
fn kerning_and_hyphenation_reach_the_pdf_and_copy_out_whole() {
    // Hyphenation comes with justified text, which a template asks for.
    let r = render_justified(&example(), "integrated-care-pooled-budget");
    let text = tool("pdftotext", &[], &r.pdf);
    // Each word broken at a line's end, joined again, is a word of the agreement
    // and is read whole by pdftotext.
    let raw = tool("pdftotext", &["-raw", "-nopgbrk"], &r.pdf);
    let lines: Vec<&str> = raw.lines().collect();
    let source = serde_json::to_string(&example()).expect("json");
    let mut hyphenated = 0;
    for pair in lines.windows(2) {
        let (Some(head), Some(tail)) = (
            pair[0]
                .strip_suffix('-')
                .and_then(|l| l.split(' ').next_back()),
            pair[1].split(' ').next(),
        ) else {
            continue;
        };
        if !head.chars().last().is_some_and(char::is_lowercase) || head.contains('-') {
            continue; // a hyphen of the text itself, or a clause number
        }
        let word: String = format!("{head}{tail}")
            .chars()
            .filter(|c| c.is_alphabetic())
            .collect();
        if !source.contains(&word) {
            continue; // a line of another column read beside this one
        }
        assert!(text.contains(&word), "{word} is not read whole");
        hyphenated += 1;
    }
    assert!(hyphenated >= 5, "only {hyphenated} words hyphenated");
    // No page ends in the middle of a hyphenated word (the footer is drawn last).
    for (n, page) in raw.split('\u{c}').enumerate() {
        let body_end = page
            .lines()
            .rev()
            .find(|l| !l.contains("Fingerprint") && !l.trim().is_empty());
        if let Some(line) = body_end {
            let broken = line
                .strip_suffix('-')
                .is_some_and(|head| head.ends_with(char::is_lowercase));
            assert!(!broken, "page {} ends with {line:?}", n + 1);
        }
    }
    // Kerning is drawn as adjustments inside TJ arrays between letters, not
    // only after spaces: the content has far more numbers in TJ than spaces
    // justified would need.
    let doc = lopdf::Document::load_mem(&r.pdf).expect("parses");
    let mut adjustments = 0;
    for (_, page) in doc.get_pages() {
        let content = doc.get_page_content(page);
        let ops = lopdf::content::Content::decode(&content).expect("decodes");
        for op in ops.operations.iter().filter(|o| o.operator == "TJ") {
            if let Some(Ok(items)) = op.operands.first().map(|o| o.as_array()) {
                adjustments += items
                    .windows(3)
                    .filter(|w| {
                        // A kerned pair: text, a whole number of thousandths, text.
                        matches!(
                            (&w[0], &w[1], &w[2]),
                            (lopdf::Object::String(..), n, lopdf::Object::String(b, _))
                                if n.as_float().is_ok_and(|v| v.fract() == 0.0 && v != 0.0)
                                    && !b.starts_with(b" ")
                        )
                    })
                    .count();
            }
        }
    }
    // Unkerned text has none at all.
    assert!(adjustments > 100, "{adjustments} kerned pairs");
}

#[test]
fn a_character_no_font_has_is_named_with_where_it_is() {
    let mut a = example();
    a.objectives[0].title = "Reduce admissions 漢".into();
    let err = render(&a, "health-and-care-partnership", false).expect_err("no font has it");
    assert_eq!(err.code(), "render.missing_glyphs");
    let msg = err.to_string();
    assert!(msg.contains("'漢' (U+6F22)"), "{msg}");
    assert!(msg.contains("Reduce admissions"), "says where: {msg}");
    assert!(
        msg.contains("Liberation Sans") && msg.contains("DejaVu Sans"),
        "{msg}"
    );
    assert!(matches!(err, RenderError::Glyphs(_)));
}

/// Pixels of the watermark's pale grey on page 2, rendered at 30 dpi.
fn watermark_pixels(pdf: &[u8]) -> usize {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).expect("write");
    let out = std::process::Command::new("pdftoppm")
        .args(["-r", "30", "-f", "2", "-l", "2"])
        .arg(&path)
        .output()
        .expect("pdftoppm runs");
    let ppm = out.stdout;
    // P6 header: magic, width, height, max value, each followed by whitespace.
    let mut fields = 0;
    let mut i = 0;
    while fields < 4 {
        while ppm[i].is_ascii_whitespace() {
            i += 1;
        }
        while !ppm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields += 1;
    }
    ppm[i + 1..]
        .chunks_exact(3)
        .filter(|p| {
            p[0].abs_diff(0xe8) <= 4 && p[1].abs_diff(0xed) <= 4 && p[2].abs_diff(0xee) <= 4
        })
        .count()
}

#[test]
fn overlong_content_breaks_across_pages_instead_of_running_off() {
    // A risk described at great length (a row taller than a page), a glossary
    // meaning as long, and more partners than a title page can list.
    let mut a = approved_example();
    a.risks[0].description =
        "The pooled budget could be overspent because demand rises faster than planned. "
            .repeat(60);
    a.glossary[0].meaning = "A long agreed meaning that runs on and on. ".repeat(80);
    let template = a.partners[7].clone();
    for n in 0..45 {
        let mut p = template.clone();
        p.id = format!("extra-{n}").as_str().into();
        p.name = format!("Neighbourhood partner organisation number {n}");
        a.partners.push(p);
    }
    for p in &a.partners[8..] {
        a.sign_off.reviews.push(mou_core::model::PartnerReview {
            partner: p.id.clone(),
            reviewed_version: a.details.version.clone(),
            status: mou_core::model::ReviewStatus::Approved,
            ..Default::default()
        });
    }
    let r = render(&a, "health-and-care-partnership", true).expect("renders");
    let (outside, words) = words_outside_the_page_body(&r.pdf);
    assert!(words > 5000, "only {words} words checked");
    assert!(
        outside.is_empty(),
        "words outside the body or footer: {outside:?}"
    );
    let text = tool("pdftotext", &[], &r.pdf);
    let counted = text
        .lines()
        .find_map(|l| {
            l.strip_prefix("and ")?
                .strip_suffix(" more partners, listed in full inside")
        })
        .expect("the title page counts the parties it cannot list");
    let counted: usize = counted.parse().expect("a number");
    let first_page = text.split('\u{c}').next().expect("page 1");
    let listed = a
        .partners
        .iter()
        .filter(|p| first_page.contains(&p.name))
        .count();
    assert!(
        counted > 0 && listed + counted == a.partners.len(),
        "{listed} listed + {counted} counted"
    );
}

/// Inserted words are underlined and deleted ones struck through, each by a line
/// exactly as long as the words (lines, so the marking is not colour alone).
#[test]
fn inserted_text_is_underlined_and_deleted_struck_through() {
    use mou_core::layout::{Item, layout};
    let doc = mou_core::document::parse(
        "<document><p>Monitoring is <del>monthly</del> <ins>weekly</ins> now.</p></document>",
    )
    .expect("parses");
    let registry = mou_core::templates::Registry::load(None).expect("templates");
    let template = registry
        .get("health-and-care-partnership")
        .expect("template");
    let fonts = mou_core::render::fonts(&template.manifest.fonts.request()).expect("fonts");
    let laid = layout(&doc, &fonts, &mou_core::layout::Options::default()).expect("lays out");
    let items = &laid.pages[0].items;
    let (baseline, size) = items
        .iter()
        .find_map(|i| match i {
            Item::Text { y, size, line, .. } if line.text().contains("weekly") => Some((*y, *size)),
            _ => None,
        })
        .expect("the line");
    let marks: Vec<(f32, f32)> = items
        .iter()
        .filter_map(|i| match i {
            Item::Rule { x1, x2, y1, .. } if (y1 - baseline).abs() < size => {
                Some((x2 - x1, y1 - baseline))
            }
            _ => None,
        })
        .collect();
    assert_eq!(marks.len(), 2, "one line for each marked word: {marks:?}");
    let face = fonts.face(fonts.main(mou_core::layout::fonts::Style::REGULAR));
    let (struck, underlined) = (marks[0], marks[1]);
    assert!(
        (struck.0 - face.width("monthly", size)).abs() < 0.01,
        "{struck:?}"
    );
    assert!(
        struck.1 < 0.0,
        "a strike goes through the letters, above the baseline"
    );
    assert!(
        (underlined.0 - face.width("weekly", size)).abs() < 0.01,
        "{underlined:?}"
    );
    assert!(underlined.1 > 0.0, "an underline goes below the baseline");
}

/// The glossary's terms are the agreement's defined terms: each first use in a
/// section is a link whose destination is the glossary, and the words under
/// each link are a form of a glossary term. A file with them is still "exactly
/// as made" to `identify`.
#[test]
fn defined_terms_link_to_the_glossary() {
    let a = example();
    let r = render(&a, "integrated-care-pooled-budget", false).expect("renders");
    let doc = lopdf::Document::load_mem(&r.pdf).expect("loads");
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    let text_of_page = |n: usize| {
        tool(
            "pdftotext",
            &["-f", &n.to_string(), "-l", &n.to_string()],
            &r.pdf,
        )
    };
    // The pages the glossary is set on: from its heading to the next section's.
    let glossary_pages: Vec<usize> = (1..=pages.len())
        .filter(|n| {
            let t = text_of_page(*n);
            a.glossary.iter().any(|g| {
                t.contains(
                    g.meaning
                        .split_whitespace()
                        .take(6)
                        .collect::<Vec<_>>()
                        .join(" ")
                        .as_str(),
                )
            })
        })
        .collect();
    assert!(!glossary_pages.is_empty(), "the glossary is somewhere");
    let forms: Vec<String> = a
        .glossary
        .iter()
        .flat_map(|g| mou_core::defined_terms::forms(&g.term))
        .map(|f| f.to_lowercase())
        .collect();
    let mut links = 0;
    let mut contents_links = 0;
    for (n, page) in pages.iter().enumerate() {
        let annots = doc
            .get_dictionary(*page)
            .ok()
            .and_then(|d| d.get(b"Annots").ok())
            .and_then(|a| a.as_array().ok())
            .cloned()
            .unwrap_or_default();
        for annot in annots {
            let id = annot.as_reference().expect("an annotation object");
            let d = doc.get_dictionary(id).expect("a dictionary");
            assert_eq!(
                d.get(b"Subtype").and_then(|s| s.as_name()).ok(),
                Some(&b"Link"[..])
            );
            let dest = d
                .get(b"Dest")
                .and_then(|o| o.as_array())
                .expect("a destination");
            let to = dest[0].as_reference().expect("a page");
            let to_page = pages
                .iter()
                .position(|p| *p == to)
                .expect("a page of the file")
                + 1;
            // What a screen reader says for the link (PDF/UA): where it leads.
            let said = d
                .get(b"Contents")
                .and_then(lopdf::decode_text_string)
                .expect("every link says where it leads");
            if let Some(heading) = said.strip_prefix("Go to ") {
                // A contents entry: it leads to the page its heading is on.
                let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(
                    words(&text_of_page(to_page)).contains(&words(heading)),
                    "page {}: {said:?} leads to page {to_page}",
                    n + 1
                );
                contents_links += 1;
                continue;
            }
            assert!(said.starts_with("Definition of \u{201c}"), "{said:?}");
            assert!(
                glossary_pages.contains(&to_page),
                "a link on page {} leads to page {to_page}",
                n + 1
            );
            // The words under the link's box are a form of a term.
            let rect: Vec<f32> = d
                .get(b"Rect")
                .and_then(|o| o.as_array())
                .expect("rect")
                .iter()
                .map(|v| v.as_float().expect("number"))
                .collect();
            let (x, y, w, h) = (rect[0], rect[1], rect[2] - rect[0], rect[3] - rect[1]);
            let page_height = 841.89;
            let under = tool(
                "pdftotext",
                &[
                    "-f",
                    &(n + 1).to_string(),
                    "-l",
                    &(n + 1).to_string(),
                    "-x",
                    // A point inside each edge, so a neighbouring full stop is left out.
                    &((x + 1.0).ceil() as i32).to_string(),
                    "-y",
                    &((page_height - y - h).floor() as i32).to_string(),
                    "-W",
                    &((w - 2.0).floor() as i32).to_string(),
                    "-H",
                    &(h.ceil() as i32).to_string(),
                ],
                &r.pdf,
            );
            let under = under
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            // A term broken across lines is a box on each, each a part of it
            // (broken at a space or after a hyphen): its start, its end, or
            // whole words from its middle in a narrow column.
            let part_of = |f: &String| {
                let head = f.strip_prefix(under.as_str());
                let tail = f.strip_suffix(under.as_str());
                *f == under
                    || format!(" {f} ").contains(&format!(" {under} "))
                    || head.is_some_and(|rest| rest.starts_with(' ') || under.ends_with('-'))
                    || tail.is_some_and(|rest| rest.ends_with(' ') || rest.ends_with('-'))
            };
            assert!(
                forms.iter().any(part_of),
                "page {}: the link covers {under:?}, not a term",
                n + 1
            );
            links += 1;
        }
    }
    assert!(links > 20, "{links} links");
    assert!(
        contents_links > 20,
        "{contents_links} contents entries linked"
    );
    let found = mou_core::identify::identify(&r.pdf);
    let mou_core::identify::Identified::Ours(doc) = found else {
        panic!("ours")
    };
    assert_eq!(doc.integrity, mou_core::identify::Integrity::Exact);
}

/// The pooled-budget template sets its agreement out as published section 75
/// agreements do: a cover dated on signing with the parties numbered and
/// addressed, the definitions as clause 1, and schedules after the body, each
/// referred to from the body before it; the partnership template has none.
#[test]
fn the_section_75_template_has_schedules_a_published_cover_and_definitions_first() {
    let a = example();
    let text = |template: &str| {
        let r = render(&a, template, false).expect("renders");
        tool("pdftotext", &[], &r.pdf)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let pooled = text("integrated-care-pooled-budget");
    assert!(
        pooled.contains("Dated ……………………………… (on signing)"),
        "{pooled}"
    );
    assert!(
        pooled.contains("(1) NHS Hollinsmoor and Lowdale Integrated Care Board, Calder House"),
        "{pooled}"
    );
    assert!(pooled.contains("1 Definitions and interpretation"));
    for (n, title) in [
        (1, "The partners"),
        (2, "Services and scope"),
        (3, "Financial contributions"),
        (4, "Risk register"),
        (5, "Performance measures"),
    ] {
        let heading = format!("Schedule {n}: {title}");
        let at = pooled
            .rfind(&heading)
            .unwrap_or_else(|| panic!("no {heading}"));
        let referred = pooled
            .find(&format!("set out in Schedule {n}"))
            .unwrap_or_else(|| panic!("the body never refers to schedule {n}"));
        assert!(referred < at, "schedule {n} is referred to before it");
    }
    // What the schedules hold is there once, in its schedule.
    let risk = &a.risks[0].description;
    assert_eq!(pooled.matches(risk.as_str()).count(), 1, "{risk}");
    assert!(pooled.rfind(risk.as_str()) > pooled.rfind("Schedule 4: Risk register"));

    let plain = text("health-and-care-partnership");
    assert!(!plain.contains("Schedule 1") && !plain.contains("Dated"));
    assert!(plain.contains("Shared language"));
    assert!(plain.contains(risk.as_str()));
}

/// Text set where it cannot break across pages has a limit: at every limit, in
/// every built-in template, every word is inside the page; one character over,
/// the render is refused, saying which text and how long it is, and nothing is made.
#[test]
fn text_that_cannot_break_is_refused_over_its_limit_and_fits_at_it() {
    use mou_core::validation::limits;
    let words = |n: usize| {
        // Words of varied length, the widest letters included, cut to exactly n characters.
        let text = "Wide MMWW partnership words for hospital discharge and care at home "
            .repeat(n / 60 + 2);
        text.chars()
            .take(n)
            .collect::<String>()
            .trim_end()
            .to_string()
            + "x"
    };
    let mut a = approved_example();
    a.details.title = words(limits::TITLE - 1);
    a.details.partnership_name = words(limits::NAME - 1);
    a.partners[0].name = words(limits::NAME - 1);
    a.partners[0].signatory.name = words(limits::SIGNATORY - 1);
    a.partners[0].signatory.job_title = words(limits::SIGNATORY - 1);
    a.clauses[0].title = words(limits::HEADING - 1);
    a.glossary[0].term = words(limits::TERM - 1);
    assert!(limits::check(&a).is_empty(), "{:?}", limits::check(&a));
    for template in TEMPLATES {
        let r = render(&a, template, false).expect("renders at the limits");
        let (outside, _) = words_outside_the_page_body(&r.pdf);
        // The watermark is drawn, not text, so every word found is the document's.
        assert!(
            outside.is_empty(),
            "{template}: words outside the page: {outside:?}"
        );
    }
    a.details.title = "A title of forty sentences. ".repeat(50);
    let err = render(&a, "health-and-care-partnership", false).expect_err("refused");
    assert_eq!(mou_core::ErrorCode::code(&err), "render.too_long");
    let said = err.to_string();
    assert!(
        said.contains(
            "The title is too long to set on a page: at most 300 characters; this one has 1,399"
        ),
        "{said}"
    );
}

/// Renders with a built-in template set to justify its text (a template option;
/// the built-in ones set text left-aligned).
fn render_justified(a: &mou_core::model::Agreement, name: &str) -> mou_core::render::Rendered {
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join(name);
    std::fs::create_dir_all(&copy).expect("dir");
    let built_in = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("templates")
        .join(name);
    for entry in std::fs::read_dir(&built_in).expect("built-in") {
        let entry = entry.expect("entry");
        if entry.path().is_file() {
            std::fs::copy(entry.path(), copy.join(entry.file_name())).expect("copy");
        }
    }
    let manifest = copy.join("manifest.toml");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    assert!(text.contains("justify = false"));
    std::fs::write(&manifest, text.replace("justify = false", "justify = true")).expect("write");
    let template = mou_core::templates::load_dir(&copy).expect("loads");
    mou_core::render::render(a, &template, &Default::default()).expect("renders")
}
