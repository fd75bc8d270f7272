"""Export without loss: round trips over the whole fixture library plus the literature.

The library is built as a user builds one: every real Wilson Center page and the seed through
``add``, every literature file (Zotero, Mendeley, JabRef, EDTF, crossref/xdata BibLaTeX, RIS,
CSL-JSON of many kinds) through ``import``, then tags and personal notes through ``tag`` and
``note``. A round trip exports it and imports the export into an empty library: the record
files must come back identical (every field value, tags, notes, holdings and old keys; fields
archcite derives recomputed from the same data). Re-importing an export into the library it
came from must add nothing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from archcite.formats.bibread import read_bib
from archcite.model.archives import default_registry
from tests.helpers import (
    LITERATURE,
    build_full_library,
    every_type_items,
    library_records,
    run_cli,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    library = tmp_path_factory.mktemp("full") / "library"
    build_full_library(library)
    return library


@pytest.fixture
def full_library(built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built library (a test may change it)."""
    path = tmp_path / "library"
    shutil.copytree(built, path, ignore=shutil.ignore_patterns(".archcite"))
    return path


def test_the_library_holds_every_kind(full_library: Path) -> None:
    held = library_records(full_library)
    kinds = {r["type"] for r in held.values()}
    assert {"personal_communication", "book", "chapter", "article-journal", "thesis",
            "report", "webpage", "article-newspaper", "interview", "manuscript"} <= kinds
    custom = [r.get("custom", {}) for r in held.values()]
    assert any(c.get("tags") for c in custom) and any(c.get("notes") for c in custom)
    assert any(c.get("holdings") for c in custom) and any(c.get("bib-fields") for c in custom)
    assert any(c.get("old-keys") for c in custom)


@pytest.mark.parametrize("fmt,suffix", [("biblatex", ".bib"), ("bibtex", ".bib"),
                                        ("csl-json", ".json")])
def test_round_trip_gives_every_record_back_identical(full_library: Path, tmp_path: Path,
                                                      fmt: str, suffix: str) -> None:
    out = tmp_path / f"export{suffix}"
    args = ["export", "--format", fmt, "-o", str(out)]
    if fmt != "csl-json":
        args.append("--full")
    run_cli(full_library, *args)
    again = tmp_path / "again"
    again.mkdir()
    run_cli(again, "import", "--strict", str(out))
    before, after = library_records(full_library), library_records(again)
    assert sorted(after) == sorted(before)
    differ = {key: (before[key], after[key]) for key in before if before[key] != after[key]}
    assert not differ, json.dumps(next(iter(differ.items())), indent=1, ensure_ascii=False)


@pytest.mark.parametrize("fmt,full", [("biblatex", False), ("biblatex", True),
                                      ("bibtex", False), ("csl-json", False)])
def test_reimporting_the_librarys_own_export_adds_nothing(full_library: Path, tmp_path: Path,
                                                          fmt: str, full: bool) -> None:
    out = tmp_path / ("export.json" if fmt == "csl-json" else "export.bib")
    run_cli(full_library, "export", "--format", fmt, "-o", str(out), *(["--full"] if full else []))
    before = {p.name: p.read_bytes() for p in full_library.glob("*.json")}
    result = run_cli(full_library, "import", str(out))
    assert f"imported 0, already held {len(before)}," in result.output
    assert {p.name: p.read_bytes() for p in full_library.glob("*.json")} == before


