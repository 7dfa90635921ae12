//! Acronyms defined in the text: "Maghaweir al-Thowra (MAT)", "Syrian Democratic Forces (SDF)"
//! and "MAT (Maghaweir al-Thowra)". The enricher links the short form to the long form's entity
//! for the rest of the article, and [`CorpusAcronyms`] carries definitions to the articles of
//! the corpus that use the short form without defining it, when the corpus defines it one way
//! only.

use std::collections::HashMap;

use super::matcher::{is_whole_word, starts_word};
use crate::article::AcronymDef;

/// The acronyms a corpus defines unambiguously: short form -> the one entity every definition
/// of it names. A short form defined for two different entities is left out.
#[derive(Debug, Clone, Default)]
pub struct CorpusAcronyms {
    /// `None` for a short form defined two ways (so that later definitions do not bring it
    /// back).
    map: HashMap<String, Option<AcronymDef>>,
}

impl CorpusAcronyms {
    /// Builds the table from every definition in the corpus.
    pub fn from_definitions<'a>(defs: impl IntoIterator<Item = &'a AcronymDef>) -> Self {
        let mut table = CorpusAcronyms::default();
        table.add(defs);
        table
    }

    /// Adds definitions: the table is then what [`CorpusAcronyms::from_definitions`] gives
    /// for all definitions seen so far, in any order. Returns whether a short form's meaning
    /// changed (appeared, or became ambiguous).
    pub fn add<'a>(&mut self, defs: impl IntoIterator<Item = &'a AcronymDef>) -> bool {
        let mut changed = false;
        for d in defs {
            match self.map.get_mut(d.short.as_str()) {
                Some(seen) => {
                    if seen.as_ref().is_some_and(|s| s.id != d.id) {
                        *seen = None;
                        changed = true;
                    }
                }
                None => {
                    self.map.insert(d.short.clone(), Some(d.clone()));
                    changed = true;
                }
            }
        }
        changed
    }

    /// The entity a short form stands for across the corpus.
    pub fn get(&self, short: &str) -> Option<&AcronymDef> {
        self.map.get(short)?.as_ref()
    }

    /// Its id.
    pub fn resolve(&self, short: &str) -> Option<&str> {
        self.get(short).map(|d| d.id.as_str())
    }

    /// Number of short forms.
    pub fn len(&self) -> usize {
        self.map.values().filter(|d| d.is_some()).count()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Company-form suffixes written like acronyms; they name no entity of their own.
const LEGAL_FORMS: &[&str] = &[
    "AG", "A.G.", "SA", "S.A.", "NV", "N.V.", "BV", "B.V.", "PLC", "LLC", "LLP", "LTD", "INC",
    "CORP", "CO", "SPA", "S.P.A.", "GMBH", "AB", "ASA", "OYJ",
];

/// Whether a short form may carry across the corpus: three letters or more (two-letter forms
/// such as "MD" or "AN" mean too many things), and not a company suffix.
pub(crate) fn carries_across(short: &str) -> bool {
    short.chars().filter(char::is_ascii_uppercase).count() >= 3 && !LEGAL_FORMS.contains(&short)
}

/// Byte spans of the whole words of `text` that look like short forms ([`is_short_form`]), a
/// sentence's full stop left out ("the MAT." -> "MAT", but "U.S.").
pub(crate) fn short_form_words(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let part = |c: u8| c.is_ascii_uppercase() || c.is_ascii_digit() || b"-&.".contains(&c);
        if !b[i].is_ascii_uppercase() || !starts_word(text, i) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < b.len() && part(b[j]) {
            j += 1;
        }
        // A sentence's full stop is not part of "MAT."; the last one of "U.S." is.
        let mut end = j;
        if b[end - 1] == b'.' && !text[i..end - 1].contains('.') {
            end -= 1;
        }
        if is_whole_word(text, i, j) && is_short_form(&text[i..end]) {
            out.push((i, end));
        }
        i = j.max(i + 1);
    }
    out
}

/// Byte spans of the stock tickers of `text`: one to six capitals, with an exchange suffix
/// or not, in angle brackets, as Reuters writes them after a company's name ("Mattel Inc
/// <MAT>", "British Petroleum Co Plc <BP.L>").
pub(crate) fn tickers(text: &str) -> Vec<(usize, usize)> {
    let capitals = |s: &str, max: usize| {
        (1..=max).contains(&s.len()) && s.bytes().all(|c| c.is_ascii_uppercase())
    };
    let mut out = Vec::new();
    for (open, _) in text.match_indices('<') {
        let start = open + 1;
        let Some(len) = text[start..].bytes().take(10).position(|c| c == b'>') else {
            continue;
        };
        let inner = &text[start..start + len];
        let ticker = match inner.split_once('.') {
            Some((symbol, exchange)) => capitals(symbol, 6) && capitals(exchange, 2),
            None => capitals(inner, 6),
        };
        if ticker {
            out.push((start, start + len));
        }
    }
    out
}

