"""Changes to one record's user fields (tags, notes), as functions of the record.

Each is applied through :meth:`archcite.library.store.Library.edit`, the one read-modify-write,
which reads the record under the library lock (two processes tagging one record at once keep
both tags) and validates the result before writing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from archcite.errors import RecordError

Record = dict[str, Any]


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
