//! Article -> enriched article: entity mentions with canonical ids (gazetteers, curated and
//! user entities, acronyms defined in the text, titled people), geocoded places, topics and the
//! publication date.
//!
//! Tagging runs the statistical tagger and a byte trie over the gazetteer's names (`matcher`,
//! built on first use) over the text and fuses the two (`fuse`), then adds people found after
//! titles (`people`), acronyms the text defines (`acronyms`) and later bare surnames and short
//! forms. Offsets in the output are characters (Unicode scalar values).

mod acronyms;
mod coords;
pub mod dates;
mod fuse;
mod gazetteer;
mod matcher;
mod people;
#[cfg(test)]
mod snapshot_tests;
mod topics;
mod wrap;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

pub use acronyms::CorpusAcronyms;

use crate::article::{
    AcronymDef, AcronymUse, Acronyms, Article, EnrichedArticle, EnrichedPassage, EntityKind,
    EntityRef, Mention, Passage, TopicScore,
};
use crate::error::Result;

use gazetteer::{Gazetteer, slug};
use matcher::{Hit, Matcher, Target, is_whole_word};
use people::PersonFinder;
pub use topics::TopicDef;
use topics::Topics;

/// Options for building an [`Enricher`].
#[derive(Debug, Clone, Default)]
pub struct EnrichOptions {
    /// Extra entity files (TOML, format in `data/curated.toml`) loaded on top of the shipped
    /// gazetteers; their entities win over shipped ones with the same id or alias.
    pub entity_files: Vec<PathBuf>,
    /// Extra topic files (TOML, format in `data/topics.toml`) loaded on top of the shipped
    /// taxonomy; a topic with an existing id replaces it.
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
pub struct Enricher {
    ner: &'static crate::ner::Model,
    gazetteer: Gazetteer,
    /// Built on first use: a run with nothing to enrich never needs it.
    matcher: OnceLock<Matcher>,
    /// Each gazetteer entity's index terms and areas (see [`Enricher::entity_ref`]), built on
    /// first use and shared by every mention of it.
    terms: Box<[OnceLock<IndexTerms>]>,
    people: PersonFinder,
    topics: Topics,
}

/// A gazetteer entity's terms and areas as every [`EntityRef`] of it shares them.
type IndexTerms = (Arc<[String]>, Arc<[EntityRef]>);

/// An entity that exists only inside one article (an acronym's unknown long form, a titled
/// person not in the gazetteer, a written coordinate).
#[derive(Debug, Clone)]
struct Local {
    id: String,
    name: String,
    kind: EntityKind,
    terms: Vec<String>,
    /// A written coordinate's region and country (those of the nearest known city).
    areas: Arc<[EntityRef]>,
    /// A written coordinate's point, with the country and region of the nearest known city.
    point: Option<Point>,
}

/// Where a written coordinate lies.
#[derive(Debug, Clone)]
struct Point {
    lat: f64,
    lon: f64,
    country: Option<String>,
    region: Option<String>,
}

/// How far the nearest known city may be for a written coordinate to take its country and
/// region.
const POINT_AREA_KM: f64 = 30.0;

/// Everything tagging found, in byte offsets, before conversion to [`Mention`]s.
struct Hits {
    hits: Vec<Hit>,
    locals: Vec<Local>,
    acronyms: Acronyms,
}

/// Distinct undefined short forms recorded per article (bounds the manifest on texts full of
/// capitals).
const MAX_ACRONYMS_USED: usize = 200;

/// The version of what enrichment outputs for a given text, entity files and model: part of
/// an index's enrichment fingerprint, so that an index built by a dossier that tagged
/// differently is enriched again in full rather than left half old, half new. Raise it with
/// every change that alters entities, ids, kinds or topics, or how passages are cut.
pub const ENRICH_VERSION: u32 = 116;

/// Words before a name that make it a place (see [`Enricher::short_company_names`]).
const LOCATIVES: &[&str] = &["in", "at", "near", "from", "to", "downtown", "outside"];

/// People in a city that a company's short name does not take over (see
/// [`Enricher::short_company_names`]).
const BIG_CITY: u64 = 1_000_000;

/// What [`Enricher::acronym_needs`] tells about a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AcronymNeeds {
    /// It has a word written as a short form that may carry across the corpus and that the
    /// gazetteer does not know, and does not define it. When false,
    /// [`Enricher::enrich_in_corpus`] records no use of the corpus's acronyms whatever the
    /// corpus defines.
    pub may_use: bool,
    /// It defines such a short form.
    pub defines: bool,
}

impl Enricher {
    /// Loads the shipped gazetteers and taxonomy plus the user's files; a bad user file is an
    /// [`crate::Error::Config`] naming it.
    pub fn new(opts: &EnrichOptions) -> Result<Enricher> {
        Self::with_model(opts, crate::ner::Model::embedded)
    }

    /// Like [`Enricher::new`] with another tagger model (`dossier eval-ner --model`, for
    /// scoring a candidate model through the whole pipeline); `model` runs on its own thread.
    pub fn with_model(
        opts: &EnrichOptions,
        model: impl FnOnce() -> &'static crate::ner::Model + Send,
    ) -> Result<Enricher> {
        // The tagger's model loads on another thread while the gazetteer loads.
        let (gazetteer, ner) = std::thread::scope(|s| {
            let ner = s.spawn(model);
            let gazetteer = Gazetteer::load(&opts.entity_files);
            (gazetteer, ner.join().expect("the NER model loads"))
        });
        let gazetteer = gazetteer?;
        Ok(Enricher {
            ner,
            terms: (0..gazetteer.entities.len())
                .map(|_| OnceLock::new())
                .collect(),
            gazetteer,
            matcher: OnceLock::new(),
            people: PersonFinder::new(),
            topics: Topics::load(&opts.topic_files)?,
        })
    }

    /// The dictionary matcher (a byte trie of the gazetteer's names), built on first use.
    fn matcher(&self) -> &Matcher {
        self.matcher.get_or_init(|| Matcher::build(&self.gazetteer))
    }

    /// The topic taxonomy in use.
    pub fn topics(&self) -> &[TopicDef] {
        self.topics.defs()
    }

    /// How many entities the gazetteer knows.
    pub fn entity_count(&self) -> usize {
        self.gazetteer.entities.len()
    }

    /// Entities with this name or alias (case-insensitive), best first.
    pub fn lookup(&self, name: &str) -> Vec<EntityRef> {
        let mut out: Vec<EntityRef> = Vec::new();
        for c in self.matcher().lookup(name) {
            let e = &self.gazetteer.entities[c.entity as usize];
            if !out.iter().any(|r| r.id == e.id) {
                out.push(self.gazetteer_ref(c.entity as usize));
            }
        }
        out
    }

    /// Tags one text.
    pub fn tag(&self, text: &str) -> Tagged {
        let text = &wrap::unwrap_lines(text);
        let hits = self.find_hits(text, &CorpusAcronyms::default());
        Tagged {
            mentions: self.mentions(text, &hits),
            topics: self.topics.score(text),
        }
    }

    /// Tags one text and returns the entity mentions as tagger spans (byte offsets; person ->
    /// PER, organization -> ORG, place -> LOC, nationality -> MISC): what `dossier eval-ner`
    /// scores.
    pub fn tag_spans(&self, text: &str) -> Vec<crate::ner::Span> {
        use crate::ner::Label;
        let text = &wrap::unwrap_lines(text);
        let hits = self.find_hits(text, &CorpusAcronyms::default());
        hits.hits
            .iter()
            .map(|h| crate::ner::Span {
                start: h.start,
                end: h.end,
                label: match self.kind_of(h.target, &hits.locals) {
                    EntityKind::Person => Label::Per,
                    EntityKind::Organization => Label::Org,
                    EntityKind::Place => Label::Loc,
                    EntityKind::Nationality => Label::Misc,
                },
            })
            .collect()
    }

    /// Whether a short form's definitions are shared across the corpus: it may carry across
    /// ([`acronyms::carries_across`]) and the gazetteer, authoritative where it knows a
    /// word, does not know it. The one rule for recording definitions and uses and for
    /// [`Enricher::acronym_needs`].
    fn shared_across_corpus(&self, short: &str) -> bool {
        acronyms::carries_across(short) && self.matcher().lookup(short).is_empty()
    }

    /// How `text` stands to the acronyms of the rest of the corpus, from its words alone,
    /// before enriching it: see [`AcronymNeeds`]. Pass `own_definitions` false for a text
    /// enriched in pieces, where a piece may use what another defines.
    pub fn acronym_needs(&self, text: &str, own_definitions: bool) -> AcronymNeeds {
        // As enriching will read it: a long form may run across a wrapped line.
        let text = &wrap::unwrap_lines(text);
        let carries = |short: &str| self.shared_across_corpus(short);
        let defined: Vec<&str> = if own_definitions {
            acronyms::definitions(text)
                .iter()
                .map(|d| &text[d.short.0..d.short.1])
                .collect()
        } else {
            Vec::new()
        };
        let tickers = acronyms::tickers(text);
        AcronymNeeds {
            may_use: acronyms::short_form_words(text).into_iter().any(|(s, e)| {
                carries(&text[s..e])
                    && !defined.contains(&&text[s..e])
                    && !tickers.contains(&(s, e))
            }),
            defines: defined.iter().any(|d| carries(d)),
        }
    }

    /// Whether `text` has one of `shorts` as a short-form word: a superset of the articles
    /// that record it among the short forms they use (see [`Acronyms`]).
    pub fn may_use_short_form(&self, text: &str, shorts: &[&str]) -> bool {
        acronyms::short_form_words(text)
            .into_iter()
            .any(|(s, e)| shorts.contains(&&text[s..e]))
    }

    /// Enriches an article whose body is already split into passages: normalises the date
    /// (else takes the dateline), tags the text once and assigns mentions to passages.
    pub fn enrich(&self, article: Article, passages: Vec<Passage>) -> EnrichedArticle {
        self.enrich_in_corpus(article, passages, &CorpusAcronyms::default())
    }

    /// [`Enricher::enrich`] inside a corpus: short forms the article uses without defining
    /// them resolve through the acronyms the rest of the corpus defines unambiguously
    /// (a gazetteer entity at the same place still wins).
    pub fn enrich_in_corpus(
        &self,
        mut article: Article,
        passages: Vec<Passage>,
        corpus: &CorpusAcronyms,
    ) -> EnrichedArticle {
        article.date = article
            .date
            .as_deref()
            .and_then(dates::parse_date)
            .or_else(|| dates::dateline(&article.text));
        let text = &wrap::unwrap_lines(&article.text);
        let hits = self.find_hits(text, corpus);
        let mentions = self.mentions(text, &hits);
        let (topics, passage_topics) = self.topics.score_article(text, &passages);
        let mut refs: HashMap<Target, EntityRef> = HashMap::new();
        let mut out = Vec::with_capacity(passages.len());
        for (passage, topics) in passages.into_iter().zip(passage_topics) {
            let mut actors: Vec<EntityRef> = Vec::new();
            let mut places: Vec<EntityRef> = Vec::new();
            for (m, h) in mentions.iter().zip(&hits.hits) {
                if m.start < passage.start || m.end > passage.end {
                    continue;
                }
                let r = refs
                    .entry(h.target)
                    .or_insert_with(|| self.entity_ref(h.target, &hits.locals));
                let is_country = r.id.starts_with("country:");
                let actor = m.kind != EntityKind::Place || is_country;
                let place = r.kind == EntityKind::Place && m.kind == EntityKind::Place;
                if actor && !actors.iter().any(|a| a.id == r.id) {
                    actors.push(r.clone());
                }
                if place && !places.iter().any(|p| p.id == r.id) {
                    places.push(r.clone());
                }
            }
            out.push(EnrichedPassage {
                passage,
                actors,
                places,
                topics,
            });
        }
        EnrichedArticle {
            article,
            passages: out,
            mentions,
            topics,
            acronyms: hits.acronyms,
        }
    }

    /// The entity as the index stores it. A place comes with its region and country, so that
    /// a filter on either finds it.
    fn entity_ref(&self, target: Target, locals: &[Local]) -> EntityRef {
        match target {
            Target::Entity { idx, .. } | Target::Acting(idx) => self.gazetteer_ref(idx as usize),
            Target::Local(i) => {
                let l = &locals[i as usize];
                EntityRef {
                    id: l.id.clone(),
                    name: l.name.clone(),
                    kind: l.kind,
                    terms: l.terms.as_slice().into(),
                    areas: Arc::clone(&l.areas),
                }
            }
        }
    }

    fn kind_of(&self, target: Target, locals: &[Local]) -> EntityKind {
        match target {
            Target::Entity { demonym: true, .. } => EntityKind::Nationality,
            Target::Entity { idx, .. } => self.gazetteer.entities[idx as usize].kind,
            Target::Acting(_) => EntityKind::Organization,
            Target::Local(i) => locals[i as usize].kind,
        }
    }

