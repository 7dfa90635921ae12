#!/usr/bin/env python3
"""Derives dossier's shipped gazetteer tables (data/*.tsv) from the third-party lists in
../shared/data/gazetteers. Python 3 standard library only.

Usage (from the repo root):  python3 scripts/build_gazetteer.py [--src DIR] [--out DIR]

Every table has the same tab-separated columns, one entity per line, no header:

    id  kind  name  country  lat  lon  class  population  aliases  demonyms  [admin1]

- kind: person | organization | place
- class: resolution rank when several entities share an alias (lower wins):
  1 country, 2 armed group / IGO / institution / person, 3 city, 4 admin-1 region, 5 town
  (matched only where the tagger found a place, never by the dictionary alone);
  ties are broken by population (higher wins). Curated and user entities (TOML) rank 0.
- aliases: `|`-separated, every string the tagger matches for the entity (the name first when it
  is safe to match on its own); demonyms: `|`-separated, matched as kind `nationality`. All-caps aliases of up to 6 letters are acronyms and are
  matched with exact case by the tagger; everything else is matched case-insensitively.
- admin1 (cities only): `CC.code` of the first-level region, the id of its `admin1:` row.
"""

import argparse
import json
import os
import re
import sys
import unicodedata

# Common English words (and a few first names) that must never be an alias on their own:
# sentence-initial capitals would otherwise turn "Most", "Police" or "Sale" into places.
COMMON = set("""
a about above across act action after again against age ago agree air all almost alone along
already also although always am among an and another any anyone anything are area around art as
ask at away back bad bank bar base bath be bear beat beautiful because become bed been before
began begin behind being believe bell below best better between big bill bird black blue board
boat body book born both box boy bread break bring brother brown build building burn bus
business but buy by call came camp can capital car care carry case cat cause center central
certain chance change charge check child children choose church circle city class clear close
cold college color come common community company complete concern condition consider contain
continue control cook cool corner cost could council country course court cover cross cry cup
current cut dance dark date day dead deal dear death decide deep defence defense degree
democracy democrat department design detail develop did die difference different dinner
direct do doctor does dog dollar done door down draw dream dress drink drive drop dry during each
early earth east easy eat edge education effect eight either else end energy enough enter even
evening event ever every example eye face fact fair fall family far farm fast father fear feel
feet few field fig fight figure fill final find fine fire first fish five floor fly follow food
foot for force forest form forward four free fresh friend from front fruit full fun future game
garden gas gate gave general get girl give glass go god gold golden gone good got government
great green ground group grow guard guess gun had hair half hall hand happen happy hard has hat
have he head health hear heard heart heat heavy held help her here high hill him his history
hit hold hole home hope horse hot hour house how however huge human hundred hunt idea if
important in inch include independence independent industry interest into iron is island it its
job join just keep key kill kind king knew know lady lake land language large last late later
laugh law lay lead learn least leave left leg less let letter level liberty lie life light like
line list listen little live long look lord lost lot love low made main major make man many map
march mark market mass may me mean measure meet men middle might mile military milk mind mine
minute miss mission mobile modern moment money month moon more morning most mother mount mountain
move much music must my name nation national natural nature near need never new news next nice
night nine no none north not note nothing notice now number object ocean of off offer office
often oil old on once one only open or orange order other our out over own page pain paint
paradise park part party pass past pay peace people perhaps person pick picture piece place plain
plan plant play please point police pool poor port post power present president press pretty
price problem produce progress protect prove pull put queen question quick quiet race rain
raise ran reach read reading ready real reason record red remember republic rest return rich
ride right ring rise river road rock roll room rose round rule run safe said sale same saw say
school sea season second see seem self sell send sense sent serve set settle seven several shall
shape she ship shop short should show side sign silver simple since sing single sir sister sit
six size sky sleep slow small snow so social soft soil some son song soon sound south space
speak special spring square stand star start state station stay step still stone stop story
street strong student study such summer sun supply support sure surprise table take talk tall
team tell ten test than thank that the their them then there these they thing think third this
those though thought thousand three through time to today together told tomorrow too took top
total toward town trade train travel tree trip trouble true try turn two type under union unit
until up upon us use usual valley value very victory view village visit voice wait walk wall
want war warm was watch water wave way we wear weather week well went were west what wheel when
where which while white who whole why wide wife wild will win wind window winter wish with
within without woman women wonder wood word work world would write year yes yet you young
your zero
abbey adam albert alexander alice allen anna anne arthur barbara beach belle bella bond bristol
charles charlotte clinton college cotton daniel david diana edward elizabeth emma florence frank
george grace harry helen henry hope irving jack james jane jefferson jordan joseph julia kent
lincoln louis lucy marina mary max michael milton monroe nelson oliver paris patrick paul peter
phoenix richmond robert rome sam sandy santa sarah simon stanley stone thomas victoria washington
william wilson
ben bin abu al el de van von la le las los del da
january february april june july august september october november december monday tuesday
wednesday thursday friday saturday sunday
lion
worth
officer northern southern eastern western upper lower
airport alliance begun boom centre drama drug federal goes gulf holiday hurricane keen liberal
normal opportunity pace peer pop rapid risen roles rugby save semi summit tour university
wedding
falcon delta rivers oriental
""".split())
# English words that Phoenix lists alone for organisations (a translation, a nickname): never
# an alias of one, nor its name ("Falcon" (Shahin) was Ford's car, "Tigers" rugby clubs,
# "Mavericks" a basketball team).
PHOENIX_WORDS = {"falcon", "tigers", "mavericks", "youth", "organization", "organisation",
                 "boogeymen", "yahweh"}
