"""The one LaTeX escaper: the same ten special characters for .bib fields and documents.

Rules: each of ``\\ & % $ # _ ~ ^ { }`` is written so that LaTeX prints the character; inside
a .bib field a brace must not be a bare ``{``/``}`` preceded by a backslash (BibTeX counts it),
so it becomes ``\\textbraceleft{}``/``\\textbraceright{}``; in a document ``\\{``/``\\}``.
"""

from __future__ import annotations

import pytest

from archcite.formats import latex as bib_latex
from archcite.model.latex import escape, escape_document
from archcite.render.formatters import FORMATTERS

_SAME = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
         "\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


@pytest.mark.parametrize(("char", "written"), sorted(_SAME.items()))
def test_both_forms_write_the_same_non_brace_specials(char: str, written: str) -> None:
    text = f"a{char}b"
    assert escape(text) == escape_document(text) == f"a{written}b"


def test_braces_differ_only_by_where_they_go() -> None:
    assert escape("{draft}") == r"\textbraceleft{}draft\textbraceright{}"
    assert escape_document("{draft}") == r"\{draft\}"
    # an unmatched brace from the data leaves a .bib field balanced
    assert bib_latex.check_braces(escape("x { y"))


def test_the_bib_writer_and_the_latex_formatter_use_the_one_escaper() -> None:
    sample = "R&D_costs {50%} #3 ~ ^ \\ $5"
    assert bib_latex.escape(sample) == escape(sample)
    assert FORMATTERS["latex"].escape(sample) == escape_document(sample)
    assert escape("plain Cyrillic: Лотман") == "plain Cyrillic: Лотман"
