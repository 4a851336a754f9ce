//! The accessible, archival PDF (PDF/UA-1, PDF/A-3a), checked the way veraPDF
//! and the Matterhorn Protocol check what a machine can: the catalogue and XMP,
//! every drawing operator inside a tagged sequence or an artifact, every tagged
//! sequence owned by exactly one structure element, headings without skipped
//! levels, table headers with a scope, the figure's alternative text, every
//! link tagged and described; then, with poppler, that the structure holds
//! every word of the content and none of the footer.
//!
//! And the agreement the PDF carries: imported back exactly, refused when it
//! is not what the PDF shows.

mod common;

use common::{assert_sound_pdf, example, render, tool};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{HashMap, HashSet};

const TEMPLATES: [&str; 3] = [
    "health-and-care-partnership",
    "integrated-care-pooled-budget",
    "voluntary-sector-mou",
];

/// The structure types of ISO 32000-1 the writer may use.
const STANDARD_TYPES: [&str; 20] = [
    "Document", "H1", "H2", "H3", "P", "Div", "L", "LI", "Lbl", "LBody", "Table", "THead", "TBody",
    "TR", "TH", "TD", "Figure", "TOC", "TOCI", "Link",
];

fn resolve<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(r) => doc.get_object(*r).expect("a reference resolves"),
        other => other,
    }
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> &'a Dictionary {
    resolve(doc, o).as_dict().expect("a dictionary")
}

fn name<'a>(d: &'a Dictionary, key: &str) -> Option<&'a [u8]> {
    d.get(key.as_bytes()).ok().and_then(|n| n.as_name().ok())
}

/// A PDF text string as text.
fn text(o: &Object) -> String {
    lopdf::decode_text_string(o).expect("a text string")
}

/// One structure element as read back: its type, page, kids in order.
struct Element {
    kind: String,
    /// MCIDs with the page each is on.
    marks: Vec<(ObjectId, i64)>,
    /// Annotations it holds (OBJR).
    annotations: Vec<ObjectId>,
    children: Vec<usize>,
    alt: Option<String>,
    scope: Option<Vec<u8>>,
}

/// Every structure element below the root, in reading order (depth first).
fn elements(doc: &Document) -> Vec<Element> {
    let catalog = doc.catalog().expect("catalog");
    let root = dict(
        doc,
        catalog.get(b"StructTreeRoot").expect("a structure tree"),
    );
    let mut out = Vec::new();
    let kids = root.get(b"K").expect("the root has a kid");
    let first = kids.as_reference().expect("the document element");
    walk(doc, first, None, &mut out);
    out
}

fn walk(doc: &Document, id: ObjectId, page: Option<ObjectId>, out: &mut Vec<Element>) -> usize {
    let d = doc.get_dictionary(id).expect("an element");
    let page = d
        .get(b"Pg")
        .ok()
        .and_then(|p| p.as_reference().ok())
        .or(page);
    let index = out.len();
    out.push(Element {
        kind: String::from_utf8_lossy(name(d, "S").expect("a type")).into_owned(),
        marks: Vec::new(),
        annotations: Vec::new(),
        children: Vec::new(),
        alt: d.get(b"Alt").ok().map(text),
        scope: d
            .get(b"A")
            .ok()
            .map(|a| dict(doc, a))
            .and_then(|a| name(a, "Scope").map(<[u8]>::to_vec)),
    });
    let kids = match d.get(b"K") {
        Ok(Object::Array(items)) => items.clone(),
        Ok(other) => vec![other.clone()],
        Err(_) => Vec::new(),
    };
    for kid in kids {
        match kid {
            Object::Integer(mcid) => out[index]
                .marks
                .push((page.expect("a page for a bare MCID"), mcid)),
            Object::Reference(child) => {
                let c = walk(doc, child, page, out);
                out[index].children.push(c);
            }
            Object::Dictionary(k) => match name(&k, "Type") {
                Some(b"MCR") => out[index].marks.push((
                    k.get(b"Pg")
                        .and_then(Object::as_reference)
                        .expect("an MCR's page"),
                    k.get(b"MCID").and_then(Object::as_i64).expect("an MCID"),
                )),
                Some(b"OBJR") => out[index]
                    .annotations
                    .push(k.get(b"Obj").and_then(Object::as_reference).expect("OBJR")),
                other => panic!("a kid of unknown kind {other:?}"),
            },
            other => panic!("a kid that is {other:?}"),
        }
    }
    index
}

