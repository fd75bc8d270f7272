"""A volume and its book named inside a publication's title.

Sources name a collection's volume inside its title ("Sovetsko-Kitaiskie Otnosheniia, Vol. 5,
Book 1, 1946-February 1950", "…, T. 2", "…, Tom 2, kn. 1"). CSL keeps them apart (``volume``,
``part``) and each style prints them by its own rule ("vol. 5, bk. 1"). The page parser reads a
reprint's title through :func:`volume_and_part`, and the renderer reads a reprint stored by an
earlier archcite (the volume still inside its title) through the same function, so both agree
before any upgrade.
"""

from __future__ import annotations

import re
from typing import Any

# A volume and its book or part named inside a collection's title ("…, Vol. 5, Book 1, 1946-…",
# "…, T. 2", "…, Tom 2, kn. 1", "…, Volume III", "…, vol. 22, pt. 2"): CSL's ``volume`` and
# ``part``, printed by each style's rule ("vol. 5, bk. 1"), not left inside the title. Only
# after a comma or a period, so a word that merely starts with "t" or "part" is no label.
_NUMERAL = r"(?:\d+[a-z]?(?:[-/]\d+)?|[IVXLC]+\b)"
_VOLUME_LABEL = r"(?:vols?\.|volumes?|tom|t\.)"
_PART_LABEL = r"(?:book|bk\.|kniga|kn\.|part|pt\.|chast['’]?|ch\.)"
_VOLUME_IN_TITLE = re.compile(
    rf"(?:^|[,.]\s*)(?:(?i:{_VOLUME_LABEL})\s*(?P<volume>{_NUMERAL})"
    rf"(?:\s*,?\s*(?i:{_PART_LABEL})\s*(?P<part>{_NUMERAL}))?"
    rf"|(?i:{_PART_LABEL})\s*(?P<part_only>{_NUMERAL}))(?=\s*(?:[,.;:]|$))")


def volume_and_part(title: str) -> dict[str, str]:
    """The fields one title names: ``container-title`` without its volume and book, and
    ``volume``/``part`` when it names them (a reprint stored by an earlier archcite kept them
    inside the title; the renderer reads it so, before any upgrade)."""
    out: dict[str, Any] = {}
    out["container-title"] = _volume_and_part(title, out)
    return out


def _volume_and_part(container: str, out: dict[str, Any]) -> str:
    """The title without the volume and book it names, which go to ``volume`` and ``part``.

    The rest of the title stays as the source gave it, a date span included ("Sovetsko-
    Kitaiskie Otnosheniia, Vol. 5, Book 1, 1946-February 1950" → title "Sovetsko-Kitaiskie
    Otnosheniia, 1946-February 1950", volume "5", part "1"). A label that opens the title is
    no volume of it, and only the first volume named is read: the text is kept otherwise.
    """
    match = _VOLUME_IN_TITLE.search(container)
    if match is None or match.start() == 0:
        return container
    rest = (container[: match.start()].rstrip(" ,.") + ", "
            + container[match.end():].lstrip(" ,.")).strip(" ,")
    if not rest or rest == container:
        return container
    if match.group("volume"):
        out["volume"] = match.group("volume")
        if match.group("part"):
            out["part"] = match.group("part")
    else:
        out["part"] = match.group("part_only")
    return rest