# Words kept although listed above: these are places worth recognising on their own.
KEEP_ANYWAY = {"jordan", "paris", "rome", "washington", "victoria", "bristol"}
ACRONYM_WHITELIST = {"US", "UK", "USA", "UAE", "DRC", "PRC", "ROK", "DPRK", "KSA", "ROC"}
SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "at", "to", "de", "la", "du", "des", "al", "el"}


# Letters that carry no combining mark to strip, as English news writes them ("Diyarbakır" ->
# "Diyarbakir", "Łódź" -> "Lodz", "Tromsø" -> "Tromso").
PLAIN_LETTERS = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d",
                               "Đ": "D", "ħ": "h", "Ħ": "H", "ß": "ss", "æ": "ae", "Æ": "Ae",
                               "œ": "oe", "Œ": "Oe", "þ": "th", "Þ": "Th"})


def fold(s):
    """Strips diacritics: 'Ḩimş' -> 'Hims', 'Diyarbakır' -> 'Diyarbakir'."""
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return s.translate(PLAIN_LETTERS)


def is_latin(s):
    for c in s:
        if c.isalpha():
            try:
                if "LATIN" not in unicodedata.name(c):
                    return False
            except ValueError:
                return False
    return True


def is_acronym(s):
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6 and " " not in s


def bad_alias(a):
    """Aliases no tagger should carry: short, common words, non-Latin, odd characters."""
    if "\t" in a or "|" in a or "\n" in a:
        return True
    if a in ACRONYM_WHITELIST:
        return False
    if len(a) < 3:
        return True
    low = a.lower()
    if low in COMMON and low not in KEEP_ANYWAY:
        return True
    if not is_latin(a):
        return True
    if not a[0].isupper() and not re.match(r"^(al|el|an|ad|as|ash|at|az)[- ]", a):
        return True
    return False


def clean(values, name):
    seen = {name.lower()}
    out = []
    for v in values:
        v = " ".join(v.split())
        if not v or v.lower() in seen or bad_alias(v):
            continue
        seen.add(v.lower())
        out.append(v)
    return out


def row(id_, kind, name, country="", lat=None, lon=None, cls=2, pop=0, aliases=(), demonyms=(),
        admin1=""):
    aliases = list(aliases)
    if not bad_alias(name):
        aliases.insert(0, name)
    f = lambda x: "" if x is None else f"{x:.4f}".rstrip("0").rstrip(".")
    return "\t".join(
        [id_, kind, name, country or "", f(lat), f(lon), str(cls), str(pop or 0),
         "|".join(aliases), "|".join(demonyms)] + ([admin1] if admin1 else [])
    )


def plural(d):
    if d.endswith(("an", "i", "ani")):
        return d + "s"
    return None


