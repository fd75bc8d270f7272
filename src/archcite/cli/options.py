"""Shared click options and helpers, so every command spells them the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from archcite.context import AppContext

F = TypeVar("F", bound=Callable[..., Any])

pass_app = click.make_pass_decorator(AppContext)

OUTPUT_FORMATS = ("text", "html", "markdown", "latex")


def output_file_option(func: F) -> F:
    """``-o/--output FILE``: write there (atomically) instead of standard output."""
    return click.option("-o", "--output", "output", type=click.Path(dir_okay=False),
                        default=None, help="Write to FILE instead of standard output.")(func)


def json_option(func: F) -> F:
    """``--json``: machine-readable output."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(func)


# Commands whose arguments are a query: "-word" and "-field:value" are negations, not options.
# Only --help asks for help there: with "-h" a negated word holding an "h" (-shelepin) would be
# read as a cluster of short options and print the help instead of searching.
QUERY_CONTEXT: dict[str, Any] = {"ignore_unknown_options": True, "help_option_names": ["--help"]}


def current_keys(app: AppContext, keys: list[str] | tuple[str, ...]) -> list[str]:
    """KEY... as the library has them now: a former key finds its record, said on stderr.

    Every command that takes keys passes them through here, so ``cite smith1990`` still works
    after an import or ``rekey`` renamed the record (:mod:`archcite.library.oldkeys`). A key
    no record has or had comes back unchanged, and the command's own "no record" message
    follows.
    """
    from archcite.library.oldkeys import resolve_key

    out = []
    for key in keys:
        new, was_old = resolve_key(app.library, key)
        if was_old:
            click.echo(f"archcite: {key} is an old key; the record is now {new}", err=True)
        out.append(new)
    return out
