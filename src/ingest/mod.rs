//! Folder -> articles: walks a corpus folder in sorted order and reads each supported file
//! (text, Markdown, HTML, JSON, JSON Lines) into [`Article`]s, decoding legacy encodings.
//!
//! Reading is split in two so the indexer can skip unchanged content cheaply: [`read_bytes`]
//! loads a file (capped), [`parse`] turns bytes into articles and is pure (fuzzable).

mod decode;
mod html;
mod json;
mod markdown;
mod text;
mod walk;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::article::Article;

pub use decode::{Decoded, decode};
pub use walk::Walk;

/// Options for walking a corpus.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Follow symbolic links (off by default).
    pub follow_links: bool,
    /// Absolute folders to leave out (the index folder when it sits inside the corpus).
    pub exclude: Vec<PathBuf>,
}

/// A regular file found by the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    /// Absolute (or root-joined) path to open.
    pub abs: PathBuf,
    /// Path relative to the corpus root, `/`-separated (lossy for non-UTF-8 names).
    pub rel: String,
    /// Size in bytes at walk time.
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch (0 if unknown).
    pub mtime_ns: i64,
    /// Status-change time (ctime) in nanoseconds since the Unix epoch, 0 if unknown: it moves
    /// with every write, rename, `chmod`, `chown` and ACL change, so a file whose ctime has not
    /// moved since it was last read is as readable as it was then.
    pub ctime_ns: i64,
}

impl FileEntry {
    /// Whether the file can be opened for reading now, and the OS reason if not. The walk does
    /// not open files (an unchanged corpus would cost one open per file); the indexer asks
    /// this only of a file it will not read whose ctime moved since it was last read.
    pub fn probe(&self) -> std::result::Result<(), String> {
        walk::open_nonblocking(&self.abs)
            .map(drop)
            .map_err(|e| e.to_string())
    }
}

/// What the walk yields: a file to consider, or something skipped with a reason.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// A regular file.
    File(FileEntry),
    /// A path that is not read, and why.
    Skip {
        /// Path relative to the corpus root.
        rel: String,
        /// Why it is skipped.
        reason: SkipReason,
    },
}

/// Why a file produced no articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// Not a supported extension.
    Unsupported,
    /// Binary content (NUL bytes).
    Binary,
    /// Zero bytes or only whitespace.
    Empty,
    /// A symbolic link, not followed.
    Symlink,
    /// A FIFO, socket or device: never opened.
    Special,
    /// Could not be read (permissions, vanished, I/O error).
    Unreadable(String),
    /// Could not be parsed (broken JSON, ...).
    Invalid(String),
    /// Reading or enriching it took longer than the per-file limit (seconds).
    Timeout(u64),
}

impl SkipReason {
    /// Short stable code used in summaries and reports.
    pub fn code(&self) -> &'static str {
        match self {
            SkipReason::Unsupported => "unsupported",
            SkipReason::Binary => "binary",
            SkipReason::Empty => "empty",
            SkipReason::Symlink => "symlink",
            SkipReason::Special => "special",
            SkipReason::Unreadable(_) => "unreadable",
            SkipReason::Invalid(_) => "invalid",
            SkipReason::Timeout(_) => "timeout",
        }
    }

    /// Whether this is a failure (counts toward a non-zero exit) rather than a policy skip.
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            SkipReason::Unreadable(_) | SkipReason::Invalid(_) | SkipReason::Timeout(_)
        )
    }
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::Unsupported => f.write_str("unsupported file type"),
            SkipReason::Binary => f.write_str("binary file"),
            SkipReason::Empty => f.write_str("empty file"),
            SkipReason::Symlink => f.write_str("symbolic link (not followed)"),
            SkipReason::Special => f.write_str("not a regular file"),
            SkipReason::Unreadable(m) => write!(f, "unreadable: {m}"),
            SkipReason::Invalid(m) => write!(f, "invalid: {m}"),
            SkipReason::Timeout(secs) => write!(
                f,
                "gave up after {secs} s (not retried until the file changes)"
            ),
        }
    }
}

/// The articles parsed from one file, with non-fatal warnings (e.g. a broken JSON Lines record).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    /// Articles in file order.
    pub articles: Vec<Article>,
    /// One line per problem that lost part of the file, e.g. `line 3: expected value`.
    pub warnings: Vec<String>,
    /// Whether bytes were not valid in the detected encoding and were replaced (U+FFFD).
    pub lossy: bool,
    /// Whether the file was larger than the read cap and only a prefix was used.
    pub truncated: bool,
}

/// The largest prefix of a file that is read, in bytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Whether a path has an extension dossier reads.
pub fn is_supported(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| Format::from_extension(e).is_some())
}

/// Whether a path's format is read into articles through its markup or records (HTML,
/// Markdown, JSON, JSON Lines) rather than taken as it is (plain text).
pub fn is_structured(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .and_then(Format::from_extension)
        .is_some_and(|f| f != Format::Text)
}

/// Walks `root` in sorted order, yielding files and skips.
pub fn walk(root: &Path, opts: &WalkOptions) -> Walk {
    Walk::new(root, opts)
}

