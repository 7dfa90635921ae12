//! Query side: malformed, huge and deeply nested queries give one clear line (exit 2) or
//! results, never a panic; fuzzy distance and wildcard expansion are bounded.

use std::time::{Duration, Instant};

use dossier::search::query::{Filters, build};

use crate::env::TestEnv;
use crate::harness::{COMMON, article, stderr};

/// Exits 0/1 with output, or 2 with one `dossier: ` line; never a panic.
fn assert_clean(q: &str, out: &std::process::Output) {
    let err = stderr(out);
    let shown: String = q.chars().take(40).collect();
    assert!(!err.contains("panicked"), "{shown}: {err}");
    match out.status.code() {
        Some(0 | 1) => {}
        Some(2) => {
            assert!(err.starts_with("dossier: "), "{shown}: {err}");
            assert_eq!(err.trim_end().lines().count(), 1, "{shown}: {err}");
            // A bad query is the user's to fix; it must not read as a damaged index.
            assert!(!err.contains("--rebuild"), "{shown}: {err}");
        }
        other => panic!("{shown}: exit {other:?}: {err}"),
    }
}

#[test]
fn hostile_queries_are_answered_or_refused_in_one_line() {
    let env = TestEnv::with_seed();
    for i in 0..30 {
        env.write(
            &format!("a/{i}.txt"),
            &format!("R{i}\n\n{}", article(i, 0, 2)),
        );
    }
    env.index_ok(&["--quiet"]);
    let nested = format!("{}a{}", "(".repeat(5_000), ")".repeat(5_000));
    let queries: Vec<String> = [
        "\"",
        "(",
        ")",
        "title:",
        "[a TO",
        "\\",
        "a~100",
        "a~5",
        "a~2",
        "*",
        "\"a\"~1000",
        "actor:*",
        "zq*",
        "*z",
        "z*q*",
        "/zq.*/",
        "text:/.*/",
        "a^1000000",
        "a^-1",
        "++a",
        "--a",
        "NOT",
        "AND OR",
        "date:",
        "date:[* TO *]",
        "date:[2020 TO 2010]",
        "place:",
        ":",
        "\u{1}",
        "\u{FFFD}\u{202E}",
        "🦀~1",
        "title:(",
        "\"a b\"~-1",
        "a AND (b OR",
        "\"unclosed phrase with zqcommonz",
        "actor:\"\"",
        "a~",
        "~",
        "*:*",
        "_id:1",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([
        "(".repeat(10_000),
        format!("{COMMON} ").repeat(1_000),
        "a OR ".repeat(2_000),
        nested,
        "x".repeat(9_000),
    ])
    .collect();
    for q in &queries {
        for fmt in ["text", "json"] {
            let t = Instant::now();
            let out = env.cmd(&["search", "--index", "index", "--format", fmt, "--", q]);
            assert_clean(q, &out);
            // A safety net against runaway expansion, not a benchmark.
            assert!(
                t.elapsed() < Duration::from_secs(60),
                "{q:.40}: took too long"
            );
        }
    }
    eprintln!(
        "hostile queries: {} answered or refused cleanly",
        queries.len()
    );
}

#[test]
fn a_one_megabyte_query_is_refused_by_the_library() {
    let env = TestEnv::with_seed();
    env.index_ok(&["--quiet"]);
    let opened = dossier::index::open(&env.index()).unwrap();
    for q in [
        "a ".repeat(500_000),
        "(".repeat(1 << 20),
        "\"".repeat(1 << 20),
    ] {
        let t = Instant::now();
        let r = build(&opened, &q, &Filters::default());
        assert!(r.is_err());
        assert!(t.elapsed() < Duration::from_secs(10));
    }
}

#[test]
fn fuzzy_distance_and_wildcards_are_bounded() {
    let env = TestEnv::with_seed();
    env.index_ok(&["--quiet"]);
    let opened = dossier::index::open(&env.index()).unwrap();
    let f = Filters::default();
    // Whatever tantivy's grammar accepts, a large edit distance must not reach the automaton
    // builder (which panics or explodes for distances over 2).
    for q in [
        "militia~100",
        "militia~3",
        "\"militia base\"~1000",
        "m*",
        "*",
    ] {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if let Ok(q) = build(&opened, q, &f).map(|b| b.query) {
                let searcher = opened.index.reader().unwrap().searcher();
                let _ = searcher.search(&q, &tantivy::collector::Count);
            }
        }));
        assert!(r.is_ok(), "{q}: panicked");
    }
}

/// Passage numbers of the seed article's hits for `query`.
fn seed_passages(env: &TestEnv, query: &str) -> Vec<u64> {
    let mut v: Vec<u64> = env.search_json(query, &["--limit", "1000"])["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["passage"].as_u64().unwrap())
        .collect();
    v.sort_unstable();
    v
}

#[test]
fn entity_values_resolve_by_name_prefix_set_and_id() {
    let env = TestEnv::with_seed();
    env.index_ok(&["--quiet"]);
    let mat = seed_passages(&env, "actor:MAT");
    assert!(mat.len() >= 3, "{mat:?}");
    for q in [
        "actor:\"Maghawir al-Thawra\"",
        "actor:\"maghaw\"*",
        "actor:maghaweir",
        "actor:\"org:mat\"",
        "actor:\"maghaweir thowra\"~1",
    ] {
        assert_eq!(seed_passages(&env, q), mat, "{q}");
    }
    let iran = seed_passages(&env, "actor:Iran");
    let mut either: Vec<u64> = mat.iter().chain(&iran).copied().collect();
    either.sort_unstable();
    either.dedup();
    assert_eq!(seed_passages(&env, "actor: IN [MAT Iran]"), either);
    assert_eq!(seed_passages(&env, "actor:MAT OR actor:Iran"), either);
    // A name nothing has matches nothing, and only where it must.
    assert!(seed_passages(&env, "actor:Zorbo").is_empty());
    assert!(seed_passages(&env, "actor:\"maghaweir thowra\"").is_empty());
    assert!(seed_passages(&env, "militia actor:Zorbo").is_empty());
    assert_eq!(
        seed_passages(&env, "militia OR actor:Zorbo"),
        seed_passages(&env, "militia")
    );
    assert_eq!(seed_passages(&env, "actor:MAT -actor:Zorbo"), mat);
    // Ranges and regexes of names are refused with one line.
    for q in ["place:[a TO b]", "actor:/ir.*/"] {
        let out = env.cmd(&["search", q, "--index", "index"]);
        assert_eq!(out.status.code(), Some(2), "{q}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("takes a name"), "{q}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
}
