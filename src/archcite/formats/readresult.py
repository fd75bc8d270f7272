"""What reading one bibliography file gives: each entry's record, or why it was skipped.

Every reader (BibTeX/BibLaTeX, CSL-JSON, RIS) returns the same shape, so the import decides
keys, duplicates and writing once for all formats. A reader never stops at a bad entry: it
reports the entry (``skip``) and reads on; whether one bad entry stops the import is the
caller's choice (``--strict``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ReadEntry:
    """One entry of a file: its record (None when skipped), where it was, what to warn about."""

    key: str
    where: str  # "line 12" or "item 3": how a user finds the entry in the file
    record: dict[str, Any] | None = None
    reason: str = ""  # why it was skipped
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """How messages name the entry: its key when it has one, else where it is."""
        return f"{self.key} ({self.where})" if self.key else f"the entry at {self.where}"


@dataclass
class ReadResult:
    """Every entry of a file in file order, and problems of the file as a whole."""

    entries: list[ReadEntry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def records(self) -> list[dict[str, Any]]:
        """The records of the entries that were read."""
        return [e.record for e in self.entries if e.record is not None]

    @property
    def skipped(self) -> list[ReadEntry]:
        """The entries that could not be read."""
        return [e for e in self.entries if e.record is None]
