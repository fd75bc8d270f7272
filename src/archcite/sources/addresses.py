"""Wilson Center Digital Archive addresses: every form, to one canonical address.

A document is reached at ``/document/<id>`` (http or https, old or new site), at its PDF
export ``/document/<id>.pdf?v=…``, at a slug ``/document/<title-words>`` (trailing ``-0``,
``-1`` tell identical titles apart and are not ids), at a content node ``/node/<n>`` (whose
number is NOT the record id), and on staging mirrors under other host names. Listing pages
(search results, collections, topics) are not documents. The canonical form is
``https://digitalarchive.wilsoncenter.org/document/<id>``.

Kept free of heavy imports: ``archcite resolve`` must start fast.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from archcite.errors import SourceError

CANONICAL_HOST = "digitalarchive.wilsoncenter.org"
CANONICAL_BASE = f"https://{CANONICAL_HOST}"

_ID = re.compile(r"^\d{1,9}$")
_STAGING = re.compile(r"^wilson-?center-digital-?archive\.[a-z0-9.-]+$")
_LISTING_PREFIXES = ("search-results", "search", "collection", "collections", "topics",
                     "topic", "resource", "resources", "theme", "themes")


def canonical_url(record_id: str) -> str:
    """The canonical address of a record id."""
    return f"{CANONICAL_BASE}/document/{record_id}"


def is_wilson_host(host: str) -> bool:
    """True for the Wilson Center's own hosts and the digital archive's staging mirrors."""
    host = host.lower().rstrip(".")
    return (
        host == "wilsoncenter.org"
        or host.endswith(".wilsoncenter.org")
        or bool(_STAGING.match(host))
    )


class Address:
    """What an address says: its kind, the record id if the address carries it, the canonical
    address (by id, or the slug on the canonical host), and the address as given.

    A small frozen value class written by hand rather than a dataclass: importing
    :mod:`dataclasses` (and the :mod:`inspect` it pulls in) costs a third of what
    ``archcite resolve`` may take in all.
    """

    _FIELDS = ("given", "kind", "record_id", "canonical", "slug", "node", "host", "path")
    __slots__ = _FIELDS
    given: str
    kind: str  # "document" | "slug" | "node" | "listing"
    record_id: str
    canonical: str
    slug: str
    node: str
    host: str
    path: str

    def __init__(self, given: str, kind: str, record_id: str = "", canonical: str = "",
                 slug: str = "", node: str = "", host: str = "", path: str = "") -> None:
        values = (given, kind, record_id, canonical, slug, node, host, path)
        for name, value in zip(self._FIELDS, values, strict=True):
            object.__setattr__(self, name, value)

    def _values(self) -> tuple[str, ...]:
        return tuple(getattr(self, name) for name in self._FIELDS)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Address is frozen: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Address is frozen: cannot delete {name}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._FIELDS)
        return f"Address({fields})"

    @property
    def explanation(self) -> str:
        """One line on what can and cannot be known from this address."""
        if self.kind == "document":
            return f"record {self.record_id}"
        if self.kind == "slug":
            return ("a slug address: the record id is not in the address (only in the page's "
                    "Record ID field); fetch the page to learn it")
        if self.kind == "node":
            return (f"a content node ({self.node}): its number is not the record id; fetch the "
                    "page to learn it")
        return "a listing page (search results, collection or topic), not a document"


def looks_like_address(text: str) -> bool:
    """True when ``text`` is a record id or an address rather than a file name."""
    text = text.strip().strip("<>")
    return bool(_ID.match(text)) or bool(re.match(r"^(?:https?://|www\.|[\w.-]*wilson)", text,
                                                  re.IGNORECASE))


def parse_address(text: str, extra_hosts: tuple[str, ...] = ()) -> Address:
    """Classify a Wilson Center address or bare record id; refuse anything else in one line.

    ``extra_hosts`` are further hosts to trust (the configured base address, in tests a local
    server).
    """
    given = text
    text = text.strip().strip("<>").strip()
    if _ID.match(text):
        return Address(given=given, kind="document", record_id=str(int(text)),
                       canonical=canonical_url(str(int(text))), host=CANONICAL_HOST,
                       path=f"/document/{int(text)}")
    if not text:
        raise SourceError("an empty address")
    if not re.match(r"^https?://", text, re.IGNORECASE):
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError as exc:
        raise SourceError(f"{given!r} is not a valid address") from exc
    if not host:
        raise SourceError(f"{given!r} is not a valid address")
    trusted = {h.lower() for h in extra_hosts}
    if not is_wilson_host(host) and host not in trusted:
        raise SourceError(f"{given} is not a Wilson Center Digital Archive address")
    segments = [s for s in parts.path.split("/") if s]
    path = parts.path or "/"
    if not segments:
        raise SourceError(f"{given} is the archive's home page, not a document")
    first = segments[0].lower()
    if first in _LISTING_PREFIXES:
        return Address(given=given, kind="listing", host=host, path=path)
    if first == "node" and len(segments) >= 2 and segments[1].isdigit():
        return Address(given=given, kind="node", node=segments[1], host=host, path=path)
    if first == "document" and len(segments) >= 2:
        leaf = segments[1]
        stem = re.sub(r"\.(?:pdf|html?)$", "", leaf, flags=re.IGNORECASE)
        if _ID.match(stem):
            rid = str(int(stem))
            return Address(given=given, kind="document", record_id=rid,
                           canonical=canonical_url(rid), host=host, path=path)
        if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", stem.lower()):
            slug = stem.lower()
            return Address(given=given, kind="slug", slug=slug,
                           canonical=f"{CANONICAL_BASE}/document/{slug}", host=host, path=path)
    raise SourceError(f"{given} is not a document address of the Wilson Center Digital Archive")


def parse_page_address(url: str) -> Address | None:
    """The address of a page that identified itself as the Digital Archive, on any host.

    A mirror or staging copy is recognised by the page (its header, its citation string), not
    by its host, so its path is read as the Digital Archive's own (``/document/<id>``,
    ``/document/<slug>``) and the canonical address follows. Only for such pages: an address
    alone carries no page, and :func:`parse_address` keeps refusing hosts it cannot tell.
    None when the path is no document path (``/doc/2472530/…`` on a document-sharing site).
    """
    text = url.strip().strip("<>")
    if not re.match(r"^https?://", text, re.IGNORECASE):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    canonical_form = f"{CANONICAL_BASE}{parts.path}"
    try:
        address = parse_address(canonical_form)
    except SourceError:
        return None
    if address.kind not in ("document", "slug"):
        return None
    return Address(given=url, kind=address.kind, record_id=address.record_id,
                   canonical=address.canonical, slug=address.slug,
                   host=(parts.hostname or "").lower(), path=parts.path)


def record_id_from_url(url: str) -> str:
    """The record id an address carries, or "" (slugs, nodes, other sites)."""
    try:
        address = parse_address(url)
    except SourceError:
        return ""
    return address.record_id
