"""A new user's first week: each defect they met, through the real command.

Where data is at stake the library's files are compared before and after.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli import cli
from tests.helpers import SAMPLE, read, snapshot, write_library


def run(runner: CliRunner, library: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["--library", str(library), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def sample_library(tmp_path: Path) -> Path:
    return write_library(tmp_path / "library")


# --- cite: pinpoints pair with keys; options a style cannot use are refused -----------------

def test_one_locator_per_key_pairs_in_order(runner: CliRunner, sample_library: Path) -> None:
    code, out, err = run(runner, sample_library, "cite", "kim1950ciphered", "mao1953cable",
                         "--form", "short", "--locator", "l. 41", "--locator", "l. 9")
    assert (code, err) == (0, "")
    first, second = out.splitlines()
    assert first.endswith("l. 41.") and "l. 9" not in first
    assert second.endswith("l. 9.") and "l. 41" not in second


def test_an_empty_locator_leaves_that_key_without_a_pinpoint(runner: CliRunner,
                                                            sample_library: Path) -> None:
    code, out, _ = run(runner, sample_library, "cite", "kim1950ciphered", "mao1953cable",
                       "--form", "short", "--locator", "", "--locator", "l. 9")
    assert code == 0
    alone = run(runner, sample_library, "cite", "kim1950ciphered", "--form", "short")[1]
    assert out.splitlines()[0] == alone.strip()
    assert out.splitlines()[1].endswith("l. 9.")


@pytest.mark.parametrize("locators", [["l. 41"], ["l. 41", "l. 9", "l. 3"]])
def test_locators_that_do_not_pair_with_the_keys_are_refused(
        runner: CliRunner, sample_library: Path, locators: list[str]) -> None:
    args = [a for loc in locators for a in ("--locator", loc)]
    code, out, err = run(runner, sample_library, "cite", "kim1950ciphered", "mao1953cable",
                         *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "once per key" in err or "one per key" in err


def test_a_bibliography_entry_refuses_a_pinpoint(runner: CliRunner,
                                                 sample_library: Path) -> None:
    code, out, err = run(runner, sample_library, "cite", "kim1950ciphered", "--form", "bib",
                         "--locator", "l. 41")
    assert code == 2 and out == "" and "--locator" in err


@pytest.mark.parametrize("style", ["bibtex", "biblatex"])
@pytest.mark.parametrize("extra", [["--form", "short"], ["--locator", "l. 41"],
                                   ["--format", "html"], ["--shelfmark-first"]])
def test_export_styles_refuse_options_they_cannot_use(runner: CliRunner, sample_library: Path,
                                                      style: str, extra: list[str]) -> None:
    code, out, err = run(runner, sample_library, "cite", "kim1950ciphered", "--style", style,
                         *extra)
    assert code == 2 and out == ""
    assert extra[0] in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(("typed", "meant"), [("chicgo", "chicago"), ("Chicago ", None),
                                              ("mal", "mla"), ("biblatx", "biblatex")])
def test_a_mistyped_style_gets_did_you_mean(runner: CliRunner, sample_library: Path,
                                            typed: str, meant: str | None) -> None:
    code, out, err = run(runner, sample_library, "cite", "kim1950ciphered", "--style", typed)
    if meant is None:  # case and spaces are not a typo
        assert code == 0 and out
        return
    assert code != 0 and out == ""
    assert f"(did you mean {meant}" in err


def test_library_untouched_by_refused_cites(runner: CliRunner, sample_library: Path) -> None:
    before = snapshot(sample_library)
    run(runner, sample_library, "cite", "kim1950ciphered", "mao1953cable", "--locator", "l. 1")
    assert snapshot(sample_library) == before
    assert len(SAMPLE) == len(list(sample_library.glob("*.json")))


# --- export: a paper that cites nothing exports nothing; a broken file is skipped -------------

@pytest.mark.parametrize(("option", "name", "text"), [
    ("--tex", "paper.tex", "\\documentclass{article}\\begin{document}No citations yet."
                           "\\end{document}\n"),
    ("--md", "paper.md", "# Draft\n\nNo citations yet; an e-mail like a@b.org is not one.\n"),
])
def test_a_paper_that_cites_nothing_exports_nothing(runner: CliRunner, sample_library: Path,
                                                     tmp_path: Path, option: str, name: str,
                                                     text: str) -> None:
    paper = tmp_path / name
    paper.write_text(text, "utf-8")
    code, out, err = run(runner, sample_library, "export", option, str(paper))
    assert code == 0
    assert "@" not in out and out.strip() == ""
    assert "cites no keys" in err


def test_a_paper_citing_one_key_exports_that_key_only(runner: CliRunner, sample_library: Path,
                                                      tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text("As the cable says [@mao1953cable, l. 9].\n", "utf-8")
    code, out, _ = run(runner, sample_library, "export", "--md", str(paper))
    assert code == 0
    assert out.count("\n@") + out.startswith("@") == 1 and "mao1953cable" in out


def test_export_of_the_library_skips_a_broken_record_file(runner: CliRunner,
                                                          sample_library: Path) -> None:
    (sample_library / "broken1999file.json").write_text('{"id": "broken1999file", "ty', "utf-8")
    before = snapshot(sample_library)
    code, out, err = run(runner, sample_library, "export", "--format", "csl-json")
    assert code == 0
    import json

    exported = json.loads(out)
    assert sorted(r["id"] for r in exported) == sorted(r["id"] for r in SAMPLE)
    assert "broken1999file" in err and "warning" in err
    assert snapshot(sample_library) == before


# --- rm and tag: answers and habits ------------------------------------------------------------

def test_answering_no_to_rm_is_not_an_error(runner: CliRunner, sample_library: Path) -> None:
    before = snapshot(sample_library)
    result = runner.invoke(cli, ["--library", str(sample_library), "rm", "kim1950ciphered"],
                           input="n\n")
    assert result.exit_code == 0
    assert "nothing removed" in result.stderr
    assert snapshot(sample_library) == before


def test_answering_yes_to_rm_removes(runner: CliRunner, sample_library: Path) -> None:
    result = runner.invoke(cli, ["--library", str(sample_library), "rm", "kim1950ciphered"],
                           input="y\n")
    assert result.exit_code == 0
    assert not (sample_library / "kim1950ciphered.json").exists()


def test_a_tag_without_its_sign_gets_a_hint(runner: CliRunner, sample_library: Path) -> None:
    before = snapshot(sample_library)
    code, out, err = run(runner, sample_library, "tag", "kim1950ciphered", "armistice")
    assert code != 0 and out == ""
    assert "+armistice" in err and len(err.strip().splitlines()) == 1
    assert snapshot(sample_library) == before


def test_a_mistyped_first_key_gets_no_tag_hint(runner: CliRunner, sample_library: Path) -> None:
    code, _, err = run(runner, sample_library, "tag", "kim1950cipherd", "+x")
    assert code != 0 and "did you mean kim1950ciphered" in err and "+kim" not in err


@pytest.mark.parametrize(("word", "stored"), [("+two words", ["two-words"]),
                                              ("+a,b", ["a", "b"]),
                                              ("+korea; armistice", ["korea", "armistice"]),
                                              ("+ spaced ,  out ", ["spaced", "out"])])
def test_odd_tags_are_stored_as_single_words_and_said_so(runner: CliRunner,
                                                         sample_library: Path, word: str,
                                                         stored: list[str]) -> None:
    code, out, err = run(runner, sample_library, "tag", "embassy1956report", word)
    assert code == 0
    assert read(sample_library, "embassy1956report")["custom"]["tags"] == stored
    assert "read as " + " ".join(stored) in err
    assert out.strip() == f"embassy1956report: {', '.join(stored)}"
    code, out, err = run(runner, sample_library, "tag", "embassy1956report", "-" + word[1:])
    assert code == 0 and "tags" not in read(sample_library, "embassy1956report")["custom"]


def test_an_empty_tag_is_refused(runner: CliRunner, sample_library: Path) -> None:
    before = snapshot(sample_library)
    code, _, err = run(runner, sample_library, "tag", "mao1953cable", "+,")
    assert code != 0 and "empty" in err
    assert snapshot(sample_library) == before


def test_plain_tags_still_work(runner: CliRunner, sample_library: Path) -> None:
    code, out, _ = run(runner, sample_library, "tag", "mao1953cable", "+armistice", "-korea")
    assert code == 0 and out.strip() == "mao1953cable: armistice"


# --- the editor: a missing or failing one is said plainly ---------------------------------------

def _editor(tmp_path: Path, status: int) -> str:
    script = tmp_path / f"editor-{status}.sh"
    script.write_text(f"#!/bin/sh\necho 'half-typed' >> \"$1\"\nexit {status}\n", "utf-8")
    script.chmod(0o755)
    return str(script)


@pytest.mark.parametrize("command", [["edit", "mao1953cable"], ["note", "mao1953cable"]])
def test_a_missing_editor_names_the_variable_to_set(runner: CliRunner, sample_library: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   command: list[str]) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "no-such-editor-xyz --wait")
    before = snapshot(sample_library)
    code, out, err = run(runner, sample_library, *command)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "Errno" not in err and "Editing failed" not in err
    assert "'no-such-editor-xyz' was not found" in err and "$EDITOR" in err
    assert snapshot(sample_library) == before


@pytest.mark.parametrize("command", [["edit", "mao1953cable"], ["note", "mao1953cable"]])
def test_a_failing_editor_reports_its_status_and_changes_nothing(
        runner: CliRunner, sample_library: Path, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path, command: list[str]) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", _editor(tmp_path, 3))
    before = snapshot(sample_library)
    code, out, err = run(runner, sample_library, *command)
    assert code == 1 and out == ""
    assert "exit status 3" in err and "unchanged" in err and "Editing failed" not in err
    assert err.count("\n") == 1
    assert snapshot(sample_library) == before
    if command[0] == "edit":  # what was typed before the editor failed is not lost
        kept = Path(err.split("kept in ")[1].split(")")[0])
        assert kept.read_text("utf-8").endswith("half-typed\n")
        kept.unlink()


def test_visual_wins_over_editor(runner: CliRunner, sample_library: Path,
                                 monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VISUAL", _editor(tmp_path, 0))
    monkeypatch.setenv("EDITOR", "no-such-editor-xyz")
    code, out, _ = run(runner, sample_library, "note", "mao1953cable")
    assert code == 0 and "saved" in out
    assert read(sample_library, "mao1953cable")["custom"]["notes"] == "half-typed"


# --- a malformed archives file warns; it does not lock the user out -------------------------------

@pytest.mark.parametrize("text", ['[{"id": "X",\n "aliases": [', '[{"id": "X", "aliases": [1]}]',
                                  '{"id": "X"}', "\xff\xfe not text"])
@pytest.mark.parametrize("command", [["archives"], ["list"], ["cite", "kim1950ciphered"],
                                     ["search", "stalin"], ["show", "mao1953cable"]])
def test_a_malformed_archives_file_warns_once_and_every_command_works(
        runner: CliRunner, sample_library: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, text: str, command: list[str]) -> None:
    archives = tmp_path / "archives.json"
    archives.write_bytes(text.encode("utf-8", "surrogateescape") if text.isprintable()
                         else text.encode("latin-1"))
    monkeypatch.setenv("ARCHCITE_ARCHIVES", str(archives))
    before = snapshot(sample_library)
    code, out, err = run(runner, sample_library, *command)
    assert code == 0 and out.strip()
    warnings = [line for line in err.splitlines() if str(archives) in line]
    assert len(warnings) == 1 and warnings[0].startswith("archcite: warning:")
    assert "bundled archives" in warnings[0]
    assert snapshot(sample_library) == before


def test_a_good_archives_file_is_used_without_warning(runner: CliRunner, sample_library: Path,
                                                      tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    archives = tmp_path / "archives.json"
    archives.write_text('[{"id": "AMAE", "name": "Archives du ministère des Affaires '
                        'étrangères", "place": "La Courneuve"}]', "utf-8")
    monkeypatch.setenv("ARCHCITE_ARCHIVES", str(archives))
    code, out, err = run(runner, sample_library, "archives")
    assert code == 0 and err == ""
    assert "AMAE — Archives du ministère des Affaires étrangères; La Courneuve" in out


# --- add --update keeps the user's own work -------------------------------------------------

def test_update_from_the_page_keeps_tags_and_notes(runner: CliRunner, tmp_path: Path,
                                                   wilson_dir: Path) -> None:
    library = tmp_path / "library"
    pages = sorted(p for p in wilson_dir.glob("*.txt") if not p.name.startswith("node-"))[:3]
    keys = []
    for page in pages:
        code, out, err = run(runner, library, "add", str(page))
        assert code == 0, err
        keys.append(out.split()[0])
    for i, key in enumerate(keys):
        assert run(runner, library, "tag", key, "+korea", f"+batch{i}")[0] == 0
        assert run(runner, library, "note", key, f"Read in the reading room, visit {i}.")[0] == 0
    before = {key: read(library, key) for key in keys}
    for page in pages:
        code, _, err = run(runner, library, "add", "--update", str(page))
        assert code == 0, err
    for i, key in enumerate(keys):
        after = read(library, key)
        assert after["custom"]["tags"] == ["korea", f"batch{i}"]
        assert after["custom"]["notes"] == f"Read in the reading room, visit {i}."
        assert after == before[key]  # nothing else changed: the page says the same


def test_update_from_a_citation_keeps_tags_and_notes(runner: CliRunner, seed_library: Path
                                                     ) -> None:
    key = "filippov1951ciphered"
    assert run(runner, seed_library, "tag", key, "+korea", "+armistice")[0] == 0
    assert run(runner, seed_library, "note", key, "Compare the Chinese text.")[0] == 0
    citation = ("\u201cCiphered telegram, Filippov (Stalin) to Mao Zedong,\u201d June 30, 1951, "
                "History and Public Policy Program Digital Archive, APRF, f. 45, op. 1, d. 339, "
                "ll. 95-96, https://digitalarchive.wilsoncenter.org/document/110374")
    code, _, err = run(runner, seed_library, "add", "--update", "--citation", citation)
    assert code == 0, err
    custom = read(seed_library, key)["custom"]
    assert custom["tags"] == ["korea", "armistice"]
    assert custom["notes"] == "Compare the Chinese text."
    assert custom["citation"].startswith("\u201cCiphered telegram")  # the new reading is stored


# --- words a historian uses; plain text when piped ------------------------------------------

def test_show_piped_is_plain_lines_without_padding_or_wrapping(runner: CliRunner,
                                                                seed_library: Path) -> None:
    code, out, _ = run(runner, seed_library, "show", "filippov1951ciphered")
    assert code == 0
    lines = out.splitlines()
    assert all(line == line.rstrip() and ": " in line for line in lines)
    by_label: dict[str, list[str]] = {}
    for line in lines:
        label, text = line.split(": ", 1)
        by_label.setdefault(label, []).append(text)
    assert by_label["URL"] == ["https://digitalarchive.wilsoncenter.org/document/110374"]
    assert by_label["held in"] == ["APRF, f. 45, op. 1, d. 339, ll. 95–96",
                                   "AVPRF, f. 059a, op. 5a, d. 4, papka 11, ll. 14–15"]
    assert by_label["kind"] == ["ciphered telegram"]
    assert len(by_label["summary"]) == 1 and by_label["summary"][0].endswith("negotiations.")


@pytest.mark.parametrize(("type_", "genre", "shown"), [
    ("article-journal", None, "journal article"), ("personal_communication", None,
                                                   "letter, telegram or other message"),
    ("manuscript", "minutes", "minutes"), ("legal_case", None, "legal case")])
def test_show_says_the_kind_in_words(runner: CliRunner, tmp_path: Path, type_: str,
                                     genre: str | None, shown: str) -> None:
    from tests.helpers import make_record

    record = make_record("doc1960x", title="A document", type_=type_, genre=genre or "")
    if not genre:
        record.pop("genre")
    library = write_library(tmp_path / "library", [record])
    code, out, _ = run(runner, library, "show", "doc1960x")
    assert code == 0
    assert f"kind: {shown}\n" in out and "_" not in out.split("kind: ")[1].splitlines()[0]


def test_archives_lists_how_references_are_read_in_words(runner: CliRunner,
                                                         sample_library: Path) -> None:
    code, out, _ = run(runner, sample_library, "archives")
    assert code == 0
    aprf = next(line for line in out.splitlines() if line.startswith("APRF"))
    assert aprf.endswith("[fond, opis, delo, list read level by level]")
    assert "[russian" not in out and "[free" not in out
    code, out, _ = run(runner, sample_library, "archives", "--json")
    assert '"grammar": "russian"' in out  # --json keeps the names programs read


def test_an_unknown_type_is_said_in_words(runner: CliRunner, sample_library: Path,
                                          tmp_path: Path) -> None:
    source = tmp_path / "items.json"
    source.write_text('[{"id": "a1", "type": "letter", "title": "A letter"}]', "utf-8")
    code, _, err = run(runner, sample_library, "import", str(source))
    assert "not a CSL item type" not in err
    if code != 0:  # refused: the message says what the kind would be called
        assert "personal_communication" in err and "letter" in err


# --- add: several sources like import; what was added is said ---------------------------------

def _bad_sources(tmp_path: Path) -> list[Path]:
    empty = tmp_path / "empty.txt"
    empty.write_text("", "utf-8")
    other = tmp_path / "other-site.html"
    other.write_text("<html><head><title>Weather</title></head><body>Rain.</body></html>",
                     "utf-8")
    return [empty, other]


def test_add_of_several_sources_stores_what_it_can(runner: CliRunner, tmp_path: Path,
                                                   wilson_dir: Path) -> None:
    library = tmp_path / "library"
    good = sorted(p for p in wilson_dir.glob("*.txt") if not p.name.startswith("node-"))[:2]
    bad = _bad_sources(tmp_path)
    code, out, err = run(runner, library, "add", str(good[0]), str(bad[0]), str(good[1]),
                         str(bad[1]))
    assert code == 1
    keys = out.split()
    assert len(keys) == 2 and sorted(p.stem for p in library.glob("*.json")) == sorted(keys)
    errors = [line for line in err.splitlines() if line.startswith("archcite: error:")]
    assert len(errors) == 2 and bad[0].name in errors[0] and bad[1].name in errors[1]
    assert "2 of 4 source(s) stored" in err


def test_add_strict_is_all_or_nothing(runner: CliRunner, tmp_path: Path,
                                      wilson_dir: Path) -> None:
    library = tmp_path / "library"
    good = sorted(p for p in wilson_dir.glob("*.txt") if not p.name.startswith("node-"))[:2]
    code, out, err = run(runner, library, "add", "--strict", *map(str, good),
                         str(_bad_sources(tmp_path)[0]))
    assert code == 1 and out == ""
    assert "nothing was stored" in err
    assert not list(library.glob("*.json")) if library.exists() else True


def test_dry_run_of_a_held_document_shows_the_key_it_has(runner: CliRunner, seed_library: Path,
                                                         seed_page: Path) -> None:
    before = snapshot(seed_library)
    code, out, _ = run(runner, seed_library, "add", "--dry-run", str(seed_page))
    assert code == 0
    assert "key: filippov1951ciphered\n" in out
    assert "already holds this document as filippov1951ciphered" in out
    code, out, _ = run(runner, seed_library, "add", "--dry-run", "--update", str(seed_page))
    assert "key: filippov1951ciphered\n" in out and "ciphereda" not in out
    assert snapshot(seed_library) == before


def test_add_on_a_terminal_says_what_was_added(tmp_path: Path, wilson_dir: Path) -> None:
    """Through a real pseudo-terminal: key, date, parties and archive reference on one line;
    piped, the same command prints the key alone (for scripts)."""
    import os
    import pty
    import subprocess
    import sys

    page = sorted(p for p in wilson_dir.glob("*.txt") if not p.name.startswith("node-"))[0]
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"), "COLUMNS": "200"}
    env.pop("ARCHCITE_LIBRARY", None)
    library = tmp_path / "library"
    main, child = pty.openpty()
    proc = subprocess.run([sys.executable, "-m", "archcite", "--library", str(library), "add",
                           str(page)], stdout=child, stderr=subprocess.PIPE, env=env,
                          timeout=120, check=False)
    os.close(child)
    shown = os.read(main, 65536).decode("utf-8")
    os.close(main)
    assert proc.returncode == 0, proc.stderr
    (stored,) = library.glob("*.json")
    record = read(library, stored.stem)
    line = shown.strip()
    assert line.startswith(f"added {stored.stem}  ")
    year = str(record["issued"]["date-parts"][0][0])
    assert year in line
    if record.get("author") and record.get("recipient"):
        assert " → " in line
    first_archive = record["custom"]["holdings"][0]["archive"]
    assert first_archive in line
    library2 = tmp_path / "library2"
    piped = subprocess.run([sys.executable, "-m", "archcite", "--library", str(library2), "add",
                            str(page)], capture_output=True, text=True, env=env, timeout=120,
                           check=False)
    assert piped.stdout == f"{stored.stem}\n"


def test_show_says_fields_in_words_and_never_repeats_derived_archive_fields(
        runner: CliRunner, seed_library: Path, tmp_path: Path) -> None:
    code, out, _ = run(runner, seed_library, "show", "filippov1951ciphered")
    assert code == 0
    labels = [line.split(": ", 1)[0] for line in out.splitlines()]
    assert not {"division", "archive", "archive_location", "archive-place"} & set(labels)
    assert out.count("AVPRF, f. 059a") == 1  # the second holding once, under "held in"
    article = {"id": "weathersby1993soviet", "type": "article-journal",
               "title": "Soviet Aims in Korea", "container-title": "Cold War History",
               "page": "425-58", "publisher-place": "London",
               "author": [{"family": "Weathersby", "given": "Kathryn"}]}
    library = write_library(tmp_path / "lit", [article])
    code, out, _ = run(runner, library, "show", "weathersby1993soviet")
    assert code == 0
    assert "in: Cold War History\n" in out and "pages: 425-58\n" in out
    assert "place: London\n" in out
    assert "container-title" not in out and "publisher-place" not in out


# --- the same document twice is held once, whatever the road it came by ------------------------

_RGASPI_CABLE = ("\u201cCable, Filippov (Stalin) to Zhou Enlai,\u201d March 4, 1952, History and "
                 "Public Policy Program Digital Archive, RGASPI, F. 558, Op. 11, D. 342, L. 97. "
                 "Translated by Sergey Radchenko.")


def test_the_same_citation_twice_is_held_once(runner: CliRunner, tmp_path: Path) -> None:
    library = tmp_path / "library"
    first = run(runner, library, "add", "--citation", _RGASPI_CABLE)
    assert first[0] == 0
    before = snapshot(library)
    code, out, err = run(runner, library, "add", "--citation", _RGASPI_CABLE)
    assert code == 0 and out == first[1]
    assert "already in the library as" in err
    assert snapshot(library) == before


def test_a_citation_then_the_page_of_the_same_document_is_held_once(
        runner: CliRunner, tmp_path: Path, seed_page: Path) -> None:
    library = tmp_path / "library"
    citation = ("\u201cCiphered telegram, Filippov (Stalin) to Mao Zedong,\u201d June 30, 1951, "
                "History and Public Policy Program Digital Archive, APRF, f. 45, op. 1, d. 339, "
                "ll. 95-96; AVPRF, f. 059a, op. 5a, d. 4, papka 11, ll. 14-15.")
    code, out, err = run(runner, library, "add", "--citation", citation)
    assert code == 0, err
    key = out.strip()
    code, out, err = run(runner, library, "add", str(seed_page))
    assert code == 0, err
    assert out.strip() == key and "already in the library" in err
    assert [p.stem for p in library.glob("*.json")] == [key]


def test_a_typed_in_entry_twice_is_held_once(runner: CliRunner, tmp_path: Path) -> None:
    library = tmp_path / "library"
    entry = ["add", "--archive", "RGANI", "--fond", "5", "--opis", "30", "--delo", "163",
             "--listy", "12-14", "--date", "1956-11-04", "--from", "Andropov",
             "--to", "CPSU CC", "--genre", "ciphered telegram"]
    first = run(runner, library, *entry)
    assert first[0] == 0, first[2]
    code, out, err = run(runner, library, *entry)
    assert code == 0 and out == first[1] and "already in the library" in err
    assert len(list(library.glob("*.json"))) == 1


def test_two_documents_on_one_shelf_are_two_records(runner: CliRunner, tmp_path: Path) -> None:
    """One file (delo) holds many documents: the same shelfmark with another date or other
    parties is another document, never merged."""
    library = tmp_path / "library"
    other_day = _RGASPI_CABLE.replace("March 4, 1952", "March 9, 1952")
    other_party = _RGASPI_CABLE.replace("Zhou Enlai", "Kim Il Sung")
    for citation in (_RGASPI_CABLE, other_day, other_party):
        code, _, err = run(runner, library, "add", "--citation", citation)
        assert code == 0 and "already" not in err
    assert len(list(library.glob("*.json"))) == 3
