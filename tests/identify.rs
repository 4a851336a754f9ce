//! Every PDF says what it is: its fingerprint on every page and in its metadata,
//! and `identify` tells an exact copy from one changed after it was made (an
//! annotated copy, a copy with a page removed, a copy with one byte altered) and
//! from a PDF that is not ours.

mod common;

use common::{example, render, tool};
use mou_core::identify::{Change, Identified, Integrity, identify};
use std::process::Command;

const TEMPLATE: &str = "health-and-care-partnership";

fn ours(identified: Identified) -> mou_core::identify::Document {
    match identified {
        Identified::Ours(doc) => *doc,
        other => panic!("not recognised as ours: {other:?}"),
    }
}

fn changes(identified: Identified) -> Vec<Change> {
    match ours(identified).integrity {
        Integrity::Changed { changes } => changes,
        Integrity::Exact => panic!("a changed file was called exact"),
    }
}

/// Runs `qpdf` with `args` on `pdf` and returns the file it writes.
fn qpdf(pdf: &[u8], args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.pdf");
    let output = dir.path().join("out.pdf");
    std::fs::write(&input, pdf).expect("write");
    let status = Command::new("qpdf")
        .arg(&input)
        .args(args)
        .arg(&output)
        .status()
        .expect("qpdf runs (install qpdf)");
    // 3: warnings only.
    assert!(
        matches!(status.code(), Some(0 | 3)),
        "qpdf {args:?}: {status}"
    );
    std::fs::read(&output).expect("qpdf output")
}

/// A sticky note on `page` (1-based), saved as a viewer saves it: appended to the
/// original bytes (an incremental update) or by rewriting the whole file.
fn annotate(pdf: &[u8], page: u32, incremental: bool) -> Vec<u8> {
    use lopdf::{Dictionary, Object};
    let doc = lopdf::Document::load_mem(pdf).expect("loads");
    let page_id = doc.get_pages()[&page];
    let mut note = Dictionary::new();
    note.set("Type", Object::Name(b"Annot".to_vec()));
    note.set("Subtype", Object::Name(b"Text".to_vec()));
    note.set(
        "Rect",
        Object::Array([72, 700, 92, 720].map(Object::Integer).to_vec()),
    );
    note.set(
        "Contents",
        Object::string_literal("Our finance director asks about the risk share."),
    );
    let mut out = Vec::new();
    if incremental {
        let mut inc = lopdf::IncrementalDocument::create_from(pdf.to_vec(), doc);
        inc.opt_clone_object_to_new_document(page_id).expect("page");
        let note_id = inc.new_document.add_object(note);
        let page = inc
            .new_document
            .get_object_mut(page_id)
            .and_then(Object::as_dict_mut)
            .expect("page dict");
        page.set("Annots", Object::Array(vec![Object::Reference(note_id)]));
        inc.save_to(&mut out).expect("saves");
    } else {
        let mut doc = doc;
        let note_id = doc.add_object(note);
        let page = doc
            .get_object_mut(page_id)
            .and_then(Object::as_dict_mut)
            .expect("page dict");
        page.set("Annots", Object::Array(vec![Object::Reference(note_id)]));
        doc.save_to(&mut out).expect("saves");
    }
    out
}

#[test]
fn the_fingerprint_is_on_every_page_and_the_same_for_the_same_input() {
    let r = render(&example(), TEMPLATE, false).expect("renders");
    let short = r.fingerprint.short();
    // Once a page (render.rs checks each page's whole footer), and nowhere else.
    let text = tool("pdftotext", &[], &r.pdf);
    assert_eq!(
        text.matches(&format!("Fingerprint {short}")).count(),
        r.pages
    );
    assert_eq!(text.matches(&short).count(), r.pages);
    assert_eq!(
        render(&example(), TEMPLATE, false)
            .expect("renders")
            .fingerprint,
        r.fingerprint
    );

    // Each thing the document shows changes it: content, final or draft, template.
    let mut edited = example();
    edited.risks[3].mitigation.push_str(" Reviewed monthly.");
    let others = [
        render(&edited, TEMPLATE, false)
            .expect("renders")
            .fingerprint,
        render(&common::approved_example(), TEMPLATE, true)
            .expect("renders")
            .fingerprint,
        render(&common::approved_example(), TEMPLATE, false)
            .expect("renders")
            .fingerprint,
        render(&example(), "integrated-care-pooled-budget", false)
            .expect("renders")
            .fingerprint,
    ];
    for (i, other) in others.iter().enumerate() {
        assert_ne!(*other, r.fingerprint, "change {i} kept the fingerprint");
    }
    let final_and_draft = &others[1..3];
    assert_ne!(final_and_draft[0], final_and_draft[1]);
}

