"""``archcite cite KEY...``: print citations of records in a style.

Thin: hand the keys to the rendered-string cache (:func:`archcite.render.cache.render_library`,
which renders only what it lacks, on every core, with :func:`archcite.render.engine.render_entries`)
and print one citation per line: notes in the order given, a bibliography sorted as the style
sorts it. ``--style bibtex|biblatex`` prints the entries as ``export`` writes them.
"""

from __future__ import annotations

import click

from archcite.cli.options import OUTPUT_FORMATS, pass_app
from archcite.context import AppContext

EXPORT_STYLES = ("bibtex", "biblatex")


@click.command("cite")
@click.argument("keys", nargs=-1, required=True)
@click.option("--style", "-s", default="chicago", show_default=True, metavar="STYLE",
              help="chicago, mla, bibtex, biblatex, or the path of a CSL style file.")
@click.option("--form", "-f", type=click.Choice(["note", "short", "bib", "intext"]),
              default=None,
              help="Chicago: note (default), short, bib. MLA: bib (default), intext.")
@click.option("--locator", "-l", default=None, metavar="PINPOINT",
              help='A pinpoint for notes and in-text citations, e.g. "l. 95" or "ll. 95-96".')
@click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="text",
              show_default=True, help="Output markup.")
@click.option("--shelfmark-first", is_flag=True,
              help='Chicago\'s alternative order: "f. 45, op. 1, d. 339, ll. 95–96, APRF".')
@click.option("--copy", "to_clipboard", is_flag=True,
              help="Also put the citations on the clipboard (with italics where it can).")
@pass_app
def command(app: AppContext, keys: tuple[str, ...], style: str, form: str | None,
            locator: str | None, fmt: str, shelfmark_first: bool, to_clipboard: bool) -> None:
    """Print citations of KEY... (notes in the order given; bibliographies sorted)."""
    if style.strip().lower() in EXPORT_STYLES:
        from archcite.formats.export import export_records

        records = [app.library.get(key) for key in keys]
        text = export_records(records, style.strip().lower(), app.registry).rstrip("\n")
        click.echo(text)
        if to_clipboard:
            import html

            from archcite.formats.clipboard import copy

            used = copy(f"<pre>{html.escape(text)}</pre>", text, env=app.env)
            click.echo(f"copied to the clipboard ({used.name})", err=True)
        return
    from archcite.render.cache import in_order, render_library
    from archcite.render.lazy import engine_functions
    from archcite.render.styles import resolve_style

    if form is None:
        from archcite.render.engine import default_form

        form = default_form(style)
    resolve_style(style, form)  # a wrong style or form fails even when all is cached
    # The engine is imported only if something must be rendered (a warm cite reads the cache).
    renderer, sorter = engine_functions("render_entries", "entry_sort_key")
    items = render_library(app.library, list(keys), style=style, form=form, fmt=fmt,
                           renderer=renderer, sorter=sorter,
                           locator=None if form == "bib" else locator,
                           shelfmark_first=shelfmark_first)
    lines = in_order(items) if form == "bib" else [text for text, _ in items]
    if fmt == "rtf":
        from archcite.formats.rtf import rtf_document

        click.echo(rtf_document(lines, hanging=form == "bib"), nl=False)
    else:
        for line in lines:
            click.echo(line)
    if to_clipboard:
        _copy(app, list(keys), style, form, locator, shelfmark_first, lines, fmt)


def _copy(app: AppContext, keys: list[str], style: str, form: str, locator: str | None,
          shelfmark_first: bool, lines: list[str], fmt: str) -> None:
    """Copy the citations just printed: as HTML (rendered again in that format) where the
    clipboard takes rich text, as plain text otherwise."""
    from archcite.formats.clipboard import choose_tool, copy
    from archcite.render.cache import in_order, render_library
    from archcite.render.lazy import engine_functions

    def rendered(markup: str) -> list[str]:
        if markup == fmt:
            return lines
        renderer, sorter = engine_functions("render_entries", "entry_sort_key")
        items = render_library(app.library, keys, style=style, form=form, fmt=markup,
                               renderer=renderer, sorter=sorter,
                               locator=None if form == "bib" else locator,
                               shelfmark_first=shelfmark_first)
        return in_order(items) if form == "bib" else [text for text, _ in items]

    tool = choose_tool(app.env)
    html = "<br>".join(rendered("html")) if tool.rich else ""
    used = copy(html, "\n".join(rendered("text")), env=app.env)
    kind = "rich text" if used.rich else "plain text"
    click.echo(f"copied to the clipboard as {kind} ({used.name})", err=True)
