"""Shell completion: the scripts ``archcite completion bash|zsh|fish`` prints, and the record
keys they ask for on every Tab.

The scripts are written from the command table when asked for (commands, their options, which
options take a value, which commands take record keys), so they never fall behind the commands.
Keys are not in the script: the library changes, so the script calls ``archcite completion
--keys PREFIX`` (with the ``--library`` already typed on the line), which the click-free start-up
path answers from the index's key column (:func:`complete_keys`) without importing click, rich
or citeproc — a Tab must answer before the user notices waiting.

Standard library only; the description of the commands (:class:`Spec`) is built by the click
command, which may import every command module (printing a script is rare).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

SHELLS = ("bash", "zsh", "fish")

# Global options of the ``archcite`` group (``--library`` takes a folder).
GLOBAL_OPTIONS = ("--library", "--debug", "--version", "--help")


@dataclass
class OptionSpec:
    """One option: its spellings (``-o``, ``--output``), whether it takes a value, its help."""

    names: list[str]
    valued: bool = False
    help: str = ""


@dataclass
class CommandSpec:
    """What completion needs to know of one command."""

    name: str
    help: str
    options: list[OptionSpec] = field(default_factory=list)
    keys: bool = False  # its arguments are record keys
    files: bool = False  # its arguments are files

    @property
    def spellings(self) -> list[str]:
        """Every spelling of every option."""
        return [name for option in self.options for name in option.names]

    @property
    def valued(self) -> list[str]:
        """The spellings of the options that take a value."""
        return [name for option in self.options if option.valued for name in option.names]


@dataclass
class Spec:
    """Every command, in name order."""

    commands: list[CommandSpec]


def complete_keys(library_option: str | None, prefix: str,
                  env: Mapping[str, str] | None = None, limit: int = 500) -> list[str]:
    """Record keys beginning with ``prefix`` in the library the command line names.

    From the index's key column when there is an index; from the record files' names when there
    is none yet (a new library, a deleted cache). Nothing (not an error) when there is no
    library: completion must never print on the user's terminal.
    """
    from archcite.library.locate import find_library

    root = find_library(library_option, os.environ if env is None else env)
    if not root.is_dir():
        return []
    from archcite.library.index import open_stored

    opened = open_stored(root)
    if opened is not None:
        view, _ = opened
        try:
            return view.keys_starting(prefix, limit)
        except Exception:
            pass  # an index being rebuilt: the file names serve
        finally:
            view.close()
    from archcite.library.freshness import RECORD_SUFFIX

    keys = []
    with os.scandir(root) as entries:
        for entry in entries:
            name = entry.name
            if name.endswith(RECORD_SUFFIX) and not name.startswith(".") \
                    and name.startswith(prefix):
                keys.append(name[: -len(RECORD_SUFFIX)])
    return sorted(keys)[:limit]


def script(shell: str, spec: Spec) -> str:
    """The completion script for ``shell`` (one of :data:`SHELLS`)."""
    if shell == "bash":
        return _bash(spec)
    if shell == "zsh":
        return _zsh(spec)
    if shell == "fish":
        return _fish(spec)
    raise ValueError(f"no completion for the shell {shell!r}; archcite knows {', '.join(SHELLS)}")


def _quote(text: str) -> str:
    """``text`` in single quotes for any of the three shells."""
    return "'" + text.replace("'", "'\\''") + "'"


def _fish_quote(text: str) -> str:
    """fish reads backslash escapes inside single quotes (not the POSIX '\\'' dance)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _names(spec: Spec, which: str) -> str:
    return " ".join(c.name for c in spec.commands if getattr(c, which))


def _bash(spec: Spec) -> str:
    cases = "\n".join(
        f"        {c.name}) opts={_quote(' '.join(c.spellings))}; "
        f"valued={_quote(' ' + ' '.join(c.valued) + ' ')};;" for c in spec.commands)
    commands = " ".join(c.name for c in spec.commands)
    return f"""# archcite completion for bash: put `source <(archcite completion bash)` in ~/.bashrc
_archcite() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="" cmd="" i word opts="" valued=" "
    local -a lib=()
    (( COMP_CWORD > 0 )) && prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    for (( i = 1; i < COMP_CWORD; i++ )); do
        word="${{COMP_WORDS[i]}}"
        case "$word" in
            --library) lib=(--library "${{COMP_WORDS[i+1]}}"); (( i++ ));;
            --library=*) lib=("$word");;
            -*) ;;
            *) cmd="$word"; break;;
        esac
    done
    if [[ "$prev" == --library ]]; then
        COMPREPLY=($(compgen -d -- "$cur"))
        return 0
    fi
    if [[ -z "$cmd" ]]; then
        if [[ "$cur" == -* ]]; then
            COMPREPLY=($(compgen -W {_quote(' '.join(GLOBAL_OPTIONS))} -- "$cur"))
        else
            COMPREPLY=($(compgen -W {_quote(commands)} -- "$cur"))
        fi
        return 0
    fi
    case "$cmd" in
{cases}
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return 0
    fi
    if [[ -n "$prev" && "$valued" == *" $prev "* ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
        return 0
    fi
    case " {_names(spec, 'keys')} " in
        *" $cmd "*)
            case "$cur" in
                +*|-*) COMPREPLY=();;
                *) COMPREPLY=($(command archcite "${{lib[@]}}" completion --keys "$cur" \
                                2>/dev/null));;
            esac
            return 0;;
    esac
    COMPREPLY=($(compgen -f -- "$cur"))
    return 0
}}
complete -o filenames -F _archcite archcite
"""


def _zsh(spec: Spec) -> str:
    cases = "\n".join(
        f"    {c.name}) opts=({' '.join(c.spellings)}); valued=({' '.join(c.valued)});;"
        for c in spec.commands)
    described = "\n".join(f"    {_quote(c.name + ':' + c.help.replace(':', chr(92) + ':'))}"
                          for c in spec.commands)
    return f"""#compdef archcite
# archcite completion for zsh: put `source <(archcite completion zsh)` in ~/.zshrc after
# `autoload -Uz compinit && compinit` (or save it as _archcite in a folder of $fpath).
_archcite() {{
  local cur=${{words[CURRENT]}} prev=${{words[CURRENT-1]}} cmd="" i
  local -a lib opts valued
  local -a commands=(
{described}
  )
  for (( i = 2; i < CURRENT; i++ )); do
    case ${{words[i]}} in
      --library) lib=(--library ${{words[i+1]}}); (( i++ ));;
      --library=*) lib=(${{words[i]}});;
      -*) ;;
      *) cmd=${{words[i]}}; break;;
    esac
  done
  if [[ $prev == --library ]]; then
    _files -/
    return
  fi
  if [[ -z $cmd ]]; then
    if [[ $cur == -* ]]; then
      compadd -- {' '.join(GLOBAL_OPTIONS)}
    else
      _describe 'archcite command' commands
    fi
    return
  fi
  case $cmd in
{cases}
  esac
  if [[ $cur == -* ]]; then
    compadd -- $opts
    return
  fi
  if (( ${{valued[(Ie)$prev]}} )); then
    _files
    return
  fi
  case " {_names(spec, 'keys')} " in
    *" $cmd "*)
      [[ $cur == [-+]* ]] && return
      compadd -- ${{(f)"$(command archcite $lib completion --keys "$cur" 2>/dev/null)"}}
      return;;
  esac
  _files
}}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _archcite "$@"
elif (( $+functions[compdef] )); then
  compdef _archcite archcite
fi
"""


def _fish(spec: Spec) -> str:
    lines = [
        "# archcite completion for fish: archcite completion fish > "
        "~/.config/fish/completions/archcite.fish",
        "function __archcite_command",
        "    set -l words (commandline -opc)",
        "    set -l skip 0",
        "    for word in $words[2..-1]",
        "        if test $skip = 1",
        "            set skip 0",
        "            continue",
        "        end",
        "        switch $word",
        "            case --library",
        "                set skip 1",
        "            case '-*'",
        "            case '*'",
        "                echo $word",
        "                return 0",
        "        end",
        "    end",
        "    return 1",
        "end",
        "function __archcite_none",
        "    not __archcite_command >/dev/null",
        "end",
        "function __archcite_is",
        "    set -l command (__archcite_command)",
        "    or return 1",
        "    contains -- $command $argv",
        "end",
        "function __archcite_keys",
        "    set -l words (commandline -opc)",
        "    set -l library",
        "    for i in (seq 2 (count $words))",
        "        switch $words[$i]",
        "            case --library",
        "                set -l next (math $i + 1)",
        "                set library --library $words[$next]",
        "            case '--library=*'",
        "                set library $words[$i]",
        "        end",
        "    end",
        "    set -l current (commandline -ct)",
        "    string match -q -- '[-+]*' $current; and return",
        "    command archcite $library completion --keys $current 2>/dev/null",
        "end",
        "complete -c archcite -f",
        "complete -c archcite -n __archcite_none -l library -r -a '(__fish_complete_directories)'"
        " -d 'Library folder'",
        "complete -c archcite -n __archcite_none -l debug -d 'Show tracebacks'",
        "complete -c archcite -n __archcite_none -l version -d 'Show the version'",
        "complete -c archcite -n __archcite_none -s h -l help -d 'Show the help'",
    ]
    for c in spec.commands:
        lines.append(f"complete -c archcite -n __archcite_none -a {c.name}"
                     f" -d {_fish_quote(c.help)}")
    for c in spec.commands:
        condition = f"'__archcite_is {c.name}'"
        for option in c.options:
            longs = [n[2:] for n in option.names if n.startswith("--")]
            shorts = [n[1:] for n in option.names if len(n) == 2 and n[0] == "-"]
            flags = "".join(f" -l {n}" for n in longs) + "".join(f" -s {n}" for n in shorts)
            if not flags:
                continue
            takes = " -r" if option.valued else ""
            described = f" -d {_fish_quote(option.help)}" if option.help else ""
            lines.append(f"complete -c archcite -n {condition}{flags}{takes}{described}")
        if c.keys:
            lines.append(f"complete -c archcite -n {condition} -a '(__archcite_keys)'")
        if c.files:
            lines.append(f"complete -c archcite -n {condition} -F")
    return "\n".join(lines) + "\n"


def library_arguments(argv: list[str]) -> tuple[str | None, str] | None:
    """(``--library`` value, prefix) of ``[--library DIR] completion --keys [PREFIX]``, else None.

    The click-free path answers exactly this call; anything else goes to click.
    """
    from archcite.cli.argv import split_library

    split = split_library(argv)
    if split is None:
        return None
    library, rest = split
    if rest[:2] != ["completion", "--keys"] or len(rest) > 3:
        return None
    return library, rest[2] if len(rest) == 3 else ""


def print_keys(library: str | None, prefix: str) -> int:
    """Print the keys for ``prefix``, one a line; 0 even when there are none."""
    import sys

    try:
        keys = complete_keys(library, prefix)
    except OSError:
        keys = []
    if keys:
        sys.stdout.write("\n".join(keys) + "\n")
        sys.stdout.flush()
    return 0
