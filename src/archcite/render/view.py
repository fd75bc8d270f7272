"""The per-style view of a record: the CSL-JSON item citeproc-py actually renders.

CSL cannot read ``custom`` (where archcite keeps the structured holdings), cannot label a
Russian leaf ("l.", MLA "list"), and cannot switch archive names to English for MLA. So the
renderer computes those strings here, from the structured record, and puts them in the CSL
variables the styles print:

- ``archive`` + ``archive_location``: the archival reference, every holding in stored order
  joined by semicolons (``archcite.model.holdings.holdings_text``): Chicago keeps the source's
  acronyms and abbreviated levels ("APRF", "f. 45, … ll. 95–96"); MLA uses English archive names
  and spelled-out levels ("fond 45, opis 1, delo 339, listy 95–96"). For Chicago these are the
  strings the store derives (the first holding in ``archive_location``, the others in
  ``division``, which the styles print after it), so pandoc renders the stored record with
  archcite's style identically. A pinpoint narrows the holding it belongs to
  (:func:`narrow_holdings`). ``shelfmark_first`` puts the whole reference, shelfmark before
  archive, in ``archive_location`` (Chicago's alternative order).
- reprints beside the holdings (``custom``): the publication's CSL container variables
  (:func:`publication_fields`). A document whose source is a publication is cited "in" it, in
  the literature's shape (:func:`archcite.render.literature.published_source_record`), with
  the digital archive it was read in after the publication (:func:`_published_document`).
- ``references``: a letter's quoted subject (:func:`letter_subject`); ``title-short``: a short
  note's short title (:func:`archcite.render.literature.short_title`, one rule for headings and
  the literature); ``year-suffix`` + ``title-short``: the MLA in-text short title that tells
  two works of one author apart.
- ``URL``: MLA drops "https://".
- ``genre``: Chicago notes leave the word "letter" out, and never repeat a kind the printed
  heading already names.
- ``number``: left out when it is a Wilson Record ID written by archcite 0.1.
- ``locator``: the pinpoint spelled per style ("l. 95"; MLA "list 95"), see :func:`pinpoint`.
- ``issued``: a date range becomes a literal date written here (citeproc-py limitation: a date
  range inside a single year disappears from its output).
- names: family-first names (``static-ordering``, Han/kana/Hangul script, or a Chinese,
  Japanese, Korean or Hungarian record) become literal names in family-first order, the family
  name alone in short forms (citeproc-py limitation: it ignores static-ordering and prints
  "Zedong Mao", and would invert "Shen, Zhihua" in a bibliography).
- the literature (books, articles, chapters, published documents): headline-case titles,
  short titles, shortened page ranges, editions, DOIs, MLA publishers, volumes
  (:func:`archcite.render.literature.prepare`).
Every text value gets curly quotes and apostrophes (identifiers never do) and is escaped for
the output format (citeproc-py's html formatter does not escape variable content).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from archcite.model.archives import ArchiveRegistry
from archcite.model.holdings import Holding, holdings_of
from archcite.model.levels import (
    dash_ranges,
    format_value,
    is_plural_value,
    label_for,
    spelling_pattern,
)
from archcite.model.names import is_family_first, name_text
from archcite.model.record import derive_archive_fields, legacy_record_id
from archcite.render.literature import (
    RICH_TAG,
    Markup,
    arabic,
    date_ranges,
    from_source,
    in_periodical,
    is_published_document,
    language_code,
    multivolume_record,
    page_range,
    prepare,
    published_source_record,
    rich_text,
    short_title,
    volume_text,
)
from archcite.render.typography import smarten

# CSL variables citeproc-py reads; anything else (custom, unknown keys) is left out of the view.
_NAME_PARTS = ("family", "given", "dropping-particle", "non-dropping-particle", "suffix")
_SKIP = frozenset({"custom", "abstract", "note", "annote", "keyword"})
# Variables whose CSL-JSON rich text (<i>, <b>, <sup>, <sub>, small caps) is rendered as markup.
RICH_FIELDS = frozenset({"title", "title-short", "container-title", "container-title-short",
                         "collection-title", "original-title", "reviewed-title"})

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# MLA abbreviates months longer than four letters (as the MLA style's locale terms do).
MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.",
              "Nov.", "Dec.")

# A leaf pinpoint: the leaf spellings of the one level table, then any value.
_LEAF = re.compile(r"^\s*(?:(?P<listy>" + spelling_pattern("listy") + r")|(?P<list>"
                   + spelling_pattern("list") + r"))\s*(?P<value>\S.*?)\s*$", re.IGNORECASE)
_PAGE = re.compile(r"^\s*(?:pp?\.|pages?)\s*(?P<value>\S.*?)\s*$", re.IGNORECASE)


def parse_pinpoint(locator: str) -> tuple[str, str]:
    """Split a pinpoint into (kind, value): kind is ``list``/``listy`` (leaves), ``page``,
    ``bare`` (no label: a value as given) or ``other`` (an unknown label: kept whole)."""
    text = locator.strip()
    match = _LEAF.match(text)
    if match:
        kind = "listy" if match.group("listy") else "list"
        return kind, match.group("value")
    match = _PAGE.match(text)
    if match:
        return "page", match.group("value")
    if re.fullmatch(r"[\w–-]+(?:\s*[-–,]\s*[\w]+)*", text) and any(c.isdigit() for c in text):
        return "bare", text
    return "other", text


def pinpoint(locator: str, family: str) -> str:
    """The pinpoint as a style prints it: Chicago "l. 95", "ll. 95–96", "l. 5ob."; MLA
    "list 95", "listy 95–96", "list 5 verso". Pages print as bare numbers (both styles), a
    range shortened by the style's rule (Chicago 201–30, MLA 246–94); anything else is kept as
    written, with its ranges en-dashed."""
    kind, value = parse_pinpoint(locator)
    style = "mla" if family == "mla" else "chicago"
    if kind in ("list", "listy"):
        return f"{label_for(kind, value, style)} {format_value(value, style)}"
    if kind in ("page", "bare"):
        return page_range(value, style)  # shortened as each manual does: 246–94
    return dash_ranges(value)


def _date_text(parts: list[int], family: str) -> str:
    months = MLA_MONTHS if family == "mla" else MONTHS
    if len(parts) >= 2 and 1 <= parts[1] <= 12:
        month = months[parts[1] - 1]
        if len(parts) == 3:
            if family == "mla":
                return f"{parts[2]} {month} {parts[0]}"
            return f"{month} {parts[2]}, {parts[0]}"
        return f"{month} {parts[0]}"
    return str(parts[0])


def date_range_text(start: list[int], end: list[int], family: str) -> str:
    """A date range written out: Chicago "June 30–July 2, 1951", MLA "30 June–2 July 1951"."""
    months = MLA_MONTHS if family == "mla" else MONTHS
    same_shape = len(start) == len(end)
    if same_shape and len(start) >= 2 and start[0] == end[0]:
        m1, m2 = months[start[1] - 1], months[end[1] - 1]
        year = start[0]
        if len(start) == 2:
            return f"{m1}–{m2} {year}"
        d1, d2 = start[2], end[2]
        if family == "mla":
            if start[1] == end[1]:
                return f"{d1}–{d2} {m2} {year}"
            return f"{d1} {m1}–{d2} {m2} {year}"
        if start[1] == end[1]:
            return f"{m1} {d1}–{d2}, {year}"
        return f"{m1} {d1}–{m2} {d2}, {year}"
    return f"{_date_text(start, family)}–{_date_text(end, family)}"


def _issued(value: Any, family: str) -> Any:
    """A two-date ``issued`` as a literal written here (citeproc-py loses same-year ranges)."""
    if not isinstance(value, dict):
        return value
    parts = value.get("date-parts")
    if not isinstance(parts, list) or len(parts) != 2:
        return value
    try:
        start = [int(p) for p in parts[0]]
        end = [int(p) for p in parts[1]]
    except (TypeError, ValueError):
        return value
    if not start or not end:
        return value
    if any(not 1 <= p[1] <= 12 for p in (start, end) if len(p) >= 2):
        return value  # seasons (13–24) are left to citeproc
    return {"literal": date_range_text(start, end, family)}


def _date(value: Any, text: Callable[[str], str]) -> Any:
    """A date as citeproc-py reads it, its ``literal`` (a date written out: "Spring '51",
    "n.d. [after 1953]") typeset and escaped as any text value; date parts pass as they are."""
    if isinstance(value, dict) and isinstance(value.get("literal"), str):
        return {**value, "literal": text(value["literal"])}
    return value


def _name(name: Any, escape: Callable[[str], str], language: str = "",
          short: bool = False) -> dict[str, str]:
    if not isinstance(name, dict):
        return {"literal": escape(str(name))}
    if "literal" in name or is_family_first(name, language):
        # citeproc-py ignores static-ordering: a family-first name goes to it as a literal,
        # written by the one name formatter in reading order ("Mao Zedong", "Shen Zhihua");
        # where a short form prints, the family name alone ("Shen").
        if short and "literal" not in name:
            return {"literal": escape(str(name["family"]))}
        return {"literal": name_text(name, "reading", escape, language)}
    return {part: escape(str(name[part])) for part in _NAME_PARTS if name.get(part)}


# The flat variables of the derived fields a CSL style can print (``archive-place`` is not
# re-derived by the view: the record's own value passes through).
_DERIVED_FLAT = ("archive", "archive_location", "division")


_NUMBER_RANGE = re.compile(r"(\d+)(?:\s*[-–—]\s*(\d+))?")
_LEAF_LEVELS = ("list", "listy")


def _leaf_numbers(value: str) -> list[tuple[int, int]]:
    """The leaves a value names as (first, last) ranges: "95-96" → [(95, 96)], "12, 14ob" →
    [(12, 12), (14, 14)]. Leading zeros are numbers like any other ("0141" is leaf 141)."""
    out = []
    for match in _NUMBER_RANGE.finditer(value):
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        out.append((min(first, last), max(first, last)))
    return out


def _contains(held: str, cited: str) -> bool:
    """Whether every leaf of ``cited`` lies in one of the ranges of ``held``."""
    ranges, wanted = _leaf_numbers(held), _leaf_numbers(cited)
    return bool(ranges and wanted) and all(
        any(lo <= first and last <= hi for lo, hi in ranges) for first, last in wanted)


def narrow_holdings(holdings: list[Holding], locator: str) -> list[Holding]:
    """The holdings with a pinpoint in place of the leaves of the holding it belongs to.

    A pinpoint narrows its holding: "d. 31, l. 39", never "d. 31, ll. 39–40, l. 39", and never
    after the last archive, where it would read as that archive's leaf. It belongs to the first
    holding whose leaves contain it, else to the first holding. Leaves (a "l."/"ll." label, or
    a bare number, which in an archival reference can only be a leaf) replace the holding's
    leaf level and are spelled per style like any level; any other label is kept as written
    ("p. 5") and takes the leaves' place, or follows a reference that has no leaf level.
    """
    if not holdings:
        return holdings
    kind, value = parse_pinpoint(locator)
    target = next((i for i, h in enumerate(holdings)
                   if any(level in _LEAF_LEVELS and _contains(v, value)
                          for level, v in h.levels)), 0)
    held = holdings[target]
    kept = tuple((level, v) for level, v in held.levels if level not in _LEAF_LEVELS)
    if kind in ("list", "listy", "bare"):
        leaf_level = "listy" if kind == "listy" else "list"
        narrowed = Holding(held.archive, (*kept, (leaf_level, value)), held.reference)
    else:
        spelled = dash_ranges(locator.strip())
        reference = ", ".join(p for p in (held.reference, spelled) if p)
        narrowed = Holding(held.archive, kept, reference)
    return [*holdings[:target], narrowed, *holdings[target + 1:]]


def archival_fields(record: dict[str, Any], family: str, registry: ArchiveRegistry,
                    shelfmark_first: bool = False,
                    locator: str | None = None) -> dict[str, str]:
    """``archive`` and ``archive_location`` for a style family, from the structured holdings.

    Records without holdings keep whatever flat archive fields they carry (a book has none).
    A user's or an official style (family "csl") gets the derived flat fields of the export.
    A ``locator`` narrows the holding it belongs to (:func:`narrow_holdings`).
    """
    if family == "csl" and not shelfmark_first:
        # A user's or an official style sees what other CSL tools see in the export: the flat
        # fields exactly as the store derives them (the first holding only, so a style never
        # prints a second archive's shelfmark under the first archive's name); pandoc and
        # ``--style PATH`` then print the same.
        derived = derive_archive_fields(dict(record), registry)
        return {k: derived[k] for k in _DERIVED_FLAT
                if isinstance(derived.get(k), str) and derived[k]}
    holdings = holdings_of(record)
    if holdings and locator:
        holdings = narrow_holdings(holdings, locator)
    if not holdings:
        # A record with flat fields only (imported, or written by another tool): the further
        # holdings other tools carry in ``division`` follow the first, as in the styles.
        out = {k: record[k] for k in ("archive", "archive_location")
               if isinstance(record.get(k), str) and record[k]}
        further = record.get("division")
        if isinstance(further, str) and further.strip():
            out["archive_location"] = "; ".join(
                p for p in (out.get("archive_location", ""), further.strip()) if p)
        return out
    style = "mla" if family == "mla" else "chicago"
    if shelfmark_first and style == "chicago":
        refs = []
        for h in holdings:
            refs.append(", ".join(p for p in (h.locator_text(style), h.archive) if p))
        return {"archive_location": "; ".join(refs)}
    first, rest = holdings[0], holdings[1:]
    first_loc = first.locator_text(style)
    archive = first.display_archive(style, registry)
    if archive and (first_loc or not rest):
        out = {"archive": archive}
        location = "; ".join([first_loc] * bool(first_loc)
                             + [h.text(style, registry) for h in rest])
        if location:
            out["archive_location"] = location
        return out
    return {"archive_location": "; ".join(h.text(style, registry) for h in holdings)}


# Values that are identifiers, not text: never given curly quotes (a key, a URL, a DOI).
_IDENTIFIERS = frozenset({"id", "URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID", "call-number",
                          "citation-key", "number"})
# Documents whose short note shortens their heading (as do documents in published collections).
ARCHIVAL_TYPES = frozenset({"personal_communication", "manuscript"})


def _names_the_genre(title: str, genre: str) -> bool:
    """Whether a heading already names the kind of document ("Cable from the Hungarian
    Embassy" names a cable): compared word for word, case and punctuation aside."""
    words = re.findall(r"\w+", title.casefold())
    kind = re.findall(r"\w+", genre.casefold())
    if not kind:
        return False
    return any(words[i:i + len(kind)] == kind for i in range(len(words) - len(kind) + 1))



def _party_words(record: dict[str, Any]) -> list[str]:
    """The parties' names as a heading would write them (a literal before any bracket)."""
    out = []
    for var in ("author", "recipient"):
        for name in record.get(var) or []:
            if isinstance(name, dict):
                text = str(name.get("literal") or name.get("family") or "")
                out.append(text.split("[")[0].split("(")[0].strip())
    return [t for t in out if t]


def _custom(record: dict[str, Any]) -> dict[str, Any]:
    custom = record.get("custom")
    return custom if isinstance(custom, dict) else {}


def letter_subject(record: dict[str, Any]) -> str:
    """A letter's subject: a title that is not the heading naming the parties, else "".

    A heading ("Ciphered telegram, Filippov (Stalin) to Mao Zedong") repeats what the note
    already prints; a quoted subject read from after the parties ("On the Situation in Laos")
    is the title, and the parser keeps the heading beside it (``custom["heading"]``): the note
    prints the subject in quotation marks after the parties. A record written by hand or
    imported (no citation string in ``custom``) has a subject when its title names neither
    party and does not start with the kind of document. Only letters and telegrams, and
    documents addressed from one party to another, print a subject; other documents print
    their title anyway.
    """
    title = str(record.get("title") or "").strip()
    letter_form = record.get("type") == "personal_communication" or (
        record.get("type") == "manuscript" and record.get("recipient"))
    if not title or not record.get("author") or not letter_form:
        return ""
    custom = _custom(record)
    if custom.get("heading"):
        return title if str(custom["heading"]).strip() != title else ""
    if custom.get("citation"):
        return ""  # read from a source: the title is the heading as given
    folded = title.casefold()
    if " to " in f" {folded} " or any(p.casefold() in folded for p in _party_words(record)):
        return ""
    genre = str(record.get("genre") or "").strip()
    first = re.findall(r"\w+", folded)[:1]
    if genre and first and first[0] == re.findall(r"\w+", genre.casefold())[:1][0]:
        return ""
    return title


# A publication's fields as the styles read them for a reprint or a published source: the
# record's own ``publisher`` and ``issued`` are the digital archive's and the document's, so the
# publication's imprint goes to the ``original-*`` variables of the view. Compilers ("comp.")
# go to ``composer``: citeproc-py has no ``compiler`` variable, and an archival record's view
# uses ``composer`` for nothing else (the styles print it "comp." / "compiled by").
_PUBLICATION_VARS = {"container-title": "container-title", "container-author": "container-author",
                     "editor": "editor", "compiler": "composer", "volume": "volume",
                     "issue": "issue", "page": "page",
                     "publisher-place": "publisher-place", "publisher": "original-publisher",
                     "issued": "original-date"}


def _plain_names(names: Any) -> str:
    """Names joined as the styles join them: "A and B", "A, B, and C"."""
    parts = []
    for name in names if isinstance(names, list) else []:
        if isinstance(name, dict):
            parts.append(str(name.get("literal") or " ".join(
                str(name[p]) for p in ("given", "family") if name.get(p))))
    if len(parts) < 3:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + ", and " + parts[-1]


def in_journal(publication: dict[str, Any]) -> bool:
    """Whether a reprint is in a journal issue (*Istochnik*, the *CWIHP Bulletin*, *Vestnik
    Arkhiva Prezidenta*): an issue or volume number and no publisher, place, editor, author
    or book of the container: a book names one of those. The literature's rule for a published
    document (:func:`~archcite.render.literature.in_periodical`), with the reprint's own
    fields; the styles test the same variables of the view."""
    return not any(publication.get(k) for k in ("publisher-place", "part", "compiler")) \
        and in_periodical(publication)  # (CSL cannot see ``part``, folded into ``volume``)


def reprint_fields(publication: dict[str, Any], family: str,
                   text: Callable[[str], str]) -> dict[str, Any]:
    """The view's variables for one publication a document is reprinted in, as a copy editor
    prints them (CMOS 18, MLA 9):

    - the title as the source gave it (never title-cased: a romanized Russian title keeps its
      capitals), its ranges of years and dates with an en dash ("1946–February 1950");
    - the volume and its book in arabic numerals, spelled per style ("5, bk. 1"; MLA "5,
      book 1"); a journal's volume bare and its issue in ``issue``;
    - no place of publication when the publisher is named (CMOS 18 and MLA 9 drop it); a
      place with no publisher stands in for the publisher, so the source's imprint survives;
    - pages with each manual's shortened ranges (Chicago 121–23).

    ``custom`` is free-form: a field of the wrong shape is left out, never rendered.
    """
    style = "mla" if family == "mla" else "chicago"
    title = publication.get("container-title")
    if isinstance(title, str) and not any(publication.get(k) not in (None, "")
                                          for k in ("volume", "part", "issue")):
        # a reprint stored by archcite before 0.2 kept "Vol. 5, Book 1" inside its title;
        # imported here, only for a record with reprints (its regexes cost start-up time)
        from archcite.model.volumes import volume_and_part

        publication = {**publication, **volume_and_part(title)}
    out: dict[str, Any] = {}
    for key, value in publication.items():
        var = _PUBLICATION_VARS.get(key)
        if var is None:
            continue
        if var in ("container-author", "editor", "composer"):
            if isinstance(value, list) and value and all(isinstance(n, dict) for n in value):
                out[var] = [_name(n, text) for n in value]
        elif var == "original-date":
            if isinstance(value, dict) and (isinstance(value.get("date-parts"), list)
                                            or isinstance(value.get("literal"), str)):
                out[var] = _date(value, text)  # a literal: "Winter 1995/1996", as given
        elif isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            value = str(value)
            if var == "container-title":
                out[var] = text(date_ranges(value))
            elif var == "page":
                pages = page_range(value, style)
                label = ("pp." if is_plural_value(pages) else "p.") if style == "mla" else ""
                # MLA labels pages beside a holding here (see the style's reprint macro)
                out[var] = text(f"{label} {pages}".strip())
            elif var == "issue":
                out[var] = text(page_range(value, style))
            elif var == "volume":
                out[var] = text(arabic(value) if in_journal(publication) else
                                volume_text(value, publication.get("part"), style))
            else:
                out[var] = text(value)
    if "volume" not in out and publication.get("part") not in (None, "") \
            and isinstance(publication.get("part"), str | int):
        out["volume"] = text(volume_text("", publication["part"], style))
    if out.get("original-publisher"):
        out.pop("publisher-place", None)
    return out


def further_reprint_text(publication: dict[str, Any], family: str, form: str,
                         text: Callable[[str], str], italic: Callable[[str], str]) -> str:
    """One more reprint, written as the styles' reprint macro writes the first (same fields,
    :func:`reprint_fields`; same shapes): CSL has one container per item, so the second and
    later reprints are spelled here. Chicago: "reprinted in *Title*, ed. A, vol. 5, bk. 1
    (Publisher, 2005), 378" or, in a journal, "reprinted in *Istochnik*, no. 4 (1996): 121–23";
    MLA: "reprinted in *Title*, edited by A, vol. 5, book 1, Publisher, 2005, p. 378" or
    "reprinted in *Istochnik*, no. 4, 1996, pp. 121–23"."""
    mla = family == "mla"
    fields = reprint_fields(publication, family, text)
    year = str(fields.get("original-date", {}).get("literal") or "")
    parts = fields.get("original-date", {}).get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        year = str(parts[0][0])
    title = str(fields.get("container-title") or "")
    volume, issue = (str(fields.get(k) or "") for k in ("volume", "issue"))
    page = str(fields.get("page") or "")  # labelled for MLA by reprint_fields
    if in_journal(publication) and title:
        if mla:
            body = ", ".join(p for p in (italic(title), f"vol. {volume}" if volume else "",
                                         f"no. {issue}" if issue else "", year, page) if p)
        else:
            issue_head = " ".join(p for p in (italic(title), volume) if p)
            issue_head = ", ".join(p for p in (issue_head, f"no. {issue}" if issue else "") if p)
            issue_head += f" ({year})" if year else ""
            body = f"{issue_head}: {page}" if page else issue_head
        return f"reprinted in {body}"
    authors = _plain_names(publication.get("container-author"))
    head = [text(authors) if authors else "", italic(title) if title else ""]
    for key, short_verb, verb in (("editor", "ed.", "edited by"),
                                  ("compiler", "comp.", "compiled by")):
        names = _plain_names(publication.get(key))
        if names:
            head.append(f"{short_verb if family == 'chicago' and form != 'bib' else verb} "
                        f"{text(names)}")
    if volume:
        head.append(f"vol. {volume}")
    if issue:
        head.append(f"no. {issue}")
    pieces = [", ".join(p for p in head if p)]
    place, publisher = (str(fields.get(k) or "") for k in ("publisher-place",
                                                             "original-publisher"))
    if mla:
        pieces += [p for p in (place, publisher, year) if p]
    else:
        imprint = ", ".join(p for p in (": ".join(p for p in (place, publisher) if p), year) if p)
        if imprint:
            pieces[0] += f" ({imprint})"
    if page:
        pieces.append(page)
    body = ", ".join(p for p in pieces if p)
    return f"reprinted in {body}" if body else ""


def publication_fields(record: dict[str, Any], family: str,
                       text: Callable[[str], str]) -> dict[str, Any]:
    """View variables of the published collection a document is reprinted in (the first of
    ``custom["reprints"]``) or of the book that is its source (``custom["published-in"]``),
    by :func:`reprint_fields`."""
    custom = _custom(record)
    if from_source(record) is not None:
        return {}  # the publication is the document's container: its reprints follow it
    reprints = custom.get("reprints")
    publication = reprints[0] if isinstance(reprints, list) and reprints else custom.get(
        "published-in")
    if not isinstance(publication, dict):
        return {}
    return reprint_fields(publication, family, text)


def _published_document(view: dict[str, Any], record: dict[str, Any], family: str, form: str,
                        locator: str | None, text: Callable[[str], str],
                        italic: Callable[[str], str]) -> None:
    """What a document in a published collection prints beyond the literature's fields.

    The digital archive a document was read in (:func:`~archcite.render.literature.from_source`)
    follows the publication as ``source``, with its publisher (MLA: the database in italics,
    its second container); any other record's ``source`` (a library catalogue Zotero names)
    is not printed. A document's own number ("telegram no. 709") joins its kind: the
    literature's ``number`` is a document number in its volume ("doc. 86"), and a page's
    document is not numbered in the volume.

    A pinpoint (``locator``, full notes) takes the place of the document's pages, as it
    narrows a holding; further publications the document is reprinted in follow them
    ("655; reprinted in …"), as later reprints follow the first beside a holding.
    """
    if locator:
        view["page"] = text(pinpoint(locator, family))
    database = from_source(record)
    reprints = _custom(record).get("reprints")
    if database is not None and isinstance(reprints, list):
        more = "; ".join(t for t in (further_reprint_text(p, family, form, text, italic)
                                     for p in reprints if isinstance(p, dict)) if t)
        if more:
            view["page"] = f"{view['page']}; {more}" if view.get("page") else more
    if not database:
        view.pop("source", None)
    else:
        name = str(database.get("source") or "")
        parts = [italic(text(name)) if family == "mla" else text(name)] if name else []
        parts += [text(str(database["publisher"]))] if database.get("publisher") else []
        view["source"] = ", ".join(parts)
    if database is not None and "number" in view:
        view["genre"] = " ".join(p for p in (str(view.get("genre") or ""),
                                            f"no. {view.pop('number')}") if p)


def csl_view(record: dict[str, Any], *, family: str, form: str, registry: ArchiveRegistry,
             escape: Callable[[str], str], shelfmark_first: bool = False,
             locator: str | None = None, intext_title: str | None = None,
             italic: Callable[[str], str] | None = None, markup: Any = None) -> dict[str, Any]:
    """The CSL-JSON item to hand citeproc-py for ``record`` in a style family and form.

    ``family`` is "chicago" or "mla" for archcite's styles; "csl" (a user's style file) gets the
    Chicago spellings, as the store derives them for other CSL tools. ``markup`` is the output
    format's class (its italics, bold … for rich text in titles); plain text without it.
    ``locator`` is a pinpoint that narrows its holding (full notes of archcite's styles; the
    engine passes it only there). Text values get curly quotes and apostrophes (identifiers
    never do) before escaping. ``intext_title`` is the short title an MLA in-text citation adds
    to tell two works of one author apart (:mod:`archcite.render.intext`).
    """
    from citeproc import DATES, NAMES, VARIABLES

    if italic is None:
        italic = markup.Italic if markup is not None else str

    def text(value: str) -> str:
        return escape(smarten(value))

    if family in ("chicago", "mla"):
        # a document whose source is a publication, in the literature's shape; BibLaTeX's
        # maintitle shape read as CMOS cites it
        record = multivolume_record(published_source_record(record))
    language = language_code(record)
    short = form in ("short", "intext")
    view: dict[str, Any] = {"id": record["id"], "type": record.get("type", "document")}
    for key, value in record.items():
        python_key = key.replace("-", "_")
        if key in ("id", "type") or (key in _SKIP and family != "csl"):
            continue
        if key == "custom" or python_key not in VARIABLES:
            continue
        if python_key in NAMES:
            if isinstance(value, list):
                view[key] = [_name(n, text, language, short) for n in value]
        elif python_key in DATES:
            view[key] = _date(_issued(value, family) if key == "issued" else value, text)
        elif key == "language":
            view[key] = value
        elif key in RICH_FIELDS and isinstance(value, str):
            view[key] = rich_text(smarten(value, RICH_TAG), escape, markup or Markup)
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            view[key] = escape(str(value)) if key in _IDENTIFIERS else text(str(value))
    if "number" in view and legacy_record_id(record):
        del view["number"]  # archcite 0.1 kept the Wilson Record ID there: not a document number
    publication = publication_fields(record, family, text) if family != "csl" else {}
    if family != "csl":
        view.update(publication)
        reprints = _custom(record).get("reprints")
        if isinstance(reprints, list) and len(reprints) > 1:
            # CSL has one container per item: later reprints follow the first one's page.
            more = "; ".join(t for t in (further_reprint_text(p, family, form, text, italic)
                                         for p in reprints[1:] if isinstance(p, dict)) if t)
            first_page = view.get("page")
            if more:
                view["page"] = f"{first_page}; {more}" if first_page else more
    for key in ("archive", "archive_location", "division"):
        view.pop(key, None)  # re-derived just below (division: further holdings, CSL tools')
    view.update({k: text(v) for k, v in
                 archival_fields(record, family, registry, shelfmark_first, locator).items()})
    if family == "mla" and isinstance(view.get("URL"), str):
        view["URL"] = re.sub(r"^https?://", "", view["URL"])
    if (family == "chicago" and form in ("note", "short")
            and str(record.get("genre", "")).strip().casefold() == "letter"):
        view.pop("genre", None)  # Chicago notes leave the word "letter" out
    if family in ("chicago", "mla"):
        prepare(view, record, family=family, form=form, escape=escape,
                markup=markup or Markup)
        for key, value in publication.items():
            # a reprint's or published source's imprint, where the literature's rules took it
            # out (the record's own publisher and date are the digital archive's and the
            # document's)
            view.setdefault(key, value)
    if family != "csl" and is_published_document(record):
        _published_document(view, record, family, form, locator, text, italic)
    genre = str(record.get("genre", "")).strip()
    if family != "csl" and genre and not record.get("author") \
            and _names_the_genre(str(record.get("title", "")), genre):
        # The note prints the heading, which already names the kind of document: never twice
        # (archcite's styles; a user's or an official style gets the data as pandoc does).
        view.pop("genre", None)
    if _custom(record).get("genre-in-title") and family == "chicago" and form != "bib":
        # "Cable from the Hungarian Embassy in Beijing": the heading is the note's description
        # (it names sender and kind), printed instead of "sender, cable".
        for key in ("genre", "author"):
            view.pop(key, None)
    # A short note names a document by a short title; so does an MLA in-text citation of a
    # document with no author, where the title stands in for the author (MLA 9 shortens a
    # title longer than a noun phrase: "(Minutes of Conversation)", not the whole heading).
    shortened = form == "short" or (form == "intext" and family == "mla"
                                    and not record.get("author"))
    if shortened and family != "csl" and isinstance(view.get("title"), str) \
            and not record.get("title-short") and (record.get("type") in ARCHIVAL_TYPES
                                                    or is_published_document(record)):
        view["title-short"] = short_title(record, view["title"])
    # `references` carries a letter's subject to archcite's styles (no CSL variable says
    # "the title is a subject"); a stored value is never printed by them.
    view.pop("references", None)
    subject = letter_subject(record) if family != "csl" else ""
    if subject:
        # rich text as in titles (citeproc-py would print the tags), with curly quotes
        view["references"] = rich_text(smarten(subject, RICH_TAG), escape, markup or Markup)
    # year-suffix is a processor's disambiguation mark, never data: archcite's MLA style reads
    # it as "add the short title" (pandoc never sets it for that style, and disambiguates by
    # itself; its generated citation-label, the mark used before, is on every item).
    view.pop("year-suffix", None)
    if intext_title:
        view["year-suffix"] = view["id"]
        view["title-short"] = text(intext_title)
    return view
