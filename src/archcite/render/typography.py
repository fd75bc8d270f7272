"""Quotation marks as a copy editor sets them: curly in text and HTML, nested by level.

Sources type straight quotes and apostrophes (``Stalin's``, ``"plan"``, ``sotsial'no``); a
printed note has curly ones (pandoc's citeproc prints them curly too, so archcite and pandoc agree
on archcite's own styles). Double quotes go outside, single inside (CMOS 6.11, MLA 9): a quoted
phrase inside a title the style puts in quotation marks turns single. LaTeX output spells them
as LaTeX quotes (````…''``, ```…'``) in the formatter's ``finish``. Keys, URLs, DOIs and identifiers
are never passed through here: the renderer's view decides which values are text, and passes
every one of them, whatever the style (archcite's own or an official one), through
:func:`smarten` before escaping it for the output format.
"""

from __future__ import annotations

import re

_OPENING_CONTEXT = " \t\n([{‘“—–-/"


def smarten(text: str, markup: re.Pattern[str] | None = None) -> str:
    """Straight quotes and apostrophes as curly ones.

    A double quote opens at the start or after a space or an opening bracket, and closes
    elsewhere. A single quote between letters or after a letter is an apostrophe (``Stalin’s``,
    ``sotsial’no``, ``Sevost’ianov``), as it is before a digit (``’50s``); at the start or after a
    space it opens a quotation.

    ``markup`` matches tags inside the value (CSL-JSON's rich text: ``<i>``, ``<span
    style="…">``): they are kept exactly as written (their attributes' quotes are not
    typography) and are invisible to the rule, so the quote after ``"<i>Pravda</i>`` still
    closes: it follows "a", not the tag.
    """
    if "'" not in text and '"' not in text:
        return text
    if markup is not None and markup.search(text):
        return _smarten_around(text, markup)
    out: list[str] = []
    for i, ch in enumerate(text):
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch == '"':
            out.append("“" if before in _OPENING_CONTEXT else "”")
        elif ch == "'":
            opening = before in _OPENING_CONTEXT and not after.isdigit() and after != " "
            out.append("‘" if opening else "’")
        else:
            out.append(ch)
    return "".join(out)



def _smarten_around(text: str, markup: re.Pattern[str]) -> str:
    """:func:`smarten` on the text between the tags, read as one run (one character out for
    one in, so the smartened run is cut back into the pieces it came from)."""
    pieces: list[tuple[bool, str]] = []  # (is a tag, text)
    pos = 0
    for match in markup.finditer(text):
        pieces.append((False, text[pos:match.start()]))
        pieces.append((True, match.group()))
        pos = match.end()
    pieces.append((False, text[pos:]))
    run = smarten("".join(piece for tag, piece in pieces if not tag))
    out: list[str] = []
    at = 0
    for tag, piece in pieces:
        if tag:
            out.append(piece)
        else:
            out.append(run[at:at + len(piece)])
            at += len(piece)
    return "".join(out)

_MARK = re.compile(r"[“”‘]|(?<!\w)’|’(?!\w)")


def nest_quotes(text: str) -> str:
    """Double quotes outside, single inside, at every level: “a ‘b “c” b’ a”.

    Works on text whose quotes are already curly (so opening and closing marks differ);
    apostrophes (’ between letters) are not quotation marks and are left alone.
    """
    if "“" not in text and "‘" not in text:
        return text
    out: list[str] = []
    opened: list[str] = []  # the source's opening marks, innermost last
    pos = 0
    for match in _MARK.finditer(text):
        mark = match.group()
        out.append(text[pos:match.start()])
        pos = match.end()
        if mark in "“‘":
            out.append("“" if len(opened) % 2 == 0 else "‘")
            opened.append(mark)
        elif opened and (mark == "”" or opened[-1] == "‘"):
            # a ’ closes only a quotation opened with ‘; otherwise it is an apostrophe
            # ("Workers’ Party")
            opened.pop()
            out.append("”" if len(opened) % 2 == 0 else "’")
        else:
            out.append(mark)
    out.append(text[pos:])
    return "".join(out)
