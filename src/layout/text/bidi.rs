//! Right-to-left text inside an English document: the Unicode bidirectional
//! algorithm (unicode-bidi) gives each character an embedding level; lines are
//! broken in logical order and then drawn in visual order.
//!
//! Paragraphs are left to right (the document is English); an Arabic or Hebrew
//! name inside one reads right to left, numbers inside it left to right.

use unicode_bidi::{BidiClass, BidiInfo, Level, bidi_class};

/// Whether any character of `text` is right to left; most text has none and
/// skips the algorithm.
pub fn has_rtl(text: &str) -> bool {
    text.chars().any(|c| {
        c >= '\u{0590}'
            && matches!(
                bidi_class(c),
                BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
            )
    })
}

/// The embedding level of each byte of `text`, in a left-to-right paragraph.
pub fn levels(text: &str) -> Vec<u8> {
    let info = BidiInfo::new(text, Some(Level::ltr()));
    info.levels.iter().map(|l| l.number()).collect()
}

/// The visual order of items at `levels` on one line (rule L2): each run at an
/// odd level, and runs nested in it, read backwards.
pub fn visual_order(levels: &[u8]) -> Vec<usize> {
    let levels: Vec<Level> = levels
        .iter()
        .map(|l| Level::new(*l).unwrap_or_else(|_| Level::ltr()))
        .collect();
    BidiInfo::reorder_visual(&levels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_words_in_english_are_reversed_as_a_group() {
        let text = "Partner مؤسسة الرعاية signs";
        assert!(has_rtl(text));
        let levels = levels(text);
        let at = |s: &str| levels[text.find(s).unwrap()];
        assert_eq!(at("Partner"), 0);
        assert_eq!(at("مؤسسة"), 1);
        assert_eq!(at("الرعاية"), 1);
        assert_eq!(at("signs"), 0);
        // Words and the space between them: "Partner", " ", "مؤسسة", " ", "الرعاية", " ", "signs".
        assert_eq!(
            visual_order(&[0, 0, 1, 1, 1, 0, 0]),
            vec![0, 1, 4, 3, 2, 5, 6]
        );
    }

    #[test]
    fn latin_text_has_no_right_to_left() {
        assert!(!has_rtl(
            "Integrated Care Board – £1,200 (2026/27) café naïve"
        ));
        assert!(has_rtl("שלום"));
    }
}