#[test]
fn an_untouched_pdf_is_identified_exactly() {
    let r = render(&example(), TEMPLATE, false).expect("renders");
    let doc = ours(identify(&r.pdf));
    assert_eq!(doc.integrity, Integrity::Exact);
    assert_eq!(doc.fingerprint, r.fingerprint.short());
    assert_eq!(doc.fingerprint_hex, r.fingerprint.hex());
    assert_eq!(doc.title, example().details.title);
    assert_eq!(doc.reference, "HPICP-MOU-2027-01");
    assert_eq!(doc.version, "0.4");
    assert!(!doc.final_);
    assert_eq!(doc.template, TEMPLATE);
    assert_eq!(doc.pages, r.pages);
    // The file is still a sound PDF with its stamp and seal in it.
    common::assert_sound_pdf(&r.pdf);
}

#[test]
fn a_title_in_any_script_survives_the_stamp() {
    let mut a = example();
    a.details.title = "Cytundeb Partneriaeth — Gwŷr ŵyn “Caerdydd” £ 日本語 עברית 😀".into();
    let r = render(&a, TEMPLATE, false);
    // A character no font has is refused by name; the stamp itself takes any text.
    if let Ok(r) = r {
        assert_eq!(ours(identify(&r.pdf)).title, a.details.title);
    }
    a.details.title = "Cytundeb Partneriaeth — Gwŷr ŵyn “Caerdydd” £ ½".into();
    let r = render(&a, TEMPLATE, false).expect("renders");
    assert_eq!(ours(identify(&r.pdf)).title, a.details.title);
}

#[test]
fn an_annotated_copy_is_changed_after_generation() {
    let r = render(&example(), TEMPLATE, false).expect("renders");
    // As Acrobat saves a note: appended after the original bytes.
    let found = changes(identify(&annotate(&r.pdf, 3, true)));
    assert!(
        matches!(found[0], Change::Appended { bytes } if bytes > 0),
        "{found:?}"
    );
    assert!(
        found.contains(&Change::Annotations {
            count: 1,
            pages: vec![3]
        }),
        "{found:?}"
    );
    // As a viewer that rewrites the file saves it.
    let found = changes(identify(&annotate(&r.pdf, 5, false)));
    assert_eq!(found[0], Change::Rewritten, "{found:?}");
    assert!(
        found.contains(&Change::Annotations {
            count: 1,
            pages: vec![5]
        }),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|c| matches!(c, Change::PagesChanged { .. })),
        "a note changes no page's drawing: {found:?}"
    );
}

#[test]
fn a_copy_with_a_page_removed_says_which() {
    let r = render(&example(), TEMPLATE, false).expect("renders");
    let last = r.pages.to_string();
    let without_seven = qpdf(&r.pdf, &["--pages", ".", &format!("1-6,8-{last}"), "--"]);
    let found = changes(identify(&without_seven));
    assert!(
        found.contains(&Change::PageCount {
            made: r.pages as u32,
            now: r.pages as u32 - 1
        }),
        "{found:?}"
    );
    assert!(
        found.contains(&Change::PagesMissing { pages: vec![7] }),
        "{found:?}"
    );
}

