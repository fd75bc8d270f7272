"""archcite's own styles render the literature: Chicago (CMOS 18) and MLA 9, exactly.

The expected strings are written from the manuals' rules and the targets of the project's
citation specification (ARCHIVAL-CITATIONS.md section 7, LITERATURE-CITATIONS.md), never taken
from the program's output. Records are built here as CSL-JSON, with CSL 1.0.2 variables as the
schema has them, and validated as the store would. Page numbers and some records (the thesis,
the chapter's pairing of author and volume, the FRUS document number) are made up to show the
shape, as in the specification.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from archcite.cli import cli
from archcite.model.archives import default_registry
from archcite.model.names import is_family_first, name_text
from archcite.model.record import validate_record
from archcite.render.engine import entry_sort_key, render, sort_key
from archcite.render.literature import (
    edition_text,
    headline_case,
    mla_publisher,
    page_range,
    short_title,
    split_sections,
)
from tests.helpers import BUNDLED_LIBRARY, REPO

REG = default_registry()
SEED = json.loads((BUNDLED_LIBRARY / "filippov1951ciphered.json").read_text("utf-8"))


def rec(**fields: Any) -> dict[str, Any]:
    """A record as the store holds it: validated against archcite's record rules."""
    record = {k.replace("_", "-") if k not in ("archive_location",) else k: v
              for k, v in fields.items()}
    validate_record(record)
    return record


def year(y: int, m: int | None = None, d: int | None = None) -> dict[str, Any]:
    return {"date-parts": [[p for p in (y, m, d) if p is not None]]}


def person(family: str, given: str, **extra: Any) -> dict[str, Any]:
    return {"family": family, "given": given, **extra}


def one(record: dict[str, Any], style: str = "chicago", form: str | None = None,
        locator: str | None = None, fmt: str = "markdown") -> str:
    [text] = render([record], style=style, form=form, fmt=fmt, locator=locator, registry=REG)
    return text


# --- the records ---------------------------------------------------------------------------------

RADCHENKO = rec(
    id="radchenko2024run", type="book",
    title="To Run the World: The Kremlin’s Cold War Bid for Global Power",
    author=[person("Radchenko", "Sergey")], publisher="Cambridge University Press",
    issued=year(2024))
ZUBOK = rec(
    id="zubok1996inside", type="book",
    title="Inside the Kremlin’s Cold War: From Stalin to Khrushchev",
    author=[person("Zubok", "Vladislav"), person("Pleshakov", "Constantine")],
    publisher="Harvard University Press", issued=year(1996))
GONCHAROV = rec(
    id="goncharov1993uncertain", type="book",
    title="Uncertain Partners: Stalin, Mao, and the Korean War",
    author=[person("Goncharov", "Sergei N."), person("Lewis", "John W."),
            person("Xue", "Litai", **{"static-ordering": True})],
    publisher="Stanford University Press", issued=year(1993))
BROTHERS_TITLE = "Brothers in Arms: The Rise and Fall of the Sino-Soviet Alliance, 1945–1963"
WESTAD = rec(
    id="westad1998brothers", type="book", title=BROTHERS_TITLE,
    editor=[person("Westad", "Odd Arne")], publisher="Stanford University Press",
    issued=year(1998))
CHEN = rec(
    id="chen1998sino", type="chapter",
    title="The Sino-Soviet Alliance and China’s Entry into the Korean War",
    author=[person("Chen", "Jian", **{"static-ordering": True})],
    container_title=BROTHERS_TITLE, editor=[person("Westad", "Odd Arne")],
    publisher="Stanford University Press", issued=year(1998), page="246-294")
SHEN = rec(
    id="shen2000sino", type="article-journal",
    title="Sino-Soviet Relations and the Origins of the Korean War: Stalin’s Strategic Goals "
          "in the Far East",
    author=[person("Shen", "Zhihua", **{"static-ordering": True})],
    container_title="Journal of Cold War Studies", volume="2", issue="2", issued=year(2000),
    page="44-68")
VOLKOGONOV = rec(
    id="volkogonov1991stalin", type="book", title="Stalin: Triumph and Tragedy",
    author=[person("Volkogonov", "Dmitrii")], translator=[person("Shukman", "Harold")],
    publisher="Grove Weidenfeld", issued=year(1991))
LEDOVSKII = rec(
    id="ledovskii2005sovetsko", type="book", language="ru",
    title="Sovetsko-kitaiskie otnosheniia",
    editor=[person("Ledovskii", "A. M."), person("Mirovitskaia", "R. A."),
            person("Miasnikov", "V. S.")],
    volume="5", part="1", publisher="Pamiatniki istoricheskoi mysli", issued=year(2005))
SALISBURY = rec(
    id="salisbury1954russia", type="article-newspaper", title="Russia Re-Viewed",
    author=[person("Salisbury", "Harrison E.")], container_title="New York Times",
    issued=year(1954, 9, 20))
REDS = rec(
    id="reds1950", type="article-newspaper", title="Reds Invade South Korea",
    container_title="New York Times", issued=year(1950, 6, 25))
DOE = rec(
    id="doe2019soviet", type="thesis", title="Soviet Advisers in China, 1949–1960",
    author=[person("Doe", "Jane")], genre="PhD dissertation", publisher="University of Chicago",
    issued=year(2019))
FRUS_DOC = rec(
    id="frus1950v07d86", type="document", title="Memorandum of conversation",
    event_place="Washington", original_date=year(1950, 6, 25),
    container_title="Foreign Relations of the United States, 1950",
    container_title_short="FRUS, 1950", volume="7", part_title="Korea",
    editor=[person("Glennon", "John P.")], publisher="Government Printing Office",
    issued=year(1976), number="86")
FRUS_VOLUME = rec(
    id="frus1950v07", type="book", title="Foreign Relations of the United States, 1950",
    volume="7", part_title="Korea", editor=[person("Glennon", "John P.")],
    publisher="Government Printing Office", issued=year(1976))
ABOUT = rec(
    id="wilson2026about", type="webpage", title="About the Digital Archive",
    container_title="Wilson Center Digital Archive", accessed=year(2026, 5, 1),
    URL="https://digitalarchive.wilsoncenter.org/about")
