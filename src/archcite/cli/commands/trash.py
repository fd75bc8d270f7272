"""``archcite trash``: what ``rm`` moved to the trash; ``--empty`` deletes it for good."""

from __future__ import annotations

import click

from archcite.cli.options import json_option, pass_app
from archcite.context import AppContext


@click.command(name="trash")
@click.option("--empty", is_flag=True, help="Delete everything in the trash for good.")
@click.option("--yes", "-y", is_flag=True, help="With --empty: do not ask for confirmation.")
@json_option
@pass_app
def command(app: AppContext, empty: bool, yes: bool, as_json: bool) -> None:
    """List the records in the trash (latest removal first), or empty it."""
    from archcite.library.trash import empty_trash, removed_when, trashed

    library = app.library
    items = trashed(library)
    if empty:
        if not items and not (library.root / ".trash").exists():
            click.echo("the trash is empty", err=True)
            return
        if not yes and not click.confirm(
                f"Delete {len(items)} record{'s' * (len(items) != 1)} in the trash for good?",
                default=False, err=True):
            click.echo("nothing deleted", err=True)
            return
        count = empty_trash(library)
        click.echo(f"deleted {count} record{'s' * (count != 1)} from the trash")
        return
    if as_json:
        import json

        click.echo(json.dumps([{"key": t.key, "file": str(t.path), "removed": removed_when(t),
                                "title": (t.record or {}).get("title")} for t in items],
                              ensure_ascii=False, indent=2))
        return
    if not items:
        click.echo(f"the trash of {library.root} is empty", err=True)
        return
    for item in items:
        title = str(item.record.get("title") or "") if item.record else "(damaged record file)"
        click.echo(f"{item.key}\t{removed_when(item)}\t{title}")
