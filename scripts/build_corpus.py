#!/usr/bin/env python3
"""Build dossier's shipped default corpus (`corpus/`) from `../shared/data`.

Run from the repository root:

    python3 scripts/build_corpus.py            # reads ../shared/data, writes corpus/
    python3 scripts/build_corpus.py --data DIR --out DIR

Python 3 standard library only. Output is deterministic: the same input data
always yields byte-identical files. Files this script generated earlier are
removed before writing (everything under corpus/ except hidden files this
script does not own), so renamed or dropped articles do not linger.

Only data marked `ship` in ../shared/data/README.md is used:
  * the seed article (provided by the project's user), copied byte for byte;
  * Dstl re3d: CENTCOM (public domain) and UK Government (OGL v3) documents;
  * NewsReader MEANTIME English (Wikinews articles, CC BY 4.0), detokenised.
re3d's wikipedia and bbc-online texts are NOT shipped.

Formats are mixed on purpose so the default corpus exercises every reader:
  corpus/seed/*.txt                         plain text
  corpus/centcom/*.html                     HTML5 (nav/footer boilerplate + <article>)
  corpus/uk-government/*.md                 Markdown, YAML front matter (some TOML)
  corpus/wikinews/*.{json,txt,md,html}      one article per file, rotating formats
  corpus/wikinews/stock-market.jsonl        MEANTIME "stock" topic, one JSON per line
"""

import argparse
import html
import json
import os
import re
import shutil
import sys
import unicodedata

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SEED_NAME = "000_c3bebdd9ecb442e1.txt"
JSONL_TOPIC = "corpus_stock"          # MEANTIME topic bundled into one .jsonl
JSONL_NAME = "stock-market.jsonl"
MONTHS = {m: i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July",
     "August", "September", "October", "November", "December"], 1)}


# --------------------------------------------------------------------------
# helpers

def slugify(title, maxlen=60):
    s = unicodedata.normalize("NFKD", title)
    s = s.encode("ascii", "ignore").decode("ascii").lower()
    s = s.replace("'", "")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    if len(s) > maxlen:
        cut = s[:maxlen + 1]
        s = cut[:cut.rfind("-")] if "-" in cut else s[:maxlen]
        s = s.strip("-")
    return s or "article"


class Slugs:
    """Hands out unique slugs (per output folder)."""

    def __init__(self):
        self.used = set()

    def get(self, title):
        base = slugify(title)
        slug, n = base, 2
        while slug in self.used:
            slug = "%s-%d" % (base, n)
            n += 1
        self.used.add(slug)
        return slug


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def dq(s):
    """Double-quoted string valid in both YAML and TOML (basic string)."""
    return json.dumps(s, ensure_ascii=False)


def md_escape_para(p):
    """Keep a paragraph from being read as a Markdown block construct."""
    if re.match(r"^(#{1,6}\s|[-*+>]\s|\d+[.)]\s|={3,}|-{3,}|\+{3,})", p):
        return "\\" + p
    return p


# --------------------------------------------------------------------------
# renderers: an article is a dict with title, paras (list of str), and
# optional date (YYYY-MM-DD), url, source, headings (set of para indexes
# rendered as <h2> in HTML).

def render_txt(a, with_date_line=None):
    parts = [a["title"]] if a.get("title") else []
    paras = list(a["paras"])
    if with_date_line:
        paras.insert(0, with_date_line)
    parts.extend(paras)
    return "\n\n".join(parts) + "\n"


def render_md(a, front="yaml"):
    fields = [("title", a["title"])]
    if a.get("date"):
        fields.append(("date", a["date"]))
    for k in ("source", "url"):
        if a.get(k):
            fields.append((k, a[k]))
    if front == "yaml":
        head = ["---"]
        for k, v in fields:
            head.append("%s: %s" % (k, v if k == "date" else dq(v)))
        head.append("---")
    else:
        head = ["+++"]
        for k, v in fields:
            head.append("%s = %s" % (k, v if k == "date" else dq(v)))
        head.append("+++")
    body = "\n\n".join(md_escape_para(p) for p in a["paras"])
    return "\n".join(head) + "\n\n" + body + "\n"


