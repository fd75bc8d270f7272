"""``archcite add`` end to end: files, citations, URLs; bad input leaves the library as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archcite.cli import cli
from tests.helpers import REPO, Server, fixture_pages, free_port, snapshot


def add(runner, library: Path, *args: str, env: dict | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, ["--library", str(library), "add", *args], env=env)


def test_add_every_fixture_and_refuse_the_node_page(runner, library_dir: Path,
                                                    wilson_dir: Path) -> None:  # type: ignore[no-untyped-def]
    pages = sorted(p for p in wilson_dir.glob("*.txt") if p.name != "node-89952.txt")
    result = add(runner, library_dir, *map(str, pages))
    assert result.exit_code == 0, result.output
    keys = result.stdout.split()
    assert len(keys) == len(pages) == len(set(keys))
    assert sorted(p.stem for p in library_dir.glob("*.json")) == sorted(keys)
    record = json.loads((library_dir / "stalin1947cable.json").read_text("utf-8"))
    assert record["archive"] == "APRF" and record["archive_location"] == (
        "f. 39, op. 1, d. 31, l. 25")

    before = snapshot(library_dir)
    result = add(runner, library_dir, str(wilson_dir / "node-89952.txt"))
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert "holds no Wilson Center citation data" in result.stderr
    assert snapshot(library_dir) == before


def test_bad_input_leaves_library_unchanged(runner, seed_library: Path, tmp_path: Path,
                                            wilson_dir: Path) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02\x03" * 100)
    other = tmp_path / "other.html"
    other.write_text("<html><body><h1>Weather</h1><p>Sunny.</p><p>Warm.</p></body></html>")
    before = snapshot(seed_library)
    for bad in (empty, binary, other, tmp_path / "missing.txt"):
        result = add(runner, seed_library, str(bad))
        assert result.exit_code == 1, result.output
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("archcite: error:")
        assert "Traceback" not in result.output
        assert snapshot(seed_library) == before
    # Several files with --strict: every failure in one line, nothing stored, non-zero exit.
    # (Without --strict add stores what it can, like import: issue 12; see test_first_week.)
    result = add(runner, seed_library, "--strict", str(wilson_dir / "112019.txt"), str(empty),
                 str(binary))
    assert result.exit_code == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("archcite: error:")]
    assert len(errors) == 2 and "empty.txt" in errors[0] and "scan.txt" in errors[1]
    assert "nothing was stored" in result.stderr
    assert snapshot(seed_library) == before


def test_duplicate_is_said_and_changes_nothing_and_update_replaces(
        runner, seed_library: Path, seed_page: Path) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(seed_library)
    result = add(runner, seed_library, str(seed_page))
    assert result.exit_code == 0
    assert result.stdout.strip() == "filippov1951ciphered"
    assert "already in the library as filippov1951ciphered" in result.stderr
    assert snapshot(seed_library) == before
    # A bare id or another address form of the same document is the same document.
    result = add(runner, seed_library, "--citation",
                 "“Ciphered telegram, Filippov (Stalin) to Mao Zedong,” June 30, 1951, History and "
                 "Public Policy Program Digital Archive, APRF, f. 45, op. 1, d. 339, ll. 95-96 "
                 "https://digitalarchive.wilsoncenter.org/document/110374.pdf?v=x")
    assert "already in the library" in result.stderr and snapshot(seed_library) == before

    result = add(runner, seed_library, "--update", str(seed_page))
    assert result.exit_code == 0 and result.stdout.strip() == "filippov1951ciphered"
    record = json.loads((seed_library / "filippov1951ciphered.json").read_text("utf-8"))
    assert record["custom"]["citation"].startswith("“Ciphered telegram")
    assert sorted(p.name for p in seed_library.glob("*.json")) == ["filippov1951ciphered.json"]


def test_dry_run_shows_fields_and_stores_nothing(runner, library_dir: Path,
                                                 wilson_dir: Path) -> None:  # type: ignore[no-untyped-def]
    result = add(runner, library_dir, "--dry-run",
                 str(wilson_dir / "slug-ciphered-telegram-no-25553-roshchin-filippov-stalin.txt"))
    assert result.exit_code == 0, result.output
    out = result.stdout
    for line in ("key: roshchin1950ciphered", "author: Roshchin", "recipient: Filippov [Stalin]",
                 "issued: 1950-10-12", "translator: Gary Goldberg", "holding 1: AP RF",
                 "  fond: 45", "  list: 141", "holding 2: RGASPI", "  listy: 0141"):
        assert line in out.splitlines()
    assert list(library_dir.iterdir()) == []


def test_citation_option(runner, library_dir: Path) -> None:  # type: ignore[no-untyped-def]
    result = add(runner, library_dir, "--citation",
                 '"Letter from Mao Zedong to Stalin," June 1950, History and Public Policy Program '
                 "Digital Archive, APRF, f. 45, op. 1, d. 334, ll. 5-7ob. "
                 "Translated by Danny Rozas.")
    assert result.exit_code == 0, result.output
    record = json.loads((library_dir / "mao1950letter.json").read_text("utf-8"))
    assert record["issued"] == {"date-parts": [[1950, 6]]}
    assert record["archive_location"] == "f. 45, op. 1, d. 334, ll. 5–7ob."
    result = add(runner, library_dir, "--citation", "not a citation at all")
    assert result.exit_code == 1 and "not a Wilson Center citation" in result.stderr


def test_a_paste_far_longer_than_any_citation_is_refused_at_once(
        runner, library_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """A citation with a long Source (three archives, a reprint, credits) is read; a paste of
    the document's whole text after it is refused in one line, nothing stored."""
    citation = ('"Ciphered Telegram, Roshchin to Filippov [Stalin]," October 12, 1950, History '
                "and Public Policy Program Digital Archive, AP RF, f. 45, op. 1, d. 334, l. 141; "
                "RGASPI, f. 558, op. 11, d. 334, l. 141; AVP RF, f. 059a, op. 5a, d. 3, papka 11, "
                "ll. 57-59. Reprinted in Istochnik 2 (2001): 10-14. Obtained by the Cold War "
                "International History Project. Translated by Gary Goldberg.")
    result = add(runner, library_dir, "--citation", citation)
    assert result.exit_code == 0, result.output
    before = snapshot(library_dir)
    telegram = " ".join(["Top secret. Comrade Filippov, Mao Zedong asked me to convey the "
                         "following, in answer to your telegram of the ninth."] * 400)
    result = add(runner, library_dir, "--citation", f"{citation} {telegram}")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert "characters is not one citation" in line and "save the page" in line
    assert snapshot(library_dir) == before


