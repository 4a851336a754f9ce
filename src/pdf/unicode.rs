//! What each drawn glyph copies out as: the PDF's ToUnicode map, which search,
//! copy and screen readers use. The map is one per font, glyph by glyph, so a
//! glyph must always stand for the same characters wherever it is drawn.

use crate::layout::fonts::Face;
use crate::layout::text::PieceRef;

/// The text each glyph of a shaped piece stands for, in the piece's glyph order.
///
/// A glyph the font's character map gives a character copies out as that
/// character (so "e" + combining acute, drawn as the precomposed "é", reads "é",
/// as the same glyph does everywhere else). A glyph made by shaping (an Arabic
/// joining form, a ligature) has no character of its own: it takes its cluster's
/// characters that no other glyph of the cluster stands for. Presentation forms
/// in the character map (Arabic's U+FE70 block) are not used: they would copy
/// out as compatibility characters instead of the letters typed.
pub fn glyph_texts(piece: &PieceRef, face: &Face) -> Vec<Option<String>> {
    let mut texts: Vec<Option<String>> = vec![None; piece.glyphs.len()];
    let mut starts: Vec<u32> = piece.glyphs.iter().map(|g| g.cluster).collect();
    starts.sort_unstable();
    starts.dedup();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(piece.text.len(), |e| *e as usize);
        let mut left: Vec<char> = piece
            .text
            .get(start as usize..end)
            .unwrap_or("")
            .chars()
            .collect();
        let members: Vec<usize> = (0..piece.glyphs.len())
            .filter(|i| piece.glyphs[*i].cluster == start)
            .collect();
        let mut unclaimed = Vec::new();
        for &i in &members {
            let id = piece.glyphs[i].id;
            if let Some(at) = left.iter().position(|c| face.glyph_id(*c) == Some(id)) {
                texts[i] = Some(left.remove(at).to_string());
            } else if let Some(own) = face.char_of(id).filter(|c| !presentation_form(*c)) {
                texts[i] = Some(own.to_string());
                left.clear(); // drawn precomposed: its characters are this one
            } else {
                unclaimed.push(i);
            }
        }
        let rest: String = left.into_iter().collect();
        match unclaimed.first() {
            Some(&i) => texts[i] = Some(rest),
            None if !rest.is_empty() => {
                // Characters that drew nothing of their own (a joiner): leave them
                // out rather than change what another glyph stands for.
            }
            None => {}
        }
    }
    texts
}

/// Arabic and Hebrew presentation forms and Latin ligatures (U+FB00–U+FDFF,
/// U+FE70–U+FEFF): encoded for old systems, never what a user types.
fn presentation_form(c: char) -> bool {
    matches!(c, '\u{FB00}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Inline;
    use crate::layout::fonts::FontRequest;
    use crate::layout::text::{Setting, break_lines};

    /// The texts of the glyphs of the first piece of `text`, in reading order.
    fn texts(text: &str) -> (Vec<String>, bool) {
        let fonts = crate::render::fonts(&FontRequest {
            family: "Liberation Sans".into(),
            fallbacks: vec!["DejaVu Sans".into()],
        })
        .expect("fonts");
        let run = [Inline {
            text: text.into(),
            ..Inline::default()
        }];
        let lines = break_lines(&run, &fonts, 10.0, 500.0, Setting::Ragged, &mut Vec::new());
        let piece = lines[0].pieces().next().expect("a piece");
        let mut out: Vec<String> = glyph_texts(&piece, fonts.face(piece.face))
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        if piece.rtl() {
            out.reverse();
        }
        (out, piece.rtl())
    }

    #[test]
    fn a_precomposed_glyph_copies_out_as_its_own_character() {
        // "e" + combining acute, drawn as the font's "é": the same glyph as a
        // typed "é", so it must read the same.
        let (out, _) = texts("cafe\u{301}");
        assert_eq!(out.concat(), "café");
    }

    #[test]
    fn arabic_joining_forms_and_marks_each_stand_for_one_letter() {
        let word = "بَيت";
        let (out, rtl) = texts(word);
        assert!(rtl);
        assert_eq!(out.concat(), word);
        // No glyph stands for more than one character: the map stays consistent
        // wherever the same joining form is drawn.
        assert!(out.iter().all(|t| t.chars().count() <= 1), "{out:?}");
    }
}
