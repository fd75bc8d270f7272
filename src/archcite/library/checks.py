"""``archcite check``: every way a library can be wrong, each found by one small function.

Checks are registered in :data:`CHECKS` (name → function) in the order they run. Each takes a
:class:`Scan` (the library's files read once) and returns :class:`Finding` objects; a finding
that can be repaired safely carries a ``fix`` that does it and says what it did. Adding a check
is one decorated function. :func:`run_checks` runs them, applies fixes under the library lock
when asked, and checks again, so the report shows what was fixed and what is still wrong.

Nothing here is "fixed" by guessing: broken JSON, conflicting merges, invalid records and
duplicates are reported with the file, the record and the field, for the user to decide.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archcite.errors import ArchciteError, LibraryError, RecordError
from archcite.library.files import (
    LOCK_NAME,
    LOCK_TEMP_PREFIX,
    TEMP_PREFIX,
    TEMP_SUFFIX,
    describe_os_error,
    library_lock,
    lock_is_stale,
    pid_alive,
    read_lock,
)
from archcite.library.freshness import Stamp, file_stamp
from archcite.library.index import INDEX_NAME
from archcite.library.store import Library, has_conflict_markers
from archcite.model.record import (
    DERIVED_ARCHIVE_FIELDS,
    derive_archive_fields,
    is_safe_key,
    legacy_problems,
    validate_record,
)

DERIVED_FIELDS = DERIVED_ARCHIVE_FIELDS
INDEX_GLOB = "index*"
# A temporary file younger than this, while another process holds the lock, is a write in
# progress.
IN_PROGRESS_SECONDS = 60.0


@dataclass
class RecordFile:
    """One ``*.json`` file of the library, read once for every check."""

    path: Path
    text: str | None = None
    error: str | None = None  # why it could not be read as text
    data: Any = None  # the parsed JSON (None when it did not parse)
    parsed: bool = False
    valid: bool = False  # passed validate_record

    @property
    def stem(self) -> str:
        return self.path.stem


@dataclass
class Scan:
    """The library as the checks see it: its record files, read and parsed once."""

    library: Library
    files: list[RecordFile]

    @property
    def valid(self) -> list[RecordFile]:
        return [f for f in self.files if f.valid]

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.library.root))
        except ValueError:
            return str(path)


@dataclass
class Finding:
    """One problem: which check, which file/record/fields, what is wrong, and a safe fix."""

    check: str
    message: str
    path: str | None = None
    key: str | None = None
    fields: list[str] = field(default_factory=list)
    fix: Callable[[], str] | None = None
    fixed: str | None = None  # what the fix did, once applied
    fix_error: str | None = None

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "check": self.check, "message": self.message, "path": self.path, "key": self.key,
            "fields": self.fields, "fixable": self.fixable,
        }
        if self.fixed is not None:
            out["fixed"] = self.fixed
        if self.fix_error is not None:
            out["fix_error"] = self.fix_error
        return out


CheckFunction = Callable[[Scan], list[Finding]]
CHECKS: dict[str, CheckFunction] = {}


def check(name: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check under ``name`` (checks run in registration order)."""

    def register(func: CheckFunction) -> CheckFunction:
        CHECKS[name] = func
        return func

    return register


# -- reading -------------------------------------------------------------------------------


def scan_library(library: Library) -> Scan:
    """Read every record file once (text, JSON, validity) without stopping at bad ones."""
    files: list[RecordFile] = []
    for path in library.record_paths():
        entry = RecordFile(path)
        try:
            entry.text = path.read_text("utf-8")
        except UnicodeDecodeError:
            entry.error = "not UTF-8 text"
        except FileNotFoundError:
            continue  # removed by another process after the listing
        except OSError as exc:
            entry.error = f"cannot read: {describe_os_error(exc)}"
        if entry.text is not None and not has_conflict_markers(entry.text):
            try:
                entry.data = json.loads(entry.text)
                entry.parsed = True
            except (ValueError, RecursionError):  # broken JSON, a 5,000-digit number
                pass
        if entry.parsed:
            try:
                validate_record(entry.data)
                entry.valid = True
            except (RecordError, RecursionError):
                pass
        files.append(entry)
    return Scan(library, files)


