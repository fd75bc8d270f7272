"""Fuzz harness: feed random and mutated input to an importer and check the library after.

A target is one line in :data:`FUZZ_TARGETS`: a name → ``(function, inputs)``, where the
function ``(data, library) -> None`` imports ``data`` into ``library`` through a real entry
point (Library.add, sources.load, formats.importing, the CLI) and ``inputs`` is the hypothesis
strategy that draws ``data``. :func:`run_target` calls it and enforces the contract: the only
exceptions are archcite's own (RecordError, LibraryError, SourceError, …), a failed import
leaves the library's record files exactly as they were (no partial import), and afterwards every
file in the library is a whole, valid record inside the library, with no temporary file left.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from hypothesis import strategies as st

from archcite.errors import ArchciteError
from archcite.library.store import Library
from archcite.model.record import validate_record
from tests.helpers import SHARED, assert_library_valid, files_under, numbered_record, seed_record

Target = Callable[[Any, Library], None]

# -- strategies ------------------------------------------------------------------------------

SEED_RECORD: dict[str, Any] = seed_record()

HOSTILE_KEYS = ["../../evil", "/tmp/x", "con", "NUL", "com1", "a\x00b", "x" * 300, ".hidden",
                "key\n", "", " ", "ключ", "a:b", "<<<<<<< HEAD", "\ud800", "9" * 50,
                "..", "lpt1.txt", "a/b", "a\\b", "~user"]
_HOSTILE_TEXT = st.sampled_from(HOSTILE_KEYS)
_TEXT = st.one_of(st.text(max_size=30), _HOSTILE_TEXT)
_JSON_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                         _TEXT)
JSON_VALUES = st.recursive(
    _JSON_SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(_TEXT, inner, max_size=4)),
    max_leaves=12,
)
_FIELDS = sorted(set(SEED_RECORD) | {"custom", "issued", "id", "type", "number", "URL",
                                     "note", "categories", "page", "accessed"})


@st.composite
def mutated_records(draw: st.DrawFn) -> Any:
    """The seed record with fields removed, replaced by random JSON, or nested parts broken."""
    record: dict[str, Any] = json.loads(json.dumps(SEED_RECORD))
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["drop", "set", "hostile-id", "holding", "date", "extra"]))
        field = draw(st.sampled_from(_FIELDS))
        if action == "drop":
            record.pop(field, None)
        elif action == "set":
            record[field] = draw(JSON_VALUES)
        elif action == "hostile-id":
            record["id"] = draw(_HOSTILE_TEXT)
        elif action == "holding":
            record.setdefault("custom", {})
            if isinstance(record["custom"], dict):
                record["custom"]["holdings"] = draw(st.one_of(
                    JSON_VALUES,
                    st.lists(st.fixed_dictionaries({
                        "archive": _TEXT,
                        "levels": st.lists(st.lists(_TEXT, max_size=3), max_size=3),
                    }), max_size=2),
                ))
        elif action == "date":
            record["issued"] = {"date-parts": draw(st.lists(
                st.lists(st.one_of(st.integers(-5, 99999), _TEXT), max_size=4), max_size=3))}
        else:
            record[draw(_TEXT)] = draw(JSON_VALUES)
    record["number"] = draw(st.one_of(st.just(record.get("number")),
                                      st.integers(0, 10**6).map(str)))
    return record


ANY_INPUT = st.one_of(mutated_records(), JSON_VALUES)


def _shared_pages() -> list[bytes]:
    """The real Wilson Center pages (read in place), or the bundled record's text without them."""
    pages = []
    for folder, pattern in ((SHARED / "fixtures" / "wilson", "*.txt"), (SHARED / "seed", "*.md")):
        if folder.is_dir():
            pages += [p.read_bytes() for p in sorted(folder.glob(pattern))]
    return pages or [json.dumps(SEED_RECORD).encode()]


PAGES = _shared_pages()
_LABELS = [b"Source", b"Rights", b"Record ID", b"Original Language", b"Date", b"Author(s)",
           b"Language", b"Type", b"Original Archive", b"Citation", b"Document Information",
           b"History and Public Policy Program Digital Archive", b"Translated by", b"URL:"]


