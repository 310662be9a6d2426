"""Progress output for long work: one line per step with its time (rich console)."""
from __future__ import annotations

import time
from contextlib import contextmanager

from rich.console import Console


class _Timer:
    elapsed: float = 0.0


class Progress:
    """Prints `[step] ... done in 1.2 s` lines; quiet=True prints nothing."""

    def __init__(self, quiet: bool = False, console: Console | None = None):
        self.quiet = quiet
        # soft_wrap: a long line stays one line in logs and pipes (a terminal wraps it for display)
        self.console = console or Console(stderr=False, highlight=False, soft_wrap=True)

    @contextmanager
    def step(self, name: str):
        timer = _Timer()
        t0 = time.perf_counter()
        if not self.quiet:
            self.console.print(f"[bold cyan]>[/] {name} ...")
        try:
            yield timer
        finally:
            timer.elapsed = time.perf_counter() - t0
        if not self.quiet:
            self.console.print(f"  {name} done in {timer.elapsed:.1f} s")

    def note(self, text: str) -> None:
        if not self.quiet:
            self.console.print(f"  {text}")
