"""A real word processor reads what ``archcite docx`` writes: LibreOffice (headless) prints the
notes of a Chicago paper in order in a PDF, and a document LibreOffice saved again is refreshed
by archcite without losing or doubling a citation.

These tests need ``soffice`` and ``pdftotext``: they skip without them, and fail under
``CI=true`` (``.ci/run`` installs them). Every run uses a fresh LibreOffice profile folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli.app import cli
from tests.helpers import (
    add_writer_footnote,
    body_paragraphs,
    fields,
    make_library,
    members,
    notes_in_order,
)

docx = pytest.importorskip("docx")
pytestmark = pytest.mark.slow

SEED = "filippov1951ciphered"
BOOK = "zubok2007failed"
MINUTES = "cpsu1956minutes"


def _need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is missing under CI=true (.ci/run installs it)")
        pytest.skip(f"needs {tool}")
    return found


@pytest.fixture(scope="module")
def soffice(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        _need("soffice")
    profile = tmp_path_factory.mktemp("lo-profile")
    return [str(binary), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"]


def convert(soffice: list[str], source: Path, target: str, outdir: Path) -> Path:
    outdir.mkdir(exist_ok=True)
    proc = subprocess.run([*soffice, "--convert-to", target, "--outdir", str(outdir),
                           str(source)], capture_output=True, text=True, timeout=300)
    result = outdir / (source.stem + "." + target.split(":")[0])
    assert proc.returncode == 0 and result.exists(), proc.stderr + proc.stdout
    return result


def cite(runner: CliRunner, lib: Path, *args: str) -> str:
    result = runner.invoke(cli, ["--library", str(lib), "cite", *args])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def write_paper(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Archival evidence")
    p = document.add_paragraph("Stalin answered ")
    p.add_run("[@filippov")
    p.add_run("1951ciphered, l. 95]").italic = True
    p.add_run(". The minutes agree [see @cpsu1956minutes, l. 47; @zubok2007failed, 12–14].")
    document.add_paragraph(f"Again [@{SEED}, l. 96], and [@{BOOK}, 20].")
    document.add_paragraph("[bibliography]")
    document.save(str(path))
    return path


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_libreoffice_prints_the_notes_in_order(runner: CliRunner, soffice: list[str],
                                               tmp_path: Path) -> None:
    pdftotext = _need("pdftotext")
    lib = make_library(tmp_path / "library")
    out = tmp_path / "cited.docx"
    result = runner.invoke(cli, ["--library", str(lib), "docx",
                                 str(write_paper(tmp_path / "paper.docx")), "-o", str(out)])
    assert result.exit_code == 0, result.output
    pdf = convert(soffice, out, "pdf", tmp_path / "pdf")
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    book = cite(runner, lib, BOOK, "--locator", "12–14")
    minutes = cite(runner, lib, MINUTES, "--locator", "l. 47")
    expected = [
        cite(runner, lib, SEED, "--locator", "l. 95"),
        "See " + minutes[:-1] + "; " + book,
        cite(runner, lib, SEED, "--form", "short", "--locator", "l. 96"),
        cite(runner, lib, BOOK, "--form", "short", "--locator", "20"),
    ]
    flat = squeeze(text)
    position = flat.index(squeeze("Again"))  # the notes are printed below the text
    for number, note in enumerate(expected, 1):
        found = flat.find(squeeze(note), position)
        assert found >= 0, f"note {number} missing or out of order: {note}"
        position = found + len(squeeze(note))
    assert "[@" not in text and "[bibliography]" not in text


def test_a_document_libreoffice_saved_is_refreshed_without_loss(
        runner: CliRunner, soffice: list[str], tmp_path: Path) -> None:
    lib = make_library(tmp_path / "library")
    out = tmp_path / "cited.docx"
    runner.invoke(cli, ["--library", str(lib), "docx", str(write_paper(tmp_path / "paper.docx")),
                        "-o", str(out)])
    resaved = convert(soffice, out, 'docx:MS Word 2007 XML', tmp_path / "resaved")
    assert len(fields(resaved)) == len(fields(out)) == 4  # the fields survive LibreOffice
    again = tmp_path / "again.docx"
    result = runner.invoke(cli, ["--library", str(lib), "docx", str(resaved), "-o", str(again)])
    assert result.exit_code == 0, result.output
    assert notes_in_order(again) == notes_in_order(out)
    assert len(fields(again)) == 4
    assert [p for p in body_paragraphs(again) if p.strip()] == [
        p for p in body_paragraphs(out) if p.strip()]
    twice = tmp_path / "twice.docx"
    runner.invoke(cli, ["--library", str(lib), "docx", str(again), "-o", str(twice)])
    assert members(twice) == members(again)
    # and a switch of style works on LibreOffice's file too
    mla = tmp_path / "mla.docx"
    result = runner.invoke(cli, ["--library", str(lib), "docx", str(resaved), "-o", str(mla),
                                 "--style", "mla"])
    assert result.exit_code == 0, result.output
    assert notes_in_order(mla) == []
    intext = cite(runner, lib, SEED, "--style", "mla", "--form", "intext", "--locator", "l. 95")
    assert f"Stalin answered {intext}." in " ".join(body_paragraphs(mla))


def test_libreoffice_prints_a_papers_endnotes_in_order(runner: CliRunner, soffice: list[str],
                                                       tmp_path: Path) -> None:
    """A paper whose writer uses endnotes: archcite's new notes are endnotes, and the word
    processor numbers and prints them with the writer's own, in reading order, after the text."""
    pdftotext = _need("pdftotext")
    lib = make_library(tmp_path / "library")
    source = tmp_path / "paper.docx"
    document = docx.Document()
    document.add_paragraph("The first cable came in June.")
    document.add_paragraph(f"Stalin answered [@{SEED}, l. 95]. The book agrees [@{BOOK}, 12].")
    document.add_paragraph("End of the text.")
    document.save(str(source))
    add_writer_footnote(source, 0, ["Compare ", f"[@{MINUTES}, l. 47]", " with my notes."],
                        note_id=1, kind="endnote")
    out = tmp_path / "cited.docx"
    result = runner.invoke(cli, ["--library", str(lib), "docx", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    pdf = convert(soffice, out, "pdf", tmp_path / "pdf")
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    minutes = cite(runner, lib, MINUTES, "--locator", "l. 47")
    expected = ["Compare " + minutes[:-1] + " with my notes.",
                cite(runner, lib, SEED, "--locator", "l. 95"),
                cite(runner, lib, BOOK, "--locator", "12")]
    flat = squeeze(text)
    position = flat.index(squeeze("End of the text."))  # endnotes follow the whole text
    for number, note in enumerate(expected, 1):
        found = flat.find(squeeze(note), position)
        assert found >= 0, f"endnote {number} missing or out of order: {note}"
        position = found + len(squeeze(note))
    assert "[@" not in text
