//! Pages → PDF bytes with printpdf's low-level operations, then a few corrections
//! on the lopdf document printpdf builds, so the file is deterministic and honest:
//! - font resource names and subset tags come from the face's position, not a
//!   per-process counter;
//! - the document /ID is derived from the input (identical input, identical bytes);
//! - no creation dates, and no empty PDF/X version claim in the info dictionary;
//! - a nested outline (bookmarks) pointing at each heading's place on its page.

mod archive;
mod content;
mod file;
mod skeleton;
mod stamp;
mod structure;
mod unicode;
mod watermark;

pub use archive::{AGREEMENT_FILE, embedded_agreement};
pub use stamp::{
    STAMP_FORMAT, SealCheck, Stamp, check_seal, page_digests, read_stamp, read_stamp_parsed,
};

use crate::document::Meta;
use crate::layout::fonts::{FaceId, FontSet, Style};
use crate::layout::{Laid, OutlineEntry};
use lopdf::{Object, StringFormat};
use printpdf::FontId;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(
        "The font \"{family}\" could not be prepared for embedding. Choose another font family in the template's manifest."
    )]
    Font { family: String },
    #[error("The PDF could not be assembled: {0}. This is a bug in MoU Builder; please report it.")]
    Assemble(String),
}

impl crate::error::ErrorCode for PdfError {
    fn code(&self) -> &'static str {
        match self {
            PdfError::Font { .. } => "pdf.font_unusable",
            PdfError::Assemble(_) => "pdf.assemble_failed",
        }
    }
}

/// What the writer needs besides the pages.
pub struct Options<'a> {
    pub meta: &'a Meta,
    /// Draws a DRAFT watermark on every page.
    pub draft: bool,
    /// What the document is; its fingerprint also makes the /ID.
    pub stamp: &'a Stamp,
    /// The agreement file the document shows, embedded in it.
    pub agreement: &'a [u8],
}

/// Resource name (and subset tag) of a face: six capital letters, from its index.
fn font_id(face: FaceId) -> FontId {
    let mut tag = *b"MOUAAA";
    let mut n = face;
    for slot in tag.iter_mut().rev().take(3) {
        *slot = b'A' + (n % 26) as u8;
        n /= 26;
    }
    FontId(String::from_utf8_lossy(&tag).into_owned())
}

pub fn write(laid: &Laid, fonts: &FontSet, options: &Options) -> Result<Vec<u8>, PdfError> {
    let height = laid.geometry.height;
    // A new generation of the memos of compressed streams and skeletons (see
    // `crate::memo`).
    content::begin();
    skeleton::begin();
    let used = content::used_glyphs(&laid.pages, fonts);
    let (mut lo, codes) = skeleton::make(laid, fonts, options.meta, &used)?;
    // The watermark is drawn first on every page, and so is part of its digest.
    let before: &[&[u8]] = if options.draft { &[UNDERLAY] } else { &[] };
    let tagging = content::Tagging {
        structure: &laid.structure,
        links: &laid.links,
    };
    let written = content::write_pages(&laid.pages, height, fonts, &codes, before, tagging);
    let mut streams = Vec::with_capacity(written.len());
    let mut digests = Vec::with_capacity(written.len());
    let mut marks = Vec::with_capacity(written.len());
    for w in written {
        streams.push(w.stream);
        digests.push(w.digest);
        marks.push(w.marks);
    }
    set_contents(&mut lo, streams)?;
    tidy(
        &mut lo,
        &laid.outline,
        height,
        options.stamp.fingerprint.as_bytes(),
    )?;
    let annotations = links(&mut lo, &laid.links, height)?;
    let pages: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();
    let (tree, elements) = structure::write(
        &mut lo,
        &structure::Sources {
            structure: &laid.structure,
            marks: &marks,
            pages: &pages,
            links: &laid.links,
            annotations: &annotations,
        },
    )?;
    tagged_catalogue(&mut lo, tree)?;
    archive::write(
        &mut lo,
        options.meta,
        options.agreement,
        &options.stamp.fingerprint,
    )?;
    if options.draft {
        let form = watermark::content(fonts.face(fonts.main(Style::BOLD)), &laid.geometry);
        underlay(&mut lo, form, &laid.geometry)?;
    }
    stamp::stamp(&mut lo, options.stamp, digests)?;
    compress(&mut lo);
    // The info dictionary stays out of the object streams: its stamp and seal
    // are found in the raw bytes (`stamp`), even in a damaged file.
    let info = lo
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .map_err(|e| PdfError::Assemble(e.to_string()))?;
    let mut bytes = file::write(&lo, &[info], &elements)?;
    stamp::seal(&mut bytes)?;
    Ok(bytes)
}