def countries(src):
    wc = json.load(open(os.path.join(src, "world-countries/countries.json"), encoding="utf-8"))
    gn = dict(json.load(open(os.path.join(src, "geonames/countries.json"), encoding="utf-8")))
    nat = json.load(open(os.path.join(src, "i18n-nationality/langs/en.json"), encoding="utf-8"))
    nat = nat["nationalities"]
    ci = {}
    for fn in os.listdir(os.path.join(src, "countryinfo/data")):
        try:
            d = json.load(open(os.path.join(src, "countryinfo/data", fn), encoding="utf-8"))
            ci[d["ISO"]["alpha2"]] = d
        except (KeyError, ValueError):
            pass
    extra = {
        "US": (["U.S.", "U.S", "U.S.A.", "America", "the States"], ["Americans"]),
        "GB": (["Britain", "U.K."], ["Briton", "Britons", "Brits"]),
        "RU": (["Russian Federation"], []),
        "KR": (["South Korea"], ["South Korean", "South Koreans"]),
        "KP": (["North Korea"], ["North Korean", "North Koreans"]),
        "TR": (["Turkiye", "Türkiye"], ["Turk", "Turks"]),
        "CN": (["PRC"], []),
        "AE": (["UAE", "U.A.E.", "Emirates"], ["Emirati", "Emiratis"]),
        "SA": (["KSA"], ["Saudi", "Saudis"]),
        "IL": ([], ["Israeli", "Israelis"]),
        "PS": (["Palestine", "Palestinian Territories"], ["Palestinian", "Palestinians"]),
        "NL": (["Holland"], ["Dutch"]),
        "CD": (["Zaire"], ["Zairean", "Zaireans"]),
    }
    out = []
    for c in wc:
        cc = c["cca2"]
        name = c["name"]["common"]
        aliases = [c["name"]["official"]]
        aliases += [a for a in c.get("altSpellings", []) if len(a) > 3 or a in ACRONYM_WHITELIST]
        aliases += [a for a in ci.get(cc, {}).get("altSpellings", []) if len(a) > 3 or a in ACRONYM_WHITELIST]
        aliases += [fold(a) for a in aliases]
        if cc in gn:
            aliases.append(gn[cc]["name"])
        dem = []
        for d in (c.get("demonyms", {}).get("eng", {}) or {}).values():
            dem.append(d)
        if cc in nat:
            dem.append(nat[cc])
        if ci.get(cc, {}).get("demonym"):
            dem.append(ci[cc]["demonym"])
        ex_a, ex_d = extra.get(cc, ([], []))
        aliases += ex_a
        dem += ex_d
        dem += [p for p in (plural(d) for d in dem) if p]
        aliases = [a for a in aliases if "," not in a]
        lat, lon = (c.get("latlng") or [None, None])[:2]
        pop = gn.get(cc, {}).get("population", 0)
        out.append(row(f"country:{cc}", "place", name, cc, lat, lon, 1, pop,
                       clean(aliases, name), clean(dem, name)))
    return out


# Former and English names of big cities that GeoNames's spelling variants (kept only when they
# start like the name) leave out: "Bombay", "Peking" and "Calcutta" are still written in news
# (Reuters-21578 has "Peking"; "Calcutta" was a South African town), and "St. Petersburg" was
# only Florida's.
CITY_NAMES = {
    "1275339": ["Bombay"], "1275004": ["Calcutta"], "1264527": ["Madras"],
    "1816670": ["Peking"], "1298824": ["Rangoon"], "1566083": ["Saigon"],
    "498817": ["St. Petersburg", "St Petersburg", "Leningrad"], "745044": ["Constantinople"],
    "2314302": ["Leopoldville"], "1253405": ["Benares"], "1259229": ["Poona"],
    # Syria and Iraq as English news writes them.
    "163808": ["Palmyra"], "170905": ["Daraa", "Deraa", "Dara'a"], "96309": ["Haditha"],
    "96994": ["Duhok", "Dohuk"], "174448": ["Abu Kamal", "Bukamal", "Al-Bukamal"],
    "173811": ["Hasaka", "Hassakeh"], "91597": ["Samarra"], "99347": ["Hilla", "al-Hilla"],
    "87205": ["Derna"], "172256": ["Kobani", "Kobane", "Ain al-Arab"],
    # English names of European cities that the initial-letter rule or the cap leaves out.
    "2886242": ["Cologne"], "2510911": ["Seville"], "3104324": ["Saragossa"],
    "2800931": ["Bruges"], "2797656": ["Ghent"], "2996944": ["Lyons"],
    "2995469": ["Marseilles"], "734077": ["Salonika"], "2661604": ["Basle"],
    "2661552": ["Berne"], "702550": ["Lvov"],
}
# Arabic articles that open place names ("Al Fallujah", "Ar Raqqah", "An Najaf"): news mostly
# writes the name without it ("Fallujah") or joined to it ("al-Hillah").
ARABIC_ARTICLE = re.compile(r"^(?:al|ar|ad|as|ash|at|az|an|el|ath|adh)[ -]['‘’`]?(?=[A-Z])",
                            re.IGNORECASE)


