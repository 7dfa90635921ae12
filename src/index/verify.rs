//! `dossier verify`: checks an index end to end — tantivy's per-file checksums, that every
//! segment file exists, and that dossier's manifest agrees with the documents stored.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use tantivy::DocSet;
use tantivy::index::SegmentComponent;

use super::manifest::{self, Payload, Status};
use crate::error::{Error, Result};

/// What `verify` found.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// Segments in the last commit.
    pub segments: usize,
    /// Passages (documents) in the index.
    pub passages: u64,
    /// Files the manifest lists as indexed.
    pub indexed_files: usize,
    /// One line per problem found; empty when the index is sound.
    pub problems: Vec<String>,
}

impl Report {
    /// Whether no problem was found.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks the index at `dir`. Errors only when the index cannot be opened at all.
pub fn verify(dir: &Path) -> Result<Report> {
    let opened = super::open(dir)?;
    let index = &opened.index;
    let corrupt = |reason: String| Error::Corrupt {
        path: dir.to_path_buf(),
        reason,
    };
    let metas = index.load_metas().map_err(|e| corrupt(e.to_string()))?;
    let mut report = Report {
        segments: metas.segments.len(),
        ..Report::default()
    };
    // Every file of every segment must exist and match its checksum; check each file on its
    // own so one unreadable file does not hide the others.
    for segment in &metas.segments {
        let mut components = vec![
            SegmentComponent::Postings,
            SegmentComponent::Positions,
            SegmentComponent::Terms,
            SegmentComponent::Store,
            SegmentComponent::FastFields,
            SegmentComponent::FieldNorms,
        ];
        if segment.has_deletes() {
            components.push(SegmentComponent::Delete);
        }
        for component in components {
            let file = segment.relative_path(component);
            if !dir.join(&file).exists() {
                report
                    .problems
                    .push(format!("missing segment file {}", file.display()));
                continue;
            }
            match index.directory().validate_checksum(&file) {
                Ok(true) => {}
                Ok(false) => report
                    .problems
                    .push(format!("checksum mismatch in {}", file.display())),
                Err(e) => report
                    .problems
                    .push(format!("damaged file {} ({e})", file.display())),
            }
        }
    }

    // The manifest must name exactly the paths stored, with the same passage counts.
    let Some(raw) = metas.payload else {
        report
            .problems
            .push("no dossier commit payload (not built by dossier index?)".into());
        return Ok(report);
    };
    let payload: Payload =
        serde_json::from_str(&raw).map_err(|e| corrupt(format!("commit payload: {e}")))?;
    let manifest = match manifest::load(dir, &payload) {
        Ok(m) => m,
        Err(e) => {
            report.problems.push(e.to_string());
            return Ok(report);
        }
    };
    if !report.is_ok() {
        return Ok(report);
    }
    let stored = match passages_per_path(&opened) {
        Ok(s) => s,
        Err(e) => {
            report.problems.push(format!("cannot read documents: {e}"));
            return Ok(report);
        }
    };
    report.passages = stored.values().sum();
    for (path, entry) in &manifest {
        if entry.status != Status::Indexed {
            continue;
        }
        report.indexed_files += 1;
        let n = stored.get(path).copied().unwrap_or(0);
        if n != u64::from(entry.passages) {
            report.problems.push(format!(
                "{path}: manifest says {} passages, index holds {n}",
                entry.passages
            ));
        }
    }
    for (path, n) in &stored {
        if manifest
            .get(path)
            .is_none_or(|e| e.status != Status::Indexed)
        {
            report.problems.push(format!(
                "{path}: {n} passages in the index but not in the manifest"
            ));
        }
    }
    check_names(&opened, &payload, &mut report);
    Ok(report)
}

/// The entity name table must name every entity id the passages hold, or `actor:` and
/// `place:` filters could not find them.
fn check_names(opened: &super::Opened, payload: &Payload, report: &mut Report) {
    let table = if payload.names.is_empty() {
        None
    } else {
        match super::names::Names::load(&opened.dir, &payload.names) {
            Ok(t) => Some(t),
            Err(e) => {
                report.problems.push(e.to_string());
                return;
            }
        }
    };
    let known: std::collections::HashSet<&str> = table
        .as_ref()
        .map(|t| t.ids().collect())
        .unwrap_or_default();
    let mut missing: std::collections::BTreeSet<String> = Default::default();
    let mut ids = || -> tantivy::Result<()> {
        let searcher = opened
            .searcher()
            .map_err(|e| tantivy::TantivyError::SystemError(e.to_string()))?;
        for segment in searcher.segment_readers() {
            for field in [opened.fields.actor, opened.fields.place] {
                let inverted = segment.inverted_index(field)?;
                let mut stream = inverted.terms().stream()?;
                while stream.advance() {
                    let id = String::from_utf8_lossy(stream.key());
                    if known.contains(id.as_ref()) || missing.contains(id.as_ref()) {
                        continue;
                    }
                    // Terms of deleted passages stay until their segment is merged; an id
                    // only they hold may be gone from a table started afresh.
                    let alive = match segment.alive_bitset() {
                        None => true,
                        Some(bits) => {
                            let mut postings = inverted.read_postings_from_terminfo(
                                stream.value(),
                                tantivy::schema::IndexRecordOption::Basic,
                            )?;
                            let mut any = false;
                            while postings.doc() != tantivy::TERMINATED {
                                if bits.is_alive(postings.doc()) {
                                    any = true;
                                    break;
                                }
                                postings.advance();
                            }
                            any
                        }
                    };
                    if alive {
                        missing.insert(id.into_owned());
                    }
                }
            }
        }
        Ok(())
    };
    if let Err(e) = ids() {
        report.problems.push(format!("cannot read entity ids: {e}"));
        return;
    }
    if let Some(first) = missing.first() {
        report.problems.push(format!(
            "{} entity ids in the index are not in the name table (e.g. {first})",
            missing.len()
        ));
    }
}

fn passages_per_path(opened: &super::Opened) -> tantivy::Result<BTreeMap<String, u64>> {
    let reader = opened.index.reader()?;
    let searcher = reader.searcher();
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for segment in searcher.segment_readers() {
        let ids = segment.fast_fields().str("path")?;
        let Some(ids) = ids else { continue };
        let store = segment.get_store_reader(64)?;
        // Passages per path ordinal, named from the dictionary at the end (see
        // `for_each_term`); a passage without a path counts under "".
        let mut per_ord = vec![0u64; ids.num_terms()];
        let mut pathless = 0u64;
        for doc in segment.doc_ids_alive() {
            match ids.term_ords(doc).next() {
                Some(ord) => per_ord[ord as usize] += 1,
                None => pathless += 1,
            }
            // Reading the stored document exercises the doc store's decompression.
            let _: tantivy::TantivyDocument = store.get(doc)?;
        }
        super::for_each_term(&ids, |ord, path| {
            if per_ord[ord] > 0 {
                *counts.entry(path.to_owned()).or_default() += per_ord[ord];
            }
        })?;
        if pathless > 0 {
            *counts.entry(String::new()).or_default() += pathless;
        }
    }
    Ok(counts)
}
