//! Whole-pipeline benchmark (issue 5): builds a deterministic corpus of N articles from the
//! shared news corpora in `../shared/data`, indexes it three ways (dossier, dossier
//! `--no-enrich`, a raw tantivy baseline) in child processes so each one's peak memory can be
//! read, re-indexes it unchanged and after touching 1% of the files, indexes three huge files
//! for peak memory, times tagging alone, a fixed set of queries and a CSV export, and prints
//! one Markdown report.
//!
//! ```sh
//! cargo run --release --example bench -- --n 10000      # quick size (minutes)
//! cargo run --release --example bench -- --n 200000     # full size (about 1M passages)
//! ```
//!
//! See BENCHMARKS.md for what each figure means. The corpus is cached under
//! `<target>/bench-data/corpus-n<N>-s<seed>/` (same N and seed, same bytes); the shared data is
//! read there and never copied into the repository.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::io::{BufWriter, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use clap::Parser;
use dossier::enrich::{EnrichOptions, Enricher};
use dossier::export::{self, ExportOptions, Format};
use dossier::index::{self, IndexOptions};
use dossier::search::{self, Filters, Near, SearchOptions};

/// The allocator of the `dossier` binary, so variants (a) and (b) run as the command does; the
/// raw tantivy baseline (c) runs in this process too and gets the same one.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Files per corpus subfolder.
const FILES_PER_DIR: usize = 1000;
/// Bytes in a megabyte (text sizes are decimal MB).
const MB: f64 = 1e6;
/// Bytes in a mebibyte (memory and index sizes).
const MIB: f64 = 1024.0 * 1024.0;
/// The tantivy writer's memory budget, as dossier uses.
const WRITER_MEMORY: usize = 256 * 1024 * 1024;

#[derive(Parser, Debug)]
#[command(about = "dossier whole-pipeline benchmark; prints a Markdown report")]
struct Args {
    /// Number of articles in the generated corpus.
    #[arg(long, default_value_t = 10_000)]
    n: usize,
    /// Seed of the corpus generator.
    #[arg(long, default_value_t = 5)]
    seed: u64,
    /// Indexing threads for every variant (0 = all cores).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Repetitions of each query (after 3 warm-up runs).
    #[arg(long, default_value_t = 200)]
    reps: usize,
    /// Runs of each indexing variant, in turns of (c), (b), (a): the table shows each variant's
    /// median run (by `index::run` time; wall time for (c)) and the ratio line every turn's
    /// (a)/(b), as the machine's speed moves between runs.
    #[arg(long, default_value_t = 1)]
    index_runs: usize,
    /// Size in MB of each of the three big files indexed in the big-files run (0: skip it).
    #[arg(long, default_value_t = 60)]
    big_mb: usize,
    /// At most this many MB of text are tagged in the tagging-alone run.
    #[arg(long, default_value_t = 64.0)]
    tag_mb: f64,
    /// The shared data folder (default: `../shared/data` beside the repository).
    #[arg(long)]
    shared: Option<PathBuf>,
    /// Where the corpus and indexes go (default: `<target>/bench-data`).
    #[arg(long)]
    work: Option<PathBuf>,
    /// Run only this part: `queries` times the query set on index (a), building that index
    /// first only if it is missing or cannot be opened (see `--reindex`); `tagging` times
    /// tagging alone. Default: everything.
    #[arg(long, value_enum)]
    only: Option<Part>,
    /// With `--only queries`: rebuild index (a) even if it opens.
    #[arg(long)]
    reindex: bool,
}

/// A part of the bench that can be run alone.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    /// The fixed query set on index (a).
    Queries,
    /// Tagging alone.
    Tagging,
}

fn main() -> Result<()> {
    dossier::alloc::keep_freed_memory();
    dossier::alloc::no_transparent_huge_pages();
    let raw: Vec<String> = std::env::args().collect();
    if raw.get(1).map(String::as_str) == Some("__child") {
        return child(&raw[2..]);
    }
    let args = Args::parse();
    let shared = args
        .shared
        .clone()
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    let work = match &args.work {
        Some(w) => w.clone(),
        None => default_work()?,
    };
    fs::create_dir_all(&work).with_context(|| format!("creating {}", work.display()))?;
    let report = Bench::new(args, shared, work)?.run()?;
    println!("{report}");
    Ok(())
}

