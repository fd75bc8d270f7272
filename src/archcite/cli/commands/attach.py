"""``archcite attach KEY FILE``: keep a scan or PDF of a document with its record."""

from __future__ import annotations

from pathlib import Path

import click

from archcite.cli.options import pass_app
from archcite.context import AppContext


@click.command(name="attach")
@click.argument("key")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name", default=None, metavar="NAME",
              help="The name to keep the file under (default: the file's own name).")
@pass_app
def command(app: AppContext, key: str, file: Path, name: str | None) -> None:
    """Copy FILE into the library's files/KEY/ folder and list it (with its SHA-256) in KEY."""
    from archcite.library.attachments import attach, attachment_path

    added = attach(app.library, key, file, name)
    click.echo(f"attached {attachment_path(app.library, key, added.name)} to {key}")
