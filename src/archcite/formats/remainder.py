"""The remainder: what an entry's ordinary .bib fields do not carry of a record, as fields.

``export --full`` writes it so that ``import`` gives the record back whole. One field per
variable, ``x-archcite-<variable>`` or ``x-archcite-custom-<member>``, each holding that value as
JSON (so a reader of the .bib sees what each carries); ``x-archcite-remove`` lists what the plain
entry adds that the record lacks. Styles, BibTeX and Biber ignore fields no style declares.
This module is shared by the writer (:mod:`archcite.formats.export`) and the reader
(:mod:`archcite.formats.bibread`), which must agree on the names.
"""

from __future__ import annotations

import json
from typing import Any


def remainder(record: dict[str, Any], back: dict[str, Any]) -> dict[str, Any]:
    """What ``back`` (the imported entry) lacks or has wrong compared with ``record``."""
    rest: dict[str, Any] = {}
    for var, value in record.items():
        if var == "custom":
            continue
        if back.get(var) != value:
            rest[var] = value
    custom = record.get("custom") or {}
    back_custom = back.get("custom") or {}
    diff = {k: v for k, v in custom.items() if back_custom.get(k) != v}
    drop_custom = sorted(set(back_custom) - set(custom))
    if diff:
        rest["custom"] = diff
    drop = sorted(set(back) - set(record) - {"custom"})
    if drop_custom:
        drop += [f"custom.{k}" for k in drop_custom]
    if drop:
        rest["-"] = drop
    return rest


REMAINDER_PREFIX = "x-archcite-"


def remainder_fields(rest: dict[str, Any]) -> list[tuple[str, str]]:
    """The remainder as ``x-archcite-<variable>`` and ``x-archcite-custom-<member>`` fields.

    One field per variable, each holding that value as JSON, so a reader of the .bib sees what
    each carries; ``x-archcite-remove`` lists what the plain entry adds that the record lacks.
    .bib field names are read case-insensitively, so a name only survives when lower-casing
    loses nothing: a CSL variable (``DOI`` is found again from ``doi``) or a lower-case
    ``custom`` member; anything else stays in one ``x-archcite`` JSON object.
    """
    from archcite.model.record import ALL_VARIABLES

    lower = {v.lower(): v for v in ALL_VARIABLES}
    fields: list[tuple[str, str]] = []
    left: dict[str, Any] = {}
    for name, value in rest.items():
        if name == "-":
            fields.append((REMAINDER_PREFIX + "remove", encode_json(value)))
        elif name == "custom" and isinstance(value, dict):
            loose = {}
            for member, inner in value.items():
                if _field_safe(member):
                    fields.append((f"{REMAINDER_PREFIX}custom-{member}", encode_json(inner)))
                else:
                    loose[member] = inner
            if loose:
                left["custom"] = loose
        elif lower.get(name.lower()) == name and _field_safe(name.lower()):
            fields.append((REMAINDER_PREFIX + name.lower(), encode_json(value)))
        else:
            left[name] = value
    if left:
        fields.append(("x-archcite", encode_json(left)))
    return fields


def read_remainder_fields(fields: dict[str, str]) -> dict[str, str] | None:
    """Inverse of :func:`remainder_fields` over an entry's (lower-cased) fields: the remainder
    as the JSON texts of its parts, or None when the entry has none."""
    from archcite.model.record import ALL_VARIABLES

    lower = {v.lower(): v for v in ALL_VARIABLES}
    parts: dict[str, str] = {}
    for name, text in fields.items():
        if not name.startswith(REMAINDER_PREFIX):
            continue
        rest = name[len(REMAINDER_PREFIX):]
        if rest == "remove":
            parts["-"] = text
        elif rest.startswith("custom-"):
            parts["custom." + rest[len("custom-"):]] = text
        elif rest in lower:
            parts[lower[rest]] = text
    return parts or None


def _field_safe(name: str) -> bool:
    """True for a name that survives as a lower-case .bib field name."""
    return bool(name) and name == name.lower() and all(c.isalnum() or c in "-_" for c in name)


def encode_json(data: Any) -> str:
    """JSON that is safe inside a braced .bib field: braces in strings become ``\\u007b``."""
    return _encode(data)


def _encode(data: Any) -> str:
    if isinstance(data, dict):
        return "{" + ",".join(f"{_encode(str(k))}:{_encode(v)}" for k, v in data.items()) + "}"
    if isinstance(data, list):
        return "[" + ",".join(_encode(v) for v in data) + "]"
    text = json.dumps(data, ensure_ascii=False)
    if isinstance(data, str):
        text = text.replace("{", "\\u007b").replace("}", "\\u007d")
    return text
