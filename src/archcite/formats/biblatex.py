"""BibLaTeX (Biber, UTF-8) entries with the fields biblatex-chicago reads for archival letters.

Letters and telegrams are ``@misc`` with ``entrysubtype = {letter}``: biblatex-chicago then
prints "Sender to Recipient, kind of document, date" and reads ``origdate`` as the date the
letter was written. Memoranda, minutes and reports (CSL ``manuscript``) are ``@unpublished``;
a published book is ``@book``. The archival reference goes in ``note`` (repository first, the
holdings in stored order), the digital archive in ``organization``. ``langid`` is the language
of the text cited: ``english`` for a Wilson Center translation of a Russian document.

By default Cyrillic is romanized and scripts pdfLaTeX cannot set are left out of the printed
fields (see :mod:`archcite.formats.common`), with the original kept in ``x-original-*``;
``script="original"`` keeps every script in place for XeLaTeX/LuaLaTeX.
"""

from __future__ import annotations

from typing import Any

from archcite.formats import latex
from archcite.formats.common import (
    Encoder,
    digital_archive,
    encode_field,
    holdings_latex,
    iso_date,
    langid,
    write_entry,
)
from archcite.model.archives import ArchiveRegistry
from archcite.model.names import names_text
from archcite.model.oldkeys import bib_old_keys


def entry_type(record: dict[str, Any]) -> tuple[str, str]:
    """(BibLaTeX entry type, entrysubtype) for a record."""
    kind = record.get("type")
    if kind == "personal_communication":
        return "misc", "letter"
    if kind == "manuscript":
        return "unpublished", ""
    if kind == "book":
        return "book", ""
    return "misc", ""


def _title(record: dict[str, Any]) -> Any:
    authors, recipients = record.get("author"), record.get("recipient")
    if record.get("type") == "personal_communication" and authors and recipients:
        def build(esc: Encoder) -> str:
            senders = names_text(authors, "bibtex", esc)
            return f"{senders} to {names_text(recipients, 'bibtex', esc)}"
        return build
    return lambda esc: esc(str(record.get("title") or ""))


def fields_of(record: dict[str, Any], registry: ArchiveRegistry,
              script: str = "latin") -> list[tuple[str, str]]:
    """author, title, titleaddon, entrysubtype, date, origdate, note, organization, url,
    langid (those the record has); ``x-original-*`` fields last."""
    kind, subtype = entry_type(record)
    fields: list[tuple[str, str]] = []
    originals: list[tuple[str, str]] = []

    def add(name: str, build: Any) -> None:
        encode_field(name, build, script, fields, originals)

    add("author", lambda esc: names_text(record.get("author"), "bibtex", esc))
    add("title", _title(record))
    if record.get("genre") and kind != "book":
        add("titleaddon", lambda esc: esc(str(record["genre"])))
    if subtype:
        fields.append(("entrysubtype", subtype))
    if record.get("translator"):
        add("translator", lambda esc: names_text(record.get("translator"), "bibtex", esc))
    date = iso_date(record.get("issued"))
    if date:
        fields.append(("date", date))
        if subtype == "letter":
            fields.append(("origdate", date))
    add("note", lambda esc: holdings_latex(record, esc))
    if kind == "book":
        if record.get("publisher"):
            add("publisher", lambda esc: latex.brace(esc(str(record["publisher"]))))
        if record.get("publisher-place"):
            add("location", lambda esc: esc(str(record["publisher-place"])))
    else:
        add("organization", lambda esc: esc(digital_archive(record)))
    if record.get("URL"):
        fields.append(("url", url_text(str(record["URL"]))))
    lang = langid(record)
    if lang:
        fields.append(("langid", lang))
    former = bib_old_keys(record)
    if former:
        # biblatex/biber resolve \cite{old} to this entry: a paper keeps compiling after a rename
        fields.append(("ids", ",".join(former)))
    return fields + originals


def url_text(url: str) -> str:
    """URLs are verbatim in both formats; only what would break the .bib is percent-encoded."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def entry(record: dict[str, Any], registry: ArchiveRegistry, script: str = "latin",
          extra: list[tuple[str, str]] | None = None) -> str:
    """One ``@misc``/``@unpublished``/``@book`` entry."""
    kind, _ = entry_type(record)
    return write_entry(kind, str(record["id"]), fields_of(record, registry, script) + (extra or []))
