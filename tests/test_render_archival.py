"""archcite's own styles on the long tail of archival documents (issue 10, rendering half).

Twelve documents in the record shape of ARCHIVAL-CITATIONS.md section 1 as it now stands:
``number`` is the document's own number, the Wilson Record ID is ``custom["record-id"]``, a plain
letter stores no genre, several senders are several names, an intermediary ("via X") stays inside
its party's name, a reprint is a published collection beside the holdings
(``custom["reprints"]``, CSL container fields: ``container-title``, ``editor``, ``volume``,
``publisher``, ``publisher-place``, ``issued``, ``page``), a quoted subject is the ``title`` with
the heading kept in ``custom["heading"]``, provenance is in ``note``. The documents are realistic
but made up here (no example of the issue or the spec is reused as the only case).

Every expected string below was written from the rules (CMOS 18, MLA 9, the spec's sections
4 and 6) before the code ran:
- Chicago note: "Sender to Recipient, kind no. N, date, archive, levels, reprint, trans., digital
  archive, URL."; a pinpoint narrows the holding whose leaves contain it, else the first.
- Chicago short note: parties and date (a pinpoint after the date); a document with no parties:
  its heading cut to at most five words, no leading article, never inside a name, not ending on
  a connective.
- MLA works cited: "Sender. Kind no. N to Recipient. Date. Archive in English, spelled-out levels.
  Reprint. *Database*, Publisher, URL without https://."
"""

from __future__ import annotations

from typing import Any

import pytest

from archcite.model.archives import default_registry
from archcite.model.holdings import holdings_of
from archcite.model.record import derive_archive_fields, validate_record
from archcite.render.engine import render, sort_key
from archcite.render.intext import intext_titles
from archcite.render.view import narrow_holdings, short_title

REG = default_registry()
DA = {"source": "History and Public Policy Program Digital Archive", "publisher": "Wilson Center"}
WILSON = "https://digitalarchive.wilsoncenter.org/document/"
DIGITAL = "History and Public Policy Program Digital Archive, Wilson Center"


def make(record_id: int | None = None, **fields: Any) -> dict[str, Any]:
    """A valid record as the store holds it; ``record_id`` adds the Wilson address and id."""
    record = dict(fields)
    if record_id is not None:
        record.update(DA, URL=f"{WILSON}{record_id}")
        record.setdefault("custom", {})["record-id"] = str(record_id)
    record = derive_archive_fields(record, REG)
    validate_record(record)
    return record


def lit(*names: str) -> list[dict[str, str]]:
    return [{"literal": n} for n in names]


def held(archive: str, *levels: tuple[str, str], reference: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"archive": archive}
    if levels:
        out["levels"] = [list(level) for level in levels]
    if reference:
        out["reference"] = reference
    return out


def one(record: dict[str, Any], style: str = "chicago", form: str | None = None,
        fmt: str = "text", locator: str | None = None, **kw: Any) -> str:
    [text] = render([record], style=style, form=form, fmt=fmt, locator=locator, registry=REG,
                    **kw)
    return text


