"""Safe file writing and the library's change lock.

Every write goes to a temporary file in the same folder, is flushed and fsynced, then renamed
over the target, so a crash leaves the old file or the new one, never a mix. Changes to a
library are made under a lock file holding the holder's pid; a lock whose process is gone is
stale and taken over.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from archcite.errors import LibraryError

TEMP_PREFIX = ".tmp-"
LOCK_NAME = ".archcite.lock"


def atomic_write_text(path: Path, text: str, *, sync_folder: bool = True) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically: temp file, fsync, rename, fsync folder.

    A bulk writer may pass ``sync_folder=False`` and call :func:`sync_folder` once at the end:
    each file is still whole on disk, and one folder fsync makes all the renames durable.
    """
    folder = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".part", dir=folder)
    except OSError as exc:
        raise LibraryError(f"cannot write in {folder}: {exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise LibraryError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if sync_folder:
        _fsync_dir(folder)


def sync_folder(folder: Path) -> None:
    """fsync a folder, making renames in it durable (no-op where unsupported)."""
    _fsync_dir(folder)


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


def _pid_alive(pid: int) -> bool:
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


@contextlib.contextmanager
def library_lock(folder: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold the library's lock file for the duration of a change.

    The lock is created with O_EXCL and holds the pid; a lock left by a dead process (or an
    unreadable one older than a minute) is removed and retried. Waits up to ``timeout`` seconds.
    """
    lock = folder / LOCK_NAME
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if _lock_is_stale(lock):
                with contextlib.suppress(FileNotFoundError):
                    lock.unlink()
                continue
            if time.monotonic() > deadline:
                raise LibraryError(
                    f"the library is locked by another archcite process ({lock})"
                ) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.1)
            continue
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
                raise LibraryError(f"the library folder {folder} is not writable") from exc
            raise LibraryError(f"cannot lock {folder}: {exc.strerror or exc}") from exc
        break
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(str(os.getpid()))
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()


def _lock_is_stale(lock: Path) -> bool:
    try:
        text = lock.read_text().strip()
        age = time.time() - lock.stat().st_mtime
    except FileNotFoundError:
        return False
    except OSError:
        return False
    if text.isdigit():
        return not _pid_alive(int(text))
    # Being written right now, or garbage: stale only once it is clearly old.
    return age > 60
