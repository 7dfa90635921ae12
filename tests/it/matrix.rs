//! The bad-input matrix of docs RELIABILITY.md over one generated nasty corpus: every row
//! completes without a panic, the summary and `--report` list exactly the expected skips with
//! their reasons, every good file is searchable by its marker word, and memory stays bounded.
//!
//! `DOSSIER_HEAVY=1` runs the heavy sizes: a 2 GiB sparse file, a 100 MB line and 100,000 files
//! in one folder (default: 100 MiB, 10 MB and 5,000).

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use crate::env::{TestEnv, count};
use crate::harness::{COMMON, children_peak_rss, export_rows, heavy, marker, report, run, stderr};

/// What the report must say about one path.
#[derive(Debug, Clone, PartialEq)]
enum Want {
    /// Indexed (status `new`), with this many articles and a `detail` containing this text.
    New(u64, Option<&'static str>),
    /// `skipped` or `failed` with this reason code.
    Skip(&'static str, &'static str),
}

struct Nasty {
    env: TestEnv,
    want: BTreeMap<String, Want>,
    /// Marker word -> the export paths that must hold it.
    markers: BTreeMap<String, Vec<String>>,
    rows: Vec<&'static str>,
    next: usize,
}

impl Nasty {
    fn new() -> Nasty {
        Nasty {
            env: TestEnv::new(),
            want: BTreeMap::new(),
            markers: BTreeMap::new(),
            rows: Vec::new(),
            next: 0,
        }
    }

    fn row(&mut self, name: &'static str) {
        self.rows.push(name);
    }

    /// A fresh marker word and a one-paragraph body carrying it.
    fn body(&mut self) -> (String, String) {
        let m = marker(500_000 + self.next);
        self.next += 1;
        (
            m.clone(),
            format!("{COMMON} {m} the envoy met the council."),
        )
    }

    /// Writes a good file holding a fresh marker; expects it indexed.
    fn good(
        &mut self,
        rel: &str,
        bytes: impl FnOnce(&str) -> Vec<u8>,
        detail: Option<&'static str>,
    ) {
        let (m, body) = self.body();
        self.env.write_bytes(rel, &bytes(&body));
        self.want.insert(rel.to_string(), Want::New(1, detail));
        self.markers.insert(m, vec![rel.to_string()]);
    }