def test_default_biblatex_export_keeps_tags_old_keys_and_literature_fields(
        full_library: Path, tmp_path: Path) -> None:
    out = tmp_path / "plain.bib"
    run_cli(full_library, "export", "--format", "biblatex", "-o", str(out))
    held = library_records(full_library)
    entries = {e.key: e for e in _bib_entries(out.read_text("utf-8"))}
    assert set(entries) == set(held)
    for key, record in held.items():
        fields = entries[key]
        assert not any(name.startswith("x-archcite") for name in fields.fields)
        tags = record.get("custom", {}).get("tags")
        if tags:
            assert fields["keywords"] == ", ".join(t.replace("&", "\\&") for t in tags)
        # a former key that another record now has is no alias (biber would skip it)
        former = [k for k in record.get("custom", {}).get("old-keys", []) if k not in held]
        assert fields.fields.get("ids", "").split(",") == (former or [""]), key
        for var, field in (("DOI", "doi"), ("ISBN", "isbn"), ("volume", "volume")):
            if record.get(var):
                assert fields[field] == record[var], (key, var)
        if record.get("page"):
            assert fields["pages"].replace("--", "-") == record["page"], key
        kept = record.get("custom", {}).get("bib-fields", {})
        for name, value in kept.items():
            if name in ("crossref", "xdata", "year", "month", "day"):
                continue  # inherited into the record / a second date: never written back
            assert name in fields.fields, (key, name)
            if name not in ("subtitle", "titleaddon"):
                assert fields[name] == value, (key, name)
    shen = entries["shen2009hidden"]
    assert (shen.type, shen["journaltitle"], shen["volume"], shen["number"], shen["pages"]) == (
        "article", "Journal of Cold War Studies", "11", "4", "74--117")
    assert shen["doi"] == "10.1162/jcws.2009.11.4.74"
    assert shen["urldate"] == "2025-03-14"
    chapter = entries["weathersby1994aims"]
    assert chapter.type == "incollection"
    assert chapter["booktitle"].startswith("Origins of the Cold War")
    assert chapter["editor"] == "Leffler, Melvyn P. and Painter, David S."
    assert chapter["series"] == "Rewriting Histories"
    assert entries["frus1950korea"]["origdate"] == "1950"
    assert entries["bce2000caesar"]["origdate"] == "-0049~"
    assert entries["pravda1950korea"]["title"] == "\\mkbibemph{Pravda} on the Korean question"
    assert entries["pravda1950korea"]["entrysubtype"] == "newspaper"
    assert entries["kim2011thesis"]["type"] == "phdthesis"
    assert entries["ledovskii2005sovetsko"]["note"] == "Reprinted from the AVPRF copy."


def test_an_archival_record_note_is_the_addendum(seed_library: Path, tmp_path: Path) -> None:
    [path] = seed_library.glob("*.json")
    record = json.loads(path.read_text("utf-8"))
    record["note"] = "Reprinted in CWIHP Bulletin 6-7, p. 59."
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2), "utf-8")
    out = tmp_path / "seed.bib"
    run_cli(seed_library, "export", "--format", "biblatex", "-o", str(out))
    [entry] = _bib_entries(out.read_text("utf-8"))
    assert entry["addendum"] == "Reprinted in CWIHP Bulletin 6-7, p. 59."
    assert entry["note"].startswith("{APRF}")
    back = read_bib(out.read_text("utf-8"), default_registry()).records[0]
    assert back["note"] == record["note"]


def test_literature_bib_files_round_trip_field_by_field(tmp_path: Path) -> None:
    """BibLaTeX → archcite → BibLaTeX (--full): each file's records come back identical."""
    for path in [p for p in LITERATURE if p.suffix == ".bib"]:
        first, second = tmp_path / path.stem / "a", tmp_path / path.stem / "b"
        first.mkdir(parents=True)
        second.mkdir()
        run_cli(first, "import", str(path))
        out = tmp_path / path.stem / "out.bib"
        run_cli(first, "export", "--format", "biblatex", "--full", "-o", str(out))
        run_cli(second, "import", "--strict", str(out))
        assert library_records(second) == library_records(first), path.name


class _Entry:
    def __init__(self, kind: str, key: str, fields: dict[str, str]) -> None:
        self.type, self.key, self.fields = kind, key, fields

    def __getitem__(self, name: str) -> str:
        return self.fields[name]


def _bib_entries(text: str) -> list[_Entry]:
    """The entries of archcite's own .bib output (one field a line, braced values)."""
    import bibtexparser

    library = bibtexparser.parse_string(text, parse_stack=[])
    out = []
    for block in library.entries:
        fields = {}
        for field in block.fields:
            value = str(field.value)
            fields[field.key] = value[1:-1] if value.startswith("{") else value
        out.append(_Entry(block.entry_type.lower(), block.key, fields))
    return out


@pytest.mark.parametrize("fmt", ["biblatex", "bibtex", "csl-json"])
def test_every_csl_type_round_trips(tmp_path: Path, fmt: str) -> None:
    source = tmp_path / "every.json"
    source.write_text(json.dumps(every_type_items(), ensure_ascii=False), "utf-8")
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    run_cli(first, "import", "--strict", str(source))
    out = tmp_path / ("out.json" if fmt == "csl-json" else "out.bib")
    run_cli(first, "export", "--format", fmt, "-o", str(out),
            *([] if fmt == "csl-json" else ["--full"]))
    run_cli(second, "import", "--strict", str(out))
    before, after = library_records(first), library_records(second)
    assert len(before) == len(every_type_items())
    differ = [key for key in before if before[key] != after.get(key)]
    assert not differ, differ
