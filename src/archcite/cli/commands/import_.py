"""``archcite import``: add the records of a BibTeX/BibLaTeX, CSL-JSON or RIS file.

A librarian, not a gatekeeper: a bad entry is skipped with one line naming it and why (the
first 20, then a count; ``--verbose`` lists all), the rest is imported, and one summary line
counts what was imported, already held, skipped and renamed. ``--strict`` refuses the whole
file at the first bad entry and writes nothing.
"""

from __future__ import annotations

from pathlib import Path

import click

from archcite.cli.options import pass_app
from archcite.context import AppContext
from archcite.errors import ExportError

SHOWN = 20  # lines of each kind before "… and N more"


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be added; change nothing.")
@click.option("--strict", is_flag=True,
              help="Import nothing if any entry cannot be imported.")
@click.option("--verbose", "-v", is_flag=True,
              help="List every skipped entry, rename and warning (default: the first 20).")
@pass_app
def command(app: AppContext, file: Path, dry_run: bool, strict: bool, verbose: bool) -> None:
    """Import a .bib (BibTeX/BibLaTeX), CSL-JSON or RIS file; prints the keys added.

    A progress bar is drawn on standard error when it is a terminal (never when piped).
    """
    from archcite.cli.progress import progress_bar
    from archcite.formats.importing import ImportSummary, import_file

    with progress_bar(None, f"importing {file.name}") as update:
        results = import_file(app.library, file, dry_run=dry_run, strict=strict,
                              progress=lambda done, total: update(done, total))
    limit = None if verbose else SHOWN
    skipped = [f"skipped {r.label}: {r.reason}" for r in results if r.status == "skipped"]
    renamed = [f"{r.label}: key re-keyed to {r.key} (the old key still finds it)"
               if r.given else f"{r.label}: no key in the file; given the key {r.key}"
               for r in results if r.rekeyed or (r.status == "new" and not r.given)]
    warned = [f"{r.label}: {w}" for r in results if r.status != "skipped" for w in r.warnings]
    for lines, what in ((skipped, "skipped"), (renamed, "renamed"), (warned, "warnings")):
        for line in lines[:limit]:
            click.echo(f"archcite: {line}", err=True)
        if limit is not None and len(lines) > limit:
            click.echo(f"archcite: … and {len(lines) - limit} more {what} (--verbose lists"
                       " all)", err=True)
    for result in results:
        if result.status == "new":
            click.echo(result.key)
    summary = ImportSummary.of(results)
    click.echo(f"archcite: {summary.line(dry_run)}", err=True)
    if results and summary.imported == 0 and summary.held == 0:
        raise ExportError(f"{file}: no entry could be imported")