/// A position rounded to 1/100 pt: invisible, and shorter to write and to compress.
fn hundredths(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// Gives each page, in order, its content stream (already compressed).
fn set_contents(doc: &mut lopdf::Document, streams: Vec<Vec<u8>>) -> Result<(), PdfError> {
    let fail = |what: &str| PdfError::Assemble(format!("cannot set a page's content: {what}"));
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    if pages.len() != streams.len() {
        return Err(fail("pages and streams differ in number"));
    }
    for (page_id, stream) in pages.into_iter().zip(streams) {
        let mut dict = lopdf::Dictionary::new();
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let content_id = doc.add_object(lopdf::Stream::new(dict, stream).with_compression(false));
        let page = doc
            .get_object_mut(page_id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| fail(&e.to_string()))?;
        let old = page.get(b"Contents").and_then(Object::as_reference).ok();
        page.set("Contents", Object::Reference(content_id));
        if let Some(old) = old {
            doc.objects.remove(&old);
        }
    }
    Ok(())
}

/// The stream that draws the underlay (the watermark's form) on a page: an
/// artifact, which a screen reader does not read.
const UNDERLAY: &[u8] = b"/Artifact BMC\nq /MouDraft Do Q\nEMC\n";

/// Adds `form` as a form XObject drawn first on every page, under everything else.
fn underlay(
    doc: &mut lopdf::Document,
    form: Vec<u8>,
    g: &crate::layout::Geometry,
) -> Result<(), PdfError> {
    use lopdf::{Dictionary, Stream};
    let fail = |what: &str| PdfError::Assemble(format!("cannot add the watermark: {what}"));
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Form".to_vec()));
    dict.set(
        "BBox",
        Object::Array(vec![
            0.into(),
            0.into(),
            Object::Real(g.width),
            Object::Real(g.height),
        ]),
    );
    dict.set("Resources", Object::Dictionary(Dictionary::new()));
    let form_id = doc.add_object(Stream::new(dict, form));
    let draw_id = doc.add_object(Stream::new(Dictionary::new(), UNDERLAY.to_vec()));
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    for page_id in pages {
        let (resources, contents) = {
            let page = doc
                .get_object(page_id)
                .and_then(Object::as_dict)
                .map_err(|_| fail("a page is not a dictionary"))?;
            (
                page.get(b"Resources").cloned().ok(),
                page.get(b"Contents").cloned().ok(),
            )
        };
        // The page's resources, which printpdf may write inline or as a reference.
        let mut resources = match resources {
            Some(Object::Reference(r)) => doc
                .get_object(r)
                .and_then(Object::as_dict)
                .cloned()
                .map_err(|_| fail("page resources"))?,
            Some(Object::Dictionary(d)) => d,
            _ => Dictionary::new(),
        };
        let mut xobjects = match resources.get(b"XObject") {
            Ok(Object::Dictionary(d)) => d.clone(),
            Ok(Object::Reference(r)) => doc
                .get_object(*r)
                .and_then(Object::as_dict)
                .cloned()
                .map_err(|_| fail("page XObjects"))?,
            _ => Dictionary::new(),
        };
        xobjects.set("MouDraft", Object::Reference(form_id));
        resources.set("XObject", Object::Dictionary(xobjects));
        let contents = match contents {
            Some(Object::Array(mut parts)) => {
                parts.insert(0, Object::Reference(draw_id));
                parts
            }
            Some(other) => vec![Object::Reference(draw_id), other],
            None => vec![Object::Reference(draw_id)],
        };
        let page = doc
            .get_object_mut(page_id)
            .and_then(Object::as_dict_mut)
            .map_err(|_| fail("a page is not a dictionary"))?;
        page.set("Resources", Object::Dictionary(resources));
        page.set("Contents", Object::Array(contents));
    }
    Ok(())
}

/// Deflates every stream at level 4 (zlib-rs). lopdf's own `compress` uses level 9,
/// which took longer than all of layout; level 4 costs 3% in size against level 6
/// and saves a tenth of the render time (measured with `cargo bench --bench render`).
///
/// Fonts and the other streams are the same from one render to the next of much
/// the same document, so they come from the memo of compressed streams too.
fn compress(doc: &mut lopdf::Document) {
    for object in doc.objects.values_mut() {
        // Metadata stays plain text, where archive tools look for it.
        if let Object::Stream(s) = object
            && s.dict.get(b"Filter").is_err()
            && s.content.len() >= 64
            && s.dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"Metadata")
        {
            deflate(s);
        }
    }
}

