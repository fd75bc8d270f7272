"""Which library a command works on.

Order: ``--library DIR``, else ``$ARCHCITE_LIBRARY``, else ``./library`` when the current folder
has one, else the user's data folder. Kept free of click so scripts and tests can call it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path


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


def user_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """The platform's per-user cache folder for archcite (fetched pages)."""
    return _user_dir(env, windows=("LOCALAPPDATA", "AppData/Local"), mac="Caches",
                     xdg=("XDG_CACHE_HOME", ".cache"))


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