ARABIC_SPEAKING = {"SY", "IQ", "JO", "LB", "PS", "SA", "YE", "OM", "AE", "QA", "KW", "BH", "EG",
                   "LY", "TN", "DZ", "MA", "SD", "MR"}


def article_forms(name, cc):
    """'Al Fallujah' -> ['Fallujah', 'al-Fallujah'] in an Arabic-speaking country; nothing for
    a name without an article, nor a short bare name ("Ad Dana" is not "Dana")."""
    m = ARABIC_ARTICLE.match(name) if cc in ARABIC_SPEAKING else None
    if not m or len(name) - m.end() < 5:
        return []
    bare = name[m.end():]
    art = m.group(0).rstrip(" -'‘’`").lower()
    return [bare, f"{art}-{bare}"]


def cities(src):
    return places(json.load(open(os.path.join(src, "geonames/cities15000.json"),
                                 encoding="utf-8")), 3)


def towns(src):
    """The towns of `cities1000` that `cities15000` leaves out, of at least 5,000 people or
    with no population on record (`cities1000` holds those as the seats of administrative
    divisions: Tal Afar and Daquq in Iraq): class 5, which the dictionary matcher holds apart,
    so that only a name the tagger found as a place resolves to one. (All 136,024 towns of
    `cities1000` cost 130 MB of memory and 0.2 s of start-up; these 46,769 a third.)"""
    big = json.load(open(os.path.join(src, "geonames/cities15000.json"), encoding="utf-8"))
    data = json.load(open(os.path.join(src, "geonames/cities1000.json"), encoding="utf-8"))
    keep = lambda c: (c.get("population") or 0) >= 5000 or not c.get("population")
    rows = places({gid: c for gid, c in data.items() if gid not in big and keep(c)}, 5)
    # A town's nickname with "the" ("The City" of Thompsonville, Connecticut) is a common
    # phrase: only "the City" of London is, and that is no town.
    out = []
    for r in rows:
        f = r.split("\t")
        f[8] = "|".join(a for a in f[8].split("|") if not a.lower().startswith("the "))
        out.append("\t".join(f))
    return out


