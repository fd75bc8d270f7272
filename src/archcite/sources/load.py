"""From whatever the user gave (a file, an address, a record id, a citation) to a record dict.

The one place the sources are put together, so ``add`` and tests call the same path.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archcite.model.archives import ArchiveRegistry
from archcite.model.record import wilson_id
from archcite.sources.addresses import looks_like_address
from archcite.sources.fetch import (
    FetchSettings,
    cached_page,
    fetch_url,
    resolve_for_fetch,
    store_page,
)
from archcite.sources.reading import SourceText, decode_source, read_source
from archcite.sources.wilson import record_from_citation, record_from_page


@dataclass(frozen=True)
class Loaded:
    """A record read from one argument, and how it was obtained."""

    origin: str
    record: dict[str, Any]
    fetched: bool = False
    from_cache: bool = False


def load_file(path: str | Path, registry: ArchiveRegistry) -> Loaded:
    """A saved page on disk."""
    source = read_source(path)
    return Loaded(origin=str(path), record=record_from_page(source, registry))


def load_address(text: str, registry: ArchiveRegistry, settings: FetchSettings) -> Loaded:
    """A Wilson Center address or record id: the cached page, else fetched (then cached)."""
    address, url = resolve_for_fetch(text, settings)
    page = cached_page(settings, url)
    if page is None:
        page = fetch_url(url, settings)
    source = decode_source(page.body, text, page.content_type)
    page_url = source.page_url or (address.canonical or address.given.strip())
    source = SourceText(text=source.text, origin=text, page_url=page_url,
                        was_html=source.was_html)
    record = record_from_page(source, registry)
    page_id = wilson_id(record)
    if address.record_id and page_id and page_id != address.record_id:
        from archcite.errors import SourceError

        raise SourceError(f"{text}: the page is record {page_id}, not {address.record_id}")
    store_page(settings, page)
    return Loaded(origin=text, record=record, fetched=True, from_cache=page.from_cache)


def load_argument(arg: str, registry: ArchiveRegistry, settings: FetchSettings) -> Loaded:
    """A command-line argument: an existing file wins; else an address or id is fetched."""
    if Path(arg).exists() or not looks_like_address(arg):
        return load_file(arg, registry)
    return load_address(arg, registry, settings)


def load_citation(text: str, registry: ArchiveRegistry) -> Loaded:
    """A bare citation string."""
    return Loaded(origin="--citation", record=record_from_citation(text, registry))
