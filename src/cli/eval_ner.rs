//! `dossier eval-ner`: tags gold documents as `dossier tag` does (the statistical tagger fused
//! with the gazetteers), or with the bare tagger (`--tagger-only`), and prints precision, recall
//! and F1 per type, strict and overlap, plus tagging speed.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use super::Outcome;
use crate::error::Error;
use crate::ner::data::{self, Re3dSplit};
use crate::ner::{Model, eval};

/// Gold file formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// CoNLL-2003 columns; each `-DOCSTART-` article is tagged as one text.
    Conll,
    /// JSON lines `{"id", "text", "entities": [{"start", "end", "type"}]}` (character offsets).
    Jsonl,
    /// A re3d folder (root or one source).
    Re3d,
    /// MEANTIME's `meantime_en_entities.jsonl`.
    Meantime,
    /// Unannotated text (`.txt`, Reuters `.sgm`; a file or folder): measures speed only.
    Text,
}

/// Which re3d documents.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Split {
    /// All documents.
    All,
    /// The held-out fifth (every 5th document by sorted id).
    Heldout,
    /// The training part.
    Train,
}

/// Arguments of `dossier eval-ner`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The gold file or folder.
    gold: PathBuf,
    /// Its format (default: re3d for a folder, jsonl for `.jsonl`/`.json`, else conll).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// For re3d: which documents.
    #[arg(long, value_enum, default_value = "all")]
    split: Split,
    /// For re3d: the lowest annotation confidence kept in the gold spans.
    #[arg(long, default_value_t = 0.5)]
    min_confidence: f64,
    /// Score the bare statistical tagger instead of the full pipeline of `dossier tag`.
    #[arg(long)]
    tagger_only: bool,
    /// A model file to use instead of the embedded one (in the fused pipeline too, unless
    /// `--tagger-only`).
    #[arg(long)]
    model: Option<PathBuf>,
    /// For re3d: split the chosen documents into this many cross-validation folds (document
    /// `i` in fold `i % folds`) and score only fold `--fold`.
    #[arg(long, requires = "fold")]
    folds: Option<usize>,
    /// For re3d: the fold to score (from 0), with `--folds`.
    #[arg(long, requires = "folds")]
    fold: Option<usize>,
    /// Extra entity file(s) (TOML) for the full pipeline, as in `dossier tag`.
    #[arg(long = "entities", value_name = "FILE")]
    entities: Vec<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Score only gold spans that contain a name (drops re3d's pronouns and common nouns).
    #[arg(long)]
    names_only: bool,
    /// Write each document's text, gold and predicted spans (byte offsets) to this file as
    /// JSON lines, for analysis.
    #[arg(long, value_name = "FILE")]
    dump: Option<PathBuf>,
    /// Also print each missed gold span (`-`) and spurious prediction (`+`), strict.
    #[arg(long)]
    errors: bool,
}

