//! The command-line adapter: the only module that knows clap, anyhow and exit codes. Arguments
//! are parsed once into typed options and handed to the library stages.
//!
//! Exit codes: 0 success; 1 nothing found (`search`, `export`) or some files failed (`index`);
//! 2 an error (bad usage, bad query, no index, locked index, I/O).

mod entities;
mod eval_ner;
mod index;
mod search;
mod stats;
mod tag;
mod train_ner;
mod verify;

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::enrich::{EnrichOptions, Enricher};
use crate::error::Error;

/// dossier: index a folder of articles, then search it by actor, place, topic and date.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Index a corpus folder (incrementally: only new and changed files are read).
    Index(index::Args),
    /// Search the index; prints ranked passages.
    Search(search::SearchArgs),
    /// Write the whole hit list of a query as CSV, JSON, JSON Lines or Markdown.
    Export(search::ExportArgs),
    /// Summarise what the index holds.
    Stats(stats::Args),
    /// List the canonical entities of the index with their aliases and counts.
    Entities(entities::Args),
    /// Print the entities and topics found in a text, as JSON Lines.
    Tag(tag::Args),
    /// Check an index: checksums, segment files, and the manifest against the documents.
    Verify(verify::Args),
    /// Train the named-entity tagger and write its model file.
    TrainNer(train_ner::Args),
    /// Score the named-entity tagger on gold data (CoNLL, JSON lines, re3d).
    EvalNer(eval_ner::Args),
}

/// How a command ended, mapped to the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: nothing found, or the run completed with failed files.
    Partial,
}

/// Runs the `dossier` command line and returns the process exit code.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    // Panics are caught (per file while indexing, per command here) and reported as one line;
    // the default hook's multi-line message is not wanted.
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(|| match cli.command {
        Command::Index(a) => index::run(a),
        Command::Search(a) => search::run_search(a),
        Command::Export(a) => search::run_export(a),
        Command::Stats(a) => stats::run(a),
        Command::Entities(a) => entities::run(a),
        Command::Tag(a) => tag::run(a),
        Command::Verify(a) => verify::run(a),
        Command::TrainNer(a) => train_ner::run(a),
        Command::EvalNer(a) => eval_ner::run(a),
    })
    .unwrap_or_else(|panic| {
        let msg = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(anyhow::anyhow!(
            "internal error ({msg}); if the index is damaged, rebuild it with `dossier index --rebuild`, \
             otherwise please report this"
        ))
    });
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "dossier: {}", one_line(&e));
            ExitCode::from(2)
        }
    }
}

/// Whether an error is a closed pipe on output (`dossier search x | head -1`): success.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || matches!(c.downcast_ref::<Error>(), Some(Error::Write(io)) if io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Formats an error chain on one line.
fn one_line(e: &anyhow::Error) -> String {
    let mut s = e.to_string();
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !s.contains(&c) {
            s.push_str(": ");
            s.push_str(&c);
        }
    }
    s.replace('\n', " ")
}

/// Builds the enricher from the shipped data, `dossier.toml` at the corpus root (if any) and
/// `--entities` files; returns it with the fingerprint of that configuration.
fn enricher(
    corpus: Option<&std::path::Path>,
    extra: &[PathBuf],
) -> anyhow::Result<(Enricher, String)> {
    let mut files: Vec<PathBuf> = Vec::new();
    if let Some(root) = corpus {
        let auto = root.join(crate::index::CONFIG_FILE);
        if auto.is_file() {
            files.push(auto);
        }
    }
    files.extend(extra.iter().cloned());
    let mut hasher = blake3::Hasher::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(&crate::enrich::ENRICH_VERSION.to_le_bytes());
    for f in &files {
        let bytes = std::fs::read(f).map_err(|e| Error::io(f, e))?;
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    let opts = EnrichOptions {
        entity_files: files.clone(),
        topic_files: files,
    };
    let enricher = Enricher::new(&opts)?;
    Ok((enricher, hasher.finalize().to_hex()[..16].to_string()))
}