#[test]
fn a_rewritten_copy_with_the_same_pages_is_changed_but_its_pages_match() {
    let r = render(&example(), TEMPLATE, false).expect("renders");
    let rewritten = qpdf(&r.pdf, &["--object-streams=generate"]);
    let found = changes(identify(&rewritten));
    assert_eq!(found, [Change::Rewritten], "{found:?}");
}

#[test]
fn a_copy_with_one_byte_altered_is_changed() {
    let r = render(&example(), TEMPLATE, false).expect("renders");
    // One byte in every tenth of the file, one at a time: each is caught.
    for tenth in 1..10 {
        let mut altered = r.pdf.clone();
        let at = altered.len() * tenth / 10;
        altered[at] ^= 0x01;
        match identify(&altered) {
            Identified::Ours(doc) => assert!(
                matches!(doc.integrity, Integrity::Changed { ref changes } if !changes.is_empty()),
                "byte {at}: {:?}",
                doc.integrity
            ),
            // The byte may fall in the stamp itself: then the file no longer says what it is.
            Identified::NotOurs => {}
            Identified::NotPdf => panic!("byte {at}: no longer a PDF?"),
        }
    }
}

#[test]
fn other_files_are_not_ours() {
    // A PDF made by another program: one blank page.
    use lopdf::{Dictionary, Object};
    let dict = |pairs: Vec<(&str, Object)>| {
        let mut d = Dictionary::new();
        for (k, v) in pairs {
            d.set(k, v);
        }
        d
    };
    let mut doc = lopdf::Document::with_version("1.7");
    let pages = doc.new_object_id();
    let page = doc.add_object(dict(vec![
        ("Type", Object::Name(b"Page".to_vec())),
        ("Parent", Object::Reference(pages)),
        (
            "MediaBox",
            Object::Array([0, 0, 595, 842].map(Object::Integer).to_vec()),
        ),
    ]));
    doc.objects.insert(
        pages,
        Object::Dictionary(dict(vec![
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Kids", Object::Array(vec![Object::Reference(page)])),
            ("Count", Object::Integer(1)),
        ])),
    );
    let catalog = doc.add_object(dict(vec![
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Pages", Object::Reference(pages)),
    ]));
    doc.trailer.set("Root", Object::Reference(catalog));
    let mut other = Vec::new();
    doc.save_to(&mut other).expect("saves");
    assert_eq!(identify(&other), Identified::NotOurs);
    for not_pdf in [&b""[..], b"Memorandum of Understanding", &[0xff; 4096]] {
        assert_eq!(identify(not_pdf), Identified::NotPdf);
    }
    // Our own stamp copied into another file without its seal is not trusted as exact.
    let r = render(&example(), TEMPLATE, false).expect("renders");
    let half = &r.pdf[..r.pdf.len() / 2];
    assert!(!matches!(identify(half), Identified::Ours(ref d) if d.integrity == Integrity::Exact));
}

/// Damaged and truncated copies never crash identify: each is still called ours
/// and changed, or not ours, or not a PDF.
#[test]
fn damaged_copies_are_reported_never_a_crash() {
    let r = render(&example(), TEMPLATE, false).expect("renders");
    let len = r.pdf.len();
    // A simple deterministic generator: no dependency, the same cases every run.
    let mut seed: u64 = 0x5eed_1234_abcd_ef01;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for case in 0..200 {
        let mut damaged = r.pdf.clone();
        match case % 4 {
            0 => damaged.truncate((next() as usize) % len),
            1 => {
                for _ in 0..8 {
                    let at = (next() as usize) % len;
                    damaged[at] = next() as u8;
                }
            }
            2 => {
                let at = (next() as usize) % len;
                let n = ((next() as usize) % 4096).min(len - at);
                damaged.drain(at..at + n);
            }
            _ => {
                let at = (next() as usize) % len;
                damaged.splice(at..at, (0..64).map(|_| next() as u8));
            }
        }
        if let Identified::Ours(doc) = identify(&damaged) {
            assert!(
                matches!(doc.integrity, Integrity::Changed { .. }) || damaged == r.pdf,
                "case {case}: a damaged copy called exact"
            );
        }
    }
}
