"""The one helper module of the tests: paths, records, libraries and the conditions tests set up.

Test modules import what they share from here (never from one another); pytest fixtures built on
these live in ``conftest.py``. Records are built here from rules, not copied from anywhere.

Tests that need the project's shared material (the specification's seed page, the real Wilson
Center fixtures, the CSL schema) find it in ``../shared`` beside the checkout (or in
``$ARCHCITE_SHARED``) and read it in place; they skip with a clear reason when it is absent, so a
user's clone still passes.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archcite.library.files import is_temp_file
from archcite.library.store import Library, read_record_file
from archcite.model.archives import default_registry, load_registry
from archcite.model.record import (
    derive_archive_fields,
    dumps_record,
    is_safe_key,
    validate_record,
)

if TYPE_CHECKING:
    from click.testing import Result

# pytest, click's test runner, lxml and http.server are imported by the helpers that use them:
# a process a test starts (a writer killed mid-write) imports this module for its records alone,
# and those four would double its start-up.

# -- paths -----------------------------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ARCHCITE_SHARED", REPO.parent / "shared"))
# The seed record the tests start from: a copy kept under tests/, never the clone's ./library,
# which the README's everyday commands (add, tag) change as a user follows them.
SEED_LIBRARY = REPO / "tests" / "seed"
BUNDLED_LIBRARY = SEED_LIBRARY  # the name older tests use; it is the copy, not ./library
SEED_KEY = "filippov1951ciphered"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when it is not there."""
    import pytest

    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the project's shared material is not beside this clone)")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to compare a library before and after."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".archcite" not in p.relative_to(folder).parts
    }


def files_under(folder: Path) -> set[str]:
    """Every file path under ``folder`` (relative), for before/after comparisons."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def loads(path: Path) -> Any:
    """The JSON of a file."""
    return json.loads(path.read_text("utf-8"))


def read(folder: Path, key: str) -> dict[str, Any]:
    """A record file's JSON."""
    return json.loads((folder / f"{key}.json").read_text("utf-8"))


# -- records built from their fields ---------------------------------------------------------

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


def numbered_record(number: int, *, key: str | None = None, abstract: str = "") -> dict[str, Any]:
    """A valid telegram record for Wilson Center id ``number`` (derived fields left out)."""
    record: dict[str, Any] = {
        "type": "personal_communication",
        "title": f"Ciphered telegram number {number}, Filippov to Mao Zedong",
        "author": [{"literal": "Filippov [Stalin]"}],
        "recipient": [{"literal": "Mao Zedong"}],
        "genre": "ciphered telegram",
        "issued": {"date-parts": [[1951, 1 + number % 12, 1 + number % 28]]},
        "URL": f"https://digitalarchive.wilsoncenter.org/document/{number}",
        "source": "History and Public Policy Program Digital Archive",
        "publisher": "Wilson Center",
        "custom": {"record-id": str(number), "holdings": [{"archive": "APRF", "levels": [
            ["fond", "45"], ["opis", "1"], ["delo", str(number % 500)], ["listy", "95-96"]]}]},
    }
    if key is not None:
        record["id"] = key
    if abstract:
        record["abstract"] = abstract
    return record


def seed_record() -> dict[str, Any]:
    """The bundled seed record."""
    return json.loads((BUNDLED_LIBRARY / f"{SEED_KEY}.json").read_text("utf-8"))


