//! Fusion of the statistical tagger ([`crate::ner`]) with the dictionary: the tagger decides
//! where names are and of which type, the gazetteers decide who or where they are. Then two
//! article-level passes: "Washington" as a government, and ambiguous place names resolved by
//! the article's other places and countries.
//!
//! Rules, each measured with `dossier eval-ner` (see `data/ner/README.md`):
//! - a curated or user entity matched by the dictionary always wins over the tagger (a
//!   person's span it opens keeps the full name after it: "Liberal Democrat leader Charles
//!   Kennedy");
//! - a tagger span (minus a leading "the", titles and a possessive) that is a gazetteer alias
//!   gets that entity, choosing among candidates of the tagger's type (PER -> person, ORG ->
//!   organisation or country, LOC -> place, MISC -> nationality);
//! - a tagger span with no gazetteer entry becomes an article-local entity (`person:<slug>`,
//!   `org:<slug>`, `place:<slug>`), also when it opens with a demonym ("Syrian Computer
//!   Society" is not Syria) or a unit's number ("5th Special Forces Group"); MISC spans that
//!   are no demonym are dropped; a demonym is the whole span only with a hyphenated tail
//!   ("Iranian-led"), a state organ or a title after it ("Syrian Foreign Minister ...");
//! - a "person" or "organisation" whose last word names a kind of place ("Samarra Barrage",
//!   "Kern County", "Tiyas Military Airfield") is a place;
//! - a span is split into the known names in it only if they and hyphens are all of it
//!   ("Damascus-Baghdad", not "Abu Musab al-Zarqawi");
//! - a state's name or demonym followed by one of its organs ("U.S. forces", "Iraqi Security
//!   Forces", "the Syrian government") is one mention of the state acting, an organisation;
//! - dictionary hits that a tagger span overlaps are dropped (the city "Howard" in the person
//!   "Michael Howard"); dictionary hits the tagger does not see are kept only when they cannot
//!   be an ordinary capitalised word (countries, demonyms, acronyms, names of several words).

use std::collections::{HashMap, HashSet};

use crate::article::{EntityKind, distance_km};
use crate::ner::{Label, Span};

use super::gazetteer::{CLASS_CITY, CLASS_CURATED, CLASS_TOWN, slug};
use super::matcher::{Cand, Hit, Target, case_ok, starts_word};
use super::{Enricher, Hits, people};

/// Population under which a place needs its country named, or another place there, in the
/// article to be taken for that town (see `resolve_places`).
pub(super) const SMALL_PLACE: u64 = 50_000;

/// How far from an ambiguous place another place of the article supports it.
const NEAR_KM: f64 = 300.0;

/// The country English news names in most articles, whatever they are about: naming it says
/// little about where an ambiguous place is.
const NAMED_EVERYWHERE: &str = "US";

/// Countries whose places English news names without the country.
const TOWNS_NAMED_ALONE: &[Option<&str>] = &[Some("US"), Some("GB")];

/// Countries whose first-level regions English news names without the country.
const REGIONS_NAMED_ALONE: &[Option<&str>] = &[Some("CA"), Some("AU")];

/// Words after "Washington" that make it the US government rather than the city.
const GOV_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "has",
    "have",
    "had",
    "will",
    "would",
    "is",
    "was",
    "accused",
    "accuses",
    "warned",
    "warns",
    "wants",
    "wanted",
    "announced",
    "announces",
    "believes",
    "claimed",
    "claims",
    "denied",
    "denies",
    "demanded",
    "demands",
    "imposed",
    "insists",
    "may",
    "might",
    "must",
    "could",
    "should",
    "condemned",
    "urged",
    "rejected",
    "responded",
    "threatened",
    "agreed",
    "blamed",
    "backed",
    "supports",
    "opposes",
    "sanctioned",
    "sees",
    "hopes",
    "fears",
    "can",
    "cannot",
    "did",
    "does",
];

/// Capitals that news names for their country's government ("Ankara would not allow",
/// "Moscow denied", "backed by Tehran"), with the country. Not Jerusalem, whose status is
/// disputed, nor Brussels, which stands for the European Union as often.
const CAPITAL_STATES: &[(&str, &str)] = &[
    ("Moscow", "RU"),
    ("Tehran", "IR"),
    ("Beijing", "CN"),
    ("Damascus", "SY"),
    ("Ankara", "TR"),
    ("London", "GB"),
    ("Paris", "FR"),
    ("Riyadh", "SA"),
    ("Pyongyang", "KP"),
    ("Seoul", "KR"),
    ("Tokyo", "JP"),
    ("Kiev", "UA"),
    ("Kyiv", "UA"),
    ("Berlin", "DE"),
    ("Baghdad", "IQ"),
    ("Kabul", "AF"),
    ("Islamabad", "PK"),
    ("New Delhi", "IN"),
    ("Havana", "CU"),
    ("Caracas", "VE"),
    ("Cairo", "EG"),
    ("Amman", "JO"),
    ("Doha", "QA"),
];

/// Verbs of what a government says and decides, after a capital ("Moscow denied") or after
/// an auxiliary after it ("Ankara would not allow", "Tehran has warned"); the auxiliaries
/// alone ("Damascus was shelled", "Baghdad has 7 million people") do not count.
const STANCE_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "accused",
    "accuses",
    "accuse",
    "warned",
    "warns",
    "warn",
    "denied",
    "denies",
    "deny",
    "demanded",
    "demands",
    "demand",
    "rejected",
    "rejects",
    "reject",
    "urged",
    "urges",
    "urge",
    "insisted",
    "insists",
    "insist",
    "condemned",
    "condemns",
    "condemn",
    "threatened",
    "threatens",
    "threaten",
    "responded",
    "responds",
    "respond",
    "agreed",
    "agrees",
    "agree",
    "blamed",
    "blames",
    "blame",
    "backed",
    "backs",
    "back",
    "supported",
    "supports",
    "support",
    "opposed",
    "opposes",
    "oppose",
    "allow",
    "allowed",
    "allows",
    "refused",
    "refuses",
    "refuse",
    "vowed",
    "vows",
    "vow",
    "announced",
    "announces",
    "announce",
    "claimed",
    "claims",
    "claim",
    "sanctioned",
    "recognised",
    "recognized",
    "recognises",
    "recognizes",
    "recognise",
    "recognize",
    "retaliated",
    "retaliate",
    "expelled",
    "expels",
    "expel",
    "recalled",
    "recalls",
    "recall",
    "pledged",
    "pledges",
    "pledge",
    "welcomed",
    "welcomes",
    "welcome",
    "wants",
    "wanted",
    "want",
    "hopes",
    "fears",
    "sees",
    "believes",
    "imposed",
    "imposes",
    "impose",
];

/// Auxiliaries that a government's verb may follow ("would not allow").
const AUXILIARIES: &[&str] = &[
    "has", "have", "had", "will", "would", "may", "might", "must", "could", "should", "can",
    "cannot", "did", "does", "is", "was", "also", "not", "then", "again",
];

/// Verbs whose object a capital then is as its government ("warned Damascus", "urged
/// Tehran", "called on Baghdad").
const ADDRESSED_BY: &[&str] = &[
    "accused",
    "accuses",
    "warned",
    "warns",
    "urged",
    "urges",
    "pressed",
    "presses",
    "called on",
    "calls on",
    "criticised",
    "criticized",
    "criticises",
    "criticizes",
    "condemned",
    "condemns",
    "blamed",
    "blames",
    "sanctioned",
    "sanctions",
    "pressured",
    "pressures",
    "lobbied",
];

/// Words before a capital that make it the government backing or arming someone.
const BACKED_BY: &[&str] = &[
    "backed by",
    "supported by",
    "armed by",
    "funded by",
    "sponsored by",
    "allied to",
    "allied with",
    "loyal to",
];

