"""The record store: ``<key>.json`` files in one folder, read and written safely.

The files are the single source of truth; anything derived (indexes, caches) lives in the
library's ``.archcite/`` folder and can be deleted at any time.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from archcite.errors import (
    DuplicateRecordError,
    KeyNotFoundError,
    LibraryError,
    RecordError,
)
from archcite.library.files import (
    atomic_write_text,
    describe_os_error,
    is_temp_file,
    library_lock,
)
from archcite.model import jsontext
from archcite.model.archives import ArchiveRegistry
from archcite.model.keys import unique_key
from archcite.model.record import (
    derive_archive_fields,
    dumps_record,
    is_safe_key,
    keep_user_fields,
    validate_record,
)

RECORD_SUFFIX = ".json"
CACHE_DIR = ".archcite"


class Problem(NamedTuple):
    """A record file that cannot be used, and why (one line)."""

    path: Path
    reason: str


def has_conflict_markers(text: str) -> bool:
    """True when ``text`` holds a git conflict block (a line starting ``<<<<<<<``)."""
    return any(line.startswith("<<<<<<<") for line in text.splitlines())


def read_record_file(path: Path) -> dict[str, Any]:
    """Read and validate one record file; errors name the file and say what is wrong."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LibraryError(f"{path}: cannot read: {describe_os_error(exc)}") from exc
    return parse_record_bytes(path, data)