def samples() -> list[dict[str, Any]]:
    """The seed plus records with diacritics, Cyrillic, Chinese and LaTeX's special characters."""
    return [
        seed_record(),
        {
            "id": "szalontai1955memorandum", "type": "manuscript",
            "title": "Memorandum of Conversation between Szalontai Balázs and Rezső Nyers",
            "genre": "memorandum of conversation",
            "author": [{"family": "Szalontai", "given": "Balázs"}],
            "issued": {"date-parts": [[1955, 3]]}, "language": "en",
            "custom": {"holdings": [{"archive": "MOL",
                                     "reference": "XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955"}],
                       "original-language": "Hungarian"},
        },
        {
            "id": "sluczanski1956letter", "type": "personal_communication", "genre": "letter",
            "title": "Letter from Łukasz Słuczański to Władysław Gomułka",
            "author": [{"family": "Słuczański", "given": "Łukasz"}],
            "recipient": [{"literal": "Władysław Gomułka"}],
            "issued": {"date-parts": [[1956, 10, 19]]}, "language": "pl",
            "custom": {"holdings": [{"archive": "AAN",
                                     "reference": "KC PZPR, 237/V-44, k. 12–14"}]},
        },
        {
            "id": "lotman1965pismo", "type": "personal_communication", "genre": "letter",
            "title": "Письмо Б. Ф. Егорову",
            "author": [{"family": "Лотман", "given": "Юрий Михайлович"}],
            "recipient": [{"literal": "Борис Егоров"}],
            "issued": {"date-parts": [[1965]]}, "language": "ru",
            "translator": [{"family": "Šťastný", "given": "Jiří"}],
            "custom": {"holdings": [{"archive": "RGALI", "levels": [
                ["fond", "2"], ["opis", "1"], ["delo", "5"], ["list", "5ob"]]}]},
        },
        {
            "id": "mao1951telegram", "type": "personal_communication", "genre": "telegram",
            "title": "关于朝鲜停战谈判的电报",
            "author": [{"literal": "毛泽东"}], "recipient": [{"literal": "Filippov [Stalin]"}],
            "issued": {"date-parts": [[1951, 7, 1]]}, "language": "zh",
            "URL": "https://digitalarchive.wilsoncenter.org/document/110375",
            "number": "110375", "source": "History and Public Policy Program Digital Archive",
            "publisher": "Wilson Center",
            "custom": {"holdings": [{"archive": "PRC FMA", "reference": "105-00051-07, 199–205"}]},
        },
        {
            "id": "cpsu1956minutes", "type": "manuscript", "genre": "minutes",
            "title": "Minutes #3: 50% of R&D_costs, {draft} ~ ^ \\ $5 — TsK KPSS",
            "author": [{"literal": "CC CPSU Presidium"}],
            "issued": {"date-parts": [[1956, 11, 4]]}, "note": "Obtained by A. B. & C. D.",
            "URL": "https://example.org/a_b?x=1&y=2%20z#top",
            "custom": {"holdings": [{"archive": "RGANI", "levels": [
                ["fond", "3"], ["opis", "12"], ["delo", "1005"], ["listy", "47-49"]]},
                {"archive": "AP RF", "levels": [["fond", "3"], ["opis", "64"],
                                                ["ed_khr", "484"], ["papka", "11"]]}],
                "tags": ["hungary", "1956"]},
        },
        {
            "id": "zubok2007failed", "type": "book", "title": "A Failed Empire",
            "author": [{"family": "Zubok", "given": "Vladislav M."}],
            "publisher": "University of North Carolina Press", "publisher-place": "Chapel Hill",
            "issued": {"date-parts": [[2007]]}, "language": "en-US",
        },
    ]


def titled_records(n: int) -> list[dict[str, Any]]:
    """``n`` small dated records ``doc00000``, ``doc00001`` … titled "Document i"."""
    return [make_record(f"doc{i:05d}", title=f"Document {i}", date=[1950, 1, 1 + i % 28])
            for i in range(n)]


# -- synthetic libraries ---------------------------------------------------------------------

LATIN = ["Filippov [Stalin]", "Mao Zedong", "Kim Il Sung", "Zhou Enlai", "Mátyás Rákosi",
         "Gomułka", "Embassy of Hungary in Pyongyang", "Ceaușescu", "Dean Acheson"]
CYRILLIC = ["Лотман", "Громыко А. А.", "Пономарёв", "Щербицкий", "Ельцин"]
GENRES = [("ciphered telegram", "personal_communication"), ("letter", "personal_communication"),
          ("cable", "personal_communication"), ("memorandum of conversation", "manuscript"),
          ("report", "manuscript"), ("memoirs", "book")]


