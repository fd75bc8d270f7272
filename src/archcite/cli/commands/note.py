"""``archcite note KEY [TEXT]``: the record's personal notes (``custom.notes``).

Without TEXT the notes open in ``$EDITOR``; saving an empty file removes them.
"""

from __future__ import annotations

import click

from archcite.cli.editor import edit_text
from archcite.cli.options import current_keys, pass_app
from archcite.context import AppContext
from archcite.errors import ArchciteError
from archcite.library.edit import set_notes


@click.command(name="note")
@click.argument("key")
@click.argument("text", nargs=-1)
@pass_app
def command(app: AppContext, key: str, text: tuple[str, ...]) -> None:
    """Set KEY's personal notes to TEXT, or edit them in $EDITOR when TEXT is not given."""
    [key] = current_keys(app, [key])
    record = app.library.get(key)
    if text:
        new_text = " ".join(text)
    else:
        current = str((record.get("custom") or {}).get("notes") or "")
        try:
            edited = edit_text(current + "\n" if current else "", app.env)
        except ArchciteError as exc:
            raise ArchciteError(f"{exc}; the notes of {key} are unchanged") from exc
        if edited is None:
            click.echo(f"{key}: notes unchanged")
            return
        new_text = edited
    changed = app.library.edit(key, lambda r: set_notes(r, new_text)).changed
    click.echo(f"{key}: notes {'saved' if changed else 'unchanged'}")
