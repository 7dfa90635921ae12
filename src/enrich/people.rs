//! People, first version: a title ("Major", "Foreign Minister", "Gen.") followed by one to three
//! capitalised words is a person; surnames of the people found link later bare mentions.

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

use super::matcher::{is_whole_word, starts_word};
use crate::article::EntityKind;

/// British honorifics and peerages, which only people bear: a name opening with one and
/// another capitalised word is a person's ("Dame Kelly Holmes", "Sir Alex Ferguson",
/// "Baroness Scotland").
const HONOURS: &[&str] = &[
    "Sir",
    "Dame",
    "Baroness",
    "Baron",
    "Viscount",
    "Viscountess",
];

/// Whether `name` opens with one of [`HONOURS`] and goes on with a capitalised word.
pub(crate) fn honoured(name: &str) -> bool {
    name.split_once(' ').is_some_and(|(first, rest)| {
        HONOURS.contains(&first) && rest.starts_with(|c: char| c.is_uppercase())
    })
}

/// Titles that announce a name, longest first where one extends another.
const TITLES: &[&str] = &[
    "President",
    "Vice President",
    "Prime Minister",
    "Foreign Minister",
    "Defense Minister",
    "Defence Minister",
    "Interior Minister",
    "Minister",
    "Deputy Minister",
    "Major",
    "Maj.",
    "Maj. Gen.",
    "Major General",
    "General",
    "Gen.",
    "Lt. Gen.",
    "Brig. Gen.",
    "Brig.",
    "Brigadier General",
    "Colonel",
    "Col.",
    "Lt. Col.",
    "Lieutenant Colonel",
    "Lt.",
    "Lieutenant",
    "Sgt.",
    "Sergeant",
    "Staff Sgt.",
    "Adm.",
    "Admiral",
    // US enlisted and warrant ranks as news and press releases abbreviate them ("Spc. Lorraine
    // Walsh", "Petty Officer 1st Class Charles H. Keating IV"), and British ones.
    "Pvt.",
    "Pfc.",
    "Spc.",
    "Cpl.",
    "Lance Cpl.",
    "Sgt. 1st Class",
    "Master Sgt.",
    "Senior Master Sgt.",
    "Chief Master Sgt.",
    "Tech. Sgt.",
    "1st Sgt.",
    "Sgt. Maj.",
    "Command Sgt. Maj.",
    "Warrant Officer",
    "Chief Warrant Officer",
    "Airman 1st Class",
    "Senior Airman",
    "Petty Officer",
    "Petty Officer 1st Class",
    "Petty Officer 2nd Class",
    "Petty Officer 3rd Class",
    "Chief Petty Officer",
    "Senior Chief Petty Officer",
    "Master Chief Petty Officer",
    "Special Warfare Operator 1st Class",
    "Special Warfare Operator 2nd Class",
    "Senior Chief Special Warfare Operator",
    "1st Lt.",
    "2nd Lt.",
    "Lt. Cmdr.",
    "Lieutenant General",
    "Lieutenant Commander",
    "Brigadier",
    "Corporal",
    "Lance Corporal",
    "Wing Commander",
    "Squadron Leader",
    "Group Captain",
    "Flight Lieutenant",
    "Air Marshal",
    "Air Vice-Marshal",
    "Air Chief Marshal",
    "Vice Adm.",
    "Rear Adm.",
    "Commodore",
    "Rear Admiral",
    "Vice Admiral",
    "Captain",
    "Capt.",
    "Commander",
    "Cmdr.",
    "Secretary",
    "Secretary of State",
    "Defense Secretary",
    "Defence Secretary",
    "Foreign Secretary",
    "Secretary of Defense",
    "Assistant Secretary",
    "Deputy Secretary",
    "Under Secretary",
    "Chief Secretary",
    "Home Secretary",
    "General Secretary",
    "Secretary General",
    "Trade Representative",
    "Deputy Trade Representative",
    "Lord Chancellor",
    "Chancellor of the Exchequer",
    "Lord Chief Justice",
    "Senator",
    "Sen.",
    "Rep.",
    "Representative",
    "Congressman",
    "Congresswoman",
    "Ambassador",
    "Governor",
    "Gov.",
    "King",
    "Queen",
    "Prince",
    "Crown Prince",
    "Sheikh",
    "Sheik",
    "Emir",
    "Ayatollah",
    "Sir",
    "Dame",
    "Prof",
    "Prof.",
    "Professor",
    "Dr.",
    "Mr.",
    "Mrs.",
    "Ms.",
    // British style, without the period ("Mr Ellwood").
    "Dr",
    "Mr",
    "Mrs",
    "Ms",
    "spokesman",
    "spokeswoman",
    "Spokesman",
    "Spokeswoman",
    "Chancellor",
    // Members of parliaments, after their party ("Labour MP John Smith").
    "MP",
    "MEP",
    "MSP",
    // Officers of companies, after their company ("Ryanair CEO Michael O'Leary").
    "CEO",
    "Chief Executive",
    "Chief Executive Officer",
    "Chief Operating Officer",
    "Chief Financial Officer",
    "Chairman",
    "Chairwoman",
    "Managing Director",
    "Director",
    "Director General",
    "Director-General",
    "Pope",
    "Justice",
    "Chief Justice",
];

/// Last words of the names of places, facilities and companies that open with a title word
/// ("Prince Sultan Air Base", "King Abdullah University", "General Electric"): a title
/// followed by such a name names no person.
const NOT_PERSON_ENDS: &[&str] = &[
    "Agency",
    "Airport",
    "Base",
    "Bridge",
    "Co",
    "College",
    "Commission",
    "Committee",
    "Company",
    "Corp",
    "Corporation",
    "Council",
    "Court",
    "Department",
    "Dynamics",
    "Election",
    "Elections",
    "Electric",
    "Group",
    "Hospital",
    "Hotel",
    "Inc",
    "International",
    "Ltd",
    "Mills",
    "Ministry",
    "Mosque",
    "Motors",
    "Palace",
    "Party",
    "Square",
    "Stadium",
    "Street",
    "University",
];

