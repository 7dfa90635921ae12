//! The `dossier index` job: walk the corpus, decide per file whether it is new, changed,
//! unchanged or gone (by the manifest), read and enrich what changed on all cores, replace its
//! passages in tantivy, and commit documents and manifest together.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::iter::ParallelDrainRange;
use rayon::iter::ParallelIterator;
use rustc_hash::FxHashMap;
use serde::Serialize;
use tantivy::schema::{Schema, TantivyDocument};
use tantivy::{DateTime, Index, IndexWriter, Term};

use super::manifest::{self, Entry, FORMAT_VERSION, Manifest, Payload, Status};
use super::names;
use super::pool::{Parts, Pool, Submitted, Work};
use super::schema::{self, EntityKey, Fields, KEY_SEP, pack_geo};
use super::{IndexOptions, date_to_timestamp};
use crate::article::{Acronyms, Article, EnrichedArticle, EntityKind, EntityRef, Mention};
use crate::enrich::{AcronymNeeds, CorpusAcronyms, Enricher};
use crate::error::{Error, Result};
use crate::ingest::{self, FileEntry, SkipReason, WalkOptions};
use crate::passages;

/// The per-corpus configuration file at the corpus root (user entities and topics).
pub const CONFIG_FILE: &str = "dossier.toml";
/// Files handled per parallel batch; bounds memory held between reading and indexing.
const BATCH_FILES: usize = 256;
/// Articles longer than this are enriched in chunks of whole passages (document-level
/// features then see one chunk at a time), which keeps time and memory linear in the text.
const ENRICH_WHOLE_MAX_BYTES: usize = 256 * 1024;

/// A file's documents go to the writer in parts of this many passages while the file is
/// still being read, so a huge file's documents are never all held at once.
const PART_DOCS: usize = 2048;

/// Files at least this large are read one at a time, alone in their batch: reading, splitting
/// and enriching one holds several times its size, and two at once could pass the memory
/// bound.
const BIG_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Documents a worker hands over before its file is done (see [`PART_DOCS`]).
type DocPart = Vec<TantivyDocument>;
/// Memory budget of the tantivy writer, shared by its threads.
const WRITER_MEMORY: usize = 256 * 1024 * 1024;

/// What happened to one file in a run, as written by `--report`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileReport {
    /// Path relative to the corpus root.
    pub path: String,
    /// `new`, `changed`, `retagged`, `unchanged`, `removed`, `skipped` or `failed`.
    pub status: &'static str,
    /// Reason code for skipped or failed files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Detail of the reason, or warnings (e.g. broken JSON Lines records).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Articles indexed from the file in this run.
    pub articles: u32,
    /// Passages indexed from the file in this run.
    pub passages: u32,
}

/// Totals of one run: what the closing summary line reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Files found by the walk (including skipped ones).
    pub seen: u64,
    /// Files indexed for the first time.
    pub new: u64,
    /// Files whose content changed and were re-indexed.
    pub changed: u64,
    /// Files whose content did not change, enriched again because the enrichment did (the
    /// entity files, or a dossier that tags differently).
    pub retagged: u64,
    /// Files left as they were.
    pub unchanged: u64,
    /// Files enriched again because the acronyms the rest of the corpus defines changed what
    /// a short form they use stands for.
    pub relinked: u64,
    /// Articles enriched again in those files (in a file of several articles, only those that
    /// may use such a short form).
    pub relinked_articles: u64,
    /// Files gone from the corpus whose articles were removed.
    pub removed: u64,
    /// Files that produced no articles, by reason code (failures included).
    pub skipped: BTreeMap<String, u64>,
    /// Files that failed (unreadable, invalid, panicked); a subset of `skipped`.
    pub failed: u64,
    /// Articles indexed in this run.
    pub articles: u64,
    /// Passages indexed in this run.
    pub passages: u64,
    /// Entity mentions found in this run.
    pub entities: u64,
    /// Bytes of files read in this run.
    pub bytes_read: u64,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
    /// Articles in the index after the run.
    pub total_articles: u64,
    /// Passages in the index after the run.
    pub total_passages: u64,
    /// Whether anything was committed.
    pub committed: bool,
    /// Per-file outcomes in corpus order (removed files last).
    #[serde(skip)]
    pub files: Vec<FileReport>,
}

impl Summary {
    /// Counts a skipped or failed file and adds it to the per-file report.
    fn count_skip(&mut self, entry: &Entry) {
        let code = entry.reason.clone().unwrap_or_default();
        *self.skipped.entry(code.clone()).or_default() += 1;
        let failed = entry.status == Status::Failed;
        if failed {
            self.failed += 1;
        }
        self.files.push(FileReport {
            path: entry.path.clone(),
            status: if failed { "failed" } else { "skipped" },
            reason: Some(code),
            detail: entry.detail.clone(),
            articles: 0,
            passages: 0,
        });
    }

    /// Total files skipped or failed.
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }
}

/// Receives progress while the run reads files (the CLI draws a bar with it).
pub trait Progress: Sync {
    /// Called once the walk is done: files and bytes that will be read.
    fn start(&self, files: u64, bytes: u64);
    /// Called after each file is read: its size.
    fn advance(&self, bytes: u64);
    /// Called before the final commit.
    fn finish(&self);
}

/// The result of reading and enriching one file on a worker thread.
struct Processed {
    /// Left for after the other files (see [`Job::defer`]): nothing else is set but `kept`.
    deferred: bool,
    /// A deferred file's content, so the later pass need not read and parse it again (see
    /// [`KEEP_DEFERRED_BYTES`]).
    kept: Option<Box<ReadFile>>,
    entry: Entry,
    warnings: Vec<String>,
    docs: Vec<TantivyDocument>,
    entities: u64,
    articles: u32,
}

/// A file as read and parsed, before enrichment.
struct ReadFile {
    /// Content hash (hex) of the bytes read.
    hash: String,
    /// Whether only the first [`ingest::MAX_FILE_BYTES`] were read.
    truncated: bool,
    parsed: ingest::Parsed,
}

impl ReadFile {
    /// Bytes of memory its articles hold, about.
    fn bytes(&self) -> usize {
        let articles = self.parsed.articles.iter();
        let strings = |a: &Article| {
            let optional = [&a.date, &a.url, &a.source];
            let optional = optional.iter().filter_map(|o| o.as_ref().map(String::len));
            a.path.len() + a.title.len() + a.text.len() + optional.sum::<usize>()
        };
        articles.map(|a| size_of::<Article>() + strings(a)).sum()
    }
}

/// Memory that the content of deferred files kept for the later pass may take, at most.
/// Reading a small file costs more in system calls than parsing it (about 28 microseconds a
/// file on the bench machine, for opening, stat and read), and about half of a news corpus may
/// be deferred; files beyond this budget, and big ones (a read of theirs is cheap for their
/// size), are read again.
const KEEP_DEFERRED_BYTES: usize = 64 << 20;

/// What a worker needs to read and enrich a file; shared by all workers.
#[derive(Clone)]
struct Job {
    /// The enrichment configuration changed: every file is read and enriched again.
    reenrich_all: bool,
    enrich: bool,
    enricher: Arc<Enricher>,
    fields: Fields,
    /// Acronyms the corpus defines, for short forms an article uses undefined.
    corpus: CorpusAcronyms,
    /// Leave files that may use acronyms defined elsewhere for a later pass (they are read
    /// again then), so that they are enriched once, when the other files' definitions are
    /// known, rather than again after the run.
    defer: bool,
    /// Threads that enrich the articles of a file read alone in parallel (none with one
    /// thread).
    threads: Option<Arc<rayon::ThreadPool>>,
    /// The relink pass: a file given with its entry (one of several articles, see
    /// [`Run::batches`]) has only the articles that may use a short form whose meaning
    /// changed enriched again.
    relink: bool,
    /// The entity name table, which every enriched article adds its entities to.
    names: Arc<Mutex<names::Table>>,
}

