"""WordprocessingML that archcite writes: formatted runs, citation fields, footnotes, styles.

A citation is stored as a complex field (``w:fldChar`` begin, ``w:instrText`` holding
archcite's instruction, separate, the rendered result, end), the way Zotero's Word integration
keeps its citations: Word and LibreOffice keep a field's code through editing and saving, so
the keys and pinpoints survive and the next run re-renders the result.
"""

from __future__ import annotations

import json
from typing import Any

from lxml import etree

from archcite.formats.richtext import Run

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
RT_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"

CITATION = "ARCHCITE_CITATION"
BIBLIOGRAPHY = "ARCHCITE_BIBLIOGRAPHY"


def w(tag: str) -> str:
    """The qualified name of a WordprocessingML element or attribute."""
    return f"{{{W_NS}}}{tag}"


def parse(data: bytes) -> etree._Element:
    """An XML part as a tree (entities and network access off: a document is untrusted)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    return etree.fromstring(data, parser)


def serialize(root: etree._Element) -> bytes:
    """A part's bytes as Word writes them: UTF-8 with a standalone declaration."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def instruction(kind: str, payload: dict[str, Any]) -> str:
    """A field instruction: `` ADDIN ARCHCITE_CITATION {json} ``."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f" ADDIN {kind} {text} "


def read_instruction(text: str) -> tuple[str, dict[str, Any]] | None:
    """The kind and payload of an archcite field instruction, None for any other field."""
    words = text.strip().split(None, 2)
    if len(words) < 2 or words[0].upper() != "ADDIN" or words[1] not in (CITATION, BIBLIOGRAPHY):
        return None
    try:
        payload = json.loads(words[2]) if len(words) > 2 else {}
    except json.JSONDecodeError:
        payload = {"damaged": True}
    return words[1], payload if isinstance(payload, dict) else {"damaged": True}


def _el(tag: str, **attrs: str) -> etree._Element:
    element = etree.Element(w(tag))
    for name, value in attrs.items():
        element.set(w(name), value)
    return element


def text_element(text: str, tag: str = "t") -> etree._Element:
    t = _el(tag)
    t.text = text
    if text != text.strip() or "  " in text:
        t.set(XML_SPACE, "preserve")
    return t


def run(text: str, rpr: etree._Element | None = None) -> etree._Element:
    """A run of plain text with an optional copy of run properties."""
    r = _el("r")
    if rpr is not None:
        r.append(_copy(rpr))
    r.append(text_element(text))
    return r


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element))


def formatted_run(piece: Run, base: etree._Element | None, link_style: str | None
                  ) -> etree._Element:
    """A run for a piece of rendered text: the paragraph's own run properties plus italics,
    small caps, bold, underline, superscript or subscript as the style printed them."""
    rpr = _copy(base) if base is not None else _el("rPr")
    for tag in ("i", "b", "u", "smallCaps", "vertAlign", "rStyle"):
        for old in rpr.findall(w(tag)):
            rpr.remove(old)
    adds: list[etree._Element] = []
    if piece.link and link_style:
        adds.append(_el("rStyle", val=link_style))
    if piece.bold:
        adds.append(_el("b"))
    if piece.italic:
        adds.append(_el("i"))
    if piece.smallcaps:
        adds.append(_el("smallCaps"))
    if piece.underline:
        adds.append(_el("u", val="single"))
    if piece.sup or piece.sub:
        adds.append(_el("vertAlign", val="superscript" if piece.sup else "subscript"))
    for element in reversed(adds):
        rpr.insert(0, element)
    _order_rpr(rpr)
    r = _el("r")
    if len(rpr):
        r.append(rpr)
    r.append(text_element(piece.text))
    return r


# The schema's order of run properties (Word refuses a document whose rPr children are out of
# order): the ones archcite writes and the usual ones a paragraph's runs carry.
_RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
              "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
              "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
              "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
              "em", "lang", "eastAsianLayout", "specVanish", "oMath"]


def _order_rpr(rpr: etree._Element) -> None:
    rank = {name: i for i, name in enumerate(_RPR_ORDER)}
    children = list(rpr)
    children.sort(key=lambda el: rank.get(etree.QName(el).localname, len(rank)))
    for child in children:
        rpr.append(child)


def field_runs(kind: str, payload: dict[str, Any], result: list[etree._Element]
               ) -> list[etree._Element]:
    """The elements of a complex field: begin, instruction, separate, ``result``, end."""
    begin = _el("r")
    begin.append(_el("fldChar", fldCharType="begin"))
    instr = _el("r")
    instr.append(text_element(instruction(kind, payload), "instrText"))
    separate = _el("r")
    separate.append(_el("fldChar", fldCharType="separate"))
    end = _el("r")
    end.append(_el("fldChar", fldCharType="end"))
    return [begin, instr, separate, *result, end]


def hyperlink(rid: str, runs: list[etree._Element]) -> etree._Element:
    link = _el("hyperlink")
    link.set(f"{{{R_NS}}}id", rid)
    link.extend(runs)
    return link


def footnote_reference(note_id: int, ref_style: str | None,
                       kind: str = "footnote") -> etree._Element:
    """The run in the text that calls note ``note_id`` (``kind``: footnote or endnote)."""
    r = _el("r")
    rpr = _el("rPr")
    if ref_style:
        rpr.append(_el("rStyle", val=ref_style))
    else:
        rpr.append(_el("vertAlign", val="superscript"))
    r.append(rpr)
    r.append(_el(f"{kind}Reference", id=str(note_id)))
    return r


def footnote(note_id: int, content: list[etree._Element], text_style: str | None,
             ref_style: str | None, kind: str = "footnote") -> etree._Element:
    """A note (``kind``: footnote or endnote) holding ``content`` (runs) after its number,
    in Word's styles for that kind of note."""
    note = _el(kind, id=str(note_id))
    p = _el("p")
    if text_style:
        ppr = _el("pPr")
        ppr.append(_el("pStyle", val=text_style))
        p.append(ppr)
    mark = _el("r")
    rpr = _el("rPr")
    rpr.append(_el("rStyle", val=ref_style) if ref_style else _el("vertAlign", val="superscript"))
    mark.append(rpr)
    mark.append(_el(f"{kind}Ref"))
    p.append(mark)
    p.append(run(" "))
    p.extend(content)
    note.append(p)
    return note


