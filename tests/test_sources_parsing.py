"""Citation strings, locators, credits, headings and dates as Wilson Center pages write them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archcite.errors import SourceError
from archcite.model.archives import load_registry
from archcite.sources.citation import parse_citation
from archcite.sources.credits import parse_credits, split_archival_and_credits
from archcite.sources.dates import parse_date
from archcite.sources.headings import _list_items, parse_heading, split_party
from archcite.sources.layouts import read_layout
from archcite.sources.locators import parse_holdings, parse_level, parse_russian_levels
from archcite.sources.wilson import record_from_citation

REGISTRY = load_registry()


def holdings(text: str) -> list[dict[str, Any]]:
    return [h.to_json() for h in parse_holdings(text, REGISTRY)]


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("f. 45", ("fond", "45")), ("F. 45", ("fond", "45")), ("Fond 45", ("fond", "45")),
        ("fond 45", ("fond", "45")), ("op. 1", ("opis", "1")), ("Opis 5a", ("opis", "5a")),
        ("d. 339", ("delo", "339")), ("Delo 4", ("delo", "4")), ("D. 31", ("delo", "31")),
        ("ed. khr. 16", ("ed_khr", "16")), ("ed.khr. 16", ("ed_khr", "16")),
        ("papka 11", ("papka", "11")), ("Papka 11", ("papka", "11")),
        ("per. 25", ("perechen", "25")), ("dok. 2", ("dokument", "2")),
        ("l. 78", ("list", "78")), ("L. 25", ("list", "25")), ("List 60", ("list", "60")),
        ("ll. 95-96", ("listy", "95-96")), ("Ll. 95–96", ("listy", "95-96")),
        ("Listy 14-15", ("listy", "14-15")), ("ll. 0141", ("listy", "0141")),
        ("l. 95 ob.", ("list", "95ob")), ("ll. 5-7ob.", ("listy", "5-7ob")),
        ("f. 059a", ("fond", "059a")), ("d. 0078", ("delo", "0078")),
        ("Ф. 45", ("fond", "45")), ("Оп. 1", ("opis", "1")), ("Д. 339", ("delo", "339")),
        ("Л. 95", ("list", "95")),
    ],
)
def test_every_level_spelling(token: str, expected: tuple[str, str]) -> None:
    assert parse_level(token) == expected


def test_levels_keep_order_leftovers_and_leaf_lists() -> None:
    levels, rest = parse_russian_levels("f. 07, op. 23a, papka 18, d. 235, ll. 12, 14-15, tom 2")
    assert levels == [("fond", "07"), ("opis", "23a"), ("papka", "18"), ("delo", "235"),
                      ("listy", "12, 14-15")]
    assert rest == "tom 2"  # no level, but never dropped


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("APRF: F. 39, Op. 1, D. 31, L. 25",
         [{"archive": "APRF", "levels": [["fond", "39"], ["opis", "1"], ["delo", "31"],
                                         ["list", "25"]]}]),
        ("AP RF, f. 45, op. 1, d. 334, l. 141; and RGASPI, f. 558, op. 11, d. 334, ll. 0141",
         [{"archive": "AP RF", "levels": [["fond", "45"], ["opis", "1"], ["delo", "334"],
                                          ["list", "141"]]},
          {"archive": "RGASPI", "levels": [["fond", "558"], ["opis", "11"], ["delo", "334"],
                                           ["listy", "0141"]]}]),
        ("APRF, f. 3, op. 65, d. 5, l. 1; AVP RF, f. 06, op. 9, papka 2, d. 3, l. 5 and GA RF, "
         "f. R-5446, op. 1, d. 7, ll. 8-9",
         [{"archive": "APRF", "levels": [["fond", "3"], ["opis", "65"], ["delo", "5"],
                                         ["list", "1"]]},
          {"archive": "AVP RF", "levels": [["fond", "06"], ["opis", "9"], ["papka", "2"],
                                           ["delo", "3"], ["list", "5"]]},
          {"archive": "GA RF", "levels": [["fond", "R-5446"], ["opis", "1"], ["delo", "7"],
                                          ["listy", "8-9"]]}]),
        # The archive decides the grammar: Hungarian "288. f." is not a fond.
        ("MOL, XIX-J-1-j, 288. f. 4/a, 12. doboz",
         [{"archive": "MOL", "reference": "XIX-J-1-j, 288. f. 4/a, 12. doboz"}]),
        ("MNL OL, XIX-J-1-k, 5. d.", [{"archive": "MNL OL", "reference": "XIX-J-1-k, 5. d."}]),
        ("AMAE, fond 220/Coreea, 1965, dosar 3", [{"archive": "AMAE",
                                                   "reference": "fond 220/Coreea, 1965, dosar 3"}]),
        ("AAN, KC PZPR, XI A/10, k. 5",
         [{"archive": "AAN", "reference": "KC PZPR, XI A/10, k. 5"}]),
        ("PRC FMA 105-00051-07, 199-205", [{"archive": "PRC FMA",
                                            "reference": "105-00051-07, 199-205"}]),
        ("TNA, FO 371/92847", [{"archive": "TNA", "reference": "FO 371/92847"}]),
        ("SAPMO-BArch, DY 30/IV 2/2.035/137", [{"archive": "SAPMO-BArch",
                                               "reference": "DY 30/IV 2/2.035/137"}]),
        # Unknown archives are kept as written, never refused, never parsed as levels.
        ("Archive of the Institute of Mao Studies, f. 5, op. 2",
         [{"archive": "Archive of the Institute of Mao Studies", "reference": "f. 5, op. 2"}]),
        ("TsGA RUz, f. 837, op. 41, d. 5", [{"archive": "TsGA RUz",
                                             "reference": "f. 837, op. 41, d. 5"}]),
    ],
)
def test_holdings(text: str, expected: list[dict[str, Any]]) -> None:
    assert holdings(text) == expected


def test_a_user_archive_with_russian_grammar_gets_levels(tmp_path: Path) -> None:
    user = tmp_path / "archives.json"
    user.write_text('[{"id": "TsGA RUz", "aliases": ["TsGA RUz"], "name": "Tsentral\'nyi '
                    'gosudarstvennyi arkhiv Respubliki Uzbekistan", "grammar": "russian"}]')
    registry = load_registry(user)
    assert [h.to_json() for h in parse_holdings("TsGA RUz, f. 837, op. 41, d. 5", registry)] == [
        {"archive": "TsGA RUz", "levels": [["fond", "837"], ["opis", "41"], ["delo", "5"]]}]


@pytest.mark.parametrize(
    ("source", "translators", "note"),
    [
        ("Translated by Danny Rozas.", ["Danny Rozas"], None),
        ("translation by Mark H. Doctoroff.", ["Mark H. Doctoroff"], None),
        ("Translated for CWIHP by Vladislav Zubok.", ["Vladislav Zubok"],
         "Translated for CWIHP by Vladislav Zubok."),
        ("Translated for CWIHP from Russian by Sergey Radchenko.", ["Sergey Radchenko"],
         "Translated for CWIHP from Russian by Sergey Radchenko."),
        ("Obtained by Kathryn Weathersby and translated by Gary Goldberg and Sergey Radchenko.",
         ["Gary Goldberg", "Sergey Radchenko"],
         "Obtained by Kathryn Weathersby and translated by Gary Goldberg and Sergey Radchenko."),
        ("Contributed by Bernd Schaefer. Translated by Grace Leonard.", ["Grace Leonard"],
         "Contributed by Bernd Schaefer."),
        ("Obtained by James Person. Translated by Jihye Kim, Eun Jeong Ahn and Kevin Kim.",
         ["Jihye Kim", "Eun Jeong Ahn", "Kevin Kim"], "Obtained by James Person."),
    ],
)
def test_credits(source: str, translators: list[str], note: str | None) -> None:
    credits = parse_credits(source)
    assert credits.names.get("translator", []) == translators
    assert (" ".join(credits.notes) or None) == note


def test_other_roles_go_to_their_csl_fields() -> None:
    credits = parse_credits("Transcribed by Ivan Ivanov. Edited by Christian Ostermann.")
    assert credits.names == {"contributor": ["Ivan Ivanov"], "editor": ["Christian Ostermann"]}
    # CSL has no transcriber role: the sentence is kept in the note too.
    assert credits.notes == ["Transcribed by Ivan Ivanov.", "Edited by Christian Ostermann."]


def test_split_archival_and_credits() -> None:
    assert split_archival_and_credits(
        "Russian Foreign Ministry archives, Moscow; translation by Mark H. Doctoroff."
    ) == ("Russian Foreign Ministry archives, Moscow", "translation by Mark H. Doctoroff.")
    assert split_archival_and_credits("Provided to X by Y.") == ("", "Provided to X by Y.")


@pytest.mark.parametrize(
    ("title", "genre", "senders", "recipients", "csl_type"),
    [
        ("Ciphered telegram, Filippov (Stalin) to Mao Zedong", "ciphered telegram",
         ["Filippov [Stalin]"], ["Mao Zedong"], "personal_communication"),
        ("Ciphered Telegram No. 25553, Roshchin to Filippov [Stalin]", "ciphered telegram",
         ["Roshchin"], ["Filippov [Stalin]"], "personal_communication"),
        ("Letter from Kim Il Sung to Stalin", "letter", ["Kim Il Sung"], ["Stalin"],
         "personal_communication"),
        ("Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry", "report",
         ["Embassy of Hungary in North Korea"], ["Hungarian Foreign Ministry"], "manuscript"),
        ("Minutes of Conversation between Mao Zedong and Stalin", "minutes of conversation", [],
         [], "manuscript"),
        ("Memorandum of Conversation between Gromyko and Kim Il Sung",
         "memorandum of conversation", [], [], "manuscript"),
        # The intermediary stays with its party (issue 10).
        ("Cable, Terebin to Stalin [via Kuznetsov]", "cable", ["Terebin"],
         ["Stalin [via Kuznetsov]"], "personal_communication"),
        ("Telegram from Mao Zedong and Zhou Enlai to Stalin", "telegram",
         ["Mao Zedong", "Zhou Enlai"], ["Stalin"], "personal_communication"),
        ("Report from the Hungarian Ambassador to the DPRK to the Foreign Ministry", "report",
         ["Hungarian Ambassador to the DPRK"], ["Foreign Ministry"], "manuscript"),
        ("Note, Soviet Embassy in Pyongyang to USSR Foreign Ministry", "note",
         ["Soviet Embassy in Pyongyang"], ["USSR Foreign Ministry"], "personal_communication"),
    ],
)
def test_headings(title: str, genre: str, senders: list[str], recipients: list[str],
                  csl_type: str) -> None:
    heading = parse_heading(title)
    assert (heading.genre, heading.senders, heading.recipients, heading.csl_type) == (
        genre, senders, recipients, csl_type)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("June 30, 1951", [1951, 6, 30]), ("November 03, 1977", [1977, 11, 3]),
        ("June, 1977", [1977, 6]), ("June 1934", [1934, 6]), ("30 June 1951", [1951, 6, 30]),
        ("1951", [1951]), ("2011-11-20", [2011, 11, 20]), ("Sept. 5, 1960", [1960, 9, 5]),
        ("February 30, 1951", None), ("Cable, Stalin to Mao", None), ("Juneteenth 1951", None),
        ("February 29, 1952", [1952, 2, 29]), ("February 29, 2000", [2000, 2, 29]),
        ("December 31, 1991", [1991, 12, 31]), ("0000-01-05", None), ("Sept 31, 1960", None),
    ],
)
def test_dates(text: str, parts: list[int] | None) -> None:
    assert parse_date(text) == parts


CITATIONS: list[tuple[str, dict[str, Any]]] = [
    # curly quotes, comma inside
    ("“Letter from Kim Il Sung to Stalin,” November 03, 1949, History and Public Policy Program "
     "Digital Archive, APRF, f. 45, op. 1, d. 346, ll. 104-105. Translated by Kathryn "
     "Weathersby. http://digitalarchive.wilsoncenter.org/document/112126",
     {"number": "112126", "issued": [1949, 11, 3], "title": "Letter from Kim Il Sung to Stalin",
      "author": ["Kim Il Sung"], "recipient": ["Stalin"], "translator": ["Kathryn Weathersby"],
      "holdings": [{"archive": "APRF", "levels": [["fond", "45"], ["opis", "1"],
                                                  ["delo", "346"], ["listy", "104-105"]]}]}),
    # straight quotes, comma outside, month-only date, no URL
    ('"Memorandum of Conversation between Gromyko and Kim Il Sung", June, 1977, History and '
     "Public Policy Program Digital Archive, AVP RF, f. 0102, op. 33, papka 168, d. 12, ll. 1-5ob.",
     {"number": None, "issued": [1977, 6], "title": "Memorandum of Conversation between Gromyko "
      "and Kim Il Sung", "author": [], "recipient": [], "translator": [],
      "holdings": [{"archive": "AVP RF", "levels": [["fond", "0102"], ["opis", "33"],
                                                    ["papka", "168"], ["delo", "12"],
                                                    ["listy", "1-5ob"]]}]}),
    # no quotes at all, year-only date, Hungarian reference, Obtained by
    ("Report, Hungarian Embassy in the DPRK to the Hungarian Foreign Ministry, 1962, History and "
     "Public Policy Program Digital Archive, MOL, XIX-J-1-j Korea, 11. doboz, 24-1, 001889/1962. "
     "Obtained and translated for NKIDP by Balazs Szalontai.",
     {"number": None, "issued": [1962], "title": "Report, Hungarian Embassy in the DPRK to the "
      "Hungarian Foreign Ministry", "author": ["Hungarian Embassy in the DPRK"],
      "recipient": ["Hungarian Foreign Ministry"], "translator": ["Balazs Szalontai"],
      "holdings": [{"archive": "MOL", "reference": "XIX-J-1-j Korea, 11. doboz, 24-1, "
                                                   "001889/1962"}]}),
    # missing date, wrapped across lines, Russian archive with "Fond"/"Listy", PDF address
    ("“Ciphered Telegram, Shtykov to Vyshinsky,”\nHistory and Public Policy Program\nDigital "
     "Archive, AP RF, Fond 3, Opis 65, Delo 826,\nListy 12-13 and TsAMO, f. 5, op. 918795, "
     "d. 124, l. 7\nhttps://digitalarchive.wilsoncenter.org/document/114893.pdf?v=a1b2",
     {"number": "114893", "issued": None, "title": "Ciphered Telegram, Shtykov to Vyshinsky",
      "author": ["Shtykov"], "recipient": ["Vyshinsky"], "translator": [],
      "holdings": [{"archive": "AP RF", "levels": [["fond", "3"], ["opis", "65"], ["delo", "826"],
                                                   ["listy", "12-13"]]},
                   {"archive": "TsAMO", "levels": [["fond", "5"], ["opis", "918795"],
                                                   ["delo", "124"], ["list", "7"]]}]}),
    # ed. khr., dok. and a reprint
    ("\"Record of a Conversation between Khrushchev and Mao,\" July 31, 1958, History and Public "
     "Policy Program Digital Archive, RGANI, f. 52, op. 1, ed. khr. 498, dok. 3. Reprinted in "
     "Istochnik 2 (2001): 10-14. Translated by Vladislav Zubok.",
     {"number": None, "issued": [1958, 7, 31], "title": "Record of a Conversation between "
      "Khrushchev and Mao", "author": [], "recipient": [], "translator": ["Vladislav Zubok"],
      "holdings": [{"archive": "RGANI", "levels": [["fond", "52"], ["opis", "1"],
                                                   ["ed_khr", "498"], ["dokument", "3"]]}]}),
]


@pytest.mark.parametrize(("text", "expected"), CITATIONS)
def test_citation_strings(text: str, expected: dict[str, Any]) -> None:
    record = record_from_citation(text, REGISTRY)
    # The Wilson Record ID lives in custom; ``number`` is the document's own number.
    assert record["custom"].get("record-id") == expected["number"]
    assert "number" not in record
    assert record.get("issued") == (
        {"date-parts": [expected["issued"]]} if expected["issued"] else None)
    assert record["title"] == expected["title"]
    for var in ("author", "recipient", "translator"):
        assert [n["literal"] for n in record.get(var, [])] == expected[var]
    assert record["custom"].get("holdings", []) == expected["holdings"]
    assert record["custom"]["citation"] == " ".join(text.split())


def test_reprint_goes_to_note() -> None:
    record = record_from_citation(CITATIONS[4][0], REGISTRY)
    assert record["note"] == "Reprinted in Istochnik 2 (2001): 10-14."
    assert record["custom"]["reprints"] == [{
        "container-title": "Istochnik", "volume": "2", "issued": {"date-parts": [[2001]]},
        "page": "10-14"}]


def test_not_a_citation() -> None:
    with pytest.raises(SourceError, match="not a Wilson Center citation"):
        record_from_citation("Smith, John. A Book. Oxford, 1990.", REGISTRY)


def test_glued_summary_without_quotes_uses_the_heading() -> None:
    citation = parse_citation(
        "Stalin agrees to send advisers.Cable, Filippov to Zhou Enlai, February 16, 1951, History "
        "and Public Policy Program Digital Archive, APRF, f. 45, op. 1, d. 336, l. 60",
        heading="CABLE, FILIPPOV TO ZHOU ENLAI",
    )
    assert citation is not None
    assert citation.title == "Cable, Filippov to Zhou Enlai"
    assert citation.before == "Stalin agrees to send advisers."


SITE2013_WRAPPED = """\
Digital Archive International History Declassified

