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
pub const BLACK: Rgb = Rgb(0, 0, 0);

/// WCAG 2.1 AA's least contrast for normal text (the public sector's standard).
pub const MIN_CONTRAST: f64 = 4.5;

/// The colour for text on `fill` (a band's or a header's colour, which a template
/// may choose): body text if it has contrast enough there, else white, else
/// black, which then always has (a fill too bright for white is at least
/// 4.6:1 against black).
pub fn ink_on(fill: Rgb) -> Rgb {
    [TEXT, WHITE]
        .into_iter()
        .find(|ink| ink.contrast(fill) >= MIN_CONTRAST)
        .unwrap_or(BLACK)
}

/// Body text, in points: 12, as GOV.UK's and the NHS's guidance for accessible
/// documents asks.
pub const BODY: f32 = 12.0;
/// Notes, table text and small paragraphs.
pub const SMALL: f32 = 10.5;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RiskBands;

    #[test]
    fn contrast_is_wcag_s() {
        // Published values: black on white 21:1; #767676 on white 4.54:1, the
        // lightest grey that passes AA (WebAIM's contrast checker).
        assert!((BLACK.contrast(WHITE) - 21.0).abs() < 1e-9);
        assert!((Rgb(0x76, 0x76, 0x76).contrast(WHITE) - 4.54).abs() < 0.005);
    }

    #[test]
    fn text_on_every_default_band_and_the_table_header_reads_at_4_5_to_1() {
        let fills = RiskBands::default()
            .bands
            .iter()
            .map(|b| Rgb::from_hex(&b.colour).expect("a colour"))
            .chain([BLUE])
            .collect::<Vec<_>>();
        for fill in fills {
            let ratio = ink_on(fill).contrast(fill);
            assert!(ratio >= MIN_CONTRAST, "{fill:?}: {ratio:.2}");
        }
        // The NHS teal of the "Low" band takes dark text: white on it is 3:1.
        let teal = Rgb(0x00, 0xa4, 0x99);
        assert!(WHITE.contrast(teal) < MIN_CONTRAST);
        assert_eq!(ink_on(teal), TEXT);
    }

    #[test]
    fn any_colour_a_template_chooses_gets_text_it_can_be_read_on() {
        let steps = (0..=255u8).step_by(15);
        for r in steps.clone() {
            for g in steps.clone() {
                for b in steps.clone() {
                    let fill = Rgb(r, g, b);
                    let ratio = ink_on(fill).contrast(fill);
                    assert!(ratio >= MIN_CONTRAST, "{fill:?}: {ratio:.2}");
                }
            }
        }
    }
}
