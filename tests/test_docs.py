"""The generated command reference (docs/commands.md) and the README's everyday-use lines.

The reference is written from the commands' click help by ``python -m archcite.cli.docs``; a
command added or changed without regenerating it fails here, as does a command or an option
without help text, or a command the README never shows in use.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from archcite.cli import COMMANDS, docs
from tests.helpers import REPO

DOC = REPO / "docs" / "commands.md"


def test_commands_md_is_what_the_generator_writes() -> None:
    assert DOC.is_file(), f"{DOC} is missing: run {docs.REGENERATE}"
    assert DOC.read_text("utf-8") == docs.render(), (
        f"{DOC.relative_to(REPO)} is out of date: run {docs.REGENERATE} and commit the file")


def test_every_command_and_option_has_help() -> None:
    assert docs.missing_help() == []


def test_the_reference_has_every_command_and_every_option() -> None:
    from archcite.cli.app import cli

    text = DOC.read_text("utf-8")
    ctx = click.Context(cli, info_name="archcite")
    assert sorted(cli.list_commands(ctx)) == sorted(COMMANDS)
    for name in COMMANDS:
        assert f"\n## archcite {name}\n" in text, name
        command = cli.get_command(ctx, name)
        assert command is not None
        section = text.split(f"\n## archcite {name}\n", 1)[1].split("\n## ", 1)[0]
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                for opt in param.opts:
                    assert re.search(rf"`[^`]*{re.escape(opt)}\b", section), (name, opt)


def test_missing_help_names_what_lacks_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check would catch a new command with an undocumented option."""

    @click.group(help="A group.")
    @click.option("--quiet", is_flag=True)
    def group(quiet: bool) -> None:
        pass

    @group.command(name="frob")
    @click.option("--loud", is_flag=True)
    @click.option("--soft", is_flag=True, help="Quietly.")
    def frob(loud: bool, soft: bool) -> None:
        pass

    @group.command(name="add", help="Add things.")
    def add() -> None:
        pass

    monkeypatch.setattr(docs, "_root", lambda: group)
    assert docs.missing_help() == [
        "archcite --quiet",
        "archcite frob",
        "archcite frob (its line in archcite.cli.COMMANDS)",
        "archcite frob --loud",
    ]
    assert "## archcite frob" in docs.render()


def test_the_check_mode_fails_on_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "commands.md"
    stale.write_text(DOC.read_text("utf-8").replace("## archcite rm\n", ""), "utf-8")
    args = [sys.executable, "-m", "archcite.cli.docs", "--check", "-o", str(stale)]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "out of date" in done.stderr
    fresh = tmp_path / "fresh.md"
    args = [sys.executable, "-m", "archcite.cli.docs", "-o", str(fresh)]
    subprocess.run(args, capture_output=True, check=True)
    assert fresh.read_text("utf-8") == DOC.read_text("utf-8")


def test_the_readme_shows_every_command_in_use_and_links_the_reference() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    for name in COMMANDS:
        assert re.search(rf"^archcite {re.escape(name)}\b", readme, re.MULTILINE), (
            f"the README has no example line for 'archcite {name}'")
    assert "docs/commands.md" in readme
    assert docs.REGENERATE in readme