@st.composite
def mutated_bytes(draw: st.DrawFn, bases: list[bytes]) -> bytes:
    """One of ``bases`` cut, spliced, flipped, with labels repeated, NULs and huge lines."""
    data = bytearray(draw(st.sampled_from(bases)))
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["truncate", "splice", "flip", "dup-label", "nul",
                                       "huge", "drop-lines", "insert", "label-line",
                                       "crlf", "latin1"]))
        pos = draw(st.integers(0, len(data)))
        if action == "truncate":
            del data[pos:]
        elif action == "splice":
            other = draw(st.sampled_from(bases))
            cut = draw(st.integers(0, len(other)))
            data[pos:] = other[cut:]
        elif action == "flip" and data:
            at = min(pos, len(data) - 1)
            data[at] ^= draw(st.integers(1, 255))
        elif action == "dup-label":
            lines = bytes(data).split(b"\n")
            line = draw(st.sampled_from(lines))
            lines.insert(draw(st.integers(0, len(lines))), line)
            data = bytearray(b"\n".join(lines))
        elif action == "nul":
            data[pos:pos] = b"\x00"
        elif action == "huge":
            size = draw(st.sampled_from([5_000, 100_000, 1_000_000]))
            data[pos:pos] = b"\n" + draw(st.sampled_from([b"x", b"F. 45, ", b", "])) * (
                size // 3) + b"\n"
        elif action == "drop-lines":
            lines = bytes(data).split(b"\n")
            start = draw(st.integers(0, len(lines)))
            del lines[start:start + draw(st.integers(1, 10))]
            data = bytearray(b"\n".join(lines))
        elif action == "insert":
            data[pos:pos] = draw(_TEXT).encode("utf-8", "surrogatepass")
        elif action == "label-line":
            label = draw(st.sampled_from(_LABELS))
            value = draw(_TEXT).encode("utf-8", "surrogatepass")
            data[pos:pos] = b"\n" + label + b"\n\n" + value + b"\n"
        elif action == "crlf":
            data = bytearray(bytes(data).replace(b"\n", b"\r\n"))
        elif action == "latin1":
            data = bytearray(bytes(data).decode("utf-8", "replace").encode("latin-1", "replace"))
    return bytes(data)


def _as_html(page: bytes) -> bytes:
    """A saved page as an HTML document: labels as headings, lines as paragraphs, a script."""
    lines = page.decode("utf-8", "replace").split("\n")
    body = "".join(f"<h3>{line}</h3>" if line.strip().encode() in _LABELS else f"<p>{line}</p>"
                   for line in lines)
    return (f"<!DOCTYPE html><html><head><title>x</title>"
            f"<link rel=\"canonical\" href=\"https://digitalarchive.wilsoncenter.org/document/1\">"
            f"<script>throw new Error('never run')</script></head><body><main>{body}"
            f"<script>document.write('evil')</script></main></body></html>").encode()


HTML_PAGES = [_as_html(p) for p in PAGES]
_HTML_NOISE = [b"<div>", b"</div>", b"<script>", b"</p>", b"<!--", b"-->", b"<![CDATA[",
               b"<?xml version='1.0'?>", b"&#0;", b"&amp", b"<br/>", b"<link rel=canonical "
               b"href='javascript:alert(1)'>", b"<meta property='og:url' content='../../x'>"]


@st.composite
def mutated_html(draw: st.DrawFn) -> bytes:
    """A real page as HTML, mutated as bytes and with stray or broken markup inserted."""
    data = bytearray(draw(mutated_bytes(HTML_PAGES)))
    for _ in range(draw(st.integers(0, 3))):
        pos = draw(st.integers(0, len(data)))
        data[pos:pos] = draw(st.sampled_from(_HTML_NOISE))
    return bytes(data)


def _citation_of(record: dict[str, Any]) -> str:
    return str((record.get("custom") or {}).get("citation") or "")


_CITATION = _citation_of(SEED_RECORD) or (
    "“Ciphered telegram, Filippov (Stalin) to Mao Zedong,” June 30, 1951, History and Public "
    "Policy Program Digital Archive, APRF, f. 45, op. 1, d. 339, ll. 95-96. "
    "https://digitalarchive.wilsoncenter.org/document/110374")


@st.composite
def citation_strings(draw: st.DrawFn) -> str:
    """The seed's printed citation mutated, or one built from random parts around the shape."""
    if draw(st.booleans()):
        return draw(mutated_bytes([_CITATION.encode()])).decode("utf-8", "replace")
    title, date, source = draw(_TEXT), draw(_TEXT), draw(_TEXT)
    return (f"“{title},” {date}, History and Public Policy Program Digital Archive, "
            f"{source}. {draw(_TEXT)} https://digitalarchive.wilsoncenter.org/document/"
            f"{draw(st.integers(0, 10**7))}")


def _bib_texts() -> list[bytes]:
    from archcite.formats.export import export_records
    from archcite.model.archives import load_registry

    registry = load_registry()
    library = Library(Path("/nonexistent"), registry)
    records = [library.prepare(SEED_RECORD)]
    records += [library.prepare({**numbered_record(n), "id": f"telegram{n}"}) for n in (7, 8)]
    return [export_records(records, fmt, registry).encode() for fmt in ("bibtex", "biblatex")]


BIB_TEXTS = _bib_texts()
_BIB_FIELDS = ["title", "author", "date", "year", "month", "day", "note", "howpublished",
               "library", "url", "langid", "keywords", "x-archcite", "x-original-title",
               "titleaddon", "entrysubtype", "translator", "abstract", "organization", "type"]


@st.composite
def bib_texts(draw: st.DrawFn) -> bytes:
    """archcite's own .bib export mutated, or entries of random fields with hostile keys."""
    if draw(st.booleans()):
        text = draw(mutated_bytes(BIB_TEXTS))
        if draw(st.booleans()):  # give an entry a hostile key
            key = draw(_HOSTILE_TEXT).encode("utf-8", "surrogatepass")
            text = text.replace(b"{filippov1951ciphered,", b"{" + key + b",", 1)
        return text
    entries = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["letter", "unpublished", "misc", "book", "article", "x"]))
        fields = draw(st.dictionaries(st.sampled_from(_BIB_FIELDS), st.one_of(
            _TEXT, st.sampled_from(["9" * 5000, "0", "-1", "{" * 300 + "}" * 300])),
            max_size=6))
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
        entries.append(f"@{kind}{{{draw(_TEXT)},\n{body}\n}}")
    return "\n\n".join(entries).encode("utf-8", "surrogatepass")


