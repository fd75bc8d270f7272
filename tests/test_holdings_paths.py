"""One holdings reader: every way a reference enters archcite reads it to the same holdings.

The same archival strings go in through a saved Wilson Center page, ``add --citation``, a
BibLaTeX import (the reference in ``note``, written the way LaTeX users write it: ties after
the labels, ``--`` for ranges) and a CSL-JSON import (the reference in ``archive_location``,
alone or with its first archive in ``archive``). Each path must store the same holdings, and
those holdings must be the ones the grammar says (written out below from the rules, not taken
from the program's output).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from archcite.cli import cli

# (archival part of a Source, the holdings it means)
CASES: list[tuple[str, list[dict[str, Any]]]] = [
    # Russian levels, a letter-suffixed fond, papka after delo, a verso range
    ("AVPRF, f. 059a, op. 5a, d. 4, papka 11, ll. 14–15 ob.",
     [{"archive": "AVPRF", "levels": [["fond", "059a"], ["opis", "5a"], ["delo", "4"],
                                      ["papka", "11"], ["listy", "14-15ob"]]}]),
    # two archives joined by "; and", capitalised labels, a leaf with leading zero
    ("AP RF, F. 45, Op. 1, D. 334, L. 141; and RGASPI, f. 558, op. 11, d. 334, ll. 0141",
     [{"archive": "AP RF", "levels": [["fond", "45"], ["opis", "1"], ["delo", "334"],
                                      ["list", "141"]]},
      {"archive": "RGASPI", "levels": [["fond", "558"], ["opis", "11"], ["delo", "334"],
                                       ["listy", "0141"]]}]),
    # three archives by ";", an alphanumeric fond, a single verso leaf
    ("RGANI, f. 5, op. 30, d. 163, l. 95 ob.; GA RF, f. R-5446, op. 1, d. 7, ll. 8-9; "
     "TsKhSD, f. 89, per. 25, dok. 2",
     [{"archive": "RGANI", "levels": [["fond", "5"], ["opis", "30"], ["delo", "163"],
                                      ["list", "95ob"]]},
      {"archive": "GA RF", "levels": [["fond", "R-5446"], ["opis", "1"], ["delo", "7"],
                                      ["listy", "8-9"]]},
      {"archive": "TsKhSD", "levels": [["fond", "89"], ["perechen", "25"],
                                       ["dokument", "2"]]}]),
    # an archive whose reference is kept whole: "4. doboz" is no Russian level
    ("MOL, XIX-J-1-j Korea, 4. doboz, 5/a",
     [{"archive": "MOL", "reference": "XIX-J-1-j Korea, 4. doboz, 5/a"}]),
    # a whole reference followed by a Russian holding
    ("MOL, XIX-J-1-k, 12. doboz; RGASPI, f. 17, op. 162, d. 45, l. 3",
     [{"archive": "MOL", "reference": "XIX-J-1-k, 12. doboz"},
      {"archive": "RGASPI", "levels": [["fond", "17"], ["opis", "162"], ["delo", "45"],
                                       ["list", "3"]]}]),
]

_PAGE = """URL: https://digitalarchive.wilsoncenter.org/document/{number}
Skip to content

June 12, 1950

Record of a Conversation {number}

The text of the document.

Author(s):


Document Information

Source

{source}. Translated by Danny Rozas.

Rights

The History and Public Policy Program welcomes reuse of Digital Archive materials.

Original Uploaded Date

2011-11-20

Type

Memorandum of Conversation

Language

Russian

Record ID

