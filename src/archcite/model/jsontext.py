"""Reading JSON text that may come from anywhere (record files, imports, user files).

``json.loads`` fails in three ways on hostile or damaged text — a syntax error, nesting deep
enough to exhaust the stack (RecursionError), a number of thousands of digits (ValueError from
the int conversion limit) — and only the first names a line. :func:`loads` turns all three into
one :class:`JSONTextError` with a short reason, so every reader words them the same way.
"""

from __future__ import annotations

import json
from typing import Any


class JSONTextError(ValueError):
    """Text that is not JSON archcite can read; ``str()`` is the short reason."""


def loads(text: str) -> Any:
    """``json.loads`` with every failure as a :class:`JSONTextError`."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise JSONTextError(f"broken JSON at line {exc.lineno}: {exc.msg}") from exc
    except RecursionError as exc:
        raise JSONTextError("the JSON is nested too deeply") from exc
    except ValueError as exc:  # int conversion limit
        raise JSONTextError("the JSON holds a number too long to read") from exc
