"""BibLaTeX (Biber, UTF-8) entries: every field a record has that BibLaTeX can say.

Archival letters and telegrams are ``@misc`` with ``entrysubtype = {letter}``: biblatex-chicago
then prints "Sender to Recipient, kind of document, date" and reads ``origdate`` as the date the
letter was written. Memoranda, minutes and reports (CSL ``manuscript``) are ``@unpublished``.
biblatex-chicago places an archival item by ``note``, ``organization``, ``institution`` and
``location`` (in ascending order of generality): the structured holdings go in ``note``
(repository first, in stored order), the digital archive in ``organization``; an archive known
only by name and shelfmark (no structured holdings) gives ``note`` the shelfmark and
``institution`` the archive. The record's own ``note`` (provenance, reprints) is ``addendum``,
which the styles print after everything else. ``langid`` is the language of the text cited:
``english`` for a Wilson Center translation of a Russian document.

The literature takes biblatex's own types and fields (``@article`` with ``journaltitle``,
``volume``, ``number``, ``pages``; ``@incollection`` with ``booktitle`` and ``editor`` …).
Every record also carries ``doi``, ``isbn``, ``issn``, ``urldate``, ``origdate``, its tags as
``keywords``, its former keys as ``ids`` (so ``\\cite{oldkey}`` still compiles), and the fields
an import kept without a CSL variable (``custom.bib-fields``), written back as they were read;
an imported entry type (``custom.bib-type``) is written back too.

By default Cyrillic is romanized and scripts pdfLaTeX cannot set are left out of the printed
fields (see :mod:`archcite.formats.common`), with the original kept in ``x-original-*``;
``script="original"`` keeps every script in place for XeLaTeX/LuaLaTeX.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from archcite.formats import latex
from archcite.formats.common import (
    Encoder,
    bib_date,
    bib_fields,
    custom_of,
    digital_archive,
    encode_field,
    holdings_latex,
    keywords_latex,
    langid,
    pages_latex,
    strip_joined,
    write_entry,
)
from archcite.model.archives import ArchiveRegistry
from archcite.model.names import names_text
from archcite.model.oldkeys import bib_old_keys

# CSL type → (biblatex entry type, entrysubtype), as the import reads them back.
_TYPES: dict[str, tuple[str, str]] = {
    "personal_communication": ("misc", "letter"), "manuscript": ("unpublished", ""),
    "book": ("book", ""), "document": ("misc", ""),
    "article-journal": ("article", ""), "article-magazine": ("article", "magazine"),
    "article-newspaper": ("article", "newspaper"), "chapter": ("incollection", ""),
    "paper-conference": ("inproceedings", ""), "entry-encyclopedia": ("inreference", ""),
    "thesis": ("thesis", ""), "report": ("report", ""), "webpage": ("online", ""),
    "dataset": ("dataset", ""), "patent": ("patent", ""),
    "periodical": ("periodical", ""), "pamphlet": ("booklet", ""), "review": ("review", ""),
    "standard": ("standard", ""),
}
# Types whose container is a journal, magazine or newspaper (``journaltitle``).
_JOURNAL_TYPES = frozenset({"article-journal", "article-magazine", "article-newspaper",
                            "review", "review-book", "periodical"})
# Archival shapes: holdings, the digital archive, "Sender to Recipient" titles.
_ARCHIVAL_TYPES = frozenset({"personal_communication", "manuscript", "document"})
# Thesis and report kinds the import spells out → biblatex's type keys (localised by styles).
_KIND_KEYS = {"PhD diss.": "phdthesis", "Master's thesis": "mathesis",
              "Technical report": "techreport", "Research report": "resreport"}
# Name roles biblatex prints through editortype (editor, editora, editorb …).
_ROLES = (("compiler", "compiler"), ("organizer", "organizer"), ("contributor", "collaborator"))
# Plain CSL variables written as they are (identifiers, numbers, descriptors).
_PLAIN = (("edition", "edition"), ("number-of-volumes", "volumes"),
          ("number-of-pages", "pagetotal"), ("chapter-number", "chapter"), ("version", "version"),
          ("status", "pubstate"), ("medium", "howpublished"))
_IDENTIFIERS = (("DOI", "doi"), ("ISBN", "isbn"), ("ISSN", "issn"), ("PMID", "pmid"),
                ("PMCID", "pmcid"))


def entry_type(record: dict[str, Any]) -> tuple[str, str]:
    """(BibLaTeX entry type, entrysubtype) for a record; an imported entry type wins."""
    kind = str(record.get("type") or "")
    bib_type = custom_of(record).get("bib-type")
    subtype = _TYPES.get(kind, ("misc", ""))[1]
    if isinstance(bib_type, str) and bib_type:
        return bib_type, subtype
    if kind == "chapter" and record.get("container-author"):
        return "inbook", ""
    if kind in _TYPES:
        return _TYPES[kind]
    # A type biblatex (or biblatex-chicago, which has no @software driver) has no entry type
    # for: the import reads misc's entrysubtype as the type.
    return "misc", kind


def is_archival(record: dict[str, Any]) -> bool:
    """True for a record cited from an archive (letters, memoranda, held documents)."""
    return record.get("type") in _ARCHIVAL_TYPES or bool(custom_of(record).get("holdings"))


def _title(record: dict[str, Any]) -> Any:
    authors, recipients = record.get("author"), record.get("recipient")
    if record.get("type") == "personal_communication" and authors and recipients:
        def build(esc: Encoder) -> str:
            senders = names_text(authors, "bibtex", esc)
            return f"{senders} to {names_text(recipients, 'bibtex', esc)}"
        return build
    return lambda esc: latex.rich(str(record.get("title") or ""), esc)


def _names(record: dict[str, Any], var: str) -> Any:
    return lambda esc: names_text(record.get(var), "bibtex", esc)


def _text(record: dict[str, Any], var: str, kept: dict[str, str] | None = None,
          sub: str = "", addon: str = "") -> Any:
    """A rich-text variable; a subtitle or addon the import kept apart is taken off again."""
    def build(esc: Encoder) -> str:
        text = str(record.get(var) or "")
        if kept is not None:
            text = strip_joined(text, kept, sub, addon)
        return latex.rich(text, esc)
    return build


def fields_of(record: dict[str, Any], registry: ArchiveRegistry, script: str = "latin",
              taken: Collection[str] = ()) -> list[tuple[str, str]]:
    """Every field the record can fill, archival or literature; ``x-original-*`` fields last.

    ``taken``: keys other records have now; a former key among them is left out of ``ids``
    (biber skips an alias that is a real entry's key, with a warning).
    """
    if is_archival(record):
        fields, originals = _archival_fields(record, script)
    else:
        fields, originals = _literature_fields(record, script)
    _common_fields(record, script, fields, originals)
    # crossref/xdata are not written back: the import already copied what the entry inherited
    # into the record, and biber would inherit again whatever the parent has gained since (a
    # tag, a note) — fields the entry never had. ``--full`` keeps the links with the rest.
    # year/month/day kept as written beside a date (or because they could not be read) would
    # be a second, conflicting date for biber: ``date`` says it; --full keeps them.
    written = {name for name, _ in fields} | {"ids", "crossref", "xdata", "year", "month", "day"}
    fields += [(name, value) for name, value in bib_fields(record).items() if name not in written]
    former = [k for k in bib_old_keys(record) if k not in taken]
    if former:
        # biblatex/biber resolve \cite{old} to this entry: a paper keeps compiling after a rename
        fields.append(("ids", ",".join(former)))
    return fields + originals


def _archival_fields(record: dict[str, Any],
                     script: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """author, title, titleaddon, entrysubtype, translator, date, origdate, note, organization
    (or institution/location for an archive without structured holdings), url, langid."""
    _, subtype = entry_type(record)
    fields: list[tuple[str, str]] = []
    originals: list[tuple[str, str]] = []

    def add(name: str, build: Any) -> None:
        encode_field(name, build, script, fields, originals)

    add("author", _names(record, "author"))
    add("title", _title(record))
    if record.get("genre"):
        add("titleaddon", lambda esc: esc(str(record["genre"])))
    if subtype:
        fields.append(("entrysubtype", subtype))
    for var in ("editor", "translator"):
        if record.get(var):
            add(var, _names(record, var))
    date = bib_date(record.get("issued"))
    if date:
        fields.append(("date", date))
        if subtype == "letter":
            fields.append(("origdate", date))
    if custom_of(record).get("holdings"):
        add("note", lambda esc: holdings_latex(record, esc))
    else:
        add("note", lambda esc: esc(str(record.get("archive_location") or "")))
        add("institution", lambda esc: latex.brace(esc(str(record.get("archive") or "")))
            if record.get("archive") else "")
        add("location", lambda esc: esc(str(record.get("archive-place") or "")))
    add("organization", lambda esc: esc(digital_archive(record)))
    if record.get("note"):
        add("addendum", _text(record, "note"))
    _url_and_langid(record, fields)
    return fields, originals


def _literature_fields(record: dict[str, Any],
                       script: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """biblatex's own fields for a book, article, chapter, thesis, report, web page …"""
    kind = str(record.get("type") or "")
    _, subtype = entry_type(record)
    kept = bib_fields(record)
    fields: list[tuple[str, str]] = []
    originals: list[tuple[str, str]] = []

    def add(name: str, build: Any) -> None:
        encode_field(name, build, script, fields, originals)

    for var, name in (("author", "author"), ("editor", "editor"), ("translator", "translator"),
                      ("container-author", "bookauthor"), ("recipient", "recipient")):
        if record.get(var):
            add(name, _names(record, var))
    extra_roles = [(var, role) for var, role in _ROLES if record.get(var)]
    for slot, (var, role) in zip(("editora", "editorb", "editorc"), extra_roles, strict=False):
        add(slot, _names(record, var))
        fields.append((f"{slot}type", role))
    add("title", _text(record, "title", kept, "subtitle", "titleaddon"))
    if subtype:
        fields.append(("entrysubtype", subtype))
    container = "journaltitle" if kind in _JOURNAL_TYPES else "booktitle"
    if record.get("container-title"):
        if container == "journaltitle":
            add(container, _text(record, "container-title", kept, "journalsubtitle",
                                 "journaltitleaddon"))
        else:
            add(container, _text(record, "container-title", kept, "booksubtitle",
                                 "booktitleaddon"))
    if record.get("container-title-short"):
        add("shortjournal" if container == "journaltitle" else "shorttitle",
            _text(record, "container-title-short"))
    if record.get("title-short") and "shorttitle" not in {n for n, _ in fields}:
        add("shorttitle", _text(record, "title-short"))
    if record.get("collection-title"):
        add("series", _text(record, "collection-title"))
    for var, name in (("volume", "volume"), ("issue" if kind in _JOURNAL_TYPES else "number",
                                             "number")):
        if record.get(var):
            add(name, lambda esc, v=var: esc(str(record[v])))
    if record.get("collection-number") and "number" not in {n for n, _ in fields}:
        add("number", lambda esc: esc(str(record["collection-number"])))
    for var, name in _PLAIN:
        if record.get(var):
            add(name, lambda esc, v=var: esc(str(record[v])))
    if record.get("publisher"):
        name = "institution" if kind in ("thesis", "report") else "publisher"
        add(name, lambda esc: latex.brace(esc(str(record["publisher"]))))
    if record.get("publisher-place"):
        add("location", lambda esc: esc(str(record["publisher-place"])))
    if record.get("genre"):
        genre = str(record["genre"])
        add("type", lambda esc: _KIND_KEYS.get(genre) or esc(genre))
    date = bib_date(record.get("issued"))
    if date:
        fields.append(("date", date))
    if record.get("page"):
        add("pages", lambda esc: pages_latex(str(record["page"]), esc))
    for var, name in (("event-title", "eventtitle"), ("event", "eventtitle"),
                      ("event-place", "venue"), ("original-title", "origtitle"),
                      ("original-publisher", "origpublisher"),
                      ("original-publisher-place", "origlocation")):
        if record.get(var) and name not in {n for n, _ in fields}:
            add(name, _text(record, var))
    if record.get("archive"):
        # biblatex's "library" field: where the copy consulted is held, with its call number
        add("library", lambda esc: esc(", ".join(str(record[v]) for v in (
            "archive", "archive_location") if record.get(v))))
    if record.get("note"):
        add("note", _text(record, "note"))
    _url_and_langid(record, fields)
    return fields, originals


def _common_fields(record: dict[str, Any], script: str, fields: list[tuple[str, str]],
                   originals: list[tuple[str, str]]) -> None:
    """What every entry carries when the record has it: identifiers, the other dates, tags."""
    def add(name: str, build: Any) -> None:
        encode_field(name, build, script, fields, originals)

    for var, name in _IDENTIFIERS:
        if record.get(var):
            fields.append((name, latex.escape(str(record[var]))))
    written = {name for name, _ in fields}
    for var, name in (("original-date", "origdate"), ("accessed", "urldate"),
                      ("event-date", "eventdate")):
        date = bib_date(record[var]) if var in record else ""
        if date and name not in written:
            fields.append((name, date))
    keywords = keywords_latex(record, latex.escape)
    if keywords:
        add("keywords", lambda esc: keywords_latex(record, esc))


def url_text(url: str) -> str:
    """URLs are verbatim in both formats; only what would break the .bib is percent-encoded."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def entry(record: dict[str, Any], registry: ArchiveRegistry, script: str = "latin",
          extra: list[tuple[str, str]] | None = None, taken: Collection[str] = ()) -> str:
    """One entry of the record's BibLaTeX type."""
    kind, _ = entry_type(record)
    return write_entry(kind, str(record["id"]),
                       fields_of(record, registry, script, taken) + (extra or []))


def _url_and_langid(record: dict[str, Any], fields: list[tuple[str, str]]) -> None:
    """The two fields every entry ends with, archival or literature: its address (verbatim,
    never escaped) and the language biblatex hyphenates it in."""
    if record.get("URL"):
        fields.append(("url", url_text(str(record["URL"]))))
    lang = langid(record)
    if lang:
        fields.append(("langid", lang))
