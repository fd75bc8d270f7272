"""The search index: SQLite + FTS5 beside the library, a cache of the record files.

The record files stay the single source of truth. The index lives in
``<library>/.archcite/index.sqlite`` and may be deleted at any time; every use first compares
each record file's stamp (:mod:`archcite.library.freshness`: mtime, ctime, size, inode) with
what the index saw, re-reads only files that are
new or changed, and drops files that are gone, so a stale index is never trusted and a change
to 1,000 files of 100,000 costs 1,000 reads. Bad record files are remembered (with their stat)
and reported on every refresh, naming the file, without stopping the rest of the library.

Every SQL statement against the index is in this module (the questions callers ask are methods
of :class:`IndexQuestions`) or in the query compiler (:mod:`archcite.library.query`).

Searchable text is stored folded (:mod:`archcite.library.fold`): case, diacritics and script
fold, so ``lotman`` finds «Лотман» and ``munchen`` finds "München".
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from archcite.errors import LibraryError
from archcite.library.freshness import (
    CACHE_DIR,
    RECORD_SUFFIX,
    LibraryUnreadable,
    Stamp,
    StoredStats,
    dump_stats,
    load_stats,
    pack_stats,
    scan_stats,
    unchanged_since,
)

# ``typing`` costs ~2 ms of start-up, which ``resolve`` and the click-free ``search`` (both
# ask this module) cannot spare: its names, and the protocol below, are for type checkers only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Protocol

    from archcite.library.query import Row
    from archcite.model.archives import ArchiveRegistry

    class Indexed(Protocol):
        """What the index needs of a library: its folder, cache folder and archive registry."""

        @property
        def root(self) -> Path: ...

        @property
        def registry(self) -> ArchiveRegistry: ...

        @property
        def cache_dir(self) -> Path: ...


# The modules that turn records into rows and queries into SQL are imported where used: a
# question to a current index (``resolve``, the click-free ``search``) must start fast.

INDEX_NAME = "index.sqlite"
# 2: files carry the whole freshness stamp (mtime_ns, ctime_ns, size, inode).
# 3: ``number`` holds the Wilson Record ID wherever the record keeps it, ``docnumber`` the
#    document's own number (queries id: and number:).
SCHEMA_VERSION = 3
# The meta row holding the index's copy of the file stamps (:func:`dump_stats`), written in the
# same transaction as the ``files`` table.
STATS_META = "file-stats"


_SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE files (key TEXT PRIMARY KEY, mtime_ns INTEGER, ctime_ns INTEGER, size INTEGER,
                    inode INTEGER, rid INTEGER, error TEXT);
CREATE TABLE records (rid INTEGER PRIMARY KEY, key TEXT UNIQUE, date TEXT, year INTEGER,
                      year_end INTEGER, sender TEXT, recipient TEXT, reference TEXT,
                      title TEXT, archive_sort TEXT, type TEXT, genre TEXT, langs TEXT,
                      number TEXT, docnumber TEXT, url TEXT);
CREATE INDEX records_date ON records (date);
CREATE INDEX records_year ON records (year, year_end);
CREATE INDEX records_number ON records (number);
CREATE INDEX records_docnumber ON records (docnumber);
CREATE INDEX records_url ON records (url);
CREATE TABLE holdings (rid INTEGER, pos INTEGER, archive TEXT);
CREATE INDEX holdings_archive ON holdings (archive);
CREATE INDEX holdings_rid ON holdings (rid);
CREATE TABLE levels (rid INTEGER, pos INTEGER, level TEXT, value TEXT);
CREATE INDEX levels_value ON levels (level, value);
CREATE INDEX levels_rid ON levels (rid);
CREATE TABLE tags (rid INTEGER, tag TEXT);
CREATE INDEX tags_tag ON tags (tag);
CREATE INDEX tags_rid ON tags (rid);
CREATE VIRTUAL TABLE fts USING fts5(title, abstract, note, author, recipient, names, other,
                                    tokenize = 'unicode61 remove_diacritics 2',
                                    prefix = '2 3');
"""

