"""Which library a command works on, said plainly; a missing one is not made by reading it; a
query of operators only is refused, not answered with the whole library."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli import cli
from tests.helpers import REPO, SEED_KEY, snapshot

READING = [["list"], ["list", "--keys"], ["search", "stalin"], ["search", "--keys", "mao"],
           ["show", SEED_KEY], ["cite", SEED_KEY], ["bib"], ["export"], ["check"],
           ["tag", SEED_KEY, "+korea"], ["rm", "--yes", SEED_KEY], ["note", SEED_KEY, "x"],
           ["rekey"], ["edit", SEED_KEY]]


def _expected(path: Path) -> str:
    return f"archcite: error: no library at {path} (archcite add creates one)\n"


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_a_missing_library_is_refused_and_not_created(args: list[str], runner: CliRunner,
                                                      tmp_path: Path) -> None:
    missing = tmp_path / "a" / "path" / "that" / "does" / "not" / "exist"
    result = runner.invoke(cli, ["--library", str(missing), *args])
    assert result.exit_code == 1, result.output
    assert result.stderr == _expected(missing)
    assert result.stdout == ""
    assert not (tmp_path / "a").exists()


@pytest.mark.parametrize("args", [["list"], ["list", "--keys"], ["search", "--keys", "mao"],
                                  ["search", "mao"], ["show", SEED_KEY]], ids=" ".join)
def test_a_missing_library_on_the_click_free_start_up_path(args: list[str],
                                                           tmp_path: Path) -> None:
    """A real process, piped: the click-free path takes plain list/search and must say the same."""
    missing = tmp_path / "nowhere" / "library"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "XDG_DATA_HOME": str(tmp_path / "x")}
    env.pop("ARCHCITE_LIBRARY", None)
    for call in (["--library", str(missing), *args], args):
        extra = {} if call[0] == "--library" else {"ARCHCITE_LIBRARY": str(missing)}
        done = subprocess.run([sys.executable, "-m", "archcite", *call], env={**env, **extra},
                              capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 1, done.stderr
        assert done.stderr == _expected(missing)
        assert done.stdout == ""
        assert not (tmp_path / "nowhere").exists()


def test_add_and_import_still_create_a_new_library(runner: CliRunner, tmp_path: Path) -> None:
    from tests.helpers import SEED_LIBRARY

    new = tmp_path / "new" / "library"
    result = runner.invoke(cli, ["--library", str(new), "import",
                                 str(SEED_LIBRARY / f"{SEED_KEY}.json")])
    assert result.exit_code == 0, result.output
    assert (new / f"{SEED_KEY}.json").is_file()


def test_an_empty_library_names_itself(runner: CliRunner, library_dir: Path) -> None:
    result = runner.invoke(cli, ["--library", str(library_dir), "list", "--table"])
    assert result.exit_code == 0, result.output
    assert "0 records in " in result.stdout
    assert str(library_dir) in " ".join(result.stdout.split())  # rich may wrap a long path


def test_the_listing_caption_names_the_library(runner: CliRunner, seed_library: Path) -> None:
    result = runner.invoke(cli, ["--library", str(seed_library), "list", "--table"])
    assert result.exit_code == 0, result.output
    caption = " ".join(result.stdout.split())
    assert f"1 record in {seed_library}" in caption


@pytest.mark.parametrize("query", [["OR"], ["OR", "OR"], ["(", "OR", ")"], ["( OR )"]])
@pytest.mark.parametrize("command", ["search", "list", "bib"])
def test_a_query_of_operators_only_is_refused(query: list[str], command: str,
                                              runner: CliRunner, seed_library: Path) -> None:
    before = snapshot(seed_library)
    result = runner.invoke(cli, ["--library", str(seed_library), command, *query])
    assert result.exit_code != 0, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("archcite: error:")
    assert "only operators" in lines[0]
    assert {k: v for k, v in snapshot(seed_library).items() if "/.archcite/" not in k
            and not k.startswith(".archcite")} == {
        k: v for k, v in before.items() if not k.startswith(".archcite")}


def test_operators_only_refused_on_the_click_free_path_too(seed_library: Path,
                                                          tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "XDG_DATA_HOME": str(tmp_path / "x")}
    base = [sys.executable, "-m", "archcite", "--library", str(seed_library)]
    # the first call builds the index, so the second can take the click-free path
    subprocess.run([*base, "list", "--keys"], env=env, capture_output=True, check=True)
    done = subprocess.run([*base, "search", "--keys", "OR"], env=env, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode != 0 and done.stdout == ""
    assert "only operators" in done.stderr
    real = subprocess.run([*base, "search", "--keys", "stalin", "OR", "nobody"], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert real.stdout == f"{SEED_KEY}\n"
