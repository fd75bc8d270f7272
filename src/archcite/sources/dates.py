"""Dates as Wilson Center pages print them, to CSL ``date-parts``.

Pages write "June 30, 1951", zero-padded "November 03, 1977", month-only "June, 1977" or
"June 1934", day-first "30 June 1951", ISO "2011-11-20", or nothing. A partial date stays
partial (``[1977, 6]``): a date is never invented.
"""

from __future__ import annotations

import calendar
import re

MONTHS: dict[str, int] = {}
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")
for _number, _name in enumerate(_MONTH_NAMES, start=1):
    MONTHS[_name] = _number
    MONTHS[_name[:3]] = _number
MONTHS["sept"] = 9

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
DATE_PATTERNS = (
    re.compile(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}"),
    re.compile(rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}"),
    re.compile(rf"{_MONTH},?\s+{_YEAR}"),
    re.compile(r"(?P<year>\d{4})-(?P<mnum>\d{2})(?:-(?P<day>\d{2}))?"),
    re.compile(_YEAR),
)
# Any of the forms above, for finding a date inside longer text (as a regex source).
_MONTH_ALT = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DATE_RE = (
    rf"(?:{_MONTH_ALT}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH_ALT},?\s+\d{{4}}"
    rf"|{_MONTH_ALT},?\s+\d{{4}}"
    r"|\d{4}-\d{2}(?:-\d{2})?"
    r"|\d{4}"
    r"|n\.\s?d\.|undated)"
)
"""Any of the forms above, for finding a date inside longer text (a regex source; use with
re.IGNORECASE)."""


def _written(text: str) -> tuple[str, int, int | None, int | None] | None:
    """The text (spaces normalised) and the year, month and day it is written as, or None
    when it is not written like a date at all. Nothing is checked here: ``parse_date`` and
    ``date_problem`` read the same forms and differ only in what they do with an impossible
    one, so both start from this one reading."""
    text = " ".join(text.strip().strip(",.").split())
    for pattern in DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if not match:
            continue
        groups = match.groupdict()
        month: int | None = None
        if groups.get("mnum"):
            month = int(groups["mnum"])
        elif groups.get("month"):
            month = MONTHS.get(groups["month"].lower())
            if month is None:  # a word that is not a month: try the next form
                continue
        day = int(groups["day"]) if groups.get("day") else None
        return text, int(groups["year"]), month, day
    return None


def parse_date(text: str) -> list[int] | None:
    """``date-parts`` of one date (``[1951, 6, 30]``, ``[1977, 6]``), or None if it is not one.

    The whole text must be the date; names that are not months and impossible days are refused
    (None), so a heading line is never mistaken for a date.
    """
    written = _written(text)
    if written is None or date_problem(text) is not None:
        return None
    _, year, month, day = written
    if day is not None:
        return [year, month or 1, day]
    return [year, month] if month else [year]


def date_problem(text: str) -> str | None:
    """Why ``text``, written like a date, cannot be one ("February 30, 1951": February 1951
    has 28 days; "1951-13-02": there is no month 13); None when it is a real date or not
    written like a date at all.

    The record builder refuses such a date with this reason instead of storing it: an
    impossible date is a damaged source, and a stored one would print as if it were real.
    """
    written = _written(text)
    if written is None:
        return None
    text, year, month, day = written
    if month is None:
        return None
    if not 1 <= month <= 12:
        return f"{text!r} is not a date: there is no month {month}"
    if day is not None:
        if year < 1:  # the calendar has no year 0; the day cannot be checked against it
            return f"{text!r} is not a date: there is no year {year}"
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            name = _MONTH_NAMES[month - 1].title()
            return f"{text!r} is not a date: {name} {year} has {last} days"
    return None
