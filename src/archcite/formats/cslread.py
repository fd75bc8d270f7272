"""Reading CSL-JSON as Zotero, Better CSL JSON, pandoc and the CSL test suite write it.

Real files bend the schema: items without ``type``, institutions as
``{"family": "UNESCO", "isInstitution": 1}``, names as plain strings, dates as EDTF strings or
``{"raw": …}``, date-parts "ranges" of three dates, numbers where strings belong. Each such item
is read (with a warning saying what was assumed), never refused, and nothing in it is lost:
what has no CSL place goes under ``custom``. An item that is not an object at all is skipped
with its position.
"""

from __future__ import annotations

from typing import Any

from archcite.formats.datetext import csl_date_warning, parse_edtf
from archcite.formats.readresult import ReadEntry, ReadResult
from archcite.model import jsontext
from archcite.model.archives import ArchiveRegistry
from archcite.model.record import (
    ALL_VARIABLES,
    CSL_TYPES,
    DATE_VARIABLES,
    NAME_VARIABLES,
    NUMBER_VARIABLES,
    STRING_VARIABLES,
)

_NAME_PARTS = frozenset(
    """family given dropping-particle non-dropping-particle suffix comma-suffix static-ordering
    literal parse-names""".split()
)
# Types older processors and Zotero write that CSL 1.0.2 spells otherwise.
_TYPE_ALIASES = {"article-newspaper ": "article-newspaper", "webpage ": "webpage",
                 "journalArticle": "article-journal", "bookSection": "chapter",
                 "magazineArticle": "article-magazine", "newspaperArticle": "article-newspaper",
                 "conferencePaper": "paper-conference", "blogPost": "post-weblog",
                 "forumPost": "post", "encyclopediaArticle": "entry-encyclopedia",
                 "dictionaryEntry": "entry-dictionary", "letter": "personal_communication",
                 "film": "motion_picture", "computerProgram": "software", "case": "legal_case",
                 "statute": "legislation", "artwork": "graphic", "audioRecording": "song",
                 "videoRecording": "motion_picture", "presentation": "speech",
                 "radioBroadcast": "broadcast", "tvBroadcast": "broadcast"}


# Variables newer CSL (1.0.2's successors) and Zotero spell otherwise, by the 1.0.2 name.
_VARIABLE_ALIASES = {"event-title": "event", "archive-location": "archive_location",
                     "journal-abbreviation": "journalAbbreviation", "short-title": "shortTitle",
                     "original-publisher-location": "original-publisher-place",
                     "publisher-location": "publisher-place"}


class CSLFileError(ValueError):
    """The file as a whole is not CSL-JSON (the message says what it is instead)."""


def read_csl(text: str, registry: ArchiveRegistry) -> ReadResult:
    """Every item of a CSL-JSON text (an array; ``{"items": […]}`` or one item also read)."""
    try:
        data = jsontext.loads(text)
    except jsontext.JSONTextError as exc:
        raise CSLFileError(str(exc)) from exc
    result = ReadResult()
    if isinstance(data, dict):
        if isinstance(data.get("items"), list):
            data = data["items"]
        elif "type" in data or "title" in data or "id" in data:
            result.notes.append("the file holds one JSON object, not an array of items;"
                                " read it as one item")
            data = [data]
        else:
            raise CSLFileError("the file is a JSON object, not an array of CSL items"
                               " (CSL-JSON is a list: [{...}, {...}])")
    if not isinstance(data, list):
        raise CSLFileError(f"the file holds a JSON {type(data).__name__}, not an array of"
                           " CSL items")
    for index, item in enumerate(data):
        where = f"item {index + 1}"
        if not isinstance(item, dict):
            result.entries.append(ReadEntry("", where, reason="is not a JSON object"))
            continue
        key = item.get("citation-key") or item.get("citationKey") or item.get("id")
        entry = ReadEntry(str(key) if isinstance(key, str | int) and key != "" else "", where)
        entry.record = item_to_record(item, registry, entry.warnings)
        entry.record["id"] = entry.key
        result.entries.append(entry)
    return result


