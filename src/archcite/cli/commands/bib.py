"""``archcite bib [QUERY]``: the bibliography of the records a query finds, sorted.

Rendering goes through the rendered-string cache (:mod:`archcite.render.cache`): a warm
bibliography is read back, a cold one is rendered on every core.
"""

from __future__ import annotations

from pathlib import Path

import click

from archcite.cli.listing import warn
from archcite.cli.options import OUTPUT_FORMATS, QUERY_CONTEXT, QueryCommand, pass_app
from archcite.context import AppContext
from archcite.errors import RenderError
from archcite.render.cache import Renderer, Sorter, in_order, render_library
from archcite.render.lazy import engine_functions

STYLES = ("chicago", "mla")


def load_renderer() -> tuple[Renderer, Sorter]:
    """The real citation engine (entries in record order) and the style's sort key.

    Both import the engine only when called (:mod:`archcite.render.lazy`), so a warm
    bibliography, read from the cache, never imports it, nor citeproc.
    """
    renderer, sorter = engine_functions("render_entries", "entry_sort_key")
    return renderer, sorter


@click.command(name="bib", cls=QueryCommand, context_settings=QUERY_CONTEXT)
@click.argument("query", nargs=-1, type=click.UNPROCESSED)
@click.option("--style", default=None, metavar="chicago|mla|FILE",
              help="Citation style (or a CSL style file; default: the settings file's style, "
                   "else chicago).")
@click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default=None,
              help="Output format (default: the settings file's format, else text).")
@click.option("--sections", is_flag=True,
              help='Split into "Archival sources" (grouped by archive) and "Published sources".')
@pass_app
def command(app: AppContext, query: tuple[str, ...], style: str | None, fmt: str | None,
            sections: bool) -> None:
    """Print the bibliography of the records matching QUERY (all records without one).

    One alphabetical list, archives and literature together (as CMOS sorts a bibliography),
    or with --sections the archival sources, grouped by archive, before the published ones.
    """
    if style is None:
        style = app.setting("style", "chicago")
    if fmt is None:
        fmt = app.setting("format", "text")
    from archcite.library.index import open_index
    from archcite.library.query import join_args
    from archcite.render.literature import heading, split_sections, unique_entries

    if style not in STYLES and not Path(style).is_file():
        raise RenderError(f"unknown style {style!r} (use chicago, mla or a CSL file)")
    with open_index(app.library, warn) as index:
        keys = index.keys(join_args(query), sort="key")
    if not keys:
        return
    renderer, sorter = load_renderer()
    items = render_library(app.library, keys, style=style, form="bib", fmt=fmt,
                           renderer=renderer, sorter=sorter)
    groups = (split_sections(items) if sections
              else [("", unique_entries(in_order(items)))])
    if fmt == "html":
        from archcite.formats.htmlblocks import html_blocks

        click.echo("\n".join((heading(title, fmt) + "\n" if title else "") + html_blocks(entries)
                             for title, entries in groups))
    elif fmt == "rtf":
        from archcite.formats.rtf import rtf_document

        paragraphs = [part for title, entries in groups
                      for part in ([heading(title, fmt)] if title else []) + entries]
        click.echo(rtf_document(paragraphs, hanging=True), nl=False)
    else:
        gap = "\n\n" if fmt == "markdown" else "\n"
        click.echo("\n\n".join((heading(title, fmt) + "\n\n" if title else "") + gap.join(entries)
                                 for title, entries in groups))
