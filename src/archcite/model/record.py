"""The record: one CSL-JSON object per document, and the rules it must keep.

The CSL 1.0.2 schema (``additionalProperties: false``) decides which variables exist and what
shape each has; anything else goes under ``custom``. archcite's own rules add: the ``id`` is the
citation key, holdings are well formed, dates are real. :func:`validate_record` checks both
without third-party packages, so every write can be checked before it happens.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from typing import Any

from archcite.errors import RecordError
from archcite.model.archives import ArchiveRegistry
from archcite.model.holdings import Holding, holdings_of

# Variable kinds of the CSL 1.0.2 input schema (csl-data.json), by shape.
CSL_TYPES = frozenset(
    """article article-journal article-magazine article-newspaper bill book broadcast chapter
    classic collection dataset document entry entry-dictionary entry-encyclopedia figure graphic
    hearing interview legal_case legislation manuscript map motion_picture musical_score pamphlet
    paper-conference patent performance periodical personal_communication post post-weblog
    regulation report review review-book software song speech standard thesis treaty
    webpage""".split()
)
# Each CSL item type in a historian's words, for what archcite prints to people (``show``,
# messages); ``--json`` and the record files keep the CSL names.
TYPE_WORDS: dict[str, str] = {
    "article": "article", "article-journal": "journal article",
    "article-magazine": "magazine article", "article-newspaper": "newspaper article",
    "bill": "bill", "book": "book", "broadcast": "broadcast", "chapter": "book chapter",
    "classic": "classic work", "collection": "collection", "dataset": "dataset",
    "document": "document", "entry": "entry", "entry-dictionary": "dictionary entry",
    "entry-encyclopedia": "encyclopedia entry", "figure": "figure", "graphic": "image",
    "hearing": "hearing", "interview": "interview", "legal_case": "legal case",
    "legislation": "law", "manuscript": "manuscript", "map": "map", "motion_picture": "film",
    "musical_score": "musical score", "pamphlet": "pamphlet",
    "paper-conference": "conference paper", "patent": "patent", "performance": "performance",
    "periodical": "periodical", "personal_communication": "letter, telegram or other message",
    "post": "online post", "post-weblog": "blog post", "regulation": "regulation",
    "report": "report", "review": "review", "review-book": "book review",
    "software": "software", "song": "song", "speech": "speech", "standard": "standard",
    "thesis": "thesis", "treaty": "treaty", "webpage": "web page",
}

NUMBER_VARIABLES = frozenset(
    """id chapter-number citation-number collection-number edition first-reference-note-number
    issue locator number number-of-pages number-of-volumes page page-first part printing
    supplement volume""".split()
)
STRING_VARIABLES = frozenset(
    """language journalAbbreviation shortTitle abstract annote archive archive_collection
    archive_location archive-place authority call-number citation-label collection-title
    container-title container-title-short dimensions division DOI event event-place genre ISAN
    ISBN ISCI ISMN ISRC ISSN ISWC jurisdiction keyword medium note original-publisher
    original-publisher-place original-title part-title PMCID PMID publisher publisher-place
    references reviewed-title scale section source status title title-short translated-title
    translated-title-short URL version year-suffix""".split()
)
NAME_VARIABLES = frozenset(
    """author chair collection-editor compiler composer container-author contributor curator
    director editor editorial-director executive-producer interviewer illustrator organizer
    original-author performer producer recipient reviewed-author translator""".split()
)
DATE_VARIABLES = frozenset(
    "accessed available-date container event-date issued original-date submitted".split()
)
ARRAY_VARIABLES = frozenset({"categories"})
ALL_VARIABLES = (
    NUMBER_VARIABLES | STRING_VARIABLES | NAME_VARIABLES | DATE_VARIABLES | ARRAY_VARIABLES
    | {"type", "custom"}
)

_NAME_PARTS = frozenset(
    """family given dropping-particle non-dropping-particle suffix comma-suffix static-ordering
    literal parse-names""".split()
)
_DATE_PARTS = frozenset("date-parts season circa literal raw edtf".split())
# A citation key is also a file name (``<key>.json``), so it must be safe as one on every system:
# ASCII letters, digits and ``_ . -`` only (no ``/``, ``\\``, NUL, and no ``:``, which on Windows
# names an alternate data stream), a letter or digit first (no ``..``, no hidden dot-files), at
# most 100 characters, and not a name Windows reserves for a device (``con``, ``nul``, ``com1``,
# ``lpt1``…, in any case and with any extension: ``con.x.json`` is the console too). ``\Z``, not
# ``$``: ``$`` would accept a trailing newline.
_WINDOWS_RESERVED = r"(?:con|prn|aux|nul|conin\$|conout\$|clock\$|com[0-9¹²³]|lpt[0-9¹²³])"
KEY_PATTERN = re.compile(
    rf"(?!(?i:{_WINDOWS_RESERVED})(?:\.|\Z))[A-Za-z0-9][A-Za-z0-9_.-]{{0,99}}\Z"
)


# Type tests of the hot paths (validation, depth, serialising: every value of every record),
# made once: ``isinstance(v, dict | list)`` builds the union object at each call, three times
# the cost of the test itself.
_CONTAINER = (dict, list)
_INT_OR_STR = (int, str)
_NUMBER_OR_STR = (str, int, float)


def is_safe_key(key: object) -> bool:
    """True when ``key`` can be a citation key and, as ``<key>.json``, a file in the library.

    Keys come from imported and fetched data (.bib files, CSL-JSON, pages), so anything that could
    become a path outside the library (``../x``, ``/tmp/x``, NUL bytes) or a device on Windows
    (``con``, ``nul``, ``com1``) is refused here, once, for every caller.
    """
    return isinstance(key, str) and KEY_PATTERN.match(key) is not None


def short_repr(value: object, limit: int = 60) -> str:
    """``repr`` of a value cut to ``limit`` characters, for one-line messages about hostile data."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_name_list(var: str, value: Any) -> None:
    if not isinstance(value, list):
        raise RecordError(f"{var}: must be a list of names")
    for name in value:
        if not isinstance(name, dict):
            raise RecordError(f"{var}: each name must be an object")
        extra = set(name) - _NAME_PARTS
        if extra:
            raise RecordError(f"{var}: unknown name part {sorted(extra)[0]!r}")
        for part in ("family", "given", "literal", "dropping-particle",
                     "non-dropping-particle", "suffix"):
            if part in name and not isinstance(name[part], str):
                raise RecordError(f"{var}: name part {part!r} must be a string")


