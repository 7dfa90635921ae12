//! `dossier entities`: the analyst's entity table (canonical entities, their aliases as
//! written, mention/passage/article counts) as text, CSV or JSON.

use std::io::{self, Write};
use std::path::PathBuf;

use super::Outcome;
use crate::error::Error;
use crate::search::entities::{EntityFilter, entities};

/// Arguments of `dossier entities`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The index folder.
    #[arg(long, default_value = "index")]
    index: PathBuf,
    /// Only this kind: person, organization, place or nationality.
    #[arg(long)]
    kind: Option<String>,
    /// Only entities whose id, name or an alias contains this text.
    #[arg(long, short)]
    query: Option<String>,
    /// Output format: text, csv or json.
    #[arg(long, default_value = "text")]
    format: String,
    /// At most N entities.
    #[arg(long, short = 'n')]
    limit: Option<usize>,
}

/// Runs `dossier entities`.
pub fn run(a: Args) -> anyhow::Result<Outcome> {
    if let Some(k) = &a.kind
        && crate::article::EntityKind::parse(k).is_none()
    {
        anyhow::bail!("--kind {k}: use person, organization, place or nationality");
    }
    let opened = crate::index::open(&a.index)?;
    let filter = EntityFilter {
        kind: a
            .kind
            .as_deref()
            .and_then(crate::article::EntityKind::parse)
            .map(|k| k.as_str().to_string()),
        query: a.query.clone(),
    };
    let mut rows = entities(&opened, &filter)?;
    if let Some(n) = a.limit {
        rows.truncate(n);
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match a.format.to_ascii_lowercase().as_str() {
        "json" => {
            serde_json::to_writer_pretty(&mut out, &rows)?;
            out.write_all(b"\n").map_err(Error::Write)?;
        }
        "csv" => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record([
                "id", "name", "kind", "kinds", "aliases", "mentions", "passages", "articles",
            ])?;
            for r in &rows {
                w.write_record([
                    crate::export::guard_formula(r.id.clone()),
                    crate::export::guard_formula(r.name.clone()),
                    r.kind.clone(),
                    r.kinds.join("; "),
                    crate::export::guard_formula(r.aliases.join("; ")),
                    r.mentions.to_string(),
                    r.passages.to_string(),
                    r.articles.to_string(),
                ])?;
            }
            w.flush().map_err(Error::Write)?;
        }
        "text" => {
            for r in &rows {
                let line = format!(
                    "{:>6} {:>5} {:>4}  {} [{}] ({}) aka {}\n",
                    r.mentions,
                    r.passages,
                    r.articles,
                    r.name,
                    r.kind,
                    r.id,
                    r.aliases.join(", ")
                );
                out.write_all(line.as_bytes()).map_err(Error::Write)?;
            }
        }
        other => anyhow::bail!("unknown format {other:?} (text, csv, json)"),
    }
    out.flush().map_err(Error::Write)?;
    Ok(if rows.is_empty() {
        Outcome::Partial
    } else {
        Outcome::Success
    })
}