def places(data, cls):
    out = []
    for gid, c in data.items():
        name = c["name"]
        pop = c.get("population") or 0
        # A name opening with the mark of an ayn ("‘Afrīn", "‘Ayn al ‘Arab") is written
        # without it in English ("Afrin"); with it, no alias shared its initial and the city
        # was left out.
        folded = re.sub(r"^['‘’`](?=[A-Z])", "", fold(name))
        # ASCII spellings only: a diacritic variant ("Trípólí") is rarely written in English news
        # and every alias costs start-up time in the automaton.
        cands = [folded] + [a for a in c.get("alternatenames", []) if a.isascii()]
        # "Samarra’" is "Samarra" (transliterated Arabic marks ayn and hamza so).
        if c["countrycode"] in ARABIC_SPEAKING:
            cands = [fold(a).strip("'‘’`") for a in cands]
        cands = [a for a in cands if len(a) >= 4 and not re.search(r"[0-9=/()\[\],;:]", a)]
        if True:
            # Only spelling variants of the name, not translations (Aleppo's "Veroia"); a
            # name opening with an Arabic article also counts without it ("Fallujah").
            initials = {folded[:1].lower()}
            forms = article_forms(folded, c["countrycode"])
            initials |= {f[:1].lower() for f in forms[:1]}
            cands = [a for a in cands if fold(a)[:1].lower() in initials]
            cands = forms + cands
        # The short form a particle or bracket leaves first ("Frankfurt" of "Frankfurt am
        # Main", "Halle" of "Halle (Saale)"; of a megacity, without "City": "New York"), then
        # acronyms ("HCMC"), then GeoNames's order (alphabetical, so the cap below used to
        # keep "Neu Jorck" and drop "New York").
        def rank(a):
            fa, fn = fold(a).lower(), folded.lower()
            rest = fn[len(fa) + 1:] if fn.startswith(fa + " ") else None
            short = rest is not None and (
                re.match(r"\(|(am|an|an der|im|upon|on|in|ob|bei|sur|en) ", rest) is not None
                or (rest == "city" and pop >= 5_000_000))
            return 0 if short else 1 if is_acronym(a) else 2
        cands = sorted(cands, key=rank)
        cap = 8 if pop >= 1_000_000 else 3 if pop >= 100_000 else 1
        extra = CITY_NAMES.get(gid, [])
        aliases = clean(extra + cands, name)[:cap + len(extra)]
        if bad_alias(name) and not aliases:
            continue
        out.append(row(f"geonames:{gid}", "place", name, c["countrycode"], c["latitude"],
                       c["longitude"], cls, pop, aliases,
                       admin1=f"{c['countrycode']}.{c.get('admin1code') or ''}"))
    return out


# US states as news datelines abbreviate them ("SAN JOSE, Calif., March 3"; AP style), where
# the abbreviation is not also a common word, title or name ("Ill.", "Miss.", "Mass.", "Del.",
# "La." and "Ore." are left out).
US_STATE_ABBREVIATIONS = {
    "AL": ["Ala."], "AZ": ["Ariz."], "AR": ["Ark."], "CA": ["Calif.", "Calif"],
    "CO": ["Colo."], "CT": ["Conn."], "FL": ["Fla."], "KS": ["Kan."], "KY": ["Ky."],
    "MD": ["Md."], "MI": ["Mich."], "MN": ["Minn."], "MT": ["Mont."], "NE": ["Neb."],
    "NV": ["Nev."], "NH": ["N.H."], "NJ": ["N.J."], "NM": ["N.M."], "NY": ["N.Y."],
    "NC": ["N.C."], "ND": ["N.D."], "OK": ["Okla."], "PA": ["Pa."], "RI": ["R.I."],
    "SC": ["S.C."], "SD": ["S.D."], "TN": ["Tenn."], "VT": ["Vt."], "VA": ["Va."],
    "WA": ["Wash."], "WV": ["W.Va."], "WI": ["Wis."], "WY": ["Wyo."],
}
# Reuters also writes some without the period ("Calif", "Okla").
for _code, _forms in US_STATE_ABBREVIATIONS.items():
    _forms += [f[:-1] for f in _forms
               if f[:-1] in ("Ariz", "Colo", "Conn", "Fla", "Mich", "Minn", "Okla", "Tenn", "Wyo")]


def regions(src):
    data = json.load(open(os.path.join(src, "cities-json/admin1.json"), encoding="utf-8"))
    out = []
    for r in data:
        name = r["name"]
        cc = r["code"].split(".")[0]
        aliases = [fold(name)]
        if cc == "US":
            aliases += US_STATE_ABBREVIATIONS.get(r["code"].split(".")[1], [])
        for suffix in (" Governorate", " Province", " Region", " Oblast", " State", " Prefecture"):
            if name.endswith(suffix):
                aliases.append(name[: -len(suffix)])
        aliases = clean(aliases, name)
        # A region named by a common word ("Northern", Ghana) stays, unmatched, so that its
        # cities keep their region.
        out.append(row(f"admin1:{r['code']}", "place", name, cc, None, None, 4, 0, aliases))
    return out


