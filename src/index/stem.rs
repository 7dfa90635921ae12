//! English stemming with a memo: the same Snowball stemmer tantivy's `Stemmer` filter runs
//! (`frostem`), but each distinct word is stemmed once per tokenizer and then looked up. News
//! text repeats a small vocabulary, and stemming was a fifth of the indexing work.

use rustc_hash::FxHashMap;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words kept in a tokenizer's memo before it is emptied (about 5 MB).
const MAX_WORDS: usize = 100_000;

/// A [`TokenFilter`] stemming English like `tantivy::tokenizer::Stemmer`, with a memo.
/// Tokens are expected to be lowercased beforehand.
#[derive(Clone, Default)]
pub struct MemoStemmer;

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter {
            inner,
            memo: FxHashMap::default(),
        }
    }
}

/// The tokenizer [`MemoStemmer`] makes; each clone (one per indexing thread and field) has
/// its own memo.
#[derive(Clone)]
pub struct MemoStemmerFilter<T> {
    inner: T,
    memo: FxHashMap<Box<str>, Box<str>>,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.memo.len() > MAX_WORDS {
            self.memo.clear();
        }
        MemoStemmerStream {
            tail: self.inner.token_stream(text),
            memo: &mut self.memo,
        }
    }
}

/// The token stream of [`MemoStemmerFilter`].
pub struct MemoStemmerStream<'a, T> {
    tail: T,
    memo: &'a mut FxHashMap<Box<str>, Box<str>>,
}

fn stemmer() -> &'static frostem::Stemmer {
    static S: std::sync::OnceLock<frostem::Stemmer> = std::sync::OnceLock::new();
    S.get_or_init(|| frostem::Stemmer::new(frostem::Algorithm::English))
}

impl<T: TokenStream> TokenStream for MemoStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let stem = match self.memo.get(token.text.as_str()) {
            Some(stem) => stem,
            None => {
                let stem: Box<str> = stemmer().stem(&token.text).into();
                self.memo.entry(token.text.as_str().into()).or_insert(stem)
            }
        };
        if **stem != *token.text {
            token.text.clear();
            token.text.push_str(stem);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};

    fn tokens(a: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut s = a.token_stream(text);
        while s.advance() {
            let t = s.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    #[test]
    fn stems_like_tantivys_stemmer() {
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut memo = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(MemoStemmer)
            .build();
        let texts = [
            "The militias were attacking; attacked, attacks, attacker's generously running runs",
            "Running ran runner RUNNING fairly fairness consigned consigning consignment",
            "Ärzte über Zürich naïve café 1,000.50 al-Tanf U.S. Iranian-led",
            "",
        ];
        // Twice, so the second round reads from the memo.
        for text in texts.iter().chain(&texts) {
            assert_eq!(
                tokens(&mut memo, text),
                tokens(&mut plain, text),
                "{text:?}"
            );
        }
    }
}
