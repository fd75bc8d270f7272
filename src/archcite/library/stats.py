"""Is the index current? The file-stat side of the index, kept free of heavy imports.

The index (:mod:`archcite.library.index`) is a cache that must never be trusted stale: before
each use every record file's ``mtime_ns`` and size are compared with what the index saw. On
100,000 files that comparison is the whole cost of a search, so it is done here as cheaply as
Python allows: one listing (:func:`os.listdir`); the stats the index saw loaded as one blob
in the order the folder listed them then (:class:`StoredStats`), so the everyday check compares
the i-th file with the i-th stat; the ``stat`` calls (relative to the folder's descriptor)
shared in chunks with a forked child on large libraries (:class:`FreshnessCheck`), which a
search starts before preparing its query. This module imports only the standard library, so
``archcite resolve`` and the click-free ``search`` can ask "is the index current?" cheaply.
"""

from __future__ import annotations

import os
import sqlite3
from array import array
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import mmap

    from archcite.model.archives import ArchiveRegistry

# Must equal archcite.library.store.RECORD_SUFFIX / CACHE_DIR and index.INDEX_NAME /
# SCHEMA_VERSION (a test checks); not imported from there to keep this module light.
RECORD_SUFFIX = ".json"
CACHE_DIR = ".archcite"
INDEX_NAME = "index.sqlite"
SCHEMA_VERSION = 2

# Below this many files one process is as fast (a fork costs more than it saves).
PARALLEL_FROM = 4096
_REGULAR = 0o100000
_FORMAT = 0o170000
_MARSHAL_VERSION = 4
# The meta row holding the index's copy of the file stats (:func:`dump_stats`); an index with
# only the older ``stats`` row gets it on its next refresh.
STATS_META = "file-stats"


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


# Files per chunk of the freshness check: the unit two processes share the work in.
CHUNK = 512


def _check_chunks(folder: str, names: list[str], stored: StoredStats, positional: bool,
                  board: memoryview, order: range) -> None:
    """Compare the files of the chunks in ``order`` with ``stored``, writing to ``board``.

    ``board`` (int32s, shared with a forked child when there is one): ``board[0]`` is set to 1
    at the first file that is new, changed or gone; ``board[1 + k]`` is -1 until chunk ``k`` is
    checked, then how many of its names are not regular files (folders named x.json are no
    records, here as in :func:`scan_stats`). Chunks are taken in ``order`` until one is found
    already checked (by the other process, coming from the other end) or the index is stale.

    ``positional`` when ``names`` equals the stored list (the folder lists as it did at the last
    refresh, the everyday case): the ``i``-th file is compared with the ``i``-th stored stat;
    otherwise through a dict by file name.
    """
    values = stored.values
    by_name = None if positional else stored.by_name()
    stat = os.stat
    dir_fd = os.open(folder, os.O_RDONLY) if stat in os.supports_dir_fd else None
    try:
        for k in order:
            if board[0] or board[1 + k] >= 0:
                return
            irregular = 0
            lo = k * CHUNK
            for i, name in enumerate(names[lo:lo + CHUNK], lo):
                try:
                    st = (stat(name, dir_fd=dir_fd) if dir_fd is not None
                          else stat(os.path.join(folder, name)))
                except OSError:
                    board[0] = 1
                    return
                if by_name is None:
                    if (st.st_mtime_ns != values[2 * i] or st.st_size != values[2 * i + 1]
                            or st.st_mode & _FORMAT != _REGULAR):
                        board[0] = 1
                        return
                    continue
                if st.st_mode & _FORMAT != _REGULAR:
                    irregular += 1
                    continue
                if by_name.get(name) != (st.st_mtime_ns, st.st_size):
                    board[0] = 1
                    return
            board[1 + k] = irregular
    finally:
        if dir_fd is not None:
            os.close(dir_fd)


