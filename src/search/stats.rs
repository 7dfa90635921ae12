//! What an index holds: article and passage counts, the date range, and the most mentioned
//! actors, places and topics (counted in passages and in articles), read from fast fields.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::index::schema::{EntityKey, KEY_SEP};
use crate::index::{Opened, article_numbers, for_each_term, timestamp_to_date};

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
    id: String,
    name: String,
    passages: u64,
    articles: HashSet<u32>,
}

/// The tallies of one list, by id.
#[derive(Default)]
struct Tallies {
    index: HashMap<String, usize>,
    list: Vec<Tally>,
}

impl Tallies {
    fn of(&mut self, id: &str) -> usize {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        self.list.push(Tally {
            id: id.to_owned(),
            ..Tally::default()
        });
        self.index.insert(id.to_owned(), self.list.len() - 1);
        self.list.len() - 1
    }
}

/// Computes the statistics, keeping the `top` most frequent entries of each list.
pub fn stats(opened: &Opened, top: usize) -> Result<Stats> {
    let corrupt = |e: &dyn std::fmt::Display| Error::Corrupt {
        path: opened.dir.clone(),
        reason: e.to_string(),
    };
    let reader = opened.index.reader().map_err(|e| corrupt(&e))?;
    let searcher = reader.searcher();
    let mut article_of: HashMap<String, u32> = HashMap::new();
    let mut articles: HashSet<u32> = HashSet::new();
    let mut tallies: [Tallies; 3] = Default::default();
    let (mut passages, mut undated) = (0u64, 0u64);
    let (mut first, mut last): (Option<i64>, Option<i64>) = (None, None);
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let ids = ff.str("article_id").map_err(|e| corrupt(&e))?;
        let dates = ff.date("date").map_err(|e| corrupt(&e))?;
        let keys = [
            ff.str("actor_key").map_err(|e| corrupt(&e))?,
            ff.str("place_key").map_err(|e| corrupt(&e))?,
            ff.str("topic_key").map_err(|e| corrupt(&e))?,
        ];
        // The segment's dictionaries, read once (see `for_each_term`): the corpus-wide number
        // of each article ordinal; each key ordinal's tally and name.
        let article = match &ids {
            Some(ids) => article_numbers(ids, &mut article_of).map_err(|e| corrupt(&e))?,
            None => Vec::new(),
        };
        let mut key_tally: [Vec<(usize, String)>; 3] = Default::default();
        for ((col, tally), of_key) in keys.iter().zip(&mut tallies).zip(&mut key_tally) {
            let Some(col) = col else { continue };
            *of_key = vec![(usize::MAX, String::new()); col.num_terms()];
            for_each_term(col, |ord, key| {
                let (id, name) = split_key(key);
                of_key[ord] = (tally.of(id), name.to_owned());
            })
            .map_err(|e| corrupt(&e))?;
        }
        for doc in segment.doc_ids_alive() {
            passages += 1;
            let art = ids
                .as_ref()
                .and_then(|ids| ids.term_ords(doc).next())
                .map_or(u32::MAX, |o| article[o as usize]);
            if art != u32::MAX {
                articles.insert(art);
            }
            match dates.first(doc) {
                Some(d) => {
                    let secs = d.into_timestamp_secs();
                    first = Some(first.map_or(secs, |f| f.min(secs)));
                    last = Some(last.map_or(secs, |l| l.max(secs)));
                }
                None => undated += 1,
            }
            for ((col, tally), of_key) in keys.iter().zip(&mut tallies).zip(&key_tally) {
                let Some(col) = col else { continue };
                for ord in col.term_ords(doc) {
                    let (i, name) = &of_key[ord as usize];
                    let t = &mut tally.list[*i];
                    if t.name.is_empty() {
                        t.name.clone_from(name);
                    }
                    t.passages += 1;
                    t.articles.insert(art);
                }
            }
        }
    }
    let [actors, places, topics] = tallies.map(|t| top_list(t, top));
    Ok(Stats {
        articles: articles.len() as u64,
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

fn top_list(tallies: Tallies, top: usize) -> Vec<Count> {
    let mut list: Vec<Count> = tallies
        .list
        .into_iter()
        // Keys of deleted passages only.
        .filter(|t| t.passages > 0)
        .map(|t| Count {
            name: t.name,
            id: t.id,
            count: t.passages,
            articles: t.articles.len() as u64,
        })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.id.cmp(&b.id)));
    list.truncate(top);
    list
}
