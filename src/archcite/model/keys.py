"""Citation keys: readable, ASCII, stable, unique (ARCHIVAL-CITATIONS.md §4).

sender's name + year + first word of the title: ``filippov1951ciphered``. Cyrillic is
romanized (``Иванов`` → ``ivanov``); other scripts are folded to ASCII where Unicode can
decompose them. A record with no sender uses the title's first two significant words around
the year (``minutes1952conversation``). Collisions get a, b, c … appended.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from typing import Any

from archcite.model.record import issued_parts
from archcite.model.translit import romanize_cyrillic

_STOP_WORDS = frozenset(
    "a an the of to from and on in by for with between at about re concerning regarding".split()
)


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits of ``text`` (Cyrillic romanized, accents dropped)."""
    text = romanize_cyrillic(text)
    text = unicodedata.normalize("NFKD", text)
    text = text.replace("ß", "ss").replace("ø", "o").replace("ł", "l").replace("đ", "d")
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())


def _words(text: str) -> list[str]:
    return [w for w in (ascii_fold(t) for t in re.split(r"[\s,.;:()\[\]/\-–—\"“”'’]+", text)) if w]


def _significant(words: list[str]) -> list[str]:
    return [w for w in words if w not in _STOP_WORDS and not w.isdigit()]


def _name_word(record: dict[str, Any]) -> str:
    for name in record.get("author") or []:
        if not isinstance(name, dict):
            continue
        text = name.get("family") or name.get("literal") or name.get("given") or ""
        words = _words(text)
        if words:
            # "Filippov [Stalin]" → filippov; "Embassy of Hungary" → embassy
            return words[0]
    return ""


def base_key(record: dict[str, Any]) -> str:
    """The key before collision suffixes."""
    parts = issued_parts(record)
    year = str(parts[0]) if parts else "nd"
    title_words = _significant(_words(str(record.get("title", ""))))
    name = _name_word(record)
    if name:
        first = next((w for w in title_words if w != name), "")
        key = f"{name}{year}{first}"
    elif title_words:
        key = f"{title_words[0]}{year}{title_words[1] if len(title_words) > 1 else ''}"
    else:
        key = f"doc{year}"
    return key[:60]


def _suffixes() -> Any:
    letters = "abcdefghijklmnopqrstuvwxyz"
    yield from letters
    for a in letters:
        for b in letters:
            yield a + b


def unique_key(record: dict[str, Any], taken: Container[str]) -> str:
    """A key for ``record`` not in ``taken``: the base key, else base + a, b, c …"""
    base = base_key(record)
    if base not in taken:
        return base
    for suffix in _suffixes():
        if base + suffix not in taken:
            return base + suffix
    raise RuntimeError("no free citation key")  # 702 records sharing one base key
