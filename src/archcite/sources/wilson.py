"""A Wilson Center page (or a bare citation string) → a record dict, ready for ``Library.add``.

The record is CSL-JSON (holdings in ``custom``); it has no ``id`` (the library gives the key) and no
derived archive fields (the library derives them from the holdings). Nothing the source said
about the document is lost: the citation string as printed is kept in ``custom["citation"]``,
and every part of it is also read into a structured field (title, date, holdings, translators,
``note``). Custom keys written here:

- ``holdings``: the structured archival references
- ``citation``: the citation string exactly as the page printed it (whitespace joined)
- ``printed-url``: the address the citation printed (old http form kept)
- ``page-url``: the address the page was saved from (the ``URL:`` line, an HTML page's canonical
  link, or the address fetched), when it is not the printed one
- ``original-language``: "Original Language" (PDF) or "Language" (current site)
- ``wilson-type``: the current site's "Type" field, as written
- ``uploaded``: the current site's "Original Uploaded Date"
- ``original-archive``: the current site's "Original Archive" field
- ``page-authors``: the current site's "Author(s)" field when it says more than the heading
- ``source-text``: the current site's "Source" field as printed (that layout has no citation)
- ``funding``: "This document was made possible with support from …" lines
- ``record-id``: the Wilson Center Record ID (never ``number``, the document's own number)
- ``heading``: the heading as given, when a quoted subject in it became the ``title``
- ``genre-in-title``: true when the heading, printed as the document's description, already
  names its kind ("Cable from the Hungarian Embassy in Beijing"): a note must not add ", cable"
- ``reprints``: published collections the document is reprinted in ("Reprinted in …"), beside
  the holdings, each with CSL container fields: ``container-title``, ``container-author`` or
  ``editor``, ``volume``, ``publisher``, ``publisher-place``, ``issued``, ``page``
- ``published-in``: the same fields for a published book or memoir that is the source itself
  (the record then has no holdings; ``container-title``, names, ``volume`` and ``page`` are
  also set as CSL variables)
"""

from __future__ import annotations

from typing import Any

from archcite.errors import SourceError
from archcite.model.archives import ArchiveRegistry
from archcite.model.record import RECORD_ID
from archcite.sources.addresses import (
    Address,
    canonical_url,
    parse_address,
    parse_page_address,
)
from archcite.sources.citation import DIGITAL_ARCHIVE, Citation, citation_end, parse_citation
from archcite.sources.credits import parse_credits, split_archival_and_credits
from archcite.sources.dates import date_problem, parse_date
from archcite.sources.headings import parse_heading
from archcite.sources.layouts import PageFields, read_layout, strip_markdown
from archcite.sources.locators import names_known_archive, parse_holdings
from archcite.sources.publications import looks_like_publication, parse_publication
from archcite.sources.reading import SourceText

PUBLISHER = "Wilson Center"
NO_DATA = ("holds no Wilson Center citation data (no citation string, Source or Record ID); "
           "is it a document page of digitalarchive.wilsoncenter.org?")



def record_from_page(source: SourceText, registry: ArchiveRegistry) -> dict[str, Any]:
    """The record of a saved page; refuses a page with no citation data in one line."""
    fields = read_layout(source.text)
    if fields is None:
        raise SourceError(f"{source.origin}: {NO_DATA}")
    has_data = fields.citation is not None or fields.source or fields.record_id
    if not has_data:
        raise SourceError(f"{source.origin}: {NO_DATA}")
    _refuse_unread(fields.citation, source.origin)
    record = _build(fields, registry, source.page_url, source.origin)
    _refuse_half_read(record, source.origin)
    return record


