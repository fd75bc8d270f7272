"""Import: BibTeX/BibLaTeX (bibtexparser 2) and CSL-JSON (as Zotero and pandoc write it).

Archive fields are mapped back into structured holdings where they parse: a ``note``,
``howpublished``, ``library`` or CSL ``archive_location`` such as
``{APRF}, f.~45, op.~1, d.~339, ll.~95--96; {AVPRF}, f.~059a, …`` becomes the holdings it
was written from. What does not parse is kept as written (in ``note`` or the flat CSL
fields): nothing is dropped. archcite's own exports read back into the records they came from
(``x-original-*`` restores romanized text, ``x-archcite`` what a plain entry cannot carry).

Keys from a file are never trusted as file names: a key that is not a plain citation key, or
that names a device on Windows (``con``, ``lpt1``), or holds ``:``, is replaced by a fresh key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archcite.errors import ExportError
from archcite.formats.importholdings import parse_holdings, split_top
from archcite.formats.readresult import ReadResult
from archcite.model.archives import ArchiveRegistry
from archcite.model.record import KEY_PATTERN

__all__ = ["ImportResult", "ImportSummary", "import_file", "parse_bib_records",
           "parse_csl_records", "parse_holdings", "read_file", "read_records", "split_top"]

if TYPE_CHECKING:
    from archcite.library.store import Library

# ---------------------------------------------------------------------------------------------
# Reading a file: BibTeX/BibLaTeX, CSL-JSON, RIS (each reader in its own module)


def _raise_first(result: ReadResult, origin: str) -> list[dict[str, Any]]:
    """The records of ``result``, or ExportError naming the first entry that was skipped."""
    for entry in result.entries:
        if entry.record is None:
            raise ExportError(f"{origin}: {entry.label}: {entry.reason}")
    return result.records


def parse_bib_records(text: str, registry: ArchiveRegistry,
                      origin: str = "input") -> list[dict[str, Any]]:
    """Every entry of a .bib text as a record; the first unreadable entry raises ExportError."""
    from archcite.formats.bibread import read_bib

    return _raise_first(read_bib(text, registry), origin)


def parse_csl_records(text: str, registry: ArchiveRegistry,
                      origin: str = "input") -> list[dict[str, Any]]:
    """A CSL-JSON array (or one item, or ``{"items": [...]}``) as records."""
    from archcite.formats.cslread import CSLFileError, read_csl

    try:
        return _raise_first(read_csl(text, registry), origin)
    except CSLFileError as exc:
        raise ExportError(f"{origin}: {exc}") from exc


_WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul", "clock$"] + [f"com{i}" for i in range(10)]
    + [f"lpt{i}" for i in range(10)]
)


def safe_key(key: str) -> bool:
    """True when ``key`` can be a record's file name on every system."""
    if not isinstance(key, str) or not KEY_PATTERN.match(key) or ":" in key:
        return False
    return key.split(".")[0].lower() not in _WINDOWS_DEVICES and not key.endswith(".")


def file_format(path: Path, text: str) -> str:
    """"csl-json", "ris" or "bib": by the file's suffix, else by its first characters."""
    suffix = path.suffix.lower()
    stripped = text.lstrip("\ufeff \t\r\n")
    if suffix in (".json", ".csljson") or stripped[:1] in "[{":
        return "csl-json"
    if (suffix in (".ris", ".enw", ".txt") and re.match(r"(?m)^TY  -", stripped)) or \
            stripped.startswith("TY  -"):
        return "ris"
    return "bib"


