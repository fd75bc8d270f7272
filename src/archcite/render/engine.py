"""Render records as notes, short notes, bibliography entries or in-text citations.

One plain function, :func:`render`, used by ``archcite cite`` (and later by ``bib`` and the
rendered-string cache). citeproc-py is imported only here, inside the functions that use it.

Citations are rendered on their own small ``CitationStylesBibliography`` (one item), and
bibliography entries in independent bibliographies of :data:`CHUNK` entries: citeproc-py
registers items with an O(N) list lookup each (O(N²) for a long bibliography), so the cost of
one entry stays independent of how many are rendered. The parsed style is shared through the
per-process cache in :mod:`.styles`, which also memoizes citeproc-py's per-element lookups.
:func:`render_entries` gives one string per record in record order (what the rendered-string
cache stores) and :func:`entry_sort_key` where each goes in the bibliography.

citeproc-py limitations worked around here (each with a test in tests/test_render.py):
- The locator of a registered cite leaks into the bibliography entry: bibliography entries are
  rendered from items registered without a locator.
- The bibliography comes back unsorted unless ``sort()`` is called, and its sort compares
  rendered strings (quote marks included) and puts authorless items last: archcite's styles are
  sorted here with a real multi-key sort (author or title, then date/title), as the styles'
  ``<sort>`` elements say. A user's style file is sorted by citeproc-py's own ``sort()``.
- Punctuation-in-quote (en-US) is not applied (“Title”, instead of “Title,”): fixed on the
  rendered string.
- Authorless items: citeproc-py sorts them after everything else; :func:`sort_key` files them
  under their title (leading article ignored), or under the periodical or site of an unsigned
  article or web page, as CMOS does. A document in a published collection lists its volume in
  the Chicago bibliography (once, however many of its documents are cited).
- Rich text in titles (``<i>…</i>``), names written family-first, date ranges inside one year:
  written into the item by the view (:mod:`.view`, :mod:`.literature`).
- Position is only computed from cites rendered before in the same bibliography: a short note
  (``position="subsequent"``) is asked for by handing the style a history in which the item was
  already cited (and another item after it, so that the position is not "ibid").
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from archcite.errors import RenderError
from archcite.model.archives import ArchiveRegistry
from archcite.model.holdings import holdings_of
from archcite.model.record import issued_parts
from archcite.render.formatters import FORMATTERS, TextFormat
from archcite.render.literature import (
    bibliography_record,
    is_published_document,
    published_source_record,
    section_suffix,
    sort_head,
    sort_text,
    sort_title,
    unique_entries,
)
from archcite.render.styles import BUILTIN, StyleRef, load_style, resolve_style
from archcite.render.typography import nest_quotes, smarten
from archcite.render.view import csl_view, parse_pinpoint, pinpoint

DEFAULT_FORM = {"chicago": "note", "mla": "bib", "csl": "note"}


class _PriorCite:
    """A stand-in for a cite rendered earlier, each in a note of its own: citeproc-py reads its
    ``key``, and ``citation`` where a style tests ``position="near-note"``."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.citation = self
        self.has_locator = False
        self.locator = None


def default_form(style: str) -> str:
    """The form ``style`` renders when none is asked for (Chicago: note; MLA: bib)."""
    return DEFAULT_FORM.get(style.strip().lower(), "note")


def _setup(style: str, form: str | None, fmt: str) -> tuple[str, Any, Any, Any]:
    """The form (the style's default when None), style reference, parsed style and formatter."""
    form = form or default_form(style)
    ref = resolve_style(style, form)
    formatter = FORMATTERS.get(fmt)
    if formatter is None:
        raise RenderError(f"unknown format {fmt!r} (choose from {', '.join(FORMATTERS)})")
    return form, ref, load_style(ref), formatter


