"""The library's trash: ``rm`` moves records to ``<library>/.trash/``, ``restore`` brings them back.

A removed record is the historian's own work (tags, notes, an attached scan), so ``rm`` is a
move, not a delete. The trash lives beside the records, not in ``.archcite/`` (the cache anyone
may delete); the library's ``.gitignore`` lists it, so a library kept in git does not carry it.
A record's attachments (``files/<key>/``) go with it, to ``.trash/files/<name>/``.

A key removed twice (removed, added again, removed again) keeps both copies: the later one is
``<key>~2.json``. ``restore KEY`` brings back the latest; it refuses while the key is taken.
Every move is one ``rename`` inside the library folder (atomic), under the library lock.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from archcite.errors import KeyNotFoundError, LibraryError
from archcite.library.files import describe_os_error, library_lock, sync_folder
from archcite.library.recordfile import RECORD_SUFFIX, read_record_file
from archcite.model.nearest import close_matches
from archcite.model.record import is_safe_key, short_repr


class Library(Protocol):
    """What the trash needs of :class:`archcite.library.store.Library` (which calls this
    module: a protocol here, not an import, keeps the two from importing each other)."""

    root: Path

    def path_for(self, key: str) -> Path: ...

    def keys(self) -> list[str]: ...

    def suggest(self, key: str) -> str: ...

TRASH_DIR = ".trash"
FILES_DIR = "files"
_COPY_MARK = "~"


@dataclass(frozen=True)
class Trashed:
    """One record in the trash: its key, its file there, when it was removed."""

    key: str
    path: Path
    removed: float
    record: dict[str, Any] | None  # None when the file is damaged (it was trashed as it was)

    @property
    def name(self) -> str:
        """The trash file's name without ``.json`` (``key`` or ``key~2``)."""
        return self.path.name[: -len(RECORD_SUFFIX)]


def trash_dir(library: Library) -> Path:
    """``<library>/.trash``."""
    return library.root / TRASH_DIR


def files_dir(library: Library, key: str) -> Path:
    """Where the attachments of ``key`` are kept: ``<library>/files/<key>/``."""
    library.path_for(key)  # the same guard as record files: no separators, no dots first
    return library.root / FILES_DIR / key


def move_to_trash(library: Library, key: str) -> Path:
    """Move the record file of ``key`` (and its attachments) into the trash; its trash file."""
    source = library.path_for(key)
    folder = trash_dir(library)
    with library_lock(library.root):
        if not source.is_file():
            raise KeyNotFoundError(f"no record {short_repr(key)} in {library.root}"
                                   f"{library.suggest(key)}")
        try:
            folder.mkdir(exist_ok=True)
            _ignore_in_git(library.root)
            name = _free_name(folder, key)
            target = folder / f"{name}{RECORD_SUFFIX}"
            os.replace(source, target)
            os.utime(target)  # the trash lists records by when they were removed
            attachments = files_dir(library, key)
            if attachments.is_dir():
                (folder / FILES_DIR).mkdir(exist_ok=True)
                os.replace(attachments, folder / FILES_DIR / name)
        except OSError as exc:
            raise LibraryError(f"cannot move {source} to the trash: "
                               f"{describe_os_error(exc)}") from exc
        sync_folder(library.root)
        sync_folder(folder)
    return target


def trashed(library: Library) -> list[Trashed]:
    """Everything in the trash, latest removal first."""
    folder = trash_dir(library)
    if not folder.is_dir():
        return []
    items = []
    for path in folder.iterdir():
        if path.suffix != RECORD_SUFFIX or not path.is_file():
            continue
        key = path.name[: -len(RECORD_SUFFIX)].partition(_COPY_MARK)[0]
        try:
            record: dict[str, Any] | None = read_record_file(path)
        except LibraryError:
            record = None
        items.append(Trashed(key, path, path.stat().st_mtime, record))
    return sorted(items, key=lambda t: (-t.removed, t.name))


def restore(library: Library, key: str) -> str:
    """Move the latest trashed record of ``key`` (and its attachments) back; returns ``key``.

    Refused, with the reason, when the library holds a record under that key again (compared
    without case, as Windows and macOS compare file names) or when its attachments folder is
    taken: a restore never overwrites anything.
    """
    if not is_safe_key(key):
        raise LibraryError(f"{short_repr(key)} is not a citation key")
    with library_lock(library.root):
        candidates = [t for t in trashed(library) if t.key == key]
        if not candidates:
            keys = sorted({t.key for t in trashed(library)})
            close = close_matches(key, keys, n=3, cutoff=0.6)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise KeyNotFoundError(f"no record {short_repr(key)} in the trash of "
                                   f"{library.root}{hint}")
        item = candidates[0]
        held = library.keys()  # a list of keys, compared without case
        taken = [k for k in held if k.casefold() == key.casefold()]
        if taken:
            raise LibraryError(f"cannot restore {key}: the library holds a record under the "
                               f"key {taken[0]} again (rekey or remove that one first)")
        attachments = trash_dir(library) / FILES_DIR / item.name
        target_files = files_dir(library, key)
        if attachments.is_dir() and target_files.exists():
            raise LibraryError(f"cannot restore {key}: {target_files} exists (move it away "
                               "first)")
        try:
            os.replace(item.path, library.path_for(key))
            if attachments.is_dir():
                target_files.parent.mkdir(exist_ok=True)
                os.replace(attachments, target_files)
        except OSError as exc:
            raise LibraryError(f"cannot restore {key}: {describe_os_error(exc)}") from exc
        sync_folder(library.root)
    return key


def empty_trash(library: Library) -> int:
    """Delete everything in the trash for good; returns how many records were in it."""
    folder = trash_dir(library)
    with library_lock(library.root):
        count = len(trashed(library))
        if folder.is_dir():
            try:
                shutil.rmtree(folder)
            except OSError as exc:
                raise LibraryError(f"cannot empty the trash {folder}: "
                                   f"{describe_os_error(exc)}") from exc
    return count


def _free_name(folder: Path, key: str) -> str:
    """``key``, or ``key~2``, ``key~3`` … when the trash already holds that key."""
    name, number = key, 1
    while (folder / f"{name}{RECORD_SUFFIX}").exists() or (folder / FILES_DIR / name).exists():
        number += 1
        name = f"{key}{_COPY_MARK}{number}"
    return name


def _ignore_in_git(root: Path) -> None:
    """Make sure the library's ``.gitignore`` lists the trash (created or extended)."""
    ignore = root / ".gitignore"
    line = f"{TRASH_DIR}/"
    try:
        text = ignore.read_text("utf-8") if ignore.is_file() else ""
    except (OSError, UnicodeDecodeError):
        return  # a .gitignore archcite cannot read is the user's to keep as it is
    if any(entry.strip() in (line, TRASH_DIR, f"/{line}", f"/{TRASH_DIR}")
           for entry in text.splitlines()):
        return
    from archcite.library.files import atomic_write_text

    prefix = text if not text or text.endswith("\n") else text + "\n"
    atomic_write_text(ignore, f"{prefix}{line}\n")


def removed_when(item: Trashed) -> str:
    """When ``item`` was removed, as local date and time (``2026-11-30 10:42``)."""
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(item.removed))
