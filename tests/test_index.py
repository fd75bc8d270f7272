"""The index: folding, fields, and never trusting a stale cache."""

from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archcite.library.fold import SPECIAL_LETTERS, fold, fold_tokens
from archcite.library.index import INDEX_NAME, Index, open_index
from archcite.library.store import Library
from archcite.model.archives import load_registry
from archcite.model.record import dumps_record
from archcite.model.translit import CYRILLIC_LETTERS
from tests.helpers import SAMPLE, make_record, read, write_library


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library(write_library(tmp_path / "lib"), load_registry())


def keys(library: Library, query: str, **kw: object) -> list[str]:
    with open_index(library) as index:
        return index.keys(query, **kw)  # type: ignore[arg-type]


def test_fold_case_diacritics_and_script() -> None:
    assert fold("«Лотман»") == "«lotman»"
    assert fold("München") == "munchen"
    assert fold_tokens("Łódź, Straße; Щукин") == ["lodz", "strasse", "shchukin"]
    assert fold_tokens("毛泽东") == ["毛泽东"]


def _fold_by_definition(text: str) -> str:
    """What fold means, character by character: romanize, replace the letters NFKD keeps
    whole, decompose, drop every combining mark, case-fold."""
    text = text.translate(CYRILLIC_LETTERS).translate(SPECIAL_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def test_fold_agrees_with_its_definition_on_every_character() -> None:
    # Every code point (surrogates aside), in runs, so that marks meet letters of every script.
    points = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    for start in range(0, len(points), 499):
        text = "".join(points[start:start + 499])
        assert fold(text) == _fold_by_definition(text), hex(start)
    assert fold("v1:" + "Telegram TEXT " * 100_000) == "v1:" + "telegram text " * 100_000


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
       | st.text(alphabet="İIıßŁæЛлЩщёЁьʹ́̈e o-«»", max_size=60))
def test_fold_agrees_with_its_definition_on_mixed_text(text: str) -> None:
    assert fold(text) == _fold_by_definition(text)


@pytest.mark.parametrize(("query", "expected"), [
    ("lotman", ["lotman1960letter"]),
    ("Лотман", ["lotman1960letter"]),
    ("LOTMAN", ["lotman1960letter"]),
    ("munchen", ["embassy1956report"]),
    ("München", ["embassy1956report"]),
    ("author:stalin", []),
    ("recipient:stalin", ["kim1950ciphered", "mao1953cable"]),
    ("author:mao", ["mao1953cable"]),
    ("archive:APRF", ["kim1950ciphered", "mao1953cable"]),
    ('archive:"AP RF" delo:347', ["kim1950ciphered"]),
    ("archive:MOL", ["embassy1956report"]),
    ("fond:45 delo:339", ["mao1953cable"]),
    ("list:41-45", ["kim1950ciphered"]),
    ("year:1950", ["kim1950ciphered"]),
    ("year:1953..1960", ["mao1953cable", "embassy1956report", "lotman1960letter"]),
    ("year:..1955", ["kim1950ciphered", "mao1953cable"]),
    ("type:telegram", ["kim1950ciphered"]),
    ("type:manuscript", ["embassy1956report"]),
    ("lang:russian", ["kim1950ciphered", "lotman1960letter"]),
    ("lang:chinese", ["mao1953cable"]),
    ("tag:korea", ["kim1950ciphered", "mao1953cable"]),
    ("tag:korea -tag:draft", ["mao1953cable"]),
    ("tag:semiotics OR munchen", ["embassy1956report", "lotman1960letter"]),
    ("armistice", ["mao1953cable"]),
    ('"ciphered telegram"', ["kim1950ciphered"]),
    ('"telegram ciphered"', []),
    ("key:kim*", ["kim1950ciphered"]),
    # issue 10: id: is the Wilson Record ID, number: the document's own number
    ("id:114911", ["kim1950ciphered"]),
    ("number:114911", []),
    ("stal", ["kim1950ciphered", "mao1953cable"]),
])
def test_search(library: Library, query: str, expected: list[str]) -> None:
    assert keys(library, query) == expected


