//! Article text -> passages: paragraphs, with long paragraphs cut at sentence boundaries into
//! pieces of bounded length. Offsets are in characters so they match what `tag` reports.
//!
//! The work is linear in the text: one pass to find lines, one greedy pass per paragraph. Only
//! one paragraph at a time is held as characters, and one longer than `WINDOW_CHARS` (a file
//! that is one huge line) is cut a window at a time: the greedy cuts whose choice only depends
//! on characters inside the window are kept and the next window starts where they stop, so
//! memory stays bounded whatever the text and the passages are the ones a whole pass makes.

use crate::article::Passage;

/// Passages longer than this many characters are cut at sentence boundaries.
pub const MAX_PASSAGE_CHARS: usize = 1200;

/// A piece shorter than this after a cut is merged into the previous one when that fits.
const MIN_TAIL_CHARS: usize = 40;

/// Lines at least this long are prose, not hard-wrapped text.
const LONG_LINE_CHARS: usize = 100;

/// Words that end with a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "maj", "col", "lt", "capt", "cpt", "sgt", "cpl", "pvt",
    "adm", "brig", "cmdr", "cdr", "gov", "sen", "rep", "pres", "rev", "hon", "st", "jr", "sr",
    "inc", "co", "corp", "ltd", "vs", "no", "nos", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "mt", "ft", "ave", "dept", "fig", "approx", "est", "vol",
    "op", "al",
];

/// A paragraph longer than this many characters is cut in windows of this size (see the
/// module notes).
const WINDOW_CHARS: usize = 1 << 16;

/// Splits a body into passages: paragraphs separated by blank lines (or single newlines),
/// long ones cut at sentence ends so no passage exceeds `max_chars` where a boundary exists.
pub fn split(text: &str, max_chars: usize) -> Vec<Passage> {
    split_in_windows(text, max_chars, WINDOW_CHARS)
}

/// Characters before a window's first cut kept for context: the abbreviation test looks back
/// up to 12.
const LOOK_BEHIND: usize = 16;

/// [`split`] with the window size as a parameter (raised to at least `4 * max_chars + 32`).
fn split_in_windows(text: &str, max_chars: usize, window: usize) -> Vec<Passage> {
    let max = max_chars.max(1);
    let window = window.max(4 * max + 2 * LOOK_BEHIND);
    let mut out = Vec::new();
    let mut chars: Vec<char> = Vec::new();
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    for para in paragraphs(text) {
        let mut rest = &text[para.bytes.0..para.bytes.1];
        // Character offset of `rest` in the text, and how many of its first characters are
        // context already cut.
        let (mut offset, mut context) = (para.chars, 0);
        loop {
            chars.clear();
            chars.extend(rest.chars().take(window));
            let held: usize = chars.iter().map(|c| c.len_utf8()).sum();
            let whole = held == rest.len();
            pieces.clear();
            let trimmed = trim(&chars, context, chars.len());
            // Where the part not yet cut starts.
            let mut resume = match trimmed {
                Some((start, end)) => cut_paragraph(&chars, start, end, max, &mut pieces, whole),
                None => chars.len(),
            };
            if whole {
                merge_tiny_tail(&mut pieces, max);
            } else if pieces.len() >= 2 {
                // The last piece is cut again in the next window, where a tiny tail of the
                // paragraph can still join it.
                resume = pieces.pop().expect("two pieces").0;
            } else if resume <= context {
                // Short text, then only whitespace to the window's end: a piece of its own.
                pieces.extend(trimmed);
                resume = chars.len();
            }
            for &(s, e) in &pieces {
                out.push(Passage {
                    number: u32::try_from(out.len()).unwrap_or(u32::MAX),
                    start: offset + s,
                    end: offset + e,
                    text: chars[s..e].iter().collect(),
                });
            }
            if whole {
                break;
            }
            let keep = resume.min(LOOK_BEHIND);
            let next = resume - keep;
            let used: usize = chars[..next].iter().map(|c| c.len_utf8()).sum();
            rest = &rest[used..];
            offset += next;
            context = keep;
        }
    }
    out
}