SITE_CHROME = {
    "centcom": {
        "site": "U.S. Central Command",
        "nav": [("/", "Home"), ("/ABOUT-US/", "About Us"),
                ("/MEDIA/PRESS-RELEASES/", "Press Releases"),
                ("/MEDIA/NEWS-ARTICLES/", "News Articles"),
                ("/CONTACT/", "Contact")],
        "footer": ["U.S. Central Command Public Affairs Office",
                   "Privacy & Security | Accessibility | FOIA | Site Map",
                   "Information presented on this web site is considered public "
                   "information and may be distributed or copied."],
    },
    "wikinews": {
        "site": "Wikinews",
        "nav": [("/wiki/Main_Page", "Main page"),
                ("/wiki/Special:Random", "Random article"),
                ("/wiki/Wikinews:Newsroom", "Newsroom"),
                ("/wiki/Category:Economy_and_business", "Economy & business"),
                ("/wiki/Help:Contents", "Help")],
        "footer": ["This page was last edited by Wikinews contributors.",
                   "Text is available under a Creative Commons Attribution "
                   "licence; additional terms may apply.",
                   "Privacy policy | About Wikinews | Disclaimers"],
    },
}


def render_html(a, chrome):
    c = SITE_CHROME[chrome]
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>",
           '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<title>%s</title>" % e(a["title"], quote=False)]
    if a.get("date"):
        out.append('<meta name="date" content="%s">' % e(a["date"]))
    if a.get("source"):
        out.append('<meta name="source" content="%s">' % e(a["source"]))
    if a.get("url"):
        out.append('<link rel="canonical" href="%s">' % e(a["url"]))
    out += ["</head>", "<body>", "<header>", '<nav aria-label="Main menu">', "<ul>"]
    for href, label in c["nav"]:
        out.append('<li><a href="%s">%s</a></li>' % (e(href), e(label, quote=False)))
    out += ["</ul>", "</nav>", "</header>", "<main>", "<article>",
            "<h1>%s</h1>" % e(a["title"], quote=False)]
    if a.get("date"):
        out.append('<p class="dateline"><time datetime="%s">%s</time></p>'
                   % (e(a["date"]), e(a.get("date_text", a["date"]), quote=False)))
    heads = a.get("headings", set())
    for i, p in enumerate(a["paras"]):
        tag = "h2" if i in heads else "p"
        out.append("<%s>%s</%s>" % (tag, e(p, quote=False), tag))
    out += ["</article>", "</main>", "<footer>"]
    for line in c["footer"]:
        out.append("<p>%s</p>" % e(line, quote=False))
    out += ["</footer>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def article_json(a, body_key="text"):
    o = {"title": a["title"], body_key: "\n\n".join(a["paras"])}
    if a.get("date"):
        o["date"] = a["date"]
    if a.get("url"):
        o["url"] = a["url"]
    if a.get("source"):
        o["source"] = a["source"]
    return o


# --------------------------------------------------------------------------
# re3d

BULLET = re.compile(r"^[.\u2022·*-]?[\s\u00a0]+(?=\S)")


def clean_re3d(text):
    """Paragraphs of a re3d document: every non-blank line is a paragraph
    (the documents use both '\\n' and '\\n\\n' between paragraphs).
    Minor clean-up only: drop invisible LRM marks, turn non-breaking-space
    runs and the '.   ' bullet markers of the strike reports into plain text,
    collapse runs of spaces."""
    text = text.replace("\u200e", "").replace("\u200f", "")
    paras = []
    for line in text.split("\n"):
        line = line.replace("\u00a0", " ")
        line = re.sub(r"^\.\s+", "", line)        # ".       Near Mosul, ..."
        line = re.sub(r"\s+", " ", line).strip()
        if line:
            paras.append(line)
    return paras


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def build_re3d(data, out, counts):
    # CENTCOM -> HTML
    slugs = Slugs()
    docs = sorted(load_jsonl(os.path.join(data, "ner/re3d/centcom/documents.json")),
                  key=lambda d: d["_id"])
    for d in docs:
        paras = clean_re3d(d["text"])
        # section headings of the daily strike reports ("Syria", "Iraq")
        heads = {i for i, p in enumerate(paras)
                 if p in ("Syria", "Iraq") and i + 1 < len(paras)
                 and paras[i + 1].startswith("Near ")}
        a = {"title": d["title"].strip(), "paras": paras, "url": d["sourceUrl"],
             "source": d.get("sourceName") or "CENTCOM", "headings": heads}
        write(os.path.join(out, "centcom", slugs.get(a["title"]) + ".html"),
              render_html(a, "centcom"))
        counts["centcom/.html"] += 1

    # UK Government -> Markdown; every 4th (in _id order) with TOML front matter
    slugs = Slugs()
    docs = sorted(load_jsonl(os.path.join(data, "ner/re3d/uk-government/documents.json")),
                  key=lambda d: d["_id"])
    for i, d in enumerate(docs):
        a = {"title": d["title"].strip(), "paras": clean_re3d(d["text"]),
             "url": d["sourceUrl"], "source": d.get("sourceName") or "UK Government"}
        front = "toml" if i % 4 == 3 else "yaml"
        write(os.path.join(out, "uk-government", slugs.get(a["title"]) + ".md"),
              render_md(a, front))
        counts["uk-government/.md (%s)" % front] += 1


# --------------------------------------------------------------------------
# MEANTIME detokenisation

ATTACH_LEFT = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "...",
               "'s", "'S", "n't", "N'T", "'re", "'ve", "'ll", "'d", "'m", "'D", "'M"}
