//! Query text -> tantivy query: dossier's query language is tantivy's, with friendlier dates
//! (`date:2019`, `date:[2017-01-01 TO 2018-12-31]`), conjunction by default, entity fields
//! that match any alias, and the `--actor/--place/--topic/--from/--to` flags added as filters.
//!
//! `actor:` and `place:` values are names: the entity name table ([`crate::index::names`])
//! turns each into the ids of the entities with a name holding those words, and the query
//! looks for any of those ids in the passages' id fields.

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::query_grammar::{Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DateTime, Term};

use crate::error::{Error, Result};
use crate::index::names::{self, Names};
use crate::index::{Opened, date_to_timestamp};

/// Longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 10_000;
/// Deepest parenthesis nesting accepted.
pub const MAX_NESTING: usize = 32;

/// Filters given as flags rather than in the query text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// Every listed actor must be mentioned (`--actor`).
    pub actors: Vec<String>,
    /// Every listed place must be mentioned (`--place`).
    pub places: Vec<String>,
    /// Every listed topic must apply (`--topic`).
    pub topics: Vec<String>,
    /// Earliest publication date, `YYYY[-MM[-DD]]` (`--from`).
    pub from: Option<String>,
    /// Latest publication date, inclusive (`--to`).
    pub to: Option<String>,
    /// Only passages that mention a place within this distance of a point (`--near`).
    pub near: Option<Near>,
}

/// A distance filter: a point and a radius.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Near {
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Radius in kilometres.
    pub km: f64,
}

impl Near {
    /// Whether a packed `geo` value lies within the radius.
    pub fn contains(&self, packed: u64) -> bool {
        let p = crate::index::schema::unpack_geo(packed);
        crate::index::schema::distance_km((self.lat, self.lon), p) <= self.km
    }
}

/// Parses a distance such as `55km`, `55 km`, `500m`, `30mi` or `12` (kilometres).
pub fn parse_distance(s: &str) -> Option<f64> {
    let s = s.trim().to_ascii_lowercase();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num.parse().ok()?;
    let km = match unit.trim() {
        "" | "km" | "kms" | "kilometers" | "kilometres" => n,
        "m" | "meters" | "metres" => n / 1000.0,
        "mi" | "mile" | "miles" => n * 1.609_344,
        "nm" | "nmi" => n * 1.852,
        _ => return None,
    };
    (km.is_finite() && km >= 0.0).then_some(km)
}

/// Parses `LAT,LON` in degrees.
pub fn parse_lat_lon(s: &str) -> Option<(f64, f64)> {
    let (a, b) = s.split_once(',')?;
    let (lat, lon): (f64, f64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
}

impl Filters {
    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
            && self.places.is_empty()
            && self.topics.is_empty()
            && self.from.is_none()
            && self.to.is_none()
            && self.near.is_none()
    }
}

/// A query built from text and filters.
pub struct Built {
    /// The query.
    pub query: Box<dyn Query>,
    /// The words of its `actor:` and `place:` values, for snippets of passages that match on
    /// entities alone.
    pub entity_words: Vec<String>,
}

