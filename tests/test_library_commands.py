"""list, search, show, tag, note, rm, edit and bib through the CLI."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli import cli
from tests.helpers import read, snapshot, write_library


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    return write_library(tmp_path / "lib")


def run(runner: CliRunner, lib: Path, *args: str, **kw: object):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, ["--library", str(lib), *args], **kw)  # type: ignore[arg-type]


def fake_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str) -> Path:
    """$EDITOR = a script that replaces the edited file's content with ``content``."""
    payload = tmp_path / "payload.txt"
    payload.write_text(content, "utf-8")
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, shutil\n"
        f"shutil.copyfile({str(payload)!r}, sys.argv[-1])\n", "utf-8")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.delenv("VISUAL", raising=False)
    return payload


def test_list_plain_keys_and_json(runner: CliRunner, lib: Path) -> None:
    result = run(runner, lib, "list")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split("\t") == ["kim1950ciphered", "1950-09-29", "Kim Il Sung → Stalin",
                                    "AP RF, f. 45, op. 1, d. 347, ll. 41–45"]
    assert len(lines) == 4
    result = run(runner, lib, "list", "--keys", "--sort", "key", "tag:korea")
    assert result.output == "kim1950ciphered\nmao1953cable\n"
    result = run(runner, lib, "search", "lotman", "--json")
    data = json.loads(result.output)
    assert [r["key"] for r in data] == ["lotman1960letter"]
    assert data[0]["sender"] == "Юрий Лотман"


def test_list_negation_and_quoted_args(runner: CliRunner, lib: Path) -> None:
    result = run(runner, lib, "list", "--keys", "tag:korea", "-tag:draft")
    assert result.output == "mao1953cable\n"
    result = run(runner, lib, "search", "--keys", "author:Mao Zedong")
    assert result.output == "mao1953cable\n"
    result = run(runner, lib, "list", "--keys", "--limit", "1")
    assert result.output == "kim1950ciphered\n"


def test_list_table(runner: CliRunner, lib: Path) -> None:
    result = run(runner, lib, "list", "--table", "munchen")
    assert result.exit_code == 0
    assert "sender → recipient" in result.output
    assert "embassy1956report" in result.output and "MNL OL, XIX-J-1-j" in result.output
    assert "1 record" in result.output


def test_search_errors_are_one_line(runner: CliRunner, lib: Path) -> None:
    result = run(runner, lib, "search", "colour:red")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "unknown field 'colour'" in result.output


def test_bad_record_file_warns_and_list_goes_on(runner: CliRunner, lib: Path) -> None:
    (lib / "broken.json").write_text("{", "utf-8")
    result = run(runner, lib, "list", "--keys")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 4
    assert result.stderr.count("warning") == 1 and "broken.json" in result.stderr


def test_show(runner: CliRunner, seed_library: Path) -> None:
    result = run(runner, seed_library, "show", "filippov1951ciphered")
    assert result.exit_code == 0
    assert "Filippov [Stalin]" in result.output
    assert "AVPRF, f. 059a, op. 5a, d. 4, papka 11, ll. 14–15" in result.output
    raw = (seed_library / "filippov1951ciphered.json").read_text("utf-8")
    assert run(runner, seed_library, "show", "filippov1951ciphered", "--json").output == raw
    missing = run(runner, seed_library, "show", "filippov1951cipher")
    assert missing.exit_code != 0 and "did you mean filippov1951ciphered" in missing.output


def test_tag_adds_removes_and_is_searchable(runner: CliRunner, lib: Path) -> None:
    result = run(runner, lib, "tag", "kim1950ciphered", "mao1953cable", "+cold war", "-draft",
                 "+korea")
    assert result.exit_code == 0, result.output
    assert read(lib, "kim1950ciphered")["custom"]["tags"] == ["korea", "cold-war"]
    assert read(lib, "mao1953cable")["custom"]["tags"] == ["korea", "cold-war"]
    assert run(runner, lib, "list", "--keys", "tag:cold-war").output == (
        "kim1950ciphered\nmao1953cable\n")
    assert run(runner, lib, "list", "--keys", "tag:draft").output == ""


def test_tag_unknown_key_changes_nothing(runner: CliRunner, lib: Path) -> None:
    before = snapshot(lib)
    result = run(runner, lib, "tag", "kim1950ciphered", "nosuchkey", "+x")
    assert result.exit_code != 0 and "nosuchkey" in result.output
    assert snapshot(lib) == before