/// Runs `dossier eval-ner`.
pub fn run(a: Args) -> anyhow::Result<Outcome> {
    let format = a.format.unwrap_or_else(|| {
        let ext = a.gold.extension().and_then(|e| e.to_str()).unwrap_or("");
        if a.gold.is_dir() {
            Format::Re3d
        } else if ext == "jsonl" || ext == "json" {
            Format::Jsonl
        } else {
            Format::Conll
        }
    });
    let mut docs = match format {
        Format::Conll => data::read_conll(&a.gold)?,
        Format::Jsonl => data::read_jsonl(&a.gold)?,
        Format::Meantime => data::read_meantime(&a.gold)?,
        Format::Text => crate::ner::clusters::read_corpus(&[a.gold.as_path()])?
            .into_iter()
            .enumerate()
            .map(|(i, text)| data::GoldDoc {
                id: i.to_string(),
                text,
                spans: Vec::new(),
            })
            .collect(),
        Format::Re3d => {
            let split = match a.split {
                Split::All => Re3dSplit::All,
                Split::Heldout => Re3dSplit::Heldout,
                Split::Train => Re3dSplit::Train,
            };
            let docs = data::read_re3d(&a.gold, split, a.min_confidence)?;
            match (a.folds, a.fold) {
                (Some(k), Some(i)) => {
                    anyhow::ensure!(i < k, "--fold {i} is not below --folds {k}");
                    data::fold(docs, k, i, true)
                }
                _ => docs,
            }
        }
    };
    if a.names_only {
        docs.iter_mut().for_each(data::names_only);
    }
    let t = Instant::now();
    let model: &'static Model = match &a.model {
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            // Lives as long as the process, like the embedded model the enricher expects.
            Box::leak(Box::new(Model::load(&bytes)?))
        }
        None => Model::embedded(),
    };
    let enricher = if a.tagger_only {
        None
    } else if a.model.is_some() {
        let opts = crate::enrich::EnrichOptions {
            entity_files: a.entities.clone(),
            topic_files: a.entities.clone(),
        };
        Some(crate::enrich::Enricher::with_model(&opts, || model)?)
    } else {
        Some(super::enricher(None, &a.entities)?.0)
    };
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    let tag = |text: &str| match &enricher {
        Some(e) => e.tag_spans(text),
        None => model.tag(text),
    };
    let report = eval::evaluate_with(&docs, tag);
    let mut out = std::io::stdout().lock();
    if a.errors {
        for d in &docs {
            let pred = tag(&d.text);
            for (sign, xs, ys) in [("-", &d.spans, &pred), ("+", &pred, &d.spans)] {
                for x in xs.iter().filter(|x| !ys.contains(x)) {
                    let ctx_start = d.text.floor_char_boundary(x.start.saturating_sub(30));
                    let ctx_end = d.text.ceil_char_boundary((x.end + 30).min(d.text.len()));
                    writeln!(
                        out,
                        "{sign} {:<4} {:<30} | {}",
                        x.label.as_str(),
                        &d.text[x.start..x.end],
                        d.text[ctx_start..ctx_end].replace('\n', " ")
                    )
                    .map_err(Error::Write)?;
                }
            }
        }
    }
    if let Some(path) = &a.dump {
        let spans = |text: &str, xs: &[crate::ner::Span]| -> Vec<serde_json::Value> {
            xs.iter()
                .map(|x| {
                    serde_json::json!([x.start, x.end, x.label.as_str(), &text[x.start..x.end]])
                })
                .collect()
        };
        let mut lines = String::new();
        for d in &docs {
            let pred = tag(&d.text);
            let v = serde_json::json!({
                "id": d.id, "text": d.text,
                "gold": spans(&d.text, &d.spans), "pred": spans(&d.text, &pred),
            });
            lines.push_str(&v.to_string());
            lines.push('\n');
        }
        std::fs::write(path, lines).map_err(|e| Error::io(path, e))?;
    }
    if a.json {
        let micro = report.micro();
        let mut types = serde_json::Map::new();
        for l in crate::ner::Label::ALL {
            let c = &report.per_type[l.index()];
            types.insert(
                l.as_str().to_string(),
                serde_json::json!({"counts": c, "strict": c.strict(), "overlap": c.overlap()}),
            );
        }
        let v = serde_json::json!({
            "gold": a.gold,
            "docs": report.docs,
            "bytes": report.bytes,
            "tag_seconds": report.seconds,
            "mb_per_s": report.mb_per_s(),
            "pipeline": if enricher.is_some() { "fused" } else { "tagger-only" },
            "load_ms": load_ms,
            "types": types,
            "micro": {"counts": micro, "strict": micro.strict(), "overlap": micro.overlap()},
        });
        writeln!(out, "{v}").map_err(Error::Write)?;
    } else {
        write!(out, "{}", report.table()).map_err(Error::Write)?;
        let what = if enricher.is_some() {
            "fused pipeline (tagger + gazetteers)"
        } else {
            "bare tagger"
        };
        writeln!(out, "({what}, loaded in {load_ms:.1} ms)").map_err(Error::Write)?;
    }
    Ok(Outcome::Success)
}
