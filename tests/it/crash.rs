//! kill -9 during `dossier index`, many times: after every kill the index opens at its last
//! commit with every committed article searchable and whole, and the run that follows completes
//! with no article lost or duplicated (checked against a fresh index of the same corpus).
//!
//! `DOSSIER_CRASH_POINTS=N` sets the number of kills (default 20); `DOSSIER_CRASH_SEED=S`
//! changes the pseudo-random delays and corpus edits.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::env::TestEnv;
use crate::harness::{
    COMMON, Rng, article, contents, env_count, fault_hooks, kill9, manifest, marker, payload, run,
    spawn, stderr,
};

/// Environment of every `index` run here: commit after every batch of files.
const VARS: [(&str, &str); 1] = [("DOSSIER_COMMIT_SECS", "0")];

const INDEX_ARGS: [&str; 7] = [
    "index",
    "corpus",
    "--index",
    "index",
    "--quiet",
    "--threads",
    "1",
];

/// The corpus under test: article id -> version (absent = deleted).
struct Corpus {
    live: BTreeMap<usize, u32>,
    next: usize,
}

impl Corpus {
    fn rel(i: usize) -> String {
        // Several folders, and a few large articles so a run lasts long enough to be cut.
        if i % 50 == 7 {
            format!("big/b{i:05}.txt")
        } else {
            format!("d{}/a{i:05}.md", i % 4)
        }
    }

    fn paras(i: usize) -> usize {
        if i % 50 == 7 { 400 } else { 2 + i % 3 }
    }

    fn write(&self, env: &TestEnv, i: usize) {
        let text = article(i, self.live[&i], Self::paras(i));
        // Markdown files get front matter; text files use the first line as the title.
        let text = if Self::rel(i).ends_with(".md") {
            format!("---\ntitle: Report {}\n---\n\n{}", marker(i), text)
        } else {
            format!("Report {}\n\n{}", marker(i), text)
        };
        env.write(&Self::rel(i), &text);
    }

    /// Modifies, deletes or adds a few articles.
    fn mutate(&mut self, env: &TestEnv, rng: &mut Rng) {
        for _ in 0..3 {
            let ids: Vec<usize> = self.live.keys().copied().collect();
            let pick = ids[rng.below(ids.len() as u64) as usize];
            match rng.below(3) {
                0 => {
                    *self.live.get_mut(&pick).unwrap() += 1;
                    self.write(env, pick);
                }
                1 => {
                    self.live.remove(&pick);
                    env.remove(&Self::rel(pick));
                }
                _ => {
                    let i = self.next;
                    self.next += 1;
                    self.live.insert(i, 0);
                    self.write(env, i);
                }
            }
        }
    }
}