/// Titles that also open names of companies, places and offices ("General Motors", "General
/// Santos", "Justice Department"): a name the tagger found starting with one of them is kept
/// whole; after any other title ("Senator Lloyd Bentsen" typed ORG) the title rule finds the
/// person.
pub(crate) const NAME_OPENING_TITLES: &[&str] = &["General", "Justice"];

/// Lowercase particles allowed inside a name ("bin Laden", "de Mistura").
const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "bint", "abu", "ibn", "de", "van", "von", "der", "da", "della", "di", "du", "el",
    "la", "le",
];

/// The part of a person's name the tagger found (titles trimmed) that is the name, as byte
/// offsets: what comes after a lowercase word for a role ("Central Bank chairman Sergei
/// Ignatiev", "Muse singer Matt Bellamy") and before any other lowercase word ("Ellwood met",
/// "Michel Gondry for Eternal Sunshine"). Particles stay ("Osama bin Laden", "al-Jaafari");
/// the whole of `name` when nothing capitalised would be left.
pub(crate) fn name_between_common_words(name: &str) -> (usize, usize) {
    // (start, end) of each lowercase word that is no particle.
    let mut common = Vec::new();
    let mut at = 0;
    for word in name.split(' ') {
        let particle = word.split(['-', '\'', '’']).next().unwrap_or(word);
        if word.starts_with(char::is_lowercase)
            && !NAME_PARTICLES.contains(&particle)
            && !MORE_PARTICLES.contains(&particle)
        {
            common.push((at, at + word.len()));
        }
        at += word.len() + 1;
    }
    // After the last role a name follows ("Liberal Democrat parliamentary chairman Matthew
    // Taylor"), up to the first other lowercase word after it.
    let from = common
        .iter()
        .rev()
        .find(|&&(s, e)| {
            is_role_word(&name[s..e])
                && name
                    .get(e + 1..)
                    .is_some_and(|r| r.starts_with(char::is_uppercase))
        })
        .map_or(0, |&(_, e)| e + 1);
    // A role written capitalised opening a sentence ("Actor Daniel Day-Lewis", "Comedian
    // Chris Morris").
    let from = match name.split_once(' ') {
        Some((first, rest))
            if from == 0
                && CAPITALISED_ROLES.contains(&first)
                && rest.starts_with(char::is_uppercase) =>
        {
            first.len() + 1
        }
        _ => from,
    };
    let to = common
        .iter()
        .find(|&&(s, _)| s >= from)
        .map_or(name.len(), |&(s, _)| name[..s].trim_end().len());
    if from >= to || !name[from..to].starts_with(char::is_uppercase) {
        return (0, name.len());
    }
    (from, to)
}

/// Whether a lowercase word names a role that a name follows ("chairman", "singer",
/// "executive", "star"): the words of [`ROLE_WORDS`], and those of more than four letters
/// ending like a role ("-er", "-or", "-ist", "-ian", "-man", "-ent", "-ant") but for a few
/// function words and verbs.
fn is_role_word(word: &str) -> bool {
    if ROLE_WORDS.contains(&word) {
        return true;
    }
    word.len() > 4
        && ["er", "or", "ist", "ian", "man", "men", "ent", "ant"]
            .iter()
            .any(|s| word.ends_with(s))
        && !NOT_ROLES.contains(&word)
}

/// Role words that [`is_role_word`]'s endings miss.
/// Roles that open a sentence before a person's name, capitalised there ("Actor Daniel
/// Day-Lewis"); a list, not the endings of [`is_role_word`], which first names share
/// ("Peter", "Brian", "Vincent").
const CAPITALISED_ROLES: &[&str] = &[
    "Actor",
    "Actress",
    "Singer",
    "Comedian",
    "Director",
    "Author",
    "Writer",
    "Novelist",
    "Playwright",
    "Rapper",
    "Veteran",
    "Striker",
    "Coach",
    "Boss",
    "Manager",
    "Entrepreneur",
    "Tycoon",
    "Billionaire",
    "Businessman",
    "Producer",
    "Presenter",
    "Broadcaster",
    "Designer",
    "Defender",
    "Midfielder",
    "Goalkeeper",
    "Winger",
    "Skipper",
    "Chef",
    "Poet",
    "Composer",
    "Guitarist",
];

const ROLE_WORDS: &[&str] = &[
    "executive",
    "secretary",
    "chief",
    "coach",
    "star",
    "boss",
    "head",
    "captain",
    "general",
    "judge",
    "candidate",
    "rival",
    "colleague",
    "chair",
    "deputy",
    "envoy",
    "aide",
    "prime",
    "champion",
    "legend",
    "veteran",
    "hero",
    "great",
    "analyst",
    "nominee",
    "actress",
    "princess",
    "duchess",
    "prop",
    "lock",
    "wing",
    "centre",
    "fly-half",
    "scrum-half",
    "full-back",
    "forward",
];

/// Words ending like a role that are none.
const NOT_ROLES: &[&str] = &[
    "after", "under", "over", "never", "whether", "either", "neither", "together", "other",
    "rather", "later", "another", "whatever", "sooner", "latter", "better", "greater", "offer",
    "enter", "consider", "spent", "meant", "grant", "recent", "current", "present", "against",
    "amongst", "about", "ever", "every",
];

/// Lowercase words of names that [`NAME_PARTICLES`] leaves out, as they do not open a
/// surname after a title ("dos Santos", "Primo de Rivera y Orbaneja", "Zia ul-Haq",
/// "d'Estaing").
const MORE_PARTICLES: &[&str] = &[
    "del", "dos", "das", "do", "y", "e", "den", "ter", "ten", "zu", "ul", "ben", "lo", "les",
    "des", "op", "af", "av", "d", "l",
];

