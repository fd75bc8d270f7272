"""Adding many records at once (an import of a .bib or CSL-JSON file, a benchmark library).

:meth:`Library.add` looks for duplicates by reading every record, which is right for one record
and quadratic for 100,000. :func:`add_many` takes the lock once, learns the library's Record IDs,
URLs and keys once (from the index), and checks each new record against them and against the
records added before it in the same batch, so an import grows linearly with its size.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from archcite.errors import ArchciteError
from archcite.library.files import atomic_write_text, library_lock, sync_folder
from archcite.library.store import Library
from archcite.model.keys import unique_key
from archcite.model.record import dumps_record, keep_user_fields


@dataclass
class BulkReport:
    """What :func:`add_many` did: keys written, duplicates skipped, records refused (with why)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # (position, existing key)
    refused: list[tuple[int, str]] = field(default_factory=list)  # (position, reason)


def add_many(library: Library, records: Iterable[dict[str, Any]], *, update: bool = False,
             progress: Callable[[int], None] | None = None) -> BulkReport:
    """Store every record the library does not already hold; ``progress(n)`` after each.

    Same rules as :meth:`Library.add`: a document already held (same Record ID or URL) is skipped
    unless ``update``; a key already taken gets a free one; each record is validated before its
    file is written, and an invalid record is refused without stopping the others.
    """
    from archcite.library.index import open_index

    library.root.mkdir(parents=True, exist_ok=True)
    report = BulkReport()
    with open_index(library) as index:
        numbers, urls = index.identities()
    taken = set(library.keys())
    with library_lock(library.root):
        for position, record in enumerate(records):
            try:
                _add_one(library, record, update, numbers, urls, taken, report, position)
            except ArchciteError as exc:
                report.refused.append((position, str(exc)))
            if progress is not None:
                progress(position + 1)
        sync_folder(library.root)
    return report


def _add_one(library: Library, record: dict[str, Any], update: bool, numbers: dict[str, str],
             urls: dict[str, str], taken: set[str], report: BulkReport, position: int) -> None:
    number = str(record.get("number") or "")
    url = str(record.get("URL") or "")
    existing = (numbers.get(number) if number else None) or (urls.get(url) if url else None)
    if existing is not None:
        if not update:
            report.duplicates.append((position, existing))
            return
        with contextlib.suppress(ArchciteError):  # a damaged old file has nothing to keep
            record = keep_user_fields(library.get(existing), record)
        record = {**record, "id": existing}
    elif not record.get("id") or record["id"] in taken:
        record = {**record, "id": unique_key(record, taken)}
    prepared = library.prepare(record)
    key = prepared["id"]
    atomic_write_text(library.path_for(key), dumps_record(prepared), sync_folder=False)
    (report.updated if existing is not None else report.added).append(key)
    taken.add(key)
    if number:
        numbers.setdefault(number, key)
    if url:
        urls.setdefault(url, key)


WRITERS = 4  # fsyncs in flight at once: the journal commits them together


def write_prepared(library: Library, prepared: list[dict[str, Any]], *,
                   progress: Callable[[int, int], None] | None = None) -> None:
    """Write records already prepared (:meth:`Library.prepare`) and checked for duplicates.

    The caller holds the library lock. Each file is written atomically and fsynced before its
    rename, as :func:`atomic_write_text` always does; a few files are in flight at once (an
    fsync mostly waits on the disk, and the file system commits concurrent fsyncs together),
    and the folder is fsynced once at the end, which makes every rename durable.
    """
    from concurrent.futures import ThreadPoolExecutor

    total = len(prepared)

    def write(record: dict[str, Any]) -> None:
        atomic_write_text(library.path_for(record["id"]), dumps_record(record),
                          sync_folder=False)

    try:
        with ThreadPoolExecutor(max_workers=WRITERS) as pool:
            for done, _ in enumerate(pool.map(write, prepared), 1):
                if progress is not None and (done % 100 == 0 or done == total):
                    progress(done, total)
    finally:
        sync_folder(library.root)