# -- the checks ----------------------------------------------------------------------------


@check("readable")
def check_readable(scan: Scan) -> list[Finding]:
    """Files that cannot be read as UTF-8 text, or are empty."""
    out = []
    for f in scan.files:
        if f.error is not None:
            out.append(Finding("readable", f.error, scan.rel(f.path), f.stem))
        elif f.text is not None and not f.text.strip():
            out.append(Finding("readable", "the file is empty", scan.rel(f.path), f.stem))
    return out


@check("conflicts")
def check_conflicts(scan: Scan) -> list[Finding]:
    """git conflict markers: which record, which lines, which fields are in conflict."""
    out = []
    for f in scan.files:
        if f.text is None or not has_conflict_markers(f.text):
            continue
        key = _id_in_text(f.text) or f.stem
        for block in conflict_blocks(f.text):
            where = f"lines {block.start}–{block.end}"
            fields = block.fields or ["(structure only)"]
            message = (f"unresolved git merge in {key}, {where}: "
                       f"conflicting field{'s' if len(fields) > 1 else ''} {', '.join(fields)}")
            out.append(Finding("conflicts", message, scan.rel(f.path), key, block.fields))
    return out


@check("json")
def check_json(scan: Scan) -> list[Finding]:
    """Broken JSON (a truncated write by another tool, a bad hand edit)."""
    out = []
    for f in scan.files:
        if f.parsed or f.text is None or not f.text.strip() or has_conflict_markers(f.text):
            continue
        try:
            json.loads(f.text)
        except json.JSONDecodeError as exc:
            ends_early = (exc.pos >= len(f.text.rstrip())
                          or (f.text.lstrip().startswith("{")
                              and not f.text.rstrip().endswith("}")))
            hint = " (the file ends early: truncated?)" if ends_early else ""
            message = f"broken JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{hint}"
        except RecursionError:
            message = "broken JSON: nested too deeply"
        except ValueError:  # a number of thousands of digits (int conversion limit)
            message = "holds a number too long to read"
        else:  # pragma: no cover - parsed would be True
            continue
        out.append(Finding("json", message, scan.rel(f.path), f.stem))
    return out


@check("file-name")
def check_file_name(scan: Scan) -> list[Finding]:
    """File names that are not safe citation keys (``con.json``, ``a b.json``, 200 characters)."""
    return [
        Finding("file-name", f"the file name {f.stem!r} is not a valid citation key"
                " (letters, digits, _ . -; no Windows device names)", scan.rel(f.path), f.stem)
        for f in scan.files if not is_safe_key(f.stem)
    ]


@check("schema")
def check_schema(scan: Scan) -> list[Finding]:
    """CSL 1.0.2 schema rules and archcite's own: types, variables, names, real dates, holdings."""
    out = []
    for f in scan.files:
        if not f.parsed or f.valid:
            continue
        try:
            validate_record(f.data)
        except RecordError as exc:
            message = str(exc)
        except RecursionError:
            message = "the record is nested too deeply"
        else:  # pragma: no cover
            continue
        field_name = _field_in_message(message, f.data)
        out.append(Finding("schema", message, scan.rel(f.path), f.stem,
                           [field_name] if field_name else []))
    return out


@check("key-matches-file")
def check_key_matches_file(scan: Scan) -> list[Finding]:
    """The record's ``id`` is its citation key, so it must equal the file name."""
    return [
        Finding("key-matches-file",
                f"its id {f.data['id']!r} differs from the file name {f.stem!r}",
                scan.rel(f.path), f.stem, ["id"])
        for f in scan.valid if f.data["id"] != f.stem
    ]


