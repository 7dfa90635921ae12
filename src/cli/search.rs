//! `dossier search` and `dossier export`: options, the human-readable hit list, and atomic
//! `--out` files.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::Outcome;
use crate::error::Error;
use crate::export::{self, ExportOptions, Format};
use crate::search::{self, Filters, Near, Results, SearchOptions, query};

/// Query and filters shared by `search` and `export`.
#[derive(Debug, clap::Args)]
pub struct QueryArgs {
    /// The query, e.g. `actor:MAT place:al-Tanf`, `"land bridge" AND topic:airstrikes`.
    #[arg(default_value = "")]
    query: String,
    /// The index folder.
    #[arg(long, default_value = "index")]
    index: PathBuf,
    /// Only passages that mention this actor (name or alias; repeatable).
    #[arg(long = "actor", value_name = "NAME")]
    actors: Vec<String>,
    /// Only passages that mention this place (repeatable).
    #[arg(long = "place", value_name = "NAME")]
    places: Vec<String>,
    /// Only passages with this topic (repeatable).
    #[arg(long = "topic", value_name = "ID")]
    topics: Vec<String>,
    /// Only articles published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Only articles published on or before this date.
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Only passages that mention a place near this one (a place name or `LAT,LON`).
    #[arg(long, value_name = "PLACE|LAT,LON")]
    near: Option<String>,
    /// Radius for `--near`, e.g. `55km`, `500m`, `30mi`.
    #[arg(
        long,
        value_name = "DISTANCE",
        default_value = "50km",
        requires = "near"
    )]
    within: String,
    /// Show only the best passage of each article.
    #[arg(long)]
    by_article: bool,
    /// Do not prefix CSV cells starting with = + - @ with a quote (formula-injection guard).
    #[arg(long)]
    no_formula_guard: bool,
}

/// Arguments of `dossier search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    #[command(flatten)]
    q: QueryArgs,
    /// Number of hits to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    limit: usize,
    /// Output format: text, json, jsonl, csv or md.
    #[arg(long, default_value = "text")]
    format: String,
}

/// Arguments of `dossier export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    q: QueryArgs,
    /// Output format: csv, json, jsonl or md.
    #[arg(long, default_value = "csv")]
    format: String,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Export at most N hits (default: all).
    #[arg(long, short = 'n')]
    limit: Option<usize>,
}

fn run_query(q: &QueryArgs, limit: Option<usize>) -> anyhow::Result<Results> {
    let opened = crate::index::open(&q.index)?;
    let near = match &q.near {
        None => None,
        Some(place) => Some(resolve_near(&opened, place, &q.within)?),
    };
    let opts = SearchOptions {
        query: q.query.clone(),
        filters: Filters {
            actors: q.actors.clone(),
            places: q.places.clone(),
            topics: q.topics.clone(),
            from: q.from.clone(),
            to: q.to.clone(),
            near,
        },
        limit,
        by_article: q.by_article,
        page: None,
    };
    Ok(search::search(&opened, &opts)?)
}

/// Turns `--near PLACE|LAT,LON --within DIST` into a distance filter. Place names are looked
/// up among the places of the index first, then in the shipped gazetteer.
fn resolve_near(opened: &crate::index::Opened, place: &str, within: &str) -> anyhow::Result<Near> {
    let km = query::parse_distance(within).ok_or_else(|| {
        Error::Query(format!(
            "--within {within}: not a distance (e.g. 55km, 500m, 30mi)"
        ))
    })?;
    if let Some((lat, lon)) = query::parse_lat_lon(place) {
        return Ok(Near { lat, lon, km });
    }
    if let Some((_, lat, lon)) = crate::search::entities::find_place(opened, place)? {
        return Ok(Near { lat, lon, km });
    }
    let (enricher, _) = super::enricher(None, &[])?;
    let found = enricher
        .tag(place)
        .mentions
        .into_iter()
        .find(|m| m.lat.is_some() && m.lon.is_some());
    match found {
        Some(m) => Ok(Near {
            lat: m.lat.unwrap_or_default(),
            lon: m.lon.unwrap_or_default(),
            km,
        }),
        None => Err(Error::Query(format!(
            "--near {place}: no place with coordinates by that name (give LAT,LON instead)"
        ))
        .into()),
    }
}

