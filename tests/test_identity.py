"""When two records are one document (identity) and when they only may be (likeness)."""

from __future__ import annotations

from typing import Any

from archcite.model.identity import identities, likeness

TELEGRAM: dict[str, Any] = {
    "type": "personal_communication", "title": "Ciphered telegram",
    "author": [{"literal": "Filippov [Stalin]"}], "recipient": [{"literal": "Mao Zedong"}],
    "issued": {"date-parts": [[1951, 6, 30]]},
    "custom": {"holdings": [{"archive": "APRF", "levels": [["fond", "45"], ["opis", "1"],
                                                          ["delo", "339"], ["listy", "95-96"]]}]},
}


def shared(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(set(identities(a)) & set(identities(b)))


def test_the_same_holdings_date_and_parties_are_one_document() -> None:
    retitled = {**TELEGRAM, "title": "Telegram, Stalin to Mao", "genre": "cable"}
    assert shared(TELEGRAM, retitled)
    other_day = {**TELEGRAM, "issued": {"date-parts": [[1951, 7, 1]]}}
    other_sheets = {**TELEGRAM, "custom": {"holdings": [{"archive": "APRF", "levels": [
        ["fond", "45"], ["opis", "1"], ["delo", "339"], ["listy", "97"]]}]}}
    other_recipient = {**TELEGRAM, "recipient": [{"literal": "Kim Il Sung"}]}
    for other in (other_day, other_sheets, other_recipient):
        assert not shared(TELEGRAM, other)


def test_a_shelfmark_alone_is_no_identity() -> None:
    bare = {k: v for k, v in TELEGRAM.items() if k not in ("author", "recipient", "issued")}
    assert identities(bare) == []


def test_generic_url_and_number_are_no_identity() -> None:
    one = {"type": "webpage", "title": "A", "URL": "https://example.com", "number": "3"}
    two = {"type": "webpage", "title": "B", "URL": "https://example.com", "number": "3"}
    assert identities(one) == [] and not shared(one, two)


def test_wilson_record_id_doi_and_isbn_with_title() -> None:
    wilson = {"type": "manuscript", "URL": "https://digitalarchive.wilsoncenter.org/document/110374"}
    assert identities(wilson) == ["wilson:110374"]
    assert shared({"type": "article-journal", "DOI": "10.1/ABC"},
                  {"type": "article-journal", "DOI": "https://doi.org/10.1/abc"})
    chapter_one = {"type": "chapter", "title": "One", "ISBN": "978-0-19-878070-0"}
    chapter_two = {"type": "chapter", "title": "Two", "ISBN": "9780198780700"}
    assert not shared(chapter_one, chapter_two)
    assert shared(chapter_one, {**chapter_one, "ISBN": "9780198780700", "title": "ONE"})


def test_likely_duplicates_share_title_author_and_year_or_shelf_date_and_parties() -> None:
    book = {"type": "book", "title": "We Now Know", "author": [{"family": "Gaddis"}],
            "issued": {"date-parts": [[1997]]}}
    assert set(likeness(book)) & set(likeness({**book, "publisher": "OUP"}))
    assert not set(likeness(book)) & set(likeness({**book, "issued": {"date-parts": [[1998]]}}))
    other_sheets = {**TELEGRAM, "custom": {"holdings": [{"archive": "APRF", "levels": [
        ["fond", "45"], ["opis", "1"], ["delo", "339"], ["listy", "97"]]}]}}
    assert set(likeness(TELEGRAM)) & set(likeness(other_sheets))  # same file, other sheets