    fn skip(&mut self, rel: &str, bytes: &[u8], status: &'static str, code: &'static str) {
        self.env.write_bytes(rel, bytes);
        self.want.insert(rel.to_string(), Want::Skip(status, code));
    }
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        out.extend_from_slice(&if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

fn c_path(p: &Path) -> std::ffi::CString {
    std::ffi::CString::new(p.as_os_str().as_bytes()).unwrap()
}

/// Builds the nasty corpus.
fn nasty() -> Nasty {
    let mut n = Nasty::new();
    let corpus = n.env.corpus();

    n.row("valid UTF-8");
    n.good(
        "enc/utf8.txt",
        |b| format!("Café ’quotes’\n\n{b} Ça va.").into_bytes(),
        None,
    );
    n.row("UTF-8 with BOM");
    n.good(
        "enc/bom.md",
        |b| [b"\xEF\xBB\xBF".as_slice(), b.as_bytes()].concat(),
        None,
    );
    n.row("UTF-16 LE with BOM");
    n.good(
        "enc/utf16le.txt",
        |b| utf16(&format!("Title\n\n{b} “q” €"), false),
        None,
    );
    n.row("UTF-16 BE with BOM");
    n.good(
        "enc/utf16be.md",
        |b| utf16(&format!("{b} “q” €"), true),
        None,
    );
    n.row("Windows-1252");
    n.good(
        "enc/cp1252.txt",
        |b| {
            [
                b"It\x92s \x93quoted\x94 \x80 5\n\n".as_slice(),
                b.as_bytes(),
            ]
            .concat()
        },
        None,
    );
    n.row("HTML with a declared charset");
    n.good(
        "enc/latin.html",
        |b| {
            let head = "<html><head><meta charset=\"windows-1252\"><title>T</title></head><body>";
            [
                format!("{head}<p>{b}</p><p>na").as_bytes(),
                b"\xEFve \x80</p></body></html>".as_slice(),
            ]
            .concat()
        },
        None,
    );
    n.row("mostly UTF-8 with a few bad bytes (lossy, flagged)");
    n.good(
        "enc/lossy.txt",
        |b| {
            [
                format!("Title\n\n{b} café — déjà ").as_bytes(),
                b"\xFF\xFE bad".as_slice(),
            ]
            .concat()
        },
        Some("replaced"),
    );
    n.row("binary");
    n.skip(
        "bin/blob.txt",
        b"\x7fELF\x02\x01\x01\0\0\0\0\0binary",
        "skipped",
        "binary",
    );
    n.row("zero-byte and whitespace-only");
    n.skip("empty/zero.txt", b"", "skipped", "empty");
    n.skip("empty/blank.md", b"  \n\t\r\n   \n", "skipped", "empty");
    n.row("unsupported extension");
    n.skip("other/paper.pdf", b"%PDF-1.4", "skipped", "unsupported");

    n.row("a file over the 64 MiB read cap (sparse; capped prefix, flagged)");
    {
        let (m, body) = n.body();
        let rel = "big/huge.txt";
        let mut text = format!("Huge\n\n{body}\n\n");
        // Past the 8 KiB binary sniff, the sparse tail reads as NUL bytes.
        while text.len() < 16 * 1024 {
            text.push_str("filler words for the prefix. ");
        }
        n.env.write(rel, &text);
        let size: u64 = if heavy() { 2 << 30 } else { 100 << 20 };
        std::fs::OpenOptions::new()
            .write(true)
            .open(corpus.join(rel))
            .unwrap()
            .set_len(size)
            .unwrap();
        n.want
            .insert(rel.into(), Want::New(1, Some("only the first")));
        n.markers.insert(m, vec![rel.into()]);
    }
    n.row("one very long line (10 MB; 100 MB heavy)");
    {
        let (m, body) = n.body();
        let len = if heavy() { 100 << 20 } else { 10 << 20 };
        let mut line = format!("{body} ");
        let filler = "word after word without a stop ";
        line.reserve(len);
        while line.len() < len {
            line.push_str(filler);
        }
        n.env.write("big/longline.txt", &line);
        n.want.insert("big/longline.txt".into(), Want::New(1, None));
        n.markers.insert(m, vec!["big/longline.txt".into()]);
    }

    n.row("unreadable file and folder (chmod 000)");
    {
        use std::os::unix::fs::PermissionsExt;
        n.good("locked/file.txt", |b| b.as_bytes().to_vec(), None);
        n.good("lockeddir/inner.txt", |b| b.as_bytes().to_vec(), None);
        let f = corpus.join("locked/file.txt");
        let d = corpus.join("lockeddir");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o000)).unwrap();
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::File::open(&f).is_ok() {
            eprintln!("note: running as root; chmod 000 denies nothing, so those files are read");
        } else {
            for (rel, path) in [
                ("locked/file.txt", "locked/file.txt"),
                ("lockeddir", "lockeddir/inner.txt"),
            ] {
                n.want.remove(path);
                n.markers.retain(|_, v| v[0] != path);
                n.want
                    .insert(rel.into(), Want::Skip("failed", "unreadable"));
            }
        }
    }

