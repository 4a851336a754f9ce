//! Paragraphs already broken, kept between renders (`crate::memo`). Breaking a
//! paragraph depends only on its styled text, size, measure and setting, and on
//! the font set, which owns this memo.

use super::{Line, Setting};
use crate::document::Inline;
use crate::memo::Generations;
use rustc_hash::FxHasher;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// What a paragraph was broken from.
struct Key {
    runs: Vec<Inline>,
    size: u32,
    width: u32,
    setting: Setting,
}

/// Its lines, and the characters no face could draw.
#[derive(Debug)]
pub struct Broken {
    pub lines: Vec<Line>,
    pub missing: Vec<char>,
}

#[derive(Default)]
pub struct Memo(Generations<Key, Arc<Broken>>);

fn hash(runs: &[Inline], size: f32, width: f32, setting: Setting) -> u64 {
    let mut h = FxHasher::default();
    runs.hash(&mut h);
    size.to_bits().hash(&mut h);
    width.to_bits().hash(&mut h);
    setting.hash(&mut h);
    h.finish()
}

impl Memo {
    /// A new render (see `crate::memo`).
    pub fn begin(&mut self) {
        self.0.begin();
    }

    /// The paragraph's lines, if it was broken in this render or the last.
    pub fn find(
        &mut self,
        runs: &[Inline],
        size: f32,
        width: f32,
        setting: Setting,
    ) -> Option<Arc<Broken>> {
        let (size_bits, width_bits) = (size.to_bits(), width.to_bits());
        self.0.find(hash(runs, size, width, setting), |k| {
            k.size == size_bits && k.width == width_bits && k.setting == setting && k.runs == runs
        })
    }

    /// Remembers a paragraph just broken.
    pub fn insert(
        &mut self,
        runs: &[Inline],
        size: f32,
        width: f32,
        setting: Setting,
        broken: Arc<Broken>,
    ) {
        let text: usize = runs.iter().map(|r| r.text.len()).sum();
        let bytes =
            text + size_of_val(runs) + broken.lines.iter().map(Line::heap_bytes).sum::<usize>();
        let key = Key {
            runs: runs.to_vec(),
            size: size.to_bits(),
            width: width.to_bits(),
            setting,
        };
        self.0
            .insert(hash(runs, size, width, setting), key, broken, bytes);
    }
}
