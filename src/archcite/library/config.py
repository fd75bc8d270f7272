"""Settings files: the user's ``config.toml`` and a paper project's ``archcite.toml``.

A historian keeps one library for everything (the user file, in the platform's settings folder:
``$XDG_CONFIG_HOME/archcite/config.toml``, ``~/.config/archcite/config.toml``) and sometimes one
per paper (``archcite.toml`` in the paper's folder, found from the current folder upwards, as git
finds ``.git``). Both hold the same flat keys::

    library = "sources"                 # a project file's relative paths start at that file
    style = "chicago"                   # cite and bib without --style
    form = "note"                       # cite without --form
    format = "text"                     # cite and bib without --format
    key-pattern = "{author}{year}{title}"

A value in the project file wins over the user file; an option on the command line wins over
both. For the library the order is ``--library`` > ``$ARCHCITE_LIBRARY`` > project file >
``./library`` > user file > the data folder (:func:`archcite.library.locate.find_library`).

Start-up matters (``archcite list`` is called from editors): a call that names its library never
looks; otherwise finding the files costs a few ``stat`` calls, and ``tomllib`` is imported only
when a file exists. Standard library only, so the click-free path reads the same settings.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from archcite.errors import ConfigError
from archcite.files import user_config_dir

PROJECT_FILE = "archcite.toml"
USER_FILE = "config.toml"

# key → what it must be: "path" or "text", and the values allowed (empty: any).
_KEYS: dict[str, tuple[str, tuple[str, ...]]] = {
    "library": ("path", ()),
    "style": ("text", ()),
    "form": ("text", ("note", "short", "bib", "intext")),
    "format": ("text", ("text", "html", "markdown", "latex", "rtf")),
    "key-pattern": ("text", ()),
}


# Plain classes, not dataclasses: ``dataclasses`` imports ``inspect``, which would cost the
# click-free ``resolve`` more than the rest of its start-up.
class Settings:
    """The settings of one file (``path``); a key the file does not set is absent."""

    __slots__ = ("path", "values")

    def __init__(self, path: Path, values: dict[str, str] | None = None) -> None:
        self.path = path
        self.values = dict(values or {})

    def get(self, key: str) -> str | None:
        """The value of ``key``, or None."""
        return self.values.get(key)


class Config:
    """The project file's and the user file's settings (either may be missing)."""

    __slots__ = ("project", "user")

    def __init__(self, project: Settings | None = None, user: Settings | None = None) -> None:
        self.project = project
        self.user = user

    def get(self, key: str) -> str | None:
        """The project's value of ``key``, else the user's, else None."""
        for settings in (self.project, self.user):
            if settings is not None and settings.get(key) is not None:
                return settings.get(key)
        return None

    def origin(self, key: str) -> Path | None:
        """The file that set ``key`` (for messages), or None."""
        for settings in (self.project, self.user):
            if settings is not None and settings.get(key) is not None:
                return settings.path
        return None


def user_file(env: Mapping[str, str] | None = None) -> Path:
    """Where the user's settings file is (it may not exist)."""
    return user_config_dir(os.environ if env is None else env) / USER_FILE


def find_project_file(cwd: Path | None = None) -> Path | None:
    """The nearest ``archcite.toml`` in ``cwd`` or a folder above it, or None."""
    here = (cwd or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        candidate = folder / PROJECT_FILE
        if candidate.is_file():
            return candidate
    return None


def load_config(env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Config:
    """Both settings files as they stand (a missing file is no settings, not an error)."""
    project = find_project_file(cwd)
    user = user_file(env)
    return Config(project=read_settings(project) if project is not None else None,
                  user=read_settings(user) if user.is_file() else None)


def read_settings(path: Path) -> Settings:
    """The settings in ``path``; anything wrong is one :class:`ConfigError` naming the line."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    import tomllib  # only when a file exists: the quick calls of a user without one never pay

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {_toml_message(str(exc))}") from exc
    values: dict[str, str] = {}
    for key, value in data.items():
        line = _line_of(text, key)
        if key not in _KEYS:
            known = ", ".join(_KEYS)
            raise ConfigError(f"{path}: line {line}: unknown setting {key!r} (known: {known})")
        kind, allowed = _KEYS[key]
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{path}: line {line}: {key} must be a non-empty string in quotes")
        if allowed and value not in allowed:
            raise ConfigError(f"{path}: line {line}: {key} must be one of {', '.join(allowed)}"
                              f" (not {value!r})")
        if key == "key-pattern":
            problem = pattern_problem(value)
            if problem:
                raise ConfigError(f"{path}: line {line}: key-pattern: {problem}")
        if kind == "path":
            # A project file's paths belong to the project: relative to the file, not to
            # wherever the user happens to run archcite from.
            target = Path(value).expanduser()
            value = str(target if target.is_absolute() else path.parent.absolute() / target)
        values[key] = value
    return Settings(path, values)


def pattern_problem(pattern: str) -> str:
    """Why ``pattern`` cannot make citation keys, or ``""`` (asked of the key maker)."""
    from archcite.model.keys import pattern_problem as problem

    return problem(pattern)


def _toml_message(message: str) -> str:
    """tomllib's "Expected ... (at line 3, column 7)" as "line 3: expected ..."."""
    match = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
    if match:
        message = message[: match.start()]
        return f"line {match.group(1)}: {message[:1].lower()}{message[1:]}"
    match = re.search(r"\s*\(at end of document\)$", message)
    if match:
        return f"at the end: {message[: match.start()]}"
    return message


def _line_of(text: str, key: str) -> int:
    """The line where ``key`` is set (1 when it cannot be told: a table, a dotted key)."""
    name = re.escape(key)
    pattern = re.compile(rf'^\s*(?:"{name}"|\'{name}\'|{name})\s*[=.]')
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return 1
