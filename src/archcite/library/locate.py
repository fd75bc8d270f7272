"""Which library a command works on.

Order: ``--library DIR``, else ``$ARCHCITE_LIBRARY``, else ``./library`` when the current folder
has one, else the user's data folder. Kept free of click so scripts and tests can call it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from archcite.files import user_cache_dir, user_data_dir

__all__ = ["find_library", "user_cache_dir", "user_data_dir"]


def find_library(option: str | os.PathLike[str] | None = None,
                 env: Mapping[str, str] | None = None,
                 cwd: Path | None = None) -> Path:
    """The library folder to use (it may not exist yet: ``add`` creates it)."""
    env = os.environ if env is None else env
    if option:
        return Path(option).expanduser()
    if env.get("ARCHCITE_LIBRARY"):
        return Path(env["ARCHCITE_LIBRARY"]).expanduser()
    here = (cwd or Path.cwd()) / "library"
    if here.is_dir():
        return here
    return user_data_dir(env) / "library"
