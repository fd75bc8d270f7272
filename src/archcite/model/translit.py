"""Romanization of Cyrillic (simplified Library of Congress, as Slavic history writes it),
and accents taken off Latin letters.

Used for citation keys, 7-bit BibTeX, search folding, identity checks and bibliography sorting;
the original text is always kept elsewhere.
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia",
    # Ukrainian and Belarusian letters
    "є": "ie", "і": "i", "ї": "i", "ґ": "g", "ў": "u",
}

CYRILLIC_LETTERS: dict[int, str] = {}  # code point → Latin, both cases
for _lower, _latin in _CYRILLIC.items():
    CYRILLIC_LETTERS[ord(_lower)] = _latin
    CYRILLIC_LETTERS[ord(_lower.upper())] = _latin[:1].upper() + _latin[1:]


# Runs of the letters above. ``str.translate`` looks up every character of its string in the
# table, some 100 ns each, and most text given here (titles, abstracts, names) is Latin with a
# few Cyrillic words: only the runs are translated.
_CYRILLIC_RUN = re.compile("[" + "".join(map(chr, sorted(CYRILLIC_LETTERS))) + "]+")


def romanize_cyrillic(text: str) -> str:
    """``Лотман`` → ``Lotman``, ``Щукин`` → ``Shchukin``; other characters pass through."""
    if text.isascii():
        return text
    return _CYRILLIC_RUN.sub(lambda run: run.group().translate(CYRILLIC_LETTERS), text)


def without_accents(text: str) -> str:
    """``München`` → ``Munchen``: decomposed (NFKD) and stripped of its combining marks.

    The search index, identity checks and bibliography sorting all take accents off, on every
    field of every record, an abstract sometimes megabytes long: ASCII has none and passes
    through (NFKD leaves it as it is); other text loses each of the few distinct marks it holds
    with one ``str.replace``, not a test per character.
    """
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    for mark in [ch for ch in set(text) if unicodedata.combining(ch)]:
        text = text.replace(mark, "")
    return text


def has_cyrillic(text: str) -> bool:
    """True when ``text`` holds any Cyrillic letter."""
    return any("\u0400" <= ch <= "\u04ff" for ch in text)
