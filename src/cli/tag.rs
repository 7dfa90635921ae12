//! `dossier tag`: prints what enrichment finds in a text as JSON Lines, one line per document.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use super::Outcome;
use crate::article::{Mention, TopicScore};
use crate::enrich::Enricher;
use crate::error::Error;
use crate::ingest;

/// Arguments of `dossier tag`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The input file, or `-` for standard input.
    #[arg(default_value = "-")]
    input: String,
    /// Each input line is a JSON object `{"id": ..., "text": ...}`.
    #[arg(long)]
    jsonl: bool,
    /// Extra entity file(s) (TOML).
    #[arg(long = "entities", value_name = "FILE")]
    entities: Vec<PathBuf>,
}

#[derive(Deserialize)]
struct InLine {
    #[serde(default)]
    id: serde_json::Value,
    text: String,
}

#[derive(Serialize)]
struct OutLine<'a> {
    id: &'a serde_json::Value,
    /// For an article read from an HTML, Markdown or JSON file: its title and the text that
    /// was tagged (the offsets are into it).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    article: Option<ArticleText<'a>>,
    entities: &'a [Mention],
    topics: &'a [TopicScore],
}

#[derive(Serialize)]
struct ArticleText<'a> {
    title: &'a str,
    text: &'a str,
}

/// Runs `dossier tag`.
pub fn run(a: Args) -> anyhow::Result<Outcome> {
    let (enricher, _) = super::enricher(None, &a.entities)?;
    if a.input != "-" && !a.jsonl && ingest::is_structured(Path::new(&a.input)) {
        return tag_articles(&a.input, &enricher);
    }
    let input: Box<dyn Read> = if a.input == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(&a.input).map_err(|e| Error::io(&a.input, e))?)
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut emit = |id: &serde_json::Value, text: &str| -> anyhow::Result<()> {
        let tagged = enricher.tag(text);
        let line = OutLine {
            id,
            article: None,
            entities: &tagged.mentions,
            topics: &tagged.topics,
        };
        write_line(&mut out, &line)?;
        Ok(())
    };
    if a.jsonl {
        for (n, line) in BufReader::new(input).lines().enumerate() {
            let line = line.with_context(|| format!("{}: line {}", a.input, n + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            let doc: InLine = serde_json::from_str(&line).with_context(|| {
                format!(
                    "{}: line {}: expected {{\"id\": ..., \"text\": ...}}",
                    a.input,
                    n + 1
                )
            })?;
            emit(&doc.id, &doc.text)?;
        }
    } else {
        let mut bytes = Vec::new();
        BufReader::new(input)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(&a.input, e))?;
        let text = String::from_utf8_lossy(&bytes);
        emit(&serde_json::Value::String(a.input.clone()), &text)?;
    }
    out.flush().map_err(Error::Write)?;
    Ok(Outcome::Success)
}

/// Tags the articles of an HTML, Markdown or JSON file as `dossier index` reads them (the
/// markup is not text to tag): a line per article, with its id, title and the body text the
/// offsets are into. What cost part of the file is said on stderr, a line each.
fn tag_articles(input: &str, enricher: &Enricher) -> anyhow::Result<Outcome> {
    let path = Path::new(input);
    let (bytes, truncated) = ingest::read_bytes(path).map_err(|e| Error::io(path, e))?;
    let parsed = ingest::parse(input, &bytes).map_err(|r| anyhow::anyhow!("{input}: {r}"))?;
    if truncated {
        eprintln!(
            "{input}: only the first {} MiB read",
            ingest::MAX_FILE_BYTES >> 20
        );
    }
    for w in &parsed.warnings {
        eprintln!("{input}: {w}");
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for article in &parsed.articles {
        let tagged = enricher.tag(&article.text);
        let line = OutLine {
            id: &serde_json::Value::String(article.id()),
            article: Some(ArticleText {
                title: &article.title,
                text: &article.text,
            }),
            entities: &tagged.mentions,
            topics: &tagged.topics,
        };
        write_line(&mut out, &line)?;
    }
    out.flush().map_err(Error::Write)?;
    Ok(Outcome::Success)
}

/// Writes one output line.
fn write_line(out: &mut impl Write, line: &OutLine) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, line)?;
    out.write_all(b"\n").map_err(Error::Write)?;
    Ok(())
}
