//! The ingest manifest: what each corpus file looked like when it was last indexed (size,
//! mtime, content hash, outcome). It lives in a file beside the index whose name is recorded in
//! tantivy's commit payload, so the manifest and the documents always change together.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::article::{AcronymDef, AcronymUse};
use crate::error::{Error, Result};

/// Version of the payload format; a different version means a rebuild.
pub const FORMAT_VERSION: u32 = 1;

/// The commit payload stored atomically with each tantivy commit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Payload {
    /// Payload format version.
    pub version: u32,
    /// File name (inside the index folder) of the manifest for this commit.
    pub manifest: String,
    /// Fingerprint of the enrichment configuration the documents were built with.
    pub enrich_fingerprint: String,
    /// Corpus root the index was built from, as given.
    pub corpus: String,
    /// File name of the entity name table for this commit ([`super::names`]).
    #[serde(default)]
    pub names: String,
}

/// How a file ended up in the last run that read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Its articles are in the index.
    Indexed,
    /// It produced no articles (unsupported, binary, empty, ...).
    Skipped,
    /// Reading or parsing it failed.
    Failed,
}

/// One manifest line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Path relative to the corpus root.
    pub path: String,
    /// Size in bytes when last read.
    pub size: u64,
    /// Modification time (ns since the epoch) when last read.
    pub mtime_ns: i64,
    /// Status-change time (ns since the epoch) when last read; 0 if unknown (older manifests,
    /// files never read). See [`crate::ingest::FileEntry::ctime_ns`].
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ctime_ns: i64,
    /// blake3 of the bytes read (hex); empty if never read.
    pub hash: String,
    /// Outcome.
    pub status: Status,
    /// Skip or failure reason code (`binary`, `invalid`, ...), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Human-readable detail of the reason, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Articles indexed from the file.
    pub articles: u32,
    /// Passages indexed from the file.
    pub passages: u32,
    /// Acronyms the file's articles define.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acronyms_defined: Vec<AcronymDef>,
    /// Acronyms they use without defining, as resolved when they were enriched.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acronyms_used: Vec<AcronymUse>,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// All entries, by path.
pub type Manifest = BTreeMap<String, Entry>;

/// Reads the manifest named in a payload.
pub fn load(index_dir: &Path, payload: &Payload) -> Result<Manifest> {
    let path = index_dir.join(&payload.manifest);
    let file = fs::File::open(&path).map_err(|e| Error::Corrupt {
        path: index_dir.to_path_buf(),
        reason: format!("manifest {}: {e}", payload.manifest),
    })?;
    let mut manifest = Manifest::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| Error::io(&path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        let entry: Entry = serde_json::from_str(&line).map_err(|e| Error::Corrupt {
            path: index_dir.to_path_buf(),
            reason: format!("manifest {} line {}: {e}", payload.manifest, n + 1),
        })?;
        manifest.insert(entry.path.clone(), entry);
    }
    Ok(manifest)
}

/// Writes a manifest to a new file (fsynced) and returns its file name. The file only becomes
/// the live manifest when a commit's payload names it.
pub fn write(index_dir: &Path, generation: u64, manifest: &Manifest) -> Result<String> {
    let name = format!("dossier-manifest-{generation:08}.jsonl");
    let path = index_dir.join(&name);
    let io = |e| Error::io(&path, e);
    let file = fs::File::create(&path).map_err(io)?;
    let mut out = BufWriter::new(file);
    for entry in manifest.values() {
        serde_json::to_writer(&mut out, entry).map_err(|e| io(e.into()))?;
        out.write_all(b"\n").map_err(io)?;
    }
    let file = out.into_inner().map_err(|e| io(e.into_error()))?;
    file.sync_all().map_err(io)?;
    Ok(name)
}

/// Removes manifest files other than `keep` (left over from earlier commits or crashed runs).
pub fn remove_stale(index_dir: &Path, keep: &str) {
    remove_others(index_dir, "dossier-manifest-", keep);
}

/// Removes the files of `index_dir` whose names start with `prefix`, but `keep`.
pub(crate) fn remove_others(index_dir: &Path, prefix: &str, keep: &str) {
    let Ok(dir) = fs::read_dir(index_dir) else {
        return;
    };
    for entry in dir.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(prefix) && name != keep {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The generation number encoded in a manifest file name.
pub fn generation_of(name: &str) -> u64 {
    name.trim_start_matches("dossier-manifest-")
        .trim_end_matches(".jsonl")
        .parse()
        .unwrap_or(0)
}

/// Path of a manifest file inside an index folder.
pub fn path_of(index_dir: &Path, name: &str) -> PathBuf {
    index_dir.join(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_then_load_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest::new();
        m.insert(
            "a/b.txt".into(),
            Entry {
                path: "a/b.txt".into(),
                size: 10,
                mtime_ns: 42,
                ctime_ns: 43,
                hash: "ab".into(),
                status: Status::Skipped,
                reason: Some("binary".into()),
                detail: None,
                articles: 0,
                passages: 0,
                acronyms_defined: Vec::new(),
                acronyms_used: vec![AcronymUse {
                    short: "MAT".into(),
                    id: None,
                }],
            },
        );
        let name = write(dir.path(), 7, &m).unwrap();
        assert_eq!(generation_of(&name), 7);
        let payload = Payload {
            version: FORMAT_VERSION,
            manifest: name.clone(),
            enrich_fingerprint: String::new(),
            corpus: String::new(),
            names: String::new(),
        };
        assert_eq!(load(dir.path(), &payload).unwrap(), m);
        write(dir.path(), 8, &m).unwrap();
        remove_stale(dir.path(), &name);
        assert!(path_of(dir.path(), &name).exists());
        assert!(!dir.path().join("dossier-manifest-00000008.jsonl").exists());
    }
}