/// Capitalised words that never start or continue a name after a title.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "And",
    "Of",
    "In",
    "On",
    "At",
    "For",
    "To",
    "But",
    "Or",
    "I",
    "He",
    "She",
    "It",
    "They",
    "We",
    "This",
    "That",
    "His",
    "Her",
    "Their",
    "Said",
    "Says",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Office",
    "Administration",
    "Government",
    // Name suffixes: "Martin Luther King Jr." is not "King" the title and a person "Jr".
    "Jr",
    "Sr",
];

/// Finds titled names.
pub(crate) struct PersonFinder {
    titles: AhoCorasick,
    /// The bytes a title starts with.
    first: [bool; 256],
}

impl PersonFinder {
    /// Builds the title automaton (searched anchored, see [`PersonFinder::find`]).
    pub fn new() -> PersonFinder {
        let titles = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(TITLES)
            .expect("title automaton builds");
        let mut first = [false; 256];
        for t in TITLES {
            first[t.as_bytes()[0] as usize] = true;
        }
        PersonFinder { titles, first }
    }

    /// Names that follow a title in `text`: the byte offset where the title starts and the
    /// name's byte span. The automaton is tried only where a word starts with a byte some
    /// title starts with (anchored there), not run over every byte; a match that is not a
    /// whole word is skipped, as is the text it covers.
    pub fn find(&self, text: &str) -> Vec<(usize, (usize, usize))> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if !self.first[bytes[i] as usize] || !starts_word(text, i) {
                i += 1;
                continue;
            }
            let input = Input::new(text).range(i..).anchored(Anchored::Yes);
            let Some(m) = self.titles.find(input) else {
                i += 1;
                continue;
            };
            i = m.end();
            if is_whole_word(text, m.start(), m.end())
                && let Some(span) = name_after(text, m.end())
                && !common_word_after(text, &text[m.start()..m.end()], span)
            {
                // A title directly followed by another title ("spokesman Col. X") is skipped
                // here; the inner title finds the name.
                out.push((m.start(), span));
            }
        }
        out
    }
}

/// Whether a name after a title that also opens other names ("General Election", "General
/// Workers Union") opens with a word the text also writes in lowercase: no person then.
fn common_word_after(text: &str, title: &str, (s, e): (usize, usize)) -> bool {
    NAME_OPENING_TITLES.contains(&title)
        && text[s..e]
            .split(' ')
            .next()
            .is_some_and(|first| super::fuse::occurs_lowercase(text, first))
}

/// Parses one word at `pos`: letters and digits joined by inner hyphens or apostrophes, and an
/// initial's dot ("J."). Returns its end.
fn word_end(text: &str, pos: usize) -> usize {
    let mut end = pos;
    let mut chars = text[pos..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            end = pos + i + c.len_utf8();
        } else if matches!(c, '-' | '\'' | '’')
            && chars.peek().is_some_and(|&(_, n)| n.is_alphabetic())
        {
            continue;
        } else {
            break;
        }
    }
    end
}

/// The 1-3 capitalised words after a title ending at `pos`, if any.
fn name_after(text: &str, pos: usize) -> Option<(usize, usize)> {
    let rest = &text[pos..];
    let skip = rest.len() - rest.trim_start_matches([' ', '\u{a0}']).len();
    if skip == 0 || skip > 2 {
        return None;
    }
    let start = pos + skip;
    let mut at = start;
    let mut end = start;
    let mut words = 0;
    loop {
        let we = word_end(text, at);
        if we == at {
            break;
        }
        let mut w = &text[at..we];
        // Possessive: "Trump's" names "Trump".
        let mut wend = we;
        for s in ["'s", "’s"] {
            if let Some(stem) = w.strip_suffix(s) {
                w = stem;
                wend = we - s.len();
            }
        }
        let first = w.chars().next()?;
        let is_particle = NAME_PARTICLES.contains(&w);
        let prefixed = ["al-", "el-", "bin-", "abu-"].iter().any(|p| {
            w.strip_prefix(p)
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_uppercase)
        });
        if is_particle {
            // Only inside a name, and only when a capitalised word follows.
            if words == 0 {
                break;
            }
        } else if (first.is_uppercase() || prefixed) && !NOT_NAMES.contains(&w) {
            if words == 0 && TITLES.iter().any(|t| text[at..].starts_with(t)) {
                return None;
            }
            words += 1;
            end = wend;
        } else {
            break;
        }
        let mut next = we;
        // An initial: "Donald J. Trump".
        if w.chars().count() == 1 && text[we..].starts_with('.') && !is_particle {
            next += 1;
            end = next;
        }
        if words == 3 || wend != we || !text[next..].starts_with(' ') {
            break;
        }
        at = next + 1;
    }
    let last = text[start..end].rsplit(' ').next().unwrap_or("");
    (words > 0 && !NOT_PERSON_ENDS.contains(&last)).then_some((start, end))
}

/// Whether `name` reads as a person's full name: two to four words, each capitalised or a
/// name particle ("Piero della Francesco", "Wang Chao-Ming"), the last no kind of place or
/// company ([`NOT_PERSON_ENDS`]).
pub(crate) fn is_full_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words
            .iter()
            .all(|w| w.starts_with(|c: char| c.is_uppercase()) || NAME_PARTICLES.contains(w))
        && !NOT_PERSON_ENDS.contains(words.last().unwrap_or(&""))
}

/// Words that end the names of offices, never a surname to link: "Secretary" alone does not
/// refer back to "Foreign Secretary", nor "Minister" to "FCO Minister".
const OFFICES: &[&str] = &[
    "Minister",
    "Secretary",
    "Commander",
    "Officer",
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "Chairman",
    "Chairwoman",
    "Director",
    "Ambassador",
    "President",
    "Executive",
];

/// Whether `name` names an office by its last word ("Foreign Secretary", "FCO Minister").
pub(crate) fn is_office(name: &str) -> bool {
    name.rsplit(' ')
        .next()
        .is_some_and(|w| OFFICES.contains(&w))
}

