//! Throughput of the cheap pipeline stages on the shipped `corpus/` (no shared data needed):
//! parsing files into articles (`ingest::parse`, every supported format) and cutting article
//! text into passages (`passages::split`).
//!
//! `cargo bench --bench pipeline_parts` (add `-- --quick` for a fast pass).

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dossier::ingest;
use dossier::passages::{self, MAX_PASSAGE_CHARS};

/// Every supported file of the shipped corpus: (path relative to the corpus, bytes).
fn shipped_files() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && ingest::is_supported(e.path()))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&root)
                .expect("under the root")
                .to_string_lossy()
                .into_owned();
            let bytes = std::fs::read(e.path()).expect("a readable corpus file");
            (rel, bytes)
        })
        .collect();
    files.sort();
    files
}

fn parts(c: &mut Criterion) {
    let files = shipped_files();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let texts: Vec<String> = files
        .iter()
        .filter_map(|(rel, b)| ingest::parse(rel, b).ok())
        .flat_map(|p| p.articles)
        .map(|a| a.text)
        .collect();
    let text_bytes: usize = texts.iter().map(String::len).sum();

    let mut group = c.benchmark_group("pipeline_parts");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parse_shipped_corpus", |b| {
        b.iter(|| {
            files
                .iter()
                .filter_map(|(rel, b)| ingest::parse(rel, b).ok())
                .map(|p| p.articles.len())
                .sum::<usize>()
        })
    });
    group.throughput(Throughput::Bytes(text_bytes as u64));
    group.bench_function("split_passages", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| passages::split(t, MAX_PASSAGE_CHARS).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = parts
}
criterion_main!(benches);