@check("keys-unique")
def check_keys_unique(scan: Scan) -> list[Finding]:
    """Keys that differ only in case: one file on Windows and macOS, so one would be lost."""
    seen: dict[str, list[RecordFile]] = {}
    for f in scan.files:
        seen.setdefault(f.stem.casefold(), []).append(f)
    out: list[Finding] = []
    for group in seen.values():
        if len(group) > 1:
            names = ", ".join(g.path.name for g in group)
            out.extend(Finding("keys-unique", f"keys differ only in case ({names})",
                               scan.rel(g.path), g.stem, ["id"]) for g in group)
    return out


@check("duplicates")
def check_duplicates(scan: Scan) -> list[Finding]:
    """Two records of one document: the same identity (:mod:`archcite.model.identity`).

    The same Wilson Center Record ID, DOI, ISBN with title, or holdings with date and parties.
    A shared generic URL or CSL ``number`` alone is not an identity and is not reported.
    """
    from archcite.model.identity import identities

    fields = {"wilson": ["URL"], "doi": ["DOI"], "isbn": ["ISBN", "title"],
              "held": ["custom", "issued", "author", "recipient"]}
    return _groups(scan, identities, "duplicates", "the same document", fields)


@check("likely-duplicates")
def check_likely_duplicates(scan: Scan) -> list[Finding]:
    """Records that may be one document (same date, parties and shelfmark, or same title,
    author and year): reported for a person to decide (``archcite merge A B``)."""
    from archcite.model.identity import identities, likeness

    fields = {"shelf": ["custom", "issued", "author", "recipient"],
              "work": ["title", "author", "issued"]}
    same = {f.stem: set(identities(f.data)) for f in scan.valid}
    found = _groups(scan, likeness, "likely-duplicates", "possibly the same document", fields)
    # pairs already reported as the same document are not reported twice
    return [f for f in found if not any(
        same.get(f.key or "", set()) & same.get(other, set())
        for other in f.message.rpartition(": ")[2].split(", ") if other != f.key)]


def _groups(scan: Scan, keys_of: Callable[[dict[str, Any]], list[str]], name: str,
            what: str, fields: dict[str, list[str]]) -> list[Finding]:
    """One finding per record in each group of records sharing a key of ``keys_of``."""
    groups: dict[str, list[RecordFile]] = {}
    for f in scan.valid:
        for key in keys_of(f.data):
            groups.setdefault(key, []).append(f)
    out: list[Finding] = []
    reported: set[tuple[str, ...]] = set()
    for ident, group in groups.items():
        stems = tuple(sorted({g.stem for g in group}))
        if len(stems) < 2 or stems in reported:
            continue
        reported.add(stems)
        kind = ident.partition(":")[0]
        keys = ", ".join(stems)
        out.extend(Finding(name, f"{what} ({kind}) in several records: {keys}",
                           scan.rel(g.path), g.stem, fields.get(kind, ["id"]))
                   for g in group)
    return out




@check("layout-0.1")
def check_old_layout(scan: Scan) -> list[Finding]:
    """Records still in archcite 0.1's layout (Record ID in ``number``, genre "letter")."""
    out = []
    for f in scan.valid:
        if f.data["id"] != f.stem:
            continue  # rewriting would need the key problem solved first
        for problem in legacy_problems(f.data):
            fields = ["number"] if problem.startswith("number") else ["genre"]
            out.append(Finding("layout-0.1", problem, scan.rel(f.path), f.stem, fields,
                               fix=_upgrade(scan.library, f)))
    return out


def _upgrade(library: Library, f: RecordFile) -> Callable[[], str]:
    def fix() -> str:
        # the one read-modify-write: it re-reads under the lock (never a stale copy) and
        # stores what the write path prepares, which is the current layout
        if not library.edit(f.stem, lambda current: None).changed:
            return f"{f.stem} is already upgraded"
        return f"upgraded {f.stem} to the current record layout"

    return fix


