//! Top-k ranking by score, then article id, then passage number, without turning every
//! candidate's article id into a string.
//!
//! Each segment keeps its best `k` matches keyed by (score, article-id ordinal, passage, doc):
//! within a segment the ordinals of the `article_id` fast field sort like the ids themselves,
//! so that key orders exactly as (score, article id, passage). The ordinal and passage are read
//! only for a match that can still enter the segment's top `k`, and when the query allows it
//! the scorer skips blocks of postings that cannot beat the current `k`-th score (block-max
//! WAND; the threshold handed to tantivy is just below that score, so matches that tie with it
//! are still seen). Across segments, ordinals do not compare: article ids are resolved to
//! strings only for matches whose score ties with a match of another segment, in one pass over
//! each segment's dictionary.
//!
//! Ranking can resume after a [`Cursor`], the (score, article id, passage, doc) of the last match
//! taken, so long hit lists are ranked a page at a time: each segment translates the cursor's
//! article id into its own ordinals once per page, and matches at or before the cursor are
//! rejected with an integer compare before any heap work.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::sync::{Arc, Mutex};

use tantivy::columnar::{Column, StrColumn, TermOrdHit};
use tantivy::index::SegmentId;
use tantivy::query::{
    BooleanQuery, BoostQuery, EnableScoring, Occur, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::Field;
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED};

use super::query::Near;

/// One ranked match.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cand {
    pub score: Score,
    /// Ordinal of the article id in its segment's `article_id` column.
    pub ord: u64,
    pub passage: u64,
    pub addr: DocAddress,
}

/// Rank order within one segment: score descending, then article id, passage, doc ascending.
fn rank_cmp(a: &Cand, b: &Cand) -> Ordering {
    b.score
        .partial_cmp(&a.score)
        .unwrap_or(Ordering::Equal)
        .then(a.ord.cmp(&b.ord))
        .then(a.passage.cmp(&b.passage))
        .then(a.addr.doc_id.cmp(&b.addr.doc_id))
}

/// Heap entry whose maximum is the worst-ranked match.
struct Worst(Cand);

impl PartialEq for Worst {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Worst {}
impl PartialOrd for Worst {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Worst {
    fn cmp(&self, other: &Self) -> Ordering {
        rank_cmp(&self.0, &other.0)
    }
}

/// The fast-field columns ranking reads in one segment.
pub(crate) struct SegmentColumns {
    /// `article_id`: its ordinals sort like the ids.
    article: Option<StrColumn>,
    /// `article_id` ordinals.
    ords: Option<Column<u64>>,
    passages: Option<Column<u64>>,
    geo: Option<Column<u64>>,
}

impl SegmentColumns {
    fn open(reader: &SegmentReader) -> tantivy::Result<SegmentColumns> {
        let ff = reader.fast_fields();
        let article = ff.str("article_id")?;
        Ok(SegmentColumns {
            ords: article.as_ref().map(|c| c.ords().clone()),
            article,
            passages: ff.u64("passage").ok(),
            geo: ff.u64("geo").ok(),
        })
    }
}

/// [`SegmentColumns`] by segment, kept for the life of an opened index.
#[derive(Default)]
pub(crate) struct ColumnCache(Mutex<HashMap<SegmentId, Arc<SegmentColumns>>>);

impl ColumnCache {
    /// The columns of every segment of `searcher`, in segment order; forgets segments that
    /// are gone (merged away).
    fn get(&self, searcher: &Searcher) -> tantivy::Result<Vec<Arc<SegmentColumns>>> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let readers = searcher.segment_readers();
        let mut out = Vec::with_capacity(readers.len());
        for r in readers {
            let cols = match map.get(&r.segment_id()) {
                Some(c) => Arc::clone(c),
                None => {
                    let c = Arc::new(SegmentColumns::open(r)?);
                    map.insert(r.segment_id(), Arc::clone(&c));
                    c
                }
            };
            out.push(cols);
        }
        if map.len() > readers.len() {
            map.retain(|id, _| readers.iter().any(|r| r.segment_id() == *id));
        }
        Ok(out)
    }
}

/// The position just after the last match taken, in rank order: its score, article id,
/// passage and address. Meaningful only with the searcher whose ranking produced it.
#[derive(Debug, Clone)]
pub(crate) struct Cursor {
    score: Score,
    /// `None` for a passage without an article id (dossier always writes one).
    id: Option<String>,
    passage: u64,
    addr: DocAddress,
}

/// A [`Cursor`] in one segment's terms: a match of the segment comes after the cursor iff its
/// score is below `score`, or equal to it and its (ordinal, passage, doc) is at least `from`.
#[derive(Debug, Clone, Copy)]
struct After {
    score: Score,
    from: (u64, u64, u64),
}

impl After {
    /// Translates `cursor` into segment `segment`'s ordinal space. Ordinals sort like the ids,
    /// so an id this segment holds maps to its ordinal, and an id it lacks to the ordinal of
    /// the first id after it (where it would be inserted). Equal ids and passages fall back to
    /// the address: in an earlier segment nothing with them is after the cursor, in a later one
    /// everything is.
    fn of(cursor: &Cursor, segment: u32, cols: &SegmentColumns) -> tantivy::Result<After> {
        let hit = match (&cursor.id, &cols.article) {
            // Missing ids read as ordinal u64::MAX: last within a segment.
            (None, _) => TermOrdHit::Exact(u64::MAX),
            (Some(_), None) => TermOrdHit::Next(0),
            (Some(id), Some(col)) => match col.dictionary().term_ord_or_next(id)? {
                // Past the last id, tantivy answers u64::MAX: every id of the segment is before.
                TermOrdHit::Next(o) => TermOrdHit::Next(o.min(col.num_terms() as u64)),
                exact => exact,
            },
        };
        let from = match hit {
            TermOrdHit::Next(ord) => (ord, 0, 0),
            TermOrdHit::Exact(ord) => {
                let doc = match segment.cmp(&cursor.addr.segment_ord) {
                    Ordering::Less => u64::from(u32::MAX) + 1,
                    Ordering::Equal => u64::from(cursor.addr.doc_id) + 1,
                    Ordering::Greater => 0,
                };
                (ord, cursor.passage, doc)
            }
        };
        Ok(After {
            score: cursor.score,
            from,
        })
    }
}

/// The best `k` matches of one segment (after a cursor, if given).
struct SegmentTop<'a> {
    k: usize,
    segment: u32,
    heap: BinaryHeap<Worst>,
    ords: Option<&'a Column<u64>>,
    passages: Option<&'a Column<u64>>,
    after: Option<After>,
}

