"""A .docx package read whole and written back with only the changed parts replaced.

A writer's paper holds images, comments, headers, settings and parts archcite has never heard
of; every member archcite does not change is copied through with its bytes, name, date and
order, so the output differs from the input only where citations were written. The package's
relationships and content types are read with python-docx's package reader (the parts are found
as Word declares them, not by guessed names); python-docx's own document model is not used to
save, because it rewrites every part it loads.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from archcite.errors import ArchciteError

CT_MAIN = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
           "application/vnd.ms-word.document.macroEnabled.main+xml",
           "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
           "application/vnd.ms-word.template.macroEnabledTemplate.main+xml")
CT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
CT_ENDNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class WordError(ArchciteError):
    """A file archcite cannot read as a Word document (one line, exit 1)."""


@dataclass
class Package:
    """The members of a .docx, the parts that matter to citations, and what was changed."""

    path: Path
    infos: list[zipfile.ZipInfo]
    data: dict[str, bytes]
    main: str  # member name of the main document part, e.g. "word/document.xml"
    footnotes: str | None
    styles: str | None
    endnotes: str | None = None
    changed: dict[str, bytes] = field(default_factory=dict)

    def read(self, name: str) -> bytes | None:
        """The current bytes of a member (changed or as read), None if absent."""
        if name in self.changed:
            return self.changed[name]
        return self.data.get(name)

    def put(self, name: str, data: bytes) -> None:
        """Replace (or add) a member; one whose bytes do not change is left as read."""
        if self.data.get(name) == data:
            self.changed.pop(name, None)
        else:
            self.changed[name] = data


def rels_name(part: str) -> str:
    """The relationships member of a part: word/document.xml → word/_rels/document.xml.rels."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def open_package(path: Path) -> Package:
    """Read the .docx at ``path``; a .doc, a protected, a damaged or a non-Word file is refused
    in one line."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError as exc:
        raise WordError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise WordError(f"{path}: is a folder, not a Word document") from exc
    if head == OLE_MAGIC:
        raise WordError(f"{path}: a Word 97–2003 .doc or a password-protected document; "
                        "save it as an unprotected .docx first")
    if not zipfile.is_zipfile(path):
        raise WordError(f"{path}: not a .docx file (damaged, or another kind of file)")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            data = {info.filename: archive.read(info) for info in infos if not info.is_dir()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError, RuntimeError) as exc:
        # RuntimeError: an encrypted member; NotImplementedError: a compression zipfile lacks
        raise WordError(f"{path}: a damaged or unreadable .docx file ({exc})") from exc
    main, footnotes, styles, endnotes = _find_parts(path)
    if main not in data:
        raise WordError(f"{path}: a damaged .docx file (no main document part)")
    return Package(path, infos, data, main, footnotes, styles, endnotes)


def _find_parts(path: Path) -> tuple[str, str | None, str | None, str | None]:
    from docx.opc.pkgreader import PackageReader

    try:
        reader = PackageReader.from_file(str(path))
    except Exception as exc:  # python-docx raises KeyError, lxml errors, its own types
        raise WordError(f"{path}: a damaged .docx file or not a Word document "
                        f"({type(exc).__name__})") from exc
    main = footnotes = styles = endnotes = None
    for partname, content_type, _reltype, _blob in reader.iter_sparts():
        name = str(partname).lstrip("/")
        if content_type in CT_MAIN and main is None:
            main = name
        elif content_type == CT_FOOTNOTES and footnotes is None:
            footnotes = name
        elif content_type == CT_ENDNOTES and endnotes is None:
            endnotes = name
        elif content_type == CT_STYLES and styles is None:
            styles = name
    if main is None:
        raise WordError(f"{path}: not a Word document (no main document part)")
    return main, footnotes, styles, endnotes


def save_package(package: Package, target: Path) -> None:
    """Write the package to ``target`` atomically: every member in its original order with its
    own date and compression, changed ones with their new bytes, new ones at the end."""
    target = target.resolve()
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle, zipfile.ZipFile(handle, "w") as out:
            written = set()
            for info in package.infos:
                if info.is_dir() or info.filename in written:
                    continue
                written.add(info.filename)
                out.writestr(info, package.read(info.filename) or b"")
            for name, data in package.changed.items():
                if name not in written:
                    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    out.writestr(info, data)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def backup_path(path: Path) -> Path:
    """A free name for the backup of ``path``: PAPER.docx.bak, then .bak.1, .bak.2 …"""
    candidate = path.with_name(path.name + ".bak")
    number = 0
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.bak.{number}")
    return candidate