def item_to_record(item: dict[str, Any], registry: ArchiveRegistry, warnings: list[str]
                   ) -> dict[str, Any]:
    """One CSL-JSON item → a record; what has no CSL place goes to ``custom``."""
    from archcite.formats.importholdings import parse_holdings

    record: dict[str, Any] = {}
    custom = dict(item["custom"]) if isinstance(item.get("custom"), dict) else {}
    extra: dict[str, Any] = {}
    for var, value in item.items():
        if var in ("custom", "id", "citation-key", "citationKey"):
            continue
        if var in _VARIABLE_ALIASES and _VARIABLE_ALIASES[var] not in item:
            var = _VARIABLE_ALIASES[var]  # a later CSL spelling of a 1.0.2 variable
        if var not in ALL_VARIABLES:
            custom[var] = value
            continue
        if var == "type":
            continue
        fixed = _variable(var, value, warnings)
        if fixed is None:
            extra[var] = value
        else:
            record[var] = fixed
            if fixed != value and var in NAME_VARIABLES | DATE_VARIABLES:
                extra[var] = value  # as written, for an export that wants it back
    kind = item.get("type")
    if not isinstance(kind, str) or not kind.strip():
        warnings.append("has no type; read as a document")
        kind = "document"
    elif kind not in CSL_TYPES:
        alias = _TYPE_ALIASES.get(kind) or _TYPE_ALIASES.get(kind.strip())
        if alias is None and kind.strip().lower().replace("_", "-") in CSL_TYPES:
            alias = kind.strip().lower().replace("_", "-")
        if alias is None:
            warnings.append(f"type {kind!r} is not a CSL type; read as a document")
            custom["csl-type"] = kind
            kind = "document"
        else:
            kind = alias
    record["type"] = kind
    if "holdings" not in custom and isinstance(record.get("archive_location"), str):
        # further holdings travel in ``division`` (see model.record.derive_archive_fields)
        location = "; ".join(str(record[v]) for v in ("archive_location", "division")
                             if isinstance(record.get(v), str) and record[v].strip())
        parsed = parse_holdings(location, registry,
                                first_archive=str(record.get("archive") or ""),
                                latex_text=False)
        if parsed:
            custom["holdings"] = [h.to_json() for h in parsed]
    if extra:
        custom["csl-as-written"] = extra
    if custom:
        record["custom"] = custom
    return record


def _variable(var: str, value: Any, warnings: list[str]) -> Any:
    """``value`` made valid for ``var`` without losing it, or None when it cannot be."""
    if var in NAME_VARIABLES:
        return _names(var, value, warnings)
    if var in DATE_VARIABLES:
        return _date(var, value, warnings)
    if var in NUMBER_VARIABLES:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            warnings.append(f"{var} is not a number or text; kept under custom")
            return None
        return value
    if var in STRING_VARIABLES:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return "; ".join(value)
        if not isinstance(value, str):
            warnings.append(f"{var} is not text; kept under custom")
            return None
        return value
    if var == "categories":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        warnings.append("categories is not a list of words; kept under custom")
        return None
    return value


def _names(var: str, value: Any, warnings: list[str]) -> list[dict[str, Any]] | None:
    if isinstance(value, dict | str):
        value = [value]
    if not isinstance(value, list):
        warnings.append(f"{var} is not a list of names; kept under custom")
        return None
    names = []
    for name in value:
        if isinstance(name, str):
            names.append({"literal": name})
            continue
        if not isinstance(name, dict):
            warnings.append(f"{var}: a name that is not an object; kept under custom")
            return None
        institution = name.get("isInstitution") not in (None, False, 0, "", "false")
        clean = {k: v for k, v in name.items() if k in _NAME_PARTS}
        if institution and "literal" not in clean:
            literal = " ".join(str(name.get(k) or "") for k in ("given", "family")).strip()
            clean = {"literal": literal}
        for part in ("family", "given", "literal", "dropping-particle",
                     "non-dropping-particle", "suffix"):
            if part in clean and not isinstance(clean[part], str):
                clean[part] = str(clean[part])
        if not clean:
            warnings.append(f"{var}: an empty name; kept under custom")
            continue
        names.append(clean)
    return names


def _date(var: str, value: Any, warnings: list[str]) -> dict[str, Any] | None:
    if isinstance(value, str | int):
        parsed, warning = parse_edtf(str(value))
        if warning:
            warnings.append(f"{var}: {warning}")
        return parsed
    if not isinstance(value, dict):
        warnings.append(f"{var} is not a date; kept under custom")
        return None
    value = {k: v for k, v in value.items() if v not in (None, "")}
    if "date-parts" not in value and isinstance(value.get("raw"), str):
        parsed, warning = parse_edtf(value["raw"])
        if parsed is not None and warning is None:
            return {**parsed, **value}
        return {"literal": value["raw"], **{k: v for k, v in value.items() if k != "raw"}}
    if "date-parts" in value and value["date-parts"] in ([], [[]]):
        value.pop("date-parts")
        return value or None
    fixed, warning = csl_date_warning(value)
    if warning:
        warnings.append(f"{var}: {warning}")
    return fixed if isinstance(fixed, dict) else None
