//! The file printpdf lays out: the document's pages, still empty, with the fonts
//! subset to the glyphs they draw, their widths and ToUnicode maps, and the info
//! dictionary. printpdf is shown one extra page that draws every glyph used, in
//! order; the codes it writes there for each glyph are the codes our own content
//! streams then use (`pdf::content`), and the page is removed.
//!
//! Subsetting fonts costs more than writing every page's content, and the same
//! document rendered again uses the same glyphs: the skeleton is kept between
//! renders (`crate::memo`), by everything it is made from.

use super::content::{Codes, GlyphTexts};
use super::{PdfError, font_id};
use crate::document::Meta;
use crate::layout::Laid;
use crate::layout::fonts::{Face, FontSet};
use crate::memo::Generations;
use lopdf::Object;
use printpdf::{
    Codepoint, CustomPdfConformance, Mm, Op, ParsedFont, PdfConformance, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem,
};
use rustc_hash::FxHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

/// Everything a skeleton is made from.
#[derive(PartialEq, Hash)]
struct Key {
    used: GlyphTexts,
    pages: usize,
    width: u32,
    height: u32,
    title: String,
    author: String,
    subject: String,
    keywords: Vec<String>,
}

type Skeletons = Generations<Key, Arc<(lopdf::Document, Codes)>>;

fn skeletons() -> &'static Mutex<Skeletons> {
    static MEMO: OnceLock<Mutex<Skeletons>> = OnceLock::new();
    MEMO.get_or_init(Default::default)
}

/// A new render: a new generation of the memo (see `crate::memo`).
pub fn begin() {
    if let Ok(mut memo) = skeletons().lock() {
        memo.begin();
    }
}

/// The skeleton for `laid`'s pages drawing `used`, and each glyph's code.
pub fn make(
    laid: &Laid,
    fonts: &FontSet,
    meta: &Meta,
    used: &GlyphTexts,
) -> Result<(lopdf::Document, Codes), PdfError> {
    let key = Key {
        used: used.clone(),
        pages: laid.pages.len(),
        width: laid.geometry.width.to_bits(),
        height: laid.geometry.height.to_bits(),
        title: meta.title.clone(),
        author: meta.author.clone(),
        subject: meta.subject.clone(),
        keywords: meta.keywords.clone(),
    };
    let mut hasher = FxHasher::default();
    key.hash(&mut hasher);
    let hash = hasher.finish();
    let found = skeletons()
        .lock()
        .ok()
        .and_then(|mut m| m.find(hash, |k| *k == key));
    if let Some(found) = found {
        return Ok(found.as_ref().clone());
    }
    let made = build(laid, fonts, meta, used)?;
    let bytes: usize = made
        .0
        .objects
        .values()
        .map(|o| o.as_stream().map_or(0, |s| s.content.len()))
        .sum();
    if let Ok(mut memo) = skeletons().lock() {
        memo.insert(hash, key, Arc::new(made.clone()), bytes);
    }
    Ok(made)
}

fn build(
    laid: &Laid,
    fonts: &FontSet,
    meta: &Meta,
    used: &GlyphTexts,
) -> Result<(lopdf::Document, Codes), PdfError> {
    let size = |pt: f32| Mm(pt * 25.4 / 72.0);
    let mut pages: Vec<PdfPage> = laid
        .pages
        .iter()
        .map(|_| {
            PdfPage::new(
                size(laid.geometry.width),
                size(laid.geometry.height),
                Vec::new(),
            )
        })
        .collect();
    pages.push(PdfPage::new(
        size(laid.geometry.width),
        size(laid.geometry.height),
        registration_ops(used),
    ));

    let mut doc = PdfDocument::new(&meta.title);
    for face_id in used.keys() {
        let parsed = parsed_font(fonts.face(*face_id))?;
        doc.resources
            .fonts
            .map
            .insert(font_id(*face_id), printpdf::PdfFont::new(parsed));
    }
    let info = &mut doc.metadata.info;
    info.document_title = meta.title.clone();
    info.author = meta.author.clone();
    info.subject = meta.subject.clone();
    info.keywords = meta.keywords.clone();
    info.creator = "MoU Builder".into();
    info.producer = format!("MoU Builder {} (printpdf)", env!("CARGO_PKG_VERSION"));
    info.conformance = PdfConformance::Custom(CustomPdfConformance {
        requires_icc_profile: false,
        requires_xmp_metadata: false,
        ..CustomPdfConformance::default()
    });
    doc.pages = pages;

    let save = PdfSaveOptions {
        optimize: false,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut lo = printpdf::serialize::to_lopdf_doc(&doc, &save, &mut Vec::new());
    let codes = take_registration(&mut lo, used)?;
    // Fonts and their maps compressed once, here, and kept so: a render that
    // finds this skeleton in the memo neither compresses nor hashes them again.
    super::compress(&mut lo);
    Ok((lo, codes))
}

/// printpdf's parse of a face, made once per process: parsing a whole font file
/// costs more than laying out a page.
fn parsed_font(face: &Face) -> Result<ParsedFont, PdfError> {
    type Key = (String, bool, bool, usize);
    static CACHE: OnceLock<Mutex<HashMap<Key, ParsedFont>>> = OnceLock::new();
    let key = (
        face.family.clone(),
        face.style.bold,
        face.style.italic,
        face.data.len(),
    );
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(parsed) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(parsed);
    }
    let parsed = ParsedFont::from_bytes(face.data, face.index as usize, &mut Vec::new())
        .ok_or_else(|| PdfError::Font {
            family: face.family.clone(),
        })?;
    if let Ok(mut c) = cache.lock() {
        c.insert(key, parsed.clone());
    }
    Ok(parsed)
}

