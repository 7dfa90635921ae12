//! The analyst's entity table: canonical entities found in the index with the forms they were
//! written in, and mention, passage and article counts; plus resolving a place name to the
//! coordinates stored with it (for `--near`).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::index::Opened;
use crate::index::schema::{EntityKey, KEY_SEP};

/// One row of the entity table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityRow {
    /// Canonical id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Most frequent kind of its mentions (`person`, `organization`, `place`, `nationality`).
    pub kind: String,
    /// Every kind it was mentioned as (a country is a place and, as "Iranian", a nationality).
    pub kinds: Vec<String>,
    /// The forms it was written in, most frequent first.
    pub aliases: Vec<String>,
    /// Mentions in the corpus.
    pub mentions: u64,
    /// Passages that mention it.
    pub passages: u64,
    /// Articles that mention it.
    pub articles: u64,
}

/// Which entities to list.
#[derive(Debug, Clone, Default)]
pub struct EntityFilter {
    /// Only entities mentioned as this kind.
    pub kind: Option<String>,
    /// Only entities whose id, name or an alias contains this text (case-insensitive).
    pub query: Option<String>,
}

#[derive(Default)]
struct Acc {
    /// Canonical names with their mention counts: an entity found by the tagger is named by
    /// each article it is in, and the most common name wins (whatever order the index holds
    /// the articles in).
    names: HashMap<String, u64>,
    kinds: HashMap<String, u64>,
    forms: HashMap<String, u64>,
    mentions: u64,
    passages: u64,
    articles: HashSet<u32>,
}

/// Lists the entities of an index, most mentioned first (ties by id).
pub fn entities(opened: &Opened, filter: &EntityFilter) -> Result<Vec<EntityRow>> {
    let corrupt = |e: &dyn std::fmt::Display| Error::Corrupt {
        path: opened.dir.clone(),
        reason: e.to_string(),
    };
    let reader = opened.index.reader().map_err(|e| corrupt(&e))?;
    let searcher = reader.searcher();
    let mut accs: BTreeMap<String, Acc> = BTreeMap::new();
    let mut articles: HashMap<String, u32> = HashMap::new();
    let (mut buf, mut article) = (String::new(), String::new());
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let (Some(keys), Some(ids)) = (
            ff.str("mention_key").map_err(|e| corrupt(&e))?,
            ff.str("article_id").map_err(|e| corrupt(&e))?,
        ) else {
            continue;
        };
        for doc in segment.doc_ids_alive() {
            article.clear();
            if let Some(ord) = ids.term_ords(doc).next() {
                ids.ord_to_str(ord, &mut article).map_err(|e| corrupt(&e))?;
            }
            let next = articles.len() as u32;
            let art = *articles.entry(article.clone()).or_insert(next);
            let mut seen_here: HashSet<String> = HashSet::new();
            for ord in keys.term_ords(doc) {
                buf.clear();
                keys.ord_to_str(ord, &mut buf).map_err(|e| corrupt(&e))?;
                let parts: Vec<&str> = buf.split(KEY_SEP).collect();
                let [id, name, kind, surface, n] = parts.as_slice() else {
                    continue;
                };
                let n: u64 = n.parse().unwrap_or(1);
                let acc = accs.entry(id.to_string()).or_default();
                *acc.names.entry(name.to_string()).or_default() += n;
                *acc.kinds.entry(kind.to_string()).or_default() += n;
                *acc.forms.entry(surface.to_string()).or_default() += n;
                acc.mentions += n;
                if seen_here.insert(id.to_string()) {
                    acc.passages += 1;
                }
                acc.articles.insert(art);
            }
        }
    }
    let query = filter.query.as_deref().map(str::to_lowercase);
    let mut rows: Vec<EntityRow> = accs
        .into_iter()
        .map(|(id, acc)| {
            let mut kinds: Vec<(String, u64)> = acc.kinds.into_iter().collect();
            kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let mut forms: Vec<(String, u64)> = acc.forms.into_iter().collect();
            forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let name = acc
                .names
                .into_iter()
                .min_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)))
                .map(|n| n.0)
                .unwrap_or_default();
            EntityRow {
                id,
                name,
                kind: kinds.first().map(|k| k.0.clone()).unwrap_or_default(),
                kinds: kinds.into_iter().map(|k| k.0).collect(),
                aliases: forms.into_iter().map(|f| f.0).collect(),
                mentions: acc.mentions,
                passages: acc.passages,
                articles: acc.articles.len() as u64,
            }
        })
        .filter(|r| {
            filter
                .kind
                .as_deref()
                .is_none_or(|k| r.kinds.iter().any(|rk| rk.eq_ignore_ascii_case(k)))
        })
        .filter(|r| {
            query.as_deref().is_none_or(|q| {
                r.id.to_lowercase().contains(q)
                    || r.name.to_lowercase().contains(q)
                    || r.aliases.iter().any(|a| a.to_lowercase().contains(q))
            })
        })
        .collect();
    rows.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.id.cmp(&b.id)));
    Ok(rows)
}

/// Finds a geocoded place in the index by canonical name or id (case-insensitive); returns
/// its name and coordinates.
pub fn find_place(opened: &Opened, name: &str) -> Result<Option<(String, f64, f64)>> {
    let corrupt = |e: &dyn std::fmt::Display| Error::Corrupt {
        path: opened.dir.clone(),
        reason: e.to_string(),
    };
    let want = name.trim().to_lowercase();
    let reader = opened.index.reader().map_err(|e| corrupt(&e))?;
    let searcher = reader.searcher();
    for segment in searcher.segment_readers() {
        let Some(col) = segment
            .fast_fields()
            .str("place_key")
            .map_err(|e| corrupt(&e))?
        else {
            continue;
        };
        let mut stream = col.dictionary().stream().map_err(|e| corrupt(&e))?;
        while stream.advance() {
            let Ok(key) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if let Some(k) = EntityKey::parse(key)
                && let Some((lat, lon)) = k.coords
                && (k.name.to_lowercase() == want || k.id.to_lowercase() == want)
            {
                return Ok(Some((k.name.to_string(), lat, lon)));
            }
        }
    }
    Ok(None)
}
