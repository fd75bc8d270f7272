"""A new user's first week: each defect they met, through the real command.

Where data is at stake the library's files are compared before and after.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli import cli
from tests.conftest import snapshot
from tests.records import SAMPLE, write_library


def run(runner: CliRunner, library: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["--library", str(library), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def sample_library(tmp_path: Path) -> Path:
    return write_library(tmp_path / "library")


# --- cite: pinpoints pair with keys; options a style cannot use are refused -----------------

def test_one_locator_per_key_pairs_in_order(runner: CliRunner, sample_library: Path) -> None:
    code, out, err = run(runner, sample_library, "cite", "kim1950ciphered", "mao1953cable",
                         "--form", "short", "--locator", "l. 41", "--locator", "l. 9")
    assert (code, err) == (0, "")
    first, second = out.splitlines()
    assert first.endswith("l. 41.") and "l. 9" not in first
    assert second.endswith("l. 9.") and "l. 41" not in second


def test_an_empty_locator_leaves_that_key_without_a_pinpoint(runner: CliRunner,
                                                            sample_library: Path) -> None:
    code, out, _ = run(runner, sample_library, "cite", "kim1950ciphered", "mao1953cable",
                       "--form", "short", "--locator", "", "--locator", "l. 9")
    assert code == 0
    alone = run(runner, sample_library, "cite", "kim1950ciphered", "--form", "short")[1]
    assert out.splitlines()[0] == alone.strip()
    assert out.splitlines()[1].endswith("l. 9.")


@pytest.mark.parametrize("locators", [["l. 41"], ["l. 41", "l. 9", "l. 3"]])
def test_locators_that_do_not_pair_with_the_keys_are_refused(
        runner: CliRunner, sample_library: Path, locators: list[str]) -> None:
    args = [a for loc in locators for a in ("--locator", loc)]
    code, out, err = run(runner, sample_library, "cite", "kim1950ciphered", "mao1953cable",
                         *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "once per key" in err or "one per key" in err


def test_a_bibliography_entry_refuses_a_pinpoint(runner: CliRunner,
                                                 sample_library: Path) -> None:
    code, out, err = run(runner, sample_library, "cite", "kim1950ciphered", "--form", "bib",
                         "--locator", "l. 41")
    assert code == 2 and out == "" and "--locator" in err


@pytest.mark.parametrize("style", ["bibtex", "biblatex"])
@pytest.mark.parametrize("extra", [["--form", "short"], ["--locator", "l. 41"],
                                   ["--format", "html"], ["--shelfmark-first"]])
def test_export_styles_refuse_options_they_cannot_use(runner: CliRunner, sample_library: Path,
                                                      style: str, extra: list[str]) -> None:
    code, out, err = run(runner, sample_library, "cite", "kim1950ciphered", "--style", style,
                         *extra)
    assert code == 2 and out == ""
    assert extra[0] in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(("typed", "meant"), [("chicgo", "chicago"), ("Chicago ", None),
                                              ("mal", "mla"), ("biblatx", "biblatex")])
def test_a_mistyped_style_gets_did_you_mean(runner: CliRunner, sample_library: Path,
                                            typed: str, meant: str | None) -> None:
    code, out, err = run(runner, sample_library, "cite", "kim1950ciphered", "--style", typed)
    if meant is None:  # case and spaces are not a typo
        assert code == 0 and out
        return
    assert code != 0 and out == ""
    assert f"(did you mean {meant}" in err


def test_library_untouched_by_refused_cites(runner: CliRunner, sample_library: Path) -> None:
    before = snapshot(sample_library)
    run(runner, sample_library, "cite", "kim1950ciphered", "mao1953cable", "--locator", "l. 1")
    assert snapshot(sample_library) == before
    assert len(SAMPLE) == len(list(sample_library.glob("*.json")))


# --- export: a paper that cites nothing exports nothing; a broken file is skipped -------------

@pytest.mark.parametrize(("option", "name", "text"), [
    ("--tex", "paper.tex", "\\documentclass{article}\\begin{document}No citations yet."
                           "\\end{document}\n"),
    ("--md", "paper.md", "# Draft\n\nNo citations yet; an e-mail like a@b.org is not one.\n"),
])
def test_a_paper_that_cites_nothing_exports_nothing(runner: CliRunner, sample_library: Path,
                                                     tmp_path: Path, option: str, name: str,
                                                     text: str) -> None:
    paper = tmp_path / name
    paper.write_text(text, "utf-8")
    code, out, err = run(runner, sample_library, "export", option, str(paper))
    assert code == 0
    assert "@" not in out and out.strip() == ""
    assert "cites no keys" in err


def test_a_paper_citing_one_key_exports_that_key_only(runner: CliRunner, sample_library: Path,
                                                      tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text("As the cable says [@mao1953cable, l. 9].\n", "utf-8")
    code, out, _ = run(runner, sample_library, "export", "--md", str(paper))
    assert code == 0
    assert out.count("\n@") + out.startswith("@") == 1 and "mao1953cable" in out


def test_export_of_the_library_skips_a_broken_record_file(runner: CliRunner,
                                                          sample_library: Path) -> None:
    (sample_library / "broken1999file.json").write_text('{"id": "broken1999file", "ty', "utf-8")
    before = snapshot(sample_library)
    code, out, err = run(runner, sample_library, "export", "--format", "csl-json")
    assert code == 0
    import json

    exported = json.loads(out)
    assert sorted(r["id"] for r in exported) == sorted(r["id"] for r in SAMPLE)
    assert "broken1999file" in err and "warning" in err
    assert snapshot(sample_library) == before
