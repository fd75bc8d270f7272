"""Functions of the citation engine, imported on first call.

A warm ``bib`` or ``cite`` reads every entry from the rendered-string cache and never renders,
so it should not pay for importing the engine (its styles, view and formatter modules). An
:class:`EngineFunction` stands for ``archcite.render.engine.<name>``: it carries the same
``__module__`` and ``__qualname__`` (the cache's renderer fingerprint is made from those and the
engine's source, so cached entries are shared with the engine function itself), pickles by name
for the worker processes, and imports the engine only when called.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from archcite.errors import RenderError

ENGINE = "archcite.render.engine"


class EngineFunction:
    """``archcite.render.engine.<name>``, imported when first called."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.__module__ = ENGINE
        self.__qualname__ = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from archcite.render import engine

        return getattr(engine, self.name)(*args, **kwargs)

    def __repr__(self) -> str:
        return f"EngineFunction({self.name!r})"


def engine_functions(*names: str) -> list[EngineFunction]:
    """The engine functions ``names``; a build without the engine fails here, in one line."""
    if importlib.util.find_spec(ENGINE) is None:
        raise RenderError(f"the citation renderer ({ENGINE}) is not part of this build")
    return [EngineFunction(name) for name in names]