    n.row("symlinks (not followed), symlink loops, broken links");
    {
        use std::os::unix::fs::symlink;
        std::fs::create_dir_all(corpus.join("links")).unwrap();
        symlink("../enc/utf8.txt", corpus.join("links/to-file.txt")).unwrap();
        symlink("../enc", corpus.join("links/to-dir")).unwrap();
        symlink("loop-b.txt", corpus.join("links/loop-a.txt")).unwrap();
        symlink("loop-a.txt", corpus.join("links/loop-b.txt")).unwrap();
        symlink("nowhere.txt", corpus.join("links/broken.txt")).unwrap();
        for rel in [
            "to-file.txt",
            "to-dir",
            "loop-a.txt",
            "loop-b.txt",
            "broken.txt",
        ] {
            n.want
                .insert(format!("links/{rel}"), Want::Skip("skipped", "symlink"));
        }
    }

    n.row("FIFOs and device files (never opened)");
    {
        std::fs::create_dir_all(corpus.join("special")).unwrap();
        let fifo = corpus.join("special/pipe.txt");
        // SAFETY: mkfifo/mknod on a NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c_path(&fifo).as_ptr(), 0o644) }, 0);
        n.want
            .insert("special/pipe.txt".into(), Want::Skip("skipped", "special"));
        let dev = corpus.join("special/null.txt");
        let made = unsafe {
            libc::mknod(
                c_path(&dev).as_ptr(),
                libc::S_IFCHR | 0o644,
                libc::makedev(1, 3),
            )
        };
        if made == 0 {
            n.want
                .insert("special/null.txt".into(), Want::Skip("skipped", "special"));
        } else {
            eprintln!("note: cannot create a device file here (mknod not permitted)");
        }
    }

    n.row("very deep folders (200 levels) and a very long path");
    {
        let deep = format!("{}deep.txt", "d/".repeat(200));
        n.good(&deep, |b| b.as_bytes().to_vec(), None);
        let long_dir = (0..14)
            .map(|i| format!("{i:02}{}", "x".repeat(200)))
            .collect::<Vec<_>>()
            .join("/");
        n.good(
            &format!("{long_dir}/long.txt"),
            |b| b.as_bytes().to_vec(),
            None,
        );
    }

    n.row("many files in one folder (5,000; 100,000 heavy)");
    {
        let files = if heavy() { 100_000 } else { 5_000 };
        let dir = corpus.join("many");
        std::fs::create_dir_all(&dir).unwrap();
        for i in 0..files {
            let m = marker(i);
            let rel = format!("many/f{i:06}.txt");
            std::fs::write(corpus.join(&rel), format!("{COMMON} {m} many.")).unwrap();
            n.want.insert(rel.clone(), Want::New(1, None));
            // Check markers of a sample only: one export per marker is too slow for all.
            if i % 997 == 0 {
                n.markers.insert(m, vec![rel]);
            }
        }
    }

    n.row("file names: invalid UTF-8, newline, comma, quotes, leading =");
    {
        let dir = corpus.join("names");
        std::fs::create_dir_all(&dir).unwrap();
        let names: [(&[u8], &str); 5] = [
            (b"bad\xFFname.txt", "names/bad\u{FFFD}name.txt"),
            (b"new\nline.txt", "names/new\nline.txt"),
            (b"a,b,c.txt", "names/a,b,c.txt"),
            (b"q\"uo'te.txt", "names/q\"uo'te.txt"),
            (b"=SUM(A1).txt", "names/=SUM(A1).txt"),
        ];
        for (raw, rel) in names {
            let (m, body) = n.body();
            std::fs::write(dir.join(OsStr::from_bytes(raw)), body).unwrap();
            n.want.insert(rel.into(), Want::New(1, None));
            n.markers.insert(m, vec![rel.into()]);
        }
    }

    n.row("the same text under two paths");
    {
        let (m, body) = n.body();
        n.env.write("dup/one.txt", &body);
        n.env.write("dup/two.txt", &body);
        for rel in ["dup/one.txt", "dup/two.txt"] {
            n.want.insert(rel.into(), Want::New(1, None));
        }
        n.markers
            .insert(m, vec!["dup/one.txt".into(), "dup/two.txt".into()]);
    }

