"""Attached files: a scan or PDF of a document, kept in ``<library>/files/<key>/``.

The files sit beside the records (tracked in git like them), one folder per key, so a library
copied or cloned carries its scans. The record lists them in ``custom.files``, each with its
name and SHA-256 (``[{"name": "rgaspi-558-11-342.pdf", "sha256": "…"}]``), so ``check`` can
tell a missing or changed file, and ``add --update`` keeps the list (``files`` is one of the
record's user fields). ``rm``/``restore``/``rekey`` move the folder with the record
(:mod:`archcite.library.trash`, :meth:`archcite.library.store.Library.rename`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archcite.errors import LibraryError
from archcite.library.files import TEMP_PREFIX, TEMP_SUFFIX, describe_os_error, library_lock
from archcite.library.trash import files_dir

if TYPE_CHECKING:
    from archcite.library.store import Library

_CHUNK = 1 << 20


@dataclass(frozen=True)
class Attachment:
    """One attached file as the record lists it."""

    name: str
    sha256: str


def attachments_of(record: dict[str, Any]) -> list[Attachment]:
    """The files ``record`` lists (malformed entries are left out; ``check`` reports them)."""
    custom = record.get("custom")
    listed = custom.get("files") if isinstance(custom, dict) else None
    if not isinstance(listed, list):
        return []
    return [Attachment(str(item["name"]), str(item.get("sha256") or ""))
            for item in listed if isinstance(item, dict) and isinstance(item.get("name"), str)]


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks (a scan may be hundreds of megabytes)."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def attachment_path(library: Library, key: str, name: str) -> Path:
    """Where the attached file ``name`` of ``key`` is."""
    return files_dir(library, key) / name


def _check_name(name: str) -> None:
    if (not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name
            or name.startswith(".")):
        raise LibraryError(f"{name!r} cannot be the name of an attached file")


def attach(library: Library, key: str, source: Path, name: str | None = None) -> Attachment:
    """Copy ``source`` into ``files/<key>/`` and list it in the record; returns what was listed.

    The copy is written to a temporary file and renamed, then the record updated through the one
    read-modify-write (:meth:`Library.edit`); if that fails the copy is removed again, so the
    library never lists a file it does not hold nor holds one it does not list. Attaching the
    same bytes under the same name again changes nothing; other bytes under a listed name are
    refused (give another name).
    """
    name = name or source.name
    _check_name(name)
    record = library.get(key)  # the key exists and the record is readable, before any copy
    if not source.is_file():
        raise LibraryError(f"{source}: no such file")
    digest = sha256_of(source)
    listed = {a.name: a for a in attachments_of(record)}
    if name in listed:
        if listed[name].sha256 == digest:
            return listed[name]
        raise LibraryError(f"{key} already has a different file named {name!r} attached "
                           "(give another --name)")
    folder = files_dir(library, key)
    target = folder / name
    with library_lock(library.root):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _copy(source, target)
        except OSError as exc:
            raise LibraryError(f"cannot copy {source} to {target}: "
                               f"{describe_os_error(exc)}") from exc
        entry = {"name": name, "sha256": digest}

        def add(work: dict[str, Any]) -> None:
            custom = work.setdefault("custom", {})
            files = [f for f in custom.get("files") or [] if not (
                isinstance(f, dict) and f.get("name") == name)]
            custom["files"] = [*files, entry]

        try:
            library.edit(key, add)
        except BaseException:
            with contextlib.suppress(OSError):
                target.unlink()
            raise
    return Attachment(name, digest)


def _copy(source: Path, target: Path) -> None:
    import shutil
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as stream:
            shutil.copyfileobj(stream, out, _CHUNK)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def attachment_problems(library: Library, record: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, what is wrong) for each listed file that is missing or no longer the same bytes."""
    key = str(record.get("id"))
    out = []
    for item in attachments_of(record):
        try:
            _check_name(item.name)
            path = attachment_path(library, key, item.name)
        except LibraryError as exc:
            out.append((item.name, str(exc)))
            continue
        if not path.is_file():
            out.append((item.name, f"attached file {path} is missing"))
            continue
        try:
            digest = sha256_of(path)
        except OSError as exc:
            out.append((item.name, f"cannot read {path}: {describe_os_error(exc)}"))
            continue
        if item.sha256 and digest != item.sha256:
            out.append((item.name, f"attached file {path} has changed since it was attached "
                                   "(its SHA-256 differs)"))
    return out
