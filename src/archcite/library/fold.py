"""Folding text for search: case, diacritics and script fold to one comparable form.

Also the normal forms of level values and archives that the index stores and the query
compiler compares with (one definition for both).

A researcher types ``lotman`` and means «Лотман»; types ``munchen`` and means "München". Both the
indexed text and the query go through :func:`fold`, so they meet in the middle: Cyrillic is
romanized (Library of Congress, as in citation keys), accents are stripped by NFKD
decomposition, and case is folded. Scripts with no romanization here (Chinese, Korean) pass
through unchanged and still match themselves.
"""

from __future__ import annotations

import re

from archcite.model.archives import ArchiveRegistry
from archcite.model.translit import romanize_cyrillic, without_accents

# Letters NFKD does not decompose into a base letter plus a mark.
SPECIAL_LETTERS = str.maketrans({
    "ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "æ": "ae",
    "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "ð": "d",
})
_SPECIAL_LETTER = re.compile("[" + "".join(map(chr, SPECIAL_LETTERS)) + "]")
_TOKEN = re.compile(r"\w+")


def fold(text: str) -> str:
    """``«Лотман», München`` → ``«lotman», munchen``: romanized, unaccented, case-folded.

    Every searchable field of every record passes through here when the index is built, and
    an abstract can run to megabytes, so the work is done by whole-string methods: ASCII text
    (most of a library) has nothing to romanize, decompose or strip and is only case-folded.
    """
    if text.isascii():
        return text.casefold()
    text = romanize_cyrillic(text)
    if _SPECIAL_LETTER.search(text):
        text = text.translate(SPECIAL_LETTERS)
    return without_accents(text).casefold()


def fold_tokens(text: str) -> list[str]:
    """The folded words of ``text`` (letters and digits; punctuation separates)."""
    return [t.replace("_", "") for t in _TOKEN.findall(fold(text)) if t.strip("_")]


# The normal forms below are what the index stores and what the query compiler compares with:
# both import them from here, so a value is always written and looked up the same way.


def norm_level_value(value: str) -> str:
    """A level value for comparison: folded, ranges with a plain hyphen, no spaces."""
    return re.sub(r"[\s]+", "", re.sub(r"[–—‐]", "-", fold(value)))


def norm_archive(text: str, registry: ArchiveRegistry) -> str:
    """The archive an alias means (registry id) or, unknown, the written form; folded."""
    known = registry.lookup(text)
    name = known.id if known is not None else text
    return "".join(ch for ch in fold(name) if ch.isalnum())
