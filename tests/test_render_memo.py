"""Every memoized citeproc-py lookup renders exactly what citeproc-py renders without it.

archcite wraps citeproc-py's per-element lookups (:mod:`archcite.render.memo`). These tests
render thousands of varied records in every built-in style, form and output format, and with a
user's style that uses what archcite's styles do not (localized dates whose date-parts citeproc
rewrites while rendering, formatting attributes, affixes, name options overridden by sort keys,
et al., labels, substitutes, page ranges, citation numbers), once with the memo and once with
citeproc-py's own methods, each on a freshly parsed style, and compare every string.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from archcite.model.archives import load_registry
from archcite.render import engine, memo, styles
from archcite.render.formatters import FORMATTERS
from archcite.render.styles import memoize_lookups
from tests.helpers import REPO, varied

RICH_STYLE = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"
    default-locale="en-US"
       page-range-format="chicago" demote-non-dropping-particle="sort-only">
  <info><title>memo test style</title><id>memo-test</id>
    <updated>2026-11-01T00:00:00+00:00</updated></info>
  <macro name="author">
    <names variable="author">
      <name name-as-sort-order="first" and="symbol" initialize-with=". " et-al-min="3"
          et-al-use-first="1" delimiter="; ">
        <name-part name="family" font-variant="small-caps" text-case="uppercase"/>
      </name>
      <label form="short" prefix=" (" suffix=")"/>
      <substitute><names variable="editor"/><text variable="title"
          font-style="italic"/></substitute>
    </names>
  </macro>
  <macro name="when">
    <choose>
      <if variable="issued"><date variable="issued" form="text" prefix="(" suffix=")"/></if>
      <else><text term="no date" form="short" text-case="capitalize-all"
          strip-periods="true"/></else>
    </choose>
  </macro>
  <macro name="num">
    <group delimiter=" ">
      <label variable="page" form="short"/>
      <number variable="page" form="numeric" font-weight="bold"/>
    </group>
  </macro>
  <citation et-al-min="2" et-al-use-first="1">
    <sort><key macro="author" names-min="1" names-use-first="1"/><key variable="issued"
        sort="descending"/></sort>
    <layout prefix="[" suffix="]" delimiter="; ">
      <group delimiter=", ">
        <text variable="citation-number" vertical-align="sup"/>
        <text macro="author"/>
        <date variable="issued"><date-part name="year" form="short"/><date-part name="month"
            form="numeric-leading-zeros" prefix="/"/></date>
        <date variable="issued" form="text" date-parts="year-month"><date-part name="month"
            form="short" text-case="uppercase"/></date>
        <text variable="locator" text-decoration="underline"/>
      </group>
    </layout>
  </citation>
  <bibliography et-al-min="4" et-al-use-first="2" names-delimiter=". ">
    <sort><key macro="author" names-min="2"
        names-use-first="1"/><key variable="title"/><key variable="issued"/></sort>
    <layout suffix=".">
      <group delimiter=". ">
        <text macro="author"/>
        <text macro="when"/>
        <text variable="title" quotes="true" text-case="title"/>
        <names variable="recipient translator" prefix="to "/>
        <text variable="genre" text-case="capitalize-first" font-style="oblique"/>
        <group delimiter=", "><text variable="archive"/><text variable="archive_location"
            font-weight="light"/></group>
        <text macro="num"/>
        <text variable="volume" prefix="vol. "/>
        <text variable="URL" prefix=" " suffix=" "/>
      </group>
    </layout>
  </bibliography>
</style>
"""

def _fresh(enabled: bool) -> None:
    """The memo on or off, and every style parsed again (citeproc-py mutates parsed styles)."""
    styles._load.cache_clear()
    memoize_lookups(enabled)


# The equivalence runs in parts so that pytest-xdist spreads it over the cores: SLICES slices
# of the records for the jobs that render each record on its own (each slice renders every such
# job, in the same order, so the memo carries over from style to style as in one long run), and
# one part for the jobs that need their records whole, in their order: Chicago's sorted
# bibliography (sorting looks at every entry), then the user's style, whose order of forms makes
# citeproc-py rewrite a locale's date-parts mid-way. Together they are every job on every record.
SLICES = 5
RECORDS = 2000
PARTS = [*(f"records-{k + 1}-of-{SLICES}" for k in range(SLICES)), "sorted-and-user-style"]


