//! Results kept between renders in one process, so that rendering again after a
//! small edit redoes only what changed (as Typst's compiler keeps its layout
//! between compiles). Used for broken paragraphs (`layout::text::memo`),
//! compressed streams (`pdf::content`) and the file printpdf lays out, with its
//! subset fonts (`pdf::skeleton`). What comes out of a memo is exactly
//! what would have been made: the PDF is the same bytes either way (tested).
//!
//! Entries live two generations: those the last render used and those this one
//! uses; a render starts a generation (`begin`). Each generation holds at most
//! the budget's bytes; a program that renders once (the CLI) sets it to nothing,
//! so the memos cost it no memory.

use rustc_hash::FxHashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The default room for one generation of each memo: a few hundred pages.
pub const DEFAULT_BUDGET_BYTES: usize = 32 << 20;

/// Room for each generation of each memo, in bytes; for the whole process.
static BUDGET: AtomicUsize = AtomicUsize::new(DEFAULT_BUDGET_BYTES);

/// How many times any memo has found what it was asked for.
static FOUND: AtomicUsize = AtomicUsize::new(0);

/// How many times, so far in this process, a memo had what was asked for.
pub fn found() -> usize {
    FOUND.load(Ordering::Relaxed)
}

/// Sets how many bytes each generation of each memo may keep (0: none).
pub fn set_budget(bytes: usize) {
    BUDGET.store(bytes, Ordering::Relaxed);
}

/// Keys by their hash (a bucket for the rare collision), with their values.
type Generation<K, V> = FxHashMap<u64, Vec<(K, V, usize)>>;

/// A memo of `V` by `K`, found by `K`'s 64-bit hash and then compared in full.
pub struct Generations<K, V> {
    current: Generation<K, V>,
    previous: Generation<K, V>,
    /// Bytes in `current`.
    used: usize,
}

impl<K, V> Default for Generations<K, V> {
    fn default() -> Self {
        Generations {
            current: FxHashMap::default(),
            previous: FxHashMap::default(),
            used: 0,
        }
    }
}

impl<K, V: Clone> Generations<K, V> {
    /// A new render: what the one before used is kept one more generation.
    pub fn begin(&mut self) {
        self.previous = std::mem::take(&mut self.current);
        self.used = 0;
    }

    /// The value whose key hashes to `hash` and is `same`, made in this render or
    /// the last (and then kept for the next).
    pub fn find(&mut self, hash: u64, same: impl Fn(&K) -> bool) -> Option<V> {
        if let Some((_, value, _)) = self
            .current
            .get(&hash)
            .and_then(|bucket| bucket.iter().find(|(k, _, _)| same(k)))
        {
            FOUND.fetch_add(1, Ordering::Relaxed);
            return Some(value.clone());
        }
        let bucket = self.previous.get_mut(&hash)?;
        let at = bucket.iter().position(|(k, _, _)| same(k))?;
        let (key, value, bytes) = bucket.swap_remove(at);
        self.insert(hash, key, value.clone(), bytes);
        FOUND.fetch_add(1, Ordering::Relaxed);
        Some(value)
    }

    /// Keeps `value`, which holds about `bytes` of memory, if this generation
    /// has room for it.
    pub fn insert(&mut self, hash: u64, key: K, value: V, bytes: usize) {
        if self.used + bytes > BUDGET.load(Ordering::Relaxed) {
            return;
        }
        self.used += bytes;
        self.current
            .entry(hash)
            .or_default()
            .push((key, value, bytes));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_for_one_render_after_the_one_that_used_it() {
        let mut memo: Generations<&str, u32> = Generations::default();
        memo.insert(1, "a", 10, 1);
        memo.insert(2, "b", 20, 1);
        assert_eq!(memo.find(1, |k| *k == "a"), Some(10));
        memo.begin();
        // "a" is used again in the next render; "b" is not.
        assert_eq!(memo.find(1, |k| *k == "a"), Some(10));
        memo.begin();
        assert_eq!(memo.find(1, |k| *k == "a"), Some(10));
        assert_eq!(memo.find(2, |k| *k == "b"), None);
    }

    #[test]
    fn a_hash_collision_is_told_apart_by_the_key() {
        let mut memo: Generations<&str, u32> = Generations::default();
        memo.insert(7, "a", 1, 1);
        memo.insert(7, "b", 2, 1);
        assert_eq!(memo.find(7, |k| *k == "b"), Some(2));
        assert_eq!(memo.find(7, |k| *k == "c"), None);
    }

    #[test]
    fn a_full_generation_keeps_nothing_more() {
        let mut memo: Generations<&str, u32> = Generations::default();
        memo.insert(1, "huge", 1, DEFAULT_BUDGET_BYTES + 1);
        assert_eq!(memo.find(1, |k| *k == "huge"), None);
    }
}
