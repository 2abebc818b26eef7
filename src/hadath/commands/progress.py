"""A one-line progress counter for long CLI runs, drawn on stderr only at a terminal.

Piped or redirected runs (CI, ``2> log``) get no progress output at all, so logs stay
clean; the counter never touches stdout, which carries the data.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """Counts done and failed items and redraws ``\\r 120/1000 lines (3 failed)``."""

    def __init__(
        self,
        total: int | None,
        unit: str = "items",
        stream: TextIO | None = None,
        enabled: bool | None = None,
    ) -> None:
        self.total = total
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.done = 0
        self.failed = 0
        self._last_draw = 0.0

    def advance(self, failed: bool = False) -> None:
        """One more item finished (``failed`` when it gave an error)."""
        self.done += 1
        self.failed += failed
        now = time.monotonic()
        # Redraw at most ten times a second; drawing every item would cost more than it shows.
        if self.enabled and (now - self._last_draw >= 0.1 or self.done == self.total):
            self._last_draw = now
            self._draw()

    def close(self) -> None:
        """Finish the line so the shell prompt starts on a fresh one."""
        if self.enabled and self.done:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self) -> None:
        count = f"{self.done}/{self.total}" if self.total else str(self.done)
        failed = f" ({self.failed} failed)" if self.failed else ""
        self.stream.write(f"\r{count} {self.unit}{failed}")
        self.stream.flush()