ATTACH_RIGHT = {"(", "[", "{", "$", "USD$", "US$", "CA$", "AU$", "NZ$", "HK$", "C$", "A$",
                "€", "£", "¥", "#"}
CURRENCY = {"$", "USD$", "US$", "CA$", "AU$", "NZ$", "HK$", "C$", "A$", "€", "£", "¥"}
# hyphenated words the tokenizer split ("Wal - Mart"); other " - " are dashes
HYPHEN_WORDS = {("Wal", "Mart")}
HYPHEN_SUFFIX = {"compatible", "curious"}
APOS_SUFFIX = {"s", "t", "re", "ve", "ll", "d", "m"}


def detok_line(tokens, state):
    """Detokenise one tokenised sentence. `state` carries open-quote status
    across sentences (quotations often span several). Returns the text and
    whether a double quotation is still open at the end."""
    out = []          # list of [text, glue_right]
    glue_next = False  # no space before the next token

    def emit(t, left, right):
        nonlocal glue_next
        if out and not (left or glue_next):
            out.append(" ")
        out.append(t)
        glue_next = right

    n = len(tokens)
    for i, t in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < n else None
        prev = tokens[i - 1] if i > 0 else None
        if t == "":
            continue
        # tokenizer artefact: sentence-final '.' duplicated after an abbreviation
        if t == "." and prev is not None and prev.endswith(".") and prev != "...":
            continue
        # double quotes: `` '' " “ ”
        if t in ("``", "“") or (t == '"' and not state["dq"]):
            state["dq"] = True
            emit('"' if t != "“" else "“", False, True)
            continue
        if (t == "''" and prev and re.fullmatch(r"\d+(\.\d+)?", prev)
                and nxt and nxt[:1].islower()):
            emit('"', True, False)                          # 13.3 '' widescreen: inches
            continue
        if t == "''" and not state["dq"]:
            # a closing mark with no quotation open: the source used '' as opening
            state["dq"] = True
            emit('"', False, True)
            continue
        if t in ("''", "”") or (t == '"' and state["dq"]):
            state["dq"] = False
            emit('"' if t != "”" else "”", True, False)
            continue
        if t.startswith("''") and len(t) > 2:          # "''I'" (closing+opening glued)
            state["dq"] = not state["dq"]
            t = t[2:]
            emit('"', False, True)
            # fall through with the rest of the token
        # single quotes: ` opens, ' closes (or is a plural possessive)
        if t == "`":
            state["sq"] = True
            emit("'", False, True)
            continue
        if t == "'":
            if state["sq"]:
                state["sq"] = False
            emit("'", True, False)
            continue
        if t == "’":
            # Wayne ’ s  -> Wayne’s ; Airbus ’ -> Airbus’
            emit("’", True, nxt is not None and nxt.lower() in APOS_SUFFIX)
            continue
        if t == "'11" or re.fullmatch(r"'\d\d", t):      # iLife '11
            emit(t, False, False)
            continue
        if t in ATTACH_LEFT:
            emit(t, True, False)
            continue
        if re.fullmatch(r"[A-Za-z]+'", t) and nxt and nxt.lower() in {"m", "ll", "d", "s", "re", "ve", "t"}:
            emit(t, False, True)                          # I' m -> I'm
            continue
        if re.fullmatch(r"[OD]'", t) and nxt and nxt[:1].isupper():
            emit(t, False, True)                          # O' Leary -> O'Leary
            continue
        if t == "#":
            # the tokenizer's '#' stands for '£' (cf. URL of doc 102977)
            glue = prev == "GB"
            emit("£", glue, True)
            continue
        if t == "$" and prev in ("US", "CA", "AU", "NZ", "HK") and nxt and nxt[:1].isdigit():
            emit("$", True, True)                         # US $ 99 -> US$99
            continue
        if t in CURRENCY:
            emit(t, False, bool(nxt and (nxt[:1].isdigit() or nxt[:1] == ".")))
            continue
        if t in ATTACH_RIGHT:
            emit(t, False, True)
            continue
        if t == "/":
            emit("/", True, True)
            continue
        if t == "+" and prev and prev[-1:].isdigit():    # 290 + seat -> 290+ seat
            emit("+", True, False)
            continue
        if t == "-" and ((prev, nxt) in HYPHEN_WORDS or nxt in HYPHEN_SUFFIX):
            emit("-", True, True)                          # Wal - Mart -> Wal-Mart
            continue
        if t == "-" and nxt == "and" and prev and prev.isalpha():   # medium - and short-haul
            emit("-", True, False)
            continue
        emit(t, False, False)
    text = "".join(out)
    return text


