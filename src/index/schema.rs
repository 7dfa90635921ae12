//! The one tantivy schema: one document per passage, with the article's fields repeated so a
//! hit needs no join. Field names live here and nowhere else.

use std::str::CharIndices;
use tantivy::Index;
use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Field, INDEXED, IndexRecordOption, STORED, STRING,
    Schema, TextFieldIndexing, TextOptions,
};

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token,
    TokenStream, Tokenizer,
};

use super::stem::MemoStemmer;

/// Tokenizer for passage text and titles: words, lowercased, ASCII-folded, English-stemmed.
pub const TEXT_TOKENIZER: &str = "dossier_text";
/// Tokenizer for topic ids and entity names: words, lowercased, ASCII-folded, not stemmed.
pub const ENTITY_TOKENIZER: &str = "dossier_entity";
/// Tokenizer for entity ids: each value between two [`TERM_SEP`] is one term, as written.
pub const ID_TOKENIZER: &str = "dossier_id";

/// Separates the names of one entity field's value ([`join_terms`]): the entity tokenizer leaves
/// a position free there, so a phrase query never matches across two names, as if each name
/// were a value of its own (which is how tantivy separates values) at a fraction of the cost.
pub const TERM_SEP: char = '\u{1f}';

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Article id (`path` or `path#line`): raw string, indexed, stored, fast.
    pub article_id: Field,
    /// Path relative to the corpus root: raw string, indexed (deletes go by path), stored, fast.
    pub path: Field,
    /// Record number inside the file.
    pub record: Field,
    /// Article title: tokenized text, stored.
    pub title: Field,
    /// Passage text: tokenized with positions, stored.
    pub text: Field,
    /// Passage number in the article: indexed, stored, fast.
    pub passage: Field,
    /// Passage start offset (characters) in the article text.
    pub start: Field,
    /// Passage end offset (characters) in the article text.
    pub end: Field,
    /// Publication date (day precision): indexed, stored, fast.
    pub date: Field,
    /// Ids of the passage's actors (`actor_id`), for `actor:` filters, which the entity name
    /// table ([`super::names`]) resolves to ids.
    pub actor: Field,
    /// Ids of the passage's places and of their regions and countries (`place_id`), for
    /// `place:` filters.
    pub place: Field,
    /// Topic ids of the passage: tokenized, for `topic:` filters.
    pub topic: Field,
    /// `kind\x1fid\x1fname` of each actor: stored and fast, for display and facets.
    pub actor_key: Field,
    /// `kind\x1fid\x1fname` of each place: stored and fast, for display and facets.
    pub place_key: Field,
    /// `id\x1fscore` of each passage topic: stored and fast.
    pub topic_key: Field,
    /// `id\x1fname\x1fkind\x1fsurface\x1fcount` for each distinct mention form: fast, for
    /// the entity table (`dossier entities`).
    pub mention_key: Field,
    /// Packed coordinates of each geocoded place mentioned ([`pack_geo`]): fast, for `--near`.
    pub geo: Field,
    /// Ids of the coarse grid cells holding those places, at every level of
    /// [`super::geo::LEVELS`]: indexed only, so `--near` reads just the passages near the point.
    pub geo_cell: Field,
    /// Original address of the article.
    pub url: Field,
    /// Publisher or source.
    pub source: Field,
    /// Content hash of the source file (hex), for integrity checks.
    pub file_hash: Field,
}

/// Separator inside `*_key` values.
pub const KEY_SEP: char = '\u{1f}';

/// An entity as stored in `actor_key`/`place_key`: `kind␟id␟name[␟lat␟lon]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EntityKey<'a> {
    /// Entity kind (`person`, `organization`, `place`, `nationality`).
    pub kind: &'a str,
    /// Canonical id.
    pub id: &'a str,
    /// Canonical name.
    pub name: &'a str,
    /// Coordinates of a geocoded place.
    pub coords: Option<(f64, f64)>,
}

