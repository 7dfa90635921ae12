//! Hit lists -> bytes: CSV, JSON, JSON Lines and Markdown, each written to any `io::Write`
//! while hits are loaded one at a time, so memory does not grow with the number of hits.
//!
//! Every format carries the same fields, in this order: `rank`, `score`, `path`, `title`,
//! `date`, `passage`, `start`, `end`, `text`, `snippet`, `actors`, `places`, `topics`.
//! In `snippet`, matched words are wrapped in `**`; lists are JSON arrays in JSON and JSON Lines
//! and `; `-separated in CSV and Markdown.

mod csv;
pub use self::csv::guard_formula;
mod json;
mod markdown;

use std::io::Write;
use std::str::FromStr;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::search::{Hit, Results};

/// Column names, in output order.
pub const COLUMNS: [&str; 13] = [
    "rank", "score", "path", "title", "date", "passage", "start", "end", "text", "snippet",
    "actors", "places", "topics",
];

/// An output format for hit lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RFC 4180 CSV with a header row.
    Csv,
    /// One JSON document: `{"query", "total", "hits": [...]}`.
    Json,
    /// One JSON object per hit, one per line.
    Jsonl,
    /// A Markdown report: one section per hit.
    Markdown,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Format, String> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            "md" | "markdown" => Ok(Format::Markdown),
            other => Err(format!("unknown format {other:?} (csv, json, jsonl, md)")),
        }
    }
}

/// Options that change how hits are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    /// Prefix CSV cells that start with `= + - @`, tab or CR with `'`, so spreadsheets do not
    /// run them as formulas (on by default).
    pub csv_formula_guard: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            csv_formula_guard: true,
        }
    }
}

/// One hit as exported: the documented fields, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row<'a> {
    /// 1-based rank.
    pub rank: usize,
    /// BM25 score.
    pub score: f32,
    /// Path relative to the corpus root (with `#line` for JSON Lines records).
    pub path: String,
    /// Article title.
    pub title: &'a str,
    /// `YYYY-MM-DD` or null.
    pub date: Option<&'a str>,
    /// Passage number (0-based).
    pub passage: u64,
    /// Start offset of the passage in the article text, in characters.
    pub start: u64,
    /// End offset, in characters.
    pub end: u64,
    /// Passage text.
    pub text: &'a str,
    /// Excerpt with matches wrapped in `**`.
    pub snippet: String,
    /// Actors' canonical names.
    pub actors: &'a [String],
    /// Places' canonical names.
    pub places: &'a [String],
    /// Topic ids.
    pub topics: &'a [String],
}

impl<'a> Row<'a> {
    /// The exported view of a hit.
    pub fn of(hit: &'a Hit) -> Row<'a> {
        Row {
            rank: hit.rank,
            score: hit.score,
            path: if hit.record == 0 {
                hit.path.clone()
            } else {
                format!("{}#{}", hit.path, hit.record)
            },
            title: &hit.title,
            date: hit.date.as_deref(),
            passage: hit.passage,
            start: hit.start,
            end: hit.end,
            text: &hit.text,
            snippet: hit.snippet.render("**", "**"),
            actors: &hit.actors,
            places: &hit.places,
            topics: &hit.topics,
        }
    }
}

/// Writes every hit of `results` in `format`; returns the number of hits written.
pub fn write(
    format: Format,
    query: &str,
    results: &Results,
    out: &mut dyn Write,
    opts: ExportOptions,
) -> Result<usize> {
    let hits = results.hits();
    let n = match format {
        Format::Csv => csv::write(hits, out, opts),
        Format::Json => json::write_document(query, results.total, hits, out),
        Format::Jsonl => json::write_lines(hits, out),
        Format::Markdown => markdown::write(query, results.total, hits, out),
    }?;
    out.flush().map_err(Error::Write)?;
    Ok(n)
}