def synthetic(n: int, seed: int = 1956) -> list[dict[str, Any]]:
    """``n`` varied valid records: Latin and Cyrillic names (some missing), partial dates,
    one or two holdings with levels or a free reference, translators, books."""
    rng = random.Random(seed)
    registry = load_registry()
    russian = [a.id for a in registry.archives if a.grammar == "russian"]
    others = [a.id for a in registry.archives if a.grammar != "russian"]
    out = []
    for i in range(n):
        genre, type_ = rng.choice(GENRES)
        sender = rng.choice(CYRILLIC if rng.random() < 0.35 else LATIN)
        recipient = rng.choice(CYRILLIC if rng.random() < 0.35 else LATIN)
        record: dict[str, Any] = {
            "id": f"rec{i:05d}", "type": type_, "genre": genre, "language": "en",
            "title": f"{genre.capitalize()}, {sender} to {recipient}",
            "source": "History and Public Policy Program Digital Archive",
            "publisher": "Wilson Center",
            "URL": f"https://digitalarchive.wilsoncenter.org/document/{100000 + i}",
        }
        if rng.random() < 0.85:
            record["author"] = [{"literal": sender}]
        if type_ != "book":
            record["recipient"] = [{"literal": recipient}]
        if rng.random() < 0.9:
            date = [rng.randint(1917, 1991), rng.randint(1, 12), rng.randint(1, 28)]
            record["issued"] = {"date-parts": [date[: rng.choice((1, 2, 3, 3))]]}
        if rng.random() < 0.3:
            record["translator"] = [{"literal": rng.choice(LATIN)}]
        holdings = []
        for _ in range(rng.choice((1, 1, 2))):
            if rng.random() < 0.75:
                leaf = rng.randint(1, 300)
                holdings.append({"archive": rng.choice(russian), "levels": [
                    ["fond", str(rng.randint(1, 600))], ["opis", str(rng.randint(1, 30))],
                    ["delo", str(rng.randint(1, 2000))],
                    ["listy", f"{leaf}-{leaf + rng.randint(1, 9)}"] if rng.random() < 0.6
                    else ["list", f"{leaf}{'ob' if rng.random() < 0.2 else ''}"]]})
            else:
                holdings.append({"archive": rng.choice(others),
                                 "reference": f"{rng.randint(1, 99)}-{rng.randint(100, 999)}"})
        record["custom"] = {"holdings": holdings, "original-language": "Russian",
                            "record-id": str(100000 + i)}
        out.append(derive_archive_fields(record, registry))
    return out


