"""Holdings in an imported field: the one holdings reader's front for .bib and CSL-JSON fields.

A ``note``, ``howpublished``, ``library`` or CSL ``archive_location`` such as
``{APRF}, f.~45, op.~1, d.~339, ll.~95--96; {AVPRF}, f.~059a, …`` becomes the holdings it was
written from; what does not read as a reference stays prose. Every import reader (BibTeX,
CSL-JSON, RIS) asks this module, which asks :mod:`archcite.sources.locators`.
"""

from __future__ import annotations

import re

from archcite.formats import latex
from archcite.model.archives import ArchiveRegistry
from archcite.model.holdings import Holding
from archcite.sources.locators import is_archival_reference
from archcite.sources.locators import parse_holdings as read_holdings


def split_top(text: str, sep: str) -> list[str]:
    """Split ``text`` at ``sep`` outside braces (raw .bib text keeps its braces)."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and text.startswith(sep, i):
            out.append(text[start:i])
            start = i + len(sep)
            i = start
            continue
        i += 1
    out.append(text[start:])
    return out


# A holding's first part braced whole (``{MOL}``, ``{Arkhiv Rezs{\H{o}}}``), at the start
# of the field or after a ``;``.
_BRACED_HEAD = re.compile(r"(?:^|;)\s*(?:and\s+)?\{((?:[^{}]|\{[^{}]*\})*)\}\s*(?=[,;]|$)")


def _braced_names(raw: str) -> frozenset[str]:
    """The archive names a .bib field braces as a whole: names the writer protected."""
    if "{" not in raw:
        return frozenset()
    return frozenset(latex.unescape(m.group(1)).strip() for m in _BRACED_HEAD.finditer(raw))


def parse_holdings(text: str, registry: ArchiveRegistry, first_archive: str = "",
                   latex_text: bool = True) -> list[Holding] | None:
    """Holdings from an import field, or None when the field is not an archival reference.

    The field is decoded (LaTeX → text when ``latex_text``) and read by the one holdings
    reader, :func:`archcite.sources.locators.parse_holdings`, that pages and citation strings
    use; here, unlike in a page's Source line, prose must stay prose, so the holdings are kept
    only when every one reads as a reference.
    """
    if not text.strip():
        return None
    named = _braced_names(text) if latex_text else frozenset()
    plain = latex.unescape(text) if latex_text else text
    holdings = read_holdings(plain, registry, first_archive=first_archive)
    if not holdings or not all(is_archival_reference(h, registry, named) for h in holdings):
        return None
    return holdings
