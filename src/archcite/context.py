"""The context object every command receives: which library, which registry, which options.

No globals: the CLI builds one :class:`AppContext` per invocation and passes it down; library
code takes what it needs from it as arguments.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from archcite.files import user_data_dir
from archcite.library.locate import find_library

if TYPE_CHECKING:
    from archcite.library.config import Config
    from archcite.library.store import Library
    from archcite.model.archives import ArchiveRegistry


@dataclass
class AppContext:
    """Per-invocation settings; heavy objects are built on first use."""

    library_option: str | None = None
    debug: bool = False
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    warn: Callable[[str], None] = field(default=lambda message: _stderr_warning(message))
    # Set by the commands that make a new library (add, import) before they use it; every other
    # command refuses a folder that does not exist rather than create an empty library there
    # (a mistyped --library must not leave a folder behind and answer "0 records").
    creates_library: bool = False

    @cached_property
    def config(self) -> Config:
        """The project's ``archcite.toml`` and the user's ``config.toml``, read once."""
        from archcite.library.config import load_config

        return load_config(self.env)

    @cached_property
    def library_path(self) -> Path:
        """The library folder this invocation works on."""
        if self.library_option or self.env.get("ARCHCITE_LIBRARY"):
            return find_library(self.library_option, self.env)
        return find_library(self.library_option, self.env, config=self.config)

    def setting(self, key: str, default: str) -> str:
        """A settings file's value of ``key`` (project first, then user), else ``default``."""
        value = self.config.get(key)
        return default if value is None else value

    @cached_property
    def archives_file(self) -> Path:
        """The user's own archives (JSON, same shape as the bundled registry)."""
        if self.env.get("ARCHCITE_ARCHIVES"):
            return Path(self.env["ARCHCITE_ARCHIVES"]).expanduser()
        return user_data_dir(self.env) / "archives.json"

    @cached_property
    def registry(self) -> ArchiveRegistry:
        """Bundled archives plus the user's."""
        # Imported here: --version and --help must not pay for the record model.
        from archcite.errors import ArchciteError
        from archcite.model.archives import load_registry

        try:
            return load_registry(self.archives_file)
        except ArchciteError as exc:
            # A typo in the user's own archives file must not lock them out of every command
            # (including `archives`, which shows what is wrong): the bundled archives serve,
            # and every command says so once.
            self.warn(f"{exc}; using the bundled archives only until it is fixed")
            return load_registry(None)

    @cached_property
    def library(self) -> Library:
        """The record store; a :class:`~archcite.errors.LibraryError` when there is no
        library folder and this command does not create one."""
        from archcite.library.store import Library

        if not self.creates_library and not self.library_path.is_dir():
            from archcite.errors import LibraryError

            raise LibraryError(no_library_line(self.library_path))

        return Library(self.library_path, self.registry,
                       key_pattern=self.config.get("key-pattern"))


def _stderr_warning(message: str) -> None:
    """The default way a context warns: one line on the current standard error."""
    sys.stderr.write(f"archcite: warning: {message}\n")


def no_library_line(path: Path) -> str:
    """What a command that reads a library says when there is none at ``path``."""
    return f"no library at {path} (archcite add creates one)"
