//! Article -> enriched article: entity mentions with canonical ids (gazetteers, curated and
//! user entities, acronyms defined in the text), geocoded places, topics and the publication date.

use std::path::PathBuf;

use crate::article::{Article, EnrichedArticle, Mention, Passage, TopicScore};
use crate::error::Result;

/// Options for building an [`Enricher`].
#[derive(Debug, Clone, Default)]
pub struct EnrichOptions {
    /// Extra entity files (TOML) to load on top of the shipped gazetteers.
    pub entity_files: Vec<PathBuf>,
    /// Extra topic files (TOML) to load on top of the shipped taxonomy.
    pub topic_files: Vec<PathBuf>,
}

/// What tagging a text finds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tagged {
    /// Mentions in text order.
    pub mentions: Vec<Mention>,
    /// Topics, best first.
    pub topics: Vec<TopicScore>,
}

/// Tags entities and topics; loaded once, shared by all worker threads.
pub struct Enricher {}

impl Enricher {
    /// Loads the shipped gazetteers and taxonomy plus the user's files.
    pub fn new(opts: &EnrichOptions) -> Result<Enricher> {
        let _ = opts;
        Ok(Enricher {})
    }

    /// Tags one text.
    pub fn tag(&self, text: &str) -> Tagged {
        let _ = text;
        Tagged::default()
    }

    /// Enriches an article whose body is already split into passages.
    pub fn enrich(&self, article: Article, passages: Vec<Passage>) -> EnrichedArticle {
        let _ = (article, passages);
        todo!("enrich helper")
    }
}