/// Runs `dossier index`: brings the index at `opts.index_dir` in line with `opts.corpus`.
pub fn run(
    opts: &IndexOptions,
    enricher: &Arc<Enricher>,
    progress: Option<&dyn Progress>,
) -> Result<Summary> {
    let started = Instant::now();
    let dir = &opts.index_dir;
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let _lock = lock(dir)?;
    if opts.rebuild {
        clear_index_dir(dir)?;
    }
    let (index, fields) = open_or_create(dir)?;
    let writer: IndexWriter = index
        .writer_with_num_threads(writer_threads(opts), WRITER_MEMORY)
        .map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => Error::Locked(dir.clone()),
            e => Error::Tantivy(e),
        })?;

    let (payload, old) = load_state(&index, dir)?;
    let reenrich = payload
        .as_ref()
        .is_none_or(|p| p.enrich_fingerprint != opts.enrich_fingerprint);
    // The names of the entities in the index; every file is enriched again when the
    // configuration changed, so the table then starts afresh (the old one still serves the
    // files not yet enriched again, until the run ends).
    let last_names = match &payload {
        Some(p) if !p.names.is_empty() => Some(names::Table::load(dir, &p.names)?),
        _ => None,
    };
    let (names, names_before) = match last_names {
        Some(t) if !reenrich => (t, None),
        before => (names::Table::default(), before),
    };
    let names = Arc::new(Mutex::new(names));
    // While an index enriched another way is enriched again, its commits keep the old
    // fingerprint: a run stopped half way is taken up again by the next, rather than leaving
    // the files it had not reached as they were.
    let retag_from = payload
        .as_ref()
        .filter(|_| reenrich)
        .map(|p| p.enrich_fingerprint.clone());
    let generation = payload
        .as_ref()
        .map(|p| manifest::generation_of(&p.manifest))
        .unwrap_or(0);

    // Definitions in the corpus as last committed, for the first pass.
    let corpus = acronym_table(opts, &old);
    let mut run = Run {
        opts,
        fields,
        old: Manifest::new(),
        writer,
        // Starts as the last commit's manifest; every file found, changed or gone updates it.
        current: old,
        summary: Summary::default(),
        generation,
        dirty: false,
        last_commit: Instant::now(),
        names: Arc::clone(&names),
        names_before,
        retag_from,
    };

    // Walk, and sort what was found into work and bookkeeping.
    let walk_opts = WalkOptions {
        follow_links: opts.follow_links,
        exclude: vec![dir.clone()],
    };
    let mut seen: FxHashMap<String, Option<FileEntry>> = FxHashMap::default();
    let mut todo: Vec<FileEntry> = Vec::new();
    for item in ingest::walk(&opts.corpus, &walk_opts) {
        let rel = match &item {
            ingest::Entry::File(f) => &f.rel,
            ingest::Entry::Skip { rel, .. } => rel,
        };
        if rel == CONFIG_FILE {
            // The corpus's own entity configuration, not an article.
            continue;
        }
        run.summary.seen += 1;
        // Each path is walked once, so its entry in `current` is still the last commit's.
        let prev = run.current.get(rel);
        let item = probe_unless_read(item, prev, reenrich);
        match item {
            ingest::Entry::Skip { rel, reason } => {
                seen.insert(rel.clone(), None);
                let prior = run.current.remove(&rel);
                if prior.as_ref().is_some_and(|p| p.status == Status::Indexed) {
                    run.writer
                        .delete_term(Term::from_field_text(fields.path, &rel));
                    run.dirty = true;
                }
                let entry = skip_entry(&rel, 0, 0, String::new(), &reason);
                run.summary.count_skip(&entry);
                run.dirty |= prior.is_none_or(|p| p.reason.as_deref() != Some(reason.code()));
                run.current.insert(rel.clone(), entry);
            }
            ingest::Entry::File(file) => {
                match run.current.get_mut(&file.rel) {
                    Some(prev) if !reenrich && !read_again(prev, &file) => {
                        report_unchanged(&mut run.summary, prev);
                        if prev.ctime_ns != file.ctime_ns {
                            // Probed just now: remember its status time so the next run
                            // need not open it.
                            prev.ctime_ns = file.ctime_ns;
                            run.dirty = true;
                        }
                    }
                    Some(prev) => {
                        run.old.insert(file.rel.clone(), prev.clone());
                        todo.push(file.clone());
                    }
                    None => todo.push(file.clone()),
                }
                seen.insert(file.rel.clone(), Some(file));
            }
        }
    }
    // Files gone from the corpus.
    let gone: Vec<String> = run
        .current
        .keys()
        .filter(|path| !seen.contains_key(*path))
        .cloned()
        .collect();
    for path in gone {
        if let Some(prev) = run.current.remove(&path) {
            if prev.status == Status::Indexed {
                run.writer
                    .delete_term(Term::from_field_text(fields.path, &path));
            }
            run.summary.removed += 1;
            run.dirty = true;
            run.summary.files.push(FileReport {
                path: path.clone(),
                status: "removed",
                reason: None,
                detail: None,
                articles: 0,
                passages: 0,
            });
        }
    }

    let threads = enrich_threads(opts);
    let job = Arc::new(Job {
        reenrich_all: reenrich,
        enrich: opts.enrich,
        enricher: Arc::clone(enricher),
        fields,
        corpus,
        defer: opts.enrich,
        threads: threads.clone(),
        relink: false,
        names: Arc::clone(&names),
    });
    let limit = Duration::from_secs(opts.file_timeout_secs.max(1));
    let mut pool: Pool<Processed, DocPart> = Pool::new(worker_threads(opts), limit);
    let (job, deferred) = run.batches(&todo, Vec::new(), &job, &mut pool, progress, Pass::First)?;
    // Files that may use acronyms defined elsewhere, now that the others' definitions are in
    // the table.
    if !deferred.is_empty() {
        let job = Arc::new(Job {
            defer: false,
            ..Job::clone(&job)
        });
        let (files, kept): (Vec<FileEntry>, Vec<_>) = deferred.into_iter().unzip();
        run.batches(&files, kept, &job, &mut pool, progress, Pass::Deferred)?;
    }

    // Acronyms: what the corpus defines may have changed with this run; articles that use a
    // short form whose meaning is not the one the whole corpus now gives it are enriched again
    // with the final table (on a fresh index: those that used a short form before a file read
    // later in the same pass defined it another way).
    let table = acronym_table(opts, &run.current);
    {
        let stale: Vec<FileEntry> = run
            .current
            .values()
            .filter(|e| {
                e.status == Status::Indexed
                    && e.acronyms_used
                        .iter()
                        .any(|u| table.resolve(&u.short) != u.id.as_deref())
            })
            .filter_map(|e| seen.get(&e.path).cloned().flatten())
            .collect();
        if !stale.is_empty() {
            let job = Arc::new(Job {
                reenrich_all: true,
                enrich: opts.enrich,
                enricher: Arc::clone(enricher),
                fields,
                corpus: table,
                defer: false,
                threads,
                relink: true,
                names,
            });
            run.batches(&stale, Vec::new(), &job, &mut pool, progress, Pass::Relink)?;
        }
    }
    if let Some(p) = progress {
        p.finish();
    }
    if run.dirty || payload.is_none() || run.retag_from.is_some() {
        run.commit_last()?;
    }
    let Run {
        writer,
        current,
        mut summary,
        ..
    } = run;
    writer.wait_merging_threads().map_err(Error::Tantivy)?;
    // Deferred files were applied after the others.
    summary
        .files
        .sort_by(|a, b| (a.status == "removed", &a.path).cmp(&(b.status == "removed", &b.path)));

    summary.total_articles = current.values().map(|e| u64::from(e.articles)).sum();
    summary.total_passages = current.values().map(|e| u64::from(e.passages)).sum();
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The acronyms a manifest's files define (empty without enrichment).
fn acronym_table(opts: &IndexOptions, manifest: &Manifest) -> CorpusAcronyms {
    if !opts.enrich {
        return CorpusAcronyms::default();
    }
    CorpusAcronyms::from_definitions(manifest.values().flat_map(|e| &e.acronyms_defined))
}