def test_add_url_end_to_end_against_a_local_server(runner, library_dir: Path,
                                                   tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with Server(fixture_pages(), delay=2.0) as server:
        env = {"ARCHCITE_WILSON_BASE": server.base}
        result = add(runner, library_dir, "https://digitalarchive.wilsoncenter.org/document/110374",
                     env=env)
        assert result.exit_code == 0, result.output
        assert result.stdout.strip() == "filippov1951ciphered"
        result = add(runner, library_dir, "123148", env=env)
        assert result.stdout.strip() == "filippov1952cable"
        assert server.hits == ["/document/110374", "/document/123148"]
        # Already cached: a second add fetches nothing and says it is held.
        result = add(runner, library_dir, "110374", env=env)
        assert "already in the library" in result.stderr
        assert server.hits == ["/document/110374", "/document/123148"]

        before = snapshot(library_dir)
        for address, message in (("999", "no Wilson Center citation data"),
                                 ("997", "binary")):
            result = add(runner, library_dir, address, env=env)
            assert result.exit_code == 1 and message in result.stderr
            assert result.stderr.count("\n") == 1
        result = add(runner, library_dir, "110374", "--timeout", "0.5",
                     env={"ARCHCITE_WILSON_BASE": server.base + "/slow",
                          "XDG_CACHE_HOME": str(tmp_path / "fresh-cache")})
        assert result.exit_code == 1 and "timed out" in result.stderr
        assert snapshot(library_dir) == before
    result = add(runner, library_dir, "110375",
                 env={"ARCHCITE_WILSON_BASE": f"http://127.0.0.1:{free_port()}"})
    assert result.exit_code == 1 and "cannot reach the server" in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(library_dir) == before


def run(*args: str, env_extra: dict[str, str] | None = None,
        tmp: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["XDG_CACHE_HOME"] = str(tmp / "cache")
    env["XDG_DATA_HOME"] = str(tmp / "data")
    env.pop("ARCHCITE_LIBRARY", None)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "archcite", *args], capture_output=True,
                          text=True, env=env, timeout=60, check=False)


def test_subprocess_add_and_resolve(tmp_path: Path, wilson_dir: Path) -> None:
    library = tmp_path / "lib"
    proc = run("--library", str(library), "add", str(wilson_dir / "113266.txt"), tmp=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "transcript1979cpsu"
    proc = run("--library", str(library), "resolve",
               "http://digitalarchive.wilsoncenter.org/document/113266", tmp=tmp_path)
    assert proc.returncode == 0 and "holds it as transcript1979cpsu" in proc.stdout
    proc = run("--library", str(library), "add", str(tmp_path / "nothing.txt"), tmp=tmp_path)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


def test_subprocess_archives(tmp_path: Path) -> None:
    user = tmp_path / "mine.json"
    user.write_text(json.dumps([{"id": "TsGA RUz", "aliases": ["TsGA RUz"],
                                 "name": "Tsentral'nyi gosudarstvennyi arkhiv Uzbekistana",
                                 "place": "Tashkent", "grammar": "russian"}]))
    proc = run("archives", "--json", env_extra={"ARCHCITE_ARCHIVES": str(user)}, tmp=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = {row["id"]: row for row in json.loads(proc.stdout)}
    assert rows["APRF"]["origin"] == "bundled" and "AP RF" in rows["APRF"]["aliases"]
    assert rows["MOL"]["grammar"] == "free"
    assert rows["TsGA RUz"]["origin"] == "user" and rows["TsGA RUz"]["place"] == "Tashkent"
    proc = run("archives", tmp=tmp_path)
    assert proc.stdout.startswith("APRF (AP RF, A PRF, АП РФ, АПРФ) — Arkhiv Prezidenta")


@pytest.mark.parametrize("flag", ["--help"])
def test_help_lists_the_commands(runner, flag: str) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, [flag])
    for name in ("add", "resolve", "archives"):
        assert f"  {name}" in result.output
