//! Dictionary matching: one Aho-Corasick automaton over every alias and demonym, built once,
//! run leftmost-longest over an ASCII-lowercased copy of the text (same byte offsets), with
//! whole-word and case rules checked on the original text.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};

use super::gazetteer::Gazetteer;

/// One way a matched alias may resolve.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cand {
    /// Index into the gazetteer's entities.
    pub entity: u32,
    /// The alias is a demonym: the mention is a nationality.
    pub demonym: bool,
    /// The alias is an all-caps acronym and matches with exact case only.
    pub exact: bool,
}

/// What a stretch of text was resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Target {
    /// A gazetteer entity, possibly through one of its demonyms.
    Entity { idx: u32, demonym: bool },
    /// A country the tagger typed as an organisation: the state acting ("the UK said").
    Acting(u32),
    /// An entity local to the article (an acronym's long form, a titled person).
    Local(u32),
}

/// A resolved match, in byte offsets of the tagged text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub target: Target,
}

/// The automaton and, per pattern, its candidates best first.
pub(crate) struct Matcher {
    ac: AhoCorasick,
    cands: Vec<Vec<Cand>>,
    keys: HashMap<String, u32>,
}

/// An alias in capitals of up to 6 letters without spaces ("MAT", "U.S.", "UN") is an acronym.
pub(crate) fn is_acronym(alias: &str) -> bool {
    let mut letters = 0;
    for c in alias.chars() {
        if c.is_whitespace() || c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    (1..=6).contains(&letters)
}

/// Lowercase particles that may open a name written in lowercase ("al-Tanf", "the Gulf").
const PARTICLES: &[&str] = &[
    "al-", "al ", "el-", "ad-", "as-", "ash-", "at-", "an-", "ar-", "az-",
];

/// Whether the text as written may be this candidate: exact case for acronyms, otherwise a
/// capital first letter or a lowercase Arabic particle before a capital.
pub(crate) fn case_ok(written: &str, exact: bool) -> bool {
    if exact {
        return !written.chars().any(char::is_lowercase);
    }
    let Some(first) = written.chars().next() else {
        return false;
    };
    if first.is_uppercase() {
        return true;
    }
    PARTICLES.iter().any(|p| {
        written
            .strip_prefix(p)
            .and_then(|rest| rest.chars().next())
            .is_some_and(char::is_uppercase)
    })
}

/// Whether `text[start..end]` stands as whole words: no letter or digit right before or after.
pub(crate) fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

impl Matcher {
    /// Builds the automaton over every alias and demonym of the gazetteer.
    pub fn build(g: &Gazetteer) -> Matcher {
        let mut keys: HashMap<String, u32> = HashMap::with_capacity(g.entities.len() * 3);
        let mut patterns: Vec<String> = Vec::with_capacity(g.entities.len() * 3);
        let mut cands: Vec<Vec<Cand>> = Vec::with_capacity(g.entities.len() * 3);
        for (i, e) in g.entities.iter().enumerate() {
            let names = e.aliases.iter().map(|a| (a, false));
            for (alias, demonym) in names.chain(e.demonyms.iter().map(|d| (d, true))) {
                if alias.len() < 2 {
                    continue;
                }
                let key = alias.to_ascii_lowercase();
                let p = match keys.get(&key) {
                    Some(&p) => p,
                    None => {
                        let p = patterns.len() as u32;
                        keys.insert(key.clone(), p);
                        patterns.push(key);
                        cands.push(Vec::new());
                        p
                    }
                };
                let c = Cand {
                    entity: i as u32,
                    demonym,
                    exact: is_acronym(alias),
                };
                let list = &mut cands[p as usize];
                if !list
                    .iter()
                    .any(|o| o.entity == c.entity && o.demonym == c.demonym && o.exact == c.exact)
                {
                    list.push(c);
                }
            }
        }
        for list in &mut cands {
            list.sort_by_key(|c| {
                let e = &g.entities[c.entity as usize];
                (e.class, std::cmp::Reverse(e.population), c.entity)
            });
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&patterns)
            .expect("gazetteer automaton builds");
        Matcher { ac, cands, keys }
    }

    /// Candidates for an alias, case-insensitively, best first.
    pub fn lookup(&self, name: &str) -> &[Cand] {
        match self.keys.get(&name.trim().to_ascii_lowercase()) {
            Some(&p) => &self.cands[p as usize],
            None => &[],
        }
    }

    /// Appends the dictionary hits of `text` to `out`; `lower` is `text.to_ascii_lowercase()`.
    pub fn find(&self, text: &str, lower: &str, out: &mut Vec<Hit>) {
        let mut pos = 0;
        while pos < lower.len() {
            let Some(m) = self.ac.find(Input::new(lower).span(pos..lower.len())) else {
                break;
            };
            let (start, end) = (m.start(), m.end());
            let written = &text[start..end];
            let cand = if is_whole_word(text, start, end) {
                self.cands[m.pattern().as_usize()]
                    .iter()
                    .find(|c| case_ok(written, c.exact))
            } else {
                None
            };
            match cand {
                Some(c) => {
                    out.push(Hit {
                        start,
                        end,
                        target: Target::Entity {
                            idx: c.entity,
                            demonym: c.demonym,
                        },
                    });
                    pos = end;
                }
                // Rejected: look again from the next character, a shorter or later alias may fit.
                None => {
                    pos = start + text[start..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_and_case() {
        assert!(is_acronym("MAT"));
        assert!(is_acronym("U.S."));
        assert!(!is_acronym("Mat"));
        assert!(!is_acronym("CENTCOMX"));
        assert!(case_ok("MAT", true));
        assert!(!case_ok("Mat", true));
        assert!(case_ok("Iran", false));
        assert!(case_ok("al-Tanf", false));
        assert!(!case_ok("al-qaeda", false));
        assert!(!case_ok("mat", false));
    }

    #[test]
    fn word_boundaries() {
        let t = "anti-ISIS Iran's MATS";
        assert!(is_whole_word(t, 5, 9));
        assert!(is_whole_word(t, 10, 14));
        assert!(!is_whole_word(t, 17, 20));
    }
}
