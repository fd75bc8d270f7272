"""The everyday path, whole: add real pages, list, cite, export, re-import — as a user would.

These are use-case tests through the real CLI (CliRunner) and, for the README's quick start,
through a real subprocess from the repository's root.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli import cli
from tests.helpers import REPO, snapshot

SPEC_NOTE = (
    "Filippov [Stalin] to Mao Zedong, ciphered telegram, June 30, 1951, APRF, f. 45, op. 1, "
    "d. 339, ll. 95–96; AVPRF, f. 059a, op. 5a, d. 4, papka 11, ll. 14–15, History and Public "
    "Policy Program Digital Archive, Wilson Center, "
    "https://digitalarchive.wilsoncenter.org/document/110374."
)


def run(runner: CliRunner, library: Path, *args: str) -> str:
    result = runner.invoke(cli, ["--library", str(library), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output + (result.stderr or "")
    return result.stdout


def test_quick_start_prints_the_seed_note_from_the_bundled_library(tmp_path: Path) -> None:
    """The README's first command, minus the install: run from the repository's root."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "XDG_DATA_HOME": str(tmp_path)}
    env.pop("ARCHCITE_LIBRARY", None)
    done = subprocess.run(
        [sys.executable, "-m", "archcite", "cite", "filippov1951ciphered", "--style", "chicago"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == SPEC_NOTE + "\n"
    assert done.stderr == ""


def test_readme_quick_start_commands_are_the_ones_ci_runs() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    test_command = "pip install -e '.[test]' && python -m pytest"
    assert test_command in readme and test_command in ci
    assert "pip install . && archcite cite filippov1951ciphered --style chicago" in readme


def test_add_every_real_page_then_cite_export_and_reimport(
    runner: CliRunner, tmp_path: Path, seed_page: Path, wilson_dir: Path, csl_schema: Path
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    library = tmp_path / "library"
    pages = [seed_page, *sorted(p for p in wilson_dir.glob("*.txt") if "node-" not in p.name)]
    keys = run(runner, library, "add", *map(str, pages)).split()
    assert len(keys) == len(pages) == len(set(keys))
    assert keys[0] == "filippov1951ciphered"

    # The page with no citation data is refused and changes nothing.
    before = snapshot(library)
    refused = runner.invoke(cli, ["--library", str(library), "add",
                                  str(wilson_dir / "node-89952.txt")])
    assert refused.exit_code != 0
    assert len(refused.stderr.strip().splitlines()) == 1
    assert snapshot(library) == before

    # Adding the seed again says so and changes nothing.
    again = runner.invoke(cli, ["--library", str(library), "add", str(seed_page)])
    assert "already" in again.stderr and snapshot(library) == before

    listed = run(runner, library, "list", "--keys").split()
    assert sorted(listed) == sorted(keys)
    found = run(runner, library, "search", "archive:APRF fond:45 delo:339", "--keys").split()
    assert found == ["filippov1951ciphered"]
    # "-word" is a negation even when the word holds an "h" (never read as -h, the help).
    with_mao = run(runner, library, "search", "--keys", "mao").split()
    assert with_mao and run(runner, library, "search", "--keys", "mao", "-shelepin").split() == (
        with_mao
    )
    assert "filippov1951ciphered" not in run(
        runner, library, "list", "--keys", "mao", "-author:filippov").split()
    found = run(runner, library, "search", "archive:AVPRF", "papka:11", "--keys").split()
    assert sorted(found) == sorted(
        k for k in keys if k.startswith("filippov1951")  # 110374 and 110360 (both in AVPRF)
    )

    assert run(runner, library, "cite", "filippov1951ciphered").strip() == SPEC_NOTE
    notes = run(runner, library, "cite", *keys, "--style", "chicago").strip().splitlines()
    assert len(notes) == len(keys) and all(n.endswith(".") for n in notes)
    works_cited = run(runner, library, "cite", *keys, "--style", "mla").strip().splitlines()
    assert len(works_cited) == len(keys)

    csl = json.loads(run(runner, library, "export", "--format", "csl-json"))
    jsonschema.validate(csl, json.loads(csl_schema.read_text("utf-8")))
    assert sorted(item["id"] for item in csl) == sorted(keys)

    bib = tmp_path / "refs.bib"
    run(runner, library, "export", "--format", "biblatex", "--full", "-o", str(bib))
    other = tmp_path / "other"
    imported = run(runner, other, "import", str(bib)).split()
    assert sorted(imported) == sorted(keys)
    for key in keys:
        assert json.loads((other / f"{key}.json").read_text("utf-8")) == json.loads(
            (library / f"{key}.json").read_text("utf-8")
        )
