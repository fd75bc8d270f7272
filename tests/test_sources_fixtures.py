"""Every real Wilson Center page in ../shared: id, date, title, parties, translators, holdings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archcite.errors import SourceError
from archcite.model.archives import load_registry
from archcite.sources.reading import read_source
from archcite.sources.wilson import record_from_page
from tests.helpers import seed_record

REGISTRY = load_registry()
DERIVED = ("archive", "archive-place", "archive_location", "division", "id")


def parse(path: Path) -> dict[str, Any]:
    return record_from_page(read_source(path), REGISTRY)


def levels(record: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(h["archive"], [tuple(lv) for lv in h["levels"]] if "levels" in h else h["reference"])
            for h in record["custom"].get("holdings", [])]


def names(record: dict[str, Any], var: str) -> list[str]:
    return [n["literal"] for n in record.get(var, [])]


def test_seed_page_gives_the_bundled_record(seed_page: Path) -> None:
    record = parse(seed_page)
    bundled = seed_record()
    expected = {k: v for k, v in bundled.items() if k not in DERIVED}
    assert record == expected
    assert record["custom"]["citation"] == (
        "“Ciphered telegram, Filippov (Stalin) to Mao Zedong,” June 30, 1951, History and Public "
        "Policy Program Digital Archive, APRF, Fond 45, Opis 1, Delo 339, Listy 95-96 and AVPRF, "
        "Fond 059a, Opis 5a, Delo 4, Papka 11, Listy 14-15 "
        "http://digitalarchive.wilsoncenter.org/document/110374"
    )


# file → (record id, date-parts, title, senders, recipients, translators, holdings)
EXPECTED: dict[str, tuple[Any, ...]] = {
    "110296.txt": (
        "110296", [1947, 12, 16], "Cable, Stalin [Kuznetsov] to Mao Zedong [via Terebin]",
        ["Stalin [Kuznetsov]"], ["Mao Zedong [via Terebin]"], ["Sergey Radchenko"],
        [("APRF", [("fond", "39"), ("opis", "1"), ("delo", "31"), ("list", "25")])],
    ),
    "110360.txt": (
        "110360", [1951, 2, 16], "Ciphered Telegram, Filippov (Stalin) to Zhou Enlai via Zakharov",
        ["Filippov [Stalin]"], ["Zhou Enlai [via Zakharov]"], [],
        [("APRF", [("fond", "45"), ("opis", "1"), ("delo", "336"), ("list", "60")]),
         ("AVPRF", [("fond", "059a"), ("opis", "5a"), ("delo", "5"), ("papka", "11"),
                    ("list", "26")])],
    ),
    "111244-pdfmirror-docslib.txt": (
        "111244", [1952, 8, 20], "Minutes of Conversation between I.V. Stalin and Zhou Enlai",
        [], [], ["Danny Rozas"],
        [("APRF", [("fond", "45"), ("opis", "1"), ("delo", "329"), ("listy", "54-72")])],
    ),
    "112019.txt": (
        "112019", [1977, 1, 26], "Letter, President Carter to Secretary Brezhnev",
        ["President Carter"], ["Secretary Brezhnev"], ["Mark H. Doctoroff"],
        [("Russian Foreign Ministry archives", "Moscow")],
    ),
    "113190.txt": (
        "113190", [1955, 1, 22],
        "Record of Conversation from Premier Zhou's Reception of the Indonesian Ambassador "
        "Arnold Mononutu", [], [], ["Jeffrey Wang"],
        [("PRC FMA", "105-00051-07, 199-205")],
    ),
    "113266.txt": (
        "113266", [1979, 3, 22], "Transcript of CPSU CC Politburo Session on Afghanistan",
        [], [], [],
        [("TsKhSD", [("fond", "89"), ("perechen", "25"), ("dokument", "2")])],
    ),
    "113395.txt": (
        "113395", [1955, 2, 26],
        "Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry",
        ["Embassy of Hungary in North Korea"], ["Hungarian Foreign Ministry"],
        ["Balazs Szalontai"],
        [("MOL", "XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955")],
    ),
    "114997.txt": (
        "114997", [1955, 9, 28],
        "Letter from the Polish Ambassador in the DPRK to the Polish Ministry of Foreign Affairs",
        ["Polish Ambassador in the DPRK"], ["Polish Ministry of Foreign Affairs"], [],
        [("Polish Foreign Ministry Archive", "DV Z12 T404 W17")],
    ),
    "123148.txt": (
        "123148", [1952, 2, 23], "Cable, Filippov (Stalin) to Mao Zedong",
        ["Filippov [Stalin]"], ["Mao Zedong"], ["Mark Kramer"],
        [("RGASPI", [("fond", "558"), ("opis", "11"), ("delo", "342"), ("list", "92")])],
    ),
    "slug-cable-joseph-stalin-anastas-mikoyan-1.txt": (
        None, [1949, 2, 4], "Cable, Joseph Stalin to Anastas Mikoyan",
        ["Joseph Stalin"], ["Anastas Mikoyan"], ["Sergey Radchenko"], [],
    ),
    "slug-ciphered-telegram-no-25553-roshchin-filippov-stalin.txt": (
        None, [1950, 10, 12], "Ciphered Telegram No. 25553, Roshchin to Filippov [Stalin]",
        ["Roshchin"], ["Filippov [Stalin]"], ["Gary Goldberg"],
        [("AP RF", [("fond", "45"), ("opis", "1"), ("delo", "334"), ("list", "141")]),
         ("RGASPI", [("fond", "558"), ("opis", "11"), ("delo", "334"), ("listy", "0141")])],
    ),
}


def test_every_fixture_is_covered(wilson_dir: Path) -> None:
    pages = {p.name for p in wilson_dir.glob("*.txt")}
    assert pages == set(EXPECTED) | {"node-89952.txt"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture(wilson_dir: Path, name: str) -> None:
    rid, date, title, senders, recipients, translators, holdings = EXPECTED[name]
    record = parse(wilson_dir / name)
    assert record["custom"].get("record-id") == rid
    if rid:
        assert record["URL"] == f"https://digitalarchive.wilsoncenter.org/document/{rid}"
    else:  # a slug page with no Record ID: the canonical slug address
        slug = name.removeprefix("slug-").removesuffix(".txt")
        assert record["URL"] == f"https://digitalarchive.wilsoncenter.org/document/{slug}"
    assert record["issued"] == {"date-parts": [date]}
    assert record["title"] == title
    assert names(record, "author") == senders
    assert names(record, "recipient") == recipients
    assert names(record, "translator") == translators
    assert levels(record) == holdings
    assert record["source"] == "History and Public Policy Program Digital Archive"
    assert record["publisher"] == "Wilson Center"
    # The library accepts it as it is.
    from archcite.model.record import derive_archive_fields, validate_record

    validate_record(derive_archive_fields({**record, "id": "x"}, REGISTRY))


def test_fixture_provenance_and_custom_fields(wilson_dir: Path) -> None:
    r = parse(wilson_dir / "110296.txt")
    assert r["note"].startswith("Reprinted in Andrei Ledovskii, Raisa Mirovitskaia and Vladimir")
    assert "Translated for CWIHP from Russian by Sergey Radchenko." in r["note"]
    assert r["custom"]["wilson-type"] == "Cable"
    assert r["custom"]["uploaded"] == "2011-11-20"
    assert r["custom"]["page-url"].startswith("https://wilson-center-digital-archive.dvincitest")
    assert r["abstract"].startswith("Stalin, using the name of Fyodor Kuznetsov")
    assert r["type"] == "personal_communication" and r["genre"] == "cable"

    r = parse(wilson_dir / "slug-cable-joseph-stalin-anastas-mikoyan-1.txt")
    assert r["note"] == ("Provided to the National Security Archive/Svetlana Savranskaya by Sergo "
                         "Mikoyan. With permission of the National Security Archive.")
    assert r["custom"]["funding"] == [
        "This document was made possible with support from MacArthur Foundation"]
    assert "holdings" not in r["custom"]

    r = parse(wilson_dir / "123148.txt")  # summary glued to the citation
    assert r["abstract"] == ("Stalin promises support with investigating Amercan bacteriological "
                             "warfare in North Korea")
    assert r["custom"]["citation"].startswith('"Cable, Filippov (Stalin) to Mao Zedong,"')
    assert r["custom"]["printed-url"] == "https://digitalarchive.wilsoncenter.org/document/123148"

    r = parse(wilson_dir / "111244-pdfmirror-docslib.txt")  # a page flattened onto one line
    assert r["custom"]["original-language"] == "Russian"
    assert r["type"] == "manuscript" and "author" not in r and r["genre"] == (
        "minutes of conversation")
    assert r["abstract"].endswith("assisting China in the war in Korea.")

    r = parse(wilson_dir / "113395.txt")
    assert r["note"] == "Translated for NKIDP by Balazs Szalontai."
    assert r["type"] == "manuscript" and r["genre"] == "report"

    r = parse(wilson_dir / "113190.txt")
    assert r["abstract"].startswith("The Indonesian ambassador tells Zhou")
    assert r["custom"]["funding"] == [
        "This document was made possible with support from the MacArthur Foundation"]


def test_node_page_is_refused(wilson_dir: Path) -> None:
    with pytest.raises(SourceError, match="holds no Wilson Center citation data") as info:
        parse(wilson_dir / "node-89952.txt")
    assert "\n" not in str(info.value)


def test_fixture_record_model_of_issue_10(wilson_dir: Path) -> None:
    """Number, Record ID, genre and reprint as the record model of issue 10 stores them."""
    r = parse(wilson_dir / "slug-ciphered-telegram-no-25553-roshchin-filippov-stalin.txt")
    assert r["number"] == "25553" and r["genre"] == "ciphered telegram"
    assert "record-id" not in r["custom"]  # the page's Record ID field is empty
    r = parse(wilson_dir / "123148.txt")
    assert r["custom"]["record-id"] == "123148" and "number" not in r
    for name in ("112019.txt", "114997.txt"):  # plain letters store no genre
        r = parse(wilson_dir / name)
        assert r["type"] == "personal_communication" and "genre" not in r
    r = parse(wilson_dir / "110296.txt")
    assert r["custom"]["reprints"] == [{
        "container-author": [{"literal": "Andrei Ledovskii"}, {"literal": "Raisa Mirovitskaia"},
                             {"literal": "Vladimir Miasnikov"}],
        "container-title": "Sovetsko-Kitaiskie Otnosheniia, Vol. 5, Book 1, 1946-February 1950",
        "publisher-place": "Moscow", "publisher": "Pamiatniki Istoricheskoi Mysli",
        "issued": {"date-parts": [[2005]]}, "page": "378"}]
    assert [h["archive"] for h in r["custom"]["holdings"]] == ["APRF"]
    r = parse(wilson_dir / "111244-pdfmirror-docslib.txt")  # a copy on another host
    assert r["URL"] == "https://digitalarchive.wilsoncenter.org/document/111244"
    assert r["custom"]["genre-in-title"] is True


def test_a_single_leaf_the_page_labels_ll_prints_as_one_leaf(wilson_dir: Path) -> None:
    """The Roshchin page gives the RGASPI copy as "ll. 0141": one leaf. The record keeps what
    the page said; the note prints the label a copy editor would (l., list), zeros kept."""
    from archcite.render.engine import render

    record = parse(wilson_dir / "slug-ciphered-telegram-no-25553-roshchin-filippov-stalin.txt")
    record["id"] = "roshchin1950ciphered"
    assert levels(record)[1] == ("RGASPI", [("fond", "558"), ("opis", "11"), ("delo", "334"),
                                            ("listy", "0141")])
    [note] = render([record], style="chicago", form="note", registry=REGISTRY)
    assert "; RGASPI, f. 558, op. 11, d. 334, l. 0141," in note
    [entry] = render([record], style="mla", form="bib", registry=REGISTRY)
    assert "fond 558, opis 11, delo 334, list 0141." in entry
