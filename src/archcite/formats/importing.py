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

from archcite.errors import ExportError, LibraryError, RecordError
from archcite.formats import latex
from archcite.formats.readresult import ReadResult
from archcite.model.archives import ArchiveRegistry
from archcite.model.holdings import Holding
from archcite.model.record import KEY_PATTERN
from archcite.sources.locators import is_archival_reference
from archcite.sources.locators import parse_holdings as read_holdings

if TYPE_CHECKING:
    from archcite.library.store import Library

# ---------------------------------------------------------------------------------------------
# Holdings


def split_top(text: str, sep: str) -> list[str]:
    """Split ``text`` at ``sep`` outside braces (raw .bib text keeps its braces)."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and text.startswith(sep, i):
            out.append(text[start:i])
            start = i + len(sep)
            i = start
            continue
        i += 1
    out.append(text[start:])
    return out


# A holding's first part braced whole (``{MOL}``, ``{Arkhiv Rezs{\H{o}}}``), at the start
# of the field or after a ``;``.
_BRACED_HEAD = re.compile(r"(?:^|;)\s*(?:and\s+)?\{((?:[^{}]|\{[^{}]*\})*)\}\s*(?=[,;]|$)")


def _braced_names(raw: str) -> frozenset[str]:
    """The archive names a .bib field braces as a whole: names the writer protected."""
    if "{" not in raw:
        return frozenset()
    return frozenset(latex.unescape(m.group(1)).strip() for m in _BRACED_HEAD.finditer(raw))


def parse_holdings(text: str, registry: ArchiveRegistry, first_archive: str = "",
                   latex_text: bool = True) -> list[Holding] | None:
    """Holdings from an import field, or None when the field is not an archival reference.

    The field is decoded (LaTeX → text when ``latex_text``) and read by the one holdings
    reader, :func:`archcite.sources.locators.parse_holdings`, that pages and citation strings
    use; here, unlike in a page's Source line, prose must stay prose, so the holdings are kept
    only when every one reads as a reference.
    """
    if not text.strip():
        return None
    named = _braced_names(text) if latex_text else frozenset()
    plain = latex.unescape(text) if latex_text else text
    holdings = read_holdings(plain, registry, first_archive=first_archive)
    if not holdings or not all(is_archival_reference(h, registry, named) for h in holdings):
        return None
    return holdings


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


def held_identities(library: Library) -> dict[str, str]:
    """identity → key of every record the library holds (see :mod:`archcite.model.identity`)."""
    from archcite.model.identity import identities

    held: dict[str, str] = {}
    if not library.exists():
        return held
    for record in library.iter_records_safely():
        for ident in identities(record):
            held.setdefault(ident, str(record["id"]))
    return held


def same_under_key(held: dict[str, Any], read: dict[str, Any]) -> bool:
    """True when ``read``, given under the key of ``held``, is the same document.

    A key alone is a coincidence (two files may both say ``smith2000``), but a key together with
    the same work — equal records, or the same title, first author and year (or date, parties
    and shelfmark), or the same title, or the same date and authors — is archcite's own
    export coming back (classic BibTeX has no newspaper or letter type, so not even the type
    need survive): the
    plain export carries fewer fields than the record, so whole-record equality cannot be
    asked of it.
    """
    from archcite.model.identity import likeness, title_key

    if held == read:
        return True
    if set(likeness(held)) & set(likeness(read)):
        return True
    title = title_key(held)
    if title and title == title_key(read):
        return True
    # a letter's plain export titles it "Sender to Recipient": its date and sender remain
    return bool(held.get("issued")) and held.get("issued") == read.get("issued") and \
        bool(held.get("author")) and held.get("author") == read.get("author")


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
    (:mod:`archcite.library.oldkeys`), so ``cite OLDKEY`` finds the record.

    Everything is validated before anything is written; the files are written under one hold
    of the library lock by :func:`archcite.library.bulk.write_prepared` (each atomic).
    """
    from archcite.library.bulk import write_prepared
    from archcite.library.files import library_lock
    from archcite.model.identity import identities
    from archcite.model.keys import unique_key
    from archcite.model.oldkeys import with_old_key

    read = read_file(path, library.registry)
    held = held_identities(library)
    existing_keys = set(library.keys())
    taken = set(existing_keys)
    results: list[ImportResult] = []
    prepared: list[dict[str, Any]] = []
    for entry in read.entries:
        given = entry.key
        warnings = tuple(entry.warnings)
        if entry.record is None:
            if strict:
                raise ExportError(f"{path}: {entry.label}: {entry.reason}")
            results.append(ImportResult(given, "", "skipped", entry.reason, entry.where,
                                        warnings))
            continue
        record = entry.record
        try:
            # every field valid (and the archive fields derived) before keys are chosen
            checked = library.prepare({**record, "id": "record"})
        except RecordError as exc:
            reason = str(exc).removeprefix("record: ")
            if strict:
                raise ExportError(f"{path}: {entry.label}: {reason}") from exc
            results.append(ImportResult(given, "", "skipped", reason, entry.where, warnings))
            continue
        idents = identities(record)
        existing = next((held[i] for i in idents if i in held), None)
        if existing is None and given in existing_keys and safe_key(given):
            # the same record under the same key (a re-import of archcite's own export)
            try:
                if same_under_key(library.get(given), library.prepare(record)):
                    existing = given
            except (RecordError, LibraryError):
                pass
        if existing is not None:
            results.append(ImportResult(given, existing, "held", "", entry.where, warnings))
            continue
        key = given if safe_key(given) and given not in taken else unique_key(record, taken)
        # validated above with a stand-in id; the key is safe by construction (safe_key or
        # unique_key), and a former key is a plain string in custom: no second validation
        ready = {**checked, "id": key}
        if given and given != key:
            ready = with_old_key(ready, given)
        taken.add(key)
        for ident in idents:
            held.setdefault(ident, key)
        prepared.append(ready)
        results.append(ImportResult(given, key, "new", "", entry.where, warnings))
    if not dry_run and prepared:
        library._ensure_root()
        with library_lock(library.root):
            # Another process may have added files since the keys were read: keep them.
            clash = {p["id"] for p in prepared} & set(library.keys())
            if clash:
                raise LibraryError(f"the library changed during the import ({sorted(clash)[0]}"
                                   " appeared); run the import again")
            write_prepared(library, prepared, progress=progress)
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
