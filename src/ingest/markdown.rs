//! Markdown -> article: YAML (`---`) or TOML (`+++`) front matter for title, date, source and
//! url; a leading `# Heading` as the title otherwise; light markup stripped from the body.

use super::{Parsed, tidy};
use crate::article::Article;

/// Metadata found in front matter.
#[derive(Debug, Default)]
struct Front {
    title: Option<String>,
    date: Option<String>,
    source: Option<String>,
    url: Option<String>,
}

impl Front {
    /// Stores one key if it is one dossier uses; empty values count as absent.
    fn set(&mut self, key: &str, value: String) {
        if value.trim().is_empty() {
            return;
        }
        let slot = match key.trim().to_ascii_lowercase().as_str() {
            "title" => &mut self.title,
            "date" => &mut self.date,
            "source" => &mut self.source,
            "url" => &mut self.url,
            _ => return,
        };
        slot.get_or_insert(value.trim().to_owned());
    }
}

/// Reads a decoded Markdown file.
pub fn parse(rel: &str, text: &str) -> Parsed {
    let mut warnings = Vec::new();
    let (front, body) = split_front_matter(text, &mut warnings);
    let mut body = body;
    let mut title = front.title.unwrap_or_default();
    if let Some((heading, rest)) = leading_heading(body).filter(|_| title.is_empty()) {
        title = strip_inline(heading);
        body = rest;
    }
    let article = Article {
        path: rel.to_owned(),
        title,
        text: strip_blocks(body),
        date: front.date,
        url: front.url,
        source: front.source,
        ..Article::default()
    };
    Parsed {
        articles: vec![article],
        warnings,
        ..Parsed::default()
    }
}

/// Splits off front matter delimited by `---` (YAML) or `+++` (TOML) lines.
fn split_front_matter<'a>(text: &'a str, warnings: &mut Vec<String>) -> (Front, &'a str) {
    let mut front = Front::default();
    let Some((first, rest)) = text.split_once('\n') else {
        return (front, text);
    };
    let delim = first.trim_end();
    if delim != "---" && delim != "+++" {
        return (front, text);
    }
    let mut offset = 0;
    let mut end = None;
    for line in rest.split_inclusive('\n') {
        let l = line.trim_end();
        if l == delim || (delim == "---" && l == "...") {
            end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((block_end, body_start)) = end else {
        return (front, text);
    };
    let block = &rest[..block_end];
    if delim == "---" {
        parse_yaml(block, &mut front);
    } else {
        parse_toml(block, &mut front, warnings);
    }
    (front, &rest[body_start..])
}

/// Reads top-level `key: value` lines, with plain, single- or double-quoted values.
fn parse_yaml(block: &str, front: &mut Front) {
    for line in block.lines() {
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        front.set(key, unquote_yaml(value.trim()));
    }
}

/// Removes YAML quotes (`''` escapes a quote in single-quoted strings) or a trailing comment.
fn unquote_yaml(v: &str) -> String {
    if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        let inner = &v[1..v.len() - 1];
        return inner.replace("\\\"", "\"").replace("\\\\", "\\");
    }
    if v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') {
        return v[1..v.len() - 1].replace("''", "'");
    }
    match v.find(" #") {
        Some(i) => v[..i].trim_end().to_owned(),
        None => v.to_owned(),
    }
}

/// Reads TOML front matter; non-string values (dates, numbers) are kept in TOML form.
fn parse_toml(block: &str, front: &mut Front, warnings: &mut Vec<String>) {
    match block.parse::<toml::Table>() {
        Ok(table) => {
            for (key, value) in table {
                let value = match value {
                    toml::Value::String(s) => s,
                    toml::Value::Table(_) | toml::Value::Array(_) => continue,
                    other => other.to_string(),
                };
                front.set(&key, value);
            }
        }
        Err(e) => warnings.push(format!("front matter: {}", e.message())),
    }
}