MOLOTOV = rec(
    id="molotov1945", type="personal_communication", language="ru",
    author=[{"literal": "Molotov"}], recipient=[{"literal": "Stalin"}],
    title="Molotov to Stalin", original_date=year(1945, 5, 4),
    container_title="Sovetsko-amerikanskie otnosheniia, 1939–1945",
    editor=[person("Sevost’ianov", "G. N.")], publisher="Materik", issued=year(2004))


# --- Chicago 18: the specification's targets ---------------------------------------------------

CHICAGO = [
    (RADCHENKO, "112",
     "Sergey Radchenko, *To Run the World: The Kremlin’s Cold War Bid for Global Power* "
     "(Cambridge University Press, 2024), 112.",
     "Radchenko, *To Run the World*, 112.",
     "Radchenko, Sergey. *To Run the World: The Kremlin’s Cold War Bid for Global Power*. "
     "Cambridge University Press, 2024."),
    (ZUBOK, "63",
     "Vladislav Zubok and Constantine Pleshakov, *Inside the Kremlin’s Cold War: From Stalin to "
     "Khrushchev* (Harvard University Press, 1996), 63.",
     "Zubok and Pleshakov, *Inside the Kremlin’s Cold War*, 63.",
     "Zubok, Vladislav, and Constantine Pleshakov. *Inside the Kremlin’s Cold War: From Stalin "
     "to Khrushchev*. Harvard University Press, 1996."),
    (GONCHAROV, "140",
     "Sergei N. Goncharov et al., *Uncertain Partners: Stalin, Mao, and the Korean War* "
     "(Stanford University Press, 1993), 140.",
     "Goncharov et al., *Uncertain Partners*, 140.",
     "Goncharov, Sergei N., John W. Lewis, and Xue Litai. *Uncertain Partners: Stalin, Mao, and "
     "the Korean War*. Stanford University Press, 1993."),
    (WESTAD, "9",
     "Odd Arne Westad, ed., *Brothers in Arms: The Rise and Fall of the Sino-Soviet Alliance, "
     "1945–1963* (Stanford University Press, 1998), 9.",
     "Westad, *Brothers in Arms*, 9.",
     "Westad, Odd Arne, ed. *Brothers in Arms: The Rise and Fall of the Sino-Soviet Alliance, "
     "1945–1963*. Stanford University Press, 1998."),
    (CHEN, "95",
     "Chen Jian, “The Sino-Soviet Alliance and China’s Entry into the Korean War,” in *Brothers "
     "in Arms*, ed. Odd Arne Westad (Stanford University Press, 1998), 95.",
     "Chen, “Sino-Soviet Alliance,” 95.",
     "Chen Jian. “The Sino-Soviet Alliance and China’s Entry into the Korean War.” In *Brothers "
     "in Arms: The Rise and Fall of the Sino-Soviet Alliance, 1945–1963*, edited by Odd Arne "
     "Westad. Stanford University Press, 1998."),
    (SHEN, "50",
     "Shen Zhihua, “Sino-Soviet Relations and the Origins of the Korean War: Stalin’s Strategic "
     "Goals in the Far East,” *Journal of Cold War Studies* 2, no. 2 (2000): 50.",
     "Shen, “Sino-Soviet Relations,” 50.",
     "Shen Zhihua. “Sino-Soviet Relations and the Origins of the Korean War: Stalin’s Strategic "
     "Goals in the Far East.” *Journal of Cold War Studies* 2, no. 2 (2000): 44–68."),
    (VOLKOGONOV, "540",
     "Dmitrii Volkogonov, *Stalin: Triumph and Tragedy*, trans. Harold Shukman (Grove "
     "Weidenfeld, 1991), 540.",
     "Volkogonov, *Stalin*, 540.",
     "Volkogonov, Dmitrii. *Stalin: Triumph and Tragedy*. Translated by Harold Shukman. Grove "
     "Weidenfeld, 1991."),
    (LEDOVSKII, "378",
     "A. M. Ledovskii et al., eds., *Sovetsko-kitaiskie otnosheniia*, vol. 5, bk. 1 (Pamiatniki "
     "istoricheskoi mysli, 2005), 378.",
     "Ledovskii et al., *Sovetsko-kitaiskie otnosheniia*, vol. 5, bk. 1, 378.",
     "Ledovskii, A. M., R. A. Mirovitskaia, and V. S. Miasnikov, eds. *Sovetsko-kitaiskie "
     "otnosheniia*. Vol. 5, bk. 1. Pamiatniki istoricheskoi mysli, 2005."),
    (SALISBURY, None,
     "Harrison E. Salisbury, “Russia Re-Viewed,” *New York Times*, September 20, 1954.",
     "Salisbury, “Russia Re-Viewed.”",
     "Salisbury, Harrison E. “Russia Re-Viewed.” *New York Times*, September 20, 1954."),
    (REDS, None,
     "“Reds Invade South Korea,” *New York Times*, June 25, 1950.",
     "“Reds Invade South Korea.”",
     "*New York Times*. “Reds Invade South Korea.” June 25, 1950."),
    (DOE, "77",
     "Jane Doe, “Soviet Advisers in China, 1949–1960” (PhD diss., University of Chicago, 2019), "
     "77.",
     "Doe, “Soviet Advisers,” 77.",
     "Doe, Jane. “Soviet Advisers in China, 1949–1960.” PhD diss., University of Chicago, 2019."),
    (FRUS_DOC, None,
     "Memorandum of conversation, Washington, June 25, 1950, in *Foreign Relations of the United "
     "States, 1950*, vol. 7, *Korea*, ed. John P. Glennon (Government Printing Office, 1976), "
     "doc. 86.",
     "Memorandum of conversation, June 25, 1950, *FRUS, 1950*, vol. 7, doc. 86.",
     "*Foreign Relations of the United States, 1950*. Vol. 7, *Korea*. Edited by John P. "
     "Glennon. Government Printing Office, 1976."),
    (ABOUT, None,
     "“About the Digital Archive,” Wilson Center Digital Archive, accessed May 1, 2026, "
     "https://digitalarchive.wilsoncenter.org/about.",
     "“About the Digital Archive.”",
     "Wilson Center Digital Archive. “About the Digital Archive.” Accessed May 1, 2026. "
     "https://digitalarchive.wilsoncenter.org/about."),
]


@pytest.mark.parametrize(("record", "page", "note", "short", "bib"), CHICAGO,
                         ids=[c[0]["id"] for c in CHICAGO])
def test_chicago_targets(record: dict[str, Any], page: str | None, note: str, short: str,
                         bib: str) -> None:
    assert one(record, locator=page) == note
    assert one(record, form="short", locator=page) == short
    assert one(record, form="bib") == bib


