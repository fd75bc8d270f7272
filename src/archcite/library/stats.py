"""Is the index current? The file-stat side of the index, kept free of heavy imports.

The index (:mod:`archcite.library.index`) is a cache that must never be trusted stale: before
each use every record file's ``mtime_ns`` and size are compared with what the index saw. On
100,000 files that comparison is the whole cost of a search, so it is done here as cheaply as
Python allows: one listing (:func:`os.listdir`), the ``stat`` calls (relative to the folder's
descriptor) split with a forked child on large libraries, and the stats the index saw loaded
as one blob and compared whole, as two dicts, in C. This module imports only the
standard library, so ``archcite resolve`` can ask "is the index current?" cheaply.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

# Must equal archcite.library.store.RECORD_SUFFIX / CACHE_DIR and index.INDEX_NAME /
# SCHEMA_VERSION (a test checks); not imported from there to keep this module light.
RECORD_SUFFIX = ".json"
CACHE_DIR = ".archcite"
INDEX_NAME = "index.sqlite"
SCHEMA_VERSION = 1

# Below this many files one process is as fast (a fork costs more than it saves).
PARALLEL_FROM = 4096
_REGULAR = 0o100000
_FORMAT = 0o170000
_MARSHAL_VERSION = 4


class LibraryUnreadable(OSError):
    """The library folder exists but cannot be listed."""


def record_names(root: Path) -> list[str]:
    """File names of the record files in ``root`` (``*.json``, not hidden), unsorted."""
    try:
        names = os.listdir(root)
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise LibraryUnreadable(exc.errno, exc.strerror, str(root)) from exc
    return [n for n in names if n.endswith(RECORD_SUFFIX) and n[0] != "."]


def _stat_names(folder: str, names: list[str]) -> dict[str, tuple[int, int]]:
    """key → (mtime_ns, size) of the regular files among ``names`` (gone files skipped)."""
    out: dict[str, tuple[int, int]] = {}
    cut = -len(RECORD_SUFFIX)
    dir_fd = os.open(folder, os.O_RDONLY) if os.stat in os.supports_dir_fd else None
    try:
        for name in names:
            try:
                st = (os.stat(name, dir_fd=dir_fd) if dir_fd is not None
                      else os.stat(os.path.join(folder, name)))
            except OSError:
                continue  # removed while we looked
            if st.st_mode & _FORMAT == _REGULAR:
                out[name[:cut]] = (st.st_mtime_ns, st.st_size)
    finally:
        if dir_fd is not None:
            os.close(dir_fd)
    return out


def _stat_forked(folder: str, names: list[str]) -> dict[str, tuple[int, int]]:
    """Stat half the names in a forked child, half here: both cores, no GIL between them.

    Threads do not help (each ``stat`` is too short for the GIL hand-over to pay); a child
    process does. The child sends its half back marshalled through a pipe and exits at once.
    If anything goes wrong with the child, this process stats that half itself.
    """
    import marshal

    half = len(names) // 2
    theirs_names = names[half:]
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return _stat_names(folder, names)
    if pid == 0:  # the child: stat, send, leave without running any cleanup of the parent's
        code = 1
        try:
            os.close(read_end)
            data = marshal.dumps(_stat_names(folder, theirs_names), _MARSHAL_VERSION)
            view = memoryview(data)
            while view:
                view = view[os.write(write_end, view):]
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    mine = _stat_names(folder, names[:half])
    chunks = []
    with os.fdopen(read_end, "rb") as pipe:
        while chunk := pipe.read(1 << 20):
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    try:
        if status != 0:
            raise ValueError("the stat child failed")
        theirs = marshal.loads(b"".join(chunks))
    except (ValueError, EOFError, TypeError):
        theirs = _stat_names(folder, theirs_names)
    mine.update(theirs)
    return mine


def scan_stats(root: Path, parallel: bool | None = None) -> dict[str, tuple[int, int]]:
    """key → (mtime_ns, size) of every record file in ``root`` (regular files only).

    ``parallel`` (default: from :data:`PARALLEL_FROM` files on, where ``fork`` exists) splits
    the ``stat`` calls between this process and a forked child.
    """
    names = record_names(root)
    folder = os.fspath(root)
    if parallel is None:
        parallel = len(names) >= PARALLEL_FROM
    if parallel and hasattr(os, "fork") and len(names) > 1:
        return _stat_forked(folder, names)
    return _stat_names(folder, names)


def _matches(folder: str, names: list[str], stored: dict[str, tuple[int, int]]) -> int:
    """How many regular files among ``names`` the index saw as they are now; -1 at the first
    that is new, changed or gone (no need to look further: the index must be refreshed)."""
    cut = -len(RECORD_SUFFIX)
    dir_fd = os.open(folder, os.O_RDONLY) if os.stat in os.supports_dir_fd else None
    seen = 0
    try:
        for name in names:
            try:
                st = (os.stat(name, dir_fd=dir_fd) if dir_fd is not None
                      else os.stat(os.path.join(folder, name)))
            except OSError:
                return -1
            if st.st_mode & _FORMAT != _REGULAR:
                continue  # a folder named x.json is no record, here as in scan_stats
            old = stored.get(name[:cut])
            if old is None or old[0] != st.st_mtime_ns or old[1] != st.st_size:
                return -1
            seen += 1
    finally:
        if dir_fd is not None:
            os.close(dir_fd)
    return seen


def unchanged_since(root: Path, stored: dict[str, tuple[int, int]]) -> bool:
    """True when the record files are exactly those of ``stored`` with the same mtime and size.

    The everyday question before a search, answered without building the scan: each file is
    compared as soon as it is stat-ed, and on large libraries a forked child checks half the
    files against its copy of ``stored`` and sends back one number.
    """
    names = record_names(root)
    if len(names) < len(stored):
        return False
    folder = os.fspath(root)
    if len(names) < PARALLEL_FROM or not hasattr(os, "fork"):
        return _matches(folder, names, stored) == len(stored)
    half = len(names) // 2
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return _matches(folder, names, stored) == len(stored)
    if pid == 0:  # the child: check its half, send the count, leave at once
        code = 1
        try:
            os.close(read_end)
            os.write(write_end, str(_matches(folder, names[half:], stored)).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    mine = _matches(folder, names[:half], stored)
    with os.fdopen(read_end, "rb") as pipe:
        answer = pipe.read()
    _, status = os.waitpid(pid, 0)
    try:
        theirs = int(answer) if status == 0 else -1
    except ValueError:
        theirs = -1
    if theirs < 0:
        theirs = _matches(folder, names[half:], stored) if mine >= 0 else -1
    return mine >= 0 and theirs >= 0 and mine + theirs == len(stored)


def dump_stats(stats: dict[str, tuple[int, int]]) -> bytes:
    """The index's copy of the file stats as one blob (loaded whole, compared whole)."""
    import marshal

    return marshal.dumps(stats, _MARSHAL_VERSION)


