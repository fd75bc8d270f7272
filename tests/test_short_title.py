"""One short-title rule for the literature's titles and the archive's descriptive headings.

Chicago 18 shortens a title to its key words (at most five): the main title, before a
subtitle's colon and without a closing date span or a leading article, cut before the first
preposition or conjunction that follows two key words of its phrase, never inside a name and
never ending on a connective (ARCHIVAL-CITATIONS.md section 6, LITERATURE-CITATIONS.md). The
expected short titles below were written from that rule before the code ran; the titles are
made up in the shapes of real headings and book titles.
"""

from __future__ import annotations

import pytest

from archcite.model.archives import default_registry
from archcite.render import intext, literature, view
from archcite.render.engine import render

REG = default_registry()


def test_one_implementation_serves_headings_and_the_literature() -> None:
    # the short note's heading rule, the literature's rule and MLA's in-text titles are one
    assert view.short_title is literature.short_title
    assert intext.short_title is literature.short_title


@pytest.mark.parametrize(
    ("title", "short"),
    [
        # a closing date span is the work's period, not its name
        ("The Origins of the Cold War in Asia, 1945–1950: A Reassessment",
         "Origins of the Cold War"),
        ("Hungarian Refugees in Austria, 1956-1957", "Hungarian Refugees"),
        ("Soviet Economic Aid, 1950s", "Soviet Economic Aid"),
        # a heading cut before its connective, not after five words
        ("Record of a Conversation between Comrade Mao Zedong and Soviet Ambassador Iudin",
         "Record of a Conversation"),
        # six words before the connective: over five, and the name is not cut
        ("Memorandum of the Hungarian Foreign Ministry on the Polish Events", "Memorandum"),
        # a comma ends a phrase: the party after the kind of document is kept whole
        ("Telegram, Polish Embassy in Hanoi to the Foreign Ministry", "Telegram, Polish Embassy"),
        # every word capitalised and no connective: four words
        ("Hungarian Embassy Annual Political Report Summary Notes",
         "Hungarian Embassy Annual Political"),
        # a name is never cut: the cut moves before it, then past the connective
        ("Letter to Premier Zhou Enlai Concerning Border Talks", "Letter"),
        ("An Account", "Account"),
    ],
)
def test_short_title_rule(title: str, short: str) -> None:
    assert literature.short_title(title) == short
    assert literature.short_title({"title": title}) == short
    assert len(short.split()) <= 5


def test_a_title_in_another_language_is_cut_at_its_colon_and_date_only() -> None:
    record = {"language": "ru", "title": "Sovetskii Soiuz i vengerskii krizis 1956 goda: "
                                          "dokumenty"}
    assert literature.short_title(record) == "Sovetskii Soiuz i vengerskii krizis 1956 goda"
    record = {"language": "de", "title": "Die DDR und China, 1949–1989"}
    assert literature.short_title(record) == "Die DDR und China"


def test_a_stored_short_title_wins() -> None:
    assert literature.short_title({"title": "Record of a Conversation between A and B",
                                   "title-short": "Mao–Iudin Conversation"}) == (
        "Mao–Iudin Conversation")


def test_short_notes_use_the_rule_for_headings_and_books() -> None:
    heading = {"id": "record1957conversation", "type": "manuscript",
               "title": "Record of a Conversation between Comrade Mao Zedong and Soviet "
                        "Ambassador Iudin", "issued": {"date-parts": [[1957, 1, 3]]},
               "archive": "AVPRF", "archive_location": "f. 0100, op. 50, d. 3, l. 7"}
    [short] = render([heading], style="chicago", form="short", fmt="text", registry=REG)
    assert short == "Record of a Conversation, January 3, 1957."
    thesis = {"id": "roe2021hungarian", "type": "thesis", "genre": "PhD diss.",
              "author": [{"family": "Roe", "given": "Richard"}],
              "title": "Hungarian Refugees in Austria, 1956-1957",
              "publisher": "Columbia University", "issued": {"date-parts": [[2021]]}}
    [short] = render([thesis], style="chicago", form="short", fmt="text", registry=REG,
                     locator="14")
    assert short == "Roe, “Hungarian Refugees,” 14."