def test_document_in_a_published_collection() -> None:
    # section 7's target (the page is illustrative); the bibliography lists the volume
    assert one(MOLOTOV, locator="655") == (
        "Molotov to Stalin, May 4, 1945, in *Sovetsko-amerikanskie otnosheniia, 1939–1945*, "
        "ed. G. N. Sevost’ianov (Materik, 2004), 655.")
    assert one(MOLOTOV, form="bib") == (
        "Sevost’ianov, G. N., ed. *Sovetsko-amerikanskie otnosheniia, 1939–1945*. Materik, 2004.")
    assert one(MOLOTOV, style="mla", form="intext", locator="655") == "(Molotov 655)"


def test_document_date_is_issued_when_there_is_no_original_date() -> None:
    undated_volume = {k: v for k, v in MOLOTOV.items() if k != "original-date"}
    undated_volume["issued"] = year(1945, 5, 4)
    assert one(undated_volume, form="short") == (
        "Molotov to Stalin, May 4, 1945, *Sovetsko-amerikanskie otnosheniia, 1939–1945*.")


def test_government_series_volume_as_a_book() -> None:
    # a volume's editor follows the volume; the entry starts with the general title
    assert one(FRUS_VOLUME, form="bib") == (
        "*Foreign Relations of the United States, 1950*. Vol. 7, *Korea*. Edited by John P. "
        "Glennon. Government Printing Office, 1976.")
    assert one(FRUS_VOLUME, locator="12") == (
        "*Foreign Relations of the United States, 1950*, vol. 7, *Korea*, ed. John P. Glennon "
        "(Government Printing Office, 1976), 12.")


def test_documents_of_one_volume_list_it_once() -> None:
    other = {**FRUS_DOC, "id": "frus1950v07d87", "number": "87",
             "original-date": year(1950, 6, 26)}
    out = render([FRUS_DOC, other, RADCHENKO], style="chicago", form="bib", fmt="text",
                 registry=REG)
    assert out == [
        "Foreign Relations of the United States, 1950. Vol. 7, Korea. Edited by John P. Glennon. "
        "Government Printing Office, 1976.",
        "Radchenko, Sergey. To Run the World: The Kremlin’s Cold War Bid for Global Power. "
        "Cambridge University Press, 2024.",
    ]


# --- more types, written from CMOS 18 and MLA 9 ---------------------------------------------------

MAGAZINE = rec(
    id="applebaum2024thaw", type="article-magazine", title="the thaw that never came",
    author=[person("Applebaum", "Anne")], container_title="The Atlantic",
    issued=year(2024, 3, 5), page="34-41")
REPORT = rec(
    id="weathersby1993soviet", type="report",
    title="Soviet aims in Korea and the origins of the Korean War, 1945–1950: new evidence "
          "from Russian archives",
    author=[person("Weathersby", "Kathryn")],
    collection_title="Cold War International History Project Working Paper",
    collection_number="8", publisher="Woodrow Wilson International Center for Scholars",
    issued=year(1993))
REPORT_TITLE = ("Soviet Aims in Korea and the Origins of the Korean War, 1945–1950: New "
                "Evidence from Russian Archives")
INTERVIEW = rec(
    id="arbatov1993", type="interview", author=[person("Arbatov", "Georgy")],
    interviewer=[person("Westad", "Odd Arne")], event_place="Moscow",
    issued=year(1993, 5, 12))
EDITION = rec(
    id="westad2017global", type="book", title="The Global Cold War", edition="2",
    author=[person("Westad", "Odd Arne")], publisher="Cambridge University Press",
    issued=year(2017))
DOI_ARTICLE = {**SHEN, "DOI": "10.1162/15203970051032309"}


def test_seven_or_more_authors() -> None:
    # notes: the first and "et al."; Chicago bibliography: the first three and "et al." from
    # seven; MLA: the first and "et al." from three
    authors = [person(f, g) for f, g in (("Adams", "Ann"), ("Brown", "Bo"), ("Clark", "Cy"),
                                         ("Dunn", "Di"), ("Evans", "Ed"), ("Ford", "Fay"),
                                         ("Gray", "Gus"))]
    many = rec(id="adams2020cold", type="book", title="Cold War Archives", author=authors,
               publisher="Routledge", issued=year(2020))
    assert one(many, locator="3") == "Ann Adams et al., *Cold War Archives* (Routledge, 2020), 3."
    assert one(many, form="bib") == (
        "Adams, Ann, Bo Brown, Cy Clark, et al. *Cold War Archives*. Routledge, 2020.")
    six = {**many, "author": authors[:6]}
    assert one(six, form="bib") == (
        "Adams, Ann, Bo Brown, Cy Clark, Di Dunn, Ed Evans, and Fay Ford. *Cold War Archives*. "
        "Routledge, 2020.")
    assert one(many, style="mla") == "Adams, Ann, et al. *Cold War Archives*. Routledge, 2020."


def test_magazine_article() -> None:
    # headline capitalisation of an English title; CMOS drops the periodical's "The"
    assert one(MAGAZINE, locator="36") == (
        "Anne Applebaum, “The Thaw That Never Came,” *Atlantic*, March 5, 2024, 36.")
    assert one(MAGAZINE, form="short", locator="36") == (
        "Applebaum, “Thaw That Never Came,” 36.")
    assert one(MAGAZINE, form="bib") == (
        "Applebaum, Anne. “The Thaw That Never Came.” *Atlantic*, March 5, 2024.")
    assert one(MAGAZINE, style="mla") == (
        "Applebaum, Anne. “The Thaw That Never Came.” *The Atlantic*, 5 Mar. 2024, pp. 34–41.")
    assert one(MAGAZINE, style="mla", form="intext", locator="p. 36") == "(Applebaum 36)"


def test_newspaper_section_page_in_mla() -> None:
    front = {**SALISBURY, "page": "A1"}
    assert one(front, style="mla") == (
        "Salisbury, Harrison E. “Russia Re-Viewed.” *New York Times*, 20 Sept. 1954, p. A1.")
    assert one({**front, "page": "A1-A3"}, style="mla").endswith("1954, pp. A1–A3.")