/// The state of one `dossier index` run: the writer and the bookkeeping it commits.
struct Run<'a> {
    opts: &'a IndexOptions,
    fields: Fields,
    /// The last commit's manifest entries of the files this run reads again (changed or
    /// touched): what their new outcome is compared with.
    old: Manifest,
    writer: IndexWriter,
    /// The manifest as it will be committed.
    current: Manifest,
    summary: Summary,
    generation: u64,
    /// Whether anything changed since the last commit.
    dirty: bool,
    last_commit: Instant,
    /// The entity name table, committed with the documents.
    names: Arc<Mutex<names::Table>>,
    /// The last commit's table while the files are enriched again with another
    /// configuration: commits before the run's last hold its names too.
    names_before: Option<names::Table>,
    /// The last commit's enrichment fingerprint while the files are enriched again with
    /// another configuration: commits before the run's last keep it.
    retag_from: Option<String>,
}

/// A batch the pool is reading ([`Run::submit`]).
struct InFlight {
    submitted: Submitted,
    /// Which files are redone article by article (see [`Run::batches`]).
    by_article: Vec<bool>,
}

/// Which pass of a run [`Run::batches`] makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// New and changed files. The acronym table grows with the definitions of each batch, for
    /// the batches after it.
    First,
    /// The files the first pass deferred, like it.
    Deferred,
    /// Files whose short forms changed meaning, enriched again whatever their content (see
    /// [`Run::relink`]) with the final table.
    Relink,
}

impl Run<'_> {
    /// Reads and enriches `files` on the pool in batches and applies the results in corpus
    /// order, committing every `commit_interval_secs` while something changed. `kept`: the
    /// content of some of `files`, in the same order (or empty), read by an earlier pass.
    /// Returns the job as it ended (with the acronyms the files defined) and the files it
    /// deferred, with the content of those within [`KEEP_DEFERRED_BYTES`].
    #[allow(clippy::type_complexity)]
    fn batches(
        &mut self,
        files: &[FileEntry],
        mut kept: Vec<Option<Box<ReadFile>>>,
        job: &Arc<Job>,
        pool: &mut Pool<Processed, DocPart>,
        progress: Option<&dyn Progress>,
        pass: Pass,
    ) -> Result<(Arc<Job>, Vec<(FileEntry, Option<Box<ReadFile>>)>)> {
        let relink = pass == Pass::Relink;
        let mut job = Arc::clone(job);
        let mut deferred = Vec::new();
        let mut kept_bytes = 0;
        let mut done_files = 0;
        if let Some(p) = progress {
            let bytes = files.iter().map(|f| f.size.min(ingest::MAX_FILE_BYTES));
            p.start(files.len() as u64, bytes.sum());
        }
        let limit = Duration::from_secs(self.opts.file_timeout_secs.max(1));
        let slices = batch_slices(files);
        // The workers read batch k + 1 while this thread applies batch k's results (a
        // batch's job needs the acronyms of the batches before it, so no earlier).
        let mut next = slices
            .first()
            .map(|batch| self.submit(batch, &job, &mut kept, &mut done_files, pool, relink));
        for (k, batch) in slices.iter().enumerate() {
            let Some(InFlight {
                submitted,
                by_article,
            }) = next.take()
            else {
                break;
            };
            // Files whose documents started arriving before they were done: their old
            // documents were deleted before the first part was added.
            let mut streamed = vec![false; batch.len()];
            // Files redone by article: the article of the last document handed over.
            let mut last_article: Vec<Option<String>> = vec![None; batch.len()];
            let writer = &self.writer;
            let fields = self.fields;
            let results = pool.collect(
                submitted,
                |i, docs| {
                    let first = !std::mem::replace(&mut streamed[i], true);
                    if by_article[i] {
                        replace_articles(writer, &fields, docs, &mut last_article[i]);
                    } else {
                        if first {
                            writer.delete_term(Term::from_field_text(fields.path, &batch[i].rel));
                        }
                        add_all(writer, docs);
                    }
                },
                |i| {
                    if let Some(p) = progress {
                        p.advance(batch[i].size);
                    }
                },
                |i| {
                    let reason = SkipReason::Timeout(limit.as_secs());
                    failed(&batch[i], String::new(), &reason)
                },
            );
            if pass != Pass::Relink && job.enrich {
                let defined: Vec<_> = results
                    .iter()
                    .flat_map(|r| &r.entry.acronyms_defined)
                    .collect();
                if !defined.is_empty() {
                    let mut table = job.corpus.clone();
                    if table.add(defined) {
                        job = Arc::new(Job {
                            corpus: table,
                            ..Job::clone(&job)
                        });
                    }
                }
            }
            if let Some(batch) = slices.get(k + 1) {
                next = Some(self.submit(batch, &job, &mut kept, &mut done_files, pool, relink));
            }
            for ((((file, done), streamed), by_article), mut last) in batch
                .iter()
                .zip(results)
                .zip(streamed)
                .zip(by_article)
                .zip(last_article)
            {
                if done.deferred {
                    let size = done.kept.as_ref().map_or(0, |k| k.bytes());
                    let keep =
                        file.size < BIG_FILE_BYTES && kept_bytes + size <= KEEP_DEFERRED_BYTES;
                    kept_bytes += if keep { size } else { 0 };
                    deferred.push((file.clone(), done.kept.filter(|_| keep)));
                    continue;
                }
                self.dirty |= if relink {
                    self.relink(file, done, streamed, by_article.then_some(&mut last))
                } else {
                    apply(
                        &mut self.writer,
                        &self.fields,
                        &self.old,
                        &mut self.current,
                        &mut self.summary,
                        file,
                        done,
                        streamed,
                    )
                };
            }
            if self.dirty
                && self.last_commit.elapsed() >= Duration::from_secs(self.opts.commit_interval_secs)
            {
                self.commit()?;
            }
        }
        Ok((job, deferred))
    }

    /// Hands a batch of [`Run::batches`] to the pool. `kept`: the content read by an earlier
    /// pass of the files from `done_files` on, which the batch's tasks take.
    fn submit(
        &self,
        batch: &[FileEntry],
        job: &Arc<Job>,
        kept: &mut [Option<Box<ReadFile>>],
        done_files: &mut usize,
        pool: &mut Pool<Processed, DocPart>,
        relink: bool,
    ) -> InFlight {
        let alone = batch.len() == 1;
        // What each task compares with: the last commit's entry; in the relink pass, the
        // entry of a file of several articles, which is then redone article by article (the
        // others whole, with none).
        let prevs: Vec<Option<Entry>> = batch
            .iter()
            .map(|file| {
                if relink {
                    self.current
                        .get(&file.rel)
                        .filter(|e| e.status == Status::Indexed && e.articles > 1)
                        .cloned()
                } else {
                    self.old.get(&file.rel).cloned()
                }
            })
            .collect();
        let by_article: Vec<bool> = prevs.iter().map(|p| relink && p.is_some()).collect();
        let tasks = batch
            .iter()
            .zip(prevs)
            .enumerate()
            .map(|(i, (file, prev))| {
                let (job, file) = (Arc::clone(job), file.clone());
                let read = kept.get_mut(*done_files + i).and_then(Option::take);
                Box::new(move |parts: &Parts<Processed, DocPart>| {
                    job.process(&file, prev.as_ref(), read, parts, alone)
                }) as Work<Processed, DocPart>
            })
            .collect();
        *done_files += batch.len();
        InFlight {
            submitted: pool.submit(tasks),
            by_article,
        }
    }

    /// Replaces a file's documents with those of enriching it again (its first documents may
    /// be from an earlier commit or from this run). `streamed`: the old documents are gone
    /// already and some new ones were added while the file was read.
    /// `by_article`: only some of its articles were enriched again, and their documents
    /// replace theirs, not the file's (with the article of the last document streamed).
    fn relink(
        &mut self,
        file: &FileEntry,
        done: Processed,
        streamed: bool,
        by_article: Option<&mut Option<String>>,
    ) -> bool {
        let had_docs = self
            .current
            .get(&file.rel)
            .is_some_and(|e| e.status == Status::Indexed);
        let indexed = done.entry.status == Status::Indexed;
        let whole = by_article.is_none() || !indexed;
        // Redone by article, the file's other documents stay; if it broke, all of it goes.
        if whole && delete_first(had_docs, streamed, done.entry.status) {
            self.writer
                .delete_term(Term::from_field_text(self.fields.path, &file.rel));
        }
        if indexed {
            self.summary.relinked += 1;
            self.summary.relinked_articles += u64::from(done.articles);
            if let Some(last) = by_article {
                replace_articles(&self.writer, &self.fields, done.docs, last);
            } else {
                add_all(&self.writer, done.docs);
            }
        } else {
            // It broke (or timed out) between the two passes: reported like any other.
            self.summary.count_skip(&done.entry);
        }
        self.current.insert(file.rel.clone(), done.entry);
        true
    }

    /// Commits during the run.
    fn commit(&mut self) -> Result<()> {
        self.commit_as(false)
    }

    /// The run's last commit: the new enrichment fingerprint and names only.
    fn commit_last(&mut self) -> Result<()> {
        self.names_before = None;
        self.commit_as(true)
    }

    fn commit_as(&mut self, last: bool) -> Result<()> {
        self.generation += 1;
        let dir = &self.opts.index_dir;
        // Written first, and let go of before tantivy's commit (which waits for the indexing
        // threads), so the workers adding names are held up only while the file is written.
        let names = self
            .names
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .write_with(self.names_before.as_ref(), dir, self.generation)?;
        let fingerprint = match &self.retag_from {
            Some(old) if !last => old.as_str(),
            _ => self.opts.enrich_fingerprint.as_str(),
        };
        commit(
            &mut self.writer,
            dir,
            self.generation,
            &self.current,
            names,
            fingerprint,
            self.opts,
        )?;
        self.last_commit = Instant::now();
        self.dirty = false;
        self.summary.committed = true;
        Ok(())
    }
}

