"""What archcite's styles need from a literature record that CSL or citeproc-py cannot say.

Books, articles, chapters, theses and published documents are rendered by the literature
branches of archcite's own CSL styles. Chicago (18th ed.) and MLA (9th ed.) ask for things a
CSL 1.0.2 style cannot compute, or that citeproc-py 0.11 gets wrong; the renderer's view
(:mod:`archcite.render.view`) calls :func:`prepare` to write them into the item citeproc-py
renders. Each function below answers one of those needs, in plain Python without citeproc, so
that the sort order (:mod:`archcite.render.engine`) and the bibliography's sections (the ``bib``
command, which must not import citeproc on a warm cache) use the same rules.

The rules, in short (the README's "Citing the literature" says the same for users):

- Family-first names (Chinese, Japanese, Korean, Hungarian) print family name first and are
  never inverted with a comma ("Shen Zhihua", bibliography "Shen Zhihua."); short forms use
  the family name ("Shen"). Which names are family-first is the one name formatter's rule
  (:func:`archcite.model.names.is_family_first`: ``static-ordering``, Han/kana/Hangul script,
  or a Chinese, Japanese, Korean or Hungarian record); the view applies it.
- English titles (``language`` English or absent) take headline capitalisation; other
  languages print as stored.
- Short titles (:func:`short_title`, also the archival headings' rule): ``title-short`` when
  the record has one, else the main title (before a colon, without a closing date span) without
  a leading article, cut before the first preposition or conjunction that follows two words or
  more other than articles, prepositions and conjunctions, at most five words, never inside a
  name.
- Page ranges are shortened by each manual's rule (Chicago 201–30, 163–214; MLA 246–94).
- MLA shortens university presses ("Cambridge UP", "U of Chicago P").
- A document in a published collection (a letter, memorandum or other document with a
  ``container-title`` and no archival holdings) is cited in notes as the document "in" the
  volume; the Chicago
  bibliography lists the volume itself (CMOS lists the collection, not each document).
  The document's own date is ``original-date`` when the record has one (biblatex-chicago's
  ``origdate``), and ``issued`` is then the volume's year; otherwise ``issued`` is the
  document's date.
- A volume of a multivolume work or government series (FRUS) is ``volume`` (with ``part``
  for a book of a volume: "vol. 5, bk. 1") and its own title in ``part-title``; its editor
  edits that volume, so the entry starts with the general title ("*Foreign Relations of the
  United States, 1950*. Vol. 7, *Korea*. Edited by …").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from archcite.model.names import name_text
from archcite.model.translit import without_accents
from archcite.render.typography import smarten

# Types cited as documents (letters, memoranda, records) rather than as literature.
DOCUMENT_TYPES = frozenset({"personal_communication", "manuscript", "document"})
# Periodical and web items whose unsigned entries start with the periodical or site name.
PERIODICAL_TYPES = frozenset({"article-newspaper", "article-magazine"})
WEB_TYPES = frozenset({"webpage", "post-weblog", "post"})

ARTICLES = frozenset({"a", "an", "the"})
CONJUNCTIONS = frozenset({"and", "but", "for", "nor", "or", "so", "yet"})
# CMOS 18 lowercases prepositions in headline-style titles whatever their length.
PREPOSITIONS = frozenset(
    """about above across after against along amid among around as at before behind below
    beneath beside besides between beyond by despite down during except for from in inside
    into like near of off on onto out outside over past per since than through throughout till
    to toward towards under underneath unlike until up upon versus via with within without
    vs. v.""".split()
)
STOP_WORDS = ARTICLES | CONJUNCTIONS | PREPOSITIONS


# --- languages and names -----------------------------------------------------------------------

def language_code(record: dict[str, Any]) -> str:
    """The primary language subtag of the record ("" when none): "en-US" → "en"."""
    lang = str(record.get("language") or "").strip().lower()
    if lang in ("english",):
        return "en"
    return re.split(r"[-_]", lang, maxsplit=1)[0] if lang else ""


def is_english(record: dict[str, Any]) -> bool:
    """True when titles take headline capitalisation: language English or not given."""
    return language_code(record) in ("", "en")


# --- rich text in titles ---------------------------------------------------------------------

# CSL-JSON's markup inside values: <i>, <b>, <sup>, <sub>, small caps and "nocase" spans.
RICH_TAG = re.compile(
    r'<(/?)(i|b|sup|sub)>|<span\s+class="nocase">|'
    r'<span\s+style="font-variant:\s*small-caps;?">|</span>'
)
_PLACEHOLDER = re.compile("[\ue000-\uf8ff]")


class Markup:
    """The wrappers an output format gives rich text (archcite's formatter classes have them);
    plain text strips the tags."""

    Italic: Callable[[str], str] = str
    Bold: Callable[[str], str] = str
    Superscript: Callable[[str], str] = str
    Subscript: Callable[[str], str] = str
    SmallCaps: Callable[[str], str] = str


def plain_text(text: str) -> str:
    """A value without its rich-text tags (its sort form)."""
    return RICH_TAG.sub("", text)


def rich_text(text: str, escape: Callable[[str], str], markup: Any = Markup) -> str:
    """A value with CSL-JSON rich text (``<i>Pravda</i>``) in the output format's markup, the
    text between the tags escaped.

    citeproc-py limitation: it prints the tags literally ("The Making of <i>Pravda</i>"), and
    its html output does not escape them. An unclosed tag is closed at the end; a stray closing
    tag is dropped. Nested italics inside an italic title are turned upright by the format
    (HTML: :func:`archcite.render.formatters.HtmlFormat.finish`; LaTeX's ``\\emph`` does it
    itself).
    """
    wrappers = {"i": markup.Italic, "b": markup.Bold, "sup": markup.Superscript,
                "sub": markup.Subscript, "sc": markup.SmallCaps, "nocase": str}
    stack: list[tuple[str, list[str]]] = [("", [])]
    pos = 0
    for match in RICH_TAG.finditer(text):
        stack[-1][1].append(escape(text[pos:match.start()]))
        pos = match.end()
        tag = match.group(0)
        if match.group(1) == "/" or tag == "</span>":
            name = match.group(2) or "span"
            if len(stack) > 1 and (stack[-1][0] == name or
                                   (name == "span" and stack[-1][0] in ("sc", "nocase"))):
                closed, parts = stack.pop()
                stack[-1][1].append(str(wrappers[closed]("".join(parts))))
            continue
        name = match.group(2) or ("nocase" if "nocase" in tag else "sc")
        stack.append((name, []))
    stack[-1][1].append(escape(text[pos:]))
    while len(stack) > 1:
        closed, parts = stack.pop()
        stack[-1][1].append(str(wrappers[closed]("".join(parts))))
    return "".join(stack[0][1])


# --- titles ------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\s]+")


def _cap_first(word: str) -> str:
    """Capitalise the first letter of a lower-case word (after any opening quote/bracket)."""
    for i, ch in enumerate(word):
        if ch.isalpha():
            return word[:i] + ch.upper() + word[i + 1:]
    return word


def _bare(word: str) -> str:
    return _PLACEHOLDER.sub("", word).strip("“”‘’\"'()[],.;:!?").lower()


@lru_cache(maxsize=8192)  # pure; a title is cased for its note, short title and container
def headline_case(title: str) -> str:
    """Chicago/MLA headline capitalisation of an English title.

    Lower-case words are capitalised except articles, coordinating conjunctions and
    prepositions inside the title; those stop words are lower-cased unless they are the first
    or last word or follow a colon, em dash or question mark. Words with a capital letter
    inside or a digit (USSR, iPhone, 1950s) are kept as written; in a hyphenated word each
    lower-case part is capitalised unless it follows a prefix ("Sino-Soviet",
    "Anti-communist"); parts already capitalised stay ("Re-Viewed").
    """
    tags: list[str] = []

    def hide(match: re.Match[str]) -> str:
        tags.append(match.group())
        return chr(0xE000 + len(tags) - 1)

    # rich-text tags become placeholders (not letters); words in a nocase span keep their case
    title = RICH_TAG.sub(hide, title) if len(RICH_TAG.findall(title)) < 0x1000 else title
    words = list(_WORD.finditer(title))
    out: list[str] = []
    last = 0
    nocase = False
    for i, match in enumerate(words):
        word = match.group()
        out.append(title[last:match.start()])
        last = match.end()
        opened = [tags[ord(c) - 0xE000] for c in _PLACEHOLDER.findall(word)]
        was_nocase = nocase
        for tag in opened:
            if "nocase" in tag:
                nocase = True
            elif tag == "</span>":
                nocase = False
        if was_nocase or (opened and "nocase" in opened[0] and word.startswith(chr(0xE000))):
            out.append(word)
            continue
        previous = words[i - 1].group() if i else ""
        starts = i == 0 or previous.endswith((":", "—", "?", "!")) or word.startswith("—")
        ends = i == len(words) - 1
        bare = _bare(word)
        head, sep, tail = word.partition("-")
        letters = [c for c in head if c.isalpha()]
        keep = any(c.isdigit() for c in head) or any(c.isupper() for c in letters[1:])
        if keep or not letters:
            out.append(word)
        elif bare in STOP_WORDS and not starts and not ends and not sep:
            out.append(word.lower() if head[:1].isupper() and head[1:].islower() else word)
        else:
            out.append(_hyphenated(_cap_first(head), tail) if sep else _cap_first(head))
    out.append(title[last:])
    return _PLACEHOLDER.sub(lambda m: tags[ord(m.group()) - 0xE000], "".join(out))


# Prefixes whose hyphenated second part stays lower case in a headline ("Anti-communist").
PREFIXES = frozenset(
    """anti co counter de inter intra mid multi neo non post pre pro pseudo re semi sub super
    trans ultra un""".split()
)


def _hyphenated(head: str, tail: str) -> str:
    """The parts after a hyphen: each lower-case part is capitalised (CMOS: "Sino-Soviet",
    "Cold-War-Era") unless it is a stop word or follows a prefix ("Re-establishment")."""
    parts = [head]
    for part in tail.split("-"):
        previous = parts[-1].lower()
        if (part[:1].islower() and part.isalpha() and part not in STOP_WORDS
                and previous not in PREFIXES):
            part = _cap_first(part)
        parts.append(part)
    return "-".join(parts)


def main_title(title: str) -> str:
    """The title before its subtitle (the text before the first colon)."""
    return title.split(":", 1)[0].strip()


# A title's closing date or span ("Soviet Advisers in China, 1949–1960", "…, 1950s"): the short
# form names the work, not its period.
_DATE_TAIL = re.compile(
    r",\s*(?:c\.\s*|ca\.\s*)?(?:(?:[A-Z][a-z]+\.?\s+)?\d{1,2},\s*)?\d{3,4}s?"
    r"(?:\s*[-–—/]\s*\d{2,4}s?)?\s*$")
# Words a short title never ends on (beyond the stop words): a heading's "Report concerning …".
_TRAILING = STOP_WORDS | {"concerning", "regarding"}
SHORT_TITLE_WORDS = 5


def _capitalised(word: str) -> bool:
    core = word.strip("“”‘’\"'([,;:")
    return bool(core) and core[0].isupper()


def short_title(source: dict[str, Any] | str, title: str | None = None, *,
                limit: int = SHORT_TITLE_WORDS) -> str:
    """The short title of a short note or an MLA in-text citation: one rule for the
    literature's titles and the archive's descriptive headings.

    ``source`` is a record (its ``title-short`` wins when it has one; its ``language`` decides
    whether the English word rules apply) or a title on its own (an English heading).
    ``title`` replaces the record's title (a title already cased or escaped for output).

    The main title (before a subtitle's colon, without a closing date or span and a leading
    article) is cut before the first preposition or conjunction that follows two words of its
    phrase other than articles, prepositions and conjunctions ("Soviet Advisers", "Minutes of
    the Meeting"; a comma ends a phrase, so "Report, Embassy of Hungary" keeps the party).
    Longer than ``limit`` words, it keeps at most that many, never cut inside a name (a run of
    capitalised words or initials: the cut moves before the name; where every word is
    capitalised, as in a headline-style title, four words) and never ending on a connective.
    A title in another language is cut at its colon and date only: the word rules are
    English.
    """
    if isinstance(source, str):
        record: dict[str, Any] = {}
        title = source if title is None else title
    else:
        record = source
        if title is None:
            given = record.get("title-short") or record.get("shortTitle")
            if isinstance(given, str) and given.strip():
                return given.strip()
            title = str(record.get("title") or "")
    text = main_title(title)
    text = _DATE_TAIL.sub("", text) or text
    if not is_english(record):
        return text
    words = text.split()
    if len(words) > 1 and _bare(words[0]) in ARTICLES:
        words = words[1:]
    content = 0  # words of the phrase before the cut that are not stop words
    for i, word in enumerate(words):
        if content >= 2 and _bare(word) in (CONJUNCTIONS | PREPOSITIONS):
            words = words[:i]
            break
        content = 0 if word.endswith(",") else content + (_bare(word) not in STOP_WORDS)
    if len(words) > limit:
        cut = limit
        while 0 < cut < len(words) and _capitalised(words[cut - 1]) \
                and _capitalised(words[cut]) and not words[cut - 1].endswith((",", ";", ":")):
            cut -= 1  # the cut falls inside a name: move it before the name
        if cut == 0:
            cut = limit - 1  # every word capitalised: no name to tell apart
        words = words[:cut]
    while len(words) > 1 and _bare(words[-1]) in _TRAILING:
        words.pop()
    return " ".join(words).rstrip(",;:")


def drop_article(title: str) -> str:
    """A periodical's name without a leading "The" (*New York Times*)."""
    return re.sub(r"^(?:The)\s+", "", title)


# --- numbers -----------------------------------------------------------------------------------

_RANGE = re.compile(r"^\s*(\d+)\s*(?:-+|–|—)\s*(\d+)\s*$")


def _digits_needed(first: str, second: str, least: int) -> str:
    """The last digits of ``second`` that differ from ``first`` (at least ``least``)."""
    if len(second) != len(first):
        return second
    for k in range(least, len(second) + 1):
        if first[:-k] == second[:-k]:
            return second[-k:]
    return second


def shorten_range(first: str, second: str, style: str) -> str:
    """The second number of a page range as the manual writes it.

    Chicago (CMOS 9.64): below 100 and at multiples of 100 in full (71–72, 100–104);
    101–109 in each hundred the changed part only (101–8, 808–33); otherwise two digits or more
    as needed (321–28, 498–532, 1496–500). MLA: in full up to 99, then the last two digits or
    more as needed (246–94, 1608–774).
    """
    a, b = int(first), int(second)
    if b < a and len(second) < len(first):  # written short already: expand, then shorten
        second = first[: len(first) - len(second)] + second
        b = int(second)
    if b <= a or a < 100:
        return second
    if style == "mla":
        return _digits_needed(first, second, 2)
    if a % 100 == 0:
        return second
    if a % 100 < 10:
        return _digits_needed(first, second, 1)
    return _digits_needed(first, second, 2)


def page_range(page: str, style: str) -> str:
    """Pages as printed: each range en-dashed and shortened ("44-68" → "44–68", "246-294" →
    Chicago "246–94"); anything else (roman numerals, "12f") kept, hyphens made en dashes."""
    parts = []
    for part in re.split(r"(\s*[,;&]\s*)", page):
        match = _RANGE.match(part)
        if match:
            first, second = match.groups()
            parts.append(f"{first}–{shorten_range(first, second, style)}")
        else:
            parts.append(re.sub(r"(?<=\w)-+(?=\w)", "–", part))
    return "".join(parts)


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st …"""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def edition_text(edition: Any) -> str:
    """An edition as both manuals write it: "2" → "2nd ed."; words are kept ("rev. ed.")."""
    text = str(edition).strip()
    match = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?(?:\s*(?:ed\.?|edition))?", text, re.I)
    if match:
        return f"{ordinal(int(match.group(1)))} ed."
    text = re.sub(r"\bedition\b", "ed.", text, flags=re.I)
    return text


def thesis_genre(genre: str, style: str) -> str:
    """A thesis's kind: Chicago "PhD diss." / "master’s thesis", MLA "PhD dissertation" /
    "MA thesis"; any other description is kept."""
    low = genre.casefold()
    if "diss" in low or "doctor" in low or "phd" in low or "ph.d" in low:
        return "PhD dissertation" if style == "mla" else "PhD diss."
    if "master" in low or re.search(r"\bm\.?a\.?\b", low):
        return "MA thesis" if style == "mla" else "master’s thesis"
    return genre


def mla_publisher(name: str) -> str:
    """MLA 9 publisher names: a university press as "UP" ("Cambridge UP"), "University" and
    "Press" as "U" and "P" elsewhere in a university press's name ("U of Chicago P"); business
    words (Inc., Ltd., Co.) left out. Other presses keep "Press"; a university that is not a
    press (a thesis's institution) keeps its name."""
    text = re.sub(r",?\s+(?:Inc\.?|Ltd\.?|Co\.|Company|Corporation|Corp\.)$", "", name.strip())
    if re.search(r"\bUniversity\b", text) and re.search(r"\bPress\b", text):
        text = re.sub(r"\bUniversity Press\b", "UP", text)
        text = re.sub(r"\bUniversity\b", "U", text)
        text = re.sub(r"\bPress\b", "P", text)
    return text


def doi_url(doi: str) -> str:
    """A DOI as the manuals print it: ``https://doi.org/10.…``."""
    text = doi.strip()
    text = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", text, flags=re.I)
    return f"https://doi.org/{text}"


# --- published documents and volumes ------------------------------------------------------------

def is_published_document(record: dict[str, Any]) -> bool:
    """A letter, memorandum or other document cited from a published collection: a
    ``container-title`` and no archival holdings (a document cited from its archive is cited
    as archival, whatever reprints it has)."""
    if record.get("type") not in DOCUMENT_TYPES or not record.get("container-title"):
        return False
    custom = record.get("custom")
    held = isinstance(custom, dict) and bool(custom.get("holdings"))
    return not held and not record.get("archive") and not record.get("archive_location")


# The custom key of a document cited from a publication named in its source (see
# :func:`published_source_record`): the digital archive it was read in, if any.
FROM_SOURCE = "published-source"
# A publication's fields as a source names them (``custom["published-in"]``, a reprint).
_PUBLICATION_FIELDS = ("container-title", "container-author", "editor", "volume", "part",
                       "issue", "page", "publisher", "publisher-place", "issued", "edition")


def publication_of(record: dict[str, Any]) -> dict[str, Any] | None:
    """The publication a document with no archival holding is cited from: the book or
    collection its source names (``custom["published-in"]``), else the first of its reprints
    (a record typed in with reprints and no holding); None for anything else."""
    if record.get("type") not in DOCUMENT_TYPES:
        return None
    custom = record.get("custom")
    if not isinstance(custom, dict) or custom.get("holdings") or record.get("archive") \
            or record.get("archive_location") or FROM_SOURCE in custom:
        return None  # (FROM_SOURCE: already in the literature's shape; its reprints follow)
    publication = custom.get("published-in")
    if not isinstance(publication, dict):
        reprints = custom.get("reprints")
        publication = reprints[0] if isinstance(reprints, list) and reprints else None
    if isinstance(publication, dict) and isinstance(publication.get("container-title"), str) \
            and publication["container-title"].strip():
        return publication
    return None


def published_source_record(record: dict[str, Any]) -> dict[str, Any]:
    """A document whose source is a publication, in the shape of a document in a published
    collection, so that one rendering cites both (a record read from a page and one imported
    from the literature).

    A page that names a book or collection as its source stores the document as a document:
    ``issued`` is its own date and ``publisher``/``source`` are the digital archive's, while
    the publication's imprint stays in ``custom["published-in"]`` (other CSL tools see the
    container fields only). The literature stores a document in a collection with the
    volume's ``publisher`` and year in ``issued`` and the document's date in
    ``original-date``. This gives the first the second's shape: the publication's fields
    (imprint, editors, pages) as CSL variables, the document's date as ``original-date``, and
    the digital archive kept aside in ``custom[FROM_SOURCE]`` (its ``source`` and
    ``publisher``), cited after the publication as the place the document was read; further
    publications stay in ``custom["reprints"]``. The publication's title is kept as the source
    printed it (the record's ``language`` is the page's, not the book's). Records without such
    a publication come back unchanged.
    """
    publication = publication_of(record)
    if publication is None:
        return record
    out = {k: v for k, v in record.items()
           if k not in _PUBLICATION_FIELDS and k not in ("source", "publisher", "custom")}
    for key in _PUBLICATION_FIELDS:
        if _well_formed(key, publication.get(key)):
            out[key] = publication[key]
    if "editor" not in out and _well_formed("editor", publication.get("compiler")):
        # the literature's styles know editors only (citeproc-py has no compiler variable)
        out["editor"] = publication["compiler"]
    if record.get("original-date"):
        out["original-date"] = record["original-date"]
    elif record.get("issued"):
        out["original-date"] = record["issued"]
    custom = {k: v for k, v in record["custom"].items() if k not in ("published-in", "reprints")}
    reprints = record["custom"].get("reprints")
    if isinstance(reprints, list):
        further = [p for p in reprints if isinstance(p, dict) and p is not publication]
        if further:
            custom["reprints"] = further  # printed after the publication ("; reprinted in …")
    custom[FROM_SOURCE] = {k: record[k] for k in ("source", "publisher")
                           if isinstance(record.get(k), str) and record[k].strip()}
    out["custom"] = custom
    return out


def _well_formed(key: str, value: Any) -> bool:
    """Whether a publication field read from ``custom`` (free-form, not validated as CSL) has
    the shape of its CSL variable; a malformed one is left out, never rendered."""
    if key in ("container-author", "editor"):
        return isinstance(value, list) and bool(value) and all(isinstance(n, dict) for n in value)
    if key == "issued":
        return isinstance(value, dict) and isinstance(value.get("date-parts"), list)
    return isinstance(value, str | int) and not isinstance(value, bool) and str(value) != ""


def from_source(record: dict[str, Any]) -> dict[str, Any] | None:
    """The digital archive of a document in :func:`published_source_record`'s shape ({} when
    it names none); None for any other record."""
    custom = record.get("custom")
    found = custom.get(FROM_SOURCE) if isinstance(custom, dict) else None
    return found if isinstance(found, dict) else None


def volume_record(record: dict[str, Any]) -> dict[str, Any]:
    """The published volume a document is printed in, as a book record (what the Chicago
    bibliography lists for a document in a published collection)."""
    volume: dict[str, Any] = {"id": record.get("id", ""), "type": "book",
                              "title": record["container-title"]}
    # A document read in a digital archive: its translator, address and language are the
    # document's (the archive's translation), not the volume's.
    read_online = from_source(record) is not None
    own = ("translator", "language", "URL", "DOI", "custom") if read_online else ()
    for key in ("editor", "translator", "publisher", "publisher-place", "volume", "part",
                "part-title", "edition", "language", "URL", "DOI", "collection-title",
                "collection-number", "custom"):
        if key in record and key not in own:
            volume[key] = record[key]
    if read_online:
        volume["custom"] = {FROM_SOURCE: {}}  # the volume's title as the source printed it
    if record.get("original-date") and record.get("issued"):
        volume["issued"] = record["issued"]  # the volume's year; the document's is original
    if record.get("container-author"):
        volume["author"] = record["container-author"]
    return volume


def multivolume_record(record: dict[str, Any]) -> dict[str, Any]:
    """A volume of a multivolume work in the shape the styles read.

    BibLaTeX's ``maintitle`` (the whole work) reads into CSL as ``collection-title`` beside the
    volume's own ``title`` (a book) or ``container-title`` (a document or chapter printed in
    it) and its ``volume`` number; archcite's styles read the whole work as the ``title`` (or
    ``container-title``) and the volume's own title as ``part-title``, as CMOS cites it
    ("*Foreign Relations of the United States, 1950*, vol. 7, *Korea*"). A series (a
    ``collection-number``) and a record that already has a ``part-title`` are left as they are.
    """
    work = record.get("collection-title")
    if (not isinstance(work, str) or not work.strip() or record.get("volume") in (None, "")
            or record.get("part-title") or record.get("collection-number") not in (None, "")):
        return record
    key = "title" if record.get("type") == "book" else "container-title"
    own = record.get(key)
    if not isinstance(own, str) or not own.strip() or own.strip() == work.strip():
        return record
    out = {k: v for k, v in record.items() if k != "collection-title"}
    out[key], out["part-title"] = work, own
    if key == "title":
        out.pop("title-short", None)  # the short title named the volume, not the work
    return out


def bibliography_record(record: dict[str, Any], family: str) -> dict[str, Any]:
    """The record whose entry a bibliography prints: the volume for a published document in
    Chicago (a document in a journal issue: the document, :func:`in_periodical`), the record
    itself otherwise (MLA lists the document it cites); a document whose
    source is a publication and a volume of a multivolume work in the styles' shapes
    (:func:`published_source_record`, :func:`multivolume_record`)."""
    record = multivolume_record(published_source_record(record))
    if family != "mla" and is_published_document(record) and not in_periodical(record):
        return volume_record(record)
    return record


def in_periodical(record: dict[str, Any]) -> bool:
    """Whether a published document is printed in a journal issue ("*Istochnik* 2 (2001):
    10–14", "*Cold War International History Project Bulletin*, no. 5"): a volume or issue
    number and no publisher, editor or author of the container (a book has one of those). The
    styles test the same variables; the Chicago bibliography lists such a document itself, as
    it lists an article, not the issue."""
    return not any(record.get(k) for k in ("publisher", "editor", "container-author")) and any(
        record.get(k) not in (None, "") for k in ("volume", "issue"))


# --- the view ----------------------------------------------------------------------------------

def prepare(view: dict[str, Any], record: dict[str, Any], *, family: str, form: str,
            escape: Callable[[str], str], markup: Any = Markup) -> None:
    """Write into ``view`` (the item citeproc-py renders) what the literature branches of
    archcite's styles print but CSL cannot compute; ``record`` is the stored record.

    Archival records (letters, manuscripts without a container) pass through unchanged.
    ``escape`` escapes text for the output format; ``markup`` (the format's class) gives its
    italics and other wrappers, for rich text in titles and a volume's own title printed inside
    the volume number. Text written here (titles, editions) gets curly quotes and apostrophes
    as every text value of the view does; identifiers (the DOI) and page numbers never do.
    """
    kind = record.get("type")
    if kind in DOCUMENT_TYPES and not is_published_document(record):
        return

    def rich(text: str) -> str:
        return rich_text(smarten(text, RICH_TAG), escape, markup)

    style = "mla" if family == "mla" else "chicago"
    # a publication named in a page's source keeps the title as the source printed it
    english = is_english(record) and from_source(record) is None
    short = form in ("short", "intext")
    # a document's own title is the archive's or editor's description: kept as given
    keys = ("container-title", "collection-title") + (
        ("title",) if kind not in DOCUMENT_TYPES else ())
    for key in keys:
        raw = record.get(key)
        if isinstance(raw, str) and key in view:
            text = headline_case(raw) if english else raw
            if key == "container-title" and kind in PERIODICAL_TYPES and style == "chicago":
                # CMOS leaves out a periodical's leading "The" (*New York Times*); MLA keeps it
                text = drop_article(text)
            view[key] = rich(text)  # cased before escaping: "\\emph" is not a word
    if isinstance(record.get("title"), str) and kind not in DOCUMENT_TYPES:
        view["title-short"] = rich(short_title(
            record, None if record.get("title-short") else headline_case(record["title"])
            if english else record["title"]))
    if kind == "thesis" and isinstance(view.get("genre"), str):
        view["genre"] = thesis_genre(view["genre"], style)
    if isinstance(record.get("page"), str | int):
        view["page"] = escape(page_range(str(record["page"]), style))
    if record.get("edition") is not None:
        view["edition"] = escape(smarten(edition_text(record["edition"])))
    if style == "mla" and isinstance(view.get("publisher"), str):
        view["publisher"] = mla_publisher(view["publisher"])
    if isinstance(record.get("DOI"), str) and record["DOI"].strip():
        view["DOI"] = escape(doi_url(record["DOI"]))
    _volume(view, record, short, rich, markup.Italic, english, style)
    if (record.get("part-title") and view.get("editor") and not view.get("author")
            and kind not in DOCUMENT_TYPES):
        # A volume's own editor prints after the volume, not as its author. citeproc-py cannot
        # render hyphenated name variables (its ``collection-editor`` prints nothing), so the
        # styles read a volume editor from ``composer``, which no literature record uses.
        view["composer"] = view.pop("editor")
    container = record.get("container-title")
    if isinstance(container, str) and not record.get("container-title-short"):
        # a chapter's note names its book by the main title: "in *Brothers in Arms*, ed. …"
        view["container-title-short"] = rich(main_title(
            headline_case(container) if english else container))
    if is_published_document(record) and not record.get("original-date") and "issued" in view:
        # issued is the document's own date: the style prints original-date as that
        view["original-date"] = view.pop("issued")


def _volume(view: dict[str, Any], record: dict[str, Any], short: bool,
            rich: Callable[[str], str], italic: Callable[[str], str], english: bool,
            style: str = "chicago") -> None:
    """``volume`` as printed after "vol.": the number, the book of it ("5, bk. 1") and, in full
    forms, the volume's own title in italics ("7, *Korea*"). citeproc-py knows neither CSL
    1.0.2's ``part`` nor ``part-title``, so they are folded in here."""
    volume = record.get("volume")
    if volume is None or volume == "":
        return
    text = volume_text(volume, record.get("part"), style, rich)
    title = record.get("part-title")
    if isinstance(title, str) and title.strip() and not short:
        title = headline_case(title) if english else title
        text += f", {italic(rich(title))}"
    view["volume"] = text


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def arabic(numeral: str) -> str:
    """A volume or book number in arabic numerals, as both manuals print them whatever the
    title page uses ("III" → "3"); anything else (an arabic number, "5a", a range) unchanged."""
    word = numeral.strip()
    if not word or not re.fullmatch(r"[IVXLC]+", word):
        return numeral
    values = [_ROMAN[ch] for ch in word.lower()]
    total = sum(-v if v < nxt else v for v, nxt in zip(values, [*values[1:], 0], strict=True))
    return str(total)


def volume_text(volume: Any, part: Any, style: str,
                rich: Callable[[str], str] = str) -> str:
    """A volume and its book as printed after "vol.": Chicago "5, bk. 1" (CMOS 14.117), MLA
    "5, book 1" (MLA spells out the division). A volume stored with its book already in it
    ("5, bk. 2", typed by hand) gets the same spelling."""
    word = "book" if style == "mla" else "bk."
    text = page_range(arabic(str(volume)), "chicago") if str(volume).strip() else ""
    text = re.sub(r"\b(?:bk\.|book)\s*", f"{word} ", text, flags=re.IGNORECASE)
    text = rich(text)
    if part not in (None, ""):
        book = f"{word} {rich(arabic(str(part)))}"
        text = f"{text}, {book}" if text else book
    return text


# A range of years or dates written with a hyphen ("1946-February 1950", "1939-1945",
# "1950-51", "Winter 1995-Spring 1996"): the hyphen after a year, before a year, a month or a
# season. Hyphens inside words and identifiers ("Sino-Soviet", "R-9401") are not ranges.
_DATE_RANGE_HYPHEN = re.compile(
    r"(?<=\b(?:1[5-9]|20)\d\d)\s*-\s*(?=(?:(?:1[5-9]|20)\d\d|\d\d)\b|(?:January|February|"
    r"March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|"
    r"Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|Winter|Spring|Summer|Fall|Autumn)\s)")


def date_ranges(title: str) -> str:
    """A title's ranges of years and dates with an en dash, as ranges are printed; every
    other hyphen kept."""
    return _DATE_RANGE_HYPHEN.sub("–", title)


# --- bibliography order and sections -------------------------------------------------------------

def sort_text(text: str) -> str:
    """The form a bibliography sorts a string by: no diacritics, case folded, leading
    quotes and brackets ignored.

    Not the search folding of :mod:`archcite.library.fold`: that one romanizes Cyrillic so
    ``lotman`` finds «Лотман», while a bibliography sorts Cyrillic as Cyrillic (after Latin)
    and must ignore an opening quote that a search would simply skip as punctuation.
    """
    return without_accents(text).casefold().lstrip("\"'“‘«[(").strip()


def sort_title(title: str, record: dict[str, Any]) -> str:
    """A title's sort form: a leading English article is ignored ("The Cold War" under C)."""
    folded = sort_text(plain_text(title))
    if is_english(record):
        folded = re.sub(r"^(?:the|an?)\s+", "", folded)
    return folded


def sort_name(name: Any) -> str:
    """One name's sort form (the one name formatter's "sort" order: non-dropping particle,
    family, given; a literal as given). A dropping particle ("de" in Charles de Gaulle) does
    not sort: he files under G."""
    return sort_text(name_text(name, "sort"))


def sort_head(record: dict[str, Any]) -> str:
    """What a bibliography entry is filed under: the first author (editors, for an edited book
    without one), else the periodical or site for an unsigned article or page, else the title
    (its leading article ignored)."""
    names = record.get("author") or []
    if not names and record.get("type") not in DOCUMENT_TYPES and not record.get("part-title"):
        names = record.get("editor") or []
    if isinstance(names, list) and names:
        return "\x01".join(sort_name(n) for n in names)  # \x01: a lone author sorts first
    kind = record.get("type")
    container = record.get("container-title")
    if kind in PERIODICAL_TYPES | WEB_TYPES and isinstance(container, str) and container:
        return sort_title(drop_article(container), record)
    return sort_title(str(record.get("title") or ""), record)


SECTIONS = ("Archival sources", "Published sources")
SECTION_MARK = "\x1f"


def is_archival(record: dict[str, Any]) -> bool:
    """A record held in an archive (structured holdings or a flat ``archive``)."""
    custom = record.get("custom")
    if isinstance(custom, dict) and custom.get("holdings"):
        return True
    return bool(record.get("archive") or record.get("archive_location"))


def section_suffix(record: dict[str, Any]) -> str:
    """What a sort key carries for ``bib --sections``: the section and the archive (archival
    entries are grouped by archive). Appended after the sort key, it never changes the order
    of a bibliography without sections."""
    if not is_archival(record):
        return f"{SECTION_MARK}1{SECTION_MARK}"
    archive = record.get("archive") or ""
    custom = record.get("custom")
    if isinstance(custom, dict) and isinstance(custom.get("holdings"), list):
        first = custom["holdings"][0] if custom["holdings"] else {}
        if isinstance(first, dict) and first.get("archive"):
            archive = first["archive"]
    return f"{SECTION_MARK}0{SECTION_MARK}{sort_text(str(archive))}"


def split_sections(items: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """(entry, sort key) pairs → [(heading, entries)]: archival sources grouped by archive and
    sorted within it, then published sources sorted; empty sections are left out."""
    groups: dict[int, list[tuple[str, str, str]]] = {0: [], 1: []}
    for text, key in items:
        base, _, rest = key.partition(SECTION_MARK)
        section, _, archive = rest.partition(SECTION_MARK)
        groups[1 if section == "1" else 0].append((archive, base, text))
    out = []
    for index, heading in enumerate(SECTIONS):
        entries = unique_entries([text for _, _, text in sorted(groups[index])])
        if entries:
            out.append((heading, entries))
    return out


def unique_entries(entries: list[str]) -> list[str]:
    """A sorted bibliography without repeated entries: documents printed in one published
    volume all list that volume (Chicago), once."""
    out: list[str] = []
    for entry in entries:
        if not out or out[-1] != entry:
            out.append(entry)
    return out


def heading(text: str, fmt: str) -> str:
    """A section heading in an output format."""
    if fmt == "markdown":
        return f"## {text}"
    if fmt == "html":
        return f"<h2>{text}</h2>"
    if fmt == "latex":
        return f"\\section*{{{text}}}"
    if fmt == "rtf":
        return f"{{\\b {text}}}"
    return text
