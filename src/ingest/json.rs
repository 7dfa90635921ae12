//! JSON and JSON Lines -> articles: objects with `title`, `text`|`body`|`content`, `date`,
//! `url` and `source`; a JSON file may hold one object or an array of them, a JSON Lines file
//! holds one per line, and a broken line loses only itself.

use serde_json::{Map, Value};

use super::{Parsed, SkipReason, decode::normalize_newlines, tidy};
use crate::article::Article;

/// The message for an object without body text.
const NO_TEXT: &str = "no text, body or content field";

/// Reads a decoded `.json` file: one object (record 0) or an array of objects (records 1..n).
pub fn parse(rel: &str, text: &str) -> Result<Parsed, SkipReason> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| SkipReason::Invalid(e.to_string()))?;
    match value {
        Value::Object(obj) => {
            let article = article(rel, 0, &obj).map_err(SkipReason::Invalid)?;
            Ok(Parsed {
                articles: vec![article],
                ..Parsed::default()
            })
        }
        Value::Array(items) => {
            let mut parsed = Parsed::default();
            for (i, item) in items.iter().enumerate() {
                let record = u32::try_from(i + 1).unwrap_or(u32::MAX);
                match item.as_object().ok_or("not a JSON object".to_owned()) {
                    Ok(obj) => match article(rel, record, obj) {
                        Ok(a) => parsed.articles.push(a),
                        Err(e) => parsed.warnings.push(format!("record {record}: {e}")),
                    },
                    Err(e) => parsed.warnings.push(format!("record {record}: {e}")),
                }
            }
            finish(parsed, "records")
        }
        _ => Err(SkipReason::Invalid(
            "expected a JSON object or an array of objects".into(),
        )),
    }
}

/// Reads a decoded `.jsonl`/`.ndjson` file; `record` is the 1-based line number.
pub fn parse_lines(rel: &str, text: &str) -> Result<Parsed, SkipReason> {
    let mut parsed = Parsed::default();
    for (i, line) in text.split('\n').enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let result = serde_json::from_str::<Value>(line)
            .map_err(|e| e.to_string())
            .and_then(|v| match v {
                Value::Object(obj) => article(rel, n, &obj),
                _ => Err("not a JSON object".to_owned()),
            });
        match result {
            Ok(a) => parsed.articles.push(a),
            Err(e) => parsed.warnings.push(format!("line {n}: {e}")),
        }
    }
    finish(parsed, "lines")
}

/// Fails when nothing was usable, naming the first problem.
fn finish(parsed: Parsed, what: &str) -> Result<Parsed, SkipReason> {
    if !parsed.articles.is_empty() {
        return Ok(parsed);
    }
    match parsed.warnings.first() {
        Some(first) => Err(SkipReason::Invalid(format!(
            "no usable {what} ({} broken; first: {first})",
            parsed.warnings.len()
        ))),
        None => Err(SkipReason::Empty),
    }
}

/// Builds an article from one object, or says why it cannot.
fn article(rel: &str, record: u32, obj: &Map<String, Value>) -> Result<Article, String> {
    let text = ["text", "body", "content"]
        .iter()
        .filter_map(|k| obj.get(*k).and_then(body_text))
        .find(|t| !t.trim().is_empty())
        .ok_or_else(|| NO_TEXT.to_owned())?;
    Ok(Article {
        path: rel.to_owned(),
        record,
        title: obj
            .get("title")
            .and_then(scalar)
            .map(|t| t.trim().to_owned())
            .unwrap_or_default(),
        text: tidy(&normalize_newlines(text)),
        date: obj.get("date").and_then(scalar),
        url: obj.get("url").and_then(scalar),
        source: obj.get("source").and_then(source),
    })
}

/// Body text: a string, or an array of strings taken as paragraphs.
fn body_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(parts) => {
            let parts: Vec<&str> = parts.iter().filter_map(Value::as_str).collect();
            (!parts.is_empty()).then(|| parts.join("\n\n"))
        }
        _ => None,
    }
}

/// A string, number or boolean as text; absent for null, empty strings and containers.
fn scalar(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// A source name: a string, or an object with a `name` (as news APIs write it).
fn source(v: &Value) -> Option<String> {
    match v {
        Value::Object(o) => o.get("name").and_then(scalar),
        other => scalar(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_object_with_text_body_or_content() {
        for key in ["text", "body", "content"] {
            let json = format!(
                r#"{{"title":" T ","{key}":"Line one.\r\n\r\nTwo.","date":20180620,"url":"u","source":{{"name":"AP"}}}}"#
            );
            let p = parse("a.json", &json).unwrap();
            let a = &p.articles[0];
            assert_eq!(a.title, "T");
            assert_eq!(a.text, "Line one.\n\nTwo.");
            assert_eq!(a.date.as_deref(), Some("20180620"));
            assert_eq!(a.url.as_deref(), Some("u"));
            assert_eq!(a.source.as_deref(), Some("AP"));
            assert_eq!(a.record, 0);
        }
    }

    #[test]
    fn missing_text_is_invalid() {
        let err = parse("a.json", r#"{"title":"x","date":null}"#).unwrap_err();
        assert_eq!(err, SkipReason::Invalid(NO_TEXT.into()));
        assert!(matches!(
            parse("a.json", "{broken"),
            Err(SkipReason::Invalid(_))
        ));
        assert!(matches!(parse("a.json", "42"), Err(SkipReason::Invalid(_))));
    }

    #[test]
    fn array_of_objects_numbered_from_one() {
        let p = parse(
            "a.json",
            r#"[{"text":"a"}, 5, {"title":"t"}, {"body":"b"}]"#,
        )
        .unwrap();
        let recs: Vec<(u32, &str)> = p
            .articles
            .iter()
            .map(|a| (a.record, a.text.as_str()))
            .collect();
        assert_eq!(recs, vec![(1, "a"), (4, "b")]);
        assert_eq!(
            p.warnings,
            vec![
                "record 2: not a JSON object",
                "record 3: no text, body or content field"
            ]
        );
        assert!(matches!(parse("a.json", "[]"), Err(SkipReason::Empty)));
    }

    #[test]
    fn jsonl_broken_line_is_skipped_with_its_number() {
        let text =
            "{\"title\":\"one\",\"text\":\"first\"}\n\n{\"text\": broken}\n{\"text\":\"third\"}\n";
        let p = parse_lines("a.jsonl", text).unwrap();
        let recs: Vec<(u32, &str)> = p
            .articles
            .iter()
            .map(|a| (a.record, a.text.as_str()))
            .collect();
        assert_eq!(recs, vec![(1, "first"), (4, "third")]);
        assert_eq!(p.articles[1].id(), "a.jsonl#4");
        assert_eq!(p.warnings.len(), 1);
        assert!(
            p.warnings[0].starts_with("line 3: expected value"),
            "{:?}",
            p.warnings
        );
    }

    #[test]
    fn jsonl_all_broken_is_invalid() {
        let err = parse_lines("a.jsonl", "{\n[1]\n").unwrap_err();
        assert!(
            matches!(&err, SkipReason::Invalid(m) if m.contains("line 1:")),
            "{err:?}"
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(matches!(
            parse("a.json", &deep),
            Err(SkipReason::Invalid(_))
        ));
    }
}
