//! Article -> enriched article: entity mentions with canonical ids (gazetteers, curated and
//! user entities, acronyms defined in the text, titled people), geocoded places, topics and the
//! publication date.
//!
//! Tagging runs one Aho-Corasick automaton over the text (`matcher`), then adds people found
//! after titles (`people`), acronyms the text defines (`acronyms`) and later bare surnames
//! and short forms. Offsets in the output are characters (Unicode scalar values).

mod acronyms;
pub mod dates;
mod gazetteer;
mod matcher;
mod people;
mod topics;

use std::collections::HashMap;
use std::path::PathBuf;

use crate::article::{
    Article, EnrichedArticle, EnrichedPassage, EntityKind, EntityRef, Mention, Passage, TopicScore,
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
    gazetteer: Gazetteer,
    matcher: Matcher,
    people: PersonFinder,
    topics: Topics,
}

/// An entity that exists only inside one article (an acronym's unknown long form, a titled
/// person not in the gazetteer).
#[derive(Debug, Clone)]
struct Local {
    id: String,
    name: String,
    kind: EntityKind,
    terms: Vec<String>,
}

/// Everything tagging found, in byte offsets, before conversion to [`Mention`]s.
struct Hits {
    hits: Vec<Hit>,
    locals: Vec<Local>,
}

impl Enricher {
    /// Loads the shipped gazetteers and taxonomy plus the user's files; a bad user file is an
    /// [`crate::Error::Config`] naming it.
    pub fn new(opts: &EnrichOptions) -> Result<Enricher> {
        let gazetteer = Gazetteer::load(&opts.entity_files)?;
        let matcher = Matcher::build(&gazetteer);
        Ok(Enricher {
            gazetteer,
            matcher,
            people: PersonFinder::new(),
            topics: Topics::load(&opts.topic_files)?,
        })
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
        for c in self.matcher.lookup(name) {
            let e = &self.gazetteer.entities[c.entity as usize];
            if !out.iter().any(|r| r.id == e.id) {
                out.push(EntityRef {
                    id: e.id.clone(),
                    name: e.name.clone(),
                    kind: e.kind,
                    terms: e.terms(),
                });
            }
        }
        out
    }

    /// Tags one text.
    pub fn tag(&self, text: &str) -> Tagged {
        let hits = self.find_hits(text);
        Tagged {
            mentions: self.mentions(text, &hits),
            topics: self.topics.score(text),
        }
    }

    /// Enriches an article whose body is already split into passages: normalises the date
    /// (else takes the dateline), tags the text once and assigns mentions to passages.
    pub fn enrich(&self, mut article: Article, passages: Vec<Passage>) -> EnrichedArticle {
        article.date = article
            .date
            .as_deref()
            .and_then(dates::parse_date)
            .or_else(|| dates::dateline(&article.text));
        let text = &article.text;
        let hits = self.find_hits(text);
        let mentions = self.mentions(text, &hits);
        let topics = self.topics.score(text);
        let mut refs: HashMap<Target, EntityRef> = HashMap::new();
        let mut out = Vec::with_capacity(passages.len());
        for passage in passages {
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
            let topics = self.topics.score(&passage.text);
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
        }
    }

    fn entity_ref(&self, target: Target, locals: &[Local]) -> EntityRef {
        match target {
            Target::Entity { idx, .. } => {
                let e = &self.gazetteer.entities[idx as usize];
                EntityRef {
                    id: e.id.clone(),
                    name: e.name.clone(),
                    kind: e.kind,
                    terms: e.terms(),
                }
            }
            Target::Local(i) => {
                let l = &locals[i as usize];
                EntityRef {
                    id: l.id.clone(),
                    name: l.name.clone(),
                    kind: l.kind,
                    terms: l.terms.clone(),
                }
            }
        }
    }

    fn kind_of(&self, target: Target, locals: &[Local]) -> EntityKind {
        match target {
            Target::Entity { demonym: true, .. } => EntityKind::Nationality,
            Target::Entity { idx, .. } => self.gazetteer.entities[idx as usize].kind,
            Target::Local(i) => locals[i as usize].kind,
        }
    }

