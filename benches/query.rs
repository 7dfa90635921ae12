//! Query latency on a small index of the shipped `corpus/` (no shared data needed, so CI can
//! run it): a term, a phrase, entity filters, a date range and a distance filter, each with its
//! top 10 hits loaded with snippets, as `dossier search` prints them.
//!
//! `cargo bench --bench query` (add `-- --quick` for a fast pass).

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::enrich::{EnrichOptions, Enricher};
use dossier::index::{self, IndexOptions, Opened};
use dossier::search::{self, Filters, Near, SearchOptions};

/// Indexes the shipped corpus into a temporary folder.
fn shipped_index() -> (tempfile::TempDir, Opened) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let enricher =
        std::sync::Arc::new(Enricher::new(&EnrichOptions::default()).expect("the gazetteers load"));
    let opts = IndexOptions {
        rebuild: true,
        enrich_fingerprint: "bench".into(),
        ..IndexOptions::new(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
            dir.path().join("index"),
        )
    };
    index::run(&opts, &enricher, None).expect("the shipped corpus indexes");
    let opened = index::open(&opts.index_dir).expect("the index opens");
    (dir, opened)
}

fn top10(opened: &Opened, opts: &SearchOptions) -> usize {
    let results = search::search(opened, opts).expect("the query runs");
    let mut n = 0;
    for hit in results.hits() {
        std::hint::black_box(hit.expect("the hit loads"));
        n += 1;
    }
    n
}

fn queries(c: &mut Criterion) {
    let (_dir, opened) = shipped_index();
    let q = |query: &str| SearchOptions {
        query: query.into(),
        limit: Some(10),
        ..SearchOptions::default()
    };
    let mut group = c.benchmark_group("query");
    for (name, opts) in [
        ("term", q("militia")),
        ("two_terms", q("coalition strikes")),
        ("phrase", q("\"Islamic State\"")),
        ("actor", q("actor:Iran")),
        ("place_hierarchy", q("place:Syria")),
        (
            "actor_place_topic",
            q("actor:ISIL place:Iraq topic:airstrikes"),
        ),
        ("date_range", q("date:[2016-01-01 TO 2017-12-31]")),
        (
            "near_damascus_100km",
            SearchOptions {
                filters: Filters {
                    near: Some(Near {
                        lat: 33.51,
                        lon: 36.29,
                        km: 100.0,
                    }),
                    ..Filters::default()
                },
                ..q("")
            },
        ),
        (
            "by_article",
            SearchOptions {
                by_article: true,
                ..q("coalition")
            },
        ),
    ] {
        group.bench_function(name, |b| b.iter(|| top10(&opened, &opts)));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = queries
}
criterion_main!(benches);
