"""``archcite restore KEY``: bring a removed record (and its attachments) back from the trash."""

from __future__ import annotations

import click

from archcite.cli.options import pass_app
from archcite.context import AppContext


@click.command(name="restore")
@click.argument("key")
@pass_app
def command(app: AppContext, key: str) -> None:
    """Bring the record KEY back from the trash (refused while KEY is taken again)."""
    from archcite.library.trash import restore

    restore(app.library, key)
    click.echo(f"restored {key}")
