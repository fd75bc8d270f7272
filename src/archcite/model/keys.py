"""Citation keys: readable, ASCII, stable, unique, so LaTeX and pandoc cite what archcite prints.

By default sender's name + year + first word of the title: ``filippov1951ciphered``; a
settings file's ``key-pattern`` may arrange other parts (:data:`PLACEHOLDERS`). Cyrillic is
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


# Words before a name that are not the name ("President Carter" → carter).
_HONORIFICS = frozenset(
    "president secretary general comrade comrades cde ambassador premier chairman minister "
    "marshal mr mrs ms dr sir prime vice deputy first foreign chief commander admiral colonel "
    "lieutenant major captain consul counselor counsellor attache gen adm col lt amb".split()
)
# Words that mark an organization or a description rather than a person's name.
_ORGANIZATION_WORDS = frozenset(
    "embassy ministry committee department office government party council bureau commission "
    "consulate army headquarters delegation legation mission politburo presidium secretariat "
    "command directorate agency service union republic in of for at".split()
)
# Chinese, Korean and Vietnamese names are written family name first (Mao Zedong, Kim Il Sung).
_FAMILY_FIRST_SURNAMES = frozenset(
    "mao zhou liu deng peng gao li wang zhang chen lin zhu kang ren kim pak park choe choi ho "
    "jiang chiang sun song hu yang huang zhao wu xu guo he ma luo liang xie han tang feng dong "
    "cao yuan ye su lu wei cai jia ding shen du yao fan fang shi qian tan yu lei xi bo tao kong "
    "nguyen tran pham le ngo hoang".split()
)


def _literal_name_word(text: str) -> str:
    """The word of a name as written (a literal) that a reader would file it under.

    Names read from headings are literals ("Filippov [Stalin]", "President Carter", "Mao
    Zedong", "Embassy of Hungary in North Korea"), so the family name has to be guessed: an
    organization or description files under its first word, "Family, Given" under the part
    before the comma, family-first East Asian names under their first word, other personal
    names under their last word (initials and honorifics skipped).
    """
    plain = re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", text)  # the pseudonym, not the real name
    if "," in plain:
        plain = plain.split(",", 1)[0]
    # Initials ("I.V.", "Ю.", "Yu.") are never the word a name files under.
    plain = re.sub(r"(?<!\S)(?:\w{1,2}\.)+(?!\S)", " ", plain)
    words = _words(plain) or _words(text)
    if not words:
        return ""
    if any(w in _ORGANIZATION_WORDS for w in words):
        return next((w for w in words if w not in _STOP_WORDS), words[0])
    names = [w for w in words if w not in _HONORIFICS] or words
    names = [w for w in names if len(w) > 1] or names
    if len(names) == 1 or names[0] in _FAMILY_FIRST_SURNAMES:
        return names[0]
    return names[-1]


def _name_word(record: dict[str, Any]) -> str:
    for name in record.get("author") or []:
        if not isinstance(name, dict):
            continue
        if name.get("family"):
            words = _words(str(name["family"]))
            if words:
                return words[0]
        word = _literal_name_word(str(name.get("literal") or name.get("given") or ""))
        if word:
            return word
    return ""


# The citation-key pattern: placeholders in braces, anything else kept as written.
DEFAULT_PATTERN = "{author}{year}{title}"
PLACEHOLDERS: dict[str, str] = {
    "author": "the word the sender files under (filippov); without a sender, the title's first "
              "significant word",
    "year": "the year of the document (nd when undated)",
    "title": "the title's first significant word not already used by {author}",
    "archive": "the archive of the first holding, folded to letters and digits (rgaspi)",
    "fond": "the fond of the first holding (558)",
    "opis": "the opis of the first holding",
    "delo": "the delo of the first holding",
    "number": "the source's record ID (Wilson Center number)",
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_LITERAL_OK = re.compile(r"[A-Za-z0-9_-]*")


def pattern_problem(pattern: str) -> str:
    """Why ``pattern`` cannot make citation keys, or ``""``.

    Keys become file names and LaTeX/pandoc citation keys, so what the pattern writes itself
    must be ASCII letters, digits, ``-`` or ``_``, and it must use {author} or {title} (a key of
    only a year or an archive would collide in every library).
    """
    names = _PLACEHOLDER.findall(pattern)
    unknown = [n for n in names if n not in PLACEHOLDERS]
    if unknown:
        return (f"unknown placeholder {{{unknown[0]}}} (known: "
                + ", ".join(f"{{{n}}}" for n in PLACEHOLDERS) + ")")
    literal = _PLACEHOLDER.sub("", pattern)
    if not _LITERAL_OK.fullmatch(literal):
        bad = next(ch for ch in literal if not _LITERAL_OK.fullmatch(ch))
        return f"{bad!r} cannot be in a citation key (letters, digits, - and _ only)"
    if "author" not in names and "title" not in names:
        return "use {author} or {title}, or every key would collide"
    return ""


def _holding_parts(record: dict[str, Any]) -> dict[str, str]:
    holdings = (record.get("custom") or {}).get("holdings") if isinstance(
        record.get("custom"), dict) else None
    first = holdings[0] if isinstance(holdings, list) and holdings else {}
    if not isinstance(first, dict):
        return {}
    parts = {"archive": ascii_fold(str(first.get("archive") or ""))}
    for item in first.get("levels") or []:
        if isinstance(item, list | tuple) and len(item) == 2 and item[0] in ("fond", "opis",
                                                                              "delo"):
            parts.setdefault(str(item[0]), ascii_fold(str(item[1])))
    return parts


def base_key(record: dict[str, Any], pattern: str | None = None) -> str:
    """The key before collision suffixes, made by ``pattern`` (default ``{author}{year}{title}``).

    With the default pattern: ``filippov1951ciphered``; a record with no sender takes the
    title's first two significant words around the year (``minutes1952conversation``); a
    record with neither is ``doc`` + year.
    """
    parts = issued_parts(record)
    year = str(parts[0]) if parts else "nd"
    title_words = _significant(_words(str(record.get("title", ""))))
    name = _name_word(record)
    if name:
        title = next((w for w in title_words if w != name), "")
    elif title_words:
        name, title = title_words[0], title_words[1] if len(title_words) > 1 else ""
    else:
        name, title = "doc", ""
    values = {"author": name, "year": year, "title": title,
              "number": ascii_fold(str(record.get("number") or ""))}
    values.update({k: "" for k in ("archive", "fond", "opis", "delo")})
    if pattern and pattern != DEFAULT_PATTERN:
        values.update(_holding_parts(record))
    key = _PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), pattern or DEFAULT_PATTERN)
    return key[:60]


def _suffixes() -> Any:
    letters = "abcdefghijklmnopqrstuvwxyz"
    yield from letters
    for a in letters:
        for b in letters:
            yield a + b


def unique_key(record: dict[str, Any], taken: Container[str], pattern: str | None = None
               ) -> str:
    """A key for ``record`` not in ``taken``: the base key, else base + a, b, c …"""
    base = base_key(record, pattern)
    if base not in taken:
        return base
    for suffix in _suffixes():
        if base + suffix not in taken:
            return base + suffix
    raise RuntimeError("no free citation key")  # 702 records sharing one base key