def parse_record_bytes(path: Path, data: bytes) -> dict[str, Any]:
    """The validated record in ``data``, the bytes of the record file ``path``.

    What :func:`read_record_file` does once the file is read: the render cache hashes a file's
    bytes and renders the record from those same bytes (never a later version of the file).
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LibraryError(f"{path}: not UTF-8 text") from exc
    if "\r" in text:  # as Path.read_text reads it: universal newlines
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if has_conflict_markers(text):
        raise LibraryError(
            f"{path}: holds git conflict markers; resolve the merge first"
            " (archcite check names the fields)"
        )
    if not text.strip():
        raise LibraryError(f"{path}: is empty")
    try:
        record = jsontext.loads(text)
    except jsontext.JSONTextError as exc:
        raise LibraryError(f"{path}: {exc}") from exc
    try:
        validate_record(record)
    except RecordError as exc:
        raise LibraryError(f"{path}: {exc}") from exc
    if record["id"] != path.stem:
        raise LibraryError(f"{path}: its id {record['id']!r} does not match the file name")
    return record


class _CaseInsensitiveKeys:
    """The keys a library holds, compared without case.

    On Windows and macOS ``Smith1990.json`` and ``smith1990.json`` are one file, so a new key
    must differ from every existing one in more than case, or one record would overwrite another.
    """

    def __init__(self, keys: list[str]) -> None:
        self._folded = {k.casefold() for k in keys}

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.casefold() in self._folded


@dataclass
class Library:
    """A folder of records."""

    root: Path
    registry: ArchiveRegistry
    # Files skipped by records_safely(), by path; the CLI warns once per file after a command.
    skipped: dict[Path, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def cache_dir(self) -> Path:
        """Where derived, disposable data (index, rendered-string cache) is kept."""
        return self.root / CACHE_DIR

    def exists(self) -> bool:
        """True when the folder exists."""
        return self.root.is_dir()

    def record_paths(self) -> list[Path]:
        """Every record file, sorted by key (temporary and hidden files are not records)."""
        if not self.root.is_dir():
            return []
        try:
            return sorted(
                p for p in self.root.iterdir()
                if p.suffix == RECORD_SUFFIX and not p.name.startswith(".")
                and not is_temp_file(p) and p.is_file()
            )
        except OSError as exc:
            raise LibraryError(
                f"cannot read the library {self.root}: {describe_os_error(exc)}"
            ) from exc

    def keys(self) -> list[str]:
        """Every key in the library, sorted."""
        return [p.stem for p in self.record_paths()]

    def path_for(self, key: str) -> Path:
        """The file of ``key``; refuses keys that could name a path outside the library.

        Two guards: the key must be a safe key (:func:`is_safe_key`: no separators, no dots
        first, no NUL, no Windows device names, at most 100 characters), and the path it makes
        must still be a direct child of the library folder.
        """
        if not is_safe_key(key):
            raise LibraryError(f"{_short(key)} is not a citation key")
        path = self.root / f"{key}{RECORD_SUFFIX}"
        if path.parent != self.root or path.name != f"{key}{RECORD_SUFFIX}":
            raise LibraryError(f"{_short(key)} is not a citation key")
        return path

    def suggest(self, key: str) -> str:
        """`` (did you mean a, b?)`` for a key the library lacks, or ``""``."""
        keys = self.keys()
        by_fold = {k.casefold(): k for k in keys}
        close = [by_fold[key.casefold()]] if key.casefold() in by_fold else []
        close += difflib.get_close_matches(key, keys, n=3, cutoff=0.6)
        close += [k for k in keys if len(key) >= 4 and k.startswith(key)]
        unique = list(dict.fromkeys(close))[:3]
        return f" (did you mean {', '.join(unique)}?)" if unique else ""

    def get(self, key: str) -> dict[str, Any]:
        """The record of ``key``; a missing key says which keys are close."""
        path = self.path_for(key) if is_safe_key(key) else None
        if path is None or not path.is_file():
            raise KeyNotFoundError(f"no record {_short(key)} in {self.root}{self.suggest(key)}")
        return read_record_file(path)

    def records(self) -> Iterator[dict[str, Any]]:
        """Every record, sorted by key; a bad file stops with its name and the reason.

        For commands that need every record (export of the whole library). Commands that can
        work without a bad record use :meth:`records_safely`.
        """
        for path in self.record_paths():
            try:
                record = read_record_file(path)
            except LibraryError:
                if not path.exists():
                    continue  # removed by another process after the listing: not a problem
                raise
            yield record

    def iter_records_safely(self, problems: list[Problem] | None = None
                            ) -> Iterator[dict[str, Any]]:
        """Every valid record, sorted by key; bad files are skipped, not fatal.

        Each skipped file is appended to ``problems`` (when given) as ``(path, reason)`` and
        remembered in :attr:`skipped`, so the CLI can warn once per file after the command.
        A file whose name is not a safe key is skipped the same way.
        """
        for path in self.record_paths():
            try:
                if not is_safe_key(path.stem):
                    raise LibraryError(f"{path}: the file name is not a valid citation key")
                record = read_record_file(path)
            except LibraryError as exc:
                if not path.exists():
                    continue  # removed by another process after the listing: not a problem
                problem = Problem(path, str(exc))
                self.skipped[path] = problem.reason
                if problems is not None:
                    problems.append(problem)
                continue
            yield record

    def records_safely(self) -> tuple[list[dict[str, Any]], list[Problem]]:
        """(valid records, problems): every record that can be read, and why the rest cannot."""
        problems: list[Problem] = []
        records = list(self.iter_records_safely(problems))
        return records, problems

    def remember_skipped(self, line: str) -> None:
        """Note a record file the index skipped (``"<path>: <reason>"``) for the CLI's warning."""
        self.skipped[Path(line.partition(": ")[0])] = line

    def find_duplicate(self, record: dict[str, Any]) -> str | None:
        """The key of a record for the same document (by identity, found by Record ID or URL).

        Asked of the index (brought up to date first, so a record file added a moment ago by
        hand counts), not by reading every record: one add to a library of 100,000 records
        must not cost 100,000 reads. Unreadable record files are skipped (and remembered in
        :attr:`skipped`): a corrupt file must not stop the user from adding other documents.
        """
        number = str(record.get("number") or "")
        url = str(record.get("URL") or "")
        if not number and not url:
            return None
        from archcite.library.stats import record_names

        if not self.root.is_dir() or not record_names(self.root):
            return None  # nothing to compare with (and no index made in an empty folder)
        from archcite.library.index import open_index

        own = str(record["id"]) if "id" in record else None
        with open_index(self, self.remember_skipped) as index:
            rows = index.conn.execute(
                "SELECT key FROM records WHERE (? != '' AND number = ?) OR (? != '' AND url = ?)"
                " ORDER BY key", (number, number, url, url)).fetchall()
        # The index finds candidates; only a shared identity (the same Wilson Center Record
        # ID, DOI, ISBN with title, or holdings with date and parties) makes them one
        # document: a shared generic URL or CSL number alone is a coincidence.
        from archcite.model.identity import identities

        mine = set(identities(record))
        for (key,) in rows:
            if key == own or not mine:
                continue
            try:
                theirs = set(identities(self.get(str(key))))
            except LibraryError:
                continue  # a damaged candidate is no proof of anything
            if mine & theirs:
                return str(key)
        return None

    def prepare(self, record: dict[str, Any]) -> dict[str, Any]:
        """Derive the flat CSL archive fields and validate: what :meth:`write` would store."""
        validate_record(record)  # first: derivation must only ever see well-formed data
        record = derive_archive_fields(dict(record), self.registry)
        validate_record(record)
        return record

    def add(self, record: dict[str, Any], *, update: bool = False) -> tuple[str, bool]:
        """Store a new document; returns (key, changed).

        A document the library already holds (same Record ID or URL) is left unchanged unless
        ``update`` is set, in which case it is rewritten under its existing key.
        """
        if not isinstance(record, dict):
            raise RecordError("a record must be a JSON object")
        # Validate everything but the id before anything else: key making and duplicate search
        # read the record's fields and must not trip over malformed ones.
        self.prepare({**record, "id": "record"})
        self._ensure_root()
        with library_lock(self.root):
            existing = self.find_duplicate({k: v for k, v in record.items() if k != "id"})
            taken = _CaseInsensitiveKeys(self.keys())
            if existing is not None:
                if not update:
                    raise DuplicateRecordError(
                        f"the library already holds this document as {existing}"
                        " (use --update to replace it)",
                        existing,
                    )
                with contextlib.suppress(LibraryError):  # a damaged old file has nothing to keep
                    record = keep_user_fields(self.get(existing), record)
                record = {**record, "id": existing}
            elif not is_safe_key(record.get("id")) or record["id"] in taken:
                # No id, an id that is taken, or one from imported data that is not safe as a
                # file name (../x, /tmp/x, con, NUL, 300 characters): a fresh key, not a failure.
                record = {**record, "id": unique_key(record, taken)}
            prepared = self.prepare(record)
            path = self.path_for(prepared["id"])
            if (existing is not None and path.is_file()
                    and read_record_file(path) == prepared):
                return prepared["id"], False
            atomic_write_text(path, dumps_record(prepared))
            return prepared["id"], True

    def write(self, record: dict[str, Any]) -> None:
        """Replace (or create) the record file of ``record["id"]`` atomically, after validation."""
        prepared = self.prepare(record)
        path = self.path_for(prepared["id"])
        self._ensure_root()
        with library_lock(self.root):
            atomic_write_text(path, dumps_record(prepared))

    def update(self, key: str, change: Callable[[dict[str, Any]], dict[str, Any] | None]
               ) -> dict[str, Any]:
        """Read, change and write one record under the lock; returns the stored record.

        ``get`` then ``write`` lets two processes that change the same record at once lose one
        change (both read the old version); this does the read inside the lock, so tagging from
        two terminals keeps both tags. ``change`` edits the record in place or returns a new one;
        it must keep the id.
        """
        with library_lock(self.root):
            record = self.get(key)
            changed = change(record)
            if changed is not None:
                record = changed
            if record.get("id") != key:
                raise RecordError(f"{key}: a change may not alter the record's id")
            self.write(record)
            return self.prepare(record)

    def remove(self, key: str) -> None:
        """Delete the record file of ``key``."""
        path = self.path_for(key)
        with library_lock(self.root):
            try:
                path.unlink()
            except FileNotFoundError as exc:
                raise KeyNotFoundError(
                    f"no record {key!r} in {self.root}{self.suggest(key)}"
                ) from exc
            except OSError as exc:
                raise LibraryError(f"cannot remove {path}: {describe_os_error(exc)}") from exc

    def _ensure_root(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(
                f"cannot create the library {self.root}: {describe_os_error(exc)}"
            ) from exc


def _short(value: object, limit: int = 60) -> str:
    """``repr`` cut short: hostile keys can be long or hold control characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
