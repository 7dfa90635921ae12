//! Statistical named-entity tagger trained by the project itself: a greedy left-to-right
//! averaged perceptron over hashed features (word, shape, affixes, context window, gazetteer
//! membership, document-level casing and earlier predictions), tagging PER, ORG, LOC and MISC
//! (nationalities and other names) with BIO labels. The enrich stage calls [`Model::tag`].

mod cache;
pub mod clusters;
pub mod data;
pub mod eval;
mod features;
pub mod gazetteer;
mod model;
mod table;
pub mod tokenize;
pub mod train;

use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use features::{DocCtx, Memory, TokInfo};
pub use gazetteer::Gazetteer;
use table::U64Map;
use tokenize::Token;

use crate::error::Result;

/// Number of entity types.
pub(crate) const NTYPES: usize = 4;
/// Label scheme: BILOU (begin, inside, last, unit) when true, else BIO. With greedy decoding
/// BIO measured better on CoNLL testa (strict micro F1 0.890 against 0.874).
pub(crate) const BILOU: bool = false;
/// Labels per type: 4 for BILOU, 2 for BIO.
pub(crate) const PER_TYPE: usize = if BILOU { 4 } else { 2 };
/// Number of labels: O plus the labels of each type.
pub(crate) const NL: usize = 1 + PER_TYPE * NTYPES;

/// The type of a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    /// A person.
    Per,
    /// An organisation (companies, armed groups, institutions, teams).
    Org,
    /// A location (countries, cities, regions, bases, geographic features).
    Loc,
    /// Other names, chiefly nationalities and demonyms ("German", "Iranian"), events, products.
    Misc,
}

impl Label {
    /// All labels in index order.
    pub const ALL: [Label; NTYPES] = [Label::Per, Label::Org, Label::Loc, Label::Misc];

    /// Position in [`Label::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The CoNLL name: `PER`, `ORG`, `LOC` or `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Org => "ORG",
            Label::Loc => "LOC",
            Label::Misc => "MISC",
        }
    }

    /// Parses CoNLL names and dossier's kind names (`person`, `organization`, `place`,
    /// `nationality`), case-insensitively.
    pub fn parse(s: &str) -> Option<Label> {
        match s.trim().to_ascii_lowercase().as_str() {
            "per" | "person" => Some(Label::Per),
            "org" | "organization" | "organisation" => Some(Label::Org),
            "loc" | "location" | "place" | "gpe" => Some(Label::Loc),
            "misc" | "nationality" | "norp" => Some(Label::Misc),
            _ => None,
        }
    }
}

/// A tagged name: byte offsets into the text and its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The type.
    pub label: Label,
}

/// A hasher for keys that are hashes already.
#[derive(Default, Clone, Copy)]
pub(crate) struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Builds [`Identity`] hashers.
pub(crate) type IdentityBuild = BuildHasherDefault<Identity>;

/// A trained tagger: feature weights, its gazetteer and word clusters. Immutable, `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Model {
    /// Rows of label weights keyed by the high 32 bits of a feature hash.
    weights: U64Map<[i16; NL]>,
    /// Multiply the i16 weights by this.
    scale: f32,
    gaz: Gazetteer,
    /// Word-cluster ids keyed by the high 32 bits of a word's lowercase hash.
    clusters: U64Map<u32>,
    /// Second-pass weights, which also see the first pass's labels of the whole document.
    second: Option<U64Map<[i16; NL]>>,
    /// Identifies these weights in the per-thread word-score cache (a clone gets a new id).
    id: cache::ModelId,
}

static EMBEDDED: &[u8] = include_bytes!("../../data/ner/model.bin");

