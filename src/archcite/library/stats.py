"""Is the index current? The file-stat side of the index, kept free of heavy imports.

The index (:mod:`archcite.library.index`) is a cache that must never be trusted stale: before
each use every record file's ``mtime_ns`` and size are compared with what the index saw. On
100,000 files that comparison is the whole cost of a search, so it is done here as cheaply as
Python allows: one ``getdents`` listing by :func:`os.scandir`, the ``stat`` calls spread over a
few threads (``os.stat`` releases the GIL, and on a cold cache the calls wait on the disk), and
the stored stats loaded by one query into a dict compared whole. This module imports only the
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

# Below this many files one thread is as fast (thread start-up costs more than it saves).
PARALLEL_FROM = 4096
STAT_THREADS = 4
_REGULAR = 0o100000
_FORMAT = 0o170000


class LibraryUnreadable(OSError):
    """The library folder exists but cannot be listed."""


def record_names(root: Path) -> list[str]:
    """File names of the record files in ``root`` (``*.json``, not hidden), unsorted."""
    try:
        with os.scandir(root) as entries:
            return [e.name for e in entries
                    if e.name.endswith(RECORD_SUFFIX) and not e.name.startswith(".")]
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise LibraryUnreadable(exc.errno, exc.strerror, str(root)) from exc


def _stat_chunk(folder: str, names: list[str]) -> list[tuple[str, int, int]]:
    out = []
    stat = os.stat
    join = os.path.join
    cut = -len(RECORD_SUFFIX)
    for name in names:
        try:
            st = stat(join(folder, name))
        except OSError:
            continue  # removed while we looked
        if st.st_mode & _FORMAT == _REGULAR:
            out.append((name[:cut], st.st_mtime_ns, st.st_size))
    return out


def scan_stats(root: Path, threads: int | None = None) -> dict[str, tuple[int, int]]:
    """key → (mtime_ns, size) of every record file in ``root`` (regular files only)."""
    names = record_names(root)
    folder = os.fspath(root)
    if threads is None:
        threads = STAT_THREADS if len(names) >= PARALLEL_FROM else 1
    if threads <= 1:
        chunks = [_stat_chunk(folder, names)]
    else:
        from concurrent.futures import ThreadPoolExecutor  # only for large libraries

        size = -(-len(names) // threads)
        parts = [names[i:i + size] for i in range(0, len(names), size)]
        with ThreadPoolExecutor(max_workers=threads) as pool:
            chunks = list(pool.map(lambda part: _stat_chunk(folder, part), parts))
    return {key: (mtime, size) for chunk in chunks for key, mtime, size in chunk}


def stored_stats(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """key → (mtime_ns, size) of every file the index has seen (readable or not)."""
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
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5.0)
    except sqlite3.Error:
        return None
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            raise sqlite3.DatabaseError("other schema")
        if conn.execute("SELECT 1 FROM files WHERE error IS NOT NULL LIMIT 1").fetchone():
            raise sqlite3.DatabaseError("bad files to report")
        if stored_stats(conn) != scan_stats(root):
            raise sqlite3.DatabaseError("stale")
    except (sqlite3.Error, OSError):
        conn.close()
        return None
    return conn
