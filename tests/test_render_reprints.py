"""Reprints ("Reprinted in …" in a page's Source) read and printed as a copy editor would.

A reprint is read into ``custom["reprints"]`` (a publication: container-author or editor,
container-title, volume and part, issue, publisher, place, issued, page) and kept as a sentence
in ``note`` for other CSL tools; archcite prints it after the holdings. The Source strings below
follow the patterns real Digital Archive pages use (editors "ed. by", a volume and book inside
the title, roman volume numbers, journals numbered by issue, page ranges, two reprints in one
Source); the documents are made up here.

Every expected string was written from the rules before the code ran:
- the volume and its book are not part of the title: Chicago "vol. 5, bk. 2" (CMOS 14.117),
  MLA "vol. 5, book 2", in arabic numerals ("Volume III" → "vol. 3");
- a range of years or dates in a title prints with an en dash ("1939–1945", "1946–February
  1950"); hyphens inside words and identifiers stay ("Sino-Soviet", "f. R-9401");
- no place of publication when the publisher is named (CMOS 18, MLA 9): "(ROSSPEN, 2003)";
  a place with no publisher named stands in for it: "(Moscow, 1999)";
- a journal (an issue or volume number, no publisher or editor) prints in journal form:
  Chicago "reprinted in *Istochnik*, no. 4 (1996): 121–23", MLA "Reprinted in *Istochnik*,
  no. 4, 1996, pp. 121–23";
- page ranges shortened by each manual's rule (Chicago and MLA 121–23, 88–90);
- a romanized title keeps the capitals the source gave (never title- or sentence-cased);
- a second reprint follows the first: "…, 88–90; reprinted in …".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archcite.model.archives import default_registry
from archcite.model.record import derive_archive_fields
from archcite.render.engine import render
from archcite.sources.publications import parse_publication
from archcite.sources.wilson import record_from_citation
from tests.helpers import run_cli

REG = default_registry()
DIGITAL = "History and Public Policy Program Digital Archive, Wilson Center"
HEAD = ('"Cable, Roshchin to Filippov [Stalin]," April 3, 1950, History and Public Policy '
        "Program Digital Archive, APRF, f. 45, op. 1, d. 334, ll. 12-14. ")
NOTE_HEAD = ("Roshchin to Filippov [Stalin], cable, April 3, 1950, APRF, f. 45, op. 1, d. 334, "
             "ll. 12–14")
BIB_HEAD = ("Roshchin. Cable to Filippov [Stalin], April 3, 1950. APRF, f. 45, op. 1, d. 334, "
            "ll. 12–14")
MLA_HEAD = ("Roshchin. Cable to Filippov [Stalin]. 3 Apr. 1950. Archive of the President of the "
            "Russian Federation, fond 45, opis 1, delo 334, listy 12–14")
MLA_HEAD_TRANS = ("Roshchin. Cable to Filippov [Stalin]. Translated by Gary Goldberg, 3 Apr. 1950. "
                  "Archive of the President of the Russian Federation, fond 45, opis 1, delo 334, "
                  "listy 12–14")

BOOK_ED_BY = ("Reprinted in Kholodnaia voina i Koreia, ed. by A. V. Torkunov (Moscow: ROSSPEN, "
              "2003), pp. 88-90.")
JOURNAL = "Reprinted in Istochnik, no. 4 (1996), pp. 121-123."


def cited(source: str) -> dict[str, Any]:
    record = record_from_citation(HEAD + source, REG)
    record["id"] = "roshchin1950cable"
    derive_archive_fields(record, REG)
    return record


def one(record: dict[str, Any], style: str = "chicago", form: str | None = None,
        fmt: str = "text") -> str:
    form = form or ("bib" if style == "mla" else "note")
    [text] = render([record], style=style, form=form, fmt=fmt, registry=REG)
    return text


# --- reading: the publication's fields ------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "title", "volume", "part"),
    [
        ("Sbornik, Vol. 5, Book 1, 1946-February 1950 (Moscow: Nauka, 2005), p. 3",
         "Sbornik, 1946-February 1950", "5", "1"),
        ("Dokumenty vneshnei politiki SSSR, vol. 22, book 1 (Moscow: Mezhdunarodnye "
         "otnosheniia, 1992), pp. 215-17", "Dokumenty vneshnei politiki SSSR", "22", "1"),
        ("Russko-kitaiskie otnosheniia v XX veke, T. 4 (Moscow: Pamiatniki istoricheskoi "
         "mysli, 2000), p. 12", "Russko-kitaiskie otnosheniia v XX veke", "4", None),
        ("Sovetskii Soiuz i Vengriia, Tom 2, kn. 1 (Moscow: ROSSPEN, 1998), 40",
         "Sovetskii Soiuz i Vengriia", "2", "1"),
        ("Dokumenty i materialy, Volume III (Berlin: Dietz, 1959), 17",
         "Dokumenty i materialy", "III", None),
        ("Vneshniaia politika, 1939-1945, Part 2 (Moscow: Politizdat, 1985), 9",
         "Vneshniaia politika, 1939-1945", None, "2"),
        # no volume: the title is kept whole, hyphens and all
        ("Partiinaia zhizn' i Sino-Soviet Relations, 1950-1955 (Moscow: Nauka, 2001), 5",
         "Partiinaia zhizn' i Sino-Soviet Relations, 1950-1955", None, None),
    ])
def test_the_volume_and_book_in_a_title_are_read_out_of_it(
        text: str, title: str, volume: str | None, part: str | None) -> None:
    publication = parse_publication(text)
    assert publication["container-title"] == title
    assert publication.get("volume") == volume
    assert publication.get("part") == part


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Istochnik, no. 4 (1996), pp. 121-123",
         {"container-title": "Istochnik", "issue": "4", "page": "121-123"}),
        ("Vestnik Arkhiva Prezidenta Rossiiskoi Federatsii, No. 3 (1995): 44",
         {"container-title": "Vestnik Arkhiva Prezidenta Rossiiskoi Federatsii", "issue": "3",
          "page": "44"}),
        ("Cold War International History Project Bulletin, Issue 6-7 (1996), p. 59",
         {"container-title": "Cold War International History Project Bulletin", "issue": "6-7",
          "page": "59"}),
        ("Novaia i noveishaia istoriia, vol. 3, no. 2 (2003): 10-12",
         {"container-title": "Novaia i noveishaia istoriia", "volume": "3", "issue": "2",
          "page": "10-12"}),
        ("Istochnik 2 (2001): 10-14", {"container-title": "Istochnik", "volume": "2",
                                        "page": "10-14"}),
    ])
def test_a_journal_s_issue_and_volume_are_read(text: str, expected: dict[str, Any]) -> None:
    publication = parse_publication(text)
    assert {k: publication.get(k) for k in expected} == expected
    assert "publisher" not in publication and "editor" not in publication


def test_a_book_with_a_publisher_named_no_is_no_journal() -> None:
    # a number in a book's title after its publisher is named stays in the title
    publication = parse_publication("Sbornik, no. 4 (Moscow: Nauka, 1999), p. 3")
    assert "issue" not in publication


def test_a_reprint_sentence_stays_in_note_for_other_tools() -> None:
    record = cited(f"{BOOK_ED_BY} {JOURNAL} Translated by Gary Goldberg.")
    assert record["note"] == f"{BOOK_ED_BY} {JOURNAL}"
    first, second = record["custom"]["reprints"]
    assert first["editor"] == [{"literal": "A. V. Torkunov"}]
    assert (first["container-title"], first["publisher"], first["page"]) == (
        "Kholodnaia voina i Koreia", "ROSSPEN", "88-90")
    assert (second["container-title"], second["issue"]) == ("Istochnik", "4")


# --- printing: Chicago note, short note, bibliography; MLA ---------------------------------

def test_a_book_edited_by_with_a_page_range() -> None:
    record = cited(f"{BOOK_ED_BY} Translated by Gary Goldberg.")
    assert one(record) == (
        f"{NOTE_HEAD}, reprinted in Kholodnaia voina i Koreia, ed. A. V. Torkunov (ROSSPEN, "
        f"2003), 88–90, trans. Gary Goldberg, {DIGITAL}.")
    assert one(record, form="short") == "Roshchin to Filippov [Stalin], April 3, 1950."
    assert one(record, form="bib") == (
        f"{BIB_HEAD}. Reprinted in Kholodnaia voina i Koreia, edited by A. V. Torkunov "
        f"(ROSSPEN, 2003), 88–90. Translated by Gary Goldberg. {DIGITAL}.")
    assert one(record, style="mla") == (
        f"{MLA_HEAD_TRANS}. Reprinted in Kholodnaia voina i Koreia, edited by A. V. Torkunov, "
        f"ROSSPEN, 2003, pp. 88–90. {DIGITAL}.")


def test_a_journal_numbered_by_issue_prints_in_journal_form() -> None:
    record = cited(JOURNAL)
    assert one(record) == f"{NOTE_HEAD}, reprinted in Istochnik, no. 4 (1996): 121–23, {DIGITAL}."
    assert one(record, form="bib") == (
        f"{BIB_HEAD}. Reprinted in Istochnik, no. 4 (1996): 121–23. {DIGITAL}.")
    assert one(record, style="mla") == (
        f"{MLA_HEAD}. Reprinted in Istochnik, no. 4, 1996, pp. 121–23. {DIGITAL}.")
    assert "reprinted in *Istochnik*, no. 4 (1996): 121–23," in one(record, fmt="markdown")
    assert "Reprinted in <i>Istochnik</i>, no. 4, 1996, pp. 121–23." in one(
        record, style="mla", fmt="html")


def test_a_journal_with_volume_and_issue() -> None:
    record = cited("Reprinted in Novaia i noveishaia istoriia, vol. 3, no. 2 (2003): 10-12.")
    assert (f"{NOTE_HEAD}, reprinted in Novaia i noveishaia istoriia 3, no. 2 (2003): 10–12, "
            f"{DIGITAL}.") == one(record)
    assert ("Reprinted in Novaia i noveishaia istoriia, vol. 3, no. 2, 2003, pp. 10–12."
            in one(record, style="mla"))


def test_a_volume_and_book_with_a_date_span_in_the_title() -> None:
    record = cited("Reprinted in Sovetsko-Amerikanskie Otnosheniia, Tom 2, kn. 1, "
                   "1939-1945 (Moscow: Materik, 2004), p. 655.")
    # the title keeps its capitals (never sentence-cased) and its span, with an en dash
    assert one(record) == (
        f"{NOTE_HEAD}, reprinted in Sovetsko-Amerikanskie Otnosheniia, 1939–1945, vol. 2, bk. 1 "
        f"(Materik, 2004), 655, {DIGITAL}.")
    assert one(record, form="bib") == (
        f"{BIB_HEAD}. Reprinted in Sovetsko-Amerikanskie Otnosheniia, 1939–1945, vol. 2, bk. 1 "
        f"(Materik, 2004), 655. {DIGITAL}.")
    assert one(record, style="mla") == (
        f"{MLA_HEAD}. Reprinted in Sovetsko-Amerikanskie Otnosheniia, 1939–1945, vol. 2, book 1, "
        f"Materik, 2004, p. 655. {DIGITAL}.")
    assert "Otnosheniia, 1939--1945}, vol. 2, bk. 1 (Materik, 2004), 655" in one(
        record, fmt="latex")


def test_a_roman_volume_prints_in_arabic_numerals() -> None:
    record = cited("Reprinted in Dokumenty i materialy, Volume III (Berlin: Dietz, 1959), 17.")
    assert "reprinted in Dokumenty i materialy, vol. 3 (Dietz, 1959), 17," in one(record)
    assert "Reprinted in Dokumenty i materialy, vol. 3, Dietz, 1959, p. 17." in one(
        record, style="mla")


def test_a_place_with_no_publisher_stands_in_for_it() -> None:
    record = cited("Reprinted in Sbornik dokumentov (Moscow, 1999), p. 7.")
    assert f"{NOTE_HEAD}, reprinted in Sbornik dokumentov (Moscow, 1999), 7, {DIGITAL}." == \
        one(record)
    assert "Reprinted in Sbornik dokumentov, Moscow, 1999, p. 7." in one(record, style="mla")


def test_two_reprints_in_one_source_print_in_order() -> None:
    record = cited(f"{BOOK_ED_BY} {JOURNAL}")
    assert one(record) == (
        f"{NOTE_HEAD}, reprinted in Kholodnaia voina i Koreia, ed. A. V. Torkunov (ROSSPEN, "
        f"2003), 88–90; reprinted in Istochnik, no. 4 (1996): 121–23, {DIGITAL}.")
    assert one(record, form="bib") == (
        f"{BIB_HEAD}. Reprinted in Kholodnaia voina i Koreia, edited by A. V. Torkunov "
        f"(ROSSPEN, 2003), 88–90; reprinted in Istochnik, no. 4 (1996): 121–23. {DIGITAL}.")
    assert one(record, style="mla") == (
        f"{MLA_HEAD}. Reprinted in Kholodnaia voina i Koreia, edited by A. V. Torkunov, "
        f"ROSSPEN, 2003, pp. 88–90; reprinted in Istochnik, no. 4, 1996, pp. 121–23. {DIGITAL}.")
    # the other order: the journal first, the book after it, each in its own form
    record = cited(f"{JOURNAL} {BOOK_ED_BY}")
    assert one(record) == (
        f"{NOTE_HEAD}, reprinted in Istochnik, no. 4 (1996): 121–23; reprinted in Kholodnaia "
        f"voina i Koreia, ed. A. V. Torkunov (ROSSPEN, 2003), 88–90, {DIGITAL}.")
    assert one(record, style="mla") == (
        f"{MLA_HEAD}. Reprinted in Istochnik, no. 4, 1996, pp. 121–23; reprinted in Kholodnaia "
        f"voina i Koreia, edited by A. V. Torkunov, ROSSPEN, 2003, pp. 88–90. {DIGITAL}.")


@pytest.mark.parametrize("source", [
    "Reprinted in V. S. Miasnikov and G. N. Sevostianov, comps., Sovetsko-amerikanskie "
    "otnosheniia, 1939-1945 (Moscow: Materik, 2004), 655.",
    "Reprinted in Sovetsko-amerikanskie otnosheniia, 1939-1945, comp. V. S. Miasnikov and "
    "G. N. Sevostianov (Moscow: Materik, 2004), 655.",
    "Reprinted in Sovetsko-amerikanskie otnosheniia, 1939-1945, compiled by V. S. Miasnikov and "
    "G. N. Sevostianov (Moscow: Materik, 2004), 655.",
])
def test_compilers_keep_their_role(source: str) -> None:
    record = cited(source)
    [reprint] = record["custom"]["reprints"]
    assert reprint["compiler"] == [{"literal": "V. S. Miasnikov"},
                                   {"literal": "G. N. Sevostianov"}]
    assert "editor" not in reprint
    title = "Sovetsko-amerikanskie otnosheniia, 1939–1945"
    names = "V. S. Miasnikov and G. N. Sevostianov"
    assert one(record) == (
        f"{NOTE_HEAD}, reprinted in {title}, comp. {names} (Materik, 2004), 655, {DIGITAL}.")
    assert one(record, form="bib") == (
        f"{BIB_HEAD}. Reprinted in {title}, compiled by {names} (Materik, 2004), 655. "
        f"{DIGITAL}.")
    assert one(record, style="mla") == (
        f"{MLA_HEAD}. Reprinted in {title}, compiled by {names}, Materik, 2004, p. 655. "
        f"{DIGITAL}.")


def test_a_compiler_marked_before_the_names_ends_no_sentence() -> None:
    # "comp. V. Petrov": the abbreviation's period is not the end of the Source's sentence
    record = cited("Reprinted in Sbornik, comp. V. Petrov, T. 1 (Moscow: Nauka, 1990), 4.")
    assert "reprinted in Sbornik, comp. V. Petrov, vol. 1 (Nauka, 1990), 4," in one(record)
    assert record["note"] == "Reprinted in Sbornik, comp. V. Petrov, T. 1 (Moscow: Nauka, 1990), 4."


def test_a_bulletin_issue_dated_by_season() -> None:
    record = cited("Reprinted in Cold War International History Project Bulletin, Issue 6-7 "
                   "(Winter 1995/1996), p. 59.")
    assert one(record) == (
        f"{NOTE_HEAD}, reprinted in Cold War International History Project Bulletin, no. 6–7 "
        f"(Winter 1995/1996): 59, {DIGITAL}.")
    mla = one(record, style="mla")
    assert "Reprinted in Cold War International History Project Bulletin, no. 6–7, " in mla
    assert "1995/1996, p. 59." in mla


def test_a_hyphen_inside_an_identifier_or_word_stays() -> None:
    record = record_from_citation(
        '"Report, Beria to Malenkov," June 10, 1953, History and Public Policy Program Digital '
        "Archive, GARF, f. R-9401, op. 2, d. 64, ll. 12-14. Reprinted in Sino-Soviet Relations, "
        "1950-1955, Vol. 1 (Moscow: Nauka, 2001), p. 5.", REG)
    record["id"] = "beria1953report"
    derive_archive_fields(record, REG)
    note = one(record)
    assert "f. R-9401" in note and "ll. 12–14" in note
    assert "reprinted in Sino-Soviet Relations, 1950–1955, vol. 1 (Nauka, 2001), 5" in note


def test_a_reprint_stored_with_its_volume_in_the_title_prints_the_same() -> None:
    # a record written before the volume was read out of the title prints as a new one
    record = cited("Reprinted in Sovetsko-Amerikanskie Otnosheniia, Tom 2, kn. 1, "
                   "1939-1945 (Moscow: Materik, 2004), p. 655.")
    new = one(record)
    [reprint] = record["custom"]["reprints"]
    reprint["container-title"] = "Sovetsko-Amerikanskie Otnosheniia, Tom 2, kn. 1, 1939-1945"
    del reprint["volume"], reprint["part"]
    assert one(record) == new
    assert "Otnosheniia, 1939–1945, vol. 2, book 1, Materik" in one(record, style="mla")


# --- a saved page, through the command line ------------------------------------------------

def test_a_saved_page_s_reprint_through_cite(wilson_dir: Path, tmp_path: Path) -> None:
    library = tmp_path / "library"
    run_cli(library, "add", str(wilson_dir / "110296.txt"))
    record = run_cli(library, "show", "stalin1947cable", "--json").output
    assert "Vol. 5, Book 1" in record  # the note keeps the Source's sentence as written
    head = ("Stalin [Kuznetsov] to Mao Zedong [via Terebin], cable, December 16, 1947, APRF, "
            "f. 39, op. 1, d. 31, l. 25")
    reprint = ("Andrei Ledovskii, Raisa Mirovitskaia, and Vladimir Miasnikov, Sovetsko-Kitaiskie "
               "Otnosheniia, 1946–February 1950")
    tail = (f"{DIGITAL}, https://digitalarchive.wilsoncenter.org/document/110296.")
    assert run_cli(library, "cite", "stalin1947cable").output.strip() == (
        f"{head}, reprinted in {reprint}, vol. 5, bk. 1 (Pamiatniki Istoricheskoi Mysli, 2005), "
        f"378, trans. Sergey Radchenko, {tail}")
    assert run_cli(library, "cite", "stalin1947cable", "-f", "short").output.strip() == (
        "Stalin [Kuznetsov] to Mao Zedong [via Terebin], December 16, 1947.")
    assert run_cli(library, "cite", "stalin1947cable", "--form", "bib").output.strip() == (
        "Stalin [Kuznetsov]. Cable to Mao Zedong [via Terebin], December 16, 1947. APRF, f. 39, "
        f"op. 1, d. 31, l. 25. Reprinted in {reprint}, vol. 5, bk. 1 (Pamiatniki Istoricheskoi "
        "Mysli, 2005), 378. Translated by Sergey Radchenko. History and Public Policy Program "
        "Digital Archive, Wilson Center. https://digitalarchive.wilsoncenter.org/document/110296.")
    assert run_cli(library, "cite", "stalin1947cable", "--style", "mla").output.strip() == (
        "Stalin [Kuznetsov]. Cable to Mao Zedong [via Terebin]. Translated by Sergey Radchenko, "
        "16 Dec. 1947. Archive of the President of the Russian Federation, fond 39, opis 1, "
        f"delo 31, list 25. Reprinted in {reprint}, vol. 5, book 1, Pamiatniki Istoricheskoi "
        f"Mysli, 2005, p. 378. {DIGITAL}, digitalarchive.wilsoncenter.org/document/110296.")
