"""``archcite search QUERY``: the records matching a query (``list`` with a required query)."""

from __future__ import annotations

import click

from archcite.cli.listing import listing_options, run_listing
from archcite.cli.options import QUERY_CONTEXT, QueryCommand, pass_app
from archcite.context import AppContext
from archcite.library.query import join_args


@click.command(name="search", cls=QueryCommand, context_settings=QUERY_CONTEXT)
@click.argument("query", nargs=-1, required=True, type=click.UNPROCESSED)
@listing_options
@pass_app
def command(app: AppContext, query: tuple[str, ...], sort: str, limit: int | None,
            as_json: bool, keys_only: bool, table: bool) -> None:
    """Find records: free words (title, summary, names, note; lotman finds Лотман) and
    fields archive: fond: opis: delo: author: recipient: year: type: lang: tag: key:, id: (the
    Wilson Center Record ID) and number: (the document's own number, "No. 709"), combined with
    AND, OR and -negation; "quoted phrases"."""
    run_listing(app, join_args(query), sort=sort, limit=limit, as_json=as_json,
                keys_only=keys_only, table=table)
