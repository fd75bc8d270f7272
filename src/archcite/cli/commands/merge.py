"""``archcite merge A B``: one record of a document held twice; B's key becomes A's old key."""

from __future__ import annotations

import click

from archcite.cli.options import current_keys, pass_app
from archcite.context import AppContext


@click.command("merge")
@click.argument("keep")
@click.argument("other")
@click.option("--dry-run", is_flag=True, help="Show the merged record; change nothing.")
@pass_app
def command(app: AppContext, keep: str, other: str, dry_run: bool) -> None:
    """Merge record OTHER into KEEP, keeping every field and tag of both.

    Where both have a field with different values, KEEP's is used and OTHER's is kept under
    custom.merged. OTHER's key (and its old keys) become old keys of KEEP, so cite OTHER and
    \\cite{OTHER} keep working.
    """
    from archcite.library.merge import merge
    from archcite.model.record import dumps_record

    keep, other = current_keys(app, [keep, other])
    merged = merge(app.library, keep, other, dry_run=dry_run)
    if dry_run:
        click.echo(dumps_record(merged), nl=False)
        return
    conflicts = (merged.get("custom") or {}).get("merged", {}).get(other, {})
    click.echo(f"archcite: merged {other} into {keep}"
               + (f"; {len(conflicts)} differing value(s) kept under custom.merged"
                  if conflicts else ""), err=True)
