"""Classic 7-bit BibTeX entries (LaTeX accents for non-ASCII), for ``bibtex`` and standard styles.

Archival documents are ``@misc``: ``title`` is the kind of document and the recipient
("Ciphered telegram to {Mao Zedong}") for letters, the heading otherwise; ``howpublished`` the
archival references; ``note`` the digital archive. Every non-ASCII Latin letter is written as a
LaTeX accent, names and acronyms are braced against the styles' case changes, levels are tied
to their values (``f.~45``) and ranges written ``--``.

Cyrillic is romanized (Library of Congress, as archcite's keys); Chinese and other scripts have
no 7-bit form and are left out of the printed field. Either way the original is kept in an
``x-original-<field>`` field (UTF-8), which BibTeX skips because no style declares it: the
printed fields stay 7-bit and nothing of the source is lost. archcite adds no pinyin
dependency: Wilson Center records already give Chinese names in pinyin, and a machine reading
of characters (polyphonic surnames such as 单 Shan/Dan) would put wrong names in print.
"""

from __future__ import annotations

import re
from typing import Any

from archcite.formats import latex
from archcite.formats.biblatex import url_text
from archcite.formats.common import (
    MONTHS,
    Encoder,
    digital_archive,
    encode_field,
    holdings_latex,
    issued_parts,
    keywords_latex,
    pages_latex,
    write_entry,
)
from archcite.model.archives import ArchiveRegistry
from archcite.model.names import names_text


def _title(record: dict[str, Any]) -> Any:
    genre = str(record.get("genre") or "")
    recipients = record.get("recipient")
    if record.get("type") == "personal_communication" and not genre and recipients:
        genre = "letter"  # a plain letter stores no genre: its type says what it is
    if record.get("type") == "personal_communication" and genre:
        def build(esc: Encoder) -> str:
            head = latex.protect_title(genre[:1].upper() + genre[1:], esc)
            if recipients:
                return f"{head} to {names_text(recipients, 'bibtex', esc)}"
            return head
        return build
    return lambda esc: latex.protect_title(_plain(str(record.get("title") or "")), esc)


# CSL type → classic BibTeX entry type (the standard styles' types; the rest is @misc).
_TYPES = {"book": "book", "article-journal": "article", "article-magazine": "article",
          "article-newspaper": "article", "review": "article", "chapter": "incollection",
          "paper-conference": "inproceedings", "report": "techreport", "pamphlet": "booklet"}
_JOURNAL_TYPES = frozenset({"article-journal", "article-magazine", "article-newspaper",
                            "review"})


def entry_type(record: dict[str, Any]) -> str:
    """The BibTeX entry type: archival documents are @misc, the literature its own type."""
    from archcite.formats.biblatex import is_archival

    kind = str(record.get("type") or "")
    if is_archival(record) and kind != "book":
        return "misc"
    if kind == "thesis":
        genre = str(record.get("genre") or "").lower()
        return "mastersthesis" if "master" in genre or genre.startswith("ma ") else "phdthesis"
    return _TYPES.get(kind, "misc")


# What the standard styles (plain, plainnat, unsrt, alpha …) require of each type; an entry
# that lacks any of them is written as @misc, which requires nothing, instead of drawing a
# warning ("empty journal in …"). ``|`` means either field.
_REQUIRED = {
    "article": ("author", "title", "journal"), "book": ("author|editor", "title", "publisher"),
    "incollection": ("author", "title", "booktitle", "publisher"),
    "inproceedings": ("author", "title", "booktitle"), "phdthesis": ("author", "title", "school"),
    "mastersthesis": ("author", "title", "school"),
    "techreport": ("author", "title", "institution"), "booklet": ("title",),
}
# Types whose styles refuse volume and number together (a series' volume or its number).
_VOLUME_OR_NUMBER = frozenset({"book", "incollection", "inproceedings", "inbook"})


def fields_of(record: dict[str, Any], registry: ArchiveRegistry) -> list[tuple[str, str]]:
    """What BibTeX styles read, for archival records and the literature; ``x-original-*``
    fields last (see :func:`typed_fields`)."""
    return typed_fields(record)[1]


