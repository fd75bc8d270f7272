"""Reading BibTeX and BibLaTeX files as a librarian would: every entry, every field.

bibtexparser 2 splits the file into blocks and keeps each value exactly as written; the rest is
done here, so that a problem in one entry never costs the others:

- values: ``@string`` macros, ``#`` concatenation, month macros, quotes and braces resolved;
  LaTeX turned into CSL rich text (:mod:`archcite.formats.latextext`);
- a repeated field keeps its first value (as BibTeX does) and the others under ``custom``;
  duplicate and empty keys are read, and the import gives them new keys;
- ``xdata`` then ``crossref`` inheritance as biblatex defines it (a book's ``title`` becomes
  an ``inbook``'s ``booktitle``, a periodical's its articles' ``journaltitle`` …);
- entry types and fields of biblatex's data model (and BibTeX's classic ones, and what Zotero,
  Better BibTeX, JabRef and Mendeley add) mapped to CSL as the biblatex–CSL mappings map them;
- every field with no CSL variable is kept as written in ``custom["bib-fields"]`` and the entry
  type in ``custom["bib-type"]``, so an export can write them back;
- archcite's own exports read back into the records they came from: holdings in ``note``,
  ``howpublished`` or ``library``, letters as "Sender to Recipient", the Wilson Center in
  ``organization``, ``x-original-*`` (unromanized text) and ``x-archcite``/``x-archcite-*``
  (the remainder); the record's own ``note`` of an archival entry from ``addendum``.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

from archcite.formats.common import WILSON_SOURCE, langid_to_code
from archcite.formats.datetext import parse_bibtex_date, parse_edtf
from archcite.formats.latex import check_braces
from archcite.formats.latextext import to_plain_text, to_rich_text
from archcite.formats.readresult import ReadEntry, ReadResult
from archcite.formats.remainder import REMAINDER_PREFIX, read_remainder_fields
from archcite.model import jsontext
from archcite.model.archives import ArchiveRegistry
from archcite.model.record import CSL_TYPES, RECORD_ID

# Entry type → CSL type, as the biblatex–CSL mappings (pandoc's, Zotero's) map them.
ENTRY_TYPES: dict[str, str] = {
    "article": "article-journal", "artwork": "graphic", "audio": "song",
    "bibnote": "document", "book": "book", "bookinbook": "chapter", "booklet": "pamphlet",
    "collection": "book", "commentary": "book", "customa": "document",
    "customb": "document", "customc": "document", "customd": "document",
    "custome": "document", "customf": "document", "dataset": "dataset",
    "inbook": "chapter", "incollection": "chapter", "inproceedings": "paper-conference",
    "inreference": "entry-encyclopedia", "image": "graphic", "jurisdiction": "legal_case",
    "legal": "treaty", "legislation": "legislation", "letter": "personal_communication",
    "manual": "book", "misc": "document", "movie": "motion_picture", "music": "song",
    "mvcollection": "book", "mvreference": "book", "mvproceedings": "book", "mvbook": "book",
    "online": "webpage", "patent": "patent", "performance": "performance",
    "periodical": "periodical", "proceedings": "book", "reference": "book", "report": "report",
    "review": "review", "set": "document", "software": "software", "standard": "standard",
    "suppbook": "chapter", "suppcollection": "chapter", "suppperiodical": "article-journal",
    "thesis": "thesis", "unpublished": "manuscript", "video": "motion_picture",
    "xdata": "document",
    # BibTeX's classic types and the aliases biblatex accepts
    "conference": "paper-conference", "electronic": "webpage", "www": "webpage",
    "mastersthesis": "thesis", "phdthesis": "thesis", "techreport": "report",
    "hardware": "document", "webpage": "webpage", "dictionary": "book",
    "newsarticle": "article-newspaper", "interview": "interview",
}
# Types printed as a part of something else (a journal, a book): booktitle is their container.
CONTAINED_TYPES = frozenset(
    """article article-journal article-magazine article-newspaper chapter paper-conference
    entry entry-dictionary entry-encyclopedia review review-book post post-weblog webpage
    broadcast song graphic legal_case""".split()
)
_THESIS_KINDS = {"phdthesis": "PhD diss.", "mastersthesis": "Master's thesis",
                 "mathesis": "MA thesis", "candthesis": "Candidate thesis"}
_TECHREPORT = {"techreport": "Technical report", "resreport": "Research report"}
# biblatex's inheritance between entry types: (parent types, child types, field renames).
_INHERIT = [
    ({"mvbook", "mvcollection", "mvreference", "mvproceedings"},
     {"book", "inbook", "bookinbook", "suppbook", "collection", "reference", "incollection",
      "inreference", "suppcollection", "proceedings", "inproceedings"},
     {"title": "maintitle", "subtitle": "mainsubtitle", "titleaddon": "maintitleaddon"}),
    ({"book"}, {"inbook", "bookinbook", "suppbook"},
     {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon",
      "author": "bookauthor"}),
    ({"collection", "reference"}, {"incollection", "inreference", "suppcollection"},
     {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon"}),
    ({"proceedings"}, {"inproceedings"},
     {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon"}),
    ({"periodical"}, {"article", "suppperiodical"},
     {"title": "journaltitle", "subtitle": "journalsubtitle", "titleaddon":
      "journaltitleaddon", "shorttitle": "shortjournal"}),
]
# Fields a child never inherits (biblatex's global "noinherit" list).
_NO_INHERIT = frozenset(
    """ids crossref xref entryset entrysubtype execute label options presort related
    relatedoptions relatedstring relatedtype shorthand shorthandintro sortkey sortname
    sortshorthand sorttitle indextitle indexsorttitle xdata shorttitle""".split()
)
# Name lists with a CSL variable of their own.
_NAME_FIELDS = {"author": "author", "editor": "editor", "translator": "translator",
                "bookauthor": "container-author", "recipient": "recipient"}
# editortype / editoratype … values → CSL name variables.
_EDITOR_ROLES = {"editor": "editor", "compiler": "compiler", "director": "director",
                 "organizer": "organizer", "founder": "contributor",
                 "continuator": "contributor",
                 "collaborator": "contributor", "chair": "chair", "producer": "producer",
                 "curator": "curator", "illustrator": "illustrator", "translator": "translator"}
# Plain text fields → CSL variables (first wins when several map to one).
_TEXT_FIELDS = {
    "doi": "DOI", "isbn": "ISBN", "issn": "ISSN", "isan": "ISAN", "ismn": "ISMN",
    "iswc": "ISWC", "pmid": "PMID", "pmcid": "PMCID", "edition": "edition",
    "volume": "volume", "volumes": "number-of-volumes", "part": "part",
    "pagetotal": "number-of-pages", "chapter": "chapter-number", "version": "version",
    "pubstate": "status", "eventtitle": "event", "venue": "event-place",
    "origtitle": "original-title", "shorttitle": "title-short",
    "shortjournal": "container-title-short", "journalabbr": "journalAbbreviation",
    "abstract": "abstract", "annotation": "annote", "annote": "annote",
    "origpublisher": "original-publisher", "origlocation": "original-publisher-place",
    "callnumber": "call-number", "call-number": "call-number", "archive": "archive",
    "archive_location": "archive_location", "archive-location": "archive_location",
    "archive-place": "archive-place", "medium": "medium", "dimensions": "dimensions",
    "scale": "scale", "section": "section", "jurisdiction": "jurisdiction",
    "authority": "authority", "genre": "genre", "references": "references",
    "division": "division", "language": "language",
}
_DATE_FIELDS = {"date": "issued", "origdate": "original-date", "urldate": "accessed",
                "eventdate": "event-date"}
# Fields read into other places (title parts, names, dates, holdings …) or derived.
_CONSUMED = frozenset(
    """title subtitle titleaddon journaltitle journal journalsubtitle journaltitleaddon
    booktitle booksubtitle booktitleaddon maintitle mainsubtitle maintitleaddon issuetitle
    issuesubtitle series number issue pages publisher location address institution school
    organization howpublished library note type entrysubtype keywords langid url year month day
    crossref xdata ids addendum editortype editoratype editorbtype editorctype editora editorb
    editorc
    x-archcite""".split()
) | set(_TEXT_FIELDS) | set(_DATE_FIELDS) | set(_NAME_FIELDS)
# Values BibTeX's month macros stand for.
_MONTH_MACROS = {m: m for m in "jan feb mar apr may jun jul aug sep oct nov dec".split()}
# eprint types biblatex links, and the address it makes of them.
_EPRINT_URLS = {"arxiv": "https://arxiv.org/abs/", "googlebooks": "https://books.google.com?id=",
                "jstor": "https://www.jstor.org/stable/", "hdl": "https://hdl.handle.net/"}
_ARTICLE_SUBTYPES = {"magazine": "article-magazine", "newspaper": "article-newspaper"}


# ------------------------------------------------------------------------------ values


@lru_cache(maxsize=16)
def _marks(sep: str) -> re.Pattern[str]:
    """What :func:`_split_top` stops at: an escape, a brace, a quote, or ``sep``."""
    return re.compile(r'\\.|[{}"]|' + re.escape(sep), re.DOTALL)


def _split_top(text: str, sep: str) -> list[str]:
    """Split at ``sep`` outside braces and (for ``#``) quotes."""
    if sep not in text:
        return [text]
    out, depth, start, quoted = [], 0, 0, False
    for match in _marks(sep).finditer(text):
        mark = match.group(0)
        if mark == "{":
            depth += 1
        elif mark == "}":
            depth -= 1
        elif mark == '"':
            if depth == 0 and sep == "#":
                quoted = not quoted
        elif mark == sep and depth == 0 and not quoted:
            out.append(text[start:match.start()])
            start = match.end()
    out.append(text[start:])
    return out


def resolve_value(raw: str, macros: dict[str, str]) -> tuple[str, str | None]:
    """(value with macros and concatenation resolved, outer delimiters removed; warning)."""
    warning = None
    out = []
    for part in _split_top(raw.strip(), "#"):
        part = part.strip()
        if len(part) >= 2 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
            out.append(part[1:-1])
        elif part.isdigit() or not part:
            out.append(part)
        elif part.lower() in macros:
            out.append(macros[part.lower()])
        else:
            warning = f"@string {part!r} is not defined; kept as written"
            out.append(part)
    return "".join(out), warning


# ------------------------------------------------------------------------------- names


def split_names(raw: str) -> list[str]:
    """The names of a name list: split at "and" between words (a line break counts)."""
    text = re.sub(r"\s+", " ", raw.strip())
    return [p.strip() for p in _split_top(text, " and ") if p.strip()]


def parse_name(raw: str) -> dict[str, Any]:
    """One BibTeX name as a CSL name (``{Corporate Body}`` stays a literal)."""
    raw = raw.strip().rstrip(",").strip()
    if raw.startswith("{") and raw.endswith("}") and check_braces(raw[1:-1], escaped=True):
        return {"literal": to_plain_text(raw[1:-1]).strip()}
    if "=" in raw and re.match(r"^\s*(family|given|prefix|suffix)\s*=", raw):
        return _extended_name(raw)
    pieces = [p.strip() for p in _split_top(raw, ",")]
    if len(pieces) == 1:
        words = [w for w in _split_top(pieces[0], " ") if w]
        # "First von Last": the family name starts at the first lower-case word (von part),
        # else it is the last word.
        idx = next((i for i, w in enumerate(words[:-1]) if i > 0 and _lower_word(w)), None)
        if idx is None:
            given_words, rest = words[:-1], words[-1:]
        else:
            given_words, rest = words[:idx], words[idx:]
        given, family_words, suffix = " ".join(given_words), rest, ""
    else:
        family_words = [w for w in _split_top(pieces[0], " ") if w]
        given = pieces[-1] if len(pieces) >= 2 else ""
        suffix = pieces[1] if len(pieces) >= 3 else ""
    particle = []
    while len(family_words) > 1 and _lower_word(family_words[0]):
        particle.append(family_words.pop(0))
    name: dict[str, Any] = {"family": to_plain_text(" ".join(family_words)).strip()}
    if particle:
        name["non-dropping-particle"] = to_plain_text(" ".join(particle)).strip()
    if given.strip():
        name["given"] = to_plain_text(given).strip()
    if suffix.strip():
        name["suffix"] = to_plain_text(suffix).strip()
    if not name["family"]:
        return {"literal": to_plain_text(raw).strip()}
    return name


def _lower_word(word: str) -> bool:
    """BibTeX's "von" test: the first letter outside braces is lower case."""
    plain = re.sub(r"\\[A-Za-z]+\s*|[{}\\'`^\"~=.]", "", word)
    return bool(plain) and plain[0].islower() and not word.startswith("{")


def _extended_name(raw: str) -> dict[str, Any]:
    """biblatex's extended name format: ``family=Smith, given=John, prefix=van``."""
    parts: dict[str, str] = {}
    for piece in _split_top(raw, ","):
        key, _, value = piece.partition("=")
        value = value.strip()
        if value.startswith("{") and value.endswith("}"):
            value = value[1:-1]
        parts[key.strip().lower()] = to_plain_text(value).strip()
    name: dict[str, Any] = {}
    for key, var in (("family", "family"), ("given", "given"), ("suffix", "suffix"),
                     ("prefix", "non-dropping-particle")):
        if parts.get(key):
            name[var] = parts[key]
    return name or {"literal": to_plain_text(raw).strip()}


def parse_names(raw: str) -> tuple[list[dict[str, Any]], bool]:
    """(names, had "and others")."""
    names, others = [], False
    for part in split_names(raw):
        if part.lower() == "others":
            others = True
            continue
        names.append(parse_name(part))
    return names, others


# ----------------------------------------------------------------------------- reading


def read_bib(text: str, registry: ArchiveRegistry) -> ReadResult:
    """Every entry of a .bib text, read or skipped with its reason; nothing raises."""
    import bibtexparser
    from bibtexparser.model import (
        DuplicateBlockKeyBlock,
        DuplicateFieldKeyBlock,
        Entry,
        ParsingFailedBlock,
        String,
    )

    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    # No middleware: every value arrives exactly as written (braces, quotes, macros), the
    # entries bibtexparser flags (a repeated key or field) alike, and is resolved here.
    library = bibtexparser.parse_string(text, parse_stack=[])
    result = ReadResult()
    macros: dict[str, str] = dict(_MONTH_MACROS)
    raw_entries: list[tuple[ReadEntry, str, list[tuple[str, str]]]] = []
    for block in library.blocks:
        line = f"line {(block.start_line or 0) + 1}"
        if isinstance(block, String):
            macros[block.key.lower()], _ = resolve_value(str(block.value), macros)
            continue
        if isinstance(block, DuplicateBlockKeyBlock | DuplicateFieldKeyBlock):
            inner = block.ignore_error_block
            if isinstance(inner, Entry):
                entry = ReadEntry(inner.key.strip(), line)
                raw_entries.append((entry, inner.entry_type.lower(),
                                    [(f.key, str(f.value)) for f in inner.fields]))
                continue
        if isinstance(block, ParsingFailedBlock):
            raw = block.raw or ""
            head = re.match(r"\s*@\s*(\w+)\s*[{(]\s*([^,\s]*)", raw)
            if head and head.group(1).lower() in ("comment", "preamble", "string"):
                continue
            key = head.group(2) if head else ""
            reason = _failure_reason(block, raw)
            result.entries.append(ReadEntry(key, line, reason=reason))
            continue
        if isinstance(block, Entry):
            entry = ReadEntry(block.key.strip(), line)
            raw_entries.append((entry, block.entry_type.lower(),
                                [(f.key, str(f.value)) for f in block.fields]))
    # bibtexparser's model of the file is as large as the file's records will be: let it go
    # before they are made, so that an import's peak is the parser's, not the parser's plus
    # the records (each stage below likewise consumes the list before it).
    del library
    # Resolve values first: inheritance needs every entry's fields.
    resolved: list[tuple[ReadEntry, str, dict[str, str], dict[str, list[str]]]] = []
    raw_entries.reverse()
    while raw_entries:
        entry, kind, pairs = raw_entries.pop()
        fields: dict[str, str] = {}
        repeated: dict[str, list[str]] = {}
        for name, raw in pairs:
            name = name.strip().lower()
            value, warning = resolve_value(raw, macros)
            if warning:
                entry.warnings.append(f"{name}: {warning}")
            if name in fields:
                if value != fields[name]:
                    repeated.setdefault(name, []).append(value)
                    entry.warnings.append(f"field {name} is repeated; the first value is kept,"
                                          " the others in custom.bib-repeated")
                continue
            fields[name] = value
        bad = next((n for n, v in fields.items() if not check_braces(v, escaped=True)), None)
        if bad is not None:
            entry.reason = f"field {bad} has unbalanced braces"
            result.entries.append(entry)
            continue
        resolved.append((entry, kind, fields, repeated))
    by_key: dict[str, tuple[str, dict[str, str]]] = {}
    for entry, kind, fields, _ in resolved:
        if entry.key:
            by_key.setdefault(entry.key.lower(), (kind, fields))  # the first of a repeated key
    for entry, kind, fields, repeated in resolved:
        if kind == "xdata":
            continue  # a data container, not a work: its fields live on in the entries
        try:
            inherited = inherit(kind, fields, by_key, entry.warnings)
            record = entry_to_record(kind, entry.key, inherited, registry, entry.warnings,
                                     own=fields)
        except _EntryError as exc:
            entry.reason = str(exc)
            result.entries.append(entry)
            continue
        if repeated:
            record.setdefault("custom", {})["bib-repeated"] = repeated
        entry.record = record
        result.entries.append(entry)
    result.entries.sort(key=lambda e: int(e.where.split()[-1]))
    return result


class _EntryError(ValueError):
    """An entry that cannot become a record (the message says why)."""


def _failure_reason(block: Any, raw: str) -> str:
    """One line saying why bibtexparser could not read an entry."""
    error = str(getattr(block, "error", "") or "")
    if "Expected comma after entry key" in error or "comma" in error.lower():
        return "cannot be read: a comma is missing after the key or a field"
    if not check_braces(raw, escaped=True):
        return "cannot be read: unbalanced braces"
    last = [line for line in error.splitlines() if line.strip()]
    return "cannot be read: " + (last[-1].strip() if last else "not BibTeX")


# ---------------------------------------------------------------------------- inheritance


def inherit(kind: str, fields: dict[str, str], by_key: dict[str, tuple[str, dict[str, str]]],
            warnings: list[str], seen: frozenset[str] = frozenset()) -> dict[str, str]:
    """``fields`` completed from the entry's ``xdata`` and ``crossref`` parents (biblatex rules)."""
    out = dict(fields)
    for parent_key in [k.strip() for k in fields.get("xdata", "").split(",") if k.strip()]:
        if parent_key.lower() in seen:
            warnings.append(f"xdata {parent_key!r} refers back to itself; ignored")
            continue
        parent = by_key.get(parent_key.lower())
        if parent is None:
            warnings.append(f"xdata {parent_key!r} is not in the file")
            continue
        pkind, pfields = parent
        full = inherit(pkind, pfields, by_key, warnings, seen | {parent_key.lower()})
        for name, value in full.items():
            if name not in _NO_INHERIT and name not in out:
                out[name] = value
    parent_key = fields.get("crossref", "").strip()
    if parent_key:
        if parent_key.lower() in seen:
            warnings.append(f"crossref {parent_key!r} refers back to itself; ignored")
            return out
        parent = by_key.get(parent_key.lower())
        if parent is None:
            warnings.append(f"crossref {parent_key!r} is not in the file")
            return out
        pkind, pfields = parent
        full = inherit(pkind, pfields, by_key, warnings, seen | {parent_key.lower()})
        renames: dict[str, str] = {}
        for parents, children, rule in _INHERIT:
            if pkind in parents and kind in children:
                renames = rule
                break
        for name, value in full.items():
            if name in _NO_INHERIT:
                continue
            targets = [renames[name]] if name in renames else [name]
            if name == "author" and "bookauthor" in renames.values():
                targets = ["author", "bookauthor"]
            elif name in renames and name not in ("title", "subtitle", "titleaddon",
                                                  "shorttitle"):
                targets.append(name)
            for target in targets:
                if target not in out:
                    out[target] = value
    return out


# ------------------------------------------------------------------------------ mapping


def _rich(fields: dict[str, str], name: str) -> str:
    return to_rich_text(fields.get(name, "")).strip()


def _plain(fields: dict[str, str], name: str) -> str:
    return re.sub(r"\s+", " ", to_plain_text(fields.get(name, ""))).strip()


def _title(fields: dict[str, str], base: str, sub: str, addon: str) -> str:
    """Title, subtitle and addon joined as biblatex prints them ("Title: Sub. Addon")."""
    title = _rich(fields, base)
    if fields.get(sub, "").strip():
        title = f"{title}: {_rich(fields, sub)}" if title else _rich(fields, sub)
    if addon and fields.get(addon, "").strip():
        title = f"{title}. {_rich(fields, addon)}" if title else _rich(fields, addon)
    return title


def _list_text(fields: dict[str, str], name: str) -> str:
    """A biblatex literal list (publisher, location, institution): items joined by "; "."""
    return "; ".join(to_plain_text(p).strip() for p in split_names(fields.get(name, "")))


def _pages(text: str) -> str:
    """Page ranges with a hyphen, as CSL-JSON writes them (styles print the en dash)."""
    return re.sub(r"\s*(?:--|–|—|-)+\s*", "-", to_plain_text(text).strip())


def _letter_parts(title: str) -> list[str] | None:
    """``{Sender} to {Recipient}``, archcite's letter title, split; else None."""
    parts = _split_top(title, " to ")
    if len(parts) == 2 and parts[1].strip().startswith("{"):
        return parts
    return None


def csl_type(kind: str, fields: dict[str, str]) -> str:
    """The CSL type of an entry (entrysubtype and ``type`` refine article and misc)."""
    subtype = fields.get("entrysubtype", "").strip().lower()
    if subtype == "letter" or kind == "letter":
        return "personal_communication"
    if kind in ("article", "periodical") and subtype in _ARTICLE_SUBTYPES:
        return _ARTICLE_SUBTYPES[subtype]
    if kind == "misc":
        if subtype in CSL_TYPES:
            return subtype
        if fields.get("type") and not fields.get("howpublished", "").startswith("http"):
            return "manuscript"
        if fields.get("journal") or fields.get("journaltitle"):
            return "article-journal"
    return ENTRY_TYPES.get(kind, "document")


def entry_to_record(kind: str, key: str, fields: dict[str, str], registry: ArchiveRegistry,
                    warnings: list[str], own: dict[str, str] | None = None) -> dict[str, Any]:
    """One entry (values resolved, LaTeX kept, parents inherited) as a CSL record."""
    from archcite.formats.importholdings import parse_holdings

    own = fields if own is None else own
    originals = {k[len("x-original-"):]: v for k, v in fields.items()
                 if k.startswith("x-original-")}
    fields = {**{k: v for k, v in fields.items() if not k.startswith("x-original-")},
              **originals}
    if kind not in ENTRY_TYPES:
        warnings.append(f"@{kind} is not a biblatex entry type; read as a document")
    ctype = csl_type(kind, fields)
    record: dict[str, Any] = {"id": key, "type": ctype}
    custom: dict[str, Any] = {}
    kept: dict[str, str] = {}
    if kind not in ("misc", "unpublished", "book", "letter"):
        # archcite's own export writes only these four; any other type is kept for export
        custom["bib-type"] = kind

    # Names
    for field_name, var in _NAME_FIELDS.items():
        if fields.get(field_name, "").strip():
            names, others = parse_names(fields[field_name])
            if names:
                record[var] = names
            if others:
                kept[field_name] = fields[field_name]
    for role_field, type_field in (("editor", "editortype"), ("editora", "editoratype"),
                                   ("editorb", "editorbtype"), ("editorc", "editorctype")):
        if not fields.get(role_field, "").strip():
            continue
        role = fields.get(type_field, "editor" if role_field == "editor" else "").strip().lower()
        role_var = _EDITOR_ROLES.get(role)
        if role_var is None:
            kept[role_field] = fields[role_field]
            if fields.get(type_field):
                kept[type_field] = fields[type_field]
            continue
        names, _ = parse_names(fields[role_field])
        if role_field == "editor":
            record.pop("editor", None)
        if names:
            record.setdefault(role_var, []).extend(names)

    # Titles
    title_raw = fields.get("title", "")
    letter = _letter_parts(title_raw)
    if letter and kind == "misc" and "entrysubtype" not in fields and "howpublished" in fields:
        ctype = record["type"] = "personal_communication"
    if letter and ctype == "personal_communication":
        record["recipient"] = [parse_name(n) for n in split_names(letter[1])]
        head = to_plain_text(letter[0])
        # BibLaTeX's "{Sender} to {Recipient}" (or any entry with an entrysubtype) opens with
        # the sender, not a kind of document; a plain letter stores no genre (its type says
        # letter), so BibTeX's "Letter to {Recipient}" gives none either.
        names_sender = letter[0].strip().startswith("{") or "entrysubtype" in fields
        if ("titleaddon" not in fields and head.strip() and not names_sender
                and head.strip().casefold() != "letter"):
            head = head.strip()
            record["genre"] = head[:1].lower() + head[1:] if head[1:2].islower() else head
    title = _title(fields, "title", "subtitle",
                   "" if ctype in ("personal_communication", "manuscript", "document")
                   else "titleaddon")
    if title:
        record["title"] = title
    if fields.get("subtitle"):
        kept["subtitle"] = fields["subtitle"]
    if fields.get("titleaddon"):
        if ctype in ("personal_communication", "manuscript", "document"):
            record["genre"] = _plain(fields, "titleaddon")
        else:
            kept["titleaddon"] = fields["titleaddon"]
    container = ""
    if fields.get("journaltitle") or fields.get("journal"):
        container = _title(fields, "journaltitle" if fields.get("journaltitle") else "journal",
                           "journalsubtitle", "journaltitleaddon")
    elif fields.get("booktitle") and ctype in CONTAINED_TYPES:
        container = _title(fields, "booktitle", "booksubtitle", "booktitleaddon")
    elif fields.get("maintitle") and ctype in CONTAINED_TYPES:
        container = _title(fields, "maintitle", "mainsubtitle", "maintitleaddon")
    if container:
        record["container-title"] = container
    if fields.get("maintitle") and (fields.get("booktitle") or ctype == "book"):
        # a volume of a multi-volume work: the whole work is the collection
        record["collection-title"] = _title(fields, "maintitle", "mainsubtitle",
                                            "maintitleaddon")
    if fields.get("booktitle") and not container:
        kept["booktitle"] = fields["booktitle"]
    for name in ("booksubtitle", "journalsubtitle", "maintitle", "mainsubtitle",
                 "maintitleaddon", "booktitleaddon", "journaltitleaddon"):
        if fields.get(name):
            kept[name] = fields[name]
    if fields.get("issuetitle"):
        if ctype == "periodical":
            # an issue of a periodical: the issue is the work, the periodical its container
            record["container-title"] = record.get("title", "")
            record["title"] = _title(fields, "issuetitle", "issuesubtitle", "")
        else:
            record["part-title"] = _title(fields, "issuetitle", "issuesubtitle", "")
    if fields.get("series"):
        series = _plain(fields, "series")
        if ctype.startswith("article") and series.isdigit():
            kept["series"] = fields["series"]  # "new series 3" of a journal: no CSL variable
        else:
            record["collection-title"] = record.get("collection-title") or _rich(fields,
                                                                                 "series")
            if record["collection-title"] != _rich(fields, "series"):
                kept["series"] = fields["series"]

    # Numbers
    number = _plain(fields, "number")
    issue = _plain(fields, "issue")
    if ctype.startswith("article") or ctype == "periodical":
        if number or issue:
            record["issue"] = " ".join(x for x in (number, issue) if x)
    elif number:
        if fields.get("series") and ctype in ("book", "chapter", "paper-conference", "report",
                                              "thesis") and ctype != "report":
            record["collection-number"] = number
        else:
            record["number"] = number
        if issue:
            record["issue"] = issue
    elif issue:
        record["issue"] = issue
    if fields.get("pages"):
        record["page"] = _pages(fields["pages"])
    for field_name, var in _TEXT_FIELDS.items():
        if fields.get(field_name, "").strip() and var not in record:
            if var in ("abstract", "annote", "title-short", "original-title", "event",
                       "container-title-short"):
                record[var] = _rich(fields, field_name)
            elif var in ("DOI", "ISBN", "ISSN", "PMID", "PMCID", "call-number"):
                record[var] = fields[field_name].strip()
            else:
                record[var] = _plain(fields, field_name)
    if record.get("DOI"):
        record["DOI"] = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", record["DOI"],
                               flags=re.IGNORECASE)

    # Publisher, place
    publisher = _list_text(fields, "publisher")
    if ctype == "thesis":
        publisher = publisher or _list_text(fields, "school") or _list_text(fields,
                                                                           "institution")
    elif ctype in ("report", "webpage", "document", "book"):
        publisher = publisher or _list_text(fields, "institution")
    place = _list_text(fields, "location") or _list_text(fields, "address")
    for name in ("institution", "school"):
        if fields.get(name) and publisher != _list_text(fields, name):
            kept[name] = fields[name]

    # Type descriptors: thesis and report kinds, ``type`` of a misc
    kind_text = fields.get("type", "").strip()
    if ctype == "thesis":
        record["genre"] = _THESIS_KINDS.get(kind_text.lower(), _THESIS_KINDS.get(kind, "")) \
            or to_plain_text(kind_text)
        if not record["genre"]:
            del record["genre"]
    elif ctype == "report" and kind_text:
        record["genre"] = _TECHREPORT.get(kind_text.lower(), to_plain_text(kind_text))
    elif kind == "techreport":
        record["genre"] = "Technical report"
    elif kind_text and "genre" not in record:
        record["genre"] = to_plain_text(kind_text).strip()

    # Dates
    for field_name, var in _DATE_FIELDS.items():
        # not LaTeX text: "~" is EDTF's "approximately" here, not a tie
        text = re.sub(r"[{}\s]", "", fields.get(field_name, ""))
        if not text:
            continue
        date, warning = parse_edtf(text)
        if warning:
            warnings.append(f"{field_name}: {warning}")
        if date is not None:
            record[var] = date
    if "issued" not in record and fields.get("year", "").strip():
        date, date_warnings = parse_bibtex_date(_plain(fields, "year"), _plain(fields, "month"),
                                                _plain(fields, "day"))
        warnings.extend(date_warnings)
        if date is not None:
            record["issued"] = date
        if date_warnings:
            for name in ("month", "day"):
                if fields.get(name):
                    kept[name] = fields[name]
    elif "issued" in record:
        # date wins over year/month/day (biblatex's rule); they are kept as written
        for name in ("year", "month", "day"):
            if fields.get(name):
                kept[name] = fields[name]
    if ctype == "personal_communication" and "issued" not in record and \
            "original-date" in record:
        record["issued"] = record["original-date"]
    if ctype == "personal_communication" and record.get("issued") == record.get(
            "original-date"):
        record.pop("original-date", None)  # archcite's letters write the date twice

    # Notes, holdings, the digital archive
    holdings = None
    notes = []
    source_set = False
    for name in ("howpublished", "library", "note"):
        raw = fields.get(name, "")
        if not raw.strip():
            continue
        text = to_plain_text(raw).strip()
        if name == "note" and looks_digital_archive(text) and not source_set:
            source, _, pub = text.rpartition(", ")
            record["source"], source_set = (source or text), True
            if source:
                record["publisher"] = pub
            continue
        if holdings is None and ctype in ("personal_communication", "manuscript", "document",
                                          "letter"):
            holdings = parse_holdings(raw, registry)
            if holdings:
                continue
        if name == "howpublished" and not publisher and ctype not in (
                "personal_communication", "manuscript"):
            publisher = _list_text(fields, "howpublished")
            continue
        if name == "library" and "archive" not in record:
            kept[name] = raw
            continue
        notes.append(_rich(fields, name))
    if fields.get("addendum", "").strip() and ctype in ("personal_communication", "manuscript",
                                                         "document"):
        notes.append(_rich(fields, "addendum"))  # archcite's archival export: the record's note
    elif fields.get("addendum", "").strip():
        kept["addendum"] = own.get("addendum", fields["addendum"])
    organization = _list_text(fields, "organization")
    if organization:
        if looks_digital_archive(_plain(fields, "organization")) and not source_set:
            organization = _plain(fields, "organization")
            source, _, pub = organization.rpartition(", ")
            record["source"] = source or organization
            if source:
                record["publisher"] = pub
        elif not publisher:
            publisher = organization
        else:
            kept["organization"] = fields["organization"]
    if publisher and "publisher" not in record:
        record["publisher"] = publisher
    if place:
        record["publisher-place"] = place
    if notes:
        record["note"] = "\n".join(notes)

    # Links, language, tags
    url = fields.get("url", "").strip()
    if url:
        record["URL"] = url.replace("%7B", "{").replace("%7D", "}").replace("%5C", "\\")
        number_id = wilson_number(record["URL"])
        if number_id:  # the Wilson Record ID: custom, never ``number`` (the document's own)
            custom[RECORD_ID] = number_id
    eprint = fields.get("eprint", "").strip()
    eprint_type = fields.get("eprinttype", fields.get("archiveprefix", "")).strip().lower()
    if eprint and eprint_type in _EPRINT_URLS and "URL" not in record:
        record["URL"] = _EPRINT_URLS[eprint_type] + eprint
    elif eprint and eprint_type == "pubmed" and "PMID" not in record:
        record["PMID"] = eprint
    if fields.get("langid") and "language" not in record:
        code = langid_to_code(fields["langid"])
        if code:
            record["language"] = code
        else:
            kept["langid"] = fields["langid"]
    tags = []
    for name in ("keywords", "mendeley-tags", "groups"):
        if fields.get(name):
            tags += [t.strip() for t in re.split(r"[,;]", to_plain_text(fields[name]))
                     if t.strip()]
            if name == "groups":
                kept[name] = fields[name]
    if tags:
        custom["tags"] = list(dict.fromkeys(tags))
    ids = [k.strip() for k in fields.get("ids", "").split(",") if k.strip() and k.strip() != key]
    if ids:
        custom["old-keys"] = ids

    # Fields read only together with another, kept when that other is absent or unused.
    for name, partner in (("editortype", "editor"), ("editoratype", "editora"),
                          ("editorbtype", "editorb"), ("editorctype", "editorc"),
                          ("issuesubtitle", "issuetitle")):
        if own.get(name) and not own.get(partner):
            kept[name] = own[name]
    subtype = own.get("entrysubtype", "").strip().lower()
    if subtype and not (subtype == "letter" or (subtype in _ARTICLE_SUBTYPES
                                                and ctype == _ARTICLE_SUBTYPES[subtype])
                        or subtype == ctype):
        kept["entrysubtype"] = own["entrysubtype"]
    for name in ("crossref", "xdata"):  # the links, for an export to write back
        if own.get(name):
            kept[name] = own[name]

    # Everything else is kept as written, for export to write back.
    for name, value in own.items():
        if name not in _CONSUMED and not name.startswith(("x-original-", REMAINDER_PREFIX)) \
                and name not in ("mendeley-tags",):
            kept[name] = value
    if holdings:
        custom["holdings"] = [h.to_json() for h in holdings]
    if kept:
        custom["bib-fields"] = dict(sorted(kept.items()))
    if custom:
        record["custom"] = custom
    if fields.get("x-archcite"):
        _apply_remainder(record, fields["x-archcite"])
    parts = read_remainder_fields(own)
    if parts:
        _apply_remainder_parts(record, parts)
    return record


