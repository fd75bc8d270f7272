"""Merging two records of one document into one, losing nothing.

The record kept (A) keeps its key and every value it has. From the other (B) every field A
lacks is added; where both have a field and the values differ, A's value stays and B's is kept
under ``custom["merged"][B's key]`` so nothing is lost and a person can still choose. Tags are
the union of both; personal notes are joined; holdings are the union in A's order then B's;
former keys are A's, then B's key, then B's former keys (:mod:`archcite.model.oldkeys`), so
papers citing B keep working. B's file goes to the trash once A is written.
"""

from __future__ import annotations

from typing import Any

from archcite.errors import RecordError
from archcite.library.files import atomic_write_text, library_lock
from archcite.model.oldkeys import OLD_KEYS, old_keys, with_old_key
from archcite.model.record import dumps_record

# custom members merged by kind rather than A-wins.
_UNIONS = ("tags", "holdings")


def merge_records(keep: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """``keep`` with everything of ``other`` added (see the module's rules); a new dict."""
    merged = {k: v for k, v in keep.items() if k != "custom"}
    conflicts: dict[str, Any] = {}
    for var, value in other.items():
        if var in ("id", "custom"):
            continue
        if var not in merged:
            merged[var] = value
        elif merged[var] != value:
            conflicts[var] = value
    custom_a = dict(keep.get("custom") or {})
    custom_b = dict(other.get("custom") or {})
    custom = dict(custom_a)
    for name in _UNIONS:
        values = list(custom_a.get(name) or []) if isinstance(custom_a.get(name), list) else []
        for value in custom_b.get(name) or [] if isinstance(custom_b.get(name), list) else []:
            if value not in values:
                values.append(value)
        if values:
            custom[name] = values
    notes = [n for n in (custom_a.get("notes"), custom_b.get("notes")) if isinstance(n, str) and n]
    if notes:
        custom["notes"] = "\n\n".join(dict.fromkeys(notes))
    for name, value in custom_b.items():
        if name in (*_UNIONS, "notes", OLD_KEYS, "merged"):
            continue
        if name not in custom:
            custom[name] = value
        elif custom[name] != value:
            conflicts[f"custom.{name}"] = value
    earlier = dict(custom_a.get("merged") or {}) if isinstance(custom_a.get("merged"),
                                                                dict) else {}
    if isinstance(custom_b.get("merged"), dict):
        earlier.update(custom_b["merged"])
    if conflicts:
        earlier[str(other["id"])] = conflicts
    if earlier:
        custom["merged"] = earlier
    custom.pop(OLD_KEYS, None)
    if custom_a.get(OLD_KEYS):
        custom[OLD_KEYS] = list(custom_a[OLD_KEYS])
    if custom:
        merged["custom"] = custom
    return with_old_key(merged, str(other["id"]), *old_keys(other))


def merge(library: Any, keep_key: str, other_key: str, *, dry_run: bool = False
          ) -> dict[str, Any]:
    """Merge the record ``other_key`` into ``keep_key``; returns the merged record.

    Validated before anything is written; A is written atomically first, then B moved to the
    trash (``restore`` brings it back), so a crash in between leaves the document twice, never
    lost.
    """
    if keep_key == other_key:
        raise RecordError(f"{keep_key}: a record cannot be merged with itself")
    library.get(keep_key)
    library.get(other_key)  # both must exist ("did you mean" otherwise)
    with library_lock(library.root):
        keep, other = library.get(keep_key), library.get(other_key)
        merged = library.prepare(merge_records(keep, other))
        if not dry_run:
            atomic_write_text(library.path_for(keep_key), dumps_record(merged))
            library.remove(other_key)  # to the trash, with its attachments: undoable
    return merged
