"""pandoc 3 agrees with archcite on archcite's own styles, for every archival fixture record.

Every real page in ``../shared/fixtures/wilson`` that holds citation data, and the seed, is read
into a record as ``archcite add`` would store it; the stored CSL-JSON goes to pandoc's citeproc
with archcite's Chicago note and bibliography styles and its MLA style, and each note, in-text
citation and entry must be the one archcite prints. A user who exports CSL-JSON and writes with
pandoc gets the same citations as ``archcite cite``, except what CSL's flat fields cannot carry:
a reprint kept beside the holdings prints only in archcite. (A second holding travels in
``division``, which archcite's styles print after the first and the official styles never
print.)

archcite's MLA style is compared twice: on the stored flat fields (which carry the Chicago
spelling of the archive, "APRF, f. 45", the spelling other tools print), and on the same records
with MLA's spelling of the holdings, "Archive of the President of the Russian Federation, fond
45", which archcite computes from the structured holdings and no flat field stores.
pandoc is the reference CSL processor: where the two differ, archcite is wrong, except for what
pandoc itself gets wrong or cannot do with the data it has, named here:

- pandoc (like citeproc-py) prints a ``static-ordering`` family-first name given-first ("Zedong
  Mao"); archcite's records store names read from pages as literals, so no fixture record
  carries one.
- MLA 9 leaves "https://" out of a URL; a CSL style cannot cut a prefix off a variable, so pandoc
  prints the stored URL whole (archcite's view drops the scheme before the style sees it).
- An MLA in-text citation that must tell two works of one author apart adds a short title. For
  an untitled document MLA 9 shortens the description ("Ciphered telegram to Mao Zedong"),
  which archcite writes; a stored record has only the page's heading as its title, which
  pandoc shortens instead, unless the record carries that ``title-short``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from archcite.errors import SourceError
from archcite.model.archives import load_registry
from archcite.model.keys import unique_key
from archcite.model.record import derive_archive_fields
from archcite.render.engine import render
from archcite.render.intext import intext_titles
from archcite.render.view import archival_fields, short_title
from archcite.sources.reading import read_source
from archcite.sources.wilson import record_from_page
from tests.helpers import REPO, shared_path

REGISTRY = load_registry()
pytestmark = pytest.mark.slow  # a real pandoc, run over every fixture page


def _pandoc() -> str:
    try:
        import pypandoc
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("pypandoc-binary (a test extra) is missing in CI")
        pytest.skip("needs pypandoc-binary (pip install -e '.[test]')")
    return str(pypandoc.get_pandoc_path())


def fixture_records() -> list[dict[str, Any]]:
    """The stored form of every fixture page with citation data, and of the seed."""
    folder = shared_path("fixtures", "wilson")
    pages = [*sorted(folder.glob("*.txt")), shared_path("seed", "110374.md")]
    records: list[dict[str, Any]] = []
    keys: set[str] = set()
    for page in pages:
        try:
            record = record_from_page(read_source(page), REGISTRY)
        except SourceError:
            continue  # a page with no citation data (node-89952) has no record to cite
        record["id"] = unique_key(record, keys)
        keys.add(record["id"])
        records.append(derive_archive_fields(record, REGISTRY))
    return records


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    out = fixture_records()
    # every page but the one with no citation data, and the seed
    assert len(out) >= 12
    return out


def pandoc_notes(pandoc: str, tmp: Path, records: list[dict[str, Any]], style: str,
                 twice: bool = False) -> tuple[list[str], list[str]]:
    """pandoc's footnotes for one citation of each record (``twice``: two, the second a
    short note), and its bibliography entries."""
    (tmp / "refs.json").write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    cites = [f"[@{r['id']}]" for r in records]
    body = "\n\n".join(f"Text {i}.{cite}" for i, cite in enumerate(cites * (2 if twice else 1)))
    (tmp / "paper.md").write_text(body + "\n", "utf-8")
    proc = subprocess.run(
        [pandoc, "paper.md", "--citeproc", "--csl", str(REPO / "styles" / style),
         "--bibliography", "refs.json", "-t", "plain", "--wrap=none"],
        capture_output=True, text=True, cwd=tmp, timeout=300, check=True,
    )
    # footnotes (Chicago) or, for an in-text style, the parenthesis after each "Text N."
    notes = (re.findall(r"^\[\d+\] (.+)$", proc.stdout, re.MULTILINE)
             or re.findall(r"^Text \d+\.(\(.+\))$", proc.stdout, re.MULTILINE))
    body_end = proc.stdout.rfind(f"Text {len(cites) * (2 if twice else 1) - 1}.")
    tail = proc.stdout[body_end:].split("\n\n")[1:]
    entries = [" ".join(p.split()) for p in tail if p.strip() and not p.startswith("[")]
    return notes, entries


def test_fixture_records_cover_the_pages(records: list[dict[str, Any]]) -> None:
    assert any(len(r["custom"].get("holdings", [])) > 1 for r in records)
    assert any(r.get("translator") for r in records)


def flat(record: dict[str, Any]) -> dict[str, Any]:
    """The record as another CSL tool sees it: its CSL variables, without ``custom``."""
    return {k: v for k, v in record.items() if k != "custom"}


def beyond_flat_fields(record: dict[str, Any]) -> bool:
    """Whether the record holds more than its flat CSL fields carry: a reprint (kept beside the
    holdings in ``custom``; CSL has no variable for a reprint beside an archival reference).
    Further holdings do travel: ``division`` carries them, and archcite's styles print it."""
    return bool(record.get("custom", {}).get("reprints"))