/// `<target>/bench-data`, found from this executable's path (`<target>/release/examples/bench`).
fn default_work() -> Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let target = exe
        .ancestors()
        .nth(3)
        .context("cannot find the target folder from the executable path")?;
    Ok(target.join("bench-data"))
}

// ---------------------------------------------------------------------------------------------
// The deterministic corpus.

/// splitmix64: small, fast and fully specified, so the corpus never depends on a crate version.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Paragraphs and titles drawn from the shared corpora, in a fixed order.
struct Pool {
    paragraphs: Vec<String>,
    titles: Vec<String>,
}

fn decode(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => encoding_rs::WINDOWS_1252
            .decode(e.as_bytes())
            .0
            .into_owned(),
    }
}

fn sorted_files(dir: &Path, depth: usize, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .min_depth(depth)
        .max_depth(depth)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .map(|e| e.into_path())
        .filter(|p| p.to_string_lossy().ends_with(ext))
        .collect();
    files.sort();
    files
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let a = s.find(open)? + open.len();
    let b = s[a..].find(close)? + a;
    Some(&s[a..b])
}

fn unescape_sgml(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#3;", "")
        .replace("&amp;", "&")
}

impl Pool {
    fn load(shared: &Path) -> Result<Pool> {
        let mut pool = Pool {
            paragraphs: Vec::new(),
            titles: Vec::new(),
        };
        // BBC: first line the title, paragraphs separated by blank lines.
        for f in sorted_files(&shared.join("corpora/bbc"), 2, ".txt") {
            let text = decode(fs::read(&f)?);
            let (title, body) = text.split_once('\n').unwrap_or((&text, ""));
            pool.title(title);
            for p in body.split("\n\n") {
                pool.paragraph(p);
            }
        }
        // Reuters-21578: SGML; body lines are hard-wrapped, an indented line opens a paragraph.
        for f in sorted_files(&shared.join("corpora/reuters21578"), 1, ".sgm") {
            let text = decode(fs::read(&f)?);
            for doc in text.split("<REUTERS").skip(1) {
                if let Some(t) = between(doc, "<TITLE>", "</TITLE>") {
                    pool.title(&unescape_sgml(t));
                }
                let Some(body) = between(doc, "<BODY>", "</BODY>") else {
                    continue;
                };
                let body = unescape_sgml(body);
                let mut para = String::new();
                for line in body.lines() {
                    if line.starts_with(' ') && !para.is_empty() {
                        pool.paragraph(&para);
                        para.clear();
                    }
                    let line = line.trim();
                    if line.eq_ignore_ascii_case("reuter") {
                        continue;
                    }
                    if !para.is_empty() {
                        para.push(' ');
                    }
                    para.push_str(line);
                }
                pool.paragraph(&para);
            }
        }
        // re3d: JSON objects with `title` and `text` (one paragraph per line).
        for f in sorted_files(&shared.join("ner/re3d"), 2, "documents.json") {
            let text = decode(fs::read(&f)?);
            for v in serde_json::Deserializer::from_str(&text).into_iter::<serde_json::Value>() {
                let v = v.with_context(|| format!("reading {}", f.display()))?;
                if let Some(t) = v["title"].as_str() {
                    pool.title(t);
                }
                for p in v["text"].as_str().unwrap_or("").lines() {
                    pool.paragraph(p);
                }
            }
        }
        // MEANTIME: JSON Lines; the text opens with a title line and a date line.
        let meantime = shared.join("ner/meantime_en/meantime_en_entities.jsonl");
        let text = decode(fs::read(&meantime).with_context(|| meantime.display().to_string())?);
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line)?;
            let mut lines = v["text"].as_str().unwrap_or("").lines();
            if let Some(t) = lines.next() {
                pool.title(t);
            }
            for p in lines.skip(1) {
                pool.paragraph(p);
            }
        }
        if pool.paragraphs.is_empty() || pool.titles.is_empty() {
            bail!("no text found under {}", shared.display());
        }
        Ok(pool)
    }

    fn title(&mut self, t: &str) {
        let t = t.trim().trim_end_matches('.').trim();
        if (10..=150).contains(&t.chars().count()) {
            self.titles.push(t.to_string());
        }
    }

    fn paragraph(&mut self, p: &str) {
        let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
        if p.chars().count() >= 40 {
            self.paragraphs.push(p);
        }
    }

    /// Article `k`: a title, a dateline on the first paragraph, 2 to 8 paragraphs.
    fn article(&self, seed: u64, k: usize) -> String {
        let mut rng = Rng(seed ^ (k as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
        let title = &self.titles[rng.below(self.titles.len())];
        // Dates from 1987-01-01 over 33 years.
        let day = rng.below(33 * 365) as i64;
        let date = index::timestamp_to_date(536_457_600 + day * 86_400);
        let n = 2 + rng.below(7);
        let mut out = format!("{title}\n\n{date} - ");
        for i in 0..n {
            if i > 0 {
                out.push_str("\n\n");
            }
            out.push_str(&self.paragraphs[rng.below(self.paragraphs.len())]);
        }
        out.push('\n');
        out
    }
}

fn article_path(corpus: &Path, k: usize) -> PathBuf {
    corpus
        .join(format!("{:04}", k / FILES_PER_DIR))
        .join(format!("{k:07}.txt"))
}

/// Writes the corpus unless a complete copy for this N and seed is cached.
fn ensure_corpus(shared: &Path, corpus: &Path, n: usize, seed: u64) -> Result<()> {
    let marker = corpus.join(".complete");
    if marker.exists() {
        return Ok(());
    }
    let pool = Pool::load(shared)?;
    if corpus.exists() {
        fs::remove_dir_all(corpus)?;
    }
    for k in 0..n {
        let path = article_path(corpus, k);
        if k % FILES_PER_DIR == 0 {
            fs::create_dir_all(path.parent().expect("a parent"))?;
        }
        fs::write(&path, pool.article(seed, k))?;
    }
    fs::write(&marker, format!("n={n} seed={seed}\n"))?;
    Ok(())
}

fn corpus_files(corpus: &Path) -> Vec<PathBuf> {
    sorted_files(corpus, 2, ".txt")
}

fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

// ---------------------------------------------------------------------------------------------
// Child processes: each indexing variant and the export run alone, so their peak RSS is theirs.

/// `bench __child index CORPUS INDEX ENRICH(0|1) REBUILD(0|1) THREADS`,
/// `bench __child baseline CORPUS INDEX THREADS`, `bench __child export INDEX QUERY LIMIT OUT`.
/// Each prints one `RESULT key=value ...` line.
fn child(args: &[String]) -> Result<()> {
    let arg = |i: usize| -> Result<&str> {
        args.get(i)
            .map(String::as_str)
            .context("missing child argument")
    };
    match arg(0)? {
        "index" => {
            let enrich = arg(3)? == "1";
            let started = Instant::now();
            let enricher = std::sync::Arc::new(Enricher::new(&EnrichOptions::default())?);
            let load = started.elapsed();
            let opts = IndexOptions {
                rebuild: arg(4)? == "1",
                threads: arg(5)?.parse()?,
                enrich_fingerprint: if enrich { "bench" } else { "bench-bare" }.into(),
                enrich,
                ..IndexOptions::new(arg(1)?, arg(2)?)
            };
            let started = Instant::now();
            let s = index::run(&opts, &enricher, None)?;
            println!(
                "RESULT load={} run={} articles={} passages={} new={} changed={} unchanged={} failed={}",
                load.as_secs_f64(),
                started.elapsed().as_secs_f64(),
                s.articles,
                s.passages,
                s.new,
                s.changed,
                s.unchanged,
                s.failed
            );
        }
        "baseline" => {
            let started = Instant::now();
            let docs = baseline(Path::new(arg(1)?), Path::new(arg(2)?), arg(3)?.parse()?)?;
            println!(
                "RESULT load=0 run={} articles={docs} passages={docs}",
                started.elapsed().as_secs_f64()
            );
        }
        "export" => {
            let opened = index::open(Path::new(arg(1)?))?;
            let started = Instant::now();
            let opts = SearchOptions {
                query: arg(2)?.into(),
                limit: Some(arg(3)?.parse()?),
                ..SearchOptions::default()
            };
            let results = search::search(&opened, &opts)?;
            let mut out = BufWriter::new(fs::File::create(arg(4)?)?);
            let rows = export::write(
                Format::Csv,
                &opts.query,
                &results,
                &mut out,
                ExportOptions::default(),
            )?;
            println!(
                "RESULT run={} rows={rows} total={}",
                started.elapsed().as_secs_f64(),
                results.total
            );
        }
        other => bail!("unknown child command {other}"),
    }
    Ok(())
}

/// The raw tantivy baseline: title and body, stored, with positions, one document per article.
fn baseline(corpus: &Path, dir: &Path, threads: usize) -> Result<u64> {
    use tantivy::schema::{STORED, Schema, TEXT};
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)?;
    let mut builder = Schema::builder();
    let title = builder.add_text_field("title", TEXT | STORED);
    let body = builder.add_text_field("body", TEXT | STORED);
    let index = tantivy::Index::create_in_dir(dir, builder.build())?;
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    };
    let mut writer: tantivy::IndexWriter =
        index.writer_with_num_threads(threads.clamp(1, 8), WRITER_MEMORY)?;
    let mut docs = 0;
    for f in corpus_files(corpus) {
        let text = fs::read_to_string(&f)?;
        let (t, b) = text.split_once('\n').unwrap_or(("", &text));
        writer.add_document(tantivy::doc!(title => t, body => b))?;
        docs += 1;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(docs)
}

