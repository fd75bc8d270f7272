"""Inputs the fuzzers found that once crashed or stored a bad record: each now ends in one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archcite.errors import ArchciteError, ExportError, LibraryError, RecordError
from archcite.formats.importing import import_file
from archcite.library.checks import run_checks
from archcite.model.record import issued_parts
from archcite.sources.load import load_citation
from tests.helpers import open_library

SEED = "filippov1951ciphered"


@pytest.mark.parametrize(("text", "message"), [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('[{"type": "book", "title": "x", "custom": {"d": ' + "[" * 500 + "]" * 500 + "}}]",
     "nested more than 32 levels"),
    ('[{"type": "book", "title": "x", "number": ' + "9" * 5000 + "}]", "number too long"),
    ('[{"type": "book", "title": "x", "issued": {"date-parts": [[1e400]]}}]',
     "date parts must be numbers"),
])
def test_hostile_csl_json(text: str, message: str, seed_library: Path, tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(text, "utf-8")
    with pytest.raises(ExportError, match=message):
        import_file(open_library(seed_library), path, strict=True)
    # only the record (and the disposable index the duplicate check may have built)
    assert [p.name for p in seed_library.iterdir() if p.name != ".archcite"] == [f"{SEED}.json"]
    # Without --strict a bad item is skipped with the same reason; a bad file still stops.
    try:
        results = import_file(open_library(seed_library), path)
    except ExportError as exc:
        assert re.search(message, str(exc))
    else:
        assert [r.status for r in results] == ["skipped"]
        assert re.search(message, results[0].reason)
    assert [p.name for p in seed_library.iterdir() if p.name != ".archcite"] == [f"{SEED}.json"]


def test_hostile_bib_year_and_x_archcite(seed_library: Path, tmp_path: Path) -> None:
    path = tmp_path / "in.bib"
    path.write_text("@misc{k1, title = {x}, year = {" + "9" * 5000 + "}}\n", "utf-8")
    [result] = import_file(open_library(seed_library), path)  # the year is not a date: dropped
    assert "9999" not in result.key
    path.write_text("@misc{k2, title = {y}, x-archcite = {" + "[" * 5000 + "]" * 5000 + "}}",
                    "utf-8")
    with pytest.raises(ExportError, match="x-archcite"):
        import_file(open_library(seed_library), path, strict=True)
    [skipped] = import_file(open_library(seed_library), path)
    assert skipped.status == "skipped" and "x-archcite" in skipped.reason


@pytest.mark.parametrize("text", ["[" * 100_000, '{"id": ' + "9" * 5000 + "}"])
def test_hostile_record_file_is_skipped_and_reported(text: str, seed_library: Path) -> None:
    (seed_library / "hostile1950.json").write_text(text, "utf-8")
    library = open_library(seed_library)
    records, problems = library.records_safely()
    assert [r["id"] for r in records] == [SEED] and len(problems) == 1
    with pytest.raises(LibraryError, match=r"hostile1950\.json"):
        library.get("hostile1950")
    report = run_checks(library)
    assert [f.path for f in report.problems] == ["hostile1950.json"]


def test_issued_parts_of_unvalidated_data() -> None:
    assert issued_parts({"issued": {"date-parts": [[float("inf")]]}}) == []
    assert issued_parts({"issued": {"date-parts": {"a": 1}}}) == []


def test_citation_with_an_empty_source_makes_no_empty_holding() -> None:
    from archcite.model.archives import load_registry

    text = ("“Telegram, Filippov to Mao,” June 30, 1951, History and Public Policy Program "
            "Digital Archive, . https://digitalarchive.wilsoncenter.org/document/1")
    record = load_citation(text, load_registry()).record
    assert "holdings" not in record["custom"]
    try:
        open_library(Path("/nonexistent")).prepare({**record, "id": "x1951"})
    except (RecordError, ArchciteError) as exc:  # pragma: no cover - the bug this guards
        pytest.fail(str(exc))
