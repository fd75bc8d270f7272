"""``archcite tag KEY... +korea -draft``: tags in ``custom.tags`` (searchable with ``tag:``)."""

from __future__ import annotations

import click

from archcite.cli.options import current_keys, pass_app
from archcite.context import AppContext
from archcite.errors import ArchciteError
from archcite.library.edit import change_tags, update_record


@click.command(name="tag", context_settings={"ignore_unknown_options": True})
@click.argument("words", nargs=-1, required=True, type=click.UNPROCESSED)
@pass_app
def command(app: AppContext, words: tuple[str, ...]) -> None:
    """Add +TAG and remove -TAG on each KEY; with no +/- words, print each KEY's tags."""
    keys = [w for w in words if not w.startswith(("+", "-"))]
    add = [w[1:] for w in words if w.startswith("+")]
    remove = [w[1:] for w in words if w.startswith("-")]
    if not keys:
        raise ArchciteError("name at least one record key (archcite tag KEY... +tag -tag)")
    keys = current_keys(app, keys)
    for key in keys:
        app.library.get(key)  # every key checked before any record changes
    for key in keys:
        if add or remove:
            record, _ = update_record(app.library, key,
                                      lambda r: change_tags(r, add, remove))
        else:
            record = app.library.get(key)
        tags = (record.get("custom") or {}).get("tags", [])
        click.echo(f"{key}: {', '.join(tags) if tags else '(no tags)'}")