/// One finished child: wall time, CPU time (user + system), peak RSS and its `RESULT` values.
struct ChildRun {
    wall: Duration,
    cpu: Duration,
    peak_rss: u64,
    values: HashMap<String, f64>,
}

impl ChildRun {
    fn get(&self, key: &str) -> f64 {
        self.values.get(key).copied().unwrap_or(f64::NAN)
    }
}

/// The run with the median `key` (the lower middle one of an even number).
fn median_run(mut runs: Vec<ChildRun>, key: impl Fn(&ChildRun) -> f64) -> ChildRun {
    runs.sort_by(|x, y| key(x).total_cmp(&key(y)));
    runs.swap_remove((runs.len() - 1) / 2)
}

fn run_child(args: &[&str]) -> Result<ChildRun> {
    let exe = std::env::current_exe()?;
    let started = Instant::now();
    let mut child = Command::new(exe)
        .arg("__child")
        .args(args)
        .stdout(Stdio::piped())
        .spawn()?;
    let mut out = String::new();
    child
        .stdout
        .take()
        .expect("piped stdout")
        .read_to_string(&mut out)?;
    let (ok, peak_rss, cpu) = wait_with_rss(child)?;
    let wall = started.elapsed();
    if !ok {
        bail!("child {args:?} failed");
    }
    let line = out
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .with_context(|| format!("child {args:?} printed no RESULT line"))?;
    let values = line
        .split_whitespace()
        .filter_map(|kv| kv.split_once('='))
        .filter_map(|(k, v)| Some((k.to_string(), v.parse().ok()?)))
        .collect();
    Ok(ChildRun {
        wall,
        cpu,
        peak_rss,
        values,
    })
}