/// Where the name a ticker follows ends: before the ticker's `<` and the spaces or tabs before
/// it (`start`: the ticker's first byte, as [`tickers`] gives it).
pub(crate) fn name_end_before_ticker(text: &str, start: usize) -> usize {
    text[..start - 1].trim_end_matches([' ', '\t']).len()
}

/// One definition found in a text, in byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Definition {
    /// Span of the short form inside the definition.
    pub short: (usize, usize),
    /// Span of the long form.
    pub long: (usize, usize),
}

/// Words allowed in the middle of a long form.
const CONNECTORS: &[&str] = &["of", "the", "and", "for", "al", "in", "de", "du", "&"];

/// A short form: 2-8 characters, capitals (at least two), digits, `-`, `&` or `.`.
pub(crate) fn is_short_form(s: &str) -> bool {
    let n = s.chars().count();
    (2..=10).contains(&n)
        && s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && s.chars().filter(char::is_ascii_uppercase).count() >= 2
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "-&.".contains(c))
}

/// Whether a word may be part of a long form, and whether it is a capitalised (content) word.
fn long_word(w: &str) -> Option<bool> {
    if CONNECTORS.contains(&w) {
        return Some(false);
    }
    let capital = w.chars().next().is_some_and(char::is_uppercase)
        || [
            "al-", "el-", "ad-", "as-", "ash-", "at-", "an-", "ar-", "az-",
        ]
        .iter()
        .any(|p| {
            w.strip_prefix(p)
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_uppercase)
        });
    capital.then_some(true)
}

/// The long form that ends at byte `end`: up to 8 words of one line, capitalised or
/// connectors, starting with a capitalised word whose initial is the short form's initial:
/// the nearest such start whose capitalised words' initials spell the short form ("SIMEX and
/// the Sydney Futures Exchange (SFE)" is "Sydney Futures Exchange"), else the farthest
/// ("Maghaweir al-Thowra (MAT)", "Naval Forces Central Command's (NAVCENT)").
fn long_before(text: &str, min: usize, end: usize, short: &str) -> Option<(usize, usize)> {
    let head = &text[min..end];
    // The words, last first: start, whether capitalised, initial.
    let mut words: Vec<(usize, bool, Option<char>)> = Vec::new();
    let mut pos = end;
    for raw in head.rsplit(' ').take(8) {
        // A line break ends the long form: only the part after it can belong.
        let (raw, line_start) = match raw.rfind('\n') {
            Some(i) => (&raw[i + 1..], true),
            None => (raw, false),
        };
        let w = raw.trim_start_matches(['(', '"', '“']);
        if w.is_empty() {
            break;
        }
        let Some(capital) = long_word(w) else {
            break;
        };
        let initial = w
            .trim_start_matches(|c: char| c.is_lowercase() || c == '-')
            .chars()
            .next();
        words.push((pos - w.len(), capital && w != "The", initial));
        // The next word ends before this one's opening bracket or quote and the space.
        let raw_start = pos - raw.len();
        if line_start || raw_start <= min {
            break;
        }
        pos = raw_start - 1;
    }
    let first = short.chars().next();
    let letters: String = short
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_lowercase();
    let mut starts = words
        .iter()
        .enumerate()
        .filter(|(_, w)| w.1 && w.2 == first)
        .map(|(i, _)| i);
    let spells = |i: usize| {
        let initials: String = words[..=i]
            .iter()
            .rev()
            .filter(|w| w.1)
            .filter_map(|w| w.2)
            .collect::<String>()
            .to_lowercase();
        initials == letters
    };
    let pick = starts.clone().find(|&i| spells(i)).or(starts.next_back())?;
    let start = words[pick].0;
    // "the Chicago Board of Trade's (CBT)": the possessive is not part of the name.
    let end = ["'s", "’s"]
        .iter()
        .find_map(|p| text[start..end].strip_suffix(p).map(|s| start + s.len()))
        .unwrap_or(end);
    (pick >= 1 && text[start..end].contains(' ')).then_some((start, end))
}

