"""Helpers shared by the safety tests: records to store, and the library's invariants."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from archcite.library.files import is_temp_file
from archcite.library.store import Library, read_record_file
from archcite.model.archives import load_registry
from archcite.model.record import is_safe_key


def make_record(number: int, *, key: str | None = None, abstract: str = "") -> dict[str, Any]:
    """A valid telegram record for Wilson Center id ``number`` (derived fields left out)."""
    record: dict[str, Any] = {
        "type": "personal_communication",
        "title": f"Ciphered telegram number {number}, Filippov to Mao Zedong",
        "author": [{"literal": "Filippov [Stalin]"}],
        "recipient": [{"literal": "Mao Zedong"}],
        "genre": "ciphered telegram",
        "issued": {"date-parts": [[1951, 1 + number % 12, 1 + number % 28]]},
        "URL": f"https://digitalarchive.wilsoncenter.org/document/{number}",
        "source": "History and Public Policy Program Digital Archive",
        "publisher": "Wilson Center",
        "custom": {"record-id": str(number), "holdings": [{"archive": "APRF", "levels": [
            ["fond", "45"], ["opis", "1"], ["delo", str(number % 500)], ["listy", "95-96"]]}]},
    }
    if key is not None:
        record["id"] = key
    if abstract:
        record["abstract"] = abstract
    return record


def open_library(root: Path) -> Library:
    """A Library on ``root`` with the bundled archive registry."""
    return Library(root, load_registry())


def assert_library_valid(root: Path) -> dict[str, dict[str, Any]]:
    """Every record file in ``root`` reads and validates; returns the records by key.

    Also asserts that every record file's name is a safe key and that nothing the library wrote
    lies outside it (no subfolders other than the cache).
    """
    library = open_library(root)
    records: dict[str, dict[str, Any]] = {}
    for path in library.record_paths():
        assert not is_temp_file(path), path
        assert is_safe_key(path.stem), path
        record = read_record_file(path)
        assert record == library.prepare(record), f"{path} is not as prepare() would store it"
        assert path.read_text("utf-8") == _dumped(record)
        records[path.stem] = record
    return records


def _dumped(record: dict[str, Any]) -> str:
    from archcite.model.record import dumps_record

    return dumps_record(record)


def files_under(folder: Path) -> set[str]:
    """Every file path under ``folder`` (relative), for before/after comparisons."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def loads(path: Path) -> Any:
    """The JSON of a file."""
    return json.loads(path.read_text("utf-8"))