def test_report_in_a_series() -> None:
    assert one(REPORT, locator="12") == (
        f"Kathryn Weathersby, *{REPORT_TITLE}*, Cold War International History Project Working "
        "Paper 8 (Woodrow Wilson International Center for Scholars, 1993), 12.")
    assert one(REPORT, form="short", locator="12") == "Weathersby, *Soviet Aims*, 12."
    assert one(REPORT, form="bib") == (
        f"Weathersby, Kathryn. *{REPORT_TITLE}*. Cold War International History Project Working "
        "Paper 8. Woodrow Wilson International Center for Scholars, 1993.")
    assert one(REPORT, style="mla", form="intext", locator="12") == "(Weathersby 12)"
    assert one(REPORT, style="mla") == (
        f"Weathersby, Kathryn. *{REPORT_TITLE}*. Woodrow Wilson International Center for "
        "Scholars, 1993. Cold War International History Project Working Paper 8.")


def test_interview() -> None:
    assert one(INTERVIEW) == "Georgy Arbatov, interview by Odd Arne Westad, Moscow, May 12, 1993."
    assert one(INTERVIEW, form="short") == "Arbatov, interview."
    assert one(INTERVIEW, form="bib") == (
        "Arbatov, Georgy. Interview by Odd Arne Westad. Moscow, May 12, 1993.")
    assert one(INTERVIEW, style="mla") == (
        "Arbatov, Georgy. Interview by Odd Arne Westad. 12 May 1993.")
    assert one(INTERVIEW, style="mla", form="intext") == "(Arbatov)"


def test_edition_and_doi() -> None:
    assert one(EDITION, locator="20") == (
        "Odd Arne Westad, *The Global Cold War*, 2nd ed. (Cambridge University Press, 2017), 20.")
    assert one(EDITION, form="short", locator="20") == "Westad, *Global Cold War*, 20."
    assert one(EDITION, form="bib") == (
        "Westad, Odd Arne. *The Global Cold War*. 2nd ed. Cambridge University Press, 2017.")
    assert one(EDITION, style="mla") == (
        "Westad, Odd Arne. *The Global Cold War*. 2nd ed., Cambridge UP, 2017.")
    assert one(DOI_ARTICLE).endswith(
        "*Journal of Cold War Studies* 2, no. 2 (2000): 44–68, "
        "https://doi.org/10.1162/15203970051032309.")
    assert one(DOI_ARTICLE, form="bib").endswith(
        "(2000): 44–68. https://doi.org/10.1162/15203970051032309.")
    assert one(DOI_ARTICLE, style="mla").endswith(
        "2000, pp. 44–68, https://doi.org/10.1162/15203970051032309.")


# --- MLA 9: the specification's targets ------------------------------------------------------

MLA = [
    (RADCHENKO, "Radchenko, Sergey. *To Run the World: The Kremlin’s Cold War Bid for Global "
                "Power*. Cambridge UP, 2024."),
    (CHEN, "Chen Jian. “The Sino-Soviet Alliance and China’s Entry into the Korean War.” "
           "*Brothers in Arms: The Rise and Fall of the Sino-Soviet Alliance, 1945–1963*, edited "
           "by Odd Arne Westad, Stanford UP, 1998, pp. 246–94."),
    (SHEN, "Shen Zhihua. “Sino-Soviet Relations and the Origins of the Korean War: Stalin’s "
           "Strategic Goals in the Far East.” *Journal of Cold War Studies*, vol. 2, no. 2, 2000, "
           "pp. 44–68."),
    (SALISBURY, "Salisbury, Harrison E. “Russia Re-Viewed.” *New York Times*, 20 Sept. 1954."),
    (DOE, "Doe, Jane. *Soviet Advisers in China, 1949–1960*. 2019. University of Chicago, PhD "
          "dissertation."),
    # written from MLA 9's rules
    (ZUBOK, "Zubok, Vladislav, and Constantine Pleshakov. *Inside the Kremlin’s Cold War: From "
            "Stalin to Khrushchev*. Harvard UP, 1996."),
    (GONCHAROV, "Goncharov, Sergei N., et al. *Uncertain Partners: Stalin, Mao, and the Korean "
                "War*. Stanford UP, 1993."),
    (WESTAD, "Westad, Odd Arne, editor. *Brothers in Arms: The Rise and Fall of the Sino-Soviet "
             "Alliance, 1945–1963*. Stanford UP, 1998."),
    (VOLKOGONOV, "Volkogonov, Dmitrii. *Stalin: Triumph and Tragedy*. Translated by Harold "
                 "Shukman, Grove Weidenfeld, 1991."),
    (LEDOVSKII, "Ledovskii, A. M., et al., editors. *Sovetsko-kitaiskie otnosheniia*. Vol. 5, "
                "book 1, Pamiatniki istoricheskoi mysli, 2005."),
    (REDS, "“Reds Invade South Korea.” *New York Times*, 25 June 1950."),
    (ABOUT, "“About the Digital Archive.” *Wilson Center Digital Archive*, "
            "digitalarchive.wilsoncenter.org/about. Accessed 1 May 2026."),
    (FRUS_DOC, "Memorandum of conversation. Washington, 25 June 1950. *Foreign Relations of the "
               "United States, 1950*, vol. 7, *Korea*, edited by John P. Glennon, Government "
               "Printing Office, 1976, doc. 86."),
    (MOLOTOV, "Molotov. Letter to Stalin. 4 May 1945. *Sovetsko-amerikanskie otnosheniia, "
              "1939–1945*, edited by G. N. Sevost’ianov, Materik, 2004."),
]


@pytest.mark.parametrize(("record", "expected"), MLA, ids=[m[0]["id"] for m in MLA])
def test_mla_works_cited(record: dict[str, Any], expected: str) -> None:
    assert one(record, style="mla") == expected


@pytest.mark.parametrize(
    ("record", "locator", "expected"),
    [(RADCHENKO, "112", "(Radchenko 112)"), (RADCHENKO, "p. 112", "(Radchenko 112)"),
     (ZUBOK, "63", "(Zubok and Pleshakov 63)"), (GONCHAROV, "140", "(Goncharov et al. 140)"),
     (SHEN, "50", "(Shen 50)"), (CHEN, "pp. 250-252", "(Chen 250–52)"),
     (WESTAD, "9", "(Westad 9)"), (REDS, None, "(“Reds Invade South Korea”)"),
     (DOE, "77", "(Doe 77)"), (FRUS_DOC, None, "(Memorandum of conversation)"),
     (VOLKOGONOV, "540", "(Volkogonov 540)"), (LEDOVSKII, "378", "(Ledovskii et al. 378)"),
     (SALISBURY, None, "(Salisbury)"), (ABOUT, None, "(“About the Digital Archive”)"),
     (MOLOTOV, "655", "(Molotov 655)"),
     (SEED, "l. 95", "(Filippov [Stalin], list 95)")],
)
def test_mla_in_text(record: dict[str, Any], locator: str | None, expected: str) -> None:
    # a page joins the name with a space; a labelled archival pinpoint with a comma
    assert one(record, style="mla", form="intext", locator=locator) == expected


