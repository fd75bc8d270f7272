"""Property: every word of a heading and of its Source is printed in the Chicago note.

The record-level property (tests/test_sources_property.py) checks that the parser keeps every
word somewhere in the record; this one checks what a reader sees: the full Chicago note. A word
may be missing from the note only under one of these named rules, and the list is fixed:

- the connective words of credit phrases: "by", "for", "from", "translated" (the note writes
  "trans. Name");
- the word "letter" (Chicago leaves the kind of a plain letter out);
- a provenance sentence ("Obtained by …", "Contributed by …", "Provided to … by …", "copy
  provided by …"), which must then be in the record's ``note``: every word of it is there. A
  translator credit that says where the translation came from ("Translated for CWIHP from
  Russian by …") is provenance of the translation: kept whole in ``note``, while the
  translator's name must still be printed.

Spellings that print differently are the same word: a level's label in any spelling ("Fond",
"F.", "fond" → "f."; "Listy" → "ll."; a page's "p." → the bare page Chicago prints),
"(Stalin)" → "[Stalin]", a leaf range's hyphen → en dash, straight quotes → curly, and the
holdings' joiner ("; and", " and ") → the note's semicolon.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings

from archcite.model.archives import load_registry
from archcite.model.record import derive_archive_fields
from archcite.render.engine import render
from archcite.sources.wilson import record_from_citation
from tests.test_sources_property import SPELLINGS, citation

REGISTRY = load_registry()
ALLOWED = frozenset({"by", "for", "from", "translated", "letter"})
PROVENANCE = re.compile(r"^(?:obtained|contributed|provided|copy provided|donated|courtesy)\b",
                        re.IGNORECASE)
# one label per level; a leaf is a leaf whether one ("l.") or several ("ll.")
TRANSLATION = re.compile(r"^(?:translated|translation)\b(?P<qualifier>.*?)\bby\s+(?P<names>.+)$",
                         re.IGNORECASE)
_CHICAGO_LABEL = {"fond": "f", "opis": "op", "delo": "d", "papka": "papka", "ed_khr": "ed khr",
                  "perechen": "per", "dokument": "dok", "list": "l", "listy": "l"}
_LABEL_WORDS = {
    spelling.casefold().rstrip("."): _CHICAGO_LABEL[level]
    for level, spellings in SPELLINGS.items() for spelling in spellings
}
_LABEL_WORDS.update({"p": "", "pp": ""})  # Chicago prints pages bare
_PUNCT = ".,;:\"“”‘’'()[]«»"


def words(text: str) -> list[str]:
    """Folded words, split at spaces, hyphens, dashes and slashes."""
    out = []
    for token in re.split(r"[\s\-–—/]+", text):
        word = token.strip(_PUNCT).casefold()
        if word:
            out.append(word)
    return out


def label_words(text: str) -> list[str]:
    """Words with level labels in any spelling read as Chicago's ("Listy" → "ll")."""
    tokens = words(text)
    out = []
    i = 0
    while i < len(tokens):
        pair = " ".join(tokens[i:i + 2])
        if pair in ("ed khr",):
            out.append(pair)
            i += 2
            continue
        out.append(_LABEL_WORDS.get(tokens[i], tokens[i]))
        i += 1
    return out


def split_citation(text: str) -> tuple[str, str]:
    """(heading, Source) of a citation string: the quoted title and what follows the digital
    archive's name, up to the address."""
    heading = re.split(r"[,”\"]*\s+(?:[A-Z][a-z]+ \d{1,2}, \d{4}|[A-Z][a-z]+, \d{4}|\d{4}), "
                       r"History and Public Policy", text, maxsplit=1)[0]
    source = text.split("Program Digital Archive, ", 1)[1]
    source = re.sub(r"\s*https?://\S+$", "", source)
    return heading.strip("“\"").rstrip(",”\""), source


_CREDIT = re.compile(r"(?<=\.)\s+(?=(?:translated|translation|obtained|contributed|provided|"
                     r"reprinted|copy|donated|courtesy)\b)", re.IGNORECASE)


def sentences(source: str) -> list[str]:
    """The references, then each credit sentence on its own."""
    return [s for s in _CREDIT.split(source) if s.strip()]


def missing_words(text: str, record: dict[str, Any], note: str) -> list[str]:
    heading, source = split_citation(text)
    printed = set(label_words(note)) | set(words(note))
    if "trans" in printed:
        printed |= {"translation"}  # "translation by X" is printed "trans. X"
    kept_note = " ".join(words(str(record.get("note") or "")))
    lost = []
    for sentence in [heading, *sentences(source)]:
        sentence = re.sub(r";\s*and\s+|\s+and\s+(?=[A-Z][A-Za-z ]*[,:])", "; ", sentence)
        if PROVENANCE.match(sentence.strip()):
            if " ".join(words(sentence)) not in kept_note:
                lost.append(f"provenance not in note: {sentence!r}")
            continue
        credit = TRANSLATION.match(sentence.strip())
        if credit and credit.group("qualifier").strip():
            if " ".join(words(sentence)) not in kept_note:
                lost.append(f"translation credit not in note: {sentence!r}")
            sentence = credit.group("names")  # the translator's name is printed
        lost += [w for w in label_words(sentence)
                 if w and w not in printed and w not in ALLOWED]
    return lost


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(citation())
def test_every_word_of_heading_and_source_is_in_the_chicago_note(text: str) -> None:
    record = record_from_citation(text, REGISTRY)
    record["id"] = "generated1951"
    derive_archive_fields(record, REGISTRY)
    [note] = render([record], style="chicago", form="note", registry=REGISTRY)
    lost = missing_words(text, record, note)
    assert not lost, (lost, text, note)


def test_the_checker_catches_a_lost_word() -> None:
    text = ('"Cable, Gromyko to Zhou Enlai," May 05, 1951, History and Public Policy Program '
            "Digital Archive, APRF, f. 45, op. 1, d. 12, ll. 3-4. Translated by Gary Goldberg. "
            "Obtained by Vojtech Mastny.")
    record = {"note": "Obtained by Vojtech Mastny."}
    note = ("Gromyko to Zhou Enlai, cable, May 5, 1951, APRF, f. 45, op. 1, d. 12, ll. 3–4, "
            "trans. Gary Goldberg.")
    assert missing_words(text, record, note) == []
    assert missing_words(text, record, note.replace("op. 1, ", "")) == ["op", "1"]
    assert missing_words(text, {}, note) == [
        "provenance not in note: 'Obtained by Vojtech Mastny.'"]
