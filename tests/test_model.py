"""The record model: holdings, levels, derived CSL fields, validation, keys, file format."""

from __future__ import annotations

import pytest

from archcite.errors import RecordError
from archcite.model.archives import load_registry
from archcite.model.holdings import Holding, holdings_of
from archcite.model.keys import base_key, unique_key
from archcite.model.levels import format_levels
from archcite.model.record import derive_archive_fields, dumps_record, validate_record
from tests.helpers import BUNDLED_LIBRARY, SEED_KEY, seed_record

SEED = seed_record()


def test_levels_chicago_and_mla_labels() -> None:
    levels = [("fond", "45"), ("opis", "1"), ("delo", "339"), ("listy", "95-96")]
    assert format_levels(levels, "chicago") == "f. 45, op. 1, d. 339, ll. 95–96"
    assert format_levels(levels, "mla") == "fond 45, opis 1, delo 339, listy 95–96"
    assert format_levels([("list", "78")], "chicago") == "l. 78"
    assert format_levels([("list", "5-7ob")], "chicago") == "ll. 5–7ob."
    assert format_levels([("list", "5-7ob")], "mla") == "listy 5–7 verso"
    assert format_levels([("papka", "11")], "chicago") == "papka 11"
    assert format_levels([("list", "0141")], "chicago") == "l. 0141"


@pytest.mark.parametrize(("level", "value", "chicago", "mla"), [
    # the page wrote "ll." before one leaf: one leaf is "l." / "list" (leading zeros stay)
    ("listy", "0141", "l. 0141", "list 0141"),
    ("listy", "7", "l. 7", "list 7"),
    ("listy", "95ob", "l. 95ob.", "list 95 verso"),
    # the page wrote "l." before several: a range or a list of leaves is "ll." / "listy"
    ("list", "95-96", "ll. 95–96", "listy 95–96"),
    ("list", "12, 14", "ll. 12, 14", "listy 12, 14"),
    ("listy", "12, 14-15", "ll. 12, 14–15", "listy 12, 14–15"),
])
def test_the_leaf_label_follows_the_number_of_leaves(level: str, value: str, chicago: str,
                                                     mla: str) -> None:
    assert format_levels([(level, value)], "chicago") == chicago
    assert format_levels([(level, value)], "mla") == mla


def test_registry_aliases_and_unknown_archives() -> None:
    registry = load_registry()
    assert registry.lookup("AP RF").id == "APRF"
    assert registry.lookup("APRF:").id == "APRF"
    assert registry.lookup("MNL OL").id == "MOL"
    assert registry.lookup("Polish Foreign Ministry Archive") is None
    assert Holding("AVP RF").display_archive("mla", registry) == (
        "Foreign Policy Archive of the Russian Federation"
    )


def test_derived_fields_of_seed() -> None:
    record = derive_archive_fields(dict(SEED), load_registry())
    assert record["archive"] == "APRF"
    assert record["archive-place"] == "Moscow"
    # Issue 10 changes this: the flat fields describe the first holding only (other tools print
    # archive_location under archive's name); further holdings go to `division`.
    assert record["archive_location"] == "f. 45, op. 1, d. 339, ll. 95–96"
    assert record["division"] == "AVPRF, f. 059a, op. 5a, d. 4, papka 11, ll. 14–15"
    assert [h.archive for h in holdings_of(record)] == ["APRF", "AVPRF"]
    one = derive_archive_fields({**record, "custom": {"holdings": [
        record["custom"]["holdings"][0]]}}, load_registry())
    assert "division" not in one  # a stale division goes when the holdings change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": "../evil"}, "not a citation key"),
        ({"type": "letter"}, "not a kind of item archcite knows"),
        ({"location": "x"}, "not a CSL variable"),
        ({"issued": {"date-parts": [[1951, 2, 30]]}}, "not a real date"),
        ({"author": [{"name": "x"}]}, "unknown name part"),
        ({"issued": {"date-parts": [[99999999999999999999999]]}}, "out of range"),
        ({"custom": {"holdings": [{"archive": "APRF", "levels": [["fond"]]}]}}, "pair"),
        ({"custom": {"holdings": [{"archive": "APRF", "levels": [["shelf", "1"]]}]}},
         "unknown level"),
    ],
)
def test_validation_refuses(change: dict, message: str) -> None:
    with pytest.raises(RecordError, match=message):
        validate_record({**SEED, **change})


def test_seed_is_valid_and_file_is_stable() -> None:
    validate_record(SEED)
    text = (BUNDLED_LIBRARY / f"{SEED_KEY}.json").read_text("utf-8")
    assert dumps_record(SEED) == text
    assert text.endswith("}\n") and "\\u" not in text


def test_keys() -> None:
    assert base_key(SEED) == "filippov1951ciphered"
    cyr = {"author": [{"family": "Иванов", "given": "И."}], "title": "Записка",
           "issued": {"date-parts": [[1950]]}}
    assert base_key(cyr) == "ivanov1950zapiska"
    anon = {"title": "Minutes of Conversation between I.V. Stalin and Zhou Enlai",
            "issued": {"date-parts": [[1952, 8, 20]]}}
    assert base_key(anon) == "minutes1952conversation"
    assert unique_key(SEED, {"filippov1951ciphered"}) == "filippov1951ciphereda"
    assert unique_key(SEED, {"filippov1951ciphered", "filippov1951ciphereda"}) == (
        "filippov1951cipheredb"
    )


@pytest.mark.parametrize(
    ("sender", "word"),
    [
        ("Filippov [Stalin]", "filippov"),
        ("Filippov (Stalin)", "filippov"),
        ("President Carter", "carter"),
        ("Joseph Stalin", "stalin"),
        ("I.V. Stalin", "stalin"),
        ("Mao Zedong", "mao"),
        ("Kim Il Sung", "kim"),
        ("Embassy of Hungary in North Korea", "embassy"),
        ("Polish Ambassador in the DPRK", "polish"),
        ("Mikoyan, A. I.", "mikoyan"),
        ("Иванов И.", "ivanov"),
        ("Лотман Ю. М.", "lotman"),
    ],
)
def test_key_files_literal_names_under_the_right_word(sender: str, word: str) -> None:
    record = {"author": [{"literal": sender}], "title": "Cable", "issued": {"date-parts": [[1950]]}}
    assert base_key(record) == f"{word}1950cable"
