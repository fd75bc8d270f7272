"""Shared click options and helpers, so every command spells them the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from archcite.cli.argv import asks_help, help_requested
from archcite.context import AppContext

F = TypeVar("F", bound=Callable[..., Any])

pass_app = click.make_pass_decorator(AppContext)

OUTPUT_FORMATS = ("text", "html", "markdown", "latex", "rtf")


def output_file_option(func: F) -> F:
    """``-o/--output FILE``: write there (atomically) instead of standard output."""
    return click.option("-o", "--output", "output", type=click.Path(dir_okay=False),
                        default=None, help="Write to FILE instead of standard output.")(func)


def json_option(func: F) -> F:
    """``--json``: machine-readable output."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(func)


# Commands whose arguments are a query: "-word" and "-field:value" are negations, not options.
# click itself would read "-h" as a short option and so a negated word holding an "h"
# (-shelepin) as a cluster of them, printing the help instead of searching; so click only knows
# --help here and QueryCommand applies the one rule (archcite.cli.argv): exactly -h or --help.
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


class QueryCommand(click.Command):
    """A command whose arguments are a query: exactly ``-h`` asks for help, as ``--help``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """The arguments with an exact ``-h`` (before any ``--``) read as ``--help``."""
        if help_requested(args):
            end = args.index("--") if "--" in args else len(args)
            args = ["--help" if asks_help(a) else a for a in args[:end]] + args[end:]
        return super().parse_args(ctx, args)