/// A paragraph: its byte range in the text and the character offset where it starts.
struct Para {
    bytes: (usize, usize),
    chars: usize,
}

/// One line of the text: byte range, character offset, and how it reads.
struct Line {
    bytes: (usize, usize),
    chars: usize,
    blank: bool,
    /// Long, or ends like a sentence: tells prose lines from hard-wrapped ones.
    prose: bool,
}

/// The text's lines, in one pass.
fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let (mut byte, mut chars) = (0, 0);
    for line in text.split('\n') {
        let n = line.chars().count();
        let last = line.chars().rev().find(|c| !c.is_whitespace());
        out.push(Line {
            bytes: (byte, byte + line.len()),
            chars,
            blank: last.is_none(),
            prose: n >= LONG_LINE_CHARS
                || last.is_some_and(|c| matches!(c, '.' | '?' | '!' | '"' | '”' | '’' | ':')),
        });
        byte += line.len() + 1;
        chars += n + 1;
    }
    out
}

/// Paragraphs: runs of non-blank lines, or single lines when the text has no blank line and
/// is not hard-wrapped.
fn paragraphs(text: &str) -> Vec<Para> {
    let lines = lines(text);
    let content: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].blank).collect();
    let has_blank_between = match (content.first(), content.last()) {
        (Some(&a), Some(&b)) => (a..b).any(|i| lines[i].blank),
        _ => false,
    };
    let para = |first: &Line, last: &Line| Para {
        bytes: (first.bytes.0, last.bytes.1),
        chars: first.chars,
    };
    if !has_blank_between && lines_are_paragraphs(&lines, &content) {
        let paras = content.iter().map(|&i| para(&lines[i], &lines[i]));
        return join_introductions(text, paras);
    }
    let mut paras = Vec::new();
    let mut open: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        match (line.blank, open) {
            (false, None) => open = Some(i),
            (true, Some(first)) => {
                paras.push(para(&lines[first], &lines[i - 1]));
                open = None;
            }
            _ => {}
        }
        if let Some(first) = open.filter(|_| i + 1 == lines.len()) {
            paras.push(para(&lines[first], line));
        }
    }
    join_introductions(text, paras)
}

/// A paragraph that ends with a colon introduces the one after it ("Minister Tobias Ellwood
/// said:" before the statement, "ministers made the following announcements:" before the
/// list): the two are one paragraph, so that a statement's passage names its speaker and a
/// list's its subject, and the introduction is no passage of its own.
fn join_introductions(text: &str, paras: impl IntoIterator<Item = Para>) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    let mut joins_next = false;
    for p in paras {
        let introduces = text[p.bytes.0..p.bytes.1].trim_end().ends_with(':');
        match out.last_mut() {
            Some(last) if joins_next => last.bytes.1 = p.bytes.1,
            _ => out.push(p),
        }
        joins_next = introduces;
    }
    out
}

/// Whether single lines are paragraphs: most lines are long or end a sentence.
fn lines_are_paragraphs(lines: &[Line], content: &[usize]) -> bool {
    if content.len() < 2 {
        return false;
    }
    // The last line ends a paragraph either way, so only the others tell wrapping from prose.
    let judged = &content[..content.len() - 1];
    let prose = judged.iter().filter(|&&i| lines[i].prose).count();
    prose * 2 >= judged.len()
}

/// The range without surrounding whitespace, or `None` if nothing is left.
fn trim(chars: &[char], mut start: usize, mut end: usize) -> Option<(usize, usize)> {
    while start < end && chars[start].is_whitespace() {
        start += 1;
    }
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    (start < end).then_some((start, end))
}