# 1. A numbered ciphered telegram held in two archives, translated.
TELEGRAM = make(
    200001, id="roshchin1950ciphered", type="personal_communication",
    genre="ciphered telegram", number="3317",
    author=lit("Roshchin"), recipient=lit("Filippov [Stalin]"),
    issued={"date-parts": [[1950, 11, 2]]}, translator=lit("Gary Goldberg"),
    custom={"holdings": [
        held("APRF", ("fond", "45"), ("opis", "1"), ("delo", "335"), ("listy", "18-20")),
        held("RGASPI", ("fond", "558"), ("opis", "11"), ("delo", "335"), ("listy", "61-63")),
    ]},
)
# 2. Three senders, a plain letter (no genre stored).
THREE = make(
    200002, id="voroshilov1953cpsu", type="personal_communication",
    author=lit("K. Voroshilov", "N. Bulganin", "L. Kaganovich"),
    recipient=lit("CPSU CC Presidium"), issued={"date-parts": [[1953, 4, 7]]},
    custom={"holdings": [held("RGANI", ("fond", "5"), ("opis", "30"), ("delo", "4"),
                              ("listy", "12-13"))]},
)
# 3. A cable through an intermediary, reprinted in a document collection, translated, with
#    provenance in note.
REPRINTED = make(
    200003, id="filippov1949cable", type="personal_communication", genre="cable",
    author=lit("Filippov [Stalin]"), recipient=lit("Mao Zedong [via Kovalev]"),
    issued={"date-parts": [[1949, 1, 14]]}, translator=lit("Sergey Radchenko"),
    note="Obtained by the Cold War International History Project.",
    custom={"holdings": [held("APRF", ("fond", "39"), ("opis", "1"), ("delo", "31"),
                              ("list", "42"))],
            "reprints": [{
                "editor": lit("A. M. Ledovskii", "R. A. Mirovitskaia", "V. S. Miasnikov"),
                "container-title": "Sovetsko-kitaiskie otnosheniia", "volume": "5, bk. 2",
                "publisher-place": "Moscow", "publisher": "Pamiatniki istoricheskoi mysli",
                "issued": {"date-parts": [[2005]]}, "page": "17"}]},
)
# 4. A heading that names the kind of document, with no parties read from it.
NAMED_KIND = make(
    200004, id="cable1956hungarian", type="personal_communication", genre="cable",
    title="Cable from the Hungarian Legation in Moscow on Soviet Grain Deliveries",
    issued={"date-parts": [[1956, 10, 5]]}, translator=lit("Gergely Fejérdy"),
    custom={"holdings": [held("MOL", reference="XIX-J-1-k SZU, 12. doboz, 4/b, 00871/1956")]},
)
# 5. A memorandum of conversation with a long heading and no sender.
LONG_HEADING = make(
    200005, id="memorandum1956conversation", type="manuscript",
    title=("Memorandum of Conversation between Chairman Mao Zedong and Soviet Ambassador "
           "P. F. Iudin on the Question of Soviet Specialists in Chinese Industry"),
    issued={"date-parts": [[1956, 3, 31]]},
    custom={"holdings": [held("AVPRF", ("fond", "0100"), ("opis", "49"), ("papka", "410"),
                              ("delo", "9"), ("listy", "87-94"))]},
)
# 6. A letter with a quoted subject holding a quotation and apostrophes (straight in the data).
SUBJECT = make(
    200006, id="kim1949korean", type="personal_communication",
    author=lit("Kim Il Sung"), recipient=lit("T. F. Shtykov"),
    title="On the Korean Workers' Party's \"Three-Year Plan\"",
    issued={"date-parts": [[1949, 3, 14]]},
    custom={"heading": ("Letter, Kim Il Sung to T. F. Shtykov, 'On the Korean Workers' Party's "
                        "\"Three-Year Plan\"'"),
            "holdings": [held("AVPRF", ("fond", "059a"), ("opis", "1"), ("papka", "11"),
                              ("delo", "3"), ("list", "40"))]},
)
# 7. An airgram from an organisation, a hyphenated number, a reference ending in "D.C.", no
#    digital archive (a copy seen in the archive itself).
AIRGRAM = make(
    id="embassy1957airgram", type="manuscript", genre="airgram", number="A-417",
    author=lit("Embassy of the United States in Moscow"), recipient=lit("Department of State"),
    issued={"date-parts": [[1957, 9, 12]]},
    custom={"holdings": [held("NARA", reference=(
        "RG 59, Central Decimal File 1955–59, box 3021, Washington, D.C."))]},
)
# 8. A GOST-style GARF reference: a hyphen inside the fond, leaves with versos.
GARF_MEMO = make(
    200008, id="kruglov1950memorandum", type="manuscript", genre="memorandum",
    number="1147/k", author=lit("S. Kruglov"), recipient=lit("I. V. Stalin"),
    issued={"date-parts": [[1950, 5, 4]]},
    custom={"holdings": [held("GARF", ("fond", "R-9401"), ("opis", "2"), ("delo", "64"),
                              ("listy", "12-14ob"))]},
)
# 9. A second work by Roshchin (a report), for MLA in-text disambiguation.
REPORT = make(
    200009, id="roshchin1950report", type="manuscript", author=lit("Roshchin"),
    title="Report on the Military Situation in Northeast China",
    issued={"date-parts": [[1950, 12, 1]]},
    custom={"holdings": [held("AVPRF", ("fond", "0100"), ("opis", "43"), ("papka", "302"),
                              ("delo", "10"), ("listy", "5-19"))]},
)
# 10. A third: another ciphered telegram by Roshchin, to someone else.
TELEGRAM_ZHOU = make(
    200010, id="roshchin1951ciphered", type="personal_communication",
    genre="ciphered telegram", number="118", author=lit("Roshchin"),
    recipient=lit("Zhou Enlai"), issued={"date-parts": [[1951, 1, 9]]},
    custom={"holdings": [held("AVPRF", ("fond", "059a"), ("opis", "5a"), ("papka", "11"),
                              ("delo", "4"), ("list", "77"))]},
)
# 11. A Chinese record with a free reference and a page pinpoint, no sender.
CHINESE = make(
    200011, id="record1956premier", type="manuscript",
    title="Record of Premier Zhou Enlai's Conversation with the Burmese Ambassador",
    issued={"date-parts": [[1956, 7, 2]]}, translator=lit("Stephen Mercado"),
    custom={"holdings": [held("PRC FMA", reference="105-00051-07")]},
)
# 12. A letter in a Russian/Soviet reference with a second holding that holds the pinpoint.
GROMYKO = make(
    200012, id="gromyko1962letter", type="personal_communication",
    author=lit("A. Gromyko"), recipient=lit("N. S. Khrushchev"),
    issued={"date-parts": [[1962, 10, 23]]},
    custom={"holdings": [
        held("AVPRF", ("fond", "0129"), ("opis", "46"), ("papka", "345"), ("delo", "3"),
             ("listy", "1-4")),
        held("RGANI", ("fond", "3"), ("opis", "16"), ("delo", "947"), ("listy", "30-33")),
    ]},
)