    /// A one-word "person" of the article's own written in capitals, on lines in ordinary
    /// case, is an acronym: no one's name is written so ("UAW officials", "the MPAA said",
    /// "CBI director general", "US author Dan Brown"). It is the country when the dictionary
    /// knows the letters as one ("US"), else an organisation of the article's own under the
    /// id the tagger's organisations get. Not in lines of capitals, where names are capitals
    /// too ("REAGAN SAYS ..."), nor a person named with more words ("DJ" for "DJ Dan Peppe").
    fn acronyms_written_as_people(&self, text: &str, h: &mut Hits) {
        let acronym = |l: &Local| {
            l.kind == EntityKind::Person
                && l.terms.len() == 1
                && l.name.len() >= 2
                && l.name.bytes().all(|b| b.is_ascii_uppercase())
        };
        let mut candidate: Vec<bool> = h.locals.iter().map(acronym).collect();
        if !candidate.contains(&true) {
            return;
        }
        // Lines without a lowercase letter, found once.
        let mut capitals: Vec<(usize, usize)> = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            if !line.contains(char::is_lowercase) {
                capitals.push((at, at + line.len()));
            }
            at += line.len();
        }
        for x in &h.hits {
            if let Target::Local(i) = x.target
                && candidate[i as usize]
                && capitals.iter().any(|&(s, e)| x.start >= s && x.start < e)
            {
                candidate[i as usize] = false;
            }
        }
        let mut to: Vec<Option<Target>> = vec![None; h.locals.len()];
        for i in (0..h.locals.len()).filter(|&i| candidate[i]) {
            let name = &h.locals[i].name;
            let country = self
                .resolve(name, crate::ner::Label::Loc)
                .filter(|&t| self.is_country(t));
            to[i] = match country {
                Some(t) => Some(t),
                None => {
                    let id = fuse::org_id(name);
                    match h.locals.iter().position(|m| m.id == id) {
                        Some(j) => Some(Target::Local(j as u32)),
                        None => {
                            let l = &mut h.locals[i];
                            l.kind = EntityKind::Organization;
                            l.id = id;
                            None
                        }
                    }
                }
            };
        }
        for x in &mut h.hits {
            if let Target::Local(i) = x.target
                && let Some(t) = to[i as usize]
            {
                x.target = t;
            }
        }
    }

    /// A name written beside "news agency" is the agency, when the dictionary lists one by
    /// that name: "Syrian news agency Sana reported" is SANA, not Yemen's capital (the
    /// agency is listed in capitals, "SANA"); "state news agency Petra" is the Petra News
    /// Agency, not an organisation "Petra" of the article's own ("Fars news agency" is
    /// listed whole). The article's other mentions that meant what this one meant ("Sana
    /// said later") mean the agency too.
    fn news_agencies(&self, text: &str, h: &mut Hits) {
        const BEFORE: &[u8] = b"agency ";
        const AFTER: &[u8] = b" news agency";
        let b = text.as_bytes();
        let beside_agency = |x: &Hit| {
            let before = &b[..x.start];
            let after = &b[x.end..];
            (before.len() >= BEFORE.len()
                && before[before.len() - BEFORE.len()..].eq_ignore_ascii_case(BEFORE))
                || (after.len() >= AFTER.len() && after[..AFTER.len()].eq_ignore_ascii_case(AFTER))
        };
        // (name as written, what it meant, the agency)
        let mut to: Vec<(&str, Target, Target)> = Vec::new();
        for x in h.hits.iter().filter(|x| beside_agency(x)) {
            // A listed organisation stays itself ("the news agency Reuters").
            if matches!(x.target, Target::Entity { .. })
                && self.kind_of(x.target, &h.locals) == EntityKind::Organization
            {
                continue;
            }
            let name = &text[x.start..x.end];
            let agency = [format!("{name} News Agency"), name.to_uppercase()]
                .iter()
                .filter_map(|n| self.resolve(n, crate::ner::Label::Org))
                .find(|&t| {
                    matches!(t, Target::Entity { .. })
                        && self.kind_of(t, &h.locals) == EntityKind::Organization
                });
            if let Some(agency) = agency {
                to.push((name, x.target, agency));
            }
        }
        for x in &mut h.hits {
            let name = &text[x.start..x.end];
            if let Some(&(.., agency)) = to.iter().find(|&&(n, t, _)| n == name && t == x.target) {
                x.target = agency;
            }
        }
    }

    /// Arabic names of people written with a particle ([`people::particle_names`]) are
    /// people: "Saad al-Hariri" opening a sentence (the tagger found nothing, or a place in
    /// "Ayman"), "Hamza bin Laden" (an organisation), and "Maher al-Assad", whose family name
    /// alone the dictionary gives to Bashar al-Assad. Not where a dictionary name of anything
    /// but a person overlaps the name ("Jabhat al-Nusra", "Ras al-Ain"), where the tagger
    /// read the whole name with "al-" as a place or group ("Urem al-Kubra"), nor where any
    /// name runs past either end of it. A name the dictionary lists is that person.
    fn particle_names(&self, text: &str, h: &mut Hits) {
        for (s, e) in people::particle_names(text) {
            // "bin" and "ibn" (son of) name people only; a place or group the tagger read
            // as the whole of a name with "al-" ("Urem al-Kubra") stays one.
            let apart = text[s..e]
                .split(' ')
                .any(|w| people::APART_PARTICLES.contains(&w));
            let mut exact_person = false;
            let mut blocked = false;
            for x in h.hits.iter().filter(|x| x.start < e && x.end > s) {
                let person = self.kind_of(x.target, &h.locals) == EntityKind::Person;
                // A person the tagger read with a title before the name ("Sheikh Mohammed
                // bin Rashid Al") is this one.
                let titled =
                    person && x.start < s && x.end <= e && people::only_titles(&text[x.start..s]);
                // A word after "bin" is a father's name, whatever else it names ("bin
                // Rashid", not the town).
                let fathers = text[..x.start]
                    .strip_suffix(' ')
                    .is_some_and(|b| people::APART_PARTICLES.iter().any(|p| b.ends_with(p)));
                if (x.start < s || x.end > e) && !titled {
                    blocked = true;
                } else if x.start == s && x.end == e && person {
                    exact_person = true;
                } else if !person
                    && !fathers
                    && (matches!(x.target, Target::Entity { .. })
                        || (x.start == s && x.end == e && !apart))
                {
                    blocked = true;
                }
            }
            if blocked || exact_person {
                continue;
            }
            let target = self.person_named(h, &text[s..e]);
            h.replace_span(s, e, target);
        }
    }

    /// The dictionary's person with the id a name gives, else the article's own.
    fn person_named(&self, h: &mut Hits, name: &str) -> Target {
        let id = format!("person:{}", slug(name));
        match self.gazetteer_index(&id) {
            Some(idx) => Target::Entity {
                idx,
                demonym: false,
            },
            None => h.local(id, name, EntityKind::Person),
        }
    }

    /// Arabic names of places with a head word and a particle ([`people::arabic_place_names`]:
    /// "Ras al-Ain", "Maarat al-Numan") are places, whole: the dictionary's if it lists the
    /// name, else the article's own. Not where a name runs past either end of it.
    fn arabic_place_names(&self, text: &str, h: &mut Hits) {
        for (s, e) in people::arabic_place_names(text) {
            let overlapping = || h.hits.iter().filter(|x| x.start < e && x.end > s);
            if overlapping().any(|x| x.start < s || x.end > e)
                || overlapping().any(|x| {
                    x.start == s
                        && x.end == e
                        && self.kind_of(x.target, &h.locals) == EntityKind::Place
                })
            {
                continue;
            }
            let name = &text[s..e];
            let target = match self.resolve(name, crate::ner::Label::Loc) {
                Some(t) => t,
                None => h.local(format!("place:{}", slug(name)), name, EntityKind::Place),
            };
            h.replace_span(s, e, target);
        }
    }

    /// Korean and Chinese names with a hyphenated given name ([`people::east_asian_names`]),
    /// or with two syllables after a family name the tagger found alone as a person ("Kim"
    /// of "Kim Jong Un watched", with a place "Un"), are people, whole: the tagger cut them
    /// at the hyphen ("Kim" of "Kim Dae-jung", "Chang" of "Chang Chi-cheng"), read a title
    /// into them ("Legislator Lee"), found nothing ("Yoo Ji-chang") or a place ("Moon Jae-in
    /// met", "Kim" of "Kim Jong-il died").
    /// Not where a dictionary name of anything but a person runs into the given name ("Hong
    /// Kong-Macau"), nor where a name other than a person's runs past either end. A name the
    /// dictionary lists is that person.
    fn east_asian_names(&self, text: &str, h: &mut Hits) {
        // Given names written as two syllables after a family name the tagger read as a
        // person, alone ("Kim" and a place "Un" of "Kim Jong Un watched").
        let spaced: Vec<(usize, usize)> = h
            .hits
            .iter()
            .filter_map(|x| {
                // The bytes after the hit first: most hits fail there, before the list.
                let end = people::spaced_given_name_end(text, x.end)?;
                (people::is_east_asian_surname(&text[x.start..x.end])
                    && self.kind_of(x.target, &h.locals) == EntityKind::Person)
                    .then_some((x.start, end))
            })
            .collect();
        for (s, e) in people::east_asian_names(text).into_iter().chain(spaced) {
            let mut done = false;
            let mut blocked = false;
            // The family name's end: a dictionary name over the family name alone ("Kim",
            // a place) does not block, one that runs into the given name does.
            let family_end = s + text[s..e].find(' ').unwrap_or(0);
            for x in h.hits.iter().filter(|x| x.start < e && x.end > s) {
                let person = self.kind_of(x.target, &h.locals) == EntityKind::Person;
                if person && x.start == s && x.end == e {
                    done = true;
                } else if x.end > e
                    || (x.start < s && !person)
                    || (!person && matches!(x.target, Target::Entity { .. }) && x.end > family_end)
                {
                    blocked = true;
                }
            }
            if done || blocked {
                continue;
            }
            // Every overlapping hit goes, a title the tagger read into a person too.
            let target = self.person_named(h, &text[s..e]);
            h.replace_span(s, e, target);
        }
    }

    /// Tagger spans fused with dictionary hits, then titled people, acronym definitions and
    /// linked bare forms, then places resolved in the article's context.
    fn find_hits(&self, text: &str, corpus: &CorpusAcronyms) -> Hits {
        let lower = text.to_ascii_lowercase();
        let mut dict = Vec::new();
        self.matcher().find(text, &lower, &mut dict);
        let spans = self.ner.tag(text);
        let mut h = Hits {
            hits: Vec::with_capacity(dict.len() + spans.len()),
            locals: Vec::new(),
            acronyms: Acronyms::default(),
        };
        self.fuse(text, &dict, &spans, &mut h);
        self.particle_names(text, &mut h);
        self.east_asian_names(text, &mut h);
        self.arabic_place_names(text, &mut h);
        // Short forms and surnames to link in the rest of the text.
        let mut links: Vec<(String, Target)> = Vec::new();

        // Titled people: the title rule wins over places or groups the name overlaps, but not
        // over a name of something else that opens with a title such names open with
        // ("General Motors", "General Santos"), and a gazetteer person covering the name is
        // kept. A person the tagger found with more words before the title ("Foreign Office
        // Minister Tobias Ellwood", "Navy Capt. Jeff Davis") is the name after the title.
        // One-word names after a title ("Mr Brown"), linked as surnames after the full names.
        let mut bare: Vec<(&str, Target)> = Vec::new();
        // Each title written before a name, with the person: who "the Foreign Secretary" is.
        let mut holders: Vec<(&str, Target)> = Vec::new();
        for (title, (s, e)) in self.people.find(text) {
            let kind = |x: &Hit| self.kind_of(x.target, &h.locals);
            let opens_name = people::NAME_OPENING_TITLES
                .iter()
                .any(|t| text[title..s].trim_end() == *t);
            if opens_name
                && h.hits
                    .iter()
                    .any(|x| x.start == title && x.end >= e && kind(x) != EntityKind::Person)
            {
                continue;
            }
            let covered = h.hits.iter().find(|x| x.start <= s && x.end >= e).copied();
            let target = match covered {
                Some(x)
                    if kind(&x) == EntityKind::Person
                        && !(x.start < s && matches!(x.target, Target::Local(_))) =>
                {
                    x.target
                }
                _ => {
                    let name = &text[s..e];
                    // The name as written first: "George W. Bush" is not the "George Bush"
                    // his initial-less name is an alias of.
                    let written = format!("person:{}", slug(name));
                    let id = format!("person:{}", slug(&people::without_initials(name)));
                    let found = self
                        .gazetteer_index(&written)
                        .or_else(|| self.gazetteer_index(&id));
                    let target = match found {
                        Some(idx) => Target::Entity {
                            idx,
                            demonym: false,
                        },
                        None => h.local(id, name, EntityKind::Person),
                    };
                    h.replace_span(s, e, target);
                    target
                }
            };
            let name = &text[s..e];
            if !name.contains(' ') {
                bare.push((name, target));
            }
            holders.push((text[title..s].trim_end(), target));
            for sn in people::surnames(name) {
                links.push((sn.to_owned(), target));
                h.add_term(target, sn);
            }
        }
        // Gazetteer and tagger people link their surnames too; the first full name wins.
        let persons: Vec<Hit> = h
            .hits
            .iter()
            .filter(|x| self.kind_of(x.target, &h.locals) == EntityKind::Person)
            .copied()
            .collect();
        for x in persons {
            for sn in people::surnames(&text[x.start..x.end]) {
                if !links.iter().any(|(f, _)| f == sn) {
                    links.push((sn.to_owned(), x.target));
                    h.add_term(x.target, sn);
                }
            }
        }
        for (sn, target) in bare {
            if !links.iter().any(|(f, _)| f == sn) {
                links.push((sn.to_owned(), target));
            }
        }

        // Acronyms the text defines.
        let definitions = acronyms::definitions(text);
        let defined_here: Vec<&str> = definitions
            .iter()
            .map(|d| &text[d.short.0..d.short.1])
            .collect();
        for d in definitions.iter().copied() {
            let (ls, le) = d.long;
            let known = h
                .hits
                .iter()
                .find(|x| x.start == ls && x.end == le)
                .or_else(|| h.hits.iter().find(|x| x.end == le && x.start >= ls))
                .filter(|x| !matches!(x.target, Target::Entity { demonym: true, .. }))
                .copied();
            // A name covering the long form, or ending it when it is an organisation and only
            // lowercase words come before it ("the Syrian Democratic Forces"); not a person or
            // place inside it ("General Motors"), nor the tail of a company's name the tagger
            // cut short ("Machines Corp" of "International Business Machines Corp").
            let target = match known {
                Some(x)
                    if x.start == ls
                        || (self.kind_of(x.target, &h.locals) == EntityKind::Organization
                            && !text[ls..x.start].contains(char::is_uppercase)) =>
                {
                    x.target
                }
                _ => {
                    let name = &text[ls..le];
                    // A long form the gazetteer knows inside a longer name ("the Supreme
                    // Council of the United Arab Emirates (UAE)") is that entity; the longer
                    // name stays.
                    let listed = self
                        .resolve(name, crate::ner::Label::Loc)
                        .or_else(|| self.resolve(name, crate::ner::Label::Org))
                        .filter(|_| h.hits.iter().any(|x| x.start < ls && x.end >= le));
                    if let Some(t) = listed {
                        t
                    } else {
                        // Named like the tagger's organisations, so that an article that
                        // defines "United Auto Workers (UAW)" and one that just names the
                        // union agree.
                        let id = fuse::org_id(name);
                        let t = h.local(id, name, EntityKind::Organization);
                        h.add_term(t, name);
                        h.replace_span(ls, le, t);
                        t
                    }
                }
            };
            let short = &text[d.short.0..d.short.1];
            h.add_term(target, short);
            links.push((short.to_owned(), target));
            // Recorded for the rest of the corpus when the short form may carry across and the
            // gazetteer does not already know it (it is authoritative there).
            let r = self.entity_ref(target, &h.locals);
            if self.shared_across_corpus(short)
                && !h.acronyms.defined.iter().any(|x| x.short == short)
            {
                h.acronyms.defined.push(AcronymDef {
                    short: short.to_owned(),
                    id: r.id,
                    name: r.name,
                    kind: r.kind,
                });
            }
        }

        // Stock tickers after a company's name ("Mattel Inc <MAT>"): the ticker names the
        // company in this article, whatever the gazetteer says of the word ("MAT" is also
        // Maghaweir al-Thowra, "BA" Bosnia). A one-letter ticker ("Ford Motor Co <F>") names
        // only itself. Tickers are the market's, not the text's: never the corpus's acronyms.
        let tickers = acronyms::tickers(text);
        for &(s, e) in &tickers {
            // Nothing inside a ticker is a name of its own ("HK" of "<CKGH.HK>").
            h.hits
                .retain(|x| x.end <= s || x.start >= e || (x.start, x.end) == (s, e));
            let before = acronyms::name_end_before_ticker(text, s);
            let company = h
                .hits
                .iter()
                .find(|x| {
                    x.end == before
                        && !matches!(x.target, Target::Acting(_))
                        && self.kind_of(x.target, &h.locals) == EntityKind::Organization
                })
                .map(|x| x.target);
            let Some(company) = company else {
                continue;
            };
            let ticker = &text[s..e];
            h.add_term(company, ticker);
            if e - s >= 2 {
                links.push((ticker.to_owned(), company));
            } else {
                h.hits.retain(|x| x.end <= s || x.start >= e);
                h.hits.push(Hit {
                    start: s,
                    end: e,
                    target: company,
                });
            }
        }

        // Short forms used but not defined here: the corpus's definitions, unless the
        // gazetteer knows the word where it stands.
        for (s, e) in acronyms::short_form_words(text) {
            let short = &text[s..e];
            let acr = &h.acronyms;
            if acr.used.len() >= MAX_ACRONYMS_USED
                || tickers.contains(&(s, e))
                || !self.shared_across_corpus(short)
                || defined_here.contains(&short)
                || acr.defined.iter().any(|x| x.short == short)
                || acr.used.iter().any(|x| x.short == short)
                || h.hits.iter().any(|x| {
                    x.start == s
                        && x.end == e
                        && matches!(x.target, Target::Entity { .. } | Target::Acting(_))
                })
            {
                continue;
            }
            let id = corpus.get(short).map(|d| {
                let target = match self.gazetteer_index(&d.id) {
                    Some(idx) => Target::Entity {
                        idx,
                        demonym: false,
                    },
                    None => h.local(d.id.clone(), &d.name, d.kind),
                };
                h.add_term(target, short);
                links.push((short.to_owned(), target));
                d.id.clone()
            });
            h.acronyms.used.push(AcronymUse {
                short: short.to_owned(),
                id,
            });
        }

        // A surname does not turn a known place that the tagger also typed as a place into a
        // person: "Russia" stays the country after a run-on person span "Samokhvalova ( Russia".
        // Nor a curated company's name into its founder: "Michael Dell founded Dell".
        let keeps_existing = |link: Target, existing: Target, s: usize, e: usize| {
            // (Not a town: "Brod" of "Michael L. Brod" is no town in Bosnia.)
            let place = matches!(existing, Target::Entity { idx, demonym: false }
                if self.gazetteer.entities[idx as usize].kind == EntityKind::Place
                    && self.gazetteer.entities[idx as usize].class != gazetteer::CLASS_TOWN);
            let company = self.is_curated(existing)
                && self.kind_of(existing, &h.locals) == EntityKind::Organization;
            self.kind_of(link, &h.locals) == EntityKind::Person
                && (company
                    || place
                        && spans.iter().any(|sp| {
                            sp.start <= s && sp.end >= e && sp.label == crate::ner::Label::Loc
                        }))
        };
        let mut hits = std::mem::take(&mut h.hits);
        link_forms(text, &links, &mut hits, keeps_existing);
        h.hits = hits;
        h.hits.sort_by_key(|x| (x.start, x.end));
        drop_capitals_only_names(text, &mut h.hits, &tickers, |t| self.is_country(t));
        drop_sign_off(text, &mut h.hits);
        drop_table_labels(text, &mut h.hits);
        drop_common_terms(text, &mut h.hits);
        drop_capitalised_openers(text, &mut h.hits, &h.locals, |x| {
            self.hit_by_name_only(text, x)
        });
        holders.extend(self.link_appositive_offices(text, &mut h));
        h.resolve_offices(text, &holders);
        self.drop_event_names(text, &mut h);
        h.drop_code_names(text);
        h.companies_written_as_people(text);
        h.drop_products(text);
        h.drop_communities(text);
        h.drop_works(text);
        self.short_company_names(text, &mut h);
        self.members_of_organisations(text, &mut h);
        self.link_first_words(text, &mut h);
        self.acronyms_written_as_people(text, &mut h);
        self.news_agencies(text, &mut h);
        self.drop_places_in_compounds(text, &dict, &mut h);
        self.resolve_places(text, &mut h);
        self.organs_of_states(text, &dict, &mut h);
        self.facilities(text, &mut h);
        self.add_coordinates(text, &mut h);
        h
    }

    /// A place joined by a hyphen to a capitalised word that names nothing known is a piece of
    /// a name: "Mercedes-Benz" is no town in Argentina, "Borg-Warner" no Borg, "Thomson-CSF"
    /// and "Zeta-Jones" no Thomson or Zeta, "Baden-Wuerttemberg" no Baden. The word is
    /// capitalised ("Benz"), or in capitals after a place that is not ("CSF"; "U.S.-MADE" in a
    /// headline is the state). Not when the word is a name the dictionary knows
    /// ("Damascus-Baghdad", "U.S.-Soviet", "Japan-South Korea"), a combining form
    /// ("Franco-German", "Sino-U.S.") or a party's letter ("R-Iowa").
    fn drop_places_in_compounds(&self, text: &str, dict: &[Hit], h: &mut Hits) {
        let known = |s: usize| {
            dict.iter().any(|d| d.start == s || d.end == s)
                || h.hits.iter().any(|x| x.start == s || x.end == s)
        };
        let name_like = |w: &str, place: &str| {
            let mut chars = w.chars();
            let second = chars.nth(1);
            w.starts_with(char::is_uppercase)
                && (second.is_some_and(char::is_lowercase)
                    || second.is_some_and(char::is_uppercase)
                        && w.chars().all(|c| c.is_ascii_uppercase())
                        && place.chars().any(char::is_lowercase))
        };
        let unknown_word = |w: &str, at: usize, place: &str| {
            name_like(w, place) && !COMBINING_FORMS.contains(&w) && !known(at)
        };
        let glued = |x: &Hit| {
            let place = &text[x.start..x.end];
            let after = text[x.end..].strip_prefix('-').map(|rest| {
                let w = &rest[..rest
                    .find(|c: char| !c.is_alphanumeric())
                    .unwrap_or(rest.len())];
                unknown_word(w, x.end + 1, place)
            });
            let before = text[..x.start].strip_suffix('-').map(|rest| {
                let from = rest.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| {
                    i + rest[i..].chars().next().map_or(1, char::len_utf8)
                });
                unknown_word(&rest[from..], rest.len(), place)
            });
            after == Some(true) || before == Some(true)
        };
        let drop: Vec<Hit> = h
            .hits
            .iter()
            .filter(|x| self.kind_of(x.target, &h.locals) == EntityKind::Place && glued(x))
            .copied()
            .collect();
        if !drop.is_empty() {
            h.hits.retain(|x| !drop.contains(x));
        }
    }

    /// An office written in apposition to a person's full name is that person: "the Foreign
    /// Secretary, Boris Johnson, said", "Economic Minister, Roberto Lavagna,". The office is a
    /// person of the article's own named by it alone, ending in an office word ("Secretary",
    /// "Minister"). An office of several words also names who holds it in the rest of the
    /// article, as "Foreign Secretary Boris Johnson" does (returned as holders); "Minister"
    /// alone does not, since articles name several ministers.
    fn link_appositive_offices<'t>(&self, text: &'t str, h: &mut Hits) -> Vec<(&'t str, Target)> {
        let mut out = Vec::new();
        let mut linked = Vec::new();
        for (i, pair) in h.hits.windows(2).enumerate() {
            let (x, y) = (pair[0], pair[1]);
            let Target::Local(l) = x.target else {
                continue;
            };
            let office = &text[x.start..x.end];
            let local = &h.locals[l as usize];
            if local.kind == EntityKind::Person
                && local.name == office
                && people::is_office(office)
                && text.get(x.end..y.start) == Some(", ")
                && text[y.end..].starts_with(',')
                && people::is_full_name(&text[y.start..y.end])
                && self.kind_of(y.target, &h.locals) == EntityKind::Person
                && y.target != x.target
            {
                linked.push((i, y.target));
                if office.contains(' ') {
                    out.push((office, y.target));
                }
            }
        }
        for (i, target) in linked {
            h.hits[i].target = target;
        }
        out
    }

    /// A person named in full ("Steven Gerrard", "Wang Chao-Ming") and elsewhere by the first
    /// word of the name alone ("Steven", a given name; "Wang", the family name an East Asian
    /// name opens with) is one person, when that word opens the name of no other person of
    /// the text. Only a one-word person the tagger found is linked, not every occurrence of
    /// the word ("Will", "Mark").
    fn link_first_words(&self, text: &str, h: &mut Hits) {
        // The first word of each person's full name, with the person.
        let mut full: Vec<(&str, Target)> = Vec::new();
        for x in &h.hits {
            let name = &text[x.start..x.end];
            let Some(first) = name.split_whitespace().next() else {
                continue;
            };
            if self.kind_of(x.target, &h.locals) == EntityKind::Person
                && people::is_full_name(name)
                && !people::is_title(first)
                && !full.contains(&(first, x.target))
            {
                full.push((first, x.target));
            }
        }
        for i in 0..h.hits.len() {
            let Target::Local(l) = h.hits[i].target else {
                continue;
            };
            let word = &text[h.hits[i].start..h.hits[i].end];
            let local = &h.locals[l as usize];
            if local.kind != EntityKind::Person || local.name != word || people::is_title(word) {
                continue;
            }
            let mut owners = full.iter().filter(|(first, _)| *first == word);
            if let (Some(&(_, person)), None) = (owners.next(), owners.next()) {
                h.hits[i].target = person;
                h.add_term(person, word);
            }
        }
    }

    /// A state's organ written before its name with "of" ("the Government of Iraq", "the
    /// Federal Government of Iraq", "the Ministry of Defence of Iraq": [`ORGANS_OF`]) is the
    /// state acting, as "the Iraqi government" is (`state_organs`): the tagger's name of the
    /// article's own for it ("Government of Syria" was one organisation for every article
    /// that wrote it), or the state's name with the organ's words before it ("in support of
    /// the government of Iraq" was the place Iraq). So is such a name the tagger typed as
    /// neither ("Government of Iraq" as MISC, which the fusion drops with the state's
    /// dictionary hit inside), from the dictionary's hit (`dict`).
    fn organs_of_states(&self, text: &str, dict: &[Hit], h: &mut Hits) {
        let mut gone = vec![false; h.hits.len()];
        for i in 0..h.hits.len() {
            let x = h.hits[i];
            match x.target {
                Target::Local(l) if h.locals[l as usize].kind == EntityKind::Organization => {
                    let name = &text[x.start..x.end];
                    let Some(at) = organ_of_len(name) else {
                        continue;
                    };
                    let state = &name[at..];
                    let state = state.strip_prefix("the ").unwrap_or(state);
                    if let Some(Target::Acting(c)) = self.resolve(state, crate::ner::Label::Org) {
                        h.hits[i].target = Target::Acting(c);
                    }
                }
                Target::Entity {
                    idx,
                    demonym: false,
                }
                | Target::Acting(idx)
                    if self.is_country(x.target) =>
                {
                    let Some(start) = organ_before(text, x.start) else {
                        continue;
                    };
                    // The organ's words the tagger took for a name of the article's own
                    // ("Government" of "the Government of the Netherlands") go with it.
                    if let Some(p) = i.checked_sub(1).map(|p| h.hits[p])
                        && p.end > start
                    {
                        if !matches!(p.target, Target::Local(_)) || p.start < start {
                            continue;
                        }
                        gone[i - 1] = true;
                    }
                    h.hits[i] = Hit {
                        start,
                        end: x.end,
                        target: Target::Acting(idx),
                    };
                }
                _ => {}
            }
        }
        let mut gone = gone.into_iter();
        h.hits.retain(|_| !gone.next().unwrap_or(false));
        let mut added = false;
        for d in dict {
            let Target::Entity {
                idx,
                demonym: false,
            } = d.target
            else {
                continue;
            };
            // (Every dictionary hit of every article passes here: the state first.)
            if !self.is_country(d.target) {
                continue;
            }
            let Some(start) = organ_before(text, d.start) else {
                continue;
            };
            if h.hits.iter().any(|x| x.start < d.end && start < x.end) {
                continue;
            }
            h.hits.push(Hit {
                start,
                end: d.end,
                target: Target::Acting(idx),
            });
            added = true;
        }
        if added {
            h.hits.sort_by_key(|x| (x.start, x.end));
        }
    }

    /// A place of the article's own named as a facility of a place ("Aleppo International
    /// Airport", "Tabqa Dam", "Kandahar Airfield": [`FACILITIES`]) lies where that place does
    /// when the article names the place on its own too, as a place, resolved in its context
    /// (so "Hoover Dam" is not Hoover, Alabama, nor "Midway Airport" Midway, Texas): it gets
    /// the place's point, country and region, and the place, its region and its country as
    /// areas, so that `place:Aleppo`, `place:Syria` and `--near Aleppo` find it. A name the
    /// tagger cut before the facility's words ("Damascus" then "International Airport",
    /// "Khomeini" then "Airport") is one place, with the geography of the place it opens
    /// with. A country names no point: "Kuwait International Airport" keeps none.
    fn facilities(&self, text: &str, h: &mut Hits) {
        let place_of = |x: &Hit| {
            let (idx, e) = self.named_entity(x)?;
            (e.kind == EntityKind::Place && !e.id.starts_with("country:") && e.lat.is_some())
                .then_some(idx as usize)
        };
        let mut i = 0;
        while i < h.hits.len() {
            let x = h.hits[i];
            i += 1;
            let Target::Local(l) = x.target else {
                continue;
            };
            let local = &h.locals[l as usize];
            if local.kind != EntityKind::Place || local.point.is_some() {
                continue;
            }
            let Some(tail) = facility_start(text, x.end) else {
                continue;
            };
            // The tail may run before the tagger's span ("International" before "Airport"),
            // over words no other name holds.
            let mut first = i - 1;
            let mut start = x.start.min(tail);
            if first > 0 && h.hits[first - 1].end > start {
                continue;
            }
            // Names written right before it open it ("Damascus", "Imam Khomeini").
            while first > 0 {
                let p = h.hits[first - 1];
                let joined = p.end + 1 == start && text.as_bytes()[p.end] == b' ';
                if !joined || !text[p.start..p.end].starts_with(char::is_uppercase) {
                    break;
                }
                start = p.start;
                first -= 1;
            }
            if start >= tail {
                continue;
            }
            let lead = text[start..tail].trim_end();
            let opening = (first < i - 1)
                .then(|| h.hits[first])
                .filter(|p| p.end == start + lead.len());
            let place = opening.as_ref().and_then(place_of).or_else(|| {
                h.hits
                    .iter()
                    .filter(|y| y.start >= x.end || y.end <= start)
                    .filter(|y| text[y.start..y.end].eq_ignore_ascii_case(lead))
                    .find_map(place_of)
            });
            let name = &text[start..x.end];
            let target = h.local(format!("place:{}", slug(name)), name, EntityKind::Place);
            if let (Target::Local(f), Some(idx)) = (target, place) {
                let e = &self.gazetteer.entities[idx];
                let mut areas = vec![self.gazetteer_ref(idx)];
                areas.extend(self.area_refs(e));
                let local = &mut h.locals[f as usize];
                if local.point.is_none() {
                    local.point = Some(Point {
                        lat: e.lat.unwrap_or_default(),
                        lon: e.lon.unwrap_or_default(),
                        country: e.country.clone(),
                        region: e
                            .region
                            .map(|r| self.gazetteer.entities[r as usize].name.clone()),
                    });
                    local.areas = areas.into();
                }
            }
            h.hits.drain(first..i);
            h.hits.insert(
                first,
                Hit {
                    start,
                    end: x.end,
                    target,
                },
            );
            i = first + 1;
        }
    }

    /// Each written coordinate ("33°47′N 44°30′E") is a place at its point, in the country
    /// and region of the nearest known city within [`POINT_AREA_KM`] (so `place:Iraq` finds
    /// it too); names found inside it ("N", "E") go.
    fn add_coordinates(&self, text: &str, h: &mut Hits) {
        let found = coords::find(text);
        if found.is_empty() {
            return;
        }
        h.hits
            .retain(|x| !found.iter().any(|c| x.start < c.end && c.start < x.end));
        for c in found {
            let name = format!(
                "{:.4}°{} {:.4}°{}",
                c.lat.abs(),
                if c.lat < 0.0 { 'S' } else { 'N' },
                c.lon.abs(),
                if c.lon < 0.0 { 'W' } else { 'E' }
            );
            let city = self.gazetteer.nearest_city(c.lat, c.lon, POINT_AREA_KM);
            let region = city
                .and_then(|e| e.region)
                .map(|r| &self.gazetteer.entities[r as usize]);
            let areas = city.map(|e| self.area_refs(e)).unwrap_or_default();
            let target = h.local(
                format!("coord:{:.4},{:.4}", c.lat, c.lon),
                &name,
                EntityKind::Place,
            );
            if let Target::Local(i) = target {
                let local = &mut h.locals[i as usize];
                local.areas = areas.into();
                local.point = Some(Point {
                    lat: c.lat,
                    lon: c.lon,
                    country: city.and_then(|e| e.country.clone()),
                    region: region.map(|r| r.name.clone()),
                });
            }
            h.hits.push(Hit {
                start: c.start,
                end: c.end,
                target,
            });
        }
        h.hits.sort_by_key(|x| (x.start, x.end));
    }

    /// A gazetteer entity as the index stores it, its terms and areas shared with every other
    /// mention of it.
    fn gazetteer_ref(&self, idx: usize) -> EntityRef {
        let e = &self.gazetteer.entities[idx];
        let (terms, areas) =
            self.terms[idx].get_or_init(|| (e.terms().into(), self.area_refs(e).into()));
        EntityRef {
            id: e.id.clone(),
            name: e.name.clone(),
            kind: e.kind,
            terms: Arc::clone(terms),
            areas: Arc::clone(areas),
        }
    }

    /// The region and country a place (not a country) lies in, so that a filter on either
    /// finds it; nothing for other entities. A region's own areas (its country) come along,
    /// from its shared ref; an area that has a region of its own (none in the shipped lists)
    /// comes without its areas, so that no loop of regions can recurse.
    fn area_refs(&self, place: &gazetteer::Entity) -> Vec<EntityRef> {
        if place.kind != EntityKind::Place || place.id.starts_with("country:") {
            return Vec::new();
        }
        let region = place.region.map(|r| r as usize);
        let country = place
            .country
            .as_deref()
            .and_then(|c| self.gazetteer.country_index(c));
        region
            .into_iter()
            .chain(country)
            .filter(|&i| self.gazetteer.entities[i].id != place.id)
            .map(|i| {
                let area = &self.gazetteer.entities[i];
                if area.region.is_none() {
                    return self.gazetteer_ref(i);
                }
                EntityRef {
                    id: area.id.clone(),
                    name: area.name.clone(),
                    kind: area.kind,
                    terms: area.terms().into(),
                    areas: Vec::new().into(),
                }
            })
            .collect()
    }

    /// Members of an organisation written after its name, which the tagger took for an
    /// organisation of their own ("Labour MPs", "UKIP MEPs", "Labour members"), are that
    /// organisation, named by the words before the noun: an organisation the article names
    /// so, else the dictionary's, else one of its own ("Labour"). Not when the words name
    /// something else the dictionary knows ("Iraqi voters", "Kurdish MPs": a state's
    /// people are not the state acting).
    fn members_of_organisations(&self, text: &str, h: &mut Hits) {
        for i in 0..h.hits.len() {
            let x = h.hits[i];
            if !matches!(x.target, Target::Local(_))
                || self.kind_of(x.target, &h.locals) != EntityKind::Organization
            {
                continue;
            }
            let Some((head, noun)) = text[x.start..x.end].rsplit_once(' ') else {
                continue;
            };
            if !MEMBER_NOUNS.contains(&noun) || !head.starts_with(char::is_uppercase) {
                continue;
            }
            let named = h.hits.iter().find(|y| {
                &text[y.start..y.end] == head
                    && self.kind_of(y.target, &h.locals) == EntityKind::Organization
            });
            let target = match named.map(|y| y.target) {
                Some(t) => t,
                None => match self.matcher().lookup(head).first() {
                    // Something else the dictionary knows ("Iraqi").
                    Some(c)
                        if self.gazetteer.entities[c.entity as usize].kind
                            != EntityKind::Organization =>
                    {
                        continue;
                    }
                    Some(c) => Target::Entity {
                        idx: c.entity,
                        demonym: false,
                    },
                    None => {
                        self.entity_with_id(h, fuse::org_id(head), head, EntityKind::Organization)
                    }
                },
            };
            h.hits[i] = Hit {
                start: x.start,
                end: x.start + head.len(),
                target,
            };
        }
    }

    /// A company named with its legal form ("Purolator Courier Corp", "Ford Motor Co") and
    /// then by the first word or words of its name ("Purolator", "Ford"): the short name,
    /// an article-local organisation of its own, or a place of a country the article names
    /// nothing else of ("Piedmont"), is that company. Not a parent named after
    /// its unit ("Citicorp Capital Investors Ltd, a unit of Citicorp", "GM Overseas
    /// Distribution Corporation" after a headline's "GM"): the short name must not come
    /// first, nor after "unit of", and no unit word ([`UNIT_WORDS`], a country) may follow
    /// it in the company's name. Nor when two companies of the article begin with it, nor a
    /// name with a legal form of its own ("Hoechst AG" beside "Hoechst Celanese Corp"), nor
    /// without a legal form ("BBC" and "BBC One" differ).
    fn short_company_names(&self, text: &str, h: &mut Hits) {
        // Each company's core, target and first mention.
        let mut companies: Vec<(&str, Target, usize)> = Vec::new();
        for x in &h.hits {
            let name = &text[x.start..x.end];
            let core = fuse::company_core(name);
            if core.len() < name.len()
                && self.kind_of(x.target, &h.locals) == EntityKind::Organization
                && !companies.iter().any(|c| c.1 == x.target)
            {
                companies.push((core, x.target, x.start));
            }
        }
        if companies.is_empty() {
            return;
        }
        let unit_word = |w: &str| {
            UNIT_WORDS.contains(&w)
                || self
                    .resolve(w, crate::ner::Label::Loc)
                    .is_some_and(|t| self.is_country(t))
        };
        // The one company whose name opens with `short` (not `me`), with its first mention.
        let owner_of = |short: &str, me: Target| {
            let begins = |core: &str| {
                core.strip_prefix(short).is_some_and(|rest| {
                    rest.is_empty() || rest.starts_with(' ') && !rest.split(' ').any(unit_word)
                })
            };
            let mut owners = companies
                .iter()
                .filter(|&&(core, t, _)| t != me && begins(core));
            let &(_, owner, first) = owners.next()?;
            (!owners.any(|c| c.1 != owner)).then_some((owner, first))
        };
        let used_as_short =
            |x: &Hit, first: usize| x.start >= first && !text[..x.start].ends_with(" unit of ");
        for i in 0..h.locals.len() {
            let l = &h.locals[i];
            if l.kind != EntityKind::Organization || fuse::company_core(&l.name) != l.name {
                continue;
            }
            let me = Target::Local(i as u32);
            let Some((owner, first)) = owner_of(&l.name, me) else {
                continue;
            };
            if h.hits
                .iter()
                .any(|x| x.target == me && !used_as_short(x, first))
            {
                continue;
            }
            let name = l.name.clone();
            for x in &mut h.hits {
                if x.target == me {
                    x.target = owner;
                }
            }
            h.add_term(owner, &name);
        }
        // The same for a place that the short name also is, in an article that names nothing
        // else of the place's country: "Piedmont Aviation Inc" ... "Piedmont said" is the
        // airline, not the Italian region. Not a city of a million people or more ("Tokyo
        // Sogo Bank Ltd" ... "in Tokyo").
        for i in 0..h.hits.len() {
            let x = h.hits[i];
            let Target::Entity {
                idx,
                demonym: false,
            } = x.target
            else {
                continue;
            };
            let e = &self.gazetteer.entities[idx as usize];
            if e.kind != EntityKind::Place
                || e.id.starts_with("country:")
                || e.population >= BIG_CITY
            {
                continue;
            }
            let Some((owner, first)) = owner_of(&text[x.start..x.end], x.target) else {
                continue;
            };
            let country_named = h.hits.iter().any(|y| {
                y.target != x.target
                    && matches!(y.target, Target::Entity { idx: j, .. } | Target::Acting(j)
                        if self.gazetteer.entities[j as usize].country == e.country)
            });
            // "in Norfolk", "downtown Norfolk" is the place still.
            let locative = text[..x.start]
                .split_whitespace()
                .next_back()
                .is_some_and(|w| LOCATIVES.contains(&w));
            if used_as_short(&x, first) && !country_named && !locative {
                h.hits[i].target = owner;
            }
        }
    }

    /// A person or organisation that names a competition or prize ("Fed Cup", "Davis Cup",
    /// "Heineken Cup", "Nobel Prize") is not mentioned by it: the mention goes. (A place
    /// stays: "the Hong Kong Open" is played there.) One of the article's own named after
    /// an event is the place the event is held in, if its first words name one.
    fn drop_event_names(&self, text: &str, h: &mut Hits) {
        let event_after = |end: usize| {
            let Some(rest) = text[end..].strip_prefix(' ') else {
                return false;
            };
            EVENT_WORDS.iter().any(|w| {
                rest.strip_prefix(w)
                    .is_some_and(|after| !after.starts_with(char::is_alphanumeric))
            })
        };
        // A "person" named after an event word is the event ("Grammy Awards", "Super
        // Bowl"); not "Games", which companies end in too ("Argonaut Games").
        let event_named = |x: &Hit| {
            text[x.start..x.end]
                .rsplit(' ')
                .next()
                .is_some_and(|last| last != "Games" && EVENT_WORDS.contains(&last))
                && text[x.start..x.end].contains(' ')
        };
        let locals = &h.locals;
        h.hits.retain(|x| {
            let kind = self.kind_of(x.target, locals);
            !(matches!(kind, EntityKind::Person | EntityKind::Organization) && event_after(x.end)
                || kind == EntityKind::Person && event_named(x))
        });
        // An organisation or place of the article's own named after an event ("Athens
        // Olympics", "London Marathon", "Academy Awards", "Cannes Film Festival") is no actor:
        // it is the place it is held in when its first words name one the gazetteer knows
        // ("Athens", "Santa Barbara"), and nothing otherwise. A "... Games" organisation
        // without a place is a company ("Argonaut Games").
        let locals = &h.locals;
        h.hits.retain_mut(|x| {
            let Target::Local(l) = x.target else {
                return true;
            };
            let kind = locals[l as usize].kind;
            let name = &text[x.start..x.end];
            let event = name
                .rsplit_once(' ')
                .is_some_and(|(_, last)| EVENT_WORDS.contains(&last) || last == "Festival");
            if !event || !matches!(kind, EntityKind::Organization | EntityKind::Place) {
                return true;
            }
            let words: Vec<&str> = name.split(' ').collect();
            // A prize is often named after a person ("Douglas Hickox Award"): its place is
            // all of the words before it or none.
            let prize = matches!(words.last(), Some(&("Award" | "Awards" | "Prize")));
            let shortest = if prize { words.len() - 1 } else { 1 };
            let place = (shortest..words.len()).rev().find_map(|n| {
                let prefix = words[..n].join(" ");
                self.matcher()
                    .lookup(&prefix)
                    .iter()
                    .find(|c| {
                        // A small town seldom hosts one: a namesake is likelier.
                        let e = &self.gazetteer.entities[c.entity as usize];
                        !c.demonym
                            && e.kind == EntityKind::Place
                            && (!e.id.starts_with("geonames:") || e.population >= fuse::SMALL_PLACE)
                    })
                    .map(|c| (prefix.len(), c.entity))
            });
            match place {
                Some((len, idx)) => {
                    x.end = x.start + len;
                    x.target = Target::Entity {
                        idx,
                        demonym: false,
                    };
                    true
                }
                None => name.ends_with(" Games") && kind == EntityKind::Organization,
            }
        });
    }

    fn gazetteer_index(&self, id: &str) -> Option<u32> {
        self.gazetteer.index_of(id).map(|i| i as u32)
    }

    /// Converts hits to mentions, byte offsets to character offsets in one pass.
    fn mentions(&self, text: &str, hits: &Hits) -> Vec<Mention> {
        let mut out = Vec::with_capacity(hits.hits.len());
        let (mut byte, mut chars) = (0usize, 0usize);
        let mut to_chars = |b: usize| {
            if b >= byte {
                chars += text[byte..b].chars().count();
            } else {
                chars -= text[b..byte].chars().count();
            }
            byte = b;
            chars
        };
        for h in &hits.hits {
            let start = to_chars(h.start);
            let end = to_chars(h.end);
            let kind = self.kind_of(h.target, &hits.locals);
            let m = match h.target {
                Target::Entity { idx, .. } | Target::Acting(idx) => {
                    let e = &self.gazetteer.entities[idx as usize];
                    // A demonym or a state acting names no point on the map.
                    let point = matches!(h.target, Target::Entity { demonym: false, .. });
                    Mention {
                        start,
                        end,
                        text: text[h.start..h.end].to_owned(),
                        kind,
                        id: e.id.clone(),
                        name: e.name.clone(),
                        lat: e.lat.filter(|_| point),
                        lon: e.lon.filter(|_| point),
                        country: e.country.clone(),
                        region: match (h.target, e.region) {
                            (Target::Acting(_), _) => None,
                            (_, Some(r)) if point => {
                                Some(self.gazetteer.entities[r as usize].name.clone())
                            }
                            _ if e.id.starts_with("admin1:") => Some(e.name.clone()),
                            _ => None,
                        },
                    }
                }
                Target::Local(i) => {
                    let l = &hits.locals[i as usize];
                    let p = l.point.as_ref();
                    Mention {
                        start,
                        end,
                        text: text[h.start..h.end].to_owned(),
                        kind,
                        id: l.id.clone(),
                        name: l.name.clone(),
                        lat: p.map(|p| p.lat),
                        lon: p.map(|p| p.lon),
                        country: p.and_then(|p| p.country.clone()),
                        region: p.and_then(|p| p.region.clone()),
                    }
                }
            };
            out.push(m);
        }
        out
    }
}

