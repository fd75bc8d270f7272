"""``archcite export``: BibTeX, BibLaTeX or CSL-JSON of all, named, or a paper's cited records."""

from __future__ import annotations

from pathlib import Path

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
              help="Add an x-archcite field so that import restores every part of the record.")
@click.option("--original-script", is_flag=True,
              help="BibLaTeX: keep Cyrillic/Chinese as written (XeLaTeX/LuaLaTeX).")
@pass_app
def command(app: AppContext, keys: tuple[str, ...], fmt: str, output: str | None,
            tex: Path | None, aux: Path | None, md: Path | None, check: bool, full: bool,
            original_script: bool) -> None:
    """Export records as BibTeX (7-bit), BibLaTeX (UTF-8) or CSL-JSON."""
    from archcite.formats.citations import cited_keys
    from archcite.formats.export import export_records, select_records

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
    text = export_records(records, fmt, app.registry,
                          script="original" if original_script else "latin", full=full)
    if output is None:
        click.echo(text, nl=False)
        return
    from archcite.library.files import atomic_write_text

    path = Path(output)
    try:
        unchanged = path.is_file() and path.read_text("utf-8") == text
    except (OSError, UnicodeDecodeError):
        unchanged = False
    if unchanged:
        click.echo(f"archcite: {path} is up to date ({len(records)} entries)", err=True)
        return
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: no folder {path.parent}")
    atomic_write_text(path, text)
    click.echo(f"archcite: wrote {len(records)} entries to {path}", err=True)
