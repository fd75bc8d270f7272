"""LaTeX in a .bib field → the text a CSL processor prints, with its formatting.

CSL-JSON carries formatting inside strings as a small HTML subset ("rich text": ``<i>``,
``<b>``, ``<sup>``, ``<sub>``, ``<span style="font-variant:small-caps;">``), so an imported
``\\emph{Pravda}`` must become ``<i>Pravda</i>``, not the letters of the macro. Accents,
escaped specials, ties, dashes and TeX quotes are left to :func:`archcite.formats.latex.unescape`
(the one place that knows them), applied to each run of text between the tags made here.
Math that CSL cannot say (anything beyond Greek letters and simple super-/subscripts) is kept
as written, ``$…$`` and all, rather than lose it.

The converter never fails: whatever it does not know (``\\foo{x}``) loses the command and keeps
its argument, so the words of a title always arrive.
"""

from __future__ import annotations

import re

from archcite.formats import latex

# Commands whose one argument is formatted text.
_WRAP = {
    "emph": ("<i>", "</i>"), "textit": ("<i>", "</i>"), "mkbibemph": ("<i>", "</i>"),
    "textsl": ("<i>", "</i>"), "mkbibitalic": ("<i>", "</i>"), "citetitle": ("<i>", "</i>"),
    "textbf": ("<b>", "</b>"), "mkbibbold": ("<b>", "</b>"),
    "textsc": ('<span style="font-variant:small-caps;">', "</span>"),
    "textsuperscript": ("<sup>", "</sup>"), "mkbibsuperscript": ("<sup>", "</sup>"),
    "textsubscript": ("<sub>", "</sub>"), "mkbibsubscript": ("<sub>", "</sub>"),
    "mkbibquote": ("\u201c", "\u201d"), "enquote": ("\u201c", "\u201d"),
    "mkbibparens": ("(", ")"), "mkbibbrackets": ("[", "]"),
}
# Declarations that format the rest of their group: {\em x}, {\itshape x}.
_DECLARE = {
    "em": ("<i>", "</i>"), "it": ("<i>", "</i>"), "itshape": ("<i>", "</i>"),
    "sl": ("<i>", "</i>"), "slshape": ("<i>", "</i>"),
    "bf": ("<b>", "</b>"), "bfseries": ("<b>", "</b>"),
    "sc": ('<span style="font-variant:small-caps;">', "</span>"),
    "scshape": ('<span style="font-variant:small-caps;">', "</span>"),
}
# Commands that print nothing, with how many arguments they swallow.
_DROP = {"noopsort": 1, "relax": 0, "-": 0, "/": 0, "sortalphaother": 1, "nocite": 1,
         "index": 1, "label": 1, "ignorespaces": 0, "unskip": 0, "nobreak": 0,
         "mbox": -1, "hbox": -1, "textnormal": -1, "textrm": -1, "textup": -1, "textsf": -1,
         "texttt": -1, "textmd": -1, "url": -1, "path": -1, "nolinkurl": -1, "foreignlanguage": 2,
         "textlang": 2, "hyphenation": 1}
# Symbols that are words of their own.
_WORDS = {"LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2e",
          "ldots": "…", "dots": "…", "textellipsis": "…", "textendash": "–", "textemdash": "—",
          "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“",
          "textquotedblright": "”", "guillemotleft": "«", "guillemotright": "»",
          "guillemetleft": "«", "guillemetright": "»", "textregistered": "®",
          "textcopyright": "©", "texttrademark": "™", "euro": "€", "pounds": "£",
          "textsection": "§", "P": "¶", "dag": "†", "ddag": "‡", "textbullet": "•",
          "hyphen": "-", "texthyphen": "-", "quad": " ", "qquad": " ", "space": " ",
          "newline": " ", "par": " ", "break": " ",
          "allowbreak": "", "slash": "/", "textbar": "|", "textless": "<", "textgreater": ">",
          "textunderscore": "_", "textasciitilde": "~", "nobreakspace": "\u00a0"}
