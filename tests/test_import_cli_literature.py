"""Issue 11 through the command line: import like a librarian, old keys, identity, merge."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archcite.cli import cli
from archcite.errors import DuplicateRecordError
from archcite.library.store import Library
from archcite.model.archives import default_registry
from tests.helpers import REPO, snapshot

DATA = Path(__file__).parent / "data" / "literature"


def run(runner: CliRunner, library: Path, *args: str) -> Result:
    """archcite --library LIBRARY ARGS…"""
    return runner.invoke(cli, ["--library", str(library), *args])


def records(library: Path) -> dict[str, dict]:
    """Every record file of ``library`` by key."""
    return {p.stem: json.loads(p.read_text("utf-8")) for p in library.glob("*.json")}


def test_zotero_file_imports_all_but_the_broken_entry(runner: CliRunner,
                                                      library_dir: Path) -> None:
    result = run(runner, library_dir, "import", str(DATA / "zotero.bib"))
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "archcite: skipped broken1999 (line 77): cannot be read: unbalanced braces" in lines
    assert lines[-1] == "archcite: imported 8, already held 0, skipped 1, renamed 1"
    assert any(line.startswith("archcite: the entry at line 47: no key in the file; given the"
                               " key ") for line in lines)
    held = records(library_dir)
    assert len(held) == 8 and len(result.stdout.split()) == 8
    # the second matt2019basel and the empty key got new keys; the file's key is remembered
    renamed = [r for r in held.values() if r.get("custom", {}).get("old-keys")]
    assert [r["custom"]["old-keys"] for r in renamed] == [["matt2019basel"]]
    assert held["matt2019basel"]["title"].startswith("Basel zwischen")
    assert any("month '25' is not a month" in line for line in lines)


def test_strict_refuses_the_whole_file(runner: CliRunner, library_dir: Path) -> None:
    before = snapshot(library_dir)
    result = run(runner, library_dir, "import", "--strict", str(DATA / "zotero.bib"))
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"archcite: error: {DATA / 'zotero.bib'}: broken1999"
                                     " (line 77): cannot be read: unbalanced braces")
    assert snapshot(library_dir) == before


def test_first_20_skips_then_a_count_and_verbose_lists_all(runner: CliRunner,
                                                           library_dir: Path,
                                                           tmp_path: Path) -> None:
    bib = tmp_path / "many.bib"
    good = "@book{good1950, title={Fine}, date={1950}}\n"
    bad = "".join(f"@book{{bad{n}, title={{Broken {{brace}}, date={{1950}}}}\n\n"
                  for n in range(25))
    bib.write_text(good + bad, "utf-8")
    result = run(runner, library_dir, "import", "--dry-run", str(bib))
    skipped = [line for line in result.stderr.splitlines() if "archcite: skipped" in line]
    assert len(skipped) == 20
    assert "archcite: … and 5 more skipped (--verbose lists all)" in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "archcite: would import 1, already held 0, skipped 25, renamed 0")
    verbose = run(runner, library_dir, "import", "--dry-run", "--verbose", str(bib))
    assert len([line for line in verbose.stderr.splitlines() if "skipped bad" in line]) == 25
    assert "more skipped" not in verbose.stderr


def test_already_held_entries_are_counted_not_listed(runner: CliRunner,
                                                     library_dir: Path) -> None:
    assert run(runner, library_dir, "import", str(DATA / "mendeley.bib")).exit_code == 0
    again = run(runner, library_dir, "import", str(DATA / "mendeley.bib"))
    assert again.exit_code == 0
    assert again.stderr.splitlines() == [
        "archcite: imported 0, already held 3, skipped 0, renamed 0"]


def test_identity_not_coincidence(runner: CliRunner, library_dir: Path,
                                  tmp_path: Path) -> None:
    items = [
        {"id": "one", "type": "webpage", "title": "First page", "URL": "https://example.com",
         "number": "3"},
        {"id": "two", "type": "webpage", "title": "Second page", "URL": "https://example.com",
         "number": "3"},
        {"id": "art", "type": "article-journal", "title": "An article", "DOI": "10.1/abc"},
        {"id": "artagain", "type": "article-journal", "title": "An Article",
         "DOI": "https://doi.org/10.1/ABC"},
        {"id": "vol1", "type": "chapter", "title": "Chapter one", "ISBN": "978-0-19-878070-0"},
        {"id": "vol2", "type": "chapter", "title": "Chapter two", "ISBN": "9780198780700"},
    ]
    path = tmp_path / "items.json"
    path.write_text(json.dumps(items), "utf-8")
    result = run(runner, library_dir, "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert sorted(records(library_dir)) == ["art", "one", "two", "vol1", "vol2"]
    assert result.stderr.splitlines()[-1] == (
        "archcite: imported 5, already held 1, skipped 0, renamed 0")


def test_old_key_finds_the_record_in_every_command(runner: CliRunner,
                                                   library_dir: Path) -> None:
    run(runner, library_dir, "import", str(DATA / "crossref.bib"))
    # a colon is not allowed in a file name: the record got a new key, the old one works
    bib = library_dir.parent / "colon.bib"
    bib.write_text("@book{kant:kpv, author={Kant, Immanuel}, title={Kritik der praktischen"
                   " Vernunft}, date={1788}}\n", "utf-8")
    imported = run(runner, library_dir, "import", str(bib))
    new = imported.stdout.strip()
    assert new and new != "kant:kpv"
    for args in (["cite", "kant:kpv", "--style", "biblatex"], ["show", "kant:kpv"],
                 ["tag", "kant:kpv", "+philosophy"], ["export", "kant:kpv"]):
        result = run(runner, library_dir, *args)
        assert result.exit_code == 0, (args, result.stderr)
        assert f"archcite: kant:kpv is an old key; the record is now {new}" in result.stderr
    assert records(library_dir)[new]["custom"]["tags"] == ["philosophy"]
    bib_text = run(runner, library_dir, "cite", new, "--style", "biblatex").stdout
    assert re.search(r"\n  ids +=\ \{kant:kpv\},\n", bib_text)
    missing = run(runner, library_dir, "show", "never:had")
    assert missing.exit_code == 1 and "no record" in missing.stderr


def test_rekey_keeps_the_old_key_and_export_writes_ids(runner: CliRunner, library_dir: Path,
                                                       tmp_path: Path) -> None:
    lib = Library(library_dir, default_registry())
    lib.write({"id": "MyOwnKey", "type": "book", "title": "We Now Know",
               "author": [{"family": "Gaddis", "given": "John Lewis"}],
               "issued": {"date-parts": [[1997]]}})
    result = run(runner, library_dir, "rekey")
    assert result.exit_code == 0 and result.stdout.strip() == "MyOwnKey -> gaddis1997we"
    assert records(library_dir)["gaddis1997we"]["custom"]["old-keys"] == ["MyOwnKey"]
    cited = run(runner, library_dir, "cite", "MyOwnKey")
    assert cited.exit_code == 0 and "We Now Know" in cited.stdout
    paper = tmp_path / "paper.tex"
    paper.write_text(r"As \cite{MyOwnKey} shows.", "utf-8")
    exported = run(runner, library_dir, "export", "--tex", str(paper))
    assert exported.exit_code == 0, exported.stderr
    assert "@book{gaddis1997we," in exported.stdout
    assert re.search(r"\n  ids +=\ \{MyOwnKey\},\n", exported.stdout)
    assert "lacks" not in exported.stderr


def test_merge_keeps_every_field_and_tag(runner: CliRunner, library_dir: Path) -> None:
    lib = Library(library_dir, default_registry())
    lib.write({"id": "a1997", "type": "book", "title": "We Now Know", "publisher": "OUP",
               "issued": {"date-parts": [[1997]]},
               "custom": {"tags": ["cold-war"], "notes": "Mine."}})
    lib.write({"id": "b1997", "type": "book", "title": "We Now Know",
               "publisher": "Oxford University Press", "ISBN": "9780198780700",
               "issued": {"date-parts": [[1997]]},
               "custom": {"tags": ["cold-war", "to-read"], "notes": "Theirs.",
                          "old-keys": ["gaddis97"]}})
    result = run(runner, library_dir, "merge", "a1997", "b1997")
    assert result.exit_code == 0, result.stderr
    held = records(library_dir)
    assert list(held) == ["a1997"]
    merged = held["a1997"]
    assert merged["publisher"] == "OUP" and merged["ISBN"] == "9780198780700"
    assert merged["custom"]["tags"] == ["cold-war", "to-read"]
    assert merged["custom"]["notes"] == "Mine.\n\nTheirs."
    assert merged["custom"]["old-keys"] == ["b1997", "gaddis97"]
    assert merged["custom"]["merged"] == {"b1997": {"publisher": "Oxford University Press"}}
    assert run(runner, library_dir, "show", "gaddis97").exit_code == 0
    # The merged-away record went to the trash, not into nothing: a merge can be undone.
    trashed = json.loads((library_dir / ".trash" / "b1997.json").read_text("utf-8"))
    assert trashed["publisher"] == "Oxford University Press"


def test_check_reports_likely_duplicates(runner: CliRunner, library_dir: Path) -> None:
    lib = Library(library_dir, default_registry())
    for key, page in (("x1", "1"), ("x2", "2")):
        lib.write({"id": key, "type": "article-journal", "title": "Soviet Aims in Korea",
                   "author": [{"family": "Weathersby", "given": "Kathryn"}],
                   "issued": {"date-parts": [[1993]]}, "page": page})
    lib.write({"id": "other", "type": "article-journal", "title": "Soviet Aims in Korea",
               "author": [{"family": "Weathersby", "given": "Kathryn"}],
               "issued": {"date-parts": [[1995]]}})
    result = run(runner, library_dir, "check", "--json")
    problems = json.loads(result.stdout)["problems"]
    likely = [p for p in problems if p["check"] == "likely-duplicates"]
    assert {p["key"] for p in likely} == {"x1", "x2"}
    assert not [p for p in problems if p["check"] == "duplicates"]


def test_show_prints_the_literature_fields(runner: CliRunner, library_dir: Path) -> None:
    run(runner, library_dir, "import", str(DATA / "zotero.bib"))
    result = run(runner, library_dir, "show", "shen2000sinosoviet")
    assert result.exit_code == 0
    for text in ("Journal of Cold War Studies", "10.1162/15203970051032318", "44-68",
                 "2024-03-01"):
        assert text in result.stdout
    found = run(runner, library_dir, "search", "Cold War Studies")
    assert "shen2000sinosoviet" in found.stdout


def test_import_of_a_json_object_says_it_is_not_an_array(runner: CliRunner,
                                                         library_dir: Path,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "lib.json"
    path.write_text('{"library": "mine"}', "utf-8")
    result = run(runner, library_dir, "import", str(path))
    assert result.exit_code == 1
    assert "a JSON object, not an array of CSL items" in result.stderr


def test_ris_import_through_a_real_subprocess(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path),
           "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run(
        [sys.executable, "-m", "archcite", "--library", str(tmp_path / "lib"), "import",
         str(DATA / "catalogue.ris")], capture_output=True, text=True, env=env, timeout=120,
        check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == (
        "archcite: imported 4, already held 0, skipped 1, renamed 0")
    assert len(result.stdout.split()) == 4


def test_add_holds_a_document_by_identity_not_by_a_shared_url(library_dir: Path) -> None:
    lib = Library(library_dir, default_registry())
    first, _ = lib.add({"type": "webpage", "title": "First page", "URL": "https://example.com",
                        "number": "3"})
    second, _ = lib.add({"type": "webpage", "title": "Second page",
                         "URL": "https://example.com", "number": "3"})
    assert first != second and len(records(library_dir)) == 2
    wilson = {"type": "manuscript", "title": "Memorandum",
              "URL": "https://digitalarchive.wilsoncenter.org/document/110374"}
    held, _ = lib.add(wilson)
    with pytest.raises(DuplicateRecordError) as caught:
        lib.add({**wilson, "title": "The same document, retitled"})
    assert caught.value.existing_key == held
