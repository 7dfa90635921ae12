//! Query -> ranked passages. BM25 over passage text and article title, entity, topic and date
//! filters ([`query`]), deterministic tie-breaking (article id, then passage number), snippets
//! with highlighted ranges, optionally the best passage per article. [`stats`] summarises an index.

pub mod entities;
pub mod query;
mod rank;
pub mod stats;

use std::collections::HashSet;
use std::ops::Range;

use serde::Serialize;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, TantivyDocument, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Searcher, Term};

use crate::error::{Error, Result};
use crate::index::schema::{EntityKey, KEY_SEP, TEXT_TOKENIZER};
use crate::index::{Fields, Opened, timestamp_to_date};
pub use query::{Filters, Near};
pub(crate) use rank::ColumnCache;

/// Characters of passage text shown in a snippet.
pub const SNIPPET_CHARS: usize = 240;
/// Bytes of passage text before or after a snippet that are shown rather than elided.
const SNIPPET_SLACK: usize = 24;

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

/// A ranked result set whose hits are loaded lazily, so exports can stream.
pub struct Results {
    /// Number of matching passages (before `--by-article` and `--limit`).
    pub total: usize,
    searcher: Searcher,
    fields: Fields,
    ranked: Vec<(f32, DocAddress)>,
    snippets: SnippetGenerator,
    fallback: Option<SnippetGenerator>,
}

/// Runs a search.
pub fn search(opened: &Opened, opts: &SearchOptions) -> Result<Results> {
    let f = opened.fields;
    let query = query::build(&opened.index, &f, &opts.query, &opts.filters)?;
    let searcher = opened.searcher()?;
    let (ranked, total) =
        rank(&searcher, &opened.columns, &*query, opts).map_err(|e| corrupt(opened, e))?;
    let mut snippets = SnippetGenerator::create(&searcher, &*query, f.text)?;
    snippets.set_max_num_chars(SNIPPET_CHARS);
    let fallback = entity_snippets(&searcher, &f, &*query)?;
    Ok(Results {
        total,
        searcher,
        fields: f,
        ranked,
        snippets,
        fallback,
    })
}

impl Results {
    /// Number of hits that [`Results::hits`] yields.
    pub fn len(&self) -> usize {
        self.ranked.len()
    }

    /// Whether there are no hits.
    pub fn is_empty(&self) -> bool {
        self.ranked.is_empty()
    }

    /// The hits in rank order, loaded one at a time.
    pub fn hits(&self) -> impl Iterator<Item = Result<Hit>> + '_ {
        self.ranked
            .iter()
            .enumerate()
            .map(|(i, &(score, addr))| self.load(i + 1, score, addr))
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

/// Ranks matches by score, breaking ties by article id then passage number ([`rank`]), and
/// counts all matches. With `--by-article`, fetches more passages than articles wanted, more
/// again if needed.
fn rank(
    searcher: &Searcher,
    columns: &ColumnCache,
    query: &dyn Query,
    opts: &SearchOptions,
) -> tantivy::Result<(Vec<(f32, DocAddress)>, usize)> {
    let want = opts.limit.unwrap_or(usize::MAX);
    let mut fetch = if opts.by_article {
        want.saturating_mul(8)
    } else {
        want
    };
    let near = opts.filters.near;
    if fetch == 0 && near.is_none() {
        return Ok((Vec::new(), query.count(searcher)?));
    }
    let mut total: Option<usize> = None;
    loop {
        let top = rank::top(searcher, columns, query, fetch, near)?;
        let n = match (total, top.counted) {
            (Some(n), _) | (None, Some(n)) => n,
            (None, None) => query.count(searcher)?,
        };
        total = Some(n);
        let mut out = Vec::with_capacity(want.min(top.hits.len()));
        if opts.by_article {
            let ids = top.article_ids(&top.hits)?;
            let mut seen = HashSet::new();
            for (c, id) in top.hits.iter().zip(ids) {
                if seen.insert(id) {
                    out.push((c.score, c.addr));
                    if out.len() == want {
                        break;
                    }
                }
            }
        } else {
            out.extend(top.hits.iter().take(want).map(|c| (c.score, c.addr)));
        }
        if out.len() >= want || fetch >= n || top.hits.len() < fetch {
            return Ok((out, n));
        }
        fetch = fetch.saturating_mul(4).min(n);
    }
}

/// A snippet generator that highlights the words of `actor:`/`place:` terms in passage text,
/// for queries that only filter by entity.
fn entity_snippets(
    searcher: &Searcher,
    f: &Fields,
    query: &dyn Query,
) -> Result<Option<SnippetGenerator>> {
    let mut words: Vec<String> = Vec::new();
    query.query_terms(&mut |term, _| {
        if (term.field() == f.actor || term.field() == f.place)
            && let Some(s) = term.value().as_str()
        {
            words.push(s.to_string());
        }
    });
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

fn corrupt(opened: &Opened, e: tantivy::TantivyError) -> Error {
    Error::Corrupt {
        path: opened.dir.clone(),
        reason: e.to_string(),
    }
}