/// Whether the capital at `s..e` of `text` is its government: a verb of [`STANCE_VERBS`]
/// after it, maybe after auxiliaries ([`AUXILIARIES`]), or [`BACKED_BY`] or
/// [`ADDRESSED_BY`] before it.
fn capital_is_government(text: &str, s: usize, e: usize) -> bool {
    let mut words = text[e..]
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(|w| w.strip_suffix("n't").unwrap_or(w));
    // At most two auxiliaries, then the verb ("would not allow", "has also warned").
    let governs = (0..3)
        .map_while(|_| words.next())
        .scan(true, |go_on, w| {
            let before = *go_on;
            *go_on = AUXILIARIES.contains(&w);
            before.then_some(w)
        })
        .any(|w| STANCE_VERBS.contains(&w));
    // Nothing but a space between the capital and the next word: not "Ankara, the capital,
    // said" nor a dateline.
    let adjacent = text[e..].starts_with(' ');
    let before = text[..s].trim_end();
    // The capital opens its clause: not the end of a phrase whose head speaks ("an official
    // in Tokyo said", "the Mayor of London would say") nor of a longer name ("West Berlin",
    // "1930s London").
    let previous = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    let opens_clause = previous.ends_with(['.', '!', '?', ':', ';', ',', '"', '“', '-'])
        || !(PREPOSITIONS.contains(&previous.to_lowercase().as_str())
            || previous.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
    (adjacent && opens_clause && governs)
        || acting_tail_after(text, e)
        || governed_by_words_around(before, &text[e..])
}

/// Words joined to a state's or a capital's name that make it the actor ("US-led",
/// "Tehran-backed", "Iran-linked"), as against where something is ("Paris-based").
const ACTING_TAILS: &[&str] = &[
    "led",
    "backed",
    "sponsored",
    "supported",
    "funded",
    "financed",
    "armed",
    "allied",
    "aligned",
    "brokered",
    "controlled",
    "run",
    "dominated",
    "installed",
    "imposed",
    "linked",
    "affiliated",
    "trained",
    "ruled",
];

/// Whether one of [`ACTING_TAILS`] is joined to the name ending at `end` ("-led").
fn acting_tail_after(text: &str, end: usize) -> bool {
    text[end..].strip_prefix('-').is_some_and(|t| {
        let word = t
            .split(|c: char| !c.is_ascii_lowercase())
            .next()
            .unwrap_or("");
        ACTING_TAILS.contains(&word)
    })
}

/// Whether a participle is joined by a hyphen to the name ending at `end` and is all of the
/// text up to `to`: "based" of "Paris-based", "born", "wide" of "UK-wide", or one of
/// [`ACTING_TAILS`]. Not another word ("Iran-contra", "Bush-baiting", "Borg-warner",
/// "Bunya-ananta", a Thai surname).
fn participle_after(text: &str, end: usize, to: usize) -> bool {
    const OTHER_TAILS: &[&str] = &[
        "born", "bred", "made", "built", "run", "held", "wide", "bound",
    ];
    text[end..to].strip_prefix('-').is_some_and(|tail| {
        tail.bytes().all(|b| b.is_ascii_lowercase())
            && ((tail.len() >= 3 && tail.ends_with("ed"))
                || OTHER_TAILS.contains(&tail)
                || ACTING_TAILS.contains(&tail))
    })
}

/// Whether the words around a capital make it the government: `before` (the text before it,
/// trimmed) ends with a whole phrase of [`BACKED_BY`] ("backed by Tehran"), or of
/// [`ADDRESSED_BY`] ("warned Damascus") when `after` (the text after it) does not go on with
/// a noun the capital qualifies ("urged London mayor Ken Livingstone").
fn governed_by_words_around(before: &str, after: &str) -> bool {
    let next = after
        .trim_start_matches(' ')
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let qualifies = next.starts_with(char::is_lowercase) && !LINKING_WORDS.contains(&next);
    let ends_with = |phrases: &[&str]| {
        phrases.iter().any(|v| {
            before
                .strip_suffix(v)
                .is_some_and(|b| b.is_empty() || b.ends_with(' '))
        })
    };
    ends_with(BACKED_BY) || (!qualifies && ends_with(ADDRESSED_BY))
}

/// Lowercase words after an addressed government that leave it a name ("urged Tokyo to
/// stimulate", "accused Washington of spying").
const LINKING_WORDS: &[&str] = &[
    "to", "of", "for", "against", "on", "over", "into", "not", "and", "or", "in", "with", "about",
    "after", "before", "as", "at", "by", "from", "that", "which", "who",
];

/// Prepositions that make a capital the end of a phrase rather than a clause's subject.
const PREPOSITIONS: &[&str] = &[
    "in",
    "from",
    "at",
    "of",
    "near",
    "to",
    "into",
    "outside",
    "inside",
    "via",
    "across",
    "around",
    "through",
    "by",
    "for",
    "on",
    "with",
    "over",
    "under",
    "between",
    "toward",
    "towards",
    "within",
    "throughout",
    "beyond",
    "about",
];

/// Capitals that name a government when paired with another ("Washington and Moscow").
const CAPITALS: &[&str] = &[
    "Moscow",
    "Tehran",
    "Beijing",
    "Damascus",
    "Ankara",
    "London",
    "Paris",
    "Riyadh",
    "Pyongyang",
    "Seoul",
    "Tokyo",
    "Kiev",
    "Kyiv",
    "Berlin",
    "Jerusalem",
    "Baghdad",
    "Kabul",
    "Islamabad",
    "New Delhi",
    "Havana",
    "Caracas",
    "Brussels",
];

impl Enricher {
    /// Whether the candidate fits the tagger's type.
    fn fits(&self, c_entity: u32, demonym: bool, label: Label) -> bool {
        let e = &self.gazetteer.entities[c_entity as usize];
        match label {
            Label::Per => !demonym && e.kind == EntityKind::Person,
            Label::Org => {
                !demonym
                    && (e.kind == EntityKind::Organization
                        || (e.kind == EntityKind::Place && e.id.starts_with("country:")))
            }
            Label::Loc => !demonym && e.kind == EntityKind::Place,
            Label::Misc => demonym,
        }
    }

    /// The best gazetteer entity named `name` that fits `label`.
    pub(super) fn resolve(&self, name: &str, label: Label) -> Option<Target> {
        self.resolve_alias(name, name, label).or_else(|| {
            // "Apple Inc." is listed as "Apple Inc".
            let bare = name.strip_suffix('.')?;
            ends_in_legal_form(bare)
                .then(|| self.resolve_alias(bare, bare, label))
                .flatten()
        })
    }

    /// The best gazetteer entity with the alias `alias` that fits `label`, the text having
    /// `written` there (for the case rules).
    fn resolve_alias(&self, alias: &str, written: &str, label: Label) -> Option<Target> {
        let fitting =
            |c: &&Cand| case_ok(written, c.exact) && self.fits(c.entity, c.demonym, label);
        let m = self.matcher();
        m.lookup(alias)
            .iter()
            .find(fitting)
            .or_else(|| {
                // A place's name that is a common word or a first name is no alias, but a
                // name the tagger found as a place ("died in Bath", "in Florence") may be
                // it; not in capitals: a headline's "SALE" or "MARCH" is a word.
                (label == Label::Loc && written.chars().any(char::is_lowercase))
                    .then(|| m.lookup_name_only(alias).iter().find(fitting))
                    .flatten()
            })
            .map(|c| {
                let e = &self.gazetteer.entities[c.entity as usize];
                if label == Label::Org && e.id.starts_with("country:") {
                    Target::Acting(c.entity)
                } else {
                    Target::Entity {
                        idx: c.entity,
                        demonym: c.demonym,
                    }
                }
            })
    }

    /// The dictionary's entity of this id and kind (a curated entity may have the id a name
    /// the tagger found would get: "Labour" is `org:labour`), else the article's own entity
    /// of that id, named `name` if it is new.
    pub(super) fn entity_with_id(
        &self,
        h: &mut Hits,
        id: String,
        name: &str,
        kind: EntityKind,
    ) -> Target {
        match self.gazetteer.index_of(&id) {
            Some(idx) if self.gazetteer.entities[idx].kind == kind => Target::Entity {
                idx: idx as u32,
                demonym: false,
            },
            _ => h.local(id, name, kind),
        }
    }

    pub(super) fn is_curated(&self, t: Target) -> bool {
        matches!(t, Target::Entity { idx, .. } if self.gazetteer.entities[idx as usize].class <= CLASS_CURATED)
    }

    /// Whether a target is a country (named, or the state acting).
    pub(super) fn is_country(&self, t: Target) -> bool {
        matches!(t, Target::Entity { idx, .. } | Target::Acting(idx) if self.gazetteer.entities[idx as usize].id.starts_with("country:"))
    }

    /// The country entity of a gazetteer person who has a country (whose "regime" is the
    /// state's).
    fn ruled_state(&self, idx: u32) -> Option<u32> {
        let e = &self.gazetteer.entities[idx as usize];
        if e.kind != EntityKind::Person {
            return None;
        }
        let code = e.country.as_deref()?;
        self.gazetteer.country_index(code).map(|i| i as u32)
    }

    /// Merges the tagger's spans and the dictionary hits into `h.hits` (byte offsets). Both
    /// come in text order, the hits without overlaps, as the tagger and the matcher give them.
    pub(super) fn fuse(&self, text: &str, dict: &[Hit], spans: &[Span], h: &mut Hits) {
        debug_assert!(dict.windows(2).all(|w| w[0].end <= w[1].start));
        debug_assert!(spans.windows(2).all(|w| w[0].start <= w[1].start));
        let known_place = |start: usize, end: usize| {
            dict.iter().any(|d| {
                (d.start, d.end) == (start, end)
                    && matches!(d.target, Target::Entity { idx, demonym: false }
                        if self.gazetteer.entities[idx as usize].kind == EntityKind::Place)
            })
        };
        let split = split_at_locatives(text, spans, known_place);
        let spans = split.as_deref().unwrap_or(spans);
        let joined = join_legal_tails(text, spans);
        let spans = joined.as_deref().unwrap_or(spans);
        let joined = join_of_tails(text, spans);
        let spans = joined.as_deref().unwrap_or(spans);
        let joined = join_nicknames(text, spans);
        let spans = joined.as_deref().unwrap_or(spans);
        let stretched = stretch_place_of_tails(text, spans);
        let spans = stretched.as_deref().unwrap_or(spans);
        let numbered = number_units(text, spans);
        let spans = numbered.as_deref().unwrap_or(spans);
        let stations = number_stations(text, spans);
        let spans = stations.as_deref().unwrap_or(spans);
        let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
        // Curated and user entities win every overlap; so does a known name of several words
        // that the tagger split into pieces ("Osama" + "Laden"), or cut at a joining word
        // and kept one side of ("Bank" of "Bank of America", "Trinidad" of "Trinidad and
        // Tobago"); not a person, whose listed aliases may hold a title ("Secretary of State
        // Condoleezza Rice": the name alone is the mention).
        let fragmented = |d: &Hit| {
            let person = matches!(d.target, Target::Entity { idx, .. }
                if self.gazetteer.entities[idx as usize].kind == EntityKind::Person);
            let mut inside = 0;
            let mut cut = false;
            for sp in spans
                .iter()
                .filter(|sp| overlaps((d.start, d.end), (sp.start, sp.end)))
            {
                if sp.start < d.start || sp.end > d.end {
                    return false;
                }
                inside += 1;
                cut |= !person && cut_at_joiner(text, (d.start, d.end), (sp.start, sp.end));
            }
            inside >= 2 || (inside == 1 && cut)
        };
        // But a curated person inside a longer name the tagger found for a person is part of
        // another person's name ("Assad" in "Hafez al-Assad" or "Assad Omar"), one opening a
        // longer organisation's name or inside a company's part of it ("Trump Hotel",
        // "William Blair and Co"), a curated place inside
        // an organisation's or a person's name part of that name ("Asia" in "Asia Pacific
        // Economic Cooperation"), and a curated company ending a person's name is the
        // person's surname ("Michael Dell") or inside a company's is part of it.
        let in_longer_name = |d: &Hit| {
            let Target::Entity { idx, .. } = d.target else {
                return false;
            };
            // Where a person's span ends, with the possessive after it.
            let reach = |sp: &Span| {
                let after = &text[sp.end..];
                let possessive = ["'s", "’s"].iter().find(|p| after.starts_with(**p));
                let whole = |p: &str| {
                    !after[p.len()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
                };
                sp.end + possessive.filter(|p| whole(p)).map_or(0, |p| p.len())
            };
            // Another curated name in the span, next to this one in a list.
            let listed = |sp: &Span| {
                dict.iter().any(|o| {
                    self.is_curated(o.target)
                        && o.start >= sp.start
                        && o.end <= sp.end
                        && (o.start, o.end) != (d.start, d.end)
                        && [text.get(d.end..o.start), text.get(o.end..d.start)]
                            .iter()
                            .any(|between| matches!(between, Some(" and " | " & " | ", ")))
                })
            };
            let kind = self.gazetteer.entities[idx as usize].kind;
            // (A person before a ruler's organ is not inside another name: "the Trump
            // administration" is the state, see `state_organs`; so is "the Reagan
            // Administration" that the tagger took whole.)
            let organ_after = |sp: &Span| {
                self.ruled_state(idx).is_some()
                    && text
                        .get(d.end..sp.end)
                        .and_then(|after| after.strip_prefix(' '))
                        .is_some_and(|rest| {
                            RULERS_ORGANS.iter().any(|o| o.eq_ignore_ascii_case(rest))
                        })
            };
            let holds = |sp: &Span| match kind {
                EntityKind::Person => {
                    (sp.label == Label::Per && !organ_after(sp))
                        || (sp.label == Label::Org
                            && d.start == sp.start
                            && organ_len(text, d.end) != Some(sp.end - d.end))
                        // A company named after someone ("William Blair and Co").
                        || (sp.label == Label::Org
                            && ends_in_legal_form(&text[sp.start..sp.end]))
                }
                EntityKind::Place => matches!(sp.label, Label::Per | Label::Org),
                // A company named after its founder, whose name ends the person's ("Michael
                // Dell", "Walt Disney", also with a possessive: "Lewis Moody's injury" is no
                // rating agency's), or inside the name of a company with its legal form,
                // often its unit ("Citicorp Investment Bank Ltd", "General Motors of Canada
                // Ltd"; "Apple Computer Inc" still resolves to Apple by its name), unless
                // that name is a list of curated ones ("Moody's and Standard and Poor's
                // Corp").
                EntityKind::Organization => {
                    (sp.label == Label::Per && d.end == reach(sp))
                        || (sp.label == Label::Org
                            && ends_in_legal_form(&text[sp.start..sp.end])
                            && !listed(sp))
                        // A national branch or adjective the tagger read with it as one
                        // name ("Scottish Labour Party", "British Labour Party").
                        || (sp.label == Label::Org
                            && sp.end == d.end
                            && text[sp.start..d.start].strip_suffix(' ').is_some_and(|w| {
                                w.starts_with(char::is_uppercase)
                                    && w.chars().all(char::is_alphabetic)
                                    && !NOT_BRANCHES.iter().any(|n| w.eq_ignore_ascii_case(n))
                            }))
                }
                _ => false,
            };
            // (The span's extent first: `holds` may look through the dictionary hits.)
            spans.iter().any(|sp| {
                sp.start <= d.start
                    && reach(sp) >= d.end
                    && (sp.start, sp.end) != (d.start, d.end)
                    && holds(sp)
                    && {
                        let (s, e) = trim_span(text, sp.start, sp.end, sp.label == Label::Per);
                        s < d.start || e > d.end
                    }
            })
        };
        let curated: Vec<Hit> = dict
            .iter()
            .filter(|d| (self.is_curated(d.target) && !in_longer_name(d)) || fragmented(d))
            .copied()
            .collect();
        // The last dictionary name taken for a shorter tagger span inside it (see `longer`).
        let mut taken: Option<(usize, usize)> = None;
        let spans = after_curated_openers(text, &curated, spans);
        for sp in &spans {
            // (Spans and hits come in text order and hits do not overlap: only the last name
            // taken, and the last curated hit that starts before the span ends, can reach it.)
            let before_end = curated.partition_point(|d| d.start < sp.end);
            if before_end
                .checked_sub(1)
                .map(|i| (curated[i].start, curated[i].end))
                .into_iter()
                .chain(taken)
                .any(|d| overlaps(d, (sp.start, sp.end)))
            {
                continue;
            }
            let (s, mut e) = trim_span(text, sp.start, sp.end, sp.label == Label::Per);
            let mut relabel = None;
            // A title after an organisation's or a place's name is its member's ("Labour MP
            // John Smith", "Treasury Secretary James Baker"), unless a demonym ends the rest
            // (the nationality rule below reads "British Foreign Secretary", "West German
            // Chancellor").
            // So is a one-word "person" before a title written in lowercase or as an acronym
            // ("Ryanair CEO, Michael O'Leary", "Labour MP", typed a person whole): the word
            // names an organisation. (Not before "King", "Major" or "Sergeant", surnames too.)
            let title = people::title_suffix_len(&text[s..e]);
            let lowercase_or_acronym = |t: &str| {
                t.starts_with(char::is_lowercase)
                    || t.chars().all(|c| c.is_ascii_uppercase() || c == ' ')
            };
            let title = if sp.label != Label::Per {
                title
            } else if title > 0
                && !text[s..e - title].contains(' ')
                && lowercase_or_acronym(&text[e + 1 - title..e])
            {
                relabel = Some(Label::Org);
                title
            } else {
                0
            };
            if title > 0
                && !dict.iter().any(|d| {
                    d.start >= s
                        && d.end == e - title
                        && matches!(d.target, Target::Entity { demonym: true, .. })
                })
            {
                e = trim_span(text, s, e - title, false).1;
            }
            if s >= e {
                continue;
            }
            // A name the tagger ran on into lowercase words ("Microsoft makes anti-piracy
            // move", "Labour party", "EC consumption"): the name before them, when that is a
            // dictionary name of the span's type. Not a state and its organ ("U.S.
            // officials", see `state_organs`).
            if let Some(cut) = before_lowercase_tail(&text[s..e])
                && !starts_with_organ(text[s + cut..e].trim_start())
                && self.resolve(&text[s..s + cut], sp.label).is_some()
            {
                e = s + cut;
            }
            // A name the tagger cut short inside a longer dictionary name of its kind ("St."
            // of "the Atlanta and St. Louis plants" typed a place alone, "Clare" of "Clare
            // Short"): the longer name. Not one that may itself be part of a longer name, in
            // a run of capitalised words outside a headline, when the short name names another
            // entity ("China" in "Peoples Republic of China" is no Taiwan, nor "UN" in "UN
            // Secretary General Kofi Annan" a derived list's "UN Secretary General"), nor one
            // with "the", brackets or a lowercase word at its end ("The EU", "World Bank
            // president").
            let longer = |d: &Hit| {
                let Target::Entity { idx, demonym } = d.target else {
                    return false;
                };
                let written = &text[d.start..d.end];
                d.start <= s
                    && d.end >= e
                    && d.end - d.start > e - s
                    && !demonym
                    && label_kind(sp.label) == Some(self.gazetteer.entities[idx as usize].kind)
                    && !written
                        .get(..4)
                        .is_some_and(|w| w.eq_ignore_ascii_case("the "))
                    && !written.contains(['(', ')'])
                    && !written
                        .rsplit(' ')
                        .next()
                        .is_some_and(|w| w.starts_with(char::is_lowercase))
            };
            // (Dictionary hits do not overlap and come in text order: only the last one
            // starting at or before the span can hold it.)
            let at = dict.partition_point(|d| d.start <= s);
            if let Some(d) = at.checked_sub(1).map(|i| &dict[i]).filter(|d| longer(d))
                && (all_caps_line(text, d.start)
                    || !in_capitalised_run(text, d.start, d.end)
                    || self
                        .resolve(&text[s..e], sp.label)
                        .is_none_or(|t| t == d.target))
            {
                h.hits.push(*d);
                taken = Some((d.start, d.end));
                continue;
            }
            // A "person" that opens an office's name the tagger cut ("Foreign" of "Foreign
            // Secretary Jack Straw") is the office's, not someone's: the titled name is found
            // after it.
            if sp.label == Label::Per && people::title_len(&text[s..]) > e - s + 1 {
                continue;
            }
            // A description before an organisation's name is not part of it ("Aircraft
            // manufacturer Boeing", "Irish national airline Aer Lingus"), nor before a
            // place's ("Iraqi city of Mosul").
            let (s, described) = match sp.label {
                Label::Org => match after_description(&text[s..e]) {
                    Some((at, place)) => (s + at, place.then_some(Label::Loc)),
                    None => (s, None),
                },
                _ => (s, None),
            };
            let name = &text[s..e];
            // A legal form alone ("Ltd") names nothing; a "person" or "place" whose name ends
            // in one ("Berry Petroleum Co", "Mazda Motor Corp", "Gamble Co") is a company.
            if COMPANY_SUFFIXES.contains(&name.trim_end_matches('.')) {
                continue;
            }
            let label = if let Some(label) = described.or(relabel) {
                label
            } else if matches!(sp.label, Label::Per | Label::Loc)
                && company_core(name).len() < name.len()
            {
                Label::Org
            } else if is_named_feature(name, sp.label) {
                Label::Loc
            } else if sp.label == Label::Per
                && let Some(kind) = people::arabic_name_head(name)
            {
                // "Jaish al-Izza", "Jurf al-Sakhar": a group's or a place's Arabic name.
                if kind == EntityKind::Place {
                    Label::Loc
                } else {
                    Label::Org
                }
            } else if (sp.label == Label::Per
                || sp.label == Label::Loc && !name.ends_with(" Federation"))
                && is_named_organisation(name)
            {
                // "Paris Club", "Wall Street Journal", "Tokyo University" typed places too;
                // not "Russian Federation".
                Label::Org
            } else if sp.label != Label::Per
                && people::honoured(name)
                && !is_named_organisation(name)
            {
                // "Dame Kelly Holmes", "Baroness Scotland" typed an organisation.
                Label::Per
            } else {
                sp.label
            };
            // "5th Special Forces Group", "507th Air Refueling Wing": a unit's number opens it.
            let numbered = || {
                name.starts_with(|c: char| c.is_ascii_digit())
                    && name
                        .split_whitespace()
                        .skip(1)
                        .any(|w| w.starts_with(|c: char| c.is_uppercase()))
            };
            if !case_ok(name, false) && !numbered() {
                continue;
            }
            // A name after "the" is looked up with it first: "the Gulf" is the Persian Gulf,
            // not the Gulf Province of Papua New Guinea that "Gulf" alone names.
            let with_the = || {
                let before = text[..s].trim_end_matches(' ');
                let at = before.len().saturating_sub(3);
                let the = before.len() + 1 == s
                    && before
                        .get(at..)
                        .is_some_and(|w| w.eq_ignore_ascii_case("the"))
                    && starts_word(before, at);
                // Not the start of a longer name the tagger cut ("the Gulf of Mexico").
                let of_more = text[e..]
                    .strip_prefix(" of ")
                    .is_some_and(|r| r.starts_with(char::is_uppercase));
                // Only names listed with "the" by hand (curated, the user's) or places ("the
                // Hague"): the derived lists of organisations hold stray ones ("The
                // Foundation", "The European Union" beside the curated EU).
                let listed = |t: &Target| match *t {
                    Target::Entity { idx, .. } | Target::Acting(idx) => {
                        let e = &self.gazetteer.entities[idx as usize];
                        e.class <= CLASS_CURATED || e.kind == EntityKind::Place
                    }
                    Target::Local(_) => false,
                };
                (the && !of_more)
                    .then(|| self.resolve_alias(&format!("the {name}"), name, label))
                    .flatten()
                    .filter(listed)
            };
            // An organisation's acronym the tagger typed as a place or a person ("UN envoy
            // Geir Pedersen briefed ..." read "UN" as a place): capitals match exactly, so
            // the dictionary's organisation is meant.
            let acronym = || {
                (label != Label::Org
                    && name.len() >= 2
                    && name.bytes().all(|b| b.is_ascii_uppercase()))
                .then(|| self.resolve(name, Label::Org))
                .flatten()
                .filter(|t| matches!(t, Target::Entity { .. }))
            };
            if let Some(target) = with_the()
                .or_else(|| self.resolve(name, label))
                .or_else(acronym)
            {
                h.hits.push(Hit {
                    start: s,
                    end: e,
                    target,
                });
                continue;
            }
            // Dictionary hits inside the span: a demonym the tagger typed otherwise, or the
            // "Iranian" of "Iranian-led".
            let inner: Vec<&Hit> = dict.iter().filter(|d| d.start >= s && d.end <= e).collect();
            let demonym = |d: &Hit| matches!(d.target, Target::Entity { demonym: true, .. });
            // In an organisation or place, the demonym must be all of the span but a hyphenated
            // tail ("Iranian-led") or a state organ ("Iraqi Security Forces"): "Syrian Computer
            // Society" is an organisation of its own, not the state of Syria. In a person span,
            // or before a title, it is a person's nationality ("Syrian Foreign Minister Walid
            // Muallem"; the title rule then finds the person).
            // A title with its name after it, or the title alone ("Syrian President", typed ORG).
            let titled = |d: &Hit| {
                let rest = text[d.end..e].trim_start();
                people::title_len(rest) > 0 || people::is_title(rest)
            };
            let rest_ok = |d: &Hit| {
                label == Label::Per
                    || titled(d)
                    || text[d.end..e].is_empty()
                    || text[d.end..e].starts_with('-')
                    || organ_len(text, d.end) == Some(e - d.end)
            };
            // A state and one of its organs, whatever type the tagger gave it ("United States
            // Air Force" typed LOC): the state acting (see [`Enricher::state_organs`]).
            let state_organ =
                |d: &Hit| self.is_country(d.target) && organ_len(text, d.end) == Some(e - d.end);
            if let [d] = inner[..]
                && ((demonym(d) && rest_ok(d))
                    || (d.start == s && state_organ(d))
                    || matches!(d.target, Target::Entity { idx, demonym }
                        if self.fits(idx, demonym, label) && text[d.end..e].starts_with('-')))
            {
                let titled = titled(d);
                let mut d = *d;
                // A demonym typed ORG is the state acting ("Iraqi forces" in re3d's scheme).
                if let (Label::Org, Target::Entity { idx, demonym: true }) = (label, d.target)
                    && !titled
                {
                    d.target = Target::Acting(idx);
                }
                // So is a state in a compound typed ORG ("the US-led coalition").
                if let (
                    Label::Org,
                    Target::Entity {
                        idx,
                        demonym: false,
                    },
                ) = (label, d.target)
                    && self.is_country(d.target)
                {
                    d.target = Target::Acting(idx);
                }
                h.hits.push(d);
                continue;
            }
            // A name with a participle joined to it, which the tagger read as one word of no
            // kind ("Paris-based", "Tehran-backed", "New York-based": CoNLL types such words
            // MISC): the name. (A state or capital before a word of who leads or backs,
            // "US-led", is the state acting: `resolve_places` sees to that for every hit.)
            if let [d] = inner[..]
                && d.start == s
                && participle_after(text, d.end, e)
            {
                h.hits.push(*d);
                continue;
            }
            // A hyphenated compound of known names ("Damascus-Baghdad", "Syrian-Iraq"): the
            // names, not a new place. So is a US legislator's party and state ("Sen. Jesse
            // Helms (R-N.C.)", "D-R.I."): the state.
            let party = ["D-", "R-", "I-"].iter().any(|p| name.starts_with(p));
            let joined = || {
                // Only the names and the hyphens between them.
                let mut at = if party { s + 2 } else { s };
                for d in &inner {
                    if !text[at..d.start].chars().all(|c| c == '-') {
                        return false;
                    }
                    at = d.end;
                }
                text[at..e].is_empty()
            };
            if name.contains('-') && !inner.is_empty() && joined() {
                h.hits.extend(inner.iter().map(|d| **d));
                continue;
            }
            let (prefix, kind) = match label {
                Label::Per => ("person", EntityKind::Person),
                Label::Org => ("org", EntityKind::Organization),
                Label::Loc => ("place", EntityKind::Place),
                Label::Misc => continue,
            };
            // "Boeing Co", "Texaco Inc." and "Volkswagen AG" are the companies "Boeing",
            // "Texaco" and "Volkswagen": one id whichever way an article writes them.
            let core = match kind {
                EntityKind::Organization => company_core(name).into(),
                EntityKind::Person => people::without_initials(name),
                _ => name.into(),
            };
            let core = core.as_ref();
            // Not a state, though: "Canada Ltd" and "America Inc" are companies' tails.
            if core.len() < name.len()
                && let Some(target) = self
                    .resolve(core, label)
                    .filter(|t| !matches!(t, Target::Acting(_)))
            {
                h.hits.push(Hit {
                    start: s,
                    end: e,
                    target,
                });
                continue;
            }
            // A roman numeral alone names nothing of its own ("the Mac II", "Rocky IV"); a
            // ticker that is one ("<X>", "<I>") was resolved above.
            if ROMAN_NUMERALS.contains(&name) {
                continue;
            }
            let target = self.entity_with_id(h, format!("{prefix}:{}", slug(core)), name, kind);
            h.add_term(target, name);
            h.hits.push(Hit {
                start: s,
                end: e,
                target,
            });
        }
        for d in dict {
            let keep = curated.contains(d)
                || (!spans
                    .iter()
                    .any(|sp| overlaps((d.start, d.end), (sp.start, sp.end)))
                    && self.safe_alone(text, d));
            if keep {
                h.hits.push(*d);
            }
        }
        h.hits.sort_by_key(|x| (x.start, x.end));
        self.state_organs(text, &mut h.hits);
    }

    /// A state's name or demonym followed by one of its organs ("U.S. forces", "the Iraqi
    /// Security Forces", "Syrian state media") is one mention of the state acting, typed as
    /// an organisation: re3d's convention, and what an analyst filtering on actors wants.
    /// So is a state's possessive before an organ ("Iran's Foreign Ministry", "Turkey's
    /// military"), or a capital's ("Tehran's government"); a name of the article's own over
    /// the organ's words ("Defence Ministry") goes with them. So is a ruler's name right
    /// before "regime", "government" or "administration" ("the Assad regime", "the Trump
    /// administration"): a gazetteer person with a country, as the curated list gives.
    fn state_organs(&self, text: &str, hits: &mut Vec<Hit>) {
        // (Not a `for` over the indexes: a rule that takes in a name shortens `hits`.)
        let mut next = 0;
        while next < hits.len() {
            let i = next;
            next += 1;
            let x = hits[i];
            let (Target::Entity { idx, .. } | Target::Acting(idx)) = x.target else {
                continue;
            };
            // A state's (or its capital's) possessive: "Russia's Defence Ministry",
            // "Damascus's forces".
            let possessive = ["'s", "’s"]
                .iter()
                .find(|p| text[x.end..].starts_with(**p))
                .map_or(0, |p| p.len());
            let capital_state = || self.capital_state(idx, &text[x.start..x.end]);
            let (idx, at) = if self.is_country(x.target) {
                (idx, x.end + possessive)
            } else if let Some(state) = capital_state().filter(|_| possessive > 0) {
                (state, x.end + possessive)
            } else {
                let Some(state) = self.ruled_state(idx) else {
                    continue;
                };
                // Not "Assad's regime": that names the man as well, who stays.
                let at = x.end;
                let ruled = |o: &str| {
                    text[at..].strip_prefix(' ').is_some_and(|r| {
                        r.get(..o.len()).is_some_and(|w| w.eq_ignore_ascii_case(o))
                            && !r[o.len()..].starts_with(char::is_alphanumeric)
                    })
                };
                if !RULERS_ORGANS.iter().any(|o| ruled(o)) {
                    continue;
                }
                (state, at)
            };
            let Some(n) = organ_len(text, at) else {
                continue;
            };
            let end = at + n;
            // The organ may be a name of the article's own the tagger found ("Defence
            // Ministry", which would be one organisation for every state's): it goes. Any
            // other name there stops the rule.
            let inside = hits[i + 1..].iter().take_while(|y| y.start < end);
            if inside
                .clone()
                .any(|y| y.end > end || !matches!(y.target, Target::Local(_)))
            {
                continue;
            }
            let n_inside = inside.count();
            hits[i] = Hit {
                start: x.start,
                end,
                target: Target::Acting(idx),
            };
            hits.drain(i + 1..i + 1 + n_inside);
        }
    }

    /// Whether a dictionary hit the tagger did not see is kept: countries and demonyms,
    /// acronyms, names of several words, and single words capitalised mid-sentence that do
    /// not also occur in lowercase in the text and, for a place, do not stand in a run of
    /// capitalised words (a longer name the tagger missed: "Federal" in "The Federal Reserve
    /// is" is not Federal, Argentina, nor "Hang" in "the Hang Seng index" a town).
    fn safe_alone(&self, text: &str, d: &Hit) -> bool {
        if self.is_country(d.target) {
            return true;
        }
        let written = &text[d.start..d.end];
        if written.contains([' ', '-']) {
            return true;
        }
        let upper = written.chars().filter(|c| c.is_uppercase()).count();
        if upper == written.chars().filter(|c| c.is_alphabetic()).count() {
            // All caps: an acronym, or a word in a headline. Only an entity's own acronym
            // counts: "DAX" (the index) is not the town of Dax.
            let Target::Entity { idx, .. } = d.target else {
                return false;
            };
            return written.len() <= 4
                && !all_caps_line(text, d.start)
                && self
                    .matcher()
                    .lookup(written)
                    .iter()
                    .any(|c| c.entity == idx && c.exact);
        }
        let before = text[..d.start].trim_end_matches([' ', '"', '“', '(']);
        let mid_sentence = before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == ',');
        let place = matches!(d.target, Target::Entity { idx, demonym: false }
            if self.gazetteer.entities[idx as usize].kind == EntityKind::Place);
        mid_sentence
            && !occurs_lowercase(text, written)
            && !(place && in_capitalised_run(text, d.start, d.end))
    }

    /// "Washington said" is the US government; a place written with its state or country
    /// after a comma is the one there; another ambiguous place name goes to the candidate
    /// best supported by the article's other places and countries, weighed with population.
    pub(super) fn resolve_places(&self, text: &str, h: &mut Hits) {
        let us = self.gazetteer.index_of("country:US");
        for x in &mut h.hits {
            if &text[x.start..x.end] == "Washington"
                && self.kind_of(x.target, &h.locals) != EntityKind::Person
                && let Some(us) = us
                && washington_is_government(text, x.start, x.end)
            {
                x.target = Target::Acting(us as u32);
            }
        }
        // "Ankara would not allow", "Moscow denied", "backed by Tehran", "Tehran-backed": the
        // state acting; so is a state in "U.S.-led".
        // (Every hit of every article passes here: the cheap tests on the target first, the
        // capital's name last.)
        for x in &mut h.hits {
            let Some((idx, e)) = self.named_entity(x) else {
                continue;
            };
            if e.kind != EntityKind::Place || e.country.is_none() {
                continue;
            }
            // A state joined to a word of who leads or backs ("U.S.-led", "Iran-backed").
            if e.id.starts_with("country:") {
                if acting_tail_after(text, x.end) {
                    x.target = Target::Acting(idx);
                }
                continue;
            }
            if let Some(state) = self.capital_state(idx, &text[x.start..x.end])
                && capital_is_government(text, x.start, x.end)
            {
                x.target = Target::Acting(state);
            }
        }
        let qualified = self.apply_qualifiers(text, h);
        // The article's countries: named (countries, demonyms) and placed (unambiguous places,
        // with the names that place them).
        let mut named: HashSet<&str> = HashSet::new();
        // (country, name as written, entity)
        let mut placed_by: Vec<(&str, &str, u32)> = Vec::new();
        let mut ambiguous: Vec<usize> = Vec::new();
        for (i, x) in h.hits.iter().enumerate() {
            let (Target::Entity { idx, .. } | Target::Acting(idx)) = x.target else {
                continue;
            };
            let e = &self.gazetteer.entities[idx as usize];
            let Some(cc) = e.country.as_deref() else {
                continue;
            };
            if e.id.starts_with("country:") {
                named.insert(cc);
            } else if e.kind == EntityKind::Place && e.class != CLASS_TOWN {
                // (A town places nothing: it needs placing itself, see `town_placed`.)
                let cands = self.place_candidates(&text[x.start..x.end], e.rank());
                if qualified.contains(&i)
                    || cands.iter().all(|&c| {
                        self.gazetteer.entities[c as usize].country.as_deref() == Some(cc)
                    })
                {
                    placed_by.push((cc, &text[x.start..x.end], idx));
                } else {
                    ambiguous.push(i);
                }
            }
        }
        for i in ambiguous {
            let x = &mut h.hits[i];
            let cands = {
                let Target::Entity { idx, .. } = x.target else {
                    continue;
                };
                self.place_candidates(
                    &text[x.start..x.end],
                    self.gazetteer.entities[idx as usize].rank(),
                )
            };
            // Population (log10) plus one and a half when the article names a place near the
            // candidate (in its country within `NEAR_KM`, or its region): "Tripoli" next to
            // "Beirut" is in Lebanon; plus one when it names the candidate's country or
            // another place there ("Lebanon's army"), but only a half for the country English
            // news names all the time: "Athens" in a sports report that names New York or an
            // American is still the Greek capital, and a Damascus in Maryland needs more.
            let score = |c: u32| {
                let e = &self.gazetteer.entities[c as usize];
                let cc = e.country.as_deref().unwrap_or("");
                let near = placed_by.iter().any(|&(pc, _, p)| {
                    let by = &self.gazetteer.entities[p as usize];
                    e.region == Some(p)
                        || pc == cc
                            && matches!(
                                (by.lat, by.lon, e.lat, e.lon),
                                (Some(a), Some(b), Some(x), Some(y))
                                    if distance_km((a, b), (x, y)) <= NEAR_KM
                            )
                });
                let in_country = named.contains(cc) || placed_by.iter().any(|&(c, ..)| c == cc);
                let boost = if near {
                    1.5
                } else if in_country && cc == NAMED_EVERYWHERE {
                    0.5
                } else if in_country {
                    1.0
                } else {
                    0.0
                };
                ((e.population.max(1)) as f64).log10() + boost
            };
            let mut best = cands[0];
            let mut best_score = score(best);
            for &c in &cands[1..] {
                let sc = score(c);
                if sc > best_score {
                    (best, best_score) = (c, sc);
                }
            }
            x.target = Target::Entity {
                idx: best,
                demonym: false,
            };
        }
        // A small place in a country the article neither names nor places anything else in is
        // more likely a word or a name that a town abroad shares ("Dome", Ghana, for the
        // Millennium Dome; "Borg", France; "Harper", Liberia): it stays a place, but one of the
        // article's own, with no country or point. Not the towns of the countries English
        // news most often names without naming the country (the US and the UK: "Elkhart",
        // "Runcorn"), nor the states and provinces it names alone ("Vermont", "Tasmania").
        // The places the article names below a country, as resolved: (name as written,
        // entity). (A country's point is its middle: "US" is no place near Liberty, Missouri.)
        let places: Vec<(&str, u32)> = h
            .hits
            .iter()
            .filter_map(|x| {
                let (idx, e) = self.named_entity(x)?;
                (e.kind == EntityKind::Place && !e.id.starts_with("country:"))
                    .then(|| (&text[x.start..x.end], idx))
            })
            .collect();
        let unsupported: Vec<usize> = (0..h.hits.len())
            .filter(|&i| {
                let x = &h.hits[i];
                let Some((idx, e)) = self.named_entity(x) else {
                    return false;
                };
                let name = &text[x.start..x.end];
                if e.class == CLASS_TOWN {
                    return !self.town_placed(text, e, i, &h.hits);
                }
                if by_name_only(e, name) {
                    return !self.near_named_place(e, idx, name, &named, &places);
                }
                e.kind == EntityKind::Place
                    && e.class > CLASS_CURATED
                    && !e.id.starts_with("country:")
                    && e.population < SMALL_PLACE
                    && !TOWNS_NAMED_ALONE.contains(&e.country.as_deref())
                    && !(e.is_region() && REGIONS_NAMED_ALONE.contains(&e.country.as_deref()))
                    && e.country.as_deref().is_some_and(|cc| {
                        !named.contains(cc)
                            && !placed_by
                                .iter()
                                .any(|&(c, by, _)| c == cc && !by.eq_ignore_ascii_case(name))
                    })
            })
            .collect();
        for i in unsupported {
            let (s, e) = (h.hits[i].start, h.hits[i].end);
            let name = &text[s..e];
            h.hits[i].target = h.local(format!("place:{}", slug(name)), name, EntityKind::Place);
        }
        self.choose_organs_by_country(text, h);
    }

    /// Whether the article places the town that hit `i` names ([`CLASS_TOWN`]): its region or
    /// country follows it after a comma ("Lawrenceburg, Tenn.", "Tal Afar, Iraq"), or the
    /// article names a city of its country within [`NEAR_KM`] ("Twickenham" with London,
    /// "Tal Afar" with Mosul). Naming its country or region alone is not enough: a word or a
    /// name a town shares is likelier ("Healey targets England comeback" is about Austin
    /// Healey, not Healey in England).
    fn town_placed(
        &self,
        text: &str,
        e: &super::gazetteer::Entity,
        i: usize,
        hits: &[Hit],
    ) -> bool {
        let x = &hits[i];
        let qualified = hits.get(i + 1).is_some_and(|y| {
            text.get(x.end..y.start) == Some(", ")
                && self.named_entity(y).is_some_and(|(idx, q)| {
                    e.region == Some(idx)
                        || (q.id.starts_with("country:") && q.country == e.country)
                })
        });
        qualified
            || hits.iter().filter_map(|y| self.named_entity(y)).any(|(_, c)| {
            c.kind == EntityKind::Place
                && c.class <= CLASS_CITY
                && !c.id.starts_with("country:")
                && c.country == e.country
                && matches!(
                    (c.lat, c.lon, e.lat, e.lon),
                    (Some(a), Some(b), Some(x), Some(y)) if distance_km((a, b), (x, y)) <= NEAR_KM
                )
        })
    }

    /// The gazetteer entity a hit names (not as a demonym), with its index.
    pub(super) fn named_entity(&self, x: &Hit) -> Option<(u32, &super::gazetteer::Entity)> {
        match x.target {
            Target::Entity {
                idx,
                demonym: false,
            } => Some((idx, &self.gazetteer.entities[idx as usize])),
            _ => None,
        }
    }

    /// The state whose government the place `idx`, written `written`, names as a capital of
    /// [`CAPITAL_STATES`] (whether it does where it stands is for the caller to say).
    fn capital_state(&self, idx: u32, written: &str) -> Option<u32> {
        let cc = self.gazetteer.entities[idx as usize].country.as_deref()?;
        CAPITAL_STATES
            .contains(&(written, cc))
            .then(|| self.gazetteer.index_of(&format!("country:{cc}")))
            .flatten()
            .map(|state| state as u32)
    }

    /// Whether a hit is a place found by a name that is none of its aliases (see
    /// `Matcher::names_only`).
    pub(super) fn hit_by_name_only(&self, text: &str, x: &Hit) -> bool {
        self.named_entity(x)
            .is_some_and(|(_, e)| by_name_only(e, &text[x.start..x.end]))
    }

    /// Whether the article supports a place found by a name that is none of its aliases (a
    /// common word or a first name: "Bath", "Florence", "Mobile", see `Matcher::names_only`):
    /// it names another place in the same region, the region itself or a place within
    /// [`NEAR_KM`] in the same country ("Phoenix, Arizona", "Bath and Bristol"), or names
    /// the country, unless that is the US, which English news names all the time ("Windows
    /// Mobile" is no town in Alabama, "the West" no region of Cameroon).
    fn near_named_place(
        &self,
        e: &super::gazetteer::Entity,
        idx: u32,
        name: &str,
        named: &HashSet<&str>,
        places: &[(&str, u32)],
    ) -> bool {
        let cc = e.country.as_deref().unwrap_or("");
        (cc != NAMED_EVERYWHERE && named.contains(cc))
            || places.iter().any(|&(by_name, p)| {
                let by = &self.gazetteer.entities[p as usize];
                p != idx
                    && !by_name.eq_ignore_ascii_case(name)
                    && by.country.as_deref() == Some(cc)
                    && (e.region == Some(p)
                        || (e.region.is_some() && by.region == e.region)
                        || matches!(
                            (by.lat, by.lon, e.lat, e.lon),
                            (Some(a), Some(b), Some(x), Some(y))
                                if distance_km((a, b), (x, y)) <= NEAR_KM
                        ))
            })
    }

    /// An organ's one-word name that the tagger found alone ([`BARE_ORGANS`]) is the organ of
    /// the country the article names most (the country, its people, places and organisations):
    /// "the Treasury" is the US Treasury, or Britain's in an article about the UK; on a tie, the
    /// first listed. With none of the organs' countries named it stays the article's own (the
    /// Italian treasury's coupons; "the party's Treasury spokesman" in a BBC report that names
    /// no country). As an alias of the curated organs the word would have been taken out of
    /// longer names ("Treasury Select Committee", "French Treasury").
    fn choose_organs_by_country(&self, text: &str, h: &mut Hits) {
        let bare: Vec<(usize, &[&str])> = h
            .hits
            .iter()
            .enumerate()
            .filter_map(|(i, x)| {
                let Target::Local(l) = x.target else {
                    return None;
                };
                if h.locals[l as usize].kind != EntityKind::Organization {
                    return None;
                }
                let written = &text[x.start..x.end];
                BARE_ORGANS
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(written))
                    .map(|&(_, ids)| (i, ids))
            })
            .collect();
        if bare.is_empty() {
            return;
        }
        // Each mention of a country, or of a place or organisation in one, counts for it.
        let mut weight: HashMap<&str, usize> = HashMap::new();
        for x in &h.hits {
            if let Target::Entity { idx, .. } | Target::Acting(idx) = x.target
                && let Some(cc) = self.gazetteer.entities[idx as usize].country.as_deref()
            {
                *weight.entry(cc).or_default() += 1;
            }
        }
        for (i, ids) in bare {
            let of = |idx: usize| {
                let cc = self.gazetteer.entities[idx].country.as_deref();
                cc.and_then(|cc| weight.get(cc)).copied().unwrap_or(0)
            };
            let best = ids
                .iter()
                .filter_map(|id| self.gazetteer.index_of(id))
                .rev()
                .max_by_key(|&idx| of(idx));
            if let Some(best) = best
                && of(best) > 0
            {
                h.hits[i].target = Target::Entity {
                    idx: best as u32,
                    demonym: false,
                };
            }
        }
    }

    /// A place written with its region or country after a comma ("Athens, Georgia", "Salem,
    /// Ore.", "Tripoli, Lebanon") is the place of that name there: the largest one, whatever
    /// the rest of the article names; a qualifier that can be a region or a country ("Georgia")
    /// is then the region.
    /// Returns the indexes of the hits so placed.
    fn apply_qualifiers(&self, text: &str, h: &mut Hits) -> Vec<usize> {
        let mut retarget: Vec<(usize, u32)> = Vec::new();
        for (i, x) in h.hits.iter().enumerate() {
            let class = match x.target {
                Target::Entity {
                    idx,
                    demonym: false,
                } => {
                    let e = &self.gazetteer.entities[idx as usize];
                    if e.kind != EntityKind::Place || e.id.starts_with("country:") {
                        continue;
                    }
                    e.rank()
                }
                // A town the tagger took for a person or an organisation ("Gilroy,
                // Calif.", "Lugano, Switzerland") or that was left the article's own.
                Target::Local(_) => CLASS_CITY,
                _ => continue,
            };
            let Some(rest) = text[x.end..].strip_prefix(", ") else {
                continue;
            };
            let at = x.end + 2;
            let next = h.hits.get(i + 1).filter(|n| n.start == at);
            let mut areas: Vec<u32> = next
                .map(|n| self.matcher().lookup(&text[n.start..n.end]))
                .unwrap_or_default()
                .iter()
                .map(|c| c.entity)
                .filter(|&a| {
                    let a = &self.gazetteer.entities[a as usize];
                    a.kind == EntityKind::Place && (a.is_region() || a.id.starts_with("country:"))
                })
                .collect();
            if areas.is_empty() {
                areas.extend(us_state_abbreviation(rest).and_then(|id| self.gazetteer_index(id)));
            }
            let inside = |c: u32| {
                let e = &self.gazetteer.entities[c as usize];
                areas.iter().copied().find(|&a| {
                    let area = &self.gazetteer.entities[a as usize];
                    e.region == Some(a)
                        || area.id.starts_with("country:") && e.country == area.country
                })
            };
            let best = self
                .place_candidates(&text[x.start..x.end], class)
                .into_iter()
                .filter_map(|c| inside(c).map(|a| (c, a)))
                .max_by_key(|&(c, _)| self.gazetteer.entities[c as usize].population);
            let Some((c, area)) = best else {
                continue;
            };
            retarget.push((i, c));
            if let Some(n) = next
                && n.target
                    != (Target::Entity {
                        idx: area,
                        demonym: false,
                    })
                && self.gazetteer.entities[area as usize].is_region()
            {
                retarget.push((i + 1, area));
            }
        }
        let placed = retarget.iter().map(|&(i, _)| i).collect();
        for (i, idx) in retarget {
            h.hits[i].target = Target::Entity {
                idx,
                demonym: false,
            };
        }
        placed
    }

    /// Place entities named `name` of rank `class`, best first.
    fn place_candidates(&self, name: &str, class: u8) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for c in self.matcher().lookup(name) {
            let e = &self.gazetteer.entities[c.entity as usize];
            if !c.demonym
                && e.kind == EntityKind::Place
                && e.rank() == class
                && !out.contains(&c.entity)
            {
                out.push(c.entity);
            }
        }
        out
    }
}

