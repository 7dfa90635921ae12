//! Training: a greedy left-to-right averaged perceptron. Each token is predicted from its static
//! features plus the labels already chosen (the model's own predictions, as at tagging time);
//! on a mistake the gold label's weights go up and the predicted one's down. The returned model
//! holds the averaged weights, pruned and quantised to i16.

use std::collections::HashMap;

use super::data::GoldDoc;
use super::features::{self, Memory};
use super::table::U64Map;
use super::{Gazetteer, IdentityBuild, Model, NL, Prepared, Scope};

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training documents.
    pub epochs: usize,
    /// Passes over the training documents for the second pass (it overfits sooner).
    pub epochs2: usize,
    /// Seed of the document shuffle.
    pub seed: u64,
    /// Averaged weights smaller than this (in absolute value, for every label) are dropped.
    pub prune: f32,
    /// Add a second pass that sees the first pass's labels of the whole document (trained on
    /// 2-fold jackknifed first-pass output).
    pub two_pass: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 8,
            epochs2: 5,
            seed: 1,
            prune: 0.05,
            two_pass: true,
        }
    }
}

/// What happened in one epoch.
#[derive(Debug, Clone, Copy)]
pub struct EpochStats {
    /// The pass being trained: 1, or 2 for the second pass.
    pub pass: usize,
    /// The epoch, from 1.
    pub epoch: usize,
    /// Tokens seen.
    pub tokens: usize,
    /// Tokens mispredicted (before the update).
    pub errors: usize,
    /// Feature rows so far.
    pub rows: usize,
}

struct Weights {
    index: HashMap<u64, u32, IdentityBuild>,
    w: Vec<[i32; NL]>,
    u: Vec<[i64; NL]>,
    c: i64,
}

impl Weights {
    fn scores(&self, feats: &[u64], out: &mut [f32; NL]) {
        let mut acc = [0i32; NL];
        for &f in feats {
            if let Some(&r) = self.index.get(&(f >> 32)) {
                for (a, &w) in acc.iter_mut().zip(&self.w[r as usize]) {
                    *a += w;
                }
            }
        }
        *out = acc.map(|a| a as f32);
    }

    fn update(&mut self, feats: &[u64], gold: u8, pred: u8) {
        for &f in feats {
            let n = self.w.len() as u32;
            let r = *self.index.entry(f >> 32).or_insert(n) as usize;
            if r == self.w.len() {
                self.w.push([0; NL]);
                self.u.push([0; NL]);
            }
            self.w[r][gold as usize] += 1;
            self.w[r][pred as usize] -= 1;
            self.u[r][gold as usize] += self.c;
            self.u[r][pred as usize] -= self.c;
        }
    }

    fn averaged(&self, prune: f32) -> (U64Map<[i16; NL]>, f32) {
        let c = self.c.max(1) as f64;
        let mut rows: Vec<(u64, [f32; NL])> = Vec::with_capacity(self.index.len());
        let mut max = 0f32;
        for (&k, &r) in &self.index {
            let (w, u) = (&self.w[r as usize], &self.u[r as usize]);
            let mut row = [0f32; NL];
            for l in 0..NL {
                row[l] = (w[l] as f64 - u[l] as f64 / c) as f32;
            }
            let m = row.iter().fold(0f32, |a, &x| a.max(x.abs()));
            if m >= prune {
                max = max.max(m);
                rows.push((k, row));
            }
        }
        let scale = if max > 0.0 { max / 32000.0 } else { 1.0 };
        let mut weights = U64Map::with_capacity(rows.len());
        for (k, row) in rows {
            let q = row.map(|x| {
                let v = (x / scale).round();
                if v.abs() * scale < prune { 0 } else { v as i16 }
            });
            if q.iter().any(|&x| x != 0) {
                weights.insert(k, q);
            }
        }
        (weights, scale)
    }
}

