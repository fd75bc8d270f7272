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
                 enabled: bool | None = None) -> Iterator[Callable[[int], None]]:
    """Yield ``update(done)``; draws a bar on ``stream`` (stderr) when it is a terminal."""
    stream = sys.stderr if stream is None else stream
    if enabled is None:
        enabled = bool(getattr(stream, "isatty", lambda: False)())
    if not enabled:
        yield lambda done: None
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
        yield lambda done: bar.update(task, completed=done)