/// Whether the office word `word` at byte `at` of `text` ends a longer title written before
/// it ("Chief Executive" + "Officer"): a piece of that title, not a name.
pub(crate) fn ends_a_title(text: &str, at: usize, word: &str) -> bool {
    OFFICES.contains(&word)
        && TITLES
            .iter()
            .any(|t| text[..at].trim_end().ends_with(t) && is_title(&format!("{t} {word}")))
}

/// A person's name without the initials inside it ("Joseph L. Votel" -> "Joseph Votel",
/// "Stephen J. Townsend" -> "Stephen Townsend"), for the person's id: press releases write the
/// middle initial, news often does not, and both are one person. The first and last words
/// stay ("J. Paul Getty"), as do initials of two letters ("George H.W. Bush"). A nickname in
/// quotes goes too ("John “J.D.” Dorrian" -> "John Dorrian").
pub(crate) fn without_initials(name: &str) -> std::borrow::Cow<'_, str> {
    let name = without_nickname(name);
    let words: Vec<&str> = name.split(' ').collect();
    let initial = |w: &&str| {
        let mut c = w.chars();
        matches!((c.next(), c.next(), c.next()), (Some(a), Some('.'), None) if a.is_uppercase())
    };
    if words.len() < 3 || !words[1..words.len() - 1].iter().any(initial) {
        return name;
    }
    let last = words.len() - 1;
    words
        .iter()
        .enumerate()
        .filter(|&(i, w)| i == 0 || i == last || !initial(w))
        .map(|(_, w)| *w)
        .collect::<Vec<_>>()
        .join(" ")
        .into()
}

/// `name` without a nickname in quotes inside it ("John “J.D.” Dorrian" -> "John Dorrian").
fn without_nickname(name: &str) -> std::borrow::Cow<'_, str> {
    for (open, close) in [(" “", "” "), (" \"", "\" ")] {
        if let Some(a) = name.find(open)
            && let Some(b) = name[a + open.len()..].find(close)
        {
            let end = a + open.len() + b + close.len();
            return format!("{} {}", &name[..a], &name[end..]).into();
        }
    }
    name.into()
}

/// Whether `word` is a rank's abbreviation, with or without its dot ("Spc", "Brig", "Lt.").
pub(crate) fn is_abbreviated_rank(word: &str) -> bool {
    let bare = word.trim_end_matches('.');
    !bare.is_empty()
        && !bare.contains(' ')
        && TITLES.iter().any(|t| t.strip_suffix('.') == Some(bare))
}

/// Whether `word` is a title by itself ("President", "Foreign Minister").
pub(crate) fn is_title(word: &str) -> bool {
    title_set().contains(word) && word.starts_with(|c: char| c.is_uppercase())
}

/// [`TITLES`] as a set: the fusion asks about the words of every name it keeps.
fn title_set() -> &'static rustc_hash::FxHashSet<&'static str> {
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| TITLES.iter().copied().collect())
}

/// Byte length of the longest of [`TITLES`].
fn longest_title() -> usize {
    static LEN: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *LEN.get_or_init(|| TITLES.iter().map(|t| t.len()).max().unwrap_or(0))
}

/// Byte offsets of the spaces in `s`.
fn spaces(s: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b' ', s.as_bytes())
}

/// Byte length of the titles that open `name` ("Major ", "Syrian Foreign Minister " is not
/// one: only titles from the list, each followed by a space), 0 if none.
pub(crate) fn title_len(name: &str) -> usize {
    let mut at = 0;
    loop {
        let rest = &name[at..];
        // The longest title of the list before a space with more after it (the caller may
        // pass all the text after a name: only the first spaces can end a title).
        let best = spaces(rest)
            .take_while(|&p| p <= longest_title())
            .filter(|&p| p + 1 < rest.len() && is_title(&rest[..p]))
            .map(|p| p + 1)
            .max();
        match best {
            Some(n) => at += n,
            None => return at,
        }
    }
}

/// Byte length of a title that ends `name` after a space ("Labour MP", "Kremlin spokesman"),
/// 0 if none, if the title opens names itself ("Attorney General"), or if the whole is a title
/// ("Lord Chancellor").
pub(crate) fn title_suffix_len(name: &str) -> usize {
    let titles = title_set();
    if titles.contains(name) {
        return 0;
    }
    // The longest title of the list after a space with more before it.
    spaces(name)
        .filter(|&p| p > 0)
        .map(|p| &name[p + 1..])
        .find(|t| titles.contains(t) && !NAME_OPENING_TITLES.contains(t))
        .map_or(0, |t| t.len() + 1)
}

/// Lowercase particles joined by a hyphen to the capitalised word of an Arabic family name
/// ("al-Hariri", "el-Sisi", "ash-Shaara").
const JOINED_PARTICLES: &[&str] = &["al", "el", "ad", "ash", "as", "at", "az", "ar", "an", "ud"];

/// Lowercase particles written apart before the capitalised word of a name ("bin Laden").
pub(crate) const APART_PARTICLES: &[&str] = &["bin", "ibn", "bint"];

/// Capitalised words that open Arabic names of places ("Ras al-Ain", "Deir ez-Zor", "Jurf
/// al-Sakhar", "Shatt al-Arab").
const ARABIC_PLACE_HEADS: &str = "\
    Ras Ain Ein Tal Tall Tell Deir Dayr Jisr Bab Umm Wadi Jabal Jebel Khan Kafr Kfar Qasr Bir \
    Hay Souq Suq Madinat Marj Qalaat Beit Bayt Bani Banu Hammam Shatt Nahr Jurf Sahl Maarat \
    Maaret Maarrat Khirbet Khirbat Tel Ayn";

/// Capitalised words that open Arabic names of armed groups, parties, councils, mosques and
/// newspapers ("Jabhat al-Nusra", "Jaish al-Izza", "Liwa al-Quds", "Asharq al-Awsat").
const ARABIC_GROUP_HEADS: &str = "\
    Jabhat Jaish Jaysh Liwa Harakat Kataib Katibat Ansar Saraya Ahrar Hayat Asaib Faylaq \
    Tahrir Jund Usbat Ahl Fatah Fateh Quwat Majlis Hizb Tanzim Jamaat Jamaa Dawlat Firqat \
    Thuwar Maghaweir Masjid Jami Asharq Sharq Dar";

