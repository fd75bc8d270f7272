"""Rendering at scale: memoized citeproc lookups, chunked bibliographies and the cache by key
give exactly what the plain path gives, in the style's order, with one process or several."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from archcite.cli import cli
from archcite.library.store import Library
from archcite.model.archives import load_registry
from archcite.render import engine
from archcite.render.cache import in_order, render_cached, render_library
from archcite.render.styles import memoize_lookups
from tests.helpers import bulk_library, copy_library, synthetic


@pytest.fixture
def plain_lookups() -> Iterator[None]:
    """citeproc-py's own lookups for the duration of a test (the memo restored after)."""
    memoize_lookups(False)
    try:
        yield
    finally:
        memoize_lookups(True)


@pytest.mark.slow  # equivalence over 400 records
def test_chunked_entries_equal_one_bibliography_per_entry(plain_lookups: None) -> None:
    # The engine's sorted render (one citeproc bibliography per entry before chunking) and the
    # chunked entries in record order are the same entries; the order is the style's sort key.
    records = synthetic(400, seed=7)
    registry = load_registry()
    chunked = engine.render_entries(records, style="chicago", form="bib", registry=registry)
    memoize_lookups(True)
    one_by_one = [engine.render_entries([r], style="chicago", form="bib", registry=registry)[0]
                  for r in records]
    assert chunked == one_by_one
    sorted_render = engine.render(records, style="chicago", form="bib", registry=registry)
    keyed = in_order([(text, engine.entry_sort_key(r, text, "chicago"))
                      for r, text in zip(records, chunked, strict=True)])
    assert keyed == sorted_render


def test_a_repeated_record_in_a_chunk_is_rendered_twice() -> None:
    records = synthetic(3, seed=3)
    entries = engine.render_entries([records[0], records[1], records[0]], style="chicago",
                                    form="bib", registry=load_registry())
    assert entries[0] == entries[2] != entries[1]


def test_cached_bibliography_entries_belong_to_their_records(tmp_path: Path) -> None:
    # A bibliography renderer that sorted would store entries under the wrong records.
    records = synthetic(5, seed=11)
    registry = load_registry()
    options: dict[str, Any] = {"style": "chicago", "form": "bib", "fmt": "text",
                               "registry": registry, "renderer": engine.render_entries,
                               "cache_dir": tmp_path, "workers": 1}
    render_cached(list(reversed(records)), **options)
    for record in records:
        alone = engine.render_entries([record], style="chicago", form="bib", registry=registry)
        assert render_cached([record], **options) == alone


@pytest.fixture(scope="session")
def big_library_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """160 synthetic records, written once per session through the bulk write path."""
    return bulk_library(tmp_path_factory.mktemp("render-scale") / "lib",
                        synthetic(160, seed=23)).root


@pytest.fixture
def big_library(big_library_files: Path, tmp_path: Path) -> Library:
    """A private copy of the 160 records (the tests write caches and edit records)."""
    return copy_library(big_library_files, tmp_path / "lib")


@pytest.mark.slow  # equivalence of six renders, with worker processes
def test_cache_by_key_same_output_cold_warm_uncached_one_or_two_processes(
        big_library: Library) -> None:
    keys = sorted(big_library.keys(), reverse=True)
    options: dict[str, Any] = {"style": "chicago", "form": "bib", "fmt": "text",
                               "renderer": engine.render_entries,
                               "sorter": engine.entry_sort_key}
    reference = engine.render([big_library.get(k) for k in keys], style="chicago", form="bib",
                              registry=big_library.registry)
    uncached_one = render_library(big_library, keys, **options, workers=1, use_cache=False)
    uncached_two = render_library(big_library, keys, **options, workers=2, use_cache=False)
    assert not (big_library.cache_dir / "render.sqlite").exists()
    cold = render_library(big_library, keys, **options, workers=2)
    assert (big_library.cache_dir / "render.sqlite").is_file()
    warm = render_library(big_library, keys, **options, workers=1)
    assert uncached_one == uncached_two == cold == warm
    assert in_order(warm) == reference
    # notes come back in the order asked, with the locator
    notes = render_library(big_library, keys[:70], **{**options, "form": "note"},
                           locator="l. 5", workers=2)
    assert [t for t, _ in notes] == engine.render([big_library.get(k) for k in keys[:70]],
                                                  style="chicago", form="note", locator="l. 5",
                                                  registry=big_library.registry)


def test_an_edited_record_is_rendered_again(big_library: Library) -> None:
    keys = big_library.keys()[:3]
    options: dict[str, Any] = {"style": "chicago", "form": "note", "fmt": "text",
                               "renderer": engine.render_entries, "workers": 1}
    before = render_library(big_library, keys, **options)
    record = big_library.get(keys[1])
    record["title"] = "Telegram, Громыко to Mao Zedong"
    record["author"] = [{"literal": "Громыко"}]
    big_library.write(record)
    after = render_library(big_library, keys, **options)
    assert after[0] == before[0] and after[2] == before[2]
    assert after[1] != before[1] and "Громыко" in after[1][0]


def test_cite_many_keys_bibliography_sorted_as_the_style_sorts(runner: CliRunner,
                                                               big_library: Library) -> None:
    keys = sorted(big_library.keys(), reverse=True)[:90]
    args = ["--library", str(big_library.root), "cite", *keys, "--form", "bib"]
    cold = runner.invoke(cli, args)
    assert cold.exit_code == 0, cold.output
    warm = runner.invoke(cli, args)
    expected = engine.render([big_library.get(k) for k in keys], style="chicago", form="bib",
                             registry=big_library.registry)
    assert cold.output.splitlines() == warm.output.splitlines() == expected


def test_cite_and_bib_work_without_a_writable_cache_folder(runner: CliRunner,
                                                          big_library: Library) -> None:
    # root ignores permissions: a file where the cache folder would go stands in for a
    # read-only library (mkdir fails, the cache cannot be opened or written).
    big_library.cache_dir.parent.mkdir(exist_ok=True)
    if big_library.cache_dir.exists():
        import shutil

        shutil.rmtree(big_library.cache_dir)
    big_library.cache_dir.write_text("not a folder")
    keys = big_library.keys()[:4]
    result = runner.invoke(cli, ["--library", str(big_library.root), "cite", *keys])
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) == 4
    assert big_library.cache_dir.read_text() == "not a folder"


def test_cite_of_a_missing_key_fails_even_when_the_rest_is_cached(runner: CliRunner,
                                                                 big_library: Library) -> None:
    keys = big_library.keys()[:2]
    assert runner.invoke(cli, ["--library", str(big_library.root), "cite", *keys]).exit_code == 0
    result = runner.invoke(cli, ["--library", str(big_library.root), "cite", *keys, "nokey1900x"])
    assert result.exit_code != 0
    assert "nokey1900x" in result.output and "Traceback" not in result.output


def test_sort_key_strings_sort_as_the_style_sort_tuples() -> None:
    records = synthetic(600, seed=5)
    for family in ("chicago", "mla"):
        by_tuple = sorted(records, key=lambda r, f=family: engine.sort_key(r, f))
        by_string = sorted(records, key=lambda r, f=family: engine.entry_sort_key(r, "", f))
        assert [r["id"] for r in by_string] == [r["id"] for r in by_tuple]
    assert engine.entry_sort_key(records[0], "<i>Über</i> x", "/a/b.csl").startswith("uber x\0")