def test_chicago_full_notes_and_bibliography_agree(tmp_path: Path,
                                                  records: list[dict[str, Any]]) -> None:
    pandoc = _pandoc()
    notes, _ = pandoc_notes(pandoc, tmp_path, records, "archcite-chicago-note.csl")
    full = render(records, style="chicago", form="note", registry=REGISTRY)
    from_flat = render([flat(r) for r in records], style="chicago", form="note",
                       registry=REGISTRY)
    assert len(notes) == len(records)
    for record, ours, ours_flat, theirs in zip(records, full, from_flat, notes, strict=True):
        # the same data through the same style: pandoc and archcite print the same note
        assert theirs == ours_flat, record["id"]
        # and that is archcite's note, unless the record holds more than CSL's flat fields
        assert (ours == ours_flat) != beyond_flat_fields(record), record["id"]
    _, entries = pandoc_notes(pandoc, tmp_path, records, "archcite-chicago-bib.csl")
    assert sorted(entries) == sorted(render([flat(r) for r in records], style="chicago",
                                            form="bib", registry=REGISTRY))


def test_chicago_short_notes_agree(tmp_path: Path, records: list[dict[str, Any]]) -> None:
    """Short notes of letters print parties and date, from the data alone. A document with no
    parties prints a short title: archcite shortens the heading itself (at most five words);
    pandoc prints the record's ``title-short`` when it has one (a record imported from Zotero
    does), so the two agree once the record carries it."""
    pandoc = _pandoc()
    with_short = [r if r.get("author") else {**r, "title-short": short_title(r["title"])}
                  for r in records]
    notes, _ = pandoc_notes(pandoc, tmp_path, with_short, "archcite-chicago-note.csl",
                            twice=True)
    short = render(records, style="chicago", form="short", registry=REGISTRY)
    assert len(notes) == 2 * len(records)
    for record, ours, theirs in zip(records, short, notes[len(records):], strict=True):
        assert theirs == ours, record["id"]
        assert len(ours) < 120


def with_mla_holdings(record: dict[str, Any]) -> dict[str, Any]:
    """The flat record with the archival reference spelled as archcite's MLA prints it (all
    holdings in ``archive_location``, the archive named in English), nothing in ``division``."""
    out = {k: v for k, v in flat(record).items()
           if k not in ("archive", "archive_location", "division")}
    out.update(archival_fields(record, "mla", REGISTRY))
    return out


