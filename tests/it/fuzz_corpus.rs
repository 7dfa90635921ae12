//! Replays inputs kept from fuzzing (`tests/fuzz_regressions/TARGET/*`, one file per input,
//! TARGET named as in `fuzz/fuzz_targets/`) through the same code the fuzz targets drive.

use std::path::Path;

use dossier::search::query::{Filters, build};

use crate::env::{TestEnv, repo};

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = repo().join("tests/fuzz_regressions").join(target);
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut v: Vec<(String, Vec<u8>)> = rd
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (name(&p), std::fs::read(&p).unwrap()))
        .collect();
    v.sort();
    v
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn kept_reader_and_passage_inputs_do_not_panic() {
    let mut n = 0;
    for ext in ["txt", "md", "html", "json", "jsonl"] {
        for (name, bytes) in inputs(&format!("parse_{ext}")) {
            let r = std::panic::catch_unwind(|| {
                if let Ok(p) = dossier::ingest::parse(&format!("fuzz.{ext}"), &bytes) {
                    for a in &p.articles {
                        let _ = dossier::passages::split(&a.text, 1200);
                    }
                }
            });
            assert!(r.is_ok(), "parse_{ext}/{name} panics");
            n += 1;
        }
    }
    for (name, bytes) in inputs("passages") {
        let Some((&max, rest)) = bytes.split_first() else {
            continue;
        };
        let text = String::from_utf8_lossy(rest);
        let r =
            std::panic::catch_unwind(|| dossier::passages::split(&text, usize::from(max) * 8 + 1));
        assert!(r.is_ok(), "passages/{name} panics");
        n += 1;
    }
    eprintln!("replayed {n} kept fuzz inputs");
}

#[test]
fn kept_query_inputs_do_not_panic() {
    let inputs = inputs("query");
    if inputs.is_empty() {
        return;
    }
    let env = TestEnv::with_seed();
    env.index_ok(&["--quiet"]);
    let o = dossier::index::open(&env.index()).unwrap();
    let searcher = o.index.reader().unwrap().searcher();
    for (name, bytes) in inputs {
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if let Ok(q) = build(&o, text, &Filters::default()).map(|b| b.query) {
                let _ = searcher.search(&q, &tantivy::collector::Count);
            }
        }));
        assert!(r.is_ok(), "query/{name} panics");
    }
}
