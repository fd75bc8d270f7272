"""CSL-JSON export: the records as stored, as one array (pandoc, Zotero, citeproc-js read it).

archcite's records are CSL-JSON already (the holdings in ``custom``, the flat ``archive*``
variables derived from them), so export only orders the output stably.
"""

from __future__ import annotations

import json
from typing import Any


def dumps(records: list[dict[str, Any]]) -> str:
    """A JSON array, 2-space indent, keys sorted, UTF-8 unescaped, final newline."""
    return json.dumps(records, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