def _check_date(var: str, value: Any) -> None:
    if isinstance(value, str):
        return  # EDTF string
    if not isinstance(value, dict):
        raise RecordError(f"{var}: a date must be an object or an EDTF string")
    extra = set(value) - _DATE_PARTS
    if extra:
        raise RecordError(f"{var}: unknown date part {sorted(extra)[0]!r}")
    parts = value.get("date-parts")
    if parts is None:
        return
    if not isinstance(parts, list) or not 1 <= len(parts) <= 2:
        raise RecordError(f"{var}: date-parts must hold one or two dates")
    for date in parts:
        if not isinstance(date, list) or not 1 <= len(date) <= 3:
            raise RecordError(f"{var}: each date must have 1 to 3 parts")
        if not all(isinstance(p, _INT_OR_STR) and not isinstance(p, bool) for p in date):
            raise RecordError(f"{var}: date parts must be numbers or strings")
        try:
            numbers = [int(p) for p in date]
        except ValueError as exc:
            raise RecordError(f"{var}: date part is not a number: {date}") from exc
        year, month, day = [*numbers, 1, 1][:3]
        if not -9999 <= year <= 9999:
            # CSL allows any integer; no archival document is dated outside four digits, and a
            # huge "year" is always a parsing accident (it would also reach citation keys).
            raise RecordError(f"{var}: year {year} is out of range")
        if len(numbers) >= 2 and not 1 <= month <= 12 and not 13 <= month <= 24:
            raise RecordError(f"{var}: month {month} is not a month")
        if len(numbers) == 3:
            try:
                _dt.date(year if 1 <= year <= 9999 else 2000, month, day)
            except ValueError as exc:
                raise RecordError(
                    f"{var}: {year}-{month:02d}-{day:02d} is not a real date"
                ) from exc


