//! Incremental indexing: new, changed, deleted and unchanged files; the manifest; `--rebuild`;
//! the report file; a locked index.

use std::time::Duration;

use crate::env::{TestEnv, count};
use crate::harness::manifest_entries;

/// A corpus of two reports: a.txt (a convoy at Aleppo) and b.txt (a ceasefire in Idlib).
fn alpha_and_bravo() -> TestEnv {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "Alpha report\n\nThe convoy reached Aleppo at dawn.\n",
    );
    env.write(
        "b.txt",
        "Bravo report\n\nA ceasefire was declared in Idlib.\n",
    );
    env
}

#[test]
fn modify_delete_add_and_unchanged_runs() {
    let env = alpha_and_bravo();
    env.write("c.txt", "Charlie report\n\nTalks resumed in Geneva.\n");
    let first = env.index_ok(&[]);
    assert_eq!(count(&first, "new"), 3, "{first}");
    assert_eq!(env.hit_paths("convoy"), vec!["a.txt"]);

    // Unchanged: nothing is read or written.
    let again = env.index_ok(&[]);
    assert_eq!(count(&again, "unchanged"), 3, "{again}");
    assert_eq!(count(&again, "new"), 0);
    assert_eq!(count(&again, "changed"), 0);
    assert!(again.contains("0 articles, 0 passages"), "{again}");

    // Modify a, delete b, add d.
    std::thread::sleep(Duration::from_millis(20));
    env.write(
        "a.txt",
        "Alpha report\n\nThe convoy turned back before Homs.\n",
    );
    env.remove("b.txt");
    env.write("d.txt", "Delta report\n\nA ceasefire held in Daraa.\n");
    let third = env.index_ok(&[]);
    assert_eq!(count(&third, "new"), 1, "{third}");
    assert_eq!(count(&third, "changed"), 1, "{third}");
    assert_eq!(count(&third, "removed"), 1, "{third}");
    assert_eq!(count(&third, "unchanged"), 1, "{third}");
    assert_eq!(env.hit_paths("aleppo"), Vec::<String>::new());
    assert_eq!(env.hit_paths("homs"), vec!["a.txt"]);
    assert_eq!(env.hit_paths("ceasefire"), vec!["d.txt"]);
    assert_eq!(
        env.hit_paths("convoy"),
        vec!["a.txt"],
        "no duplicate passages"
    );

    // Touch without changing content: re-hashed, not re-indexed.
    std::thread::sleep(Duration::from_millis(20));
    env.write("c.txt", "Charlie report\n\nTalks resumed in Geneva.\n");
    let touched = env.index_ok(&[]);
    assert_eq!(count(&touched, "changed"), 0, "{touched}");
    assert_eq!(count(&touched, "unchanged"), 3, "{touched}");

    // Rebuild starts over.
    let rebuilt = env.index_ok(&["--rebuild"]);
    assert_eq!(count(&rebuilt, "new"), 3, "{rebuilt}");
    assert_eq!(env.hit_paths("convoy"), vec!["a.txt"]);
}

/// The status-change time the manifest records for a file.
fn recorded_ctime(env: &TestEnv, rel: &str) -> i64 {
    let m = manifest_entries(&env.index()).expect("committed");
    m[rel]["ctime_ns"].as_i64().unwrap_or(0)
}

#[cfg(unix)]
#[test]
fn unchanged_files_are_opened_again_only_after_a_status_change() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let env = alpha_and_bravo();
    env.index_ok(&[]);
    let path = env.corpus().join("a.txt");
    let ctime = |p: &std::path::Path| {
        let m = std::fs::metadata(p).unwrap();
        m.ctime() * 1_000_000_000 + m.ctime_nsec()
    };
    // What the walk saw is what the manifest keeps.
    assert_eq!(recorded_ctime(&env, "a.txt"), ctime(&path));

    // chmod moves the status time, not the content: the file is probed, reported unchanged,
    // and its new status time is committed so the next run need not open it.
    std::thread::sleep(Duration::from_millis(20));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = env.index_ok(&[]);
    assert_eq!(count(&out, "unchanged"), 2, "{out}");
    assert_eq!(recorded_ctime(&env, "a.txt"), ctime(&path));
    assert_eq!(env.hit_paths("convoy"), vec!["a.txt"]);

    // Made unreadable: found at the probe, its passages leave the index (a root user reads
    // anything, so there the permission bits deny nothing).
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let denied = std::fs::File::open(&path).is_err();
    let out = env.cmd(&["index", "corpus", "--index", "index", "--quiet"]);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    if denied {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("a.txt") && err.contains("ermission"), "{err}");
        assert!(env.hit_paths("convoy").is_empty());
    }
}

