"""Former citation keys: one mechanism for every rename (import, ``rekey``, ``merge``).

A paper written last year still says ``\\cite{smith1990}`` after the record became
``smith1990a``. So a record keeps the keys it had in ``custom["old-keys"]`` (a list, oldest
first), every command that takes a key finds a record by a former key when no record has it
now (and says which key it has now), and the BibLaTeX export writes them in ``ids`` so the
manuscript still compiles.

A current key always wins over an old one: when two records claim a key, the one that has it
now is meant.
"""

from __future__ import annotations

from typing import Any

from archcite.model.oldkeys import OLD_KEYS, old_keys, with_old_key

__all__ = ["OLD_KEYS", "find_by_old_key", "old_key_map", "old_keys", "resolve_key",
           "with_old_key"]


def find_by_old_key(library: Any, key: str) -> str | None:
    """The current key of the record that once had ``key``, or None.

    Read only when no record has ``key`` now (a miss), so the common path costs nothing.
    """
    found = None
    for record in library.iter_records_safely():
        if key in old_keys(record) and (found is None or str(record["id"]) < found):
            found = str(record["id"])
    return found


def old_key_map(library: Any) -> dict[str, str]:
    """former key → current key for the whole library (a current key is never a former one)."""
    current = set(library.keys())
    out: dict[str, str] = {}
    for record in library.iter_records_safely():
        for key in old_keys(record):
            if key not in current and (key not in out or str(record["id"]) < out[key]):
                out[key] = str(record["id"])
    return out


def resolve_key(library: Any, key: str) -> tuple[str, bool]:
    """(the key to use, True when ``key`` is a former key of it).

    A key no record has now and none had before comes back unchanged, so the caller's usual
    "no record …, did you mean …" message follows.
    """
    from archcite.errors import LibraryError
    from archcite.model.record import is_safe_key

    if is_safe_key(key):
        try:
            if library.path_for(key).is_file():
                return key, False
        except LibraryError:  # an unusable key is reported by the caller
            return key, False
    found = find_by_old_key(library, key)
    return (found, True) if found is not None else (key, False)
