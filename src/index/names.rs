//! The entity name table: the names and aliases of every entity the index's passages mention,
//! by id. Passages index entity ids only (the `actor_id` and `place_id` fields, a place with the
//! ids of its region and country); an `actor:` or `place:` filter is resolved through this table
//! to the ids whose names hold the words asked for, so the names are stored once per entity
//! rather than with every passage that mentions it.
//!
//! The table lives in a file beside the index named in the commit payload, like the manifest,
//! so it always changes with the documents. It only grows between rebuilds (a new enrichment
//! configuration starts it afresh): the names of an entity no file mentions any more resolve to
//! an id no passage holds, which matches nothing. An entity's names are the union of what
//! every article that mentions it called it, so an alias found in one article finds the
//! entity's mentions in all of them.
//!
//! File format, one line per id in id order: the id, then each name folded as the entity
//! tokenizer folds words (lowercased, ASCII-folded, words joined by one space), separated by
//! the unit separator (U+001F). Resolving a filter is a substring search of the whole file for
//! the folded words.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer, TokenStream,
};

use super::schema::EntityTokenizer;
use crate::article::EntityRef;
use crate::error::{Error, Result};

/// File names of name tables start with this, then the commit generation.
pub const PREFIX: &str = "dossier-names-";
/// Separates the id and the names on a line.
const SEP: u8 = 0x1f;

/// The analyzer names and filter values are folded with: the entity fields' words.
fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(EntityTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The folded words of `text`: lowercased, ASCII-folded, as the entity fields split them.
pub fn words(text: &str) -> Vec<String> {
    let mut a = analyzer();
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
    }
    out
}

/// One entity's names as the writer collects them, folded only when written.
#[derive(Default)]
struct Entry {
    /// Lists of names as enrichment gave them: a gazetteer entity's is shared by all its
    /// mentions (held here, not copied); an article's own entity adds one only when it
    /// names the entity in a way not seen before.
    lists: Vec<Arc<[String]>>,
    /// Names outside those lists: a canonical name not among its terms, or names read back
    /// from a table file (folded).
    more: Vec<String>,
}

impl Entry {
    fn has(&self, name: &str) -> bool {
        self.more.iter().any(|n| n == name)
            || self.lists.iter().any(|l| l.iter().any(|n| n == name))
    }
}

/// The table as the writer builds it: loaded from the last commit, grown by every article
/// indexed, written with each commit.
#[derive(Default)]
pub struct Table {
    entries: FxHashMap<String, Entry>,
}

