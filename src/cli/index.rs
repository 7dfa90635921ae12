//! `dossier index`: options, the progress bar, the summary line and the `--report` file.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use super::Outcome;
use crate::index::{IndexOptions, Progress, Summary};

/// Arguments of `dossier index`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The corpus folder.
    #[arg(default_value = "corpus")]
    corpus: PathBuf,
    /// The index folder.
    #[arg(long, default_value = "index")]
    index: PathBuf,
    /// Drop the existing index and start over.
    #[arg(long)]
    rebuild: bool,
    /// Follow symbolic links inside the corpus.
    #[arg(long)]
    follow_links: bool,
    /// Extra entity file(s) (TOML); `dossier.toml` at the corpus root is always read.
    #[arg(long = "entities", value_name = "FILE")]
    entities: Vec<PathBuf>,
    /// Write per-file outcomes (path, status, reason) as JSON Lines to FILE.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Index text only: no entities, places or topics (faster; filters then find nothing).
    #[arg(long)]
    no_enrich: bool,
    /// Never draw a progress bar.
    #[arg(long, short)]
    quiet: bool,
}

struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&self, files: u64, bytes: u64) {
        self.0.set_length(bytes);
        self.0.set_message(format!("{files} files"));
    }
    fn advance(&self, bytes: u64) {
        self.0.inc(bytes);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// Runs `dossier index`.
pub fn run(a: Args) -> anyhow::Result<Outcome> {
    if !a.corpus.is_dir() {
        anyhow::bail!(
            "{}: not a folder (give the corpus folder to index)",
            a.corpus.display()
        );
    }
    let (enricher, mut fingerprint) = super::enricher(Some(&a.corpus), &a.entities)?;
    if a.no_enrich {
        fingerprint.push_str("-bare");
    }
    let opts = IndexOptions {
        rebuild: a.rebuild,
        follow_links: a.follow_links,
        threads: a.threads,
        enrich_fingerprint: fingerprint,
        commit_interval_secs: env_secs("DOSSIER_COMMIT_SECS", 60),
        enrich: !a.no_enrich,
        file_timeout_secs: env_secs("DOSSIER_FILE_TIMEOUT_SECS", 120),
        ..IndexOptions::new(&a.corpus, &a.index)
    };
    let bar = (!a.quiet && std::io::stderr().is_terminal()).then(|| {
        let pb = ProgressBar::new(0);
        pb.set_style(
            ProgressStyle::with_template(
                "{spinner} {msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} ETA {eta}",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        Bar(pb)
    });
    let enricher = std::sync::Arc::new(enricher);
    let summary = crate::index::run(&opts, &enricher, bar.as_ref().map(|b| b as &dyn Progress))?;
    if let Some(path) = &a.report {
        write_report(path, &summary)
            .with_context(|| format!("writing report {}", path.display()))?;
    }
    for line in failure_lines(&summary) {
        eprintln!("{line}");
    }
    eprintln!("{}", summary_line(&a.corpus, &summary));
    Ok(if summary.failed > 0 {
        Outcome::Partial
    } else {
        Outcome::Success
    })
}

/// Seconds from an environment variable (documented in the README), or a default.
fn env_secs(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// At most this many failed files are named on stderr; `--report` lists them all.
const MAX_FAILURE_LINES: usize = 20;

/// One line per file that failed (unreadable, timed out, broken), so that a run which lost
/// files says which without `--report`.
fn failure_lines(s: &Summary) -> Vec<String> {
    let failed: Vec<_> = s.files.iter().filter(|f| f.status == "failed").collect();
    let mut out: Vec<String> = failed
        .iter()
        .take(MAX_FAILURE_LINES)
        .map(|f| {
            let why = f
                .detail
                .as_deref()
                .or(f.reason.as_deref())
                .unwrap_or("failed");
            format!("dossier: not indexed: {}: {why}", f.path)
        })
        .collect();
    if failed.len() > MAX_FAILURE_LINES {
        out.push(format!(
            "dossier: ... and {} more files not indexed (--report FILE lists them all)",
            failed.len() - MAX_FAILURE_LINES
        ));
    }
    out
}

/// The one closing line of `dossier index`.
pub fn summary_line(corpus: &std::path::Path, s: &Summary) -> String {
    let secs = s.elapsed.as_secs_f64();
    let mb = s.bytes_read as f64 / 1e6;
    let skipped = if s.skipped.is_empty() {
        "0 skipped".to_string()
    } else {
        let reasons: Vec<String> = s.skipped.iter().map(|(k, v)| format!("{k} {v}")).collect();
        format!("{} skipped ({})", s.skipped_total(), reasons.join(", "))
    };
    let relinked = if s.relinked > 0 {
        format!(
            ", {} re-enriched for acronyms defined elsewhere ({} articles)",
            s.relinked, s.relinked_articles
        )
    } else {
        String::new()
    };
    let retagged = if s.retagged > 0 {
        format!(", {} retagged (same content, new enrichment)", s.retagged)
    } else {
        String::new()
    };
    format!(
        "indexed {}: {} files seen, {} new, {} changed{retagged}, {} unchanged, {} removed, {skipped}{relinked}; \
         {} articles, {} passages, {} entities in this run; index holds {} articles, {} passages; \
         {secs:.2} s, {:.1} MB/s",
        corpus.display(),
        s.seen,
        s.new,
        s.changed,
        s.unchanged,
        s.removed,
        s.articles,
        s.passages,
        s.entities,
        s.total_articles,
        s.total_passages,
        if secs > 0.0 { mb / secs } else { 0.0 },
    )
}

fn write_report(path: &std::path::Path, s: &Summary) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        for f in &s.files {
            serde_json::to_writer(&mut w, f)?;
            w.write_all(b"\n")?;
        }
        w.flush()?;
    }
    tmp.persist(path)?;
    Ok(())
}
