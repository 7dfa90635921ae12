//! Export side: CSV and JSON Lines round-trip through their parsers for random titles and texts
//! (formula-injection guard included), a closed pipe is success for every printing command, and
//! `export --out` is atomic under kill -9.

use std::process::Stdio;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use dossier::enrich::{EnrichOptions, Enricher};
use dossier::export::{self, COLUMNS, ExportOptions, Format, guard_formula};
use dossier::index::{self, IndexOptions};
use dossier::search::{self, Filters, Near, SearchOptions};
use proptest::prelude::*;

use crate::env::TestEnv;
use crate::harness::{
    COMMON, Rng, article, bin, kill9, marker, multi_segment_index, spawn, stderr,
};

fn enricher() -> &'static Arc<Enricher> {
    static E: OnceLock<Arc<Enricher>> = OnceLock::new();
    E.get_or_init(|| Arc::new(Enricher::new(&EnrichOptions::default()).unwrap()))
}

/// Indexes `(title, text)` articles (as one JSON array file) and exports `COMMON` as CSV and
/// JSON Lines through the library.
fn export_both(articles: &[(String, String)]) -> (Vec<u8>, Vec<u8>, usize) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let docs: Vec<serde_json::Value> = articles
        .iter()
        .map(|(t, x)| serde_json::json!({"title": t, "text": x}))
        .collect();
    std::fs::write(corpus.join("a.json"), serde_json::to_vec(&docs).unwrap()).unwrap();
    let mut opts = IndexOptions::new(corpus, dir.path().join("index"));
    opts.threads = 1;
    opts.enrich = false;
    index::run(&opts, enricher(), None).unwrap();
    let opened = index::open(&opts.index_dir).unwrap();
    let q = SearchOptions {
        query: COMMON.into(),
        limit: None,
        ..SearchOptions::default()
    };
    let results = search::search(&opened, &q).unwrap();
    let (mut csv, mut jsonl) = (Vec::new(), Vec::new());
    let o = ExportOptions::default();
    let a = export::write(Format::Csv, COMMON, &results, &mut csv, o).unwrap();
    let b = export::write(Format::Jsonl, COMMON, &results, &mut jsonl, o).unwrap();
    assert_eq!(a, b);
    (csv, jsonl, a)
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn csv_and_jsonl_exports_round_trip(
        raw in prop::collection::vec(
            (
                "[=+@\\-\"',;a-zé’ ]{0,3}[a-z]{1,8}[ =+@\\-\"',;\r\na-zé’]{0,24}",
                "[=+@\\-\"',;a-zé’\t]{0,3}[a-z]{1,8}[ =+@\\-\"',;a-zé’\t]{0,60}",
            ),
            1..8,
        )
    ) {
        let articles: Vec<(String, String)> = raw
            .iter()
            .enumerate()
            .map(|(i, (t, x))| (t.clone(), format!("{x} {COMMON} {} {x}", marker(i))))
            .collect();
        let (csv_bytes, jsonl, n) = export_both(&articles);
        prop_assert_eq!(n, articles.len());
        let lines: Vec<serde_json::Value> = std::str::from_utf8(&jsonl)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        prop_assert_eq!(lines.len(), n);
        let mut rd = csv::Reader::from_reader(csv_bytes.as_slice());
        let header: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
        prop_assert_eq!(header, COLUMNS.to_vec());
        let records: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
        prop_assert_eq!(records.len(), n);
        for (rec, line) in records.iter().zip(&lines) {
            prop_assert_eq!(rec.len(), COLUMNS.len());
            for (col, cell) in COLUMNS.iter().zip(rec.iter()) {
                let v = &line[*col];
                let want = match (*col, v) {
                    ("score", v) => {
                        let s: f32 = cell.parse().unwrap();
                        prop_assert!((f64::from(s) - v.as_f64().unwrap()).abs() < 1e-3);
                        continue;
                    }
                    (_, serde_json::Value::String(s)) => guard_formula(s.clone()),
                    (_, serde_json::Value::Null) => String::new(),
                    (_, serde_json::Value::Array(a)) => guard_formula(
                        a.iter().map(|x| x.as_str().unwrap()).collect::<Vec<_>>().join("; "),
                    ),
                    (_, other) => other.to_string(),
                };
                prop_assert_eq!(cell, want.as_str(), "column {}", col);
                if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                    prop_assert!(false, "unguarded cell {:?}", cell);
                }
            }
            // The fields are the article's: its title and a passage holding its marker.
            let text = line["text"].as_str().unwrap();
            let m = text.split_whitespace().find(|w| w.starts_with("zqm")).unwrap();
            let i: usize = m[3..8].parse().unwrap();
            prop_assert_eq!(squash(line["title"].as_str().unwrap()), squash(&articles[i].0));
        }
    }

    #[test]
    fn formula_guard_prefixes_exactly_the_dangerous_cells(s in "[=+@\\-\t\ra-z ]{0,6}") {
        let g = guard_formula(s.clone());
        let dangerous = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
        if dangerous {
            prop_assert_eq!(g, format!("'{s}"));
        } else {
            prop_assert_eq!(g, s);
        }
    }
}

