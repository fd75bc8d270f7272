"""``archcite resolve``: what a Wilson Center address or record id names.

Prints the canonical address and the record id; says when the address is a listing page or
when the id cannot be known from the address alone (a slug or a node); says whether the library
holds the record. Plain invocations never reach this module: ``archcite.cli.main`` answers them
without click (:mod:`archcite.cli.fast`); both print :func:`resolve_output`.
"""

from __future__ import annotations

import click

from archcite.cli.options import json_option, pass_app
from archcite.context import AppContext


@click.command("resolve")
@click.argument("address", metavar="ADDRESS|ID")
@json_option
@pass_app
def command(app: AppContext, address: str, as_json: bool) -> None:
    """Print the canonical address and record id of a Wilson Center address."""
    from archcite.cli.resolving import resolve_output

    def warn(message: str) -> None:
        click.echo(f"archcite: warning: {message}", err=True)

    click.echo(resolve_output(address, as_json, app.library_path, app.env,
                              lambda: app.library, warn))