def new_footnotes_part() -> etree._Element:
    """An empty footnotes part with the two separators Word expects (ids -1 and 0)."""
    root = etree.Element(w("footnotes"), nsmap={"w": W_NS, "r": R_NS})
    for note_id, kind, mark in (("-1", "separator", "separator"),
                                ("0", "continuationSeparator", "continuationSeparator")):
        note = _el("footnote", type=kind, id=note_id)
        p = _el("p")
        ppr = _el("pPr")
        ppr.append(_el("spacing", after="0", line="240", lineRule="auto"))
        p.append(ppr)
        r = _el("r")
        r.append(_el(mark))
        p.append(r)
        note.append(p)
        root.append(note)
    return root


def new_relationships() -> etree._Element:
    return etree.Element(f"{{{PR_NS}}}Relationships", nsmap={None: PR_NS})


def add_relationship(rels: etree._Element, rel_type: str, target: str,
                     external: bool = False) -> str:
    """The id of a relationship of ``rel_type`` to ``target``: an existing one, or a new one
    (so that writing the same link twice adds nothing)."""
    ids = set()
    for rel in rels:
        ids.add(rel.get("Id"))
        if rel.get("Type") == rel_type and rel.get("Target") == target and (
                (rel.get("TargetMode") == "External") == external):
            return str(rel.get("Id"))
    number = 1
    while f"rId{number}" in ids:
        number += 1
    rid = f"rId{number}"
    rel = etree.SubElement(rels, f"{{{PR_NS}}}Relationship")
    rel.set("Id", rid)
    rel.set("Type", rel_type)
    rel.set("Target", target)
    if external:
        rel.set("TargetMode", "External")
    return rid


def add_override(types: etree._Element, part: str, content_type: str) -> None:
    """Declare the content type of a new part in [Content_Types].xml (once)."""
    name = "/" + part.lstrip("/")
    for override in types.findall(f"{{{CT_NS}}}Override"):
        if override.get("PartName") == name:
            return
    override = etree.SubElement(types, f"{{{CT_NS}}}Override")
    override.set("PartName", name)
    override.set("ContentType", content_type)


# Word's built-in styles archcite uses, by the built-in name Word writes in styles.xml in every
# language (the style id is localised: "FootnoteText", "Funotentext" …).
STYLE_DEFS: dict[str, tuple[str, str, str]] = {
    # name: (type, preferred id, XML of pPr/rPr)
    "footnote text": ("paragraph", "FootnoteText",
                      '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
                      '<w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>'),
    "footnote reference": ("character", "FootnoteReference",
                           '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'),
    "endnote text": ("paragraph", "EndnoteText",
                     '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
                     '<w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>'),
    "endnote reference": ("character", "EndnoteReference",
                          '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'),
    "Hyperlink": ("character", "Hyperlink",
                  '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>'),
    "Bibliography": ("paragraph", "Bibliography",
                     '<w:pPr><w:ind w:left="720" w:hanging="720"/></w:pPr>'),
}


def style_id(styles: etree._Element | None, name: str, create: bool) -> str | None:
    """The id of the built-in style ``name`` in the styles part, added if ``create`` and
    missing; None when there is no styles part."""
    if styles is None:
        return None
    kind, preferred, body = STYLE_DEFS[name]
    for style in styles.findall(w("style")):
        name_el = style.find(w("name"))
        if (style.get(w("type")) == kind and name_el is not None
                and str(name_el.get(w("val"), "")).lower() == name.lower()):
            return str(style.get(w("styleId")))
    if not create:
        return None
    ids = {style.get(w("styleId")) for style in styles.findall(w("style"))}
    sid = preferred
    while sid in ids:
        sid += "A"
    based = ("<w:basedOn w:val=\"Normal\"/>" if kind == "paragraph" and "Normal" in ids
             else "")
    xml = (f'<w:style xmlns:w="{W_NS}" w:type="{kind}" w:styleId="{sid}">'
           f'<w:name w:val="{name}"/>{based}<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
           f"{body}</w:style>")
    styles.append(etree.fromstring(xml))
    return sid
