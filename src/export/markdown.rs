//! Markdown export: a report with one section per hit (title, place in the corpus, snippet,
//! full passage as a quote, actors, places and topics).

use std::io::Write;

use super::Row;
use crate::error::{Error, Result};
use crate::search::Hit;

/// Writes hits as a Markdown report; returns the number of hits.
pub fn write(
    query: &str,
    total: usize,
    hits: impl Iterator<Item = Result<Hit>>,
    out: &mut dyn Write,
) -> Result<usize> {
    let w = |out: &mut dyn Write, s: &str| out.write_all(s.as_bytes()).map_err(Error::Write);
    w(
        out,
        &format!(
            "# dossier: `{}`\n\n{total} matching passages.\n",
            query.replace('`', "'")
        ),
    )?;
    let mut n = 0;
    for hit in hits {
        let hit = hit?;
        let row = Row::of(&hit);
        let title = if row.title.is_empty() {
            row.path.as_str()
        } else {
            row.title
        };
        let mut s = format!("\n## {}. {}\n\n", row.rank, escape(title));
        s.push_str(&format!(
            "`{}` · passage {} · {} · score {:.3}\n\n",
            row.path,
            row.passage,
            row.date.unwrap_or("undated"),
            row.score
        ));
        for line in row.text.lines() {
            s.push_str("> ");
            s.push_str(&escape(line));
            s.push('\n');
        }
        s.push('\n');
        let list = |name: &str, items: &[String]| {
            if items.is_empty() {
                String::new()
            } else {
                format!("- **{name}:** {}\n", escape(&items.join("; ")))
            }
        };
        s.push_str(&list("Actors", row.actors));
        s.push_str(&list("Places", row.places));
        s.push_str(&list("Topics", row.topics));
        w(out, &s)?;
        n += 1;
    }
    Ok(n)
}

/// Escapes characters that would start Markdown markup in running text.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '\\'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
