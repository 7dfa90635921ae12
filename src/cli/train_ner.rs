//! `dossier train-ner`: trains the named-entity tagger on CoNLL-2003, re3d (minus its held-out
//! split) and MEANTIME, and writes the model file that the binary embeds.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;

use super::Outcome;
use crate::error::Error;
use crate::ner::Gazetteer;
use crate::ner::clusters::{self, ClusterOptions};
use crate::ner::data::{self, GoldDoc, Re3dSplit};
use crate::ner::eval;
use crate::ner::train::{self, TrainOptions};

/// Arguments of `dossier train-ner`. A data path given as `none` is skipped.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// CoNLL-2003 training file.
    #[arg(long, default_value = "../shared/data/ner/conll2003/eng.train")]
    conll: PathBuf,
    /// re3d root folder (its held-out split is never used for training).
    #[arg(long, default_value = "../shared/data/ner/re3d")]
    re3d: PathBuf,
    /// The lowest re3d annotation confidence kept for training.
    #[arg(long, default_value_t = 0.5)]
    re3d_min_confidence: f64,
    /// How many times each re3d training document is used per epoch.
    #[arg(long, default_value_t = 1)]
    re3d_weight: usize,
    /// Which re3d spans to train on: `names` (spans with a capitalised word other than a
    /// pronoun or determiner) or `all` (also pronouns and common nouns: "We", "the army").
    #[arg(long, value_enum, default_value = "names")]
    re3d_spans: Re3dSpans,
    /// Cross-validation on re3d's training part: split it into this many folds (document `i`
    /// in fold `i % folds`) and leave out fold `--re3d-exclude-fold`.
    #[arg(long, requires = "re3d_exclude_fold")]
    re3d_folds: Option<usize>,
    /// The re3d fold (from 0) left out of training, with `--re3d-folds`; score it with
    /// `dossier eval-ner RE3D --split train --folds K --fold I --model ...`.
    #[arg(long, requires = "re3d_folds")]
    re3d_exclude_fold: Option<usize>,
    /// MEANTIME entities (JSON lines).
    #[arg(
        long,
        default_value = "../shared/data/ner/meantime_en/meantime_en_entities.jsonl"
    )]
    meantime: PathBuf,
    /// Folder with dossier's gazetteer TSVs (countries.tsv, cities.tsv, ...), stored in the model.
    #[arg(long, default_value = "data")]
    gazetteer_dir: PathBuf,
    /// Word clusters file (`word<TAB>cluster` per line), stored in the model; overrides
    /// `--cluster-corpus`.
    #[arg(long)]
    clusters: Option<PathBuf>,
    /// Unlabeled text (folders of `.sgm`/`.txt`) to induce word clusters from.
    #[arg(
        long,
        num_args = 1..,
        default_values = ["../shared/data/corpora/reuters21578", "../shared/data/corpora/bbc"]
    )]
    cluster_corpus: Vec<PathBuf>,
    /// Numbers of word clusters to induce: a coarse and a fine clustering.
    #[arg(long, num_args = 2, default_values_t = [256, 1000])]
    cluster_k: Vec<usize>,
    /// Where to write the model.
    #[arg(long, default_value = "data/ner/model.bin")]
    out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    epochs: usize,
    /// Passes over the training data for the second pass.
    #[arg(long, default_value_t = TrainOptions::default().epochs2)]
    epochs2: usize,
    /// Seed of the shuffle.
    #[arg(long, default_value_t = TrainOptions::default().seed)]
    seed: u64,
    /// Drop averaged weights below this magnitude.
    #[arg(long, default_value_t = TrainOptions::default().prune)]
    prune: f32,
    /// Train only the first pass (no second pass over the first pass's labels).
    #[arg(long)]
    one_pass: bool,
    /// A CoNLL file to score after each epoch (for choosing settings; never trained on).
    #[arg(long)]
    dev: Option<PathBuf>,
}

/// Which re3d gold spans are trained on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Re3dSpans {
    /// Spans that contain a name (drops pronouns and common nouns).
    Names,
    /// Every span.
    All,
}

fn skip(p: &Path) -> bool {
    p.as_os_str() == "none"
}

fn read_clusters(path: &Path) -> anyhow::Result<Vec<(String, u32)>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut ids = std::collections::HashMap::new();
    let mut out = Vec::new();
    for line in text.lines() {
        let mut cols = line.split('\t');
        let (Some(w), Some(c)) = (cols.next(), cols.next()) else {
            continue;
        };
        let n = ids.len() as u32;
        let id = *ids.entry(c.to_string()).or_insert(n);
        out.push((w.to_string(), id));
    }
    Ok(out)
}