impl Table {
    /// Adds an entity's names, and those of the areas it lies in.
    pub fn add(&mut self, e: &EntityRef) {
        let entry = match self.entries.get_mut(e.id.as_str()) {
            Some(entry) => entry,
            None => self.entries.entry(e.id.clone()).or_default(),
        };
        // Every mention of a gazetteer entity shares one list (and its areas): seen once,
        // seen all.
        if entry.lists.iter().any(|l| Arc::ptr_eq(l, &e.terms)) {
            return;
        }
        if e.terms.iter().any(|t| !entry.has(t)) {
            entry.lists.push(Arc::clone(&e.terms));
        }
        if !entry.has(&e.name) {
            entry.more.push(e.name.clone());
        }
        for area in e.areas.iter() {
            self.add(area);
        }
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Reads the table a commit named.
    pub fn load(index_dir: &Path, name: &str) -> Result<Table> {
        let text = read(index_dir, name)?;
        let mut entries = FxHashMap::default();
        for line in text.lines() {
            let mut parts = line.split(SEP as char);
            let Some(id) = parts.next().filter(|id| !id.is_empty()) else {
                continue;
            };
            let more = parts.map(str::to_owned).collect();
            let lists = Vec::new();
            entries.insert(id.to_owned(), Entry { lists, more });
        }
        Ok(Table { entries })
    }

    /// Writes the table to a new file (fsynced) and returns its file name; it becomes the
    /// live table when a commit's payload names it.
    pub fn write(&self, index_dir: &Path, generation: u64) -> Result<String> {
        self.write_with(None, index_dir, generation)
    }

    /// [`Table::write`] of this table and `before` together (the names of both).
    pub fn write_with(
        &self,
        before: Option<&Table>,
        index_dir: &Path,
        generation: u64,
    ) -> Result<String> {
        let name = format!("{PREFIX}{generation:08}.txt");
        let path = index_dir.join(&name);
        let io = |e| Error::io(&path, e);
        let tables = std::iter::once(self).chain(before);
        let mut ids: Vec<&String> = tables.clone().flat_map(|t| t.entries.keys()).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut out = BufWriter::new(fs::File::create(&path).map_err(io)?);
        let mut analyzer = analyzer();
        let mut folded: Vec<String> = Vec::new();
        for id in ids {
            folded.clear();
            let entries = tables.clone().filter_map(|t| t.entries.get(id));
            let names = entries.flat_map(|e| e.lists.iter().flat_map(|l| l.iter()).chain(&e.more));
            for name in names {
                let mut f = String::with_capacity(name.len());
                let mut stream = analyzer.token_stream(name);
                while let Some(t) = stream.next() {
                    if !f.is_empty() {
                        f.push(' ');
                    }
                    f.push_str(&t.text);
                }
                if !f.is_empty() && !folded.contains(&f) {
                    folded.push(f);
                }
            }
            // The same file whatever order the workers added the names in.
            folded.sort_unstable();
            // An id with a line break or separator in it (never made by dossier) would
            // corrupt the line; it is left out.
            if id.bytes().any(|b| b == b'\n' || b == SEP) {
                continue;
            }
            out.write_all(id.as_bytes()).map_err(io)?;
            for f in &folded {
                out.write_all(&[SEP]).map_err(io)?;
                out.write_all(f.as_bytes()).map_err(io)?;
            }
            out.write_all(b"\n").map_err(io)?;
        }
        let file = out.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        Ok(name)
    }
}

/// Removes name tables other than `keep` (left over from earlier commits or crashed runs).
pub fn remove_stale(index_dir: &Path, keep: &str) {
    super::manifest::remove_others(index_dir, PREFIX, keep);
}

fn read(index_dir: &Path, name: &str) -> Result<String> {
    fs::read_to_string(index_dir.join(name)).map_err(|e| Error::Corrupt {
        path: index_dir.to_path_buf(),
        reason: format!("entity name table {name}: {e}"),
    })
}

/// Whether a folded name holds `words` in order with at most `slop` other words between them
/// in all (with `prefix`, the last word may begin a word of the name).
fn holds_near(name: &str, words: &[String], slop: u32, prefix: bool) -> bool {
    let toks: Vec<&str> = name.split(' ').collect();
    let last = words.len() - 1;
    let is = |t: &str, k: usize| {
        if prefix && k == last {
            t.starts_with(words[k].as_str())
        } else {
            t == words[k]
        }
    };
    (0..toks.len()).any(|start| {
        if !is(toks[start], 0) {
            return false;
        }
        let (mut at, mut gaps) = (start, 0usize);
        for k in 1..words.len() {
            let Some(next) = (at + 1..toks.len()).find(|&j| is(toks[j], k)) else {
                return false;
            };
            gaps += next - at - 1;
            at = next;
        }
        gaps <= slop as usize
    })
}

/// The table as search reads it: the file's text, searched as it is.
#[derive(Debug, Default)]
pub struct Names {
    text: String,
}

impl Names {
    /// Reads the table a commit named.
    pub fn load(index_dir: &Path, name: &str) -> Result<Names> {
        Ok(Names {
            text: read(index_dir, name)?,
        })
    }

    /// Every id in the table, in table order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.text
            .lines()
            .map(|line| line.split(SEP as char).next().unwrap_or_default())
    }

    /// A table of `(id, names)` lines, for tests.
    #[cfg(test)]
    fn of(lines: &[(&str, &[&str])]) -> Names {
        let mut text = String::new();
        for (id, names) in lines {
            text.push_str(id);
            for n in *names {
                text.push(SEP as char);
                text.push_str(&words(n).join(" "));
            }
            text.push('\n');
        }
        Names { text }
    }

