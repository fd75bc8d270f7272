"""Property: every word of a source citation string survives somewhere in the record.

``custom["citation"]`` keeps the string whole, so it is left out here: each word must also be
read into a structured field (title, names, date, holdings level by level, note).
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from archcite.model.archives import load_registry
from archcite.sources.dates import MONTHS
from archcite.sources.wilson import record_from_citation

REGISTRY = load_registry()

SPELLINGS = {
    "fond": ["f.", "F.", "Fond", "fond"], "opis": ["op.", "Op.", "Opis", "opis"],
    "delo": ["d.", "D.", "Delo", "delo"], "papka": ["papka", "Papka"],
    "ed_khr": ["ed. khr."], "perechen": ["per."], "dokument": ["dok."],
    "list": ["l.", "L.", "List"], "listy": ["ll.", "Ll.", "Listy"],
}
NAME = st.sampled_from(["Mao Zedong", "Zhou Enlai", "Kim Il Sung", "Filippov (Stalin)", "Shtykov",
                        "Vyshinsky", "Gromyko", "Embassy of Hungary in North Korea",
                        "Soviet Foreign Ministry", "Ri Sang-jo", "Peng Dehuai", "Bulganin"])
PERSON = st.sampled_from(["Danny Rozas", "Gary Goldberg", "Sergey Radchenko",
                          "Mark H. Doctoroff", "Kathryn Weathersby", "Balazs Szalontai",
                          "Jeffrey Wang", "Vojtech Mastny"])
GENRE = st.sampled_from(["Ciphered telegram", "Cable", "Letter", "Report", "Telegram", "Note"])
VALUE = st.from_regex(r"\A0?[1-9][0-9]{0,3}[a-z]?\Z", fullmatch=True)
LEAVES = st.one_of(VALUE, st.builds(lambda a, b: f"{a}-{int(a) + b}",
                                    st.integers(1, 400).map(str), st.integers(1, 9)))
WORD = st.from_regex(r"\A[A-Z][a-z]{2,9}\Z", fullmatch=True)


@st.composite
def russian_holding(draw: Any) -> str:
    archive = draw(st.sampled_from(["APRF", "AP RF", "AVPRF", "RGASPI", "GARF", "RGANI"]))
    sep = draw(st.sampled_from([", ", ": "]))
    parts = [f"{draw(st.sampled_from(SPELLINGS[lv]))} {draw(VALUE)}"
             for lv in ("fond", "opis", "delo")]
    if draw(st.booleans()):
        parts.insert(draw(st.integers(2, 3)), f"papka {draw(VALUE)}")
    leaf = draw(st.sampled_from(["list", "listy"]))
    parts.append(f"{draw(st.sampled_from(SPELLINGS[leaf]))} {draw(LEAVES)}")
    return archive + sep + ", ".join(parts)


@st.composite
def free_holding(draw: Any) -> str:
    archive = draw(st.sampled_from(["MOL", "PRC FMA", "AAN", "Polish Foreign Ministry Archive"]))
    words = draw(st.lists(st.from_regex(r"\A[A-Z0-9][A-Za-z0-9/-]{0,8}\Z", fullmatch=True),
                          min_size=1, max_size=4))
    return f"{archive}, {' '.join(words)}"


@st.composite
def citation(draw: Any) -> str:
    title = f"{draw(GENRE)}, {draw(NAME)} to {draw(NAME)}"
    quote = draw(st.sampled_from([("“", ",”"), ('"', ',"'), ('"', '",'), ("", ",")]))
    month = draw(st.sampled_from(list(MONTHS)[::2]))  # full month names
    date = draw(st.sampled_from([f"{month.title()} {draw(st.integers(1, 28)):02d}, 1951",
                                 f"{month.title()} {draw(st.integers(1, 28))}, 1951",
                                 f"{month.title()}, 1950", "1949"]))
    holdings = draw(st.lists(st.one_of(russian_holding(), free_holding()), min_size=1,
                             max_size=3))
    joiner = draw(st.sampled_from(["; ", "; and ", " and "]))
    source = joiner.join(holdings)
    credits = draw(st.lists(st.sampled_from([
        "Translated by {p}.", "Translated for CWIHP by {p}.", "Obtained by {p}.",
        "Contributed by {p}.", "Reprinted in {w} {w2} (Moscow, 1996).", "translation by {p}.",
        "Translated for CWIHP from Russian by {p}.", "Provided to the {w} Archive by {p}.",
    ]), max_size=3))
    credit_text = " ".join(c.format(p=draw(PERSON), w=draw(WORD), w2=draw(WORD)) for c in credits)
    url = draw(st.sampled_from(["", " http://digitalarchive.wilsoncenter.org/document/110374",
                                " https://digitalarchive.wilsoncenter.org/document/5.pdf?v=1"]))
    text = (f"{quote[0]}{title}{quote[1]} {date}, History and Public Policy Program Digital "
            f"Archive, {source}.{' ' + credit_text if credit_text else ''}{url}")
    return text


def _words(text: str) -> list[str]:
    return [w for w in (t.strip(".,;:\"“”'()[]").casefold() for t in text.split()) if w]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k != "citation" for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)]


def survivors(record: dict[str, Any]) -> set[str]:
    words: set[str] = set()
    for text in _strings(record):
        words.update(_words(text))
        words.update(_words(re.sub(r"[-/]", " ", text)))
    # The role words of CSL name fields: "Translated by X" survives as translator X.
    roles = {"translator": "translated translation by", "contributor": "transcribed by",
             "editor": "edited by", "compiler": "compiled by"}
    for var, role_words in roles.items():
        if record.get(var):
            words.update(role_words.split())
    for holding in record["custom"].get("holdings", []):
        for level, value in holding.get("levels", []):
            for spelling in SPELLINGS[level]:
                words.update(_words(spelling))
            words.update(_words(value.replace("-", " - ")))
    for parts in record.get("issued", {}).get("date-parts", []):
        words.add(str(parts[0]))
        if len(parts) > 1:
            words.update(name for name, n in MONTHS.items() if n == parts[1])
        if len(parts) > 2:
            words.update({str(parts[2]), f"{parts[2]:02d}"})
    return words


@settings(max_examples=100, deadline=None)
@given(citation())
def test_every_word_survives(text: str) -> None:
    record = record_from_citation(text, REGISTRY)
    assert record["custom"]["citation"] == " ".join(text.split())
    kept = survivors(record)
    lost = [w for w in _words(text) if w not in kept
            and not any(w in k for k in kept)]  # "0078" inside "0078-80" etc.
    assert not lost, (lost, record)