def _apply_remainder_parts(record: dict[str, Any], parts: dict[str, str]) -> None:
    """archcite's ``x-archcite-*`` fields: one variable or custom member each, as JSON."""
    rest: dict[str, Any] = {}
    for name, text in parts.items():
        try:
            value = jsontext.loads(text)
        except jsontext.JSONTextError as exc:
            raise _EntryError(f"x-archcite field for {name}: {exc}") from exc
        if name.startswith("custom."):
            rest.setdefault("custom", {})[name[len("custom."):]] = value
        else:
            rest[name] = value
    _apply_remainder(record, rest)


def looks_digital_archive(text: str) -> bool:
    """True for archcite's "History and Public Policy Program Digital Archive, Wilson Center"."""
    return text.startswith(WILSON_SOURCE) or text.endswith(", Wilson Center")


def wilson_number(url: str) -> str:
    """The Wilson Center Record ID in a document address, or ""."""
    match = re.search(r"digitalarchive\.wilsoncenter\.org/document/(\d+)(?:\D|$)", url)
    return match.group(1) if match else ""


def _apply_remainder(record: dict[str, Any], text: str | dict[str, Any]) -> None:
    """archcite's ``x-archcite`` field: what a plain entry could not carry, as JSON."""
    try:
        rest = jsontext.loads(text) if isinstance(text, str) else text
    except jsontext.JSONTextError as exc:
        raise _EntryError(f"x-archcite: {exc}") from exc
    if not isinstance(rest, dict):
        raise _EntryError("x-archcite must be a JSON object")
    for dropped in rest.pop("-", []):
        if str(dropped).startswith("custom."):
            (record.get("custom") or {}).pop(str(dropped)[7:], None)
        else:
            record.pop(str(dropped), None)
    custom = rest.pop("custom", None)
    record.update({k: v for k, v in rest.items() if k != "id"})
    if isinstance(custom, dict):
        record.setdefault("custom", {}).update(custom)
    if record.get("custom") == {}:
        del record["custom"]


