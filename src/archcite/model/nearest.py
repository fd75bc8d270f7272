"""The words nearest a mistyped one, for every "did you mean" archcite prints.

The measure is difflib's: ``SequenceMatcher.ratio``, kept when at least ``cutoff``, best first
(ties by the word, larger first), as ``difflib.get_close_matches`` answers. That function works
out the full ratio of every candidate its cheap bounds let through, and against the ten
thousand official CSL style names, most of which share enough letters with any style name, a
single mistyped ``--style`` took a third of a second. Here the candidates are taken in
descending order of ``quick_ratio`` (an upper bound of ``ratio``), and the full ratio is worked
out only while that bound can still beat, or tie, the n-th best ratio found: the same answer,
from a few dozen full comparisons.
"""

from __future__ import annotations

from collections.abc import Iterable


def close_matches(word: str, candidates: Iterable[str], n: int = 3,
                  cutoff: float = 0.6) -> list[str]:
    """The at most ``n`` candidates nearest ``word`` with a ratio of at least ``cutoff``,
    best first: exactly what ``difflib.get_close_matches`` returns for the same arguments."""
    from difflib import SequenceMatcher

    if n <= 0:
        raise ValueError(f"n must be > 0: {n!r}")
    if not 0.0 <= cutoff <= 1.0:
        raise ValueError(f"cutoff must be in [0.0, 1.0]: {cutoff!r}")
    matcher = SequenceMatcher()
    matcher.set_seq2(word)
    bounded: list[tuple[float, str]] = []
    for candidate in candidates:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= cutoff:
            bound = matcher.quick_ratio()
            if bound >= cutoff:
                bounded.append((bound, candidate))
    bounded.sort(key=lambda item: item[0], reverse=True)
    best: list[tuple[float, str]] = []  # (ratio, candidate), best first, at most n
    for bound, candidate in bounded:
        if len(best) == n and bound < best[-1][0]:
            break  # no candidate left can reach the n-th best ratio
        matcher.set_seq1(candidate)
        ratio = matcher.ratio()
        if ratio >= cutoff:
            best.append((ratio, candidate))
            best.sort(reverse=True)
            del best[n:]
    return [candidate for _, candidate in best]