def render(records: Sequence[dict[str, Any]], *, style: str = "chicago", form: str | None = None,
           fmt: str = "text", locator: str | None = None, registry: ArchiveRegistry,
           shelfmark_first: bool = False,
           cited: Sequence[dict[str, Any]] | None = None) -> list[str]:
    """Render ``records`` in ``style`` (chicago, mla or a CSL file path) and ``form``.

    Notes, short notes and in-text citations come back one per record in the given order;
    bibliography entries come back sorted as the style sorts them. ``locator`` is a pinpoint
    ("l. 95") applied to every citation (never to bibliography entries). ``cited`` is the set
    of works the document cites (MLA in-text citations add a short title where it holds two
    works by one author); by default, ``records`` themselves.
    """
    return _render(records, style, form, fmt, locator, registry, shelfmark_first,
                   entries_in_order=False, cited=cited)


def _render(records: Sequence[dict[str, Any]], style: str, form: str | None, fmt: str,
            locator: str | None, registry: ArchiveRegistry, shelfmark_first: bool, *,
            entries_in_order: bool, cited: Sequence[dict[str, Any]] | None = None) -> list[str]:
    """What :func:`render` and :func:`render_entries` share; they differ only in whether a
    bibliography comes back sorted as one (citeproc) or one entry per record in given order."""
    form, ref, csl, formatter = _setup(style, form, fmt)
    with warnings.catch_warnings():
        # citeproc-py warns on CSL-JSON it does not model; archcite's views carry none, and
        # a user's style must not print warnings into citation output.
        warnings.simplefilter("ignore")
        if form == "bib":
            if not csl.has_bibliography():
                raise RenderError(f"style {ref.path.name} has no bibliography")
            bibliography = _entries_in_order if entries_in_order else _bibliography
            out = bibliography(records, csl, ref, formatter, registry)
        else:
            titles: dict[str, str] = {}
            # Entries rendered for the cache stand alone (their text must not depend on the
            # records they happen to be rendered with): a cited set is only ever explicit there.
            if form == "intext" and ref.builtin and (cited is not None or not entries_in_order):
                from archcite.render.intext import intext_titles

                titles = intext_titles(records, records if cited is None else cited)
            out = [_citation(r, csl, ref, form, formatter, locator, registry,
                             shelfmark_first, titles.get(str(r.get("id"))))
                   for r in records]
    quotes_in = _punctuation_in_quote(csl)
    return [formatter.finish(_fix_punctuation(nest_quotes(text), quotes_in)) for text in out]


def _view(record: dict[str, Any], ref: StyleRef, form: str, formatter: type[TextFormat],
          registry: ArchiveRegistry, shelfmark_first: bool = False) -> dict[str, Any]:
    if form == "bib" and ref.builtin:
        record = bibliography_record(record, ref.family)
    return csl_view(record, family=ref.family, form=form, registry=registry,
                    escape=formatter.escape, shelfmark_first=shelfmark_first,
                    markup=formatter)


def _narrows(record: dict[str, Any], ref: StyleRef, form: str) -> bool:
    """Whether a pinpoint narrows the record's holding instead of following the note.

    In archcite's full notes a pinpoint takes the place of its holding's leaves (a leaf after
    the whole range, or after the last archive, reads wrong), and of a published document's
    pages (before any further reprint); short notes have no holdings and print it after the
    date; a user's style file gets it as CSL's locator.
    """
    return ref.builtin and form == "note" and (
        bool(holdings_of(record)) or is_published_document(published_source_record(record)))


def _locator(locator: str, ref: StyleRef, formatter: type[TextFormat]) -> Any:
    from citeproc import Locator

    if ref.builtin:
        # archcite's styles print the locator as given: the view spells it per style. A page
        # (bare or "p.") is a "page" locator, anything else (a leaf, "d. 4") a "section": MLA
        # joins a page to the name with a space "(Radchenko 112)", a labelled pinpoint with a
        # comma "(Filippov [Stalin], list 95)".
        kind, _ = parse_pinpoint(locator)
        label = "page" if kind in ("page", "bare") else "section"
        return Locator(label, formatter.escape(pinpoint(locator, ref.family)))
    kind, value = parse_pinpoint(locator)
    label = "folio" if kind in ("list", "listy") else "page"  # a leaf is a folio
    return Locator(label, formatter.escape(value))


