"""Safe file writing, the library's change lock, and safe names for cache files.

Every write goes to a temporary file in the same folder (``.tmp-*.part``, never read as a
record), is flushed and fsynced, then renamed over the target and the folder fsynced, so a crash
or a kill leaves the old file or the new one, never a mix. Changes to a library are made under a
lock file holding the holder's pid and host; a lock whose process is gone is stale and is taken
over, under a second kernel lock so that two processes cannot both take over the same stale lock.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import socket
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from archcite.errors import LibraryError

TEMP_PREFIX = ".tmp-"
TEMP_SUFFIX = ".part"
LOCK_NAME = ".archcite.lock"
LOCK_TEMP_PREFIX = ".tmp-lock-"
# A lock whose holder cannot be asked (another host, or unreadable) is stale after this long;
# no archcite change holds the lock for more than a few seconds.
FOREIGN_LOCK_STALE_AFTER = 600.0
# An empty or garbled lock file on this host (none is written so since locks are created by
# hard link, but older versions or other tools may leave one) is stale after this long.
GARBLED_LOCK_STALE_AFTER = 10.0

_HOST = socket.gethostname()


def describe_os_error(exc: OSError) -> str:
    """What an OSError means to a user, in a few words (``the disk is full``)."""
    known = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exceeded",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted (read-only or immutable folder?)",
        errno.ENAMETOOLONG: "the file name is too long",
        errno.EIO: "input/output error (failing disk?)",
    }
    return known.get(exc.errno or 0) or str(exc.strerror or exc)


def is_temp_file(path: Path) -> bool:
    """True for a temporary file of :func:`atomic_write_text` or the lock (never a record)."""
    return path.name.startswith(TEMP_PREFIX) and path.name.endswith(TEMP_SUFFIX)


def atomic_write_text(path: Path, text: str, *, sync_folder: bool = True) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically: temp file, fsync, rename, fsync folder.

    A bulk writer may pass ``sync_folder=False`` and call :func:`sync_folder` once at the end:
    each file is still whole on disk, and one folder fsync makes all the renames durable.

    The new file keeps the mode of the file it replaces (a new file gets the usual
    ``0o666 & ~umask``, not the ``0o600`` of :func:`tempfile.mkstemp`), so a library shared
    through git or a group folder stays readable. On any failure the temporary file is removed
    and the old file is untouched; the error is a one-line :class:`LibraryError`.
    """
    atomic_write_chunks(path, [text], sync_folder=sync_folder)


def atomic_write_chunks(path: Path, chunks: Iterable[str], *, sync_folder: bool = True,
                        only_if_changed: bool = False) -> bool:
    """:func:`atomic_write_text` of text that arrives in pieces, written as it comes.

    An export of a large library never holds the whole file in memory: each chunk is encoded
    and written to the temporary file at once. With ``only_if_changed`` an existing file with
    the same bytes is left alone (its time stamp too, so ``make`` does not rebuild a paper)
    and False is returned; otherwise True once the new file is in place.
    """
    folder = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise LibraryError(f"cannot write in {folder}: {describe_os_error(exc)}") from exc
    tmp = Path(tmp_name)
    try:
        try:
            _set_mode(fd, path)
            for chunk in chunks:
                view = memoryview(chunk.encode("utf-8"))
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if only_if_changed and _same_bytes(tmp, path):
            tmp.unlink()
            return False
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise LibraryError(f"cannot write {path}: {describe_os_error(exc)}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if sync_folder:
        _fsync_dir(folder)
    return True


def _same_bytes(a: Path, b: Path) -> bool:
    """True when both files exist with the same content (compared a block at a time)."""
    try:
        if not b.is_file() or a.stat().st_size != b.stat().st_size:
            return False
        with a.open("rb") as fa, b.open("rb") as fb:
            while True:
                block = fa.read(1 << 16)
                if block != fb.read(1 << 16):
                    return False
                if not block:
                    return True
    except OSError:
        return False


def sync_folder(folder: Path) -> None:
    """fsync a folder, making renames in it durable (no-op where unsupported)."""
    _fsync_dir(folder)


def _current_umask() -> int:
    # os.umask can only be read by setting it; done once per write, restored at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _set_mode(fd: int, target: Path) -> None:
    if not hasattr(os, "fchmod"):
        return  # Windows: modes are not POSIX modes
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_current_umask()
    with contextlib.suppress(OSError):
        os.fchmod(fd, mode)


def _fsync_dir(folder: Path) -> None:
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not supported on this platform (Windows); the rename is still atomic
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def safe_cache_name(text: str, suffix: str = "") -> str:
    """A file name for caching something keyed by ``text`` (a URL, a key, a style path).

    The name is a short readable slug (ASCII letters, digits, ``-``) and a SHA-256 digest of the
    whole text, so nothing from fetched or imported data (``../``, ``/``, NUL, ``con``, 10 000
    characters) ever shapes the path: ``safe_cache_name("https://…/document/110374", ".html")``
    → ``https-digitalarchive-wilsoncenter-org-document-110-5c1b…e2.html``. ``suffix`` must be a
    plain extension like ``.html``.
    """
    if suffix and not re.fullmatch(r"\.[A-Za-z0-9]{1,10}", suffix):
        raise ValueError(f"not a plain file extension: {suffix!r}")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower().encode("ascii", "ignore").decode()).strip("-")
    slug = slug[:40].rstrip("-")
    # The digest after a dash keeps the name from ever being a Windows device name (con, nul…).
    return f"{slug}-{digest}{suffix}" if slug else f"h-{digest}{suffix}"