/// English words written before such names ("Camp al-Tanf", "Operation al-Fajr").
const ENGLISH_HEADS: &str = "\
    Camp Mount Lake Port Fort Gulf Sea Base Mosque University Hospital Airport Province \
    Governorate District City Street Road Square Bridge Dam Operation Exercise";

/// What an Arabic name with a joined particle is by its first word, when that word opens
/// names of places ([`ARABIC_PLACE_HEADS`]) or of groups ([`ARABIC_GROUP_HEADS`]) and no
/// person's: the tagger read "Jaish al-Izza" and "Jurf al-Sakhar" as people. Without the
/// particle the word may be a name's ("Ras Kwame", a disc jockey).
pub(crate) fn arabic_name_head(name: &str) -> Option<EntityKind> {
    let (first, rest) = name.split_once(' ')?;
    let arabic = rest.split(' ').any(|w| {
        w.split_once('-')
            .is_some_and(|(p, _)| p == "ez" || JOINED_PARTICLES.contains(&p))
    });
    if !arabic {
        None
    } else if one_of(ARABIC_PLACE_HEADS, first) {
        Some(EntityKind::Place)
    } else if one_of(ARABIC_GROUP_HEADS, first) {
        Some(EntityKind::Organization)
    } else {
        None
    }
}

/// Words after a particle that make no family name: the adjectives of places ("Urem
/// al-Kubra", "Ain al-Arab") and the words of newspapers' and channels' names ("Asharq
/// al-Awsat", "Al-Rai al-Aam").
const NOT_FAMILY_NAMES: &str = "\
    Kubra Kabir Kabira Sughra Saghir Saghira Jadida Jadid Qadima Qadim Gharbi Gharbiya \
    Sharqi Sharqiya Shamali Shamaliya Janubi Janubiya Wusta Arab Arabi Arabiya Awsat Aam \
    Youm Yawm Ahram Akhbar Watan Nahar Rai Jazeera Quds Sham Islam Islamiya";

/// Capitalised words that open sentences and phrases but no name ("Near al-Bab", "When
/// al-Assad spoke"), and titles of no rank ("Sheikh"; [`TITLES`] stop the words too).
const NOT_GIVEN_NAMES: &str = "\
    near inside outside around across towards toward into through throughout beyond along \
    behind below above under over between among against after before during since until \
    while when where whereas although though because despite including like unlike via about \
    also then there here now yet so meanwhile however both neither either each every all \
    some many most only even still just once why how what who whom which whose not no north \
    south east west northern southern eastern western central greater upper lower old \
    ancient said says told today yesterday tomorrow a an the of in on at to for by with from \
    and or but as if this that these those he she it we they his her its our their new mr \
    mrs ms dr sir sheikh sheik shaikh imam ayatollah grand emir king queen prince princess \
    sultan crown sayyed sayyid mullah cleric leader commander chief january february march \
    april may june july august september october november december monday tuesday wednesday \
    thursday friday saturday sunday";

/// Whether `word` is one of the space-separated `words`.
fn one_of(words: &str, word: &str) -> bool {
    words.split_ascii_whitespace().any(|w| w == word)
}

