"""``archcite add``: store records read from saved pages, addresses, ids or citation strings.

All sources are read and checked first; if any fails, each failure is reported in one line,
nothing is stored and the exit status is 1. A document the library already holds (same Record
ID or URL) is not an input error: it is reported on stderr, its existing key is printed, the
library is left unchanged, and the exit status stays 0 (``--update`` replaces the record).
"""

from __future__ import annotations

import click

from archcite.cli.options import pass_app
from archcite.context import AppContext
from archcite.errors import ArchciteError, DuplicateRecordError
from archcite.model.names import names_text


@click.command("add")
@click.argument("sources", nargs=-1, metavar="FILE|URL|ID...")
@click.option("--citation", "citations", multiple=True, metavar="TEXT",
              help="A citation string as the Wilson Center prints it (repeatable).")
@click.option("--dry-run", is_flag=True, help="Show the records field by field; store nothing.")
@click.option("--update", is_flag=True,
              help="Replace a record the library already holds (same Record ID or URL).")
@click.option("--base", metavar="URL", default=None,
              help="Fetch pages from this address instead of the Wilson Center "
                   "(default: $ARCHCITE_WILSON_BASE or digitalarchive.wilsoncenter.org).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, metavar="SECONDS",
              help="Give up on a page that does not answer in this time (default 20).")
@pass_app
def command(app: AppContext, sources: tuple[str, ...], citations: tuple[str, ...],
            dry_run: bool, update: bool, base: str | None, timeout: float | None) -> None:
    """Add documents from saved pages (text, Markdown, HTML), addresses, ids or citations."""
    from archcite.sources.fetch import FetchSettings
    from archcite.sources.load import Loaded, load_argument, load_citation

    if not sources and not citations:
        raise click.UsageError("give at least one FILE, URL or record ID, or --citation TEXT")
    settings = FetchSettings.from_env(app.env, base=base, timeout=timeout)
    registry = app.registry
    library = app.library
    loaded: list[Loaded] = []
    failures: list[str] = []
    errors: list[ArchciteError] = []  # for --debug: the first one's traceback
    for arg in sources:
        try:
            loaded.append(load_argument(arg, registry, settings))
        except ArchciteError as exc:
            failures.append(str(exc))
            errors.append(exc)
    for text in citations:
        try:
            loaded.append(load_citation(text, registry))
        except ArchciteError as exc:
            failures.append(str(exc))
            errors.append(exc)
    # Validate every record as the library would store it, before anything is written.
    taken = set(library.keys())
    previews: list[dict] = []
    for item in loaded:
        try:
            previews.append(_preview(library, item.record, taken))
        except ArchciteError as exc:
            failures.append(f"{item.origin}: {exc}")
            errors.append(exc)
    if failures and app.debug:
        raise errors[0]
    if failures:
        for line in failures:
            click.echo(f"archcite: error: {line}", err=True)
        if loaded and len(failures) < len(loaded) + len(failures):
            click.echo("archcite: nothing was stored (fix or leave out the sources above)",
                       err=True)
        raise SystemExit(1)
    for item in loaded:
        if not item.record.get("URL"):
            # Never silently no URL: a Digital Archive page that names neither its Record ID
            # nor a document address (a copy on a document-sharing site) cites no address.
            click.echo(f"archcite: warning: {item.origin}: the page names no Record ID or "
                       "Digital Archive address; its citation will have no URL", err=True)
    if dry_run:
        for item, preview in zip(loaded, previews, strict=True):
            _show(item.origin, preview, library)
        return
    for item in loaded:
        try:
            key, changed = library.add(item.record, update=update)
        except DuplicateRecordError as exc:
            click.echo(f"archcite: {item.origin}: already in the library as {exc.existing_key};"
                       " unchanged (use --update to replace it)", err=True)
            click.echo(exc.existing_key)
            continue
        if update and not changed:
            click.echo(f"archcite: {item.origin}: {key} is already up to date", err=True)
        click.echo(key)


def _preview(library, record: dict, taken: set[str]) -> dict:  # type: ignore[no-untyped-def]
    """The record as it would be stored (derived fields, a key), validated."""
    from archcite.model.keys import unique_key

    key = unique_key(record, taken)
    taken.add(key)
    return library.prepare({**record, "id": key})


def _show(origin: str, record: dict, library) -> None:  # type: ignore[no-untyped-def]
    """Print a record field by field (dry run)."""
    from archcite.model.holdings import holdings_of

    duplicate = library.find_duplicate({k: v for k, v in record.items() if k != "id"})
    click.echo(f"# {origin} (dry run: nothing stored)")
    if duplicate:
        click.echo(f"# the library already holds this document as {duplicate}")
    click.echo(f"key: {record['id']}")
    for name in sorted(record):
        if name in ("id", "custom"):
            continue
        click.echo(f"{name}: {_value_text(record[name])}")
    custom = record.get("custom") or {}
    for index, holding in enumerate(holdings_of(record), start=1):
        click.echo(f"holding {index}: {holding.archive or '(no archive named)'}")
        for level, value in holding.levels:
            click.echo(f"  {level}: {value}")
        if holding.reference:
            click.echo(f"  reference: {holding.reference}")
    for name in sorted(custom):
        if name != "holdings":
            click.echo(f"custom.{name}: {_value_text(custom[name])}")
    click.echo("")


def _value_text(value: object) -> str:
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        return names_text(value)
    if isinstance(value, dict) and "date-parts" in value:
        return "-".join(f"{int(p):02d}" if i else str(p)
                        for i, p in enumerate(value["date-parts"][0]))
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)
