//! The tagger's tokenizer: splits a text into word and punctuation tokens with byte offsets,
//! keeping abbreviations ("U.S."), hyphenated words ("al-Tanf", "Iranian-led") and numbers whole,
//! splitting possessives ("Iran" + "'s"), and marking sentence starts and all-caps lines.

/// One token: a byte range of the input plus layout flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The token starts a sentence (first on its line, or after `.`, `!`, `?`).
    pub sent_start: bool,
    /// The token sits on a line written in capitals (a headline or dateline).
    pub caps_line: bool,
}

/// Abbreviations that keep their final period (lowercase, without the period).
const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "col", "lt", "sgt", "maj", "capt", "cpl",
    "pvt", "adm", "cmdr", "gov", "sen", "rep", "prof", "rev", "inc", "corp", "ltd", "co", "bros",
    "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "mt", "ft", "fig", "dept", "univ", "assn", "plc", "etc", "approx", "est",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    tokenize_into(text, &mut out);
    out
}

/// Splits `text` into tokens, appending to `out` (cleared first).
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    let mut line_first = 0; // index in `out` of the first token of the current line
    let mut new_sentence = true;
    let char_at = |pos: usize| -> Option<char> { text[pos..].chars().next() };
    while i < n {
        let c = if b[i] < 0x80 {
            b[i] as char
        } else {
            char_at(i).unwrap_or(' ')
        };
        let clen = c.len_utf8();
        if c.is_whitespace() {
            if c == '\n' {
                mark_caps_line(text, &mut out[line_first..]);
                line_first = out.len();
                new_sentence = true;
            }
            i += clen;
            continue;
        }
        let start = i;
        let glued = out.last().is_some_and(|t: &Token| t.end == i);
        if let Some(len) = clitic(text, i).filter(|_| glued) {
            // "'s", "'re", "n't" after a word are tokens of their own, as in CoNLL.
            i += len;
        } else if is_word_char(c) {
            i = scan_word(text, i);
        } else {
            // Punctuation: a run of the same character is one token ("--", "...").
            i += clen;
            while i < n && char_at(i) == Some(c) {
                i += clen;
            }
        }
        out.push(Token {
            start,
            end: i,
            sent_start: new_sentence,
            caps_line: false,
        });
        let tok = &text[start..i];
        new_sentence = matches!(tok, "." | "!" | "?" | "..." | "!!" | "??");
    }
    mark_caps_line(text, &mut out[line_first..]);
}

/// The byte length of a clitic ("'s", "'ll", "n't", ...) starting at `i`, if there is one.
fn clitic(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    let mut chars = rest.char_indices();
    let (_, c0) = chars.next()?;
    let body_start = if is_apostrophe(c0) {
        c0.len_utf8()
    } else if (c0 == 'n' || c0 == 'N') && rest[1..].starts_with(is_apostrophe) {
        let ap = rest[1..].chars().next()?;
        let t = rest[1 + ap.len_utf8()..].chars().next()?;
        if t != 't' && t != 'T' {
            return None;
        }
        let end = 1 + ap.len_utf8() + 1;
        return (!rest[end..].starts_with(is_word_char)).then_some(end);
    } else {
        return None;
    };
    let body: &str = &rest[body_start..];
    let n = body.chars().take_while(|c| c.is_alphabetic()).count();
    if n == 0 || n > 2 || body[n..].starts_with(is_word_char) {
        return None;
    }
    let word = &body[..n];
    ["s", "re", "ll", "ve", "m", "d"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(word))
        .then_some(body_start + n)
}

