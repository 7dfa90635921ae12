//! Shared helpers for the reliability tests: a generated corpus of articles that each carry a
//! unique marker word, spawning and killing the binary, reading exports and the manifest, and
//! the children's peak memory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use crate::env::TestEnv;

/// A word every generated passage contains, so `dossier export COMMON` lists the whole index.
pub const COMMON: &str = "zqcommonz";

/// The unique marker word of article `i`.
pub fn marker(i: usize) -> String {
    format!("zqm{i:05}z")
}

/// A small deterministic generator (xorshift64*), so kill delays and mutations repeat.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const WORDS: [&str; 16] = [
    "convoy",
    "ceasefire",
    "militia",
    "border",
    "airstrike",
    "talks",
    "refugees",
    "harbour",
    "council",
    "envoy",
    "drought",
    "election",
    "pipeline",
    "garrison",
    "treaty",
    "market",
];

/// The body of article `i` at `version`: `paras` paragraphs, every one carrying [`COMMON`], the
/// article's marker and a version word (so every passage is found by `export COMMON`).
pub fn article(i: usize, version: u32, paras: usize) -> String {
    let m = marker(i);
    let mut s = String::new();
    for p in 0..paras {
        s.push_str(&format!("{COMMON} {m} zqver{version}z paragraph {p}:"));
        for k in 0..12 {
            s.push(' ');
            s.push_str(WORDS[(i * 7 + p * 3 + k) % WORDS.len()]);
        }
        s.push_str(".\n\n");
    }
    s
}

/// Indexes articles `a/000.txt` to `a/059.txt` (`body(i, version)`) into an index of several
/// segments with deletions and many tied scores: three runs of 20 articles in an order unlike
/// their ids (one segment each with one thread), then a run that rewrites every 7th article,
/// deleting its passages from the older segments.
pub fn multi_segment_index(env: &TestEnv, body: impl Fn(usize, u32) -> String) {
    let order: Vec<usize> = (0..60).map(|i| (i * 37) % 60).collect();
    for batch in order.chunks(20) {
        for &i in batch {
            env.write(&format!("a/{i:03}.txt"), &body(i, 0));
        }
        env.index_ok(&["--quiet", "--threads", "1"]);
    }
    for i in (0..60).step_by(7) {
        env.write(&format!("a/{i:03}.txt"), &body(i, 1));
    }
    env.index_ok(&["--quiet", "--threads", "1"]);
    let segments = std::fs::read_dir(env.index())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension() == Some("idx".as_ref()))
        .count();
    assert!(segments >= 3, "{segments} segments");
}

/// Path of the `dossier` binary.
pub fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("dossier")
}

/// `dossier <args>` in the env's folder with extra environment variables, not waited for.
pub fn spawn(env: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> Child {
    let mut c = Command::new(bin());
    c.current_dir(env.dir.path())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in vars {
        c.env(k, v);
    }
    c.spawn().unwrap()
}

/// `dossier <args>` with extra environment variables, waited for.
pub fn run(env: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> Output {
    spawn(env, args, vars).wait_with_output().unwrap()
}

/// Stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `dossier export QUERY --format jsonl` on `index`, parsed; exit 1 (no hits) gives no rows.
pub fn export_rows(env: &TestEnv, index: &str, query: &str) -> Vec<serde_json::Value> {
    let out = env.cmd(&["export", query, "--index", index, "--format", "jsonl"]);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "export {query} failed: {}",
        stderr(&out)
    );
    String::from_utf8(out.stdout)
        .expect("jsonl export is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad jsonl line {l:?}: {e}")))
        .collect()
}

/// The whole index as `path -> sorted [(passage, text)]`, from `export COMMON`.
pub fn contents(env: &TestEnv, index: &str) -> BTreeMap<String, Vec<(u64, String)>> {
    let mut m: BTreeMap<String, Vec<(u64, String)>> = BTreeMap::new();
    for r in export_rows(env, index, COMMON) {
        m.entry(r["path"].as_str().unwrap().to_string())
            .or_default()
            .push((
                r["passage"].as_u64().unwrap(),
                r["text"].as_str().unwrap().to_string(),
            ));
    }
    for v in m.values_mut() {
        v.sort();
    }
    m
}

/// The manifest of the last commit of an index folder (`path -> (status, passages)`), or `None`
/// when nothing was ever committed (no `meta.json`, or one created empty without a payload).
pub fn manifest(index_dir: &Path) -> Option<BTreeMap<String, (String, u64)>> {
    let raw = manifest_entries(index_dir)?;
    Some(
        raw.into_iter()
            .map(|(path, e)| {
                let status = e["status"].as_str().unwrap().to_string();
                (path, (status, e["passages"].as_u64().unwrap()))
            })
            .collect(),
    )
}

/// The last commit's payload, or `None` as for [`manifest`].
pub fn payload(index_dir: &Path) -> Option<serde_json::Value> {
    let meta = std::fs::read_to_string(index_dir.join("meta.json")).ok()?;
    let meta: serde_json::Value = serde_json::from_str(&meta).unwrap();
    Some(serde_json::from_str(meta["payload"].as_str()?).unwrap())
}

/// The manifest of the last commit as its JSON entries by path, or `None` as for [`manifest`].
pub fn manifest_entries(index_dir: &Path) -> Option<BTreeMap<String, serde_json::Value>> {
    let payload = payload(index_dir)?;
    let name = payload["manifest"].as_str().unwrap();
    let text = std::fs::read_to_string(index_dir.join(name)).unwrap();
    let mut m = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let e: serde_json::Value = serde_json::from_str(line).unwrap();
        m.insert(e["path"].as_str().unwrap().to_string(), e);
    }
    Some(m)
}

/// Kills a child with SIGKILL (no clean-up runs) and reaps it.
pub fn kill9(child: &mut Child) {
    // SAFETY: plain syscall on the pid of a child we own and have not reaped.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGKILL);
    }
    let _ = child.wait();
}

/// The largest peak resident set size of any reaped child so far, in bytes.
pub fn children_peak_rss() -> u64 {
    // SAFETY: getrusage fills the struct we pass.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut u);
    }
    // ru_maxrss is in KiB on Linux.
    (u.ru_maxrss as u64) * 1024
}

/// A count from the environment (e.g. `DOSSIER_CRASH_POINTS`), or `default`.
pub fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Whether the binary under test has the fault hooks (`DOSSIER_FAULT`), which only debug
/// builds compile: under `cargo test --release` the tests that need them say so and pass.
pub fn fault_hooks() -> bool {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the DOSSIER_FAULT hooks are compiled in debug builds only");
    }
    cfg!(debug_assertions)
}

/// Whether heavy variants were asked for (`DOSSIER_HEAVY=1`).
pub fn heavy() -> bool {
    std::env::var("DOSSIER_HEAVY").is_ok_and(|v| v != "0" && !v.is_empty())
}

/// The lines of a `--report` file, parsed, by path.
pub fn report(path: &Path) -> BTreeMap<String, serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["path"].as_str().unwrap().to_string(), v)
        })
        .collect()
}
