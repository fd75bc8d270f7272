"""``archcite pick``: the picker's rules as functions, then the real command on a
pseudo-terminal (pexpect), run as ``key=$(archcite pick)`` is run: the picker draws on the
terminal and only the choice reaches standard output."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli import cli
from archcite.cli.picker import (
    BACKSPACE,
    CANCEL,
    CLEAR,
    DOWN,
    ENTER,
    UP,
    Candidate,
    Picker,
    keys_of,
    match_score,
)
from tests.helpers import REPO, write_library


def _picker(*lines: str, query: str = "") -> Picker:
    return Picker([Candidate(line.split()[0], line) for line in lines], query)


# -- rules ------------------------------------------------------------------------------------

def test_every_typed_word_must_match_as_a_run_or_a_subsequence() -> None:
    picker = _picker("gromyko1951cable  1951  Gromyko → Molotov",
                     "mao1950note  1950  Mao Zedong → Stalin",
                     "zhou1952report  1952  Zhou Enlai")
    picker._set_query("gr51")  # a subsequence of the key
    assert [c.key for c in picker.matches] == ["gromyko1951cable"]
    picker._set_query("stalin mao")  # two words, both required, in any order
    assert [c.key for c in picker.matches] == ["mao1950note"]
    picker._set_query("stalin zhou")
    assert picker.matches == [] and picker.choice is None


def test_matching_folds_case_diacritics_and_script() -> None:
    picker = _picker("embassy1956report  Report of the Embassy in München",
                     "lotman1960letter  Letter from Лотман to Успенский")
    picker._set_query("MUNCHEN")
    assert [c.key for c in picker.matches] == ["embassy1956report"]
    picker._set_query("успенский")
    assert [c.key for c in picker.matches] == ["lotman1960letter"]


def test_whole_words_rank_above_scattered_letters_and_ties_keep_the_library_order() -> None:
    lines = ["a1950  c-a-b-l-e scattered", "b1951  a cable", "c1952  another cable"]
    picker = _picker(*lines, query="cable")
    assert [c.key for c in picker.matches] == ["b1951", "c1952", "a1950"]
    assert match_score("cable", "x cable") > match_score("cable", "xcable")  # type: ignore[operator]
    assert match_score("cable", "cable x") > match_score("cable", "x cable")  # type: ignore[operator]
    assert match_score("zz", "cable") is None


def test_keys_move_the_selection_within_the_matches_and_edit_the_query() -> None:
    picker = _picker("a1  x", "b2  x", "c3  y")
    assert picker.handle(UP) is None and picker.selected == 0
    picker.handle(DOWN)
    picker.handle(DOWN)
    picker.handle(DOWN)
    assert picker.choice is not None and picker.choice.key == "c3"
    for char in "x":
        picker.handle(char)
    assert picker.selected == 0 and [c.key for c in picker.matches] == ["a1", "b2"]
    picker.handle(DOWN)
    picker.handle(DOWN)
    assert picker.choice is not None and picker.choice.key == "b2"
    picker.handle(BACKSPACE)
    assert picker.query == "" and len(picker.matches) == 3
    picker.handle("y")
    picker.handle(CLEAR)
    assert picker.query == ""
    assert picker.handle(ENTER) == ENTER and picker.handle(CANCEL) == CANCEL


def test_the_terminal_bytes_become_keys() -> None:
    assert list(keys_of("ab\x1b[A\x1bOB\x7f\r")) == ["a", "b", UP, DOWN, BACKSPACE, ENTER]
    assert list(keys_of("\x1b")) == [CANCEL]
    assert list(keys_of("\x03")) == [CANCEL]
    assert list(keys_of("\x1b[H\x1b[15~z")) == ["z"]  # Home and F5 are not typed text
    assert list(keys_of("ü")) == ["ü"]


def test_the_screen_keeps_the_selection_in_view_and_fits_the_width() -> None:
    picker = _picker(*[f"k{i}  {'w' * 50}" for i in range(30)])
    for _ in range(20):
        picker.handle(DOWN)
    lines = picker.screen(width=40, height=10)
    assert len(lines) == 10 and all(len(line) <= 40 for line in lines)
    assert lines[1].strip() == "30/30"
    assert lines[-1].startswith("> k20 ")


def test_without_a_terminal_pick_refuses_in_one_line(runner: CliRunner, tmp_path: Path) -> None:
    library = write_library(tmp_path / "lib")
    result = runner.invoke(cli, ["--library", str(library), "pick"])
    assert result.exit_code != 0 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "terminal" in lines[0] and lines[0].startswith("archcite: error:")


def test_style_without_cite_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    library = write_library(tmp_path / "lib")
    result = runner.invoke(cli, ["--library", str(library), "pick", "--style", "mla"])
    assert result.exit_code == 2 and "--cite" in result.stderr


# -- on a pseudo-terminal -------------------------------------------------------------------

def _spawn(library: Path, tmp_path: Path, *args: str):  # type: ignore[no-untyped-def]
    """``chosen=$(archcite pick ARGS)`` in bash on a 24×120 pseudo-terminal, then the capture
    printed between markers, and the status."""
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "XDG_DATA_HOME": str(tmp_path / "x"),
           "TERM": "xterm"}
    env.pop("ARCHCITE_LIBRARY", None)
    quoted = " ".join(f"'{a}'" for a in args)
    line = (f"chosen=$({sys.executable} -m archcite --library '{library}' pick {quoted}); "
            "echo \"status=$? chosen=[$chosen]\"")
    return pexpect.spawn("bash", ["--norc", "--noprofile", "-c", line], env=env,
                         dimensions=(24, 120), encoding="utf-8", timeout=60)


def _chosen(child) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    child.expect(r"status=(\d+) chosen=\[(.*?)\]\r?\n", timeout=60)
    status, chosen = int(child.match.group(1)), child.match.group(2)
    child.expect(__import__("pexpect").EOF)
    return status, chosen


def _date_order(library: Path) -> list[str]:
    result = CliRunner().invoke(cli, ["--library", str(library), "list", "--keys"])
    return result.stdout.split()


@pytest.fixture
def sample_library(tmp_path: Path) -> Path:
    return write_library(tmp_path / "lib")


@pytest.mark.slow
def test_type_to_filter_then_enter_prints_the_key(sample_library: Path, tmp_path: Path) -> None:
    child = _spawn(sample_library, tmp_path)
    child.expect("4/4")
    child.send("munchen")  # the title says München
    child.expect("1/4")
    child.send("\r")
    assert _chosen(child) == (0, "embassy1956report")


@pytest.mark.slow
def test_arrows_move_and_the_query_argument_starts_the_filter(sample_library: Path,
                                                            tmp_path: Path) -> None:
    order = _date_order(sample_library)
    child = _spawn(sample_library, tmp_path)
    child.expect("4/4")
    child.send("\x1b[B")  # down
    child.send("\x1b[B")
    child.send("\x1b[A")  # up
    child.send("\r")
    assert _chosen(child) == (0, order[1])
    child = _spawn(sample_library, tmp_path, "kaesong")  # not shown: the abstract is not listed
    child.expect("0/4")
    child.send("\x15")  # Ctrl-U clears the filter
    child.expect("4/4")
    child.send("zedong")
    child.expect("1/4")
    child.send("\x7f\x7f\x7f\x7f\x7f\x7fkim")  # backspace the whole word, type another
    child.expect("1/4")
    child.send("\r")
    assert _chosen(child) == (0, "kim1950ciphered")


@pytest.mark.slow
def test_escape_leaves_with_nothing_printed_and_the_terminal_restored(
        sample_library: Path, tmp_path: Path) -> None:
    child = _spawn(sample_library, tmp_path)
    child.expect("4/4")
    child.send("\x1b")
    child.expect(r"\x1b\[\?1049l")  # the alternate screen is left
    assert _chosen(child) == (130, "")


@pytest.mark.slow
def test_cite_prints_the_chosen_records_citation(sample_library: Path, tmp_path: Path) -> None:
    expected = CliRunner().invoke(cli, ["--library", str(sample_library), "cite",
                                        "mao1953cable", "--style", "mla"]).stdout.strip()
    assert expected
    child = _spawn(sample_library, tmp_path, "--cite", "--style", "mla")
    child.expect("4/4")
    child.send("cable mao")
    child.expect("1/4")
    child.send("\r")
    assert _chosen(child) == (0, expected)