EXPECTED: list[tuple[dict[str, Any], str, str, str]] = [
    (TELEGRAM,
     "Roshchin to Filippov [Stalin], ciphered telegram no. 3317, November 2, 1950, APRF, f. 45, "
     "op. 1, d. 335, ll. 18–20; RGASPI, f. 558, op. 11, d. 335, ll. 61–63, trans. Gary "
     f"Goldberg, {DIGITAL}, {WILSON}200001.",
     "Roshchin to Filippov [Stalin], November 2, 1950.",
     "Roshchin. Ciphered telegram no. 3317 to Filippov [Stalin]. Translated by Gary Goldberg, "
     "2 Nov. 1950. Archive of the President of the Russian Federation, fond 45, opis 1, "
     "delo 335, listy 18–20; Russian State Archive of Socio-Political History, fond 558, "
     f"opis 11, delo 335, listy 61–63. {DIGITAL}, digitalarchive.wilsoncenter.org/document/"
     "200001."),
    (THREE,
     "K. Voroshilov, N. Bulganin, and L. Kaganovich to CPSU CC Presidium, April 7, 1953, RGANI, "
     f"f. 5, op. 30, d. 4, ll. 12–13, {DIGITAL}, {WILSON}200002.",
     "K. Voroshilov, N. Bulganin, and L. Kaganovich to CPSU CC Presidium, April 7, 1953.",
     "K. Voroshilov et al. Letter to CPSU CC Presidium. 7 Apr. 1953. Russian State Archive of "
     f"Contemporary History, fond 5, opis 30, delo 4, listy 12–13. {DIGITAL}, "
     "digitalarchive.wilsoncenter.org/document/200002."),
    (REPRINTED,
     "Filippov [Stalin] to Mao Zedong [via Kovalev], cable, January 14, 1949, APRF, f. 39, "
     "op. 1, d. 31, l. 42, reprinted in Sovetsko-kitaiskie otnosheniia, ed. A. M. Ledovskii, "
     "R. A. Mirovitskaia, and V. S. Miasnikov, vol. 5, bk. 2 (Moscow: Pamiatniki istoricheskoi "
     f"mysli, 2005), 17, trans. Sergey Radchenko, {DIGITAL}, {WILSON}200003.",
     "Filippov [Stalin] to Mao Zedong [via Kovalev], January 14, 1949.",
     "Filippov [Stalin]. Cable to Mao Zedong [via Kovalev]. Translated by Sergey Radchenko, "
     "14 Jan. 1949. Archive of the President of the Russian Federation, fond 39, opis 1, "
     "delo 31, list 42. Reprinted in Sovetsko-kitaiskie otnosheniia, edited by A. M. Ledovskii, "
     "R. A. Mirovitskaia, and V. S. Miasnikov, vol. 5, bk. 2, Pamiatniki istoricheskoi mysli, "
     f"2005, p. 17. {DIGITAL}, digitalarchive.wilsoncenter.org/document/200003."),
    (NAMED_KIND,
     "Cable from the Hungarian Legation in Moscow on Soviet Grain Deliveries, October 5, 1956, "
     "MOL, XIX-J-1-k SZU, 12. doboz, 4/b, 00871/1956, trans. Gergely Fejérdy, "
     f"{DIGITAL}, {WILSON}200004.",
     "Cable from the Hungarian Legation, October 5, 1956.",
     "Cable from the Hungarian Legation in Moscow on Soviet Grain Deliveries. Translated by "
     "Gergely Fejérdy, 5 Oct. 1956. Hungarian National Archives, XIX-J-1-k SZU, 12. doboz, 4/b, "
     f"00871/1956. {DIGITAL}, digitalarchive.wilsoncenter.org/document/200004."),
    (LONG_HEADING,
     "Memorandum of Conversation between Chairman Mao Zedong and Soviet Ambassador P. F. Iudin "
     "on the Question of Soviet Specialists in Chinese Industry, March 31, 1956, AVPRF, "
     f"f. 0100, op. 49, papka 410, d. 9, ll. 87–94, {DIGITAL}, {WILSON}200005.",
     "Memorandum of Conversation, March 31, 1956.",
     "Memorandum of Conversation between Chairman Mao Zedong and Soviet Ambassador P. F. Iudin "
     "on the Question of Soviet Specialists in Chinese Industry. 31 Mar. 1956. Foreign Policy "
     "Archive of the Russian Federation, fond 0100, opis 49, papka 410, delo 9, listy 87–94. "
     f"{DIGITAL}, digitalarchive.wilsoncenter.org/document/200005."),
    (SUBJECT,
     "Kim Il Sung to T. F. Shtykov, “On the Korean Workers’ Party’s ‘Three-Year Plan,’” "
     "March 14, 1949, AVPRF, f. 059a, op. 1, papka 11, d. 3, l. 40, "
     f"{DIGITAL}, {WILSON}200006.",
     "Kim Il Sung to T. F. Shtykov, March 14, 1949.",
     "Kim Il Sung. “On the Korean Workers’ Party’s ‘Three-Year Plan.’” Letter to T. F. Shtykov. "
     "14 Mar. 1949. Foreign Policy Archive of the Russian Federation, fond 059a, opis 1, "
     f"papka 11, delo 3, list 40. {DIGITAL}, digitalarchive.wilsoncenter.org/document/200006."),
    (AIRGRAM,
     "Embassy of the United States in Moscow to Department of State, airgram no. A-417, "
     "September 12, 1957, NARA, RG 59, Central Decimal File 1955–59, box 3021, Washington, "
     "D.C.",
     "Embassy of the United States in Moscow to Department of State, September 12, 1957.",
     "Embassy of the United States in Moscow. Airgram no. A-417 to Department of State. "
     "12 Sept. 1957. National Archives and Records Administration, RG 59, Central Decimal "
     "File 1955–59, box 3021, Washington, D.C."),
    (GARF_MEMO,
     "S. Kruglov to I. V. Stalin, memorandum no. 1147/k, May 4, 1950, GARF, f. R-9401, op. 2, "
     f"d. 64, ll. 12–14ob., {DIGITAL}, {WILSON}200008.",
     "S. Kruglov to I. V. Stalin, May 4, 1950.",
     "S. Kruglov. Memorandum no. 1147/k to I. V. Stalin. 4 May 1950. State Archive of the "
     "Russian Federation, fond R-9401, opis 2, delo 64, listy 12–14 verso. "
     f"{DIGITAL}, digitalarchive.wilsoncenter.org/document/200008."),
    (REPORT,
     "Roshchin, Report on the Military Situation in Northeast China, December 1, 1950, AVPRF, "
     f"f. 0100, op. 43, papka 302, d. 10, ll. 5–19, {DIGITAL}, {WILSON}200009.",
     "Roshchin, Report on the Military Situation, December 1, 1950.",
     "Roshchin. Report on the Military Situation in Northeast China. 1 Dec. 1950. Foreign "
     "Policy Archive of the Russian Federation, fond 0100, opis 43, papka 302, delo 10, "
     f"listy 5–19. {DIGITAL}, digitalarchive.wilsoncenter.org/document/200009."),
    (TELEGRAM_ZHOU,
     "Roshchin to Zhou Enlai, ciphered telegram no. 118, January 9, 1951, AVPRF, f. 059a, "
     f"op. 5a, papka 11, d. 4, l. 77, {DIGITAL}, {WILSON}200010.",
     "Roshchin to Zhou Enlai, January 9, 1951.",
     "Roshchin. Ciphered telegram no. 118 to Zhou Enlai. 9 Jan. 1951. Foreign Policy Archive "
     "of the Russian Federation, fond 059a, opis 5a, papka 11, delo 4, list 77. "
     f"{DIGITAL}, digitalarchive.wilsoncenter.org/document/200010."),
    (CHINESE,
     "Record of Premier Zhou Enlai’s Conversation with the Burmese Ambassador, July 2, 1956, "
     f"PRC FMA, 105-00051-07, trans. Stephen Mercado, {DIGITAL}, {WILSON}200011.",
     "Record, July 2, 1956.",
     "Record of Premier Zhou Enlai’s Conversation with the Burmese Ambassador. Translated by "
     "Stephen Mercado, 2 July 1956. Archives of the Ministry of Foreign Affairs of the "
     "People’s Republic of China, 105-00051-07. "
     f"{DIGITAL}, digitalarchive.wilsoncenter.org/document/200011."),
    (GROMYKO,
     "A. Gromyko to N. S. Khrushchev, October 23, 1962, AVPRF, f. 0129, op. 46, papka 345, "
     f"d. 3, ll. 1–4; RGANI, f. 3, op. 16, d. 947, ll. 30–33, {DIGITAL}, {WILSON}200012.",
     "A. Gromyko to N. S. Khrushchev, October 23, 1962.",
     "A. Gromyko. Letter to N. S. Khrushchev. 23 Oct. 1962. Foreign Policy Archive of the "
     "Russian Federation, fond 0129, opis 46, papka 345, delo 3, listy 1–4; Russian State "
     "Archive of Contemporary History, fond 3, opis 16, delo 947, listy 30–33. "
     f"{DIGITAL}, digitalarchive.wilsoncenter.org/document/200012."),
]
IDS = [str(case[0]["id"]) for case in EXPECTED]


