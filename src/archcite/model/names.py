"""The one way a CSL name becomes text, in the orders archcite writes names.

A CSL name is a literal (``{"literal": "Soviet Embassy in Pyongyang"}``) or parts (``given``,
``family``, particles, ``suffix``); a family-first name (Mao Zedong) carries
``static-ordering``. Three places need names as text, and they differ only in the order of the
parts, the separator between names and how characters are escaped:

- ``"reading"``: as a reader writes the name (``Ludwig van Beethoven``, ``Mao Zedong``,
  ``Martin Luther King, Jr.``): the listing, ``show`` and the search index.
- ``"sort"``: the bibliography's sort form: particle, family, given (``van Beethoven Ludwig``),
  no suffix; a literal person under the family name, a literal organisation under its first
  word after an article (:func:`literal_sort_form`).
- ``"bibtex"``: BibTeX's name syntax, ``{von} Family, Suffix, Given``; a literal or a
  family-first name is one braced unit (BibTeX would otherwise reorder ``Mao Zedong``), and a
  family with a space or comma is braced so BibTeX does not split it.

``esc`` escapes each part (LaTeX for .bib files); the braces of ``"bibtex"`` are its syntax
and are never escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Literal

NameOrder = Literal["reading", "sort", "bibtex"]
Escape = Callable[[str], str]


def _same(text: str) -> str:
    return text


def _bibtex(name: dict[str, Any], esc: Escape) -> str:
    if "literal" in name or not name.get("family"):
        literal = name.get("literal") or name.get("given") or ""
        return "{" + esc(literal) + "}" if literal else ""
    if name.get("static-ordering"):
        return "{" + esc(f"{name['family']} {name.get('given', '')}".strip()) + "}"
    family = esc(name["family"])
    if " " in name["family"] or "," in name["family"]:
        family = "{" + family + "}"
    particle = name.get("non-dropping-particle") or name.get("dropping-particle") or ""
    if particle:
        family = f"{esc(particle)} {family}"
    parts = [family]
    if name.get("suffix"):
        parts.append(esc(name["suffix"]))
    if name.get("given"):
        parts.append(esc(name["given"]))
    if len(parts) == 2 and name.get("suffix") and not name.get("given"):
        parts.append("")  # "Family, Suffix," : BibTeX reads a lone second part as the given
    return ", ".join(parts)


# Words that make a literal name an organisation's ("Embassy of Hungary in North Korea").
_ORGANISATION_WORDS = frozenset("""
    academy administration affairs agency archive archives army assembly board bureau cc central
    command commission committee conference congress consulate council delegation department
    directorate division embassy executive front government group headquarters institute kgb
    legation league ministry mission nkvd office organization organisation party politburo
    presidium republic secretariat section service staff union university
    of for in to and the on at
""".split())
# Romanized Chinese, Korean and Vietnamese family names: a name that starts with one and has no
# initials is written family-first already ("Mao Zedong", "Kim Il Sung") and sorts as written.
_FAMILY_FIRST = frozenset("""
    bo chen chiang choe choi chou chu deng gao guo han ho hu huang jiang kang kim lee li liang lin
    liu lu luo ma mao nie pak park peng qian ren rhee shen song sun tan wang wu xi xu yang ye zeng
    zhang zhao zhou zhu
