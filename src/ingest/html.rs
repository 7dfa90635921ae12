//! HTML -> article: a tolerant single-pass tokenizer that keeps the main text (the `<article>` or
//! `<main>` when present), drops scripts, styles and page chrome (nav, header, footer, aside,
//! forms), and reads title, date, source and url from `<title>`, `<meta>`, `<link>` and `<time>`.
//!
//! Every scan moves forward only, so the work is linear in the input, and no input panics.

use std::borrow::Cow;

use super::tidy;
use crate::article::Article;

/// Elements whose content is raw text, skipped up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes",
];

/// Elements whose whole content is page chrome, not article text.
const CHROME: &[&str] = &[
    "nav", "header", "footer", "aside", "form", "svg", "template", "noscript", "select", "button",
];

/// Elements that start and end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "hr",
    "tr",
    "table",
    "blockquote",
    "section",
    "article",
    "main",
    "pre",
    "figure",
    "figcaption",
    "address",
    "details",
    "summary",
    "caption",
    "center",
    "hgroup",
    "fieldset",
    "body",
    "html",
    "head",
];

/// Date sources, best first: `<meta property=article:published_time>`, `<meta name=date ...>`,
/// `<meta itemprop=datePublished>`, the first `<time datetime>`.
const DATE_SLOTS: usize = 4;

/// Reads a decoded HTML file.
pub fn parse(rel: &str, text: &str) -> Article {
    let mut doc = Extractor::run(text, true);
    if doc.body().trim().is_empty() {
        // Unclosed chrome (`<nav>` never closed) can swallow a page: retry keeping everything.
        doc = Extractor::run(text, false);
    }
    let title = [&doc.title, &doc.og_title, &doc.h1]
        .into_iter()
        .flatten()
        .find(|t| !t.is_empty())
        .map(|t| strip_site_suffix(t, doc.site_name.as_deref()))
        .unwrap_or_default();
    let body = tidy(doc.body());
    let body = drop_title_paragraph(&body, &title, doc.h1.as_deref());
    Article {
        path: rel.to_owned(),
        title,
        text: body,
        date: doc.dates.iter().flatten().next().cloned(),
        url: doc.canonical.clone().or(doc.og_url.clone()),
        source: doc.site_name.clone(),
        ..Article::default()
    }
}

/// Removes a trailing ` | Site` (or ` - Site`, ` – Site`) naming the `og:site_name`.
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let Some(site) = site.filter(|s| !s.is_empty()) else {
        return title.to_owned();
    };
    for sep in [" | ", " - ", " – ", " — ", " :: "] {
        let head = title.strip_suffix(site).and_then(|t| t.strip_suffix(sep));
        if let Some(head) = head.map(str::trim).filter(|h| !h.is_empty()) {
            return head.to_owned();
        }
    }
    title.to_owned()
}

/// Removes a first paragraph that repeats the title or the first `<h1>`.
fn drop_title_paragraph(body: &str, title: &str, h1: Option<&str>) -> String {
    let (first, rest) = body.split_once("\n\n").unwrap_or((body, ""));
    let first = first.trim();
    let repeats = !first.is_empty() && (first == title || h1 == Some(first));
    if repeats {
        rest.trim().to_owned()
    } else {
        body.to_owned()
    }
}

/// Paragraph-aware text output: whitespace collapsed, blocks separated by blank lines.
#[derive(Default)]
struct TextBuf {
    out: String,
    pending_space: bool,
}

impl TextBuf {
    /// Appends text, collapsing whitespace runs to one space.
    fn push(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() {
                self.pending_space = !self.out.is_empty() && !self.out.ends_with('\n');
            } else {
                if self.pending_space {
                    self.out.push(' ');
                    self.pending_space = false;
                }
                self.out.push(c);
            }
        }
    }

    /// Ends the current paragraph.
    fn block(&mut self) {
        self.pending_space = false;
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push_str("\n\n");
        }
    }
}

/// One pass over a document, collecting text and metadata.
#[derive(Default)]
struct Extractor {
    skip_chrome: bool,
    all: TextBuf,
    main: TextBuf,
    chrome_depth: [u32; CHROME.len()],
    main_depth: u32,
    h1: Option<String>,
    h1_open: Option<TextBuf>,
    title: Option<String>,
    og_title: Option<String>,
    dates: [Option<String>; DATE_SLOTS],
    site_name: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
}