impl Model {
    /// The shipped model (`data/ner/model.bin`, embedded in the binary), loaded once.
    pub fn embedded() -> &'static Model {
        static M: OnceLock<Model> = OnceLock::new();
        M.get_or_init(|| Model::load(EMBEDDED).expect("the embedded NER model is valid"))
    }

    /// Reads a model from the bytes of a model file.
    pub fn load(bytes: &[u8]) -> Result<Model> {
        model::read(bytes)
    }

    /// Serialises the model to the bytes of a model file.
    pub fn to_bytes(&self) -> Vec<u8> {
        model::write(self)
    }

    /// Number of stored feature rows.
    pub fn num_features(&self) -> usize {
        self.weights.len()
    }

    /// The model's gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    /// Tags a whole document at once (document-level features see all of it).
    pub fn tag(&self, text: &str) -> Vec<Span> {
        let mut doc = Prepared::new(text, &self.gaz, &self.clusters, false, Scope::NearCapitals);
        let labels = self.labels(text, &mut doc);
        let mut spans = spans_from_labels(&doc.tokens, &labels);
        trim_punctuation(text, &doc.tokens, &mut spans);
        spans
    }

    /// BIO labels of a document (`text`, prepared without its word-level features), both
    /// passes, with the word-level scores from this thread's [`cache::WordCache`].
    fn labels(&self, text: &str, doc: &mut Prepared) -> Vec<u8> {
        debug_assert!(!doc.word_level);
        let tables = cache::Tables {
            id: &self.id,
            passes: [Some(&self.weights), self.second.as_ref()],
            clusters: &self.clusters,
        };
        let n = doc.info.len();
        cache::WordCache::with(&tables, n, |c| {
            // Entries of the scored tokens and of their neighbours (the window is +-2).
            let needed: Vec<bool> = (0..n).map(doc.within(2)).collect();
            let ids = c.entries(&tables, text, &doc.tokens, &doc.info, &needed);
            let mut base = Vec::new();
            static_scores(&self.weights, &doc.feats, &doc.offs, &doc.active, &mut base);
            c.add_word_scores(0, &ids, &doc.active, &mut base);
            let labels = greedy(&self.weights, doc, base);
            let Some(w2) = &self.second else {
                return labels;
            };
            doc.narrow_to_pass2(&labels);
            doc.set_pass1(&labels);
            let mut base = Vec::new();
            static_scores(w2, &doc.feats, &doc.offs, &doc.active, &mut base);
            add_pass2_scores(w2, doc, &mut base);
            c.add_word_scores(1, &ids, &doc.active, &mut base);
            greedy(w2, doc, base)
        })
    }

    /// BIO labels of a document prepared with all its static features, every weight row
    /// looked up (what training uses; the same labels as [`Model::labels`]).
    #[cfg(test)]
    fn labels_uncached(&self, doc: &mut Prepared) -> Vec<u8> {
        let labels = decode(&self.weights, doc, false);
        match &self.second {
            Some(w2) => {
                doc.narrow_to_pass2(&labels);
                doc.set_pass1(&labels);
                decode(w2, doc, true)
            }
            None => labels,
        }
    }
}

#[inline]
pub(crate) fn add_row(w: &U64Map<[i16; NL]>, f: u64, acc: &mut [i32; NL]) {
    if let Some(row) = w.get(f >> 32) {
        for (a, &x) in acc.iter_mut().zip(row) {
            *a += x as i32;
        }
    }
}

/// How many features ahead [`static_scores`] prefetches weight rows.
const PREFETCH_AHEAD: usize = 128;

/// The label-independent part of every token's scores: the sum of the weight rows of its
/// static (and, in pass 2, first-pass) features. Done for the whole document before the greedy
/// loop so that the row lookups (random accesses into a table of several MB) are independent of
/// each other and can be prefetched ahead; the greedy loop then only looks up the few features
/// that depend on the labels just chosen. Tokens marked false in `active` (when not empty) are
/// left at zero.
fn static_scores(
    w: &U64Map<[i16; NL]>,
    feats: &[u64],
    offs: &[u32],
    active: &[bool],
    out: &mut Vec<[i32; NL]>,
) {
    let n = offs.len().saturating_sub(1);
    out.clear();
    out.resize(n, [0i32; NL]);
    for &key in feats.iter().take(PREFETCH_AHEAD) {
        w.prefetch(key >> 32);
    }
    let mut k = 0usize;
    for (i, acc) in out.iter_mut().enumerate() {
        let end = offs[i + 1] as usize;
        if active.get(i) == Some(&false) {
            k = end;
            continue;
        }
        while k < end {
            if let Some(&ahead) = feats.get(k + PREFETCH_AHEAD) {
                w.prefetch(ahead >> 32);
            }
            add_row(w, feats[k], acc);
            k += 1;
        }
    }
}