def test_sorts_and_limit(library: Library) -> None:
    assert keys(library, "", sort="key") == sorted(r["id"] for r in SAMPLE)
    assert keys(library, "", sort="date") == [
        "kim1950ciphered", "mao1953cable", "embassy1956report", "lotman1960letter"]
    # archive sort is natural: d. 339 before d. 347 (numbers compare as numbers)
    assert keys(library, "archive:APRF", sort="archive") == ["mao1953cable", "kim1950ciphered"]
    assert keys(library, "", sort="date", limit=2) == ["kim1950ciphered", "mao1953cable"]


def test_rows_carry_listing_fields(library: Library) -> None:
    with open_index(library) as index:
        (row,) = index.search("key:kim1950ciphered")
    assert row.date == "1950-09-29"
    assert (row.sender, row.recipient) == ("Kim Il Sung", "Stalin")
    assert row.reference == "AP RF, f. 45, op. 1, d. 347, ll. 41–45"


def _touch_later(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))


def test_changed_file_is_reindexed_and_only_it(library: Library) -> None:
    with open_index(library) as index:
        assert index.count() == 4
    record = read(library.root, "lotman1960letter")
    record["title"] = "Letter about Tartu"
    path = library.root / "lotman1960letter.json"
    path.write_text(dumps_record(record), "utf-8")
    _touch_later(path)  # same-size edits on coarse clocks still differ in mtime
    with Index(library) as index:
        report = index.refresh()
        assert (report.added, report.updated, report.removed) == (0, 1, 0)
        assert index.keys("tartu") == ["lotman1960letter"]
        assert index.keys("title:успенский") == []  # the old title is gone from the index


def test_mtime_only_change_reindexes_same_content(library: Library) -> None:
    open_index(library).close()
    _touch_later(library.root / "kim1950ciphered.json")
    with Index(library) as index:
        assert index.refresh().updated == 1
        assert index.keys("tag:draft") == ["kim1950ciphered"]
        assert index.refresh().touched == 0  # now up to date: nothing read


def test_new_and_removed_files(library: Library) -> None:
    open_index(library).close()
    (library.root / "mao1953cable.json").unlink()
    write_library(library.root, [make_record("new1970memo", title="Memo on Ostpolitik",
                                             date=[1970])])
    with Index(library) as index:
        report = index.refresh()
        assert (report.added, report.removed) == (1, 1)
        assert index.keys("") == ["kim1950ciphered", "embassy1956report", "lotman1960letter",
                                  "new1970memo"]


def test_deleted_or_corrupt_index_is_rebuilt(library: Library) -> None:
    open_index(library).close()
    db = library.cache_dir / INDEX_NAME
    assert db.is_file()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    assert keys(library, "lotman") == ["lotman1960letter"]
    db.write_bytes(b"this is not a database at all" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    assert keys(library, "munchen") == ["embassy1956report"]


def test_bad_files_are_skipped_with_one_warning_each(library: Library) -> None:
    (library.root / "broken.json").write_text('{"id": "broken", ', "utf-8")
    (library.root / "wrongid.json").write_text(
        dumps_record(make_record("other", title="x")), "utf-8")
    warnings: list[str] = []
    with open_index(library, warnings.append) as index:
        assert index.count() == 4
    assert len(warnings) == 2
    assert "broken.json" in warnings[0] and "JSON" in warnings[0]
    assert "wrongid.json" in warnings[1]
    # Still reported on the next run (without re-reading), and gone once fixed.
    warnings.clear()
    open_index(library, warnings.append).close()
    assert len(warnings) == 2
    (library.root / "broken.json").unlink()
    warnings.clear()
    open_index(library, warnings.append).close()
    assert len(warnings) == 1


def test_registry_change_rebuilds(library: Library, tmp_path: Path) -> None:
    assert keys(library, "archive:ZZA") == []
    user = tmp_path / "archives.json"
    user.write_text('[{"id": "ZZA", "aliases": ["RGALI"], "name": "Test"}]', "utf-8")
    other = Library(library.root, load_registry(user))
    with open_index(other) as index:
        assert index.keys("archive:ZZA") == ["lotman1960letter"]
        # Rebuilt on a new connection, still a cache's: WAL, commits without fsync (NORMAL).
        assert index.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert index.conn.execute("PRAGMA synchronous").fetchone()[0] == 1
