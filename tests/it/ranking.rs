//! Ranking quality on the classic retrieval test collections in `../shared/data/ir` (CRAN,
//! MED, CISI: documents, queries and relevance judgments in SMART format). Each document is
//! an article (its `.T` the title, its `.W` the text), indexed through the library; each query
//! is searched as its words joined by OR, best passage per article, top 1,000. Scored by mean
//! average precision (MAP) and precision at 10, against tantivy's BM25 over whole documents
//! (title and text, the same English stemming) built in the test: dossier ranks paragraphs,
//! so an article is as good as its best passage, and that must cost little.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use dossier::enrich::{EnrichOptions, Enricher};
use dossier::index::{self, IndexOptions};
use dossier::search::{self, SearchOptions};

use crate::env::repo;

/// The records of a SMART file: `.I id` then fields `.X` (text up to the next field).
fn smart(path: &Path) -> Vec<(u32, HashMap<char, String>)> {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let mut out: Vec<(u32, HashMap<char, String>)> = Vec::new();
    let mut field: Option<char> = None;
    for line in text.lines() {
        if let Some(id) = line.strip_prefix(".I") {
            out.push((id.trim().parse().unwrap(), HashMap::new()));
            field = None;
        } else if line.len() == 2 && line.starts_with('.') {
            field = line.chars().nth(1);
        } else if let (Some(f), Some((_, rec))) = (field, out.last_mut()) {
            let v = rec.entry(f).or_default();
            v.push_str(line);
            v.push('\n');
        }
    }
    out
}

/// Relevant documents per query number.
fn judgments(name: &str, path: &Path) -> HashMap<u32, HashSet<u32>> {
    let mut rel: HashMap<u32, HashSet<u32>> = HashMap::new();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 2 {
            continue;
        }
        // MED: query, 0, document, 1; CRAN and CISI: query, document, ...
        let (q, d) = if name == "med" {
            (cols[0], cols[2])
        } else {
            (cols[0], cols[1])
        };
        rel.entry(q.parse().unwrap())
            .or_default()
            .insert(d.parse().unwrap());
    }
    rel
}

/// Average precision of a ranking and its precision at 10.
fn scores(ranked: &[u32], relevant: &HashSet<u32>) -> (f64, f64) {
    let (mut found, mut sum) = (0usize, 0f64);
    for (i, d) in ranked.iter().enumerate() {
        if relevant.contains(d) {
            found += 1;
            sum += found as f64 / (i + 1) as f64;
        }
    }
    let at10 = ranked
        .iter()
        .take(10)
        .filter(|d| relevant.contains(d))
        .count();
    (sum / relevant.len() as f64, at10 as f64 / 10.0)
}

/// tantivy's BM25 over whole documents (title and text fields, simple tokens, lowercased,
/// English stemming), the query's words OR-ed by its query parser: the top 1,000 ids.
struct Baseline {
    searcher: tantivy::Searcher,
    parser: tantivy::query::QueryParser,
    id: tantivy::schema::Field,
}

impl Baseline {
    fn new(docs: &[(u32, String, String)]) -> Baseline {
        use tantivy::schema::{IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions};
        use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};
        let mut b = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("stemmed")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let id = b.add_u64_field("id", STORED);
        let title = b.add_text_field("title", text.clone());
        let body = b.add_text_field("body", text);
        let index = tantivy::Index::create_in_ram(b.build());
        index.tokenizers().register(
            "stemmed",
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(Stemmer::new(Language::English))
                .build(),
        );
        let mut w: tantivy::IndexWriter = index.writer(50_000_000).unwrap();
        for (n, t, text) in docs {
            let mut d = tantivy::TantivyDocument::default();
            d.add_u64(id, u64::from(*n));
            d.add_text(title, t);
            d.add_text(body, text);
            w.add_document(d).unwrap();
        }
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let parser = tantivy::query::QueryParser::for_index(&index, vec![title, body]);
        Baseline {
            searcher,
            parser,
            id,
        }
    }

    fn rank(&self, words: &[&str]) -> Vec<u32> {
        use tantivy::collector::TopDocs;
        use tantivy::schema::Value;
        let q = self.parser.parse_query(&words.join(" ")).unwrap();
        let top = TopDocs::with_limit(1000).order_by_score();
        self.searcher
            .search(&q, &top)
            .unwrap()
            .into_iter()
            .map(|(_, addr)| {
                let d: tantivy::TantivyDocument = self.searcher.doc(addr).unwrap();
                d.get_first(self.id).unwrap().as_u64().unwrap() as u32
            })
            .collect()
    }
}

