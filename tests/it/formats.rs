//! Every input format and encoding, and export round-trips.

use crate::env::TestEnv;

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        let b = if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        };
        out.extend_from_slice(&b);
    }
    out
}

#[test]
fn every_format_and_encoding_is_read() {
    let env = TestEnv::new();
    env.write(
        "plain.txt",
        "Plain headline\n\nThe word zebrafinch appears in plain text.\n",
    );
    env.write_bytes(
        "bom.txt",
        b"\xEF\xBB\xBFBom headline\n\nThe word quokkabom appears after a BOM.\n",
    );
    env.write_bytes(
        "le.txt",
        &utf16(
            "Le headline\n\nThe word wombatle appears in UTF-16 LE.\n",
            false,
        ),
    );
    env.write_bytes(
        "be.txt",
        &utf16(
            "Be headline\n\nThe word wombatbe appears in UTF-16 BE.\n",
            true,
        ),
    );
    // Windows-1252: ’ “ ” €
    env.write_bytes(
        "legacy.txt",
        b"Legacy headline\n\nThe minister\x92s \x93budget\x94 of \x80500 named kakapolegacy.\n",
    );
    env.write(
        "yaml.md",
        "---\ntitle: \"Yaml title\"\ndate: 2018-04-07\nsource: Example\n---\n# Yaml title\n\nThe word narwhalyaml is *here*.\n",
    );
    env.write(
        "toml.md",
        "+++\ntitle = \"Toml title\"\ndate = \"2018-04-08\"\n+++\nThe word narwhaltoml is here.\n",
    );
    env.write(
        "page.html",
        "<html><head><title>Html title</title><meta name=\"date\" content=\"2018-04-09\"><style>.x{}</style></head>\
         <body><nav>menu navonlyword</nav><article><p>The word axolotlhtml &amp; friends.</p>\
         <script>var scriptonlyword = 1;</script></article><footer>footeronlyword</footer></body></html>",
    );
    env.write(
        "one.json",
        r#"{"title": "Json title", "body": "The word pangolinjson is here.", "date": "2018-04-10", "url": "http://example.org/x"}"#,
    );
    env.write(
        "many.jsonl",
        "{\"title\": \"L1\", \"text\": \"The word tapirline appears.\"}\n{broken\n{\"title\": \"L3\", \"content\": \"The word tapirline again.\"}\n",
    );
    env.index_ok(&[]);
    for (word, path) in [
        ("zebrafinch", "plain.txt"),
        ("quokkabom", "bom.txt"),
        ("wombatle", "le.txt"),
        ("wombatbe", "be.txt"),
        ("kakapolegacy", "legacy.txt"),
        ("narwhalyaml", "yaml.md"),
        ("narwhaltoml", "toml.md"),
        ("axolotlhtml", "page.html"),
        ("pangolinjson", "one.json"),
    ] {
        assert_eq!(env.hit_paths(word), vec![path.to_string()], "{word}");
    }
    let legacy = &env.search_json("kakapolegacy", &[])["hits"][0];
    assert!(
        legacy["text"]
            .as_str()
            .unwrap()
            .contains("minister’s “budget” of €500"),
        "{legacy}"
    );
    assert_eq!(
        env.search_json("axolotlhtml", &[])["hits"][0]["title"],
        "Html title"
    );
    assert_eq!(
        env.search_json("axolotlhtml", &[])["hits"][0]["date"],
        "2018-04-09"
    );
    assert_eq!(
        env.search_json("narwhalyaml", &[])["hits"][0]["date"],
        "2018-04-07"
    );
    assert_eq!(
        env.search_json("pangolinjson", &[])["hits"][0]["date"],
        "2018-04-10"
    );
    for boilerplate in ["navonlyword", "scriptonlyword", "footeronlyword"] {
        assert!(
            env.hit_paths(boilerplate).is_empty(),
            "{boilerplate} indexed"
        );
    }
    let mut lines = env.hit_paths("tapirline");
    lines.sort();
    assert_eq!(lines, vec!["many.jsonl#1", "many.jsonl#3"]);
}

