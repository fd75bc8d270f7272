"""A paragraph's visible text as one string, mapped back to the Word runs that hold it.

Word splits a sentence into runs wherever formatting, spelling marks or revisions change, so a
marker like ``[@key, l. 95]`` may be spread over several ``w:t`` elements. :func:`scan` reads a
paragraph's text in order (leaving out tracked deletions and the results of archcite's own
fields) and lists the things in it that are not text (archcite fields, footnote references)
with the position where they stand; :func:`split_at` and :func:`cut` edit the text by position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from archcite.formats.word.ooxml import read_instruction, run, w

_HIDDEN = {w("del"), w("moveFrom")}  # tracked deletions: text the reader does not see


@dataclass
class Field:
    """An archcite field in a paragraph: its runs from begin to end, kind and payload."""

    runs: list[etree._Element]
    kind: str
    payload: dict[str, Any]


@dataclass
class Scan:
    """A paragraph's text, the ``w:t`` pieces it is made of, and its non-text events."""

    text: str = ""
    pieces: list[tuple[etree._Element | None, int]] = field(default_factory=list)
    # (position, kind, data): kind "field" (a Field) or "fnref" ((run, note id, "footnote" or
    # "endnote"): the call of a note, where the note is read)
    events: list[tuple[int, str, Any]] = field(default_factory=list)

    def event_at(self, pos: int, *, besides: etree._Element | None = None) -> bool:
        """Whether a field or footnote reference stands at ``pos`` (other than the one whose
        first run is ``besides``)."""
        return any(p == pos and _anchor(kind, data) is not besides
                   for p, kind, data in self.events)


def _anchor(kind: str, data: Any) -> etree._Element:
    return data.runs[0] if kind == "field" else data[0]


def paragraph_runs(p: etree._Element) -> list[etree._Element]:
    """The runs of ``p`` in order, nested paragraphs (text boxes) and deletions left out."""
    out = []
    for r in p.iter(w("r")):
        visible = True
        for ancestor in r.iterancestors():
            if ancestor is p:
                break
            if ancestor.tag in _HIDDEN or ancestor.tag == w("p"):
                visible = False
                break
        if visible:
            out.append(r)
    return out


class _Open:
    def __init__(self) -> None:
        self.runs: list[etree._Element] = []
        self.instr = ""
        self.pos = 0


def scan(p: etree._Element) -> Scan:
    """Read paragraph ``p``."""
    out = Scan()
    parts: list[str] = []
    length = 0
    stack: list[_Open] = []
    for r in paragraph_runs(p):
        for opened in stack:
            opened.runs.append(r)
        inside_ours = any("ARCHCITE_" in opened.instr for opened in stack)
        for child in r:
            tag = child.tag
            if tag == w("fldChar"):
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    opened = _Open()
                    opened.runs.append(r)
                    opened.pos = length
                    stack.append(opened)
                elif kind == "end" and stack:
                    closed = stack.pop()
                    read = read_instruction(closed.instr)
                    if read is not None and not stack:
                        out.events.append((closed.pos, "field", Field(closed.runs, *read)))
                inside_ours = any("ARCHCITE_" in opened.instr for opened in stack)
            elif tag == w("instrText") and stack:
                stack[-1].instr += child.text or ""
                inside_ours = any("ARCHCITE_" in opened.instr for opened in stack)
            elif tag in (w("footnoteReference"), w("endnoteReference")) and not stack:
                kind = "footnote" if tag == w("footnoteReference") else "endnote"
                out.events.append((length, "fnref", (r, child.get(w("id")), kind)))
            elif inside_ours:
                continue
            elif tag == w("t"):
                text = child.text or ""
                out.pieces.append((child, length))
                parts.append(text)
                length += len(text)
            elif tag in (w("tab"), w("br"), w("cr"), w("noBreakHyphen"), w("softHyphen")):
                char = {w("tab"): "\t", w("noBreakHyphen"): "\u2011",
                        w("softHyphen"): "\u00ad"}.get(tag, "\n")
                out.pieces.append((None, length))
                parts.append(char)
                length += 1
    out.text = "".join(parts)
    return out


