//! dossier turns a folder of news and analysis articles into an index you can interrogate by
//! actor and by place.
//!
//! The pipeline, one module per stage: [`ingest`] walks a corpus folder and reads articles,
//! [`passages`] cuts them into paragraph-sized pieces, [`enrich`] tags entities, places, topics
//! and dates, [`index`] stores passages in tantivy incrementally, [`search`] answers queries with
//! ranked, highlighted passages and [`export`] writes hit lists as CSV, JSON, JSON Lines or
//! Markdown. [`cli`] is the command-line adapter over all of them.
//!
//! ```
//! use dossier::enrich::{EnrichOptions, Enricher};
//! use dossier::index::{self, IndexOptions};
//! use dossier::search::{self, SearchOptions};
//!
//! # fn main() -> dossier::Result<()> {
//! let dir = tempfile::tempdir().unwrap();
//! let corpus = dir.path().join("corpus");
//! std::fs::create_dir(&corpus).unwrap();
//! std::fs::write(
//!     corpus.join("tanf.txt"),
//!     "Militia attacks MAT\n\nMaghaweir al-Thowra (MAT) reported that a militia entered \
//!      the deconfliction zone around al-Tanf and attacked their forces.\n",
//! )
//! .unwrap();
//!
//! // Index the folder (incrementally: a second run reads nothing).
//! let enricher = std::sync::Arc::new(Enricher::new(&EnrichOptions::default())?);
//! let opts = IndexOptions::new(&corpus, dir.path().join("index"));
//! let summary = index::run(&opts, &enricher, None)?;
//! assert_eq!(summary.new, 1);
//!
//! // Search by actor and place.
//! let opened = index::open(&opts.index_dir)?;
//! let query = SearchOptions {
//!     query: "actor:MAT place:al-Tanf".into(),
//!     limit: Some(10),
//!     ..SearchOptions::default()
//! };
//! let results = search::search(&opened, &query)?;
//! let hit = results.hits().next().unwrap()?;
//! assert_eq!(hit.path, "tanf.txt");
//! assert!(hit.actors.contains(&"Maghaweir al-Thowra".to_string()));
//! # Ok(())
//! # }
//! ```

pub mod alloc;
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