/// What a page's operators show, and the marked-content sequence each is in.
struct Marked {
    /// Every MCID the page tags, in order.
    mcids: Vec<i64>,
    /// Drawing operators outside any sequence.
    unmarked: Vec<String>,
    /// Sequences begun inside another (tagged inside an artifact or the reverse).
    nested: usize,
}

fn marked(doc: &Document, page: ObjectId) -> Marked {
    let content = lopdf::content::Content::decode(&doc.get_page_content(page)).expect("decodes");
    let mut depth = 0;
    let mut m = Marked {
        mcids: Vec::new(),
        unmarked: Vec::new(),
        nested: 0,
    };
    const DRAWING: [&str; 14] = [
        "Tj", "TJ", "'", "\"", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do",
    ];
    for op in &content.operations {
        match op.operator.as_str() {
            "BDC" | "BMC" => {
                if depth > 0 {
                    m.nested += 1;
                }
                depth += 1;
                if op.operator == "BDC"
                    && let Some(Object::Dictionary(props)) = op.operands.get(1)
                    && let Ok(mcid) = props.get(b"MCID").and_then(Object::as_i64)
                {
                    m.mcids.push(mcid);
                }
            }
            "EMC" => depth -= 1,
            other if DRAWING.contains(&other) && depth == 0 => m.unmarked.push(other.to_string()),
            _ => {}
        }
    }
    assert_eq!(depth, 0, "every sequence ends on its page");
    m
}

#[test]
fn the_catalogue_and_xmp_declare_pdf_ua_1_and_pdf_a_3a() {
    let r = render(&example(), "integrated-care-pooled-budget", false).expect("renders");
    assert!(
        r.pdf.starts_with(b"%PDF-1.7\n%"),
        "PDF 1.7 with a binary comment"
    );
    assert!(
        r.pdf[10..14].iter().all(|b| *b > 127),
        "four bytes over 127"
    );
    let info = tool("pdfinfo", &[], &r.pdf);
    for expected in [
        "Tagged:          yes",
        "PDF version:     1.7",
        "Metadata Stream: yes",
        "Suspects:        no",
    ] {
        assert!(info.contains(expected), "{expected}:\n{info}");
    }
    let doc = Document::load_mem(&r.pdf).expect("loads");
    let catalog = doc.catalog().expect("catalog");
    let marked = dict(&doc, catalog.get(b"MarkInfo").expect("MarkInfo"));
    assert_eq!(
        marked.get(b"Marked").and_then(Object::as_bool).ok(),
        Some(true)
    );
    assert_eq!(text(catalog.get(b"Lang").expect("Lang")), "en-GB");
    let viewer = dict(
        &doc,
        catalog
            .get(b"ViewerPreferences")
            .expect("viewer preferences"),
    );
    assert_eq!(
        viewer
            .get(b"DisplayDocTitle")
            .and_then(Object::as_bool)
            .ok(),
        Some(true)
    );

    // XMP: uncompressed, well-formed, the standards claimed, the title as in Info.
    let metadata = resolve(&doc, catalog.get(b"Metadata").expect("metadata"))
        .as_stream()
        .expect("a stream");
    assert!(
        metadata.dict.get(b"Filter").is_err(),
        "metadata is not compressed"
    );
    assert_eq!(name(&metadata.dict, "Subtype"), Some(&b"XML"[..]));
    let xmp = String::from_utf8(metadata.content.clone()).expect("UTF-8");
    let xml = roxmltree::Document::parse(&xmp).expect("well-formed XMP");
    let value = |ns: &str, local: &str| {
        xml.descendants()
            .find(|n| n.tag_name().name() == local && n.tag_name().namespace() == Some(ns))
            .map(|n| {
                n.descendants()
                    .filter(|d| d.is_text())
                    .filter_map(|d| d.text())
                    .collect::<String>()
            })
    };
    let pdfaid = "http://www.aiim.org/pdfa/ns/id/";
    assert_eq!(value(pdfaid, "part").as_deref(), Some("3"));
    assert_eq!(value(pdfaid, "conformance").as_deref(), Some("A"));
    assert_eq!(
        value("http://www.aiim.org/pdfua/ns/id/", "part").as_deref(),
        Some("1")
    );
    // pdfuaid is not a schema PDF/A knows: it must be declared.
    assert!(xmp.contains("<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"));
    let info_dict = dict(&doc, doc.trailer.get(b"Info").expect("info"));
    let dc = "http://purl.org/dc/elements/1.1/";
    assert_eq!(
        value(dc, "title"),
        Some(text(info_dict.get(b"Title").expect("a title")))
    );
    assert_eq!(
        value("http://ns.adobe.com/pdf/1.3/", "Producer"),
        Some(text(info_dict.get(b"Producer").expect("a producer")))
    );
    assert_eq!(value(dc, "language").as_deref(), Some("en-GB"));

    // The output intent: an sRGB monitor profile, three components.
    let intents = resolve(&doc, catalog.get(b"OutputIntents").expect("output intents"))
        .as_array()
        .expect("an array");
    assert_eq!(intents.len(), 1);
    let intent = dict(&doc, &intents[0]);
    assert_eq!(name(intent, "S"), Some(&b"GTS_PDFA1"[..]));
    let profile = resolve(&doc, intent.get(b"DestOutputProfile").expect("a profile"))
        .as_stream()
        .expect("a stream");
    assert_eq!(
        profile.dict.get(b"N").and_then(Object::as_i64).ok(),
        Some(3)
    );
    let icc = profile
        .decompressed_content()
        .unwrap_or_else(|_| profile.content.clone());
    assert_eq!(&icc[12..20], b"mntrRGB ", "a monitor RGB profile");
    assert!(icc[8] < 5, "ICC version below 5");

    // The agreement, an associated file with a MIME type and both names.
    let af = resolve(&doc, catalog.get(b"AF").expect("associated files"))
        .as_array()
        .expect("an array");
    let spec = dict(&doc, &af[0]);
    assert_eq!(name(spec, "AFRelationship"), Some(&b"Source"[..]));
    assert_eq!(text(spec.get(b"F").expect("F")), "agreement.json");
    assert_eq!(text(spec.get(b"UF").expect("UF")), "agreement.json");
    let ef = dict(&doc, spec.get(b"EF").expect("EF"));
    let file = resolve(&doc, ef.get(b"F").expect("the file"))
        .as_stream()
        .expect("a stream");
    assert_eq!(name(&file.dict, "Subtype"), Some(&b"application/json"[..]));
    let list = tool("pdfdetach", &["-list"], &r.pdf);
    assert!(list.contains("1: agreement.json"), "{list}");

    // Every font embedded, subset, and with a Unicode map.
    let fonts = tool("pdffonts", &[], &r.pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        let flags = &columns[columns.len() - 5..columns.len() - 2];
        assert_eq!(
            flags,
            ["yes", "yes", "yes"],
            "embedded, subset, Unicode: {row}"
        );
    }
}

