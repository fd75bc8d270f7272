"""``archcite list [QUERY]``: the records of the library, or those matching a query."""

from __future__ import annotations

import click

from archcite.cli.listing import listing_options, run_listing
from archcite.cli.options import QUERY_CONTEXT, QueryCommand, pass_app
from archcite.context import AppContext
from archcite.library.query import join_args


@click.command(name="list", cls=QueryCommand, context_settings=QUERY_CONTEXT)
@click.argument("query", nargs=-1, type=click.UNPROCESSED)
@listing_options
@pass_app
def command(app: AppContext, query: tuple[str, ...], sort: str, limit: int | None,
            as_json: bool, keys_only: bool, table: bool) -> None:
    """List the records (all, or those matching QUERY: words, author:, archive:, fond:,
    year:1950..1953, type:, lang:, tag:, key:, with OR and -negation)."""
    run_listing(app, join_args(query), sort=sort, limit=limit, as_json=as_json,
                keys_only=keys_only, table=table)