impl Job {
    /// Reads, parses and enriches one file; never panics (a panic becomes a failure).
    /// `alone`: the file is the only one of its batch (see [`batch_slices`]).
    /// `read`: the file's content if an earlier pass kept it.
    fn process(
        &self,
        file: &FileEntry,
        prev: Option<&Entry>,
        read: Option<Box<ReadFile>>,
        parts: &Parts<Processed, DocPart>,
        alone: bool,
    ) -> Processed {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            self.process_inner(file, prev, read, parts, alone)
        }));
        outcome.unwrap_or_else(|panic| {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            let reason =
                SkipReason::Invalid(format!("internal error while reading (panic: {msg})"));
            failed(file, String::new(), &reason)
        })
    }

    /// How each article stands to the acronyms of the rest of the corpus (a long article is
    /// enriched in chunks, where one may use what another defines).
    fn acronym_needs(&self, articles: &[Article]) -> Vec<AcronymNeeds> {
        articles
            .iter()
            .map(|a| {
                let whole = a.text.len() <= ENRICH_WHOLE_MAX_BYTES;
                self.enricher.acronym_needs(&a.text, whole)
            })
            .collect()
    }

    fn process_inner(
        &self,
        file: &FileEntry,
        prev: Option<&Entry>,
        read: Option<Box<ReadFile>>,
        parts: &Parts<Processed, DocPart>,
        alone: bool,
    ) -> Processed {
        let (read, redo) = match read {
            Some(read) => (*read, None),
            None => match self.read(file, prev) {
                Ok(r) => r,
                Err(p) => return p,
            },
        };
        self.enrich_file(file, read, redo, parts, alone)
    }

    /// Reads and parses a file, unless its documents can stay (then the `Err` is the outcome,
    /// as it is when it cannot be read). With the content: in the relink pass, the entry of a
    /// file redone by article and the short forms whose meaning changed.
    #[allow(clippy::type_complexity, clippy::result_large_err)]
    fn read<'a>(
        &self,
        file: &FileEntry,
        prev: Option<&'a Entry>,
    ) -> std::result::Result<(ReadFile, Option<(&'a Entry, Vec<&'a str>)>), Processed> {
        let (bytes, truncated) = match ingest::read_bytes(&file.abs) {
            Ok(b) => b,
            Err(e) => {
                let reason = SkipReason::Unreadable(e.to_string());
                return Err(failed(file, String::new(), &reason));
            }
        };
        let hash = blake3::hash(&bytes).to_hex().to_string();
        // Relink pass, by article: the short forms whose meaning changed, in a file that has
        // not changed since its entry was made (earlier in this run).
        let redo: Option<(&Entry, Vec<&str>)> = match prev.filter(|_| self.relink) {
            Some(p) if p.hash != hash => {
                let reason = SkipReason::Unreadable(
                    "it changed while it was being indexed (read again on the next run)".into(),
                );
                return Err(failed(file, hash, &reason));
            }
            Some(p) => {
                let stale = p
                    .acronyms_used
                    .iter()
                    .filter(|u| self.corpus.resolve(&u.short) != u.id.as_deref())
                    .map(|u| u.short.as_str())
                    .collect();
                Some((p, stale))
            }
            None => None,
        };
        let reread =
            self.reenrich_all || prev.is_none_or(|p| p.hash != hash || p.status == Status::Failed);
        if let Some(p) = prev.filter(|_| !reread) {
            // Touched but not changed: keep the documents, remember the new times.
            let mut entry = p.clone();
            entry.size = file.size;
            entry.mtime_ns = file.mtime_ns;
            entry.ctime_ns = file.ctime_ns;
            return Err(Processed {
                deferred: false,
                kept: None,
                entry,
                warnings: Vec::new(),
                docs: Vec::new(),
                entities: 0,
                articles: u32::MAX,
            });
        }
        #[cfg(debug_assertions)]
        inject_fault(&file.rel);
        match ingest::parse(&file.rel, &bytes) {
            Ok(parsed) => Ok((
                ReadFile {
                    hash,
                    truncated,
                    parsed,
                },
                redo,
            )),
            Err(reason) => Err(failed(file, hash, &reason)),
        }
    }

    /// Enriches a file's articles and turns them into documents (see [`Job::read`] for
    /// `redo`).
    fn enrich_file(
        &self,
        file: &FileEntry,
        read: ReadFile,
        redo: Option<(&Entry, Vec<&str>)>,
        parts: &Parts<Processed, DocPart>,
        alone: bool,
    ) -> Processed {
        let ReadFile {
            hash,
            truncated,
            parsed,
        } = read;
        // The articles of a file of several (JSON Lines) are enriched as the corpus's files
        // are: definitions first, each serving the articles after it (not when relinking:
        // the table is then the final one).
        let several = self.enrich && !self.relink && parsed.articles.len() > 1;
        let needs = if self.defer || several {
            self.acronym_needs(&parsed.articles)
        } else {
            Vec::new()
        };
        // A file that may use acronyms defined elsewhere, and defines none that other files
        // may be waiting for, is better enriched after the others.
        if self.defer && needs.iter().any(|n| n.may_use) && !needs.iter().any(|n| n.defines) {
            let mut p = failed(file, String::new(), &SkipReason::Empty);
            p.deferred = true;
            p.kept = Some(Box::new(ReadFile {
                hash,
                truncated,
                parsed,
            }));
            return p;
        }
        let mut warnings = parsed.warnings;
        if truncated {
            warnings.push(format!(
                "only the first {} bytes were read",
                ingest::MAX_FILE_BYTES
            ));
        }
        if parsed.lossy {
            warnings.push("invalid UTF-8 bytes were replaced".into());
        }
        let mut docs = Vec::new();
        let mut passages = 0usize;
        let mut entities = 0u64;
        let mut articles = 0u32;
        let mut acronyms = Acronyms::default();
        // Documents of enriched text (an article, or a chunk of a long one); each full part
        // goes to the writer at once.
        let mut flush = |docs: &mut DocPart| {
            parts.send(std::mem::take(docs));
            #[cfg(debug_assertions)]
            inject_late_fault(&file.rel);
        };
        let mut add = |enriched: &EnrichedArticle, docs: &mut DocPart| {
            merge_acronyms(&mut acronyms, &enriched.acronyms);
            entities += enriched.mentions.len() as u64;
            passages += enriched.passages.len();
            if self.enrich {
                let mut names = self.names.lock().unwrap_or_else(|e| e.into_inner());
                for p in &enriched.passages {
                    for e in p.actors.iter().chain(&p.places) {
                        names.add(e);
                    }
                }
            }
            build_docs(&self.fields, enriched, &hash, docs, &mut flush);
        };
        let ordered = if several {
            definitions_first(parsed.articles, &needs)
        } else {
            parsed.articles
        };
        let mut grown: Option<CorpusAcronyms> = None;
        let mut units = ordered
            .into_iter()
            .filter(|a| {
                redo.as_ref()
                    .is_none_or(|(_, stale)| self.enricher.may_use_short_form(&a.text, stale))
            })
            .flat_map(|article| {
                let pieces = passages::split(&article.text, passages::MAX_PASSAGE_CHARS);
                Units::of(article, pieces, self.enrich)
            });
        // A file read alone (a big one) is enriched a window of units at a time on every
        // thread; otherwise one unit at a time, as the other workers keep the cores busy.
        let pool = self.threads.as_deref().filter(|_| alone && self.enrich);
        let window = pool.map_or(1, |p| UNITS_PER_THREAD * p.current_num_threads());
        let mut next: Vec<Unit> = Vec::with_capacity(window);
        loop {
            next.extend(units.by_ref().take(window));
            if next.is_empty() {
                break;
            }
            let corpus = grown.as_ref().unwrap_or(&self.corpus);
            let enrich = |u: Unit| (u.first, u.enrich(&self.enricher, corpus, self.enrich));
            let enriched: Vec<(bool, EnrichedArticle)> = match pool {
                Some(pool) if next.len() > 1 => {
                    pool.install(|| next.par_drain(..).map(enrich).collect())
                }
                _ => next.drain(..).map(enrich).collect(),
            };
            if several {
                let defined = enriched.iter().flat_map(|(_, e)| &e.acronyms.defined);
                if defined.clone().next().is_some() {
                    grown
                        .get_or_insert_with(|| self.corpus.clone())
                        .add(defined);
                }
            }
            for (first, e) in enriched {
                articles += u32::from(first);
                add(&e, &mut docs);
            }
        }
        if let Some((p, _)) = redo {
            // The file is as its entry says; only the meanings of its short forms changed (to
            // what the articles enriched again now resolve them to).
            let mut entry = p.clone();
            for u in &mut entry.acronyms_used {
                u.id = self.corpus.resolve(&u.short).map(str::to_owned);
            }
            (entry.size, entry.mtime_ns, entry.ctime_ns) =
                (file.size, file.mtime_ns, file.ctime_ns);
            return Processed {
                deferred: false,
                kept: None,
                entry,
                warnings: Vec::new(),
                docs,
                entities,
                articles,
            };
        }
        if articles == 0 {
            let reason = SkipReason::Empty;
            let mut p = failed(file, hash, &reason);
            p.warnings = warnings;
            return p;
        }
        let entry = Entry {
            path: file.rel.clone(),
            size: file.size,
            mtime_ns: file.mtime_ns,
            ctime_ns: file.ctime_ns,
            hash,
            status: Status::Indexed,
            reason: None,
            detail: (!warnings.is_empty()).then(|| warnings.join("; ")),
            articles,
            passages: u32::try_from(passages).unwrap_or(u32::MAX),
            acronyms_defined: acronyms.defined,
            acronyms_used: acronyms.used,
        };
        Processed {
            deferred: false,
            kept: None,
            entry,
            warnings,
            docs,
            entities,
            articles,
        }
    }
}

