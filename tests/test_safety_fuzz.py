"""Hypothesis fuzzing: random and mutated records never cause a traceback or a bad file.

Every target of ``tests.fuzzing.FUZZ_TARGETS`` is fed random JSON values and mutated copies of
the seed record (dropped fields, wrong shapes, hostile ids, broken holdings and dates). Only
archcite's own one-line errors may come out, and the library never holds a partial or invalid
file, nor a file outside its folder.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from archcite.errors import RecordError
from archcite.model.record import validate_record
from tests.conftest import BUNDLED_LIBRARY
from tests.fuzzing import ANY_INPUT, FUZZ_TARGETS, run_target
from tests.safety_helpers import open_library


@pytest.mark.parametrize("target", sorted(FUZZ_TARGETS))
def test_fuzz_target(target: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "library"
        shutil.copytree(BUNDLED_LIBRARY, root, ignore=shutil.ignore_patterns(".archcite"))
        library = open_library(root)

        @settings(max_examples=150, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(data=ANY_INPUT)
        def fuzz(data: Any) -> None:
            run_target(target, data, library)

        fuzz()


@settings(max_examples=300, deadline=None)
@given(data=ANY_INPUT)
def test_validate_record_only_raises_record_error(data: Any) -> None:
    try:
        validate_record(data)
    except RecordError as exc:
        assert "\n" not in str(exc)
