"""Import: BibTeX/BibLaTeX (bibtexparser 2) and CSL-JSON (as Zotero and pandoc write it).

Archive fields are mapped back into structured holdings where they parse: a ``note``,
``howpublished``, ``library`` or CSL ``archive_location`` such as
``{APRF}, f.~45, op.~1, d.~339, ll.~95--96; {AVPRF}, f.~059a, …`` becomes the holdings it
was written from. What does not parse is kept as written (in ``note`` or the flat CSL
fields): nothing is dropped. archcite's own exports read back into the records they came from
(``x-original-*`` restores romanized text, ``x-archcite`` what a plain entry cannot carry).

Keys from a file are never trusted as file names: a key that is not a plain citation key, or
that names a device on Windows (``con``, ``lpt1``), or holds ``:``, is replaced by a fresh key.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archcite.errors import ExportError, RecordError
from archcite.formats import latex
from archcite.formats.common import MONTHS, WILSON_SOURCE, langid_to_code
from archcite.model import jsontext
from archcite.model.archives import ArchiveRegistry
from archcite.model.holdings import Holding
from archcite.model.record import ALL_VARIABLES, KEY_PATTERN
from archcite.sources.locators import is_archival_reference
from archcite.sources.locators import parse_holdings as read_holdings

if TYPE_CHECKING:
    from archcite.library.store import Library

# ---------------------------------------------------------------------------------------------
# Holdings


def split_top(text: str, sep: str) -> list[str]:
    """Split ``text`` at ``sep`` outside braces (raw .bib text keeps its braces)."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and text.startswith(sep, i):
            out.append(text[start:i])
            start = i + len(sep)
            i = start
            continue
        i += 1
    out.append(text[start:])
    return out


# A holding's first part braced whole (``{MOL}``, ``{Arkhiv Rezs{\H{o}}}``), at the start
# of the field or after a ``;``.
_BRACED_HEAD = re.compile(r"(?:^|;)\s*(?:and\s+)?\{((?:[^{}]|\{[^{}]*\})*)\}\s*(?=[,;]|$)")


def _braced_names(raw: str) -> frozenset[str]:
    """The archive names a .bib field braces as a whole: names the writer protected."""
    if "{" not in raw:
        return frozenset()
    return frozenset(latex.unescape(m.group(1)).strip() for m in _BRACED_HEAD.finditer(raw))


def parse_holdings(text: str, registry: ArchiveRegistry, first_archive: str = "",
                   latex_text: bool = True) -> list[Holding] | None:
    """Holdings from an import field, or None when the field is not an archival reference.

    The field is decoded (LaTeX → text when ``latex_text``) and read by the one holdings
    reader, :func:`archcite.sources.locators.parse_holdings`, that pages and citation strings
    use; here, unlike in a page's Source line, prose must stay prose, so the holdings are kept
    only when every one reads as a reference.
    """
    if not text.strip():
        return None
    named = _braced_names(text) if latex_text else frozenset()
    plain = latex.unescape(text) if latex_text else text
    holdings = read_holdings(plain, registry, first_archive=first_archive)
    if not holdings or not all(is_archival_reference(h, registry, named) for h in holdings):
        return None
    return holdings


# ---------------------------------------------------------------------------------------------
# BibTeX / BibLaTeX


def _names(raw: str) -> list[dict[str, Any]]:
    names = []
    for part in split_top(raw.strip(), " and "):
        part = part.strip()
        if not part:
            continue
        if part.startswith("{") and part.endswith("}") and latex.check_braces(part[1:-1]):
            names.append({"literal": latex.unescape(part[1:-1]).strip()})
            continue
        pieces = [p.strip() for p in split_top(part, ",")]
        if len(pieces) == 1:
            words = split_top(part, " ")
            family, given = words[-1], " ".join(words[:-1])
        else:
            family, given = pieces[0], pieces[-1]
        name: dict[str, Any] = {}
        fam_words = split_top(family, " ")
        particle = []
        while len(fam_words) > 1 and fam_words[0][:1].islower():
            particle.append(fam_words.pop(0))
        name["family"] = latex.unescape(" ".join(fam_words)).strip()
        if particle:
            name["non-dropping-particle"] = latex.unescape(" ".join(particle))
        if given:
            name["given"] = latex.unescape(given).strip()
        if len(pieces) == 3:
            name["suffix"] = latex.unescape(pieces[1]).strip()
        names.append(name)
    return names