    n.row("JSON Lines with one broken line");
    {
        let (m1, b1) = n.body();
        let (m3, b3) = n.body();
        let text = format!(
            "{{\"title\": \"One\", \"text\": \"{b1}\"}}\n{{\"title\": broken\n{{\"title\": \"Three\", \"text\": \"{b3}\"}}\n"
        );
        n.env.write("json/records.jsonl", &text);
        n.want
            .insert("json/records.jsonl".into(), Want::New(2, Some("line 2")));
        n.markers.insert(m1, vec!["json/records.jsonl#1".into()]);
        n.markers.insert(m3, vec!["json/records.jsonl#3".into()]);
    }

    n.row("the index folder inside the corpus (excluded)");
    n
}

/// Checks a report against the expectations; returns the summary's skip count.
fn check_report(n: &Nasty, got: &BTreeMap<String, serde_json::Value>, unchanged: bool) {
    for (path, want) in &n.want {
        let r = got
            .get(path)
            .unwrap_or_else(|| panic!("{path:?} missing from the report"));
        match want {
            Want::New(articles, detail) => {
                let status = if unchanged { "unchanged" } else { "new" };
                assert_eq!(r["status"], status, "{path:?}: {r}");
                assert_eq!(r["articles"].as_u64(), Some(*articles), "{path:?}: {r}");
                if let (Some(d), false) = (detail, unchanged) {
                    assert!(
                        r["detail"].as_str().unwrap_or("").contains(d),
                        "{path:?}: {r}"
                    );
                }
            }
            Want::Skip(status, code) => {
                assert_eq!(r["status"], *status, "{path:?}: {r}");
                assert_eq!(r["reason"], *code, "{path:?}: {r}");
            }
        }
    }
    let extra: Vec<&String> = got.keys().filter(|k| !n.want.contains_key(*k)).collect();
    assert!(extra.is_empty(), "unexpected report entries: {extra:?}");
}

#[test]
fn bad_input_matrix() {
    let n = nasty();
    let rss_before = children_peak_rss();
    let index = "corpus/zz-index";
    let args = [
        "index",
        "corpus",
        "--index",
        index,
        "--report",
        "report.jsonl",
        "--quiet",
    ];
    let out = run(&n.env, &args, &[]);
    let err = stderr(&out);
    assert!(!err.contains("panic"), "{err}");
    let failures = n
        .want
        .values()
        .filter(|w| matches!(w, Want::Skip("failed", _)))
        .count();
    assert_eq!(
        out.status.code(),
        Some(if failures > 0 { 1 } else { 0 }),
        "{err}"
    );
    let summary = err.lines().last().unwrap();
    let skips = n
        .want
        .values()
        .filter(|w| matches!(w, Want::Skip(..)))
        .count() as u64;
    assert!(summary.starts_with("indexed corpus"), "{err}");
    assert_eq!(count(summary, "skipped"), skips, "{summary}");
    assert_eq!(count(summary, "files"), n.want.len() as u64, "{summary}");
    check_report(&n, &report(&n.env.dir.path().join("report.jsonl")), false);

    // Every good file is searchable by its marker, under exactly the expected paths.
    for (m, paths) in &n.markers {
        let mut got: Vec<String> = export_rows(&n.env, index, m)
            .iter()
            .map(|r| r["path"].as_str().unwrap().to_string())
            .collect();
        got.sort();
        assert_eq!(&got, paths, "marker {m}");
    }
    let all = export_rows(&n.env, index, COMMON);
    let good_articles: u64 = n
        .want
        .values()
        .map(|w| if let Want::New(a, _) = w { *a } else { 0 })
        .sum();
    // Each good article holds COMMON in one passage, except the two big ones.
    assert_eq!(all.len() as u64, good_articles, "passages holding {COMMON}");

    // An unchanged re-run reads nothing and reports the same skips.
    let out = run(&n.env, &args, &[]);
    assert_eq!(out.status.code(), Some(if failures > 0 { 1 } else { 0 }));
    check_report(&n, &report(&n.env.dir.path().join("report.jsonl")), true);

    let peak = children_peak_rss().max(rss_before);
    // The bound, heavy run (a 100 MB line, read up to the 64 MiB cap) included: the
    // passage splitter holds one window of a paragraph as characters, and documents go to the
    // writer in parts (471 MiB measured for the heavy run, 366 MiB without).
    let bound: u64 = 1 << 30;
    assert!(peak < bound, "peak RSS {} MiB", peak >> 20);
    eprintln!(
        "bad-input matrix: {} rows passed; peak child RSS {} MiB",
        n.rows.len(),
        peak >> 20
    );
    for r in &n.rows {
        eprintln!("  ok: {r}");
    }
    // Let the temp folder be removed.
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(
        n.env.corpus().join("lockeddir"),
        std::fs::Permissions::from_mode(0o755),
    );
}

#[test]
fn symlinks_are_followed_on_request_and_loops_are_reported() {
    use std::os::unix::fs::symlink;
    let env = TestEnv::new();
    let c = env.corpus();
    env.write("real/a.txt", &format!("{COMMON} {} real.", marker(1)));
    symlink("real/a.txt", c.join("to-file.txt")).unwrap();
    symlink("real", c.join("to-dir")).unwrap();
    symlink("nowhere.txt", c.join("broken.txt")).unwrap();
    symlink(".", c.join("real/self")).unwrap();
    symlink("/dev/zero", c.join("zero.txt")).unwrap();
    let out = run(
        &env,
        &[
            "index",
            "corpus",
            "--index",
            "index",
            "--follow-links",
            "--report",
            "r.jsonl",
            "--quiet",
        ],
        &[],
    );
    let err = stderr(&out);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{err}");
    let r = report(&env.dir.path().join("r.jsonl"));
    for p in ["real/a.txt", "to-file.txt", "to-dir/a.txt"] {
        assert_eq!(r[p]["status"], "new", "{p}: {r:?}");
    }
    assert_eq!(r["broken.txt"]["reason"], "unreadable", "{r:?}");
    assert_eq!(r["zero.txt"]["reason"], "special", "{r:?}");
    let loops: Vec<_> = r
        .values()
        .filter(|v| v["detail"].as_str().is_some_and(|d| d.contains("loop")))
        .collect();
    assert!(!loops.is_empty(), "{r:?}");
    assert_eq!(export_rows(&env, "index", &marker(1)).len(), 3);
}

#[test]
fn files_vanishing_or_changing_during_the_run_are_not_fatal() {
    let env = TestEnv::new();
    let n = 1500;
    for i in 0..n {
        env.write(
            &format!("v/f{i:05}.txt"),
            &format!("{COMMON} {} v.", marker(i)),
        );
    }
    let child = crate::harness::spawn(
        &env,
        &[
            "index",
            "corpus",
            "--index",
            "index",
            "--report",
            "r.jsonl",
            "--quiet",
            "--threads",
            "1",
        ],
        &[],
    );
    // Delete and rewrite files from the end of the walk while the run goes on.
    let mut gone = Vec::new();
    for i in (0..n).rev().step_by(3) {
        let rel = format!("v/f{i:05}.txt");
        if i % 2 == 0 {
            env.remove(&rel);
            gone.push(rel);
        } else {
            env.write(&rel, &format!("{COMMON} {} changed.", marker(i)));
        }
    }
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{err}");
    assert!(!err.contains("panic"), "{err}");
    let r = report(&env.dir.path().join("r.jsonl"));
    for (path, v) in &r {
        let ok = v["status"] == "new"
            || (gone.contains(path) && v["status"] == "failed" && v["reason"] == "unreadable");
        assert!(ok, "{path}: {v}");
    }
    // The next run brings the index in line with the corpus.
    env.index_ok(&["--quiet"]);
    assert_eq!(export_rows(&env, "index", COMMON).len(), n - gone.len());
}
