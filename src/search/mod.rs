//! Query -> ranked passages. BM25 over passage text and article title, entity, topic and date
//! filters ([`query`]), deterministic tie-breaking (article id, then passage number), snippets
//! with highlighted ranges, optionally the best passage per article. Long hit lists are ranked
//! a page at a time, so listing them takes memory for one page, not for every hit. [`stats`]
//! summarises an index.

pub mod entities;
pub mod query;
mod rank;
pub mod stats;

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, TantivyDocument, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Searcher, Term};

use rank::{Cand, Ranking};

use crate::error::{Error, Result};
use crate::index::schema::{EntityKey, KEY_SEP, TEXT_TOKENIZER};
use crate::index::{Fields, Opened, timestamp_to_date};
pub use query::{Filters, Near};
pub(crate) use rank::ColumnCache;

/// Characters of passage text shown in a snippet.
pub const SNIPPET_CHARS: usize = 240;
/// Bytes of passage text before or after a snippet that are shown rather than elided.
const SNIPPET_SLACK: usize = 24;
/// Matches ranked per pass by default when listing hits ([`SearchOptions::page`]).
pub const PAGE: usize = 10_000;

/// What to search for and how many hits to return.
#[derive(Debug, Clone, Default)]
pub struct SearchOptions {
    /// The query text in dossier's query language.
    pub query: String,
    /// Filters from flags.
    pub filters: Filters,
    /// At most this many hits (`None`: all).
    pub limit: Option<usize>,
    /// Keep only the best passage of each article.
    pub by_article: bool,
    /// Matches ranked per pass while listing hits (`None`: [`PAGE`]). Listing memory grows
    /// with this, not with `limit`; smaller pages mean more passes. Tests set it tiny to
    /// exercise paging; the hits are the same whatever the page size.
    pub page: Option<usize>,
}

/// A highlighted excerpt of a passage.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Snippet {
    /// The excerpt.
    pub fragment: String,
    /// Byte ranges of `fragment` that matched the query.
    pub highlighted: Vec<Range<usize>>,
    /// Whether the excerpt starts after the passage start.
    pub cut_start: bool,
    /// Whether the excerpt ends before the passage end.
    pub cut_end: bool,
}

impl Snippet {
    /// Renders the excerpt with `open`/`close` around matches and `…` where text was cut.
    pub fn render(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.fragment.len() + 16);
        if self.cut_start {
            out.push('…');
        }
        let mut at = 0;
        for r in &self.highlighted {
            if r.start < at || r.end > self.fragment.len() {
                continue;
            }
            out.push_str(&self.fragment[at..r.start]);
            out.push_str(open);
            out.push_str(&self.fragment[r.clone()]);
            out.push_str(close);
            at = r.end;
        }
        out.push_str(&self.fragment[at..]);
        if self.cut_end {
            out.push('…');
        }
        out
    }
}

/// One ranked passage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// 1-based rank.
    pub rank: usize,
    /// BM25 score.
    pub score: f32,
    /// Article path relative to the corpus root.
    pub path: String,
    /// Record inside the file (JSON Lines line number; 0 otherwise).
    pub record: u64,
    /// Article title.
    pub title: String,
    /// Publication date `YYYY-MM-DD`, if known.
    pub date: Option<String>,
    /// Passage number in the article (0-based).
    pub passage: u64,
    /// Passage start offset (characters) in the article text.
    pub start: u64,
    /// Passage end offset (characters).
    pub end: u64,
    /// Passage text.
    pub text: String,
    /// Highlighted excerpt.
    pub snippet: Snippet,
    /// Canonical names of the actors mentioned.
    pub actors: Vec<String>,
    /// Canonical names of the places mentioned.
    pub places: Vec<String>,
    /// Topic ids of the passage.
    pub topics: Vec<String>,
    /// Original address of the article.
    pub url: Option<String>,
}

/// A ranked result set. Its hits are ranked a page at a time and loaded one at a time, so
/// exports stream: memory is bounded by the page size, not by the number of hits.
pub struct Results {
    /// Number of matching passages (before `--by-article` and `--limit`).
    pub total: usize,
    /// Pins the index's segments: every page is ranked on the same ones, with the same scores.
    searcher: Searcher,
    fields: Fields,
    ranking: Ranking,
    /// The first page, ranked by [`search`] (which may count the matches on the way).
    first: Vec<Cand>,
    /// Matches asked for in the first page.
    first_asked: usize,
    limit: usize,
    by_article: bool,
    page: usize,
    dir: PathBuf,
    snippets: SnippetGenerator,
    fallback: Option<SnippetGenerator>,
}

