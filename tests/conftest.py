"""Shared test fixtures.

Tests that need the project's shared material (the specification's seed page, the real
Wilson Center fixtures, the CSL schema) find it in ``../shared`` beside the checkout (or in
``$ARCHCITE_SHARED``) and read it in place; they skip with a clear reason when it is absent,
so a user's clone still passes.
"""

from __future__ import annotations

import compileall
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import BUNDLED_LIBRARY, REPO, Server, fixture_pages, shared_path


def _compile_once() -> None:
    """Byte-compile archcite before the tests start it in real processes.

    Over a hundred tests run ``python -m archcite`` as a user does. A user's second run reads
    compiled modules; where ``PYTHONDONTWRITEBYTECODE`` is set (CI images, some containers)
    nothing is ever written, and every one of those processes would compile all of archcite
    again: 0.17 s instead of 0.10 s a start, time no user pays. Up-to-date files are skipped,
    so this costs nothing on a second session. pytest's rewritten test modules are cached the
    same way.
    """
    compileall.compile_dir(str(REPO / "src" / "archcite"), quiet=1)
    sys.dont_write_bytecode = False


_compile_once()


RAM_DISK = Path("/dev/shm")


def pytest_configure(config: pytest.Config) -> None:
    """Temporary folders on a RAM disk (tmpfs) where the machine has one and none was chosen.

    The suite builds thousands of small libraries, and archcite fsyncs every record file and
    its folder, as it must on a user's disk. No test can observe an fsync (it only matters when
    the power fails), yet on a disk the two test workers spend several seconds of the run
    waiting for them (93–97 s against 90 s on tmpfs, measured on the CI's kind of machine).
    tmpfs keeps everything else the tests check: atomic renames, stats (mtime_ns, ctime, size,
    inode), locks, a process killed mid-write. ``TMPDIR`` reaches pytest's ``tmp_path``,
    ``tempfile`` in the tests and every program they start; a ``TMPDIR`` or ``--basetemp`` the
    user gives is kept (``TMPDIR=/tmp`` runs the suite on the disk).
    """
    if hasattr(config, "workerinput") or config.option.basetemp or os.environ.get("TMPDIR"):
        return  # xdist workers inherit the controller's choice
    if RAM_DISK.is_dir() and os.access(RAM_DISK, os.W_OK | os.X_OK):
        stats = os.statvfs(RAM_DISK)
        if stats.f_bavail * stats.f_frsize >= 2 * 1024**3:  # the suite peaks near 150 MB
            os.environ["TMPDIR"] = str(RAM_DISK)
            tempfile.tempdir = None  # gettempdir() reads TMPDIR again


@pytest.fixture
def shared() -> Path:
    """The shared folder (skips when absent)."""
    return shared_path()


@pytest.fixture
def seed_page() -> Path:
    """The real page the project starts from."""
    return shared_path("seed", "110374.md")


@pytest.fixture
def wilson_dir() -> Path:
    """The folder of real Wilson Center pages."""
    return shared_path("fixtures", "wilson")


@pytest.fixture
def csl_schema() -> Path:
    """The CSL 1.0.2 input schema."""
    return shared_path("schema", "csl-data.json")


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    """An empty library folder in a temporary place."""
    path = tmp_path / "library"
    path.mkdir()
    return path


@pytest.fixture
def seed_library(tmp_path: Path) -> Path:
    """A copy of the bundled library (the seed record) in a temporary place."""
    path = tmp_path / "library"
    shutil.copytree(BUNDLED_LIBRARY, path, ignore=shutil.ignore_patterns(".archcite"))
    return path


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """A CliRunner isolated from the user's environment (data folder, library variable)."""
    monkeypatch.delenv("ARCHCITE_LIBRARY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    # The user's own config.toml must not choose a library or a style for a test.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return CliRunner()


@pytest.fixture
def server() -> Iterator[Server]:
    """A local web server answering with the real saved pages (a slow path waits 2 s)."""
    with Server(fixture_pages(), delay=2.0) as srv:
        yield srv