class FreshnessCheck:
    """Are the record files exactly those of ``stored``, with the same mtime and size?

    Started with :meth:`start`, answered by :meth:`finish`. On large libraries a forked child
    starts at once on the chunks from the end while this process is free to do other work (a
    search prepares its query meanwhile); :meth:`finish` then checks chunks from the start until
    it meets the child's. Both cores stay busy however long the other work takes, and every file
    is stat-ed and compared (a chunk the child could not finish is checked here).

    Without ``names`` the folder is listed by the child, first: both processes meanwhile take
    the stored names (the listing the index saw) as the names to check, and if the child finds
    the folder lists otherwise (or could not tell), :meth:`finish` lists it here and checks
    every file again against that listing.
    """

    def __init__(self, root: Path, names: list[str] | None, stored: StoredStats) -> None:
        self.root = root
        self.folder = os.fspath(root)
        self.stored = stored
        self.listed = names is not None
        self._use(names if names is not None else stored.names)
        self.pid = 0
        self._mmap: mmap.mmap | None = None

    def _use(self, names: list[str]) -> None:
        self.names = names
        self.positional = names is self.stored.names or names == self.stored.names
        if not self.positional:
            self.stored.by_name()  # built once, before the fork
        self.chunks = -(-len(names) // CHUNK)
        # board[0]: stale; board[1 + k]: chunk k; board[-1]: the child's listing (-1 not yet
        # known, 0 the stored names, 1 other names).
        self.board = memoryview(bytearray(4 * (2 + self.chunks))).cast("i")
        self._reset(self.board)

    def _reset(self, board: memoryview) -> None:
        board[0] = 0
        for k in range(1, self.chunks + 2):
            board[k] = -1

    def start(self, parallel: bool | None = None) -> FreshnessCheck:
        """Fork the child (from :data:`PARALLEL_FROM` files on, where ``fork`` exists)."""
        if parallel is None:
            parallel = len(self.names) >= PARALLEL_FROM
        if not (parallel and hasattr(os, "fork") and self.chunks > 1):
            if not self.listed:
                self._use(record_names(self.root))
                self.listed = True
            return self
        import mmap

        try:
            shared = mmap.mmap(-1, 4 * (2 + self.chunks))
        except OSError:
            return self.start(False)
        board = memoryview(shared).cast("i")
        self._reset(board)
        try:
            pid = os.fork()
        except OSError:
            board.release()
            shared.close()
            return self.start(False)
        if pid == 0:  # the child: the listing, chunks from the end; leave at once, no cleanup
            code = 1
            try:
                if not self.listed:
                    try:
                        same = record_names(self.root) == self.names
                    except OSError:
                        same = False
                    board[-1] = 0 if same else 1
                    if not same:
                        os._exit(0)
                _check_chunks(self.folder, self.names, self.stored, self.positional, board,
                              range(self.chunks - 1, -1, -1))
                code = 0
            finally:
                os._exit(code)
        self.pid, self._mmap, self.board = pid, shared, board
        return self

    def finish(self) -> bool:
        """Check from the start until the child's chunks; wait for it; the answer."""
        board = self.board
        try:
            _check_chunks(self.folder, self.names, self.stored, self.positional, board,
                          range(self.chunks))
            if self.pid:
                os.waitpid(self.pid, 0)
                self.pid = 0
                if not self.listed and board[-1] != 0:
                    # The folder lists other names than the stored ones (or the child could not
                    # say): everything again, against the listing.
                    names = record_names(self.root)
                    if len(names) < len(self.stored):
                        return False
                    return FreshnessCheck(self.root, names, self.stored).finish()
                # Whatever the child left undone (it failed, or was killed) is checked here.
                for k in range(self.chunks):
                    if board[0]:
                        break
                    if board[1 + k] < 0:
                        _check_chunks(self.folder, self.names, self.stored, self.positional,
                                      board, range(k, k + 1))
            if board[0] or any(board[1 + k] < 0 for k in range(self.chunks)):
                return False
            irregular = sum(board[1:1 + self.chunks])
            return len(self.names) - irregular == len(self.stored)
        finally:
            if self._mmap is not None:
                board.release()
                self._mmap.close()
                self._mmap = None

    def abandon(self) -> None:
        """Stop the child without an answer (the caller gave up)."""
        if self.pid:
            self.board[0] = 1
            os.waitpid(self.pid, 0)
            self.pid = 0
        if self._mmap is not None:
            self.board.release()
            self._mmap.close()
            self._mmap = None


def unchanged_since(root: Path, stored: StoredStats, names: list[str] | None = None) -> bool:
    """True when the record files are exactly those of ``stored`` with the same mtime and size.

    ``stored``: as :func:`stored_stats` loads it (or :func:`pack_stats` makes it); ``names``:
    the folder's :func:`record_names` if already listed (else listed here, by the forked child
    on large libraries). The everyday question before a search, answered without building the
    scan: each file is compared as soon as it is stat-ed.
    """
    if names is not None and len(names) < len(stored):
        return False
    return FreshnessCheck(root, names, stored).start().finish()


class StoredStats:
    """The file stats the index saw: file names in the order the folder listed them, and their
    ``mtime_ns`` and size, interleaved in one ``array('q')`` (``values[2*i]``, ``values[2*i+1]``).

    Kept in listing order so that the everyday check compares the ``i``-th listed file with the
    ``i``-th stat, with no dict to build; ``bad`` is how many of the files could not be read.
    """

    __slots__ = ("_by_name", "bad", "names", "values")

    def __init__(self, names: list[str], values: array, bad: int = 0) -> None:
        self.names = names
        self.values = values
        self.bad = bad
        self._by_name: dict[str, tuple[int, int]] | None = None

    def __len__(self) -> int:
        return len(self.names)

    def by_name(self) -> dict[str, tuple[int, int]]:
        """File name → (mtime_ns, size), for a folder that lists differently."""
        if self._by_name is None:
            values = self.values
            pairs = zip(values[::2], values[1::2], strict=True)
            self._by_name = dict(zip(self.names, pairs, strict=True))
        return self._by_name


def pack_stats(stats: dict[str, tuple[int, int]], bad: int = 0) -> StoredStats:
    """key → (mtime_ns, size) (in listing order, as :func:`scan_stats` gives it) as stored."""
    return StoredStats([f"{key}{RECORD_SUFFIX}" for key in stats],
                       array("q", [n for pair in stats.values() for n in pair]), bad)


def dump_stats(stats: dict[str, tuple[int, int]], bad: int = 0) -> bytes:
    """The index's copy of the file stats as one blob (loaded whole, compared whole).

    ``stats`` in listing order; ``bad``: how many of the files could not be read.
    """
    import marshal

    packed = pack_stats(stats, bad)
    return marshal.dumps((1, "\0".join(packed.names), packed.values.tobytes(), bad),
                         _MARSHAL_VERSION)


def load_stats(blob: object) -> StoredStats | None:
    """The stats a blob of :func:`dump_stats` holds, or None when it cannot be read."""
    import marshal

    if not isinstance(blob, bytes):
        return None
    try:
        version, text, data, bad = marshal.loads(blob)
        values = array("q")
        values.frombytes(data)
    except (ValueError, EOFError, TypeError):
        return None
    if version != 1 or not isinstance(text, str) or not isinstance(bad, int):
        return None
    names = text.split("\0") if text else []
    if len(values) != 2 * len(names):
        return None
    return StoredStats(names, values, bad)


def stored_stats(conn: sqlite3.Connection, *, fallback: bool = True) -> StoredStats | None:
    """The file stats the index saw (readable or not), as :class:`StoredStats`.

    Read from the one-blob copy (``meta`` row :data:`STATS_META`, written in the same
    transaction as the ``files`` table) when it is there: loading 100,000 rows one by one costs
    more than the whole rest of a search. Without it (or unreadable): from the ``files`` table,
    or None when not ``fallback``.
    """
    row = conn.execute("SELECT v FROM meta WHERE k = ?", (STATS_META,)).fetchone()
    stats = load_stats(row[0]) if row else None
    if stats is not None or not fallback:
        return stats
    rows = conn.execute("SELECT key, mtime_ns, size, error FROM files").fetchall()
    return pack_stats({key: (mtime, size) for key, mtime, size, _ in rows},
                      sum(1 for *_, error in rows if error is not None))


def registry_fingerprint(registry: ArchiveRegistry) -> str:
    """Archive aliases decide the stored archive ids: a changed registry rebuilds the index."""
    import hashlib

    text = "|".join(f"{a.id}:{','.join(sorted(a.aliases))}"
                    for a in sorted(registry.archives, key=lambda a: a.id))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def index_path(root: Path) -> Path:
    """Where the library's index lives."""
    return root / CACHE_DIR / INDEX_NAME


def open_stored(root: Path) -> tuple[sqlite3.Connection, StoredStats] | None:
    """A read-only connection to the library's index and the file stats it saw, or None.

    None when there is no index, one of another schema, one without the stats blob (the full
    path writes it), or one that holds files it could not read (those need the full path,
    which warns about them). The connection is inside a read
    transaction, so later queries see the same state as the stats. Whether the index is
    current is the caller's to check (:func:`unchanged_since`, :class:`FreshnessCheck`).
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
        conn.isolation_level = None
        conn.execute("BEGIN")
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            raise sqlite3.DatabaseError("other schema")
        stored = stored_stats(conn, fallback=False)
        if stored is None:
            raise sqlite3.DatabaseError("no stats blob")
        if stored.bad:
            raise sqlite3.DatabaseError("bad files to report")
        return conn, stored
    except sqlite3.Error:
        conn.close()
        return None


def current_index(root: Path) -> sqlite3.Connection | None:
    """A read-only connection to the library's index when it is current and clean, else None.

    Current: the same schema, the same record files with the same mtime and size, and no file
    it could not read (those need the full path, which warns about them). The caller may then
    query ``records`` without refreshing; anything else goes through ``open_index``.
    """
    opened = open_stored(root)
    if opened is None:
        return None
    conn, stored = opened
    try:
        if not unchanged_since(root, stored):
            raise sqlite3.DatabaseError("stale")
    except (sqlite3.Error, OSError):
        conn.close()
        return None
    return conn
