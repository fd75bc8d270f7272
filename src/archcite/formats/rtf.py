"""Whole RTF documents around citations rendered in the ``rtf`` format.

Word and LibreOffice open or paste RTF with its italics and small caps. The renderer writes
each citation as an RTF fragment (:class:`archcite.render.formatters.RtfFormat`); this module
puts them into one document, one paragraph each, bibliography entries with a half-inch
hanging indent as Chicago and MLA lay out a bibliography.
"""

from __future__ import annotations

from collections.abc import Sequence

HEADER = "{\\rtf1\\ansi\\ansicpg1252\\deff0\\uc1{\\fonttbl{\\f0\\froman Times New Roman;}}"


def rtf_document(fragments: Sequence[str], *, hanging: bool = False) -> str:
    """An RTF document of ``fragments``, one paragraph each (``hanging``: bibliography)."""
    indent = "\\fi-720\\li720" if hanging else ""
    paragraphs = "".join(f"{{\\pard\\plain\\f0\\fs24{indent} {text}\\par}}\n"
                         for text in fragments)
    return f"{HEADER}\n{paragraphs}}}\n"
