//! Readers for gold-annotated NER data: CoNLL-2003 (IOB1 columns), re3d (mongoexport JSON
//! lines with character offsets), MEANTIME (JSON lines) and dossier's own JSON-lines gold format.
//! Each yields [`GoldDoc`]s: a text plus gold spans with byte offsets.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Label, Span};
use crate::error::{Error, Result};

/// A document with gold name spans (byte offsets).
#[derive(Debug, Clone)]
pub struct GoldDoc {
    /// An identifier, for messages.
    pub id: String,
    /// The text.
    pub text: String,
    /// Gold spans, sorted by start.
    pub spans: Vec<Span>,
}

/// Which re3d documents to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Re3dSplit {
    /// Every document.
    All,
    /// The documents not held out (for training).
    Train,
    /// Every 5th document by sorted `_id` over all four sources (for evaluation).
    Heldout,
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

fn parse_err(path: &Path, message: String) -> Error {
    Error::Parse {
        path: path.to_path_buf(),
        message,
    }
}

/// Reads a CoNLL-2003 file: each `-DOCSTART-` article becomes one text, its tokens joined by
/// single spaces and one sentence per line.
pub fn read_conll(path: &Path) -> Result<Vec<GoldDoc>> {
    let text = read_text(path)?;
    let mut docs = Vec::new();
    let mut cur = GoldDoc {
        id: String::new(),
        text: String::new(),
        spans: Vec::new(),
    };
    let mut open: Option<Span> = None;
    let mut prev_tag = String::new();
    let mut line_start = true;
    let flush = |cur: &mut GoldDoc, open: &mut Option<Span>, docs: &mut Vec<GoldDoc>| {
        cur.spans.extend(open.take());
        if !cur.text.trim().is_empty() {
            let id = format!("{}#{}", path.display(), docs.len());
            let mut d = std::mem::replace(
                cur,
                GoldDoc {
                    id: String::new(),
                    text: String::new(),
                    spans: Vec::new(),
                },
            );
            d.id = id;
            docs.push(d);
        } else {
            cur.text.clear();
            cur.spans.clear();
        }
    };
    for line in text.lines() {
        let line = line.trim_end();
        if line.starts_with("-DOCSTART-") {
            flush(&mut cur, &mut open, &mut docs);
            prev_tag.clear();
            line_start = true;
            continue;
        }
        if line.is_empty() {
            cur.spans.extend(open.take());
            prev_tag.clear();
            if !line_start {
                cur.text.push('\n');
                line_start = true;
            }
            continue;
        }
        let mut cols = line.split_whitespace();
        let tok = cols.next().unwrap_or("");
        let tag = cols.last().unwrap_or("O");
        if !line_start {
            cur.text.push(' ');
        }
        line_start = false;
        let start = cur.text.len();
        cur.text.push_str(tok);
        let end = cur.text.len();
        let (bio, ty) = tag.split_once('-').unwrap_or(("O", ""));
        match Label::parse(ty) {
            Some(label) => {
                let cont = bio == "I"
                    && prev_tag.split_once('-').is_some_and(|(_, p)| p == ty)
                    && open.is_some();
                if cont {
                    if let Some(s) = open.as_mut() {
                        s.end = end;
                    }
                } else {
                    cur.spans.extend(open.take());
                    open = Some(Span { start, end, label });
                }
            }
            None => cur.spans.extend(open.take()),
        }
        prev_tag.clear();
        prev_tag.push_str(tag);
    }
    flush(&mut cur, &mut open, &mut docs);
    Ok(docs)
}

/// Byte offset of each char index (plus the end), for converting character offsets.
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

/// Builds spans from character-offset candidates (start, end, label, confidence): converts to
/// bytes, trims whitespace (and a leading "the " if asked), and resolves overlaps by preferring longer then
/// more confident spans.
fn resolve(text: &str, mut cands: Vec<(usize, usize, Label, f64)>, strip_the: bool) -> Vec<Span> {
    let c2b = char_to_byte(text);
    let nchars = c2b.len() - 1;
    cands.retain(|c| c.0 < c.1 && c.1 <= nchars);
    cands.sort_by(|a, b| {
        (b.1 - b.0)
            .cmp(&(a.1 - a.0))
            .then(b.3.total_cmp(&a.3))
            .then(a.0.cmp(&b.0))
    });
    let mut taken: Vec<Span> = Vec::new();
    for (s, e, label, _) in cands {
        let (mut bs, mut be) = (c2b[s], c2b[e]);
        let sub = &text[bs..be];
        let trimmed = sub.trim_start();
        bs += sub.len() - trimmed.len();
        be = bs + trimmed.trim_end().len();
        for det in ["the ", "The "] {
            if strip_the && text[bs..be].starts_with(det) && be - bs > det.len() {
                bs += det.len();
            }
        }
        if bs >= be || taken.iter().any(|t| t.start < be && bs < t.end) {
            continue;
        }
        taken.push(Span {
            start: bs,
            end: be,
            label,
        });
    }
    taken.sort_by_key(|s| s.start);
    taken
}

