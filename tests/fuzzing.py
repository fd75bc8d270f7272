"""Fuzz harness: feed random and mutated input to an importer and check the library after.

A target is one line in :data:`FUZZ_TARGETS`: a name → a function ``(data, library) -> None``
that imports ``data`` into ``library`` (the lead adds the page, citation, .bib and CSL-JSON
importers here after merging). :func:`run_target` calls it and enforces the contract: the only
exceptions are archcite's own (RecordError, LibraryError, SourceError, …), and afterwards every
file in the library is a whole, valid record inside the library, with no temporary file left.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from archcite.errors import ArchciteError
from archcite.library.store import Library
from archcite.model.record import validate_record
from tests.safety_helpers import assert_library_valid, files_under

Target = Callable[[Any, Library], None]


def _validate_then_add(data: Any, library: Library) -> None:
    validate_record(data)
    library.add(data)


def _add(data: Any, library: Library) -> None:
    library.add(data)


def _add_update(data: Any, library: Library) -> None:
    library.add(data, update=True)


def _write(data: Any, library: Library) -> None:
    library.write(data)


def _json_text_add(data: Any, library: Library) -> None:
    # A CSL-JSON file's text, as an importer would parse it (the real importer replaces this).
    try:
        parsed = json.loads(json.dumps(data))
    except (TypeError, ValueError) as exc:  # pragma: no cover - data is JSON-shaped
        raise AssertionError(exc) from exc
    library.add(parsed)


FUZZ_TARGETS: dict[str, Target] = {
    "validate+add": _validate_then_add,
    "add": _add,
    "add --update": _add_update,
    "write": _write,
    "csl-json text": _json_text_add,
}


def run_target(name: str, data: Any, library: Library) -> None:
    """Run one target on ``data``; assert the library is whole and inside its folder after."""
    outside_before = files_under(library.root.parent) - _inside(library)
    try:
        FUZZ_TARGETS[name](data, library)
    except ArchciteError as exc:  # a one-line error the user can act on: allowed
        assert "\n" not in str(exc) and len(str(exc)) < 2000
    assert_library_valid(library.root)
    assert files_under(library.root.parent) - _inside(library) == outside_before


def _inside(library: Library) -> set[str]:
    name = library.root.name
    return {p for p in files_under(library.root.parent) if p.split("/", 1)[0] == name}


# -- strategies ------------------------------------------------------------------------------

SEED_RECORD: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parent.parent / "library" / "filippov1951ciphered.json")
    .read_text("utf-8")
)

_HOSTILE_TEXT = st.sampled_from([
    "../../evil", "/tmp/x", "con", "NUL", "com1", "a\x00b", "x" * 300, ".hidden", "key\n",
    "", " ", "ключ", "a:b", "<<<<<<< HEAD", "\ud800", "9" * 50,
])
_TEXT = st.one_of(st.text(max_size=30), _HOSTILE_TEXT)
_JSON_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                         _TEXT)
JSON_VALUES = st.recursive(
    _JSON_SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(_TEXT, inner, max_size=4)),
    max_leaves=12,
)
_FIELDS = sorted(set(SEED_RECORD) | {"custom", "issued", "id", "type", "number", "URL",
                                     "note", "categories", "page", "accessed"})


@st.composite
def mutated_records(draw: st.DrawFn) -> Any:
    """The seed record with fields removed, replaced by random JSON, or nested parts broken."""
    record: dict[str, Any] = json.loads(json.dumps(SEED_RECORD))
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["drop", "set", "hostile-id", "holding", "date", "extra"]))
        field = draw(st.sampled_from(_FIELDS))
        if action == "drop":
            record.pop(field, None)
        elif action == "set":
            record[field] = draw(JSON_VALUES)
        elif action == "hostile-id":
            record["id"] = draw(_HOSTILE_TEXT)
        elif action == "holding":
            record.setdefault("custom", {})
            if isinstance(record["custom"], dict):
                record["custom"]["holdings"] = draw(st.one_of(
                    JSON_VALUES,
                    st.lists(st.fixed_dictionaries({
                        "archive": _TEXT,
                        "levels": st.lists(st.lists(_TEXT, max_size=3), max_size=3),
                    }), max_size=2),
                ))
        elif action == "date":
            record["issued"] = {"date-parts": draw(st.lists(
                st.lists(st.one_of(st.integers(-5, 99999), _TEXT), max_size=4), max_size=3))}
        else:
            record[draw(_TEXT)] = draw(JSON_VALUES)
    record["number"] = draw(st.one_of(st.just(record.get("number")),
                                      st.integers(0, 10**6).map(str)))
    return record


ANY_INPUT = st.one_of(mutated_records(), JSON_VALUES)