/// A parsed start tag.
struct Tag<'a> {
    name: String,
    attrs: Vec<(String, &'a str)>,
    self_closing: bool,
}

impl Tag<'_> {
    /// An attribute value, entity-decoded and trimmed, if present and non-empty.
    fn attr(&self, name: &str) -> Option<String> {
        let (_, v) = self.attrs.iter().find(|(k, _)| k == name)?;
        let v = decode_entities(v).trim().to_owned();
        (!v.is_empty()).then_some(v)
    }
}

impl Extractor {
    /// Tokenizes `text`; `skip_chrome` drops nav, header, footer and the like.
    fn run(text: &str, skip_chrome: bool) -> Extractor {
        let mut ex = Extractor {
            skip_chrome,
            ..Extractor::default()
        };
        let b = text.as_bytes();
        let mut i = 0;
        let mut text_start = 0;
        while i < b.len() {
            if b[i] != b'<' {
                i += 1;
                continue;
            }
            let next = b.get(i + 1).copied().unwrap_or(0);
            let markup = next == b'!' || next == b'?' || next == b'/' || next.is_ascii_alphabetic();
            if !markup {
                i += 1;
                continue;
            }
            ex.text(&text[text_start..i]);
            if b[i..].starts_with(b"<!--") {
                i = find(b, b"-->", i + 4).map_or(b.len(), |p| p + 3);
            } else if next == b'!' || next == b'?' {
                i = find(b, b">", i).map_or(b.len(), |p| p + 1);
            } else if next == b'/' {
                let (name, _) = tag_name(b, i + 2);
                i = find(b, b">", i).map_or(b.len(), |p| p + 1);
                ex.end_tag(&name);
            } else {
                let (tag, end) = parse_tag(text, i + 1);
                i = end;
                if RAW_TEXT.contains(&tag.name.as_str()) && !tag.self_closing {
                    let close = find_end_tag(b, &tag.name, i);
                    let content = &text[i..close.unwrap_or(b.len())];
                    if tag.name == "title" && ex.title.is_none() {
                        ex.title = Some(collapse(&decode_entities(content)));
                    }
                    i = close.map_or(b.len(), |c| find(b, b">", c).map_or(b.len(), |p| p + 1));
                } else {
                    ex.start_tag(&tag);
                }
            }
            text_start = i;
        }
        ex.text(&text[text_start.min(b.len())..]);
        ex
    }

    /// The main text: the `<article>`/`<main>` content when it has any, else everything.
    fn body(&self) -> &str {
        if self.main.out.trim().is_empty() {
            &self.all.out
        } else {
            &self.main.out
        }
    }

    fn skipping(&self) -> bool {
        self.skip_chrome && self.chrome_depth.iter().any(|d| *d > 0)
    }

    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let decoded = decode_entities(raw);
        if let Some(h1) = &mut self.h1_open {
            h1.push(&decoded);
        }
        if self.skipping() {
            return;
        }
        self.all.push(&decoded);
        if self.main_depth > 0 {
            self.main.push(&decoded);
        }
    }

    fn block(&mut self) {
        self.all.block();
        self.main.block();
    }

    fn start_tag(&mut self, tag: &Tag<'_>) {
        let name = tag.name.as_str();
        if let Some(k) = CHROME.iter().position(|c| *c == name) {
            if !tag.self_closing {
                self.chrome_depth[k] += 1;
            }
            return;
        }
        if BLOCKS.contains(&name) {
            self.block();
        } else if matches!(name, "td" | "th" | "img") {
            self.text(" ");
        }
        match name {
            "article" | "main" if !tag.self_closing => self.main_depth += 1,
            "h1" if self.h1.is_none() && self.h1_open.is_none() => {
                self.h1_open = Some(TextBuf::default());
            }
            "meta" => self.meta(tag),
            "link" => {
                let rel = tag.attr("rel").unwrap_or_default().to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") && self.canonical.is_none() {
                    self.canonical = tag.attr("href");
                }
            }
            "time" if self.dates[3].is_none() => self.dates[3] = tag.attr("datetime"),
            _ => {}
        }
    }

    fn end_tag(&mut self, name: &str) {
        if let Some(k) = CHROME.iter().position(|c| *c == name) {
            self.chrome_depth[k] = self.chrome_depth[k].saturating_sub(1);
            return;
        }
        if BLOCKS.contains(&name) {
            self.block();
        }
        match name {
            "article" | "main" => self.main_depth = self.main_depth.saturating_sub(1),
            "h1" => {
                if let Some(h1) = self.h1_open.take() {
                    self.h1 = Some(h1.out.trim().to_owned());
                }
            }
            _ => {}
        }
    }

    fn meta(&mut self, tag: &Tag<'_>) {
        let Some(content) = tag.attr("content") else {
            return;
        };
        for key_attr in ["property", "name", "itemprop"] {
            let Some(key) = tag.attr(key_attr) else {
                continue;
            };
            let slot = match key.to_ascii_lowercase().as_str() {
                "article:published_time" => &mut self.dates[0],
                "date" | "pubdate" | "publish-date" | "publishdate" | "dc.date"
                | "dc.date.issued" | "dcterms.date" => &mut self.dates[1],
                "datepublished" => &mut self.dates[2],
                "og:title" => &mut self.og_title,
                "og:site_name" => &mut self.site_name,
                "og:url" => &mut self.og_url,
                _ => continue,
            };
            slot.get_or_insert_with(|| collapse(&content));
        }
    }
}

