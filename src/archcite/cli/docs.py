"""Write ``docs/commands.md``, the command reference, from the commands' own click help.

The reference is generated so that it cannot drift from what ``archcite COMMAND --help`` says:
every command in :data:`archcite.cli.COMMANDS` gets its one-line summary, its usage line, its
description and a table of its options, all taken from click. Nothing is written by hand here;
examples belong in the README or ``docs/guide.md``.

Run ``python -m archcite.cli.docs`` after adding or changing a command (``--check`` only
reports whether the file is current, for CI). :func:`missing_help` names every command, option
and argument without help text; the test suite fails on any, and on a stale file.
"""

from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path

import click

from archcite.cli import COMMANDS, GROUP_HELP

DOC_PATH = Path("docs") / "commands.md"
REGENERATE = "python -m archcite.cli.docs"
WIDTH = 100  # the help text is wrapped as on a terminal this wide, whatever the real one is


def _root() -> click.Group:
    """The ``archcite`` group (imported here: this module is not on the start-up path)."""
    from archcite.cli.app import cli

    return cli


def _commands(root: click.Group) -> list[tuple[str, click.Command]]:
    """(name, command) for every command the group lists, in its order."""
    ctx = click.Context(root, info_name="archcite")
    out = []
    for name in root.list_commands(ctx):
        command = root.get_command(ctx, name)
        if command is not None:
            out.append((name, command))
    return out


def _context(command: click.Command, name: str, parent: click.Context | None) -> click.Context:
    """The context click would make to show ``command``'s help (its settings: ``-h``), at
    a fixed width so the file does not depend on the terminal it was made in."""
    settings = {**command.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    return click.Context(command, info_name=name, parent=parent, **settings)


def _cell(text: str) -> str:
    """Text for one Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _options_table(ctx: click.Context) -> list[str]:
    rows = []
    for param in ctx.command.get_params(ctx):
        # Arguments are named in the usage line; click gives them no help of their own.
        record = None if isinstance(param, click.Argument) else param.get_help_record(ctx)
        if record is None:  # arguments and hidden options
            continue
        names, help_text = record
        rows.append(f"| `{_cell(names)}` | {_cell(help_text)} |")
    if not rows:
        return []
    return ["| option | what it does |", "| --- | --- |", *rows, ""]


def _description(command: click.Command) -> str:
    """The command's help as click shows it: dedented, cut at ``\\f`` (click's end marker)."""
    return inspect.cleandoc(command.help or "").split("\f")[0].strip()


def render() -> str:
    """The whole of ``docs/commands.md``."""
    root = _root()
    root_ctx = _context(root, "archcite", None)
    lines = [
        "# archcite command reference",
        "",
        f"<!-- Generated from the commands' click help by `{REGENERATE}`; do not edit by hand. -->",
        "",
        _cell(GROUP_HELP),
        "",
        "```text",
        root.get_usage(root_ctx),
        "```",
        "",
        "Options for every command (given before the command's name):",
        "",
        *_options_table(root_ctx),
        "| command | what it does |",
        "| --- | --- |",
        *(f"| [`{name}`](#archcite-{name}) | {_cell(COMMANDS.get(name, ('', ''))[1])} |"
          for name, _ in _commands(root)),
        "",
    ]
    for name, command in _commands(root):
        ctx = _context(command, name, root_ctx)
        lines += [f"## archcite {name}", "", "```text", command.get_usage(ctx), "```", ""]
        description = _description(command)
        if description:
            lines += [_paragraphs(description), ""]
        lines += _options_table(ctx)
    return "\n".join(lines).rstrip("\n") + "\n"


def _paragraphs(text: str) -> str:
    """Help paragraphs as Markdown: ``\\b`` (click's keep-as-is marker) blocks become code."""
    out = []
    for block in text.split("\n\n"):
        if block.startswith("\b\n"):
            out.append("```text\n" + block[2:] + "\n```")
        else:
            out.append(" ".join(block.split()))
    return "\n\n".join(out)


def missing_help() -> list[str]:
    """Every command, option or argument that has no help text (``archcite add --dry-run``)."""
    root = _root()
    root_ctx = _context(root, "archcite", None)
    missing = [f"archcite {p.opts[0]}" for p in root.get_params(root_ctx)
               if isinstance(p, click.Option) and not p.hidden and not p.help]
    for name, command in _commands(root):
        ctx = _context(command, name, root_ctx)
        if not (command.help or "").strip():
            missing.append(f"archcite {name}")
        if not COMMANDS.get(name, ("", ""))[1].strip():
            missing.append(f"archcite {name} (its line in archcite.cli.COMMANDS)")
        for param in command.get_params(ctx):
            if isinstance(param, click.Option) and not param.hidden and not param.help:
                missing.append(f"archcite {name} {param.opts[0]}")
    return missing


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) the reference; the status is 1 when out of date."""
    parser = argparse.ArgumentParser(
        prog=REGENERATE, description="Write docs/commands.md from the commands' click help.")
    parser.add_argument("-o", "--output", type=Path, default=DOC_PATH,
                        help=f"file to write (default: {DOC_PATH})")
    parser.add_argument("--check", action="store_true",
                        help="only report whether the file is current; write nothing")
    args = parser.parse_args(argv)
    text = render()
    current = args.output.read_text("utf-8") if args.output.is_file() else None
    if args.check:
        if current != text:
            print(f"{args.output} is out of date: run {REGENERATE}", file=sys.stderr)
            return 1
        return 0
    if current != text:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, "utf-8")
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
