"""Layers import downward only, and no two modules import each other, lazy imports included.

Data flows one way (source → parser → record → library → renderer → output), so the packages
form layers, lowest first:

    errors → model → sources | library → render | formats → context → cli

(with ``archcite.files``, the safe file writing both ``sources`` and ``library`` need, just
above ``errors``). A module may import its own layer's package and any lower layer, never a
higher one. ``sources`` and ``library`` are one layer but independent: a page is read without a
library and a library is kept without reading pages, so neither imports the other (what both
need, a folder and an atomic write, comes from the caller or from a lower layer). ``render`` and
``formats`` are siblings the same way: ``formats`` writes .bib and CSL-JSON from records and
reads them back, and never needs citeproc's rendering; ``render`` turns records into notes
and bibliographies and never needs a .bib writer. Neither imports the other today, and both
take what they share (names, LaTeX escaping, holdings) from ``model``.

Every import counts: at module level, inside a function (the lazy imports that keep start-up
fast), or under ``TYPE_CHECKING``: each is a dependency of the module on the other. The modules
are read as source (their AST), not imported, so a lazy import cannot hide.

Cycles are looked for among modules. Importing ``a.b.c`` always runs ``a/b/__init__.py`` first,
so a module's use of its own package (``archcite.cli.app`` reading ``archcite.cli.COMMANDS``)
is structural and left out of the cycle search; a package may therefore dispatch to its
submodules lazily (``archcite.cli.main``), but never import them at module level, where the
package would be half-initialised when the submodule reads it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import REPO

SRC = REPO / "src"

# Lowest first. Packages on one rank are siblings that must not import each other.
LAYERS: list[set[str]] = [
    {"archcite"},  # archcite/__init__.py holds only the version
    {"archcite.errors"},
    {"archcite.files"},  # safe writes and per-user folders, for sources and library alike
    {"archcite.model"},
    {"archcite.sources", "archcite.library"},
    {"archcite.render", "archcite.formats"},
    {"archcite.context"},
    {"archcite.cli"},
    {"archcite.__main__"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}

# Known violations, each (importer, imported) with why it is still here. Empty once the code
# keeps the rule; an entry that no longer occurs fails the test, so the list cannot go stale.
ALLOWED_LAYER_VIOLATIONS: set[tuple[str, str]] = set()
ALLOWED_CYCLES: list[set[str]] = []


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int
    lazy: bool  # inside a function or a class body (run later, not when the module loads)

    def __str__(self) -> str:
        where = "function-level" if self.lazy else "module-level"
        return f"{self.importer} imports {self.imported} ({where}, line {self.line})"


def _modules() -> dict[str, tuple[Path, bool]]:
    """Every module of the package: dotted name → (file, is a package's __init__)."""
    out = {}
    for path in sorted((SRC / "archcite").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        package = parts[-1] == "__init__"
        if package:
            parts.pop()
        out[".".join(parts)] = (path, package)
    return out


MODULES = _modules()


def _imports(name: str) -> list[Import]:
    """The archcite modules ``name`` imports, wherever in the file the import statement is."""
    path, package = MODULES[name]
    tree = ast.parse(path.read_text("utf-8"), str(path))
    here = name if package else name.rsplit(".", 1)[0]
    found: list[Import] = []

    def visit(node: ast.AST, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                               ast.Lambda, ast.ClassDef))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    target = _known(alias.name)
                    if target:
                        found.append(Import(name, target, child.lineno, lazy))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = here.split(".")[: len(here.split(".")) - child.level + 1]
                    module = ".".join(base + ([child.module] if child.module else []))
                else:
                    module = child.module or ""
                for alias in child.names:
                    # ``from archcite.cli import app`` imports the submodule archcite.cli.app
                    sub = f"{module}.{alias.name}"
                    target = sub if sub in MODULES else _known(module)
                    if target:
                        found.append(Import(name, target, child.lineno, lazy))
            visit(child, inner)

    visit(tree, False)
    return [i for i in found if i.imported != name]


def _known(module: str) -> str | None:
    """The archcite module ``module`` names (its nearest existing ancestor), else None."""
    parts = module.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            return candidate
        parts.pop()
    return None


def _layer(module: str) -> str:
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in RANK:
            return ".".join(parts[:end])
    raise AssertionError(f"{module} is in no layer: add its package to LAYERS")


IMPORTS = [i for name in MODULES for i in _imports(name)]


def layer_violations(imports: list[Import]) -> list[Import]:
    """Imports of a higher layer, or of a sibling package on the same rank."""
    bad = []
    for imp in imports:
        own, other = _layer(imp.importer), _layer(imp.imported)
        if own != other and RANK[other] >= RANK[own]:
            bad.append(imp)
    return bad


def _is_ancestor(package: str, module: str) -> bool:
    return module.startswith(package + ".")


def cycles(imports: list[Import]) -> list[set[str]]:
    """Sets of modules that import one another (Tarjan's strongly connected components)."""
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for imp in imports:
        if not _is_ancestor(imp.imported, imp.importer):  # a module's own package: structural
            graph[imp.importer].add(imp.imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_every_module_is_in_a_layer() -> None:
    for name in MODULES:
        _layer(name)


def test_no_module_imports_a_higher_layer_or_a_sibling() -> None:
    bad = [imp for imp in layer_violations(IMPORTS)
           if (imp.importer, imp.imported) not in ALLOWED_LAYER_VIOLATIONS]
    assert not bad, "imports against the layers:\n" + "\n".join(map(str, bad))


def test_no_import_cycle() -> None:
    found = [c for c in cycles(IMPORTS) if c not in ALLOWED_CYCLES]
    assert not found, "modules importing each other: " + "; ".join(
        " ↔ ".join(sorted(c)) for c in found)


def test_no_package_imports_its_own_submodules_when_loading() -> None:
    bad = [imp for imp in IMPORTS if MODULES[imp.importer][1] and not imp.lazy
           and _is_ancestor(imp.importer, imp.imported)]
    assert not bad, "\n".join(map(str, bad))


def test_the_allow_lists_name_only_what_still_happens() -> None:
    happening = {(i.importer, i.imported) for i in layer_violations(IMPORTS)}
    assert happening >= ALLOWED_LAYER_VIOLATIONS, ALLOWED_LAYER_VIOLATIONS - happening
    found = cycles(IMPORTS)
    assert all(c in found for c in ALLOWED_CYCLES)


# -- the checks themselves catch what they are for -------------------------------------------

def _imp(importer: str, imported: str, lazy: bool = True) -> Import:
    return Import(importer, imported, 1, lazy)


def test_a_lazy_upward_import_is_a_violation() -> None:
    assert layer_violations([_imp("archcite.model.record", "archcite.library.store")])
    assert layer_violations([_imp("archcite.sources.fetch", "archcite.library.files")])
    assert layer_violations([_imp("archcite.formats.export", "archcite.render.engine")])
    assert layer_violations([_imp("archcite.render.view", "archcite.formats.latex")])
    assert layer_violations([_imp("archcite.render.cache", "archcite.cli.app")])
    assert not layer_violations([_imp("archcite.render.cache", "archcite.library.store"),
                                 _imp("archcite.cli.app", "archcite.errors"),
                                 _imp("archcite.library.index", "archcite.library.store")])


def test_a_lazy_two_module_cycle_is_found() -> None:
    extra = [_imp("archcite.model.record", "archcite.model.keys"),
             _imp("archcite.model.keys", "archcite.model.record")]
    assert any({"archcite.model.record", "archcite.model.keys"} <= c
               for c in cycles(IMPORTS + extra))


def test_function_level_imports_are_read() -> None:
    """The reader sees imports inside functions, not only at the top of a module."""
    lazy = [i for i in IMPORTS if i.lazy]
    assert lazy, "no function-level import found: the reader misses them"
    assert any(i.importer == "archcite.cli" and i.imported == "archcite.cli.app" for i in lazy)
