"""Reading RIS, as Zotero, EndNote and archive catalogues export it.

RIS is a list of ``TAG  - value`` lines, one record from ``TY`` to ``ER``. Tags are two
characters; a line that does not start with a tag continues the value before it. Types and tags
map to CSL as Zotero's RIS translator reads them; ``AV`` (availability) and ``AN`` (accession
number) are where archive catalogues put the shelfmark. Tags with no CSL place are kept under
``custom["ris"]`` as written, so nothing is lost.
"""

from __future__ import annotations

import re
from typing import Any

from archcite.formats.datetext import parse_edtf
from archcite.formats.readresult import ReadEntry, ReadResult
from archcite.model.archives import ArchiveRegistry

RIS_TYPES: dict[str, str] = {
    "ABST": "article-journal", "ADVS": "motion_picture", "AGGR": "dataset", "ANCIENT": "manuscript",
    "ART": "graphic", "BILL": "bill", "BLOG": "post-weblog", "BOOK": "book", "CASE": "legal_case",
    "CHAP": "chapter", "CHART": "graphic", "CLSWK": "classic", "COMP": "software",
    "CONF": "paper-conference", "CPAPER": "paper-conference", "CTLG": "book", "DATA": "dataset",
    "DBASE": "dataset", "DICT": "entry-dictionary", "EBOOK": "book", "ECHAP": "chapter",
    "EDBOOK": "book", "EJOUR": "article-journal", "ELEC": "webpage", "ENCYC": "entry-encyclopedia",
    "EQUA": "document", "FIGURE": "figure", "GEN": "document", "GOVDOC": "report",
    "GRANT": "document", "HEAR": "hearing", "ICOMM": "personal_communication",
    "INPR": "article-journal", "INTV": "interview", "JFULL": "periodical",
    "JOUR": "article-journal",
    "LEGAL": "legislation", "MANSCPT": "manuscript", "MAP": "map", "MGZN": "article-magazine",
    "MPCT": "motion_picture", "MULTI": "document", "MUSIC": "musical_score",
    "NEWS": "article-newspaper", "PAMP": "pamphlet", "PAT": "patent",
    "PCOMM": "personal_communication", "RPRT": "report", "SER": "book", "SLIDE": "graphic",
    "SOUND": "song", "STAND": "standard", "STAT": "legislation", "THES": "thesis",
    "UNBILL": "bill", "UNPB": "manuscript", "VIDEO": "motion_picture", "WEB": "webpage",
}
_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_BOOKISH = {"book", "chapter", "paper-conference", "report", "thesis", "pamphlet",
            "entry-encyclopedia", "entry-dictionary", "classic"}
# Tags that map straight to one CSL variable.
_SIMPLE = {"VL": "volume", "IS": "issue", "ET": "edition", "NV": "number-of-volumes",
           "M3": "genre", "LA": "language", "ST": "title-short", "TT": "translated-title",
           "DO": "DOI", "AV": "archive_location", "CN": "call-number", "DB": "source",
           "DP": "source", "OP": "original-title", "SE": "section", "M1": "number",
           "J2": "container-title-short", "JA": "journalAbbreviation", "RI": "reviewed-title"}


def parse_ris_date(text: str) -> tuple[dict[str, Any] | None, str | None]:
    """RIS dates: ``1951/06/30/other``, ``1951///``, ``1951``, or ISO ``1951-06-30``."""
    text = text.strip()
    parts = text.split("/")
    if len(parts) >= 2 and re.fullmatch(r"-?\d{1,4}", parts[0].strip()):
        numbers = [p.strip() for p in parts[:3] if p.strip()]
        if all(n.isdigit() for n in numbers[1:]):
            iso = "-".join([numbers[0], *(n.zfill(2) for n in numbers[1:])])
            date, warning = parse_edtf(iso)
            if date is not None and warning is None and (len(parts) > 3 and parts[3].strip()):
                date["raw"] = text
            if warning:
                return {"literal": text}, warning
            return date, None
    return parse_edtf(text)


def read_ris(text: str, registry: ArchiveRegistry | None = None) -> ReadResult:
    """Every record of a RIS text; a record with no ``TY`` is skipped with its line."""
    result = ReadResult()
    tags: list[tuple[str, str]] = []
    start = 0
    last: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        match = _LINE.match(line.rstrip("\r").lstrip("\ufeff"))
        if match is None:
            if tags and last is not None and line.strip():
                tag, value = tags[-1]
                tags[-1] = (tag, f"{value} {line.strip()}".strip())
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            if tags:
                result.entries.append(_entry(tags, start, registry, "a new TY began before ER"))
            tags, start = [(tag, value)], number
        elif tag == "ER":
            if tags:
                result.entries.append(_entry(tags, start, registry))
            tags, last = [], None
            continue
        elif not tags:
            result.entries.append(ReadEntry("", f"line {number}",
                                            reason=f"{tag} outside a record (no TY line before)"))
            last = None
            continue
        else:
            tags.append((tag, value))
        last = tag
    if tags:
        result.entries.append(_entry(tags, start, registry, "the file ends before ER"))
    return result


