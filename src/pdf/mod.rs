//! Pages → PDF bytes with printpdf's low-level operations, then a few corrections
//! on the lopdf document printpdf builds, so the file is deterministic and honest:
//! - font resource names and subset tags come from the face's position, not a
//!   per-process counter;
//! - the document /ID is derived from the input (identical input, identical bytes);
//! - no creation dates, and no empty PDF/X version claim in the info dictionary;
//! - a nested outline (bookmarks) pointing at each heading's place on its page.

mod stamp;
mod unicode;
mod watermark;

pub use stamp::{
    STAMP_FORMAT, SealCheck, Stamp, check_seal, page_digests, read_stamp, read_stamp_parsed,
};

use crate::document::{Meta, Rgb};
use crate::layout::fonts::{Face, FaceId, FontSet, Style};
use crate::layout::text::PieceRef;
use crate::layout::{Item, Laid, OutlineEntry};
use lopdf::{Object, StringFormat};
use printpdf::{
    Codepoint, Color, CustomPdfConformance, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont,
    PdfConformance, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem,
    TextMatrix,
};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, OnceLock};

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

fn colour(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb::new(
        f32::from(c.0) / 255.0,
        f32::from(c.1) / 255.0,
        f32::from(c.2) / 255.0,
        None,
    ))
}

pub fn write(laid: &Laid, fonts: &FontSet, options: &Options) -> Result<Vec<u8>, PdfError> {
    let height = laid.geometry.height;
    let mut used: BTreeSet<FaceId> = BTreeSet::new();
    let mut pages = Vec::with_capacity(laid.pages.len());
    for page in &laid.pages {
        let mut painter = Painter::new(height, fonts, &mut used, Vec::new());
        for item in &page.items {
            painter.draw(item);
        }
        let ops = painter.finish();
        pages.push(PdfPage::new(
            Mm(laid.geometry.width * 25.4 / 72.0),
            Mm(height * 25.4 / 72.0),
            ops,
        ));
    }

    let mut doc = PdfDocument::new(&options.meta.title);
    for face_id in &used {
        let parsed = parsed_font(fonts.face(*face_id))?;
        doc.resources
            .fonts
            .map
            .insert(font_id(*face_id), printpdf::PdfFont::new(parsed));
    }
    let info = &mut doc.metadata.info;
    info.document_title = options.meta.title.clone();
    info.author = options.meta.author.clone();
    info.subject = options.meta.subject.clone();
    info.keywords = options.meta.keywords.clone();
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
    tidy(
        &mut lo,
        &laid.outline,
        height,
        options.stamp.fingerprint.as_bytes(),
    )?;
    term_links(&mut lo, &laid.links, height)?;
    if options.draft {
        let form = watermark::content(fonts.face(fonts.main(Style::BOLD)), &laid.geometry);
        underlay(&mut lo, form, &laid.geometry)?;
    }
    stamp::stamp(&mut lo, options.stamp)?;
    compress(&mut lo);
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| PdfError::Assemble(e.to_string()))?;
    stamp::seal(&mut bytes)?;
    Ok(bytes)
}

/// A piece's glyphs as TJ items. Left-to-right text whose glyphs are the font's
/// own for each character goes as text (one string, adjusted only where a pair
/// is kerned); shaped text (right-to-left, joining forms, marks) goes glyph by
/// glyph, each mapped back to the characters it draws for copying and search.
fn glyph_items(piece: &PieceRef, face: &Face, items: &mut Vec<TextItem>) {
    let chars_are_glyphs = !piece.rtl()
        && piece.glyphs.len() == piece.text.chars().count()
        && piece
            .text
            .char_indices()
            .zip(piece.glyphs)
            .all(|((at, c), g)| {
                g.cluster as usize == at && g.offset == 0.0 && face.glyph_id(c) == Some(g.id)
            });
    if chars_are_glyphs {
        let mut run = String::new();
        for (c, g) in piece.text.chars().zip(piece.glyphs) {
            run.push(c);
            let adjust = face.nominal_advance(g.id) - g.advance;
            if adjust != 0.0 {
                items.push(TextItem::Text(std::mem::take(&mut run)));
                items.push(TextItem::Offset(adjust));
            }
        }
        if !run.is_empty() {
            items.push(TextItem::Text(run));
        }
        return;
    }
    let texts = unicode::glyph_texts(piece, face);
    let mut glyphs: Vec<Codepoint> = Vec::with_capacity(piece.glyphs.len());
    for (g, text) in piece.glyphs.iter().zip(texts) {
        // A glyph drawn right of the pen (a mark): move there, and back after.
        if g.offset != 0.0 {
            match glyphs.last_mut() {
                Some(previous) => previous.offset -= g.offset,
                None => items.push(TextItem::Offset(-g.offset)),
            }
        }
        glyphs.push(Codepoint {
            gid: g.id,
            offset: face.nominal_advance(g.id) - g.advance + g.offset,
            cid: text,
        });
    }
    items.push(TextItem::GlyphIds(glyphs));
}

/// A position rounded to 1/100 pt: invisible, and shorter to write and to compress.
fn hundredths(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// Turns items into operators, keeping track of the graphics state so that
/// consecutive lines share one text object and colours and fonts are set only
/// when they change: fewer operators, a smaller file, a faster write.
struct Painter<'a> {
    ops: Vec<Op>,
    height: f32,
    fonts: &'a FontSet,
    used: &'a mut BTreeSet<FaceId>,
    in_text: bool,
    fill: Option<Rgb>,
    stroke: Option<(Rgb, f32)>,
    font: Option<(FaceId, f32)>,
}