def read_file(path: Path, registry: ArchiveRegistry) -> ReadResult:
    """Read an import file (CSL-JSON, RIS or BibTeX/BibLaTeX), entry by entry.

    Problems of the file as a whole (missing, binary, not UTF-8, empty, a JSON object that is
    not CSL) raise ExportError; problems of one entry are in the result, entry by entry.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ExportError(f"{path}: no such file") from exc
    except OSError as exc:
        raise ExportError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if b"\x00" in data:
        raise ExportError(f"{path}: a binary file, not BibTeX, RIS or CSL-JSON")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExportError(f"{path}: not UTF-8 text") from exc
    del data  # the bytes are the size of the file again: not kept through the parse
    if not text.strip():
        raise ExportError(f"{path}: the file is empty")
    kind = file_format(path, text)
    if kind == "csl-json":
        from archcite.formats.cslread import CSLFileError, read_csl

        try:
            result = read_csl(text, registry)
        except CSLFileError as exc:
            raise ExportError(f"{path}: {exc}") from exc
    elif kind == "ris":
        from archcite.formats.risread import read_ris

        result = read_ris(text, registry)
    else:
        from archcite.formats.bibread import read_bib

        result = read_bib(text, registry)
    if not result.entries:
        raise ExportError(f"{path}: holds no entries")
    return result


def read_records(path: Path, registry: ArchiveRegistry) -> list[dict[str, Any]]:
    """Every record of an import file; the first unreadable entry raises ExportError."""
    return _raise_first(read_file(path, registry), str(path))


# ---------------------------------------------------------------------------------------------
# Importing


@dataclass(frozen=True)
class ImportResult:
    """What happened to one entry: its key in the file, its key in the library, and why."""

    given: str
    key: str
    status: str  # "new", "held" (the library already had the document) or "skipped"
    reason: str = ""  # why it was skipped
    where: str = ""  # "line 12", "item 3"
    warnings: tuple[str, ...] = ()

    @property
    def rekeyed(self) -> bool:
        """True when the file gave a key and the library uses another (taken, unsafe)."""
        return self.status == "new" and bool(self.given) and self.given != self.key

    @property
    def label(self) -> str:
        """How messages name the entry."""
        if self.given:
            return f"{self.given} ({self.where})" if self.where else self.given
        return f"the entry at {self.where}" if self.where else "an entry"


def import_file(library: Library, path: Path, *, dry_run: bool = False, strict: bool = False,
                progress: Callable[[int, int], None] | None = None) -> list[ImportResult]:
    """Read ``path`` and add its records to ``library``, entry by entry; one result per entry.

    A librarian, not a gatekeeper: an entry that cannot be read or is not a valid record is
    skipped (status "skipped", with the reason) and the rest is imported; with ``strict`` the
    first such entry raises ExportError and nothing is written. A document the library
    already holds — the same document by identity (Wilson Center Record ID, DOI, ISBN with
    title, or holdings with date and parties; never a shared URL or CSL ``number``) — is
    counted as held, not changed. A key that is empty, taken, repeated in the file or unsafe as
    a file name is replaced by a fresh key, and the key the file gave is kept as a former key
    (:mod:`archcite.model.oldkeys`), so ``cite OLDKEY`` finds the record.

    The records go through the library's one write path (:meth:`Library.add_many`), which
    validates each, decides keys and identities, holds the library lock once and writes each
    file atomically; ``progress(done, total)`` follows the writing. A dry run asks the same
    path what it would do (:meth:`Library.plan_adds`).
    """
    from archcite.model.oldkeys import with_old_key

    read = read_file(path, library.registry)
    if strict and read.skipped:
        first = read.skipped[0]
        raise ExportError(f"{path}: {first.label}: {first.reason}")
    entries = [e for e in read.entries if e.record is not None]
    ready = []
    for entry in entries:
        record = dict(entry.record or {})
        if not safe_key(entry.key):
            # A key that is not safe as a file name on every system is recomputed, like a
            # missing one; the key the file gave is remembered.
            record = {k: v for k, v in record.items() if k != "id"}
            if entry.key:
                record = with_old_key(record, entry.key)
        ready.append(record)
    if dry_run:
        plan = library.plan_adds(ready)
    else:
        plan = library.add_many(ready, all_or_nothing=strict, progress=progress).items
    if strict:
        for item in plan:
            if item.error is not None:
                entry = entries[item.position]
                raise ExportError(f"{path}: {entry.label}: {item.error}") from item.error
    done = {id(entries[item.position]): item for item in plan}
    results: list[ImportResult] = []
    for entry in read.entries:
        warnings = tuple(entry.warnings)
        planned = done.get(id(entry))
        if planned is None:
            results.append(ImportResult(entry.key, "", "skipped", entry.reason, entry.where,
                                        warnings))
        elif planned.error is not None:
            reason = str(planned.error).removeprefix("record: ")
            results.append(ImportResult(entry.key, "", "skipped", reason, entry.where,
                                        warnings))
        else:
            status = "held" if planned.status in ("held", "unchanged") else "new"
            results.append(ImportResult(entry.key, planned.key, status, "", entry.where,
                                        warnings))
    return results


@dataclass(frozen=True)
class ImportSummary:
    """Counts of an import, for its one summary line."""

    imported: int
    held: int
    skipped: int
    renamed: int

    @classmethod
    def of(cls, results: list[ImportResult]) -> ImportSummary:
        """Count ``results``."""
        return cls(sum(r.status == "new" for r in results),
                   sum(r.status == "held" for r in results),
                   sum(r.status == "skipped" for r in results),
                   sum(r.rekeyed for r in results))

    def line(self, dry_run: bool = False) -> str:
        """``imported 12, already held 3, skipped 1, renamed 2``."""
        verb = "would import" if dry_run else "imported"
        return (f"{verb} {self.imported}, already held {self.held}, skipped {self.skipped},"
                f" renamed {self.renamed}")
