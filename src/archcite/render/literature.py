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
- Short titles: ``title-short`` when the record has one, else the main title (before a colon)
  without a leading article, cut before the first preposition or conjunction that follows two
  words or more other than articles, prepositions and conjunctions, at most five words.
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
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from archcite.model.names import name_text
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


def short_title(record: dict[str, Any], title: str | None = None) -> str:
    """The short title a short note or MLA citation prints (see the module docstring)."""
    if title is None:
        given = record.get("title-short") or record.get("shortTitle")
        if isinstance(given, str) and given.strip():
            return given.strip()
        title = str(record.get("title") or "")
    text = main_title(title)
    if not is_english(record):
        return text
    words = text.split()
    if len(words) > 1 and words[0].lower() in ARTICLES:
        words = words[1:]
    content = 0  # words before the cut that are not articles, prepositions or conjunctions
    for i, word in enumerate(words):
        if content >= 2 and _bare(word) in (CONJUNCTIONS | PREPOSITIONS):
            words = words[:i]
            break
        content += _bare(word) not in STOP_WORDS
    if len(words) > 5:
        words = words[:4]
        while len(words) > 1 and _bare(words[-1]) in STOP_WORDS:
            words.pop()
    return " ".join(words).rstrip(",;")


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


def volume_record(record: dict[str, Any]) -> dict[str, Any]:
    """The published volume a document is printed in, as a book record (what the Chicago
    bibliography lists for a document in a published collection)."""
    volume: dict[str, Any] = {"id": record.get("id", ""), "type": "book",
                              "title": record["container-title"]}
    for key in ("editor", "translator", "publisher", "publisher-place", "volume", "part",
                "part-title", "edition", "language", "URL", "DOI", "collection-title",
                "collection-number", "custom"):
        if key in record:
            volume[key] = record[key]
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
    Chicago, the record itself otherwise (MLA lists the document it cites); a volume of a
    multivolume work in the styles' shape (:func:`multivolume_record`)."""
    record = multivolume_record(record)
    if family != "mla" and is_published_document(record):
        return volume_record(record)
    return record


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
    english = is_english(record)
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
    _volume(view, record, short, rich, markup.Italic, english)
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
            rich: Callable[[str], str], italic: Callable[[str], str], english: bool) -> None:
    """``volume`` as printed after "vol.": the number, the book of it ("5, bk. 1") and, in full
    forms, the volume's own title in italics ("7, *Korea*"). citeproc-py knows neither CSL
    1.0.2's ``part`` nor ``part-title``, so they are folded in here."""
    volume = record.get("volume")
    if volume is None or volume == "":
        return
    text = rich(page_range(str(volume), "chicago"))
    if record.get("part") not in (None, ""):
        text += f", bk. {rich(str(record['part']))}"
    title = record.get("part-title")
    if isinstance(title, str) and title.strip() and not short:
        title = headline_case(title) if english else title
        text += f", {italic(rich(title))}"
    view["volume"] = text


# --- bibliography order and sections -------------------------------------------------------------

def sort_text(text: str) -> str:
    """The form a bibliography sorts a string by: no diacritics, case folded, leading
    quotes and brackets ignored.

    Not the search folding of :mod:`archcite.library.fold`: that one romanizes Cyrillic so
    ``lotman`` finds «Лотман», while a bibliography sorts Cyrillic as Cyrillic (after Latin)
    and must ignore an opening quote that a search would simply skip as punctuation.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.casefold().lstrip("\"'“‘«[(").strip()


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
