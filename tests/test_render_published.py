"""A document whose source is a publication is cited as the document "in" that publication.

One rendering owns the case, whichever way the record came: read from a page whose Source
names a book, collection or journal issue (the imprint kept in ``custom["published-in"]``, the
document's own date in ``issued``, the digital archive in ``source``/``publisher``), or
imported from the literature (the volume's ``publisher`` and year in ``issued``, the document's
date in ``original-date``). The records are made up in the shapes of real ones (other
languages, a translated edition, a multivolume collection, journal issues, several editors).

Every expected string was written from the rules before the code ran (CMOS 18, MLA 9, the
spec's sections 6 and 7):
- Chicago note: "Sender to Recipient, kind no. N, date, in *Publication*, vol., ed. A et al.
  (three or more editors), trans. (Publisher, Year), pages" — a pinpoint in place of the pages;
  a journal issue "in *Istochnik* 2 (2001): 10–14"; read in a digital archive: then the
  archive's translator, the archive, its address. The title of a publication a page names is
  printed as the page printed it (never title-cased: it is often not English).
- Chicago short note: parties (family names) or the description's short title, the date, the
  publication's main title with its volume ("*Istochnik* 2"), the pinpoint.
- Chicago bibliography: the volume (a book), or the document itself in a journal issue.
- MLA works cited: "Sender. Kind to Recipient. Translated by T, date. *Publication*, vol.,
  edited by A et al., Publisher, Year, pp. N. *Database*, Publisher, URL."
- MLA in-text: the author and page, "(Stalin 172)".
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from archcite.formats.export import export_records
from archcite.model.archives import default_registry
from archcite.model.record import derive_archive_fields, validate_record
from archcite.render.engine import render, sort_key
from archcite.render.literature import published_source_record
from archcite.sources.wilson import record_from_citation

REG = default_registry()
DA = {"source": "History and Public Policy Program Digital Archive", "publisher": "Wilson Center"}
WILSON = "https://digitalarchive.wilsoncenter.org/document/"
DIGITAL = "History and Public Policy Program Digital Archive, Wilson Center"


def make(record_id: int | None = None, **fields: Any) -> dict[str, Any]:
    """A valid record as the store holds it; ``record_id`` adds the Wilson address and id."""
    record = {k.replace("_", "-"): v for k, v in fields.items()}
    if record_id is not None:
        record.update(DA, URL=f"{WILSON}{record_id}", language="en")
        record.setdefault("custom", {})["record-id"] = str(record_id)
    record = derive_archive_fields(record, REG)
    validate_record(record)
    return record


def from_page(record_id: int | None = None, *, publication: dict[str, Any],
              **fields: Any) -> dict[str, Any]:
    """A record as the parser stores a document whose Source is a publication: the container
    fields as CSL variables too, the imprint in ``custom["published-in"]`` only."""
    flat = {k: publication[k] for k in ("container-title", "container-author", "editor",
                                        "volume", "page") if k in publication}
    return make(record_id, **fields, **flat, custom={"published-in": publication})


def lit(*names: str) -> list[dict[str, str]]:
    return [{"literal": n} for n in names]


def person(family: str, given: str) -> dict[str, str]:
    return {"family": family, "given": given}


def year(*parts: int) -> dict[str, Any]:
    return {"date-parts": [list(parts)]}


def one(record: dict[str, Any], style: str = "chicago", form: str | None = None,
        fmt: str = "text", locator: str | None = None) -> str:
    [text] = render([record], style=style, form=form, fmt=fmt, locator=locator, registry=REG)
    return text


# 1. Another language (German), read in the digital archive, translated there.
ULBRICHT = from_page(
    300001, id="ulbricht1961letter", type="personal_communication",
    author=lit("Walter Ulbricht"), recipient=lit("Nikita Khrushchev"),
    issued=year(1961, 1, 18), translator=lit("Hope M. Harrison"),
    publication={"container-title": ("DDR: Dokumente zur Geschichte der Deutschen "
                                     "Demokratischen Republik 1945–1985"),
                 "editor": lit("Hermann Weber"), "publisher": "Deutscher Taschenbuch Verlag",
                 "publisher-place": "Munich", "issued": year(1986), "page": "251-53"})
# 2. A translated edition, imported from the literature (structured names, three editors).
STALIN = make(
    id="stalin1929letter", type="personal_communication", language="en",
    author=[person("Stalin", "I. V.")], recipient=[person("Molotov", "V. M.")],
    original_date=year(1929, 9, 9), container_title="Stalin's Letters to Molotov, 1925–1936",
    editor=[person("Lih", "Lars T."), person("Naumov", "Oleg V."),
            person("Khlevniuk", "Oleg V.")],
    translator=[person("Fitzpatrick", "Catherine A.")], publisher="Yale University Press",
    issued=year(1995))
# 3. A multivolume collection with its volume and book; the telegram's own number.
TELEGRAM = from_page(
    300003, id="filippov1949ciphered", type="personal_communication",
    genre="ciphered telegram", number="4520",
    author=lit("Filippov [Stalin]"), recipient=lit("Mao Zedong"), issued=year(1949, 1, 14),
    publication={"container-title": "Sovetsko-kitaiskie otnosheniia",
                 "editor": lit("A. M. Ledovskii", "R. A. Mirovitskaia", "V. S. Miasnikov"),
                 "volume": "5, bk. 2", "publisher": "Pamiatniki istoricheskoi mysli",
                 "publisher-place": "Moscow", "issued": year(2005), "page": "17-19"})
# 4. A journal issue (a number, no publisher), read in the digital archive.
ISTOCHNIK = from_page(
    300004, id="beria1953memorandum", type="manuscript", genre="memorandum",
    author=lit("L. Beria"), recipient=lit("G. Malenkov"), issued=year(1953, 6, 10),
    translator=lit("Gary Goldberg"),
    publication={"container-title": "Istochnik", "volume": "2", "issued": year(2001),
                 "page": "10-14"})
# 5. A bulletin numbered by issue only; a document with no parties, cited without a database.
BULLETIN = from_page(
    id="record1959conversation", type="manuscript",
    title="Record of a Conversation between N. S. Khrushchev and Mao Zedong",
    issued=year(1959, 10, 2),
    publication={"container-title": "Cold War International History Project Bulletin",
                 "issue": "12/13", "issued": year(2001), "page": "262-70"})
# 6. An edited collection with several editors (the literature's shape, English).
PROTOCOL = make(
    id="protocol1956presidium", type="document", language="en",
    title="Protocol No. 45 of the Meeting of the CPSU CC Presidium",
    original_date=year(1956, 11, 1),
    container_title="The 1956 Hungarian Revolution: A History in Documents",
    editor=[person("Békés", "Csaba"), person("Byrne", "Malcolm"), person("Rainer", "János M.")],
    publisher="Central European University Press", issued=year(2002))


def test_another_language_read_in_the_digital_archive() -> None:
    title = "DDR: Dokumente zur Geschichte der Deutschen Demokratischen Republik 1945–1985"
    assert one(ULBRICHT) == (
        f"Walter Ulbricht to Nikita Khrushchev, January 18, 1961, in {title}, ed. Hermann "
        f"Weber (Deutscher Taschenbuch Verlag, 1986), 251–53, trans. Hope M. Harrison, "
        f"{DIGITAL}, {WILSON}300001.")
    assert one(ULBRICHT, locator="252") == (
        f"Walter Ulbricht to Nikita Khrushchev, January 18, 1961, in {title}, ed. Hermann "
        f"Weber (Deutscher Taschenbuch Verlag, 1986), 252, trans. Hope M. Harrison, "
        f"{DIGITAL}, {WILSON}300001.")
    assert one(ULBRICHT, form="short", locator="252") == (
        "Walter Ulbricht to Nikita Khrushchev, January 18, 1961, DDR, 252.")
    assert one(ULBRICHT, form="bib") == (
        f"Hermann Weber, ed. {title}. Deutscher Taschenbuch Verlag, 1986.")
    assert one(ULBRICHT, style="mla") == (
        f"Walter Ulbricht. Letter to Nikita Khrushchev. Translated by Hope M. Harrison, "
        f"18 Jan. 1961. {title}, edited by Hermann Weber, Deutscher Taschenbuch Verlag, 1986, "
        f"pp. 251–53. {DIGITAL}, digitalarchive.wilsoncenter.org/document/300001.")
    assert one(ULBRICHT, style="mla", form="intext", locator="252") == "(Walter Ulbricht 252)"


def test_the_database_is_mla_s_second_container_in_italics() -> None:
    assert one(ULBRICHT, style="mla", fmt="markdown").endswith(
        "pp. 251–53. *History and Public Policy Program Digital Archive*, Wilson Center, "
        "digitalarchive.wilsoncenter.org/document/300001.")
    assert "in *DDR: Dokumente" in one(ULBRICHT, fmt="markdown")


def test_a_translated_edition_with_three_editors() -> None:
    title = "Stalin’s Letters to Molotov, 1925–1936"
    assert one(STALIN, locator="172") == (
        f"I. V. Stalin to V. M. Molotov, September 9, 1929, in {title}, ed. Lars T. Lih et al., "
        f"trans. Catherine A. Fitzpatrick (Yale University Press, 1995), 172.")
    assert one(STALIN, form="short", locator="172") == (
        f"Stalin to Molotov, September 9, 1929, {title}, 172.")
    assert one(STALIN, form="bib") == (
        f"Lih, Lars T., Oleg V. Naumov, and Oleg V. Khlevniuk, eds. {title}. Translated by "
        f"Catherine A. Fitzpatrick. Yale University Press, 1995.")
    assert one(STALIN, style="mla") == (
        f"Stalin, I. V. Letter to V. M. Molotov. 9 Sept. 1929. {title}, edited by Lars T. Lih "
        f"et al., translated by Catherine A. Fitzpatrick, Yale UP, 1995.")
    assert one(STALIN, style="mla", form="intext", locator="172") == "(Stalin 172)"


def test_a_multivolume_collection_and_the_document_s_own_number() -> None:
    head = "Filippov [Stalin] to Mao Zedong"
    tail = f"{DIGITAL}, {WILSON}300003."
    assert one(TELEGRAM) == (
        f"{head}, ciphered telegram no. 4520, January 14, 1949, in Sovetsko-kitaiskie "
        f"otnosheniia, vol. 5, bk. 2, ed. A. M. Ledovskii et al. (Pamiatniki istoricheskoi "
        f"mysli, 2005), 17–19, {tail}")
    assert one(TELEGRAM, locator="18") == (
        f"{head}, ciphered telegram no. 4520, January 14, 1949, in Sovetsko-kitaiskie "
        f"otnosheniia, vol. 5, bk. 2, ed. A. M. Ledovskii et al. (Pamiatniki istoricheskoi "
        f"mysli, 2005), 18, {tail}")
    assert one(TELEGRAM, form="short", locator="18") == (
        f"{head}, January 14, 1949, Sovetsko-kitaiskie otnosheniia, vol. 5, bk. 2, 18.")
    assert one(TELEGRAM, form="bib") == (
        "A. M. Ledovskii, R. A. Mirovitskaia, and V. S. Miasnikov, eds. Sovetsko-kitaiskie "
        "otnosheniia. Vol. 5, bk. 2. Pamiatniki istoricheskoi mysli, 2005.")
    assert one(TELEGRAM, style="mla") == (
        "Filippov [Stalin]. Ciphered telegram no. 4520 to Mao Zedong. 14 Jan. 1949. "
        "Sovetsko-kitaiskie otnosheniia, vol. 5, bk. 2, edited by A. M. Ledovskii et al., "
        "Pamiatniki istoricheskoi mysli, 2005, pp. 17–19. "
        f"{DIGITAL}, digitalarchive.wilsoncenter.org/document/300003.")
    assert one(TELEGRAM, style="mla", form="intext", locator="18") == "(Filippov [Stalin] 18)"


def test_a_document_in_a_journal_issue() -> None:
    tail = f"{DIGITAL}, {WILSON}300004."
    assert one(ISTOCHNIK) == (
        f"L. Beria to G. Malenkov, memorandum, June 10, 1953, in Istochnik 2 (2001): 10–14, "
        f"trans. Gary Goldberg, {tail}")
    assert one(ISTOCHNIK, locator="12") == (
        f"L. Beria to G. Malenkov, memorandum, June 10, 1953, in Istochnik 2 (2001): 12, "
        f"trans. Gary Goldberg, {tail}")
    assert one(ISTOCHNIK, form="short", locator="12") == (
        "L. Beria to G. Malenkov, June 10, 1953, Istochnik 2, 12.")
    assert one(ISTOCHNIK, form="bib") == (
        "L. Beria. Memorandum to G. Malenkov, June 10, 1953. In Istochnik 2 (2001): 10–14. "
        f"Translated by Gary Goldberg. {DIGITAL}. {WILSON}300004.")
    assert one(ISTOCHNIK, style="mla") == (
        "L. Beria. Memorandum to G. Malenkov. Translated by Gary Goldberg, 10 June 1953. "
        "Istochnik, vol. 2, 2001, pp. 10–14. "
        f"{DIGITAL}, digitalarchive.wilsoncenter.org/document/300004.")
    assert one(ISTOCHNIK, style="mla", form="intext", locator="12") == "(L. Beria 12)"


def test_a_bulletin_numbered_by_issue_and_a_document_with_no_parties() -> None:
    heading = "Record of a Conversation between N. S. Khrushchev and Mao Zedong"
    bulletin = "Cold War International History Project Bulletin"
    assert one(BULLETIN) == f"{heading}, October 2, 1959, in {bulletin}, no. 12/13 (2001): 262–70."
    assert one(BULLETIN, form="short") == (
        f"Record of a Conversation, October 2, 1959, {bulletin}, no. 12/13.")
    assert one(BULLETIN, form="bib") == (
        f"{heading}, October 2, 1959. In {bulletin}, no. 12/13 (2001): 262–70.")
    assert one(BULLETIN, style="mla") == (
        f"{heading}. 2 Oct. 1959. {bulletin}, no. 12/13, 2001, pp. 262–70.")


def test_an_edited_collection_with_several_editors() -> None:
    title = "The 1956 Hungarian Revolution: A History in Documents"
    assert one(PROTOCOL, locator="307") == (
        f"Protocol No. 45 of the Meeting of the CPSU CC Presidium, November 1, 1956, in "
        f"{title}, ed. Csaba Békés et al. (Central European University Press, 2002), 307.")
    assert one(PROTOCOL, form="short", locator="307") == (
        "Protocol No. 45, November 1, 1956, The 1956 Hungarian Revolution, 307.")
    assert one(PROTOCOL, form="bib") == (
        f"Békés, Csaba, Malcolm Byrne, and János M. Rainer, eds. {title}. Central European "
        f"University Press, 2002.")
    assert one(PROTOCOL, style="mla") == (
        f"Protocol No. 45 of the Meeting of the CPSU CC Presidium. 1 Nov. 1956. {title}, "
        f"edited by Csaba Békés et al., Central European UP, 2002.")


def test_a_page_that_names_its_collection_is_cited_from_it() -> None:
    # the parser's record, from a citation string written here
    record = record_from_citation(
        "“Letter, Kim Il Sung to I. V. Stalin,” March 7, 1950, History and Public Policy "
        "Program Digital Archive, Published in Sovetskii Soiuz i Koreia, ed. A. V. Torkunov "
        "(Moscow: ROSSPEN, 2000), 55-56. Translated by Kathryn Weathersby. "
        "https://digitalarchive.wilsoncenter.org/document/300010", REG)
    record = derive_archive_fields({**record, "id": "kim1950letter"}, REG)
    assert one(record) == (
        "Kim Il Sung to I. V. Stalin, March 7, 1950, in Sovetskii Soiuz i Koreia, ed. A. V. "
        "Torkunov (ROSSPEN, 2000), 55–56, trans. Kathryn Weathersby, "
        f"{DIGITAL}, {WILSON}300010.")
    assert one(record, style="mla") == (
        "Kim Il Sung. Letter to I. V. Stalin. Translated by Kathryn Weathersby, 7 Mar. 1950. "
        "Sovetskii Soiuz i Koreia, edited by A. V. Torkunov, ROSSPEN, 2000, pp. 55–56. "
        f"{DIGITAL}, digitalarchive.wilsoncenter.org/document/300010.")


def test_the_stored_record_is_what_other_tools_see() -> None:
    # the literature's shape is the renderer's view only: the record and its export keep the
    # page's shape (issued is the document's date; publisher the digital archive's)
    before = copy.deepcopy(ULBRICHT)
    shaped = published_source_record(ULBRICHT)
    assert before == ULBRICHT
    assert shaped["original-date"] == year(1961, 1, 18) and shaped["issued"] == year(1986)
    assert shaped["publisher"] == "Deutscher Taschenbuch Verlag"
    assert published_source_record(shaped) == shaped  # once is enough
    [exported] = json.loads(export_records([ULBRICHT], "csl-json", REG))
    assert exported["issued"] == year(1961, 1, 18) and exported["publisher"] == "Wilson Center"
    assert exported["custom"]["published-in"]["publisher"] == "Deutscher Taschenbuch Verlag"


def test_documents_of_one_volume_list_it_once_and_sort_under_it() -> None:
    other = from_page(
        300002, id="khrushchev1961letter", type="personal_communication",
        author=lit("Nikita Khrushchev"), recipient=lit("Walter Ulbricht"),
        issued=year(1961, 1, 30),
        publication={**ULBRICHT["custom"]["published-in"], "page": "254"})
    out = render([ULBRICHT, other, STALIN], style="chicago", form="bib", registry=REG)
    assert len(out) == 2  # the Weber volume once, filed under W after Lih
    assert out[0].startswith("Lih, Lars T.") and out[1].startswith("Hermann Weber, ed.")
    assert sort_key(ULBRICHT, "chicago")[0] == "weber hermann"


# --- a reprint beside the holdings: printed once by archcite, carried in note for other tools --

REPRINT_CITATION = (
    "“Ciphered Telegram No. 317, Roshchin to Filippov [Stalin],” April 3, 1950, History and "
    "Public Policy Program Digital Archive, APRF, f. 45, op. 1, d. 334, ll. 12-14. Reprinted in "
    "Kholodnaia voina i Koreia, ed. A. V. Torkunov (Moscow: ROSSPEN, 2003), 88-90. Reprinted "
    "in Istochnik 4 (1996): 121-23. Obtained by Kathryn Weathersby. "
    "https://digitalarchive.wilsoncenter.org/document/300020")


def _reprinted() -> dict[str, Any]:
    record = record_from_citation(REPRINT_CITATION, REG)
    return derive_archive_fields({**record, "id": "roshchin1950ciphered"}, REG)


def test_exported_csl_json_carries_every_reprint_in_note() -> None:
    record = _reprinted()
    assert [p["container-title"] for p in record["custom"]["reprints"]] == [
        "Kholodnaia voina i Koreia", "Istochnik"]
    [exported] = json.loads(export_records([record], "csl-json", REG))
    # another CSL tool reads no custom: the reprints (and the provenance) are in note
    assert "Reprinted in Kholodnaia voina i Koreia" in exported["note"]
    assert "Reprinted in Istochnik 4 (1996): 121-23" in exported["note"]
    assert "Obtained by Kathryn Weathersby" in exported["note"]


def test_archcite_s_styles_print_each_reprint_once() -> None:
    record = _reprinted()
    for style, form in (("chicago", "note"), ("chicago", "bib"), ("mla", "bib")):
        text = one(record, style=style, form=form)
        assert text.count("Kholodnaia voina i Koreia") == 1, (style, form)
        assert text.count("Istochnik") == 1, (style, form)
        # one per reprint ("; reprinted in" continues the first); the note is never printed
        assert text.casefold().count("reprinted in") == 2, (style, form)
        assert "Obtained by" not in text  # provenance is the note's, not the citation's
    assert one(record).startswith(
        "Roshchin to Filippov [Stalin], ciphered telegram no. 317, April 3, 1950, APRF, f. 45, "
        "op. 1, d. 334, ll. 12–14, reprinted in Kholodnaia voina i Koreia, ed. A. V. Torkunov "
        "(Moscow: ROSSPEN, 2003), 88–90; reprinted in Istochnik")


NOTE_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><title>title and note</title><id>test-note</id>
    <updated>2026-11-30T00:00:00+00:00</updated></info>
  <citation><layout suffix="."><group delimiter=". ">
    <text variable="title"/><text variable="note"/>
  </group></layout></citation>
</style>
"""


