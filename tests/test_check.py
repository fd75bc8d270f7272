"""``archcite check``: what it finds, how it reports it, and what ``--fix`` repairs."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from click.testing import CliRunner

from archcite.cli import cli
from archcite.library.checks import CHECKS, conflict_blocks, run_checks
from archcite.library.files import LOCK_NAME
from tests.helpers import assert_library_valid, numbered_record, open_library, snapshot

SEED = "filippov1951ciphered"


def _check(runner: CliRunner, library: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["--library", str(library), "check", *args])
    return result.exit_code, result.stdout, result.stderr


def _json(runner: CliRunner, library: Path, *args: str) -> dict:
    code, out, _err = _check(runner, library, "--json", *args)
    data = json.loads(out)
    assert code == (0 if data["ok"] else 1)
    return data


def test_clean_library_passes(runner: CliRunner, seed_library: Path) -> None:
    code, out, err = _check(runner, seed_library)
    assert code == 0, err
    assert "1 record file checked, no problems" in out
    data = _json(runner, seed_library)
    assert data == {"library": str(seed_library), "records": 1, "ok": True,
                    "problems": [], "fixed": []}


def test_registry_lists_every_check() -> None:
    assert list(CHECKS)[:3] == ["readable", "conflicts", "json"]
    assert {"schema", "duplicates", "derived-fields", "temp-files", "index",
            "key-matches-file", "keys-unique", "file-name", "stale-lock"} <= set(CHECKS)


CONFLICTED = """{
  "URL": "https://digitalarchive.wilsoncenter.org/document/110374",
  "custom": {
    "holdings": [
      {
        "archive": "APRF",
        "levels": [
<<<<<<< HEAD
          ["fond", "45"],
=======
          ["fond", "46"],
>>>>>>> other
          ["opis", "1"]
        ]
      }
    ],
<<<<<<< HEAD
    "tags": ["korea"]
=======
    "tags": ["armistice"]
>>>>>>> other
  },
  "id": "filippov1951ciphered",
<<<<<<< HEAD
  "title": "Ciphered telegram, Filippov (Stalin) to Mao Zedong",
  "type": "personal_communication"
=======
  "title": "Telegram, Filippov to Mao",
  "type": "personal_communication"
>>>>>>> other
}
"""


def test_conflict_blocks_name_the_fields() -> None:
    blocks = conflict_blocks(CONFLICTED)
    assert [b.fields for b in blocks] == [
        ["custom.holdings.levels"], ["custom.tags"], ["title", "type"],
    ]
    assert (blocks[0].start, blocks[0].end) == (8, 12)


def test_conflict_markers_reported_by_record_and_field(runner: CliRunner,
                                                       seed_library: Path) -> None:
    (seed_library / f"{SEED}.json").write_text(CONFLICTED, "utf-8")
    before = snapshot(seed_library)
    data = _json(runner, seed_library)
    assert not data["ok"]
    conflicts = [p for p in data["problems"] if p["check"] == "conflicts"]
    assert [p["fields"] for p in conflicts] == [
        ["custom.holdings.levels"], ["custom.tags"], ["title", "type"]]
    assert all(p["key"] == SEED and p["path"] == f"{SEED}.json" for p in conflicts)
    assert "unresolved git merge in filippov1951ciphered, lines 17–21" in conflicts[1]["message"]
    # no other check trips over the file, and nothing is "fixed"
    assert {p["check"] for p in data["problems"]} == {"conflicts"}
    code, out, _ = _check(runner, seed_library, "--fix")
    assert code == 1 and "custom.tags" in out
    assert snapshot(seed_library) == before
    # other commands treat the record as invalid, not crash
    library = open_library(seed_library)
    records, problems = library.records_safely()
    assert records == [] and "conflict markers" in problems[0].reason


def test_truncated_json(runner: CliRunner, seed_library: Path) -> None:
    path = seed_library / f"{SEED}.json"
    path.write_text(path.read_text("utf-8")[:300], "utf-8")
    data = _json(runner, seed_library)
    [problem] = data["problems"]
    assert problem["check"] == "json" and "truncated" in problem["message"]
    code, out, err = _check(runner, seed_library)
    assert code == 1 and "broken JSON" in out and err == ""


def test_schema_and_own_rules(runner: CliRunner, library_dir: Path) -> None:
    library = open_library(library_dir)
    library.add(numbered_record(1, key="good1951one"))
    bad_date = library.prepare(numbered_record(2, key="baddate1951"))
    bad_date["issued"] = {"date-parts": [[1951, 2, 30]]}
    (library_dir / "baddate1951.json").write_text(json.dumps(bad_date), "utf-8")
    other_id = library.prepare(numbered_record(3, key="someother1951"))
    (library_dir / "renamed1951.json").write_text(json.dumps(other_id), "utf-8")
    dup = library.prepare(numbered_record(1, key="dup1951one"))
    (library_dir / "dup1951one.json").write_text(json.dumps(dup), "utf-8")
    (library_dir / "con.json").write_text("{}", "utf-8")
    data = _json(runner, library_dir)
    by_check: dict[str, list[dict]] = {}
    for p in data["problems"]:
        by_check.setdefault(p["check"], []).append(p)
    assert "not a real date" in by_check["schema"][0]["message"]
    assert by_check["schema"][0]["fields"] == ["issued"]
    assert by_check["key-matches-file"][0]["path"] == "renamed1951.json"
    assert {p["key"] for p in by_check["duplicates"]} == {"good1951one", "dup1951one"}
    # one document by its Wilson Center Record ID (in its URL); a shared CSL number alone is
    # no identity (issue 11), so only the URL names the duplicate
    assert {p["fields"][0] for p in by_check["duplicates"]} == {"URL"}
    assert by_check["file-name"][0]["path"] == "con.json"
    assert not any(p["fixable"] for p in data["problems"])


def test_fix_rederives_fields_and_removes_index_temp_files_and_stale_lock(
        runner: CliRunner, seed_library: Path) -> None:
    path = seed_library / f"{SEED}.json"
    record = json.loads(path.read_text("utf-8"))
    record["archive_location"] = "f. 45, op. 1, d. 339 (edited by hand)"
    del record["archive-place"]
    path.write_text(json.dumps(record), "utf-8")
    (seed_library / ".tmp-abc123.part").write_text('{"id": "half', "utf-8")
    cache = seed_library / ".archcite"
    cache.mkdir()
    (cache / "index.json").write_text(json.dumps({"keys": [SEED, "removed1950"]}), "utf-8")
    (cache / "fetched-page.html").write_text("<html></html>", "utf-8")  # not an index: kept
    (seed_library / LOCK_NAME).write_text("999999999 " + os.uname().nodename, "utf-8")

    data = _json(runner, seed_library)
    checks = sorted(p["check"] for p in data["problems"])
    assert checks == ["derived-fields", "index", "stale-lock", "temp-files"]
    derived = next(p for p in data["problems"] if p["check"] == "derived-fields")
    assert derived["fields"] == ["archive-place", "archive_location"]
    assert all(p["fixable"] for p in data["problems"])

    code, out, err = _check(runner, seed_library, "--fix")
    assert code == 0, out + err
    assert "fixed" in out and "re-derived the archive fields" in out
    assert not (cache / "index.json").exists()
    assert (cache / "fetched-page.html").exists()
    assert not list(seed_library.glob(".tmp-*"))
    assert not (seed_library / LOCK_NAME).exists()
    records = assert_library_valid(seed_library)
    # the first holding in archive_location, further ones in division (issue 10)
    assert records[SEED]["archive_location"] == "f. 45, op. 1, d. 339, ll. 95–96"
    assert records[SEED]["division"].startswith("AVPRF, f. 059a")
    assert records[SEED]["archive-place"] == "Moscow"
    assert _json(runner, seed_library)["ok"]


def test_fix_json_reports_what_it_did(runner: CliRunner, seed_library: Path) -> None:
    (seed_library / ".tmp-zzz.part").write_text("x", "utf-8")
    data = _json(runner, seed_library, "--fix")
    assert data["ok"] and data["problems"] == []
    [fixed] = data["fixed"]
    assert fixed["check"] == "temp-files" and fixed["fixed"].startswith("removed")


def test_stale_index_by_time(seed_library: Path) -> None:
    cache = seed_library / ".archcite"
    cache.mkdir()
    index = cache / "index.db"  # not the SQLite index: judged by its time
    index.write_bytes(b"an index of some other tool")
    old = time.time() - 3600
    os.utime(index, (old, old))
    for record in seed_library.glob("*.json"):  # changed after the index (copies keep mtimes)
        os.utime(record)
    report = run_checks(open_library(seed_library))
    assert [p.check for p in report.problems] == ["index"]
    assert "stale" in report.problems[0].message
    report = run_checks(open_library(seed_library), fix=True)
    assert report.ok and not index.exists()


def test_in_progress_temp_file_of_a_live_writer_is_not_debris(seed_library: Path) -> None:
    # another live process (our parent) holds the lock and is writing right now
    (seed_library / LOCK_NAME).write_text(f"{os.getppid()} {os.uname().nodename}", "utf-8")
    (seed_library / ".tmp-inflight.part").write_text("{", "utf-8")
    assert run_checks(open_library(seed_library)).ok


def test_missing_library(runner: CliRunner, tmp_path: Path) -> None:
    code, _out, err = _check(runner, tmp_path / "nowhere")
    assert code == 1 and err.strip() == f"archcite: error: no library at {tmp_path / 'nowhere'}"
