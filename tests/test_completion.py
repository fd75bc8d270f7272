"""Shell completion, tested in the shells themselves: bash's completion function is called with
COMP_WORDS/COMP_CWORD set as readline sets them, zsh's with its completion builtins recorded,
fish through its own ``complete -C`` (what Tab runs). The keys come from a real library through
the installed ``archcite`` command, so the whole path a Tab takes is exercised."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli import COMMANDS, cli
from tests.helpers import bulk_library, numbered_record, process_env

KEYS = ["gromyko1950letter", "gromyko1951cable", "gromyko1953minutes", "mao1950note",
        "zhou1952report"]


def _env(tmp_path: Path) -> dict[str, str]:
    """The environment a user's shell has, with ``archcite`` on PATH."""
    return process_env(tmp_path, PATH=os.path.dirname(sys.executable) + os.pathsep
                       + os.environ.get("PATH", ""))


@pytest.fixture
def keyed_library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    bulk_library(root, [numbered_record(1000 + i, key=key) for i, key in enumerate(KEYS)])
    return root


@pytest.fixture
def archcite_on_path(tmp_path: Path) -> dict[str, str]:
    env = _env(tmp_path)
    if shutil.which("archcite", path=env["PATH"]) is None:
        pytest.skip("the archcite command is not installed (pip install -e .)")
    return env


def _script(shell: str) -> str:
    result = CliRunner().invoke(cli, ["completion", shell])
    assert result.exit_code == 0, result.output
    return result.stdout


def _bash_complete(words: list[str], env: dict[str, str], tmp_path: Path) -> list[str]:
    """What bash offers for the last word of ``words`` (the word being completed)."""
    script = tmp_path / "archcite.bash"
    script.write_text(_script("bash"), "utf-8")
    array = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    program = (f"source {script}\nCOMP_WORDS=({array})\nCOMP_CWORD={len(words) - 1}\n"
               "_archcite archcite\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n")
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


def test_bash_completes_a_partial_key(keyed_library: Path, archcite_on_path: dict[str, str],
                                      tmp_path: Path) -> None:
    lib = str(keyed_library)
    assert _bash_complete(["archcite", "--library", lib, "cite", "gromyko1951"],
                          archcite_on_path, tmp_path) == ["gromyko1951cable"]
    assert _bash_complete(["archcite", "--library", lib, "show", "gro"], archcite_on_path,
                          tmp_path) == [k for k in KEYS if k.startswith("gro")]
    # after an option that takes no value, and for a later key of a command taking several
    assert _bash_complete(["archcite", f"--library={lib}", "rm", "--yes", "mao1950note", "z"],
                          archcite_on_path, tmp_path) == ["zhou1952report"]
    # tag: keys, but +tag / -tag words are not keys
    assert _bash_complete(["archcite", "--library", lib, "tag", "m"], archcite_on_path,
                          tmp_path) == ["mao1950note"]
    assert _bash_complete(["archcite", "--library", lib, "tag", "mao1950note", "+"],
                          archcite_on_path, tmp_path) == []
    assert _bash_complete(["archcite", "--library", lib, "show", "nobody"], archcite_on_path,
                          tmp_path) == []


def test_bash_finds_the_library_as_archcite_does(keyed_library: Path,
                                                 archcite_on_path: dict[str, str],
                                                 tmp_path: Path) -> None:
    """No --library on the line: $ARCHCITE_LIBRARY, as for any command."""
    env = {**archcite_on_path, "ARCHCITE_LIBRARY": str(keyed_library)}
    assert _bash_complete(["archcite", "edit", "zh"], env, tmp_path) == ["zhou1952report"]


def test_bash_completes_commands_and_options(archcite_on_path: dict[str, str],
                                             tmp_path: Path) -> None:
    assert _bash_complete(["archcite", "ci"], archcite_on_path, tmp_path) == ["cite"]
    assert set(_bash_complete(["archcite", ""], archcite_on_path, tmp_path)) == set(COMMANDS)
    assert _bash_complete(["archcite", "--lib"], archcite_on_path, tmp_path) == ["--library"]
    assert set(_bash_complete(["archcite", "cite", "--s"], archcite_on_path, tmp_path)) == {
        "--style", "--shelfmark-first"}
    assert _bash_complete(["archcite", "export", "--for"], archcite_on_path,
                          tmp_path) == ["--format"]
    assert _bash_complete(["archcite", "completion", "--h"], archcite_on_path,
                          tmp_path) == ["--help"]


def test_bash_completes_files_where_a_command_takes_files(archcite_on_path: dict[str, str],
                                                          tmp_path: Path) -> None:
    (tmp_path / "110374.md").write_text("page", "utf-8")
    (tmp_path / "refs.bib").write_text("", "utf-8")
    assert _bash_complete(["archcite", "add", "110"], archcite_on_path, tmp_path) == ["110374.md"]
    assert _bash_complete(["archcite", "import", "re"], archcite_on_path,
                          tmp_path) == ["refs.bib"]


def test_key_completion_without_an_index_reads_the_file_names(
        keyed_library: Path, archcite_on_path: dict[str, str], tmp_path: Path) -> None:
    shutil.rmtree(keyed_library / ".archcite", ignore_errors=True)
    assert _bash_complete(["archcite", "--library", str(keyed_library), "note", "gromyko195"],
                          archcite_on_path, tmp_path) == KEYS[:3]


