"""Rendered HTML citations as blocks a browser, an e-mail or a word processor keeps apart.

The renderer's HTML format gives one fragment per entry; pasted as they come, the entries of
a bibliography run together. Here every entry becomes its own block element (the
``csl-entry`` class citeproc-js and pandoc give them) and the addresses the entry prints become
links (MLA prints an address without "https://": the link gets it back).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_ADDRESS = re.compile(
    r"(?<![\w@/.\-])(?:(?:https?|ftp)://[^\s<>\"]+|(?:www\.)?(?:[a-z0-9-]+\.)+[a-z]{2,}/[^\s<>\"]*)",
    re.IGNORECASE)
_TRAILING = ".,;:)]"


def link_addresses(fragment: str) -> str:
    """``fragment`` (escaped HTML) with every web address it prints made a link."""

    def link(match: re.Match[str]) -> str:
        shown = match.group()
        tail = ""
        while shown and shown[-1] in _TRAILING:
            tail = shown[-1] + tail
            shown = shown[:-1]
        href = shown if re.match(r"^[a-z]+://", shown, re.IGNORECASE) else f"https://{shown}"
        return f'<a href="{href.replace(chr(34), "&quot;")}">{shown}</a>{tail}'

    return _ADDRESS.sub(link, fragment)


def html_blocks(entries: Sequence[str], *, css_class: str = "csl-entry") -> str:
    """One ``<div>`` per entry inside a ``csl-bib-body`` block, addresses linked."""
    rows = [f'  <div class="{css_class}">{link_addresses(entry)}</div>' for entry in entries]
    return "\n".join(['<div class="csl-bib-body">', *rows, "</div>"])