# -- the library lock ----------------------------------------------------------------------

# Locks this process holds, for re-entry (a --fix that writes records while holding the lock).
# Keyed by (pid, folder) so that a child made by fork() does not believe it holds its parent's.
_held: dict[tuple[int, str], int] = {}
_held_guard = threading.Lock()


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def read_lock(lock: Path) -> tuple[int | None, str]:
    """The (pid, host) written in a lock file; pid is None when the file is empty or garbled."""
    text = lock.read_text("utf-8", errors="replace").strip()
    pid_text, _, host = text.partition(" ")
    return (int(pid_text) if pid_text.isdigit() else None), (host or _HOST)


def lock_is_stale(lock: Path) -> bool:
    """True when ``lock`` is left by a process that is gone (or is garbled and old)."""
    try:
        pid, host = read_lock(lock)
        age = time.time() - lock.stat().st_mtime
    except OSError:
        return False
    if host != _HOST:
        return age > FOREIGN_LOCK_STALE_AFTER
    if pid is None:
        return age > GARBLED_LOCK_STALE_AFTER
    return not pid_alive(pid)


@contextlib.contextmanager
def library_lock(folder: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold the library's lock file for the duration of a change.

    The lock file is created atomically with its content (``<pid> <host>``, written to a
    temporary file and hard-linked to the lock's name, so it is never seen empty; where hard
    links are not supported, O_EXCL). A lock left by a dead process is removed and retried.
    Re-entrant within one process. Waits up to ``timeout`` seconds, then says who holds it.
    """
    key = (os.getpid(), str(Path(folder).resolve()))
    with _held_guard:
        if _held.get(key):
            _held[key] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _held_guard:
                _held[key] -= 1
        return

    lock = folder / LOCK_NAME
    deadline = time.monotonic() + timeout
    delay = 0.002
    while not _try_create_lock(folder, lock):
        if lock_is_stale(lock):
            _break_stale_lock(folder, lock)
            continue
        if time.monotonic() > deadline:
            holder = ""
            with contextlib.suppress(OSError):
                pid, host = read_lock(lock)
                holder = f" (pid {pid} on {host})" if pid else ""
            raise LibraryError(
                f"the library is locked by another archcite process{holder}; "
                f"if none is running, delete {lock}"
            )
        time.sleep(delay)
        delay = min(delay * 1.5, 0.05)
    with _held_guard:
        _held[key] = 1
    try:
        yield
    finally:
        with _held_guard:
            _held.pop(key, None)
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()


def _try_create_lock(folder: Path, lock: Path) -> bool:
    """Create the lock file with our pid in it; False when another process holds it."""
    content = f"{os.getpid()} {_HOST}\n".encode()
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f"{LOCK_TEMP_PREFIX}{os.getpid()}-",
                                        suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise _lock_error(folder, exc) from exc
    try:
        try:
            os.write(fd, content)
        finally:
            os.close(fd)
        try:
            os.link(tmp_name, lock)
            return True
        except FileExistsError:
            return False
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                                 errno.EMLINK, errno.ENOSYS):
                raise _lock_error(folder, exc) from exc
        # No hard links here (some network or FAT file systems): O_EXCL, then write the pid.
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        except OSError as exc:
            raise _lock_error(folder, exc) from exc
        try:
            os.write(fd, content)
        finally:
            os.close(fd)
        return True
    except OSError as exc:
        raise _lock_error(folder, exc) from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)


def _lock_error(folder: Path, exc: OSError) -> LibraryError:
    if exc.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
        return LibraryError(
            f"the library folder {folder} is not writable: {describe_os_error(exc)}"
        )
    return LibraryError(f"cannot lock the library {folder}: {describe_os_error(exc)}")


def _break_stale_lock(folder: Path, lock: Path) -> None:
    """Remove a stale lock, re-checked under a kernel lock so only one process breaks it.

    Without the second lock, two waiters could both judge the old lock stale, the first could
    remove it and take the lock, and the second would then remove the first one's live lock.
    The kernel lock (fcntl.flock on ``.archcite.lock.break``) is released by the kernel when
    its holder dies, so it can never be stale itself.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no flock; a stale lock there is rare (pids are not reused fast)
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()
        return
    breaker = folder / (LOCK_NAME + ".break")
    try:
        fd = os.open(breaker, os.O_CREAT | os.O_WRONLY, 0o644)
    except OSError as exc:
        raise _lock_error(folder, exc) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        if lock_is_stale(lock):
            with contextlib.suppress(FileNotFoundError):
                lock.unlink()
    finally:
        os.close(fd)  # releases the flock