/// Adds the rows of the second-pass features (the first pass's labels) to each token's scores.
fn add_pass2_scores(w: &U64Map<[i16; NL]>, doc: &Prepared, base: &mut [[i32; NL]]) {
    let mut p2 = Vec::new();
    static_scores(w, &doc.p2, &doc.p2_offs, &[], &mut p2);
    for (b, p) in base.iter_mut().zip(&p2) {
        for (x, y) in b.iter_mut().zip(p) {
            *x += y;
        }
    }
}

/// Greedy left-to-right decoding with one weight table, for a document prepared with all its
/// static features.
fn decode(w: &U64Map<[i16; NL]>, doc: &Prepared, pass2: bool) -> Vec<u8> {
    debug_assert!(doc.word_level);
    let mut base = Vec::new();
    static_scores(w, &doc.feats, &doc.offs, &doc.active, &mut base);
    if pass2 {
        add_pass2_scores(w, doc, &mut base);
    }
    greedy(w, doc, base)
}

/// The greedy left-to-right loop: each token's label from its label-independent scores `base`
/// plus the rows of the features that look at the labels already chosen.
fn greedy(w: &U64Map<[i16; NL]>, doc: &Prepared, base: Vec<[i32; NL]>) -> Vec<u8> {
    let mut labels: Vec<u8> = Vec::with_capacity(base.len());
    let mut mem = Memory::default();
    let mut dynf = Vec::with_capacity(16);
    for (i, mut acc) in base.into_iter().enumerate() {
        if !doc.scored(i) {
            // Far from any capital: outside a name (see [`Scope::NearCapitals`]).
            labels.push(0);
            continue;
        }
        dynf.clear();
        features::dynamic_features(&doc.info, i, &labels, &mem, &mut dynf);
        for &f in &dynf {
            add_row(w, f, &mut acc);
        }
        let scores = acc.map(|a| a as f32);
        let prev = labels.last().copied().unwrap_or(0);
        let l = features::best_label(&scores, prev);
        labels.push(l);
        features::remember(&doc.info, i, l, &mut mem);
    }
    labels
}

/// A document ready for decoding: tokens, token info and flattened static features.
pub(crate) struct Prepared {
    pub tokens: Vec<Token>,
    pub info: Vec<TokInfo>,
    /// Whether `feats` holds every static feature, or only the context ones (the tagger adds
    /// the word-level ones from its cache).
    pub word_level: bool,
    pub feats: Vec<u64>,
    pub offs: Vec<u32>,
    pub p2: Vec<u64>,
    pub p2_offs: Vec<u32>,
    /// Which tokens are scored; empty when all are (see [`Scope`]).
    pub active: Vec<bool>,
}

/// Which tokens of a document the tagger scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Every token (training).
    Every,
    /// Only tokens next to a capitalised word (the word itself and the two after, and the one
    /// before if it may open a name: [`NAME_PARTICLES`], a number); the others are outside
    /// any name and skipped, features and all. Names in English news are capitalised; a
    /// lowercase word inside one ("Bank of England", "bin Laden") sits next to a capital. A
    /// word capitalised only because it opens a sentence and is one of [`PLAIN_OPENERS`]
    /// ("The", "But", "He") counts as lowercase: it is scored only if a real capital is near.
    /// A document with hardly any capitals (under 2% of its words) is scored whole, as the
    /// model can still find names there.
    NearCapitals,
}

/// Share of capitalised words below which [`Scope::NearCapitals`] scores every token.
const MIN_CAPITALS_PER_50_WORDS: usize = 1;

/// Words that open sentences without being names: determiners, pronouns, conjunctions and
/// prepositions. Capitalised at a sentence start (not written in capitals), they do not make
/// [`Scope::NearCapitals`] score the words around them; "The" in "The Hague" is still scored,
/// as the word before "Hague".
const PLAIN_OPENERS: &[&str] = &[
    "the", "a", "an", "but", "and", "or", "he", "she", "it", "they", "we", "i", "in", "on", "at",
    "to", "for", "by", "with", "from", "as", "if", "this", "that", "these", "those", "his", "her",
    "its", "our", "their", "there", "when", "while", "after", "before", "some", "many", "most",
    "all", "one", "two", "last", "what", "how", "however", "also", "so", "yet", "then", "since",
    "because", "although", "other",
];

