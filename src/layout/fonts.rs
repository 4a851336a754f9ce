//! Fonts: found on the system by family name (fontdb), measured with real glyph
//! advances (ttf-parser), with fallback families for characters the main one lacks.

use super::text::memo::Memo;
use super::text::shape::Shaper;
use crate::error::ErrorCode;
use std::collections::HashMap;

/// Bold and italic, as the document asks for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
}

impl Style {
    pub const REGULAR: Style = Style {
        bold: false,
        italic: false,
    };
    pub const BOLD: Style = Style {
        bold: true,
        italic: false,
    };

    fn index(self) -> usize {
        usize::from(self.bold) * 2 + usize::from(self.italic)
    }

    const ALL: [Style; 4] = [
        Style {
            bold: false,
            italic: false,
        },
        Style {
            bold: false,
            italic: true,
        },
        Style {
            bold: true,
            italic: false,
        },
        Style {
            bold: true,
            italic: true,
        },
    ];
}

/// Index of a face in its [`FontSet`].
pub type FaceId = usize;

/// One font file's face, with the measurements layout needs.
pub struct Face {
    pub family: String,
    pub style: Style,
    /// The font file's bytes, shared with the shaper and the PDF writer. Fonts
    /// are loaded once per process and kept for its life (`render::fonts`), so the
    /// bytes are leaked on purpose: the shaper's faces borrow them.
    pub data: &'static [u8],
    pub index: u32,
    /// Ascender and descender (negative) in thousandths of an em.
    pub ascender: f32,
    pub descender: f32,
    /// Glyph id and advance, in whole thousandths of an em rounded down, exactly as
    /// printpdf writes them in the PDF's /W array, so what we measure is what the
    /// viewer draws. Characters below U+0800 (Latin, Greek, Cyrillic, Hebrew,
    /// Arabic) sit in a table indexed by code point; the rest in a map.
    common: Vec<Option<(u16, u16)>>,
    glyphs: HashMap<char, (u16, u16)>,
    /// Advance of each glyph id in whole thousandths of an em, as /W gives it.
    widths: Vec<u16>,
    /// The lowest character the character map gives each glyph, for copying text out.
    chars: HashMap<u16, char>,
}

/// Code points below this are looked up by index; measuring text is layout's hot path.
const COMMON: usize = 0x800;

impl Face {
    fn parse(family: &str, style: Style, data: &'static [u8], index: u32) -> Option<Face> {
        let face = ttf_parser::Face::parse(data, index).ok()?;
        let upem = f32::from(face.units_per_em());
        // Computed as printpdf computes /W, so the two agree to the unit.
        let per_mille = |advance: u16| (f32::from(advance) * (1000.0 / upem)) as u16;
        let mut glyphs = HashMap::new();
        if let Some(cmap) = face.tables().cmap {
            for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                sub.codepoints(|cp| {
                    if let (Some(c), Some(gid)) = (char::from_u32(cp), sub.glyph_index(cp)) {
                        let advance = face.glyph_hor_advance(gid).unwrap_or(0);
                        glyphs.entry(c).or_insert((gid.0, per_mille(advance)));
                    }
                });
            }
        }
        let mut chars: HashMap<u16, char> = HashMap::new();
        for (c, (gid, _)) in &glyphs {
            let lowest = chars.entry(*gid).or_insert(*c);
            *lowest = (*lowest).min(*c);
        }
        let mut common = vec![None; COMMON];
        glyphs.retain(|c, g| match common.get_mut(*c as usize) {
            Some(slot) => {
                *slot = Some(*g);
                false
            }
            None => true,
        });
        let widths = (0..face.number_of_glyphs())
            .map(|gid| {
                per_mille(
                    face.glyph_hor_advance(ttf_parser::GlyphId(gid))
                        .unwrap_or(0),
                )
            })
            .collect();
        Some(Face {
            chars,
            widths,
            common,
            family: family.to_string(),
            style,
            ascender: f32::from(face.ascender()) * 1000.0 / upem,
            descender: f32::from(face.descender()) * 1000.0 / upem,
            data,
            index,
            glyphs,
        })
    }

    fn glyph(&self, c: char) -> Option<(u16, u16)> {
        match self.common.get(c as usize) {
            Some(slot) => *slot,
            None => self.glyphs.get(&c).copied(),
        }
    }

    /// The glyph id the font's character map gives `c`.
    pub fn glyph_id(&self, c: char) -> Option<u16> {
        self.glyph(c).map(|(id, _)| id)
    }

    /// The character the font's character map gives glyph `id` (the lowest, if several).
    pub fn char_of(&self, id: u16) -> Option<char> {
        self.chars.get(&id).copied()
    }

    /// The advance of glyph `id` as the PDF's /W array gives it, in thousandths of an em.
    pub fn nominal_advance(&self, id: u16) -> f32 {
        f32::from(self.widths.get(usize::from(id)).copied().unwrap_or(0))
    }

    /// Whether the face can draw `c`.
    pub fn has(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    /// Advance of `c` at `size` points (0 for a character the face lacks).
    pub fn advance(&self, c: char, size: f32) -> f32 {
        self.glyph(c)
            .map_or(0.0, |(_, w)| f32::from(w) * size / 1000.0)
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c, size)).sum()
    }
}

