//! The tagger's per-thread cache of word-level scores.
//!
//! About three quarters of a token's static features depend only on one word: its own word,
//! shape, affixes and flags ([`own_features`]), and what it contributes as a neighbour at each
//! window position ([`neighbour_features`]). Their summed weight rows are the same every time
//! the word comes back, so the tagger sums them once per distinct word (per thread, per model)
//! and adds the cached sums, instead of looking up some 30 rows per token in tables of several
//! megabytes. Integer sums are exact, so the labels are identical to summing every row.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use super::features::{PAD, TokInfo, affixes, cluster_id, mix, neighbour_features, own_features};
use super::table::U64Map;
use super::tokenize::Token;
use super::{NL, add_row};

/// Identifies one set of weights for the cache. Cloning gives a new id, because a cloned
/// model is usually changed afterwards (training builds models by cloning and replacing the
/// weights).
#[derive(Debug)]
pub(crate) struct ModelId(u64);

impl ModelId {
    pub(crate) fn new() -> ModelId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        ModelId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

impl Clone for ModelId {
    fn clone(&self) -> ModelId {
        ModelId::new()
    }
}

/// Entries kept per thread before the cache is emptied (at the start of a document); at about
/// 400 bytes an entry, 26 MB.
const MAX_ENTRIES: usize = 1 << 16;

/// Window positions other than the token itself (indexes into `features::WINDOW`).
pub(crate) const NEIGHBOURS: [usize; 4] = [0, 1, 3, 4];

/// What identifies a word for its word-level features.
#[derive(Clone, Copy, PartialEq, Eq)]
struct WordKey {
    lower: u64,
    shape: u64,
    short: u64,
    flags: u16,
}

impl WordKey {
    fn of(t: &TokInfo) -> WordKey {
        WordKey {
            lower: t.lower,
            shape: t.shape,
            short: t.short,
            flags: t.flags,
        }
    }

    fn hash(&self) -> u64 {
        mix(self.lower
            ^ self.shape.rotate_left(21)
            ^ self.short.rotate_left(42)
            ^ (self.flags as u64).rotate_left(7))
    }
}

/// The summed rows of one word's word-level features in one pass.
#[derive(Clone, Copy)]
pub(crate) struct WordScores {
    /// As the token itself.
    pub own: [i32; NL],
    /// As a neighbour at each of [`NEIGHBOURS`].
    pub nb: [[i32; NL]; 4],
}

struct Entry {
    key: WordKey,
    passes: [WordScores; 2],
}

/// One thread's cache for one model.
pub(crate) struct WordCache {
    model: u64,
    index: U64Map<u32>,
    entries: Vec<Entry>,
    /// What padding past either end of the document contributes at each of [`NEIGHBOURS`].
    pad: [[[i32; NL]; 4]; 2],
    scratch: Vec<u64>,
}

thread_local! {
    static CACHE: RefCell<WordCache> = RefCell::new(WordCache {
        model: 0,
        index: U64Map::default(),
        entries: Vec::new(),
        pad: [[[0; NL]; 4]; 2],
        scratch: Vec::new(),
    });
}

/// The weight tables of the passes and the model's word clusters (empty when it has none).
pub(crate) struct Tables<'a> {
    pub id: &'a ModelId,
    pub passes: [Option<&'a U64Map<[i16; NL]>>; 2],
    pub clusters: &'a U64Map<u32>,
}

impl Tables<'_> {
    fn has_clusters(&self) -> bool {
        !self.clusters.is_empty()
    }
}

fn sum(w: Option<&U64Map<[i16; NL]>>, keys: &[u64]) -> [i32; NL] {
    let mut acc = [0i32; NL];
    if let Some(w) = w {
        for &k in keys {
            add_row(w, k, &mut acc);
        }
    }
    acc
}