/// The articles of one file in the order they are enriched: those that define short forms
/// first (those that may use one defined elsewhere after those that do not), then the rest,
/// those that may use one last; the file's order within each group.
fn definitions_first(articles: Vec<Article>, needs: &[AcronymNeeds]) -> Vec<Article> {
    let mut keyed: Vec<((bool, bool), Article)> = articles
        .into_iter()
        .zip(needs)
        .map(|(a, n)| ((!n.defines, n.may_use), a))
        .collect();
    keyed.sort_by_key(|(key, _)| *key);
    keyed.into_iter().map(|(_, a)| a).collect()
}

/// Units enriched at once per enrichment thread when a file is read alone: enough to keep the
/// threads busy, few enough that the window's text (each unit is at most a long article's
/// chunk, about [`ENRICH_WHOLE_MAX_BYTES`]) and its enriched form stay small.
const UNITS_PER_THREAD: usize = 4;

/// Text enriched on its own: a whole article, or a chunk of a very long one (a run of whole
/// passages of about [`ENRICH_WHOLE_MAX_BYTES`], enriched as an article of its own text).
struct Unit {
    article: Article,
    pieces: Vec<crate::article::Passage>,
    /// Characters of the article before the chunk (0 for a whole article).
    offset: usize,
    /// Whether this is the first unit of its article.
    first: bool,
}

impl Unit {
    /// The unit enriched (or only split into passages, without enrichment), with passages
    /// and mentions at article offsets.
    fn enrich(self, enricher: &Enricher, corpus: &CorpusAcronyms, enrich: bool) -> EnrichedArticle {
        if !enrich {
            return EnrichedArticle::unenriched(self.article, self.pieces);
        }
        let mut e = enricher.enrich_in_corpus(self.article, self.pieces, corpus);
        if self.offset > 0 {
            for p in &mut e.passages {
                p.passage.start += self.offset;
                p.passage.end += self.offset;
            }
            for m in &mut e.mentions {
                m.start += self.offset;
                m.end += self.offset;
            }
        }
        e
    }
}

/// The units of one article: none when it has no passages, itself, or its chunks when it is
/// too long to enrich whole.
enum Units {
    One(Option<Unit>),
    Chunks(Chunks),
}

impl Units {
    fn of(article: Article, pieces: Vec<crate::article::Passage>, enrich: bool) -> Units {
        if pieces.is_empty() {
            Units::One(None)
        } else if enrich && article.text.len() > ENRICH_WHOLE_MAX_BYTES {
            Units::Chunks(Chunks::new(article, pieces))
        } else {
            Units::One(Some(Unit {
                article,
                pieces,
                offset: 0,
                first: true,
            }))
        }
    }
}

impl Iterator for Units {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        match self {
            Units::One(unit) => unit.take(),
            Units::Chunks(chunks) => chunks.next(),
        }
    }
}

/// A very long article cut into chunks as they are asked for; each chunk copies its own text,
/// the rest of the article is copied, not the text.
struct Chunks {
    article: Article,
    text: String,
    /// Byte offset of every passage boundary, by its character offset.
    byte_of: HashMap<usize, usize>,
    rest: std::iter::Peekable<std::vec::IntoIter<crate::article::Passage>>,
    first: bool,
}

impl Chunks {
    fn new(mut article: Article, pieces: Vec<crate::article::Passage>) -> Chunks {
        let text = std::mem::take(&mut article.text);
        // Byte offset of every passage boundary, found in one pass over the text.
        let mut wanted: Vec<usize> = pieces.iter().flat_map(|p| [p.start, p.end]).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut byte_of: HashMap<usize, usize> = HashMap::with_capacity(wanted.len());
        let mut next = wanted.iter().peekable();
        for (chars, (bytes, _)) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
            .enumerate()
        {
            while next.peek().is_some_and(|&&w| w == chars) {
                byte_of.insert(chars, bytes);
                next.next();
            }
        }
        Chunks {
            article,
            text,
            byte_of,
            rest: pieces.into_iter().peekable(),
            first: true,
        }
    }
}