def _render_slice(records: list[dict[str, Any]], k: int) -> dict[str, list[str]]:
    registry = load_registry()
    out: dict[str, list[str]] = {}
    jobs: list[tuple[str, str, str, int]] = [("chicago", "bib", "text", len(records)),
                                             ("mla", "bib", "html", 800)]
    for style, form in (("chicago", "note"), ("chicago", "short"), ("chicago", "bib"),
                        ("mla", "bib"), ("mla", "intext")):
        jobs += [(style, form, fmt, 120) for fmt in FORMATTERS]
    for style, form, fmt, count in jobs:
        part = records[count * k // SLICES: count * (k + 1) // SLICES]
        for locator in ([None] if form == "bib" else [None, "ll. 95-96ob"]):
            out[f"{style}-{form}-{fmt}-{count}-{locator}"] = engine.render_entries(
                part, style=style, form=form, fmt=fmt, locator=locator, registry=registry)
    return out


def _render_whole(records: list[dict[str, Any]], rich: Path) -> dict[str, list[str]]:
    registry = load_registry()
    out: dict[str, list[str]] = {}
    out["chicago-sorted"] = engine.render(records[:400], style="chicago", form="bib",
                                          registry=registry)
    # A user's style, in an order where citeproc-py rewrites a locale's date-parts mid-way.
    for i, (form, fmt) in enumerate([("bib", "html"), ("note", "html"), ("bib", "latex"),
                                     ("note", "markdown"), ("bib", "text")]):
        out[f"rich-{i}-{form}-{fmt}"] = engine.render_entries(
            records[:200], style=str(rich), form=form, fmt=fmt,
            locator=None if form == "bib" else "ll. 5-9", registry=registry)
    out["rich-sorted"] = engine.render(records[:200], style=str(rich), form="bib",
                                       fmt="html", registry=registry)
    return out


def _render_part(records: list[dict[str, Any]], rich: Path, part: str) -> dict[str, list[str]]:
    if part in PARTS[:SLICES]:
        return _render_slice(records, PARTS.index(part))
    return _render_whole(records, rich)


@pytest.fixture
def rich_style(tmp_path: Path) -> Path:
    path = tmp_path / "rich.csl"
    path.write_text(RICH_STYLE, "utf-8")
    return path


@pytest.mark.slow  # equivalence over 2,000 records, rendered twice
@pytest.mark.parametrize("part", PARTS)
def test_memoized_citeproc_renders_exactly_what_plain_citeproc_renders(
        rich_style: Path, part: str) -> None:
    records = varied(RECORDS, seed=1917)
    try:
        _fresh(True)
        memoized = _render_part(records, rich_style, part)
        assert styles._XPATH_MEMO and any(memo._MEMOS)  # the memo was in use
        _fresh(False)
        plain = _render_part(records, rich_style, part)
    finally:
        _fresh(True)
    assert memoized.keys() == plain.keys()
    for name, entries in plain.items():
        assert memoized[name] == entries, name
    if part in PARTS[:SLICES]:
        # real, varied entries: over 1,900 of the 2,000 distinct, so as many in each slice
        k = PARTS.index(part)
        entries = memoized[f"chicago-bib-text-{RECORDS}-None"]
        assert len(entries) == RECORDS * (k + 1) // SLICES - RECORDS * k // SLICES
        assert len(set(entries)) > 1900 * len(entries) // RECORDS
    else:
        rich = "\n".join(memoized["rich-0-bib-html"])
        for feature in ("small-caps", "<b>", "et al.", "&amp;", "(ed", "<i>", "–"):
            assert feature in rich, feature


def test_the_memo_is_taken_out_whole() -> None:
    from citeproc.model import CitationStylesElement, Formatted
    from citeproc.source import CitationItem

    _fresh(False)
    try:
        assert CitationStylesElement.get_formatter.__module__ == "citeproc.model"
        assert Formatted.format.__module__ == "citeproc.model"
        assert CitationItem.reference.fget.__module__ == "citeproc.source"
        _fresh(True)
        assert CitationStylesElement.get_formatter.__module__ == memo.__name__
    finally:
        _fresh(True)


def test_archcite_render_memo_0_renders_with_plain_citeproc(tmp_path: Path) -> None:
    code = ("import sys; from archcite.render import engine, memo;"
            "from archcite.model.archives import load_registry;"
            "from citeproc.model import Formatted;"
            "engine.render_entries([{'id': 'a', 'type': 'manuscript', 'title': 'T'}],"
            " style='chicago', form='note', registry=load_registry());"
            "print(Formatted.format.__module__)")
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    for value, module in (("0", "citeproc.model"), ("1", memo.__name__)):
        env["ARCHCITE_RENDER_MEMO"] = value
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=True).stdout.strip()
        assert out == module