/// The AP style abbreviations of US states, as news writes them after a town ("Salem, Ore.",
/// "Birmingham, Ala."), with their regions: after a town and a comma they name the state even
/// where the word alone is no name ("Ore", "Ala", "Miss").
const US_STATE_ABBREVIATIONS: &[(&str, &str)] = &[
    ("Ala.", "AL"),
    ("Ariz.", "AZ"),
    ("Ark.", "AR"),
    ("Calif.", "CA"),
    ("Colo.", "CO"),
    ("Conn.", "CT"),
    ("Del.", "DE"),
    ("Fla.", "FL"),
    ("Ga.", "GA"),
    ("Ill.", "IL"),
    ("Ind.", "IN"),
    ("Kan.", "KS"),
    ("Ky.", "KY"),
    ("La.", "LA"),
    ("Md.", "MD"),
    ("Mass.", "MA"),
    ("Mich.", "MI"),
    ("Minn.", "MN"),
    ("Miss.", "MS"),
    ("Mo.", "MO"),
    ("Mont.", "MT"),
    ("Neb.", "NE"),
    ("Nev.", "NV"),
    ("N.H.", "NH"),
    ("N.J.", "NJ"),
    ("N.M.", "NM"),
    ("N.Y.", "NY"),
    ("N.C.", "NC"),
    ("N.D.", "ND"),
    ("Okla.", "OK"),
    ("Ore.", "OR"),
    ("Pa.", "PA"),
    ("R.I.", "RI"),
    ("S.C.", "SC"),
    ("S.D.", "SD"),
    ("Tenn.", "TN"),
    ("Tex.", "TX"),
    ("Vt.", "VT"),
    ("Va.", "VA"),
    ("Wash.", "WA"),
    ("W.Va.", "WV"),
    ("Wis.", "WI"),
    ("Wyo.", "WY"),
];

