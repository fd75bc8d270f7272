"""The interactive picker behind ``archcite pick``: type to filter the library, arrows to move,
Enter to choose, as fzf does, drawn on the terminal with plain ANSI escapes.

Two halves. :class:`Picker` is the state (typed text, matches, selection) and how it is drawn,
with no terminal in it, so its rules are testable as plain functions. :func:`run` is the
terminal: it reads keys from ``/dev/tty`` in raw mode and draws there (on the alternate screen,
so the user's scrollback is left as it was), never on standard output, so ``key=$(archcite
pick)`` captures only the choice. Standard library only (termios, tty): the picker must open at
once, and rich would add nothing here.

Matching is fuzzy and forgiving in the library's own way: every space-separated word of the
typed text must occur in the line, either as a run of characters or as a subsequence of one
of its words ("gr51" finds gromyko1951…), compared after folding case, diacritics and script
(:func:`archcite.library.fold.fold`: "munchen" finds "München"). A word that occurs whole
ranks above one that is only a subsequence, one at the start of a word above one inside it,
one early in the line above one late; ties keep the library's order (newest last, by date).
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from archcite.library.fold import fold

# Keys as :func:`keys_of` names them.
UP, DOWN, PAGE_UP, PAGE_DOWN = "up", "down", "page-up", "page-down"
ENTER, CANCEL, BACKSPACE, CLEAR, DELETE_WORD = "enter", "cancel", "backspace", "clear", "word"

_SEQUENCES = {
    "\x1b[A": UP, "\x1bOA": UP, "\x1b[B": DOWN, "\x1bOB": DOWN,
    "\x1b[5~": PAGE_UP, "\x1b[6~": PAGE_DOWN,
}
_CONTROLS = {
    "\r": ENTER, "\n": ENTER, "\x03": CANCEL, "\x07": CANCEL, "\x04": CANCEL, "\x1b": CANCEL,
    "\x7f": BACKSPACE, "\x08": BACKSPACE, "\x15": CLEAR, "\x17": DELETE_WORD,
    "\x10": UP, "\x0e": DOWN, "\x0b": UP,
}


@dataclass
class Candidate:
    """One record as the picker lists it: its key and the line shown (and matched)."""

    key: str
    line: str
    folded: str = ""

    def __post_init__(self) -> None:
        if not self.folded:
            self.folded = fold(self.line)


def word_score(word: str, text: str) -> int | None:
    """How well ``word`` (folded) matches ``text`` (folded); None when it does not.

    A whole occurrence scores by where it is (earlier is better, a word start better still). A
    subsequence must lie within one word of the line ("gr51" in "gromyko1951cable"): letters
    scattered over a whole line of names, dates and titles would match almost anything. It
    scores below every whole occurrence, better the tighter and the earlier it is.
    """
    at = text.find(word)
    if at >= 0:
        starts_word = at == 0 or not text[at - 1].isalnum()
        return 10_000 - min(at, 5_000) + (2_000 if starts_word else 0)
    best: int | None = None
    offset = 0
    for token in text.split(" "):
        span = _subsequence_span(word, token)
        if span is not None:
            first, last = span
            score = 5_000 - min(last - first + 1 - len(word), 4_000) - min(offset + first,
                                                                           999) // 10
            best = score if best is None else max(best, score)
        offset += len(token) + 1
    return best


def _subsequence_span(word: str, token: str) -> tuple[int, int] | None:
    """(first, last) positions of ``word``'s characters found in order in ``token``."""
    position = first = -1
    for char in word:
        position = token.find(char, position + 1)
        if position < 0:
            return None
        if first < 0:
            first = position
    return first, position


def match_score(query: str, text: str) -> int | None:
    """The sum of every typed word's score, or None when a word does not match."""
    total = 0
    for word in fold(query).split():
        score = word_score(word, text)
        if score is None:
            return None
        total += score
    return total