/// Whether a token's word, lowercased, is one of `words` (hashed once into `hashes`).
fn is_one_of(t: &TokInfo, words: &[&str], hashes: &OnceLock<Vec<u64>>) -> bool {
    hashes
        .get_or_init(|| words.iter().map(|w| features::lower_hash(w)).collect())
        .contains(&t.lower)
}

/// Whether a token opens a sentence with one of [`PLAIN_OPENERS`], capitalised as usual.
fn plain_opener(t: &TokInfo) -> bool {
    static HASHES: OnceLock<Vec<u64>> = OnceLock::new();
    t.flags & features::F_SENT_START != 0
        && t.flags & features::F_ALL_CAPS == 0
        && is_one_of(t, PLAIN_OPENERS, &HASHES)
}

/// Lowercase words that open names written with them ("bin Laden", "de Villepin", "van
/// Gogh", "the Hague" as some sources write it) or join two parts of one ("Iraqi security
/// forces and Peshmerga", "Ernst & Young"): before a capital, [`Scope::NearCapitals`] scores
/// them; other words before a capital ("said Smith", "in Geneva") are outside the name.
const NAME_PARTICLES: &[&str] = &[
    "bin", "ibn", "abu", "ben", "al", "el", "de", "del", "della", "da", "di", "dos", "das", "du",
    "van", "von", "der", "den", "ter", "le", "la", "the", "and", "of", "&",
];

/// Whether a token is one of [`NAME_PARTICLES`] or holds a digit ("1860 Munich").
fn may_open_name(t: &TokInfo) -> bool {
    static HASHES: OnceLock<Vec<u64>> = OnceLock::new();
    t.flags & features::F_HAS_DIGIT != 0 || is_one_of(t, NAME_PARTICLES, &HASHES)
}

fn active_tokens(info: &[TokInfo], scope: Scope) -> Vec<bool> {
    if scope == Scope::Every {
        return Vec::new();
    }
    let words = info
        .iter()
        .filter(|t| t.flags & features::F_PUNCT == 0)
        .count();
    let caps = info.iter().filter(|t| t.capitalised()).count();
    // (The share counts openers too: it tells a text in ordinary case from one without capitals.)
    if caps * 50 < words * MIN_CAPITALS_PER_50_WORDS {
        return Vec::new();
    }
    let n = info.len();
    let mut active = vec![false; n];
    for (i, t) in info.iter().enumerate() {
        if t.capitalised() && !plain_opener(t) {
            active[i..(i + 3).min(n)].fill(true);
            if let Some(j) = i.checked_sub(1).filter(|&j| may_open_name(&info[j])) {
                active[j] = true;
            }
        }
    }
    active
}

impl Prepared {
    /// Tokenizes and extracts features; with `word_level` false the word-level features are
    /// left out of `feats` (see [`cache`]).
    pub(crate) fn new(
        text: &str,
        gaz: &Gazetteer,
        clusters: &U64Map<u32>,
        word_level: bool,
        scope: Scope,
    ) -> Prepared {
        let tokens = tokenize::tokenize(text);
        let info: Vec<TokInfo> = tokens
            .iter()
            .map(|t| features::tok_info(&text[t.start..t.end], t))
            .collect();
        let mut gaz_masks = Vec::new();
        features::gazetteer_masks(gaz, &info, &mut gaz_masks);
        // Only the word-level features use clusters; the tagger's cache looks them up itself.
        let cl: Vec<u64> = if word_level {
            info.iter()
                .filter_map(|t| features::cluster_id(clusters, t))
                .collect()
        } else {
            Vec::new()
        };
        let stats = features::doc_stats(&info);
        let active = active_tokens(&info, scope);
        let ctx = DocCtx {
            text,
            tokens: &tokens,
            info: &info,
            gaz: &gaz_masks,
            clusters: &cl,
            stats: &stats,
        };
        // About 48 static features a token, a dozen without the word-level ones.
        let per_token = if word_level { 48 } else { 12 };
        let mut feats = Vec::with_capacity(info.len() * per_token);
        let mut offs = Vec::with_capacity(info.len() + 1);
        offs.push(0);
        for i in 0..info.len() {
            if active.get(i) == Some(&false) {
                // Not scored: no features.
            } else if word_level {
                features::static_features(&ctx, i, &mut feats);
            } else {
                features::context_features(&ctx, i, &mut feats);
            }
            offs.push(feats.len() as u32);
        }
        Prepared {
            tokens,
            info,
            word_level,
            feats,
            offs,
            p2: Vec::new(),
            p2_offs: Vec::new(),
            active,
        }
    }