/// Roman numerals that follow names of products, ships, films and monarchs.
const ROMAN_NUMERALS: &[&str] = &[
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

/// The kind of entity a tagger label names (none for MISC).
fn label_kind(label: Label) -> Option<EntityKind> {
    match label {
        Label::Per => Some(EntityKind::Person),
        Label::Org => Some(EntityKind::Organization),
        Label::Loc => Some(EntityKind::Place),
        Label::Misc => None,
    }
}

/// The region id of the AP state abbreviation `text` opens with ("Ore., for" -> "admin1:US.OR").
fn us_state_abbreviation(text: &str) -> Option<&'static str> {
    static IDS: std::sync::OnceLock<Vec<(&str, String)>> = std::sync::OnceLock::new();
    let ids = IDS.get_or_init(|| {
        US_STATE_ABBREVIATIONS
            .iter()
            .map(|&(a, code)| (a, format!("admin1:US.{code}")))
            .collect()
    });
    ids.iter()
        .find(|(a, _)| {
            text.strip_prefix(a)
                .is_some_and(|r| !r.starts_with(|c: char| c.is_alphanumeric()))
        })
        .map(|(_, id)| id.as_str())
}

/// What a state acts through, after its name or demonym: "U.S. *forces*", "Iraqi *Security
/// Forces*", "Syrian *state media*" (lowercase; matched case-insensitively, whole words).
const ORGANS: &[&str] = &[
    "forces",
    "security forces",
    "armed forces",
    "special forces",
    "government forces",
    "government",
    "federal government",
    "troops",
    "army",
    "military",
    "navy",
    "air force",
    "officials",
    "government officials",
    "soldiers",
    "authorities",
    "regime",
    "administration",
    "police",
    "personnel",
    "service members",
    "servicemen",
    "state media",
    "state television",
    "state tv",
    "defence ministry",
    "defense ministry",
    "foreign ministry",
    "interior ministry",
    "finance ministry",
    "health ministry",
    "justice ministry",
    "oil ministry",
    "information ministry",
    "ministry of defence",
    "ministry of defense",
    "ministry of foreign affairs",
    "ministry of interior",
    "ministry of the interior",
    "intelligence services",
    "embassy",
];