impl Hits {
    /// Adds (or reuses) an article-local entity.
    fn local(&mut self, id: String, name: &str, kind: EntityKind) -> Target {
        if let Some(i) = self.locals.iter().position(|l| l.id == id) {
            return Target::Local(i as u32);
        }
        self.locals.push(Local {
            id,
            name: name.to_owned(),
            kind,
            terms: vec![name.to_owned()],
            areas: Vec::new().into(),
            point: None,
        });
        Target::Local(self.locals.len() as u32 - 1)
    }

    /// A one-word "person" the article also writes as a company ("oil giant Yukos", "Yukos
    /// shares", "former Yukos boss": [`CompanyCues`]) is that company, under the id the
    /// tagger's organisations get. Not a person with a first name or a linked surname.
    fn companies_written_as_people(&mut self, text: &str) {
        let mut cues: Option<CompanyCues> = None;
        for i in 0..self.locals.len() {
            let l = &self.locals[i];
            if l.kind != EntityKind::Person || l.name.contains(' ') || l.terms.len() > 1 {
                continue;
            }
            if !cues
                .get_or_insert_with(|| CompanyCues::of(text))
                .mark(text, &l.name)
            {
                continue;
            }
            let id = fuse::org_id(&l.name);
            match self.locals.iter().position(|m| m.id == id) {
                Some(j) => {
                    for x in &mut self.hits {
                        if x.target == Target::Local(i as u32) {
                            x.target = Target::Local(j as u32);
                        }
                    }
                }
                None => {
                    let l = &mut self.locals[i];
                    l.kind = EntityKind::Organization;
                    l.id = id;
                }
            }
        }
    }

    /// A person of the article's own that the article introduces as a code name ("Exercise
    /// Eager Lion", "codenamed Longhorn", "Operation Desert Fox") names an operation or a
    /// product, no actor: its mentions go, with the words of it linked as names ("Eager",
    /// "Lion").
    fn drop_code_names(&mut self, text: &str) {
        const CUES: &[&str] = &[
            "Exercise",
            "exercise",
            "Operation",
            "operation",
            "codenamed",
            "code-named",
            "code named",
        ];
        let person = |t: Target| matches!(t, Target::Local(i) if self.locals[i as usize].kind == EntityKind::Person);
        // A cue as a whole word, then a space, maybe an opening quote or bracket.
        let after_cue = |start: usize| {
            let before = text[..start].trim_end_matches(['"', '“', '‘', '\'', '(']);
            before.strip_suffix(' ').is_some_and(|b| {
                CUES.iter().any(|c| {
                    b.strip_suffix(c)
                        .is_some_and(|w| !w.ends_with(|ch: char| ch.is_alphanumeric() || ch == '-'))
                })
            })
        };
        let named: Vec<Target> = self
            .hits
            .iter()
            .filter(|x| person(x.target) && after_cue(x.start))
            .map(|x| x.target)
            .collect();
        if !named.is_empty() {
            self.hits.retain(|x| !named.contains(&x.target));
        }
    }

    /// A name of the article's own made of a religious or ethnic community's word and
    /// lowercase words, other such words or "Arab" ("Shia militias", "Sunni Arab tribes",
    /// "Alawite officers", "Yazidi", "Assyrian Christians") names no actor of its own: the
    /// tagger's organisations, people and places there would be one entity for every Shia
    /// militia of the corpus. Their mentions go (CoNLL marks the words MISC); a longer name
    /// keeps them ("Shia Rights Watch").
    fn drop_communities(&mut self, text: &str) {
        let of_a_community = |name: &str| {
            let mut words = name.split(' ');
            words.next().is_some_and(|w| COMMUNITIES.contains(&w))
                && words.all(|w| {
                    w.starts_with(|c: char| c.is_lowercase())
                        || COMMUNITIES.contains(&w)
                        || matches!(w, "Arab" | "Arabs")
                })
        };
        // The entity's own name too: "Christian" may be Christian Slater's first name.
        let community = |x: &Hit| {
            matches!(x.target, Target::Local(l) if of_a_community(&self.locals[l as usize].name))
                && of_a_community(&text[x.start..x.end])
        };
        self.hits.retain(|x| !community(x));
    }

    /// A one-word "person" of the article's own (no first name, no linked surname) that the
    /// article writes as a product, a technology or a game anywhere ([`written_as_product`]:
    /// "Halo 2", "Linux-based", "web browser Safari") names no actor: its mentions go, as
    /// dossier has no kind for products.
    fn drop_products(&mut self, text: &str) {
        let people: Vec<u32> = (0..self.locals.len() as u32)
            .filter(|&i| {
                let l = &self.locals[i as usize];
                l.kind == EntityKind::Person && !l.name.contains(' ') && l.terms.len() == 1
            })
            .collect();
        if people.is_empty() {
            return;
        }
        let names: Vec<&str> = people
            .iter()
            .map(|&i| self.locals[i as usize].name.as_str())
            .collect();
        let products: Vec<u32> = occurrences(text, &names)
            .iter()
            .zip(&people)
            .filter(|&(starts, &i)| {
                let n = self.locals[i as usize].name.len();
                starts.iter().any(|&at| {
                    is_whole_word(text, at, at + n) && written_as_product(text, at, at + n)
                })
            })
            .map(|(_, &i)| i)
            .collect();
        if !products.is_empty() {
            self.hits
                .retain(|x| !matches!(x.target, Target::Local(i) if products.contains(&i)));
        }
    }

    /// A name of the article's own that the article writes at least once right after a word
    /// for a film, a book or a record ("the abortion drama Vera Drake", "the film Finding
    /// Neverland", "her novel Small Island") is that work's title, neither an actor nor a
    /// place: its mentions go.
    fn drop_works(&mut self, text: &str) {
        // A mention right after a cue word, of the whole name ("musical Billy Elliot" is no
        // work "Billy"): a look at the few bytes before each mention of the article's own
        // names, not a pass over the text.
        let after_cue = |x: &Hit| {
            let Target::Local(l) = x.target else {
                return false;
            };
            let name = &self.locals[l as usize].name;
            text[x.start..x.end] == **name
                && !text[x.end..]
                    .strip_prefix(' ')
                    .is_some_and(|r| r.starts_with(char::is_uppercase))
                && WORK_BEFORE.iter().any(|w| {
                    text[..x.start]
                        .strip_suffix(w)
                        .is_some_and(|rest| !rest.ends_with(char::is_alphanumeric))
                })
        };
        // Or right before one that only follows a work ("the Lord of the Rings trilogy", "Vera
        // Drake star Imelda Staunton": a star of a "place" is a film's; a club's or a person's
        // is not).
        let before_cue = |x: &Hit| {
            let Target::Local(l) = x.target else {
                return false;
            };
            let local = &self.locals[l as usize];
            let after = &text[x.end..];
            let word = |w: &str| {
                after
                    .strip_prefix(w)
                    .is_some_and(|r| !r.starts_with(char::is_alphanumeric))
            };
            text[x.start..x.end] == *local.name
                && ([" trilogy", " sequel", " soundtrack"].into_iter().any(word)
                    || local.kind == EntityKind::Place && word(" star"))
        };
        let works: Vec<Target> = self
            .hits
            .iter()
            .filter(|x| after_cue(x) || before_cue(x))
            .map(|x| x.target)
            .collect();
        if !works.is_empty() {
            self.hits.retain(|x| !works.contains(&x.target));
        }
    }

    /// A person of the article's own named only by a title or an office ("the Foreign
    /// Secretary", "the Minister") is the person the article names with that title ("Foreign
    /// Secretary Boris Johnson"), when it names one; otherwise it stays the office, as analysts
    /// mark it (re3d does). A rank abbreviated alone or the last word of a longer title, a
    /// piece the tagger cut off ("Spc", "Brig", "Lt.", "Officer" of "Chief Executive
    /// Officer"), goes.
    fn resolve_offices(&mut self, text: &str, holders: &[(&str, Target)]) {
        let locals = &self.locals;
        self.hits.retain_mut(|x| {
            let Target::Local(l) = x.target else {
                return true;
            };
            let local = &locals[l as usize];
            let written = &text[x.start..x.end];
            if local.kind != EntityKind::Person || local.name != written {
                return true;
            }
            if people::is_abbreviated_rank(written) || people::ends_a_title(text, x.start, written)
            {
                return false;
            }
            let mut held = holders
                .iter()
                .filter(|(title, _)| title.eq_ignore_ascii_case(written))
                .map(|&(_, t)| t);
            if let Some(first) = held.next()
                && held.all(|t| t == first)
            {
                x.target = first;
            }
            true
        });
    }

    /// Records a short form or surname as a search term of a local entity.
    fn add_term(&mut self, target: Target, term: &str) {
        if let Target::Local(i) = target {
            let terms = &mut self.locals[i as usize].terms;
            if !terms.iter().any(|t| t == term) {
                terms.push(term.to_owned());
            }
        }
    }

    /// Puts `target` on `start..end`, dropping the hits it overlaps.
    fn replace_span(&mut self, start: usize, end: usize, target: Target) {
        self.hits.retain(|x| x.end <= start || x.start >= end);
        self.hits.push(Hit { start, end, target });
    }
}

/// A state's organs as written before the state's name with "of" ("Government of Iraq",
/// "Ministry of Defence of Iraq"), longest first where one opens another.
const ORGANS_OF: &[&str] = &[
    "Federal Government",
    "Transitional Government",
    "Interim Government",
    "Government",
    "Ministry of Foreign Affairs",
    "Ministry of Defence",
    "Ministry of Defense",
    "Ministry of the Interior",
    "Ministry of Interior",
    "Armed Forces",
];

/// Byte length of one of [`ORGANS_OF`] and " of " that open `name` (after "the"), if any.
fn organ_of_len(name: &str) -> Option<usize> {
    let the = if name
        .get(..4)
        .is_some_and(|w| w.eq_ignore_ascii_case("the "))
    {
        4
    } else {
        0
    };
    let rest = &name[the..];
    ORGANS_OF.iter().find_map(|o| {
        let n = o.len();
        (rest.len() > n + 4
            && rest.is_char_boundary(n)
            && rest[..n].eq_ignore_ascii_case(o)
            && rest[n..].starts_with(" of "))
        .then_some(the + n + 4)
    })
}

/// Where one of [`ORGANS_OF`] and " of " (and maybe "the ") before byte `at` of `text` start
/// ("government of " before "Iraq", "Government of the " before "Netherlands").
fn organ_before(text: &str, at: usize) -> Option<usize> {
    let before = &text[..at];
    organ_of_start(before.strip_suffix("the ").unwrap_or(before))
}

/// Where one of [`ORGANS_OF`] and " of " that end `before` start, as a whole word ("the
/// government of " before "Iraq").
fn organ_of_start(before: &str) -> Option<usize> {
    let head = before.strip_suffix(" of ")?;
    ORGANS_OF.iter().find_map(|o| {
        let start = head.len().checked_sub(o.len())?;
        (head.is_char_boundary(start)
            && head[start..].eq_ignore_ascii_case(o)
            && matcher::starts_word(head, start))
        .then_some(start)
    })
}

/// The words that end the name of a facility named after the place it serves or stands in
/// ("Aleppo International Airport", "Tabqa Dam", "Rafah Crossing"). Not "Bridge", "Hotel",
/// "Stadium" or "Prison", which are more often named after a district or a person than
/// after the town they stand in ("Stamford Bridge" is in London).
const FACILITIES: &[&str] = &[
    "International Airport",
    "Military Airport",
    "Airport",
    "Air Base",
    "Airbase",
    "Air Field",
    "Airfield",
    "Military Airfield",
    "Military Base",
    "Naval Base",
    "Dam",
    "Port",
    "Harbour",
    "Harbor",
    "Refinery",
    "Oil Refinery",
    "Oil Field",
    "Oilfield",
    "Gas Field",
    "Power Plant",
    "Assembly Plant",
    "Power Station",
    "Nuclear Plant",
    "Nuclear Power Plant",
    "Border Crossing",
    "Crossing",
];

/// Where the longest of [`FACILITIES`] that ends `text` at `end` starts (case aside), after
/// a space.
fn facility_start(text: &str, end: usize) -> Option<usize> {
    let before = &text.as_bytes()[..end];
    FACILITIES
        .iter()
        .filter(|f| {
            let n = f.len();
            n < end
                && before[end - n - 1] == b' '
                && before[end - n..].eq_ignore_ascii_case(f.as_bytes())
        })
        .map(|f| end - f.len())
        .min()
}

/// The leading run of letters and digits of `s`.
fn leading_word(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(s.len(), |(i, _)| i);
    &s[..end]
}

/// The byte offset of each character of `text` and whether it is a letter or a digit, read
/// byte by byte where the text is ASCII.
fn alnum_chars(text: &str) -> impl Iterator<Item = (usize, bool)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        let &b = bytes.get(i)?;
        let at = i;
        if b.is_ascii() {
            i += 1;
            return Some((at, b.is_ascii_alphanumeric()));
        }
        let c = text[i..].chars().next()?;
        i += c.len_utf8();
        Some((at, c.is_alphanumeric()))
    })
}

/// Where each form occurs in `text` at the start of a word, non-overlapping from the left (as
/// `str::match_indices`). One pass over the words of the text, each looked up by its letters
/// and digits among the forms' first words, so that it stays linear however many forms there
/// are (building an automaton for a few forms cost more than the search; a form that does not
/// start with a letter or digit, never seen in practice, is searched on its own).
fn occurrences(text: &str, forms: &[&str]) -> Vec<Vec<usize>> {
    let mut found: Vec<Vec<usize>> = vec![Vec::new(); forms.len()];
    let mut by_word: rustc_hash::FxHashMap<&str, Vec<usize>> = Default::default();
    for (p, form) in forms.iter().enumerate() {
        match leading_word(form) {
            "" => found[p] = text.match_indices(form).map(|(s, _)| s).collect(),
            w => by_word.entry(w).or_default().push(p),
        }
    }
    // The bytes the forms' first words start with: most words are ruled out by theirs.
    let mut first = [false; 256];
    for w in by_word.keys() {
        first[w.as_bytes()[0] as usize] = true;
    }
    let mut prev_alnum = false;
    for (s, alnum) in alnum_chars(text) {
        if alnum
            && !prev_alnum
            && first[text.as_bytes()[s] as usize]
            && let Some(ps) = by_word.get(leading_word(&text[s..]))
        {
            for &p in ps {
                let prev_end = found[p].last().map_or(0, |&at| at + forms[p].len());
                if text[s..].starts_with(forms[p]) && (found[p].is_empty() || s >= prev_end) {
                    found[p].push(s);
                }
            }
        }
        prev_alnum = alnum;
    }
    found
}

/// Lines of three words or more written all in capitals (a wire headline: "MAZDA MOTOR CORP
/// 1ST QTR NET") make the tagger read words as names too readily ("NET", "QTR NET", "BANK" in
/// Reuters' headlines). A name there that the tagger alone found (no gazetteer knows it) stays
/// only if the article names it in ordinary case too (each of its words is a word of a name
/// found outside such lines: "CHRYSLER" with "Chrysler Corp", "CUTTITTA" with "Marcello
/// Cuttitta"), or it is a company by its legal form ("JIM WALTER CORP") or by the ticker after
/// it (`tickers`: "GM <GM>"), or it is such a ticker. A text mostly in capitals is left alone.
fn drop_capitals_only_names(
    text: &str,
    hits: &mut Vec<Hit>,
    tickers: &[(usize, usize)],
    country: impl Fn(Target) -> bool,
) {
    let words = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    let mut caps: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        // Most lines stop at their first lowercase letter.
        let capitals = || {
            let letters = line.chars().filter(|c| c.is_alphabetic()).count();
            let line_words = line
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .count();
            letters >= 8 && line_words >= 3
        };
        if !line.chars().any(char::is_lowercase) && capitals() {
            caps.push((start, start + line.len()));
        }
        start += line.len();
    }
    // A text in capitals throughout (a telex) has no ordinary case to confirm names by.
    let in_lines: usize = caps.iter().map(|(s, e)| e - s).sum();
    if caps.is_empty() || in_lines * 2 > text.len() {
        return;
    }
    let in_caps = |x: &Hit| caps.iter().any(|&(s, e)| x.start >= s && x.end <= e);
    let named: std::collections::HashSet<String> = hits
        .iter()
        .filter(|x| !in_caps(x))
        .flat_map(|x| words(&text[x.start..x.end]))
        .collect();
    let company = |x: &Hit| {
        let name = &text[x.start..x.end];
        let ticker_after = tickers
            .iter()
            .any(|&(s, _)| acronyms::name_end_before_ticker(text, s) == x.end);
        ticker_after || fuse::ends_in_legal_form(name)
    };
    hits.retain(|x| {
        !in_caps(x)
            || !matches!(x.target, Target::Local(_))
            || tickers.contains(&(x.start, x.end))
            || company(x)
            || words(&text[x.start..x.end])
                .iter()
                .all(|w| named.contains(w))
    });
    // A gazetteer name of up to six letters there that spells a word of the article ("IS" in
    // "DOLLAR'S LEVEL IS APPROPRIATE" is no Islamic State, "SPLIT" no Croatian city when the
    // body speaks of a stock split) stays only if the article also writes it in capitals
    // outside such lines ("IS fighters"), or never writes the word in lowercase. Countries
    // ("US") stay.
    let spelled = |x: &Hit| {
        let w = &text[x.start..x.end];
        in_caps(x)
            && !matches!(x.target, Target::Local(_))
            && !country(x.target)
            && !tickers.contains(&(x.start, x.end))
            && w.chars().all(|c| c.is_ascii_uppercase())
            && matcher::is_acronym(w)
    };
    if !hits.iter().any(spelled) {
        return;
    }
    let mut outside: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut at = 0;
    for &(s, e) in caps
        .iter()
        .chain(std::iter::once(&(text.len(), text.len())))
    {
        outside.extend(
            text[at..s]
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty()),
        );
        at = e;
    }
    hits.retain(|x| {
        if !spelled(x) {
            return true;
        }
        let w = &text[x.start..x.end];
        outside.contains(w) || !outside.contains(w.to_ascii_lowercase().as_str())
    });
}

/// A last line of one word after the text ("Reuter", as every Reuters-21578 story ends) is
/// the wire's sign-off, not a mention: a name there that only the tagger found (the person
/// "Reuter") goes.
fn drop_sign_off(text: &str, hits: &mut Vec<Hit>) {
    let body = text.trim_end();
    let Some(nl) = body.rfind('\n') else {
        return;
    };
    let last = body[nl + 1..].trim_start();
    if last.is_empty() || last.contains(char::is_whitespace) || body[..nl].trim().is_empty() {
        return;
    }
    let start = body.len() - last.len();
    hits.retain(|x| x.start < start || !matches!(x.target, Target::Local(_)));
}

/// Byte range of the line holding byte `at` (without its line break).
fn line_of(text: &str, at: usize) -> (usize, usize) {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    (start, end)
}

/// Row labels of the wire's tables of results ("Shr 39 cts vs 50 cts", "Oper net 659,000 vs
/// 523,000", "Qtly div 25 cts vs 25 cts prior", "Payable April 10"): abbreviations and words
/// that the tagger, seeing a capital at a line's start, took for names.
const TABLE_LABELS: &[&str] = &[
    "Shr", "Shrs", "Oper", "Qtly", "Qtr", "Mths", "Revs", "Avg", "Div", "Payable", "Annual",
    "Period",
];

/// A name only the tagger found that opens a line with figures and starts with a table's row
/// label ([`TABLE_LABELS`], exact case) is that label, not a name: it goes. (On 1,855
/// Reuters-21578 articles: "Shr" was their most frequent organisation, 133 mentions.)
fn drop_table_labels(text: &str, hits: &mut Vec<Hit>) {
    hits.retain(|x| {
        if !matches!(x.target, Target::Local(_)) {
            return true;
        }
        let span = &text[x.start..x.end];
        let first = span.split(char::is_whitespace).next().unwrap_or(span);
        if !TABLE_LABELS.contains(&first) {
            return true;
        }
        let (line_start, line_end) = line_of(text, x.start);
        let opens_line = text[line_start..x.start].trim().is_empty();
        !(opens_line && text[x.end..line_end].contains(|c: char| c.is_ascii_digit()))
    });
}

/// Words that end the names of competitions and prizes ("Davis Cup", "Nobel Prize").
const EVENT_WORDS: &[&str] = &[
    "Cup",
    "Open",
    "Games",
    "Championship",
    "Championships",
    "Trophy",
    "Grand Prix",
    "Masters",
    "Classic",
    "Prize",
    "Award",
    "Awards",
    "Bowl",
    "Marathon",
    "Olympics",
];

/// Nouns for an organisation's members that follow its name ("Labour MPs"): see
/// [`Enricher::members_of_organisations`].
const MEMBER_NOUNS: &[&str] = &[
    "MPs",
    "MEPs",
    "members",
    "voters",
    "supporters",
    "activists",
    "councillors",
    "peers",
    "backbenchers",
    "delegates",
    "lawmakers",
];

/// Common nouns that, right before a name, say it is a company's ("oil giant Yukos"; and
/// inside a name the tagger ran on from them, are no part of it: "aircraft manufacturer
/// Boeing").
const COMPANY_NOUNS: &[&str] = &[
    "firm",
    "giant",
    "group",
    "company",
    "maker",
    "carrier",
    "retailer",
    "bank",
    "airline",
    "operator",
    "producer",
    "conglomerate",
    "chain",
    "supplier",
    "insurer",
    "lender",
    "broker",
    "publisher",
    "studio",
    "manufacturer",
    "automaker",
    "carmaker",
    "airframer",
    "newspaper",
    "developer",
    "provider",
    "subsidiary",
    "club",
    "regulator",
    "watchdog",
    "band",
];

/// Words that, right after a name, say it is a company's, a club's or a party's ("Yukos
/// shares", "Yukos boss", "Chelsea manager", "Chelsea winger", "Uralsib analyst", "Maori
/// party", "the 'Veritas' party", "a Reuter survey"; not "fans", who follow singers and
/// games too).
const COMPANY_AFTER: &[&str] = &[
    " shares",
    "'s shares",
    " boss",
    " unit",
    " subsidiary",
    " chief executive",
    " CEO",
    " shareholders",
    " manager",
    " striker",
    " midfielder",
    " defender",
    " goalkeeper",
    " chairman",
    " players",
    " winger",
    " side",
    " squad",
    " coach",
    " party",
    "' party",
    "’ party",
    " analyst",
    " analysts",
    " employees",
    " executives",
    " survey",
    " poll",
    " correspondent",
    " correspondents",
];

/// Religious and ethnic communities' words: see [`Hits::drop_communities`]. Not "Kurds"
/// (listed, with Kurdistan), "Houthi" (an armed group), states' demonyms, nor "Christian",
/// a first name ("Christian Slater", cheered as "Christian").
const COMMUNITIES: &[&str] = &[
    "Sunni",
    "Sunnis",
    "Shia",
    "Shias",
    "Shiite",
    "Shiites",
    "Shi'ite",
    "Shi'ites",
    "Alawite",
    "Alawites",
    "Alawi",
    "Yazidi",
    "Yazidis",
    "Yezidi",
    "Yezidis",
    "Druze",
    "Ismaili",
    "Ismailis",
    "Assyrian",
    "Assyrians",
    "Chaldean",
    "Chaldeans",
    "Maronite",
    "Maronites",
    "Copt",
    "Copts",
    "Coptic",
    "Christians",
    "Muslim",
    "Muslims",
    "Catholic",
    "Catholics",
    "Protestant",
    "Protestants",
    "Sufi",
    "Sufis",
    "Salafi",
    "Salafis",
    "Salafist",
    "Salafists",
    "Wahhabi",
    "Hindu",
    "Hindus",
    "Sikh",
    "Sikhs",
    "Buddhist",
    "Buddhists",
];

/// Words right after a name that say it is a product's, a technology's or a game's ("Halo 2",
/// "Linux-based", "Bluetooth technology"), or right before it ("the Xbox game Halo", "web
/// browser Safari", "a virus called Bofra", "humanoid robot Asimo"): see
/// [`Hits::drop_products`].
const PRODUCT_AFTER: &[&str] = &[
    "-based",
    " technology",
    " software",
    " operating system",
    " game",
    " games",
    " console",
    " consoles",
    " browser",
    " users",
    " devices",
    " handsets",
    " platform",
    " version",
    " sequel",
];

/// See [`PRODUCT_AFTER`].
/// Words for works right before their titles ("the film Vera Drake"); not "play" or
/// "single", which are also verbs and adjectives before names ("play Chelsea").
const WORK_BEFORE: &[&str] = &[
    "film ",
    "movie ",
    "drama ",
    "comedy ",
    "documentary ",
    "musical ",
    "sitcom ",
    "album ",
    "novel ",
    "thriller ",
    "biopic ",
    "blockbuster ",
];

