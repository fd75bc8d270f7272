"""A document's heading read as genre, sender(s) and recipient(s).

Wilson Center headings follow a few patterns: "Ciphered telegram, Filippov (Stalin) to Mao
Zedong", "Ciphered Telegram No. 25553, Roshchin to Filippov [Stalin]", "Letter from X to Y",
"Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry", and records
with no sender ("Minutes of Conversation between …", "Transcript of …"). Names are kept as
written, as CSL ``literal`` names (a parser cannot know a family name); a real name given in
parentheses becomes bracketed, Chicago's mark for an editor's insertion ("Filippov [Stalin]").
A channel ("via Zakharov", "[via Terebin]") is not a recipient; it stays in the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Kinds of document a heading starts with, longest first.
GENRES = sorted(
    """ciphered telegram|coded telegram|cipher telegram|telegram|cable|letter|memorandum of
    conversation|memorandum|minutes of conversation|minutes of a conversation|minutes of meeting|
    minutes of the meeting|minutes|record of conversation|record of a conversation|record of
    meeting|record|transcript of conversation|transcript|report|note|notes|diary|journal
    entry|speech|message|instructions|directive|resolution|decree|decision|protocol|draft|
    information|excerpt|statement|memo|dispatch|despatch|summary|appeal|order|circular|
    conversation|notes of conversation|aide-memoire|aide-mémoire|telex|radiogram""".replace(
        "\n", " ").split("|"),
    key=len, reverse=True,
)
GENRES = [" ".join(g.split()) for g in GENRES]
_LETTERLIKE = re.compile(
    r"\b(?:letter|telegram|cable|message|telex|radiogram|dispatch|despatch|note|aide-m[eé]moire)\b",
    re.IGNORECASE,
)
# Words after which " to " belongs to a title, not to the recipient ("Ambassador to the DPRK").
_TO_INSIDE_NAME = {"ambassador", "envoy", "representative", "delegate", "delegation", "mission",
                   "adviser", "advisor", "attaché", "attache", "consul", "minister", "emissary"}
_NUMBER = re.compile(r"\s+(?:No\.?|Nº|N°|#)\s*[\w/.-]+$", re.IGNORECASE)
_VIA = re.compile(r"\s*(?:\[\s*via\s+[^\]]*\]|\(\s*via\s+[^)]*\)|,?\s+via\s+.+)$", re.IGNORECASE)


@dataclass
class Heading:
    """What a heading says about the document."""

    genre: str = ""
    senders: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)

    @property
    def csl_type(self) -> str:
        """personal_communication for letters, telegrams, cables; else manuscript."""
        if _LETTERLIKE.search(self.genre):
            return "personal_communication"
        if not self.genre and self.recipients:
            return "personal_communication"
        return "manuscript"


def bracket_real_names(name: str) -> str:
    """``Filippov (Stalin)`` → ``Filippov [Stalin]``."""
    return re.sub(r"\(([^()]*)\)", r"[\1]", name)


def _clean_name(name: str) -> str:
    name = " ".join(name.split()).strip(" ,;:")
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    return bracket_real_names(name)


def split_party(text: str) -> list[str]:
    """``Mao Zedong and Zhou Enlai`` → two names; a long organisation name stays whole."""
    parts = re.split(r"\s+and\s+|\s*&\s*", text)
    if len(parts) > 1 and all(0 < len(p.split()) <= 4 and " of " not in f" {p} " for p in parts):
        return [_clean_name(p) for p in parts]
    return [_clean_name(text)]


def _split_to(parties: str) -> tuple[str, str] | None:
    """Split ``sender to recipient`` at the ``to`` that separates them."""
    for match in re.finditer(r"\s+to\s+", parties):
        before = parties[: match.start()]
        last = before.split()[-1].lower().strip(",") if before.split() else ""
        if last in _TO_INSIDE_NAME:
            continue
        return before, parties[match.end():]
    return None


def _genre_of(text: str) -> str:
    text = _NUMBER.sub("", " ".join(text.split()))
    return text.lower()


def parse_heading(title: str) -> Heading:
    """Genre, senders and recipients of a heading (parts it does not name stay empty)."""
    title = " ".join(title.split())
    if not title:
        return Heading()
    # "Genre[ No. n], Sender to Recipient"
    head, sep, rest = title.partition(", ")
    if sep and len(_NUMBER.sub("", head).split()) <= 5 and not re.search(
        r"\s(?:to|from)\s", f" {head} "
    ):
        pair = _split_to(rest)
        if pair:
            return _heading(_genre_of(head), *pair)
    # "Genre from Sender to Recipient"
    match = re.match(r"^(?P<genre>.+?)\s+from\s+(?P<parties>.+)$", title, re.IGNORECASE)
    if match and len(match.group("genre").split()) <= 5:
        pair = _split_to(match.group("parties"))
        if pair:
            return _heading(_genre_of(match.group("genre")), *pair)
    lower = title.lower()
    genre = next((g for g in GENRES if lower.startswith(g) and (
        len(lower) == len(g) or not lower[len(g)].isalnum())), "")
    if not genre:
        # "Sender to Recipient" with no kind of document
        pair = _split_to(title) if len(title.split()) <= 12 else None
        if pair and all(len(p.split()) <= 5 for p in pair):
            return _heading("", *pair)
    return Heading(genre=genre)


def _heading(genre: str, sender: str, recipient: str) -> Heading:
    recipient = _VIA.sub("", recipient)
    return Heading(genre=genre, senders=split_party(sender), recipients=split_party(recipient))
