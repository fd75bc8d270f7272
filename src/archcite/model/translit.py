"""Romanization of Cyrillic (simplified Library of Congress, as Slavic history writes it).

Used for citation keys and for 7-bit BibTeX; the original text is always kept elsewhere.
"""

from __future__ import annotations

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia",
    # Ukrainian and Belarusian letters
    "є": "ie", "і": "i", "ї": "i", "ґ": "g", "ў": "u",
}

_TABLE: dict[int, str] = {}
for _lower, _latin in _CYRILLIC.items():
    _TABLE[ord(_lower)] = _latin
    _TABLE[ord(_lower.upper())] = _latin[:1].upper() + _latin[1:]


def romanize_cyrillic(text: str) -> str:
    """``Лотман`` → ``Lotman``, ``Щукин`` → ``Shchukin``; other characters pass through."""
    return text.translate(_TABLE)


def has_cyrillic(text: str) -> bool:
    """True when ``text`` holds any Cyrillic letter."""
    return any("\u0400" <= ch <= "\u04ff" for ch in text)