#[test]
fn every_template_is_tagged_as_matterhorn_checks_by_machine() {
    for template in TEMPLATES {
        let r = render(&example(), template, false).expect("renders");
        assert_sound_pdf(&r.pdf);
        let doc = Document::load_mem(&r.pdf).expect("loads");
        let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
        let elements = elements(&doc);

        // Standard types only (no role map needed); the root is the document.
        assert_eq!(elements[0].kind, "Document");
        for e in &elements {
            assert!(
                STANDARD_TYPES.contains(&e.kind.as_str()),
                "{template}: type {}",
                e.kind
            );
        }

        // Every MCID a page draws belongs to exactly one element, and every
        // element's MCID is on its page; nothing drawn is left unmarked, and no
        // sequence sits inside another (artifact inside content or the reverse).
        let mut owned: HashMap<(ObjectId, i64), usize> = HashMap::new();
        for (i, e) in elements.iter().enumerate() {
            for mark in &e.marks {
                assert!(
                    owned.insert(*mark, i).is_none(),
                    "{template}: {mark:?} owned twice"
                );
            }
        }
        let mut drawn = HashSet::new();
        for (n, page) in pages.iter().enumerate() {
            let m = marked(&doc, *page);
            assert!(
                m.unmarked.is_empty(),
                "{template} page {}: unmarked {:?}",
                n + 1,
                m.unmarked
            );
            assert_eq!(m.nested, 0, "{template} page {}: nested sequences", n + 1);
            for mcid in m.mcids {
                assert!(
                    drawn.insert((*page, mcid)),
                    "{template}: MCID {mcid} twice on a page"
                );
                assert!(
                    owned.contains_key(&(*page, mcid)),
                    "{template} page {}: MCID {mcid} has no element",
                    n + 1
                );
            }
            // The parent tree leads from each MCID to its element.
            let key = doc
                .get_dictionary(*page)
                .expect("page")
                .get(b"StructParents")
                .and_then(Object::as_i64)
                .expect("StructParents on every page");
            assert_eq!(key, n as i64);
        }
        assert_eq!(
            drawn.len(),
            owned.len(),
            "{template}: every element's MCID is drawn"
        );

        // Headings: the first is H1 and none skips a level going down.
        let levels: Vec<u8> = elements
            .iter()
            .filter_map(|e| e.kind.strip_prefix('H').and_then(|l| l.parse().ok()))
            .collect();
        assert_eq!(levels.first(), Some(&1), "{template}");
        for pair in levels.windows(2) {
            assert!(
                pair[1] <= pair[0] + 1,
                "{template}: H{} after H{}",
                pair[1],
                pair[0]
            );
        }
        assert!(levels.len() > 30, "{template}: {} headings", levels.len());

        // Tables: rows of header and data cells; every header cell has a scope.
        for e in elements.iter().filter(|e| e.kind == "TH") {
            assert_eq!(e.scope.as_deref(), Some(&b"Column"[..]), "{template}");
        }
        for e in elements.iter().filter(|e| e.kind == "TR") {
            assert!(
                e.children
                    .iter()
                    .all(|c| ["TH", "TD"].contains(&elements[*c].kind.as_str()))
            );
        }
        for e in elements.iter().filter(|e| e.kind == "LI") {
            let kinds: Vec<&str> = e
                .children
                .iter()
                .map(|c| elements[*c].kind.as_str())
                .collect();
            assert_eq!(kinds, ["Lbl", "LBody"], "{template}");
        }
        assert!(elements.iter().filter(|e| e.kind == "TH").count() > 10);

        // Links: every annotation tagged by a Link element that holds it, says
        // where it leads, is printed; pages with annotations are in structure order.
        let tagged: HashSet<ObjectId> = elements
            .iter()
            .filter(|e| e.kind == "Link")
            .flat_map(|e| e.annotations.clone())
            .collect();
        let mut annotations = 0;
        for page in &pages {
            let p = doc.get_dictionary(*page).expect("page");
            let Ok(annots) = p.get(b"Annots").and_then(Object::as_array) else {
                continue;
            };
            assert_eq!(name(p, "Tabs"), Some(&b"S"[..]), "{template}");
            for a in annots {
                let id = a.as_reference().expect("annotation object");
                let d = doc.get_dictionary(id).expect("annotation");
                assert!(
                    tagged.contains(&id),
                    "{template}: annotation {id:?} untagged"
                );
                assert!(!text(d.get(b"Contents").expect("Contents")).is_empty());
                assert_eq!(d.get(b"F").and_then(Object::as_i64).ok(), Some(4));
                assert!(d.get(b"StructParent").is_ok());
                annotations += 1;
            }
        }
        assert_eq!(annotations, tagged.len(), "{template}");
        assert!(annotations > 40, "{template}: {annotations} links");
    }
}