/// The registration page's operators: every glyph used, face by face, in glyph
/// order, each with the text it stands for.
fn registration_ops(used: &GlyphTexts) -> Vec<Op> {
    let mut ops = vec![Op::StartTextSection];
    for (face, glyphs) in used {
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font_id(*face)),
            size: Pt(REGISTRATION_SIZE),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(
                glyphs
                    .iter()
                    .map(|(gid, text)| Codepoint {
                        gid: *gid,
                        offset: 0.0,
                        cid: text.clone().filter(|t| !t.is_empty()),
                    })
                    .collect(),
            )],
        });
    }
    ops.push(Op::EndTextSection);
    ops
}

/// Any size: the registration page is read back and removed, never shown.
const REGISTRATION_SIZE: f32 = 10.0;

/// Reads the code printpdf gave each glyph from the registration page (the
/// last), then removes the page.
fn take_registration(doc: &mut lopdf::Document, used: &GlyphTexts) -> Result<Codes, PdfError> {
    let fail = |what: &str| PdfError::Assemble(format!("cannot read the font codes: {what}"));
    let (_, page_id) = doc
        .get_pages()
        .into_iter()
        .next_back()
        .ok_or_else(|| fail("no pages"))?;
    let ops = lopdf::content::Content::decode(&doc.get_page_content(page_id))
        .map_err(|e| fail(&e.to_string()))?
        .operations;
    let mut codes = Codes::default();
    let mut faces = used.iter();
    for op in ops
        .iter()
        .filter(|o| o.operator == "TJ" || o.operator == "Tj")
    {
        let (face, glyphs) = faces.next().ok_or_else(|| fail("more text than faces"))?;
        let mut written: Vec<u16> = Vec::with_capacity(glyphs.len());
        let strings: Vec<&Object> = match op.operands.first() {
            Some(Object::Array(items)) => items.iter().collect(),
            Some(other) => vec![other],
            None => Vec::new(),
        };
        for s in strings {
            if let Object::String(bytes, _) = s {
                written.extend(
                    bytes
                        .chunks(2)
                        .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)])),
                );
            }
        }
        if written.len() != glyphs.len() {
            return Err(fail("a face's glyphs came back in another number"));
        }
        codes.set(*face, glyphs.keys().copied().zip(written));
    }
    remove_page(doc, page_id).map_err(|e| fail(&e))?;
    Ok(codes)
}

/// Takes `page_id` out of the page tree (a flat one, as printpdf writes it).
fn remove_page(doc: &mut lopdf::Document, page_id: lopdf::ObjectId) -> Result<(), String> {
    let page = doc
        .get_object(page_id)
        .and_then(Object::as_dict)
        .map_err(|e| e.to_string())?
        .clone();
    let parent = page
        .get(b"Parent")
        .and_then(Object::as_reference)
        .map_err(|e| e.to_string())?;
    let pages = doc
        .get_object_mut(parent)
        .and_then(Object::as_dict_mut)
        .map_err(|e| e.to_string())?;
    let kids: Vec<Object> = pages
        .get(b"Kids")
        .and_then(Object::as_array)
        .map_err(|e| e.to_string())?
        .iter()
        .filter(|k| k.as_reference().ok() != Some(page_id))
        .cloned()
        .collect();
    let count = kids.len() as i64;
    pages.set("Kids", Object::Array(kids));
    pages.set("Count", Object::Integer(count));
    for key in [b"Contents".as_slice(), b"Resources"] {
        if let Ok(Object::Reference(id)) = page.get(key) {
            doc.objects.remove(id);
        }
    }
    doc.objects.remove(&page_id);
    Ok(())
}