impl<'a> EntityKey<'a> {
    /// Encodes the key.
    pub fn encode(&self) -> String {
        let mut s = format!("{}{KEY_SEP}{}{KEY_SEP}{}", self.kind, self.id, self.name);
        if let Some((lat, lon)) = self.coords {
            s.push_str(&format!("{KEY_SEP}{lat:.5}{KEY_SEP}{lon:.5}"));
        }
        s
    }

    /// Decodes a key written by [`EntityKey::encode`].
    pub fn parse(s: &'a str) -> Option<EntityKey<'a>> {
        let mut parts = s.split(KEY_SEP);
        let (kind, id, name) = (parts.next()?, parts.next()?, parts.next()?);
        let coords = match (parts.next(), parts.next()) {
            (Some(lat), Some(lon)) => Some((lat.parse().ok()?, lon.parse().ok()?)),
            _ => None,
        };
        Some(EntityKey {
            kind,
            id,
            name,
            coords,
        })
    }
}

/// Packs latitude and longitude into one u64 (32 bits each, about 1 cm resolution).
pub fn pack_geo(lat: f64, lon: f64) -> u64 {
    let q = |v: f64, range: f64| {
        (((v + range) / (2.0 * range)).clamp(0.0, 1.0) * f64::from(u32::MAX)).round() as u64
    };
    (q(lat, 90.0) << 32) | q(lon, 180.0)
}

/// Unpacks [`pack_geo`].
pub fn unpack_geo(v: u64) -> (f64, f64) {
    let d = |q: u64, range: f64| q as f64 / f64::from(u32::MAX) * 2.0 * range - range;
    (d(v >> 32, 90.0), d(v & 0xFFFF_FFFF, 180.0))
}

/// Great-circle distance (defined with the mentions' coordinates, which enrichment uses too).
pub use crate::article::distance_km;

/// Builds the schema and the field handles.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text_indexing = TextFieldIndexing::default()
        .set_tokenizer(TEXT_TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let entity_indexing = TextFieldIndexing::default()
        .set_tokenizer(ENTITY_TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text_stored = TextOptions::default()
        .set_indexing_options(text_indexing)
        .set_stored();
    let entity = TextOptions::default().set_indexing_options(entity_indexing);
    // Term frequencies (always 1) and field lengths for BM25: a passage that mentions fewer
    // entities ranks first on an entity filter alone.
    let ids = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ID_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let key = TextOptions::default().set_stored().set_fast("raw");
    let date = DateOptions::default()
        .set_indexed()
        .set_stored()
        .set_fast()
        .set_precision(DateTimePrecision::Seconds);
    let fields = Fields {
        article_id: b.add_text_field("article_id", STRING | STORED | FAST),
        path: b.add_text_field("path", STRING | STORED | FAST),
        record: b.add_u64_field("record", STORED),
        title: b.add_text_field("title", text_stored.clone()),
        text: b.add_text_field("text", text_stored),
        passage: b.add_u64_field("passage", INDEXED | STORED | FAST),
        start: b.add_u64_field("start", STORED),
        end: b.add_u64_field("end", STORED),
        date: b.add_date_field("date", date),
        actor: b.add_text_field("actor_id", ids.clone()),
        place: b.add_text_field("place_id", ids),
        topic: b.add_text_field("topic", entity),
        actor_key: b.add_text_field("actor_key", key.clone()),
        place_key: b.add_text_field("place_key", key.clone()),
        topic_key: b.add_text_field("topic_key", key),
        mention_key: b.add_text_field("mention_key", TextOptions::default().set_fast("raw")),
        geo: b.add_u64_field("geo", FAST),
        geo_cell: b.add_u64_field("geo_cell", INDEXED),
        url: b.add_text_field("url", STORED),
        source: b.add_text_field("source", STORED),
        file_hash: b.add_text_field("file_hash", STORED),
    };
    (b.build(), fields)
}

/// Looks the field handles up in an opened index's schema.
pub fn fields_of(schema: &Schema) -> Option<Fields> {
    let f = |name: &str| schema.get_field(name).ok();
    Some(Fields {
        article_id: f("article_id")?,
        path: f("path")?,
        record: f("record")?,
        title: f("title")?,
        text: f("text")?,
        passage: f("passage")?,
        start: f("start")?,
        end: f("end")?,
        date: f("date")?,
        actor: f("actor_id")?,
        place: f("place_id")?,
        topic: f("topic")?,
        actor_key: f("actor_key")?,
        place_key: f("place_key")?,
        topic_key: f("topic_key")?,
        mention_key: f("mention_key")?,
        geo: f("geo")?,
        geo_cell: f("geo_cell")?,
        url: f("url")?,
        source: f("source")?,
        file_hash: f("file_hash")?,
    })
}

/// Registers dossier's tokenizers on an index; needed every time an index is opened.
pub fn register_tokenizers(index: &Index) {
    let text = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(MemoStemmer)
        .build();
    let entity = TextAnalyzer::builder(EntityTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    index.tokenizers().register(TEXT_TOKENIZER, text);
    index.tokenizers().register(ENTITY_TOKENIZER, entity);
    index
        .tokenizers()
        .register(ID_TOKENIZER, TextAnalyzer::from(IdTokenizer::default()));
}

/// The id fields' tokenizer: each piece of the value between two [`TERM_SEP`] is one term,
/// unchanged (ids are written in one form).
#[derive(Clone, Default)]
pub struct IdTokenizer {
    token: Token,
}

/// The token stream of [`IdTokenizer`].
pub struct IdTokenStream<'a> {
    pieces: std::str::Split<'a, char>,
    at: usize,
    token: &'a mut Token,
}

impl Tokenizer for IdTokenizer {
    type TokenStream<'a> = IdTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> IdTokenStream<'a> {
        self.token.reset();
        IdTokenStream {
            pieces: text.split(TERM_SEP),
            at: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for IdTokenStream<'_> {
    fn advance(&mut self) -> bool {
        for piece in self.pieces.by_ref() {
            let from = self.at;
            self.at += piece.len() + TERM_SEP.len_utf8();
            if piece.is_empty() {
                continue;
            }
            self.token.position = self.token.position.wrapping_add(1);
            self.token.offset_from = from;
            self.token.offset_to = from + piece.len();
            self.token.text.clear();
            self.token.text.push_str(piece);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The entity fields' tokenizer: runs of alphanumeric characters, as tantivy's
/// [`SimpleTokenizer`], with a free position at each [`TERM_SEP`].
#[derive(Clone, Default)]
pub struct EntityTokenizer {
    token: Token,
}

/// The token stream of [`EntityTokenizer`].
pub struct EntityTokenStream<'a> {
    text: &'a str,
    chars: CharIndices<'a>,
    token: &'a mut Token,
    /// Separators passed since the last token.
    gaps: usize,
}

impl Tokenizer for EntityTokenizer {
    type TokenStream<'a> = EntityTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> EntityTokenStream<'a> {
        self.token.reset();
        EntityTokenStream {
            text,
            chars: text.char_indices(),
            token: &mut self.token,
            gaps: 0,
        }
    }
}

impl TokenStream for EntityTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        while let Some((from, c)) = self.chars.next() {
            if c == TERM_SEP {
                self.gaps += 1;
            } else if c.is_alphanumeric() {
                let mut to = self.text.len();
                let mut sep_after = false;
                for (at, c) in self.chars.by_ref() {
                    if !c.is_alphanumeric() {
                        to = at;
                        sep_after = c == TERM_SEP;
                        break;
                    }
                }
                // The first token is at 0 (`reset` leaves the position at usize::MAX).
                let step = if self.token.position == usize::MAX {
                    1
                } else {
                    1 + self.gaps
                };
                self.gaps = usize::from(sep_after);
                self.token.position = self.token.position.wrapping_add(step);
                self.token.offset_from = from;
                self.token.offset_to = to;
                self.token.text.push_str(&self.text[from..to]);
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Joins an entity field's names into one value for [`EntityTokenizer`].
pub fn join_terms<'a>(out: &mut String, terms: impl IntoIterator<Item = &'a str>) {
    for t in terms {
        if !out.is_empty() {
            out.push(TERM_SEP);
        }
        out.push_str(t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens (text, position, offsets) of `text` through `tok`.
    fn tokens_of<T: Tokenizer>(tok: &mut T, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = tok.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    /// Tokens of `text` through the entity tokenizer.
    fn entity_tokens(text: &str) -> Vec<(String, usize, usize, usize)> {
        tokens_of(&mut EntityTokenizer::default(), text)
    }

    #[test]
    fn entity_tokenizer_splits_as_the_simple_one_and_leaves_a_gap_between_names() {
        let text = "Maghaweir al-Thowra, MAT: Ḥomṣ 55km";
        let expected = tokens_of(&mut SimpleTokenizer::default(), text);
        assert_eq!(entity_tokens(text), expected);

        let mut joined = String::new();
        join_terms(&mut joined, ["country:us", "United States", "US"]);
        join_terms(&mut joined, ["America"]);
        let positions: Vec<(String, usize)> = entity_tokens(&joined)
            .into_iter()
            .map(|(t, p, ..)| (t, p))
            .collect();
        let want = [
            ("country", 0),
            ("us", 1),
            ("United", 3),
            ("States", 4),
            ("US", 6),
            ("America", 8),
        ];
        let want: Vec<(String, usize)> = want.iter().map(|(t, p)| (t.to_string(), *p)).collect();
        assert_eq!(positions, want);
        // A separator next to other punctuation, and leading or doubled, still leaves one gap
        // per separator between tokens and none before the first.
        let odd = format!("{TERM_SEP}a.{TERM_SEP} b{TERM_SEP}{TERM_SEP}c");
        let positions: Vec<usize> = entity_tokens(&odd).iter().map(|t| t.1).collect();
        assert_eq!(positions, [0, 2, 5]);
    }

    #[test]
    fn id_tokenizer_keeps_each_value_whole() {
        let mut joined = String::new();
        join_terms(
            &mut joined,
            ["org:mat", "place:al-tanf", "", "coord:33.5000,38.6600"],
        );
        let tokens = tokens_of(&mut IdTokenizer::default(), &joined);
        let texts: Vec<&str> = tokens.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(texts, ["org:mat", "place:al-tanf", "coord:33.5000,38.6600"]);
        let positions: Vec<usize> = tokens.iter().map(|t| t.1).collect();
        assert_eq!(positions, [0, 1, 2]);
        let (from, to) = (tokens[1].2, tokens[1].3);
        assert_eq!(&joined[from..to], "place:al-tanf");
    }

    #[test]
    fn geo_packing_round_trips_within_a_metre() {
        for (lat, lon) in [(33.5, 38.66), (-33.9, 151.2), (90.0, -180.0), (0.0, 0.0)] {
            let (la, lo) = unpack_geo(pack_geo(lat, lon));
            assert!(
                distance_km((lat, lon), (la, lo)) < 0.001,
                "{lat},{lon} -> {la},{lo}"
            );
        }
    }

    #[test]
    fn distances() {
        // Damascus to Baghdad: about 760 km.
        let d = distance_km((33.51, 36.29), (33.34, 44.40));
        assert!((740.0..780.0).contains(&d), "{d}");
        assert!(distance_km((1.0, 1.0), (1.0, 1.0)) < 1e-9);
    }

    #[test]
    fn entity_keys_round_trip() {
        let k = EntityKey {
            kind: "place",
            id: "place:al-tanf",
            name: "al-Tanf",
            coords: Some((33.5, 38.66)),
        };
        assert_eq!(EntityKey::parse(&k.encode()), Some(k));
        let k = EntityKey {
            kind: "person",
            id: "person:x",
            name: "X",
            coords: None,
        };
        assert_eq!(EntityKey::parse(&k.encode()), Some(k));
    }
}