NAMES = [{"family": "Gromyko", "given": "Andrei Andreevich"},
         {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
         {"family": "Zhou", "given": "En-lai"}, {"family": "Mao", "given": "Ze-Dong"},
         {"family": "Lotman", "given": "Jurij", "suffix": "Jr."}]


def varied(n: int, seed: int) -> list[dict[str, Any]]:
    """Synthetic records, some with structured names (up to five), editors without an author,
    pages and volumes, date ranges and titles ending in punctuation."""
    records = synthetic(n, seed=seed)
    for i, record in enumerate(records):
        if i % 3 == 0:
            record["author"] = NAMES[: 1 + i % 5]
        if i % 4 == 1:
            record["page"] = ["101-108", "5", "1199-1201", "42-7"][i // 4 % 4]
            record["volume"] = str(i % 9)
        if i % 5 == 2:
            record.pop("author", None)
            record["editor"] = NAMES[i % 2: 2 + i % 2]
        if i % 7 == 3:
            record["issued"] = {"date-parts": [[1950, 3], [1951, 4]]}
        if i % 11 == 4:
            record["title"] += "."
    return records


# -- records as the store holds them, and what the styles make of the seed ---------------------

SEED = seed_record()
REG = default_registry()

CHICAGO_NOTE = (
    "Filippov [Stalin] to Mao Zedong, ciphered telegram, June 30, 1951, APRF, f. 45, op. 1, "
    "d. 339, ll. 95–96; AVPRF, f. 059a, op. 5a, d. 4, papka 11, ll. 14–15, History and Public "
    "Policy Program Digital Archive, Wilson Center, "
    "https://digitalarchive.wilsoncenter.org/document/110374."
)
CHICAGO_SHORT = "Filippov [Stalin] to Mao Zedong, June 30, 1951, l. 95."
CHICAGO_BIB = (
    "Filippov [Stalin]. Ciphered telegram to Mao Zedong, June 30, 1951. APRF, f. 45, op. 1, "
    "d. 339, ll. 95–96; AVPRF, f. 059a, op. 5a, d. 4, papka 11, ll. 14–15. History and Public "
    "Policy Program Digital Archive, Wilson Center. "
    "https://digitalarchive.wilsoncenter.org/document/110374."
)
MLA_BIB = (
    "Filippov [Stalin]. Ciphered telegram to Mao Zedong. 30 June 1951. Archive of the President "
    "of the Russian Federation, fond 45, opis 1, delo 339, listy 95–96; Foreign Policy Archive "
    "of the Russian Federation, fond 059a, opis 5a, delo 4, papka 11, listy 14–15. History and "
    "Public Policy Program Digital Archive, Wilson Center, "
    "digitalarchive.wilsoncenter.org/document/110374."
)


def make(**fields: Any) -> dict[str, Any]:
    """A valid record with derived archive fields, as the store would hold it."""
    record = derive_archive_fields(dict(fields), REG)
    validate_record(record)
    return record


MINUTES = make(
    id="minutes1949conversation", type="manuscript",
    title="Minutes of Conversation between Mao Zedong and I. V. Stalin",
    issued={"date-parts": [[1949, 12, 16]]},
    source="History and Public Policy Program Digital Archive", publisher="Wilson Center",
    URL="https://digitalarchive.wilsoncenter.org/document/111240",
    custom={"holdings": [{"archive": "APRF", "levels": [["fond", "45"], ["opis", "1"],
                                                        ["delo", "329"], ["listy", "9-17"]]}]},
)
TRANSLATED = make(
    id="kim1950telegram", type="personal_communication", genre="telegram",
    title="Telegram from Kim Il Sung to Stalin",
    author=[{"literal": "Kim Il Sung"}], recipient=[{"literal": "Stalin"}],
    translator=[{"given": "Gary", "family": "Goldberg"}],
    issued={"date-parts": [[1950, 8, 31]]},
    source="History and Public Policy Program Digital Archive", publisher="Wilson Center",
    URL="https://digitalarchive.wilsoncenter.org/document/114893",
    custom={"holdings": [{"archive": "RGASPI", "levels": [["fond", "558"], ["opis", "11"],
                                                          ["delo", "334"], ["list", "78"]]}]},
)
HUNGARIAN = make(
    id="embassy1955report", type="manuscript",
    title="Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry",
    author=[{"literal": "Embassy of Hungary in North Korea"}],
    issued={"date-parts": [[1955, 6]]},
    source="History and Public Policy Program Digital Archive", publisher="Wilson Center",
    URL="https://digitalarchive.wilsoncenter.org/document/110000",
    custom={"holdings": [{"archive": "MOL",
                          "reference": "XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955"}]},
)
BOOK = make(
    id="radchenko2009two", type="book", title="Two Suns in the Heavens",
    author=[{"family": "Radchenko", "given": "Sergey"}], publisher="Stanford University Press",
    **{"publisher-place": "Stanford, CA"}, issued={"date-parts": [[2009]]},
)
RUSSIAN = make(
    id="ivanov1950zapiska", type="manuscript", language="ru",
    title="Записка И. Иванова о положении в Корее",
    author=[{"literal": "Иванов И."}], issued={"date-parts": [[1950, 3, 2]]},
    custom={"holdings": [{"archive": "AVPRF", "levels": [["fond", "0102"], ["opis", "6"],
                                                         ["papka", "21"], ["delo", "47"],
                                                         ["list", "12"]]}]},
)


# -- libraries -------------------------------------------------------------------------------

def write_library(folder: Path, records: list[dict[str, Any]] | None = None) -> Path:
    """Write records as library files (derived archive fields left out: the store adds them)."""
    folder.mkdir(parents=True, exist_ok=True)
    for record in SAMPLE if records is None else records:
        (folder / f"{record['id']}.json").write_text(dumps_record(record), "utf-8")
    return folder


def open_library(root: Path) -> Library:
    """A Library on ``root`` with the bundled archive registry."""
    return Library(root, load_registry())


def assert_library_valid(root: Path) -> dict[str, dict[str, Any]]:
    """Every record file in ``root`` reads and validates; returns the records by key.

    Also asserts that every record file's name is a safe key and that nothing the library wrote
    lies outside it (no subfolders other than the cache).
    """
    library = open_library(root)
    records: dict[str, dict[str, Any]] = {}
    for path in library.record_paths():
        assert not is_temp_file(path), path
        assert is_safe_key(path.stem), path
        record = read_record_file(path)
        assert record == library.prepare(record), f"{path} is not as prepare() would store it"
        assert path.read_text("utf-8") == dumps_record(record)
        records[path.stem] = record
    return records


# -- a local web server ------------------------------------------------------------------------

class Server:
    """A local HTTP server serving saved pages by path; counts the requests it answers."""

    def __init__(self, pages: dict[str, tuple[int, str, bytes]], delay: float = 0.0) -> None:
        import http.server

        self.pages = pages
        self.delay = delay
        self.hits: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.hits.append(self.path)
                if self.path.startswith("/slow"):
                    time.sleep(server.delay)
                status, ctype, body = server.pages.get(
                    self.path, (404, "text/plain", b"not found"))
                self.send_response(status)
                if status in (301, 302):
                    self.send_header("Location", body.decode())
                    body = b""
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        # serve_forever notices shutdown() only between polls: at its default half second,
        # every test that starts a server would wait that long to stop it.
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def process_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment for running ``python -m archcite`` in a real process, as a user's shell
    has it: this checkout's sources first, no ``$ARCHCITE_LIBRARY``, per-user folders inside
    the test's own folder, a terminal 80 columns wide; ``extra`` adds or replaces variables."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("ARCHCITE_LIBRARY", None)
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg-data")
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg-cache")
    env["COLUMNS"] = "80"
    env.update(extra)
    return env


def fixture_pages() -> dict[str, tuple[int, str, bytes]]:
    seed = shared_path("seed", "110374.md").read_bytes()
    wilson = shared_path("fixtures", "wilson")
    return {
        "/document/110374": (200, "text/plain; charset=utf-8", seed),
        "/document/123148": (200, "text/plain", (wilson / "123148.txt").read_bytes()),
        "/document/ciphered-telegram-no-25553-roshchin-filippov-stalin": (
            200, "text/plain",
            (wilson / "slug-ciphered-telegram-no-25553-roshchin-filippov-stalin.txt").read_bytes()),
        "/node/89952": (200, "text/plain", (wilson / "node-89952.txt").read_bytes()),
        "/document/999": (200, "text/html", b"<html><body><p>Garbage</p><div>x</div>"
                                           b"<div>y</div></body></html>"),
        "/document/998": (200, "application/octet-stream", b"\x00\x01\x02garbage"),
        "/document/997": (200, "text/plain", b"\x00\x01\x02\xff garbage"),
        "/document/996": (302, "text/plain", b"https://example.org/document/996"),
        "/document/995": (200, "text/plain", seed),  # a page that is another record
        "/slow/document/110374": (200, "text/plain", seed),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- file-system conditions -----------------------------------------------------------------

@contextlib.contextmanager
def immutable(folder: Path) -> Iterator[None]:
    import pytest

    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("chattr is not available")
    done = subprocess.run([chattr, "+i", str(folder)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr +i not supported here: {done.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(folder)], check=False)


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    import pytest

    folder.mkdir()
    if sys.platform != "linux" or shutil.which("mount") is None:
        pytest.skip("needs Linux mount")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root, or no permission)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


# -- large libraries, written once -------------------------------------------------------------

def bulk_library(root: Path, records: list[dict[str, Any]]) -> Library:
    """A library in ``root`` holding ``records``, written in one batch by the library's bulk
    write path (one lock, one folder sync), so a large library costs one pass, not one fsynced
    transaction per record. The files are byte for byte those :meth:`Library.write` makes."""
    library = open_library(root)
    report = library.add_many(records)
    assert not report.refused and not report.duplicates, (report.refused, report.duplicates)
    assert len(report.added) == len(records)
    return library


def copy_library(template: Path, root: Path) -> Library:
    """A private copy of a library built once (its record files only, not its index or caches),
    for a test that changes the library it reads."""
    shutil.copytree(template, root, ignore=shutil.ignore_patterns(".archcite"))
    return open_library(root)


# -- Word documents for the docx tests, and what archcite wrote into them -------------------
#
# Documents are made with python-docx (what a writer's Word file looks like: text split over
# runs as Word splits it). python-docx cannot make footnotes, so a writer's own footnote is
# added here as raw WordprocessingML, written for these tests (not with archcite's code).

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def make_library(folder: Path) -> Path:
    """A library of the sample records (seed, book, Cyrillic, Chinese, special characters)."""
    folder.mkdir(parents=True, exist_ok=True)
    for record in samples():
        (folder / f"{record['id']}.json").write_text(json.dumps(record, ensure_ascii=False),
                                                      "utf-8")
    return folder


def add_runs(paragraph: Any, *pieces: str | tuple[str, str]) -> None:
    """Add runs to a python-docx paragraph; ("text", "i") makes an italic run."""
    for piece in pieces:
        if isinstance(piece, tuple):
            run = paragraph.add_run(piece[0])
            run.italic = "i" in piece[1]
            run.bold = "b" in piece[1]
        else:
            paragraph.add_run(piece)


def add_writer_footnote(path: Path, paragraph_index: int, runs: list[str], note_id: int = 1,
                        kind: str = "footnote") -> None:
    """Give the document a note of the writer's own (``kind``: footnote or endnote), called at
    the end of paragraph ``paragraph_index``, whose text is ``runs`` (one w:r each). The
    notes part is made as Word makes it (separators, relationship, content type) when the
    document has none, and extended when it has one."""
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    doc = etree.fromstring(members["word/document.xml"])
    paragraph = list(doc.iter(W + "p"))[paragraph_index]
    paragraph.append(etree.fromstring(
        f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:{kind}Reference w:id="{note_id}"/></w:r>'))
    members["word/document.xml"] = etree.tostring(doc, xml_declaration=True,
                                                  encoding="UTF-8", standalone=True)
    body = "".join(f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' for text in runs)
    note = (f'<w:{kind} xmlns:w="{W_NS}" w:id="{note_id}"><w:p><w:r><w:rPr>'
            f'<w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Ref/></w:r>{body}</w:p>'
            f'</w:{kind}>')
    part = f"word/{kind}s.xml"
    if part in members:
        root = etree.fromstring(members[part])
        root.append(etree.fromstring(note))
        members[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                       standalone=True)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        return
    members[part] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:{kind}s xmlns:w="{W_NS}">'
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        f'</w:{kind}><w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        f'<w:continuationSeparator/></w:r></w:p></w:{kind}>'
        f'{note.replace(f" xmlns:w={chr(34)}{W_NS}{chr(34)}", "")}</w:{kind}s>').encode()
    rels = etree.fromstring(members["word/_rels/document.xml.rels"])
    rel = etree.SubElement(rels, "{http://schemas.openxmlformats.org/package/2006/relationships}"
                                 "Relationship")
    rel.set("Id", f"rIdWriter{kind}s")
    rel.set("Type", f"{R_NS}/{kind}s")
    rel.set("Target", f"{kind}s.xml")
    members["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True,
                                                             encoding="UTF-8", standalone=True)
    types = etree.fromstring(members["[Content_Types].xml"])
    override = etree.SubElement(
        types, "{http://schemas.openxmlformats.org/package/2006/content-types}Override")
    override.set("PartName", f"/word/{kind}s.xml")
    override.set("ContentType", "application/vnd.openxmlformats-officedocument."
                                f"wordprocessingml.{kind}s+xml")
    members["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True,
                                                    encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist()}


def _text(element: Any) -> str:
    out = []
    for node in element.iter():
        if node.tag == W + "t":
            out.append(node.text or "")
        elif node.tag in (W + "footnoteReference", W + "endnoteReference"):
            out.append("^")
    return "".join(out)


def body_paragraphs(path: Path) -> list[str]:
    """The text of every paragraph of the body (a footnote or endnote reference shows as ^)."""
    from lxml import etree

    doc = etree.fromstring(members(path)["word/document.xml"])
    return [_text(p) for p in doc.iter(W + "p")]


def notes_in_order(path: Path, kind: str = "footnote") -> list[str]:
    """The text of the footnotes (or endnotes) in the order the body calls them (as Word
    numbers them)."""
    from lxml import etree

    parts = members(path)
    doc = etree.fromstring(parts["word/document.xml"])
    if f"word/{kind}s.xml" not in parts:
        return []
    notes = {n.get(W + "id"): n for n in etree.fromstring(parts[f"word/{kind}s.xml"])}
    return [_text(notes[ref.get(W + "id")]).strip() for ref in doc.iter(W + f"{kind}Reference")]


def fields(path: Path, kind: str = "ARCHCITE_CITATION") -> list[dict[str, Any]]:
    """The payloads of archcite's fields in the body, the footnotes and the endnotes."""
    from lxml import etree

    out = []
    for name, data in members(path).items():
        if name in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
            root = etree.fromstring(data)
            for instr in root.iter(W + "instrText"):
                text = (instr.text or "").strip()
                if text.startswith(f"ADDIN {kind} "):
                    out.append(json.loads(text.split(" ", 2)[2]))
    return out


# ------------------------------------------------------------------ the whole fixture library
# Built as a user builds one: every Wilson Center fixture page and the seed through ``add``,
# every literature file in tests/data/literature through ``import``, then tags and personal
# notes through ``tag`` and ``note`` (the export round-trip and compile tests run over it).

LITERATURE_DIR = Path(__file__).parent / "data" / "literature"
LITERATURE = sorted(p for p in LITERATURE_DIR.iterdir() if p.suffix in (".bib", ".ris", ".json"))


def run_cli(library: Path, *args: str, ok: bool = True) -> Result:
    """archcite ARGS on ``library`` through click's runner; asserts success unless ``ok=False``."""
    from click.testing import CliRunner

    from archcite.cli import cli

    result = CliRunner().invoke(cli, ["--library", str(library), *args],
                                catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def library_records(library: Path) -> dict[str, dict[str, Any]]:
    """Every record file of ``library`` by key."""
    return {p.stem: json.loads(p.read_text("utf-8")) for p in sorted(library.glob("*.json"))}


def build_full_library(library: Path) -> None:
    """The whole fixture + literature library: the fixture pages, the seed, the literature
    files, tags and notes, as a user adds them."""
    import pytest

    wilson = SHARED / "fixtures" / "wilson"
    seed = SHARED / "seed" / "110374.md"
    if not wilson.is_dir() or not seed.exists():
        pytest.skip(f"needs {SHARED} (the project's shared material is not beside this clone)")
    library.mkdir(parents=True)
    added = 0
    for page in [seed, *sorted(wilson.glob("*.txt"))]:
        result = run_cli(library, "add", str(page), ok=False)
        added += result.exit_code == 0
    assert added >= 10, "the fixture pages no longer add"
    for path in LITERATURE:
        run_cli(library, "import", str(path))
    keys = sorted(library_records(library))
    for index, key in enumerate(keys[::3]):
        run_cli(library, "tag", key, "+roundtrip", f"+group {index % 4}")
    for key in keys[1::4]:
        run_cli(library, "note", key, f"Checked {key} against the original; see {{braces}} & 50%.")


def every_type_items() -> list[dict[str, Any]]:
    """One item of every CSL 1.0.2 type, each with the fields literature carries."""
    from archcite.model.record import CSL_TYPES

    items = []
    for index, kind in enumerate(sorted(CSL_TYPES)):
        items.append({
            "id": f"every{index:02d}", "type": kind, "title": f"On <i>{kind}</i>: a case",
            "author": [{"family": "Nagy", "given": "Imre"}, {"literal": "Politburo"}],
            "editor": [{"family": "Ostermann", "given": "Christian F."}],
            "issued": {"date-parts": [[1950 + index, 1 + index % 12, 1 + index % 28]]},
            "container-title": "Cold War History", "volume": str(index + 1),
            "issue": "2", "page": f"{index + 10}-{index + 30}", "publisher": "Routledge",
            "DOI": f"10.1000/every.{index}", "URL": f"https://example.org/every/{index}",
            "note": "Reprinted with a new preface.", "language": "en",
            "custom": {"tags": ["every type", f"kind {kind}"],
                       "notes": f"My notes on the {kind}."},
        })
    return items
