"""Shared click options and helpers, so every command spells them the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

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
# Only --help asks for help there: with "-h" a negated word holding an "h" (-shelepin) would be
# read as a cluster of short options and print the help instead of searching.
QUERY_CONTEXT: dict[str, Any] = {"ignore_unknown_options": True, "help_option_names": ["--help"]}
