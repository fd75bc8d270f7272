"""``archcite export``: BibTeX, BibLaTeX or CSL-JSON of all, named, or a paper's cited records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from archcite.cli.options import current_keys, output_file_option, pass_app
from archcite.context import AppContext
from archcite.errors import ExportError

FORMATS = ("bibtex", "biblatex", "csl-json")
_PAPER = click.Path(dir_okay=False, path_type=Path)


@click.command("export")
@click.argument("keys", nargs=-1)
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="biblatex",
              show_default=True, help="Output format.")
@output_file_option
@click.option("--tex", "tex", type=_PAPER, help="Only the records this LaTeX source cites.")
@click.option("--aux", "aux", type=_PAPER, help="Only the records this .aux file cites.")
@click.option("--md", "md", type=_PAPER, help="Only the records this pandoc Markdown cites.")
@click.option("--check", is_flag=True, help="Exit 1 when the paper cites keys the library lacks.")
@click.option("--full", is_flag=True,
              help="Add x-archcite-* fields so that import restores every part of the record.")
@click.option("--original-script", is_flag=True,
              help="BibLaTeX: keep Cyrillic/Chinese as written (XeLaTeX/LuaLaTeX).")
@pass_app
def command(app: AppContext, keys: tuple[str, ...], fmt: str, output: str | None,
            tex: Path | None, aux: Path | None, md: Path | None, check: bool, full: bool,
            original_script: bool) -> None:
    """Export records as BibTeX (7-bit), BibLaTeX (UTF-8) or CSL-JSON."""
    from archcite.formats.citations import cited_keys
    from archcite.formats.export import iter_export, select_records

    papers = [(p, kind) for p, kind in ((tex, "tex"), (aux, "aux"), (md, "md")) if p]
    cited = [key for path, kind in papers for key in cited_keys(path, kind)] if papers else None
    records, missing = select_records(app.library, current_keys(app, keys), cited)
    if papers and not keys and not cited:
        names = ", ".join(str(p) for p, _ in papers)
        click.echo(f"archcite: warning: {names} cites no keys; nothing to export", err=True)
    if missing:
        names = ", ".join(str(p) for p, _ in papers)
        click.echo(f"archcite: warning: {names} cites {len(missing)} key(s) the library lacks: "
                   f"{', '.join(missing)}", err=True)
        if check:
            raise ExportError(f"{len(missing)} cited key(s) missing from the library")
    counted = _Counted(records)
    chunks = iter_export(counted, fmt, app.registry, keys=frozenset(app.library.keys()),
                         script="original" if original_script else "latin", full=full)
    if output is None:
        for chunk in chunks:  # written as it goes: a large library never in memory whole
            click.echo(chunk, nl=False)
        return
    from archcite.files import atomic_write_chunks

    path = Path(output)
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: no folder {path.parent}")
    if atomic_write_chunks(path, chunks, only_if_changed=True):
        click.echo(f"archcite: wrote {counted.count} entries to {path}", err=True)
    else:
        click.echo(f"archcite: {path} is up to date ({counted.count} entries)", err=True)


class _Counted:
    """The records, counted as the export reads them (a generator has no length)."""

    def __init__(self, records: Iterable[dict[str, Any]]) -> None:
        self.records, self.count = records, 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for record in self.records:
            self.count += 1
            yield record
