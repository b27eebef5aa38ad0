"""A progress bar on stderr for long indexing runs: articles/s and time left.

rich comes with Typer, so the bar costs no new dependency; it is imported only
when a bar is shown, keeping it off the start-up path of other commands.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator, Optional


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Optional[Callable[[int, int, Optional[int]], None]]]:
    """Yields a progress callback (articles filed, bytes read, bytes in all or None),
    or None when disabled. The bar advances by bytes, so a single big JSONL export
    shows its time left too."""
    if not enabled:
        yield None
        return
    import sys

    from rich.console import Console
    from rich.progress import (BarColumn, Progress, TaskProgressColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    columns = [TextColumn("indexing"), BarColumn(), TaskProgressColumn(),
               TextColumn("{task.fields[docs]} articles · {task.fields[rate]}/s"),
               TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn()]
    console = Console(file=sys.stderr)
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("index", total=None, docs=0, rate="-")

        def update(docs: int, done: int, total: Optional[int]) -> None:
            elapsed = bar.tasks[0].elapsed or 0.0
            rate = f"{docs / elapsed:,.0f}" if elapsed > 0.5 else "-"
            bar.update(task, completed=done, total=total, docs=f"{docs:,}", rate=rate)

        yield update
