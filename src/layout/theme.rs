//! The document's look in one place: colours, type sizes, leading and the
//! spacing every stage shares. Each stage keeps the measurements only it uses
//! (the heat map's cell size, the title page's rhythm) as named constants of its own.

use super::fonts::Style;
use crate::document::{Align, Rgb};

/// NHS colours: body text, secondary text, NHS blue, rules and borders, white.
pub const TEXT: Rgb = Rgb(0x21, 0x2b, 0x32);
pub const SECONDARY: Rgb = Rgb(0x4c, 0x62, 0x72);
pub const BLUE: Rgb = Rgb(0x00, 0x5e, 0xb8);
pub const BORDER: Rgb = Rgb(0xd8, 0xdd, 0xe0);
pub const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);

/// Body text, in points.
pub const BODY: f32 = 10.5;
/// Notes, table text and small paragraphs.
pub const SMALL: f32 = 9.0;
/// Line height as a multiple of the type size, for running text.
pub const LEADING: f32 = 1.4;
/// Space between paragraphs, clauses and before a table.
pub const PARAGRAPH_GAP: f32 = 6.0;
/// How far a justified space may shrink, in ems: a third of Liberation Sans's
/// 0.28 em space, with room for rounding.
pub const MAX_SPACE_SHRINK: f32 = 0.1;

/// How a run of text is set: size, weight and slant, colour and alignment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub size: f32,
    pub font: Style,
    pub colour: Rgb,
    pub align: Align,
}

impl TextStyle {
    /// Regular, left-aligned text.
    pub const fn plain(size: f32, colour: Rgb) -> TextStyle {
        TextStyle {
            size,
            font: Style::REGULAR,
            colour,
            align: Align::Left,
        }
    }

    /// Bold, left-aligned text.
    pub const fn bold(size: f32, colour: Rgb) -> TextStyle {
        TextStyle {
            size,
            font: Style::BOLD,
            colour,
            align: Align::Left,
        }
    }

    pub const fn aligned(self, align: Align) -> TextStyle {
        TextStyle { align, ..self }
    }

    pub const fn italic(self) -> TextStyle {
        TextStyle {
            font: Style {
                bold: self.font.bold,
                italic: true,
            },
            ..self
        }
    }
}