def phoenix_records(path):
    """Yields (primary, [variants], [codes], comment) for each record of a Phoenix actor file."""
    rec = None
    for line in open(path, encoding="utf-8", errors="replace"):
        raw = line.rstrip("\n")
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        comment = ""
        if "#" in raw:
            raw, comment = raw.split("#", 1)
        codes = re.findall(r"\[([^\]]*)\]", raw)
        text = re.sub(r"\[[^\]]*\]", "", raw)
        if raw[:1] in (" ", "\t"):
            if rec:
                rec[2].extend(codes)
            continue
        if raw.startswith("+"):
            if rec:
                rec[1].extend(p for p in text.split("+") if p.strip())
                rec[2].extend(codes)
            continue
        if rec:
            yield rec
        rec = [text.strip(), [], codes, comment]
    if rec:
        yield rec


def phrase(p):
    """Phoenix phrase -> (display form, [acronyms found in parentheses])."""
    acr = re.findall(r"\(([A-Z0-9.&-]{2,10})\)", p)
    p = re.sub(r"\([^)]*\)", " ", p).replace("_", " ")
    p = " ".join(p.split()).strip(" -")
    return p, acr


def titlecase(p):
    if is_acronym(p) and len(p) <= 4:
        return p
    words = []
    for i, w in enumerate(p.split(" ")):
        lw = w.lower()
        if i > 0 and lw in SMALL_WORDS:
            words.append(lw)
        elif is_acronym(w) and len(w) <= 4 and not re.search(r"[AEIOUY]", w[1:]):
            words.append(w)
        else:
            words.append("-".join(x[:1].upper() + x[1:] for x in lw.split("-")))
    out = " ".join(words)
    return re.sub(r"\b(Al|El)-", lambda m: m.group(1).lower() + "-", out) if " " in out else out


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", fold(s).lower()).strip("-")


# Legal forms that end company names, as dossier's enrichment reads them (fuse.rs
# COMPANY_SUFFIXES); titlecase() leaves some in capitals.
COMPANY_SUFFIXES = {"Inc", "Corp", "Corporation", "Co", "Ltd", "Limited", "Plc", "PLC", "plc", "LLC",
                    "AG", "SA", "S.A", "NV", "N.V", "GmbH", "&"}
LEGAL_CASE = {"INC": "Inc", "LTD": "Ltd", "CORP": "Corp", "CO": "Co"}
# Companies whose name without its legal form is an ordinary word: they keep the legal form in
# their id, so that a capitalised "Unit", "Target" or "Chase" the tagger takes for a company
# (a headline's "NORFOLK UNIT SELLS ...", Chase Manhattan) does not become them by id.
ORDINARY_CORES = {"move", "unit", "news", "team", "target", "coach", "popular", "ball",
                  "citizens", "rand", "express", "cubic", "interface", "pool", "chase", "courier",
                  "frontline", "waters", "icon", "universal", "banner", "ace", "gravity",
                  "alumina", "dreams", "intersections", "immersion", "manpower", "coherent"}


def company_core(name):
    """A company's name without its legal form, as fuse.rs company_core ("Apple Inc" -> "Apple")."""
    core = name
    while True:
        trimmed = core.rstrip(".").rstrip(",").rstrip()
        if " " not in trimmed:
            return core
        head, last = trimmed.rsplit(" ", 1)
        if last not in COMPANY_SUFFIXES and (last != "and" or core == name):
            return core
        head = head.rstrip(",").rstrip()
        if not head or head in COMPANY_SUFFIXES:
            return core
        core = head


