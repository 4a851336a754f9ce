//! Page content streams, written directly: the operators each page needs, numbers
//! to a hundredth of a point, state (colour, font, text object) set only when it
//! changes, each stream compressed as soon as it is written. Pages are independent,
//! so they are written on every core at once; the bytes do not depend on how many.
//!
//! Fonts still go through printpdf, which subsets them and writes their widths and
//! ToUnicode maps: it is given every glyph the pages draw (`used_glyphs`) and says,
//! by the codes it writes for them, which code each glyph has in the subset.

use super::{DEFLATE_LEVEL, unicode};
use crate::document::Rgb;
use crate::layout::fonts::{FaceId, FontSet};
use crate::layout::page::{Item, Link, LinkOn, Page};
use crate::layout::structure::{NodeId, Structure, Tag};
use crate::layout::text::PieceRef;
use flate2::{Compress, Compression, FlushCompress};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;

/// Every glyph the pages draw, per face, with the text it copies out as.
pub type GlyphTexts = BTreeMap<FaceId, BTreeMap<u16, Option<String>>>;

/// Each face's code for each glyph id, as the subset font numbers them: by face
/// id, then by glyph id (0 for a glyph not drawn). Looked up for every glyph of
/// every page, so by index rather than by hash.
#[derive(Debug, Default, Clone)]
pub struct Codes(Vec<Vec<u16>>);

impl Codes {
    /// Sets `face`'s code for each glyph id of `codes`.
    pub fn set(&mut self, face: FaceId, codes: impl IntoIterator<Item = (u16, u16)>) {
        if self.0.len() <= face {
            self.0.resize(face + 1, Vec::new());
        }
        let glyphs = &mut self.0[face];
        for (id, code) in codes {
            let id = usize::from(id);
            if glyphs.len() <= id {
                glyphs.resize(id + 1, 0);
            }
            glyphs[id] = code;
        }
    }

    fn get(&self, face: FaceId, glyph: u16) -> u16 {
        let glyphs = self.0.get(face).map_or(&[][..], Vec::as_slice);
        glyphs.get(usize::from(glyph)).copied().unwrap_or(0)
    }
}

/// Pages written per thread at least: fewer are not worth a thread.
const PAGES_PER_THREAD: usize = 4;

/// A page's content stream as written: compressed, with the digest of what the
/// page draws (`stamp::short_digest`) and who owns each of its marked-content
/// sequences (the index is the sequence's MCID).
#[derive(Debug, PartialEq)]
pub struct Written {
    pub stream: Vec<u8>,
    pub digest: String,
    pub marks: Vec<Owner>,
}

/// Whose content a marked-content sequence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// A structure node's.
    Node(NodeId),
    /// The link (its index in `Laid::links`) on a term's use inside the text of
    /// node `within`: a structure element of its own, made when the tree is written.
    TermLink { link: usize, within: NodeId },
}

/// A term's use inside a text item of a page: which pieces, and which link.
#[derive(Debug, Clone, PartialEq)]
struct TermRun {
    item: usize,
    pieces: std::ops::Range<usize>,
    link: usize,
}

/// The term runs on each page, in the order they are drawn.
fn term_runs(pages: usize, links: &[Link]) -> Vec<Vec<TermRun>> {
    let mut runs = vec![Vec::new(); pages];
    for (link, l) in links.iter().enumerate() {
        if let (LinkOn::Pieces { item, pieces }, Some(page)) = (&l.on, runs.get_mut(l.page)) {
            page.push(TermRun {
                item: *item,
                pieces: pieces.clone(),
                link,
            });
        }
    }
    for page in &mut runs {
        page.sort_by_key(|r| (r.item, r.pieces.start));
    }
    runs
}

/// What the page's writer needs to tag what it draws.
#[derive(Clone, Copy)]
pub struct Tagging<'a> {
    pub structure: &'a Structure,
    pub links: &'a [Link],
}

/// Compressed streams, kept between renders (`crate::memo`): compressing is most
/// of the cost of writing a page. By a SHA-256 that fixes what was compressed:
/// for a page, of what is drawn under it and of the whole page with it (the
/// hashes its stamp digest needs anyway); for any other stream, of its bytes.
type Compressed = crate::memo::Generations<[u8; 32], std::sync::Arc<Vec<u8>>>;

fn compressed() -> &'static std::sync::Mutex<Compressed> {
    static MEMO: std::sync::OnceLock<std::sync::Mutex<Compressed>> = std::sync::OnceLock::new();
    MEMO.get_or_init(Default::default)
}