@pytest.mark.parametrize(("record", "note", "short", "mla"), EXPECTED, ids=IDS)
def test_chicago_note_short_note_and_mla_entry(record: dict[str, Any], note: str, short: str,
                                               mla: str) -> None:
    assert one(record) == note
    assert one(record, form="short") == short
    assert one(record, style="mla") == mla


# --- pinpoints narrow their holding -----------------------------------------------------------

@pytest.mark.parametrize(
    ("record", "locator", "expected"),
    [
        # the second holding's leaves contain the pinpoint: it narrows that one
        (TELEGRAM, "l. 62", "ll. 18–20; RGASPI, f. 558, op. 11, d. 335, l. 62, trans."),
        (TELEGRAM, "ll. 61-62", "ll. 18–20; RGASPI, f. 558, op. 11, d. 335, ll. 61–62, trans."),
        # the first holding's leaves contain it
        (TELEGRAM, "L. 19", "d. 335, l. 19; RGASPI, f. 558, op. 11, d. 335, ll. 61–63, trans."),
        # no holding's leaves contain it: the first holding's leaves are replaced
        (GROMYKO, "l. 90", "d. 3, l. 90; RGANI, f. 3, op. 16, d. 947, ll. 30–33, History"),
        (GROMYKO, "l. 31", "d. 3, ll. 1–4; RGANI, f. 3, op. 16, d. 947, l. 31, History"),
        # versos
        (GARF_MEMO, "l. 13ob", "f. R-9401, op. 2, d. 64, l. 13ob., History"),
        # a bare number in an archival reference is a leaf
        (REPRINTED, "42", "d. 31, l. 42, reprinted in"),
        # another label is kept as written, after a reference that has no leaf level
        (CHINESE, "p. 201", "PRC FMA, 105-00051-07, p. 201, trans. Stephen Mercado"),
        (CHINESE, "pp. 201-3", "PRC FMA, 105-00051-07, pp. 201–3, trans. Stephen Mercado"),
    ],
)
def test_pinpoint_narrows_its_holding(record: dict[str, Any], locator: str,
                                      expected: str) -> None:
    note = one(record, locator=locator)
    assert note.count(expected) == 1, note


def test_pinpoint_follows_the_date_in_short_notes_and_mla_in_text() -> None:
    assert one(TELEGRAM, form="short", locator="l. 62") == (
        "Roshchin to Filippov [Stalin], November 2, 1950, l. 62.")
    assert one(GARF_MEMO, form="short", locator="l. 13ob") == (
        "S. Kruglov to I. V. Stalin, May 4, 1950, l. 13ob.")
    assert one(LONG_HEADING, form="short", locator="l. 90") == (
        "Memorandum of Conversation, March 31, 1956, l. 90.")
    assert one(TELEGRAM, style="mla", form="intext", locator="l. 62") == "(Roshchin, list 62)"


