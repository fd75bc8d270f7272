"""A record typed in by hand: a document read in a reading room, not online.

``archcite add --archive RGASPI --fond 558 --opis 11 --delo 342 --listy 92 --date 1952-02-23
--from "Filippov [Stalin]" --to "Mao Zedong" --genre cable`` gives the parts a page would give.
They are checked by the rules every other reader uses: each level's value by the level table's
value rule (:data:`archcite.model.levels.LEVEL_VALUE`), a free ``--reference`` by the holdings
reader (:func:`archcite.sources.locators.parse_holding`), the date by the date reader (an
impossible day such as 1952-02-30 is refused), the kind of item by the heading rules. An archive
the registry does not know is kept as written; the caller is told so (a note, not a refusal:
a historian may well be the first to cite a regional archive).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from archcite.errors import SourceError
from archcite.model.archives import ArchiveRegistry
from archcite.model.holdings import Holding
from archcite.model.levels import LEVEL_ORDER_HINT, LEVEL_VALUE, is_plural_value
from archcite.sources.dates import parse_date
from archcite.sources.headings import Heading, bracket_real_names
from archcite.sources.locators import normalize_value, parse_holding

# The levels a reading-room entry can name, in the order a Russian reference gives them
# (fond, opis, delo, then the leaves): the option names are the level names with "_" as "-".
# The leaves are one entry, "listy": its value decides between one leaf (list, "l. 92") and
# several (listy, "ll. 92-93"), as the level table says when no label decides.
ENTRY_LEVELS = (*(level for level in LEVEL_ORDER_HINT if level != "list"), "listy")
_VALUE = re.compile(LEVEL_VALUE, re.IGNORECASE)


@dataclass
class ManualEntry:
    """What the user typed: the parts of one archival document."""

    archive: str = ""
    levels: dict[str, str] = field(default_factory=dict)  # level → value, as typed
    reference: str = ""
    date: str = ""
    senders: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    genre: str = ""
    title: str = ""
    url: str = ""

    def is_empty(self) -> bool:
        """True when nothing of a document was given."""
        return not (self.archive or self.levels or self.reference or self.date or self.senders
                    or self.recipients or self.genre or self.title)


def record_from_entry(entry: ManualEntry, registry: ArchiveRegistry
                      ) -> tuple[dict[str, Any], list[str]]:
    """(the record, notes for the user) of a typed entry; anything wrong is one SourceError."""
    notes: list[str] = []
    archive = " ".join(entry.archive.split())
    if not archive:
        raise SourceError("--archive is needed: the archive that holds the document")
    if registry.lookup(archive) is None:
        notes.append(f"{archive!r} is not an archive archcite knows; kept as written (add it to "
                     "your archives.json to have its name and city in citations)")
    levels = _levels(entry.levels)
    reference = " ".join(entry.reference.split())
    if reference and not levels:
        holding = parse_holding(reference, registry, archive=archive)
        if not holding.archive:
            holding = Holding(archive, holding.levels, holding.reference)
    else:
        holding = Holding(archive, tuple(levels), reference)
    if not entry.date.strip():
        raise SourceError("--date is needed (1952-02-23, February 23, 1952, 1952-02 or 1952)")
    parts = parse_date(entry.date)
    if parts is None:
        raise SourceError(f"--date {entry.date!r} is not a real date (1952-02-23, "
                          "February 23, 1952, 1952-02 or 1952)")
    senders = [bracket_real_names(" ".join(n.split())) for n in entry.senders if n.strip()]
    recipients = [bracket_real_names(" ".join(n.split())) for n in entry.recipients
                  if n.strip()]
    genre = " ".join(entry.genre.split()).lower()
    title = " ".join(entry.title.split()) or _title(genre, senders, recipients)
    if not title:
        raise SourceError("give --title, or --genre (with --from/--to) to make one")
    record: dict[str, Any] = {
        "type": Heading(genre, senders, recipients).csl_type,
        "title": title,
        "issued": {"date-parts": [parts]},
        "custom": {"holdings": [holding.to_json()]},
    }
    if genre:
        record["genre"] = genre
    if senders:
        record["author"] = [{"literal": name} for name in senders]
    if recipients:
        record["recipient"] = [{"literal": name} for name in recipients]
    if entry.url.strip():
        record["URL"] = entry.url.strip()
    return record, notes


def _levels(typed: dict[str, str]) -> list[tuple[str, str]]:
    out = []
    for level in ENTRY_LEVELS:
        value = typed.get(level)
        if value is None:
            continue
        value = " ".join(value.split())
        option = "--" + level.replace("_", "-")
        if not _VALUE.fullmatch(value):
            raise SourceError(f"{option} {value!r} is not a level value (letters and digits "
                              "such as 059a, a range such as 95-96, ob. for the verso)")
        value = normalize_value(value)
        if level == "listy" and not is_plural_value(value):
            level = "list"
        out.append((level, value))
    unknown = set(typed) - set(ENTRY_LEVELS)
    if unknown:  # pragma: no cover - the command offers only these levels
        raise SourceError(f"unknown level {sorted(unknown)[0]!r}")
    return out


def _title(genre: str, senders: list[str], recipients: list[str]) -> str:
    """A descriptive title as archives and the Wilson Center write them ("Cable, A to B")."""
    parties = ""
    if senders and recipients:
        parties = f"{' and '.join(senders)} to {' and '.join(recipients)}"
    elif senders:
        parties = f"from {' and '.join(senders)}"
    elif recipients:
        parties = f"to {' and '.join(recipients)}"
    if not genre:
        return ""
    head = genre[:1].upper() + genre[1:]
    return f"{head}, {parties}" if parties else head