#[test]
fn report_lists_every_file_with_status() {
    let env = TestEnv::new();
    env.write("good.txt", "Title\n\nSome text about Baghdad.\n");
    env.write("image.png", "not really a png");
    env.write_bytes("blob.txt", b"abc\x00\x01\x02def");
    env.write("empty.md", "");
    env.write("broken.json", "{\"title\": ");
    env.cmd(&[
        "index",
        "corpus",
        "--index",
        "index",
        "--report",
        "report.jsonl",
    ]);
    let report = std::fs::read_to_string(env.dir.path().join("report.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = report
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let status = |p: &str| -> (String, Option<String>) {
        let l = lines
            .iter()
            .find(|l| l["path"] == p)
            .unwrap_or_else(|| panic!("{p} not in {report}"));
        (
            l["status"].as_str().unwrap().into(),
            l["reason"].as_str().map(String::from),
        )
    };
    assert_eq!(status("good.txt").0, "new");
    assert_eq!(
        status("image.png"),
        ("skipped".into(), Some("unsupported".into()))
    );
    assert_eq!(
        status("blob.txt"),
        ("skipped".into(), Some("binary".into()))
    );
    assert_eq!(status("empty.md"), ("skipped".into(), Some("empty".into())));
    assert_eq!(
        status("broken.json"),
        ("failed".into(), Some("invalid".into()))
    );
    assert_eq!(lines.len(), 5);
}

#[test]
fn failed_file_gives_exit_1_and_the_rest_is_indexed() {
    let env = TestEnv::new();
    env.write("good.txt", "Title\n\nSome text about Baghdad.\n");
    env.write("broken.json", "[[[");
    let out = env.cmd(&["index", "corpus", "--index", "index"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("invalid 1"), "{err}");
    // The file is named, with why, on a line of its own before the summary.
    let lines: Vec<&str> = err.trim_end().lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with("dossier: not indexed: broken.json: "),
        "{err}"
    );
    assert!(lines[1].starts_with("indexed corpus: "), "{err}");
    assert_eq!(env.hit_paths("baghdad"), vec!["good.txt"]);
    // Still failed on the next run, and still said.
    let out = env.cmd(&["index", "corpus", "--index", "index"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not indexed: broken.json"));
}

#[test]
fn second_writer_is_refused_at_once() {
    use fs2::FileExt;
    let env = TestEnv::new();
    env.write("a.txt", "Title\n\nText about Mosul.\n");
    env.index_ok(&[]);
    let lock = std::fs::File::open(env.index().join(".dossier.lock")).unwrap();
    lock.try_lock_exclusive().unwrap();
    let started = std::time::Instant::now();
    let out = env.cmd(&["index", "corpus", "--index", "index"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("locked"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(started.elapsed() < Duration::from_secs(30));
    fs2::FileExt::unlock(&lock).unwrap();
    // Search still works while another writer holds the lock.
    assert_eq!(env.hit_paths("mosul"), vec!["a.txt"]);
}

#[test]
fn index_folder_inside_the_corpus_is_excluded() {
    let env = TestEnv::new();
    env.write("a.txt", "Title\n\nText about Raqqa.\n");
    let out = env.cmd(&["index", "corpus", "--index", "corpus/.idx"]);
    assert!(out.status.success());
    let out = env.cmd(&["index", "corpus", "--index", "corpus/idx"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = env.cmd(&["index", "corpus", "--index", "corpus/idx"]);
    let err = String::from_utf8_lossy(&again.stderr);
    assert_eq!(count(&err, "unchanged"), 1, "{err}");
    assert_eq!(count(&err, "files"), 1, "{err}");
}

/// An acronym one article defines resolves in the articles that only use it, and stops
/// resolving when a second article gives it another meaning (then resolves again when that
/// article is gone), with only the articles that use it enriched again.
#[test]
fn acronyms_defined_in_one_article_carry_across_the_corpus() {
    let env = TestEnv::new();
    env.write(
        "def.txt",
        "Brigade formed\n\nThe Jaish al-Foo Brigade (JFB) was formed in the east last year.\n",
    );
    env.write(
        "use.txt",
        "Clashes\n\nJFB fighters clashed with police near the river crossing.\n",
    );
    env.write(
        "other.txt",
        "Markets\n\nGrain prices rose in the capital.\n",
    );
    let actor = "actor:\"Jaish al-Foo Brigade\"";
    // use.txt waits for the other files, so it is enriched once, knowing JFB.
    let first = env.index_ok(&[]);
    assert!(!first.contains("re-enriched"), "{first}");
    assert_eq!(env.hit_paths(&format!("{actor} police")), vec!["use.txt"]);

    // A second meaning makes JFB ambiguous: use.txt is enriched again, nothing else is.
    std::thread::sleep(Duration::from_millis(20));
    env.write(
        "def2.txt",
        "Battalion\n\nThe Joint Frontier Battalion (JFB) patrols the border.\n",
    );
    let second = env.index_ok(&[]);
    assert_eq!(count(&second, "new"), 1, "{second}");
    assert_eq!(count(&second, "re-enriched"), 1, "{second}");
    assert!(
        env.hit_paths(&format!("{actor} police")).is_empty(),
        "ambiguous short forms are not linked"
    );
    assert_eq!(env.hit_paths(&format!("{actor} formed")), vec!["def.txt"]);

    // The second meaning gone, JFB means the brigade again.
    env.remove("def2.txt");
    let third = env.index_ok(&[]);
    assert_eq!(count(&third, "re-enriched"), 1, "{third}");
    assert_eq!(env.hit_paths(&format!("{actor} police")), vec!["use.txt"]);

    // Nothing changed: nothing is read.
    let fourth = env.index_ok(&[]);
    assert_eq!(count(&fourth, "unchanged"), 3, "{fourth}");
    assert!(!fourth.contains("re-enriched"), "{fourth}");
}

/// Writes a JSON Lines file of one record per text, each titled "Report".
fn write_records(env: &TestEnv, rel: &str, texts: &[&str]) {
    let lines: Vec<String> = texts
        .iter()
        .map(|t| serde_json::json!({"title": "Report", "text": t}).to_string() + "\n")
        .collect();
    env.write(rel, &lines.concat());
}

#[test]
fn in_a_file_of_several_articles_only_those_using_a_relinked_short_form_are_enriched_again() {
    let env = TestEnv::new();
    env.write(
        "def.txt",
        "Brigade formed\n\nThe Jaish al-Foo Brigade (JFB) was formed in the east last year.\n",
    );
    // It defines ZTA, so it does not wait for the others: JFB is unknown when it is enriched.
    let lines = [
        "The Zorbian Trade Alliance (ZTA) said JFB fighters clashed with police.",
        "Grain prices rose in the capital as police watched.",
        "JFB fighters ambushed police near the dam.",
        "The ZTA met police chiefs.",
    ];
    write_records(&env, "dump.jsonl", &lines);
    let actor = "actor:\"Jaish al-Foo Brigade\"";
    let everything = |env: &TestEnv| {
        let mut p = env.hit_paths("police");
        p.sort();
        p
    };
    let all = [
        "dump.jsonl#1",
        "dump.jsonl#2",
        "dump.jsonl#3",
        "dump.jsonl#4",
    ];

    // Enriched again: the two that use JFB; not the others (the last one uses ZTA, which the
    // first defines: an article of the file enriched after it knew that).
    let first = env.index_ok(&[]);
    assert_eq!(count(&first, "re-enriched"), 1, "{first}");
    assert!(first.contains("(2 articles)"), "{first}");
    let mut users = env.hit_paths(&format!("{actor} police"));
    users.sort();
    assert_eq!(users, ["dump.jsonl#1", "dump.jsonl#3"]);
    // The other articles are still there, once each.
    assert_eq!(everything(&env), all);
    let mut zta = env.hit_paths("actor:ZTA police");
    zta.sort();
    assert_eq!(zta, ["dump.jsonl#1", "dump.jsonl#4"]);

    // A second meaning makes JFB ambiguous: the two articles lose the link, the rest stays.
    std::thread::sleep(Duration::from_millis(20));
    env.write(
        "def2.txt",
        "Battalion\n\nThe Joint Frontier Battalion (JFB) patrols the border.\n",
    );
    let second = env.index_ok(&[]);
    assert!(
        second.contains("1 re-enriched for acronyms defined elsewhere (2 articles)"),
        "{second}"
    );
    assert!(env.hit_paths(&format!("{actor} police")).is_empty());
    assert_eq!(everything(&env), all);

    // The second meaning gone, JFB means the brigade again.
    env.remove("def2.txt");
    let third = env.index_ok(&[]);
    assert_eq!(count(&third, "re-enriched"), 1, "{third}");
    assert_eq!(env.hit_paths(&format!("{actor} police")).len(), 2);
    assert_eq!(everything(&env), all);
    assert_eq!(
        env.cmd(&["verify", "--index", "index"]).status.code(),
        Some(0)
    );

    // Nothing changed: nothing is read.
    let fourth = env.index_ok(&[]);
    assert!(!fourth.contains("re-enriched"), "{fourth}");
    assert_eq!(count(&fourth, "unchanged"), 2, "{fourth}");
}

#[test]
fn records_of_one_file_that_resolved_a_short_form_two_ways_are_enriched_again() {
    let env = TestEnv::new();
    // Record 1 uses JFB before record 2 defines it (both define something, so they keep their
    // order) and record 3 after: inside the file JFB means nothing, then the brigade. Another
    // file defines JFB another way, so the corpus gives it no meaning: no record may keep the
    // link, although the first record's (none) is the final one.
    let lines = [
        "The Zorbian Trade Alliance (ZTA) said JFB fighters clashed with police.",
        "The Jaish al-Foo Brigade (JFB) was formed near a ZTA police post.",
        "JFB fighters ambushed police near the dam.",
    ];
    write_records(&env, "dump.jsonl", &lines);
    env.write(
        "z-def.txt",
        "Battalion\n\nThe Joint Frontier Battalion (JFB) patrols the border.\n",
    );
    let first = env.index_ok(&[]);
    assert_eq!(count(&first, "re-enriched"), 1, "{first}");
    let actor = "actor:\"Jaish al-Foo Brigade\"";
    assert_eq!(env.hit_paths(&format!("{actor} police")), ["dump.jsonl#2"]);
    let mut police = env.hit_paths("police");
    police.sort();
    assert_eq!(police, ["dump.jsonl#1", "dump.jsonl#2", "dump.jsonl#3"]);
    let again = env.index_ok(&[]);
    assert!(!again.contains("re-enriched"), "{again}");
}

#[test]
fn acronyms_defined_elsewhere_are_mostly_known_before_their_users_are_enriched() {
    let env = TestEnv::new();
    // Files are read in path order, 256 to a batch. A file that uses a short form it does not
    // define waits for the others, unless it defines one itself: such files are enriched in
    // order, with the definitions of the batches before theirs.
    env.write(
        "a0-use.txt",
        "Clashes\n\nThe Zorbian Trade Alliance (ZTA) said JFB fighters clashed with police.\n",
    );
    env.write(
        "a1-def.txt",
        "Brigade formed\n\nThe Jaish al-Foo Brigade (JFB) was formed in the east last year.\n",
    );
    env.write(
        "a2-use.txt",
        "Ambush\n\nJFB fighters ambushed police near the dam.\n",
    );
    for i in 0..300 {
        env.write(
            &format!("b{i:03}.txt"),
            &format!("Markets {i}\n\nGrain prices rose in the capital.\n"),
        );
    }
    env.write(
        "c-use.txt",
        "Talks\n\nThe Qarnian Relief Council (QRC) said JFB fighters left police posts.\n",
    );
    let out = env.index_ok(&[]);
    // Only a0-use.txt, read before the definition and not waiting, is enriched again.
    assert_eq!(count(&out, "re-enriched"), 1, "{out}");
    let mut found = env.hit_paths("actor:\"Jaish al-Foo Brigade\" police");
    found.sort();
    assert_eq!(found, ["a0-use.txt", "a2-use.txt", "c-use.txt"]);
    // The per-file report stays in path order.
    env.index_ok(&["--rebuild", "--report", "report.jsonl"]);
    let report = std::fs::read_to_string(env.dir.path().join("report.jsonl")).unwrap();
    let paths: Vec<String> = report
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["path"].to_string())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths.len(), 304);
    assert_eq!(paths, sorted);
}

/// The entity name files in an index folder.
fn name_tables(env: &TestEnv) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(env.index())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("dossier-names-"))
        .collect();
    names.sort();
    names
}

#[test]
fn entity_names_grow_with_the_corpus_and_an_alias_finds_every_mention() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "Raid\n\nThe Jaish al-Foo Brigade (JFB) raided a depot near the river.\n",
    );
    env.write("b.txt", "Markets\n\nGrain prices rose in the capital.\n");
    env.index_ok(&[]);
    assert_eq!(env.hit_paths("actor:JFB"), vec!["a.txt"]);
    assert!(env.hit_paths("actor:\"Zorbo Front\"").is_empty());
    let first = name_tables(&env);
    assert_eq!(first.len(), 1, "{first:?}");

    // A new file names the brigade in full only, and a new group: the short form one
    // article gave finds the other's mention too, and the new group is found.
    std::thread::sleep(Duration::from_millis(20));
    env.write(
        "c.txt",
        "Clashes\n\nFighters of the Jaish al-Foo Brigade and the Zorbo Front clashed.\n",
    );
    let second = env.index_ok(&[]);
    assert_eq!(count(&second, "new"), 1, "{second}");
    assert_eq!(env.hit_paths("actor:JFB"), vec!["a.txt", "c.txt"]);
    assert_eq!(env.hit_paths("actor:\"Zorbo Front\""), vec!["c.txt"]);
    // One table, the new commit's.
    let tables = name_tables(&env);
    assert_eq!(tables.len(), 1, "{tables:?}");
    assert_ne!(tables, first);

    // Without enrichment there are no entities to find.
    let out = env.index_ok(&["--rebuild", "--no-enrich"]);
    assert!(out.contains("3 articles"), "{out}");
    assert!(env.hit_paths("actor:JFB").is_empty());
    assert_eq!(env.hit_paths("clashed"), vec!["c.txt"]);
}