def _citation(record: dict[str, Any], csl: Any, ref: StyleRef, form: str,
              formatter: type[TextFormat], locator: str | None, registry: ArchiveRegistry,
              shelfmark_first: bool, intext_title: str | None = None) -> str:
    from citeproc import Citation, CitationItem, CitationStylesBibliography

    narrow = bool(locator) and _narrows(record, ref, form)
    view = csl_view(record, family=ref.family, form=form, registry=registry,
                    escape=formatter.escape, shelfmark_first=shelfmark_first,
                    locator=locator if narrow else None, intext_title=intext_title,
                    markup=formatter)
    if narrow:
        locator = None
    try:
        bib = CitationStylesBibliography(csl, _source([view]), formatter)
        extra = {"locator": _locator(locator, ref, formatter)} if locator else {}
        item = CitationItem(view["id"], **extra)
        citation = Citation([item])
        bib.register(citation)
        history: list[Any] = []
        if form == "short":
            history = [_PriorCite(item.key), _PriorCite("\0")]
        return str(csl.render_citation(citation, history, _missing))
    except RenderError:
        raise
    except Exception as exc:
        raise _failure(record, ref, exc) from exc


def _bibliography(records: Sequence[dict[str, Any]], csl: Any, ref: StyleRef,
                  formatter: type[TextFormat], registry: ArchiveRegistry) -> list[str]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography

    if not ref.builtin:
        views = [_view(r, ref, "bib", formatter, registry) for r in records]
        try:
            bib = CitationStylesBibliography(csl, _source(views), formatter)
            for view in views:
                bib.register(Citation([CitationItem(view["id"])]))
            bib.sort()
            return [str(entry) for entry in bib.bibliography()]
        except Exception as exc:
            raise RenderError(f"cannot render the bibliography with {ref.path.name}: "
                              f"{type(exc).__name__}: {exc}") from exc
    ordered = sorted(records, key=lambda r: sort_key(r, ref.family))
    return unique_entries(_entries_in_order(ordered, csl, ref, formatter, registry))


CHUNK = 50  # entries per citeproc bibliography: registration is O(n²) in its size


def _entries_in_order(records: Sequence[dict[str, Any]], csl: Any, ref: StyleRef,
                      formatter: type[TextFormat], registry: ArchiveRegistry) -> list[str]:
    """Bibliography entries of ``records`` in the given order, unsorted.

    Rendered in small independent bibliographies of :data:`CHUNK` entries (never one long one:
    citeproc-py's registration is quadratic). Entries are registered without a locator
    (citeproc-py prints the first cite's locator in the bibliography entry otherwise). A chunk
    that does not come back one entry per record (an empty entry, a repeated key) or fails is
    rendered again entry by entry, so that a failure names its record.
    """
    from citeproc import Citation, CitationItem, CitationStylesBibliography

    out: list[str] = []
    for start in range(0, len(records), CHUNK):
        chunk = records[start:start + CHUNK]
        views = [_view(r, ref, "bib", formatter, registry) for r in chunk]
        if len(chunk) > 1:
            try:
                bib = CitationStylesBibliography(csl, _source(views), formatter)
                for view in views:
                    bib.register(Citation([CitationItem(view["id"])]))
                entries = [str(entry) for entry in bib.bibliography()]
                if len(entries) == len(chunk):
                    out += entries
                    continue
            except Exception:  # rendered again one by one just below
                pass
        for record, view in zip(chunk, views, strict=True):
            try:
                bib = CitationStylesBibliography(csl, _source([view]), formatter)
                bib.register(Citation([CitationItem(view["id"])]))
                out.append(str(bib.bibliography()[0]))
            except Exception as exc:
                raise _failure(record, ref, exc) from exc
    return out


