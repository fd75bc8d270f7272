"""The rendered-string cache: only misses are rendered, keys cover everything that matters."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from archcite.model.archives import load_registry
from archcite.render import cache as render_cache
from archcite.render.cache import render_cached, render_parallel
from tests.helpers import bulk_library, copy_library, titled_records

CALLS: list[int] = []


def fake_render(records: list[dict[str, Any]], *, style: str, form: str, fmt: str,
                locator: str | None, registry: object) -> list[str]:
    """Stands in for archcite.render.engine.render; records how many entries it rendered."""
    CALLS.append(len(records))
    suffix = f", {locator}" if locator else ""
    return [f"{r['title']}{suffix} ({form}, {fmt}, pid {os.getpid()})" for r in records]


@pytest.fixture(autouse=True)
def _reset() -> None:
    CALLS.clear()


def render(recs: list[dict[str, Any]], cache_dir: Path | None, **kw: Any) -> list[str]:
    options: dict[str, Any] = {"style": "chicago", "form": "bib", "fmt": "text",
                               "registry": load_registry(), "renderer": fake_render,
                               "cache_dir": cache_dir, "workers": 1}
    options.update(kw)
    return render_cached(recs, **options)


def test_only_misses_are_rendered(tmp_path: Path) -> None:
    recs = titled_records(10)
    first = render(recs, tmp_path)
    assert CALLS == [10]
    assert render(recs, tmp_path) == first
    assert CALLS == [10]  # warm: nothing rendered
    recs[3] = {**recs[3], "title": "Changed"}
    out = render(recs + titled_records(12)[10:], tmp_path)
    assert CALLS == [10, 3]  # the changed record and the two new ones
    assert out[3].startswith("Changed (bib, text")
    assert out[:3] == first[:3]


@pytest.mark.parametrize("change", [{"form": "note"}, {"fmt": "html"}, {"locator": "l. 95"},
                                    {"locale": "ru-RU"}, {"style": "mla"}])
def test_cache_key_covers_form_format_locator_locale_style(tmp_path: Path,
                                                           change: dict[str, Any]) -> None:
    recs = titled_records(3)
    render(recs, tmp_path)
    render(recs, tmp_path, **change)
    assert CALLS == [3, 3]


def test_style_file_content_is_the_key(tmp_path: Path) -> None:
    style = tmp_path / "mine.csl"
    style.write_text("<style>one</style>", "utf-8")
    recs = titled_records(2)
    render(recs, tmp_path, style=str(style))
    render(recs, tmp_path, style=str(style))
    style.write_text("<style>two</style>", "utf-8")
    render(recs, tmp_path, style=str(style))
    assert CALLS == [2, 2]


def test_cold_render_uses_worker_processes_in_order(tmp_path: Path) -> None:
    recs = titled_records(render_cache.PARALLEL_MIN * 2)
    out = render(recs, tmp_path, workers=2)
    assert [o.split(" (")[0] for o in out] == [r["title"] for r in recs]
    pids = {o.rsplit("pid ", 1)[1].rstrip(")") for o in out}
    assert str(os.getpid()) not in pids  # rendered in the workers
    assert render_parallel(fake_render, recs[:5], 2, style="chicago", form="bib", fmt="text",
                           locator=None, registry=None)[0].startswith("Document 0")


def test_unpicklable_renderer_falls_back_to_serial(tmp_path: Path) -> None:
    def local(recs: list[dict[str, Any]], **kw: Any) -> list[str]:
        return [r["id"] for r in recs]

    recs = titled_records(render_cache.PARALLEL_MIN + 1)
    assert render(recs, tmp_path, renderer=local, workers=2) == [r["id"] for r in recs]


def test_broken_cache_file_is_replaced(tmp_path: Path) -> None:
    (tmp_path / render_cache.CACHE_NAME).write_bytes(b"garbage" * 1000)
    assert render(titled_records(2), tmp_path)[0].startswith("Document 0")
    assert render(titled_records(2), None)[1].startswith("Document 1")


def test_garbage_cache_is_rebuilt_but_a_busy_one_is_never_deleted(tmp_path: Path) -> None:
    import sqlite3

    (tmp_path / render_cache.CACHE_NAME).write_bytes(b"garbage" * 1000)
    render_cache.RenderCache(tmp_path).conn.close()
    with sqlite3.connect(tmp_path / render_cache.CACHE_NAME) as conn:  # a real database again
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    holder = sqlite3.connect(tmp_path / render_cache.CACHE_NAME, timeout=0)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        original = render_cache.sqlite3.connect

        def impatient(*args: Any, **kwargs: Any) -> sqlite3.Connection:
            kwargs["timeout"] = 0.05
            return original(*args, **kwargs)

        render_cache.sqlite3.connect = impatient  # type: ignore[assignment]
        try:
            cache = render_cache.RenderCache(tmp_path)  # busy: goes on in memory
        finally:
            render_cache.sqlite3.connect = original  # type: ignore[assignment]
        assert cache.conn.execute("PRAGMA database_list").fetchone()[2] == ""
        assert (tmp_path / render_cache.CACHE_NAME).exists()
    finally:
        holder.rollback()
        holder.close()


# ---------------------------------------------------------------- library renders (cite, bib)


def library_render(library: Any, keys: list[str], **kw: Any) -> list[tuple[str, str]]:
    options: dict[str, Any] = {"style": "chicago", "form": "bib", "fmt": "text",
                               "renderer": fake_render, "workers": 1}
    options.update(kw)
    return render_cache.render_library(library, keys, **options)


@pytest.fixture(scope="session")
def small_library_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,200 small records, written once per session through the bulk write path."""
    return bulk_library(tmp_path_factory.mktemp("render-cache") / "lib", titled_records(1200)).root