/// Finds acronym definitions in `text`.
pub(crate) fn definitions(text: &str) -> Vec<Definition> {
    let mut out = Vec::new();
    for (open, _) in text.match_indices('(') {
        let Some(close_rel) = text[open..].find(')').filter(|&c| c <= 80) else {
            continue;
        };
        let close = open + close_rel;
        let inner = text[open + 1..close].trim();
        let inner_start =
            open + 1 + (text[open + 1..close].len() - text[open + 1..close].trim_start().len());
        let inner_end = inner_start + inner.len();
        let before_end = text[..open].trim_end().len();
        if is_short_form(inner) {
            // "Syrian Democratic Forces (SDF)"
            if let Some(long) = long_before(text, 0, before_end, inner) {
                out.push(Definition {
                    short: (inner_start, inner_end),
                    long,
                });
            }
        } else if inner.contains(' ') {
            // "MAT (Maghaweir al-Thowra)"
            let word_start = text[..before_end]
                .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"')
                .map_or(0, |i| i + 1);
            let short = &text[word_start..before_end];
            if is_short_form(short)
                && is_whole_word(text, word_start, before_end)
                && long_before(text, inner_start, inner_end, short)
                    == Some((inner_start, inner_end))
            {
                out.push(Definition {
                    short: (word_start, before_end),
                    long: (inner_start, inner_end),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defs(text: &str) -> Vec<(&str, &str)> {
        definitions(text)
            .into_iter()
            .map(|d| (&text[d.short.0..d.short.1], &text[d.long.0..d.long.1]))
            .collect()
    }

    #[test]
    fn the_nearest_start_that_spells_the_short_form() {
        assert_eq!(
            defs("on SIMEX and the Sydney Futures Exchange (SFE) today"),
            vec![("SFE", "Sydney Futures Exchange")]
        );
        assert_eq!(
            defs("said Squyres of the Securities Industry Automation Corp (SIAC)."),
            vec![("SIAC", "Securities Industry Automation Corp")]
        );
        assert_eq!(
            defs("before the Athens Olympics.\n\nAmerican Soybean Association (ASA) officials"),
            vec![("ASA", "American Soybean Association")]
        );
    }

    #[test]
    fn both_orders() {
        assert_eq!(
            defs("backed by the Syrian Democratic Forces (SDF) and"),
            vec![("SDF", "Syrian Democratic Forces")]
        );
        assert_eq!(
            defs("the militia attacked MAT (Maghaweir al-Thowra) near"),
            vec![("MAT", "Maghaweir al-Thowra")]
        );
        assert_eq!(
            defs("the Jaish al-Foo Brigade (JFB) said"),
            vec![("JFB", "Jaish al-Foo Brigade")]
        );
        // Offsets stay right across a bracketed word in the long form.
        assert_eq!(
            defs("joined Naval Forces Central Command's (NAVCENT) Task Force (CTF) 50"),
            vec![
                ("NAVCENT", "Naval Forces Central Command"),
                ("CTF", "Central Command's (NAVCENT) Task Force")
            ]
        );
    }

    #[test]
    fn short_form_words_are_whole_capital_words() {
        let t = "MAT said the SDF. U.S. forces, anti-ISIS, or MATs, xMAT; 9/11 IS-K";
        let words: Vec<&str> = short_form_words(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(words, ["MAT", "SDF", "U.S.", "ISIS", "IS-K"]);
    }

    #[test]
    fn only_longer_non_legal_forms_carry_across() {
        assert!(carries_across("MAT") && carries_across("GATT") && carries_across("U.S.A."));
        assert!(!carries_across("MD") && !carries_across("S.A.") && !carries_across("PLC"));
    }

    #[test]
    fn corpus_table_keeps_unambiguous_short_forms() {
        let def = |short: &str, id: &str| AcronymDef {
            short: short.into(),
            id: id.into(),
            name: id.into(),
            kind: crate::article::EntityKind::Organization,
        };
        let defs = [
            def("MAT", "local:mat"),
            def("MAT", "local:mat"),
            def("JFB", "local:a"),
            def("JFB", "local:b"),
        ];
        let t = CorpusAcronyms::from_definitions(&defs);
        assert_eq!(t.resolve("MAT"), Some("local:mat"));
        assert_eq!(t.resolve("JFB"), None, "two meanings: left out");
        assert_eq!(t.len(), 1);
        // Added a batch at a time, in any order: the same table, and a meaning once lost to
        // ambiguity does not come back.
        for order in [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1]] {
            let mut grown = CorpusAcronyms::default();
            let changed: Vec<bool> = order
                .iter()
                .map(|&i| grown.add(std::iter::once(&defs[i])))
                .collect();
            assert_eq!(grown.resolve("MAT"), Some("local:mat"), "{order:?}");
            assert_eq!(grown.resolve("JFB"), None, "{order:?}");
            assert_eq!(grown.len(), 1);
            // Each short form changes twice at most: defined, then ambiguous.
            assert_eq!(changed.iter().filter(|&&c| c).count(), 3, "{order:?}");
        }
    }

    #[test]
    fn tickers_in_angle_brackets() {
        let t =
            "Mattel Inc <MAT>, BP Plc <BP.L> and <Texaco Canada Inc> <C> a<b> <TOOLONGX> <X.YZW>";
        let found: Vec<&str> = tickers(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(found, ["MAT", "BP.L", "C"]);
    }

    #[test]
    fn not_definitions() {
        assert!(defs("it was hot (very hot) and").is_empty());
        assert!(defs("in Syria (Reuters) said").is_empty());
        assert!(defs("the strike (US officials said) hit").is_empty());
    }
}