# Language codes a record may carry, with the names a researcher types (lang:russian).
_LANGUAGE_NAMES = {
    "en": "english", "ru": "russian", "zh": "chinese", "de": "german", "fr": "french",
    "hu": "hungarian", "pl": "polish", "ro": "romanian", "ko": "korean", "ja": "japanese",
    "cs": "czech", "sk": "slovak", "bg": "bulgarian", "sr": "serbian", "hr": "croatian",
    "uk": "ukrainian", "be": "belarusian", "vi": "vietnamese", "es": "spanish",
    "it": "italian", "mn": "mongolian", "fa": "persian", "ar": "arabic", "sq": "albanian",
    "et": "estonian", "lv": "latvian", "lt": "lithuanian", "fi": "finnish", "ka": "georgian",
}


class RefreshReport:
    """What one refresh did; ``bad`` lists (file, reason) for every unreadable record file.

    A plain class, not a dataclass: :mod:`dataclasses` imports :mod:`inspect`, which costs a
    question to a current index (``resolve``) a third of its start-up.
    """

    def __init__(self) -> None:
        self.added = 0
        self.updated = 0
        self.removed = 0
        self.bad: list[tuple[str, str]] = []

    @property
    def touched(self) -> int:
        """Files read (or dropped) by this refresh."""
        return self.added + self.updated + self.removed


# -------------------------------------------------------------------------- record → rows


def _date_info(record: dict[str, Any]) -> tuple[str, int | None, int | None]:
    """(sortable date text, first year, last year) of ``issued``."""
    issued = record.get("issued")
    dates: list[list[int]] = []
    if isinstance(issued, dict):
        for parts in issued.get("date-parts") or []:
            try:
                dates.append([int(p) for p in parts])
            except (TypeError, ValueError):
                continue
        if not dates:
            text = str(issued.get("raw") or issued.get("literal") or "")
            years = [int(y) for y in re.findall(r"\b(\d{4})\b", text)]
            dates = [[y] for y in years[:2]]
    elif isinstance(issued, str):
        years = [int(y) for y in re.findall(r"\b(\d{4})\b", issued)]
        dates = [[y] for y in years[:2]]
    if not dates or not dates[0]:
        return "", None, None
    first = dates[0]
    text = "-".join([f"{first[0]:04d}", *(f"{p:02d}" for p in first[1:3])])
    last = dates[-1][0] if dates[-1] else first[0]
    return text, first[0], max(first[0], last)


def _natural(text: str) -> str:
    """Sort text with numbers zero-padded, so f. 9 sorts before f. 45."""
    from archcite.library.fold import fold

    return re.sub(r"\d+", lambda m: m.group(0).zfill(8), fold(text))


# The literature's own words: where a work appeared and how it is identified.
_LITERATURE_VARIABLES = ("container-title", "collection-title", "publisher", "event",
                         "DOI", "ISBN", "ISSN", "original-title", "title-short")


def _literature_words(record: dict[str, Any]) -> list[str]:
    """Searchable text of a book's or article's variables (``search journal-words`` finds it)."""
    return [str(record[v]) for v in _LITERATURE_VARIABLES if isinstance(record.get(v), str)]


def record_rows(record: dict[str, Any], library: Indexed) -> dict[str, Any]:
    """Everything the index stores about one record (already validated)."""
    from archcite.library.fold import fold, norm_archive, norm_level_value
    from archcite.model.holdings import holdings_of, holdings_text
    from archcite.model.names import names_text
    from archcite.model.record import NAME_VARIABLES, document_number, wilson_id

    holdings = holdings_of(record)
    date, year, year_end = _date_info(record)
    given = record.get("custom")
    custom: dict[str, Any] = given if isinstance(given, dict) else {}
    tags = [str(t) for t in custom.get("tags", []) if isinstance(t, str)] if isinstance(
        custom.get("tags"), list) else []
    notes = custom.get("notes") if isinstance(custom.get("notes"), str) else ""
    langs: list[str] = []
    for value in (record.get("language"), custom.get("original-language")):
        if isinstance(value, str) and value:
            folded = fold(value)
            langs.append(folded)
            primary = folded.split("-")[0]
            if primary in _LANGUAGE_NAMES:
                langs.append(_LANGUAGE_NAMES[primary])
    other_names = [names_text(record.get(var)) for var in sorted(NAME_VARIABLES)
                   if var not in ("author", "recipient")]
    reference = holdings_text(holdings, "chicago", library.registry) if holdings else str(
        record.get("archive_location") or record.get("archive") or "")
    first = holdings[0] if holdings else None
    # Sort by the archive meant (AP RF is APRF), then the reference with numbers as numbers.
    archive_sort = (norm_archive(first.archive, library.registry) + " "
                    + _natural(first.locator_text("chicago"))) if first else ""
    return {
        "key": record["id"], "date": date, "year": year, "year_end": year_end,
        "sender": names_text(record.get("author")),
        "recipient": names_text(record.get("recipient")),
        "reference": reference, "title": str(record.get("title") or ""),
        "archive_sort": archive_sort, "type": str(record.get("type") or ""),
        "genre": fold(str(record.get("genre") or "")), "langs": " ".join(langs),
        "number": wilson_id(record), "docnumber": document_number(record),
        "url": str(record.get("URL") or ""),
        "fts": (
            fold(str(record.get("title") or "")),
            fold(str(record.get("abstract") or "")),
            fold(" ".join(str(v) for v in (record.get("note"), notes) if v)),
            fold(names_text(record.get("author"))),
            fold(names_text(record.get("recipient"))),
            fold(" ".join(t for t in other_names if t)),
            fold(" ".join([str(record.get("genre") or ""), record["id"],
                           wilson_id(record), document_number(record), *_literature_words(record),
                           *(str(k) for k in custom.get("old-keys", []) or [])])),
        ),
        "holdings": [(pos, norm_archive(h.archive, library.registry)) for pos, h in
                     enumerate(holdings) if h.archive],
        "levels": [(pos, level, norm_level_value(value)) for pos, h in enumerate(holdings)
                   for level, value in h.levels],
        "tags": sorted({fold(t) for t in tags}),
    }


