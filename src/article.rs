//! The types passed between pipeline stages: an [`Article`] read from the corpus, its
//! [`Passage`]s, the entity [`Mention`]s and [`TopicScore`]s found by enrichment, and the
//! [`EnrichedArticle`] the indexer stores.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// One article read from the corpus, before enrichment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Path of the source file relative to the corpus root, with `/` separators.
    pub path: String,
    /// Record number inside the file: 0 for one-article files, the 1-based line for JSON Lines.
    pub record: u32,
    /// Title, possibly empty.
    pub title: String,
    /// Body text (without the title), paragraphs separated by blank lines.
    pub text: String,
    /// Publication date as `YYYY-MM-DD`, only when the source states one.
    pub date: Option<String>,
    /// Original address of the article, if known.
    pub url: Option<String>,
    /// Publisher or source name, if known.
    pub source: Option<String>,
}

impl Article {
    /// Stable article id: the path, plus `#line` for records of a JSON Lines file.
    pub fn id(&self) -> String {
        if self.record == 0 {
            self.path.clone()
        } else {
            format!("{}#{}", self.path, self.record)
        }
    }
}

/// A paragraph-sized piece of an article body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    /// 0-based position of the passage in the article.
    pub number: u32,
    /// Start offset in the article text, in characters (Unicode scalar values).
    pub start: usize,
    /// End offset (exclusive) in the article text, in characters.
    pub end: usize,
    /// The passage text, equal to the article text between `start` and `end`.
    pub text: String,
}

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A named person.
    Person,
    /// Organisations, including armed groups, militias, ministries and media.
    Organization,
    /// Countries, regions, cities, bases, crossings, seas.
    Place,
    /// A demonym ("Iranian", "Russians"); also counts as the state as an actor.
    Nationality,
}

impl EntityKind {
    /// The lowercase name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
            EntityKind::Nationality => "nationality",
        }
    }

    /// Parses a kind name as written in entity files (`person`, `org`, `place`, ...).
    pub fn parse(s: &str) -> Option<EntityKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "person" | "per" => Some(EntityKind::Person),
            "organization" | "organisation" | "org" | "group" => Some(EntityKind::Organization),
            "place" | "loc" | "location" | "gpe" => Some(EntityKind::Place),
            "nationality" | "norp" | "demonym" => Some(EntityKind::Nationality),
            _ => None,
        }
    }
}

/// One mention of an entity in a text, with its canonical identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Start offset in characters (Unicode scalar values) into the tagged text.
    pub start: usize,
    /// End offset (exclusive) in characters.
    pub end: usize,
    /// The mention as written.
    pub text: String,
    /// What kind of entity the mention names: a demonym is `nationality` and a country acting
    /// ("the UK said", "Washington warned") is `organization`, both with the country's id.
    pub kind: EntityKind,
    /// Canonical id, e.g. `geonames:170654`, `country:SY`, `org:mat`.
    pub id: String,
    /// Canonical name, e.g. `Maghaweir al-Thowra`.
    pub name: String,
    /// Latitude of a geocoded place.
    pub lat: Option<f64>,
    /// Longitude of a geocoded place.
    pub lon: Option<f64>,
    /// ISO 3166-1 alpha-2 country of a place or nationality, if known.
    pub country: Option<String>,
    /// Name of the first-level region (province, governorate, state) a place lies in, if known.
    #[serde(default)]
    pub region: Option<String>,
}

/// Great-circle distance in kilometres between two points given in degrees (a mention's
/// `lat`/`lon`): enrichment places written coordinates by it, the index filters by it.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().min(1.0).asin()
}

/// A topic with its score for a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicScore {
    /// Topic id from the taxonomy, e.g. `airstrikes`.
    pub id: String,
    /// Score: higher means more clearly about the topic.
    pub score: f32,
}

/// An entity as the index stores it per passage: enough to filter, facet and display.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EntityRef {
    /// Canonical id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Kind of the entity.
    pub kind: EntityKind,
    /// Canonical name and aliases, which a filter on this entity matches (shared: every
    /// mention of a gazetteer entity refers to the same list).
    pub terms: Arc<[String]>,
    /// The region and country a place lies in, so that a filter on either finds it (empty
    /// for other entities; shared like `terms`).
    pub areas: Arc<[EntityRef]>,
}

/// A passage with what enrichment found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct EnrichedPassage {
    /// The passage itself.
    pub passage: Passage,
    /// Actors (people, organisations, states) mentioned, deduplicated, in first-mention order.
    pub actors: Vec<EntityRef>,
    /// Places mentioned, deduplicated, in first-mention order.
    pub places: Vec<EntityRef>,
    /// Topics of the passage, best first.
    pub topics: Vec<TopicScore>,
}

/// An acronym an article defines ("Maghaweir al-Thowra (MAT)") and the entity it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcronymDef {
    /// The short form as written ("MAT").
    pub short: String,
    /// Canonical id of the long form's entity.
    pub id: String,
    /// Its canonical name.
    pub name: String,
    /// Its kind.
    pub kind: EntityKind,
}

/// An acronym-like word an article uses without defining it, and the entity the corpus's
/// definitions resolved it to when the article was enriched (none if they did not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcronymUse {
    /// The short form as written.
    pub short: String,
    /// The id it was resolved to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// The acronyms of one article: what it defines and what it uses undefined.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Acronyms {
    /// Definitions in the text.
    pub defined: Vec<AcronymDef>,
    /// Short forms used but not defined in the text (nor known to the gazetteer there).
    pub used: Vec<AcronymUse>,
}

/// An article after enrichment: what the indexer accepts.
#[derive(Debug, Clone, PartialEq)]
pub struct EnrichedArticle {
    /// The article as read.
    pub article: Article,
    /// Its passages with their entities and topics.
    pub passages: Vec<EnrichedPassage>,
    /// Every entity mention in the article text.
    pub mentions: Vec<Mention>,
    /// Topics of the whole article, best first.
    pub topics: Vec<TopicScore>,
    /// Acronyms it defines and uses, for linking across the corpus.
    pub acronyms: Acronyms,
}

impl EnrichedArticle {
    /// An article indexed without enrichment: passages with no entities or topics, the date
    /// normalised if one was given.
    pub fn unenriched(mut article: Article, passages: Vec<Passage>) -> EnrichedArticle {
        article.date = article
            .date
            .as_deref()
            .and_then(crate::enrich::dates::parse_date);
        EnrichedArticle {
            article,
            passages: passages
                .into_iter()
                .map(|passage| EnrichedPassage {
                    passage,
                    actors: Vec::new(),
                    places: Vec::new(),
                    topics: Vec::new(),
                })
                .collect(),
            mentions: Vec::new(),
            acronyms: Acronyms::default(),
            topics: Vec::new(),
        }
    }
}
