"""A progress display for long commands: a live count on a terminal, silence otherwise."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_reporter(label: str, stream, total: int | None = None) -> Iterator[Callable[..., None]]:
    """Yield `update(done, total=None)`; draws a rich progress bar when `stream` is a terminal."""
    if not getattr(stream, "isatty", lambda: False)():
        yield lambda done, total=None: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=getattr(stream, "_out", stream))
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
    ) as bar:
        task = bar.add_task(label, total=total)

        def update(done: int, new_total: int | None = None) -> None:
            bar.update(task, completed=done, total=new_total if new_total is not None else total)

        yield update