    /// The ids of the entities that have a name holding the folded `words` in a row (whole
    /// words; with `prefix`, the last may begin a word; with a `slop`, in order with at most
    /// that many other words between them), or whose id is `value` itself. In table order,
    /// each once.
    pub fn resolve(&self, value: &str, words: &[String], prefix: bool, slop: u32) -> Vec<&str> {
        let b = self.text.as_bytes();
        let mut ids = Vec::new();
        // An id as `dossier entities` lists it.
        if value.contains(':') {
            let mut at = 0;
            while at < b.len() {
                let end = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |i| at + i);
                let id_end = memchr::memchr(SEP, &b[at..end]).map_or(end, |i| at + i);
                if self.text[at..id_end].eq_ignore_ascii_case(value.trim()) {
                    return vec![&self.text[at..id_end]];
                }
                at = end + 1;
            }
        }
        let boundary = |c: u8| c == b' ' || c == SEP || c == b'\n';
        if slop > 0 && words.len() > 1 {
            // Lines holding the first word, each name of them checked whole.
            let mut last_line = usize::MAX;
            for p in memchr::memmem::find_iter(b, words[0].as_bytes()) {
                let end = p + words[0].len();
                if (p > 0 && !boundary(b[p - 1])) || (end < b.len() && !boundary(b[end])) {
                    continue;
                }
                let line = memchr::memrchr(b'\n', &b[..p]).map_or(0, |i| i + 1);
                let id_end = memchr::memchr(SEP, &b[line..]).map_or(b.len(), |i| line + i);
                if line == last_line || p < id_end {
                    continue;
                }
                last_line = line;
                let line_end = memchr::memchr(b'\n', &b[p..]).map_or(b.len(), |i| p + i);
                let mut names = self.text[id_end + 1..line_end].split(SEP as char);
                if names.any(|n| holds_near(n, words, slop, prefix)) {
                    ids.push(&self.text[line..id_end]);
                }
            }
            return ids;
        }
        let pattern = words.join(" ");
        if pattern.is_empty() {
            return ids;
        }
        let mut last_line = usize::MAX;
        for p in memchr::memmem::find_iter(b, pattern.as_bytes()) {
            let end = p + pattern.len();
            if p > 0 && !boundary(b[p - 1]) {
                continue;
            }
            if !prefix && end < b.len() && !boundary(b[end]) {
                continue;
            }
            let line = memchr::memrchr(b'\n', &b[..p]).map_or(0, |i| i + 1);
            if line == last_line {
                continue;
            }
            let id_end = memchr::memchr(SEP, &b[line..]).map_or(b.len(), |i| line + i);
            // Inside the id, not a name.
            if p < id_end {
                continue;
            }
            last_line = line;
            ids.push(&self.text[line..id_end]);
        }
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::EntityKind;

    fn entity(id: &str, name: &str, terms: &[&str], areas: Vec<EntityRef>) -> EntityRef {
        EntityRef {
            id: id.into(),
            name: name.into(),
            kind: EntityKind::Place,
            terms: terms.iter().map(|t| t.to_string()).collect(),
            areas: areas.into(),
        }
    }

