"""Hostile input end to end: imported keys never make paths outside the library; fetching
follows redirects only to Wilson Center hosts, caps what it reads, evaluates nothing.

Imports run through the real CLI; afterwards the whole folder around the library is walked, so
a file written anywhere else (``../../evil.json``, ``/tmp/x.json``) would be found. Fetching
runs against a local server on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli import cli
from archcite.errors import SourceError
from archcite.model.archives import load_registry
from archcite.model.record import is_safe_key
from archcite.sources.addresses import is_wilson_host
from archcite.sources.fetch import FetchSettings, fetch_url
from archcite.sources.load import load_address
from tests.helpers import assert_library_valid, numbered_record, shared_path

HOSTILE = ["../../evil", "/tmp/x", "con", "a\u0000b", "y" * 300, "..", "lpt1.txt",
           "a/b/../../c", "C:\\evil", "nul.json", ".archcite", "~root", "x" * 101]
REGISTRY = load_registry()
WILSON = "https://digitalarchive.wilsoncenter.org"


def _walk(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def _csl_file(folder: Path) -> Path:
    items = []
    for n, key in enumerate(HOSTILE):
        item = {**numbered_record(5000 + n), "id": key}
        if n % 3 == 1:
            item["citation-key"] = key
            item["id"] = n
        items.append(item)
    path = folder / "hostile.json"
    path.write_text(json.dumps(items), "utf-8")
    return path


def _bib_file(folder: Path) -> Path:
    entries = []
    for n, key in enumerate(k for k in HOSTILE if "\x00" not in k):  # NUL: refused as binary
        entries.append(f"@letter{{{key},\n  author = {{Filippov}},\n  title = {{Telegram {n}}},\n"
                       f"  date = {{1951-06-{n + 1:02d}}},\n"
                       f"  url = {{{WILSON}/document/{6000 + n}}}\n}}")
    path = folder / "hostile.bib"
    path.write_text("\n\n".join(entries) + "\n", "utf-8")
    return path


@pytest.mark.parametrize("kind", ["csl-json", "bib"])
def test_import_of_hostile_keys_stays_inside_the_library(kind: str, tmp_path: Path,
                                                         runner: CliRunner) -> None:
    around = tmp_path / "around" / "deeper"
    library = around / "library"
    library.mkdir(parents=True)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    source = _csl_file(inputs) if kind == "csl-json" else _bib_file(inputs)
    outside = {p: p.exists() for p in (Path("/tmp/x.json"), Path("/tmp/x"))}
    walked_before = _walk(tmp_path)

    result = runner.invoke(cli, ["--library", str(library), "import", str(source)])
    assert result.exit_code == 0, result.output
    keys = result.stdout.split()
    expected = len(HOSTILE) if kind == "csl-json" else len(HOSTILE) - 1
    assert len(keys) == expected and all(is_safe_key(k) for k in keys)
    # Every file is a record directly in the library (or its cache); nothing anywhere else.
    new = _walk(tmp_path) - walked_before
    for name in new:
        parts = Path(name).parts
        assert parts[:3] == ("around", "deeper", "library"), name
        assert len(parts) == 4 or parts[3] == ".archcite", name
    records = assert_library_valid(library)
    assert sorted(records) == sorted(keys)
    assert {p: p.exists() for p in outside} == outside
    assert not (tmp_path / "evil.json").exists() and not (around / "evil.json").exists()


# -- fetching ------------------------------------------------------------------------------


class HostileServer:
    """A local server: redirects (trusted and not), an endless body, a page with scripts."""

    def __init__(self, page: bytes) -> None:
        self.hits: list[str] = []
        srv = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self) -> None:
                srv.hits.append(self.path)
                port = srv.port
                redirects = {
                    "/document/1": f"http://127.0.0.1:{port}/document/110374",
                    "/document/2": f"http://localhost:{port}/document/110374",
                    "/document/3": f"http://127.0.0.1:{port}/document/2",
                    "/document/4": "https://digitalarchive.wilsoncenter.org.evil.example/x",
                    "/document/5": "file:///etc/passwd",
                    "/document/6": "ftp://digitalarchive.wilsoncenter.org/document/110374",
                }
                if self.path in redirects:
                    self.send_response(302)
                    self.send_header("Location", redirects[self.path])
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    if self.path == "/document/endless":  # no Content-Length, never ends
                        chunk = b"x" * 65536
                        for _ in range(2000):
                            self.wfile.write(chunk)
                    else:
                        self.wfile.write(page)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        # serve_forever notices shutdown() only between polls: at its default half second,
        # every test that starts a server would wait that long to stop it.
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> HostileServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


EVAL_BAIT = ("<script>require('fs').writeFileSync('PWNED', 'x')</script>\n"
             "{{ 7*7 }} ${7*7} __import__('os').system('touch PWNED') `touch PWNED`\n")


@pytest.fixture(scope="module")
def _server() -> Iterator[HostileServer]:
    seed = shared_path("seed", "110374.md").read_text("utf-8")
    # The bait goes into the summary paragraph of a real page: read as text, never run.
    page = seed.replace("\n\n", "\n\n" + EVAL_BAIT + "\n", 3).encode("utf-8")
    with HostileServer(page) as server:
        yield server


@pytest.fixture
def hostile_server(_server: HostileServer) -> HostileServer:
    _server.hits.clear()
    return _server


def _settings(server: HostileServer, tmp_path: Path, max_bytes: int = 8 << 20) -> FetchSettings:
    return FetchSettings(base=server.base, timeout=10, max_bytes=max_bytes,
                         cache_dir=tmp_path / "cache")


def test_redirect_within_trusted_hosts_is_followed(hostile_server: HostileServer,
                                                   tmp_path: Path) -> None:
    page = fetch_url(f"{hostile_server.base}/document/1", _settings(hostile_server, tmp_path))
    assert hostile_server.hits == ["/document/1", "/document/110374"]
    assert b"110374" in page.body


@pytest.mark.parametrize(("path", "host"), [
    ("/document/2", "localhost"),             # the same server under an untrusted name
    ("/document/3", "localhost"),             # a trusted hop first, then an untrusted one
    ("/document/4", "digitalarchive.wilsoncenter.org.evil.example"),  # a look-alike
])
def test_redirect_to_another_host_is_refused(path: str, host: str,
                                             hostile_server: HostileServer,
                                             tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=f"redirects to {host}, not a Wilson Center host"):
        fetch_url(hostile_server.base + path, _settings(hostile_server, tmp_path))
    assert "/document/110374" not in hostile_server.hits  # the other host was never asked


@pytest.mark.parametrize(("path", "message"), [
    ("/document/5", "not allowed"),                  # urllib itself refuses file:
    ("/document/6", "redirects to a ftp address"),   # urllib would follow ftp: archcite not
])
def test_redirect_to_another_scheme_is_refused(path: str, message: str,
                                               hostile_server: HostileServer,
                                               tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=message) as info:
        fetch_url(hostile_server.base + path, _settings(hostile_server, tmp_path))
    assert "\n" not in str(info.value) and "root:" not in str(info.value)


def test_endless_body_is_cut_at_the_cap(hostile_server: HostileServer, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="larger than 100000 bytes"):
        fetch_url(f"{hostile_server.base}/document/endless",
                  _settings(hostile_server, tmp_path, max_bytes=100_000))
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_nothing_on_a_page_is_evaluated(hostile_server: HostileServer, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    loaded = load_address("110374", REGISTRY, _settings(hostile_server, tmp_path))
    text = json.dumps(loaded.record, ensure_ascii=False)
    assert not (tmp_path / "PWNED").exists()
    assert "49" not in text.replace("1949", "")  # no template was expanded
    assert loaded.record["custom"]["record-id"] == "110374"


def test_cache_names_come_from_a_hash(hostile_server: HostileServer, tmp_path: Path) -> None:
    settings = _settings(hostile_server, tmp_path)
    load_address("110374", REGISTRY, settings)
    url = f"{hostile_server.base}/document/110374"
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [
        f"{digest}.json", f"{digest}.page"]


def test_wilson_hosts() -> None:
    assert is_wilson_host("digitalarchive.wilsoncenter.org")
    assert is_wilson_host("DigitalArchive.WilsonCenter.org.")
    for host in ["wilsoncenter.org.evil.example", "evilwilsoncenter.org", "localhost",
                 "127.0.0.1", "", "wilsoncenter.org@evil.example"]:
        assert not is_wilson_host(host), host