def _date(text: str) -> dict[str, Any] | None:
    parts = []
    for one in text.strip().split("/")[:2]:
        match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", one.strip())
        if not match:
            return None
        parts.append([int(g) for g in match.groups() if g])
    return {"date-parts": parts} if parts else None


def _month(text: str) -> int | None:
    text = latex.unescape(text).strip().lower()[:3]
    if text.isdigit():
        return int(text)
    return MONTHS.index(text) + 1 if text in MONTHS else None


def _source_publisher(record: dict[str, Any], text: str) -> None:
    source, _, publisher = text.rpartition(", ")
    if source:
        record["source"], record["publisher"] = source, publisher
    else:
        record["source"] = text


def _looks_digital_archive(text: str) -> bool:
    return text.startswith(WILSON_SOURCE) or text.endswith(", Wilson Center")


def _wilson_number(url: str) -> str:
    match = re.search(r"digitalarchive\.wilsoncenter\.org/document/(\d+)(?:\D|$)", url)
    return match.group(1) if match else ""


def entry_to_record(entry_type: str, key: str, fields: dict[str, str],
                    registry: ArchiveRegistry) -> dict[str, Any]:
    """One .bib entry (field values as bibtexparser gives them, braces kept) → a record."""
    fields = {k.lower(): v for k, v in fields.items()}
    originals = {k[len("x-original-"):]: v for k, v in fields.items()
                 if k.startswith("x-original-")}
    for name, value in originals.items():
        fields[name] = value
    entry_type = entry_type.lower()
    record: dict[str, Any] = {"id": key}
    title_raw = fields.get("title", "")
    subtype = fields.get("entrysubtype", "").lower()
    letter_title = None
    if entry_type == "letter" or subtype == "letter":
        kind = "personal_communication"
    elif entry_type == "unpublished":
        kind = "manuscript"
    elif entry_type in ("book", "mvbook", "collection"):
        kind = "book"
    elif entry_type == "misc" and "type" in fields:
        kind = "manuscript"
    else:
        kind = "document"
    parts = split_top(title_raw, " to ")
    if len(parts) == 2 and parts[1].strip().startswith("{"):
        letter_title = parts
        if entry_type == "misc" and "entrysubtype" not in fields and "howpublished" in fields:
            kind = "personal_communication"
    record["type"] = kind
    if fields.get("author"):
        record["author"] = _names(fields["author"])
    if fields.get("translator"):
        record["translator"] = _names(fields["translator"])
    if letter_title and kind == "personal_communication":
        record["recipient"] = _names(letter_title[1])
        head = latex.unescape(letter_title[0]).strip()
        if "titleaddon" not in fields and head:
            record["genre"] = head[:1].lower() + head[1:] if head[1:2].islower() else head
    if title_raw:
        record["title"] = latex.unescape(title_raw).strip()
    if fields.get("titleaddon"):
        record["genre"] = latex.unescape(fields["titleaddon"]).strip()
    elif fields.get("type") and kind != "personal_communication":
        record["genre"] = latex.unescape(fields["type"]).strip()
    date = _date(fields.get("date", "")) or _date(fields.get("origdate", ""))
    year_text = fields.get("year", "").strip()
    if date is None and year_text.isdigit() and len(year_text) <= 9:
        parts_: list[int] = [int(fields["year"])]
        month = _month(fields.get("month", "")) if fields.get("month") else None
        if month:
            parts_.append(month)
            if fields.get("day", "").strip().isdigit():
                parts_.append(int(fields["day"]))
        date = {"date-parts": [parts_]}
    if date:
        record["issued"] = date
    holdings = None
    notes = []
    for name in ("howpublished", "library", "note"):
        raw = fields.get(name, "")
        if not raw.strip():
            continue
        text = latex.unescape(raw).strip()
        if name == "note" and _looks_digital_archive(text) and "source" not in record:
            _source_publisher(record, text)
            continue
        if holdings is None:
            holdings = parse_holdings(raw, registry)
            if holdings:
                continue
        notes.append(text)
    if fields.get("organization") and "source" not in record:
        _source_publisher(record, latex.unescape(fields["organization"]).strip())
    if kind == "book":
        if fields.get("publisher"):
            record["publisher"] = latex.unescape(fields["publisher"]).strip()
        place = fields.get("location") or fields.get("address")
        if place:
            record["publisher-place"] = latex.unescape(place).strip()
    if notes:
        record["note"] = "\n".join(notes)
    if fields.get("abstract"):
        record["abstract"] = latex.unescape(fields["abstract"]).strip()
    url = fields.get("url", "").strip()
    if url:
        record["URL"] = url.replace("%7B", "{").replace("%7D", "}").replace("%5C", "\\")
        number = _wilson_number(record["URL"])
        if number:
            record["number"] = number
    if fields.get("langid"):
        code = langid_to_code(fields["langid"])
        if code:
            record["language"] = code
    custom: dict[str, Any] = {}
    if holdings:
        custom["holdings"] = [h.to_json() for h in holdings]
    if fields.get("keywords"):
        custom["tags"] = [t.strip() for t in latex.unescape(fields["keywords"]).split(",")
                          if t.strip()]
    if custom:
        record["custom"] = custom
    if fields.get("x-archcite"):
        _apply_remainder(record, fields["x-archcite"])
    return record