/// Builds the query for `text` plus `filters` on an opened index (whose entity name table
/// resolves `actor:` and `place:` values).
pub fn build(opened: &Opened, text: &str, filters: &Filters) -> Result<Built> {
    check_shape(text)?;
    reject_any_value(text)?;
    let f = &opened.fields;
    let mut parser = QueryParser::for_index(&opened.index, vec![f.text, f.title]);
    parser.set_conjunction_by_default();
    parser.set_field_boost(f.title, 1.5);
    let mut entities = Entities {
        opened,
        names: None,
        words: Vec::new(),
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if !text.trim().is_empty() {
        let rewritten = rewrite_dates(text)?;
        let ast = tantivy::query_grammar::parse_query(&rewritten)
            .map_err(|_| Error::Query(explain("Syntax Error")))?;
        let q = if has_entity_leaf(&ast) {
            let ast = entities.rewrite(ast)?;
            parser.build_query_from_user_input_ast(ast)
        } else {
            // As tantivy parses it (the same query, simplified).
            parser.parse_query(&rewritten)
        };
        clauses.push((
            Occur::Must,
            q.map_err(|e| Error::Query(explain(&e.to_string())))?,
        ));
    }
    for (field, values) in [("actor", &filters.actors), ("place", &filters.places)] {
        for v in values {
            let ast = entities.resolve(field, v, false, 0)?;
            let q = parser
                .build_query_from_user_input_ast(ast)
                .map_err(|e| Error::Query(format!("--{field} {v}: {}", explain(&e.to_string()))))?;
            clauses.push((Occur::Must, q));
        }
    }
    for v in &filters.topics {
        let quoted = format!("topic:\"{}\"", v.replace(['"', '\\'], " "));
        let q = parser
            .parse_query(&quoted)
            .map_err(|e| Error::Query(format!("--topic {v}: {}", explain(&e.to_string()))))?;
        clauses.push((Occur::Must, q));
    }
    let entity_words = entities.words;
    let built = |query| Built {
        query,
        entity_words,
    };
    if filters.from.is_some() || filters.to.is_some() {
        clauses.push((Occur::Must, date_range(f.date, filters)?));
    }
    if let Some(near) = filters.near {
        match near_cells(f.geo_cell, &near, clauses.is_empty()) {
            Some(q) => clauses.push((Occur::Must, q)),
            // No small covering (a radius of thousands of km): every passage is checked.
            None if clauses.is_empty() => return Ok(built(Box::new(AllQuery))),
            None => {}
        }
    }
    match clauses.len() {
        0 => Err(Error::Query(
            "empty query: give search terms or a filter such as actor:MAT".into(),
        )),
        1 => Ok(built(clauses.pop().expect("one clause").1)),
        _ => Ok(built(Box::new(BooleanQuery::new(clauses)))),
    }
}

/// The id field an entity field's values are resolved to.
fn id_field(field: &str) -> Option<&'static str> {
    match field {
        "actor" => Some("actor_id"),
        "place" => Some("place_id"),
        _ => None,
    }
}

/// An id no entity has: what a name no entity has is resolved to, so the clause matches
/// nothing (a clause without terms would be dropped from its query instead).
const NO_ID: &str = " ";

/// Whether a query has an `actor:` or `place:` clause.
fn has_entity_leaf(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Clause(clauses) => clauses.iter().any(|(_, a)| has_entity_leaf(a)),
        UserInputAst::Boost(a, _) => has_entity_leaf(a),
        UserInputAst::Leaf(leaf) => match &**leaf {
            UserInputLeaf::Literal(l) => l
                .field_name
                .as_deref()
                .is_some_and(|f| id_field(f).is_some()),
            UserInputLeaf::Set { field, .. }
            | UserInputLeaf::Range { field, .. }
            | UserInputLeaf::Regex { field, .. } => {
                field.as_deref().is_some_and(|f| id_field(f).is_some())
            }
            UserInputLeaf::Exists { field } => id_field(field).is_some(),
            UserInputLeaf::All => false,
        },
    }
}

/// Resolves `actor:` and `place:` values through the name table, read on first need.
struct Entities<'a> {
    opened: &'a Opened,
    names: Option<std::sync::Arc<Names>>,
    words: Vec<String>,
}

