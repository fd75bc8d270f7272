"""The record store: ``<key>.json`` files in one folder, read and written safely.

The files are the single source of truth; anything derived (indexes, caches) lives in the
library's ``.archcite/`` folder and can be deleted at any time.
"""

from __future__ import annotations

import contextlib
import copy
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from archcite.errors import (
    ArchciteError,
    DuplicateRecordError,
    KeyNotFoundError,
    LibraryError,
    RecordError,
)
from archcite.library.files import (
    atomic_write_text,
    describe_os_error,
    library_lock,
    sync_folder,
)
from archcite.library.freshness import Stamp, file_stamp, record_names
from archcite.library.recordfile import (
    CACHE_DIR,
    RECORD_SUFFIX,
    Problem,
    has_conflict_markers,
    parse_record_bytes,
    read_record_file,
)
from archcite.model.archives import ArchiveRegistry
from archcite.model.keys import unique_key
from archcite.model.nearest import close_matches
from archcite.model.oldkeys import with_old_key
from archcite.model.record import (
    derive_archive_fields,
    dumps_record,
    is_safe_key,
    keep_user_fields,
    short_repr,
    upgrade_record,
    validate_record,
    wilson_id,
)

__all__ = ["CACHE_DIR", "RECORD_SUFFIX", "AddReport", "Added", "Edit", "Library", "Problem",
           "has_conflict_markers", "parse_record_bytes", "read_record_file"]

# Record files in flight at once on the write path: an fsync mostly waits on the disk, and the
# file system commits concurrent fsyncs together.
WRITERS = 4
# Up to this many records ask the index for duplicates one by one; more load every identity.
_ASK_ONE_BY_ONE = 64

class _CaseInsensitiveKeys:
    """The keys a library holds, compared without case.

    On Windows and macOS ``Smith1990.json`` and ``smith1990.json`` are one file, so a new key
    must differ from every existing one in more than case, or one record would overwrite another.
    """

    def __init__(self, keys: list[str]) -> None:
        self._folded = {k.casefold() for k in keys}

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.casefold() in self._folded

    def add(self, key: str) -> None:
        """Count ``key`` as taken (a key given to an earlier record of the same batch)."""
        self._folded.add(key.casefold())


