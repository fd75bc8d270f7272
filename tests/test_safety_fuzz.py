"""Hypothesis fuzzing: random and mutated input never causes a traceback or a bad file.

Every target of ``tests.fuzzing.FUZZ_TARGETS`` is fed its inputs: random JSON values and mutated
copies of the seed record (dropped fields, wrong shapes, hostile ids, broken holdings and
dates); the real Wilson Center pages cut, spliced, byte-flipped, with labels repeated, NULs and
huge lines, as text and as HTML; citation strings; .bib and CSL-JSON files. Only archcite's own
one-line errors may come out; a failed import changes nothing; the library never holds a
partial or invalid file, nor a file outside its folder. A sample also goes through the CLI.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archcite.cli import cli
from archcite.errors import RecordError
from archcite.model.record import validate_record
from tests.fuzzing import (
    ANY_INPUT,
    FUZZ_TARGETS,
    bib_texts,
    citation_strings,
    csl_texts,
    run_target,
)
from tests.helpers import BUNDLED_LIBRARY, assert_library_valid, open_library

pytestmark = pytest.mark.slow  # fuzzing: hundreds of hypothesis examples per importer

FUZZ = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.large_base_example])


@pytest.mark.parametrize("target", sorted(FUZZ_TARGETS))
def test_fuzz_target(target: str) -> None:
    @FUZZ
    @given(data=FUZZ_TARGETS[target].inputs)
    def fuzz(data: Any) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "library"
            shutil.copytree(BUNDLED_LIBRARY, root, ignore=shutil.ignore_patterns(".archcite"))
            run_target(target, data, open_library(root))

    fuzz()


@settings(max_examples=300, deadline=None)
@given(data=ANY_INPUT)
def test_validate_record_only_raises_record_error(data: Any) -> None:
    try:
        validate_record(data)
    except RecordError as exc:
        assert "\n" not in str(exc)


_CLI_INPUTS = st.one_of(
    citation_strings().map(lambda text: ("citation", text)),
    bib_texts().map(lambda data: (".bib", data)),
    csl_texts().map(lambda data: (".json", data)),
)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=_CLI_INPUTS)
def test_fuzz_through_the_cli(case: tuple[str, Any]) -> None:
    """``archcite add --citation`` and ``archcite import``: exit 0 or 1, one-line errors only."""
    kind, data = case
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "library"
        shutil.copytree(BUNDLED_LIBRARY, root, ignore=shutil.ignore_patterns(".archcite"))
        if kind == "citation":
            args = ["add", "--citation", data]
        else:
            path = Path(tmp) / f"input{kind}"
            path.write_bytes(data)
            args = ["import", str(path)]
        runner = CliRunner()
        result = runner.invoke(cli, ["--library", str(root), *args],
                               env={"XDG_CACHE_HOME": str(Path(tmp) / "cache"),
                                    "XDG_DATA_HOME": str(Path(tmp) / "data")})
        assert result.exit_code in (0, 1), (result.exit_code, result.output)
        assert "Traceback" not in result.output
        if result.exit_code:
            errors = [line for line in result.stderr.splitlines() if "error:" in line]
            assert errors and all(line.startswith("archcite: ") for line in errors)
        assert_library_valid(root)