    /// Dictionary hits, then titled people, acronym definitions and linked bare forms.
    fn find_hits(&self, text: &str) -> Hits {
        let lower = text.to_ascii_lowercase();
        let mut hits = Vec::new();
        self.matcher.find(text, &lower, &mut hits);
        let mut h = Hits {
            hits,
            locals: Vec::new(),
        };
        // Short forms and surnames to link in the rest of the text.
        let mut links: Vec<(String, Target)> = Vec::new();

        // Titled people: the title rule wins over places or groups the name overlaps, but a
        // gazetteer person covering the name is kept.
        for (s, e) in self.people.find(text) {
            let covered = h.hits.iter().find(|x| x.start <= s && x.end >= e).copied();
            let target = match covered {
                Some(x) if self.kind_of(x.target, &h.locals) == EntityKind::Person => x.target,
                _ => {
                    let name = &text[s..e];
                    let id = format!("person:{}", slug(name));
                    let target = match self.gazetteer_index(&id) {
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
            for sn in people::surnames(&text[s..e]) {
                links.push((sn.to_owned(), target));
                h.add_term(target, sn);
            }
        }
        // Gazetteer people link their surnames too.
        let persons: Vec<Hit> = h
            .hits
            .iter()
            .filter(|x| {
                matches!(x.target, Target::Entity { idx, demonym: false }
                    if self.gazetteer.entities[idx as usize].kind == EntityKind::Person)
            })
            .copied()
            .collect();
        for x in persons {
            for sn in people::surnames(&text[x.start..x.end]) {
                links.push((sn.to_owned(), x.target));
            }
        }

        // Acronyms the text defines.
        for d in acronyms::definitions(text) {
            let (ls, le) = d.long;
            let known = h
                .hits
                .iter()
                .find(|x| x.start == ls && x.end == le)
                .or_else(|| h.hits.iter().find(|x| x.end == le && x.start >= ls))
                .filter(|x| !matches!(x.target, Target::Entity { demonym: true, .. }))
                .copied();
            let target = match known {
                Some(x)
                    if x.start == ls || self.kind_of(x.target, &h.locals) != EntityKind::Place =>
                {
                    x.target
                }
                _ => {
                    let name = &text[ls..le];
                    let t = h.local(
                        format!("local:{}", slug(name)),
                        name,
                        EntityKind::Organization,
                    );
                    h.replace_span(ls, le, t);
                    t
                }
            };
            let short = &text[d.short.0..d.short.1];
            h.add_term(target, short);
            links.push((short.to_owned(), target));
        }

        for (form, target) in &links {
            for (s, _) in text.match_indices(form.as_str()) {
                let e = s + form.len();
                if !is_whole_word(text, s, e) {
                    continue;
                }
                if let Some(x) = h.hits.iter_mut().find(|x| x.start == s && x.end == e) {
                    x.target = *target;
                } else if !h.hits.iter().any(|x| x.start < e && s < x.end) {
                    h.hits.push(Hit {
                        start: s,
                        end: e,
                        target: *target,
                    });
                }
            }
        }
        h.hits.sort_by_key(|x| (x.start, x.end));
        h
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
                Target::Entity { idx, demonym } => {
                    let e = &self.gazetteer.entities[idx as usize];
                    Mention {
                        start,
                        end,
                        text: text[h.start..h.end].to_owned(),
                        kind,
                        id: e.id.clone(),
                        name: e.name.clone(),
                        lat: if demonym { None } else { e.lat },
                        lon: if demonym { None } else { e.lon },
                        country: e.country.clone(),
                    }
                }
                Target::Local(i) => {
                    let l = &hits.locals[i as usize];
                    Mention {
                        start,
                        end,
                        text: text[h.start..h.end].to_owned(),
                        kind,
                        id: l.id.clone(),
                        name: l.name.clone(),
                        lat: None,
                        lon: None,
                        country: None,
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
        });
        Target::Local(self.locals.len() as u32 - 1)
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

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;

    /// Sentences from the seed article (`corpora/seed/000_c3bebdd9ecb442e1.txt`).
    const SEED: &str = "What has been described as a “rogue Iranian-led militia” has breached the 55 km deconfliction zone around the U.S Special Operations base at al-Tanf and attacked MAT, an anti-ISIS unit trained by the U.S.\n\n\
Maghaweir al-Thowra (MAT) is a group that has been trained, equipped and led by American and coalition SOF operators in the tiny base of al-Tanf. MAT reported that an Iranian-led militia entered the 55km deconfliction zone.\n\n\
MAT forces also claim that this rogue Iranian proxy may have come under attack from Russian airstrikes just outside of the deconfliction zone. Major Johnny Walker a spokesman with Special Operations Joint Task Force-Operation Inherent Resolve said that they are monitoring the situation. Walker said the mat was red.\n\n\
The Russians frequently said in the past that the United States was training terrorists in al-Tanf. Back in 2018, Russian state-run media outlet Sputnik quoted Syrian Foreign Minister Walid Muallem as saying that the U.S. was gathering the remnants. Several members of Congress have questioned President Trump’s administration.";

    fn enricher() -> &'static Enricher {
        static E: OnceLock<Enricher> = OnceLock::new();
        E.get_or_init(|| Enricher::new(&EnrichOptions::default()).unwrap())
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
        assert!(jfb.iter().all(|m| m.id == "local:jaish-al-foo-brigade"));
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

    #[test]
    #[ignore = "needs ../shared/data"]
    fn seed_article_file() {
        let text = std::fs::read_to_string("../shared/data/corpora/seed/000_c3bebdd9ecb442e1.txt")
            .unwrap();
        let t = enricher().tag(&text);
        for (m, want) in [
            ("al-Tanf", "place:al-tanf"),
            ("MAT", "org:mat"),
            ("Hezbollah", "org:hezbollah"),
        ] {
            assert_eq!(one(&t, m).id, want);
        }
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
