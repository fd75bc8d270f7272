"""The readers of issue 11: BibTeX/BibLaTeX, CSL-JSON and RIS files as real tools write them.

The fixtures in tests/data/literature were written for these tests in the shapes Zotero (Better
BibTeX), Mendeley, JabRef and archive catalogues export; expected values follow the
biblatex–CSL mapping rules (biblatex manual §2; CSL 1.0.2), not the program's output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from archcite.formats.bibread import parse_name, read_bib, split_names
from archcite.formats.cslread import CSLFileError, read_csl
from archcite.formats.datetext import parse_bibtex_date, parse_edtf
from archcite.formats.importing import read_file
from archcite.formats.latextext import to_rich_text
from archcite.formats.readresult import ReadResult
from archcite.formats.risread import read_ris
from archcite.model.archives import default_registry
from archcite.model.record import CSL_TYPES, validate_record

DATA = Path(__file__).parent / "data" / "literature"
REG = default_registry()


def by_key(result: ReadResult) -> dict[str, dict[str, Any]]:
    """Records of a result by their key in the file (first of a repeated key)."""
    out: dict[str, dict[str, Any]] = {}
    for entry in result.entries:
        if entry.record is not None:
            out.setdefault(entry.key, entry.record)
    return out


def assert_valid(result: ReadResult) -> None:
    """Every record read is a valid CSL record once it has a key."""
    for entry in result.entries:
        if entry.record is not None:
            validate_record({**entry.record, "id": "k"})


# ------------------------------------------------------------------------------- LaTeX


@pytest.mark.parametrize(("latex", "rich"), [
    (r"\emph{Pravda}", "<i>Pravda</i>"),
    (r"\mkbibemph{Izvestiia} and \textit{Trud}", "<i>Izvestiia</i> and <i>Trud</i>"),
    (r"{\em Caf\'{e}} na\"ive", "<i>Café</i> naïve"),
    (r"\textbf{bold} \textsc{Caps}",
     '<b>bold</b> <span style="font-variant:small-caps;">Caps</span>'),
    (r"Rezs{\H{o}} 1956--1957~and---more", "Rezső 1956–1957 and—more"),
    (r"Ko\v{s}ice, \L{}\'od\'z, \c{C}ak{\i}r", "Košice, Łódź, Çakır"),
    (r"H$_2$O and $E=mc^2$", "H<sub>2</sub>O and E=mc<sup>2</sup>"),
    (r"$\alpha$-helix", "α-helix"),
    (r"the integral $\int_0^1 f$", r"the integral $\int_0^1 f$"),
    (r"<<Pravda>>", "«Pravda»"),
    (r"The {NATO} \& {W}arsaw", "The NATO & Warsaw"),
    (r"\noopsort{b}Zed", "Zed"),
    (r"\unknownmacro{kept words}", "kept words"),
    (r"\enquote{quoted} text", "“quoted” text"),
])
def test_latex_becomes_csl_rich_text(latex: str, rich: str) -> None:
    assert to_rich_text(latex) == rich


# ------------------------------------------------------------------------------- names


def test_and_at_a_line_break_still_splits_names() -> None:
    assert split_names("Weathersby, Kathryn and\n  Mastny, Vojtech") == [
        "Weathersby, Kathryn", "Mastny, Vojtech"]
    assert split_names("Westad, Odd Arne\nand Hershberg, James") == [
        "Westad, Odd Arne", "Hershberg, James"]
    # "and" inside braces or inside a word never splits
    assert split_names("{Smith and Sons} and Anderson, Ann") == ["{Smith and Sons}",
                                                                 "Anderson, Ann"]


@pytest.mark.parametrize(("raw", "name"), [
    ("{International Committee of the Red Cross}",
     {"literal": "International Committee of the Red Cross"}),
    ("Shen, Zhihua", {"family": "Shen", "given": "Zhihua"}),
    ("Ludwig van Beethoven", {"family": "Beethoven", "non-dropping-particle": "van",
                              "given": "Ludwig"}),
    ("van der Berg, Hans", {"family": "Berg", "non-dropping-particle": "van der",
                            "given": "Hans"}),
    ("King, Jr., Martin Luther", {"family": "King", "suffix": "Jr.", "given": "Martin Luther"}),
    ("R{\\'e}nyi, Alfr{\\'e}d", {"family": "Rényi", "given": "Alfréd"}),
    ("family=Smith, given=John, prefix=de", {"family": "Smith", "given": "John",
                                            "non-dropping-particle": "de"}),
])
def test_bibtex_names(raw: str, name: dict[str, str]) -> None:
    assert parse_name(raw) == name


# ------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(("text", "date"), [
    ("1951-06-30", {"date-parts": [[1951, 6, 30]]}),
    ("1950/1953", {"date-parts": [[1950], [1953]]}),
    ("1951~", {"date-parts": [[1951]], "circa": True, "raw": "1951~"}),
    ("1951-22", {"date-parts": [[1951, 22]]}),
    ("1951-06-30T14:05:00", {"date-parts": [[1951, 6, 30]], "raw": "1951-06-30T14:05:00"}),
    ("1950/..", {"date-parts": [[1950]], "raw": "1950/.."}),
    ("-0043-03-15", {"date-parts": [[-44, 3, 15]]}),  # astronomical -43 is 44 BC
    ("0000", {"date-parts": [[-1]]}),  # year zero is 1 BC
])
def test_edtf_dates(text: str, date: dict[str, Any]) -> None:
    assert parse_edtf(text) == (date, None)


@pytest.mark.parametrize("text", ["1951-02-30", "1951-13-01", "195X", "June 1951", "1951-04-31"])
def test_a_date_that_cannot_be_read_or_exist_is_kept_as_written(text: str) -> None:
    date, warning = parse_edtf(text)
    assert date == {"literal": text}
    assert warning and "kept as written" in warning


def test_bibtex_year_month_day() -> None:
    assert parse_bibtex_date("1951", "jun", "30") == ({"date-parts": [[1951, 6, 30]]}, [])
    assert parse_bibtex_date("c. 1951") == ({"date-parts": [[1951]], "circa": True,
                                             "raw": "c. 1951"}, [])
    date, warnings = parse_bibtex_date("1952", "25")
    assert date == {"date-parts": [[1952]]}  # the year stands, the month is not invented
    assert warnings == ["month '25' is not a month; kept in the entry's other fields"]
    date, warnings = parse_bibtex_date("1951", "2", "30")
    assert date == {"date-parts": [[1951, 2]]} and "cannot exist" in warnings[0]


# ------------------------------------------------------------------- Zotero-style BibLaTeX


def test_zotero_biblatex_every_entry_imports_or_is_skipped_with_a_reason() -> None:
    result = read_file(DATA / "zotero.bib", REG)
    assert_valid(result)
    skipped = [(e.key, e.reason) for e in result.entries if e.record is None]
    assert skipped == [("broken1999", "cannot be read: unbalanced braces")]
    keys = [e.key for e in result.entries]
    assert keys.count("matt2019basel") == 2 and "" in keys  # duplicate and empty keys read
    records = by_key(result)
    article = records["shen2000sinosoviet"]
    assert article["type"] == "article-journal"
    assert article["container-title"] == "Journal of Cold War Studies"
    assert (article["volume"], article["issue"], article["page"]) == ("2", "2", "44-68")
    assert article["DOI"] == "10.1162/15203970051032318"
    assert article["accessed"] == {"date-parts": [[2024, 3, 1]]}
    assert article["custom"]["tags"] == ["Korean War", "Sino-Soviet alliance"]
    assert article["custom"]["bib-fields"]["file"].endswith(":application/pdf")
    book = records["radchenko2024run"]
    assert book["title"] == "To Run the World: The Kremlin's Cold War Bid for Global Power"
    assert book["ISBN"] == "978-1-108-47735-2" and book["publisher-place"] == "Cambridge"
    assert book["annote"] == "Read chapters 3–5 for the <i>Korean</i> war."
    assert records["matt2019basel"]["title"] == "Basel zwischen 1000–1300: <i>Stadt</i> und" \
        " <i>Land</i>"
    corporate = next(e.record for e in result.entries if e.key == "" and e.record)
    assert corporate["author"] == [{"literal": "International Committee of the Red Cross"}]
    chapter = records["weathersby1993soviet"]
    assert chapter["author"] == [{"family": "Weathersby", "given": "Kathryn"},
                                 {"family": "Mastny", "given": "Vojtech"}]
    assert chapter["editor"][1] == {"family": "Hershberg", "given": "James G."}
    assert chapter["title"] == "Soviet Aims in Korea"  # the first of a repeated field
    assert chapter["custom"]["bib-repeated"] == {
        "title": ["Soviet Aims in Korea (repeated title field)"]}
    assert (chapter["collection-title"], chapter["collection-number"]) == (
        "Cold War International History Project Working Papers", "8")
    letter = records["gromyko1952letter"]
    assert letter["issued"] == {"date-parts": [[1952]]}
    assert letter["custom"]["bib-fields"]["month"] == "25"
    thesis = records["kim2015korea"]
    assert (thesis["type"], thesis["genre"], thesis["publisher"]) == (
        "thesis", "PhD diss.", "Harvard University")


def test_repeated_field_is_not_reported_as_unbalanced_braces() -> None:
    result = read_bib("@article{k, title={One}, title={Two}, journaltitle={J}}", REG)
    [entry] = result.entries
    assert entry.record is not None and entry.record["title"] == "One"
    assert any("repeated" in w for w in entry.warnings)


def test_mendeley_file() -> None:
    result = read_file(DATA / "mendeley.bib", REG)
    assert_valid(result)
    records = by_key(result)
    assert set(records) == {"Weathersby1995", "Gaddis1997", "Lee2003"}
    article = records["Weathersby1995"]
    assert article["container-title"] == "Cold War International History Project Bulletin"
    assert article["issued"] == {"date-parts": [[1995, 6]]}
    assert article["issue"] == "6-7" and article["ISSN"] == "1234-5678"
    assert article["URL"] == "https://arxiv.org/abs/1008.2849"  # eprint with archivePrefix
    assert article["custom"]["tags"] == ["Korea", "Soviet Union", "to-read"]
    assert article["custom"]["bib-fields"]["file"] == ":home/user/Mendeley/Weathersby1995.pdf:pdf"
    assert records["Gaddis1997"]["title"] == "We Now Know: Rethinking Cold War History"
    paper = records["Lee2003"]
    assert paper["type"] == "paper-conference"
    assert paper["container-title"] == "Proceedings of the Conference on Korean History"
    assert paper["author"][1] == {"family": "Berg", "non-dropping-particle": "van der",
                                  "given": "Hans"}


def test_jabref_file() -> None:
    result = read_file(DATA / "jabref.bib", REG)
    assert_valid(result)
    records = by_key(result)
    assert set(records) == {"Mastny2006", "Zubok1996", "Person2001", "Kramer1996"}
    article = records["Mastny2006"]
    assert article["title"] == "The NATO Alliance and the <i>Warsaw Pact</i>"
    assert article["issued"] == {"date-parts": [[2006, 7]]}  # month = jul (a macro)
    assert article["custom"]["bib-fields"]["owner"] == "historian"
    assert records["Zubok1996"]["container-title"] == \
        "Cold War International History Project Working Papers"  # @string # concatenation
    assert records["Person2001"]["genre"] == "PhD diss."
    assert records["Person2001"]["publisher"] == "George Washington University"
    report = records["Kramer1996"]
    assert (report["type"], report["number"], report["genre"]) == ("report", "7",
                                                                    "Working Paper")


def test_edtf_file() -> None:
    result = read_file(DATA / "edtf.bib", REG)
    assert_valid(result)
    records = by_key(result)
    assert len(records) == 15
    assert records["circa"]["issued"]["circa"] is True
    assert records["impossible"]["issued"] == {"literal": "1951-02-30"}
    assert records["unspecified"]["issued"] == {"literal": "195X"}
    warned = {e.key for e in result.entries if e.warnings}
    assert warned == {"impossible", "unspecified"}
    # origdate is the original date, never the date of publication
    assert records["orig"]["issued"] == {"date-parts": [[1990]]}
    assert records["orig"]["original-date"] == {"date-parts": [[1951, 3, 1]]}
    assert records["bracketed"]["issued"]["date-parts"] == [[1951]]
    assert records["monthname"]["issued"] == {"date-parts": [[1951, 3, 5]]}


def test_crossref_and_xdata_inheritance() -> None:
    result = read_file(DATA / "crossref.bib", REG)
    assert_valid(result)
    records = by_key(result)
    volume = records["frus1950v7"]  # book ← mvbook: the whole work's title is maintitle
    assert volume["title"] == "Korea"
    assert volume["collection-title"] == "Foreign Relations of the United States"
    assert volume["publisher"] == "Government Printing Office"
    doc = records["frus1950doc"]  # inbook ← book ← mvbook
    assert doc["container-title"] == "Korea"
    assert doc["collection-title"] == "Foreign Relations of the United States"
    assert (doc["volume"], doc["number"], doc["page"]) == ("7", "86", "125-126")
    assert doc["editor"] == [{"family": "Glennon", "given": "John P."}]
    article = records["bulletin1995"]  # article ← periodical: title is journaltitle
    assert article["container-title"] == "Cold War International History Project Bulletin"
    assert article["ISSN"] == "1071-3506"
    book = records["xbook"]
    assert (book["publisher"], book["publisher-place"]) == ("Woodrow Wilson Center Press",
                                                            "Washington, DC")
    assert "wilsonpress" not in records  # @xdata is a container of fields, not a work
    orphan = next(e for e in result.entries if e.key == "orphan")
    assert orphan.record is not None
    assert orphan.warnings == ["crossref 'nosuchparent' is not in the file"]


def test_ids_become_old_keys() -> None:
    [entry] = read_bib("@book{new2001, title={T}, ids={old2001, older:2001}}", REG).entries
    assert entry.record is not None
    assert entry.record["custom"]["old-keys"] == ["old2001", "older:2001"]


def test_unknown_fields_are_kept_for_export() -> None:
    text = ("@book{k, title={T}, date={2001}, foreword={Doe, John}, usera={x},"
            " pagination={section}, library={Main stacks}, sortkey={zz}}")
    [entry] = read_bib(text, REG).entries
    assert entry.record is not None
    assert entry.record["custom"]["bib-fields"] == {
        "foreword": "Doe, John", "library": "Main stacks", "pagination": "section",
        "sortkey": "zz", "usera": "x"}


# ------------------------------------------------------------------------------ CSL-JSON


def test_csl_json_of_every_item_type(csl_schema: Path) -> None:
    types = json.loads(csl_schema.read_text("utf-8"))["items"]["properties"]["type"]["enum"]
    assert set(types) == CSL_TYPES
    items = [{"id": f"item{i}", "type": kind, "title": f"A {kind}",
              "author": [{"family": "Smith", "given": "Ann"}],
              "issued": {"date-parts": [[2000 + i % 20]]}} for i, kind in enumerate(types)]
    result = read_csl(json.dumps(items), REG)
    assert [e.record["type"] for e in result.entries if e.record] == types
    assert not [e for e in result.entries if e.warnings]
    assert_valid(result)


def test_csl_json_as_zotero_better_csl_and_pandoc_write_it() -> None:
    items = [
        {"id": "notype", "title": "No type at all"},
        {"id": "inst", "type": "report", "author": [{"family": "UNESCO", "isInstitution": 1}]},
        {"id": "lit", "type": "book", "author": [{"literal": "World Bank"}]},
        {"id": "range3", "type": "book", "issued": {"date-parts": [[1950], [1951], [1953]]}},
        {"id": "range", "type": "book", "issued": {"date-parts": [[1950, 6, 1], [1950, 7, 2]]}},
        {"id": "raw", "type": "book", "issued": {"raw": "1951-06-30"}},
        {"id": "literal", "type": "book", "issued": {"literal": "Spring 1951"}},
        {"id": "edtf", "type": "book", "issued": "1951-06~"},
        {"id": "impossible", "type": "book", "issued": {"date-parts": [[1951, 2, 30]]}},
        {"citation-key": "bbt2000", "id": "http://zotero.org/1", "type": "article-journal",
         "container-title": "J", "page": "1-2", "ISBN": 9780198780700},
        {"id": "conf", "type": "paper-conference", "event-title": "Cold War Conference",
         "zotero-extra": "kept"},
        "not an object",
    ]
    result = read_csl(json.dumps(items), REG)
    assert_valid(result)
    records = by_key(result)
    assert records["notype"]["type"] == "document"
    assert result.entries[0].warnings == ["has no type; read as a document"]
    assert records["inst"]["author"] == [{"literal": "UNESCO"}]
    assert records["lit"]["author"] == [{"literal": "World Bank"}]
    assert records["range3"]["issued"]["date-parts"] == [[1950], [1953]]
    assert records["range3"]["issued"]["raw"] == "1950/1951/1953"
    assert records["range"]["issued"] == {"date-parts": [[1950, 6, 1], [1950, 7, 2]]}
    assert records["raw"]["issued"]["date-parts"] == [[1951, 6, 30]]
    assert records["literal"]["issued"] == {"literal": "Spring 1951"}
    assert records["edtf"]["issued"] == {"date-parts": [[1951, 6]], "circa": True,
                                         "raw": "1951-06~"}
    assert records["impossible"]["issued"]["literal"] == "1951-2-30"
    assert records["bbt2000"]["ISBN"] == "9780198780700"
    assert records["conf"]["event"] == "Cold War Conference"
    assert records["conf"]["custom"] == {"zotero-extra": "kept"}
    assert result.entries[-1].record is None
    assert result.entries[-1].reason == "is not a JSON object"


def test_a_json_object_that_is_not_csl_says_so() -> None:
    with pytest.raises(CSLFileError, match="a JSON object, not an array of CSL items"):
        read_csl('{"library": "mine", "entries": 3}', REG)
    one = read_csl('{"id": "k", "type": "book", "title": "T"}', REG)
    assert one.notes and "one JSON object, not an array" in one.notes[0]


# ----------------------------------------------------------------------------------- RIS


def test_ris_from_zotero_endnote_and_an_archive_catalogue() -> None:
    result = read_ris((DATA / "catalogue.ris").read_text("utf-8"), REG)
    assert_valid(result)
    article, chapter, telegram, book, orphan = result.entries
    assert article.key == "shen2000" and article.record is not None
    rec = article.record
    assert (rec["type"], rec["container-title"], rec["volume"], rec["issue"], rec["page"]) == (
        "article-journal", "Journal of Cold War Studies", "2", "2", "44-68")
    assert rec["issued"] == {"date-parts": [[2000, 4]]}  # DA is more precise than PY
    assert rec["custom"]["tags"] == ["Korean War", "Stalin"]
    assert (rec["note"], rec["ISSN"]) == ("Read for chapter 2.", "1520-3972")
    assert chapter.record is not None
    assert chapter.record["editor"] == [{"family": "Westad", "given": "Odd Arne"}]
    assert chapter.record["ISBN"] == "978-0-00-000000-2"
    assert telegram.record is not None
    tel = telegram.record
    assert (tel["type"], tel["genre"]) == ("personal_communication", "ciphered telegram")
    assert tel["recipient"] == [{"family": "Vyshinsky", "given": "A. Ia."}]
    assert tel["custom"]["holdings"] == [{"archive": "AVPRF", "levels": [
        ["fond", "059a"], ["opis", "5a"], ["delo", "3"], ["papka", "11"],
        ["listy", "100-101"]]}]
    assert tel["custom"]["accession-number"] == "059a-5a-3-11"
    assert tel["custom"]["ris"] == {"C1": ["Russian original"]}
    assert book.record is not None
    assert book.record["author"] == [{"literal": "Committee on Korean History"}]
    assert book.record["abstract"] == "First line of the abstract continued on a second line."
    assert orphan.record is None and "outside a record" in orphan.reason


def test_latex_spacing_follows_tex() -> None:
    assert to_rich_text("A German\n    translation of the \\emph{Iliad}.\n\n   Next  one") == (
        "A German translation of the <i>Iliad</i>.\nNext one")


@pytest.mark.parametrize("name", ["zotero.bib", "mendeley.bib", "jabref.bib", "edtf.bib",
                                  "crossref.bib", "catalogue.ris"])
def test_every_imported_record_is_valid_against_the_csl_schema(name: str,
                                                               csl_schema: Path) -> None:
    """Imported records, archive fields derived as the library stores them, against the
    CSL 1.0.2 schema itself (not archcite's own reading of it)."""
    jsonschema = pytest.importorskip("jsonschema")
    from archcite.model.record import derive_archive_fields

    schema = json.loads(csl_schema.read_text("utf-8"))
    records = [derive_archive_fields({**r, "id": r["id"] or "k"}, REG)
               for r in read_file(DATA / name, REG).records]
    assert records
    jsonschema.validate(records, schema)
