"""Cite in a Word document: markers and earlier citations become notes or parentheticals.

One pass over the document in reading order, footnotes and endnotes read where they are called,
finds every citation: markers the writer typed (``[@key, l. 95]``) and the fields archcite wrote
before.
Then, with the style's positions (first citation full, later ones short), every citation is
rendered by the citation engine and written back as a field:

- note styles (Chicago): a citation in the text becomes a footnote holding the field (the space
  before it goes, and a following period or comma moves in front of the note number, as Chicago
  places note numbers; both are remembered in the field so an in-text style can put them back);
  a citation inside a footnote or an endnote stays there (a paper whose notes are all
  endnotes gets its new notes as endnotes too: the writer chose where notes go);
- in-text styles (MLA): a citation in the text is the parenthetical; a footnote that holds
  nothing but one citation is taken out and its citation put in the text where the note was;
  a footnote with the writer's own words keeps them, with the parenthetical inside.

A paragraph reading ``[bibliography]`` (or the bibliography archcite wrote) becomes one
paragraph per cited source with a hanging indent, in the style's order. Everything is written
from the fields' keys each time, so a second run writes the same bytes.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from lxml import etree

from archcite.formats.richtext import Run, capitalize_first, link_addresses, runs_from_html
from archcite.formats.word import ooxml
from archcite.formats.word import text as wtext
from archcite.formats.word.markers import BIBLIOGRAPHY, CiteSpec, find_markers
from archcite.formats.word.ooxml import w
from archcite.formats.word.package import CT_FOOTNOTES, Package, rels_name

MOVABLE = ".,;:?!"

# (items with the position of each, form, whether the citation ends its sentence) -> HTML
CitationRenderer = Callable[[list[tuple[dict[str, Any], CiteSpec, str]], str, bool], str]
# records -> bibliography entries as HTML, in the style's order
BibliographyRenderer = Callable[[list[dict[str, Any]]], list[str]]


@dataclass
class Slot:
    """A citation found in the document: a marker or an archcite field, where it stands."""

    specs: list[CiteSpec]
    paragraph: etree._Element
    start: int
    end: int
    field: wtext.Field | None = None
    marker: str = ""
    note: etree._Element | None = None  # the footnote or endnote it is in
    note_kind: str = "footnote"  # which of the two ``note`` is
    ref: tuple[etree._Element, etree._Element] | None = None  # (body paragraph, reference run)
    ref_pos: int = 0
    alone: bool = False  # the note holds nothing but this citation
    records: list[dict[str, Any]] = dc_field(default_factory=list)
    payload: dict[str, Any] = dc_field(default_factory=dict)


@dataclass
class Outcome:
    """What a run did: citations written, notes, keys that are not in the library."""

    citations: int = 0
    notes: int = 0
    bibliography: int = 0
    unknown: list[tuple[str, str]] = dc_field(default_factory=list)  # (key, marker as written)
    damaged: int = 0


NOTE_KINDS = ("footnote", "endnote")


@dataclass
class _NotePart:
    """The footnotes or the endnotes part and its relationships (links in notes go there)."""

    root: etree._Element | None
    rels: etree._Element | None


@dataclass
class _Parts:
    doc: etree._Element
    notes: dict[str, _NotePart]  # by kind: "footnote", "endnote"
    styles: etree._Element | None
    doc_rels: etree._Element
    # what to write back: "doc", "doc_rels", "styles", and per kind of note "<kind>",
    # "<kind>_rels", "new_<kind>" (a part that did not exist)
    changed: set[str] = dc_field(default_factory=set)


def process(package: Package, *, lookup: Callable[[str], dict[str, Any] | None],
            note_style: bool, render: CitationRenderer,
            bibliography: BibliographyRenderer | None, ibid_positions: Callable[
                [list[list[str]]], list[list[str]]]) -> Outcome:
    """Write every citation of ``package`` (in place, into ``package.changed``)."""
    parts = _load(package)
    outcome = Outcome()
    body = parts.doc.find(w("body"))
    if body is None:
        return outcome
    notes = {kind: _notes_by_id(parts.notes[kind].root, kind) for kind in NOTE_KINDS}
    slots, bib_blocks = _find(body, notes)
    good: list[Slot] = []
    for slot in slots:
        if slot.payload.get("damaged"):
            outcome.damaged += 1
            continue
        records = [lookup(spec.key) for spec in slot.specs]
        missing = [spec.key for spec, rec in zip(slot.specs, records, strict=True) if rec is None]
        for key in missing:
            outcome.unknown.append((key, slot.marker or _written(slot.specs)))
        if not missing:
            slot.records = [r for r in records if r is not None]
            good.append(slot)
    positions = ibid_positions([[str(r["id"]) for r in s.records] for s in good]) \
        if note_style else [["first"] * len(s.records) for s in good]
    writer = _Writer(parts, note_style, notes, _new_note_kind(body, notes))
    for slot, where in zip(good, positions, strict=True):
        items = [(rec, spec, pos) for rec, spec, pos in zip(slot.records, slot.specs, where,
                                                           strict=True)]
        writer.plan(slot, render(items, "note" if note_style else "intext",
                                 _ends_sentence(slot, note_style)))
    writer.apply()
    outcome.citations = len(good)
    outcome.notes = writer.new_notes
    if bib_blocks and bibliography is not None:
        cited: dict[str, dict[str, Any]] = {}
        for slot in good:
            for record in slot.records:
                cited.setdefault(str(record["id"]), record)
        entries = bibliography(list(cited.values())) if cited else []
        for block in bib_blocks:
            writer.bibliography(block, entries, list(cited.values()))
        outcome.bibliography = len(entries)
    _store(package, parts)
    return outcome


def _ends_sentence(slot: Slot, note_style: bool) -> bool:
    """Whether a note citation closes its note: a citation with the writer's words (or
    punctuation) after it inside a footnote leaves the period to the writer."""
    if not note_style or slot.note is None or slot.alone:
        return True
    following = wtext.scan(slot.paragraph).text[slot.end:]
    return not following.strip()


def _written(specs: list[CiteSpec]) -> str:
    parts = []
    for spec in specs:
        text = " ".join(x for x in (spec.prefix, f"@{spec.key}") if x)
        if spec.locator:
            text += f", {spec.locator}"
        if spec.suffix:
            text += f", {spec.suffix}"
        parts.append(text)
    return "[" + "; ".join(parts) + "]"


def _load(package: Package) -> _Parts:
    doc = ooxml.parse(package.read(package.main) or b"")
    styles = ooxml.parse(package.read(package.styles) or b"") if package.styles else None
    doc_rels_data = package.read(rels_name(package.main))
    doc_rels = ooxml.parse(doc_rels_data) if doc_rels_data else ooxml.new_relationships()
    notes = {}
    for kind in NOTE_KINDS:
        name = _note_part_name(package, kind)
        root = rels = None
        if name:
            root = ooxml.parse(package.read(name) or b"")
            data = package.read(rels_name(name))
            rels = ooxml.parse(data) if data else ooxml.new_relationships()
        notes[kind] = _NotePart(root, rels)
    return _Parts(doc, notes, styles, doc_rels)


def _note_part_name(package: Package, kind: str) -> str | None:
    return package.footnotes if kind == "footnote" else package.endnotes


def _notes_by_id(notes: etree._Element | None, kind: str) -> dict[str, etree._Element]:
    if notes is None:
        return {}
    return {str(n.get(w("id"))): n for n in notes.findall(w(kind))}


def _new_note_kind(body: etree._Element, notes: dict[str, dict[str, etree._Element]]) -> str:
    """Where a citation in the text gets its note: footnotes, unless the paper's notes are
    all endnotes already (a writer who chose endnotes keeps them; mixing the two would number
    two series in one paper)."""
    def called(kind: str) -> bool:
        return any(str(ref.get(w("id"))) in notes[kind]
                   for ref in body.iter(w(f"{kind}Reference")))
    return "endnote" if called("endnote") and not called("footnote") else "footnote"


def _find(body: etree._Element, notes: dict[str, dict[str, etree._Element]]
          ) -> tuple[list[Slot], list[list[etree._Element]]]:
    """Every citation in reading order, and the bibliography blocks (runs of paragraphs)."""
    slots: list[Slot] = []
    blocks: list[list[etree._Element]] = []
    previous_bib: etree._Element | None = None
    for p in list(body.iter(w("p"))):
        if _in_fallback(p):
            continue
        scan = wtext.scan(p)
        kinds = [data.kind for _, kind, data in scan.events if kind == "field"]
        if kinds and all(k == ooxml.BIBLIOGRAPHY for k in kinds) and not scan.text.strip():
            if previous_bib is not None and previous_bib.getnext() is p:
                blocks[-1].append(p)
            else:
                blocks.append([p])
            previous_bib = p
            continue
        if not scan.events and scan.text.strip() == BIBLIOGRAPHY:
            blocks.append([p])
            previous_bib = None
            continue
        for item in _paragraph_slots(p, scan):
            if isinstance(item, Slot):
                slots.append(item)
                continue
            ref_run, note_id, kind, pos = item
            note = notes[kind].get(str(note_id))
            if note is None:
                continue
            inside = [s for q in note.iter(w("p")) for s in _paragraph_slots(q, wtext.scan(q))
                      if isinstance(s, Slot)]
            alone = len(inside) == 1 and _only_citation(note, inside[0])
            for s in inside:
                s.note = note
                s.note_kind = kind
                s.ref = (p, ref_run)
                s.ref_pos = pos
                s.alone = alone
            slots += inside
    return slots, blocks


MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _in_fallback(p: etree._Element) -> bool:
    """Whether ``p`` is in the copy of a text box Word keeps for older readers
    (``mc:Fallback``): its markers are the same as the ones of the text box itself."""
    return any(a.tag == MC_FALLBACK for a in p.iterancestors())


def _paragraph_slots(p: etree._Element, scan: wtext.Scan) -> list[Any]:
    """The citations of one paragraph and its note references, in order."""
    found: list[tuple[int, int, Any]] = []
    for order, (pos, kind, data) in enumerate(scan.events):
        if kind == "field" and data.kind == ooxml.CITATION:
            try:
                specs = [CiteSpec.from_json(i) for i in data.payload.get("citationItems", [])]
            except ValueError:
                specs = []
            slot = Slot(specs, p, pos, pos, field=data, payload=data.payload)
            if not specs:
                slot.payload = {**data.payload, "damaged": True}
            found.append((pos, order, slot))
        elif kind == "fnref":
            found.append((pos, order, (data[0], data[1], data[2], pos)))
    for start, end, specs in find_markers(scan.text):
        if any(start < pos < end for pos, _, _ in scan.events):
            continue  # a marker cut through by a field or a note is not a marker
        if any(t is None for t, piece in scan.pieces if start <= piece < end):
            continue
        found.append((start, -1, Slot(specs, p, start, end, marker=scan.text[start:end])))
    found.sort(key=lambda item: (item[0], item[1]))
    return [item for _, _, item in found]


def _only_citation(note: etree._Element, slot: Slot) -> bool:
    """Whether a note holds nothing but ``slot`` (no words of the writer's own)."""
    for q in note.iter(w("p")):
        scan = wtext.scan(q)
        text = scan.text
        if q is slot.paragraph and slot.field is None:
            text = text[:slot.start] + text[slot.end:]
        if text.strip():
            return False
    return True


class _Writer:
    """Plans every change first (positions are read before anything moves), then applies them
    paragraph by paragraph from the end, so that earlier positions stay right."""

    def __init__(self, parts: _Parts, note_style: bool,
                 notes: dict[str, dict[str, etree._Element]], new_kind: str) -> None:
        self.parts = parts
        self.note_style = note_style
        self.notes = notes
        self.new_kind = new_kind
        self.ops: dict[int, tuple[etree._Element, list[tuple[int, int, Callable[[], None]]]]] = {}
        self.order = 0
        self.new_notes = 0
        self.next_id = {kind: max([0, *(int(i) for i in notes[kind] if i.lstrip("-").isdigit())])
                        + 1 for kind in NOTE_KINDS}
        self.removed_notes: list[etree._Element] = []
        self.moved_out = 0

    # -- planning ------------------------------------------------------------------------
    def _add(self, p: etree._Element, pos: int, op: Callable[[], None]) -> None:
        self.order += 1
        self.ops.setdefault(id(p), (p, []))[1].append((pos, self.order, op))

    def plan(self, slot: Slot, html: str) -> None:
        urls = [str(r.get("URL", "")) for r in slot.records]
        runs = link_addresses(runs_from_html(html), urls)
        payload: dict[str, Any] = {"citationItems": [s.as_json() for s in slot.specs]}
        if self.note_style:
            if slot.note is None:  # in the text: becomes a note
                self._plan_new_note(slot, runs, payload)
            else:
                if slot.alone:
                    runs = capitalize_first(runs)
                    for name in ("space", "punct", "note"):
                        if name in slot.payload:
                            payload[name] = slot.payload[name]
                self._plan_in_place(slot, runs, payload, slot.note_kind)
        elif slot.note is not None and slot.alone:
            self._plan_out_of_note(slot, runs, payload)
        else:
            self._plan_in_place(slot, runs, payload,
                                slot.note_kind if slot.note is not None else None)

    def _result(self, runs: list[Run], base: etree._Element | None, in_notes: str | None
                ) -> list[etree._Element]:
        """The runs as Word XML; ``in_notes``: the kind of note they go into (links are
        related from that part), None for the main text."""
        rels = self.parts.notes[in_notes].rels if in_notes else self.parts.doc_rels
        link_style = None
        if any(r.link for r in runs):
            link_style = self._style("Hyperlink")
        out: list[etree._Element] = []
        for piece in runs:
            element = ooxml.formatted_run(piece, base, link_style)
            if piece.link and rels is not None:
                before = len(rels)
                rid = ooxml.add_relationship(rels, ooxml.RT_HYPERLINK, piece.link, True)
                if len(rels) != before:
                    self.parts.changed.add(f"{in_notes}_rels" if in_notes else "doc_rels")
                element = ooxml.hyperlink(rid, [element])
            out.append(element)
        return out

    def _base_rpr(self, slot: Slot) -> etree._Element | None:
        if slot.field is not None:
            for r in slot.field.runs:
                if r.find(w("t")) is not None:
                    return r.find(w("rPr"))
            return None
        return wtext.rpr_at(slot.paragraph, slot.start)

    def _plan_in_place(self, slot: Slot, runs: list[Run], payload: dict[str, Any],
                       in_notes: str | None) -> None:
        base = self._base_rpr(slot)
        nodes = ooxml.field_runs(ooxml.CITATION, payload, self._result(runs, base, in_notes))
        self._mark(in_notes)
        self._add(slot.paragraph, slot.start, lambda: _replace(slot, nodes))

    def _style(self, name: str) -> str | None:
        """The id of Word's built-in style ``name``, added to the styles part if missing."""
        styles = self.parts.styles
        if styles is None:
            return None
        before = len(styles)
        sid = ooxml.style_id(styles, name, create=True)
        if len(styles) != before:
            self.parts.changed.add("styles")
        return sid

    def _mark(self, in_notes: str | None) -> None:
        self.parts.changed.add(in_notes or "doc")

    def _plan_new_note(self, slot: Slot, runs: list[Run], payload: dict[str, Any]) -> None:
        scan = wtext.scan(slot.paragraph)
        mine = slot.field.runs[0] if slot.field is not None else None
        space = (slot.start > 0 and scan.text[slot.start - 1] == " "
                 and not scan.event_at(slot.start, besides=mine))
        after = scan.text[slot.end:slot.end + 1]
        punct = after if after and after in MOVABLE and not scan.event_at(
            slot.end, besides=mine) else ""
        # recorded even when empty: a note archcite made says exactly what it moved
        payload["space"] = " " if space else ""
        payload["punct"] = punct
        # a citation an in-text style took out of an endnote goes back into the endnotes
        kind = str(slot.payload.get("note", ""))
        if kind not in NOTE_KINDS or self.parts.notes[kind].root is None:
            kind = self.new_kind
        if kind != "footnote":
            payload["note"] = kind
        note_id = self.next_id[kind]
        self.next_id[kind] += 1
        self.new_notes += 1
        notes = self._notes_root(kind)
        text_style = self._style(f"{kind} text")
        ref_style = self._style(f"{kind} reference")
        content = ooxml.field_runs(ooxml.CITATION, payload,
                                   self._result(capitalize_first(runs), None, kind))
        notes.append(ooxml.footnote(note_id, content, text_style, ref_style, kind))
        self._mark(kind)
        self._mark(None)
        ref = ooxml.footnote_reference(note_id, ref_style, kind)
        p = slot.paragraph

        def op() -> None:
            _replace(slot, [ref])
            start = slot.start
            if punct:
                wtext.cut(p, start, start + 1)
            if space:
                wtext.cut(p, start - 1, start)
                start -= 1
            if punct:
                wtext.insert_text_before(p, start, punct, ref)

        self._add(p, slot.start, op)

    def _plan_out_of_note(self, slot: Slot, runs: list[Run], payload: dict[str, Any]) -> None:
        assert slot.ref is not None and slot.note is not None
        p, ref_run = slot.ref
        if slot.note_kind != "footnote":  # remembered for the way back to a note style
            payload["note"] = slot.note_kind
        nodes = ooxml.field_runs(ooxml.CITATION, payload, self._result(runs, None, None))
        space, punct = _moved(slot)
        note = slot.note
        pos = slot.ref_pos
        self._mark(None)
        self._mark(slot.note_kind)
        self.removed_notes.append(note)
        self.moved_out += 1

        def op() -> None:
            scan = wtext.scan(p)
            start = pos
            moved = ""
            if punct and scan.text[max(0, start - len(punct)):start] == punct:
                wtext.cut(p, start - len(punct), start)
                start -= len(punct)
                moved = punct
            for node in nodes:
                ref_run.addprevious(node)
            parent = ref_run.getparent()
            if parent is not None:
                parent.remove(ref_run)
            if moved:
                wtext.insert_text_after(p, start, moved, nodes[-1])
            if space and not wtext.scan(p).text[start - 1:start].isspace():
                wtext.insert_text_before(p, start, space, nodes[0])

        self._add(p, pos, op)

    def _notes_root(self, kind: str) -> etree._Element:
        part = self.parts.notes[kind]
        if part.root is None:  # only footnotes are ever new: endnotes are used when they exist
            part.root = ooxml.new_footnotes_part()
            part.rels = ooxml.new_relationships()
            self.parts.changed.add(f"new_{kind}")
        return part.root

    # -- applying ------------------------------------------------------------------------
    def apply(self) -> None:
        for p, ops in self.ops.values():
            del p
            for _pos, _order, op in sorted(ops, key=lambda o: (o[0], o[1]), reverse=True):
                op()
        for note in self.removed_notes:
            parent = note.getparent()
            if parent is not None:
                parent.remove(note)

    def bibliography(self, block: list[etree._Element], entries: list[str],
                     records: list[dict[str, Any]]) -> None:
        first = block[0]
        parent = first.getparent()
        if parent is None:
            return
        index = parent.index(first)
        ppr = first.find(w("pPr"))
        urls = [str(r.get("URL", "")) for r in records]
        new: list[etree._Element] = []
        style = self._style("Bibliography") if entries else None
        for number, html in enumerate(entries, 1):
            p = etree.Element(w("p"))
            p.append(_bib_ppr(ppr, style))
            runs = link_addresses(runs_from_html(html), urls)
            p.extend(ooxml.field_runs(ooxml.BIBLIOGRAPHY, {"entry": number},
                                      self._result(runs, None, None)))
            new.append(p)
        if not entries:
            p = etree.Element(w("p"))
            if ppr is not None:
                p.append(etree.fromstring(etree.tostring(ppr)))
            p.append(ooxml.run(BIBLIOGRAPHY))
            new.append(p)
        for old in block:
            parent.remove(old)
        for offset, p in enumerate(new):
            parent.insert(index + offset, p)
        self._mark(None)


def _moved(slot: Slot) -> tuple[str, str]:
    """What goes back around a citation taken out of a note: the space before it and the
    punctuation the note number followed. A note archcite made recorded both; for a writer's
    own note they are read from the text: punctuation just before the number goes after the
    parenthetical, and a space separates it from the word before."""
    if "space" in slot.payload or "punct" in slot.payload:
        return str(slot.payload.get("space", "")), str(slot.payload.get("punct", ""))
    assert slot.ref is not None
    text = wtext.scan(slot.ref[0]).text[:slot.ref_pos]
    punct = text[-1] if text and text[-1] in MOVABLE else ""
    before = text[:len(text) - len(punct)]
    space = " " if before and not before[-1].isspace() else ""
    return space, punct


def _bib_ppr(template: etree._Element | None, style: str | None) -> etree._Element:
    """The paragraph properties of a bibliography entry: the writer's paragraph's own, in the
    Bibliography style, with a half-inch hanging indent."""
    ppr = (etree.fromstring(etree.tostring(template)) if template is not None
           else etree.Element(w("pPr")))
    for tag in ("pStyle", "ind"):
        for old in ppr.findall(w(tag)):
            ppr.remove(old)
    if style:
        pstyle = etree.Element(w("pStyle"))
        pstyle.set(w("val"), style)
        ppr.insert(0, pstyle)
    ind = etree.Element(w("ind"))
    ind.set(w("left"), "720")
    ind.set(w("hanging"), "720")
    # w:ind comes after spacing and before jc/rPr in the schema's order
    anchor = None
    for tag in ("contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
                "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
                "sectPr", "pPrChange"):
        anchor = ppr.find(w(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(ind)
    else:
        ppr.append(ind)
    return ppr


def _replace(slot: Slot, nodes: list[etree._Element]) -> None:
    """Put ``nodes`` where the slot's marker or field is, and take the marker or field out."""
    if slot.field is not None:
        first = slot.field.runs[0]
        for node in nodes:
            first.addprevious(node)
        for r in slot.field.runs:
            parent = r.getparent()
            if parent is not None:
                parent.remove(r)
                if parent.tag == w("hyperlink") and not len(parent):
                    grand = parent.getparent()
                    if grand is not None:
                        grand.remove(parent)
        return
    p = slot.paragraph
    wtext.split_at(p, slot.end)
    anchor = wtext.split_at(p, slot.start)
    if anchor is None:
        return
    for node in nodes:
        anchor.addprevious(node)
    wtext.cut(p, slot.start, slot.end)


def _store(package: Package, parts: _Parts) -> None:
    """Serialize the parts that changed back into the package."""
    changed = parts.changed
    if "doc" in changed:
        package.put(package.main, ooxml.serialize(parts.doc))
    footnotes = parts.notes["footnote"]
    if "new_footnote" in changed and footnotes.root is not None:
        name = package.main.rsplit("/", 1)[0] + "/footnotes.xml"
        package.footnotes = name
        target = posixpath.basename(name)
        ooxml.add_relationship(parts.doc_rels, ooxml.RT_FOOTNOTES, target)
        changed.add("doc_rels")
        types = ooxml.parse(package.read("[Content_Types].xml") or b"")
        ooxml.add_override(types, name, CT_FOOTNOTES)
        package.put("[Content_Types].xml", ooxml.serialize(types))
        changed.add("footnote")
    for kind in NOTE_KINDS:
        part, part_name = parts.notes[kind], _note_part_name(package, kind)
        if (kind in changed or f"{kind}_rels" in changed) and part.root is not None \
                and part_name:
            package.put(part_name, ooxml.serialize(part.root))
            if part.rels is not None and len(part.rels):
                package.put(rels_name(part_name), ooxml.serialize(part.rels))
    if "doc_rels" in changed:
        package.put(rels_name(package.main), ooxml.serialize(parts.doc_rels))
    if "styles" in changed and parts.styles is not None and package.styles:
        package.put(package.styles, ooxml.serialize(parts.styles))
