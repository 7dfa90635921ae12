//! A file that makes a reader panic or hang (fault hook of debug builds: `DOSSIER_FAULT=panic`
//! panics on paths containing `panic-me`, `DOSSIER_FAULT=hang` loops on `hang-me`,
//! `DOSSIER_FAULT=panic-late` panics on `panic-late` after part of its documents went to the
//! writer; the per-file limit is `DOSSIER_FILE_TIMEOUT_SECS`) is recorded as failed with the
//! reason, the run completes with exit 1, other files are indexed, and the next unchanged run
//! does not retry it.

use crate::env::TestEnv;
use crate::harness::{COMMON, article, export_rows, fault_hooks, marker, report, run, stderr};

const ARGS: [&str; 7] = [
    "index", "corpus", "--index", "index", "--report", "r.jsonl", "--quiet",
];

fn corpus(bad: &str) -> TestEnv {
    let env = TestEnv::new();
    for i in 0..20 {
        env.write(
            &format!("a/{i:02}.txt"),
            &format!("R{i}\n\n{}", article(i, 0, 2)),
        );
    }
    env.write(bad, &format!("Bad\n\n{COMMON} {} bad.", marker(99)));
    env
}

/// Runs the faulty file through four runs: faulty (failed), unchanged (still failed, not
/// retried), its status changed by a chmod (read again, indexed), changed (read again,
/// indexed).
fn faulty_file_is_failed_once(bad: &str, vars: &[(&str, &str)], reason: &str) {
    if !fault_hooks() {
        return;
    }
    let env = corpus(bad);
    let out = run(&env, &ARGS, vars);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let summary = err.lines().last().unwrap();
    assert!(summary.contains(&format!("{reason} 1")), "{summary}");
    let r = report(&env.dir.path().join("r.jsonl"));
    assert_eq!(r[bad]["status"], "failed", "{:?}", r[bad]);
    assert_eq!(r[bad]["reason"], reason, "{:?}", r[bad]);
    assert!(r[bad]["detail"].as_str().is_some_and(|d| !d.is_empty()));
    assert_eq!(r.values().filter(|v| v["status"] == "new").count(), 20);
    assert_eq!(export_rows(&env, "index", COMMON).len(), 40);
    assert_eq!(
        env.cmd(&["verify", "--index", "index"]).status.code(),
        Some(0)
    );

    // Unchanged: not retried, even with the fault switched off.
    let out = run(&env, &ARGS, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let r = report(&env.dir.path().join("r.jsonl"));
    assert_eq!(r[bad]["status"], "failed");
    assert_eq!(r[bad]["reason"], reason);
    assert!(export_rows(&env, "index", &marker(99)).is_empty());

    // Its status changed (a chmod, as after fixing permissions): read again, indexed.
    {
        use std::os::unix::fs::PermissionsExt;
        let path = env.corpus().join(bad);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let out = run(&env, &ARGS, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = report(&env.dir.path().join("r.jsonl"));
    assert_eq!(r[bad]["status"], "changed", "{:?}", r[bad]);
    assert_eq!(export_rows(&env, "index", &marker(99)).len(), 1);

    // Changed: read again.
    env.write(bad, &format!("Bad\n\n{COMMON} {} fixed now.", marker(99)));
    let out = run(&env, &ARGS, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(export_rows(&env, "index", &marker(99)).len(), 1);
}

#[test]
fn a_reader_panic_is_a_failed_file_not_a_failed_run() {
    faulty_file_is_failed_once("b/panic-me.txt", &[("DOSSIER_FAULT", "panic")], "invalid");
}

#[test]
fn a_hanging_reader_times_out_and_the_run_completes() {
    faulty_file_is_failed_once(
        "b/hang-me.txt",
        &[
            ("DOSSIER_FAULT", "hang"),
            ("DOSSIER_FILE_TIMEOUT_SECS", "3"),
        ],
        "timeout",
    );
}

/// A file long enough that its documents go to the writer in parts while it is read.
fn long_file(version: u32) -> String {
    format!("Long\n\n{}", article(98, version, 5000))
}

#[test]
fn a_long_file_failing_after_part_of_it_was_indexed_leaves_none_of_it() {
    if !fault_hooks() {
        return;
    }
    let bad = "b/panic-late.txt";
    let env = corpus("b/ok.txt");
    env.write(bad, &long_file(0));
    // Indexed whole first, so the failed run must also take out the old documents.
    let out = run(&env, &ARGS, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(export_rows(&env, "index", &marker(98)).len(), 5000);

    env.write(bad, &long_file(1));
    let out = run(&env, &ARGS, &[("DOSSIER_FAULT", "panic-late")]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let r = report(&env.dir.path().join("r.jsonl"));
    assert_eq!(r[bad]["status"], "failed", "{:?}", r[bad]);
    // Neither the old version nor the part of the new one handed over before the panic.
    assert!(export_rows(&env, "index", &marker(98)).is_empty());
    assert_eq!(export_rows(&env, "index", COMMON).len(), 41);
    assert_eq!(
        env.cmd(&["verify", "--index", "index"]).status.code(),
        Some(0)
    );

    // Changed again, without the fault: all of it, once.
    env.write(bad, &long_file(2));
    let out = run(&env, &ARGS, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = export_rows(&env, "index", &marker(98));
    assert_eq!(rows.len(), 5000);
    let mut passages: Vec<u64> = rows
        .iter()
        .map(|r| r["passage"].as_u64().unwrap())
        .collect();
    passages.sort_unstable();
    passages.dedup();
    assert_eq!(passages.len(), 5000, "no passage twice");
    assert!(export_rows(&env, "index", "zqver1z").is_empty());
}