def validate_record(record: Any) -> None:
    """Raise :class:`RecordError` unless ``record`` is a valid CSL-JSON item and archcite record.

    Checks the CSL 1.0.2 schema's rules (required ``id`` and ``type``, known variables only, the
    shape of each) and archcite's (``id`` usable as a citation key and file name, holdings well
    formed, dates real).
    """
    if not isinstance(record, dict):
        raise RecordError("a record must be a JSON object")
    key = record.get("id")
    if not is_safe_key(key):
        raise RecordError(
            f"id {short_repr(key)} is not a citation key (letters, digits, _ . -; at most 100;"
            " not a Windows device name)"
        )
    item_type = record.get("type")
    if not isinstance(item_type, str) or item_type not in CSL_TYPES:
        raise RecordError(f"{key}: {short_repr(item_type)} is not a kind of item archcite knows"
                          f"{_type_hint(item_type)}")
    for var, value in record.items():
        if var not in ALL_VARIABLES:
            raise RecordError(f"{key}: {var!r} is not a CSL variable (put it under custom)")
        if var in NUMBER_VARIABLES:
            if not isinstance(value, _NUMBER_OR_STR) or isinstance(value, bool):
                raise RecordError(f"{key}: {var} must be a string or a number")
        elif var in STRING_VARIABLES:
            if not isinstance(value, str):
                raise RecordError(f"{key}: {var} must be a string")
        elif var in NAME_VARIABLES:
            _check_name_list(f"{key}: {var}", value)
        elif var in DATE_VARIABLES:
            _check_date(f"{key}: {var}", value)
        elif var in ARRAY_VARIABLES:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise RecordError(f"{key}: {var} must be a list of strings")
        elif var == "custom" and not isinstance(value, dict):
            raise RecordError(f"{key}: custom must be an object")
    try:
        holdings_of(record)
    except RecordError as exc:
        raise RecordError(f"{key}: {exc}") from exc
    if _depth(record) > MAX_DEPTH:
        # Writing and reading such a file recurses once per level: refuse it here, in one line,
        # rather than fail half-way through dumps_record (an imported item can hold anything).
        raise RecordError(f"{key}: nested more than {MAX_DEPTH} levels deep")
    try:
        # A lone surrogate (from a mis-decoded source) cannot be stored as UTF-8.
        _encode_strict(record).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise RecordError(f"{key}: holds text that is not valid Unicode") from exc
    except ValueError as exc:  # NaN/Infinity or circular data
        raise RecordError(f"{key}: holds a value JSON cannot store: {exc}") from exc


MAX_DEPTH = 32
"""How deeply a record's lists and objects may nest (real records use 5: custom.holdings…)."""

# ``json.dumps(record, ensure_ascii=False, allow_nan=False)``, its encoder made once.
_encode_strict = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


def _depth(value: Any) -> int:
    """How deeply ``value`` nests (iteratively: a hostile value must not exhaust the stack).

    Level by level, carrying only the lists and objects of each level to the next: scalars,
    most of a record, are counted where they sit and never queued. Stops past MAX_DEPTH.
    """
    level, frontier = 0, [value] if isinstance(value, _CONTAINER) else []
    while frontier and level <= MAX_DEPTH:
        deeper: list[Any] = []
        filled = False
        for item in frontier:
            children = item.values() if isinstance(item, dict) else item
            if children:
                filled = True
                deeper += [c for c in children if isinstance(c, _CONTAINER)]
        if not filled:
            break
        level += 1
        frontier = deeper
    return level


DERIVED_ARCHIVE_FIELDS = ("archive", "archive-place", "archive_location", "division")
"""The flat CSL variables :func:`derive_archive_fields` writes from the structured holdings."""


def derive_archive_fields(record: dict[str, Any], registry: ArchiveRegistry) -> dict[str, Any]:
    """Set ``archive``, ``archive-place``, ``archive_location`` and ``division`` from holdings.

    Other CSL tools (pandoc, Zotero) read only flat variables and know one archive per item:
    official styles print ``archive_location`` under ``archive``'s name, so ``archive``,
    ``archive-place`` and ``archive_location`` describe the FIRST holding only (a second
    archive's shelfmark folded in there would read as the first archive's). Every further
    holding, in full (``AVPRF, f. 059a, …; RGASPI, …``), goes to ``division``, a CSL 1.0.2
    variable the official Chicago and MLA styles never print and archcite's own styles print
    after the first holding, so pandoc with archcite's styles cites every copy. With no
    holdings the fields are left as they are (a book or private papers). Returns the same
    dict, changed in place.
    """
    holdings = holdings_of(record)
    if not holdings:
        return record
    first, rest = holdings[0], holdings[1:]
    for var in DERIVED_ARCHIVE_FIELDS:
        record.pop(var, None)
    if first.archive:
        record["archive"] = first.archive
        known = registry.lookup(first.archive)
        if known is not None and known.place:
            record["archive-place"] = known.place
    location = first.locator_text("chicago")
    if location:
        record["archive_location"] = location
    further = "; ".join(h.text("chicago", registry) for h in rest)
    if further:
        record["division"] = further
    return record


