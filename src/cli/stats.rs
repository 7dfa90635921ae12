//! `dossier stats`: what the index holds, as text or JSON.

use std::io::{self, Write};
use std::path::PathBuf;

use super::Outcome;
use crate::error::Error;
use crate::search::stats::{Count, stats};

/// Arguments of `dossier stats`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The index folder.
    #[arg(long, default_value = "index")]
    index: PathBuf,
    /// Output format: text or json.
    #[arg(long, default_value = "text")]
    format: String,
    /// Entries in each top list.
    #[arg(long, default_value_t = 20)]
    top: usize,
}

/// Runs `dossier stats`.
pub fn run(a: Args) -> anyhow::Result<Outcome> {
    let opened = crate::index::open(&a.index)?;
    let s = stats(&opened, a.top)?;
    let mut out = io::stdout().lock();
    match a.format.to_ascii_lowercase().as_str() {
        "json" => {
            serde_json::to_writer_pretty(&mut out, &s)?;
            out.write_all(b"\n").map_err(Error::Write)?;
        }
        "text" => {
            let mut t = format!(
                "{} articles, {} passages; dates {} to {} ({} passages undated)\n",
                s.articles,
                s.passages,
                s.first_date.as_deref().unwrap_or("-"),
                s.last_date.as_deref().unwrap_or("-"),
                s.undated_passages
            );
            let list = |t: &mut String, name: &str, items: &[Count]| {
                t.push_str(&format!("\ntop {name} (passages / articles):\n"));
                for c in items {
                    t.push_str(&format!(
                        "  {:>6} {:>5}  {} ({})\n",
                        c.count, c.articles, c.name, c.id
                    ));
                }
            };
            list(&mut t, "actors", &s.actors);
            list(&mut t, "places", &s.places);
            list(&mut t, "topics", &s.topics);
            out.write_all(t.as_bytes()).map_err(Error::Write)?;
        }
        other => anyhow::bail!("unknown format {other:?} (text, json)"),
    }
    Ok(Outcome::Success)
}
