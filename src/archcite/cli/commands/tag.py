"""``archcite tag KEY... +korea -draft``: tags in ``custom.tags`` (searchable with ``tag:``)."""

from __future__ import annotations

import click

from archcite.cli.options import current_keys, pass_app
from archcite.context import AppContext
from archcite.errors import ArchciteError, KeyNotFoundError
from archcite.library.edit import change_tags, typed_tags


@click.command(name="tag", context_settings={"ignore_unknown_options": True})
@click.argument("words", nargs=-1, required=True, type=click.UNPROCESSED)
@pass_app
def command(app: AppContext, words: tuple[str, ...]) -> None:
    """Add +TAG and remove -TAG on each KEY; with no +/- words, print each KEY's tags."""
    keys = [w for w in words if not w.startswith(("+", "-"))]
    add: list[str] = []
    remove: list[str] = []
    for word in words:
        if word.startswith(("+", "-")):
            tags, notice = typed_tags(word[1:])
            (add if word[0] == "+" else remove).extend(tags)
            if notice:
                click.echo(f"archcite: note: {notice}", err=True)
    if not keys:
        raise ArchciteError("name at least one record key (archcite tag KEY... +tag -tag)")
    keys = current_keys(app, keys)
    for position, key in enumerate(keys):  # every key checked before any record changes
        try:
            app.library.get(key)
        except KeyNotFoundError as exc:
            if position == 0:
                raise
            # A bare word after a key is usually a tag typed without its sign.
            raise KeyNotFoundError(f"{exc}; to add the tag, write +{key}") from None
    for key in keys:
        if add or remove:
            record = app.library.edit(key, lambda r: change_tags(r, add, remove)).record
        else:
            record = app.library.get(key)
        tags = (record.get("custom") or {}).get("tags", [])
        click.echo(f"{key}: {', '.join(tags) if tags else '(no tags)'}")
