"""Has a record file changed? The one rule, and the cheap whole-library check built on it.

The rule (:func:`file_stamp`): a file is unchanged while its ``(mtime_ns, ctime_ns, size,
inode)`` stamp is. The modification time and the size alone miss a file rewritten with the
same size whose mtime was put back (``touch -r``, ``cp -p``, a sync tool restoring times):
the change time cannot be set back by a user and moves on every write, and a file replaced
by a rename (every atomic write) gets a new inode. The index and the render cache both judge
by this stamp.

On 100,000 files comparing every stamp is the whole cost of a search, so it is done here as
cheaply as Python allows: one listing (:func:`os.listdir`); the stamps the index saw loaded as
one blob in the order the folder listed them then (:class:`StoredStats`), so the everyday check
compares the i-th file with the i-th stamp; the ``stat`` calls (relative to the folder's
descriptor) shared with a forked child on large libraries (:class:`ForkedHalf`, the one fork
mechanism, used by the full scan and by :class:`FreshnessCheck`, which a search starts before
preparing its query). This module imports only the standard library, so ``archcite resolve``
and the click-free ``search`` can ask "is the index current?" cheaply.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable
from pathlib import Path

TYPE_CHECKING = False  # ``typing`` costs start-up the quick paths cannot spare
if TYPE_CHECKING:
    from typing import Any

# The record files' suffix and the library's cache folder, defined in this, the lightest module
# that needs them (the store and the index import them from here).
RECORD_SUFFIX = ".json"
CACHE_DIR = ".archcite"

# (mtime_ns, ctime_ns, size, inode): what "unchanged" compares.
Stamp = tuple[int, int, int, int]
FIELDS = 4

# Below this many files one process is as fast (a fork costs more than it saves).
PARALLEL_FROM = 4096
_REGULAR = 0o100000
_FORMAT = 0o170000
_MARSHAL_VERSION = 4


class LibraryUnreadable(OSError):
    """The library folder exists but cannot be listed."""


def stamp_of(st: os.stat_result) -> Stamp:
    """The stamp of a ``stat`` result."""
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


def file_stamp(path: str | os.PathLike[str]) -> Stamp:
    """The stamp of the file ``path`` (raises OSError when it cannot be stat-ed)."""
    return stamp_of(os.stat(path))


def record_names(root: Path) -> list[str]:
    """File names of the record files in ``root`` (``*.json``, not hidden), unsorted."""
    try:
        names = os.listdir(root)
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise LibraryUnreadable(exc.errno, exc.strerror, str(root)) from exc
    return [n for n in names if n.endswith(RECORD_SUFFIX) and n[0] != "."]


class _Folder:
    """``stat`` of names in one folder, relative to its descriptor where the system can."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.fd = os.open(folder, os.O_RDONLY) if os.stat in os.supports_dir_fd else None

    def stat(self, name: str) -> os.stat_result:
        if self.fd is not None:
            return os.stat(name, dir_fd=self.fd)
        return os.stat(os.path.join(self.folder, name))

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _stat_names(folder: str, names: list[str]) -> dict[str, Stamp]:
    """key → stamp of the regular files among ``names`` (files gone meanwhile skipped)."""
    out: dict[str, Stamp] = {}
    cut = -len(RECORD_SUFFIX)
    where = _Folder(folder)
    try:
        for name in names:
            try:
                st = where.stat(name)
            except OSError:
                continue  # removed while we looked
            if st.st_mode & _FORMAT == _REGULAR:
                out[name[:cut]] = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
    finally:
        where.close()
    return out


