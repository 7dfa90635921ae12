//! Runs on the third-party corpora in `../shared/data` (ignored without it; CI runs them with
//! `--include-ignored` when the data is present).

use crate::env::{TestEnv, count, repo};

fn shared(rel: &str) -> std::path::PathBuf {
    repo().join("../shared/data").join(rel)
}

#[test]
#[ignore = "needs ../shared/data"]
fn bbc_corpus_indexes_every_article_and_answers_by_actor() {
    let env = TestEnv::new();
    let bbc = shared("corpora/bbc");
    let out = env.cmd(&["index", &bbc.to_string_lossy(), "--index", "index"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    // 2,225 articles plus the collection's README.TXT.
    assert_eq!(count(&err, "new"), 2226, "{err}");
    assert_eq!(count(&err, "skipped"), 0, "{err}");
    let again = env.cmd(&["index", &bbc.to_string_lossy(), "--index", "index"]);
    let err = String::from_utf8_lossy(&again.stderr);
    assert_eq!(count(&err, "unchanged"), 2226, "{err}");
    assert_eq!(
        env.cmd(&["verify", "--index", "index"]).status.code(),
        Some(0)
    );

    let blair = env.search_json("actor:\"Tony Blair\"", &["--limit", "5"]);
    assert!(blair["total"].as_u64().unwrap() > 50, "{}", blair["total"]);
    for hit in blair["hits"].as_array().unwrap() {
        assert!(
            hit["actors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == "Tony Blair"),
            "{hit}"
        );
    }
    let s: serde_json::Value = serde_json::from_slice(
        &env.cmd(&["stats", "--index", "index", "--format", "json"])
            .stdout,
    )
    .unwrap();
    assert_eq!(s["articles"], 2226);
}
