"""A published collection or book named in a Source, read into CSL container fields.

Sources name publications two ways: a reprint beside the archival references ("Reprinted in
Andrei Ledovskii, Raisa Mirovitskaia and Vladimir Miasnikov, Sovetsko-Kitaiskie Otnosheniia,
Vol. 5 (Moscow: Pamiatniki Istoricheskoi Mysli, 2005), p. 378", "Reprinted in Istochnik 2
(2001): 10-14"), or a book or memoir that IS the source, with no archive at all. Both read into
the same fields, named as CSL names them for a document inside a publication:
``container-title``, ``container-author`` (names before the title), ``editor`` (names marked
"ed."/"eds."/"edited by") or ``compiler`` ("comp."/"compiled by"), ``volume`` and ``part`` (a
volume and its book named in the title: "Vol. 5, Book 1", "T. 2, kn. 1"), ``issue`` and
``volume`` of a journal ("Istochnik, no. 4", "Istochnik 2"), ``publisher``, ``publisher-place``,
``issued`` (the publication's date) and ``page``. What the source does not say stays unset:
nothing is invented (a place is only a place when the source says "Place: Publisher" or names
a city publishers are known by; otherwise the word is the publisher, as CMOS 18 prints it).
"""

from __future__ import annotations

import re
from typing import Any

from archcite.model.volumes import volume_and_part
from archcite.sources.dates import parse_date

PUBLICATION_VERBS = re.compile(
    r"^(?P<verb>(?:first\s+|originally\s+)?(?:reprinted|published|republished|printed|"
    r"reproduced)(?:\s+\w+)?\s+in)\s+", re.IGNORECASE)
# Cities publishers are named by, to tell "(Moscow, 1999)" (a place) from "(Materik, 2004)"
# (a publisher). A fact list, not a guess: an unlisted word is kept as the publisher.
_CITIES = frozenset("""moscow beijing warsaw budapest berlin london paris prague bucharest sofia
    pyongyang seoul tokyo hanoi ulaanbaatar kyiv kiev leningrad belgrade vienna bonn rome
    washington stanford princeton cambridge oxford boston chicago ithaca stockholm helsinki
    tirana havana shanghai taipei nanjing minsk tbilisi riga vilnius tallinn bratislava
    zagreb ljubljana munich frankfurt leipzig geneva""".split()) | {
    "new york", "new haven", "chapel hill", "st. petersburg", "saint petersburg",
    "hong kong", "east berlin", "washington, d.c.", "washington, dc", "new delhi",
}
_PAREN = re.compile(r"\((?P<inside>[^()]*)\)")
_PAGES = (r"(?P<page>[0-9ivxlcdm]+[a-z]?(?:\s*[-–—]\s*[0-9ivxlcdm]+[a-z]?)?"
          r"(?:,\s*\d+(?:\s*[-–—]\s*\d+)?)*)")
_PAGE_AFTER = re.compile(rf"^\s*[,:]?\s*(?:(?:pp?\.|pages?)\s*)?{_PAGES}\s*\.?$", re.IGNORECASE)
_PAGE_LABELLED = re.compile(rf",\s*(?:pp?\.|pages?)\s*{_PAGES}\s*\.?$", re.IGNORECASE)
_YEAR_AT_END = re.compile(r"(?:^|,?\s+)(?P<date>(?:[A-Za-z]+\.?\s+)?\d{4}(?:[-/–]\d{2,4})?)$")
_EDITOR_BEFORE = re.compile(r"^(?P<names>.+?),?\s*\(?\b(?:eds?|comps?)\.\)?,\s*(?P<rest>.+)$",
                            re.IGNORECASE)