def _refuse_half_read(record: dict[str, Any], origin: str) -> None:
    """Refuse a page whose Source was read only in part.

    A holding is either an archive with its levels (fond, opis, delo, listy …), read by the
    archive's grammar to the end, or an archive with a reference archcite keeps as printed. A
    holding with levels AND text left over means the grammar stopped in the middle: what
    follows is not part of an archival reference archcite knows (a translated "List 60 und
    AVPRF", a summary run on because its label was translated). Storing it would put prose
    where folios belong.
    """
    for holding in record.get("custom", {}).get("holdings", []):
        left = holding.get("reference")
        if holding.get("levels") and left:
            shown = left if len(left) <= 40 else left[:40].rstrip() + "…"
            raise SourceError(
                f"{origin}: the Source is read only in part: after {holding.get('archive')}'s"
                f" levels comes “{shown}”, which archcite cannot read as archival levels; if the"
                " browser translated the page, save it untranslated")


def _refuse_unread(citation: Citation | None, origin: str) -> None:
    """Refuse a citation string that does not follow the grammar archcite reads.

    The Wilson Center prints ``"<Title>," <Date>, History and Public Policy Program Digital
    Archive, <Source>``: between the title's closing quote and the digital archive's name there
    is a date or nothing. Words there that are no date archcite reads mean the string is not
    the one the Center printed — a page the browser translated ("Juni 30, 1951"), typically,
    where the labels, the levels and the conjunctions of the Source are translated too — and
    reading on would store a title holding a date and holdings holding prose.
    """
    if citation is None or not citation.unread_date:
        return
    date = ", ".join(part for part in (citation.unread_date, citation.date_text) if part)
    if len(date) > 80:  # damaged text can run on for pages: the message stays a line
        date = date[:79] + "…"
    raise SourceError(
        f"{origin}: the citation's date “{date}” is not a date archcite reads, so its title and"
        " parts cannot be told apart; if the browser translated the page, save it untranslated")


# A citation string runs to a few hundred characters; the longest real ones (several archives,
# reprints, credits) to about two thousand. Many times more is a whole page or the document's
# text pasted by mistake: refused at once, with the length, before any parsing.
LONGEST_CITATION = 20_000


def record_from_citation(text: str, registry: ArchiveRegistry,
                         origin: str = "citation") -> dict[str, Any]:
    """The record of a bare citation string (``archcite add --citation "…"``)."""
    if len(text) > LONGEST_CITATION:
        raise SourceError(
            f"{origin}: {len(text):,} characters is not one citation (a real one is at most "
            f"a few thousand); paste one citation, or save the page and add the file")
    citation = parse_citation(strip_markdown(text))
    if citation is None or not citation.title:
        raise SourceError(
            f"{origin}: not a Wilson Center citation (expected “<Title>,” <Date>, History and "
            "Public Policy Program Digital Archive, <Source>)"
        )
    _refuse_unread(citation, origin)
    return _build(PageFields(layout="citation", citation=citation), registry, "", origin)


def _address_id(url: str) -> tuple[str, str]:
    """(record id, canonical address) of an address; ("", "") when it is none of Wilson's."""
    if not url:
        return "", ""
    try:
        address: Address | None = parse_address(url)
    except SourceError:
        # Only pages that identified themselves as the Digital Archive reach here: a mirror
        # on any host cites the canonical address.
        address = parse_page_address(url)
    if address is None or address.kind not in ("document", "slug"):
        return "", ""
    return address.record_id, address.canonical


