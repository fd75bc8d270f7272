"""What BibTeX and BibLaTeX export share: encoders, names, dates, holdings, languages.

An :class:`Encoder` turns record text into field text in one of three scripts:

- ``ascii``: 7-bit BibTeX (accents as LaTeX commands, Cyrillic romanized, the rest dropped);
- ``latin``: UTF-8 for pdfLaTeX (Latin letters kept, Cyrillic romanized, scripts pdfLaTeX's
  standard fonts cannot set — Chinese, Greek — dropped); BibLaTeX's default;
- ``original``: UTF-8, every script kept (for XeLaTeX/LuaLaTeX, or T2A/CJK set up by hand).

Whenever a field loses anything (romanized or dropped), the exporter writes the original beside
it as ``x-original-<field>``: BibTeX, Biber and every style ignore fields they do not know, so
the original travels with the entry, is never printed, and import reads it back.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from archcite.formats import latex
from archcite.model.archives import ArchiveRegistry
from archcite.model.holdings import Holding, holdings_of
from archcite.model.levels import format_value, label_for
from archcite.model.record import issued_parts
from archcite.model.translit import romanize_cyrillic

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
WILSON_SOURCE = "History and Public Policy Program Digital Archive"


class Encoder:
    """Escapes text for one script; ``lossy`` turns True when something was romanized/dropped."""

    def __init__(self, script: str) -> None:
        if script not in ("ascii", "latin", "original"):
            raise ValueError(script)
        self.script = script
        self.lossy = False

    def __call__(self, text: str) -> str:
        if self.script == "original" or text.isascii():
            return latex.escape(text)
        if self.script == "ascii":
            out, lossless = latex.escape_ascii(text)
            if not lossless:
                self.lossy = True
            return out
        romanized = romanize_cyrillic(text)
        if romanized != text:
            self.lossy = True
        kept = []
        for ch in romanized:
            if ch.isascii() or latex._char_ascii(unicodedata.normalize("NFC", ch)) is not None:
                kept.append(ch)
            elif unicodedata.category(ch).startswith("M"):
                kept.append(ch)  # a combining accent on a kept letter
            else:
                self.lossy = True
        text = "".join(kept)
        if self.lossy:
            text = re.sub(r"  +", " ", text).strip()
        return latex.escape(text)


FieldBuilder = Callable[[Encoder], str]


def encode_field(name: str, build: FieldBuilder, script: str,
                 fields: list[tuple[str, str]], originals: list[tuple[str, str]]) -> None:
    """Append ``(name, build(encoder))`` to ``fields``; keep the original when it lost anything."""
    enc = Encoder(script)
    value = build(enc)
    if value:
        fields.append((name, value))
    if enc.lossy:
        originals.append((f"x-original-{name}", build(Encoder("original"))))


def and_join(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def date_parts(record: dict[str, Any]) -> list[int]:
    """The first issued date as integers."""
    return issued_parts(record)


def level_latex(level: str, value: str, esc: Callable[[str], str]) -> str:
    """``f.~45``, ``ll.~95--96``, ``ed.~khr.~16``: tied label, ``--`` ranges."""
    label = label_for(level, value, "chicago").replace(" ", "~")
    return f"{label}~{esc(format_value(value, 'chicago', dash='--'))}"


def holding_latex(holding: Holding, esc: Callable[[str], str]) -> str:
    """``{APRF}, f.~45, op.~1, d.~339, ll.~95--96`` (archive braced against case change)."""
    parts = []
    if holding.archive:
        parts.append(latex.brace(esc(holding.archive)))
    parts.extend(level_latex(level, value, esc) for level, value in holding.levels)
    if holding.reference:
        parts.append(esc(holding.reference))
    return ", ".join(parts)


def holdings_latex(record: dict[str, Any], esc: Callable[[str], str]) -> str:
    """Every holding, repository first, joined by semicolons in stored order."""
    return "; ".join(holding_latex(h, esc) for h in holdings_of(record))


def digital_archive(record: dict[str, Any]) -> str:
    """``History and Public Policy Program Digital Archive, Wilson Center``."""
    return ", ".join(str(record[v]) for v in ("source", "publisher") if record.get(v))


# BCP 47 primary subtags and English names → babel/biblatex language names.
LANGIDS = {
    "en": "english", "ru": "russian", "de": "german", "fr": "french", "pl": "polish",
    "hu": "magyar", "ro": "romanian", "cs": "czech", "sk": "slovak", "bg": "bulgarian",
    "uk": "ukrainian", "sr": "serbian", "hr": "croatian", "sl": "slovene", "it": "italian",
    "es": "spanish", "pt": "portuguese", "fi": "finnish", "sv": "swedish", "nl": "dutch",
    "da": "danish", "no": "norsk", "nb": "norsk", "nn": "nynorsk", "et": "estonian",
    "lv": "latvian", "lt": "lithuanian", "el": "greek", "tr": "turkish", "be": "belarusian",
    "ja": "japanese", "ko": "korean", "zh": "chinese", "mn": "mongolian", "vi": "vietnamese",
}
_ENGLISH_NAMES = {
    "english": "en", "russian": "ru", "german": "de", "french": "fr", "polish": "pl",
    "hungarian": "hu", "magyar": "hu", "romanian": "ro", "czech": "cs", "slovak": "sk",
    "bulgarian": "bg", "ukrainian": "uk", "serbian": "sr", "croatian": "hr", "chinese": "zh",
    "japanese": "ja", "korean": "ko", "mongolian": "mn", "vietnamese": "vi", "italian": "it",
    "spanish": "es", "greek": "el", "turkish": "tr", "belarusian": "be", "slovene": "sl",
}
# Languages biblatex has no language module for: no langid rather than a biblatex warning.
_NO_BIBLATEX_MODULE = frozenset({"zh", "ja", "ko", "mn", "be", "vi"})


def language_code(text: str) -> str:
    """``en-US`` → ``en``; ``Russian`` → ``ru``; unknown → ``""``."""
    text = text.strip().lower()
    if not text:
        return ""
    if text in _ENGLISH_NAMES:
        return _ENGLISH_NAMES[text]
    primary = re.split(r"[-_]", text)[0]
    return primary if primary in LANGIDS else ""


def langid(record: dict[str, Any]) -> str:
    """The language of the text cited, as biblatex names it.

    ``language`` says what the record's text is (``en`` for a Wilson Center translation, so
    ``english`` even when the original was Russian); without it the original language is the
    text read. Languages biblatex cannot hyphenate or localise get no langid.
    """
    code = language_code(str(record.get("language") or ""))
    if not code:
        custom: dict[str, Any] = c if isinstance(c := record.get("custom"), dict) else {}
        code = language_code(str(custom.get("original-language") or ""))
    if not code or code in _NO_BIBLATEX_MODULE:
        return ""
    return LANGIDS[code]


def langid_to_code(value: str) -> str:
    """Inverse of :func:`langid` for import."""
    value = value.strip().lower()
    for code, name in LANGIDS.items():
        if name == value:
            return code
    return language_code(value)


def write_entry(entry_type: str, key: str, fields: list[tuple[str, str]],
                bare: frozenset[str] = frozenset()) -> str:
    """One entry with the field names padded to the longest, each line ending in a comma.

    Fields named in ``bare`` are written without braces (BibTeX's month macros: ``jun``).
    """
    width = max((len(name) for name, _ in fields), default=0)
    lines = [f"@{entry_type}{{{key},"]
    for name, value in fields:
        if not latex.check_braces(value):
            from archcite.errors import ExportError

            raise ExportError(f"{key}: field {name} would have unbalanced braces")
        shown = value if name in bare else f"{{{value}}}"
        lines.append(f"  {name.ljust(width)} = {shown},")
    lines.append("}")
    return "\n".join(lines)


def registry_grammar(registry: ArchiveRegistry, archive: str) -> str:
    """``russian`` or ``free`` for a known archive, ``""`` for an unknown one."""
    known = registry.lookup(archive)
    return known.grammar if known else ""


def custom_of(record: dict[str, Any]) -> dict[str, Any]:
    """The record's ``custom`` object ({} when it has none or it is not an object)."""
    custom = record.get("custom")
    return custom if isinstance(custom, dict) else {}


def bib_fields(record: dict[str, Any]) -> dict[str, str]:
    """The .bib fields an import kept without a CSL variable, as written (``custom.bib-fields``)."""
    kept = custom_of(record).get("bib-fields")
    if not isinstance(kept, dict):
        return {}
    return {str(k).lower(): v for k, v in kept.items()
            if isinstance(v, str) and v.strip() and latex.check_braces(v)}


def strip_joined(text: str, kept: dict[str, str], sub: str, addon: str) -> str:
    """``text`` without the subtitle and addon the import joined to it ("Title: Sub. Addon").

    The import keeps ``subtitle``/``titleaddon`` as written beside the joined title; writing
    both back would print the subtitle twice.
    """
    from archcite.formats.latextext import to_rich_text

    if addon and kept.get(addon):
        tail = ". " + to_rich_text(kept[addon]).strip()
        if text.endswith(tail):
            text = text[: -len(tail)]
    if sub and kept.get(sub):
        tail = ": " + to_rich_text(kept[sub]).strip()
        if text.endswith(tail):
            text = text[: -len(tail)]
    return text


def keywords_latex(record: dict[str, Any], esc: Callable[[str], str]) -> str:
    """The record's tags as a ``keywords`` list: ``korea, draft``."""
    tags = custom_of(record).get("tags")
    if not isinstance(tags, list):
        return ""
    return ", ".join(esc(str(t)) for t in tags if isinstance(t, str) and t.strip())


def pages_latex(page: str, esc: Callable[[str], str]) -> str:
    """``44-68`` → ``44--68``: a page range with LaTeX's en dash."""
    return re.sub(r"(?<=\w)\s*[-–]\s*(?=\w)", "--", esc(page))


def _plain_iso(value: dict[str, Any]) -> str:
    """The common case of :func:`bib_date` without a parse: one day, month or year of the
    common era, no qualifier (checked here: the day exists in its month); else ``""``."""
    if len(value) != 1:
        return ""
    parts = value.get("date-parts")
    if not isinstance(parts, list) or len(parts) != 1 or not isinstance(parts[0], list):
        return ""
    date = parts[0]
    if not 1 <= len(date) <= 3 or not all(type(p) is int for p in date):
        return ""
    if not 0 < date[0] < 10000 or (len(date) > 1 and not 1 <= date[1] <= 12):
        return ""
    if len(date) == 3 and not 1 <= date[2] <= calendar.monthrange(date[0], date[1])[1]:
        return ""
    return "-".join([f"{date[0]:04d}", *(f"{p:02d}" for p in date[1:])])


def bib_date(value: Any) -> str:
    """A CSL date as an ISO 8601-2 (EDTF) date biblatex reads, or ``""``.

    ``1951-06-30``, ``1951-06``, ``1951``, ranges ``1950/1953``, circa ``1951~``; years before
    1 AD astronomically (CSL's -44, 44 BC, is ``-0043``). A date the record keeps as written
    (``raw``) goes back as written when it says the same date; a ``literal`` date, which biber
    would refuse, is left for ``--full`` to carry.
    """
    if not isinstance(value, dict):
        return ""
    plain = _plain_iso(value)
    if plain:
        return plain
    from archcite.formats.datetext import parse_edtf

    raw = value.get("raw")
    if isinstance(raw, str) and raw.strip():
        back, _ = parse_edtf(raw)
        if back is not None and back.get("date-parts") == value.get("date-parts") and \
                bool(back.get("circa")) == bool(value.get("circa")):
            return raw.strip()
    parts = value.get("date-parts")
    if not isinstance(parts, list) or not parts:
        return ""
    out = []
    for date in parts[:2]:
        try:
            numbers = [int(p) for p in date]
        except (TypeError, ValueError):
            return ""
        if not numbers:
            return ""
        year = numbers[0] + 1 if numbers[0] < 0 else numbers[0]
        text = f"-{-year:04d}" if year < 0 else f"{year:04d}"
        for n in numbers[1:3]:
            text += f"-{n:02d}"
        if value.get("circa"):
            text += "~"
        out.append(text)
    text = "/".join(out)
    back, warning = parse_edtf(text)
    return text if back is not None and warning is None else ""
