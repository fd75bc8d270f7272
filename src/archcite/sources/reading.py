"""Reading a saved source: bytes in, checked text out.

A researcher's file can be anything: empty, binary, another encoding, a page saved as HTML.
Each is either turned into plain text or refused with one line saying why, before any parsing
starts, so later stages can assume clean text. A first ``URL: <address>`` line (how pages are
kept in the project's fixtures, and what many clipping tools write) is remembered and removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from archcite.errors import SourceError

MAX_FILE_BYTES = 20 * 1024 * 1024

_URL_LINE = re.compile(r"\A\s*URL:\s*(\S+)[ \t]*(?:\r?\n|\Z)")
_HTML_START = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<\?xml)",
                         re.IGNORECASE)
_HTML_TAGS = re.compile(r"<(?:div|p|body|span|h[1-6]|table|article|main)[\s>]", re.IGNORECASE)
# Elements after which a browser starts a new line; their text must not run together.
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot", "tr",
    "td", "th", "ul",
})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe"})


@dataclass(frozen=True)
class SourceText:
    """A source as text: where it came from, the saved-from address, whether it was HTML."""

    text: str
    origin: str
    page_url: str = ""
    was_html: bool = False


def read_source(path: str | Path) -> SourceText:
    """Read a saved page from disk, refusing what is not a readable text page."""
    path = Path(path)
    if not path.exists():
        raise SourceError(f"{path}: no such file")
    if path.is_dir():
        raise SourceError(f"{path}: is a folder, not a saved page")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SourceError(f"{path}: too large for a saved page ({size} bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return decode_source(data, str(path))


def decode_source(data: bytes, origin: str, content_type: str = "") -> SourceText:
    """Check and decode raw bytes (a file's or an HTTP body) into :class:`SourceText`."""
    if not data.strip():
        raise SourceError(f"{origin}: is empty")
    if b"\x00" in data[:65536] or data[:5] == b"%PDF-":
        raise SourceError(f"{origin}: is a binary file, not a saved page (save it as text)")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{origin}: is not UTF-8 text (byte {exc.start}); save the page as UTF-8"
        ) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    page_url = ""
    match = _URL_LINE.match(text)
    if match:
        page_url = match.group(1).strip("<>")
        text = text[match.end():]
    if looks_like_html(text, content_type):
        text, found_url = html_to_text(text, origin)
        page_url = page_url or found_url
        return SourceText(text=text, origin=origin, page_url=page_url, was_html=True)
    if not text.strip():
        raise SourceError(f"{origin}: holds only an address, no page")
    return SourceText(text=text, origin=origin, page_url=page_url)


def looks_like_html(text: str, content_type: str = "") -> bool:
    """True for a page saved as HTML (by its start, or many tags, or the server's word)."""
    if "html" in content_type.lower():
        return True
    return bool(_HTML_START.match(text)) or len(_HTML_TAGS.findall(text[:20000])) >= 3


def html_to_text(markup: str, origin: str) -> tuple[str, str]:
    """The visible text of an HTML page, one block per line, and its canonical address.

    Uses lxml's HTML parser (tolerant of real-world markup), never regular expressions. Block
    elements end lines, so labels and values stay on separate lines as the layouts expect.
    """
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise SourceError(f"{origin}: cannot parse the HTML page: {exc}") from exc
    canonical = ""
    for link in root.iter("link", "meta"):
        if link.tag == "link" and "canonical" in (link.get("rel") or "").lower():
            canonical = canonical or (link.get("href") or "").strip()
        elif link.tag == "meta" and (link.get("property") or "").lower() == "og:url":
            canonical = canonical or (link.get("content") or "").strip()
    parts: list[str] = []
    _collect_text(root, parts)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if not text:
        raise SourceError(f"{origin}: the HTML page has no text")
    return text + "\n", canonical


def _collect_text(element: object, parts: list[str]) -> None:
    import lxml.html

    tag = getattr(element, "tag", None)
    if not isinstance(tag, str):  # comments and processing instructions
        tail = getattr(element, "tail", None)
        if tail:
            parts.append(tail)
        return
    name = tag.lower()
    if name in _SKIP_TAGS:
        if getattr(element, "tail", None):
            parts.append(element.tail)  # type: ignore[attr-defined]
        return
    block = name in _BLOCK_TAGS
    if block:
        parts.append("\n")
    if name == "li":
        parts.append("• ")
    if isinstance(element, lxml.html.HtmlElement) and element.text:
        parts.append(element.text)
    for child in element:  # type: ignore[attr-defined]
        _collect_text(child, parts)
    if block:
        parts.append("\n")
    if element.tail:  # type: ignore[attr-defined]
        parts.append(element.tail)  # type: ignore[attr-defined]
