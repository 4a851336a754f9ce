//! Nothing the user typed is lost: a property test over generated agreements.
//!
//! Each case starts from the example and replaces the texts the templates print
//! with generated ones: random lengths from nothing to 100,000 characters, words
//! in Latin (with diacritics and combining marks), Greek, Cyrillic, Hebrew and
//! Arabic, numbers and punctuation, long unbroken tokens (addresses), and random
//! list sizes. Every case must render, every generated word must be in
//! `pdftotext`'s output, and every word must lie inside the printable area.
//!
//! The cases are fixed by seed, so a failure repeats; `MOU_TYPESETTING_SEED=N`
//! runs one more case from seed N.

mod common;

use common::{example, render, tool, words_outside_the_page_body};
use mou_core::model::Agreement;
use mou_core::validation::limits;
use std::collections::HashMap;

const TEMPLATES: [&str; 3] = [
    "health-and-care-partnership",
    "integrated-care-pooled-budget",
    "voluntary-sector-mou",
];

/// A small, seedable generator (xorshift): the same seed, the same agreement.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const LATIN: &[&str] = &[
    "partnership",
    "the",
    "of",
    "commissioning",
    "organisation",
    "responsibilities",
    "care",
    "and",
    "hospital",
    "discharge",
    "board",
    "agree",
    "reablement",
    "Hollinsmoor",
    "NHS",
    "ICB",
    "will",
    "pooled",
    "budget",
    "integrated",
    "neighbourhood",
    "teams",
];
const DIACRITICS: &[&str] = &[
    "Llŷr",
    "Ångström",
    "café",
    "naïve",
    "Zoë",
    "Łukasz",
    "O’Connell",
    "déjà",
    "façade",
    "cafe\u{301}",
    "Sío\u{308}n",
];
const GREEK: &[&str] = &["Συνεργασία", "υγεία", "φροντίδα"];
const CYRILLIC: &[&str] = &["Партнёрство", "здоровье", "забота"];
const HEBREW: &[&str] = &["שותפות", "בריאות", "עמותת"];
const ARABIC: &[&str] = &["مؤسسة", "الرعاية", "الصحية", "شراكة"];
const SYMBOLS: &[&str] = &[
    "£1,200.50",
    "(2026/27)",
    "—",
    "18%",
    "3.2",
    "“quoted”",
    "A&E",
    "24/7",
];

/// One word: mostly English, sometimes another script or a long token.
fn word(r: &mut Random, long_tokens: bool) -> String {
    match r.below(20) {
        0..=9 => r.pick(LATIN).to_string(),
        10 => r.pick(DIACRITICS).to_string(),
        11 => r.pick(GREEK).to_string(),
        12 => r.pick(CYRILLIC).to_string(),
        13 => r.pick(HEBREW).to_string(),
        14 => r.pick(ARABIC).to_string(),
        15 | 16 => r.pick(SYMBOLS).to_string(),
        17 if long_tokens => {
            // An address or code with no break opportunity, up to 300 letters.
            let n = 20 + r.below(280);
            (0..n)
                .map(|i| (b'a' + ((i * 7 + n) % 26) as u8) as char)
                .collect()
        }
        _ => r.pick(LATIN).to_string(),
    }
}

/// Text of about `chars` characters; prose may have paragraph breaks and long tokens.
fn text(r: &mut Random, chars: usize, prose: bool) -> String {
    let mut out = String::new();
    while out.chars().count() < chars {
        if !out.is_empty() {
            out.push(if prose && r.below(40) == 0 { '\n' } else { ' ' });
        }
        out.push_str(&word(r, prose));
    }
    // Cut to the length asked for, at a word's end.
    let cut: String = out.chars().take(chars).collect();
    match cut.rfind(' ') {
        Some(at) if cut.chars().count() < out.chars().count() => cut[..at].to_string(),
        _ => cut,
    }
}

/// A length: usually short, sometimes long, rarely up to 100,000 characters.
fn length(r: &mut Random, limit: usize) -> usize {
    let n = match r.below(10) {
        0 => 0,
        1..=5 => r.below(80),
        6..=8 => r.below(2_000),
        _ => r.below(100_000),
    };
    n.min(limit)
}