/// The length of " <organ>" right after byte `at`, the longest that fits. A capitalised organ
/// followed by another capitalised word is part of a longer name ("Iraqi Army Aviation
/// Command"), not an organ.
fn organ_len(text: &str, at: usize) -> Option<usize> {
    let rest = text[at..].strip_prefix(' ')?;
    ORGANS
        .iter()
        .filter(|o| {
            rest.len() >= o.len()
                && rest.is_char_boundary(o.len())
                && rest[..o.len()].eq_ignore_ascii_case(o)
                && !rest[o.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '-')
                && !(rest.starts_with(|c: char| c.is_uppercase())
                    && rest[o.len()..]
                        .strip_prefix(' ')
                        .is_some_and(|n| n.starts_with(|c: char| c.is_uppercase())))
        })
        .map(|o| o.len() + 1)
        .max()
}

/// Capitalised words before a curated organisation's name that make no branch of it ("Former
/// White House spokesman", "The Labour Party"): see `in_longer_name` in [`Enricher::fuse`].
const NOT_BRANCHES: &[&str] = &[
    "the", "former", "ex", "then", "late", "acting", "interim", "senior", "top", "both", "new",
];

/// What a ruler's name before it stands for the state ("the Assad regime", "the Maliki
/// government", "the Trump administration"): a subset of [`ORGANS`]. Not "forces":
/// "Haftar's forces" or "Baghdadi's forces" are no state's.
const RULERS_ORGANS: &[&str] = &["regime", "government", "administration"];

/// Legal-form words that end company names ("Boeing Co", "Texaco Inc.", "Volkswagen AG").
const COMPANY_SUFFIXES: &[&str] = &[
    "Inc",
    "Corp",
    "Corporation",
    "Co",
    "Ltd",
    "Limited",
    "Plc",
    "PLC",
    "plc",
    "LLC",
    "AG",
    "SA",
    "S.A",
    "NV",
    "N.V",
    "GmbH",
    "&",
];