def test_flat_fields_carry_further_holdings_in_division() -> None:
    # what another CSL tool gets: the first holding in archive/archive_location, the others in
    # division, which archcite's styles print after it (the official styles never do)
    assert GROMYKO["archive_location"] == "f. 0129, op. 46, papka 345, d. 3, ll. 1–4"
    assert GROMYKO["division"] == "RGANI, f. 3, op. 16, d. 947, ll. 30–33"
    flat = {k: v for k, v in GROMYKO.items() if k != "custom"}
    assert one(flat) == one(GROMYKO)


def test_a_csl_json_import_reads_division_back_as_holdings() -> None:
    import json

    from archcite.formats.importing import parse_csl_records

    flat = {k: v for k, v in GROMYKO.items() if k != "custom"}
    [record] = parse_csl_records(json.dumps([flat]), REG)
    assert [h.text("chicago", REG) for h in holdings_of(record)] == [
        "AVPRF, f. 0129, op. 46, papka 345, d. 3, ll. 1–4",
        "RGANI, f. 3, op. 16, d. 947, ll. 30–33"]


def test_narrow_holdings_keeps_the_other_holdings_untouched() -> None:
    holdings = holdings_of(TELEGRAM)
    narrowed = narrow_holdings(holdings, "l. 62")
    assert narrowed[0] == holdings[0]
    assert narrowed[1].levels[-1] == ("list", "62")
    assert narrowed[1].levels[:-1] == holdings[1].levels[:-1]
    assert narrow_holdings([], "l. 5") == []


def test_pinpoint_on_a_record_without_holdings_still_follows_the_note() -> None:
    # a record with flat archive fields only (no structured holdings): nothing to narrow
    flat = {**{k: v for k, v in GROMYKO.items() if k not in ("custom", "division")},
            "archive": "AVPRF",
            "archive_location": "f. 0129, op. 46, papka 345, d. 3, ll. 1–4"}
    assert one(flat, locator="l. 2").endswith(f"ll. 1–4, l. 2, {DIGITAL}, {WILSON}200012.")


# --- short notes are short --------------------------------------------------------------------

@pytest.mark.parametrize(
    ("title", "short"),
    [
        ("The Situation in the Far East", "Situation in the Far East"),
        ("Minutes of the Meeting of the Politburo of the CPSU CC", "Minutes of the Meeting"),
        ("Note on a Conversation with Comrade Kim Il Sung", "Note on a Conversation"),
        ("Telegram", "Telegram"),
        ("Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry",
         "Report, Embassy of Hungary"),
        ("Instructions to Soviet Ambassador A. I. Lavrent'ev", "Instructions"),
        ("A Short Record", "Short Record"),
    ],
)
def test_short_title_rule(title: str, short: str) -> None:
    assert short_title(title) == short
    assert len(short.split()) <= 5


def test_short_note_never_repeats_a_long_heading() -> None:
    for record, *_ in EXPECTED:
        text = one(record, form="short")
        assert len(text) < 100, text
        if record.get("title") and not record.get("author"):
            assert record["title"] not in text


# --- the kind of document, letters, quotes ----------------------------------------------------

def test_a_plain_letter_prints_no_kind_in_chicago_and_letter_in_mla() -> None:
    assert ", April 7, 1953," in one(THREE) and "letter" not in one(THREE).casefold()
    assert one(THREE, form="bib").startswith(
        "K. Voroshilov, N. Bulganin, and L. Kaganovich. Letter to CPSU CC Presidium, April 7")
    # a 0.1 record still storing genre "letter" reads the same before check --fix
    old = make(**{**{k: v for k, v in THREE.items() if not k.startswith("archive")},
                  "genre": "letter"})
    assert one(old) == one(THREE)


def test_the_kind_of_document_is_not_printed_twice() -> None:
    note = one(NAMED_KIND)
    assert note.casefold().count("cable") == 1
    # but a heading that does not name it gets it
    other = make(**{**{k: v for k, v in NAMED_KIND.items() if not k.startswith("archive")},
                    "title": "From the Hungarian Legation in Moscow"})
    assert one(other).startswith("From the Hungarian Legation in Moscow, cable, October 5, 1956")


def test_two_senders_take_no_serial_comma_three_do() -> None:
    two = make(**{**{k: v for k, v in THREE.items() if not k.startswith("archive")},
                  "author": lit("K. Voroshilov", "N. Bulganin")})
    assert one(two).startswith("K. Voroshilov and N. Bulganin to CPSU CC Presidium, April 7")
    several = make(**{**{k: v for k, v in THREE.items() if not k.startswith("archive")},
                      "recipient": lit("G. Malenkov", "N. Khrushchev", "V. Molotov")})
    assert "to G. Malenkov, N. Khrushchev, and V. Molotov, April 7" in one(several)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("text", "“On the Korean Workers’ Party’s ‘Three-Year Plan,’”"),
        ("html", "“On the Korean Workers’ Party’s ‘Three-Year Plan,’”"),
        ("markdown", "“On the Korean Workers’ Party’s ‘Three-Year Plan,’”"),
        ("latex", "``On the Korean Workers' Party's `Three-Year Plan,'''"),
    ],
)
def test_quotes_double_outside_single_inside_per_format(fmt: str, expected: str) -> None:
    assert expected in one(SUBJECT, fmt=fmt)


def test_quotes_never_touch_keys_urls_or_identifiers() -> None:
    record = make(**{**{k: v for k, v in AIRGRAM.items() if not k.startswith("archive")},
                     "number": "A-'417'", "URL": "https://example.org/a'b\"c"})
    note = one(record)
    assert "no. A-'417'" in note
    assert "https://example.org/a'b\"c" in note
    assert "https://example.org/a'b\"c" in one(record, fmt="latex")