@st.composite
def csl_texts(draw: st.DrawFn) -> bytes:
    """CSL-JSON arrays of mutated records (hostile citation keys too), whole or mutated."""
    items = draw(st.lists(st.one_of(mutated_records(), JSON_VALUES), min_size=1, max_size=3))
    for item in items:
        if isinstance(item, dict) and draw(st.booleans()):
            item[draw(st.sampled_from(["citation-key", "citationKey", "id"]))] = draw(
                _HOSTILE_TEXT)
    shape = draw(st.sampled_from(["list", "items", "one"]))
    hazard = draw(st.sampled_from([None, None, *JSON_HAZARDS]))
    data: Any = items if shape == "list" else {"items": items} if shape == "items" else items[0]
    text = json.dumps(data, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    if hazard is not None:  # a deep nest, a number of 5,000 digits, an infinity in an item
        text = text.replace(b"{", b'{"custom": {"x": ' + hazard + b"}, ", 1)
    return draw(mutated_bytes([text])) if draw(st.booleans()) else text


JSON_HAZARDS = [b"[" * n + b"]" * n for n in (40, 600, 5000)] + [
    b"9" * 5000, b"1e400", b"-1e400", b'"\\ud800"', b"NaN", b"Infinity"]


# -- targets ---------------------------------------------------------------------------------


def _validate_then_add(data: Any, library: Library) -> None:
    validate_record(data)
    library.add(data)


def _add(data: Any, library: Library) -> None:
    library.add(data)


def _add_update(data: Any, library: Library) -> None:
    library.add(data, update=True)


def _write(data: Any, library: Library) -> None:
    library.write(data)


def _json_text_add(data: Any, library: Library) -> None:
    # A CSL-JSON item's text, parsed as a script would before handing it to the library.
    try:
        parsed = json.loads(json.dumps(data))
    except (TypeError, ValueError) as exc:  # pragma: no cover - data is JSON-shaped
        raise AssertionError(exc) from exc
    library.add(parsed)


def _input_file(data: bytes, suffix: str) -> Path:
    """``data`` in a fresh file outside the library (the caller removes its folder)."""
    folder = Path(tempfile.mkdtemp(prefix="archcite-fuzz-"))
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    return path


def _from_file(suffix: str, action: Callable[[Path, Library], None]) -> Target:
    def target(data: bytes, library: Library) -> None:
        path = _input_file(data, suffix)
        try:
            action(path, library)
        finally:
            path.unlink()
            os.rmdir(path.parent)
    return target


def _load_and_add(path: Path, library: Library) -> None:
    from archcite.sources.load import load_file

    library.add(load_file(path, library.registry).record)


def _citation_add(text: str, library: Library) -> None:
    from archcite.sources.load import load_citation

    library.add(load_citation(text, library.registry).record)


def _import(path: Path, library: Library) -> None:
    from archcite.formats.importing import import_file

    import_file(library, path)


def _damaged_record_file(data: bytes, library: Library) -> None:
    """A damaged record file beside good ones: reading, checking and adding go on without it."""
    from archcite.library.checks import run_checks
    from archcite.library.index import open_index

    path = library.root / "damaged1950record.json"
    path.write_bytes(data)
    try:
        records, problems = library.records_safely()
        assert {r["id"] for r in records} >= {"filippov1951ciphered"}
        assert all(p.path == path for p in problems)
        assert len(records) + len(problems) == 2
        report = run_checks(library)
        if problems:  # check names every file the commands skip
            assert any(f.path == path.name for f in report.problems), report.to_json()
        with open_index(library, warn=lambda line: None) as index:
            assert "filippov1951ciphered" in list(index.keys())
        library.add(numbered_record(424242))
    finally:
        path.unlink()


RECORD_FILES = [json.dumps(SEED_RECORD, indent=2).replace(
    '"filippov1951ciphered"', '"damaged1950record"').replace("110374", "999001").encode()]


@st.composite
def damaged_record_files(draw: st.DrawFn) -> bytes:
    """A record file cut, flipped, with conflict markers, a deep nest or a huge number."""
    data = draw(mutated_bytes(RECORD_FILES))
    extra = draw(st.sampled_from([None, "conflict", "hazard"]))
    if extra == "conflict":
        lines = data.split(b"\n")
        at = draw(st.integers(0, len(lines)))
        lines[at:at] = [b"<<<<<<< HEAD", b'  "title": "ours",', b"=======",
                        b'  "title": "theirs",', b">>>>>>> branch"]
        data = b"\n".join(lines)
    elif extra == "hazard":
        data = data.replace(b"{", b'{"custom": {"x": ' + draw(st.sampled_from(JSON_HAZARDS))
                            + b"}, ", 1)
    return data


class FuzzTarget(NamedTuple):
    """An importer and the inputs it is fed."""

    run: Target
    inputs: st.SearchStrategy[Any]


FUZZ_TARGETS: dict[str, FuzzTarget] = {
    "validate+add": FuzzTarget(_validate_then_add, ANY_INPUT),
    "add": FuzzTarget(_add, ANY_INPUT),
    "add --update": FuzzTarget(_add_update, ANY_INPUT),
    "write": FuzzTarget(_write, ANY_INPUT),
    "csl-json text": FuzzTarget(_json_text_add, ANY_INPUT),
    "page file": FuzzTarget(_from_file(".txt", _load_and_add), mutated_bytes(PAGES)),
    "html page": FuzzTarget(_from_file(".html", _load_and_add), mutated_html()),
    "citation": FuzzTarget(_citation_add, citation_strings()),
    "bib import": FuzzTarget(_from_file(".bib", _import), bib_texts()),
    "csl-json import": FuzzTarget(_from_file(".json", _import), csl_texts()),
    "damaged record file": FuzzTarget(_damaged_record_file, damaged_record_files()),
}


def run_target(name: str, data: Any, library: Library) -> None:
    """Run one target on ``data``; assert the library is whole and inside its folder after."""
    outside_before = files_under(library.root.parent) - _inside(library)
    records_before = _record_bytes(library)
    try:
        FUZZ_TARGETS[name].run(data, library)
    except ArchciteError as exc:  # a one-line error the user can act on: allowed
        assert "\n" not in str(exc) and len(str(exc)) < 2000
        assert _record_bytes(library) == records_before, "a failed import changed the library"
    assert_library_valid(library.root)
    assert files_under(library.root.parent) - _inside(library) == outside_before


def _record_bytes(library: Library) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in library.record_paths()}


def _inside(library: Library) -> set[str]:
    name = library.root.name
    return {p for p in files_under(library.root.parent) if p.split("/", 1)[0] == name}