/// After a kill: if anything was ever committed, the index verifies, `stats` works, and exactly
/// the articles of the last commit's manifest are searchable, each with all its passages.
/// Returns the number of committed articles.
fn check_last_commit(env: &TestEnv) -> usize {
    let Some(m) = manifest(&env.index()) else {
        return 0;
    };
    let out = env.cmd(&["verify", "--index", "index"]);
    assert_eq!(out.status.code(), Some(0), "verify: {}", stderr(&out));
    let out = env.cmd(&["stats", "--index", "index", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "stats: {}", stderr(&out));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let indexed: BTreeMap<&String, u64> = m
        .iter()
        .filter(|(_, (status, _))| status == "indexed")
        .map(|(p, (_, n))| (p, *n))
        .collect();
    assert_eq!(stats["articles"].as_u64().unwrap(), indexed.len() as u64);
    let found = contents(env, "index");
    let found_counts: BTreeMap<&String, u64> =
        found.iter().map(|(p, v)| (p, v.len() as u64)).collect();
    assert_eq!(
        found_counts, indexed,
        "searchable passages per file differ from the last commit's manifest"
    );
    indexed.len()
}

/// Every live article appears under exactly one path, once, at its current version.
fn check_against_corpus(corpus: &Corpus, found: &BTreeMap<String, Vec<(u64, String)>>) {
    assert_eq!(
        found.len(),
        corpus.live.len(),
        "articles lost or duplicated"
    );
    for (&i, &v) in &corpus.live {
        let passages = &found[&Corpus::rel(i)];
        assert_eq!(passages.len(), Corpus::paras(i), "{}", Corpus::rel(i));
        for (n, (p, text)) in passages.iter().enumerate() {
            assert_eq!(*p, n as u64);
            assert!(
                text.contains(&marker(i)) && text.contains(&format!("zqver{v}z")),
                "{}: stale or foreign passage {text:?}",
                Corpus::rel(i)
            );
        }
    }
    let mut owners: BTreeMap<String, usize> = BTreeMap::new();
    for passages in found.values() {
        for (_, text) in passages {
            let m = text
                .split_whitespace()
                .find(|w| w.starts_with("zqm"))
                .unwrap();
            *owners.entry(m.to_string()).or_default() += 1;
        }
    }
    for &i in corpus.live.keys() {
        assert_eq!(owners[&marker(i)], Corpus::paras(i), "marker {}", marker(i));
    }
}

#[test]
fn kill_9_during_index_loses_and_duplicates_nothing() {
    let points = env_count("DOSSIER_CRASH_POINTS", 20);
    let seed = env_count("DOSSIER_CRASH_SEED", 4) as u64;
    let mut rng = Rng::new(seed);
    let env = TestEnv::new();
    let mut corpus = Corpus {
        live: (0..1200).map(|i| (i, 0)).collect(),
        next: 1200,
    };
    for &i in corpus.live.keys() {
        corpus.write(&env, i);
    }
    assert!(env.corpus().join("big").is_dir());

    // Calibrate: how long a whole run takes here, so the kills land across a run.
    let started = Instant::now();
    let mut args = INDEX_ARGS.to_vec();
    args[3] = "calibrate";
    let out = run(&env, &args, &VARS);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let full = started.elapsed().as_millis() as u64;

    let (mut finished, mut with_commit) = (0, 0);
    for k in 0..points {
        if k % 3 == 2 {
            corpus.mutate(&env, &mut rng);
        }
        // Now and then start over, so early kills (before the first commit) are covered too.
        let mut args = INDEX_ARGS.to_vec();
        if k % 7 == 0 {
            args.push("--rebuild");
        }
        let delay = 50 + rng.below(full + full / 5);
        let mut child = spawn(&env, &args, &VARS);
        std::thread::sleep(Duration::from_millis(delay));
        if child.try_wait().unwrap().is_some() {
            finished += 1;
        }
        kill9(&mut child);
        if check_last_commit(&env) > 0 {
            with_commit += 1;
        }
    }
    eprintln!(
        "kill -9: {points} kill points survived ({finished} runs had finished, \
         {with_commit} left a commit; full run {full} ms)"
    );

    // The next run completes, and the index equals a fresh index of the same corpus.
    let out = run(&env, &INDEX_ARGS, &VARS);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    check_last_commit(&env);
    let mut args = INDEX_ARGS.to_vec();
    args[3] = "fresh";
    let out = run(&env, &args, &VARS);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recovered = contents(&env, "index");
    let fresh = contents(&env, "fresh");
    assert!(
        recovered == fresh,
        "recovered index differs from a fresh one"
    );
    check_against_corpus(&corpus, &recovered);
    assert!(!recovered.is_empty() && COMMON.starts_with("zq"));
}

/// The commit generation named in an index's payload (its manifest's number).
fn generation(env: &TestEnv) -> u64 {
    let payload = payload(&env.index()).unwrap();
    dossier::index::manifest::generation_of(payload["manifest"].as_str().unwrap())
}

#[test]
fn a_retag_stopped_half_way_is_taken_up_by_the_next_run() {
    if !fault_hooks() {
        return;
    }
    let env = TestEnv::new();
    // Three batches of files; the run ends abruptly in the third, after committing the first.
    for i in 0..700 {
        let name = if i == 600 {
            format!("f{i:03}-exit-me.txt")
        } else {
            format!("f{i:03}.txt")
        };
        env.write(
            &name,
            &format!("Report {i}\n\nThe Zorbo Front attacked a depot near the river.\n"),
        );
    }
    env.index_ok(&[]);
    assert!(env.hit_paths("actor:ZF").is_empty());
    let before = generation(&env);

    // New entities: every file is enriched again; the run is stopped at the exit-me file.
    std::fs::write(
        env.dir.path().join("entities.toml"),
        "[[entity]]\nname = \"Zorbo Front\"\naliases = [\"ZF\"]\nkind = \"organization\"\nid = \"org:zf\"\n",
    )
    .unwrap();
    let args = [
        "index",
        "corpus",
        "--index",
        "index",
        "--entities",
        "entities.toml",
    ];
    let out = run(
        &env,
        &args,
        &[("DOSSIER_COMMIT_SECS", "0"), ("DOSSIER_FAULT", "exit")],
    );
    assert_eq!(out.status.code(), Some(9), "{}", stderr(&out));
    let committed = generation(&env) > before;

    // The next run enriches again every file the stopped one did not reach.
    let out = run(&env, &args, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let found = env.search_json("actor:ZF", &["--limit", "0"])["total"]
        .as_u64()
        .unwrap();
    assert_eq!(found, 700, "the stopped run had committed: {committed}");
    let out = env.cmd(&["verify", "--index", "index"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