def typed_fields(record: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    """(entry type, fields): what BibTeX styles read, written so that they read it silently.

    An entry with no author gets ``key``, which the author-year styles sort and label by; an
    undated one the year "n.d." (a date kept as written goes in as written), since they label
    by the year; an entry missing a field its type requires is @misc, with its container in
    ``howpublished`` so the styles still print where it appeared.
    """
    from archcite.formats.biblatex import is_archival

    fields: list[tuple[str, str]] = []
    originals: list[tuple[str, str]] = []

    def add(name: str, build: Any) -> None:
        encode_field(name, build, "ascii", fields, originals)

    archival = is_archival(record) and record.get("type") != "book"
    kind = entry_type(record)
    add("author", lambda esc: names_text(record.get("author"), "bibtex", esc))
    if record.get("editor") and not (kind in ("book", "inbook") and record.get("author")):
        # the standard styles refuse a book with both ("can't use both author and editor")
        add("editor", lambda esc: names_text(record.get("editor"), "bibtex", esc))
    add("title", _title(record))
    if not archival:
        _literature(record, kind, add)
    if record.get("type") not in ("personal_communication", "thesis", "report") and \
            record.get("genre"):
        add("type", lambda esc: esc(str(record["genre"])))
    parts = issued_parts(record)
    if parts:
        fields.append(("year", str(parts[0])))
        if len(parts) > 1 and 1 <= parts[1] <= 12:
            fields.append(("month", MONTHS[parts[1] - 1]))
        if len(parts) > 2:
            fields.append(("day", str(parts[2])))
    else:
        issued = record.get("issued")
        written = issued.get("literal") or issued.get("raw") if isinstance(issued, dict) else ""
        add("year", lambda esc: esc(str(written or "n.d.")))
    names = {name for name, _ in fields}
    required = _REQUIRED.get(kind, ())
    if any(not any(f in names for f in need.split("|")) for need in required):
        kind = "misc"
    if kind in _VOLUME_OR_NUMBER and {"volume", "number"} <= names:
        number = dict(fields)["number"]
        fields = [(n, v) for n, v in fields if n != "number"]
        fields.append(("note", f"no.~{number}"))
    if archival:
        add("howpublished", lambda esc: holdings_latex(record, esc))
        add("note", lambda esc: esc(digital_archive(record)))
    else:
        if holdings_latex(record, latex.escape):
            add("howpublished", lambda esc: holdings_latex(record, esc))
        elif kind == "misc" and record.get("container-title"):
            add("howpublished", lambda esc: r"\emph{" + esc(_plain(str(
                record["container-title"]))) + "}")
        if record.get("note"):
            add("note", lambda esc: latex.rich(str(record["note"]), esc))
    for var, name in (("DOI", "doi"), ("ISBN", "isbn"), ("ISSN", "issn")):
        if record.get(var):
            fields.append((name, latex.escape_ascii(str(record[var]))[0]))
    if record.get("URL"):
        fields.append(("url", url_text(str(record["URL"]))))
    if keywords_latex(record, latex.escape):
        add("keywords", lambda esc: keywords_latex(record, esc))
    if not record.get("author"):
        add("key", lambda esc: esc(_sort_key(record)))
    return kind, _one_note(fields) + originals


def _one_note(fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The fields with every ``note`` joined into the first (a field may appear only once)."""
    notes = [v for n, v in fields if n == "note"]
    if len(notes) < 2:
        return fields
    out, done = [], False
    for name, value in fields:
        if name != "note":
            out.append((name, value))
        elif not done:
            out.append(("note", ". ".join(notes)))
            done = True
    return out


def _literature(record: dict[str, Any], kind: str, add: Any) -> None:
    """journal/booktitle, series, volume, number, pages, edition, publisher, address, school."""
    container = record.get("container-title")
    if container:
        name = "journal" if record.get("type") in _JOURNAL_TYPES else "booktitle"
        add(name, lambda esc: latex.protect_title(_plain(str(container)), esc))
    if record.get("collection-title"):
        add("series", lambda esc: latex.protect_title(_plain(str(record["collection-title"])),
                                                      esc))
    number = record.get("issue") if record.get("type") in _JOURNAL_TYPES else (
        record.get("number") or record.get("collection-number"))
    for name, value in (("volume", record.get("volume")), ("number", number),
                        ("edition", record.get("edition"))):
        if value:
            add(name, lambda esc, v=value: esc(str(v)))
    if record.get("page"):
        add("pages", lambda esc: pages_latex(str(record["page"]), esc))
    if record.get("publisher"):
        name = {"phdthesis": "school", "mastersthesis": "school",
                "techreport": "institution"}.get(kind, "publisher")
        add(name, lambda esc: esc(str(record["publisher"])))
    if record.get("publisher-place"):
        add("address", lambda esc: esc(str(record["publisher-place"])))


def _plain(text: str) -> str:
    """Rich text without its tags: BibTeX styles set their own fonts for these fields."""
    return re.sub(r"</?(?:i|b|sup|sub|span)[^>]*>", "", text)


def _sort_key(record: dict[str, Any]) -> str:
    """What an author-less entry sorts and is labelled by: its title (an initial article left
    out, as the styles leave it out of the sort), else its container or publisher."""
    for var in ("title", "container-title", "publisher"):
        text = _plain(str(record.get(var) or "")).strip()
        if text:
            return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)
    return str(record.get("id") or "")


def entry(record: dict[str, Any], registry: ArchiveRegistry,
          extra: list[tuple[str, str]] | None = None) -> str:
    """One entry of the record's BibTeX type. ``month`` is written as BibTeX's month macro."""
    kind, fields = typed_fields(record)
    return write_entry(kind, str(record["id"]), fields + (extra or []), bare=frozenset({"month"}))
