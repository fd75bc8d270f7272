"""Query fields as objects: every field name has a handler that builds its own clause.

Runs every field of the table against a real index of a few records, so a handler whose SQL
does not fit the index, or that finds the wrong records, fails here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archcite.library.index import open_index
from archcite.library.query import FIELDS, Field, LevelField, TextField, compile_query, parse_query
from archcite.library.store import Library
from archcite.model.archives import load_registry

HOSTILE = "x'); DROP TABLE records; --"


def _record(key: str, **extra: Any) -> dict[str, Any]:
    return {"id": key, "type": "document", "title": f"Report {key}", **extra}


@pytest.fixture
def index_library(tmp_path: Path) -> Library:
    library = Library(tmp_path / "lib", load_registry())
    library.add(_record(
        "a1950", issued={"date-parts": [[1950, 6, 1]]}, language="ru", genre="ciphered telegram",
        author=[{"family": "Stalin", "given": "Joseph"}], recipient=[{"literal": "Mao Zedong"}],
        custom={"holdings": [{"archive": "AP RF", "levels": [["fond", "45"], ["opis", "1"],
                                                               ["listy", "95-96"]]}],
                "tags": ["Korea"]}))
    library.add(_record(
        "b1962", issued={"date-parts": [[1962]]}, language="hu",
        custom={"holdings": [{"archive": "MOL", "reference": "XIX-J-1-j, 4. doboz"}]}))
    return library


def test_every_field_name_has_a_handler_and_parameterises_user_text() -> None:
    registry = load_registry()
    for name, kind in FIELDS.items():
        assert isinstance(kind, Field), name
        value = "1950" if name == "year" else HOSTILE
        sql, params = compile_query(parse_query(f'{name}:"{value}"'), registry)
        assert HOSTILE not in sql and "DROP" not in sql, name
        assert sql.count("?") == len(params), name


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("archive:APRF", ["a1950"]), ("archive:mol", ["b1962"]),
        ("fond:45", ["a1950"]), ("list:95–96", ["a1950"]), ("opis:2", []),
        ("year:1950", ["a1950"]), ("year:1951..", ["b1962"]), ("year:..1949", []),
        ("type:telegram", ["a1950"]), ("type:document", ["a1950", "b1962"]),
        ("tag:korea", ["a1950"]), ("key:b*", ["b1962"]), ("key:a1950", ["a1950"]),
        ("author:stalin", ["a1950"]), ("recipient:mao", ["a1950"]), ("name:mao", ["a1950"]),
        ("title:report", ["a1950", "b1962"]), ("-archive:APRF", ["b1962"]),
        ("archive:APRF OR archive:MOL", ["a1950", "b1962"]),
    ],
)
def test_each_kind_of_field_finds_its_records(index_library: Library, query: str,
                                              keys: list[str]) -> None:
    with open_index(index_library) as index:
        assert sorted(index.keys(query, sort="key")) == keys


def test_a_new_field_is_one_table_entry() -> None:
    registry = load_registry()
    # the handlers are plain objects: the same kind serves several names
    assert FIELDS["sender"] == FIELDS["author"] == TextField(("author",))
    assert FIELDS["list"] is FIELDS["listy"] and isinstance(FIELDS["list"], LevelField)
    sql, params = LevelField(("delo",)).clause("delo", "3 39", False, registry)
    assert params == ["delo", "339"] and sql.count("?") == 2
