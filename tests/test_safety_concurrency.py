"""Several processes add, tag and remove records in one library at once: nothing is lost.

Workers use the Library API directly (the library's concurrency, not page parsing, is tested). Each
worker adds its own documents, tags them with ``get`` + ``write``, removes some, and tags one
shared record through ``Library.update`` (a read-modify-write under the lock); a further process
runs ``check --fix`` in a loop meanwhile, which must never find a problem nor remove a file
another process is writing. Afterwards the library holds exactly the expected records, each
valid, with exactly the expected tags.
"""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import assert_library_valid, numbered_record, open_library

pytestmark = pytest.mark.slow  # real processes writing one library at once

WORKERS = 4
DOCS_PER_WORKER = 30
SHARED_KEY = "shared1950record"


def _worker(args: tuple[str, int]) -> dict[str, Any]:
    root, worker = Path(args[0]), args[1]
    library = open_library(root)
    kept: dict[str, tuple[str, list[str]]] = {}
    removed: list[str] = []  # Wilson Center ids (a removed key may be reused by another add)
    ops = 0
    for i in range(DOCS_PER_WORKER):
        number = 100_000 + worker * 1000 + i
        key, changed = library.add(numbered_record(number))
        assert changed
        ops += 1
        record = library.get(key)
        record.setdefault("custom", {})["tags"] = [f"w{worker}", f"doc{i}"]
        library.write(record)
        ops += 1
        if i % 3 == 2:
            library.remove(key)
            removed.append(str(number))
            ops += 1
        else:
            kept[key] = (str(number), [f"w{worker}", f"doc{i}"])
        if i % 5 == 0:
            tag = f"w{worker}-{i}"

            def add_tag(rec: dict[str, Any], tag: str = tag) -> None:
                tags = rec.setdefault("custom", {}).setdefault("tags", [])
                tags.append(tag)

            library.update(SHARED_KEY, add_tag)
            ops += 1
    return {"kept": kept, "removed": removed, "ops": ops,
            "shared_tags": [f"w{worker}-{i}" for i in range(0, DOCS_PER_WORKER, 5)]}


def _checker(root: str, stop: Any, result: Any) -> None:
    from archcite.library.checks import run_checks

    library = open_library(Path(root))
    runs, bad = 0, []
    while not stop.is_set():
        report = run_checks(library, fix=True)
        runs += 1
        bad.extend(p.message for p in report.problems)
    result.put((runs, bad))


def test_processes_add_tag_remove_at_once(library_dir: Path) -> None:
    library = open_library(library_dir)
    shared = numbered_record(999_999, key=SHARED_KEY)
    assert library.add(shared) == (SHARED_KEY, True)

    ctx = multiprocessing.get_context("spawn")
    stop, result = ctx.Event(), ctx.Queue()
    checker = ctx.Process(target=_checker, args=(str(library_dir), stop, result))
    checker.start()
    try:
        started = time.perf_counter()
        with ctx.Pool(WORKERS) as pool:
            outcomes = pool.map(_worker, [(str(library_dir), w) for w in range(WORKERS)])
        elapsed = time.perf_counter() - started
        stop.set()
        checker.join(timeout=60)
        assert checker.exitcode == 0, "the concurrent check --fix process failed"
        check_runs, check_problems = result.get(timeout=10)
    finally:
        if checker.is_alive():
            checker.kill()
            checker.join()

    records = assert_library_valid(library_dir)
    expected = {SHARED_KEY}
    numbers = {r["custom"]["record-id"] for r in records.values()}
    for outcome in outcomes:
        expected |= set(outcome["kept"])
        for number in outcome["removed"]:
            assert number not in numbers
    assert set(records) == expected
    assert len(records) == 1 + WORKERS * (DOCS_PER_WORKER - DOCS_PER_WORKER // 3)
    for outcome in outcomes:
        for key, (number, tags) in outcome["kept"].items():
            assert records[key]["custom"]["record-id"] == number
            assert records[key]["custom"]["tags"] == tags
    shared_tags = sorted(records[SHARED_KEY]["custom"]["tags"])
    assert shared_tags == sorted(t for o in outcomes for t in o["shared_tags"])
    # every document id is stored once
    assert len(numbers) == len(records)
    assert check_problems == []
    assert not (library_dir / ".archcite.lock").exists()
    ops = sum(o["ops"] for o in outcomes)
    assert ops >= 200
    print(f"\n{ops} operations by {WORKERS} processes in {elapsed:.2f}s "
          f"({ops / elapsed:.0f} ops/s), with {check_runs} concurrent check --fix runs")