def _locate(s: Scan, pos: int) -> tuple[etree._Element, int] | None:
    """The ``w:t`` holding character ``pos`` and the offset in it."""
    for index, (t, start) in enumerate(s.pieces):
        end = s.pieces[index + 1][1] if index + 1 < len(s.pieces) else len(s.text)
        if start <= pos < end and t is not None:
            return t, pos - start
    return None


def split_at(p: etree._Element, pos: int) -> etree._Element | None:
    """Split the run of ``p`` holding character ``pos`` so that a run starts there; that run,
    or None when ``pos`` is at the end of the text (or not in a ``w:t``)."""
    s = scan(p)
    found = _locate(s, pos)
    if found is None:
        return None
    t, offset = found
    r = t.getparent()
    if offset == 0 and _first_content(r) is t:
        return r
    twin = etree.fromstring(etree.tostring(r))
    r.addnext(twin)
    # the original keeps everything up to the split; the twin everything from it
    children = [c for c in r if c.tag != w("rPr")]
    twin_children = [c for c in twin if c.tag != w("rPr")]
    index = children.index(t)
    for child in children[index + 1:]:
        r.remove(child)
    for child in twin_children[:index]:
        twin.remove(child)
    text = t.text or ""
    _set_text(t, text[:offset])
    _set_text(twin_children[index], text[offset:])
    if offset == 0:
        r.remove(t)
    return twin


def _first_content(r: etree._Element) -> etree._Element | None:
    for child in r:
        if child.tag != w("rPr"):
            return child
    return None


def _set_text(t: etree._Element, text: str) -> None:
    t.text = text
    preserve = "{http://www.w3.org/XML/1998/namespace}space"
    if text != text.strip() or "  " in text:
        t.set(preserve, "preserve")
    elif preserve in t.attrib:
        del t.attrib[preserve]


def cut(p: etree._Element, start: int, end: int) -> None:
    """Remove characters ``start`` to ``end`` of the paragraph's text; runs left empty go."""
    s = scan(p)
    for index, (t, piece_start) in enumerate(s.pieces):
        piece_end = s.pieces[index + 1][1] if index + 1 < len(s.pieces) else len(s.text)
        lo, hi = max(start, piece_start), min(end, piece_end)
        if lo >= hi or t is None:
            continue
        text = t.text or ""
        _set_text(t, text[:lo - piece_start] + text[hi - piece_start:])
    _drop_empty_runs(p)


def _drop_empty_runs(p: etree._Element) -> None:
    for r in list(p.iter(w("r"))):
        content = [c for c in r if c.tag != w("rPr")]
        if content and all(c.tag == w("t") and not c.text for c in content):
            parent = r.getparent()
            if parent is not None:
                parent.remove(r)


def insert_text_before(p: etree._Element, pos: int, text: str,
                       node: etree._Element) -> None:
    """Put ``text`` at the end of the text just before character ``pos`` (which must be in
    front of ``node``), or in a new run before ``node`` when there is none."""
    s = scan(p)
    found = _locate(s, pos - 1) if pos > 0 else None
    if found is not None:
        t, offset = found
        value = t.text or ""
        _set_text(t, value[:offset + 1] + text + value[offset + 1:])
        return
    node.addprevious(run(text))


def insert_text_after(p: etree._Element, pos: int, text: str, node: etree._Element) -> None:
    """Put ``text`` at the start of the text at character ``pos`` (which follows ``node``),
    or in a new run after ``node`` when there is none."""
    s = scan(p)
    found = _locate(s, pos)
    if found is not None:
        t, offset = found
        value = t.text or ""
        _set_text(t, value[:offset] + text + value[offset:])
        return
    node.addnext(run(text))


def rpr_at(p: etree._Element, pos: int) -> etree._Element | None:
    """The run properties of the text at ``pos`` (a marker's formatting, for its result)."""
    found = _locate(scan(p), pos)
    if found is None:
        return None
    rpr = found[0].getparent().find(w("rPr"))
    return rpr
