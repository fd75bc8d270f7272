"""Structured archival holdings: where one document is kept, level by level.

A record's holdings live in ``custom["holdings"]`` as an ordered list (one document can be held
in several archives: APRF, AVPRF and RGASPI copies of one telegram). Each holding is::

    {"archive": "APRF", "levels": [["fond", "45"], ["opis", "1"], ["delo", "339"],
                                   ["listy", "95-96"]]}

or, where the reference follows no known system, the reference kept whole::

    {"archive": "MOL", "reference": "XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955"}

``archive`` is the name as the source wrote it (``AP RF`` stays ``AP RF``); the registry says
which archive it means. Level order is the source's order (AVPRF puts papka before or after delo).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from archcite.errors import RecordError
from archcite.model.archives import ArchiveRegistry
from archcite.model.levels import LEVELS, format_levels

# A level pair's container types (a tuple: ``list | tuple`` would build a union per level).
_PAIR = (list, tuple)


@dataclass(frozen=True)
class Holding:
    """One archive's copy of a document: levels, or a free reference, or only the archive."""

    archive: str
    levels: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    reference: str = ""

    def to_json(self) -> dict[str, Any]:
        """The JSON shape stored in ``custom["holdings"]`` (only the parts that are set)."""
        out: dict[str, Any] = {"archive": self.archive}
        if self.levels:
            out["levels"] = [[level, value] for level, value in self.levels]
        if self.reference:
            out["reference"] = self.reference
        return out

    @classmethod
    def from_json(cls, data: Any) -> Holding:
        """Read one stored holding, refusing malformed shapes with a one-line reason."""
        if not isinstance(data, dict):
            raise RecordError("a holding must be a JSON object")
        archive = data.get("archive", "")
        if not isinstance(archive, str):
            raise RecordError("a holding's 'archive' must be a string")
        raw_levels = data.get("levels", [])
        if not isinstance(raw_levels, list):
            raise RecordError(f"holding {archive!r}: 'levels' must be a list")
        levels: list[tuple[str, str]] = []
        for item in raw_levels:
            if (
                not isinstance(item, _PAIR)
                or len(item) != 2
                or not isinstance(item[0], str)
                or not isinstance(item[1], str)
            ):
                raise RecordError(
                    f"holding {archive!r}: each level must be a [level, value] pair of strings"
                )
            level, value = item
            if level not in LEVELS:
                raise RecordError(f"holding {archive!r}: unknown level {level!r}")
            if not value.strip():
                raise RecordError(f"holding {archive!r}: level {level!r} has no value")
            levels.append((level, value))
        reference = data.get("reference", "")
        if not isinstance(reference, str):
            raise RecordError(f"holding {archive!r}: 'reference' must be a string")
        unknown = set(data) - {"archive", "levels", "reference"}
        if unknown:
            raise RecordError(f"holding {archive!r}: unknown field {sorted(unknown)[0]!r}")
        if not (archive or levels or reference):
            raise RecordError("a holding needs an archive, levels or a reference")
        return cls(archive=archive, levels=tuple(levels), reference=reference)

    def locator_text(self, style: str = "chicago", dash: str = "–") -> str:
        """The reference without the archive: ``f. 45, op. 1, …`` or the free reference."""
        parts = [format_levels(list(self.levels), style, dash=dash)] if self.levels else []
        if self.reference:
            parts.append(self.reference)
        return ", ".join(parts)

    def display_archive(self, style: str, registry: ArchiveRegistry) -> str:
        """The archive as a style names it: the source's acronym (Chicago), English (MLA)."""
        if style == "mla":
            known = registry.lookup(self.archive)
            if known is not None:
                return known.english_or_name
        return self.archive

    def text(self, style: str, registry: ArchiveRegistry, dash: str = "–") -> str:
        """Repository-first reference: ``APRF, f. 45, op. 1, d. 339, ll. 95–96``."""
        return ", ".join(
            part for part in (self.display_archive(style, registry),
                              self.locator_text(style, dash)) if part
        )


def holdings_of(record: dict[str, Any]) -> list[Holding]:
    """The record's holdings, in stored order (empty when it has none)."""
    custom = record.get("custom") or {}
    raw = custom.get("holdings", []) if isinstance(custom, dict) else []
    if not isinstance(raw, list):
        raise RecordError("custom.holdings must be a list")
    return [Holding.from_json(item) for item in raw]


def holdings_text(holdings: Iterable[Holding], style: str, registry: ArchiveRegistry,
                  dash: str = "–") -> str:
    """Every holding, joined by semicolons, in stored order: a note cites every copy."""
    return "; ".join(h.text(style, registry, dash) for h in holdings)
