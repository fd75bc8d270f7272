"""``archcite docx``: citation markers in Word documents become notes, parentheticals and a
bibliography, kept as fields that a second run refreshes.

Expected citations are what ``archcite cite`` prints for the same keys and pinpoints (the one
renderer), combined by the style's own rules: Chicago joins several sources of one note with
"; " and ends the note with one period; a note begins with a capital; MLA's parenthetical joins
them with "; " inside one pair of parentheses.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli.app import cli
from archcite.formats.word.markers import CiteSpec, find_markers, parse_marker
from tests.helpers import (
    add_runs,
    add_writer_footnote,
    body_paragraphs,
    fields,
    make_library,
    members,
    notes_in_order,
)

docx = pytest.importorskip("docx")

SEED = "filippov1951ciphered"
BOOK = "zubok2007failed"
MINUTES = "cpsu1956minutes"
LETTER = "sluczanski1956letter"


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    return make_library(tmp_path / "library")


def cite(runner: CliRunner, lib: Path, *args: str) -> str:
    result = runner.invoke(cli, ["--library", str(lib), "cite", *args])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def run_docx(runner: CliRunner, lib: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["--library", str(lib), "docx", *args])
    return result.exit_code, result.stdout, result.stderr


def joined(*notes: str) -> str:
    """Chicago's join of several sources in one note: "; " between, one final period."""
    return "; ".join(n[:-1] if n.endswith(".") else n for n in notes[:-1]) + "; " + notes[-1]


