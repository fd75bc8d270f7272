"""What ``list`` and ``search`` share: the options, the query run, the output forms.

``--keys`` prints one key a line and imports nothing beyond the index (no rich), so scripts and
editor integrations that call it many times an hour start fast. On a terminal the listing is a
rich table; piped, it is tab-separated lines (key, date, sender → recipient, reference).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from archcite.cli.argv import listing_line, people
from archcite.context import AppContext

F = TypeVar("F", bound=Callable[..., Any])


def listing_options(func: F) -> F:
    """``--sort``, ``--limit``, ``--json``, ``--keys``, ``--table``."""
    for option in reversed([
        click.option("--sort", type=click.Choice(["date", "key", "archive"]), default="date",
                     show_default=True, help="Order of the records."),
        click.option("--limit", type=click.IntRange(min=1), default=None,
                     help="Show at most N records."),
        click.option("--json", "as_json", is_flag=True,
                     help="Print the rows as a JSON array."),
        click.option("--keys", "keys_only", is_flag=True,
                     help="Print only the keys, one a line."),
        click.option("--table", is_flag=True,
                     help="Draw the table even when the output is not a terminal."),
    ]):
        func = option(func)
    return func


def warn(message: str) -> None:
    """The warning for a record file the index skipped, worded as every command words it."""
    click.echo(f"archcite: warning: skipped {message} (see archcite check)", err=True)


def run_listing(app: AppContext, query: str, *, sort: str, limit: int | None, as_json: bool,
                keys_only: bool, table: bool) -> None:
    """Run ``query`` on the library's index and print the result in the asked form."""
    from archcite.library.index import open_index

    with open_index(app.library, warn) as index:
        if keys_only:
            keys = index.keys(query, sort=sort, limit=limit)
            if keys:
                click.echo("\n".join(keys))
            return
        rows = index.search(query, sort=sort, limit=limit)
    if as_json:
        click.echo(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return
    stdout = sys.stdout
    if not (table or stdout.isatty()):
        for r in rows:
            click.echo(listing_line(r.key, r.date, r.sender, r.recipient, r.reference))
        return
    from rich.console import Console
    from rich.table import Table

    grid = Table(show_header=True, header_style="bold", box=None, pad_edge=False,
                 caption=f"{len(rows)} record{'s' if len(rows) != 1 else ''}")
    grid.add_column("key", style="cyan", no_wrap=True)
    grid.add_column("date", no_wrap=True)
    grid.add_column("sender → recipient", overflow="fold")
    grid.add_column("archive reference", overflow="fold")
    for r in rows:
        grid.add_row(r.key, r.date, people(r.sender, r.recipient), r.reference)
    Console(file=stdout, width=None if stdout.isatty() else 160).print(grid)
