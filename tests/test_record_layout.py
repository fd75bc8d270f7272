"""The record layout of issue 10: ``number`` is the document's own number, the Wilson Record ID
lives in ``custom["record-id"]``, the flat archive fields describe the first holding only, and a
plain letter stores no genre. Records written by archcite 0.1 are read right before any fix, are
reported by ``check`` and upgraded by ``check --fix`` (and by any write)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from archcite.cli import cli
from archcite.library.store import Library
from archcite.model.archives import load_registry
from archcite.model.record import (
    derive_archive_fields,
    document_number,
    legacy_problems,
    upgrade_record,
    wilson_id,
)
from tests.conftest import BUNDLED_LIBRARY

REGISTRY = load_registry()


def old_record(key: str, record_id: str, **extra: Any) -> dict[str, Any]:
    """A record as archcite 0.1 wrote it: the Record ID in ``number``, holdings folded."""
    record: dict[str, Any] = {
        "id": key, "type": "personal_communication", "title": f"Letter, Kim Il Sung to Stalin "
        f"({record_id})", "genre": "letter",
        "author": [{"literal": "Kim Il Sung"}], "recipient": [{"literal": "Stalin"}],
        "issued": {"date-parts": [[1950, 3, 4]]}, "number": record_id,
        "URL": f"https://digitalarchive.wilsoncenter.org/document/{record_id}",
        "archive": "APRF", "archive-place": "Moscow",
        "archive_location": "f. 45, op. 1, d. 346, l. 5; AVPRF, f. 059a, op. 5a, d. 3, l. 9",
        "custom": {"holdings": [
            {"archive": "APRF", "levels": [["fond", "45"], ["opis", "1"], ["delo", "346"],
                                           ["list", "5"]]},
            {"archive": "AVPRF", "levels": [["fond", "059a"], ["opis", "5a"], ["delo", "3"],
                                            ["list", "9"]]}]},
    }
    record.update(extra)
    return record


def write_raw(folder: Path, record: dict[str, Any]) -> None:
    (folder / f"{record['id']}.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")


def test_an_old_record_is_read_right_before_any_fix() -> None:
    record = old_record("kim1950letter", "112130")
    assert wilson_id(record) == "112130"
    assert document_number(record) == ""  # 112130 is the page's id, not the letter's number
    assert legacy_problems(record) and len(legacy_problems(record)) == 2


def test_a_document_number_is_not_mistaken_for_an_old_record_id() -> None:
    record = old_record("kim1950letter", "112130", number="709")
    assert document_number(record) == "709"
    assert wilson_id(record) == "112130"  # from the record's Digital Archive address
    current = {**record, "custom": {**record["custom"], "record-id": "112130"}}
    assert (wilson_id(current), document_number(current)) == ("112130", "709")
    elsewhere = {**record, "URL": "https://example.org/kim-letter"}
    assert (wilson_id(elsewhere), document_number(elsewhere)) == ("", "709")


def test_upgrade_moves_the_id_and_drops_the_letter_genre() -> None:
    upgraded = upgrade_record(old_record("kim1950letter", "112130"))
    assert "number" not in upgraded and "genre" not in upgraded
    assert upgraded["custom"]["record-id"] == "112130"
    assert legacy_problems(upgraded) == []
    # A telegram keeps its genre.
    telegram = upgrade_record(old_record("kim1950telegram", "112131", genre="telegram"))
    assert telegram["genre"] == "telegram"


def test_derived_fields_describe_the_first_holding_only() -> None:
    record = derive_archive_fields(old_record("kim1950letter", "112130"), REGISTRY)
    assert (record["archive"], record["archive-place"], record["archive_location"]) == (
        "APRF", "Moscow", "f. 45, op. 1, d. 346, l. 5")


def test_check_reports_and_fix_upgrades_old_records(tmp_path: Path, runner: CliRunner) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    write_raw(folder, old_record("kim1950letter", "112130"))
    result = runner.invoke(cli, ["--library", str(folder), "check", "--json"])
    found = {(p["check"], p["fields"][0]) for p in json.loads(result.stdout)["problems"]}
    assert {("layout-0.1", "number"), ("layout-0.1", "genre"),
            ("derived-fields", "archive_location")} <= found
    result = runner.invoke(cli, ["--library", str(folder), "check", "--fix"])
    assert result.exit_code == 0, result.output
    stored = json.loads((folder / "kim1950letter.json").read_text("utf-8"))
    assert stored["custom"]["record-id"] == "112130"
    assert "number" not in stored and "genre" not in stored
    assert stored["archive_location"] == "f. 45, op. 1, d. 346, l. 5"
    result = runner.invoke(cli, ["--library", str(folder), "check", "--json"])
    assert json.loads(result.stdout)["ok"]


def test_duplicates_are_found_by_the_record_id_in_either_place(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    write_raw(folder, old_record("kim1950letter", "112130"))
    library = Library(folder, REGISTRY)
    new = upgrade_record(old_record("other", "112130"))
    del new["id"]
    new["URL"] = "https://digitalarchive.wilsoncenter.org/document/kim-letter-slug"
    assert library.find_duplicate(new) == "kim1950letter"
    new["custom"]["record-id"] = "999999"
    assert library.find_duplicate(new) is None


def test_queries_id_and_number_find_different_things(tmp_path: Path, runner: CliRunner) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    write_raw(folder, old_record("kim1950letter", "112130"))
    telegram = upgrade_record(old_record("shtykov1950telegram", "112131", genre="telegram"))
    telegram["number"] = "112130"  # its own number happens to equal the other's record id
    write_raw(folder, telegram)

    def keys(query: str) -> list[str]:
        result = runner.invoke(cli, ["--library", str(folder), "search", query, "--json"])
        assert result.exit_code == 0, result.output
        return sorted(row["key"] for row in json.loads(result.stdout))

    assert keys("id:112130") == ["kim1950letter"]
    assert keys("id:112131") == ["shtykov1950telegram"]
    assert keys("number:112130") == ["shtykov1950telegram"]


def test_the_bundled_library_is_in_the_current_layout() -> None:
    for path in BUNDLED_LIBRARY.glob("*.json"):
        record = json.loads(path.read_text("utf-8"))
        assert legacy_problems(record) == [], path.name
        assert derive_archive_fields(json.loads(json.dumps(record)), REGISTRY) == record
    seed = json.loads((BUNDLED_LIBRARY / "filippov1951ciphered.json").read_text("utf-8"))
    assert seed["custom"]["record-id"] == "110374" and "number" not in seed


def test_csl_json_export_of_an_old_record_is_in_the_current_layout(tmp_path: Path,
                                                                    runner: CliRunner) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    write_raw(folder, old_record("kim1950letter", "112130"))
    out = tmp_path / "refs.json"
    result = runner.invoke(cli, ["--library", str(folder), "export", "--format", "csl-json",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    [item] = json.loads(out.read_text("utf-8"))
    assert "number" not in item and "genre" not in item
    assert item["custom"]["record-id"] == "112130"
    assert item["archive_location"] == "f. 45, op. 1, d. 346, l. 5"
    # the file itself is untouched until check --fix
    assert json.loads((folder / "kim1950letter.json").read_text("utf-8"))["number"] == "112130"
