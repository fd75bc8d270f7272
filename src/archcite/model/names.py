"""The one way a CSL name becomes text, in the orders archcite writes names.

A CSL name is a literal (``{"literal": "Soviet Embassy in Pyongyang"}``) or parts (``given``,
``family``, particles, ``suffix``); a family-first name (Mao Zedong) carries
``static-ordering``. Three places need names as text, and they differ only in the order of the
parts, the separator between names and how characters are escaped:

- ``"reading"``: as a reader writes the name (``Ludwig van Beethoven``, ``Mao Zedong``,
  ``Martin Luther King, Jr.``): the listing, ``show`` and the search index.
- ``"sort"``: the bibliography's sort form: particle, family, given (``van Beethoven Ludwig``),
  no suffix; literals as given.
- ``"bibtex"``: BibTeX's name syntax, ``{von} Family, Suffix, Given``; a literal or a
  family-first name is one braced unit (BibTeX would otherwise reorder ``Mao Zedong``), and a
  family with a space or comma is braced so BibTeX does not split it.

``esc`` escapes each part (LaTeX for .bib files); the braces of ``"bibtex"`` are its syntax
and are never escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

NameOrder = Literal["reading", "sort", "bibtex"]
Escape = Callable[[str], str]


def _same(text: str) -> str:
    return text


def _bibtex(name: dict[str, Any], esc: Escape) -> str:
    if "literal" in name or not name.get("family"):
        literal = name.get("literal") or name.get("given") or ""
        return "{" + esc(literal) + "}" if literal else ""
    if name.get("static-ordering"):
        return "{" + esc(f"{name['family']} {name.get('given', '')}".strip()) + "}"
    family = esc(name["family"])
    if " " in name["family"] or "," in name["family"]:
        family = "{" + family + "}"
    particle = name.get("non-dropping-particle") or name.get("dropping-particle") or ""
    if particle:
        family = f"{esc(particle)} {family}"
    parts = [family]
    if name.get("suffix"):
        parts.append(esc(name["suffix"]))
    if name.get("given"):
        parts.append(esc(name["given"]))
    if len(parts) == 2 and name.get("suffix") and not name.get("given"):
        parts.append("")  # "Family, Suffix," : BibTeX reads a lone second part as the given
    return ", ".join(parts)


def name_text(name: Any, order: NameOrder = "reading", esc: Escape = _same) -> str:
    """One CSL name as text in ``order``, each part escaped by ``esc``; "" for a non-name."""
    if not isinstance(name, dict):
        return ""
    if order == "bibtex":
        return _bibtex(name, esc)
    if name.get("literal"):
        return esc(str(name["literal"]))
    if order == "sort":
        keys: tuple[str, ...] = ("non-dropping-particle", "family", "given")
    elif name.get("static-ordering"):
        keys = ("family", "given")
    else:
        keys = ("given", "dropping-particle", "non-dropping-particle", "family")
    text = " ".join(esc(str(name[k])) for k in keys if name.get(k))
    if order == "reading" and name.get("suffix"):
        return f"{text}, {esc(str(name['suffix']))}"
    return text


def names_text(names: Any, order: NameOrder = "reading", esc: Escape = _same,
               sep: str | None = None) -> str:
    """Every name of a CSL name list as text, empty ones left out.

    The separator is the order's own unless given: ``; `` when reading (a name may hold a
    comma: ``King, Jr.``), `` and `` in BibTeX, a space in the sort form.
    """
    if not isinstance(names, list):
        return ""
    if sep is None:
        sep = {"reading": "; ", "bibtex": " and ", "sort": " "}[order]
    return sep.join(t for t in (name_text(n, order, esc) for n in names) if t)
