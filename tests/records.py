"""Small hand-made records for index, query and command tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from archcite.model.record import dumps_record


def make_record(key: str, *, title: str, author: str = "", recipient: str = "",
                date: list[int] | None = None, genre: str = "telegram",
                type_: str = "personal_communication", holdings: list[dict[str, Any]] | None = None,
                abstract: str = "", tags: list[str] | None = None, language: str = "en",
                original: str = "Russian", record_id: str = "") -> dict[str, Any]:
    """A valid record with only the fields a test cares about."""
    record: dict[str, Any] = {"id": key, "type": type_, "title": title, "genre": genre,
                              "language": language}
    if author:
        record["author"] = [{"literal": author}]
    if recipient:
        record["recipient"] = [{"literal": recipient}]
    if date:
        record["issued"] = {"date-parts": [date]}
    if abstract:
        record["abstract"] = abstract
    custom: dict[str, Any] = {"original-language": original}
    if record_id:  # the Wilson Center Record ID
        custom["record-id"] = record_id
    if holdings:
        custom["holdings"] = holdings
    if tags:
        custom["tags"] = tags
    record["custom"] = custom
    return record


SAMPLE = [
    make_record("lotman1960letter", title="Letter from Лотман to Успенский",
                author="Юрий Лотман", recipient="Борис Успенский", date=[1960, 3, 1],
                genre="letter", holdings=[{"archive": "RGALI", "levels": [
                    ["fond", "1"], ["opis", "2"], ["delo", "7"]]}], tags=["semiotics"]),
    make_record("embassy1956report", title="Report of the Embassy in München",
                author="Embassy of Hungary", date=[1956, 10], genre="report",
                type_="manuscript", original="Hungarian", language="en",
                holdings=[{"archive": "MNL OL", "reference": "XIX-J-1-j, 4. doboz"}]),
    make_record("kim1950ciphered", title="Ciphered telegram, Kim Il Sung to Stalin",
                author="Kim Il Sung", recipient="Stalin", date=[1950, 9, 29],
                genre="ciphered telegram", record_id="114911",
                holdings=[{"archive": "AP RF", "levels": [["fond", "45"], ["opis", "1"],
                                                          ["delo", "347"], ["listy", "41-45"]]}],
                tags=["korea", "draft"]),
    make_record("mao1953cable", title="Cable, Mao Zedong to Filippov", author="Mao Zedong",
                recipient="Filippov [Stalin]", date=[1953], genre="cable", original="Chinese",
                holdings=[{"archive": "APRF", "levels": [["fond", "45"], ["opis", "1"],
                                                         ["delo", "339"], ["list", "9"]]}],
                tags=["korea"], abstract="On the armistice talks at Kaesong."),
]


def write_library(folder: Path, records: list[dict[str, Any]] | None = None) -> Path:
    """Write records as library files (derived archive fields left out: the store adds them)."""
    folder.mkdir(parents=True, exist_ok=True)
    for record in SAMPLE if records is None else records:
        (folder / f"{record['id']}.json").write_text(dumps_record(record), "utf-8")
    return folder


def read(folder: Path, key: str) -> dict[str, Any]:
    """A record file's JSON."""
    return json.loads((folder / f"{key}.json").read_text("utf-8"))