def _apply_remainder(record: dict[str, Any], text: str) -> None:
    try:
        rest = jsontext.loads(text)
    except jsontext.JSONTextError as exc:
        raise RecordError(f"{record['id']}: x-archcite: {exc}") from exc
    if not isinstance(rest, dict):
        raise RecordError(f"{record['id']}: x-archcite must be a JSON object")
    for dropped in rest.pop("-", []):
        if str(dropped).startswith("custom."):
            (record.get("custom") or {}).pop(str(dropped)[7:], None)
        else:
            record.pop(str(dropped), None)
    custom = rest.pop("custom", None)
    record.update({k: v for k, v in rest.items() if k != "id"})
    if isinstance(custom, dict):
        record.setdefault("custom", {}).update(custom)
    if record.get("custom") == {}:
        del record["custom"]


def parse_bib_records(text: str, registry: ArchiveRegistry,
                      origin: str = "input") -> list[dict[str, Any]]:
    """Every entry of a .bib text as a record (keys as given; see :func:`safe_key`)."""
    import bibtexparser
    from bibtexparser.model import DuplicateBlockKeyBlock

    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    library = bibtexparser.parse_string(text)
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            raise ExportError(f"{origin}: line {line}: the key {block.key!r} is used twice")
        raise ExportError(f"{origin}: line {line}: cannot parse this entry (unbalanced braces "
                          "or a missing comma)")
    records = []
    for entry in library.entries:
        fields = {f.key: str(f.value) for f in entry.fields}
        try:
            records.append(entry_to_record(entry.entry_type, entry.key, fields, registry))
        except (RecordError, ValueError) as exc:
            raise ExportError(f"{origin}: entry {entry.key}: {exc}") from exc
    return records


# ---------------------------------------------------------------------------------------------
# CSL-JSON


def csl_item_to_record(item: Any, registry: ArchiveRegistry, origin: str,
                       index: int) -> dict[str, Any]:
    """One CSL-JSON item (Zotero, pandoc, archcite) → a record; non-CSL keys go to custom."""
    if not isinstance(item, dict):
        raise ExportError(f"{origin}: item {index + 1} is not a JSON object")
    record: dict[str, Any] = {}
    custom = dict(item["custom"]) if isinstance(item.get("custom"), dict) else {}
    for var, value in item.items():
        if var == "custom":
            continue
        if var in ALL_VARIABLES:
            record[var] = value
        elif var in ("citation-key", "citationKey"):
            continue
        else:
            custom[var] = value
    key = item.get("citation-key") or item.get("citationKey") or item.get("id")
    record["id"] = str(key) if key is not None else ""
    if "holdings" not in custom and record.get("archive_location"):
        archive = str(record.get("archive") or "")
        parsed = parse_holdings(str(record["archive_location"]), registry,
                                first_archive=archive, latex_text=False)
        if parsed:
            custom["holdings"] = [h.to_json() for h in parsed]
    if custom:
        record["custom"] = custom
    return record


