"""A record's former citation keys (``custom["old-keys"]``), read and added in one place.

Import, ``rekey`` and ``merge`` rename records; the keys a record had are kept, oldest first,
so papers that cite them keep working (the library finds records by them, see
:mod:`archcite.library.oldkeys`; the BibLaTeX export writes them in ``ids``).
"""

from __future__ import annotations

import re
from typing import Any

OLD_KEYS = "old-keys"
# What biber accepts as one key of an ``ids`` list: no space, comma, brace, quote, % or #.
_BIB_KEY = re.compile(r"[^\s,{}\"%#()=\\]+\Z")


def old_keys(record: dict[str, Any]) -> list[str]:
    """The former keys of a record, oldest first."""
    custom = record.get("custom")
    if not isinstance(custom, dict):
        return []
    value = custom.get(OLD_KEYS)
    return [k for k in value if isinstance(k, str) and k] if isinstance(value, list) else []


def bib_old_keys(record: dict[str, Any]) -> list[str]:
    """The former keys a .bib ``ids`` field can hold (a hostile key is left out)."""
    return [k for k in old_keys(record) if _BIB_KEY.match(k)]


def _storable(key: str) -> bool:
    """A key from a file worth remembering: real text (no lone surrogates or control
    characters, which no paper can cite and no record file can hold), of a key's length."""
    if len(key) > 200 or any(ord(c) < 32 for c in key):
        return False
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def with_old_key(record: dict[str, Any], *keys: str) -> dict[str, Any]:
    """A copy of ``record`` remembering ``keys`` as former keys (not its own, no repeats)."""
    current = old_keys(record)
    added = [k for k in keys if k and k != record.get("id") and k not in current
             and _storable(k)]
    if not added:
        return record
    custom = dict(record.get("custom") or {})
    custom[OLD_KEYS] = current + list(dict.fromkeys(added))
    return {**record, "custom": custom}