def test_a_user_style_prints_the_reprint_from_note_once(tmp_path: Path) -> None:
    # a style that prints CSL's note (as annotated styles do) sees the reprint, once
    style = tmp_path / "with-note.csl"
    style.write_text(NOTE_STYLE, "utf-8")
    [text] = render([_reprinted()], style=str(style), form="note", fmt="text", registry=REG)
    assert text.count("Kholodnaia voina i Koreia") == 1
    assert text.count("Reprinted in Istochnik 4 (1996)") == 1


def test_a_published_letter_keeps_its_quoted_subject() -> None:
    # a subject read from the heading is the title; the note prints it after the parties
    record = from_page(
        300030, id="kim1949letter", type="personal_communication",
        author=lit("Kim Il Sung"), recipient=lit("T. F. Shtykov"),
        title="On the Three-Year Plan", issued=year(1949, 3, 14),
        publication={"container-title": "Sovetskii Soiuz i Koreia",
                     "editor": lit("A. V. Torkunov"), "publisher": "ROSSPEN",
                     "issued": year(2000), "page": "41"})
    record["custom"]["heading"] = "Letter, Kim Il Sung to T. F. Shtykov, 'On the Three-Year Plan'"
    assert one(record) == (
        "Kim Il Sung to T. F. Shtykov, “On the Three-Year Plan,” March 14, 1949, in Sovetskii "
        f"Soiuz i Koreia, ed. A. V. Torkunov (ROSSPEN, 2000), 41, {DIGITAL}, {WILSON}300030.")
    assert one(record, style="mla") == (
        "Kim Il Sung. “On the Three-Year Plan.” Letter to T. F. Shtykov. 14 Mar. 1949. "
        "Sovetskii Soiuz i Koreia, edited by A. V. Torkunov, ROSSPEN, 2000, p. 41. "
        f"{DIGITAL}, digitalarchive.wilsoncenter.org/document/300030.")