@dataclass
class Picker:
    """What the user typed, what matches it and which match is selected."""

    candidates: Sequence[Candidate]
    query: str = ""
    selected: int = 0
    _matches: list[Candidate] | None = field(default=None, repr=False)

    @property
    def matches(self) -> list[Candidate]:
        """The candidates matching the typed text, best first."""
        if self._matches is None:
            if not self.query.strip():
                self._matches = list(self.candidates)
            else:
                scored = [(score, i, c) for i, c in enumerate(self.candidates)
                          if (score := match_score(self.query, c.folded)) is not None]
                scored.sort(key=lambda item: (-item[0], item[1]))
                self._matches = [c for _, _, c in scored]
        return self._matches

    @property
    def choice(self) -> Candidate | None:
        """The selected match, if anything matches."""
        matches = self.matches
        return matches[self.selected] if matches else None

    def _set_query(self, query: str) -> None:
        self.query = query
        self._matches = None
        self.selected = 0

    def handle(self, key: str, page: int = 10) -> str | None:
        """Apply one key (a character or a name from this module); ENTER or CANCEL when the
        picking is over, else None."""
        if key in (ENTER, CANCEL):
            return key
        last = max(len(self.matches) - 1, 0)
        if key == UP:
            self.selected = max(self.selected - 1, 0)
        elif key == DOWN:
            self.selected = min(self.selected + 1, last)
        elif key == PAGE_UP:
            self.selected = max(self.selected - page, 0)
        elif key == PAGE_DOWN:
            self.selected = min(self.selected + page, last)
        elif key == BACKSPACE:
            self._set_query(self.query[:-1])
        elif key == CLEAR:
            self._set_query("")
        elif key == DELETE_WORD:
            self._set_query(self.query.rstrip()[: len(self.query.rstrip())
                                                 - len(self.query.rstrip().split(" ")[-1])])
        elif len(key) == 1 and key.isprintable():
            self._set_query(self.query + key)
        return None

    def screen(self, width: int, height: int) -> list[str]:
        """The lines to draw (plain text; the selected line is marked by :func:`draw`):
        the prompt, the count, then as many matches as fit, scrolled to keep the selection in
        view."""
        rows = max(height - 2, 1)
        matches = self.matches
        top = max(self.selected - rows + 1, 0)
        lines = [_cut(f"> {self.query}", width),
                 _cut(f"  {len(matches)}/{len(self.candidates)}", width)]
        for i, candidate in enumerate(matches[top:top + rows], start=top):
            mark = ">" if i == self.selected else " "
            lines.append(_cut(f"{mark} {candidate.line}", width))
        return lines


def _cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters (an ellipsis where cut)."""
    if width < 2:
        return text[:max(width, 0)]
    return text if len(text) <= width else text[: width - 1] + "…"


def keys_of(text: str) -> Iterator[str]:
    """The keys in what the terminal sent: characters, and names for arrows, Enter, Esc and
    the control keys a line editor knows (Ctrl-U clears, Ctrl-W deletes a word, Ctrl-P/N
    move, Ctrl-C/Ctrl-G/Esc cancel)."""
    i = 0
    while i < len(text):
        for sequence, name in _SEQUENCES.items():
            if text.startswith(sequence, i):
                yield name
                i += len(sequence)
                break
        else:
            char = text[i]
            if char == "\x1b" and i + 1 < len(text) and text[i + 1] in "[O":
                # an escape sequence this picker does not use (Home, F1...): skip it whole
                end = i + 2
                while end < len(text) and not (text[end].isalpha() or text[end] == "~"):
                    end += 1
                i = end + 1
                continue
            yield _CONTROLS.get(char, char)
            i += 1


def draw(picker: Picker, width: int, height: int) -> str:
    """The escape sequences that redraw the whole picker (the selected line reversed)."""
    out = ["\x1b[H\x1b[2J"]
    for row, line in enumerate(picker.screen(width, height)):
        if row == 0:
            out.append(f"\x1b[1m{line}\x1b[0m")
        elif row == 1:
            out.append(f"\x1b[2m{line}\x1b[0m")
        elif line.startswith(">"):
            out.append(f"\x1b[7m{line}\x1b[0m")
        else:
            out.append(line)
        out.append("\r\n")
    out[-1] = ""
    # the cursor back at the end of the typed text
    out.append(f"\x1b[1;{min(len(picker.query) + 3, width)}H")
    return "".join(out)


class NoTerminal(Exception):
    """There is no terminal to pick on (a script, a pipe into standard input)."""


def run(picker: Picker, tty_path: str = "/dev/tty",
        size: Callable[[int], os.terminal_size] = os.get_terminal_size) -> Candidate | None:
    """Let the user pick on the terminal; the chosen candidate, or None when they cancel."""
    import termios
    import tty

    try:
        fd = os.open(tty_path, os.O_RDWR | os.O_NOCTTY)
    except OSError as exc:
        raise NoTerminal(str(exc)) from exc
    try:
        if not os.isatty(fd):
            raise NoTerminal(f"{tty_path} is not a terminal")
        saved = termios.tcgetattr(fd)
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        os.write(fd, b"\x1b[?1049h")  # the alternate screen: the scrollback stays as it was
        try:
            tty.setraw(fd)
            while True:
                width, height = _size(fd, size)
                os.write(fd, draw(picker, width, height).encode("utf-8"))
                data = os.read(fd, 1024)
                if not data:
                    return None
                for key in keys_of(decoder.decode(data)):
                    done = picker.handle(key, page=max(height - 3, 1))
                    if done == CANCEL:
                        return None
                    if done == ENTER:
                        return picker.choice
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
            os.write(fd, b"\x1b[?1049l")
    finally:
        os.close(fd)


def _size(fd: int, size: Callable[[int], os.terminal_size]) -> tuple[int, int]:
    try:
        columns, lines = size(fd)
    except OSError:
        columns, lines = 80, 24
    return max(columns, 10), max(lines, 3)