def test_html_and_latex_italics_of_titles() -> None:
    assert one(FRUS_DOC, form="bib", fmt="html") == (
        "<i>Foreign Relations of the United States, 1950</i>. Vol. 7, <i>Korea</i>. Edited by "
        "John P. Glennon. Government Printing Office, 1976.")
    # LaTeX output spells quotes and apostrophes as LaTeX does (issue 10: ``…'', ')
    assert one(SHEN, fmt="latex") == (
        "Shen Zhihua, ``Sino-Soviet Relations and the Origins of the Korean War: Stalin's "
        "Strategic Goals in the Far East,'' \\emph{Journal of Cold War Studies} 2, no. 2 "
        "(2000): 44--68.")


# --- names ------------------------------------------------------------------------------------

def test_family_first_names_by_static_ordering_script_and_language() -> None:
    assert is_family_first(person("Shen", "Zhihua", **{"static-ordering": True}), "en")
    assert is_family_first(person("毛", "泽东"), "")
    assert is_family_first(person("박", "명림"), "en")
    assert is_family_first(person("Wada", "Haruki"), "ja")
    assert is_family_first(person("Békés", "Csaba"), "hu")
    assert not is_family_first(person("Radchenko", "Sergey"), "en")
    assert not is_family_first({"literal": "Mao Zedong"}, "zh")
    # the one name formatter writes them so everywhere (list, show, notes)
    assert name_text(person("毛", "泽东")) == "毛泽东"
    assert name_text(person("Wada", "Haruki"), language="ja") == "Wada Haruki"
    assert name_text(person("Wada", "Haruki")) == "Haruki Wada"


def test_japanese_korean_hungarian_names_are_never_inverted() -> None:
    wada = rec(id="wada2002", type="book", language="ja", title="Chōsen sensō zenshi",
               author=[person("Wada", "Haruki")], publisher="Iwanami Shoten",
               issued=year(2002))
    assert one(wada, locator="15") == (
        "Wada Haruki, *Chōsen sensō zenshi* (Iwanami Shoten, 2002), 15.")
    assert one(wada, form="short", locator="15") == "Wada, *Chōsen sensō zenshi*, 15."
    assert one(wada, form="bib") == "Wada Haruki. *Chōsen sensō zenshi*. Iwanami Shoten, 2002."
    assert one(wada, style="mla", form="intext", locator="15") == "(Wada 15)"
    park = rec(id="park1996", type="book", language="ko", title="한국전쟁의 발발과 기원",
               author=[person("박", "명림")], publisher="나남", issued=year(1996))
    assert one(park, form="bib") == "박명림. *한국전쟁의 발발과 기원*. 나남, 1996."
    assert one(park, form="short", locator="3") == "박, *한국전쟁의 발발과 기원*, 3."
    bekes = rec(id="bekes2007", type="chapter", title="Hungary and the Korean War",
                author=[person("Békés", "Csaba", **{"static-ordering": True})],
                container_title="The Cold War in East Asia",
                editor=[person("Hasegawa", "Tsuyoshi", **{"static-ordering": True})],
                publisher="Stanford University Press", issued=year(2011))
    assert one(bekes, form="bib") == (
        "Békés Csaba. “Hungary and the Korean War.” In *The Cold War in East Asia*, edited by "
        "Hasegawa Tsuyoshi. Stanford University Press, 2011.")
    assert one(bekes, style="mla") == (
        "Békés Csaba. “Hungary and the Korean War.” *The Cold War in East Asia*, edited by "
        "Hasegawa Tsuyoshi, Stanford UP, 2011.")


GAULLE = rec(id="gaulle1954", type="book", language="fr", title="Mémoires de guerre",
             author=[person("Gaulle", "Charles", **{"dropping-particle": "de"})],
             publisher="Plon", issued=year(1954))
VANDERWEE = rec(id="vanderwee1986", type="book", title="Prosperity and Upheaval",
                author=[person("Wee", "Herman", **{"non-dropping-particle": "Van der"})],
                publisher="University of California Press", issued=year(1986))
CIA = rec(id="cia1950", type="report", title="Probable Soviet Moves to Exploit the Present "
          "Situation", author=[{"literal": "Central Intelligence Agency"}],
          publisher="Central Intelligence Agency", issued=year(1950))
UNSIGNED_BOOK = rec(id="report1950", type="book",
                    title="A Report to the National Security Council",
                    publisher="Government Printing Office", issued=year(1950))


def test_particles_in_notes_and_bibliography() -> None:
    # a dropping particle follows the given name when inverted; a non-dropping one stays
    assert one(GAULLE, locator="12") == "Charles de Gaulle, *Mémoires de guerre* (Plon, 1954), 12."
    assert one(GAULLE, form="bib") == "Gaulle, Charles de. *Mémoires de guerre*. Plon, 1954."
    assert one(GAULLE, form="short", locator="12") == "Gaulle, *Mémoires de guerre*, 12."
    assert one(VANDERWEE, form="bib") == (
        "Van der Wee, Herman. *Prosperity and Upheaval*. University of California Press, 1986.")
    assert one(VANDERWEE, form="short", locator="5") == "Van der Wee, *Prosperity and Upheaval*, 5."
    assert one(VANDERWEE, style="mla") == (
        "Van der Wee, Herman. *Prosperity and Upheaval*. U of California P, 1986.")


def test_corporate_author() -> None:
    assert one(CIA, form="bib") == (
        "Central Intelligence Agency. *Probable Soviet Moves to Exploit the Present Situation*. "
        "Central Intelligence Agency, 1950.")
    assert one(CIA, form="short", locator="2") == (
        "Central Intelligence Agency, *Probable Soviet Moves*, 2.")


# --- sorting and sections ----------------------------------------------------------------------