def test_a_malformed_publication_field_is_left_out() -> None:
    # custom is free-form: a publication field of the wrong shape never reaches the output
    record = make(
        300040, id="malformed1950letter", type="personal_communication",
        author=lit("A. Vyshinsky"), recipient=lit("Zhou Enlai"), issued=year(1950, 2, 14),
        container_title="Sovetsko-kitaiskie otnosheniia",
        custom={"published-in": {"container-title": "Sovetsko-kitaiskie otnosheniia",
                                 "publisher": "Materik", "issued": "2004", "volume": {"no": 5},
                                 "editor": "A. M. Ledovskii", "page": True}})
    assert one(record) == (
        "A. Vyshinsky to Zhou Enlai, February 14, 1950, in Sovetsko-kitaiskie otnosheniia "
        f"(Materik), {DIGITAL}, {WILSON}300040.")


def test_a_further_reprint_follows_the_publication_and_its_pinpoint() -> None:
    # Source: "Published in A …, 17-19. Reprinted in B …, 121-23.": A is the source, B follows
    record = copy.deepcopy(TELEGRAM)
    record["custom"]["reprints"] = [{
        "container-title": "Kholodnaia voina v Azii", "editor": lit("V. S. Miasnikov"),
        "publisher": "Nauka", "publisher-place": "Moscow", "issued": year(2011), "page": "44"}]
    shaped = published_source_record(record)
    assert published_source_record(shaped) == shaped  # its reprints are not a second source
    start = ("Filippov [Stalin] to Mao Zedong, ciphered telegram no. 4520, January 14, 1949, in "
             "Sovetsko-kitaiskie otnosheniia, vol. 5, bk. 2, ed. A. M. Ledovskii et al. "
             "(Pamiatniki istoricheskoi mysli, 2005), ")
    reprint = "reprinted in Kholodnaia voina v Azii, ed. V. S. Miasnikov (Moscow: Nauka, 2011), 44"
    assert one(record) == f"{start}17–19; {reprint}, {DIGITAL}, {WILSON}300003."
    assert one(record, locator="18") == f"{start}18; {reprint}, {DIGITAL}, {WILSON}300003."
    assert one(record, style="mla").endswith(
        "Pamiatniki istoricheskoi mysli, 2005, pp. 17–19; reprinted in Kholodnaia voina v Azii, "
        "edited by V. S. Miasnikov, Nauka, 2011, p. 44. "
        f"{DIGITAL}, digitalarchive.wilsoncenter.org/document/300003.")
