"""Reading the command line before click: rules both start-up paths share.

The click-free path (:mod:`archcite.cli.fast`, :mod:`archcite.cli.fastlist`) answers the
plainest calls without importing click; whatever it reads here, the click commands read the
same way, so both paths agree. Standard library only.
"""

from __future__ import annotations

# Exactly these ask for help (click's convention). A longer word starting with "-" is never
# help: in a query it is a negation ("-hist", "-shelepin"), not a cluster of short options.
HELP_FLAGS = ("-h", "--help")


def asks_help(arg: str) -> bool:
    """True when ``arg`` asks for help: exactly ``-h`` or ``--help``."""
    return arg in HELP_FLAGS


def help_requested(args: list[str]) -> bool:
    """True when any argument before a ``--`` asks for help."""
    for arg in args:
        if arg == "--":
            return False
        if asks_help(arg):
            return True
    return False


def split_library(argv: list[str]) -> tuple[str | None, list[str]] | None:
    """(``--library`` value or None, the rest) of a call that may start with ``--library``.

    None when the value is empty (click's error message for an empty path is click's to give).
    Both ``--library DIR`` and ``--library=DIR`` are read, as click reads them.
    """
    library: str | None = None
    rest = list(argv)
    if rest[:1] == ["--library"] and len(rest) >= 2:
        library, rest = rest[1], rest[2:]
    elif rest[:1] and rest[0].startswith("--library="):
        library, rest = rest[0].removeprefix("--library="), rest[1:]
    if library is not None and not library:
        return None
    return library, rest


def people(sender: str, recipient: str) -> str:
    """The "sender → recipient" column of a listing."""
    if sender and recipient:
        return f"{sender} → {recipient}"
    return sender or (f"→ {recipient}" if recipient else "")


def listing_line(key: str, date: str, sender: str, recipient: str, reference: str) -> str:
    """One line of a piped ``list``/``search`` (tab-separated; no newline): both paths'."""
    return "\t".join((key, date, people(sender, recipient), reference))