/// A new render: a new generation of the memo (see `crate::memo`).
pub(super) fn begin() {
    if let Ok(mut memo) = compressed().lock() {
        memo.begin();
    }
}

/// Any stream other than a page's, compressed by `zlib`, from the memo if this
/// render or the last compressed the same bytes.
pub(super) fn compress_stream(
    content: &[u8],
    zlib: impl FnOnce(&[u8]) -> Option<Vec<u8>>,
) -> Option<Vec<u8>> {
    remembered(compressed(), stream_key(content), || zlib(content))
}

/// A stream whose bytes `identity` fixes (a digest that covers them, such as
/// the document's fingerprint for the agreement it embeds), compressed by
/// `zlib`, from the memo: found without hashing the stream itself.
pub(super) fn compress_identified(
    identity: &[u8],
    content: &[u8],
    zlib: impl FnOnce(&[u8]) -> Option<Vec<u8>>,
) -> Option<Vec<u8>> {
    let key = Sha256::new()
        .chain_update(b"identified")
        .chain_update(identity)
        .finalize()
        .into();
    remembered(compressed(), key, || zlib(content))
}

/// The memo's key for a page: see `Compressed`.
fn page_key(under: &[u8; 32], whole: &[u8; 32]) -> [u8; 32] {
    Sha256::new()
        .chain_update(b"page")
        .chain_update(under)
        .chain_update(whole)
        .finalize()
        .into()
}

/// The memo's key for any other stream: see `Compressed`.
fn stream_key(content: &[u8]) -> [u8; 32] {
    Sha256::new()
        .chain_update(b"stream")
        .chain_update(content)
        .finalize()
        .into()
}

/// What `make` compresses, from `memo` if this render or the last made it.
fn remembered(
    memo: &std::sync::Mutex<Compressed>,
    key: [u8; 32],
    make: impl FnOnce() -> Option<Vec<u8>>,
) -> Option<Vec<u8>> {
    let hash = u64::from_le_bytes(key[..8].try_into().unwrap_or_default());
    let found = memo
        .lock()
        .ok()
        .and_then(|mut m| m.find(hash, |k| *k == key));
    if let Some(stream) = found {
        return Some(stream.as_ref().clone());
    }
    let stream = std::sync::Arc::new(make()?);
    if let Ok(mut memo) = memo.lock() {
        memo.insert(hash, key, stream.clone(), stream.len());
    }
    Some(std::sync::Arc::unwrap_or_clone(stream))
}

/// Every glyph `pages` draw, with what it stands for (the first text seen for a
/// glyph wins: a font's ToUnicode map has one entry a glyph).
pub fn used_glyphs(pages: &[Page], fonts: &FontSet) -> GlyphTexts {
    let mut used = GlyphTexts::new();
    // Glyphs already recorded, by face and id (indexed: this runs for every
    // piece of every line), so a glyph's text is worked out once.
    let mut seen: Vec<Vec<bool>> = Vec::new();
    for page in pages {
        for item in &page.items {
            let Item::Text { line, .. } = item else {
                continue;
            };
            for piece in line.pieces() {
                if seen.len() <= piece.face {
                    seen.resize(piece.face + 1, Vec::new());
                }
                let known = &mut seen[piece.face];
                // Most glyphs were seen before: work out texts only for new ones.
                if piece
                    .glyphs
                    .iter()
                    .all(|g| known.get(usize::from(g.id)).copied().unwrap_or(false))
                {
                    continue;
                }
                if let Some(most) = piece.glyphs.iter().map(|g| usize::from(g.id)).max()
                    && known.len() <= most
                {
                    known.resize(most + 1, false);
                }
                let face = fonts.face(piece.face);
                let glyphs = used.entry(piece.face).or_default();
                for (g, text) in piece.glyphs.iter().zip(unicode::glyph_texts(&piece, face)) {
                    known[usize::from(g.id)] = true;
                    glyphs.entry(g.id).or_insert(text);
                }
            }
        }
    }
    // Each face's space, which ends a line inside a paragraph (`then_space`).
    for (face, glyphs) in &mut used {
        if let Some(id) = fonts.face(*face).glyph_id(' ') {
            glyphs.entry(id).or_insert_with(|| Some(" ".to_string()));
        }
    }
    used
}