/// Runs a search: counts the matches and ranks the first page of hits.
pub fn search(opened: &Opened, opts: &SearchOptions) -> Result<Results> {
    let f = opened.fields;
    let built = query::build(opened, &opts.query, &opts.filters)?;
    let query = built.query;
    let searcher = opened.searcher()?;
    let corrupt = |e| corrupt(&opened.dir, e);
    let near = opts.filters.near;
    let ranking = Ranking::new(&searcher, &opened.columns, &*query, near).map_err(corrupt)?;
    let limit = opts.limit.unwrap_or(usize::MAX);
    let page = opts.page.unwrap_or(PAGE).max(1);
    let first_asked = page_size(limit, opts.by_article, page);
    let (first, counted) = if first_asked == 0 && near.is_none() {
        (Vec::new(), None)
    } else {
        let top = ranking.top(&searcher, first_asked, None).map_err(corrupt)?;
        (top.hits, top.counted)
    };
    let total = match counted {
        Some(n) => n,
        None => query.count(&searcher).map_err(corrupt)?,
    };
    let mut snippets = SnippetGenerator::create(&searcher, &*query, f.text)?;
    snippets.set_max_num_chars(SNIPPET_CHARS);
    let fallback = entity_snippets(&searcher, &f, built.entity_words)?;
    Ok(Results {
        total,
        searcher,
        fields: f,
        ranking,
        first,
        first_asked,
        limit,
        by_article: opts.by_article,
        page,
        dir: opened.dir.clone(),
        snippets,
        fallback,
    })
}

/// Matches to rank in the next pass when `left` hits are still wanted. With `--by-article`,
/// more passages than articles (an article may have several among the best), within a page.
fn page_size(left: usize, by_article: bool, page: usize) -> usize {
    if by_article {
        left.saturating_mul(8).min(page)
    } else {
        left.min(page)
    }
}

impl Results {
    /// Whether [`Results::hits`] yields nothing: no match, or a limit of 0.
    pub fn is_empty(&self) -> bool {
        self.total == 0 || self.limit == 0
    }

    /// The hits in rank order: score descending, then article id, then passage number. They
    /// are ranked a page at a time (each page the best matches after the last hit of the one
    /// before) and loaded one at a time. Each call starts again from the first hit.
    pub fn hits(&self) -> impl Iterator<Item = Result<Hit>> + '_ {
        Pages {
            results: self,
            page: Cow::Borrowed(&self.first),
            asked: self.first_asked,
            at: 0,
            ids: Vec::new(),
            yielded: 0,
            seen: HashSet::new(),
            done: false,
        }
    }

    fn load(&self, rank: usize, score: f32, addr: DocAddress) -> Result<Hit> {
        let f = &self.fields;
        let doc: TantivyDocument = self.searcher.doc(addr)?;
        let text = first_str(&doc, f.text);
        let snippet = self.snippet(&text);
        let keys = |field: Field| -> Vec<String> {
            doc.get_all(field)
                .filter_map(|v| v.as_str())
                .filter_map(|k| EntityKey::parse(k).map(|k| k.name.to_string()))
                .collect()
        };
        Ok(Hit {
            rank,
            score,
            path: first_str(&doc, f.path),
            record: first_u64(&doc, f.record),
            title: first_str(&doc, f.title),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_datetime())
                .map(|d| timestamp_to_date(d.into_timestamp_secs())),
            passage: first_u64(&doc, f.passage),
            start: first_u64(&doc, f.start),
            end: first_u64(&doc, f.end),
            actors: keys(f.actor_key),
            places: keys(f.place_key),
            topics: doc
                .get_all(f.topic_key)
                .filter_map(|v| v.as_str())
                .filter_map(|k| k.split(KEY_SEP).next().map(str::to_string))
                .collect(),
            url: doc
                .get_first(f.url)
                .and_then(|v| v.as_str())
                .map(str::to_string),
            snippet,
            text,
        })
    }

    fn snippet(&self, text: &str) -> Snippet {
        let mut s = self.snippets.snippet(text);
        if s.highlighted().is_empty()
            && let Some(fb) = &self.fallback
        {
            s = fb.snippet(text);
        }
        if !s.highlighted().is_empty() {
            // tantivy's fragment stops at token edges; take in a short head or tail (closing
            // punctuation, a first word) rather than showing an ellipsis for it.
            let range = s.fragment_range();
            let start = if range.start <= SNIPPET_SLACK {
                0
            } else {
                range.start
            };
            let end = if text.len() - range.end <= SNIPPET_SLACK {
                text.len()
            } else {
                range.end
            };
            let shift = range.start - start;
            return Snippet {
                fragment: text[start..end].to_string(),
                highlighted: s
                    .highlighted()
                    .iter()
                    .map(|r| r.start + shift..r.end + shift)
                    .collect(),
                cut_start: start > 0,
                cut_end: end < text.len(),
            };
        }
        // Nothing to highlight (a filter-only query): show the passage opening.
        let cut = text
            .char_indices()
            .nth(SNIPPET_CHARS)
            .map(|(i, _)| text[..i].rfind(' ').unwrap_or(i));
        Snippet {
            fragment: text[..cut.unwrap_or(text.len())].to_string(),
            highlighted: Vec::new(),
            cut_start: false,
            cut_end: cut.is_some(),
        }
    }
}

