"""The storage boundary by behaviour: one write path, one freshness rule, one -h rule.

Every command that stores a record ends in ``Library.add_many``, so the same record written
through any of them is the same file, byte for byte. ``Library.stamp`` and ``read_bytes`` are
what the render cache and the checks know of record files; the index and the render cache see a
change by the same stamp (mtime, ctime, size, inode), so a rewrite that keeps the size and puts
the mtime back is still a change. Exactly ``-h`` / ``--help`` ask for help on both start-up
paths; a longer ``-word`` is a negated query word.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from archcite.cli import cli
from archcite.errors import KeyNotFoundError
from archcite.library.index import open_index
from archcite.library.store import Library
from archcite.model.archives import load_registry
from tests.helpers import SAMPLE, process_env

# ------------------------------------------------------------------------------ helpers


def _invoke(runner: CliRunner, library: Path, *args: str) -> str:
    result = runner.invoke(cli, ["--library", str(library), *args])
    assert result.exit_code == 0, result.output + (result.stderr or "")
    return result.stdout


def _only_file(library: Path) -> tuple[str, bytes]:
    files = sorted(p for p in library.glob("*.json"))
    assert len(files) == 1, files
    return files[0].name, files[0].read_bytes()


def _through_every_path(runner: CliRunner, tmp_path: Path, source: Path, tag: str
                        ) -> dict[str, tuple[str, bytes]]:
    """The record of library ``source`` (one record) written by each writing path."""
    registry = load_registry()
    (record,) = Library(source, registry).records()
    out: dict[str, tuple[str, bytes]] = {}
    # The benchmarks' path, in process; and Library.add, which the add command calls.
    bulk = tmp_path / f"{tag}-add_many"
    report = Library(bulk, registry).add_many([record])
    assert not report.refused and len(report.added) == 1
    out["add_many"] = _only_file(bulk)
    single = tmp_path / f"{tag}-add"
    Library(single, registry).add(record)
    out["Library.add"] = _only_file(single)
    # import of archcite's own exports: CSL-JSON, and BibLaTeX/BibTeX with the full field.
    for fmt, name, extra in (("csl-json", "x.json", ()), ("biblatex", "x.bib", ("--full",)),
                             ("bibtex", "x.bib", ("--full",))):
        exported = tmp_path / f"{tag}-{fmt}-{name}"
        _invoke(runner, source, "export", "--format", fmt, *extra, "-o", str(exported))
        target = tmp_path / f"{tag}-import-{fmt}"
        _invoke(runner, target, "import", str(exported))
        out[f"import {fmt}"] = _only_file(target)
    if not (record.get("number") or record.get("URL")):
        return out  # a document is known again by its Record ID or URL: nothing to update
    # add --update over a changed copy of the record under its key.
    changed = tmp_path / f"{tag}-update"
    Library(changed, registry).write({**record, "title": "A title the update replaces"})
    assert _only_file(changed) != _only_file(source)
    Library(changed, registry).add({k: v for k, v in record.items() if k != "id"},
                                   update=True)
    out["Library.add update"] = _only_file(changed)
    return out


# ------------------------------------------------------------------ one write path, same bytes


def test_a_page_is_the_same_file_through_every_write_path(runner: CliRunner, tmp_path: Path,
                                                          seed_page: Path) -> None:
    page_lib = tmp_path / "page"
    _invoke(runner, page_lib, "add", str(seed_page))
    expected = _only_file(page_lib)
    paths = _through_every_path(runner, tmp_path, page_lib, "page")
    # add --update of the page itself over an edited copy.
    update_lib = tmp_path / "page-cli-update"
    _invoke(runner, update_lib, "add", str(seed_page))
    path = update_lib / expected[0]
    edited = json.loads(path.read_text("utf-8"))
    edited["title"] = "Changed by hand"
    path.write_text(json.dumps(edited), "utf-8")
    _invoke(runner, update_lib, "add", "--update", str(seed_page))
    paths["add --update PAGE"] = _only_file(update_lib)
    for how, got in paths.items():
        assert got == expected, how


def test_a_citation_is_the_same_file_through_every_write_path(runner: CliRunner,
                                                              tmp_path: Path,
                                                              seed_page: Path) -> None:
    # The citation the Wilson Center prints on the seed page, as a user would paste it.
    page_lib = tmp_path / "page"
    _invoke(runner, page_lib, "add", str(seed_page))
    (record,) = Library(page_lib, load_registry()).records()
    citation = record["custom"]["citation"]
    cited = tmp_path / "citation"
    _invoke(runner, cited, "add", "--citation", citation)
    expected = _only_file(cited)
    for how, got in _through_every_path(runner, tmp_path, cited, "citation").items():
        assert got == expected, how


@pytest.mark.parametrize("record", SAMPLE, ids=[r["id"] for r in SAMPLE])
def test_hand_made_records_are_the_same_file_through_every_write_path(
        record: dict[str, Any], runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "source"
    Library(source, load_registry()).add_many([record])
    expected = _only_file(source)
    assert expected[0] == f"{record['id']}.json"
    for how, got in _through_every_path(runner, tmp_path, source, "sample").items():
        assert got[1] == expected[1], how


def test_a_batch_with_one_bad_record_writes_nothing_when_all_or_nothing(tmp_path: Path) -> None:
    library = Library(tmp_path / "lib", load_registry())
    bad = {**SAMPLE[1], "id": "bad1", "type": "no-such-type"}
    report = library.add_many([SAMPLE[0], bad, SAMPLE[2]], all_or_nothing=True)
    assert [a.status for a in report.items] == ["new", "refused", "new"]
    assert library.keys() == []
    report = library.add_many([SAMPLE[0], bad, SAMPLE[2]])
    assert sorted(report.added) == sorted([SAMPLE[0]["id"], SAMPLE[2]["id"]])
    assert report.refused and report.refused[0][0] == 1


def test_a_batch_counts_one_document_once(tmp_path: Path) -> None:
    library = Library(tmp_path / "lib", load_registry())
    twin = {**SAMPLE[2], "id": "other1950"}  # the same Record ID as SAMPLE[2]
    report = library.add_many([SAMPLE[2], twin])
    assert report.added == [SAMPLE[2]["id"]]
    assert report.duplicates == [(1, SAMPLE[2]["id"])]


# ------------------------------------------------------------------ stamp and read_bytes


def test_stamp_is_the_file_stat_and_read_bytes_its_bytes(tmp_path: Path) -> None:
    library = Library(tmp_path / "lib", load_registry())
    library.add_many(SAMPLE)
    for record in SAMPLE:
        key = record["id"]
        st = os.stat(library.path_for(key))
        assert library.stamp(key) == (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
        assert library.read_bytes(key) == library.path_for(key).read_bytes()
        assert library.parse_bytes(key, library.read_bytes(key)) == library.get(key)
    assert library.stamp("nosuch1950") is None
    assert library.stamp("../outside") is None
    with pytest.raises(KeyNotFoundError, match="did you mean"):
        library.read_bytes(SAMPLE[0]["id"][:-1])


def _same_size_rewrite(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` (same length) in the file and put its mtime back."""
    assert len(old) == len(new)
    before = os.stat(path)
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)


