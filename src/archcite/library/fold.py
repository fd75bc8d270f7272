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
import unicodedata

from archcite.model.archives import ArchiveRegistry
from archcite.model.translit import romanize_cyrillic

# Letters NFKD does not decompose into a base letter plus a mark.
_SPECIAL = str.maketrans({
    "ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "æ": "ae",
    "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "ð": "d",
})
_TOKEN = re.compile(r"\w+")


def fold(text: str) -> str:
    """``«Лотман», München`` → ``«lotman», munchen``: romanized, unaccented, case-folded."""
    text = romanize_cyrillic(text).translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold()


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