def dumps_record(record: dict[str, Any]) -> str:
    """Stable text of a record file: sorted keys, 2-space indent, UTF-8 unescaped, final newline.

    Stable formatting keeps a library under git diffing and merging cleanly. Arrays that hold
    only scalars (a level ``["fond", "45"]``, a date ``[1951, 6, 30]``) stay on one line, so a
    change to one level is a one-line diff.
    """
    return _dump(record, 0) + "\n"


# The scalar encoders of ``json.dumps(value, ensure_ascii=False)``, made once: json.dumps
# with any option builds a new encoder per call, and a record has dozens of scalars (an
# import of 10,000 records built over half a million encoders). Strings go straight to the C
# string encoder, exactly as that encoder does with them.
_encode_string = json.encoder.encode_basestring
_encode_scalar = json.JSONEncoder(ensure_ascii=False).encode


def _scalar(value: Any) -> str:
    return _encode_string(value) if isinstance(value, str) else _encode_scalar(value)


def _dump(value: Any, depth: int) -> str:
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "  " * (depth + 1)
        items = [f"{inner}{_encode_string(str(k))}: {_dump(value[k], depth + 1)}"
                 for k in sorted(value)]
        return "{\n" + ",\n".join(items) + "\n" + "  " * depth + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        if all(not isinstance(v, _CONTAINER) for v in value):
            return "[" + ", ".join(map(_scalar, value)) + "]"
        inner = "  " * (depth + 1)
        return ("[\n" + ",\n".join(inner + _dump(v, depth + 1) for v in value) + "\n"
                + "  " * depth + "]")
    return _scalar(value)


def issued_parts(record: dict[str, Any]) -> list[int]:
    """The first date of ``issued`` as integers ([] when there is none or it is not numeric)."""
    issued = record.get("issued")
    if not isinstance(issued, dict):
        return []
    parts = issued.get("date-parts") or [[]]
    try:
        return [int(p) for p in parts[0]]
    except (TypeError, ValueError, IndexError, KeyError, OverflowError):
        # Not yet validated (an imported item): {"date-parts": {..}}, [[1e400]] (infinity)
        return []


def holdings_tuple(record: dict[str, Any]) -> tuple[Holding, ...]:
    """Holdings as an immutable tuple (hashable, for caches)."""
    return tuple(holdings_of(record))


# ``custom`` fields that are the user's own work, never something a source page or a citation
# says: an update from the source (``add --update``) must keep them, or re-reading a page would
# wipe a historian's tags and reading notes.
USER_FIELDS = ("tags", "notes", "old-keys", "files")


