"""Dates as bibliography files write them → CSL dates, never dropped and never invented.

biblatex's ``date`` fields are ISO 8601-2 (EDTF level 1): ``1951-06-30``, ranges ``1950/1953``,
open ranges ``1950/`` or ``1950/..``, seasons ``1951-21``, times ``1951-06-30T14:00:00``,
qualifiers ``1951?``, ``1951~``, ``1951%``, unspecified digits ``195X``. BibTeX writes ``year``,
``month`` and ``day`` apart, sometimes as ``c. 1951`` or ``[1951]``. Each becomes a CSL date:
``date-parts`` where the date can be said in them (``circa`` for an approximate or uncertain
one, ``raw`` keeping what was written when part of it — a time, an open end — has no place in
``date-parts``), else a ``literal`` date holding the text as written, with a warning. A date
that cannot exist (``1951-02-30``) is a literal too: the reader never "corrects" it.
"""

from __future__ import annotations

import calendar
import re
from typing import Any

_PART = re.compile(
    r"(?P<year>[+-]?\d{1,9})(?:-(?P<month>\d{1,2}))?(?:-(?P<day>\d{1,2}))?"
    r"(?P<time>T\d{2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"
    r"(?P<qual>[?~%])?"
)
_MONTH_NAMES = {
    name: i + 1 for i, names in enumerate([
        "january jan", "february feb", "march mar", "april apr", "may", "june jun",
        "july jul", "august aug", "september sep sept", "october oct", "november nov",
        "december dec"]) for name in names.split()
}
_CIRCA = re.compile(r"^(?:ca?\.|circa|approx\.?|~)\s*(\d{3,4})\s*\??$", re.IGNORECASE)


def _short(text: str, limit: int = 40) -> str:
    """``repr`` of a date as written, cut for a one-line message."""
    text = repr(text.strip())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _one(text: str) -> tuple[list[int], bool, bool] | str:
    """(parts, circa, kept-raw) of one EDTF date, or the reason it is not one."""
    match = _PART.fullmatch(text.strip())
    if not match:
        return f"{_short(text)} is not a date"
    year = int(match["year"])
    # ISO/EDTF years are astronomical (0 is 1 BC, -0043 is 44 BC); CSL's negative years
    # count BC without a year zero.
    csl_year = year if year > 0 else year - 1
    parts = [csl_year]
    if match["month"]:
        month = int(match["month"])
        if not (1 <= month <= 12 or 21 <= month <= 24):
            return f"{_short(text)}: {month} is not a month"
        parts.append(month)
        if match["day"]:
            if month > 12:
                return f"{_short(text)}: a season has no day"
            day = int(match["day"])
            leap_year = year if 1 <= year <= 9999 else 2000
            if not 1 <= day <= calendar.monthrange(leap_year, month)[1]:
                return f"{_short(text)} cannot exist (day {day} of month {month})"
            parts.append(day)
    elif match["day"]:
        return f"{_short(text)} is not a date"
    if not -9999 <= year <= 9999:
        return f"{_short(text)}: year {year} is out of range"
    return parts, bool(match["qual"]), bool(match["time"])


def parse_edtf(text: str) -> tuple[dict[str, Any] | None, str | None]:
    """(CSL date, warning) for an ISO 8601-2 / EDTF date; None for an empty one.

    A text that is not a date (or cannot exist) comes back as ``{"literal": text}`` with a
    warning saying why, so the caller keeps what was written.
    """
    text = text.strip()
    if not text:
        return None, None
    pieces = text.split("/")
    if len(pieces) > 2:
        return {"literal": text}, f"date {_short(text)} is not a date or a range; kept as written"
    dates: list[list[int]] = []
    circa = raw = False
    for piece in pieces:
        if piece.strip() in ("", ".."):
            raw = True  # an open start or end: date-parts cannot say it, raw keeps it
            continue
        one = _one(piece)
        if isinstance(one, str):
            return {"literal": text}, f"date {one}; kept as written"
        parts, qualified, timed = one
        dates.append(parts)
        circa |= qualified
        raw |= timed
    if not dates:
        return {"literal": text}, f"date {_short(text)} has no date in it; kept as written"
    result: dict[str, Any] = {"date-parts": dates}
    if circa:
        result["circa"] = True
    if raw or circa:
        result["raw"] = text
    return result, None


