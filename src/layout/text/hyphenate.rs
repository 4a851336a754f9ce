//! Where a word may be hyphenated: British English patterns (TeX's hyph-en-gb,
//! as compiled by the `hyphenation` crate). American patterns break British
//! spellings in the wrong places ("organ-isa-tion"); these do not.

use hyphenation::{Hyphenator, Language, Load, Standard};
use rustc_hash::FxHashMap;
use std::sync::{Mutex, OnceLock};

/// The compiled en-GB dictionary, 48 KB, copied from the `hyphenation` crate's
/// `dictionaries/` (built from TeX's hyph-en-gb patterns).
const EN_GB: &[u8] = include_bytes!("../../../assets/hyphenation/en-gb.standard.bincode");

/// Shorter words are never hyphenated: the saving is small and the break ugly.
const MIN_WORD_CHARS: usize = 6;

fn dictionary() -> Option<&'static Standard> {
    static DICTIONARY: OnceLock<Option<Standard>> = OnceLock::new();
    DICTIONARY
        .get_or_init(|| Standard::from_reader(Language::EnglishGB, &mut &EN_GB[..]).ok())
        .as_ref()
}

/// Byte offsets inside `word` where it may be broken with a hyphen. Punctuation
/// around the word ("organisation," or “partnership”) is set aside first. Words
/// that are not plain lower-case Latin letters get none: proper names and
/// acronyms (a capital first letter), numbers, codes and addresses stay whole.
pub fn opportunities(word: &str) -> Vec<usize> {
    let punctuation = |c: char| !c.is_alphanumeric();
    let core = word.trim_matches(punctuation);
    let Some(first) = core.chars().next() else {
        return Vec::new();
    };
    let plain = first.is_lowercase()
        && core
            .chars()
            .all(|c| c.is_alphabetic() && c.is_lowercase() && (c as u32) < LATIN_END);
    if !plain || core.chars().count() < MIN_WORD_CHARS {
        return Vec::new();
    }
    let offset = word.len() - word.trim_start_matches(punctuation).len();
    breaks(core).into_iter().map(|b| b + offset).collect()
}

/// Entries kept before the cache of hyphenated words starts again.
const CACHE_ENTRIES: usize = 50_000;

/// The dictionary's breaks for a plain word, remembered: scoring a word against
/// the patterns costs more than shaping it, and agreements repeat their words.
fn breaks(word: &str) -> Vec<usize> {
    static CACHE: OnceLock<Mutex<FxHashMap<Box<str>, Vec<usize>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(FxHashMap::default()));
    if let Some(found) = cache.lock().ok().and_then(|c| c.get(word).cloned()) {
        return found;
    }
    let found = dictionary().map_or_else(Vec::new, |d| d.hyphenate(word).breaks);
    if let Ok(mut c) = cache.lock() {
        if c.len() >= CACHE_ENTRIES {
            c.clear();
        }
        c.insert(word.into(), found.clone());
    }
    found
}

/// The patterns are for Latin letters (Basic Latin to Latin Extended-B).
const LATIN_END: u32 = 0x0250;

#[cfg(test)]
mod tests {
    use super::opportunities;

    fn hyphenated(word: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for at in opportunities(word) {
            out.push_str(&word[last..at]);
            out.push('-');
            last = at;
        }
        out.push_str(&word[last..]);
        out
    }

    #[test]
    fn british_spellings_break_where_british_dictionaries_break_them() {
        // hyph-en-gb's own breaks for words agreements use.
        assert_eq!(hyphenated("organisation"), "or-gan-isa-tion");
        assert_eq!(hyphenated("partnership"), "part-ner-ship");
        // British dictionaries break by word parts: "spons-ible", not American "spon-si-ble".
        assert_eq!(hyphenated("responsibilities"), "re-spons-ib-il-it-ies");
        assert_eq!(hyphenated("commissioning"), "com-mis-sion-ing");
        // Punctuation around a word is not part of it.
        assert_eq!(hyphenated("“partnership”,"), "“part-ner-ship”,");
    }

    #[test]
    fn names_numbers_and_short_words_are_left_whole() {
        assert!(opportunities("Birmingham").is_empty());
        assert!(opportunities("NHS").is_empty());
        assert!(opportunities("ICB-2026").is_empty());
        assert!(opportunities("agree").is_empty());
        assert!(opportunities("").is_empty());
        assert!(opportunities("مؤسسة").is_empty());
    }
}
