"""The ``archcite`` command: a click group whose subcommands are imported only when run.

Each command lives in ``archcite.cli.commands.<module>`` and stays thin: parse arguments, call
the library, print. Commands never import each other's helpers; shared options live in
``archcite.cli.options``. Errors the user can cause are printed as one line on stderr.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from archcite import __version__
from archcite.context import AppContext
from archcite.errors import ArchciteError

# name → (module under archcite.cli.commands, one-line help shown by --help without importing)
COMMANDS: dict[str, tuple[str, str]] = {
    "add": ("add", "Add documents from saved pages (text, Markdown, HTML)."),
    "cite": ("cite", "Print citations of records in a style."),
    "export": ("export", "Export records as BibTeX, BibLaTeX or CSL-JSON."),
    "list": ("list_", "List the records of the library."),
    "show": ("show", "Show one record."),
    "search": ("search", "Find records by words and fields (author:, archive:, year:, tag: ...)."),
    "tag": ("tag", "Add (+tag) or remove (-tag) tags on records."),
    "note": ("note", "Set a record's personal notes (opens $EDITOR without TEXT)."),
    "rm": ("rm", "Remove records (asks unless --yes)."),
    "edit": ("edit", "Edit a record in $EDITOR; invalid edits are refused."),
    "bib": ("bib", "Print the bibliography of the records matching a query."),
}


class LazyGroup(click.Group):
    """Loads a command's module only when that command is invoked (fast --help/--version)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(f"archcite.cli.commands.{COMMANDS[cmd_name][0]}")
        command: click.Command = module.command
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ArchciteError as exc:
            if _debug(ctx):
                raise
            click.echo(f"archcite: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("archcite: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            ctx.exit(1)
        except Exception as exc:
            if _debug(ctx):
                raise
            line = " ".join(f"{type(exc).__name__}: {exc}".split())
            click.echo(f"archcite: error: {line} (run with --debug for details)", err=True)
            ctx.exit(70)


def _debug(ctx: click.Context) -> bool:
    obj = ctx.find_object(AppContext)
    return bool(obj and obj.debug)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="archcite")
@click.option("--library", "library", metavar="DIR", type=click.Path(file_okay=False),
              help="Library folder (default: $ARCHCITE_LIBRARY, ./library, or the data folder).")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def cli(ctx: click.Context, library: str | None, debug: bool) -> None:
    """archcite: cite archival documents right (Chicago, MLA, BibTeX/BibLaTeX, CSL-JSON)."""
    ctx.obj = AppContext(library_option=library, debug=debug)


def main() -> None:
    """Console entry point."""
    cli.main(prog_name="archcite")
    sys.exit(0)
