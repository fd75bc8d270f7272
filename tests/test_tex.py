"""Compile a small paper against the exported library with the real TeX toolchain.

Needs Debian's texlive-latex-base, texlive-latex-recommended, texlive-latex-extra,
texlive-bibtex-extra and biber (biblatex-chicago needs xstring from latex-extra). The tests
skip, naming what is missing, when those are absent.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from archcite.formats.export import export_records
from archcite.library.store import Library
from archcite.model.archives import default_registry
from tests.helpers import samples

REG = default_registry()
ENCODING_TROUBLE = re.compile(
    r"Unicode character|not set up for use with LaTeX|inputenc Error|Missing character|"
    r"unavailable in encoding|Invalid UTF-8|LaTeX Font Warning: Encoding",
)

pytestmark = pytest.mark.slow  # runs pdflatex, bibtex and biber


def need(*tools: str) -> None:
    """Skip unless every tool (a program, or a .sty found by kpsewhich) is installed."""
    for tool in tools:
        if tool.endswith(".sty"):
            found = shutil.which("kpsewhich") and subprocess.run(
                ["kpsewhich", tool], capture_output=True, text=True, check=False).stdout.strip()
        else:
            found = shutil.which(tool)
        if not found:
            pytest.skip(f"needs {tool} (Debian: texlive-latex-base texlive-latex-recommended "
                        "texlive-latex-extra texlive-bibtex-extra biber)")


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run one TeX tool non-interactively."""
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, errors="replace",
                          timeout=300, check=False, stdin=subprocess.DEVNULL)


def records() -> list[dict]:
    """The sample records as the store holds them."""
    lib = Library(Path("/nonexistent"), REG)
    return [lib.prepare(r) for r in samples()]


def keys() -> str:
    """Every sample key, comma-separated."""
    return ",".join(r["id"] for r in samples())


PREAMBLE = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
"""


def check_log(folder: Path) -> str:
    """The LaTeX log, asserted free of errors, undefined citations and encoding trouble."""
    log = (folder / "paper.log").read_text("utf-8", errors="replace")
    assert "undefined" not in log.lower(), re.findall(r".*undefined.*", log, re.I)[:3]
    assert not ENCODING_TROUBLE.search(log), ENCODING_TROUBLE.search(log)
    assert "\n! " not in log
    return log


def test_pdflatex_bibtex_plain(tmp_path: Path) -> None:
    need("pdflatex", "bibtex")
    (tmp_path / "refs.bib").write_text(export_records(records(), "bibtex", REG), "utf-8")
    (tmp_path / "paper.tex").write_text(
        PREAMBLE + r"\usepackage{url}" + "\n\\begin{document}\n"
        + f"Archival sources \\cite{{{keys()}}}.\n\\bibliographystyle{{plain}}\n"
        + "\\bibliography{refs}\n\\end{document}\n", "utf-8")
    first = run(["pdflatex", "-interaction=nonstopmode", "paper"], tmp_path)
    assert first.returncode == 0, first.stdout[-2000:]
    bib = run(["bibtex", "paper"], tmp_path)
    assert bib.returncode == 0, bib.stdout
    blg = (tmp_path / "paper.blg").read_text("utf-8", errors="replace")
    assert "error message" not in blg and "Warning--" not in blg, blg
    for _ in range(2):
        final = run(["pdflatex", "-interaction=nonstopmode", "paper"], tmp_path)
        assert final.returncode == 0, final.stdout[-2000:]
    check_log(tmp_path)
    bbl = (tmp_path / "paper.bbl").read_text("utf-8")
    assert bbl.isascii()
    assert "Rezs{\\H{o}} Nyers" in bbl and "Lotman" in bbl
    assert "{APRF}, f.~45, op.~1, d.~339, ll.~95--96" in bbl


def test_pdflatex_biber_biblatex_chicago(tmp_path: Path) -> None:
    need("pdflatex", "biber", "biblatex-chicago.sty", "xstring.sty")
    (tmp_path / "refs.bib").write_text(export_records(records(), "biblatex", REG), "utf-8")
    (tmp_path / "paper.tex").write_text(
        PREAMBLE + "\\usepackage[american]{babel}\n\\usepackage{csquotes}\n"
        "\\usepackage[notes,backend=biber]{biblatex-chicago}\n\\addbibresource{refs.bib}\n"
        "\\begin{document}\n"
        + "".join(f"Text.\\autocite[l.~95]{{{key}}}\n" for key in keys().split(","))
        + "\\printbibliography\n\\end{document}\n", "utf-8")
    first = run(["pdflatex", "-interaction=nonstopmode", "paper"], tmp_path)
    assert first.returncode == 0, first.stdout[-2000:]
    biber = run(["biber", "paper"], tmp_path)
    assert biber.returncode == 0, biber.stdout[-3000:]
    blg = (tmp_path / "paper.blg").read_text("utf-8", errors="replace")
    assert "ERROR" not in blg and "WARN" not in blg, re.findall(r".*(?:WARN|ERROR).*", blg)
    for _ in range(2):
        final = run(["pdflatex", "-interaction=nonstopmode", "paper"], tmp_path)
        assert final.returncode == 0, final.stdout[-2000:]
    log = check_log(tmp_path)
    assert "Package biblatex Warning" not in log, re.findall(r"Package biblatex Warning.*", log)
    bbl = (tmp_path / "paper.bbl").read_text("utf-8")
    assert "Władysław Gomułka" in bbl and "Rezső" in bbl
    assert "\\field{entrysubtype}{letter}" in bbl