impl Iterator for Chunks {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        let byte_of = &self.byte_of;
        let mut chunk: Vec<crate::article::Passage> = Vec::new();
        while let Some(p) = self.rest.peek() {
            let from = chunk.first().map_or(p.start, |f| f.start);
            if !chunk.is_empty() && byte_of[&p.end] - byte_of[&from] > ENRICH_WHOLE_MAX_BYTES {
                break;
            }
            chunk.push(self.rest.next().expect("peeked"));
        }
        let (first, last) = (chunk.first()?.start, chunk[chunk.len() - 1].end);
        let mut article = self.article.clone();
        article.text = self.text[byte_of[&first]..byte_of[&last]].to_string();
        for p in &mut chunk {
            p.start -= first;
            p.end -= first;
        }
        Some(Unit {
            article,
            pieces: chunk,
            offset: first,
            first: std::mem::replace(&mut self.first, false),
        })
    }
}

/// Adds the acronyms of another article (or chunk) of the same file, once each.
fn merge_acronyms(into: &mut Acronyms, from: &Acronyms) {
    for d in &from.defined {
        if !into.defined.contains(d) {
            into.defined.push(d.clone());
        }
    }
    for u in &from.used {
        match into.used.iter_mut().find(|x| x.short == u.short) {
            None => into.used.push(u.clone()),
            // Two articles of the file gave it different meanings (the table grew between
            // them): no meaning the corpus can give matches, so they are enriched again
            // after the run, with the final table.
            Some(x) if x.id != u.id => x.id = Some(RESOLVED_TWO_WAYS.to_owned()),
            Some(_) => {}
        }
    }
}

/// The recorded meaning of a short form that the articles of one file resolved two ways;
/// never an entity id.
const RESOLVED_TWO_WAYS: &str = "(resolved two ways)";

/// Test hook (debug builds only): `DOSSIER_FAULT=panic` makes files whose path contains
/// `panic-me` panic, `DOSSIER_FAULT=hang` makes files containing `hang-me` never finish,
/// `DOSSIER_FAULT=exit` ends the process at once (as a crash would) at a file containing
/// `exit-me`.
#[cfg(debug_assertions)]
fn inject_fault(rel: &str) {
    match std::env::var("DOSSIER_FAULT").as_deref() {
        Ok("panic") if rel.contains("panic-me") => panic!("injected fault"),
        Ok("exit") if rel.contains("exit-me") => std::process::exit(9),
        Ok("hang") if rel.contains("hang-me") => loop {
            std::thread::sleep(Duration::from_secs(1));
        },
        _ => {}
    }
}

/// Test hook (debug builds only): `DOSSIER_FAULT=panic-late` makes files whose path contains
/// `panic-late` panic once they have handed over a part of their documents.
#[cfg(debug_assertions)]
fn inject_late_fault(rel: &str) {
    if std::env::var("DOSSIER_FAULT").as_deref() == Ok("panic-late") && rel.contains("panic-late") {
        panic!("injected fault after a part");
    }
}

/// Applies one processed file to the writer and the bookkeeping; returns whether the index
/// or manifest changed. `streamed`: some of its documents were added while it was read,
/// after its old ones were deleted.
#[allow(clippy::too_many_arguments)]
fn apply(
    writer: &mut IndexWriter,
    fields: &Fields,
    old: &Manifest,
    current: &mut Manifest,
    summary: &mut Summary,
    file: &FileEntry,
    done: Processed,
    streamed: bool,
) -> bool {
    let prev = old.get(&file.rel);
    summary.bytes_read += file.size.min(ingest::MAX_FILE_BYTES);
    if done.articles == u32::MAX {
        // Content unchanged (only the mtime moved).
        report_unchanged(summary, &done.entry);
        current.insert(file.rel.clone(), done.entry);
        return true;
    }
    let path_term = Term::from_field_text(fields.path, &file.rel);
    let entry = done.entry;
    let had_docs = prev.is_some_and(|p| p.status == Status::Indexed);
    if delete_first(had_docs, streamed, entry.status) {
        writer.delete_term(path_term);
    }
    if entry.status == Status::Indexed {
        let retagged = prev.is_some_and(|p| p.status == Status::Indexed && p.hash == entry.hash);
        let status = match prev {
            None => {
                summary.new += 1;
                "new"
            }
            Some(_) if retagged => {
                summary.retagged += 1;
                "retagged"
            }
            Some(_) => {
                summary.changed += 1;
                "changed"
            }
        };
        summary.articles += u64::from(entry.articles);
        summary.passages += u64::from(entry.passages);
        summary.entities += done.entities;
        add_all(writer, done.docs);
        summary.files.push(FileReport {
            path: entry.path.clone(),
            status,
            reason: None,
            detail: (!done.warnings.is_empty()).then(|| done.warnings.join("; ")),
            articles: entry.articles,
            passages: entry.passages,
        });
    } else {
        summary.count_skip(&entry);
    }
    current.insert(file.rel.clone(), entry);
    true
}

/// Hands documents to the writer one at a time. (Not as one batch: the writer's queue holds
/// up to 10,000 batches, so batches of a part's 2,048 documents let the queue, and the peak
/// memory, grow with the files: three 60 MB files took 911 instead of 532 MiB.)
fn add_all(writer: &IndexWriter, docs: Vec<TantivyDocument>) {
    for doc in docs {
        // Fails only when the writer's threads are gone; the commit reports it.
        let _ = writer.add_document(doc);
    }
}

/// Hands documents to the writer, each article's old documents deleted just before its first
/// new one (by article id: the rest of the file stays as it is). An article's documents come
/// together, possibly over several calls: `last` is the article of the previous document.
fn replace_articles(
    writer: &IndexWriter,
    fields: &Fields,
    docs: Vec<TantivyDocument>,
    last: &mut Option<String>,
) {
    use tantivy::schema::Value;
    for doc in docs {
        let id = doc
            .get_first(fields.article_id)
            .and_then(|v| v.as_str().map(str::to_owned));
        if let Some(id) = id.filter(|id| last.as_ref() != Some(id)) {
            // Deletes what was added before it (a smaller opstamp), not what comes after.
            writer.delete_term(Term::from_field_text(fields.article_id, &id));
            *last = Some(id);
        }
        // Fails only when the writer's threads are gone; the commit reports it.
        let _ = writer.add_document(doc);
    }
}

/// Cuts the files to read into batches, in order: runs of up to [`BATCH_FILES`] files, each
/// file of [`BIG_FILE_BYTES`] or more in a batch of its own.
fn batch_slices(files: &[FileEntry]) -> Vec<&[FileEntry]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, f) in files.iter().enumerate() {
        if f.size >= BIG_FILE_BYTES {
            if start < i {
                out.push(&files[start..i]);
            }
            out.push(&files[i..=i]);
            start = i + 1;
        } else if i + 1 - start == BATCH_FILES {
            out.push(&files[start..=i]);
            start = i + 1;
        }
    }
    if start < files.len() {
        out.push(&files[start..]);
    }
    out
}

/// Whether a file's documents in the index are deleted before its outcome is applied: the old
/// ones, unless they went when its first part was streamed; or the streamed parts of a file
/// that then failed.
fn delete_first(had_docs: bool, streamed: bool, status: Status) -> bool {
    if streamed {
        status != Status::Indexed
    } else {
        had_docs
    }
}

/// Whether a file is as it was when last read (same size and modification time).
fn unchanged(prev: &Entry, file: &FileEntry) -> bool {
    prev.size == file.size && prev.mtime_ns == file.mtime_ns
}

