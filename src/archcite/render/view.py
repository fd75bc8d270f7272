"""The per-style view of a record: the CSL-JSON item citeproc-py actually renders.

CSL cannot read ``custom`` (where archcite keeps the structured holdings), cannot label a
Russian leaf ("l.", MLA "list"), and cannot switch archive names to English for MLA. So the
renderer computes those strings here, from the structured record, and puts them in the CSL
variables the styles print:

- ``archive`` + ``archive_location``: the archival reference, every holding in stored order
  joined by semicolons (``archcite.model.holdings.holdings_text``): Chicago keeps the source's
  acronyms and abbreviated levels ("APRF", "f. 45, … ll. 95–96"); MLA uses English archive names
  and spelled-out levels ("fond 45, opis 1, delo 339, listy 95–96"). For Chicago these are the
  same strings the store derives, so pandoc renders the stored record with archcite's style
  identically. ``shelfmark_first`` puts the whole reference, shelfmark before archive, in
  ``archive_location`` (Chicago's alternative order).
- ``URL``: MLA drops "https://".
- ``genre``: Chicago notes leave the word "letter" out.
- ``locator``: the pinpoint spelled per style ("l. 95"; MLA "list 95"), see :func:`pinpoint`.
- ``issued``: a date range becomes a literal date written here (citeproc-py limitation: a date
  range inside a single year disappears from its output).
- names: family-first names (``static-ordering``, Han/kana/Hangul script, or a Chinese,
  Japanese, Korean or Hungarian record) become literal names in family-first order, the family
  name alone in short forms (citeproc-py limitation: it ignores static-ordering and prints
  "Zedong Mao", and would invert "Shen, Zhihua" in a bibliography).
- the literature (books, articles, chapters, published documents): headline-case titles,
  short titles, shortened page ranges, editions, DOIs, MLA publishers, volumes
  (:func:`archcite.render.literature.prepare`).
Every string value is escaped for the output format (citeproc-py's html formatter does not
escape variable content).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from archcite.model.archives import ArchiveRegistry
from archcite.model.holdings import holdings_of
from archcite.model.levels import dash_ranges, format_value, label_for, spelling_pattern
from archcite.model.names import is_family_first, name_text
from archcite.render.literature import (
    Markup,
    language_code,
    multivolume_record,
    page_range,
    prepare,
    rich_text,
)

# CSL variables citeproc-py reads; anything else (custom, unknown keys) is left out of the view.
_NAME_PARTS = ("family", "given", "dropping-particle", "non-dropping-particle", "suffix")
_SKIP = frozenset({"custom", "abstract", "note", "annote", "keyword"})
# Variables whose CSL-JSON rich text (<i>, <b>, <sup>, <sub>, small caps) is rendered as markup.
RICH_FIELDS = frozenset({"title", "title-short", "container-title", "container-title-short",
                         "collection-title", "original-title", "reviewed-title"})

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# MLA abbreviates months longer than four letters (as the MLA style's locale terms do).
MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.",
              "Nov.", "Dec.")

# A leaf pinpoint: the leaf spellings of the one level table, then any value.
_LEAF = re.compile(r"^\s*(?:(?P<listy>" + spelling_pattern("listy") + r")|(?P<list>"
                   + spelling_pattern("list") + r"))\s*(?P<value>\S.*?)\s*$", re.IGNORECASE)
_PAGE = re.compile(r"^\s*(?:pp?\.|pages?)\s*(?P<value>\S.*?)\s*$", re.IGNORECASE)


def parse_pinpoint(locator: str) -> tuple[str, str]:
    """Split a pinpoint into (kind, value): kind is ``list``/``listy`` (leaves), ``page``,
    ``bare`` (no label: a value as given) or ``other`` (an unknown label: kept whole)."""
    text = locator.strip()
    match = _LEAF.match(text)
    if match:
        kind = "listy" if match.group("listy") else "list"
        return kind, match.group("value")
    match = _PAGE.match(text)
    if match:
        return "page", match.group("value")
    if re.fullmatch(r"[\w–-]+(?:\s*[-–,]\s*[\w]+)*", text) and any(c.isdigit() for c in text):
        return "bare", text
    return "other", text


def pinpoint(locator: str, family: str) -> str:
    """The pinpoint as a style prints it: Chicago "l. 95", "ll. 95–96", "l. 5ob."; MLA
    "list 95", "listy 95–96", "list 5 verso". Pages print as bare numbers (both styles), a
    range shortened by the style's rule (Chicago 201–30, MLA 246–94); anything else is kept as
    written, with its ranges en-dashed."""
    kind, value = parse_pinpoint(locator)
    style = "mla" if family == "mla" else "chicago"
    if kind in ("list", "listy"):
        return f"{label_for(kind, value, style)} {format_value(value, style)}"
    if kind in ("page", "bare"):
        return page_range(value, style)  # shortened as each manual does: 246–94
    return dash_ranges(value)


def _date_text(parts: list[int], family: str) -> str:
    months = MLA_MONTHS if family == "mla" else MONTHS
    if len(parts) >= 2 and 1 <= parts[1] <= 12:
        month = months[parts[1] - 1]
        if len(parts) == 3:
            if family == "mla":
                return f"{parts[2]} {month} {parts[0]}"
            return f"{month} {parts[2]}, {parts[0]}"
        return f"{month} {parts[0]}"
    return str(parts[0])


def date_range_text(start: list[int], end: list[int], family: str) -> str:
    """A date range written out: Chicago "June 30–July 2, 1951", MLA "30 June–2 July 1951"."""
    months = MLA_MONTHS if family == "mla" else MONTHS
    same_shape = len(start) == len(end)
    if same_shape and len(start) >= 2 and start[0] == end[0]:
        m1, m2 = months[start[1] - 1], months[end[1] - 1]
        year = start[0]
        if len(start) == 2:
            return f"{m1}–{m2} {year}"
        d1, d2 = start[2], end[2]
        if family == "mla":
            if start[1] == end[1]:
                return f"{d1}–{d2} {m2} {year}"
            return f"{d1} {m1}–{d2} {m2} {year}"
        if start[1] == end[1]:
            return f"{m1} {d1}–{d2}, {year}"
        return f"{m1} {d1}–{m2} {d2}, {year}"
    return f"{_date_text(start, family)}–{_date_text(end, family)}"


def _issued(value: Any, family: str) -> Any:
    """A two-date ``issued`` as a literal written here (citeproc-py loses same-year ranges)."""
    if not isinstance(value, dict):
        return value
    parts = value.get("date-parts")
    if not isinstance(parts, list) or len(parts) != 2:
        return value
    try:
        start = [int(p) for p in parts[0]]
        end = [int(p) for p in parts[1]]
    except (TypeError, ValueError):
        return value
    if not start or not end:
        return value
    if any(not 1 <= p[1] <= 12 for p in (start, end) if len(p) >= 2):
        return value  # seasons (13–24) are left to citeproc
    return {"literal": date_range_text(start, end, family)}


def _name(name: Any, escape: Callable[[str], str], language: str = "",
          short: bool = False) -> dict[str, str]:
    if not isinstance(name, dict):
        return {"literal": escape(str(name))}
    if "literal" in name or is_family_first(name, language):
        # citeproc-py ignores static-ordering: a family-first name goes to it as a literal,
        # written by the one name formatter in reading order ("Mao Zedong", "Shen Zhihua");
        # where a short form prints, the family name alone ("Shen").
        if short and "literal" not in name:
            return {"literal": escape(str(name["family"]))}
        return {"literal": name_text(name, "reading", escape, language)}
    return {part: escape(str(name[part])) for part in _NAME_PARTS if name.get(part)}


def archival_fields(record: dict[str, Any], family: str, registry: ArchiveRegistry,
                    shelfmark_first: bool = False) -> dict[str, str]:
    """``archive`` and ``archive_location`` for a style family, from the structured holdings.

    Records without holdings keep whatever flat archive fields they carry (a book has none).
    """
    holdings = holdings_of(record)
    if not holdings:
        return {k: record[k] for k in ("archive", "archive_location")
                if isinstance(record.get(k), str) and record[k]}
    style = "mla" if family == "mla" else "chicago"
    if shelfmark_first and style == "chicago":
        refs = []
        for h in holdings:
            refs.append(", ".join(p for p in (h.locator_text(style), h.archive) if p))
        return {"archive_location": "; ".join(refs)}
    first, rest = holdings[0], holdings[1:]
    first_loc = first.locator_text(style)
    archive = first.display_archive(style, registry)
    if archive and (first_loc or not rest):
        out = {"archive": archive}
        location = "; ".join([first_loc] * bool(first_loc)
                             + [h.text(style, registry) for h in rest])
        if location:
            out["archive_location"] = location
        return out
    return {"archive_location": "; ".join(h.text(style, registry) for h in holdings)}


def csl_view(record: dict[str, Any], *, family: str, form: str, registry: ArchiveRegistry,
             escape: Callable[[str], str], shelfmark_first: bool = False,
             markup: Any = None) -> dict[str, Any]:
    """The CSL-JSON item to hand citeproc-py for ``record`` in a style family and form.

    ``family`` is "chicago" or "mla" for archcite's styles; "csl" (a user's style file) gets the
    Chicago spellings, as the store derives them for other CSL tools. ``markup`` is the output
    format's class (its italics, bold … for rich text in titles); plain text without it.
    """
    from citeproc import DATES, NAMES, VARIABLES

    if family in ("chicago", "mla"):
        record = multivolume_record(record)  # BibLaTeX's maintitle shape, read as CMOS cites it
    language = language_code(record)
    short = form in ("short", "intext")
    view: dict[str, Any] = {"id": record["id"], "type": record.get("type", "document")}
    for key, value in record.items():
        python_key = key.replace("-", "_")
        if key in ("id", "type") or (key in _SKIP and family != "csl"):
            continue
        if key == "custom" or python_key not in VARIABLES:
            continue
        if python_key in NAMES:
            if isinstance(value, list):
                view[key] = [_name(n, escape, language, short) for n in value]
        elif python_key in DATES:
            view[key] = _issued(value, family) if key == "issued" else value
        elif key == "language":
            view[key] = value
        elif key in RICH_FIELDS and isinstance(value, str):
            view[key] = rich_text(value, escape, markup or Markup)
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            view[key] = escape(str(value))
    for key in ("archive", "archive_location"):
        view.pop(key, None)
    view.update({k: escape(v) for k, v in
                 archival_fields(record, family, registry, shelfmark_first).items()})
    if family == "mla" and isinstance(view.get("URL"), str):
        view["URL"] = re.sub(r"^https?://", "", view["URL"])
    if (family == "chicago" and form in ("note", "short")
            and str(record.get("genre", "")).strip().casefold() == "letter"):
        view.pop("genre", None)  # Chicago notes leave the word "letter" out
    if family in ("chicago", "mla"):
        prepare(view, record, family=family, form=form, escape=escape,
                markup=markup or Markup)
    return view
