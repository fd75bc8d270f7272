"""The citation string the Wilson Center prints, taken apart.

``"<Title>," <Date>, History and Public Policy Program Digital Archive, <Source>[ <URL>]``.
Real copies are damaged: curly, straight or missing quotes, the
comma inside or outside the closing quote, a summary glued on before the opening quote, the
string wrapped across lines, the address on a line of its own. The digital archive's name is
the anchor: what is before it is title and date, what is after it is the Source and address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archcite.sources.credits import CREDIT_WORDS
from archcite.sources.dates import DATE_RE

ANCHOR = re.compile(
    r"(?P<name>(?:History\s+and\s+Public\s+Policy\s+Program|Cold\s+War\s+International\s+"
    r"History\s+Project|North\s+Korea\s+International\s+Documentation\s+Project)\s+Digital"
    r"\s+Archive)",
    re.IGNORECASE,
)
DIGITAL_ARCHIVE = "History and Public Policy Program Digital Archive"
_DATE_AT_END = re.compile(rf"(?:^|[\s,])(?P<date>{DATE_RE})\s*$", re.IGNORECASE)
_URL_AT_END = re.compile(r"\s*<?(?P<url>https?://[^\s<>]+?)>?[.,]?\s*$", re.IGNORECASE)
# A quoted title closed (with its comma inside or outside the quote), then words that are not a
# date archcite read (the date, when there is one, was taken off the end already).
_UNREAD_DATE = re.compile(r"[”\"],?\s*,?\s+(?P<words>[^\s”\"“,][^”\"“]*?)\s*,?$")
_OPENING = "“\"‘'«„"
_CLOSING = "”\"’'»“"


@dataclass(frozen=True)
class Citation:
    """The parts of one printed citation string."""

    raw: str
    title: str
    date_text: str
    digital_archive: str
    source: str
    url: str
    before: str = ""  # text glued on before the citation (a summary)
    # Words between the title's closing quote and the date that are not part of a date
    # archcite reads ("Juni 30" of a page the browser translated): the string does not follow
    # the grammar, so its title and date cannot be told apart.
    unread_date: str = ""


def _unquote_title(left: str, heading: str = "") -> tuple[str, str]:
    """(text before the citation, title) from the part before the date."""
    left = left.rstrip().rstrip(",").rstrip()
    if left and left[-1] in _CLOSING:
        closing = left[-1]
        body = left[:-1]
        opening_chars = "“\"" if closing in "”\"“" else _OPENING
        pos = max(body.rfind(ch) for ch in opening_chars)
        if pos >= 0:
            return body[:pos].strip(), body[pos + 1:].strip().rstrip(",").strip()
        left = body
    # An opening quote with no closing one.
    pos = max(left.rfind("“"), left.rfind('"') if left.count('"') == 1 else -1)
    if pos >= 0:
        return left[:pos].strip(), left[pos + 1:].strip().rstrip(",").strip()
    if heading:
        flat = " ".join(left.split())
        idx = flat.lower().rfind(" ".join(heading.split()).lower())
        if idx >= 0:
            return flat[:idx].strip(), flat[idx:].strip().rstrip(",")
    # No quotes: the title starts after the last line that ends a sentence (a summary).
    lines = left.split("\n")
    for i in range(len(lines) - 2, -1, -1):
        if lines[i].rstrip().endswith((".", "!", "?")):
            return "\n".join(lines[: i + 1]).strip(), " ".join(" ".join(lines[i + 1:]).split())
    return "", " ".join(left.split()).rstrip(",")


_URL = re.compile(r"<?(?P<url>https?://[^\s<>]+?)>?(?=[.,;]?(?:\s|$))", re.IGNORECASE)
# A sentence ends at a full stop that does not close an abbreviation (f., op., ll., ob., H.,
# D.C., No., Vol., pp.): the word before it is longer than three letters (but not a
# compiler's "comp." or "comps.", followed by the names), or a number.
_SENTENCE_END = re.compile(
    r"(?:(?<=[^\W\d_]{4}[.!?])|(?<=\d[.!?])|(?<=[)\]”\"][.!?]))(?<![Cc]omp\.)(?<![Cc]omps\.)"
    r"\s+(?=[A-ZА-Я“\"‘(\[])")
_LOWER_WORD = re.compile(r"^[a-zа-я][a-zа-я'’-]*[,;:.]?$")
_REFERENCE_WORDS = frozenset(
    """f fond op opis d delo l ll list listy ob papka per dok ed khr and of the in for by from
    to copy pp p vol no t tom k doboz sz dosar""".split())


def _is_prose(sentence: str) -> bool:
    """True for a sentence of running text (the document's or a summary's), not a reference.

    References are names, numbers and level labels; prose is mostly lower-case words.
    """
    words = sentence.split()
    lower = [w for w in words if _LOWER_WORD.match(w) and w.strip(",;:.") not in _REFERENCE_WORDS]
    return len(lower) >= 6 and len(lower) * 2 > len(words)


def citation_end(right: str) -> tuple[str, str]:
    """(Source, address) of the text after the digital archive's name, and nothing more.

    The citation data ends at the first address, at a blank line, or at the first sentence
    that is neither a reference nor a credit; after a credit ("Translated by …") only further
    credits belong to it. Whatever follows is the document's text, never the citation's.
    """
    paragraphs = re.split(r"\n\s*\n", right.lstrip())
    right = paragraphs[0]
    if len(paragraphs) > 1 and re.match(r"\s*<?https?://", paragraphs[1], re.IGNORECASE):
        right += " " + paragraphs[1]  # the address on a line of its own (the PDF export)
    right = " ".join(right.split()).lstrip(",").strip()
    url = ""
    match = _URL.search(right)
    if match:
        url = match.group("url").rstrip(".,;")
        right = right[: match.start()]
    credit = re.compile(rf"^(?:{CREDIT_WORDS})\b", re.IGNORECASE)
    kept: list[str] = []
    in_credits = False
    for sentence in _SENTENCE_END.split(right):
        is_credit = bool(credit.match(sentence))
        if kept and ((in_credits and not is_credit) or (not is_credit and _is_prose(sentence))):
            break
        if not kept and not is_credit and _is_prose(sentence):
            break
        in_credits = in_credits or is_credit
        kept.append(sentence)
    source = " ".join(kept).strip().rstrip(",").strip()
    return source, url


def parse_citation(text: str, heading: str = "") -> Citation | None:
    """The citation inside ``text``, or None when there is no digital-archive citation.

    ``heading`` (the page's title line, if any) helps find where an unquoted title starts.
    """
    anchor = ANCHOR.search(text)
    if anchor is None:
        return None
    left, right = text[: anchor.start()], text[anchor.end():]
    date_text = ""
    stripped = left.rstrip().rstrip(",").rstrip()
    date_match = _DATE_AT_END.search(stripped)
    if date_match:
        date_text = date_match.group("date")
        stripped = stripped[: date_match.start("date")]
    unread = _UNREAD_DATE.search(stripped.rstrip())
    before, title = _unquote_title(stripped, heading)
    source, url = citation_end(right)
    full = " ".join(text.split())
    flat_before = " ".join(before.split())
    raw = full[len(flat_before):].strip() if flat_before and full.startswith(flat_before) else full
    return Citation(raw=raw.strip(), title=" ".join(title.split()), date_text=date_text,
                    digital_archive=" ".join(anchor.group("name").split()), source=source,
                    url=url, before=" ".join(before.split()),
                    unread_date=" ".join(unread.group("words").split()) if unread else "")