/// Reads a tag name at `i`, lowercased, and the offset after it.
fn tag_name(b: &[u8], mut i: usize) -> (String, usize) {
    let start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
        i += 1;
    }
    (
        String::from_utf8_lossy(&b[start..i]).to_ascii_lowercase(),
        i,
    )
}

/// Parses a start tag whose name begins at `i`; returns it and the offset after its `>`.
fn parse_tag(text: &str, i: usize) -> (Tag<'_>, usize) {
    let b = text.as_bytes();
    let (name, mut j) = tag_name(b, i);
    let mut tag = Tag {
        name,
        attrs: Vec::new(),
        self_closing: false,
    };
    loop {
        while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
            tag.self_closing = b[j] == b'/';
            j += 1;
        }
        if j >= b.len() {
            return (tag, b.len());
        }
        if b[j] == b'>' {
            return (tag, j + 1);
        }
        tag.self_closing = false;
        let start = j;
        while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/') {
            j += 1;
        }
        if j == start {
            // A stray `=`: step over it.
            j += 1;
            continue;
        }
        let key = text[start..j].to_ascii_lowercase();
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let mut value = "";
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                let close = find(b, &[b[j]], j + 1).unwrap_or(b.len());
                value = &text[j + 1..close];
                j = (close + 1).min(b.len());
            } else {
                let s = j;
                while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                    j += 1;
                }
                value = &text[s..j];
            }
        }
        tag.attrs.push((key, value));
    }
}

/// Offset of `needle` in `hay` at or after `from`.
fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from >= hay.len() || needle.is_empty() {
        return None;
    }
    let first = needle[0];
    let mut i = from;
    while let Some(off) = hay[i..].iter().position(|&c| c == first) {
        let p = i + off;
        if hay[p..].starts_with(needle) {
            return Some(p);
        }
        i = p + 1;
    }
    None
}

/// Offset of the `</name` that closes a raw-text element, case-insensitive.
fn find_end_tag(b: &[u8], name: &str, from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(p) = find(b, b"</", i) {
        let after = p + 2 + name.len();
        let matches_name = b
            .get(p + 2..after)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()));
        let ends = b
            .get(after)
            .is_none_or(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/');
        if matches_name && ends {
            return Some(p);
        }
        i = p + 2;
    }
    None
}

/// Collapses whitespace runs to single spaces and trims.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes character references: named ones in common use, decimal and hex numeric ones.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match entity(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character for a reference at the start of `s` (which begins with `&`), and its length.
fn entity(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let hex = matches!(b.get(2), Some(b'x' | b'X'));
        let start = if hex { 3 } else { 2 };
        let digits = b[start..]
            .iter()
            .take(8)
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return None;
        }
        let end = start + digits;
        let n = u32::from_str_radix(&s[start..end], if hex { 16 } else { 10 }).ok()?;
        let len = if b.get(end) == Some(&b';') {
            end + 1
        } else {
            end
        };
        return Some((numeric_char(n), len));
    }
    let name_len = b[1..]
        .iter()
        .take(32)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let name = &s[1..1 + name_len];
    let has_semi = b.get(1 + name_len) == Some(&b';');
    let c = named(name)?;
    if has_semi {
        Some((c, name_len + 2))
    } else if matches!(name, "amp" | "lt" | "gt" | "quot" | "nbsp" | "copy" | "reg") {
        Some((c, name_len + 1))
    } else {
        None
    }
}

