"""``export_records``: the one entry point for every export format (``export`` and ``cite``).

``full=True`` adds, to BibTeX/BibLaTeX entries, ``x-archcite-*`` fields holding (each as JSON)
every part of the record the entry's ordinary fields do not carry — the archive's heading,
summary, record id, personal notes, a literal date — so that ``archcite import`` gives the
record back whole. Styles ignore them. Without them an entry holds the fields BibTeX and
biblatex styles read, the record's tags (``keywords``) and former keys (``ids``) included.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from archcite.errors import ExportError
from archcite.formats.remainder import remainder, remainder_fields
from archcite.model.archives import ArchiveRegistry

if TYPE_CHECKING:
    from archcite.library.store import Library

FORMATS = ("bibtex", "biblatex", "csl-json")


def export_records(records: Iterable[dict[str, Any]], fmt: str, registry: ArchiveRegistry,
                   *, script: str = "latin", full: bool = False,
                   keys: Collection[str] = ()) -> str:
    """The records in ``fmt`` (bibtex, biblatex or csl-json), entries separated by blank lines.

    ``script`` (BibLaTeX only): ``latin`` romanizes Cyrillic for pdfLaTeX, ``original`` keeps
    every script for XeLaTeX/LuaLaTeX. BibTeX is always 7-bit. ``keys``: every key the library
    has now, which a former key in ``ids`` must not repeat (biber would skip the alias).
    """
    return "".join(iter_export(records, fmt, registry, script=script, full=full, keys=keys))


def iter_export(records: Iterable[dict[str, Any]], fmt: str, registry: ArchiveRegistry,
                *, script: str = "latin", full: bool = False,
                keys: Collection[str] = ()) -> Iterator[str]:
    """:func:`export_records` in pieces, one entry (or CSL-JSON item) at a time.

    Nothing is collected: with ``records`` a generator over the library's files, an export of
    100,000 records holds one record and its entry at a time, and the caller writes each piece
    as it comes. The pieces join to exactly the text :func:`export_records` returns.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    if fmt == "csl-json":
        yield from _iter_csl_json(records, registry)
        return
    if script not in ("latin", "original"):
        raise ExportError(f"unknown script {script!r} (use latin or original)")
    taken = frozenset(keys)
    first = True
    for record in records:
        yield ("" if first else "\n") + _entry(record, fmt, registry, script, full, taken) + "\n"
        first = False


def _iter_csl_json(records: Iterable[dict[str, Any]],
                   registry: ArchiveRegistry) -> Iterator[str]:
    """The CSL-JSON array item by item, byte for byte as :func:`csljson.dumps` writes it."""
    from archcite.formats.csljson import dumps
    from archcite.model.record import derive_archive_fields, upgrade_record

    first = True
    for record in records:
        # A record not yet upgraded from archcite 0.1 leaves in the current layout, so other
        # tools never print its Record ID as "no. 110374" or a second archive under the first.
        record = derive_archive_fields(upgrade_record(record), registry)
        item = json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True)
        yield ("[\n  " if first else ",\n  ") + item.replace("\n", "\n  ")
        first = False
    yield dumps([]) if first else "\n]\n"


def _entry(record: dict[str, Any], fmt: str, registry: ArchiveRegistry, script: str,
           full: bool, taken: frozenset[str] = frozenset()) -> str:
    from archcite.formats import biblatex, bibtex

    def build(extra: list[tuple[str, str]] | None = None) -> str:
        if fmt == "bibtex":
            return bibtex.entry(record, registry, extra=extra)
        return biblatex.entry(record, registry, script=script, extra=extra, taken=taken)

    try:
        text = build()
        if not full:
            return text
        from archcite.formats.importing import parse_bib_records
        from archcite.model.record import derive_archive_fields

        back = derive_archive_fields(parse_bib_records(text, registry)[0], registry)
        rest = remainder(record, back)
        return build(remainder_fields(rest)) if rest else text
    except ExportError:
        raise
    except Exception as exc:  # a record the exporter cannot write must name itself
        raise ExportError(f"{record.get('id')}: cannot export: {exc}") from exc


def select_records(library: Library, keys: list[str],
                   cited: list[str] | None) -> tuple[Iterable[dict[str, Any]], list[str]]:
    """The records to export and the cited keys the library lacks.

    No keys and no paper (``cited`` is None): every record the library can read; a damaged
    record file is skipped (the library remembers it, and the command warns once), as ``list``
    and ``bib`` do, rather than losing the whole export. A paper that cites nothing exports
    nothing: the paper, not the library, decides what a paper's .bib holds. Named keys must
    exist (a missing one is an error, with suggestions); keys a paper cites that the library
    lacks are returned to warn about. ``*`` (``\\nocite{*}``) means every record.
    """
    if not keys and cited is None:
        # a generator, read one file at a time as the export consumes it: a large library is
        # never in memory whole
        return library.iter_records_safely(), []
    cited = cited or []
    available = set(library.keys())
    wanted: dict[str, None] = {}
    for key in keys:
        library.get(key)  # raises KeyNotFoundError with "did you mean"
        wanted.setdefault(key, None)
    missing: list[str] = []
    former: dict[str, str] | None = None  # read only when a paper cites a key no record has
    if "*" in cited:
        every = [r["id"] for r in library.iter_records_safely()]
        wanted.update(dict.fromkeys(every))
    for key in cited:
        if key == "*":
            continue
        if key in available:
            wanted.setdefault(key, None)
            continue
        if former is None:
            from archcite.library.oldkeys import old_key_map

            former = old_key_map(library)
        if key in former:  # a former key: the export writes it in ids, so the paper compiles
            wanted.setdefault(former[key], None)
        elif key not in missing:
            missing.append(key)
    return [library.get(key) for key in wanted], missing
