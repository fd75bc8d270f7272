"""Safe files: hostile keys, read-only folders, full disks, the lock, and one-line errors."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from archcite import cli as cli_module
from archcite.cli import cli
from archcite.errors import KeyNotFoundError, LibraryError, RecordError
from archcite.library import files
from archcite.library.files import (
    LOCK_NAME,
    atomic_write_text,
    is_temp_file,
    library_lock,
    safe_cache_name,
)
from archcite.model.record import KEY_PATTERN, is_safe_key
from tests.helpers import (
    REPO,
    assert_library_valid,
    files_under,
    immutable,
    numbered_record,
    open_library,
    snapshot,
    tmpfs,
)

SEED = "filippov1951ciphered"
HOSTILE_KEYS = [
    "../../evil", "../evil", "/tmp/x", "/etc/passwd", "C:\\Windows\\evil", "..", ".",
    "con", "CON", "nul", "Nul.txt", "com1", "LPT9", "aux", "prn.x", "a\x00b", "x" * 300,
    ".hidden", "key\n", "a/b", "a\\b", "a:b", "", " ", "-rf", "ключ", "~root",
]


# -- hostile keys ----------------------------------------------------------------------------


@pytest.mark.parametrize("key", HOSTILE_KEYS)
def test_hostile_keys_are_not_keys(key: str, library_dir: Path) -> None:
    assert not is_safe_key(key)
    assert KEY_PATTERN.match(key) is None
    with pytest.raises(LibraryError):
        open_library(library_dir).path_for(key)


def test_hostile_ids_are_rekeyed_inside_the_library(tmp_path: Path) -> None:
    root = tmp_path / "inner" / "library"
    library = open_library(root)
    before = files_under(tmp_path)
    keys = []
    for n, key in enumerate(HOSTILE_KEYS):
        stored, changed = library.add(numbered_record(3000 + n, key=key))
        assert changed and is_safe_key(stored) and stored != key
        keys.append(stored)
    after = files_under(tmp_path)
    # The index cache (inner/library/.archcite/, used to find duplicates) is the library's own.
    new = {p for p in after - before if not p.startswith("inner/library/.archcite/")}
    assert all(p.startswith("inner/library/") and p.count("/") == 2 for p in new), new
    assert {Path(p).stem for p in new if not p.endswith(".break")} == set(keys)
    assert not Path("/tmp/x.json").exists() or Path("/tmp/x.json").stat().st_mtime < 0
    assert len(assert_library_valid(root)) == len(HOSTILE_KEYS)


def test_write_and_remove_refuse_hostile_keys(library_dir: Path) -> None:
    library = open_library(library_dir)
    for key in ("../../evil", "/tmp/x", "con", "a\x00b"):
        with pytest.raises((LibraryError, RecordError)):
            library.write({**numbered_record(1), "id": key})
        with pytest.raises(LibraryError):
            library.remove(key)
    assert files_under(library_dir) <= {LOCK_NAME + ".break"}


def test_keys_differing_in_case_get_a_new_key(library_dir: Path) -> None:
    library = open_library(library_dir)
    assert library.add(numbered_record(1, key="Smith1950telegram")) == ("Smith1950telegram", True)
    key, _ = library.add(numbered_record(2, key="smith1950telegram"))
    assert key.casefold() != "smith1950telegram"


def test_safe_cache_name() -> None:
    for text in ["../../evil", "/tmp/x", "con", "a\x00b", "x" * 10_000, "", "ключ", "\ud800"]:
        name = safe_cache_name(text, ".html")
        assert "/" not in name and "\\" not in name and "\x00" not in name
        assert len(name) <= 90 and name.endswith(".html") and not name.startswith(".")
        assert name.split(".")[0].lower() not in {"con", "nul", "aux", "prn"}
    url = "https://digitalarchive.wilsoncenter.org/document/110374"
    assert safe_cache_name(url) == safe_cache_name(url)
    assert safe_cache_name(url).startswith("https-digitalarchive-wilsoncenter-org")
    assert safe_cache_name(url) != safe_cache_name(url + "/")
    with pytest.raises(ValueError):
        safe_cache_name(url, "/../x")


# -- did you mean ----------------------------------------------------------------------------


def test_missing_key_suggests_close_keys(seed_library: Path) -> None:
    library = open_library(seed_library)
    with pytest.raises(KeyNotFoundError, match=r"did you mean filippov1951ciphered\?"):
        library.get("filipov1951ciphered")
    with pytest.raises(KeyNotFoundError, match="did you mean filippov1951ciphered"):
        library.get("Filippov1951Ciphered")
    with pytest.raises(KeyNotFoundError, match="did you mean filippov1951ciphered"):
        library.remove("filippov1951cipher")
    with pytest.raises(KeyNotFoundError) as info:
        library.get("zzz")
    assert "did you mean" not in str(info.value)


# -- atomic writes, full disks, read-only folders ---------------------------------------------


def test_atomic_write_keeps_mode_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    atomic_write_text(target, "one\n")
    target.chmod(0o640)
    atomic_write_text(target, "two\n")
    assert target.read_text() == "two\n"
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


@pytest.mark.parametrize("fail_in", ["write", "fsync", "replace"])
def test_full_disk_leaves_old_file(fail_in: str, seed_library: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(seed_library)

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, fail_in, full)
    library = open_library(seed_library)
    record = library.get(SEED)
    record["abstract"] = "changed"
    with pytest.raises(LibraryError, match="the disk is full"):
        library.write(record)
    monkeypatch.undo()
    assert snapshot(seed_library) == before
    assert not [p for p in seed_library.iterdir() if is_temp_file(p)]


def _break_derived_fields(library: Path) -> None:
    path = library / f"{SEED}.json"
    record = json.loads(path.read_text("utf-8"))
    record["archive_location"] = "hand edit"
    path.write_text(json.dumps(record), "utf-8")


def test_cli_full_disk_is_one_line(runner: CliRunner, seed_library: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _break_derived_fields(seed_library)
    before = snapshot(seed_library)

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    result = runner.invoke(cli, ["--library", str(seed_library), "check", "--fix"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("archcite: error: cannot write ")
    assert lines[0].endswith("the disk is full")
    assert "Traceback" not in result.output
    assert snapshot(seed_library) == before


def test_cli_read_only_folder_is_one_line_monkeypatched(
        runner: CliRunner, seed_library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Works as root too: every attempt to create a file in the folder fails with EROFS."""
    _break_derived_fields(seed_library)
    before = snapshot(seed_library)

    def read_only(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(files.tempfile, "mkstemp", read_only)
    result = runner.invoke(cli, ["--library", str(seed_library), "check", "--fix"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"archcite: error: the library folder {seed_library} is not writable: "
        "the file system is read-only")
    assert snapshot(seed_library) == before


def _assert_read_only_refused(runner: CliRunner, library: Path) -> None:
    before = snapshot(library)
    result = runner.invoke(cli, ["--library", str(library), "check", "--fix"])
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "is not writable" in lines[0], result.stderr
    assert snapshot(library) == before
    # reading still works
    result = runner.invoke(cli, ["--library", str(library), "check", "--json"])
    assert result.exit_code == 1 and json.loads(result.stdout)["problems"]


def test_cli_immutable_folder_even_as_root(runner: CliRunner, seed_library: Path) -> None:
    """chattr +i stops root too, so this runs in CI (as root) where chmod would not."""
    _break_derived_fields(seed_library)
    with immutable(seed_library):
        _assert_read_only_refused(runner, seed_library)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root ignores file permissions")
def test_cli_read_only_folder_by_chmod(runner: CliRunner, seed_library: Path) -> None:
    _break_derived_fields(seed_library)
    seed_library.chmod(0o555)
    try:
        _assert_read_only_refused(runner, seed_library)
    finally:
        seed_library.chmod(0o755)


def test_really_full_disk(tmp_path: Path, runner: CliRunner) -> None:
    with tmpfs(tmp_path / "small", "256k") as disk:
        library_dir = disk / "library"
        shutil.copytree(REPO / "library", library_dir)
        library = open_library(library_dir)
        filler = disk / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as handle:
            while True:
                handle.write(b"\0" * 4096)
                handle.flush()
        before = snapshot(library_dir)
        record = library.get(SEED)
        record["abstract"] = "telegram " * 20_000
        with pytest.raises(LibraryError, match="the disk is full"):
            library.write(record)
        assert snapshot(library_dir) == before
        assert not [p for p in library_dir.iterdir() if is_temp_file(p)]


def test_really_read_only_mount(tmp_path: Path, runner: CliRunner) -> None:
    with tmpfs(tmp_path / "ro", "1m") as disk:
        library_dir = disk / "library"
        shutil.copytree(REPO / "library", library_dir)
        _break_derived_fields(library_dir)
        done = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True,
                              check=False)
        if done.returncode != 0:
            pytest.skip("cannot remount read-only here")
        _assert_read_only_refused(runner, library_dir)


def test_cli_other_os_errors_are_one_line(runner: CliRunner, seed_library: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from archcite.library import checks

    def boom(_library: object, fix: bool = False) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", "/somewhere/file.json")

    monkeypatch.setattr(checks, "run_checks", boom)
    monkeypatch.setattr("archcite.cli.commands.check.run_checks", boom)
    result = runner.invoke(cli, ["--library", str(seed_library), "check"])
    assert result.exit_code == 1
    assert result.stderr == "archcite: error: /somewhere/file.json: permission denied\n"
    result = runner.invoke(cli, ["--library", str(seed_library), "--debug", "check"])
    assert isinstance(result.exception, PermissionError)


# -- bad records do not stop the rest --------------------------------------------------------


@pytest.fixture
def probe_command(monkeypatch: pytest.MonkeyPatch) -> str:
    """A throwaway command that lists keys the way list/cite will: skipping bad records."""
    module = types.ModuleType("archcite.cli.commands._probe_safety")

    @click.command("probe")
    @click.pass_obj
    def command(app: object) -> None:
        library = app.library  # type: ignore[attr-defined]
        for _ in range(2):  # read twice: still one warning per file
            for record in library.iter_records_safely():
                click.echo(record["id"])

    module.command = command  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(cli_module.COMMANDS, "probe", ("_probe_safety", "test"))
    return "probe"


def test_bad_record_warns_once_and_others_still_work(runner: CliRunner, seed_library: Path,
                                                     probe_command: str) -> None:
    open_library(seed_library).add(numbered_record(5, key="good1951five"))
    (seed_library / "broken1951.json").write_text('{"id": "broken1951", "ty', "utf-8")
    result = runner.invoke(cli, ["--library", str(seed_library), probe_command])
    assert result.exit_code == 0
    assert result.stdout.split() == [SEED, "good1951five"] * 2
    warnings = result.stderr.strip().splitlines()
    assert len(warnings) == 1
    assert warnings[0].startswith("archcite: warning: skipped ")
    assert "broken1951.json" in warnings[0] and "broken JSON" in warnings[0]
    # a command that needs the bad record fails with the reason
    with pytest.raises(LibraryError, match=r"broken1951\.json: broken JSON"):
        open_library(seed_library).get("broken1951")
    with pytest.raises(LibraryError, match="broken JSON"):
        list(open_library(seed_library).records())


def test_add_works_beside_a_corrupt_record(seed_library: Path) -> None:
    (seed_library / "broken1951.json").write_text("<<<<<<< HEAD\n", "utf-8")
    library = open_library(seed_library)
    key, changed = library.add(numbered_record(6))
    assert changed and key in set(library.keys())
    assert library.skipped and "conflict markers" in next(iter(library.skipped.values()))


# -- the lock --------------------------------------------------------------------------------


def test_stale_lock_is_taken_over(library_dir: Path) -> None:
    (library_dir / LOCK_NAME).write_text(f"999999999 {os.uname().nodename}\n")
    with library_lock(library_dir, timeout=2):
        assert (library_dir / LOCK_NAME).read_text().split()[0] == str(os.getpid())
    assert not (library_dir / LOCK_NAME).exists()


def test_live_lock_times_out_with_holder(library_dir: Path) -> None:
    (library_dir / LOCK_NAME).write_text(f"{os.getppid()} {os.uname().nodename}\n")
    with pytest.raises(LibraryError, match=rf"locked by another archcite process \(pid "
                                           rf"{os.getppid()}"), library_lock(library_dir, 0.2):
        pass
    assert (library_dir / LOCK_NAME).exists()  # someone else's lock is never removed


def test_lock_is_reentrant(library_dir: Path) -> None:
    library = open_library(library_dir)
    with library_lock(library_dir, timeout=1):
        library.add(numbered_record(1))
        assert (library_dir / LOCK_NAME).exists()
    assert not (library_dir / LOCK_NAME).exists()


def test_update_is_read_modify_write(seed_library: Path) -> None:
    library = open_library(seed_library)
    stored = library.update(SEED, lambda r: r["custom"].__setitem__("tags", ["korea"]))
    assert stored["custom"]["tags"] == ["korea"] == library.get(SEED)["custom"]["tags"]
    with pytest.raises(Exception, match="id"):
        library.update(SEED, lambda r: {**r, "id": "other1951"})