/// A numeric reference's character, with the Windows-1252 reading of 0x80-0x9F as browsers do.
fn numeric_char(n: u32) -> char {
    const C1: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match n {
        0 => '\u{FFFD}',
        0x80..=0x9F => C1[(n - 0x80) as usize],
        _ => char::from_u32(n).unwrap_or('\u{FFFD}'),
    }
}

/// Named references in common use in news pages.
fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "ensp" | "emsp" | "thinsp" => ' ',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "shy" => '\u{AD}',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "sbquo" => '‚',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "mdash" => '—',
        "ndash" => '–',
        "minus" => '−',
        "hellip" => '…',
        "bull" => '•',
        "middot" => '·',
        "prime" => '′',
        "Prime" => '″',
        "dagger" => '†',
        "Dagger" => '‡',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "curren" => '¤',
        "sect" => '§',
        "para" => '¶',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "divide" => '÷',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "sup2" => '²',
        "sup3" => '³',
        "micro" => 'µ',
        "iexcl" => '¡',
        "iquest" => '¿',
        "ordf" => 'ª',
        "ordm" => 'º',
        "acute" => '´',
        "uml" => '¨',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "Agrave" => 'À',
        "Aacute" => 'Á',
        "Acirc" => 'Â',
        "Atilde" => 'Ã',
        "Auml" => 'Ä',
        "Aring" => 'Å',
        "AElig" => 'Æ',
        "Ccedil" => 'Ç',
        "Egrave" => 'È',
        "Eacute" => 'É',
        "Ecirc" => 'Ê',
        "Euml" => 'Ë',
        "Igrave" => 'Ì',
        "Iacute" => 'Í',
        "Icirc" => 'Î',
        "Iuml" => 'Ï',
        "Ntilde" => 'Ñ',
        "Ograve" => 'Ò',
        "Oacute" => 'Ó',
        "Ocirc" => 'Ô',
        "Otilde" => 'Õ',
        "Ouml" => 'Ö',
        "Oslash" => 'Ø',
        "Ugrave" => 'Ù',
        "Uacute" => 'Ú',
        "Ucirc" => 'Û',
        "Uuml" => 'Ü',
        "Yacute" => 'Ý',
        "szlig" => 'ß',
        "agrave" => 'à',
        "aacute" => 'á',
        "acirc" => 'â',
        "atilde" => 'ã',
        "auml" => 'ä',
        "aring" => 'å',
        "aelig" => 'æ',
        "ccedil" => 'ç',
        "egrave" => 'è',
        "eacute" => 'é',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "igrave" => 'ì',
        "iacute" => 'í',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ntilde" => 'ñ',
        "ograve" => 'ò',
        "oacute" => 'ó',
        "ocirc" => 'ô',
        "otilde" => 'õ',
        "ouml" => 'ö',
        "oslash" => 'ø',
        "ugrave" => 'ù',
        "uacute" => 'ú',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "yacute" => 'ý',
        "yuml" => 'ÿ',
        "Scaron" => 'Š',
        "scaron" => 'š',
        "Zcaron" => 'Ž',
        "zcaron" => 'ž',
        "OElig" => 'Œ',
        "oelig" => 'œ',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html><head>
