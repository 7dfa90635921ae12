//! Damaged indexes: `verify` finds the damage, every command fails with one clear line that
//! says how to recover, and `index --rebuild` recovers.

use crate::env::TestEnv;

fn indexed() -> TestEnv {
    let env = TestEnv::with_seed();
    env.write(
        "b.txt",
        "Second report\n\nAirstrikes near Raqqa destroyed a depot.\n",
    );
    env.index_ok(&[]);
    env
}

fn segment_files(env: &TestEnv, ext: &str) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(env.index())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

fn assert_one_line_error(out: &std::process::Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    if out.status.code() == Some(2) {
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains("--rebuild"), "{err}");
    }
}

#[test]
fn verify_passes_on_a_sound_index() {
    let env = indexed();
    let out = env.cmd(&["verify", "--index", "index"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok"));
}

#[test]
fn flipped_byte_is_found_and_rebuild_recovers() {
    let env = indexed();
    for ext in ["store", "idx", "term", "pos", "fast"] {
        for file in segment_files(&env, ext) {
            let mut bytes = std::fs::read(&file).unwrap();
            let at = bytes.len() / 2;
            bytes[at] ^= 0xFF;
            std::fs::write(&file, &bytes).unwrap();
        }
    }
    let out = env.cmd(&["verify", "--index", "index"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("checksum mismatch") || err.contains("damaged file"),
        "{err}"
    );
    assert!(err.contains("--rebuild"), "{err}");
    for q in ["raqqa", "actor:MAT", "the"] {
        assert_one_line_error(&env.cmd(&["search", q, "--index", "index"]));
    }
    assert_one_line_error(&env.cmd(&["stats", "--index", "index"]));
    env.index_ok(&["--rebuild"]);
    assert_eq!(env.hit_paths("raqqa"), vec!["b.txt"]);
    assert_eq!(
        env.cmd(&["verify", "--index", "index"]).status.code(),
        Some(0)
    );
}

#[test]
fn truncated_segment_file_gives_a_clear_error() {
    let env = indexed();
    for file in segment_files(&env, "idx") {
        let bytes = std::fs::read(&file).unwrap();
        std::fs::write(&file, &bytes[..bytes.len() / 3]).unwrap();
    }
    let out = env.cmd(&["verify", "--index", "index"]);
    assert_ne!(out.status.code(), Some(0));
    assert_one_line_error(&env.cmd(&["search", "raqqa", "--index", "index"]));
}

#[test]
fn damaged_meta_json_says_how_to_recover() {
    let env = indexed();
    std::fs::write(env.index().join("meta.json"), "{ not json").unwrap();
    for args in [
        vec!["search", "raqqa", "--index", "index"],
        vec!["stats", "--index", "index"],
        vec!["verify", "--index", "index"],
        vec!["index", "corpus", "--index", "index"],
    ] {
        let out = env.cmd(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_one_line_error(&out);
    }
    env.index_ok(&["--rebuild"]);
    assert_eq!(env.hit_paths("raqqa"), vec!["b.txt"]);
}

#[test]
fn missing_manifest_is_reported() {
    let env = indexed();
    for e in std::fs::read_dir(env.index()).unwrap() {
        let p = e.unwrap().path();
        if p.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("dossier-manifest-")
        {
            std::fs::remove_file(p).unwrap();
        }
    }
    let out = env.cmd(&["index", "corpus", "--index", "index"]);
    assert_eq!(out.status.code(), Some(2));
    assert_one_line_error(&out);
    env.index_ok(&["--rebuild"]);
}

#[test]
fn rebuild_refuses_a_folder_that_is_not_an_index() {
    let env = TestEnv::with_seed();
    std::fs::create_dir_all(env.index()).unwrap();
    std::fs::write(env.index().join("thesis.docx"), "precious").unwrap();
    let out = env.cmd(&["index", "corpus", "--index", "index", "--rebuild"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(env.index().join("thesis.docx").exists());
}

#[test]
fn a_damaged_entity_name_table_is_found_and_rebuild_recovers() {
    let env = indexed();
    let table = std::fs::read_dir(env.index())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("dossier-names-"))
        })
        .expect("a name table");
    let full = std::fs::read_to_string(&table).unwrap();
    assert!(full.lines().count() > 3, "{full}");
    // Cut short: ids the passages hold are missing from it.
    let first = full.lines().next().unwrap();
    std::fs::write(&table, format!("{first}\n")).unwrap();
    let out = env.cmd(&["verify", "--index", "index"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not in the name table"), "{err}");

    // Gone: verify says so, entity filters fail with one line, text search still works.
    std::fs::remove_file(&table).unwrap();
    let out = env.cmd(&["verify", "--index", "index"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("entity name table"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = env.cmd(&["search", "actor:MAT", "--index", "index"]);
    assert_eq!(out.status.code(), Some(2));
    assert_one_line_error(&out);
    assert_eq!(env.hit_paths("raqqa"), vec!["b.txt"]);

    env.index_ok(&["--rebuild"]);
    assert_eq!(
        env.cmd(&["verify", "--index", "index"]).status.code(),
        Some(0)
    );
    assert!(!env.hit_paths("actor:MAT").is_empty());
}
