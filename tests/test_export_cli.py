"""export / import / rekey commands, and the citation scanners."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from archcite.cli import cli
from archcite.formats.citations import aux_keys, md_keys, tex_keys
from archcite.library.store import Library
from archcite.model.archives import default_registry
from archcite.model.record import dumps_record
from tests.helpers import REPO, samples, snapshot


def fill(folder: Path) -> None:
    """A library holding the sample records."""
    lib = Library(folder, default_registry())
    for record in samples():
        lib.write(record)


def test_tex_scanner() -> None:
    text = r"""See \cite[see][l.~95]{a,b} and \autocite*{c}\footcite[12]{ d } % \cite{commented}
    \parencite{e}\textcite[x]{f} \Textcite{g} \cites[1]{h}[2]{i} 50\% \nocite{*}"""
    assert tex_keys(text) == ["a", "b", "c", "d", "e", "f", "g", "h", "i", "*"]


def test_aux_scanner() -> None:
    text = "\\relax\n\\citation{a,b}\n\\abx@aux@cite{0}{c}\n\\abx@aux@cite{d}\n\\citation{a}\n"
    assert aux_keys(text) == ["a", "b", "c", "d"]


def test_markdown_scanner() -> None:
    text = ("Text [@a] and [-@b]; @c says [see @d, l. 95; @e]. Mail me@example.org or "
            "x.y@z.org, see @{f.g}.\n`@code` https://social.example/@user\n"
            "```\n@fenced\n```\nEnds @h.")
    assert md_keys(text) == ["a", "b", "c", "d", "e", "f.g", "h"]


def test_export_only_cited_keys_warns_and_checks(runner: CliRunner, library_dir: Path,
                                                 tmp_path: Path) -> None:
    fill(library_dir)
    paper = tmp_path / "paper.tex"
    paper.write_text(r"\autocite{lotman1965pismo} \cite[l.~95]{filippov1951ciphered,ghost}")
    result = runner.invoke(cli, ["--library", str(library_dir), "export", "--tex", str(paper)])
    assert result.exit_code == 0
    assert result.stdout.count("@misc{") == 2 and "@unpublished" not in result.stdout
    assert "ghost" in result.stderr and "ghost" not in result.stdout
    checked = runner.invoke(cli, ["--library", str(library_dir), "export", "--tex", str(paper),
                                  "--check"])
    assert checked.exit_code == 1 and "archcite: error:" in checked.stderr
    md = tmp_path / "paper.md"
    md.write_text("As [@zubok2007failed, 5] shows.")
    result = runner.invoke(cli, ["--library", str(library_dir), "export", "--md", str(md),
                                 "--format", "csl-json"])
    assert [r["id"] for r in json.loads(result.stdout)] == ["zubok2007failed"]


def test_export_named_keys_and_missing_key(runner: CliRunner, library_dir: Path) -> None:
    fill(library_dir)
    result = runner.invoke(cli, ["--library", str(library_dir), "export", "zubok2007failed",
                                 "--format", "bibtex"])
    assert result.exit_code == 0 and result.stdout.startswith("@book{zubok2007failed,")
    result = runner.invoke(cli, ["--library", str(library_dir), "export", "zubok2007faild"])
    assert result.exit_code == 1 and "did you mean zubok2007failed" in result.stderr


def test_output_written_only_when_changed(runner: CliRunner, library_dir: Path,
                                          tmp_path: Path) -> None:
    fill(library_dir)
    out = tmp_path / "refs.bib"
    args = ["--library", str(library_dir), "export", "-o", str(out)]
    assert runner.invoke(cli, args).exit_code == 0
    os.utime(out, (1_000_000, 1_000_000))
    result = runner.invoke(cli, args)
    assert "up to date" in result.stderr and out.stat().st_mtime == 1_000_000
    Library(library_dir, default_registry()).remove("zubok2007failed")
    assert runner.invoke(cli, args).exit_code == 0
    assert out.stat().st_mtime != 1_000_000 and "zubok2007failed" not in out.read_text()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")] == []


def test_import_round_trip_through_the_cli(runner: CliRunner, library_dir: Path,
                                           tmp_path: Path) -> None:
    fill(library_dir)
    for fmt in ("bibtex", "biblatex", "csl-json"):
        out = tmp_path / f"all.{fmt}"
        args = ["--library", str(library_dir), "export", "--full", "-f", fmt, "-o", str(out)]
        assert runner.invoke(cli, args).exit_code == 0
        fresh = tmp_path / f"lib-{fmt}"
        result = runner.invoke(cli, ["--library", str(fresh), "import", str(out)])
        assert result.exit_code == 0, result.stderr
        assert snapshot(fresh) == snapshot(library_dir), fmt
        again = runner.invoke(cli, ["--library", str(fresh), "import", str(out)])
        assert again.exit_code == 0 and "already held" in again.stderr
        assert snapshot(fresh) == snapshot(library_dir)


def test_import_rekeys_hostile_keys(runner: CliRunner, library_dir: Path,
                                    tmp_path: Path) -> None:
    bib = tmp_path / "evil.bib"
    bib.write_text("\n".join(
        f"@misc{{{key},\n  author = {{Ivanov, Ivan}},\n  title = {{Report {n}}},\n"
        f"  year = {{195{n}}},\n}}\n"
        for n, key in enumerate(["../../evil", "/tmp/x", "con", "a:b", "ok1950"])))
    result = runner.invoke(cli, ["--library", str(library_dir), "import", str(bib)])
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in library_dir.iterdir() if not p.name.startswith("."))
    assert names == ["ivanov1950report.json", "ivanov1951report.json", "ivanov1952report.json",
                     "ivanov1953report.json", "ok1950.json"]
    assert not (tmp_path / "evil.json").exists()
    assert "re-keyed" in result.stderr


def test_import_failure_leaves_library_unchanged(runner: CliRunner, library_dir: Path,
                                                 tmp_path: Path) -> None:
    fill(library_dir)
    before = snapshot(library_dir)
    bad_date = tmp_path / "bad.bib"
    bad_date.write_text("@misc{good1950, title={A}, year={1950}}\n"
                        "@misc{bad1951, title={B}, x-archcite={[1]}}\n")
    broken = tmp_path / "broken.bib"
    broken.write_text("@misc{x, title={unclosed}\n\n@misc{y, title={B}}\n")
    binary = tmp_path / "bin.bib"
    binary.write_bytes(b"\x00\x01\x02")
    badjson = tmp_path / "bad.json"
    badjson.write_text('[{"id": "a", "type": "book"}, 5]')
    # --strict: one bad entry refuses the whole file (without it the rest is imported)
    for path in (bad_date, broken, binary, badjson, tmp_path / "missing.bib"):
        result = runner.invoke(cli, ["--library", str(library_dir), "import", "--strict",
                                     str(path)])
        assert result.exit_code == 1, path
        assert result.stderr.startswith("archcite: error:") and result.stderr.count("\n") == 1
        assert "Traceback" not in result.stderr
        assert snapshot(library_dir) == before
    dry = runner.invoke(cli, ["--library", str(library_dir), "import", "--dry-run",
                              str(REPO / "library" / "filippov1951ciphered.json")])
    assert dry.exit_code == 0 and snapshot(library_dir) == before


def test_import_zotero_style_csl_json(runner: CliRunner, library_dir: Path,
                                      tmp_path: Path) -> None:
    item = {"id": "http://zotero.org/users/1/items/ABCD", "type": "personal_communication",
            "title": "Cable, Gromyko to Dobrynin", "author": [{"family": "Gromyko",
                                                              "given": "Andrei"}],
            "issued": {"date-parts": [["1962", "10", "25"]]}, "archive": "AVP RF",
            "archive_location": "f. 059a, op. 7, d. 6, papka 11, ll. 5–7ob.",
            "citation-key": "gromyko1962cable", "libraryCatalog": "Wilson Center"}
    path = tmp_path / "zotero.json"
    path.write_text(json.dumps([item]))
    result = runner.invoke(cli, ["--library", str(library_dir), "import", str(path)])
    assert result.exit_code == 0, result.stderr
    record = json.loads((library_dir / "gromyko1962cable.json").read_text())
    assert record["custom"]["holdings"] == [{"archive": "AVP RF", "levels": [
        ["fond", "059a"], ["opis", "7"], ["delo", "6"], ["papka", "11"], ["listy", "5-7ob"]]}]
    assert record["custom"]["libraryCatalog"] == "Wilson Center"


def test_rekey(runner: CliRunner, library_dir: Path) -> None:
    fill(library_dir)
    lib = Library(library_dir, default_registry())
    record = lib.get("zubok2007failed")
    lib.write({**record, "id": "myzubok"})
    lib.remove("zubok2007failed")
    before = snapshot(library_dir)
    dry = runner.invoke(cli, ["--library", str(library_dir), "rekey", "--dry-run"])
    assert dry.exit_code == 0 and "myzubok -> zubok2007failed" in dry.stdout
    assert snapshot(library_dir) == before
    result = runner.invoke(cli, ["--library", str(library_dir), "rekey"])
    assert result.exit_code == 0
    assert (library_dir / "zubok2007failed.json").is_file()
    assert not (library_dir / "myzubok.json").exists()
    assert lib.get("zubok2007failed")["title"] == "A Failed Empire"
    stable = runner.invoke(cli, ["--library", str(library_dir), "rekey"])
    assert stable.stdout == "" and "renamed 0 of" in stable.stderr


def test_export_subprocess(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "filippov1951ciphered.json").write_text(
        dumps_record(samples()[0]), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.run([sys.executable, "-m", "archcite", "--library", str(lib), "export",
                           "--format", "bibtex"], capture_output=True, text=True, env=env,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("@misc{filippov1951ciphered,")