impl WordCache {
    /// Runs `f` with this thread's cache, made ready for `tables` and a document of `n`
    /// tokens.
    pub(crate) fn with<R>(tables: &Tables, n: usize, f: impl FnOnce(&mut WordCache) -> R) -> R {
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if c.model != tables.id.0 || c.entries.len() + n > MAX_ENTRIES {
                c.reset(tables);
            }
            f(&mut c)
        })
    }

    fn reset(&mut self, tables: &Tables) {
        let fresh = self.model != tables.id.0;
        self.model = tables.id.0;
        self.index = U64Map::default();
        self.entries.clear();
        if fresh {
            let pad_cluster = tables.has_clusters().then_some(PAD);
            for (p, w) in tables.passes.iter().enumerate() {
                for (k, &o) in NEIGHBOURS.iter().enumerate() {
                    self.scratch.clear();
                    neighbour_features(o, None, pad_cluster, &mut self.scratch);
                    self.pad[p][k] = sum(*w, &self.scratch);
                }
            }
        }
    }

    /// The entries of the tokens marked in `needed` (`u32::MAX` for the others), looked up
    /// with the index slots of later tokens prefetched: the lookups are random accesses into
    /// a table of megabytes, and independent of each other. `text` and `tokens` give the
    /// words of the entries not cached yet.
    pub(crate) fn entries(
        &mut self,
        tables: &Tables,
        text: &str,
        tokens: &[Token],
        info: &[TokInfo],
        needed: &[bool],
    ) -> Vec<u32> {
        const AHEAD: usize = 8;
        // 0 for the tokens not needed: nothing to look up.
        let hashes: Vec<u64> = info
            .iter()
            .zip(needed)
            .map(|(t, &n)| if n { WordKey::of(t).hash() } else { 0 })
            .collect();
        let prefetch = |index: &U64Map<u32>, h: u64| {
            if h != 0 {
                index.prefetch(h);
            }
        };
        for &h in hashes.iter().take(AHEAD) {
            prefetch(&self.index, h);
        }
        let mut ids = Vec::with_capacity(info.len());
        for (i, t) in info.iter().enumerate() {
            if let Some(&h) = hashes.get(i + AHEAD) {
                prefetch(&self.index, h);
            }
            ids.push(if needed[i] {
                let word = &text[tokens[i].start..tokens[i].end];
                self.entry_hashed(tables, word, t, hashes[i])
            } else {
                u32::MAX
            });
        }
        ids
    }

    /// The entry of a token (its text `word` and its info) whose key hashes to `h`, computed
    /// if it is not cached yet (a word's cluster, like its affixes, is looked up only then).
    fn entry_hashed(&mut self, tables: &Tables, word: &str, t: &TokInfo, h: u64) -> u32 {
        let key = WordKey::of(t);
        if let Some(&e) = self.index.get(h)
            && self.entries[e as usize].key == key
        {
            return e;
        }
        let affixes = affixes(word);
        let cluster = cluster_id(tables.clusters, t);
        let mut passes = [WordScores {
            own: [0; NL],
            nb: [[0; NL]; 4],
        }; 2];
        for (p, w) in tables.passes.iter().enumerate() {
            if w.is_none() {
                continue;
            }
            self.scratch.clear();
            own_features(t, &affixes, cluster, &mut self.scratch);
            passes[p].own = sum(*w, &self.scratch);
            for (k, &o) in NEIGHBOURS.iter().enumerate() {
                self.scratch.clear();
                neighbour_features(o, Some(t), cluster, &mut self.scratch);
                passes[p].nb[k] = sum(*w, &self.scratch);
            }
        }
        let e = self.entries.len() as u32;
        self.entries.push(Entry { key, passes });
        // A hash shared by two different words keeps the first word indexed; the second gets
        // an entry of its own that is not found again (correct, just not cached).
        if self.index.get(h).is_none() {
            self.index.insert(h, e);
        }
        e
    }

    /// Adds the word-level scores of pass `p` to each token's scores: its own entry's and its
    /// neighbours' (or the padding's).
    /// Tokens marked false in `active` (when not empty) are left alone.
    pub(crate) fn add_word_scores(
        &self,
        p: usize,
        ids: &[u32],
        active: &[bool],
        scores: &mut [[i32; NL]],
    ) {
        let n = ids.len();
        for (i, acc) in scores.iter_mut().enumerate() {
            if active.get(i) == Some(&false) {
                continue;
            }
            let own = &self.entries[ids[i] as usize].passes[p];
            let mut parts: [&[i32; NL]; 5] = [&own.own; 5];
            for (k, off) in [-2isize, -1, 1, 2].into_iter().enumerate() {
                let j = i as isize + off;
                parts[k + 1] = if j >= 0 && (j as usize) < n {
                    &self.entries[ids[j as usize] as usize].passes[p].nb[k]
                } else {
                    &self.pad[p][k]
                };
            }
            for part in parts {
                for (a, x) in acc.iter_mut().zip(part) {
                    *a += x;
                }
            }
        }
    }
}