def load_stats(blob: object) -> dict[str, tuple[int, int]] | None:
    """The stats a blob of :func:`dump_stats` holds, or None when it cannot be read."""
    import marshal

    if not isinstance(blob, bytes):
        return None
    try:
        stats = marshal.loads(blob)
    except (ValueError, EOFError, TypeError):
        return None
    return stats if isinstance(stats, dict) else None


def stored_stats(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """key → (mtime_ns, size) of every file the index has seen (readable or not).

    Read from the one-blob copy (``meta`` row ``stats``, written in the same transaction as
    the ``files`` table) when it is there: loading 100,000 rows one by one costs more than the
    whole rest of a search. Falls back to the ``files`` table.
    """
    row = conn.execute("SELECT v FROM meta WHERE k = 'stats'").fetchone()
    stats = load_stats(row[0]) if row else None
    if stats is not None:
        return stats
    return {key: (mtime, size) for key, mtime, size in
            conn.execute("SELECT key, mtime_ns, size FROM files")}


def index_path(root: Path) -> Path:
    """Where the library's index lives."""
    return root / CACHE_DIR / INDEX_NAME


def current_index(root: Path) -> sqlite3.Connection | None:
    """A read-only connection to the library's index when it is current and clean, else None.

    Current: the same schema, the same record files with the same mtime and size, and no file
    it could not read (those need the full path, which warns about them). The caller may then
    query ``records`` without refreshing; anything else goes through ``open_index``.
    """
    path = index_path(root)
    if not path.is_file():
        return None
    try:
        uri = f"{Path(os.path.abspath(path)).as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=5.0)
    except (sqlite3.Error, ValueError):
        return None
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            raise sqlite3.DatabaseError("other schema")
        if conn.execute("SELECT 1 FROM files WHERE error IS NOT NULL LIMIT 1").fetchone():
            raise sqlite3.DatabaseError("bad files to report")
        if not unchanged_since(root, stored_stats(conn)):
            raise sqlite3.DatabaseError("stale")
    except (sqlite3.Error, OSError):
        conn.close()
        return None
    return conn