def _entry(tags: list[tuple[str, str]], line: int, registry: ArchiveRegistry | None,
           note: str = "") -> ReadEntry:
    key = next((v for t, v in tags if t == "ID" and v), "")
    entry = ReadEntry(key, f"line {line}")
    if note:
        entry.warnings.append(note)
    entry.record = tags_to_record(tags, entry.warnings)
    entry.record["id"] = key
    location = entry.record.get("archive_location")
    if registry is not None and isinstance(location, str):
        from archcite.formats.importholdings import parse_holdings

        # an archive catalogue's shelfmark ("AVPRF, f. 059a, op. 5a, …"): structured holdings
        holdings = parse_holdings(location, registry, latex_text=False)
        if holdings and all(h.archive for h in holdings):
            entry.record.setdefault("custom", {})["holdings"] = [h.to_json() for h in holdings]
    return entry


def _name(text: str) -> dict[str, Any]:
    """``Family, Given, Suffix`` (RIS's form); one word with no comma is an institution."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 1:
        return {"literal": text.strip()}
    name: dict[str, Any] = {"family": parts[0]}
    if parts[1]:
        name["given"] = parts[1]
    if len(parts) > 2 and parts[2]:
        name["suffix"] = parts[2]
    return name


def tags_to_record(tags: list[tuple[str, str]], warnings: list[str]) -> dict[str, Any]:
    """One RIS record's tags → a CSL record; tags with no CSL place kept in custom.ris."""
    ty = next((v for t, v in tags if t == "TY"), "GEN").strip().upper()
    kind = RIS_TYPES.get(ty)
    if kind is None:
        warnings.append(f"TY {ty!r} is not a RIS type; read as a document")
        kind = "document"
    record: dict[str, Any] = {"type": kind}
    kept: dict[str, list[str]] = {}
    custom: dict[str, Any] = {}
    tags_seen: list[str] = []
    urls: list[str] = []
    notes: list[str] = []
    start_page = end_page = ""

    def names(var: str, value: str) -> None:
        record.setdefault(var, []).append(_name(value))

    for tag, value in tags:
        if not value or tag in ("TY", "ID"):
            continue
        if tag in ("AU", "A1"):
            names("author", value)
        elif tag in ("A2", "ED"):
            names("editor" if kind in _BOOKISH or kind.startswith("article") else
                  "recipient" if kind == "personal_communication" else "editor", value)
        elif tag == "A3":
            names("collection-editor", value)
        elif tag == "A4":
            names("translator" if kind in _BOOKISH else "contributor", value)
        elif tag in ("TI", "T1", "CT"):
            if "title" in record:
                kept.setdefault(tag, []).append(value)
            else:
                record["title"] = value
        elif tag in ("T2", "JF", "JO", "BT"):
            if "container-title" in record:
                kept.setdefault(tag, []).append(value)
            else:
                record["container-title"] = value
        elif tag == "T3":
            record["collection-title"] = value
        elif tag in ("PY", "Y1", "DA"):
            var = "issued"
            if var in record and tag != "DA":
                kept.setdefault(tag, []).append(value)
                continue
            date, warning = parse_ris_date(value)
            if warning:
                warnings.append(f"{tag}: {warning}")
            if date is not None:
                if var in record and "date-parts" in record[var] and "date-parts" in date and \
                        len(date["date-parts"][0]) < len(record[var]["date-parts"][0]):
                    kept.setdefault(tag, []).append(value)
                    continue
                record[var] = date
        elif tag == "Y2":
            date, warning = parse_ris_date(value)
            if warning:
                warnings.append(f"Y2: {warning}")
            if date is not None:
                record["accessed"] = date
        elif tag == "SP":
            start_page = value
        elif tag == "EP":
            end_page = value
        elif tag == "PB":
            record["publisher"] = value
        elif tag in ("CY", "PP"):
            record["publisher-place"] = value
        elif tag == "SN":
            record["ISBN" if kind in _BOOKISH else "ISSN"] = value
        elif tag in ("UR", "L1", "L2", "LK"):
            urls.append(value)
        elif tag == "KW":
            tags_seen += [t.strip() for t in re.split(r"[;\n]", value) if t.strip()]
        elif tag in ("N1",):
            notes.append(value)
        elif tag in ("AB", "N2"):
            if "abstract" in record:
                kept.setdefault(tag, []).append(value)
            else:
                record["abstract"] = value
        elif tag == "AN":
            # archive catalogues: the accession number or shelfmark
            custom["accession-number"] = value
        elif tag == "LB":
            custom["label"] = value
        elif tag in _SIMPLE:
            var = _SIMPLE[tag]
            if var in record:
                kept.setdefault(tag, []).append(value)
            else:
                record[var] = value
        else:
            kept.setdefault(tag, []).append(value)
    if start_page:
        record["page"] = f"{start_page}-{end_page}" if end_page and end_page != start_page \
            else start_page
    elif end_page:
        record["page"] = end_page
    if urls:
        record["URL"] = urls[0]
        if urls[1:]:
            kept["UR"] = urls[1:]
    if notes:
        record["note"] = "\n".join(notes)
    if tags_seen:
        custom["tags"] = list(dict.fromkeys(tags_seen))
    if kept:
        custom["ris"] = kept
    if custom:
        record["custom"] = custom
    return record