/// MAP and P@10 of dossier and of the baseline on one collection.
fn evaluate(name: &str, docs: &str, queries: &str, rels: &str) -> [(f64, f64); 2] {
    let dir = repo().join("../shared/data/ir").join(name);
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let mut all = Vec::new();
    for (n, rec) in smart(&dir.join(docs)) {
        let title = rec.get(&'T').map_or("", |t| t.trim()).replace('\n', " ");
        let text = rec.get(&'W').map_or("", |t| t.trim()).to_owned();
        // Front matter keeps the title out of the text, as `.T` is.
        let md = format!("---\ntitle: {:?}\n---\n\n{text}\n", title);
        std::fs::write(corpus.join(format!("{n:05}.md")), md).unwrap();
        all.push((n, title, text));
    }
    let mut opts = IndexOptions::new(&corpus, tmp.path().join("index"));
    opts.enrich = false;
    let enricher = Arc::new(Enricher::new(&EnrichOptions::default()).unwrap());
    index::run(&opts, &enricher, None).unwrap();
    let opened = index::open(&opts.index_dir).unwrap();
    let baseline = Baseline::new(&all);
    let relevant = judgments(name, &dir.join(rels));
    let mut sums = [(0f64, 0f64); 2];
    let mut n = 0;
    // CRAN's queries are numbered 1, 2, 4, 8, ...; its judgments number them in order.
    for (k, (id, rec)) in smart(&dir.join(queries)).into_iter().enumerate() {
        let q = if name == "cran" { k as u32 + 1 } else { id };
        let Some(rel) = relevant.get(&q) else {
            continue;
        };
        let text = rec.get(&'W').cloned().unwrap_or_default();
        let words: Vec<&str> = text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let results = search::search(
            &opened,
            &SearchOptions {
                query: words.join(" OR "),
                limit: Some(1000),
                by_article: true,
                ..SearchOptions::default()
            },
        )
        .unwrap();
        let ranked: Vec<u32> = results
            .hits()
            .map(|h| h.unwrap().path[..5].parse().unwrap())
            .collect();
        for (sum, ranked) in sums.iter_mut().zip([ranked, baseline.rank(&words)]) {
            let (ap, p10) = scores(&ranked, rel);
            sum.0 += ap;
            sum.1 += p10;
        }
        n += 1;
    }
    assert!(n >= 30, "{name}: {n} judged queries");
    let [d, b] = sums.map(|(ap, p)| (ap / n as f64, p / n as f64));
    eprintln!(
        "{name}: {n} queries; dossier MAP {:.3} P@10 {:.3}; whole-document BM25 MAP {:.3} P@10 {:.3}",
        d.0, d.1, b.0, b.1
    );
    [d, b]
}

#[test]
#[ignore = "needs ../shared/data"]
fn ranking_on_cran_med_cisi_is_within_reach_of_whole_document_bm25() {
    for (name, docs, queries, rels, floor) in [
        ("cran", "cran.all.1400", "cran.qry", "cranqrel", 0.38),
        ("med", "MED.ALL", "MED.QRY", "MED.REL", 0.49),
        ("cisi", "CISI.ALL", "CISI.QRY", "CISI.REL", 0.15),
    ] {
        let [(map, _), (base, _)] = evaluate(name, docs, queries, rels);
        assert!(map >= floor, "{name}: MAP {map:.3} under {floor}");
        assert!(map >= base - 0.03, "{name}: MAP {map:.3} against {base:.3}");
    }
}