/// Whether `word` may be a given name before an Arabic family name: capitalised, letters
/// (and inner hyphens: "Abdul-Aziz") only, not all capitals, and none of the words above.
fn may_be_given_name(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.chars().count() >= 2
        && chars.all(|c| c.is_alphabetic() || c == '-')
        && !word.ends_with('-')
        && !["Al-", "El-"].iter().any(|p| word.starts_with(p))
        && word.chars().skip(1).any(char::is_lowercase)
        && ![ARABIC_PLACE_HEADS, ARABIC_GROUP_HEADS, ENGLISH_HEADS]
            .iter()
            .any(|heads| one_of(heads, word))
        && !TITLES.iter().any(|t| t.split(' ').any(|w| w == word))
        && !NOT_GIVEN_NAMES
            .split_ascii_whitespace()
            .any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether `words` (the text between a name the tagger found and a particle name inside it)
/// are titles only, each followed by a space ("Sheikh ", "Crown Prince "): words that
/// [`may_be_given_name`] refuses and that are capitalised.
pub(crate) fn only_titles(words: &str) -> bool {
    !words.is_empty()
        && words.ends_with(' ')
        && words
            .split_whitespace()
            .all(|w| w.starts_with(char::is_uppercase) && !may_be_given_name(w))
}

/// The Arabic family name with its particle that starts at byte `at` of `text`, as its end:
/// "al-Hariri" or "bin Laden" (a capitalised word after the particle).
fn family_name_at(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let capitalised_word_end = |from: usize| -> Option<usize> {
        let tail = &rest[from..];
        if !tail.starts_with(|c: char| c.is_uppercase()) {
            return None;
        }
        let len = tail
            .char_indices()
            .find(|&(_, c)| !(c.is_alphabetic() || c == '-'))
            .map_or(tail.len(), |(i, _)| i);
        let word = tail[..len].trim_end_matches('-');
        (word.len() >= 2 && !one_of(NOT_FAMILY_NAMES, word)).then_some(at + from + word.len())
    };
    // The particle: the lowercase letters at `at`, then a hyphen or a space.
    let len = rest.bytes().take_while(u8::is_ascii_lowercase).count();
    let particles = match rest.as_bytes().get(len) {
        Some(b'-') => JOINED_PARTICLES,
        Some(b' ') => APART_PARTICLES,
        _ => return None,
    };
    if particles.contains(&&rest[..len]) {
        capitalised_word_end(len + 1)
    } else {
        None
    }
}

/// Arabic names of people written with a particle, as byte offsets: one to three given names
/// and a family name joined to a lowercase particle ("Saad al-Hariri", "Abu Mohammad
/// al-Julani", "Hamza bin Laden", "Mohammed bin Salman al-Saud"). The tagger reads these
/// badly when they open a sentence, and a dictionary knows the family name of one bearer
/// ("al-Assad") but not the others'. The words before the particle must be
/// [`may_be_given_name`] (a title, a preposition or a place's head word such as "Ras" in "Ras
/// al-Ain" stops them), each after a single space.
pub(crate) fn particle_names(text: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let bytes = text.as_bytes();
    // Where a particle may start, after a space: before each hyphen (rare in text, so this
    // is cheaper than looking at every word), and at each " bin ", " ibn ", " bint ".
    let mut starts: Vec<usize> = memchr::memchr_iter(b'-', bytes)
        .filter_map(|h| {
            let p = h - bytes[..h]
                .iter()
                .rev()
                .take_while(|b| b.is_ascii_lowercase())
                .count();
            (p > 0 && bytes[p - 1] == b' ' && (2..=3).contains(&(h - p))).then_some(p)
        })
        .collect();
    for apart in [" bin ", " ibn ", " bint "] {
        starts.extend(memchr::memmem::find_iter(bytes, apart).map(|i| i + 1));
    }
    starts.sort_unstable();
    let mut at = 0;
    for i in starts {
        if i < at {
            continue;
        }
        let Some(mut end) = family_name_at(text, i) else {
            continue;
        };
        // The given names before the particle, each after a single space.
        let mut start = i;
        let mut given = 0;
        while given < 3 && start >= 2 {
            let before = &text[..start - 1];
            let word_start = before
                .rfind(|c: char| !(c.is_alphabetic() || c == '-'))
                .map_or(0, |p| {
                    p + before[p..].chars().next().map_or(1, char::len_utf8)
                });
            let word = &before[word_start..];
            if !may_be_given_name(word)
                || (word_start > 0 && !before[..word_start].ends_with([' ', '\n', '"', '“', '(']))
            {
                break;
            }
            start = word_start;
            given += 1;
            if word_start == 0 || !before[..word_start].ends_with(' ') {
                break;
            }
        }
        if given == 0 {
            continue;
        }
        // A second family name ("bin Salman al-Saud"), or a Gulf dynasty's after "Al" ("bin
        // Hamad Al Thani", "bin Rashid Al Maktoum").
        while let Some(rest) = text[end..].strip_prefix(' ') {
            let dynasty = rest
                .strip_prefix("Al ")
                .filter(|r| r.starts_with(char::is_uppercase))
                .map(|r| end + 1 + 3 + r.find(|c: char| !c.is_alphabetic()).unwrap_or(r.len()));
            match family_name_at(text, end + 1).or(dynasty) {
                Some(e) => end = e,
                None => break,
            }
        }
        if out.last().is_none_or(|&(_, e)| e <= start) {
            out.push((start, end));
        }
        at = end;
    }
    out
}

/// Arabic names of places that open with a word of [`ARABIC_PLACE_HEADS`] and go on with a
/// particle joined to a capitalised word, as byte offsets: "Ras al-Ain", "Maarat al-Numan",
/// "Deir ez-Zor", "Jisr al-Shughur", "Urem al-Kubra". The tagger read them as people ("Maarat
/// al-Numan"), as nothing, or kept only the end ("al-Ain", which the dictionary knows as a
/// football club). Found from the hyphens, as [`particle_names`].
pub(crate) fn arabic_place_names(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for h in memchr::memchr_iter(b'-', bytes) {
        let p = h - bytes[..h]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_lowercase())
            .count();
        if p < 2 || bytes[p - 1] != b' ' || !JOINED_PARTICLES.contains(&&text[p..h]) {
            continue;
        }
        let head = bytes[..p - 1]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        let s = p - 1 - head;
        let inside_word = s > 0 && (bytes[s - 1].is_ascii_alphanumeric() || bytes[s - 1] >= 0x80);
        if head == 0 || inside_word || !one_of(ARABIC_PLACE_HEADS, &text[s..p - 1]) {
            continue;
        }
        let tail = &text[h + 1..];
        if !tail.starts_with(|c: char| c.is_uppercase()) {
            continue;
        }
        let len = tail
            .char_indices()
            .find(|&(_, c)| !c.is_alphabetic())
            .map_or(tail.len(), |(i, _)| i);
        if len >= 2 {
            out.push((s, h + 1 + len));
        }
    }
    out
}

/// Family names of Korean and Chinese people as English news writes them, which come first
/// ("Kim Dae-jung", "Chang Chi-cheng"). Not those that are common English words and open
/// sentences in capitals ("An", "Go", "Ha", "So").
const EAST_ASIAN_SURNAMES: &str = "\
    Kim Lee Yi Rhee Park Pak Choi Choe Chung Jung Jeong Kang Cho Jo Yoon Yun Jang Chang Lim Im \
    Han Oh Seo Suh Shin Kwon Hwang Ahn Song Hong Jeon Chun Ko Moon Mun Yang Son Bae Baek Paik \
    Heo Huh Yoo Yu Nam Noh Roh Kwak Sung Ri Ban Hyun Chen Wang Li Lin Liu Huang Wu Chou Hsu \
    Tsai Kuo Ho Lo Tung Chiang Soong Ma Lien Hu Teng Deng Chu Chao Sun Cheng Tang Yeh Tsang \
    Leung Wong Chan Cheung Lau Ng Lam Tam Yip Chow Kwok Fung Yuan Hsieh Lu Su Shih Kao Pan";