fn export_options(q: &QueryArgs) -> ExportOptions {
    ExportOptions {
        csv_formula_guard: !q.no_formula_guard,
    }
}

/// Runs `dossier search`.
pub fn run_search(a: SearchArgs) -> anyhow::Result<Outcome> {
    let format = if a.format.eq_ignore_ascii_case("text") {
        None
    } else {
        Some(a.format.parse::<Format>().map_err(anyhow::Error::msg)?)
    };
    let results = run_query(&a.q, Some(a.limit))?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match format {
        Some(f) => {
            export::write(f, &a.q.query, &results, &mut out, export_options(&a.q))?;
        }
        None => write_text(&results, &mut out, io::stdout().is_terminal())?,
    }
    out.flush().map_err(Error::Write)?;
    Ok(if results.is_empty() {
        Outcome::Partial
    } else {
        Outcome::Success
    })
}

/// Runs `dossier export`.
pub fn run_export(a: ExportArgs) -> anyhow::Result<Outcome> {
    let format: Format = a.format.parse().map_err(anyhow::Error::msg)?;
    let results = run_query(&a.q, a.limit)?;
    let opts = export_options(&a.q);
    match &a.out {
        Some(path) => {
            let mut n = 0;
            write_atomically(path, |w| {
                n = export::write(format, &a.q.query, &results, w, opts)?;
                Ok(())
            })
            .with_context(|| format!("writing {}", path.display()))?;
            eprintln!("exported {n} of {} matching passages", results.total);
        }
        None => {
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            export::write(format, &a.q.query, &results, &mut out, opts)?;
            out.flush().map_err(Error::Write)?;
        }
    }
    Ok(if results.is_empty() {
        Outcome::Partial
    } else {
        Outcome::Success
    })
}

/// Writes a file through a temporary file in the same folder, renamed into place at the end,
/// so readers never see half a file and a crash leaves the old file intact.
fn write_atomically(
    path: &Path,
    body: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut w = BufWriter::new(tmp.as_file_mut());
        body(&mut w)?;
        w.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path)?;
    Ok(())
}

/// The human-readable hit list.
fn write_text(results: &Results, out: &mut dyn Write, color: bool) -> crate::Result<()> {
    let (open, close) = if color {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("**", "**")
    };
    let w = |out: &mut dyn Write, s: String| out.write_all(s.as_bytes()).map_err(Error::Write);
    let mut shown = 0;
    for hit in results.hits() {
        let hit = hit?;
        shown += 1;
        let title = if hit.title.is_empty() {
            "(untitled)"
        } else {
            &hit.title
        };
        let path = if hit.record == 0 {
            hit.path.clone()
        } else {
            format!("{}#{}", hit.path, hit.record)
        };
        let mut s = format!("{}. {}  [score {:.2}]\n", hit.rank, title, hit.score);
        s.push_str(&format!(
            "   {} · passage {} · {}\n",
            path,
            hit.passage,
            hit.date.as_deref().unwrap_or("undated")
        ));
        s.push_str(&format!(
            "   {}\n",
            hit.snippet.render(open, close).replace('\n', " ")
        ));
        let mut facets = Vec::new();
        if !hit.actors.is_empty() {
            facets.push(format!("actors: {}", hit.actors.join(", ")));
        }
        if !hit.places.is_empty() {
            facets.push(format!("places: {}", hit.places.join(", ")));
        }
        if !hit.topics.is_empty() {
            facets.push(format!("topics: {}", hit.topics.join(", ")));
        }
        if !facets.is_empty() {
            s.push_str(&format!("   {}\n", facets.join(" · ")));
        }
        s.push('\n');
        w(out, s)?;
    }
    w(
        out,
        format!("{shown} of {} matching passages shown\n", results.total),
    )
}
