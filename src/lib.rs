//! dossier turns a folder of news and analysis articles into an index you can interrogate by
//! actor and by place.
//!
//! The pipeline, one module per stage: [`ingest`] walks a corpus folder and reads articles,
//! [`passages`] cuts them into paragraph-sized pieces, [`enrich`] tags entities, places, topics
//! and dates, [`index`] stores passages in tantivy incrementally, [`search`] answers queries with
//! ranked, highlighted passages and [`export`] writes hit lists as CSV, JSON, JSON Lines or
//! Markdown. [`cli`] is the command-line adapter over all of them.

pub mod article;
pub mod error;

pub mod enrich;
pub mod export;
pub mod index;
pub mod ingest;
pub mod ner;
pub mod passages;
pub mod search;

pub mod cli;

pub use article::{Article, EnrichedArticle, EntityKind, Mention, Passage, TopicScore};
pub use error::{Error, Result};
