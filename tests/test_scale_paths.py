"""Library scale and start-up: the fast stat path, the click-free pre-dispatch,
duplicate checks through the index, import through the bulk writer with its progress bar."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from archcite.cli import cli
from archcite.cli.progress import progress_bar
from archcite.errors import DuplicateRecordError
from archcite.library import freshness as stats
from archcite.library.index import (
    Index,
    current_index,
    open_index,
    open_stored,
)
from archcite.library.store import CACHE_DIR, RECORD_SUFFIX, Library
from archcite.model.record import dumps_record
from tests.helpers import numbered_record, open_library, process_env

CANON = "https://digitalarchive.wilsoncenter.org/document/"


def _filled(root: Path, count: int) -> Library:
    library = open_library(root)
    for n in range(count):
        library.add(numbered_record(5000 + n))
    return library


# -- the stat path ---------------------------------------------------------------------------


def test_light_constants_match_the_store_and_index() -> None:
    # One definition (in the light freshness module); the index keeps its own name and schema.
    assert (stats.RECORD_SUFFIX, stats.CACHE_DIR) == (RECORD_SUFFIX, CACHE_DIR)


def test_forked_stat_scan_equals_the_plain_one(tmp_path: Path) -> None:
    library = _filled(tmp_path / "lib", 9)
    (library.root / "notes.txt").write_text("not a record")
    (library.root / ".hidden.json").write_text("{}")
    (library.root / "folder.json").mkdir()
    plain = stats.scan_stats(library.root, parallel=False)
    forked = stats.scan_stats(library.root, parallel=True)
    assert plain == forked
    assert sorted(plain) == library.keys()


@pytest.mark.parametrize("parallel_from", [1, 10**9])
def test_staleness_is_detected_by_the_fast_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                parallel_from: int) -> None:
    monkeypatch.setattr(stats, "PARALLEL_FROM", parallel_from)
    library = _filled(tmp_path / "lib", 6)
    with open_index(library) as index:
        assert index.count() == 6
        assert index.keys("year:1951") and not index.keys("zanzibar")
    key = library.keys()[2]
    path = library.path_for(key)
    before = path.stat()
    record = json.loads(path.read_text("utf-8"))
    # Same size, same mtime (restored): only the size check or mtime check can see it ...
    record["title"] = record["title"].replace("Filippov", "Zanzibar")
    path.write_text(dumps_record(record), "utf-8")
    assert path.stat().st_size == before.st_size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1))
    # the light check refuses a stale index
    assert current_index(library.root, library.registry) is None
    with open_index(library) as index:
        assert index.keys("zanzibar") == [key]
    # ... and a size change with the old mtime put back.
    record["title"] += " and more"
    path.write_text(dumps_record(record), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1))
    with open_index(library) as index:
        assert index.keys("more") == [key]
    conn = current_index(library.root, library.registry)
    assert conn is not None
    conn.close()
    path.unlink()
    assert current_index(library.root, library.registry) is None
    with open_index(library) as index:
        assert index.count() == 5


def test_a_damaged_stats_blob_falls_back_to_the_files_table(tmp_path: Path) -> None:
    library = _filled(tmp_path / "lib", 3)
    with open_index(library) as index:
        index.conn.execute("UPDATE meta SET v = x'00ff' WHERE k = 'file-stats'")
        assert index.refresh().touched == 0
    with Index(library) as index:
        index.conn.execute("DELETE FROM meta WHERE k = 'file-stats'")
    library.add(numbered_record(7777))
    with open_index(library) as index:
        assert index.keys("key:*") is not None and index.count() == 4


# -- duplicates through the index ------------------------------------------------------------


def test_single_add_finds_duplicates_through_the_index(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    library = _filled(tmp_path / "lib", 3)
    # A record file written by hand, behind the index's back, still counts ...
    (library.root / "byhand1951.json").write_text(
        dumps_record(library.prepare(numbered_record(9001, key="byhand1951"))), "utf-8")

    def no_full_scan(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("find_duplicate read every record")

    monkeypatch.setattr(Library, "iter_records_safely", no_full_scan)
    monkeypatch.setattr(Library, "records", no_full_scan)
    with pytest.raises(DuplicateRecordError, match="byhand1951"):
        library.add(numbered_record(9001))
    # the same address under another document number: the address names the Record ID
    other = numbered_record(9002)
    del other["custom"]["record-id"]
    with pytest.raises(DuplicateRecordError):
        library.add({**other, "number": "9002", "URL": f"{CANON}5001"})
    key, _ = library.add(numbered_record(9001), update=True)
    assert key == "byhand1951"
    assert library.find_duplicate({**numbered_record(9001), "id": "byhand1951"}) is None


def test_find_duplicate_skips_and_remembers_a_damaged_file(tmp_path: Path) -> None:
    library = _filled(tmp_path / "lib", 2)
    (library.root / "broken1951.json").write_text("{not json", "utf-8")
    keys = library.keys()
    assert library.find_duplicate(numbered_record(5000)) in keys
    assert library.find_duplicate(numbered_record(5001)) is not None
    assert library.root / "broken1951.json" in library.skipped


# -- import ----------------------------------------------------------------------------------


def _csl_file(tmp_path: Path, numbers: range) -> Path:
    items = [{**numbered_record(n), "id": f"item{n}"} for n in numbers]
    path = tmp_path / "in.json"
    path.write_text(json.dumps(items), "utf-8")
    return path


def test_import_writes_once_and_reports_progress(tmp_path: Path) -> None:
    from archcite.formats.importing import import_file

    library = _filled(tmp_path / "lib", 2)
    seen: list[tuple[int, int]] = []
    results = import_file(library, _csl_file(tmp_path, range(5000, 5250)),
                          progress=lambda done, total: seen.append((done, total)))
    assert sum(r.status == "new" for r in results) == 248
    assert sum(r.status == "held" for r in results) == 2
    assert seen[-1] == (248, 248) and all(total == 248 for _, total in seen)
    assert len(library.keys()) == 250
    assert not [p for p in library.root.iterdir() if p.name.startswith(".tmp-")]
    with open_index(library) as index:
        assert index.count() == 250


def test_import_shows_no_progress_when_piped(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    result = subprocess.run(
        [sys.executable, "-m", "archcite", "--library", str(lib), "import",
         str(_csl_file(tmp_path, range(100, 400)))],
        capture_output=True, text=True, env=process_env(tmp_path), timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    # issue 11: one summary line counting imported, already held, skipped and renamed
    assert result.stderr.splitlines() == [
        "archcite: imported 300, already held 0, skipped 0, renamed 0"]
    assert "\r" not in result.stderr and "\x1b" not in result.stderr
    assert len(result.stdout.split()) == 300


def test_progress_bar_draws_when_enabled() -> None:
    stream = io.StringIO()
    with progress_bar(None, "importing x", stream=stream, enabled=True) as update:
        update(5, 10)
        update(10, 10)
    assert "importing x" in stream.getvalue() and "10/10" in stream.getvalue()
    with progress_bar(None, "quiet", stream=io.StringIO()) as update:  # not a terminal
        update(1, 2)


# -- the click-free pre-dispatch -------------------------------------------------------------


def _both(args: list[str], runner: Any, tmp_path: Path) -> tuple[Any, Any]:
    fast = subprocess.run([sys.executable, "-m", "archcite", *args], capture_output=True,
                          text=True, env=process_env(tmp_path), timeout=60, check=False)
    slow = runner.invoke(cli, args, prog_name="archcite", env={"COLUMNS": "80"})
    return fast, slow


@pytest.mark.parametrize("args", [
    ["--version"], ["--help"], ["-h"],
    ["resolve", "110374"], ["resolve", "110374", "--json"], ["resolve", "--json", "5001"],
    ["resolve", "5001"], ["resolve", f"{CANON}5002.pdf?v=1"],
    ["resolve", f"{CANON}some-slug-words-0"], ["resolve", "https://x.org/node/1"],
    ["resolve", "https://digitalarchive.wilsoncenter.org/node/89832", "--json"],
    ["resolve", "https://digitalarchive.wilsoncenter.org/search?q=x"],
    ["resolve", "https://example.org/document/1"],
])
@pytest.mark.slow  # equivalence: each case runs archcite in a real process
@pytest.mark.parametrize("indexed", [False, True])
def test_fast_path_and_click_give_the_same_output(args: list[str], indexed: bool, runner: Any,
                                                  tmp_path: Path) -> None:
    library = _filled(tmp_path / "lib", 3)
    if indexed:
        open_index(library).close()
    full = ["--library", str(library.root), *args] if args[0] == "resolve" else args
    fast, slow = _both(full, runner, tmp_path)
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        slow.exit_code, slow.stdout, slow.stderr)


def test_fast_path_with_library_equals_sign_and_no_library(runner: Any, tmp_path: Path) -> None:
    library = _filled(tmp_path / "lib", 1)
    for args in (["--library=" + str(library.root), "resolve", "5000"],
                 ["--library", str(tmp_path / "none"), "resolve", "5000"]):
        fast, slow = _both(args, runner, tmp_path)
        assert (fast.returncode, fast.stdout, fast.stderr) == (
            slow.exit_code, slow.stdout, slow.stderr)
    assert "holds it as" in _both(["--library=" + str(library.root), "resolve", "5000"],
                                  runner, tmp_path)[0].stdout


LISTINGS = [
    ["search", "--keys", "filippov"], ["search", "mao", "--json"], ["search", "zedong"],
    ["search", "--limit", "2", "--sort", "key", "--keys", "telegram"],
    ["search", "--limit=1", "--sort=archive", "telegram", "--json"],
    ["search", "telegram", "-tag:draft", "--keys"], ["search", "year:1951", "--keys"],
    ["search", "nothingmatches", "--keys"], ["search", "nothingmatches", "--json"],
    ["list", "--keys"], ["list"], ["list", "--json", "--limit", "2"],
    ["list", "--sort", "key", "--keys", "mao"],
    ["search", "--keys"], ["search", "--limit", "0", "x"], ["search", "--sort", "title", "x"],
    ["search", "x", "--keys", "--json"], ["list", "--table"], ["search", "--", "x"],
    ["list", "--keys", "--limit", "1", "--limit", "2"], ["search", "-shelepin", "--keys"],
]


@pytest.mark.slow  # equivalence: 60 cases, each in a real process
@pytest.mark.parametrize("args", LISTINGS)
@pytest.mark.parametrize("state", ["none", "current", "stale"])
def test_fast_listing_and_click_give_the_same_output(args: list[str], state: str,
                                                     runner: Any, tmp_path: Path) -> None:
    library = _filled(tmp_path / "lib", 4)
    library.add(numbered_record(6000, abstract="Lotman in München"))
    if state != "none":
        open_index(library).close()
    if state == "stale":
        path = library.path_for(library.keys()[0])
        path.write_text(path.read_text("utf-8").replace("Mao Zedong", "Kim Il Sung"), "utf-8")
    fast, slow = _both(["--library", str(library.root), *args], runner, tmp_path)
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        slow.exit_code, slow.stdout, slow.stderr)


@pytest.mark.parametrize(("args", "state", "uses_click"), [
    (["search", "--keys", "mao"], "current", False), (["list"], "current", False),
    (["list", "--json"], "current", False), (["search", "--keys", "mao"], "stale", True),
    (["search", "--keys", "mao"], "none", True), (["list", "--table"], "current", True),
    (["search", "--keys", "mao"], "bad file", True),
    (["search", "--keys", "mao"], "other archives", True),
])
def test_which_listings_skip_click(args: list[str], state: str, uses_click: bool,
                                   tmp_path: Path) -> None:
    library = _filled(tmp_path / "lib", 3)
    if state != "none":
        open_index(library).close()
    env = process_env(tmp_path)
    if state == "stale":
        os.utime(library.path_for(library.keys()[0]), ns=(0, 10**18))
    elif state == "bad file":
        (library.root / "broken1951.json").write_text("{", "utf-8")
        open_index(library).close()
    elif state == "other archives":
        archives = tmp_path / "archives.json"
        archives.write_text(json.dumps([{"id": "XA", "name": "X Archive", "aliases": ["XA"]}]),
                            "utf-8")
        env["ARCHCITE_ARCHIVES"] = str(archives)
    result = subprocess.run([sys.executable, "-c", PROBE, "--library", str(library.root),
                             *args], capture_output=True, text=True, env=env, timeout=60,
                            check=False)
    assert f"CLICK={uses_click}" in result.stderr.splitlines(), result.stderr
    if state != "bad file":
        assert result.returncode == 0 and "filippov1951ciphered" in result.stdout


PROBE = """
import sys
from archcite.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
sys.stdout.flush()
print("CLICK=" + str("click" in sys.modules), file=sys.stderr)
"""


@pytest.mark.parametrize(("args", "uses_click"), [
    (["--version"], False), (["--help"], False), (["-h"], False),
    (["resolve", "110374"], False), (["resolve", "110374", "--json"], False),
    (["resolve", "--debug", "110374"], True), (["list", "--table"], True),
    (["--version", "--debug"], True), (["resolve"], True), (["resolve", "--", "1"], True),
])
def test_which_calls_skip_click(args: list[str], uses_click: bool, tmp_path: Path) -> None:
    library = _filled(tmp_path / "lib", 1)
    if args[0] == "resolve":
        args = ["--library", str(library.root), *args]
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                            text=True, env=process_env(tmp_path), timeout=60, check=False)
    assert f"CLICK={uses_click}" in result.stderr.splitlines(), result.stderr


@pytest.mark.parametrize("relative", [False, True])
def test_resolve_reads_no_record_when_the_index_is_current(tmp_path: Path,
                                                           relative: bool) -> None:
    library = _filled(tmp_path / "lib", 3)
    open_index(library).close()
    where = "lib" if relative else str(library.root)
    key = library.keys()[1]
    # Make every record unreadable to the process without changing its stat: the index says.
    probe = (
        "import sys, builtins, pathlib\n"
        "pathlib.Path.read_text = lambda *a, **k: (_ for _ in ()).throw(AssertionError('read'))\n"
        "from archcite.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    result = subprocess.run([sys.executable, "-c", probe, "--library", where,
                             "resolve", "5001"], capture_output=True, text=True,
                            env=process_env(tmp_path), timeout=60, check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"holds it as {key}" in result.stdout


@pytest.mark.parametrize(("parallel_from", "chunk"), [(1, 2), (1, 3), (1, 512), (10**9, 2)])
@pytest.mark.parametrize("folder", [True, False])
def test_unchanged_since_sees_every_kind_of_change(tmp_path: Path, parallel_from: int,
                                                   chunk: int, folder: bool,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # parallel_from=1 with small chunks: a forked child checks chunks from the end, this
    # process from the start; 512: one chunk, no child; 10**9: never forked.
    monkeypatch.setattr(stats, "PARALLEL_FROM", parallel_from)
    monkeypatch.setattr(stats, "CHUNK", chunk)
    library = _filled(tmp_path / "lib", 7)
    if folder:  # not a record: ignored on both sides (and the names compared by dict)
        (library.root / "folder.json").mkdir()
    scan = stats.scan_stats(library.root, parallel=False)
    stored = stats.pack_stats(scan)
    # Without the folder the listing is the stored list: files compared by position.
    assert (stats.record_names(library.root) == stored.names) is not folder
    assert stats.unchanged_since(library.root, stored)
    extra = library.root / "extra1951.json"
    extra.write_text("{}")
    assert not stats.unchanged_since(library.root, stored)
    extra.unlink()
    assert stats.unchanged_since(library.root, stored)

    def again() -> None:  # the stamps as they are now: the check's new baseline
        nonlocal scan, stored
        scan = stats.scan_stats(library.root, parallel=False)
        stored = stats.pack_stats(scan)
        assert stats.unchanged_since(library.root, stored)

    first = library.path_for(library.keys()[0])
    first.rename(tmp_path / "away.json")
    assert not stats.unchanged_since(library.root, stored)
    (tmp_path / "away.json").rename(first)
    # Moved away and back: the rename moved its change time, so it counts as changed.
    assert not stats.unchanged_since(library.root, stored)
    again()
    paths = [library.root / name for name in sorted(stats.record_names(library.root))
             if name != "folder.json"]
    for path in paths:  # in each chunk, checked by either process
        mtime = scan[path.stem][0]
        os.utime(path, ns=(0, mtime + 1))  # changed mtime
        assert not stats.unchanged_since(library.root, stored)
        os.utime(path, ns=(0, mtime))
        # The mtime put back is still a change: the change time moved (the stricter rule).
        assert not stats.unchanged_since(library.root, stored)
        again()
        text = path.read_bytes()
        path.write_bytes(text + b" ")  # changed size, same mtime
        os.utime(path, ns=(0, mtime))
        assert not stats.unchanged_since(library.root, stored)
        path.write_bytes(text)
        os.utime(path, ns=(0, mtime))
        assert not stats.unchanged_since(library.root, stored)  # same size and mtime: ctime
        again()
    assert not stats.unchanged_since(library.root,
                                     stats.pack_stats({**scan, "ghost": (1, 1, 1, 1)}))


@pytest.mark.parametrize("listed", [True, False])
def test_freshness_check_does_what_a_failed_child_left(tmp_path: Path, listed: bool,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # Not listed: the child, which should list the folder, dies first; this process lists it.
    library = _filled(tmp_path / "lib", 6)
    scan = stats.scan_stats(library.root, parallel=False)
    stored = stats.pack_stats(scan)
    names = stats.record_names(library.root) if listed else None
    parent = os.getpid()
    if not listed:
        real_names = stats.record_names

        def dying_lister(root: Path) -> list[str]:
            if os.getpid() != parent:
                os._exit(3)
            return real_names(root)

        monkeypatch.setattr(stats, "record_names", dying_lister)
    monkeypatch.setattr(stats, "CHUNK", 1)
    real = stats._check_chunks

    def dying_child(*args: Any) -> None:
        if os.getpid() != parent:
            os._exit(3)  # the child dies before checking anything
        real(*args)

    monkeypatch.setattr(stats, "_check_chunks", dying_child)
    assert stats.FreshnessCheck(library.root, names, stored).start(True).finish()
    last = library.path_for(library.keys()[-1])
    os.utime(last, ns=(0, scan[last.stem][0] + 1))
    assert not stats.FreshnessCheck(library.root, names, stored).start(True).finish()
    check = stats.FreshnessCheck(library.root, names, stored).start(True)
    check.abandon()  # the caller gave up: the child is waited for, nothing is left behind
    assert check.pid == 0


def test_an_index_with_the_older_stats_row_gets_the_new_one(tmp_path: Path) -> None:
    library = _filled(tmp_path / "lib", 3)
    with open_index(library) as index:
        index.conn.execute("DELETE FROM meta WHERE k = 'file-stats'")
        index.conn.execute("INSERT INTO meta VALUES ('stats', x'00')")
    assert open_stored(library.root) is None  # the fast path leaves it to the full one
    with open_index(library) as index:
        assert index.refresh().touched == 0
        rows = dict(index.conn.execute("SELECT k, v FROM meta").fetchall())
    assert "stats" not in rows and "file-stats" in rows
    opened = open_stored(library.root)
    assert opened is not None
    opened[0].close()
    scan = stats.scan_stats(library.root)
    assert opened[1].names == stats.record_names(library.root)  # listing order: positional
    assert list(opened[1].values) == [n for pair in scan.values() for n in pair]