impl Entities<'_> {
    /// The query with each `actor:`/`place:` value replaced by its ids.
    fn rewrite(&mut self, ast: UserInputAst) -> Result<UserInputAst> {
        Ok(match ast {
            UserInputAst::Clause(clauses) => UserInputAst::Clause(
                clauses
                    .into_iter()
                    .map(|(occur, a)| Ok((occur, self.rewrite(a)?)))
                    .collect::<Result<_>>()?,
            ),
            UserInputAst::Boost(a, boost) => {
                UserInputAst::Boost(Box::new(self.rewrite(*a)?), boost)
            }
            UserInputAst::Leaf(leaf) => match *leaf {
                UserInputLeaf::Literal(l)
                    if l.field_name
                        .as_deref()
                        .is_some_and(|f| id_field(f).is_some()) =>
                {
                    let field = l.field_name.as_deref().expect("checked");
                    self.resolve(field, &l.phrase, l.prefix, l.slop)?
                }
                UserInputLeaf::Set {
                    field: Some(field),
                    elements,
                } if id_field(&field).is_some() => {
                    let mut any = Vec::new();
                    for e in &elements {
                        any.push((Some(Occur::Should), self.resolve(&field, e, false, 0)?));
                    }
                    UserInputAst::Clause(any)
                }
                UserInputLeaf::Range {
                    field: Some(field), ..
                }
                | UserInputLeaf::Regex {
                    field: Some(field), ..
                } if id_field(&field).is_some() => {
                    let example = if field == "actor" {
                        "MAT"
                    } else {
                        "\"al-Tanf\""
                    };
                    return Err(Error::Query(format!(
                        "{field}: takes a name, e.g. {field}:{example}"
                    )));
                }
                UserInputLeaf::Exists { field } if id_field(&field).is_some() => {
                    return Err(Error::Query(format!(
                        "{field}:* (any value) is not supported; give a value, e.g. actor:MAT"
                    )));
                }
                other => UserInputAst::Leaf(Box::new(other)),
            },
        })
    }

    /// The clause that stands for `field:value`: any of the ids the value resolves to.
    fn resolve(
        &mut self,
        field: &str,
        value: &str,
        prefix: bool,
        slop: u32,
    ) -> Result<UserInputAst> {
        let id_field = id_field(field).expect("an entity field");
        if self.names.is_none() {
            self.names = Some(self.opened.names()?);
        }
        let names = self.names.as_deref().expect("just read");
        let words = names::words(value);
        let mut ids = names.resolve(value, &words, prefix, slop);
        self.words.extend(words);
        if ids.is_empty() {
            ids.push(NO_ID);
        }
        let leaf = |id: &str| {
            UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(UserInputLiteral {
                field_name: Some(id_field.to_owned()),
                phrase: id.to_owned(),
                delimiter: Delimiter::DoubleQuotes,
                slop: 0,
                prefix: false,
            })))
        };
        Ok(match ids.as_slice() {
            [id] => leaf(id),
            _ => UserInputAst::Clause(
                ids.iter()
                    .map(|id| (Some(Occur::Should), leaf(id)))
                    .collect(),
            ),
        })
    }
}

/// The passages in the geo cells covering a distance filter's circle (a superset: the exact
/// distance is checked while ranking). It adds nothing to scores; alone, it scores 1 like the
/// match-all query it replaces. `None` when the circle has no small covering.
fn near_cells(field: Field, near: &Near, alone: bool) -> Option<Box<dyn Query>> {
    let cells = crate::index::geo::covering(near.lat, near.lon, near.km)?;
    let terms: Vec<(Occur, Box<dyn Query>)> = cells
        .into_iter()
        .map(|c| {
            let q = TermQuery::new(Term::from_field_u64(field, c), IndexRecordOption::Basic);
            (Occur::Should, Box::new(q) as Box<dyn Query>)
        })
        .collect();
    let score = if alone { 1.0 } else { 0.0 };
    Some(Box::new(ConstScoreQuery::new(
        Box::new(BooleanQuery::new(terms)),
        score,
    )))
}

fn date_range(field: Field, filters: &Filters) -> Result<Box<dyn Query>> {
    let bound = |s: &Option<String>, upper: bool| -> Result<Bound<Term>> {
        let Some(s) = s else {
            return Ok(Bound::Unbounded);
        };
        let (lo, hi) = date_span(s).ok_or_else(|| {
            Error::Query(format!("not a date: {s} (use YYYY, YYYY-MM or YYYY-MM-DD)"))
        })?;
        let term = |secs| Term::from_field_date(field, DateTime::from_timestamp_secs(secs));
        Ok(if upper {
            Bound::Excluded(term(hi))
        } else {
            Bound::Included(term(lo))
        })
    };
    Ok(Box::new(RangeQuery::new(
        bound(&filters.from, false)?,
        bound(&filters.to, true)?,
    )))
}

