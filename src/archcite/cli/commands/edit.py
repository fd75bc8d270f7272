"""``archcite edit KEY``: edit a record file in ``$EDITOR``, safely.

The editor works on a temporary copy. On save the copy is parsed and validated (CSL rules and
archcite's); an invalid edit is refused with the reason, the record stays as it was, and the
edited copy is kept so no typing is lost. A record file that is broken can be opened and fixed
this way too. The archive fields derived from the holdings are re-derived on save.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import click

from archcite.cli.editor import edit_file
from archcite.cli.options import current_keys, pass_app
from archcite.context import AppContext
from archcite.errors import ArchciteError, KeyNotFoundError, RecordError
from archcite.library.store import Library
from archcite.model.record import validate_record


def check_edit(text: str, key: str, library: Library) -> dict[str, Any]:
    """The record an edited text would store; RecordError says why it cannot."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"broken JSON at line {exc.lineno}: {exc.msg}") from exc
    validate_record(record)
    if record["id"] != key:
        raise RecordError(f"the id must stay {key!r} (it is the file name and citation key)")
    return library.prepare(record)


@click.command(name="edit")
@click.argument("key")
@pass_app
def command(app: AppContext, key: str) -> None:
    """Open the record KEY in $EDITOR; save to store it (invalid edits are refused)."""
    library = app.library
    [key] = current_keys(app, [key])
    path = library.path_for(key)
    before = library.stamp(key)  # first: a change while the editor is open is then seen
    if before is None:
        library.get(key)  # raises with "did you mean"
        raise KeyNotFoundError(f"no record {key!r}")  # pragma: no cover
    try:
        # As text is read (universal newlines); a broken file opens too, to be fixed.
        original = library.read_bytes(key).decode("utf-8")
        original = original.replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise ArchciteError(f"cannot read {path}: {exc}") from exc
    fd, tmp_name = tempfile.mkstemp(prefix=f"archcite-{key}-", suffix=".json")
    tmp = Path(tmp_name)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(original)
    try:
        edit_file(tmp, app.env)
    except ArchciteError as exc:
        if tmp.read_text("utf-8") == original:
            tmp.unlink()
            raise ArchciteError(f"{exc}; {key} is unchanged") from exc
        raise ArchciteError(f"{exc}; {key} is unchanged (what you typed is kept in {tmp})"
                            ) from exc
    edited = tmp.read_text("utf-8")
    if edited == original:
        tmp.unlink()
        click.echo(f"{key}: no changes")
        return
    try:
        record = check_edit(edited, key, library)
        if before is None:
            raise FileNotFoundError(path)
        library.edit(key, lambda _: record, expect=before)
    except KeyNotFoundError as exc:
        raise RecordError(f"edit refused: {key} was removed while you edited it"
                          f" (your edit is kept in {tmp})") from exc
    except ArchciteError as exc:
        raise RecordError(f"edit refused: {exc}; {key} is unchanged"
                          f" (your edit is kept in {tmp})") from exc
    except FileNotFoundError as exc:
        raise RecordError(f"edit refused: {key} was removed while you edited it"
                          f" (your edit is kept in {tmp})") from exc
    with contextlib.suppress(OSError):
        tmp.unlink()
    click.echo(f"{key}: saved")
