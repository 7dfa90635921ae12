//! Word clusters induced from unlabeled text, used as tagger features (words in the same
//! cluster behave alike: team names, first names, towns). Each frequent word is represented by
//! the counts of its left and right neighbours among the most frequent words; spherical k-means
//! groups those vectors. Offline, at training time only.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use super::tokenize::tokenize;
use crate::error::{Error, Result};

/// Settings of the cluster induction.
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// Number of clusters.
    pub k: usize,
    /// Words clustered (most frequent first).
    pub vocab: usize,
    /// Context words (most frequent first), each giving a left and a right dimension.
    pub context: usize,
    /// k-means iterations.
    pub iters: usize,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            k: 256,
            vocab: 60_000,
            context: 1000,
            iters: 10,
        }
    }
}

/// Normalised word form used for clustering: lowercase, digits as 0.
fn norm(w: &str) -> String {
    w.chars()
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Reads unlabeled text: Reuters-21578 `.sgm` files (their `<BODY>`s) and plain `.txt` files,
/// from the given files or folders (searched recursively, in sorted order).
pub fn read_corpus(paths: &[&Path]) -> Result<Vec<String>> {
    let mut files = Vec::new();
    for p in paths {
        for e in walkdir::WalkDir::new(p).sort_by_file_name() {
            let e = e.map_err(|e| Error::io(*p, e.into()))?;
            let name = e.path().to_string_lossy().to_string();
            if e.file_type().is_file() && (name.ends_with(".sgm") || name.ends_with(".txt")) {
                files.push(e.into_path());
            }
        }
    }
    let mut out = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).map_err(|e| Error::io(&f, e))?;
        let text = String::from_utf8_lossy(&bytes);
        if f.extension().is_some_and(|x| x == "sgm") {
            for part in text.split("<BODY>").skip(1) {
                let body = part.split("</BODY>").next().unwrap_or("");
                out.push(
                    body.replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&amp;", "&")
                        .replace("&#3;", ""),
                );
            }
        } else {
            out.push(text.into_owned());
        }
    }
    Ok(out)
}

/// Clusters the words of `texts`; returns (normalised word, cluster id) pairs.
pub fn induce(texts: &[String], opts: &ClusterOptions) -> Vec<(String, u32)> {
    // Sentences as word ids.
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut words: Vec<String> = Vec::new();
    let mut counts: Vec<u64> = Vec::new();
    let mut seqs: Vec<Vec<u32>> = Vec::new();
    for t in texts {
        let seq: Vec<u32> = tokenize(t)
            .iter()
            .map(|tok| {
                let w = norm(&t[tok.start..tok.end]);
                let n = ids.len() as u32;
                let id = *ids.entry(w.clone()).or_insert_with(|| {
                    words.push(w);
                    counts.push(0);
                    n
                });
                counts[id as usize] += 1;
                id
            })
            .collect();
        seqs.push(seq);
    }
    let mut by_freq: Vec<u32> = (0..words.len() as u32).collect();
    by_freq.sort_by(|&a, &b| counts[b as usize].cmp(&counts[a as usize]).then(a.cmp(&b)));
    let ctx_dim: HashMap<u32, u32> = by_freq
        .iter()
        .take(opts.context)
        .enumerate()
        .map(|(d, &w)| (w, d as u32))
        .collect();
    let vocab: Vec<u32> = by_freq
        .iter()
        .copied()
        .take(opts.vocab)
        .filter(|&w| counts[w as usize] >= 3)
        .collect();
    let row_of: HashMap<u32, usize> = vocab.iter().enumerate().map(|(r, &w)| (w, r)).collect();
    let dims = 2 * opts.context + 1;
    let mut vecs: Vec<HashMap<u32, f32>> = vec![HashMap::new(); vocab.len()];
    for seq in &seqs {
        for (i, w) in seq.iter().enumerate() {
            let Some(&r) = row_of.get(w) else { continue };
            let left = if i > 0 {
                ctx_dim
                    .get(&seq[i - 1])
                    .map_or(2 * opts.context as u32, |&d| d)
            } else {
                2 * opts.context as u32
            };
            let right = seq
                .get(i + 1)
                .and_then(|x| ctx_dim.get(x))
                .map_or(2 * opts.context as u32, |&d| d + opts.context as u32);
            *vecs[r].entry(left).or_default() += 1.0;
            *vecs[r].entry(right).or_default() += 1.0;
        }
    }
    // Hellinger-style: square roots, then unit length.
    let vecs: Vec<Vec<(u32, f32)>> = vecs
        .into_iter()
        .map(|m| {
            let mut v: Vec<(u32, f32)> = m.into_iter().map(|(d, c)| (d, c.sqrt())).collect();
            v.sort_unstable_by_key(|x| x.0);
            let n = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt().max(1e-9);
            v.iter_mut().for_each(|x| x.1 /= n);
            v
        })
        .collect();
    let k = opts.k.min(vecs.len()).max(1);
    // Deterministic spread-out start: every (n/k)-th word by frequency.
    let step = (vecs.len() / k).max(1);
    let mut cent = vec![0f32; dims * k]; // [dim][cluster]
    for c in 0..k {
        for &(d, x) in &vecs[(c * step).min(vecs.len() - 1)] {
            cent[d as usize * k + c] = x;
        }
    }
    let mut assign = vec![0usize; vecs.len()];
    for _ in 0..opts.iters {
        assign = vecs
            .par_iter()
            .map(|v| {
                let mut s = vec![0f32; k];
                for &(d, x) in v {
                    let row = &cent[d as usize * k..d as usize * k + k];
                    for (a, &c) in s.iter_mut().zip(row) {
                        *a += c * x;
                    }
                }
                let mut best = 0;
                for c in 1..k {
                    if s[c] > s[best] {
                        best = c;
                    }
                }
                best
            })
            .collect();
        cent.iter_mut().for_each(|x| *x = 0.0);
        for (v, &c) in vecs.iter().zip(&assign) {
            for &(d, x) in v {
                cent[d as usize * k + c] += x;
            }
        }
        let mut norms = vec![0f32; k];
        for d in 0..dims {
            for c in 0..k {
                norms[c] += cent[d * k + c] * cent[d * k + c];
            }
        }
        for d in 0..dims {
            for c in 0..k {
                cent[d * k + c] /= norms[c].sqrt().max(1e-9);
            }
        }
    }
    vocab
        .iter()
        .zip(assign)
        .map(|(&w, c)| (words[w as usize].clone(), c as u32))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_contexts_cluster_together() {
        let mut texts = Vec::new();
        for _ in 0..5 {
            for city in ["paris", "london", "rome"] {
                texts.push(format!("he flew to {city} on monday ."));
            }
            for name in ["smith", "jones", "brown"] {
                texts.push(format!("mr {name} said that ."));
            }
        }
        let opts = ClusterOptions {
            k: 2,
            vocab: 100,
            context: 20,
            iters: 5,
        };
        let cl: HashMap<String, u32> = induce(&texts, &opts).into_iter().collect();
        assert_eq!(cl["paris"], cl["rome"]);
        assert_eq!(cl["smith"], cl["jones"]);
    }
}
