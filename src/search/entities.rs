//! The analyst's entity table: canonical entities found in the index with the forms they were
//! written in, and mention, passage and article counts; plus resolving a place name to the
//! coordinates stored with it (for `--near`).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::index::schema::{EntityKey, KEY_SEP};
use crate::index::{Opened, article_numbers, for_each_term};

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
    id: String,
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
///
/// Each passage's `mention_key` values say which entity it mentions, as which name, kind and
/// form, how often. A segment's distinct keys are read once, in dictionary order, and the
/// passages then only count key ordinals: looking a key up by ordinal decompresses a block of
/// the dictionary each time, which made the table take a minute on a million passages.
pub fn entities(opened: &Opened, filter: &EntityFilter) -> Result<Vec<EntityRow>> {
    let corrupt = |e: &dyn std::fmt::Display| Error::Corrupt {
        path: opened.dir.clone(),
        reason: e.to_string(),
    };
    let reader = opened.index.reader().map_err(|e| corrupt(&e))?;
    let searcher = reader.searcher();
    let mut accs: Vec<Acc> = Vec::new();
    let mut entity_of: HashMap<String, u32> = HashMap::new();
    let mut article_of: HashMap<String, u32> = HashMap::new();
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let (Some(keys), Some(ids)) = (
            ff.str("mention_key").map_err(|e| corrupt(&e))?,
            ff.str("article_id").map_err(|e| corrupt(&e))?,
        ) else {
            continue;
        };
        // The entity of each key ordinal (u32::MAX: a key that does not parse).
        let mut key_entity = vec![u32::MAX; keys.num_terms()];
        for_each_term(&keys, |ord, key| {
            let Some((id, ..)) = parse_key(key) else {
                return;
            };
            let next = accs.len() as u32;
            key_entity[ord] = *entity_of.entry(id.to_owned()).or_insert_with(|| {
                accs.push(Acc {
                    id: id.to_owned(),
                    ..Acc::default()
                });
                next
            });
        })
        .map_err(|e| corrupt(&e))?;
        let article = article_numbers(&ids, &mut article_of).map_err(|e| corrupt(&e))?;
        // Passages: how many hold each key; per entity, the last passage and article counted.
        let mut uses = vec![0u64; keys.num_terms()];
        let mut last_doc = vec![u32::MAX; accs.len()];
        let mut last_article = vec![u32::MAX; accs.len()];
        for doc in segment.doc_ids_alive() {
            let art = ids
                .term_ords(doc)
                .next()
                .map_or(u32::MAX, |o| article[o as usize]);
            for ord in keys.term_ords(doc) {
                let e = key_entity[ord as usize];
                if e == u32::MAX {
                    continue;
                }
                uses[ord as usize] += 1;
                let acc = &mut accs[e as usize];
                if last_doc[e as usize] != doc {
                    last_doc[e as usize] = doc;
                    acc.passages += 1;
                }
                if last_article[e as usize] != art {
                    last_article[e as usize] = art;
                    acc.articles.insert(art);
                }
            }
        }
        // Names, kinds, forms and mentions, from each key used, times its passages.
        for_each_term(&keys, |ord, key| {
            let (e, used) = (key_entity[ord], uses[ord]);
            let Some((_, name, kind, surface, n)) = parse_key(key).filter(|_| used > 0) else {
                return;
            };
            let n = n * used;
            let acc = &mut accs[e as usize];
            *acc.names.entry(name.to_owned()).or_default() += n;
            *acc.kinds.entry(kind.to_owned()).or_default() += n;
            *acc.forms.entry(surface.to_owned()).or_default() += n;
            acc.mentions += n;
        })
        .map_err(|e| corrupt(&e))?;
    }
    let query = filter.query.as_deref().map(str::to_lowercase);
    let mut rows: Vec<EntityRow> = accs
        .into_iter()
        // Keys of deleted passages only.
        .filter(|acc| acc.passages > 0)
        .map(|acc| {
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
                id: acc.id,
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

/// The parts of a `mention_key` value: id, canonical name, kind, form as written, and the
/// number of mentions in the passage.
fn parse_key(key: &str) -> Option<(&str, &str, &str, &str, u64)> {
    let mut parts = key.split(KEY_SEP);
    let (id, name, kind, surface, n) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if parts.next().is_some() {
        return None;
    }
    Some((id, name, kind, surface, n.parse().unwrap_or(1)))
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