def test_key_completion_for_a_missing_library_offers_nothing_and_creates_nothing(
        archcite_on_path: dict[str, str], tmp_path: Path) -> None:
    missing = tmp_path / "no" / "library"
    assert _bash_complete(["archcite", "--library", str(missing), "show", "g"],
                          archcite_on_path, tmp_path) == []
    assert not (tmp_path / "no").exists()


PROBE = """
import json, sys
from archcite.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stdout.flush()
print("\\nMODULES=" + json.dumps(sorted({m.split(".")[0] for m in sys.modules})),
      file=sys.stderr)
"""


def test_key_completion_starts_light(keyed_library: Path, tmp_path: Path) -> None:
    """A Tab answers from the index without click, rich or citeproc."""
    from archcite.library.index import open_index
    from tests.helpers import open_library

    open_index(open_library(keyed_library)).close()  # the index every command keeps
    done = subprocess.run([sys.executable, "-c", PROBE, "--library", str(keyed_library),
                           "completion", "--keys", "mao"], env=_env(tmp_path),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout == "mao1950note\n"
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES="))
    modules = set(json.loads(line.removeprefix("MODULES=")))
    assert not modules & {"click", "rich", "citeproc", "lxml", "bibtexparser"}


def test_the_click_path_prints_the_same_keys(keyed_library: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--library", str(keyed_library), "completion", "--keys",
                                 "gromyko195"])
    assert result.exit_code == 0
    assert result.stdout.split() == KEYS[:3]


def test_completion_without_a_shell_is_one_line_of_usage(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["completion"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "bash, zsh or fish" in result.stderr
    bad = runner.invoke(cli, ["completion", "powershell"])
    assert bad.exit_code == 2 and "powershell" in bad.stderr


# -- zsh: the completion function, with compadd/_describe/_files recorded ------------------------

def _zsh_complete(words: list[str], env: dict[str, str], tmp_path: Path) -> list[str]:
    if shutil.which("zsh") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("zsh is not installed (CI installs it)")
        pytest.skip("zsh is not installed")
    script = tmp_path / "archcite.zsh"
    script.write_text(_script("zsh"), "utf-8")
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    # compadd and friends are builtins of the completion system; outside a Tab they are
    # replaced by recorders printing what would be offered, then filtered by the current word
    # as the completion system filters.
    program = f"""
offered=()
compadd() {{
  while [[ $1 == -* && $1 != -- ]]; do shift; done
  [[ $1 == -- ]] && shift
  offered+=("$@")
}}
_describe() {{ local -a items; items=("${{(@P)2}}"); offered+=("${{items[@]%%:*}}"); }}
_files() {{ offered+=(FILES); }}
source {script}
words=({quoted})
CURRENT={len(words)}
_archcite
for o in $offered; do [[ $o == FILES || $o == ${{words[CURRENT]}}* ]] && print -r -- $o; done; true
"""
    done = subprocess.run(["zsh", "-f", "-c", program], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


def test_zsh_completes_keys_commands_and_options(keyed_library: Path,
                                                archcite_on_path: dict[str, str],
                                                tmp_path: Path) -> None:
    lib = str(keyed_library)
    env = archcite_on_path
    assert _zsh_complete(["archcite", "--library", lib, "cite", "gromyko1951"], env,
                         tmp_path) == ["gromyko1951cable"]
    assert _zsh_complete(["archcite", "--library", lib, "tag", "+"], env, tmp_path) == []
    assert _zsh_complete(["archcite", "sh"], env, tmp_path) == ["show"]
    assert _zsh_complete(["archcite", "cite", "--loc"], env, tmp_path) == ["--locator"]
    assert _zsh_complete(["archcite", "add", "x"], env, tmp_path) == ["FILES"]


# -- fish: complete -C is what fish runs on Tab ------------------------------------------------

def _fish_complete(line: str, env: dict[str, str], tmp_path: Path) -> list[str]:
    if shutil.which("fish") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("fish is not installed (CI installs it)")
        pytest.skip("fish is not installed")
    script = tmp_path / "archcite.fish"
    script.write_text(_script("fish"), "utf-8")
    program = f"source {script}; complete -C {_fish_word(line)}"
    done = subprocess.run(["fish", "--no-config", "-c", program],
                          env={**env, "HOME": str(tmp_path)}, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return [row.split("\t")[0] for row in done.stdout.splitlines() if row]


def _fish_word(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def test_fish_completes_keys_commands_and_options(keyed_library: Path,
                                                 archcite_on_path: dict[str, str],
                                                 tmp_path: Path) -> None:
    lib = str(keyed_library)
    env = archcite_on_path
    assert _fish_complete(f"archcite --library {lib} cite gromyko1951", env,
                          tmp_path) == ["gromyko1951cable"]
    assert _fish_complete(f"archcite --library {lib} rm mao1950note zh", env,
                          tmp_path) == ["zhou1952report"]
    assert _fish_complete("archcite reso", env, tmp_path) == ["resolve"]
    assert _fish_complete("archcite cite --shel", env, tmp_path) == ["--shelfmark-first"]
