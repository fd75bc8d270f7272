"""The citation markers a writer types in Word, read as pandoc reads them in Markdown.

``[@key]``, ``[@key, l. 95]``, ``[see @a, l. 95; @b, 12–14]``: one marker is one citation
(one note), its parts separated by semicolons, each with an optional prefix before the key and
a pinpoint after a comma. Text in square brackets without a key in every part ("[sic]",
"[contact a@b.org]") is not a marker. A paragraph reading exactly ``[bibliography]`` asks for
the bibliography.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A key as pandoc reads it: starts and ends with a word character; @{...} for anything else.
_KEY = r"(?:\{(?P<braced>[^{}]+)\}|(?P<plain>\w(?:[\w:.#$%&+?<>~/-]*\w)?))"
_PART = re.compile(rf"^(?P<prefix>.*?)(?:(?<=\s)|^)-?@{_KEY}(?P<rest>.*)$", re.DOTALL)
MARKER = re.compile(r"\[(?P<body>[^\[\]]*@[^\[\]]*)\]")
BIBLIOGRAPHY = "[bibliography]"


@dataclass(frozen=True)
class CiteSpec:
    """One source in a marker: its key, pinpoint, and the writer's words before and after."""

    key: str
    locator: str | None = None
    prefix: str = ""
    suffix: str = ""

    def as_json(self) -> dict[str, str]:
        out = {"id": self.key}
        for name in ("locator", "prefix", "suffix"):
            value = getattr(self, name)
            if value:
                out[name] = value
        return out

    @classmethod
    def from_json(cls, data: object) -> CiteSpec:
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            raise ValueError("a citation item without a key")
        return cls(data["id"], data.get("locator") or None, str(data.get("prefix", "")),
                   str(data.get("suffix", "")))


def parse_marker(body: str) -> list[CiteSpec] | None:
    """The sources of a marker's text (between the brackets), or None if it is not a marker."""
    specs = []
    for part in body.split(";"):
        match = _PART.match(part.strip())
        if match is None:
            return None
        key = match.group("braced") or match.group("plain")
        rest = match.group("rest").strip()
        locator, suffix = None, ""
        if rest:
            if not rest.startswith(","):
                return None  # "@key text": not a pandoc citation inside brackets
            locator, suffix = _split_pinpoint(rest[1:])
        specs.append(CiteSpec(key, locator, match.group("prefix").strip(), suffix))
    return specs or None


_PINPOINT_PART = re.compile(r"^(?:[^\W\d_]{1,6}\.?\s*)?(?:\d|[ivxlcdm]+\b)", re.IGNORECASE)


def _split_pinpoint(text: str) -> tuple[str | None, str]:
    """The pinpoint and the writer's comment after a key's comma: "l. 95, 96, emphasis added"
    is pinpoint "l. 95, 96" and comment "emphasis added" (pinpoint parts hold a number)."""
    parts = [part.strip() for part in text.split(",")]
    count = 0
    while ((count < len(parts) and _PINPOINT_PART.match(parts[count])
           and any(ch.isdigit() for ch in parts[count])) or (count < len(parts)
           and re.fullmatch(r"[ivxlcdm]+", parts[count], re.IGNORECASE))):
        count += 1
    locator = ", ".join(parts[:count]) or None
    return locator, ", ".join(p for p in parts[count:] if p)


def find_markers(text: str) -> list[tuple[int, int, list[CiteSpec]]]:
    """Every marker in ``text``: (start, end, sources)."""
    out = []
    for match in MARKER.finditer(text):
        specs = parse_marker(match.group("body"))
        if specs is not None:
            out.append((match.start(), match.end(), specs))
    return out
