"""Every package archcite imports is one it declares.

A package that only arrives as another package's dependency (lxml through citeproc-py) can
vanish the day that package changes its own requirements, and archcite breaks on a machine
where nothing in archcite changed. So each third-party module imported anywhere under
``src/`` — at module level or inside a function, where the lazy imports that keep start-up
fast hide them — must belong to a distribution named in ``[project] dependencies``; the
tests' own imports may also use the ``test`` extra. The files are read as source (their AST),
so an import that has not run yet still counts.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest

from tests.helpers import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))


def _names(requirements: list[str]) -> set[str]:
    """Distribution names of requirement strings, normalised as packaging does."""
    return {re.sub(r"[-_.]+", "-", re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0]).lower()
            for r in requirements}


def _top_level_imports(folder: Path) -> dict[str, str]:
    """Each absolute top-level module imported under ``folder`` → the first file naming it."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                found.setdefault(module.split(".")[0], path.relative_to(folder).as_posix())
    return found


def _undeclared(folder: Path, declared: set[str], own: set[str]) -> list[str]:
    distributions = importlib.metadata.packages_distributions()
    missing = []
    for module, where in _top_level_imports(folder).items():
        if module in sys.stdlib_module_names or module in own:
            continue
        owners = {re.sub(r"[-_.]+", "-", d).lower() for d in distributions.get(module, [])}
        if not owners & declared:
            missing.append(f"{module} (imported in {where}; from {sorted(owners) or 'nowhere'})")
    return missing


def test_every_package_the_code_imports_is_a_declared_dependency() -> None:
    declared = _names(PYPROJECT["project"]["dependencies"])
    assert _undeclared(REPO / "src", declared, {"archcite"}) == []


def test_every_package_the_tests_import_is_declared_for_the_tests() -> None:
    extras = PYPROJECT["project"]["optional-dependencies"]
    declared = _names(PYPROJECT["project"]["dependencies"]) | _names(extras["test"])
    assert _undeclared(REPO / "tests", declared, {"archcite", "tests"}) == []


def test_an_undeclared_import_is_found(tmp_path: Path) -> None:
    """The check itself: a lazy import of a package that is installed (it runs these tests)
    but not declared is reported."""
    module = tmp_path / "lazy.py"
    module.write_text("def later():\n    import pytest\n    return pytest\n", "utf-8")
    if not importlib.metadata.packages_distributions().get("pytest"):
        pytest.skip("pytest is not installed as a distribution here")
    assert [m.split(" ")[0] for m in _undeclared(tmp_path, {"click"}, set())] == ["pytest"]
