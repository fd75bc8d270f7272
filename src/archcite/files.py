"""Safe file writing and the per-user folders: below both ``sources`` and ``library``.

Every write goes to a temporary file in the same folder (``.tmp-*.part``, never read as a
record), is flushed and fsynced, then renamed over the target and the folder fsynced, so a crash
or a kill leaves the old file or the new one, never a mix. The record store writes records this
way; the page fetcher (``sources/``, which must not import ``library/``) writes its cache this
way, in the per-user cache folder defined here too.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from archcite.errors import LibraryError

TEMP_PREFIX = ".tmp-"
TEMP_SUFFIX = ".part"


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
    atomic_write_bytes(path, text.encode("utf-8"), sync_folder=sync_folder)


def atomic_write_bytes(path: Path, data: bytes, *, sync_folder: bool = True) -> None:
    """Write ``data`` to ``path`` atomically, as :func:`atomic_write_text` does."""
    atomic_write_chunks(path, [data], sync_folder=sync_folder)


def atomic_write_chunks(path: Path, chunks: Iterable[str | bytes], *, sync_folder: bool = True,
                        only_if_changed: bool = False) -> bool:
    """:func:`atomic_write_bytes` of content that arrives in pieces, written as it comes.

    An export of a large library never holds the whole file in memory: each chunk (text is
    UTF-8) goes to the temporary file at once. With ``only_if_changed`` an existing file with
    the same bytes is left alone (its time stamp too, so ``make`` does not rebuild a paper)
    and False is returned; otherwise True once the new file is in place.
    """
    import tempfile  # here: the page cache's module is imported on quick paths that never write

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
                view = memoryview(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
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


def _user_dir(env: Mapping[str, str] | None, *, windows: tuple[str, str], mac: str,
              xdg: tuple[str, str]) -> Path:
    """A per-user folder for archcite by each platform's convention.

    ``windows`` and ``xdg`` name the environment variable and the default under the home
    folder; ``mac`` is the folder under ``~/Library``.
    """
    env = os.environ if env is None else env
    if sys.platform == "win32":
        base = Path(env.get(windows[0]) or Path.home() / windows[1])
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / mac
    else:
        base = Path(env.get(xdg[0]) or Path.home() / xdg[1])
    return base / "archcite"


def user_data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The platform's per-user data folder for archcite (library, archives file)."""
    return _user_dir(env, windows=("APPDATA", "AppData/Roaming"), mac="Application Support",
                     xdg=("XDG_DATA_HOME", ".local/share"))


def user_config_dir(env: Mapping[str, str] | None = None) -> Path:
    """The platform's per-user settings folder for archcite (``config.toml``)."""
    return _user_dir(env, windows=("APPDATA", "AppData/Roaming"), mac="Application Support",
                     xdg=("XDG_CONFIG_HOME", ".config"))


def user_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """The platform's per-user cache folder for archcite (fetched pages)."""
    return _user_dir(env, windows=("LOCALAPPDATA", "AppData/Local"), mac="Caches",
                     xdg=("XDG_CACHE_HOME", ".cache"))