""".split())
_INITIAL = re.compile(r"^[^\W\d_]{1,2}\.$")
_ARTICLE = frozenset({"the", "a", "an"})


def literal_sort_form(literal: str) -> str:
    """Where a name written as a ``literal`` files in a bibliography.

    A person files under the family name, the last word before any bracket ("A. Gromyko" under
    Gromyko, "Filippov [Stalin]" under Filippov, "Soviet Ambassador to the DPRK A. M. Puzanov"
    under Puzanov); a name already written family-first (Chinese, Korean, Vietnamese) files as
    written ("Mao Zedong" under Mao); an organisation files under its first word after an
    article ("The National Archives" under National).
    """
    name = re.split(r"\s*[\[(]", literal, maxsplit=1)[0].strip() or literal.strip()
    words = name.split()
    if not words:
        return literal
    lower = [w.casefold().strip(",.;:") for w in words]
    person_at_end = len(words) >= 2 and _INITIAL.match(words[-2]) is not None
    if not person_at_end and (any(w in _ORGANISATION_WORDS for w in lower) or len(words) > 4):
        if lower[0] in _ARTICLE and len(words) > 1:
            return " ".join(words[1:])
        return name
    if lower[0] in _FAMILY_FIRST and not any(_INITIAL.match(w) for w in words):
        return name
    return " ".join([words[-1], *words[:-1]])


# Names written family name first: Chinese, Japanese, Korean (in any script) and Hungarian.
FAMILY_FIRST_LANGUAGES = frozenset({"zh", "ja", "ko", "hu"})
# Han characters, kana and Hangul, as code point ranges. Compared by hand, not by a regular
# expression: a character class this wide costs several milliseconds to compile, paid by every
# command that imports this module (cite, bib, list) before it prints anything.
_HAN_KANA_HANGUL = ((0x1100, 0x11FF), (0x3040, 0x30FF), (0x3130, 0x318F), (0x3400, 0x4DBF),
                    (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF))


def _han_kana_hangul(text: str) -> bool:
    """True when ``text`` holds a Han character, kana or Hangul."""
    for ch in text:
        if ch >= "\u1100":  # below U+1100 (every Latin, Cyrillic, Greek letter): none of them
            code = ord(ch)
            if any(low <= code <= high for low, high in _HAN_KANA_HANGUL):
                return True
    return False


def is_family_first(name: Any, language: str = "") -> bool:
    """Whether a personal name is written family name first ("Mao Zedong", "Shen Zhihua").

    It is when the name says so (CSL ``static-ordering``), when it is written in Han
    characters, kana or Hangul, or when ``language`` (the primary subtag of the record's
    ``language``) is Chinese, Japanese, Korean or Hungarian. A romanized Chinese name in an
    English-language record needs ``static-ordering``: nothing else tells "Shen Zhihua" from
    "Sergey Radchenko".
    """
    if not isinstance(name, dict) or "literal" in name or not name.get("family"):
        return False
    if name.get("static-ordering"):
        return True
    text = f"{name.get('family', '')}{name.get('given', '')}"
    return _han_kana_hangul(text) or language in FAMILY_FIRST_LANGUAGES


def name_text(name: Any, order: NameOrder = "reading", esc: Escape = _same,
              language: str = "") -> str:
    """One CSL name as text in ``order``, each part escaped by ``esc``; "" for a non-name.

    ``language`` is the record's primary language subtag, which can make a name family-first
    (:func:`is_family_first`); a name in Han, kana or Hangul is written without a space
    ("毛泽东", "박명림").
    """
    if not isinstance(name, dict):
        return ""
    if order == "bibtex":
        return _bibtex(name, esc)
    if name.get("literal"):
        literal = str(name["literal"])
        return esc(literal_sort_form(literal) if order == "sort" else literal)
    sep = " "
    if order == "sort":
        keys: tuple[str, ...] = ("non-dropping-particle", "family", "given")
    elif is_family_first(name, language):
        keys = ("family", "given")
        if _han_kana_hangul(f"{name.get('family', '')}{name.get('given', '')}"):
            sep = ""
    else:
        keys = ("given", "dropping-particle", "non-dropping-particle", "family")
    text = sep.join(esc(str(name[k])) for k in keys if name.get(k))
    if order == "reading" and name.get("suffix"):
        return f"{text}, {esc(str(name['suffix']))}"
    return text


def names_text(names: Any, order: NameOrder = "reading", esc: Escape = _same,
               sep: str | None = None) -> str:
    """Every name of a CSL name list as text, empty ones left out.

    The separator is the order's own unless given: ``; `` when reading (a name may hold a
    comma: ``King, Jr.``), `` and `` in BibTeX, a space in the sort form.
    """
    if not isinstance(names, list):
        return ""
    if sep is None:
        sep = {"reading": "; ", "bibtex": " and ", "sort": " "}[order]
    return sep.join(t for t in (name_text(n, order, esc) for n in names) if t)