    /// Whether token `i` is scored.
    #[inline]
    pub(crate) fn scored(&self, i: usize) -> bool {
        self.active.get(i) != Some(&false)
    }

    /// Whether a token is within `d` tokens of a scored one.
    pub(crate) fn within(&self, d: usize) -> impl Fn(usize) -> bool + '_ {
        move |i| {
            let lo = i.saturating_sub(d);
            let hi = (i + d + 1).min(self.info.len());
            self.active.is_empty() || self.active[lo..hi].contains(&true)
        }
    }

    /// Narrows the scored tokens to those the second pass may label differently from the
    /// first: capitalised words and the words next to a name the first pass found. A
    /// lowercase word that the first pass left outside any name, between two words it also
    /// left outside, stays outside (on 20,000 bench articles 37% of the first pass's tokens;
    /// the fused scores on CoNLL testa and re3d held-out are unchanged or better).
    pub(crate) fn narrow_to_pass2(&mut self, pass1: &[u8]) {
        let n = self.info.len();
        let near_name = |i: usize| {
            pass1[i.saturating_sub(1)..(i + 2).min(n)]
                .iter()
                .any(|&l| l != 0)
        };
        let active: Vec<bool> = (0..n)
            .map(|i| self.scored(i) && (self.info[i].capitalised() || near_name(i)))
            .collect();
        self.active = active;
    }

    /// Computes the second-pass features from first-pass labels.
    pub(crate) fn set_pass1(&mut self, labels: &[u8]) {
        features::pass2_features(
            &self.info,
            labels,
            &self.active,
            &mut self.p2,
            &mut self.p2_offs,
        );
    }

    #[inline]
    pub(crate) fn pass2_feats(&self, i: usize) -> &[u64] {
        &self.p2[self.p2_offs[i] as usize..self.p2_offs[i + 1] as usize]
    }

    #[inline]
    pub(crate) fn static_feats(&self, i: usize) -> &[u64] {
        debug_assert!(self.word_level);
        &self.feats[self.offs[i] as usize..self.offs[i + 1] as usize]
    }
}

/// Turns BIO labels over tokens into byte spans.
pub(crate) fn spans_from_labels(tokens: &[Token], labels: &[u8]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut cur: Option<Span> = None;
    for (t, &l) in tokens.iter().zip(labels) {
        match features::label_type(l) {
            Some(ty) if features::continues(l) && cur.is_some_and(|c| c.label.index() == ty) => {
                if let Some(c) = cur.as_mut() {
                    c.end = t.end;
                }
            }
            Some(ty) => {
                out.extend(cur.take());
                cur = Some(Span {
                    start: t.start,
                    end: t.end,
                    label: Label::ALL[ty],
                });
            }
            None => out.extend(cur.take()),
        }
    }
    out.extend(cur);
    out
}

/// Takes punctuation off the ends of names: the greedy decoder sometimes carries a name on to
/// the comma or colon after it ("the BBC:", "to Zoe, 'I ...") or starts it at an opening
/// bracket ("(LCF"). A bracket closed inside the name stays ("Motor Manufacturing (USA)").
pub(crate) fn trim_punctuation(text: &str, tokens: &[Token], spans: &mut Vec<Span>) {
    // Not "&" ("& Co Inc" is joined to the name before it), an abbreviation's "." ("Calif .")
    // or the angle brackets of a Reuters ticker ("<XON>", which the acronym rules read).
    let punct = |t: &Token| {
        text[t.start..t.end]
            .chars()
            .all(|c| ",;:!?()[]\"'/\u{2013}\u{2014}\u{2018}\u{2019}\u{201c}\u{201d}-".contains(c))
    };
    let holds = |toks: &[Token], c: char| toks.iter().any(|t| text[t.start..t.end].contains(c));
    for span in spans.iter_mut() {
        let k = tokens.partition_point(|t| t.end <= span.start);
        let mut toks = &tokens[k..];
        let n = toks.iter().take_while(|t| t.end <= span.end).count();
        toks = &toks[..n];
        while let Some(t) = toks.first().filter(|t| punct(t)) {
            let rest = &toks[1..];
            let kept = match &text[t.start..t.end] {
                "(" => holds(rest, ')'),
                "[" => holds(rest, ']'),
                _ => false,
            };
            if kept {
                break;
            }
            toks = rest;
        }
        while let Some(t) = toks.last().filter(|t| punct(t)) {
            let rest = &toks[..toks.len() - 1];
            let kept = match &text[t.start..t.end] {
                ")" => holds(rest, '('),
                "]" => holds(rest, '['),
                _ => false,
            };
            if kept {
                break;
            }
            toks = rest;
        }
        match (toks.first(), toks.last()) {
            (Some(first), Some(last)) => (span.start, span.end) = (first.start, last.end),
            _ => span.end = span.start,
        }
    }
    spans.retain(|s| s.end > s.start);
}