@check("derived-fields")
def check_derived_fields(scan: Scan) -> list[Finding]:
    """The derived archive fields (``archive`` … ``division``) must be what the holdings derive."""
    out = []
    registry = scan.library.registry
    for f in scan.valid:
        if f.data["id"] != f.stem:
            continue  # rewriting would need the key problem solved first
        try:
            expected = derive_archive_fields(json.loads(json.dumps(f.data)), registry)
        except RecordError:
            continue
        wrong = [v for v in DERIVED_FIELDS if f.data.get(v) != expected.get(v)]
        if wrong:
            out.append(Finding(
                "derived-fields",
                f"{', '.join(wrong)} disagree{'s' if len(wrong) == 1 else ''} with the holdings",
                scan.rel(f.path), f.stem, wrong, fix=_rederive(scan.library, f),
            ))
    return out


def _rederive(library: Library, f: RecordFile) -> Callable[[], str]:
    def fix() -> str:
        # Read and rewritten under the lock (never a stale copy); prepare re-derives the fields.
        library.edit(f.stem, lambda record: record)
        return f"re-derived the archive fields of {f.stem} from its holdings"

    return fix


@check("temp-files")
def check_temp_files(scan: Scan) -> list[Finding]:
    """Temporary files left by a crash or a kill in the middle of a write (never records)."""
    out: list[Finding] = []
    root = scan.library.root
    if not root.is_dir():
        return out
    # While another live process holds the lock, a fresh temporary file is its write in
    # progress, not debris. Under our own lock (check --fix) every one is debris.
    busy = _locked_by_another(root)
    for path in sorted(root.iterdir()):
        name = path.name
        if not (name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)):
            continue
        if busy and time.time() - _mtime(path) < IN_PROGRESS_SECONDS:
            continue
        if name.startswith(LOCK_TEMP_PREFIX):
            pid = name[len(LOCK_TEMP_PREFIX):].split("-", 1)[0]
            if pid.isdigit() and pid_alive(int(pid)):
                continue  # another process is taking the lock right now
        out.append(Finding("temp-files", "a temporary file left by an interrupted write",
                           scan.rel(path), fix=_remove_file(path, "removed the temporary file")))
    return out


@check("stale-lock")
def check_stale_lock(scan: Scan) -> list[Finding]:
    """A lock file left by a process that is gone (the next change takes it over anyway)."""
    lock = scan.library.root / LOCK_NAME
    if lock.is_file() and lock_is_stale(lock):
        return [Finding("stale-lock", "a lock file left by a process that is no longer running",
                        scan.rel(lock), fix=lambda: "took over and released the stale lock")]
    return []


@check("index")
def check_index(scan: Scan) -> list[Finding]:
    """A stale, orphaned or damaged index under ``.archcite/`` (a cache: deleting it is safe).

    The search index (:mod:`archcite.library.index`) is ``index.sqlite``, whose ``files`` table
    holds the mtime and size of every record file it has read: it is stale when that table and
    the record files disagree (a file added, removed or changed since), orphaned when it names
    records and the library holds none, damaged when it is not such a database. Its ``-wal``,
    ``-shm`` and ``-journal`` companions go with it. Any other ``index*`` file is judged by the
    older convention: stale when a record file is newer than it, orphaned when the library has
    no records, or when it is JSON naming its keys (a ``keys`` list or a ``records`` object)
    and those are not the library's keys.
    """
    cache = scan.library.cache_dir
    if not cache.is_dir():
        return []
    out = []
    keys = {f.stem for f in scan.files}
    newest = max((_mtime(f.path) for f in scan.files), default=0.0)
    for index in sorted(cache.glob(INDEX_GLOB)):
        if index.name.endswith(SQLITE_COMPANIONS) or not index.is_file():
            continue
        if index.suffix == ".sqlite":
            reason = _sqlite_index_problem(index, scan)
            if reason and index.name == INDEX_NAME:
                # archcite's own index is a cache every command brings up to date: after rm,
                # add, tag or import it lags by design. Refresh it as any command would; only
                # an index that cannot be refreshed is a problem, and where the library may not
                # be written that is what it is called (deleting it would fail as well).
                unwritable = _refresh_index(scan.library)
                if unwritable is not None:
                    out.append(Finding("index", unwritable, scan.rel(index)))
                continue  # refreshed (or rebuilt): current now
            companions = [Path(f"{index}{suffix}") for suffix in SQLITE_COMPANIONS]
            if reason:
                out.append(Finding("index", reason, scan.rel(index),
                                   fix=_remove_files([index, *companions],
                                                     "deleted the index (it is rebuilt when "
                                                     "needed)")))
            continue
        reason = None
        if not keys:
            reason = "an orphaned index: the library holds no records"
        elif _mtime(index) < newest:
            reason = "a stale index: records changed after it was built"
        else:
            named = _index_keys(index)
            if named is not None and named != keys:
                missing, extra = sorted(keys - named), sorted(named - keys)
                reason = ("a stale index: "
                          + (f"it lacks {', '.join(missing[:3])}" if missing else "")
                          + ("; " if missing and extra else "")
                          + (f"it names removed {', '.join(extra[:3])}" if extra else ""))
        if reason:
            fix = _remove_file(index, "deleted the index (it is rebuilt when needed)")
            out.append(Finding("index", reason, scan.rel(index), fix=fix))
    return out


SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def _refresh_index(library: Library) -> str | None:
    """Bring the library's index up to date (rebuilt when damaged); None when done, else why
    it cannot be: the library (or its cache folder) is not writable."""
    import sqlite3

    from archcite.library.index import open_index

    why = "the library is not writable, so its search index cannot be refreshed (each" \
          " command indexes the records in memory instead, which is slower)"
    try:
        index = open_index(library)
    except (sqlite3.Error, OSError, LibraryError) as exc:
        detail = describe_os_error(exc) if isinstance(exc, OSError) else str(exc)
        return f"{why}; {' '.join(detail.split())}"
    in_memory = index.in_memory
    index.close()
    return why if in_memory else None


def _path_stamp(path: Path) -> Stamp | None:
    try:
        return file_stamp(path)
    except OSError:
        return None


def _sqlite_index_problem(index: Path, scan: Scan) -> str | None:
    """Why the SQLite index does not match the record files, or None when it does."""
    import sqlite3

    from archcite.library.index import read_file_stamps

    try:
        seen = read_file_stamps(index)
    except (sqlite3.Error, OSError, ValueError) as exc:
        return f"a damaged index: cannot read it as archcite's index ({exc})"
    current: dict[str, Stamp] = {}
    for f in scan.files:
        # A file whose name is not a key has no stamp by key, but the index lists it too.
        stamp = scan.library.stamp(f.stem) if is_safe_key(f.stem) else _path_stamp(f.path)
        if stamp is not None:
            current[f.stem] = stamp
    if seen and not current:
        return "an orphaned index: the library holds no records"
    missing = sorted(set(current) - set(seen))
    removed = sorted(set(seen) - set(current))
    changed = sorted(k for k in set(current) & set(seen) if current[k] != seen[k])
    parts = []
    if missing:
        parts.append(f"it lacks {', '.join(missing[:3])}" + (" …" if len(missing) > 3 else ""))
    if removed:
        parts.append(f"it names removed {', '.join(removed[:3])}"
                     + (" …" if len(removed) > 3 else ""))
    if changed:
        parts.append(f"{', '.join(changed[:3])}" + (" …" if len(changed) > 3 else "")
                     + " changed since it was built")
    return "a stale index: " + "; ".join(parts) if parts else None


def _remove_files(paths: list[Path], what: str) -> Callable[[], str]:
    def fix() -> str:
        for path in paths:
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise LibraryError(f"cannot remove {path}: {describe_os_error(exc)}") from exc
        return f"{what}: {paths[0].name}"

    return fix


# -- running -------------------------------------------------------------------------------