/// Whether `word` reads as one syllable of a romanised Korean or Chinese name: up to three
/// consonants (with "y" and "w"), one to three vowels, and maybe "n", "ng", "k", "l", "m",
/// "p", "t", "h" or "r" ("jong", "hye", "myung", "hwan", "taek", "chih"); not "based" or
/// "listed" ("Hong Kong-based").
fn is_syllable(word: &str) -> bool {
    let w = word.as_bytes();
    if w.is_empty() || w.len() > 6 || !w.iter().all(u8::is_ascii_alphabetic) {
        return false;
    }
    let lower = |b: &u8| b.to_ascii_lowercase();
    let onset = w
        .iter()
        .map(lower)
        .take(3)
        .take_while(|b| b"bcdfghjklmnprstwyz".contains(b))
        .count();
    let vowels = w[onset..]
        .iter()
        .map(lower)
        .take_while(|b| b"aeiouy".contains(b))
        .count();
    if vowels == 0 || vowels > 3 {
        return false;
    }
    let coda: Vec<u8> = w[onset + vowels..].iter().map(lower).collect();
    matches!(
        coda.as_slice(),
        b"" | b"n" | b"ng" | b"k" | b"l" | b"m" | b"p" | b"t" | b"h" | b"r"
    )
}

/// Whether `word` is a family name of [`EAST_ASIAN_SURNAMES`].
pub(crate) fn is_east_asian_surname(word: &str) -> bool {
    one_of(EAST_ASIAN_SURNAMES, word)
}

/// The end of a given name written as two capitalised syllables after a family name ending
/// at `end` (" Jong Un" after "Kim", " Hsien Loong" after "Lee"), if the text goes on so.
pub(crate) fn spaced_given_name_end(text: &str, end: usize) -> Option<usize> {
    let mut at = end;
    for _ in 0..2 {
        let rest = text[at..].strip_prefix(' ')?;
        let len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let word = &rest[..len];
        if !(word.starts_with(|c: char| c.is_ascii_uppercase())
            && word[1..].bytes().all(|b| b.is_ascii_lowercase())
            && len <= 5
            && is_syllable(word))
        {
            return None;
        }
        at += 1 + len;
    }
    let next = text[at..].chars().next();
    (!next.is_some_and(|c| c.is_alphanumeric() || c == '-')).then_some(at)
}

/// Korean and Chinese names with a hyphenated given name, as byte offsets: a family name of
/// [`EAST_ASIAN_SURNAMES`], a space, and two syllables joined by a hyphen, the first
/// capitalised ("Kim Dae-jung", "Moon Jae-in", "Chang Chi-Cheng"). The tagger cut most at
/// the hyphen ("Kim", "Chang") or read them as places when they open a sentence ("Moon
/// Jae-in met"). Found from the hyphens, which are rare in text.
pub(crate) fn east_asian_names(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let word_char = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b >= 0x80;
    let mut out = Vec::new();
    for h in memchr::memchr_iter(b'-', bytes) {
        // The syllable before the hyphen, capitalised, after "<surname> ".
        let first = bytes[..h]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        let f = h - first;
        if first == 0 || !bytes[f].is_ascii_uppercase() || f < 3 || bytes[f - 1] != b' ' {
            continue;
        }
        let surname = bytes[..f - 1]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        let s = f - 1 - surname;
        if surname < 2 || (s > 0 && word_char(bytes[s - 1])) {
            continue;
        }
        let second = bytes[h + 1..]
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        let e = h + 1 + second;
        if e < bytes.len() && word_char(bytes[e]) {
            continue;
        }
        let (given, last) = (&text[f..h], &text[h + 1..e]);
        if is_syllable(given)
            && is_syllable(last)
            && given[1..].bytes().all(|b| b.is_ascii_lowercase())
            && last[1..].bytes().all(|b| b.is_ascii_lowercase())
            && one_of(EAST_ASIAN_SURNAMES, &text[s..f - 1])
        {
            out.push((s, e));
        }
    }
    out
}

