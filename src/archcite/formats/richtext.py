"""Rendered citations as runs of formatted text, for outputs that are not markup strings.

The renderer writes a citation once, as HTML (:class:`archcite.render.formatters.HtmlFormat`:
``<i>``, ``<b>``, ``<u>``, ``<sup>``, ``<sub>`` and a small-caps ``<span>``). Word documents,
RTF and the clipboard need the same text as runs that each carry their formatting, so this
module reads that HTML back into :class:`Run` values (and nothing else: it is not a renderer),
and marks the addresses the records print so that outputs can make them links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting; ``link`` is the address it points to, if any."""

    text: str
    italic: bool = False
    bold: bool = False
    underline: bool = False
    smallcaps: bool = False
    sup: bool = False
    sub: bool = False
    link: str | None = None

    def same_format(self, other: Run) -> bool:
        return replace(self, text="") == replace(other, text="")


_TAGS = {"i": "italic", "em": "italic", "b": "bold", "strong": "bold", "u": "underline",
         "sup": "sup", "sub": "sub"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str | None] = []
        self.runs: list[Run] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        flag = _TAGS.get(tag)
        if tag == "span":
            style = (dict(attrs).get("style") or "").replace(" ", "")
            flag = "smallcaps" if "font-variant:small-caps" in style else None
        self.stack.append(flag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not data:
            return
        on = set(self.stack)
        run = Run(data, italic="italic" in on, bold="bold" in on, underline="underline" in on,
                  smallcaps="smallcaps" in on, sup="sup" in on, sub="sub" in on)
        if self.runs and self.runs[-1].same_format(run):
            self.runs[-1] = replace(self.runs[-1], text=self.runs[-1].text + data)
        else:
            self.runs.append(run)


def runs_from_html(html: str) -> list[Run]:
    """The formatted runs of an HTML fragment written by the renderer's HTML format."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.runs


def plain(runs: list[Run]) -> str:
    """The text of ``runs`` without formatting."""
    return "".join(run.text for run in runs)


def link_addresses(runs: list[Run], urls: list[str]) -> list[Run]:
    """Mark where the text prints one of ``urls`` as a link to it.

    A style may print an address without its scheme (MLA: "digitalarchive.wilsoncenter.org/…"):
    both spellings are found, and the link always carries the full address.
    """
    shown: dict[str, str] = {}
    for url in urls:
        if not url:
            continue
        shown.setdefault(url, url)
        bare = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url, flags=re.IGNORECASE)
        shown.setdefault(bare, url)
    if not shown:
        return runs
    pattern = re.compile("|".join(re.escape(s) for s in sorted(shown, key=len, reverse=True)))
    out: list[Run] = []
    for run in runs:
        pos = 0
        for match in pattern.finditer(run.text):
            if match.start() > pos:
                out.append(replace(run, text=run.text[pos:match.start()]))
            out.append(replace(run, text=match.group(), link=shown[match.group()]))
            pos = match.end()
        if pos < len(run.text):
            out.append(replace(run, text=run.text[pos:]))
    return out


def capitalize_first(runs: list[Run]) -> list[Run]:
    """``runs`` with the first letter upper-cased (a note begins with a capital: "See …")."""
    out = list(runs)
    for i, run in enumerate(out):
        if run.text.strip():
            stripped = run.text.lstrip()
            lead = run.text[:len(run.text) - len(stripped)]
            out[i] = replace(run, text=lead + stripped[:1].upper() + stripped[1:])
            break
    return out