/// Scans a word starting at `i` (a letter or digit) and returns its end.
fn scan_word(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    let n = b.len();
    let start = i;
    let next = |pos: usize| -> Option<char> {
        if pos >= n {
            None
        } else if b[pos] < 0x80 {
            Some(b[pos] as char)
        } else {
            text[pos..].chars().next()
        }
    };
    while let Some(c) = next(i) {
        if is_word_char(c) {
            i += c.len_utf8();
            continue;
        }
        let after = next(i + c.len_utf8());
        let prev = text[start..i].chars().next_back();
        match c {
            // Hyphenated compounds and Arabic particles stay whole: "al-Tanf", "anti-ISIS".
            '-' if after.is_some_and(is_word_char) => {
                i += 1;
            }
            // Numbers: "1,000", "3.5", "10:30", "1/2".
            ',' | '.' | ':' | '/'
                if prev.is_some_and(|p| p.is_ascii_digit())
                    && after.is_some_and(|a| a.is_ascii_digit()) =>
            {
                i += 1;
            }
            '.' => {
                let word = &text[start..i];
                // Initials end a hyphenated compound too: "non-U.S.", "EC-U.S.".
                let last = word.rfind('-').map_or(word, |h| &word[h + 1..]);
                // "U.S.", "a.m.": a letter, then a period, then a letter and a period.
                let dotted_next = after.is_some_and(|a| a.is_alphabetic())
                    && !next(i + 1 + after.map_or(1, char::len_utf8))
                        .is_some_and(|x| is_word_char(x) || x == '-');
                if dotted_next && prev.is_some_and(|p| p.is_alphabetic()) && is_initials(last) {
                    i += 1;
                    continue;
                }
                // Final period of initials ("U.S.", "J.") or of a known abbreviation ("Mr.").
                // After a hyphen only dotted ones ("EC-U.S.", not the "A-Z." ending a sentence).
                let initials =
                    is_initials(last) && (last.len() == word.len() || last.contains('.'));
                if initials && last.chars().any(|c| c.is_uppercase()) || is_abbrev(word) {
                    i += 1;
                }
                break;
            }
            // "O'Neill" stays whole; "Iran's" and "forces'" split at the apostrophe.
            c if is_apostrophe(c) => {
                let a = after.unwrap_or(' ');
                let after2 = next(i + c.len_utf8() + a.len_utf8());
                let poss = (a == 's' || a == 'S') && !after2.is_some_and(is_word_char);
                let nt = (a == 't' || a == 'T') && prev.is_some_and(|p| p == 'n' || p == 'N');
                if nt && i - start > 1 {
                    return i - 1;
                }
                if is_word_char(a) && !poss {
                    i += c.len_utf8();
                } else {
                    break;
                }
            }
            '&' if prev.is_some_and(char::is_uppercase)
                && after.is_some_and(char::is_uppercase) =>
            {
                i += 1;
            }
            _ => break,
        }
    }
    i
}

/// Whether `word` is a single letter or letters separated by periods ("U", "U.S", "a.m").
fn is_initials(word: &str) -> bool {
    let mut expect_letter = true;
    for c in word.chars() {
        if expect_letter {
            if !c.is_alphabetic() {
                return false;
            }
        } else if c != '.' {
            return false;
        }
        expect_letter = !expect_letter;
    }
    !expect_letter
}

fn is_abbrev(word: &str) -> bool {
    word.len() <= 6
        && word.chars().all(|c| c.is_ascii_alphabetic())
        && ABBREV.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Marks the tokens of one line as `caps_line` when its words are written in capitals.
fn mark_caps_line(text: &str, line: &mut [Token]) {
    let mut upper_words = 0;
    for t in line.iter() {
        let s = &text[t.start..t.end];
        if s.chars().any(char::is_lowercase) {
            return;
        }
        if s.chars().filter(|c| c.is_uppercase()).count() >= 2 {
            upper_words += 1;
        }
    }
    if upper_words >= 2 {
        for t in line {
            t.caps_line = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| &s[t.start..t.end]).collect()
    }

    #[test]
    fn hard_cases() {
        assert_eq!(
            toks("the U.S. base at al-Tanf, an Iranian-led anti-ISIS unit."),
            [
                "the",
                "U.S.",
                "base",
                "at",
                "al-Tanf",
                ",",
                "an",
                "Iranian-led",
                "anti-ISIS",
                "unit",
                "."
            ]
        );
        assert_eq!(
            toks("Iran's forces' O'Neill didn't"),
            ["Iran", "'s", "forces", "'", "O'Neill", "did", "n't"]
        );
        assert_eq!(
            toks("“We are,” he said"),
            ["“", "We", "are", ",", "”", "he", "said"]
        );
        assert_eq!(
            toks("Mr. Smith paid $1,000.50 at 10:30."),
            ["Mr.", "Smith", "paid", "$", "1,000.50", "at", "10:30", "."]
        );
        assert_eq!(toks("the U.S Special"), ["the", "U.S", "Special"]);
        assert_eq!(
            toks("non-U.S. and EC-U.S. ties, from A-Z. Then"),
            [
                "non-U.S.", "and", "EC-U.S.", "ties", ",", "from", "A-Z", ".", "Then"
            ]
        );
        assert_eq!(toks("A.é. x.éé"), ["A.é.", "x", ".", "éé"]);
    }

    #[test]
    fn offsets_are_bytes_and_sentences_marked() {
        let s = "Hamza bin Laden é. Abu Bakr\nIRAN SAYS U.S. LIED\nDAMASCUS, Syria (Reuters) -";
        let t = tokenize(s);
        for tok in &t {
            assert!(s.is_char_boundary(tok.start) && s.is_char_boundary(tok.end));
        }
        let words: Vec<&str> = t.iter().map(|t| &s[t.start..t.end]).collect();
        assert_eq!(words[..6], ["Hamza", "bin", "Laden", "é", ".", "Abu"]);
        assert!(t[0].sent_start && !t[1].sent_start && t[5].sent_start);
        let at = |w: &str| t.iter().position(|x| &s[x.start..x.end] == w).unwrap();
        assert!(t[at("IRAN")].sent_start && t[at("IRAN")].caps_line && t[at("LIED")].caps_line);
        assert!(t[at("DAMASCUS")].sent_start && !t[at("DAMASCUS")].caps_line);
        assert!(!t[0].caps_line);
    }
}
