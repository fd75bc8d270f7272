"""Fetching over HTTP against a real local server (127.0.0.1), never the internet."""

from __future__ import annotations

from pathlib import Path

import pytest

from archcite.errors import SourceError
from archcite.model.archives import load_registry
from archcite.sources.fetch import FetchSettings, fetch_url, resolve_for_fetch
from archcite.sources.load import load_address
from tests.helpers import Server, free_port

REGISTRY = load_registry()


def settings(base: str, tmp_path: Path, timeout: float = 5.0) -> FetchSettings:
    return FetchSettings(base=base, timeout=timeout, cache_dir=tmp_path / "cache")


def test_fetch_by_id_url_and_slug(server: Server, tmp_path: Path) -> None:
    s = settings(server.base, tmp_path)
    assert load_address("110374", REGISTRY, s).record["custom"]["record-id"] == "110374"
    # A canonical address is fetched from the configured base.
    loaded = load_address("https://digitalarchive.wilsoncenter.org/document/123148", REGISTRY, s)
    assert loaded.record["custom"]["record-id"] == "123148"
    loaded = load_address("https://digitalarchive.wilsoncenter.org/document/ciphered-telegram-no-"
                          "25553-roshchin-filippov-stalin", REGISTRY, s)
    assert loaded.record["title"] == "Ciphered Telegram No. 25553, Roshchin to Filippov [Stalin]"


def test_cache_prevents_a_second_fetch(server: Server, tmp_path: Path) -> None:
    s = settings(server.base, tmp_path)
    first = load_address("110374", REGISTRY, s)
    assert server.hits == ["/document/110374"] and not first.from_cache
    second = load_address("http://digitalarchive.wilsoncenter.org/document/110374", REGISTRY, s)
    assert second.from_cache and second.record == first.record
    assert server.hits == ["/document/110374"]
    # Cache files are named by a hash of the address, never by the address itself.
    names = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert len(names) == 2 and all(len(n.split(".")[0]) == 64 for n in names)


def test_pages_that_are_not_documents_are_not_cached(server: Server, tmp_path: Path) -> None:
    s = settings(server.base, tmp_path)
    for _ in range(2):
        with pytest.raises(SourceError, match="no Wilson Center citation data"):
            load_address(f"{server.base}/node/89952", REGISTRY, s)
    assert server.hits == ["/node/89952", "/node/89952"]


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("999", "no Wilson Center citation data"),
        ("998", "application/octet-stream, not a document page"),
        ("997", "binary"),
        ("996", "redirects to example.org"),
        ("995", "the page is record 110374, not 995"),
        ("404", "HTTP 404"),
    ],
)
def test_bad_answers(server: Server, tmp_path: Path, address: str, message: str) -> None:
    with pytest.raises(SourceError, match=message) as info:
        load_address(address, REGISTRY, settings(server.base, tmp_path))
    assert "\n" not in str(info.value)


def test_slow_server_times_out(server: Server, tmp_path: Path) -> None:
    s = settings(server.base + "/slow", tmp_path, timeout=0.5)
    with pytest.raises(SourceError, match="timed out"):
        load_address("110374", REGISTRY, s)


def test_server_down(tmp_path: Path) -> None:
    s = settings(f"http://127.0.0.1:{free_port()}", tmp_path)
    with pytest.raises(SourceError, match="cannot reach the server"):
        load_address("110374", REGISTRY, s)


def test_size_cap(server: Server, tmp_path: Path) -> None:
    s = FetchSettings(base=server.base, timeout=5, max_bytes=100, cache_dir=None)
    with pytest.raises(SourceError, match="larger than 100 bytes"):
        fetch_url(f"{server.base}/document/110374", s)


def test_only_wilson_hosts_and_the_base_are_fetched(tmp_path: Path) -> None:
    s = settings("http://127.0.0.1:9", tmp_path)
    with pytest.raises(SourceError, match="not a Wilson Center"):
        resolve_for_fetch("https://example.org/document/1", s)
    with pytest.raises(SourceError, match="listing page"):
        resolve_for_fetch("https://digitalarchive.wilsoncenter.org/search?q=1", s)
    address, url = resolve_for_fetch(
        "https://digitalarchive.wilsoncenter.org/document/110374.pdf?v=abc", s)
    assert url == "http://127.0.0.1:9/document/110374" and address.record_id == "110374"


def test_settings_from_env(tmp_path: Path) -> None:
    env = {"ARCHCITE_WILSON_BASE": "http://127.0.0.1:8000/", "XDG_CACHE_HOME": str(tmp_path)}
    s = FetchSettings.from_env(env)
    assert s.base == "http://127.0.0.1:8000"
    if s.cache_dir is not None and str(tmp_path) in str(s.cache_dir):
        assert s.cache_dir == tmp_path / "archcite" / "pages"
    with pytest.raises(SourceError, match="must start with http"):
        FetchSettings.from_env({}, base="file:///etc/passwd")
