"""``search QUERY`` and ``list [QUERY]`` without click, when the index is current.

Scripts and editors call ``archcite search --keys …`` many times an hour, piped. On 100,000
records most of such a call is proving the index current (every record file's mtime and size
compared); this path starts that check in a forked child first, prepares and runs the query
meanwhile, then shares the rest of the check (:class:`archcite.library.stats.FreshnessCheck`).

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

if TYPE_CHECKING:
    import sqlite3

    from archcite.context import AppContext

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
    library: str | None = None
    rest = argv
    if rest[:1] == ["--library"] and len(rest) >= 2:
        library, rest = rest[1], rest[2:]
    elif rest[:1] and rest[0].startswith("--library="):
        library, rest = rest[0].removeprefix("--library="), rest[1:]
    if library is not None and not library:
        return None
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
            # "-tag:draft" is a negated query word for click too (its only short option is
            # -h, so a word with an h or an = in it is left to click); "--x" and "-" as well.
            if arg.startswith("--") or arg == "-" or "h" in arg or "=" in arg:
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
    from archcite.library import stats

    app = AppContext(library_option=plan.library, env=dict(os.environ))
    try:
        if plan.library is not None and Path(plan.library).expanduser().is_file():
            return None  # click refuses a file for --library
        root = app.library_path
        opened = stats.open_stored(root)
        if opened is None:
            return None
        conn, stored = opened
    except Exception:
        return None
    check = None
    try:
        # The child lists the folder and stats from the end; this process prepares the query.
        check = stats.FreshnessCheck(root, None, stored).start()
        # While the child stats: the registry, the query, the output.
        text = _listing(conn, app, plan)
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
        conn.close()
    try:
        stdout.write(text)
        stdout.flush()
    except BrokenPipeError:
        # As the click path: quietly, status 1 (and no second complaint at exit).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
        return 1
    return 0


def _listing(conn: sqlite3.Connection, app: AppContext, plan: Plan) -> str | None:
    """The text the click command prints, or None when the index needs the full path."""
    from archcite.library.query import ROW_COLUMNS, Row, join_args, select
    from archcite.library.stats import registry_fingerprint

    registry = app.registry
    row = conn.execute("SELECT v FROM meta WHERE k = 'registry'").fetchone()
    if not row or row[0] != registry_fingerprint(registry):
        return None  # the archives changed: the index is rebuilt on the full path
    query = join_args(plan.words)
    if plan.form == "keys":
        keys = [r[0] for r in select(conn, registry, "r.key", query,
                                     plan.sort, plan.limit)]
        return "\n".join(keys) + "\n" if keys else ""
    rows = [Row(*r) for r in select(conn, registry, ROW_COLUMNS, query,
                                    plan.sort, plan.limit)]
    if plan.form == "json":
        import json

        return json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2) + "\n"
    text = "".join("\t".join((r.key, r.date, people(r.sender, r.recipient), r.reference)) + "\n"
                   for r in rows)
    if "\x1b" in text:
        return None  # click.echo strips ANSI escapes from piped output; let it
    return text


def people(sender: str, recipient: str) -> str:
    """The "sender → recipient" column of a listing."""
    if sender and recipient:
        return f"{sender} → {recipient}"
    return sender or (f"→ {recipient}" if recipient else "")