@dataclass
class Library:
    """A folder of records."""

    root: Path
    registry: ArchiveRegistry
    # A settings file's citation-key pattern (None: the default, model.keys.DEFAULT_PATTERN).
    key_pattern: str | None = None
    # Files skipped by records_safely(), by path; the CLI warns once per file after a command.
    skipped: dict[Path, str] = field(default_factory=dict, compare=False, repr=False)
    # Record files this object has stored through add_many, each whole: what an interrupted
    # add or import reports as kept (the files written before Ctrl-C stay, complete).
    stored: int = field(default=0, compare=False, repr=False)

    @property
    def cache_dir(self) -> Path:
        """Where derived, disposable data (index, rendered-string cache) is kept."""
        return self.root / CACHE_DIR

    def exists(self) -> bool:
        """True when the folder exists."""
        return self.root.is_dir()

    def record_paths(self) -> list[Path]:
        """Every record file, sorted by key (temporary and hidden files are not records)."""
        if not self.root.is_dir():
            return []
        try:
            # Names, not paths, are filtered and sorted (a Path comparison costs ~20 times a
            # string's; a listing of 10,000 sorts with ~130,000 of them); normcase orders them
            # as paths order on every system (case-blind on Windows). Temporary files
            # (``.tmp-*.part``) and the lock are hidden names, skipped with the others.
            with os.scandir(self.root) as entries:
                names = [e.name for e in entries
                         if e.name.endswith(RECORD_SUFFIX) and not e.name.startswith(".")
                         and e.is_file()]
        except OSError as exc:
            raise LibraryError(
                f"cannot read the library {self.root}: {describe_os_error(exc)}"
            ) from exc
        names.sort(key=os.path.normcase)
        return [self.root / name for name in names]

    def keys(self) -> list[str]:
        """Every key in the library, sorted."""
        return [p.stem for p in self.record_paths()]

    def path_for(self, key: str) -> Path:
        """The file of ``key``; refuses keys that could name a path outside the library.

        Two guards: the key must be a safe key (:func:`is_safe_key`: no separators, no dots
        first, no NUL, no Windows device names, at most 100 characters), and the path it makes
        must still be a direct child of the library folder.
        """
        if not is_safe_key(key):
            raise LibraryError(f"{short_repr(key)} is not a citation key")
        path = self.root / f"{key}{RECORD_SUFFIX}"
        if path.parent != self.root or path.name != f"{key}{RECORD_SUFFIX}":
            raise LibraryError(f"{short_repr(key)} is not a citation key")
        return path

    def suggest(self, key: str) -> str:
        """`` (did you mean a, b?)`` for a key the library lacks, or ``""``."""
        keys = self.keys()
        by_fold = {k.casefold(): k for k in keys}
        close = [by_fold[key.casefold()]] if key.casefold() in by_fold else []
        close += close_matches(key, keys, n=3, cutoff=0.6)
        close += [k for k in keys if len(key) >= 4 and k.startswith(key)]
        unique = list(dict.fromkeys(close))[:3]
        return f" (did you mean {', '.join(unique)}?)" if unique else ""

    def get(self, key: str) -> dict[str, Any]:
        """The record of ``key``; a missing key says which keys are close."""
        path = self.path_for(key) if is_safe_key(key) else None
        if path is None or not path.is_file():
            raise KeyNotFoundError(f"no record {short_repr(key)} in {self.root}{self.suggest(key)}")
        return read_record_file(path)

    def records(self) -> Iterator[dict[str, Any]]:
        """Every record, sorted by key; a bad file stops with its name and the reason.

        For commands that need every record (export of the whole library). Commands that can
        work without a bad record use :meth:`records_safely`.
        """
        for path in self.record_paths():
            try:
                record = read_record_file(path)
            except LibraryError:
                if not path.exists():
                    continue  # removed by another process after the listing: not a problem
                raise
            yield record

    def iter_records_safely(self, problems: list[Problem] | None = None
                            ) -> Iterator[dict[str, Any]]:
        """Every valid record, sorted by key; bad files are skipped, not fatal.

        Each skipped file is appended to ``problems`` (when given) as ``(path, reason)`` and
        remembered in :attr:`skipped`, so the CLI can warn once per file after the command.
        A file whose name is not a safe key is skipped the same way.
        """
        for path in self.record_paths():
            try:
                if not is_safe_key(path.stem):
                    raise LibraryError(f"{path}: the file name is not a valid citation key")
                record = read_record_file(path)
            except LibraryError as exc:
                if not path.exists():
                    continue  # removed by another process after the listing: not a problem
                problem = Problem(path, str(exc))
                self.skipped[path] = problem.reason
                if problems is not None:
                    problems.append(problem)
                continue
            yield record

    def records_safely(self) -> tuple[list[dict[str, Any]], list[Problem]]:
        """(valid records, problems): every record that can be read, and why the rest cannot."""
        problems: list[Problem] = []
        records = list(self.iter_records_safely(problems))
        return records, problems

    def remember_skipped(self, line: str) -> None:
        """Note a record file the index skipped (``"<path>: <reason>"``) for the CLI's warning."""
        self.skipped[Path(line.partition(": ")[0])] = line

    def stamp(self, key: str) -> Stamp | None:
        """The file stamp of ``key`` (what freshness is judged by), or None when it has no file.

        The render cache and the checks ask this instead of stat-ing record paths themselves,
        so "has this record changed?" has one answer everywhere (:func:`file_stamp`).
        """
        if not is_safe_key(key):  # no separators, no dots first: a direct child of the folder
            return None
        try:
            return file_stamp(os.path.join(self.root, key + RECORD_SUFFIX))
        except OSError:
            return None

    def read_bytes(self, key: str) -> bytes:
        """The bytes of the record file of ``key``, exactly as stored.

        For callers that hash a record's bytes and then parse those same bytes
        (:meth:`parse_bytes`), never a later version of the file.
        """
        path = self.path_for(key)
        try:
            return path.read_bytes()
        except FileNotFoundError as exc:
            raise KeyNotFoundError(
                f"no record {short_repr(key)} in {self.root}{self.suggest(key)}") from exc
        except OSError as exc:
            raise LibraryError(f"{path}: cannot read: {describe_os_error(exc)}") from exc

    def parse_bytes(self, key: str, data: bytes) -> dict[str, Any]:
        """The validated record in ``data``, bytes read by :meth:`read_bytes` for ``key``."""
        return parse_record_bytes(self.path_for(key), data)

    def find_duplicate(self, record: dict[str, Any]) -> str | None:
        """The key of a record for the same document (by identity, found by Record ID or URL).

        Asked of the index (brought up to date first, so a record file added a moment ago by
        hand counts), not by reading every record: one add to a library of 100,000 records
        must not cost 100,000 reads. Unreadable record files are skipped (and remembered in
        :attr:`skipped`): a corrupt file must not stop the user from adding other documents.
        """
        number = wilson_id(record)
        url = str(record.get("URL") or "")
        if not number and not url:
            return None
        if not self._holds_files():
            return None  # nothing to compare with (and no index made in an empty folder)
        from archcite.library.index import open_index

        own = str(record["id"]) if "id" in record else None
        with open_index(self, self.remember_skipped) as index:
            candidate = index.key_for(number, url, exclude=own)
        # The index finds a candidate by Record ID or URL; only a shared identity (the same
        # Wilson Center Record ID, DOI, ISBN with title, or holdings with date and parties)
        # makes it the same document: a shared generic URL or CSL number is a coincidence.
        return candidate if candidate is not None and self._same_document(record,
                                                                          candidate) else None

    def _same_document(self, record: dict[str, Any], key: str) -> bool:
        """True when ``record`` shares an identity with the record held as ``key``."""
        from archcite.model.identity import identities

        mine = set(identities(record))
        if not mine:
            return False
        try:
            return bool(mine & set(identities(self.get(key))))
        except LibraryError:
            return False  # a damaged candidate is no proof of anything

    def _holds_files(self) -> bool:
        return self.root.is_dir() and bool(record_names(self.root))

    def prepare(self, record: dict[str, Any]) -> dict[str, Any]:
        """Derive the flat CSL archive fields and validate: what :meth:`write` would store."""
        validate_record(record)  # first: derivation must only ever see well-formed data
        # Every write stores the current layout (a 0.1 record read, changed and written back
        # is upgraded on the way).
        record = derive_archive_fields(upgrade_record(record), self.registry)
        validate_record(record)
        return record

    # -- the write path ---------------------------------------------------------------------

    def plan_adds(self, records: Iterable[dict[str, Any]], *, update: bool = False
                  ) -> list[Added]:
        """What :meth:`add_many` would do with ``records``, one :class:`Added` each; no writes.

        The rules, the same for a page, a citation, an import and a benchmark: a document the
        library holds (by identity — same Wilson Center Record ID, DOI, ISBN with title, or
        holdings with date and parties — or the very same record under its own key) is
        ``held`` unless ``update``, then rewritten under the key it has (``unchanged`` when the
        file already says so); two records of one batch for the same document count once; a
        missing, unsafe or taken key (taken ignoring case: ``A.json`` and ``a.json`` are one
        file on Windows and macOS) gets a fresh one; each record is validated as stored, and an
        invalid one is ``refused`` with its error.
        """
        records = list(records)
        taken = _CaseInsensitiveKeys(self.keys())
        batch: dict[str, str] = {}  # identity → key, for records of this batch
        out: list[Added] = []
        with self._identities(len(records)) as identities:
            for position, record in enumerate(records):
                given = record.get("id") if isinstance(record, dict) else None
                given = given if isinstance(given, str) else ""
                try:
                    out.append(self._plan_one(position, record, given, update, identities,
                                              taken, batch))
                except ArchciteError as exc:
                    out.append(Added(position, given, "", "refused", None, exc))
        return out

    @contextlib.contextmanager
    def _identities(self, count: int) -> Iterator[Callable[[dict[str, Any]], str | None]]:
        """record → key of the record held for the same document (:mod:`archcite.model.identity`).

        A few records ask the index one by one for a candidate with the same Record ID or URL
        (one add to a library of 100,000 records reads a row or two) and compare identities
        with it; a batch (an import) reads every record's identities once, since DOI, ISBN
        and holdings are not in the index.
        """
        from archcite.model.identity import identities

        if not self._holds_files():
            yield lambda record: None
            return
        if count <= _ASK_ONE_BY_ONE:
            from archcite.library.index import open_index, record_rows

            with open_index(self, self.remember_skipped) as index:
                def candidate(record: dict[str, Any]) -> str | None:
                    key = index.key_for(wilson_id(record), str(record.get("URL") or ""))
                    if key is not None and self._same_document(record, key):
                        return key
                    # No Record ID or URL in common: the same shelfmark and date are the
                    # candidates, and the identity rule (holdings + date or parties) decides.
                    rows = record_rows(record, self)
                    return next((k for k in index.keys_held_at(rows["reference"], rows["date"])
                                 if self._same_document(record, k)), None)

                yield candidate
                return
        held: dict[str, str] = {}
        for record in self.iter_records_safely():
            for ident in identities(record):
                held.setdefault(ident, str(record["id"]))
        yield lambda record: next((held[i] for i in identities(record) if i in held), None)

    def _plan_one(self, position: int, record: dict[str, Any], given: str, update: bool,
                  identities: Callable[[dict[str, Any]], str | None],
                  taken: _CaseInsensitiveKeys, batch: dict[str, str]) -> Added:
        if not isinstance(record, dict):
            raise RecordError("a record must be a JSON object")
        # Validate everything but the id first: key making and the duplicate search read the
        # record's fields and must not trip over malformed ones. The derived fields do not
        # depend on the id, so the record as stored is this one under its final key.
        ready = self.prepare({**record, "id": given if is_safe_key(given) else "record"})
        from archcite.model.identity import identities as identities_of

        ident = identities_of(ready)
        existing = next((batch[i] for i in ident if i in batch), None)
        if existing is None:
            existing = identities(ready)
        if existing is None and is_safe_key(given) and given in taken:
            # The same document under the same key (a re-import of archcite's own export).
            from archcite.model.identity import same_under_key

            try:
                if same_under_key(self.get(given), ready):
                    existing = given
            except (RecordError, LibraryError):
                pass
        if existing is not None and not update:
            return Added(position, given, existing, "held", None, None)
        if existing is not None:
            try:  # the user's own fields (tags, notes) survive an update from the source
                kept = keep_user_fields(self.get(existing), record)
            except ArchciteError:  # a damaged old file has nothing to keep
                kept = record
            prepared = ({**ready, "id": existing} if kept is record
                        else self.prepare({**kept, "id": existing}))
            path = self.path_for(existing)
            try:
                same = path.is_file() and read_record_file(path) == prepared
            except LibraryError:
                same = False  # a broken file is replaced by the new version
            status = "unchanged" if same else "updated"
        else:
            # No id, an id that is taken, or one from imported data that is not safe as a
            # file name (../x, /tmp/x, con, NUL, 300 characters): a fresh key, not a failure.
            key = given if is_safe_key(given) and given not in taken else unique_key(
                record, taken, self.key_pattern)
            prepared = {**ready, "id": key}
            if given and key != given:
                # the key it came with stays findable (cite OLD, \\cite{OLD} through ids)
                prepared = with_old_key(prepared, given)
            status = "new"
        if not is_safe_key(prepared["id"]):  # pragma: no cover - keys made here are safe
            raise RecordError(f"id {short_repr(prepared['id'])} is not a citation key")
        key = prepared["id"]
        taken.add(key)
        for i in ident:
            batch.setdefault(i, key)
        return Added(position, given, key, status, prepared, None)

    def add_many(self, records: Iterable[dict[str, Any]], *, update: bool = False,
                 all_or_nothing: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> AddReport:
        """Store documents: THE write path of new records (add, import, benchmarks).

        Under the library lock: plan every record (:meth:`plan_adds`), then write the new and
        updated ones, each atomically (temporary file, fsync, rename) with :data:`WRITERS` in
        flight, and fsync the folder once at the end, which makes every rename durable. With
        ``all_or_nothing`` one refused record means nothing is written (an import file is
        taken whole or not at all). ``progress(done, total)`` follows the writing.
        """
        records = list(records)
        self._ensure_root()
        with library_lock(self.root):
            plan = self.plan_adds(records, update=update)
            report = AddReport(plan)
            if all_or_nothing and report.refused:
                return report
            self._write_prepared([a.record for a in plan
                                  if a.record is not None and a.status in ("new", "updated")],
                                 progress)
        return report

    def _write_prepared(self, prepared: list[dict[str, Any]],
                        progress: Callable[[int, int], None] | None) -> None:
        total = len(prepared)
        if not total:
            return

        counting = threading.Lock()

        def write(record: dict[str, Any]) -> None:
            atomic_write_text(self.path_for(record["id"]), dumps_record(record),
                              sync_folder=False)
            with counting:
                self.stored += 1

        try:
            if total == 1:
                write(prepared[0])
                if progress is not None:
                    progress(1, 1)
                return
            from concurrent.futures import ThreadPoolExecutor

            pool = ThreadPoolExecutor(max_workers=WRITERS)
            try:
                for done, _ in enumerate(pool.map(write, prepared), 1):
                    if progress is not None and (done % 100 == 0 or done == total):
                        progress(done, total)
            finally:
                # Ctrl-C (or a failed write) stops what has not started and waits for the
                # writes under way, so ``stored`` counts every file on disk when the caller
                # reports it, and no file lands after that report.
                pool.shutdown(wait=True, cancel_futures=True)
        finally:
            sync_folder(self.root)

    def add(self, record: dict[str, Any], *, update: bool = False) -> tuple[str, bool]:
        """Store one new document (through :meth:`add_many`); returns (key, changed).

        A document the library already holds (by identity) raises
        :class:`DuplicateRecordError` unless ``update`` is set, in which case it is rewritten
        under its existing key; an invalid record raises its error and nothing is written.
        """
        if not isinstance(record, dict):
            raise RecordError("a record must be a JSON object")
        self.prepare({**record, "id": "record"})  # an invalid record never takes the lock
        (added,) = self.add_many([record], update=update).items
        if added.error is not None:
            raise added.error
        if added.status == "held":
            raise DuplicateRecordError(
                f"the library already holds this document as {added.key}"
                " (use --update to replace it)",
                added.key,
            )
        return added.key, added.status != "unchanged"

    def write(self, record: dict[str, Any]) -> None:
        """Replace (or create) the record file of ``record["id"]`` atomically, after validation.

        For a whole record the caller made (a rename, a test); a change that depends on the
        current content goes through :meth:`edit`.
        """
        prepared = self.prepare(record)
        path = self.path_for(prepared["id"])
        self._ensure_root()
        with library_lock(self.root):
            atomic_write_text(path, dumps_record(prepared))

    def edit(self, key: str, change: Callable[[dict[str, Any]], dict[str, Any] | None], *,
             expect: Stamp | None = None) -> Edit:
        """THE read-modify-write of one record (tag, note, edit, check's fixes); returns an Edit.

        ``get`` then ``write`` lets two processes that change the same record at once lose one
        change (both read the old version); this reads inside the lock, so tagging from two
        terminals keeps both tags. ``change`` gets a deep copy and edits it in place or returns
        a new record; it must keep the id. The result is validated before anything is written
        (an invalid one raises and leaves the file as it was); a result equal to the stored
        record writes nothing. ``expect``: the file's :meth:`stamp` when the caller read it
        (an editor session); a file changed since is refused, and an unreadable file may then be
        replaced whole (``change`` gets ``{"id": key}``): that is how a broken file is fixed.
        """
        path = self.path_for(key) if is_safe_key(key) else None
        if path is None or not path.is_file():  # "did you mean" before taking the lock
            raise KeyNotFoundError(f"no record {short_repr(key)} in {self.root}"
                                   f"{self.suggest(key)}")
        with library_lock(self.root):
            if expect is not None:
                now = self.stamp(key)
                if now is None:
                    raise KeyNotFoundError(f"no record {short_repr(key)} in {self.root}")
                if now != expect:
                    raise RecordError("the record file changed while you edited it")
            try:
                current: dict[str, Any] | None = read_record_file(path)
            except LibraryError:
                if expect is None:
                    raise
                current = None
            work = copy.deepcopy(current) if current is not None else {"id": key}
            result = change(work)
            new = work if result is None else result
            if not isinstance(new, dict) or new.get("id") != key:
                raise RecordError(f"the id must stay {key!r} (rename records with rekey)")
            prepared = self.prepare(new)
            if current is not None and prepared == current:
                return Edit(current, False)
            atomic_write_text(path, dumps_record(prepared))
            return Edit(prepared, True)

    def update(self, key: str, change: Callable[[dict[str, Any]], dict[str, Any] | None]
               ) -> dict[str, Any]:
        """:meth:`edit`, returning only the stored record."""
        return self.edit(key, change).record

    def rename(self, old: str, new: str) -> None:
        """Store the record of ``old`` under the key ``new`` (validated), then drop ``old``.

        The old key is kept in the record (``custom["old-keys"]``), so every command and a
        paper's ``\\cite`` still find it. The new file is written atomically first, then the
        attachments folder renamed, then the old file removed: a crash in between leaves the
        record twice, never lost.
        """
        from archcite.library.trash import files_dir

        with library_lock(self.root):
            # the old key stays findable: papers written before the rename still cite it
            record = self.prepare(with_old_key({**self.get(old), "id": new}, old))
            old_files, new_files = files_dir(self, old), files_dir(self, new)
            if old_files.is_dir() and new_files.exists():
                raise LibraryError(f"cannot rename {old} to {new}: {new_files} exists")
            atomic_write_text(self.path_for(new), dumps_record(record))
            if old_files.is_dir():  # the attachments follow the record (files/<key>/)
                os.replace(old_files, new_files)
            self.path_for(old).unlink()

    def remove(self, key: str) -> Path:
        """Move the record of ``key`` (and its attachments) to the trash; its trash file.

        ``rm`` is undoable (:mod:`archcite.library.trash`: ``restore``); a damaged record file
        goes to the trash as it is.
        """
        from archcite.library.trash import move_to_trash

        return move_to_trash(self, key)

    def _ensure_root(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(
                f"cannot create the library {self.root}: {describe_os_error(exc)}"
            ) from exc


class Added(NamedTuple):
    """What the write path did (or would do) with one record of a batch.

    ``status``: ``new`` (written under ``key``), ``updated`` / ``unchanged`` (an update of the
    record held as ``key``), ``held`` (the library holds the document as ``key``; not
    written), ``refused`` (``error`` says why; ``key`` is empty). ``record`` is the record as
    stored, for new, updated and unchanged ones.
    """

    position: int
    given: str
    key: str
    status: str
    record: dict[str, Any] | None
    error: ArchciteError | None


@dataclass
class AddReport:
    """Every record of one :meth:`Library.add_many`, in order."""

    items: list[Added]

    def _with(self, status: str) -> list[Added]:
        return [a for a in self.items if a.status == status]

    @property
    def added(self) -> list[str]:
        """Keys of the records written as new."""
        return [a.key for a in self._with("new")]

    @property
    def updated(self) -> list[str]:
        """Keys of the records rewritten by an update."""
        return [a.key for a in self._with("updated")]

    @property
    def duplicates(self) -> list[tuple[int, str]]:
        """(position, key held) of the documents the library already held."""
        return [(a.position, a.key) for a in self._with("held")]

    @property
    def refused(self) -> list[tuple[int, str]]:
        """(position, reason) of the records that could not be stored."""
        return [(a.position, str(a.error)) for a in self._with("refused")]


class Edit(NamedTuple):
    """The result of :meth:`Library.edit`: the record as stored, and whether it changed."""

    record: dict[str, Any]
    changed: bool
