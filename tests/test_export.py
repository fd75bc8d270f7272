"""Export formats: the seed's exact entries, escaping, 7-bit BibTeX, CSL-JSON, round trips."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from archcite.formats import latex
from archcite.formats.export import export_records
from archcite.formats.importing import parse_bib_records, parse_csl_records, parse_holdings
from archcite.library.store import Library
from archcite.model.archives import default_registry
from tests.helpers import samples, seed_record

REG = default_registry()

SEED_BIBLATEX = r"""@misc{filippov1951ciphered,
  author       = {{Filippov [Stalin]}},
  title        = {{Filippov [Stalin]} to {Mao Zedong}},
  titleaddon   = {ciphered telegram},
  entrysubtype = {letter},
  date         = {1951-06-30},
  origdate     = {1951-06-30},
  note         = {{APRF}, f.~45, op.~1, d.~339, ll.~95--96; {AVPRF}, f.~059a, op.~5a, d.~4, papka~11, ll.~14--15},
  organization = {History and Public Policy Program Digital Archive, Wilson Center},
  url          = {https://digitalarchive.wilsoncenter.org/document/110374},
  langid       = {english},
}
"""  # noqa: E501


def prepared(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records as the store would hold them (derived archive fields)."""
    lib = Library(Path("/nonexistent"), REG)
    return [lib.prepare(r) for r in records]


def test_seed_biblatex_is_exactly_the_target_entry() -> None:
    assert export_records([seed_record()], "biblatex", REG) == SEED_BIBLATEX


def test_seed_bibtex_has_every_part() -> None:
    import bibtexparser

    text = export_records([seed_record()], "bibtex", REG)
    assert "  title        = {Ciphered telegram to {Mao Zedong}}," in text
    assert "  month        = jun," in text
    lib = bibtexparser.parse_string(text)
    assert not lib.failed_blocks
    fields = lib.entries[0].fields_dict
    assert lib.entries[0].entry_type == "misc"
    assert fields["author"].value == "{Filippov [Stalin]}"
    assert fields["year"].value == "1951"
    assert fields["howpublished"].value == (
        "{APRF}, f.~45, op.~1, d.~339, ll.~95--96; "
        "{AVPRF}, f.~059a, op.~5a, d.~4, papka~11, ll.~14--15")
    assert fields["note"].value == (
        "History and Public Policy Program Digital Archive, Wilson Center")
    assert fields["url"].value == "https://digitalarchive.wilsoncenter.org/document/110374"


def test_bibtex_is_7bit_with_accents_and_originals() -> None:
    text = export_records(samples(), "bibtex", REG)
    for line in text.splitlines():
        if not line.lstrip().startswith("x-original-"):
            assert line.isascii(), line
    assert "Szalontai, Bal{\\'a}zs" in text
    assert "S{\\l}ucza{\\'n}ski, {\\L}ukasz" in text
    assert "{W{\\l}adys{\\l}aw Gomu{\\l}ka}" in text
    assert "Lotman, Iurii Mikhailovich" in text
    assert "x-original-author = {Лотман, Юрий Михайлович}" in text
    assert "x-original-author = {{毛泽东}}" in text
    assert "{\\v{S}}{\\v{t}}astn{\\'y}, Ji{\\v{r}}{\\'\\i}" not in text  # translator not in BibTeX
    assert "ll.~47--49" in text and "ed.~khr.~484" in text and "l.~5ob." in text
    # free references are kept whole: no ties, no doubled hyphens
    assert "{MOL}, XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955" in text


def test_special_characters_escaped_except_in_url() -> None:
    for fmt in ("bibtex", "biblatex"):
        text = export_records([samples()[5]], fmt, REG)
        for piece in (r"\#3", r"50\%", r"R\&D\_costs", r"\textbraceleft{}draft\textbraceright{}",
                      r"\textasciitilde{} \textasciicircum{} \textbackslash{} \$5"):
            assert piece in text, (fmt, piece)
        assert "https://example.org/a_b?x=1&y=2%20z#top}" in text
        assert latex.check_braces(text)


def test_title_protection() -> None:
    text = export_records([samples()[1]], "bibtex", REG)
    assert ("title        = {Memorandum of {Conversation} between "
            "{Szalontai Bal{\\'a}zs} and {Rezs{\\H{o}} Nyers}}") in text
    assert latex.protect_title("Report of the USSR embassy", latex.escape) == \
        "Report of the {USSR} embassy"


@pytest.mark.parametrize("char,spelled", [
    ("ő", "{\\H{o}}"), ("š", "{\\v{s}}"), ("ł", "{\\l}"), ("é", "{\\'e}"), ("ü", '{\\"u}'),
    ("ç", "{\\c{c}}"), ("ą", "{\\k{a}}"), ("í", "{\\'{\\i}}"), ("ø", "{\\o}"), ("ß", "{\\ss}"),
    ("ă", "{\\u{a}}"), ("ñ", "{\\~n}"), ("Ž", "{\\v{Z}}"), ("å", "{\\aa}"),
])
def test_latex_accents_round_trip(char: str, spelled: str) -> None:
    out, lossless = latex.escape_ascii(f"x{char}y")
    assert out == f"x{spelled}y" and lossless
    assert latex.unescape(out) == f"x{char}y"


def test_biblatex_letter_manuscript_book_and_langid() -> None:
    text = re.sub(" +", " ", export_records(samples(), "biblatex", REG))
    assert "@unpublished{szalontai1955memorandum," in text
    assert "@book{zubok2007failed," in text
    assert " publisher = {{University of North Carolina Press}}," in text
    assert "@misc{lotman1965pismo," in text and "entrysubtype = {letter}" in text
    assert "langid = {russian}" in text and "langid = {polish}" in text
    assert "langid = {english}" in text
    # UTF-8, Latin letters kept; Cyrillic romanized for pdfLaTeX with the original beside it
    assert "{{Władysław Gomułka}}" in text or "{Władysław Gomułka}" in text
    assert "title = {Lotman, Iurii Mikhailovich to {Boris Egorov}}" in text
    assert "x-original-title = {Лотман, Юрий Михайлович to {Борис Егоров}}" in text
    assert "translator = {{\\v{S}}" not in text and "Šťastný, Jiří" in text
    original = re.sub(" +", " ", export_records(samples(), "biblatex", REG, script="original"))
    assert "title = {Лотман, Юрий Михайлович to {Борис Егоров}}" in original
    assert "x-original" not in original


def test_csl_json_validates(csl_schema: Path) -> None:
    import jsonschema

    schema = json.loads(csl_schema.read_text("utf-8"))
    data = json.loads(export_records(prepared(samples()), "csl-json", REG))
    jsonschema.validate(data, schema)
    assert [r["id"] for r in data] == [r["id"] for r in samples()]


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_full_round_trip_gives_the_same_records(fmt: str) -> None:
    records = prepared(samples())
    text = export_records(records, fmt, REG, full=True)
    back = prepared(parse_bib_records(text, REG))
    assert back == records


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_plain_round_trip_keeps_the_citation_data(fmt: str) -> None:
    records = prepared(samples())
    back = prepared(parse_bib_records(export_records(records, fmt, REG), REG))
    for before, after in zip(records, back, strict=True):
        for var in ("id", "type", "author", "issued", "URL", "archive", "archive_location"):
            assert after.get(var) == before.get(var), (before["id"], var)
        assert after.get("custom", {}).get("holdings") == before["custom"].get("holdings") \
            if "custom" in before else True
        if before["type"] == "personal_communication":
            assert after["recipient"] == before["recipient"]
            assert after.get("genre") == before.get("genre")
    assert back[0]["source"] == records[0]["source"]
    assert back[0]["publisher"] == "Wilson Center"
    assert back[0]["custom"]["record-id"] == "110374" and "number" not in back[0]


def test_csl_json_round_trip() -> None:
    records = prepared(samples())
    back = parse_csl_records(export_records(records, "csl-json", REG), REG)
    assert prepared(back) == records


def test_holdings_parse_from_csl_and_bib_strings() -> None:
    parsed = parse_holdings(
        "f. 45, op. 1, d. 339, ll. 95–96; AVPRF, f. 059a, op. 5a, d. 4, papka 11, ll. 14–15",
        REG, first_archive="APRF", latex_text=False)
    assert parsed is not None
    assert [h.to_json() for h in parsed] == seed_record()["custom"]["holdings"]
    hungarian = parse_holdings("{MOL}, XIX-J-1-j Korea, 4. doboz, 5/a", REG)
    assert hungarian is not None and hungarian[0].reference == "XIX-J-1-j Korea, 4. doboz, 5/a"
    assert parse_holdings("Obtained by Kathryn Weathersby", REG) is None
    assert parse_holdings("See the memoirs, 1990", REG) is None


def test_unbalanced_braces_are_never_written() -> None:
    record = {**seed_record(), "title": "a } b { c", "genre": "x {y"}
    for fmt in ("bibtex", "biblatex"):
        assert latex.check_braces(export_records([record], fmt, REG))
