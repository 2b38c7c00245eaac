"""Progress on stderr while taut works: a Rich bar and the time taken, never on stdout.

Shown only on a terminal and never with ``--quiet``; a piped or scheduled run's stderr
gets no animation. The bar is transient: when the work ends, it is gone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from taut.cli.shell import err, quiet


def shows_progress() -> bool:
    """Whether progress is shown: stderr is a terminal and ``--quiet`` was not given."""
    return err.is_terminal and not quiet()


@contextlib.contextmanager
def working(description: str) -> Iterator[None]:
    """While the block runs, ``description`` with a moving bar and the elapsed time."""
    if not shows_progress():
        yield
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        progress.add_task(description, total=None)
        yield