/// Each page's content stream, compressed, in page order.
///
/// `before` are the streams drawn on every page under its own (the watermark's),
/// which its digest covers too.
pub fn write_pages(
    pages: &[Page],
    height: f32,
    fonts: &FontSet,
    codes: &Codes,
    before: &[&[u8]],
    tagging: Tagging,
) -> Vec<Written> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    write_pages_on(
        cores,
        pages,
        height,
        fonts,
        codes,
        before,
        tagging,
        compressed(),
    )
}

/// As `write_pages`, on at most `threads` threads.
#[allow(clippy::too_many_arguments)]
fn write_pages_on(
    threads: usize,
    pages: &[Page],
    height: f32,
    fonts: &FontSet,
    codes: &Codes,
    before: &[&[u8]],
    tagging: Tagging,
    memo: &std::sync::Mutex<Compressed>,
) -> Vec<Written> {
    let under = super::stamp::page_hash(before.iter().copied());
    let runs = term_runs(pages.len(), tagging.links);
    let pages: Vec<(&Page, &[TermRun])> =
        pages.iter().zip(runs.iter().map(Vec::as_slice)).collect();
    let threads = threads.min(pages.len().div_ceil(PAGES_PER_THREAD)).max(1);
    let chunk = pages.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = pages
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    // One compressor a thread, reset for each page: making one costs
                    // more than compressing a page (its tables are zeroed each time).
                    let mut deflater = Compress::new(Compression::new(DEFLATE_LEVEL), true);
                    part.iter()
                        .map(|(page, runs)| {
                            let (content, marks) =
                                page_stream(page, height, fonts, codes, tagging.structure, runs);
                            let parts = before.iter().copied().chain([content.as_slice()]);
                            let whole = super::stamp::page_hash(parts);
                            Written {
                                digest: super::stamp::short_digest(&whole),
                                stream: remembered(memo, page_key(&under, &whole), || {
                                    Some(deflate(&mut deflater, &content))
                                })
                                .unwrap_or_default(),
                                marks,
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    })
}

/// `content` compressed as a zlib stream (FlateDecode).
fn deflate(deflater: &mut Compress, content: &[u8]) -> Vec<u8> {
    deflater.reset();
    // Deflate never grows data by more than a few bytes a 16 KB block.
    let mut out = Vec::with_capacity(content.len() + content.len() / 1000 + 64);
    match deflater.compress_vec(content, &mut out, FlushCompress::Finish) {
        Ok(flate2::Status::StreamEnd) => {
            // Kept until the file is written: give back the room the worst case needed.
            out.shrink_to_fit();
            out
        }
        // Not expected with room for the worst case: compress the slow, sure way.
        _ => super::zlib(content).unwrap_or_default(),
    }
}

/// The operators of one page, uncompressed, each item inside the marked-content
/// sequence of its tag; and who owns each sequence, by MCID.
fn page_stream(
    page: &Page,
    height: f32,
    fonts: &FontSet,
    codes: &Codes,
    structure: &Structure,
    runs: &[TermRun],
) -> (Vec<u8>, Vec<Owner>) {
    let mut w = Writer {
        out: Vec::with_capacity(16 * 1024),
        height,
        fonts,
        codes,
        in_text: false,
        fill: None,
        stroke: None,
        font: None,
        hex: false,
        structure,
        open: Open::Nothing,
        marks: Vec::new(),
    };
    // The next item that is content, after each (the contents' page number
    // after its entry's title, across the leader between them).
    let mut next_content: Vec<Option<&Item>> = vec![None; page.items.len()];
    let mut seen = None;
    for (i, item) in page.items.iter().enumerate().rev() {
        next_content[i] = seen;
        if item.tag() != Tag::Artifact {
            seen = Some(item);
        }
    }
    for (i, item) in page.items.iter().enumerate() {
        let first = runs.partition_point(|r| r.item < i);
        let here = &runs[first..runs.partition_point(|r| r.item <= i)];
        w.draw(item, here, then_space(item, next_content[i]));
    }
    w.mark(Open::Nothing);
    (w.out, w.marks)
}

/// Whether a space is drawn after text `item` (invisibly, at the end of its
/// line): where the line broke at a space, or where the next item of content
/// goes on with the same node's text (a label and its value), so text read from the
/// structure has its words apart. Not where a word was broken (at a hyphen),
/// which reads whole.
fn then_space(item: &Item, next: Option<&Item>) -> bool {
    let Item::Text { line, tag, .. } = item else {
        return false;
    };
    let continues = line.space_after || line.last && next.is_some_and(|n| n.tag() == *tag);
    *tag != Tag::Artifact && continues && !line.hyphenated && !line.is_empty()
}

/// The marked-content sequence a writer has open.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Open {
    Nothing,
    Tag(Tag),
    /// A term's link (its index in `Laid::links`) in the text of a node.
    TermLink {
        link: usize,
        within: NodeId,
    },
}

