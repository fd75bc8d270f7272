"""Answers for the quickest calls without click: ``--version``, ``--help``, ``resolve``, and
plain ``search``/``list`` on a current index (:mod:`archcite.cli.fastlist`).

Importing click costs more than starting Python; editors and scripts call ``archcite --version``
and ``archcite resolve URL`` often. :func:`try_fast` recognises only the plain forms of those
calls and returns ``None`` for anything else (other options, ``--``, an address that looks like
an option, an unexpected failure), and the click group then handles the call as before. The
help text is laid out the way click lays it out (same wrapping at the same width), from the
same ``COMMANDS`` table and help strings; tests compare both paths' output.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from archcite import __version__
from archcite.cli.argv import asks_help, split_library


def try_fast(argv: list[str]) -> int | None:
    """Handle ``argv`` and return the exit code, or ``None`` to let click handle it."""
    if argv == ["--version"]:
        _out(f"archcite, version {__version__}")
        return 0
    if len(argv) == 1 and asks_help(argv[0]):
        _out(help_text())
        return 0
    plan = _resolve_args(argv)
    if plan is not None:
        return _resolve(*plan)
    if "search" in argv or "list" in argv:
        from archcite.cli import fastlist

        listing = fastlist.parse(argv)
        if listing is not None:
            return fastlist.run(listing)
    return None


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _resolve_args(argv: list[str]) -> tuple[str | None, str, bool] | None:
    """(--library value, address, --json) of a plain resolve call, else None."""
    split = split_library(argv)
    if split is None:
        return None
    library, rest = split
    if rest[:1] != ["resolve"]:
        return None
    args = rest[1:]
    as_json = "--json" in args
    positional = [a for a in args if a != "--json"]
    if len(positional) != 1 or args.count("--json") > 1:
        return None
    address = positional[0]
    if address.startswith("-"):
        return None
    return library, address, as_json


def _resolve(library_option: str | None, address: str, as_json: bool) -> int | None:
    from archcite.cli.resolving import resolve_output
    from archcite.errors import ArchciteError
    from archcite.library.locate import find_library

    env = dict(os.environ)
    if library_option is not None and Path(library_option).expanduser().is_file():
        return None  # click refuses a file for --library; let it say so
    try:
        library_path = find_library(library_option, env)

        def library():  # type: ignore[no-untyped-def]
            from archcite.context import AppContext

            return AppContext(library_option=library_option, env=env).library

        def warn(message: str) -> None:
            sys.stderr.write(f"archcite: warning: {message}\n")

        text = resolve_output(address, as_json, library_path, env, library, warn)
    except ArchciteError as exc:
        sys.stderr.write(f"archcite: error: {exc}\n")
        return exc.exit_code
    except Exception:
        return None  # click's handling (one-line error, --debug) applies
    _out(text)
    return 0


# ------------------------------------------------------------------------- help, as click


def _width() -> int:
    """click's HelpFormatter width: the terminal's, at most 80, minus 2, at least 50."""
    import shutil

    return max(min(shutil.get_terminal_size().columns, 80) - 2, 50)


def _wrap(text: str, width: int, initial: str = "", subsequent: str = "") -> str:
    import textwrap

    return "\n".join(textwrap.TextWrapper(width, initial_indent=initial,
                                          subsequent_indent=subsequent,
                                          replace_whitespace=False).wrap(text))


def _definitions(rows: list[tuple[str, str]], width: int, indent: int = 2) -> list[str]:
    first = min(max(len(term) for term, _ in rows), 30) + 2
    text_width = max(width - first - indent, 10)
    lines = []
    for term, text in rows:
        head = " " * indent + term
        wrapped = _wrap(text, text_width).splitlines() or [""]
        if len(term) <= first - 2:
            lines.append(head + " " * (first - len(term)) + wrapped[0])
        else:
            lines.append(head)
            lines.append(" " * (first + indent) + wrapped[0])
        lines.extend(" " * (first + indent) + line for line in wrapped[1:])
    return lines


def help_text() -> str:
    """``archcite --help`` as click prints it (same options, same commands, same layout)."""
    from archcite.cli import COMMANDS, DEBUG_HELP, GROUP_HELP, LIBRARY_HELP

    width = _width()
    options = [("--version", "Show the version and exit."), ("--library DIR", LIBRARY_HELP),
               ("--debug", DEBUG_HELP), ("-h, --help", "Show this message and exit.")]
    commands = [(name, COMMANDS[name][1]) for name in sorted(COMMANDS)]
    lines = ["Usage: archcite [OPTIONS] COMMAND [ARGS]...", "",
             _wrap(GROUP_HELP, width, "  ", "  "), "", "Options:",
             *_definitions(options, width), "", "Commands:", *_definitions(commands, width)]
    return "\n".join(lines)
