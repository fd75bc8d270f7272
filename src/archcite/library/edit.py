"""Read-modify-write changes to one record (tags, notes, edits) under the library lock.

:meth:`Library.write` takes the lock only around the write; a change that depends on the record's
current content (add a tag, replace the notes) must read it under the same lock, or two processes
tagging one record at once would lose one tag.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

from archcite.errors import RecordError
from archcite.library.files import atomic_write_text, library_lock
from archcite.library.store import Library, read_record_file
from archcite.model.record import dumps_record

Record = dict[str, Any]


def update_record(library: Library, key: str, change: Callable[[Record], Record | None]
                  ) -> tuple[Record, bool]:
    """Apply ``change`` to the record of ``key`` and store it; returns (record, changed).

    ``change`` gets a deep copy and returns the new record (or changes it in place and returns
    None). The result is validated before anything is written; an invalid result raises
    :class:`RecordError` and leaves the file as it was.
    """
    library.get(key)  # a missing key fails here with "did you mean" before taking the lock
    with library_lock(library.root):
        path = library.path_for(key)
        current = read_record_file(path)
        work = copy.deepcopy(current)
        result = change(work)
        new = work if result is None else result
        if new.get("id") != key:
            raise RecordError(f"the id must stay {key!r} (rename records with rekey)")
        prepared = library.prepare(new)
        if prepared == current:
            return current, False
        atomic_write_text(path, dumps_record(prepared))
        return prepared, True


def _custom(record: Record) -> dict[str, Any]:
    custom = record.get("custom")
    if not isinstance(custom, dict):
        custom = {}
        record["custom"] = custom
    return custom


def clean_tag(tag: str) -> str:
    """A tag as stored: trimmed, inner whitespace as hyphens (so ``tag:`` can find it)."""
    cleaned = "-".join(tag.split())
    if not cleaned:
        raise RecordError("a tag cannot be empty")
    return cleaned


def typed_tags(word: str) -> tuple[list[str], str]:
    """The tags a word typed after ``+``/``-`` stands for, and a notice when they differ from it.

    Tags are single words so that ``tag:`` finds them: ``+"cold war"`` is stored as
    ``cold-war`` and ``+a,b`` (Zotero's habit) as the two tags ``a`` and ``b``. Neither happens
    silently: the notice says what was stored, so an odd tag never appears unannounced.
    (Imported keywords go through :func:`clean_tag` alone: a file's keywords are not typed.)
    """
    parts = [p for p in word.replace(";", ",").split(",") if p.strip()]
    if not parts:
        raise RecordError("a tag cannot be empty")
    tags = [clean_tag(p) for p in parts]
    if tags == [word]:
        return tags, ""
    return tags, f"{word!r} read as {' '.join(tags)} (tags are single words)"


def change_tags(record: Record, add: Iterable[str], remove: Iterable[str]) -> Record:
    """``custom.tags`` with ``add`` appended (no duplicates) and ``remove`` dropped."""
    custom = _custom(record)
    tags = [t for t in custom.get("tags", []) if isinstance(t, str)]
    drop = {clean_tag(t).casefold() for t in remove}
    tags = [t for t in tags if t.casefold() not in drop]
    for tag in map(clean_tag, add):
        if tag.casefold() not in {t.casefold() for t in tags}:
            tags.append(tag)
    if tags:
        custom["tags"] = tags
    else:
        custom.pop("tags", None)
    if not custom:
        record.pop("custom", None)
    return record


def set_notes(record: Record, text: str) -> Record:
    """``custom.notes`` set to ``text`` (trailing whitespace trimmed; empty removes them)."""
    custom = _custom(record)
    text = text.rstrip()
    if text:
        custom["notes"] = text
    else:
        custom.pop("notes", None)
    if not custom:
        record.pop("custom", None)
    return record