def _build(fields: PageFields, registry: ArchiveRegistry, page_url: str,
           origin: str) -> dict[str, Any]:
    citation: Citation | None = fields.citation
    title = (citation.title if citation and citation.title else "") or fields.heading
    title = " ".join(title.split())
    if not title:
        raise SourceError(f"{origin}: the page names no title for its document")
    date_text = (citation.date_text if citation and citation.date_text else "") or fields.date_text
    # The current site's Source field ends where a citation string's Source does: text that
    # is not a reference or credit (a paragraph of the document) is not part of it.
    page_source = citation_end(fields.source)[0] if fields.source else ""
    source_text = (citation.source if citation else "") or page_source
    printed_url = citation.url if citation else ""

    record: dict[str, Any] = {"title": title}
    custom: dict[str, Any] = {}

    heading = parse_heading(title)
    record["type"] = heading.csl_type
    if heading.subject:
        # The quoted subject is the document's title; the heading as given stays beside it.
        record["title"] = heading.subject
        custom["heading"] = title
    if heading.number:
        record["number"] = heading.number
    if heading.senders:
        record["author"] = [{"literal": name} for name in heading.senders]
    elif fields.authors:
        record["author"] = [{"literal": fields.authors}]
    if heading.recipients:
        record["recipient"] = [{"literal": name} for name in heading.recipients]
    if fields.authors and heading.senders and fields.authors not in heading.senders:
        custom["page-authors"] = fields.authors
    genre = heading.genre or fields.wilson_type.lower()
    if fields.wilson_type:
        custom["wilson-type"] = fields.wilson_type
        if not heading.genre and record["type"] == "manuscript" and parse_heading(
            fields.wilson_type
        ).csl_type == "personal_communication":
            record["type"] = "personal_communication"
    # A plain letter stores no genre: its type says it is a letter (Chicago prints nothing
    # there, MLA prints "Letter to …"; CSL cannot test a value, so the rule lives in the data).
    if genre and not (genre == "letter" and record["type"] == "personal_communication"):
        record["genre"] = genre
        if (heading.genre and not heading.recipients and not heading.subject
                and title.lower().startswith(heading.genre)):
            # The heading, printed as the description, already names the kind of document.
            custom["genre-in-title"] = True

    if date_text:
        problem = date_problem(date_text)
        if problem:
            raise SourceError(f"{origin}: {problem}")
        parts = parse_date(date_text)
        if parts:
            record["issued"] = {"date-parts": [parts]}
        elif date_text.lower() not in ("n.d.", "n. d.", "undated"):
            record["issued"] = {"literal": date_text}

    if fields.summary:
        record["abstract"] = fields.summary
    record["source"] = citation.digital_archive if citation else DIGITAL_ARCHIVE
    record["publisher"] = PUBLISHER
    record["language"] = "en"

    # Record id and address: the Record ID field, else the printed address, else the page's.
    printed_id, printed_canonical = _address_id(printed_url)
    page_id, page_canonical = _address_id(page_url)
    record_id = fields.record_id or printed_id or page_id
    if record_id:
        custom[RECORD_ID] = record_id
        record["URL"] = canonical_url(record_id)
    elif printed_canonical or page_canonical:
        record["URL"] = printed_canonical or page_canonical
    if printed_url:
        custom["printed-url"] = printed_url
    if page_url and page_url not in (printed_url, record.get("URL")):
        custom["page-url"] = page_url

    archival, credit_text = split_archival_and_credits(source_text)
    published_source = bool(archival) and looks_like_publication(archival) and not (
        names_known_archive(archival, registry))
    holdings = parse_holdings(archival, registry) if archival and not published_source else []
    if holdings:
        custom["holdings"] = [h.to_json() for h in holdings]
    credits = parse_credits(" ".join(part for part in (credit_text, fields.credits) if part))
    for var, names in credits.names.items():
        record[var] = [{"literal": name} for name in names]
    publications = [parse_publication(text) for text in credits.publications]
    if published_source:
        # A published book or memoir is the source: the record cites it, with no holding.
        publications.insert(0, parse_publication(archival))
    if publications and not holdings:
        book = publications.pop(0)
        custom["published-in"] = book
        # The container's own fields for other CSL tools; its publisher, place and date stay
        # in custom (``publisher`` and ``issued`` are the digital archive's and the document's).
        for var in ("container-title", "container-author", "editor", "volume", "page"):
            if var in book and var not in record:
                record[var] = book[var]
    if publications:
        custom["reprints"] = publications
    if credits.notes:
        record["note"] = " ".join(credits.notes)
    funding = [*fields.funding, *credits.funding]
    if funding:
        custom["funding"] = list(dict.fromkeys(funding))

    language = fields.original_language or fields.language
    if language:
        custom["original-language"] = language
    if fields.uploaded:
        custom["uploaded"] = fields.uploaded
    if fields.original_archive:
        custom["original-archive"] = fields.original_archive
    if citation is not None:
        custom["citation"] = citation.raw
    elif fields.source:
        custom["source-text"] = page_source or fields.source
    record["custom"] = custom
    return record