/// Waits for the child with `wait4`, which reports that one child's peak RSS and CPU time.
#[cfg(unix)]
fn wait_with_rss(child: std::process::Child) -> Result<(bool, u64, Duration)> {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own unreaped child; both pointers are to live locals.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if r < 0 {
        return Err(std::io::Error::last_os_error().into());
    }
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    let secs = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    // ru_maxrss is in KiB on Linux.
    Ok((
        ok,
        usage.ru_maxrss as u64 * 1024,
        secs(usage.ru_utime) + secs(usage.ru_stime),
    ))
}

#[cfg(not(unix))]
fn wait_with_rss(mut child: std::process::Child) -> Result<(bool, u64, Duration)> {
    Ok((child.wait()?.success(), 0, Duration::ZERO))
}

// ---------------------------------------------------------------------------------------------
// The run.

struct Bench {
    args: Args,
    shared: PathBuf,
    work: PathBuf,
    corpus: PathBuf,
    report: String,
}

/// A query in the fixed set.
struct QuerySpec {
    name: &'static str,
    query: &'static str,
    filters: Filters,
    by_article: bool,
}

fn query_set() -> Vec<QuerySpec> {
    let q = |name, query, by_article| QuerySpec {
        name,
        query,
        filters: Filters::default(),
        by_article,
    };
    vec![
        q("single term", "government", false),
        q("two terms", "oil prices", false),
        q("phrase", "\"interest rates\"", false),
        q("actor filter", "actor:Iran", false),
        q("place filter (hierarchy)", "place:Syria", false),
        q(
            "actor + place + topic",
            "actor:Iran place:Iraq topic:armed-conflict",
            false,
        ),
        q("date range", "date:[1995-01-01 TO 1995-12-31]", false),
        QuerySpec {
            name: "distance (Damascus, 100 km)",
            query: "",
            filters: Filters {
                near: Some(Near {
                    lat: 33.51,
                    lon: 36.29,
                    km: 100.0,
                }),
                ..Filters::default()
            },
            by_article: false,
        },
        q("term, --by-article", "government", true),
    ]
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1e3
}