/// The content stream being written, with the graphics state it has set.
struct Writer<'a> {
    out: Vec<u8>,
    height: f32,
    fonts: &'a FontSet,
    codes: &'a Codes,
    in_text: bool,
    fill: Option<Rgb>,
    stroke: Option<(Rgb, f32)>,
    font: Option<(FaceId, f32)>,
    /// Inside a hex string of glyph codes, in a TJ array.
    hex: bool,
    structure: &'a Structure,
    open: Open,
    /// Who owns each marked-content sequence written so far, by MCID.
    marks: Vec<Owner>,
}

impl Writer<'_> {
    /// A number to a hundredth, without trailing zeros: "12", "3.5", "-0.25".
    fn num(&mut self, v: f32) {
        // Two numbers in a row (in a TJ array) need a space between them.
        if self
            .out
            .last()
            .is_some_and(|b| b.is_ascii_digit() || *b == b'.')
        {
            self.out.push(b' ');
        }
        let hundredths = (f64::from(v) * 100.0).round() as i64;
        if hundredths < 0 {
            self.out.push(b'-');
        }
        let abs = hundredths.unsigned_abs();
        let (whole, frac) = (abs / 100, abs % 100);
        self.integer(whole);
        if frac != 0 {
            self.out.push(b'.');
            self.out.push(b'0' + (frac / 10) as u8);
            if frac % 10 != 0 {
                self.out.push(b'0' + (frac % 10) as u8);
            }
        }
    }

    /// Digits of a whole number, without going through the formatter.
    fn integer(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.out.extend_from_slice(&digits[at..]);
    }

    fn nums(&mut self, values: &[f32], op: &str) {
        for v in values {
            self.num(*v);
            self.out.push(b' ');
        }
        self.out.extend_from_slice(op.as_bytes());
        self.out.push(b'\n');
    }

    fn colour(&mut self, c: Rgb, op: &str) {
        let channel = |v: u8| f32::from(v) / 255.0;
        // Colours to a thousandth: exact enough for eight bits a channel.
        for v in [channel(c.0), channel(c.1), channel(c.2)] {
            let thousandths = (v * 1000.0).round() as u32;
            let _ = match thousandths {
                0 => write!(self.out, "0 "),
                1000 => write!(self.out, "1 "),
                t => write!(self.out, "{} ", format!("0.{t:03}").trim_end_matches('0')),
            };
        }
        self.out.extend_from_slice(op.as_bytes());
        self.out.push(b'\n');
    }

    fn set_fill(&mut self, c: Rgb) {
        if self.fill != Some(c) {
            self.colour(c, "rg");
            self.fill = Some(c);
        }
    }

    fn set_stroke(&mut self, c: Rgb, width: f32) {
        if self.stroke != Some((c, width)) {
            self.colour(c, "RG");
            self.nums(&[width], "w");
            self.stroke = Some((c, width));
        }
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.out.extend_from_slice(b"ET\n");
            self.in_text = false;
        }
    }

    fn set_font(&mut self, face: FaceId, size: f32) {
        if self.font != Some((face, size)) {
            let _ = write!(self.out, "/{} ", super::font_id(face).0);
            self.nums(&[size], "Tf");
            self.font = Some((face, size));
        }
    }

    /// Ends the marked-content sequence open, if it is not `to`, and begins `to`:
    /// a node's content with the next MCID, or an artifact. A sequence never
    /// crosses a text object's end, so text is ended first.
    fn mark(&mut self, to: Open) {
        if self.open == to {
            return;
        }
        self.end_text();
        if self.open != Open::Nothing {
            self.out.extend_from_slice(b"EMC\n");
        }
        let owner = match to {
            Open::Nothing => None,
            Open::Tag(Tag::Artifact) => {
                self.out.extend_from_slice(b"/Artifact BMC\n");
                None
            }
            Open::Tag(Tag::Node(n)) => Some((Owner::Node(n), self.role_name(n))),
            Open::TermLink { link, within } => Some((Owner::TermLink { link, within }, "Link")),
        };
        if let Some((owner, role)) = owner {
            self.out.push(b'/');
            self.out.extend_from_slice(role.as_bytes());
            self.out.extend_from_slice(b" <</MCID ");
            self.integer(self.marks.len() as u64);
            self.out.extend_from_slice(b">> BDC\n");
            self.marks.push(owner);
        }
        self.open = to;
    }

    fn role_name(&self, node: NodeId) -> &'static str {
        self.structure.node(node).map_or("Span", |n| n.role.name())
    }

    /// Begins a text object if none is open, with its matrix at (x, baseline).
    /// The font set stays set: text state is part of the graphics state, and
    /// outlives a text object (ISO 32000-1, 9.3.1), so a new one after a marked
    /// sequence ends does not set it again.
    fn begin_text(&mut self, x: f32, baseline: f32) {
        if !self.in_text {
            self.out.extend_from_slice(b"BT\n");
            self.in_text = true;
        }
        self.nums(&[1.0, 0.0, 0.0, 1.0, x, baseline], "Tm");
    }

    /// Draws `item`; `runs` are the term links inside it (a text item's), and
    /// `then_space` adds a space after its text (`then_space`).
    fn draw(&mut self, item: &Item, runs: &[TermRun], then_space: bool) {
        if let Item::Text { line, .. } = item
            && line.is_empty()
        {
            return;
        }
        self.mark(Open::Tag(item.tag()));
        match item {
            Item::Text {
                x,
                y,
                size,
                colour,
                line,
                word_gap,
                tag,
            } => {
                let baseline = self.height - *y;
                self.begin_text(*x, baseline);
                self.set_fill(*colour);
                let mut open = false; // inside a TJ array
                let mut at = *x;
                // The hyphen the breaker added is an artifact: the word reads whole.
                let hyphen = line.hyphenated.then(|| line.pieces().count() - 1);
                for (i, piece) in line.pieces().enumerate() {
                    // A term's use is a link of its own inside the text: close the
                    // text there, and open it again after.
                    let run = runs.iter().find(|r| r.pieces.contains(&i));
                    let wanted = match (run, *tag) {
                        _ if hyphen == Some(i) && piece.text == "-" => Open::Tag(Tag::Artifact),
                        (Some(r), Tag::Node(within)) => Open::TermLink {
                            link: r.link,
                            within,
                        },
                        _ => Open::Tag(*tag),
                    };
                    if wanted != self.open {
                        if open {
                            self.close_hex();
                            self.out.extend_from_slice(b"] TJ\n");
                            open = false;
                        }
                        self.mark(wanted);
                        self.begin_text(at, baseline);
                        self.set_fill(*colour);
                    }
                    at += piece.width + if piece.is_space { *word_gap } else { 0.0 };
                    if self.font.map(|f| f.0) != Some(piece.face) || !open {
                        if open {
                            self.close_hex();
                            self.out.extend_from_slice(b"] TJ\n");
                        }
                        self.set_font(piece.face, *size);
                        self.out.push(b'[');
                        open = true;
                    }
                    self.glyphs(&piece);
                    if piece.is_space && *word_gap != 0.0 {
                        // TJ numbers are thousandths of the type size; negative moves right.
                        self.close_hex();
                        self.num(-*word_gap * 1000.0 / *size);
                    }
                }
                if open {
                    if then_space && let Some((face, _)) = self.font {
                        self.space(face);
                    }
                    self.close_hex();
                    self.out.extend_from_slice(b"] TJ\n");
                }
            }
            Item::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
                ..
            } => {
                let op = match (fill, stroke) {
                    (Some(_), Some(_)) => "B",
                    (Some(_), None) => "f",
                    (None, Some(_)) => "S",
                    (None, None) => return,
                };
                self.end_text();
                if let Some(f) = fill {
                    self.set_fill(*f);
                }
                if let Some((s, width)) = stroke {
                    self.set_stroke(*s, *width);
                }
                let bottom = self.height - *y - *h;
                self.nums(&[*x, bottom, *w, *h], "re");
                self.out.extend_from_slice(op.as_bytes());
                self.out.push(b'\n');
            }
            Item::Rule {
                x1,
                y1,
                x2,
                y2,
                colour,
                width,
                ..
            } => {
                self.end_text();
                self.set_stroke(*colour, *width);
                let height = self.height;
                self.nums(&[*x1, height - *y1], "m");
                self.nums(&[*x2, height - *y2], "l");
                self.out.extend_from_slice(b"S\n");
            }
            // Resolved to text by layout before the writer sees the page.
            Item::PageOf { .. } => {}
        }
    }

    /// A piece's glyphs inside a TJ array: each glyph's code, and after it how far
    /// its advance differs from the font's (kerning), in thousandths of an em.
    fn glyphs(&mut self, piece: &PieceRef) {
        let face = self.fonts.face(piece.face);
        for g in piece.glyphs {
            // A glyph drawn right of the pen (a mark): move there first, back after.
            if g.offset != 0.0 {
                self.close_hex();
                self.num(-g.offset);
            }
            self.code(piece.face, g.id);
            let adjust = face.nominal_advance(g.id) - g.advance + g.offset;
            if adjust != 0.0 {
                self.close_hex();
                self.num(adjust);
            }
        }
    }

    /// The code of `face`'s space, in the TJ array being written.
    fn space(&mut self, face: FaceId) {
        if let Some(id) = self.fonts.face(face).glyph_id(' ') {
            self.code(face, id);
        }
    }

    /// A glyph's code in the hex string of the TJ array being written.
    fn code(&mut self, face: FaceId, glyph: u16) {
        if !self.hex {
            self.out.push(b'<');
            self.hex = true;
        }
        let code = self.codes.get(face, glyph);
        super::file::hex(&mut self.out, &code.to_be_bytes());
    }

    /// Ends the hex string of glyph codes being written, if one is open: pieces
    /// next to each other share one string.
    fn close_hex(&mut self) {
        if self.hex {
            self.out.push(b'>');
            self.hex = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `numbers` after `start` with a writer of its own, as a TJ array would.
    fn written(start: &str, numbers: &[f32]) -> String {
        let fonts = crate::render::fonts(&crate::layout::fonts::FontRequest {
            family: "Liberation Sans".into(),
            fallbacks: vec![],
        })
        .expect("fonts");
        let codes = Codes::default();
        let structure = Structure::default();
        let mut w = Writer {
            out: start.as_bytes().to_vec(),
            height: 0.0,
            fonts: &fonts,
            codes: &codes,
            in_text: false,
            fill: None,
            stroke: None,
            font: None,
            hex: false,
            structure: &structure,
            open: Open::Nothing,
            marks: Vec::new(),
        };
        numbers.iter().for_each(|v| w.num(*v));
        String::from_utf8(w.out).expect("ascii")
    }

    #[test]
    fn numbers_in_a_row_are_kept_apart() {
        // "28" then "27" must not read as 2827 (a kerned glyph followed by a mark
        // moved left: a bug this caught, which threw a line 30 pt to the left).
        assert_eq!(written("[<000a>", &[28.0, 27.0, -1.5]), "[<000a>28 27 -1.5");
    }

    #[test]
    fn the_streams_are_the_same_whatever_the_number_of_threads() {
        let fonts = crate::render::fonts(&crate::layout::fonts::FontRequest {
            family: "Liberation Sans".into(),
            fallbacks: vec!["DejaVu Sans".into()],
        })
        .expect("fonts");
        let paragraph = "<p>The partners agree to share what they know about people leaving hospital, in English and العربية. </p>";
        let markup = format!(
            r#"<document title="Threads" version="0.1">{}</document>"#,
            paragraph.repeat(400)
        );
        let doc = crate::document::parse(&markup).expect("parses");
        let laid = crate::layout::layout(&doc, &fonts, &crate::layout::Options::default())
            .expect("lays out");
        assert!(laid.pages.len() >= 8, "{} pages", laid.pages.len());
        let used = used_glyphs(&laid.pages, &fonts);
        // Codes as printpdf would give them: any fixed numbering will do here.
        let mut codes = Codes::default();
        for (face, glyphs) in &used {
            codes.set(*face, glyphs.keys().zip(1..).map(|(g, c)| (*g, c)));
        }
        let height = laid.geometry.height;
        // Each with a memo of its own, so every page is compressed on each count.
        let write = |threads| {
            let memo = Default::default();
            let tagging = Tagging {
                structure: &laid.structure,
                links: &laid.links,
            };
            write_pages_on(
                threads,
                &laid.pages,
                height,
                &fonts,
                &codes,
                &[],
                tagging,
                &memo,
            )
        };
        let one = write(1);
        for threads in [2, 3, 8] {
            assert!(one == write(threads));
        }
        assert_eq!(one.len(), laid.pages.len());
    }

    #[test]
    fn numbers_are_written_to_a_hundredth_without_trailing_zeros() {
        for (value, text) in [
            (12.0, "12"),
            (3.5, "3.5"),
            (-0.25, "-0.25"),
            (0.004, "0"),
            (841.89, "841.89"),
            (70.866, "70.87"),
            (-1000.0, "-1000"),
        ] {
            assert_eq!(written("", &[value]), text);
        }
    }
}
