"""Build Word documents for the docx tests, and read back what archcite wrote.

Documents are made with python-docx (what a writer's Word file looks like: text split over
runs as Word splits it). python-docx cannot make footnotes, so a writer's own footnote is
added here as raw WordprocessingML, written for these tests (not with archcite's code).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from tests.samples import samples

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


def add_writer_footnote(path: Path, paragraph_index: int, runs: list[str], note_id: int = 1
                        ) -> None:
    """Give the document a footnote of the writer's own, called at the end of paragraph
    ``paragraph_index``, whose text is ``runs`` (one w:r each)."""
    with zipfile.ZipFile(path) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    doc = etree.fromstring(members["word/document.xml"])
    paragraph = list(doc.iter(W + "p"))[paragraph_index]
    paragraph.append(etree.fromstring(
        f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteReference w:id="{note_id}"/></w:r>'))
    members["word/document.xml"] = etree.tostring(doc, xml_declaration=True,
                                                  encoding="UTF-8", standalone=True)
    body = "".join(f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' for text in runs)
    members["word/footnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:footnotes xmlns:w="{W_NS}">'
        f'<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        f'</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        f'<w:continuationSeparator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="{note_id}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
        f'</w:rPr><w:footnoteRef/></w:r>{body}</w:p></w:footnote></w:footnotes>').encode()
    rels = etree.fromstring(members["word/_rels/document.xml.rels"])
    rel = etree.SubElement(rels, "{http://schemas.openxmlformats.org/package/2006/relationships}"
                                 "Relationship")
    rel.set("Id", "rIdWriterNotes")
    rel.set("Type", f"{R_NS}/footnotes")
    rel.set("Target", "footnotes.xml")
    members["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True,
                                                             encoding="UTF-8", standalone=True)
    types = etree.fromstring(members["[Content_Types].xml"])
    override = etree.SubElement(
        types, "{http://schemas.openxmlformats.org/package/2006/content-types}Override")
    override.set("PartName", "/word/footnotes.xml")
    override.set("ContentType", "application/vnd.openxmlformats-officedocument."
                                "wordprocessingml.footnotes+xml")
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
        elif node.tag == W + "footnoteReference":
            out.append("^")
    return "".join(out)


def body_paragraphs(path: Path) -> list[str]:
    """The text of every paragraph of the body (a footnote reference shows as ^)."""
    doc = etree.fromstring(members(path)["word/document.xml"])
    return [_text(p) for p in doc.iter(W + "p")]


def notes_in_order(path: Path) -> list[str]:
    """The text of the footnotes in the order the body calls them (as Word numbers them)."""
    parts = members(path)
    doc = etree.fromstring(parts["word/document.xml"])
    if "word/footnotes.xml" not in parts:
        return []
    notes = {n.get(W + "id"): n for n in etree.fromstring(parts["word/footnotes.xml"])}
    return [_text(notes[ref.get(W + "id")]).strip() for ref in doc.iter(W + "footnoteReference")]


def fields(path: Path, kind: str = "ARCHCITE_CITATION") -> list[dict[str, Any]]:
    """The payloads of archcite's fields in the body and the footnotes."""
    out = []
    for name, data in members(path).items():
        if name in ("word/document.xml", "word/footnotes.xml"):
            root = etree.fromstring(data)
            for instr in root.iter(W + "instrText"):
                text = (instr.text or "").strip()
                if text.startswith(f"ADDIN {kind} "):
                    out.append(json.loads(text.split(" ", 2)[2]))
    return out