def parse_csl_records(text: str, registry: ArchiveRegistry,
                      origin: str = "input") -> list[dict[str, Any]]:
    """A CSL-JSON array (or one item, or ``{"items": [...]}``) as records."""
    try:
        data = jsontext.loads(text)
    except jsontext.JSONTextError as exc:
        raise ExportError(f"{origin}: {exc}") from exc
    if isinstance(data, dict):
        data = data.get("items", [data]) if "type" not in data else [data]
    if not isinstance(data, list):
        raise ExportError(f"{origin}: expected a CSL-JSON array of items")
    return [csl_item_to_record(item, registry, origin, i) for i, item in enumerate(data)]


# ---------------------------------------------------------------------------------------------
# Files and keys

_WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul", "clock$"] + [f"com{i}" for i in range(10)]
    + [f"lpt{i}" for i in range(10)]
)


def safe_key(key: str) -> bool:
    """True when ``key`` can be a record's file name on every system."""
    if not isinstance(key, str) or not KEY_PATTERN.match(key) or ":" in key:
        return False
    return key.split(".")[0].lower() not in _WINDOWS_DEVICES and not key.endswith(".")


def read_records(path: Path, registry: ArchiveRegistry) -> list[dict[str, Any]]:
    """Read an import file: CSL-JSON (``.json``/``.csljson`` or a JSON text) or BibTeX/BibLaTeX."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ExportError(f"{path}: no such file") from exc
    except OSError as exc:
        raise ExportError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if b"\x00" in data:
        raise ExportError(f"{path}: a binary file, not BibTeX or CSL-JSON")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExportError(f"{path}: not UTF-8 text") from exc
    if not text.strip():
        raise ExportError(f"{path}: the file is empty")
    stripped = text.lstrip()
    if path.suffix.lower() in (".json", ".csljson") or stripped[:1] in "[{":
        records = parse_csl_records(text, registry, str(path))
    else:
        records = parse_bib_records(text, registry, str(path))
    if not records:
        raise ExportError(f"{path}: holds no entries")
    return records


def import_file(library: Library, path: Path, *, dry_run: bool = False,
                progress: Callable[[int, int], None] | None = None) -> list[ImportResult]:
    """Read ``path`` and add its records to ``library`` (all validated before any is written).

    Keys are kept where they are safe and free, else recomputed (sender, year, first title
    word). A document the library already holds (same Wilson Center record id or URL, or the
    very same record under the same key) is skipped, not changed. On any invalid entry nothing
    is written.

    The records go through the library's one write path (:meth:`Library.add_many`, all or
    nothing), which asks the index for the Record IDs and URLs held, holds the library lock once
    and writes each file atomically; ``progress(done, total)`` follows the writing. A dry run
    asks the same path what it would do (:meth:`Library.plan_adds`).
    """
    records = read_records(path, library.registry)
    given = [str(record.get("id") or "") for record in records]
    # A key that is not safe as a file name on every system is recomputed, like a missing one.
    ready = [record if safe_key(g) else {k: v for k, v in record.items() if k != "id"}
             for record, g in zip(records, given, strict=True)]
    if dry_run:
        plan = library.plan_adds(ready)
    else:
        plan = library.add_many(ready, all_or_nothing=True, progress=progress).items
    for item in plan:
        if item.error is not None:
            raise ExportError(f"{path}: entry {given[item.position] or '?'}: {item.error}"
                              ) from item.error
    return [ImportResult(given[item.position], item.key,
                         "held" if item.status == "held" else "new") for item in plan]


@dataclass(frozen=True)
class ImportResult:
    """What happened to one imported entry: its key in the file, its key in the library."""

    given: str
    key: str
    status: str  # "new" or "held" (the library already had the document)

    @property
    def rekeyed(self) -> bool:
        """True when the library key differs from the file's."""
        return self.status == "new" and self.given != self.key
