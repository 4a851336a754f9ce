//! Shaping: a run of text in one face and direction → positioned glyphs, with the
//! font's kerning and, for Arabic, its joining forms (rustybuzz, a port of HarfBuzz).
//!
//! Results are cached per face, direction and word: agreements repeat their words,
//! and shaping one costs more than laying out its line.

use crate::layout::fonts::FaceId;
use rustc_hash::FxHashMap;
use rustybuzz::ttf_parser::{GlyphId, Tag};
use rustybuzz::{Direction, Feature, ShapePlan, UnicodeBuffer};
use std::sync::{Arc, Mutex};

/// One shaped glyph. Advances and offsets are in thousandths of an em, the unit
/// of the PDF's /W widths and TJ adjustments.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub id: u16,
    /// How far the pen moves after the glyph, kerning included.
    pub advance: f32,
    /// How far the glyph is drawn right of the pen (marks over a base letter).
    pub offset: f32,
    /// Byte offset, in the text of the piece it belongs to, of the first character
    /// this glyph draws: the glyph draws from here to the next glyph's cluster.
    pub cluster: u32,
}

/// Ligatures are left off: agreement text must copy out of the PDF letter for
/// letter, and Liberation Sans gains nothing from them. Arabic's required
/// ligatures (lam-alef) are `rlig`, which stays on.
const FEATURES: [[u8; 4]; 2] = [*b"liga", *b"clig"];

/// Words longer than this are shaped every time instead of cached: they are rare
/// and would fill the cache with text seen once.
const CACHE_WORD_BYTES: usize = 64;
/// Entries kept before the cache starts again, bounding its memory (about 10 MB).
const CACHE_ENTRIES: usize = 100_000;

type Key = (FaceId, bool, Box<str>);

/// A face ready to shape, and what has been shaped with it.
pub struct Shaper {
    faces: Vec<rustybuzz::Face<'static>>,
    features: Vec<Feature>,
    plans: Mutex<FxHashMap<(FaceId, Direction, rustybuzz::Script), Arc<ShapePlan>>>,
    cache: Mutex<FxHashMap<Key, Arc<[Glyph]>>>,
}

impl Shaper {
    pub fn new(faces: Vec<rustybuzz::Face<'static>>) -> Shaper {
        Shaper {
            faces,
            features: FEATURES
                .iter()
                .map(|tag| Feature::new(Tag::from_bytes(tag), 0, ..))
                .collect(),
            plans: Mutex::new(FxHashMap::default()),
            cache: Mutex::new(FxHashMap::default()),
        }
    }

    /// The glyphs of `text` in face `face`, in visual order (right to left text
    /// comes out reversed, as it is drawn).
    pub fn shape(&self, face: FaceId, rtl: bool, text: &str) -> Arc<[Glyph]> {
        let cacheable = text.len() <= CACHE_WORD_BYTES;
        if cacheable
            && let Ok(cache) = self.cache.lock()
            && let Some(glyphs) = cache.get(&(face, rtl, text) as &dyn KeyView)
        {
            return glyphs.clone();
        }
        let glyphs: Arc<[Glyph]> = self.shape_uncached(face, rtl, text).into();
        if cacheable && let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= CACHE_ENTRIES {
                cache.clear();
            }
            cache.insert((face, rtl, text.into()), glyphs.clone());
        }
        glyphs
    }

    fn shape_uncached(&self, face: FaceId, rtl: bool, text: &str) -> Vec<Glyph> {
        let Some(font) = self.faces.get(face) else {
            return Vec::new();
        };
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(if rtl {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        });
        buffer.guess_segment_properties();
        let plan = self.plan(face, font, buffer.direction(), buffer.script());
        let shaped = rustybuzz::shape_with_plan(font, &plan, buffer);
        let per_mille = 1000.0 / font.units_per_em() as f32;
        shaped
            .glyph_infos()
            .iter()
            .zip(shaped.glyph_positions())
            .map(|(info, pos)| {
                let id = u16::try_from(info.glyph_id).unwrap_or(0);
                // The advance the PDF's /W gives the glyph (whole thousandths, rounded
                // down as printpdf writes it), plus the kerning rounded to a thousandth:
                // what layout measures is then exactly what the viewer draws, and a
                // glyph that is not kerned needs no adjustment in the content stream.
                let hmtx = i32::from(font.glyph_hor_advance(GlyphId(id)).unwrap_or(0));
                let nominal = (hmtx as f32 * per_mille).floor();
                let kerning = ((pos.x_advance - hmtx) as f32 * per_mille).round();
                Glyph {
                    id,
                    advance: nominal + kerning,
                    offset: (pos.x_offset as f32 * per_mille).round(),
                    cluster: info.cluster,
                }
            })
            .collect()
    }

    /// A shaping plan is slow to make and depends only on face, direction and script.
    fn plan(
        &self,
        id: FaceId,
        font: &rustybuzz::Face<'static>,
        direction: Direction,
        script: rustybuzz::Script,
    ) -> Arc<ShapePlan> {
        let key = (id, direction, script);
        if let Ok(plans) = self.plans.lock()
            && let Some(plan) = plans.get(&key)
        {
            return plan.clone();
        }
        let plan = Arc::new(ShapePlan::new(
            font,
            direction,
            Some(script),
            None,
            &self.features,
        ));
        if let Ok(mut plans) = self.plans.lock() {
            plans.insert(key, plan.clone());
        }
        plan
    }
}

/// Lets the cache be searched with a borrowed `&str` instead of allocating a key.
trait KeyView {
    fn view(&self) -> (FaceId, bool, &str);
}

impl KeyView for Key {
    fn view(&self) -> (FaceId, bool, &str) {
        (self.0, self.1, &self.2)
    }
}

impl KeyView for (FaceId, bool, &str) {
    fn view(&self) -> (FaceId, bool, &str) {
        *self
    }
}

impl<'a> std::borrow::Borrow<dyn KeyView + 'a> for Key {
    fn borrow(&self) -> &(dyn KeyView + 'a) {
        self
    }
}

impl PartialEq for dyn KeyView + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.view() == other.view()
    }
}

impl Eq for dyn KeyView + '_ {}

impl std::hash::Hash for dyn KeyView + '_ {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.view().hash(state);
    }
}