class ForkedHalf:
    """Work done by a forked child while this process does its own: both cores, no GIL.

    Threads do not help here (each ``stat`` is too short for the GIL hand-over to pay); a
    child process does. The child runs ``work(board)`` and sends its (marshallable) result back
    through a pipe, then exits at once without running any of the parent's cleanup. ``board``
    is ``ints`` int32s of memory shared by both processes (for work they divide as they go).
    :meth:`result` waits for the child: its result, or None when it failed or could not start
    (the caller then does that part itself).
    """

    def __init__(self, work: Callable[[memoryview], Any], ints: int = 0,
                 prepare: Callable[[memoryview], None] | None = None) -> None:
        import mmap

        self.pid = 0
        self._mmap: mmap.mmap | None = None
        self.board: memoryview | None = None
        self._read = -1
        try:
            self._mmap = mmap.mmap(-1, 4 * max(ints, 1))
            self.board = memoryview(self._mmap).cast("i")
            if prepare is not None:
                prepare(self.board)
            read_end, write_end = os.pipe()
        except OSError:
            self._release()
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            self._release()
            return
        if pid == 0:  # the child
            code = 1
            try:
                import marshal

                os.close(read_end)
                data = marshal.dumps(work(self.board), _MARSHAL_VERSION)
                view = memoryview(data)
                while view:
                    view = view[os.write(write_end, view):]
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self.pid, self._read = pid, read_end

    @property
    def started(self) -> bool:
        """True when the child runs (or ran)."""
        return self.pid != 0

    def result(self) -> object | None:
        """Wait for the child; what its work returned, or None when it failed."""
        if not self.pid:
            return None
        import marshal

        chunks = []
        with os.fdopen(self._read, "rb") as pipe:
            while chunk := pipe.read(1 << 20):
                chunks.append(chunk)
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if status != 0:
            return None
        try:
            return marshal.loads(b"".join(chunks))
        except (ValueError, EOFError, TypeError):
            return None

    def close(self) -> None:
        """Release the shared memory (after :meth:`result`)."""
        self._release()

    def _release(self) -> None:
        if self.board is not None:
            self.board.release()
            self.board = None
        if self._mmap is not None:
            self._mmap.close()
            self._mmap = None


def scan_stats(root: Path, parallel: bool | None = None) -> dict[str, Stamp]:
    """key → stamp of every record file in ``root`` (regular files only).

    ``parallel`` (default: from :data:`PARALLEL_FROM` files on, where ``fork`` exists) stats
    the second half of the names in a forked child (:class:`ForkedHalf`).
    """
    names = record_names(root)
    folder = os.fspath(root)
    if parallel is None:
        parallel = len(names) >= PARALLEL_FROM
    if not (parallel and hasattr(os, "fork") and len(names) > 1):
        return _stat_names(folder, names)
    half = len(names) // 2
    child = ForkedHalf(lambda board: _stat_names(folder, names[half:]))
    mine = _stat_names(folder, names[:half])
    theirs = child.result()
    child.close()
    if not isinstance(theirs, dict):
        theirs = _stat_names(folder, names[half:])
    mine.update(theirs)
    return mine


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
    refresh, the everyday case): the ``i``-th file is compared with the ``i``-th stored stamp;
    otherwise through a dict by file name.
    """
    values = stored.values
    by_name = None if positional else stored.by_name()
    where = _Folder(folder)
    stat = where.stat
    try:
        for k in order:
            if board[0] or board[1 + k] >= 0:
                return
            irregular = 0
            lo = k * CHUNK
            for i, name in enumerate(names[lo:lo + CHUNK], lo):
                try:
                    st = stat(name)
                except OSError:
                    board[0] = 1
                    return
                if by_name is None:
                    j = FIELDS * i
                    if (st.st_mtime_ns != values[j] or st.st_ctime_ns != values[j + 1]
                            or st.st_size != values[j + 2] or st.st_ino != values[j + 3]
                            or st.st_mode & _FORMAT != _REGULAR):
                        board[0] = 1
                        return
                    continue
                if st.st_mode & _FORMAT != _REGULAR:
                    irregular += 1
                    continue
                if by_name.get(name) != (st.st_mtime_ns, st.st_ctime_ns, st.st_size,
                                         st.st_ino):
                    board[0] = 1
                    return
            board[1 + k] = irregular
    finally:
        where.close()


class FreshnessCheck:
    """Are the record files exactly those of ``stored``, with the same stamps?

    Started with :meth:`start`, answered by :meth:`finish`. On large libraries a forked child
    (:class:`ForkedHalf`) starts at once on the chunks from the end while this process is free
    to do other work (a search prepares its query meanwhile); :meth:`finish` then checks chunks
    from the start until it meets the child's. Both cores stay busy however long the other work
    takes, and every file is stat-ed and compared (a chunk the child could not finish is
    checked here).

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
        self.child: ForkedHalf | None = None

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

    def _child_work(self, board: memoryview) -> None:
        """In the child: the listing (when not given), then chunks from the end."""
        if not self.listed:
            try:
                same = record_names(self.root) == self.names
            except OSError:
                same = False
            board[-1] = 0 if same else 1
            if not same:
                return
        _check_chunks(self.folder, self.names, self.stored, self.positional, board,
                      range(self.chunks - 1, -1, -1))

    def start(self, parallel: bool | None = None) -> FreshnessCheck:
        """Fork the child (from :data:`PARALLEL_FROM` files on, where ``fork`` exists)."""
        if parallel is None:
            parallel = len(self.names) >= PARALLEL_FROM
        if parallel and hasattr(os, "fork") and self.chunks > 1:
            child = ForkedHalf(self._child_work, 2 + self.chunks, self._reset)
            if child.started and child.board is not None:
                self.child, self.board = child, child.board
                return self
            child.close()
        if not self.listed:
            self._use(record_names(self.root))
            self.listed = True
        return self

    def finish(self) -> bool:
        """Check from the start until the child's chunks; wait for it; the answer."""
        board = self.board
        try:
            _check_chunks(self.folder, self.names, self.stored, self.positional, board,
                          range(self.chunks))
            if self.child is not None:
                self.child.result()
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
            self._close()

    @property
    def pid(self) -> int:
        """The forked child's process id while it may run, else 0."""
        return self.child.pid if self.child is not None else 0

    def abandon(self) -> None:
        """Stop the child without an answer (the caller gave up)."""
        if self.child is not None:
            self.board[0] = 1
            self.child.result()
        self._close()

    def _close(self) -> None:
        if self.child is not None:
            self.child.close()
            self.child = None


