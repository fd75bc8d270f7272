"""Errors through a real process: one line on stderr and a non-zero exit; ``--debug`` shows the
traceback. Covers bad arguments, bad files, a missing key (with "did you mean"), a read-only
library folder and a full disk, for several commands.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, immutable, tmpfs

SEED = "filippov1951ciphered"


def archcite(library: Path, *args: str, debug: bool = False) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("ARCHCITE_LIBRARY", None)
    env["XDG_CACHE_HOME"] = str(library.parent / "xdg-cache")
    env["XDG_DATA_HOME"] = str(library.parent / "xdg-data")
    command = [sys.executable, "-m", "archcite", "--library", str(library),
               *(["--debug"] if debug else []), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60,
                          check=False)


def assert_one_line(done: subprocess.CompletedProcess[str], *words: str) -> str:
    assert done.returncode != 0, done
    lines = [line for line in done.stderr.splitlines() if not line.startswith(
        "archcite: warning:")]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("archcite: error: "), done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def _broken_json(tmp_path: Path) -> Path:
    path = tmp_path / "broken.json"
    path.write_text('[{"id": "x", "type": "book", "title": ', "utf-8")
    return path


CASES = {
    # name: (arguments, words in the error line, exit status, what --debug shows)
    "unknown command": (["frobnicate"], ["No such command", "--help"], 2, "Usage:"),
    "missing argument": (["show"], ["Missing argument"], 2, "Usage:"),
    "bad option value": (["export", "-f", "nosuch"], ["not one of"], 2, "Usage:"),
    "missing key": (["show", "filippov1951cipherd"],
                    ["no record", "did you mean filippov1951ciphered?"], 1, "KeyNotFoundError"),
    "missing key (cite)": (["cite", "Filippov1951ciphered"], ["did you mean"], 1,
                           "KeyNotFoundError"),
    "missing key (rm)": (["rm", "--yes", "filippov1951"], ["did you mean"], 1,
                         "KeyNotFoundError"),
    "broken import file": (["import", "{broken}"], ["broken JSON"], 1, "ExportError"),
    "missing import file": (["import", "{missing}"], ["no such file"], 1, "ExportError"),
    "page that is a folder": (["add", "{folder}"], ["is a folder"], 1, "SourceError"),
    "bad style": (["cite", "--style", "nosuch", SEED], ["no style"], 1, "RenderError"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_user_errors_are_one_line_and_debug_shows_the_traceback(
        name: str, seed_library: Path, tmp_path: Path) -> None:
    args, words, status, debug_shows = CASES[name]
    args = [a.replace("{broken}", str(_broken_json(tmp_path)))
            .replace("{missing}", str(tmp_path / "nope.bib"))
            .replace("{folder}", str(tmp_path)) for a in args]
    done = archcite(seed_library, *args)
    assert_one_line(done, *words)
    assert done.returncode == status
    debug = archcite(seed_library, *args, debug=True)
    assert debug.returncode != 0
    assert debug_shows in debug.stderr
    if debug_shows != "Usage:":
        assert "Traceback (most recent call last)" in debug.stderr


def test_read_only_library_folder(seed_library: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps([{"id": "new1951", "type": "book", "title": "A book",
                                   "issued": {"date-parts": [[1951]]}}]), "utf-8")
    before = sorted(p.name for p in seed_library.iterdir())
    with immutable(seed_library):
        for args in (["tag", SEED, "+x"], ["import", str(source)], ["rm", "--yes", SEED]):
            line = assert_one_line(archcite(seed_library, *args))
            assert "not writable" in line or "read-only" in line or "permission" in line, line
        debug = archcite(seed_library, "tag", SEED, "+x", debug=True)
        assert debug.returncode != 0 and "Traceback" in debug.stderr
    assert sorted(p.name for p in seed_library.iterdir()) == before


def test_full_disk(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "256k") as disk:
        library = disk / "library"
        shutil.copytree(REPO / "library", library)
        before = (library / f"{SEED}.json").read_bytes()
        with contextlib.suppress(OSError), (disk / "filler").open("wb") as handle:
            while True:
                handle.write(b"\0" * 4096)
                handle.flush()
        for args in (["tag", SEED, "+x"], ["note", SEED, "a note " * 200]):
            assert_one_line(archcite(library, *args), "disk is full")
        debug = archcite(library, "tag", SEED, "+x", debug=True)
        assert debug.returncode != 0 and "Traceback" in debug.stderr
        assert (library / f"{SEED}.json").read_bytes() == before
        assert sorted(p.name for p in library.iterdir()) == [f"{SEED}.json"] or all(
            p.name.startswith(".") or p.name == f"{SEED}.json" for p in library.iterdir())
