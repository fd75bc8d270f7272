"""``archcite bib [QUERY]``: the bibliography of the records a query finds, sorted.

Rendering goes through the rendered-string cache (:mod:`archcite.render.cache`): a warm
bibliography is read back, a cold one is rendered on every core.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from archcite.cli.listing import warn
from archcite.cli.options import OUTPUT_FORMATS, pass_app
from archcite.context import AppContext
from archcite.errors import RenderError
from archcite.render.cache import Renderer, render_cached

STYLES = ("chicago", "mla")


def load_renderer() -> Renderer:
    """The real citation engine, imported only when a bibliography is rendered."""
    try:
        from archcite.render import engine
    except ModuleNotFoundError as exc:
        if exc.name in ("archcite.render.engine", "archcite.render"):
            raise RenderError("the citation renderer (archcite.render.engine) is not part of"
                              " this build") from exc
        raise
    return engine.render  # type: ignore[no-any-return]


def sort_key(entry: str) -> str:
    """Bibliographies sort by their text: markup stripped, case, accents and script folded."""
    from archcite.library.fold import fold

    return fold(re.sub(r"<[^>]+>|\\[a-z]+|[*_{}]", "", entry))


@click.command(name="bib", context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, type=click.UNPROCESSED)
@click.option("--style", default="chicago", show_default=True, metavar="chicago|mla|FILE",
              help="Citation style (or a CSL style file).")
@click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="text",
              show_default=True, help="Output format.")
@pass_app
def command(app: AppContext, query: tuple[str, ...], style: str, fmt: str) -> None:
    """Print the bibliography of the records matching QUERY (all records without one)."""
    from archcite.library.index import open_index
    from archcite.library.query import join_args

    if style not in STYLES and not Path(style).is_file():
        raise RenderError(f"unknown style {style!r} (use chicago, mla or a CSL file)")
    with open_index(app.library, warn) as index:
        keys = index.keys(join_args(query), sort="key")
    records = [app.library.get(key) for key in keys]
    if not records:
        return
    entries = render_cached(records, style=style, form="bib", fmt=fmt, registry=app.registry,
                            renderer=load_renderer(), cache_dir=app.library.cache_dir)
    entries.sort(key=sort_key)
    click.echo(("\n\n" if fmt == "markdown" else "\n").join(entries))