def unchanged_since(root: Path, stored: StoredStats, names: list[str] | None = None) -> bool:
    """True when the record files are exactly those of ``stored`` with the same stamps.

    ``stored``: as the index loads it (or :func:`pack_stats` makes it); ``names``: the folder's
    :func:`record_names` if already listed (else listed here, by the forked child on large
    libraries). The everyday question before a search, answered without building the scan:
    each file is compared as soon as it is stat-ed.
    """
    if names is not None and len(names) < len(stored):
        return False
    return FreshnessCheck(root, names, stored).start().finish()


class StoredStats:
    """The file stamps the index saw: file names in the order the folder listed them, and
    their stamps, interleaved in one ``array('q')`` (``values[4*i]`` … ``values[4*i+3]``).

    Kept in listing order so that the everyday check compares the ``i``-th listed file with the
    ``i``-th stamp, with no dict to build; ``bad`` is how many of the files could not be read.
    """

    __slots__ = ("_by_name", "bad", "names", "values")

    def __init__(self, names: list[str], values: array, bad: int = 0) -> None:
        self.names = names
        self.values = values
        self.bad = bad
        self._by_name: dict[str, Stamp] | None = None

    def __len__(self) -> int:
        return len(self.names)

    def by_name(self) -> dict[str, Stamp]:
        """File name → stamp, for a folder that lists differently."""
        if self._by_name is None:
            v = self.values
            stamps = zip(v[0::4], v[1::4], v[2::4], v[3::4], strict=True)
            self._by_name = dict(zip(self.names, stamps, strict=True))
        return self._by_name


def pack_stats(stats: dict[str, Stamp], bad: int = 0) -> StoredStats:
    """key → stamp (in listing order, as :func:`scan_stats` gives it) as stored."""
    return StoredStats([f"{key}{RECORD_SUFFIX}" for key in stats],
                       array("q", [n for stamp in stats.values() for n in stamp]), bad)


def dump_stats(stats: dict[str, Stamp], bad: int = 0) -> bytes:
    """The index's copy of the file stamps as one blob (loaded whole, compared whole).

    ``stats`` in listing order; ``bad``: how many of the files could not be read.
    """
    import marshal

    packed = pack_stats(stats, bad)
    return marshal.dumps((2, "\0".join(packed.names), packed.values.tobytes(), bad),
                         _MARSHAL_VERSION)


def load_stats(blob: object) -> StoredStats | None:
    """The stamps a blob of :func:`dump_stats` holds, or None when it cannot be read."""
    import marshal

    if not isinstance(blob, bytes):
        return None
    try:
        version, text, data, bad = marshal.loads(blob)
        values = array("q")
        values.frombytes(data)
    except (ValueError, EOFError, TypeError):
        return None
    if version != 2 or not isinstance(text, str) or not isinstance(bad, int):
        return None
    names = text.split("\0") if text else []
    if len(values) != FIELDS * len(names):
        return None
    return StoredStats(names, values, bad)