def split_bullets(text):
    """'affected: * A * B * C' -> ['affected:', '* A', '* B', '* C']"""
    if " * " not in text:
        return [text]
    parts = text.split(" * ")
    return [parts[0]] + ["* " + p for p in parts[1:]]


def meantime_article(row):
    lines = row["text"].split("\n")
    title_toks, date_toks, body = lines[0].split(" "), lines[1].split(" "), lines[2:]
    st = {"dq": False, "sq": False}
    title = detok_line(title_toks, st)
    title = title.replace("\u00a0", " ")
    m = re.fullmatch(r"([A-Z][a-z]+) (\d{1,2}) , (\d{4})", lines[1])
    if not m or m.group(1) not in MONTHS:
        raise ValueError("unparsed date %r in %s" % (lines[1], row["doc_id"]))
    month, day, year = MONTHS[m.group(1)], int(m.group(2)), int(m.group(3))
    date = "%04d-%02d-%02d" % (year, month, day)
    date_text = "%s %d, %d" % (m.group(1), day, year)

    # Paragraphs: MEANTIME (both the jsonl and the CAT XML) keeps only sentence
    # boundaries, not the original paragraph breaks. Each sentence becomes a
    # paragraph, except that a quotation running over several sentences stays
    # in one paragraph, and a sentence split before "said X." is re-joined.
    st = {"dq": False, "sq": False}
    paras = []
    cont = False
    body = [l.split(" ") for l in body if l.strip()]

    def closes_later(j):
        """Is the quotation open before line j closed by a later line (the
        first quote mark found from line j on is a closing one)?"""
        for toks in body[j:]:
            for t in toks:
                if t in ("''", '"', "”") or t.startswith("''"):
                    return True
                if t in ("``", "“"):
                    return False
        return False

    for j, toks in enumerate(body):
        if cont and not closes_later(j):
            # the open quotation is never closed in the source: do not let it
            # swallow the following sentences
            cont = False
            st["dq"] = False
        if paras and toks[0] == "'" and len(toks) > 1:
            # sentence splitter put a closing single quote on the next line
            paras[-1] += "'"
            toks = toks[1:]
        s = detok_line(toks, st)
        joins_prev = paras and (cont or re.match(r"^(said|says|added|according)\b", s))
        if joins_prev:
            paras[-1] = paras[-1] + " " + s
        else:
            paras.append(s)
        cont = st["dq"]
        st["sq"] = False
    out = []
    for p in paras:
        out.extend(split_bullets(p))
    return {"title": title, "date": date, "date_text": date_text,
            "paras": out, "url": row["url"], "source": "Wikinews",
            "doc_id": row["doc_id"], "topic": row["topic"]}