def test_note_text_and_editor(runner: CliRunner, lib: Path, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(runner, lib, "note", "kim1950ciphered", "check", "the", "AVPRF copy").exit_code == 0
    assert read(lib, "kim1950ciphered")["custom"]["notes"] == "check the AVPRF copy"
    assert run(runner, lib, "list", "--keys", "note:avprf").output == "kim1950ciphered\n"
    fake_editor(tmp_path, monkeypatch, "Seen in Moscow, 2019.\n")
    result = run(runner, lib, "note", "kim1950ciphered")
    assert result.exit_code == 0, result.output
    assert read(lib, "kim1950ciphered")["custom"]["notes"] == "Seen in Moscow, 2019."


def test_rm_asks_and_yes(runner: CliRunner, lib: Path) -> None:
    result = run(runner, lib, "rm", "kim1950ciphered", input="n\n")
    assert result.exit_code == 0 and (lib / "kim1950ciphered.json").exists()
    result = run(runner, lib, "rm", "kim1950ciphered", input="y\n")
    assert result.exit_code == 0 and not (lib / "kim1950ciphered.json").exists()
    result = run(runner, lib, "rm", "--yes", "mao1953cable", "lotman1960letter")
    assert result.exit_code == 0
    assert run(runner, lib, "list", "--keys").output == "embassy1956report\n"
    before = snapshot(lib)
    assert run(runner, lib, "rm", "--yes", "embassy1956report", "nope").exit_code != 0
    assert snapshot(lib) == before


def test_edit_valid_change_is_saved_and_derived(runner: CliRunner, lib: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    record = read(lib, "kim1950ciphered")
    record["title"] = "Ciphered telegram, Kim Il Sung to Filippov"
    fake_editor(tmp_path, monkeypatch, json.dumps(record))
    result = run(runner, lib, "edit", "kim1950ciphered")
    assert result.exit_code == 0, result.output
    saved = read(lib, "kim1950ciphered")
    assert saved["title"].endswith("to Filippov")
    assert saved["archive_location"] == "f. 45, op. 1, d. 347, ll. 41–45"  # derived on save


@pytest.mark.parametrize(("content", "reason"), [
    ('{"id": "kim1950ciphered", "type": ', "broken JSON"),
    ('{"id": "kim1950ciphered", "type": "telegram"}', "not a kind of item archcite knows"),
    ('{"id": "renamed", "type": "manuscript"}', "the id must stay"),
    ('{"id": "kim1950ciphered", "type": "manuscript", "issued": {"date-parts": [[1950, 2, 30]]}}',
     "not a real date"),
])
def test_edit_invalid_is_refused_and_old_record_kept(
        runner: CliRunner, lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        content: str, reason: str) -> None:
    before = snapshot(lib)
    fake_editor(tmp_path, monkeypatch, content)
    result = run(runner, lib, "edit", "kim1950ciphered")
    assert result.exit_code != 0
    assert "edit refused" in result.output and reason in result.output
    assert snapshot(lib) == before
    kept = result.output.split("your edit is kept in ")[1].rstrip(")\n")
    assert Path(kept).read_text("utf-8") == content
    Path(kept).unlink()


def fake_render(records: list[dict], *, style: str, form: str, fmt: str,  # type: ignore[type-arg]
                locator: str | None, registry: object) -> list[str]:
    return [f"{r.get('title')} [{style}/{form}/{fmt}]" for r in records]


def test_bib_renders_a_query_sorted(runner: CliRunner, lib: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import archcite.cli.commands.bib as bib

    def by_text(record: dict, text: str, style: str) -> str:  # type: ignore[type-arg]
        return json.dumps([text])

    monkeypatch.setattr(bib, "load_renderer", lambda: (fake_render, by_text))
    result = run(runner, lib, "bib", "tag:korea", "--style", "mla")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Cable, Mao Zedong to Filippov [mla/bib/text]",
        "Ciphered telegram, Kim Il Sung to Stalin [mla/bib/text]",
    ]
    assert (lib / ".archcite" / "render.sqlite").is_file()
    assert run(runner, lib, "bib", "--style", "apa").exit_code != 0
