//! Gazetteer membership for the tagger: a hashed set of lowercased token sequences, each with the
//! entity types it is listed under. Built from (name, type) pairs at training time and stored
//! inside the model file so that the model is self-contained.

use std::path::Path;

use super::features::{lower_hash, seq_push};
use super::table::U64Map;
use super::tokenize::tokenize;
use super::{Label, NTYPES};
use crate::error::{Error, Result};

/// Longest name (in tokens) kept in the gazetteer.
const MAX_LEN: usize = 6;

/// A set of names (as hashed lowercased token sequences) with a bitmask of types per name.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    map: U64Map<u8>,
    max_len: usize,
}

impl Gazetteer {
    /// Builds a gazetteer from (name, label) pairs.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, Label)>) -> Gazetteer {
        let mut entries: Vec<(u64, u8)> = Vec::new();
        let mut max_len = 0;
        let mut variants: Vec<(String, Label)> = Vec::new();
        let pairs = pairs.into_iter().flat_map(|(name, label)| {
            // Arabic particles are written both ways: "Bashar al Assad", "Bashar al-Assad".
            variants.clear();
            for (a, b) in [
                (" al ", " al-"),
                (" al-", " al "),
                (" el ", " el-"),
                (" el-", " el "),
            ] {
                if name.contains(a) {
                    variants.push((name.replace(a, b), label));
                }
            }
            std::iter::once((name.to_string(), label)).chain(std::mem::take(&mut variants))
        });
        for (name, label) in pairs {
            let name = name.as_str();
            let toks = tokenize(name);
            if toks.is_empty() || toks.len() > MAX_LEN {
                continue;
            }
            let mut acc = 0u64;
            for t in &toks {
                acc = seq_push(acc, lower_hash(&name[t.start..t.end]));
            }
            max_len = max_len.max(toks.len());
            entries.push((acc, 1 << label.index()));
        }
        Gazetteer::from_entries(entries, max_len)
    }

    pub(crate) fn from_entries(entries: Vec<(u64, u8)>, max_len: usize) -> Gazetteer {
        let mut map = U64Map::with_capacity(entries.len());
        for (k, m) in entries {
            // Keys keep their high 32 bits only, as in the model file.
            let k = k >> 32;
            let old = map.get(k).copied().unwrap_or(0);
            map.insert(k, old | m);
        }
        Gazetteer { map, max_len }
    }

    /// Reads dossier's gazetteer TSVs (`countries.tsv`, `cities.tsv`, ...) and the curated
    /// entity file (`curated.toml`: `[[entity]]` tables with `name`, `aliases`, `kind`,
    /// `demonyms`) from a folder.
    ///
    /// Columns: id, kind (`person`, `organization`, `place`), name, ..., aliases (`|`-separated,
    /// column 9), demonyms (column 10, listed as MISC). Missing files are skipped; returns the
    /// gazetteer and the number of files read.
    pub fn from_tsv_dir(dir: &Path) -> Result<(Gazetteer, usize)> {
        const FILES: &[&str] = &[
            "countries.tsv",
            "cities.tsv",
            "regions.tsv",
            "groups.tsv",
            "international.tsv",
            "institutions.tsv",
            "people.tsv",
        ];
        let mut owned: Vec<(String, Label)> = Vec::new();
        let mut read = 0;
        for f in FILES {
            let path = dir.join(f);
            if !path.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            read += 1;
            for line in text.lines() {
                let cols: Vec<&str> = line.split('\t').collect();
                if cols.len() < 3 || line.starts_with('#') {
                    continue;
                }
                let label = match cols[1] {
                    "person" => Label::Per,
                    "organization" | "organisation" => Label::Org,
                    "place" => Label::Loc,
                    "nationality" => Label::Misc,
                    _ => continue,
                };
                owned.push((cols[2].to_string(), label));
                if let Some(aliases) = cols.get(8) {
                    for a in aliases.split('|').filter(|a| !a.is_empty()) {
                        owned.push((a.to_string(), label));
                    }
                }
                if let Some(dem) = cols.get(9) {
                    for a in dem.split('|').filter(|a| !a.is_empty()) {
                        owned.push((a.to_string(), Label::Misc));
                    }
                }
            }
        }
        let curated = dir.join("curated.toml");
        if curated.is_file() {
            read += 1;
            read_curated(&curated, &mut owned)?;
        }
        let g = Gazetteer::from_pairs(owned.iter().map(|(s, l)| (s.as_str(), *l)));
        Ok((g, read))
    }

    /// Types bitmask of a hashed token sequence.
    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<u8> {
        self.map.get(key >> 32).copied()
    }

    /// Longest name in tokens.
    pub(crate) fn max_len(&self) -> usize {
        self.max_len
    }

    /// Whether there are no names.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Number of distinct names.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub(crate) fn entries(&self) -> Vec<(u64, u8)> {
        let mut v: Vec<(u64, u8)> = self.map.iter().map(|(k, v)| (k << 32, *v)).collect();
        v.sort_unstable();
        v
    }
}

const _: () = assert!(NTYPES <= 8);

#[derive(serde::Deserialize)]
struct CuratedFile {
    #[serde(default)]
    entity: Vec<CuratedEntity>,
}

#[derive(serde::Deserialize)]
struct CuratedEntity {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    kind: String,
    #[serde(default)]
    demonyms: Vec<String>,
}

/// Adds the names of a curated entity file (TOML, `[[entity]]` tables).
fn read_curated(path: &Path, out: &mut Vec<(String, Label)>) -> Result<()> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let file: CuratedFile = toml::from_str(&text).map_err(|e| Error::Parse {
        path: path.to_path_buf(),
        message: e.to_string().replace('\n', " "),
    })?;
    for e in file.entity {
        let Some(label) = Label::parse(&e.kind) else {
            continue;
        };
        out.push((e.name, label));
        out.extend(e.aliases.into_iter().map(|a| (a, label)));
        out.extend(e.demonyms.into_iter().map(|d| (d, Label::Misc)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_token_names_match_case_insensitively() {
        let g = Gazetteer::from_pairs([("United States", Label::Loc), ("Iranian", Label::Misc)]);
        let mut acc = 0;
        for w in ["UNITED", "states"] {
            acc = seq_push(acc, lower_hash(w));
        }
        assert_eq!(g.get(acc), Some(1 << Label::Loc.index()));
        assert_eq!(g.max_len(), 2);
        assert_eq!(g.len(), 2);
    }
}
