"""Recompute citation keys (sender, year, first word of the title) and rename files to match.

A key that already follows the rule (its base key, or the base key with a collision suffix)
is kept, so ``rekey`` is stable: running it twice changes nothing the second time. New keys
never name an existing file other than the record's own, so no rename can overwrite another
record. The old key is kept in the record (:mod:`archcite.library.oldkeys`), so ``cite OLD``
and ``\\cite{OLD}`` (through the BibLaTeX export's ``ids``) still work. Each rename writes
the new file atomically first, then removes the old one: a crash in between leaves the record
twice, never lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archcite.library.files import library_lock
from archcite.model.keys import base_key, unique_key

if TYPE_CHECKING:
    from archcite.library.store import Library


def _follows_rule(key: str, base: str) -> bool:
    if key == base:
        return True
    suffix = key[len(base):]
    return key.startswith(base) and 1 <= len(suffix) <= 2 and suffix.isalpha() \
        and suffix.islower() and suffix.isascii()


def plan_rekey(library: Library, keys: list[str] | None = None) -> list[tuple[str, str]]:
    """(old, new) for every record named (all when ``keys`` is empty), in key order."""
    all_keys = library.keys()
    if keys:  # named records are needed: a damaged one fails with its reason
        targets = sorted(set(keys))
        records = {key: library.get(key) for key in targets}
    else:  # all: a damaged file keeps its name (the CLI warns once) and the rest are rekeyed
        records = {r["id"]: r for r in library.iter_records_safely()}
        targets = sorted(records)
    taken = set(all_keys)  # damaged files' names too: no rename may overwrite them
    plan = []
    for key in targets:
        record = records[key]
        base = base_key(record, library.key_pattern)
        others = taken - {key}
        keep = _follows_rule(key, base) and key not in others
        new = key if keep else unique_key(record, taken, library.key_pattern)
        taken.add(new)
        plan.append((key, new))
    return plan


def apply_rekey(library: Library, plan: list[tuple[str, str]]) -> None:
    """Rename the records of ``plan`` (validated before each write)."""
    with library_lock(library.root):
        for old, new in plan:
            if old == new:
                continue
            library.rename(old, new)