# ----------------------------------------------------------------------------------- index


class IndexQuestions:
    """The questions callers ask of an index: every SQL statement against it is here or in
    the query compiler. Shared by :class:`Index` (kept current by :meth:`Index.refresh`) and
    :class:`ReadIndex` (a read-only view the caller has proved current)."""

    conn: sqlite3.Connection
    registry: ArchiveRegistry

    def search(self, query: str = "", *, sort: str = "date", limit: int | None = None
               ) -> list[Row]:
        """Rows of the records matching ``query`` (every record for an empty query)."""
        from archcite.library.query import ROW_COLUMNS, Row, select

        return [Row(*row) for row in select(self.conn, self.registry, ROW_COLUMNS, query,
                                            sort, limit)]

    def keys(self, query: str = "", *, sort: str = "date", limit: int | None = None
             ) -> list[str]:
        """Keys of the records matching ``query``."""
        from archcite.library.query import select

        return [row[0] for row in select(self.conn, self.registry, "r.key", query, sort,
                                         limit)]

    def keys_starting(self, prefix: str, limit: int | None = None) -> list[str]:
        """Keys beginning with ``prefix`` (case as stored), in key order: shell completion asks
        this on every Tab, so it is one range scan of the key column, not a query."""
        sql = "SELECT key FROM records WHERE key >= ? AND key < ? ORDER BY key"
        args: tuple[object, ...] = (prefix, prefix + "\U0010ffff")
        if limit is not None:
            sql += " LIMIT ?"
            args += (limit,)
        return [str(key) for (key,) in self.conn.execute(sql, args)]

    def key_for(self, number: str, url: str, *, exclude: str | None = None) -> str | None:
        """The key of a record with this Wilson Center record id or this URL (first by key)."""
        if not number and not url:
            return None
        for (key,) in self.conn.execute(
                "SELECT key FROM records WHERE (? != '' AND number = ?) OR (? != '' AND url = ?)"
                " ORDER BY key", (number, number, url, url)):
            if key != exclude:
                return str(key)
        return None

    def keys_held_at(self, reference: str, date: str) -> list[str]:
        """Keys of the records held at this archival reference (holdings as the index spells
        them) with this date: the candidates for "the same document" when a new record has
        no Record ID or URL (a citation string typed twice, a typed-in entry)."""
        if not reference:
            return []
        return [str(key) for (key,) in self.conn.execute(
            "SELECT key FROM records WHERE reference = ? AND date = ? ORDER BY key",
            (reference, date))]

    def identities(self) -> tuple[dict[str, str], dict[str, str]]:
        """(Record ID → key, URL → key) of every indexed record, to find duplicates at once."""
        numbers: dict[str, str] = {}
        urls: dict[str, str] = {}
        for key, number, url in self.conn.execute(
                "SELECT key, number, url FROM records ORDER BY key"):
            if number:
                numbers.setdefault(number, key)
            if url:
                urls.setdefault(url, key)
        return numbers, urls

    def count(self) -> int:
        """How many readable records the index holds."""
        return int(self.conn.execute("SELECT count(*) FROM records").fetchone()[0])

    def registry_matches(self) -> bool:
        """True when the index was made with the registry in use (the archive ids it stores
        depend on it)."""
        row = self.conn.execute("SELECT v FROM meta WHERE k = 'registry'").fetchone()
        return bool(row) and row[0] == self.registry.fingerprint()

    def file_stamps(self) -> dict[str, Stamp]:
        """key → the stamp the index saw, of every record file it knows (readable or not)."""
        return {key: (mtime, ctime, size, inode) for key, mtime, ctime, size, inode in
                self.conn.execute("SELECT key, mtime_ns, ctime_ns, size, inode FROM files")}

    def stored_stats(self, *, fallback: bool = True) -> StoredStats | None:
        """The file stamps the index saw (readable or not), as :class:`StoredStats`.

        Read from the one-blob copy (``meta`` row :data:`STATS_META`) when it is there: loading
        100,000 rows one by one costs more than the whole rest of a search. Without it (or
        unreadable): from the ``files`` table, or None when not ``fallback``.
        """
        row = self.conn.execute("SELECT v FROM meta WHERE k = ?", (STATS_META,)).fetchone()
        stats = load_stats(row[0]) if row else None
        if stats is not None or not fallback:
            return stats
        rows = self.conn.execute(
            "SELECT key, mtime_ns, ctime_ns, size, inode, error FROM files").fetchall()
        return pack_stats({key: (m, c, s, i) for key, m, c, s, i, _ in rows},
                          sum(1 for *_, error in rows if error is not None))

    def close(self) -> None:
        """Close the database."""
        self.conn.close()


