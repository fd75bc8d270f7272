"""``check`` against the real search index (``.archcite/index.sqlite``, library/index.py).

The index is a cache: a fresh one passes; one that lags behind the record files (a record
added, changed or removed since its last refresh), one left in a library with no records, and
one that is not a database are refreshed or rebuilt by ``check``, as by any command, and not
reported (issue 12); only an index that cannot be refreshed, in a library that may not be
written, is a problem, and it is called that ("not writable"), with no ``--fix`` to offer.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli import cli
from archcite.library.checks import run_checks
from archcite.library.index import INDEX_NAME, current_index, open_index
from tests.helpers import immutable, numbered_record, open_library, snapshot

SEED = "filippov1951ciphered"


def _index(library_dir: Path) -> Path:
    with open_index(open_library(library_dir), warn=lambda line: None) as index:
        assert SEED in list(index.keys())
    path = library_dir / ".archcite" / INDEX_NAME
    assert path.is_file()
    return path


def _index_findings(library_dir: Path) -> list[str]:
    report = run_checks(open_library(library_dir))
    return [f.message for f in report.problems if f.check == "index"]


def test_fresh_index_passes(seed_library: Path) -> None:
    _index(seed_library)
    assert _index_findings(seed_library) == []


def _is_current(library_dir: Path) -> bool:
    view = current_index(library_dir)
    if view is None:
        return False
    view.close()
    return True


def test_index_lacking_a_new_record_is_refreshed_not_reported(seed_library: Path,
                                                              runner: CliRunner) -> None:
    """Issue 12: the index is a cache every command refreshes; lagging is not a problem."""
    _index(seed_library)
    open_library(seed_library).add(numbered_record(77, key="added1951"))
    assert not _is_current(seed_library)
    result = runner.invoke(cli, ["--library", str(seed_library), "check", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["problems"] == []
    assert _is_current(seed_library)  # check refreshed it, as any command would


def test_index_naming_a_removed_or_changed_record_is_refreshed(seed_library: Path) -> None:
    library = open_library(seed_library)
    library.add(numbered_record(78, key="gone1951"))
    _index(seed_library)
    library.remove("gone1951")
    assert _index_findings(seed_library) == [] and _is_current(seed_library)
    record = library.get(SEED)
    record["abstract"] = "changed after the index was built"
    library.write(record)
    assert _index_findings(seed_library) == [] and _is_current(seed_library)
    with open_index(library) as index:
        assert index.keys("gone1951") == [] and index.keys("changed after") == [SEED]


def test_index_of_a_library_emptied_by_hand_is_refreshed(seed_library: Path) -> None:
    _index(seed_library)
    os.remove(seed_library / f"{SEED}.json")
    assert _index_findings(seed_library) == []
    with open_index(open_library(seed_library)) as index:
        assert index.count() == 0


def test_damaged_index_is_rebuilt(seed_library: Path) -> None:
    path = _index(seed_library)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 100)
    assert _index_findings(seed_library) == []
    assert _is_current(seed_library)


@pytest.mark.parametrize("change", ["tag", "rm", "add", "import"])
def test_check_after_everyday_commands_passes(change: str, seed_library: Path,
                                              runner: CliRunner, tmp_path: Path) -> None:
    """The commands of a working day, each followed by check: exit 0, no index finding."""
    base = ["--library", str(seed_library)]
    assert runner.invoke(cli, [*base, "list"]).exit_code == 0  # an index exists
    if change == "tag":
        args = ["tag", SEED, "+korea"]
    elif change == "rm":
        args = ["rm", "--yes", SEED]
    elif change == "add":
        args = ["add", "--citation", '"Cable, Gromyko to Molotov," March 3, 1950, History and'
                ' Public Policy Program Digital Archive, AVPRF, f. 07, op. 23, d. 18, l. 5.']
    else:
        source = tmp_path / "in.json"
        source.write_text(json.dumps([{**numbered_record(4243), "id": "imported1951"}]), "utf-8")
        args = ["import", str(source)]
    changed = runner.invoke(cli, [*base, *args])
    assert changed.exit_code == 0, changed.output
    result = runner.invoke(cli, [*base, "check"])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.stdout and "stale" not in result.stdout


def test_read_only_library_index_is_not_writable_not_damaged(seed_library: Path,
                                                             runner: CliRunner) -> None:
    """Root ignores permissions; an immutable folder (chattr +i) is read-only even to root."""
    _index(seed_library)
    record = seed_library / f"{SEED}.json"
    record.write_text(record.read_text("utf-8").replace("Ciphered", "Ciphered "), "utf-8")
    before = snapshot(seed_library)
    with immutable(seed_library), immutable(seed_library / ".archcite"):
        result = runner.invoke(cli, ["--library", str(seed_library), "check", "--json"])
        text = runner.invoke(cli, ["--library", str(seed_library), "check"])
    assert result.exit_code == 1, result.output
    [problem] = json.loads(result.stdout)["problems"]
    assert problem["check"] == "index" and not problem["fixable"]
    assert "not writable" in problem["message"]
    assert "damaged" not in problem["message"] and "stale" not in problem["message"]
    assert "--fix" not in text.stdout and "not writable" in " ".join(text.stdout.split())
    assert snapshot(seed_library) == before


def test_companion_files_are_not_indexes_of_their_own(seed_library: Path) -> None:
    path = _index(seed_library)
    Path(f"{path}-journal").write_bytes(b"")
    assert _index_findings(seed_library) == []
