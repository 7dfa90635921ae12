//! The one tantivy schema: one document per passage, with the article's fields repeated so a
//! hit needs no join. Field names live here and nowhere else.

use tantivy::Index;
use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Field, INDEXED, IndexRecordOption, STORED, STRING,
    Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};

/// Tokenizer for passage text and titles: words, lowercased, ASCII-folded, English-stemmed.
pub const TEXT_TOKENIZER: &str = "dossier_text";
/// Tokenizer for entity names and aliases: words, lowercased, ASCII-folded, not stemmed.
pub const ENTITY_TOKENIZER: &str = "dossier_entity";

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
    /// Names and aliases of the passage's actors: tokenized, for `actor:` filters.
    pub actor: Field,
    /// Names and aliases of the passage's places: tokenized, for `place:` filters.
    pub place: Field,
    /// Topic ids of the passage: tokenized, for `topic:` filters.
    pub topic: Field,
    /// `kind\x1fid\x1fname` of each actor: stored and fast, for display and facets.
    pub actor_key: Field,
    /// `kind\x1fid\x1fname` of each place: stored and fast, for display and facets.
    pub place_key: Field,
    /// `id\x1fscore` of each passage topic: stored and fast.
    pub topic_key: Field,
    /// Original address of the article.
    pub url: Field,
    /// Publisher or source.
    pub source: Field,
    /// Content hash of the source file (hex), for integrity checks.
    pub file_hash: Field,
}

/// Separator inside `*_key` values.
pub const KEY_SEP: char = '\u{1f}';

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
        actor: b.add_text_field("actor", entity.clone()),
        place: b.add_text_field("place", entity.clone()),
        topic: b.add_text_field("topic", entity),
        actor_key: b.add_text_field("actor_key", key.clone()),
        place_key: b.add_text_field("place_key", key.clone()),
        topic_key: b.add_text_field("topic_key", key),
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
        actor: f("actor")?,
        place: f("place")?,
        topic: f("topic")?,
        actor_key: f("actor_key")?,
        place_key: f("place_key")?,
        topic_key: f("topic_key")?,
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
        .filter(Stemmer::new(Language::English))
        .build();
    let entity = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    index.tokenizers().register(TEXT_TOKENIZER, text);
    index.tokenizers().register(ENTITY_TOKENIZER, entity);
}