<title>Clashes near al-Tanf | Example News</title>
<meta property="og:title" content="Clashes near al-Tanf">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2018-06-20T10:00:00Z">
<link rel="canonical" href="https://example.com/tanf?a=1&amp;b=2">
<style>p { color: red }</style>
<script>var secret = "<p>not text</p>";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<header><h1>Clashes near al-Tanf</h1></header>
<article>
<p>MAT forces&nbsp;said the militia was &ldquo;rogue&rdquo; &mdash; it&rsquo;s   not
the first time &#8211; or &#x2014; the &#146;last&#146;.</p>
<div>Second<br>line &amp; more <b>bold</b>text</div>
<aside>Related: other story</aside>
<noscript>Enable JavaScript</noscript>
<time datetime="2018-06-21">June 21</time>
</article>
<footer>Copyright</footer>
</body></html>"#;

    #[test]
    fn extracts_title_meta_and_main_text() {
        let a = parse("a.html", PAGE);
        assert_eq!(a.title, "Clashes near al-Tanf");
        assert_eq!(a.date.as_deref(), Some("2018-06-20T10:00:00Z"));
        assert_eq!(a.source.as_deref(), Some("Example News"));
        assert_eq!(a.url.as_deref(), Some("https://example.com/tanf?a=1&b=2"));
        assert_eq!(
            a.text,
            "MAT forces said the militia was “rogue” — it’s not the first time – or — the ’last’.\n\n\
             Second\n\nline & more boldtext\n\nJune 21"
        );
        for absent in [
            "secret",
            "not text",
            "color",
            "Home",
            "Related",
            "JavaScript",
            "Copyright",
        ] {
            assert!(
                !a.text.contains(absent),
                "{absent} leaked into {:?}",
                a.text
            );
        }
    }

    #[test]
    fn title_falls_back_to_og_title_then_h1_and_h1_leaves_body() {
        let a = parse(
            "a.htm",
            r#"<meta property="og:title" content="OG"><p>x</p>"#,
        );
        assert_eq!(a.title, "OG");
        let a = parse("a.htm", "<body><h1>Head &amp; line</h1><p>Body.</p>");
        assert_eq!(a.title, "Head & line");
        assert_eq!(a.text, "Body.");
    }

    #[test]
    fn site_suffix_kept_without_matching_site_name() {
        let a = parse(
            "a.html",
            "<title>A - B</title><meta property='og:site_name' content='C'><p>x</p>",
        );
        assert_eq!(a.title, "A - B");
        let a = parse(
            "a.html",
            "<title>A – C</title><meta property='og:site_name' content='C'><p>x</p>",
        );
        assert_eq!(a.title, "A");
    }

    #[test]
    fn other_date_sources_in_priority_order() {
        let a = parse(
            "a.html",
            r#"<time datetime="2001-01-01">x</time><meta name="DATE" content="2002-02-02">"#,
        );
        assert_eq!(a.date.as_deref(), Some("2002-02-02"));
        let a = parse(
            "a.html",
            r#"<meta itemprop="datePublished" content="2003"><time datetime="2001">y</time>"#,
        );
        assert_eq!(a.date.as_deref(), Some("2003"));
        let a = parse(
            "a.html",
            r#"<p><time datetime='2001-01-01'>y</time></p><meta property="og:url" content="u">"#,
        );
        assert_eq!(a.date.as_deref(), Some("2001-01-01"));
        assert_eq!(a.url.as_deref(), Some("u"));
    }

    #[test]
    fn malformed_html_survives() {
        let inputs = [
            "<",
            "<<>>",
            "<p",
            "<p class=\"unclosed>text",
            "</",
            "<!--",
            "<!-- x",
            "<script>",
            "<script>alert(1)</scr",
            "<a href='x>y</a>",
            "&",
            "&#",
            "&#x;",
            "&#99999999999;",
            "&#x110000;",
            "&bogus;",
            "<nav>never closed<p>text",
            "<p>é<b>ü</p></b></div>",
            "<title>t",
            "<meta content>",
            "<<p>a</p>",
            "<\u{e9}>",
            "a < b > c",
            "<p =x>y",
        ];
        for html in inputs {
            let _ = parse("a.html", html);
        }
        let a = parse("a.html", "<nav>never closed<p>kept text");
        assert_eq!(a.text, "never closed\n\nkept text");
        assert_eq!(
            parse("a.html", "a < b > c &bogus; &amp &#0;").text,
            "a < b > c &bogus; & \u{FFFD}"
        );
    }

    #[test]
    fn main_element_is_preferred_and_tables_are_spaced() {
        let a = parse(
            "a.html",
            "<div>menu</div><main><table><tr><td>a</td><td>b</td></tr></table></main>",
        );
        assert_eq!(a.text, "a b");
    }

    #[test]
    fn raw_text_end_tag_is_case_insensitive() {
        let a = parse("a.html", "<SCRIPT>x()</Script ><P>After</P>");
        assert_eq!(a.text, "After");
    }

    #[test]
    fn long_hostile_inputs_are_fast() {
        let start = std::time::Instant::now();
        let _ = parse("a.html", &"<a ".repeat(200_000));
        let _ = parse("a.html", &"<script>".repeat(100_000));
        let _ = parse("a.html", &"&#".repeat(200_000));
        let _ = parse("a.html", &"</".repeat(200_000));
        assert!(start.elapsed().as_secs() < 10);
    }
}
