//! Command-line behaviour: bad queries, missing index, exit codes, `tag`, broken pipes.

use std::io::Write;
use std::process::Stdio;

use crate::env::{TestEnv, repo, seed_path};

#[test]
fn malformed_queries_get_one_line_errors() {
    let env = TestEnv::with_seed();
    env.index_ok(&[]);
    for q in [
        "\"unclosed",
        "(a OR",
        "title:",
        "date:[2017 TO",
        "nosuchfield:x",
        "\\",
        &"(".repeat(10_000),
    ] {
        let out = env.cmd(&["search", q, "--index", "index"]);
        assert_eq!(out.status.code(), Some(2), "{q}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("dossier: "), "{q}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{q}: {err}");
        assert!(!err.contains("panicked"), "{q}: {err}");
    }
}

#[test]
fn missing_index_says_how_to_create_one() {
    let env = TestEnv::new();
    let out = env.cmd(&["search", "x", "--index", "nowhere"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("dossier index"), "{err}");
}

#[test]
fn no_hits_exit_1() {
    let env = TestEnv::with_seed();
    env.index_ok(&[]);
    let out = env.cmd(&["search", "xylophone", "--index", "index"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 of 0"));
}

#[test]
fn tag_prints_character_offsets() {
    let env = TestEnv::new();
    let text = "“Quoted” words, then Maghaweir al-Thowra (MAT) near al-Tanf.";
    let mut p = std::process::Command::new(assert_cmd::cargo::cargo_bin("dossier"))
        .current_dir(env.dir.path())
        .args(["tag", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    p.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = p.wait_with_output().unwrap();
    assert!(out.status.success());
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let ents = line["entities"].as_array().unwrap();
    assert!(!ents.is_empty());
    for e in ents {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        let slice: String = chars[s..t].iter().collect();
        assert_eq!(slice, e["text"].as_str().unwrap());
    }
    let mat = ents
        .iter()
        .find(|e| e["text"] == "MAT")
        .expect("MAT tagged");
    let long = ents
        .iter()
        .find(|e| e["text"] == "Maghaweir al-Thowra")
        .expect("long form tagged");
    assert_eq!(mat["id"], long["id"]);
    let tanf = ents
        .iter()
        .find(|e| e["text"] == "al-Tanf")
        .expect("al-Tanf tagged");
    assert_eq!(tanf["kind"], "place");

    let jsonl = env.cmd(&[
        "tag",
        "--jsonl",
        &env.dir.path().join("in.jsonl").to_string_lossy(),
    ]);
    assert_eq!(jsonl.status.code(), Some(2), "missing file is an error");
    std::fs::write(
        env.dir.path().join("in.jsonl"),
        "{\"id\": 7, \"text\": \"Iranian forces\"}\n",
    )
    .unwrap();
    let jsonl = env.cmd(&["tag", "--jsonl", "in.jsonl"]);
    let line: serde_json::Value = serde_json::from_slice(&jsonl.stdout).unwrap();
    assert_eq!(line["id"], 7);
    // A demonym with a state organ is the state acting: an organisation, still Iran.
    assert_eq!(line["entities"][0]["text"], "Iranian forces");
    assert_eq!(line["entities"][0]["kind"], "organization");
    assert_eq!(line["entities"][0]["id"], "country:IR");
}

#[test]
fn tag_reads_html_and_json_lines_files_as_articles() {
    let env = TestEnv::new();
    let dir = env.dir.path();
    std::fs::write(
        dir.join("page.html"),
        "<!DOCTYPE html><html><head><title>Strike near al-Tanf</title></head><body>\
         <nav>Home | Press Releases | Contact</nav><article><h1>Strike near al-Tanf</h1>\
         <p>Maghaweir al-Thowra fighters held the base near al-Tanf in Syria.</p></article>\
         </body></html>",
    )
    .unwrap();
    let out = env.cmd(&["tag", "page.html"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(line["id"], "page.html");
    assert_eq!(line["title"], "Strike near al-Tanf");
    let text: Vec<char> = line["text"].as_str().unwrap().chars().collect();
    let ents = line["entities"].as_array().unwrap();
    // The markup is not tagged ("DOCTYPE" was a place when it was), and the offsets are into
    // the text printed.
    assert!(ents.iter().all(|e| e["text"] != "DOCTYPE"), "{ents:?}");
    for e in ents {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            text[s..t].iter().collect::<String>(),
            e["text"].as_str().unwrap()
        );
    }
    assert!(ents.iter().any(|e| e["id"] == "org:mat"), "{ents:?}");

    // Records of a JSON Lines file, each its own line; a broken record is said on stderr.
    std::fs::write(
        dir.join("feed.jsonl"),
        "{\"title\": \"One\", \"text\": \"Iranian forces moved.\"}\nnot json\n\
         {\"title\": \"Two\", \"text\": \"Damascus was quiet.\"}\n",
    )
    .unwrap();
    let out = env.cmd(&["tag", "feed.jsonl"]);
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = out
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "feed.jsonl#1");
    assert_eq!(lines[1]["id"], "feed.jsonl#3");
    assert_eq!(lines[1]["entities"][0]["text"], "Damascus");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("feed.jsonl: line 2"), "{err}");

    // A plain text file is tagged as it is, offsets into the file.
    std::fs::write(dir.join("note.txt"), "Title line\nDamascus was quiet.").unwrap();
    let out = env.cmd(&["tag", "note.txt"]);
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(line.get("text").is_none());
    assert_eq!(line["entities"][0]["start"], 11);
}

#[test]
fn closed_pipe_is_success() {
    let env = TestEnv::with_seed();
    env.index_ok(&[]);
    let mut p = std::process::Command::new(assert_cmd::cargo::cargo_bin("dossier"))
        .current_dir(env.dir.path())
        .args(["export", "the", "--index", "index", "--format", "jsonl"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(p.stdout.take());
    let out = p.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn shipped_corpus_indexes_and_answers_the_seed_query() {
    let env = TestEnv::new();
    let corpus = repo().join("corpus");
    let out = env.cmd(&["index", &corpus.to_string_lossy(), "--index", "index"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("0 skipped") || !err.contains("failed"),
        "{err}"
    );
    let r = env.search_json("place:al-Tanf actor:MAT", &[]);
    assert_eq!(r["hits"][0]["path"], "seed/000_c3bebdd9ecb442e1.txt");
    assert!(seed_path().exists());
}
