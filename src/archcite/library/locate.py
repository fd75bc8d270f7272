"""Which library a command works on.

Order: ``--library DIR``, else ``$ARCHCITE_LIBRARY``, else the ``library`` of a project's
``archcite.toml`` (this folder or one above), else ``./library`` when the current folder has
one, else the ``library`` of the user's ``config.toml``, else the user's data folder. Kept free
of click so scripts, tests and the click-free start-up path call the same rule.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

# The settings files and the per-user folders are looked at only when no ``--library`` or
# ``$ARCHCITE_LIBRARY`` names the library: the quick paths (``resolve``, the click-free
# ``search``) import neither module then.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from archcite.library.config import Config

__all__ = ["find_library"]


def find_library(option: str | os.PathLike[str] | None = None,
                 env: Mapping[str, str] | None = None,
                 cwd: Path | None = None, config: Config | None = None) -> Path:
    """The library folder to use (it may not exist yet: ``add`` creates it).

    ``config``: the settings files already read (the context reads them once); read here only
    when the answer depends on them, so ``--library`` and ``$ARCHCITE_LIBRARY`` cost nothing.
    """
    env = os.environ if env is None else env
    if option:
        return Path(option).expanduser()
    if env.get("ARCHCITE_LIBRARY"):
        return Path(env["ARCHCITE_LIBRARY"]).expanduser()
    if config is None:
        from archcite.library.config import load_config

        config = load_config(env, cwd)
    if config.project is not None and config.project.get("library"):
        return Path(str(config.project.get("library")))
    here = (cwd or Path.cwd()) / "library"
    if here.is_dir():
        return here
    if config.user is not None and config.user.get("library"):
        return Path(str(config.user.get("library")))
    from archcite.files import user_data_dir

    return user_data_dir(env) / "library"