{number}
"""


def _stored_holdings(library: Path) -> list[list[dict[str, Any]]]:
    """The holdings of every record in ``library``, in key order."""
    out = []
    for path in sorted(library.glob("*.json")):
        record = json.loads(path.read_text("utf-8"))
        out.append(record["custom"]["holdings"])
    return out


def _run(runner, library: Path, *args: str) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["--library", str(library), *args])
    assert result.exit_code == 0, (args, result.output)


def _as_latex(text: str) -> str:
    """A reference as a LaTeX user writes it in a .bib field: ties after labels, ``--``."""
    tied = text
    for label in ("ed. khr.", "f.", "op.", "d.", "papka", "per.", "dok.", "ll.", "l.",
                  "F.", "Op.", "D.", "L."):
        tied = tied.replace(f", {label} ", f", {label}~").replace(f" {label} ", f" {label}~")
    return tied.replace("–", "--")


@pytest.mark.parametrize(("source", "expected"), CASES, ids=[c[0][:24] for c in CASES])
def test_every_path_reads_the_same_holdings(runner, tmp_path: Path, source: str,  # type: ignore[no-untyped-def]
                                            expected: list[dict[str, Any]]) -> None:
    number = "990001"
    page = tmp_path / "page.txt"
    page.write_text(_PAGE.format(number=number, source=source), "utf-8")
    by_page = tmp_path / "by-page"
    _run(runner, by_page, "add", str(page))

    by_citation = tmp_path / "by-citation"
    _run(runner, by_citation, "add", "--citation",
         f"“Record of a Conversation,” June 12, 1950, History and Public Policy Program "
         f"Digital Archive, {source}. Translated by Danny Rozas.")

    bib = tmp_path / "in.bib"
    bib.write_text("@misc{conv1950,\n  title = {Record of a Conversation},\n"
                   "  date = {1950-06-12},\n"
                   f"  note = {{{_as_latex(source)}}},\n}}\n", "utf-8")
    by_bib = tmp_path / "by-bib"
    _run(runner, by_bib, "import", str(bib))

    first, _, rest = source.partition(", ")
    items = [
        {"id": "whole", "type": "manuscript", "title": "Record of a Conversation",
         "archive_location": source},
        {"id": "split", "type": "manuscript", "title": "Record of a Conversation, copy",
         "archive": first, "archive_location": rest},
    ]
    csl = tmp_path / "in.json"
    csl.write_text(json.dumps(items, ensure_ascii=False), "utf-8")
    by_csl = tmp_path / "by-csl"
    _run(runner, by_csl, "import", str(csl))

    assert _stored_holdings(by_page) == [expected]
    assert _stored_holdings(by_citation) == [expected]
    assert _stored_holdings(by_bib) == [expected]
    assert _stored_holdings(by_csl) == [expected, expected]


@pytest.mark.parametrize("prose", ["Obtained by Kathryn Weathersby", "See the memoirs, 1990",
                                   "Gift of the author; with thanks"])
def test_prose_in_an_import_note_stays_a_note(runner, tmp_path: Path,  # type: ignore[no-untyped-def]
                                               prose: str) -> None:
    bib = tmp_path / "in.bib"
    bib.write_text(f"@misc{{x1950,\n  title = {{A letter}},\n  note = {{{prose}}},\n}}\n",
                   "utf-8")
    library = tmp_path / "lib"
    _run(runner, library, "import", str(bib))
    (path,) = library.glob("*.json")
    record = json.loads(path.read_text("utf-8"))
    assert record["note"] == prose
    assert "holdings" not in record.get("custom", {})


@pytest.mark.parametrize(("token", "level"), [
    ("ll 95-96", "listy"), ("Ll. 95-96", "listy"), ("лл. 3-4", "listy"), ("листы 7", "listy"),
    ("Listy 14-15", "listy"), ("Л. 95", "list"), ("List 60", "list"), ("l. 5ob", "list"),
])
def test_pinpoints_and_holdings_read_leaves_with_one_spelling_table(token: str,
                                                                    level: str) -> None:
    from archcite.render.view import parse_pinpoint
    from archcite.sources.locators import parse_level

    parsed = parse_level(token)
    assert parsed is not None and parsed[0] == level
    assert parse_pinpoint(token)[0] == level
