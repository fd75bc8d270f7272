"""The three Wilson Center page layouts, read into labelled fields.

- ``pdf``: the PDF export (the seed): date, title, "Citation:", "Summary:", "Credits:",
  "Original Language:", "Contents:", then the text — also when flattened onto one line, as
  third-party document sites copy it.
- ``site2013``: the 2013–2022 site: date, title, "Citation / get citation", the summary, then
  the citation string (sometimes glued to the summary), "VIEW DOCUMENT IN", the text.
- ``current``: the current site: date, title, the text, the summary, then "Document
  Information" with "Source", "Original Archive", "Rights", "Original Uploaded Date", "Type",
  "Language", "Record ID" — where labels or values can each be missing.
- ``citation``: no layout, but a citation string somewhere in the text.

Markdown marks (``#``, ``**``, ``<url>``) are removed first; an HTML page has already been
turned into text by :mod:`archcite.sources.reading`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archcite.sources.citation import ANCHOR, Citation, parse_citation
from archcite.sources.dates import date_problem, parse_date

_PDF_LABELS = ("Citation", "Summary", "Credits", "Original Language", "Contents")
_PDF_LABEL = re.compile(r"(?P<label>" + "|".join(_PDF_LABELS) + r")\s*:", re.IGNORECASE)
_CURRENT_LABELS = {
    "source": "source", "original archive": "original archive", "rights": "rights",
    "original uploaded date": "uploaded", "type": "type", "language": "language",
    "record id": "record id", "author(s):": "authors", "author(s)": "authors",
    "authors": "authors", "author": "authors",
}
_RIGHTS_START = re.compile(r"^(?:The History and Public Policy Program welcomes|To enquire about)",
                           re.IGNORECASE)
_SITE_END = re.compile(
    r"(?:\s+-\s+Share\b|^\s*(?:•\s*)?share document\b|^\s*VIEW DOCUMENT IN\b|^\s*English HTML\b"
    r"|^\s*-\s*Download\b)",
    re.IGNORECASE | re.MULTILINE,
)
_NOISE = re.compile(
    r"^(?:skip to content|search in|add search filter cancel search filter|digital archive"
    r"(?: international history declassified)?|citation share download-?|• citation|citation|"
    r"get citation|related documents|document information|• share document|share document)$",
    re.IGNORECASE,
)
_FUNDING_LINE = re.compile(r"^This document was made possible with support from", re.IGNORECASE)


@dataclass
class PageFields:
    """Everything a page says about its document, by label, before interpretation."""

    layout: str
    date_text: str = ""
    heading: str = ""
    citation: Citation | None = None
    summary: str = ""
    credits: str = ""
    original_language: str = ""
    source: str = ""
    original_archive: str = ""
    uploaded: str = ""
    wilson_type: str = ""
    language: str = ""
    record_id: str = ""
    authors: str = ""
    funding: list[str] = field(default_factory=list)


def strip_markdown(text: str) -> str:
    """Plain text of a Markdown page: no heading marks, emphasis, bullets or ``<url>`` brackets."""
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    text = re.sub(r"(?m)^\s{0,3}#{1,6}\s*", "", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?m)^\s*[-*+]\s+(?=\S)", "", text)
    return text


def _flat(text: str) -> str:
    return " ".join(text.split())


def _heading_lines(text: str) -> tuple[str, str]:
    """(date, title) from the top of a page: the first date line and the line after it."""
    lines = [ln.strip() for ln in text.split("\n")]
    date_text, heading = "", ""
    for i, line in enumerate(lines[:40]):
        if not line or _NOISE.match(line):
            continue
        if not date_text and (parse_date(line) or date_problem(line)):
            date_text = line
            for nxt in lines[i + 1: i + 6]:
                if nxt and not _NOISE.match(nxt) and not _FUNDING_LINE.match(nxt):
                    heading = nxt
                    break
            break
    return date_text, heading


def _funding(text: str) -> list[str]:
    return [_flat(m.group(0)).rstrip(".") for m in re.finditer(
        r"This document was made possible with support from[^\n.]*", text, re.IGNORECASE)]


def detect_layout(text: str) -> str:
    """Which layout a page is in, or "" when it holds no citation data at all."""
    if re.search(r"\bCitation\s*:", text, re.IGNORECASE) and ANCHOR.search(text):
        return "pdf"
    if re.search(r"^\s*get citation\s*$", text, re.IGNORECASE | re.MULTILINE):
        return "site2013"
    if re.search(r"^\s*Document Information\s*$", text, re.IGNORECASE | re.MULTILINE):
        return "current"
    if ANCHOR.search(text):
        return "citation"
    return ""


def read_layout(text: str) -> PageFields | None:
    """The labelled fields of a page, or None when it holds no citation data."""
    text = strip_markdown(text)
    layout = detect_layout(text)
    if layout == "pdf":
        return _read_pdf(text)
    if layout == "site2013":
        return _read_site2013(text)
    if layout == "current":
        return _read_current(text)
    if layout == "citation":
        date_text, heading = _heading_lines(text)
        fields = PageFields(layout="citation", date_text=date_text, heading=heading)
        fields.citation = parse_citation(text, heading)
        return fields
    return None


def _read_pdf(text: str) -> PageFields:
    labels = list(_PDF_LABEL.finditer(text))
    start = next(m for m in labels if m.group("label").lower() == "citation")
    head = text[: start.start()]
    date_text, heading = _heading_lines(head)
    fields = PageFields(layout="pdf", date_text=date_text, heading=heading)
    seen: dict[str, str] = {}
    following = [m for m in labels if m.start() >= start.start()]
    for i, match in enumerate(following):
        label = match.group("label").lower()
        if label in seen:
            continue
        end = following[i + 1].start() if i + 1 < len(following) else len(text)
        value = text[match.end(): end]
        if label == "contents":
            break
        seen[label] = value
    fields.citation = parse_citation(seen.get("citation", ""), heading)
    fields.summary = _flat(seen.get("summary", ""))
    fields.credits = _flat(seen.get("credits", ""))
    fields.original_language = _flat(seen.get("original language", ""))
    fields.funding = _funding(head)
    return fields


def _read_site2013(text: str) -> PageFields:
    date_text, heading = _heading_lines(text)
    fields = PageFields(layout="site2013", date_text=date_text, heading=heading)
    anchor = re.search(r"^\s*get citation\s*$", text, re.IGNORECASE | re.MULTILINE)
    assert anchor is not None
    top = text[: anchor.start()]
    # The title can stand with no date above "Citation" (a page that begins with its heading).
    if not heading:
        for line in top.split("\n"):
            line = line.strip()
            if line and not _NOISE.match(line) and not parse_date(line) and not _FUNDING_LINE.match(
                line
            ):
                heading = line
                break
        fields.heading = heading
    region = text[anchor.end():]
    end = _SITE_END.search(region)
    if end:
        region = region[: end.start()]
    fields.citation = parse_citation(region.strip("\n"), heading)
    if fields.citation is not None:
        fields.summary = fields.citation.before
    fields.funding = _funding(top)
    return fields


def _read_current(text: str) -> PageFields:
    date_text, heading = _heading_lines(text)
    fields = PageFields(layout="current", date_text=date_text, heading=heading)
    info = re.search(r"^\s*Document Information\s*$", text, re.IGNORECASE | re.MULTILINE)
    assert info is not None
    body, tail = text[: info.start()], text[info.end():]
    # Summary: the last paragraph before "Author(s):", "Related Documents" or the information.
    stop = re.search(r"^\s*(?:Author\(s\):?|Related Documents)\s*$", body,
                     re.IGNORECASE | re.MULTILINE)
    before_stop = body[: stop.start()] if stop else body
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", before_stop) if p.strip()]
    if paragraphs and _flat(paragraphs[-1]) not in (_flat(heading), _flat(date_text)):
        fields.summary = _flat(paragraphs[-1])
    if stop:
        authors = body[stop.end():]
        authors = re.split(r"^\s*Related Documents\s*$", authors, flags=re.IGNORECASE | re.M)[0]
        fields.authors = _flat(authors)
    values: dict[str, list[str]] = {}
    unlabelled: list[str] = []
    current: str | None = None
    for raw in tail.split("\n"):
        line = raw.strip()
        key = _CURRENT_LABELS.get(line.lower())
        if key is not None:
            current = key
            values.setdefault(key, [])
            continue
        if not line:
            if current is None and unlabelled and unlabelled[-1] != "":
                unlabelled.append("")
            continue
        if current is None:
            unlabelled.append(line)
        else:
            values[current].append(line)
    # Values without labels: rights boilerplate, an upload date, a record id, else the source.
    paragraphs = [p for p in "\n".join(unlabelled).split("\n\n") if p.strip()]
    for para in paragraphs:
        flat = _flat(para)
        if _RIGHTS_START.match(flat):
            values.setdefault("rights", []).append(flat)
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", flat) and not values.get("uploaded"):
            values["uploaded"] = [flat]
        elif re.fullmatch(r"\d{1,9}", flat) and not values.get("record id"):
            values["record id"] = [flat]
        else:
            values.setdefault("source", []).append(flat)
    # A labelled value that belongs to another label (a Record ID label with no value whose
    # neighbour leaked into it) is checked by shape.
    record_id = _flat(" ".join(values.get("record id", [])))
    fields.record_id = record_id if re.fullmatch(r"\d{1,9}", record_id) else ""
    if record_id and not fields.record_id:
        values.setdefault("source", []).append(record_id)
    sources = [v for v in values.get("source", []) if not _RIGHTS_START.match(v)]
    fields.source = _flat(" ".join(sources))
    fields.original_archive = _flat(" ".join(values.get("original archive", [])))
    fields.uploaded = _flat(" ".join(values.get("uploaded", [])))
    fields.wilson_type = _flat(" ".join(values.get("type", [])))
    fields.language = _flat(" ".join(values.get("language", [])))
    fields.funding = _funding(body)
    return fields
