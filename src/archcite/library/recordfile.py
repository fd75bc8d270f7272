"""One record file: where it is, how its bytes become a validated record.

Below both the store (:mod:`archcite.library.store`) and the index
(:mod:`archcite.library.index`), so each reads record files the same way without importing
the other. The file-name constants come from :mod:`archcite.library.freshness`, which must stay
free of everything but the standard library (the click-free start-up imports it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from archcite.errors import LibraryError, RecordError
from archcite.library.files import describe_os_error
from archcite.library.freshness import CACHE_DIR, RECORD_SUFFIX
from archcite.model import jsontext
from archcite.model.record import validate_record

__all__ = ["CACHE_DIR", "RECORD_SUFFIX", "Problem", "has_conflict_markers",
           "parse_record_bytes", "read_record_file"]


class Problem(NamedTuple):
    """A record file that cannot be used, and why (one line)."""

    path: Path
    reason: str


def has_conflict_markers(text: str) -> bool:
    """True when ``text`` holds a git conflict block (a line starting ``<<<<<<<``)."""
    # The substring test first: a record without it (every record, nearly) is not split.
    return "<<<<<<<" in text and any(line.startswith("<<<<<<<") for line in text.splitlines())


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