/// Compression of every stream: page content and the rest alike.
const DEFLATE_LEVEL: u32 = 4;

/// `content` as a zlib stream (FlateDecode), or nothing if the encoder fails.
fn zlib(content: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(content.len() / 3),
        flate2::Compression::new(DEFLATE_LEVEL),
    );
    encoder.write_all(content).ok()?;
    encoder.finish().ok()
}

fn deflate(stream: &mut lopdf::Stream) {
    if let Some(compressed) = content::compress_stream(&stream.content, zlib)
        && compressed.len() + 19 < stream.content.len()
    {
        stream
            .dict
            .set("Filter", Object::Name(b"FlateDecode".to_vec()));
        stream.set_content(compressed);
    }
}

/// Each link (contents entries, defined terms' uses) as a link annotation, with
/// no border, that says where it leads: the annotations, in the order of `links`.
fn links(
    doc: &mut lopdf::Document,
    links: &[crate::layout::page::Link],
    height: f32,
) -> Result<Vec<lopdf::ObjectId>, PdfError> {
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    let mut by_page: std::collections::BTreeMap<usize, Vec<Object>> = Default::default();
    let mut ids = Vec::with_capacity(links.len());
    for link in links {
        let (Some(_), Some(to)) = (pages.get(link.page), pages.get(link.to_page)) else {
            return Err(PdfError::Assemble(format!(
                "a link on page {} leads to page {}, which is not in the document",
                link.page + 1,
                link.to_page + 1
            )));
        };
        let [left, top, right, bottom] = link.rect.map(hundredths);
        let mut annot = lopdf::Dictionary::new();
        annot.set("Type", Object::Name(b"Annot".to_vec()));
        annot.set("Subtype", Object::Name(b"Link".to_vec()));
        annot.set(
            "Rect",
            Object::Array(vec![
                Object::Real(left),
                Object::Real(hundredths(height - bottom)),
                Object::Real(right),
                Object::Real(hundredths(height - top)),
            ]),
        );
        annot.set("Border", Object::Array(vec![0.into(), 0.into(), 0.into()]));
        // Printed (PDF/A), and described for a screen reader (PDF/UA).
        annot.set("F", Object::Integer(ANNOTATION_PRINT));
        annot.set("Contents", text_string(&link.description));
        annot.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(*to),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real(hundredths(height - link.to_y + LINK_DEST_MARGIN)),
                Object::Null,
            ]),
        );
        let id = doc.add_object(Object::Dictionary(annot));
        ids.push(id);
        by_page
            .entry(link.page)
            .or_default()
            .push(Object::Reference(id));
    }
    for (n, annots) in by_page {
        let Some(page) = pages.get(n) else { continue };
        let dict = doc
            .get_object_mut(*page)
            .and_then(Object::as_dict_mut)
            .map_err(|e| PdfError::Assemble(format!("cannot link defined terms: {e}")))?;
        dict.set("Annots", Object::Array(annots));
    }
    Ok(ids)
}

/// The annotation flag that has it printed, as PDF/A asks of every annotation.
const ANNOTATION_PRINT: i64 = 4;

/// The language of the document's text, for a screen reader's voice.
const LANGUAGE: &str = "en-GB";

