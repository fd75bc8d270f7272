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
    # "list" is one leaf, "listy" several; the value decides when the source's label did not.
    "list": LevelLabels("l.", "ll.", "list", "listy", "Л."),
    "listy": LevelLabels("ll.", "ll.", "listy", "listy", "Л."),
}

LEVEL_ORDER_HINT = ("fond", "opis", "delo", "ed_khr", "papka", "perechen", "dokument", "list")

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
    plural = is_plural_value(value) or level == "listy"
    if style == "mla":
        return labels.mla_plural if plural else labels.mla
    if style == "gost":
        return labels.gost
    return labels.chicago_plural if plural else labels.chicago


def format_value(value: str, style: str, dash: str = "–") -> str:
    """A level's value as a style prints it: en-dash ranges, the verso mark per style.

    Chicago writes the verso as ``5–7ob.``; MLA spells it out as ``5–7 verso``; GOST as
    ``5–7 об.``. Leading zeros are kept (``0141``).
    """
    text = dash_ranges(value.strip(), dash)
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
        f"{label_for(level, value, style)}{tie}{format_value(value, style, dash)}"
        for level, value in levels
    )
