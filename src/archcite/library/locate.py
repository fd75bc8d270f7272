"""Which library a command works on.

Order: ``--library DIR``, else ``$ARCHCITE_LIBRARY``, else ``./library`` when the current folder
has one, else the user's data folder. Kept free of click so scripts and tests can call it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path


def user_data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The platform's per-user data folder for archcite."""
    env = os.environ if env is None else env
    if sys.platform == "win32":
        base = Path(env.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "archcite"


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
