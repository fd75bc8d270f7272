"""When two records are the same document, and when they only look alike.

"Already held" must mean the same document, never a coincidence: a shared generic address
(``https://example.com``), or a CSL ``number`` ("3") that two different telegrams both carry,
says nothing. A record's *identities* are the facts that name one document only:

- the Wilson Center Record ID (from the document's address, or ``custom["record-id"]``);
- the DOI;
- the ISBN together with the title (one ISBN covers every chapter of a book);
- for an archival document, its holdings (archive and every level) with its date and parties
  (the same file holds many documents, so the shelfmark alone is not enough, and a record
  with neither a date nor a party has no such identity).

Two records sharing any identity are one document. *Likely* duplicates — same date, parties
and first shelfmark, or same title, first author and year — are only reported (``check``), for
a person to decide (``merge``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from archcite.model.holdings import holdings_of
from archcite.model.record import issued_parts, wilson_id
from archcite.model.translit import without_accents


def _norm(text: Any) -> str:
    """Case, accents, punctuation and spacing folded away (typing differences, not facts)."""
    return _fold(str(text or ""))


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """:func:`_norm` of a string (cached: archives, levels and names repeat across a file)."""
    text = without_accents(re.sub(r"<[^>]+>", "", text)).casefold()
    return " ".join(re.findall(r"\w+", text))


def wilson_record_id(record: dict[str, Any]) -> str:
    """The Wilson Center Record ID of a record, or "" (the one reader:
    :func:`archcite.model.record.wilson_id`)."""
    return wilson_id(record)


def _names(record: dict[str, Any], var: str) -> str:
    names = record.get(var)
    if not isinstance(names, list):
        return ""
    out = []
    for name in names:
        if isinstance(name, dict):
            out.append(_norm(name.get("literal") or " ".join(
                str(name.get(p) or "") for p in ("given", "non-dropping-particle", "family"))))
    return ";".join(sorted(out))


def _date(record: dict[str, Any]) -> str:
    return "-".join(str(p) for p in issued_parts(record))


def identities(record: dict[str, Any]) -> list[str]:
    """Strings that name this document and no other (empty when nothing does)."""
    out = []
    wilson = wilson_record_id(record)
    if wilson:
        out.append(f"wilson:{wilson}")
    doi = str(record.get("DOI") or "").strip().lower()
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", doi)
    if doi:
        out.append(f"doi:{doi}")
    isbn = re.sub(r"[^0-9Xx]", "", str(record.get("ISBN") or "")).upper()
    title = _norm(record.get("title"))
    if isbn and title:
        out.append(f"isbn:{isbn}|{title}")
    holdings = holdings_of(record)
    date, parties = _date(record), (_names(record, "author"), _names(record, "recipient"))
    if holdings and (date or any(parties)):
        # without a date or a party, one shelfmark can hold many documents: no identity
        shelf = ";".join(
            _norm(h.archive) + ":" + ",".join(f"{lv}={_norm(v)}" for lv, v in h.levels)
            + ":" + _norm(h.reference) for h in holdings)
        out.append(f"held:{shelf}|{date}|{parties[0]}|{parties[1]}")
    return out


def title_key(record: dict[str, Any]) -> str:
    """The record's title with typing differences (case, accents, markup) folded away."""
    return _norm(record.get("title"))


def likeness(record: dict[str, Any]) -> list[str]:
    """Strings two *possibly* identical records share (reported, never merged by themselves)."""
    out = []
    holdings = holdings_of(record)
    date = _date(record)
    if holdings and date:
        first = holdings[0]
        shelf = _norm(first.archive) + ":" + ",".join(
            f"{lv}={_norm(v)}" for lv, v in first.levels if lv not in ("list", "listy"))
        out.append(f"shelf:{shelf}|{date}|{_names(record, 'author')}"
                   f"|{_names(record, 'recipient')}")
    title = _norm(record.get("title"))
    parts = issued_parts(record)
    authors = record.get("author") if isinstance(record.get("author"), list) else []
    first_author = ""
    if authors and isinstance(authors[0], dict):
        first_author = _norm(authors[0].get("family") or authors[0].get("literal"))
    if title and parts and first_author:
        out.append(f"work:{title}|{first_author}|{parts[0]}")
    return out


def same_under_key(held: dict[str, Any], read: dict[str, Any]) -> bool:
    """True when ``read``, given under the key of ``held``, is the same document.

    A key alone is a coincidence (two files may both say ``smith2000``), but a key together
    with the same work — equal records, a shared likeness (title, first author and year; or
    date, parties and shelfmark), the same title, or the same date and authors — is
    archcite's own export coming back. The plain export carries fewer fields than the record
    (and classic BibTeX has no newspaper or letter type), so whole-record equality cannot be
    asked of it.
    """
    if held == read:
        return True
    if set(likeness(held)) & set(likeness(read)):
        return True
    title = title_key(held)
    if title and title == title_key(read):
        return True
    # a letter's plain export titles it "Sender to Recipient": its date and sender remain
    return bool(held.get("issued")) and held.get("issued") == read.get("issued") and \
        bool(held.get("author")) and held.get("author") == read.get("author")