/// What a template asks for: a main family and fallbacks, in order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FontRequest {
    pub family: String,
    pub fallbacks: Vec<String>,
}

/// The faces one document uses: four styles of the main family, then four of each fallback.
pub struct FontSet {
    faces: Vec<Face>,
    shaper: Shaper,
    /// Paragraphs broken in these faces by this render and the last.
    memo: std::sync::Mutex<Memo>,
    /// For each family in order (main first), the face of each style.
    families: Vec<[FaceId; 4]>,
}

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error(
        "The font family \"{family}\" is not installed on this computer. Install it (on Debian or Ubuntu: sudo apt-get install {package}) or choose another family in the template's manifest."
    )]
    NotFound { family: String, package: String },
    #[error(
        "A font of the family \"{family}\" could not be read for shaping text. Reinstall the font, or choose another family in the template's manifest."
    )]
    Unreadable { family: String },
}

impl ErrorCode for FontError {
    fn code(&self) -> &'static str {
        match self {
            FontError::NotFound { .. } => "font.not_found",
            FontError::Unreadable { .. } => "font.unreadable",
        }
    }
}

impl FontSet {
    /// Finds the families on this system. The main family must exist in its regular
    /// style; a missing bold or italic falls back to the nearest style fontdb finds.
    pub fn load(request: &FontRequest) -> Result<FontSet, FontError> {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        let mut set = FontSet {
            faces: Vec::new(),
            shaper: Shaper::new(Vec::new()),
            memo: Default::default(),
            families: Vec::new(),
        };
        let names = std::iter::once(&request.family).chain(&request.fallbacks);
        for (n, family) in names.enumerate() {
            match set.add_family(&db, family) {
                Some(ids) => set.families.push(ids),
                None if n == 0 => {
                    return Err(FontError::NotFound {
                        family: family.clone(),
                        package: debian_package(family).to_string(),
                    });
                }
                None => {} // a missing fallback only narrows what can be drawn
            }
        }
        set.shaper = Shaper::new(
            set.faces
                .iter()
                .map(|f| rustybuzz::Face::from_slice(f.data, f.index))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| FontError::Unreadable {
                    family: request.family.clone(),
                })?,
        );
        Ok(set)
    }

    fn add_family(&mut self, db: &fontdb::Database, family: &str) -> Option<[FaceId; 4]> {
        let mut ids = [0; 4];
        for style in Style::ALL {
            let query = fontdb::Query {
                families: &[fontdb::Family::Name(family)],
                weight: if style.bold {
                    fontdb::Weight::BOLD
                } else {
                    fontdb::Weight::NORMAL
                },
                style: if style.italic {
                    fontdb::Style::Italic
                } else {
                    fontdb::Style::Normal
                },
                stretch: fontdb::Stretch::Normal,
            };
            let id = db.query(&query)?;
            let face = db.with_face_data(id, |data, index| {
                let data: &'static [u8] = Box::leak(data.to_vec().into_boxed_slice());
                Face::parse(family, style, data, index)
            })??;
            ids[style.index()] = self.faces.len();
            self.faces.push(face);
        }
        Some(ids)
    }

    /// Shapes runs of text in these faces.
    pub fn shaper(&self) -> &Shaper {
        &self.shaper
    }

    /// Runs `f` on the memo of broken paragraphs; None if another thread
    /// panicked holding it (then nothing is remembered).
    pub fn memo<T>(&self, f: impl FnOnce(&mut Memo) -> T) -> Option<T> {
        self.memo.lock().ok().map(|mut m| f(&mut m))
    }

    pub fn face(&self, id: FaceId) -> &Face {
        &self.faces[id]
    }

    pub fn faces(&self) -> &[Face] {
        &self.faces
    }

    /// The main family's face for `style`.
    pub fn main(&self, style: Style) -> FaceId {
        self.families[0][style.index()]
    }

    /// The first family, in order, whose face for `style` has `c`.
    pub fn face_for(&self, style: Style, c: char) -> Option<FaceId> {
        self.families
            .iter()
            .map(|f| f[style.index()])
            .find(|id| self.faces[*id].has(c))
    }

    /// Family names in order, for messages.
    pub fn family_names(&self) -> Vec<&str> {
        self.families
            .iter()
            .map(|f| self.faces[f[0]].family.as_str())
            .collect()
    }
}

/// The Debian package that provides a well-known family, for the error message.
fn debian_package(family: &str) -> &'static str {
    match family.to_ascii_lowercase().as_str() {
        "liberation sans" | "liberation serif" | "liberation mono" => "fonts-liberation2",
        "dejavu sans" | "dejavu serif" | "dejavu sans mono" => "fonts-dejavu-core",
        "noto sans" | "noto serif" => "fonts-noto-core",
        _ => "the package that provides it",
    }
}