    fn resolve<'a>(names: &'a Names, value: &str) -> Vec<&'a str> {
        let prefix = value.ends_with('*');
        let value = value.trim_end_matches('*');
        names.resolve(value, &words(value), prefix, 0)
    }

    #[test]
    fn filters_resolve_to_the_ids_whose_names_hold_the_words() {
        let names = Names::of(&[
            ("country:sy", &["Syria", "Syrian Arab Republic"]),
            (
                "org:mat",
                &["Maghaweir al-Thowra", "MAT", "Maghawir al-Thawra"],
            ),
            ("place:al-tanf", &["al-Tanf", "At Tanf"]),
            ("person:tanf", &["Tanfi"]),
        ]);
        assert_eq!(resolve(&names, "MAT"), ["org:mat"]);
        assert_eq!(resolve(&names, "Maghawir al-Thawra"), ["org:mat"]);
        assert_eq!(resolve(&names, "maghaweir"), ["org:mat"]);
        // Whole words in a row: not a word's start or end, not words of two names.
        assert_eq!(resolve(&names, "Tanf"), ["place:al-tanf"]);
        assert!(resolve(&names, "Thowra MAT").is_empty());
        assert!(resolve(&names, "Arab Syria").is_empty());
        assert!(resolve(&names, "Syr").is_empty());
        // A prefix, and ASCII folding.
        assert_eq!(resolve(&names, "Syr*"), ["country:sy"]);
        assert_eq!(resolve(&names, "tan*"), ["place:al-tanf", "person:tanf"]);
        assert_eq!(resolve(&names, "SYRÍA"), ["country:sy"]);
        // The words of an id are no name; the id itself is.
        assert!(resolve(&names, "country").is_empty());
        assert_eq!(resolve(&names, "org:mat"), ["org:mat"]);
        assert_eq!(resolve(&names, "Country:SY"), ["country:sy"]);
        assert!(resolve(&names, "").is_empty());
        // A slop lets other words stand between, in order, inside one name.
        let w = words("maghaweir thowra");
        assert!(names.resolve("", &w, false, 0).is_empty());
        assert_eq!(names.resolve("", &w, false, 1), ["org:mat"]);
        assert!(
            names
                .resolve("", &words("thowra maghaweir"), false, 5)
                .is_empty()
        );
        assert!(
            names
                .resolve("", &words("syrian republic"), false, 0)
                .is_empty()
        );
        assert_eq!(
            names.resolve("", &words("syrian republic"), false, 1),
            ["country:sy"]
        );
        assert!(names.resolve("", &words("thowra mat"), false, 3).is_empty());
        assert_eq!(
            names.resolve("", &words("maghaweir thow"), true, 1),
            ["org:mat"]
        );
    }

    #[test]
    fn table_round_trips_and_grows_by_union() {
        let dir = tempfile::tempdir().unwrap();
        let syria = entity(
            "country:sy",
            "Syria",
            &["Syria", "Syrian Arab Republic"],
            vec![],
        );
        let homs = entity(
            "region:homs",
            "Homs Governorate",
            &["Homs"],
            vec![syria.clone()],
        );
        let palmyra = entity(
            "place:palmyra",
            "Palmyra",
            &["Palmyra", "Tadmur"],
            vec![homs],
        );
        let mut t = Table::default();
        t.add(&palmyra);
        assert_eq!(t.len(), 3);
        let name = t.write(dir.path(), 1).unwrap();
        assert_eq!(name, "dossier-names-00000001.txt");

        let mut t = Table::load(dir.path(), &name).unwrap();
        // The same id named differently elsewhere: both names kept, folded once.
        t.add(&entity(
            "place:palmyra",
            "PALMYRA",
            &["Tudmur", "Al Tadmur"],
            vec![],
        ));
        let name = t.write(dir.path(), 2).unwrap();
        let names = Names::load(dir.path(), &name).unwrap();
        assert_eq!(resolve(&names, "Tudmur"), ["place:palmyra"]);
        assert_eq!(resolve(&names, "palmyra"), ["place:palmyra"]);
        assert_eq!(resolve(&names, "Homs"), ["region:homs"]);
        assert_eq!(resolve(&names, "Syrian Arab Republic"), ["country:sy"]);
        let text = fs::read_to_string(dir.path().join(&name)).unwrap();
        // Each name once, folded, in one order whatever order they came in.
        let line = text
            .lines()
            .find(|l| l.starts_with("place:palmyra"))
            .unwrap();
        assert_eq!(
            line,
            "place:palmyra\u{1f}al tadmur\u{1f}palmyra\u{1f}tadmur\u{1f}tudmur"
        );

        // Written with an earlier table, both tables' names are in the file.
        let mut fresh = Table::default();
        fresh.add(&entity("place:aleppo", "Aleppo", &["Halab"], vec![]));
        let before = Table::load(dir.path(), &name).unwrap();
        let both = fresh.write_with(Some(&before), dir.path(), 3).unwrap();
        let both = Names::load(dir.path(), &both).unwrap();
        assert_eq!(resolve(&both, "Halab"), ["place:aleppo"]);
        assert_eq!(resolve(&both, "Tudmur"), ["place:palmyra"]);
        let alone = fresh.write(dir.path(), 4).unwrap();
        assert!(resolve(&Names::load(dir.path(), &alone).unwrap(), "Tudmur").is_empty());
        let name = alone;

        remove_stale(dir.path(), &name);
        let left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, [name]);
    }
}
