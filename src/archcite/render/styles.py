"""Locate, load and cache CSL styles.

archcite's own styles live in the repository's top-level ``styles/`` folder, which the wheel
ships as ``archcite/styles``. They are found in the installed package first and in the source
checkout second (``PYTHONPATH=src``). ``--style`` also takes any other CSL file by path.

Parsing a style (lxml, plus RelaxNG validation for a user's file) costs far more than rendering
one note with a small style, so parsed styles are cached per process, keyed by the file's path
and modification time; nothing is parsed at import time.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from archcite.errors import RenderError
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
    """The style file for ``style`` (chicago, mla, or a path to a .csl file) and ``form``."""
    if form not in FORMS:
        raise RenderError(f"unknown form {form!r} (choose from {', '.join(FORMS)})")
    name = style.strip().lower()
    if name in BUILTIN:
        forms = BUILTIN[name]
        if form not in forms:
            raise RenderError(
                f"style {name} has no form {form!r} (choose from {', '.join(forms)})"
            )
        return StyleRef(styles_dir() / forms[form], name, True)
    path = Path(style).expanduser()
    if not path.is_file():
        names = [*BUILTIN, "bibtex", "biblatex"]
        import difflib

        close = difflib.get_close_matches(name, names, n=2, cutoff=0.6)
        hint = f" (did you mean {' or '.join(close)}?)" if close else ""
        raise RenderError(f"no style {style!r}{hint}: give {', '.join(names)} or the path of a "
                          "CSL file")
    return StyleRef(path.resolve(), "csl", False)


def load_style(ref: StyleRef) -> Any:
    """The parsed ``CitationStylesStyle`` of ``ref`` (cached per path and modification time)."""
    try:
        mtime = ref.path.stat().st_mtime_ns
    except OSError as exc:
        raise RenderError(f"cannot read style {ref.path}: {exc.strerror}") from exc
    return _load(str(ref.path), mtime, not ref.builtin)


@cache
def _load(path: str, mtime: int, validate: bool) -> Any:
    from citeproc import CitationStylesStyle
    from lxml import etree

    if not _INSTALLED:
        memoize_lookups(enabled_by_environment())
    del mtime  # part of the cache key only: an edited style file is parsed again
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            # archcite's own styles are validated by the test suite; a user's file is
            # validated here so that a broken style fails with its reason, not mid-render.
            style = CitationStylesStyle(path, validate=validate)
        except etree.XMLSyntaxError as exc:
            raise RenderError(f"{path}: not a CSL style (XML error: {exc})") from exc
        except (ValueError, OSError) as exc:
            raise RenderError(f"{path}: cannot load style: {exc}") from exc
        except (AttributeError, TypeError, IndexError) as exc:
            # citeproc-py assumes a <style> root in the CSL namespace and fails inside
            # otherwise (e.g. "'_Element' object has no attribute 'set_locale_list'").
            raise RenderError(f"{path}: not a CSL style (no CSL <style> element)") from exc
    invalid = [w for w in caught if "schema validation" in str(w.message)]
    if invalid or style.root.citation is None:
        detail = str(invalid[0].message).splitlines()[-1] if invalid else "no <citation>"
        raise RenderError(f"{path}: not a valid CSL 1.0 style: {detail}")
    return style


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
