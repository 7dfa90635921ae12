//! Readers and a second writer while `dossier index` runs: searches never fail and always see a
//! whole commit; a second `index` is refused at once and the first run is unaffected.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::env::TestEnv;
use crate::harness::{COMMON, article, contents, export_rows, fault_hooks, run, spawn, stderr};

/// Files per commit batch in `dossier index` (`BATCH_FILES` in the writer).
const BATCH: usize = 256;

fn rel(i: usize) -> String {
    format!("art/a{i:05}.txt")
}

/// A corpus of one already indexed seed article plus `n` new articles of `1 + i % 3` passages,
/// times `scale`.
fn corpus(n: usize, scale: usize) -> TestEnv {
    let env = TestEnv::new();
    env.write("seed.txt", &format!("Seed\n\n{COMMON} seed paragraph.\n"));
    env.index_ok(&["--quiet"]);
    for i in 0..n {
        env.write(
            &rel(i),
            &format!("Report {i}\n\n{}", article(i, 0, (1 + i % 3) * scale)),
        );
    }
    env
}

/// Whether the lock file of `index_dir` is flock-ed by process `pid` (read from /proc/locks,
/// without taking the lock ourselves).
fn holds_lock(index_dir: &std::path::Path, pid: u32) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = std::fs::metadata(index_dir.join(".dossier.lock")) else {
        return false;
    };
    let ino = format!(":{}", meta.ino());
    std::fs::read_to_string("/proc/locks").is_ok_and(|locks| {
        locks.lines().any(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            f.len() > 5 && f[4] == pid.to_string() && f[5].ends_with(&ino)
        })
    })
}

#[test]
fn search_while_indexing_sees_whole_commits_only() {
    let n = 1100;
    let env = corpus(n, 1);
    let mut child = spawn(
        &env,
        &[
            "index",
            "corpus",
            "--index",
            "index",
            "--quiet",
            "--threads",
            "1",
        ],
        &[("DOSSIER_COMMIT_SECS", "0")],
    );
    // Snapshots: the new files each search saw, with their passage counts.
    let mut snapshots: Vec<BTreeMap<String, usize>> = Vec::new();
    let mut searches = 0;
    while child.try_wait().unwrap().is_none() && searches < 400 {
        searches += 1;
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for r in export_rows(&env, "index", COMMON) {
            *seen
                .entry(r["path"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
        assert_eq!(seen.remove("seed.txt"), Some(1), "the seed is always there");
        snapshots.push(seen);
        // The plain text output takes another code path (snippets); it must not fail either.
        let out = env.cmd(&["search", COMMON, "--index", "index", "--limit", "5"]);
        assert_eq!(out.status.code(), Some(0), "search: {}", stderr(&out));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let last = contents(&env, "index");
    assert_eq!(last.len(), n + 1);
    let mut sizes: Vec<usize> = Vec::new();
    for seen in &snapshots {
        // Whole commits: a prefix of the walk order, batch by batch, each file with all passages.
        let k = seen.len();
        assert!(k % BATCH == 0 || k == n, "a search saw {k} files");
        for (j, (path, count)) in seen.iter().enumerate() {
            assert_eq!(path, &rel(j), "not a prefix of the walk order");
            assert_eq!(*count, 1 + j % 3, "{path}: passages of a half-written file");
        }
        if sizes.last() != Some(&k) {
            sizes.push(k);
        }
    }
    eprintln!("search while indexing: {searches} searches, 0 errors; commits seen: {sizes:?}");
}

#[test]
fn second_writer_is_refused_at_once_and_first_run_is_unaffected() {
    // The first writer is kept busy by a file that hangs.
    if !fault_hooks() {
        return;
    }
    let n = 1000;
    let env = corpus(n, 1);
    // One file hangs its reader (debug-build fault hook) until the per-file limit, so the first
    // run surely holds the lock for that long, however fast the machine.
    env.write(
        "art/hang-me.txt",
        "Hang\n\nThis file never finishes reading.",
    );
    let mut first = spawn(
        &env,
        &[
            "index",
            "corpus",
            "--index",
            "index",
            "--quiet",
            "--threads",
            "2",
        ],
        &[
            ("DOSSIER_FAULT", "hang"),
            ("DOSSIER_FILE_TIMEOUT_SECS", "15"),
        ],
    );
    let deadline = Instant::now() + Duration::from_secs(120);
    while !holds_lock(&env.index(), first.id()) && first.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "first run never took the lock");
        std::thread::sleep(Duration::from_millis(5));
    }
    let started = Instant::now();
    let second = run(
        &env,
        &["index", "corpus", "--index", "index", "--quiet"],
        &[],
    );
    let took = started.elapsed();
    let first_still_running = first.try_wait().unwrap().is_none();
    if first_still_running {
        let err = stderr(&second);
        assert_eq!(second.status.code(), Some(2), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains("locked") && err.contains("index"), "{err}");
        // "At once": no waiting for the first run; generous for a loaded machine.
        assert!(took < Duration::from_secs(60), "refusal took {took:?}");
    } else {
        eprintln!("note: the first run ended before the second started; refusal not observed");
    }
    // Unaffected: it completes as it would alone (exit 1 for the timed-out file only).
    let out = first.wait_with_output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("timeout 1"), "{err}");
    let out = env.cmd(&["verify", "--index", "index"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(contents(&env, "index").len(), n + 1);
}