def test_bibliography_sorts_archives_and_literature_together() -> None:
    # CMOS: one alphabetical list by the first element; an unsigned article under its paper,
    # a web page without author under its site, a title without its leading article; a
    # dropping particle does not sort, a non-dropping one does.
    records = [ABOUT, VANDERWEE, UNSIGNED_BOOK, REDS, RADCHENKO, SEED, GAULLE, CHEN, CIA, EDITION]
    out = render(records, style="chicago", form="bib", fmt="text", registry=REG)
    assert [line.split(".")[0] for line in out] == [
        "Central Intelligence Agency", "Chen Jian", "Filippov [Stalin]", "Gaulle, Charles de",
        "New York Times", "Radchenko, Sergey", "A Report to the National Security Council",
        "Van der Wee, Herman", "Westad, Odd Arne", "Wilson Center Digital Archive"]
    mla = render(records, style="mla", form="bib", fmt="text", registry=REG)
    assert mla[0].startswith("Central Intelligence Agency.")
    assert mla[-1].startswith("“About the Digital Archive.”")  # filed under its site


def test_sort_keys_of_a_cached_bibliography_agree_with_the_engine() -> None:
    records = [ABOUT, UNSIGNED_BOOK, REDS, SEED, GAULLE, CHEN]
    by_key = sorted(records, key=lambda r: sort_key(r, "chicago"))
    by_entry = sorted(records, key=lambda r: entry_sort_key(r, "", "chicago"))
    assert [r["id"] for r in by_key] == [r["id"] for r in by_entry]


def test_sections_split_archival_from_published() -> None:
    hungarian = {"id": "embassy1955", "type": "manuscript", "title": "Report",
                 "author": [{"literal": "Embassy of Hungary"}], "issued": year(1955),
                 "custom": {"holdings": [{"archive": "MOL", "reference": "XIX-J-1-j"}]}}
    records = [RADCHENKO, SEED, hungarian, CHEN]
    items = [(r["id"], entry_sort_key(r, "", "chicago")) for r in records]
    assert split_sections(items) == [
        ("Archival sources", ["filippov1951ciphered", "embassy1955"]),  # APRF before MOL
        ("Published sources", ["chen1998sino", "radchenko2024run"]),
    ]


def test_bib_sections_command(runner: CliRunner, seed_library: Path) -> None:
    other_document = {**FRUS_DOC, "id": "frus1950v07d87", "number": "87"}
    for record in (RADCHENKO, REDS, FRUS_DOC, other_document):  # one volume, listed once
        (seed_library / f"{record['id']}.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8")
    base = ["--library", str(seed_library), "bib"]
    plain = runner.invoke(cli, base)
    assert plain.exit_code == 0, plain.output
    assert [line.split(".")[0] for line in plain.output.splitlines()] == [
        "Filippov [Stalin]", "Foreign Relations of the United States, 1950", "New York Times",
        "Radchenko, Sergey"]
    split = runner.invoke(cli, [*base, "--sections"])
    assert split.exit_code == 0, split.output
    lines = split.output.splitlines()
    assert lines[0] == "Archival sources" and lines[2].startswith("Filippov [Stalin]. Ciphered")
    assert lines[4] == "Published sources"
    assert [line.split(".")[0] for line in lines[6:]] == [
        "Foreign Relations of the United States, 1950", "New York Times", "Radchenko, Sergey"]
    markdown = runner.invoke(cli, [*base, "--sections", "--format", "markdown"])
    assert markdown.output.startswith("## Archival sources\n\n")
    html = runner.invoke(cli, [*base, "--sections", "--format", "html"]).output
    assert html.startswith('<h2>Archival sources</h2>\n<div class="csl-bib-body">')
    assert html.count("<h2>") == 2 and html.count('<div class="csl-entry">') == 4


# --- the rules as functions ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("first", "second", "chicago", "mla"),
    [("3", "10", "3–10", "3–10"), ("71", "72", "71–72", "71–72"), ("96", "117", "96–117",
     "96–117"), ("100", "104", "100–104", "100–04"), ("101", "108", "101–8", "101–08"),
     ("808", "833", "808–33", "808–33"), ("321", "328", "321–28", "321–28"),
     ("498", "532", "498–532", "498–532"), ("1087", "1089", "1087–89", "1087–89"),
     ("1496", "1500", "1496–500", "1496–500"), ("11564", "11615", "11564–615", "11564–615"),
     ("12991", "13001", "12991–3001", "12991–3001"), ("201", "230", "201–30", "201–30"),
     ("163", "214", "163–214", "163–214"), ("246", "294", "246–94", "246–94"),
     ("1608", "1774", "1608–774", "1608–774"), ("246", "94", "246–94", "246–94")],
)
def test_page_ranges(first: str, second: str, chicago: str, mla: str) -> None:
    assert page_range(f"{first}-{second}", "chicago") == chicago
    assert page_range(f"{first}–{second}", "mla") == mla


def test_page_lists_and_non_numeric_pages() -> None:
    assert page_range("12, 15-18", "chicago") == "12, 15–18"
    assert page_range("xi-xv", "chicago") == "xi–xv"


@pytest.mark.parametrize(
    ("stored", "expected"),
    [("the cold war: a world history", "The Cold War: A World History"),
     ("war and peace in the nuclear age", "War and Peace in the Nuclear Age"),
     ("Stalin And The Bomb", "Stalin and the Bomb"),
     ("what the USSR wanted from iPhone makers", "What the USSR Wanted from iPhone Makers"),
     ("the 1950s in review", "The 1950s in Review"),
     ("sino-soviet relations", "Sino-Soviet Relations"),
     ("anti-communist purges", "Anti-communist Purges"),
     ("Russia Re-Viewed", "Russia Re-Viewed"),
     ("a war to fight for", "A War to Fight For")],
)
def test_headline_case(stored: str, expected: str) -> None:
    assert headline_case(stored) == expected


def test_titles_in_other_languages_print_as_stored() -> None:
    russian = {**LEDOVSKII, "title": "Sovetsko-kitaiskie otnosheniia: dokumenty i materialy"}
    assert "*Sovetsko-kitaiskie otnosheniia: dokumenty i materialy*" in one(russian)


