"""The one name formatter: the reading, sort and BibTeX forms of the same CSL names.

Expected strings follow the rules, not the program: a reader writes given before family with
the particle between and a suffix after a comma; a family-first name (``static-ordering``)
keeps its order; BibTeX name syntax is ``von Family, Suffix, Given`` with one braced unit for
a literal or a family-first name; the sort form is particle, family, given.
"""

from __future__ import annotations

from typing import Any

import pytest

from archcite.formats import latex
from archcite.model.names import name_text, names_text

BEETHOVEN = {"given": "Ludwig", "non-dropping-particle": "van", "family": "Beethoven"}
KING = {"given": "Martin Luther", "family": "King", "suffix": "Jr."}
MAO = {"family": "Mao", "given": "Zedong", "static-ordering": True}
EMBASSY = {"literal": "Soviet Embassy in Pyongyang"}
SZALONTAI = {"family": "Szalontai", "given": "Balázs"}


@pytest.mark.parametrize(
    ("name", "reading", "sort", "bibtex"),
    [
        (BEETHOVEN, "Ludwig van Beethoven", "van Beethoven Ludwig", "van Beethoven, Ludwig"),
        (KING, "Martin Luther King, Jr.", "King Martin Luther", "King, Jr., Martin Luther"),
        (MAO, "Mao Zedong", "Mao Zedong", "{Mao Zedong}"),
        (EMBASSY, "Soviet Embassy in Pyongyang", "Soviet Embassy in Pyongyang",
         "{Soviet Embassy in Pyongyang}"),
        ({"family": "Van der Berg", "given": "Anna"}, "Anna Van der Berg", "Van der Berg Anna",
         "{Van der Berg}, Anna"),
    ],
)
def test_one_name_in_every_order(name: dict[str, Any], reading: str, sort: str,
                                 bibtex: str) -> None:
    assert name_text(name) == reading
    assert name_text(name, "sort") == sort
    assert name_text(name, "bibtex") == bibtex


def test_lists_use_their_orders_separator_and_skip_what_is_no_name() -> None:
    names = [SZALONTAI, "not a name", {}, MAO]
    assert names_text(names) == "Balázs Szalontai; Mao Zedong"
    assert names_text(names, "bibtex", latex.escape) == "Szalontai, Balázs and {Mao Zedong}"
    assert names_text(names, "sort") == "Szalontai Balázs Mao Zedong"
    assert names_text(None) == "" and names_text("Stalin") == ""


def test_escaping_applies_to_parts_never_to_bibtex_braces() -> None:
    name = {"literal": "R&D {Group}"}
    assert name_text(name, "bibtex", latex.escape) == \
        r"{R\&D \textbraceleft{}Group\textbraceright{}}"
    assert latex.check_braces(name_text(name, "bibtex", latex.escape))
    oneil = {"family": "O_Neil", "given": "Ann"}
    assert name_text(oneil, "reading", latex.escape) == r"Ann O\_Neil"