# Greek letters and a few symbols as math writes them.
_MATH = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "times": "×",
    "pm": "±", "leq": "≤", "geq": "≥", "neq": "≠", "infty": "∞", "cdot": "·", "circ": "°",
    "approx": "≈", "sim": "∼", "to": "→", "rightarrow": "→", "leftarrow": "←",
}
# Commands the one unescaper reads (accents, letters, specials): passed on with their argument.
_ACCENT_LETTER_CMDS = frozenset("u v H r d c k b t".split())
_LETTER_CMDS = frozenset(
    "l L o O ss ae AE oe OE dj DJ i j th TH dh DH aa AA textbackslash textbraceleft "
    "textbraceright textasciicircum textdegree texttimes textperiodcentered S".split()
)

_PLAIN_RUN = re.compile(r"[^\\{}$<>]+")
_SIMPLE_MATH = re.compile(r"[\w\s.,+\-=/()']*")


class _Reader:
    """A cursor over one field's text; each method consumes what it reads."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos:self.pos + n]

    def group(self) -> str:
        """The raw text of a ``{…}`` group at the cursor (braces removed), or one character."""
        while self.peek() in (" ", "\n", "\t") and self.pos < len(self.text):
            self.pos += 1
        if self.peek() != "{":
            word = re.match(r"\\[A-Za-z]+", self.text[self.pos:])
            ch = word.group(0) if word else self.peek()
            self.pos += len(ch)
            return ch
        depth, start = 0, self.pos
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == "\\":
                self.pos += 2
                continue
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    self.pos += 1
                    return self.text[start + 1:self.pos - 1]
            self.pos += 1
        return self.text[start + 1:]

    def optional(self) -> None:
        """Skip a ``[…]`` optional argument."""
        if self.peek() == "[":
            end = self.text.find("]", self.pos)
            self.pos = len(self.text) if end < 0 else end + 1


def _math(body: str) -> str | None:
    """Math CSL rich text can say (Greek, symbols, ``x^2``, ``H_2O``), or None to keep it."""
    out: list[str] = []
    reader = _Reader(body)
    while reader.pos < len(body):
        ch = reader.peek()
        if ch == "\\":
            match = re.match(r"\\([A-Za-z]+)\s*", body[reader.pos:])
            if not match or match.group(1) not in _MATH:
                return None
            out.append(_MATH[match.group(1)])
            reader.pos += match.end()
        elif ch in "^_":
            reader.pos += 1
            inner = _math(reader.group())
            if inner is None:
                return None
            tag = "sup" if ch == "^" else "sub"
            out.append(f"<{tag}>{inner}</{tag}>")
        elif ch in "{}":
            reader.pos += 1
        elif _SIMPLE_MATH.fullmatch(ch):
            out.append(ch)
            reader.pos += 1
        else:
            return None
    return "".join(out)


def to_rich_text(text: str) -> str:
    """The CSL rich text of a LaTeX field value (braces, macros and escapes resolved).

    Spacing follows TeX: a line break and the indentation after it are one space, a blank
    line a paragraph break (kept as one newline).
    """
    text = _spacing(text)
    if not any(c in text for c in "\\{}$<>~-`'"):
        return text
    pieces = _convert(_Reader(text))
    return _join(pieces)


def _spacing(text: str) -> str:
    """TeX's spacing: blank lines → one newline, any other run of white space → one space."""
    if "\n" not in text and "  " not in text and "\t" not in text:
        return text
    paragraphs = re.split(r"\n[ \t]*\n\s*", text)
    return "\n".join(re.sub(r"\s+", " ", p) for p in paragraphs)


def to_plain_text(text: str) -> str:
    """The words of a LaTeX field value with formatting dropped (names, places, keys)."""
    return re.sub(r"<[^>]+>", "", to_rich_text(text))


def _join(pieces: list[tuple[bool, str]]) -> str:
    """Unescape each run of raw LaTeX between the made tags, then join."""
    out: list[str] = []
    run: list[str] = []
    for raw, piece in pieces:
        if raw:
            run.append(piece)
            continue
        if run:
            out.append(latex.unescape("".join(run)))
            run = []
        out.append(piece)
    if run:
        out.append(latex.unescape("".join(run)))
    return "".join(out)