/// What the catalogue of a tagged PDF says: that it is tagged, where its
/// structure tree is, its language, and that a viewer's title bar shows the
/// document's title rather than its file name.
fn tagged_catalogue(doc: &mut lopdf::Document, tree: lopdf::ObjectId) -> Result<(), PdfError> {
    let catalog = doc
        .catalog_mut()
        .map_err(|e| PdfError::Assemble(e.to_string()))?;
    let mut mark_info = lopdf::Dictionary::new();
    mark_info.set("Marked", Object::Boolean(true));
    catalog.set("MarkInfo", Object::Dictionary(mark_info));
    catalog.set("StructTreeRoot", Object::Reference(tree));
    catalog.set("Lang", Object::string_literal(LANGUAGE));
    let mut viewer = lopdf::Dictionary::new();
    viewer.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(viewer));
    Ok(())
}

/// How far above a link's destination the viewer's top edge goes, in points.
const LINK_DEST_MARGIN: f32 = 6.0;

/// The corrections described at the top of this file.
fn tidy(
    doc: &mut lopdf::Document,
    outline: &[OutlineEntry],
    height: f32,
    fingerprint: &[u8],
) -> Result<(), PdfError> {
    let fail = |e: lopdf::Error| PdfError::Assemble(e.to_string());
    // Info: no dates (they would make every file different), no empty PDF/X claim.
    if let Ok(info_ref) = doc.trailer.get(b"Info").and_then(Object::as_reference)
        && let Ok(Object::Dictionary(info)) = doc.get_object_mut(info_ref)
    {
        for key in [
            &b"GTS_PDFXVersion"[..],
            b"CreationDate",
            b"ModDate",
            b"Identifier",
            b"Trapped",
        ] {
            info.remove(key);
        }
    }
    // /ID from the input: the same agreement and template always give the same file.
    use sha2::Digest;
    let digest = sha2::Sha256::digest(fingerprint);
    let id = Object::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));

    // Our own outline, nested by heading level, each entry pointing at its heading.
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    let entries: Vec<&OutlineEntry> = outline.iter().filter(|e| !e.title.is_empty()).collect();
    let catalog = doc.catalog_mut().map_err(fail)?;
    catalog.remove(b"Outlines");
    if entries.is_empty() {
        catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
        return Ok(());
    }
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    let root = doc.new_object_id();
    let ids: Vec<lopdf::ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    // Parent of each entry: the nearest earlier entry of a lower level, else the root.
    let mut parent = vec![None; entries.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while stack.last().is_some_and(|&p| entries[p].level >= e.level) {
            stack.pop();
        }
        parent[i] = stack.last().copied();
        stack.push(i);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..entries.len()).filter(|i| parent[*i] == p).collect()
    };
    for (i, e) in entries.iter().enumerate() {
        let siblings = children(parent[i]);
        let pos = siblings.iter().position(|s| *s == i).unwrap_or(0);
        let kids = children(Some(i));
        let mut dict = lopdf::Dictionary::new();
        dict.set("Title", text_string(&e.title));
        dict.set(
            "Parent",
            Object::Reference(parent[i].map_or(root, |p| ids[p])),
        );
        if pos > 0 {
            dict.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(next) = siblings.get(pos + 1) {
            dict.set("Next", Object::Reference(ids[*next]));
        }
        if let (Some(first), Some(last)) = (kids.first(), kids.last()) {
            dict.set("First", Object::Reference(ids[*first]));
            dict.set("Last", Object::Reference(ids[*last]));
            // Negative: the entry starts closed, so the panel shows the sections first.
            dict.set("Count", Object::Integer(-(kids.len() as i64)));
        }
        if let Some(page) = pages.get(e.page) {
            dict.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(*page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(height - e.y + 6.0),
                    Object::Null,
                ]),
            );
        }
        doc.objects.insert(ids[i], Object::Dictionary(dict));
    }
    let top = children(None);
    let mut root_dict = lopdf::Dictionary::new();
    root_dict.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(first), Some(last)) = (top.first(), top.last()) {
        root_dict.set("First", Object::Reference(ids[*first]));
        root_dict.set("Last", Object::Reference(ids[*last]));
    }
    root_dict.set("Count", Object::Integer(top.len() as i64));
    doc.objects.insert(root, Object::Dictionary(root_dict));
    doc.catalog_mut()
        .map_err(fail)?
        .set("Outlines", Object::Reference(root));
    Ok(())
}

/// A PDF text string: UTF-16BE with a byte-order mark, so any character survives.
fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xfe, 0xff];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}
