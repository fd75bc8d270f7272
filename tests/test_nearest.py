"""Every "did you mean" (a key, a style, a CSL type) picks its words by one rule, difflib's."""

from __future__ import annotations

import difflib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archcite.model.nearest import close_matches

# Words over a small alphabet, so that many candidates share letters and tie.
_WORDS = st.text(alphabet="abcdeo-1", min_size=0, max_size=12)


@settings(max_examples=400)
@given(word=_WORDS, candidates=st.lists(_WORDS, max_size=40), n=st.integers(1, 4),
       cutoff=st.sampled_from([0.0, 0.3, 0.6, 0.8, 1.0]))
def test_close_matches_answers_as_difflib(word: str, candidates: list[str], n: int,
                                          cutoff: float) -> None:
    assert close_matches(word, candidates, n, cutoff) == difflib.get_close_matches(
        word, candidates, n, cutoff)


def test_close_matches_on_style_and_key_shaped_names() -> None:
    names = [f"{a}-{b}" for a in ("chicago", "modern", "american", "harvard", "apa", "ieee")
             for b in ("notes-bibliography", "author-date", "language-association",
                       "cite-them-right", "sociological-association", "fullnote")]
    keys = [f"{who}19{year}{what}" for who in ("filippov", "molotov", "mao", "stalin")
            for year in range(45, 60) for what in ("ciphered", "telegram", "minutes")]
    for word in ("chicago-note-bibliography", "modern-language-asociation", "chicgo", "apa",
                 "filipov1951cipherd", "mao1950telegran", "stalin", "x", ""):
        for pool in (names, keys, names + keys):
            for n in (1, 2, 3):
                assert close_matches(word, pool, n) == difflib.get_close_matches(word, pool, n)
    assert close_matches("chicgo-notes-bibliography", names, 1) == ["chicago-notes-bibliography"]


@pytest.mark.parametrize(("n", "cutoff"), [(0, 0.6), (-1, 0.6), (2, 1.5), (2, -0.1)])
def test_close_matches_refuses_what_difflib_refuses(n: int, cutoff: float) -> None:
    with pytest.raises(ValueError):
        difflib.get_close_matches("a", ["a"], n, cutoff)
    with pytest.raises(ValueError):
        close_matches("a", ["a"], n, cutoff)
