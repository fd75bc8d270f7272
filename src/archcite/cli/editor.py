"""The user's text editor, run on a file, with failures said in a historian's words.

``edit`` and ``note`` both hand a file to ``$VISUAL``/``$EDITOR``. click's own ``click.edit``
reports a failing editor as "Editing failed" and a missing one as an ``[Errno 2]`` dump; here
a missing editor names the variable to set and a failing one its exit status.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from archcite.errors import ArchciteError


def editor_command(env: Mapping[str, str]) -> str:
    """The editor to run: ``$VISUAL``, else ``$EDITOR``, else the platform's plain editor."""
    for name in ("VISUAL", "EDITOR"):
        if env.get(name, "").strip():
            return env[name].strip()
    return "notepad" if sys.platform == "win32" else "vi"


def edit_file(path: Path, env: Mapping[str, str]) -> None:
    """Run the editor on ``path`` and wait; ArchciteError says what went wrong, in one line."""
    editor = editor_command(env)
    try:
        argv = shlex.split(editor, posix=sys.platform != "win32")
    except ValueError as exc:
        raise ArchciteError(f"cannot read the editor setting {editor!r}: {exc}") from exc
    if not argv:
        raise ArchciteError("no editor set: set $EDITOR, e.g. export EDITOR=nano")
    try:
        status = subprocess.call([*argv, str(path)])
    except FileNotFoundError:
        raise ArchciteError(f"the editor {argv[0]!r} was not found: install it or set $EDITOR "
                            "to one you have (e.g. export EDITOR=nano)") from None
    except PermissionError:
        raise ArchciteError(f"the editor {argv[0]!r} cannot be run (not executable): set "
                            "$EDITOR to one you have") from None
    except OSError as exc:
        raise ArchciteError(f"the editor {argv[0]!r} cannot be run: {exc.strerror}") from None
    if status != 0:
        raise ArchciteError(f"the editor {argv[0]!r} stopped with exit status {status}")


def edit_text(text: str, env: Mapping[str, str], *, suffix: str = ".txt") -> str | None:
    """``text`` after the user edits it in a temporary file; None when the file was not saved."""
    import tempfile

    fd, name = tempfile.mkstemp(prefix="archcite-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        before = path.stat().st_mtime_ns
        edit_file(path, env)
        if path.stat().st_mtime_ns == before and path.read_text("utf-8") == text:
            return None
        return path.read_text("utf-8")
    finally:
        path.unlink(missing_ok=True)
