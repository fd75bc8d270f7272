"""The ``archcite`` click group, whose subcommands are imported only when run.

``archcite.cli`` (the package) answers ``--version``, ``--help`` and plain ``resolve`` without
importing this module at all; everything else comes here.

Each command lives in ``archcite.cli.commands.<module>`` and stays thin: parse arguments, call
the library, print. Commands never import each other's helpers; shared options live in
``archcite.cli.options``. Errors the user can cause are printed as one line on stderr.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any, NoReturn

import click

from archcite import __version__
from archcite.cli import COMMANDS, DEBUG_HELP, GROUP_HELP, LIBRARY_HELP
from archcite.context import AppContext
from archcite.errors import ArchciteError


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

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:  # archcite --bogus, a missing command
            _usage_line(exc)

    def invoke(self, ctx: click.Context) -> Any:
        error_line = ""
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # a bad command name, a bad option or argument value
            _usage_line(exc)
        except ArchciteError as exc:
            if _debug(ctx):
                raise
            error_line = f"archcite: error: {exc}"
            click.echo(error_line, err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo(f"archcite: interrupted{_stored_before(ctx)}", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            ctx.exit(1)
        except OSError as exc:
            # A full disk, a read-only folder, a missing file outside the library's own
            # checks: one line that says which file and what it means, not an errno dump.
            if _debug(ctx):
                raise
            error_line = f"archcite: error: {_os_error_line(exc)}"
            click.echo(error_line, err=True)
            ctx.exit(1)
        except Exception as exc:
            if _debug(ctx):
                raise
            line = " ".join(f"{type(exc).__name__}: {exc}".split())
            click.echo(f"archcite: error: {line} (run with --debug for details)", err=True)
            ctx.exit(70)
        finally:
            _warn_skipped(ctx, error_line)


def _usage_line(exc: click.UsageError) -> NoReturn:
    """A bad argument in one line on stderr (click prints four), exit status 2 as click's.

    ``--debug`` keeps click's own message with the usage text.
    """
    ctx = exc.ctx
    no_args = getattr(click.exceptions, "NoArgsIsHelpError", ())
    # The root's --debug is parsed before a command name is looked up; its context object is not
    debug = ctx is not None and (_debug(ctx) or bool(ctx.find_root().params.get("debug")))
    if debug or isinstance(exc, no_args):
        raise exc  # plain ``archcite``: click prints the help
    where = ctx.command_path if ctx is not None else "archcite"
    message = " ".join(exc.format_message().split())
    click.echo(f"archcite: error: {message} (see '{where} --help')", err=True)
    raise click.exceptions.Exit(exc.exit_code)


def _os_error_line(exc: OSError) -> str:
    from archcite.library.files import describe_os_error

    where = exc.filename if exc.filename is not None else ""
    text = describe_os_error(exc)
    return " ".join(f"{where}: {text}".split()) if where else text


def _warn_skipped(ctx: click.Context, error_line: str) -> None:
    """Warn once per record file a command skipped because it is damaged or invalid.

    Commands that can work without a bad record (list, cite of other keys, add) skip it through
    ``Library.iter_records_safely``; the user still hears about it, once, naming the file. A file
    the error line already names is not repeated.
    """
    obj = ctx.find_object(AppContext)
    library = obj.__dict__.get("library") if obj is not None else None
    skipped = getattr(library, "skipped", None)
    if not skipped:
        return
    for path, reason in sorted(skipped.items()):
        if str(path) in error_line:
            continue
        line = reason if str(path) in reason else f"{path}: {reason}"
        click.echo(f"archcite: warning: skipped {line} (see archcite check)", err=True)
    skipped.clear()


def _stored_before(ctx: click.Context) -> str:
    """For an interrupted add or import: how many records were stored before Ctrl-C (each file
    is whole: written aside and renamed into place), so the user knows what to re-run."""
    name = ctx.invoked_subcommand
    obj = ctx.find_object(AppContext)
    library = obj.__dict__.get("library") if obj is not None else None
    stored = int(getattr(library, "stored", 0) or 0)
    if name not in ("add", "import") and not stored:
        return ""
    if not stored:
        return "; no record was stored"
    return (f"; {stored} record{'s were' if stored != 1 else ' was'} stored before it"
            " (each whole; running the command again skips them as already held)")


def _debug(ctx: click.Context) -> bool:
    obj = ctx.find_object(AppContext)
    return bool(obj and obj.debug)


@click.group(cls=LazyGroup, help=GROUP_HELP,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="archcite")
@click.option("--library", "library", metavar="DIR", type=click.Path(file_okay=False),
              help=LIBRARY_HELP)
@click.option("--debug", is_flag=True, help=DEBUG_HELP)
@click.pass_context
def cli(ctx: click.Context, library: str | None, debug: bool) -> None:
    """The group's help is GROUP_HELP (shared with the click-free --help of archcite.cli)."""
    ctx.obj = AppContext(library_option=library, debug=debug)


def run_click(args: list[str] | None = None) -> None:
    """Run the click group on ``args`` (default: the command line) and exit."""
    cli.main(args=args, prog_name="archcite")
    sys.exit(0)
