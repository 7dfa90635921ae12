//! Evaluation: tags gold documents and counts strict (same span, same type) and overlap (same
//! type, overlapping spans) matches per type; micro averages cover PER, ORG and LOC only, MISC
//! (mostly nationalities) is reported on its own.

use std::time::Instant;

use serde::Serialize;

use super::data::GoldDoc;
use super::{Label, Model, NTYPES, Span};

/// Match counts for one type.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    /// Gold spans.
    pub gold: usize,
    /// Predicted spans.
    pub pred: usize,
    /// Predicted spans equal to a gold span of the same type.
    pub strict: usize,
    /// Predicted spans overlapping a gold span of the same type.
    pub pred_overlap: usize,
    /// Gold spans overlapping a predicted span of the same type.
    pub gold_overlap: usize,
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Prf {
    /// Precision.
    pub p: f64,
    /// Recall.
    pub r: f64,
    /// F1.
    pub f1: f64,
}

fn prf(tp_p: usize, pred: usize, tp_g: usize, gold: usize) -> Prf {
    let p = if pred == 0 {
        0.0
    } else {
        tp_p as f64 / pred as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        tp_g as f64 / gold as f64
    };
    let f1 = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    Prf { p, r, f1 }
}

impl Counts {
    /// Strict scores.
    pub fn strict(&self) -> Prf {
        prf(self.strict, self.pred, self.strict, self.gold)
    }

    /// Overlap scores.
    pub fn overlap(&self) -> Prf {
        prf(self.pred_overlap, self.pred, self.gold_overlap, self.gold)
    }

    fn add(&mut self, o: &Counts) {
        self.gold += o.gold;
        self.pred += o.pred;
        self.strict += o.strict;
        self.pred_overlap += o.pred_overlap;
        self.gold_overlap += o.gold_overlap;
    }
}

/// The result of an evaluation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Counts per type, in [`Label::ALL`] order.
    pub per_type: [Counts; NTYPES],
    /// Documents tagged.
    pub docs: usize,
    /// Bytes of text tagged.
    pub bytes: usize,
    /// Seconds spent tagging (excluding reading and scoring).
    pub seconds: f64,
}

impl Report {
    /// Counts summed over PER, ORG and LOC.
    pub fn micro(&self) -> Counts {
        let mut c = Counts::default();
        for l in [Label::Per, Label::Org, Label::Loc] {
            c.add(&self.per_type[l.index()]);
        }
        c
    }

    /// Adds the comparison of one document's gold and predicted spans.
    pub fn add(&mut self, gold: &[Span], pred: &[Span]) {
        for g in gold {
            let c = &mut self.per_type[g.label.index()];
            c.gold += 1;
            if pred
                .iter()
                .any(|p| p.label == g.label && p.start < g.end && g.start < p.end)
            {
                c.gold_overlap += 1;
            }
        }
        for p in pred {
            let c = &mut self.per_type[p.label.index()];
            c.pred += 1;
            if gold.iter().any(|g| g == p) {
                c.strict += 1;
            }
            if gold
                .iter()
                .any(|g| p.label == g.label && p.start < g.end && g.start < p.end)
            {
                c.pred_overlap += 1;
            }
        }
    }

    /// Tagging speed in megabytes (10^6 bytes) per second.
    pub fn mb_per_s(&self) -> f64 {
        if self.seconds > 0.0 {
            self.bytes as f64 / 1e6 / self.seconds
        } else {
            0.0
        }
    }

    /// A readable table.
    pub fn table(&self) -> String {
        let mut s = String::new();
        s.push_str("type    gold  pred | strict P     R     F1  | overlap P    R     F1\n");
        let row = |s: &mut String, name: &str, c: &Counts| {
            let (a, b) = (c.strict(), c.overlap());
            s.push_str(&format!(
                "{name:<6} {:>5} {:>5} |  {:.3} {:.3} {:.3} |  {:.3} {:.3} {:.3}\n",
                c.gold, c.pred, a.p, a.r, a.f1, b.p, b.r, b.f1
            ));
        };
        for l in [Label::Per, Label::Org, Label::Loc] {
            row(&mut s, l.as_str(), &self.per_type[l.index()]);
        }
        row(&mut s, "micro", &self.micro());
        row(&mut s, "MISC", &self.per_type[Label::Misc.index()]);
        s.push_str(&format!(
            "(micro = PER+ORG+LOC; {} docs, {:.2} MB tagged in {:.3} s: {:.2} MB/s)\n",
            self.docs,
            self.bytes as f64 / 1e6,
            self.seconds,
            self.mb_per_s()
        ));
        s
    }
}

/// Tags every document with the model and scores it against its gold spans.
pub fn evaluate(model: &Model, docs: &[GoldDoc]) -> Report {
    evaluate_with(docs, |text| model.tag(text))
}

/// Tags every document with `tag` (byte-offset spans) and scores it against its gold spans.
pub fn evaluate_with(docs: &[GoldDoc], mut tag: impl FnMut(&str) -> Vec<Span>) -> Report {
    let mut r = Report::default();
    for d in docs {
        let t = Instant::now();
        let pred = tag(&d.text);
        r.seconds += t.elapsed().as_secs_f64();
        r.bytes += d.text.len();
        r.docs += 1;
        r.add(&d.spans, &pred);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(start: usize, end: usize, label: Label) -> Span {
        Span { start, end, label }
    }

    #[test]
    fn strict_and_overlap_counts() {
        let mut r = Report::default();
        let gold = [
            sp(0, 10, Label::Org),
            sp(20, 25, Label::Per),
            sp(30, 35, Label::Misc),
        ];
        let pred = [
            sp(4, 10, Label::Org),
            sp(20, 25, Label::Per),
            sp(40, 45, Label::Loc),
        ];
        r.add(&gold, &pred);
        let m = r.micro();
        assert_eq!((m.gold, m.pred, m.strict, m.pred_overlap), (2, 3, 1, 2));
        assert!((m.strict().f1 - 0.4).abs() < 1e-9);
        assert_eq!(r.per_type[Label::Misc.index()].gold, 1);
    }
}
