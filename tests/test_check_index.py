"""``check`` against the real search index (``.archcite/index.sqlite``, library/index.py).

The index is a cache: a fresh one passes; one that lags behind the record files (a record
added, changed or removed since its last refresh), one left in a library with no records, and
one that is not a database are reported, and ``--fix`` deletes them (with their WAL files);
the next command rebuilds the index.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from archcite.cli import cli
from archcite.library.checks import run_checks
from archcite.library.index import INDEX_NAME, open_index
from tests.helpers import numbered_record, open_library

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


def test_index_lacking_a_new_record_is_stale_and_fixed(seed_library: Path,
                                                       runner: CliRunner) -> None:
    path = _index(seed_library)
    open_library(seed_library).add(numbered_record(77, key="added1951"))
    [message] = _index_findings(seed_library)
    assert "stale" in message and "lacks added1951" in message
    result = runner.invoke(cli, ["--library", str(seed_library), "check", "--fix", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["fixed"][0]["check"] == "index"
    assert not path.exists()
    assert not [p for p in path.parent.iterdir() if p.name.startswith(INDEX_NAME)]
    # the next command rebuilds it, and it is fresh
    listed = runner.invoke(cli, ["--library", str(seed_library), "list"])
    assert "added1951" in listed.stdout
    assert _index_findings(seed_library) == []


def test_index_naming_a_removed_or_changed_record_is_stale(seed_library: Path) -> None:
    library = open_library(seed_library)
    library.add(numbered_record(78, key="gone1951"))
    _index(seed_library)
    library.remove("gone1951")
    [message] = _index_findings(seed_library)
    assert "names removed gone1951" in message
    _index(seed_library)  # a refresh brings it up to date
    assert _index_findings(seed_library) == []
    record = library.get(SEED)
    record["abstract"] = "changed after the index was built"
    library.write(record)
    [message] = _index_findings(seed_library)
    assert f"{SEED} changed since it was built" in message


def test_orphaned_index(seed_library: Path) -> None:
    _index(seed_library)
    os.remove(seed_library / f"{SEED}.json")
    [message] = _index_findings(seed_library)
    assert "orphaned" in message
    report = run_checks(open_library(seed_library), fix=True)
    assert report.ok and not (seed_library / ".archcite" / INDEX_NAME).exists()


def test_damaged_index(seed_library: Path) -> None:
    path = _index(seed_library)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 100)
    [message] = _index_findings(seed_library)
    assert "damaged" in message
    report = run_checks(open_library(seed_library), fix=True)
    assert report.ok and not path.exists()


def test_companion_files_are_not_indexes_of_their_own(seed_library: Path) -> None:
    path = _index(seed_library)
    Path(f"{path}-journal").write_bytes(b"")
    assert _index_findings(seed_library) == []