#[test]
fn the_heat_map_is_a_figure_that_says_what_it_shows() {
    let a = example();
    let r = render(&a, "health-and-care-partnership", false).expect("renders");
    let doc = Document::load_mem(&r.pdf).expect("loads");
    let figures: Vec<String> = elements(&doc)
        .into_iter()
        .filter(|e| e.kind == "Figure")
        .map(|e| e.alt.expect("a figure has alternative text"))
        .collect();
    assert_eq!(figures.len(), 1);
    let alt = &figures[0];
    let rated = a
        .risks
        .iter()
        .filter(|r| r.likelihood.is_some() && r.consequence.is_some())
        .count();
    assert!(
        alt.contains(&format!("{rated} risks placed by likelihood")),
        "{alt}"
    );
    // Counts by band add up to the risks placed, and every placed risk is named.
    let by_band = alt
        .split("By band: ")
        .nth(1)
        .and_then(|s| s.split('.').next())
        .expect("counts by band");
    let total: usize = by_band
        .split("; ")
        .map(|part| {
            part.split(": ")
                .nth(1)
                .and_then(|n| n.split(' ').next())
                .and_then(|n| n.parse::<usize>().ok())
                .expect("a count")
        })
        .sum();
    assert_eq!(total, rated, "{by_band}");
    for r in a
        .risks
        .iter()
        .filter(|r| r.likelihood.is_some() && r.consequence.is_some())
    {
        assert!(alt.contains(&r.id), "{} is not named: {alt}", r.id);
    }
}

/// The text the structure holds, in reading order (`common::structure_text`).
fn structure_text(pdf: &[u8]) -> String {
    common::structure_text::joined(&tool("pdfinfo", &["-struct-text"], pdf))
}