def phoenix_entities(path, kind, prefix, keep, cls=2):
    seen = {}  # id -> (name, aliases)
    order = []
    for primary, variants, codes, comment in phoenix_records(path):
        r = keep(primary, variants, codes, comment)
        if not r:
            continue
        name, acr = phrase(primary)
        if not name or re.search(r"[0-9$/]", name):
            continue
        aliases = []
        for v in variants:
            v, a = phrase(v)
            acr += a
            if v:
                aliases.append(v)
        if len(name.replace(" ", "")) <= 4:
            aliases.append(name)
        name = titlecase(name)
        aliases = [titlecase(a) for a in aliases] + acr
        if kind == "organization":
            # "Apple INC" -> "Apple Inc", under the id dossier gives the company when the
            # list does not know it ("org:apple", as for "Apple Inc." and "Apple").
            fix = lambda n: " ".join(LEGAL_CASE.get(w, w) for w in n.split(" "))
            name, aliases = fix(name), [fix(a) for a in aliases]
        if kind == "organization":
            # Short single words are too ambiguous unless they are acronyms.
            aliases = [a for a in aliases if " " in a or is_acronym(a) or len(a) >= 5]
            aliases = [a for a in aliases if a.lower() not in PHOENIX_WORDS]
            if name.lower() in PHOENIX_WORDS:
                continue
        if kind == "person":
            aliases = [a for a in aliases if " " in a or len(a) >= 5]
            # Titles and offices are not names ("Chancellor Helmut Kohl", "Reagan
            # Administration": dossier reads those as a title before a name, or the state).
            aliases = [a for a in aliases if not re.search(
                r"(?i)\b(government|regime|president|minister|administration|chancellor|"
                r"kanzler|bundeskanzler|leader|secretary|governor|gov|govenor|former)\b", a)]
        cc = ""
        for c in codes:
            m = re.match(r"([A-Z]{3})", c)
            if m and kind == "person":
                cc = m.group(1)
                break
        id_ = f"{prefix}:{slug(name)}"
        core = company_core(name)
        if kind == "organization" and prefix == "org" and core != name \
                and core.lower() not in ORDINARY_CORES:
            id_ = f"{prefix}:{slug(core)}"
        if id_ in seen:
            if prefix != "org":
                continue
            # The same company listed twice ("News Corp", "News Corporation"): one entity
            # with both names.
            first = seen[id_]
            extra = [name] + aliases if not bad_alias(name) else aliases
            first[1].extend(a for a in extra if a.lower() not in {x.lower() for x in first[1]})
            continue
        if bad_alias(name) and not aliases:
            continue
        seen[id_] = (name, aliases)
        order.append(id_)
    return [row(i, kind, seen[i][0], "", None, None, cls, 0, clean(seen[i][1], seen[i][0]))
            for i in order]


INSTITUTION = re.compile(
    r"(?i)\b(ARMY|FORCES?|MINISTRY|POLICE|PARLIAMENT|PARTY|COUNCIL|COURT|AGENCY|COMMITTEE|"
    r"ASSEMBLY|GUARDS?|NAVY|AIR_FORCE|MILITARY|FRONT|MOVEMENT|OFFICE|DEPARTMENT|SERVICE|"
    r"CABINET|SENATE|CONGRESS|BRIGADES?|INTELLIGENCE|COMMISSION|SECURITY)\b"
)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", default=os.path.join(here, "..", "..", "shared", "data", "gazetteers"))
    ap.add_argument("--out", default=os.path.join(here, "..", "data"))
    args = ap.parse_args()
    src, out = args.src, args.out
    if not os.path.isdir(src):
        src = "/work/shared/data/gazetteers"
    px = os.path.join(src, "phoenix-actors")

    tables = {
        "countries.tsv": countries(src),
        "cities.tsv": cities(src),
        "towns.tsv": towns(src),
        "regions.tsv": regions(src),
        "groups.tsv": phoenix_entities(
            os.path.join(px, "Phoenix.MilNonState.actors.txt"), "organization", "group",
            lambda p, v, c, m: True),
        "international.tsv": phoenix_entities(
            os.path.join(px, "Phoenix.International.actors.txt"), "organization", "org",
            lambda p, v, c, m: "CountryInfo" not in m and not any(re.search(r"\d{6}", x) for x in c)),
        "institutions.tsv": phoenix_entities(
            os.path.join(px, "Phoenix.Countries.actors.txt"), "organization", "inst",
            lambda p, v, c, m: "CountryInfo" not in m and INSTITUTION.search(p.replace("_", " "))
            and any(len(x.split()[0]) > 3 for x in c if x.strip())),
        "people.tsv": phoenix_entities(
            os.path.join(px, "Phoenix.Countries.actors.txt"), "person", "person",
            lambda p, v, c, m: "CountryInfo" in m and p.count("_") >= 2),
    }
    os.makedirs(out, exist_ok=True)
    for fn, rows in tables.items():
        rows = sorted(set(rows))
        with open(os.path.join(out, fn), "w", encoding="utf-8", newline="\n") as f:
            for r in rows:
                f.write(r + "\n")
        print(f"{fn}: {len(rows)} entities, {os.path.getsize(os.path.join(out, fn))} bytes",
              file=sys.stderr)


if __name__ == "__main__":
    main()
