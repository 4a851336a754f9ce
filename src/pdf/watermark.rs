//! The DRAFT watermark, drawn as glyph outlines rather than text: it marks every
//! page without polluting what `pdftotext`, a screen reader or copy-and-paste get.
//! It is written once, as a form XObject that every page draws, so a 200-page
//! draft carries it once rather than 200 times.

use crate::layout::Geometry;
use crate::layout::fonts::Face;

/// Collects glyph contours, transformed to page coordinates, as PDF path operators.
struct Pen<'a> {
    path: String,
    last: (f32, f32),
    transform: &'a dyn Fn(f32, f32) -> (f32, f32),
}

impl Pen<'_> {
    /// Appends points and an operator. A tenth of a point is far below what print
    /// or screen can show, and keeps the numbers short.
    fn op(&mut self, points: &[(f32, f32)], op: &str) {
        use std::fmt::Write;
        for (x, y) in points {
            let (px, py) = (self.transform)(*x, *y);
            let _ = write!(self.path, "{:.1} {:.1} ", px, py);
        }
        self.path.push_str(op);
        self.path.push('\n');
    }
}

impl ttf_parser::OutlineBuilder for Pen<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.op(&[(x, y)], "m");
        self.last = (x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.op(&[(x, y)], "l");
        self.last = (x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        // A quadratic curve is the cubic with control points 2/3 of the way to its one.
        let (x0, y0) = self.last;
        let c1 = (x0 + 2.0 / 3.0 * (x1 - x0), y0 + 2.0 / 3.0 * (y1 - y0));
        let c2 = (x + 2.0 / 3.0 * (x1 - x), y + 2.0 / 3.0 * (y1 - y));
        self.op(&[c1, c2, (x, y)], "c");
        self.last = (x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.op(&[(x1, y1), (x2, y2), (x, y)], "c");
        self.last = (x, y);
    }
    fn close(&mut self) {
        self.path.push_str("h\n");
    }
}

/// The content of the watermark form: "DRAFT" across the centre of the page at 45°,
/// filled in a pale grey.
pub fn content(face: &Face, g: &Geometry) -> Vec<u8> {
    let Ok(font) = ttf_parser::Face::parse(face.data, face.index) else {
        return Vec::new();
    };
    let text = "DRAFT";
    let size = 120.0;
    let scale = size / f32::from(font.units_per_em());
    let width = face.width(text, size);
    let cap = font
        .capital_height()
        .map_or(0.72 * size, |h| f32::from(h) * scale);
    let (sin, cos) = 45f32.to_radians().sin_cos();
    let (cx, cy) = (g.width / 2.0, g.height / 2.0);
    let mut path = String::from("q 0.91 0.929 0.933 rg\n");
    let mut pen_x = -width / 2.0;
    for c in text.chars() {
        let Some(gid) = font.glyph_index(c) else {
            continue;
        };
        let origin = pen_x;
        // Font units → text space centred on the word → rotated → page.
        let transform = move |x: f32, y: f32| {
            let (tx, ty) = (origin + x * scale, y * scale - cap / 2.0);
            (cx + tx * cos - ty * sin, cy + tx * sin + ty * cos)
        };
        let mut pen = Pen {
            path: std::mem::take(&mut path),
            last: (0.0, 0.0),
            transform: &transform,
        };
        font.outline_glyph(gid, &mut pen);
        path = pen.path;
        pen_x += face.advance(c, size);
    }
    path.push_str("f\nQ\n");
    path.into_bytes()
}
