"""``archcite resolve``: what a Wilson Center address or record id names.

Prints the canonical address and the record id; says when the address is a listing page or
when the id cannot be known from the address alone (a slug or a node); says whether the library
holds the record. Imports nothing heavy: it must start fast.
"""

from __future__ import annotations

import json

import click

from archcite.cli.options import json_option, pass_app
from archcite.context import AppContext
from archcite.errors import SourceError


@click.command("resolve")
@click.argument("address", metavar="ADDRESS|ID")
@json_option
@pass_app
def command(app: AppContext, address: str, as_json: bool) -> None:
    """Print the canonical address and record id of a Wilson Center address."""
    from archcite.sources.addresses import parse_address
    from archcite.sources.fetch import FetchSettings

    settings = FetchSettings.from_env(app.env)
    parsed = parse_address(address, extra_hosts=(settings.base_host,))
    if parsed.kind == "listing":
        raise SourceError(f"{address} is {parsed.explanation}")
    held = _held_as(app, parsed)
    if as_json:
        click.echo(json.dumps({"address": address, "kind": parsed.kind,
                               "canonical": parsed.canonical or None,
                               "record_id": parsed.record_id or None,
                               "note": parsed.explanation, "key": held}, ensure_ascii=False))
        return
    click.echo(f"canonical: {parsed.canonical or '(unknown)'}")
    if parsed.record_id:
        click.echo(f"record id: {parsed.record_id}")
    else:
        click.echo(f"record id: unknown: {parsed.explanation}")
    if held:
        click.echo(f"library:   holds it as {held}")
    else:
        click.echo(f"library:   does not hold it ({app.library_path})")


def _held_as(app: AppContext, parsed) -> str | None:  # type: ignore[no-untyped-def]
    """The key of the library's record for this address, if any."""
    from archcite.sources.addresses import parse_address

    library = app.library
    if not library.exists():
        return None
    for record in library.iter_records_safely():  # a damaged file warns, never blocks
        if parsed.record_id and str(record.get("number") or "") == parsed.record_id:
            return str(record["id"])
        if parsed.canonical and record.get("URL") == parsed.canonical:
            return str(record["id"])
        if parsed.kind in ("slug", "node"):
            custom = record.get("custom") or {}
            for url in (custom.get("page-url"), custom.get("printed-url")):
                if not isinstance(url, str) or not url:
                    continue
                try:
                    other = parse_address(url)
                except SourceError:
                    continue
                if (other.kind, other.slug, other.node) == (parsed.kind, parsed.slug,
                                                            parsed.node):
                    return str(record["id"])
    return None