/// The surname of a person's name as written: its last word, and without an "al-" particle;
/// none if that word has no capital (a tagger span that ran on: "Henry Campbell-Bannerman
/// born" must not make every "born" a person).
pub(crate) fn surnames(name: &str) -> Vec<&str> {
    let Some(last) = name.split(' ').next_back() else {
        return Vec::new();
    };
    if !last.chars().any(char::is_uppercase) || OFFICES.contains(&last) {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(2);
    if last.chars().count() >= 3 && last != name {
        out.push(last);
    }
    for p in ["al-", "el-", "Al-"] {
        if let Some(s) = last.strip_prefix(p).filter(|s| s.chars().count() >= 3) {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_names_with_particles() {
        let names = |text: &'static str| -> Vec<&str> {
            particle_names(text)
                .into_iter()
                .map(|(s, e)| &text[s..e])
                .collect()
        };
        assert_eq!(
            names("Saad al-Hariri met Abu Mohammad al-Julani and Hamza bin Laden."),
            [
                "Saad al-Hariri",
                "Abu Mohammad al-Julani",
                "Hamza bin Laden"
            ]
        );
        assert_eq!(
            names("Crown Prince Mohammed bin Salman al-Saud, then President Bashar al-Assad."),
            ["Mohammed bin Salman al-Saud", "Bashar al-Assad"]
        );
        assert_eq!(
            names("Sheikh Tamim bin Hamad Al Thani, the emir of Qatar, met Al Jazeera."),
            ["Tamim bin Hamad Al Thani"]
        );
        // Titles, prepositions, possessives and the head words of places and groups open no
        // name; nor do adjectives of places and newspapers' words close one.
        assert!(
            names(
                "Near al-Bab, Syria's al-Assad and Sheikh al-Hadid. Jabhat al-Nusra left Ras \
                 al-Ain and Urem al-Kubra, said Asharq al-Awsat and Al-Rai al-Aam. When \
                 al-Assad spoke, US al-Tanf."
            )
            .is_empty()
        );
        // One line's name does not run on from the line before.
        assert_eq!(names("Damascus\nMaher al-Assad"), ["Maher al-Assad"]);
    }

    #[test]
    fn names_between_common_words() {
        let name = |s: &'static str| {
            let (a, b) = name_between_common_words(s);
            &s[a..b]
        };
        assert_eq!(
            name("Central Bank chairman Sergei Ignatiev"),
            "Sergei Ignatiev"
        );
        assert_eq!(name("Chief executive Thomas Enders"), "Thomas Enders");
        assert_eq!(
            name("Liberal Democrat parliamentary chairman Matthew Taylor"),
            "Matthew Taylor"
        );
        assert_eq!(name("Motley Crue guitarist Mick Mars"), "Mick Mars");
        assert_eq!(name("Ellwood met"), "Ellwood");
        assert_eq!(name("Michel Gondry for Eternal Sunshine"), "Michel Gondry");
        assert_eq!(name("Desailly backs Blues"), "Desailly");
        // Particles are the name's.
        assert_eq!(name("Osama bin Laden"), "Osama bin Laden");
        assert_eq!(name("Ibrahim al-Jaafari"), "Ibrahim al-Jaafari");
        assert_eq!(name("Nick Van den Brul"), "Nick Van den Brul");
        assert_eq!(name("Jose Eduardo dos Santos"), "Jose Eduardo dos Santos");
        assert_eq!(
            name("Cie Generale d'Electricite"),
            "Cie Generale d'Electricite"
        );
        assert_eq!(name("Co chairman"), "Co");
        // Nothing before the first common word: the whole, as found.
        assert_eq!(name("said Blair"), "said Blair");
    }

    fn names(text: &str) -> Vec<&str> {
        PersonFinder::new()
            .find(text)
            .into_iter()
            .map(|(_, (s, e))| &text[s..e])
            .collect()
    }

    #[test]
    fn titled_names() {
        assert_eq!(
            names("said Major Johnny Walker, a spokesman."),
            vec!["Johnny Walker"]
        );
        assert_eq!(
            names("Syrian Foreign Minister Walid Muallem said"),
            vec!["Walid Muallem"]
        );
        assert_eq!(names("President Trump's decision"), vec!["Trump"]);
        assert_eq!(
            names("President Bashar al-Assad spoke"),
            vec!["Bashar al-Assad"]
        );
        assert_eq!(names("spokesman Col. Sean Ryan said"), vec!["Sean Ryan"]);
        assert_eq!(
            names("Osama bin Laden and Mr. Donald J. Trump"),
            vec!["Donald J. Trump"]
        );
        assert_eq!(
            names("Mr Ellwood and Dr Ali Hassan"),
            vec!["Ellwood", "Ali Hassan"]
        );
        assert_eq!(names("Mr Justice Anthony Mann said"), vec!["Anthony Mann"]);
        assert!(names("General Electric Co and General Motors said").is_empty());
        assert!(names("from Prince Sultan Air Base").is_empty());
        assert!(names("Martin Luther King Jr. spoke").is_empty());
        assert!(names("a Major offensive began").is_empty());
        assert!(names("the President said").is_empty());
        // A word after "General" that the text also writes in lowercase is no surname.
        assert!(names("before the General Election. The election is in May.").is_empty());
        assert!(names("the Transport and General Workers Union, whose workers").is_empty());
        assert_eq!(names("General Petraeus said."), vec!["Petraeus"]);
    }

    #[test]
    fn titles_at_the_start() {
        assert_eq!(title_len("Major Johnny Walker"), 6);
        assert_eq!(title_len("Foreign Minister Walid Muallem"), 17);
        assert_eq!(title_len("Johnny Walker"), 0);
        assert_eq!(title_len("Major"), 0);
    }

    #[test]
    fn initials_inside_a_name_leave_its_id() {
        assert_eq!(without_initials("Joseph L. Votel"), "Joseph Votel");
        assert_eq!(without_initials("Donald J. Trump"), "Donald Trump");
        assert_eq!(without_initials("Charles H. Keating"), "Charles Keating");
        assert_eq!(without_initials("J. Paul Getty"), "J. Paul Getty");
        assert_eq!(without_initials("George H.W. Bush"), "George H.W. Bush");
        assert_eq!(without_initials("John Smith"), "John Smith");
        assert_eq!(without_initials("Jr."), "Jr.");
        assert_eq!(without_initials("John “J.D.” Dorrian"), "John Dorrian");
        assert_eq!(without_initials("Richard \"Tex\" Coe"), "Richard Coe");
    }

    #[test]
    fn east_asian_names_with_a_hyphenated_given_name() {
        let names = |t: &'static str| -> Vec<&'static str> {
            east_asian_names(t)
                .into_iter()
                .map(|(s, e)| &t[s..e])
                .collect()
        };
        assert_eq!(
            names("Kim Jong-il died. Moon Jae-in met Wang Chang-Ming (and Li Ka-shing)."),
            [
                "Kim Jong-il",
                "Moon Jae-in",
                "Wang Chang-Ming",
                "Li Ka-shing"
            ]
        );
        // Not a word after the hyphen ("based"), a surname inside a word, a lowercase
        // syllable before the hyphen, a third part or a name that is not a family name.
        assert!(names("a Hong Kong-based firm, McKim Jong-un, Kim jong-un").is_empty());
        assert!(names("Kim Jong-un-style, Smith Jae-in, Kim Jong-un2").is_empty());
        assert!(is_syllable("myung") && is_syllable("hye") && is_syllable("Un"));
        let t = "Kim Jong Un watched; Lee Hsien Loong; Kim Jong Uncle; Lee Ann Womack";
        assert_eq!(
            spaced_given_name_end(t, 3).map(|e| &t[..e]),
            Some("Kim Jong Un")
        );
        assert_eq!(
            spaced_given_name_end(t, 24).map(|e| &t[21..e]),
            Some("Lee Hsien Loong")
        );
        assert_eq!(spaced_given_name_end(t, 41), None);
        assert_eq!(spaced_given_name_end(t, 57), None);
        assert!(!is_syllable("based") && !is_syllable("listed") && !is_syllable(""));
    }

    #[test]
    fn surname_forms() {
        assert_eq!(surnames("Johnny Walker"), vec!["Walker"]);
        assert_eq!(surnames("Bashar al-Assad"), vec!["al-Assad", "Assad"]);
        assert!(surnames("Trump").is_empty());
        assert!(surnames("Henry Campbell-Bannerman born").is_empty());
    }
}