@pytest.fixture
def small_library(small_library_files: Path, tmp_path: Path) -> Any:
    """A private copy of the 1,200 records (the tests touch, edit and remove records)."""
    return copy_library(small_library_files, tmp_path / "lib")


@pytest.mark.parametrize("count", [5, 1200])  # a few keys, and many (the whole-context read)
def test_library_render_reuses_entries_by_stamp_and_content(small_library: Any,
                                                            count: int) -> None:
    keys = small_library.keys()[:count]
    cold = library_render(small_library, keys)
    assert list(CALLS) == [count]
    assert library_render(small_library, keys) == cold
    assert list(CALLS) == [count]  # warm: nothing rendered
    # A touched but unchanged file is found by its content; an edited one is rendered again.
    touched, edited = (small_library.root / f"{k}.json" for k in keys[:2])
    os.utime(touched, ns=(1, 1))
    record = small_library.get(keys[1])
    record["title"] = "Edited title"
    small_library.write(record)
    again = library_render(small_library, keys)
    assert list(CALLS) == [count, 1]
    assert again[0] == cold[0] and again[2:] == cold[2:]
    assert again[1][0].startswith("Edited title (bib")
    assert library_render(small_library, keys) == again  # and that is remembered
    assert list(CALLS) == [count, 1]
    assert edited.is_file()


def test_library_render_entries_are_per_context_and_keys_may_repeat(small_library: Any) -> None:
    keys = small_library.keys()[:3]
    bib = library_render(small_library, keys)
    notes = library_render(small_library, [keys[1], keys[1], keys[0]], form="note")
    assert [t for t, _ in notes] == [bib[1][0].replace("(bib", "(note"),
                                     bib[1][0].replace("(bib", "(note"),
                                     bib[0][0].replace("(bib", "(note")]
    assert library_render(small_library, keys) == bib


def test_a_removed_record_fails_even_when_its_entry_is_cached(small_library: Any) -> None:
    from archcite.errors import KeyNotFoundError

    keys = small_library.keys()[:3]
    library_render(small_library, keys)
    small_library.remove(keys[2])
    with pytest.raises(KeyNotFoundError):
        library_render(small_library, keys)


def test_engine_functions_share_the_engine_functions_cache_fingerprint() -> None:
    from archcite.render import engine
    from archcite.render.lazy import engine_functions

    renderer, sorter = engine_functions("render_entries", "entry_sort_key")
    assert (render_cache.renderer_fingerprint(renderer)
            == render_cache.renderer_fingerprint(engine.render_entries))
    import pickle

    assert pickle.loads(pickle.dumps(sorter))(titled_records(1)[0], "", "chicago") == \
        engine.entry_sort_key(titled_records(1)[0], "", "chicago")