def render_entries(records: Sequence[dict[str, Any]], *, style: str = "chicago",
                   form: str | None = None, fmt: str = "text", locator: str | None = None,
                   registry: ArchiveRegistry, shelfmark_first: bool = False) -> list[str]:
    """Like :func:`render`, but one string per record in the given order, bibliographies too.

    This is what the rendered-string cache stores (one entry per record); the bibliography's
    order comes from :func:`entry_sort_key`. Every entry is rendered on its own, so the output
    of a record does not depend on the others it is rendered with.
    """
    return _render(records, style, form, fmt, locator, registry, shelfmark_first,
                   entries_in_order=True)


def entry_sort_key(record: dict[str, Any], text: str, style: str) -> str:
    """Where an entry goes in a bibliography, as a string that sorts as the style sorts.

    archcite's styles: :func:`sort_key` (the styles' ``<sort>``), its parts joined by NUL
    (which sorts before any character, so the string sorts as the tuple does) and the date
    written as fixed-width digits. A user's style file: the entry's text, markup stripped, in
    :func:`sort_text` form (citeproc-py's own sort is not reproducible entry by entry). A
    string sorts without decoding, so a warm bibliography of thousands is ordered at once.
    Both end with the entry's section for ``bib --sections``
    (:func:`literature.section_suffix`), after the record id, so it never changes the order
    of one list.
    """
    family = style.strip().lower()
    if family in BUILTIN:
        parts = []
        for part in sort_key(record, family):
            if isinstance(part, tuple):  # (0, (year, month, day)) or (1, ()) for undated
                undated, ymd = part
                part = f"{undated}" + "".join(f"{v + 100000:06d}" for v in ymd)
            parts.append(str(part).replace("\0", ""))
        return "\0".join(parts) + section_suffix(record)
    plain = re.sub(r"<[^>]+>|\\[a-z]+|[*_{}]", "", text)
    return f"{sort_text(plain).replace(chr(0), '')}\0{record.get('id', '')}{section_suffix(record)}"


def _source(views: list[dict[str, Any]]) -> Any:
    """citeproc-py's data source for ``views``.

    citeproc-py limitation: ``<names variable="container-author">`` looks the role up by its
    CSL name (with a hyphen) while the source stores it as ``container_author``, so a name
    variable with a hyphen never renders. Each such list is stored under both spellings.
    """
    from citeproc import NAMES
    from citeproc.source.json import CiteProcJSON

    source = CiteProcJSON(views)
    for reference in source.values():
        for name in NAMES:
            if "_" in name and name in reference:
                dict.__setitem__(reference, name.replace("_", "-"), reference[name])
    return source


@dataclass(frozen=True)
class CiteItem:
    """One source cited in a note or parenthetical, as a writer's marker gives it.

    ``position`` is where the source stands among the document's earlier citations: "first"
    (full note), "subsequent" (short note) or "ibid" (the same single source as the note just
    before; only when the writer asks for "Ibid."). Positions are computed by the caller,
    which knows the document order (:func:`note_positions`).
    """

    record: dict[str, Any]
    locator: str | None = None
    prefix: str = ""
    suffix: str = ""
    position: str = "first"


class _HistoryCite:
    """A cite rendered earlier, as citeproc-py's position test reads it (key, citation,
    locator): lets a style that has its own ibid branch decide "ibid" itself."""

    def __init__(self, key: str, locator: Any | None) -> None:
        self.key = key
        self.citation = self
        self.cites = [self]
        self.has_locator = locator is not None
        self.locator = locator


def note_positions(citations: Sequence[Sequence[str]], *, ibid: bool = False) -> list[list[str]]:
    """The position of every key of every citation, in document order.

    The first citation of a source is "first" and later ones "subsequent" (CMOS 18: full note,
    then short notes). With ``ibid``, a note citing exactly one source that is also the only
    source of the note just before it is "ibid" (CMOS allows "Ibid." only then).
    """
    seen: set[str] = set()
    out: list[list[str]] = []
    previous: Sequence[str] = ()
    for keys in citations:
        positions = []
        for key in keys:
            folded = key.lower()
            if (ibid and len(keys) == 1 and len(previous) == 1
                    and previous[0].lower() == folded):
                positions.append("ibid")
            else:
                positions.append("subsequent" if folded in seen else "first")
            seen.add(folded)
        out.append(positions)
        previous = keys
    return out


