//! Tagging throughput of the enrich stage (statistical tagger fused with the gazetteers) and of
//! the bare tagger, over the article texts of the shipped `corpus/` (no shared data needed).
//!
//! `cargo bench --bench tagging`

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dossier::enrich::{EnrichOptions, Enricher};

/// Article texts of every supported file under `corpus/`, in sorted order.
fn corpus_texts() -> Vec<String> {
    let mut paths: Vec<_> =
        walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file() && dossier::ingest::is_supported(e.path()))
            .filter(|e| !e.path().components().any(|c| c.as_os_str() == "LICENSES"))
            .map(|e| e.into_path())
            .collect();
    paths.sort();
    let mut texts = Vec::new();
    for p in paths {
        let bytes = std::fs::read(&p).expect("corpus file reads");
        let rel = p.file_name().unwrap().to_string_lossy();
        if let Ok(parsed) = dossier::ingest::parse(&rel, &bytes) {
            texts.extend(parsed.articles.into_iter().map(|a| a.text));
        }
    }
    texts
}

fn tagging(c: &mut Criterion) {
    let texts = corpus_texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let enricher = Enricher::new(&EnrichOptions::default()).expect("shipped data loads");
    let model = dossier::ner::Model::embedded();
    let mut g = c.benchmark_group("tagging");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("fused", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| enricher.tag(t).mentions.len())
                .sum::<usize>()
        })
    });
    g.bench_function("tagger_only", |b| {
        b.iter(|| texts.iter().map(|t| model.tag(t).len()).sum::<usize>())
    });
    g.finish();
    let mut s = c.benchmark_group("startup");
    s.sample_size(10);
    s.bench_function("enricher_new", |b| {
        b.iter(|| Enricher::new(&EnrichOptions::default()).expect("shipped data loads"))
    });
    s.finish();
}

criterion_group!(benches, tagging);
criterion_main!(benches);