/// The span `[start, end)` in epoch seconds of `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub fn date_span(s: &str) -> Option<(i64, i64)> {
    let s = s.trim();
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then_some(())
    };
    match parts.as_slice() {
        [y] => {
            num(y, 4)?;
            let y: i64 = y.parse().ok()?;
            Some((
                date_to_timestamp(&format!("{y:04}-01-01"))?,
                date_to_timestamp(&format!("{:04}-01-01", y + 1))?,
            ))
        }
        [y, m] => {
            num(y, 4)?;
            num(m, 2)?;
            let (y, m): (i64, i64) = (y.parse().ok()?, m.parse().ok()?);
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            Some((
                date_to_timestamp(&format!("{y:04}-{m:02}-01"))?,
                date_to_timestamp(&format!("{ny:04}-{nm:02}-01"))?,
            ))
        }
        [y, m, d] => {
            num(y, 4)?;
            num(m, 2)?;
            num(d, 2)?;
            let start = date_to_timestamp(s)?;
            Some((start, start + 86_400))
        }
        _ => None,
    }
}

fn rfc3339(secs: i64) -> String {
    format!("{}T00:00:00Z", crate::index::timestamp_to_date(secs))
}

/// Rewrites `date:` clauses with plain dates into tantivy's RFC 3339 form.
fn rewrite_dates(q: &str) -> Result<String> {
    let mut out = String::with_capacity(q.len() + 32);
    let mut rest = q;
    while let Some(pos) = find_date_field(rest) {
        out.push_str(&rest[..pos + 5]);
        rest = &rest[pos + 5..];
        if let Some(stripped) = rest.strip_prefix(['[', '{']) {
            let open = &rest[..1];
            let Some(close_at) = stripped.find([']', '}']) else {
                return Err(Error::Query(
                    "date range is not closed: use date:[2017-01-01 TO 2018-12-31]".into(),
                ));
            };
            let inner = &stripped[..close_at];
            let close = &stripped[close_at..close_at + 1];
            let Some((a, b)) = inner.split_once(" TO ") else {
                return Err(Error::Query(
                    "date range needs TO: date:[2017-01-01 TO 2018-12-31]".into(),
                ));
            };
            let conv = |s: &str, upper: bool| -> Result<String> {
                let s = s.trim();
                if s == "*" {
                    return Ok("*".into());
                }
                let (lo, hi) = date_span(s).ok_or_else(|| {
                    Error::Query(format!("not a date: {s} (use YYYY, YYYY-MM or YYYY-MM-DD)"))
                })?;
                // An inclusive upper bound covers the whole day, month or year named.
                Ok(rfc3339(if upper && close == "]" {
                    hi - 86_400
                } else {
                    lo
                }))
            };
            out.push_str(open);
            out.push_str(&conv(a, false)?);
            out.push_str(" TO ");
            out.push_str(&conv(b, true)?);
            out.push_str(close);
            rest = &stripped[close_at + 1..];
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == ')')
                .unwrap_or(rest.len());
            let value = &rest[..end];
            let (lo, hi) = date_span(value).ok_or_else(|| {
                Error::Query(format!("not a date: {value} (use date:2019, date:2019-05 or date:[2017-01-01 TO 2018-12-31])"))
            })?;
            out.push_str(&format!("[{} TO {}}}", rfc3339(lo), rfc3339(hi)));
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    Ok(out)
}

fn find_date_field(s: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find("date:") {
        let at = from + i;
        let before = s[..at].chars().next_back();
        if before.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '+' | '-')) {
            return Some(at);
        }
        from = at + 5;
    }
    None
}

