//! Text to lines: every character measured with its face's real advance, break
//! opportunities from the Unicode line-breaking algorithm (unicode-linebreak),
//! lines filled greedily. Justification happens when the line is drawn.

use super::fonts::{FaceId, FontSet, Style};
use crate::document::{Inline, Mark};
use unicode_linebreak::{BreakOpportunity, linebreaks};

/// A stretch of a line in one face: a word (or part of one), or one space.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub face: FaceId,
    pub text: String,
    pub width: f32,
    /// An inter-word space, which justification may stretch.
    pub is_space: bool,
    /// Inserted or deleted text, drawn underlined or struck through.
    pub mark: Mark,
}

/// One set line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub pieces: Vec<Piece>,
    /// Natural width, without trailing spaces.
    pub width: f32,
    /// The last line of a paragraph, or one ended by a forced break: never justified.
    pub last: bool,
}

impl Line {
    pub fn spaces(&self) -> usize {
        self.pieces.iter().filter(|p| p.is_space).count()
    }

    pub fn text(&self) -> String {
        self.pieces.iter().map(|p| p.text.as_str()).collect()
    }
}

/// A measured character.
#[derive(Clone, Copy)]
struct Glyph {
    c: char,
    face: FaceId,
    width: f32,
    mark: Mark,
}

/// Breaks styled text into lines no wider than `width` points at `size` points.
/// Characters no installed face can draw are pushed to `missing`.
pub fn break_lines(
    runs: &[Inline],
    fonts: &FontSet,
    size: f32,
    width: f32,
    missing: &mut Vec<char>,
) -> Vec<Line> {
    let total: usize = runs.iter().map(|r| r.text.len()).sum();
    let mut text = String::with_capacity(total);
    let mut glyphs: Vec<Glyph> = Vec::with_capacity(total);
    let mut byte_to_glyph: Vec<usize> = Vec::with_capacity(total); // start byte of each glyph
    for run in runs {
        let style = Style {
            bold: run.bold,
            italic: run.italic,
        };
        for c in run.text.chars() {
            let face = match c {
                '\n' => fonts.main(style),
                _ => fonts.face_for(style, c).unwrap_or_else(|| {
                    if !missing.contains(&c) {
                        missing.push(c);
                    }
                    fonts.main(style)
                }),
            };
            byte_to_glyph.push(text.len());
            text.push(c);
            glyphs.push(Glyph {
                c,
                face,
                mark: run.mark,
                width: if c == '\n' {
                    0.0
                } else {
                    fonts.face(face).advance(c, size)
                },
            });
        }
    }
    if glyphs.is_empty() {
        return Vec::new();
    }

    // Segments between break opportunities, as glyph ranges.
    let mut segments: Vec<(usize, usize, bool)> = Vec::new(); // start, end, forced break after
    let mut start = 0;
    for (byte, opportunity) in linebreaks(&text) {
        let end = byte_to_glyph.partition_point(|b| *b < byte);
        if end > start {
            let forced = opportunity == BreakOpportunity::Mandatory && end < glyphs.len();
            segments.push((start, end, forced));
            start = end;
        }
    }

    // Lines are contiguous ranges of glyphs: `line_start..` with `width` so far
    // (trailing spaces included, as they matter only if more follows).
    let mut lines = Vec::new();
    let mut line_start = 0;
    let mut line_width = 0.0;
    for (start, end, forced) in segments {
        let seg = &glyphs[start..end];
        let content = trimmed_len(seg);
        let seg_width: f32 = seg[..content].iter().map(|g| g.width).sum();
        let seg_full: f32 = seg.iter().map(|g| g.width).sum();
        if start > line_start && line_width + seg_width > width + 0.01 {
            lines.push(make_line(&glyphs[line_start..start], false));
            line_start = start;
            line_width = 0.0;
        }
        if start == line_start && seg_width > width {
            // A word wider than the line (a long URL, say): break it between characters.
            for (i, g) in seg.iter().enumerate() {
                if start + i > line_start && line_width + g.width > width {
                    lines.push(make_line(&glyphs[line_start..start + i], false));
                    line_start = start + i;
                    line_width = 0.0;
                }
                line_width += g.width;
            }
        } else {
            line_width += seg_full;
        }
        if forced {
            lines.push(make_line(&glyphs[line_start..end], true));
            line_start = end;
            line_width = 0.0;
        }
    }
    if line_start < glyphs.len() {
        lines.push(make_line(&glyphs[line_start..], true));
    }
    lines
}

/// Length of a glyph run without its trailing spaces and line feeds.
fn trimmed_len(glyphs: &[Glyph]) -> usize {
    glyphs.len()
        - glyphs
            .iter()
            .rev()
            .take_while(|g| g.c == ' ' || g.c == '\n')
            .count()
}

fn make_line(glyphs: &[Glyph], last: bool) -> Line {
    let glyphs = &glyphs[..trimmed_len(glyphs)];
    let mut pieces: Vec<Piece> = Vec::with_capacity(glyphs.len() / 4 + 1);
    for g in glyphs {
        let is_space = g.c == ' ';
        match pieces.last_mut() {
            Some(p) if !is_space && !p.is_space && p.face == g.face && p.mark == g.mark => {
                p.text.push(g.c);
                p.width += g.width;
            }
            _ => pieces.push(Piece {
                face: g.face,
                text: g.c.to_string(),
                width: g.width,
                is_space,
                mark: g.mark,
            }),
        }
    }
    Line {
        width: pieces.iter().map(|p| p.width).sum(),
        pieces,
        last,
    }
}
