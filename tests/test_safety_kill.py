"""A process killed (SIGKILL) in the middle of writes leaves every record whole.

A subprocess rewrites one large record in a loop (each version's abstract and note carry the
same version number) and adds new records now and then; it is killed at random moments, several
times. After each kill the record file is exactly one version (never a mix), every record file
is valid, temporary files are never read as records, and a lock left by the dead process is
taken over by the next writer. ``check --fix`` then removes the debris.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archcite.library.checks import run_checks
from archcite.library.files import LOCK_NAME, is_temp_file
from tests.helpers import REPO, assert_library_valid, numbered_record, open_library

KEY = "bigrecord1951telegram"
KILLS = 10
WRITER = r"""
import sys
from pathlib import Path
from archcite.library.store import Library
from archcite.model.archives import load_registry
sys.path.insert(0, sys.argv[3])
from tests.helpers import numbered_record

library = Library(Path(sys.argv[1]), load_registry())
version = int(sys.argv[2])
first = True
while True:
    version += 1
    record = numbered_record(424242, key="bigrecord1951telegram",
                         abstract=f"v{version}:" + ("telegram text " * 600_000))
    record["note"] = f"v{version}"
    library.write(record)
    if version % 7 == 0:
        library.add(numbered_record(500_000 + version))
    if first:
        print("ready", flush=True)
        first = False
"""

pytestmark = [pytest.mark.slow,  # writers killed mid-write, again and again
              pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), env.get("PYTHONPATH", "")])
    return env


def _wait_for_temp_file(folder: Path, old: set[str], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with os.scandir(folder) as entries:
            if any(e.name.startswith(".tmp-") and not e.name.startswith(".tmp-lock-")
                   and e.name not in old for e in entries):
                return
        # A write of the large record keeps its temporary file for tens of milliseconds: a
        # millisecond between looks still finds it, without spinning a core the writer needs.
        time.sleep(0.001)
    pytest.fail("the writer never wrote")


def test_sigkill_mid_write_leaves_old_or_new_version(library_dir: Path) -> None:
    rng = random.Random(1951)
    left_temp = 0
    seen_temps: set[str] = set()
    for kill in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(library_dir), str(kill * 1000), str(REPO)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
        )
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            assert line.strip() == "ready", proc.stderr.read() if proc.stderr else ""
            if kill % 2:
                time.sleep(rng.uniform(0.0, 0.6))  # any moment
            else:
                _wait_for_temp_file(library_dir, seen_temps)  # a moment when a write is under way
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        temps = {p.name for p in library_dir.iterdir() if is_temp_file(p)}
        left_temp += bool(temps - seen_temps)
        seen_temps |= temps

        records = assert_library_valid(library_dir)  # every file whole and valid
        big = records[KEY]
        assert big["abstract"].startswith(big["note"] + ":"), "a record mixes two versions"
        assert big["abstract"].endswith("telegram text ")
        library = open_library(library_dir)
        assert all(not is_temp_file(p) for p in library.record_paths())
        assert KEY in set(library.keys())
        assert len(list(library.records())) == len(records)

    # The next writer takes over a lock the killed process may have left.
    open_library(library_dir).write(numbered_record(777, key="after1951kill"))
    assert not (library_dir / LOCK_NAME).exists()
    assert left_temp >= 1, "no kill landed inside a write; the test proved nothing"

    report = run_checks(open_library(library_dir), fix=True)
    assert report.ok, [p.message for p in report.problems]
    assert not [p for p in library_dir.iterdir() if is_temp_file(p)]
    assert_library_valid(library_dir)
    print(f"\n{KILLS} kills; temporary files left behind after {left_temp} of them, "
          "never read as records; check --fix removed them")
