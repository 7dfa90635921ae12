//! Enriched articles -> tantivy: one document per passage (see [`schema`]), written
//! incrementally with a manifest committed atomically alongside the documents (see
//! [`manifest`]). [`run`] is the whole `dossier index` job; [`open`] opens an index for reading.

pub mod geo;
pub mod manifest;
pub mod names;
mod pool;
pub mod schema;
mod stem;
pub mod verify;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use tantivy::{Index, IndexReader, Searcher};

use crate::error::{Error, Result};

pub use schema::Fields;
pub use writer::{CONFIG_FILE, FileReport, Progress, Summary, run};

/// Options for one `dossier index` run.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// The corpus folder.
    pub corpus: PathBuf,
    /// The index folder (created if missing).
    pub index_dir: PathBuf,
    /// Start over: drop the existing index first.
    pub rebuild: bool,
    /// Follow symbolic links in the corpus.
    pub follow_links: bool,
    /// Worker threads for reading and enrichment (0 = all cores).
    pub threads: usize,
    /// Fingerprint of the enrichment configuration; a change re-reads every file.
    pub enrich_fingerprint: String,
    /// Seconds between intermediate commits on long runs.
    pub commit_interval_secs: u64,
    /// Tag entities, places and topics (on by default; off indexes text only).
    pub enrich: bool,
    /// A file still being read or enriched after this many seconds is recorded as failed.
    pub file_timeout_secs: u64,
}

impl IndexOptions {
    /// Options with the defaults of `dossier index`: enrichment on, all cores, commits every
    /// 60 s, a 120 s limit per file, symlinks not followed.
    pub fn new(corpus: impl Into<PathBuf>, index_dir: impl Into<PathBuf>) -> IndexOptions {
        IndexOptions {
            corpus: corpus.into(),
            index_dir: index_dir.into(),
            rebuild: false,
            follow_links: false,
            threads: 0,
            enrich_fingerprint: String::new(),
            commit_interval_secs: 60,
            enrich: true,
            file_timeout_secs: 120,
        }
    }
}

/// Decompressed doc-store blocks (16 KB each) the searcher caches per segment. Hits are loaded
/// in rank order, which jumps about the store, so the cache rarely hits (7% of the loads of a
/// 100,000-row export at tantivy's default of 100 blocks, 3.4% at 10) while the default holds
/// 16 MB on a 10-segment index once an export has touched enough blocks.
const STORE_CACHE_BLOCKS: usize = 10;

/// An opened index with its field handles.
pub struct Opened {
    /// The tantivy index.
    pub index: Index,
    /// Field handles.
    pub fields: Fields,
    /// The folder.
    pub dir: PathBuf,
    /// The reader, opened on first use (opening one reads every segment's metadata).
    reader: OnceLock<IndexReader>,
    /// Fast-field columns the ranking reads, per segment, opened once (opening one decodes
    /// its block metadata; segments never change once written).
    pub(crate) columns: crate::search::ColumnCache,
    /// The entity name table last read, with the searcher generation it was read for and
    /// its file name.
    names: Mutex<Option<(u64, String, Arc<names::Names>)>>,
}

impl Opened {
    /// A searcher on the latest commit. The reader behind it is opened once per `Opened` and
    /// follows later commits (tantivy reloads it shortly after one), so repeated searches
    /// in one process do not re-open every segment.
    pub fn searcher(&self) -> Result<Searcher> {
        if let Some(r) = self.reader.get() {
            return Ok(r.searcher());
        }
        let reader = self
            .index
            .reader_builder()
            .doc_store_cache_num_blocks(STORE_CACHE_BLOCKS)
            .try_into()
            .map_err(|e: tantivy::TantivyError| Error::Corrupt {
                path: self.dir.clone(),
                reason: e.to_string(),
            })?;
        let _ = self.reader.set(reader);
        Ok(self.reader.get().expect("just set").searcher())
    }

