"""``add --archive … --date …``: a document read in a reading room, typed in by hand.

Checked by the rules every reader uses (level values, the holdings reader, real dates); stored
through the one write path. The library's files are compared before and after.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli import cli
from tests.helpers import read, snapshot, write_library


def run(runner: CliRunner, library: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["--library", str(library), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return write_library(tmp_path / "library")


LETTER = ["add", "--archive", "AVPRF", "--fond", "0102", "--opis", "11", "--papka", "65",
          "--delo", "45", "--listy", "12-14", "--date", "October 3, 1956",
          "--from", "Ponomarenko", "--to", "V. M. Molotov", "--genre", "letter"]


def test_a_typed_entry_is_stored_as_a_record(runner: CliRunner, library: Path) -> None:
    before = snapshot(library)
    code, out, err = run(runner, library, *LETTER)
    assert (code, err) == (0, "")
    key = out.strip()
    assert key == "ponomarenko1956letter"
    after = snapshot(library)
    assert set(after) - set(before) == {f"{key}.json"}
    assert {k: after[k] for k in before} == before
    record = read(library, key)
    assert record["type"] == "personal_communication"
    assert "genre" not in record  # a plain letter stores no genre (the type says it)
    assert record["title"] == "Letter, Ponomarenko to V. M. Molotov"
    assert record["issued"] == {"date-parts": [[1956, 10, 3]]}
    assert record["author"] == [{"literal": "Ponomarenko"}]
    assert record["recipient"] == [{"literal": "V. M. Molotov"}]
    assert record["custom"]["holdings"] == [{"archive": "AVPRF", "levels": [
        ["fond", "0102"], ["opis", "11"], ["delo", "45"], ["papka", "65"], ["listy", "12-14"]]}]
    # Chicago's labels: papka spelled out, several leaves "ll." with an en dash
    assert record["archive_location"] == "f. 0102, op. 11, d. 45, papka 65, ll. 12–14"


def test_one_leaf_is_a_list_and_the_citation_says_l(runner: CliRunner, library: Path) -> None:
    code, out, _ = run(runner, library, "add", "--archive", "RGANI", "--fond", "5",
                       "--opis", "28", "--delo", "412", "--listy", "7", "--date", "1955-01",
                       "--from", "Suslov", "--genre", "memorandum")
    assert code == 0
    key = out.strip()
    assert read(library, key)["custom"]["holdings"][0]["levels"][-1] == ["list", "7"]
    note = run(runner, library, "cite", key)[1]
    assert "d. 412, l. 7" in note and "ll." not in note


def test_a_reference_as_the_archive_writes_it_keeps_its_order(runner: CliRunner,
                                                              library: Path) -> None:
    code, out, _ = run(runner, library, "add", "--archive", "AVPRF", "--reference",
                       "f. 0102, op. 11, p. 65, d. 45, l. 3", "--date", "1956-10-05",
                       "--from", "Ponomarenko", "--genre", "telegram")
    assert code == 0, out
    levels = read(library, out.strip())["custom"]["holdings"][0]["levels"]
    assert levels == [["fond", "0102"], ["opis", "11"], ["papka", "65"], ["delo", "45"],
                      ["list", "3"]]


@pytest.mark.parametrize(("change", "words"), [
    (["--date", "1953-02-29"], "not a real date"),   # 1953 is no leap year
    (["--date", "1956-13-01"], "not a real date"),
    (["--date", "31 Smarch 1956"], "not a real date"),
    (["--delo", "45/2"], "--delo"),
    (["--listy", "12 and 14"], "--listy"),
    (["--archive", " "], "--archive"),
])
def test_bad_entries_are_refused_in_one_line(runner: CliRunner, library: Path,
                                             change: list[str], words: str) -> None:
    args = list(LETTER)
    option = change[0]
    at = args.index(option)
    args[at + 1] = change[1]
    before = snapshot(library)
    code, out, err = run(runner, library, *args)
    assert code == 1 and out == ""
    (line,) = err.splitlines()
    assert line.startswith("archcite: error:") and words in line
    assert snapshot(library) == before


def test_an_entry_without_a_date_is_refused(runner: CliRunner, library: Path) -> None:
    at = LETTER.index("--date")
    before = snapshot(library)
    code, _, err = run(runner, library, *LETTER[:at], *LETTER[at + 2:])
    assert code == 1 and "--date" in err
    assert snapshot(library) == before


def test_an_unknown_archive_is_kept_as_written_with_a_note(runner: CliRunner,
                                                           library: Path) -> None:
    code, out, err = run(runner, library, "add", "--archive", "Oblast Archive of Tomsk",
                         "--fond", "R-1", "--opis", "2", "--delo", "9", "--date", "1961",
                         "--from", "Obkom", "--genre", "report")
    assert code == 0
    (note,) = err.splitlines()
    assert note.startswith("archcite: note:") and "Oblast Archive of Tomsk" in note
    holding = read(library, out.strip())["custom"]["holdings"][0]
    assert holding == {"archive": "Oblast Archive of Tomsk",
                       "levels": [["fond", "R-1"], ["opis", "2"], ["delo", "9"]]}


def test_dry_run_shows_the_entry_and_stores_nothing(runner: CliRunner, library: Path) -> None:
    before = snapshot(library)
    code, out, _ = run(runner, library, *LETTER, "--dry-run")
    assert code == 0
    assert "key: ponomarenko1956letter" in out and "papka: 65" in out
    assert snapshot(library) == before


def test_an_explicit_title_is_kept(runner: CliRunner, library: Path) -> None:
    code, out, _ = run(runner, library, *LETTER, "--title",
                       "Letter on the Hungarian events")
    assert code == 0
    assert read(library, out.strip())["title"] == "Letter on the Hungarian events"
