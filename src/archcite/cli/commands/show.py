"""``archcite show KEY``: one record, readable (``--json``: the record file's text as stored)."""

from __future__ import annotations

import sys
from typing import Any

import click

from archcite.cli.options import current_keys, json_option, pass_app
from archcite.context import AppContext
from archcite.errors import LibraryError
from archcite.model.archives import ArchiveRegistry
from archcite.model.holdings import holdings_of
from archcite.model.record import (
    DERIVED_ARCHIVE_FIELDS,
    TYPE_WORDS,
    document_number,
    issued_parts,
    wilson_id,
)

# CSL variables whose names do not read as words once their hyphens are spaces.
_VARIABLE_WORDS = {
    "container-title": "in", "collection-title": "series", "page": "pages",
    "publisher-place": "place", "archive-place": "archive place", "archive_location": "shelfmark",
    "division": "further holdings", "number-of-pages": "pages in all",
    "number-of-volumes": "volumes", "original-date": "first published",
    "container-author": "author of the volume", "collection-editor": "series editor",
    "accessed": "consulted", "title-short": "short title", "container-title-short": "short in",
}


def record_fields(record: dict[str, Any], registry: ArchiveRegistry) -> list[tuple[str, str]]:
    """(label, text) pairs of a record, in reading order; empty fields left out."""
    from archcite.model.names import names_text

    custom: dict[str, Any] = c if isinstance(c := record.get("custom"), dict) else {}
    parts = issued_parts(record)
    date = "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])]) if parts else ""
    if isinstance(record.get("issued"), dict) and (record["issued"].get("literal")
                                                   or record["issued"].get("circa")):
        date = _value_text(record, "issued")
    kind = record.get("genre") or TYPE_WORDS.get(record["type"], record["type"])
    rows: list[tuple[str, str]] = [
        ("key", record["id"]),
        ("title", str(record.get("title") or "")),
        ("kind", kind),
        ("date", date),
        ("from", names_text(record.get("author"))),
        ("to", names_text(record.get("recipient"))),
        ("translated by", names_text(record.get("translator"))),
    ]
    for i, holding in enumerate(holdings_of(record)):
        rows.append(("held in" if i == 0 else "", holding.text("chicago", registry)))
    rows += [
        # a digital archive is the source with its publisher; a book's publisher stands alone
        ("database" if record.get("source") else "publisher",
         ", ".join(str(record[v]) for v in ("source", "publisher") if record.get(v))),
        ("number", document_number(record)),
        ("record id", wilson_id(record)),
        ("URL", str(record.get("URL") or "")),
        ("language", ", ".join(str(v) for v in (record.get("language"),
                                                 custom.get("original-language")) if v)),
        ("summary", str(record.get("abstract") or "")),
        ("note", str(record.get("note") or "")),
        ("tags", ", ".join(str(t) for t in custom.get("tags", []) or [])),
        ("my notes", str(custom.get("notes") or "")),
    ]
    shown = {"id", "type", "custom", "title", "genre", "issued", "author", "recipient",
             "translator", "source", "publisher", "number", "URL", "language", "abstract",
             "note"}
    if holdings_of(record):
        shown |= set(DERIVED_ARCHIVE_FIELDS)  # derived from the holdings shown above
    # Every other CSL variable the record holds (literature: container, volume, pages, DOI …),
    # labelled in words (``--json`` keeps the CSL names)
    for var in sorted(v for v in record if v not in shown):
        rows.append((_VARIABLE_WORDS.get(var, var.replace("-", " ").replace("_", " ")),
                     _value_text(record, var)))
    if custom.get("old-keys"):
        rows.append(("old keys", ", ".join(str(k) for k in custom["old-keys"])))
    from archcite.library.attachments import attachments_of

    for i, item in enumerate(attachments_of(record)):
        rows.append(("attached" if i == 0 else "", f"files/{record['id']}/{item.name}"))
    return [(label, text) for label, text in rows if text]


def _value_text(record: dict[str, Any], var: str) -> str:
    """One CSL variable as text: names joined, dates as written or ISO, others as they are."""
    from archcite.model.names import names_text
    from archcite.model.record import DATE_VARIABLES, NAME_VARIABLES

    value = record[var]
    if var in NAME_VARIABLES:
        return names_text(value)
    if var in DATE_VARIABLES and isinstance(value, dict):
        if value.get("literal") or value.get("raw"):
            return str(value.get("literal") or value.get("raw"))
        dates = value.get("date-parts") or []
        text = "/".join("-".join(f"{int(p):02d}" if i else str(p) for i, p in enumerate(d))
                        for d in dates if isinstance(d, list))
        return ("ca. " if value.get("circa") else "") + text
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


@click.command(name="show")
@click.argument("key")
@json_option
@pass_app
def command(app: AppContext, key: str, as_json: bool) -> None:
    """Show the record KEY (--json: the record file exactly as stored)."""
    library = app.library
    [key] = current_keys(app, [key])
    record = library.get(key)  # validates; a missing key suggests close ones
    if as_json:
        try:
            text = library.path_for(key).read_text("utf-8")
        except OSError as exc:
            raise LibraryError(f"cannot read {library.path_for(key)}: {exc.strerror}") from exc
        click.echo(text, nl=not text.endswith("\n"))
        return
    rows = record_fields(record, app.registry)
    stdout = sys.stdout
    if not stdout.isatty():
        # Piped or redirected: plain "label: text" lines, nothing padded or wrapped, so grep,
        # a mail or a document gets the URL and the archival reference whole.
        label = ""
        for name, text in rows:
            label = name or label
            click.echo(f"{label}: {text}")
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True, justify="right")
    grid.add_column(overflow="fold")
    for name, text in rows:
        grid.add_row(name, Text(text))
    Console(file=stdout).print(grid)