/// An index of `n` articles of three passages each.
fn big_index(n: usize) -> TestEnv {
    let env = TestEnv::new();
    for i in 0..n {
        env.write(
            &format!("a/{i:05}.txt"),
            &format!("Report {i}\n\n{}", article(i, 0, 3)),
        );
    }
    env.index_ok(&["--quiet", "--no-enrich"]);
    env
}

#[test]
fn closed_pipe_is_success_for_search_and_entities() {
    let env = TestEnv::with_seed();
    env.write("b.txt", &format!("Raqqa\n\n{}", article(1, 0, 200)));
    env.index_ok(&["--quiet"]);
    for args in [
        vec!["search", COMMON, "--index", "index", "--limit", "200"],
        vec!["search", COMMON, "--index", "index", "--format", "csv"],
        vec!["entities", "--index", "index"],
        vec!["stats", "--index", "index"],
        vec!["export", COMMON, "--index", "index", "--format", "md"],
    ] {
        let mut p = std::process::Command::new(bin())
            .current_dir(env.dir.path())
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(p.stdout.take());
        let out = p.wait_with_output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(
            err.is_empty(),
            "{args:?}: quiet on a closed pipe, got {err}"
        );
    }
}

#[test]
fn export_out_is_atomic_under_kill_9() {
    let env = big_index(1500);
    let dir = env.dir.path();
    // The old content: a complete JSON Lines export.
    let out = env.cmd(&[
        "export", COMMON, "--index", "index", "--format", "jsonl", "--out", "hits",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let old = std::fs::read(dir.join("hits")).unwrap();
    // The new content, complete: CSV.
    let out = env.cmd(&[
        "export", COMMON, "--index", "index", "--format", "csv", "--out", "full.csv",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let new = std::fs::read(dir.join("full.csv")).unwrap();
    assert!(old.len() > 1_000_000 && new.len() > 1_000_000);

    let args = [
        "export", COMMON, "--index", "index", "--format", "csv", "--out", "hits",
    ];
    // Calibrate the delays to how long an export takes here.
    let t = std::time::Instant::now();
    let out = env.cmd(&args);
    assert_eq!(out.status.code(), Some(0));
    let full = t.elapsed().as_millis() as u64;
    let mut rng = Rng::new(7);
    let points = crate::harness::env_count("DOSSIER_CRASH_POINTS", 20).min(20);
    let (mut old_seen, mut new_seen) = (0, 0);
    for _ in 0..points {
        std::fs::write(dir.join("hits"), &old).unwrap();
        let mut child = spawn(&env, &args, &[]);
        std::thread::sleep(Duration::from_millis(20 + rng.below(full + 50)));
        kill9(&mut child);
        let now = std::fs::read(dir.join("hits")).unwrap();
        if now == old {
            old_seen += 1;
        } else {
            assert!(
                now == new,
                "--out left a partial file ({} bytes)",
                now.len()
            );
            new_seen += 1;
        }
    }
    eprintln!("--out under kill -9: {points} kills, {old_seen} old, {new_seen} complete new");
}

/// The first line where two exports differ, for a readable failure.
fn first_difference(a: &[u8], b: &[u8]) -> Option<String> {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    let (mut la, mut lb) = (a.lines(), b.lines());
    for i in 0.. {
        match (la.next(), lb.next()) {
            (None, None) => return None,
            (x, y) if x != y => return Some(format!("line {i}: {x:?}\n  vs {y:?}")),
            _ => {}
        }
    }
    None
}

/// Ranking a page at a time lists the same hits as ranking them in one pass: pages of 1, 2, 5
/// and 16 matches against one page larger than the hit list, on an index of four segments
/// (older ones with deleted passages) where most scores tie (every passage has the same length
/// and holds the common word once), for one word, two words, a phrase, entity filters and a
/// distance filter, at several limits, with and without `--by-article`.
#[test]
fn paged_hits_equal_one_pass() {
    let env = TestEnv::new();
    let body = |i: usize, version: u32| {
        let mut s = format!("Report {i}\n\n{}", article(i, version, 1 + i % 4));
        if i.is_multiple_of(3) {
            s.push_str("Officials in Damascus met the envoy.\n\n");
        }
        if i.is_multiple_of(5) {
            s.push_str("Iran sent a convoy to the border.\n\n");
        }
        s
    };
    multi_segment_index(&env, body);

    let opened = index::open(&env.index()).unwrap();
    let damascus = Near {
        lat: 33.51,
        lon: 36.29,
        km: 50.0,
    };
    let two_words = format!("{COMMON} zqver1z");
    let queries: [(&str, Option<Near>); 8] = [
        (COMMON, None),
        (&two_words, None),
        ("convoy", None),
        ("\"paragraph 1\"", None),
        ("actor:Iran", None),
        ("place:Damascus", None),
        ("", Some(damascus)),
        ("envoy", Some(damascus)),
    ];
    // Most scores tie, so the article ids and passage numbers decide.
    let all = search::search(
        &opened,
        &SearchOptions {
            query: COMMON.into(),
            ..SearchOptions::default()
        },
    )
    .unwrap();
    let mut scores: Vec<u32> = all.hits().map(|h| h.unwrap().score.to_bits()).collect();
    let n = scores.len();
    scores.dedup();
    assert!(
        n > 100 && scores.len() * 4 < n,
        "{} scores for {n} hits",
        scores.len()
    );

    for (query, near) in queries {
        for limit in [None, Some(1), Some(7), Some(40)] {
            for by_article in [false, true] {
                let export = |page: usize| {
                    let opts = SearchOptions {
                        query: query.into(),
                        filters: Filters {
                            near,
                            ..Filters::default()
                        },
                        limit,
                        by_article,
                        page: Some(page),
                    };
                    let results = search::search(&opened, &opts).unwrap();
                    let mut out = Vec::new();
                    let o = ExportOptions::default();
                    let n = export::write(Format::Jsonl, query, &results, &mut out, o).unwrap();
                    (out, n)
                };
                let (want, n) = export(usize::MAX);
                let case =
                    format!("{query:?} near={near:?} limit={limit:?} by_article={by_article}");
                assert!(n > 0, "{case}: no hits");
                for page in [1, 2, 5, 16] {
                    let (got, m) = export(page);
                    assert_eq!(m, n, "{case} page={page}");
                    if let Some(d) = first_difference(&want, &got) {
                        panic!("{case} page={page}: {d}");
                    }
                }
            }
        }
    }
}
