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
    return lambda esc: latex.protect_title(str(record.get("title") or ""), esc)


def fields_of(record: dict[str, Any], registry: ArchiveRegistry) -> list[tuple[str, str]]:
    """author, title, year, month, howpublished, note, url; ``x-original-*`` fields last."""
    fields: list[tuple[str, str]] = []
    originals: list[tuple[str, str]] = []

    def add(name: str, build: Any) -> None:
        encode_field(name, build, "ascii", fields, originals)

    add("author", lambda esc: names_text(record.get("author"), "bibtex", esc))
    add("title", _title(record))
    if record.get("type") != "personal_communication" and record.get("genre"):
        add("type", lambda esc: esc(str(record["genre"])))
    parts = issued_parts(record)
    if parts:
        fields.append(("year", str(parts[0])))
        if len(parts) > 1 and 1 <= parts[1] <= 12:
            fields.append(("month", MONTHS[parts[1] - 1]))
        if len(parts) > 2:
            fields.append(("day", str(parts[2])))
    if record.get("type") == "book":
        if record.get("publisher"):
            add("publisher", lambda esc: esc(str(record["publisher"])))
        if record.get("publisher-place"):
            add("address", lambda esc: esc(str(record["publisher-place"])))
        add("howpublished", lambda esc: holdings_latex(record, esc))
    else:
        add("howpublished", lambda esc: holdings_latex(record, esc))
        add("note", lambda esc: esc(digital_archive(record)))
    if record.get("URL"):
        fields.append(("url", url_text(str(record["URL"]))))
    return fields + originals


def entry(record: dict[str, Any], registry: ArchiveRegistry,
          extra: list[tuple[str, str]] | None = None) -> str:
    """One ``@misc`` (or ``@book``) entry. ``month`` is written as BibTeX's month macro."""
    kind = "book" if record.get("type") == "book" else "misc"
    return write_entry(kind, str(record["id"]), fields_of(record, registry) + (extra or []),
                       bare=frozenset({"month"}))