def render_citation(items: Sequence[CiteItem], *, style: str = "chicago", form: str | None = None,
                    fmt: str = "text", registry: ArchiveRegistry,
                    shelfmark_first: bool = False, ends_sentence: bool = True,
                    cited: Sequence[dict[str, Any]] | None = None) -> str:
    """One citation of several sources (a note, or an in-text parenthetical), as the style
    joins them (its layout's delimiter, prefix and suffix).

    This is how a document's citations are rendered: each item's position decides a full or a
    short note, each keeps its own pinpoint, prefix ("see") and suffix. ``form`` is the style's
    citation form (Chicago: note; MLA: intext); a bibliography form is refused.
    ``ends_sentence=False`` is a citation inside the writer's own sentence of a note ("see
    [@a] and my notes."): the note's closing suffix (Chicago's period) is left to the writer.
    ``cited`` is every record the document cites: MLA in-text citations add a short title where
    it holds two works by one author (by default, the items of this citation only).
    """
    if not items:
        raise RenderError("a citation needs at least one source")
    form = form or ("intext" if style.strip().lower() == "mla" else "note")
    if form == "bib":
        raise RenderError("a citation is a note or an in-text citation, not a bibliography")
    form, ref, csl, formatter = _setup(style, form, fmt)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = _multi_citation(items, csl, ref, form, formatter, registry, shelfmark_first,
                               ends_sentence, cited)
    return formatter.finish(_fix_punctuation(nest_quotes(text), _punctuation_in_quote(csl)))


def _style_knows_ibid(csl: Any) -> bool:
    from lxml import etree

    return b'position="ibid' in etree.tostring(csl.root.citation)


def _ibid(item: CiteItem, csl: Any, ref: StyleRef, formatter: type[TextFormat]) -> str:
    """"Ibid." (the locale's term, capitalised) with the item's pinpoint, for a style whose
    notes have no ibid branch of their own (archcite's Chicago gives short notes instead)."""
    term = csl.root.get_term("ibid")
    word = str(term.text) if term is not None and term.text else "ibid."
    word = formatter.preformat(word[:1].upper() + word[1:])
    if item.locator:
        spelled = (pinpoint(item.locator, ref.family) if ref.builtin
                   else parse_pinpoint(item.locator)[1])
        word = f"{word}, {formatter.escape(spelled)}"
    return word