def _convert(reader: _Reader, until_group_end: bool = False) -> list[tuple[bool, str]]:
    """(is raw LaTeX, text) pieces; raw pieces are unescaped later, made text is final."""
    pieces: list[tuple[bool, str]] = []
    text = reader.text
    while reader.pos < len(text):
        ch = text[reader.pos]
        if ch == "}" and until_group_end:
            reader.pos += 1
            return pieces
        if ch == "\\":
            pieces.extend(_command(reader))
        elif ch == "{":
            reader.pos += 1
            match = re.match(r"\\([A-Za-z]+)(?![A-Za-z])\s*", text[reader.pos:])
            if match and match.group(1) in _DECLARE:
                reader.pos += match.end()
                opening, closing = _DECLARE[match.group(1)]
                inner = _convert(reader, until_group_end=True)
                pieces += [(False, opening), (False, _join(inner)), (False, closing)]
            else:
                pieces += _convert(reader, until_group_end=True)
        elif ch == "$":
            end = text.find("$", reader.pos + 1)
            while end > 0 and text[end - 1] == "\\":
                end = text.find("$", end + 1)
            if end < 0:
                pieces.append((True, "\\$"))
                reader.pos += 1
                continue
            body = text[reader.pos + 1:end]
            said = _math(body)
            pieces.append((False, said if said is not None else f"${body}$"))
            reader.pos = end + 1
        elif text.startswith("<<", reader.pos) or text.startswith(">>", reader.pos):
            pieces.append((False, "«" if ch == "<" else "»"))
            reader.pos += 2
        else:
            start = reader.pos
            run = _PLAIN_RUN.match(text, start)
            reader.pos = run.end() if run else start
            if reader.pos == start:  # a stray closing brace, or a lone < or >
                if text[start] in "<>":
                    pieces.append((True, text[start]))
                reader.pos += 1
                continue
            pieces.append((True, text[start:reader.pos]))
    return pieces


def _command(reader: _Reader) -> list[tuple[bool, str]]:
    """One ``\\command`` and its arguments at the cursor."""
    text = reader.text
    match = re.match(r"\\([A-Za-z]+|.)", text[reader.pos:], re.DOTALL)
    if match is None:  # a backslash at the very end
        reader.pos += 1
        return []
    name = match.group(1)
    reader.pos += match.end()
    if name.isalpha():
        # A control word swallows the spaces after it (TeX's rule), unless an argument follows.
        while reader.peek() in (" ", "\n", "\t") and reader.pos < len(text) and (
                name not in _ACCENT_LETTER_CMDS):
            reader.pos += 1
    if name in _WRAP:
        opening, closing = _WRAP[name]
        reader.optional()
        inner = _join(_convert(_Reader(reader.group())))
        return [(False, opening), (False, inner), (False, closing)]
    if name in _DECLARE:  # \em without a group: formats to the end of the field
        opening, closing = _DECLARE[name]
        inner = _join(_convert(reader))
        return [(False, opening), (False, inner), (False, closing)]
    if name in ("href",):
        reader.group()
        return _convert(_Reader(reader.group()))
    if name in _DROP:
        count = _DROP[name]
        if count < 0:  # keep the argument's text, drop the command
            reader.optional()
            return _convert(_Reader(reader.group()))
        if name in ("foreignlanguage", "textlang"):
            reader.optional()
            reader.group()
            return _convert(_Reader(reader.group()))
        for _ in range(count):
            reader.group()
        if reader.peek(2) == "{}":
            reader.pos += 2
        return []
    if name in _WORDS:
        if reader.peek(2) == "{}":
            reader.pos += 2
        return [(False, _WORDS[name])]
    if name == "\\":
        return [(False, " ")]
    if name in (" ", "\n"):
        return [(False, " ")]
    if not name.isalpha() or name in _ACCENT_LETTER_CMDS:
        # An accent (\'e, \"{o}, \v{s}) or an escaped special (\&, \%, \$, \{): the unescaper's.
        if name in "&%$#_{}":
            return [(False, name)]
        if name == ",":
            return [(False, "\u2009")]
        if name in "`'^~=.\"" or name in _ACCENT_LETTER_CMDS:
            arg = reader.group()
            return [(True, f"\\{name}{{{arg}}}")]
        return [(False, name)]
    if name in _LETTER_CMDS:
        if reader.peek(2) == "{}":
            reader.pos += 2
        return [(True, f"\\{name}{{}}")]
    if name in _MATH:
        return [(False, _MATH[name])]
    # Unknown: drop the command, keep an argument's words when one follows.
    if reader.peek() == "{":
        return _convert(_Reader(reader.group()))
    return []
