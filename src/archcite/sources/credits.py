"""Credits and provenance in a Source string: who translated, who obtained, where reprinted.

After the archival references, a Source lists credits as sentences: "Translated by …",
"translation by …", "Translated for CWIHP from Russian by …", "transcribed by …", "Obtained
by …", "Contributed by …", "Provided to … by …", "Reprinted in …", "With permission of …".
Names of translators go to CSL's ``translator`` (editors to ``editor``, compilers to
``compiler``, transcribers to ``contributor``); every sentence that says more than a name list
(a role CSL has no field for, "for CWIHP", "from Russian") and every provenance sentence goes
to ``note``, so nothing the source said is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archcite.sources.publications import PUBLICATION_VERBS

CREDIT_WORDS = (
    r"translated|translation|transcribed|transcription|obtained|contributed|provided|"
    r"reprinted|published|republished|with\s+permission|courtesy|donated|edited|compiled|"
    r"originally|made\s+available|document\s+obtained|excerpted|excerpt|copy\s+obtained|"
    r"this\s+document\s+was\s+made\s+possible|first\s+published|source:|"
    r"(?:a\s+)?copy\s+(?:provided|obtained|courtesy|received|made\s+available|donated)|"
    r"reproduced|courtesy\s+of"
)
# A credit starts at the start of the text or after a sentence or clause break.
_CREDIT_START = re.compile(rf"(?:^|(?<=[.;,])\s+|(?<=\))\s+)(?=(?:{CREDIT_WORDS})\b)",
                           re.IGNORECASE)
_SENTENCE_START = re.compile(rf"(?:^|(?<=[.;])\s+)(?=(?:{CREDIT_WORDS})\b)", re.IGNORECASE)
_ROLE = re.compile(
    r"^(?P<verb>translated|translation|transcribed|transcription|edited|compiled)\b"
    r"(?P<qual>.*?)\s+by\s+(?P<names>.+?)\.?$",
    re.IGNORECASE,
)
# A role inside a provenance sentence: "Obtained by X and translated by Y."
_INNER_ROLE = re.compile(
    r"\band\s+(?P<verb>translated|transcribed|edited|compiled)\b(?P<qual>[^.;]*?)\s+by\s+"
    r"(?P<names>[^;]+?)\.?$",
    re.IGNORECASE,
)
_ROLE_FIELD = {"translat": "translator", "transcri": "contributor", "edited": "editor",
               "compiled": "compiler"}
_FUNDING = re.compile(r"made possible with support from", re.IGNORECASE)


@dataclass
class Credits:
    """What the credit sentences say, sorted into CSL name fields, ``note`` and funding."""

    names: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    funding: list[str] = field(default_factory=list)
    publications: list[str] = field(default_factory=list)  # "Reprinted in …" sentences


def split_archival_and_credits(source: str) -> tuple[str, str]:
    """(archival references, credit sentences) of a Source string."""
    match = _CREDIT_START.search(source)
    if match is None:
        return source.strip(), ""
    archival = source[:match.start()].strip().rstrip(",;").strip()
    return archival, source[match.end():].strip()


_AFFILIATION_WORDS = re.compile(
    r"\b(?:center|centre|institute|university|project|archives?|program(?:me)?|foundation|"
    r"ministry|library|academy|college|museum|society|cwihp|nkidp|school|department|"
    r"council|association|office)\b", re.IGNORECASE)


def split_names(text: str) -> list[str]:
    """``A, B and C`` → three names (initials such as ``Mark H. Doctoroff`` stay whole).

    A translator's affiliation is not part of the name: "(Wilson Center)", "of the Wilson
    Center" and a list item that is a body (", Wilson Center") are left out; the caller keeps
    the whole sentence in ``note`` so the affiliation is not lost.
    """
    text = re.sub(r"\s+", " ", text.strip().rstrip("."))
    text = re.sub(r"\s*\([^()]*\)", "", text)
    text = re.sub(r"\s+(?:of|at|from)\s+(?:the\s+)?[A-Z][^,;]*$", "", text)
    parts = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", text)
    return [p.strip() for p in parts if p.strip() and not _AFFILIATION_WORDS.search(p)]


def names_lose_words(text: str) -> bool:
    """True when :func:`split_names` leaves out part of ``text`` (an affiliation)."""
    kept = " ".join(split_names(text)).split()
    return len(kept) < len(re.sub(r"\b(?:and)\b|[,&()]", " ", text.rstrip(".")).split())


def parse_credits(text: str) -> Credits:
    """Sort the credit sentences of a Source (or a page's Credits field)."""
    credits = Credits()
    text = " ".join(text.split())
    if not text:
        return credits
    starts = [m.end() for m in _SENTENCE_START.finditer(text)]
    if not starts or starts[0] != 0:
        starts = [0, *starts]
    segments = [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    for segment in segments:
        if not segment:
            continue
        if _FUNDING.search(segment):
            credits.funding.append(segment.rstrip("."))
            continue
        if PUBLICATION_VERBS.match(segment):
            credits.publications.append(segment)
            credits.notes.append(_sentence(segment))
            continue
        role = _ROLE.match(segment)
        if role:
            verb = role.group("verb").lower()
            var = next(v for k, v in _ROLE_FIELD.items() if verb.startswith(k))
            names = split_names(role.group("names"))
            credits.names.setdefault(var, []).extend(names)
            plain_translation = (var == "translator" and not role.group("qual").strip()
                                 and not names_lose_words(role.group("names")))
            if not plain_translation:
                credits.notes.append(_sentence(segment))
            continue
        inner = _INNER_ROLE.search(segment)
        if inner:
            verb = inner.group("verb").lower()
            var = next(v for k, v in _ROLE_FIELD.items() if verb.startswith(k))
            credits.names.setdefault(var, []).extend(split_names(inner.group("names")))
        credits.notes.append(_sentence(segment))
    return credits


def _sentence(text: str) -> str:
    text = text.strip()
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
