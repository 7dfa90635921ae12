//! The entity gazetteer: the derived tables in `data/*.tsv` and `data/curated.toml`, embedded in
//! the binary and parsed once at start-up, plus the user's entity files on top.
//!
//! # Entity files
//!
//! User entity files (and the shipped `data/curated.toml`) are TOML:
//!
//! ```toml
//! [[entity]]
//! name = "Maghaweir al-Thowra"     # canonical name (required)
//! aliases = ["MAT", "Maghawir al-Thawra"]
//! kind = "organization"            # person | organization | place | nationality
//! id = "org:mat"                   # optional; default derived from kind + name
//! lat = 33.50                      # optional (places)
//! lon = 38.66
//! country = "SY"                   # optional ISO 3166-1 alpha-2
//! demonyms = ["Kurd", "Kurds"]     # optional: words tagged as kind `nationality`
//! ```
//!
//! An entity whose id is already known extends that entity (new aliases are added, given fields
//! replace the old ones); user and curated entities win over derived ones that share an alias.

use std::path::Path;

use rustc_hash::FxHashMap;

use serde::Deserialize;

use crate::article::{EntityKind, distance_km};
use crate::error::{Error, Result};

/// Rank class of user-file entities: they win every alias they share.
pub(crate) const CLASS_USER: u8 = 0;
/// Rank class of the shipped curated list.
pub(crate) const CLASS_CURATED: u8 = 1;
/// Rank class of the GeoNames cities (table class 3, shifted as in `parse_tsv_line`).
pub(crate) const CLASS_CITY: u8 = 3 + CLASS_CURATED;
/// Rank class of the GeoNames towns (table class 5): places of under 15,000 people, or with
/// none on record, that only a name the tagger found as a place resolves to (see
/// `Matcher::names_only`).
pub(crate) const CLASS_TOWN: u8 = 5 + CLASS_CURATED;

/// The derived tables (see `scripts/build_gazetteer.py` for the columns).
const TABLES: &[&str] = &[
    include_str!("../../data/countries.tsv"),
    include_str!("../../data/groups.tsv"),
    include_str!("../../data/international.tsv"),
    include_str!("../../data/institutions.tsv"),
    include_str!("../../data/people.tsv"),
    include_str!("../../data/cities.tsv"),
    include_str!("../../data/regions.tsv"),
    include_str!("../../data/towns.tsv"),
];

/// The shipped curated entities.
const CURATED: &str = include_str!("../../data/curated.toml");

/// One known entity with every name the tagger matches for it.
#[derive(Debug, Clone)]
pub(crate) struct Entity {
    pub id: String,
    pub kind: EntityKind,
    pub name: String,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Resolution rank when entities share an alias: lower wins, then larger population.
    pub class: u8,
    pub population: u64,
    /// Matched names (the canonical name included when it is safe to match).
    pub aliases: Vec<String>,
    /// Words tagged as kind `nationality` of this entity ("Iranian").
    pub demonyms: Vec<String>,
    /// The first-level region (`admin1:` entity) a city lies in, as an index into the entities.
    pub region: Option<u32>,
    /// The `admin1:` id of the region, until [`Gazetteer::load`] resolves it to `region`.
    admin1: Option<String>,
}

impl Entity {
    /// Whether this is a first-level region (`admin1:`).
    pub fn is_region(&self) -> bool {
        self.id.starts_with("admin1:")
    }

    /// The rank used to order entities sharing an alias (lower first, then larger
    /// population): the class, except that regions rank with cities and are told apart from
    /// them by population.
    pub fn rank(&self) -> u8 {
        if self.is_region() {
            CLASS_CITY
        } else {
            self.class
        }
    }

    /// Canonical name, aliases and demonyms, deduplicated: what a search filter matches.
    pub fn terms(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(1 + self.aliases.len() + self.demonyms.len());
        for t in std::iter::once(&self.name)
            .chain(&self.aliases)
            .chain(&self.demonyms)
        {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(t)) {
                out.push(t.clone());
            }
        }
        out
    }
}

/// All entities, indexed by id.
#[derive(Debug, Default)]
pub(crate) struct Gazetteer {
    pub entities: Vec<Entity>,
    /// Entity by id (built from the shipped tables and the user's entity files, looked up for
    /// every name found: a fast hash).
    by_id: FxHashMap<String, usize>,
}

