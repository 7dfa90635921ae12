//! Publication dates: normalises the date forms found in articles and feeds to `YYYY-MM-DD`,
//! and finds a dateline near the start of a text. Never looks at file times.

/// Month names and abbreviations, lowercase, with their number.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// Whether `word` is a month or weekday written out and capitalised ("September", "Monday";
/// not "May", also a name, nor an abbreviation).
pub(super) fn is_month_or_weekday(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    word.starts_with(|c: char| c.is_ascii_uppercase())
        && lower != "may"
        && (MONTHS
            .iter()
            .any(|(n, _)| n.len() >= 4 && *n != "sept" && *n == lower)
            || WEEKDAYS.iter().any(|d| d.len() > 5 && *d == lower))
}

fn month(tok: &str) -> Option<u32> {
    let t = tok.trim_end_matches('.').to_ascii_lowercase();
    MONTHS.iter().find(|(n, _)| *n == t).map(|&(_, m)| m)
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Formats a date after checking that it exists (years 1800-2199).
fn ymd(y: i32, m: u32, d: u32) -> Option<String> {
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => return None,
    };
    ((1800..2200).contains(&y) && (1..=days).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn num(s: &str, len: std::ops::RangeInclusive<usize>) -> Option<u32> {
    (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// A day number, allowing "4th", "1st".
fn day(tok: &str) -> Option<u32> {
    let t = tok.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
    num(t, 1..=2)
}

/// `2019-05-04`, `2019/05/04`, `20190504`, optionally followed by a time (`T10:00:00Z`).
fn numeric(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() >= 10 && (b[4] == b'-' || b[4] == b'/') && b[7] == b[4] {
        let rest = &s[10..];
        if !(rest.is_empty() || rest.starts_with(['T', ' ', 't'])) {
            return None;
        }
        if !rest.is_empty() && !rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        return ymd(
            num(&s[..4], 4..=4)? as i32,
            num(&s[5..7], 2..=2)?,
            num(&s[8..10], 2..=2)?,
        );
    }
    if b.len() == 8 {
        return ymd(
            num(&s[..4], 4..=4)? as i32,
            num(&s[4..6], 2..=2)?,
            num(&s[6..8], 2..=2)?,
        );
    }
    None
}

/// A token that may follow a date: a time, a zone, an offset.
fn is_time_or_zone(tok: &str) -> bool {
    let t = tok.trim_matches(|c| c == '(' || c == ')');
    (t.contains(':')
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b == b':' || b == b'.'))
        || ((t.starts_with('+') || t.starts_with('-'))
            && t.len() == 5
            && t[1..].bytes().all(|b| b.is_ascii_digit()))
        || matches!(
            t.to_ascii_uppercase().as_str(),
            "GMT"
                | "UTC"
                | "Z"
                | "UT"
                | "EST"
                | "EDT"
                | "CST"
                | "CDT"
                | "PST"
                | "PDT"
                | "BST"
                | "CET"
                | "CEST"
                | "AM"
                | "PM"
        )
}

/// Normalises a date to `YYYY-MM-DD`: ISO (`2019-05-04`, `2019-05-04T10:00:00Z`), RFC 2822
/// (`Sat, 04 May 2019 10:00:00 +0000`), `May 4, 2019`, `4 May 2019`, `March 01 , 2008`,
/// `2008/03/01`. Returns `None` for anything else and for dates that do not exist.
pub fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if s.as_bytes()[0].is_ascii_digit()
        && let Some(d) = numeric(s)
    {
        return Some(d);
    }
    let mut toks = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .peekable();
    if toks
        .peek()
        .is_some_and(|t| WEEKDAYS.contains(&t.trim_end_matches('.').to_ascii_lowercase().as_str()))
    {
        toks.next();
    }
    let a = toks.next()?;
    let b = toks.next()?;
    let c = toks.next()?;
    let year = num(c, 4..=4)? as i32;
    let (m, d) = match (month(a), month(b)) {
        (Some(m), None) => (m, day(b)?),
        (None, Some(m)) => (m, day(a)?),
        _ => return None,
    };
    if !toks.all(is_time_or_zone) {
        return None;
    }
    ymd(year, m, d)
}

/// Finds the publication date at the opening of a text: a line that is just a date (among
/// the first two lines), a wire dateline such as "DAMASCUS, Syria, May 4, 2019 (Reuters) -"
/// (the part of the first line before the dash), or a short byline ("Posted 2020-01-07 by
/// staff"). A date inside running prose is not a dateline.
pub fn dateline(text: &str) -> Option<String> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next()?;
    for line in [Some(first), lines.next()].into_iter().flatten() {
        if let Some(d) = parse_date(line) {
            return Some(d);
        }
    }
    let dash = [" - ", " – ", " — ", " -- "]
        .iter()
        .filter_map(|sep| first.find(sep))
        .min();
    let head = match dash {
        Some(at) if at <= 120 => &first[..at],
        _ if first.len() <= 60 => first,
        _ => return None,
    };
    let toks: Vec<&str> = head
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|t| t.trim_matches(|c: char| "()[]\"'—–-:;|".contains(c)))
        .filter(|t| !t.is_empty())
        .collect();
    for i in 0..toks.len() {
        let first = toks[i];
        if first.starts_with(|c: char| c.is_ascii_digit())
            && let Some(d) = numeric(first)
        {
            return Some(d);
        }
        // "may 4 2019" in running text is not a dateline: months must be capitalised.
        if first.starts_with(|c: char| c.is_lowercase()) {
            continue;
        }
        for n in [3, 4] {
            if i + n <= toks.len()
                && let Some(d) = parse_date(&toks[i..i + n].join(" "))
            {
                return Some(d);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        for (input, want) in [
            ("2019-05-04", "2019-05-04"),
            ("2019-05-04T10:00:00Z", "2019-05-04"),
            ("2019-05-04 10:00", "2019-05-04"),
            ("Sat, 04 May 2019 10:00:00 +0000", "2019-05-04"),
            ("Sat, 4 May 2019 10:00:00 GMT", "2019-05-04"),
            ("May 4, 2019", "2019-05-04"),
            ("4 May 2019", "2019-05-04"),
            ("March 01 , 2008", "2008-03-01"),
            ("2008/03/01", "2008-03-01"),
            ("Sept. 11, 2001", "2001-09-11"),
            ("February 29, 2020", "2020-02-29"),
            ("  Dec 25 2018 ", "2018-12-25"),
        ] {
            assert_eq!(parse_date(input).as_deref(), Some(want), "{input}");
        }
    }

    #[test]
    fn garbage_and_impossible_dates() {
        for input in [
            "",
            "yesterday",
            "2019-13-01",
            "2019-02-30",
            "February 29, 2019",
            "May 32, 2019",
            "May 4",
            "4 May people 2019",
            "2019-05-04abc",
            "May 4, 2019 and then some words",
            "12345678901",
        ] {
            assert_eq!(parse_date(input), None, "{input}");
        }
    }

    #[test]
    fn datelines() {
        assert_eq!(
            dateline("DAMASCUS, Syria, May 4, 2019 (Reuters) - A militia ...").as_deref(),
            Some("2019-05-04")
        );
        assert_eq!(
            dateline("Some headline\nMarch 01 , 2008\n\nBody text.").as_deref(),
            Some("2008-03-01")
        );
        assert_eq!(
            dateline("Posted 2020-01-07T08:00Z by staff").as_deref(),
            Some("2020-01-07")
        );
        assert_eq!(
            dateline("Officials may 4 2019 have said nothing about it."),
            None
        );
        assert_eq!(dateline("No date in this text at all."), None);
        let late = format!("{} May 4, 2019", "word ".repeat(80));
        assert_eq!(dateline(&late), None);
        assert_eq!(
            dateline(
                "Sir Ian Blair, who joined on 14 May 1970 in London, said the force was ready."
            ),
            None,
            "a date in prose is not a dateline"
        );
    }
}