def build_meantime(data, out, counts):
    rows = load_jsonl(os.path.join(data, "ner/meantime_en/meantime_en_entities.jsonl"))
    rows.sort(key=lambda r: (r["topic"], int(r["doc_id"])))
    slugs = Slugs()
    bundle = []
    k = 0
    for r in rows:
        a = meantime_article(r)
        if r["topic"] == JSONL_TOPIC:
            bundle.append(article_json(a, "text"))
            counts["wikinews/.jsonl (articles)"] += 1
            continue
        slug = slugs.get(a["title"])
        base = os.path.join(out, "wikinews", slug)
        fmt = ("json", "txt", "md", "html")[k % 4]
        if fmt == "json":
            key = ("text", "body", "content")[(k // 4) % 3]
            write(base + ".json",
                  json.dumps(article_json(a, key), ensure_ascii=False, indent=2) + "\n")
            counts["wikinews/.json (%s)" % key] += 1
        elif fmt == "txt":
            write(base + ".txt", render_txt(a, with_date_line=a["date_text"]))
            counts["wikinews/.txt"] += 1
        elif fmt == "md":
            front = "toml" if (k // 4) % 4 == 3 else "yaml"
            write(base + ".md", render_md(a, front))
            counts["wikinews/.md (%s)" % front] += 1
        else:
            write(base + ".html", render_html(a, "wikinews"))
            counts["wikinews/.html"] += 1
        k += 1
    with open(os.path.join(out, "wikinews", JSONL_NAME), "w", encoding="utf-8",
              newline="\n") as f:
        for o in bundle:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")
    counts["wikinews/.jsonl (files)"] += 1


# --------------------------------------------------------------------------
# licences, README, ignore file

OGL_NOTICE = """\
Open Government Licence v3.0 -- notice for corpus/uk-government/

Contains public sector information licensed under the Open Government Licence v3.0.

Source: UK Government news pages on https://www.gov.uk (the original address of
each document is in its front matter `url`), as collected in Dstl's re3d
dataset (uk-government subset).

Licence text: https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/

Changes: the texts were taken from Dstl's re3d dataset; whitespace was
normalised and each document was written as a Markdown file with front matter
by scripts/build_corpus.py.
"""

MEANTIME_NOTICE = """\
MEANTIME / Wikinews -- notice for corpus/wikinews/

The articles in corpus/wikinews/ are Wikinews articles (https://en.wikinews.org)
written by Wikinews contributors, as distributed in the English section of the
NewsReader MEANTIME corpus:

  Anne-Lyse Minard, Manuela Speranza, Ruben Urizar, Begona Altuna,
  Marieke van Erp, Anneleen Schoen and Chantal van Son (2016).
  "MEANTIME, the NewsReader Multilingual Event and Time Corpus".
  Proceedings of LREC 2016.

  (c) 2015, Fondazione Bruno Kessler, VU University Amsterdam,
  Universidad Del Pais Vasco. http://www.newsreader-project.eu/results/data/wikinews/

Licence: Creative Commons Attribution 4.0 International (CC BY 4.0),
https://creativecommons.org/licenses/by/4.0/ -- full text in
meantime-LICENSE.txt. The original MEANTIME README is meantime-README.txt.
The original address of each article is in its `url` field / canonical link.

Changes (CC BY 4.0 section 3(a)(1)(B)): MEANTIME ships the articles as
tokenised sentences. scripts/build_corpus.py rejoined the tokens into running
text (spacing around punctuation, quotes, currency signs; the tokenizer's '#'
restored as the pound sign), parsed the date line into ISO form and wrote
each sentence (or multi-sentence quotation) as a paragraph, because MEANTIME
does not record the original paragraph breaks. No words were changed.
"""

CENTCOM_NOTICE_HEAD = """\
CENTCOM -- notice for corpus/centcom/

The press releases and news articles in corpus/centcom/ were published by
U.S. Central Command (https://www.centcom.mil) and are in the public domain.
The texts were taken from Dstl's re3d dataset (centcom subset); the original
address of each document is its canonical link. Credit: U.S. Central Command
Public Affairs. The navigation menu and footer in each HTML file are
boilerplate written by scripts/build_corpus.py, not CENTCOM text.

"""


def build_licenses(data, out):
    lic = os.path.join(out, "LICENSES")
    os.makedirs(lic, exist_ok=True)
    re3d = os.path.join(data, "ner/re3d")
    for sub in ("centcom", "uk-government"):
        for name in ("LICENSE", "ATTRIBUTION"):
            shutil.copyfile(os.path.join(re3d, sub, name),
                            os.path.join(lic, "re3d-%s-%s.txt" % (sub, name)))
    shutil.copyfile(os.path.join(re3d, "README.md"), os.path.join(lic, "re3d-README.md"))
    mt = os.path.join(data, "ner/meantime_en/meantime_newsreader_english_oct15")
    shutil.copyfile(os.path.join(mt, "LICENSE.txt"), os.path.join(lic, "meantime-LICENSE.txt"))
    shutil.copyfile(os.path.join(mt, "README.txt"), os.path.join(lic, "meantime-README.txt"))
    write(os.path.join(lic, "OGL-3.0-NOTICE.txt"), OGL_NOTICE)
    write(os.path.join(lic, "MEANTIME-CC-BY-4.0-NOTICE.txt"), MEANTIME_NOTICE)
    with open(os.path.join(re3d, "centcom", "LICENSE"), encoding="utf-8") as f:
        write(os.path.join(lic, "CENTCOM-PUBLIC-DOMAIN-NOTICE.txt"),
              CENTCOM_NOTICE_HEAD + "Licence statement shipped with re3d:\n\n" + f.read().strip() + "\n")


DOSSIERIGNORE = """\
# Not articles: documentation and licence texts of the default corpus.
README.md
LICENSE*
LICENSES/
"""


def readme(counts):
    c = counts
    n_wn = (sum(v for k, v in c.items() if k.startswith("wikinews/.") and "files" not in k))
    n_md_wn = c["wikinews/.md (yaml)"] + c["wikinews/.md (toml)"]
    n_json = c["wikinews/.json (text)"] + c["wikinews/.json (body)"] + c["wikinews/.json (content)"]
    n_uk = c["uk-government/.md (yaml)"] + c["uk-government/.md (toml)"]
    total = 1 + c["centcom/.html"] + n_uk + n_wn
    return """\
# dossier default corpus

The folder of news articles dossier indexes when you give it no folder of your
own: {total} real articles -- press releases and statements about the conflict in
Syria and Iraq (mid-2010s) and Wikinews reports on aviation, technology, the car
industry and the stock market (2004-2013) -- with actors (people, armed groups, governments, companies) and places to search for.

The formats are mixed on purpose, so that the default corpus exercises every
reader dossier has: plain text, Markdown with YAML or TOML front matter, HTML
(with navigation and footer boilerplate that must be ignored), one-article
JSON (body under `text`, `body` or `content`) and a multi-article JSON Lines
file. `.dossierignore` keeps this README and `LICENSES/` out of the index.

| folder | articles | format(s) | source and owner | licence |
|---|---|---|---|---|
| `seed/` | 1 | `.txt` | The article the project was started from (a militia breaches the 55 km deconfliction zone around al-Tanf, Syria, and attacks Maghaweir al-Thowra); provided by the project's user | provided by the project's user for use in dossier |
| `centcom/` | {cc} | `.html` | Press releases and news articles of U.S. Central Command (CENTCOM), <https://www.centcom.mil> (original address of each in `<link rel="canonical">`); texts taken from Dstl's re3d dataset | public domain (U.S. Government work); credit: U.S. Central Command Public Affairs |
| `uk-government/` | {uk} | `.md` ({uky} YAML, {ukt} TOML front matter) | News stories and ministerial statements published on GOV.UK (mostly Foreign & Commonwealth Office), <https://www.gov.uk> (original address of each in `url`); texts taken from Dstl's re3d dataset | Open Government Licence v3.0. Contains public sector information licensed under the Open Government Licence v3.0. |
| `wikinews/` | {wn} | {nj} `.json` ({jt} `text`, {jb} `body`, {jc} `content`), {nt} `.txt`, {nm} `.md` ({wy} YAML, {wt} TOML), {nh} `.html`, and `{jsonl}` ({nl} articles, the MEANTIME "stock market" topic) | Wikinews articles (<https://en.wikinews.org>, original address of each in `url`) by Wikinews contributors, as distributed in the English section of the NewsReader MEANTIME corpus (Minard et al., 2016): topics Airbus/Boeing, Apple, General Motors, stock market | CC BY 4.0; attribution: Wikinews contributors and the NewsReader MEANTIME corpus, (c) 2015 Fondazione Bruno Kessler, VU University Amsterdam, Universidad del Pais Vasco |

Licence texts and notices are in `LICENSES/`:
`re3d-centcom-LICENSE.txt` / `-ATTRIBUTION.txt`, `re3d-uk-government-LICENSE.txt` /
`-ATTRIBUTION.txt` and `re3d-README.md` (as shipped with re3d),
`CENTCOM-PUBLIC-DOMAIN-NOTICE.txt`, `OGL-3.0-NOTICE.txt`,
`MEANTIME-CC-BY-4.0-NOTICE.txt`, `meantime-LICENSE.txt` (full CC BY 4.0 text) and
`meantime-README.txt`.

## Where the texts come from

- **re3d** (`centcom/`, `uk-government/`): the texts were taken from Dstl's re3d
  dataset ("Relationship and Entity Extraction Evaluation Dataset", Defence Science
  and Technology Laboratory, built by Aleph Insights and Committed Software;
  <https://github.com/dstl/re3d>). Only the CENTCOM and UK Government subsets are
  shipped; re3d's Wikipedia and BBC texts are not. re3d documents carry no date and
  none of these has a dateline in its opening, so they have no `date`.
  Changes: whitespace normalised (non-breaking-space runs, invisible direction
  marks, the `.` bullet markers of the daily strike reports removed), one
  paragraph per line of the original.
- **MEANTIME** (`wikinews/`): Anne-Lyse Minard, Manuela Speranza, Ruben Urizar,
  Begona Altuna, Marieke van Erp, Anneleen Schoen and Chantal van Son (2016),
  "MEANTIME, the NewsReader Multilingual Event and Time Corpus", LREC 2016.
  MEANTIME ships each article as tokenised sentences (title, date, body); the
  build script rejoins the tokens into normal text and parses the date line into
  `date` (`.txt` files keep it as the first line of the body, e.g. "March 1,
  2008"). MEANTIME does not record the original paragraph breaks, so each
  sentence is a paragraph, except that a quotation spanning several sentences
  stays in one paragraph. Each of the 120 MEANTIME articles appears exactly once.

## Rebuilding

From the repository root, with the shared data checked out next to it:

    python3 scripts/build_corpus.py        # reads ../shared/data, writes corpus/

The script uses only the Python 3 standard library, is deterministic, and first
deletes the files it generated before (everything in `corpus/` except dot-files
it does not own), so re-running it reproduces this folder exactly.
""".format(total=total, cc=c["centcom/.html"], uk=n_uk,
           uky=c["uk-government/.md (yaml)"], ukt=c["uk-government/.md (toml)"],
           wn=n_wn, nj=n_json, jt=c["wikinews/.json (text)"], jb=c["wikinews/.json (body)"],
           jc=c["wikinews/.json (content)"], nt=c["wikinews/.txt"], nm=n_md_wn,
           wy=c["wikinews/.md (yaml)"], wt=c["wikinews/.md (toml)"],
           nh=c["wikinews/.html"], jsonl="wikinews/" + JSONL_NAME,
           nl=c["wikinews/.jsonl (articles)"])


# --------------------------------------------------------------------------

OWNED_DIRS = ("seed", "centcom", "uk-government", "wikinews", "LICENSES")
OWNED_FILES = ("README.md", ".dossierignore")


def clean_out(out):
    """Delete what this script generates (and nothing else)."""
    for d in OWNED_DIRS:
        p = os.path.join(out, d)
        if os.path.isdir(p):
            shutil.rmtree(p)
    for f in OWNED_FILES:
        p = os.path.join(out, f)
        if os.path.exists(p):
            os.remove(p)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(REPO, "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(REPO, "corpus"))
    args = ap.parse_args()
    data, out = os.path.normpath(args.data), os.path.normpath(args.out)
    if not os.path.isdir(data):
        sys.exit("data folder not found: %s" % data)

    from collections import Counter
    counts = Counter()
    clean_out(out)
    os.makedirs(out, exist_ok=True)

    os.makedirs(os.path.join(out, "seed"), exist_ok=True)
    shutil.copyfile(os.path.join(data, "corpora/seed", SEED_NAME),
                    os.path.join(out, "seed", SEED_NAME))
    counts["seed/.txt"] += 1

    build_re3d(data, out, counts)
    build_meantime(data, out, counts)
    build_licenses(data, out)
    write(os.path.join(out, ".dossierignore"), DOSSIERIGNORE)
    write(os.path.join(out, "README.md"), readme(counts))

    articles = 0
    for k in sorted(counts):
        print("%-32s %4d" % (k, counts[k]))
        if "(files)" not in k:
            articles += counts[k]
    size = sum(os.path.getsize(os.path.join(dp, f))
               for dp, _, fs in os.walk(out) for f in fs)
    print("%-32s %4d" % ("articles", articles))
    print("%-32s %d bytes" % ("total size of corpus/", size))


if __name__ == "__main__":
    main()