def _multi_citation(items: Sequence[CiteItem], csl: Any, ref: StyleRef, form: str,
                    formatter: type[TextFormat], registry: ArchiveRegistry,
                    shelfmark_first: bool, ends_sentence: bool = True,
                    cited: Sequence[dict[str, Any]] | None = None) -> str:
    from citeproc import Citation, CitationItem, CitationStylesBibliography

    if (len(items) == 1 and items[0].position == "ibid" and form == "note"
            and not _style_knows_ibid(csl)):
        layout = csl.root.citation.layout
        text = _ibid(items[0], csl, ref, formatter)
        suffix = layout.get("suffix", "")
        if (suffix and text.endswith(suffix)) or not ends_sentence:
            suffix = ""
        prefix = smarten(items[0].prefix)
        return formatter.preformat(prefix and f"{prefix} ") + text + suffix
    titles: dict[str, str] = {}
    if form == "intext" and ref.builtin:
        from archcite.render.intext import intext_titles

        titles = intext_titles([item.record for item in items],
                               [item.record for item in items] if cited is None else cited)
    views: dict[str, dict[str, Any]] = {}
    narrowed: set[int] = set()
    for index, item in enumerate(items):
        # A full note's pinpoint narrows its holding; a short note gets the short title.
        item_form = "short" if item.position == "subsequent" and form == "note" else form
        narrow = (bool(item.locator) and item.position == "first"
                  and _narrows(item.record, ref, item_form))
        view = csl_view(item.record, family=ref.family, form=item_form, registry=registry,
                        escape=formatter.escape, shelfmark_first=shelfmark_first,
                        locator=item.locator if narrow else None,
                        intext_title=titles.get(str(item.record.get("id"))),
                        markup=formatter)
        if str(view["id"]).lower() not in views:
            views[str(view["id"]).lower()] = view
            if narrow:
                narrowed.add(index)
    try:
        bib = CitationStylesBibliography(csl, _source(list(views.values())), formatter)
        cites = []
        history: list[Any] = []
        for index, item in enumerate(items):
            key = str(item.record.get("id", "")).lower()
            extra: dict[str, Any] = {}
            if item.locator and index not in narrowed:
                extra["locator"] = _locator(item.locator, ref, formatter)
            if item.prefix:
                # the writer's own words around a cite are text like any value: curly quotes
                extra["prefix"] = formatter.escape(smarten(item.prefix)) + " "
            if item.suffix:
                extra["suffix"] = formatter.escape(smarten(_suffix(item.suffix)))
            cites.append(CitationItem(key, **extra))
            if item.position == "subsequent":
                history += [_PriorCite(key), _PriorCite("\0")]
            elif item.position == "ibid":
                history.append(_HistoryCite(key, None))
        citation = Citation(cites)
        bib.register(citation)
        text = str(csl.render_citation(citation, history, _missing))
        suffix = str(csl.root.citation.layout.get("suffix", ""))
        if not ends_sentence and suffix and text.endswith(suffix):
            text = text[:-len(suffix)]
        return text
    except RenderError:
        raise
    except Exception as exc:
        raise _failure(items[0].record, ref, exc) from exc


def _suffix(text: str) -> str:
    """A writer's suffix ("emphasis added") follows the citation after a comma, as pandoc
    reads ``[@key, l. 95, emphasis added]``; one that begins with punctuation is kept as is."""
    text = text.strip()
    return text if not text or text[0] in ",.;:)" else f", {text}"


def _missing(item: Any) -> str:
    raise RenderError(f"no record {item.key!r} to render")


def _failure(record: dict[str, Any], ref: StyleRef, exc: Exception) -> RenderError:
    return RenderError(f"{record.get('id')}: cannot render with {ref.path.name}: "
                       f"{type(exc).__name__}: {exc}")


def sort_key(record: dict[str, Any], family: str) -> tuple[Any, ...]:
    """Bibliography order of archcite's styles (mirrors their ``<sort>`` elements).

    The first key is what the entry is filed under (:func:`literature.sort_head`): the
    author, else editors, else the periodical or site of an unsigned article or page, else the
    title with a leading article ignored; so authorless documents sort among the others, not
    after them (citeproc-py limitation: it sorts them last). Chicago then sorts by date and
    title, MLA by title and date. Undated items sort after dated ones. A document in a published
    collection sorts as its volume in Chicago, where the entry lists the volume.
    """
    record = bibliography_record(record, family)
    title = sort_title(str(record.get("title", "")), record)
    head = sort_head(record) or title
    parts = issued_parts(record)
    date = (0, tuple(parts + [0] * (3 - len(parts)))) if parts else (1, ())
    if family == "mla":
        return head, title, date, record.get("id", "")
    return head, date, title, record.get("id", "")


def _punctuation_in_quote(csl: Any) -> bool:
    locale = str(csl.root.get("default-locale", "en-US"))
    return locale in ("en-US", "en")



def _fix_punctuation(text: str, punctuation_in_quote: bool) -> str:
    """citeproc-py ignores en-US punctuation-in-quote: move , and . inside closing quotes."""
    if punctuation_in_quote:
        text = re.sub(r"((?:’)?”)([.,])", r"\2\1", text)  # also past an inner ’: ,’”
    return text


__all__ = ["BUILTIN", "CiteItem", "default_form", "entry_sort_key", "note_positions", "render",
           "render_citation", "render_entries", "sort_key", "sort_text", "unique_entries"]