November 03, 1977

  • Citation

    get citation

    Brezhnev writes to Honecker about the talks.
    “Letter from Brezhnev to Honecker,” November 03, 1977, History and Public Policy
    Program Digital Archive, SAPMO-BArch, DY 30/J IV 2/202/575. Translated by
    Christiane Muller. https://digitalarchive.wilsoncenter.org/document/111111
  • share document

English HTML
Dear Comrade Honecker,
"""

CURRENT_DAMAGED = """\
Skip to content

June 1934

Letter, Stalin to Kaganovich

Text of the letter.

Stalin writes about the harvest.

Document Information

Source

RGASPI, f. 81, op. 3, d. 100, ll. 1-3ob. Translated by Steven Shabad.

Original Archive

Rights

The History and Public Policy Program welcomes reuse of Digital Archive materials.

Type

Letter

Language

Russian

Record ID

"""


def test_site2013_wrapped_citation_with_summary() -> None:
    fields = read_layout(SITE2013_WRAPPED)
    assert fields is not None and fields.layout == "site2013"
    assert fields.summary == "Brezhnev writes to Honecker about the talks."
    assert fields.citation is not None
    assert fields.citation.title == "Letter from Brezhnev to Honecker"
    assert fields.citation.source == (
        "SAPMO-BArch, DY 30/J IV 2/202/575. Translated by Christiane Muller.")
    assert fields.citation.url == "https://digitalarchive.wilsoncenter.org/document/111111"


def test_current_layout_with_labels_without_values() -> None:
    fields = read_layout(CURRENT_DAMAGED)
    assert fields is not None and fields.layout == "current"
    assert (fields.date_text, fields.heading) == ("June 1934", "Letter, Stalin to Kaganovich")
    assert fields.summary == "Stalin writes about the harvest."
    assert fields.source == "RGASPI, f. 81, op. 3, d. 100, ll. 1-3ob. Translated by Steven Shabad."
    assert (fields.record_id, fields.original_archive, fields.language) == ("", "", "Russian")
    assert fields.wilson_type == "Letter"


# The list grammar of a party, as a regular expression: a comma separates names unless the
# next bracket after it closes one. The splitter must read exactly this, in linear time (the
# expression itself looks ahead from every comma: quadratic on a long paste).
_LIST_GRAMMAR = re.compile(r"\s*,\s*(?:and\s+)?(?![^\[(]*[\])])|\s+and\s+|\s*&\s*")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Kim", "Il Sung", " ", ",", ", ", " and ", ", and ", "&",
                                 "[", "]", "(", ")", "Filippov", "Stalin, Iosif"]),
                max_size=16).map("".join))
def test_party_lists_split_as_the_list_grammar_says(text: str) -> None:
    assert _list_items(text) == _LIST_GRAMMAR.split(text)


def test_party_lists_split_at_commas_outside_brackets() -> None:
    assert split_party("Filippov [Stalin, Iosif], Molotov and Mikoyan") == [
        "Filippov [Stalin, Iosif]", "Molotov", "Mikoyan"]
    assert split_party("Roshchin (via Panyushkin, Moscow) and Zhou Enlai") == [
        "Roshchin [via Panyushkin, Moscow]", "Zhou Enlai"]  # "via" is printed in brackets
    # a pasted list of thousands of names is read whole (linear, not quadratic, in its commas)
    many = ", ".join(f"Delegate {chr(65 + i % 26)}{i}" for i in range(5000)) + " and Chair"
    names = split_party(many)
    assert len(names) == 5001 and names[-1] == "Chair"