impl<'a> SegmentTop<'a> {
    fn new(
        k: usize,
        segment: u32,
        cols: &'a SegmentColumns,
        after: Option<After>,
    ) -> SegmentTop<'a> {
        SegmentTop {
            k,
            segment,
            heap: BinaryHeap::with_capacity(k.min(4096)),
            ords: cols.ords.as_ref(),
            passages: cols.passages.as_ref(),
            after,
        }
    }

    #[inline]
    fn cand(&self, doc: DocId, score: Score) -> Cand {
        Cand {
            score,
            ord: self.ords.and_then(|c| c.first(doc)).unwrap_or(u64::MAX),
            passage: self.passages.and_then(|c| c.first(doc)).unwrap_or(u64::MAX),
            addr: DocAddress::new(self.segment, doc),
        }
    }

    #[inline]
    fn offer(&mut self, doc: DocId, score: Score) {
        // Matches at or before the cursor were taken by earlier pages. Only a tie with the
        // cursor's score needs the ordinal and passage.
        let mut tie = None;
        if let Some(after) = &self.after {
            match score.partial_cmp(&after.score) {
                Some(Ordering::Greater) => return,
                Some(Ordering::Equal) => {
                    let c = self.cand(doc, score);
                    if (c.ord, c.passage, u64::from(doc)) < after.from {
                        return;
                    }
                    tie = Some(c);
                }
                _ => {}
            }
        }
        if self.heap.len() < self.k {
            let c = tie.unwrap_or_else(|| self.cand(doc, score));
            self.heap.push(Worst(c));
            return;
        }
        let Some(worst) = self.heap.peek().map(|w| w.0) else {
            return;
        };
        if score.partial_cmp(&worst.score) == Some(Ordering::Less) {
            return;
        }
        let c = tie.unwrap_or_else(|| self.cand(doc, score));
        if rank_cmp(&c, &worst) == Ordering::Less
            && let Some(mut top) = self.heap.peek_mut()
        {
            *top = Worst(c);
        }
    }

    /// The threshold handed to tantivy's pruning: once full, just below the `k`-th score
    /// (so matches tying with it are still offered) divided by `slack` (see [`block_slack`]).
    /// The heap holds only matches after the cursor, so a cursor can only lower the threshold
    /// (matches scoring above it are rejected, not kept): every skipped block still scores
    /// below the `k`-th match after the cursor.
    #[inline]
    fn threshold(&self, slack: Score) -> Score {
        match self.heap.peek() {
            Some(w) if self.heap.len() >= self.k => w.0.score.next_down() / slack,
            _ => Score::MIN,
        }
    }
}

