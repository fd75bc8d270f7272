"""MLA in-text citations that tell two works of one author apart.

MLA 9 names the author in the text, "(Roshchin)"; when the works cited hold two works by one
author, each citation adds a short title: "(Roshchin, Ciphered telegram)", "(Roshchin, Report)".
A work with no author is named by its short title, "(Minutes of Conversation)"; when two such
works share that short title, each is named by its whole title instead.
A description (an untitled document's "Ciphered telegram to …", unquoted in works cited) stays
plain; a book's short title is italic and an article's quoted, as the style prints them.

Which works count is the *cited set*: the records a document cites, where archcite knows them
(a Word document, a multi-key ``cite``, an ``export``), and the whole library otherwise (a
single ``cite`` cannot know what else the paper cites). :func:`intext_titles` decides from any
set; :func:`library_set` finds, in a library, the records that share an author with the ones
cited (through the index, without reading every record file).

citeproc-py implements no disambiguation, so the short title is decided here and handed to the
style through the renderer's view (``year-suffix`` marks the record, ``title-short`` holds the
short title); pandoc disambiguates by itself with the same style.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from archcite.render.literature import short_title

LETTER_TYPES = ("personal_communication",)


def _name_key(name: Any) -> str:
    if not isinstance(name, dict):
        return str(name).casefold()
    if "literal" in name:
        return " ".join(str(name["literal"]).casefold().split())
    parts = (name.get("family", ""), name.get("given", ""))
    return " ".join(str(p).casefold() for p in parts if p)


def author_key(record: dict[str, Any]) -> str:
    """Who an in-text citation names: every author, folded; "" for a work with no author."""
    authors = record.get("author")
    if not isinstance(authors, list) or not authors:
        return ""
    return "; ".join(_name_key(n) for n in authors)


def name_key(record: dict[str, Any]) -> str:
    """What an in-text citation of ``record`` names: its author(s), or, for a work with no
    author, its short title (two works that print the same need telling apart alike)."""
    author = author_key(record)
    if author:
        return author
    title = short_title(record)
    return f"\0title {' '.join(title.casefold().split())}" if title else ""


def _reads_as_letter(record: dict[str, Any]) -> bool:
    return record.get("type") in LETTER_TYPES or (
        record.get("type") == "manuscript" and bool(record.get("recipient")))


def _recipients(record: dict[str, Any]) -> str:
    names = record.get("recipient") or []
    return ", ".join(str(n.get("literal") or " ".join(
        str(n.get(p, "")) for p in ("given", "family") if n.get(p))) for n in names
        if isinstance(n, dict))


def _candidates(record: dict[str, Any]) -> list[str]:
    """Short titles from shortest to longest: a letter's description ("Ciphered telegram",
    then "Ciphered telegram to Mao Zedong"), any other work's short title; a work with no
    author, whose short title already names it, its whole title."""
    if not author_key(record):
        title = " ".join(str(record.get("title") or "").split())
        return [title] if title and title != short_title(record) else []
    if _reads_as_letter(record):
        genre = str(record.get("genre") or "letter").strip()
        kind = genre[:1].upper() + genre[1:]
        out = [kind]
        recipients = _recipients(record)
        if recipients:
            out.append(f"{kind} to {recipients}")
        return out
    title = short_title(record)
    return [title] if title else []


def intext_titles(records: Iterable[dict[str, Any]],
                  cited: Iterable[dict[str, Any]]) -> dict[str, str]:
    """The short title each of ``records`` needs in an MLA in-text citation, by record id.

    A record needs one when ``cited`` (plus ``records`` themselves) holds another work by the
    same author(s), or, for a work with no author, another with the same short title. The
    shortest candidate that no other work of the author shares is chosen; when none is
    unique, the longest.
    """
    records = list(records)
    by_author: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for record in [*cited, *records]:
        key = name_key(record)
        if key:
            by_author[key][str(record.get("id"))] = record
    # How many works of each author share each candidate short title (one pass per work).
    shared: dict[str, Counter[str]] = {}
    out: dict[str, str] = {}
    for record in records:
        author = name_key(record)
        works = by_author.get(author, {})
        if len(works) < 2:
            continue
        if author not in shared:
            shared[author] = Counter(c.casefold() for work in works.values()
                                     for c in set(_candidates(work)))
        candidates = _candidates(record)
        if not candidates:
            continue
        counts = shared[author]
        out[str(record["id"])] = next((c for c in candidates if counts[c.casefold()] == 1),
                                      candidates[-1])
    return out


def library_set(library: Any, records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The library's records an in-text citation of ``records`` must be told apart from (for
    a single ``cite``): those sharing an author, and for a work with no author those sharing
    its short title.

    The index finds candidates by the author's name or the title's words; each candidate is
    then compared exactly.
    """
    from archcite.library.index import open_index

    wanted = {name_key(r) for r in records} - {""}
    if not wanted:
        return []

    def query(field: str, text: Any) -> str:
        """``field:word`` for each word of ``text`` ("" when it has none)."""
        words = "".join(ch if ch.isalnum() else " " for ch in str(text or "")).split()
        return " ".join(f"{field}:{w}" for w in words)

    out: dict[str, dict[str, Any]] = {}
    with open_index(library) as index:
        for record in records:
            queries = []
            for name in record.get("author") or []:
                text = name.get("literal") if isinstance(name, dict) else None
                text = text or (name.get("family") if isinstance(name, dict) else None)
                queries.append(query("author", text))
            if not record.get("author"):
                queries.append(query("title", short_title(record)))
            for query_text in filter(None, queries):
                for key in index.keys(query_text):
                    if key in out:
                        continue
                    candidate = library.get(key)
                    if name_key(candidate) in wanted:
                        out[key] = candidate
    return list(out.values())