def _as_cache(conn: sqlite3.Connection) -> None:
    """Explicit transactions, and commits without fsync.

    The index is a cache that every open checks against the record files' stats, so a commit
    lost to a power cut is only a refresh to redo: in WAL mode, NORMAL never corrupts the
    database and spares the fsync that FULL makes at every commit (and a database that does
    not open is deleted and built again).
    """
    conn.isolation_level = None
    conn.execute("PRAGMA synchronous = NORMAL")


class Index(IndexQuestions):
    """The library's index; call :meth:`refresh` (or use :func:`open_index`) before querying."""

    def __init__(self, library: Indexed, path: Path | None = None) -> None:
        self.library = library
        self.registry = library.registry
        self.path = path if path is not None else library.cache_dir / INDEX_NAME
        self.in_memory = False
        self.conn = self._connect()

    # -- connection ---------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        """The index's database; an in-memory one (``in_memory``) where the library's cache
        folder may not be written."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            writable = os.access(self.path.parent, os.W_OK)
        except OSError:
            writable = False
        self.in_memory = not writable
        if not writable:
            # A read-only library (a shared drive, a CD): index in memory for this run.
            return self._init(sqlite3.connect(":memory:"))
        try:
            return self._init(sqlite3.connect(self.path, timeout=30.0))
        except sqlite3.DatabaseError:
            # Not a database, or one of another version: it is only a cache.
            self._delete_files()
            return self._init(sqlite3.connect(self.path, timeout=30.0))

    def _delete_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{self.path}{suffix}").unlink()

    def _init(self, conn: sqlite3.Connection) -> sqlite3.Connection:
        _as_cache(conn)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        fingerprint = self.library.registry.fingerprint()
        if version == SCHEMA_VERSION:
            row = conn.execute("SELECT v FROM meta WHERE k = 'registry'").fetchone()
            if row and row[0] == fingerprint:
                return conn
        if version != 0 or conn.execute(
                "SELECT count(*) FROM sqlite_master").fetchone()[0]:
            conn.close()
            if self.path == Path(":memory:"):  # pragma: no cover - a fresh memory db is empty
                raise sqlite3.DatabaseError("unexpected in-memory schema")
            self._delete_files()
            conn = sqlite3.connect(self.path, timeout=30.0)
            _as_cache(conn)
        with contextlib.suppress(sqlite3.DatabaseError):
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN IMMEDIATE")
        if not conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("INSERT INTO meta VALUES ('registry', ?)", (fingerprint,))
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
        return conn

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- refresh ------------------------------------------------------------------------------

    def _stored(self) -> dict[str, tuple[Stamp, str | None]]:
        return {key: ((mtime, ctime, size, inode), error)
                for key, mtime, ctime, size, inode, error in self.conn.execute(
                    "SELECT key, mtime_ns, ctime_ns, size, inode, error FROM files")}

    @staticmethod
    def _diff(scan: dict[str, Stamp],
              stored: dict[str, tuple[Stamp, str | None]]) -> tuple[list[str], list[str]]:
        changed = [k for k, st in scan.items()
                   if (old := stored.get(k)) is None or old[0] != st]
        removed = [k for k in stored if k not in scan]
        return changed, removed

    def refresh(self, progress: Callable[[int, int], None] | None = None) -> RefreshReport:
        """Bring the index up to date with the record files; report what changed and what is bad.

        ``progress(done, total)`` is called while files are read (for a progress bar on a first
        index of a large library).
        """
        report = RefreshReport()
        # The common case, nothing changed: the stored stats as one blob, each file compared
        # as it is stat-ed (half of them in a forked child on large libraries).
        stored = self.stored_stats(fallback=False)
        try:
            unchanged = stored is not None and unchanged_since(self.library.root, stored)
            scan = {} if unchanged else scan_stats(self.library.root)
        except LibraryUnreadable as exc:
            raise LibraryError(
                f"cannot read the library {self.library.root}: {exc.strerror}") from exc
        if not unchanged:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                # Another process may have refreshed while we waited for the write lock.
                known = self._stored()
                changed, removed = self._diff(scan, known)
                for key in removed:
                    self._drop(key)
                    report.removed += 1
                total = len(changed)
                for done, key in enumerate(changed, 1):
                    self._index_file(key, scan[key], key in known, report)
                    if progress is not None and (done % 500 == 0 or done == total):
                        progress(done, total)
                # The one-blob copy of the files table that the next refresh compares with.
                self.conn.execute("DELETE FROM meta WHERE k = 'stats'")  # the older form
                # In the order the folder listed the files (the scan's), which the next check
                # compares positionally.
                table = self._stored()
                order = [key for key in scan if key in table]
                order += [key for key in table if key not in scan]
                self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (STATS_META, (
                    dump_stats({key: table[key][0] for key in order},
                               sum(1 for _, error in table.values() if error is not None)))))
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
        report.bad = sorted(
            (str(self.library.root / f"{key}{RECORD_SUFFIX}"), error)
            for key, error in self.conn.execute(
                "SELECT key, error FROM files WHERE error IS NOT NULL")
        )
        return report

    def _drop(self, key: str) -> None:
        row = self.conn.execute("SELECT rid FROM files WHERE key = ?", (key,)).fetchone()
        self.conn.execute("DELETE FROM files WHERE key = ?", (key,))
        rid = row[0] if row else None
        if rid is None:
            return
        for table in ("records", "holdings", "levels", "tags"):
            self.conn.execute(f"DELETE FROM {table} WHERE rid = ?", (rid,))
        self.conn.execute("DELETE FROM fts WHERE rowid = ?", (rid,))

    def _index_file(self, key: str, stat: Stamp, known: bool,
                    report: RefreshReport) -> None:
        from archcite.library.recordfile import read_record_file

        path = self.library.root / f"{key}{RECORD_SUFFIX}"
        if known:
            self._drop(key)
        try:
            record = read_record_file(path)
            rows = record_rows(record, self.library)
        except LibraryError as exc:
            if not path.exists():
                return  # removed while we looked: gone from the index too
            self.conn.execute("INSERT INTO files VALUES (?, ?, ?, ?, ?, NULL, ?)",
                              (key, *stat, str(exc)))
            return
        except Exception as exc:  # one odd file must not stop the library
            self.conn.execute("INSERT INTO files VALUES (?, ?, ?, ?, ?, NULL, ?)",
                              (key, *stat, f"{path}: cannot index: {exc}"))
            return
        cur = self.conn.execute(
            "INSERT INTO records (key, date, year, year_end, sender, recipient, reference,"
            " title, archive_sort, type, genre, langs, number, docnumber, url)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (rows["key"], rows["date"], rows["year"], rows["year_end"], rows["sender"],
             rows["recipient"], rows["reference"], rows["title"], rows["archive_sort"],
             rows["type"], rows["genre"], rows["langs"], rows["number"], rows["docnumber"],
             rows["url"]))
        rid = cur.lastrowid
        self.conn.execute("INSERT INTO fts (rowid, title, abstract, note, author, recipient,"
                          " names, other) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (rid, *rows["fts"]))
        self.conn.executemany("INSERT INTO holdings VALUES (?, ?, ?)",
                              [(rid, *h) for h in rows["holdings"]])
        self.conn.executemany("INSERT INTO levels VALUES (?, ?, ?, ?)",
                              [(rid, *lv) for lv in rows["levels"]])
        self.conn.executemany("INSERT INTO tags VALUES (?, ?)", [(rid, t) for t in rows["tags"]])
        self.conn.execute("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, NULL)",
                          (key, *stat, rid))
        if known:
            report.updated += 1
        else:
            report.added += 1



class ReadIndex(IndexQuestions):
    """A read-only connection to a library's index, inside one read transaction (so every
    answer is of the state whose stamps were loaded); never refreshed. See :func:`open_stored`.
    """

    def __init__(self, conn: sqlite3.Connection, registry: ArchiveRegistry | None = None
                 ) -> None:
        self.conn = conn
        self._registry = registry

    @property
    def registry(self) -> ArchiveRegistry:
        """The archive registry queries resolve archives with (set before asking)."""
        if self._registry is None:
            raise LibraryError("the index view has no archive registry yet")
        return self._registry

    @registry.setter
    def registry(self, registry: ArchiveRegistry) -> None:
        self._registry = registry

    def __enter__(self) -> ReadIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def index_path(root: Path) -> Path:
    """Where the library's index lives."""
    return root / CACHE_DIR / INDEX_NAME


def open_stored(root: Path) -> tuple[ReadIndex, StoredStats] | None:
    """A read-only view of the library's index and the file stamps it saw, or None.

    None when there is no index, one of another schema, one without the stamps blob (the full
    path writes it) or one that holds files it could not read (those need the full path, which
    warns about them). Whether the index is current is the caller's to check
    (:func:`unchanged_since`, :class:`FreshnessCheck`), and whether it was made with the
    archive registry in use (set ``registry``, ask :meth:`ReadIndex.registry_matches`): the
    click-free search loads the registry while a forked child checks the files.
    """
    path = index_path(root)
    if not path.is_file():
        return None
    try:
        uri = f"{Path(os.path.abspath(path)).as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=5.0)
    except (sqlite3.Error, ValueError):
        return None
    view = ReadIndex(conn)
    try:
        conn.isolation_level = None
        conn.execute("BEGIN")
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            raise sqlite3.DatabaseError("other schema")
        stored = view.stored_stats(fallback=False)
        if stored is None:
            raise sqlite3.DatabaseError("no stats blob")
        if stored.bad:
            raise sqlite3.DatabaseError("bad files to report")
        return view, stored
    except sqlite3.Error:
        conn.close()
        return None


def current_index(root: Path, registry: ArchiveRegistry | None = None) -> ReadIndex | None:
    """A read-only view of the library's index when it is current and clean, else None.

    Current: the same schema, the same record files with the same stamps, no file it could not
    read, and (when ``registry`` is given, for questions whose answer depends on archive ids)
    the same archive registry. The caller may then ask it without refreshing; anything else
    goes through :func:`open_index`.
    """
    opened = open_stored(root)
    if opened is None:
        return None
    view, stored = opened
    try:
        if registry is not None:
            view.registry = registry
            if not view.registry_matches():
                raise sqlite3.DatabaseError("another archive registry")
        if not unchanged_since(root, stored):
            raise sqlite3.DatabaseError("stale")
    except (sqlite3.Error, OSError):
        view.close()
        return None
    return view


def open_index(library: Indexed, warn: Callable[[str], None] | None = None,
               progress: Callable[[int, int], None] | None = None) -> Index:
    """An up-to-date index of ``library``; each bad record file is reported once to ``warn``."""
    index = Index(library)
    try:
        report = index.refresh(progress)
    except sqlite3.DatabaseError:
        # The cache broke under us (a disk full, a truncated file): start again from the files.
        index.close()
        index._delete_files()
        index = Index(library)
        report = index.refresh(progress)
    if warn is not None:
        for path, reason in report.bad:
            warn(reason if reason.startswith(path) else f"{path}: {reason}")
    return index


def read_file_stamps(path: Path) -> dict[str, Stamp]:
    """key → stamp of every record file the index at ``path`` saw (read-only; for ``check``).

    Raises :class:`sqlite3.Error` (or OSError, ValueError) when ``path`` cannot be read as
    archcite's index.
    """
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
    try:
        return ReadIndex(conn).file_stamps()
    finally:
        conn.close()