/// The best `k` matches over all segments, in rank order.
pub(crate) struct Top {
    /// The matches, best first.
    pub hits: Vec<Cand>,
    /// Number of matches, when the ranking pass counted them (it does when it visits every
    /// match anyway: distance filters and queries block-max WAND cannot prune, and no cursor
    /// hides the matches before it).
    pub counted: Option<usize>,
}

/// Whether tantivy can prune this query's matches by score (block-max WAND) with the scores
/// the unpruned scorer gives: one term, or two terms (boosted or not, as a word searched in
/// text and title is) both optional or both required. With three or more, the pruning scorer
/// adds the terms' scores in an order that depends on where each posting list stands, so a
/// score could differ in its last bit from the unpruned one; those queries visit every match.
fn prunable(query: &dyn Query) -> bool {
    fn term(q: &dyn Query) -> bool {
        // tantivy gives no access to a boost's inner query; its debug form names it. A wrong
        // "no" only costs time.
        q.downcast_ref::<TermQuery>().is_some()
            || q.downcast_ref::<BoostQuery>()
                .is_some_and(|b| format!("{b:?}").starts_with("Boost(query=TermQuery("))
    }
    if term(query) {
        return true;
    }
    let Some(b) = query.downcast_ref::<BooleanQuery>() else {
        return false;
    };
    let clauses = b.clauses();
    (1..=2).contains(&clauses.len())
        && clauses.iter().all(|(_, q)| term(q.as_ref()))
        && (clauses.iter().all(|(o, _)| *o == Occur::Should)
            || clauses.iter().all(|(o, _)| *o == Occur::Must))
}

/// Most alternatives in one clause of a conjunction that [`Conjunction`] takes on.
const MAX_ALTERNATIVES: usize = 8;

/// A conjunction whose clauses are small unions, such as a query of several words each
/// searched in text and title: `+(text:oil title:oil) +(text:price title:price)`.
///
/// tantivy intersects such clauses with its buffered union, which scores every document of
/// each union in windows of 4,096 and seeks by stepping through them; here each clause is a
/// handful of scorers that seek on their own skip lists, so only the documents the
/// intersection reaches are scored. Scores are sums in query order (each clause's scorers,
/// then the clauses), the same as tantivy's for up to two clauses and independent of the
/// segment layout for any number.
struct Conjunction {
    /// Per clause, its alternatives' weights.
    clauses: Vec<Vec<Box<dyn Weight>>>,
}