_EDITOR_AFTER = re.compile(r"^(?P<rest>.+?),\s*(?:eds?\.(?:\s+by)?|edited\s+by|comp\.(?:\s+by)?|"
                           r"compiled\s+by)\s+"
                           r"(?P<names>[^,]+(?:,\s*[^,]+?)*?)(?=,|$)(?P<tail>.*)$",
                           re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞА-Я][\w'’.-]*|[A-Z]\.(?:[A-Z]\.)*|de|van|von|der|la|le)$")
_VOLUME_SEGMENT = re.compile(r"^(?:vol|vols|volume|tom|t|book|no|issue|part)\b\.?", re.IGNORECASE)
_JOURNAL_NUMBER = re.compile(r"^(?P<title>.*\D)\s+(?P<volume>\d+(?:[-/]\d+)?)$")
# A journal's issue after its title ("Istochnik, no. 4", "…Bulletin, Issue 6-7", "nos. 6-7").
_ISSUE_AT_END = re.compile(r"^(?P<title>.+?),?\s+(?:(?i:vol\.?)\s*(?P<volume>\d+[a-z]?),?\s+)?"
                           r"(?i:nos?\.|issues?|numbers?)\s*(?P<issue>\d+(?:\s*[-–/]\s*\d+)?)$")


def _names(text: str) -> list[str]:
    parts = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", text.strip())
    return [p.strip() for p in parts if p.strip()]


def _is_person(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and all(_NAME_WORD.match(w) for w in words) and not any(
        ch.isdigit() for ch in text)


def _leading_names(text: str) -> tuple[list[str], str]:
    """Names that open a publication reference ("A, B and C, Title") and the rest.

    A list of names closes at its "and"; a single name must be followed by a title, not by a
    volume ("Sovetsko-Kitaiskie Otnosheniia, Vol. 5" is a title with its volume).
    """
    segments = [s.strip() for s in text.split(",")]
    names: list[str] = []
    used = 0
    for segment in segments[:-1]:
        candidates = _names(segment)
        if not candidates or not all(_is_person(c) for c in candidates):
            break
        names.extend(candidates)
        used += 1
        if len(candidates) > 1:
            break
    rest = ", ".join(segments[used:])
    if not names or not rest or _VOLUME_SEGMENT.match(rest) or re.match(r"^\d", rest):
        return [], text
    return names, rest


def _date_value(text: str) -> dict[str, Any]:
    parts = parse_date(text)
    return {"date-parts": [parts]} if parts else {"literal": text}


def _facts(inside: str, out: dict[str, Any]) -> None:
    """"Moscow: Publisher, 2005" / "Moscow, 1999" / "2001" / "Winter 1995/1996"."""
    inside = " ".join(inside.split()).strip(" ,")
    if "," not in inside and ":" not in inside and re.search(r"\d{4}", inside):
        out["issued"] = _date_value(inside)  # only a date: "2001", "Winter 2003-Spring 2004"
        return
    match = _YEAR_AT_END.search(inside)
    if match:
        out["issued"] = _date_value(match.group("date"))
        inside = inside[: match.start()].strip(" ,")
    if not inside:
        return
    place, colon, publisher = inside.partition(":")
    if colon:
        out["publisher-place"] = place.strip()
        if publisher.strip():
            out["publisher"] = publisher.strip()
    elif inside.casefold() in _CITIES:
        out["publisher-place"] = inside
    else:
        out["publisher"] = inside


def parse_publication(text: str) -> dict[str, Any]:
    """Container fields of one publication reference (without its "Reprinted in" verb)."""
    text = " ".join(text.split()).strip()
    verb = PUBLICATION_VERBS.match(text)
    if verb:
        text = text[verb.end():]
    text = text.rstrip(" .;")
    out: dict[str, Any] = {}
    parens = list(_PAREN.finditer(text))
    container = text
    if parens:
        last = parens[-1]
        page = _PAGE_AFTER.match(text[last.end():])
        if page or not text[last.end():].strip(" .,"):
            if page:
                out["page"] = _dash(page.group("page"))
            _facts(last.group("inside"), out)
            container = text[: last.start()].strip(" ,")
    else:
        page = _PAGE_LABELLED.search(text)
        if page:
            out["page"] = _dash(page.group("page"))
            container = text[: page.start()].strip(" ,")
    editors = _EDITOR_BEFORE.match(container)
    if editors and all(_is_person(n) for n in _names(editors.group("names"))):
        out[_role(editors)] = [{"literal": n} for n in _names(editors.group("names"))]
        container = editors.group("rest")
    else:
        after = _EDITOR_AFTER.match(container)
        if after and all(_is_person(n) for n in _names(after.group("names"))):
            out[_role(after)] = [{"literal": n} for n in _names(after.group("names"))]
            container = (after.group("rest") + after.group("tail")).strip(" ,")
        else:
            names, rest = _leading_names(container)
            if names:
                out["container-author"] = [{"literal": n} for n in names]
                container = rest
    issue = _ISSUE_AT_END.match(container) if "publisher" not in out \
        and "publisher-place" not in out else None
    if issue:  # a journal: "Istochnik, no. 4", "…, vol. 3, no. 2"
        container, out["issue"] = issue.group("title").strip(" ,"), _dash(issue.group("issue"))
        if issue.group("volume"):
            out["volume"] = issue.group("volume")
    else:  # a book: its volume and book named in the title ("…, Vol. 5, Book 1")
        found = volume_and_part(container)
        container = found.pop("container-title")
        out.update(found)
    if "issued" in out and "publisher" not in out and "publisher-place" not in out \
            and "volume" not in out and "part" not in out:
        journal = _JOURNAL_NUMBER.match(container)
        if journal and "," not in container:
            container, out["volume"] = journal.group("title").strip(), journal.group("volume")
    out["container-title"] = container.strip(" ,")
    return out


def _role(match: re.Match[str]) -> str:
    """``compiler`` for names marked "comp."/"compiled by" (Russian collections are often
    compiled, and a copy editor keeps the role), ``editor`` for "ed."/"edited by"."""
    marker = match.group(0)[len(match.group("names")) if match.re is _EDITOR_BEFORE else
                            len(match.group("rest")):]
    return "compiler" if re.match(r"[\s,(]*(?:comps?\.|compiled)", marker, re.IGNORECASE) \
        else "editor"


def _dash(pages: str) -> str:
    """Page ranges stored with a hyphen, like leaf ranges (styles print the en dash)."""
    return re.sub(r"\s*[-–—]\s*", "-", pages.strip())


def looks_like_publication(text: str) -> bool:
    """True when a Source's reference is a publication, not an archive's shelfmark.

    A publication names its facts in parentheses: a place or publisher with the year
    ("(Moscow: Materik, 2004)", "(Moscow, 1999)"), or a year followed by its pages ("(2001):
    10-14", "(1996), p. 5"); or it opens with a publication verb ("Published in …"). A year
    alone in brackets inside a shelfmark ("d. 18 (1950), l. 5") is no publication.
    """
    text = " ".join(text.split())
    if PUBLICATION_VERBS.match(text):
        return True
    year = r"(?:[A-Za-z]+\.?\s+)?(?:1[6-9]|20)\d\d(?:[-/–]\d{2,4})?"
    facts = re.search(rf"\([^()]*[:,]\s*{year}\)", text)
    pages = re.search(rf"\({year}\)(?::\s*|,\s*pp?\.\s*)\d", text)
    return bool(facts or pages)
