"""The renderer: archcite's CSL styles through citeproc-py, per-style views, output formats.

The seed's expected strings (tests/helpers.py) are the exact texts each style must give for it;
the other records (also there) are realistic documents built for the tests (a manuscript with
no sender, a translated telegram, a Hungarian free reference, a published book, month-only and
ranged dates, a Russian title).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

from archcite.errors import RenderError
from archcite.render.engine import render, sort_key
from archcite.render.styles import BUILTIN, load_style, resolve_style, styles_dir
from archcite.render.view import date_range_text, parse_pinpoint, pinpoint
from tests.helpers import (
    BOOK,
    CHICAGO_BIB,
    CHICAGO_NOTE,
    CHICAGO_SHORT,
    HUNGARIAN,
    MINUTES,
    MLA_BIB,
    REG,
    REPO,
    RUSSIAN,
    SEED,
    TRANSLATED,
    make,
)


def one(record: dict[str, Any], style: str = "chicago", form: str | None = None,
        fmt: str = "text", locator: str | None = None, **kw: Any) -> str:
    [text] = render([record], style=style, form=form, fmt=fmt, locator=locator, registry=REG,
                    **kw)
    return text


# --- the seed: the exact target texts -------------------------------------------------------------

def test_seed_chicago_full_note() -> None:
    assert one(SEED) == CHICAGO_NOTE


def test_seed_chicago_short_note_with_pinpoint() -> None:
    assert one(SEED, form="short", locator="l. 95") == CHICAGO_SHORT


def test_seed_chicago_bibliography() -> None:
    assert one(SEED, form="bib") == CHICAGO_BIB


def test_seed_mla_works_cited_and_in_text() -> None:
    assert one(SEED, style="mla") == MLA_BIB
    assert one(SEED, style="mla", form="intext") == "(Filippov [Stalin])"
    assert one(SEED, style="mla", form="intext", locator="l. 95") == "(Filippov [Stalin], list 95)"


def test_full_note_pinpoint_narrows_its_holding() -> None:
    # Issue 10 changes this: a pinpoint takes the place of its holding's leaves (it used to be
    # printed after the last archive, where it read as AVPRF's leaf).
    text = one(SEED, locator="l. 95")
    assert "APRF, f. 45, op. 1, d. 339, l. 95; AVPRF, f. 059a, op. 5a, d. 4, papka 11, " \
           "ll. 14–15, History and Public Policy" in text
    text = one(SEED, locator="l. 14")
    assert "d. 339, ll. 95–96; AVPRF, f. 059a, op. 5a, d. 4, papka 11, l. 14, History" in text


def test_shelfmark_first_is_an_option() -> None:
    text = one(SEED, shelfmark_first=True)
    assert "1951, f. 45, op. 1, d. 339, ll. 95–96, APRF; f. 059a, op. 5a, d. 4, papka 11, " \
           "ll. 14–15, AVPRF, History" in text
    assert one(SEED) == CHICAGO_NOTE  # not the default


def test_full_note_renders_from_stored_csl_fields_alone() -> None:
    # pandoc reads only the flat fields: archive + archive_location hold the FIRST holding
    # (issue 10), division the further ones, which archcite's styles print after it.
    no_custom = {k: v for k, v in SEED.items() if k != "custom"}
    assert one(no_custom) == CHICAGO_NOTE


# --- other records ----------------------------------------------------------------------------

def test_manuscript_without_sender_prints_descriptive_title_unquoted() -> None:
    assert one(MINUTES) == (
        "Minutes of Conversation between Mao Zedong and I. V. Stalin, December 16, 1949, APRF, "
        "f. 45, op. 1, d. 329, ll. 9–17, History and Public Policy Program Digital Archive, "
        "Wilson Center, https://digitalarchive.wilsoncenter.org/document/111240."
    )
    assert one(MINUTES, form="bib").startswith(
        "Minutes of Conversation between Mao Zedong and I. V. Stalin, December 16, 1949. APRF,"
    )
    # MLA 9 shortens a title longer than a noun phrase in the text; the works cited entry
    # gives it whole
    assert one(MINUTES, style="mla", form="intext") == "(Minutes of Conversation)"
    assert "“" not in one(MINUTES, form="short")


def test_translator_in_notes_and_bibliography() -> None:
    assert one(TRANSLATED) == (
        "Kim Il Sung to Stalin, telegram, August 31, 1950, RGASPI, f. 558, op. 11, d. 334, "
        "l. 78, trans. Gary Goldberg, History and Public Policy Program Digital Archive, "
        "Wilson Center, https://digitalarchive.wilsoncenter.org/document/114893."
    )
    assert one(TRANSLATED, form="bib") == (
        "Kim Il Sung. Telegram to Stalin, August 31, 1950. RGASPI, f. 558, op. 11, d. 334, "
        "l. 78. Translated by Gary Goldberg. History and Public Policy Program Digital Archive, "
        "Wilson Center. https://digitalarchive.wilsoncenter.org/document/114893."
    )
    assert one(TRANSLATED, style="mla").startswith(
        "Kim Il Sung. Telegram to Stalin. Translated by Gary Goldberg, 31 Aug. 1950. Russian "
        "State Archive of Socio-Political History, fond 558, opis 11, delo 334, list 78."
    )


def test_free_reference_holding_and_month_only_date() -> None:
    assert one(HUNGARIAN) == (
        "Embassy of Hungary in North Korea, Report, Embassy of Hungary in North Korea to the "
        "Hungarian Foreign Ministry, June 1955, MOL, XIX-J-1-j Korea, 4. doboz, 5/a, "
        "004076/ 1955, History and Public Policy Program Digital Archive, Wilson Center, "
        "https://digitalarchive.wilsoncenter.org/document/110000."
    )
    assert ". June 1955. Hungarian National Archives, XIX-J-1-j Korea, 4. doboz" in one(
        HUNGARIAN, style="mla")


def test_report_with_sender_and_recipient_reads_like_a_letter() -> None:
    report = make(**{**{k: v for k, v in HUNGARIAN.items() if not k.startswith("archive")},
                     "recipient": [{"literal": "Hungarian Foreign Ministry"}],
                     "genre": "report",
                     "translator": [{"literal": "Balazs Szalontai"}]})
    assert one(report) == (
        "Embassy of Hungary in North Korea to Hungarian Foreign Ministry, report, June 1955, MOL, "
        "XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955, trans. Balazs Szalontai, History and "
        "Public Policy Program Digital Archive, Wilson Center, "
        "https://digitalarchive.wilsoncenter.org/document/110000."
    )
    assert one(report, form="short", locator="l. 4") == (
        "Embassy of Hungary in North Korea to Hungarian Foreign Ministry, June 1955, l. 4."
    )
    assert one(report, form="bib").startswith(
        "Embassy of Hungary in North Korea. Report to Hungarian Foreign Ministry, June 1955. MOL, "
    )
    assert one(report, style="mla").startswith(
        "Embassy of Hungary in North Korea. Report to Hungarian Foreign Ministry. Translated by "
        "Balazs Szalontai, June 1955. Hungarian National Archives, XIX-J-1-j Korea"
    )


def test_book_without_archive_cites_as_a_book() -> None:
    # CMOS 18 drops the place of publication; the short title stops before "in"; MLA 9
    # shortens "University Press" to "UP" and joins a page to the name with a space.
    assert one(BOOK, locator="p. 45") == (
        "Sergey Radchenko, Two Suns in the Heavens (Stanford University Press, 2009), 45."
    )
    assert one(BOOK, form="short", locator="45") == "Radchenko, Two Suns, 45."
    assert one(BOOK, form="bib") == (
        "Radchenko, Sergey. Two Suns in the Heavens. Stanford University Press, 2009."
    )
    assert one(BOOK, style="mla", fmt="markdown") == (
        "Radchenko, Sergey. *Two Suns in the Heavens*. Stanford UP, 2009."
    )
    assert one(BOOK, style="mla", form="intext", locator="45") == "(Radchenko 45)"


def test_cyrillic_title_is_kept_as_written() -> None:
    assert one(RUSSIAN) == (
        "Иванов И., Записка И. Иванова о положении в Корее, March 2, 1950, AVPRF, f. 0102, "
        "op. 6, papka 21, d. 47, l. 12."
    )
    assert "Записка И. Иванова о положении в Корее" in one(RUSSIAN, style="mla")


def test_letter_word_left_out_of_chicago_notes_only() -> None:
    letter = make(**{**{k: v for k, v in SEED.items() if k != "genre"}, "genre": "letter"})
    assert one(letter).startswith("Filippov [Stalin] to Mao Zedong, June 30, 1951, APRF")
    assert one(letter, form="bib").startswith("Filippov [Stalin]. Letter to Mao Zedong, June 30")
    no_genre = {k: v for k, v in SEED.items() if k != "genre"}
    assert one(no_genre, style="mla").startswith("Filippov [Stalin]. Letter to Mao Zedong. 30")


def test_recipient_printed_once_and_several_recipients() -> None:
    rec = {**SEED, "recipient": [{"literal": "Mao Zedong"}, {"literal": "Zhou Enlai"}]}
    note = one(rec)
    assert note.startswith("Filippov [Stalin] to Mao Zedong and Zhou Enlai, ciphered telegram")
    assert note.count("Mao Zedong") == 1


# --- citeproc-py limitations worked around ---------------------------------------------------

def test_date_range_inside_one_year_is_kept() -> None:
    # citeproc-py drops a date range that falls inside one year; the view writes it out.
    rec = {**SEED, "issued": {"date-parts": [[1951, 6, 30], [1951, 7, 2]]}}
    assert ", June 30–July 2, 1951, APRF" in one(rec)
    assert ". 30 June–2 July 1951. Archive" in one(rec, style="mla")
    assert date_range_text([1951, 6, 5], [1951, 6, 7], "chicago") == "June 5–7, 1951"
    assert date_range_text([1951, 6], [1951, 8], "mla") == "June–Aug. 1951"
    assert date_range_text([1950], [1953], "chicago") == "1950–1953"
    assert date_range_text([1951, 12, 30], [1952, 1, 2], "chicago") == (
        "December 30, 1951–January 2, 1952"
    )


def test_locator_does_not_leak_into_bibliography() -> None:
    assert one(SEED, form="bib", locator="l. 95") == CHICAGO_BIB


def test_static_ordering_names_stay_family_first() -> None:
    # citeproc-py ignores static-ordering and prints "Zedong Mao".
    rec = {**SEED, "recipient": [{"family": "Mao", "given": "Zedong", "static-ordering": True}]}
    assert one(rec).startswith("Filippov [Stalin] to Mao Zedong, ciphered telegram")


def test_punctuation_goes_inside_quotes() -> None:
    # citeproc-py ignores en-US punctuation-in-quote ("Title", instead of "Title,").
    article = make(id="weathersby1993soviet", type="article-journal",
                   title="Soviet Aims in Korea", author=[{"literal": "Kathryn Weathersby"}],
                   **{"container-title": "CWIHP Working Paper"},
                   issued={"date-parts": [[1993]]})
    assert one(article) == "Kathryn Weathersby, “Soviet Aims in Korea,” CWIHP Working Paper (1993)."
    assert one(article, form="bib") == (
        "Kathryn Weathersby. “Soviet Aims in Korea.” CWIHP Working Paper (1993)."
    )


def test_bibliography_sorted_by_author_or_title_then_date() -> None:
    later = make(**{**SEED, "id": "filippov1951later",
                    "issued": {"date-parts": [[1951, 11, 14]]}})
    records = [RUSSIAN, later, BOOK, MINUTES, SEED, TRANSLATED, HUNGARIAN]
    out = render(records, style="chicago", form="bib", registry=REG)
    heads = [line.split(".")[0] for line in out]
    assert heads == ["Embassy of Hungary in North Korea", "Filippov [Stalin]",
                     "Filippov [Stalin]", "Kim Il Sung", "Minutes of Conversation between Mao "
                     "Zedong and I", "Radchenko, Sergey", "Иванов И"]
    assert "June 30, 1951" in out[1] and "November 14, 1951" in out[2]
    assert sort_key(MINUTES, "mla") < sort_key(BOOK, "mla")  # authorless ones sort by title


def test_notes_keep_the_given_order() -> None:
    out = render([TRANSLATED, SEED, BOOK], style="chicago", form="short", registry=REG)
    assert [o.split(" ")[0] for o in out] == ["Kim", "Filippov", "Radchenko,"]


# --- output formats --------------------------------------------------------------------------

def test_html_escapes_variable_content_and_italicises() -> None:
    rec = {**SEED, "genre": "telegram & <cipher>"}
    assert "telegram &amp; &lt;cipher&gt;, June 30" in one(rec, fmt="html")
    assert "<i>History and Public Policy Program Digital Archive</i>, Wilson Center" in one(
        SEED, style="mla", fmt="html")
    assert "<i>Two Suns in the Heavens</i>" in one(BOOK, fmt="html")


def test_markdown_italics_and_escapes() -> None:
    assert "*History and Public Policy Program Digital Archive*, Wilson Center" in one(
        SEED, style="mla", fmt="markdown")
    assert "*" not in one(SEED, style="mla")  # plain text shows no asterisks
    rec = {**BOOK, "title": "The *Real* File_name"}  # headline case already (an English book)
    assert r"*The \*Real\* File\_name*" in one(rec, fmt="markdown")


def test_latex_escapes_and_dashes() -> None:
    rec = {**BOOK, "title": "Reds & Blues: 100% of $5 #1 Under_score {X} ~ ^"}  # headline case
    text = one(rec, fmt="latex")
    assert (r"\emph{Reds \& Blues: 100\% of \$5 \#1 Under\_score \{X\} \textasciitilde{} "
            r"\textasciicircum{}}") in text
    assert "ll. 95--96; AVPRF" in one(SEED, fmt="latex")
    assert "–" not in one(SEED, fmt="latex")
    assert r"\emph{History and Public Policy" in one(SEED, style="mla", fmt="latex")


# --- pinpoints ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "chicago", "mla"),
    [
        ("l. 95", "l. 95", "list 95"),
        ("ll. 95-96", "ll. 95–96", "listy 95–96"),
        ("L. 95ob", "l. 95ob.", "list 95 verso"),
        ("Listy 3–5", "ll. 3–5", "listy 3–5"),
        ("p. 12", "12", "12"),
        ("pp. 12-14", "12–14", "12–14"),
        ("95", "95", "95"),
        ("d. 4", "d. 4", "d. 4"),
    ],
)
def test_pinpoint_spelling(text: str, chicago: str, mla: str) -> None:
    assert pinpoint(text, "chicago") == chicago
    assert pinpoint(text, "mla") == mla


def test_parse_pinpoint_kinds() -> None:
    assert parse_pinpoint("ll. 5-7") == ("listy", "5-7")
    assert parse_pinpoint("l. 78") == ("list", "78")
    assert parse_pinpoint("p. 3")[0] == "page"


# --- styles ------------------------------------------------------------------------------------

def test_bundled_styles_are_valid_csl_and_small() -> None:
    from citeproc import CitationStylesStyle

    files = {name for forms in BUILTIN.values() for name in forms.values()}
    for name in files:
        path = styles_dir() / name
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            CitationStylesStyle(str(path), validate=True)
        assert not caught, f"{name}: {[str(w.message) for w in caught]}"
        # purpose-built (the official Chicago style is about 6,000 lines): archival documents
        # and the literature's types in each
        assert len(path.read_text("utf-8").splitlines()) < 800


def test_styles_resolve_from_the_checkout() -> None:
    assert resolve_style("chicago", "note").path.parent == styles_dir()
    assert (REPO / "styles" / "archcite-mla.csl").is_file()
    assert load_style(resolve_style("mla", "bib")) is load_style(resolve_style("mla", "intext"))


def test_style_by_path(tmp_path: Path) -> None:
    style = tmp_path / "mine.csl"
    style.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">'
        "<info><title>t</title><id>t</id><updated>2026-01-01T00:00:00+00:00</updated></info>"
        '<citation><layout suffix="."><group delimiter=", ">'
        '<text variable="title"/><label variable="locator" form="short"/>'
        '<text variable="locator"/></group></layout></citation>'
        '<bibliography><sort><key variable="title"/></sort>'
        '<layout><text variable="title"/></layout></bibliography></style>',
        "utf-8",
    )
    assert one(SEED, style=str(style)) == "Ciphered telegram, Filippov (Stalin) to Mao Zedong."
    assert one(SEED, style=str(style), locator="l. 95").endswith("fol., 95.")
    out = render([BOOK, SEED], style=str(style), form="bib", registry=REG)
    assert out == ["Ciphered telegram, Filippov (Stalin) to Mao Zedong", "Two Suns in the Heavens"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("garbage", "not a CSL style"),
        ("<x/>", "not a CSL style"),
        ('<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="note">'
         '<citation><layout><text variable="nonsense"/></layout></citation></style>',
         "not a valid CSL"),
    ],
)
def test_bad_style_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.csl"
    path.write_text(content, "utf-8")
    with pytest.raises(RenderError, match=message):
        one(SEED, style=str(path))


def test_unknown_style_form_and_format() -> None:
    with pytest.raises(RenderError, match="no style 'harvard'"):
        one(SEED, style="harvard")
    with pytest.raises(RenderError, match="has no form 'short'"):
        one(SEED, style="mla", form="short")
    with pytest.raises(RenderError, match="has no form 'intext'"):
        one(SEED, style="chicago", form="intext")
    with pytest.raises(RenderError, match="unknown format"):
        one(SEED, fmt="docbook")
