"""``archcite rekey``: recompute citation keys (sender, year, first title word); rename files."""

from __future__ import annotations

import click

from archcite.cli.options import current_keys, pass_app
from archcite.context import AppContext


@click.command("rekey")
@click.argument("keys", nargs=-1)
@click.option("--dry-run", is_flag=True, help="Show the renames; change nothing.")
@pass_app
def command(app: AppContext, keys: tuple[str, ...], dry_run: bool) -> None:
    """Give records (all, or KEY...) keys from sender, year and title; prints old -> new."""
    from archcite.library.rekey import apply_rekey, plan_rekey

    plan = plan_rekey(app.library, current_keys(app, keys))
    changes = [(old, new) for old, new in plan if old != new]
    for old, new in changes:
        click.echo(f"{old} -> {new}")
    if not dry_run and changes:
        apply_rekey(app.library, changes)
    what = "would rename" if dry_run else "renamed"
    click.echo(f"archcite: {what} {len(changes)} of {len(plan)} record(s)"
               + ("; update papers that cite the old keys" if changes and not dry_run else ""),
               err=True)
