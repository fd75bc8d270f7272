"""The record store: ``<key>.json`` files in one folder, read and written safely.

The files are the single source of truth; anything derived (indexes, caches) lives in the
library's ``.archcite/`` folder and can be deleted at any time.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archcite.errors import (
    DuplicateRecordError,
    KeyNotFoundError,
    LibraryError,
    RecordError,
)
from archcite.library.files import atomic_write_text, library_lock
from archcite.model.archives import ArchiveRegistry
from archcite.model.keys import unique_key
from archcite.model.record import KEY_PATTERN, derive_archive_fields, dumps_record, validate_record

RECORD_SUFFIX = ".json"
CACHE_DIR = ".archcite"


def read_record_file(path: Path) -> dict[str, Any]:
    """Read and validate one record file; errors name the file and say what is wrong."""
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise LibraryError(f"{path}: not UTF-8 text") from exc
    except OSError as exc:
        raise LibraryError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if "\n<<<<<<< " in "\n" + text:
        raise LibraryError(f"{path}: holds git conflict markers; resolve the merge first")
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LibraryError(f"{path}: broken JSON at line {exc.lineno}: {exc.msg}") from exc
    try:
        validate_record(record)
    except RecordError as exc:
        raise LibraryError(f"{path}: {exc}") from exc
    if record["id"] != path.stem:
        raise LibraryError(f"{path}: its id {record['id']!r} does not match the file name")
    return record


@dataclass
class Library:
    """A folder of records."""

    root: Path
    registry: ArchiveRegistry

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
                if p.suffix == RECORD_SUFFIX and not p.name.startswith(".") and p.is_file()
            )
        except OSError as exc:
            raise LibraryError(f"cannot read the library {self.root}: {exc.strerror}") from exc

    def keys(self) -> list[str]:
        """Every key in the library, sorted."""
        return [p.stem for p in self.record_paths()]

    def path_for(self, key: str) -> Path:
        """The file of ``key``; refuses keys that could name a path outside the library."""
        if not KEY_PATTERN.match(key):
            raise LibraryError(f"{key!r} is not a citation key")
        return self.root / f"{key}{RECORD_SUFFIX}"

    def get(self, key: str) -> dict[str, Any]:
        """The record of ``key``; a missing key says which keys are close."""
        path = self.path_for(key) if KEY_PATTERN.match(key) else None
        if path is None or not path.is_file():
            close = difflib.get_close_matches(key, self.keys(), n=3, cutoff=0.6)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise KeyNotFoundError(f"no record {key!r} in {self.root}{hint}")
        return read_record_file(path)

    def records(self) -> Iterator[dict[str, Any]]:
        """Every record, sorted by key; a bad file stops with its name and the reason."""
        for path in self.record_paths():
            yield read_record_file(path)

    def find_duplicate(self, record: dict[str, Any]) -> str | None:
        """The key of a record for the same document (same Record ID or same URL), if any."""
        number = str(record.get("number") or "")
        url = record.get("URL") or ""
        if not number and not url:
            return None
        for other in self.records():
            if other["id"] == record.get("id") and "id" in record:
                continue
            if (number and str(other.get("number") or "") == number) or (
                url and other.get("URL") == url
            ):
                return str(other["id"])
        return None

    def prepare(self, record: dict[str, Any]) -> dict[str, Any]:
        """Derive the flat CSL archive fields and validate: what :meth:`write` would store."""
        record = derive_archive_fields(dict(record), self.registry)
        validate_record(record)
        return record

    def add(self, record: dict[str, Any], *, update: bool = False) -> tuple[str, bool]:
        """Store a new document; returns (key, changed).

        A document the library already holds (same Record ID or URL) is left unchanged unless
        ``update`` is set, in which case it is rewritten under its existing key.
        """
        self._ensure_root()
        with library_lock(self.root):
            existing = self.find_duplicate({k: v for k, v in record.items() if k != "id"})
            if existing is not None:
                if not update:
                    raise DuplicateRecordError(
                        f"the library already holds this document as {existing}"
                        " (use --update to replace it)",
                        existing,
                    )
                record = {**record, "id": existing}
            elif not record.get("id"):
                record = {**record, "id": unique_key(record, set(self.keys()))}
            elif self.path_for(record["id"]).exists():
                record = {**record, "id": unique_key(record, set(self.keys()))}
            prepared = self.prepare(record)
            path = self.path_for(prepared["id"])
            if existing is not None and path.is_file():
                if read_record_file(path) == prepared:
                    return prepared["id"], False
            atomic_write_text(path, dumps_record(prepared))
            return prepared["id"], True

    def write(self, record: dict[str, Any]) -> None:
        """Replace (or create) the record file of ``record["id"]`` atomically, after validation."""
        prepared = self.prepare(record)
        self._ensure_root()
        with library_lock(self.root):
            atomic_write_text(self.path_for(prepared["id"]), dumps_record(prepared))

    def remove(self, key: str) -> None:
        """Delete the record file of ``key``."""
        path = self.path_for(key)
        with library_lock(self.root):
            try:
                path.unlink()
            except FileNotFoundError as exc:
                raise KeyNotFoundError(f"no record {key!r} in {self.root}") from exc
            except OSError as exc:
                raise LibraryError(f"cannot remove {path}: {exc.strerror}") from exc

    def _ensure_root(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"cannot create the library {self.root}: {exc.strerror}") from exc
