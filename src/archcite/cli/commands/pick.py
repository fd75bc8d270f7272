"""``archcite pick [QUERY]``: choose a record interactively; print its key or its citation."""

from __future__ import annotations

import sys

import click

from archcite.cli.argv import people
from archcite.cli.options import pass_app
from archcite.context import AppContext
from archcite.errors import UsageError


@click.command("pick")
@click.argument("query", nargs=-1)
@click.option("--cite", "as_citation", is_flag=True,
              help="Print the chosen record's citation instead of its key.")
@click.option("--style", "-s", default=None, metavar="STYLE",
              help="With --cite: chicago (default), mla, bibtex, biblatex or a CSL file.")
@click.option("--form", "-f", type=click.Choice(["note", "short", "bib", "intext"]),
              default=None, help="With --cite: the citation's form (as for cite).")
@pass_app
@click.pass_context
def command(ctx: click.Context, app: AppContext, query: tuple[str, ...], as_citation: bool,
            style: str | None, form: str | None) -> None:
    """Pick a record on the terminal: type to filter (fuzzy; QUERY starts the filter), arrows
    or Ctrl-P/Ctrl-N to move, Enter prints the key (or the citation with --cite), Esc or
    Ctrl-C leaves. Drawn on the terminal, so `key=$(archcite pick)` keeps only the choice."""
    from archcite.cli.picker import Candidate, NoTerminal, Picker, run

    if (style is not None or form is not None) and not as_citation:
        raise UsageError("--style and --form choose the citation: give them with --cite")
    if not sys.stdin.isatty():
        raise UsageError("pick needs a terminal to type in; in a script use "
                         "archcite search QUERY --keys")
    from archcite.library.index import open_index

    def warn(message: str) -> None:
        click.echo(f"archcite: warning: skipped {message} (see archcite check)", err=True)

    with open_index(app.library, warn) as index:
        rows = index.search("", sort="date")
    if not rows:
        raise UsageError(f"nothing to pick: no records in {app.library_path}")
    candidates = [Candidate(r.key, "  ".join(part for part in (
        r.key, r.date, people(r.sender, r.recipient), r.reference, r.title) if part))
        for r in rows]
    try:
        chosen = run(Picker(candidates, " ".join(query)))
    except NoTerminal as exc:
        raise UsageError(f"pick needs a terminal to type in ({exc}); in a script use "
                         "archcite search QUERY --keys") from None
    if chosen is None:
        raise click.exceptions.Exit(130)  # as fzf: cancelled, nothing printed
    if not as_citation:
        click.echo(chosen.key)
        return
    group = ctx.parent.command if ctx.parent is not None else None
    cite = group.get_command(ctx, "cite") if isinstance(group, click.Group) else None
    if cite is None:  # pragma: no cover - the group always has cite
        raise UsageError("cannot cite here")
    args = [chosen.key, *(["--style", style] if style else []), *(["--form", form] if form else [])]
    with cite.make_context("cite", args, parent=ctx.parent) as sub:
        cite.invoke(sub)
