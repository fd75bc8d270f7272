"""Reading files: bad input refused in one line; HTML through a real parser; the URL line."""

from __future__ import annotations

from pathlib import Path

import pytest

from archcite.errors import SourceError
from archcite.model.archives import load_registry
from archcite.sources.reading import decode_source, read_source
from archcite.sources.wilson import record_from_page

REGISTRY = load_registry()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"  \n\n ", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"%PDF-1.7\n", "binary"),
        ("Записка о положении".encode("cp1251"), "not UTF-8"),
        (b"URL: https://digitalarchive.wilsoncenter.org/document/1\n", "only an address"),
    ],
)
def test_bad_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=message) as info:
        read_source(path)
    assert "\n" not in str(info.value)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        read_source(tmp_path / "nope.txt")
    with pytest.raises(SourceError, match="is a folder"):
        read_source(tmp_path)


def test_url_line_is_remembered_and_removed() -> None:
    source = decode_source(b"URL: https://example.org/x\nJune 30, 1951\n", "t")
    assert source.page_url == "https://example.org/x"
    assert source.text == "June 30, 1951\n"


def test_another_websites_page_is_refused() -> None:
    html = (b"<!DOCTYPE html><html><head><title>Recipes</title></head><body><h1>Soup</h1>"
            b"<p>Boil water.</p><p>Add salt.</p></body></html>")
    source = decode_source(html, "soup.html")
    with pytest.raises(SourceError, match="holds no Wilson Center citation data"):
        record_from_page(source, REGISTRY)


def html_page(seed_text: str) -> bytes:
    """The seed page as a browser would save it (scripts and styles included)."""
    from html import escape

    blocks = []
    for para in seed_text.split("\n\n"):
        para = para.strip().replace("**", "").lstrip("#").strip()
        if para:
            blocks.append(f"<div class='field'><p>{escape(para)}</p></div>")
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Digital Archive</title>"
        "<link rel='canonical' href='https://digitalarchive.wilsoncenter.org/document/110374'>"
        "<style>p { color: red }</style><script>var citation = 'Citation: nonsense';</script>"
        "</head><body><!-- a comment -->" + "".join(blocks) + "</body></html>"
    ).encode("utf-8")


def test_html_page_gives_the_same_record_as_the_markdown(seed_page: Path) -> None:
    text = seed_page.read_text("utf-8")
    from_md = record_from_page(decode_source(text.encode(), "seed.md"), REGISTRY)
    source = decode_source(html_page(text), "seed.html")
    assert source.was_html and "nonsense" not in source.text
    from_html = record_from_page(source, REGISTRY)
    assert from_html == from_md  # canonical link == the record's URL: no page-url added
