//! JSON and JSON Lines export. JSON is one document `{"query", "total", "hits": [...]}` written
//! incrementally; JSON Lines is one hit object per line.

use std::io::Write;

use super::Row;
use crate::error::{Error, Result};
use crate::search::Hit;

/// Writes `{"query": ..., "total": N, "hits": [...]}`; returns the number of hits.
pub fn write_document(
    query: &str,
    total: usize,
    hits: impl Iterator<Item = Result<Hit>>,
    out: &mut dyn Write,
) -> Result<usize> {
    let q = serde_json::to_string(query).expect("a string serializes");
    write!(out, "{{\"query\":{q},\"total\":{total},\"hits\":[").map_err(Error::Write)?;
    let mut n = 0;
    for hit in hits {
        let hit = hit?;
        if n > 0 {
            out.write_all(b",").map_err(Error::Write)?;
        }
        serde_json::to_writer(&mut *out, &Row::of(&hit)).map_err(|e| Error::Write(e.into()))?;
        n += 1;
    }
    out.write_all(b"]}\n").map_err(Error::Write)?;
    Ok(n)
}

/// Writes one JSON object per hit per line; returns the number of hits.
pub fn write_lines(hits: impl Iterator<Item = Result<Hit>>, out: &mut dyn Write) -> Result<usize> {
    let mut n = 0;
    for hit in hits {
        let hit = hit?;
        serde_json::to_writer(&mut *out, &Row::of(&hit)).map_err(|e| Error::Write(e.into()))?;
        out.write_all(b"\n").map_err(Error::Write)?;
        n += 1;
    }
    Ok(n)
}