    /// The entity name table of the latest commit ([`names`]), looked for again only when the
    /// reader has moved to a later commit, and read again only when that commit named another.
    /// Empty for an index built without enrichment.
    pub fn names(&self) -> Result<Arc<names::Names>> {
        let generation = self.searcher()?.generation().generation_id();
        let mut cached = self.names.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((g, _, names)) = cached.as_ref()
            && *g == generation
        {
            return Ok(Arc::clone(names));
        }
        let corrupt = |reason: String| Error::Corrupt {
            path: self.dir.clone(),
            reason,
        };
        let metas = self
            .index
            .load_metas()
            .map_err(|e| corrupt(e.to_string()))?;
        let file = match metas.payload {
            Some(raw) => {
                let p: manifest::Payload = serde_json::from_str(&raw)
                    .map_err(|e| corrupt(format!("commit payload: {e}")))?;
                p.names
            }
            None => String::new(),
        };
        let names = match cached.take() {
            Some((_, name, names)) if name == file => names,
            _ if file.is_empty() => Arc::new(names::Names::default()),
            _ => Arc::new(names::Names::load(&self.dir, &file)?),
        };
        *cached = Some((generation, file, Arc::clone(&names)));
        Ok(names)
    }
}

/// Opens an existing index for reading.
pub fn open(index_dir: &Path) -> Result<Opened> {
    if !index_dir.join("meta.json").exists() {
        return Err(Error::NoIndex(index_dir.to_path_buf()));
    }
    let corrupt = |reason: String| Error::Corrupt {
        path: index_dir.to_path_buf(),
        reason,
    };
    let index = Index::open_in_dir(index_dir).map_err(|e| corrupt(e.to_string()))?;
    let fields = schema::fields_of(&index.schema()).ok_or_else(|| {
        corrupt("it was built by another dossier version, with another schema".into())
    })?;
    schema::register_tokenizers(&index);
    Ok(Opened {
        index,
        fields,
        dir: index_dir.to_path_buf(),
        reader: OnceLock::new(),
        columns: Default::default(),
        names: Mutex::new(None),
    })
}

/// Calls `f` with every term of a string fast field's dictionary and its ordinal, in
/// dictionary order: one pass over the dictionary, where looking terms up by ordinal one at a
/// time decompresses a block of it for each (a minute for a table over a million passages).
/// Terms that are not UTF-8 (never written by dossier) are skipped.
pub(crate) fn for_each_term(
    col: &tantivy::columnar::StrColumn,
    mut f: impl FnMut(usize, &str),
) -> std::io::Result<()> {
    let mut stream = col.dictionary().stream()?;
    while stream.advance() {
        if let Ok(term) = std::str::from_utf8(stream.key()) {
            f(stream.term_ord() as usize, term);
        }
    }
    Ok(())
}

/// The corpus-wide number of each article-id ordinal of a segment's `article_id` column,
/// numbering ids not seen in earlier segments next in `numbers` (so the same article in two
/// segments gets one number).
pub(crate) fn article_numbers(
    ids: &tantivy::columnar::StrColumn,
    numbers: &mut std::collections::HashMap<String, u32>,
) -> std::io::Result<Vec<u32>> {
    let mut out = vec![u32::MAX; ids.num_terms()];
    for_each_term(ids, |ord, id| {
        let next = numbers.len() as u32;
        out[ord] = *numbers.entry(id.to_owned()).or_insert(next);
    })?;
    Ok(out)
}

/// Converts `YYYY-MM-DD` to seconds since the Unix epoch (midnight UTC).
pub fn date_to_timestamp(date: &str) -> Option<i64> {
    let mut parts = date.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.get(..2)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400)
}

/// Converts seconds since the Unix epoch to `YYYY-MM-DD` (UTC).
pub fn timestamp_to_date(secs: i64) -> String {
    let z = secs.div_euclid(86_400) + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for d in [
            "1970-01-01",
            "2017-05-18",
            "2000-02-29",
            "1987-10-19",
            "2024-12-31",
        ] {
            let ts = date_to_timestamp(d).unwrap();
            assert_eq!(timestamp_to_date(ts), d);
        }
        assert_eq!(date_to_timestamp("1970-01-02"), Some(86_400));
        assert_eq!(date_to_timestamp("2019-13-01"), None);
        assert_eq!(date_to_timestamp("garbage"), None);
    }
}
