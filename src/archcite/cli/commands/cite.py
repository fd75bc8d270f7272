"""``archcite cite KEY...``: print citations of records in a style.

Thin: hand the keys to the rendered-string cache (:func:`archcite.render.cache.render_library`,
which renders only what it lacks, on every core, with :func:`archcite.render.engine.render_entries`)
and print one citation per line: notes in the order given, a bibliography sorted as the style
sorts it. ``--style bibtex|biblatex`` prints the entries as ``export`` writes them.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from archcite.cli.options import OUTPUT_FORMATS, current_keys, pass_app
from archcite.context import AppContext
from archcite.errors import UsageError

EXPORT_STYLES = ("bibtex", "biblatex")


@click.command("cite")
@click.argument("keys", nargs=-1, required=True)
@click.option("--style", "-s", default=None, metavar="STYLE",
              help="chicago, mla, bibtex, biblatex, or the path of a CSL style file "
                   "(default: the settings file's style, else chicago).")
@click.option("--form", "-f", type=click.Choice(["note", "short", "bib", "intext"]),
              default=None,
              help="Chicago: note (default), short, bib. MLA: bib (default), intext. "
                   "A settings file's form serves when the style has it.")
@click.option("--locator", "-l", "locators", multiple=True, metavar="PINPOINT",
              help='A pinpoint for notes and in-text citations, e.g. "l. 95" or "ll. 95-96"; '
                   'with several keys, give it once per key, in the keys\' order '
                   '("" for none).')
@click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default=None,
              help="Output markup (default: the settings file's format, else text).")
@click.option("--shelfmark-first", is_flag=True,
              help='Chicago\'s alternative order: "f. 45, op. 1, d. 339, ll. 95–96, APRF".')
@click.option("--copy", "to_clipboard", is_flag=True,
              help="Also put the citations on the clipboard (with italics where it can).")
@pass_app
def command(app: AppContext, keys: tuple[str, ...], style: str | None, form: str | None,
            locators: tuple[str, ...], fmt: str | None, shelfmark_first: bool,
            to_clipboard: bool) -> None:
    """Print citations of KEY... (notes in the order given; bibliographies sorted)."""
    fmt_given = fmt is not None
    if style is None:
        style = app.setting("style", "chicago")
    keys = tuple(current_keys(app, keys))
    if style.strip().lower() in EXPORT_STYLES:
        from archcite.formats.export import export_records

        unusable = [name for name, given in (("--form", form is not None),
                                             ("--locator", bool(locators)),
                                             ("--format", fmt_given and fmt != "text"),
                                             ("--shelfmark-first", shelfmark_first)) if given]
        if unusable:
            raise UsageError(f"{' and '.join(unusable)} cannot be used with --style "
                             f"{style.strip().lower()}: it prints the .bib entry as export "
                             "writes it")
        records = [app.library.get(key) for key in keys]
        text = export_records(records, style.strip().lower(), app.registry).rstrip("\n")
        click.echo(text)
        if to_clipboard:
            import html

            from archcite.formats.clipboard import copy

            used = copy(f"<pre>{html.escape(text)}</pre>", text, env=app.env)
            click.echo(f"copied to the clipboard ({used.name})", err=True)
        return
    from archcite.render.styles import resolve_style

    if fmt is None:
        fmt = app.setting("format", "text")
    if form is None:
        form = _configured_form(app, style)
    if form is None:
        from archcite.render.engine import default_form

        form = default_form(style)
    resolve_style(style, form)  # a wrong style or form fails even when all is cached
    pinpoints = pair_locators(keys, locators)
    if form == "bib" and any(pinpoints):
        raise UsageError("--locator is for notes and in-text citations; a bibliography entry "
                         "cites the whole document")

    def rendered(markup: str) -> list[str]:
        return _render(app, keys, pinpoints, style=style, form=str(form), fmt=markup,
                       shelfmark_first=shelfmark_first)

    lines = rendered(fmt)
    if fmt == "rtf":
        from archcite.formats.rtf import rtf_document

        click.echo(rtf_document(lines, hanging=form == "bib"), nl=False)
    else:
        for line in lines:
            click.echo(line)
    if to_clipboard:
        _copy(app, lambda markup: lines if markup == fmt else rendered(markup))


def _configured_form(app: AppContext, style: str) -> str | None:
    """The settings file's form when ``style`` has it (an MLA project's ``intext`` must not
    break ``--style chicago``), else None."""
    form = app.config.get("form")
    if form is None:
        return None
    from archcite.errors import RenderError
    from archcite.render.styles import resolve_style

    try:
        resolve_style(style, form)
    except RenderError:
        return None
    return form


def _render(app: AppContext, keys: tuple[str, ...], pinpoints: list[str | None], *, style: str,
            form: str, fmt: str, shelfmark_first: bool) -> list[str]:
    """The citations of ``keys`` with their pinpoints, one string each (a bibliography sorted)."""
    from archcite.render.cache import in_order, render_library
    from archcite.render.lazy import engine_functions
    from archcite.render.literature import unique_entries
    from archcite.render.styles import resolve_style

    if form == "intext" and resolve_style(style, form).builtin:
        # MLA in-text citations depend on the cited set (two works of one author add a short
        # title): the keys given, or for a single key the library. Rendered directly: cheap,
        # and the rendered-string cache keeps one text per record whatever the set.
        from archcite.render.engine import render
        from archcite.render.intext import library_set

        records = [app.library.get(key) for key in keys]
        cited = records if len(keys) > 1 else library_set(app.library, records)
        return [render([record], style=style, form=form, fmt=fmt, locator=pinpoint,
                       registry=app.registry, cited=cited)[0]
                for record, pinpoint in zip(records, pinpoints, strict=True)]

    # The engine is imported only if something must be rendered (a warm cite reads the cache).
    renderer, sorter = engine_functions("render_entries", "entry_sort_key")
    items: list[tuple[str, str]] = []
    # Keys that share a pinpoint (all of them, usually) render together; the order is kept.
    runs: list[tuple[str | None, list[str]]] = []
    for key, pinpoint in zip(keys, pinpoints, strict=True):
        if runs and runs[-1][0] == pinpoint:
            runs[-1][1].append(key)
        else:
            runs.append((pinpoint, [key]))
    for pinpoint, run in runs:
        items += render_library(app.library, run, style=style, form=form, fmt=fmt,
                                renderer=renderer, sorter=sorter, locator=pinpoint,
                                shelfmark_first=shelfmark_first)
    # documents printed in one volume list that volume once (Chicago)
    return unique_entries(in_order(items)) if form == "bib" else [text for text, _ in items]


def _copy(app: AppContext, rendered: Callable[[str], list[str]]) -> None:
    """Copy the citations just printed: as HTML where the clipboard takes rich text, as plain
    text otherwise (``rendered(markup)`` gives them in a format)."""
    from archcite.formats.clipboard import choose_tool, copy

    tool = choose_tool(app.env)
    html = "<br>".join(rendered("html")) if tool.rich else ""
    used = copy(html, "\n".join(rendered("text")), env=app.env)
    kind = "rich text" if used.rich else "plain text"
    click.echo(f"copied to the clipboard as {kind} ({used.name})", err=True)


def pair_locators(keys: tuple[str, ...], locators: tuple[str, ...]) -> list[str | None]:
    """The pinpoint of each key: ``--locator`` given once per key pairs with the keys in order.

    One pinpoint for several keys is refused rather than put on every key: a leaf number
    belongs to one document, and repeating it silently cites the others wrongly. An empty
    ``--locator ""`` stands for "no pinpoint" so that a later key can still have one.
    """
    if not locators:
        return [None] * len(keys)
    if len(locators) != len(keys):
        if len(locators) == 1:
            raise UsageError(f"one --locator for {len(keys)} keys: give --locator once per key, "
                             'in the same order ("" for a key without a pinpoint)')
        raise UsageError(f"{len(locators)} --locator options for {len(keys)} keys: give "
                         'exactly one per key, in the same order ("" for none)')
    return [loc.strip() or None for loc in locators]