/// The iterator behind [`Results::hits`]: walks one page of ranked matches, then ranks the next
/// page after the last match of this one.
struct Pages<'a> {
    results: &'a Results,
    page: Cow<'a, [Cand]>,
    /// Matches asked for in this page: a shorter page is the last.
    asked: usize,
    /// Next match of the page to look at.
    at: usize,
    /// With `--by-article`, the page's article ids (resolved when the page is first read).
    ids: Vec<String>,
    yielded: usize,
    /// With `--by-article`, the articles met so far, across pages, so that no page can yield
    /// a second passage of an article. It grows with the number of articles listed.
    seen: HashSet<String>,
    done: bool,
}

impl Pages<'_> {
    fn step(&mut self) -> Result<Option<Hit>> {
        let r = self.results;
        let corrupt = |e| corrupt(&r.dir, e);
        loop {
            if self.yielded >= r.limit {
                return Ok(None);
            }
            let Some(&c) = self.page.get(self.at) else {
                let Some(last) = self.page.last().filter(|_| self.page.len() >= self.asked) else {
                    return Ok(None);
                };
                let cursor = r.ranking.cursor(last).map_err(corrupt)?;
                self.asked = page_size(r.limit - self.yielded, r.by_article, r.page);
                let top = r.ranking.top(&r.searcher, self.asked, Some(&cursor));
                self.page = Cow::Owned(top.map_err(corrupt)?.hits);
                self.at = 0;
                self.ids.clear();
                continue;
            };
            self.at += 1;
            if r.by_article {
                if self.ids.len() != self.page.len() {
                    self.ids = r.ranking.article_ids(&self.page).map_err(corrupt)?;
                }
                if !self.seen.insert(std::mem::take(&mut self.ids[self.at - 1])) {
                    continue;
                }
            }
            self.yielded += 1;
            return r.load(self.yielded, c.score, c.addr).map(Some);
        }
    }
}

impl Iterator for Pages<'_> {
    type Item = Result<Hit>;

    fn next(&mut self) -> Option<Result<Hit>> {
        if self.done {
            return None;
        }
        let step = self.step();
        self.done = !matches!(step, Ok(Some(_)));
        step.transpose()
    }
}

/// A snippet generator that highlights the words of `actor:`/`place:` values in passage text,
/// for queries that only filter by entity.
fn entity_snippets(
    searcher: &Searcher,
    f: &Fields,
    words: Vec<String>,
) -> Result<Option<SnippetGenerator>> {
    if words.is_empty() {
        return Ok(None);
    }
    let mut analyzer = searcher
        .index()
        .tokenizers()
        .get(TEXT_TOKENIZER)
        .expect("registered on open");
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut tokens = Vec::new();
    for w in words {
        let mut stream = analyzer.token_stream(&w);
        while let Some(tok) = stream.next() {
            tokens.push(tok.text.clone());
        }
    }
    // Particles like "al" in "al-Tanf" would light up every "al-"; keep the distinctive words.
    if tokens.iter().any(|t| t.len() > 2) {
        tokens.retain(|t| t.len() > 2);
    }
    for t in tokens {
        let term = Term::from_field_text(f.text, &t);
        clauses.push((
            Occur::Should,
            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
        ));
    }
    let q = BooleanQuery::new(clauses);
    let mut g = SnippetGenerator::create(searcher, &q, f.text)?;
    g.set_max_num_chars(SNIPPET_CHARS);
    Ok(Some(g))
}

fn first_str(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

fn first_u64(doc: &TantivyDocument, field: Field) -> u64 {
    doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0)
}

fn corrupt(dir: &Path, e: tantivy::TantivyError) -> Error {
    Error::Corrupt {
        path: dir.to_path_buf(),
        reason: e.to_string(),
    }
}
