"""``archcite cite`` end to end: CliRunner on the real library files, one real subprocess, and
pandoc --citeproc rendering the stored CSL-JSON with archcite's Chicago note style."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli import cli
from archcite.library.store import Library
from archcite.model.archives import default_registry
from tests.helpers import (
    BOOK,
    CHICAGO_BIB,
    CHICAGO_NOTE,
    CHICAGO_SHORT,
    MINUTES,
    MLA_BIB,
    REPO,
    SEED,
    TRANSLATED,
    snapshot,
)


def cite(runner: CliRunner, library: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["--library", str(library), "cite", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def big_library(seed_library: Path) -> Path:
    lib = Library(seed_library, default_registry())
    for record in (BOOK, MINUTES, TRANSLATED):
        lib.write(record)
    return seed_library


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], CHICAGO_NOTE),
        (["--style", "chicago", "--form", "short", "--locator", "l. 95"], CHICAGO_SHORT),
        (["--form", "bib"], CHICAGO_BIB),
        (["--style", "mla"], MLA_BIB),
        (["--style", "mla", "--form", "intext"], "(Filippov [Stalin])"),
        (["--style", "mla", "--form", "intext", "--locator", "l. 95"],
         "(Filippov [Stalin], list 95)"),
    ],
)
def test_cite_seed_prints_spec_texts(runner: CliRunner, seed_library: Path, args: list[str],
                                     expected: str) -> None:
    code, out, err = cite(runner, seed_library, "filippov1951ciphered", *args)
    assert (code, err) == (0, "")
    assert out == expected + "\n"


def test_several_keys_notes_in_order_bibliography_sorted(runner: CliRunner,
                                                         big_library: Path) -> None:
    keys = ["radchenko2009two", "filippov1951ciphered", "kim1950telegram"]
    code, out, _ = cite(runner, big_library, *keys, "--form", "short")
    assert code == 0
    assert [line.split(" ")[0] for line in out.splitlines()] == ["Radchenko,", "Filippov", "Kim"]
    code, out, _ = cite(runner, big_library, *keys, "minutes1949conversation", "--form", "bib")
    assert code == 0
    assert [line[:8] for line in out.splitlines()] == ["Filippov", "Kim Il S", "Minutes ",
                                                       "Radchenk"]


def test_formats_on_the_command_line(runner: CliRunner, seed_library: Path) -> None:
    code, out, _ = cite(runner, seed_library, "filippov1951ciphered", "--style", "mla",
                        "--format", "html")
    assert code == 0 and "<i>History and Public Policy Program Digital Archive</i>" in out
    code, out, _ = cite(runner, seed_library, "filippov1951ciphered", "--format", "latex")
    assert code == 0 and "ll. 95--96" in out
    code, out, _ = cite(runner, seed_library, "filippov1951ciphered", "--shelfmark-first")
    assert code == 0 and "ll. 95–96, APRF; f. 059a" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["filippov1951ciphred"], "did you mean filippov1951ciphered?"),
        (["filippov1951ciphered", "--style", "nowhere.csl"], "no style 'nowhere.csl'"),
        (["filippov1951ciphered", "--style", "mla", "--form", "note"], "has no form 'note'"),
    ],
)
def test_cite_errors_are_one_line(runner: CliRunner, seed_library: Path, args: list[str],
                                  message: str) -> None:
    before = snapshot(seed_library)
    code, out, err = cite(runner, seed_library, *args)
    assert code != 0 and out == ""
    assert err.startswith("archcite: error: ") and err.count("\n") == 1 and message in err
    assert "Traceback" not in err
    assert snapshot(seed_library) == before


def test_invalid_csl_file_is_one_line(runner: CliRunner, seed_library: Path,
                                      tmp_path: Path) -> None:
    bad = tmp_path / "bad.csl"
    bad.write_text('<style xmlns="http://purl.org/net/xbiblio/csl"><oops/></style>', "utf-8")
    code, _, err = cite(runner, seed_library, "filippov1951ciphered", "--style", str(bad))
    assert code == 1 and err.count("\n") == 1 and "not a valid CSL 1.0 style" in err


def test_cite_in_a_real_process(seed_library: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    env.pop("ARCHCITE_LIBRARY", None)
    proc = subprocess.run(
        [sys.executable, "-m", "archcite", "--library", str(seed_library), "cite",
         "filippov1951ciphered"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == CHICAGO_NOTE + "\n"


@pytest.mark.slow  # runs pandoc
def test_pandoc_citeproc_renders_the_same_full_note(tmp_path: Path, runner: CliRunner,
                                                    seed_library: Path) -> None:
    pypandoc = pytest.importorskip("pypandoc")
    pandoc = pypandoc.get_pandoc_path()
    (tmp_path / "refs.json").write_text(json.dumps([SEED], ensure_ascii=False), "utf-8")
    (tmp_path / "paper.md").write_text("Text.[@filippov1951ciphered]\n", "utf-8")
    style = REPO / "styles" / "archcite-chicago-note.csl"
    proc = subprocess.run(
        [pandoc, "paper.md", "--citeproc", "--csl", str(style), "--bibliography", "refs.json",
         "-t", "plain", "--wrap=none"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, check=True,
    )
    notes = re.findall(r"^\[1\] (.+)$", proc.stdout, re.MULTILINE)
    code, out, _ = cite(runner, seed_library, "filippov1951ciphered")
    assert code == 0
    assert notes == [out.strip()]


def test_a_single_mla_cite_tells_unsigned_works_apart_by_the_library(
        runner: CliRunner, big_library: Path) -> None:
    """One ``cite`` cannot know the paper's other citations, so the library decides: an
    unsigned document is named by its short title unless another unsigned work in the library
    shares it, and then by its whole title."""
    code, out, _ = cite(runner, big_library, MINUTES["id"], "--style", "mla", "--form", "intext")
    assert (code, out.strip()) == (0, "(Minutes of Conversation)")
    lib = Library(big_library, default_registry())
    lib.write({**{k: v for k, v in MINUTES.items() if k != "URL"},
               "id": "minutes1950conversation",
               "title": "Minutes of Conversation between Zhou Enlai and N. V. Roshchin",
               "issued": {"date-parts": [[1950, 1, 3]]}})
    code, out, _ = cite(runner, big_library, MINUTES["id"], "--style", "mla", "--form", "intext")
    assert (code, out.strip()) == (0, f"({MINUTES['title']})")