/// Rejects queries that are too long or too deeply nested before parsing them.
fn check_shape(q: &str) -> Result<()> {
    if q.len() > MAX_QUERY_BYTES {
        return Err(Error::Query(format!(
            "query is {} bytes long; the limit is {MAX_QUERY_BYTES}",
            q.len()
        )));
    }
    let mut depth = 0usize;
    let mut max = 0usize;
    for c in q.chars() {
        match c {
            '(' => {
                depth += 1;
                max = max.max(depth);
            }
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if max > MAX_NESTING {
        return Err(Error::Query(format!(
            "query nests parentheses {max} deep; the limit is {MAX_NESTING}"
        )));
    }
    Ok(())
}

/// Rejects `field:*` (any value): tantivy answers it only for fast fields, and dossier's text and
/// entity fields are not, so it would fail at search time with a misleading "cannot be read".
fn reject_any_value(q: &str) -> Result<()> {
    let b = q.as_bytes();
    let mut in_quotes = false;
    for (i, &c) in b.iter().enumerate() {
        if c == b'"' {
            in_quotes = !in_quotes;
        }
        let ends = b
            .get(i + 2)
            .is_none_or(|n| n.is_ascii_whitespace() || *n == b')');
        if !in_quotes && c == b':' && b.get(i + 1) == Some(&b'*') && ends {
            let field = q[..i]
                .rsplit(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                .next()
                .unwrap_or("");
            return Err(Error::Query(format!(
                "{field}:* (any value) is not supported; give a value, e.g. actor:MAT"
            )));
        }
    }
    Ok(())
}

/// Turns tantivy's parser messages into one line a user can act on.
fn explain(msg: &str) -> String {
    let hint = "fields: text, title, actor, place, topic, date; e.g. actor:MAT place:\"al-Tanf\" date:[2017-01-01 TO 2018-12-31]";
    if msg.starts_with("Syntax Error") {
        format!("cannot parse the query (unbalanced quotes, parentheses or brackets?); {hint}")
    } else {
        format!("{msg}; {hint}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_plain_dates() {
        assert_eq!(
            rewrite_dates("isis date:[2017-01-01 TO 2018-12-31]").unwrap(),
            "isis date:[2017-01-01T00:00:00Z TO 2018-12-31T00:00:00Z]"
        );
        assert_eq!(
            rewrite_dates("date:2019").unwrap(),
            "date:[2019-01-01T00:00:00Z TO 2020-01-01T00:00:00Z}"
        );
        assert_eq!(
            rewrite_dates("(date:2019-05 OR x)").unwrap(),
            "(date:[2019-05-01T00:00:00Z TO 2019-06-01T00:00:00Z} OR x)"
        );
        assert_eq!(
            rewrite_dates("date:[2018 TO *]").unwrap(),
            "date:[2018-01-01T00:00:00Z TO *]"
        );
        assert_eq!(rewrite_dates("update:x").unwrap(), "update:x");
        assert!(rewrite_dates("date:[2017-01-01 TO").is_err());
        assert!(rewrite_dates("date:yesterday").is_err());
    }

    #[test]
    fn rejects_deep_nesting_and_huge_queries() {
        assert!(check_shape(&"(".repeat(100)).is_err());
        assert!(check_shape(&"a ".repeat(MAX_QUERY_BYTES)).is_err());
        assert!(check_shape("(a OR (b AND c))").is_ok());
    }

    #[test]
    fn any_value_queries_are_refused_with_a_reason() {
        for q in ["actor:*", "a (place:*)", "title:* b"] {
            let e = reject_any_value(q).unwrap_err().to_string();
            assert!(e.contains(":* (any value)"), "{q}: {e}");
        }
        for q in ["a*", "\"actor:*\"", "*", "actor:MAT"] {
            assert!(reject_any_value(q).is_ok(), "{q}");
        }
    }

    #[test]
    fn distances_and_points() {
        assert_eq!(parse_distance("55km"), Some(55.0));
        assert_eq!(parse_distance("55 km"), Some(55.0));
        assert_eq!(parse_distance("500m"), Some(0.5));
        assert!((parse_distance("10mi").unwrap() - 16.093).abs() < 0.01);
        assert_eq!(parse_distance("12"), Some(12.0));
        assert_eq!(parse_distance("far"), None);
        assert_eq!(parse_distance("5 parsecs"), None);
        assert_eq!(parse_lat_lon("33.5, 38.66"), Some((33.5, 38.66)));
        assert_eq!(parse_lat_lon("95,0"), None);
        assert_eq!(parse_lat_lon("al-Tanf"), None);
    }

    #[test]
    fn date_spans() {
        assert_eq!(date_span("1970-01-01"), Some((0, 86_400)));
        assert_eq!(date_span("1970-12"), Some((28_857_600, 31_536_000)));
        assert_eq!(date_span("19700-1"), None);
        assert_eq!(date_span("1970-13-01"), None);
    }
}