/// A first non-blank line `# Heading` (or a setext `Heading\n===`), and the text after it.
fn leading_heading(body: &str) -> Option<(&str, &str)> {
    let body = body.trim_start_matches(['\n', ' ', '\t']);
    let (first, rest) = body.split_once('\n').unwrap_or((body, ""));
    if let Some(h) = first.strip_prefix("# ") {
        return Some((h.trim().trim_end_matches('#').trim(), rest));
    }
    let (second, after) = rest.split_once('\n').unwrap_or((rest, ""));
    let underline = second.trim();
    if !first.trim().is_empty() && underline.len() >= 3 && underline.bytes().all(|b| b == b'=') {
        return Some((first.trim(), after));
    }
    None
}

/// Strips block markup line by line; fenced code is kept as plain text.
fn strip_blocks(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut fence: Option<&str> = None;
    for line in body.lines() {
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
                out.push('\n');
            } else {
                out.push_str(line);
                out.push('\n');
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            out.push('\n');
            continue;
        }
        if is_rule(trimmed) || is_reference_definition(trimmed) || is_setext_underline(trimmed) {
            out.push('\n');
            continue;
        }
        let mut content = trimmed;
        while let Some(rest) = content.strip_prefix('>') {
            content = rest.trim_start();
        }
        if content.starts_with('#') {
            let heading = content.trim_start_matches('#');
            if heading.is_empty() || heading.starts_with(' ') {
                // Headings stand as their own paragraph.
                out.push('\n');
                out.push_str(&strip_inline(
                    heading.trim().trim_end_matches('#').trim_end(),
                ));
                out.push_str("\n\n");
                continue;
            }
        }
        for bullet in ["- ", "* ", "+ "] {
            if let Some(rest) = content.strip_prefix(bullet) {
                content = rest;
                break;
            }
        }
        out.push_str(&strip_inline(content));
        out.push('\n');
    }
    tidy(&out)
}

/// Whether a line is a thematic break (`---`, `***`, `___`).
fn is_rule(line: &str) -> bool {
    let compact: Vec<u8> = line.bytes().filter(|b| *b != b' ').collect();
    compact.len() >= 3
        && matches!(compact[0], b'-' | b'*' | b'_')
        && compact.iter().all(|b| *b == compact[0])
}

/// Whether a line is a setext heading underline (`===`).
fn is_setext_underline(line: &str) -> bool {
    line.len() >= 3 && line.trim_end().bytes().all(|b| b == b'=')
}

/// Whether a line is a link reference definition, `[ref]: url`.
fn is_reference_definition(line: &str) -> bool {
    line.starts_with('[') && line.find("]:").is_some_and(|i| !line[1..i].contains(']'))
}

/// Strips inline markup: images dropped, links to their text, emphasis and code markers removed.
fn strip_inline(line: &str) -> String {
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut finder = LinkFinder::default();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'!' if bytes.get(i + 1) == Some(&b'[') => {
                if let Some((_, end)) = finder.link_at(line, i + 1) {
                    i = end;
                    continue;
                }
            }
            b'[' => {
                if let Some((text, end)) = finder.link_at(line, i) {
                    out.push_str(&strip_inline(text));
                    i = end;
                    continue;
                }
            }
            b'`' => {
                i += 1;
                continue;
            }
            b'*' | b'_' => {
                let run_end = i + bytes[i..].iter().take_while(|&&c| c == b).count();
                let before = line[..i].chars().next_back();
                let after = line[run_end..].chars().next();
                let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
                let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
                // `snake_case` and `5 * 3` keep their characters; emphasis markers go.
                let intraword_underscore = b == b'_' && word(before) && word(after);
                let free_standing = space(before) && space(after);
                if intraword_underscore || free_standing {
                    out.push_str(&line[i..run_end]);
                }
                i = run_end;
                continue;
            }
            _ => {}
        }
        let ch_len = line[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&line[i..i + ch_len]);
        i += ch_len;
    }
    out
}

/// Finds links left to right in one line in linear time: each search for a closing byte
/// resumes from the last one found, as the starting points only move forward.
#[derive(Default)]
struct LinkFinder {
    text_end: NextByte,
    url_end: NextByte,
    ref_end: NextByte,
}