impl Gazetteer {
    /// Loads the shipped tables and curated list, then each user file in order.
    pub fn load(entity_files: &[std::path::PathBuf]) -> Result<Gazetteer> {
        let mut g = Gazetteer::default();
        // Growing the list of some 100,000 entities row by row copied it over and over.
        let rows: usize = TABLES.iter().map(|t| t.lines().count()).sum();
        g.entities.reserve(rows);
        g.by_id.reserve(rows);
        for table in TABLES {
            for line in table.lines() {
                if let Some(e) = parse_tsv_line(line) {
                    g.merge(e);
                }
            }
        }
        for e in parse_entity_toml(CURATED, Path::new("data/curated.toml"), CLASS_CURATED)? {
            g.merge(e);
        }
        for path in entity_files {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
            for e in parse_entity_toml(&text, path, CLASS_USER)? {
                g.merge(e);
            }
        }
        for i in 0..g.entities.len() {
            if let Some(code) = g.entities[i].admin1.take() {
                g.entities[i].region = g.by_id.get(&code).map(|&r| r as u32);
            }
        }
        // A region's population, for ranking it against cities of its name: a tenth of its
        // listed cities' (not its towns'), at least 40,000 ("Florida" and "Delaware" alone are
        // the states, not Florida, Colombia, or Delaware, Ohio; "Washington" and "New York"
        // stay the cities).
        let mut sums = vec![0u64; g.entities.len()];
        for e in g.entities.iter().filter(|e| e.class != CLASS_TOWN) {
            if let Some(r) = e.region {
                sums[r as usize] += e.population;
            }
        }
        for (e, sum) in g.entities.iter_mut().zip(sums) {
            if e.is_region() && e.population == 0 {
                e.population = (sum / 10).max(40_000);
            }
        }
        Ok(g)
    }

