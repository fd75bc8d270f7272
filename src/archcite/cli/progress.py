"""A progress bar for long runs (import, a first index): rich on a terminal, silent when piped.

Library code reports progress through a plain callback (``update(done)``); this module turns the
callback into a bar only when standard error is a terminal, so scripts and pipes get clean
output and rich is imported only when a bar is really drawn.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import TextIO


@contextlib.contextmanager
def progress_bar(total: int | None, label: str, *, stream: TextIO | None = None,
                 enabled: bool | None = None) -> Iterator[Callable[..., None]]:
    """Yield ``update(done, total=None)``; draws a bar on ``stream`` (stderr) on a terminal.

    ``total`` may be learnt late (an import knows it only after reading its file), so each
    update may give it.
    """
    stream = sys.stderr if stream is None else stream
    if enabled is None:
        enabled = bool(getattr(stream, "isatty", lambda: False)())
    if not enabled:
        yield lambda done, total=None: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TimeRemainingColumn(),
                  console=Console(file=stream), transient=False) as bar:
        task = bar.add_task(label, total=total)

        def update(done: int, total: int | None = None) -> None:
            if total is not None:
                bar.update(task, total=total, completed=done)
            else:
                bar.update(task, completed=done)

        yield update
        # A run that had nothing to do (an import of entries all held already) never learnt a
        # total: finish the bar at what was done instead of leaving "0/?" on the screen.
        if bar.tasks[0].total is None:
            done = int(bar.tasks[0].completed)
            bar.update(task, total=done, completed=done)