/// A person's span that a curated name opens ("Liberal Democrat leader Charles Kennedy", "Lib
/// Dem Norman Baker"): the curated name wins, and what follows it, past any lowercase words
/// ("leader"), is a span of its own when it reads as a full name. Other spans are as the
/// tagger gave them. (`curated` is in text order and does not overlap.)
fn after_curated_openers(text: &str, curated: &[Hit], spans: &[Span]) -> Vec<Span> {
    spans
        .iter()
        .map(|sp| {
            let at = curated.partition_point(|d| d.end <= sp.start);
            let Some(d) = curated
                .get(at)
                .filter(|d| sp.label == Label::Per && d.start <= sp.start && d.end < sp.end)
            else {
                return *sp;
            };
            let rest = &text[d.end..sp.end];
            let mut start = d.end + (rest.len() - rest.trim_start().len());
            for w in text[start..sp.end].split(' ') {
                if !w.starts_with(char::is_lowercase) {
                    break;
                }
                start += w.len() + 1;
            }
            let name = text.get(start..sp.end).unwrap_or("");
            if name.starts_with(char::is_uppercase)
                && people::is_full_name(name)
                && !name.contains(['\n', '\'', '’'])
                && !COMPANY_SUFFIXES.iter().any(|c| name.ends_with(c))
            {
                Span { start, ..*sp }
            } else {
                *sp
            }
        })
        .collect()
}

/// Last words of the names of places (features and administrative areas) that no person's
/// name ends in: "Samarra Barrage", "Tiyas Military Airfield", "Kern County" and "Kharg
/// Island" were persons or organisations. Not "Field", "Hill", "Park", "Lake" or "Bridge"
/// (surnames: "Frank Field", "Wayne Bridge") nor "City", "Forest" or "Palace" (clubs).
const PLACE_HEADS: &[&str] = &[
    "Airport",
    "Airfield",
    "Airbase",
    "Barrage",
    "Dam",
    "Governorate",
    "Province",
    "District",
    "County",
    "Municipality",
    "Island",
    "Islands",
    "Isles",
    "River",
    "Mountains",
    "Valley",
    "Peninsula",
    "Strait",
    "Straits",
    "Desert",
    "Canal",
    "Oasis",
    "Plateau",
    "Oilfield",
    "Sea",
    "Ocean",
    // Sites news reports ("UNESCO World Heritage Site", "Bab al-Hawa Crossing", "Baiji
    // Refinery", "Abu Ghraib Prison", "Tahrir Square", "Umayyad Mosque"). Not "Bridge" nor
    // "Base", which end people's and channels' names ("Wayne Bridge", "MTV Base").
    "Site",
    "Crossing",
    "Checkpoint",
    "Refinery",
    "Prison",
    "Square",
    "Mosque",
];

/// Last words of organisations' names that no person's or place's name ends in ("Federation"
/// aside, for places: "Russian Federation"): "Dreman Value Management" and "Hearing
/// Association" were persons, "Paris Club" and "Tokyo University" places. Not "Bank", "Post"
/// or "Times" (surnames, and "West Bank").
const ORGANISATION_HEADS: &[&str] = &[
    "Agency",
    "Airlines",
    "Airways",
    "Association",
    "Associates",
    "Authority",
    "Battalion",
    "Brigade",
    "Bureau",
    "Club",
    "Command",
    "Commission",
    "Committee",
    "Communications",
    "Corporation",
    "Council",
    "Department",
    "Exchange",
    "Federation",
    "Foundation",
    "Group",
    "Holdings",
    "Industries",
    "Institute",
    "Investments",
    "Journal",
    "Management",
    "Ministry",
    "Organisation",
    "Organization",
    "Partners",
    "Regiment",
    "Rugby",
    "Securities",
    "Society",
    "Technologies",
    "University",
    // Services, armed and political groups ("Network Solutions", "Syrian Democratic
    // Forces", "Victorious Sect" were persons).
    "Army",
    "Forces",
    "Front",
    "Militia",
    "Movement",
    "Party",
    "Sect",
    "Services",
    "Solutions",
    "Systems",
];

/// Whether a name the tagger typed as a person or place is an organisation's by its last word
/// (two words or more).
fn is_named_organisation(name: &str) -> bool {
    name.rsplit_once(' ')
        .is_some_and(|(_, last)| ORGANISATION_HEADS.contains(&last))
}

/// Heads that also end the names of sports clubs and courts ("Notts County", "Western
/// Province", "the Southern District"): an organisation ending in one stays one.
const ORGANISATION_PLACE_HEADS: &[&str] = &["County", "Province", "District"];

/// Whether a name the tagger typed as a person or organisation is a place by its last word
/// (a name of two words or more: "Air Base" counts as one, and so do an assembly, power or
/// nuclear "Plant", never "Plant" alone: Robert Plant; not after "of" or "for", where the
/// place ends an organisation's name: "Savings and Loan Association of Fountain Valley").
fn is_named_feature(name: &str, label: Label) -> bool {
    if name.contains(" of ") || name.contains(" for ") {
        return false;
    }
    let mut words = name.rsplit(' ');
    let (Some(last), Some(before)) = (words.next(), words.next()) else {
        return false;
    };
    let head = match (before, last) {
        ("Air", "Base") => "Airbase",
        ("Assembly" | "Power" | "Nuclear", "Plant") if words.next().is_some() => "Airbase",
        _ => last,
    };
    match label {
        Label::Per => PLACE_HEADS.contains(&head),
        Label::Org => PLACE_HEADS.contains(&head) && !ORGANISATION_PLACE_HEADS.contains(&head),
        _ => false,
    }
}

/// "Merrill Lynch and Co Inc", "Sears, Roebuck & Co": the tagger often ends a company's name
/// before "and" and tags the legal form after it as a name of its own. Such a legal form is
/// joined to the name before it, as one organisation (`None`: no span is).
fn join_legal_tails(text: &str, spans: &[Span]) -> Option<Vec<Span>> {
    join_organisations(spans, |a, b| {
        matches!(text.get(a.end..b.start), Some(" and " | " & "))
            && text[b.start..b.end]
                .split_whitespace()
                .all(|w| COMPANY_SUFFIXES.contains(&w.trim_end_matches(['.', ','])))
    })
}

/// Each span that `joins` the one before it merged into it, as one organisation; None when
/// no span joins another.
fn join_organisations(spans: &[Span], joins: impl Fn(&Span, &Span) -> bool) -> Option<Vec<Span>> {
    join_spans(spans, |a, b| joins(a, b).then_some(Label::Org))
}

/// Each span that `joins` the one before it (giving the label of the whole) merged into it;
/// None when no span joins another.
fn join_spans(spans: &[Span], joins: impl Fn(&Span, &Span) -> Option<Label>) -> Option<Vec<Span>> {
    if !spans.windows(2).any(|w| joins(&w[0], &w[1]).is_some()) {
        return None;
    }
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for sp in spans {
        match out.last_mut() {
            Some(prev) if let Some(label) = joins(prev, sp) => {
                prev.end = sp.end;
                prev.label = label;
            }
            _ => out.push(*sp),
        }
    }
    Some(out)
}

/// Last words of organisations' names that go on with "of" and a name ("Bank of Spain",
/// "University of Delaware", "Court of Appeal").
const OF_HEADS: &[&str] = &[
    "Bank",
    "University",
    "Court",
    "Bureau",
    "Office",
    "Department",
    "Ministry",
    "Council",
    "Institute",
    "Association",
    "Federation",
    "Academy",
    "Commission",
    "Committee",
    "Chamber",
    "Board",
    "Agency",
    "College",
    "School",
    "Museum",
    "Society",
    "Union",
    "Authority",
    "Fund",
    "Foundation",
    "Church",
];

/// Joins an organisation span that ends in one of [`OF_HEADS`] to the span right after " of "
/// or " of the ": "Bank" + "Spain" is the Bank of Spain, not a bank and a country. None when no
/// span needs it.
///
/// A place ending in one of [`PLACE_OF_HEADS`] takes the name after " of " the same way, as one
/// place: "Bay" + "Biscay" is the Bay of Biscay.
fn join_of_tails(text: &str, spans: &[Span]) -> Option<Vec<Span>> {
    join_spans(spans, |a, b| {
        let last = text[a.start..a.end].rsplit(' ').next().unwrap_or("");
        if !matches!(text.get(a.end..b.start), Some(" of " | " of the ")) {
            return None;
        }
        match a.label {
            Label::Org if OF_HEADS.contains(&last) => Some(Label::Org),
            Label::Loc if PLACE_OF_HEADS.contains(&last) => Some(Label::Loc),
            _ => None,
        }
    })
}

/// Last words of the names of military units ("5th Fleet", "101st Airborne").
const UNIT_HEADS: &[&str] = &[
    "Airborne",
    "Armored",
    "Armoured",
    "Army",
    "Artillery",
    "Battalion",
    "Battery",
    "Brigade",
    "Cavalry",
    "Command",
    "Commando",
    "Corps",
    "Division",
    "Fleet",
    "Flotilla",
    "Force",
    "Group",
    "Guards",
    "Infantry",
    "Marines",
    "Rangers",
    "Regiment",
    "Squadron",
    "Wing",
];

/// A place ending in one of [`PLACE_OF_HEADS`] that the tagger ended before " of " and
/// capitalised words it did not tag takes those words ("Bay" of "the Bay of Biscay"). None
/// when no span needs it.
fn stretch_place_of_tails(text: &str, spans: &[Span]) -> Option<Vec<Span>> {
    let tail = |i: usize| -> Option<usize> {
        let sp = &spans[i];
        let last = text[sp.start..sp.end].rsplit(' ').next().unwrap_or("");
        if sp.label != Label::Loc || !PLACE_OF_HEADS.contains(&last) {
            return None;
        }
        let from = sp.end + text[sp.end..].strip_prefix(" of ").map(|_| 4)?;
        // A run of capitalised words, one space apart.
        let mut end = from;
        let mut at = from;
        while text[at..].starts_with(char::is_uppercase) {
            let len = text[at..]
                .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
                .unwrap_or(text.len() - at);
            end = at + len;
            match text[end..].strip_prefix(' ') {
                Some(rest) if rest.starts_with(char::is_uppercase) => at = end + 1,
                _ => break,
            }
        }
        let free = spans.get(i + 1).is_none_or(|n| n.start >= end);
        (end > from && free).then_some(end)
    };
    let ends: Vec<Option<usize>> = (0..spans.len()).map(tail).collect();
    if ends.iter().all(Option::is_none) {
        return None;
    }
    Some(
        spans
            .iter()
            .zip(ends)
            .map(|(sp, end)| Span {
                end: end.unwrap_or(sp.end),
                ..*sp
            })
            .collect(),
    )
}

/// A person's name with a nickname in quotes inside it is one name ("Col. John “J.D.”
/// Dorrian", "Richard \"Tex\" Coe"): the tagger's two persons around the quotes are joined.
/// None when no span needs it.
fn join_nicknames(text: &str, spans: &[Span]) -> Option<Vec<Span>> {
    join_spans(spans, |a, b| {
        let between = text.get(a.end..b.start)?;
        let inner = between
            .strip_prefix(" “")
            .and_then(|r| r.strip_suffix("” "))
            .or_else(|| {
                between
                    .strip_prefix(" \"")
                    .and_then(|r| r.strip_suffix("\" "))
            })?;
        let nickname = !inner.is_empty()
            && inner.len() <= 24
            && !inner.contains(['"', '“', '”', '\n'])
            && inner.starts_with(char::is_uppercase);
        (a.label == Label::Per && b.label == Label::Per && nickname).then_some(Label::Per)
    })
}

/// Organs that news names by one word, with the ids of the countries' organs it may mean: see
/// [`Enricher::choose_organs_by_country`].
const BARE_ORGANS: &[(&str, &[&str])] = &[("Treasury", &["org:us-treasury", "org:hm-treasury"])];

/// Lowercase nouns that describe the place named after them ("the city of Mosul"); those that
/// describe an organisation are the company nouns ([`super::COMPANY_NOUNS`]: "aircraft
/// manufacturer Boeing"). See [`after_description`].
const PLACE_DESCRIPTIONS: &[&str] = &["city", "town", "village", "province", "port"];

/// Where the name starts in an organisation's span that opens with a description of it
/// ("Aircraft manufacturer Boeing", "United States airframer Boeing", "Iraqi city of
/// Mosul": after the last describing noun and an "of"), and whether it is a place's; None
/// when no such noun is followed by a capitalised word.
fn after_description(name: &str) -> Option<(usize, bool)> {
    let mut found = None;
    let mut at = 0;
    for word in name.split(' ') {
        at += word.len() + 1;
        let place = PLACE_DESCRIPTIONS.contains(&word);
        if !(place || super::COMPANY_NOUNS.contains(&word)) {
            continue;
        }
        let rest = name.get(at..)?;
        let skip = ["of the ", "of "]
            .iter()
            .find(|p| rest.starts_with(**p))
            .map_or(0, |p| p.len());
        // Not before a legal form alone ("Jacobs Engineering group Inc").
        let named = &rest[skip..];
        if named.starts_with(char::is_uppercase)
            && !COMPANY_SUFFIXES.contains(&named.trim_end_matches('.'))
        {
            found = Some((at + skip, place));
        }
    }
    found
}

/// Last words of places' names that go on with "of" and a name ("Bay of Biscay", "Strait of
/// Hormuz", "Isle of Man").
const PLACE_OF_HEADS: &[&str] = &["Bay", "Gulf", "Sea", "Strait", "Straits", "Isle", "Cape"];

