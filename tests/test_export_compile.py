"""Real compiles of the whole fixture + literature library's export, with no warning at all.

biber + biblatex-chicago (notes) over the BibLaTeX export, every entry cited in a footnote and
listed in the bibliography; bibtex + plainnat over the 7-bit BibTeX export, every entry cited.
A warning from biber, BibTeX or LaTeX about an entry (a field it cannot read, a missing one,
an alias that clashes with a key) fails the test. And biblatex-chicago's own convention for
archival letters: with ``\\cite`` the first note prints the sender, then "Sender to Recipient"
(the sender twice); its documentation answers this with ``\\headlesscite`` and
``\\headlessfullcite``, with which the sender prints once (read from the PDF).

The tools are TeX Live's (Debian: texlive-latex-extra, texlive-bibtex-extra, biber,
poppler-utils); the tests skip without them, and fail when ``CI=true``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import build_full_library, every_type_items, library_records, run_cli

pytestmark = pytest.mark.slow

PAPER_BIBLATEX = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[english]{babel}
\usepackage{csquotes}
\usepackage[notes,backend=biber]{biblatex-chicago}
\addbibresource{refs.bib}
\begin{document}
%s
\printbibliography
\end{document}
"""
PAPER_BIBTEX = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage{natbib}
\usepackage{url}
\begin{document}
%s
\bibliographystyle{plainnat}
\bibliography{refs}
\end{document}
"""
# LaTeX/package warnings and TeX errors in a log ("Overfull \hbox" is typesetting, not a fault
# of the data, and is not a warning).
LOG_TROUBLE = re.compile(r"^(?:.*Warning[:-].*|! .*)$", re.MULTILINE)


def need(*tools: str) -> None:
    """Skip unless every tool (a program, or a file kpsewhich finds) is installed; under
    CI=true a missing tool is a failure, not a skip."""
    for tool in tools:
        if "." in tool:
            found = bool(shutil.which("kpsewhich")) and bool(subprocess.run(
                ["kpsewhich", tool], capture_output=True, text=True, check=False).stdout.strip())
        else:
            found = shutil.which(tool) is not None
        if not found:
            message = (f"needs {tool} (Debian: texlive-latex-extra texlive-bibtex-extra biber "
                       "poppler-utils)")
            if os.environ.get("CI") == "true":
                pytest.fail(message)
            pytest.skip(message)


def tool(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run one TeX tool non-interactively."""
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, errors="replace",
                          timeout=600, check=False, stdin=subprocess.DEVNULL)


def latex_warnings(folder: Path, name: str) -> list[str]:
    log = (folder / f"{name}.log").read_text("utf-8", errors="replace")
    return [line for line in LOG_TROUBLE.findall(log) if "infwarerr" not in line]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("compile") / "library"
    build_full_library(path)
    every = path.parent / "every-type.json"  # and one item of every CSL type
    every.write_text(json.dumps(every_type_items(), ensure_ascii=False), "utf-8")
    run_cli(path, "import", "--strict", str(every))
    return path


def test_biber_and_biblatex_chicago_compile_the_whole_export_silently(library: Path,
                                                                       tmp_path: Path) -> None:
    need("pdflatex", "biber", "biblatex-chicago.sty")
    run_cli(library, "export", "--format", "biblatex", "-o", str(tmp_path / "refs.bib"))
    keys = sorted(library_records(library))
    body = "\n".join(f"Text.\\autocite{{{key}}}" for key in keys)
    (tmp_path / "paper.tex").write_text(PAPER_BIBLATEX % body, "utf-8")
    first = tool(["pdflatex", "-interaction=nonstopmode", "paper.tex"], tmp_path)
    assert first.returncode == 0, first.stdout[-2000:]
    biber = tool(["biber", "paper"], tmp_path)
    assert biber.returncode == 0, biber.stdout[-2000:]
    assert not re.findall(r"^(?:WARN|ERROR) - .*", biber.stdout, re.MULTILINE)
    for _ in range(2):
        tool(["pdflatex", "-interaction=nonstopmode", "paper.tex"], tmp_path)
    assert latex_warnings(tmp_path, "paper") == []
    bbl = (tmp_path / "paper.bbl").read_text("utf-8")
    assert len(re.findall(r"\\entry\{", bbl)) == len(keys)


def test_bibtex_and_plainnat_compile_the_whole_export_silently(library: Path,
                                                               tmp_path: Path) -> None:
    need("pdflatex", "bibtex", "plainnat.bst", "natbib.sty")
    run_cli(library, "export", "--format", "bibtex", "-o", str(tmp_path / "refs.bib"))
    assert (tmp_path / "refs.bib").read_bytes().isascii()
    keys = sorted(library_records(library))
    body = "\n".join(f"Text \\citep{{{key}}}." for key in keys)
    (tmp_path / "paper.tex").write_text(PAPER_BIBTEX % body, "utf-8")
    tool(["pdflatex", "-interaction=nonstopmode", "paper.tex"], tmp_path)
    bibtex = tool(["bibtex", "paper"], tmp_path)
    assert bibtex.returncode == 0, bibtex.stdout[-2000:]
    assert "Warning--" not in bibtex.stdout, re.findall(r"Warning--.*", bibtex.stdout)
    for _ in range(2):
        tool(["pdflatex", "-interaction=nonstopmode", "paper.tex"], tmp_path)
    assert latex_warnings(tmp_path, "paper") == []
    bbl = (tmp_path / "paper.bbl").read_text("utf-8")
    assert len(re.findall(r"\\bibitem", bbl)) == len(keys)


HEADLESS = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[english]{babel}
\usepackage{csquotes}
\usepackage[notes,backend=biber]{biblatex-chicago}
\addbibresource{refs.bib}
\begin{document}
\noindent STARTA \fullcite{%(key)s} ENDA

\noindent STARTB \headlessfullcite{%(key)s} ENDB

\noindent STARTC \cite{%(key)s} ENDC

\noindent STARTD \headlesscite{%(key)s} ENDD
\end{document}
"""


def test_headless_citations_print_a_letters_sender_once(seed_library: Path,
                                                         tmp_path: Path) -> None:
    need("pdflatex", "biber", "pdftotext", "biblatex-chicago.sty")
    run_cli(seed_library, "export", "--format", "biblatex", "-o", str(tmp_path / "refs.bib"))
    [record] = library_records(seed_library).values()
    sender = record["author"][0]["literal"]
    recipient = record["recipient"][0]["literal"]
    (tmp_path / "paper.tex").write_text(HEADLESS % {"key": record["id"]}, "utf-8")
    tool(["pdflatex", "-interaction=nonstopmode", "paper.tex"], tmp_path)
    assert tool(["biber", "paper"], tmp_path).returncode == 0
    for _ in range(2):
        tool(["pdflatex", "-interaction=nonstopmode", "paper.tex"], tmp_path)
    text = tool(["pdftotext", "paper.pdf", "-"], tmp_path).stdout
    text = re.sub(r"\s+", " ", text)

    def part(mark: str) -> str:
        return text.split(f"START{mark}", 1)[1].split(f"END{mark}", 1)[0]

    # \fullcite: biblatex-chicago's convention prints the sender, then "Sender to Recipient"
    assert part("A").count(sender) == 2
    # \headlessfullcite and \headlesscite: "Sender to Recipient" only
    for mark in ("B", "D"):
        assert part(mark).count(sender) == 1, part(mark)
        assert f"{sender} to {recipient}" in part(mark)
    assert part("B").count(recipient) == 1