impl Conjunction {
    /// The conjunction behind `query`, when it is one (nested conjunctions flattened) with at
    /// least one clause that is a union of two to [`MAX_ALTERNATIVES`] alternatives.
    fn of(query: &dyn Query, searcher: &Searcher) -> tantivy::Result<Option<Conjunction>> {
        fn flatten<'a>(q: &'a dyn Query, out: &mut Vec<&'a dyn Query>) -> bool {
            match q.downcast_ref::<BooleanQuery>() {
                Some(b) if b.clauses().iter().all(|(o, _)| *o == Occur::Must) => {
                    b.clauses().iter().all(|(_, c)| flatten(c.as_ref(), out))
                }
                Some(b) if b.clauses().iter().any(|(o, _)| *o == Occur::Must) => false,
                _ => {
                    out.push(q);
                    true
                }
            }
        }
        let Some(top) = query.downcast_ref::<BooleanQuery>() else {
            return Ok(None);
        };
        if top.clauses().is_empty() || top.clauses().iter().any(|(o, _)| *o != Occur::Must) {
            return Ok(None);
        }
        let mut parts = Vec::new();
        if !flatten(query, &mut parts) || parts.len() < 2 {
            return Ok(None);
        }
        let alternatives = |q: &dyn Query| -> Option<Vec<Box<dyn Query>>> {
            let b = q.downcast_ref::<BooleanQuery>()?;
            let c = b.clauses();
            ((2..=MAX_ALTERNATIVES).contains(&c.len())
                && b.get_minimum_number_should_match() <= 1
                && c.iter().all(|(o, _)| *o == Occur::Should))
            .then(|| c.iter().map(|(_, q)| q.box_clone()).collect())
        };
        let split: Vec<Option<Vec<Box<dyn Query>>>> =
            parts.iter().map(|q| alternatives(*q)).collect();
        if split.iter().all(Option::is_none) {
            return Ok(None);
        }
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let mut clauses = Vec::with_capacity(parts.len());
        for (q, alts) in parts.iter().zip(split) {
            let weights = match alts {
                Some(alts) => alts
                    .iter()
                    .map(|a| a.weight(scoring))
                    .collect::<tantivy::Result<Vec<_>>>()?,
                None => vec![q.weight(scoring)?],
            };
            clauses.push(weights);
        }
        Ok(Some(Conjunction { clauses }))
    }

    /// Calls `f` with every matching document of the segment and its score, in doc order.
    fn for_each(
        &self,
        reader: &SegmentReader,
        f: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        let mut clauses: Vec<Union> = Vec::with_capacity(self.clauses.len());
        for weights in &self.clauses {
            let scorers = weights
                .iter()
                .map(|w| w.scorer(reader, 1.0))
                .collect::<tantivy::Result<Vec<_>>>()?;
            clauses.push(Union::new(scorers));
        }
        // Seek in order of increasing size, so the rarest clause leads.
        let mut order: Vec<usize> = (0..clauses.len()).collect();
        order.sort_by_key(|&i| clauses[i].cost);
        let mut target = clauses.iter().map(|c| c.doc).max().unwrap_or(TERMINATED);
        while target != TERMINATED {
            let mut agreed = true;
            for &i in &order {
                let d = clauses[i].seek(target);
                if d != target {
                    target = d;
                    agreed = false;
                    break;
                }
            }
            if agreed {
                let mut score = 0.0;
                for c in clauses.iter_mut() {
                    score += c.score();
                }
                f(target, score);
                target = clauses[order[0]].advance();
            }
        }
        Ok(())
    }
}

/// A few scorers whose union is read by seeking each one.
struct Union {
    alts: Vec<Box<dyn Scorer>>,
    doc: DocId,
    cost: u64,
}

impl Union {
    fn new(scorers: Vec<Box<dyn Scorer>>) -> Union {
        let doc = scorers.iter().map(|s| s.doc()).min().unwrap_or(TERMINATED);
        let cost = scorers.iter().map(|s| s.cost()).sum();
        Union {
            alts: scorers,
            doc,
            cost,
        }
    }

    #[inline]
    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let mut min = TERMINATED;
        for a in &mut self.alts {
            let d = if a.doc() < target {
                a.seek(target)
            } else {
                a.doc()
            };
            min = min.min(d);
        }
        self.doc = min;
        min
    }

    #[inline]
    fn advance(&mut self) -> DocId {
        let at = self.doc;
        let mut min = TERMINATED;
        for a in &mut self.alts {
            let d = if a.doc() == at { a.advance() } else { a.doc() };
            min = min.min(d);
        }
        self.doc = min;
        min
    }

    /// The sum of the scores of the scorers on the current document, in query order (as
    /// tantivy's sum combiner adds them).
    #[inline]
    fn score(&mut self) -> Score {
        let at = self.doc;
        let mut score = 0.0;
        for a in &mut self.alts {
            if a.doc() == at {
                score += a.score();
            }
        }
        score
    }
}

/// A query prepared for ranking on one searcher: its weight, how it is visited, and the
/// columns of the searcher's segments. Ranking can be run again after a [`Cursor`] to page
/// through the matches; the scores of a match are the same bits on every pass.
pub(crate) struct Ranking {
    weight: Box<dyn Weight>,
    /// Whether block-max WAND may skip postings ([`prunable`]).
    prune: bool,
    conjunction: Option<Conjunction>,
    near: Option<Near>,
    columns: Vec<Arc<SegmentColumns>>,
    /// Per segment, the pruning slack ([`block_slack`]); empty when not pruning.
    slack: Vec<Score>,
}

