"""Output formats for citeproc-py: text, html, markdown, latex, rtf.

A formatter is a class whose attributes citeproc-py calls: ``preformat`` (applied by citeproc to
terms and literal ``value`` text) and ``Italic``, ``Bold`` … (wrappers for formatted spans). Two
more hooks are archcite's own:

- ``escape`` is applied by the renderer's view to every variable value *before* citeproc sees it.
  citeproc-py limitation: its html formatter does not escape variable content (a ``&`` or ``<``
  in a title reaches the HTML raw), because ``preformat`` is only applied to terms; so the view
  escapes variables itself, for every format that has special characters.
- ``finish`` is applied to each rendered string (LaTeX writes the en dash as ``--``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from archcite.model.latex import escape_document


def _wrap(before: str, after: str) -> Callable[[object], str]:
    def wrapper(text: object) -> str:
        return f"{before}{text}{after}"

    return wrapper


def _plain(text: object, /) -> str:
    """A span without markup: just its text."""
    return str(text)


class TextFormat:
    """Plain text: no markup (MLA's italic database name shows without asterisks)."""

    name = "text"

    @staticmethod
    def escape(text: str) -> str:
        return text

    @staticmethod
    def preformat(text: str) -> str:
        return text

    Italic = Oblique = Bold = Light = Underline = Superscript = Subscript = SmallCaps = (
        staticmethod(_plain))

    @staticmethod
    def finish(text: str) -> str:
        return text


class HtmlFormat(TextFormat):
    """HTML fragments: ``<i>`` for italics, every variable value escaped."""

    name = "html"

    @staticmethod
    def escape(text: str) -> str:
        return html.escape(text, quote=False)

    preformat = escape
    Italic = Oblique = staticmethod(_wrap("<i>", "</i>"))
    Bold = staticmethod(_wrap("<b>", "</b>"))

    @staticmethod
    def finish(text: str) -> str:
        """Italics inside italics turn upright (CSL's flip-flop; citeproc-py does not do it):
        *The Making of* Pravda, a newspaper named in a book's italic title."""
        if text.count("<i>") < 2:
            return text
        out: list[str] = []
        closers: list[str] = []
        for piece in _ITALIC_TAG.split(text):
            if piece == "<i>":
                upright = len(closers) % 2 == 1
                out.append('<span style="font-style:normal">' if upright else "<i>")
                closers.append("</span>" if upright else "</i>")
            elif piece == "</i>" and closers:
                out.append(closers.pop())
            else:
                out.append(piece)
        return "".join(out)
    Light = staticmethod(_wrap('<span style="font-weight:lighter">', "</span>"))
    Underline = staticmethod(_wrap("<u>", "</u>"))
    Superscript = staticmethod(_wrap("<sup>", "</sup>"))
    Subscript = staticmethod(_wrap("<sub>", "</sub>"))
    SmallCaps = staticmethod(_wrap('<span style="font-variant:small-caps">', "</span>"))


_ITALIC_TAG = re.compile(r"(</?i>)")
_MD_SPECIAL = re.compile(r"([\\*_`])")


class MarkdownFormat(TextFormat):
    """Markdown (pandoc flavour): ``*italics*``, ``**bold**``; emphasis characters escaped."""

    name = "markdown"

    @staticmethod
    def escape(text: str) -> str:
        return _MD_SPECIAL.sub(r"\\\1", text)

    preformat = escape
    Italic = Oblique = staticmethod(_wrap("*", "*"))
    Bold = staticmethod(_wrap("**", "**"))
    Superscript = staticmethod(_wrap("^", "^"))
    Subscript = staticmethod(_wrap("~", "~"))
    SmallCaps = staticmethod(_wrap("[", "]{.smallcaps}"))


_LATEX_TYPOGRAPHY = str.maketrans({"—": "---", "–": "--", "“": "``", "”": "''", "‘": "`",
                                   "’": "'"})


class LatexFormat(TextFormat):
    """LaTeX (UTF-8 input): ``\\emph{}``, specials escaped, en dash as ``--``."""

    name = "latex"

    # The one LaTeX escaper, in its document form (``\{`` for a brace).
    escape = staticmethod(escape_document)
    preformat = escape
    Italic = Oblique = staticmethod(_wrap(r"\emph{", "}"))
    Bold = staticmethod(_wrap(r"\textbf{", "}"))
    Underline = staticmethod(_wrap(r"\underline{", "}"))
    Superscript = staticmethod(_wrap(r"\textsuperscript{", "}"))
    Subscript = staticmethod(_wrap(r"\textsubscript{", "}"))
    SmallCaps = staticmethod(_wrap(r"\textsc{", "}"))

    @staticmethod
    def finish(text: str) -> str:
        # LaTeX quotes: ``double'' and `single' (an apostrophe is a plain ').
        return text.translate(_LATEX_TYPOGRAPHY)


_RTF_SPECIAL = re.compile(r"([\\{}])")


def _rtf_unicode(text: str) -> str:
    """Non-ASCII characters as RTF's ``\\uN?`` (N a signed 16-bit number; characters beyond
    the Basic Multilingual Plane as their two UTF-16 halves), so that the RTF is plain ASCII
    and reads the same in every code page."""
    out = []
    for ch in text:
        code = ord(ch)
        if code < 128:
            out.append(ch)
            continue
        units = ch.encode("utf-16-le")
        for i in range(0, len(units), 2):
            unit = int.from_bytes(units[i:i + 2], "little")
            out.append(f"\\u{unit - 65536 if unit > 32767 else unit}?")
    return "".join(out)


_RTF_GROUPS = re.compile(r"\\[\\{}]|\{\\i |[{}]")


def _rtf_upright_nested_italics(text: str) -> str:
    """Italics inside italics turn upright (CSL's flip-flop; citeproc-py does not do it):
    ``{\\i The Making of {\\i Pravda}}`` → ``{\\i The Making of {\\i0 Pravda}}``."""
    if text.count("{\\i ") < 2:
        return text
    out: list[str] = []
    groups: list[bool] = []  # per open group: is it an italic one
    pos = 0
    for match in _RTF_GROUPS.finditer(text):
        out.append(text[pos:match.start()])
        pos = match.end()
        token = match.group()
        if token == "{\\i ":
            upright = sum(groups) % 2 == 1
            out.append("{\\i0 " if upright else token)
            groups.append(True)
        elif token == "{":
            out.append(token)
            groups.append(False)
        elif token == "}":
            out.append(token)
            if groups:
                groups.pop()
        else:
            out.append(token)  # an escaped brace or backslash
    out.append(text[pos:])
    return "".join(out)


class RtfFormat(TextFormat):
    """RTF fragments (Word and LibreOffice paste them with formatting): ``{\\i …}`` for
    italics, ``{\\scaps …}`` for small caps; braces and backslashes escaped, every non-ASCII
    character written as ``\\uN?``. :mod:`archcite.formats.rtf` wraps them in a document."""

    name = "rtf"

    @staticmethod
    def escape(text: str) -> str:
        return _RTF_SPECIAL.sub(r"\\\1", text)

    preformat = escape
    Italic = Oblique = staticmethod(_wrap("{\\i ", "}"))
    Bold = staticmethod(_wrap("{\\b ", "}"))
    Underline = staticmethod(_wrap("{\\ul ", "}"))
    Superscript = staticmethod(_wrap("{\\super ", "}"))
    Subscript = staticmethod(_wrap("{\\sub ", "}"))
    SmallCaps = staticmethod(_wrap("{\\scaps ", "}"))

    @staticmethod
    def finish(text: str) -> str:
        return _rtf_unicode(_rtf_upright_nested_italics(text))


FORMATTERS: dict[str, type[TextFormat]] = {
    cls.name: cls for cls in (TextFormat, HtmlFormat, MarkdownFormat, LatexFormat, RtfFormat)
}
