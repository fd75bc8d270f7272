"""The library's change lock and safe names for cache files (safe writing itself is in
:mod:`archcite.files`, below ``library`` and ``sources``, and is re-exported here).

Changes to a library are made under a
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
from collections.abc import Iterator
from pathlib import Path

from archcite.errors import LibraryError
from archcite.files import (
    TEMP_PREFIX,
    TEMP_SUFFIX,
    atomic_write_text,
    describe_os_error,
    is_temp_file,
    sync_folder,
)

__all__ = ["LOCK_NAME", "TEMP_PREFIX", "TEMP_SUFFIX", "atomic_write_text", "describe_os_error",
           "is_temp_file", "library_lock", "safe_cache_name", "sync_folder"]

LOCK_NAME = ".archcite.lock"
LOCK_TEMP_PREFIX = ".tmp-lock-"
# A lock whose holder cannot be asked (another host, or unreadable) is stale after this long;
# no archcite change holds the lock for more than a few seconds.
FOREIGN_LOCK_STALE_AFTER = 600.0
# An empty or garbled lock file on this host (none is written so since locks are created by
# hard link, but older versions or other tools may leave one) is stale after this long.
GARBLED_LOCK_STALE_AFTER = 10.0

_HOST = socket.gethostname()


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
