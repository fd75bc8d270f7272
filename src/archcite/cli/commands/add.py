"""``archcite add``: store records read from saved pages, addresses, ids or citation strings.

Like ``import``: every source that can be read and stored is added; each one that cannot is
reported in one line, and the exit status is 1 when any failed (``--strict``: all or nothing —
one failure and nothing is stored). A document the library already holds (same Record ID or
URL) is not a failure: it is reported on stderr, its key is printed, and it stays unchanged
unless ``--update`` is given. Every record goes through the library's one write path.

Standard output is one key per line when piped (``KEY=$(archcite add page.md)``); on a terminal
each line also says what was added: date, sender → recipient and the archive reference.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from archcite.cli.argv import people
from archcite.cli.options import pass_app
from archcite.context import AppContext
from archcite.errors import ArchciteError
from archcite.model.names import names_text


@click.command("add")
@click.argument("sources", nargs=-1, metavar="FILE|URL|ID...")
@click.option("--citation", "citations", multiple=True, metavar="TEXT",
              help="A citation string as the Wilson Center prints it (repeatable).")
@click.option("--dry-run", is_flag=True, help="Show the records field by field; store nothing.")
@click.option("--update", is_flag=True,
              help="Replace a record the library already holds (same Record ID or URL); "
                   "your tags and notes are kept.")
@click.option("--strict", is_flag=True,
              help="All or nothing: if any source cannot be added, store none of them.")
@click.option("--base", metavar="URL", default=None,
              help="Fetch pages from this address instead of the Wilson Center "
                   "(default: $ARCHCITE_WILSON_BASE or digitalarchive.wilsoncenter.org).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, metavar="SECONDS",
              help="Give up on a page that does not answer in this time (default 20).")
@click.option("--archive", default=None, metavar="NAME",
              help="Manual entry: the archive holding the document (RGASPI, AVPRF ...).")
@click.option("--fond", default=None, metavar="N", help="Manual entry: the fond.")
@click.option("--opis", default=None, metavar="N", help="Manual entry: the opis.")
@click.option("--delo", default=None, metavar="N", help="Manual entry: the delo (file).")
@click.option("--ed-khr", "ed_khr", default=None, metavar="N",
              help="Manual entry: the edinitsa khraneniia (storage unit).")
@click.option("--papka", default=None, metavar="N", help="Manual entry: the papka (folder).")
@click.option("--perechen", default=None, metavar="N", help="Manual entry: the perechen.")
@click.option("--dokument", default=None, metavar="N",
              help="Manual entry: the document number.")
@click.option("--listy", "--list", "listy", default=None, metavar="LEAVES",
              help="Manual entry: the leaves, e.g. 92, 95-96, 14ob (one leaf is cited l., "
                   "several ll.).")
@click.option("--reference", default=None, metavar="TEXT",
              help='Manual entry: the reference as the archive writes it, e.g. "f. 07, op. 24, '
                   'p. 32, d. 407, l. 5" or a reference of any other system.')
@click.option("--date", "date_text", default=None, metavar="DATE",
              help="Manual entry: the document's date (1952-02-23, February 23, 1952, 1952-02).")
@click.option("--from", "senders", multiple=True, metavar="NAME",
              help='Manual entry: the sender, as the document names them, e.g. '
                   '"Filippov [Stalin]" (repeatable).')
@click.option("--to", "recipients", multiple=True, metavar="NAME",
              help="Manual entry: the recipient (repeatable).")
@click.option("--genre", default=None, metavar="KIND",
              help="Manual entry: the kind of document (cable, letter, memorandum ...).")
@click.option("--title", default=None, metavar="TEXT",
              help='Manual entry: the title (default: made from --genre, --from and --to, '
                   'e.g. "Cable, Filippov [Stalin] to Mao Zedong").')
@click.option("--url", default=None, metavar="URL",
              help="Manual entry: an address where the document can be seen, if any.")
@pass_app
def command(app: AppContext, sources: tuple[str, ...], citations: tuple[str, ...],
            dry_run: bool, update: bool, strict: bool, base: str | None,
            timeout: float | None, archive: str | None, senders: tuple[str, ...],
            recipients: tuple[str, ...], date_text: str | None, genre: str | None,
            title: str | None, reference: str | None, url: str | None,
            **levels: str | None) -> None:
    """Add documents from saved pages (text, Markdown, HTML), addresses, ids or citations,
    or one typed in by hand (--archive, --fond ... --date, --from, --to, --genre)."""
    from archcite.sources.fetch import FetchSettings
    from archcite.sources.load import Loaded, load_argument, load_citation
    from archcite.sources.manual import ManualEntry

    entry = ManualEntry(archive=archive or "", reference=reference or "",
                        date=date_text or "", senders=list(senders),
                        recipients=list(recipients), genre=genre or "", title=title or "",
                        url=url or "",
                        levels={k: v for k, v in levels.items() if v is not None})
    if entry.is_empty() and url:
        raise click.UsageError("--url belongs to a manual entry (--archive, --date ...)")
    if not sources and not citations and entry.is_empty():
        raise click.UsageError("give at least one FILE, URL or record ID, --citation TEXT, or "
                               "a manual entry (--archive ... --date ...)")
    settings = FetchSettings.from_env(app.env, base=base, timeout=timeout)
    registry = app.registry
    library = app.library
    loaded: list[Loaded] = []
    failures: list[ArchciteError] = []
    for arg in sources:
        try:
            loaded.append(load_argument(arg, registry, settings))
        except ArchciteError as exc:
            failures.append(exc)
    from_pages = len(loaded)
    for text in citations:
        try:
            loaded.append(load_citation(text, registry))
        except ArchciteError as exc:
            failures.append(exc)
    if not entry.is_empty():
        from archcite.sources.manual import record_from_entry

        try:
            record, notes = record_from_entry(entry, registry)
        except ArchciteError as exc:
            failures.append(exc)
        else:
            for note in notes:
                click.echo(f"archcite: note: {note}", err=True)
            loaded.append(Loaded("manual entry", record))
    records = [item.record for item in loaded]
    plan = library.plan_adds(records, update=update) if records else []
    for item, planned in zip(loaded, plan, strict=True):
        if planned.error is not None:
            failures.append(type(planned.error)(f"{item.origin}: {planned.error}"))
    if failures and app.debug:
        raise failures[0]
    if failures and (strict or dry_run):
        _report(failures)
        if any(p.error is None for p in plan):
            click.echo("archcite: nothing was stored (--strict: fix or leave out the sources "
                       "above)" if not dry_run else "archcite: dry run: nothing was stored",
                       err=True)
        raise SystemExit(1)
    for item in loaded[:from_pages]:  # a citation or a typed-in entry need not name one
        if not item.record.get("URL"):
            # Never silently no URL: a Digital Archive page that names neither its Record ID
            # nor a document address (a copy on a document-sharing site) cites no address.
            click.echo(f"archcite: warning: {item.origin}: the page names no Record ID or "
                       "Digital Archive address; its citation will have no URL", err=True)
    if dry_run:
        for item, planned in zip(loaded, plan, strict=True):
            shown = planned.record or library.prepare({**item.record, "id": planned.key})
            _show(item.origin, shown, planned.status)
        return
    report = library.add_many(records, update=update) if records else None
    terminal = sys.stdout.isatty()
    for item, added in zip(loaded, report.items if report else [], strict=True):
        if added.error is not None:
            if plan[added.position].error is None:  # the library changed since the plan
                failures.append(type(added.error)(f"{item.origin}: {added.error}"))
            continue
        if added.status == "held":
            click.echo(f"archcite: {item.origin}: already in the library as {added.key};"
                       " unchanged (use --update to replace it)", err=True)
        elif added.status == "unchanged":
            click.echo(f"archcite: {item.origin}: {added.key} is already up to date", err=True)
        if terminal and added.record is not None and added.status in ("new", "updated"):
            verb = "added" if added.status == "new" else "updated"
            click.echo(f"{verb} {describe(added.record, app)}")
        else:
            click.echo(added.key)
    if failures:
        _report(failures)
        stored = len(report.added) + len(report.updated) if report else 0
        total = len(sources) + len(citations) + (not entry.is_empty())
        if total > 1:  # one source that failed is said by its one error line
            click.echo(f"archcite: {stored} of {total} source(s) stored; {len(failures)} could "
                       "not be added", err=True)
        raise SystemExit(1)


def describe(record: dict[str, Any], app: AppContext) -> str:
    """``KEY  date  sender → recipient  reference``: what a historian checks after an add."""
    from archcite.library.index import record_rows

    rows = record_rows(record, app.library)
    parts = [rows["key"], rows["date"], people(rows["sender"], rows["recipient"]),
             rows["reference"]]
    return "  ".join(part for part in parts if part)


def _report(failures: list[ArchciteError]) -> None:
    for exc in failures:
        click.echo(f"archcite: error: {exc}", err=True)


def _show(origin: str, record: dict[str, Any], status: str) -> None:
    """Print a record field by field (dry run), under the key it has or would get."""
    from archcite.model.holdings import holdings_of

    click.echo(f"# {origin} (dry run: nothing stored)")
    if status in ("held", "updated", "unchanged"):
        note = {"held": "", "updated": " (--update would replace it)",
                "unchanged": " (--update would change nothing)"}[status]
        click.echo(f"# the library already holds this document as {record['id']}{note}")
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
