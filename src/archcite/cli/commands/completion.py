"""``archcite completion bash|zsh|fish``: print the shell's completion script."""

from __future__ import annotations

import importlib

import click

from archcite.cli import COMMANDS
from archcite.cli.completion import SHELLS, CommandSpec, OptionSpec, Spec, print_keys, script
from archcite.cli.options import pass_app
from archcite.context import AppContext

# Arguments holding record keys (``tag`` mixes keys with +tag/-tag words; ``merge`` takes
# KEEP and OTHER).
_KEY_ARGUMENTS = ("key", "keys", "words", "keep", "other")
# Commands whose keys are those of the trash, not of the library the index lists.
_TRASH_COMMANDS = ("restore",)


def build_spec() -> Spec:
    """The commands as completion sees them, read from the click commands themselves."""
    specs = []
    for name in sorted(COMMANDS):
        module = importlib.import_module(f"archcite.cli.commands.{COMMANDS[name][0]}")
        command: click.Command = module.command
        spec = CommandSpec(name, COMMANDS[name][1])
        for param in command.params:
            if isinstance(param, click.Option):
                if param.hidden:
                    continue
                spec.options.append(OptionSpec(
                    [*param.opts, *param.secondary_opts],
                    valued=not param.is_flag and not param.count,
                    help=" ".join((param.help or "").split())))
            elif isinstance(param, click.Argument):
                if param.name in _KEY_ARGUMENTS and name not in _TRASH_COMMANDS:
                    spec.keys = True
                elif isinstance(param.type, click.Path) or param.name == "sources":
                    spec.files = True
        if not any("--help" in o.names for o in spec.options):
            spec.options.append(OptionSpec(["--help"], help="Show the help."))
        specs.append(spec)
    return Spec(specs)


@click.command(name="completion")
@click.argument("shell", type=click.Choice(SHELLS), required=False)
@click.option("--keys", "prefix", metavar="PREFIX", default=None, hidden=True,
              help="Print the record keys beginning with PREFIX (what the scripts call).")
@pass_app
def command(app: AppContext, shell: str | None, prefix: str | None) -> None:
    """Print the completion script for SHELL (bash, zsh or fish): commands, options and record
    keys complete on Tab. bash: `source <(archcite completion bash)` in ~/.bashrc; zsh: the
    same in ~/.zshrc after compinit; fish: `archcite completion fish >
    ~/.config/fish/completions/archcite.fish`."""
    if prefix is not None:
        print_keys(app.library_option, prefix)
        return
    if shell is None:
        raise click.UsageError("which shell? archcite completion bash, zsh or fish")
    click.echo(script(shell, build_spec()), nl=False)
