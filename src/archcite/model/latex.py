"""The one escaper of LaTeX's special characters, for .bib fields and LaTeX documents alike.

Ten characters mean something to LaTeX; each is written as a command or a backslash escape.
Two places write LaTeX and they differ in one respect only, the braces:

- In a .bib field, BibTeX and Biber count every ``{`` and ``}``, escaped or not, to find where
  the field ends; a lone ``\\{`` from the data would unbalance the entry. So a literal brace is
  written ``\\textbraceleft{}`` / ``\\textbraceright{}``, which hold no unmatched brace.
- In a LaTeX document (a rendered bibliography), nothing counts braces before TeX reads them,
  and ``\\{`` / ``\\}`` are the ordinary spelling.

Both live in this module (below render/ and formats/, which may not import each other) so
that there is one table of special characters, not one per output.
"""

from __future__ import annotations

import re

_COMMON = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# Literal braces in a .bib field (brace-neutral) and in a document body.
BIB_BRACES = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
DOCUMENT_BRACES = {"{": r"\{", "}": r"\}"}

SPECIAL_CHARACTERS = frozenset(_COMMON) | frozenset("{}")
_SPECIAL_RE = re.compile(r"[\\{}&%$#_~^]")
_BIB_TABLE = str.maketrans({**_COMMON, **BIB_BRACES})
_DOCUMENT_TABLE = str.maketrans({**_COMMON, **DOCUMENT_BRACES})


def escape(text: str, *, bib: bool = True) -> str:
    """``text`` with LaTeX's ten special characters escaped; everything else passes through.

    ``bib`` chooses the braces: brace-neutral commands inside a .bib field (the default), or
    ``\\{``/``\\}`` in a LaTeX document.
    """
    if not _SPECIAL_RE.search(text):
        return text
    return text.translate(_BIB_TABLE if bib else _DOCUMENT_TABLE)


def escape_document(text: str) -> str:
    """:func:`escape` for the body of a LaTeX document (``\\{`` for a brace)."""
    return escape(text, bib=False)