/// Whether a file known from the last run is read again: it changed, or it failed and its
/// status time moved since (a `chmod` may have made it readable; a `touch` moves the mtime
/// anyway).
fn read_again(prev: &Entry, file: &FileEntry) -> bool {
    !unchanged(prev, file) || (prev.status == Status::Failed && prev.ctime_ns != file.ctime_ns)
}

/// Whether a walked file that is not going to be read can still be: one that cannot be opened
/// becomes an unreadable skip (its documents leave the index). A file that will be read is not
/// opened here (the read says whether it can be), nor is one whose status time has not moved
/// since it was last read (no write, `chmod`, `chown` or ACL change since): an unchanged
/// corpus costs one `stat` per file.
fn probe_unless_read(item: ingest::Entry, prev: Option<&Entry>, reenrich: bool) -> ingest::Entry {
    let ingest::Entry::File(file) = item else {
        return item;
    };
    let Some(prev) = prev.filter(|p| !reenrich && !read_again(p, &file)) else {
        return ingest::Entry::File(file);
    };
    if prev.ctime_ns != 0 && prev.ctime_ns == file.ctime_ns {
        return ingest::Entry::File(file);
    }
    match file.probe() {
        Ok(()) => ingest::Entry::File(file),
        Err(reason) => ingest::Entry::Skip {
            rel: file.rel,
            reason: SkipReason::Unreadable(reason),
        },
    }
}

fn report_unchanged(summary: &mut Summary, prev: &Entry) {
    match prev.status {
        Status::Indexed => {
            summary.unchanged += 1;
            summary.files.push(FileReport {
                path: prev.path.clone(),
                status: "unchanged",
                reason: None,
                detail: None,
                articles: prev.articles,
                passages: prev.passages,
            });
        }
        Status::Skipped | Status::Failed => summary.count_skip(prev),
    }
}

fn skip_entry(rel: &str, size: u64, mtime_ns: i64, hash: String, reason: &SkipReason) -> Entry {
    Entry {
        path: rel.to_string(),
        size,
        mtime_ns,
        ctime_ns: 0,
        hash,
        status: if reason.is_failure() {
            Status::Failed
        } else {
            Status::Skipped
        },
        reason: Some(reason.code().to_string()),
        detail: Some(reason.to_string()),
        articles: 0,
        passages: 0,
        acronyms_defined: Vec::new(),
        acronyms_used: Vec::new(),
    }
}

/// A file that produced no articles: skipped or failed, as its reason says.
fn failed(file: &FileEntry, hash: String, reason: &SkipReason) -> Processed {
    Processed {
        deferred: false,
        kept: None,
        entry: Entry {
            ctime_ns: file.ctime_ns,
            ..skip_entry(&file.rel, file.size, file.mtime_ns, hash, reason)
        },
        warnings: Vec::new(),
        docs: Vec::new(),
        entities: 0,
        articles: 0,
    }
}

/// Turns an enriched article into one tantivy document per passage.
/// Whenever `out` holds [`PART_DOCS`] documents they go to `flush`.
fn build_docs(
    f: &Fields,
    a: &EnrichedArticle,
    hash: &str,
    out: &mut DocPart,
    flush: &mut dyn FnMut(&mut DocPart),
) {
    let art = &a.article;
    let id = art.id();
    let date = art
        .date
        .as_deref()
        .and_then(date_to_timestamp)
        .map(DateTime::from_timestamp_secs);
    let mut coords: HashMap<&str, (f64, f64)> = HashMap::new();
    for m in &a.mentions {
        if let (Some(lat), Some(lon)) = (m.lat, m.lon) {
            coords.entry(m.id.as_str()).or_insert((lat, lon));
        }
    }
    let mut order: Vec<&Mention> = a.mentions.iter().collect();
    order.sort_by_key(|m| (m.start, m.end));
    let mut next = 0;
    for p in &a.passages {
        let mut doc = TantivyDocument::default();
        doc.add_text(f.article_id, &id);
        doc.add_text(f.path, &art.path);
        doc.add_u64(f.record, u64::from(art.record));
        doc.add_text(f.title, &art.title);
        doc.add_text(f.text, &p.passage.text);
        doc.add_u64(f.passage, u64::from(p.passage.number));
        doc.add_u64(f.start, p.passage.start as u64);
        doc.add_u64(f.end, p.passage.end as u64);
        if let Some(d) = date {
            doc.add_date(f.date, d);
        }
        add_entities(&mut doc, f.actor, f.actor_key, &p.actors, &HashMap::new());
        add_entities(&mut doc, f.place, f.place_key, &p.places, &coords);
        for t in &p.topics {
            doc.add_text(f.topic, &t.id);
            doc.add_text(f.topic_key, format!("{}{KEY_SEP}{:.3}", t.id, t.score));
        }
        // Mentions inside this passage (mentions and passages are both in text order).
        while next < order.len() && order[next].start < p.passage.start {
            next += 1;
        }
        let mut forms: BTreeMap<(&str, &str, &str, &str), u32> = BTreeMap::new();
        let mut geo: Vec<u64> = Vec::new();
        let mut i = next;
        while i < order.len() && order[i].start < p.passage.end {
            let m = order[i];
            if m.end <= p.passage.end {
                *forms
                    .entry((&m.id, &m.name, m.kind.as_str(), &m.text))
                    .or_default() += 1;
                // Countries are areas, not points: a passage naming "Syria" is not near al-Tanf.
                if m.kind == EntityKind::Place
                    && !m.id.starts_with("country:")
                    && let (Some(lat), Some(lon)) = (m.lat, m.lon)
                {
                    geo.push(pack_geo(lat, lon));
                }
            }
            i += 1;
        }
        for ((id, name, kind, surface), n) in forms {
            doc.add_text(
                f.mention_key,
                format!("{id}{KEY_SEP}{name}{KEY_SEP}{kind}{KEY_SEP}{surface}{KEY_SEP}{n}"),
            );
        }
        geo.sort_unstable();
        geo.dedup();
        for c in super::geo::cells_of_packed(&geo) {
            doc.add_u64(f.geo_cell, c);
        }
        for g in geo {
            doc.add_u64(f.geo, g);
        }
        if let Some(url) = &art.url {
            doc.add_text(f.url, url);
        }
        if let Some(source) = &art.source {
            doc.add_text(f.source, source);
        }
        doc.add_text(f.file_hash, hash);
        out.push(doc);
        if out.len() >= PART_DOCS {
            flush(out);
        }
    }
}

fn add_entities(
    doc: &mut TantivyDocument,
    terms: tantivy::schema::Field,
    keys: tantivy::schema::Field,
    entities: &[EntityRef],
    coords: &HashMap<&str, (f64, f64)>,
) {
    if entities.is_empty() {
        return;
    }
    // One value for all the ids: tantivy's cost per value (a copy, a token stream) was most
    // of what these fields cost to index. An entity's names are in the name table.
    let mut joined = String::new();
    let mut ids: Vec<&str> = Vec::with_capacity(entities.len() * 3);
    for e in entities {
        let areas = e.areas.iter().map(|a| a.id.as_str());
        for id in std::iter::once(e.id.as_str()).chain(areas) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        let key = EntityKey {
            kind: e.kind.as_str(),
            id: &e.id,
            name: &e.name,
            coords: coords.get(e.id.as_str()).copied(),
        };
        doc.add_text(keys, key.encode());
    }
    schema::join_terms(&mut joined, ids);
    doc.add_text(terms, joined);
}

/// Writes the manifest, then commits documents with a payload naming it and the entity name
/// table `names_file` (written already).
fn commit(
    writer: &mut IndexWriter,
    dir: &Path,
    generation: u64,
    current: &Manifest,
    names_file: String,
    fingerprint: &str,
    opts: &IndexOptions,
) -> Result<()> {
    let name = manifest::write(dir, generation, current)?;
    let payload = Payload {
        version: FORMAT_VERSION,
        manifest: name.clone(),
        enrich_fingerprint: fingerprint.to_owned(),
        corpus: opts.corpus.display().to_string(),
        names: names_file.clone(),
    };
    let payload = serde_json::to_string(&payload).expect("payload serializes");
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload);
    prepared.commit()?;
    manifest::remove_stale(dir, &name);
    names::remove_stale(dir, &names_file);
    Ok(())
}