@dataclass
class CheckReport:
    """What ``check`` found: the problems still there, and what ``--fix`` did."""

    library: Path
    records: int
    problems: list[Finding]
    fixed: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "library": str(self.library),
            "records": self.records,
            "ok": self.ok,
            "problems": [p.to_json() for p in self.problems],
            "fixed": [p.to_json() for p in self.fixed],
        }


def find_problems(library: Library, only: list[str] | None = None) -> tuple[Scan, list[Finding]]:
    """Run every registered check (or the named ones) once."""
    scan = scan_library(library)
    findings: list[Finding] = []
    for name, func in CHECKS.items():
        if only is None or name in only:
            findings.extend(func(scan))
    return scan, findings


def run_checks(library: Library, fix: bool = False, only: list[str] | None = None
               ) -> CheckReport:
    """Check the library; with ``fix``, repair what is safe (under the lock) and check again."""
    if not library.exists():
        raise LibraryError(f"no library at {library.root}")
    scan, findings = find_problems(library, only)
    fixed: list[Finding] = []
    if fix and any(f.fixable for f in findings):
        with library_lock(library.root):  # also takes over a stale lock
            # Look again under the lock: what another process was writing a moment ago is
            # finished now, and nothing can start writing while the fixes run.
            scan, findings = find_problems(library, only)
            for finding in findings:
                if finding.fix is None:
                    continue
                try:
                    finding.fixed = finding.fix()
                except (ArchciteError, OSError) as exc:
                    if isinstance(exc, OSError):
                        exc = LibraryError(f"{finding.path}: {describe_os_error(exc)}")
                    if _is_unwritable(exc):
                        raise exc from None
                    finding.fix_error = str(exc)
                    continue
                fixed.append(finding)
            scan, findings = find_problems(library, only)
    return CheckReport(library.root, len(scan.files), findings, fixed)


def _is_unwritable(exc: BaseException) -> bool:
    text = str(exc)
    return any(word in text for word in ("not writable", "read-only", "disk is full",
                                         "permission denied", "not permitted"))


# -- helpers -------------------------------------------------------------------------------


def _remove_file(path: Path, what: str) -> Callable[[], str]:
    def fix() -> str:
        try:
            path.unlink()
        except FileNotFoundError:
            return f"{what} (already gone)"
        except OSError as exc:
            raise LibraryError(f"cannot remove {path}: {describe_os_error(exc)}") from exc
        return f"{what}: {path.name}"

    return fix


def _locked_by_another(root: Path) -> bool:
    lock = root / LOCK_NAME
    try:
        pid, _host = read_lock(lock)
    except OSError:
        return False
    return pid != os.getpid() and not lock_is_stale(lock)


def _mtime(path: Path) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


