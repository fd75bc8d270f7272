"""LaTeX text for .bib fields: escaping, accents, ties, ranges, brace protection.

The special characters are escaped by the one escaper, :func:`archcite.model.latex.escape`
(re-exported here), in its .bib form: BibTeX and Biber count every ``{`` and ``}`` in a field,
escaped or not, so a literal brace is written ``\\textbraceleft{}``.
bibtexparser writes whatever it is given and its LaTeX-encoding middleware turns Cyrillic into
font macros and mangles ``^`` and ``&`` (CITEPROC-PY.md), so all of this is done here.

Two encodings:
- :func:`escape` (UTF-8 BibLaTeX): only the ten special characters are escaped.
- :func:`escape_ascii` (7-bit BibTeX): also every non-ASCII Latin letter becomes a LaTeX accent
  in BibTeX's "special character" form (``Rezs{\\H{o}}``, ``{\\v{s}}``, ``{\\l}``), so that
  BibTeX sorts, purifies and case-changes it as a letter. Cyrillic is romanized first (the
  caller keeps the original); characters that have no 7-bit form are dropped and reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from archcite.model.latex import escape
from archcite.model.translit import romanize_cyrillic

__all__ = ["brace", "check_braces", "escape", "escape_ascii", "protect_title", "unescape"]

# Combining marks → accent commands (one-letter commands that are symbols take no braces).
_ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=",
    "\u0306": "u", "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H",
    "\u030c": "v", "\u0323": "d", "\u0327": "c", "\u0328": "k", "\u0331": "b",
}
# Letters with no decomposition, and typography with a LaTeX spelling.
_LETTERS = {
    "ł": r"{\l}", "Ł": r"{\L}", "ø": r"{\o}", "Ø": r"{\O}", "ß": r"{\ss}",
    "æ": r"{\ae}", "Æ": r"{\AE}", "œ": r"{\oe}", "Œ": r"{\OE}", "đ": r"{\dj}", "Đ": r"{\DJ}",
    "ı": r"{\i}", "ȷ": r"{\j}", "þ": r"{\th}", "Þ": r"{\TH}", "ð": r"{\dh}", "Ð": r"{\DH}",
    "å": r"{\aa}", "Å": r"{\AA}",
}
_TYPOGRAPHY = {
    "–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''", "„": ",,",
    "«": r"{\guillemotleft}", "»": r"{\guillemotright}", "…": r"\dots{}", "\u00a0": "~",
    "№": "No.", "§": r"\S{}", "°": r"\textdegree{}", "×": r"\texttimes{}",
    "\u2009": r"\,", "\u202f": r"\,", "′": "'", "″": "''", "·": r"\textperiodcentered{}",
}


@lru_cache(maxsize=4096)
def _char_ascii(ch: str) -> str | None:
    """The 7-bit LaTeX spelling of one non-ASCII character, or None when it has none."""
    if ch in _LETTERS:
        return _LETTERS[ch]
    if ch in _TYPOGRAPHY:
        return _TYPOGRAPHY[ch]
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    if not marks or not all(m in _ACCENTS for m in marks):
        return None
    if base.isascii() and base.isalpha():
        inner = r"\i" if base == "i" and marks[0] in "\u0300\u0301\u0302\u0308\u0303\u0304\u0306" \
            else base
    elif base in _LETTERS:
        inner = _LETTERS[base][1:-1]
    else:
        return None
    for mark in marks:
        cmd = _ACCENTS[mark]
        if cmd.isalpha():
            inner = f"\\{cmd}{{{inner}}}"
        else:
            inner = f"\\{cmd}{inner}" if not inner.startswith("\\") else f"\\{cmd}{{{inner}}}"
    return "{" + inner + "}"


def escape_ascii(text: str) -> tuple[str, bool]:
    """7-bit LaTeX for ``text``: (escaped, lossless).

    ``lossless`` is False when something could not be written in 7 bits (Chinese, Greek, …) or
    was romanized (Cyrillic): the caller then keeps the original beside the field.
    """
    lossless = True
    if not text.isascii():
        romanized = romanize_cyrillic(text)
        if romanized != text:
            lossless = False
            text = romanized
    text = escape(text)
    if text.isascii():
        return text, lossless
    out: list[str] = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        spelled = _char_ascii(unicodedata.normalize("NFC", ch))
        if spelled is None:
            lossless = False
            continue
        out.append(spelled)
    result = "".join(out)
    # Composed characters whose parts were split (NFD input) are recombined above per char;
    # a lone combining mark has no spelling and was dropped.
    return re.sub(r"  +", " ", result).strip() if not lossless else result, lossless


_WORD = re.compile(r"\S+")


def _is_name_word(word: str, first: bool) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    if not letters:
        return False
    if sum(1 for ch in letters if ch.isupper()) >= 2:
        return True  # an acronym or a mixed-case name: APRF, TsKhSD, McCloy
    return not first and letters[0].isupper()


def protect_title(text: str, esc: Callable[[str], str]) -> str:
    """Escape ``text`` with ``esc`` and brace its names and acronyms against case changes.

    BibTeX styles lower-case titles except inside braces, and lower-case accented letters
    written as ``{\\v{S}}`` too, so protection is decided on the raw text: the first word may
    be case-changed; every later capitalised word (runs together: ``{Mao Zedong}``) and every
    acronym anywhere is braced.
    """
    out: list[str] = []
    pos = 0
    group_start: int | None = None
    group_end = 0
    for index, match in enumerate(_WORD.finditer(text)):
        if _is_name_word(match.group(), index == 0):
            if group_start is None:
                out.append(esc(text[pos:match.start()]))
                group_start = match.start()
            group_end = match.end()
            continue
        if group_start is not None:
            out.append("{" + esc(text[group_start:group_end]) + "}")
            pos, group_start = group_end, None
    if group_start is not None:
        out.append("{" + esc(text[group_start:group_end]) + "}")
        pos = group_end
    out.append(esc(text[pos:]))
    return "".join(out)


def brace(text: str) -> str:
    """``{text}``: a name or phrase BibTeX must not split or case-change."""
    return "{" + text + "}"


_BRACE = re.compile(r"[{}]")
_BRACE_OR_ESCAPE = re.compile(r"\\.|[{}]", re.DOTALL)


def check_braces(text: str, *, escaped: bool = False) -> bool:
    """True when every ``{`` in ``text`` is closed and no ``}`` closes nothing.

    BibTeX counts every brace, escaped or not, when it finds where a field ends: that is the
    check for what archcite writes. ``escaped``: a ``\\{`` is text, not a group, as TeX reads
    it: the check for a value another program wrote, already delimited by the parser.
    """
    if "{" not in text and "}" not in text:
        return True
    depth = 0
    for match in (_BRACE_OR_ESCAPE if escaped else _BRACE).finditer(text):
        mark = match.group(0)
        if mark == "{":
            depth += 1
        elif mark == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def unescape(text: str) -> str:
    """Undo :func:`escape`, :func:`escape_ascii` accents, ties and protective braces.

    Used by import: turns ``Rezs{\\H{o}}`` into ``Rezső``, ``\\&`` into ``&``, ``~`` into a space
    and drops braces that only protected case.
    """
    if "\\" in text:
        text = _unescape_commands(text)
    text = text.replace("~", " ").replace("---", "—").replace("--", "–")
    text = text.replace("``", "“").replace("''", "”")
    text = text.replace("{", "").replace("}", "")
    return text.replace("\x00", "{").replace("\x01", "}").replace("\x02", "~")


_REVERSE_LETTERS = {v[2:-1]: k for k, v in _LETTERS.items()}
_REVERSE_ACCENTS = {v: k for k, v in _ACCENTS.items()}
_CMD = re.compile(
    r"\\(textbackslash|textbraceleft|textbraceright|textasciitilde|textasciicircum|"
    r"guillemotleft|guillemotright|dots|textdegree|texttimes|textperiodcentered|S)(?:\{\}|\b)"
    r"|\\([&%$#_,])"
    r"|\\([`'^~=.\"])\s*(\{\\?[A-Za-z]+\}|\\[A-Za-z]+\b|[A-Za-z])"
    r"|\\([uvHrdckb])\s*(\{\\?[A-Za-z]+\}|\s[A-Za-z])"
    r"|\\(l|L|o|O|ss|ae|AE|oe|OE|dj|DJ|i|j|th|TH|dh|DH|aa|AA)\b(?:\{\})?"
)
_PLACEHOLDER = {"textbackslash": "\\", "textbraceleft": "\x00", "textbraceright": "\x01",
                "textasciitilde": "\x02", "textasciicircum": "^", "guillemotleft": "«",
                "guillemotright": "»", "dots": "…", "textdegree": "°", "texttimes": "×",
                "textperiodcentered": "·", "S": "§"}


def _accent(cmd: str, arg: str) -> str:
    arg = arg.strip().strip("{}")
    if arg in ("\\i", "\\j"):
        base = arg[1]
    elif arg.startswith("\\"):
        base = _REVERSE_LETTERS.get(arg[1:], arg)
    else:
        base = arg
    return unicodedata.normalize("NFC", base + _REVERSE_ACCENTS[cmd])


def _unescape_commands(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        if m.group(1):
            return _PLACEHOLDER[m.group(1)]
        if m.group(2):
            return "\u2009" if m.group(2) == "," else m.group(2)
        if m.group(3):
            return _accent(m.group(3), m.group(4))
        if m.group(5):
            return _accent(m.group(5), m.group(6))
        return _REVERSE_LETTERS[m.group(7)]

    previous = None
    while previous != text:  # nested accents unwrap from the inside out
        previous, text = text, _CMD.sub(repl, text)
    return text


# CSL rich-text tags (the HTML subset CSL-JSON strings carry) and the LaTeX that says the same.
_RICH_TAGS = {
    "<i>": r"\mkbibemph{", "<b>": r"\mkbibbold{", "<sup>": r"\textsuperscript{",
    "<sub>": r"\textsubscript{", '<span style="font-variant:small-caps;">': r"\textsc{",
    '<span class="nocase">': "{",
}
_RICH_PATTERN = re.compile("|".join(re.escape(t) for t in _RICH_TAGS) + r"|</(?:i|b|sup|sub|span)>")


def rich(text: str, esc: Callable[[str], str]) -> str:
    """CSL rich text as LaTeX: ``<i>Pravda</i>`` → ``\\mkbibemph{Pravda}``, runs escaped by ``esc``.

    An imported ``\\emph{…}`` became ``<i>…</i>`` in the record; written back as a macro it
    prints as italics again instead of as the letters of a tag. A tag that does not close is
    text, so the field's braces always balance.
    """
    if "<" not in text:
        return esc(text)
    out: list[str] = []
    stack: list[int] = []
    pos = 0
    for match in _RICH_PATTERN.finditer(text):
        tag = match.group()
        if tag.startswith("</"):
            if not stack:
                continue
            out.append(esc(text[pos:match.start()]))
            stack.pop()
            out.append("}")
        else:
            out.append(esc(text[pos:match.start()]))
            out.append(_RICH_TAGS[tag])
            stack.append(len(out) - 1)
        pos = match.end()
    out.append(esc(text[pos:]))
    for index in stack:  # an opening tag never closed: keep its text, drop the macro
        out[index] = ""
    return "".join(out)