@pytest.mark.parametrize(
    ("title", "expected"),
    [("To Run the World: The Kremlin’s Cold War Bid for Global Power", "To Run the World"),
     ("The Sino-Soviet Alliance and China’s Entry into the Korean War", "Sino-Soviet Alliance"),
     ("Brothers in Arms: The Rise and Fall", "Brothers in Arms"),
     ("Inside the Kremlin’s Cold War: From Stalin to Khrushchev", "Inside the Kremlin’s Cold War"),
     ("Soviet Advisers in China, 1949–1960", "Soviet Advisers"),
     ("On the Origin of Species", "On the Origin of Species"),
     ("Probable Soviet Moves to Exploit the Present Situation", "Probable Soviet Moves"),
     ("Cold War Soviet Military Intelligence Operations Budget Tables Revisited",
      "Cold War Soviet Military")],
)
def test_short_titles(title: str, expected: str) -> None:
    assert short_title({"title": title}) == expected
    assert short_title({"title": title, "title-short": "Given"}) == "Given"


def test_editions_and_publishers() -> None:
    assert [edition_text(e) for e in ("2", "3rd", "21", "11", "rev. ed.", "Revised edition")] \
        == ["2nd ed.", "3rd ed.", "21st ed.", "11th ed.", "rev. ed.", "Revised ed."]
    assert mla_publisher("Cambridge University Press") == "Cambridge UP"
    assert mla_publisher("University of Chicago Press") == "U of Chicago P"
    assert mla_publisher("Grove Press") == "Grove Press"
    assert mla_publisher("University of Chicago") == "University of Chicago"
    assert mla_publisher("Penguin Books Ltd.") == "Penguin Books"


# --- citeproc-py's gaps the literature hits ------------------------------------------------------

PRAVDA = rec(id="doe1990making", type="book", title="the making of <i>Pravda</i>",
             author=[person("Doe", "Jane")], publisher="Grove Press", issued=year(1990))


def test_rich_text_in_titles_is_formatted_not_printed() -> None:
    # citeproc-py prints "<i>" literally (and unescaped in HTML); italics inside an italic
    # title turn upright
    assert one(PRAVDA, form="bib", fmt="text") == (
        "Doe, Jane. The Making of Pravda. Grove Press, 1990.")
    assert one(PRAVDA, fmt="html") == (
        'Jane Doe, <i>The Making of <span style="font-style:normal">Pravda</span></i> '
        "(Grove Press, 1990).")
    assert one(PRAVDA, fmt="latex") == (
        "Jane Doe, \\emph{The Making of \\emph{Pravda}} (Grove Press, 1990).")
    assert one(PRAVDA, fmt="rtf") == (
        "Jane Doe, {\\i The Making of {\\i0 Pravda}} (Grove Press, 1990).")
    assert one(PRAVDA, style="mla", fmt="markdown") == (
        "Doe, Jane. *The Making of *Pravda**. Grove Press, 1990.")
    article = {**SHEN, "title": "Reading <i>Pravda</i> & <b>Izvestiia</b> in 1950"}
    assert one(article, fmt="html").startswith(
        "Shen Zhihua, “Reading <i>Pravda</i> &amp; <b>Izvestiia</b> in 1950,” <i>Journal")
    nocase = {**PRAVDA, "title": 'the legacy of <span class="nocase">de Gaulle</span> in exile'}
    assert one(nocase, form="bib", fmt="text").startswith(
        "Doe, Jane. The Legacy of de Gaulle in Exile.")
    unclosed = {**PRAVDA, "title": "Reading <i>Pravda"}
    assert one(unclosed, form="bib", fmt="html").startswith(
        'Doe, Jane. <i>Reading <span style="font-style:normal">Pravda</span></i>.')


def test_date_range_within_one_year_in_the_literature() -> None:
    # citeproc-py drops a date range inside one year
    issue = {**MAGAZINE, "issued": {"date-parts": [[1951, 6, 5], [1951, 6, 7]]}}
    assert one(issue) == "Anne Applebaum, “The Thaw That Never Came,” *Atlantic*, June 5–7, 1951."
    assert one(issue, style="mla") == (
        "Applebaum, Anne. “The Thaw That Never Came.” *The Atlantic*, 5–7 June 1951, pp. 34–41.")
    volumes = {**EDITION, "issued": {"date-parts": [[1950], [1953]]}}
    assert one(volumes, form="bib").endswith("Cambridge University Press, 1950–1953.")


def test_rich_text_and_articles_do_not_decide_the_order() -> None:
    pravda = {**UNSIGNED_BOOK, "id": "pravda", "title": "<i>Pravda</i> and the Party"}
    assert sort_key(pravda, "chicago")[0] == "pravda and the party"
    assert sort_key(UNSIGNED_BOOK, "chicago")[0] == "report to the national security council"


def test_a_document_held_in_an_archive_is_cited_from_the_archive() -> None:
    # a container-title beside archival holdings does not make a letter a published document
    held = {**SEED, "container-title": "Cold War International History Project Bulletin"}
    assert one(held, fmt="text").startswith(
        "Filippov [Stalin] to Mao Zedong, ciphered telegram, June 30, 1951, APRF, f. 45")
    assert one(held, form="bib", fmt="text").startswith("Filippov [Stalin]. Ciphered telegram")