/// Runs `dossier train-ner`.
pub fn run(a: Args) -> anyhow::Result<Outcome> {
    let t0 = Instant::now();
    let mut docs: Vec<GoldDoc> = Vec::new();
    if !skip(&a.conll) {
        let d = data::read_conll(&a.conll)?;
        eprintln!("conll: {} documents from {}", d.len(), a.conll.display());
        docs.extend(d);
    }
    if !skip(&a.re3d) {
        let mut d = data::read_re3d(&a.re3d, Re3dSplit::Train, a.re3d_min_confidence)?;
        if let (Some(k), Some(i)) = (a.re3d_folds, a.re3d_exclude_fold) {
            anyhow::ensure!(
                i < k,
                "--re3d-exclude-fold {i} is not below --re3d-folds {k}"
            );
            d = data::fold(d, k, i, false);
            eprintln!("re3d: cross-validation, fold {i} of {k} left out");
        }
        if a.re3d_spans == Re3dSpans::Names {
            // re3d also marks pronouns and common nouns ("We", "the army"): keep the names only.
            d.iter_mut().for_each(data::names_only);
        }
        eprintln!(
            "re3d: {} training documents (held-out split excluded; {:?} spans), weight {}",
            d.len(),
            a.re3d_spans,
            a.re3d_weight
        );
        for _ in 0..a.re3d_weight {
            docs.extend(d.iter().cloned());
        }
    }
    if !skip(&a.meantime) {
        let d = data::read_meantime(&a.meantime)?;
        eprintln!("meantime: {} documents", d.len());
        docs.extend(d);
    }
    anyhow::ensure!(!docs.is_empty(), "no training documents");
    let gaz = if skip(&a.gazetteer_dir) {
        Gazetteer::default()
    } else {
        let (g, files) = Gazetteer::from_tsv_dir(&a.gazetteer_dir)?;
        eprintln!(
            "gazetteer: {} names from {} files in {}",
            g.len(),
            files,
            a.gazetteer_dir.display()
        );
        g
    };
    let clusters = match &a.clusters {
        Some(p) => read_clusters(p)?,
        None => {
            let paths: Vec<&Path> = a
                .cluster_corpus
                .iter()
                .map(PathBuf::as_path)
                .filter(|p| !skip(p))
                .collect();
            if paths.is_empty() {
                Vec::new()
            } else {
                let mut texts = clusters::read_corpus(&paths)?;
                let n_unlabeled = texts.len();
                texts.extend(docs.iter().map(|d| d.text.clone()));
                let mut merged: std::collections::BTreeMap<String, u32> = Default::default();
                for (level, &k) in a.cluster_k.iter().take(2).enumerate() {
                    let opts = ClusterOptions {
                        k,
                        ..ClusterOptions::default()
                    };
                    for (w, id) in clusters::induce(&texts, &opts) {
                        let shift = if level == 0 { 16 } else { 0 };
                        *merged.entry(w).or_default() |= id << shift;
                    }
                }
                let c: Vec<(String, u32)> = merged.into_iter().collect();
                eprintln!(
                    "clusters: {} words in {:?} clusters from {} unlabeled + {} training texts, {:.1} s",
                    c.len(),
                    a.cluster_k,
                    n_unlabeled,
                    docs.len(),
                    t0.elapsed().as_secs_f64()
                );
                c
            }
        }
    };
    let dev = match &a.dev {
        Some(p) => data::read_conll(p)?,
        None => Vec::new(),
    };
    let opts = TrainOptions {
        epochs: a.epochs,
        epochs2: a.epochs2,
        seed: a.seed,
        prune: a.prune,
        two_pass: !a.one_pass,
    };
    let model = train::train(
        &docs,
        gaz,
        &clusters,
        &opts,
        !dev.is_empty(),
        &mut |s, m| {
            let mut line = format!(
                "pass {} epoch {:>2}: {} tokens, error rate {:.4}, {} rows, {:.1} s",
                s.pass,
                s.epoch,
                s.tokens,
                s.errors as f64 / s.tokens.max(1) as f64,
                s.rows,
                t0.elapsed().as_secs_f64()
            );
            if let (Some(m), false) = (m, dev.is_empty()) {
                let r = eval::evaluate(m, &dev);
                let (st, ov) = (r.micro().strict(), r.micro().overlap());
                line.push_str(&format!(
                    "; dev strict F1 {:.4}, overlap F1 {:.4}, {} features",
                    st.f1,
                    ov.f1,
                    m.num_features()
                ));
            }
            eprintln!("{line}");
        },
    );
    let bytes = model.to_bytes();
    if let Some(dir) = a.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    std::fs::write(&a.out, &bytes).with_context(|| format!("writing {}", a.out.display()))?;
    eprintln!(
        "wrote {} ({:.2} MB, {} feature rows) in {:.1} s",
        a.out.display(),
        bytes.len() as f64 / 1e6,
        model.num_features(),
        t0.elapsed().as_secs_f64()
    );
    Ok(Outcome::Success)
}
