"""A document's heading read as kind of document, number, sender(s), recipient(s) and subject.

Wilson Center headings follow a few patterns: "Ciphered telegram, Filippov (Stalin) to Mao
Zedong", "Ciphered Telegram No. 25553, Roshchin to Filippov [Stalin]", "Letter from X to Y",
"Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry", "Cable from the
Hungarian Embassy in Beijing" (a sender and no recipient), "A, B and C to D" (no kind named),
and records with no sender ("Minutes of Conversation between …", "Transcript of …"). Around
the parties a heading can carry more, and each part is kept:

- several senders or recipients are several names ("A. Gromyko, V. Kuznetsov and N. Fedorenko");
- a "to" can be part of a name ("Soviet Ambassador to the DPRK A. M. Puzanov", "Delegation of
  Poland to the International Control Commission"): the heading is split at the "to" that
  starts the recipient, not at the first one;
- a document number ("No. 709", "No 17/62", "Nº 2395") is the document's own ``number``;
- a quoted subject after the parties ('On the Situation in Laos') is the document's title;
- an intermediary ("[via Terebin]", "(via Panyushkin)", "via Zakharov") stays with the party it
  qualifies, written in brackets: "Mao Zedong [via Terebin]";
- a real name given in parentheses becomes bracketed, Chicago's mark for an editor's insertion
  ("Filippov (Stalin)" → "Filippov [Stalin]").

Names are kept as written, as CSL ``literal`` names (a parser cannot know a family name).
"""

from __future__ import annotations