/// Cuts a trimmed paragraph into pieces of at most `max` chars, greedily at the last sentence
/// boundary that fits, else at the last word boundary, else hard. Returns where the last
/// piece starts; with `last` false (the paragraph goes on past `end`) that piece is not cut:
/// each cut made depends only on the `max` characters after where its piece starts, all
/// before `end`, while the last piece's end would depend on what follows.
fn cut_paragraph(
    chars: &[char],
    start: usize,
    end: usize,
    max: usize,
    out: &mut Vec<(usize, usize)>,
    last: bool,
) -> usize {
    if end - start <= max {
        if last {
            out.push((start, end));
        }
        return start;
    }
    let starts: Vec<usize> = (start..end)
        .filter_map(|i| sentence_start_after(chars, i, end))
        .collect();
    // `starts[..k]` are the sentence starts at or before the current limit; the limit only grows.
    let mut k = 0;
    let mut cur = start;
    while end - cur > max {
        let limit = cur + max;
        while k < starts.len() && starts[k] <= limit {
            k += 1;
        }
        let cut = match k.checked_sub(1).map(|j| starts[j]) {
            Some(b) if b > cur => b,
            _ => word_cut(chars, cur, limit),
        };
        out.extend(trim(chars, cur, cut));
        cur = cut;
        while cur < end && chars[cur].is_whitespace() {
            cur += 1;
        }
    }
    if last {
        out.extend(trim(chars, cur, end));
    }
    cur
}

/// If a sentence ends at `i` (a terminator), the offset where the next sentence starts.
fn sentence_start_after(chars: &[char], i: usize, end: usize) -> Option<usize> {
    let c = chars[i];
    if !matches!(c, '.' | '?' | '!') {
        return None;
    }
    let mut j = i + 1;
    while j < end && matches!(chars[j], '"' | '\'' | '”' | '’' | ')' | ']' | '»') {
        j += 1;
    }
    let ws = j;
    while j < end && chars[j].is_whitespace() {
        j += 1;
    }
    if j == ws || j >= end {
        return None;
    }
    let next = chars[j];
    let opens = next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(next, '"' | '\'' | '“' | '‘' | '(' | '[' | '«');
    if !opens || (c == '.' && is_abbreviation(chars, i)) {
        return None;
    }
    Some(j)
}

/// Whether the word before the period at `dot` is an abbreviation or an initial.
fn is_abbreviation(chars: &[char], dot: usize) -> bool {
    let mut s = dot;
    // Abbreviations are short: look back a bounded distance so the scan stays linear.
    while s > 0 && dot - s < 12 && (chars[s - 1].is_alphabetic() || chars[s - 1] == '.') {
        s -= 1;
    }
    let word = &chars[s..dot];
    if word.is_empty() {
        return false;
    }
    if word.contains(&'.') {
        // "U.S.", "e.g.", "a.m."
        return true;
    }
    if word.len() == 1 {
        // An initial ("John F. Kennedy"); a lone lowercase letter is rarely a sentence end.
        return true;
    }
    let lower: String = word.iter().flat_map(|c| c.to_lowercase()).collect();
    ABBREVIATIONS.contains(&lower.as_str())
}

/// The end of the last whole word within `[cur, limit)`, or `limit` if the run has no space.
fn word_cut(chars: &[char], cur: usize, limit: usize) -> usize {
    (cur + 1..=limit)
        .rev()
        .find(|&i| chars[i].is_whitespace() && !chars[i - 1].is_whitespace())
        .unwrap_or(limit)
}