impl<'a> Painter<'a> {
    fn new(
        height: f32,
        fonts: &'a FontSet,
        used: &'a mut BTreeSet<FaceId>,
        start: Vec<Op>,
    ) -> Self {
        Painter {
            ops: start,
            height,
            fonts,
            used,
            in_text: false,
            fill: None,
            stroke: None,
            font: None,
        }
    }

    fn set_fill(&mut self, c: Rgb) {
        if self.fill != Some(c) {
            self.ops.push(Op::SetFillColor { col: colour(c) });
            self.fill = Some(c);
        }
    }

    fn set_stroke(&mut self, c: Rgb, width: f32) {
        if self.stroke != Some((c, width)) {
            self.ops.push(Op::SetOutlineColor { col: colour(c) });
            self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
            self.stroke = Some((c, width));
        }
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }

    fn show(&mut self, face: FaceId, size: f32, items: &mut Vec<TextItem>) {
        if items.is_empty() {
            return;
        }
        if self.font != Some((face, size)) {
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(font_id(face)),
                size: Pt(size),
            });
            self.font = Some((face, size));
        }
        self.ops.push(Op::ShowText {
            items: std::mem::take(items),
        });
    }

    fn draw(&mut self, item: &Item) {
        match item {
            Item::Text {
                x,
                y,
                size,
                colour: c,
                line,
                word_gap,
            } => {
                let Some(first) = line.pieces().next() else {
                    return;
                };
                if !self.in_text {
                    self.ops.push(Op::StartTextSection);
                    self.in_text = true;
                    self.font = None; // printpdf resolves fonts per text object
                }
                self.set_fill(*c);
                self.ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(
                        Pt(hundredths(*x)),
                        Pt(hundredths(self.height - *y)),
                    ),
                });
                let mut items: Vec<TextItem> = Vec::new();
                let mut face = first.face;
                for piece in line.pieces() {
                    if piece.face != face {
                        self.show(face, *size, &mut items);
                        face = piece.face;
                    }
                    self.used.insert(piece.face);
                    glyph_items(&piece, self.fonts.face(piece.face), &mut items);
                    if piece.is_space && *word_gap != 0.0 {
                        // TJ offsets are in thousandths of the font size, negative moves right.
                        items.push(TextItem::Offset(hundredths(-*word_gap * 1000.0 / *size)));
                    }
                }
                self.show(face, *size, &mut items);
            }
            Item::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                let mode = match (fill, stroke) {
                    (Some(_), Some(_)) => PaintMode::FillStroke,
                    (Some(_), None) => PaintMode::Fill,
                    (None, Some(_)) => PaintMode::Stroke,
                    (None, None) => return,
                };
                self.end_text();
                if let Some(f) = fill {
                    self.set_fill(*f);
                }
                if let Some((s, width)) = stroke {
                    self.set_stroke(*s, *width);
                }
                self.ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(self.height - *y - *h),
                        width: Pt(*w),
                        height: Pt(*h),
                        mode: Some(mode),
                        winding_order: None,
                    },
                });
            }
            Item::Rule {
                x1,
                y1,
                x2,
                y2,
                colour: c,
                width,
            } => {
                self.end_text();
                self.set_stroke(*c, *width);
                let height = self.height;
                let point = |x: f32, y: f32| LinePoint {
                    p: Point {
                        x: Pt(x),
                        y: Pt(height - y),
                    },
                    bezier: false,
                };
                self.ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![point(*x1, *y1), point(*x2, *y2)],
                        is_closed: false,
                    },
                });
            }
            // Resolved to text by layout before the writer sees the page.
            Item::PageOf { .. } => {}
        }
    }

    fn finish(mut self) -> Vec<Op> {
        self.end_text();
        self.ops
    }
}

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
    let draw_id = doc.add_object(Stream::new(
        Dictionary::new(),
        b"q /MouDraft Do Q\n".to_vec(),
    ));
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
fn compress(doc: &mut lopdf::Document) {
    for object in doc.objects.values_mut() {
        if let Object::Stream(s) = object
            && s.dict.get(b"Filter").is_err()
            && s.content.len() >= 64
        {
            deflate(s);
        }
    }
}

fn deflate(stream: &mut lopdf::Stream) {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(stream.content.len() / 3),
        flate2::Compression::new(4),
    );
    if encoder.write_all(&stream.content).is_err() {
        return;
    }
    if let Ok(compressed) = encoder.finish()
        && compressed.len() + 19 < stream.content.len()
    {
        stream
            .dict
            .set("Filter", Object::Name(b"FlateDecode".to_vec()));
        stream.set_content(compressed);
    }
}

/// The corrections described at the top of this file.
/// Each defined term's use as a link annotation (no border) to its definition.
fn term_links(
    doc: &mut lopdf::Document,
    links: &[crate::layout::page::Link],
    height: f32,
) -> Result<(), PdfError> {
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    let mut by_page: std::collections::BTreeMap<usize, Vec<Object>> = Default::default();
    for link in links {
        let (Some(_), Some(to)) = (pages.get(link.page), pages.get(link.to_page)) else {
            continue;
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
    Ok(())
}

/// How far above a link's destination the viewer's top edge goes, in points.
const LINK_DEST_MARGIN: f32 = 6.0;

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
