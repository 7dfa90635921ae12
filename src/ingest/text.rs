//! Plain text -> article: the first line is the title when it reads like a headline (as in the
//! BBC corpus), otherwise the whole file is the body.

use super::tidy;
use crate::article::Article;

/// Longest first line (in characters) still taken as a headline.
const MAX_TITLE_CHARS: usize = 150;

/// Reads a decoded plain-text file.
pub fn parse(rel: &str, text: &str) -> Article {
    let text = text.trim_start_matches(|c: char| c.is_whitespace());
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let (title, body) = if looks_like_headline(first, rest) {
        (first.trim().to_owned(), rest)
    } else {
        (String::new(), text)
    };
    Article {
        path: rel.to_owned(),
        title,
        text: tidy(body),
        ..Article::default()
    }
}

/// Whether `first` is a headline: short, not ending a sentence with a period, followed by text.
fn looks_like_headline(first: &str, rest: &str) -> bool {
    let first = first.trim();
    if first.is_empty() || rest.trim().is_empty() || first.chars().count() > MAX_TITLE_CHARS {
        return false;
    }
    // A trailing ellipsis ("Rivals of the £400 Apple...") is a teaser headline, not a sentence.
    let ellipsis = first.ends_with("...") || first.ends_with('…');
    if first.ends_with([',', ';', ':', '-']) || (first.ends_with('.') && !ellipsis) {
        return false;
    }
    // Without a blank line after it, the first line may be a hard-wrapped sentence: only a
    // capitalised next line makes it a heading.
    let next_blank = rest.split('\n').next().is_some_and(|l| l.trim().is_empty());
    next_blank
        || rest
            .trim_start()
            .chars()
            .next()
            .is_some_and(|c| !c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bbc_style_headline() {
        let a = parse(
            "tech/001.txt",
            "US duo in first spam conviction\n\nA brother and sister in the US.\n\nSecond  \n\n\n\nThird.\n",
        );
        assert_eq!(a.title, "US duo in first spam conviction");
        assert_eq!(
            a.text,
            "A brother and sister in the US.\n\nSecond\n\nThird."
        );
        assert_eq!(a.path, "tech/001.txt");
        assert_eq!(a.record, 0);
    }

    #[test]
    fn long_first_sentence_is_body() {
        // The opening of the seed article: 200 characters, no title.
        let first = "What has been described as a “rogue Iranian-led militia” has breached the 55 km \
                     deconfliction zone around the U.S Special Operations base at al-Tanf and \
                     attacked MAT, an anti-ISIS unit trained by the U.S.";
        let text = format!("{first}\n\nMaghaweir al-Thowra (MAT) is a group.\n");
        let a = parse("seed.txt", &text);
        assert_eq!(a.title, "");
        assert!(a.text.starts_with("What has been described"));
        assert!(a.text.ends_with("is a group."));
    }

    #[test]
    fn short_sentence_and_lone_line_are_not_titles() {
        assert_eq!(parse("a.txt", "It rained.\n\nMore text here.").title, "");
        assert_eq!(parse("a.txt", "Only one line").title, "");
        assert_eq!(parse("a.txt", "Only one line").text, "Only one line");
        assert_eq!(
            parse("a.txt", "The troops moved towards the\nborder at dawn.").title,
            ""
        );
    }

    #[test]
    fn ellipsis_headline() {
        let a = parse(
            "tech/301.txt",
            "Rivals of the £400 Apple...\n\nThe Mac mini is cheap.",
        );
        assert_eq!(a.title, "Rivals of the £400 Apple...");
        assert_eq!(a.text, "The Mac mini is cheap.");
    }

    #[test]
    fn question_headline_directly_followed_by_text() {
        let a = parse(
            "a.txt",
            "\n\nWho controls al-Tanf?\nThe base is held by U.S. forces.",
        );
        assert_eq!(a.title, "Who controls al-Tanf?");
        assert_eq!(a.text, "The base is held by U.S. forces.");
    }
}
