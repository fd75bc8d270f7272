"""The ``archcite`` command's entry point: a click-free pre-dispatch, then the click group.

Researchers call archcite many times an hour from editors and scripts, so the commonest quick
calls must cost little more than starting Python. :func:`main` answers ``--version``,
top-level ``--help``/``-h`` and a plain ``resolve ADDRESS [--json]`` (with an optional
``--library DIR`` before it) without importing click, which alone costs more than Python's own
start-up; anything else, or anything unusual about those calls, goes to the click group in
:mod:`archcite.cli.app`, which prints the same output for them (tests compare the two).

``COMMANDS`` and the group's help texts live here, free of click, so both paths share them.
"""

from __future__ import annotations

import sys

# name → (module under archcite.cli.commands, one-line help shown by --help without importing)
COMMANDS: dict[str, tuple[str, str]] = {
    "add": ("add", "Add documents from saved pages (text, Markdown, HTML)."),
    "check": ("check", "Check the library for invalid, duplicate or damaged records."),
    "archives": ("archives", "List the archives archcite knows (bundled and your own)."),
    "cite": ("cite", "Print citations of records in a style."),
    "docx": ("docx", "Cite in a Word document: [@key] markers become notes and a bibliography."),
    "export": ("export", "Export records as BibTeX, BibLaTeX or CSL-JSON."),
    "import": ("import_", "Import records from a BibTeX/BibLaTeX, CSL-JSON or RIS file."),
    "merge": ("merge", "Merge two records of one document, keeping every field and tag."),
    "list": ("list_", "List the records of the library."),
    "resolve": ("resolve", "Canonical address and record id of a Wilson Center address."),
    "rekey": ("rekey", "Recompute citation keys and rename record files."),
    "show": ("show", "Show one record."),
    "search": ("search", "Find records by words and fields (author:, archive:, year:, tag: ...)."),
    "tag": ("tag", "Add (+tag) or remove (-tag) tags on records."),
    "note": ("note", "Set a record's personal notes (opens $EDITOR without TEXT)."),
    "rm": ("rm", "Move records to the trash (asks unless --yes)."),
    "restore": ("restore", "Bring a removed record back from the trash."),
    "trash": ("trash", "List the records in the trash, or empty it (--empty)."),
    "attach": ("attach", "Keep a scan or PDF of a document with its record."),
    "open": ("open_", "Open a record's URL (or an attached file) in the browser."),
    "edit": ("edit", "Edit a record in $EDITOR; invalid edits are refused."),
    "bib": ("bib", "Print the bibliography of the records matching a query."),
}

GROUP_HELP = "archcite: cite archival documents right (Chicago, MLA, BibTeX/BibLaTeX, CSL-JSON)."
LIBRARY_HELP = ("Library folder (default: $ARCHCITE_LIBRARY, a project's archcite.toml, ./library, "
                "your config.toml, or the data folder).")
DEBUG_HELP = "Show tracebacks instead of one-line errors."


def __getattr__(name: str) -> object:
    """``archcite.cli.cli`` and friends, imported (with click) only when asked for."""
    if name in ("cli", "LazyGroup", "run_click"):
        from archcite.cli import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(args: list[str] | None = None) -> None:
    """Console entry point (``archcite`` and ``python -m archcite``)."""
    argv = sys.argv[1:] if args is None else list(args)
    from archcite.cli.fast import try_fast

    code = try_fast(argv)
    if code is not None:
        sys.exit(code)
    from archcite.cli.app import run_click

    run_click(argv)
