"""``search QUERY`` and ``list [QUERY]`` without click, when the index is current.

Scripts and editors call ``archcite search --keys …`` many times an hour, piped. On 100,000
records most of such a call is proving the index current (every record file's mtime and size
compared); this path starts that check in a forked child first, prepares and runs the query
meanwhile, then shares the rest of the check (:class:`archcite.library.freshness.FreshnessCheck`).

Only the plain forms are taken: ``[--library DIR] search|list`` with query words and
``--keys``, ``--json``, ``--limit N``, ``--sort date|key|archive``, each at most once, output
not a terminal. Anything else (``--table``, ``--help``, ``--``, an option click would read
differently, a stale index or one with unreadable files, a changed archive registry, any
failure) returns ``None`` before anything is printed, and the click command, which prints the
same output (tests compare the two), does the whole work.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from archcite.cli.argv import help_requested, listing_line, split_library

if TYPE_CHECKING:
    from archcite.library.index import ReadIndex

_SORTS = ("date", "key", "archive")


class Plan:
    """A plain ``search``/``list`` call, parsed."""

    def __init__(self, library: str | None, command: str) -> None:
        self.library = library
        self.command = command
        self.words: list[str] = []
        self.sort = "date"
        self.limit: int | None = None
        self.form = "lines"  # or "keys", "json"


def parse(argv: list[str]) -> Plan | None:
    """The plan of a plain listing call, else None (click's to handle)."""
    split = split_library(argv)
    if split is None:
        return None
    library, rest = split
    if help_requested(rest[1:]):
        return None  # -h or --help: click prints the command's help
    if not rest or rest[0] not in ("search", "list"):
        return None
    plan = Plan(library, rest[0])
    seen: set[str] = set()
    args = iter(rest[1:])
    for arg in args:
        name, value = arg, None
        if arg.startswith("--") and "=" in arg:
            name, _, value = arg.partition("=")
        if name in ("--keys", "--json") and value is None:
            if plan.form != "lines":
                return None  # both, or twice: click's to sort out
            plan.form = name[2:]
        elif name in ("--sort", "--limit"):
            if name in seen:
                return None
            seen.add(name)
            if value is None:
                value = next(args, None)
            if value is None:
                return None
            if name == "--sort":
                if value not in _SORTS:
                    return None
                plan.sort = value
            else:
                if not (value.isascii() and value.isdigit()) or int(value) < 1:
                    return None
                plan.limit = int(value)
        elif arg.startswith("-"):
            # "-tag:draft" and "-hist" are negated query words for click too (only exactly -h
            # is help); "--x", "-" and a word with an "=" are left to click.
            if arg.startswith("--") or arg == "-" or "=" in arg:
                return None
            plan.words.append(arg)
        else:
            plan.words.append(arg)
    if plan.command == "search" and not plan.words:
        return None
    return plan


def run(plan: Plan) -> int | None:
    """Print the listing and return 0, or None (nothing printed) to let click do it."""
    stdout = sys.stdout
    if stdout.isatty() or (stdout.encoding or "").lower().replace("-", "") != "utf8":
        return None
    from archcite.context import AppContext
    from archcite.library.freshness import FreshnessCheck
    from archcite.library.index import open_stored

    app = AppContext(library_option=plan.library, env=dict(os.environ))
    try:
        if plan.library is not None and Path(plan.library).expanduser().is_file():
            return None  # click refuses a file for --library
        root = app.library_path
        opened = open_stored(root)
        if opened is None:
            return None
        view, stored = opened
    except Exception:
        return None
    check = None
    try:
        # The child lists the folder and stats from the end; this process prepares the query.
        check = FreshnessCheck(root, None, stored).start()
        # While the child stats: the registry, the query, the output.
        view.registry = app.registry
        text = _listing(view, plan)
        if text is None:
            return None
        fresh = check.finish()
        check = None
        if not fresh:
            return None
    except Exception:
        return None
    finally:
        if check is not None:
            check.abandon()
        view.close()
    try:
        stdout.write(text)
        stdout.flush()
    except BrokenPipeError:
        # As the click path: quietly, status 1 (and no second complaint at exit).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
        return 1
    return 0


def _listing(view: ReadIndex, plan: Plan) -> str | None:
    """The text the click command prints, or None when the index needs the full path."""
    from archcite.library.query import join_args

    if not view.registry_matches():
        return None  # the archives changed: the index is rebuilt on the full path
    query = join_args(plan.words)
    if plan.form == "keys":
        keys = view.keys(query, sort=plan.sort, limit=plan.limit)
        return "\n".join(keys) + "\n" if keys else ""
    rows = view.search(query, sort=plan.sort, limit=plan.limit)
    if plan.form == "json":
        import json

        return json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2) + "\n"
    text = "".join(listing_line(r.key, r.date, r.sender, r.recipient, r.reference) + "\n"
                   for r in rows)
    if "\x1b" in text:
        return None  # click.echo strips ANSI escapes from piped output; let it
    return text