    /// The GeoNames city nearest to a point, if one lies within `max_km` (a scan of the
    /// cities: for the rare written coordinate, not for every mention).
    pub fn nearest_city(&self, lat: f64, lon: f64, max_km: f64) -> Option<&Entity> {
        self.entities
            .iter()
            .filter(|e| e.kind == EntityKind::Place && e.id.starts_with("geonames:"))
            .filter_map(|e| Some((distance_km((lat, lon), (e.lat?, e.lon?)), e)))
            .filter(|&(d, _)| d <= max_km)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, e)| e)
    }

    /// The index of the entity of a country code, if known.
    pub fn country_index(&self, code: &str) -> Option<usize> {
        let mut id = String::with_capacity(10);
        id.push_str("country:");
        id.push_str(code);
        self.by_id.get(&id).copied()
    }

    /// The entity with this id, if any.
    #[cfg(test)]
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    /// The index of the entity with this id, if any.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Adds an entity, or extends the one with the same id.
    fn merge(&mut self, e: Entity) {
        let Some(&i) = self.by_id.get(&e.id) else {
            self.by_id.insert(e.id.clone(), self.entities.len());
            self.entities.push(e);
            return;
        };
        let old = &mut self.entities[i];
        old.name = e.name;
        old.kind = e.kind;
        old.class = old.class.min(e.class);
        if e.country.is_some() {
            old.country = e.country;
        }
        if e.lat.is_some() {
            old.lat = e.lat;
            old.lon = e.lon;
        }
        if e.admin1.is_some() {
            old.admin1 = e.admin1;
        }
        for a in e.aliases {
            if !old.aliases.contains(&a) {
                old.aliases.push(a);
            }
        }
        for d in e.demonyms {
            if !old.demonyms.contains(&d) {
                old.demonyms.push(d);
            }
        }
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split('|')
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Parses one line of a derived table; a malformed line is skipped (the tables are generated).
fn parse_tsv_line(line: &str) -> Option<Entity> {
    let mut f = line.split('\t');
    let id = f.next()?;
    let kind = EntityKind::parse(f.next()?)?;
    let name = f.next()?;
    let country = f.next()?;
    let lat = f.next()?.parse().ok();
    let lon = f.next()?.parse().ok();
    // Table classes start at 1 (countries); shift them below the curated class.
    let class = f.next()?.parse::<u8>().ok()? + CLASS_CURATED;
    let population = f.next()?.parse().unwrap_or(0);
    let aliases = split_list(f.next().unwrap_or(""));
    let demonyms = split_list(f.next().unwrap_or(""));
    let admin1 = f
        .next()
        .filter(|c| !c.is_empty())
        .map(|c| format!("admin1:{c}"));
    Some(Entity {
        id: id.to_owned(),
        kind,
        name: name.to_owned(),
        country: (!country.is_empty()).then(|| country.to_owned()),
        lat,
        lon,
        class,
        population,
        aliases,
        demonyms,
        region: None,
        admin1,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityFile {
    #[serde(default)]
    entity: Vec<EntityEntry>,
    // The same file may hold topics (`dossier.toml`); topics.rs reads those.
    #[serde(default, rename = "topic")]
    _topic: Option<toml::Value>,
    #[serde(default, rename = "threshold")]
    _threshold: Option<toml::Value>,
    #[serde(default, rename = "min_weight")]
    _min_weight: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    kind: String,
    id: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    country: Option<String>,
    #[serde(default)]
    demonyms: Vec<String>,
}

/// Lowercase ASCII slug: "Maghaweir al-Thowra" -> "maghaweir-al-thowra".
pub(crate) fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The id prefix used when an entity file gives no id.
fn default_prefix(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Organization => "org",
        EntityKind::Place => "place",
        EntityKind::Nationality => "nationality",
    }
}

/// Parses an entity file; any problem is an [`Error::Config`] naming the file.
pub(crate) fn parse_entity_toml(text: &str, path: &Path, class: u8) -> Result<Vec<Entity>> {
    let config = |message: String| Error::Config {
        path: path.to_owned(),
        message,
    };
    let file: EntityFile = toml::from_str(text).map_err(|e| config(e.to_string()))?;
    let mut out = Vec::with_capacity(file.entity.len());
    for (i, e) in file.entity.into_iter().enumerate() {
        let at = format!("entity {} ({:?})", i + 1, e.name);
        let name = e.name.trim().to_owned();
        if name.is_empty() {
            return Err(config(format!("entity {}: empty name", i + 1)));
        }
        let kind = EntityKind::parse(&e.kind).ok_or_else(|| {
            config(format!(
                "{at}: unknown kind {:?} (expected person, organization, place or nationality)",
                e.kind
            ))
        })?;
        if e.lat.is_some() != e.lon.is_some() {
            return Err(config(format!("{at}: give both lat and lon, or neither")));
        }
        if e.lat.is_some_and(|l| !(-90.0..=90.0).contains(&l))
            || e.lon.is_some_and(|l| !(-180.0..=180.0).contains(&l))
        {
            return Err(config(format!("{at}: coordinates out of range")));
        }
        let country = match e.country {
            Some(c) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) => {
                Some(c.to_ascii_uppercase())
            }
            Some(c) => {
                return Err(config(format!(
                    "{at}: country {c:?} is not an ISO 3166-1 alpha-2 code"
                )));
            }
            None => None,
        };
        let id = match e.id {
            Some(id) if !id.trim().is_empty() => id.trim().to_owned(),
            Some(_) => return Err(config(format!("{at}: empty id"))),
            None => format!("{}:{}", default_prefix(kind), slug(&name)),
        };
        let mut aliases = vec![name.clone()];
        for a in e.aliases {
            let a = a.trim();
            if !a.is_empty() && !aliases.iter().any(|x| x == a) {
                aliases.push(a.to_owned());
            }
        }
        out.push(Entity {
            id,
            kind,
            name,
            country,
            lat: e.lat,
            lon: e.lon,
            class,
            population: 0,
            aliases,
            demonyms: e.demonyms,
            region: None,
            admin1: None,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_data_loads() {
        let g = Gazetteer::load(&[]).unwrap();
        assert!(g.entities.len() > 50_000, "{}", g.entities.len());
        let tanf = g.get("place:al-tanf").unwrap();
        assert_eq!(tanf.kind, EntityKind::Place);
        assert!((tanf.lat.unwrap() - 33.5).abs() < 0.1);
        let iran = g.get("country:IR").unwrap();
        assert!(iran.demonyms.iter().any(|d| d == "Iranian"));
        assert!(g.get("org:mat").unwrap().aliases.iter().any(|a| a == "MAT"));
        let damascus = g.get("geonames:170654").unwrap();
        let region = &g.entities[damascus.region.unwrap() as usize];
        assert_eq!(
            (region.id.as_str(), region.country.as_deref()),
            ("admin1:SY.13", Some("SY"))
        );
    }

    #[test]
    fn default_id_and_bad_kind() {
        let ok = parse_entity_toml(
            "[[entity]]\nname = \"Jaish al-Foo\"\nkind = \"org\"\n",
            Path::new("x.toml"),
            CLASS_USER,
        )
        .unwrap();
        assert_eq!(ok[0].id, "org:jaish-al-foo");
        let err = parse_entity_toml(
            "[[entity]]\nname = \"X\"\nkind = \"planet\"\n",
            Path::new("bad.toml"),
            CLASS_USER,
        )
        .unwrap_err();
        assert!(matches!(err, Error::Config { ref path, .. } if path == Path::new("bad.toml")));
        assert!(err.to_string().contains("planet"));
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Maghaweir al-Thowra"), "maghaweir-al-thowra");
        assert_eq!(slug("  Kata'ib Hezbollah "), "kata-ib-hezbollah");
    }
}
