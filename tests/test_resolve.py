"""Every Wilson Center address form (http(s), .pdf, slug, node, mirror) and ``archcite resolve``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archcite.cli import cli
from archcite.errors import SourceError
from archcite.sources.addresses import parse_address

CANON = "https://digitalarchive.wilsoncenter.org/document/110374"


@pytest.mark.parametrize(
    "address",
    [
        "http://digitalarchive.wilsoncenter.org/document/110374",
        "https://digitalarchive.wilsoncenter.org/document/110374",
        "https://digitalarchive.wilsoncenter.org/document/110374/",
        "https://digitalarchive.wilsoncenter.org/document/110374.pdf?v=6e0a1d4e4b2f",
        "digitalarchive.wilsoncenter.org/document/110374",
        "<http://digitalarchive.wilsoncenter.org/document/110374>",
        "https://wilson-center-digital-archive.dvincitest.com/document/110374",
        "110374",
    ],
)
def test_document_forms(address: str) -> None:
    parsed = parse_address(address)
    assert (parsed.kind, parsed.record_id, parsed.canonical) == ("document", "110374", CANON)


@pytest.mark.parametrize(
    ("address", "slug"),
    [
        ("https://digitalarchive.wilsoncenter.org/document/ciphered-telegram-filippov-stalin-mao-"
         "zedong", "ciphered-telegram-filippov-stalin-mao-zedong"),
        # a trailing -1 tells identical titles apart: not an id
        ("https://digitalarchive.wilsoncenter.org/document/cable-joseph-stalin-anastas-mikoyan-1",
         "cable-joseph-stalin-anastas-mikoyan-1"),
        ("https://wilson-center-digital-archive.dvincitest.com/document/cable-stalin-kuznetsov-"
         "mao-zedong-terebin-1", "cable-stalin-kuznetsov-mao-zedong-terebin-1"),
    ],
)
def test_slugs_carry_no_id(address: str, slug: str) -> None:
    parsed = parse_address(address)
    assert (parsed.kind, parsed.record_id, parsed.slug) == ("slug", "", slug)
    assert parsed.canonical == f"https://digitalarchive.wilsoncenter.org/document/{slug}"


def test_node_number_is_not_the_record_id() -> None:
    parsed = parse_address("https://digitalarchive.wilsoncenter.org/node/89832")
    assert (parsed.kind, parsed.record_id, parsed.node, parsed.canonical) == (
        "node", "", "89832", "")


@pytest.mark.parametrize(
    "address",
    [
        "https://digitalarchive.wilsoncenter.org/search-results/1/%7B%22search%22%3A%22x%22%7D",
        "https://digitalarchive.wilsoncenter.org/search?q=stalin",
        "https://digitalarchive.wilsoncenter.org/collection/134/korean-war-origins",
        "https://digitalarchive.wilsoncenter.org/topics/korean-war",
    ],
)
def test_listing_pages(address: str) -> None:
    assert parse_address(address).kind == "listing"


@pytest.mark.parametrize(
    "address",
    ["https://example.org/document/110374", "https://digitalarchive.wilsoncenter.org/",
     "https://digitalarchive.wilsoncenter.org/about", "ftp://x", ""],
)
def test_not_documents(address: str) -> None:
    with pytest.raises(SourceError):
        parse_address(address)


def test_resolve_command(runner, seed_library: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["--library", str(seed_library), "resolve",
                                 "http://digitalarchive.wilsoncenter.org/document/110374.pdf?v=1"])
    assert result.exit_code == 0, result.output
    assert f"canonical: {CANON}" in result.output
    assert "record id: 110374" in result.output
    assert "holds it as filippov1951ciphered" in result.output

    result = runner.invoke(cli, ["--library", str(seed_library), "resolve", "112019", "--json"])
    data = json.loads(result.output)
    assert data["record_id"] == "112019" and data["key"] is None

    result = runner.invoke(cli, ["--library", str(seed_library), "resolve",
                                 "https://digitalarchive.wilsoncenter.org/document/some-slug-0"])
    assert result.exit_code == 0
    assert "record id: unknown: a slug address" in result.output
    assert "does not hold it" in result.output

    result = runner.invoke(cli, ["--library", str(seed_library), "resolve",
                                 "https://digitalarchive.wilsoncenter.org/node/89832"])
    assert result.exit_code == 0 and "its number is not the record id" in result.output


def test_resolve_listing_and_foreign_are_errors(runner, library_dir: Path) -> None:  # type: ignore[no-untyped-def]
    for address in ("https://digitalarchive.wilsoncenter.org/search?q=x",
                    "https://example.org/document/1"):
        result = runner.invoke(cli, ["--library", str(library_dir), "resolve", address])
        assert result.exit_code == 1
        assert result.output.count("\n") == 1 and "error:" in result.output
        assert "Traceback" not in result.output


def test_resolve_finds_a_slug_page_the_library_holds(runner, library_dir: Path,
                                                     wilson_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page = wilson_dir / "110296.txt"
    assert runner.invoke(cli, ["--library", str(library_dir), "add", str(page)]).exit_code == 0
    result = runner.invoke(cli, ["--library", str(library_dir), "resolve",
                                 "https://digitalarchive.wilsoncenter.org/document/cable-stalin-"
                                 "kuznetsov-mao-zedong-terebin-1"])
    assert "holds it as stalin1947cable" in result.output