impl LinkFinder {
    /// A link `[text](url)` or `[text][ref]` starting at `open` (a `[`): its text and end.
    fn link_at<'a>(&mut self, line: &'a str, open: usize) -> Option<(&'a str, usize)> {
        let bytes = line.as_bytes();
        let close = self.text_end.find(bytes, b']', open + 1)?;
        let text = &line[open + 1..close];
        let end = match bytes.get(close + 1) {
            Some(b'(') => self.url_end.find(bytes, b')', close + 2)?,
            Some(b'[') => self.ref_end.find(bytes, b']', close + 2)?,
            _ => return None,
        };
        Some((text, end + 1))
    }
}

/// A cached forward search for one byte value.
#[derive(Default)]
struct NextByte {
    /// The last position found.
    found: Option<usize>,
    /// Where the search that found `found` started.
    searched_from: Option<usize>,
    /// No match exists at or after this position.
    none_from: Option<usize>,
}

impl NextByte {
    /// The first `byte` at or after `from`.
    fn find(&mut self, bytes: &[u8], byte: u8, from: usize) -> Option<usize> {
        if self.none_from.is_some_and(|n| from >= n) {
            return None;
        }
        if let Some(p) = self.found.filter(|&p| p >= from) {
            // Nothing lies between `from` and `p`: an earlier search from before `from` found `p`.
            if self.searched_from.is_some_and(|s| s <= from) {
                return Some(p);
            }
        }
        let start = from.min(bytes.len());
        match bytes[start..].iter().position(|&c| c == byte) {
            Some(off) => {
                self.found = Some(start + off);
                self.searched_from = Some(from);
                self.found
            }
            None => {
                self.none_from = Some(from);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Article {
        let p = parse("a.md", text);
        assert_eq!(p.articles.len(), 1);
        p.articles.into_iter().next().unwrap()
    }

    #[test]
    fn yaml_front_matter() {
        let a = one(
            "---\ntitle: \"Strike near al-Tanf\"\ndate: 2018-06-20\nsource: 'SOFREP'\n\
             url: https://example.com/a # canonical\ntags:\n  - syria\n---\n\n# Not the title\n\nBody **bold** text.\n",
        );
        assert_eq!(a.title, "Strike near al-Tanf");
        assert_eq!(a.date.as_deref(), Some("2018-06-20"));
        assert_eq!(a.source.as_deref(), Some("SOFREP"));
        assert_eq!(a.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(a.text, "Not the title\n\nBody bold text.");
    }

    #[test]
    fn toml_front_matter() {
        let a =
            one("+++\ntitle = \"Raid in Deir ez-Zor\"\ndate = 2019-03-01\nurl = \"u\"\n+++\nText.");
        assert_eq!(a.title, "Raid in Deir ez-Zor");
        assert_eq!(a.date.as_deref(), Some("2019-03-01"));
        assert_eq!(a.url.as_deref(), Some("u"));
        assert_eq!(a.text, "Text.");
    }

    #[test]
    fn broken_toml_front_matter_warns_and_keeps_body() {
        let p = parse("a.md", "+++\ntitle = \n+++\n# Heading\nText.");
        assert_eq!(p.warnings.len(), 1);
        assert!(p.warnings[0].starts_with("front matter:"));
        assert_eq!(p.articles[0].title, "Heading");
        assert_eq!(p.articles[0].text, "Text.");
    }

    #[test]
    fn heading_title_and_inline_markup() {
        let a = one(
            "# The *Tanf* garrison\n\nSee [the map](http://x/y_1) and ![img](p.png) `code` \
             snake_case 5 * 3 __strong__.\n\n> quoted line\n- item one\n\n```\nfn x() {}\n```\n\n---\n[ref]: http://z\n",
        );
        assert_eq!(a.title, "The Tanf garrison");
        assert_eq!(
            a.text,
            "See the map and  code snake_case 5 * 3 strong.\n\nquoted line\nitem one\n\nfn x() {}"
        );
    }

    #[test]
    fn unclosed_front_matter_is_body() {
        let a = one("---\ntitle: x\nno end");
        assert_eq!(a.title, "");
        assert!(a.text.contains("title: x"));
    }

    #[test]
    fn hostile_brackets_do_not_panic() {
        let s = format!("{}{}", "[".repeat(5000), "](".repeat(3000));
        let a = one(&s);
        assert!(!a.text.is_empty());
        let _ = one("[é](ü) ![ä] * _ ** `");
    }
}
