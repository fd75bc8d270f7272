"""``rm`` moves records to ``<library>/.trash/``; ``restore`` brings them back; ``trash`` lists
and empties. The library's files are compared before and after."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli import cli
from tests.helpers import SAMPLE, read, snapshot, write_library


def run(runner: CliRunner, library: Path, *args: str, **kw: object) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["--library", str(library), *args], **kw)  # type: ignore[arg-type]
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return write_library(tmp_path / "library")


def _records(snap: dict[str, bytes]) -> dict[str, bytes]:
    """The library as a user sees it: record files and attachments, not the trash or .gitignore."""
    return {k: v for k, v in snap.items() if not k.startswith(".")}


def test_rm_moves_the_record_to_the_trash_and_restore_brings_it_back(
        runner: CliRunner, library: Path) -> None:
    before = snapshot(library)
    code, out, _ = run(runner, library, "rm", "--yes", "kim1950ciphered")
    assert code == 0 and "kim1950ciphered" in out
    assert not (library / "kim1950ciphered.json").exists()
    trashed = library / ".trash" / "kim1950ciphered.json"
    assert trashed.read_bytes() == before["kim1950ciphered.json"]
    assert ".trash/" in (library / ".gitignore").read_text("utf-8").splitlines()
    # neither the index nor the commands that read it see a trashed record
    assert "kim1950ciphered" not in run(runner, library, "list", "--keys")[1]
    assert run(runner, library, "search", "tag:korea", "--keys")[1].split() == ["mao1953cable"]
    assert run(runner, library, "show", "kim1950ciphered")[0] == 1
    code, out, _ = run(runner, library, "trash")
    assert code == 0 and out.startswith("kim1950ciphered\t")
    assert "Ciphered telegram, Kim Il Sung to Stalin" in out
    code, out, err = run(runner, library, "restore", "kim1950ciphered")
    assert (code, err) == (0, "")
    assert _records(snapshot(library)) == _records(before)
    assert not trashed.exists()
    assert "kim1950ciphered" in run(runner, library, "list", "--keys")[1]


def test_the_gitignore_is_extended_once_not_replaced(runner: CliRunner, library: Path) -> None:
    (library / ".gitignore").write_text("*.bak", "utf-8")  # no newline at the end
    run(runner, library, "rm", "--yes", "kim1950ciphered")
    run(runner, library, "rm", "--yes", "mao1953cable")
    assert (library / ".gitignore").read_text("utf-8") == "*.bak\n.trash/\n"


def test_restore_refuses_while_the_key_is_taken_again(runner: CliRunner, library: Path) -> None:
    run(runner, library, "rm", "--yes", "mao1953cable")
    other = {**SAMPLE[0], "id": "mao1953cable", "title": "Another cable"}
    write_library(library, [other])
    before = snapshot(library)
    code, out, err = run(runner, library, "restore", "mao1953cable")
    assert code == 1 and out == ""
    (line,) = err.splitlines()
    assert "mao1953cable" in line and "again" in line
    assert snapshot(library) == before
    assert read(library, "mao1953cable")["title"] == "Another cable"


def test_a_key_removed_twice_keeps_both_and_restore_takes_the_latest(
        runner: CliRunner, library: Path) -> None:
    first = (library / "mao1953cable.json").read_bytes()
    run(runner, library, "rm", "--yes", "mao1953cable")
    write_library(library, [{**SAMPLE[3], "title": "Cable, second version"}])
    second = (library / "mao1953cable.json").read_bytes()
    run(runner, library, "rm", "--yes", "mao1953cable")
    assert sorted(p.name for p in (library / ".trash").glob("*.json")) == [
        "mao1953cable.json", "mao1953cable~2.json"]
    assert run(runner, library, "trash")[1].count("mao1953cable\t") == 2
    assert run(runner, library, "restore", "mao1953cable")[0] == 0
    assert (library / "mao1953cable.json").read_bytes() == second
    assert (library / ".trash" / "mao1953cable.json").read_bytes() == first


def test_restore_of_a_key_not_in_the_trash(runner: CliRunner, library: Path) -> None:
    run(runner, library, "rm", "--yes", "mao1953cable")
    before = snapshot(library)
    code, _, err = run(runner, library, "restore", "mao1953cabel")
    assert code == 1 and "did you mean mao1953cable" in err and len(err.splitlines()) == 1
    assert snapshot(library) == before


def test_trash_empty_asks_and_a_no_keeps_everything(runner: CliRunner, library: Path) -> None:
    run(runner, library, "rm", "--yes", "kim1950ciphered", "mao1953cable")
    before = snapshot(library)
    code, _, err = run(runner, library, "trash", "--empty", input="n\n")
    assert code == 0 and "nothing deleted" in err
    assert snapshot(library) == before
    code, out, _ = run(runner, library, "trash", "--empty", input="y\n")
    assert code == 0 and "2 records" in out
    assert not (library / ".trash").exists()
    assert _records(snapshot(library)) == _records(before)
    assert run(runner, library, "trash")[1] == ""


def test_answering_no_to_rm_moves_nothing(runner: CliRunner, library: Path) -> None:
    before = snapshot(library)
    code, _, _ = run(runner, library, "rm", "kim1950ciphered", input="n\n")
    assert code == 0
    assert snapshot(library) == before and not (library / ".trash").exists()


def test_restore_in_a_real_process(tmp_path: Path, library: Path) -> None:
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("ARCHCITE_LIBRARY", None)
    before = snapshot(library)

    def archcite(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "archcite", "--library", str(library),
                               *args], env=env, capture_output=True, text=True, timeout=120)

    assert archcite("rm", "--yes", "lotman1960letter").returncode == 0
    done = archcite("restore", "lotman1960letter")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "restored lotman1960letter"
    assert _records(snapshot(library)) == _records(before)