def paper(path: Path) -> Path:
    """A paper with markers split over runs, in a table, several keys in one marker, a key
    cited again, a marker of an unknown key, and a bibliography paragraph."""
    document = docx.Document()
    document.add_paragraph("Introduction")
    p = document.add_paragraph()
    add_runs(p, "Stalin answered Mao ", "[@filip", ("pov1951cip", "i"), "hered, l", ". 95]",
             ". Others followed.")
    p = document.add_paragraph()
    add_runs(p, "Compare ", f"[see @{BOOK}, 12–14; @{SEED}, l. 96]", " with the minutes.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = f"In a table [@{MINUTES}, l. 47]."
    table.cell(0, 1).text = "No citation here [sic]."
    p = document.add_paragraph()
    add_runs(p, f"Later [@{BOOK}, 15]; unknown [@nosuchkey1950, l. 3]; letter [@{LETTER}].")
    document.add_paragraph("[bibliography]")
    document.save(str(path))
    return path


def test_markers_are_read_as_pandoc_reads_them() -> None:
    assert parse_marker("see @a, l. 95; @b, 12–14") == [
        CiteSpec("a", "l. 95", "see"), CiteSpec("b", "12–14")]
    assert parse_marker("@a, ll. 95, 96, emphasis added") == [
        CiteSpec("a", "ll. 95, 96", "", "emphasis added")]
    assert parse_marker("@{odd key}, p. 5") == [CiteSpec("odd key", "p. 5")]
    for not_marker in ("sic", "write to a@b.org", "@a text", "see @a; nothing"):
        assert parse_marker(not_marker) is None, not_marker
    text = "a [@x] b [c] d [see @y, 4]."
    assert [(s, e) for s, e, _ in find_markers(text)] == [(2, 6), (15, 26)]


def test_chicago_footnotes_bibliography_and_unknown_keys(runner: CliRunner, lib: Path,
                                                         tmp_path: Path) -> None:
    source = paper(tmp_path / "paper.docx")
    before = source.read_bytes()
    out = tmp_path / "out.docx"
    code, _stdout, stderr = run_docx(runner, lib, str(source), "-o", str(out))
    assert code == 1
    assert [line for line in stderr.splitlines() if "nosuchkey1950" in line] == [
        line for line in stderr.splitlines() if "[@nosuchkey1950, l. 3]" in line]
    assert len([line for line in stderr.splitlines() if "no record" in line]) == 1
    assert source.read_bytes() == before  # the input is never changed
    first = cite(runner, lib, SEED, "--locator", "l. 95")
    book = cite(runner, lib, BOOK, "--locator", "12–14")
    seed_short = cite(runner, lib, SEED, "--form", "short", "--locator", "l. 96")
    minutes = cite(runner, lib, MINUTES, "--locator", "l. 47")
    book_short = cite(runner, lib, BOOK, "--form", "short", "--locator", "15")
    letter = cite(runner, lib, LETTER)
    assert notes_in_order(out) == [
        first, joined("See " + book, seed_short), minutes, book_short, letter]
    body = body_paragraphs(out)
    # the note number follows the period (Chicago), the space before the marker goes
    assert body[1] == "Stalin answered Mao.^ Others followed."
    assert body[2] == "Compare^ with the minutes."
    assert "In a table.^" in body
    assert "No citation here [sic]." in body
    assert "Later;^ unknown [@nosuchkey1950, l. 3]; letter.^" in body  # after any punctuation
    entries = cite(runner, lib, SEED, BOOK, MINUTES, LETTER, "--form", "bib").splitlines()
    start = body.index(entries[0])
    assert body[start:start + len(entries)] == entries
    assert "[bibliography]" not in body
    xml = members(out)["word/document.xml"].decode()
    assert xml.count('w:hanging="720"') == len(entries)
    notes_xml = members(out)["word/footnotes.xml"].decode()
    assert "<w:i/></w:rPr><w:t>A Failed Empire</w:t>" in notes_xml  # italics as a run
    rels = members(out)["word/_rels/footnotes.xml.rels"].decode()
    assert "https://digitalarchive.wilsoncenter.org/document/110374" in rels
    assert 'TargetMode="External"' in rels
    assert "<w:hyperlink" in notes_xml
    types = members(out)["[Content_Types].xml"].decode()
    assert "/word/footnotes.xml" in types
    styles = members(out)["word/styles.xml"].decode()
    assert 'w:val="footnote text"' in styles and 'w:val="footnote reference"' in styles
    cited = [[i["id"] for i in f["citationItems"]] for f in fields(out)]
    assert cited == [[SEED], [BOOK, SEED], [MINUTES], [BOOK], [LETTER]]


def test_second_run_is_byte_identical_and_doubles_nothing(runner: CliRunner, lib: Path,
                                                          tmp_path: Path) -> None:
    one, two, three = (tmp_path / f"{n}.docx" for n in ("one", "two", "three"))
    run_docx(runner, lib, str(paper(tmp_path / "p.docx")), "-o", str(one))
    run_docx(runner, lib, str(one), "-o", str(two))
    run_docx(runner, lib, str(two), "-o", str(three))
    assert members(one) == members(two) == members(three)
    assert notes_in_order(one) == notes_in_order(two)
    assert len(fields(two)) == len(fields(one)) == 5
    assert len(fields(two, "ARCHCITE_BIBLIOGRAPHY")) == 4


def test_parts_not_touched_are_copied_byte_for_byte(runner: CliRunner, lib: Path,
                                                    tmp_path: Path) -> None:
    source = paper(tmp_path / "p.docx")
    out = tmp_path / "out.docx"
    run_docx(runner, lib, str(source), "-o", str(out))
    old, new = members(source), members(out)
    touched = {"word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels",
               "[Content_Types].xml", "word/footnotes.xml", "word/_rels/footnotes.xml.rels"}
    for name, data in old.items():
        if name not in touched:
            assert new[name] == data, name
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(out) as b:
        assert [i.filename for i in a.infolist()] == [i.filename for i in b.infolist()][
            :len(a.infolist())]


def test_style_round_trip_keeps_notes_and_the_writers_own_footnote(
        runner: CliRunner, lib: Path, tmp_path: Path) -> None:
    source = paper(tmp_path / "p.docx")
    add_writer_footnote(source, 0, ["On sources see ", f"[@{LETTER}", ", k. 12]",
                                    " and my own archive notes."], note_id=7)
    chicago, mla, back = (tmp_path / f"{n}.docx" for n in ("chicago", "mla", "back"))
    run_docx(runner, lib, str(source), "-o", str(chicago))
    notes = notes_in_order(chicago)
    letter_first = cite(runner, lib, LETTER, "--locator", "k. 12")
    # inside the writer's sentence the note's closing period is the writer's, not the style's
    assert notes[0] == "On sources see " + letter_first[:-1] + " and my own archive notes."
    # the letter is cited first in the writer's note: the body's later citation is short
    assert notes[-1] == cite(runner, lib, LETTER, "--form", "short")

    run_docx(runner, lib, str(chicago), "-o", str(mla), "--style", "mla")
    mla_notes = notes_in_order(mla)
    in_text = cite(runner, lib, LETTER, "--style", "mla", "--form", "intext", "--locator",
                   "k. 12")
    assert mla_notes == ["On sources see " + in_text + " and my own archive notes."]
    seed_mla = cite(runner, lib, SEED, "--style", "mla", "--form", "intext", "--locator", "l. 95")
    assert f"Stalin answered Mao {seed_mla}. Others followed." in body_paragraphs(mla)
    works_cited = cite(runner, lib, SEED, BOOK, MINUTES, LETTER, "--style", "mla",
                       "--form", "bib").splitlines()
    body = body_paragraphs(mla)
    start = body.index(works_cited[0])
    assert body[start:start + len(works_cited)] == works_cited

    run_docx(runner, lib, str(mla), "-o", str(back), "--style", "chicago")
    assert notes_in_order(back) == notes
    assert body_paragraphs(back) == body_paragraphs(chicago)


def test_refresh_follows_edited_records_and_moved_paragraphs(runner: CliRunner, lib: Path,
                                                             tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(f"A [@{SEED}, l. 95].")
    document.add_paragraph(f"B [@{SEED}, l. 96].")
    source = tmp_path / "p.docx"
    document.save(str(source))
    out = tmp_path / "out.docx"
    run_docx(runner, lib, str(source), "-o", str(out))
    # the writer swaps the two paragraphs in Word
    parts = members(out)
    text = parts["word/document.xml"].decode()
    a_start = text.index("<w:p>")
    a_end = text.index("</w:p>", a_start) + len("</w:p>")
    b_end = text.index("</w:p>", a_end) + len("</w:p>")
    swapped = text[:a_start] + text[a_end:b_end] + text[a_start:a_end] + text[b_end:]
    moved = tmp_path / "moved.docx"
    with zipfile.ZipFile(moved, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, swapped.encode() if name == "word/document.xml" else data)
    again = tmp_path / "again.docx"
    run_docx(runner, lib, str(moved), "-o", str(again))
    assert notes_in_order(again) == [
        cite(runner, lib, SEED, "--locator", "l. 96"),
        cite(runner, lib, SEED, "--form", "short", "--locator", "l. 95")]
    record = lib / f"{SEED}.json"
    record.write_text(record.read_text("utf-8").replace("Mao Zedong", "Mao Tse-tung"), "utf-8")
    edited = tmp_path / "edited.docx"
    run_docx(runner, lib, str(again), "-o", str(edited))
    assert "Mao Tse-tung" in notes_in_order(edited)[0]
    assert notes_in_order(edited)[0] == cite(runner, lib, SEED, "--locator", "l. 96")


def test_ibid_only_when_asked(runner: CliRunner, lib: Path, tmp_path: Path) -> None:
    document = docx.Document()
    for locator in ("l. 95", "l. 96", "l. 96"):
        document.add_paragraph(f"Text [@{SEED}, {locator}].")
    document.add_paragraph(f"Then [@{BOOK}] and [@{SEED}].")
    source = tmp_path / "p.docx"
    document.save(str(source))
    plain, ibid = tmp_path / "plain.docx", tmp_path / "ibid.docx"
    run_docx(runner, lib, str(source), "-o", str(plain))
    run_docx(runner, lib, str(source), "-o", str(ibid), "--ibid")
    short = cite(runner, lib, SEED, "--form", "short", "--locator", "l. 96")
    assert notes_in_order(plain)[1:3] == [short, short]
    assert notes_in_order(ibid)[1:] == ["Ibid., l. 96.", "Ibid., l. 96.",
                                        cite(runner, lib, BOOK),
                                        cite(runner, lib, SEED, "--form", "short")]


def test_markers_in_tracked_deletions_are_ignored(runner: CliRunner, lib: Path,
                                                  tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Kept text.")
    source = tmp_path / "p.docx"
    document.save(str(source))
    parts = members(source)
    deleted = (f'<w:p><w:r><w:t xml:space="preserve">Deleted </w:t></w:r>'
               f'<w:del w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r>'
               f'<w:delText>[@{SEED}]</w:delText></w:r></w:del>'
               f'<w:del w:id="2" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r>'
               f'<w:t>[@{BOOK}]</w:t></w:r></w:del>'
               f'<w:ins w:id="3" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r>'
               f'<w:t>[@{MINUTES}]</w:t></w:r></w:ins></w:p>')
    xml = parts["word/document.xml"].decode().replace("<w:sectPr", deleted + "<w:sectPr", 1)
    with zipfile.ZipFile(source, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, xml.encode() if name == "word/document.xml" else data)
    out = tmp_path / "out.docx"
    code, _, _ = run_docx(runner, lib, str(source), "-o", str(out))
    assert code == 0
    assert [[i["id"] for i in f["citationItems"]] for f in fields(out)] == [[MINUTES]]


def test_in_place_keeps_a_backup(runner: CliRunner, lib: Path, tmp_path: Path) -> None:
    source = paper(tmp_path / "p.docx")
    before = source.read_bytes()
    code, _, _stderr = run_docx(runner, lib, str(source), "--in-place")
    assert code == 1  # the unknown key
    assert (tmp_path / "p.docx.bak").read_bytes() == before
    assert len(fields(source)) == 5
    run_docx(runner, lib, str(source), "--in-place")
    assert (tmp_path / "p.docx.bak.1").exists()


@pytest.mark.parametrize("content, words", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".doc or a password-protected"),
    (b"This is plain text, not a Word file.", "not a .docx file"),
    (b"PK\x03\x04" + b"\0" * 40, "not a .docx file"),
])
def test_unreadable_files_get_one_line(runner: CliRunner, lib: Path, tmp_path: Path,
                                       content: bytes, words: str) -> None:
    source = tmp_path / "bad.docx"
    source.write_bytes(content)
    code, _, stderr = run_docx(runner, lib, str(source), "-o", str(tmp_path / "out.docx"))
    assert code == 1
    assert len(stderr.strip().splitlines()) == 1
    assert words in stderr and "Traceback" not in stderr
    assert not (tmp_path / "out.docx").exists()


def test_a_zip_that_is_not_a_word_document(runner: CliRunner, lib: Path,
                                           tmp_path: Path) -> None:
    source = tmp_path / "odd.docx"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("hello.txt", "hi")
    code, _, stderr = run_docx(runner, lib, str(source), "-o", str(tmp_path / "out.docx"))
    assert code == 1 and len(stderr.strip().splitlines()) == 1


def test_real_subprocess(lib: Path, tmp_path: Path) -> None:
    source = paper(tmp_path / "p.docx")
    out = tmp_path / "out.docx"
    env = {**os.environ, "ARCHCITE_LIBRARY": str(lib)}
    proc = subprocess.run([sys.executable, "-m", "archcite", "docx", str(source), "-o", str(out),
                           "--style", "mla"], capture_output=True, text=True, env=env,
                          timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert [ln for ln in proc.stderr.splitlines() if "no record" in ln] == [
        ln for ln in proc.stderr.splitlines() if "nosuchkey1950" in ln]
    assert notes_in_order(out) == []
    assert any("(Zubok 15)" in p for p in body_paragraphs(out))  # MLA 9: a page, no comma


def test_positions_follow_cmos_first_full_then_short() -> None:
    from archcite.render.engine import note_positions

    notes = [["a"], ["b", "a"], ["a"], ["a"], ["c"], ["c"], ["c", "a"]]
    assert note_positions(notes) == [
        ["first"], ["first", "subsequent"], ["subsequent"], ["subsequent"], ["first"],
        ["subsequent"], ["subsequent", "subsequent"]]
    # "Ibid." only for a one-source note after a one-source note of the same source
    assert note_positions(notes, ibid=True) == [
        ["first"], ["first", "subsequent"], ["subsequent"], ["ibid"], ["first"], ["ibid"],
        ["subsequent", "subsequent"]]


def test_one_note_of_several_sources_is_the_style_joining_the_single_notes(
        runner: CliRunner, lib: Path) -> None:
    from archcite.model.archives import load_registry
    from archcite.render.engine import CiteItem, render_citation
    from tests.helpers import samples

    records = {r["id"]: r for r in samples()}
    registry = load_registry(lib / "no-archives.json")
    note = render_citation([CiteItem(records[SEED], "l. 95"),
                            CiteItem(records[BOOK], "12", position="subsequent")],
                           registry=registry)
    assert note == joined(cite(runner, lib, SEED, "--locator", "l. 95"),
                          cite(runner, lib, BOOK, "--form", "short", "--locator", "12"))
    mla = render_citation([CiteItem(records[SEED], "l. 95", prefix="see"),
                           CiteItem(records[BOOK], "12")], style="mla", registry=registry)
    one = cite(runner, lib, SEED, "--style", "mla", "--form", "intext", "--locator", "l. 95")
    two = cite(runner, lib, BOOK, "--style", "mla", "--form", "intext", "--locator", "12")
    assert mla == f"(see {one[1:-1]}; {two[1:-1]})"


def test_a_writers_note_holding_only_a_marker(runner: CliRunner, lib: Path,
                                              tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("The book says so.")
    source = tmp_path / "p.docx"
    document.save(str(source))
    add_writer_footnote(source, 0, [f"[see @{BOOK}", ", 3]"], note_id=4)
    chicago, mla, back = (tmp_path / f"{n}.docx" for n in ("chicago", "mla", "back"))
    run_docx(runner, lib, str(source), "-o", str(chicago))
    assert notes_in_order(chicago) == ["See " + cite(runner, lib, BOOK, "--locator", "3")]
    run_docx(runner, lib, str(chicago), "-o", str(mla), "--style", "mla")
    intext = cite(runner, lib, BOOK, "--style", "mla", "--form", "intext", "--locator", "3")
    assert body_paragraphs(mla)[0] == f"The book says so (see {intext[1:]}."
    assert notes_in_order(mla) == []
    run_docx(runner, lib, str(mla), "-o", str(back))
    assert body_paragraphs(back)[0] == "The book says so.^"
    assert notes_in_order(back) == notes_in_order(chicago)


def test_loading_the_commands_imports_neither_python_docx_nor_lxml() -> None:
    """Start-up stays fast: python-docx and lxml are imported only when a document is read."""
    code = ("import sys, archcite.cli.app, archcite.cli.commands.docx, "
            "archcite.cli.commands.cite, archcite.cli.commands.bib\n"
            "print(sorted(m for m in ('docx', 'lxml', 'citeproc') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert proc.stdout.strip() == "[]"


def test_a_paper_written_by_pandoc(runner: CliRunner, lib: Path, tmp_path: Path) -> None:
    """Another program's .docx (pandoc writes its own footnotes part, ids and styles)."""
    pypandoc = pytest.importorskip("pypandoc")
    source = tmp_path / "pandoc.docx"
    markdown = (f"Stalin wrote [@{SEED}, l. 95] first.[^1]\n\n"
                f"[^1]: On the book see [@{BOOK}, 5] and my notes; also [@{SEED}, l. 96].\n\n"
                "[bibliography]\n")
    pypandoc.convert_text(markdown, "docx", format="markdown", outputfile=str(source))
    out = tmp_path / "out.docx"
    code, _, stderr = run_docx(runner, lib, str(source), "-o", str(out))
    assert code == 0, stderr
    book = cite(runner, lib, BOOK, "--locator", "5")
    short = cite(runner, lib, SEED, "--form", "short", "--locator", "l. 96")
    assert notes_in_order(out) == [
        cite(runner, lib, SEED, "--locator", "l. 95"),
        f"On the book see {book[:-1]} and my notes; also {short}"]
    assert body_paragraphs(out)[0] == "Stalin wrote^ first.^"
    again = tmp_path / "again.docx"
    run_docx(runner, lib, str(out), "-o", str(again))
    assert members(again) == members(out)


def test_a_paper_without_citations_comes_out_unchanged(runner: CliRunner, lib: Path,
                                                       tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("No markers here, only [sic] and a@b.org.")
    source = tmp_path / "p.docx"
    document.save(str(source))
    out = tmp_path / "out.docx"
    code, stdout, _ = run_docx(runner, lib, str(source), "-o", str(out))
    assert code == 0 and "0 citations" in stdout
    assert members(out) == members(source)


def test_a_paper_citing_a_former_key_still_finds_the_record(runner: CliRunner, lib: Path,
                                                            tmp_path: Path) -> None:
    """A manuscript written before ``rekey`` renamed a record keeps working: the marker's old
    key renders the record's note, and the first/short rule treats both keys as one document."""
    expected_full = cite(runner, lib, BOOK, "--locator", "12")
    expected_short = cite(runner, lib, BOOK, "--form", "short", "--locator", "15")
    from tests.helpers import open_library

    open_library(lib).rename(BOOK, "zubok2007")  # what rekey and a renaming import do
    document = docx.Document()
    p = document.add_paragraph()
    add_runs(p, f"First [@{BOOK}, 12]. ")
    p = document.add_paragraph()
    add_runs(p, "Again [@zubok2007, 15].")
    source = tmp_path / "paper.docx"
    document.save(str(source))
    code, _, err = run_docx(runner, lib, str(source), "-o", str(tmp_path / "out.docx"))
    assert code == 0, err
    assert f"{BOOK} is an old key; the record is now zubok2007" in err
    assert err.count("is an old key") == 1
    assert notes_in_order(tmp_path / "out.docx") == [expected_full, expected_short]


def test_mla_in_text_tells_two_works_of_one_author_apart_by_the_papers_citations(
        runner: CliRunner, tmp_path: Path) -> None:
    """The cited set is the paper's: a paper citing one of an author's two works needs no short
    title, even when the library holds both; a paper citing both gets one in every citation,
    exactly as a multi-key ``cite`` of the same keys prints it."""
    from tests.helpers import make_record, write_library

    holdings = [{"archive": "APRF", "levels": [["fond", "45"], ["opis", "1"], ["delo", "331"],
                                               ["listy", "10-12"]]}]
    first = make_record("roshchin1950ciphered", title="Ciphered telegram, Roshchin to Filippov",
                        author="Roshchin", recipient="Filippov [Stalin]", date=[1950, 7, 2],
                        genre="ciphered telegram", holdings=holdings)
    second = make_record("roshchin1950report", title="Report on the military situation in Korea",
                         author="Roshchin", date=[1950, 8, 1], genre="report",
                         type_="manuscript", holdings=holdings)
    library = write_library(tmp_path / "library", [first, second])

    def paper_with(keys: list[str], name: str) -> Path:
        document = docx.Document()
        for key in keys:
            add_runs(document.add_paragraph(), f"As reported [@{key}].")
        path = tmp_path / name
        document.save(str(path))
        return path

    both = cite(runner, library, "--style", "mla", "--form", "intext",
                "roshchin1950ciphered", "roshchin1950report").splitlines()
    assert all(", " in parenthetical for parenthetical in both)  # short titles added
    out = tmp_path / "both-out.docx"
    code, _, err = run_docx(runner, library, str(paper_with(
        ["roshchin1950ciphered", "roshchin1950report"], "both.docx")), "-o", str(out),
        "--style", "mla")
    assert code == 0, err
    text = "\n".join(body_paragraphs(out))
    assert all(parenthetical in text for parenthetical in both)
    out = tmp_path / "one-out.docx"
    code, _, err = run_docx(runner, library, str(paper_with(["roshchin1950ciphered"],
                                                            "one.docx")),
                            "-o", str(out), "--style", "mla")
    assert code == 0, err
    assert "As reported (Roshchin)." in body_paragraphs(out)


# --- endnotes: a paper whose notes are endnotes keeps them -----------------------------------

def endnote_paper(path: Path) -> Path:
    """A paper whose writer put notes at the end: one endnote of the writer's own words with a
    marker, one holding nothing but a marker; markers in the text too."""
    document = docx.Document()
    document.add_paragraph("The first cable came in June.")
    p = document.add_paragraph()
    add_runs(p, f"Stalin answered [@{SEED}, l. 95]. The book agrees [@{BOOK}, 12].")
    document.add_paragraph("The minutes say otherwise.")
    document.add_paragraph("[bibliography]")
    document.save(str(path))
    add_writer_footnote(path, 0, ["Compare ", f"[@{MINUTES}, l. 47]", " with my notes."],
                        note_id=1, kind="endnote")
    add_writer_footnote(path, 2, [f"[@{SEED}, l. 96]"], note_id=2, kind="endnote")
    return path


def test_a_paper_with_endnotes_gets_its_citations_as_endnotes(runner: CliRunner, lib: Path,
                                                              tmp_path: Path) -> None:
    source = endnote_paper(tmp_path / "p.docx")
    out, again = tmp_path / "out.docx", tmp_path / "again.docx"
    code, _out, stderr = run_docx(runner, lib, str(source), "-o", str(out))
    assert code == 0, stderr
    minutes = cite(runner, lib, MINUTES, "--locator", "l. 47")
    # reading order: endnote 1 (paragraph 0), the two text markers, endnote 2 (paragraph 2);
    # the seed is cited in full first, then short
    assert notes_in_order(out, "endnote") == [
        "Compare " + minutes[:-1] + " with my notes.",
        cite(runner, lib, SEED, "--locator", "l. 95"),
        cite(runner, lib, BOOK, "--locator", "12"),
        cite(runner, lib, SEED, "--form", "short", "--locator", "l. 96")]
    assert "word/footnotes.xml" not in members(out)  # no second series of notes
    assert notes_in_order(out) == []
    body = body_paragraphs(out)
    assert body[1] == "Stalin answered.^ The book agrees.^"
    # the seed's address is a link in the endnote, related from the endnotes part
    rels = members(out)["word/_rels/endnotes.xml.rels"].decode()
    assert "https://digitalarchive.wilsoncenter.org/document/110374" in rels
    styles = members(out)["word/styles.xml"].decode()
    assert 'w:val="endnote text"' in styles and 'w:val="endnote reference"' in styles
    entries = cite(runner, lib, MINUTES, SEED, BOOK, "--form", "bib").splitlines()
    assert body[body.index(entries[0]):body.index(entries[0]) + 3] == entries
    # a second run refreshes the fields and changes nothing
    run_docx(runner, lib, str(out), "-o", str(again))
    assert members(again) == members(out)


def test_endnotes_go_in_text_for_mla_and_come_back_as_endnotes(runner: CliRunner, lib: Path,
                                                               tmp_path: Path) -> None:
    source = endnote_paper(tmp_path / "p.docx")
    chicago, mla, back = (tmp_path / f"{n}.docx" for n in ("chicago", "mla", "back"))
    run_docx(runner, lib, str(source), "-o", str(chicago))
    run_docx(runner, lib, str(chicago), "-o", str(mla), "--style", "mla")
    seed_96 = cite(runner, lib, SEED, "--style", "mla", "--form", "intext", "--locator", "l. 96")
    minutes = cite(runner, lib, MINUTES, "--style", "mla", "--form", "intext", "--locator",
                   "l. 47")
    # the writer's own endnote stays, with the parenthetical inside; the endnote that held
    # only a citation is gone and its citation stands in the text where the note was called
    assert notes_in_order(mla, "endnote") == [f"Compare {minutes} with my notes."]
    assert body_paragraphs(mla)[2] == f"The minutes say otherwise {seed_96}."
    run_docx(runner, lib, str(mla), "-o", str(back), "--style", "chicago")
    assert notes_in_order(back, "endnote") == notes_in_order(chicago, "endnote")
    assert notes_in_order(back) == []
    assert body_paragraphs(back) == body_paragraphs(chicago)


def test_a_paper_with_footnotes_and_endnotes_adds_footnotes(runner: CliRunner, lib: Path,
                                                            tmp_path: Path) -> None:
    """Where the writer uses both, new notes are footnotes (Word's default), and a citation
    inside an endnote is written in that endnote."""
    source = endnote_paper(tmp_path / "p.docx")
    add_writer_footnote(source, 3, ["A note of my own."], note_id=1)
    out = tmp_path / "out.docx"
    run_docx(runner, lib, str(source), "-o", str(out))
    assert notes_in_order(out) == [
        cite(runner, lib, SEED, "--locator", "l. 95"),
        cite(runner, lib, BOOK, "--locator", "12"), "A note of my own."]
    assert notes_in_order(out, "endnote")[0].startswith("Compare ")
