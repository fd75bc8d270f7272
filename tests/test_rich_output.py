"""Rich text for word processors: ``--format rtf``, ``bib --format html`` blocks with links,
and ``cite --copy`` read back from a real X clipboard (Xvfb + xclip).

Expected RTF is written from RTF's rules (``{\\i …}`` italics, ``\\uN?`` for a character
outside ASCII, ``\\{`` ``\\}`` ``\\\\`` for RTF's own characters); expected HTML from HTML's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli.app import cli
from archcite.formats.clipboard import ClipboardError, choose_tool
from tests.helpers import make_library, samples

BOOK = "zubok2007failed"
LETTER = "sluczanski1956letter"
MINUTES = "cpsu1956minutes"
SEED = "filippov1951ciphered"


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    return make_library(tmp_path / "library")


def run(runner: CliRunner, lib: Path, *args: str) -> str:
    result = runner.invoke(cli, ["--library", str(lib), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def rtf_unicode(text: str) -> str:
    return "".join(ch if ord(ch) < 128 else f"\\u{ord(ch)}?" for ch in text)


def test_rtf_is_a_document_with_italics_and_escapes(runner: CliRunner, lib: Path) -> None:
    out = run(runner, lib, "cite", BOOK, LETTER, MINUTES, "--format", "rtf")
    assert out.startswith("{\\rtf1") and out.rstrip().endswith("}")
    assert out.count("{") - out.count("\\{") == out.count("}") - out.count("\\}")
    assert "{\\i A Failed Empire}" in out
    assert rtf_unicode("Łukasz Słuczański") in out
    assert "\\{draft\\}" in out and " \\\\ " in out
    assert all(ord(ch) < 128 for ch in out)
    assert out.count("\\par}") == 3
    bib = run(runner, lib, "bib", "--format", "rtf")
    assert bib.count("\\fi-720\\li720") == len(samples())


def test_bib_html_has_one_block_per_entry_italics_and_links(runner: CliRunner,
                                                            lib: Path) -> None:
    for style in ("chicago", "mla"):
        out = run(runner, lib, "bib", "--format", "html", "--style", style)
        root = ET.fromstring(out)  # well-formed: one block holding one block per entry
        entries = root.findall("div")
        assert len(entries) == len(samples())
        assert all(e.get("class") == "csl-entry" for e in entries)
        book = next(e for e in entries if "Zubok" in "".join(e.itertext()))
        assert book.find("i") is not None and book.find("i").text == "A Failed Empire"
        links = {a.get("href"): a.text for e in entries for a in e.iter("a")}
        url = "https://digitalarchive.wilsoncenter.org/document/110374"
        assert url in links
        shown = links[url]
        assert shown == (url if style == "chicago" else url.removeprefix("https://"))
        for entry in entries:
            text = "".join(entry.itertext())
            assert not text.endswith(" ")


@pytest.mark.slow
def test_rtf_opens_in_libreoffice_with_italics(runner: CliRunner, lib: Path,
                                               tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is missing under CI=true")
        pytest.skip("needs LibreOffice (soffice)")
    source = tmp_path / "cite.rtf"
    source.write_text(run(runner, lib, "cite", BOOK, "--format", "rtf"), "ascii")
    profile = tmp_path / "profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "html", "--outdir", str(tmp_path), str(source)],
                   capture_output=True, timeout=300, check=True)
    html = " ".join((tmp_path / "cite.html").read_text("utf-8", errors="replace").split())
    assert "<i>A Failed Empire</i>" in html or "<em>A Failed Empire</em>" in html


def test_choosing_a_clipboard_tool() -> None:
    def having(*tools: str):  # type: ignore[no-untyped-def]
        return lambda name: f"/usr/bin/{name}" if name in tools else None

    assert choose_tool({"DISPLAY": ":0"}, "linux", having("xclip", "xsel")).rich
    plain = choose_tool({"DISPLAY": ":0"}, "linux", having("xsel"))
    assert plain.name == "xsel" and not plain.rich
    assert choose_tool({"WAYLAND_DISPLAY": "w-0"}, "linux", having("wl-copy")).argv[:3] == (
        "wl-copy", "--type", "text/html")
    assert choose_tool({}, "darwin", having("osascript", "pbcopy")).name == "osascript"
    assert choose_tool({}, "darwin", having("pbcopy")).name == "pbcopy"
    assert choose_tool({}, "linux", having("clip.exe")).name == "clip.exe"  # WSL
    with pytest.raises(ClipboardError, match="install xclip"):
        choose_tool({"DISPLAY": ":0"}, "linux", having())
    with pytest.raises(ClipboardError, match="wl-clipboard"):
        choose_tool({"WAYLAND_DISPLAY": "w-0"}, "linux", having())


def test_copy_without_a_tool_is_one_line(runner: CliRunner, lib: Path,
                                         monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    result = runner.invoke(cli, ["--library", str(lib), "cite", BOOK, "--copy"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "archcite: error: no clipboard tool found: install xclip (or xsel for plain text)"]


def _need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is missing under CI=true (.ci/run installs it)")
        pytest.skip(f"needs {tool}")
    return found


@pytest.fixture
def x_display() -> Iterator[str]:
    """A private X server (Xvfb) on a display it picks itself; stopped after the test (the
    xclip process serving the selection ends with it)."""
    xvfb = _need("Xvfb")
    _need("xclip")
    read, write = os.pipe()
    proc = subprocess.Popen([xvfb, "-displayfd", str(write), "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as handle:
            number = handle.readline().strip()
        assert number.isdigit(), "Xvfb did not start"
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.slow
def test_copy_puts_rich_text_on_the_x_clipboard(runner: CliRunner, lib: Path,
                                                x_display: str) -> None:
    env = {**os.environ, "DISPLAY": x_display, "ARCHCITE_LIBRARY": str(lib)}
    env.pop("WAYLAND_DISPLAY", None)
    proc = subprocess.run([sys.executable, "-m", "archcite", "cite", BOOK, "--copy"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "rich text (xclip)" in proc.stderr
    html_cite = run(runner, lib, "cite", BOOK, "--format", "html").strip()
    pasted = subprocess.run(["xclip", "-selection", "clipboard", "-o", "-t", "text/html"],
                            capture_output=True, env=env, timeout=30, check=True).stdout
    text = pasted.decode("utf-8")
    assert html_cite in text and "<i>A Failed Empire</i>" in text
    assert 'charset="utf-8"' in text
    assert proc.stdout.strip() == run(runner, lib, "cite", BOOK).strip()


def test_rtf_writes_characters_beyond_the_bmp_as_two_utf16_halves() -> None:
    from archcite.render.formatters import RtfFormat

    # U+20000 is D840 DC00 in UTF-16; RTF's \uN takes signed 16-bit numbers
    assert RtfFormat.finish("\U00020000") == "\\u-10176?\\u-9216?"
    assert RtfFormat.finish("“é”") == "\\u8220?\\u233?\\u8221?"
    assert RtfFormat.escape("a{b}\\c") == "a\\{b\\}\\\\c"


def test_only_addresses_become_links() -> None:
    from archcite.formats.htmlblocks import link_addresses

    archival = "AVPRF, f. 059a, op. 5a, d. 4, papka 11, ll. 14–15; MOL, 4. doboz, 5/a, R&amp;D."
    assert link_addresses(archival) == archival
    assert link_addresses("See www.example.org/x, then https://a.org/b?c=1&amp;d=2.") == (
        'See <a href="https://www.example.org/x">www.example.org/x</a>, then '
        '<a href="https://a.org/b?c=1&amp;d=2">https://a.org/b?c=1&amp;d=2</a>.')


def test_renderer_markup_becomes_word_run_properties() -> None:
    from lxml import etree

    from archcite.formats.richtext import runs_from_html
    from archcite.formats.word.ooxml import formatted_run

    html = ('Report of the <span style="font-variant:small-caps">cc cpsu</span>, '
            '<i>Pravda</i>, 10<sup>th</sup> &amp; <b>final</b>')
    runs = runs_from_html(html)
    assert "".join(r.text for r in runs) == "Report of the cc cpsu, Pravda, 10th & final"
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def props(piece: object) -> set[str]:
        rpr = formatted_run(piece, None, None).find(f"{w}rPr")  # type: ignore[arg-type]
        if rpr is None:
            return set()
        return {etree.QName(e).localname + (f"={e.get(w + 'val')}" if e.get(w + "val") else "")
                for e in rpr}

    by_text = {r.text: props(r) for r in runs}
    assert by_text["cc cpsu"] == {"smallCaps"}
    assert by_text["Pravda"] == {"i"}
    assert by_text["th"] == {"vertAlign=superscript"}
    assert by_text["final"] == {"b"}
    assert by_text[", "] == set()
