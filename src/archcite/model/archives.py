"""The archive registry: acronyms and aliases, full names, English names, places, grammar.

The data ships in ``archives.json`` beside this module; a user adds archives of their own in a
JSON file of the same shape (see :func:`load_registry`). An archive the registry does not know
is never refused: it is kept as written and rendered as written.

``grammar`` says how the archive's references read: ``russian`` references are parsed into
fond/opis/delo/… levels; ``free`` references are kept whole (Hungarian ``288. f.`` is not a fond).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from archcite.errors import ArchciteError
from archcite.model import jsontext


@dataclass(frozen=True)
class Archive:
    """One archive as the registry knows it."""

    id: str
    aliases: tuple[str, ...]
    name: str
    english: str = ""
    place: str = ""
    grammar: str = "free"

    @property
    def english_or_name(self) -> str:
        """The English name where one is known (MLA spells archives out), else the name."""
        return self.english or self.name


def _alias_key(text: str) -> str:
    """Compare aliases without case, spaces, dots, hyphens or a trailing colon (``AP RF:``)."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@dataclass
class ArchiveRegistry:
    """Archives by alias; lookups ignore case and spacing (``AP RF`` is ``APRF``)."""

    archives: list[Archive] = field(default_factory=list)
    _by_alias: dict[str, Archive] = field(default_factory=dict, repr=False)
    _fingerprint: str | None = field(default=None, repr=False, compare=False)

    def add(self, archive: Archive) -> None:
        """Add or replace an archive; later entries (the user's) win over bundled ones."""
        self.archives = [a for a in self.archives if a.id != archive.id] + [archive]
        self._fingerprint = None
        for alias in (archive.id, *archive.aliases):
            self._by_alias[_alias_key(alias)] = archive

    def lookup(self, text: str) -> Archive | None:
        """The archive an acronym or alias means, or None for an unknown archive."""
        return self._by_alias.get(_alias_key(text)) if text else None

    def fingerprint(self) -> str:
        """A hash of every archive (id, aliases, names, places), the same for equal registries.

        What is derived from the registry is stale when it changes: the index stores archive
        ids found through the aliases, the render cache strings that print names and places.
        Both compare this one fingerprint, so an edit of the user's archives file is seen by
        both.
        """
        if self._fingerprint is None:
            # A change detector, not a seal against forgery: two checksums and the length of
            # the text. zlib is part of the interpreter; hashlib (OpenSSL) would add 4 ms to
            # the start of every listing, which reads this to trust its index.
            import zlib

            data = repr(sorted(self.archives, key=lambda a: a.id)).encode()
            self._fingerprint = (f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"
                                 f"{len(data):x}")
        return self._fingerprint

    def aliases(self) -> list[str]:
        """Every alias as written, longest first (so ``MNL OL`` is tried before ``MOL``)."""
        names = {alias for a in self.archives for alias in (a.id, *a.aliases)}
        return sorted(names, key=lambda s: (-len(s), s))


def _archives_from_json(data: object, origin: str) -> list[Archive]:
    if not isinstance(data, list):
        raise ArchciteError(f"{origin}: expected a JSON array of archives")
    out: list[Archive] = []
    for i, entry in enumerate(data):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise ArchciteError(f"{origin}: entry {i + 1} needs a string 'id'")
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ArchciteError(f"{origin}: entry {i + 1} 'aliases' must be a list of strings")
        grammar = entry.get("grammar", "free")
        if grammar not in ("russian", "free"):
            raise ArchciteError(f"{origin}: entry {i + 1} 'grammar' must be russian or free")
        out.append(
            Archive(
                id=entry["id"],
                aliases=tuple(aliases),
                name=str(entry.get("name", entry["id"])),
                english=str(entry.get("english", "")),
                place=str(entry.get("place", "")),
                grammar=grammar,
            )
        )
    return out


@cache
def _bundled() -> tuple[Archive, ...]:
    # Beside this module in a checkout and in every installed wheel: read as a file, without
    # importlib.resources (whose import is ~10 ms of a 70 ms `archcite list`). Only a package
    # run from a zip needs the resource API.
    try:
        text = Path(__file__).with_name("archives.json").read_text("utf-8")
    except (FileNotFoundError, NotADirectoryError):
        from importlib import resources

        text = resources.files("archcite.model").joinpath("archives.json").read_text("utf-8")
    return tuple(_archives_from_json(json.loads(text), "bundled archives.json"))


def load_registry(user_file: Path | None = None) -> ArchiveRegistry:
    """The bundled registry, extended (and overridden by id) by ``user_file`` if it exists."""
    registry = ArchiveRegistry()
    for archive in _bundled():
        registry.add(archive)
    if user_file is not None and user_file.is_file():
        try:
            data = jsontext.loads(user_file.read_text("utf-8"))
        except (OSError, ValueError) as exc:  # ValueError: bad UTF-8, or JSONTextError
            raise ArchciteError(f"{user_file}: cannot read archives file: {exc}") from exc
        for archive in _archives_from_json(data, str(user_file)):
            registry.add(archive)
    return registry


@cache
def default_registry() -> ArchiveRegistry:
    """The bundled registry alone (for code paths that have no context object)."""
    return load_registry(None)