/// Each word `pdftotext -bbox` reads on the pages: in the body, and in the
/// footer band below it.
fn body_and_footer_words(pdf: &[u8]) -> (Vec<String>, Vec<String>) {
    let html = tool("pdftotext", &["-bbox"], pdf);
    let bottom = 842.0 - 25.0 * 72.0 / 25.4;
    let (mut body, mut footer) = (Vec::new(), Vec::new());
    for line in html.lines().filter(|l| l.trim_start().starts_with("<word")) {
        let y_min: f32 = line
            .split("yMin=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|n| n.parse().ok())
            .expect("yMin");
        let word = line
            .split('>')
            .nth(1)
            .and_then(|s| s.split('<').next())
            .expect("a word")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'");
        if y_min >= bottom {
            footer.push(word);
        } else {
            body.push(word);
        }
    }
    (body, footer)
}

#[test]
fn the_structure_holds_every_word_of_the_content_and_none_of_the_footer() {
    for template in TEMPLATES {
        let r = render(&example(), template, false).expect("renders");
        let tree = structure_text(&r.pdf);
        let (body, footer) = body_and_footer_words(&r.pdf);
        assert!(footer.len() > 10 * r.pages, "{template}: footers found");
        for word in [
            "Fingerprint",
            &r.fingerprint.short(),
            &format!("{}", r.pages),
        ] {
            assert!(
                footer.iter().any(|w| w == word),
                "{template}: {word} in a footer"
            );
        }
        assert!(
            !tree.contains("Page 1 of"),
            "{template}: the footer is an artifact"
        );
        assert!(
            !tree.contains("Fingerprint"),
            "{template}: the footer is an artifact"
        );
        assert!(
            !tree.contains(". . ."),
            "{template}: contents leaders are artifacts"
        );
        // Every word of the body, but the contents' dotted leaders, is in the tree.
        let missing: Vec<&String> = body
            .iter()
            .filter(|w| w.chars().any(|c| c != '.'))
            .filter(|w| !tree.contains(w.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "{template}: not in the structure: {missing:?}"
        );
        // And as much of it: the characters of the body's words, less the dots.
        // The pages show a little more: a table's header row repeated on each
        // page it continues to is an artifact (about 0.7% here); a paragraph
        // left out would be more, and its words not all found elsewhere.
        let count = |words: &mut dyn Iterator<Item = &str>| -> usize {
            words.map(|w| w.chars().filter(|c| *c != '.').count()).sum()
        };
        let on_pages = count(&mut body.iter().map(String::as_str));
        let in_tree = count(&mut tree.split_whitespace());
        assert!(
            in_tree <= on_pages && (on_pages - in_tree) * 100 < on_pages,
            "{template}: {in_tree} characters in the structure, {on_pages} on the pages"
        );
    }
}

#[test]
fn tagging_keeps_the_bytes_the_same_for_the_same_input() {
    let a = example();
    let one = render(&a, "voluntary-sector-mou", true).map(|r| r.pdf);
    let two = render(&a, "voluntary-sector-mou", true).map(|r| r.pdf);
    // A final needs approvals; a draft shows determinism as well.
    match (one, two) {
        (Ok(one), Ok(two)) => assert!(one == two),
        _ => {
            let one = render(&a, "voluntary-sector-mou", false)
                .expect("renders")
                .pdf;
            let two = render(&a, "voluntary-sector-mou", false)
                .expect("renders")
                .pdf;
            assert!(one == two);
        }
    }
}

#[test]
fn the_pdf_carries_its_agreement_back_exactly() {
    let a = example();
    let r = render(&a, "integrated-care-pooled-budget", false).expect("renders");
    let back = mou_core::exchange::parse_whole_bytes(&r.pdf, "memo.pdf").expect("imports");
    assert_eq!(back.agreement, a);
    assert!(back.review.is_empty(), "content only");
    let embedded = tool("pdfdetach", &["-list"], &r.pdf);
    assert!(embedded.contains("agreement.json"));
    // Identify says so.
    let mou_core::identify::Identified::Ours(doc) = mou_core::identify::identify(&r.pdf) else {
        panic!("ours")
    };
    assert_eq!(doc.agreement, mou_core::identify::Carried::Matches);

    // A partner's reader appends its notes: the agreement as made still comes back.
    let mut annotated = r.pdf.clone();
    annotated.extend_from_slice(b"\n% notes another program saved\n");
    let back = mou_core::exchange::parse_whole_bytes(&annotated, "annotated.pdf").expect("imports");
    assert_eq!(back.agreement, a);
}

/// The file rewritten with its embedded agreement replaced by `replace`.
fn with_embedded(pdf: &[u8], replace: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let mut doc = Document::load_mem(pdf).expect("loads");
    let catalog = doc.catalog().expect("catalog").clone();
    let spec = dict(
        &doc,
        &resolve(&doc, catalog.get(b"AF").expect("AF"))
            .as_array()
            .expect("AF")[0],
    )
    .clone();
    let file_id = dict(&doc, spec.get(b"EF").expect("EF"))
        .get(b"F")
        .and_then(Object::as_reference)
        .expect("the file");
    let stream = doc
        .get_object_mut(file_id)
        .and_then(Object::as_stream_mut)
        .expect("a stream");
    let content = stream.decompressed_content().expect("inflates");
    stream.dict.remove(b"Filter");
    stream.set_content(replace(&content));
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("saves");
    out
}

#[test]
fn a_pdf_whose_agreement_is_not_what_it_shows_is_refused() {
    use mou_core::ErrorCode;
    let a = example();
    let r = render(&a, "integrated-care-pooled-budget", false).expect("renders");
    let fingerprint = r.fingerprint.short();

    // One figure changed inside the embedded agreement (the file rewritten).
    let altered = with_embedded(&r.pdf, |json| {
        String::from_utf8_lossy(json)
            .replacen("2027", "2028", 1)
            .into_bytes()
    });
    let err = mou_core::exchange::parse_whole_bytes(&altered, "altered.pdf").expect_err("refused");
    assert_eq!(err.code(), "exchange.pdf_agreement_altered");
    let message = err.to_string();
    assert!(
        message.contains(&fingerprint) && message.contains("Nothing was imported"),
        "{message}"
    );
    let mou_core::identify::Identified::Ours(doc) = mou_core::identify::identify(&altered) else {
        panic!("still ours, by its stamp")
    };
    assert_eq!(doc.agreement, mou_core::identify::Carried::Altered);

    // The same bytes rewritten by another program: still the agreement it shows.
    let rewritten = with_embedded(&r.pdf, <[u8]>::to_vec);
    let back = mou_core::exchange::parse_whole_bytes(&rewritten, "rewritten.pdf").expect("imports");
    assert_eq!(back.agreement, a);

    // Not ours, and not a PDF that can be read.
    let err =
        mou_core::exchange::parse_whole_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "other.pdf")
            .expect_err("refused");
    assert_eq!(err.code(), "exchange.pdf_not_ours");
    let mut cut = r.pdf.clone();
    cut.truncate(r.pdf.len() / 3);
    let err = mou_core::exchange::parse_whole_bytes(&cut, "cut.pdf").expect_err("refused");
    assert!(
        ["exchange.pdf_unreadable", "exchange.pdf_agreement_altered"].contains(&err.code()),
        "{}",
        err.code()
    );
}

#[test]
fn the_cli_imports_a_pdf_and_refuses_an_altered_one() {
    let data = tempfile::tempdir().expect("tempdir");
    let a = example();
    let r = render(&a, "integrated-care-pooled-budget", false).expect("renders");
    let pdf = data.path().join("memo.pdf");
    std::fs::write(&pdf, &r.pdf).expect("write");
    let (code, out, err) = common::run(data.path(), &["import", pdf.to_str().expect("path")]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Imported into draft 1"), "{out}");
    let json = data.path().join("back.json");
    let (code, _, err) = common::run(
        data.path(),
        &["export", "1", "-o", json.to_str().expect("path")],
    );
    assert_eq!(code, 0, "{err}");
    let exported = std::fs::read(&json).expect("exported");
    assert_eq!(
        exported,
        mou_core::exchange::to_json(&a).expect("json").into_bytes(),
        "the draft is exactly the agreement the PDF showed"
    );

    let altered = data.path().join("altered.pdf");
    std::fs::write(
        &altered,
        with_embedded(&r.pdf, |json| {
            String::from_utf8_lossy(json)
                .replacen("Hollinsmoor", "Hollinsmere", 1)
                .into_bytes()
        }),
    )
    .expect("write");
    let (code, _, err) = common::run(data.path(), &["import", altered.to_str().expect("path")]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is not the one the PDF shows"), "{err}");
    let (_, list, _) = common::run(data.path(), &["list"]);
    assert_eq!(list.lines().count(), 2, "nothing more imported: {list}");
}
