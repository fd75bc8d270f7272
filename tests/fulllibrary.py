"""A library built as a user builds one: every Wilson Center fixture page and the seed through
``add``, every literature file in ``tests/data/literature`` through ``import``, then tags and
personal notes through ``tag`` and ``note`` — the "whole fixture + literature library" that the
export round-trip and compile tests run over.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from archcite.cli import cli
from tests.conftest import SHARED

DATA = Path(__file__).parent / "data" / "literature"
LITERATURE = sorted(p for p in DATA.iterdir() if p.suffix in (".bib", ".ris", ".json"))


def run(library: Path, *args: str, ok: bool = True) -> Result:
    result = CliRunner().invoke(cli, ["--library", str(library), *args],
                                catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def records(library: Path) -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text("utf-8")) for p in sorted(library.glob("*.json"))}


def build_library(library: Path) -> None:
    """The fixture pages, the seed, the literature files, tags and notes, as a user adds them."""
    wilson = SHARED / "fixtures" / "wilson"
    seed = SHARED / "seed" / "110374.md"
    if not wilson.is_dir() or not seed.exists():
        pytest.skip(f"needs {SHARED} (the project's shared material is not beside this clone)")
    library.mkdir(parents=True)
    added = 0
    for page in [seed, *sorted(wilson.glob("*.txt"))]:
        result = run(library, "add", str(page), ok=False)
        added += result.exit_code == 0
    assert added >= 10, "the fixture pages no longer add"
    for path in LITERATURE:
        run(library, "import", str(path))
    keys = sorted(records(library))
    for index, key in enumerate(keys[::3]):
        run(library, "tag", key, "+roundtrip", f"+group {index % 4}")
    for key in keys[1::4]:
        run(library, "note", key, f"Checked {key} against the original; see {{braces}} & 50%.")


