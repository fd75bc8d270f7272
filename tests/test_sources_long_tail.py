"""The long tail of real Wilson Center headings and Source fields (issue 10), case by case.

Every heading and Source string here is written for this test in the patterns real pages use
(several parties, a "to" inside a name, document numbers, quoted subjects, intermediaries,
reprints, provenance, published books as sources, translators' affiliations, document text
glued to the citation, impossible dates, mirror hosts); the expected values follow from the
rules of ARCHIVAL-CITATIONS.md §1 and §6, not from the program's output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archcite.errors import SourceError
from archcite.model.archives import load_registry
from archcite.sources.headings import parse_heading
from archcite.sources.reading import decode_source, read_source
from archcite.sources.wilson import record_from_citation, record_from_page

REGISTRY = load_registry()
DA = "History and Public Policy Program Digital Archive"


def cite(title: str, source: str, date: str = "May 12, 1953", url: str = "") -> dict[str, Any]:
    text = f"“{title},” {date}, {DA}, {source}{' ' + url if url else ''}"
    return record_from_citation(text, REGISTRY)


def literals(record: dict[str, Any], var: str) -> list[str]:
    return [n["literal"] for n in record.get(var, [])]


# ------------------------------------------------------------------ headings → parties etc.

# heading → (genre, senders, recipients, number, subject)
HEADINGS: list[tuple[str, tuple[str, list[str], list[str], str, str]]] = [
    # several senders, several recipients
    ("Telegram, V. Molotov, L. Beria and G. Malenkov to the Central Committee of the CCP",
     ("telegram", ["V. Molotov", "L. Beria", "G. Malenkov"],
      ["Central Committee of the CCP"], "", "")),
    ("Letter from Kim Il Sung and Pak Hon-yong to Stalin",
     ("letter", ["Kim Il Sung", "Pak Hon-yong"], ["Stalin"], "", "")),
    ("Cable, Zhou Enlai to Molotov, Vyshinsky, and Gromyko",
     ("cable", ["Zhou Enlai"], ["Molotov", "Vyshinsky", "Gromyko"], "", "")),
    ("Ulbricht, Grotewohl and Pieck to Khrushchev",
     ("", ["Ulbricht", "Grotewohl", "Pieck"], ["Khrushchev"], "", "")),
    # a party and its place, with no "and", is one party
    ("Cable from the Polish Embassy, Hanoi, to the Polish Foreign Ministry",
     ("cable", ["Polish Embassy, Hanoi"], ["Polish Foreign Ministry"], "", "")),
    # an organisation that coordinates inside its own name stays one name
    ("Report, Ministry of Industry and Agriculture to the Council of Ministers",
     ("report", ["Ministry of Industry and Agriculture"], ["Council of Ministers"], "", "")),
    # a "to" inside a name
    ("Report, Hungarian Envoy to Mongolia J. Kovács to the Hungarian Foreign Ministry",
     ("report", ["Hungarian Envoy to Mongolia J. Kovács"], ["Hungarian Foreign Ministry"],
      "", "")),
    ("Memorandum, Permanent Mission of Czechoslovakia to the United Nations to the "
     "Czechoslovak Foreign Ministry",
     ("memorandum", ["Permanent Mission of Czechoslovakia to the United Nations"],
      ["Czechoslovak Foreign Ministry"], "", "")),
    ("Letter, Ri Ju-yeon to the Chinese Ambassador to the DPRK",
     ("letter", ["Ri Ju-yeon"], ["Chinese Ambassador to the DPRK"], "", "")),
    ("Note, Bulgarian Delegation to the Warsaw Pact Meeting to Todor Zhivkov",
     ("note", ["Bulgarian Delegation to the Warsaw Pact Meeting"], ["Todor Zhivkov"], "", "")),
    # document numbers
    ("Ciphered Telegram No. 4417, Shtykov to Vyshinsky",
     ("ciphered telegram", ["Shtykov"], ["Vyshinsky"], "4417", "")),
    ("Memorandum No 03/58, Czechoslovak Embassy in Beijing to the Foreign Ministry",
     ("memorandum", ["Czechoslovak Embassy in Beijing"], ["Foreign Ministry"], "03/58", "")),
    ("Telegram Nº 118 from the Soviet Embassy in Hanoi to Gromyko",
     ("telegram", ["Soviet Embassy in Hanoi"], ["Gromyko"], "118", "")),
    ("Telegram from Roshchin to Filippov [Stalin], No. 2512",
     ("telegram", ["Roshchin"], ["Filippov [Stalin]"], "2512", "")),
    # quoted subjects
    ("Cable, Mao Zedong to Stalin, 'On the Question of Tibet'",
     ("cable", ["Mao Zedong"], ["Stalin"], "", "On the Question of Tibet")),
    ("Letter from Kádár to Khrushchev, “Regarding the Hungarian Delegation”",
     ("letter", ["Kádár"], ["Khrushchev"], "", "Regarding the Hungarian Delegation")),
    # intermediaries stay with their party
    ("Ciphered Telegram, Vasilevsky to Stalin [via Poskrebyshev]",
     ("ciphered telegram", ["Vasilevsky"], ["Stalin [via Poskrebyshev]"], "", "")),
    ("Telegram, Kim Il Sung (via Shtykov) to Filippov (Stalin)",
     ("telegram", ["Kim Il Sung [via Shtykov]"], ["Filippov [Stalin]"], "", "")),
    ("Cable, Liu Shaoqi to Kovalev via Orlov",
     ("cable", ["Liu Shaoqi"], ["Kovalev [via Orlov]"], "", "")),
    # "by" and "of" name the sender too
    ("Report by Hungarian Deputy Foreign Minister Péter Mód to the Politburo",
     ("report", ["Hungarian Deputy Foreign Minister Péter Mód"], ["Politburo"], "", "")),
    ("Letter of the SED Central Committee to the CPSU Central Committee",
     ("letter", ["SED Central Committee"], ["CPSU Central Committee"], "", "")),
    ("Minutes of the Meeting of the Romanian Politburo",
     ("minutes of the meeting", [], [], "", "")),
    # a kind of document named before the "to" describes the document: no parties
    ("Khrushchev's Speech to the Party Congress", ("", [], [], "", "")),
    # the kind of document with a sender and no recipient; no sender at all
    ("Dispatch from the Soviet Consulate in Dalian",
     ("dispatch", ["Soviet Consulate in Dalian"], [], "", "")),
    ("Record of Conversation from Ambassador Yudin's Meeting with Mao Zedong",
     ("record of conversation", [], [], "", "")),
]


@pytest.mark.parametrize(("heading", "expected"), HEADINGS, ids=[h for h, _ in HEADINGS])
def test_heading(heading: str, expected: tuple[str, list[str], list[str], str, str]) -> None:
    parsed = parse_heading(heading)
    assert (parsed.genre, parsed.senders, parsed.recipients, parsed.number,
            parsed.subject) == expected


def test_heading_parts_reach_the_record() -> None:
    record = cite("Ciphered Telegram No. 4417, Shtykov to Vyshinsky, 'On the Elections'",
                  "AVPRF, f. 059a, op. 5a, d. 3, papka 11, l. 45")
    assert record["number"] == "4417"
    assert record["title"] == "On the Elections"
    assert record["custom"]["heading"] == (
        "Ciphered Telegram No. 4417, Shtykov to Vyshinsky, 'On the Elections'")
    assert record["genre"] == "ciphered telegram"
    assert (literals(record, "author"), literals(record, "recipient")) == (
        ["Shtykov"], ["Vyshinsky"])


def test_a_plain_letter_stores_no_genre() -> None:
    record = cite("Letter, Mao Zedong to Stalin", "APRF, f. 45, op. 1, d. 330, l. 97")
    assert record["type"] == "personal_communication" and "genre" not in record
    record = cite("Report, Mao Zedong to Stalin", "APRF, f. 45, op. 1, d. 330, l. 97")
    assert record["genre"] == "report"


def test_a_heading_that_names_its_kind_says_so() -> None:
    record = cite("Dispatch from the Soviet Consulate in Dalian", "AVPRF, f. 0100, op. 46, d. 2")
    assert record["genre"] == "dispatch" and record["custom"]["genre-in-title"] is True
    assert literals(record, "author") == ["Soviet Consulate in Dalian"]
    # With a recipient the note says "Sender to Recipient, kind": nothing is repeated.
    record = cite("Dispatch, Soviet Consulate in Dalian to Moscow", "AVPRF, f. 0100, op. 46, d. 2")
    assert "genre-in-title" not in record["custom"]


# ----------------------------------------------------------- Source → holdings and the rest


def test_two_archives_level_by_level_in_the_source_order() -> None:
    record = cite("Cable, Kovalev to Filippov [Stalin]",
                  "RGANI, f. 5, op. 30, d. 163, ll. 88-91; and AVPRF, f. 0100, op. 47, "
                  "papka 379, d. 7, l. 12")
    assert record["custom"]["holdings"] == [
        {"archive": "RGANI", "levels": [["fond", "5"], ["opis", "30"], ["delo", "163"],
                                        ["listy", "88-91"]]},
        {"archive": "AVPRF", "levels": [["fond", "0100"], ["opis", "47"], ["papka", "379"],
                                        ["delo", "7"], ["list", "12"]]},
    ]


def test_a_hyphen_inside_a_fond_stays_and_verso_is_kept() -> None:
    record = cite("Memorandum, Kruglov to Malenkov", "GARF, f. R-5446, op. 1, d. 12, ll. 3-4ob.")
    assert record["custom"]["holdings"] == [
        {"archive": "GARF", "levels": [["fond", "R-5446"], ["opis", "1"], ["delo", "12"],
                                       ["listy", "3-4ob"]]}]


def test_reprint_in_a_bulletin_is_a_container_beside_the_holdings() -> None:
    record = cite("Ciphered Telegram, Roshchin to Filippov [Stalin]",
                  "APRF, f. 45, op. 1, d. 340, l. 7. Reprinted in Cold War International "
                  "History Project Bulletin 14/15 (Winter 2003-Spring 2004): 98-99. "
                  "Translated by Danny Rozas.")
    assert [h["archive"] for h in record["custom"]["holdings"]] == ["APRF"]
    assert record["custom"]["holdings"][0]["levels"][-1] == ["list", "7"]
    assert record["custom"]["reprints"] == [{
        "container-title": "Cold War International History Project Bulletin",
        "volume": "14/15", "issued": {"literal": "Winter 2003-Spring 2004"}, "page": "98-99"}]
    assert literals(record, "translator") == ["Danny Rozas"]
    assert "Reprinted in Cold War International History Project Bulletin" in record["note"]
    assert "container-title" not in record  # the document is held in an archive


def test_reprint_in_an_edited_collection() -> None:
    record = cite("Letter, Khrushchev to Mao Zedong",
                  "RGASPI, f. 17, op. 162, d. 1, l. 5. Reprinted in Dmitrii Volkogonov and "
                  "Iurii Afanas'ev, eds., Arkhivy Kremlia (Moscow: Rosspen, 1999), pp. 112-113.")
    assert record["custom"]["reprints"] == [{
        "editor": [{"literal": "Dmitrii Volkogonov"}, {"literal": "Iurii Afanas'ev"}],
        "container-title": "Arkhivy Kremlia", "publisher-place": "Moscow",
        "publisher": "Rosspen", "issued": {"date-parts": [[1999]]}, "page": "112-113"}]


def test_reprint_by_compilers_with_a_volume_in_the_title() -> None:
    record = cite("Cable, Kovalev to Filippov [Stalin]",
                  "APRF, f. 39, op. 1, d. 39, l. 10. Reprinted in Boris Kulik and Ivan "
                  "Kovalenko, Russko-kitaiskie otnosheniia, Vol. 2 (Moscow: Nauka, 2000), p. 91.")
    reprint = record["custom"]["reprints"][0]
    assert literals(reprint, "container-author") == ["Boris Kulik", "Ivan Kovalenko"]
    assert reprint["container-title"] == "Russko-kitaiskie otnosheniia, Vol. 2"
    assert (reprint["publisher-place"], reprint["publisher"], reprint["page"]) == (
        "Moscow", "Nauka", "91")


def test_provenance_is_never_part_of_a_shelfmark() -> None:
    record = cite("Ciphered Telegram, Malik to Gromyko",
                  "AVPRF, f. 0102, op. 11, papka 60, d. 3, l. 14, copy provided by Nobuo "
                  "Shimotomai. Translated by Gary Goldberg.")
    assert record["custom"]["holdings"] == [
        {"archive": "AVPRF", "levels": [["fond", "0102"], ["opis", "11"], ["papka", "60"],
                                        ["delo", "3"], ["list", "14"]]}]
    assert record["note"] == "Copy provided by Nobuo Shimotomai."
    assert literals(record, "translator") == ["Gary Goldberg"]


def test_several_provenance_sentences_go_to_the_note() -> None:
    record = cite("Report, Zhukov to Bulganin",
                  "TsAMO, f. 16, op. 3139, d. 14, l. 2. Contributed by Aleksei Filitov. "
                  "Obtained by Vladislav Zubok.")
    assert record["custom"]["holdings"] == [
        {"archive": "TsAMO", "levels": [["fond", "16"], ["opis", "3139"], ["delo", "14"],
                                        ["list", "2"]]}]
    assert record["note"] == "Contributed by Aleksei Filitov. Obtained by Vladislav Zubok."
    assert "Filitov" not in str(record["custom"]["holdings"])


def test_a_published_memoir_as_the_source_is_cited_as_that_book() -> None:
    record = cite("Memorandum of Conversation between Mao Zedong and Yudin",
                  "Nikolai Fedorenko, Kremlevskie vstrechi (Moscow: Novosti, 1991), pp. 44-46. "
                  "Translated by Steven Levine.")
    assert "holdings" not in record["custom"]
    assert record["custom"]["published-in"] == {
        "container-author": [{"literal": "Nikolai Fedorenko"}],
        "container-title": "Kremlevskie vstrechi", "publisher-place": "Moscow",
        "publisher": "Novosti", "issued": {"date-parts": [[1991]]}, "page": "44-46"}
    assert record["container-title"] == "Kremlevskie vstrechi"
    assert record["page"] == "44-46"
    assert record["issued"] == {"date-parts": [[1953, 5, 12]]}  # the document's date stays
    assert literals(record, "translator") == ["Steven Levine"]


def test_a_document_collection_named_by_a_publication_verb() -> None:
    record = cite("Directive, CPSU CC Presidium to Soviet Embassy in Budapest",
                  "Published in Sovetskii Soiuz i vengerskii krizis 1956 goda (Moscow: "
                  "Rosspen, 1998), 312.")
    assert "holdings" not in record["custom"]
    assert record["custom"]["published-in"]["container-title"] == (
        "Sovetskii Soiuz i vengerskii krizis 1956 goda")
    assert record["custom"]["published-in"]["page"] == "312"


@pytest.mark.parametrize(("credit", "names"), [
    ("Translated by Aleksandra Kowalska (University of Warsaw).", ["Aleksandra Kowalska"]),
    ("Translated by Piotr Nowak and Anna Wisniewska of the Polish Institute.",
     ["Piotr Nowak", "Anna Wisniewska"]),
    ("Translated by Mira Tanaka, Wilson Center.", ["Mira Tanaka"]),
])
def test_translators_without_their_affiliation(credit: str, names: list[str]) -> None:
    record = cite("Letter, Gomułka to Khrushchev", f"AAN, KC PZPR, 2619, k. 33. {credit}")
    assert literals(record, "translator") == names
    assert credit in record["note"]  # the affiliation is kept, in the note
    assert record["custom"]["holdings"] == [{"archive": "AAN", "reference": "KC PZPR, 2619, k. 33"}]


def test_abbreviation_periods_survive_the_end_of_a_holding() -> None:
    record = cite("Memorandum, Dobrynin to Gromyko", "Embassy records, Washington, D.C.")
    assert record["custom"]["holdings"] == [
        {"archive": "Embassy records", "reference": "Washington, D.C."}]


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(("date", "reason"), [
    ("September 31, 1962", "September 1962 has 30 days"),
    ("February 29, 1953", "February 1953 has 28 days"),
    ("1950-14-01", "there is no month 14"),
    ("0000-03-01", "there is no year 0"),  # the calendar check itself must not crash
    ("December 32, 1962", "December 1962 has 31 days"),
    ("June 0, 1962", "June 1962 has 30 days"),
    ("February 29, 1900", "February 1900 has 28 days"),  # a century year is not a leap year
])
def test_impossible_dates_are_refused_with_the_reason(date: str, reason: str) -> None:
    with pytest.raises(SourceError, match=reason) as info:
        cite("Cable, Mao Zedong to Stalin", "APRF, f. 45, op. 1, d. 330, l. 97", date=date)
    assert "\n" not in str(info.value)


def test_an_impossible_date_on_a_page_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("June 31, 1950\n\nCable, Zhou Enlai to Roshchin\n\nDocument Information\n\n"
                    "Source\n\nAPRF, f. 45, op. 1, d. 331, l. 5\n\nRecord ID\n\n118811\n", "utf-8")
    with pytest.raises(SourceError, match="June 1950 has 30 days"):
        record_from_page(read_source(page), REGISTRY)


# -------------------------------------------------------- document text never leaks in

LETTER_TEXT = (
    "Dear Comrade Stalin, we have received your telegram and discussed it at length with the "
    "members of the Political Bureau, who agree that the army should wait for the harvest "
    "before any movement is made across the river. ") * 6


def test_document_text_after_a_credit_is_not_citation_data() -> None:
    text = (f"“Letter, Mao Zedong to Stalin,” July 2, 1950, {DA}, APRF, f. 45, op. 1, d. 331, "
            f"ll. 79-82. Translated by Shen Zhihua. {LETTER_TEXT}")
    record = record_from_citation(text, REGISTRY)
    assert literals(record, "translator") == ["Shen Zhihua"]
    assert "note" not in record
    assert record["custom"]["holdings"][0]["levels"][-1] == ["listy", "79-82"]


def test_document_text_after_the_reference_is_not_citation_data() -> None:
    text = (f"“Cable, Zhou Enlai to Roshchin,” July 3, 1950, {DA}, AVPRF, f. 0100, op. 43, "
            f"d. 10, l. 14. {LETTER_TEXT}")
    record = record_from_citation(text, REGISTRY)
    assert record["custom"]["holdings"] == [
        {"archive": "AVPRF", "levels": [["fond", "0100"], ["opis", "43"], ["delo", "10"],
                                        ["list", "14"]]}]
    assert "note" not in record


def test_text_after_the_address_is_not_citation_data() -> None:
    text = (f"“Cable, Zhou Enlai to Roshchin,” July 3, 1950, {DA}, AVPRF, f. 0100, op. 43, "
            "d. 10, l. 14. https://digitalarchive.wilsoncenter.org/document/117001 To Comrade "
            "Roshchin. Please convey the following to Comrade Filippov without delay.")
    record = record_from_citation(text, REGISTRY)
    assert record["custom"]["record-id"] == "117001"
    assert record["custom"]["holdings"][0]["levels"][-1] == ["list", "14"]


# Longest a real field can be: a heading is a sentence, a shelfmark a line, a note a few
# credit sentences. A field beyond these holds text that is not citation data.
MAX_LENGTH = {"title": 300, "note": 600, "reference": 200, "name": 150}


def assert_no_overlong_field(record: dict[str, Any]) -> None:
    assert len(record["title"]) <= MAX_LENGTH["title"], record["title"]
    assert len(record.get("note", "")) <= MAX_LENGTH["note"], record.get("note")
    for holding in record["custom"].get("holdings", []):
        assert len(holding.get("reference", "")) <= MAX_LENGTH["reference"], holding
        assert len(holding.get("archive", "")) <= MAX_LENGTH["reference"], holding
    for var in ("author", "recipient", "translator"):
        for name in literals(record, var):
            assert len(name) <= MAX_LENGTH["name"], name


def test_no_field_is_longer_than_a_real_one_on_every_fixture(wilson_dir: Path) -> None:
    for page in sorted(wilson_dir.glob("*.txt")):
        try:
            record = record_from_page(read_source(page), REGISTRY)
        except SourceError:
            continue  # the page with no citation data
        assert_no_overlong_field(record)


@pytest.mark.parametrize("glue", [" ", "\n", "\n\n"])
def test_no_field_is_longer_than_a_real_one_when_text_is_glued_on(glue: str) -> None:
    page = ("Citation\nget citation\n"
            f"\"Telegram, Ignatiev to Vyshinsky,\" March 9, 1951, {DA}, RGASPI, f. 558, op. 11, "
            f"d. 342, ll. 10-12. Translated for CWIHP by Gary Goldberg.{glue}{LETTER_TEXT}")
    record = record_from_page(decode_source(page.encode(), "page"), REGISTRY)
    assert_no_overlong_field(record)
    assert record["note"] == "Translated for CWIHP by Gary Goldberg."


# ---------------------------------------------------------------------------- mirrors

MIRROR_PAGE = """URL: https://archive-copy.example.edu/document/118820
Skip to content

