"""Domain exceptions.

Every failure a user can cause is raised as an :class:`ArchciteError` whose message is one
line; the CLI prints it on stderr and exits non-zero, never with a traceback (unless --debug).
"""

from __future__ import annotations


class ArchciteError(Exception):
    """A failure the user can act on; ``str(err)`` is the one-line message shown."""

    exit_code: int = 1

    def __init__(self, message: str) -> None:
        # Keep messages to a single line: the CLI promises one line on stderr.
        super().__init__(" ".join(str(message).split()))


class SourceError(ArchciteError):
    """A source file or page cannot be read or holds no citation data."""


class RecordError(ArchciteError):
    """A record is invalid (schema or archcite's own rules)."""


class LibraryError(ArchciteError):
    """The library folder or one of its files cannot be used."""


class KeyNotFoundError(LibraryError):
    """A citation key the library does not hold."""


class DuplicateRecordError(LibraryError):
    """The library already holds this document (same record id or URL)."""

    def __init__(self, message: str, existing_key: str) -> None:
        super().__init__(message)
        self.existing_key = existing_key


class RenderError(ArchciteError):
    """A style cannot be loaded or a record cannot be rendered."""


class ExportError(ArchciteError):
    """An export or import format failed."""


class UsageError(ArchciteError):
    """Options that cannot be honoured together; exit status 2, as click's own usage errors."""

    exit_code = 2


class ConfigError(ArchciteError):
    """A settings file (``config.toml``, ``archcite.toml``) archcite cannot read."""
