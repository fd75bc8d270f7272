"""``attach`` keeps a scan with its record; ``open`` opens the URL or the file in the browser;
``check`` finds missing or changed files; rm, restore and rekey move the files with the record."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archcite.cli import cli
from tests.helpers import read, snapshot, write_library

KEY = "kim1950ciphered"


def run(runner: CliRunner, library: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["--library", str(library), *args])
    return result.exit_code, result.stdout, result.stderr


def attachment_findings(runner: CliRunner, library: Path) -> list[dict]:
    """What ``check`` says about attached files (the sample records lack derived fields, which
    check reports too: not this file's subject)."""
    out = run(runner, library, "check", "--json")[1]
    return [p for p in json.loads(out)["problems"] if p["check"] == "attachments"]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return write_library(tmp_path / "library")


@pytest.fixture
def scan(tmp_path: Path) -> Path:
    path = tmp_path / "scans" / "APRF f45 op1 d347.pdf"
    path.parent.mkdir()
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
    return path


def test_attach_copies_the_file_and_lists_its_hash(runner: CliRunner, library: Path,
                                                   scan: Path) -> None:
    code, out, err = run(runner, library, "attach", KEY, str(scan))
    assert (code, err) == (0, "")
    kept = library / "files" / KEY / scan.name
    assert kept.read_bytes() == scan.read_bytes()
    assert str(kept) in out
    listed = read(library, KEY)["custom"]["files"]
    assert listed == [{"name": scan.name,
                       "sha256": hashlib.sha256(scan.read_bytes()).hexdigest()}]
    shown = run(runner, library, "show", KEY)[1]
    assert f"attached: files/{KEY}/{scan.name}" in shown.splitlines()
    assert attachment_findings(runner, library) == []
    # the same file again changes nothing; other bytes under the same name are refused
    before = snapshot(library)
    assert run(runner, library, "attach", KEY, str(scan))[0] == 0
    assert snapshot(library) == before
    scan.write_bytes(b"another scan")
    code, _, err = run(runner, library, "attach", KEY, str(scan))
    assert code == 1 and "--name" in err and len(err.splitlines()) == 1
    assert snapshot(library) == before
    assert run(runner, library, "attach", KEY, str(scan), "--name", "verso.pdf")[0] == 0
    names = [f["name"] for f in read(library, KEY)["custom"]["files"]]
    assert names == [scan.name, "verso.pdf"]


@pytest.mark.parametrize("args", [["nokey1950", "{scan}"], [KEY, "{missing}"],
                                  [KEY, "{scan}", "--name", "../escape.pdf"],
                                  [KEY, "{scan}", "--name", ".hidden"]])
def test_attach_refusals_change_nothing(runner: CliRunner, library: Path, scan: Path,
                                        args: list[str]) -> None:
    args = [a.replace("{scan}", str(scan)).replace("{missing}", str(scan) + ".gone")
            for a in args]
    before = snapshot(library)
    code, out, err = run(runner, library, "attach", *args)
    assert code != 0 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("archcite: error:")
    assert snapshot(library) == before
    assert not (library / "files").exists() or not any((library / "files").rglob("*.pdf"))


def test_check_finds_changed_and_missing_files(runner: CliRunner, library: Path,
                                               scan: Path) -> None:
    run(runner, library, "attach", KEY, str(scan))
    kept = library / "files" / KEY / scan.name
    kept.write_bytes(kept.read_bytes() + b"edited")
    assert run(runner, library, "check")[0] == 1
    problems = attachment_findings(runner, library)
    assert len(problems) == 1
    assert problems[0]["key"] == KEY and "changed" in problems[0]["message"]
    assert not problems[0]["fixable"]
    kept.unlink()
    problems = attachment_findings(runner, library)
    assert len(problems) == 1 and "missing" in problems[0]["message"]


def test_rm_restore_and_rekey_move_the_files(runner: CliRunner, library: Path,
                                             scan: Path) -> None:
    run(runner, library, "attach", KEY, str(scan))
    data = scan.read_bytes()
    run(runner, library, "rm", "--yes", KEY)
    assert not (library / "files" / KEY).exists()
    assert (library / ".trash" / "files" / KEY / scan.name).read_bytes() == data
    assert run(runner, library, "restore", KEY)[0] == 0
    assert (library / "files" / KEY / scan.name).read_bytes() == data
    # a record stored under a key off the rule: rekey renames it and its folder
    record = read(library, KEY)
    (library / f"{KEY}.json").unlink()
    write_library(library, [{**record, "id": "kimdraft"}])
    (library / "files" / KEY).rename(library / "files" / "kimdraft")
    code, _, _ = run(runner, library, "rekey", "kimdraft")
    assert code == 0
    assert (library / "files" / KEY / scan.name).read_bytes() == data
    assert not (library / "files" / "kimdraft").exists()
    assert attachment_findings(runner, library) == []


def test_add_update_keeps_the_attachments(runner: CliRunner, tmp_path: Path,
                                          seed_page: Path, scan: Path) -> None:
    library = tmp_path / "seedlib"
    out = run(runner, library, "add", str(seed_page))[1]
    key = out.split()[0]
    assert run(runner, library, "attach", key, str(scan))[0] == 0
    listed = read(library, key)["custom"]["files"]
    assert run(runner, library, "add", "--update", str(seed_page))[0] == 0
    assert read(library, key)["custom"]["files"] == listed


def _browser(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """$BROWSER set to a script that writes down the address it was asked to open."""
    log = tmp_path / "opened.txt"
    script = tmp_path / "browser.py"
    script.write_text(f"import sys\nwith open({str(log)!r}, 'a') as f:\n"
                      "    f.write(sys.argv[1] + '\\n')\n", "utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    env = {**os.environ, "BROWSER": f"{sys.executable} {script} %s",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "d")}
    env.pop("ARCHCITE_LIBRARY", None)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env, log


def test_open_gives_the_url_and_the_file_to_the_browser(tmp_path: Path, library: Path,
                                                        scan: Path, runner: CliRunner) -> None:
    url = "https://digitalarchive.wilsoncenter.org/document/114911"
    record = read(library, KEY)
    write_library(library, [{**record, "URL": url}])
    run(runner, library, "attach", KEY, str(scan))
    env, log = _browser(tmp_path)
    for args in ([], ["--file"]):
        done = subprocess.run([sys.executable, "-m", "archcite", "--library", str(library),
                               "open", KEY, *args], env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
    opened = log.read_text("utf-8").splitlines()
    assert opened[0] == url
    assert opened[1] == (library / "files" / KEY / scan.name).absolute().as_uri()


def test_open_without_a_url_or_file_says_so(runner: CliRunner, library: Path) -> None:
    code, out, err = run(runner, library, "open", KEY)
    assert code == 1 and out == "" and "has no URL" in err
    code, _, err = run(runner, library, "open", KEY, "--file")
    assert code == 1 and f"archcite attach {KEY}" in err


def test_check_finds_files_whose_record_is_gone(runner: CliRunner, library: Path,
                                                scan: Path) -> None:
    run(runner, library, "attach", KEY, str(scan))
    (library / f"{KEY}.json").unlink()  # deleted by hand, not with rm
    problems = attachment_findings(runner, library)
    assert len(problems) == 1
    assert problems[0]["path"] == f"files/{KEY}" and "no record" in problems[0]["message"]
    assert (library / "files" / KEY / scan.name).is_file()  # reported, never deleted
