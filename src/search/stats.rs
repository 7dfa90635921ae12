//! What an index holds: article and passage counts, the date range, and the most mentioned
//! actors, places and topics (counted in passages and in articles), read from fast fields.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::index::schema::{EntityKey, KEY_SEP};
use crate::index::{Opened, timestamp_to_date};

/// One row of a top list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    /// Canonical name (or topic id).
    pub name: String,
    /// Canonical id (or topic id).
    pub id: String,
    /// Passages that mention it.
    pub count: u64,
    /// Articles that mention it.
    pub articles: u64,
}

/// The `dossier stats` report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// Articles in the index.
    pub articles: u64,
    /// Passages in the index.
    pub passages: u64,
    /// Earliest publication date.
    pub first_date: Option<String>,
    /// Latest publication date.
    pub last_date: Option<String>,
    /// Passages without a date.
    pub undated_passages: u64,
    /// Most mentioned actors, most first.
    pub actors: Vec<Count>,
    /// Most mentioned places, most first.
    pub places: Vec<Count>,
    /// Most frequent topics, most first.
    pub topics: Vec<Count>,
}

#[derive(Default)]
struct Tally {
    passages: u64,
    articles: HashSet<u32>,
    name: String,
}

/// Computes the statistics, keeping the `top` most frequent entries of each list.
pub fn stats(opened: &Opened, top: usize) -> Result<Stats> {
    let corrupt = |e: &dyn std::fmt::Display| Error::Corrupt {
        path: opened.dir.clone(),
        reason: e.to_string(),
    };
    let reader = opened.index.reader().map_err(|e| corrupt(&e))?;
    let searcher = reader.searcher();
    let mut articles_seen: HashMap<String, u32> = HashMap::new();
    let mut tallies: [HashMap<String, Tally>; 3] = Default::default();
    let (mut passages, mut undated) = (0u64, 0u64);
    let (mut first, mut last): (Option<i64>, Option<i64>) = (None, None);
    let mut buf = String::new();
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let ids = ff.str("article_id").map_err(|e| corrupt(&e))?;
        let dates = ff.date("date").map_err(|e| corrupt(&e))?;
        let keys = [
            ff.str("actor_key").map_err(|e| corrupt(&e))?,
            ff.str("place_key").map_err(|e| corrupt(&e))?,
            ff.str("topic_key").map_err(|e| corrupt(&e))?,
        ];
        for doc in segment.doc_ids_alive() {
            passages += 1;
            let mut article = 0u32;
            if let Some(ids) = &ids
                && let Some(ord) = ids.term_ords(doc).next()
            {
                buf.clear();
                ids.ord_to_str(ord, &mut buf).map_err(|e| corrupt(&e))?;
                let next = articles_seen.len() as u32;
                article = *articles_seen.entry(buf.clone()).or_insert(next);
            }
            match dates.first(doc) {
                Some(d) => {
                    let secs = d.into_timestamp_secs();
                    first = Some(first.map_or(secs, |f| f.min(secs)));
                    last = Some(last.map_or(secs, |l| l.max(secs)));
                }
                None => undated += 1,
            }
            for (col, tally) in keys.iter().zip(tallies.iter_mut()) {
                let Some(col) = col else { continue };
                for ord in col.term_ords(doc) {
                    buf.clear();
                    col.ord_to_str(ord, &mut buf).map_err(|e| corrupt(&e))?;
                    let (id, name) = split_key(&buf);
                    let t = tally.entry(id.to_string()).or_default();
                    if t.name.is_empty() {
                        t.name = name.to_string();
                    }
                    t.passages += 1;
                    t.articles.insert(article);
                }
            }
        }
    }
    let [actors, places, topics] = tallies.map(|t| top_list(t, top));
    Ok(Stats {
        articles: articles_seen.len() as u64,
        passages,
        first_date: first.map(timestamp_to_date),
        last_date: last.map(timestamp_to_date),
        undated_passages: undated,
        actors,
        places,
        topics,
    })
}

/// Splits an entity key or `id\x1fscore` (topics) into id and name.
fn split_key(key: &str) -> (&str, &str) {
    if let Some(k) = EntityKey::parse(key) {
        return (k.id, k.name);
    }
    let id = key.split(KEY_SEP).next().unwrap_or(key);
    (id, id)
}

fn top_list(tally: HashMap<String, Tally>, top: usize) -> Vec<Count> {
    let mut list: Vec<Count> = tally
        .into_iter()
        .map(|(id, t)| Count {
            name: t.name,
            id,
            count: t.passages,
            articles: t.articles.len() as u64,
        })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.id.cmp(&b.id)));
    list.truncate(top);
    list
}