def without_scheme(entry: str) -> str:
    """An entry with its URL as MLA 9 writes it: no "https://" (pandoc cannot drop it)."""
    return re.sub(r"\bhttps?://", "", entry)


def test_mla_works_cited_agree(tmp_path: Path, records: list[dict[str, Any]]) -> None:
    pandoc = _pandoc()
    assert len(records) >= 12
    # the stored fields, through the same style: the same entries
    _, entries = pandoc_notes(pandoc, tmp_path, records, "archcite-mla.csl")
    stored = render([flat(r) for r in records], style="mla", form="bib", registry=REGISTRY)
    assert len(entries) == len(records)
    assert any("https://" in e for e in entries)  # the scheme rule below is not idle
    assert sorted(map(without_scheme, entries)) == sorted(stored)
    # with MLA's spelling of the holdings: archcite's own works-cited entries, except a reprint
    # (kept beside the holdings in custom; CSL has one container per item)
    spelled = [with_mla_holdings(r) for r in records]
    _, entries = pandoc_notes(pandoc, tmp_path, spelled, "archcite-mla.csl")
    ours_spelled = render(spelled, style="mla", form="bib", registry=REGISTRY)
    assert sorted(map(without_scheme, entries)) == sorted(ours_spelled)
    for record, view in zip(records, spelled, strict=True):
        [ours] = render([record], style="mla", form="bib", registry=REGISTRY)
        [same_data] = render([view], style="mla", form="bib", registry=REGISTRY)
        assert (ours == same_data) != beyond_flat_fields(record), (record["id"], ours)
        for holding in record["custom"].get("holdings", []):
            # MLA names a known archive in full, never by the acronym the Chicago fields carry
            known = REGISTRY.lookup(str(holding.get("archive", "")))
            if known is not None:  # (its apostrophes curly: "People’s Republic")
                assert known.english_or_name.replace("'", "’") in ours, (record["id"], ours)


def test_mla_in_text_citations_agree(tmp_path: Path, records: list[dict[str, Any]]) -> None:
    """pandoc disambiguates by itself: it adds a short title to exactly the citations archcite
    adds one to (two works of one author in the cited set), and, given archcite's short title
    as the record's ``title-short``, prints archcite's citation. A work with no author is
    named by its title: archcite shortens it (MLA 9), pandoc prints the title the data gives,
    whole when the record carries no ``title-short``."""
    pandoc = _pandoc()
    ours = render(records, style="mla", form="intext", registry=REGISTRY)
    authors = [str(r["author"][0].get("literal") or r["author"][0].get("family"))
               if r.get("author") else "" for r in records]
    # the fixtures hold several works of one author, and authors with one work
    assert sum(f"({a}, " in o for a, o in zip(authors, ours, strict=True) if a) >= 2
    assert sum(o == f"({a})" for a, o in zip(authors, ours, strict=True) if a) >= 2
    cites, _ = pandoc_notes(pandoc, tmp_path, [flat(r) for r in records], "archcite-mla.csl")
    assert len(cites) == len(records)
    for record, author, mine, theirs in zip(records, authors, ours, cites, strict=True):
        if not author:  # the title stands in for the author: archcite's is its short form
            assert theirs.startswith(mine[:-1]), (record["id"], mine, theirs)
        else:
            # the same decision: a short title after the author, or the author alone
            assert theirs.startswith(f"({author}, ") == mine.startswith(f"({author}, "), (
                record["id"], mine, theirs)
    titles = intext_titles(records, records)
    assert titles
    with_short = [{**flat(r), "title-short": titles[r["id"]]} if r["id"] in titles
                  else {**flat(r), "title-short": short_title(r)} if not r.get("author")
                  else flat(r) for r in records]
    cites, _ = pandoc_notes(pandoc, tmp_path, with_short, "archcite-mla.csl")
    assert cites == ours