fn today() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    index::timestamp_to_date(secs)
}

fn git_commit() -> String {
    Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn eprint_step(msg: &str) {
    eprintln!("[bench] {msg}");
}

impl Bench {
    fn new(args: Args, shared: PathBuf, work: PathBuf) -> Result<Bench> {
        let corpus = work.join(format!("corpus-n{}-s{}", args.n, args.seed));
        Ok(Bench {
            args,
            shared,
            work,
            corpus,
            report: String::new(),
        })
    }

    fn idx(&self, name: &str) -> PathBuf {
        self.work.join(format!("index-n{}-{name}", self.args.n))
    }

    fn run(mut self) -> Result<String> {
        eprint_step(&format!("corpus: {}", self.corpus.display()));
        ensure_corpus(&self.shared, &self.corpus, self.args.n, self.args.seed)?;
        if self.args.only == Some(Part::Queries) {
            return self.run_queries_only();
        }
        let files = corpus_files(&self.corpus);
        if self.args.only == Some(Part::Tagging) {
            writeln!(
                self.report,
                "## dossier bench (tagging only): N = {} articles\n\nDate {}, commit {}.\n",
                self.args.n,
                today(),
                git_commit()
            )?;
            self.tagging(&files)?;
            return Ok(self.report);
        }
        // Reading every file once also warms the page cache equally for all variants.
        let mut text_bytes = 0u64;
        for f in &files {
            text_bytes += fs::read(f)?.len() as u64;
        }
        let mb = text_bytes as f64 / MB;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = if self.args.threads == 0 {
            cores
        } else {
            self.args.threads
        };
        let threads_arg = threads.to_string();

        // Indexing: the three variants, one after another in this run.
        let full = self.idx("full");
        let bare = self.idx("bare");
        let raw = self.idx("raw");
        let corpus = self.corpus.to_string_lossy().into_owned();
        let p = |p: &Path| p.to_string_lossy().into_owned();
        let turns = self.args.index_runs.max(1);
        let (mut cs, mut bs, mut as_) = (Vec::new(), Vec::new(), Vec::new());
        for turn in 1..=turns {
            let of = if turns > 1 {
                format!(", run {turn} of {turns}")
            } else {
                String::new()
            };
            eprint_step(&format!("indexing (c) raw tantivy baseline{of}"));
            cs.push(run_child(&["baseline", &corpus, &p(&raw), &threads_arg])?);
            // A fresh index, with enrichment ("1") or without ("0").
            let index = |dir: &Path, enrich| {
                run_child(&["index", &corpus, &p(dir), enrich, "1", &threads_arg])
            };
            eprint_step(&format!("indexing (b) dossier --no-enrich{of}"));
            bs.push(index(&bare, "0")?);
            eprint_step(&format!("indexing (a) dossier{of}"));
            as_.push(index(&full, "1")?);
        }
        let turn_ratios: Vec<f64> = as_
            .iter()
            .zip(&bs)
            .map(|(a, b)| a.get("run") / b.get("run"))
            .collect();
        let c = median_run(cs, |r| r.wall.as_secs_f64());
        let b = median_run(bs, |r| r.get("run"));
        let a = median_run(as_, |r| r.get("run"));
        let passages = a.get("passages");

        let r = &mut self.report;
        writeln!(
            r,
            "## dossier bench: N = {} articles, {:.0} passages, {:.1} MB of text\n",
            self.args.n, passages, mb
        )?;
        writeln!(
            r,
            "Date {}, commit {}, {} cores (`available_parallelism`), indexing threads {}, corpus seed {}.\n",
            today(),
            git_commit(),
            cores,
            threads,
            self.args.seed
        )?;
        let median = if turns > 1 {
            format!("; median of {turns} runs each")
        } else {
            String::new()
        };
        writeln!(
            r,
            "### Indexing (each variant a child process, same run{median})\n"
        )?;
        writeln!(
            r,
            "| variant | wall s | CPU s | articles/s | passages/s | MB/s | peak RSS MiB | index MiB | index MiB per MB text |"
        )?;
        writeln!(r, "|---|---:|---:|---:|---:|---:|---:|---:|---:|")?;
        for (name, run, dir) in [
            ("(a) dossier", &a, &full),
            ("(b) dossier --no-enrich", &b, &bare),
            ("(c) raw tantivy baseline", &c, &raw),
        ] {
            let secs = run.wall.as_secs_f64();
            let size = dir_size(dir) as f64 / MIB;
            let docs = if name.starts_with("(c)") {
                "(1 doc/article)".to_string()
            } else {
                format!("{:.0}", run.get("passages") / secs)
            };
            writeln!(
                r,
                "| {name} | {secs:.1} | {:.1} | {:.0} | {docs} | {:.2} | {:.0} | {size:.0} | {:.2} |",
                run.cpu.as_secs_f64(),
                self.args.n as f64 / secs,
                mb / secs,
                run.peak_rss as f64 / MIB,
                size / mb
            )?;
        }
        let (wa, wb, wc) = (
            a.wall.as_secs_f64(),
            b.wall.as_secs_f64(),
            c.wall.as_secs_f64(),
        );
        writeln!(
            r,
            "\nThroughput ratio (a)/(c) = **{:.2}**, (b)/(c) = {:.2}. Wall time includes process start \
             and, for (a) and (b), loading the gazetteers ({:.1} s); `index::run` alone took {:.1} s (a) and {:.1} s (b).\n",
            wc / wa,
            wc / wb,
            a.get("load"),
            a.get("run"),
            b.get("run")
        )?;
        writeln!(
            r,
            "With enrichment against without, (a)/(b): wall **{:.2}x**, `index::run` {:.2}x, CPU time {:.2}x.\n",
            wa / wb,
            a.get("run") / b.get("run"),
            a.cpu.as_secs_f64() / b.cpu.as_secs_f64()
        )?;
        if turns > 1 {
            let each: Vec<String> = turn_ratios.iter().map(|x| format!("{x:.2}x")).collect();
            writeln!(
                r,
                "`index::run` (a)/(b) in each turn of (c), (b), (a): {}.\n",
                each.join(", ")
            )?;
        }

        // Re-index: unchanged, then 1% of the files rewritten with one changed word.
        eprint_step("re-index unchanged");
        let un = run_child(&["index", &corpus, &p(&full), "1", "0", &threads_arg])?;
        eprint_step("re-index after touching 1%");
        let touched = self.touch_one_percent(&files)?;
        let re = run_child(&["index", &corpus, &p(&full), "1", "0", &threads_arg]);
        self.restore(&touched)?;
        let re = re?;
        let r = &mut self.report;
        writeln!(r, "### Re-index of (a)\n")?;
        writeln!(
            r,
            "| run | files changed | wall s | `index::run` s | wall / full wall | run / full run |"
        )?;
        writeln!(r, "|---|---:|---:|---:|---:|---:|")?;
        for (name, run) in [("unchanged", &un), ("1% touched", &re)] {
            writeln!(
                r,
                "| {name} | {:.0} | {:.2} | {:.2} | {:.1}% | {:.1}% |",
                run.get("changed"),
                run.wall.as_secs_f64(),
                run.get("run"),
                100.0 * run.wall.as_secs_f64() / wa,
                100.0 * run.get("run") / a.get("run")
            )?;
        }
        writeln!(r)?;

        self.big_files(&files, &threads_arg)?;
        self.tagging(&files)?;
        self.queries(&full)?;
        self.export(&full)?;
        Ok(self.report)
    }

    /// Peak memory on a corpus of three huge files (two of paragraphs, one a single line),
    /// made of the corpus's own text: the memory bound must hold at any corpus size, not
    /// only for news-sized files.
    fn big_files(&mut self, files: &[PathBuf], threads: &str) -> Result<()> {
        if self.args.big_mb == 0 {
            return Ok(());
        }
        let size = self.args.big_mb * 1_000_000;
        let dir = self.work.join(format!(
            "big-{}mb-n{}-s{}",
            self.args.big_mb, self.args.n, self.args.seed
        ));
        if !dir.join(".complete").exists() {
            eprint_step("writing the big files");
            fs::create_dir_all(&dir)?;
            let mut next = files.iter().cycle();
            for (name, sep) in [
                ("paras-1.txt", "\n\n"),
                ("line.txt", " "),
                ("paras-2.txt", "\n\n"),
            ] {
                let mut out = String::with_capacity(size + 4096);
                out.push_str("Big file\n\n");
                while out.len() < size {
                    let text = fs::read_to_string(next.next().context("no corpus files")?)?;
                    // The article's paragraphs without its title line.
                    for para in text.split("\n\n").skip(1) {
                        out.push_str(para.trim());
                        out.push_str(sep);
                    }
                }
                fs::write(dir.join(name), out)?;
            }
            fs::write(dir.join(".complete"), "")?;
        }
        let index = self.idx("big");
        let mb = dir_size(&dir) as f64 / MB;
        let (corpus, index) = (dir.to_string_lossy(), index.to_string_lossy());
        eprint_step("indexing the big files (a)");
        let a = run_child(&["index", &corpus, &index, "1", "1", threads])?;
        eprint_step("indexing the big files (b)");
        let b = run_child(&["index", &corpus, &index, "0", "1", threads])?;
        let r = &mut self.report;
        writeln!(
            r,
            "### Big files: 3 files of {} MB (two of paragraphs, one a single line)\n",
            self.args.big_mb
        )?;
        writeln!(r, "| variant | wall s | MB/s | passages | peak RSS MiB |")?;
        writeln!(r, "|---|---:|---:|---:|---:|")?;
        for (name, run) in [("(a) dossier", &a), ("(b) dossier --no-enrich", &b)] {
            let secs = run.wall.as_secs_f64();
            writeln!(
                r,
                "| {name} | {secs:.1} | {:.2} | {:.0} | {:.0} |",
                mb / secs,
                run.get("passages"),
                run.peak_rss as f64 / MIB
            )?;
        }
        writeln!(r)?;
        Ok(())
    }

    /// `--only queries`: index (a) as it is (built first if missing, unreadable or
    /// `--reindex`), then the query set.
    fn run_queries_only(mut self) -> Result<String> {
        let full = self.idx("full");
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = if self.args.threads == 0 {
            cores
        } else {
            self.args.threads
        };
        if self.args.reindex || index::open(&full).is_err() {
            eprint_step("indexing (a) dossier");
            let (corpus, dir) = (
                self.corpus.to_string_lossy().into_owned(),
                full.to_string_lossy().into_owned(),
            );
            run_child(&["index", &corpus, &dir, "1", "1", &threads.to_string()])?;
        }
        writeln!(
            self.report,
            "## dossier bench (queries only): N = {} articles\n",
            self.args.n
        )?;
        writeln!(
            self.report,
            "Date {}, commit {}, {} cores (`available_parallelism`), corpus seed {}.\n",
            today(),
            git_commit(),
            cores,
            self.args.seed
        )?;
        self.queries(&full)?;
        Ok(self.report)
    }

    /// Rewrites every 100th file with one word changed; returns the originals.
    fn touch_one_percent(&self, files: &[PathBuf]) -> Result<Vec<(PathBuf, Vec<u8>)>> {
        // The cache is not complete while files are altered.
        let marker = self.corpus.join(".complete");
        let _ = fs::remove_file(&marker);
        let mut originals = Vec::new();
        for f in files.iter().step_by(100) {
            let before = fs::read(f)?;
            let text = String::from_utf8_lossy(&before);
            let after = match text.find(" the ") {
                Some(at) => format!("{} this {}", &text[..at], &text[at + 5..]),
                None => format!("{} revised\n", text.trim_end()),
            };
            fs::write(f, after)?;
            originals.push((f.clone(), before));
        }
        Ok(originals)
    }

    fn restore(&self, originals: &[(PathBuf, Vec<u8>)]) -> Result<()> {
        for (f, bytes) in originals {
            fs::write(f, bytes)?;
        }
        fs::write(
            self.corpus.join(".complete"),
            format!("n={} seed={}\n", self.args.n, self.args.seed),
        )?;
        Ok(())
    }

    /// Tagging alone, one thread: `Enricher::tag` over whole article files.
    fn tagging(&mut self, files: &[PathBuf]) -> Result<()> {
        eprint_step("tagging alone");
        let enricher = Enricher::new(&EnrichOptions::default())?;
        let cap = (self.args.tag_mb * MB) as u64;
        let (mut bytes, mut tokens, mut mentions) = (0u64, 0u64, 0u64);
        let mut spent = Duration::ZERO;
        for f in files {
            if bytes >= cap {
                break;
            }
            let text = fs::read_to_string(f)?;
            let started = Instant::now();
            let tagged = enricher.tag(&text);
            spent += started.elapsed();
            bytes += text.len() as u64;
            tokens += text.split_whitespace().count() as u64;
            mentions += tagged.mentions.len() as u64;
        }
        let secs = spent.as_secs_f64();
        let r = &mut self.report;
        writeln!(r, "### Tagging alone (one thread, `Enricher::tag`)\n")?;
        writeln!(
            r,
            "| MB tagged | s | MB/s per core | tokens/s per core | mentions |"
        )?;
        writeln!(r, "|---:|---:|---:|---:|---:|")?;
        writeln!(
            r,
            "| {:.1} | {secs:.2} | {:.2} | {:.0} | {mentions} |\n",
            bytes as f64 / MB,
            bytes as f64 / MB / secs,
            tokens as f64 / secs
        )?;
        Ok(())
    }

    /// The fixed query set, each with its top 10 hits loaded with snippets.
    fn queries(&mut self, full: &Path) -> Result<()> {
        eprint_step("queries");
        let opened = index::open(full)?;
        let total = search::stats::stats(&opened, 1)?.passages;
        let reps = self.args.reps.max(1);
        let r = &mut self.report;
        writeln!(
            r,
            "### Queries on (a): {total} passages, {reps} runs each, top 10 hits loaded with snippets\n"
        )?;
        writeln!(r, "| query | matches | p50 ms | p95 ms | p99 ms |")?;
        writeln!(r, "|---|---:|---:|---:|---:|")?;
        for spec in query_set() {
            let opts = SearchOptions {
                query: spec.query.into(),
                filters: spec.filters.clone(),
                limit: Some(10),
                by_article: spec.by_article,
                page: None,
            };
            let mut matches = 0;
            let mut times = Vec::with_capacity(reps);
            for i in 0..reps + 3 {
                let started = Instant::now();
                let results = search::search(&opened, &opts)?;
                for hit in results.hits() {
                    std::hint::black_box(hit?);
                }
                let t = started.elapsed();
                matches = results.total;
                if i >= 3 {
                    times.push(t);
                }
            }
            times.sort();
            let shown = if spec.query.is_empty() {
                "`--near 33.51,36.29 --within 100km`".to_string()
            } else if spec.by_article {
                format!("`{} --by-article`", spec.query)
            } else {
                format!("`{}`", spec.query)
            };
            writeln!(
                r,
                "| {}: {shown} | {matches} | {:.2} | {:.2} | {:.2} |",
                spec.name,
                percentile(&times, 0.50),
                percentile(&times, 0.95),
                percentile(&times, 0.99)
            )?;
        }
        writeln!(r)?;
        // The whole-index tables an analyst asks for: median of three runs each.
        let median = |f: &mut dyn FnMut() -> Result<usize>| -> Result<(usize, f64)> {
            let mut times = Vec::new();
            let mut rows = 0;
            for _ in 0..3 {
                let started = Instant::now();
                rows = f()?;
                times.push(started.elapsed().as_secs_f64());
            }
            times.sort_by(f64::total_cmp);
            Ok((rows, times[1]))
        };
        let (entities, entities_s) =
            median(&mut || Ok(search::entities::entities(&opened, &Default::default())?.len()))?;
        let (_, stats_s) = median(&mut || Ok(search::stats::stats(&opened, 20)?.actors.len()))?;
        writeln!(
            r,
            "Whole-index tables on (a), median of 3 runs: `dossier entities` ({entities} rows) \
             {entities_s:.2} s, `dossier stats` {stats_s:.2} s.\n"
        )?;
        Ok(())
    }

    /// CSV export of a broad query, in a child process, at two hit counts.
    fn export(&mut self, full: &Path) -> Result<()> {
        eprint_step("export");
        let query = "the";
        let out = self.work.join("export.csv");
        let (i, o) = (
            full.to_string_lossy().into_owned(),
            out.to_string_lossy().into_owned(),
        );
        let small = run_child(&["export", &i, query, "10000", &o])?;
        let large = run_child(&["export", &i, query, "100000", &o])?;
        let _ = fs::remove_file(&out);
        let r = &mut self.report;
        writeln!(
            r,
            "### Export to CSV (`{query}`, {:.0} matches; child process)\n",
            large.get("total")
        )?;
        writeln!(r, "| limit | rows | s | rows/s | peak RSS MiB |")?;
        writeln!(r, "|---:|---:|---:|---:|---:|")?;
        for (limit, run) in [(10_000, &small), (100_000, &large)] {
            writeln!(
                r,
                "| {limit} | {:.0} | {:.2} | {:.0} | {:.0} |",
                run.get("rows"),
                run.get("run"),
                run.get("rows") / run.get("run"),
                run.peak_rss as f64 / MIB
            )?;
        }
        Ok(())
    }
}