/// Reads up to [`MAX_FILE_BYTES`] of a file; the flag says whether it was cut.
///
/// The file is read, never mapped, and only a capped prefix is held in memory. FIFOs and devices
/// are refused without blocking, even if one replaced a regular file since the walk.
pub fn read_bytes(path: &Path) -> std::io::Result<(Vec<u8>, bool)> {
    let file = walk::open_nonblocking(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let cap = usize::try_from(MAX_FILE_BYTES).unwrap_or(usize::MAX);
    let hint = usize::try_from(meta.len()).unwrap_or(usize::MAX).min(cap);
    let mut bytes = Vec::with_capacity(hint.saturating_add(1));
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    let truncated = bytes.len() > cap;
    bytes.truncate(cap);
    Ok((bytes, truncated))
}

/// Parses a file's bytes into articles, choosing the reader by the extension of `rel`.
pub fn parse(rel: &str, bytes: &[u8]) -> Result<Parsed, SkipReason> {
    let ext = rel
        .rsplit('/')
        .next()
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, e)| e);
    let format = ext
        .and_then(Format::from_extension)
        .ok_or(SkipReason::Unsupported)?;
    let decoded = decode::decode(bytes, format == Format::Html)?;
    let mut parsed = match format {
        Format::Text => Parsed::one(text::parse(rel, &decoded.text)),
        Format::Markdown => markdown::parse(rel, &decoded.text),
        Format::Html => Parsed::one(html::parse(rel, &decoded.text)),
        Format::Json => json::parse(rel, &decoded.text)?,
        Format::JsonLines => json::parse_lines(rel, &decoded.text)?,
    };
    parsed.lossy = decoded.lossy;
    Ok(parsed)
}

impl Parsed {
    /// One article and no warnings.
    fn one(article: Article) -> Parsed {
        Parsed {
            articles: vec![article],
            ..Parsed::default()
        }
    }
}

/// The input formats, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Markdown,
    Html,
    Json,
    JsonLines,
}

impl Format {
    /// The format for an extension (without the dot, any case).
    fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            _ => None,
        }
    }
}

/// Tidies extracted body text: trailing spaces cut, runs of blank lines collapsed to one, trimmed.
pub(crate) fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_pending = false;
    for line in text.split('\n') {
        let line = line.trim_end();
        if line.trim_start().is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_pending { "\n\n" } else { "\n" });
        }
        blank_pending = false;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn supported_extensions_any_case() {
        for name in [
            "a.txt",
            "a.MD",
            "a.markdown",
            "a.Html",
            "a.htm",
            "a.json",
            "a.JSONL",
            "a.ndjson",
        ] {
            assert!(is_supported(Path::new(name)), "{name}");
        }
        for name in ["a.pdf", "a", "txt", "a.txt.bak", ".json"] {
            assert!(!is_supported(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn parse_dispatches_by_extension_and_flags_lossy() {
        let p = parse("dir/A.TXT", b"Title\n\nBody \xE2\x80\x94 text \xFF.").unwrap();
        assert!(p.lossy);
        assert_eq!(p.articles[0].title, "Title");
        assert_eq!(p.articles[0].text, "Body \u{2014} text \u{FFFD}.");
        assert_eq!(p.articles[0].path, "dir/A.TXT");
        assert_eq!(parse("a.pdf", b"x"), Err(SkipReason::Unsupported));
        assert_eq!(parse("noext", b"x"), Err(SkipReason::Unsupported));
        assert_eq!(parse("a.md", b""), Err(SkipReason::Empty));
        assert_eq!(parse("a.html", b"<p>\0</p>"), Err(SkipReason::Binary));
        assert_eq!(parse("a.json", b"  \n "), Err(SkipReason::Empty));
    }

    #[test]
    fn utf16_json_and_windows_1252_html() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in r#"{"title":"Idlib","text":"“Ceasefire” €"}"#.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let p = parse("a.json", &bytes).unwrap();
        assert_eq!(p.articles[0].text, "“Ceasefire” €");
        let p = parse("a.htm", b"<title>It\x92s</title><p>\x93Quote\x94 \x80</p>").unwrap();
        assert_eq!(p.articles[0].title, "It’s");
        assert_eq!(p.articles[0].text, "“Quote” €");
        assert!(!p.lossy);
    }

    #[test]
    fn read_bytes_caps_huge_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.txt");
        let file = std::fs::File::create(&path).unwrap();
        // Sparse: costs no disk, reads as zeros.
        file.set_len(MAX_FILE_BYTES + 10).unwrap();
        let (bytes, truncated) = read_bytes(&path).unwrap();
        assert!(truncated);
        assert_eq!(bytes.len() as u64, MAX_FILE_BYTES);
        assert!(bytes.capacity() as u64 <= MAX_FILE_BYTES + 1);
    }

    #[test]
    fn read_bytes_reports_missing_files() {
        assert!(read_bytes(Path::new("/nonexistent/dossier/a.txt")).is_err());
    }

    #[test]
    fn tidy_collapses_blank_runs() {
        assert_eq!(tidy("\n\n a  \n b\n\n\n\t\nc \n\n"), " a\n b\n\nc");
    }

    proptest! {
        #[test]
        fn parse_never_panics_on_arbitrary_bytes(
            bytes in proptest::collection::vec(any::<u8>(), 0..600),
            ext in prop::sample::select(vec!["txt", "md", "html", "json", "jsonl"]),
        ) {
            let _ = parse(&format!("f.{ext}"), &bytes);
        }

        #[test]
        fn parse_never_panics_on_markup_soup(
            text in "([<>/!\\-=\"'&#;:\\[\\]()*_`+ \n]|[a-z]{1,4}|script|title|nav|---|\\+\\+\\+|é|’){0,120}",
            ext in prop::sample::select(vec!["txt", "md", "html", "json", "jsonl"]),
        ) {
            if let Ok(p) = parse(&format!("f.{ext}"), text.as_bytes()) {
                for a in &p.articles {
                    let _ = crate::passages::split(&a.text, 50);
                }
            }
        }
    }
}