const PRODUCT_BEFORE: &[&str] = &[
    "game ",
    "games ",
    "console ",
    "browser ",
    "software ",
    "program ",
    "programme ",
    "application ",
    "app ",
    "virus ",
    "virus called ",
    "worm ",
    "worm called ",
    "robot ",
];

/// Whether `text[start..end]`, a name, is written as a product's: one of [`PRODUCT_AFTER`] or
/// [`PRODUCT_BEFORE`] around it, or a sequel's number after it ("Halo 2 is", "Halo 2,"; not a
/// score, "Chelsea 2 Arsenal 1", nor "6-4").
fn written_as_product(text: &str, start: usize, end: usize) -> bool {
    let after = &text[end..];
    let before = &text[..start];
    if PRODUCT_AFTER.iter().any(|w| {
        after
            .strip_prefix(w)
            .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
    }) || PRODUCT_BEFORE.iter().any(|w| {
        before
            .strip_suffix(w)
            .is_some_and(|rest| !rest.ends_with(char::is_alphanumeric))
    }) {
        return true;
    }
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let tail = &rest[digits..];
    digits == 1
        && !rest.starts_with(['0', '1'])
        && (tail.is_empty()
            || tail.starts_with([',', ':', ';', ')', '\'', '"'])
            || tail.starts_with('.') && !tail[1..].starts_with(|c: char| c.is_ascii_digit())
            || tail.starts_with(' ') && tail[1..].starts_with(char::is_lowercase))
}

/// Where a text writes a name as a company's: the starts of the words right after one of
/// [`COMPANY_NOUNS`] and the ends of the words right before one of [`COMPANY_AFTER`], found
/// in one pass over the text; a name is then checked against these few places
/// ([`CompanyCues::mark`]) rather than searched for in the whole text.
struct CompanyCues {
    starts: Vec<usize>,
    ends: Vec<usize>,
}

impl CompanyCues {
    fn of(text: &str) -> CompanyCues {
        // All the cues in one pass over the text (a pass per cue was a tenth of enriching
        // a big file): the nouns first, then the words after a name.
        static CUES: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
        let ac = CUES.get_or_init(|| {
            aho_corasick::AhoCorasick::new(COMPANY_NOUNS.iter().chain(COMPANY_AFTER))
                .expect("the cue words build an automaton")
        });
        let (mut starts, mut ends) = (Vec::new(), Vec::new());
        for m in ac.find_overlapping_iter(text) {
            let (at, after) = (m.start(), m.end());
            if m.pattern().as_usize() < COMPANY_NOUNS.len() {
                let spaces = text[after..].len() - text[after..].trim_start_matches(' ').len();
                if spaces > 0 && is_whole_word(text, at, after) {
                    starts.push(after + spaces);
                }
            } else if !text[after..].starts_with(char::is_alphanumeric) {
                ends.push(at);
            }
        }
        CompanyCues { starts, ends }
    }

    /// Whether `name` stands, as a whole word, at one of the cues' places.
    fn mark(&self, text: &str, name: &str) -> bool {
        let n = name.len();
        self.starts
            .iter()
            .any(|&s| text[s..].starts_with(name) && is_whole_word(text, s, s + n))
            || self
                .ends
                .iter()
                .any(|&e| text[..e].ends_with(name) && is_whole_word(text, e - n, e))
    }
}

/// Words of a company's name that make it a unit of the company named by the words before
/// them ("GM Overseas Distribution Corporation", "Citicorp Capital Investors Ltd"; so does a
/// country's name: "LASMO Canada Inc").
const UNIT_WORDS: &[&str] = &[
    "Acceptance",
    "Capital",
    "Credit",
    "Distribution",
    "Finance",
    "Financial",
    "Funding",
    "Holding",
    "Holdings",
    "Investors",
    "Leasing",
    "Overseas",
    "Securities",
    "Strategic",
    "Trust",
];

/// Abbreviations of things that are neither actors nor places (media, technologies,
/// diseases, economic measures, titles; and awards), which the tagger, seeing capitals, takes for
/// organisations ("DVD", "HIV" and "HDTV" were among the 20 most frequent organisations of
/// 2,225 BBC articles, "MPs" a person). Exact case.
const COMMON_TERMS: &[&str] = &[
    "DVD",
    "DVDs",
    "CD",
    "CDs",
    "TV",
    "HDTV",
    "HD",
    "PC",
    "PCs",
    "ID",
    "IDs",
    "RFID",
    "IPTV",
    "DRM",
    "HSDPA",
    "UMD",
    "MMS",
    "SMS",
    "UWB",
    "PVR",
    "PVRs",
    "DVR",
    "DVRs",
    "SSL",
    "GPS",
    "LCD",
    "USB",
    "DSL",
    "MP3",
    "HIV",
    "AIDS",
    "Aids",
    "SARS",
    "Sars",
    "BSE",
    "DNA",
    "GDP",
    "GNP",
    "CPI",
    "LIBOR",
    "Libor",
    "LNG",
    "FOB",
    "IPO",
    "IPOs",
    "CEO",
    "CEOs",
    "CFO",
    "EST",
    "GMT",
    "VAT",
    "MP",
    "MPs",
    "MEP",
    "MEPs",
    "QC",
    "PIN",
    "ATM",
    "ATMs",
    "SUV",
    "SUVs",
    // Common nouns written with an ampersand ("R&B" was an organisation 24 times in the
    // BBC texts); not "AT&T", "P&O", "B&Q", "H&M", "M&S", which are companies.
    "R&B",
    "Q&A",
    "B&B",
    "B&Bs",
    "R&D",
    "M&A",
    "P&L",
    // Awards ("the Oscar for best screenplay" was a person, 55 mentions in the BBC texts).
    "Oscar",
    "Oscars",
    "Grammy",
    "Grammys",
    "Emmy",
    "Emmys",
    "Golden Globe",
    "Golden Globes",
];

/// Words that name nobody and nothing alone, whatever their case: articles, pronouns,
/// prepositions and bare titles. The tagger sometimes types one ("The" opening a Reuters
/// body after an all-caps headline was an organisation; "Of" in a film title a place; "Mr"
/// before a lowercase particle a person).
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "from", "and", "or",
    "but", "as", "if", "this", "that", "these", "those", "he", "she", "it", "we", "they", "i",
    "his", "her", "its", "our", "their", "my", "your", "new", "mr", "mrs", "ms", "dr", "sir",
];

/// Words joined by a hyphen to a place's name that name nothing else: prefixes
/// ("Franco-German", "Sino-U.S.") and the adjectives of continents and compass points
/// ("European-Mediterranean", "Central-Asian"), which the dictionary does not list.
const COMBINING_FORMS: &[&str] = &[
    "Afro", "Anglo", "Austro", "Euro", "Franco", "Greco", "Hispano", "Indo", "Italo", "Judeo",
    "Luso", "Russo", "Sino", "Anti", "Pro", "Non", "Ex", "Pan", "Trans", "Inter", "Mid", "Pre",
    "Post", "Neo", "European", "African", "Asian", "Arab", "Atlantic", "Pacific", "Western",
    "Eastern", "Northern", "Southern", "Central",
];

/// A name only the tagger found that is one of [`COMMON_TERMS`] or [`FUNCTION_WORDS`] goes (a
/// user's entity file or the gazetteer may still list one: those are kept, and so is a
/// ticker in angle brackets: Reuters' "First Interstate Bancorp <I>").
fn drop_common_terms(text: &str, hits: &mut Vec<Hit>) {
    hits.retain(|x| {
        let name = &text[x.start..x.end];
        let ticker = text[..x.start].ends_with('<') && text[x.end..].starts_with('>');
        !matches!(x.target, Target::Local(_))
            || !(COMMON_TERMS.contains(&name)
                || !ticker && FUNCTION_WORDS.iter().any(|w| w.eq_ignore_ascii_case(name)))
    });
}

/// Whether the word at byte `at` of `text` opens its line or sentence (nothing but spaces and
/// an opening quote since the last full stop, question or exclamation mark, colon or line
/// break).
fn opens_sentence(text: &str, at: usize) -> bool {
    text[..at]
        .trim_end_matches([' ', '"', '“', '\''])
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '\n'))
}

/// A one-word organisation or place only the tagger found, at the start of a sentence or a
/// headline, is an ordinary word there when the text writes it in lowercase elsewhere and
/// never capitalised inside a sentence ("World stocks plunge ..." with "the world's markets"
/// below; "Read the summit documents"): those openers go. Not people: a text cased badly
/// writes surnames in lowercase too (Reuters' "azpurua said"), and "the Minister" may stand
/// for the minister the article names. A place found by a name that is no alias
/// (`hit_by_name_only`: "Mobile", Alabama) counts as only the tagger's.
fn drop_capitalised_openers(
    text: &str,
    hits: &mut Vec<Hit>,
    locals: &[Local],
    by_name_only: impl Fn(&Hit) -> bool,
) {
    let opener = |x: &Hit| {
        let word = &text[x.start..x.end];
        (matches!(x.target, Target::Local(l) if locals[l as usize].kind != EntityKind::Person)
            || by_name_only(x))
            && !word.contains([' ', '-', '.'])
            && word.chars().skip(1).all(char::is_lowercase)
            && opens_sentence(text, x.start)
    };
    let mut words: Vec<&str> = hits
        .iter()
        .filter(|x| opener(x))
        .map(|x| &text[x.start..x.end])
        .collect();
    if words.is_empty() {
        return;
    }
    words.sort_unstable();
    words.dedup();
    let found = occurrences(text, &words);
    let common: Vec<&str> = words
        .iter()
        .zip(&found)
        .filter(|&(w, starts)| {
            starts
                .iter()
                .all(|&at| !is_whole_word(text, at, at + w.len()) || opens_sentence(text, at))
                && fuse::occurs_lowercase(text, w)
        })
        .map(|(w, _)| *w)
        .collect();
    if !common.is_empty() {
        hits.retain(|x| !(opener(x) && common.contains(&&text[x.start..x.end])));
    }
}

/// Puts each link's target on every whole-word occurrence of its form, in link order: on a
/// hit with exactly that span (a later link wins, unless `keep(link, existing, start, end)`
/// says the existing target stays), else as a new hit where no hit overlaps. One scan of the
/// text for all forms, and constant-time span checks, so a long text with many surnames and
/// short forms stays linear.
fn link_forms(
    text: &str,
    links: &[(String, Target)],
    hits: &mut Vec<Hit>,
    keep: impl Fn(Target, Target, usize, usize) -> bool,
) {
    let mut forms: Vec<&str> = links.iter().map(|(f, _)| f.as_str()).collect();
    forms.retain(|f| !f.is_empty());
    forms.sort_unstable();
    forms.dedup();
    if forms.is_empty() {
        return;
    }
    let found = occurrences(text, &forms);
    let mut exact: HashMap<(usize, usize), usize> = HashMap::with_capacity(hits.len());
    let mut covered = vec![false; text.len()];
    for (i, x) in hits.iter().enumerate() {
        exact.entry((x.start, x.end)).or_insert(i);
        covered[x.start..x.end].iter_mut().for_each(|c| *c = true);
    }
    for (form, target) in links {
        let Ok(p) = forms.binary_search(&form.as_str()) else {
            continue;
        };
        for &s in &found[p] {
            let e = s + form.len();
            if !is_whole_word(text, s, e) {
                continue;
            }
            if let Some(&i) = exact.get(&(s, e)) {
                if !keep(*target, hits[i].target, s, e) {
                    hits[i].target = *target;
                }
            } else if !covered[s..e].contains(&true) {
                exact.insert((s, e), hits.len());
                covered[s..e].iter_mut().for_each(|c| *c = true);
                hits.push(Hit {
                    start: s,
                    end: e,
                    target: *target,
                });
            }
        }
    }
}

#[cfg(test)]
pub(super) mod tests {

    use super::*;

    /// Sentences from the seed article (`corpora/seed/000_c3bebdd9ecb442e1.txt`).
    const SEED: &str = "What has been described as a “rogue Iranian-led militia” has breached the 55 km deconfliction zone around the U.S Special Operations base at al-Tanf and attacked MAT, an anti-ISIS unit trained by the U.S.\n\n\
Maghaweir al-Thowra (MAT) is a group that has been trained, equipped and led by American and coalition SOF operators in the tiny base of al-Tanf. MAT reported that an Iranian-led militia entered the 55km deconfliction zone.\n\n\
MAT forces also claim that this rogue Iranian proxy may have come under attack from Russian airstrikes just outside of the deconfliction zone. Major Johnny Walker a spokesman with Special Operations Joint Task Force-Operation Inherent Resolve said that they are monitoring the situation. Walker said the mat was red.\n\n\
The Russians frequently said in the past that the United States was training terrorists in al-Tanf. Back in 2018, Russian state-run media outlet Sputnik quoted Syrian Foreign Minister Walid Muallem as saying that the U.S. was gathering the remnants. Several members of Congress have questioned President Trump’s administration.";