def test_abbreviation_periods_survive_punctuation() -> None:
    # "D.C." ends the note: one period, not "D.C.."; "U.S.S.R." before ", trans." keeps its own
    assert one(AIRGRAM).endswith("Washington, D.C.")
    assert one(AIRGRAM, form="bib").endswith("box 3021, Washington, D.C.")
    ussr = make(**{**{k: v for k, v in CHINESE.items() if not k.startswith("archive")},
                   "custom": {"holdings": [held("RGAE", reference="Moscow, U.S.S.R.")],
                              "record-id": "200011"}})
    assert "RGAE, Moscow, U.S.S.R., trans. Stephen Mercado, History" in one(ussr)
    assert "Moscow, U.S.S.R. Translated by Stephen Mercado." in one(ussr, form="bib")


def test_a_legacy_record_id_in_number_is_not_a_document_number() -> None:
    legacy = {**{k: v for k, v in TELEGRAM.items() if k != "custom"},
              "custom": {"holdings": TELEGRAM["custom"]["holdings"]}, "number": "200001"}
    assert "ciphered telegram, November 2, 1950" in one(legacy)
    assert "no. 200001" not in one(legacy, style="mla")


def test_reprint_in_the_bibliography_and_in_markup() -> None:
    assert one(REPRINTED, form="bib") == (
        "Filippov [Stalin]. Cable to Mao Zedong [via Kovalev], January 14, 1949. APRF, f. 39, "
        "op. 1, d. 31, l. 42. Reprinted in Sovetsko-kitaiskie otnosheniia, edited by A. M. "
        "Ledovskii, R. A. Mirovitskaia, and V. S. Miasnikov, vol. 5, bk. 2 (Moscow: Pamiatniki "
        "istoricheskoi mysli, 2005), 17. Translated by Sergey Radchenko. "
        f"{DIGITAL}. {WILSON}200003.")
    assert "reprinted in *Sovetsko-kitaiskie otnosheniia*, ed." in one(REPRINTED, fmt="markdown")
    assert "reprinted in \\emph{Sovetsko-kitaiskie otnosheniia}, ed." in one(REPRINTED,
                                                                           fmt="latex")


def test_reprint_with_names_before_the_collection_title() -> None:
    # "Reprinted in A, B and C, Title (Place: Publisher, Year), p. N": unmarked names before
    # the title are the collection's authors (container-author), printed before it.
    custom = {**REPRINTED["custom"], "reprints": [{
        "container-author": lit("Irina Orlova", "Pavel Zimin"),
        "container-title": "Dokumenty po istorii Korei", "publisher-place": "Moscow",
        "publisher": "Nauka", "issued": {"date-parts": [[1998]]}, "page": "40-41"}]}
    record = make(**{**{k: v for k, v in REPRINTED.items() if not k.startswith("archive")},
                     "custom": custom})
    assert ", l. 42, reprinted in Irina Orlova and Pavel Zimin, Dokumenty po istorii Korei " \
           "(Moscow: Nauka, 1998), 40–41, trans. Sergey Radchenko," in one(record)
    assert "list 42. Reprinted in Irina Orlova and Pavel Zimin, Dokumenty po istorii Korei, " \
           "Nauka, 1998, pp. 40–41. History" in one(record, style="mla")


def test_every_reprint_prints() -> None:
    # CSL has one container per item; a second reprint follows the first, in the same shape.
    second = {"container-title": "Istochnik", "volume": "2", "issued": {"date-parts": [[2001]]},
              "page": "10-14"}
    custom = {**REPRINTED["custom"], "reprints": [*REPRINTED["custom"]["reprints"], second]}
    record = make(**{**{k: v for k, v in REPRINTED.items() if not k.startswith("archive")},
                     "custom": custom})
    assert "mysli, 2005), 17; reprinted in Istochnik, vol. 2 (2001), 10–14, trans. Sergey" \
        in one(record)
    assert "mysli, 2005), 17; reprinted in *Istochnik*, vol. 2 (2001), 10–14, trans." \
        in one(record, fmt="markdown")
    assert "17; reprinted in <i>Istochnik</i>, vol. 2 (2001), 10–14. Translated by" \
        in one(record, form="bib", fmt="html")


def test_malformed_publication_fields_are_left_out() -> None:
    bad = {"container-title": "Istochnik", "editor": "not a list", "issued": "2001",
           "container-author": [["x"]], "page": 7}
    custom = {**REPRINTED["custom"], "reprints": [bad, {"issued": {"date-parts": "x"}}, "x"]}
    record = make(**{**{k: v for k, v in REPRINTED.items() if not k.startswith("archive")},
                     "custom": custom})
    assert ", l. 42, reprinted in Istochnik, 7; reprinted in, trans." not in one(record)
    assert ", l. 42, reprinted in Istochnik, 7" in one(record)


def test_a_heading_that_names_sender_and_kind_is_the_description() -> None:
    # "Cable from the Hungarian Embassy in Beijing": the parser stores the sender, the kind and
    # custom["genre-in-title"]; the note prints the heading once, not "sender, cable".
    record = make(
        200013, id="embassy1960cable", type="personal_communication", genre="cable",
        author=lit("Hungarian Embassy in Beijing"),
        title="Cable from the Hungarian Embassy in Beijing",
        issued={"date-parts": [[1960, 8, 3]]},
        custom={"genre-in-title": True,
                "holdings": [held("MOL", reference="XIX-J-1-j Kína, 5. doboz")]})
    assert one(record) == (
        "Cable from the Hungarian Embassy in Beijing, August 3, 1960, MOL, XIX-J-1-j Kína, "
        f"5. doboz, {DIGITAL}, {WILSON}200013.")
    assert one(record, form="short") == "Cable from the Hungarian Embassy, August 3, 1960."
    assert one(record, form="bib").startswith(
        "Hungarian Embassy in Beijing. Cable, August 3, 1960. MOL, XIX-J-1-j Kína, 5. doboz.")