/// An ordinal followed by capitalised words the last of which names a kind of military unit
/// is a numbered unit, one organisation ("the U.S. 5th Fleet", whose "Fleet" was an English
/// town; "2nd Battalion", "321st Field Artillery Regiment", whose "Field" was a person): its
/// span replaces the tagger's pieces of it, and the dictionary's places inside it are then
/// dropped as inside any span. Not other names after ordinals ("the 55th Berlin film
/// festival", "the 19th Century", "the 12th Academy Award"). None when there is no such unit.
fn number_units(text: &str, spans: &[Span]) -> Option<Vec<Span>> {
    let bytes = text.as_bytes();
    let mut units: Vec<Span> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let Some(suffix) = bytes.get(i..i + 3) else {
            break;
        };
        if !matches!(suffix, b"st " | b"nd " | b"rd " | b"th ") {
            continue;
        }
        // The run of capitalised words after the ordinal; the unit ends at its last head.
        let mut at = i + 3;
        let mut end = None;
        while text[at..].starts_with(|c: char| c.is_ascii_uppercase()) {
            let len = text[at..]
                .find(|c: char| !(c.is_alphanumeric() || c == '-'))
                .unwrap_or(text.len() - at);
            if UNIT_HEADS.contains(&&text[at..at + len]) {
                end = Some(at + len);
            }
            at += len;
            match text[at..].strip_prefix(' ') {
                Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => at += 1,
                _ => break,
            }
        }
        if let Some(end) = end {
            units.push(Span {
                start,
                end,
                label: Label::Org,
            });
            i = end;
        }
    }
    if units.is_empty() {
        return None;
    }
    let mut out: Vec<Span> = spans
        .iter()
        .filter(|sp| {
            !units.iter().any(|u| {
                sp.start < u.end && u.start < sp.end && sp.start >= u.start && sp.end <= u.end
            })
        })
        .copied()
        .collect();
    // A tagger span reaching beyond a unit keeps its own reading.
    units.retain(|u| !out.iter().any(|sp| sp.start < u.end && u.start < sp.end));
    out.extend(units);
    out.sort_by_key(|sp| (sp.start, sp.end));
    Some(out)
}

/// Whether a name of two words or more ends in a legal form, in any case ("JIM WALTER CORP").
pub(super) fn ends_in_legal_form(name: &str) -> bool {
    let last = name
        .trim_end_matches(['.', ','])
        .rsplit_once(' ')
        .map(|(_, w)| w);
    last.is_some_and(|w| w != "&" && COMPANY_SUFFIXES.iter().any(|s| s.eq_ignore_ascii_case(w)))
}

/// The id of an article-local organisation named `name`: its name without a legal form,
/// as the tagger's organisations are named, so that every way of writing it agrees.
pub(super) fn org_id(name: &str) -> String {
    format!("org:{}", super::slug(company_core(name)))
}

/// A company's name without its legal form ("Merrill Lynch & Co Inc", "Merrill Lynch and Co
/// Inc" -> "Merrill Lynch"); the name itself when that would leave nothing.
pub(super) fn company_core(name: &str) -> &str {
    let mut core = name;
    loop {
        let trimmed = core.trim_end_matches('.').trim_end_matches(',').trim_end();
        let Some((head, last)) = trimmed.rsplit_once(' ') else {
            return core;
        };
        // "and" goes only with a legal form after it ("Procter and Gamble" stays).
        if !COMPANY_SUFFIXES.contains(&last) && (last != "and" || core == name) {
            return core;
        }
        let head = head.trim_end_matches(',').trim_end();
        if head.is_empty() || COMPANY_SUFFIXES.contains(&head) {
            return core;
        }
        core = head;
    }
}

/// Where the words of `name` that hold no capital nor digit, at its end, begin: the end of
/// the name before them (`None` if there are none, or nothing else).
fn before_lowercase_tail(name: &str) -> Option<usize> {
    let mut end = name.len();
    while let Some((head, word)) = name[..end].rsplit_once(char::is_whitespace) {
        if word.chars().any(|c| c.is_uppercase() || c.is_ascii_digit()) {
            break;
        }
        end = head.trim_end().len();
    }
    (end < name.len() && end > 0).then_some(end)
}

/// Whether `words` open with one of [`ORGANS`] (which hold [`RULERS_ORGANS`]).
fn starts_with_organ(words: &str) -> bool {
    ORGANS.iter().any(|o| {
        words.len() >= o.len()
            && words.is_char_boundary(o.len())
            && words[..o.len()].eq_ignore_ascii_case(o)
            && !words[o.len()..].starts_with(char::is_alphanumeric)
    })
}

/// Lowercase words that end no name: after one, the tagger ran a name on into the sentence.
const NOT_NAME_ENDS: &[&str] = &[
    "of", "and", "or", "to", "the", "a", "an", "has", "have", "had", "is", "are", "was", "were",
    "will", "would", "with", "by", "for", "as", "at", "in", "on", "from",
];

/// The span without a leading "the", a trailing possessive, a trailing word of
/// [`NOT_NAME_ENDS`] and, in a person's name, titles ("Major", "President"; "General Motors"
/// and "General Santos" keep theirs).
fn trim_span(text: &str, mut s: usize, mut e: usize, person: bool) -> (usize, usize) {
    // A name the tagger ran on into the ticker after it ("Henkel KGaA <HNKG").
    if let Some(at) = text[s..e].find(" <") {
        e = s + at;
    }
    for suffix in ["'s", "’s", "'", "’"] {
        if text[s..e].ends_with(suffix) {
            e -= suffix.len();
            break;
        }
    }
    for the in ["the ", "The ", "THE ", "'s ", "’s "] {
        if text[s..e].starts_with(the) {
            s += the.len();
        }
    }
    // A word no name ends with: the tagger ran the name on into the sentence ("Union Bank
    // of", "Kilroy-Silk has", "the English FA have").
    while let Some((head, word)) = text[s..e].rsplit_once(char::is_whitespace)
        && NOT_NAME_ENDS.contains(&word)
    {
        e = s + head.trim_end().len();
    }
    if !person {
        return (s, e);
    }
    let s = s + people::title_len(&text[s..e]);
    let (from, to) = people::name_between_common_words(&text[s..e]);
    (s + from, s + to)
}

/// Whether the line holding byte `at` has no lowercase letters (a headline or dateline).
fn all_caps_line(text: &str, at: usize) -> bool {
    let (start, end) = super::line_of(text, at);
    !text[start..end].chars().any(char::is_lowercase)
}

/// Whether the word at `start..end` of `text` has a capitalised word right after it (or "of"
/// and one: "University of Delaware"), or right before it that does not open a sentence.
fn in_capitalised_run(text: &str, start: usize, end: usize) -> bool {
    let capital = |w: &str| w.starts_with(char::is_uppercase);
    let after = text[end..].strip_prefix(' ').unwrap_or("");
    let after = after.strip_prefix("of ").unwrap_or(after);
    if capital(after) {
        return true;
    }
    let Some(before) = text[..start].strip_suffix(' ') else {
        return false;
    };
    let word_start = before
        .rfind(|c: char| !c.is_alphanumeric() && c != '-' && c != '.')
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    // The word before must itself be inside a sentence: "The Federal" proves nothing.
    let opens = text[..word_start]
        .trim_end()
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | '"' | '“' | ':' | '\n' | '-'));
    capital(word)
        && !opens
        && !GEO_MODIFIERS.contains(&word.to_lowercase().replace('-', "").as_str())
}

/// Words before a place's name that leave it that place ("Southeast Asia", "Mount
/// Kilimanjaro", "Central Queensland", "Greater Manchester").
const GEO_MODIFIERS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "greater",
    "upper",
    "lower",
    "mount",
    "mt",
    "lake",
    "inner",
    "outer",
];

/// Whether `name`, written for the entity `e`, is a place's name that is none of its aliases
/// (every name of a town is none).
fn by_name_only(e: &super::gazetteer::Entity, name: &str) -> bool {
    e.kind == EntityKind::Place
        && (e.class == CLASS_TOWN
            || e.name.eq_ignore_ascii_case(name)
                && !e.aliases.iter().any(|a| a.eq_ignore_ascii_case(name)))
}

/// Last words of broadcasters' names that go on with a number ("BBC Radio 4", "Radio 5
/// Live").
const STATION_HEADS: &[&str] = &["Radio"];

/// Words after a station's number that are part of its name ("Radio 5 Live", "Radio 4
/// Extra").
const STATION_TAILS: &[&str] = &["Live", "Extra"];

/// Spans ending in one of [`STATION_HEADS`] that the tagger ended before the station's
/// number ("Radio" of "Radio 4's Today programme"), run on through it as an organisation.
fn number_stations(text: &str, spans: &[Span]) -> Option<Vec<Span>> {
    let reach = |sp: &Span| -> Option<usize> {
        let written = &text[sp.start..sp.end];
        let last = written.rsplit(' ').next()?;
        if !STATION_HEADS.contains(&last) {
            return None;
        }
        let after = text[sp.end..].strip_prefix(' ')?;
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &after[digits..];
        if !(1..=2).contains(&digits) || rest.starts_with(|c: char| c.is_alphanumeric()) {
            return None;
        }
        let mut end = sp.end + 1 + digits;
        if let Some(tail) = STATION_TAILS.iter().find(|t| {
            rest.strip_prefix(' ')
                .and_then(|r| r.strip_prefix(**t))
                .is_some_and(|r| !r.starts_with(char::is_alphanumeric))
        }) {
            end += 1 + tail.len();
        }
        Some(end)
    };
    if !spans.iter().any(|sp| reach(sp).is_some()) {
        return None;
    }
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for sp in spans {
        match reach(sp) {
            Some(end) => {
                out.push(Span {
                    start: sp.start,
                    end,
                    label: Label::Org,
                });
            }
            // A span the station's name now covers (a tagger span on the number) goes.
            None if out.last().is_some_and(|o| o.end > sp.start) => {}
            None => out.push(*sp),
        }
    }
    Some(out)
}

/// Words that say where or when, which the tagger sometimes runs a name on through
/// ("Palmyra in Syria", "European Court of Human Rights in Strasbourg", "Delta in September",
/// "FA on Monday").
const RUN_ON_LOCATIVES: [&str; 4] = [" in ", " near ", " at ", " on "];

/// Tagger spans cut where they run on through one of [`RUN_ON_LOCATIVES`] into a known
/// place (the place becomes a span of its own) or into a month or weekday (which goes), and
/// spans ending in such a word ("Nortel in"), cut before it. "on" cuts only before a time
/// word: "Focus on Africa" and "Committee on Energy" are names. Only the first such word of a
/// span counts; `known_place(start, end)` says whether the dictionary names a place there.
fn split_at_locatives(
    text: &str,
    spans: &[Span],
    known_place: impl Fn(usize, usize) -> bool,
) -> Option<Vec<Span>> {
    let cut_of = |sp: &Span| {
        let written = &text[sp.start..sp.end];
        // Each locative is a lowercase word after a space, which most names have none of.
        let b = written.as_bytes();
        if !b
            .windows(2)
            .any(|w| w[0] == b' ' && w[1].is_ascii_lowercase())
        {
            return None;
        }
        RUN_ON_LOCATIVES
            .iter()
            .find_map(|w| {
                if let Some(head) = written.strip_suffix(&w[..w.len() - 1]) {
                    return Some((head.len(), None));
                }
                let at = written.find(w)?;
                let tail = (sp.start + at + w.len(), sp.end);
                if super::dates::is_month_or_weekday(&text[tail.0..tail.1]) {
                    Some((at, None))
                } else if *w != " on " && known_place(tail.0, tail.1) {
                    Some((at, Some(tail)))
                } else {
                    None
                }
            })
            .filter(|&(at, _)| at > 0)
    };
    if !spans.iter().any(|sp| cut_of(sp).is_some()) {
        return None;
    }
    let mut out: Vec<Span> = Vec::with_capacity(spans.len() + 1);
    for sp in spans {
        match cut_of(sp) {
            Some((at, tail)) => {
                out.push(Span {
                    end: sp.start + at,
                    ..*sp
                });
                if let Some((start, end)) = tail {
                    out.push(Span {
                        start,
                        end,
                        label: Label::Loc,
                    });
                }
            }
            None => out.push(*sp),
        }
    }
    Some(out)
}

/// Words that join the parts of a name: "Bank of America", "Secretary for Defence".
const JOINERS: [&str; 3] = [" of ", " for ", " and "];

/// Whether the span `part` of the known name at `name` lies wholly on one side of a joining
/// word inside it: the tagger cut the name there ("Bank" of "Bank of America").
fn cut_at_joiner(text: &str, name: (usize, usize), part: (usize, usize)) -> bool {
    let written = &text[name.0..name.1];
    part != name
        && JOINERS.iter().any(|j| {
            written.match_indices(j).any(|(at, _)| {
                let (from, to) = (name.0 + at, name.0 + at + j.len());
                part.1 <= from || part.0 >= to
            })
        })
}