def keep_user_fields(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """``new`` (a fresh reading of the same document) with ``old``'s user fields kept.

    Tags are merged (old first, then any the new reading brings); notes, old keys and attached
    files stay as the user left them unless the new record sets them. Everything else is the
    new reading's: it describes the document, and the source is the authority on that.
    """
    found = old.get("custom")
    old_custom: dict[str, Any] = found if isinstance(found, dict) else {}
    kept = {k: old_custom[k] for k in USER_FIELDS if k in old_custom}
    if not kept:
        return new
    custom = dict(new.get("custom") or {})
    for field_name, value in kept.items():
        if field_name == "tags" and isinstance(custom.get("tags"), list):
            seen = {str(t).casefold() for t in value}
            custom["tags"] = [*value, *(t for t in custom["tags"]
                                        if str(t).casefold() not in seen)]
        else:
            custom.setdefault(field_name, value)
    return {**new, "custom": custom}


# Words people (and BibTeX habits) use for a kind of item, and the CSL type that means it.
_TYPE_SYNONYMS = {
    "letter": "personal_communication", "telegram": "personal_communication",
    "cable": "personal_communication", "message": "personal_communication",
    "dissertation": "thesis", "phdthesis": "thesis", "mastersthesis": "thesis",
    "website": "webpage", "online": "webpage", "inbook": "chapter", "incollection": "chapter",
    "misc": "document", "unpublished": "manuscript", "newspaper": "article-newspaper",
    "magazine": "article-magazine", "journal": "article-journal",
}


def _type_hint(item_type: object) -> str:
    """`` (did you mean ...?)`` naming the closest CSL type and what it means, or ``""``."""
    from archcite.model.nearest import close_matches

    if not isinstance(item_type, str):
        return " (the type must be a word such as book or manuscript)"
    words = {word: name for name, word in TYPE_WORDS.items()} | _TYPE_SYNONYMS
    text = item_type.strip().lower().replace("_", "-")
    close = close_matches(text, [*CSL_TYPES, *words], n=1, cutoff=0.6)
    if not close:
        return " (kinds: book, chapter, article-journal, manuscript, personal_communication, …)"
    name = words.get(close[0], close[0])
    return f" (did you mean {name!r}, a {TYPE_WORDS[name]}?)"


# ------------------------------------------------------------------ identity and 0.1 upgrade

RECORD_ID = "record-id"
"""The ``custom`` key of the Wilson Center Record ID. Never ``number``: official CSL styles print
``number`` as "no. 110374", a telegram number that does not exist."""

_DOCUMENT_ID_IN_URL = re.compile(r"/document/(\d{1,9})(?:[^\d]|$)")


def _ids_in_addresses(record: dict[str, Any]) -> set[str]:
    """Record ids the record's Wilson addresses carry (``…/document/<id>``)."""
    custom = record.get("custom")
    texts = [record.get("URL")]
    if isinstance(custom, dict):
        texts += [custom.get("printed-url"), custom.get("page-url")]
    return {str(int(m.group(1))) for t in texts if isinstance(t, str)
            for m in _DOCUMENT_ID_IN_URL.finditer(t)}


def legacy_record_id(record: dict[str, Any]) -> str:
    """The Record ID a record written by archcite 0.1 keeps in ``number``, else "".

    0.1 stored the Wilson id in ``number``. Such a record is recognised without guessing: it
    has no ``custom["record-id"]`` and its ``number`` is the id its own Wilson address carries
    (a telegram's own number is never also the record id of its page).
    """
    custom = record.get("custom")
    if isinstance(custom, dict) and custom.get(RECORD_ID):
        return ""
    number = record.get("number")
    if isinstance(number, bool) or not isinstance(number, str | int):
        return ""
    text = str(number).strip()
    if not text.isdigit() or not text.isascii():
        return ""
    return text if str(int(text)) in _ids_in_addresses(record) else ""


_CANONICAL_ID = re.compile(r"digitalarchive\.wilsoncenter\.org/document/(\d{1,9})(?:\D|$)")


def wilson_id(record: dict[str, Any]) -> str:
    """The Wilson Center Record ID of a record ("" when it has none), in either layout.

    Where the record keeps it (``custom["record-id"]``; ``custom["wilson-id"]`` as some
    imports wrote it), else the id its Digital Archive address carries, else a 0.1 record's
    ``number``. Duplicate detection, identities, ``id:`` queries and ``show`` all ask this, so
    records written by 0.1 are read right before ``check --fix`` upgrades them.
    """
    custom = record.get("custom")
    if isinstance(custom, dict):
        for name in (RECORD_ID, "wilson-id"):
            value = custom.get(name)
            if isinstance(value, str | int) and not isinstance(value, bool) and str(
                    value).strip():
                return str(value).strip()
    match = _CANONICAL_ID.search(str(record.get("URL") or ""))
    if match:
        return str(int(match.group(1)))
    return legacy_record_id(record)


def document_number(record: dict[str, Any]) -> str:
    """The document's own number (telegram "No. 709" → "709"), never a legacy Record ID."""
    number = record.get("number")
    if number is None or isinstance(number, bool) or legacy_record_id(record):
        return ""
    return str(number).strip()


def legacy_problems(record: dict[str, Any]) -> list[str]:
    """What in a record is still in archcite 0.1's layout (empty for a current record).

    0.1 kept the Record ID in ``number``, stored ``genre: "letter"`` on plain letters (the CSL
    type already says letter, and pandoc would print the word Chicago leaves out), and folded
    every further holding into ``archive_location`` (re-derived by the derived-fields check).
    """
    problems = []
    if legacy_record_id(record):
        problems.append("number holds the Wilson Record ID (archcite 0.1); it belongs in "
                        f"custom.{RECORD_ID}")
    if _plain_letter_genre(record):
        problems.append('genre "letter" on a plain letter (archcite 0.1); a letter stores no genre')
    return problems


def _plain_letter_genre(record: dict[str, Any]) -> bool:
    genre = record.get("genre")
    return (record.get("type") == "personal_communication" and isinstance(genre, str)
            and genre.strip().casefold() == "letter")


def upgrade_record(record: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``record`` in the current layout (the same dict's content when already current).

    Moves a 0.1 Record ID from ``number`` to ``custom["record-id"]`` and drops ``genre:
    "letter"`` from plain letters. The derived archive fields are re-derived by the library's
    write path, which every writer goes through.
    """
    out = dict(record)
    legacy = legacy_record_id(out)
    if legacy:
        custom = dict(out.get("custom") or {})
        custom[RECORD_ID] = legacy
        out["custom"] = custom
        del out["number"]
    if _plain_letter_genre(out):
        del out["genre"]
    return out