def test_a_published_source_is_cited_as_the_publication() -> None:
    # A document whose source is a published collection, with no holding.
    record = make(
        id="molotov1945letter", type="personal_communication",
        author=lit("V. Molotov"), recipient=lit("I. V. Stalin"),
        issued={"date-parts": [[1945, 5, 4]]},
        **{"container-title": "Sovetsko-amerikanskie otnosheniia, 1939–1945"},
        editor=lit("G. N. Sevost'ianov"), page="655",
        custom={"published-in": {
            "container-title": "Sovetsko-amerikanskie otnosheniia, 1939–1945",
            "editor": lit("G. N. Sevost'ianov"), "publisher": "Materik",
            "issued": {"date-parts": [[2004]]}, "page": "655"}})
    assert one(record) == (
        "V. Molotov to I. V. Stalin, May 4, 1945, in Sovetsko-amerikanskie otnosheniia, "
        "1939–1945, ed. G. N. Sevost’ianov (Materik, 2004), 655.")
    assert one(record, style="mla") == (
        "V. Molotov. Letter to I. V. Stalin. 4 May 1945. Sovetsko-amerikanskie otnosheniia, "
        "1939–1945, edited by G. N. Sevost’ianov, Materik, 2004, p. 655.")


# --- MLA in-text: two works of one author -----------------------------------------------------

def test_mla_in_text_adds_a_short_title_only_when_the_set_needs_it() -> None:
    assert one(TELEGRAM, style="mla", form="intext") == "(Roshchin)"
    out = render([TELEGRAM, REPORT], style="mla", form="intext", registry=REG)
    assert out == ["(Roshchin, Ciphered telegram)", "(Roshchin, Report on the Military Situation)"]
    out = render([TELEGRAM], style="mla", form="intext", registry=REG, locator="l. 19",
                 cited=[TELEGRAM, REPORT, THREE])
    assert out == ["(Roshchin, Ciphered telegram, list 19)"]
    # two telegrams of one author: the description names the recipient too
    out = render([TELEGRAM, TELEGRAM_ZHOU, REPORT], style="mla", form="intext", registry=REG)
    assert out == ["(Roshchin, Ciphered telegram to Filippov [Stalin])",
                   "(Roshchin, Ciphered telegram to Zhou Enlai)",
                   "(Roshchin, Report on the Military Situation)"]
    # a plain letter's description is "Letter"
    gromyko_report = make(**{**{k: v for k, v in REPORT.items() if not k.startswith("archive")},
                             "id": "gromyko1962report", "author": lit("A. Gromyko")})
    out = render([GROMYKO], style="mla", form="intext", registry=REG,
                 cited=[GROMYKO, gromyko_report])
    assert out == ["(A. Gromyko, Letter)"]


def test_intext_titles_api() -> None:
    titles = intext_titles([TELEGRAM], [TELEGRAM, REPORT, THREE, REPRINTED])
    assert titles == {"roshchin1950ciphered": "Ciphered telegram"}
    assert intext_titles([THREE], [THREE, REPRINTED]) == {}
    # the same record twice in the set is one work
    assert intext_titles([TELEGRAM], [TELEGRAM, TELEGRAM]) == {}


# --- bibliography order -----------------------------------------------------------------------

def test_bibliography_sorts_literal_personal_names_by_family_name() -> None:
    records = [TELEGRAM, THREE, REPRINTED, AIRGRAM, GARF_MEMO, SUBJECT, GROMYKO, NAMED_KIND]
    out = render(records, style="chicago", form="bib", registry=REG)
    heads = [line.split(". ")[0] for line in out]
    assert heads == [
        "Cable from the Hungarian Legation in Moscow on Soviet Grain Deliveries, October 5, 1956",
        "Embassy of the United States in Moscow",  # an organisation: by its first word
        "Filippov [Stalin]",                       # F, the name before the bracket
        "A",                                       # A. Gromyko under G
        "Kim Il Sung",                             # family-first: under K
        "S",                                       # S. Kruglov under K, after Kim
        "Roshchin",
        "K",                                       # K. Voroshilov et al. under V
    ]
    assert out[3].startswith("A. Gromyko. Letter to N. S. Khrushchev")
    assert out[5].startswith("S. Kruglov. Memorandum no. 1147/k to I. V. Stalin")
    assert out[7].startswith("K. Voroshilov, N. Bulganin, and L. Kaganovich.")
    assert sort_key(GROMYKO, "mla") < sort_key(GARF_MEMO, "mla") < sort_key(TELEGRAM, "mla")


# --- the cited set from the command line ------------------------------------------------------

def test_cite_mla_in_text_decides_from_the_keys_or_the_library(tmp_path: Any) -> None:
    from click.testing import CliRunner

    from archcite.cli.app import cli
    from archcite.library.store import Library

    library = tmp_path / "library"
    library.mkdir()
    lib = Library(library, REG)
    for record in (TELEGRAM, REPORT, THREE):
        lib.write(record)
    runner = CliRunner()

    def cite(*args: str) -> str:
        result = runner.invoke(cli, ["--library", str(library), "cite", "--style", "mla",
                                     "--form", "intext", *args],
                               env={"XDG_CACHE_HOME": str(tmp_path / "cache"),
                                    "XDG_DATA_HOME": str(tmp_path / "data")})
        assert result.exit_code == 0, result.output
        return result.stdout

    # one key: the library decides (it holds two works by Roshchin)
    assert cite("roshchin1950ciphered", "--locator", "l. 19") == (
        "(Roshchin, Ciphered telegram, list 19)\n")
    assert cite("voroshilov1953cpsu") == "(K. Voroshilov et al.)\n"
    # several keys: the keys given are the cited set
    assert cite("roshchin1950ciphered", "voroshilov1953cpsu") == (
        "(Roshchin)\n(K. Voroshilov et al.)\n")
    assert cite("roshchin1950ciphered", "roshchin1950report") == (
        "(Roshchin, Ciphered telegram)\n(Roshchin, Report on the Military Situation)\n")