def test_cite_the_literature_through_a_real_process(seed_library: Path, tmp_path: Path) -> None:
    for record in (SHEN, CHEN):
        (seed_library / f"{record['id']}.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "XDG_DATA_HOME": str(tmp_path)}
    env.pop("ARCHCITE_LIBRARY", None)

    def cite(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "archcite", "--library", str(seed_library), "cite", *args],
            env=env, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert cite("shen2000sino", "--locator", "p. 50") == (
        "Shen Zhihua, “Sino-Soviet Relations and the Origins of the Korean War: Stalin’s "
        "Strategic Goals in the Far East,” Journal of Cold War Studies 2, no. 2 (2000): 50.\n")
    assert cite("chen1998sino", "shen2000sino", "--style", "mla", "--form", "intext",
                "--locator", "95", "--locator", "p. 50") == "(Chen 95)\n(Shen 50)\n"


def test_book_with_author_editor_translator_and_volume() -> None:
    memoirs = rec(id="khrushchev2006memoirs", type="book", title="Memoirs of Nikita Khrushchev",
                  author=[person("Khrushchev", "Nikita")],
                  editor=[person("Khrushchev", "Sergei")], translator=[person("Shriver", "George")],
                  volume="2", publisher="Pennsylvania State University Press", issued=year(2006))
    assert one(memoirs, locator="45") == (
        "Nikita Khrushchev, *Memoirs of Nikita Khrushchev*, ed. Sergei Khrushchev, trans. George "
        "Shriver, vol. 2 (Pennsylvania State University Press, 2006), 45.")
    assert one(memoirs, form="short", locator="45") == (
        "Khrushchev, *Memoirs of Nikita Khrushchev*, vol. 2, 45.")
    assert one(memoirs, form="bib") == (
        "Khrushchev, Nikita. *Memoirs of Nikita Khrushchev*. Edited by Sergei Khrushchev. "
        "Translated by George Shriver. Vol. 2. Pennsylvania State University Press, 2006.")
    assert one(memoirs, style="mla") == (
        "Khrushchev, Nikita. *Memoirs of Nikita Khrushchev*. Edited by Sergei Khrushchev, "
        "translated by George Shriver, vol. 2, Pennsylvania State UP, 2006.")


def test_signed_and_dated_web_page() -> None:
    post = rec(id="kraus2016researching", type="webpage",
               title="researching the history of the PRC", author=[person("Kraus", "Charles")],
               container_title="Wilson Center", issued=year(2016, 3, 14),
               accessed=year(2026, 5, 1), URL="https://www.wilsoncenter.org/blog-post/researching")
    assert one(post) == (
        "Charles Kraus, “Researching the History of the PRC,” Wilson Center, March 14, 2016, "
        "https://www.wilsoncenter.org/blog-post/researching.")
    assert one(post, form="bib") == (
        "Kraus, Charles. “Researching the History of the PRC.” Wilson Center, March 14, 2016. "
        "https://www.wilsoncenter.org/blog-post/researching.")
    assert one(post, style="mla") == (
        "Kraus, Charles. “Researching the History of the PRC.” *Wilson Center*, 14 Mar. 2016, "
        "www.wilsoncenter.org/blog-post/researching.")


def test_every_csl_type_renders_in_every_form_and_format() -> None:
    from archcite.model.record import CSL_TYPES

    for kind in sorted(CSL_TYPES):
        record = rec(id=f"x{kind.replace('_', '-')}", type=kind,
                     title="a <i>study</i> of the archives", author=[person("Roe", "Ann")],
                     editor=[person("Poe", "Ed")], container_title="The Review",
                     issued=year(2001, 2, 3), page="101-108", volume="4", issue="1",
                     publisher="Oxford University Press", URL="https://example.org/x")
        for style, form in (("chicago", "note"), ("chicago", "short"), ("chicago", "bib"),
                            ("mla", "bib"), ("mla", "intext")):
            for fmt in ("text", "html", "markdown", "latex"):
                text = one(record, style=style, form=form, fmt=fmt, locator="102")
                assert text and "&lt;i&gt;" not in text, (kind, style, form, fmt, text)
                if fmt == "text":  # (a published document's Chicago entry lists its volume)
                    assert "<" not in text and any(
                        w in text for w in ("Roe", "Study", "Review")), (kind, text)


def test_memoized_citeproc_renders_the_literature_as_plain_citeproc() -> None:
    # archcite memoizes citeproc-py's lookups (archcite.render.memo); the literature branches
    # use labels, plurals, substitutes and terms the archival ones do not
    from archcite.render import styles
    from archcite.render.styles import memoize_lookups

    records = [RADCHENKO, ZUBOK, GONCHAROV, WESTAD, CHEN, SHEN, VOLKOGONOV, LEDOVSKII, SALISBURY,
               REDS, DOE, FRUS_DOC, FRUS_VOLUME, ABOUT, MOLOTOV, MAGAZINE, REPORT, INTERVIEW,
               EDITION, DOI_ARTICLE, GAULLE, VANDERWEE, CIA, UNSIGNED_BOOK, PRAVDA, SEED]

    def everything() -> list[str]:
        out: list[str] = []
        for style, form in (("chicago", "note"), ("chicago", "short"), ("chicago", "bib"),
                            ("mla", "bib"), ("mla", "intext")):
            for fmt in ("text", "html"):
                out += [one(r, style=style, form=form, fmt=fmt, locator="12") for r in records]
        return out

    try:
        styles._load.cache_clear()
        memoize_lookups(True)
        memoized = everything()
        styles._load.cache_clear()
        memoize_lookups(False)
        plain = everything()
    finally:
        styles._load.cache_clear()
        memoize_lookups(True)
    assert memoized == plain


def test_reprinted_book_keeps_its_original_year() -> None:
    # origdate (CSL original-date) is the first edition's year, issued the reprint's
    marx = rec(id="marx2002communist", type="book", title="The Communist Manifesto",
               author=[person("Marx", "Karl")], original_date=year(1848),
               publisher="Penguin Books", issued=year(2002))
    assert one(marx, locator="12") == (
        "Karl Marx, *The Communist Manifesto* (1848; repr., Penguin Books, 2002), 12.")
    assert one(marx, form="short", locator="12") == "Marx, *Communist Manifesto*, 12."
    assert one(marx, form="bib") == (
        "Marx, Karl. *The Communist Manifesto*. 1848. Reprint, Penguin Books, 2002.")
    assert one(marx, style="mla") == (
        "Marx, Karl. *The Communist Manifesto*. 1848. Penguin Books, 2002.")
    # a translation's original year is not a reprint
    translated = {**VOLKOGONOV, "original-date": year(1989)}
    assert one(translated, locator="540") == one(VOLKOGONOV, locator="540")


def test_a_volume_read_from_biblatex_maintitle() -> None:
    # BibLaTeX's maintitle reads into collection-title beside the volume's own title: the same
    # citation as the part-title shape
    volume = rec(id="frus1950v07b", type="book", title="Korea",
                 collection_title="Foreign Relations of the United States, 1950", volume="7",
                 editor=[person("Glennon", "John P.")], publisher="Government Printing Office",
                 issued=year(1976))
    assert one(volume, form="bib") == one(FRUS_VOLUME, form="bib")
    assert one(volume, locator="12") == one(FRUS_VOLUME, locator="12")
    document = {k: v for k, v in FRUS_DOC.items() if k not in ("part-title",)}
    document.update({"container-title": "Korea",
                     "collection-title": "Foreign Relations of the United States, 1950"})
    assert one(document) == one(FRUS_DOC)
    assert one(document, form="bib") == one(FRUS_DOC, form="bib")
    assert one(document, style="mla") == one(FRUS_DOC, style="mla")
    # a series keeps its place after the title
    assert "Cold War International History Project Working Paper 8" in one(REPORT)