/// Words that do not make a span a name when they are its only capitalised words.
const NOT_NAMES: &[&str] = &[
    "a", "all", "an", "both", "each", "he", "her", "his", "i", "it", "its", "our", "she", "some",
    "that", "the", "their", "these", "they", "this", "those", "we", "you", "your",
];

/// Keeps only gold spans that contain a name: a capitalised word other than a pronoun or
/// determiner. re3d also marks pronouns ("We") and common nouns ("the army") as entities.
pub fn names_only(doc: &mut GoldDoc) {
    let text = &doc.text;
    doc.spans.retain(|s| {
        text[s.start..s.end]
            .split(|c: char| !c.is_alphanumeric() && c != '.')
            .any(|w| {
                w.starts_with(|c: char| c.is_uppercase())
                    && !NOT_NAMES.iter().any(|n| n.eq_ignore_ascii_case(w))
            })
    });
}

#[derive(Deserialize)]
struct Re3dDoc {
    #[serde(rename = "_id")]
    id: String,
    text: String,
}

#[derive(Deserialize)]
struct Re3dEntity {
    begin: usize,
    end: usize,
    #[serde(rename = "type")]
    ty: String,
    #[serde(rename = "documentId")]
    doc: String,
    #[serde(default = "one")]
    confidence: f64,
}

fn one() -> f64 {
    1.0
}

fn json_lines<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>> {
    let text = read_text(path)?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| parse_err(path, format!("line {}: {e}", i + 1)))
        })
        .collect()
}

/// Reads re3d: `dir` is the re3d root (with `centcom/`, `wikipedia/`, ...) or one source folder.
/// Maps Person, Organisation, Location and Nationality (as MISC); keeps spans whose confidence is
/// at least `min_confidence` (0.5 is the usual choice); trims a
/// leading "the " from spans (re3d includes it, CoNLL does not).
pub fn read_re3d(dir: &Path, split: Re3dSplit, min_confidence: f64) -> Result<Vec<GoldDoc>> {
    let mut folders: Vec<PathBuf> = Vec::new();
    if dir.join("documents.json").is_file() {
        folders.push(dir.to_path_buf());
    } else {
        let rd = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        for e in rd {
            let p = e.map_err(|e| Error::io(dir, e))?.path();
            if p.join("documents.json").is_file() {
                folders.push(p);
            }
        }
    }
    folders.sort();
    let mut docs: Vec<GoldDoc> = Vec::new();
    for f in folders {
        let ds: Vec<Re3dDoc> = json_lines(&f.join("documents.json"))?;
        let es: Vec<Re3dEntity> = json_lines(&f.join("entities.json"))?;
        for d in ds {
            let cands = es
                .iter()
                .filter(|e| e.doc == d.id && e.confidence >= min_confidence)
                .filter_map(|e| {
                    let label = match e.ty.as_str() {
                        "Person" => Label::Per,
                        "Organisation" => Label::Org,
                        "Location" => Label::Loc,
                        "Nationality" => Label::Misc,
                        _ => return None,
                    };
                    Some((e.begin, e.end, label, e.confidence))
                })
                .collect();
            let spans = resolve(&d.text, cands, true);
            docs.push(GoldDoc {
                id: d.id,
                text: d.text,
                spans,
            });
        }
    }
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    let keep = |i: usize| match split {
        Re3dSplit::All => true,
        Re3dSplit::Heldout => i.is_multiple_of(5),
        Re3dSplit::Train => !i.is_multiple_of(5),
    };
    Ok(docs
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep(*i))
        .map(|(_, d)| d)
        .collect())
}

/// Cross-validation folds over a list of documents: item `i` is in fold `i % folds`. Returns
/// the items of fold `fold` (`inside`) or all the others (`!inside`). Used on the re3d training
/// split to choose settings without looking at the held-out documents.
pub fn fold<T>(items: Vec<T>, folds: usize, fold: usize, inside: bool) -> Vec<T> {
    items
        .into_iter()
        .enumerate()
        .filter(|(i, _)| folds == 0 || (i % folds == fold) == inside)
        .map(|(_, x)| x)
        .collect()
}

#[derive(Deserialize)]
struct MeantimeDoc {
    doc_id: String,
    text: String,
    entities: Vec<MeantimeEntity>,
}