# --- typography -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("straight", "curly"),
    [
        ("Stalin's", "Stalin’s"),
        ("sotsial'no-politicheskoi", "sotsial’no-politicheskoi"),
        ('the "plan"', "the “plan”"),
        ("in the '50s", "in the ’50s"),
        ("'Laos' said", "‘Laos’ said"),
        ('("quoted")', "(“quoted”)"),
        ("no quotes", "no quotes"),
    ],
)
def test_smarten(straight: str, curly: str) -> None:
    from archcite.render.typography import smarten

    assert smarten(straight) == curly


@pytest.mark.parametrize(
    ("text", "nested"),
    [
        ("“Report on “X” now”", "“Report on ‘X’ now”"),
        ("‘Laos’ said", "“Laos” said"),
        ("“a ‘b “c” b’ a”", "“a ‘b “c” b’ a”"),
        ("“The Workers’ Party’s “Plan””", "“The Workers’ Party’s ‘Plan’”"),
        ("no quotes, Stalin’s", "no quotes, Stalin’s"),
    ],
)
def test_nest_quotes(text: str, nested: str) -> None:
    from archcite.render.typography import nest_quotes

    assert nest_quotes(text) == nested


# --- citations of a document (render_citation, used by the Word converter) --------------------

def test_document_citations_follow_the_same_rules() -> None:
    from archcite.render.engine import CiteItem, render_citation

    first = render_citation([CiteItem(TELEGRAM, locator="l. 62")], registry=REG)
    assert "d. 335, ll. 18–20; RGASPI, f. 558, op. 11, d. 335, l. 62, trans." in first
    later = render_citation([CiteItem(LONG_HEADING, locator="l. 90", position="subsequent")],
                            registry=REG)
    assert later == "Memorandum of Conversation, March 31, 1956, l. 90."
    quoted = render_citation([CiteItem(SUBJECT)], registry=REG, fmt="latex")
    assert "``On the Korean Workers' Party's `Three-Year Plan,'''" in quoted
    # MLA: the document's cited set decides
    alone = render_citation([CiteItem(TELEGRAM)], style="mla", registry=REG)
    assert alone == "(Roshchin)"
    told = render_citation([CiteItem(TELEGRAM, locator="l. 19")], style="mla", registry=REG,
                           cited=[TELEGRAM, REPORT])
    assert told == "(Roshchin, Ciphered telegram, list 19)"


# --- MLA in-text: works with no author --------------------------------------------------------

def _unsigned(record_id: str, title: str, year: int, delo: str) -> dict[str, Any]:
    return make(id=record_id, type="manuscript", title=title,
                issued={"date-parts": [[year, 3, 2]]},
                custom={"holdings": [held("RGANI", ("fond", "3"), ("opis", "14"),
                                          ("delo", delo), ("listy", "1-9"))]})


UNSIGNED = [
    _unsigned("minutes1953presidium", "Minutes of the CPSU CC Presidium Session on Berlin",
              1953, "12"),
    _unsigned("minutes1956presidium", "Minutes of the CPSU CC Presidium Session on Hungary",
              1956, "58"),
    _unsigned("memo1962cuba", "Memorandum on the Situation in Cuba after the Blockade",
              1962, "501"),
    _unsigned("note1948", "Note", 1948, "7"),
]


def test_mla_in_text_names_a_work_without_author_by_its_short_title() -> None:
    """MLA 9: the title stands where the author would, shortened to its leading words (the
    works cited entry starts with the whole title, so the reader finds it)."""
    berlin, _hungary, cuba, note = UNSIGNED
    assert one(cuba, style="mla", form="intext") == "(Memorandum on the Situation)"
    assert one(cuba, style="mla", form="intext", locator="l. 3") == (
        "(Memorandum on the Situation, list 3)")
    assert one(note, style="mla", form="intext") == "(Note)"
    # more than five words: the cut never falls inside a name ("CPSU CC Presidium Session"),
    # and never ends on "of the"
    assert one(berlin, style="mla", form="intext", cited=[berlin, cuba]) == "(Minutes)"
    assert one(cuba, style="mla").startswith("Memorandum on the Situation in Cuba after the "
                                             "Blockade. 2 Mar. 1962.")


def test_two_works_without_author_sharing_a_short_title_print_their_titles() -> None:
    berlin, hungary, cuba, _note = UNSIGNED
    out = render([berlin, hungary, cuba], style="mla", form="intext", registry=REG)
    assert out == ["(Minutes of the CPSU CC Presidium Session on Berlin)",
                   "(Minutes of the CPSU CC Presidium Session on Hungary)",
                   "(Memorandum on the Situation)"]
    assert intext_titles([berlin], UNSIGNED) == {
        "minutes1953presidium": "Minutes of the CPSU CC Presidium Session on Berlin"}
    assert intext_titles([cuba], UNSIGNED) == {}
    # an author's works and unsigned ones never count together
    assert intext_titles([REPORT], [REPORT, *UNSIGNED]) == {}