impl Ranking {
    /// Prepares `query` (kept only within `near` if set) for ranking on `searcher`.
    pub fn new(
        searcher: &Searcher,
        cache: &ColumnCache,
        query: &dyn Query,
        near: Option<Near>,
    ) -> tantivy::Result<Ranking> {
        let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
        let prune = near.is_none() && prunable(query);
        let conjunction = if prune {
            None
        } else {
            Conjunction::of(query, searcher)?
        };
        let slack = if prune {
            let mut fields: Vec<Field> = Vec::new();
            query.query_terms(&mut |t, _| fields.push(t.field()));
            fields.sort_unstable();
            fields.dedup();
            searcher
                .segment_readers()
                .iter()
                .map(|r| block_slack(searcher, r, &fields))
                .collect::<tantivy::Result<Vec<_>>>()?
        } else {
            Vec::new()
        };
        Ok(Ranking {
            weight,
            prune,
            conjunction,
            near,
            columns: cache.get(searcher)?,
            slack,
        })
    }

    /// The best `k` matches strictly after `after` (all matches if `None`), in rank order.
    /// `searcher` must be the one the ranking was prepared on.
    pub fn top(
        &self,
        searcher: &Searcher,
        k: usize,
        after: Option<&Cursor>,
    ) -> tantivy::Result<Top> {
        let columns = &self.columns;
        let near = self.near;
        let mut counted = 0usize;
        let mut all: Vec<Cand> = Vec::new();
        for (seg, reader) in searcher.segment_readers().iter().enumerate() {
            let cols = &columns[seg];
            let seg = seg as u32;
            let after = after.map(|c| After::of(c, seg, cols)).transpose()?;
            let mut top = SegmentTop::new(k, seg, cols, after);
            let alive = reader.alive_bitset();
            if self.prune {
                let slack = self.slack[seg as usize];
                self.weight
                    .for_each_pruning(Score::MIN, reader, &mut |doc, score| {
                        if alive.is_none_or(|a| a.is_alive(doc)) {
                            top.offer(doc, score);
                        }
                        top.threshold(slack)
                    })?;
            } else {
                let geo = cols.geo.as_ref();
                let mut visit = |doc, score| {
                    if alive.is_some_and(|a| a.is_deleted(doc)) {
                        return;
                    }
                    if let Some(near) = &near
                        && !geo.is_some_and(|g| g.values_for_doc(doc).any(|v| near.contains(v)))
                    {
                        return;
                    }
                    counted += 1;
                    top.offer(doc, score);
                };
                match &self.conjunction {
                    Some(c) => c.for_each(reader, &mut visit)?,
                    None => self.weight.for_each(reader, &mut visit)?,
                }
            }
            // Exact growth: `all` is the bulk of a page's memory.
            all.reserve_exact(top.heap.len());
            all.extend(top.heap.into_iter().map(|w| w.0));
            // Keep at most the best k across the segments seen so far (plus the next segment's
            // k): the order is total, so merging early gives the same final top k, and the
            // candidates held no longer grow with the number of segments.
            if all.len() > k.saturating_mul(2) {
                all = merge(all, k, columns, false)?;
            }
        }
        let hits = merge(all, k, columns, true)?;
        Ok(Top {
            hits,
            counted: (!self.prune && after.is_none()).then_some(counted),
        })
    }

    /// The article ids of `hits`, in the same order.
    pub fn article_ids(&self, hits: &[Cand]) -> tantivy::Result<Vec<String>> {
        let map = resolve(&self.columns, hits.iter())?;
        Ok(hits
            .iter()
            .map(|c| {
                map.get(&(c.addr.segment_ord, c.ord))
                    .cloned()
                    .unwrap_or_default()
            })
            .collect())
    }

    /// The cursor just after `c`, a match this ranking returned.
    pub fn cursor(&self, c: &Cand) -> tantivy::Result<Cursor> {
        let mut id = None;
        if c.ord != u64::MAX
            && let Some(col) = self
                .columns
                .get(c.addr.segment_ord as usize)
                .and_then(|s| s.article.as_ref())
        {
            let mut s = String::new();
            if col.ord_to_str(c.ord, &mut s)? {
                id = Some(s);
            }
        }
        Ok(Cursor {
            score: c.score,
            id,
            passage: c.passage,
            addr: c.addr,
        })
    }
}

