//! Fuzzes the query front end: any query text, parsed and rewritten against a small index, then
//! run, gives results or an error, never a panic.
#![no_main]

use std::sync::OnceLock;

use dossier::index::Opened;
use dossier::search::query::{Filters, build};
use libfuzzer_sys::fuzz_target;

/// A one-article index built once per process.
fn opened() -> &'static Opened {
    static O: OnceLock<(tempfile::TempDir, Opened)> = OnceLock::new();
    &O.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        std::fs::write(
            corpus.join("a.txt"),
            "Militia attacks MAT\n\nA militia entered the zone around al-Tanf in 2017.\n",
        )
        .unwrap();
        let enricher = std::sync::Arc::new(
            dossier::enrich::Enricher::new(&dossier::enrich::EnrichOptions::default()).unwrap(),
        );
        let mut opts = dossier::index::IndexOptions::new(corpus, dir.path().join("index"));
        opts.threads = 1;
        opts.enrich = false;
        dossier::index::run(&opts, &enricher, None).unwrap();
        let opened = dossier::index::open(&opts.index_dir).unwrap();
        (dir, opened)
    })
    .1
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let o = opened();
    if let Ok(q) = build(&o.index, &o.fields, text, &Filters::default()) {
        let searcher = o.index.reader().unwrap().searcher();
        let _ = searcher.search(&q, &tantivy::collector::Count);
    }
});