/// The payload and manifest of the last commit, if any.
fn load_state(index: &Index, dir: &Path) -> Result<(Option<Payload>, Manifest)> {
    let metas = index.load_metas()?;
    let Some(raw) = metas.payload else {
        return Ok((None, Manifest::new()));
    };
    let payload: Payload = serde_json::from_str(&raw).map_err(|e| Error::Corrupt {
        path: dir.to_path_buf(),
        reason: format!("commit payload: {e}"),
    })?;
    if payload.version != FORMAT_VERSION {
        return Err(Error::Corrupt {
            path: dir.to_path_buf(),
            reason: format!(
                "index format {} (expected {FORMAT_VERSION})",
                payload.version
            ),
        });
    }
    let m = manifest::load(dir, &payload)?;
    Ok((Some(payload), m))
}

fn open_or_create(dir: &Path) -> Result<(Index, Fields)> {
    if dir.join("meta.json").exists() {
        let opened = super::open(dir)?;
        return Ok((opened.index, opened.fields));
    }
    let (schema, fields): (Schema, Fields) = schema::build();
    let index = Index::create_in_dir(dir, schema)?;
    schema::register_tokenizers(&index);
    Ok((index, fields))
}

/// The threads that enrich a big file's articles in parallel: as many as the workers (a big
/// file is read alone, so the other workers are idle meanwhile); none without enrichment or
/// with one thread.
fn enrich_threads(opts: &IndexOptions) -> Option<Arc<rayon::ThreadPool>> {
    let n = worker_threads(opts);
    if !opts.enrich || n < 2 {
        return None;
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .thread_name(|i| format!("dossier-enrich-{i}"))
        .build()
        .ok()
        .map(Arc::new)
}

fn worker_threads(opts: &IndexOptions) -> usize {
    if opts.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        opts.threads
    }
}

/// Indexing threads of the tantivy writer. With enrichment, reading and enriching take about
/// two thirds of the CPU time and the writer a third (profile in BENCHMARKS.md), so a third of
/// the threads index: more would only compete with the enrichers for the cores (on 2 cores,
/// one writer thread instead of two took 6% less time at 50k articles, and 10% less CPU).
/// Without enrichment the writer does most of the work and gets every thread.
fn writer_threads(opts: &IndexOptions) -> usize {
    let threads = worker_threads(opts);
    let threads = if opts.enrich {
        threads.div_ceil(3)
    } else {
        threads
    };
    threads.clamp(1, 8)
}

/// Takes dossier's own exclusive lock on the index folder for the whole run.
fn lock(dir: &Path) -> Result<fs::File> {
    use fs2::FileExt;
    let path = dir.join(".dossier.lock");
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    file.try_lock_exclusive()
        .map_err(|_| Error::Locked(dir.to_path_buf()))?;
    Ok(file)
}

/// Empties an index folder for `--rebuild`, refusing folders that do not look like an index.
fn clear_index_dir(dir: &Path) -> Result<()> {
    let entries: Vec<_> = fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .flatten()
        .collect();
    let looks_like_index = entries.iter().all(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        name.starts_with('.')
            || name == "meta.json"
            || name.starts_with("dossier-manifest-")
            || name.starts_with(names::PREFIX)
            || name.ends_with(".managed.json")
            || is_segment_file(&name)
    });
    if !looks_like_index {
        return Err(Error::Config {
            path: dir.to_path_buf(),
            message: "refusing to --rebuild: the folder holds files that are not part of an index"
                .into(),
        });
    }
    // meta.json first: once it is gone the folder holds no index, so a run killed while
    // clearing leaves an empty index (the next run starts over), never a meta.json that names
    // deleted segment files.
    let meta = dir.join("meta.json");
    if meta.exists() {
        fs::remove_file(&meta).map_err(|e| Error::io(&meta, e))?;
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    for e in entries {
        if e.file_name() == ".dossier.lock" || e.file_name() == "meta.json" {
            continue;
        }
        let p = e.path();
        let r = if p.is_dir() {
            fs::remove_dir_all(&p)
        } else {
            fs::remove_file(&p)
        };
        r.map_err(|err| Error::io(&p, err))?;
    }
    Ok(())
}

fn is_segment_file(name: &str) -> bool {
    // tantivy segment files: <32 hex chars>.<ext>[.<opstamp>.del]
    name.len() > 33 && name.as_bytes()[..32].iter().all(u8::is_ascii_hexdigit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::enrich::EnrichOptions;

    #[test]
    fn big_files_are_batched_alone_in_order() {
        let file = |n: usize, size: u64| FileEntry {
            abs: format!("/c/{n}").into(),
            rel: n.to_string(),
            size,
            mtime_ns: 0,
            ctime_ns: 0,
        };
        let mut files: Vec<FileEntry> = (0..BATCH_FILES * 2 + 10).map(|n| file(n, 10)).collect();
        files[3].size = BIG_FILE_BYTES;
        files[4].size = BIG_FILE_BYTES * 3;
        let last = files.len() - 1;
        files[last].size = BIG_FILE_BYTES;
        let batches = batch_slices(&files);
        let sizes: Vec<usize> = batches.iter().map(|b| b.len()).collect();
        assert_eq!(sizes, vec![3, 1, 1, BATCH_FILES, BATCH_FILES, 4, 1]);
        let order: Vec<&str> = batches
            .iter()
            .flat_map(|b| b.iter())
            .map(|f| f.rel.as_str())
            .collect();
        let want: Vec<String> = (0..files.len()).map(|n| n.to_string()).collect();
        assert_eq!(order, want);
        assert!(batch_slices(&[]).is_empty());
    }

    #[test]
    fn long_articles_are_enriched_in_chunks_with_article_offsets() {
        let enricher = Enricher::new(&EnrichOptions::default()).unwrap();
        let para = "The militia attacked “forces” near Damascus, Syria, on Monday.";
        let text = vec![para; 12_000].join("\n\n");
        assert!(text.len() > 2 * ENRICH_WHOLE_MAX_BYTES);
        let article = Article {
            path: "long.txt".into(),
            text: text.clone(),
            ..Article::default()
        };
        let pieces = passages::split(&text, passages::MAX_PASSAGE_CHARS);
        let n = pieces.len();
        let units: Vec<Unit> = Units::of(article, pieces.clone(), true).collect();
        assert!(units.len() >= 2, "{} chunks", units.len());
        let firsts: Vec<bool> = units.iter().map(|u| u.first).collect();
        assert!(firsts[0] && !firsts[1..].iter().any(|&f| f));
        let corpus = CorpusAcronyms::default();
        let chunks: Vec<EnrichedArticle> = units
            .into_iter()
            .map(|u| u.enrich(&enricher, &corpus, true))
            .collect();
        let passages: Vec<_> = chunks.iter().flat_map(|e| &e.passages).collect();
        let mentions: Vec<_> = chunks.iter().flat_map(|e| &e.mentions).collect();
        assert_eq!(passages.len(), n);
        let chars: Vec<char> = text.chars().collect();
        for (got, want) in passages.iter().zip(&pieces) {
            assert_eq!((got.passage.start, got.passage.end), (want.start, want.end));
            assert_eq!(got.passage.text, want.text);
        }
        assert!(mentions.len() >= n, "{} mentions", mentions.len());
        for m in &mentions {
            let slice: String = chars[m.start..m.end].iter().collect();
            assert_eq!(slice, m.text);
        }
        let last = passages.last().unwrap();
        assert!(last.places.iter().any(|p| p.name == "Damascus"));
    }
}
