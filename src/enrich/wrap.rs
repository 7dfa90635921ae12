//! Hard-wrapped text: wire services, mail and old archives broke paragraphs into lines of about
//! 70 characters ("... balances at the Federal\nReserve rose ..."). The enricher reads such a
//! break as a space, so that names and sentences run on across it ("Federal Reserve", not
//! "Federal" and a sentence starting "Reserve").
//!
//! A text counts as hard-wrapped when its lines break mid-sentence: a line of
//! [`MIN_WRAPPED`] characters or more ending without closing punctuation, with the next line
//! going on in lowercase, at least [`MIN_EVIDENCE`] times. In such a text, every break after a
//! line that long is a wrap, unless the next line is blank, indented (a new paragraph), a list
//! item, or the line has no lowercase letter (a headline, a table row). Texts with one
//! sentence or paragraph a line, as CoNLL's are rebuilt, never show the pattern and are left
//! as they are. Offsets are kept: the break's bytes ('\n', and a '\r' before it) become spaces.

use std::borrow::Cow;

/// Shortest line, in characters, that may end in a wrap.
const MIN_WRAPPED: usize = 40;
/// Mid-sentence breaks a text needs to count as hard-wrapped.
const MIN_EVIDENCE: usize = 2;

/// `text` with its wrapped line breaks turned into spaces (borrowed when it has none).
pub(crate) fn unwrap_lines(text: &str) -> Cow<'_, str> {
    let evidence = breaks(text).filter(|b| b.1).take(MIN_EVIDENCE).count();
    if evidence < MIN_EVIDENCE {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for ((s, e), _) in breaks(text) {
        bytes[s..e].fill(b' ');
    }
    // Only ASCII bytes ('\r', '\n') were replaced, by ASCII.
    Cow::Owned(String::from_utf8(bytes).expect("UTF-8 kept"))
}

/// The line breaks of `text` that are wraps if the text is hard-wrapped: their byte ranges,
/// and whether each breaks a sentence (the evidence that it is).
fn breaks(text: &str) -> impl Iterator<Item = ((usize, usize), bool)> + '_ {
    let lines = text.split_inclusive('\n').scan(0, |at, line| {
        let start = *at;
        *at += line.len();
        Some((start, line))
    });
    lines
        .clone()
        .zip(lines.skip(1))
        .filter_map(|((start, line), (_, next))| {
            let body = line.trim_end_matches(['\n', '\r']);
            let following = next.trim_end_matches(['\n', '\r']);
            if following.is_empty()
                || following.starts_with(char::is_whitespace)
                || is_list_item(following)
                || !body.chars().any(char::is_lowercase)
                || body.chars().count() < MIN_WRAPPED
            {
                return None;
            }
            let open = !body
                .trim_end()
                .ends_with(['.', '!', '?', ':', ';', '"', '\u{201d}', '\'']);
            let broken = open && following.starts_with(char::is_lowercase);
            Some(((start + body.len(), start + line.len()), broken))
        })
}

/// Whether a line opens a list item ("- ...", "* ...", "1. ...", "2) ...").
fn is_list_item(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    line.starts_with(['-', '*', '\u{2022}'])
        || (digits > 0 && matches!(line.as_bytes().get(digits), Some(b'.' | b')')))
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "BAHIA COCOA REVIEW\n\n    Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought since early\nJanuary and improving prospects, said the Federal\nReserve Bank of New York in its weekly review, and\nthe Bank of\nEngland agreed.\n    Shr 15 cts vs 12 cts\n    Net 1,234 vs 1,100\n Reuter\n";

    #[test]
    fn wrapped_breaks_become_spaces_and_offsets_stay() {
        let out = unwrap_lines(WIRE);
        assert_eq!(out.len(), WIRE.len());
        assert!(out.contains("in the Bahia cocoa zone"), "{out}");
        assert!(out.contains("since early January"), "{out}");
        assert!(out.contains("the Federal Reserve Bank"), "{out}");
        assert!(out.contains("review, and the Bank of\nEngland"), "{out}");
        // The headline, its blank line, the indented paragraphs, the table and the sign-off
        // keep their breaks; so does a short line ("the Bank of").
        assert!(
            out.starts_with("BAHIA COCOA REVIEW\n\n    Showers"),
            "{out}"
        );
        assert!(
            out.contains("agreed.\n    Shr 15 cts vs 12 cts\n    Net"),
            "{out}"
        );
        assert!(out.ends_with("\n Reuter\n"), "{out}");
    }

    #[test]
    fn one_sentence_a_line_is_left_alone() {
        let conll = "EU rejects German call to boycott British lamb .\nPeter Blackburn\nBRUSSELS 1996-08-22\nThe European Commission said on Thursday it disagreed with German advice to consumers to shun British lamb until scientists determine whether mad cow disease can be transmitted to sheep .\nGermany 's representative to the European Union 's veterinary committee Werner Zwingmann said on Wednesday consumers should buy sheepmeat from countries other than Britain until the scientific advice was clearer .\n";
        assert!(matches!(unwrap_lines(conll), Cow::Borrowed(_)));
        assert!(matches!(unwrap_lines("no breaks at all"), Cow::Borrowed(_)));
    }

    #[test]
    fn one_broken_sentence_is_not_enough_and_crlf_breaks_are_blanked_whole() {
        let once = "A line that is long enough to have been wrapped by a\nmailer, but only once in this text.\n";
        assert!(matches!(unwrap_lines(once), Cow::Borrowed(_)));
        let crlf = "A line that is long enough to have been wrapped by a\r\nmailer, and here is another line long enough to wrap\r\nagain in lowercase.\r\n";
        let out = unwrap_lines(crlf);
        assert_eq!(
            out,
            "A line that is long enough to have been wrapped by a  mailer, and here is another line long enough to wrap  again in lowercase.\r\n"
        );
    }

    #[test]
    fn list_items_keep_their_breaks() {
        let text = "The statement listed the following points that the\ngroup would raise with the ministers at their meeting:\n- first point of the list of demands made\n- second point, which came after the first\nand the talks went on in lowercase after that list.\n";
        let out = unwrap_lines(text);
        assert!(out.contains("the group would raise"), "{out}");
        assert!(out.contains("meeting:\n- first"), "{out}");
        assert!(out.contains("made\n- second"), "{out}");
    }
}