March 3, 1953

Cable, Kuznetsov to Mao Zedong

Document Information

Source

APRF, f. 45, op. 1, d. 343, l. 12

Record ID

118820
"""


def test_a_mirror_page_cites_the_canonical_address() -> None:
    record = record_from_page(decode_source(MIRROR_PAGE.encode(), "mirror"), REGISTRY)
    assert record["URL"] == "https://digitalarchive.wilsoncenter.org/document/118820"
    assert record["custom"]["page-url"] == "https://archive-copy.example.edu/document/118820"


def test_a_mirror_slug_page_without_record_id_cites_the_canonical_slug() -> None:
    page = MIRROR_PAGE.replace("/document/118820", "/document/cable-kuznetsov-mao-zedong-2")
    page = page.replace("\nRecord ID\n\n118820\n", "")
    record = record_from_page(decode_source(page.encode(), "mirror"), REGISTRY)
    assert record["URL"] == (
        "https://digitalarchive.wilsoncenter.org/document/cable-kuznetsov-mao-zedong-2")


def test_resolve_still_refuses_an_unknown_host() -> None:
    from archcite.sources.addresses import parse_address

    with pytest.raises(SourceError, match="not a Wilson Center Digital Archive address"):
        parse_address("https://archive-copy.example.edu/document/118820")


# ---------------------------------------------------------------------- locator grammar


def holdings_of_source(source: str) -> list[dict[str, Any]]:
    return cite("Report, Beria to Malenkov", source)["custom"]["holdings"]


@pytest.mark.parametrize(("source", "expected"), [
    # references with no commas between the levels
    ("RGANI f. 3 op. 14 d. 38 ll. 2-3",
     [{"archive": "RGANI", "levels": [["fond", "3"], ["opis", "14"], ["delo", "38"],
                                      ["listy", "2-3"]]}]),
    # GOST references in Cyrillic: the registry's archive, romanized levels, hyphen kept
    ("РГАСПИ. Ф. 17. Оп. 162. Д. 44. Л. 7 об.",
     [{"archive": "RGASPI", "levels": [["fond", "17"], ["opis", "162"], ["delo", "44"],
                                       ["list", "7ob"]]}]),
    ("АП РФ. Ф. 3. Оп. 65. Д. 827. Л. 91–93; ГАРФ. Ф. Р-5446. Оп. 81. Д. 12. Л. 4",
     [{"archive": "APRF", "levels": [["fond", "3"], ["opis", "65"], ["delo", "827"],
                                     ["list", "91-93"]]},
      {"archive": "GARF", "levels": [["fond", "R-5446"], ["opis", "81"], ["delo", "12"],
                                     ["list", "4"]]}]),
    # an archive named in full with its acronym in brackets
    ("State Archive of the Russian Federation (GARF), f. R-8131, op. 32, d. 5, l. 17",
     [{"archive": "GARF", "levels": [["fond", "R-8131"], ["opis", "32"], ["delo", "5"],
                                     ["list", "17"]]}]),
    ("Politisches Archiv des Auswärtigen Amts (PA AA), MfAA, A 6771, Bl. 12",
     [{"archive": "PA AA", "reference": "MfAA, A 6771, Bl. 12"}]),
    # named in full with no acronym: kept as written, read with its archive's grammar
    ("Foreign Policy Archive of the Russian Federation, f. 0102, op. 12, papka 68, d. 5, l. 2",
     [{"archive": "Foreign Policy Archive of the Russian Federation",
       "levels": [["fond", "0102"], ["opis", "12"], ["papka", "68"], ["delo", "5"],
                  ["list", "2"]]}]),
])
def test_locator_grammar(source: str, expected: list[dict[str, Any]]) -> None:
    assert holdings_of_source(source) == expected


def test_add_refuses_an_impossible_date_in_one_line_and_stores_nothing(
        runner: Any, seed_library: Path) -> None:
    from archcite.cli import cli

    before = sorted(p.name for p in seed_library.iterdir())
    text = (f"“Cable, Kovalev to Filippov [Stalin],” November 31, 1949, {DA}, APRF, f. 45, "
            "op. 1, d. 331, l. 5.")
    result = runner.invoke(cli, ["--library", str(seed_library), "add", "--citation", text])
    assert result.exit_code != 0
    assert result.stderr.strip().count("\n") == 0
    assert "November 1949 has 30 days" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in seed_library.iterdir()) == before


def test_a_copy_with_no_address_is_added_with_a_warning(runner: Any, library_dir: Path,
                                                        tmp_path: Path) -> None:
    from archcite.cli import cli

    page = tmp_path / "copy.txt"
    page.write_text("URL: https://docs-share.example.com/doc/55121/cable\nMarch 3, 1953\n\n"
                    "Cable, Kuznetsov to Mao Zedong\n\nCitation:\n\n\"Cable, Kuznetsov to Mao "
                    f"Zedong,\" March 3, 1953, {DA}, APRF, f. 45, op. 1, d. 343, l. 12.\n\n"
                    "Summary:\n\nShort.\n", "utf-8")
    result = runner.invoke(cli, ["--library", str(library_dir), "add", str(page)])
    assert result.exit_code == 0, result.output
    assert "names no Record ID or Digital Archive address" in result.stderr
    assert result.stdout.strip() == "kuznetsov1953cable"


@pytest.mark.parametrize(("token", "expected"), [
    ("op 7", ("opis", "7")), ("d.214", ("delo", "214")), ("d 19", ("delo", "19")),
    ("op.4", ("opis", "4")), ("f82", ("fond", "82")), ("ll 31-33", ("listy", "31-33")),
    ("l 8ob", ("list", "8ob")), ("ed khr 40", ("ed_khr", "40")), ("per 12", ("perechen", "12")),
    ("f R-7523", ("fond", "R-7523")),
    # words that merely begin with a label's letters are no level
    ("fa", None), ("lot 5", None), ("dosar 3", None), ("tom 2", None),
])
def test_labels_without_full_stop(token: str, expected: tuple[str, str] | None) -> None:
    from archcite.sources.locators import parse_level

    assert parse_level(token) == expected


def test_a_year_in_brackets_inside_a_shelfmark_is_no_publication() -> None:
    record = cite("Letter, Tsedenbal to Khrushchev",
                  "Mongolian Foreign Ministry Archive, fond 2, file 5 (1956), l. 12")
    assert "published-in" not in record["custom"]
    assert record["custom"]["holdings"] == [{"archive": "Mongolian Foreign Ministry Archive",
                                             "reference": "fond 2, file 5 (1956), l. 12"}]


def test_a_document_series_volume_is_a_published_source() -> None:
    record = cite("Telegram, Molotov to Zhdanov",
                  "Dokumenty vneshnei politiki SSSR, vol. 22, book 1 (Moscow: "
                  "Mezhdunarodnye otnosheniia, 1992), pp. 215-17.")
    assert "holdings" not in record["custom"]
    assert record["custom"]["published-in"] == {
        "container-title": "Dokumenty vneshnei politiki SSSR, vol. 22, book 1",
        "publisher-place": "Moscow", "publisher": "Mezhdunarodnye otnosheniia",
        "issued": {"date-parts": [[1992]]}, "page": "215-17"}


def test_long_tail_records_are_valid_csl_json(csl_schema: Path) -> None:
    """Reprints, published sources, numbers and subjects keep the record valid CSL-JSON."""
    import json

    import jsonschema

    from archcite.library.store import Library
    from archcite.model.keys import unique_key

    schema = json.loads(csl_schema.read_text("utf-8"))
    library = Library(Path("/nonexistent"), REGISTRY)
    records = [
        cite("Ciphered Telegram No. 4417, Shtykov to Vyshinsky, 'On the Elections'",
             "AVPRF, f. 059a, op. 5a, d. 3, papka 11, l. 45. Reprinted in Dmitrii Volkogonov "
             "and Iurii Afanas'ev, eds., Arkhivy Kremlia (Moscow: Rosspen, 1999), pp. 112-113."),
        cite("Memorandum of Conversation between Mao Zedong and Yudin",
             "Nikolai Fedorenko, Kremlevskie vstrechi (Moscow: Novosti, 1991), pp. 44-46."),
        cite("Report, Beria to Malenkov", "ГАРФ. Ф. Р-9401. Оп. 2. Д. 64. Л. 12–14 об."),
    ]
    taken: set[str] = set()
    stored = []
    for record in records:
        record["id"] = unique_key(record, taken)
        taken.add(record["id"])
        stored.append(library.prepare(record))
    jsonschema.validate(stored, schema)


def test_document_text_after_a_current_site_source_is_not_citation_data() -> None:
    page = MIRROR_PAGE.replace(
        "APRF, f. 45, op. 1, d. 343, l. 12\n",
        f"APRF, f. 45, op. 1, d. 343, l. 12. Translated by Sergey Radchenko.\n{LETTER_TEXT}\n")
    record = record_from_page(decode_source(page.encode(), "mirror"), REGISTRY)
    assert record["custom"]["holdings"] == [
        {"archive": "APRF", "levels": [["fond", "45"], ["opis", "1"], ["delo", "343"],
                                       ["list", "12"]]}]
    assert literals(record, "translator") == ["Sergey Radchenko"]
    assert "Dear Comrade" not in record["custom"]["source-text"]
    assert_no_overlong_field(record)
