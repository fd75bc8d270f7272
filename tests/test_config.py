"""Settings files: the user's config.toml and a paper project's archcite.toml.

Precedence of the library: --library > $ARCHCITE_LIBRARY > project file > ./library > user
file > the data folder; style, form, format and the key pattern: the option > project > user.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli import cli
from archcite.library.config import load_config
from archcite.library.locate import find_library
from tests.helpers import SAMPLE, write_library


def _one(key: str) -> list:
    return [r for r in SAMPLE if r["id"] == key]


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner) -> dict[str, Path]:
    """A project folder with a subfolder to work in, and five libraries each holding one record.

    ``runner`` first: it points XDG_CONFIG_HOME at the test's own folder.
    """
    project = tmp_path / "paper"
    work = project / "chapters"
    work.mkdir(parents=True)
    libs = {name: write_library(tmp_path / name, _one(key)) for name, key in (
        ("option", "lotman1960letter"), ("env", "embassy1956report"),
        ("project", "kim1950ciphered"), ("user", "mao1953cable"))}
    config_home = Path(os.environ["XDG_CONFIG_HOME"])
    (config_home / "archcite").mkdir(parents=True)
    (config_home / "archcite" / "config.toml").write_text(
        f'library = "{libs["user"]}"\n', "utf-8")
    # A project file's relative path starts at the file, not at the current folder.
    (project / "archcite.toml").write_text('# my paper\nlibrary = "../project"\n', "utf-8")
    monkeypatch.chdir(work)
    return {"paper": project, "work": work, **libs}


def _keys(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(cli, [*args, "list", "--keys"])
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_the_library_precedence_ladder(places: dict[str, Path], runner: CliRunner,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHCITE_LIBRARY", str(places["env"]))
    assert _keys(runner, "--library", str(places["option"])) == "lotman1960letter"
    assert _keys(runner) == "embassy1956report"
    monkeypatch.delenv("ARCHCITE_LIBRARY")
    # the project file (found two folders up from chapters/) beats a ./library
    write_library(places["work"] / "library", _one("lotman1960letter"))
    assert _keys(runner) == "kim1950ciphered"
    (places["paper"] / "archcite.toml").unlink()
    assert _keys(runner) == "lotman1960letter"  # ./library beats the user file
    for path in sorted((places["work"] / "library").iterdir(), reverse=True):
        path.unlink() if path.is_file() else None
    (places["work"] / "library" / ".archcite").exists() and _rmtree(
        places["work"] / "library" / ".archcite")
    (places["work"] / "library").rmdir()
    assert _keys(runner) == "mao1953cable"  # the user file
    (Path(os.environ["XDG_CONFIG_HOME"]) / "archcite" / "config.toml").unlink()
    assert find_library(None, dict(os.environ)) == Path(
        os.environ["XDG_DATA_HOME"]) / "archcite" / "library"


def _rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path)


def test_a_project_path_is_relative_to_its_file(places: dict[str, Path]) -> None:
    config = load_config(dict(os.environ), places["work"])
    assert config.project is not None
    assert config.project.path == places["paper"] / "archcite.toml"
    assert Path(str(config.get("library"))).resolve() == places["project"].resolve()


@pytest.mark.parametrize(("text", "line", "words"), [
    ('style = "mla"\nform = "intext\n', 2, ""),  # a TOML syntax error: tomllib says what
    ('style = "mla"\n\nlibary = "x"\n', 3, "unknown setting 'libary'"),
    ('form = "footnote"\n', 1, "form must be one of"),
    ('style = 3\n', 1, "style must be"),
    ('key-pattern = "{author}{yr}"\n', 1, "unknown placeholder {yr}"),
    ('key-pattern = "{author} {year}"\n', 1, "cannot be in a citation key"),
    ('key-pattern = "{year}"\n', 1, "{author} or {title}"),
])
@pytest.mark.parametrize("which", ["project", "user"])
def test_a_malformed_file_is_one_line_naming_file_and_line(
        places: dict[str, Path], runner: CliRunner, text: str, line: int, words: str,
        which: str) -> None:
    if which == "project":
        path = places["paper"] / "archcite.toml"
    else:
        (places["paper"] / "archcite.toml").unlink()
        path = Path(os.environ["XDG_CONFIG_HOME"]) / "archcite" / "config.toml"
    path.write_text(text, "utf-8")
    result = runner.invoke(cli, ["cite", "kim1950ciphered"])
    assert result.exit_code == 1
    assert result.stdout == ""
    (error,) = result.stderr.splitlines()
    assert error.startswith(f"archcite: error: {path}: ")
    assert f"line {line}" in error and words.lower() in error.lower(), error


def test_style_form_and_format_come_from_the_files_and_options_win(
        places: dict[str, Path], runner: CliRunner) -> None:
    def cite(*args: str) -> str:
        result = runner.invoke(cli, ["cite", "kim1950ciphered", *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    chicago_note, mla_bib = cite("--style", "chicago"), cite("--style", "mla")
    assert chicago_note != mla_bib
    user = Path(os.environ["XDG_CONFIG_HOME"]) / "archcite" / "config.toml"
    user.write_text('style = "mla"\n', "utf-8")
    assert cite() == mla_bib
    # the project file wins over the user file; the option over both
    (places["paper"] / "archcite.toml").write_text(
        'library = "../project"\nstyle = "chicago"\nform = "short"\nformat = "html"\n', "utf-8")
    assert cite() == cite("--style", "chicago", "--form", "short", "--format", "html")
    assert cite("--format", "text", "--form", "note") == chicago_note
    # a form the chosen style lacks falls back to that style's default, not an error
    (places["paper"] / "archcite.toml").write_text(
        'library = "../project"\nstyle = "mla"\nform = "intext"\n', "utf-8")
    assert cite("--style", "chicago") == chicago_note
    bib = runner.invoke(cli, ["bib"])
    assert bib.exit_code == 0 and bib.stdout == runner.invoke(
        cli, ["bib", "--style", "mla"]).stdout


def test_the_key_pattern_makes_the_keys(places: dict[str, Path], runner: CliRunner) -> None:
    (places["paper"] / "archcite.toml").write_text(
        'library = "../project"\nkey-pattern = "{archive}{fond}-{year}{author}"\n', "utf-8")
    entry = ["add", "--archive", "RGANI", "--fond", "5", "--opis", "30", "--delo", "163",
             "--listy", "10-12", "--date", "1956-06-04", "--from", "Ponomarev",
             "--genre", "memorandum"]
    result = runner.invoke(cli, entry)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "rgani5-1956ponomarev"
    assert (places["project"] / "rgani5-1956ponomarev.json").is_file()
    # a second record making the same key gets the collision suffix, as with the default
    # (another document of the same file: other leaves, so not the same document held twice)
    other = [a if a != "10-12" else "13-15" for a in entry]
    again = runner.invoke(cli, [*other[:-2], "--genre", "letter"])
    assert again.stdout.strip() == "rgani5-1956ponomareva"
    # rekey follows the pattern too: a record stored under another key is renamed to it
    (places["project"] / "kim1950ciphered.json").rename(places["project"] / "kim.json")
    text = (places["project"] / "kim.json").read_text("utf-8")
    (places["project"] / "kim.json").write_text(text.replace('"kim1950ciphered"', '"kim"'),
                                                 "utf-8")
    result = runner.invoke(cli, ["rekey", "kim"])
    assert result.exit_code == 0, result.output
    assert (places["project"] / "aprf45-1950kim.json").is_file()


def test_the_default_pattern_is_the_documented_rule() -> None:
    from archcite.model.keys import DEFAULT_PATTERN, base_key

    for record in SAMPLE:
        assert base_key(record) == base_key(record, DEFAULT_PATTERN)
    no_sender = {"id": "x", "type": "manuscript", "title": "Minutes of the Conversation",
                 "issued": {"date-parts": [[1952]]}}
    assert base_key(no_sender, "{author}{year}{title}") == "minutes1952conversation"
    assert base_key({"id": "x", "type": "manuscript"}) == "docnd"


def test_the_click_free_list_reads_the_project_file(places: dict[str, Path]) -> None:
    """``archcite list`` piped takes the quick path; it must find the project's library too."""
    env = {k: v for k, v in os.environ.items() if k != "ARCHCITE_LIBRARY"}
    (Path(os.environ["XDG_CONFIG_HOME"]) / "archcite" / "config.toml").unlink()
    for _ in range(2):  # the first call builds the index; the second is the quick path
        done = subprocess.run([sys.executable, "-m", "archcite", "list", "--keys"],
                              cwd=places["work"], env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "kim1950ciphered"
    (places["paper"] / "archcite.toml").write_text('library = "../project"\nstyle = \n',
                                                     "utf-8")
    done = subprocess.run([sys.executable, "-m", "archcite", "list", "--keys"],
                          cwd=places["work"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "archcite.toml: line 2" in done.stderr


def test_the_guide_documents_every_key_pattern_placeholder() -> None:
    from archcite.model.keys import PLACEHOLDERS
    from tests.helpers import REPO

    guide = (REPO / "docs" / "guide.md").read_text("utf-8")
    for name in PLACEHOLDERS:
        assert f"| `{{{name}}}` |" in guide, name


def test_docx_takes_the_project_style(places: dict[str, Path], runner: CliRunner,
                                      tmp_path: Path) -> None:
    import docx

    from tests.helpers import body_paragraphs

    paper = tmp_path / "paper.docx"
    document = docx.Document()
    document.add_paragraph("As Kim wrote [@kim1950ciphered, l. 41].")
    document.save(str(paper))

    def cited(name: str, *args: str) -> list[str]:
        out = tmp_path / name
        result = runner.invoke(cli, ["docx", str(paper), "-o", str(out), *args])
        assert result.exit_code == 0, result.output
        return body_paragraphs(out)

    chicago = cited("chicago.docx", "--style", "chicago")
    mla = cited("mla.docx", "--style", "mla")
    assert chicago != mla  # MLA cites in the text, Chicago in a note
    (places["paper"] / "archcite.toml").write_text('library = "../project"\nstyle = "mla"\n',
                                                   "utf-8")
    assert cited("default.docx") == mla