/// Merges a short last piece of a paragraph's pieces into the one before when the result fits.
fn merge_tiny_tail(out: &mut Vec<(usize, usize)>, max: usize) {
    if out.len() < 2 {
        return;
    }
    let (ts, te) = out[out.len() - 1];
    let (ps, _) = out[out.len() - 2];
    if te - ts < MIN_TAIL_CHARS && te - ps <= max {
        out.pop();
        let last = out.len() - 1;
        out[last].1 = te;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Three paragraphs of the seed article (`shared/data/corpora/seed/000_c3bebdd9ecb442e1.txt`).
    const SEED: &str = "What has been described as a “rogue Iranian-led militia” has breached the 55 km deconfliction zone around the U.S Special Operations base at al-Tanf and attacked MAT, an anti-ISIS unit trained by the U.S.\n\nMaghaweir al-Thowra (MAT) is a group that has been trained, equipped and led by American and coalition SOF operators in the tiny base of al-Tanf. MAT reported that an Iranian-led militia entered the 55km deconfliction zone and attacked their forces. They pushed the militia forces back.\n\nMAT forces also claim that this rogue Iranian proxy may have come under attack from Russian airstrikes just outside of the deconfliction zone. Major Johnny Walker a spokesman with Special Operations Joint Task Force-Operation Inherent Resolve said that they are monitoring the situation but didn’t comment further as to whether U.S. soldiers took part in the fighting. \n\n“We are closely monitoring reported hostilities around the 55km de-confliction zone in southern Syria. We are coordinating with our partners, the Maghaweir al-Thowra, and using de-confliction protocols to ensure the safety of our forces,” he said. \n";

    fn char_slice(text: &str, s: usize, e: usize) -> String {
        text.chars().skip(s).take(e - s).collect()
    }

    fn texts(ps: &[Passage]) -> Vec<&str> {
        ps.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn seed_paragraphs_become_passages_with_char_offsets() {
        let ps = split(SEED, MAX_PASSAGE_CHARS);
        assert_eq!(ps.len(), 4);
        assert!(ps[0].text.starts_with("What has been"));
        assert!(ps[2].text.ends_with("in the fighting."));
        assert!(ps[3].text.ends_with("he said."));
        for (n, p) in ps.iter().enumerate() {
            assert_eq!(p.number as usize, n);
            assert_eq!(char_slice(SEED, p.start, p.end), p.text);
        }
        // The curly quotes before it are one char each, not three bytes.
        assert_eq!(
            ps[1].start,
            SEED.split("\n\n").next().unwrap().chars().count() + 2
        );
    }

    #[test]
    fn an_introduction_ending_in_a_colon_is_one_passage_with_what_it_introduces() {
        let text = "Ellwood visited Baghdad.\n\nMinister Tobias Ellwood said:\n\n\
                    “We condemn this attack.”\n\nThe ministers agreed:\n\nfirst, aid;\n\n\
                    The talks ended.";
        let ps = split(text, MAX_PASSAGE_CHARS);
        assert_eq!(
            texts(&ps),
            [
                "Ellwood visited Baghdad.",
                "Minister Tobias Ellwood said:\n\n“We condemn this attack.”",
                "The ministers agreed:\n\nfirst, aid;",
                "The talks ended."
            ]
        );
        for p in &ps {
            assert_eq!(char_slice(text, p.start, p.end), p.text);
        }
        // Lines as paragraphs (no blank line), and a colon at the very end.
        let ps = split("He said:\n“No.”\nIt ended with:", MAX_PASSAGE_CHARS);
        assert_eq!(texts(&ps), ["He said:\n“No.”", "It ended with:"]);
        // Cut at sentences inside the joined paragraph when it is too long.
        let ps = split("One. Two said:\n\nThree.", 12);
        assert!(ps.iter().all(|p| p.text.chars().count() <= 12), "{ps:?}");
    }

    #[test]
    fn seed_paragraph_cut_at_sentences_not_after_abbreviations() {
        let para = SEED.split("\n\n").nth(2).unwrap().trim();
        let ps = split(para, 200);
        assert_eq!(
            ps[0].text,
            "MAT forces also claim that this rogue Iranian proxy may have come under attack from \
             Russian airstrikes just outside of the deconfliction zone."
        );
        // The second sentence is longer than 200 chars: cut at a word, never after "U.S.".
        assert!(ps.len() >= 3, "{ps:?}");
        assert!(ps[1].text.starts_with("Major Johnny Walker"));
        assert!(ps.iter().all(|p| p.text.chars().count() <= 200));
        assert!(!ps.iter().any(|p| p.text.ends_with("U.S.")), "{ps:?}");
        assert_eq!(texts(&ps).join(" "), para);
    }

    #[test]
    fn us_abbreviation_is_not_a_boundary() {
        let text = "Forces gathered near the U.S. Special Operations base at al-Tanf today. Militias moved closer.";
        let ps = split(text, 80);
        assert_eq!(
            texts(&ps),
            vec![
                "Forces gathered near the U.S. Special Operations base at al-Tanf today.",
                "Militias moved closer."
            ]
        );
        // With only 60 chars to fill, a cut after "U.S." would be the greedy choice.
        let text = "The militia approached the U.S. Special Operations base at al-Tanf on Monday.";
        let ps = split(text, 60);
        assert_eq!(ps.len(), 2, "{ps:?}");
        assert!(ps[0].text.contains("U.S. Special"), "{ps:?}");
        let ps = split(
            "Gen. Votel met Maj. Smith and J. Doe in Jan. 2019 at the base. Then left.",
            66,
        );
        assert_eq!(
            texts(&ps)[0],
            "Gen. Votel met Maj. Smith and J. Doe in Jan. 2019 at the base."
        );
    }

    /// The sentences `text` has, as cut at every boundary found.
    fn sentences(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut cuts: Vec<usize> = (0..chars.len())
            .filter_map(|i| sentence_start_after(&chars, i, chars.len()))
            .collect();
        cuts.insert(0, 0);
        cuts.push(chars.len());
        cuts.windows(2)
            .map(|w| {
                chars[w[0]..w[1]]
                    .iter()
                    .collect::<String>()
                    .trim()
                    .to_owned()
            })
            .collect()
    }

    #[test]
    fn boundaries_skip_abbreviations_initials_and_decimals() {
        assert_eq!(
            sentences(
                "Gen. Votel met Maj. Smith, J. F. Doe and Mr. Lee in Jan. 2019 near the U.S. base. \
                 It cost 3.5 million. He said no. 5 more came! Why? “Because.” (Later.) The end."
            ),
            vec![
                "Gen. Votel met Maj. Smith, J. F. Doe and Mr. Lee in Jan. 2019 near the U.S. base.",
                "It cost 3.5 million.",
                "He said no. 5 more came!",
                "Why?",
                "“Because.”",
                "(Later.)",
                "The end.",
            ]
        );
        assert_eq!(
            sentences("ends lower. next one"),
            vec!["ends lower. next one"]
        );
    }

    #[test]
    fn closing_quotes_and_questions_end_sentences() {
        let text = "He said “We will stay.” Then he left? Yes! “Next” came later.";
        let ps = split(text, 30);
        assert_eq!(
            texts(&ps),
            vec![
                "He said “We will stay.”",
                "Then he left? Yes!",
                "“Next” came later."
            ]
        );
    }

    #[test]
    fn single_newlines_split_prose_but_not_hard_wrapped_text() {
        let prose = "First paragraph ends here.\nSecond paragraph ends here.\nThird one.";
        assert_eq!(split(prose, 1200).len(), 3);
        let wrapped =
            "The troops moved towards the\nborder at dawn and stopped\nnear the river crossing";
        let ps = split(wrapped, 1200);
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].text, wrapped);
        let mixed = "Para one line one\nline two.\n\nPara two.";
        assert_eq!(
            texts(&split(mixed, 1200)),
            vec!["Para one line one\nline two.", "Para two."]
        );
    }

    #[test]
    fn long_sentence_cut_at_words_and_tiny_tail_merged() {
        let ps = split("alpha beta gamma delta", 11);
        assert_eq!(texts(&ps), vec!["alpha beta", "gamma delta"]);
        let ps = split(&"x".repeat(25), 10);
        assert_eq!(texts(&ps), vec!["xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"]);
        // A tiny tail after a word cut joins the previous piece when it fits.
        let long = format!("{} end.", "word ".repeat(30).trim_end());
        let ps = split(&long, 160);
        assert_eq!(ps.len(), 1);
    }

    #[test]
    fn whitespace_and_empty_yield_nothing() {
        assert!(split("", 100).is_empty());
        assert!(split(" \n\n\t\n ", 100).is_empty());
        assert_eq!(split("  x  ", 100)[0].start, 2);
    }

    #[test]
    fn large_text_is_linear() {
        let para = "A sentence of modest length goes here. ".repeat(50_000);
        let start = std::time::Instant::now();
        let ps = split(&para, MAX_PASSAGE_CHARS);
        assert!(ps.len() > 1000);
        let nospace = "y".repeat(2_000_000);
        assert_eq!(
            split(&nospace, MAX_PASSAGE_CHARS).len(),
            2_000_000usize.div_ceil(1200)
        );
        assert!(start.elapsed().as_secs() < 10);
    }

    /// Text built from words, sentence ends, quotes, multi-byte letters and (blank) lines.
    fn article_text() -> impl Strategy<Value = String> {
        let token = prop_oneof![
            4 => "[a-zA-Z]{1,9}",
            1 => "[A-Z][a-z]{0,6}\\.",
            1 => Just("U.S.".to_owned()),
            1 => "[ÄÉéü’“”—]{1,3}",
            1 => "[.?!]",
        ];
        let sep =
            prop_oneof![8 => Just(" "), 1 => Just("\n"), 1 => Just("\n\n"), 1 => Just("  \t")];
        proptest::collection::vec((token, sep), 0..300)
            .prop_map(|parts| parts.into_iter().map(|(t, s)| format!("{t}{s}")).collect())
    }

    /// Checks what every split must hold: numbered in order, offsets matching the text,
    /// trimmed, within the bound, and every non-blank character in some passage.
    fn check_cover(text: &str, ps: &[Passage], max: usize) -> Result<(), TestCaseError> {
        let chars: Vec<char> = text.chars().collect();
        let mut covered = vec![false; chars.len()];
        let mut prev_end = 0;
        for (n, p) in ps.iter().enumerate() {
            prop_assert_eq!(p.number as usize, n);
            prop_assert!(p.start >= prev_end && p.start < p.end, "{:?}", p);
            prop_assert_eq!(&char_slice(text, p.start, p.end), &p.text);
            prop_assert_eq!(p.text.trim(), p.text.as_str());
            prop_assert!(
                p.end - p.start <= max,
                "passage of {} > {}",
                p.end - p.start,
                max
            );
            covered[p.start..p.end].iter_mut().for_each(|c| *c = true);
            prev_end = p.end;
        }
        for (i, c) in chars.iter().enumerate() {
            prop_assert!(
                c.is_whitespace() || covered[i],
                "char {} {:?} not covered",
                i,
                c
            );
        }
        Ok(())
    }

    #[test]
    fn a_paragraph_longer_than_the_window_is_cut_at_sentences_across_windows() {
        let para =
            "The convoy reached Aleppo at dawn. Talks resumed in Geneva on Monday. ".repeat(5_000);
        let para = para.trim_end();
        let whole = split_in_windows(para, MAX_PASSAGE_CHARS, usize::MAX);
        check_cover(para, &whole, MAX_PASSAGE_CHARS).unwrap();
        for window in [4 * MAX_PASSAGE_CHARS, 6000, 10_007, WINDOW_CHARS] {
            assert_eq!(
                split_in_windows(para, MAX_PASSAGE_CHARS, window),
                whole,
                "{window}"
            );
        }
        // Words and hard cuts too.
        let words = "word ".repeat(100_000);
        let whole = split_in_windows(&words, 50, usize::MAX);
        assert_eq!(split_in_windows(&words, 50, 333), whole);
        let hard = "y".repeat(100_000);
        let whole = split_in_windows(&hard, 50, usize::MAX);
        assert_eq!(split_in_windows(&hard, 50, 333), whole);
    }

    proptest! {
        #[test]
        fn windows_keep_every_passage_rule(
            text in article_text(),
            max in 1usize..20,
            extra in 0usize..40,
        ) {
            let window = 4 * max + 2 * LOOK_BEHIND + extra;
            let ps = split_in_windows(&text, max, window);
            check_cover(&text, &ps, max)?;
            prop_assert_eq!(ps, split_in_windows(&text, max, usize::MAX));
        }

        #[test]
        fn passages_cover_text_in_order_within_bounds(text in article_text(), max in 1usize..200) {
            check_cover(&text, &split(&text, max), max)?;
        }
    }
}