/// Whether `word` also occurs in all lowercase as a whole word in `text`.
pub(super) fn occurs_lowercase(text: &str, word: &str) -> bool {
    let lower = word.to_lowercase();
    text.match_indices(lower.as_str())
        .any(|(i, _)| super::matcher::is_whole_word(text, i, i + lower.len()))
}

/// "Washington said", "Washington has", "Washington and Moscow", "Moscow and Washington",
/// "backed by Washington", "urged Washington".
fn washington_is_government(text: &str, s: usize, e: usize) -> bool {
    let after = text[e..].trim_start_matches([' ', '\'']);
    let next: &str = after
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if GOV_VERBS.contains(&next) {
        return true;
    }
    if let Some(rest) = after
        .strip_prefix("and ")
        .or_else(|| after.strip_prefix("or "))
        && CAPITALS.iter().any(|c| rest.starts_with(c))
    {
        return true;
    }
    let before = text[..s].trim_end();
    governed_by_words_around(before, &text[e..])
        || CAPITALS.iter().any(|c| {
            before
                .strip_suffix(" and")
                .or_else(|| before.strip_suffix(" or"))
                .is_some_and(|b| b.ends_with(c))
        })
}

#[cfg(test)]
mod tests {
    use super::{
        company_core, ends_in_legal_form, in_capitalised_run, is_named_feature, join_legal_tails,
        join_of_tails,
    };
    use crate::article::EntityKind;
    use crate::ner::{Label, Span};

    #[test]
    fn names_the_tagger_ran_on_into_the_sentence_end_before_it() {
        use super::{before_lowercase_tail, starts_with_organ, trim_span};
        let trimmed = |t: &'static str| {
            let (s, e) = trim_span(t, 0, t.len(), false);
            &t[s..e]
        };
        assert_eq!(trimmed("Union Bank of"), "Union Bank");
        assert_eq!(
            trimmed("Letter Carriers Union of Canada and"),
            "Letter Carriers Union of Canada"
        );
        assert_eq!(trimmed("the English FA has"), "English FA");
        assert_eq!(trimmed("Kilroy-Silk has"), "Kilroy-Silk");
        // Any whitespace, a no-break space too (which is two bytes).
        assert_eq!(trimmed("Bank voted\nto"), "Bank voted");
        assert_eq!(trimmed("Union Bank\u{a0}of"), "Union Bank");
        assert_eq!(before_lowercase_tail("Microsoft\u{a0}makes"), Some(9));
        assert_eq!(trimmed("Bank of America"), "Bank of America");
        assert_eq!(trimmed("Plan A"), "Plan A");
        assert_eq!(before_lowercase_tail("Microsoft makes"), Some(9));
        assert_eq!(before_lowercase_tail("al-Tanf base"), Some(7));
        assert_eq!(before_lowercase_tail("U.S. 5th Fleet"), None);
        assert_eq!(before_lowercase_tail("makes"), None);
        assert!(starts_with_organ("security forces"));
        assert!(starts_with_organ("officials said"));
        assert!(!starts_with_organ("forcestar"));
        // Through the fusion: the name before the words, when the dictionary knows it.
        let e = crate::enrich::tests::enricher();
        let t = e.tag("Microsoft makes anti-piracy move\n\nMicrosoft will offer free copies.");
        let names: Vec<(&str, &str)> = t
            .mentions
            .iter()
            .map(|m| (m.text.as_str(), m.id.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("Microsoft", "org:microsoft"),
                ("Microsoft", "org:microsoft")
            ]
        );
        let t = e.tag("Talks\n\nIEL is owned by Brierley Investments Ltd of New Zealand, it said.");
        assert!(
            t.mentions
                .iter()
                .any(|m| m.text == "Brierley Investments Ltd"),
            "{:?}",
            t.mentions
        );
        // A state and its organ stay the state acting.
        let t = e.tag("Talks\n\nU.S. officials said the talks would resume.");
        assert_eq!(
            (t.mentions[0].text.as_str(), t.mentions[0].id.as_str()),
            ("U.S. officials", "country:US")
        );
    }

    #[test]
    fn descriptions_before_names() {
        use super::after_description;
        let after = |s: &'static str| after_description(s).map(|(at, place)| (&s[at..], place));
        assert_eq!(
            after("Aircraft manufacturer Boeing"),
            Some(("Boeing", false))
        );
        assert_eq!(
            after("Irish national airline Aer Lingus"),
            Some(("Aer Lingus", false))
        );
        assert_eq!(after("Iraqi city of Mosul"), Some(("Mosul", true)));
        assert_eq!(after("Bank of America"), None);
        assert_eq!(after("Ford Motor Company"), None);
        assert_eq!(after("the company"), None);
        assert_eq!(after("Jacobs Engineering group Inc"), None);
    }

    #[test]
    fn capitalised_runs_around_a_word() {
        let run = |text: &str, word: &str| {
            let s = text.find(word).unwrap();
            in_capitalised_run(text, s, s + word.len())
        };
        assert!(run("The Federal Reserve rose.", "Federal"));
        assert!(run("at the University of Delaware", "University"));
        assert!(run("who is UKIP Scotland chairman", "Scotland"));
        assert!(run("shares of Chase Manhattan fell", "Manhattan"));
        // A capital that opens the sentence, or a geographic modifier, makes no run.
        assert!(!run("He left. Scotland voted no.", "Scotland"));
        assert!(!run("The Gulf was calm", "Gulf"));
        assert!(!run("trade with Southeast Asia fell", "Asia"));
        assert!(!run("around Mount Kilimanjaro and", "Kilimanjaro"));
        assert!(!run("talks in Homs and Aleppo", "Homs"));
        assert!(!run("talks in Homs and Aleppo", "Aleppo"));
    }

    /// Spans of `names` found in `text` in order, each after the one before it.
    fn spans_in_order(text: &str, names: &[(&str, Label)]) -> Vec<Span> {
        let mut at = 0;
        names
            .iter()
            .map(|&(name, label)| {
                let start = at + text[at..].find(name).unwrap();
                at = start + name.len();
                Span {
                    start,
                    end: at,
                    label,
                }
            })
            .collect()
    }

    /// The text and type of each span.
    fn named<'a>(text: &'a str, spans: &[Span]) -> Vec<(&'a str, Label)> {
        spans
            .iter()
            .map(|s| (&text[s.start..s.end], s.label))
            .collect()
    }

    #[test]
    fn a_legal_form_after_and_joins_the_company_before_it() {
        let text = "via Merrill Lynch and Co Inc, Smith and Co and Jones & Ltd; Lee and Ford Co.";
        let spans = spans_in_order(
            text,
            &[
                ("Merrill Lynch", Label::Org),
                ("Co Inc", Label::Org),
                ("Smith", Label::Per),
                ("Co", Label::Org),
                ("Jones", Label::Org),
                ("Ltd", Label::Org),
                ("Lee", Label::Per),
                ("Ford Co", Label::Org),
            ],
        );
        let names = named(text, &join_legal_tails(text, &spans).unwrap());
        assert_eq!(
            names,
            [
                ("Merrill Lynch and Co Inc", Label::Org),
                ("Smith and Co", Label::Org),
                ("Jones & Ltd", Label::Org),
                ("Lee", Label::Per),
                ("Ford Co", Label::Org),
            ]
        );
        assert_eq!(join_legal_tails(text, &spans[6..]), None);
    }

    #[test]
    fn names_run_on_into_a_place_or_a_time_are_cut() {
        use super::split_at_locatives;
        let text = "Palmyra in Syria; the European Court of Human Rights in Strasbourg; \
                    Delta in September; FA on Monday; Nortel in; Focus on Africa; \
                    Committee on Energy; Women in Film; Bank of England in May";
        let spans = spans_in_order(
            text,
            &[
                ("Palmyra in Syria", Label::Loc),
                ("European Court of Human Rights in Strasbourg", Label::Org),
                ("Delta in September", Label::Org),
                ("FA on Monday", Label::Org),
                ("Nortel in", Label::Org),
                ("Focus on Africa", Label::Org),
                ("Committee on Energy", Label::Org),
                ("Women in Film", Label::Org),
                ("Bank of England in May", Label::Org),
            ],
        );
        // The dictionary knows Syria, Strasbourg and Africa as places.
        let places = ["Syria", "Strasbourg", "Africa"];
        let known_place = |s: usize, e: usize| places.contains(&&text[s..e]);
        let names = named(
            text,
            &split_at_locatives(text, &spans, known_place).unwrap(),
        );
        assert_eq!(
            names,
            [
                ("Palmyra", Label::Loc),
                ("Syria", Label::Loc),
                ("European Court of Human Rights", Label::Org),
                ("Strasbourg", Label::Loc),
                ("Delta", Label::Org),
                ("FA", Label::Org),
                ("Nortel", Label::Org),
                // "on" before a place, "in" before no known place, "May": names, kept whole.
                ("Focus on Africa", Label::Org),
                ("Committee on Energy", Label::Org),
                ("Women in Film", Label::Org),
                ("Bank of England in May", Label::Org),
            ]
        );
        assert_eq!(split_at_locatives(text, &spans[5..], known_place), None);
    }

    #[test]
    fn an_organisation_cut_before_of_joins_the_name_after() {
        let text =
            "the Bank of Spain, the University of the Highlands, Smith of Leeds, a bank of Spain";
        let spans = spans_in_order(
            text,
            &[
                ("Bank", Label::Org),
                ("Spain", Label::Loc),
                ("University", Label::Org),
                ("Highlands", Label::Loc),
                ("Smith", Label::Per),
                ("Leeds", Label::Loc),
                ("Spain", Label::Loc),
            ],
        );
        let names = named(text, &join_of_tails(text, &spans).unwrap());
        // Only an organisation ending in a word such as "Bank" takes the name after "of".
        assert_eq!(
            names,
            [
                ("Bank of Spain", Label::Org),
                ("University of the Highlands", Label::Org),
                ("Smith", Label::Per),
                ("Leeds", Label::Loc),
                ("Spain", Label::Loc),
            ]
        );
        assert_eq!(join_of_tails(text, &spans[4..]), None);
    }

    #[test]
    fn names_ending_in_a_place_head_are_places() {
        for (name, label) in [
            ("Samarra Barrage", Label::Per),
            ("Tiyas Military Airfield", Label::Org),
            ("Al Asad Air Base", Label::Org),
            ("Kern County", Label::Per),
            ("Silicon Valley", Label::Org),
            ("Wixom Assembly Plant", Label::Per),
            ("Peach Bottom Nuclear Power Plant", Label::Org),
        ] {
            assert!(is_named_feature(name, label), "{name}");
        }
        for (name, label) in [
            ("Island", Label::Per),
            ("Frank Field", Label::Per),
            ("Notts County", Label::Org),
            (
                "Savings and Loan Association of Fountain Valley",
                Label::Org,
            ),
            ("Kern County", Label::Loc),
            ("Base", Label::Org),
            ("Robert Plant", Label::Per),
            ("Power Plant", Label::Org),
        ] {
            assert!(!is_named_feature(name, label), "{name}");
        }
        // In the pipeline: the tagger took these for a person.
        let e = super::super::tests::enricher();
        for (text, name) in [
            (
                "In the heart of California's oil patch, Kern County, which produces about \
                 two-thirds of the state's oil, exploratory drilling fell.",
                "Kern County",
            ),
            (
                "Iraq hit the approaches to Iran's oil export terminal on Kharg Island.",
                "Kharg Island",
            ),
        ] {
            let t = e.tag(text);
            let m = t.mentions.iter().find(|m| m.text == name);
            assert_eq!(
                m.map(|m| m.kind),
                Some(EntityKind::Place),
                "{:#?}",
                t.mentions
            );
        }
    }

    #[test]
    fn company_cores() {
        assert_eq!(company_core("Boeing Co"), "Boeing");
        assert_eq!(company_core("Texaco Inc."), "Texaco");
        assert_eq!(company_core("Merrill Lynch & Co Inc"), "Merrill Lynch");
        assert_eq!(
            company_core("British Petroleum Co PLC"),
            "British Petroleum"
        );
        assert_eq!(company_core("Pennzoil Co, Inc."), "Pennzoil");
        assert_eq!(company_core("Volkswagen AG"), "Volkswagen");
        assert_eq!(company_core("Merrill Lynch and Co Inc"), "Merrill Lynch");
        assert_eq!(company_core("Procter and Gamble Co"), "Procter and Gamble");
        assert_eq!(company_core("Johnson and"), "Johnson and");
        assert_eq!(company_core("Co Inc"), "Co Inc");
        assert!(ends_in_legal_form("JIM WALTER CORP") && ends_in_legal_form("Boeing Co."));
        assert!(!ends_in_legal_form("CORP") && !ends_in_legal_form("AT & T"));
        assert_eq!(company_core("Apple Corps"), "Apple Corps");
        assert_eq!(company_core("Boeing"), "Boeing");
    }
}
