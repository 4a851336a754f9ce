//! The DRAFT watermark, drawn as glyph outlines rather than text: it marks every
//! page without polluting what `pdftotext`, a screen reader or copy-and-paste get.

use crate::layout::Geometry;
use crate::layout::fonts::Face;
use printpdf::{LinePoint, Op, PaintMode, Point, Polygon, PolygonRing, Pt, WindingOrder};

/// Collects glyph contours, transformed to page coordinates.
struct Pen<'a> {
    rings: Vec<PolygonRing>,
    current: Vec<LinePoint>,
    last: (f32, f32),
    transform: &'a dyn Fn(f32, f32) -> (f32, f32),
}

impl Pen<'_> {
    fn push(&mut self, x: f32, y: f32, bezier: bool) {
        // A tenth of a point is far below what print or screen can show, and
        // halves the digits written for each of the outline's points.
        let (px, py) = (self.transform)(x, y);
        let (px, py) = ((px * 10.0).round() / 10.0, (py * 10.0).round() / 10.0);
        self.current.push(LinePoint {
            p: Point {
                x: Pt(px),
                y: Pt(py),
            },
            bezier,
        });
    }

    fn close_ring(&mut self) {
        if self.current.len() > 1 {
            self.rings.push(PolygonRing {
                points: std::mem::take(&mut self.current),
            });
        }
        self.current.clear();
    }
}

impl ttf_parser::OutlineBuilder for Pen<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.close_ring();
        self.push(x, y, false);
        self.last = (x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.push(x, y, false);
        self.last = (x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        // A quadratic curve is the cubic with control points 2/3 of the way to its one.
        let (x0, y0) = self.last;
        self.push(x0 + 2.0 / 3.0 * (x1 - x0), y0 + 2.0 / 3.0 * (y1 - y0), true);
        self.push(x + 2.0 / 3.0 * (x1 - x), y + 2.0 / 3.0 * (y1 - y), true);
        self.push(x, y, false);
        self.last = (x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.push(x1, y1, true);
        self.push(x2, y2, true);
        self.push(x, y, false);
        self.last = (x, y);
    }
    fn close(&mut self) {
        self.close_ring();
    }
}

/// Ops that paint "DRAFT" across the centre of the page at 45°, in a pale grey.
pub fn ops(face: &Face, g: &Geometry) -> Vec<Op> {
    let Ok(font) = ttf_parser::Face::parse(&face.data, face.index) else {
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
    let mut rings = Vec::new();
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
            rings: Vec::new(),
            current: Vec::new(),
            last: (0.0, 0.0),
            transform: &transform,
        };
        font.outline_glyph(gid, &mut pen);
        pen.close_ring();
        rings.extend(pen.rings);
        pen_x += face.advance(c, size);
    }
    vec![
        Op::SaveGraphicsState,
        Op::SetFillColor {
            col: super::colour(crate::document::Rgb(0xe8, 0xed, 0xee)),
        },
        Op::DrawPolygon {
            polygon: Polygon {
                rings,
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        },
        Op::RestoreGraphicsState,
    ]
}
