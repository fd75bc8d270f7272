"""``archcite import``: add the records of a BibTeX/BibLaTeX or CSL-JSON file."""

from __future__ import annotations

from pathlib import Path

import click

from archcite.cli.options import pass_app
from archcite.context import AppContext


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be added; change nothing.")
@pass_app
def command(app: AppContext, file: Path, dry_run: bool) -> None:
    """Import a .bib (BibTeX/BibLaTeX) or CSL-JSON file; prints the keys added.

    A progress bar is drawn on standard error when it is a terminal (never when piped).
    """
    from archcite.cli.progress import progress_bar
    from archcite.formats.importing import import_file

    app.creates_library = True  # the first add or import makes the library
    with progress_bar(None, f"importing {file.name}") as update:
        results = import_file(app.library, file, dry_run=dry_run,
                              progress=lambda done, total: update(done, total))
        update(len(results), len(results))  # every entry handled, stored or already held
    verb = "would add" if dry_run else "added"
    added = 0
    for result in results:
        if result.status == "held":
            continue  # counted in the summary line: a re-import is one line, not one per entry
        added += 1
        if result.rekeyed:
            click.echo(f"archcite: key {result.given!r} re-keyed to {result.key}", err=True)
        click.echo(result.key)
    click.echo(f"archcite: {verb} {added} record(s), {len(results) - added} already held",
               err=True)