def parse_bibtex_date(year: str, month: str = "", day: str = ""
                      ) -> tuple[dict[str, Any] | None, list[str]]:
    """(CSL date, warnings) from BibTeX's ``year``/``month``/``day`` fields (plain text)."""
    warnings: list[str] = []
    year, month, day = year.strip(), month.strip(), day.strip()
    if not year:
        if month or day:
            warnings.append("a month or day without a year; kept in the entry's other fields")
        return None, warnings
    circa = False
    bracketed = re.fullmatch(r"\[(\d{3,4})\??\]", year)
    circa_match = _CIRCA.match(year)
    if bracketed:
        number, circa = bracketed.group(1), year.endswith("?]")
    elif circa_match:
        number, circa = circa_match.group(1), True
    elif re.fullmatch(r"-?\d{1,4}\??", year):
        number, circa = year.rstrip("?"), year.endswith("?")
    else:
        edtf, warning = parse_edtf(year)
        if warning is None and edtf is not None and not month:
            return edtf, warnings
        return {"literal": year}, [f"year {_short(year)} is not a year; kept as written"]
    parts = [int(number)]
    if month:
        month_number = _month_number(month)
        if month_number is None:
            warnings.append(f"month {_short(month)} is not a month;"
                            " kept in the entry's other fields")
        else:
            parts.append(month_number)
            if day:
                if day.isdigit() and 1 <= int(day) <= calendar.monthrange(
                        parts[0] if 1 <= parts[0] <= 9999 else 2000, month_number)[1]:
                    parts.append(int(day))
                else:
                    warnings.append(f"day {_short(day)} of month {month_number} cannot exist;"
                                    " kept in the entry's other fields")
    result: dict[str, Any] = {"date-parts": [parts]}
    if circa:
        result["circa"] = True
        result["raw"] = year
    elif year != str(parts[0]):
        result["raw"] = year
    return result, warnings


def _month_number(text: str) -> int | None:
    text = text.strip().rstrip(".").lower()
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    return _MONTH_NAMES.get(text)


def csl_date_warning(value: Any) -> tuple[Any, str | None]:
    """A CSL-JSON date as read from a file, made valid (value, warning) without losing it.

    Three-part (and longer) ``date-parts`` "ranges" keep their first and last dates, the whole
    kept in ``raw``; a date-parts date that cannot exist becomes a ``literal`` of what was
    written.
    """
    if not isinstance(value, dict):
        return value, None
    parts = value.get("date-parts")
    if not isinstance(parts, list) or not parts:
        return value, None
    written = "/".join("-".join(str(p) for p in d) if isinstance(d, list) else str(d)
                       for d in parts)
    fixed = dict(value)
    warning = None
    if len(parts) > 2:
        fixed["date-parts"] = [parts[0], parts[-1]]
        fixed.setdefault("raw", written)
        warning = f"date-parts with {len(parts)} dates; kept the first and last (all in raw)"
    for date in fixed["date-parts"]:
        if not isinstance(date, list) or not 1 <= len(date) <= 3:
            return value, None
        try:
            numbers = [int(p) for p in date]
        except (TypeError, ValueError, OverflowError):
            return value, None  # not numbers at all: validation says so, in its words
        check = _one("-".join([f"{numbers[0]}", *(f"{n:02d}" for n in numbers[1:])]))
        if isinstance(check, str):
            kept = {k: v for k, v in value.items() if k not in ("date-parts",)}
            kept["literal"] = str(value.get("literal") or value.get("raw") or written)
            return kept, f"date {check}; kept as written"
    return fixed, warning
