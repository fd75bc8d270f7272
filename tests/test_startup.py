"""Start-up stays light: no citeproc, lxml, bibtexparser or rich for the quick commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, write_library

HEAVY = ("citeproc", "lxml", "bibtexparser", "rich")
PROBE = """
import json, sys
from archcite.cli import cli
try:
    cli.main(args=sys.argv[1:], prog_name="archcite")
except SystemExit:
    pass
sys.stdout.flush()
print("\\nMODULES=" + json.dumps(sorted({m.split(".")[0] for m in sys.modules})),
      file=sys.stderr)
"""


def loaded_modules(args: list[str], tmp_path: Path) -> set[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                            text=True, env=env, timeout=60, check=False)
    line = next(x for x in result.stderr.splitlines() if x.startswith("MODULES="))
    return set(json.loads(line.removeprefix("MODULES=")))


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["list", "--keys"],
                                  ["search", "--keys", "lotman"]])
def test_quick_commands_import_nothing_heavy(args: list[str], tmp_path: Path) -> None:
    lib = write_library(tmp_path / "lib")
    modules = loaded_modules(["--library", str(lib), *args], tmp_path)
    assert "archcite" in modules
    assert not modules & set(HEAVY), modules & set(HEAVY)


def test_resolve_imports_nothing_heavy(tmp_path: Path) -> None:
    modules = loaded_modules(
        ["resolve", "https://digitalarchive.wilsoncenter.org/document/110374"], tmp_path)
    assert not modules & set(HEAVY), modules & set(HEAVY)


def test_the_probe_can_see_heavy_imports(tmp_path: Path) -> None:
    lib = write_library(tmp_path / "lib")
    assert "rich" in loaded_modules(["--library", str(lib), "list", "--table"], tmp_path)


def test_list_keys_via_python_m(tmp_path: Path) -> None:
    lib = write_library(tmp_path / "lib")
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    result = subprocess.run([sys.executable, "-m", "archcite", "--library", str(lib), "list",
                             "--keys", "lotman"], capture_output=True, text=True, env=env,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "lotman1960letter\n"
