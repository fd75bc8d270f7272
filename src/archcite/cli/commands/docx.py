"""``archcite docx PAPER.docx -o OUT.docx``: cite in a Word document.

Thin: open the package, hand :func:`archcite.formats.word.document.process` the library's
records and the citation engine, write the result, report. :func:`cite_document` is the same
job without click (tests and scripts call it).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from archcite.cli.options import pass_app
from archcite.context import AppContext
from archcite.errors import ArchciteError, KeyNotFoundError, RenderError


@dataclass
class DocxResult:
    """What ``archcite docx`` did, for its report."""

    output: Path
    citations: int
    notes: int
    bibliography: int
    unknown: list[tuple[str, str]]
    suggestions: dict[str, str]
    damaged: int
    backup: Path | None = None


def cite_document(app: AppContext, paper: Path, output: Path | None, *, style: str = "chicago",
                  ibid: bool = False, in_place: bool = False) -> DocxResult:
    """Write the citations of the Word document ``paper`` to ``output`` (or back to ``paper``
    after a backup with ``in_place``); the input is otherwise never changed."""
    from archcite.formats.word.document import process
    from archcite.formats.word.markers import CiteSpec
    from archcite.formats.word.package import backup_path, open_package, save_package
    from archcite.render import engine
    from archcite.render.styles import resolve_style

    name = style.strip().lower()
    if name in ("bibtex", "biblatex"):
        raise RenderError(f"style {name} has no notes or in-text citations; use chicago, mla "
                          "or a CSL file")
    if name == "mla":
        form = "intext"
    else:
        form = "note"
        if name != "chicago":  # a CSL file: in-text if its class says so
            ref = resolve_style(style, "note")
            form = "intext" if _in_text_class(ref.path) else "note"
    resolve_style(style, form)
    if in_place:
        target = paper
    elif output is None:
        raise click.UsageError("give -o OUT.docx (or --in-place to write back to the paper)")
    else:
        target = output
        if target.exists() and target.resolve() == paper.resolve():
            raise ArchciteError(f"{target}: is the input; use --in-place to write back to it")
    package = open_package(paper)
    registry = app.registry

    renamed: dict[str, str] = {}
    # Every record the paper cites (each looked up before anything is rendered): MLA tells two
    # works of one author apart by the cited set, not by the whole library.
    cited: dict[str, dict[str, Any]] = {}

    def lookup(key: str) -> dict[str, Any] | None:
        record = _lookup(key)
        if record is not None:
            cited[str(record["id"])] = record
        return record

    def _lookup(key: str) -> dict[str, Any] | None:
        try:
            return app.library.get(key)
        except KeyNotFoundError:
            pass
        # A paper written before an import or rekey renamed the record cites its former key:
        # it still finds the record (the field keeps the key as the writer typed it).
        from archcite.library.oldkeys import resolve_key

        current, was_old = resolve_key(app.library, key)
        if not was_old:
            return None
        if key not in renamed:
            renamed[key] = current
            click.echo(f"archcite: {key} is an old key; the record is now {current}", err=True)
        return app.library.get(current)

    def render(items: list[tuple[dict[str, Any], CiteSpec, str]], cite_form: str,
               ends_sentence: bool) -> str:
        cites = [engine.CiteItem(record, spec.locator, spec.prefix, spec.suffix, position)
                 for record, spec, position in items]
        return engine.render_citation(cites, style=style, form=cite_form, fmt="html",
                                      registry=registry, ends_sentence=ends_sentence,
                                      cited=list(cited.values()))

    def bibliography(records: list[dict[str, Any]]) -> list[str]:
        return engine.render(records, style=style, form="bib", fmt="html", registry=registry)

    has_bib = True
    if name not in ("chicago", "mla"):
        from archcite.render.styles import load_style

        has_bib = bool(load_style(resolve_style(style, "note")).has_bibliography())
    outcome = process(package, lookup=lookup, note_style=form == "note", render=render,
                      bibliography=bibliography if has_bib else None,
                      ibid_positions=lambda keys: engine.note_positions(keys, ibid=ibid))
    backup = None
    if in_place:
        backup = backup_path(paper)
        shutil.copy2(paper, backup)
    save_package(package, target)
    suggestions = {}
    for key, _ in outcome.unknown:
        hint = app.library.suggest(key)
        if hint:
            suggestions[key] = hint
    return DocxResult(target, outcome.citations, outcome.notes, outcome.bibliography,
                      outcome.unknown, suggestions, outcome.damaged, backup)


def _in_text_class(path: Path) -> bool:
    from lxml import etree

    try:
        root = etree.parse(str(path)).getroot()
    except (OSError, etree.XMLSyntaxError):
        return False
    info = root.find("{http://purl.org/net/xbiblio/csl}info")
    if info is None:
        return str(root.get("class", "")) == "in-text"
    return str(root.get("class", "")) == "in-text"


@click.command("docx")
@click.argument("paper", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the cited document here (the input is never changed).")
@click.option("--style", "-s", default=None, metavar="STYLE",
              help="Citation style: notes (chicago) or in-text (mla), an official CSL style's "
                   "name (with archcite[styles]), or a CSL style file (default: the settings "
                   "file's style, else chicago).")
@click.option("--ibid", is_flag=True, help='Write "Ibid." for a note citing the same single '
              "source as the note before (Chicago prefers short notes).")
@click.option("--in-place", is_flag=True,
              help="Write back to PAPER.docx, after copying it to PAPER.docx.bak.")
@pass_app
def command(app: AppContext, paper: Path, output: Path | None, style: str | None, ibid: bool,
            in_place: bool) -> None:
    """Turn [@key, l. 95] markers in PAPER.docx into footnotes (endnotes where the paper's
    notes are endnotes; Chicago) or parentheticals (MLA) with a bibliography where a
    paragraph reads [bibliography]; refresh the citations of a document archcite wrote
    (after editing records, moving text or changing --style)."""
    if in_place and output is not None:
        raise click.UsageError("give either -o OUT.docx or --in-place, not both")
    if style is None:
        style = app.setting("style", "chicago")
    result = cite_document(app, paper, output, style=style, ibid=ibid, in_place=in_place)
    for key, marker in result.unknown:
        hint = result.suggestions.get(key)
        more = f"; did you mean {hint!r}?" if hint else ""
        click.echo(f"archcite: no record {key!r} (left as written: {marker}){more}", err=True)
    if result.damaged:
        click.echo(f"archcite: warning: {result.damaged} archcite field(s) could not be read "
                   "and were left as they are", err=True)
    if result.backup is not None:
        click.echo(f"backup: {result.backup}", err=True)
    notes = f", {result.notes} new notes" if result.notes else ""
    bib = f", bibliography of {result.bibliography}" if result.bibliography else ""
    click.echo(f"{result.output}: {result.citations} citations{notes}{bib}")
    if result.unknown:
        raise click.exceptions.Exit(1)