/// Gives each token its BIO label from gold spans (a token overlapping a span belongs to it).
pub(crate) fn labels_from_spans(tokens: &[Token], spans: &[Span]) -> Vec<u8> {
    let mut labels = vec![0u8; tokens.len()];
    let mut sorted: Vec<&Span> = spans.iter().collect();
    sorted.sort_by_key(|s| (s.start, s.end));
    let mut k = 0;
    for s in sorted {
        while k < tokens.len() && tokens[k].end <= s.start {
            k += 1;
        }
        let mut j = k;
        let mut mine: Vec<usize> = Vec::new();
        while j < tokens.len() && tokens[j].start < s.end {
            if labels[j] == 0 {
                mine.push(j);
            }
            j += 1;
        }
        let base = 1 + PER_TYPE as u8 * s.label.index() as u8;
        let n = mine.len();
        for (m, &j) in mine.iter().enumerate() {
            // Offsets within a type: 0 begin, 1 inside, 2 last, 3 unit (BIO: 0 begin, 1 inside).
            labels[j] = base
                + match (m, BILOU) {
                    (0, true) if n == 1 => 3,
                    (0, _) => 0,
                    (m, true) if m == n - 1 => 2,
                    _ => 1,
                };
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = "Maghaweir al-Thowra (MAT) is a group trained by American and coalition SOF operators in the tiny base of al-Tanf. Major Johnny Walker a spokesman with Special Operations Joint Task Force-Operation Inherent Resolve said that they are monitoring the situation.";

    fn find(spans: &[Span], text: &str, name: &str) -> Option<Label> {
        spans
            .iter()
            .find(|s| text[s.start..s.end].contains(name))
            .map(|s| s.label)
    }

    #[test]
    fn shipped_model_tags_names_in_the_seed_sentence() {
        let m = Model::embedded();
        let spans = m.tag(SEED);
        assert_eq!(
            find(&spans, SEED, "Johnny Walker"),
            Some(Label::Per),
            "{spans:?}"
        );
        assert_ne!(find(&spans, SEED, "al-Tanf"), Some(Label::Per), "{spans:?}");
        assert!(
            find(&spans, SEED, "Maghaweir").is_some() || find(&spans, SEED, "al-Thowra").is_some()
        );
        for s in &spans {
            assert!(SEED.is_char_boundary(s.start) && SEED.is_char_boundary(s.end));
        }
    }

    #[test]
    fn model_round_trips_through_bytes() {
        let m = Model::embedded();
        assert_eq!(
            m.to_bytes(),
            EMBEDDED,
            "writing reproduces the file byte for byte"
        );
        let m2 = Model::load(&m.to_bytes()).unwrap();
        assert_eq!(m2.num_features(), m.num_features());
        assert_eq!(m2.second.is_some(), m.second.is_some());
        assert_eq!(m2.gazetteer().len(), m.gazetteer().len());
        assert_eq!(m2.tag(SEED), m.tag(SEED));
        assert!(Model::load(b"nonsense").is_err());
    }

    #[test]
    fn bio_round_trip() {
        let text = "Major Johnny Walker visited al-Tanf";
        let toks = tokenize::tokenize(text);
        let spans = vec![
            Span {
                start: 6,
                end: 19,
                label: Label::Per,
            },
            Span {
                start: 28,
                end: 35,
                label: Label::Loc,
            },
        ];
        let labels = labels_from_spans(&toks, &spans);
        if BILOU {
            assert_eq!(labels, [0, 1, 3, 0, 12]);
        } else {
            assert_eq!(labels, [0, 1, 2, 0, 5]);
        }
        assert_eq!(spans_from_labels(&toks, &labels), spans);
    }

    #[test]
    fn names_lose_the_punctuation_at_their_ends() {
        let text =
            "He told the BBC: \"no\" to Zoe, (LCF) and Motor Manufacturing (USA) Corp <XON>.";
        let toks = tokenize::tokenize(text);
        // Spans as the greedy decoder may end them, on punctuation.
        let span = |from: &str, to: &str| {
            let start = text.find(from).unwrap();
            let end = text[start..].find(to).unwrap() + start + to.len();
            Span {
                start,
                end,
                label: Label::Org,
            }
        };
        let mut spans = vec![
            span("BBC", ":"),
            span("Zoe", ","),
            span("(LCF", "LCF"),
            span("Motor", "(USA)"),
            span("XON", ">"),
            span("\"no", "no\""),
        ];
        trim_punctuation(text, &toks, &mut spans);
        let names: Vec<&str> = spans.iter().map(|s| &text[s.start..s.end]).collect();
        // A bracket closed inside stays; a ticker's brackets are left to the acronym rules.
        assert_eq!(
            names,
            [
                "BBC",
                "Zoe",
                "LCF",
                "Motor Manufacturing (USA)",
                "XON>",
                "no"
            ]
        );
    }

    const NEEDS_DATA: &str = "../shared/data/ner";

    #[test]
    #[ignore = "needs ../shared/data"]
    fn conll_testa_strict_micro_f1_is_at_least_0_88() {
        let docs = data::read_conll(std::path::Path::new(&format!(
            "{NEEDS_DATA}/conll2003/eng.testa"
        )))
        .unwrap();
        let r = eval::evaluate(Model::embedded(), &docs);
        let f1 = r.micro().strict().f1;
        assert!(f1 >= 0.88, "testa strict micro F1 {f1:.4}\n{}", r.table());
    }

    #[test]
    #[ignore = "needs ../shared/data"]
    fn re3d_heldout_overlap_f1_does_not_regress() {
        let mut docs = data::read_re3d(
            std::path::Path::new(&format!("{NEEDS_DATA}/re3d")),
            data::Re3dSplit::Heldout,
            0.5,
        )
        .unwrap();
        assert_eq!(docs.len(), 14);
        docs.iter_mut().for_each(data::names_only);
        let r = eval::evaluate(Model::embedded(), &docs);
        let f1 = r.micro().overlap().f1;
        // Measured 0.643 with the shipped model; the 0.75 target is not met (see README).
        assert!(
            f1 >= 0.60,
            "re3d held-out overlap micro F1 {f1:.4}\n{}",
            r.table()
        );
    }

    #[test]
    fn cached_word_scores_give_the_labels_of_every_row_looked_up() {
        let m = Model::embedded();
        let texts = [
            SEED,
            "DAMASCUS, Syria (Reuters) - Syrian troops shelled rebel-held areas, the U.S. said.",
            "JORDAN TIMES\nJordan scored 30 points; King Abdullah of Jordan met Iranian envoys.",
            "",
            "x",
        ];
        // Twice over, so that the second round reads what the first cached.
        for text in texts.iter().chain(&texts) {
            let mut all = Prepared::new(text, &m.gaz, &m.clusters, true, Scope::NearCapitals);
            let mut ctx = Prepared::new(text, &m.gaz, &m.clusters, false, Scope::NearCapitals);
            assert_eq!(
                m.labels(text, &mut ctx),
                m.labels_uncached(&mut all),
                "{text:?}"
            );
        }
        // A clone is another model to the cache; its labels are the same.
        let c = m.clone();
        assert_eq!(c.tag(SEED), m.tag(SEED));
    }

    /// The words of `text` the shipped model's first pass scores.
    fn scored(text: &str) -> Vec<&str> {
        let m = Model::embedded();
        let doc = Prepared::new(text, &m.gaz, &m.clusters, false, Scope::NearCapitals);
        (0..doc.tokens.len())
            .filter(|&i| doc.scored(i))
            .map(|i| &text[doc.tokens[i].start..doc.tokens[i].end])
            .collect()
    }

    #[test]
    fn only_tokens_near_capitals_are_scored() {
        let m = Model::embedded();
        let text =
            "the talks ended late on friday in the capital , and Bank of England staff said so";
        // Two words after a capital, and one before that may open or join a name.
        assert_eq!(
            scored(text),
            ["and", "Bank", "of", "England", "staff", "said"]
        );
        // Skipped tokens have no features at all.
        let doc = Prepared::new(text, &m.gaz, &m.clusters, false, Scope::NearCapitals);
        assert_eq!(doc.offs[1], 0);
        // The word before a capital only when it may open a name.
        assert_eq!(
            scored("the report said Smith left early and talked to bin Laden then"),
            ["Smith", "left", "early", "bin", "Laden", "then"]
        );
    }

    #[test]
    fn sentence_openers_do_not_count_as_capitals() {
        let text = "The talks ended late . But Bank staff said so . He left early .";
        // ("But" before "Bank" is no part of a name.)
        assert_eq!(scored(text), ["Bank", "staff", "said"]);
        // Still scored next to a name, and as a name's first word.
        let text = "The Hague court ruled that it was over and they left .";
        assert_eq!(scored(text), ["The", "Hague", "court", "ruled"]);
        // Not at a sentence's start, or in a line of capitals, a capital counts.
        let text = "they met in Geneva and The Times said so ; THE END";
        assert_eq!(
            scored(text),
            ["Geneva", "and", "The", "Times", "said", "so", "THE", "END"]
        );
    }

    #[test]
    fn the_second_pass_scores_capitals_and_the_words_next_to_names() {
        let m = Model::embedded();
        let text = "Smith said that the talks in Geneva were over and that nothing was agreed";
        let mut doc = Prepared::new(text, &m.gaz, &m.clusters, false, Scope::Every);
        let words: Vec<&str> = doc.tokens.iter().map(|t| &text[t.start..t.end]).collect();
        // The first pass found one name, "Geneva".
        let mut pass1 = vec![0u8; words.len()];
        pass1[words.iter().position(|&w| w == "Geneva").unwrap()] = 1;
        doc.narrow_to_pass2(&pass1);
        let scored: Vec<&str> = (0..words.len())
            .filter(|&i| doc.scored(i))
            .map(|i| words[i])
            .collect();
        assert_eq!(scored, ["Smith", "in", "Geneva", "were"]);
        // The tokens the first pass skipped stay skipped.
        let mut near = Prepared::new(text, &m.gaz, &m.clusters, false, Scope::NearCapitals);
        near.narrow_to_pass2(&vec![0u8; words.len()]);
        let scored: Vec<&str> = (0..words.len())
            .filter(|&i| near.scored(i))
            .map(|i| words[i])
            .collect();
        assert_eq!(scored, ["Smith", "Geneva"]);
    }

    #[test]
    fn skipping_words_far_from_capitals_keeps_the_labels_of_hard_cases() {
        let m = Model::embedded();
        let texts = [
            SEED,
            "DAMASCUS, Syria (Reuters) - Syrian troops shelled rebel-held areas, the U.S. said.",
            "Iraqi security forces and Peshmerga fighters trained with the U.S.-led coalition.",
            "He met Osama bin Laden and Abu Bakr al-Baghdadi in al-Tanf, officials of the \
             Bank of England said.",
        ];
        for text in texts {
            let mut every = Prepared::new(text, &m.gaz, &m.clusters, true, Scope::Every);
            let mut near = Prepared::new(text, &m.gaz, &m.clusters, false, Scope::NearCapitals);
            assert!(near.active.contains(&false), "{text:?}");
            assert_eq!(
                m.labels(text, &mut near),
                m.labels_uncached(&mut every),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_text_without_capitals_is_scored_whole() {
        let m = Model::embedded();
        let text = "barack obama flew to paris on monday to meet angela merkel and the french \
                    president about nato";
        let doc = Prepared::new(text, &m.gaz, &m.clusters, false, Scope::NearCapitals);
        assert!(doc.active.is_empty());
        let mut every = Prepared::new(text, &m.gaz, &m.clusters, true, Scope::Every);
        let mut near = Prepared::new(text, &m.gaz, &m.clusters, false, Scope::NearCapitals);
        assert_eq!(m.labels(text, &mut near), m.labels_uncached(&mut every));
    }

    #[test]
    fn model_is_send_sync() {
        fn check<T: Send + Sync>() {}
        check::<Model>();
    }
}