/// A small deterministic generator for the shuffle (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// Trains a model on gold documents. `on_epoch` is told about each epoch and, when
/// `wants_model` is set (or at the last epoch of the last pass), given the model so far.
pub fn train(
    docs: &[GoldDoc],
    gaz: Gazetteer,
    clusters_from: &[(String, u32)],
    opts: &TrainOptions,
    wants_model: bool,
    on_epoch: &mut dyn FnMut(EpochStats, Option<&Model>),
) -> Model {
    let mut clusters = U64Map::with_capacity(clusters_from.len());
    for (w, c) in clusters_from {
        clusters.insert(features::lower_hash(w) >> 32, *c);
    }
    let mut prepared: Vec<(Prepared, Vec<u8>)> = docs
        .iter()
        .map(|d| {
            let p = Prepared::new(&d.text, &gaz, &clusters, true, Scope::Every);
            let gold = super::labels_from_spans(&p.tokens, &d.spans);
            (p, gold)
        })
        .collect();
    let mut model = Model {
        weights: U64Map::default(),
        scale: 1.0,
        gaz,
        clusters,
        second: None,
        id: super::cache::ModelId::new(),
    };
    let all: Vec<usize> = (0..prepared.len()).collect();
    let last_pass = if opts.two_pass { 2 } else { 1 };
    let w1 = run_epochs(&prepared, &all, opts, false, &mut |s, w| {
        let m = (wants_model || (last_pass == 1 && s.epoch == opts.epochs)).then(|| {
            let (weights, scale) = w.averaged(opts.prune);
            Model {
                weights,
                scale,
                ..model.clone()
            }
        });
        on_epoch(s, m.as_ref());
    });
    (model.weights, model.scale) = w1.averaged(opts.prune);
    if !opts.two_pass {
        return model;
    }
    // First-pass labels for training the second pass come from models that did not see the
    // document (2-fold jackknife), so that they are as noisy as at tagging time.
    for fold in 0..2 {
        let train_idx: Vec<usize> = all.iter().copied().filter(|i| i % 2 != fold).collect();
        let wf = run_epochs(&prepared, &train_idx, opts, false, &mut |_, _| {});
        let (wmap, _) = wf.averaged(opts.prune);
        for (i, (p, _)) in prepared.iter_mut().enumerate() {
            if i % 2 == fold {
                let labels = super::decode(&wmap, p, false);
                p.set_pass1(&labels);
            }
        }
    }
    let opts2 = TrainOptions {
        epochs: opts.epochs2,
        ..opts.clone()
    };
    let w2 = run_epochs(&prepared, &all, &opts2, true, &mut |s, w| {
        let m = (wants_model || s.epoch == opts2.epochs).then(|| Model {
            second: Some(w.averaged(opts.prune).0),
            ..model.clone()
        });
        on_epoch(EpochStats { pass: 2, ..s }, m.as_ref());
    });
    model.second = Some(w2.averaged(opts.prune).0);
    model
}

/// Runs the perceptron epochs over the documents `idx`.
fn run_epochs(
    prepared: &[(Prepared, Vec<u8>)],
    idx: &[usize],
    opts: &TrainOptions,
    pass2: bool,
    on_epoch: &mut dyn FnMut(EpochStats, &Weights),
) -> Weights {
    let mut wts = Weights {
        index: HashMap::default(),
        w: Vec::new(),
        u: Vec::new(),
        c: 1,
    };
    let mut rng = Rng(opts.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut order: Vec<usize> = idx.to_vec();
    let mut feats: Vec<u64> = Vec::with_capacity(128);
    for epoch in 1..=opts.epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let (mut tokens, mut errors) = (0, 0);
        for &d in &order {
            let (p, gold) = &prepared[d];
            let mut labels: Vec<u8> = Vec::with_capacity(gold.len());
            let mut mem = Memory::default();
            for (i, &g) in gold.iter().enumerate() {
                feats.clear();
                feats.extend_from_slice(p.static_feats(i));
                if pass2 {
                    feats.extend_from_slice(p.pass2_feats(i));
                }
                features::dynamic_features(&p.info, i, &labels, &mem, &mut feats);
                let mut scores = [0f32; NL];
                wts.scores(&feats, &mut scores);
                let prev = labels.last().copied().unwrap_or(0);
                let pred = features::best_label(&scores, prev);
                if pred != g {
                    wts.update(&feats, g, pred);
                    errors += 1;
                }
                wts.c += 1;
                tokens += 1;
                labels.push(pred);
                features::remember(&p.info, i, pred, &mut mem);
            }
        }
        let stats = EpochStats {
            pass: 1,
            epoch,
            tokens,
            errors,
            rows: wts.w.len(),
        };
        on_epoch(stats, &wts);
    }
    wts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::{Label, Span};

    fn doc(text: &str, names: &[(&str, Label)]) -> GoldDoc {
        let spans = names
            .iter()
            .map(|(n, l)| {
                let s = text.find(n).unwrap();
                Span {
                    start: s,
                    end: s + n.len(),
                    label: *l,
                }
            })
            .collect();
        GoldDoc {
            id: String::new(),
            text: text.to_string(),
            spans,
        }
    }

    #[test]
    fn perceptron_learns_a_toy_task() {
        let docs = vec![
            doc(
                "yesterday Mr. Smith went to Paris .",
                &[("Smith", Label::Per), ("Paris", Label::Loc)],
            ),
            doc(
                "then Mr. Jones flew to London .",
                &[("Jones", Label::Per), ("London", Label::Loc)],
            ),
            doc(
                "and Mr. Brown drove to Berlin .",
                &[("Brown", Label::Per), ("Berlin", Label::Loc)],
            ),
        ];
        let opts = TrainOptions {
            epochs: 10,
            prune: 0.0,
            two_pass: false,
            ..TrainOptions::default()
        };
        let m = train(
            &docs,
            Gazetteer::default(),
            &[],
            &opts,
            false,
            &mut |_, _| {},
        );
        let text = "later Mr. Green went to Rome .";
        let spans = m.tag(text);
        let got: Vec<(&str, Label)> = spans
            .iter()
            .map(|s| (&text[s.start..s.end], s.label))
            .collect();
        assert_eq!(got, [("Green", Label::Per), ("Rome", Label::Loc)]);
        let again = train(
            &docs,
            Gazetteer::default(),
            &[],
            &opts,
            false,
            &mut |_, _| {},
        );
        assert_eq!(again.to_bytes(), m.to_bytes(), "training is deterministic");
    }
}