#[test]
fn csv_and_jsonl_exports_round_trip() {
    let env = TestEnv::with_seed();
    env.write(
        "tricky.md",
        "---\ntitle: \"=HYPERLINK(\\\"x\\\")\"\n---\nA quote \" and a comma, and\na newline near al-Tanf.\n",
    );
    env.index_ok(&[]);
    let out = env.cmd(&[
        "export", "tanf", "--index", "index", "--format", "csv", "--out", "hits.csv",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut rdr = csv::Reader::from_path(env.dir.path().join("hits.csv")).unwrap();
    let headers: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        headers,
        [
            "rank", "score", "path", "title", "date", "passage", "start", "end", "text", "snippet",
            "actors", "places", "topics"
        ]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let json = env.search_json("tanf", &["--limit", "1000"]);
    let hits = json["hits"].as_array().unwrap();
    assert_eq!(rows.len(), hits.len());
    assert!(rows.len() >= 5);
    for (row, hit) in rows.iter().zip(hits) {
        assert_eq!(row[2], *hit["path"].as_str().unwrap());
        assert_eq!(
            row[8],
            *hit["text"].as_str().unwrap(),
            "text survives CSV quoting"
        );
    }
    let tricky = rows.iter().find(|r| &r[2] == "tricky.md").unwrap();
    assert!(
        tricky[3].starts_with("'="),
        "formula guarded: {:?}",
        &tricky[3]
    );

    let raw = env.cmd(&[
        "export",
        "tanf",
        "--index",
        "index",
        "--format",
        "csv",
        "--no-formula-guard",
    ]);
    let mut rdr = csv::Reader::from_reader(&raw.stdout[..]);
    assert!(
        rdr.records()
            .map(|r| r.unwrap())
            .any(|r| r[3].starts_with('='))
    );

    let out = env.cmd(&["export", "tanf", "--index", "index", "--format", "jsonl"]);
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), hits.len());
    assert_eq!(lines[0]["text"], hits[0]["text"]);

    let md = env.cmd(&[
        "export", "tanf", "--index", "index", "--format", "md", "--limit", "2",
    ]);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.starts_with("# dossier"), "{md}");
    assert_eq!(md.matches("\n## ").count(), 2);
}

/// A JSON Lines file of 4 MB or more is read alone and its articles are enriched on every
/// thread a few at a time: the index holds what enriching them one at a time gives.
#[test]
fn a_big_json_lines_file_is_enriched_in_parallel_as_one_at_a_time() {
    use crate::harness::{COMMON, article, export_rows, stderr};
    let env = TestEnv::new();
    let mut lines = String::new();
    let mut i = 0;
    while lines.len() < 4_300_000 {
        // Names for the gazetteer and the tagger. One article in 97 defines ZTA (so the file
        // does not wait for the others), the rest use JFB, which only another file defines:
        // the file is enriched again after the run, by article, with parts that cut articles.
        let lead = if i % 97 == 50 {
            "The Zorbian Trade Alliance (ZTA) met Major Johnny Walker near al-Tanf."
        } else {
            "JFB fighters said Walker and the U.S. envoy left Damascus for Amman."
        };
        let text = format!("{COMMON} {lead}\n\n{}", article(i, 0, 2));
        let line = serde_json::json!({"title": format!("Report {i}"), "text": text});
        lines.push_str(&line.to_string());
        lines.push('\n');
        i += 1;
    }
    env.write("dump.jsonl", &lines);
    env.write(
        "z-def.txt",
        "Brigade formed\n\nThe Jaish al-Foo Brigade (JFB) was formed in the east last year.\n",
    );
    for (threads, index) in [("1", "one"), ("2", "two")] {
        let out = env.cmd(&["index", "corpus", "--index", index, "--threads", threads]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{err}");
        assert!(err.contains("1 re-enriched"), "{err}");
    }
    // Every passage with what enrichment found in it (rank and score left out: they depend on
    // how the index is cut into segments).
    let rows = |index: &str| {
        let mut rows: Vec<String> = export_rows(&env, index, COMMON)
            .into_iter()
            .map(|mut r| {
                let o = r.as_object_mut().unwrap();
                o.remove("rank");
                o.remove("score");
                r.to_string()
            })
            .collect();
        rows.sort();
        rows
    };
    let (one, two) = (rows("one"), rows("two"));
    assert_eq!(one.len(), 3 * i, "every passage is found");
    assert!(one.iter().any(|r| r.contains("Jaish al-Foo Brigade")));
    assert_eq!(one.len(), two.len());
    let differ = one.iter().zip(&two).find(|(a, b)| a != b);
    assert!(differ.is_none(), "first difference: {differ:?}");
    let entities = |index: &str| {
        env.cmd(&["entities", "--index", index, "--format", "json"])
            .stdout
    };
    assert_eq!(entities("one"), entities("two"));
}