def test_a_same_size_rewrite_with_its_mtime_put_back_is_a_change(tmp_path: Path,
                                                                 runner: CliRunner) -> None:
    library = Library(tmp_path / "lib", load_registry())
    library.add_many(SAMPLE)
    key = "mao1953cable"
    with open_index(library) as index:
        assert index.keys("kaesong") == [key]
    before = library.stamp(key)
    first = _invoke(runner, library.root, "cite", key)  # the render cache remembers it
    assert "Mao" in first
    _same_size_rewrite(library.path_for(key), "Kaesong", "Panmunj")
    _same_size_rewrite(library.path_for(key), "Mao Zedong", "Mao Tsetun")
    assert library.stamp(key) != before  # the change time moved
    with open_index(library) as index:  # the index re-reads it ...
        assert index.keys("kaesong") == []
        assert index.keys("panmunj") == [key]
    again = _invoke(runner, library.root, "cite", key)  # ... and so does the render cache
    assert again != first and "Mao Tsetun" in again and "Zedong" not in again


def test_a_replaced_file_is_a_change_even_with_the_same_times_and_size(tmp_path: Path) -> None:
    library = Library(tmp_path / "lib", load_registry())
    library.add_many(SAMPLE)
    key = "lotman1960letter"
    path = library.path_for(key)
    with open_index(library) as index:
        assert index.keys("tag:semiotics") == [key]
    before = os.stat(path)
    text = path.read_text("utf-8")
    copy = path.with_name("copy.tmp")
    copy.write_text(text.replace("semiotics", "semantics"), "utf-8")
    os.utime(copy, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(copy, path)  # a new inode under the old name
    assert os.stat(path).st_ino != before.st_ino
    with open_index(library) as index:
        assert index.keys("tag:semantics") == [key]


# ------------------------------------------------------------------ the -h rule, both paths


# Runs archcite as its console script does and says afterwards whether click was imported.
PROBE = """
import sys
from archcite.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stdout.flush()
print("CLICK=" + str("click" in sys.modules), file=sys.stderr)
"""


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          env=process_env(tmp_path), timeout=60, check=False)


@pytest.fixture
def indexed(tmp_path: Path) -> Library:
    library = Library(tmp_path / "lib", load_registry())
    library.add_many(SAMPLE)
    open_index(library).close()  # current: the click-free path may answer
    return library


@pytest.mark.parametrize("command", ["list", "search"])
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_exactly_h_or_help_shows_the_command_help_on_both_paths(
        command: str, flag: str, indexed: Library, tmp_path: Path, runner: CliRunner) -> None:
    args = ["--library", str(indexed.root), command, "--keys", "korea", flag]
    fast = _run(tmp_path, *args)
    slow = runner.invoke(cli, args)
    assert slow.exit_code == 0
    assert slow.stdout.startswith(f"Usage: cli {command}") or f"{command} [OPTIONS]" in \
        slow.stdout
    assert f"archcite {command} [OPTIONS]" in fast.stdout  # click, as the script names it
    assert "CLICK=True" in fast.stderr  # help is click's to print
    assert SAMPLE[2]["id"] not in fast.stdout


@pytest.mark.parametrize("word", ["-hist", "-h1", "-hungarian"])
def test_a_longer_dash_word_is_a_negation_on_both_paths(word: str, indexed: Library,
                                                        tmp_path: Path,
                                                        runner: CliRunner) -> None:
    args = ["--library", str(indexed.root), "list", "--keys", word]
    fast = _run(tmp_path, *args)
    slow = runner.invoke(cli, args)
    assert slow.exit_code == 0 and fast.returncode == 0
    assert "Usage" not in fast.stdout and "Usage" not in slow.stdout
    assert fast.stdout == slow.stdout
    assert "CLICK=False" in fast.stderr  # the click-free path answered
    everything = set(_invoke(runner, indexed.root, "list", "--keys").split())
    excluded = set(_invoke(runner, indexed.root, "list", "--keys", word[1:]).split())
    assert set(fast.stdout.split()) == everything - excluded


def test_a_query_word_after_double_dash_is_never_help(indexed: Library,
                                                      runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--library", str(indexed.root), "list", "--keys", "--", "-h"])
    assert "Usage" not in result.stdout
