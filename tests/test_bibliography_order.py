"""One bibliography, archives and literature together, filed by one rule (CMOS 18, MLA 9).

An entry files under its first author's family name: a structured name by its ``family``, a
name written as a ``literal`` (as pages give senders and recipients) by the family name the one
name formatter finds in it (``model.names.literal_sort_form``: the last word before any
bracket, "A. Gromyko" under Gromyko; a family-first name as written, "Kim Il Sung" under Kim;
an organisation under its first word after an article). An unsigned article files under its
periodical, an authorless document under its heading (a leading article ignored). The expected
order was written from those rules before the code ran; the records are made up.
"""

from __future__ import annotations

from typing import Any

import pytest

from archcite.model.archives import default_registry
from archcite.model.record import derive_archive_fields, validate_record
from archcite.render.engine import render, sort_key
from archcite.render.literature import sort_head

REG = default_registry()


def make(**fields: Any) -> dict[str, Any]:
    record = derive_archive_fields({k.replace("_", "-"): v for k, v in fields.items()}, REG)
    validate_record(record)
    return record


def held(archive: str, *levels: tuple[str, str]) -> dict[str, Any]:
    return {"holdings": [{"archive": archive, "levels": [list(level) for level in levels]}]}


def day(*parts: int) -> dict[str, Any]:
    return {"date-parts": [list(parts)]}


def lit(*names: str) -> list[dict[str, str]]:
    return [{"literal": n} for n in names]


# archival documents, parties as literals
FILIPPOV = make(id="filippov1950telegram", type="personal_communication", genre="telegram",
                author=lit("Filippov [Stalin]"), recipient=lit("Kim Il Sung"),
                issued=day(1950, 1, 30),
                custom=held("APRF", ("fond", "45"), ("opis", "1"), ("delo", "346"),
                            ("list", "70")))
GROMYKO_LETTER = make(id="gromyko1957letter", type="personal_communication",
                      author=lit("A. Gromyko"), recipient=lit("CPSU CC"), issued=day(1957, 2, 4),
                      custom=held("AVPRF", ("fond", "06"), ("opis", "16"), ("delo", "9")))
KIM_LETTER = make(id="kim1950letter", type="personal_communication",
                  author=lit("Kim Il Sung"), recipient=lit("Filippov [Stalin]"),
                  issued=day(1950, 3, 21),
                  custom=held("APRF", ("fond", "45"), ("opis", "1"), ("delo", "346"),
                              ("list", "131")))
MAO_TELEGRAM = make(id="mao1950telegram", type="personal_communication", genre="telegram",
                    author=lit("Mao Zedong"), recipient=lit("Filippov [Stalin]"),
                    issued=day(1950, 7, 2),
                    custom=held("APRF", ("fond", "45"), ("opis", "1"), ("delo", "331")))
EMBASSY = make(id="embassy1956report", type="manuscript", genre="report",
               author=lit("The Embassy of Hungary in Moscow"), title="Annual Report",
               issued=day(1956, 12, 31),
               custom=held("MOL", ("fond", "XIX-J-1-j")))
CABLE = make(id="cable1956hungarian", type="personal_communication", genre="cable",
             title="Cable from the Hungarian Legation in Moscow on Soviet Grain Deliveries",
             issued=day(1956, 10, 5), custom=held("MOL", ("fond", "XIX-J-1-k")))
# the literature, structured names
GADDIS = make(id="gaddis1997we", type="book", title="We Now Know: Rethinking Cold War History",
              author=[{"family": "Gaddis", "given": "John Lewis"}],
              publisher="Oxford University Press", issued=day(1997))
GROMYKO_BOOK = make(id="gromyko1989memoirs", type="book", title="Memoirs",
                    author=[{"family": "Gromyko", "given": "Andrei"}],
                    publisher="Doubleday", issued=day(1989))
KIM_ARTICLE = make(id="kim2001korean", type="article-journal", title="The Korean War Revisited",
                   author=[{"family": "Kim", "given": "Dong-gil"}],
                   container_title="Journal of Cold War Studies", volume="3", issue="1",
                   issued=day(2001), page="3-20")
NYT = make(id="nyt1950reds", type="article-newspaper", title="Reds Invade South Korea",
           container_title="The New York Times", issued=day(1950, 6, 25))
SHEN = make(id="shen2000sino", type="article-journal", title="Sino-Soviet Relations",
            author=[{"family": "Shen", "given": "Zhihua", "static-ordering": True}],
            container_title="Journal of Cold War Studies", volume="2", issue="2",
            issued=day(2000), page="44-68")
ZUBOK = make(id="zubok2007failed", type="book", title="A Failed Empire",
             author=[{"family": "Zubok", "given": "Vladislav"}],
             publisher="University of North Carolina Press", issued=day(2007))

EXPECTED = [  # (record, the start of its entry)
    (CABLE, "Cable from the Hungarian Legation"),   # C: an authorless heading
    (EMBASSY, "The Embassy of Hungary in Moscow"),  # E: an organisation, its article ignored
    (FILIPPOV, "Filippov [Stalin]"),                # F: the name before the bracket
    (GADDIS, "Gaddis, John Lewis"),                 # Ga
    (GROMYKO_LETTER, "A. Gromyko"),                 # Gromyko, A. …
    (GROMYKO_BOOK, "Gromyko, Andrei"),              # … before Gromyko, Andrei
    (KIM_ARTICLE, "Kim, Dong-gil"),                 # Kim, D …
    (KIM_LETTER, "Kim Il Sung"),                    # … before Kim Il Sung (family-first)
    (MAO_TELEGRAM, "Mao Zedong"),                   # family-first, as written
    (NYT, "New York Times"),                        # an unsigned article: its newspaper
    (SHEN, "Shen Zhihua"),                          # family-first, structured
    (ZUBOK, "Zubok, Vladislav"),
]


@pytest.mark.parametrize("style", ["chicago", "mla"])
def test_a_mixed_bibliography_files_every_entry_by_one_rule(style: str) -> None:
    shuffled = [record for record, _ in reversed(EXPECTED)]
    shuffled = shuffled[1::2] + shuffled[::2]
    out = render(shuffled, style=style, form="bib", fmt="text", registry=REG)
    assert len(out) == len(EXPECTED)
    for (record, start), entry in zip(EXPECTED, out, strict=True):
        if style == "mla" and record is NYT:
            # MLA's entry starts with the title; it is filed under its paper, as in Chicago
            start = "“Reds Invade South Korea.”"
        assert entry.startswith(start), (record["id"], entry)


def test_literal_and_structured_names_share_one_sort_form() -> None:
    # the literal person files exactly where the same structured person would
    assert sort_head(GROMYKO_LETTER).split()[0] == sort_head(GROMYKO_BOOK).split()[0] == "gromyko"
    assert sort_head(KIM_LETTER) == "kim il sung"
    assert sort_head(EMBASSY) == "embassy of hungary in moscow"
    assert sort_key(FILIPPOV, "chicago")[0] == "filippov"