    pub(super) fn enricher() -> &'static Enricher {
        static E: OnceLock<Enricher> = OnceLock::new();
        E.get_or_init(|| Enricher::new(&EnrichOptions::default()).unwrap())
    }

    /// A hit on the first occurrence of `name` in `text`.
    fn hit_at(text: &str, name: &str, target: Target) -> Hit {
        let start = text.find(name).unwrap();
        Hit {
            start,
            end: start + name.len(),
            target,
        }
    }

    /// Each mention of `text` as (text as written, id).
    fn text_and_ids(text: &str) -> Vec<(String, String)> {
        enricher()
            .tag(text)
            .mentions
            .into_iter()
            .map(|m| (m.text, m.id))
            .collect()
    }

    #[test]
    fn forms_are_found_at_word_starts_without_overlapping() {
        let text =
            "Walker met Walkers; al-Assad, bin Laden and U.S. envoys. Walker-Smith and A A A.";
        let forms = ["A A", "U.S.", "Walker", "al-Assad", "bin Laden"];
        let found = occurrences(text, &forms);
        let at = |f: &str| {
            let p = forms.iter().position(|&x| x == f).unwrap();
            found[p].iter().map(|&s| &text[s..]).collect::<Vec<_>>()
        };
        // "A A" twice in "A A A" would overlap: the first only, as `str::match_indices`.
        assert_eq!(at("A A").len(), 1);
        assert!(at("U.S.")[0].starts_with("U.S. envoys"));
        // "Walkers" is another word; "Walker-Smith" starts with the word (the caller checks
        // that an occurrence ends a word).
        assert_eq!(at("Walker").len(), 2);
        assert!(at("Walker")[1].starts_with("Walker-Smith"));
        assert!(at("al-Assad")[0].starts_with("al-Assad,"));
        assert!(at("bin Laden")[0].starts_with("bin Laden and"));
        // Never inside a word.
        assert!(occurrences("Stalker", &["talker"])[0].is_empty());
        // A form that does not start with a letter or a digit is searched on its own.
        assert_eq!(occurrences("a -x- b -x-", &["-x-"])[0], [2, 8]);
    }

    #[test]
    fn acronym_needs_come_from_the_words_alone() {
        let e = enricher();
        let needs = |t: &str, own: bool| {
            let n = e.acronym_needs(t, own);
            (n.may_use, n.defines)
        };
        assert_eq!(
            needs("JFB fighters clashed with police.", true),
            (true, false)
        );
        let defines = "The Jaish al-Foo Brigade (JFB) was formed. JFB fighters left.";
        assert_eq!(needs(defines, true), (false, true));
        // Enriched in pieces, a piece may use what another piece defines.
        assert_eq!(needs(defines, false), (true, false));
        // Known to the gazetteer, too short, or a company suffix: nothing to wait for.
        assert_eq!(
            needs("NATO and the UN met; Acme PLC and MD said so.", true),
            (false, false)
        );
        // Whatever the corpus defines, a text without such words records no use.
        let corpus = CorpusAcronyms::from_definitions(&[AcronymDef {
            short: "NATO".into(),
            id: "local:x".into(),
            name: "X".into(),
            kind: EntityKind::Organization,
        }]);
        let text = "NATO and the UN met; Acme PLC and MD said so.";
        assert!(e.find_hits(text, &corpus).acronyms.used.is_empty());
        let text = "JFB fighters clashed with police.";
        assert_eq!(e.find_hits(text, &corpus).acronyms.used.len(), 1);
    }

    fn find<'a>(t: &'a Tagged, text: &str) -> Vec<&'a Mention> {
        t.mentions.iter().filter(|m| m.text == text).collect()
    }

    fn one<'a>(t: &'a Tagged, text: &str) -> &'a Mention {
        find(t, text)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no mention {text:?} in {:#?}", t.mentions))
    }

    #[test]
    fn seed_places_and_groups() {
        let t = enricher().tag(SEED);
        let tanf = one(&t, "al-Tanf");
        assert_eq!(tanf.kind, EntityKind::Place);
        assert_eq!(tanf.id, "place:al-tanf");
        assert!((tanf.lat.unwrap() - 33.5).abs() < 0.1 && (tanf.lon.unwrap() - 38.66).abs() < 0.1);
        assert_eq!(one(&t, "MAT").id, one(&t, "Maghaweir al-Thowra").id);
        assert_eq!(find(&t, "MAT").len(), 4);
        let iran = one(&t, "Iranian");
        assert_eq!(
            (iran.kind, iran.id.as_str(), iran.name.as_str()),
            (EntityKind::Nationality, "country:IR", "Iran")
        );
        assert_eq!(one(&t, "U.S").id, "country:US");
        assert_eq!(one(&t, "U.S.").id, "country:US");
        assert_eq!(one(&t, "United States").id, "country:US");
        assert_eq!(one(&t, "American").id, "country:US");
        assert_eq!(one(&t, "Russian").id, "country:RU");
        assert_eq!(one(&t, "Russians").kind, EntityKind::Nationality);
        assert_eq!(one(&t, "ISIS").id, "org:islamic-state");
        assert_eq!(one(&t, "Sputnik").id, "org:sputnik");
        assert_eq!(one(&t, "Congress").id, "org:us-congress");
        assert_eq!(
            one(
                &t,
                "Special Operations Joint Task Force-Operation Inherent Resolve"
            )
            .id,
            "org:sojtf-oir"
        );
        assert!(
            t.mentions.iter().all(|m| m.text != "mat"),
            "lowercase mat tagged"
        );
    }

    #[test]
    fn seed_people() {
        let t = enricher().tag(SEED);
        let walker = one(&t, "Johnny Walker");
        assert_eq!(
            (walker.kind, walker.id.as_str()),
            (EntityKind::Person, "person:johnny-walker")
        );
        assert_eq!(one(&t, "Walker").id, walker.id);
        assert_eq!(one(&t, "Walid Muallem").kind, EntityKind::Person);
        assert_eq!(one(&t, "Trump").kind, EntityKind::Person);
        assert_eq!(one(&t, "Syrian").id, "country:SY");
    }

    #[test]
    fn acronym_defined_in_text_links_later_mentions() {
        let text = "Backed by the Syrian Democratic Forces (SDF), the offensive began. Later the SDF said so. \
                    The Jaish al-Foo Brigade (JFB) attacked; JFB fighters withdrew.";
        let t = enricher().tag(text);
        let sdf: Vec<_> = find(&t, "SDF");
        assert_eq!(sdf.len(), 2);
        assert!(
            sdf.iter()
                .all(|m| m.id == one(&t, "Syrian Democratic Forces").id)
        );
        let jfb = find(&t, "JFB");
        assert_eq!(jfb.len(), 2);
        // The tagger finds the long form; unknown to the gazetteer, it is an article-local org.
        assert!(jfb.iter().all(|m| m.id == "org:jaish-al-foo-brigade"));
        assert_eq!(one(&t, "Jaish al-Foo Brigade").name, "Jaish al-Foo Brigade");
    }

    #[test]
    fn offsets_are_characters() {
        let text = "“Ünïcödé” — said the Iranian-led group near al-Tanf.";
        let t = enricher().tag(text);
        let chars: Vec<char> = text.chars().collect();
        assert!(!t.mentions.is_empty());
        for m in &t.mentions {
            let s: String = chars[m.start..m.end].iter().collect();
            assert_eq!(s, m.text);
        }
        assert_eq!(one(&t, "Iranian").start, 21);
    }

    #[test]
    fn case_rules() {
        let t = enricher().tag("tell us about the mat and is it true? Us and Is are words.");
        assert!(t.mentions.is_empty(), "{:#?}", t.mentions);
        let t = enricher().tag("The US and IS fought; Iran's role grew.");
        assert_eq!(one(&t, "US").id, "country:US");
        assert_eq!(one(&t, "IS").id, "org:islamic-state");
        assert_eq!(one(&t, "Iran").id, "country:IR");
    }

    #[test]
    fn user_entity_file_adds_and_overrides() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.toml");
        std::fs::write(
            &path,
            "[[entity]]\nname = \"Liwa Shuhada al-Qaryatayn\"\naliases = [\"LSQ\"]\nkind = \"organization\"\n\n\
             [[entity]]\nname = \"Maghaweir al-Thowra\"\nid = \"org:mat\"\nkind = \"organization\"\naliases = [\"New Syrian Army\"]\n",
        )
        .unwrap();
        let e = Enricher::new(&EnrichOptions {
            entity_files: vec![path.clone()],
            ..Default::default()
        })
        .unwrap();
        let t = e.tag("LSQ and the New Syrian Army met Liwa Shuhada al-Qaryatayn.");
        assert_eq!(one(&t, "LSQ").id, "org:liwa-shuhada-al-qaryatayn");
        assert_eq!(one(&t, "New Syrian Army").id, "org:mat");
        assert_eq!(e.lookup("mat")[0].id, "org:mat");

        std::fs::write(&path, "[[entity]]\nname = \"X\"\nkind = 3\n").unwrap();
        let err = Enricher::new(&EnrichOptions {
            entity_files: vec![path.clone()],
            ..Default::default()
        })
        .map(|_| ())
        .unwrap_err();
        assert!(
            matches!(err, crate::Error::Config { path: ref p, .. } if *p == path),
            "{err}"
        );
    }

    #[test]
    fn lookup_and_terms() {
        let e = enricher();
        let r = &e.lookup("Iran")[0];
        assert_eq!(r.id, "country:IR");
        assert!(r.terms.iter().any(|t| t == "Iranian"));
        let mat = &e.lookup("MAT")[0];
        assert!(mat.terms.iter().any(|t| t == "Maghaweir al-Thowra"));
        assert!(e.entity_count() > 50_000);
        assert!(e.topics().len() >= 20);
    }

    #[test]
    fn enrich_assigns_passages() {
        let text = "MAT fighters held al-Tanf against an Iranian-led militia.\n\nRussian airstrikes hit the area.";
        let article = Article {
            path: "a.txt".into(),
            text: text.into(),
            date: Some("Sat, 04 May 2019 10:00:00 +0000".into()),
            ..Default::default()
        };
        let split = text.find("\n\n").unwrap();
        let n = text[..split].chars().count();
        let passages = vec![
            Passage {
                number: 0,
                start: 0,
                end: n,
                text: text[..split].into(),
            },
            Passage {
                number: 1,
                start: n + 2,
                end: text.chars().count(),
                text: text[split + 2..].into(),
            },
        ];
        let a = enricher().enrich(article, passages);
        assert_eq!(a.article.date.as_deref(), Some("2019-05-04"));
        let p0 = &a.passages[0];
        let actor_ids: Vec<&str> = p0.actors.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(actor_ids, ["org:mat", "country:IR"]);
        assert_eq!(
            p0.places.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            ["place:al-tanf"]
        );
        assert!(p0.actors[0].terms.iter().any(|t| t == "MAT"));
        assert_eq!(a.passages[1].actors[0].id, "country:RU");
        assert_eq!(a.passages[1].topics[0].id, "airstrikes");
    }

    /// The whole seed article (shipped in `corpus/seed/`): every actor and place with its kind.
    #[test]
    fn seed_article_file() {
        let text = include_str!("../../corpus/seed/000_c3bebdd9ecb442e1.txt");
        let t = enricher().tag(text);
        use EntityKind::*;
        for (m, kind, id) in [
            ("al-Tanf", Place, "place:al-tanf"),
            ("MAT", Organization, "org:mat"),
            ("Maghaweir al-Thowra", Organization, "org:mat"),
            ("Hezbollah", Organization, "org:hezbollah"),
            ("Iranian", Nationality, "country:IR"),
            ("Iranians", Nationality, "country:IR"),
            ("Russian", Nationality, "country:RU"),
            ("Russians", Nationality, "country:RU"),
            ("American", Nationality, "country:US"),
            ("United States", Place, "country:US"),
            ("Syria", Place, "country:SY"),
            ("Lebanon", Place, "country:LB"),
            ("Damascus", Place, "geonames:170654"),
            ("Tehran", Place, "geonames:112931"),
            ("Baghdad", Place, "geonames:98182"),
            ("Johnny Walker", Person, "person:johnny-walker"),
            ("Walid Muallem", Person, "person:walid-muallem"),
            ("Trump", Person, "person:donald-trump"),
            ("ISIS", Organization, "org:islamic-state"),
            ("Sputnik", Organization, "org:sputnik"),
            ("Pentagon", Organization, "org:pentagon"),
            ("Syrian Democratic Forces", Organization, "org:sdf"),
            ("SDF", Organization, "org:sdf"),
            (
                "Special Operations Joint Task Force-Operation Inherent Resolve",
                Organization,
                "org:sojtf-oir",
            ),
        ] {
            let got = one(&t, m);
            assert_eq!((got.kind, got.id.as_str()), (kind, id), "{m}");
        }
        for m in &t.mentions {
            assert!(
                m.text != "al-Tanf" || m.kind == Place,
                "al-Tanf as {:?}",
                m.kind
            );
            assert!(
                !m.text.contains('-')
                    || m.id != format!("place:{}", slug(&m.text))
                    || m.id == "place:al-tanf",
                "hyphenated compound {:?} made a place",
                m.text
            );
            assert!(m.text.starts_with(|c: char| c.is_uppercase()) || m.text.starts_with("al-"));
        }
    }

    /// The mentions of one kind, as written.
    fn texts_of(t: &Tagged, kind: EntityKind) -> Vec<&str> {
        t.mentions
            .iter()
            .filter(|m| m.kind == kind)
            .map(|m| m.text.as_str())
            .collect()
    }

    #[test]
    fn members_written_after_an_organisation_are_the_organisation() {
        let e = enricher();
        let t = e.tag(
            "Rebellion\n\nDozens of Labour MPs voted against the bill on Tuesday, and some \
             Labour members said they would leave. Many Iraqi voters stayed at home.",
        );
        let orgs: Vec<(&str, &str)> = t
            .mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Organization)
            .map(|m| (m.text.as_str(), m.id.as_str()))
            .collect();
        assert!(orgs.contains(&("Labour", "org:labour")), "{orgs:?}");
        assert_eq!(
            orgs.iter().filter(|o| o.0 == "Labour").count(),
            2,
            "{orgs:?}"
        );
        assert!(
            !orgs
                .iter()
                .any(|o| o.0.ends_with("MPs") || o.0.ends_with("members"))
        );
        // A state's people are not an organisation of the state's name.
        assert!(!orgs.iter().any(|o| o.0 == "Iraqi"), "{orgs:?}");
    }

    #[test]
    fn labour_is_the_party_where_the_tagger_reads_an_organisation() {
        let e = enricher();
        let t = e.tag(
            "Election\n\nThe Labour Party won the seat. Labour said it would cut taxes, and New \
             Labour was praised by the Scottish Labour Party.",
        );
        let labour: Vec<&str> = t
            .mentions
            .iter()
            .filter(|m| m.id == "org:labour")
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(
            labour,
            ["Labour Party", "Labour", "New Labour"],
            "{:?}",
            ids(&t)
        );
        assert!(
            t.mentions
                .iter()
                .all(|m| m.id != "org:labour" || m.name == "Labour Party")
        );
        // A branch the tagger read whole keeps its name.
        assert!(
            t.mentions.iter().any(|m| m.text == "Scottish Labour Party"),
            "{:?}",
            ids(&t)
        );
    }

    fn ids(t: &Tagged) -> Vec<(&str, EntityKind, &str)> {
        t.mentions
            .iter()
            .map(|m| (m.text.as_str(), m.kind, m.id.as_str()))
            .collect()
    }

    /// Fuses tagger spans given as (name, label), each the first occurrence of its name after
    /// the span before, with the dictionary hits of `text` (none unless `dict`): each hit's
    /// text, kind and id.
    fn fuse_spans(
        text: &str,
        spans: &[(&str, crate::ner::Label)],
        dict: bool,
    ) -> Vec<(String, EntityKind, String)> {
        let e = enricher();
        let mut from = 0;
        let spans: Vec<crate::ner::Span> = spans
            .iter()
            .map(|&(name, label)| {
                let start = from + text[from..].find(name).expect("the span's name");
                from = start + name.len();
                crate::ner::Span {
                    start,
                    end: from,
                    label,
                }
            })
            .collect();
        let mut hits = Vec::new();
        if dict {
            e.matcher()
                .find(text, &text.to_ascii_lowercase(), &mut hits);
        }
        let mut h = Hits {
            hits: Vec::new(),
            locals: Vec::new(),
            acronyms: Acronyms::default(),
        };
        e.fuse(text, &hits, &spans, &mut h);
        h.hits
            .iter()
            .map(|x| {
                (
                    text[x.start..x.end].to_string(),
                    e.kind_of(x.target, &h.locals),
                    e.entity_ref(x.target, &h.locals).id,
                )
            })
            .collect()
    }

    #[test]
    fn all_caps_dateline() {
        let t = enricher()
            .tag("DAMASCUS, Syria (Reuters) - Syrian forces shelled rebel positions on Monday.");
        use EntityKind::*;
        assert_eq!(
            ids(&t),
            [
                ("DAMASCUS", Place, "geonames:170654"),
                ("Syria", Place, "country:SY"),
                ("Reuters", Organization, "org:reuters"),
                // The state acting through its forces: an organisation, still Syria.
                ("Syrian forces", Organization, "country:SY"),
            ]
        );
        let d = one(&t, "DAMASCUS");
        assert_eq!(d.region.as_deref(), Some("Damascus Governorate"));
        assert_eq!(d.country.as_deref(), Some("SY"));
    }

    #[test]
    fn states_acting_through_their_organs() {
        use EntityKind::*;
        let t = enricher().tag(
            "U.S. forces are advising the SDF. On Dec. 6th, Iraqi Security Forces attempted to \
             seize the hospital, and the Israeli government said nothing. The Syrian Computer \
             Society is an organization in Syria. Some members of the Syrian Computer Society \
             belonged to the Syrian Electronic Army.",
        );
        let us = one(&t, "U.S. forces");
        assert_eq!((us.kind, us.id.as_str()), (Organization, "country:US"));
        let isf = one(&t, "Iraqi Security Forces");
        assert_eq!((isf.kind, isf.id.as_str()), (Organization, "country:IQ"));
        assert_eq!(one(&t, "Israeli government").id, "country:IL");
        // An organisation whose name opens with a demonym is not the state.
        let scs = find(&t, "Syrian Computer Society");
        assert_eq!(scs.len(), 2, "{:#?}", t.mentions);
        assert!(
            scs.iter()
                .all(|m| m.kind == Organization && m.id != "country:SY")
        );
        let sea = one(&t, "Syrian Electronic Army");
        assert_eq!(sea.kind, Organization);
        assert_ne!(sea.id, "country:SY");
        assert!(find(&t, "Syrian").is_empty(), "{:#?}", t.mentions);
    }

    #[test]
    fn states_acting_through_their_ministries_and_possessives() {
        use EntityKind::*;
        let t = enricher().tag(
            "The Russian Defence Ministry said. Iran's Foreign Ministry denied it, and Turkey's \
             military shelled Afrin. Russia's envoy left.",
        );
        for (name, id) in [
            ("Russian Defence Ministry", "country:RU"),
            ("Iran's Foreign Ministry", "country:IR"),
            ("Turkey's military", "country:TR"),
        ] {
            let m = one(&t, name);
            assert_eq!((m.kind, m.id.as_str()), (Organization, id), "{name}");
        }
        // One ministry per state, not one "Defence Ministry" for all of them.
        assert!(
            t.mentions.iter().all(|m| !m.id.contains("ministry")),
            "{:#?}",
            t.mentions
        );
        // A possessive before no organ leaves the state as it was.
        assert_eq!(one(&t, "Russia").kind, Place);
    }

    #[test]
    fn names_with_a_known_name_inside() {
        use EntityKind::*;
        let t = enricher().tag(
            "The 5th Special Forces Group trained them, and the US-led coalition struck Abu \
             Musab al-Zarqawi's network.",
        );
        // "Abu Musab" is also a group's name: only a hyphenated compound of known names is
        // split into them.
        let z = one(&t, "Abu Musab al-Zarqawi");
        assert_eq!(
            (z.kind, z.id.as_str()),
            (Person, "person:abu-musab-al-zarqawi")
        );
        let us = one(&t, "US");
        assert_eq!((us.kind, us.id.as_str()), (Organization, "country:US"));
    }

    #[test]
    fn surnames_do_not_override_the_taggers_places() {
        // A run-on person span must not turn the later countries into that person.
        let t = enricher().tag(
            "1. Natalia Karimova ( Russia ) 3:45.061 2. Svetlana Samokhvalova ( Russia ) \
             3:47.120\n3. Olga Slioussareva ( Russia ) 3:48.003",
        );
        for m in find(&t, "Russia") {
            assert_eq!(m.id, "country:RU", "{:#?}", t.mentions);
        }
    }

    #[test]
    fn hyphens_and_possessives() {
        let t = enricher().tag(
            "An Iranian-led militia attacked the anti-ISIS base at al-Tanf. Iran's envoy met \
             President Bashar al-Assad. Assad's forces advanced on the Damascus-Baghdad road.",
        );
        use EntityKind::*;
        assert_eq!(
            ids(&t),
            [
                ("Iranian", Nationality, "country:IR"),
                ("ISIS", Organization, "org:islamic-state"),
                ("al-Tanf", Place, "place:al-tanf"),
                ("Iran", Place, "country:IR"),
                ("Bashar al-Assad", Person, "person:bashar-al-assad"),
                ("Assad", Person, "person:bashar-al-assad"),
                ("Damascus", Place, "geonames:170654"),
                ("Baghdad", Place, "geonames:98182"),
            ]
        );
    }

    #[test]
    fn a_place_glued_to_an_unknown_capitalised_word_is_a_piece_of_a_name() {
        let t = enricher().tag(
            "Daimler-Benz (Mercedes-Benz) and Thomson-CSF signed in Chicago. The Damascus-Baghdad \
             highway and the U.S.-Soviet talks. Franco-Italian and European-Mediterranean ties. \
             Sen. Chuck Grassley (R-Iowa) spoke.",
        );
        let places = texts_of(&t, EntityKind::Place);
        for gone in ["Mercedes", "Thomson"] {
            assert!(!places.contains(&gone), "{gone} in {places:?}");
        }
        for kept in ["Chicago", "Damascus", "Baghdad", "U.S.", "Iowa"] {
            assert!(places.contains(&kept), "{kept} not in {places:?}");
        }
    }

    #[test]
    fn initials_after_a_hyphen_are_a_state_not_a_person() {
        // The tokenizer used to cut "non-U.S." into "non-U", "." and "S.", which the tagger
        // read as a person's initial; a legislator's party and state ("R-N.C.") was a person.
        let t = enricher().tag(
            "Taxes on non-U.S. income rose, and EC-U.S. ties were strained, said Sen. Jesse \
             Helms (R-N.C.) and Rep. Fernand St Germain, D-R.I., in Washington.",
        );
        let found = ids(&t);
        for (text, id) in [
            ("U.S.", "country:US"),
            ("N.C.", "admin1:US.NC"),
            ("R.I.", "admin1:US.RI"),
        ] {
            assert_eq!(one(&t, text).id, id, "{found:?}");
        }
        let persons: Vec<&str> = found
            .iter()
            .filter(|(_, k, _)| *k == EntityKind::Person)
            .map(|(text, _, _)| *text)
            .collect();
        assert!(
            persons.iter().all(|p| p.len() > 6),
            "initials or an affiliation as a person: {persons:?}"
        );
    }

    #[test]
    fn arabic_name_particles() {
        let t = enricher().tag(
            "Abu Bakr al-Baghdadi, the ISIS leader, followed Osama bin Laden. Baghdadi was killed.",
        );
        use EntityKind::*;
        assert_eq!(
            ids(&t),
            [
                (
                    "Abu Bakr al-Baghdadi",
                    Person,
                    "person:abu-bakr-al-baghdadi"
                ),
                ("ISIS", Organization, "org:islamic-state"),
                ("Osama bin Laden", Person, "person:osama-bin-laden"),
                ("Baghdadi", Person, "person:abu-bakr-al-baghdadi"),
            ]
        );
    }

    #[test]
    fn arabic_names_with_particles_outside_the_dictionary() {
        use EntityKind::*;
        let e = enricher();
        // The dictionary gives "al-Assad" alone to Bashar al-Assad; his brothers are not him.
        let t = e.tag("Maher al-Assad commands the Fourth Division. Bassel al-Assad died in 1994.");
        assert_eq!(one(&t, "Maher al-Assad").kind, Person);
        assert_eq!(one(&t, "Bassel al-Assad").kind, Person);
        assert!(t.mentions.iter().all(|m| m.id != "person:bashar-al-assad"));
        // Opening a sentence, where the tagger alone finds nothing or a place.
        let t = e.tag("Saad al-Hariri returned to Beirut. Ayman al-Zawahiri succeeded him.");
        assert_eq!(one(&t, "Saad al-Hariri").id, "person:saad-al-hariri");
        assert_eq!(one(&t, "Ayman al-Zawahiri").kind, Person);
        // "bin" names a son, whatever the tagger read, and the word after it a father, not a
        // town; a Gulf dynasty's name after "Al" ends the name.
        let t = e.tag("Hamza bin Laden, a son of the al Qaeda founder, was killed.");
        assert_eq!(one(&t, "Hamza bin Laden").kind, Person);
        let t = e.tag(
            "Mohammed bin Rashid Al Maktoum ruled Dubai. Sheikh Tamim bin Hamad Al Thani met \
             him.",
        );
        assert_eq!(one(&t, "Mohammed bin Rashid Al Maktoum").kind, Person);
        assert_eq!(one(&t, "Tamim bin Hamad Al Thani").kind, Person);
        // Groups and places with "al-" stay what they were, and are what their first word
        // says where the tagger read a person.
        let t = e.tag(
            "The Popular Mobilization Forces said Kataib Hezbollah had withdrawn from Jurf \
             al-Sakhar. Jaish al-Izza, a rebel faction backed by Washington, said its fighters \
             repelled an attack.",
        );
        assert_eq!(one(&t, "Jurf al-Sakhar").kind, Place);
        assert_eq!(one(&t, "Jaish al-Izza").kind, Organization);
        let t = e.tag("Jabhat al-Nusra and Ahrar al-Sham fought near al-Tanf.");
        assert_eq!(one(&t, "Jabhat al-Nusra").kind, Organization);
        assert_eq!(one(&t, "Ahrar al-Sham").kind, Organization);
        assert_eq!(one(&t, "al-Tanf").kind, Place);
    }

    #[test]
    fn names_are_organisations_or_places_by_their_last_word() {
        use EntityKind::*;
        let t = enricher().tag(
            "In May 2013, 700 domains were reported to have been seized by the U.S. DNS \
             infrastructure operator Network Solutions. The White Helmets said 12 people died; \
             the Syria Civil Defence dug through rubble.",
        );
        assert_eq!(one(&t, "Network Solutions").kind, Organization);
        assert_eq!(one(&t, "White Helmets").id, "org:white-helmets");
        assert_eq!(one(&t, "Syria Civil Defence").id, "org:white-helmets");
        // And places by theirs.
        let t = enricher().tag(
            "Commenting on reports that ISIL forces have reached the UNESCO World Heritage Site \
             at Palmyra in Syria, the minister spoke.",
        );
        assert_eq!(one(&t, "UNESCO World Heritage Site").kind, Place);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        /// Texts made of the pieces the rules look at (particles, titles, capitals, acronyms
        /// in capitals, code-name cues, verbs of governments, facilities, towns, words names
        /// run on into, letters and spaces of several bytes) never
        /// make tagging panic, and every mention's offsets give its text.
        #[test]
        fn tagging_tricky_texts_never_panics(
            picks in proptest::collection::vec((0usize..53, 0usize..7), 0..30)
        ) {
            const PIECES: [&str; 53] = [
                "Maher al-Assad", "Mohammed bin Rashid Al Maktoum", "Sheikh Tamim bin Hamad Al",
                "Thani", "Saad al-Hariri", "Ras al-Ain", "Jaish al-Izza", "Abu Jandal al-Kuwaiti",
                "Hamza bin Laden", "Crown Prince", "Ankara would not allow", "warned Damascus",
                "backed by Tehran", "Exercise Eager Lion", "codenamed \"Longhorn\"",
                "UAW officials", "US author", "the MPAA said", "Network Solutions",
                "UNESCO World Heritage Site", "Kobani", "Washington said", "REAGAN SAYS",
                "al-", "bin", "ibn", "Al", "Sheikh", "Abu", "‘Afrīn", "Ünal", "Çelik", "ı", "—",
                "\"", "(", "Ö", "said", "Mr", "the", "Kim", "Jong-un", "news agency", "Sana",
                "Hong Kong", "International Airport", "Aleppo", "Dam", "Tal Afar", "Mosul",
                "makes", "of", "Microsoft",
            ];
            let mut text = String::new();
            for (p, sep) in picks {
                text.push_str(PIECES[p]);
                text.push_str([" ", "", "-", ", ", ". ", "\n", "\u{a0}"][sep]);
            }
            let t = enricher().tag(&text);
            let chars: Vec<char> = text.chars().collect();
            for m in &t.mentions {
                proptest::prop_assert!(m.start < m.end && m.end <= chars.len());
                // (A line break the text wraps at reads as a space: see `wrap`.)
                let slice: String = chars[m.start..m.end].iter().collect();
                proptest::prop_assert_eq!(slice.replace('\n', " "), m.text.replace('\n', " "));
            }
        }
    }

    #[test]
    fn an_organisations_acronym_typed_as_a_place_is_the_organisation() {
        let t = enricher().tag(
            "Secretary of State Antony Blinken met Saudi Crown Prince Mohammed bin Salman in \
             Jeddah.\nUN envoy Geir Pedersen briefed the Security Council on the Syrian \
             Constitutional Committee.\n",
        );
        assert_eq!(one(&t, "UN").id, "org:un", "{:#?}", t.mentions);
    }

    #[test]
    fn arabic_place_names_with_a_head_word_are_places_whole() {
        let t = enricher().tag(
            "The attack on Maarat al-Numan killed 12. The attack on Ras al-Ain killed 12. \
             Iraq shelled the Shatt al-Arab.",
        );
        for name in ["Maarat al-Numan", "Ras al-Ain", "Shatt al-Arab"] {
            assert_eq!(
                one(&t, name).kind,
                EntityKind::Place,
                "{name}: {:#?}",
                t.mentions
            );
        }
        assert!(find(&t, "al-Ain").is_empty());
    }

    #[test]
    fn communities_are_no_actors_of_their_own() {
        let t = enricher().tag(
            "Shia militias and Sunni Arab tribes fought. Yazidi survivors fled. Alawite \
             officers and Assyrian Christians met. Shia Rights Watch said. Actor Christian \
             Slater was cheered: \"Christian, Christian\".",
        );
        for word in ["Shia", "Sunni", "Yazidi", "Alawite", "Assyrian"] {
            assert!(
                t.mentions
                    .iter()
                    .all(|m| !m.text.starts_with(word) || m.text.contains("Watch")),
                "{word}: {:#?}",
                t.mentions
            );
        }
        assert_eq!(one(&t, "Shia Rights Watch").kind, EntityKind::Organization);
        assert_eq!(find(&t, "Christian").len(), 2, "{:#?}", t.mentions);
    }

    #[test]
    fn code_names_are_no_people() {
        let t = enricher().tag(
            "Jordan and the US began Exercise Eager Lion on Monday. Eager Lion involves 8,000 \
             troops. Microsoft's next Windows, codenamed \"Longhorn\", is late.",
        );
        assert!(
            t.mentions.iter().all(|m| m.kind != EntityKind::Person),
            "{:?}",
            t.mentions
        );
    }

    #[test]
    fn names_joined_to_participles_are_places_and_states_acting() {
        use EntityKind::*;
        let t = enricher().tag(
            "He joined a Paris-based firm. A New York-based group and the Moscow-backed \
             leader met. The U.S.-led coalition struck Iran-backed groups. Vice president \
             Chatrachai Bunya-ananta said the Iran-contra affair was over.",
        );
        assert_eq!(one(&t, "Paris").kind, Place);
        assert_eq!(one(&t, "New York").kind, Place);
        for (name, id) in [
            ("Moscow", "country:RU"),
            ("U.S.", "country:US"),
            ("Iran", "country:IR"),
        ] {
            let m = &find(&t, name)[0];
            assert_eq!((m.kind, m.id.as_str()), (Organization, id), "{name}");
        }
        assert!(find(&t, "Bunya").is_empty(), "{:?}", t.mentions);
    }

    #[test]
    fn east_asian_names_are_people_whole() {
        use EntityKind::*;
        let t = enricher().tag(
            "Kim Jong-il died in 2011. Legislator Lee Yu-tai said Moon Jae-in met Kim \
             Jong-un. Li Ka-shing, Hong Kong's richest man, agreed; Li said so.",
        );
        for name in ["Kim Jong-il", "Lee Yu-tai", "Moon Jae-in", "Li Ka-shing"] {
            assert_eq!(one(&t, name).kind, Person, "{name}: {:?}", t.mentions);
        }
        assert_eq!(one(&t, "Li").id, one(&t, "Li Ka-shing").id);
        assert_eq!(one(&t, "Hong Kong").kind, Place);
        assert!(find(&t, "Kim").is_empty() && find(&t, "Legislator Lee").is_empty());
        // Two syllables after a family name the tagger found alone, the hyphen left out.
        let t = enricher().tag("North Korean leader Kim Jong Un watched the test.");
        let kim = one(&t, "Kim Jong Un");
        assert_eq!(kim.id, "person:kim-jong-un", "{:#?}", t.mentions);
        let t = enricher().tag("Lee Ann Womack sang on Park Avenue South.");
        assert!(find(&t, "Lee Ann").is_empty() && find(&t, "Park Avenue South").len() <= 1);
    }

    #[test]
    fn names_beside_news_agency_are_the_agency() {
        let t = enricher().tag(
            "Syrian news agency Sana reported explosions. Sana said later that five died. \
             Yemen's Houthis hold Sanaa. Jordan's state news agency Petra said the border \
             was shut, as did the Iranian National News Agency and North Korea's KCNA.",
        );
        let ids =
            |name: &str| -> Vec<&str> { find(&t, name).iter().map(|m| m.id.as_str()).collect() };
        assert_eq!(ids("Sana"), ["org:sana", "org:sana"]);
        assert_eq!(one(&t, "Sanaa").id, "geonames:71137");
        assert_eq!(one(&t, "Petra").id, "org:petra-news-agency");
        assert_eq!(one(&t, "Iranian National News Agency").id, "org:irna");
        assert_eq!(one(&t, "KCNA").id, "org:kcna");
        // The mention is the name, as CoNLL marks it, however the agency is written.
        let t = enricher().tag("The Palestinian WAFA news agency said; Wafa news agency added.");
        assert_eq!(one(&t, "WAFA").id, "org:wafa", "{:#?}", t.mentions);
        assert_eq!(one(&t, "Wafa").id, "org:wafa", "{:#?}", t.mentions);
        // Not beside "news agency": the capital; a listed organisation stays itself.
        let t = enricher().tag("Clashes erupted in Sana. The news agency Reuters said.");
        assert_eq!(one(&t, "Sana").id, "geonames:71137");
        assert_eq!(one(&t, "Reuters").id, "org:reuters");
    }

    #[test]
    fn acronyms_the_tagger_took_for_people_are_organisations() {
        use EntityKind::*;
        let t = enricher().tag(
            "HRW said the woman's section was hit. He was speaking as Sir Digby Jones, CBI \
             director general, warned Mr Brown. The suits were filed, the MPAA said. Angels \
             and Demons, by US author Dan Brown, sold well.",
        );
        assert!(find(&t, "HRW").iter().all(|m| m.kind == Organization));
        assert_eq!(one(&t, "CBI").kind, Organization);
        assert_eq!(one(&t, "MPAA").kind, Organization);
        assert_eq!(one(&t, "US").id, "country:US");
        assert!(
            t.mentions
                .iter()
                .all(|m| m.kind != Person || m.text.contains(char::is_lowercase)),
            "{:?}",
            t.mentions
        );
        // A headline in capitals writes people so.
        let t = enricher().tag(
            "POLL MAJORITY DISAPPROVE OF REAGAN PRESIDENCY\n\nA majority of Americans \
             disapprove of the way Ronald Reagan has handled the presidency, a new poll said.",
        );
        assert_eq!(one(&t, "REAGAN").kind, Person);
    }

    #[test]
    fn jordan_the_country_and_the_person() {
        let t = enricher().tag("Michael Jordan scored 30 points. Jordan said he was tired.");
        assert!(t.mentions.iter().all(|m| m.id == "person:michael-jordan"));
        assert_eq!(t.mentions.len(), 2);
        let t = enricher().tag("Jordan closed its border with Syria on Sunday.");
        assert_eq!(one(&t, "Jordan").id, "country:JO");
    }

    #[test]
    fn full_name_then_surname_is_one_person() {
        let t = enricher().tag(
            "Former Conservative leader Michael Howard spoke in London. Howard said the vote was lost.",
        );
        assert_eq!(one(&t, "Howard").id, one(&t, "Michael Howard").id);
        assert_eq!(one(&t, "Howard").kind, EntityKind::Person);
    }

    #[test]
    fn full_name_then_first_word_is_one_person() {
        let t = enricher().tag(
            "Liverpool will not sell Steven Gerrard. Chief executive Rick Parry said: \"Steven is \
             above money. Steven knows my views.\"",
        );
        let gerrard = one(&t, "Steven Gerrard").id.clone();
        let steven: Vec<_> = t.mentions.iter().filter(|m| m.text == "Steven").collect();
        assert_eq!(steven.len(), 2, "{:?}", t.mentions);
        assert!(steven.iter().all(|m| m.id == gerrard), "{steven:?}");
        // An East Asian name opens with the family name.
        let t = enricher().tag(
            "Taiwan's economics minister Wang Chao-Ming spoke on Monday. Wang said exports rose.",
        );
        assert_eq!(one(&t, "Wang").id, one(&t, "Wang Chao-Ming").id);
        // Two people of the article open their names with the word: it stays itself.
        let t = enricher().tag(
            "Steven Gerrard met Steven Spielberg in London on Monday. Steven said the film was good.",
        );
        let steven = t.mentions.iter().find(|m| m.text == "Steven");
        assert!(
            steven
                .is_none_or(|m| m.id != one(&t, "Steven Gerrard").id
                    && m.id != one(&t, "Steven Spielberg").id),
            "{:?}",
            t.mentions
        );
    }

    #[test]
    fn ranks_are_titles_and_an_office_is_its_holder() {
        let t = enricher().tag(
            "\"It was a good exercise,\" said Spc. Lorraine Walsh, an artillery crewmember. \
             Navy Senior Chief Petty Officer Scott C. Dayton was killed. Dayton served in Syria. \
             Foreign Secretary Boris Johnson visited Baghdad. The Foreign Secretary said the \
             coalition would stay. \"It is a milestone,\" said Airbus President and Chief \
             Executive Officer, Tom Enders.",
        );
        let people = texts_of(&t, EntityKind::Person);
        for piece in ["Spc", "Secretary", "Petty Officer", "Officer"] {
            assert!(!people.contains(&piece), "{piece} in {people:?}");
        }
        assert_eq!(one(&t, "Lorraine Walsh").kind, EntityKind::Person);
        assert_eq!(one(&t, "Scott C. Dayton").id, "person:scott-dayton");
        assert_eq!(one(&t, "Dayton").id, "person:scott-dayton");
        assert_eq!(one(&t, "Foreign Secretary").id, "person:boris-johnson");
        // In apposition the office is the person, and one of several words names the holder
        // elsewhere in the article.
        let t = enricher().tag(
            "The Foreign Secretary, Boris Johnson, said the talks went well. Later the Foreign \
             Secretary flew home.",
        );
        let ids: Vec<&str> = find(&t, "Foreign Secretary")
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(ids, ["person:boris-johnson", "person:boris-johnson"]);
        let t = enricher().tag(include_str!(
            "../../corpus/uk-government/minister-for-the-middle-east-condemns-attack-in-baghdad.md"
        ));
        let ministers: Vec<&str> = find(&t, "Minister").iter().map(|m| m.id.as_str()).collect();
        assert!(
            ministers.contains(&"person:tobias-ellwood"),
            "{ministers:?}"
        );
        // With no holder named, the office stays a person mention, as analysts mark it.
        let t = enricher().tag(
            "Following the meeting the Foreign Secretary said: The situation in Aleppo is dire.",
        );
        assert_eq!(one(&t, "Foreign Secretary").id, "person:foreign-secretary");
    }

    #[test]
    fn titles_are_not_part_of_names_and_do_not_split_companies() {
        let t = enricher().tag(
            "Foreign Office Minister Tobias Ellwood visited Amman. Mr Ellwood said aid would come.",
        );
        assert_eq!(one(&t, "Tobias Ellwood").id, "person:tobias-ellwood");
        assert_eq!(one(&t, "Ellwood").id, "person:tobias-ellwood");
        // The tagger took "Exchequer Nigel Lawson" for a place.
        let t = enricher().tag(
            "Funaro and Gros are today meeting British Chancellor of the Exchequer Nigel \
             Lawson, Foreign Secretary Geoffrey Howe and Governor of the Bank of England.",
        );
        assert_eq!(one(&t, "Nigel Lawson").kind, EntityKind::Person);
        assert!(t.mentions.iter().all(|m| !m.text.contains("Exchequer")));
        let t = enricher().tag("Mr Brown met the press. The Brown/Blair feud goes on.");
        assert!(
            t.mentions
                .iter()
                .all(|m| m.text != "Brown" || m.kind == EntityKind::Person)
        );
        assert!(
            t.mentions
                .iter()
                .any(|m| m.text == "Brown" && m.kind == EntityKind::Person)
        );
        // "General" opens these names; no person "Motors" or "Electric".
        let t = enricher().tag("Shares of General Motors and General Electric Co fell on Monday.");
        assert!(
            t.mentions.iter().all(|m| m.kind != EntityKind::Person),
            "{:?}",
            t.mentions
        );
        assert_eq!(one(&t, "General Motors").kind, EntityKind::Organization);
        let t = enricher().tag("Jets flew from Prince Sultan Air Base on Monday.");
        assert!(
            t.mentions.iter().all(|m| m.kind != EntityKind::Person),
            "{:?}",
            t.mentions
        );
        let t = enricher().tag("Martin Luther King Jr. spoke in Washington in 1963.");
        assert!(
            t.mentions.iter().all(|m| m.text != "Jr"),
            "{:?}",
            t.mentions
        );
    }

    #[test]
    fn names_run_on_across_wrapped_lines() {
        let text = "    Treasury balances held at the New York branch of the Federal\n\
                    Reserve rose sharply on Friday, officials of the central bank\n\
                    said after talks in Riyadh, and officials at the Bank of\n\
                    England agreed after their talks with officials of the\n\
                    government of Saudi Arabia and aides of President Ronald\n\
                    Reagan, who came in late.\n";
        let t = enricher().tag(text);
        let named = |name: &str, id: &str| {
            t.mentions.iter().any(|m| {
                m.text == name
                    && m.id == id
                    && text
                        .chars()
                        .skip(m.start)
                        .take(m.end - m.start)
                        .collect::<String>()
                        == m.text.replace(' ', "\n")
            })
        };
        assert!(
            named("Federal Reserve", "org:federal-reserve"),
            "{:#?}",
            t.mentions
        );
        assert!(
            named("Ronald Reagan", "person:ronald-reagan"),
            "{:#?}",
            t.mentions
        );
        // Not wrapped (one sentence a line): nothing runs on.
        let t = enricher().tag("Talks were held at the Federal\nReserve Bank of New York today.\n");
        assert!(
            t.mentions
                .iter()
                .all(|m| !m.text.contains("Federal Reserve")),
            "{:#?}",
            t.mentions
        );
    }

    #[test]
    fn short_gazetteer_names_in_capital_lines_that_are_words_of_the_text_go() {
        let e = enricher();
        let t = e.tag(
            "FED'S HELLER SAYS DOLLAR'S LEVEL IS APPROPRIATE\n\nFederal Reserve governor Heller said the level of the dollar is fine for now.\n",
        );
        assert!(
            t.mentions.iter().all(|m| m.text != "IS"),
            "{:#?}",
            t.mentions
        );
        let t = e.tag(
            "ACME SETS TWO-FOR-ONE STOCK SPLIT\n\nAcme Corp said the split of its shares takes effect in May, after the meeting.\n",
        );
        assert!(
            t.mentions.iter().all(|m| m.text != "SPLIT"),
            "{:#?}",
            t.mentions
        );
        // Written in capitals in the body too, or never as a word: the name stays.
        let t =
            e.tag("IS CLAIMS ATTACK ON BASE\n\nIS fighters attacked the base in the night, officials of the coalition said.\n");
        assert!(
            t.mentions
                .iter()
                .any(|m| m.text == "IS" && m.start == 0 && m.id == "org:islamic-state"),
            "{:#?}",
            t.mentions
        );
        let t = e.tag("US TROOPS LEAVE BASE IN SYRIA\n\nThe troops told us they were leaving the base within the week.\n");
        assert!(
            t.mentions.iter().any(|m| m.text == "US" && m.start == 0),
            "{:#?}",
            t.mentions
        );
    }

    #[test]
    fn a_known_name_the_tagger_cut_at_a_joining_word_is_kept_whole() {
        let found = text_and_ids;
        // The tagger finds "Bank" alone (and not "America"): the listed name wins.
        let got = found(
            "\"It will take some time,\" said Robert Sinche, head of currency strategy at \
             Bank of America in New York.",
        );
        assert!(
            got.contains(&("Bank of America".into(), "org:bank-of-america".into())),
            "{got:?}"
        );
        assert!(!got.iter().any(|(t, _)| t == "Bank"), "{got:?}");
        // Not a person's alias with a title: the name alone is the mention.
        let got = found("Secretary of State Condoleezza Rice arrived in Cairo on Monday.");
        assert!(
            got.iter()
                .any(|(t, id)| t == "Condoleezza Rice" && id == "person:condoleezza-rice"),
            "{got:?}"
        );
        // Central banks and seas are curated: "the Bank of England" was "England".
        let got = found("Analysts expect the Bank of England to raise rates this year.");
        assert!(
            got.contains(&("Bank of England".into(), "org:bank-of-england".into())),
            "{got:?}"
        );
    }

    #[test]
    fn a_defined_long_form_the_gazetteer_knows_is_that_entity() {
        let t = enricher().tag(
            "Sheikh Zayed, head of the Supreme Council of the United Arab Emirates (UAE), said \
             the UAE would act.",
        );
        let got: Vec<(&str, &str)> = t
            .mentions
            .iter()
            .map(|m| (m.text.as_str(), m.id.as_str()))
            .collect();
        // The council stays an organisation of its own; UAE is the country, not a new
        // organisation named "United Arab Emirates".
        assert!(
            got.iter()
                .any(|(t, _)| *t == "Supreme Council of the United Arab Emirates"),
            "{got:?}"
        );
        assert!(got.contains(&("UAE", "country:AE")), "{got:?}");
        assert!(
            !got.iter().any(|(_, id)| id.starts_with("org:united-arab")),
            "{got:?}"
        );
    }

    #[test]
    fn names_written_with_the_are_looked_up_with_it() {
        let e = enricher();
        let id = |text: &str, name: &str| {
            let t = e.tag(text);
            t.mentions
                .iter()
                .find(|m| m.text == name)
                .map(|m| m.id.clone())
                .unwrap_or_else(|| panic!("{name} in {:#?}", t.mentions))
        };
        assert_eq!(
            id("Iranian boats attacked shipping in the Gulf.", "Gulf"),
            "place:persian-gulf"
        );
        // Not the start of a longer name (the whole is the place), and not after a word
        // ending in "the".
        assert_eq!(
            id("Storms in the Gulf of Riga shut the port.", "Gulf of Riga"),
            "place:gulf-of-riga"
        );
        assert_eq!(
            id(
                "Storms in the Gulf of Mexico shut refineries.",
                "Gulf of Mexico"
            ),
            "place:gulf-of-mexico"
        );
        assert_eq!(
            id(
                "Kikori is in Gulf Province, Papua New Guinea.",
                "Gulf Province"
            ),
            "admin1:PG.02"
        );
        // A stray "The ..." name of the derived lists does not shadow the curated entity.
        assert_eq!(
            id(
                "Ministers of the European Union met in Brussels.",
                "European Union"
            ),
            "org:eu"
        );
    }

    #[test]
    fn a_place_word_inside_a_longer_unknown_name_is_no_place() {
        let e = enricher();
        let places = |text: &str| -> Vec<String> {
            e.tag(text)
                .mentions
                .into_iter()
                .filter(|m| m.kind == EntityKind::Place)
                .map(|m| m.text)
                .collect()
        };
        // "Federal" (a town in Argentina) before "Reserve"; "Hang" (a town) before "Seng".
        assert!(
            places("1996-07-23 - The Federal Reserve entered the market.").is_empty(),
            "{:?}",
            places("1996-07-23 - The Federal Reserve entered the market.")
        );
        assert!(
            !places("Shares in the Hang Seng index fell.").contains(&"Hang".to_string()),
            "{:?}",
            places("Shares in the Hang Seng index fell.")
        );
        let t = "Shares of the Cheung Kong companies rose.";
        assert!(!places(t).contains(&"Kong".to_string()), "{:?}", places(t));
        // Geographic modifiers leave the place: "Mount Kilimanjaro" (and "Southeast Asia",
        // now a curated region of its own).
        let t = "Exports to Southeast Asia and coffee from around Mount Kilimanjaro fell.";
        let found = places(t);
        assert!(found.contains(&"Southeast Asia".to_string()), "{found:?}");
        assert!(found.contains(&"Kilimanjaro".to_string()), "{found:?}");
    }

    #[test]
    fn leaders_of_the_news_years_are_one_person_and_their_administrations_the_state() {
        let tags = text_and_ids;
        let has = |t: &[(String, String)], name: &str, id: &str| {
            t.contains(&(name.to_string(), id.to_string()))
        };
        // Reuters-21578: "Reagan" alone was an article-local person, "the Reagan
        // administration" an organisation "Reagan".
        let t = tags(
            "The Reagan administration said it would veto the bill. Reagan told reporters \
             he was confident. The Reagan Administration declined to comment.",
        );
        assert!(has(&t, "Reagan administration", "country:US"), "{t:?}");
        assert!(has(&t, "Reagan Administration", "country:US"), "{t:?}");
        assert!(has(&t, "Reagan", "person:ronald-reagan"), "{t:?}");
        let t = tags(
            "The United States asked at least four countries, including the Soviet Union, \
             Britain and China, for temporary use of their flags or tankers to protect Kuwaiti \
             oil shipments in the troubled Persian Gulf, Reagan Administration officials said.",
        );
        assert!(has(&t, "Reagan Administration", "country:US"), "{t:?}");
        // Someone else of the name stays someone else.
        let t = tags("Nancy Reagan visited the hospital on Monday.");
        assert!(!has(&t, "Nancy Reagan", "person:ronald-reagan"), "{t:?}");
        // A company named after someone keeps its name.
        let t = tags("The shares were placed by William Blair and Co in Chicago.");
        assert!(!t.iter().any(|(_, id)| id == "person:tony-blair"), "{t:?}");
        // The shipped corpus's years: "Hollande" and "Merkel" were organisations.
        let t = tags("Hollande said the talks would go on. Merkel said so too.");
        assert!(has(&t, "Hollande", "person:francois-hollande"), "{t:?}");
        assert!(has(&t, "Merkel", "person:angela-merkel"), "{t:?}");
    }

    #[test]
    fn a_rulers_regime_is_the_state_acting() {
        let e = enricher();
        let tags = |text: &str| -> Vec<(String, EntityKind, String)> {
            e.tag(text)
                .mentions
                .into_iter()
                .map(|m| (m.text, m.kind, m.id))
                .collect()
        };
        use EntityKind::{Organization, Person};
        let acting = |name: &str| (name.to_string(), Organization, "country:SY".to_string());
        let t = tags("Investigators said the Asad regime has used chemical weapons.");
        assert!(t.contains(&acting("Asad regime")), "{t:?}");
        // "Assad's regime" names the man too: the person stays ("President Trump's
        // administration" in the seed).
        let t = tags("We are appalled by this attack by Assad’s regime in Idlib.");
        assert!(
            t.contains(&("Assad".into(), Person, "person:bashar-al-assad".into())),
            "{t:?}"
        );
        let t = tags("The Trump administration imposed sanctions on Iran.");
        assert!(
            t.contains(&(
                "Trump administration".into(),
                Organization,
                "country:US".into()
            )),
            "{t:?}"
        );
        // The man himself, and other men of the name.
        let t = tags("Assad has been utterly dependent on foreign militias.");
        assert!(
            t.contains(&("Assad".into(), Person, "person:bashar-al-assad".into())),
            "{t:?}"
        );
        let t = tags("Hafez al-Assad ruled Syria until 2000.");
        assert!(t.iter().all(|m| m.2 != "person:bashar-al-assad"), "{t:?}");
    }

    #[test]
    fn english_words_are_no_aliases_of_regions() {
        // "the Falcon's bodyshell" (Ford's car) was Falcón, Venezuela; "Delta" the Nigerian
        // state for Delta Air Lines.
        let e = enricher();
        for (word, id) in [
            ("Falcon", "admin1:VE.11"),
            ("Delta", "admin1:NG.36"),
            ("Rivers", "admin1:NG.50"),
            ("Oriental", "admin1:MA.02"),
        ] {
            let m = e.matcher();
            let idx = e.gazetteer_index(id).unwrap();
            assert!(m.lookup(word).iter().all(|c| c.entity != idx), "{word}");
        }
        let t = e.tag("Despite a facelift in 2005, the Falcon's bodyshell dates back to 1998.");
        assert!(t.mentions.iter().all(|m| m.id != "admin1:VE.11"), "{t:?}");
    }

    #[test]
    fn a_states_organ_before_its_name_is_the_state_acting() {
        let e = enricher();
        let acting = |text: &str| -> Vec<(String, String, EntityKind)> {
            e.tag(text)
                .mentions
                .into_iter()
                .filter(|m| m.id.starts_with("country:"))
                .map(|m| (m.text, m.id, m.kind))
                .collect()
        };
        let org = EntityKind::Organization;
        // The tagger's name of the article's own, and the state's name after the words.
        assert_eq!(
            acting("The Government of Iraq said the talks would resume."),
            [("Government of Iraq".into(), "country:IQ".into(), org)]
        );
        assert_eq!(
            acting("Coalition aircraft acted in support of the government of Iraq on Monday."),
            [("government of Iraq".into(), "country:IQ".into(), org)]
        );
        assert_eq!(
            acting("The Government of the Netherlands agreed."),
            [(
                "Government of the Netherlands".into(),
                "country:NL".into(),
                org
            )]
        );
        // The state's dictionary hit when the tagger's name for the whole was dropped (typed
        // as neither: "Government of Iraq" as MISC in a Foreign Office statement).
        let text = "The agreement between the Federal Government of Iraq and the KRG.";
        let iraq = hit_at(
            text,
            "Iraq",
            Target::Entity {
                idx: e.gazetteer_index("country:IQ").unwrap(),
                demonym: false,
            },
        );
        let mut h = Hits {
            hits: Vec::new(),
            locals: Vec::new(),
            acronyms: Acronyms::default(),
        };
        e.organs_of_states(text, &[iraq], &mut h);
        let x = h.hits[0];
        assert_eq!(&text[x.start..x.end], "Federal Government of Iraq");
        assert!(matches!(x.target, Target::Acting(_)));
        // Not a government of someone, nor the state after another word.
        assert_eq!(
            acting("He wrote a history of Iraq."),
            [("Iraq".into(), "country:IQ".into(), EntityKind::Place)]
        );
    }

    #[test]
    fn a_town_the_tagger_finds_is_placed_by_a_city_near_it_or_its_qualifier() {
        let e = enricher();
        // No dictionary hit on its own: towns are no aliases.
        let m = e.matcher();
        assert!(m.lookup("Daquq").is_empty());
        let town = m.lookup_name_only("Daquq")[0].entity as usize;
        assert_eq!(e.gazetteer.entities[town].id, "geonames:90220");
        let geo = |text: &str, name: &str| {
            let t = e.tag(text);
            let m = one(&t, name);
            (m.id.clone(), m.country.clone(), m.region.clone())
        };
        // Placed by a city near it, or by its country after a comma.
        let (id, cc, region) = geo(
            "Iraqi forces fought in Tal Afar, west of Mosul, on Sunday.",
            "Tal Afar",
        );
        assert_eq!((id.as_str(), cc.as_deref()), ("geonames:90393", Some("IQ")));
        assert_eq!(region.as_deref(), Some("Nineveh"));
        let (id, ..) = geo("Fighting raged in Tal Afar, Iraq, on Sunday.", "Tal Afar");
        assert_eq!(id, "geonames:90393");
        // Its country named apart is not enough: a name a town shares is likelier.
        let (id, cc, _) = geo(
            "Healey targets England comeback\n\nHealey said on Monday he was fit.",
            "Healey",
        );
        assert!(!id.starts_with("geonames:") && cc.is_none(), "{id}");
        // A surname links over a town.
        let t = e.tag(
            "A.T. Brod and Co Inc, an investment banking firm, said Michael L. Brod has been \
             named president, succeeding Albert T. Brod, who will remain chairman.",
        );
        let brod = find(&t, "Brod");
        assert!(
            !brod.is_empty() && brod.iter().all(|m| m.kind == EntityKind::Person),
            "{t:?}"
        );
    }

    #[test]
    fn a_facility_named_after_a_place_the_article_names_lies_there() {
        let t = enricher()
            .tag("Flights resumed at Aleppo International Airport, officials in Aleppo said.");
        let (airport, aleppo) = (one(&t, "Aleppo International Airport"), one(&t, "Aleppo"));
        assert_eq!(
            (airport.kind, airport.id.as_str()),
            (EntityKind::Place, "place:aleppo-international-airport")
        );
        assert_eq!(aleppo.id, "geonames:170063");
        assert!(airport.lat.is_some());
        let geo = |m: &Mention| (m.lat, m.lon, m.country.clone(), m.region.clone());
        assert_eq!(geo(airport), geo(aleppo));
        // Not named on its own: the airport may be named after anything ("Midway").
        let t = enricher().tag("Flights resumed at Aleppo International Airport on Monday.");
        assert_eq!(one(&t, "Aleppo International Airport").lat, None);
        // The tagger's name cut before the facility's words: one place, no person.
        let text = "Tehran's new Imam Khomeini International Airport was closed.";
        let names: Vec<String> = enricher()
            .tag(text)
            .mentions
            .into_iter()
            .map(|m| m.text)
            .collect();
        assert!(
            names
                .iter()
                .any(|n| n.ends_with("Khomeini International Airport")),
            "{names:?}"
        );
        assert!(
            !names.iter().any(|n| n == "Khomeini" || n == "Airport"),
            "{names:?}"
        );
    }

    #[test]
    fn a_facility_after_a_place_the_tagger_cut_off_takes_its_areas() {
        let e = enricher();
        // The hits of a place the tagger cut off from the facility's words after it.
        let cut_off = |text: &str, place: &str, id: &str, tail: &str| {
            let mut h = Hits {
                hits: Vec::new(),
                locals: Vec::new(),
                acronyms: Acronyms::default(),
            };
            let tail_target = h.local("place:airport".into(), tail, EntityKind::Place);
            let idx = e.gazetteer_index(id).unwrap();
            let target = Target::Entity {
                idx,
                demonym: false,
            };
            h.hits = vec![hit_at(text, place, target), hit_at(text, tail, tail_target)];
            e.facilities(text, &mut h);
            h
        };
        let text = "Missiles hit Damascus International Airport.";
        let h = cut_off(text, "Damascus", "geonames:170654", "Airport");
        assert_eq!(h.hits.len(), 1);
        let x = h.hits[0];
        assert_eq!(&text[x.start..x.end], "Damascus International Airport");
        let Target::Local(l) = x.target else {
            panic!("{:?}", x.target)
        };
        let local = &h.locals[l as usize];
        assert_eq!(local.id, "place:damascus-international-airport");
        let areas: Vec<&str> = local.areas.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(areas[0], "geonames:170654");
        assert!(areas.contains(&"country:SY"), "{areas:?}");
        let point = local.point.as_ref().unwrap();
        assert_eq!(point.country.as_deref(), Some("SY"));
        assert_eq!(point.region.as_deref(), Some("Damascus Governorate"));
        // A country names no point.
        let text = "Planes left Kuwait International Airport.";
        let h = cut_off(text, "Kuwait", "country:KW", "International Airport");
        let Target::Local(l) = h.hits[0].target else {
            panic!()
        };
        assert!(h.locals[l as usize].point.is_none());
    }

    #[test]
    fn continents_and_world_regions_are_areas() {
        let e = enricher();
        let t = e.tag(
            "Leaders from Europe, Asia, Africa, the Middle East, Latin America, North America, \
             Central Asia, Southeast Asia, the Balkans, the Caucasus, the Sahel and the Horn of \
             Africa met at the Asia Pacific Economic Cooperation forum.",
        );
        let id = |name: &str| {
            t.mentions
                .iter()
                .find(|m| m.text == name)
                .map(|m| (m.kind, m.id.as_str(), m.lat))
        };
        use EntityKind::{Organization, Place};
        // "Asia" was a town in the Philippines; "Latin America" a person.
        assert_eq!(
            id("Asia"),
            Some((Place, "place:asia", None)),
            "{:#?}",
            t.mentions
        );
        assert_eq!(
            id("Latin America"),
            Some((Place, "place:latin-america", None))
        );
        assert_eq!(id("Middle East"), Some((Place, "place:middle-east", None)));
        assert_eq!(
            id("Southeast Asia"),
            Some((Place, "place:southeast-asia", None))
        );
        // A region's name inside an organisation's stays part of it.
        assert_eq!(
            id("Asia Pacific Economic Cooperation").map(|m| m.0),
            Some(Organization),
            "{:#?}",
            t.mentions
        );
    }

    #[test]
    fn a_demonym_and_a_title_alone_are_the_nationality() {
        let t = enricher().tag("Syrian President Bashar al-Assad spoke in Damascus.");
        let found: Vec<(&str, EntityKind)> = t
            .mentions
            .iter()
            .map(|m| (m.text.as_str(), m.kind))
            .collect();
        assert!(
            found.contains(&("Syrian", EntityKind::Nationality)),
            "{found:?}"
        );
        assert!(found.iter().all(|m| m.0 != "Syrian President"), "{found:?}");
    }

    #[test]
    fn table_row_labels_are_not_names() {
        let text = "Acme Corp said:\n    Shr 39 cts vs 50 cts\n    Oper net 659,000 vs 523,000\n    Qtly div 25 cts vs 25 cts prior\n    Payable April 10\n\nThe Shr unit of Acme said Oper was its best product.\n";
        let local = |name: &str| hit_at(text, name, Target::Local(0));
        let mut hits = vec![
            local("Shr 39"),
            local("Oper"),
            local("Qtly"),
            local("Payable April"),
            local("Acme Corp"),
        ];
        let later = text.rfind("Shr").unwrap();
        hits.push(Hit {
            start: later,
            end: later + 3,
            target: Target::Local(1),
        });
        let known = text.rfind("Oper").unwrap();
        hits.push(Hit {
            start: known,
            end: known + 4,
            target: Target::Local(2),
        });
        drop_table_labels(text, &mut hits);
        let left: Vec<&str> = hits.iter().map(|h| &text[h.start..h.end]).collect();
        // In the table the labels go; in prose (not opening a line of figures) they stay.
        assert_eq!(left, ["Acme Corp", "Shr", "Oper"]);
        // And in the pipeline.
        let t = enricher().tag(text);
        assert!(
            t.mentions
                .iter()
                .all(|m| !m.text.starts_with("Qtly") && !m.text.starts_with("Payable")),
            "{:#?}",
            t.mentions
        );
    }

    #[test]
    fn abbreviations_of_common_things_are_not_names() {
        let text = "Sales of DVD players and HDTV sets rose, the BBC said. HIV rates fell.";
        let at = |name: &str, target: Target| hit_at(text, name, target);
        let mut hits = vec![
            at("DVD", Target::Local(0)),
            at("HDTV", Target::Local(1)),
            at("BBC", Target::Local(2)),
            at("HIV", Target::Local(3)),
        ];
        // A listed entity (the gazetteer's or the user's) keeps even such a name.
        hits.push(Hit {
            target: Target::Entity {
                idx: 0,
                demonym: false,
            },
            ..at("HIV", Target::Local(3))
        });
        drop_common_terms(text, &mut hits);
        let left: Vec<(&str, bool)> = hits
            .iter()
            .map(|h| {
                let local = matches!(h.target, Target::Local(_));
                (&text[h.start..h.end], local)
            })
            .collect();
        assert_eq!(left, [("BBC", true), ("HIV", false)]);
        // And in the pipeline.
        let t = enricher().tag("Labour MP John Smith said DVD sales fell. Smith spoke to the BBC.");
        assert!(find(&t, "DVD").is_empty(), "{:#?}", t.mentions);
        assert!(find(&t, "MP").is_empty(), "{:#?}", t.mentions);
        assert!(!find(&t, "John Smith").is_empty(), "{:#?}", t.mentions);
        // Nor a music genre or an R&D budget (BBC).
        let t = enricher().tag(
            "They won best group and best video. R&B singer Usher won best male and best \
             album for Confessions. The firm doubled its R&D budget.",
        );
        assert!(find(&t, "R&B").is_empty(), "{:#?}", t.mentions);
        assert!(find(&t, "R&D").is_empty(), "{:#?}", t.mentions);
        assert!(!find(&t, "Usher").is_empty(), "{:#?}", t.mentions);
        // Awards are neither.
        let t = enricher().tag(
            "Oscar hopefuls Mike Leigh and Imelda Staunton were honoured. Jamie Foxx went on \
             to win the Oscar for best actor, after his Golden Globe.",
        );
        assert!(find(&t, "Oscar").is_empty(), "{:#?}", t.mentions);
        assert!(find(&t, "Golden Globe").is_empty(), "{:#?}", t.mentions);
        assert!(!find(&t, "Jamie Foxx").is_empty(), "{:#?}", t.mentions);
    }

    #[test]
    fn a_company_named_in_full_then_shortly_is_one_company() {
        let e = enricher();
        let id_of = |t: &Tagged, name: &str| -> Vec<String> {
            find(t, name).iter().map(|m| m.id.clone()).collect()
        };
        let t = e.tag(
            "Purolator Courier Corp said it rejected the offer. Purolator said the bid of \
             Emery Air Freight Corp was too low, and Purolator shares rose.",
        );
        let full = id_of(&t, "Purolator Courier Corp");
        assert_eq!(full.len(), 1, "{:#?}", t.mentions);
        assert_eq!(
            id_of(&t, "Purolator"),
            [full[0].clone(), full[0].clone()],
            "{:#?}",
            t.mentions
        );
        // Also where the short name is a place of a country the article names nothing else
        // of; not after "in".
        let t = e.tag(
            "Piedmont Aviation Inc's Piedmont Airlines said traffic rose. Piedmont said its load \
             factor was 54.1 pct. Norfolk Southern Corp opened an office in Norfolk.",
        );
        let piedmont = one(&t, "Piedmont Aviation Inc").id.clone();
        assert_eq!(id_of(&t, "Piedmont"), [piedmont], "{:#?}", t.mentions);
        assert_eq!(one(&t, "Norfolk").kind, EntityKind::Place);
        // A parent named after its unit stays itself.
        let t = e.tag(
            "Citicorp Capital Investors Ltd, a unit of Citicorp, said it wants to buy Cyclops \
             Corp's steel assets. Citicorp declined to comment.",
        );
        let unit = id_of(&t, "Citicorp Capital Investors Ltd");
        assert!(
            !id_of(&t, "Citicorp").iter().any(|id| unit.contains(id)),
            "{:#?}",
            t.mentions
        );
    }

    #[test]
    fn a_listed_company_is_one_entity_however_its_legal_form_is_written() {
        // The list has "Advanced Micro Devices INC"; the article writes it three ways.
        let t = enricher().tag(
            "Advanced Micro Devices Inc. said sales rose. Later, Advanced Micro Devices Inc \
             said more. Advanced Micro Devices said it will grow.",
        );
        let ids: Vec<&str> = t.mentions.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["org:advanced-micro-devices"; 3], "{:#?}", t.mentions);
        assert_eq!(t.mentions[0].name, "Advanced Micro Devices Inc");
    }

    #[test]
    fn a_state_outranks_a_smaller_town_of_its_name_abroad() {
        let e = enricher();
        let id = |text: &str, name: &str| -> String {
            let t = e.tag(text);
            find(&t, name)
                .first()
                .map(|m| m.id.clone())
                .unwrap_or_default()
        };
        // Florida, Colombia (267,000) and Delaware, Ohio (35,000) were chosen before.
        assert_eq!(
            id("Hurricanes hit Florida on Monday.", "Florida"),
            "admin1:US.FL"
        );
        assert_eq!(
            id("Voters in Delaware went to the polls.", "Delaware"),
            "admin1:US.DE"
        );
        // The cities that news means by these names stay.
        assert_eq!(
            id("Talks opened in Washington on Monday.", "Washington"),
            "geonames:4140963"
        );
        assert_eq!(
            id("Shares fell in New York on Monday.", "New York"),
            "geonames:5128581"
        );
        // Syrian and Iraqi cities as English news writes them: without the Arabic article
        // ("Fallujah" for Al Fallujah), by the classical name ("Palmyra" for Tadmur), without
        // transliteration marks ("Samarra" for Samarra').
        for (text, name, want) in [
            (
                "Marines fought in Fallujah on Monday.",
                "Fallujah",
                "geonames:99454",
            ),
            (
                "ISIL reached Palmyra, Syria, on Monday.",
                "Palmyra",
                "geonames:163808",
            ),
            (
                "A bomb exploded in Samarra, Iraq.",
                "Samarra",
                "geonames:91597",
            ),
        ] {
            assert_eq!(id(text, name), want, "{text}");
        }
        // Former names of big cities (Reuters-21578 writes "Peking").
        assert_eq!(
            id("Talks opened in Peking on Monday.", "Peking"),
            "geonames:1816670"
        );
    }

    #[test]
    fn a_small_town_abroad_needs_its_country_in_the_article() {
        let e = enricher();
        let found = |text: &str, name: &str| -> (String, Option<String>) {
            let t = e.tag(text);
            let m = find(&t, name);
            assert_eq!(m.len(), 1, "{:#?}", t.mentions);
            (m[0].id.clone(), m[0].country.clone())
        };
        // Dome, Ghana (48,000 people) was the Millennium Dome.
        let (id, country) = found("The show at the Dome in Greenwich sold out.", "Dome");
        assert!(id.starts_with("place:"), "{id}");
        assert_eq!(country, None);
        let (id, country) = found("Flooding hit Dome, near Accra in Ghana.", "Dome");
        assert_eq!(
            (id.as_str(), country.as_deref()),
            ("geonames:2301639", Some("GH"))
        );
        // Zaire is the former name of DR Congo, not Angola's Zaire province.
        let (id, _) = found("Mobutu ruled Zaire for three decades.", "Zaire");
        assert_eq!(id, "country:CD");
    }

    #[test]
    fn english_words_are_no_armed_group() {
        // Phoenix lists "Falcon" for the group Shahin and "Tigers" for a Swazi rebel group.
        let t = enricher().tag(
            "The \"iconic\" Ford Falcon has been built in Australia since 1960. The Holden \
             Commodore is the Falcon's major competitor. The Tigers beat Bath 24-12.",
        );
        let groups: Vec<&str> = t
            .mentions
            .iter()
            .filter(|m| m.id.starts_with("group:"))
            .map(|m| m.text.as_str())
            .collect();
        assert!(groups.is_empty(), "{:#?}", t.mentions);
    }

    #[test]
    fn a_function_word_alone_is_not_a_name() {
        // Reuters-21578: the tagger typed the body's opening "The" as an organisation.
        let t = enricher().tag(
            "SCHULT HOMES OFFERING PRICED AT FIVE DLRS/UNIT\n\nThe underwriters said the \
             initial\noffering of 833,334 Schult Homes Corp units is being made at\nfive dlrs \
             per unit.\n    The underwriters, managed by Janney Montgomey Scott Inc and\n\
             Woolcott and Co Inc, said each unit consists of one common share.",
        );
        assert!(find(&t, "The").is_empty(), "{:#?}", t.mentions);
        assert!(
            !find(&t, "Schult Homes Corp").is_empty(),
            "{:#?}",
            t.mentions
        );
        // A ticker that is also a word stays the company's.
        let t = enricher().tag(
            "With the threat of the First Interstate Bancorp <I> takeover bid gone, \
             BankAmerica is under no pressure. First Interstate <I> shares fell.",
        );
        assert_eq!(find(&t, "I").len(), 2, "{:#?}", t.mentions);
    }

    #[test]
    fn a_title_after_an_organisation_is_its_members() {
        let e = enricher();
        let found = |text: &str| -> Vec<(String, EntityKind)> {
            e.tag(text)
                .mentions
                .into_iter()
                .map(|m| (m.text, m.kind))
                .collect()
        };
        let got = found("Labour MP John Smith said the bill would fail.");
        assert!(
            got.contains(&("Labour".into(), EntityKind::Organization)),
            "{got:?}"
        );
        assert!(
            got.contains(&("John Smith".into(), EntityKind::Person)),
            "{got:?}"
        );
        assert!(!got.iter().any(|(t, _)| t.contains("MP")), "{got:?}");
        // After a demonym the title leaves a nationality; a whole title stays as it was.
        let got = found("West German Chancellor Helmut Kohl met the Lord Chancellor in Bonn.");
        assert!(
            got.contains(&("West German".into(), EntityKind::Nationality)),
            "{got:?}"
        );
        assert!(!got.iter().any(|(t, _)| t == "Lord"), "{got:?}");
        // Officers after their company (the shipped corpus: "Ryanair CEO" was an organisation
        // and Michael O'Leary missing).
        let got = found("Ryanair CEO Michael O'Leary justified his choice of Boeing.");
        for (name, kind) in [
            ("Ryanair", EntityKind::Organization),
            ("Michael O'Leary", EntityKind::Person),
        ] {
            assert!(got.contains(&(name.into(), kind)), "{got:?}");
        }
        assert!(!got.iter().any(|(t, _)| t.contains("CEO")), "{got:?}");
    }

    #[test]
    fn a_competition_named_after_an_actor_does_not_mention_it() {
        let t = enricher().tag(
            "Seles made her Fed Cup debut in Hong Kong. Later the Fed raised rates, and she \
             played the Hong Kong Open.",
        );
        let feds: Vec<usize> = t
            .mentions
            .iter()
            .filter(|m| m.id == "org:federal-reserve")
            .map(|m| m.start)
            .collect();
        let later = "Seles made her Fed Cup debut in Hong Kong. Later the "
            .chars()
            .count();
        assert_eq!(feds, [later], "{:#?}", t.mentions);
        // A place stays: the tournament is played there.
        assert_eq!(find(&t, "Hong Kong").len(), 2, "{:#?}", t.mentions);
    }

    #[test]
    fn a_one_word_person_written_as_a_company_is_that_company() {
        // The tagger reads the bare "Yukos" of this text as a person.
        let text = "Yukos had filed for bankruptcy in Houston. Russian oil giant Yukos said it \
                    would appeal, and former Yukos boss Mikhail Khodorkovsky agreed. Yukos \
                    claims its assets were seized. Khodorkovsky said so.";
        let t = enricher().tag(text);
        let kinds = |name: &str| -> Vec<EntityKind> {
            t.mentions
                .iter()
                .filter(|m| m.text == name)
                .map(|m| m.kind)
                .collect()
        };
        let yukos = kinds("Yukos");
        assert!(!yukos.is_empty(), "{:#?}", t.mentions);
        assert!(
            yukos.iter().all(|&k| k == EntityKind::Organization),
            "{:#?}",
            t.mentions
        );
        // A person with a first name stays a person.
        assert!(
            kinds("Khodorkovsky")
                .iter()
                .all(|&k| k == EntityKind::Person),
            "{:#?}",
            t.mentions
        );
        assert!(CompanyCues::of(text).mark(text, "Yukos"));
        let other = "Smith said the Smiths shares nothing, as the firm Smithson said.";
        assert!(!CompanyCues::of(other).mark(other, "Smith"));
        // Clubs too ("Chelsea winger Arjen Robben", "the Chelsea side").
        let club = "Injured Chelsea winger Arjen Robben will miss the game.";
        assert!(CompanyCues::of(club).mark(club, "Chelsea"));
    }

    #[test]
    fn a_one_word_last_line_is_a_sign_off() {
        let t = enricher().tag("Boeing Co said profits rose.\n\nThe firm said so.\n Reuter\n");
        assert!(find(&t, "Reuter").is_empty(), "{:#?}", t.mentions);
        assert!(!find(&t, "Boeing Co").is_empty());
        // Not a text of one line, nor a last line of several words.
        let t = enricher().tag("Mr Brown met Smith.\nBrown said Smith left.\n");
        assert!(!find(&t, "Smith").is_empty());
        let mut hits = vec![Hit {
            start: 0,
            end: 6,
            target: Target::Local(0),
        }];
        drop_sign_off("Reuter\n", &mut hits);
        assert_eq!(hits.len(), 1);
    }

    #[test]
    fn names_only_in_capital_lines_need_confirming() {
        let text = "JIM WALTER CORP AND GM <GM> SEE CHRYSLER QTR NET UP\n\n\
                    Chrysler Corp said profits rose in Japan, where sales of its cars and \
                    trucks grew by a tenth over the year.\n";
        let hit = |name: &str, target: Target| hit_at(text, name, target);
        let local = Target::Local(0);
        let japan = Target::Entity {
            idx: 0,
            demonym: false,
        };
        let mut hits = vec![
            hit("JIM WALTER CORP", local),
            hit("GM <", local),
            hit("GM>", local),
            hit("CHRYSLER", local),
            hit("QTR NET", local),
            hit("UP", japan),
            hit("Chrysler Corp", local),
        ];
        // Spans without the brackets.
        hits[1].end -= 2;
        hits[2].end -= 1;
        let tickers = acronyms::tickers(text);
        drop_capitals_only_names(text, &mut hits, &tickers, |_| false);
        let left: Vec<&str> = hits.iter().map(|x| &text[x.start..x.end]).collect();
        assert_eq!(
            left,
            [
                "JIM WALTER CORP",
                "GM",
                "GM",
                "CHRYSLER",
                "UP",
                "Chrysler Corp"
            ],
            "QTR NET goes: no body name, no legal form, no ticker; a gazetteer hit stays"
        );
        // A text in capitals throughout is left as it is.
        let telex = "JIM WALTER CORP SEES QTR NET UP\n";
        let mut hits = vec![hit("QTR NET", local)];
        hits[0].start = telex.find("QTR NET").unwrap();
        hits[0].end = hits[0].start + 7;
        drop_capitals_only_names(telex, &mut hits, &[], |_| false);
        assert_eq!(hits.len(), 1);
    }

    #[test]
    fn a_ticker_after_a_company_names_the_company() {
        let t = enricher().tag(
            "Mattel Inc <MAT> said sales rose. MAT shares gained.\n\n\
             Boeing Co <BA> and Ford Motor Co <F> fell.",
        );
        let ids =
            |form: &str| -> Vec<&str> { find(&t, form).iter().map(|m| m.id.as_str()).collect() };
        let mattel = one(&t, "Mattel Inc").id.as_str();
        assert_eq!(ids("MAT"), [mattel, mattel], "{:#?}", t.mentions);
        assert_eq!(ids("BA"), [one(&t, "Boeing Co").id.as_str()]);
        assert_eq!(ids("F"), [one(&t, "Ford Motor Co").id.as_str()]);
        // Not the corpus's acronyms, neither defined nor used.
        let text = "Exxon Corp <XON> said.";
        let needs = enricher().acronym_needs(text, true);
        assert!(!needs.may_use && !needs.defines);
        let h = enricher().find_hits(text, &CorpusAcronyms::default());
        assert!(h.acronyms.defined.is_empty() && h.acronyms.used.is_empty());
        // "and Co Inc" is part of the company's name, and so of what its ticker names.
        let t = enricher().tag("Shares were offered through Merrill Lynch and Co Inc <MER>.");
        assert_eq!(
            t.mentions
                .iter()
                .map(|m| (m.text.as_str(), m.id.as_str()))
                .collect::<Vec<_>>(),
            [
                ("Merrill Lynch and Co Inc", "org:merrill-lynch"),
                ("MER", "org:merrill-lynch")
            ]
        );
        // Nothing inside a ticker is a place ("HK", "PA"), and a name run on into one ends
        // before it.
        let t = enricher().tag(
            "The three are Hongkong Electric Holdings Ltd <HKEH.HK> and Banque Paribas \
             <PARI.PA>. Henkel KGaA <HNKG.F> said sales rose.",
        );
        assert!(
            t.mentions.iter().all(|m| m.kind != EntityKind::Place
                && !m.text.contains('<')
                && !m.id.ends_with("hnkg")),
            "{:#?}",
            t.mentions
        );
        // A company's tail is not the state acting.
        let t = enricher().tag("The unit of Hiram Walker of Canada Ltd said profits rose.");
        assert!(
            t.mentions
                .iter()
                .all(|m| m.kind != EntityKind::Organization || !m.id.starts_with("country:")),
            "{:#?}",
            t.mentions
        );
        // Without a company before it, a ticker is left as it is; the seed's MAT stays the
        // group.
        let t = enricher().tag("Maghaweir al-Thowra (MAT) said MAT <MAT> was attacked.");
        assert!(find(&t, "MAT").iter().all(|m| m.id == "org:mat"));
    }

    #[test]
    fn a_person_span_ending_in_a_legal_form_is_a_company_and_a_legal_form_alone_nothing() {
        use crate::ner::Label::Per;
        let got = fuse_spans(
            "Shares of Berry Petroleum Co rose; Ltd said nothing.",
            &[("Berry Petroleum Co", Per), ("Ltd", Per)],
            false,
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, EntityKind::Organization);
        assert_eq!(got[0].2, "org:berry-petroleum");
    }

    #[test]
    fn a_place_span_ending_in_an_organisations_head_is_an_organisation() {
        use crate::ner::Label::Loc;
        let got = fuse_spans(
            "The Paris Club, the Wall Street Journal, Tokyo University and Edinburgh Rugby; \
             the Russian Federation.",
            &[
                ("Paris Club", Loc),
                ("Wall Street Journal", Loc),
                ("Tokyo University", Loc),
                ("Edinburgh Rugby", Loc),
                ("Russian Federation", Loc),
            ],
            false,
        );
        let kinds: Vec<(&str, EntityKind)> = got.iter().map(|(t, k, _)| (t.as_str(), *k)).collect();
        use EntityKind::{Organization, Place};
        assert_eq!(
            kinds,
            [
                ("Paris Club", Organization),
                ("Wall Street Journal", Organization),
                ("Tokyo University", Organization),
                ("Edinburgh Rugby", Organization),
                ("Russian Federation", Place),
            ]
        );
    }

    #[test]
    fn an_event_of_the_articles_own_is_the_place_it_is_held_in_or_nothing() {
        let t = enricher().tag(
            "He won gold at the Athens Olympics and ran the London Marathon. Argonaut Games \
             said profits rose. She took the Douglas Hickox Award and the Golden Globe Awards.",
        );
        let got = ids(&t);
        for (text, id) in [
            ("Athens", "geonames:264371"),
            ("London", "geonames:2643743"),
        ] {
            assert!(
                got.iter().any(|g| (g.0, g.2) == (text, id)),
                "{text} in {got:?}"
            );
        }
        // (The tagger takes it for a person here; as an organisation it stays too.)
        assert!(got.iter().any(|g| g.0 == "Argonaut Games"), "{got:?}");
        for gone in ["Olympics", "Marathon", "Douglas", "Award", "Golden"] {
            assert!(got.iter().all(|g| !g.0.contains(gone)), "{gone} in {got:?}");
        }
    }

    #[test]
    fn davos_is_a_place_and_defra_a_ministry() {
        // BBC: both were persons ("the WEF's ritzier event in Davos", "according to Defra's
        // lawyers").
        let t = enricher().tag(
            "Leaders are arriving in the Swiss mountain resort Davos. According to Defra's \
             lawyers the rule stands.",
        );
        assert_eq!(one(&t, "Davos").id, "place:davos");
        assert_eq!(one(&t, "Davos").country.as_deref(), Some("CH"));
        assert_eq!(one(&t, "Defra").id, "org:defra");
    }

    #[test]
    fn british_parties_by_every_name_and_the_person_a_party_opens() {
        use crate::ner::Label::Per;
        let text = "Liberal Democrat leader Charles Kennedy attacked the Tories; the Lib Dems \
                    and the Conservative Party agreed.";
        let got = fuse_spans(
            text,
            &[("Liberal Democrat leader Charles Kennedy", Per)],
            true,
        );
        let ids: Vec<(&str, &str)> = got
            .iter()
            .map(|(t, _, id)| (t.as_str(), id.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                ("Liberal Democrat", "org:liberal-democrats-uk"),
                ("Charles Kennedy", "person:charles-kennedy"),
                ("Tories", "org:conservative-party-uk"),
                ("Lib Dems", "org:liberal-democrats-uk"),
                ("Conservative Party", "org:conservative-party-uk"),
            ]
        );
    }

    #[test]
    fn a_person_that_opens_an_office_is_the_office() {
        // The tagger cut "Foreign Secretary Jack Straw" into "Foreign" and "Jack" in a BBC
        // report; the office's first word is no one, the titled name is still found, and an
        // office the tagger typed a person whole ("Foreign Secretary") is left to the rules
        // that link it to its holder.
        use crate::ner::Label::Per;
        let text = "It was pursued with Foreign Secretary Jack Straw and the Foreign Secretary.";
        let got = fuse_spans(
            text,
            &[("Foreign", Per), ("Jack", Per), ("Foreign Secretary", Per)],
            false,
        );
        let names: Vec<&str> = got.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(names, ["Jack", "Foreign Secretary"]);
        let t = enricher().tag(text);
        assert!(
            t.mentions.iter().all(|m| m.text != "Foreign"),
            "{:?}",
            ids(&t)
        );
    }

    #[test]
    fn a_one_word_person_before_a_title_in_lowercase_or_capitals_is_an_organisation() {
        // The tagger took "Ryanair CEO" for a person in a Wikinews report of the shipped
        // corpus, and every "Ryanair" after it was that person's surname.
        use crate::ner::Label::Per;
        let got = fuse_spans(
            "Ryanair CEO, Michael O'Leary, spoke. Paul King met the Labour MP.",
            &[("Ryanair CEO", Per), ("Paul King", Per), ("Labour MP", Per)],
            false,
        );
        let found: Vec<(&str, EntityKind)> = got.iter().map(|(t, k, _)| (t.as_str(), *k)).collect();
        use EntityKind::*;
        assert_eq!(
            found,
            [
                ("Ryanair", Organization),
                ("Paul King", Person),
                ("Labour", Organization)
            ]
        );
    }

    #[test]
    fn a_titled_name_is_looked_up_as_written_before_without_its_initials() {
        // "George Bush" is an alias of George H. W. Bush: the son's middle initial tells them
        // apart (the shipped corpus had both ids for the same "President George W. Bush").
        let t = enricher().tag("President George W. Bush signed the bill.");
        assert_eq!(one(&t, "George W. Bush").id, "person:george-w-bush");
        let t = enricher().tag("Gen. Joseph L. Votel said so.");
        assert_eq!(one(&t, "Joseph L. Votel").id, "person:joseph-votel");
    }

    #[test]
    fn a_name_the_tagger_cut_short_is_the_dictionary_name_around_it() {
        // In a Wikinews report of the shipped corpus the tagger typed "St." of "St. Louis"
        // a place alone; it was a place "St.".
        use crate::ner::Label;
        let fused = |text: &str, spans: &[(&str, Label)]| -> Vec<(String, String)> {
            fuse_spans(text, spans, true)
                .into_iter()
                .map(|(t, _, id)| (t, id))
                .collect()
        };
        let got = fused(
            "The Atlanta and St. Louis plants will close; Clare Short spoke.",
            &[("St.", Label::Loc), ("Clare", Label::Per)],
        );
        assert!(got.iter().any(|(t, _)| t == "St. Louis"), "{got:?}");
        assert!(got.iter().any(|(t, _)| t == "Clare Short"), "{got:?}");
        // Not a longer name that the short one already names otherwise, nor one with "the".
        let got = fused(
            "Shops on Hong Kong island and The EU.",
            &[("Hong Kong", Label::Loc), ("EU", Label::Org)],
        );
        let ids: Vec<&str> = got.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(ids, ["country:HK", "org:eu"], "{got:?}");
        // Nor one that is part of a longer name when the short one names another entity
        // (Reuters: "Peoples Republic of China", which the tagger cut after "Republic").
        let got = fused(
            "Other recipients were Peoples Republic of China 110.4 (100.0).",
            &[("Peoples Republic", Label::Per), ("China", Label::Loc)],
        );
        assert!(
            got.contains(&("China".to_string(), "country:CN".to_string())),
            "{got:?}"
        );
    }

    #[test]
    fn a_roman_numeral_alone_is_no_name_but_a_ticker_still_is() {
        let t = enricher().tag("The Mac II, designed to run about four times faster, was shown.");
        assert!(find(&t, "II").is_empty(), "{:?}", ids(&t));
        let t = enricher().tag("USX Corp <X> said its steel unit would cut prices.");
        assert_eq!(one(&t, "X").id, one(&t, "USX Corp").id);
    }

    #[test]
    fn cities_by_their_english_names_and_plain_letters() {
        // GeoNames keeps "Köln" and "Diyarbakır"; English news writes "Cologne" and
        // "Diyarbakir" (the dotless i has no mark to strip), Reuters of 1987 "Basle".
        let t = enricher().tag("Talks resumed in Cologne and Basle, and later in Diyarbakir.");
        let found: Vec<(&str, Option<&str>)> = t
            .mentions
            .iter()
            .map(|m| (m.text.as_str(), m.country.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                ("Cologne", Some("DE")),
                ("Basle", Some("CH")),
                ("Diyarbakir", Some("TR"))
            ]
        );
    }

    #[test]
    fn armed_groups_and_services_the_tagger_takes_for_people_are_organisations() {
        for name in [
            "Boko Haram",
            "Abu Sayyaf",
            "Mossad",
            "Muslim Brotherhood",
            "Peshmerga",
            "Ahrar al-Sham",
        ] {
            let t = enricher().tag(&format!(
                "Officials said {name} fighters attacked the town on Monday."
            ));
            assert_eq!(
                one(&t, name).kind,
                EntityKind::Organization,
                "{:?}",
                ids(&t)
            );
        }
    }

    #[test]
    fn deir_ez_zor_however_conflict_reports_spell_it() {
        // "Dayr Az Zayr" was a place "Dayr" and a person "Zayr" in the shipped CENTCOM releases.
        for text in [
            "Near Dayr Az Zayr, two strikes destroyed an ISIL vehicle.",
            "Fighting in Deir el-Zor continued.",
        ] {
            let t = enricher().tag(text);
            assert_eq!(ids(&t)[0].2, "place:deir-ez-zor", "{:?}", ids(&t));
        }
    }

    #[test]
    fn a_company_is_one_entity_however_its_full_name_is_spelled() {
        // Each spelling was an id of its own in the shipped corpus's entity table.
        let e = enricher();
        let ids_of = |texts: &[&str], name: &str| -> Vec<String> {
            texts
                .iter()
                .map(|t| {
                    let t = e.tag(t);
                    t.mentions
                        .iter()
                        .find(|m| m.text.starts_with(name))
                        .map_or_else(|| format!("none in {:?}", ids(&t)), |m| m.id.clone())
                })
                .collect()
        };
        let ford = ids_of(
            &[
                "Ford Motor Company sales dropped 42% last month.",
                "The trucks are made by Ford Motors Co. in Michigan.",
                "Ford Motor Co <F> said its car sales rose.",
            ],
            "Ford",
        );
        assert_eq!(ford, ["org:ford-motor"; 3]);
        let eads = ids_of(
            &[
                "European Aeronautic Defence & Space NV (EADS), the parent company of Airbus, \
                 won the contract.",
                "Airbus is owned by European Aeronautic Defense & Space Company (EADS).",
                "Airbus parent company European Aeronautic Defence and Space Company EADS N.V. \
                 (EADS) won.",
            ],
            "European",
        );
        assert_eq!(eads, ["org:eads"; 3]);
        let t = e.tag("The French Cac index gained 3.1% and the German Dax 2.8%.");
        assert_eq!(one(&t, "Dax").id, "org:dax");
        let t = e.tag("The National Aeronautics and Space Administration said Nasa would fly.");
        assert_eq!(
            one(&t, "National Aeronautics and Space Administration").id,
            "org:nasa"
        );
    }

    #[test]
    fn a_company_is_one_entity_with_or_without_its_legal_form() {
        let a = enricher().tag("Shares of Gencorp Inc rose 5 pct on Monday.");
        let b = enricher().tag("Analysts said Gencorp would sell its tyre unit.");
        assert_eq!(one(&a, "Gencorp Inc").id, one(&b, "Gencorp").id);
        assert_eq!(one(&a, "Gencorp Inc").kind, EntityKind::Organization);
    }

    #[test]
    fn tripoli_by_context() {
        let t = enricher().tag("Fighting broke out in Tripoli. Benghazi stayed calm.");
        assert_eq!(one(&t, "Tripoli").country.as_deref(), Some("LY"));
        let t = enricher().tag("Fighting broke out in Tripoli, north of Beirut.");
        assert_eq!(one(&t, "Tripoli").country.as_deref(), Some("LB"));
        assert_eq!(one(&t, "Tripoli").region.as_deref(), Some("North Lebanon"));
        let t = enricher().tag("Fighting broke out in Tripoli as Lebanon's army moved in.");
        assert_eq!(one(&t, "Tripoli").country.as_deref(), Some("LB"));
        let t = enricher().tag("Fighting broke out in Tripoli.");
        assert_eq!(one(&t, "Tripoli").country.as_deref(), Some("LY"));
    }

    #[test]
    fn towns_whose_names_open_with_an_ayn_are_known() {
        // GeoNames writes "‘Afrīn" and "‘Ayn al ‘Arab"; the cities list left them out.
        let t = enricher().tag("Kurdish fighters in Amuda and Afrin. Fighting went on in Kobani.");
        assert_eq!(one(&t, "Afrin").id, "geonames:174186");
        assert_eq!(one(&t, "Afrin").region.as_deref(), Some("Aleppo"));
        assert_eq!(one(&t, "Amuda").id, "geonames:173230");
        assert_eq!(one(&t, "Kobani").id, "geonames:172256");
    }

    #[test]
    fn states_of_the_corpora_years_are_countries() {
        let t = enricher().tag(
            "Soviet officials said the USSR would buy grain. West German exports to \
             Yugoslavia rose.",
        );
        assert_eq!(one(&t, "USSR").id, "country:SU");
        assert_eq!(one(&t, "Soviet officials").id, "country:SU");
        assert_eq!(one(&t, "West German").id, "country:DE");
        assert_eq!(one(&t, "West German").kind, EntityKind::Nationality);
        assert_eq!(one(&t, "Yugoslavia").id, "country:YU");
    }

    #[test]
    fn companies_news_names_alone_are_companies_not_their_founders() {
        let t = enricher().tag(
            "Yahoo said profits rose. Michael Dell founded Dell in 1984. Toyota and Nokia \
             gained, and Citicorp Investment Bank Ltd said it would sell bonds.",
        );
        assert_eq!(one(&t, "Yahoo").id, "org:yahoo");
        assert_eq!(one(&t, "Michael Dell").kind, EntityKind::Person);
        // The founder's surname links to no one here: the company is meant.
        assert_eq!(one(&t, "Dell").id, "org:dell");
        assert_eq!(one(&t, "Toyota").kind, EntityKind::Organization);
        assert_eq!(one(&t, "Nokia").kind, EntityKind::Organization);
        // A unit named after the company is the unit.
        assert_eq!(
            one(&t, "Citicorp Investment Bank Ltd").id,
            "org:citicorp-investment-bank"
        );
        // The BBC writes "Opec"; Yukos's unit in all its spellings.
        let t = enricher().tag(
            "Oil cartel Opec's output rose, OPEC said. Yugansk, or Yuganskneftegaz, was sold.",
        );
        assert_eq!(one(&t, "Opec").id, "org:opec");
        assert_eq!(one(&t, "OPEC").id, "org:opec");
        assert_eq!(one(&t, "Yugansk").id, "org:yuganskneftegas");
        assert_eq!(one(&t, "Yuganskneftegaz").id, "org:yuganskneftegas");
        // US federal agencies by their names and short forms.
        let t = enricher().tag(
            "Ziering said he expected the Food and Drug Administration to approve the drug. \
             The FDA and the U.S. Agriculture Department declined to comment.",
        );
        assert_eq!(one(&t, "Food and Drug Administration").id, "org:fda");
        assert_eq!(one(&t, "FDA").id, "org:fda");
        assert_eq!(
            one(&t, "U.S. Agriculture Department").id,
            "org:agriculture-department"
        );
        // And the British ministries news names.
        let t = enricher().tag("The Home Office and the FCO said the Foreign Office would help.");
        assert_eq!(one(&t, "Home Office").id, "org:home-office");
        assert_eq!(one(&t, "FCO").id, one(&t, "Foreign Office").id);
    }

    #[test]
    fn a_persons_name_ends_at_a_common_word_and_starts_after_a_role() {
        use EntityKind::*;
        // The tagger's span runs from a description over the name (BBC sport 027).
        let t = enricher().tag(
            "Holmes feted with further honour\n\nDouble Olympic champion Kelly Holmes has been \
             voted European Athletics (EAA) woman athlete of 2004 in the governing body's poll.",
        );
        assert_eq!(one(&t, "Kelly Holmes").id, "person:kelly-holmes");
        assert!(t.mentions.iter().all(|m| !m.text.contains("Olympic")));
        // Names typed as people by their last word: an organisation's, a sea's.
        let t = enricher().tag(
            "\"The banks don't lend,\" said David Dreman, the chief investment officer of \
             Dreman Value Management.",
        );
        assert_eq!(one(&t, "Dreman Value Management").kind, Organization);
        let t = enricher().tag(
            "NAVCENT covers the Arabian Gulf, Gulf of Oman, North Arabian Sea, Gulf of Aden and \
             the Red Sea.",
        );
        assert_eq!(one(&t, "North Arabian Sea").kind, Place);
        // A naval rank.
        let t = enricher().tag("CTF 50 is currently led by Commodore Andrew Burns, its commander.");
        assert_eq!(one(&t, "Andrew Burns").id, "person:andrew-burns");
    }

    #[test]
    fn numbered_units_and_places_named_with_of() {
        use EntityKind::*;
        let t = enricher().tag("The ships operate in the U.S. 5th Fleet area of operations.");
        assert_eq!(one(&t, "5th Fleet").kind, Organization);
        assert!(find(&t, "Fleet").is_empty(), "{:#?}", t.mentions);
        let t = enricher().tag("Soldiers of the 2nd Battalion, 6th Marines, arrived.");
        assert_eq!(one(&t, "2nd Battalion").kind, Organization);
        let t = enricher().tag(
            "Jordan Armed Forces welcomed Soldiers visiting from 3rd Battalion, 321st Field \
             Artillery Regiment for a live-fire exercise October 25.",
        );
        assert_eq!(one(&t, "321st Field Artillery Regiment").kind, Organization);
        assert!(find(&t, "Field").is_empty(), "{:#?}", t.mentions);
        // Not every name after an ordinal is a unit's.
        let t = enricher().tag("He won the 55th Berlin film festival.");
        assert_eq!(one(&t, "Berlin").kind, Place);
        // "the Bay of Biscay", whether the tagger found "Biscay" or not.
        let t = enricher().tag("The Airbus A380 lost contact as it circled the Bay of Biscay.");
        assert_eq!(one(&t, "Bay of Biscay").kind, Place);
        let t = enricher().tag(
            "More people watched the flight on a giant screen erected in the centre of \
             Toulouse.\n\nThe test flight lasted four hours, with the aircraft flying no higher \
             than 10,000 nor further than 100 miles from Toulouse as it circled the Bay of \
             Biscay.\n\nThe A380 will carry 555 passengers.",
        );
        assert_eq!(one(&t, "Bay of Biscay").kind, Place);
    }

    #[test]
    fn a_nickname_in_quotes_is_inside_the_name() {
        let t = enricher().tag(
            "“We will not allow ISIL to use this equipment,” said Col. John “J.D.” Dorrian, the \
             CJTF-OIR spokesperson. Dorrian added that more strikes would follow.",
        );
        assert_eq!(one(&t, "John “J.D.” Dorrian").id, "person:john-dorrian");
        assert_eq!(one(&t, "Dorrian").id, "person:john-dorrian");
        // And an analyst's firm before the analyst is an organisation.
        let t = enricher().tag(
            "\"It took too long for the money to get into the system,\" said Uralsib analyst \
             Chris Weafer.",
        );
        assert_eq!(one(&t, "Uralsib").kind, EntityKind::Organization);
    }

    #[test]
    fn the_treasury_is_the_one_of_the_articles_country() {
        let id = |text: &str| one(&enricher().tag(text), "Treasury").id.clone();
        assert_eq!(
            id(
                "UK economy ends year with spurt\n\nThe UK economy grew by an estimated 3.1% in \
                2004, says the Office for National Statistics (ONS).\n\nThe figure is in line \
                with Treasury and Bank of England forecasts."
            ),
            "org:hm-treasury"
        );
        assert_eq!(
            id(
                "U.S. TREASURY PART OF ARGENTINE BRIDGE LOAN\n\nThe U.S. Treasury said it was \
                willing\nto participate with several other industrial countries in\nproviding a \
                500 mln-dlr short-term bridge loan to Argentina.\n    The Treasury \
                announcement did not name the other\ncountries."
            ),
            "org:us-treasury"
        );
        // Alone, the US Treasury ("Treasury balances at the Federal Reserve").
        assert_eq!(
            id(
                "TREASURY BALANCES AT FED ROSE ON FEB 25\n\nTreasury balances at the \
                Federal\nReserve rose on Feb 25 to 4.151 billion dlrs."
            ),
            "org:us-treasury"
        );
        let t = enricher().tag("The U.S. Treasury Department said the dollar was strong.");
        assert_eq!(one(&t, "U.S. Treasury Department").id, "org:us-treasury");
        // Longer names keep the word.
        let t = enricher().tag("The Treasury Select Committee questioned the French Treasury.");
        assert!(find(&t, "Treasury").is_empty(), "{:#?}", t.mentions);
    }

    #[test]
    fn a_description_before_an_organisations_name_is_no_part_of_it() {
        let t = enricher().tag(
            "Aircraft manufacturer Boeing said on Monday that its new jet would fly this year.",
        );
        assert_eq!(one(&t, "Boeing").id, "org:boeing");
    }

    #[test]
    fn a_name_run_on_into_a_place_is_the_name_and_the_place() {
        // re3d (a UK government statement) and Reuters texts.
        let t = enricher().tag(
            "Commenting on reports that ISIL forces have reached the UNESCO World Heritage Site \
             at Palmyra in Syria, the minister said it was a tragedy. The European Court of \
             Human Rights in Strasbourg ruled on Tuesday.\n\nEllen Simonetti, known as Queen of \
             the Sky, wrote an anonymous account of her life in the sky. She was suspended by \
             Delta in September.",
        );
        assert_eq!(
            one(&t, "Palmyra").id,
            "geonames:163808",
            "{:#?}",
            t.mentions
        );
        assert_eq!(one(&t, "Syria").id, "country:SY");
        assert_eq!(
            one(&t, "European Court of Human Rights").id,
            "org:european-court-of-human-rights"
        );
        assert_eq!(one(&t, "Strasbourg").kind, EntityKind::Place);
        assert_eq!(one(&t, "Delta").id, "org:delta");
    }

    #[test]
    fn a_city_named_by_a_common_word_is_found_where_the_article_places_it() {
        // "Bath", "Mobile" and "Phoenix" are no aliases (common words would make every
        // sentence-initial "Mobile" a town), but a place the tagger found by that name is the
        // city when the article names its country (not the US alone) or a place near it.
        let t = enricher().tag(
            "Dame Alicia Markova, who has died in Bath aged 94, was the UK's first prima \
             ballerina. Assembly will be carried out at a facility in Mobile, Alabama, and \
             tests at a site in Phoenix, Arizona.",
        );
        assert_eq!(one(&t, "Bath").id, "geonames:2656173", "{:#?}", t.mentions);
        assert_eq!(one(&t, "Mobile").id, "geonames:4076598");
        assert_eq!(one(&t, "Phoenix").id, "geonames:5308655");
        // Without such support it stays the article's own place, or goes as an opener.
        let t = enricher().tag(
            "Microsoft said its Windows Mobile phones sold well in the US. The exhibition \
             opens in Florence next month.\n\nMobile gig aims to rock 3G. Fans can enjoy a \
             gig on their mobile phones.",
        );
        assert!(
            find(&t, "Mobile")
                .iter()
                .all(|m| !m.id.starts_with("geonames:")),
            "{:#?}",
            t.mentions
        );
        assert_eq!(one(&t, "Florence").id, "place:florence");
        // London's seats of government, which the cities list lacks, are no US towns (BBC).
        let t = enricher().tag(
            "Both parties plan to cut the number of civil servants at Whitehall, the mood at \
             Westminster suggests.",
        );
        assert_eq!(
            one(&t, "Whitehall").id,
            "place:whitehall",
            "{:#?}",
            t.mentions
        );
        assert_eq!(one(&t, "Westminster").country.as_deref(), Some("GB"));
        // The middle of the US, its point, is no place near Liberty, Missouri (BBC).
        let t = enricher().tag(
            "Next to Tokyo harbour is a version of New York's Statue of Liberty, the US \
             embassy said.",
        );
        assert!(
            find(&t, "Liberty")
                .iter()
                .all(|m| !m.id.starts_with("geonames:")),
            "{:#?}",
            t.mentions
        );
    }

    #[test]
    fn sir_and_dame_are_titles_and_make_a_person() {
        // BBC: "Dame Judi Dench" and "Sir Cliff Richard" were organisations, and "Sir Paul"
        // an other person than "Sir Paul McCartney".
        let t = enricher().tag(
            "Dame Judi Dench won the award. Sir Paul McCartney sang at the gala, and Sir Paul \
             then thanked the crowd. Baroness Morgan said it was wrong.",
        );
        assert_eq!(
            one(&t, "Judi Dench").id,
            "person:judi-dench",
            "{:#?}",
            t.mentions
        );
        assert_eq!(one(&t, "Paul McCartney").id, "person:paul-mccartney");
        assert_eq!(one(&t, "Paul").id, "person:paul-mccartney");
        // A peer is named with the title.
        assert_eq!(one(&t, "Baroness Morgan").kind, EntityKind::Person);
        // So is a professor, whose title is not part of the name either (BBC).
        let t = enricher().tag(
            "Prof Joni Lovenduski, of Birkbeck College, said the figures were striking. Prof \
             Lovenduski added that more women stood this year.",
        );
        assert_eq!(
            one(&t, "Joni Lovenduski").id,
            "person:joni-lovenduski",
            "{:#?}",
            t.mentions
        );
    }

    #[test]
    fn roles_groups_and_awards_are_no_part_of_a_persons_name() {
        // BBC and Reuters: each was a person of its own.
        let t = enricher().tag(
            "Day-Lewis set for Berlin honour\n\nActor Daniel Day-Lewis is to be presented with \
             an award for his career in film at the Berlin Film Festival. Comedian Chris \
             Morris won the Grammy Awards. Shares of E.F. Hutton Group rose before the Super \
             Bowl.",
        );
        assert_eq!(
            one(&t, "Daniel Day-Lewis").id,
            "person:daniel-day-lewis",
            "{:#?}",
            t.mentions
        );
        assert_eq!(one(&t, "Chris Morris").id, "person:chris-morris");
        assert_eq!(one(&t, "E.F. Hutton Group").kind, EntityKind::Organization);
        assert!(
            find(&t, "Grammy Awards")
                .iter()
                .all(|m| m.kind != EntityKind::Person)
        );
        assert!(
            find(&t, "Super Bowl")
                .iter()
                .all(|m| m.kind != EntityKind::Person)
        );
        let t = enricher().tag(
            "Despite his Oscar nomination, he had few other lead roles. The year he was \
             nominated, the Academy Award was won by Marlon Brando for On the Waterfront.",
        );
        assert!(find(&t, "Academy Award").is_empty(), "{:#?}", t.mentions);
        // A first name ending as roles do is no role.
        let t = enricher().tag("Brian O'Driscoll and Peter Stringer started for Ireland.");
        assert_eq!(
            one(&t, "Brian O'Driscoll").kind,
            EntityKind::Person,
            "{:#?}",
            t.mentions
        );
        assert_eq!(one(&t, "Peter Stringer").kind, EntityKind::Person);
    }

    #[test]
    fn titles_of_films_and_books_are_neither_actors_nor_places() {
        // BBC: "Vera Drake" was a place 22 times.
        let t = enricher().tag(
            "Imelda Staunton won best actress for the gritty abortion drama Vera Drake. Vera \
             Drake is directed by Mike Leigh. The musical Billy Elliot opened in London.",
        );
        assert!(find(&t, "Vera Drake").is_empty(), "{:#?}", t.mentions);
        assert_eq!(one(&t, "Imelda Staunton").kind, EntityKind::Person);
        assert_eq!(one(&t, "Mike Leigh").kind, EntityKind::Person);
        assert_eq!(one(&t, "London").kind, EntityKind::Place);
        // A star or a sequel after the title (and not a club's star).
        let t = enricher().tag(
            "The favourite is Vera Drake star Imelda Staunton, ahead of Chelsea star Frank \
             Lampard, who saw Vera Drake twice.",
        );
        assert!(find(&t, "Vera Drake").is_empty(), "{:#?}", t.mentions);
        assert_eq!(one(&t, "Imelda Staunton").kind, EntityKind::Person);
    }

    #[test]
    fn stations_are_named_with_their_numbers() {
        // BBC: "Radio" and "BBC Radio" were organisations 32 and 84 times, "Channel 4" none.
        let t = enricher().tag(
            "Michael Cawley told Radio 4's Today programme. He had spoken on BBC Radio 5 Live \
             the night before. Desperate Housewives has helped lift Channel 4's audience share.",
        );
        assert_eq!(one(&t, "Radio 4").id, "org:radio-4", "{:#?}", t.mentions);
        assert_eq!(one(&t, "BBC Radio 5 Live").id, "org:bbc-radio-5-live");
        assert_eq!(one(&t, "Channel 4").id, "org:channel-4");
        assert!(find(&t, "Radio").is_empty());
    }

    #[test]
    fn rating_agencies_as_wire_copy_names_them() {
        // Reuters-21578 ("Moody's and Standard and Poor's Corp" was one organisation, and
        // "Moody's Investors Service Inc" the organisations "Moody" and "Investors Service
        // Inc"), a BBC report, and a rugby player's possessive.
        let t = enricher().tag(
            "MOODY'S UPGRADES GE UNIT\n\nMoody's Investors Service Inc said it upgraded the \
             debt. Moody's and Standard and Poor's Corp rate the bonds AA-minus. Fitch and \
             Moody's raised their ratings.\n\nEngland flanker Lewis Moody's injury is a \
             blow. Shares in Abercrombie & Fitch rose.",
        );
        let ids =
            |name: &str| -> Vec<&str> { find(&t, name).iter().map(|m| m.id.as_str()).collect() };
        assert_eq!(
            ids("Moody's Investors Service Inc"),
            ["org:moodys"],
            "{:#?}",
            t.mentions
        );
        assert_eq!(ids("Moody's"), ["org:moodys", "org:moodys"]);
        assert_eq!(ids("Standard and Poor's Corp"), ["org:standard-and-poors"]);
        assert_eq!(ids("Fitch"), ["org:fitch-ratings"]);
        assert_eq!(ids("Lewis Moody"), ["person:lewis-moody"]);
        assert_eq!(ids("Abercrombie & Fitch"), ["org:abercrombie-fitch"]);
        // Mortgage agencies and Wall Street houses were people (Reuters-21578).
        let t = enricher().tag(
            "Fannie Mae said it would buy the loans. Smith Barney, Harris Upham and Co lowered \
             its rating, as did Dean Witter.",
        );
        assert_eq!(
            one(&t, "Fannie Mae").id,
            "org:fannie-mae",
            "{:#?}",
            t.mentions
        );
        assert_eq!(
            one(&t, "Smith Barney, Harris Upham and Co").id,
            "org:smith-barney"
        );
        assert_eq!(one(&t, "Dean Witter").id, "org:dean-witter");
    }

    #[test]
    fn a_common_word_opening_a_sentence_is_no_name() {
        // BBC tech 182.
        let t = enricher().tag(
            "Mobile gig aims to rock 3G\n\nForget about going to a crowded bar to enjoy a gig by \
             the latest darlings of the music press.\n\nNow you could also be at a live gig on \
             your mobile, via the latest third generation (3G) video phones. Rock outfit \
             Rooster are playing what has been billed as the first ever concert broadcast by \
             phone on Tuesday evening from a London venue.",
        );
        assert!(find(&t, "Mobile").is_empty(), "{:#?}", t.mentions);
        assert!(!find(&t, "London").is_empty(), "{:#?}", t.mentions);
        // Written capitalised inside a sentence, the word is a name.
        assert!(opens_sentence("He said. Mobile", 9));
        assert!(!opens_sentence("based in Mobile", 9));
    }

    #[test]
    fn products_and_games_are_no_people() {
        let t = enricher().tag(
            "The Xbox game Halo 2 is projected to bring in more than its predecessor. Halo \
             fans queued overnight, and Bungie said Halo sold out.",
        );
        assert!(find(&t, "Halo").is_empty(), "{:#?}", t.mentions);
        let t = enricher().tag(
            "The stripped down laptop would run a Linux-based operating system. Linux is free.",
        );
        assert!(find(&t, "Linux").is_empty(), "{:#?}", t.mentions);
        // A decimal number after a name is no sequel's (Reuters, reut2-001 #693).
        let t = enricher().tag(
            "H.R.S. said that under the deal's first stage it would sell Qintex 900,000 Hal \
             Roach shares at seven U.S. dlrs a share and Roach will repay H.R.S. 3.3 mln U.S. \
             dlrs of advances.\n    Qintex will provide Roach with 50 mln U.S. dlrs of \
             financing for expansion, H.R.S. said.",
        );
        assert!(!find(&t, "H.R.S.").is_empty(), "{:#?}", t.mentions);
        // Viruses and robots are named like people (BBC technology reports).
        let t = enricher().tag(
            "A Windows virus called Bofra is turning infected machines into web servers. \
             Bofra plunders the address book. Honda's humanoid robot Asimo can run, and \
             Asimo could find work in homes.",
        );
        assert!(find(&t, "Bofra").is_empty(), "{:#?}", t.mentions);
        assert!(find(&t, "Asimo").is_empty(), "{:#?}", t.mentions);
    }

    #[test]
    fn regulators_bands_parties_and_pollsters_named_like_people_are_organisations() {
        let t = enricher().tag(
            "Complaints rose, according to premium phone line regulator Icstis. Icstis said \
             phone companies must warn people. Rock band Keane won the poll, and Keane were \
             followed by Franz Ferdinand. Kilroy-Silk launched the 'Veritas' party on \
             Wednesday. He said Veritas would field candidates. Output fell, a Reuter survey \
             shows. Reuter correspondents polled traders.",
        );
        for name in ["Icstis", "Keane", "Veritas", "Reuter"] {
            let found = find(&t, name);
            assert!(!found.is_empty(), "{name}: {:#?}", t.mentions);
            for m in found {
                assert_eq!(
                    m.kind,
                    EntityKind::Organization,
                    "{name}: {:#?}",
                    t.mentions
                );
            }
        }
    }

    #[test]
    fn a_place_written_with_its_state_or_country_is_the_one_there() {
        let t = enricher().tag(
            "He grew up in Athens, Georgia, studied in Salem, Ore., and worked in \
             Birmingham, Ala., and in Tbilisi, Georgia.",
        );
        assert_eq!(one(&t, "Athens").region.as_deref(), Some("Georgia"));
        assert_eq!(one(&t, "Athens").country.as_deref(), Some("US"));
        // The qualifier is then the state, not the country of the same name.
        assert_eq!(find(&t, "Georgia")[0].id, "admin1:US.GA");
        assert_eq!(find(&t, "Georgia")[1].id, "country:GE");
        // AP abbreviations that are no names alone ("Ore", "Ala").
        assert_eq!(one(&t, "Salem").region.as_deref(), Some("Oregon"));
        assert_eq!(one(&t, "Birmingham").region.as_deref(), Some("Alabama"));
        assert_eq!(one(&t, "Tbilisi").country.as_deref(), Some("GE"));
        // Also a town the tagger takes for a person or a company.
        let t = enricher().tag(
            "It will sell a mail package from <Consumers Software>, Gilroy, Calif. Western \
             Digital said. The plants are in Hunt Valley, Maryland, and Schenectady, New York.",
        );
        assert_eq!(one(&t, "Gilroy").kind, EntityKind::Place);
        assert_eq!(one(&t, "Gilroy").region.as_deref(), Some("California"));
        assert_eq!(one(&t, "Schenectady").kind, EntityKind::Place);
        assert_eq!(one(&t, "New York").id, "admin1:US.NY");
    }

    #[test]
    fn naming_the_us_or_a_far_place_there_does_not_move_a_capital() {
        // A sports report: Americans and New York, nothing of Greece.
        let t = enricher().tag(
            "The American sprinter won in New York last month. \
             She was fourth in Athens at the Olympics.",
        );
        assert_eq!(one(&t, "Athens").country.as_deref(), Some("GR"));
        // A place near the town still decides.
        let t = enricher().tag("The plant is in Athens, near Atlanta.");
        assert_eq!(one(&t, "Athens").country.as_deref(), Some("US"));
    }

    #[test]
    fn a_towns_name_in_capitals_is_no_acronym_but_a_states_organ_is_the_state() {
        let t = enricher().tag("In Frankfurt the DAX index rose 2 pct on Monday.");
        assert!(
            t.mentions.iter().all(|m| m.text != "DAX"),
            "{:?}",
            t.mentions
        );
        let t = enricher().tag(
            "The United States Air Force flew sorties. The U.K. Government said it would help.",
        );
        assert_eq!(one(&t, "United States Air Force").id, "country:US");
        assert_eq!(
            one(&t, "United States Air Force").kind,
            EntityKind::Organization
        );
        assert_eq!(one(&t, "U.K. Government").id, "country:GB");
    }

    #[test]
    fn cities_by_their_short_names() {
        let t = enricher().tag("Bankers in Frankfurt and New York were cautious on Monday.");
        assert_eq!(one(&t, "Frankfurt").country.as_deref(), Some("DE"));
        assert_eq!(one(&t, "New York").id, "geonames:5128581");
        assert!(one(&t, "New York").lat.is_some());
        let t = enricher().tag("He moved from Lansing, Mich., to Trenton, N.J., in 1985.");
        assert_eq!(one(&t, "Mich.").id, "admin1:US.MI");
        assert_eq!(one(&t, "N.J.").id, "admin1:US.NJ");
        // Common words are no places: not Officer (Victoria), nor Fiji's Western division.
        let t = enricher()
            .tag("Its Chief Executive Officer met Western diplomats and Southern tribal leaders.");
        assert!(
            t.mentions
                .iter()
                .all(|m| m.lat.is_none() && m.region.is_none()),
            "{:?}",
            t.mentions
        );
    }

    #[test]
    fn washington_as_government() {
        let t = enricher().tag(
            "Washington said it would act. Washington and Moscow disagree. He lives in Washington.",
        );
        let w = find(&t, "Washington");
        assert_eq!(w.len(), 3);
        assert_eq!(
            (w[0].id.as_str(), w[0].kind),
            ("country:US", EntityKind::Organization)
        );
        assert_eq!(w[1].id, "country:US");
        assert_eq!(w[2].id, "geonames:4140963");
        let t = enricher().tag("The US, the U.S and America; Americans said so.");
        for m in ["US", "U.S", "America", "Americans"] {
            assert_eq!(one(&t, m).id, "country:US", "{m}");
        }
    }

    #[test]
    fn capitals_as_governments() {
        use EntityKind::*;
        let t = enricher().tag(
            "Ankara would not allow a new wave of refugees. Moscow denied the report. A faction \
             backed by Tehran attacked a unit backed by Washington. Damascus was shelled. An \
             official in Tokyo said prices rose. In 1985, Cairo agreed to buy wheat.",
        );
        fn acting_in(t: &Tagged, name: &str, id: &str) {
            let m = one(t, name);
            assert_eq!((m.id.as_str(), m.kind), (id, Organization), "{name}");
        }
        acting_in(&t, "Ankara", "country:TR");
        acting_in(&t, "Moscow", "country:RU");
        acting_in(&t, "Tehran", "country:IR");
        acting_in(&t, "Washington", "country:US");
        acting_in(&t, "Cairo", "country:EG");
        assert_eq!(one(&t, "Damascus").kind, Place);
        assert_eq!(one(&t, "Tokyo").kind, Place);
        // The object of a government's verb, not a capital naming its mayor.
        let t = enricher().tag(
            "Turkey warned Damascus against further advances. Tony Blair urged London mayor Ken \
             Livingstone to apologise.",
        );
        acting_in(&t, "Damascus", "country:SY");
        assert_eq!(one(&t, "London").kind, Place);
    }

    #[test]
    fn places_come_with_their_region_and_country() {
        let text = "Shelling hit Damascus.\n\nSyria said so.";
        let article = Article {
            path: "a.txt".into(),
            text: text.into(),
            ..Default::default()
        };
        let split = text.find("\n\n").unwrap();
        let passages = vec![
            Passage {
                number: 0,
                start: 0,
                end: split,
                text: text[..split].into(),
            },
            Passage {
                number: 1,
                start: split + 2,
                end: text.len(),
                text: text[split + 2..].into(),
            },
        ];
        let a = enricher().enrich(article, passages);
        let damascus = &a.passages[0].places[0];
        assert_eq!(damascus.id, "geonames:170654");
        assert!(damascus.terms.iter().any(|x| x == "Damascus"));
        assert!(!damascus.terms.iter().any(|x| x == "Syria"));
        let areas: Vec<(&str, &str)> = damascus
            .areas
            .iter()
            .map(|a| (a.id.as_str(), a.name.as_str()))
            .collect();
        assert_eq!(areas.len(), 2, "{areas:?}");
        assert_eq!(areas[0].1, "Damascus Governorate");
        assert_eq!(areas[1], ("country:SY", "Syria"));
        assert!(
            damascus.areas[1]
                .terms
                .iter()
                .any(|x| x == "Syrian Arab Republic")
        );
        let syria = &a.passages[1].places[0];
        assert_eq!(syria.id, "country:SY");
        assert!(!syria.terms.iter().any(|x| x == "Damascus"));
        assert!(syria.areas.is_empty());
    }

    /// `text` as a wire service sent it: the first line (the headline) as it is, the rest one
    /// paragraph broken into lines of at most about `width` bytes. Offsets are kept.
    fn hard_wrap(text: &str, width: usize) -> String {
        let body = text.find('\n').map_or(0, |i| i + 1);
        let mut out = text.as_bytes().to_vec();
        let end = text.trim_end().len();
        out[body..end].iter_mut().for_each(|b| {
            if *b == b'\n' {
                *b = b' ';
            }
        });
        let (mut line, mut space) = (body, None);
        for i in body..end {
            if out[i] == b' ' {
                space = Some(i);
            }
            if i - line >= width
                && let Some(s) = space.filter(|&s| s > line)
            {
                out[s] = b'\n';
                (line, space) = (s + 1, None);
            }
        }
        String::from_utf8(out).unwrap()
    }

    /// The fused pipeline's scores (what `dossier eval-ner` prints; see `data/ner/README.md`):
    /// `cargo test --release --lib enrich::tests::fused_scores -- --ignored`.
    #[test]
    #[ignore = "needs ../shared/data"]
    fn fused_scores() {
        use crate::ner::{data, eval};
        let e = enricher();
        let testa = data::read_conll(std::path::Path::new(
            "../shared/data/ner/conll2003/eng.testa",
        ))
        .unwrap();
        let r = eval::evaluate_with(&testa, |t| e.tag_spans(t));
        let f1 = r.micro().strict().f1;
        assert!(f1 >= 0.88, "testa strict micro F1 {f1:.4}\n{}", r.table());
        // The same articles as wire copy hard-wrapped at 65 columns (the headline on its own
        // line): measured 0.872, and 0.835 before wrapped lines were read as running on.
        let wrapped: Vec<data::GoldDoc> = testa
            .iter()
            .map(|d| data::GoldDoc {
                text: hard_wrap(&d.text, 65),
                ..d.clone()
            })
            .collect();
        let r = eval::evaluate_with(&wrapped, |t| e.tag_spans(t));
        let f1 = r.micro().strict().f1;
        assert!(f1 >= 0.86, "wrapped testa strict F1 {f1:.4}\n{}", r.table());
        let mut heldout = data::read_re3d(
            std::path::Path::new("../shared/data/ner/re3d"),
            data::Re3dSplit::Heldout,
            0.5,
        )
        .unwrap();
        heldout.iter_mut().for_each(data::names_only);
        let r = eval::evaluate_with(&heldout, |t| e.tag_spans(t));
        let f1 = r.micro().overlap().f1;
        // Measured 0.681 (the issue's target, 0.75, is not met; see data/ner/README.md).
        assert!(
            f1 >= 0.66,
            "re3d held-out names-only overlap F1 {f1:.4}\n{}",
            r.table()
        );
    }

    /// Start-up time and tagging speed; run in release:
    /// `cargo test --release --lib enrich::tests::speed -- --ignored --nocapture`.
    #[test]
    #[ignore = "needs ../shared/data; a measurement, run in release"]
    fn speed() {
        let t0 = std::time::Instant::now();
        let e = Enricher::new(&EnrichOptions::default()).unwrap();
        eprintln!(
            "start-up: {:?} ({} entities)",
            t0.elapsed(),
            e.entity_count()
        );
        let mut texts = Vec::new();
        for dir in ["business", "entertainment", "politics", "sport", "tech"] {
            let mut paths: Vec<_> = std::fs::read_dir(format!("../shared/data/corpora/bbc/{dir}"))
                .unwrap()
                .map(|d| d.unwrap().path())
                .collect();
            paths.sort();
            texts.extend(
                paths
                    .iter()
                    .map(|p| std::fs::read_to_string(p).unwrap_or_default()),
            );
        }
        let bytes: usize = texts.iter().map(String::len).sum();
        let t1 = std::time::Instant::now();
        let mut mentions = 0;
        for t in &texts {
            mentions += e.tag(t).mentions.len();
        }
        let secs = t1.elapsed().as_secs_f64();
        eprintln!(
            "tagged {} texts, {:.1} MB, {mentions} mentions in {secs:.2} s: {:.1} MB/s (one core)",
            texts.len(),
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / secs
        );
    }
}