def _index_keys(index: Path) -> set[str] | None:
    if index.suffix != ".json":
        return None
    try:
        data = json.loads(index.read_text("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if isinstance(data, dict):
        if isinstance(data.get("keys"), list):
            return {str(k) for k in data["keys"]}
        if isinstance(data.get("records"), dict):
            return {str(k) for k in data["records"]}
    return None


def _id_in_text(text: str) -> str | None:
    match = re.search(r'^\s*"id"\s*:\s*"([^"\\]{1,200})"', text, re.MULTILINE)
    return match.group(1) if match else None


def _field_in_message(message: str, data: Any) -> str | None:
    """The variable a validation message is about (``key: title must be a string`` → title)."""
    if not isinstance(data, dict):
        return None
    for var in sorted(data, key=lambda v: -len(str(v))):
        if re.search(rf"(^|[\s'\"]){re.escape(str(var))}([\s'\":]|$)", message):
            return str(var)
    return None


@dataclass
class ConflictBlock:
    """One ``<<<<<<<`` … ``>>>>>>>`` block: its lines (1-based) and the JSON fields inside."""

    start: int
    end: int
    fields: list[str]


_KEY_LINE = re.compile(r'^(\s*)"((?:[^"\\]|\\.)*)"\s*:\s*(.*)$')


def conflict_blocks(text: str) -> list[ConflictBlock]:
    """Parse git's conflict blocks and name the fields (dotted JSON paths) each touches.

    archcite writes records with sorted keys and a 2-space indent, so indentation tells which
    object a line belongs to: the path of a line is the chain of ``"key": {`` / ``"key": [``
    openers above it with less indentation. Both sides of a conflict start from the path at the
    ``<<<<<<<`` line. Paths that are the prefix of another path in the block are dropped
    (``custom`` when ``custom.tags`` is named).
    """
    lines = text.splitlines()
    blocks: list[ConflictBlock] = []
    stack: list[tuple[int, str]] = []  # (indent, key) of open containers
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("<<<<<<<"):
            start = i
            snapshot = list(stack)
            side_stack = list(snapshot)
            paths: list[str] = []
            i += 1
            while i < len(lines) and not lines[i].startswith(">>>>>>>"):
                current = lines[i]
                if current.startswith(("=======", "|||||||")):
                    side_stack = list(snapshot)
                else:
                    path = _line_path(current, side_stack)
                    if path:
                        paths.append(path)
                i += 1
            end = min(i, len(lines) - 1)
            unique = list(dict.fromkeys(paths))
            fields = [p for p in unique if not any(o.startswith(p + ".") for o in unique)]
            blocks.append(ConflictBlock(start + 1, end + 1, fields))
            stack = side_stack  # continue with the last side's structure
            i += 1
            continue
        _line_path(line, stack)
        i += 1
    return blocks


def _line_path(line: str, stack: list[tuple[int, str]]) -> str | None:
    """Update the opener stack with ``line``; return the dotted path it holds data for."""
    stripped = line.strip()
    if not stripped:
        return None
    indent = len(line) - len(line.lstrip())
    while stack and stack[-1][0] >= indent:
        stack.pop()
    match = _KEY_LINE.match(line)
    if match:
        key = match.group(2)
        rest = match.group(3).strip()
        path = ".".join([k for _, k in stack] + [key])
        if rest in ("{", "["):
            stack.append((indent, key))
        return path
    if stripped.rstrip(",") in ("{", "}", "[", "]", "{}", "[]"):
        return None  # structure only
    return ".".join(k for _, k in stack) or None


def with_fix_summary(report: CheckReport) -> str:
    """One line: how many records, problems, fixes."""
    fixable = sum(1 for p in report.problems if p.fixable)
    parts = [f"{report.records} record file{'s' if report.records != 1 else ''} checked"]
    if report.fixed:
        parts.append(f"{len(report.fixed)} fixed")
    if report.problems:
        parts.append(f"{len(report.problems)} problem{'s' if len(report.problems) != 1 else ''}")
        if fixable:
            parts.append(f"{fixable} fixable with --fix")
    else:
        parts.append("no problems")
    return ", ".join(parts)


@check("attachments")
def check_attachments(scan: Scan) -> list[Finding]:
    """Files a record lists in ``custom.files`` must be in ``files/<key>/`` with the same bytes.

    Nothing is fixed: a changed scan may be the better one, and a missing one is the user's to
    find; the finding names the file.
    """
    from archcite.library.attachments import attachment_problems

    out = []
    for f in scan.valid:
        if f.data["id"] != f.stem:
            continue
        for _name, problem in attachment_problems(scan.library, f.data):
            out.append(Finding("attachments", problem, scan.rel(f.path), f.stem,
                               ["custom.files"]))
    # A folder of files whose record is gone (a record file deleted by hand, not with rm).
    folder = scan.library.root / "files"
    stems = {f.stem for f in scan.files}
    try:
        orphans = sorted(p for p in folder.iterdir() if p.is_dir() and p.name not in stems)
    except OSError:
        orphans = []
    for path in orphans:
        out.append(Finding("attachments", f"{scan.rel(path)}/ holds files of no record "
                           f"(restore {path.name} from the trash, or move the files away)",
                           scan.rel(path), None, []))
    return out
