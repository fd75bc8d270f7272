"""The locator levels of Russian/Soviet archival references and how each style labels them.

The stored record names each level by a canonical identifier (left column below); styles
choose the label. Values are strings, always (``059a``, ``0078``, ``95ob``, ``95-96``).
Chicago abbreviates (``f. 45``, ``ll. 95–96``) except ``papka``, since "p." reads as page;
MLA spells every level out (``listy``, since MLA's "ll." means lines); GOST uses the Russian
abbreviations (``Ф. 45``, ``Л. 95–96``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class LevelLabels:
    """Labels of one level: Chicago/English notes, MLA (spelled out), GOST (Russian)."""

    chicago: str
    chicago_plural: str
    mla: str
    mla_plural: str
    gost: str


LEVELS: dict[str, LevelLabels] = {
    "fond": LevelLabels("f.", "f.", "fond", "fond", "Ф."),
    "opis": LevelLabels("op.", "op.", "opis", "opis", "Оп."),
    "delo": LevelLabels("d.", "d.", "delo", "delo", "Д."),
    "ed_khr": LevelLabels(
        "ed. khr.", "ed. khr.", "edinitsa khraneniia", "edinitsa khraneniia", "Ед. хр."
    ),
    # Never "p.": in an English note it reads as "page".
    "papka": LevelLabels("papka", "papka", "papka", "papka", "П."),
    "perechen": LevelLabels("per.", "per.", "perechen", "perechen", "Пер."),
    "dokument": LevelLabels("dok.", "dok.", "dokument", "dokument", "Док."),
    # "list" is one leaf, "listy" several, but the label printed follows the value (one leaf
    # or a range/list of leaves), not the word the source happened to use.
    "list": LevelLabels("l.", "ll.", "list", "listy", "Л."),
    "listy": LevelLabels("l.", "ll.", "list", "listy", "Л."),
}

LEVEL_ORDER_HINT = ("fond", "opis", "delo", "ed_khr", "papka", "perechen", "dokument", "list")

# How sources write each level's label (regular-expression alternatives, matched without case):
# the one table every reader of archival references uses (pages, citation strings, .bib and
# CSL-JSON imports). Order matters: "ed. khr." before "d.", "ll." before "l.", so that the
# longer spelling wins. To read a new spelling (a label with no full stop, a GOST form), add an
# alternative to its level here; the readers build their patterns from this table.
# Abbreviations are read with or without their full stop ("op 5", "d 12", "op.3", "d.337"):
# sources drop it. Without the stop a space or a digit must follow ("f45", "f R-9401"), so a
# word that merely starts with the letters ("fa", "lot") is never a label. Only papka's "p."
# keeps its stop: a bare "p" is a page in every other system.
def _abbreviation(label: str) -> str:
    return rf"{label}(?:\.|(?=[\s\d]))"


LEVEL_SPELLINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ed_khr", (rf"{_abbreviation('ed')}\s*{_abbreviation('khr')}?",
                r"ed\.\s*khr", r"edinitsa\s+khraneniia", r"ед\.?\s*хр\.?")),
    ("fond", (r"fond", _abbreviation("f"), _abbreviation("ф"), r"фонд")),
    ("opis", (r"opis['’]?", _abbreviation("op"), _abbreviation("оп"), r"опись")),
    ("delo", (r"delo", _abbreviation("d"), _abbreviation("д"), r"дело")),
    ("papka", (r"papka", _abbreviation("pap"), r"p\.", r"п\.", r"папка")),
    ("perechen", (r"perechen['’]?", _abbreviation("per"), _abbreviation("пер"), r"перечень")),
    ("dokument", (r"dokument", _abbreviation("dok"), _abbreviation("doc"), _abbreviation("док"),
                  r"документ")),
    ("listy", (r"listy", _abbreviation("ll"), _abbreviation("лл"), r"листы")),
    ("list", (r"list", _abbreviation("l"), _abbreviation("л"), r"лист")),
)


def spelling_pattern(*levels: str) -> str:
    """A regular expression (no groups) matching any spelling of ``levels``, longest first."""
    return "|".join(pattern for level, spellings in LEVEL_SPELLINGS if level in levels
                    for pattern in spellings)


# A level's value: letters and digits (059a, R-5446), a range, the verso mark (ob., об.).
LEVEL_VALUE = r"[0-9A-Za-zА-Яа-я]+(?:\s*[-–—]\s*[0-9A-Za-zА-Яа-я]+)?(?:\s*(?:ob|об)\.?)?"

_RANGE = re.compile(r"(?<=\w)\s*[-–—]+\s*(?=\w)")
_OBOROT = re.compile(r"\s*ob\.?$", re.IGNORECASE)


def is_plural_value(value: str) -> bool:
    """True for a range or a list of leaves (``95-96``, ``12, 14``)."""
    return bool(_RANGE.search(value)) or "," in value


def dash_ranges(value: str, dash: str = "–") -> str:
    """Write every range in ``value`` with ``dash`` (en dash in text, ``--`` in LaTeX)."""
    return _RANGE.sub(dash, value)


def label_for(level: str, value: str, style: str) -> str:
    """The label a style prints before ``value`` at ``level`` (``ll.``, ``listy``, ``Л.``)."""
    labels = LEVELS.get(level)
    if labels is None:
        return level
    # The value decides, whatever label the source wrote: a single leaf is "l." even where
    # the page printed "ll. 0141" (a copy editor's correction, the stored level unchanged).
    plural = is_plural_value(value)
    if style == "mla":
        return labels.mla_plural if plural else labels.mla
    if style == "gost":
        return labels.gost
    return labels.chicago_plural if plural else labels.chicago


# Levels whose values are ranges of leaves; every other value is an identifier, whose hyphen
# stays a hyphen (GARF f. R-9401, not R–9401).
RANGE_LEVELS = frozenset({"list", "listy"})


def format_value(value: str, style: str, dash: str = "–", ranges: bool = True) -> str:
    """A level's value as a style prints it: en-dash ranges, the verso mark per style.

    Chicago writes the verso as ``5–7ob.``; MLA spells it out as ``5–7 verso``; GOST as
    ``5–7 об.``. Leading zeros are kept (``0141``). ``ranges=False`` (an identifier such as a
    fond) keeps hyphens as written.
    """
    text = dash_ranges(value.strip(), dash) if ranges else value.strip()
    if _OBOROT.search(text):
        stem = _OBOROT.sub("", text)
        if style == "mla":
            return f"{stem} verso"
        if style == "gost":
            return f"{stem} об."
        return f"{stem}ob."
    return text


def format_levels(levels: list[tuple[str, str]], style: str, sep: str = ", ",
                  tie: str = " ", dash: str = "–") -> str:
    """Levels joined in stored order, e.g. ``f. 45, op. 1, d. 339, ll. 95–96``."""
    return sep.join(
        f"{label_for(level, value, style)}{tie}"
        f"{format_value(value, style, dash, ranges=level in RANGE_LEVELS)}"
        for level, value in levels
    )
