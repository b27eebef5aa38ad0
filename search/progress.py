"""A progress bar on stderr for long indexing runs: articles/s and time left.

rich comes with Typer, so the bar costs no new dependency; it is imported only
when a bar is shown, keeping it off the start-up path of other commands.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional

from index import iter_files


def _count_files(paths: list[Path]) -> int | None:
    total = 0
    for root in paths:
        for item in iter_files(root):
            if isinstance(item, Path):
                total += 1
    return total or None


@contextmanager
def progress_bar(enabled: bool, paths: list[Path]
                 ) -> Iterator[Optional[Callable[[int, int], None]]]:
    """Yields a progress callback (articles done, files done), or None when disabled."""
    if not enabled:
        yield None
        return
    import sys

    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    total = _count_files(paths) if paths else None
    columns = [TextColumn("indexing"), BarColumn(), MofNCompleteColumn(),
               TextColumn("files · {task.fields[docs]} articles · {task.fields[rate]}/s"),
               TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn()]
    console = Console(file=sys.stderr)
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("index", total=total, docs=0, rate="-")

        def update(docs: int, files: int) -> None:
            elapsed = bar.tasks[0].elapsed or 0.0
            rate = f"{docs / elapsed:,.0f}" if elapsed > 0.5 else "-"
            bar.update(task, completed=files, docs=f"{docs:,}", rate=rate)

        yield update