/// How far a segment's stored block-max scores may fall short of the true ones, as a factor.
///
/// tantivy stores, per block of postings, the (field length, term frequency) pair with the
/// highest BM25 score computed with the segment's own average field length; scoring uses the
/// average over the whole index. With lengths and averages positive, a score computed with
/// average `g` is at most `max(g/s, s/g)` times the one computed with `s`, so the true block
/// maximum is at most that factor times the stored one (a little more for rounding). Dividing
/// the pruning threshold by it keeps pruning exact: no block that holds a match scoring at
/// least the current `k`-th score is skipped, whatever the segment layout.
fn block_slack(
    searcher: &Searcher,
    reader: &SegmentReader,
    fields: &[Field],
) -> tantivy::Result<Score> {
    let docs_all: u64 = searcher
        .segment_readers()
        .iter()
        .map(|r| u64::from(r.max_doc()))
        .sum();
    let mut slack: f64 = 1.0;
    for &field in fields {
        let tokens_all: u64 = searcher
            .segment_readers()
            .iter()
            .map(|r| r.inverted_index(field).map(|i| i.total_num_tokens()))
            .sum::<tantivy::Result<u64>>()?;
        let tokens = reader.inverted_index(field)?.total_num_tokens();
        if tokens == 0 || tokens_all == 0 || reader.max_doc() == 0 || docs_all == 0 {
            continue;
        }
        let g = tokens_all as f64 / docs_all as f64;
        let s = tokens as f64 / f64::from(reader.max_doc());
        slack = slack.max(g / s).max(s / g);
    }
    Ok((slack * 1.001) as Score)
}

/// Merges the segments' best matches into the overall best `k`, in rank order if `ordered`
/// (else only the set is exact). Among equal scores from several segments the article ids
/// decide, resolved in one pass over each segment's dictionary: for every such run of equal
/// scores if `ordered`, else only for the run that straddles the `k`-th place. Both sorts are
/// by total orders (the address breaks every tie), so unstable sorts give the one order
/// without a scratch buffer.
fn merge(
    mut all: Vec<Cand>,
    k: usize,
    columns: &[Arc<SegmentColumns>],
    ordered: bool,
) -> tantivy::Result<Vec<Cand>> {
    all.sort_unstable_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(Ordering::Equal)
            .then(a.addr.segment_ord.cmp(&b.addr.segment_ord))
            .then_with(|| rank_cmp(a, b))
    });
    // The runs of equal scores the best k reach, and whether each holds several segments.
    let mut groups: Vec<(usize, usize, bool)> = Vec::new();
    let mut i = 0;
    while i < all.len() && i < k {
        let first = all[i];
        let mut j = i + 1;
        while j < all.len() && all[j].score == first.score {
            j += 1;
        }
        let mixed = (ordered || j > k)
            && all[i..j]
                .iter()
                .any(|c| c.addr.segment_ord != first.addr.segment_ord);
        groups.push((i, j, mixed));
        i = j;
    }
    let mixed = groups.iter().filter(|g| g.2);
    let ids = resolve(columns, mixed.flat_map(|&(i, j, _)| &all[i..j]))?;
    let id = |c: &Cand| ids.get(&(c.addr.segment_ord, c.ord));
    let mut out = Vec::with_capacity(k.min(all.len()));
    for (i, j, mixed) in groups {
        let group = &mut all[i..j];
        if mixed {
            group.sort_unstable_by(|a, b| {
                id(a)
                    .cmp(&id(b))
                    .then(a.passage.cmp(&b.passage))
                    .then(a.addr.cmp(&b.addr))
            });
        }
        let take = (k - out.len()).min(group.len());
        out.extend_from_slice(&group[..take]);
    }
    Ok(out)
}

/// The article id strings of the given matches' ordinals, keyed by (segment, ordinal), read in
/// one sorted pass over each segment's dictionary.
fn resolve<'a>(
    columns: &[Arc<SegmentColumns>],
    cands: impl Iterator<Item = &'a Cand>,
) -> tantivy::Result<HashMap<(u32, u64), String>> {
    let mut per_segment: HashMap<u32, Vec<u64>> = HashMap::new();
    for c in cands {
        per_segment
            .entry(c.addr.segment_ord)
            .or_default()
            .push(c.ord);
    }
    let mut out = HashMap::new();
    for (seg, mut ords) in per_segment {
        let Some(col) = columns.get(seg as usize).and_then(|c| c.article.as_ref()) else {
            continue;
        };
        ords.sort_unstable();
        ords.dedup();
        ords.retain(|&o| o != u64::MAX);
        let mut it = ords.iter();
        col.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
            if let Some(&ord) = it.next() {
                out.insert((seg, ord), String::from_utf8_lossy(bytes).into_owned());
            }
        })?;
    }
    Ok(out)
}
