//! `TestEnv`: a temporary corpus and index, and helpers to run the binary on them.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

pub struct TestEnv {
    pub dir: tempfile::TempDir,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        let env = TestEnv {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(env.corpus()).unwrap();
        env
    }

    /// A corpus holding the shipped seed article.
    pub fn with_seed() -> TestEnv {
        let env = TestEnv::new();
        env.write_bytes(
            "seed/000_c3bebdd9ecb442e1.txt",
            &std::fs::read(seed_path()).unwrap(),
        );
        env
    }

    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.corpus().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.corpus().join(rel)).unwrap();
    }

    /// `dossier <args>` with the working directory set to the temp folder.
    pub fn cmd(&self, args: &[&str]) -> Output {
        Command::cargo_bin("dossier")
            .unwrap()
            .current_dir(self.dir.path())
            .args(args)
            .output()
            .unwrap()
    }

    /// `dossier index corpus --index index [extra]`, asserting success; returns stderr.
    pub fn index_ok(&self, extra: &[&str]) -> String {
        let mut args = vec!["index", "corpus", "--index", "index"];
        args.extend_from_slice(extra);
        let out = self.cmd(&args);
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(out.status.success(), "index failed: {err}");
        err
    }

    /// `dossier search <query> --index index --format json [extra]`, parsed.
    pub fn search_json(&self, query: &str, extra: &[&str]) -> serde_json::Value {
        let mut args = vec!["search", query, "--index", "index", "--format", "json"];
        args.extend_from_slice(extra);
        let out = self.cmd(&args);
        assert!(
            out.status.code() == Some(0) || out.status.code() == Some(1),
            "search failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// Paths of the hits of a query, in rank order.
    pub fn hit_paths(&self, query: &str) -> Vec<String> {
        self.search_json(query, &["--limit", "1000"])["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["path"].as_str().unwrap().to_string())
            .collect()
    }
}

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn seed_path() -> PathBuf {
    repo().join("corpus/seed/000_c3bebdd9ecb442e1.txt")
}

/// The number before `label` in the summary line, e.g. `count(line, "new")`.
pub fn count(summary: &str, label: &str) -> u64 {
    let words: Vec<&str> = summary
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .collect();
    for w in words.windows(2) {
        if w[1] == label
            && let Ok(n) = w[0].parse()
        {
            return n;
        }
    }
    panic!("no {label:?} count in {summary:?}");
}