import bisect
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
    conversation|notes of conversation|aide-memoire|aide-mémoire|telex|radiogram|ciphered cable|
    ciphergram|special message|verbal note|note verbale|informational note|information note|
    reference|draft letter|open letter|personal letter""".replace("\n", " ").split("|"),
    key=len, reverse=True,
)
GENRES = [" ".join(g.split()) for g in GENRES]
_LETTERLIKE = re.compile(
    r"\b(?:letter|telegram|cable|message|telex|radiogram|dispatch|despatch|note|aide-m[eé]moire"
    r"|ciphergram)\b",
    re.IGNORECASE,
)
# Kinds whose "from" names no sender ("Record of Conversation from Premier Zhou's Reception").
_NO_SENDER_KINDS = re.compile(r"conversation|minutes|transcript|record|diary|notes|summary|"
                              r"excerpt|protocol|decree|resolution|decision", re.IGNORECASE)
# Words after which a "to" can belong to a name ("Ambassador to the DPRK").
_TO_INSIDE_NAME = frozenset({
    "ambassador", "ambassadors", "envoy", "envoys", "representative", "representatives",
    "delegate", "delegates", "delegation", "delegations", "mission", "missions", "adviser",
    "advisers", "advisor", "advisors", "attaché", "attache", "consul", "emissary",
    "plenipotentiary",
    "chargé", "charge", "counsellor", "counselor", "legation", "observer", "observers",
})
_NUMBER_MARK = r"(?:No\.?|Nº|N°|№|#)"
_NUMBER_VALUE = r"\d[\w/.-]*?"
_NUMBER_AT_END = re.compile(rf"\s*,?\s+{_NUMBER_MARK}\s*(?P<number>{_NUMBER_VALUE})\.?$",
                            re.IGNORECASE)
_VIA = re.compile(r"\s*(?:\[\s*via\s+(?P<a>[^\]]+?)\s*\]|\(\s*via\s+(?P<b>[^)]+?)\s*\)"
                  r"|,?\s+via\s+(?P<c>.+?))\s*$", re.IGNORECASE)
_QUOTED_SUBJECT = re.compile(
    r"[,:;]?\s*(?:(?:subject|re|regarding|on the subject)\s*:?\s*)?"
    r"(?P<q>[“\"‘'«])(?P<subject>.+)(?P<c>[”\"’'»])\s*\.?$",
    re.IGNORECASE,
)
_PAIRS = {"“": "”", '"': '"', "‘": "’", "'": "'", "«": "»"}


@dataclass
class Heading:
    """What a heading says about the document.

    ``genre`` is the kind of document as the heading names it, lower case ("letter" included:
    the record builder decides that a plain letter stores none). ``subject`` is a quoted
    subject (without its quotes), ``number`` the document's own number.
    """

    genre: str = ""
    senders: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    number: str = ""
    subject: str = ""

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


def _with_via(name: str) -> str:
    """A party with its intermediary written as ``Name [via X]``."""
    match = _VIA.search(name)
    if not match or match.start() == 0:
        return _clean_name(name)
    via = match.group("a") or match.group("b") or match.group("c") or ""
    return f"{_clean_name(name[: match.start()])} [via {' '.join(via.split())}]"


def _looks_like_one_name(part: str) -> bool:
    """A short party: a person or a short body, not a fragment of a longer name."""
    words = part.split()
    return 0 < len(words) <= 6


def split_party(text: str) -> list[str]:
    """``A, B and C`` → three names; a long organisation name stays whole.

    A list splits at commas and "and"/"&" when every part is a short name; an organisation
    name that coordinates inside itself ("Ministry of Industry and Trade") stays whole: the
    part after "and" is then a single word following an "of" phrase.
    """
    text = " ".join(text.split()).strip(" ,;:")
    if not text:
        return []
    via = _VIA.search(text)
    if via and via.start() > 0:
        # "A and B [via X]": the intermediary qualifies the whole party's last name.
        names = split_party(text[: via.start()])
        if names:
            names[-1] = _with_via(f"{names[-1]}{text[via.start():]}")
        return names
    # Commas inside brackets ("Filippov [Stalin, Iosif]") do not separate names, and a list
    # ends with "and" or "&": "Hungarian Embassy, Beijing" is one party and its place.
    if not re.search(r"\s(?:and|&)\s", f" {text} "):
        return [_clean_name(text)]
    parts = [p for p in _list_items(text) if p.strip()]
    if len(parts) > 1 and all(_looks_like_one_name(p) for p in parts):
        last = parts[-1].split()
        coordinated = len(last) == 1 and re.search(r"\bof\b", parts[-2])
        if not coordinated:
            return [_clean_name(p) for p in parts]
    return [_clean_name(text)]


_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")


def _list_items(text: str) -> list[str]:
    """``text`` split at the commas, "and"s and "&"s of a list; a comma inside brackets (the
    next bracket after it closes one: "Filippov [Stalin, Iosif]") does not separate.

    Each comma looks up the next bracket in a list made once, so a heading pasted with
    thousands of commas splits in linear time (a regular expression that looks ahead to the
    next bracket from every comma takes quadratic time, seconds on a long paste).
    """
    brackets = [i for i, ch in enumerate(text) if ch in "[]()"]
    items: list[str] = []
    start = pos = 0
    while (match := _LIST_SEPARATOR.search(text, pos)) is not None:
        if "," in match.group():
            after = bisect.bisect_left(brackets, match.end())
            if after < len(brackets) and text[brackets[after]] in "])":
                pos = match.start() + 1  # inside brackets: not a separator
                continue
        items.append(text[start:match.start()])
        start = pos = match.end()
    items.append(text[start:])
    return items


def _to_positions(parties: str) -> list[re.Match[str]]:
    """Every " to " outside brackets and quotes."""
    out = []
    for match in re.finditer(r"\s+to\s+", parties):
        before = parties[: match.start()]
        if before.count("[") > before.count("]") or before.count("(") > before.count(")"):
            continue
        out.append(match)
    return out


def _split_to(parties: str) -> tuple[str, str] | None:
    """Split ``sender to recipient`` at the "to" that starts the recipient.

    A "to" belongs to a name when the words since the previous "to" hold an office or a body
    that is sent *to* somewhere (ambassador, delegation, mission …) and another "to" follows,
    or when it directly follows such a word.
    """
    candidates = _to_positions(parties)
    for i, match in enumerate(candidates):
        start = candidates[i - 1].end() if i else 0
        segment = [w.lower().strip(",.") for w in parties[start: match.start()].split()]
        inside = bool(segment) and (
            (any(w in _TO_INSIDE_NAME for w in segment) and i + 1 < len(candidates))
            or segment[-1] in _TO_INSIDE_NAME
        )
        if inside:
            continue
        return parties[: match.start()], parties[match.end():]
    return None


def _genre_number(text: str) -> tuple[str, str]:
    """("ciphered telegram", "25553") of "Ciphered Telegram No. 25553"."""
    text = " ".join(text.split())
    match = _NUMBER_AT_END.search(text)
    number = match.group("number") if match else ""
    if match:
        text = text[: match.start()]
    return text.lower(), number


def _take_subject(text: str) -> tuple[str, str]:
    """(heading without a trailing quoted subject, the subject)."""
    match = _QUOTED_SUBJECT.search(text)
    if not match or _PAIRS.get(match.group("q")) not in (match.group("c"), None):
        return text, ""
    if match.group("q") in "'‘" and match.group("c") not in "'’":
        return text, ""
    before = text[: match.start()].rstrip(" ,:;")
    subject = " ".join(match.group("subject").split())
    # A quoted name is not a subject ("Cable, Stalin to 'Terebin'"): a subject is a phrase
    # that follows complete parties.
    if not before or len(subject.split()) < 2 or re.search(r"\s(?:to|from|via)$", before,
                                                            re.IGNORECASE):
        return text, ""
    return before, subject


def _take_number(text: str) -> tuple[str, str]:
    """(text without a trailing ", No. 709", the number)."""
    match = _NUMBER_AT_END.search(text)
    if not match:
        return text, ""
    return text[: match.start()].rstrip(" ,"), match.group("number")


def _is_kind(text: str) -> bool:
    """True when ``text`` names a kind of document ("cable", "urgent ciphered telegram")."""
    return len(text.split()) <= 5 and any(text == g or text.endswith(" " + g) for g in GENRES)


def _leading_genre(text: str) -> str:
    lower = text.lower()
    return next((g for g in GENRES if lower.startswith(g) and (
        len(lower) == len(g) or not lower[len(g)].isalnum())), "")


def parse_heading(title: str) -> Heading:
    """Kind, number, senders, recipients and subject of a heading (unnamed parts stay empty)."""
    title = " ".join(title.split())
    if not title:
        return Heading()
    body, subject = _take_subject(title)
    body, trailing_number = _take_number(body)
    heading = _parse_body(body)
    heading.subject = subject
    heading.number = heading.number or trailing_number
    return heading


def _parse_body(title: str) -> Heading:
    # "Genre[ No. n], Sender to Recipient"
    head, sep, rest = title.partition(", ")
    head_genre, head_number = _genre_number(head)
    if sep and _is_kind(head_genre) and not re.search(r"\s(?:to|from)\s", f" {head} "):
        pair = _split_to(rest)
        if pair:
            return _heading(head_genre, head_number, *pair)
    # "Genre[ No. n] from|by Sender[ to Recipient]", "Letter of Sender to Recipient"
    match = re.match(r"^(?P<genre>.+?)\s+(?P<word>from|by|of)\s+(?P<parties>.+)$", title,
                     re.IGNORECASE)
    if match and len(match.group("genre").split()) <= 6:
        genre, number = _genre_number(match.group("genre"))
        of = match.group("word").lower() == "of"
        pair = _split_to(match.group("parties"))
        if pair and (not of or (_is_kind(genre) and not _NO_SENDER_KINDS.search(genre))):
            return _heading(genre, number, *pair)
        if not of and _leading_genre(genre) == genre and not _NO_SENDER_KINDS.search(genre):
            return Heading(genre=genre, number=number,
                           senders=split_party(match.group("parties")))
    genre = _leading_genre(title)
    if genre:
        whole_genre, number = _genre_number(title)
        return Heading(genre=genre, number=number if whole_genre == genre else "")
    # "Sender to Recipient" with no kind of document. "Khrushchev's Speech to the Party
    # Congress" names a kind before its "to": a described document, not parties.
    pair = _split_to(title) if len(title.split()) <= 24 else None
    before_to = pair[0].lower().split() if pair else []
    kind_before_to = bool(before_to) and (_is_kind(" ".join(before_to[-2:]))
                                          or _is_kind(before_to[-1]))
    if pair and not kind_before_to and all(len(n.split()) <= 8 for n in split_party(
            pair[0])) and len(pair[1].split()) <= 10:
        return _heading("", "", *pair)
    return Heading()


def _heading(genre: str, number: str, sender: str, recipient: str) -> Heading:
    return Heading(genre=genre, number=number, senders=split_party(sender),
                   recipients=split_party(recipient))