#[derive(Deserialize)]
struct MeantimeEntity {
    start: usize,
    end: usize,
    #[serde(rename = "type")]
    ty: String,
    #[serde(default)]
    syntactic_type: Option<String>,
}

/// Reads MEANTIME's `meantime_en_entities.jsonl`, keeping named (`NAM`) PER, ORG and LOC mentions.
pub fn read_meantime(path: &Path) -> Result<Vec<GoldDoc>> {
    let ds: Vec<MeantimeDoc> = json_lines(path)?;
    Ok(ds
        .into_iter()
        .map(|d| {
            let cands = d
                .entities
                .iter()
                .filter(|e| e.syntactic_type.as_deref() == Some("NAM"))
                .filter_map(|e| {
                    let label = match e.ty.as_str() {
                        "PER" => Label::Per,
                        "ORG" => Label::Org,
                        "LOC" => Label::Loc,
                        _ => return None,
                    };
                    Some((e.start, e.end, label, 1.0))
                })
                .collect();
            GoldDoc {
                spans: resolve(&d.text, cands, false),
                id: d.doc_id,
                text: d.text,
            }
        })
        .collect())
}

#[derive(Deserialize)]
struct JsonlDoc {
    #[serde(default)]
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    entities: Vec<JsonlEntity>,
}

#[derive(Deserialize)]
struct JsonlEntity {
    start: usize,
    end: usize,
    #[serde(rename = "type", alias = "label", alias = "kind")]
    ty: String,
}

/// Reads dossier's gold format: one JSON object per line, `{"id", "text", "entities": [{"start",
/// "end", "type"}]}` with character offsets; types PER/ORG/LOC/MISC or person/organization/place/
/// nationality (also accepted as `label`).
pub fn read_jsonl(path: &Path) -> Result<Vec<GoldDoc>> {
    let ds: Vec<JsonlDoc> = json_lines(path)?;
    Ok(ds
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let cands = d
                .entities
                .iter()
                .filter_map(|e| Some((e.start, e.end, Label::parse(&e.ty)?, 1.0)))
                .collect();
            let id = match d.id {
                serde_json::Value::String(s) => s,
                serde_json::Value::Null => i.to_string(),
                v => v.to_string(),
            };
            GoldDoc {
                spans: resolve(&d.text, cands, false),
                id,
                text: d.text,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conll_articles_become_texts_with_spans() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.conll");
        std::fs::write(
            &p,
            "EU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\n\nPeter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n\n-DOCSTART- -X- O O\n\nA DT O I-LOC\nB DT O B-LOC\n",
        )
        .unwrap();
        let docs = read_conll(&p).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].text, "EU rejects German\nPeter Blackburn\n");
        let names: Vec<&str> = docs[0]
            .spans
            .iter()
            .map(|s| &docs[0].text[s.start..s.end])
            .collect();
        assert_eq!(names, ["EU", "German", "Peter Blackburn"]);
        assert_eq!(docs[1].spans.len(), 2);
    }

    #[test]
    fn folds_partition_the_documents() {
        let docs: Vec<usize> = (0..10).collect();
        assert_eq!(fold(docs.clone(), 4, 1, true), [1, 5, 9]);
        assert_eq!(fold(docs.clone(), 4, 1, false), [0, 2, 3, 4, 6, 7, 8]);
        let mut all: Vec<usize> = (0..4)
            .flat_map(|i| fold(docs.clone(), 4, i, true))
            .collect();
        all.sort();
        assert_eq!(all, docs);
    }

    #[test]
    fn overlaps_resolve_to_the_longer_span_and_chars_map_to_bytes() {
        let text = "Á the Kurdish YPG said";
        let spans = resolve(
            text,
            vec![
                (2, 17, Label::Org, 1.0),
                (6, 13, Label::Misc, 1.0),
                (0, 1, Label::Per, 0.6),
            ],
            true,
        );
        assert_eq!(spans.len(), 2);
        assert_eq!(&text[spans[0].start..spans[0].end], "Á");
        assert_eq!(&text[spans[1].start..spans[1].end], "Kurdish YPG");
        let mut d = GoldDoc {
            id: String::new(),
            text: "We saw the army and Kurdish YPG".into(),
            spans: vec![
                Span {
                    start: 0,
                    end: 2,
                    label: Label::Org,
                },
                Span {
                    start: 7,
                    end: 15,
                    label: Label::Org,
                },
                Span {
                    start: 20,
                    end: 31,
                    label: Label::Org,
                },
            ],
        };
        names_only(&mut d);
        assert_eq!(d.spans.len(), 1);
    }
}
