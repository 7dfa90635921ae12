//! Feature extraction: turns a tokenized document into hashed feature keys (u64), with no
//! per-token allocation. Static features (word, shape, affixes, window, gazetteer, document
//! statistics) are computed once per document; dynamic ones (previous labels, what the same
//! word was tagged earlier in the document) at each decoding step.

use std::collections::HashMap;

use super::gazetteer::Gazetteer;
use super::table::U64Map;
use super::tokenize::Token;
use super::{BILOU, IdentityBuild, NL, NTYPES, PER_TYPE};

/// Murmur3's 64-bit finaliser: a cheap, well-mixing hash of one u64.
#[inline]
pub(crate) fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// An incremental hash over chars.
#[derive(Clone, Copy)]
pub(crate) struct H(pub u64);

impl H {
    pub(crate) const fn new() -> H {
        H(0xcbf2_9ce4_8422_2325)
    }
    #[inline]
    pub(crate) fn push(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    #[inline]
    pub(crate) fn done(self) -> u64 {
        mix(self.0)
    }
}

/// Lowercases a char cheaply (ASCII fast path); digits become '0'.
#[inline]
fn norm_char(c: char) -> char {
    if c.is_ascii() {
        if c.is_ascii_digit() {
            '0'
        } else {
            c.to_ascii_lowercase()
        }
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// Hash of a token's normalised (lowercase, digits as 0) form; used for gazetteer keys too.
pub(crate) fn lower_hash(s: &str) -> u64 {
    let mut h = H::new();
    for c in s.chars() {
        h.push(norm_char(c) as u64);
    }
    h.done()
}

/// Combines the hashes of consecutive tokens into the key of a token sequence.
#[inline]
pub(crate) fn seq_push(acc: u64, tok: u64) -> u64 {
    mix(acc.rotate_left(17) ^ tok.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

pub(crate) const F_INIT_CAP: u16 = 1;
pub(crate) const F_ALL_CAPS: u16 = 2;
pub(crate) const F_HAS_DIGIT: u16 = 4;
pub(crate) const F_ALL_DIGIT: u16 = 8;
pub(crate) const F_HAS_LOWER: u16 = 16;
pub(crate) const F_PUNCT: u16 = 32;
pub(crate) const F_HYPHEN: u16 = 64;
pub(crate) const F_SENT_START: u16 = 128;
pub(crate) const F_CAPS_LINE: u16 = 256;
pub(crate) const F_PERIOD: u16 = 512;
/// Lowercase start but a capitalised part after a hyphen: "al-Assad", "anti-ISIS".
pub(crate) const F_PART_CAP: u16 = 1024;

/// What the feature extractor needs to know about one token.
#[derive(Clone, Copy, Default)]
pub(crate) struct TokInfo {
    pub lower: u64,
    pub shape: u64,
    pub short: u64,
    pub flags: u16,
    pub len: u8,
}

impl TokInfo {
    /// Whether the token starts with a capital letter (or is all capitals).
    pub(crate) fn capitalised(&self) -> bool {
        self.flags & (F_INIT_CAP | F_ALL_CAPS | F_PART_CAP) != 0
    }
}

/// Computes a token's info from its text.
pub(crate) fn tok_info(s: &str, tok: &Token) -> TokInfo {
    let mut lower = H::new();
    let mut shape = H::new();
    let mut short = H::new();
    let mut last_class = 0u64;
    let mut flags = 0u16;
    let (mut n_upper, mut n_lower, mut n_digit, mut n_alpha) = (0, 0, 0, 0);
    let mut shape_len = 0;
    let mut after_hyphen = false;
    let mut n_chars = 0usize;
    for (k, c) in s.chars().enumerate() {
        n_chars = k + 1;
        if after_hyphen && c.is_uppercase() && flags & F_INIT_CAP == 0 {
            flags |= F_PART_CAP;
        }
        after_hyphen = c == '-';
        lower.push(norm_char(c) as u64);
        let class = if c.is_uppercase() {
            n_upper += 1;
            n_alpha += 1;
            if k == 0 {
                flags |= F_INIT_CAP;
            }
            'X' as u64
        } else if c.is_alphabetic() {
            n_lower += 1;
            n_alpha += 1;
            'x' as u64
        } else if c.is_numeric() {
            n_digit += 1;
            'd' as u64
        } else {
            if c == '-' {
                flags |= F_HYPHEN;
            }
            if c == '.' {
                flags |= F_PERIOD;
            }
            c as u64
        };
        if shape_len < 6 {
            shape.push(class);
            shape_len += 1;
        }
        if class != last_class {
            short.push(class);
            last_class = class;
        }
    }
    if n_upper > 0 && n_lower == 0 {
        flags |= F_ALL_CAPS;
    }
    if n_digit > 0 {
        flags |= F_HAS_DIGIT;
        if n_alpha == 0 {
            flags |= F_ALL_DIGIT;
        }
    }
    if n_lower > 0 {
        flags |= F_HAS_LOWER;
    }
    if n_alpha == 0 && n_digit == 0 {
        flags |= F_PUNCT;
    }
    if tok.sent_start {
        flags |= F_SENT_START;
    }
    if tok.caps_line {
        flags |= F_CAPS_LINE;
    }
    TokInfo {
        lower: lower.done(),
        shape: shape.done(),
        short: short.done(),
        flags,
        len: n_chars.min(255) as u8,
    }
}

/// A token's word-cluster id for the features: `None` when the model has no clusters, else
/// `Some(0)` for a word in no cluster or `Some(1 + cluster)`.
pub(crate) fn cluster_id(clusters: &U64Map<u32>, t: &TokInfo) -> Option<u64> {
    (!clusters.is_empty()).then(|| clusters.get(t.lower >> 32).map_or(0, |&c| c as u64 + 1))
}

/// Hashes of a token's first and last one to four characters and of its hyphen-separated
/// parts: features of the word alone, so the tagger computes them only when it sums a word's
/// features for the first time (see `cache`), not for every token.
#[derive(Clone, Copy, Default)]
pub(crate) struct Affixes {
    pub pre: [u64; 4],
    pub suf: [u64; 4],
    pub hyph: [u64; 3],
}

/// The affixes of a token's text (lowercased as in [`tok_info`]).
pub(crate) fn affixes(s: &str) -> Affixes {
    let buf: Vec<char> = s.chars().map(norm_char).collect();
    let mut info = Affixes::default();
    let n = buf.len();
    // Only words with a letter, counted as `tok_info` counts them (upper case, or alphabetic).
    if s.chars().any(|c| c.is_uppercase() || c.is_alphabetic()) {
        for k in 1..=4.min(n) {
            let mut p = H::new();
            for &c in &buf[..k] {
                p.push(c as u64);
            }
            info.pre[k - 1] = p.done();
            let mut q = H::new();
            for &c in &buf[n - k..] {
                q.push(c as u64);
            }
            info.suf[k - 1] = q.done();
        }
    }
    if buf.contains(&'-') {
        let mut part = 0;
        let mut h = H::new();
        for &c in buf.iter() {
            if c == '-' {
                if part < 3 {
                    info.hyph[part] = h.done();
                }
                part += 1;
                h = H::new();
            } else {
                h.push(c as u64);
            }
        }
        if part < 3 {
            info.hyph[part] = h.done();
        }
    }
    info
}

// Feature templates. Each key is mix(template, value).
const T_BIAS: u64 = 1;
const T_W: u64 = 2; // + offset 0..5
const T_SHAPE: u64 = 10; // + offset
const T_SHORT: u64 = 20;
const T_PRE: u64 = 30; // + k
const T_SUF: u64 = 35; // + k
const T_BI_W: u64 = 40; // + 0 (-1,0), 1 (0,+1)
const T_BI_SHAPE: u64 = 42;
const T_FLAGS: u64 = 45;
const T_HYPH: u64 = 50; // + part
const T_HYPH_LAST: u64 = 53;
const T_LEN: u64 = 55;
const T_GAZ: u64 = 60; // + window offset
const T_DOC: u64 = 70;
const T_SENT_SHAPE: u64 = 75;
const T_CAPS_SHAPE: u64 = 76;
const T_W_NEXT_SHAPE: u64 = 77;
const T_PREV_W_SHAPE: u64 = 78;
const T_CLUSTER: u64 = 80; // + offset
const T_CLUSTER2: u64 = 85; // + offset
const T_PL: u64 = 90;
const T_PL2: u64 = 91;
const T_PL_W: u64 = 92;
const T_PL_SHAPE: u64 = 93;
const T_MEM: u64 = 94;
const T_MEM_SHAPE: u64 = 95;
const T_PL_NEXT: u64 = 96;
const T_P2: u64 = 100;

#[inline]
fn key(t: u64, v: u64) -> u64 {
    mix(t.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ v)
}

#[inline]
fn pair(a: u64, b: u64) -> u64 {
    mix(a.rotate_left(23) ^ b)
}

/// Gazetteer matches per token: bits `type * 3 + {0: begin, 1: inside, 2: whole single token}`.
pub(crate) fn gazetteer_masks(gaz: &Gazetteer, info: &[TokInfo], masks: &mut Vec<u16>) {
    masks.clear();
    masks.resize(info.len(), 0);
    if gaz.is_empty() {
        return;
    }
    for i in 0..info.len() {
        if !info[i].capitalised() {
            continue;
        }
        let mut acc = 0u64;
        for len in 1..=gaz.max_len().min(info.len() - i) {
            let j = i + len - 1;
            // Sentence punctuation never sits inside a name.
            if len > 1 && info[j].flags & F_SENT_START != 0 {
                break;
            }
            acc = seq_push(acc, info[j].lower);
            // Names end on a capitalised word or a number.
            if !(info[j].capitalised() || info[j].flags & F_HAS_DIGIT != 0) {
                continue;
            }
            let Some(types) = gaz.get(acc) else { continue };
            for t in 0..NTYPES {
                if types & (1 << t) == 0 {
                    continue;
                }
                if len == 1 {
                    masks[i] |= 1 << (t * 3 + 2);
                } else {
                    masks[i] |= 1 << (t * 3);
                    for m in &mut masks[i + 1..=j] {
                        *m |= 1 << (t * 3 + 1);
                    }
                }
            }
        }
    }
}

/// Per-document counts of how each word is written mid-sentence outside headlines: (times
/// capitalised, times in lowercase), by lowercase word hash.
pub(crate) fn doc_stats(info: &[TokInfo]) -> HashMap<u64, (u16, u16), IdentityBuild> {
    // A news article has about one distinct word per two tokens (0.56 over 2,000 bench
    // articles, punctuation counted as tokens).
    let mut m: HashMap<u64, (u16, u16), IdentityBuild> =
        HashMap::with_capacity_and_hasher(info.len() / 2, Default::default());
    for t in info {
        if t.flags & (F_SENT_START | F_CAPS_LINE | F_PUNCT | F_ALL_DIGIT) != 0 {
            continue;
        }
        let (cap_mid, lower_mid) = m.entry(t.lower).or_default();
        if t.capitalised() {
            *cap_mid = cap_mid.saturating_add(1);
        } else if t.flags & F_HAS_LOWER != 0 {
            *lower_mid = lower_mid.saturating_add(1);
        }
    }
    m
}

/// Everything the static features of one document need.
pub(crate) struct DocCtx<'a> {
    /// The document's text and tokens (the words' affixes are computed from them).
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub info: &'a [TokInfo],
    pub gaz: &'a [u16],
    pub clusters: &'a [u64],
    pub stats: &'a HashMap<u64, (u16, u16), IdentityBuild>,
}

impl DocCtx<'_> {
    /// The text of token `i`.
    pub(crate) fn word(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.text[t.start..t.end]
    }

    /// Whether the model has word clusters (then every token has a cluster id, 0 for none).
    pub(crate) fn has_clusters(&self) -> bool {
        !self.clusters.is_empty()
    }
}

/// The word, shape and cluster of a position past either end of the document.
pub(crate) const PAD: u64 = 0x5a5a_5a5a;

/// Offsets of the context window, in the order of their template numbers.
pub(crate) const WINDOW: [isize; 5] = [-2, -1, 0, 1, 2];

/// Appends the static features of token `i` to `out`: those of the token's own word, of its
/// neighbours' words, and of its context (see [`own_features`], [`neighbour_features`] and
/// [`context_features`]).
pub(crate) fn static_features(ctx: &DocCtx, i: usize, out: &mut Vec<u64>) {
    let n = ctx.info.len();
    let cluster = |j: usize| ctx.clusters.get(j).copied();
    own_features(&ctx.info[i], &affixes(ctx.word(i)), cluster(i), out);
    for (o, off) in WINDOW.into_iter().enumerate() {
        if off == 0 {
            continue;
        }
        let j = i as isize + off;
        match (j >= 0 && (j as usize) < n).then_some(j as usize) {
            Some(j) => neighbour_features(o, Some(&ctx.info[j]), cluster(j), out),
            None => neighbour_features(o, None, ctx.has_clusters().then_some(PAD), out),
        }
    }
    context_features(ctx, i, out);
}

/// The features of a token that depend only on the token itself (its text, casing and
/// position flags) and its word cluster (`None` when the model has no clusters): the same
/// word in the same position class always gives the same keys, which lets the tagger cache
/// their summed weights per word.
pub(crate) fn own_features(t: &TokInfo, a: &Affixes, cluster: Option<u64>, out: &mut Vec<u64>) {
    out.push(key(T_BIAS, 0));
    window_features(2, t.lower, t.shape, cluster, out);
    out.push(key(T_SHORT, t.short));
    for k in 0..4 {
        if a.pre[k] != 0 {
            out.push(key(T_PRE + k as u64, a.pre[k]));
            out.push(key(T_SUF + k as u64, a.suf[k]));
        }
    }
    out.push(key(T_FLAGS, t.flags as u64));
    out.push(key(T_LEN, t.len.min(12) as u64));
    if t.flags & F_SENT_START != 0 {
        out.push(key(T_SENT_SHAPE, t.short));
        out.push(key(T_SENT_SHAPE, pair(t.short, t.lower)));
    }
    if t.flags & F_CAPS_LINE != 0 {
        out.push(key(T_CAPS_SHAPE, t.short));
    }
    if t.flags & F_HYPHEN != 0 {
        let mut last = 0;
        for (p, &h) in a.hyph.iter().enumerate() {
            if h != 0 {
                out.push(key(T_HYPH + p as u64, h));
                last = h;
            }
        }
        out.push(key(T_HYPH_LAST, last));
    }
}

/// The features a neighbour at window position `o` (an index into [`WINDOW`], not 2) gives:
/// its word, shape and clusters; `None` past either end of the document (padding, whose
/// cluster is `Some(PAD)` when the model has clusters).
pub(crate) fn neighbour_features(
    o: usize,
    t: Option<&TokInfo>,
    cluster: Option<u64>,
    out: &mut Vec<u64>,
) {
    let (w, s) = t.map_or((PAD, PAD), |x| (x.lower, x.shape));
    window_features(o, w, s, cluster, out);
}

#[inline]
fn window_features(o: usize, w: u64, s: u64, cluster: Option<u64>, out: &mut Vec<u64>) {
    let o = o as u64;
    out.push(key(T_W + o, w));
    out.push(key(T_SHAPE + o, s));
    // Cluster ids hold a coarse (high 16 bits) and a fine (low 16 bits) clustering; 0 is no
    // cluster.
    if let Some(c) = cluster.filter(|&c| c != 0) {
        out.push(key(T_CLUSTER + o, c >> 16));
        out.push(key(T_CLUSTER2 + o, c & 0xffff));
    }
}

/// The static features of token `i` that look at more than one word: word and shape bigrams,
/// gazetteer matches around it and how the word is cased elsewhere in the document.
pub(crate) fn context_features(ctx: &DocCtx, i: usize, out: &mut Vec<u64>) {
    let info = ctx.info;
    let n = info.len();
    let t = &info[i];
    let ii = i as isize;
    let prev = i.checked_sub(1).map(|j| &info[j]);
    let next = info.get(i + 1);
    let pw = prev.map_or(PAD, |x| x.lower);
    let nw = next.map_or(PAD, |x| x.lower);
    let ps = prev.map_or(PAD, |x| x.short);
    let ns = next.map_or(PAD, |x| x.short);
    out.push(key(T_BI_W, pair(pw, t.lower)));
    out.push(key(T_BI_W + 1, pair(t.lower, nw)));
    out.push(key(T_BI_SHAPE, pair(ps, t.short)));
    out.push(key(T_BI_SHAPE + 1, pair(t.short, ns)));
    out.push(key(T_BI_SHAPE + 2, pair(pair(ps, t.short), ns)));
    out.push(key(T_W_NEXT_SHAPE, pair(t.lower, ns)));
    out.push(key(T_PREV_W_SHAPE, pair(pw, t.short)));
    for (o, off) in [-1isize, 0, 1].into_iter().enumerate() {
        let j = ii + off;
        if j >= 0 && (j as usize) < n {
            let m = ctx.gaz[j as usize];
            let mut bits = m;
            while bits != 0 {
                let b = bits.trailing_zeros() as u64;
                bits &= bits - 1;
                out.push(key(T_GAZ + o as u64, b));
                if off == 0 {
                    out.push(key(T_GAZ + 5, pair(b, t.short)));
                }
            }
            if off == 0 {
                out.push(key(T_GAZ + 6, m as u64));
            }
        }
    }
    if t.capitalised() {
        let (cap_mid, lower_mid) = ctx.stats.get(&t.lower).copied().unwrap_or((0, 0));
        let own_mid = t.flags & (F_SENT_START | F_CAPS_LINE) == 0;
        let cap_other = cap_mid.saturating_sub(own_mid as u16) > 0;
        let code = (cap_other as u64) | ((lower_mid > 0) as u64) << 1 | (own_mid as u64) << 2;
        out.push(key(T_DOC, code));
        out.push(key(T_DOC + 1, pair(code, t.short)));
    }
}

/// Labels: 0 = O, then per type t the labels `1 + PER_TYPE * t + k` with k = 0 begin, 1 inside
/// (and for BILOU 2 last, 3 unit).
#[inline]
pub(crate) fn label_type(l: u8) -> Option<usize> {
    if l == 0 {
        None
    } else {
        Some((l as usize - 1) / PER_TYPE)
    }
}

/// The position of a label within its type (0 begin, 1 inside, 2 last, 3 unit).
#[inline]
fn label_pos(l: u8) -> usize {
    (l as usize - 1) % PER_TYPE
}

/// Whether a label continues the name started before it (inside or last).
#[inline]
pub(crate) fn continues(l: u8) -> bool {
    l != 0 && matches!(label_pos(l), 1 | 2)
}

/// Whether a label leaves a name open for the next token (begin or inside).
#[inline]
fn open(l: u8) -> bool {
    l != 0 && matches!(label_pos(l), 0 | 1)
}

/// Whether label `cur` may follow `prev`: a continuing label needs an open name of its type
/// before it; with BILOU an open name must be continued.
#[inline]
pub(crate) fn allowed(prev: u8, cur: u8) -> bool {
    if continues(cur) {
        return open(prev) && label_type(prev) == label_type(cur);
    }
    !(BILOU && open(prev))
}

/// Memory of how capitalised words were tagged earlier in the document.
pub(crate) type Memory = HashMap<u64, u8, IdentityBuild>;

/// Appends the dynamic features of token `i` given the labels chosen so far.
pub(crate) fn dynamic_features(
    info: &[TokInfo],
    i: usize,
    labels: &[u8],
    mem: &Memory,
    out: &mut Vec<u64>,
) {
    let t = &info[i];
    let p1 = if i >= 1 { labels[i - 1] as u64 } else { 99 };
    let p2 = if i >= 2 { labels[i - 2] as u64 } else { 99 };
    out.push(key(T_PL, p1));
    out.push(key(T_PL2, p1 * 128 + p2));
    out.push(key(T_PL_W, pair(p1, t.lower)));
    out.push(key(T_PL_SHAPE, pair(p1, t.short)));
    let ns = info.get(i + 1).map_or(PAD, |x| x.short);
    out.push(key(T_PL_NEXT, pair(p1, ns)));
    if let Some(&m) = mem.get(&t.lower).filter(|_| t.capitalised()) {
        out.push(key(T_MEM, m as u64));
        out.push(key(T_MEM_SHAPE, pair(m as u64, t.short)));
    }
}

/// Records the label chosen for token `i` in the document memory.
#[inline]
pub(crate) fn remember(info: &[TokInfo], i: usize, label: u8, mem: &mut Memory) {
    let t = &info[i];
    if t.capitalised() && t.flags & F_CAPS_LINE == 0 {
        let ty = label_type(label).map_or(NTYPES as u8, |t| t as u8);
        mem.insert(t.lower, ty);
    }
}

/// Second-pass features of every token from the first pass's labels: what the same word was
/// tagged as elsewhere in the document (the classic two-stage document consistency features),
/// and its own and its neighbours' first-pass labels. Flattened like the static features.
/// Tokens marked false in `active` (when not empty) get none.
pub(crate) fn pass2_features(
    info: &[TokInfo],
    p1: &[u8],
    active: &[bool],
    out: &mut Vec<u64>,
    offs: &mut Vec<u32>,
) {
    out.clear();
    offs.clear();
    offs.push(0);
    let mut counts: HashMap<u64, [u16; NTYPES + 1], IdentityBuild> = HashMap::default();
    let ty = |l: u8| label_type(l).unwrap_or(NTYPES);
    for (t, &l) in info.iter().zip(p1) {
        if t.capitalised() {
            counts.entry(t.lower).or_default()[ty(l)] += 1;
        }
    }
    for (i, t) in info.iter().enumerate() {
        if active.get(i) == Some(&false) {
            offs.push(out.len() as u32);
            continue;
        }
        let own = p1[i];
        let prev = if i > 0 { p1[i - 1] as u64 } else { 99 };
        let next = p1.get(i + 1).map_or(99, |&l| l as u64);
        out.push(key(T_P2, own as u64));
        out.push(key(T_P2 + 1, pair(prev, next)));
        out.push(key(T_P2 + 2, pair(pair(prev, own as u64), next)));
        if let Some(c) = counts.get(&t.lower).filter(|_| t.capitalised()) {
            let mut c = *c;
            c[ty(own)] -= 1;
            let total: u16 = c.iter().sum();
            if total > 0 {
                let mut best = 0;
                for k in 0..=NTYPES {
                    if c[k] > 0 {
                        out.push(key(T_P2 + 3, k as u64));
                    }
                    if c[k] > c[best] {
                        best = k;
                    }
                }
                out.push(key(T_P2 + 4, best as u64));
                out.push(key(T_P2 + 5, pair(best as u64, t.short)));
                out.push(key(T_P2 + 6, pair(best as u64, own as u64)));
            }
        }
        offs.push(out.len() as u32);
    }
}

/// Index of the best allowed label.
#[inline]
pub(crate) fn best_label(scores: &[f32; NL], prev: u8) -> u8 {
    let mut best = 0u8;
    let mut bs = f32::NEG_INFINITY;
    for (l, &s) in scores.iter().enumerate() {
        if s > bs && allowed(prev, l as u8) {
            bs = s;
            best = l as u8;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::tokenize::tokenize;

    fn feats(text: &str) -> Vec<Vec<u64>> {
        let toks = tokenize(text);
        let info: Vec<TokInfo> = toks
            .iter()
            .map(|t| tok_info(&text[t.start..t.end], t))
            .collect();
        let stats = doc_stats(&info);
        let gaz = vec![0; info.len()];
        let ctx = DocCtx {
            text,
            tokens: &toks,
            info: &info,
            gaz: &gaz,
            clusters: &[],
            stats: &stats,
        };
        (0..info.len())
            .map(|i| {
                let mut v = Vec::new();
                static_features(&ctx, i, &mut v);
                v
            })
            .collect()
    }

    #[test]
    fn features_are_deterministic_and_context_sensitive() {
        let a = feats("Major Johnny Walker said it.");
        assert_eq!(a, feats("Major Johnny Walker said it."));
        let b = feats("Major Johnny Walker said so.");
        assert_eq!(a[0][..3], b[0][..3]);
        assert_ne!(a[3], b[3]); // "said" sees a different right context
    }

    #[test]
    fn label_constraints() {
        let (b, i) = (1, 2);
        assert!(allowed(0, b) && allowed(b, i) && allowed(i, i));
        assert!(!allowed(0, i) && !allowed(1 + PER_TYPE as u8, i));
        assert_eq!(label_type(1 + PER_TYPE as u8), Some(1));
        if BILOU {
            assert!(allowed(i, 3) && !allowed(b, 0) && allowed(4, 0) && !allowed(0, 3));
        }
    }
}