/// The example with its printed texts and lists replaced; the texts generated.
fn generate(seed: u64) -> (Agreement, Vec<String>) {
    let mut r = Random(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut a = example();
    let mut printed = Vec::new();
    let mut set = |r: &mut Random, field: &mut String, limit: usize, prose: bool| {
        let n = length(r, limit);
        *field = text(r, n, prose);
        printed.push(field.clone());
    };
    // Lists of random size (at least one partner: every template names one).
    a.partners.truncate(1 + r.below(a.partners.len()));
    a.objectives.truncate(r.below(a.objectives.len() + 1));
    a.risks.truncate(r.below(a.risks.len() + 1));
    a.glossary.truncate(r.below(a.glossary.len() + 1));
    set(&mut r, &mut a.details.title, limits::TITLE, false);
    if a.details.title.is_empty() {
        a.details.title = "Untitled".into();
    }
    set(&mut r, &mut a.vision.vision_statement, usize::MAX, true);
    set(&mut r, &mut a.vision.background, usize::MAX, true);
    for p in &mut a.partners {
        set(&mut r, &mut p.name, limits::NAME, false);
    }
    for o in &mut a.objectives {
        set(&mut r, &mut o.title, limits::HEADING, false);
        set(&mut r, &mut o.description, usize::MAX, false);
    }
    for risk in &mut a.risks {
        set(&mut r, &mut risk.description, usize::MAX, false);
    }
    for g in &mut a.glossary {
        set(&mut r, &mut g.term, limits::TERM, false);
        set(&mut r, &mut g.meaning, usize::MAX, true);
    }
    if let Some(c) = a.clauses.iter_mut().find(|c| c.enabled) {
        set(&mut r, &mut c.text, usize::MAX, true);
    }
    (a, printed)
}

/// A word without the punctuation around it. pdftotext puts right-to-left text
/// back in reading order itself (poppler's `reorderText`), and takes punctuation
/// that follows a right-to-left run on the line into the run ("עמותת “quoted”"
/// comes out as "“ עמותת quoted”"): the page is right, the copy moves the mark.
/// Words are compared without it; the punctuation itself is checked with
/// left-to-right text in tests/render.rs.
fn core(w: &str) -> &str {
    let trimmed = w.trim_matches(|c: char| !c.is_alphanumeric());
    if trimmed.is_empty() { w } else { trimmed }
}

/// Tokens this long may be wider than a column, and broken over lines.
const LONG_TOKEN: usize = 20;

/// pdftotext's words with how often each occurs, without the marks it puts
/// around right-to-left runs, and its text with no white space at all.
fn extracted(pdf: &[u8]) -> (HashMap<String, usize>, String) {
    let text: String = tool("pdftotext", &[], pdf)
        .chars()
        .map(|c| match c {
            '\u{202a}'..='\u{202e}' => ' ',
            c => c,
        })
        .collect();
    let mut words: HashMap<String, usize> = HashMap::new();
    for w in text.split_whitespace() {
        *words.entry(core(w).to_string()).or_default() += 1;
    }
    // For words broken over lines (and pages), the body's text without the
    // running footers between pages and with no white space at all.
    let body_height = (841.89_f32 - 25.0 * 72.0 / 25.4).floor().to_string();
    let body = tool(
        "pdftotext",
        &["-x", "0", "-y", "0", "-W", "596", "-H", &body_height],
        pdf,
    );
    let joined: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    (words, joined)
}

fn check(seed: u64) {
    let (agreement, printed) = generate(seed);
    let template = TEMPLATES[(seed % 3) as usize];
    let total: usize = printed.iter().map(|t| t.chars().count()).sum();
    let r = render(&agreement, template, false)
        .unwrap_or_else(|e| panic!("seed {seed} ({template}, {total} characters): {e}"));
    eprintln!(
        "seed {seed}: {template}, {} texts, {total} characters, {} pages",
        printed.len(),
        r.pages
    );
    // Kept where a failure can be looked at.
    let kept = std::env::temp_dir().join(format!("mou-typesetting-{seed}.pdf"));
    std::fs::write(&kept, &r.pdf).expect("writes the PDF");
    let (words, joined) = extracted(&r.pdf);
    // Every word as many times as it was typed (the document prints more: headings,
    // the example's other texts, the footer; never fewer).
    let mut typed: HashMap<String, usize> = HashMap::new();
    for text in &printed {
        for w in text.split_whitespace() {
            // A precomposed letter copies out as the font's character ("é" for e + ◌́).
            let composed = w.replace("e\u{301}", "é").replace("o\u{308}", "ö");
            *typed.entry(core(&composed).to_string()).or_default() += 1;
        }
    }
    // The text as the tagged structure holds it, drawn glyph for glyph: read
    // when pdftotext's reading order falls short, as when it joins a word
    // ending in a hyphen in one table cell to the first word of the next
    // cell's line ("trust-" + "υγεία").
    let structure = std::cell::OnceCell::new();
    let structure_words = || {
        structure.get_or_init(|| {
            let mut counts: HashMap<String, usize> = HashMap::new();
            let tree = tool("pdfinfo", &["-struct-text"], &r.pdf);
            for w in common::structure_text::joined(&tree).split_whitespace() {
                *counts.entry(core(w).to_string()).or_default() += 1;
            }
            counts
        })
    };
    for (w, times) in &typed {
        // A word wider than its column is broken between letters, over lines.
        let found = if w.chars().count() >= LONG_TOKEN {
            joined.matches(w.as_str()).count()
        } else {
            words.get(w).copied().unwrap_or(0)
        };
        let found = if found < *times && w.chars().count() < LONG_TOKEN {
            found.max(structure_words().get(w).copied().unwrap_or(0))
        } else {
            found
        };
        assert!(
            found >= *times,
            "seed {seed} ({template}): {w:?} typed {times} times, in the PDF's text {found} ({})",
            kept.display()
        );
    }
    let (outside, checked) = words_outside_the_page_body(&r.pdf);
    assert!(checked > 0);
    assert!(
        outside.is_empty(),
        "seed {seed} ({template}): outside the printable area: {:?}",
        &outside[..outside.len().min(5)]
    );
    common::assert_sound_pdf(&r.pdf);
}

#[test]
fn generated_agreements_lose_no_word_and_stay_inside_the_page() {
    let extra = std::env::var("MOU_TYPESETTING_SEED")
        .ok()
        .and_then(|s| s.parse().ok());
    for seed in (1..=12).chain(extra) {
        check(seed);
    }
}
